/*
 * ph-schedule signin: the relaxation room (one person) and the catharsis
 * room (two to four) are used without appointment, for a few minutes:
 * sign-in records who, from which class, and until when, and refuses a
 * full room.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "intake.h"
#include "rows.h"
#include "xalloc.h"

/* Why the room cannot take person now (malloc'd), or NULL; *room gets
 * its id. */
static char *
signin_refused(sqlite3 *db, const struct cli *c, const char *code,
    long long person, long long *room)
{
	sqlite3_stmt *st;
	char day[11], *why = NULL;
	long capacity = 0, inside = 0;
	int opens = 0, open_now = 0;

	*room = 0;
	st = db_prepare(db, "SELECT r.id, r.kind, r.capacity, (SELECT count(*) "
	    "FROM opening o WHERE o.room_id = r.id), EXISTS (SELECT 1 FROM "
	    "opening o WHERE o.room_id = r.id AND o.weekday = ?2 AND o.start "
	    "<= ?3 AND o.end > ?3), (SELECT count(*) FROM signin s WHERE "
	    "s.room_id = r.id AND s.start <= ?4 AND s.end > ?4), (SELECT "
	    "strftime('%H:%M', min(s.end), 'unixepoch', 'localtime') FROM "
	    "signin s WHERE s.room_id = r.id AND s.start <= ?4 AND s.end > ?4) "
	    "FROM room r WHERE r.code = ?1");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	{
		struct tm tm;
		char hm[6];

		clock_local(c->now, &tm);
		sched_hhmm(c->now, hm);
		sqlite3_bind_int(st, 2, tm.tm_wday == 0 ? 7 : tm.tm_wday);
		sqlite3_bind_text(st, 3, hm, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	if (sqlite3_step(st) != SQLITE_ROW)
		why = xasprintf("no room '%s' (see ph-schedule rooms load)", code);
	else if (strcmp(db_column_text(st, 1), "relaxation") != 0 &&
	    strcmp(db_column_text(st, 1), "catharsis") != 0)
		why = xasprintf("room %s is a %s room: book it", code,
		    db_column_text(st, 1));
	else {
		*room = sqlite3_column_int64(st, 0);
		capacity = sqlite3_column_int(st, 2);
		opens = sqlite3_column_int(st, 3) > 0;
		open_now = sqlite3_column_int(st, 4);
		inside = sqlite3_column_int(st, 5);
		if (inside >= capacity)
			why = xasprintf("room %s is full until %s (%ld at a "
			    "time)", code, db_column_text(st, 6), capacity);
	}
	sqlite3_finalize(st);
	if (why != NULL)
		return why;
	clock_date(c->now, day);
	/* a room with opening hours is used in them; one without, on any
	 * school day */
	if (sched_school_day(db, day) != 1)
		return xasprintf("the school is closed on %s", day);
	if (opens && !open_now)
		return xasprintf("room %s is not open now", code);
	st = db_prepare(db, "SELECT r.code, strftime('%H:%M', s.end, "
	    "'unixepoch', 'localtime') FROM signin s JOIN room r ON r.id = "
	    "s.room_id WHERE s.person_id = ?1 AND s.start <= ?2 AND s.end > ?2");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	if (sqlite3_step(st) == SQLITE_ROW)
		why = xasprintf("signed in to room %s until %s already",
		    db_column_text(st, 0), db_column_text(st, 1));
	sqlite3_finalize(st);
	return why;
}

int
sched_signin(sqlite3 *db, const struct cli *c, const char *code,
    const char *person_no, long minutes)
{
	static const char *const cols[] = { "room", "id", "name", "class",
	    "start", "end" };
	long long person, room, id;
	sqlite3_stmt *st;
	char *why;
	int rc;

	if (minutes < 5 || minutes > 10) {
		warnx("--minutes %ld: 5 to 10", minutes);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((person = intake_person_id(db, person_no)) == 0) {
		warnx("no person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
	if ((why = signin_refused(db, c, code, person, &room)) != NULL) {
		warnx("cannot sign %s in: %s", person_no, why);
		free(why);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "INSERT INTO signin (room_id, person_id, start, end) "
	    "VALUES (?, ?, ?3, ?3 + ?4)");
	sqlite3_bind_int64(st, 1, room);
	sqlite3_bind_int64(st, 2, person);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	sqlite3_bind_int64(st, 4, minutes * 60);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "signin");
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);
	if (rc == 0) {
		char *detail = xasprintf("%s in room %s for %ld min", person_no,
		    code, minutes);
		rc = audit_once(db, c->now, c->actor, "room.signin", code, detail);
		free(detail);
	}
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	st = db_prepare(db, "SELECT r.code, p.person_no, p.name, coalesce(u.path, "
	    "''), strftime('%H:%M', s.start, 'unixepoch', 'localtime'), "
	    "strftime('%H:%M', s.end, 'unixepoch', 'localtime') FROM signin s "
	    "JOIN room r ON r.id = s.room_id JOIN person p ON p.id = "
	    "s.person_id LEFT JOIN unit u ON u.id = p.unit_id WHERE s.id = ?");
	sqlite3_bind_int64(st, 1, id);
	return rows_print(db, c, st, 6, cols);
}
