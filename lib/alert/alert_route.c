/*
 * Routing an alert along the warning network: for each role of a level,
 * the nearest holders up the person's unit tree are told (a message in
 * the outbox each); a role nobody holds is a gap, recorded, and sends the
 * alert on to the next level at once.
 */
#include "alert_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "queries.h"
#include "xalloc.h"

void
alert_router_init(struct router *r, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->cli = c;
	r->policy = p;
	strmap_init(&r->cache);
	r->holders = db_prepare(db, sql_role_nearest_holders);
	r->path = db_prepare(db, sql_alert_unit_path);
	r->outbox = db_prepare(db, sql_alert_outbox_queue);
	r->event = db_prepare(db, sql_alert_event_add);
	r->set_level = db_prepare(db, sql_alert_set_level);
	r->guardians = db_prepare(db, sql_route_guardians);
	r->guardian_outbox = db_prepare(db, sql_alert_outbox_queue_guardian);
}

static void
holders_free(struct holders *h)
{
	for (size_t j = 0; j < h->n; j++)
		free(h->names[j]);
	free(h->contacts);
	free(h->names);
	free(h->unit_path);
}

void
alert_router_free(struct router *r)
{
	sqlite3_finalize(r->holders);
	sqlite3_finalize(r->path);
	sqlite3_finalize(r->outbox);
	sqlite3_finalize(r->event);
	sqlite3_finalize(r->set_level);
	sqlite3_finalize(r->guardians);
	sqlite3_finalize(r->guardian_outbox);
	for (size_t i = 0; i < r->nfound; i++)
		holders_free(&r->found[i]);
	free(r->found);
	strmap_free(&r->cache);
	buf_free(&r->told);
	buf_free(&r->gaps);
}

/* Reads who holds role at unit, or nearest above it, into h; where
 * nobody does, the unit's path for the gap.  0 or a code: not known is
 * not nobody (no gap, no next level). */
static int
holders_read(struct router *r, const char *role, long long unit,
    struct holders *h)
{
	size_t cap = 0;
	int rc = 0;

	sqlite3_bind_int64(r->holders, 1, unit);
	sqlite3_bind_text(r->holders, 2, role, -1, SQLITE_STATIC);
	while (unit != 0 && db_row(r->db, r->holders, &rc)) {
		h->contacts = xgrow(h->contacts, &cap, h->n + 1,
		    sizeof(*h->contacts));
		h->names = xrealloc(h->names, (h->n + 1) * sizeof(*h->names));
		h->contacts[h->n] = sqlite3_column_int64(r->holders, 0);
		h->names[h->n++] = xstrdup(db_column_text(r->holders, 1));
	}
	if (rc != 0 || h->n > 0)
		return rc;
	sqlite3_bind_int64(r->path, 1, unit);
	if ((rc = db_text(r->db, r->path, &h->unit_path)) == DB_NONE) {
		h->unit_path = xstrdup("no unit");
		rc = 0;
	}
	return rc;
}

/* Who holds role at unit or, failing that, nearest above it (cached);
 * NULL with *rc set when they could not be read. */
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
	if ((*rc = holders_read(r, role, unit, h)) != 0) {
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

/* A role nobody holds: said in r->gaps, and in the alert's history. */
static int
gap(struct router *r, long long alert, long level, const char *role,
    const struct holders *h)
{
	if (r->gaps.len)
		buf_puts(&r->gaps, "; ");
	buf_printf(&r->gaps, "no %s for %s", role, h->unit_path);
	return alert != 0 ? alert_route_event(r, alert, "gap", level,
	    buf_str(&r->gaps)) : 0;
}

/* Each holder of role: said in r->told, and a message queued. */
static int
tell(struct router *r, long long alert, long level, const char *role,
    const struct holders *h)
{
	int rc = 0;

	for (size_t j = 0; j < h->n && rc == 0; j++) {
		if (r->told.len)
			buf_puts(&r->told, ", ");
		buf_printf(&r->told, "%s(%s)", h->names[j], role);
		if (alert == 0)
			continue;
		sqlite3_bind_int64(r->outbox, 1, alert);
		sqlite3_bind_int64(r->outbox, 2, h->contacts[j]);
		sqlite3_bind_text(r->outbox, 3, role, -1, SQLITE_STATIC);
		sqlite3_bind_int64(r->outbox, 4, level);
		sqlite3_bind_int64(r->outbox, 5, (sqlite3_int64)r->cli->now);
		rc = db_run(r->db, r->outbox);
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
		const struct holders *h;

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
		if ((h = holders_at(r, role, dorm ? w->dormitory : w->unit,
		    &rc)) == NULL)
			break;
		if (h->n == 0) {
			(*missing)++;
			rc = gap(r, alert, level, role, h);
		} else
			rc = tell(r, alert, level, role, h);
	}
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
	return rc;
}
