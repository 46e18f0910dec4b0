/*
 * Crisis and referral cases: opened for a person (often from an alert),
 * the steps the policy asks of their kind each recorded with time and
 * actor, closed with an outcome only when every step is done.
 */
#include "alert.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "buf.h"
#include "db.h"
#include "intake.h"
#include "io.h"
#include "rec.h"
#include "xalloc.h"

/* Steps any case may record, whatever the policy asks for. */
static const char *const common_steps[] = { "guardian_contacted", "referred",
    "hospital_confirmed", "follow_up", "note", NULL };

static long long
number(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && n > 0 ? n : 0;
}

const struct case_kind *
case_kind_of(const struct alert_policy *p, const char *kind)
{
	for (size_t i = 0; i < p->ncases; i++)
		if (strcmp(p->cases[i].kind, kind) == 0)
			return &p->cases[i];
	return NULL;
}

int
case_open(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *kind, const char *from_alert, const char *by)
{
	sqlite3_stmt *st;
	long long person = 0, alert = 0, id;
	char *detail, idtext[24];
	int rc;

	if (strcmp(kind, "crisis") != 0 && strcmp(kind, "referral") != 0) {
		warnx("--kind '%s': expected crisis or referral", kind);
		return EX_USAGE;
	}
	if (from_alert != NULL && (alert = number(from_alert)) == 0) {
		warnx("--from-alert '%s': not an alert number", from_alert);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	person = intake_person_id(db, person_no);
	if (person == 0) {
		warnx("no person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
	if (alert != 0) {
		int ok;
		st = db_prepare(db, "SELECT 1 FROM alert WHERE id = ? AND "
		    "person_id = ?");
		sqlite3_bind_int64(st, 1, alert);
		sqlite3_bind_int64(st, 2, person);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!ok) {
			warnx("alert %s is not one of %s's", from_alert,
			    person_no);
			return db_end(db, EX_DATAERR);
		}
	}
	st = db_prepare(db, "INSERT INTO ph_case (person_id, kind, alert_id, "
	    "status, opened_at, opened_by) VALUES (?, ?, ?, 'open', ?, ?)");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (alert != 0)
		sqlite3_bind_int64(st, 3, alert);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "case");
	sqlite3_finalize(st);
	if (rc != 0)
		return db_end(db, rc);
	id = sqlite3_last_insert_rowid(db);
	snprintf(idtext, sizeof(idtext), "%lld", id);
	detail = xasprintf("%s %s opened by %s%s%s", kind, person_no, by,
	    alert ? " from alert " : "", alert ? from_alert : "");
	rc = audit_once(db, c->now, c->actor, "case.open", idtext, detail);
	free(detail);
	if ((rc = db_end(db, rc)) == 0) {
		static const char *const cols[] = { "case", "id", "kind" };
		const char *v[3] = { idtext, person_no, kind };
		struct rec_writer *w = io_writer(c, 3, cols);
		if (rec_write(w, v) != 0)
			rc = EX_IOERR;
		{
			int wrc = io_writer_close(w);
			rc = rc ? rc : wrc;
		}
	}
	return rc;
}

/* The case's kind and status: 0, or EX_DATAERR after a message. */
static int
find_case(sqlite3 *db, long long id, const char *text, char kind[16],
    char status[16])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT kind, status FROM ph_case "
	    "WHERE id = ?");
	int rc = EX_DATAERR;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(kind, 16, "%s", db_column_text(st, 0));
		snprintf(status, 16, "%s", db_column_text(st, 1));
		rc = 0;
	} else
		warnx("no case '%s'", text);
	sqlite3_finalize(st);
	return rc;
}

int
case_event(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *kind, const char *by, const char *note)
{
	long long n = number(id);
	char ckind[16], status[16], *detail;
	const struct case_kind *k;
	sqlite3_stmt *st;
	int rc, known = 0;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = find_case(db, n, id, ckind, status)) != 0)
		return db_end(db, rc);
	if (strcmp(status, "open") != 0) {
		warnx("case %s is closed", id);
		return db_end(db, EX_DATAERR);
	}
	for (size_t i = 0; common_steps[i] != NULL && !known; i++)
		known = strcmp(common_steps[i], kind) == 0;
	if ((k = case_kind_of(p, ckind)) != NULL)
		for (size_t i = 0; i < k->nsteps && !known; i++)
			known = strcmp(k->steps[i].step, kind) == 0;
	if (!known) {
		struct buf all = {0};
		for (size_t i = 0; common_steps[i] != NULL; i++)
			buf_printf(&all, "%s%s", i ? ", " : "", common_steps[i]);
		for (size_t i = 0; k != NULL && i < k->nsteps; i++)
			buf_printf(&all, ", %s", k->steps[i].step);
		warnx("'%s' is no step of a %s case (%s)", kind, ckind,
		    buf_str(&all));
		buf_free(&all);
		return db_end(db, EX_USAGE);
	}
	st = db_prepare(db, "INSERT INTO case_event (case_id, kind, at, by, "
	    "note) VALUES (?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 5, note);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "case");
	sqlite3_finalize(st);
	detail = xasprintf("%s by %s%s%s", kind, by, note ? ": " : "",
	    note ? note : "");
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "case.event", id, detail);
	free(detail);
	return db_end(db, rc);
}

