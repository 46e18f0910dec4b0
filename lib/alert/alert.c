/*
 * Alerts: raising them (from a campaign's cards, from score records, from
 * notes), routing each along the warning network to the holders of the
 * policy's roles, acknowledgement and escalation.
 */
#include "alert.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "diag.h"
#include "intake.h"
#include "io.h"
#include "policy.h"
#include "rec.h"
#include "rows.h"
#include "strmap.h"
#include "xalloc.h"

struct alert_policy *
alert_policy_for(const struct cli *c)
{
	char *path = policy_find(c->policy), *why = NULL;
	struct alert_policy *p;

	if (path == NULL) {
		warnx("no policy: give --policy FILE or set PH_POLICY "
		    "(see ph-policy(5))");
		return NULL;
	}
	if ((p = alert_policy_load(path, &why)) == NULL) {
		diag_lines(why);
		free(why);
	}
	free(path);
	return p;
}

/* The holders of one role for one unit (the nearest unit up the tree
 * that has any). */
struct holders {
	long long *contacts;
	char **names;
	size_t n;
	char *unit_path;	/* where nobody holds it, for the gap */
};

/* Who the person is, as routing needs it.  person 0: someone not on the
 * roster (respondent says who they said they were), at the unit whose
 * full roles are told first. */
struct who {
	long long person;
	const char *kind;	/* student or staff */
	long long unit, dormitory;
	const char *respondent;
	long long held;		/* the held row, or 0 */
};

struct router {
	sqlite3 *db;
	const struct cli *cli;
	const struct alert_policy *policy;
	sqlite3_stmt *holders, *path, *outbox, *event;
	struct strmap cache;	/* "role:unit" -> index into found */
	struct holders *found;
	size_t nfound, capfound;
	struct buf told, gaps;	/* of the last route() */
};

static void
router_init(struct router *r, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->cli = c;
	r->policy = p;
	strmap_init(&r->cache);
	r->holders = db_prepare(db, "WITH RECURSIVE up(id, depth) AS ("
	    " SELECT ?1, 0 UNION ALL SELECT u.parent_id, up.depth + 1"
	    " FROM unit u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)"
	    " SELECT c.id, c.name, up.depth FROM up JOIN role r ON"
	    " r.unit_id = up.id JOIN contact c ON c.id = r.contact_id"
	    " WHERE r.role = ?2 AND r.until IS NULL ORDER BY up.depth, c.id");
	r->path = db_prepare(db, "SELECT path FROM unit WHERE id = ?");
	r->outbox = db_prepare(db, "INSERT INTO outbox (alert_id, contact_id, "
	    "role, level, created_at, next_try) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
	r->event = db_prepare(db, "INSERT INTO alert_event (alert_id, at, kind, "
	    "level, detail) VALUES (?, ?, ?, ?, ?)");
}

static void
router_free(struct router *r)
{
	sqlite3_finalize(r->holders);
	sqlite3_finalize(r->path);
	sqlite3_finalize(r->outbox);
	sqlite3_finalize(r->event);
	for (size_t i = 0; i < r->nfound; i++) {
		for (size_t j = 0; j < r->found[i].n; j++)
			free(r->found[i].names[j]);
		free(r->found[i].contacts);
		free(r->found[i].names);
		free(r->found[i].unit_path);
	}
	free(r->found);
	strmap_free(&r->cache);
	buf_free(&r->told);
	buf_free(&r->gaps);
}

/* Who holds role at unit or, failing that, nearest above it (cached);
 * NULL with *rc set when they could not be read. */
static const struct holders *
lookup(struct router *r, const char *role, long long unit, int *rc)
{
	char key[64];
	long long at;
	struct holders *h;
	size_t cap = 0;
	long depth = -1;
	int step = SQLITE_DONE;

	snprintf(key, sizeof(key), "%s:%lld", role, unit);
	if (strmap_get(&r->cache, key, &at))
		return &r->found[at];
	r->found = xgrow(r->found, &r->capfound, r->nfound + 1,
	    sizeof(*r->found));
	h = &r->found[r->nfound];
	memset(h, 0, sizeof(*h));
	sqlite3_bind_int64(r->holders, 1, unit);
	sqlite3_bind_text(r->holders, 2, role, -1, SQLITE_STATIC);
	while (unit != 0 && (step = sqlite3_step(r->holders)) == SQLITE_ROW) {
		long d = sqlite3_column_int(r->holders, 2);
		if (depth >= 0 && d != depth)
			break;
		depth = d;
		h->contacts = xgrow(h->contacts, &cap, h->n + 1,
		    sizeof(*h->contacts));
		h->names = xrealloc(h->names, (h->n + 1) * sizeof(*h->names));
		h->contacts[h->n] = sqlite3_column_int64(r->holders, 0);
		h->names[h->n++] = xstrdup(db_column_text(r->holders, 1));
	}
	sqlite3_reset(r->holders);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		/* not known is not nobody: no gap, no next level */
		*rc = db_fail(r->db, "alert routing");
		for (size_t i = 0; i < h->n; i++)
			free(h->names[i]);
		free(h->names);
		free(h->contacts);
		return NULL;
	}
	if (h->n == 0) {
		sqlite3_bind_int64(r->path, 1, unit);
		h->unit_path = xstrdup(sqlite3_step(r->path) == SQLITE_ROW ?
		    db_column_text(r->path, 0) : "no unit");
		sqlite3_reset(r->path);
	}
	strmap_put(&r->cache, key, (long long)r->nfound);
	return &r->found[r->nfound++];
}

static const struct alert_level *
levels_of(const struct alert_policy *p, const char *kind, size_t *n)
{
	if (strcmp(kind, "staff") == 0) {
		*n = p->nstaff_levels;
		return p->staff_levels;
	}
	*n = p->nlevels;
	return p->levels;
}

static int
event(struct router *r, long long alert, const char *kind, long level,
    const char *detail)
{
	int rc = 0;

	sqlite3_bind_int64(r->event, 1, alert);
	sqlite3_bind_int64(r->event, 2, (sqlite3_int64)r->cli->now);
	sqlite3_bind_text(r->event, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->event, 4, level);
	db_bind_static_or_null(r->event, 5, detail);
	if (sqlite3_step(r->event) != SQLITE_DONE)
		rc = db_fail(r->db, "alert");
	sqlite3_reset(r->event);
	return rc;
}

