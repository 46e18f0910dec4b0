#include "units.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "norm.h"
#include "queries.h"
#include "strmap.h"
#include "xalloc.h"

struct units {
	sqlite3 *db;
	sqlite3_stmt *find;
	sqlite3_stmt *insert;
	struct strmap cache;	/* path -> id */
	struct buf path;
	char now[32];
	long created;
};

static const struct db_statement units_statements[] = {
	DB_STATEMENT(struct units, find, sql_units_find),
	DB_STATEMENT(struct units, insert, sql_units_insert),
};

struct units *
units_new(sqlite3 *db, time_t now)
{
	struct units *u = xcalloc(1, sizeof(*u));

	u->db = db;
	db_prepare_set(db, u, units_statements, DB_SET_SIZE(units_statements));
	strmap_init(&u->cache);
	clock_timestamp(now, u->now);
	return u;
}

void
units_free(struct units *u)
{
	if (u == NULL)
		return;
	db_finalize_set(u, units_statements, DB_SET_SIZE(units_statements));
	strmap_free(&u->cache);
	buf_free(&u->path);
	free(u);
}

long
units_created(const struct units *u)
{
	return u->created;
}

/* The id of the unit at path: 0 with *id, DB_NONE, or a code. */
static int
find(struct units *u, const char *path, long long *id)
{
	int rc;

	sqlite3_bind_text(u->find, 1, path, -1, SQLITE_STATIC);
	rc = db_int(u->db, u->find, id);
	sqlite3_clear_bindings(u->find);
	return rc;
}

/* Adds the unit at path: its id, or -1 after a message. */
static long long
insert(struct units *u, long long parent, const char *kind, const char *name,
    const char *path, int level)
{
	if (parent > 0)
		sqlite3_bind_int64(u->insert, 1, parent);
	else
		sqlite3_bind_null(u->insert, 1);
	sqlite3_bind_text(u->insert, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u->insert, 4, path, -1, SQLITE_STATIC);
	if (level > 0)
		sqlite3_bind_int(u->insert, 5, level);
	else
		sqlite3_bind_null(u->insert, 5);
	sqlite3_bind_text(u->insert, 6, u->now, -1, SQLITE_STATIC);
	if (db_run(u->db, u->insert) != 0)
		return -1;
	u->created++;
	return sqlite3_last_insert_rowid(u->db);
}

/* The unit at path "top/below/name" (top and below NULL for a unit at
 * the top, below NULL for one a step under it), whose parent is unit
 * parent, created when missing; -1 after a message. */
static long long
child(struct units *u, long long parent, const char *top, const char *below,
    const char *kind, const char *name, int level)
{
	long long id;
	char *path;
	int rc;

	buf_reset(&u->path);
	if (top != NULL) {
		buf_puts(&u->path, top);
		buf_putc(&u->path, '/');
	}
	if (below != NULL) {
		buf_puts(&u->path, below);
		buf_putc(&u->path, '/');
	}
	buf_puts(&u->path, name);
	if (strmap_get(&u->cache, buf_str(&u->path), &id))
		return id;
	path = xstrdup(buf_str(&u->path));
	if ((rc = find(u, path, &id)) == DB_NONE)
		id = insert(u, parent, kind, name, path, level);
	else if (rc != 0)
		id = -1;
	if (id >= 0)
		strmap_put(&u->cache, path, id);
	free(path);
	return id;
}

long long
units_school(struct units *u, const char *school)
{
	return child(u, 0, NULL, NULL, "school", school, 0);
}

long long
units_grade(struct units *u, const char *school, int grade)
{
	long long s = units_school(u, school);

	return s < 0 ? -1 : child(u, s, school, NULL, "grade",
	    norm_grade_name(grade), grade);
}

long long
units_class(struct units *u, const char *school, int grade,
    const char *class_name, int class_no)
{
	long long id, g;

	/* Every row of a roster asks for its class: answer from the cache
	 * before building anything else. */
	buf_reset(&u->path);
	buf_puts(&u->path, school);
	buf_putc(&u->path, '/');
	buf_puts(&u->path, norm_grade_name(grade));
	buf_putc(&u->path, '/');
	buf_puts(&u->path, class_name);
	if (strmap_get(&u->cache, buf_str(&u->path), &id))
		return id;
	if ((g = units_grade(u, school, grade)) < 0)
		return -1;
	return child(u, g, school, norm_grade_name(grade), "class", class_name,
	    class_no);
}

