/*
 * Scoring answers against an instrument: finding the item of each column
 * (by id, number or question text, as survey platforms export them),
 * reading each cell (a value or an option's text), and computing scales,
 * bands, critical items and validity.  No database.
 */
#ifndef PH_SCORE_H
#define PH_SCORE_H
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "instrument.h"
#include "rec.h"

/* How answers are read, as the command line says. */
struct score_options {
	int by_position;	/* --values position: 1 is the first option */
	int values_stated;	/* --values given, either way */
	char *const *map;	/* --map ITEM=COLUMN overrides, as given */
	size_t nmap;
	/* score: the columns a norm group is chosen by (NULL: none) */
	const char *age_column, *sex_column, *birth_column, *grade_column;
};

/* How a column was found for an item (ph-screen columns prints it). */
enum column_how { HOW_NONE, HOW_ID, HOW_NUMBER, HOW_TEXT, HOW_MAP };

struct answer_columns {
	int id;			/* the person's column */
	int *item;		/* per item: its column, or -1 */
	int *how;		/* per item: enum column_how */
	size_t nitems;
};

/* Maps the reader's header: every item to exactly one column, and the
 * person's id.  0, or -1 after errors in d (no id column, an item in no
 * column or in two, an ambiguous header), with the mapping table. */
int score_map_columns(const struct instrument *in, const struct rec_reader *r,
    const struct score_options *o, struct answer_columns *ac,
    struct diag *d);
void score_columns_free(struct answer_columns *ac);

/* The item a header names, or -1 (exposed for tests). */
long score_match_header(const struct instrument *in, const char *header);

/* The value of a cell for item i: 0, or -1 with *why (malloc'd). */
int score_cell(const struct instrument *in, size_t i, const char *cell,
    int by_position, double *value, char **why);

struct scale_result {
	int scored;		/* 0: too many items missing */
	double value;
	/* not scored, yet every value the blank items could take gives
	 * the same band: band is that band, lo..hi the totals possible */
	int ranged;
	double lo, hi;
	const char *band;	/* label, or NULL */
	const char *band_zh;
	size_t missing;
	int normed;		/* norm_value is the score in s->norm */
	double norm_value;
};

struct score_result {
	double *answers;	/* per item, NAN when missing */
	unsigned char *unreadable;	/* per item: a cell that said no option */
	size_t nunreadable;
	struct scale_result *scales;
	size_t missing;		/* items unanswered */
	int valid;
	char *reason;		/* why not valid, or NULL */
	char *critical;		/* flagged item ids, ';'-joined, or NULL */
	char *critical_note;	/* what they mean, or NULL */
	size_t critical_answered;	/* critical items at or above min */
	size_t critical_unanswered;	/* critical items left blank */
	/* the norm group the scales were normed in (score_norm), or NULL
	 * with norm_why saying why they were scored raw */
	const struct norm_group *norm;
	char *norm_why;
};

void score_result_init(struct score_result *s, const struct instrument *in);
void score_result_free(struct score_result *s);

/* Reads the answers of the current record into s->answers (NAN when
 * blank or unreadable).  Each unreadable cell is flagged in
 * s->unreadable and described in why ("column N: ...",
 * "; "-joined; why may be NULL); their count, 0 when all were read. */
size_t score_read(const struct instrument *in, const struct answer_columns *ac,
    const struct score_options *o, const struct rec_reader *r,
    struct score_result *s, struct buf *why);
/* 1 when score_read found no answer at all in the row, readable or
 * not (a row with only the person's id). */
int score_blank(const struct instrument *in, const struct score_result *s);
/* Computes scales, bands, critical items and validity from s->answers. */
void score_compute(const struct instrument *in, struct score_result *s);
/* After score_compute, on an instrument with norms: each scale's
 * normed score in p's norm group, and the bands on normed scores; or
 * s->norm NULL and s->norm_why. */
void score_norm(const struct instrument *in, const struct norm_person *p,
    struct score_result *s);
/* The scores as an import stores them, a JSON object:
 * {"total":13,"total_band":"moderate"}; with norms, each normed
 * scale's score by its kind ("total_t":62) and the group ("norm":"f_12")
 * or, outside every group, "norm":null and "norm_raw" saying why
 * (replaces out's content). */
void score_json(const struct instrument *in, const struct score_result *s,
    struct buf *out);
/* A number as records print it: 12, 1.25, 0.5 (at most two decimals). */
void score_format(double v, char out[32]);

#endif