/*
 * Queues the messages of level (and of the levels above it at once while
 * a level has a role nobody holds).  *reached is the level the alert is
 * at after; r->told and r->gaps say who and what.  alert 0: only finds
 * out (for an alert not inserted yet), queues nothing.
 */
static int
route(struct router *r, long long alert, const struct who *w, long level,
    long *reached)
{
	size_t n;
	const struct alert_level *lv = levels_of(r->policy, w->kind, &n);
	int rc = 0, full_only;

	buf_reset(&r->told);
	buf_reset(&r->gaps);
	if (level >= (long)n)
		level = (long)n - 1;
	/* someone not on the roster goes first to those who may see the
	 * answers; a policy whose first level names none tells it all */
	full_only = 0;
	for (size_t i = 0; w->person == 0 && level == 0 && i < lv[0].nroles;
	    i++)
		full_only |= alert_role_full(r->policy, lv[0].roles[i]);
	for (;; level++) {
		int missing = 0;

		for (size_t i = 0; i < lv[level].nroles && rc == 0; i++) {
			const char *role = lv[level].roles[i];
			int dorm = strcmp(role, "dorm_supervisor") == 0;
			const struct holders *h;

			/* answers from someone not on the roster: first to
			 * those who may see answers, at the school */
			if (full_only && level == 0 &&
			    !alert_role_full(r->policy, role))
				continue;
			/* a day pupil has no dormitory to be told: no gap */
			if (dorm && w->dormitory == 0)
				continue;
			if ((h = lookup(r, role, dorm ? w->dormitory : w->unit,
			    &rc)) == NULL)
				break;
			if (h->n == 0) {
				missing++;
				if (r->gaps.len)
					buf_puts(&r->gaps, "; ");
				buf_printf(&r->gaps, "no %s for %s", role,
				    h->unit_path);
				if (alert != 0)
					rc = event(r, alert, "gap", level,
					    buf_str(&r->gaps));
				continue;
			}
			for (size_t j = 0; j < h->n && rc == 0; j++) {
				if (r->told.len)
					buf_puts(&r->told, ", ");
				buf_puts(&r->told, h->names[j]);
				buf_putc(&r->told, '(');
				buf_puts(&r->told, role);
				buf_putc(&r->told, ')');
				if (alert == 0)
					continue;
				sqlite3_bind_int64(r->outbox, 1, alert);
				sqlite3_bind_int64(r->outbox, 2, h->contacts[j]);
				sqlite3_bind_text(r->outbox, 3, role, -1,
				    SQLITE_STATIC);
				sqlite3_bind_int64(r->outbox, 4, level);
				sqlite3_bind_int64(r->outbox, 5,
				    (sqlite3_int64)r->cli->now);
				if (sqlite3_step(r->outbox) != SQLITE_DONE)
					rc = db_fail(r->db, "outbox");
				sqlite3_reset(r->outbox);
			}
		}
		/* a missing role is not a dead end: the next level at once */
		if (rc != 0 || missing == 0 || level + 1 >= (long)n)
			break;
	}
	*reached = level;
	return rc;
}

/* Raising: one transaction for a whole run. */
struct raiser {
	struct router router;
	sqlite3_stmt *person, *dup, *dup_unknown, *insert, *due, *upgrade;
	struct rec_writer *w;
	int check_dups;		/* 0 when no alert could be a duplicate */
	int out_failed;		/* the records could not all be written */
	long raised, already;
};

static void
raiser_init(struct raiser *a, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *source_like)
{
	static const char *const cols[] = { "alert", "id", "unit", "reason",
	    "level", "told", "gaps" };
	sqlite3_stmt *any;

	memset(a, 0, sizeof(*a));
	router_init(&a->router, db, c, p);
	a->person = db_prepare(db, "SELECT p.id, p.kind, coalesce(p.unit_id, "
	    "0), coalesce(p.dormitory_id, 0), coalesce(u.path, '') FROM "
	    "person p LEFT JOIN unit u ON u.id = p.unit_id WHERE "
	    "p.person_no = ?");
	/* the same reason open or from this source; or, for a red card,
	 * the open follow-up of a blank critical item, which it replaces
	 * (one person, one alert about their critical answers) */
	a->dup = db_prepare(db, "SELECT id, reason_key = ?2, level FROM alert "
	    "WHERE person_id = ?1 AND (reason_key = ?2 AND (status = 'open' OR "
	    "source = ?3) OR reason_key = ?4 AND status = 'open') ORDER BY "
	    "reason_key = ?2 DESC LIMIT 1");
	a->upgrade = db_prepare(db, "UPDATE alert SET reason_key = ?2, "
	    "reason = ?3, detail = ?4 WHERE id = ?1");
	/* a held row's alert once; a number from a pipe once while open
	 * or once from its source: two pupils who wrote the same wrong
	 * number in a file are two held rows */
	a->dup_unknown = db_prepare(db, "SELECT 1 FROM alert WHERE person_id "
	    "IS NULL AND reason_key = ?2 AND unit_id = ?3 AND CASE WHEN ?5 "
	    "IS NOT NULL THEN held_id = ?5 ELSE held_id IS NULL AND "
	    "respondent = ?1 AND (status = 'open' OR source = ?4) END LIMIT 1");
	a->insert = db_prepare(db, "INSERT INTO alert (person_id, reason_key, "
	    "source, reason, detail, level, status, raised_at, due, "
	    "respondent, held_id, unit_id) VALUES (?1, ?2, ?3, ?4, ?5, 0, "
	    "'open', ?6, ?6 + ?7, ?8, ?9, ?10)");
	a->due = db_prepare(db, "UPDATE alert SET level = ?2, due = ?3 WHERE "
	    "id = ?1");
	/* nothing open and nothing from this source: no duplicate possible,
	 * no question per person */
	any = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM alert WHERE "
	    "status = 'open') OR EXISTS (SELECT 1 FROM alert WHERE source "
	    "LIKE ?)");
	sqlite3_bind_text(any, 1, source_like ? source_like : "%", -1,
	    SQLITE_STATIC);
	a->check_dups = sqlite3_step(any) != SQLITE_ROW ||
	    sqlite3_column_int(any, 0);
	sqlite3_finalize(any);
	a->w = io_writer(c, 7, cols);
}

