/*
 * ph-schedule remind: for cron.  Queues, in ph-alert's outbox, a reminder
 * for everything in the window ahead, once (a second run queues nothing
 * new):
 *   an appointment, to the counsellor, and to the pupil's class teacher,
 *     who is asked to release the pupil and learns the time and place,
 *     not why (rendered when sent, so that a cancellation withdraws it);
 *   a group session, to its leader, and to each member's class teacher
 *     in the same words as for an appointment;
 *   a planned lesson, to the teacher named for it, else the school's
 *     counsellors;
 *   an event, to the counsellors of the unit it is for;
 *   a red card's follow-up falling due and not booked, to the counsellors
 *     of the pupil's school.
 * All but the appointments are written out when queued.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "alert_policy.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "io.h"
#include "rec.h"
#include "xalloc.h"

/* The counsellors up the tree from unit ?1 (the nearest level that has
 * any), or every counsellor when ?1 is NULL. */
#define COUNSELLORS_OF(unit) "WITH RECURSIVE up(id, depth) AS (SELECT " \
	unit ", 0 UNION ALL SELECT x.parent_id, up.depth + 1 FROM unit x " \
	"JOIN up ON x.id = up.id WHERE x.parent_id IS NOT NULL), held AS " \
	"(SELECT r.contact_id, up.depth FROM up JOIN role r ON r.unit_id = " \
	"up.id AND r.role = 'counsellor' AND r.until IS NULL) SELECT DISTINCT " \
	"contact_id FROM held WHERE depth = (SELECT min(depth) FROM held) " \
	"UNION SELECT DISTINCT contact_id FROM role WHERE " unit " IS NULL " \
	"AND role = 'counsellor' AND until IS NULL"

struct remind {
	sqlite3 *db;
	const struct cli *c;
	struct alert_policy *policy;	/* read when first needed */
	sqlite3_stmt *put, *counsellors;
	struct rec_writer *w;
	long queued;
	int out;
};

/* The policy's templates; NULL with rc after a message. */
static const struct alert_policy *
remind_policy(struct remind *r, int *rc)
{
	if (r->policy == NULL && (r->policy = alert_policy_for(r->c)) == NULL)
		*rc = EX_CONFIG;
	return r->policy;
}

/* Queues one reminder (once per key and contact) and prints it. */
static int
queue(struct remind *r, const char *key, long long contact, const char *role,
    const struct template *t, const char *const *names,
    const char *const *values, size_t n, const char *const line[5])
{
	char *subject = template_render(t->subject, names, values, n);
	char *body = template_render(t->body, names, values, n);
	int rc = 0;

	sqlite3_bind_text(r->put, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->put, 2, contact);
	sqlite3_bind_text(r->put, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->put, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->put, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->put, 6, (sqlite3_int64)r->c->now);
	if (sqlite3_step(r->put) != SQLITE_DONE)
		rc = db_fail(r->db, "remind");
	else if (sqlite3_changes(r->db) > 0) {
		const char *v[5] = { line[0], line[1], line[2], line[3], role };
		r->queued++;
		if (rec_write(r->w, v) != 0)
			r->out = 1;
	}
	sqlite3_reset(r->put);
	free(subject);
	free(body);
	return rc;
}

/* The contact named name: a counsellor of that name, else the only
 * contact of that name; 0 when none or several. */
