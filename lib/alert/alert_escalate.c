/*
 * escalate (cron): every open alert past its deadline goes one level up
 * the warning network, and is due again when that level's time is up;
 * at the top already, the top is told again.
 */
#include "alert_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "xalloc.h"

struct escalation {
	struct router r;
	struct rec_writer *w;
	struct audit *au;	/* made when something is due */
	int out_failed;		/* the records could not all be written */
};

/* The alert of due's row one level up. */
static int
escalate_one(struct escalation *e, sqlite3_stmt *due)
{
	struct router *r = &e->r;
	long long alert = sqlite3_column_int64(due, 0);
	long from = sqlite3_column_int(due, 1), to;
	struct who who = { sqlite3_column_int64(due, 7),
	    strcmp(db_column_text(due, 3), "staff") == 0 ? "staff" :
	    "student", sqlite3_column_int64(due, 4),
	    sqlite3_column_int64(due, 5), db_column_text(due, 2), 0 };
	size_t n;
	char a[24], f[24], t[24], *detail;
	const char *kind;
	int rc;

	(void)alert_levels_of(r->policy, who.kind, &n);
	/* at the top already: the top is told again, and again */
	kind = from + 1 < (long)n ? "escalated" : "reminded";
	if ((rc = alert_route(r, alert, &who, from + 1 < (long)n ? from + 1 :
	    from, &to)) != 0)
		return rc;
	rc = alert_route_set_level(r, alert, &who, to);
	detail = xasprintf("level %ld to %ld: %s", from + 1, to + 1,
	    buf_str(&r->told));
	if (rc == 0)
		rc = alert_route_event(r, alert, kind, to, detail);
	if (e->au == NULL)
		e->au = audit_new(r->db, r->cli->now, r->cli->actor);
	snprintf(a, sizeof(a), "%lld", alert);
	if (rc == 0)
		rc = audit_append(e->au, "alert.escalate", a, detail);
	free(detail);
	snprintf(f, sizeof(f), "%ld", from + 1);
	snprintf(t, sizeof(t), "%ld", to + 1);
	{
		const char *v[7] = { a, db_column_text(due, 2),
		    db_column_text(due, 6), f, t, buf_str(&r->told),
		    buf_str(&r->gaps) };
		if (rc == 0 && rec_write(e->w, v) != 0)
			e->out_failed = 1;
	}
	return rc;
}

int
alert_escalate(sqlite3 *db, const struct cli *c, const struct alert_policy *p)
{
	static const char *const cols[] = { "alert", "id", "unit", "from",
	    "to", "told", "gaps" };
	struct escalation e;
	sqlite3_stmt *due;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	memset(&e, 0, sizeof(e));
	alert_router_init(&e.r, db, c, p);
	e.w = io_writer(c, 7, cols);
	/* through the partial index on due: nothing is read when nothing
	 * is due */
	due = db_prepare(db, sql_alert_due);
	sqlite3_bind_int64(due, 1, (sqlite3_int64)c->now);
	while (rc == 0 && db_row(db, due, &rc))
		rc = escalate_one(&e, due);
	sqlite3_finalize(due);
	audit_free(e.au);
	alert_router_free(&e.r);
	/* escalation stands whether or not its records are read */
	if (io_writer_close(e.w) != 0)
		e.out_failed = 1;
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return e.out_failed ? EX_IOERR : 0;
}
