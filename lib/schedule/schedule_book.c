/*
 * Appointments: booked with every clash refused and named (the room, the
 * counsellor, the client, a group session in the room), one counsellor at
 * a time, in a room of the counsellor's school open then; closed as done,
 * cancelled (the slot offered to the waitlist) or no-show.
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
#include "policy.h"
#include "queries.h"
#include "rows.h"
#include "run_policy.h"
#include "xalloc.h"

/* An appointment being booked. */
struct booking {
	long long person, contact, room;
	time_t start, end;
	char day[11];
};

/* Says why booking at is refused (after who, the client, when not NULL)
 * when there is a why, and gives rc. */
static int
refused(int rc, const char *at, const char *who, char *why)
{
	if (why != NULL && who != NULL)
		warnx("cannot book %s: %s: %s", at, who, why);
	else if (why != NULL)
		warnx("cannot book %s: %s", at, why);
	free(why);
	return rc;
}

/* What an appointment [start, end) of room, counsellor or person would
 * clash with: 0 when nothing, EX_DATAERR with *why (malloc'd), or a
 * sysexits code after a message. */
static int
clash(sqlite3 *db, long long room, long long contact, long long person,
    time_t start, time_t end, char **why)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_overlaps);
	int rc = 0;

	*why = NULL;
	sqlite3_bind_int64(st, 1, room);
	sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int64(st, 3, person);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)start);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)end);
	if (db_row(db, st, &rc)) {
		*why = xasprintf("%s is taken by appointment %lld, %.16s-%s",
		    db_column_text(st, 1), sqlite3_column_int64(st, 0),
		    db_column_text(st, 4), db_column_text(st, 5));
		rc = EX_DATAERR;
	}
	sqlite3_finalize(st);
	return rc;
}

/* A room of the counsellor's school open for the whole span (given by
 * code, or the first free counselling room) into b->room: 0, EX_DATAERR
 * with *why, or a sysexits code after a message. */
static int
pick_room(sqlite3 *db, const char *code, int urgent, struct booking *b,
    char **why)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_counsellor_rooms);
	char s[6], e[6], *taken;
	int rc = 0;

	sched_hhmm(b->start, s);
	sched_hhmm(b->end, e);
	if (strcmp(e, s) <= 0)
		strcpy(e, "24:00");
	db_bind_text_or_null(st, 1, code);
	sqlite3_bind_int64(st, 2, b->contact);
	sqlite3_bind_int(st, 3, sched_weekday(b->start));
	sqlite3_bind_text(st, 4, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, e, -1, SQLITE_TRANSIENT);
	*why = NULL;
	while (rc == 0 && b->room == 0 && db_row(db, st, &rc)) {
		const char *name = db_column_text(st, 1);

		if (!sqlite3_column_int(st, 2) && !urgent) {
			if (*why == NULL)
				*why = xasprintf("room %s is not open then "
				    "(%s-%s)", name, s, e);
			continue;
		}
		rc = clash(db, sqlite3_column_int64(st, 0), 0, 0, b->start,
		    b->end, &taken);
		if (rc == 0)
			b->room = sqlite3_column_int64(st, 0);
		else if (taken != NULL) {
			if (*why == NULL || code != NULL) {
				free(*why);
				*why = xasprintf("room %s: %s", name, taken);
			}
			free(taken);
			rc = 0;
		}
	}
	sqlite3_finalize(st);
	if (rc != 0 || b->room != 0) {
		free(*why);
		*why = NULL;
		return rc;
	}
	if (*why == NULL)
		*why = code ? xasprintf("no room '%s'", code) :
		    xstrdup("no counselling room of the counsellor's school");
	return EX_DATAERR;
}

/*
 * One counsellor at a time: 0 when booking with b->contact is allowed,
 * else the status with *why (or without, after a message, when the
 * database failed).  Refused while an appointment with another
 * counsellor is still booked, or when it would change the counsellor
 * more often this term than the policy allows (schedule.counsellor_changes,
 * 1).
 */
static int
counsellor_change(sqlite3 *db, const struct cli *c, const struct booking *b,
    char **why)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_other_counsellor_booked);
	const struct policy *p;
	double allowed;
	long long last = 0;
	long changes = 0;
	int rc = 0;

	*why = NULL;
	sqlite3_bind_int64(st, 1, b->person);
	sqlite3_bind_int64(st, 2, b->contact);
	if (db_row(db, st, &rc)) {
		*why = xasprintf("appointment %lld with %s at %.16s is still "
		    "booked (one counsellor at a time: cancel it first, or "
		    "--urgent for a crisis)", sqlite3_column_int64(st, 0),
		    db_column_text(st, 1), db_column_text(st, 2));
		rc = EX_DATAERR;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	st = db_prepare(db, sql_sched_counsellor_changes);
	sqlite3_bind_int64(st, 1, b->person);
	sqlite3_bind_text(st, 2, b->day, -1, SQLITE_STATIC);
	if (db_row(db, st, &rc)) {
		last = sqlite3_column_int64(st, 0);
		changes = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != 0 || last == 0 || last == b->contact)
		return rc;
	/* a change: only now is the policy read */
	if ((p = policy_of(c, 0)) == NULL) {
		*why = xstrdup("the policy cannot be read");
		return EX_CONFIG;
	}
	allowed = p->numbers.counsellor_changes;
	if (changes + 1 <= allowed)
		return 0;
	*why = xasprintf("a change of counsellor this term would be change "
	    "%ld, and the policy allows %g (--urgent for a crisis)",
	    changes + 1, allowed);
	return EX_DATAERR;
}

