/*
 * ack ALERT --by NAME: someone of the warning network has it in hand;
 * the alert stops escalating, and its messages not sent yet are
 * cancelled (kept in the outbox as such).  An alert acknowledged already says by
 * whom and when.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdlib.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "queries.h"
#include "xalloc.h"

/* Why alert n could not be acknowledged: EX_DATAERR after a message, or
 * a code. */
static int
not_open(sqlite3 *db, long long n, const char *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_alert_acked_by);
	int rc;

	sqlite3_bind_int64(st, 1, n);
	if (db_row_or_warn(db, st, &rc, "no alert '%s'", id)) {
		warnx("alert %s was acknowledged already, by %s at %s", id,
		    db_column_text(st, 0), db_column_text(st, 1));
		rc = EX_DATAERR;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The acknowledgement in the alert's history and in the audit trail. */
static int
ack_record(sqlite3 *db, const struct cli *c, long long n, const char *id,
    const char *by, const char *note)
{
	sqlite3_stmt *st = db_prepare(db, sql_alert_ack_event);
	char *detail = xasprintf("%s%s%s", by, note ? ": " : "", note ? note :
	    "");
	int rc;

	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "alert.ack", id, detail);
	free(detail);
	return rc;
}

/* What is queued for alert n and not sent yet does not go: it is kept,
 * cancelled by the ack. */
static int
ack_cancels(sqlite3 *db, const struct cli *c, long long n, const char *by)
{
	char *closed_by = xasprintf("ack by %s", by);
	int rc = alert_outbox_cancel_alert(db, c, n, closed_by);

	free(closed_by);
	return rc;
}

int
alert_ack(sqlite3 *db, const struct cli *c, const char *id, const char *by,
    const char *note)
{
	long long n = alert_number(id);
	sqlite3_stmt *st;
	int rc;

	if (*by == '\0') {
		warnx("ack: --by must name who acknowledges");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	st = db_prepare(db, sql_alert_ack);
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, note);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		rc = not_open(db, n, id);
	else if (rc == 0 && (rc = ack_record(db, c, n, id, by, note)) == 0)
		rc = ack_cancels(db, c, n, by);
	return db_end(db, rc);
}
