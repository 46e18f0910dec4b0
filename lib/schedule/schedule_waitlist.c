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
#include "intake.h"
#include "rows.h"
#include "xalloc.h"

int
sched_waitlist_add(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *with)
{
	long long person, contact = 0;
	sqlite3_stmt *st;
	int rc, ambiguous;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((person = intake_person_id(db, person_no)) == 0) {
		warnx("no person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
	if (with != NULL && (contact = sched_find_counsellor(db, with,
	    &ambiguous)) == 0) {
		warnx(ambiguous ? "--with %s: several counsellors have that name"
		    : "--with %s: no counsellor of that name (see ph-intake "
		    "roles)", with);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "SELECT datetime(added_at, 'unixepoch', "
	    "'localtime') FROM waitlist WHERE person_id = ? AND status = "
	    "'waiting'");
	sqlite3_bind_int64(st, 1, person);
	if (sqlite3_step(st) == SQLITE_ROW) {
		warnx("%s has been waiting since %s", person_no,
		    db_column_text(st, 0));
		rc = EX_DATAERR;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return db_end(db, rc);
	st = db_prepare(db, "INSERT INTO waitlist (person_id, contact_id, "
	    "added_at) VALUES (?, ?, ?)");
	sqlite3_bind_int64(st, 1, person);
	if (contact != 0)
		sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "waitlist");
	sqlite3_finalize(st);
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
	/* a person waiting for anyone is in every counsellor's line */
	sqlite3_stmt *st = db_prepare(db, "SELECT row_number() OVER (ORDER BY "
	    "w.added_at, w.id), p.person_no, p.name, coalesce(u.path, ''), "
	    "coalesce(k.name, ''), datetime(w.added_at, 'unixepoch', "
	    "'localtime'), coalesce((SELECT a.id || ' ' || strftime('%Y-%m-%d "
	    "%H:%M', a.start, 'unixepoch', 'localtime') FROM appointment a "
	    "WHERE a.id = w.offered), '') FROM waitlist w JOIN person p ON "
	    "p.id = w.person_id LEFT JOIN unit u ON u.id = p.unit_id LEFT JOIN "
	    "contact k ON k.id = w.contact_id WHERE w.status = 'waiting' AND "
	    "(?1 IS NULL OR w.contact_id IS NULL OR k.name = ?1) ORDER BY "
	    "w.added_at, w.id");

	db_bind_text_or_null(st, 1, with);
	return rows_print(db, c, st, 7, cols);
}

/* Ends person's wait with status; 0 or a sysexits code. */
static int
waitlist_close(sqlite3 *db, const struct cli *c, long long person,
    const char *status)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE waitlist SET status = ?2, "
	    "closed_at = ?3 WHERE person_id = ?1 AND status = 'waiting'");
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "waitlist");
	sqlite3_finalize(st);
	return rc;
}

int
sched_waitlist_remove(sqlite3 *db, const struct cli *c, const char *person_no)
{
	long long person;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((person = intake_person_id(db, person_no)) == 0) {
		warnx("no person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
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

int
sched_waitlist_offer(sqlite3 *db, const struct cli *c, long long appt)
{
	static const char *const cols[] = { "offer", "start", "room", "with",
	    "id", "name", "unit", "waiting_since" };
	sqlite3_stmt *st;
	long long entry = 0;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	/* the first in line for this counsellor or for anyone, who has
	 * nothing booked with another counsellor and no other slot on offer;
	 * only a slot still ahead */
	st = db_prepare(db, "SELECT w.id FROM appointment a JOIN waitlist w ON "
	    "w.status = 'waiting' AND (w.contact_id IS NULL OR w.contact_id = "
	    "a.contact_id) AND w.person_id <> a.person_id WHERE a.id = ?1 AND "
	    "a.start > ?2 AND NOT EXISTS (SELECT 1 FROM appointment b WHERE "
	    "b.person_id = w.person_id AND b.status = 'booked' AND "
	    "b.contact_id <> a.contact_id) AND coalesce((SELECT o.start FROM "
	    "appointment o WHERE o.id = w.offered AND o.status = 'cancelled'), "
	    "0) <= ?2 ORDER BY w.added_at, w.id LIMIT 1");
	sqlite3_bind_int64(st, 1, appt);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	if (sqlite3_step(st) == SQLITE_ROW)
		entry = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (entry != 0) {
		st = db_prepare(db, "UPDATE waitlist SET offered = ?2 WHERE "
		    "id = ?1");
		sqlite3_bind_int64(st, 1, entry);
		sqlite3_bind_int64(st, 2, appt);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db,
		    "waitlist");
		sqlite3_finalize(st);
	}
	if ((rc = db_end(db, rc)) != 0 || entry == 0)
		return rc;
	st = db_prepare(db, "SELECT a.id, strftime('%Y-%m-%d %H:%M', a.start, "
	    "'unixepoch', 'localtime'), r.code, k.name, p.person_no, p.name, "
	    "coalesce(u.path, ''), datetime(w.added_at, 'unixepoch', "
	    "'localtime') FROM waitlist w JOIN appointment a ON a.id = "
	    "w.offered JOIN room r ON r.id = a.room_id JOIN contact k ON "
	    "k.id = a.contact_id JOIN person p ON p.id = w.person_id LEFT JOIN "
	    "unit u ON u.id = p.unit_id WHERE w.id = ?");
	sqlite3_bind_int64(st, 1, entry);
	return rows_print(db, c, st, 8, cols);
}
