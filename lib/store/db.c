#include "db.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "migrations.h"
#include "queries.h"
#include "xalloc.h"

#define BUSY_TIMEOUT_MS 10000

const char *
db_path(const char *option)
{
	const char *env;

	if (option != NULL && *option != '\0')
		return option;
	env = getenv("PH_DB");
	if (env != NULL && *env != '\0')
		return env;
	return "ph.db";
}

/* How long a writer waits for another one; PH_BUSY_TIMEOUT (ms) lets a
 * cron job wait longer or a test shorter. */
static int
busy_timeout(void)
{
	const char *env = getenv("PH_BUSY_TIMEOUT");
	char *end;
	long ms;

	if (env == NULL || *env == '\0')
		return BUSY_TIMEOUT_MS;
	ms = strtol(env, &end, 10);
	if (*end != '\0' || ms < 0 || ms > 3600000)
		return BUSY_TIMEOUT_MS;
	return (int)ms;
}

int
db_schema_version(void)
{
	return migration_count;
}

/* The file a connection has open, for messages. */
static const char *
file_of(sqlite3 *db)
{
	const char *file = sqlite3_db_filename(db, "main");

	return file != NULL && *file != '\0' ? file : "database";
}

int
db_fail(sqlite3 *db, const char *what)
{
	int code = sqlite3_extended_errcode(db);

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		warnx("%s: database is locked by another program: try again",
		    file_of(db));
		break;
	case SQLITE_NOTADB:
		warnx("%s: file is not a database", file_of(db));
		break;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		/* the system's reason (File too large under ulimit -f, No
		 * space left on device) says what to do */
		if (sqlite3_system_errno(db) != 0)
			warnx("%s: %s: %s", file_of(db), sqlite3_errmsg(db),
			    strerror(sqlite3_system_errno(db)));
		else if (code == SQLITE_IOERR_WRITE || code == SQLITE_FULL)
			warnx("%s: %s: is the disk full, or a file size limit "
			    "(ulimit -f) reached?", file_of(db),
			    sqlite3_errmsg(db));
		else
			warnx("%s: %s", file_of(db), sqlite3_errmsg(db));
		break;
	case SQLITE_READONLY:
		warnx("%s: this account may read the database but not write "
		    "it (or its directory)", file_of(db));
		break;
	default:
		if (strcmp(what, file_of(db)) == 0)
			warnx("%s: %s", what, sqlite3_errmsg(db));
		else
			warnx("%s: %s: %s", file_of(db), what,
			    sqlite3_errmsg(db));
		break;
	}
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return EX_TEMPFAIL;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		return EX_IOERR;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_CONSTRAINT:
		return EX_DATAERR;
	case SQLITE_READONLY:
		return EX_NOPERM;
	default:
		return EX_SOFTWARE;
	}
}

int
db_finalize(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : db_fail(db, what);
}

int
db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = db_fail(db, file_of(db));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		errx(EX_SOFTWARE, "cannot prepare \"%s\": %s", sql,
		    sqlite3_errmsg(db));
	return st;
}

static sqlite3_stmt **
statement_of(void *owner, const struct db_statement *s)
{
	return (sqlite3_stmt **)(void *)((char *)owner + s->member);
}

void
db_prepare_set(sqlite3 *db, void *owner, const struct db_statement *set,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		*statement_of(owner, &set[i]) = db_prepare(db, set[i].sql);
}

void
db_finalize_set(void *owner, const struct db_statement *set, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt **st = statement_of(owner, &set[i]);

		sqlite3_finalize(*st);
		*st = NULL;
	}
}

int
db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
db_bind_static_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

const char *
db_column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? (const char *)s : "";
}

/*
 * Switches the journal mode.  Leaving WAL takes the file's exclusive lock
 * without the busy handler, so an idle reader makes the pragma fail at
 * once; switching to WAL would wait the whole busy timeout behind a
 * reader that may hold the file for minutes.  Either way the mode is
 * only a matter of speed: tried for JOURNAL_SWITCH_MS with short sleeps,
 * then given up (1) and the work goes on in the mode the file is in.
 */