static int
raiser_free(struct raiser *a)
{
	int rc = io_writer_close(a->w);

	router_free(&a->router);
	sqlite3_finalize(a->person);
	sqlite3_finalize(a->dup);
	sqlite3_finalize(a->dup_unknown);
	sqlite3_finalize(a->upgrade);
	sqlite3_finalize(a->insert);
	sqlite3_finalize(a->due);
	return rc;
}

/* An open alert that a blank critical item raised becomes the red card
 * its answer now gives: the same alert, at the level it has reached,
 * says why anew to that level's people. */
static int
upgrade(struct raiser *a, long long alert, long level, const struct who *w,
    const char *person_no, const char *unit_path, const char *reason_key,
    const char *reason, const char *detail)
{
	struct router *r = &a->router;
	char id[24], lv[24];
	long reached;
	int rc;

	sqlite3_bind_int64(a->upgrade, 1, alert);
	sqlite3_bind_text(a->upgrade, 2, reason_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->upgrade, 3, reason, -1, SQLITE_STATIC);
	db_bind_static_or_null(a->upgrade, 4, detail);
	rc = sqlite3_step(a->upgrade) == SQLITE_DONE ? 0 : db_fail(r->db,
	    "alert");
	sqlite3_reset(a->upgrade);
	if (rc == 0)
		rc = route(r, alert, w, level, &reached);
	if (rc == 0)
		rc = event(r, alert, "updated", reached, reason);
	if (rc != 0)
		return rc;
	a->raised++;
	snprintf(id, sizeof(id), "%lld", alert);
	snprintf(lv, sizeof(lv), "%ld", reached + 1);
	{
		const char *v[7] = { id, person_no, unit_path, reason, lv,
		    buf_str(&r->told), buf_str(&r->gaps) };
		if (rec_write(a->w, v) != 0)
			a->out_failed = 1;
	}
	return 0;
}

/* One alert, unless the same person and reason is open already or this
 * source raised it before. */
static int
raise_one(struct raiser *a, const struct who *w, const char *person_no,
    const char *unit_path, const char *reason_key, const char *source,
    const char *reason, const char *detail)
{
	struct router *r = &a->router;
	long long alert;
	long reached;
	size_t nlevels;
	const struct alert_level *lv = levels_of(r->policy, w->kind, &nlevels);
	char id[24], level[24];
	int rc;

	if (w->person == 0) {
		int seen;

		sqlite3_bind_text(a->dup_unknown, 1, w->respondent, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(a->dup_unknown, 2, reason_key, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(a->dup_unknown, 3, w->unit);
		sqlite3_bind_text(a->dup_unknown, 4, source, -1, SQLITE_STATIC);
		if (w->held != 0)
			sqlite3_bind_int64(a->dup_unknown, 5, w->held);
		else
			sqlite3_bind_null(a->dup_unknown, 5);
		seen = sqlite3_step(a->dup_unknown) == SQLITE_ROW;
		sqlite3_reset(a->dup_unknown);
		if (seen) {
			a->already++;
			return 0;
		}
	} else if (a->check_dups) {
		int seen, same = 0;
		long long open = 0;
		long at = 0;

		sqlite3_bind_int64(a->dup, 1, w->person);
		sqlite3_bind_text(a->dup, 2, reason_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->dup, 3, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->dup, 4, strcmp(reason_key, "card:red") == 0 ?
		    "critical" : strcmp(reason_key, "critical") == 0 ?
		    "card:red" : "", -1, SQLITE_STATIC);
		if ((seen = sqlite3_step(a->dup) == SQLITE_ROW)) {
			open = sqlite3_column_int64(a->dup, 0);
			same = sqlite3_column_int(a->dup, 1);
			at = sqlite3_column_int(a->dup, 2);
		}
		sqlite3_reset(a->dup);
		if (seen && !same && strcmp(reason_key, "card:red") == 0)
			return upgrade(a, open, at, w, person_no, unit_path,
			    reason_key, reason, detail);
		if (seen) {
			a->already++;
			return 0;
		}
	}
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
	sqlite3_bind_text(a->insert, 2, reason_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 4, reason, -1, SQLITE_STATIC);
	db_bind_static_or_null(a->insert, 5, detail);
	sqlite3_bind_int64(a->insert, 6, (sqlite3_int64)r->cli->now);
	sqlite3_bind_int64(a->insert, 7, lv[0].within);
	if (sqlite3_step(a->insert) != SQLITE_DONE) {
		sqlite3_reset(a->insert);
		return db_fail(r->db, "alert");
	}
	sqlite3_reset(a->insert);
	alert = sqlite3_last_insert_rowid(r->db);
	if ((rc = route(r, alert, w, 0, &reached)) != 0)
		return rc;
	/* a gap sent it higher at once: that level's deadline */
	if (reached > 0) {
		sqlite3_bind_int64(a->due, 1, alert);
		sqlite3_bind_int64(a->due, 2, reached);
		sqlite3_bind_int64(a->due, 3, (sqlite3_int64)(r->cli->now +
		    lv[reached].within));
		rc = sqlite3_step(a->due) == SQLITE_DONE ? 0 :
		    db_fail(r->db, "alert");
		sqlite3_reset(a->due);
		if (rc != 0)
			return rc;
	}
	a->raised++;
	/* one is open now: the same person and reason must not be raised
	 * twice in this run (a resubmission, a held row beside its
	 * response) */
	a->check_dups = 1;
	snprintf(id, sizeof(id), "%lld", alert);
	snprintf(level, sizeof(level), "%ld", reached + 1);
	{
		const char *v[7] = { id, person_no, unit_path, reason, level,
		    buf_str(&r->told), buf_str(&r->gaps) };
		/* the alert stands whether or not its record is read */
		if (rec_write(a->w, v) != 0)
			a->out_failed = 1;
	}
	return 0;
}

/* Looks up a person for raising: 1 when found (w and the strings set,
 * valid until the next call), 0 when not. */
static int
find_person(struct raiser *a, const char *person_no, struct who *w,
    char **unit_path)
{
	int found;

	sqlite3_bind_text(a->person, 1, person_no, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(a->person) == SQLITE_ROW;
	if (found) {
		w->person = sqlite3_column_int64(a->person, 0);
		w->kind = strcmp(db_column_text(a->person, 1), "staff") == 0 ?
		    "staff" : "student";
		w->unit = sqlite3_column_int64(a->person, 2);
		w->dormitory = sqlite3_column_int64(a->person, 3);
		*unit_path = xstrdup(db_column_text(a->person, 4));
	}
	sqlite3_reset(a->person);
	return found;
}

static int
finish_raise(sqlite3 *db, const struct cli *c, struct raiser *a, int rc,
    const char *what)
{
	if (rc == 0) {
		struct audit *au = audit_new(db, c->now, c->actor);
		char *detail = xasprintf("%s: %ld raised, %ld open or raised "
		    "before", what, a->raised, a->already);
		rc = audit_append(au, "alert.raise", what, detail);
		free(detail);
		audit_free(au);
	}
	/* what was raised is kept even when its records could not be
	 * written (a closed pipe, a full disk): the alerts matter more */
	if (raiser_free(a) != 0)
		a->out_failed = 1;
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db)) != 0)
		return rc;
	fprintf(stderr, "ph-alert: %s: %ld alert%s raised, %ld already open or "
	    "raised before\n", what, a->raised, a->raised == 1 ? "" : "s",
	    a->already);
	return a->out_failed ? EX_IOERR : 0;
}

