/*
 * Small-cell suppression for the upward reports.  A count from 1 to
 * min_cell - 1 of a sensitive column is hidden (shown as "<min_cell": a
 * reader knows it is 1 to min_cell - 1).  Then, until nothing changes,
 * each published sum is checked: a row's group (its first column the sum
 * of the others) and each column (the last row the total of the others).
 * Where what the line publishes, and what a reader knows of its hidden
 * counts (1 to min_cell - 1, or, for one hidden to protect another, at
 * least min_cell), leaves one hidden count a single possible value, the
 * smallest visible count of the line is hidden too ("x").  Two hidden
 * ones that add up to 2, say, are both 1: hiding one more is the only
 * way to keep them.
 */
#include "report.h"

#include <stdlib.h>

#include "xalloc.h"

struct line {
	size_t *at;		/* cell indices into v and hidden */
	int *sign;		/* +1 for the sum, -1 for its parts */
	size_t n;
};

/* What a reader knows of a hidden count: at least *lo, and at most *hi
 * unless *unbounded. */
static void
known_range(const struct suppress_grid *g, size_t at, long long min_cell,
    long long *lo, long long *hi, int *unbounded)
{
	*unbounded = g->hidden[at] != SUPPRESS_SMALL;
	*lo = *unbounded ? min_cell : 1;
	*hi = *unbounded ? 0 : min_cell - 1;
}

/* A signed sum's bounds: finite parts, and how many parts are without
 * end below and above. */
struct bounds {
	long long lo, hi;
	size_t lo_open, hi_open;
};

/* Adds (add 1) or takes away (-1) the term sign * x, x in what is known
 * of the hidden count at. */
static void
term(struct bounds *b, const struct suppress_grid *g, size_t at, int sign,
    long long min_cell, int add)
{
	long long lo, hi;
	int unbounded;

	known_range(g, at, min_cell, &lo, &hi, &unbounded);
	if (sign > 0) {
		b->lo += add * lo;
		if (unbounded)
			b->hi_open += (size_t)add;
		else
			b->hi += add * hi;
	} else {
		b->hi -= add * lo;
		if (unbounded)
			b->lo_open += (size_t)add;
		else
			b->lo -= add * hi;
	}
}

/* Whether some hidden count of the line has one possible value. */
static int
gives_one_back(const struct suppress_grid *g, const struct line *l,
    long long min_cell)
{
	struct bounds all = { 0, 0, 0, 0 };
	long long rest = 0;
	size_t hidden = 0;

	/* the signed sum of the line is 0: the hidden counts' signed sum is
	 * what the visible ones leave, rest */
	for (size_t i = 0; i < l->n; i++) {
		if (!g->hidden[l->at[i]]) {
			rest -= l->sign[i] * g->v[l->at[i]];
			continue;
		}
		hidden++;
		term(&all, g, l->at[i], l->sign[i], min_cell, 1);
	}
	for (size_t i = 0; hidden > 0 && i < l->n; i++) {
		struct bounds others = all;
		long long lo, hi, a, b;
		int unbounded, a_open, b_open;

		if (!g->hidden[l->at[i]])
			continue;
		known_range(g, l->at[i], min_cell, &lo, &hi, &unbounded);
		term(&others, g, l->at[i], l->sign[i], min_cell, -1);
		/* sign * x = rest - (the others' sum) */
		if (l->sign[i] > 0) {
			a = rest - others.hi;
			a_open = others.hi_open > 0;
			b = rest - others.lo;
			b_open = others.lo_open > 0;
		} else {
			a = others.lo - rest;
			a_open = others.lo_open > 0;
			b = others.hi - rest;
			b_open = others.hi_open > 0;
		}
		if (a_open || a < lo)
			a = lo;
		if (!unbounded && (b_open || b > hi))
			b = hi;
		else if (unbounded && b_open)
			continue;	/* no end above: not one value */
		if (a == b)
			return 1;
	}
	return 0;
}

/* Hides the smallest visible count of the line, one that is not 0 when
 * there is one; 0 when there was none to hide. */
static int
hide_another(struct suppress_grid *g, const struct line *l)
{
	size_t best = l->n;

	for (size_t i = 0; i < l->n; i++) {
		long long v = g->v[l->at[i]];

		if (g->hidden[l->at[i]])
			continue;
		if (best == l->n || (g->v[l->at[best]] == 0 && v != 0) ||
		    ((v != 0) == (g->v[l->at[best]] != 0) &&
		    v < g->v[l->at[best]]))
			best = i;
	}
	if (best == l->n)
		return 0;
	g->hidden[l->at[best]] = SUPPRESS_OTHER;
	return 1;
}

/* Checks one line, hiding another count of it when it gives one back. */
static int
check(struct suppress_grid *g, const struct line *l, long long min_cell)
{
	return gives_one_back(g, l, min_cell) && hide_another(g, l);
}

void
report_suppress(struct suppress_grid *g, long long min_cell,
    const unsigned char *sensitive, int group_first, int group_last)
{
	size_t most = (g->rows > g->cols ? g->rows : g->cols) + 1;
	struct line l = { xcalloc(most, sizeof(size_t)),
	    xcalloc(most, sizeof(int)), 0 };
	int changed = 1;

	g->hidden = xcalloc(g->rows * g->cols + 1, 1);
	for (size_t r = 0; r < g->rows; r++)
		for (size_t c = 0; c < g->cols; c++) {
			long long v = g->v[r * g->cols + c];

			if (sensitive[c] && v > 0 && v < min_cell)
				g->hidden[r * g->cols + c] = SUPPRESS_SMALL;
		}
	while (changed) {
		changed = 0;
		for (size_t r = 0; group_first >= 0 && r < g->rows; r++) {
			l.n = 0;
			for (int c = group_first; c <= group_last; c++) {
				l.at[l.n] = r * g->cols + (size_t)c;
				l.sign[l.n++] = c == group_first ? 1 : -1;
			}
			changed |= check(g, &l, min_cell);
		}
		for (size_t c = 0; c < g->cols; c++) {
			l.n = 0;
			for (size_t r = 0; r < g->rows; r++) {
				l.at[l.n] = r * g->cols + c;
				l.sign[l.n++] = r + 1 == g->rows ? 1 : -1;
			}
			changed |= check(g, &l, min_cell);
		}
	}
	free(l.at);
	free(l.sign);
}

const char *
report_shown(unsigned char hidden, const char *small, const char *number)
{
	return hidden == SUPPRESS_SMALL ? small : hidden ? "x" : number;
}