#define JOURNAL_SWITCH_MS 300
#define JOURNAL_RETRY_MS 5

static int
switch_journal(sqlite3 *db, const char *sql)
{
	int rc = SQLITE_BUSY;

	sqlite3_busy_timeout(db, 0);
	for (int waited = 0; waited <= JOURNAL_SWITCH_MS;
	    waited += JOURNAL_RETRY_MS) {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		sqlite3_sleep(JOURNAL_RETRY_MS);
	}
	sqlite3_busy_timeout(db, busy_timeout());
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return 1;
	return db_fail(db, file_of(db));
}

/*
 * A writer keeps FILE-wal and FILE-shm when it closes a file that others
 * may read (group bits, or an access list's mask), so that an account
 * that may read the file but not write its directory (a reporting
 * account) can still open it: SQLite cannot create them for a reader
 * there.  A private file's are removed as SQLite does by default, so
 * that opening it to a group later (chmod 660) gives the next writer's
 * new ones the group's access too.  Off while leaving WAL: a WAL file
 * left beside a file in rollback mode would turn the next opener back
 * to WAL.
 */
static void
keep_wal_files(sqlite3 *db, int keep)
{
	struct stat sb;

	if (keep && (stat(file_of(db), &sb) != 0 ||
	    (sb.st_mode & S_IRWXG) == 0))
		keep = 0;
	(void)sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &keep);
}

int
db_bulk_journal(sqlite3 *db)
{
	int rc;

	keep_wal_files(db, 0);
	rc = switch_journal(db, "PRAGMA journal_mode = DELETE");
	if (rc == 1)
		keep_wal_files(db, 1);
	return rc == 1 ? 0 : rc;
}

int
db_wal_journal(sqlite3 *db)
{
	int rc = switch_journal(db, "PRAGMA journal_mode = WAL");

	keep_wal_files(db, 1);
	/* SQLite creates the WAL files at the next read: read, so that
	 * they are there to be kept even if nothing else is read */
	if (rc == 0 && sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1",
	    NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, file_of(db));
	return rc == 1 ? 0 : rc;
}

int
db_begin(sqlite3 *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(sqlite3 *db)
{
	return db_exec(db, "COMMIT");
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, file_of(db));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = db_fail(db, file_of(db));
		sqlite3_finalize(st);
		return rc;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* A file nobody else may read: health data of minors.  Others' write
 * access is refused for the same reason. */
static int
check_mode(const char *path, enum db_mode mode, int *exists)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0) {
		*exists = 1;
		if (!S_ISREG(sb.st_mode)) {
			warnx("%s: not a regular file", path);
			return EX_NOINPUT;
		}
		if (sb.st_mode & (S_IROTH | S_IWOTH)) {
			warnx("%s: other users may read this database, which "
			    "holds sensitive health data; refusing it "
			    "(chmod 600 %s)", path, path);
			return EX_NOPERM;
		}
		return 0;
	}
	if (errno != ENOENT) {
		warn("%s", path);
		return EX_NOINPUT;
	}
	*exists = 0;
	if (mode == DB_EXISTING) {
		warnx("%s: no such database (load a roster first with "
		    "ph-intake roster, or give --db or PH_DB)", path);
		return EX_NOINPUT;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno != EEXIST) {
		warn("cannot create %s", path);
		return EX_CANTCREAT;
	}
	if (fd != -1 && close(fd) == -1) {
		warn("%s", path);
		return EX_IOERR;
	}
	return 0;
}

/* Checks the file's mode (created 0600 when mode allows) and opens it
 * with flags, a busy timeout and extended result codes. */
