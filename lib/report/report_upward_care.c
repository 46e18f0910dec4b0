/*
 * ph-report upward --care: for the district, the bureau or the union, per
 * school, its pupils and psychology teachers (as staffing counts them),
 * the events held this school year (as activity counts them), and the
 * crisis and referral cases opened this school year and how many of them
 * are closed.  The cases' counts are about few people: small ones are
 * hidden as in upward, a second one wherever the total would give one
 * back.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "report_schools.h"
#include "xalloc.h"

enum { K_PUPILS, K_TEACHERS, K_EVENTS, K_CRISES, K_CRISES_CLOSED,
    K_REFERRALS, K_REFERRALS_CLOSED, K_COLS };

static int
care_staffing(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	struct school *sc = schools_of(ctx, school);

	(void)need;
	sc->pupils += pupils;
	sc->teachers += have;
	return 0;
}

/* The cases opened this school year, of people without a unit in a row
 * '-'. */
static int
care_cases(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st = schools_year_stmt(db, c, sql_report_cases_this_year);
	int rc;

	while (db_row(db, st, &rc)) {
		const char *path = *db_column_text(st, 0) ?
		    db_column_text(st, 0) : "-";
		long long *n = strcmp(db_column_text(st, 1), "crisis") == 0 ?
		    schools_of(t, path)->crises : schools_of(t, path)->referrals;

		n[0] += sqlite3_column_int64(st, 2);
		n[1] += sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return rc;
}

/* One file's schools added to all: the schools, then an event for
 * everyone counted for each, then the cases. */
static int
care_file(sqlite3 *db, const struct cli *c, const double want[2],
    struct schools *all)
{
	struct schools t;
	int rc;

	schools_init(&t);
	if ((rc = report_staffing_rows(db, want, care_staffing, &t)) == 0 &&
	    (rc = schools_held_so_far(db, c, &t)) == 0)
		rc = care_cases(db, c, &t);
	for (size_t j = 0; rc == 0 && j < t.n; j++) {
		const struct school *from = &t.s[j];
		struct school *to = schools_of(all, from->path);

		to->pupils += from->pupils;
		to->teachers += from->teachers;
		to->events += from->events;
		for (int k = 0; k < 2; k++) {
			to->crises[k] += from->crises[k];
			to->referrals[k] += from->referrals[k];
		}
	}
	schools_free(&t);
	return rc;
}

/* The schools' counts as a grid, their total last. */
static void
care_grid(const struct schools *all, struct suppress_grid *g)
{
	g->rows = all->n + 1;
	g->v = xcalloc(g->rows * K_COLS, sizeof(*g->v));
	for (size_t j = 0; j < all->n; j++) {
		const struct school *sc = &all->s[j];
		const long long v[K_COLS] = { sc->pupils, sc->teachers,
		    sc->events, sc->crises[0], sc->crises[1],
		    sc->referrals[0], sc->referrals[1] };

		for (int k = 0; k < K_COLS; k++) {
			g->v[j * K_COLS + k] = v[k];
			g->v[all->n * K_COLS + k] += v[k];
		}
	}
}

static int
care_write(const struct cli *c, const struct schools *all,
    const struct suppress_grid *g, long long min_cell)
{
	static const char *const cols[] = { "school", "pupils",
	    "psychology_teachers", "events", "crises", "crises_closed",
	    "referrals", "referrals_closed" };
	struct rec_writer *w = io_writer(c, 8, cols);
	char small[24];
	int out = 0;

	snprintf(small, sizeof(small), "<%lld", min_cell);
	for (size_t j = 0; j < g->rows; j++) {
		char num[K_COLS][24];
		const char *f[8];

		f[0] = j < all->n ? all->s[j].path : "total";
		for (int k = 0; k < K_COLS; k++) {
			snprintf(num[k], sizeof(num[k]), "%lld",
			    g->v[j * K_COLS + k]);
			f[k + 1] = report_shown(g->hidden[j * K_COLS + k],
			    small, num[k]);
		}
		if (rec_write(w, f) != 0)
			out = 1;
	}
	return report_done(w, 0, out);
}

int
report_upward_care(const struct report_dbs *r, const struct cli *c,
    long long min_cell)
{
	static const unsigned char cases_only[K_COLS] = { 0, 0, 0, 1, 1, 1,
	    1 };
	/* a reader knows that no more are closed than were opened */
	static const int order[][2] = { { K_CRISES_CLOSED, K_CRISES },
	    { K_REFERRALS_CLOSED, K_REFERRALS } };
	struct suppress_grid g = { NULL, NULL, 0, K_COLS, cases_only, -1, -1,
	    order, 2 };
	struct schools all;
	double want[2];
	int rc = report_staffing_policy(c, want);

	schools_init(&all);
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = care_file(r->db[i], c, want, &all);
	if (rc == 0) {
		care_grid(&all, &g);
		report_suppress(&g, min_cell);
		rc = care_write(c, &all, &g, min_cell);
	}
	free(g.v);
	free(g.hidden);
	schools_free(&all);
	return rc;
}
