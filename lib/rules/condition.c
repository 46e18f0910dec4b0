/*
 * Conditions of tiered screening: see condition.h and ph-screen(1).
 */
#include "condition.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "xalloc.h"

struct cursor {
	const char *text, *at;
	char *err;
};

static const struct {
	const char *text;
	int op;
} ops[] = {
	/* the two-character ones first: ">=" is not ">" then "=" */
	{ ">=", COND_GE }, { "<=", COND_LE }, { "!=", COND_NE },
	{ ">", COND_GT }, { "<", COND_LT }, { "=", COND_EQ },
};

static int
fail(struct cursor *c, const char *what)
{
	if (c->err == NULL)
		c->err = xasprintf("column %zu: %s", (size_t)(c->at - c->text) +
		    1, what);
	return -1;
}

static void
skip_blanks(struct cursor *c)
{
	while (*c->at == ' ' || *c->at == '\t')
		c->at++;
}

static int
is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	    ch == '_';
}

/* A name of [a-z0-9_], malloc'd into *out. */
static int
name(struct cursor *c, char **out, const char *what)
{
	const char *start = c->at;

	while (is_name_char(*c->at))
		c->at++;
	if (c->at == start)
		return fail(c, what);
	*out = xstrndup(start, (size_t)(c->at - start));
	return 0;
}

static int
comparison(struct cursor *c, int *op)
{
	skip_blanks(c);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);

		if (strncmp(c->at, ops[i].text, n) == 0) {
			/* "=>" and "==" are no operators, not "=" and more */
			if (c->at[n] != '\0' && strchr("<>=!", c->at[n]) != NULL)
				break;
			*op = ops[i].op;
			c->at += n;
			skip_blanks(c);
			return 0;
		}
	}
	return fail(c, "expected one of >= > <= < = !=");
}

static int
number(struct cursor *c, double *out)
{
	char *end;

	if (*c->at != '-' && *c->at != '+' && *c->at != '.' &&
	    !isdigit((unsigned char)*c->at))
		return fail(c, "expected a number");
	errno = 0;
	*out = strtod(c->at, &end);
	if (end == c->at || errno != 0 || !isfinite(*out) ||
	    is_name_char(*end) || *end == '.')
		return fail(c, "expected a number");
	c->at = end;
	return 0;
}

/* card OP COLOUR */
static int
card_term(struct cursor *c, struct cond_term *t)
{
	char *word = NULL;
	int color;

	if (comparison(c, &t->op) != 0 || name(c, &word, "expected a colour: "
	    "red, yellow, blue or none") != 0)
		return -1;
	if (card_color_parse(word, &color) != 0) {
		c->at -= strlen(word);
		free(word);
		return fail(c, "expected a colour: red, yellow, blue or none");
	}
	free(word);
	t->number = color;
	return 0;
}

/* INSTRUMENT.SCALE OP NUMBER, or card OP COLOUR */
static int
term(struct cursor *c, struct cond_term *t)
{
	char *first = NULL;

	skip_blanks(c);
	t->column = (size_t)(c->at - c->text) + 1;
	if (name(c, &first, "expected INSTRUMENT.SCALE or card") != 0)
		return -1;
	if (strcmp(first, "card") == 0 && *c->at != '.') {
		free(first);
		return card_term(c, t);
	}
	t->instrument = first;
	if (*c->at != '.')
		return fail(c, "expected '.' and a scale after the instrument");
	c->at++;
	if (name(c, &t->scale, "expected a scale after the '.'") != 0 ||
	    comparison(c, &t->op) != 0)
		return -1;
	return number(c, &t->number);
}

/* After a term: the end, or 'and' / 'or' and another term (*or set). */
static int
joiner(struct cursor *c, int *or, int *more)
{
	skip_blanks(c);
	*more = 0;
	if (*c->at == '\0')
		return 0;
	if (strncmp(c->at, "and", 3) == 0 && !is_name_char(c->at[3]))
		*or = 0;
	else if (strncmp(c->at, "or", 2) == 0 && !is_name_char(c->at[2]))
		*or = 1;
	else
		return fail(c, "expected 'and', 'or' or the end");
	c->at += *or ? 2 : 3;
	if (*c->at != ' ' && *c->at != '\t')
		return fail(c, "expected a space");
	*more = 1;
	return 0;
}

struct condition *
condition_parse(const char *text, char **err)
{
	struct condition *cond = xcalloc(1, sizeof(*cond));
	struct cursor c = { text, text, NULL };
	size_t cap = 0;
	int more = 1, or = 0;

	*err = NULL;
	cond->text = xstrdup(text);
	while (more) {
		struct cond_term *t;

		cond->terms = xgrow(cond->terms, &cap, cond->nterms + 1,
		    sizeof(*cond->terms));
		t = &cond->terms[cond->nterms++];
		memset(t, 0, sizeof(*t));
		t->or_before = or;
		if (term(&c, t) != 0 || joiner(&c, &or, &more) != 0)
			break;
	}
	if (c.err != NULL) {
		*err = c.err;
		condition_free(cond);
		return NULL;
	}
	return cond;
}

int
cond_term_holds(const struct cond_term *t, double v)
{
	switch (t->op) {
	case COND_GE:
		return v >= t->number;
	case COND_GT:
		return v > t->number;
	case COND_LE:
		return v <= t->number;
	case COND_LT:
		return v < t->number;
	case COND_EQ:
		return v == t->number;
	default:
		return v != t->number;
	}
}

int
condition_holds(const struct condition *c, cond_value_fn value, void *ctx)
{
	int group = 1;

	for (size_t i = 0; i < c->nterms; i++) {
		const struct cond_term *t = &c->terms[i];
		double v;

		if (t->or_before) {
			if (group)
				return 1;
			group = 1;
		}
		if (group)
			group = value(ctx, t, &v) == 0 && cond_term_holds(t, v);
	}
	return group;
}

void
condition_free(struct condition *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nterms; i++) {
		free(c->terms[i].instrument);
		free(c->terms[i].scale);
	}
	free(c->terms);
	free(c->text);
	free(c);
}
