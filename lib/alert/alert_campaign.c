/*
 * raise --campaign CODE: the alerts a campaign's answers call for.  A
 * person's latest answers (and the rows an import held of them) are
 * gathered into one alert at the highest card, or for their critical
 * answers, plus one per keyword rule an answer matches; a card set by
 * hand afterwards stands for the answers' own.  A held row of someone
 * not on the roster raises its own alerts, to each school's counsellor.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "policy.h"
#include "queries.h"
#include "xalloc.h"

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

/* A campaign's run. */
struct campaign_raise {
	struct raiser a;
	sqlite3 *db;
	long long campaign;
	const char *code;
	char *source;			/* "campaign:CODE" */
	sqlite3_stmt *manual;		/* NULL: no card was set by hand */
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
gathered_free(struct gathered *g)
{
	gathered_reset(g);
	free(g->raw);
	buf_free(&g->reasons);
	buf_free(&g->critical);
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

/* A card set by hand after the person's answers: it stands for theirs
 * (*color and g's reasons).  Most campaigns have few, so only those
 * people are asked about. */
static int
card_set_by_hand(struct campaign_raise *cr, struct gathered *g, int *color)
{
	sqlite3_stmt *st = cr->manual;
	int rc;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, g->who.person);
	sqlite3_bind_int64(st, 2, cr->campaign);
	sqlite3_bind_int64(st, 3, g->last_response);
	if (!db_row(cr->db, st, &rc))
		return rc;
	if (card_color_parse(db_column_text(st, 0), color) == 0) {
		buf_reset(&g->reasons);
		buf_puts(&g->reasons, db_column_text(st, 1));
	}
	sqlite3_reset(st);
	return 0;
}

/* A keyword rule an answer matched: one alert. */
struct keyword_hit {
	struct raiser *a;
	struct gathered *g;
	const char *source, *answer;
};

static int
raise_keyword(void *ctx, const char *key, const char *reason)
{
	struct keyword_hit *k = ctx;

	return alert_raise_one(k->a, &k->g->who, k->g->person_no,
	    k->g->unit_path, key, k->source, reason, k->answer);
}

/* The alerts one person's answers call for. */
static int
raise_gathered(struct campaign_raise *cr, struct gathered *g)
{
	struct raiser *a = &cr->a;
	const struct alert_policy *p = a->router.policy;
	int rc, color = g->color;
	char card[16];
	const char *key;

	if ((rc = card_set_by_hand(cr, g, &color)) != 0)
		return rc;
	key = alert_key(p, color, g->has_critical, card);
	if (key == card) {
		char *reason = xasprintf("%s%s%s", card_color_zh(color),
		    g->reasons.len ? ": " : "", buf_str(&g->reasons));
		rc = alert_raise_one(a, &g->who, g->person_no, g->unit_path,
		    key, cr->source, reason, g->critical.len ?
		    buf_str(&g->critical) : NULL);
		free(reason);
	} else if (key != NULL)
		rc = alert_raise_one(a, &g->who, g->person_no, g->unit_path,
		    key, cr->source, "关键条目需跟进", buf_str(&g->critical));
	for (size_t i = 0; rc == 0 && i < g->nraw; i++) {
		struct keyword_hit k = { a, g, cr->source, g->raw[i] };
		rc = alert_each_keyword(p, g->raw[i], raise_keyword, &k);
	}
	return rc;
}

/* The statement of the latest answers, a person at a time: with one
 * instrument a person has one (read as stored, no index walk).  The
 * rows an import held of people on the roster are a person's answers
 * too, even when a later answer resolved them (a harmless one after a
 * critical one must not silence it). */
static int
answers_statement(struct campaign_raise *cr, sqlite3_stmt **out)
{
	sqlite3_stmt *st = db_prepare(cr->db, sql_alert_campaign_instruments);
	long long instruments = 0, held = 0;
	int rc;

	sqlite3_bind_int64(st, 1, cr->campaign);
	rc = db_int(cr->db, st, &instruments);
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	st = db_prepare(cr->db, sql_alert_campaign_has_held);
	sqlite3_bind_int64(st, 1, cr->campaign);
	rc = db_int(cr->db, st, &held);
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	*out = db_prepare(cr->db, held ? sql_alert_campaign_answers_and_held :
	    instruments > 1 ? sql_alert_campaign_answers_by_person :
	    sql_alert_campaign_answers);
	sqlite3_bind_int64(*out, 1, cr->campaign);
	return 0;
}

/* Each person's answers: one alert for all of them, at the highest card
 * unless a counsellor set it afterwards. */
static int
raise_answers(struct campaign_raise *cr)
{
	struct gathered g;
	sqlite3_stmt *st;
	int rc, more = 1;

	if ((rc = answers_statement(cr, &st)) != 0)
		return rc;
	memset(&g, 0, sizeof(g));
	while (rc == 0 && more) {
		/* a read that fails midway is an error, not the last row:
		 * the people after it would be passed over in silence */
		more = db_row(cr->db, st, &rc);
		if (rc == 0 && g.who.person != 0 && (!more ||
		    sqlite3_column_int64(st, 0) != g.who.person)) {
			rc = raise_gathered(cr, &g);
			gathered_reset(&g);
		}
		if (rc == 0 && more)
			gathered_add(&g, st);
	}
	sqlite3_finalize(st);
	gathered_free(&g);
	return rc;
}

/* A held row from someone not on the roster, as its alerts say it. */
struct held_row {
	struct raiser *a;
	struct who w;
	long long campaign;
	const char *source;
	char *who;		/* who wrote it, as a reason begins */
	char *cells;		/* its cells, by which the counsellor finds who */
};

static int
raise_held_keyword(void *ctx, const char *key, const char *why)
{
	struct held_row *h = ctx;
	char *reason = xasprintf("%s: %s", h->who, why);
	int rc = alert_raise_each_school(h->a, &h->w, h->campaign, key,
	    h->source, reason, h->cells);

	free(reason);
	return rc;
}

/* The alerts a held row from someone not on the roster calls for: its
 * positive critical answers, its card and its keyword hits, as a
 * response's would, to each school's counsellor, with the row's cells,
 * by which the counsellor finds who it is. */
static int
raise_held(struct campaign_raise *cr, sqlite3_stmt *st)
{
	const struct alert_policy *p = cr->a.router.policy;
	const char *raw = db_column_text(st, 6), *key;
	struct held_row h = { &cr->a, { 0, "student", 0, 0,
	    db_column_text(st, 2), sqlite3_column_int64(st, 0) },
	    cr->campaign, cr->source, NULL, NULL };
	char card[16];
	int color = CARD_NONE, rc = 0;

	h.cells = xasprintf("%s%s%s (%s) | %s", db_column_text(st, 5),
	    sqlite3_column_type(st, 5) != SQLITE_NULL ? " | " : "",
	    db_column_text(st, 7), db_column_text(st, 12), raw);
	h.who = *h.w.respondent ? xasprintf("不在名册的作答者 %s",
	    h.w.respondent) : xasprintf("无学号的作答者 (%s)",
	    db_column_text(st, 12));
	if (card_color_parse(db_column_text(st, 3), &color) != 0)
		color = CARD_NONE;
	key = alert_key(p, color, sqlite3_column_type(st, 13) != SQLITE_NULL,
	    card);
	if (key != NULL) {
		char *reason = key == card ? xasprintf("%s: %s: %s", h.who,
		    card_color_zh(color), db_column_text(st, 4)) :
		    xasprintf("%s: 关键条目需跟进", h.who);
		rc = alert_raise_each_school(&cr->a, &h.w, cr->campaign, key,
		    cr->source, reason, h.cells);
		free(reason);
	}
	if (rc == 0)
		rc = alert_each_keyword(p, raw, raise_held_keyword, &h);
	free(h.who);
	free(h.cells);
	return rc;
}

/* The rows an import held of someone not on the roster: each its own
 * alert, even when resolved (what was raised is not raised again). */
static int
raise_held_rows(struct campaign_raise *cr)
{
	sqlite3_stmt *st = db_prepare(cr->db, sql_alert_campaign_held_unknown);
	int rc = 0;

	sqlite3_bind_int64(st, 1, cr->campaign);
	while (rc == 0 && db_row(cr->db, st, &rc))
		rc = raise_held(cr, st);
	sqlite3_finalize(st);
	return rc;
}

/* The statement of a card set by hand, or NULL when the campaign has
 * none. */
static int
manual_cards(struct campaign_raise *cr)
{
	sqlite3_stmt *st = db_prepare(cr->db, sql_alert_campaign_has_card_set);
	long long any = 0;
	int rc;

	sqlite3_bind_int64(st, 1, cr->campaign);
	rc = db_int(cr->db, st, &any);
	sqlite3_finalize(st);
	if (rc == 0 && any)
		cr->manual = db_prepare(cr->db, sql_alert_campaign_card_set);
	return rc;
}

/* The campaign's id: 0, or EX_DATAERR after a message, or a code. */
static int
campaign_id(sqlite3 *db, const char *code, long long *id)
{
	int rc = db_id_of(db, sql_alert_campaign_id, code, id);

	if (rc == DB_NONE) {
		warnx("no campaign '%s' (see ph-screen campaign list)", code);
		return EX_DATAERR;
	}
	return rc;
}

int
alert_raise_campaign(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *code)
{
	struct campaign_raise cr;
	int rc, wal;

	memset(&cr, 0, sizeof(cr));
	cr.db = db;
	cr.code = code;
	if ((rc = campaign_id(db, code, &cr.campaign)) != 0)
		return rc;
	/* a campaign's alerts add pages: see db_bulk_journal */
	if ((rc = db_bulk_journal(db)) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0) {
		(void)db_wal_journal(db);
		return rc;
	}
	cr.source = xasprintf("campaign:%s", code);
	rc = alert_raiser_init(&cr.a, db, c, p, cr.source);
	if (rc == 0)
		rc = manual_cards(&cr);
	if (rc == 0)
		rc = raise_answers(&cr);
	sqlite3_finalize(cr.manual);
	if (rc == 0)
		rc = raise_held_rows(&cr);
	free(cr.source);
	rc = alert_raise_finish(db, c, &cr.a, rc, code);
	wal = db_wal_journal(db);
	return rc ? rc : wal;
}
