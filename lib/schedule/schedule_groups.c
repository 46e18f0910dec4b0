/*
 * Group counselling: a series of sessions booked in one room (closed days
 * skipped, each session checked against the room's appointments and other
 * groups), members up to its maximum, attendance per session.
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

/* The group called name: 0 with its id and sizes, EX_DATAERR after a
 * message, or a sysexits code. */
static int
group_named(sqlite3 *db, const char *name, long long *id, long *min,
    long *max)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_group_named);
	int rc;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (db_row_or_warn(db, st, &rc, "no group '%s'", name)) {
		*id = sqlite3_column_int64(st, 0);
		*min = sqlite3_column_int(st, 1);
		*max = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Begins a change of the group called name: 0 with its id and sizes in
 * the transaction, or a sysexits code with none. */
static int
group_begin(sqlite3 *db, const char *name, long long *id, long *min,
    long *max)
{
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = group_named(db, name, id, min, max)) != 0)
		return db_end(db, rc);
	return 0;
}

/* The id of the room with that code: 0, EX_DATAERR after a message, or
 * a sysexits code. */
static int
room_coded(sqlite3 *db, const char *code, long long *id)
{
	int rc = db_id_of(db, sql_sched_room_by_code, code, id);

	if (rc == DB_NONE)
		warnx("no room '%s'", code);
	return rc == DB_NONE ? EX_DATAERR : rc;
}

/* The group itself in room rid: 0 with *gid, or a sysexits code. */
static int
group_put(sqlite3 *db, const struct cli *c, const struct group_opts *o,
    long long rid, long long *gid)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_group_put);
	int rc;

	sqlite3_bind_text(st, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rid);
	sqlite3_bind_text(st, 3, o->leader, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, o->min);
	sqlite3_bind_int64(st, 5, o->max);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	sqlite3_bind_int64(st, 7, o->every);
	rc = db_run_once(db, st);
	*gid = sqlite3_last_insert_rowid(db);
	return rc;
}

/* Session n of the group at [at, end) unless the room is taken then: 0,
 * EX_DATAERR after a message, or a sysexits code. */
static int
session_put(sqlite3 *db, const struct group_opts *o, sqlite3_stmt *taken,
    sqlite3_stmt *put, const long long ids[2], long n, time_t at)
{
	time_t end = at + o->length * 60;
	char *what = NULL, day[11];
	int rc;

	sqlite3_bind_int64(taken, 1, ids[0]);
	sqlite3_bind_int64(taken, 2, (sqlite3_int64)at);
	sqlite3_bind_int64(taken, 3, (sqlite3_int64)end);
	if ((rc = db_text(db, taken, &what)) == 0) {
		clock_date(at, day);
		warnx("session %ld on %s: room %s is taken by %s", n, day,
		    o->room, what);
		free(what);
		return EX_DATAERR;
	}
	if (rc != DB_NONE)
		return rc;
	sqlite3_bind_int64(put, 1, ids[1]);
	sqlite3_bind_int64(put, 2, n);
	sqlite3_bind_int64(put, 3, (sqlite3_int64)at);
	sqlite3_bind_int64(put, 4, (sqlite3_int64)end);
	return db_run(db, put);
}

/* Every session on the same weekday and hour, a closed day passed over
 * to the next period (the series keeps its number of sessions): 0 with
 * *skipped, or a sysexits code. */
static int
group_sessions(sqlite3 *db, const struct group_opts *o, long long rid,
    long long gid, time_t at, long *skipped)
{
	sqlite3_stmt *taken = db_prepare(db, sql_sched_room_taken);
	sqlite3_stmt *put = db_prepare(db, sql_sched_group_session_put);
	sqlite3_stmt *closed = db_prepare(db, sql_sched_closed_why);
	const long long ids[2] = { rid, gid };
	long made = 0;
	int rc = 0, open;

	for (long guard = 0; made < o->sessions && rc == 0 && guard < 520;
	    guard++, at += o->every) {
		char day[11];

		clock_date(at, day);
		if ((rc = calendar_school_day(db, closed, day, &open)) != 0)
			break;
		if (!open)
			(*skipped)++;
		else if ((rc = session_put(db, o, taken, put, ids, made + 1,
		    at)) == 0)
			made++;
	}
	sqlite3_finalize(taken);
	sqlite3_finalize(put);
	sqlite3_finalize(closed);
	return rc;
}