static long long
contact_named(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	long long id;
	int ambiguous, n = 0;

	if ((id = sched_find_counsellor(db, name, &ambiguous)) != 0 ||
	    ambiguous)
		return id;
	st = db_prepare(db, "SELECT id FROM contact WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	return n == 1 ? id : 0;
}

/* "，地点：心理咨询室" or ", in the counselling room" */
static char *
place(const struct alert_policy *p, const char *room)
{
	return *room == '\0' ? xstrdup("") : xasprintf(p->english ? ", in %s" :
	    "，地点：%s", room);
}

static const char *const event_names[] = { "time", "room", "what" };

/* A reminder of an event-like thing to each counsellor of unit (0: all). */
static int
to_counsellors(struct remind *r, const char *key, long long unit,
    const char *time, const char *room, const char *what,
    const char *const line[5])
{
	const struct alert_policy *p = r->policy;
	char *where = place(p, room);
	const char *v[3] = { time, where, what };
	int rc = 0, any = 0, step = SQLITE_DONE;

	if (unit != 0)
		sqlite3_bind_int64(r->counsellors, 1, unit);
	else
		sqlite3_bind_null(r->counsellors, 1);
	while (rc == 0 && (step = sqlite3_step(r->counsellors)) == SQLITE_ROW) {
		any = 1;
		rc = queue(r, key, sqlite3_column_int64(r->counsellors, 0),
		    "counsellor", &p->reminder_event, event_names, v, 3, line);
	}
	sqlite3_reset(r->counsellors);
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(r->db, "remind");
	if (rc == 0 && !any)
		warnx("%s: no counsellor to remind (see ph-intake roles)", what);
	free(where);
	return rc;
}

/* Finalizes a loop's statement: rc, else its error if a step failed, so
 * that a reminder not queued is never taken for one not due. */
static int
finish(sqlite3 *db, sqlite3_stmt *st, int rc)
{
	int frc = db_finalize(db, st, "remind");

	return rc ? rc : frc;
}

static int
remind_appointments(struct remind *r, time_t until)
{
	sqlite3_stmt *due, *queue_st;
	int rc = 0;

	/* through the partial index of booked appointments by start: nothing
	 * is read when nothing is due */
	due = db_prepare(r->db, "SELECT 'appointment ' || a.id, "
	    "datetime(a.start, 'unixepoch', 'localtime'), r.code, x.contact, "
	    "x.role, k.name, a.id FROM appointment a JOIN room r ON r.id = "
	    "a.room_id JOIN (SELECT a2.id AS appt, a2.contact_id AS contact, "
	    "'counsellor' AS role FROM appointment a2 WHERE a2.status = "
	    "'booked' AND a2.start > ?1 AND a2.start <= ?2 UNION ALL SELECT "
	    "a3.id, ro.contact_id, 'class_teacher' FROM appointment a3 JOIN "
	    "person p3 ON p3.id = a3.person_id JOIN role ro ON ro.unit_id = "
	    "p3.unit_id AND ro.role = 'class_teacher' AND ro.until IS NULL "
	    "WHERE a3.status = 'booked' AND a3.start > ?1 AND a3.start <= ?2) "
	    "x ON x.appt = a.id JOIN contact k ON k.id = x.contact ORDER BY "
	    "a.start, a.id, x.role");
	queue_st = db_prepare(r->db, "INSERT INTO outbox (appointment_id, "
	    "contact_id, role, created_at, next_try) VALUES (?1, ?2, ?3, ?4, "
	    "?4) ON CONFLICT DO NOTHING");
	sqlite3_bind_int64(due, 1, (sqlite3_int64)r->c->now);
	sqlite3_bind_int64(due, 2, (sqlite3_int64)until);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		sqlite3_bind_int64(queue_st, 1, sqlite3_column_int64(due, 6));
		sqlite3_bind_int64(queue_st, 2, sqlite3_column_int64(due, 3));
		sqlite3_bind_text(queue_st, 3, db_column_text(due, 4), -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_int64(queue_st, 4, (sqlite3_int64)r->c->now);
		if (sqlite3_step(queue_st) != SQLITE_DONE)
			rc = db_fail(r->db, "remind");
		else if (sqlite3_changes(r->db) > 0) {
			const char *v[5] = { db_column_text(due, 0),
			    db_column_text(due, 1), db_column_text(due, 2),
			    db_column_text(due, 5), db_column_text(due, 4) };
			r->queued++;
			if (rec_write(r->w, v) != 0)
				r->out = 1;
		}
		sqlite3_reset(queue_st);
	}
	sqlite3_finalize(queue_st);
	return finish(r->db, due, rc);
}

/* Group sessions: the leader, and each member's class teacher. */
static int
remind_groups(struct remind *r, time_t until)
{
	static const char *const brief_names[] = { "name", "id", "unit",
	    "time", "room", "counsellor", "appt" };
	sqlite3_stmt *due = db_prepare(r->db, "SELECT s.id, g.name, s.n, "
	    "(SELECT count(*) FROM grp_session x WHERE x.group_id = g.id), "
	    "strftime('%Y-%m-%d %H:%M', s.start, 'unixepoch', 'localtime'), "
	    "r.name, r.code, g.leader, (SELECT count(*) FROM grp_member m "
	    "WHERE m.group_id = g.id) FROM grp_session s JOIN grp g ON g.id = "
	    "s.group_id JOIN room r ON r.id = g.room_id WHERE s.start > ?1 AND "
	    "s.start <= ?2 ORDER BY s.start, s.id");
	sqlite3_stmt *members = db_prepare(r->db, "SELECT p.id, p.person_no, "
	    "p.name, coalesce(u.path, ''), ro.contact_id, k.name FROM "
	    "grp_session s JOIN grp_member m ON m.group_id = s.group_id JOIN "
	    "person p ON p.id = m.person_id JOIN unit u ON u.id = p.unit_id "
	    "JOIN role ro ON ro.unit_id = p.unit_id AND ro.role = "
	    "'class_teacher' AND ro.until IS NULL JOIN contact k ON k.id = "
	    "ro.contact_id WHERE s.id = ? ORDER BY p.person_no");
	int rc = 0, step = SQLITE_DONE;

	sqlite3_bind_int64(due, 1, (sqlite3_int64)r->c->now);
	sqlite3_bind_int64(due, 2, (sqlite3_int64)until);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		long long session = sqlite3_column_int64(due, 0), leader;
		const char *group = db_column_text(due, 1);
		const char *time = db_column_text(due, 4);
		const char *room = db_column_text(due, 5);
		const char *lead = db_column_text(due, 7);
		const struct alert_policy *p;
		char *key, *what, *where, *label;

		if ((p = remind_policy(r, &rc)) == NULL)
			break;
		label = xasprintf("group %s %d", group, sqlite3_column_int(due,
		    2));
		what = xasprintf(p->english ? "group counselling %s, session %d "
		    "of %d, %d members" : "团体辅导「%s」第%d次（共%d次，成员%d人）",
		    group, sqlite3_column_int(due, 2), sqlite3_column_int(due,
		    3), sqlite3_column_int(due, 8));
		where = place(p, room);
		if ((leader = contact_named(r->db, lead)) == 0)
			warnx("group %s: its leader %s is not one contact (see "
			    "ph-intake contacts); no reminder to the leader",
			    group, lead);
		else {
			const char *v[3] = { time, where, what };
			const char *line[5] = { label, time, db_column_text(due,
			    6), lead, NULL };
			key = xasprintf("group session %lld", session);
			rc = queue(r, key, leader, "counsellor",
			    &p->reminder_event, event_names, v, 3, line);
			free(key);
		}
		sqlite3_bind_int64(members, 1, session);
		while (rc == 0 && (step = sqlite3_step(members)) ==
		    SQLITE_ROW) {
			const char *v[7] = { db_column_text(members, 2),
			    db_column_text(members, 1), db_column_text(members,
			    3), time, room, lead, "" };
			const char *line[5] = { label, time, db_column_text(due,
			    6), db_column_text(members, 5), NULL };
			key = xasprintf("group session %lld person %lld", session,
			    sqlite3_column_int64(members, 0));
			rc = queue(r, key, sqlite3_column_int64(members, 4),
			    "class_teacher", &p->reminder_brief, brief_names, v,
			    7, line);
			free(key);
		}
		sqlite3_reset(members);
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_fail(r->db, "remind");
		free(label);
		free(what);
		free(where);
	}
	sqlite3_finalize(members);
	return finish(r->db, due, rc);
}

