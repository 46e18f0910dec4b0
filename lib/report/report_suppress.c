/*
 * Small-cell suppression for the upward reports.
 *
 * A count from 1 to min_cell - 1 of a sensitive column is hidden and
 * shown as "<min_cell": a reader knows it is 1 to min_cell - 1.  Other
 * counts are hidden, as "x", which says nothing of the count, until no
 * hidden count can be worked out.
 *
 * What a reader has: the counts shown, the sums they must make (a row's
 * first column of its group is the sum of the others, the last row the
 * total of the others), what each mark says, and the orders between
 * columns (screened <= should).  A hidden count can be worked out only
 * if every table that fits all that has it the same.  These are network
 * constraints (each count in one row sum and one column sum), so it can
 * not be worked out exactly when a cycle through it exists: a +1 here, a
 * -1 in its row, +1 in that one's column, ..., back to its column, every
 * step keeping its count within what the reader knows.  Adding 1 along
 * the cycle, or taking 1, gives another table that fits.  Where no such
 * cycle exists, the fewest counts shown that would make one (a search by
 * cost, a 0 dear) are hidden, or, where none would, a "<n" of its row or
 * column becomes an "x".  Hiding only widens what fits, so a count once
 * protected stays so.  The search keeps to simple paths and takes an
 * order against the other count's true value: it may hide more than it
 * must, never less.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct net {
	struct suppress_grid *g;
	long long min_cell;
	size_t ground;		/* the node of counts in no row sum */
	unsigned char *seen;	/* per node, during one search */
};

static int
in_group(const struct suppress_grid *g, size_t col)
{
	return g->group_first >= 0 && (int)col >= g->group_first &&
	    (int)col <= g->group_last;
}

/* The row-sum node of a cell, or the ground node. */
static size_t
row_node(const struct net *n, size_t at)
{
	return in_group(n->g, at % n->g->cols) ? at / n->g->cols : n->ground;
}

static size_t
col_node(const struct net *n, size_t at)
{
	return n->g->rows + at % n->g->cols;
}

/* Its sign in a node's sum: the sum itself -1, its parts +1. */
static int
coef(const struct net *n, size_t node, size_t at)
{
	const struct suppress_grid *g = n->g;

	if (node == n->ground)
		return 1;
	if (node >= g->rows)	/* a column: the total is the last row */
		return at / g->cols + 1 == g->rows ? -1 : 1;
	return (int)(at % g->cols) == g->group_first ? -1 : 1;
}

/* Whether hidden count at can move by d (+1 or -1) and stay within what
 * the reader knows of it, orders included (against the other count's
 * true value when that one is hidden too: never more than allowed). */
static int
can_move(const struct net *n, size_t at, int d)
{
	const struct suppress_grid *g = n->g;
	long long v = g->v[at] + d, lo = 0, hi = -1;	/* hi < 0: none */
	size_t row = at / g->cols, col = at % g->cols;

	if (g->hidden[at] == SUPPRESS_SMALL) {
		lo = 1;
		hi = n->min_cell - 1;
	}
	for (size_t i = 0; i < g->norder; i++) {
		if ((size_t)g->order[i][0] == col) {
			long long most = g->v[row * g->cols +
			    (size_t)g->order[i][1]];
			if (hi < 0 || most < hi)
				hi = most;
		}
		if ((size_t)g->order[i][1] == col) {
			long long least = g->v[row * g->cols +
			    (size_t)g->order[i][0]];
			if (least > lo)
				lo = least;
		}
	}
	return v >= lo && (hi < 0 || v <= hi);
}

/* The other node of a cell, seen from one of its nodes. */
static size_t
other_node(const struct net *n, size_t at, size_t from)
{
	return from == col_node(n, at) ? row_node(n, at) : col_node(n, at);
}

/* Whether hidden cell k belongs to node x. */
static int
of_node(const struct net *n, size_t k, size_t x)
{
	return row_node(n, k) == x || col_node(n, k) == x;
}

/* The i-th cell that may belong to node x (a row's group, a column, or
 * every cell for the ground node), or the number of cells past the end. */
static size_t
nth_of(const struct net *n, size_t x, size_t i)
{
	const struct suppress_grid *g = n->g;
	size_t cells = g->rows * g->cols, width;

	if (x == n->ground)
		return i < cells ? i : cells;
	if (x >= g->rows)
		return i < g->rows ? i * g->cols + (x - g->rows) : cells;
	width = (size_t)(g->group_last - g->group_first) + 1;
	return i < width ? x * g->cols + (size_t)g->group_first + i : cells;
}

/*
 * From node x, whose sum is off by b, a path of hidden cells (not e)
 * that ends in e's column node q putting it off by want.  The ground node
 * has no sum: from it a cell may move either way.
 */
