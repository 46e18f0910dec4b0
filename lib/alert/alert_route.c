/*
 * Routing an alert along the warning network: for each role of a level,
 * the nearest holders up the person's unit tree are told (a message in
 * the outbox each); a role nobody holds is a gap, recorded, and sends the
 * alert on to the next level at once.  Nobody is told about themselves:
 * the subject holding a role is skipped, recorded, and the next holder up
 * the tree told.  With the policy's on_duty, whoever is on duty now in an
 * open room of the person's school is told too (an adult: a pupil monitor
 * on a class rota never is).
 */
#include "alert_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "clock.h"
#include "db.h"
#include "queries.h"
#include "xalloc.h"

/* Those on duty: a role of no one, told the brief message as it. */
#define ON_DUTY "on_duty"

#define ROUTER(member, sql) DB_STATEMENT(struct router, member, sql)
static const struct db_statement router_statements[] = {
	ROUTER(holders, sql_role_nearest_holders),
	ROUTER(path, sql_alert_unit_path),
	ROUTER(outbox, sql_alert_outbox_queue),
	ROUTER(event, sql_alert_event_add),
	ROUTER(set_level, sql_alert_set_level),
	ROUTER(guardians, sql_route_guardians),
	ROUTER(guardian_outbox, sql_alert_outbox_queue_guardian),
};
/* Only when the policy routes to whoever is on duty. */
static const struct db_statement on_duty_statements[] = {
	ROUTER(on_duty, sql_alert_on_duty_now),
	ROUTER(told_before, sql_alert_contact_told),
};

void
alert_router_init(struct router *r, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->cli = c;
	r->policy = p;
	strmap_init(&r->cache);
	r->open_today = -1;
	db_prepare_set(db, r, router_statements,
	    DB_SET_SIZE(router_statements));
	if (p->on_duty)
		db_prepare_set(db, r, on_duty_statements,
		    DB_SET_SIZE(on_duty_statements));
}

static void
holders_free(struct holders *h)
{
	for (size_t j = 0; j < h->n; j++) {
		free(h->names[j]);
		if (h->duty != NULL) {
			free(h->duty[j].full);
			free(h->duty[j].where);
		}
	}
	FREE_ALL(h->contacts, h->persons, h->names, h->duty, h->unit_path);
}

void
alert_router_free(struct router *r)
{
	db_finalize_set(r, router_statements, DB_SET_SIZE(router_statements));
	db_finalize_set(r, on_duty_statements,
	    DB_SET_SIZE(on_duty_statements));
	for (size_t i = 0; i < r->nfound; i++)
		holders_free(&r->found[i]);
	free(r->found);
	strmap_free(&r->cache);
	buf_free(&r->told);
	buf_free(&r->gaps);
}

/* One more holder of h, from st's row: contact, person and name in
 * columns c, p and n; its index. */
static size_t
holder_add(struct holders *h, sqlite3_stmt *st, int c, int p, int n)
{
	size_t cap = h->cap;

	h->contacts = xgrow(h->contacts, &h->cap, h->n + 1,
	    sizeof(*h->contacts));
	if (h->cap != cap) {
		h->persons = xrealloc(h->persons, h->cap *
		    sizeof(*h->persons));
		h->names = xrealloc(h->names, h->cap * sizeof(*h->names));
	}
	h->contacts[h->n] = sqlite3_column_int64(st, c);
	h->persons[h->n] = sqlite3_column_int64(st, p);
	h->names[h->n] = xstrdup(db_column_text(st, n));
	return h->n++;
}

/* Reads who holds role at unit, or nearest above it, into h, but for
 * the contacts of person except (0: none); where nobody does, the unit's
 * path for the gap.  0 or a code: not known is not nobody (no gap, no
 * next level). */
static int
holders_read(struct router *r, const char *role, long long unit,
    long long except, struct holders *h)
{
	int rc = 0;

	sqlite3_bind_int64(r->holders, 1, unit);
	sqlite3_bind_text(r->holders, 2, role, -1, SQLITE_STATIC);
	if (except != 0)
		sqlite3_bind_int64(r->holders, 3, except);
	else
		sqlite3_bind_null(r->holders, 3);
	while (unit != 0 && db_row(r->db, r->holders, &rc))
		(void)holder_add(h, r->holders, 0, 3, 1);
	if (rc != 0 || h->n > 0)
		return rc;
	sqlite3_bind_int64(r->path, 1, unit);
	if ((rc = db_text(r->db, r->path, &h->unit_path)) == DB_NONE) {
		h->unit_path = xstrdup("no unit");
		rc = 0;
	}
	return rc;
}

