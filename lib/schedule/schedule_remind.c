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
 * All but the appointments are written out when queued.  What one
 * recipient has not been sent yet of those goes as one message, a digest
 * (alert_digest, unless the policy says digest: false).
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
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "xalloc.h"

struct remind {
	sqlite3 *db;
	const struct cli *c;
	const struct alert_policy *policy;	/* read when first needed */
	sqlite3_stmt *put, *counsellors, *contact, *person_unit;
	struct rec_writer *w;
	long queued;
	int out;
};

/* The policy's templates; NULL with rc after a message. */
static const struct alert_policy *
remind_policy(struct remind *r, int *rc)
{
	if (r->policy == NULL && (r->policy = alert_policy_of(r->c)) == NULL)
		*rc = EX_CONFIG;
	return r->policy;
}

/* Runs the queueing statement st: a reminder queued now (not before) is
 * counted and printed (what, start, room, to: line; role). */
static int
queued(struct remind *r, sqlite3_stmt *st, const char *const line[4],
    const char *role)
{
	int rc = db_run(r->db, st);

	if (rc == 0 && sqlite3_changes(r->db) > 0) {
		const char *v[5] = { line[0], line[1], line[2], line[3], role };
		r->queued++;
		if (rec_write(r->w, v) != 0)
			r->out = 1;
	}
	return rc;
}

/* Queues one reminder (once per key and contact) and prints it. */
static int
queue(struct remind *r, const char *key, long long contact, const char *role,
    const struct template *t, const char *const *names,
    const char *const *values, size_t n, const char *const line[5])
{
	char *subject = template_render(t->subject, names, values, n);
	char *body = template_render(t->body, names, values, n);
	int rc;

	sqlite3_bind_text(r->put, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->put, 2, contact);
	sqlite3_bind_text(r->put, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->put, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->put, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->put, 6, (sqlite3_int64)r->c->now);
	rc = queued(r, r->put, line, role);
	free(subject);
	free(body);
	return rc;
}

/* The contact named name: a counsellor of that name, else the only
 * contact of that name; *id 0 when none or several.  0 or a code. */
static int
contact_named(struct remind *r, const char *name, long long *id)
{
	sqlite3_stmt *st = r->contact;
	int n = 0, rc;

	*id = 0;
	rc = sched_counsellor(r->db, name, id);
	if (rc == SCHED_SEVERAL) {
		*id = 0;
		return 0;
	}
	if (rc != DB_NONE)
		return rc;
	rc = 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (db_row(r->db, st, &rc)) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	if (n != 1)
		*id = 0;
	return rc;
}

/* "，地点：心理咨询室" or ", in the counselling room" */
static char *
place(const struct alert_policy *p, const char *room)
{
	return *room == '\0' ? xstrdup("") : xasprintf(p->english ? ", in %s" :
	    "，地点：%s", room);
}

static const char *const event_names[] = { "time", "room", "what" };

/* A reminder of an event-like thing to each counsellor of unit (0: all),
 * the nearest up the unit tree. */
static int
to_counsellors(struct remind *r, const char *key, long long unit,
    const char *time, const char *room, const char *what,
    const char *const line[5])
{
	const struct alert_policy *p = r->policy;
	sqlite3_stmt *st = r->counsellors;
	char *where = place(p, room);
	const char *v[3] = { time, where, what };
	int rc = 0, any = 0;

	if (unit != 0)
		sqlite3_bind_int64(st, 1, unit);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, "counsellor", -1, SQLITE_STATIC);
	while (rc == 0 && db_row(r->db, st, &rc)) {
		any = 1;
		rc = queue(r, key, sqlite3_column_int64(st, 0), "counsellor",
		    &p->reminder_event, event_names, v, 3, line);
	}
	sqlite3_reset(st);
	if (rc == 0 && !any)
		warnx("%s: no counsellor to remind (see ph-intake roles)", what);
	free(where);
	return rc;
}

/* A reminder of a thing at time (no room): to contact, named by, or,
 * when contact is 0, to each counsellor of unit.  key, label (what it
 * is, printed) and what (said) are freed here. */
static int
remind_thing(struct remind *r, char *key, char *label, char *what,
    long long contact, const char *by, long long unit, const char *time)
{
	const char *line[5] = { label, time, "", contact != 0 ? by : "",
	    NULL };
	int rc;

	if (contact != 0) {
		const char *v[3] = { time, "", what };
		rc = queue(r, key, contact, "counsellor",
		    &r->policy->reminder_event, event_names, v, 3, line);
	} else
		rc = to_counsellors(r, key, unit, time, "", what, line);
	free(key);
	free(label);
	free(what);
	return rc;
}

/* Binds the window from now to until as ?1 and ?2. */
static void
bind_window(struct remind *r, sqlite3_stmt *st, time_t until)
{
	sqlite3_bind_int64(st, 1, (sqlite3_int64)r->c->now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)until);
}

/* Appointments ahead: the counsellor, and the pupil's class teacher;
 * the message is made when it is sent. */
