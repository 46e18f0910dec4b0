/*
 * ph-report activity: per school, classes and lessons held, classes
 * behind, pupils and families visited, room hours a week, group sessions
 * and their attendance, events, this term and school year (the figures
 * of report_schools.c); --by class: per class, its class teachers,
 * pupils, families visited, lessons held and due.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "counts.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "report_schools.h"
#include "schedule.h"
#include "xalloc.h"

/* One school's row, unless it is not a school with pupils. */
static void
school_row(const struct school *sc, struct rec_writer *w, int *out)
{
	char n[9][24];
	const char *f[10] = { sc->path, n[0], n[1], n[2], n[3], n[4], n[5],
	    n[6], n[7], n[8] };

	if (schools_activity_cells(sc, n) && rec_write(w, f) != 0)
		*out = 1;
}

/* The term's lessons by class: held and due, and the verdict. */
struct class_lessons {
	struct strmap index;	/* class path -> row */
	char (*figures)[2][24];
	const char **verdicts;
	size_t n, cap;
};

static int
class_lessons_load(sqlite3 *db, const struct cli *c, const char *path,
    struct class_lessons *l)
{
	sqlite3_stmt *st;
	int rc;

	memset(l, 0, sizeof(*l));
	strmap_init(&l->index);
	if ((rc = sched_lesson_status_stmt(db, c, NULL, path, &st)) != 0 ||
	    st == NULL)
		return rc;	/* none without a term */
	while (db_row(db, st, &rc)) {
		l->figures = xgrow(l->figures, &l->cap, l->n + 1,
		    sizeof(*l->figures));
		l->verdicts = xrealloc(l->verdicts, l->cap *
		    sizeof(*l->verdicts));
		snprintf(l->figures[l->n][0], 24, "%lld",
		    sqlite3_column_int64(st, 2));
		snprintf(l->figures[l->n][1], 24, "%lld",
		    sqlite3_column_int64(st, 3));
		l->verdicts[l->n] = strcmp(db_column_text(st, 5), "ok") == 0 ?
		    "ok" : "behind";
		strmap_put(&l->index, db_column_text(st, 0), (long long)l->n++);
	}
	sqlite3_finalize(st);
	return rc;
}

static void
class_lessons_free(struct class_lessons *l)
{
	strmap_free(&l->index);
	free(l->figures);
	free(l->verdicts);
}

/* Each class at or under path (NULL: all) with pupils, as the home
 * visits' statement lists them, with its teachers and lessons. */
static int
class_rows(sqlite3 *db, const struct cli *c, const char *path,
    const struct class_lessons *l, struct rec_writer *w, int *out)
{
	sqlite3_stmt *visits = sched_visits_stmt(db, c);
	sqlite3_stmt *teachers = db_prepare(db, sql_report_class_teachers);
	size_t len = path ? strlen(path) : 0;
	int rc;

	while (db_row(db, visits, &rc)) {
		const char *where = db_column_text(visits, 0);
		char pupils[24], visited[24], *names = NULL;
		long long k;
		int found = strmap_get(&l->index, where, &k);
		const char *f[7] = { where, "", pupils, visited,
		    found ? l->figures[k][0] : "", found ? l->figures[k][1] :
		    "", found ? l->verdicts[k] : "" };

		if (path != NULL && strcmp(where, path) != 0 &&
		    (strncmp(where, path, len) != 0 || where[len] != '/'))
			continue;
		snprintf(pupils, sizeof(pupils), "%lld",
		    sqlite3_column_int64(visits, 1));
		snprintf(visited, sizeof(visited), "%lld",
		    sqlite3_column_int64(visits, 2));
		sqlite3_bind_text(teachers, 1, where, -1, SQLITE_STATIC);
		if ((rc = db_text(db, teachers, &names)) == 0)
			f[1] = names;
		else if (rc != DB_NONE) {
			sqlite3_reset(visits);
			break;
		}
		rc = 0;
		if (rec_write(w, f) != 0)
			*out = 1;
		free(names);
	}
	sqlite3_finalize(teachers);
	sqlite3_finalize(visits);
	return rc;
}

/* activity --by class: each class with pupils, its class teachers, the
 * families visited this school year and the term's lessons, from the
 * same statements as the per-school figures. */
static int
activity_classes(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "class", "class_teacher",
	    "pupils", "families_visited", "lessons_held", "lessons_due",
	    "verdict" };
	struct rec_writer *w = io_writer(c, 7, cols);
	int rc = 0, out = 0;

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct class_lessons lessons;
		char *path;
		long long unit;

		if (!report_unit_in(r->db[i], o->unit, &path, &unit))
			continue;
		if ((rc = class_lessons_load(r->db[i], c, path, &lessons)) ==
		    0)
			rc = class_rows(r->db[i], c, path, &lessons, w, &out);
		class_lessons_free(&lessons);
		free(path);
	}
	return report_done(w, rc, out);
}

int
report_activity(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "school", "classes",
	    "lessons_held", "classes_behind", "pupils", "families_visited",
	    "room_hours_a_week", "group_sessions", "group_attendance",
	    "events" };
	struct rec_writer *w;
	int rc = 0, out = 0;

	if (o->by != NULL && strcmp(o->by, "class") == 0)
		return activity_classes(r, c, o);
	w = io_writer(c, 10, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools t;

		schools_init(&t);
		if ((rc = schools_figures(r->db[i], c, NULL, &t)) == 0)
			rc = schools_held_so_far(r->db[i], c, &t);
		for (size_t j = 0; rc == 0 && j < t.n; j++)
			school_row(&t.s[j], w, &out);
		schools_free(&t);
	}
	return report_done(w, rc, out);
}