static int
open_file(const char *path, enum db_mode mode, int flags, sqlite3 **out)
{
	int exists, rc;

	*out = NULL;
	if ((rc = check_mode(path, mode, &exists)) != 0)
		return rc;
	/* One thread per program: no allocator statistics to lock.  This
	 * fails harmlessly once SQLite is initialised. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* no page cache allocated ahead (twenty pages a connection): a
	 * report over two thousand schools' files holds as many */
	(void)sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
	if (sqlite3_open_v2(path, out, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		warnx("%s: %s", path, *out ? sqlite3_errmsg(*out) :
		    "cannot open");
		sqlite3_close(*out);
		*out = NULL;
		return EX_NOINPUT;
	}
	sqlite3_busy_timeout(*out, busy_timeout());
	sqlite3_extended_result_codes(*out, 1);
	return 0;
}

/* 0 when no row refers to a row that is not there. */
static int
foreign_keys_whole(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, sql_foreign_key_check);
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		warnx("%s: after migrating, table %s row %lld refers to no "
		    "row of %s", path, db_column_text(st, 0),
		    sqlite3_column_int64(st, 1), db_column_text(st, 2));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? EX_DATAERR :
	    EX_SOFTWARE;
}

/*
 * Refuses a file that is not ph's or is newer than this program, before
 * anything is written to it: 0, or 65 after a message.  *version is the
 * file's schema version.
 */
static int
refuse_foreign(sqlite3 *db, const char *path, int count, int *version)
{
	int appid, tables, rc;

	if ((rc = pragma_int(db, "PRAGMA application_id", &appid)) != 0 ||
	    (rc = pragma_int(db, "PRAGMA user_version", version)) != 0)
		return rc;
	if (appid != 0 && appid != PH_APPLICATION_ID) {
		warnx("%s: not a ph database (application_id %#x)", path,
		    (unsigned)appid);
		return EX_DATAERR;
	}
	if (*version > count) {
		warnx("%s: the schema is version %d, newer than this ph "
		    "knows (%d); install a newer ph to use it", path, *version,
		    count);
		return EX_DATAERR;
	}
	if (*version > 0)
		return 0;
	if ((rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
	    &tables)) != 0)
		return rc;
	if (tables > 0) {
		warnx("%s: not a ph database (it has tables but no ph schema "
		    "version)", path);
		return EX_DATAERR;
	}
	return 0;
}

/* Brings the schema from version (as read when the file was opened) up
 * to count. */
static int
migrate(sqlite3 *db, const char *path, const struct migration *list,
    int count, int version)
{
	int rc;

	if (version == count)
		return 0;
	/* A migration may rebuild a table (SQLite's way to change a
	 * column): foreign keys off while it runs, as SQLite documents,
	 * then checked whole before the commit. */
	if ((rc = db_exec(db, "PRAGMA foreign_keys = OFF")) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0)
		goto on;
	/* Another process may have migrated, or written something else,
	 * while we waited for the lock. */
	if ((rc = refuse_foreign(db, path, count, &version)) != 0)
		goto fail;
	for (int i = version; i < count; i++) {
		char *msg = NULL;

		if (sqlite3_exec(db, list[i].sql, NULL, NULL, &msg) !=
		    SQLITE_OK) {
			warnx("%s: migration %s failed: %s", path,
			    list[i].name, msg ? msg : "?");
			sqlite3_free(msg);
			rc = EX_SOFTWARE;
			goto fail;
		}
	}
	if ((rc = foreign_keys_whole(db, path)) != 0)
		goto fail;
	{
		char *sql = xasprintf("PRAGMA user_version = %d; "
		    "PRAGMA application_id = %d", count,
		    PH_APPLICATION_ID);
		rc = db_exec(db, sql);
		free(sql);
		if (rc != 0)
			goto fail;
	}
	if ((rc = db_commit(db)) != 0)
		db_rollback(db);
	goto on;
fail:
	db_rollback(db);
on:
	{
		int fk = db_exec(db, "PRAGMA foreign_keys = ON");
		return rc ? rc : fk;
	}
}

int
db_open(const char *path, enum db_mode mode, sqlite3 **out)
{
	return db_open_schema(path, mode, migrations, migration_count, out);
}

/* 1 when this account may write path and create files beside it (a
 * rollback journal), as a writer must. */