long long
units_dormitory(struct units *u, const char *school, const char *dormitory)
{
	long long s = units_school(u, school), r;

	if (s < 0 || (r = child(u, s, school, NULL, "residence",
	    UNITS_RESIDENCE, 0)) < 0)
		return -1;
	return child(u, r, school, UNITS_RESIDENCE, "dormitory", dormitory, 0);
}

long long
units_organisation(struct units *u, const char *name)
{
	/* A school's teachers belong to the school itself: a school of
	 * that name has that path, and child() finds it first. */
	return child(u, 0, NULL, NULL, "organisation", name, 0);
}

long long
units_department(struct units *u, const char *organisation,
    const char *department)
{
	long long o = units_organisation(u, organisation);

	return o < 0 ? -1 : child(u, o, organisation, NULL, "department",
	    department, 0);
}

/* The unit st finds (bound by the caller): its id and *name, -1 when
 * there is none, -2 after a message when the units cannot be read. */
static long long
found(sqlite3 *db, sqlite3_stmt *st, char **name)
{
	long long id = -1;
	int rc;

	if (db_row(db, st, &rc)) {
		id = sqlite3_column_int64(st, 0);
		*name = xstrdup(db_column_text(st, 1));
		rc = 0;
	} else if (rc != 0)
		id = -2;
	sqlite3_finalize(st);
	return id;
}

/* One step down from parent: the child named seg, or a grade or class
 * written another way ("初一" for 七年级, "3" for 3班). */
static long long
find_child(sqlite3 *db, long long parent, const char *seg, char **name)
{
	sqlite3_stmt *st;
	long long id;
	int level = 0, number = 0, glevel = 0;
	char *why = NULL, *cname = NULL;

	st = db_prepare(db, parent > 0 ? sql_units_child_named :
	    sql_units_top_named);
	if (parent > 0)
		sqlite3_bind_int64(st, 1, parent);
	sqlite3_bind_text(st, parent > 0 ? 2 : 1, seg, -1, SQLITE_STATIC);
	if ((id = found(db, st, name)) != -1 || parent <= 0)
		return id;
	if (norm_grade(seg, &level, &why) == 0) {
		st = db_prepare(db, sql_units_grade_of_level);
		sqlite3_bind_int64(st, 1, parent);
		sqlite3_bind_int(st, 2, level);
		id = found(db, st, name);
	}
	free(why);
	why = NULL;
	if (id == -1 && norm_class(seg, &cname, &number, &glevel, &why) == 0) {
		st = db_prepare(db, sql_units_class_named);
		sqlite3_bind_int64(st, 1, parent);
		sqlite3_bind_text(st, 2, cname, -1, SQLITE_STATIC);
		id = found(db, st, name);
	}
	free(cname);
	free(why);
	return id;
}

int
units_resolve(sqlite3 *db, const char *path, long long *id, char **canonical,
    char **why)
{
	struct buf canon = {0};
	char *copy = xstrdup(path), *save = NULL, *seg;
	long long parent = 0;

	*why = NULL;
	for (seg = strtok_r(copy, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		char *name = NULL;
		long long next = find_child(db, parent, seg, &name);

		if (next < 0) {
			*why = next == -2 ? xstrdup("the units cannot be "
			    "read") : xasprintf("no unit '%s'%s%s", seg,
			    canon.len ? " under " : "", buf_str(&canon));
			buf_free(&canon);
			free(copy);
			return -1;
		}
		if (canon.len > 0)
			buf_putc(&canon, '/');
		buf_puts(&canon, name);
		free(name);
		parent = next;
	}
	free(copy);
	if (parent == 0) {
		*why = xstrdup("empty unit path");
		buf_free(&canon);
		return -1;
	}
	*id = parent;
	*canonical = buf_take(&canon);
	return 0;
}
