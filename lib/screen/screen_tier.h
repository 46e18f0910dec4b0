/*
 * Tiered screening (ph-screen(1) campaign create --after) and the card
 * rules that read more than one response of a person (ph-policy(5)
 * cards.rules with 'all', tiers.supersede).
 */
#ifndef PH_SCREEN_TIER_H
#define PH_SCREEN_TIER_H
#include <sqlite3.h>

#include "cli.h"

struct tier_opts {
	const char *code, *after, *when, *instrument;
	char from[11], to[11];	/* "" when not given */
};

/* campaign create CODE --after C --when COND [--instrument I]
 * [--from D] [--to D]: makes, or extends, the follow-on campaign. */
int screen_tier_create(sqlite3 *db, const struct cli *c,
    const struct tier_opts *o);

struct policy;

/*
 * After the rows of an imported file (id file) are stored, within its
 * transaction, for each person it gave a latest answer for: the card
 * rules on a person's answers together ('all'), and, in a follow-on
 * campaign whose policy says tiers.supersede, the person's card in the
 * campaign it follows.  0 or a code after a message.
 */
int screen_tier_file(sqlite3 *db, const struct cli *c,
    const struct policy *p, long long campaign, long long file);

#endif
