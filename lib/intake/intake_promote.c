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
#include "queries.h"
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
	sqlite3_stmt *grades, *rename, *graduate, *count, *exists;
	time_t now;
	int year;
};

/* A grade of a school, as it was before any of them moved. */
struct grade {
	long long id;
	char *path, *name;
	int level;
};

/* Renames a unit and rewrites the paths of it and everything below. */
static int
move_unit(struct promoter *p, const struct grade *g, const char *new_path,
    const char *new_name, int level, int graduated)
{
	sqlite3_bind_text(p->rename, 1, new_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->rename, 2, g->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->rename, 3, new_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(p->rename, 4, level);
	sqlite3_bind_int(p->rename, 5, graduated);
	sqlite3_bind_int64(p->rename, 6, g->id);
	return db_run(p->db, p->rename);
}

/* Whether some unit has path: 0 with *taken set, or a code. */
static int
path_taken(struct promoter *p, const char *path, int *taken)
{
	long long id;
	int rc;

	sqlite3_bind_text(p->exists, 1, path, -1, SQLITE_STATIC);
	rc = db_int(p->db, p->exists, &id);
	*taken = rc == 0;
	return rc == DB_NONE ? 0 : rc;
}

/* The name and path (malloc'd) a grade moves to: the next grade, or for
 * a graduating one its year, numbered when a year's name is taken. */
static int
new_place(struct promoter *p, const char *school, const struct grade *g,
    int graduate, char **name, char **path)
{
	int taken = 0, rc = 0;

	if (graduate)
		*name = xasprintf("%s(%d届)", g->name, p->year);
	else
		*name = xstrdup(norm_grade_name(g->level + 1));
	*path = xasprintf("%s/%s", school, *name);
	for (int n = 2; graduate && (rc = path_taken(p, *path, &taken)) == 0 &&
	    taken; n++) {
		free(*name);
		free(*path);
		*name = xasprintf("%s(%d届-%d)", g->name, p->year, n);
		*path = xasprintf("%s/%s", school, *name);
	}
	return rc;
}

/* How many classes and active pupils a grade has. */
static int
grade_count(struct promoter *p, long long id, long *classes,
    long *students)
{
	int rc = 0;

	*classes = *students = 0;
	sqlite3_bind_int64(p->count, 1, id);
	if (db_row(p->db, p->count, &rc)) {
		*classes = sqlite3_column_int(p->count, 0);
		*students = sqlite3_column_int(p->count, 1);
		sqlite3_reset(p->count);
	}
	return rc;
}

static int
graduate_pupils(struct promoter *p, long long grade)
{
	sqlite3_bind_int64(p->graduate, 1, (sqlite3_int64)p->now);
	sqlite3_bind_int64(p->graduate, 2, grade);
	return db_run(p->db, p->graduate);
}

/* A grade moved: in the audit trail, and as a record. */
static int
report_grade(struct promoter *p, const char *school, const struct grade *g,
    const char *new_name, const char *new_path, int graduate,
    long nclasses, long nstudents)
{
	char *detail, classes[24], students[24];
	const char *values[6];
	int rc;

	detail = xasprintf("-> %s, %ld classes, %ld students", new_path,
	    nclasses, nstudents);
	rc = audit_append(p->audit, graduate ? "unit.graduate" :
	    "unit.promote", g->path, detail);
	free(detail);
	snprintf(classes, sizeof(classes), "%ld", nclasses);
	snprintf(students, sizeof(students), "%ld", nstudents);
	values[0] = school;
	values[1] = g->name;
	values[2] = new_name;
	values[3] = classes;
	values[4] = students;
	values[5] = graduate ? "graduate" : "promote";
	if (rc == 0 && rec_write(p->out, values) != 0)
		rc = EX_IOERR;
	return rc;
}

/* One grade up, or graduated when it is the top of its stage. */
static int
one_grade(struct promoter *p, const char *school, const struct grade *g,
    int top)
{
	char *new_name = NULL, *new_path = NULL;
	int graduate = g->level >= top, rc;
	long nclasses, nstudents;

	if ((rc = grade_count(p, g->id, &nclasses, &nstudents)) == 0 &&
	    (rc = new_place(p, school, g, graduate, &new_name,
	    &new_path)) == 0 &&
	    (rc = move_unit(p, g, new_path, new_name,
	    graduate ? g->level : g->level + 1, graduate)) == 0 && graduate)
		rc = graduate_pupils(p, g->id);
	if (rc == 0)
		rc = report_grade(p, school, g, new_name, new_path, graduate,
		    nclasses, nstudents);
	free(new_name);
	free(new_path);
	return rc;
}

/* The school's grades, listed before any moves: moving units changes
 * what the query sees. */
static int
list_grades(struct promoter *p, const char *school, struct grade **list,
    size_t *n)
{
	size_t cap = 0;
	int rc = 0;

	*list = NULL;
	*n = 0;
	sqlite3_bind_text(p->grades, 1, school, -1, SQLITE_STATIC);
	while (db_row(p->db, p->grades, &rc)) {
		struct grade *g;

		*list = xgrow(*list, &cap, *n + 1, sizeof(**list));
		g = &(*list)[(*n)++];
		g->id = sqlite3_column_int64(p->grades, 0);
		g->path = xstrdup(db_column_text(p->grades, 1));
		g->name = xstrdup(db_column_text(p->grades, 2));
		g->level = sqlite3_column_int(p->grades, 3);
	}
	return rc;
}

static int
promote_school(struct promoter *p, const char *school, int top)
{
	struct grade *list;
	size_t n;
	int rc = list_grades(p, school, &list, &n);

	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = one_grade(p, school, &list[i], top);
		free(list[i].path);
		free(list[i].name);
	}
	free(list);
	return rc;
}