/* Lessons planned, not held, on the days ahead. */
static int
remind_lessons(struct remind *r, time_t until)
{
	sqlite3_stmt *due = db_prepare(r->db, "SELECT l.id, l.day, u.path, "
	    "u.id, coalesce(l.by, '') FROM lesson l JOIN unit u ON u.id = "
	    "l.unit_id WHERE l.held = 0 AND l.day >= ?1 AND l.day <= ?2 ORDER "
	    "BY l.day, u.path");
	char today[11], last[11];
	int rc = 0;

	clock_date(r->c->now, today);
	clock_date(until, last);
	sqlite3_bind_text(due, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(due, 2, last, -1, SQLITE_TRANSIENT);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		const char *day = db_column_text(due, 1);
		const char *cls = db_column_text(due, 2);
		const char *by = db_column_text(due, 4);
		const struct alert_policy *p;
		char *key, *what, *label;
		long long teacher = *by ? contact_named(r->db, by) : 0;

		if ((p = remind_policy(r, &rc)) == NULL)
			break;
		key = xasprintf("lesson %lld", sqlite3_column_int64(due, 0));
		label = xasprintf("lesson %s", cls);
		what = xasprintf(p->english ? "psychology lesson, %s" :
		    "心理健康课：%s", cls);
		if (teacher != 0) {
			const char *v[3] = { day, "", what };
			const char *line[5] = { label, day, "", by, NULL };
			rc = queue(r, key, teacher, "counsellor",
			    &p->reminder_event, event_names, v, 3, line);
		} else {
			const char *line[5] = { label, day, "", "", NULL };
			rc = to_counsellors(r, key, sqlite3_column_int64(due, 3),
			    day, "", what, line);
		}
		free(key);
		free(label);
		free(what);
	}
	return finish(r->db, due, rc);
}

