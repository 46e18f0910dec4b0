/* Conditions of tiered screening: parsing, errors with their column,
 * and evaluation with 'and' before 'or'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "condition.h"
#include "policy.h"
#include "tap.h"

/* A person's values: phq9.total 12, gad7.total 4, card yellow; any
 * other term has none. */
static int
values(void *ctx, const struct cond_term *t, double *v)
{
	(void)ctx;
	if (t->instrument == NULL) {
		*v = CARD_YELLOW;
		return 0;
	}
	if (strcmp(t->instrument, "phq9") == 0 &&
	    strcmp(t->scale, "total") == 0) {
		*v = 12;
		return 0;
	}
	if (strcmp(t->instrument, "gad7") == 0 &&
	    strcmp(t->scale, "total") == 0) {
		*v = 4;
		return 0;
	}
	return -1;
}

/* 1 holds, 0 not, -1 not parsed. */
static int
holds(const char *text)
{
	char *err = NULL;
	struct condition *c = condition_parse(text, &err);
	int r;

	if (c == NULL) {
		free(err);
		return -1;
	}
	r = condition_holds(c, values, NULL);
	condition_free(c);
	return r;
}

static void
error_is(struct tap *t, const char *text, const char *want)
{
	char *err = NULL;
	struct condition *c = condition_parse(text, &err);

	ok(t, c == NULL, text);
	is_str(t, err, want, text);
	condition_free(c);
	free(err);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char *err = NULL;
	struct condition *c;

	c = condition_parse("phq9.total >= 10 and gad7.total<5 or card = red",
	    &err);
	ok(&t, c != NULL && err == NULL, "three terms parse");
	if (c != NULL) {
		is_int(&t, c->nterms, 3, "three terms");
		is_str(&t, c->terms[0].instrument, "phq9", "instrument");
		is_str(&t, c->terms[0].scale, "total", "scale");
		is_int(&t, c->terms[0].op, COND_GE, ">=");
		ok(&t, c->terms[0].number == 10, "10");
		is_int(&t, c->terms[1].op, COND_LT, "<");
		is_int(&t, c->terms[1].or_before, 0, "and");
		ok(&t, c->terms[2].instrument == NULL, "the card");
		is_int(&t, c->terms[2].or_before, 1, "or");
		ok(&t, c->terms[2].number == CARD_RED, "red");
	}
	condition_free(c);

	is_int(&t, holds("phq9.total >= 10"), 1, ">= at 12");
	is_int(&t, holds("phq9.total >= 12"), 1, ">= at its value");
	is_int(&t, holds("phq9.total > 12"), 0, "> at its value");
	is_int(&t, holds("phq9.total <= 12"), 1, "<= at its value");
	is_int(&t, holds("phq9.total < 12"), 0, "< at its value");
	is_int(&t, holds("phq9.total = 12"), 1, "=");
	is_int(&t, holds("phq9.total != 12"), 0, "!=");
	is_int(&t, holds("phq9.total >= 12.5"), 0, "a fraction");
	is_int(&t, holds("phq9.total >= 10 and gad7.total >= 5"), 0, "and");
	is_int(&t, holds("phq9.total >= 10 or gad7.total >= 5"), 1, "or");
	is_int(&t, holds("gad7.total >= 5 and phq9.total >= 10 or "
	    "card >= yellow"), 1, "and before or");
	is_int(&t, holds("card >= yellow and gad7.total >= 5 or "
	    "phq9.total < 0"), 0, "neither group");
	is_int(&t, holds("card >= red"), 0, "card below red");
	is_int(&t, holds("card != none"), 1, "card not none");
	is_int(&t, holds("k10.total >= 0"), 0, "no answer: false");
	is_int(&t, holds("k10.total < 100"), 0, "no answer: false, even <");

	error_is(&t, "", "column 1: expected INSTRUMENT.SCALE or card");
	error_is(&t, "phq9 >= 10", "column 5: expected '.' and a scale after "
	    "the instrument");
	error_is(&t, "phq9. >= 10", "column 6: expected a scale after the '.'");
	error_is(&t, "phq9.total => 10",
	    "column 12: expected one of >= > <= < = !=");
	error_is(&t, "phq9.total == 10",
	    "column 12: expected one of >= > <= < = !=");
	error_is(&t, "phq9.total >= ten", "column 15: expected a number");
	error_is(&t, "phq9.total >= 10x", "column 15: expected a number");
	error_is(&t, "phq9.total >= 10 andgad7.total > 1",
	    "column 18: expected 'and', 'or' or the end");
	error_is(&t, "phq9.total >= 10 and", "column 21: expected a space");
	error_is(&t, "phq9.total >= 10 and ",
	    "column 22: expected INSTRUMENT.SCALE or card");
	error_is(&t, "card >= purple",
	    "column 9: expected a colour: red, yellow, blue or none");
	error_is(&t, "PHQ9.total >= 10",
	    "column 1: expected INSTRUMENT.SCALE or card");
	error_is(&t, "phq9.total >= 10 xor gad7.total > 1",
	    "column 18: expected 'and', 'or' or the end");
	return tap_done(&t);
}
