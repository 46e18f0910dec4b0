/*
 * ph-report compliance: every target of the policy with its figure and
 * whether it is met, per school.  Each figure comes from the program that
 * owns it (report_schools.c; staffing from its own query), so that
 * compliance says what the other reports say.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "counts.h"
#include "db.h"
#include "io.h"
#include "rec.h"
#include "report_schools.h"
#include "schedule.h"
#include "xalloc.h"

struct compliance_rows {
	struct rec_writer *w;
	int out;
};

static void
write_row(struct compliance_rows *k, const char *const f[5])
{
	if (rec_write(k->w, f) != 0)
		k->out = 1;
}

/* The year's events: the file's own lines, under its school when it has
 * one. */
static int
event_rows(sqlite3 *db, const struct cli *c, const struct schools *t,
    struct compliance_rows *k)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sched_event_status_stmt(db, c, NULL, &st)) != 0)
		return rc;
	while (db_row(db, st, &rc)) {
		char *target = xasprintf("%s (%s)", db_column_text(st, 0),
		    db_column_text(st, 1));
		char *required = xasprintf("%s this school year",
		    db_column_text(st, 3));
		const char *f[5] = { t->n == 1 ? t->s[0].path : "all", target,
		    db_column_text(st, 2), required,
		    sqlite3_column_int64(st, 2) >= sqlite3_column_int64(st, 3) ?
		    "met" : "short" };

		write_row(k, f);
		free(target);
		free(required);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
staff_row(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	char figure[64], required[64];
	const char *f[5] = { school, "psychology teachers", figure, required,
	    have >= need ? "met" : "short" };

	snprintf(figure, sizeof(figure), "%lld", have);
	snprintf(required, sizeof(required), "%lld for %lld pupils", need,
	    pupils);
	write_row(ctx, f);
	return 0;
}

/* Each school's targets that have something to measure. */
static void
target_rows(const struct schools *t, struct compliance_rows *k)
{
	static const char *const names[T_COUNT] = { "screening coverage",
	    "classes with their lessons this term",
	    "families visited this school year",
	    "red cards' first talks in time",
	    "school weekdays with the rooms' hours" };
	static const char *const required[T_COUNT] = { "everyone",
	    "every class", "every family", "every one", "every weekday" };

	for (size_t j = 0; j < t->n; j++)
		for (int m = 0; m < T_COUNT; m++) {
			const struct school *sc = &t->s[j];
			char figure[96], rate[16];
			const char *f[5] = { sc->path, names[m], figure,
			    required[m], sc->done[m] >= sc->all[m] ? "met" :
			    "short" };

			if (sc->all[m] == 0)
				continue;	/* nothing to measure */
			counts_rate(sc->done[m], sc->all[m], rate);
			snprintf(figure, sizeof(figure), "%lld of %lld (%s)",
			    sc->done[m], sc->all[m], rate);
			write_row(k, f);
		}
}

int
report_compliance(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "unit", "target", "figure",
	    "required", "verdict" };
	struct compliance_rows k = { io_writer(c, 5, cols), 0 };
	double want[2];
	int rc = report_staffing_policy(c, want);

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools t;

		schools_init(&t);
		if ((rc = schools_figures(r->db[i], c, &t)) == 0)
			target_rows(&t, &k);
		if (rc == 0)
			rc = report_staffing_rows(r->db[i], want, staff_row, &k);
		if (rc == 0)
			rc = event_rows(r->db[i], c, &t, &k);
		schools_free(&t);
	}
	return report_done(k.w, rc, k.out);
}
