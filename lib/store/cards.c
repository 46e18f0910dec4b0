/*
 * Cards given at import: see cards.h.
 */
#include "cards.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "norm.h"
#include "queries.h"
#include "xalloc.h"

struct person_flags {
	long long person;
	unsigned mask;
};

struct campaign_code {
	long long id;
	char *code;
};

struct card_context {
	sqlite3 *db;
	const struct policy *policy;
	char *campaign_code;
	struct person_flags *flags;
	size_t nflags;
	/* the card each person holds at or above the sticky colour, by
	 * person id, and where from (an index into codes): a byte and an
	 * int a person, not a record, since a million may hold one */
	unsigned char *held;
	unsigned *held_from;
	size_t nheld;
	struct campaign_code *codes;
	size_t ncodes;
	/* who got a card at or above the sticky colour in this import */
	unsigned char *here;
	size_t nhere;
	/* why a kept card was given: its last giving, looked up when a
	 * harmless answer keeps it (rare), not held for a million people */
	sqlite3_stmt *why;
	struct buf scratch;
	/* re-scoring this campaign (0: an import): why each person was
	 * given the colour in here by their answers, as it was given */
	long long rescoring;
	char **here_why;
	size_t nhere_why;
};

/* "CODE: reasons; critical answers" */
static char *
why_given(const char *code, const char *reasons, const char *answers)
{
	return xasprintf("%s%s%s%s%s", code, reasons || answers ? ": " : "",
	    reasons ? reasons : "", reasons && answers ? "; " : "",
	    answers ? answers : "");
}

/* Grows a byte array indexed by person id to hold id. */
static void
grow_bytes(unsigned char **a, size_t *n, size_t id)
{
	if (id < *n)
		return;
	{
		size_t m = id + 1 + id / 2;
		*a = xrealloc(*a, m);
		memset(*a + *n, 0, m - *n);
		*n = m;
	}
}

static int
load_flags(sqlite3 *db, struct card_context *cc)
{
	sqlite3_stmt *st = db_prepare(db, sql_cards_open_flags);
	size_t cap = 0;
	int rc;

	while (db_row(db, st, &rc)) {
		long long person = sqlite3_column_int64(st, 0);
		int flag;
		char *why = NULL;

		if (norm_flag(db_column_text(st, 1), &flag, &why) != 0) {
			/* a flag this version does not know counts as one */
			free(why);
			flag = -1;
		}
		if (cc->nflags == 0 || cc->flags[cc->nflags - 1].person != person) {
			cc->flags = xgrow(cc->flags, &cap, cc->nflags + 1,
			    sizeof(*cc->flags));
			cc->flags[cc->nflags].person = person;
			cc->flags[cc->nflags++].mask = 0;
		}
		cc->flags[cc->nflags - 1].mask |= flag >= 0 ? 1u << flag :
		    cc->policy->flag_mask;
	}
	sqlite3_finalize(st);
	return rc;
}

static void
hold(struct card_context *cc, long long person, const char *color,
    long long campaign)
{
	size_t id = (size_t)person, old = cc->nheld, from = 0;
	int c;

	if (color == NULL || card_color_parse(color, &c) != 0 ||
	    c < cc->policy->sticky)
		c = CARD_NONE;
	if (c == CARD_NONE && id >= cc->nheld)
		return;
	grow_bytes(&cc->held, &cc->nheld, id);
	if (cc->nheld > old) {
		cc->held_from = xrealloc(cc->held_from, cc->nheld *
		    sizeof(*cc->held_from));
		memset(cc->held_from + old, 0, (cc->nheld - old) *
		    sizeof(*cc->held_from));
	}
	while (from < cc->ncodes && cc->codes[from].id != campaign)
		from++;
	cc->held[id] = (unsigned char)c;
	cc->held_from[id] = (unsigned)from;	/* ncodes: no campaign */
}

/* Whether the card in column 1 of st raises what its person (column 0)
 * holds to a colour that stays. */
