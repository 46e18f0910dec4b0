/*
 * ph-schedule waitlist: pupils and staff waiting for an appointment, with
 * one counsellor or with anyone, first come first served.  A cancelled
 * slot is offered to the first in line who can take it; a booking ends
 * the person's wait.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "people.h"
#include "queries.h"
#include "rows.h"
#include "xalloc.h"

/* A person not waiting yet: 0, EX_DATAERR after a message, or a code. */
static int
not_waiting(sqlite3 *db, long long person, const char *person_no)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_waitlist_waiting_since);
	char *since = NULL;
	int rc;

	sqlite3_bind_int64(st, 1, person);
	rc = db_text(db, st, &since);
	sqlite3_finalize(st);
	if (rc == 0) {
		warnx("%s has been waiting since %s", person_no, since);
		free(since);
		return EX_DATAERR;
	}
	return rc == DB_NONE ? 0 : rc;
}

int
sched_waitlist_add(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *with)
{
	long long person, contact = 0;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &person)) != 0 ||
	    (with != NULL && (rc = sched_counsellor_with(db, with,
	    " (see ph-intake roles)", &contact)) != 0) ||
	    (rc = not_waiting(db, person, person_no)) != 0)
		return db_end(db, rc);
	st = db_prepare(db, sql_sched_waitlist_put);
	sqlite3_bind_int64(st, 1, person);
	if (contact != 0)
		sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "waitlist.add", person_no,
		    with ? with : "anyone");
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return sched_waitlist_list(db, c, NULL);
}

int
sched_waitlist_list(sqlite3 *db, const struct cli *c, const char *with)
{
	static const char *const cols[] = { "position", "id", "name", "unit",
	    "with", "since", "offered" };

	return rows_print_for(db, c, sql_sched_waitlist_list, with,
	    sizeof(cols) / sizeof(*cols), cols);
}

/* Ends person's wait with status; 0 or a sysexits code. */
static int
waitlist_close(sqlite3 *db, const struct cli *c, long long person,
    const char *status)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_waitlist_close);

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	return db_run_once(db, st);
}

int
sched_waitlist_remove(sqlite3 *db, const struct cli *c, const char *person_no)
{
	long long person;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &person)) != 0)
		return db_end(db, rc);
	if ((rc = waitlist_close(db, c, person, "removed")) == 0 &&
	    sqlite3_changes(db) == 0) {
		warnx("%s is not on the waitlist", person_no);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "waitlist.remove",
		    person_no, "");
	return db_end(db, rc);
}

int
sched_waitlist_booked(sqlite3 *db, const struct cli *c, long long person)
{
	return waitlist_close(db, c, person, "booked");
}

/* The cancelled appointment appt offered to the first in line who can
 * take it: 0 with *entry (0: nobody), or a sysexits code. */
static int
offer_to_first(sqlite3 *db, const struct cli *c, long long appt,
    long long *entry)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_waitlist_first_for);
	int rc;

	*entry = 0;
	sqlite3_bind_int64(st, 1, appt);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	rc = db_int_once(db, st, entry);
	if (rc != 0)
		return rc == DB_NONE ? 0 : rc;
	st = db_prepare(db, sql_sched_waitlist_offered);
	sqlite3_bind_int64(st, 1, *entry);
	sqlite3_bind_int64(st, 2, appt);
	return db_run_once(db, st);
}

int
sched_waitlist_offer(sqlite3 *db, const struct cli *c, long long appt)
{
	static const char *const cols[] = { "offer", "start", "room", "with",
	    "id", "name", "unit", "waiting_since" };
	sqlite3_stmt *st;
	long long entry;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	rc = offer_to_first(db, c, appt, &entry);
	if ((rc = db_end(db, rc)) != 0 || entry == 0)
		return rc;
	st = db_prepare(db, sql_sched_waitlist_offer_show);
	sqlite3_bind_int64(st, 1, entry);
	return rows_print(db, c, st, 8, cols);
}
