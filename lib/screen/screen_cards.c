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
#include "people.h"
#include "policy.h"
#include "queries.h"
#include "rows.h"
#include "xalloc.h"

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
	    "reasons", "critical", "by", "at", "instruments" };
	static const char *const scols[] = { "unit", "kind", "screened", "red",
	    "yellow", "blue", "none" };
	char *path = NULL;
	long long id;
	int rc, want = -1;
	sqlite3_stmt *st;

	if (color != NULL && card_color_parse(color, &want) != 0) {
		warnx("--color '%s': expected red, yellow, blue or none", color);
		return EX_USAGE;
	}
	if ((id = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	if (summary)
		return cards_summary(c, db, id, path, scols);
	st = db_prepare(db, sql_screen_cards_list);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text_or_null(st, 2, path);
	db_bind_text_or_null(st, 3, want >= 0 ? card_color_name(want) : NULL);
	rc = rows_print(db, c, st, 9, cols);
	free(path);
	return rc;
}

/* The campaign a card set is for: --campaign, else the last one the
 * person answered, else none (0).  0, or a code after a message. */
static int
card_campaign(sqlite3 *db, const char *code, long long person,
    long long *campaign)
{
	sqlite3_stmt *st;
	int rc;

	*campaign = 0;
	if (code != NULL)
		return (*campaign = screen_campaign_id(db, code)) == 0 ?
		    EX_DATAERR : 0;
	st = db_prepare(db, sql_screen_cards_last_campaign);
	sqlite3_bind_int64(st, 1, person);
	rc = db_int_once(db, st, campaign);
	return rc == DB_NONE ? 0 : rc;
}

/* Whose card, in which campaign (0: none). */
struct card_of {
	const char *person_no;
	long long person, campaign;
};

/* Binds the person and the campaign at 1 and 2. */
static void
bind_card(sqlite3_stmt *st, const struct card_of *k)
{
	sqlite3_bind_int64(st, 1, k->person);
	if (k->campaign != 0)
		sqlite3_bind_int64(st, 2, k->campaign);
}

/* The card set, and in the audit trail its colour before, after, and
 * why. */
static int
set_card(sqlite3 *db, const struct cli *c, const struct card_of *k,
    const char *color, const struct card_set_opts *o)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_cards_color);
	char *before = NULL, *code = NULL, *detail;
	int rc;

	bind_card(st, k);
	rc = db_text(db, st, &before);
	sqlite3_finalize(st);
	if (rc != 0 && rc != DB_NONE)
		return rc;
	st = db_prepare(db, sql_screen_cards_set);
	bind_card(st, k);
	sqlite3_bind_text(st, 3, color, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, o->by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	if (rc == 0) {
		st = db_prepare(db, sql_screen_cards_campaign_code);
		sqlite3_bind_int64(st, 1, k->campaign);
		rc = db_text(db, st, &code);
		sqlite3_finalize(st);
	}
	if (rc == 0) {
		detail = xasprintf("%s: %s -> %s by %s: %s", code,
		    before ? before : "no card", color, o->by, o->reason);
		rc = audit_once(db, c->now, c->actor, "card.set",
		    k->person_no, detail);
		free(detail);
	}
	free(code);
	free(before);
	return rc;
}

int
screen_card_set(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct card_set_opts *o)
{
	static const char *const cols[] = { "id", "campaign", "card",
	    "reasons", "by" };
	struct card_of k = { person_no, 0, 0 };
	sqlite3_stmt *st;
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
	if ((rc = people_id(db, person_no, &k.person)) == 0 &&
	    (rc = card_campaign(db, o->campaign, k.person, &k.campaign)) == 0)
		rc = set_card(db, c, &k, card_color_name(color), o);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	st = db_prepare(db, sql_screen_cards_card);
	bind_card(st, &k);
	return rows_print(db, c, st, 5, cols);
}