static int
raises(const struct card_context *cc, sqlite3_stmt *st)
{
	size_t id = (size_t)sqlite3_column_int64(st, 0);
	int c;

	return card_color_parse(db_column_text(st, 1), &c) == 0 &&
	    c >= cc->policy->sticky && (id >= cc->nheld || cc->held[id] < c);
}

/* Holds the card of each row of sql (person, card, campaign), or with
 * raise_only only the cards that raise what a person holds; a re-score's
 * queries are given its campaign. */
static int
hold_rows(sqlite3 *db, struct card_context *cc, const char *sql,
    int raise_only)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (cc->rescoring != 0)
		sqlite3_bind_int64(st, 1, cc->rescoring);
	while (db_row(db, st, &rc))
		if (!raise_only || raises(cc, st))
			hold(cc, sqlite3_column_int64(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	return rc;
}

/* A person's card is their last card event: a response's card or a card
 * set by hand, ordered by when each happened (a card set comes after the
 * responses imported before it); then the cards held rows call for.
 * Read in person order through the response index, without sorting a
 * million rows. */
static int
load_held(sqlite3 *db, struct card_context *cc)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (cc->policy->sticky == CARD_NONE)
		return 0;
	st = db_prepare(db, sql_cards_campaign_codes);
	while (db_row(db, st, &rc)) {
		cc->codes = xgrow(cc->codes, &cap, cc->ncodes + 1,
		    sizeof(*cc->codes));
		cc->codes[cc->ncodes].id = sqlite3_column_int64(st, 0);
		cc->codes[cc->ncodes++].code = xstrdup(db_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = hold_rows(db, cc, cc->rescoring ?
		    sql_cards_rescore_last_answers : sql_cards_last_answers, 0);
	if (rc == 0)
		rc = hold_rows(db, cc, cc->rescoring ?
		    sql_cards_rescore_set_before : sql_cards_set_after_answers,
		    0);
	if (rc == 0)
		rc = hold_rows(db, cc, cc->rescoring ?
		    sql_cards_rescore_held_rows : sql_cards_held_rows, 1);
	return rc;
}

/* Why person was given the colour a harmless answer keeps:
 * "CODE: reasons; answers" (malloc'd), or NULL. */
static char *
why_kept(struct card_context *cc, long long person, int color)
{
	char *kept = xasprintf("%%%s保留 (%%", card_color_zh(color));
	char *why = NULL;
	int rc;

	/* given earlier in this re-score: its answers as given now */
	if ((size_t)person < cc->nhere_why && cc->here_why[person] != NULL &&
	    (size_t)person < cc->nhere && cc->here[person] == color) {
		free(kept);
		return xstrdup(cc->here_why[person]);
	}
	sqlite3_bind_int64(cc->why, 1, person);
	sqlite3_bind_text(cc->why, 2, card_color_name(color), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(cc->why, 3, kept, -1, SQLITE_STATIC);
	/* none (or, after a message, none to be read): the card says less */
	if (db_row(cc->db, cc->why, &rc)) {
		why = why_given(db_column_text(cc->why, 0),
		    (const char *)sqlite3_column_text(cc->why, 1),
		    (const char *)sqlite3_column_text(cc->why, 2));
		sqlite3_reset(cc->why);
	}
	free(kept);
	return why;
}

static struct card_context *
begin(sqlite3 *db, const struct policy *p, const char *campaign_code,
    long long rescoring)
{
	struct card_context *cc = xcalloc(1, sizeof(*cc));

	cc->db = db;
	cc->policy = p;
	cc->rescoring = rescoring;
	cc->campaign_code = xstrdup(campaign_code);
	cc->why = db_prepare(db, sql_cards_why_given);
	if (rescoring != 0)
		sqlite3_bind_int64(cc->why, 4, rescoring);
	/* the database said what failed */
	if (load_flags(db, cc) != 0 || load_held(db, cc) != 0) {
		cards_end(cc);
		return NULL;
	}
	return cc;
}

struct card_context *
cards_begin(sqlite3 *db, const struct policy *p, const char *campaign_code)
{
	return begin(db, p, campaign_code, 0);
}

struct card_context *
cards_begin_rescore(sqlite3 *db, const struct policy *p,
    const char *campaign_code, long long campaign)
{
	return begin(db, p, campaign_code, campaign);
}

/* In a re-score, why person was given color by their own answers, for
 * a later answer that keeps it. */
static void
remember_why(struct card_context *cc, long long person,
    const struct score_result *s, const struct buf *reasons)
{
	size_t id = (size_t)person, old = cc->nhere_why;

	if (id >= cc->nhere_why) {
		cc->nhere_why = id + 1 + id / 2;
		cc->here_why = xrealloc(cc->here_why, cc->nhere_why *
		    sizeof(*cc->here_why));
		memset(cc->here_why + old, 0, (cc->nhere_why - old) *
		    sizeof(*cc->here_why));
	}
	free(cc->here_why[id]);
	cc->here_why[id] = why_given(cc->campaign_code, reasons->len ?
	    buf_str(reasons) : NULL, s->critical_note);
}

static int
by_person(const void *key, const void *elem)
{
	long long a = *(const long long *)key, b = *(const long long *)elem;

	return (a > b) - (a < b);
}

int
cards_answers(const struct policy *p, const struct instrument *in,
    const struct score_result *s, int words, const char *words_why,
    struct buf *reasons)
{
	int color;

	buf_reset(reasons);
	color = policy_response_color(p, in, s, reasons);
	/* "不想活了" in a free-text answer is a reason like a score */
	if (words > color) {
		buf_reset(reasons);
		color = words;
	}
	if (words != CARD_NONE && words == color && words_why != NULL &&
	    *words_why != '\0') {
		if (reasons->len)
			buf_puts(reasons, "; ");
		buf_puts(reasons, words_why);
	}
	return color;
}

int
cards_give(struct card_context *cc, const struct instrument *in,
    const struct score_result *s, long long person, int words,
    const char *words_why, struct buf *reasons)
{
	const struct person_flags *f;
	int color, held = CARD_NONE;
	char *where = NULL;
	size_t id = (size_t)person;

	color = cards_answers(cc->policy, in, s, words, words_why, reasons);
	f = cc->nflags ? bsearch(&person, cc->flags, cc->nflags,
	    sizeof(*cc->flags), by_person) : NULL;
	if (id < cc->nheld && cc->held[id] != CARD_NONE)
		held = cc->held[id];
	/* a card given earlier in this very import (a second submission) */
	if (id < cc->nhere && cc->here[id] > held)
		held = cc->here[id];
	buf_reset(&cc->scratch);
	if (held != CARD_NONE && held >= cc->policy->sticky &&
	    held > policy_adjust(cc->policy, color, f ? f->mask : 0,
	    CARD_NONE, NULL, &cc->scratch))
		where = why_kept(cc, person, held);
	color = policy_adjust(cc->policy, color, f ? f->mask : 0, held, where,
	    reasons);
	if (cc->rescoring != 0 && where == NULL && color >= cc->policy->sticky &&
	    cc->policy->sticky != CARD_NONE)
		remember_why(cc, person, s, reasons);
	free(where);
	if (cc->policy->sticky != CARD_NONE && color >= cc->policy->sticky) {
		grow_bytes(&cc->here, &cc->nhere, id);
		cc->here[id] = (unsigned char)color;
	}
	return color;
}

void
cards_held(struct card_context *cc, long long person, int color)
{
	size_t id = (size_t)person;

	if (cc->policy->sticky == CARD_NONE || color < cc->policy->sticky)
		return;
	grow_bytes(&cc->here, &cc->nhere, id);
	if (cc->here[id] < color)
		cc->here[id] = (unsigned char)color;
}

void
cards_end(struct card_context *cc)
{
	if (cc == NULL)
		return;
	for (size_t i = 0; i < cc->ncodes; i++)
		free(cc->codes[i].code);
	for (size_t i = 0; i < cc->nhere_why; i++)
		free(cc->here_why[i]);
	free(cc->here_why);
	FREE_ALL(cc->codes, cc->held, cc->held_from, cc->flags, cc->here);
	sqlite3_finalize(cc->why);
	buf_free(&cc->scratch);
	free(cc->campaign_code);
	free(cc);
}
