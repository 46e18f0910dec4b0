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
#include "conf.h"
#include "db.h"
#include "intake.h"
#include "io.h"
#include "norm.h"
#include "policy.h"
#include "rec.h"
#include "rows.h"
#include "units.h"
#include "xalloc.h"

/* The policy's lessons: one in every so many days, so many a term. */
static int
lesson_targets(const struct cli *c, long *every, long *minimum)
{
	static const char *const keys[] = { "every_days", "per_term" };
	double v[2] = { 14, 9 };
	int rc = policy_numbers(c->policy, "lessons", keys, 2, v);

	*every = v[0] >= 1 ? (long)v[0] : 14;
	*minimum = (long)v[1];
	return rc;
}

static int
find_term(sqlite3 *db, const char *code, long long *id, char from[11],
    char to[11])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, date_from, date_to FROM "
	    "term WHERE code = ?");
	int rc = EX_DATAERR;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(from, 11, "%s", db_column_text(st, 1));
		snprintf(to, 11, "%s", db_column_text(st, 2));
		rc = 0;
	} else
		warnx("no term '%s' (see ph-schedule term set)", code);
	sqlite3_finalize(st);
	return rc;
}

int
sched_lesson_plan(sqlite3 *db, const struct cli *c, const char *term,
    const char *unit)
{
	static const char *const cols[] = { "class", "planned" };
	char from[11], to[11], *path = NULL;
	long long tid;
	long every, minimum;
	sqlite3_stmt *classes, *ins, *next;
	struct rec_writer *w;
	int rc, step = SQLITE_DONE;

	if ((rc = lesson_targets(c, &every, &minimum)) != 0)
		return rc;
	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0) {
		free(path);
		return rc;
	}
	if ((rc = find_term(db, term, &tid, from, to)) != 0) {
		free(path);
		return db_end(db, rc);
	}
	/* classes with students, not planned for this term yet */
	classes = db_prepare(db, "WITH" UNITS_ORDER_CTE " SELECT u.id, u.path "
	    "FROM unit u JOIN tree t ON t.id = u.id WHERE u.kind = 'class' AND "
	    "EXISTS (SELECT 1 FROM person p WHERE p.unit_id = u.id AND "
	    "p.status = 'active' AND p.kind = 'student') AND NOT EXISTS "
	    "(SELECT 1 FROM lesson l WHERE l.unit_id = u.id AND l.term_id = ?1 "
	    "AND l.planned) AND (?2 IS NULL OR u.path = ?2 OR substr(u.path, 1, "
	    "length(?2) + 1) = ?2 || '/') ORDER BY t.sortkey");
	sqlite3_bind_int64(classes, 1, tid);
	db_bind_text_or_null(classes, 2, path);
	ins = db_prepare(db, "INSERT INTO lesson (unit_id, term_id, day, "
	    "planned) VALUES (?, ?, ?, 1)");
	next = db_prepare(db, "SELECT date(?, '+1 day')");
	w = io_writer(c, 2, cols);
	while (rc == 0 && (step = sqlite3_step(classes)) == SQLITE_ROW) {
		char day[11], block_end[11], n[24];
		long planned = 0, offset = 0;
		/* one lesson in each block of `every` days: the block's first
		 * school day, classes spread over the days of a week */
		snprintf(day, sizeof(day), "%s", from);
		offset = sqlite3_column_int64(classes, 0) % 5;
		while (strcmp(day, to) <= 0 && rc == 0) {
			time_t t = 0;
			char *at = xasprintf("%s 12:00", day);
			int placed = 0;

			(void)clock_parse(at, &t);
			free(at);
			clock_date(t + (every - 1) * 86400, block_end);
			for (long skip = offset; strcmp(day, block_end) <= 0 &&
			    strcmp(day, to) <= 0;) {
				if (!placed && sched_school_day(db, day) &&
				    skip-- <= 0) {
					sqlite3_bind_int64(ins, 1,
					    sqlite3_column_int64(classes, 0));
					sqlite3_bind_int64(ins, 2, tid);
					sqlite3_bind_text(ins, 3, day, -1,
					    SQLITE_TRANSIENT);
					if (sqlite3_step(ins) != SQLITE_DONE)
						rc = db_fail(db, "lesson plan");
					sqlite3_reset(ins);
					placed = 1;
					planned++;
				}
				sqlite3_bind_text(next, 1, day, -1,
				    SQLITE_TRANSIENT);
				if (sqlite3_step(next) == SQLITE_ROW)
					snprintf(day, sizeof(day), "%s",
					    db_column_text(next, 0));
				sqlite3_reset(next);
			}
		}
		snprintf(n, sizeof(n), "%ld", planned);
		{
			const char *v[2] = { db_column_text(classes, 1), n };
			if (rec_write(w, v) != 0)
				rc = EX_IOERR;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, "lesson plan");
	sqlite3_finalize(classes);
	sqlite3_finalize(ins);
	sqlite3_finalize(next);
	free(path);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "lesson.plan", term, "");
	{
		int wrc = io_writer_close(w);
		rc = db_end(db, rc);
		return rc ? rc : wrc;
	}
}

