/*
 * Conditions on a person's latest scores, as tiered screening states
 * them (ph-screen campaign create --when): INSTRUMENT.SCALE OP NUMBER,
 * or card OP COLOUR, joined by 'and' (first) and 'or', with OP one of
 * >= > <= < = !=.  Parsed strictly, each error with its column; knows
 * nothing of databases: the caller says what each term's value is.
 */
#ifndef PH_CONDITION_H
#define PH_CONDITION_H
#include <stddef.h>

enum cond_op { COND_GE, COND_GT, COND_LE, COND_LT, COND_EQ, COND_NE };

struct cond_term {
	char *instrument, *scale;	/* both NULL: the card */
	int op;				/* enum cond_op */
	double number;			/* the card: its colour, CARD_* */
	int or_before;			/* 1: 'or' joins it to the term before */
	size_t column;			/* where it begins, from 1 */
};

struct condition {
	char *text;
	struct cond_term *terms;
	size_t nterms;
};

/* The value of term t for the person at hand: 0 with *value, or -1 when
 * there is none (no answer, a scale not scored): the term is false. */
typedef int (*cond_value_fn)(void *ctx, const struct cond_term *t,
    double *value);

/* NULL with *err ("column N: what", malloc'd) when text is not one. */
struct condition *condition_parse(const char *text, char **err);
/* 1 when the condition holds: its 'and' groups, any of them. */
int condition_holds(const struct condition *c, cond_value_fn value,
    void *ctx);
/* Whether a term's value v passes its comparison. */
int cond_term_holds(const struct cond_term *t, double v);
void condition_free(struct condition *c);

#endif