/* Every school that has grades. */
static int
promote_schools(struct promoter *p)
{
	sqlite3_stmt *schools = db_prepare(p->db, sql_intake_promote_schools);
	int rc = 0;

	while (rc == 0 && db_row(p->db, schools, &rc)) {
		char *school;

		if (sqlite3_column_type(schools, 1) == SQLITE_NULL)
			continue;
		school = xstrdup(db_column_text(schools, 0));
		rc = promote_school(p, school,
		    stage_end(sqlite3_column_int(schools, 1)));
		free(school);
	}
	sqlite3_finalize(schools);
	return rc;
}

#define PROMOTER(member, sql) DB_STATEMENT(struct promoter, member, sql)
static const struct db_statement promoter_statements[] = {
	PROMOTER(grades, sql_intake_promote_grades),
	PROMOTER(rename, sql_intake_promote_rename),
	PROMOTER(graduate, sql_intake_promote_graduate),
	PROMOTER(count, sql_intake_promote_count),
	PROMOTER(exists, sql_intake_unit_by_path),
};

static void
promoter_open(struct promoter *p, sqlite3 *db, const struct cli *c)
{
	static const char *const cols[] = { "school", "from", "to", "classes",
	    "students", "action" };
	struct tm tm;

	memset(p, 0, sizeof(*p));
	p->db = db;
	p->now = c->now;
	clock_local(c->now, &tm);
	p->year = tm.tm_year + 1900;
	p->audit = audit_new(db, c->now, c->actor);
	db_prepare_set(db, p, promoter_statements,
	    DB_SET_SIZE(promoter_statements));
	p->out = io_writer(c, sizeof(cols) / sizeof(*cols), cols);
}

/* The statements and the trail closed; the records' writer's status. */
static int
promoter_close(struct promoter *p)
{
	db_finalize_set(p, promoter_statements,
	    DB_SET_SIZE(promoter_statements));
	audit_free(p->audit);
	return io_writer_close(p->out);
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
	struct promoter p;
	char today[11];
	int rc, wrc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if (too_soon(db, c->now, force)) {
		db_rollback(db);
		return EX_DATAERR;
	}
	promoter_open(&p, db, c);
	rc = promote_schools(&p);
	clock_date(c->now, today);
	if (rc == 0)
		rc = db_meta_set(db, "last_promote", today);
	wrc = promoter_close(&p);
	rc = rc ? rc : wrc;
	if (rc == 0 && dry_run) {
		db_rollback(db);
		fprintf(stderr, "ph-intake: dry run: nothing was changed\n");
		return 0;
	}
	return db_end(db, rc);
}