static int
remind_appointments(struct remind *r, time_t until)
{
	sqlite3_stmt *due, *queue_st;
	int rc = 0;

	/* through the partial index of booked appointments by start: nothing
	 * is read when nothing is due */
	due = db_prepare(r->db, sql_remind_appointments_due);
	queue_st = db_prepare(r->db, sql_remind_appointment_queue);
	bind_window(r, due, until);
	while (rc == 0 && db_row(r->db, due, &rc)) {
		const char *line[4] = { db_column_text(due, 0),
		    db_column_text(due, 1), db_column_text(due, 2),
		    db_column_text(due, 5) };

		sqlite3_bind_int64(queue_st, 1, sqlite3_column_int64(due, 6));
		sqlite3_bind_int64(queue_st, 2, sqlite3_column_int64(due, 3));
		sqlite3_bind_text(queue_st, 3, db_column_text(due, 4), -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_int64(queue_st, 4, (sqlite3_int64)r->c->now);
		rc = queued(r, queue_st, line, db_column_text(due, 4));
	}
	sqlite3_finalize(queue_st);
	sqlite3_finalize(due);
	return rc;
}

/* One group session of the group sessions' statement due. */
struct session {
	long long id;
	const char *group, *time, *room, *lead, *room_code;
	char *label, *what, *where;
};

/* The session's leader, when the name is one contact. */
static int
remind_leader(struct remind *r, const struct session *s)
{
	const struct alert_policy *p = r->policy;
	const char *v[3] = { s->time, s->where, s->what };
	const char *line[5] = { s->label, s->time, s->room_code, s->lead,
	    NULL };
	long long leader;
	char *key;
	int rc;

	if ((rc = contact_named(r, s->lead, &leader)) != 0)
		return rc;
	if (leader == 0) {
		warnx("group %s: its leader %s is not one contact (see "
		    "ph-intake contacts); no reminder to the leader",
		    s->group, s->lead);
		return 0;
	}
	key = xasprintf("group session %lld", s->id);
	rc = queue(r, key, leader, "counsellor", &p->reminder_event,
	    event_names, v, 3, line);
	free(key);
	return rc;
}

/* Each member's class teacher, in the same words as for an
 * appointment. */
static int
remind_members(struct remind *r, const struct session *s,
    sqlite3_stmt *members)
{
	static const char *const brief_names[] = { "name", "id", "unit",
	    "time", "room", "counsellor", "appt" };
	int rc = 0;

	sqlite3_bind_int64(members, 1, s->id);
	while (rc == 0 && db_row(r->db, members, &rc)) {
		const char *v[7] = { db_column_text(members, 2),
		    db_column_text(members, 1), db_column_text(members, 3),
		    s->time, s->room, s->lead, "" };
		const char *line[5] = { s->label, s->time, s->room_code,
		    db_column_text(members, 5), NULL };
		char *key = xasprintf("group session %lld person %lld", s->id,
		    sqlite3_column_int64(members, 0));

		rc = queue(r, key, sqlite3_column_int64(members, 4),
		    "class_teacher", &r->policy->reminder_brief, brief_names,
		    v, 7, line);
		free(key);
	}
	sqlite3_reset(members);
	return rc;
}

/* The session of due's row: its leader, each member's class teacher. */
static int
remind_session(struct remind *r, sqlite3_stmt *due, sqlite3_stmt *members)
{
	const struct alert_policy *p;
	struct session s = { sqlite3_column_int64(due, 0),
	    db_column_text(due, 1), db_column_text(due, 4),
	    db_column_text(due, 5), db_column_text(due, 7),
	    db_column_text(due, 6), NULL, NULL, NULL };
	int rc = 0, n = sqlite3_column_int(due, 2);

	if ((p = remind_policy(r, &rc)) == NULL)
		return rc;
	s.label = xasprintf("group %s %d", s.group, n);
	s.what = xasprintf(p->english ? "group counselling %s, session %d "
	    "of %d, %d members" : "团体辅导「%s」第%d次（共%d次，成员%d人）",
	    s.group, n, sqlite3_column_int(due, 3), sqlite3_column_int(due,
	    8));
	s.where = place(p, s.room);
	rc = remind_leader(r, &s);
	if (rc == 0)
		rc = remind_members(r, &s, members);
	free(s.label);
	free(s.what);
	free(s.where);
	return rc;
}

/* Group sessions: the leader, and each member's class teacher. */
static int
remind_groups(struct remind *r, time_t until)
{
	sqlite3_stmt *due = db_prepare(r->db, sql_remind_group_sessions_due);
	sqlite3_stmt *members = db_prepare(r->db, sql_remind_group_members);
	int rc = 0;

	bind_window(r, due, until);
	while (rc == 0 && db_row(r->db, due, &rc))
		rc = remind_session(r, due, members);
	sqlite3_finalize(members);
	sqlite3_finalize(due);
	return rc;
}

/* Lessons planned, not held, on the days ahead: to the teacher named
 * for it, else the school's counsellors. */
static int
remind_lessons(struct remind *r, time_t until)
{
	sqlite3_stmt *due = db_prepare(r->db, sql_remind_lessons_due);
	char today[11], last[11];
	int rc = 0;

	clock_date(r->c->now, today);
	clock_date(until, last);
	sqlite3_bind_text(due, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(due, 2, last, -1, SQLITE_TRANSIENT);
	while (rc == 0 && db_row(r->db, due, &rc)) {
		const char *cls = db_column_text(due, 2);
		const char *by = db_column_text(due, 4);
		const struct alert_policy *p;
		long long teacher = 0;

		if (*by && (rc = contact_named(r, by, &teacher)) != 0)
			break;
		if ((p = remind_policy(r, &rc)) == NULL)
			break;
		rc = remind_thing(r, xasprintf("lesson %lld",
		    sqlite3_column_int64(due, 0)), xasprintf("lesson %s", cls),
		    xasprintf(p->english ? "psychology lesson, %s" :
		    "心理健康课：%s", cls), teacher, by,
		    sqlite3_column_int64(due, 3), db_column_text(due, 1));
	}
	sqlite3_finalize(due);
	return rc;
}

/* Events ahead, to the counsellors of the unit they are for. */
static int
remind_events(struct remind *r, time_t until)
{
	sqlite3_stmt *due = db_prepare(r->db, sql_remind_events_due);
	int rc = 0;

	bind_window(r, due, until);
	while (rc == 0 && db_row(r->db, due, &rc)) {
		const char *kind = db_column_text(due, 1);
		const char *name = db_column_text(due, 2);
		const char *unit = db_column_text(due, 5);
		const struct alert_policy *p;

		if ((p = remind_policy(r, &rc)) == NULL)
			break;
		rc = remind_thing(r, xasprintf("event %lld",
		    sqlite3_column_int64(due, 0)), xasprintf("event %s", name),
		    xasprintf(p->english ? "%s %s%s%s" : "%s「%s」%s%s",
		    p->english ? kind : sched_event_label(kind), name, *unit ?
		    (p->english ? ", for " : "，面向") : "", unit), 0, "",
		    sqlite3_column_int64(due, 4), db_column_text(due, 3));
	}
	sqlite3_finalize(due);
	return rc;
}

struct followup_window {
	struct remind *r;
	char today[11], last[11];
	int rc;
};

/* The unit of person: 0 or a code, *unit 0 when none. */
static int
person_unit(struct remind *r, long long person, long long *unit)
{
	int rc;

	sqlite3_bind_int64(r->person_unit, 1, person);
	if ((rc = db_int(r->db, r->person_unit, unit)) == DB_NONE) {
		*unit = 0;
		rc = 0;
	}
	return rc;
}

/* A red card's step falling due in the window and not booked. */
static int
followup_due(void *ctx, const struct followup_step *s)
{
	struct followup_window *f = ctx;
	struct remind *r = f->r;
	const struct alert_policy *p;
	char *what;
	long long unit;
	int rc;

	if (strcmp(s->state, "due") != 0 || strcmp(s->due, f->today) < 0 ||
	    strcmp(s->due, f->last) > 0)
		return 0;
	if ((p = remind_policy(r, &f->rc)) == NULL)
		return f->rc;
	if ((rc = person_unit(r, s->person, &unit)) != 0)
		return rc;
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
	return remind_thing(r, xasprintf("followup %s %lld %zu", s->campaign,
	    s->person, s->step), xasprintf("followup %s %s", s->person_no,
	    s->step_text), what, 0, "", unit, s->due);
}

/* What one recipient has not been sent yet, as one message (the policy's
 * digest): at most one reminder message a run for each. */
static int
remind_digest(struct remind *r, long *digests)
{
	const struct alert_policy *p;
	int rc = 0;

	if ((p = remind_policy(r, &rc)) == NULL)
		return rc;
	return alert_digest(r->db, r->c, p, digests);
}

int
sched_remind(sqlite3 *db, const struct cli *c, long ahead)
{
	static const char *const cols[] = { "what", "start", "room", "to",
	    "role" };
	struct remind r;
	struct followup_window f;
	time_t until = c->now + ahead;
	long digests = 0;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.c = c;
	r.w = io_writer(c, 5, cols);
	r.put = db_prepare(db, sql_remind_queue);
	r.counsellors = db_prepare(db, sql_role_nearest_holders);
	r.contact = db_prepare(db, sql_remind_contact_named);
	r.person_unit = db_prepare(db, sql_remind_person_unit);
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
	sqlite3_finalize(r.contact);
	sqlite3_finalize(r.person_unit);
	if (io_writer_close(r.w) != 0)
		r.out = 1;
	if (rc == 0 && r.queued > 0)
		rc = remind_digest(&r, &digests);
	if (rc == 0 && r.queued > 0) {
		char detail[96];
		snprintf(detail, sizeof(detail), "%ld reminders queued, %ld "
		    "digests", r.queued, digests);
		rc = audit_once(db, c->now, c->actor, "schedule.remind", "",
		    detail);
	}
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return r.out ? EX_IOERR : 0;
}
