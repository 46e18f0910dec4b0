/*
 * One record scored and carded: see screen_row.h.
 */
#include "screen_row.h"

#include <stdlib.h>
#include <string.h>

#include "alert_policy.h"
#include "db.h"
#include "xalloc.h"

void
screen_row_init(struct screen_row *sr, const struct instrument *in,
    const struct score_options *o, const struct policy *p)
{
	memset(sr, 0, sizeof(*sr));
	sr->in = in;
	sr->opts = o;
	sr->policy = p;
	sr->norm.age = sr->norm.grade = -1;
	sr->validity = p != NULL ? validity_plan_new(in, &p->validity) : NULL;
	sr->time.duration = sr->time.start = sr->time.end = -1;
	score_result_init(&sr->s, in);
}

void
screen_row_free(struct screen_row *sr)
{
	if (sr->in == NULL)
		return;
	score_result_free(&sr->s);
	score_columns_free(&sr->ac);
	free(sr->free_text);
	validity_plan_free(sr->validity);
	buf_free(&sr->words_why);
	buf_free(&sr->reasons);
	buf_free(&sr->scores);
	buf_free(&sr->cells);
	sr->in = NULL;
}

/* Marks the columns of free text: neither the id, an item, the time of
 * submission nor the time taken. */
static void
find_free_text(struct screen_row *sr, const struct rec_reader *r)
{
	size_t n = rec_ncolumns(r);

	free(sr->free_text);
	sr->free_text = xcalloc(n ? n : 1, 1);
	sr->nfree_text = n;
	for (size_t i = 0; i < n; i++)
		sr->free_text[i] = (int)i != sr->ac.id &&
		    (int)i != sr->time.end && (int)i != sr->time.duration;
	for (size_t i = 0; i < sr->ac.nitems; i++)
		if (sr->ac.item[i] >= 0)
			sr->free_text[sr->ac.item[i]] = 0;
}

int
screen_row_map(struct screen_row *sr, const struct rec_reader *r,
    struct diag *d)
{
	score_columns_free(&sr->ac);
	if (score_map_columns(sr->in, r, sr->opts, &sr->ac, d) != 0)
		return -1;
	validity_time_columns(r, &sr->time);
	find_free_text(sr, r);
	return 0;
}

size_t
screen_row_fields(const struct rec_reader *r)
{
	size_t n = rec_overflow(r);

	return n > rec_ncolumns(r) ? n : rec_ncolumns(r);
}

/* A cell that could say something in words: a letter or any character
 * past ASCII (numbers, times, addresses say nothing). */
static int
has_words(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

/* The colour the keyword rules give the record's free text, its reasons
 * in sr->words_why. */
static int
free_text_words(struct screen_row *sr, const struct rec_reader *r)
{
	const struct alert_policy *alerts = sr->policy->alerts;
	int color = CARD_NONE;

	buf_reset(&sr->words_why);
	if (alerts == NULL || alerts->nkeywords == 0)
		return CARD_NONE;
	for (size_t i = 0; i < screen_row_fields(r); i++) {
		const char *cell;
		int c;

		/* a column the header had not (a JSONL key first seen
		 * later, a field past the header's) is free text */
		if (i < sr->nfree_text && !sr->free_text[i])
			continue;
		cell = rec_field(r, i);
		if (!has_words(cell))
			continue;
		c = alert_keyword_card(alerts, cell, &sr->words_why);
		if (c > color)
			color = c;
	}
	return color;
}

/* Reads and scores the record's answers into sr->s, adding to why the
 * cells it cannot read, a row with no answer at all, and the record's
 * own fault. */
static void
read_answers(struct screen_row *sr, const struct rec_reader *r,
    const char *fault, struct buf *why)
{
	buf_reset(&sr->cells);
	(void)score_read(sr->in, &sr->ac, sr->opts, r, &sr->s, &sr->cells);
	if (sr->cells.len > 0)
		buf_printf(why, "%s%s", why->len ? "; " : "",
		    buf_str(&sr->cells));
	else if (score_blank(sr->in, &sr->s))
		buf_printf(why, "%sno answers", why->len ? "; " : "");
	if (fault != NULL)
		buf_printf(why, "%s%s", why->len ? "; " : "", fault);
	score_compute(sr->in, &sr->s);
	/* a careless answer sheet is invalid, to be taken again; its
	 * critical answers count all the same */
	if (sr->validity != NULL)
		(void)validity_score(sr->validity,
		    validity_time_taken(r, &sr->time), &sr->s);
}

int
screen_row_norm_person(struct screen_row *sr, sqlite3 *db, sqlite3_stmt *st,
    long long campaign, long long person)
{
	struct norm_person *p = &sr->norm;
	int rc = 0;

	p->sex = 0;
	p->age = p->grade = -1;
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, campaign);
	if (db_row(db, st, &rc)) {
		const char *sex = db_column_text(st, 0);

		p->sex = *sex == 'M' || *sex == 'F' ? *sex : 0;
		p->age = norms_age(db_column_text(st, 1), db_column_text(st, 3));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			p->grade = sqlite3_column_int(st, 2);
		sqlite3_reset(st);
	}
	return rc;
}

int
screen_row_card(struct screen_row *sr, const struct rec_reader *r,
    const char *fault, long long person, struct buf *why)
{
	int color;

	read_answers(sr, r, fault, why);
	sr->words = free_text_words(sr, r);
	if (why->len > 0)
		return -1;
	if (sr->in->norms != NULL)
		score_norm(sr->in, &sr->norm, &sr->s);
	color = cards_give(sr->cards, sr->in, &sr->s, person, sr->words,
	    buf_str(&sr->words_why), &sr->reasons);
	score_json(sr->in, &sr->s, &sr->scores);
	return color;
}