/* Events ahead, to the counsellors of the unit they are for. */
static int
remind_events(struct remind *r, time_t until)
{
	sqlite3_stmt *due = db_prepare(r->db, "SELECT e.id, e.kind, e.name, "
	    "strftime('%Y-%m-%d %H:%M', e.at, 'unixepoch', 'localtime'), "
	    "coalesce(e.unit_id, 0), coalesce(u.path, '') FROM event e LEFT "
	    "JOIN unit u ON u.id = e.unit_id WHERE e.at > ?1 AND e.at <= ?2 "
	    "ORDER BY e.at, e.id");
	int rc = 0;

	sqlite3_bind_int64(due, 1, (sqlite3_int64)r->c->now);
	sqlite3_bind_int64(due, 2, (sqlite3_int64)until);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		const char *kind = db_column_text(due, 1);
		const char *time = db_column_text(due, 3);
		const struct alert_policy *p;
		char *key, *what, *label;

		if ((p = remind_policy(r, &rc)) == NULL)
			break;
		key = xasprintf("event %lld", sqlite3_column_int64(due, 0));
		label = xasprintf("event %s", db_column_text(due, 2));
		what = xasprintf(p->english ? "%s %s%s%s" : "%s「%s」%s%s",
		    p->english ? kind : sched_event_label(kind),
		    db_column_text(due, 2),
		    *db_column_text(due, 5) ? (p->english ? ", for " : "，面向") :
		    "", db_column_text(due, 5));
		{
			const char *line[5] = { label, time, "", "", NULL };
			rc = to_counsellors(r, key, sqlite3_column_int64(due, 4),
			    time, "", what, line);
		}
		free(key);
		free(label);
		free(what);
	}
	return finish(r->db, due, rc);
}

struct followup_window {
	struct remind *r;
	char today[11], last[11];
	int rc;
};

/* A red card's step falling due in the window and not booked. */
static int
followup_due(void *ctx, const struct followup_step *s)
{
	struct followup_window *f = ctx;
	struct remind *r = f->r;
	const struct alert_policy *p;
	char *key, *what, *label;
	long long unit;
	sqlite3_stmt *st;
	int rc;

	if (strcmp(s->state, "due") != 0 || strcmp(s->due, f->today) < 0 ||
	    strcmp(s->due, f->last) > 0)
		return 0;
	if ((p = remind_policy(r, &f->rc)) == NULL)
		return f->rc;
	st = db_prepare(r->db, "SELECT unit_id FROM person WHERE id = ?");
	sqlite3_bind_int64(st, 1, s->person);
	unit = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	key = xasprintf("followup %s %lld %zu", s->campaign, s->person, s->step);
	label = xasprintf("followup %s %s", s->person_no, s->step_text);
	if (p->english)
		what = xasprintf("%s with %s (%s, %s), red card of %s: due, not "
		    "booked (ph-schedule book %s --followup-of %s)",
		    s->step_text, s->name, s->person_no, s->unit, s->campaign,
		    s->person_no, s->campaign);
	else
		what = xasprintf("%s（%s，%s）%s红卡的%s到期，尚未预约"
		    "（ph-schedule book %s --followup-of %s）", s->name,
		    s->person_no, s->unit, s->campaign, s->step == 0 ?
		    "首次谈话" : "随访", s->person_no, s->campaign);
	{
		const char *line[5] = { label, s->due, "", "", NULL };
		rc = to_counsellors(r, key, unit, s->due, "", what, line);
	}
	free(key);
	free(label);
	free(what);
	return rc;
}

int
sched_remind(sqlite3 *db, const struct cli *c, long ahead)
{
	static const char *const cols[] = { "what", "start", "room", "to",
	    "role" };
	struct remind r;
	struct followup_window f;
	time_t until = c->now + ahead;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.c = c;
	r.w = io_writer(c, 5, cols);
	r.put = db_prepare(db, "INSERT INTO outbox (reminder, contact_id, role, "
	    "subject, body, created_at, next_try) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?6) ON CONFLICT DO NOTHING");
	r.counsellors = db_prepare(db, COUNSELLORS_OF("?1"));
	memset(&f, 0, sizeof(f));
	f.r = &r;
	clock_date(c->now, f.today);
	clock_date(until, f.last);
	if ((rc = remind_appointments(&r, until)) == 0 &&
	    (rc = remind_groups(&r, until)) == 0 &&
	    (rc = remind_lessons(&r, until)) == 0 &&
	    (rc = remind_events(&r, until)) == 0)
		rc = sched_followup_walk(db, c, NULL, FOLLOWUP_AHEAD, followup_due, &f);
	sqlite3_finalize(r.put);
	sqlite3_finalize(r.counsellors);
	if (io_writer_close(r.w) != 0)
		r.out = 1;
	alert_policy_free(r.policy);
	if (rc == 0 && r.queued > 0) {
		char detail[64];
		snprintf(detail, sizeof(detail), "%ld reminders queued",
		    r.queued);
		rc = audit_once(db, c->now, c->actor, "schedule.remind", "",
		    detail);
	}
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return r.out ? EX_IOERR : 0;
}
