/*
 * Giving cards as answers are imported: the policy's colour for each
 * response, raised for special groups and kept at a colour a person
 * already holds (a red card stays until a counsellor changes it).
 */
#ifndef PH_CARDS_H
#define PH_CARDS_H
#include <sqlite3.h>

#include "buf.h"
#include "instrument.h"
#include "policy.h"
#include "score.h"

struct card_context;

/*
 * Reads what an import into campaign needs to know beforehand: every
 * open special-group flag and every card held at or above the policy's
 * sticky colour.  NULL after a message when the database fails.
 */
struct card_context *cards_begin(sqlite3 *db, const struct policy *p,
    const char *campaign_code);
/*
 * The same for giving the answers of campaign (its id) their cards again
 * (ph-screen rescore): what a person holds into it is their last card
 * event before their first answer to it, not its own answers' cards;
 * then, as in an import, a card given to an answer is held into the
 * person's later answers, given in the order they came.
 */
struct card_context *cards_begin_rescore(sqlite3 *db, const struct policy *p,
    const char *campaign_code, long long campaign);
/* The card of one response of person; its reasons replace *reasons.
 * words is the colour the keyword rules give its free text (CARD_NONE
 * when none), for the reasons in words_why. */
int cards_give(struct card_context *cc, const struct instrument *in,
    const struct score_result *s, long long person, int words,
    const char *words_why, struct buf *reasons);
/* The colour the rules and the keyword hits give a response alone (no
 * special groups, no card held), as a held row's readable answers call
 * for; the reasons replace *reasons. */
int cards_answers(const struct policy *p, const struct instrument *in,
    const struct score_result *s, int words, const char *words_why,
    struct buf *reasons);
/* A held row of person whose readable answers call for color: a card
 * at or above the sticky colour is kept through a later harmless answer
 * in this import, as one a response gave. */
void cards_held(struct card_context *cc, long long person, int color);
void cards_end(struct card_context *cc);

#endif
