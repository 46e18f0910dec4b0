/*
 * libFuzzer target: ph-intake transfer in on any archive, against a
 * database holding a small school.  The first byte picks whether --unit
 * is given; the rest is the archive.
 */
#include <stdint.h>

#include "fuzz_db.h"
#include "intake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const units[] = { NULL, "一中", "一中/初一/2班",
	    "三中" };
	struct fuzz_db *f = fuzz_db_once();

	if (size == 0 || fuzz_db_input(f, data + 1, size - 1) != 0)
		return 0;
	(void)intake_transfer_in(f->db, &f->cli, f->input, units[data[0] & 3]);
	fuzz_db_reset(f);
	return 0;
}
