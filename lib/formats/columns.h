/*
 * Finding columns by header: exports name the same thing in Chinese or
 * English, with notes such as "出生日期(yyyy-mm-dd)" or a '*' for required.
 */
#ifndef PH_COLUMNS_H
#define PH_COLUMNS_H
#include <stddef.h>

#include "diag.h"
#include "rec.h"

struct column_spec {
	const char *key;	/* our name, as messages call the field */
	const char *aliases;	/* header names, separated by '|' */
	int required;
};

/* The comparable form of a header: ASCII lower case, no spaces, no '*',
 * no trailing note in parentheses, no trailing ':'.  malloc'd. */
char *columns_fold(const char *header);

/*
 * The comparable form of a question as exports head its column: no
 * numbering ("1、", "1.", "Q1", "第1题", "(1)"; its number in *number, 0
 * when none; number may be NULL), no note in brackets at either end
 * ("（单选题）", "[必填]"), no punctuation or spaces, full or half width,
 * ASCII lower case, full-width letters and digits as ASCII, no trailing
 * 吗.  malloc'd.
 */
char *columns_fold_question(const char *header, size_t *number);

/* A round bracket, half or full width, at *p: "(" or "（" for the opener,
 * ")" or "）" for the closer.  Skipped, 1; else 0 (*p stays).  A
 * question's number and an option's letter are written "(1)", "（A）". */
int columns_skip_opener(const char **p);
int columns_skip_closer(const char **p);

/* Whether the first len bytes of a and the string b are the same text
 * but for punctuation, spaces, case and width ("1～2天", "1-2天"). */
int columns_same_text(const char *a, size_t len, const char *b);

/*
 * index[i] receives the column of spec[i], or -1.  Unknown columns are
 * reported once as one warning; a missing required column is an error.
 * 0, or -1 when a required column is missing.
 */
int columns_map(const struct rec_reader *r, const struct column_spec *spec,
    size_t n, int *index, struct diag *d);

#endif
