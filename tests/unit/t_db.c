/* Database open: path, permissions, application id, migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "db.h"
#include "migrations.h"
#include "tap.h"

static const struct migration v1[] = {
	{ "001_a.sql", "CREATE TABLE a (x INTEGER);" },
};
static const struct migration v2[] = {
	{ "001_a.sql", "CREATE TABLE a (x INTEGER);" },
	{ "002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (2);" },
};
static const struct migration broken[] = {
	{ "001_a.sql", "CREATE TABLE a (x INTEGER);" },
	{ "002_b.sql", "CREATE TABLE b (y INTEGER); THIS IS NOT SQL;" },
	{ "003_c.sql", "CREATE TABLE c (z INTEGER);" },
};

static int
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char dir[] = "/tmp/ph-t_db-XXXXXX";
	char path[256], other[256];
	struct stat sb;
	sqlite3 *db;
	FILE *fp;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/ph.db", dir);

	/* path resolution */
	unsetenv("PH_DB");
	is_str(&t, db_path(NULL), "ph.db", "default path is ./ph.db");
	setenv("PH_DB", "/x/env.db", 1);
	is_str(&t, db_path(NULL), "/x/env.db", "PH_DB is used");
	is_str(&t, db_path("opt.db"), "opt.db", "--db wins over PH_DB");
	unsetenv("PH_DB");

	/* existing-only mode does not create */
	is_int(&t, db_open(path, DB_EXISTING, &db), EX_NOINPUT,
	    "a missing database is EX_NOINPUT for readers");
	ok(&t, access(path, F_OK) != 0, "and no file was created");

	/* fresh database */
	umask(022);
	is_int(&t, db_open(path, DB_CREATE, &db), 0, "create a database");
	ok(&t, stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "created with mode 0600 despite umask 022");
	is_int(&t, query_int(db, "PRAGMA user_version"), db_schema_version(),
	    "user_version is the schema version");
	is_int(&t, query_int(db, "PRAGMA application_id"), PH_APPLICATION_ID,
	    "application_id is set");
	is_int(&t, query_int(db, "PRAGMA foreign_keys"), 1,
	    "foreign keys are on");
	is_int(&t, query_int(db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE name = 'person'"), 1, "the person table exists");
	{
		sqlite3_stmt *st = NULL;
		const char *mode = "";
		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
		    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			mode = (const char *)sqlite3_column_text(st, 0);
		is_str(&t, mode, "wal", "journal mode is WAL");
		sqlite3_finalize(st);
	}
	ok(&t, sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL) ==
	    SQLITE_OK, "deleting nothing from audit is allowed");
	ok(&t, sqlite3_exec(db, "INSERT INTO audit (at, actor, action, "
	    "prev_hash, hash) VALUES ('a','b','c','d','e')", NULL, NULL,
	    NULL) == SQLITE_OK, "audit accepts an insert");
	ok(&t, sqlite3_exec(db, "UPDATE audit SET actor = 'x'", NULL, NULL,
	    NULL) != SQLITE_OK, "audit refuses an update");
	ok(&t, sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL) !=
	    SQLITE_OK, "audit refuses a delete");
	{
		/* a loop over rows that stops at an error, not at the end */
		sqlite3_stmt *st = db_prepare(db, "SELECT abs(x) FROM (SELECT "
		    "1 AS x UNION ALL SELECT -9223372036854775807 - 1)");
		int rows = 0;

		while (sqlite3_step(st) == SQLITE_ROW)
			rows++;
		is_int(&t, rows, 1, "one row before the error");
		is_int(&t, db_finalize(db, st, "t_db"), EX_SOFTWARE,
		    "db_finalize tells a step that failed");
		st = db_prepare(db, "SELECT 1 UNION ALL SELECT 2");
		while (sqlite3_step(st) == SQLITE_ROW)
			rows++;
		is_int(&t, db_finalize(db, st, "t_db"), 0,
		    "db_finalize: 0 after the last row");
		st = db_prepare(db, "SELECT 1 UNION ALL SELECT 2");
		(void)sqlite3_step(st);
		is_int(&t, db_finalize(db, st, "t_db"), 0,
		    "db_finalize: 0 for a loop left early");
	}
	db_close(db);

	/* reopening is idempotent */
	is_int(&t, db_open(path, DB_EXISTING, &db), 0, "reopen");
	db_close(db);

	/* others may read: refused */
	chmod(path, 0644);
	is_int(&t, db_open(path, DB_EXISTING, &db), EX_NOPERM,
	    "a world-readable database is refused");
	chmod(path, 0600);

	/* upgrade and newer schema, with test migrations */
	snprintf(other, sizeof(other), "%s/up.db", dir);
	is_int(&t, db_open_schema(other, DB_CREATE, v1, 1, &db), 0,
	    "open at schema 1");
	db_close(db);
	is_int(&t, db_open_schema(other, DB_EXISTING, v2, 2, &db), 0,
	    "upgrade to schema 2");
	is_int(&t, query_int(db, "PRAGMA user_version"), 2, "now version 2");
	is_int(&t, query_int(db, "SELECT count(*) FROM a"), 1,
	    "the upgrade ran only the new migration");
	db_close(db);
	is_int(&t, db_open_schema(other, DB_EXISTING, v1, 1, &db), EX_DATAERR,
	    "a newer schema is refused");
	ok(&t, db == NULL, "and no handle is returned");

	/* a failing migration leaves the database as it was */
	snprintf(other, sizeof(other), "%s/broken.db", dir);
	is_int(&t, db_open_schema(other, DB_CREATE, v1, 1, &db), 0,
	    "open at schema 1 again");
	db_close(db);
	is_int(&t, db_open_schema(other, DB_EXISTING, broken, 3, &db),
	    EX_SOFTWARE, "a broken migration fails");
	is_int(&t, db_open_schema(other, DB_EXISTING, v1, 1, &db), 0,
	    "the database is still at schema 1");
	is_int(&t, query_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name = 'b'"), 0, "nothing of the broken migration remains");
	db_close(db);

	/* the real 002 -> 003 upgrade: the instrument's hash moves from
	 * each response to its file, responses get cards */
	snprintf(other, sizeof(other), "%s/real.db", dir);
	is_int(&t, db_open_schema(other, DB_CREATE, migrations, 2, &db), 0,
	    "open at the real schema 2");
	is_int(&t, sqlite3_exec(db, "INSERT INTO unit (id, parent_id, kind, "
	    "name, path, created_at) VALUES (1, NULL, 'school', 'a', 'a', 'now');"
	    "INSERT INTO person (id, person_no, kind, name, unit_id, status, "
	    "created_at, updated_at) VALUES (1, 'S1', 'student', 'x', 1, "
	    "'active', 0, 0);"
	    "INSERT INTO campaign VALUES (1, 'c', NULL, '2026-09-01', "
	    "'2026-09-15', 'now');"
	    "INSERT INTO response_file VALUES (1, 1, 'f.csv', '[]', 0);"
	    "INSERT INTO response (campaign_id, person_id, instrument, sha256, "
	    "file_id, line, raw, scores, missing, valid, latest, imported_at) "
	    "VALUES (1, 1, 'phq9', 'abc', 1, 2, '[]', '{}', 0, 1, 1, 0);",
	    NULL, NULL, NULL), SQLITE_OK, "a response at schema 2");
	db_close(db);
	is_int(&t, db_open_schema(other, DB_EXISTING, migrations,
	    migration_count, &db), 0, "upgrade to the current schema");
	is_int(&t, query_int(db, "SELECT sha256 = 'abc' FROM response_file"),
	    1, "the hash is the file's now");
	is_int(&t, query_int(db, "SELECT count(*) FROM pragma_table_info("
	    "'response') WHERE name = 'sha256'"), 0, "and no response's");
	is_int(&t, query_int(db, "SELECT count(*) FROM card"), 0,
	    "a response of before has no card");
	db_close(db);

	/* not a ph database */
	snprintf(other, sizeof(other), "%s/foreign.db", dir);
	if (sqlite3_open(other, &db) == SQLITE_OK) {
		sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	chmod(other, 0600);
	is_int(&t, db_open(other, DB_EXISTING, &db), EX_DATAERR,
	    "a foreign SQLite file is refused");
	if (sqlite3_open(other, &db) == SQLITE_OK) {
		sqlite3_exec(db, "PRAGMA application_id = 42", NULL, NULL,
		    NULL);
		sqlite3_close(db);
	}
	is_int(&t, db_open(other, DB_EXISTING, &db), EX_DATAERR,
	    "another application's id is refused");

	/* not SQLite at all */
	snprintf(other, sizeof(other), "%s/text.db", dir);
	fp = fopen(other, "w");
	if (fp != NULL) {
		fputs("this is not a database, just some text that is long "
		    "enough to fill a header of one hundred bytes or so......"
		    "..........................................\n", fp);
		fclose(fp);
	}
	chmod(other, 0600);
	ok(&t, db_open(other, DB_EXISTING, &db) != 0,
	    "a text file is refused");

	tap_remove_dir(dir);
	return tap_done(&t);
}
