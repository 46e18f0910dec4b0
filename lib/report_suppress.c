/*
 * Small-cell suppression for the upward reports: a count from 1 to
 * min_cell - 1 of a sensitive column is hidden; then, until nothing
 * changes, wherever a row's sum (its group: the first column is the sum
 * of the others) or a column (the last row is the total of the others)
 * holds exactly one hidden count, the smallest other count in it is
 * hidden too, so that no published sum gives a hidden count back.
 */
#include "report.h"

#include <stdlib.h>

#include "xalloc.h"

/* Hides the smallest visible cell among n cells (row, column); 0 when
 * there was none to hide. */
static int
hide_another(struct suppress_grid *g, const size_t *rows, const size_t *cols,
    size_t n)
{
	size_t best = n;

	for (size_t i = 0; i < n; i++) {
		size_t at = rows[i] * g->cols + cols[i];

		if (g->hidden[at])
			continue;
		if (best == n || g->v[at] < g->v[rows[best] * g->cols +
		    cols[best]])
			best = i;
	}
	if (best == n)
		return 0;
	g->hidden[rows[best] * g->cols + cols[best]] = 1;
	return 1;
}

/* The cells of a row's group or of a column into rows, cols; 1 when
 * exactly one of them is hidden. */
static int
one_hidden(const struct suppress_grid *g, size_t *rows, size_t *cols,
    size_t *n, size_t row, size_t first, size_t last, int down)
{
	size_t k = 0;

	*n = 0;
	for (size_t i = down ? 0 : first; down ? i < g->rows : i <= last;
	    i++) {
		rows[*n] = down ? i : row;
		cols[*n] = down ? first : i;
		k += g->hidden[rows[*n] * g->cols + cols[*n]];
		(*n)++;
	}
	return k == 1;
}

void
report_suppress(struct suppress_grid *g, long long min_cell,
    const unsigned char *sensitive, int group_first, int group_last)
{
	size_t most = (g->rows > g->cols ? g->rows : g->cols) + 1, n;
	size_t *rows = xcalloc(most, sizeof(*rows));
	size_t *cols = xcalloc(most, sizeof(*cols));
	int changed = 1;

	g->hidden = xcalloc(g->rows * g->cols + 1, 1);
	for (size_t r = 0; r < g->rows; r++)
		for (size_t c = 0; c < g->cols; c++)
			g->hidden[r * g->cols + c] = sensitive[c] &&
			    g->v[r * g->cols + c] > 0 &&
			    g->v[r * g->cols + c] < min_cell;
	while (changed) {
		changed = 0;
		for (size_t r = 0; group_first >= 0 && r < g->rows; r++)
			if (one_hidden(g, rows, cols, &n, r, (size_t)group_first,
			    (size_t)group_last, 0))
				changed |= hide_another(g, rows, cols, n);
		for (size_t c = 0; c < g->cols; c++)
			if (one_hidden(g, rows, cols, &n, 0, c, c, 1))
				changed |= hide_another(g, rows, cols, n);
	}
	free(rows);
	free(cols);
}