static int
may_write(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (access(path, W_OK) != 0)
		return 0;
	if (slash == NULL)
		return access(".", W_OK) == 0;
	dir = slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

static int open_readonly(const char *, int, sqlite3 **);

int
db_open_schema(const char *path, enum db_mode mode,
    const struct migration *list, int count, sqlite3 **out)
{
	sqlite3 *db = NULL;
	int version, rc;

	*out = NULL;
	/* An account that may only read (a reporting account) reads; a
	 * write it then tries is refused, 77, naming the file. */
	if (mode == DB_EXISTING && access(path, F_OK) == 0 &&
	    !may_write(path))
		return open_readonly(path, count, out);
	if ((rc = open_file(path, mode, SQLITE_OPEN_READWRITE, &db)) != 0)
		return rc;
	if ((rc = refuse_foreign(db, path, count, &version)) != 0)
		goto fail;
	/* WAL lets reports read while a load writes; FULL sync because a
	 * lost record can cost a life, and loads are one transaction.  A
	 * file left in rollback mode by a bulk write that could not switch
	 * back (a reader held it) is switched here, or used as it is. */
	if ((rc = db_wal_journal(db)) != 0 ||
	    (rc = db_exec(db, "PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA temp_store = FILE; "
	    "PRAGMA journal_size_limit = 1048576")) != 0)
		goto fail;
	if ((rc = migrate(db, path, list, count, version)) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return rc;
}

/*
 * A write killed half-way leaves a rollback journal that a read-only
 * connection cannot play back.  An account that may write plays it back
 * (as any writer would on opening) so that reading goes on; another gets
 * told who can.
 */
static int
roll_back_interrupted_write(const char *path)
{
	sqlite3 *db = NULL;
	int appid, rc;

	if (!may_write(path)) {
		warnx("%s: a write to it was interrupted and must be rolled "
		    "back by an account that may write it: run any ph program "
		    "on it as that account (ph-intake units, say)", path);
		return EX_TEMPFAIL;
	}
	if ((rc = open_file(path, DB_EXISTING, SQLITE_OPEN_READWRITE,
	    &db)) != 0)
		return rc;
	rc = pragma_int(db, "PRAGMA application_id", &appid);
	sqlite3_close(db);
	return rc;
}

/* Reads the file's identity through a read-only connection: 0, 1 when a
 * rollback journal had to be played back first (open again), or the
 * exit status after a message. */
static int
read_identity(sqlite3 *db, const char *path, int *appid, int *version)
{
	int code, rc;

	if (sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL,
	    NULL, NULL) == SQLITE_OK) {
		if ((rc = pragma_int(db, "PRAGMA application_id", appid)) != 0)
			return rc;
		return pragma_int(db, "PRAGMA user_version", version);
	}
	code = sqlite3_extended_errcode(db);
	if (code == SQLITE_READONLY_ROLLBACK) {
		rc = roll_back_interrupted_write(path);
		return rc == 0 ? 1 : rc;
	}
	if (code == SQLITE_READONLY_DIRECTORY ||
	    code == SQLITE_READONLY_CANTINIT) {
		warnx("%s: this account cannot create %s-wal and %s-shm in "
		    "its directory, which a reader needs: run any ph program "
		    "on it once as an account that may write it (ph-intake "
		    "units, say), which keeps them from then on", path, path,
		    path);
		return EX_NOPERM;
	}
	return db_fail(db, path);
}

static int
open_readonly(const char *path, int count, sqlite3 **out)
{
	sqlite3 *db = NULL;
	int appid = 0, version = 0, rc, tries = 0;

	*out = NULL;
	do {
		sqlite3_close(db);
		if ((rc = open_file(path, DB_EXISTING, SQLITE_OPEN_READONLY,
		    &db)) != 0)
			return rc;
		rc = read_identity(db, path, &appid, &version);
	} while (rc == 1 && ++tries < 2);
	if (rc != 0)
		goto fail;
	if (appid != PH_APPLICATION_ID) {
		warnx("%s: not a ph database", path);
		rc = EX_DATAERR;
		goto fail;
	}
	/* a reader changes nothing, not even the schema */
	if (version != count) {
		warnx("%s: the schema is version %d, this program reads %d: %s",
		    path, version, count, version < count ?
		    "bring it up to date by running any other ph program on "
		    "it (ph-intake units, say) as an account that may write "
		    "it" : "install a newer ph");
		rc = EX_DATAERR;
		goto fail;
	}
	/* a report reads most pages once: a small cache (512 KiB) keeps the
	 * trees' upper pages, and a district's twenty files do not each
	 * fill and free two megabytes, which cost a fifth of the time */
	if ((rc = db_exec(db, "PRAGMA query_only = ON; "
	    "PRAGMA cache_size = -512; PRAGMA foreign_keys = ON")) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return rc;
}

int
db_open_readonly(const char *path, sqlite3 **out)
{
	return open_readonly(path, migration_count, out);
}

void
db_close(sqlite3 *db)
{
	if (db == NULL)
		return;
	if (sqlite3_close(db) != SQLITE_OK)
		warnx("closing the database: %s", sqlite3_errmsg(db));
}

char *
db_meta_get(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st = db_prepare(db, sql_meta_get);
	char *value = NULL;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (db_text(db, st, &value) != 0)
		value = NULL;
	sqlite3_finalize(st);
	return value;
}

int
db_meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st = db_prepare(db, sql_meta_set);

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return db_run_once(db, st);
}

/* A failed step: its code after a message naming the file (the caller
 * resets the statement). */
static int
step_failed(sqlite3 *db)
{
	return db_fail(db, file_of(db));
}

int
db_row(sqlite3 *db, sqlite3_stmt *st, int *rc)
{
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		return 1;
	case SQLITE_DONE:
		*rc = 0;
		break;
	default:
		*rc = step_failed(db);
		break;
	}
	sqlite3_reset(st);
	return 0;
}

