/*
 * ph-screen cards and card set: the red, yellow and blue cards of a
 * campaign, and a counsellor's own judgement over the policy's.
 */
#include "screen.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "counts.h"
#include "db.h"
#include "io.h"
#include "rec.h"
#include "intake.h"
#include "policy.h"
#include "rows.h"
#include "units.h"
#include "xalloc.h"

/* Orders colours as concern does: red first. */
#define COLOR_RANK(col) "CASE " col " WHEN 'red' THEN 3 WHEN 'yellow' " \
	"THEN 2 WHEN 'blue' THEN 1 ELSE 0 END"

/* Counts per unit; frees path. */
static int
cards_summary(const struct cli *c, sqlite3 *db, long long id, char *path,
    const char *const *cols)
{
	struct counts k;
	struct rec_writer *w;
	int rc = counts_cards(db, id, path, NULL, &k), out = 0;

	free(path);
	if (rc != 0)
		return rc;
	w = io_writer(c, 7, cols);
	for (size_t i = 0; i < k.n; i++) {
		char num[5][24];
		const char *v[7] = { k.rows[i].path, k.rows[i].kind, num[0],
		    num[1], num[2], num[3], num[4] };

		for (int j = 0; j < 5; j++)
			snprintf(num[j], sizeof(num[j]), "%lld", k.rows[i].v[j]);
		if (rec_write(w, v) != 0)
			out = 1;
	}
	counts_free(&k);
	if (io_writer_close(w) != 0)
		out = 1;
	return out ? EX_IOERR : 0;
}

int
screen_cards(sqlite3 *db, const struct cli *c, const char *code,
    const char *color, const char *unit, int summary)
{
	static const char *const cols[] = { "unit", "id", "name", "card",
	    "reasons", "critical", "by", "at" };
	static const char *const scols[] = { "unit", "kind", "screened", "red",
	    "yellow", "blue", "none" };
	char *path = NULL, *sql;
	long long id;
	int rc, want = -1;
	sqlite3_stmt *st;

	if (color != NULL && card_color_parse(color, &want) != 0) {
		warnx("--color '%s': expected red, yellow, blue or none", color);
		return EX_USAGE;
	}
	if ((id = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	if (summary)
		return cards_summary(c, db, id, path, scols);
	sql = xasprintf("WITH %s SELECT u.path, p.person_no, p.name,"
	    " card.color, card.reasons, card.critical,"
	    " coalesce(card.set_by, 'policy'),"
	    " datetime(card.at, 'unixepoch', 'localtime')"
	    " FROM card JOIN person p ON p.id = card.person_id"
	    " JOIN unit u ON u.id = p.unit_id JOIN tree t ON t.id = u.id"
	    " WHERE card.campaign_id = ?1 AND (?3 IS NULL OR"
	    " card.color = ?3) AND (?2 IS NULL OR u.path = ?2 OR"
	    " substr(u.path, 1, length(?2) + 1) = ?2 || '/')"
	    " ORDER BY " COLOR_RANK("card.color") " DESC, t.sortkey,"
	    " p.person_no", units_order_cte);
	st = db_prepare(db, sql);
	free(sql);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text_or_null(st, 2, path);
	db_bind_text_or_null(st, 3, want >= 0 ? card_color_name(want) : NULL);
	rc = rows_print(db, c, st, 8, cols);
	free(path);
	return rc;
}

/* The campaign a card set without --campaign belongs to: the last one
 * the person answered, else none. */
static long long
default_campaign(sqlite3 *db, long long person)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT c.id FROM response r "
	    "JOIN campaign c ON c.id = r.campaign_id WHERE r.person_id = ? "
	    "ORDER BY c.date_from DESC, c.id DESC LIMIT 1");
	long long id = 0;

	sqlite3_bind_int64(st, 1, person);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int
screen_card_set(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct card_set_opts *o)
{
	sqlite3_stmt *st = NULL;
	struct audit *audit = NULL;
	long long person = 0, campaign = 0;
	char *before = NULL, *detail;
	int rc, color;

	if (card_color_parse(o->color, &color) != 0) {
		warnx("--color '%s': expected red, yellow, blue or none",
		    o->color);
		return EX_USAGE;
	}
	if (*o->by == '\0' || *o->reason == '\0') {
		warnx("card set: --by and --reason must not be empty");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	person = intake_person_id(db, person_no);
	st = NULL;
	if (person == 0) {
		warnx("no person '%s'", person_no);
		rc = EX_DATAERR;
		goto done;
	}
	if (o->campaign != NULL &&
	    (campaign = screen_campaign_id(db, o->campaign)) == 0) {
		rc = EX_DATAERR;
		goto done;
	}
	if (o->campaign == NULL)
		campaign = default_campaign(db, person);
	st = db_prepare(db, "SELECT color FROM card WHERE person_id = ? AND "
	    "campaign_id IS ?");
	sqlite3_bind_int64(st, 1, person);
	if (campaign != 0)
		sqlite3_bind_int64(st, 2, campaign);
	if (sqlite3_step(st) == SQLITE_ROW)
		before = xstrdup(db_column_text(st, 0));
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT INTO card_set (person_id, campaign_id, "
	    "color, reason, set_by, after_response, set_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, (SELECT coalesce(max(id), 0) FROM response), ?6)");
	sqlite3_bind_int64(st, 1, person);
	if (campaign != 0)
		sqlite3_bind_int64(st, 2, campaign);
	sqlite3_bind_text(st, 3, card_color_name(color), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, o->by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, "card set");
		goto done;
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT coalesce((SELECT code FROM campaign "
	    "WHERE id = ?), 'no campaign')");
	sqlite3_bind_int64(st, 1, campaign);
	detail = xasprintf("%s: %s -> %s by %s: %s",
	    sqlite3_step(st) == SQLITE_ROW ? db_column_text(st, 0) : "?",
	    before ? before : "no card", card_color_name(color), o->by,
	    o->reason);
	audit = audit_new(db, c->now, c->actor);
	rc = audit_append(audit, "card.set", person_no, detail);
	free(detail);
done:
	sqlite3_finalize(st);
	audit_free(audit);
	free(before);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db)) != 0)
		return rc;
	st = db_prepare(db, "SELECT p.person_no, coalesce(c.code, ''), "
	    "card.color, card.reasons, card.set_by FROM card JOIN person p ON "
	    "p.id = card.person_id LEFT JOIN campaign c ON c.id = "
	    "card.campaign_id WHERE card.person_id = ?1 AND card.campaign_id "
	    "IS ?2");
	sqlite3_bind_int64(st, 1, person);
	if (campaign != 0)
		sqlite3_bind_int64(st, 2, campaign);
	{
		static const char *const cols[] = { "id", "campaign", "card",
		    "reasons", "by" };
		return rows_print(db, c, st, 5, cols);
	}
}
