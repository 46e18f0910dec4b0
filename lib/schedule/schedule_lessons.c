/*
 * Psychology lessons (a lesson every two weeks and at least 9 a term for
 * every class, by the policy) and home visits (every pupil's family once
 * a school year).
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "io.h"
#include "norm.h"
#include "people.h"
#include "policy.h"
#include "queries.h"
#include "rec.h"
#include "rows.h"
#include "run_policy.h"
#include "units.h"
#include "xalloc.h"

/* The policy's lessons: one in every so many days, so many a term. */
static int
lesson_targets(const struct cli *c, long *every, long *minimum)
{
	const struct policy *p = policy_of(c, 0);

	if (p == NULL)
		return EX_CONFIG;
	*every = (long)p->numbers.lesson_every_days;
	*minimum = (long)p->numbers.lessons_per_term;
	return 0;
}

/* The term with that code: 0 with its id and days, EX_DATAERR after a
 * message, or a sysexits code. */
static int
find_term(sqlite3 *db, const char *code, long long *id, char from[11],
    char to[11])
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_term_by_code);
	int rc;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (db_row_or_warn(db, st, &rc, "no term '%s' (see ph-schedule term "
	    "set)", code)) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(from, 11, "%s", db_column_text(st, 1));
		snprintf(to, 11, "%s", db_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc;
}

/* A term's lessons being planned. */
struct lesson_plan {
	sqlite3 *db;
	sqlite3_stmt *put, *next, *closed;
	long long term;
	char from[11], to[11];
	long every;
};

/* One lesson in each block of `every` days for class, on the block's
 * first school day, classes spread over the days of a week: 0 with
 * *planned, or a sysexits code. */
static int
plan_class(struct lesson_plan *p, long long class, long *planned)
{
	char day[11], block_end[11];
	long offset = class % 5;
	int rc = 0, open;

	snprintf(day, sizeof(day), "%s", p->from);
	while (strcmp(day, p->to) <= 0 && rc == 0) {
		time_t t = 0;
		char *at = xasprintf("%s 12:00", day);
		int placed = 0;

		(void)clock_parse(at, &t);
		free(at);
		clock_date(t + (p->every - 1) * 86400, block_end);
		for (long skip = offset; rc == 0 &&
		    strcmp(day, block_end) <= 0 && strcmp(day, p->to) <= 0;) {
			if (!placed && (rc = calendar_school_day(p->db,
			    p->closed, day, &open)) == 0 && open &&
			    skip-- <= 0) {
				sqlite3_bind_int64(p->put, 1, class);
				sqlite3_bind_int64(p->put, 2, p->term);
				sqlite3_bind_text(p->put, 3, day, -1,
				    SQLITE_TRANSIENT);
				rc = db_run(p->db, p->put);
				placed = 1;
				(*planned)++;
			}
			if (rc == 0)
				rc = sched_next_day(p->db, p->next, day);
		}
	}
	return rc;
}

/* Each class at or under path not planned yet, planned, with how many
 * lessons it got. */
static int
plan_classes(struct lesson_plan *p, const char *path, struct rec_writer *w)
{
	sqlite3_stmt *classes = db_prepare(p->db,
	    sql_sched_lesson_unplanned_classes);
	int rc = 0, step = 0;

	sqlite3_bind_int64(classes, 1, p->term);
	db_bind_text_or_null(classes, 2, path);
	while (rc == 0 && db_row(p->db, classes, &step)) {
		char n[24];
		const char *v[2] = { db_column_text(classes, 1), n };
		long planned = 0;

		rc = plan_class(p, sqlite3_column_int64(classes, 0), &planned);
		snprintf(n, sizeof(n), "%ld", planned);
		if (rc == 0 && rec_write(w, v) != 0)
			rc = EX_IOERR;
	}
	sqlite3_finalize(classes);
	return rc ? rc : step;
}

int
sched_lesson_plan(sqlite3 *db, const struct cli *c, const char *term,
    const char *unit)
{
	static const char *const cols[] = { "class", "planned" };
	struct lesson_plan p = { db, NULL, NULL, NULL, 0, "", "", 0 };
	char *path = NULL;
	long minimum;
	struct rec_writer *w;
	int rc, wrc;

	if ((rc = lesson_targets(c, &p.every, &minimum)) != 0)
		return rc;
	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0) {
		free(path);
		return rc;
	}
	if ((rc = find_term(db, term, &p.term, p.from, p.to)) != 0) {
		free(path);
		return db_end(db, rc);
	}
	p.put = db_prepare(db, sql_sched_lesson_plan_put);
	p.next = db_prepare(db, sql_sched_next_day);
	p.closed = db_prepare(db, sql_sched_closed_why);
	w = io_writer(c, 2, cols);
	rc = plan_classes(&p, path, w);
	sqlite3_finalize(p.put);
	sqlite3_finalize(p.next);
	sqlite3_finalize(p.closed);
	free(path);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "lesson.plan", term, "");
	wrc = io_writer_close(w);
	rc = db_end(db, rc);
	return rc ? rc : wrc;
}