int
db_run_once(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = db_run(db, st);

	sqlite3_finalize(st);
	return rc;
}

int
db_row_or_warn(sqlite3 *db, sqlite3_stmt *st, int *rc, const char *fmt, ...)
{
	va_list ap;

	*rc = 0;
	if (db_row(db, st, rc))
		return 1;
	if (*rc == 0) {
		va_start(ap, fmt);
		vwarnx(fmt, ap);
		va_end(ap);
		*rc = EX_DATAERR;
	}
	return 0;
}

int
db_run(sqlite3 *db, sqlite3_stmt *st)
{
	int rc;

	while (db_row(db, st, &rc))
		;
	return rc;
}

int
db_run_record(sqlite3 *db, sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : DB_REFUSED;
	}
	rc = step_failed(db);
	sqlite3_reset(st);
	return rc;
}

/* Steps st to its first row: 0 at it, DB_NONE without, or a code. */
static int
first_row(sqlite3 *db, sqlite3_stmt *st)
{
	int rc;

	if (db_row(db, st, &rc))
		return 0;
	return rc != 0 ? rc : DB_NONE;
}

int
db_int(sqlite3 *db, sqlite3_stmt *st, long long *out)
{
	int rc = first_row(db, st);

	if (rc == 0) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return rc;
}

int
db_int_once(sqlite3 *db, sqlite3_stmt *st, long long *out)
{
	int rc = db_int(db, st, out);

	sqlite3_finalize(st);
	return rc;
}

int
db_int_or_zero(sqlite3 *db, sqlite3_stmt *st, long long *out)
{
	int rc = db_int(db, st, out);

	if (rc == DB_NONE) {
		*out = 0;
		rc = 0;
	}
	return rc;
}

int
db_id_of(sqlite3 *db, const char *sql, const char *key, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return db_int_once(db, st, id);
}

int
db_text(sqlite3 *db, sqlite3_stmt *st, char **out)
{
	int rc = first_row(db, st);

	if (rc == 0) {
		*out = xstrdup(db_column_text(st, 0));
		sqlite3_reset(st);
	}
	return rc;
}

int
db_end(sqlite3 *db, int rc)
{
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}
