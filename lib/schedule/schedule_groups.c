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
#include "intake.h"
#include "io.h"
#include "rec.h"
#include "rows.h"
#include "xalloc.h"

static long long
group_id(sqlite3 *db, const char *name, long *min, long *max)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, min_size, max_size FROM "
	    "grp WHERE name = ?");
	long long id = 0;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*min = sqlite3_column_int(st, 1);
		*max = sqlite3_column_int(st, 2);
	} else
		warnx("no group '%s'", name);
	sqlite3_finalize(st);
	return id;
}

int
sched_group_create(sqlite3 *db, const struct cli *c,
    const struct group_opts *o)
{
	sqlite3_stmt *st, *room, *taken, *ins;
	long long gid, rid = 0;
	time_t at;
	long made = 0, skipped = 0;
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
	room = db_prepare(db, "SELECT id FROM room WHERE code = ?");
	sqlite3_bind_text(room, 1, o->room, -1, SQLITE_STATIC);
	if (sqlite3_step(room) == SQLITE_ROW)
		rid = sqlite3_column_int64(room, 0);
	sqlite3_finalize(room);
	if (rid == 0) {
		warnx("no room '%s'", o->room);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "INSERT INTO grp (name, room_id, leader, min_size, "
	    "max_size, created_at, every) VALUES (?, ?, ?, ?, ?, ?, ?)");
	sqlite3_bind_text(st, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rid);
	sqlite3_bind_text(st, 3, o->leader, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, o->min);
	sqlite3_bind_int64(st, 5, o->max);
	sqlite3_bind_int64(st, 7, o->every);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "group");
	sqlite3_finalize(st);
	if (rc != 0)
		return db_end(db, rc);
	gid = sqlite3_last_insert_rowid(db);
	taken = db_prepare(db, "SELECT 'appointment ' || id FROM appointment "
	    "WHERE room_id = ?1 AND status IN ('booked', 'done') AND start < ?3 "
	    "AND end > ?2 UNION ALL SELECT 'group ' || g.name || ' session ' || "
	    "s.n FROM grp_session s JOIN grp g ON g.id = s.group_id WHERE "
	    "g.room_id = ?1 AND s.start < ?3 AND s.end > ?2 LIMIT 1");
	ins = db_prepare(db, "INSERT INTO grp_session (group_id, n, start, end) "
	    "VALUES (?, ?, ?, ?)");
	/* every session on the same weekday and hour, a closed day passed
	 * over to the next period (the series keeps its number of sessions) */
	for (long guard = 0; made < o->sessions && rc == 0 && guard < 520;
	    guard++, at += o->every) {
		char day[11];

		clock_date(at, day);
		if (!sched_school_day(db, day)) {
			skipped++;
			continue;
		}
		sqlite3_bind_int64(taken, 1, rid);
		sqlite3_bind_int64(taken, 2, (sqlite3_int64)at);
		sqlite3_bind_int64(taken, 3, (sqlite3_int64)(at + o->length * 60));
		if (sqlite3_step(taken) == SQLITE_ROW) {
			warnx("session %ld on %s: room %s is taken by %s", made + 1,
			    day, o->room, db_column_text(taken, 0));
			rc = EX_DATAERR;
		}
		sqlite3_reset(taken);
		if (rc != 0)
			break;
		sqlite3_bind_int64(ins, 1, gid);
		sqlite3_bind_int64(ins, 2, made + 1);
		sqlite3_bind_int64(ins, 3, (sqlite3_int64)at);
		sqlite3_bind_int64(ins, 4, (sqlite3_int64)(at + o->length * 60));
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(db, "group");
		sqlite3_reset(ins);
		made++;
	}
	sqlite3_finalize(taken);
	sqlite3_finalize(ins);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "group.create", o->name,
		    o->leader);
	if ((rc = db_end(db, rc)) == 0) {
		static const char *const cols[] = { "group", "session", "start",
		    "end", "room" };
		st = db_prepare(db, "SELECT g.name, s.n, datetime(s.start, "
		    "'unixepoch', 'localtime'), strftime('%H:%M', s.end, "
		    "'unixepoch', 'localtime'), r.code FROM grp_session s JOIN grp "
		    "g ON g.id = s.group_id JOIN room r ON r.id = g.room_id WHERE "
		    "g.id = ? ORDER BY s.n");
		sqlite3_bind_int64(st, 1, gid);
		if (skipped > 0)
			fprintf(stderr, "ph-schedule: %ld closed day%s passed "
			    "over\n", skipped, skipped == 1 ? "" : "s");
		rc = rows_print(db, c, st, 5, cols);
	}
	return rc;
}

