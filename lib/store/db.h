/*
 * The shared database: one SQLite file, found through --db, $PH_DB or
 * ./ph.db, created mode 0600, refused when others may read it, opened with
 * WAL, foreign keys and a busy timeout, and brought to the schema this
 * program knows by the numbered migrations in lib/sql/.
 */
#ifndef PH_DB_H
#define PH_DB_H
#include <sqlite3.h>
#include <stddef.h>

/* "PH" and a format number, so that another program's file is refused. */
#define PH_APPLICATION_ID 0x50480001

enum db_mode {
	DB_EXISTING,	/* the file must exist: reading commands */
	DB_CREATE	/* create the file when missing: loading commands */
};

/* The path to use: option, else $PH_DB, else "ph.db". */
const char *db_path(const char *option);

/*
 * Opens and migrates.  0, or a sysexits code after a message on stderr
 * (66 no such database, 77 readable by others, 65 not a ph database or a
 * newer schema, 75 busy past the busy timeout, 74 I/O).
 */
int db_open(const char *path, enum db_mode mode, sqlite3 **out);
void db_close(sqlite3 *db);
/* Opens an existing database to read only: nothing is written, not even
 * a migration (a schema other than this program's is refused, 65). */
int db_open_readonly(const char *path, sqlite3 **out);

/* The same with a given list of migrations: for tests of upgrades. */
struct migration;
int db_open_schema(const char *path, enum db_mode mode,
    const struct migration *list, int count, sqlite3 **out);

/* The schema version this program knows. */
int db_schema_version(void);

/*
 * A bulk write (a first roster load, an import of answers) mostly adds
 * new pages: a rollback journal has little to save for them, where WAL
 * writes every page twice.  db_bulk_journal switches to a rollback
 * journal, db_wal_journal switches back.  Each tries for a few hundred
 * milliseconds while another connection has the file open, then leaves
 * the mode as it is (0: the mode is a matter of speed, never an error;
 * a file left in rollback mode is switched back by the next db_open).
 * Both write the file header: not for loads that may write nothing.
 */
int db_bulk_journal(sqlite3 *db);
int db_wal_journal(sqlite3 *db);

/* BEGIN IMMEDIATE, COMMIT, ROLLBACK: 0 or a sysexits code after a
 * message (75 when the database stays busy past the timeout). */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);
/* Ends a transaction: COMMIT when rc is 0, else ROLLBACK and rc. */
int db_end(sqlite3 *db, int rc);

/* A statement that must prepare: one of the named queries, sql_NAME of
 * queries.h (lib/store/sql/queries/); a failure is a bug, reported with
 * EX_SOFTWARE. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/*
 * The statements a struct keeps for its life (a loader's, a router's), as
 * one table declared once per struct: where each goes (the offsetof of its
 * sqlite3_stmt * member) and its named query.  db_prepare_set prepares
 * them all, db_finalize_set finalizes them all (a member still NULL too),
 * so the list of statements is written once, not once to prepare and
 * again to free.
 */
struct db_statement {
	size_t member;		/* offsetof(struct ..., its sqlite3_stmt *) */
	const char *sql;	/* sql_NAME */
};
#define DB_STATEMENT(type, member, sql) { offsetof(type, member), (sql) }
#define DB_SET_SIZE(set) (sizeof(set) / sizeof((set)[0]))
void db_prepare_set(sqlite3 *db, void *owner, const struct db_statement *set,
    size_t n);
void db_finalize_set(void *owner, const struct db_statement *set, size_t n);
/* Runs SQL without results; 0 or a sysexits code after a message. */
int db_exec(sqlite3 *db, const char *sql);
/* After a failed step: the sysexits code for it, after a message. */
int db_fail(sqlite3 *db, const char *what);
/* Finalizes st: 0, or, when its last step failed (a loop that stopped
 * at something other than a row), db_fail's code for it. */
int db_finalize(sqlite3 *db, sqlite3_stmt *st, const char *what);

/*
 * Stepping a statement, where a failed step is an error and never "no
 * more rows".  Each resets st when it has no more to give, after a
 * message naming the file for a failure (codes as db_fail).
 *
 *	while (db_row(db, st, &rc))
 *		use the row;
 *	if (rc != 0)
 *		return rc;
 */
int db_row(sqlite3 *db, sqlite3_stmt *st, int *rc);
/* The first row of a lookup that must find one (a group, a term, a
 * person by name): 1 on the row with *rc 0; else 0 with *rc the failed
 * step's code, or EX_DATAERR after fmt's message when there is no row. */
int db_row_or_warn(sqlite3 *db, sqlite3_stmt *st, int *rc,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Steps st to its end (a statement without rows): 0 or a code. */
int db_run(sqlite3 *db, sqlite3_stmt *st);
/* The same for a statement prepared to run once, finalized after. */
int db_run_once(sqlite3 *db, sqlite3_stmt *st);
/* The same for a statement that writes what a record of input says:
 * DB_REFUSED, without a message, when the record broke a constraint
 * (the caller names the record; sqlite3_errmsg says which). */
#define DB_REFUSED (-2)
int db_run_record(sqlite3 *db, sqlite3_stmt *st);
/* The first column of the first row, as a number or as text (malloc'd):
 * 0 with *out set, DB_NONE when there is no row, or a code. */
#define DB_NONE (-1)
int db_int(sqlite3 *db, sqlite3_stmt *st, long long *out);
int db_text(sqlite3 *db, sqlite3_stmt *st, char **out);
/* db_int where no row is an answer (an id that may not be there): 0 with
 * *out 0. */
int db_int_or_zero(sqlite3 *db, sqlite3_stmt *st, long long *out);
/* db_int of a statement prepared to run once, finalized after. */
int db_int_once(sqlite3 *db, sqlite3_stmt *st, long long *out);
/* The number the one-off statement sql (its ?1 bound to key) gives, as
 * db_int: what a lookup of an id by a code, number or name needs. */
int db_id_of(sqlite3 *db, const char *sql, const char *key, long long *id);

/* Binds text, or NULL when s is NULL or empty. */
int db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* The same without a copy: s must stay valid until the statement is
 * reset (hot loops). */
int db_bind_static_or_null(sqlite3_stmt *st, int i, const char *s);
/* The text of a column, "" for NULL. */
const char *db_column_text(sqlite3_stmt *st, int i);

/* meta table */
char *db_meta_get(sqlite3 *db, const char *key);	/* malloc'd or NULL */
int db_meta_set(sqlite3 *db, const char *key, const char *value);

#endif
