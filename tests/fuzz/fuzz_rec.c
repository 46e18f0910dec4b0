/* libFuzzer target: the record reader on any bytes, in every format and
 * encoding.  make fuzz runs it for a bounded time. */
#include <stdint.h>
#include <stdio.h>

#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum rec_format formats[] = { REC_AUTO, REC_CSV, REC_TSV,
	    REC_JSONL };
	static const enum rec_encoding encodings[] = { REC_ENC_AUTO,
	    REC_ENC_UTF8, REC_ENC_GBK };

	if (size == 0)
		return 0;
	for (size_t f = 0; f < 4; f++) {
		FILE *fp = fmemopen((void *)(uintptr_t)data, size, "r");
		struct rec_reader *r;
		int got, n = 0;

		if (fp == NULL)
			return 0;
		r = rec_reader_new(fp, "fuzz", formats[f],
		    encodings[(data[0] + f) % 3]);
		while ((got = rec_read(r)) != 0 && got != -2 && n++ < 10000)
			for (size_t i = 0; i < rec_ncolumns(r); i++)
				(void)rec_field(r, i);
		rec_reader_free(r);
		fclose(fp);
	}
	return 0;
}
