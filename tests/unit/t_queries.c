/*
 * Every named query (lib/store/sql/queries/) prepares against a freshly
 * migrated database, is one statement, and, where its block says
 * "-- index:", reaches those tables through an index.  Also the helpers
 * that step them: a failed step is an error, not the end of the rows.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "db.h"
#include "queries.h"
#include "tap.h"
#include "xalloc.h"

/* "SCAN name" (not "SCAN name2") somewhere in the plan's details. */
static int
plan_has(const char *plan, const char *verb, const char *name)
{
	size_t vlen = strlen(verb), nlen = strlen(name);

	for (const char *p = plan; (p = strstr(p, verb)) != NULL; p += vlen) {
		const char *q = p + vlen;
		if (*q == ' ' && strncmp(q + 1, name, nlen) == 0 &&
		    (q[1 + nlen] == ' ' || q[1 + nlen] == '\n' ||
		    q[1 + nlen] == '\0'))
			return 1;
	}
	return 0;
}

static char *
plan_of(sqlite3 *db, const char *sql)
{
	char *text = xasprintf("EXPLAIN QUERY PLAN %s", sql), *plan = xstrdup("");
	sqlite3_stmt *st = db_prepare(db, text);

	while (sqlite3_step(st) == SQLITE_ROW) {
		char *more = xasprintf("%s%s\n", plan, db_column_text(st, 3));
		free(plan);
		plan = more;
	}
	sqlite3_finalize(st);
	free(text);
	return plan;
}

static void
check_indexed(struct tap *t, sqlite3 *db, const struct named_query *q)
{
	char *names = xstrdup(q->indexed), *save = NULL;
	char *plan = plan_of(db, q->sql);

	for (char *n = strtok_r(names, " ,", &save); n != NULL;
	    n = strtok_r(NULL, " ,", &save)) {
		char *what = xasprintf("%s reaches %s by an index", q->name, n);
		if (!ok(t, plan_has(plan, "SEARCH", n) &&
		    !plan_has(plan, "SCAN", n), what))
			printf("# plan:\n# %s", plan);
		free(what);
	}
	free(plan);
	free(names);
}

/* A query that makes a temporary table (a load's working set) is run
 * first, so that the queries using the table prepare. */
static void
make_temp_tables(sqlite3 *db)
{
	for (int i = 0; i < named_query_count; i++)
		if (strstr(named_queries[i].sql, "CREATE TEMP TABLE") != NULL &&
		    db_exec(db, named_queries[i].sql) != 0)
			printf("# %s: cannot make its table\n",
			    named_queries[i].name);
}

static void
test_every_query(struct tap *t, sqlite3 *db)
{
	int bad = 0;

	ok(t, named_query_count > 0, "there are named queries");
	make_temp_tables(db);
	for (int i = 0; i < named_query_count; i++) {
		const struct named_query *q = &named_queries[i];
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;

		if (sqlite3_prepare_v2(db, q->sql, -1, &st, &tail) !=
		    SQLITE_OK) {
			printf("# %s (%s): %s\n", q->name, q->file,
			    sqlite3_errmsg(db));
			bad++;
			continue;
		}
		tail += strspn(tail, " \t\n;");
		if (*tail != '\0') {
			printf("# %s (%s): more than one statement\n", q->name,
			    q->file);
			bad++;
		}
		sqlite3_finalize(st);
		if (*q->indexed != '\0')
			check_indexed(t, db, q);
	}
	is_int(t, bad, 0, "every named query prepares, one statement each");
}

static void
test_step_helpers(struct tap *t, sqlite3 *db)
{
	sqlite3_stmt *st;
	long long n = 0;
	char *text = NULL;
	int rc = -5, rows = 0;

	is_int(t, db_meta_set(db, "t_queries", "yes"), 0, "db_run writes");
	text = db_meta_get(db, "t_queries");
	is_str(t, text, "yes", "db_text reads it back");
	free(text);
	st = db_prepare(db, sql_meta_get);
	sqlite3_bind_text(st, 1, "no such key", -1, SQLITE_STATIC);
	is_int(t, db_text(db, st, &text), DB_NONE, "db_text: no row");
	sqlite3_finalize(st);

	st = db_prepare(db, "SELECT column1 FROM (VALUES (1), (2), (3))");
	while (db_row(db, st, &rc))
		rows++;
	is_int(t, rows, 3, "db_row gives each row");
	is_int(t, rc, 0, "db_row: 0 at the end");
	is_int(t, db_int(db, st, &n), 0, "db_int after a loop");
	is_int(t, n, 1, "db_int: the first row (the loop reset it)");
	sqlite3_finalize(st);

	/* A step that fails half-way must not read as "no more rows". */
	st = db_prepare(db, "SELECT CASE WHEN column1 < 2 THEN column1 ELSE "
	    "abs(-9223372036854775807 - 1) END FROM (VALUES (1), (2))");
	rows = 0;
	while (db_row(db, st, &rc))
		rows++;
	is_int(t, rows, 1, "db_row: the rows before a failure");
	ok(t, rc != 0, "db_row: a failed step is an error");
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO meta (key, value) VALUES (NULL, 1)");
	is_int(t, db_run(db, st), EX_DATAERR, "db_run: a constraint is 65");
	is_int(t, db_run_record(db, st), DB_REFUSED,
	    "db_run_record: a constraint is the record's, DB_REFUSED");
	ok(t, strstr(sqlite3_errmsg(db), "NOT NULL") != NULL,
	    "db_run_record: the message says which");
	sqlite3_finalize(st);
	st = db_prepare(db, sql_meta_set);
	sqlite3_bind_text(st, 1, "t_queries", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, "again", -1, SQLITE_STATIC);
	is_int(t, db_run_record(db, st), 0, "db_run_record: 0 when it ran");
	sqlite3_finalize(st);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char dir[] = "/tmp/ph-t_queries-XXXXXX";
	char *path;
	sqlite3 *db = NULL;

	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/ph.db", dir);
	if (db_open(path, DB_CREATE, &db) != 0)
		return 1;
	test_every_query(&t, db);
	test_step_helpers(&t, db);
	db_close(db);
	unlink(path);
	free(path);
	rmdir(dir);
	return tap_done(&t);
}
