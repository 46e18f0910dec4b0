/*
 * A counsellor by name (the contact who holds the counsellor role now),
 * as booking, free slots, the waitlist, groups and reminders find them;
 * a person by number is people.h's.
 */
#include "schedule.h"

#include <err.h>
#include <sysexits.h>

#include "db.h"
#include "queries.h"

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