/* What the rules ask of a booking that is not --urgent: a school day,
 * ahead, and one counsellor at a time. */
static int
book_in_rules(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o, const struct booking *b)
{
	sqlite3_stmt *closed = db_prepare(db, sql_sched_closed_why);
	char *why;
	int rc = calendar_closed_why(db, closed, b->day, &why);

	sqlite3_finalize(closed);
	if (rc != 0 || why != NULL)
		return refused(rc ? rc : EX_DATAERR, o->at, NULL, why);
	if (b->start < c->now)
		return refused(EX_DATAERR, o->at, NULL,
		    xstrdup("it is in the past"));
	rc = counsellor_change(db, c, b, &why);
	return refused(rc, o->at, person_no, why);
}

/* Whom, with whom and where the booking is for, everything checked: 0,
 * or a sysexits code after a message. */
static int
book_check(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o, struct booking *b)
{
	int rc = db_id_of(db, sql_sched_person_active, person_no,
	    &b->person);
	char *why;

	if (rc == DB_NONE) {
		warnx("no active person '%s'", person_no);
		return EX_DATAERR;
	}
	if (rc != 0 || (rc = sched_counsellor_with(db, o->with,
	    " (see ph-intake roles)", &b->contact)) != 0)
		return rc;
	if (!o->urgent && (rc = book_in_rules(db, c, person_no, o, b)) != 0)
		return rc;
	if ((rc = pick_room(db, o->room, o->urgent, b, &why)) == 0)
		rc = clash(db, b->room, b->contact, b->person, b->start, b->end,
		    &why);
	return refused(rc, o->at, NULL, why);
}

/* The appointment written, the client's wait ended, and audited: 0 with
 * *id, or a sysexits code. */
static int
book_write(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o, const struct booking *b, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_appointment_put);
	char idtext[24], *detail;
	int rc;

	sqlite3_bind_int64(st, 1, b->person);
	sqlite3_bind_int64(st, 2, b->contact);
	sqlite3_bind_int64(st, 3, b->room);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)b->start);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)b->end);
	sqlite3_bind_int(st, 6, o->urgent);
	db_bind_text_or_null(st, 7, o->followup_of);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	*id = sqlite3_last_insert_rowid(db);
	if (rc != 0 || (rc = sched_waitlist_booked(db, c, b->person)) != 0)
		return rc;
	snprintf(idtext, sizeof(idtext), "%lld", *id);
	detail = xasprintf("%s with %s at %s for %ld min%s", person_no, o->with,
	    o->at, o->length, o->urgent ? ", urgent (outside the rules)" : "");
	rc = audit_once(db, c->now, c->actor, "appointment.book", idtext,
	    detail);
	free(detail);
	return rc;
}

int
sched_book(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o)
{
	static const char *const cols[] = { "appt", "id", "with", "room",
	    "start", "end" };
	struct booking b;
	sqlite3_stmt *st;
	long long id = 0;
	int rc;

	memset(&b, 0, sizeof(b));
	if (clock_parse(o->at, &b.start) != 0) {
		warnx("--at '%s': expected 'YYYY-MM-DD HH:MM'", o->at);
		return EX_USAGE;
	}
	b.end = b.start + o->length * 60;
	clock_date(b.start, b.day);
	/* everything checked and written in one IMMEDIATE transaction: of
	 * two bookings of one slot at once, exactly one wins */
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = book_check(db, c, person_no, o, &b)) == 0)
		rc = book_write(db, c, person_no, o, &b, &id);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	st = db_prepare(db, sql_sched_appointment_show);
	sqlite3_bind_int64(st, 1, id);
	return rows_print(db, c, st, 6, cols);
}

/* Closes booked appointment id (appt as given) with status: 0, or a
 * sysexits code after a message. */
static int
appointment_close(sqlite3 *db, const struct cli *c, long long id,
    const char *appt, const char *status, const char *text)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_appointment_close);
	char *now = NULL;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	db_bind_text_or_null(st, 4, text);
	rc = db_run_once(db, st);
	if (rc != 0 || sqlite3_changes(db) > 0)
		return rc;
	st = db_prepare(db, sql_sched_appointment_status);
	sqlite3_bind_int64(st, 1, id);
	rc = db_text(db, st, &now);
	sqlite3_finalize(st);
	if (rc == 0)
		warnx("appointment %s is %s already", appt, now);
	else if (rc == DB_NONE)
		warnx("no appointment %s", appt);
	free(now);
	return rc == 0 || rc == DB_NONE ? EX_DATAERR : rc;
}

int
sched_close(sqlite3 *db, const struct cli *c, const char *appt,
    const char *status, const char *text)
{
	char *end, *detail;
	long long id = strtoll(appt, &end, 10);
	int cancelled = strcmp(status, "cancelled") == 0;
	sqlite3_stmt *st;
	int rc;

	if (*appt == '\0' || *end != '\0' || id <= 0) {
		warnx("'%s' is not an appointment number", appt);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = appointment_close(db, c, id, appt, status, text)) == 0 &&
	    cancelled) {
		st = db_prepare(db, sql_sched_appointment_reminders_withdraw);
		sqlite3_bind_int64(st, 1, id);
		rc = db_run_once(db, st);
	}
	if (rc == 0) {
		detail = cancelled && text ? xasprintf("%s: %s", status, text) :
		    xstrdup(status);
		rc = audit_once(db, c->now, c->actor, "appointment.close", appt,
		    detail);
		free(detail);
	}
	if ((rc = db_end(db, rc)) != 0 || !cancelled)
		return rc;
	return sched_waitlist_offer(db, c, id);
}