int
sched_group_join(sqlite3 *db, const struct cli *c, const char *name,
    char *const *ids, int n)
{
	long min, max;
	long long gid;
	sqlite3_stmt *ins, *count;
	int rc, members = 0;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((gid = group_id(db, name, &min, &max)) == 0)
		return db_end(db, EX_DATAERR);
	ins = db_prepare(db, "INSERT OR IGNORE INTO grp_member (group_id, "
	    "person_id) VALUES (?, ?)");
	for (int i = 0; i < n && rc == 0; i++) {
		long long pid = intake_person_id(db, ids[i]);

		if (pid == 0) {
			warnx("no person '%s'", ids[i]);
			rc = EX_DATAERR;
			break;
		}
		sqlite3_bind_int64(ins, 1, gid);
		sqlite3_bind_int64(ins, 2, pid);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(db, "group");
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	count = db_prepare(db, "SELECT count(*) FROM grp_member WHERE "
	    "group_id = ?");
	sqlite3_bind_int64(count, 1, gid);
	if (sqlite3_step(count) == SQLITE_ROW)
		members = sqlite3_column_int(count, 0);
	sqlite3_finalize(count);
	if (rc == 0 && members > max) {
		warnx("group %s would have %d members, more than its %ld; nobody "
		    "joined", name, members, max);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "group.join", name, "");
	if ((rc = db_end(db, rc)) == 0) {
		if (members < min)
			fprintf(stderr, "ph-schedule: warning: group %s has %d "
			    "members, fewer than its %ld\n", name, members, min);
		printf("group\tmembers\tmin\tmax\n%s\t%d\t%ld\t%ld\n", name,
		    members, min, max);
	}
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

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((gid = group_id(db, name, &min, &max)) == 0)
		return db_end(db, EX_DATAERR);
	st = db_prepare(db, "SELECT id FROM grp_session WHERE group_id = ? AND "
	    "n = ?");
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_int64(st, 2, atoll(session));
	if (sqlite3_step(st) == SQLITE_ROW)
		sid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sid == 0) {
		warnx("group %s has no session '%s'", name, session);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "INSERT OR IGNORE INTO grp_attendance (session_id, "
	    "person_id) SELECT ?1, m.person_id FROM grp_member m JOIN person p "
	    "ON p.id = m.person_id WHERE m.group_id = ?2 AND p.person_no = ?3");
	for (int i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, sid);
		sqlite3_bind_int64(st, 2, gid);
		sqlite3_bind_text(st, 3, ids[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, "attend");
		else if (sqlite3_changes(db) == 0) {
			sqlite3_stmt *in = db_prepare(db, "SELECT 1 FROM "
			    "grp_attendance a JOIN person p ON p.id = a.person_id "
			    "WHERE a.session_id = ? AND p.person_no = ?");
			int already;
			sqlite3_bind_int64(in, 1, sid);
			sqlite3_bind_text(in, 2, ids[i], -1, SQLITE_STATIC);
			already = sqlite3_step(in) == SQLITE_ROW;
			sqlite3_finalize(in);
			if (!already) {
				warnx("'%s' is not a member of group %s", ids[i],
				    name);
				rc = EX_DATAERR;
			}
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "group.attend", name,
		    session);
	return db_end(db, rc);
}
