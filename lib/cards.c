/*
 * Cards given at import: see cards.h.
 */
#include "cards.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "norm.h"
#include "xalloc.h"

struct person_flags {
	long long person;
	unsigned mask;
};

struct held_card {
	long long person;
	int color;
	char *where;		/* the campaign it came from, or "card set" */
};

struct card_context {
	const struct policy *policy;
	char *campaign_code;
	struct person_flags *flags;
	size_t nflags;
	struct held_card *held;
	size_t nheld;
	/* who got a card at or above the sticky colour in this import, and
	 * which colour: a bit pair per person would do, a byte is simpler */
	unsigned char *here;
	size_t nhere;
};

static int
load_flags(sqlite3 *db, struct card_context *cc)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT person_id, flag FROM "
	    "person_flag WHERE until IS NULL ORDER BY person_id");
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A person's card is their last card event: a response's card or a card
 * set by hand, ordered by when each happened (a card set comes after the
 * responses imported before it). */
static int
load_held(sqlite3 *db, struct card_context *cc)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (cc->policy->sticky == CARD_NONE)
		return 0;
	st = db_prepare(db, "WITH ev(person, k, color, campaign) AS ("
	    " SELECT person_id, id * 2, card, campaign_id FROM response"
	    "  WHERE card IS NOT NULL"
	    " UNION ALL SELECT person_id, after_response * 2 + 1, color,"
	    "  campaign_id FROM card_set),"
	    " last AS (SELECT person, color, campaign, max(k) FROM ev"
	    "  GROUP BY person)"
	    " SELECT l.person, l.color, coalesce(c.code, 'card set') FROM last l"
	    " LEFT JOIN campaign c ON c.id = l.campaign"
	    " WHERE l.color <> 'none' ORDER BY l.person");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int color;

		if (card_color_parse(db_column_text(st, 1), &color) != 0 ||
		    color < cc->policy->sticky)
			continue;
		cc->held = xgrow(cc->held, &cap, cc->nheld + 1,
		    sizeof(*cc->held));
		cc->held[cc->nheld].person = sqlite3_column_int64(st, 0);
		cc->held[cc->nheld].color = color;
		cc->held[cc->nheld++].where = xstrdup(db_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct card_context *
cards_begin(sqlite3 *db, const struct policy *p, const char *campaign_code)
{
	struct card_context *cc = xcalloc(1, sizeof(*cc));

	cc->policy = p;
	cc->campaign_code = xstrdup(campaign_code);
	if (load_flags(db, cc) != 0 || load_held(db, cc) != 0) {
		warnx("cards: %s", sqlite3_errmsg(db));
		cards_end(cc);
		return NULL;
	}
	return cc;
}

static int
by_person(const void *key, const void *elem)
{
	long long a = *(const long long *)key, b = *(const long long *)elem;

	return (a > b) - (a < b);
}

int
cards_give(struct card_context *cc, const struct instrument *in,
    const struct score_result *s, long long person, struct buf *reasons)
{
	const struct person_flags *f;
	const struct held_card *h;
	int color, held = CARD_NONE;
	const char *where = NULL;
	size_t byte = (size_t)person;

	buf_reset(reasons);
	color = policy_response_color(cc->policy, in, s, reasons);
	f = cc->nflags ? bsearch(&person, cc->flags, cc->nflags,
	    sizeof(*cc->flags), by_person) : NULL;
	h = cc->nheld ? bsearch(&person, cc->held, cc->nheld,
	    sizeof(*cc->held), by_person) : NULL;
	if (h != NULL) {
		held = h->color;
		where = h->where;
	}
	/* a card given earlier in this very import (a second submission) */
	if (byte < cc->nhere && cc->here[byte] > held) {
		held = cc->here[byte];
		where = cc->campaign_code;
	}
	color = policy_adjust(cc->policy, color, f ? f->mask : 0, held, where,
	    reasons);
	if (cc->policy->sticky != CARD_NONE && color >= cc->policy->sticky) {
		if (byte >= cc->nhere) {
			size_t n = byte + 1 + byte / 2;
			cc->here = xrealloc(cc->here, n);
			memset(cc->here + cc->nhere, 0, n - cc->nhere);
			cc->nhere = n;
		}
		cc->here[byte] = (unsigned char)color;
	}
	return color;
}

void
cards_end(struct card_context *cc)
{
	if (cc == NULL)
		return;
	for (size_t i = 0; i < cc->nheld; i++)
		free(cc->held[i].where);
	free(cc->held);
	free(cc->flags);
	free(cc->here);
	free(cc->campaign_code);
	free(cc);
}

struct policy *
cards_policy(const char *given)
{
	char *path = policy_find(given), *why = NULL;
	struct policy *p;

	if (path == NULL) {
		warnx("no policy: give --policy FILE or set PH_POLICY "
		    "(see ph-policy(5))");
		return NULL;
	}
	if ((p = policy_load(path, &why)) == NULL) {
		fprintf(stderr, "%s\n", why);
		free(why);
	}
	free(path);
	return p;
}
