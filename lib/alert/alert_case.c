/*
 * Crisis and referral cases: opened for a person (often from an alert),
 * the steps the policy asks of their kind each recorded with time and
 * actor, closed with an outcome only when every step is done.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "buf.h"
#include "db.h"
#include "io.h"
#include "people.h"
#include "queries.h"
#include "rec.h"
#include "words.h"
#include "xalloc.h"

/* Steps any case may record, whatever the policy asks for. */
static const char *const common_steps[] = { "guardian_contacted", "referred",
    "hospital_confirmed", "follow_up", "note", NULL };

const struct case_kind *
case_kind_of(const struct alert_policy *p, const char *kind)
{
	for (size_t i = 0; i < p->ncases; i++)
		if (strcmp(p->cases[i].kind, kind) == 0)
			return &p->cases[i];
	return NULL;
}

/* Whether alert is one of person's: 0, EX_DATAERR after a message, or a
 * code. */
static int
alert_of_person(sqlite3 *db, long long alert, long long person,
    const char *from_alert, const char *person_no)
{
	sqlite3_stmt *st = db_prepare(db, sql_case_alert_of_person);
	long long one;
	int rc;

	sqlite3_bind_int64(st, 1, alert);
	sqlite3_bind_int64(st, 2, person);
	rc = db_int(db, st, &one);
	sqlite3_finalize(st);
	if (rc == DB_NONE) {
		warnx("alert %s is not one of %s's", from_alert, person_no);
		return EX_DATAERR;
	}
	return rc;
}

/* The case opened, its number in id. */
static int
case_insert(sqlite3 *db, const struct cli *c, long long person,
    const char *kind, long long alert, const char *by, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_case_open);
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (alert != 0)
		sqlite3_bind_int64(st, 3, alert);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(db);
	return rc;
}

/* The new case's record. */
static int
case_print(const struct cli *c, const char *id, const char *person_no,
    const char *kind)
{
	static const char *const cols[] = { "case", "id", "kind" };
	const char *v[3] = { id, person_no, kind };
	struct rec_writer *w = io_writer(c, 3, cols);
	int rc = rec_write(w, v) != 0 ? EX_IOERR : 0;
	int wrc = io_writer_close(w);

	return rc ? rc : wrc;
}

int
case_open(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *person_no, const char *kind, const char *from_alert,
    const char *by)
{
	long long person = 0, alert = 0, id;
	char *detail, idtext[24];
	int rc;

	if (strcmp(kind, "crisis") != 0 && strcmp(kind, "referral") != 0) {
		warnx("--kind '%s': expected crisis or referral", kind);
		return EX_USAGE;
	}
	if (from_alert != NULL && (alert = alert_number(from_alert)) == 0) {
		warnx("--from-alert '%s': not an alert number", from_alert);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &person)) != 0)
		return db_end(db, rc);
	if (alert != 0 && (rc = alert_of_person(db, alert, person, from_alert,
	    person_no)) != 0)
		return db_end(db, rc);
	if ((rc = case_insert(db, c, person, kind, alert, by, &id)) != 0)
		return db_end(db, rc);
	snprintf(idtext, sizeof(idtext), "%lld", id);
	detail = xasprintf("%s %s opened by %s%s%s", kind, person_no, by,
	    alert ? " from alert " : "", alert ? from_alert : "");
	rc = audit_once(db, c->now, c->actor, "case.open", idtext, detail);
	free(detail);
	if (rc == 0)
		rc = case_notify_guardians(db, c, p, case_kind_of(p, kind), id,
		    by);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return case_print(c, idtext, person_no, kind);
}

/* The case's kind and status: 0, or EX_DATAERR after a message, or a
 * code. */
static int
find_case(sqlite3 *db, long long id, const char *text, char kind[16],
    char status[16])
{
	sqlite3_stmt *st = db_prepare(db, sql_case_find);
	int rc = 0;

	sqlite3_bind_int64(st, 1, id);
	if (db_row_or_warn(db, st, &rc, "no case '%s'", text)) {
		snprintf(kind, 16, "%s", db_column_text(st, 0));
		snprintf(status, 16, "%s", db_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc;
}

/* Begins a change of open case n: 0 in a transaction, with the case's
 * kind; else the status, the transaction ended.  closed: how a case not
 * open is, in the message. */
static int
case_change_begin(sqlite3 *db, long long n, const char *id,
    const char *closed, char kind[16])
{
	char status[16];
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = find_case(db, n, id, kind, status)) == 0 &&
	    strcmp(status, "open") != 0) {
		warnx("case %s is %s", id, closed);
		rc = EX_DATAERR;
	}
	return rc != 0 ? db_end(db, rc) : 0;
}