/* One person's latest answers in a campaign, gathered row by row. */
struct gathered {
	struct who who;
	char *person_no, *unit_path;
	int color;			/* the highest card */
	struct buf reasons;		/* of the responses of that colour */
	struct buf critical;		/* critical notes, then scores */
	int has_critical;
	char **raw;			/* the answers as exported */
	size_t nraw, capraw;
	long long last_response;
};

static void
gathered_reset(struct gathered *g)
{
	free(g->person_no);
	free(g->unit_path);
	g->person_no = g->unit_path = NULL;
	g->who.person = 0;
	g->color = CARD_NONE;
	buf_reset(&g->reasons);
	buf_reset(&g->critical);
	g->has_critical = 0;
	for (size_t i = 0; i < g->nraw; i++)
		free(g->raw[i]);
	g->nraw = 0;
	g->last_response = 0;
}

static void
gathered_add(struct gathered *g, sqlite3_stmt *st)
{
	int color = CARD_NONE;
	const char *note = (const char *)sqlite3_column_text(st, 4);

	if (g->who.person == 0) {
		g->who.person = sqlite3_column_int64(st, 0);
		g->person_no = xstrdup(db_column_text(st, 6));
		g->who.kind = strcmp(db_column_text(st, 7), "staff") == 0 ?
		    "staff" : "student";
		g->who.unit = sqlite3_column_int64(st, 8);
		g->who.dormitory = sqlite3_column_int64(st, 9);
		g->unit_path = xstrdup(db_column_text(st, 10));
	}
	if (sqlite3_column_int64(st, 1) > g->last_response)
		g->last_response = sqlite3_column_int64(st, 1);
	if (card_color_parse(db_column_text(st, 2), &color) != 0)
		color = CARD_NONE;
	if (color > g->color) {
		g->color = color;
		buf_reset(&g->reasons);
	}
	if (color == g->color && sqlite3_column_type(st, 3) != SQLITE_NULL) {
		if (g->reasons.len)
			buf_puts(&g->reasons, "; ");
		buf_puts(&g->reasons, db_column_text(st, 3));
	}
	/* what the counsellor is told: the critical answers, the scores */
	if (note != NULL) {
		if (g->critical.len)
			buf_puts(&g->critical, "; ");
		buf_puts(&g->critical, note);
		g->has_critical = 1;
	}
	if (g->critical.len)
		buf_puts(&g->critical, "; ");
	buf_puts(&g->critical, db_column_text(st, 11));
	g->raw = xgrow(g->raw, &g->capraw, g->nraw + 1, sizeof(*g->raw));
	g->raw[g->nraw++] = xstrdup(db_column_text(st, 5));
}

/* Why answers raise an alert by the policy: their card, when the
 * policy raises that colour ("card:red" in key), else their critical
 * answers ("critical"); NULL when neither. */
static const char *
alert_key(const struct alert_policy *p, int color, int critical,
    char key[16])
{
	if (color != CARD_NONE && (p->raise_colors & (1u << color))) {
		snprintf(key, 16, "card:%s", card_color_name(color));
		return key;
	}
	return critical && p->critical ? "critical" : NULL;
}

/* The alerts one person's answers call for. */
static int
raise_gathered(struct raiser *a, struct gathered *g, sqlite3_stmt *manual,
    long long campaign, const char *source)
{
	const struct alert_policy *p = a->router.policy;
	int rc = 0, color = g->color;
	char card[16];
	const char *key;

	/* a card set by hand after the answers; most campaigns have few,
	 * so only those people are asked about */
	if (manual != NULL) {
		sqlite3_bind_int64(manual, 1, g->who.person);
		sqlite3_bind_int64(manual, 2, campaign);
		sqlite3_bind_int64(manual, 3, g->last_response);
		if (sqlite3_step(manual) == SQLITE_ROW &&
		    card_color_parse(db_column_text(manual, 0), &color) == 0) {
			buf_reset(&g->reasons);
			buf_puts(&g->reasons, db_column_text(manual, 1));
		}
		sqlite3_reset(manual);
	}
	key = alert_key(p, color, g->has_critical, card);
	if (key == card) {
		char *reason = xasprintf("%s%s%s", card_color_zh(color),
		    g->reasons.len ? ": " : "", buf_str(&g->reasons));
		rc = raise_one(a, &g->who, g->person_no, g->unit_path, key,
		    source, reason, g->critical.len ? buf_str(&g->critical) :
		    NULL);
		free(reason);
	} else if (key != NULL)
		rc = raise_one(a, &g->who, g->person_no, g->unit_path,
		    key, source, "关键条目需跟进", buf_str(&g->critical));
	for (size_t i = 0; rc == 0 && i < g->nraw; i++) {
		long k = -1;
		while (rc == 0 && (k = alert_keyword_match(p, g->raw[i],
		    (size_t)(k + 1))) >= 0) {
			char *kk = xasprintf("keyword:%s", p->keywords[k].id);
			rc = raise_one(a, &g->who, g->person_no, g->unit_path,
			    kk, source, p->keywords[k].reason, g->raw[i]);
			free(kk);
		}
	}
	return rc;
}

/* The schools a campaign is for (the top of each of its units' trees;
 * every school when it names no units), where answers from someone not
 * on the roster are sent: its counsellor knows who to look for. */
