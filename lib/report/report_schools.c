/*
 * Figures per school for compliance, activity and upward --care: see
 * report_schools.h.
 */
#include "report_schools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "counts.h"
#include "db.h"
#include "queries.h"
#include "report.h"
#include "schedule.h"
#include "xalloc.h"

void
schools_init(struct schools *t)
{
	memset(t, 0, sizeof(*t));
	strmap_init(&t->index);
}

void
schools_free(struct schools *t)
{
	for (size_t j = 0; j < t->n; j++)
		free(t->s[j].path);
	free(t->s);
	strmap_free(&t->index);
}

struct school *
schools_of(struct schools *t, const char *path)
{
	const char *slash = strchr(path, '/');
	char *name = slash ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(path);
	size_t i = report_row(&t->index, &t->s, &t->n, &t->cap,
	    sizeof(*t->s), name);

	free(name);
	return &t->s[i];
}

int
schools_activity_cells(const struct school *sc, char n[9][24])
{
	if (sc->all[T_COVERAGE] == 0 && sc->all[T_LESSONS] == 0 &&
	    sc->all[T_VISITS] == 0)
		return 0;
	snprintf(n[0], 24, "%lld", sc->all[T_LESSONS]);
	snprintf(n[1], 24, "%lld", sc->lessons);
	snprintf(n[2], 24, "%lld", sc->all[T_LESSONS] - sc->done[T_LESSONS]);
	snprintf(n[3], 24, "%lld", sc->all[T_VISITS]);
	snprintf(n[4], 24, "%lld", sc->done[T_VISITS]);
	snprintf(n[5], 24, "%lld.%lld", sc->room_tenths / 10,
	    sc->room_tenths % 10);
	snprintf(n[6], 24, "%lld", sc->sessions);
	counts_rate(sc->came, sc->could, n[7]);
	snprintf(n[8], 24, "%lld", sc->events);
	return 1;
}

sqlite3_stmt *
schools_year_stmt(sqlite3 *db, const struct cli *c, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	char year[11];

	clock_school_year(c->now, year);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_TRANSIENT);
	return st;
}

int
schools_held_so_far(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st = schools_year_stmt(db, c, sql_report_groups_held);
	int rc;

	while (db_row(db, st, &rc)) {
		struct school *sc = schools_of(t, db_column_text(st, 0));

		sc->sessions += sqlite3_column_int64(st, 1);
		sc->came += sqlite3_column_int64(st, 2);
		sc->could += sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	st = schools_year_stmt(db, c, sql_report_events_held);
	while (db_row(db, st, &rc)) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			schools_of(t, db_column_text(st, 0))->events++;
		else
			for (size_t i = 0; i < t->n; i++)
				t->s[i].events++;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Red cards' first talks that have fallen due (seen, or overdue): how
 * many were seen in time. */
static void
first_talk_figures(const struct first_talks *f, struct schools *t)
{
	for (size_t i = 0; i < f->n; i++) {
		const long long *v = f->rows[i].v;
		struct school *sc = schools_of(t, f->rows[i].unit);

		sc->all[T_FOLLOWUPS] += v[FT_IN_TIME] + v[FT_LATE] +
		    v[FT_OVERDUE];
		sc->done[T_FOLLOWUPS] += v[FT_IN_TIME];
	}
}

/* Coverage of the file's latest campaign (none: nothing to count). */
static int
coverage_figures(sqlite3 *db, const struct cli *c, struct schools *t)
{
	long long campaign = counts_campaign(db, NULL, c->now);
	struct counts k;
	int rc;

	if (campaign <= 0)
		return (int)-campaign;
	if ((rc = counts_coverage(db, campaign, NULL, "top", &k)) != 0)
		return rc;
	for (size_t i = 0; i < k.n; i++) {
		struct school *sc = schools_of(t, k.rows[i].path);

		sc->all[T_COVERAGE] += k.rows[i].v[0];
		sc->done[T_COVERAGE] += k.rows[i].v[1];
	}
	counts_free(&k);
	return 0;
}

/* The lessons of this term, class by class (none without a term), and
 * the home visits of this school year. */
static int
lesson_visit_figures(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sched_lesson_status_stmt(db, c, NULL, NULL, &st)) != 0)
		return rc;
	while (st != NULL && db_row(db, st, &rc)) {
		struct school *sc = schools_of(t, db_column_text(st, 0));

		sc->all[T_LESSONS]++;
		sc->done[T_LESSONS] += strcmp(db_column_text(st, 5), "ok") == 0;
		sc->lessons += sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	st = sched_visits_stmt(db, c);
	while (db_row(db, st, &rc)) {
		struct school *sc = schools_of(t, db_column_text(st, 0));

		sc->all[T_VISITS] += sqlite3_column_int64(st, 1);
		sc->done[T_VISITS] += sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The rooms' hours on each school weekday. */
static int
room_figures(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = sched_hours(db, c, &rc)) == NULL)
		return rc;
	while (db_row(db, st, &rc)) {
		struct school *sc = schools_of(t, db_column_text(st, 0));

		sc->all[T_ROOMS]++;
		sc->done[T_ROOMS] += strcmp(db_column_text(st, 4), "ok") == 0;
		sc->room_tenths += (long long)(sqlite3_column_double(st, 2) *
		    10 + 0.5);
	}
	sqlite3_finalize(st);
	return rc;
}

int
schools_figures(sqlite3 *db, const struct cli *c,
    const struct first_talks *firsts, struct schools *t)
{
	struct first_talks read;
	int rc;

	memset(&read, 0, sizeof(read));
	if ((rc = coverage_figures(db, c, t)) == 0 &&
	    (rc = lesson_visit_figures(db, c, t)) == 0 &&
	    (firsts != NULL ||
	    (rc = sched_first_talks(db, c, NULL, &read)) == 0)) {
		first_talk_figures(firsts != NULL ? firsts : &read, t);
		rc = room_figures(db, c, t);
	}
	sched_first_talks_free(&read);
	return rc;
}
