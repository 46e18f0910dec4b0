/*
 * Raising an alert, whatever asked for it (a campaign's answers, score
 * records, a note): once per person and reason while it is open, once
 * per source, routed at once to the first level of the warning network,
 * and printed as a record.  A run is one transaction.
 */
#include "alert_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "io.h"
#include "policy.h"
#include "queries.h"
#include "xalloc.h"

/* What one alert is about and why. */
struct raising {
	const struct who *w;
	const char *person_no, *unit_path;
	const char *reason_key, *source, *reason, *detail;
};

#define RAISER(member, sql) DB_STATEMENT(struct raiser, member, sql)
static const struct db_statement raiser_statements[] = {
	RAISER(person, sql_alert_raise_person),
	RAISER(dup, sql_alert_raise_duplicate),
	RAISER(upgrade, sql_alert_raise_upgrade),
	RAISER(dup_unknown, sql_alert_raise_duplicate_unknown),
	RAISER(insert, sql_alert_raise_insert),
	RAISER(schools, sql_alert_campaign_schools),
};

int
alert_raiser_init(struct raiser *a, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *source_like)
{
	static const char *const cols[] = { "alert", "id", "unit", "reason",
	    "level", "told", "gaps" };
	sqlite3_stmt *any;
	long long possible = 1;
	int rc;

	memset(a, 0, sizeof(*a));
	alert_router_init(&a->router, db, c, p);
	db_prepare_set(db, a, raiser_statements,
	    DB_SET_SIZE(raiser_statements));
	any = db_prepare(db, sql_alert_raise_duplicate_possible);
	sqlite3_bind_text(any, 1, source_like ? source_like : "%", -1,
	    SQLITE_STATIC);
	rc = db_int(db, any, &possible);
	sqlite3_finalize(any);
	a->check_dups = possible != 0;
	a->w = io_writer(c, 7, cols);
	return rc;
}

/* 0, or 1 when the records could not all be written. */
static int
raiser_free(struct raiser *a)
{
	int rc = io_writer_close(a->w);

	alert_router_free(&a->router);
	db_finalize_set(a, raiser_statements, DB_SET_SIZE(raiser_statements));
	return rc;
}

int
alert_raise_finish(sqlite3 *db, const struct cli *c, struct raiser *a,
    int rc, const char *what)
{
	if (rc == 0) {
		char *detail = xasprintf("%s: %ld raised, %ld open or raised "
		    "before", what, a->raised, a->already);
		rc = audit_once(db, c->now, c->actor, "alert.raise", what,
		    detail);
		free(detail);
	}
	/* what was raised is kept even when its records could not be
	 * written (a closed pipe, a full disk): the alerts matter more */
	if (raiser_free(a) != 0)
		a->out_failed = 1;
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	if (a->raised > 0 || !c->quiet)
		fprintf(stderr, "ph-alert: %s: %ld alert%s raised, %ld already "
		    "open or raised before\n", what, a->raised,
		    a->raised == 1 ? "" : "s", a->already);
	return a->out_failed ? EX_IOERR : 0;
}

int
alert_find_person(struct raiser *a, const char *person_no, struct who *w,
    char **unit_path)
{
	sqlite3_stmt *st = a->person;
	int rc;

	sqlite3_bind_text(st, 1, person_no, -1, SQLITE_TRANSIENT);
	if (!db_row(a->router.db, st, &rc))
		return rc != 0 ? rc : DB_NONE;
	w->person = sqlite3_column_int64(st, 0);
	w->kind = strcmp(db_column_text(st, 1), "staff") == 0 ? "staff" :
	    "student";
	w->unit = sqlite3_column_int64(st, 2);
	w->dormitory = sqlite3_column_int64(st, 3);
	*unit_path = xstrdup(db_column_text(st, 4));
	sqlite3_reset(st);
	return 0;
}

/* The alert's record: the alert stands whether or not it is read. */
static void
raise_report(struct raiser *a, long long alert, const struct raising *x,
    long reached)
{
	char id[24], level[24];
	const char *v[7] = { id, x->person_no, x->unit_path, x->reason, level,
	    buf_str(&a->router.told), buf_str(&a->router.gaps) };

	snprintf(id, sizeof(id), "%lld", alert);
	snprintf(level, sizeof(level), "%ld", reached + 1);
	if (rec_write(a->w, v) != 0)
		a->out_failed = 1;
}

/* An open alert that a blank critical item raised becomes the red card
 * its answer now gives: the same alert, at the level it has reached,
 * says why anew to that level's people. */
static int
upgrade(struct raiser *a, long long alert, long level,
    const struct raising *x)
{
	struct router *r = &a->router;
	long reached;
	int rc;

	sqlite3_bind_int64(a->upgrade, 1, alert);
	sqlite3_bind_text(a->upgrade, 2, x->reason_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->upgrade, 3, x->reason, -1, SQLITE_STATIC);
	db_bind_static_or_null(a->upgrade, 4, x->detail);
	rc = db_run(r->db, a->upgrade);
	if (rc == 0)
		rc = alert_route(r, alert, x->w, level, &reached);
	if (rc == 0)
		rc = alert_route_event(r, alert, "updated", reached, x->reason);
	if (rc != 0)
		return rc;
	a->raised++;
	raise_report(a, alert, x, reached);
	return 0;
}

/* Whether the alert about someone not on the roster was raised before:
 * a held row's once; a number from a pipe once while open or once from
 * its source. */
