/*
 * Scoring answers against an instrument: finding the item of each column
 * (by id, number or question text, as survey platforms export them),
 * reading each cell (a value or an option's text), and computing scales,
 * bands, critical items and validity.  No database.
 */
#ifndef PH_SCORE_H
#define PH_SCORE_H
#include <stddef.h>

#include "diag.h"
#include "instrument.h"
#include "rec.h"

struct answer_columns {
	int id;			/* the person's column */
	int *item;		/* per item: its column, or -1 */
	size_t nitems;
};

/* Maps the reader's header; 0, or -1 after errors in d (no id column, an
 * item in two columns).  Items without a column are answered by no one:
 * they count as missing. */
int score_map_columns(const struct instrument *in, const struct rec_reader *r,
    struct answer_columns *ac, struct diag *d);
void score_columns_free(struct answer_columns *ac);

/* The item a header names, or -1 (exposed for tests). */
long score_match_header(const struct instrument *in, const char *header);

/* The value of a cell for item i: 0, or -1 with *why (malloc'd). */
int score_cell(const struct instrument *in, size_t i, const char *cell,
    double *value, char **why);

struct scale_result {
	int scored;		/* 0: too many items missing */
	double value;
	const char *band;	/* label, or NULL */
	const char *band_zh;
	size_t missing;
};

struct score_result {
	double *answers;	/* per item, NAN when missing */
	struct scale_result *scales;
	size_t missing;		/* items unanswered */
	int valid;
	char *reason;		/* why not valid, or NULL */
	char *critical;		/* flagged item ids, ';'-joined, or NULL */
	char *critical_note;	/* what they mean, or NULL */
	size_t critical_answered;	/* critical items at or above min */
	size_t critical_unanswered;	/* critical items left blank */
};

void score_result_init(struct score_result *s, const struct instrument *in);
void score_result_free(struct score_result *s);

/* Reads the answers of the current record into s->answers; every bad
 * cell is reported as file:line: column N (header): ...; -1 if any. */
int score_read(const struct instrument *in, const struct answer_columns *ac,
    const struct rec_reader *r, struct score_result *s, struct diag *d);
/* Computes scales, bands, critical items and validity from s->answers. */
void score_compute(const struct instrument *in, struct score_result *s);
/* A number as records print it: 12, 1.25, 0.5 (at most two decimals). */
void score_format(double v, char out[32]);

#endif