/* The policy's steps of case n not recorded yet, ", "-joined. */
static void
missing_steps(sqlite3 *db, const struct case_kind *k, long long n,
    struct buf *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM case_event WHERE "
	    "case_id = ? AND kind = ?");

	for (size_t i = 0; k != NULL && i < k->nsteps; i++) {
		int have;

		sqlite3_bind_int64(st, 1, n);
		sqlite3_bind_text(st, 2, k->steps[i].step, -1, SQLITE_STATIC);
		have = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!have)
			buf_printf(out, "%s%s", out->len ? ", " : "",
			    k->steps[i].step);
	}
	sqlite3_finalize(st);
}

int
case_close(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *outcome, const char *by)
{
	long long n = number(id);
	char ckind[16], status[16], *detail;
	struct buf missing = {0};
	sqlite3_stmt *st;
	int rc;

	if (*outcome == '\0' || *by == '\0') {
		warnx("case close: --outcome and --by must not be empty");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = find_case(db, n, id, ckind, status)) != 0)
		return db_end(db, rc);
	if (strcmp(status, "open") != 0) {
		warnx("case %s is closed already", id);
		return db_end(db, EX_DATAERR);
	}
	missing_steps(db, case_kind_of(p, ckind), n, &missing);
	if (missing.len > 0) {
		warnx("case %s cannot close: the policy asks first for %s", id,
		    buf_str(&missing));
		buf_free(&missing);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "UPDATE ph_case SET status = 'closed', outcome = ?2, "
	    "closed_at = ?3, closed_by = ?4 WHERE id = ?1");
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "case");
	sqlite3_finalize(st);
	detail = xasprintf("closed by %s: %s", by, outcome);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "case.close", id, detail);
	free(detail);
	return db_end(db, rc);
}

const char *
case_next_step(sqlite3_stmt *has, const struct case_kind *k, long long id,
    time_t opened, time_t *due)
{
	for (size_t i = 0; k != NULL && i < k->nsteps; i++) {
		int done;

		sqlite3_bind_int64(has, 1, id);
		sqlite3_bind_text(has, 2, k->steps[i].step, -1, SQLITE_STATIC);
		done = sqlite3_step(has) == SQLITE_ROW;
		sqlite3_reset(has);
		if (!done) {
			*due = opened + k->steps[i].within;
			return k->steps[i].step;
		}
	}
	return NULL;
}

int
case_list(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    int open, int overdue)
{
	static const char *const cols[] = { "case", "id", "name", "kind",
	    "status", "opened", "next_step", "due", "overdue", "outcome" };
	sqlite3_stmt *st = db_prepare(db, "SELECT k.id, p.person_no, p.name, "
	    "k.kind, k.status, k.opened_at, coalesce(k.outcome, '') FROM "
	    "ph_case k JOIN person p ON p.id = k.person_id WHERE (?1 = 0 OR "
	    "k.status = 'open') ORDER BY k.status DESC, k.opened_at, k.id");
	sqlite3_stmt *has = db_prepare(db, "SELECT 1 FROM case_event WHERE "
	    "case_id = ? AND kind = ?");
	struct rec_writer *w = io_writer(c, 10, cols);
	int rc = 0;

	sqlite3_bind_int(st, 1, open || overdue);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		long long n = sqlite3_column_int64(st, 0);
		time_t opened = (time_t)sqlite3_column_int64(st, 5);
		const struct case_kind *k = case_kind_of(p, db_column_text(st, 3));
		const char *next, *late = "no";
		char id[24], when[32] = "", due[32] = "";
		struct tm tm;
		time_t d;

		if (strcmp(db_column_text(st, 4), "open") == 0 &&
		    (next = case_next_step(has, k, n, opened, &d)) != NULL) {
			clock_local(d, &tm);
			strftime(due, sizeof(due), "%Y-%m-%d %H:%M", &tm);
			late = d <= c->now ? "yes" : "no";
		} else
			next = "";
		if (overdue && strcmp(late, "yes") != 0)
			continue;
		clock_local(opened, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		snprintf(id, sizeof(id), "%lld", n);
		{
			const char *v[10] = { id, db_column_text(st, 1),
			    db_column_text(st, 2), db_column_text(st, 3),
			    db_column_text(st, 4), when, next, due, late,
			    db_column_text(st, 6) };
			if (rec_write(w, v) != 0)
				rc = EX_IOERR;
		}
	}
	{
		int frc = db_finalize(db, st, "cases");
		rc = rc ? rc : frc;
	}
	sqlite3_finalize(has);
	{
		int wrc = io_writer_close(w);
		return rc ? rc : wrc;
	}
}