/* The statement of a change to case n (sql: a step recorded, the case
 * closed): ?1 the case, ?2 what (the step, the outcome), ?3 now, ?4 by
 * whom. */
static sqlite3_stmt *
case_change(sqlite3 *db, const struct cli *c, const char *sql, long long n,
    const char *what, const char *by)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	return st;
}

/* Runs the change st (finalized here) with its audit line, detail (freed
 * here), and ends the transaction. */
static int
case_change_end(sqlite3 *db, const struct cli *c, sqlite3_stmt *st,
    const char *action, const char *id, char *detail)
{
	int rc = db_run(db, st);

	sqlite3_finalize(st);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, action, id, detail);
	free(detail);
	return db_end(db, rc);
}

/* Whether kind is a step a case of kind ckind may record: 1, or 0 after
 * a message naming those it may. */
static int
known_step(const struct case_kind *k, const char *ckind, const char *kind)
{
	struct buf all = {0};

	for (size_t i = 0; common_steps[i] != NULL; i++)
		if (strcmp(common_steps[i], kind) == 0)
			return 1;
	for (size_t i = 0; k != NULL && i < k->nsteps; i++)
		if (strcmp(k->steps[i].step, kind) == 0)
			return 1;
	for (size_t i = 0; common_steps[i] != NULL; i++)
		buf_printf(&all, "%s%s", i ? ", " : "", common_steps[i]);
	for (size_t i = 0; k != NULL && i < k->nsteps; i++)
		buf_printf(&all, ", %s", k->steps[i].step);
	warnx("'%s' is no step of a %s case (%s)", kind, ckind, buf_str(&all));
	buf_free(&all);
	return 0;
}

/* Whether --who and --how suit step kind: 1, or 0 after a message.
 * Only guardian_contacted says whom it reached and how. */
static int
reached_ok(const char *kind, const struct case_reached *r)
{
	static const char *const hows[] = { "phone", "visit", "message",
	    "in_person", NULL };
	int known = r->how == NULL;

	if ((r->who != NULL || r->how != NULL) &&
	    strcmp(kind, "guardian_contacted") != 0) {
		warnx("--who and --how are for guardian_contacted, not %s",
		    kind);
		return 0;
	}
	if (r->who != NULL && *r->who == '\0') {
		warnx("--who must not be empty");
		return 0;
	}
	for (size_t i = 0; !known && hows[i] != NULL; i++)
		known = strcmp(r->how, hows[i]) == 0;
	if (!known)
		warnx("--how '%s': expected phone, visit, message or in_person",
		    r->how);
	return known;
}

int
case_event(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *kind, const char *by, const char *note,
    const struct case_reached *r)
{
	long long n = alert_number(id);
	char ckind[16];
	sqlite3_stmt *st;
	int rc;

	if (!reached_ok(kind, r))
		return EX_USAGE;
	if ((rc = case_change_begin(db, n, id, "closed", ckind)) != 0)
		return rc;
	if (!known_step(case_kind_of(p, ckind), ckind, kind))
		return db_end(db, EX_USAGE);
	st = case_change(db, c, sql_case_event_add, n, kind, by);
	db_bind_text_or_null(st, 5, note);
	db_bind_text_or_null(st, 6, r->who);
	db_bind_text_or_null(st, 7, r->how);
	return case_change_end(db, c, st, "case.event", id, xasprintf(
	    "%s by %s%s%s%s%s%s%s", kind, by, r->who ? ", reached " : "",
	    r->who ? r->who : "", r->how ? " by " : "", r->how ? r->how : "",
	    note ? ": " : "", note ? note : ""));
}