/* Runs sql (the lesson of class unit held on date) with its topic and
 * by: 0 with *changed, or a sysexits code. */
static int
lesson_held(sqlite3 *db, const char *sql, long long unit, const char *date,
    const char *topic, const char *by, int *changed)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, topic, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, by);
	rc = db_run_once(db, st);
	*changed = rc == 0 && sqlite3_changes(db) > 0;
	return rc;
}

int
sched_lesson_record(sqlite3 *db, const struct cli *c, const char *cls,
    const char *day, const char *topic, const char *by)
{
	char *path = NULL, date[11], *why = NULL, *detail;
	long long unit;
	int rc, changed;

	if (norm_date(day, date, &why) != 0) {
		warnx("'%s': %s", day, why);
		free(why);
		return EX_USAGE;
	}
	if (units_resolve(db, cls, &unit, &path, &why) != 0) {
		warnx("%s: %s", cls, why);
		free(why);
		return EX_DATAERR;
	}
	if ((rc = db_begin(db)) != 0) {
		free(path);
		return rc;
	}
	/* the planned lesson of that day, else of the nearest day not held
	 * within a week, else a lesson of its own */
	if ((rc = lesson_held(db, sql_sched_lesson_hold, unit, date, topic, by,
	    &changed)) == 0 && !changed)
		rc = lesson_held(db, sql_sched_lesson_held_put, unit, date,
		    topic, by, &changed);
	detail = xasprintf("%s %s: %s", path, date, topic);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "lesson.record", path,
		    detail);
	free(detail);
	free(path);
	return db_end(db, rc);
}

/* The term of today, else the latest: 0 with its id and days, DB_NONE
 * when there is no term, or a sysexits code. */
static int
current_term(sqlite3 *db, const struct cli *c, long long *id, char from[11],
    char to[11])
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_term_current);
	char today[11], *code = NULL;
	int rc;

	clock_date(c->now, today);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	rc = db_text(db, st, &code);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = find_term(db, code, id, from, to);
	free(code);
	return rc;
}

int
sched_lesson_status_stmt(sqlite3 *db, const struct cli *c, const char *term,
    const char *path, sqlite3_stmt **out)
{
	char from[11], to[11], today[11];
	long long tid;
	long every, minimum;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = lesson_targets(c, &every, &minimum)) != 0)
		return rc;
	if (term == NULL)
		rc = current_term(db, c, &tid, from, to);
	else
		rc = find_term(db, term, &tid, from, to);
	if (rc != 0)
		return rc == DB_NONE ? 0 : rc;	/* no term: no lessons */
	clock_date(c->now, today);
	st = db_prepare(db, sql_sched_lesson_status);
	sqlite3_bind_int64(st, 1, tid);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, every);
	sqlite3_bind_int64(st, 6, minimum);
	db_bind_text_or_null(st, 7, path);
	*out = st;
	return 0;
}

int
sched_lesson_status(sqlite3 *db, const struct cli *c, const char *term,
    const char *unit)
{
	static const char *const cols[] = { "class", "planned", "held",
	    "due_by_now", "minimum", "verdict" };
	char *path = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	rc = sched_lesson_status_stmt(db, c, term, path, &st);
	free(path);
	if (rc != 0)
		return rc;
	return rows_print(db, c, st, 6, cols);
}

int
sched_visit_record(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *by, const char *day, const char *note)
{
	char date[11], *why = NULL, *detail;
	long long person;
	sqlite3_stmt *st;
	int rc;

	if (norm_date(day, date, &why) != 0) {
		warnx("--date '%s': %s", day, why);
		free(why);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &person)) != 0)
		return db_end(db, rc);
	st = db_prepare(db, sql_sched_visit_put);
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, note);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	detail = xasprintf("%s by %s", date, by);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "visit.record", person_no,
		    detail);
	free(detail);
	return db_end(db, rc);
}

int
sched_visit_due(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "class", "class_teacher", "id",
	    "name" };
	char year[11], *path = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	clock_school_year(c->now, year);
	st = db_prepare(db, sql_sched_visits_due);
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	db_bind_text_or_null(st, 2, path);
	free(path);
	return rows_print(db, c, st, 4, cols);
}

sqlite3_stmt *
sched_visits_stmt(sqlite3 *db, const struct cli *c)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_visits_per_class);
	char year[11];

	clock_school_year(c->now, year);
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	return st;
}
