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
#include "people.h"
#include "queries.h"
#include "rows.h"
#include "xalloc.h"

/* Why the room of st's row (sched_signin_room) cannot take one more
 * (malloc'd), or NULL with its id, whether it has openings and whether
 * one is open now. */
static char *
room_refuses(sqlite3_stmt *st, const char *code, long long *room,
    int *opens, int *open_now)
{
	const char *kind = db_column_text(st, 1);
	long capacity = sqlite3_column_int(st, 2);

	if (strcmp(kind, "relaxation") != 0 && strcmp(kind, "catharsis") != 0)
		return xasprintf("room %s is a %s room: book it", code, kind);
	*room = sqlite3_column_int64(st, 0);
	*opens = sqlite3_column_int(st, 3) > 0;
	*open_now = sqlite3_column_int(st, 4);
	if (sqlite3_column_int(st, 5) >= capacity)
		return xasprintf("room %s is full until %s (%ld at a time)",
		    code, db_column_text(st, 6), capacity);
	return NULL;
}

/* Why the room cannot take person now: 0 with *why (malloc'd) or NULL
 * and *room its id, or a sysexits code. */
static int
signin_refused(sqlite3 *db, const struct cli *c, const char *code,
    long long person, long long *room, char **why)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_signin_room);
	char day[11], hm[6];
	int opens = 0, open_now = 0, open, rc = 0;

	*room = 0;
	*why = NULL;
	sched_hhmm(c->now, hm);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, sched_weekday(c->now));
	sqlite3_bind_text(st, 3, hm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	if (db_row(db, st, &rc))
		*why = room_refuses(st, code, room, &opens, &open_now);
	else if (rc == 0)
		*why = xasprintf("no room '%s' (see ph-schedule rooms load)",
		    code);
	sqlite3_finalize(st);
	if (rc != 0 || *why != NULL)
		return rc;
	clock_date(c->now, day);
	/* a room with opening hours is used in them; one without, on any
	 * school day */
	st = db_prepare(db, sql_sched_closed_why);
	rc = calendar_school_day(db, st, day, &open);
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	if (!open)
		*why = xasprintf("the school is closed on %s", day);
	else if (opens && !open_now)
		*why = xasprintf("room %s is not open now", code);
	if (*why != NULL)
		return 0;
	st = db_prepare(db, sql_sched_signin_inside);
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	if (db_row(db, st, &rc))
		*why = xasprintf("signed in to room %s until %s already",
		    db_column_text(st, 0), db_column_text(st, 1));
	sqlite3_finalize(st);
	return rc;
}

int
sched_signin(sqlite3 *db, const struct cli *c, const char *code,
    const char *person_no, long minutes)
{
	static const char *const cols[] = { "room", "id", "name", "class",
	    "start", "end" };
	long long person, room, id;
	sqlite3_stmt *st;
	char *why = NULL;
	int rc;

	if (minutes < 5 || minutes > 10) {
		warnx("--minutes %ld: 5 to 10", minutes);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &person)) != 0 ||
	    (rc = signin_refused(db, c, code, person, &room, &why)) != 0)
		return db_end(db, rc);
	if (why != NULL) {
		warnx("cannot sign %s in: %s", person_no, why);
		free(why);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, sql_sched_signin_put);
	sqlite3_bind_int64(st, 1, room);
	sqlite3_bind_int64(st, 2, person);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	sqlite3_bind_int64(st, 4, minutes * 60);
	rc = db_run_once(db, st);
	id = sqlite3_last_insert_rowid(db);
	if (rc == 0) {
		char *detail = xasprintf("%s in room %s for %ld min", person_no,
		    code, minutes);
		rc = audit_once(db, c->now, c->actor, "room.signin", code, detail);
		free(detail);
	}
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	st = db_prepare(db, sql_sched_signin_show);
	sqlite3_bind_int64(st, 1, id);
	return rows_print(db, c, st, 6, cols);
}
