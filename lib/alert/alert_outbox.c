/*
 * outbox: the notification log, every message queued with what became of
 * it, newest first; outbox cancel: unsent messages kept as cancelled, so
 * that the log says what did not go and why.  An ack cancels its alert's
 * unsent messages the same way (alert_outbox_cancel_alert).
 */
#include "alert_internal.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "queries.h"
#include "rows.h"
#include "xalloc.h"

/* Whether somebody is called name: 0, EX_DATAERR after a message, or a
 * code. */
static int
contact_known(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, sql_outbox_contact_named);
	long long one;
	int rc;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = db_int(db, st, &one);
	sqlite3_finalize(st);
	if (rc == DB_NONE) {
		warnx("--to: nobody called '%s' (see ph-intake contacts)",
		    name);
		rc = EX_DATAERR;
	}
	return rc;
}

int
alert_outbox_list(sqlite3 *db, const struct cli *c,
    const struct outbox_filter *f)
{
	static const char *const cols[] = { "message", "created", "status",
	    "to", "role", "about", "attempts", "at", "detail" };
	long long alert = 0;
	sqlite3_stmt *st;
	int rc;

	if (f->alert != NULL && (alert = alert_number(f->alert)) == 0) {
		warnx("--alert '%s': not an alert number", f->alert);
		return EX_USAGE;
	}
	if (f->to != NULL && (rc = contact_known(db, f->to)) != 0)
		return rc;
	st = db_prepare(db, sql_outbox_list);
	sqlite3_bind_int(st, 1, f->statuses);
	db_bind_text_or_null(st, 2, f->to);
	if (alert != 0)
		sqlite3_bind_int64(st, 3, alert);
	return rows_print(db, c, st, 9, cols);
}

/* What outbox cancel and outbox retry do to a message: the word, the
 * status it must have, the statement that changes it, and its audit
 * action. */
struct outbox_change {
	const char *verb;
	int (*can)(const char *status);
	const char *sql, *action;
};

static int
is_pending(const char *status)
{
	return strcmp(status, "pending") == 0;
}

/* A message that failed for good (its address fixed since) or was
 * cancelled can be sent after all. */
static int
is_closed(const char *status)
{
	return strcmp(status, "failed") == 0 ||
	    strcmp(status, "cancelled") == 0;
}

static const struct outbox_change outbox_cancel = { "cancel", is_pending,
    sql_outbox_cancel, "outbox.cancel" };
static const struct outbox_change outbox_retry = { "retry", is_closed,
    sql_outbox_retry, "outbox.retry" };

/* Why message id (n) cannot have change ch, after a message: EX_DATAERR;
 * 0 when it can, or a code. */
static int
cannot(const struct outbox_change *ch, sqlite3_stmt *st, long long n,
    const char *id)
{
	sqlite3 *db = sqlite3_db_handle(st);
	const char *status, *at, *by;
	int rc = 0;

	sqlite3_bind_int64(st, 1, n);
	if (!db_row(db, st, &rc)) {
		if (rc == 0) {
			warnx("outbox %s: no message '%s'", ch->verb, id);
			rc = EX_DATAERR;
		}
		return rc;
	}
	status = db_column_text(st, 0);
	at = db_column_text(st, 2);
	by = db_column_text(st, 3);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		warnx("outbox %s: message %s went into digest %lld: %s that",
		    ch->verb, id, (long long)sqlite3_column_int64(st, 1),
		    ch->verb);
		rc = EX_DATAERR;
	} else if (ch->can(status))
		rc = 0;
	else if (strcmp(status, "sent") == 0) {
		warnx("outbox %s: message %s was sent at %s", ch->verb, id, at);
		rc = EX_DATAERR;
	} else if (strcmp(status, "pending") == 0) {
		warnx("outbox %s: message %s is still to be sent", ch->verb, id);
		rc = EX_DATAERR;
	} else {
		warnx("outbox %s: message %s is %s already (%s, %s)", ch->verb,
		    id, status, at, by);
		rc = EX_DATAERR;
	}
	sqlite3_reset(st);
	return rc;
}

/* Every id one that can have change ch: 0, or EX_DATAERR after a
 * message for each that cannot, or a code. */
static int
all_can(const struct outbox_change *ch, sqlite3 *db, char *const *ids,
    int n)
{
	sqlite3_stmt *st = db_prepare(db, sql_outbox_message);
	int rc = 0;

	for (int i = 0; i < n; i++) {
		long long m = alert_number(ids[i]);
		int one;

		if (m == 0) {
			warnx("outbox %s: '%s' is not a message number",
			    ch->verb, ids[i]);
			one = EX_DATAERR;
		} else
			one = cannot(ch, st, m, ids[i]);
		if (one != 0 && one != EX_DATAERR) {
			rc = one;
			break;
		}
		if (one != 0)
			rc = one;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Change ch to messages ids, each in the audit trail with detail. */
static int
change_each(const struct outbox_change *ch, sqlite3 *db,
    const struct cli *c, char *const *ids, int n, const char *detail)
{
	sqlite3_stmt *st = db_prepare(db, ch->sql);
	struct audit *au = audit_new(db, c->now, c->actor);
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, alert_number(ids[i]));
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
		sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
		/* the same id twice is changed once */
		if ((rc = db_run(db, st)) == 0 && sqlite3_changes(db) > 0)
			rc = audit_append(au, ch->action, ids[i], detail);
	}
	audit_free(au);
	sqlite3_finalize(st);
	return rc;
}

/* Change ch to every message of ids, or to none when any cannot have
 * it (each of those named). */
static int
outbox_change(const struct outbox_change *ch, sqlite3 *db,
    const struct cli *c, char *const *ids, int n, const char *by,
    const char *note)
{
	char *detail;
	int rc;

	if (by != NULL && *by == '\0') {
		warnx("outbox %s: --by must name who does it", ch->verb);
		return EX_USAGE;
	}
	detail = xasprintf("%s by %s%s%s", ch->verb, by ? by : audit_actor_name(c->actor),
	    note ? ": " : "", note ? note : "");
	if ((rc = db_begin(db)) == 0) {
		if ((rc = all_can(ch, db, ids, n)) == 0)
			rc = change_each(ch, db, c, ids, n, detail);
		rc = db_end(db, rc);
	}
	free(detail);
	return rc;
}

int
alert_outbox_cancel(sqlite3 *db, const struct cli *c, char *const *ids,
    int n, const char *by, const char *note)
{
	return outbox_change(&outbox_cancel, db, c, ids, n, by, note);
}

int
alert_outbox_retry(sqlite3 *db, const struct cli *c, char *const *ids,
    int n, const char *by, const char *note)
{
	return outbox_change(&outbox_retry, db, c, ids, n, by, note);
}

int
alert_outbox_cancel_alert(sqlite3 *db, const struct cli *c, long long alert,
    const char *closed_by)
{
	sqlite3_stmt *st = db_prepare(db, sql_outbox_cancel_alert);
	char subject[32], *detail;
	int rc, n;

	sqlite3_bind_int64(st, 1, alert);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 3, closed_by, -1, SQLITE_STATIC);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	if (rc != 0 || (n = sqlite3_changes(db)) == 0)
		return rc;
	snprintf(subject, sizeof(subject), "alert %lld", alert);
	detail = xasprintf("%d unsent message%s: %s", n, n == 1 ? "" : "s",
	    closed_by);
	rc = audit_once(db, c->now, c->actor, "outbox.cancel", subject,
	    detail);
	free(detail);
	return rc;
}