/* Whether case id has recorded step: 0 with *done, or a code. */
static int
step_recorded(sqlite3_stmt *has, long long id, const char *step, int *done)
{
	long long one;
	int rc;

	sqlite3_bind_int64(has, 1, id);
	sqlite3_bind_text(has, 2, step, -1, SQLITE_STATIC);
	rc = db_int(sqlite3_db_handle(has), has, &one);
	*done = rc == 0;
	return rc == DB_NONE ? 0 : rc;
}

/* The policy's steps of case n not recorded yet, ", "-joined. */
static int
missing_steps(sqlite3 *db, const struct case_kind *k, long long n,
    struct buf *out)
{
	sqlite3_stmt *st = db_prepare(db, sql_case_step_recorded);
	int rc = 0, done;

	for (size_t i = 0; k != NULL && i < k->nsteps && rc == 0; i++)
		if ((rc = step_recorded(st, n, k->steps[i].step, &done)) == 0 &&
		    !done)
			buf_printf(out, "%s%s", out->len ? ", " : "",
			    k->steps[i].step);
	sqlite3_finalize(st);
	return rc;
}

int
case_close(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *outcome, const char *by)
{
	long long n = alert_number(id);
	char ckind[16];
	struct buf missing = {0};
	sqlite3_stmt *st;
	int rc;

	if (*outcome == '\0' || *by == '\0') {
		warnx("case close: --outcome and --by must not be empty");
		return EX_USAGE;
	}
	if ((rc = case_change_begin(db, n, id, "closed already", ckind)) != 0)
		return rc;
	rc = missing_steps(db, case_kind_of(p, ckind), n, &missing);
	if (rc == 0 && missing.len > 0) {
		warnx("case %s cannot close: the policy asks first for %s", id,
		    buf_str(&missing));
		rc = EX_DATAERR;
	}
	buf_free(&missing);
	if (rc != 0)
		return db_end(db, rc);
	st = case_change(db, c, sql_case_close, n, outcome, by);
	return case_change_end(db, c, st, "case.close", id, xasprintf(
	    "closed by %s: %s", by, outcome));
}

const char *
case_next_step(sqlite3_stmt *has, const struct case_kind *k, long long id,
    time_t opened, time_t *due, int *rc)
{
	int done;

	*rc = 0;
	for (size_t i = 0; k != NULL && i < k->nsteps; i++) {
		if ((*rc = step_recorded(has, id, k->steps[i].step, &done)) != 0)
			return NULL;
		if (!done) {
			*due = opened + k->steps[i].within;
			return k->steps[i].step;
		}
	}
	return NULL;
}

/* One case of the list's statement st as a record, unless only overdue
 * ones are asked for and it is not. */