static int
search(struct net *n, size_t e, size_t x, int b, size_t q, int want)
{
	struct suppress_grid *g = n->g;
	size_t cells = g->rows * g->cols;

	for (size_t i = 0, k; (k = nth_of(n, x, i)) < cells; i++) {
		if (k == e || !g->hidden[k] || !of_node(n, k, x))
			continue;
		for (int d = -1; d <= 1; d += 2) {
			size_t y;
			int by;

			/* to put x right: coef * d = -b */
			if (x != n->ground && coef(n, x, k) * d != -b)
				continue;
			if (!can_move(n, k, d))
				continue;
			y = other_node(n, k, x);
			by = coef(n, y, k) * d;
			if (y == q) {
				if (by == want)
					return 1;
				continue;
			}
			if (n->seen[y])
				continue;
			n->seen[y] = 1;
			if (search(n, e, y, by, q, want))
				return 1;
		}
	}
	return 0;
}

/* Whether hidden cell e lies on a cycle that moves it, either way. */
static int
protected(struct net *n, size_t e)
{
	size_t nodes = n->ground + 1;

	for (int d = -1; d <= 1; d += 2) {
		size_t p = row_node(n, e), q = col_node(n, e);

		if (!can_move(n, e, d))
			continue;
		memset(n->seen, 0, nodes);
		n->seen[p] = 1;
		n->seen[q] = 1;
		if (search(n, e, p, coef(n, p, e) * d, q, -coef(n, q, e) * d))
			return 1;
	}
	return 0;
}

/* Whether a count shown could move at all once hidden: one an order
 * holds to a single value (closed at most a 0 opened) helps nobody. */
static int
could_move(const struct net *n, size_t k)
{
	const struct suppress_grid *g = n->g;
	size_t row = k / g->cols, col = k % g->cols;
	size_t sum = row * g->cols + (size_t)g->group_first;
	size_t total = (g->rows - 1) * g->cols + col;
	int up, down;

	/* a part of a sum shown as 0 is 0: so is a 0 in a column whose
	 * total is shown as 0 */
	if (g->v[k] == 0 && ((in_group(g, col) && k != sum && !g->hidden[sum] &&
	    g->v[sum] == 0) || (k != total && !g->hidden[total] &&
	    g->v[total] == 0)))
		return 0;
	n->g->hidden[k] = SUPPRESS_OTHER;
	up = can_move(n, k, 1);
	down = can_move(n, k, -1);
	n->g->hidden[k] = 0;
	return up || down;
}

/* The search of cheapest(): for each node its cost from p (unreached:
 * none yet), the cell it was reached through, and the coefficient the
 * next cell must cancel; the best cycle found so far. */
struct search {
	size_t e, p, target, nodes, cells;
	int want, found;
	size_t *cost, *via;
	int *need;
	size_t best, best_cell;
};
#define UNREACHED ((size_t)-1)

/* The cheapest node not yet settled, or s->nodes when none is left worth
 * settling. */
static size_t
search_next(const struct net *n, const struct search *s)
{
	size_t q = s->nodes;

	for (size_t i = 0; i < s->nodes; i++)
		if (!n->seen[i] && s->cost[i] != UNREACHED &&
		    (q == s->nodes || s->cost[i] < s->cost[q]))
			q = i;
	if (q != s->nodes && s->best != UNREACHED && s->cost[q] >= s->best)
		return s->nodes;
	return q;
}

/* Through cell k of node q, moved by dk, to node y: a cycle closed at
 * the target, or a cheaper way to y. */
static void
search_step(struct net *n, struct search *s, size_t q, size_t k, int dk,
    size_t step)
{
	struct suppress_grid *g = n->g;
	size_t y = other_node(n, k, q);
	int shown = !g->hidden[k], ok;

	if (q != n->ground && coef(n, q, k) * dk != -s->need[q])
		return;
	if (shown)
		g->hidden[k] = SUPPRESS_OTHER;
	ok = can_move(n, k, dk);
	if (shown)
		g->hidden[k] = 0;
	if (!ok)
		return;
	if (y == s->target) {
		if (coef(n, y, k) * dk == s->want &&
		    s->cost[q] + step < s->best) {
			s->best = s->cost[q] + step;
			s->best_cell = k;
			s->via[s->target] = q;	/* from */
			s->found = 1;
		}
		return;
	}
	if (n->seen[y] || (s->cost[y] != UNREACHED &&
	    s->cost[y] <= s->cost[q] + step))
		return;
	s->cost[y] = s->cost[q] + step;
	s->via[y] = k;
	s->need[y] = coef(n, y, k) * dk;
}

/* Every cell of node q that is hidden, or could be, each way. */
static void
search_from(struct net *n, struct search *s, size_t q)
{
	struct suppress_grid *g = n->g;

	for (size_t i = 0, k; (k = nth_of(n, q, i)) < s->cells; i++) {
		int shown = !g->hidden[k];

		if (k == s->e || !of_node(n, k, q) || (shown &&
		    (!g->sensitive[k % g->cols] || !could_move(n, k))))
			continue;
		/* a 0 hidden helps only one way: dear */
		for (int dk = -1; dk <= 1; dk += 2)
			search_step(n, s, q, k, dk, shown ? (g->v[k] == 0 ?
			    4 : 1) : 0);
	}
}