int
sched_lesson_record(sqlite3 *db, const struct cli *c, const char *cls,
    const char *day, const char *topic, const char *by)
{
	char *path = NULL, date[11], *why = NULL, *detail;
	long long unit;
	sqlite3_stmt *st;
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
	st = db_prepare(db, "UPDATE lesson SET held = 1, topic = ?3, by = ?4, "
	    "day = ?2 WHERE id = (SELECT id FROM lesson WHERE unit_id = ?1 AND "
	    "NOT held AND abs(julianday(day) - julianday(?2)) <= 7 ORDER BY "
	    "abs(julianday(day) - julianday(?2)) LIMIT 1)");
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, topic, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, by);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "lesson");
	changed = sqlite3_changes(db);
	sqlite3_finalize(st);
	if (rc == 0 && !changed) {
		st = db_prepare(db, "INSERT INTO lesson (unit_id, term_id, day, "
		    "held, topic, by) VALUES (?1, (SELECT id FROM term WHERE ?2 "
		    "BETWEEN date_from AND date_to), ?2, 1, ?3, ?4)");
		sqlite3_bind_int64(st, 1, unit);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, topic, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 4, by);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "lesson");
		sqlite3_finalize(st);
	}
	detail = xasprintf("%s %s: %s", path, date, topic);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "lesson.record", path,
		    detail);
	free(detail);
	free(path);
	return db_end(db, rc);
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
	if (term == NULL) {
		/* the term of today, else the latest */
		clock_date(c->now, today);
		st = db_prepare(db, "SELECT code FROM term ORDER BY ?1 BETWEEN "
		    "date_from AND date_to DESC, date_from DESC LIMIT 1");
		sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st) == SQLITE_ROW ? find_term(db,
		    db_column_text(st, 0), &tid, from, to) : -1;
		sqlite3_finalize(st);
		if (rc != 0)
			return rc < 0 ? 0 : rc;	/* no term: no lessons */
	} else if ((rc = find_term(db, term, &tid, from, to)) != 0)
		return rc;
	clock_date(c->now, today);
	/* a class is behind when it has held fewer lessons than the blocks
	 * of `every` days gone by, or (the term over) fewer than minimum */
	st = db_prepare(db, "WITH" UNITS_ORDER_CTE " SELECT u.path, (SELECT "
	    "count(*) FROM lesson l "
	    "WHERE l.unit_id = u.id AND l.term_id = ?1 AND l.planned), "
	    "(SELECT count(*) FROM lesson l WHERE l.unit_id = u.id AND "
	    "l.held AND l.day BETWEEN ?2 AND ?3) AS held, max(0, CAST((julianday("
	    "min(?4, ?3)) - julianday(?2)) / ?5 AS INTEGER)) AS due, ?6, "
	    "CASE WHEN (SELECT count(*) FROM lesson l WHERE l.unit_id = u.id "
	    "AND l.held AND l.day BETWEEN ?2 AND ?3) < max(0, CAST((julianday("
	    "min(?4, ?3)) - julianday(?2)) / ?5 AS INTEGER)) OR (?4 > ?3 AND "
	    "(SELECT count(*) FROM lesson l WHERE l.unit_id = u.id AND l.held "
	    "AND l.day BETWEEN ?2 AND ?3) < ?6) THEN 'behind' ELSE 'ok' END "
	    "FROM unit u JOIN tree t ON t.id = u.id WHERE u.kind = 'class' AND "
	    "EXISTS (SELECT 1 FROM person p WHERE p.unit_id = u.id AND "
	    "p.status = 'active' AND p.kind = 'student') AND (?7 IS NULL OR "
	    "u.path = ?7 OR substr(u.path, 1, length(?7) + 1) = ?7 || '/') "
	    "ORDER BY t.sortkey");
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

	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
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
	if ((person = intake_person_id(db, person_no)) == 0) {
		warnx("no person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "INSERT INTO visit (person_id, day, by, note, at) "
	    "VALUES (?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, note);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "visit");
	sqlite3_finalize(st);
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

	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	clock_school_year(c->now, year);
	st = db_prepare(db, "WITH y(start) AS (SELECT ?1)," UNITS_ORDER_CTE
	    " SELECT u.path, coalesce((SELECT group_concat(k.name, ',') FROM "
	    "role r JOIN contact k ON k.id = r.contact_id WHERE "
	    "r.unit_id = u.id AND r.role = 'class_teacher' AND r.until IS "
	    "NULL), ''), p.person_no, p.name FROM person p JOIN unit u ON "
	    "u.id = p.unit_id JOIN tree t ON t.id = u.id, y WHERE p.status = "
	    "'active' AND p.kind = "
	    "'student' AND NOT EXISTS (SELECT 1 FROM visit v WHERE "
	    "v.person_id = p.id AND v.day >= y.start) AND (?2 IS NULL OR "
	    "u.path = ?2 OR substr(u.path, 1, length(?2) + 1) = ?2 || '/') "
	    "ORDER BY t.sortkey, p.person_no");
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	db_bind_text_or_null(st, 2, path);
	free(path);
	return rows_print(db, c, st, 4, cols);
}

sqlite3_stmt *
sched_visits_stmt(sqlite3 *db, const struct cli *c)
{
	sqlite3_stmt *st;
	char year[11];

	clock_school_year(c->now, year);
	st = db_prepare(db, "WITH y(start) AS (SELECT ?1)," UNITS_ORDER_CTE
	    " SELECT u.path, count(*), sum(EXISTS (SELECT 1 FROM visit v "
	    "WHERE v.person_id = p.id AND v.day >= y.start)) FROM person p "
	    "JOIN unit u ON u.id = p.unit_id JOIN tree t ON t.id = u.id, y "
	    "WHERE p.status = 'active' AND p.kind = 'student' GROUP BY u.id "
	    "ORDER BY t.sortkey");
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	return st;
}