static sqlite3_stmt *
campaign_schools(sqlite3 *db, long long campaign)
{
	sqlite3_stmt *st = db_prepare(db, "WITH RECURSIVE up(id, parent) AS ("
	    " SELECT u.id, u.parent_id FROM unit u WHERE u.id IN (SELECT"
	    "  unit_id FROM campaign_unit WHERE campaign_id = ?1) OR (NOT"
	    "  EXISTS (SELECT 1 FROM campaign_unit WHERE campaign_id = ?1) AND"
	    "  u.parent_id IS NULL)"
	    " UNION SELECT u.id, u.parent_id FROM unit u JOIN up ON"
	    "  u.id = up.parent)"
	    " SELECT up.id, u.path FROM up JOIN unit u ON u.id = up.id"
	    " WHERE up.parent IS NULL ORDER BY up.id");

	sqlite3_bind_int64(st, 1, campaign);
	return st;
}

/* One alert about someone not on the roster (w, with respondent and
 * held row set) to each school of campaign (0: every school). */
static int
raise_each_school(struct raiser *a, struct who *w, long long campaign,
    const char *key, const char *source, const char *reason,
    const char *detail)
{
	sqlite3_stmt *schools = campaign_schools(a->router.db, campaign);
	int rc = 0;

	while (rc == 0 && sqlite3_step(schools) == SQLITE_ROW) {
		w->unit = sqlite3_column_int64(schools, 0);
		rc = raise_one(a, w, w->respondent, db_column_text(schools, 1),
		    key, source, reason, detail);
	}
	if (rc == 0)
		return db_finalize(a->router.db, schools, "alert");
	sqlite3_finalize(schools);
	return rc;
}

/* The alerts a held row from someone not on the roster calls for: its
 * positive critical answers, its card and its keyword hits, as a
 * response's would, to each school's counsellor, with the row's cells,
 * by which the counsellor finds who it is. */
static int
raise_held(struct raiser *a, sqlite3_stmt *h, long long campaign,
    const char *source)
{
	const struct alert_policy *p = a->router.policy;
	struct who w = { 0, "student", 0, 0, db_column_text(h, 2),
	    sqlite3_column_int64(h, 0) };
	const char *raw = db_column_text(h, 6), *key;
	char *cells = xasprintf("%s%s%s (%s) | %s", db_column_text(h, 5),
	    sqlite3_column_type(h, 5) != SQLITE_NULL ? " | " : "",
	    db_column_text(h, 7), db_column_text(h, 12), raw);
	char *who = *w.respondent ? xasprintf("不在名册的作答者 %s",
	    w.respondent) : xasprintf("无学号的作答者 (%s)",
	    db_column_text(h, 12));
	char card[16], *reason;
	int color = CARD_NONE, rc = 0;

	if (card_color_parse(db_column_text(h, 3), &color) != 0)
		color = CARD_NONE;
	key = alert_key(p, color, sqlite3_column_type(h, 13) != SQLITE_NULL,
	    card);
	if (key != NULL) {
		reason = key == card ? xasprintf("%s: %s: %s", who,
		    card_color_zh(color), db_column_text(h, 4)) :
		    xasprintf("%s: 关键条目需跟进", who);
		rc = raise_each_school(a, &w, campaign, key, source, reason,
		    cells);
		free(reason);
	}
	for (long k = -1; rc == 0 && (k = alert_keyword_match(p, raw,
	    (size_t)(k + 1))) >= 0;) {
		char *kk = xasprintf("keyword:%s", p->keywords[k].id);

		reason = xasprintf("%s: %s", who, p->keywords[k].reason);
		rc = raise_each_school(a, &w, campaign, kk, source, reason,
		    cells);
		free(reason);
		free(kk);
	}
	free(who);
	free(cells);
	return rc;
}

int
alert_raise_campaign(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *code)
{
	struct raiser a;
	struct gathered g;
	sqlite3_stmt *st, *manual;
	char *source, *sql;
	long long campaign = 0;
	int rc, several, held;

	st = db_prepare(db, "SELECT id FROM campaign WHERE code = ?");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		campaign = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (campaign == 0) {
		warnx("no campaign '%s' (see ph-screen campaign list)", code);
		return EX_DATAERR;
	}
	/* a campaign's alerts add pages: see db_bulk_journal */
	if ((rc = db_bulk_journal(db)) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0) {
		(void)db_wal_journal(db);
		return rc;
	}
	source = xasprintf("campaign:%s", code);
	raiser_init(&a, db, c, p, source);
	memset(&g, 0, sizeof(g));
	manual = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM card_set WHERE "
	    "campaign_id = ?)");
	sqlite3_bind_int64(manual, 1, campaign);
	if (sqlite3_step(manual) != SQLITE_ROW || !sqlite3_column_int(manual,
	    0)) {
		sqlite3_finalize(manual);
		manual = NULL;
	} else {
		sqlite3_finalize(manual);
		manual = db_prepare(db, "SELECT color, reason FROM card_set "
		    "WHERE person_id = ?1 AND campaign_id = ?2 AND "
		    "after_response >= ?3 ORDER BY id DESC LIMIT 1");
	}
	/* the latest answers, a person at a time (with one instrument a
	 * person has one: read as stored, no index walk): the card is the
	 * highest of them unless a counsellor set it afterwards */
	st = db_prepare(db, "SELECT count(*) FROM campaign_instrument WHERE "
	    "campaign_id = ?");
	sqlite3_bind_int64(st, 1, campaign);
	several = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 1;
	sqlite3_finalize(st);
	/* the rows an import held of people on the roster are a person's
	 * answers too, even when a later answer resolved them (a harmless
	 * one after a critical one must not silence it): one alert for
	 * all of a person's, at the highest card; a held row counts only
	 * its positive critical answers (a blank one is in the held list) */
	st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM held WHERE "
	    "campaign_id = ? AND person_id IS NOT NULL)");
	sqlite3_bind_int64(st, 1, campaign);
	held = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sql = xasprintf("SELECT r.person_id, r.id, r.card, r.card_reasons, "
	    "r.critical_note, r.raw, p.person_no, p.kind, coalesce(p.unit_id, "
	    "0), coalesce(p.dormitory_id, 0), coalesce(u.path, ''), r.what "
	    "FROM (SELECT person_id, id, card, card_reasons, critical_note, "
	    "raw, instrument || ' ' || scores AS what FROM response WHERE "
	    "campaign_id = ?1 AND latest%s) r JOIN person p ON p.id = "
	    "r.person_id LEFT JOIN unit u ON u.id = p.unit_id%s",
	    held ? " UNION ALL SELECT h.person_id, 0, h.card, h.card_reasons, "
	    "CASE WHEN h.critical IS NOT NULL THEN h.critical_note END, h.raw, "
	    "'held ' || f.name || ':' || h.line || ': ' || h.reason FROM held h "
	    "JOIN response_file f ON f.id = h.file_id WHERE h.campaign_id = ?1 "
	    "AND h.person_id IS NOT NULL" : "",
	    several || held ? " ORDER BY r.person_id" : "");
	st = db_prepare(db, sql);
	free(sql);
	sqlite3_bind_int64(st, 1, campaign);
	while (rc == 0) {
		int step = sqlite3_step(st), more = step == SQLITE_ROW;

		/* a read that fails midway is an error, not the last row:
		 * the people after it would be passed over in silence */
		if (!more && step != SQLITE_DONE) {
			rc = db_fail(db, "alert");
			break;
		}
		if (g.who.person != 0 && (!more ||
		    sqlite3_column_int64(st, 0) != g.who.person)) {
			rc = raise_gathered(&a, &g, manual, campaign, source);
			gathered_reset(&g);
		}
		if (!more)
			break;
		gathered_add(&g, st);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(manual);
	/* the rows an import held of someone not on the roster: each its
	 * own alert, even when resolved (what was raised is not raised
	 * again) */
	st = db_prepare(db, "SELECT h.id, coalesce(h.person_id, 0), "
	    "h.person_no, h.card, coalesce(h.card_reasons, ''), "
	    "h.critical_note, h.raw, h.reason, coalesce(p.kind, 'student'), "
	    "coalesce(p.unit_id, 0), coalesce(p.dormitory_id, 0), "
	    "coalesce(u.path, ''), f.name || ':' || h.line, h.critical FROM "
	    "held h "
	    "JOIN response_file f ON f.id = h.file_id LEFT JOIN person p ON "
	    "p.id = h.person_id LEFT JOIN unit u ON u.id = p.unit_id "
	    "WHERE h.campaign_id = ? AND h.person_id IS NULL ORDER BY h.id");
	sqlite3_bind_int64(st, 1, campaign);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = raise_held(&a, st, campaign, source);
	if (rc == 0)
		rc = db_finalize(db, st, "held rows");
	else
		sqlite3_finalize(st);
	gathered_reset(&g);
	free(g.raw);
	buf_free(&g.reasons);
	buf_free(&g.critical);
	free(source);
	rc = finish_raise(db, c, &a, rc, code);
	{
		int wal = db_wal_journal(db);
		return rc ? rc : wal;
	}
}

