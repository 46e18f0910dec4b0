/*
 * libFuzzer target: the record reader on any bytes.  The first byte picks
 * the format (auto, TSV, CSV, JSONL) and the encoding (auto, UTF-8, GBK)
 * the caller gives, and the format each record is written back in; the
 * rest is the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_reader.h"
#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record of r written again by w, as ph-intake list would. */
static void
copy_records(struct rec_reader *r, enum rec_format out)
{
	char *text = NULL;
	size_t len = 0, n = rec_ncolumns(r);
	FILE *mem = open_memstream(&text, &len);
	const char **names = calloc(n + 1, sizeof(*names));
	const char **values = calloc(n + 1, sizeof(*values));
	struct rec_writer *w;
	int got;

	if (mem == NULL || names == NULL || values == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		names[i] = rec_column(r, i);
	w = rec_writer_new(mem, out, n, names);
	/* a JSONL header may grow: write the columns known at the start */
	while ((got = rec_read(r)) != 0 && got != -2) {
		if (got < 0) {
			(void)rec_error(r);
			(void)rec_overflow(r);
		}
		for (size_t i = 0; i < n; i++)
			values[i] = rec_has_field(r, i) ? rec_field(r, i) :
			    NULL;
		(void)rec_line(r);
		if (got == 1)
			(void)rec_write(w, values);
	}
	for (size_t i = 0; i < rec_ncolumns(r); i++)
		(void)rec_field(r, i);
	(void)rec_writer_free(w);
	fclose(mem);
	free(text);
	free(names);
	free(values);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_reader *r;
	FILE *fp;

	if (size == 0 ||
	    (r = fuzz_reader(data[0], data + 1, size - 1, &fp)) == NULL)
		return 0;
	if (rec_read_header(r) == 0) {
		(void)rec_format_used(r);
		(void)rec_encoding_used(r);
		copy_records(r, fuzz_formats[1 + (data[0] >> 4) % 3]);
	} else
		(void)rec_error(r);
	rec_reader_free(r);
	fclose(fp);
	return 0;
}