static int
case_row(const struct cli *c, const struct alert_policy *p, int overdue,
    sqlite3_stmt *st, sqlite3_stmt *has, struct rec_writer *w)
{
	long long n = sqlite3_column_int64(st, 0);
	time_t opened = (time_t)sqlite3_column_int64(st, 5), d = 0;
	const struct case_kind *k = case_kind_of(p, db_column_text(st, 3));
	const char *next = NULL, *late = "no";
	char id[24], when[32] = "", due[32] = "";
	struct tm tm;
	int rc = 0;

	if (strcmp(db_column_text(st, 4), "open") == 0)
		next = case_next_step(has, k, n, opened, &d, &rc);
	if (rc != 0)
		return rc;
	if (next != NULL) {
		clock_local(d, &tm);
		strftime(due, sizeof(due), "%Y-%m-%d %H:%M", &tm);
		late = d <= c->now ? "yes" : "no";
	} else
		next = "";
	if (overdue && strcmp(late, "yes") != 0)
		return 0;
	clock_local(opened, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	snprintf(id, sizeof(id), "%lld", n);
	{
		const char *v[10] = { id, db_column_text(st, 1),
		    db_column_text(st, 2), db_column_text(st, 3),
		    db_column_text(st, 4), when, next, due, late,
		    db_column_text(st, 6) };
		return rec_write(w, v) != 0 ? EX_IOERR : 0;
	}
}

int
case_list(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    int open, int overdue)
{
	static const char *const cols[] = { "case", "id", "name", "kind",
	    "status", "opened", "next_step", "due", "overdue", "outcome" };
	sqlite3_stmt *st = db_prepare(db, sql_case_list);
	sqlite3_stmt *has = db_prepare(db, sql_case_step_recorded);
	struct rec_writer *w = io_writer(c, 10, cols);
	int rc = 0, wrc;

	sqlite3_bind_int(st, 1, open || overdue);
	while (rc == 0 && db_row(db, st, &rc))
		rc = case_row(c, p, overdue, st, has, w);
	sqlite3_finalize(st);
	sqlite3_finalize(has);
	wrc = io_writer_close(w);
	return rc ? rc : wrc;
}

/* A run looking for late steps (escalate). */
struct late {
	sqlite3 *db;
	const struct cli *c;
	const struct alert_policy *p;
	sqlite3_stmt *has, *owner, *nearest, *queue;
	struct audit *au;
};

#define LATE(member, sql) DB_STATEMENT(struct late, member, sql)
static const struct db_statement late_statements[] = {
	LATE(has, sql_case_step_recorded),
	LATE(owner, sql_case_owner),
	LATE(nearest, sql_role_nearest_holders),
	LATE(queue, sql_case_late_queue),
};

/* Late step of the case of cs (case_open_steps' row), due at due, to
 * contact (named name), written out now from the case template; once. */
static int
late_to(struct late *l, sqlite3_stmt *cs, const char *step, const char *due,
    long long contact, const char *name)
{
	static const char *const names[] = { "name", "id", "unit", "reason",
	    "detail", "alert", "case", "level", "due", "counsellor" };
	const struct template *t = &l->p->case_msg;
	char id[24], *subject, *body;
	/* the step as the message's reader calls it ("转介就医", not
	 * "referred"); the queue and the audit keep its id */
	const char *v[10] = { db_column_text(cs, 4), db_column_text(cs, 5),
	    db_column_text(cs, 6), word_said(!l->p->english, step), "", id,
	    id, "", due, name };
	int rc;

	snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(cs,
	    0));
	subject = template_render(t->subject, names, v, 10);
	body = template_render(t->body, names, v, 10);
	sqlite3_bind_int64(l->queue, 1, sqlite3_column_int64(cs, 0));
	sqlite3_bind_text(l->queue, 2, step, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->queue, 3, contact);
	sqlite3_bind_text(l->queue, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->queue, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->queue, 6, (sqlite3_int64)l->c->now);
	if ((rc = db_run(l->db, l->queue)) == 0 && sqlite3_changes(l->db) > 0) {
		char *detail = xasprintf("%s late (due %s): %s told", step, due,
		    name);
		if (l->au == NULL)
			l->au = audit_new(l->db, l->c->now, l->c->actor);
		rc = audit_append(l->au, "case.late", id, detail);
		free(detail);
	}
	free(subject);
	free(body);
	return rc;
}

/* Each contact of st's rows (id, name), told of the late step; *told:
 * whether there was any. */
static int
late_to_each(struct late *l, sqlite3_stmt *st, sqlite3_stmt *cs,
    const char *step, const char *due, int *told)
{
	int rc = 0;

	while (rc == 0 && db_row(l->db, st, &rc)) {
		*told = 1;
		rc = late_to(l, cs, step, due, sqlite3_column_int64(st, 0),
		    db_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc;
}

/* Nobody to tell of late step of case n: said once, not every minute. */
static int
late_untold(struct late *l, long long n, const char *step)
{
	sqlite3_stmt *st = db_prepare(l->db, sql_case_late_untold);
	int rc;

	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, step, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)l->c->now);
	if ((rc = db_run(l->db, st)) == 0 && sqlite3_changes(l->db) > 0)
		warnx("case %lld: step %s is late and no counsellor can be told "
		    "(see ph-intake contacts)", n, step);
	sqlite3_finalize(st);
	return rc;
}

/* A late step to the case's owner: the counsellor who opened it, else
 * the counsellors nearest the person's unit. */