/* A score record from someone not on the roster, in a pipe: its
 * critical answer or red card goes to the counsellor of every school. */
static int
raise_unknown(struct raiser *a, const char *no, const char *critical,
    int color, const char *note, const char *source)
{
	/* no number at all: the record's place says who it is */
	struct who w = { 0, "student", 0, 0, *no ? no : source, 0 };
	char card[16], *reason;
	const char *key = alert_key(a->router.policy, color, critical != NULL,
	    card);
	int rc;

	if (key == NULL)
		return 0;
	reason = xasprintf("不在名册的作答者 %s: %s", w.respondent,
	    key == card ? card_color_zh(color) : "关键条目需跟进");
	rc = raise_each_school(a, &w, 0, key, source, reason,
	    *note ? note : NULL);
	free(reason);
	return rc;
}

int
alert_raise_records(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, char *const *files, int nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct raiser a;
	struct diag d;
	int rc;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	raiser_init(&a, db, c, p, NULL);
	diag_init(&d, c->max_errors);
	for (int f = 0; f < nfiles && rc == 0; f++) {
		FILE *fp = io_open_input(files[f]);
		const char *name = io_input_name(files[f]);
		struct rec_reader *r;
		long idc = -1, critc = -1, notec = -1, cardc = -1;
		int got, usable;

		if (fp == NULL) {
			rc = EX_NOINPUT;
			break;
		}
		r = rec_reader_new(fp, name, REC_AUTO, c->encoding);
		if (rec_read_header(r) != 0)
			diag_error(&d, name, rec_line(r), NULL, "%s",
			    rec_error(r));
		for (size_t i = 0; i < rec_ncolumns(r); i++) {
			const char *h = rec_column(r, i);
			if (strcmp(h, "id") == 0 || strcmp(h, "学号") == 0 ||
			    strcmp(h, "工号") == 0)
				idc = (long)i;
			else if (strcmp(h, "critical") == 0)
				critc = (long)i;
			else if (strcmp(h, "critical_note") == 0)
				notec = (long)i;
			else if (strcmp(h, "card") == 0)
				cardc = (long)i;
		}
		usable = idc >= 0 && (critc >= 0 || cardc >= 0);
		if (rec_ncolumns(r) > 0 && !usable)
			diag_error(&d, name, 1, NULL, "expected ph-screen score "
			    "records: an id column and critical or card");
		/* a bad record is listed and passed over: the next one may
		 * be a pupil who needs an adult */
		while (usable && rc == 0 && (got = rec_read(r)) != 0) {
			struct who w = {0};
			char *unit = NULL, *source;
			const char *no, *crit, *note, *key;
			char card[16];
			int color = CARD_NONE;

			if (got < 0) {
				diag_error(&d, name, rec_line(r), NULL, "%s",
				    rec_error(r));
				if (got == -2)
					break;
				continue;
			}
			no = rec_field(r, (size_t)idc);
			crit = critc >= 0 ? rec_field(r, (size_t)critc) : "";
			if (!find_person(&a, no, &w, &unit)) {
				source = xasprintf("%s:%zu", name, rec_line(r));
				note = notec >= 0 ? rec_field(r, (size_t)notec) :
				    crit;
				if (cardc >= 0 && card_color_parse(rec_field(r,
				    (size_t)cardc), &color) != 0)
					color = CARD_NONE;
				rc = raise_unknown(&a, no, *crit != '\0' ?
				    crit : NULL, color, note, source);
				diag_error(&d, name, rec_line(r), rec_column(r,
				    (size_t)idc), "'%s' is not on the roster%s",
				    no, *crit != '\0' || color == CARD_RED ?
				    " (its critical answer went to each "
				    "school's counsellor)" : "");
				free(source);
				continue;
			}
			note = notec >= 0 ? rec_field(r, (size_t)notec) : crit;
			if (cardc >= 0 && *rec_field(r, (size_t)cardc) &&
			    card_color_parse(rec_field(r, (size_t)cardc),
			    &color) != 0) {
				diag_error(&d, name, rec_line(r), "card", "'%s' is "
				    "no colour", rec_field(r, (size_t)cardc));
				free(unit);
				continue;
			}
			source = xasprintf("%s:%zu", name, rec_line(r));
			key = alert_key(p, color, *crit != '\0', card);
			if (key == card)
				rc = raise_one(&a, &w, no, unit, key, source,
				    card_color_zh(color), *note ? note : NULL);
			else if (key != NULL)
				rc = raise_one(&a, &w, no, unit, key, source,
				    "关键条目需跟进", note);
			free(source);
			free(unit);
		}
		rec_reader_free(r);
		io_close_input(fp);
	}
	diag_finish(&d);
	/* the alerts of the records that could be read stand: a wrong
	 * number on one line must not silence the others */
	rc = finish_raise(db, c, &a, rc, "records");
	if (rc == 0 && d.errors > 0) {
		warnx("%ld record%s could not be matched to the roster or read; "
		    "the alerts of the others were raised", d.errors,
		    d.errors == 1 ? "" : "s");
		rc = EX_DATAERR;
	}
	return rc;
}

