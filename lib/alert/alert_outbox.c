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

/* Why message id (n) cannot be cancelled, after a message: EX_DATAERR;
 * 0 when it can, or a code. */
static int
not_pending(sqlite3_stmt *st, long long n, const char *id)
{
	sqlite3 *db = sqlite3_db_handle(st);
	const char *status, *at, *by;
	int rc = 0;

	sqlite3_bind_int64(st, 1, n);
	if (!db_row(db, st, &rc)) {
		if (rc == 0) {
			warnx("outbox cancel: no message '%s'", id);
			rc = EX_DATAERR;
		}
		return rc;
	}
	status = db_column_text(st, 0);
	at = db_column_text(st, 2);
	by = db_column_text(st, 3);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		warnx("outbox cancel: message %s went into digest %lld: cancel "
		    "that", id, (long long)sqlite3_column_int64(st, 1));
		rc = EX_DATAERR;
	} else if (strcmp(status, "sent") == 0) {
		warnx("outbox cancel: message %s was sent at %s", id, at);
		rc = EX_DATAERR;
	} else if (strcmp(status, "pending") != 0) {
		warnx("outbox cancel: message %s is %s already (%s, %s)", id,
		    status, at, by);
		rc = EX_DATAERR;
	}
	sqlite3_reset(st);
	return rc;
}

/* Every id one a pending message: 0, or EX_DATAERR after a message for
 * each that is not, or a code. */
static int
all_pending(sqlite3 *db, char *const *ids, int n)
{
	sqlite3_stmt *st = db_prepare(db, sql_outbox_message);
	int rc = 0;

	for (int i = 0; i < n; i++) {
		long long m = alert_number(ids[i]);
		int one;

		if (m == 0) {
			warnx("outbox cancel: '%s' is not a message number",
			    ids[i]);
			one = EX_DATAERR;
		} else
			one = not_pending(st, m, ids[i]);
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

/* Cancels messages ids, each in the audit trail with closed_by. */
static int
cancel_each(sqlite3 *db, const struct cli *c, char *const *ids, int n,
    const char *closed_by)
{
	sqlite3_stmt *st = db_prepare(db, sql_outbox_cancel);
	struct audit *au = audit_new(db, c->now, c->actor);
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, alert_number(ids[i]));
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
		sqlite3_bind_text(st, 3, closed_by, -1, SQLITE_STATIC);
		/* the same id twice is cancelled once */
		if ((rc = db_run(db, st)) == 0 && sqlite3_changes(db) > 0)
			rc = audit_append(au, "outbox.cancel", ids[i],
			    closed_by);
	}
	audit_free(au);
	sqlite3_finalize(st);
	return rc;
}

int
alert_outbox_cancel(sqlite3 *db, const struct cli *c, char *const *ids,
    int n, const char *by, const char *note)
{
	char *closed_by;
	int rc;

	if (by != NULL && *by == '\0') {
		warnx("outbox cancel: --by must name who cancels");
		return EX_USAGE;
	}
	closed_by = xasprintf("cancel by %s%s%s", by ? by : c->actor,
	    note ? ": " : "", note ? note : "");
	if ((rc = db_begin(db)) == 0) {
		/* every bad id is named, and then nothing is cancelled */
		if ((rc = all_pending(db, ids, n)) == 0)
			rc = cancel_each(db, c, ids, n, closed_by);
		rc = db_end(db, rc);
	}
	free(closed_by);
	return rc;
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