/* A role of the policy's 'full' among roles (comma-separated): malloc'd,
 * or NULL. */
static char *
full_role_of(const struct router *r, const char *roles)
{
	char *list = xstrdup(roles), *save = NULL, *one, *full = NULL;

	for (one = strtok_r(list, ",", &save); one != NULL && full == NULL;
	    one = strtok_r(NULL, ",", &save))
		if (alert_role_full(r->policy, one))
			full = xstrdup(one);
	free(list);
	return full;
}

/* Reads who is on duty now in an open room of unit's school into h. */
static int
duties_read(struct router *r, long long unit, struct holders *h)
{
	sqlite3_stmt *st = r->on_duty;
	int rc = 0;

	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)r->cli->now);
	while (db_row(r->db, st, &rc)) {
		size_t cap = h->cap, j = holder_add(h, st, 0, 2, 1);

		if (h->cap != cap)
			h->duty = xrealloc(h->duty, h->cap * sizeof(*h->duty));
		h->duty[j].pupil = sqlite3_column_int(st, 3);
		h->duty[j].full = full_role_of(r, db_column_text(st, 4));
		h->duty[j].where = xstrdup(db_column_text(st, 5));
	}
	return rc;
}

/* Who holds role at unit or, failing that, nearest above it, or who is
 * on duty now in an open room of unit's school for role ON_DUTY (cached:
 * now is one moment for a run); NULL with *rc set when they could not be
 * read. */
static const struct holders *
holders_at(struct router *r, const char *role, long long unit, int *rc)
{
	char key[64];
	long long at;
	struct holders *h;

	snprintf(key, sizeof(key), "%s:%lld", role, unit);
	if (strmap_get(&r->cache, key, &at))
		return &r->found[at];
	r->found = xgrow(r->found, &r->capfound, r->nfound + 1,
	    sizeof(*r->found));
	h = &r->found[r->nfound];
	memset(h, 0, sizeof(*h));
	*rc = strcmp(role, ON_DUTY) == 0 ? duties_read(r, unit, h) :
	    holders_read(r, role, unit, 0, h);
	if (*rc != 0) {
		holders_free(h);
		return NULL;
	}
	strmap_put(&r->cache, key, (long long)r->nfound);
	return &r->found[r->nfound++];
}

const struct alert_level *
alert_levels_of(const struct alert_policy *p, const char *kind, size_t *n)
{
	if (strcmp(kind, "staff") == 0) {
		*n = p->nstaff_levels;
		return p->staff_levels;
	}
	*n = p->nlevels;
	return p->levels;
}

int
alert_route_event(struct router *r, long long alert, const char *kind,
    long level, const char *detail)
{
	sqlite3_bind_int64(r->event, 1, alert);
	sqlite3_bind_int64(r->event, 2, (sqlite3_int64)r->cli->now);
	sqlite3_bind_text(r->event, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->event, 4, level);
	db_bind_static_or_null(r->event, 5, detail);
	return db_run(r->db, r->event);
}

int
alert_route_set_level(struct router *r, long long alert, const struct who *w,
    long level)
{
	size_t n;
	const struct alert_level *lv = alert_levels_of(r->policy, w->kind, &n);

	sqlite3_bind_int64(r->set_level, 1, alert);
	sqlite3_bind_int64(r->set_level, 2, level);
	sqlite3_bind_int64(r->set_level, 3, (sqlite3_int64)(r->cli->now +
	    lv[level].within));
	return db_run(r->db, r->set_level);
}

/* What fell through (why, of kind gap or skipped): said in r->gaps, and
 * in the alert's history. */
static int
not_told(struct router *r, long long alert, long level, const char *kind,
    char *why)
{
	int rc = 0;

	if (r->gaps.len)
		buf_puts(&r->gaps, "; ");
	buf_puts(&r->gaps, why);
	if (alert != 0)
		rc = alert_route_event(r, alert, kind, level, why);
	free(why);
	return rc;
}

/* A role nobody holds (but, said as "other", the alert's subject). */
static int
gap(struct router *r, long long alert, long level, const char *role,
    const struct holders *h, int other)
{
	return not_told(r, alert, level, "gap", xasprintf("no %s%s for %s",
	    other ? "other " : "", role, h->unit_path));
}

/* A recipient who is the alert's subject: never told, never silently. */
static int
skipped(struct router *r, long long alert, long level, const char *name,
    const char *role)
{
	return not_told(r, alert, level, "skipped", xasprintf("%s(%s) not "
	    "told: the alert is about them", name, role));
}

/* One recipient: said in r->told (as told_as), and a message queued for
 * role, whose template the message takes. */
