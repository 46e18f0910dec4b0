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
	int force;		/* --force: units outside the instrument's
				 * ages or grades too */
};

/* campaign create CODE --after C --when COND [--instrument I]
 * [--from D] [--to D]: makes, or extends, the follow-on campaign. */
int screen_tier_create(sqlite3 *db, const struct cli *c,
    const struct tier_opts *o);

struct policy;

/* What an import tells of the file it stored. */
struct tier_import {
	long long campaign, file;	/* the file's id (response_file) */
	const char *name;		/* as messages name it */
	long *colors;		/* its responses per card colour, CARD_RED + 1 */
};

/*
 * After the rows of an imported file are stored, within its
 * transaction, for each person it gave a latest answer for: the card
 * rules on a person's answers together ('all'), moving the answers
 * they raise in ti->colors; and, in a follow-on campaign, a warning for
 * an answer from someone it does not cover and, when the policy says
 * tiers.supersede, the person's card in the campaign it follows.  0 or
 * a code after a message.
 */
int screen_tier_file(sqlite3 *db, const struct cli *c,
    const struct policy *p, const struct tier_import *ti);

#endif
