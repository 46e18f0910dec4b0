/*
 * One record of answers scored and given its card, as ph-screen import
 * does it for a row of an export and ph-screen rescore for a response
 * stored from one: the same columns, the same cells, the same card.
 */
#ifndef PH_SCREEN_ROW_H
#define PH_SCREEN_ROW_H

#include <sqlite3.h>

#include "buf.h"
#include "cards.h"
#include "diag.h"
#include "instrument.h"
#include "norms.h"
#include "policy.h"
#include "rec.h"
#include "score.h"
#include "validity.h"

struct screen_row {
	const struct instrument *in;
	const struct score_options *opts;
	const struct policy *policy;	/* its keyword rules read free text */
	struct card_context *cards;	/* set by the caller before a card */
	/* the person's norm group (screen_row_norm_person), when in has
	 * norms */
	struct norm_person norm;
	struct answer_columns ac;	/* of the file being read */
	/* its columns of free text, read by the keyword rules: not the
	 * id, an item, the submission time or the time taken */
	unsigned char *free_text;
	size_t nfree_text;
	struct validity_plan *validity;	/* the policy's checks of in */
	/* the file's columns of the time taken, and of the time a sheet
	 * was sent (time.end, -1 when none) */
	struct validity_time time;
	struct score_result s;		/* of the record being read */
	int words;		/* the colour the keyword rules give its text */
	struct buf words_why;	/* the keyword hits' reasons */
	struct buf reasons;	/* its card's reasons */
	struct buf scores;	/* its scores as stored (score_json) */
	struct buf cells;
};

void screen_row_init(struct screen_row *sr, const struct instrument *in,
    const struct score_options *o, const struct policy *p);
void screen_row_free(struct screen_row *sr);
/* Maps a file's header (score_map_columns): 0, or -1 after errors in d. */
int screen_row_map(struct screen_row *sr, const struct rec_reader *r,
    struct diag *d);
/* The record's fields: the header's columns, or more when a record
 * brought more. */
size_t screen_row_fields(const struct rec_reader *r);
/* The norm group of person in campaign, by sex and age on its first day
 * (or grade) as the roster has them, into sr->norm (st: the named query
 * screen_import_norm_person).  0 or a code after a message. */
int screen_row_norm_person(struct screen_row *sr, sqlite3 *db,
    sqlite3_stmt *st, long long campaign, long long person);
/*
 * Scores the record's answers into sr->s and reads its free text
 * (sr->words, sr->words_why).  The cells that cannot be read, a row with
 * no answer and fault (the record's own, or NULL) are added to why
 * ("; "-joined).  When why stays empty, the person's card: its colour,
 * with its reasons in sr->reasons and the scores in sr->scores; else -1
 * (a row to hold: nothing given).
 */
int screen_row_card(struct screen_row *sr, const struct rec_reader *r,
    const char *fault, long long person, struct buf *why);

#endif