static int
queue(struct router *r, long long alert, long level, long long contact,
    const char *name, const char *role, const char *told_as)
{
	if (r->told.len)
		buf_puts(&r->told, ", ");
	buf_printf(&r->told, "%s(%s)", name, told_as);
	if (alert == 0)
		return 0;
	sqlite3_bind_int64(r->outbox, 1, alert);
	sqlite3_bind_int64(r->outbox, 2, contact);
	sqlite3_bind_text(r->outbox, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->outbox, 4, level);
	sqlite3_bind_int64(r->outbox, 5, (sqlite3_int64)r->cli->now);
	return db_run(r->db, r->outbox);
}

/* Each holder of role but the alert's subject: told; *n of them. */
static int
tell(struct router *r, long long alert, const struct who *w, long level,
    const char *role, const struct holders *h, size_t *n)
{
	int rc = 0;

	*n = 0;
	for (size_t j = 0; j < h->n && rc == 0; j++) {
		if (w->person != 0 && h->persons[j] == w->person) {
			rc = skipped(r, alert, level, h->names[j], role);
			continue;
		}
		rc = queue(r, alert, level, h->contacts[j], h->names[j], role,
		    role);
		(*n)++;
	}
	return rc;
}

/* One reachable guardian of the current row of r->guardians: said in
 * r->told, and a message queued. */
static int
tell_guardian(struct router *r, long long alert, long level)
{
	sqlite3_stmt *st = r->guardian_outbox;

	if (r->told.len)
		buf_puts(&r->told, ", ");
	buf_printf(&r->told, "%s(guardian)", db_column_text(r->guardians, 1));
	if (alert == 0)
		return 0;
	sqlite3_bind_int64(st, 1, alert);
	sqlite3_bind_int64(st, 2, sqlite3_column_int64(r->guardians, 0));
	sqlite3_bind_int64(st, 3, level);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)r->cli->now);
	return db_run(r->db, st);
}

/* A level naming guardian (guardian_in_levels): the person's guardians
 * with a phone or an e-mail are told; none is a gap. */
static int
tell_guardians(struct router *r, long long alert, const struct who *w,
    long level, int *missing)
{
	long told = 0;
	int rc = 0;

	if (w->person != 0)
		rc = guardian_keep_first(r->db, w->person, 0);
	sqlite3_bind_int64(r->guardians, 1, w->person);
	while (w->person != 0 && rc == 0 && db_row(r->db, r->guardians, &rc))
		if (!sqlite3_column_int(r->guardians, 2) &&
		    (rc = tell_guardian(r, alert, level)) == 0)
			told++;
	if (rc != 0) {
		sqlite3_reset(r->guardians);
		return rc;
	}
	if (told > 0)
		return 0;
	(*missing)++;
	if (r->gaps.len)
		buf_puts(&r->gaps, "; ");
	buf_puts(&r->gaps, "no guardian with a phone or e-mail");
	return alert != 0 ? alert_route_event(r, alert, "gap", level,
	    buf_str(&r->gaps)) : 0;
}

/* The role's nearest holders were all the alert's subject: the next
 * holders up the tree are told instead, or it is a gap (*missing). */
static int
tell_next_holder(struct router *r, long long alert, const struct who *w,
    long level, const char *role, long long unit, int *missing)
{
	struct holders next;
	size_t n;
	int rc;

	memset(&next, 0, sizeof(next));
	if ((rc = holders_read(r, role, unit, w->person, &next)) == 0) {
		if (next.n == 0) {
			(*missing)++;
			rc = gap(r, alert, level, role, &next, 1);
		} else
			rc = tell(r, alert, w, level, role, &next, &n);
	}
	holders_free(&next);
	return rc;
}

/* Whether someone not on the roster is told first only to the roles
 * that may see the answers: at the first level, when it names any (a
 * policy whose first level names none tells it all). */
static int
full_roles_first(const struct router *r, const struct who *w, long level,
    const struct alert_level *lv)
{
	int full_only = 0;

	for (size_t i = 0; w->person == 0 && level == 0 && i < lv[0].nroles;
	    i++)
		full_only |= alert_role_full(r->policy, lv[0].roles[i]);
	return full_only;
}