/* The cells shown on the best cycle, back from its last cell to p. */
static void
search_path(const struct net *n, const struct search *s, size_t *add,
    size_t *nadd)
{
	size_t k = s->best_cell, node = s->via[s->target];

	for (;;) {
		if (!n->g->hidden[k])
			add[(*nadd)++] = k;
		if (node == s->p)
			break;
		k = s->via[node];
		node = other_node(n, k, node);
	}
}

/*
 * The fewest counts shown (a 0 counting as many) that, hidden, would put
 * e on a cycle moving it by d: a search by cost over the nodes, through
 * hidden cells for nothing and cells that could be hidden for one.  Puts
 * them in add (as many as *nadd); 0 when there is no such cycle.
 */
static int
cheapest(struct net *n, size_t e, int d, size_t *add, size_t *nadd)
{
	struct search s;
	size_t q;

	s.e = e;
	s.nodes = n->ground + 1;
	s.cells = n->g->rows * n->g->cols;
	s.p = row_node(n, e);
	s.target = col_node(n, e);
	s.cost = xcalloc(s.nodes, sizeof(*s.cost));
	s.via = xcalloc(s.nodes, sizeof(*s.via));
	s.need = xcalloc(s.nodes, sizeof(*s.need));
	s.best = UNREACHED;
	s.best_cell = s.cells;
	s.want = -coef(n, s.target, e) * d;
	s.found = 0;
	for (size_t i = 0; i < s.nodes; i++)
		s.cost[i] = UNREACHED;
	s.cost[s.p] = 0;
	s.via[s.p] = s.cells;
	s.need[s.p] = coef(n, s.p, e) * d;
	/* few nodes: take the cheapest unsettled one each time */
	memset(n->seen, 0, s.nodes);
	while ((q = search_next(n, &s)) < s.nodes) {
		n->seen[q] = 1;
		search_from(n, &s, q);
	}
	*nadd = 0;
	if (s.found)
		search_path(n, &s, add, nadd);
	free(s.cost);
	free(s.via);
	free(s.need);
	return s.found;
}

/* More counts hidden, the fewest that put e on a cycle, or, where none
 * would, a "<n" of its row sum or column made "x"; 0 when there is
 * nothing left to do. */
static int
widen(struct net *n, size_t e)
{
	struct suppress_grid *g = n->g;
	size_t cells = g->rows * g->cols;
	size_t *add = xcalloc(2 * (g->rows + g->cols + 2), sizeof(*add));
	size_t *other = add + g->rows + g->cols + 2, nadd = 0, nother;
	int found = 0;

	for (int d = -1; d <= 1; d += 2)
		if (can_move(n, e, d) && cheapest(n, e, d, found ? other :
		    add, found ? &nother : &nadd)) {
			if (found && nother < nadd) {
				memcpy(add, other, nother * sizeof(*add));
				nadd = nother;
			}
			found = 1;
		}
	if (found) {
		/* none to add: a cycle of hidden counts the first search
		 * missed, and e is protected; no "<n" is given up for it */
		for (size_t i = 0; i < nadd; i++)
			g->hidden[add[i]] = SUPPRESS_OTHER;
		free(add);
		return nadd > 0;
	}
	free(add);
	/* no cycle: what a "<n" says is what gives it away */
	if (g->hidden[e] == SUPPRESS_SMALL) {
		g->hidden[e] = SUPPRESS_OTHER;
		return 1;
	}
	for (size_t k = 0; k < cells; k++)
		if (g->hidden[k] == SUPPRESS_SMALL && (of_node(n, k,
		    col_node(n, e)) || (row_node(n, e) != n->ground &&
		    of_node(n, k, row_node(n, e))))) {
			g->hidden[k] = SUPPRESS_OTHER;
			return 1;
		}
	return 0;
}

void
report_suppress(struct suppress_grid *g, long long min_cell)
{
	size_t cells = g->rows * g->cols;
	struct net n = { g, min_cell, g->rows + g->cols, NULL };

	n.seen = xcalloc(n.ground + 1, 1);
	g->hidden = xcalloc(cells + 1, 1);
	for (size_t k = 0; k < cells; k++)
		if (g->sensitive[k % g->cols] && g->v[k] > 0 &&
		    g->v[k] < min_cell)
			g->hidden[k] = SUPPRESS_SMALL;
	/* protection only grows as more is hidden; a cell hidden after its
	 * turn came has its turn again */
	for (int again = 1; again;) {
		again = 0;
		for (size_t e = 0; e < cells; e++)
			while (g->hidden[e] && !protected(&n, e) &&
			    widen(&n, e))
				again = 1;
	}
	free(n.seen);
}

const char *
report_shown(unsigned char hidden, const char *small, const char *number)
{
	return hidden == SUPPRESS_SMALL ? small : hidden ? "x" : number;
}