int
alert_note(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *person_no, const char *text, const char *by)
{
	struct raiser a;
	struct who w = {0};
	char *unit = NULL, *source = NULL;
	sqlite3_stmt *st;
	int rc, matched = 0;

	if (*text == '\0' || *by == '\0') {
		warnx("note: the text and --by must not be empty");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	raiser_init(&a, db, c, p, NULL);
	if (!find_person(&a, person_no, &w, &unit)) {
		warnx("no person '%s'", person_no);
		raiser_free(&a);
		db_rollback(db);
		return EX_DATAERR;
	}
	st = db_prepare(db, "INSERT INTO note (person_id, text, by, at) VALUES "
	    "(?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, w.person);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "note");
	sqlite3_finalize(st);
	if (rc == 0) {
		struct audit *au = audit_new(db, c->now, c->actor);
		source = xasprintf("note:%lld", sqlite3_last_insert_rowid(db));
		rc = audit_append(au, "note.add", person_no, by);
		audit_free(au);
	}
	for (long k = -1; rc == 0 && (k = alert_keyword_match(p, text,
	    (size_t)(k + 1))) >= 0;) {
		char *key = xasprintf("keyword:%s", p->keywords[k].id);
		rc = raise_one(&a, &w, person_no, unit, key, source,
		    p->keywords[k].reason, text);
		matched++;
		free(key);
	}
	if (rc == 0 && matched == 0)
		fprintf(stderr, "ph-alert: note kept; no keyword rule matched\n");
	free(unit);
	rc = finish_raise(db, c, &a, rc, source ? source : "note");
	free(source);
	return rc;
}

int
alert_list(sqlite3 *db, const struct cli *c, const struct alert_filter *f)
{
	static const char *const cols[] = { "alert", "id", "name", "unit",
	    "reason", "level", "status", "raised", "due", "overdue",
	    "acked_by" };
	char *path = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = intake_resolve_unit(db, f->unit, &path)) != 0)
		return rc;
	st = db_prepare(db, "SELECT a.id, coalesce(p.person_no, "
	    "nullif(a.respondent, ''), '无学号'), "
	    "coalesce(p.name, '（不在名册）'), coalesce(u.path, "
	    "''), a.reason, a.level + 1, a.status, datetime(a.raised_at, "
	    "'unixepoch', 'localtime'), datetime(a.due, 'unixepoch', "
	    "'localtime'), CASE WHEN a.status = 'open' AND a.due <= ?1 THEN "
	    "'yes' ELSE 'no' END, a.acked_by FROM alert a LEFT JOIN person p "
	    "ON p.id = a.person_id LEFT JOIN unit u ON u.id = coalesce("
	    "p.unit_id, a.unit_id) WHERE "
	    "(?2 = 0 OR a.status = 'open') AND (?3 = 0 OR (a.status = 'open' "
	    "AND a.due <= ?1)) AND (?4 < 0 OR a.level + 1 = ?4) AND (?5 IS NULL "
	    "OR u.path = ?5 OR substr(u.path, 1, length(?5) + 1) = ?5 || '/') "
	    "ORDER BY a.status DESC, a.due, a.id");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 2, f->open);
	sqlite3_bind_int(st, 3, f->overdue);
	sqlite3_bind_int64(st, 4, f->level);
	db_bind_text_or_null(st, 5, path);
	free(path);
	return rows_print(db, c, st, 11, cols);
}

static long long
alert_number(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && n > 0 ? n : 0;
}

int
alert_show(sqlite3 *db, const struct cli *c, const char *id)
{
	static const char *const cols[] = { "at", "what", "level", "detail" };
	long long n = alert_number(id);
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM alert WHERE id = ?");
	int known;

	sqlite3_bind_int64(st, 1, n);
	known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!known) {
		warnx("no alert '%s'", id);
		return EX_DATAERR;
	}
	/* the alert, then what happened to it and every message, in time */
	st = db_prepare(db, "SELECT datetime(at, 'unixepoch', 'localtime'), "
	    "what, level, detail FROM ("
	    " SELECT a.raised_at AS at, 0 AS k, 'raised' AS what, 1 AS level,"
	    "  coalesce(p.person_no, nullif(a.respondent, ''), '无学号') ||"
	    "  ' ' || coalesce(p.name,"
	    "  '（不在名册）') || ' ' || coalesce(u.path, '') ||"
	    "  ': ' || a.reason || coalesce(' | ' || a.detail, '') ||"
	    "  ' | ' || a.source AS detail"
	    "  FROM alert a LEFT JOIN person p ON p.id = a.person_id LEFT JOIN"
	    "  unit u ON u.id = coalesce(p.unit_id, a.unit_id) WHERE a.id = ?1"
	    " UNION ALL SELECT o.created_at, o.id, 'message ' || o.status,"
	    "  o.level + 1, c.name || ' (' || o.role || ')' || coalesce(', ' ||"
	    "  c.email, '') || coalesce(', ' || c.phone, '') || CASE o.status"
	    "  WHEN 'sent' THEN ', sent ' || datetime(o.sent_at, 'unixepoch',"
	    "  'localtime') ELSE ', ' || o.attempts || ' attempts' ||"
	    "  coalesce(', ' || o.last_error, '') END FROM outbox o"
	    "  JOIN contact c ON c.id = o.contact_id WHERE o.alert_id = ?1"
	    " UNION ALL SELECT e.at, e.id, e.kind, e.level + 1, e.detail"
	    "  FROM alert_event e WHERE e.alert_id = ?1)"
	    " ORDER BY at, what <> 'raised', k");
	sqlite3_bind_int64(st, 1, n);
	return rows_print(db, c, st, 4, cols);
}