/* The roles of one level: *missing counts those nobody holds. */
static int
route_level(struct router *r, long long alert, const struct who *w,
    long level, const struct alert_level *lv, int full_only, int *missing)
{
	int rc = 0;

	for (size_t i = 0; i < lv->nroles && rc == 0; i++) {
		const char *role = lv->roles[i];
		int dorm = strcmp(role, "dorm_supervisor") == 0;
		long long unit = dorm ? w->dormitory : w->unit;
		const struct holders *h;
		size_t told;

		/* answers from someone not on the roster: first to those
		 * who may see answers, at the school */
		if (full_only && level == 0 && !alert_role_full(r->policy,
		    role))
			continue;
		if (strcmp(role, "guardian") == 0) {
			rc = tell_guardians(r, alert, w, level, missing);
			continue;
		}
		/* a day pupil has no dormitory to be told: no gap */
		if (dorm && w->dormitory == 0)
			continue;
		if ((h = holders_at(r, role, unit, &rc)) == NULL)
			break;
		if (h->n == 0) {
			(*missing)++;
			rc = gap(r, alert, level, role, h, 0);
		} else if ((rc = tell(r, alert, w, level, role, h, &told)) ==
		    0 && told == 0)
			rc = tell_next_holder(r, alert, w, level, role, unit,
			    missing);
	}
	return rc;
}

/* Whether the school calendar has the school open today (read once). */
static int
open_today(struct router *r, int *open)
{
	sqlite3_stmt *closed;
	char day[11];
	int rc = 0;

	if (r->open_today < 0) {
		clock_date(r->cli->now, day);
		closed = db_prepare(r->db, sql_sched_closed_why);
		rc = calendar_school_day(r->db, closed, day, &r->open_today);
		sqlite3_finalize(closed);
	}
	*open = r->open_today > 0;
	return rc;
}

/* Whether the one on duty has a message of the alert already. */
static int
told_before(struct router *r, long long alert, long long contact, int *yes)
{
	long long one;
	int rc;

	sqlite3_bind_int64(r->told_before, 1, alert);
	sqlite3_bind_int64(r->told_before, 2, contact);
	rc = db_int(r->db, r->told_before, &one);
	*yes = rc == 0;
	return rc == DB_NONE ? 0 : rc;
}

/* One on duty: told (the brief message unless they hold a role that may
 * see the answers, which alone may be told about staff or someone not on
 * the roster), unless a pupil, the subject or told already. */
static int
tell_one_on_duty(struct router *r, long long alert, const struct who *w,
    long level, const struct holders *h, size_t j)
{
	const struct duty *d = &h->duty[j];
	const char *as = d->full != NULL ? d->full : ON_DUTY;
	int brief_ok = w->person != 0 && strcmp(w->kind, "student") == 0;
	int already = 0, rc;
	char *detail;

	if (d->pupil || (d->full == NULL && !brief_ok))
		return 0;
	if (w->person != 0 && h->persons[j] == w->person)
		return skipped(r, alert, level, h->names[j], ON_DUTY);
	if (alert != 0 && ((rc = told_before(r, alert, h->contacts[j],
	    &already)) != 0 || already))
		return rc;
	if ((rc = queue(r, alert, level, h->contacts[j], h->names[j], as,
	    ON_DUTY)) != 0 || alert == 0)
		return rc;
	detail = xasprintf("%s on duty in %s, told as %s", h->names[j],
	    d->where, as);
	rc = alert_route_event(r, alert, "on_duty", level, detail);
	free(detail);
	return rc;
}

/* Whoever is on duty now in an open room of the person's school. */
static int
tell_on_duty(struct router *r, long long alert, const struct who *w,
    long level)
{
	const struct holders *h;
	int open, rc;

	if (!r->policy->on_duty || w->unit == 0)
		return 0;
	if ((rc = open_today(r, &open)) != 0 || !open)
		return rc;
	if ((h = holders_at(r, ON_DUTY, w->unit, &rc)) == NULL)
		return rc;
	for (size_t j = 0; j < h->n && rc == 0; j++)
		rc = tell_one_on_duty(r, alert, w, level, h, j);
	return rc;
}

int
alert_route(struct router *r, long long alert, const struct who *w,
    long level, long *reached)
{
	size_t n;
	const struct alert_level *lv = alert_levels_of(r->policy, w->kind, &n);
	int rc = 0, full_only;

	buf_reset(&r->told);
	buf_reset(&r->gaps);
	if (level >= (long)n)
		level = (long)n - 1;
	full_only = full_roles_first(r, w, level, lv);
	for (;; level++) {
		int missing = 0;

		rc = route_level(r, alert, w, level, &lv[level], full_only,
		    &missing);
		/* a missing role is not a dead end: the next level at once */
		if (rc != 0 || missing == 0 || level + 1 >= (long)n)
			break;
	}
	*reached = level;
	/* after the roles: one on duty who holds one is told once */
	return rc != 0 ? rc : tell_on_duty(r, alert, w, level);
}
