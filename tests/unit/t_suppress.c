/* Small-cell suppression: what a reader of the published table can work
 * out from its sums and marks is never one hidden count. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tap.h"

enum { SCREENED, RED, YELLOW, BLUE, NONE, COLS };

/* The search below: the table, its hidden cells' marks, and for each
 * hidden cell the least and most value seen in a filling that fits. */
struct search {
	const struct suppress_grid *g;
	long long min_cell, top, *v, lo[64], hi[64];
	size_t fits;
	int rows_sum;		/* rows: first column = the others' sum */
};

static int
fits_mark(const struct search *s, size_t at, long long x)
{
	return s->g->hidden[at] == SUPPRESS_SMALL ? x >= 1 && x < s->min_cell :
	    x >= s->min_cell;
}

/* Fills the hidden cells from cell at on, row by row; at each row's end
 * its sum is checked, at the end the columns'. */
static void
fill(struct search *s, size_t at)
{
	const struct suppress_grid *g = s->g;

	if (at > 0 && at % g->cols == 0 && s->rows_sum) {
		const long long *row = s->v + at - g->cols;
		long long sum = 0;

		for (size_t c = 1; c < g->cols; c++)
			sum += row[c];
		if (sum != row[0])
			return;
	}
	if (at == g->rows * g->cols) {
		for (size_t c = 0; c < g->cols; c++) {
			long long sum = 0;

			for (size_t r = 0; r + 1 < g->rows; r++)
				sum += s->v[r * g->cols + c];
			if (sum != s->v[(g->rows - 1) * g->cols + c])
				return;
		}
		s->fits++;
		for (size_t i = 0; i < at; i++) {
			if (s->v[i] < s->lo[i])
				s->lo[i] = s->v[i];
			if (s->v[i] > s->hi[i])
				s->hi[i] = s->v[i];
		}
		return;
	}
	if (!g->hidden[at]) {
		fill(s, at + 1);
		return;
	}
	for (long long x = 0; x <= s->top; x++)
		if (fits_mark(s, at, x)) {
			s->v[at] = x;
			fill(s, at + 1);
		}
	s->v[at] = g->v[at];
}

/* 1 when some hidden cell has one possible value, or no filling fits. */
static int
recoverable(const struct suppress_grid *g, long long min_cell, int rows_sum)
{
	long long v[64];
	struct search s = { g, min_cell, 0, v, {0}, {0}, 0, rows_sum };

	for (size_t i = 0; i < g->rows * g->cols; i++) {
		v[i] = g->v[i];
		s.lo[i] = LLONG_MAX;
		s.hi[i] = -1;
		if (g->v[i] > s.top)
			s.top = g->v[i];
	}
	fill(&s, 0);
	if (s.fits == 0)
		return 1;
	for (size_t i = 0; i < g->rows * g->cols; i++)
		if (g->hidden[i] && s.lo[i] == s.hi[i])
			return 1;
	return 0;
}

static const unsigned char every[COLS] = { 1, 1, 1, 1, 1 };

int
main(void)
{
	struct tap t = TAP_INIT;

	{
		/* two small counts in a row that add up to 2: both are 1
		 * unless a third is hidden */
		long long v[] = {
			10, 1, 1, 8, 0,
			20, 6, 5, 9, 0,
			30, 7, 6, 17, 0 };
		struct suppress_grid g = { v, NULL, 3, COLS };

		report_suppress(&g, 5, every, SCREENED, NONE);
		ok(&t, g.hidden[RED] == SUPPRESS_SMALL &&
		    g.hidden[YELLOW] == SUPPRESS_SMALL, "1 and 1: small");
		ok(&t, g.hidden[BLUE] == SUPPRESS_OTHER,
		    "the 8 beside them hidden too");
		ok(&t, !g.hidden[NONE], "a 0 stays (nothing to protect)");
		ok(&t, !recoverable(&g, 5, 1), "no hidden count can be worked out");
		free(g.hidden);
	}
	{
		/* a small count and one hidden to protect it that add up to
		 * min_cell + 1: the small one is 1, the other min_cell */
		long long v[] = {
			12, 1, 5, 6, 0,
			12, 5, 5, 2, 0,
			24, 6, 10, 8, 0 };
		struct suppress_grid g = { v, NULL, 3, COLS };

		report_suppress(&g, 5, every, SCREENED, NONE);
		ok(&t, !recoverable(&g, 5, 1), "nor when small and x add to 6");
		free(g.hidden);
	}
	{
		/* care: no row sums, only the totals; columns not sensitive
		 * are never hidden */
		static const unsigned char cases[3] = { 0, 1, 1 };
		long long v[] = {
			400, 6, 2,
			300, 1, 0,
			700, 7, 2 };
		struct suppress_grid g = { v, NULL, 3, 3 };

		report_suppress(&g, 5, cases, -1, -1);
		ok(&t, !g.hidden[0] && !g.hidden[3] && !g.hidden[6],
		    "pupils shown");
		ok(&t, g.hidden[4] == SUPPRESS_SMALL && g.hidden[1] ==
		    SUPPRESS_OTHER, "1 crisis hidden, and the 6 beside it");
		ok(&t, g.hidden[2] == SUPPRESS_SMALL && g.hidden[8] ==
		    SUPPRESS_SMALL && !g.hidden[5],
		    "2 and its total 2 hidden; the 0 shown");
		ok(&t, !recoverable(&g, 5, 0), "no case count can be worked "
		    "out");
		is_str(&t, report_shown(g.hidden[1], "<5", "6"), "x",
		    "an x says nothing false");
		is_str(&t, report_shown(g.hidden[4], "<5", "1"), "<5",
		    "a small one: <5");
		is_str(&t, report_shown(g.hidden[0], "<5", "400"), "400",
		    "a shown one: its number");
		free(g.hidden);
	}
	return tap_done(&t);
}
