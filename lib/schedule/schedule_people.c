/*
 * Whom a command names: a person by number, and a counsellor by name
 * (the contact who holds the counsellor role now), as booking, free
 * slots, the waitlist, sign-in, groups and visits find them.
 */
#include "schedule.h"

#include <err.h>
#include <sysexits.h>

#include "db.h"
#include "queries.h"

int
sched_id_of(sqlite3 *db, const char *sql, const char *key, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = db_int(db, st, id);
	sqlite3_finalize(st);
	return rc;
}

int
sched_person(sqlite3 *db, const char *person_no, long long *id)
{
	int rc = sched_id_of(db, sql_sched_person_by_number, person_no, id);

	if (rc == DB_NONE)
		warnx("no person '%s'", person_no);
	return rc == DB_NONE ? EX_DATAERR : rc;
}

int
sched_counsellor(sqlite3 *db, const char *name, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_counsellor_named);
	int rc, n = 0;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (db_row(db, st, &rc)) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	return n == 0 ? DB_NONE : n > 1 ? SCHED_SEVERAL : 0;
}

int
sched_counsellor_with(sqlite3 *db, const char *with, const char *hint,
    long long *id)
{
	int rc = sched_counsellor(db, with, id);

	if (rc == DB_NONE)
		warnx("--with %s: no counsellor of that name%s", with, hint);
	else if (rc == SCHED_SEVERAL)
		warnx("--with %s: several counsellors have that name", with);
	else
		return rc;
	return EX_DATAERR;
}
