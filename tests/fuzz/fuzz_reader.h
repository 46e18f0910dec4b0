/*
 * The record reader a fuzz target's first byte asks for: its bits 0-1
 * the format (auto, TSV, CSV, JSONL), bits 2-3 the encoding (auto, UTF-8,
 * GBK); the other bits are the target's.
 */
#ifndef PH_FUZZ_READER_H
#define PH_FUZZ_READER_H
#include <stdint.h>
#include <stdio.h>

#include "rec.h"

static const enum rec_format fuzz_formats[] = { REC_AUTO, REC_TSV,
    REC_CSV, REC_JSONL };

/* A reader over the size bytes at data, with *fp to close after it; NULL
 * when there is no stream to read them from. */
static inline struct rec_reader *
fuzz_reader(uint8_t pick, const uint8_t *data, size_t size, FILE **fp)
{
	static const enum rec_encoding encodings[] = { REC_ENC_AUTO,
	    REC_ENC_UTF8, REC_ENC_GBK };

	if ((*fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return NULL;
	return rec_reader_new(*fp, "fuzz", fuzz_formats[pick & 3],
	    encodings[(pick >> 2) % 3]);
}

#endif