int
alert_ack(sqlite3 *db, const struct cli *c, const char *id, const char *by,
    const char *note)
{
	long long n = alert_number(id);
	sqlite3_stmt *st;
	struct audit *au;
	char *detail;
	int rc, changed;

	if (*by == '\0') {
		warnx("ack: --by must name who acknowledges");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	st = db_prepare(db, "UPDATE alert SET status = 'acked', acked_at = ?2, "
	    "acked_by = ?3, ack_note = ?4, due = NULL WHERE id = ?1 AND "
	    "status = 'open'");
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, note);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "ack");
	changed = sqlite3_changes(db);
	sqlite3_finalize(st);
	if (rc == 0 && !changed) {
		st = db_prepare(db, "SELECT acked_by, datetime(acked_at, "
		    "'unixepoch', 'localtime') FROM alert WHERE id = ?");
		sqlite3_bind_int64(st, 1, n);
		if (sqlite3_step(st) == SQLITE_ROW)
			warnx("alert %s was acknowledged already, by %s at %s",
			    id, db_column_text(st, 0), db_column_text(st, 1));
		else
			warnx("no alert '%s'", id);
		sqlite3_finalize(st);
		db_rollback(db);
		return EX_DATAERR;
	}
	if (rc == 0) {
		st = db_prepare(db, "INSERT INTO alert_event (alert_id, at, kind, "
		    "level, detail) SELECT id, ?2, 'acked', level, ?3 FROM alert "
		    "WHERE id = ?1");
		detail = xasprintf("%s%s%s", by, note ? ": " : "", note ? note :
		    "");
		sqlite3_bind_int64(st, 1, n);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)c->now);
		sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "ack");
		sqlite3_finalize(st);
		au = audit_new(db, c->now, c->actor);
		if (rc == 0)
			rc = audit_append(au, "alert.ack", id, detail);
		audit_free(au);
		free(detail);
	}
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
alert_escalate(sqlite3 *db, const struct cli *c, const struct alert_policy *p)
{
	static const char *const cols[] = { "alert", "id", "unit", "from",
	    "to", "told", "gaps" };
	struct router r;
	struct rec_writer *w;
	struct audit *au = NULL;
	sqlite3_stmt *due, *set;
	int rc, out_failed = 0;

	if ((rc = db_begin(db)) != 0)
		return rc;
	router_init(&r, db, c, p);
	w = io_writer(c, 7, cols);
	/* through the partial index on due: nothing is read when nothing
	 * is due */
	due = db_prepare(db, "SELECT a.id, a.level, coalesce(p.person_no, "
	    "a.respondent), coalesce(p.kind, 'student'), coalesce(p.unit_id, "
	    "a.unit_id, 0), coalesce(p.dormitory_id, 0), coalesce(u.path, ''), "
	    "coalesce(a.person_id, 0) FROM alert a LEFT JOIN person p ON "
	    "p.id = a.person_id LEFT JOIN unit u ON u.id = coalesce(p.unit_id, "
	    "a.unit_id) "
	    "WHERE a.status = 'open' AND a.due <= ? ORDER BY a.due, a.id");
	set = db_prepare(db, "UPDATE alert SET level = ?2, due = ?3 WHERE "
	    "id = ?1");
	sqlite3_bind_int64(due, 1, (sqlite3_int64)c->now);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		long long alert = sqlite3_column_int64(due, 0);
		long from = sqlite3_column_int(due, 1), to;
		struct who who = { sqlite3_column_int64(due, 7),
		    strcmp(db_column_text(due, 3), "staff") == 0 ? "staff" :
		    "student", sqlite3_column_int64(due, 4),
		    sqlite3_column_int64(due, 5), db_column_text(due, 2), 0 };
		size_t n;
		const struct alert_level *lv = levels_of(p, who.kind, &n);
		char a[24], f[24], t[24], *detail;
		const char *kind;

		/* at the top already: the top is told again, and again */
		kind = from + 1 < (long)n ? "escalated" : "reminded";
		rc = route(&r, alert, &who, from + 1 < (long)n ? from + 1 : from,
		    &to);
		if (rc != 0)
			break;
		sqlite3_bind_int64(set, 1, alert);
		sqlite3_bind_int64(set, 2, to);
		sqlite3_bind_int64(set, 3, (sqlite3_int64)(c->now +
		    lv[to].within));
		rc = sqlite3_step(set) == SQLITE_DONE ? 0 : db_fail(db,
		    "escalate");
		sqlite3_reset(set);
		detail = xasprintf("level %ld to %ld: %s", from + 1, to + 1,
		    buf_str(&r.told));
		if (rc == 0)
			rc = event(&r, alert, kind, to, detail);
		if (au == NULL)
			au = audit_new(db, c->now, c->actor);
		snprintf(a, sizeof(a), "%lld", alert);
		if (rc == 0)
			rc = audit_append(au, "alert.escalate", a, detail);
		free(detail);
		snprintf(f, sizeof(f), "%ld", from + 1);
		snprintf(t, sizeof(t), "%ld", to + 1);
		{
			const char *v[7] = { a, db_column_text(due, 2),
			    db_column_text(due, 6), f, t, buf_str(&r.told),
			    buf_str(&r.gaps) };
			if (rc == 0 && rec_write(w, v) != 0)
				out_failed = 1;
		}
	}
	{
		int frc = db_finalize(db, due, "escalate");
		rc = rc ? rc : frc;
	}
	sqlite3_finalize(set);
	audit_free(au);
	router_free(&r);
	/* escalation stands whether or not its records are read */
	if (io_writer_close(w) != 0)
		out_failed = 1;
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db)) != 0)
		return rc;
	return out_failed ? EX_IOERR : 0;
}