int
sched_group_create(sqlite3 *db, const struct cli *c,
    const struct group_opts *o)
{
	static const char *const cols[] = { "group", "session", "start", "end",
	    "room" };
	sqlite3_stmt *st;
	long long gid = 0, rid = 0;
	time_t at;
	long skipped = 0;
	int rc;

	if (clock_parse(o->first, &at) != 0) {
		warnx("--first '%s': expected 'YYYY-MM-DD HH:MM'", o->first);
		return EX_USAGE;
	}
	if (o->min > o->max) {
		warnx("--min %ld is above --max %ld", o->min, o->max);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = room_coded(db, o->room, &rid)) == 0 &&
	    (rc = group_put(db, c, o, rid, &gid)) == 0 &&
	    (rc = group_sessions(db, o, rid, gid, at, &skipped)) == 0)
		rc = audit_once(db, c->now, c->actor, "group.create", o->name,
		    o->leader);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	if (skipped > 0)
		fprintf(stderr, "ph-schedule: %ld closed day%s passed over\n",
		    skipped, skipped == 1 ? "" : "s");
	st = db_prepare(db, sql_sched_group_sessions);
	sqlite3_bind_int64(st, 1, gid);
	return rows_print(db, c, st, 5, cols);
}

/* The persons numbered ids into group gid, as many as fit: 0, or a
 * sysexits code (after a message for a number nobody has). */
static int
members_put(sqlite3 *db, long long gid, char *const *ids, int n)
{
	sqlite3_stmt *put = db_prepare(db, sql_sched_group_member_put);
	long long pid;
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		if ((rc = people_id(db, ids[i], &pid)) != 0)
			break;
		sqlite3_bind_int64(put, 1, gid);
		sqlite3_bind_int64(put, 2, pid);
		rc = db_run(db, put);
	}
	sqlite3_finalize(put);
	return rc;
}

int
sched_group_join(sqlite3 *db, const struct cli *c, const char *name,
    char *const *ids, int n)
{
	long min, max;
	long long gid, members = 0;
	sqlite3_stmt *count;
	int rc;

	if ((rc = group_begin(db, name, &gid, &min, &max)) != 0)
		return rc;
	if ((rc = members_put(db, gid, ids, n)) != 0)
		return db_end(db, rc);
	count = db_prepare(db, sql_sched_group_members);
	sqlite3_bind_int64(count, 1, gid);
	rc = db_int_once(db, count, &members);
	if (rc == 0 && members > max) {
		warnx("group %s would have %lld members, more than its %ld; "
		    "nobody joined", name, members, max);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "group.join", name, "");
	if ((rc = db_end(db, rc)) == 0) {
		if (members < min)
			fprintf(stderr, "ph-schedule: warning: group %s has "
			    "%lld members, fewer than its %ld\n", name, members,
			    min);
		printf("group\tmembers\tmin\tmax\n%s\t%lld\t%ld\t%ld\n", name,
		    members, min, max);
	}
	return rc;
}

/* Whether the person numbered id is at the session already (a member):
 * 0, EX_DATAERR after a message when not a member, or a sysexits code. */
static int
attending(sqlite3 *db, long long sid, const char *id, const char *name)
{
	sqlite3_stmt *in = db_prepare(db, sql_sched_group_attended);
	long long one;
	int rc;

	sqlite3_bind_int64(in, 1, sid);
	sqlite3_bind_text(in, 2, id, -1, SQLITE_STATIC);
	rc = db_int_once(db, in, &one);
	if (rc != DB_NONE)
		return rc;
	warnx("'%s' is not a member of group %s", id, name);
	return EX_DATAERR;
}

/* The members numbered ids at session sid of group gid: 0, or a
 * sysexits code. */
static int
attendance_put(sqlite3 *db, long long gid, long long sid, const char *name,
    char *const *ids, int n)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_group_attendance_put);
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, sid);
		sqlite3_bind_int64(st, 2, gid);
		sqlite3_bind_text(st, 3, ids[i], -1, SQLITE_STATIC);
		if ((rc = db_run(db, st)) == 0 && sqlite3_changes(db) == 0)
			rc = attending(db, sid, ids[i], name);
	}
	sqlite3_finalize(st);
	return rc;
}

int
sched_group_attend(sqlite3 *db, const struct cli *c, const char *name,
    const char *session, char *const *ids, int n)
{
	long min, max;
	long long gid, sid = 0;
	sqlite3_stmt *st;
	int rc;

	if ((rc = group_begin(db, name, &gid, &min, &max)) != 0)
		return rc;
	st = db_prepare(db, sql_sched_group_session_numbered);
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_int64(st, 2, atoll(session));
	rc = db_int_once(db, st, &sid);
	if (rc == DB_NONE) {
		warnx("group %s has no session '%s'", name, session);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = attendance_put(db, gid, sid, name, ids, n);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "group.attend", name,
		    session);
	return db_end(db, rc);
}