static int
seen_unknown(struct raiser *a, const struct raising *x, int *seen)
{
	sqlite3_stmt *st = a->dup_unknown;
	long long one;
	int rc;

	sqlite3_bind_text(st, 1, x->w->respondent, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, x->reason_key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, x->w->unit);
	sqlite3_bind_text(st, 4, x->source, -1, SQLITE_STATIC);
	if (x->w->held != 0)
		sqlite3_bind_int64(st, 5, x->w->held);
	else
		sqlite3_bind_null(st, 5);
	rc = db_int(a->router.db, st, &one);
	*seen = rc == 0;
	return rc == DB_NONE ? 0 : rc;
}

/* Whether the person's alert for the reason is open or was raised from
 * this source; a red card that finds the open alert of a blank critical
 * item takes it over (*seen, and counted raised). */
static int
seen_or_upgraded(struct raiser *a, const struct raising *x, int *seen)
{
	sqlite3_stmt *st = a->dup;
	const char *key = x->reason_key;
	int red = strcmp(key, "card:red") == 0, rc, same;
	long long open;
	long at;

	sqlite3_bind_int64(st, 1, x->w->person);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, x->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, red ? "critical" : strcmp(key, "critical") ==
	    0 ? "card:red" : "", -1, SQLITE_STATIC);
	if (!(*seen = db_row(a->router.db, st, &rc)))
		return rc;
	open = sqlite3_column_int64(st, 0);
	same = sqlite3_column_int(st, 1);
	at = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	if (!same && red)
		return upgrade(a, open, at, x);
	a->already++;
	return 0;
}

/* A new alert, routed to its first level. */
static int
raise_new(struct raiser *a, const struct raising *x)
{
	struct router *r = &a->router;
	const struct who *w = x->w;
	size_t nlevels;
	const struct alert_level *lv = alert_levels_of(r->policy, w->kind,
	    &nlevels);
	long long alert;
	long reached;
	int rc;

	sqlite3_bind_text(a->insert, 2, x->reason_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 3, x->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 4, x->reason, -1, SQLITE_STATIC);
	db_bind_static_or_null(a->insert, 5, x->detail);
	sqlite3_bind_int64(a->insert, 6, (sqlite3_int64)r->cli->now);
	sqlite3_bind_int64(a->insert, 7, lv[0].within);
	if (w->person != 0) {
		sqlite3_bind_int64(a->insert, 1, w->person);
		sqlite3_bind_null(a->insert, 8);
		sqlite3_bind_null(a->insert, 9);
		sqlite3_bind_null(a->insert, 10);
	} else {
		sqlite3_bind_null(a->insert, 1);
		sqlite3_bind_text(a->insert, 8, w->respondent, -1,
		    SQLITE_STATIC);
		if (w->held != 0)
			sqlite3_bind_int64(a->insert, 9, w->held);
		else
			sqlite3_bind_null(a->insert, 9);
		sqlite3_bind_int64(a->insert, 10, w->unit);
	}
	if ((rc = db_run(r->db, a->insert)) != 0)
		return rc;
	alert = sqlite3_last_insert_rowid(r->db);
	if ((rc = alert_route(r, alert, w, 0, &reached)) != 0)
		return rc;
	/* a gap sent it higher at once: that level's deadline */
	if (reached > 0 && (rc = alert_route_set_level(r, alert, w,
	    reached)) != 0)
		return rc;
	a->raised++;
	/* one is open now: the same person and reason must not be raised
	 * twice in this run (a resubmission, a held row beside its
	 * response) */
	a->check_dups = 1;
	raise_report(a, alert, x, reached);
	return 0;
}

int
alert_raise_one(struct raiser *a, const struct who *w, const char *person_no,
    const char *unit_path, const char *reason_key, const char *source,
    const char *reason, const char *detail)
{
	const struct raising x = { w, person_no, unit_path, reason_key, source,
	    reason, detail };
	int rc = 0, seen = 0;

	if (w->person == 0)
		rc = seen_unknown(a, &x, &seen);
	else if (a->check_dups)
		rc = seen_or_upgraded(a, &x, &seen);
	if (rc != 0)
		return rc;
	if (w->person == 0 && seen)
		a->already++;
	return seen ? 0 : raise_new(a, &x);
}

int
alert_raise_each_school(struct raiser *a, struct who *w, long long campaign,
    const char *key, const char *source, const char *reason,
    const char *detail)
{
	sqlite3_stmt *st = a->schools;
	int rc = 0;

	sqlite3_bind_int64(st, 1, campaign);
	while (rc == 0 && db_row(a->router.db, st, &rc)) {
		w->unit = sqlite3_column_int64(st, 0);
		rc = alert_raise_one(a, w, w->respondent, db_column_text(st, 1),
		    key, source, reason, detail);
	}
	sqlite3_reset(st);
	return rc;
}

const char *
alert_key(const struct alert_policy *p, int color, int critical,
    char key[16])
{
	if (color != CARD_NONE && (p->raise_colors & (1u << color))) {
		snprintf(key, 16, "card:%s", card_color_name(color));
		return key;
	}
	return critical && p->critical ? "critical" : NULL;
}

int
alert_each_keyword(const struct alert_policy *p, const char *text,
    int (*raise)(void *ctx, const char *key, const char *reason), void *ctx)
{
	int rc = 0;

	for (long k = -1; rc == 0 && (k = alert_keyword_match(p, text,
	    (size_t)(k + 1))) >= 0;) {
		char *key = xasprintf("keyword:%s", p->keywords[k].id);

		rc = raise(ctx, key, p->keywords[k].reason);
		free(key);
	}
	return rc;
}