static int
late_step(struct late *l, sqlite3_stmt *cs, const char *step, time_t due)
{
	char when[32];
	struct tm tm;
	int rc, told = 0;

	clock_local(due, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	sqlite3_bind_text(l->owner, 1, db_column_text(cs, 3), -1,
	    SQLITE_TRANSIENT);
	rc = late_to_each(l, l->owner, cs, step, when, &told);
	if (rc != 0 || told)
		return rc;
	if (sqlite3_column_type(cs, 7) == SQLITE_NULL)
		sqlite3_bind_null(l->nearest, 1);
	else
		sqlite3_bind_int64(l->nearest, 1, sqlite3_column_int64(cs, 7));
	sqlite3_bind_text(l->nearest, 2, "counsellor", -1, SQLITE_STATIC);
	rc = late_to_each(l, l->nearest, cs, step, when, &told);
	if (rc == 0 && !told)
		rc = late_untold(l, sqlite3_column_int64(cs, 0), step);
	return rc;
}

/* The steps of the case of cs past their time and not recorded. */
static int
late_case(struct late *l, sqlite3_stmt *cs)
{
	const struct case_kind *k = case_kind_of(l->p, db_column_text(cs, 1));
	time_t opened = (time_t)sqlite3_column_int64(cs, 2);
	long long n = sqlite3_column_int64(cs, 0);
	int rc = 0, done;

	for (size_t i = 0; k != NULL && i < k->nsteps && rc == 0; i++) {
		if (opened + k->steps[i].within > l->c->now)
			continue;
		if ((rc = step_recorded(l->has, n, k->steps[i].step, &done)) ==
		    0 && !done)
			rc = late_step(l, cs, k->steps[i].step, opened +
			    k->steps[i].within);
	}
	return rc;
}

/* What was late and is done now is not sent. */
static int
late_withdrawn(sqlite3 *db, const struct cli *c)
{
	sqlite3_stmt *st = db_prepare(db, sql_case_late_withdraw);
	int rc;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	return rc;
}

int
case_late_steps(sqlite3 *db, const struct cli *c, const struct alert_policy *p)
{
	struct late l = { db, c, p, NULL, NULL, NULL, NULL, NULL };
	sqlite3_stmt *cs;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	cs = db_prepare(db, sql_case_open_steps);
	db_prepare_set(db, &l, late_statements, DB_SET_SIZE(late_statements));
	sqlite3_bind_int64(cs, 1, (sqlite3_int64)c->now);
	while (rc == 0 && db_row(db, cs, &rc))
		rc = late_case(&l, cs);
	if (rc == 0)
		rc = late_withdrawn(db, c);
	sqlite3_finalize(cs);
	db_finalize_set(&l, late_statements, DB_SET_SIZE(late_statements));
	audit_free(l.au);
	return db_end(db, rc);
}

/* The next step of open case n as a record at when it is due, or none. */
static int
show_next(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    long long n, struct rec_writer *w)
{
	sqlite3_stmt *st = db_prepare(db, sql_case_opened);
	sqlite3_stmt *has = db_prepare(db, sql_case_step_recorded);
	const char *next = NULL;
	time_t due = 0;
	int rc = 0;

	sqlite3_bind_int64(st, 1, n);
	if (db_row(db, st, &rc)) {
		if (strcmp(db_column_text(st, 1), "open") == 0)
			next = case_next_step(has, case_kind_of(p,
			    db_column_text(st, 0)), n,
			    (time_t)sqlite3_column_int64(st, 2), &due, &rc);
		sqlite3_reset(st);
	}
	if (rc == 0 && next != NULL) {
		char when[32], *detail = xasprintf("%s%s", next, due <= c->now ?
		    ", overdue" : "");
		const char *v[3] = { when, "next step", detail };
		struct tm tm;

		clock_local(due, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		rc = rec_write(w, v) != 0 ? EX_IOERR : 0;
		free(detail);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(has);
	return rc;
}

int
case_show(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id)
{
	static const char *const cols[] = { "at", "what", "detail" };
	long long n = alert_number(id);
	char kind[16], status[16];
	struct rec_writer *w;
	sqlite3_stmt *st;
	int rc, wrc;

	if ((rc = find_case(db, n, id, kind, status)) != 0)
		return rc;
	st = db_prepare(db, sql_case_show);
	w = io_writer(c, 3, cols);
	sqlite3_bind_int64(st, 1, n);
	while (rc == 0 && db_row(db, st, &rc)) {
		const char *v[3] = { db_column_text(st, 0),
		    db_column_text(st, 1), db_column_text(st, 2) };

		if (rec_write(w, v) != 0)
			rc = EX_IOERR;
	}
	if (rc != 0)
		sqlite3_reset(st);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = show_next(db, c, p, n, w);
	wrc = io_writer_close(w);
	return rc ? rc : wrc;
}
