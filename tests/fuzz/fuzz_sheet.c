/*
 * libFuzzer target: a workbook (.xlsx) on any bytes, read as records.
 * The bytes are a file (a memfd), as a workbook must be; the first byte's
 * low bit asks for the second sheet by name ("Sheet2") instead of the
 * first.  Seeds: tests/data/gen-excel.py.
 *
 * An .xls (OLE2) is left out: freexl 1.0.6 hands iconv more bytes than
 * its buffer holds for a damaged string record, which ASan reports within
 * seconds, a fault of the library and not of ph (ph-records(5), CAVEATS).
 * ph reads a .xls in a child process for that reason (sheet.c), beyond
 * libFuzzer's coverage and crash handling; the input found is
 * tests/data/freexl-overread.xls, which excel_in.bats loads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd, got;
	char name[64];
	FILE *fp;
	struct rec_reader *r;

	if (size == 0 || (size >= 5 && memcmp(data + 1, "\xd0\xcf\x11\xe0",
	    4) == 0))
		return 0;
	if ((fd = memfd_create("fuzz_sheet", 0)) < 0 ||
	    write(fd, data + 1, size - 1) != (ssize_t)(size - 1) ||
	    lseek(fd, 0, SEEK_SET) != 0 || (fp = fdopen(fd, "r")) == NULL)
		abort();
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	r = rec_reader_new(fp, name, REC_AUTO, REC_ENC_AUTO);
	if (data[0] & 1)
		rec_reader_sheet(r, "Sheet2");
	while ((got = rec_read(r)) != 0 && got != -2)
		for (size_t i = 0; got == 1 && i < rec_ncolumns(r); i++)
			(void)rec_field(r, i);
	(void)rec_error(r);
	(void)rec_name(r);
	(void)rec_line(r);
	rec_reader_free(r);
	fclose(fp);
	return 0;
}
