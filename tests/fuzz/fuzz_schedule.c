/*
 * libFuzzer target: ph-schedule's loaders (the term calendar, rooms, the
 * duty roster) on any file, against a database holding a small school.
 * The first byte picks the loader and the encoding the command line
 * gives (--encoding); the rest is the file.
 */
#include <stdint.h>

#include "fuzz_db.h"
#include "schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum rec_encoding encodings[] = { REC_ENC_AUTO,
	    REC_ENC_UTF8, REC_ENC_GBK };
	struct fuzz_db *f = fuzz_db_once();

	if (size == 0 || fuzz_db_input(f, data + 1, size - 1) != 0)
		return 0;
	f->cli.encoding = encodings[(data[0] >> 2) % 3];
	switch (data[0] & 3) {
	case 0:
		(void)sched_term_set(f->db, &f->cli, "2026秋", "2026-09-01",
		    "2027-01-20", f->input);
		break;
	case 1:
		(void)sched_rooms_load(f->db, &f->cli, f->input);
		break;
	default:
		(void)sched_duty_load(f->db, &f->cli, f->input);
		break;
	}
	fuzz_db_reset(f);
	return 0;
}
