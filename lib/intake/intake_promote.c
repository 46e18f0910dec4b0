/*
 * The school year rolls over: grade units move up with their cohort (a
 * class keeps its id, its pupils and, as class teachers usually follow
 * their class, its roles), and the top grade of each school graduates.
 */
#include "intake.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "norm.h"
#include "xalloc.h"

#define PROMOTE_GAP_DAYS 180

/*
 * The last grade of the stage a school's highest grade is in.  A school
 * of grades 7-12 graduates 高三, and its 九年级 moves on to 高一: a
 * complete middle school is treated as one stage.
 */
static int
stage_end(int top)
{
	if (top <= 6)
		return 6;
	if (top <= 9)
		return 9;
	if (top <= 12)
		return 12;
	return top;
}

struct promoter {
	sqlite3 *db;
	struct audit *audit;
	struct rec_writer *out;
	sqlite3_stmt *rename, *graduate, *count, *exists;
	time_t now;
	int year;
};

/* Renames a unit and rewrites the paths of it and everything below. */
static int
move_unit(struct promoter *p, long long id, const char *old_path,
    const char *new_path, const char *new_name, int level, int graduated)
{
	int rc;

	sqlite3_bind_text(p->rename, 1, new_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->rename, 2, old_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->rename, 3, new_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(p->rename, 4, level);
	sqlite3_bind_int(p->rename, 5, graduated);
	sqlite3_bind_int64(p->rename, 6, id);
	rc = sqlite3_step(p->rename);
	sqlite3_reset(p->rename);
	if (rc != SQLITE_DONE)
		return db_fail(p->db, "promote");
	return 0;
}

static int
path_taken(struct promoter *p, const char *path)
{
	int taken;

	sqlite3_bind_text(p->exists, 1, path, -1, SQLITE_STATIC);
	taken = sqlite3_step(p->exists) == SQLITE_ROW;
	sqlite3_reset(p->exists);
	return taken;
}

static int
one_grade(struct promoter *p, const char *school, long long id,
    const char *path, const char *name, int level, int top)
{
	char *new_name, *new_path, *detail, classes[24], students[24];
	const char *values[6];
	int graduate = level >= top, rc;
	long nclasses = 0, nstudents = 0;

	sqlite3_bind_int64(p->count, 1, id);
	if (sqlite3_step(p->count) == SQLITE_ROW) {
		nclasses = sqlite3_column_int(p->count, 0);
		nstudents = sqlite3_column_int(p->count, 1);
	}
	sqlite3_reset(p->count);
	if (graduate)
		new_name = xasprintf("%s(%d届)", name, p->year);
	else
		new_name = xstrdup(norm_grade_name(level + 1));
	new_path = xasprintf("%s/%s", school, new_name);
	for (int n = 2; graduate && path_taken(p, new_path); n++) {
		free(new_name);
		free(new_path);
		new_name = xasprintf("%s(%d届-%d)", name, p->year, n);
		new_path = xasprintf("%s/%s", school, new_name);
	}
	if ((rc = move_unit(p, id, path, new_path, new_name,
	    graduate ? level : level + 1, graduate)) != 0)
		goto done;
	if (graduate) {
		sqlite3_bind_int64(p->graduate, 1, (sqlite3_int64)p->now);
		sqlite3_bind_int64(p->graduate, 2, id);
		rc = sqlite3_step(p->graduate);
		sqlite3_reset(p->graduate);
		if (rc != SQLITE_DONE) {
			rc = db_fail(p->db, "promote");
			goto done;
		}
	}
	detail = xasprintf("-> %s, %ld classes, %ld students", new_path,
	    nclasses, nstudents);
	rc = audit_append(p->audit, graduate ? "unit.graduate" :
	    "unit.promote", path, detail);
	free(detail);
	snprintf(classes, sizeof(classes), "%ld", nclasses);
	snprintf(students, sizeof(students), "%ld", nstudents);
	values[0] = school;
	values[1] = name;
	values[2] = new_name;
	values[3] = classes;
	values[4] = students;
	values[5] = graduate ? "graduate" : "promote";
	if (rc == 0 && rec_write(p->out, values) != 0)
		rc = EX_IOERR;
done:
	free(new_name);
	free(new_path);
	return rc;
}

static int
too_soon(sqlite3 *db, time_t now, int force)
{
	char *last = db_meta_get(db, "last_promote");
	time_t then;
	int soon = 0;

	if (last != NULL && clock_parse(last, &then) == 0 &&
	    difftime(now, then) < PROMOTE_GAP_DAYS * 86400.0 && !force) {
		warnx("the school year was already rolled over on %s; use "
		    "--force to do it again", last);
		soon = 1;
	}
	free(last);
	return soon;
}

int
intake_promote(sqlite3 *db, const struct cli *c, int dry_run, int force)
{
	static const char *const cols[] = { "school", "from", "to", "classes",
	    "students", "action" };
	struct promoter p;
	sqlite3_stmt *schools, *grades;
	struct tm tm;
	char today[11];
	int rc, step;

	memset(&p, 0, sizeof(p));
	if ((rc = db_begin(db)) != 0)
		return rc;
	if (too_soon(db, c->now, force)) {
		db_rollback(db);
		return EX_DATAERR;
	}
	p.db = db;
	p.now = c->now;
	clock_local(c->now, &tm);
	p.year = tm.tm_year + 1900;
	p.audit = audit_new(db, c->now, c->actor);
	p.rename = db_prepare(db,
	    "UPDATE unit SET path = ?1 || substr(path, length(?2) + 1), "
	    "name = CASE WHEN id = ?6 THEN ?3 ELSE name END, "
	    "level = CASE WHEN id = ?6 THEN ?4 ELSE level END, "
	    "status = CASE WHEN ?5 THEN 'graduated' ELSE status END "
	    "WHERE path = ?2 OR substr(path, 1, length(?2) + 1) = ?2 || '/'");
	p.graduate = db_prepare(db,
	    "UPDATE person SET status = 'graduated', updated_at = ?1 "
	    "WHERE status = 'active' AND kind = 'student' AND unit_id IN "
	    "(SELECT id FROM unit WHERE parent_id = ?2)");
	p.count = db_prepare(db,
	    "SELECT (SELECT count(*) FROM unit WHERE parent_id = ?1), "
	    "(SELECT count(*) FROM person WHERE status = 'active' AND "
	    "kind = 'student' AND unit_id IN (SELECT id FROM unit WHERE "
	    "parent_id = ?1))");
	p.exists = db_prepare(db, "SELECT 1 FROM unit WHERE path = ?");
	p.out = io_writer(c, 6, cols);
	schools = db_prepare(db, "SELECT s.path, (SELECT max(level) FROM "
	    "unit g WHERE g.parent_id = s.id AND g.kind = 'grade' AND "
	    "g.status = 'active') FROM unit s WHERE s.kind = 'school' "
	    "ORDER BY s.path");
	grades = db_prepare(db, "SELECT g.id, g.path, g.name, g.level FROM "
	    "unit g JOIN unit s ON s.id = g.parent_id WHERE s.path = ? AND "
	    "g.kind = 'grade' AND g.status = 'active' ORDER BY g.level DESC");
	while (rc == 0 && (step = sqlite3_step(schools)) == SQLITE_ROW) {
		char *school = xstrdup(db_column_text(schools, 0));
		int top;

		if (sqlite3_column_type(schools, 1) == SQLITE_NULL) {
			free(school);
			continue;
		}
		top = stage_end(sqlite3_column_int(schools, 1));
		sqlite3_bind_text(grades, 1, school, -1, SQLITE_STATIC);
		/* Collect first: moving units changes what the query sees. */
		{
			struct g { long long id; char *path, *name; int level; }
			    *list = NULL;
			size_t n = 0, cap = 0;
			int listed;

			while ((listed = sqlite3_step(grades)) == SQLITE_ROW) {
				list = xgrow(list, &cap, n + 1, sizeof(*list));
				list[n].id = sqlite3_column_int64(grades, 0);
				list[n].path = xstrdup(db_column_text(grades, 1));
				list[n].name = xstrdup(db_column_text(grades, 2));
				list[n].level = sqlite3_column_int(grades, 3);
				n++;
			}
			sqlite3_reset(grades);
			if (listed != SQLITE_DONE)
				rc = db_fail(db, "promote");
			for (size_t i = 0; i < n; i++) {
				if (rc == 0)
					rc = one_grade(&p, school, list[i].id,
					    list[i].path, list[i].name,
					    list[i].level, top);
				free(list[i].path);
				free(list[i].name);
			}
			free(list);
		}
		free(school);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, "promote");
	sqlite3_finalize(schools);
	sqlite3_finalize(grades);
	sqlite3_finalize(p.rename);
	sqlite3_finalize(p.graduate);
	sqlite3_finalize(p.count);
	sqlite3_finalize(p.exists);
	clock_date(c->now, today);
	if (rc == 0)
		rc = db_meta_set(db, "last_promote", today);
	audit_free(p.audit);
	{
		int wrc = io_writer_close(p.out);
		rc = rc ? rc : wrc;
	}
	if (rc != 0 || dry_run) {
		db_rollback(db);
		if (rc == 0)
			fprintf(stderr, "ph-intake: dry run: nothing was changed\n");
		return rc;
	}
	return db_commit(db);
}
