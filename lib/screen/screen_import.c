/*
 * ph-screen import: the answers of a survey export kept for a campaign,
 * row by row.  A row that cannot be read in full is held with why and
 * what could be read of it (its critical answers, the card its words
 * call for), and the others land, in one transaction per file; a header
 * that cannot be mapped, or numbers that look counted by option
 * position, refuse the file.  ph-screen held lists what was held.
 */
#include "screen.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert_policy.h"
#include "audit.h"
#include "buf.h"
#include "cards.h"
#include "columns.h"
#include "counts.h"
#include "db.h"
#include "diag.h"
#include "instrument.h"
#include "intake.h"
#include "io.h"
#include "norm.h"
#include "rows.h"
#include "score.h"
#include "strmap.h"
#include "xalloc.h"

/* Importing one file: one transaction, rows held, never the file torn. */
struct importer {
	sqlite3 *db;
	const struct cli *cli;
	const struct instrument *in;
	const struct score_options *opts;
	struct policy *policy;
	struct alert_policy *alerts;	/* its keyword rules */
	struct card_context *cards;	/* of the file being imported */
	const char *code;
	long long campaign;
	struct diag diag;	/* of the file being imported */
	sqlite3_stmt *person, *supersede, *insert, *hold, *resolve;
	long long file;		/* response_file of the file being read */
	struct buf raw, scores, reasons, why, cells;
	long rows, imported, resubmitted, held, held_critical, resolved;
	long by_position_hint;	/* rows held for numbers past the values */
	/* per item, the least and greatest whole number its cells held in
	 * this file (-1: none), to tell a file numbered by position */
	long *num_lo, *num_hi;
	/* the person numbers of held rows waiting for this instrument, so
	 * that only their answers look for rows to resolve (a lookup per
	 * answer of a million was a third of an import) */
	struct strmap held_nos;
	long colors[CARD_RED + 1];
	/* Before the first answer to this campaign's instrument nobody can
	 * resubmit but within this import: a bit per person says who has
	 * answered already, instead of asking the database every row. */
	int first;
	unsigned char *answered;
	size_t nanswered;
	/* who the campaign is for, to warn of answers from anyone else
	 * (kept all the same: an answer is never thrown away) */
	char kind[8], from[11], to[11];
	unsigned char *in_scope;	/* by unit id */
	size_t nscope;
	int submitted;			/* the column of the submission time */
	/* the columns of free text, read by the keyword rules: not the
	 * id, an item, or the submission time (per file) */
	unsigned char *free_text;
	size_t nfree_text;
	struct buf words;		/* the keyword hits' reasons */
};

/* Survey platforms' names for the time an answer sheet was sent. */
static const char *const submitted_headers[] = { "提交答卷时间", "提交时间",
    "答卷时间", "填写时间", "完成时间", "submitted", "submittime",
    "submissiontime", "timestamp", "completed", NULL };

static int
submitted_column(const struct rec_reader *r)
{
	for (size_t i = 0; i < rec_ncolumns(r); i++) {
		char *h = columns_fold(rec_column(r, i));
		int found = 0;

		for (size_t k = 0; submitted_headers[k] != NULL && !found; k++)
			found = strcmp(h, submitted_headers[k]) == 0;
		free(h);
		if (found)
			return (int)i;
	}
	return -1;
}

/* Reads who the campaign is for: its kind, dates and units; 0 or a
 * sysexits code. */
static int
load_scope(struct importer *im)
{
	sqlite3_stmt *st = db_prepare(im->db, "SELECT coalesce(kind, ''), "
	    "date_from, date_to FROM campaign WHERE id = ?");

	sqlite3_bind_int64(st, 1, im->campaign);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(im->kind, sizeof(im->kind), "%s", db_column_text(st, 0));
		snprintf(im->from, sizeof(im->from), "%s", db_column_text(st, 1));
		snprintf(im->to, sizeof(im->to), "%s", db_column_text(st, 2));
	}
	sqlite3_finalize(st);
	st = db_prepare(im->db, CAMPAIGN_UNITS);
	sqlite3_bind_int64(st, 1, im->campaign);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t id = (size_t)sqlite3_column_int64(st, 0);
		if (id >= im->nscope) {
			size_t n = id + 1 + id / 2;
			im->in_scope = xrealloc(im->in_scope, n);
			memset(im->in_scope + im->nscope, 0, n - im->nscope);
			im->nscope = n;
		}
		im->in_scope[id] = 1;
	}
	return db_finalize(im->db, st, "campaign units");
}

/* The day of a submission time ("2026-09-02 10:01", "2026/9/2 10:01:00"):
 * 0, or -1 when there is none to read. */
static int
submitted_day(const char *cell, char day[11])
{
	char *text, *cut, *why = NULL;
	int rc;

	/* the ISO form most platforms write, without a copy: a million rows */
	if (strlen(cell) >= 10 && cell[4] == '-' && cell[7] == '-' &&
	    (cell[10] == '\0' || cell[10] == ' ' || cell[10] == 'T')) {
		memcpy(day, cell, 10);
		day[10] = '\0';
		return 0;
	}
	text = xstrdup(cell);
	if ((cut = strpbrk(text, " T")) != NULL)
		*cut = '\0';
	rc = *text != '\0' && norm_date(text, day, &why) == 0 ? 0 : -1;
	free(why);
	free(text);
	return rc;
}

/* Warns of an answer from outside the campaign's people or dates. */
static void
check_scope(struct importer *im, const struct rec_reader *r,
    const struct answer_columns *ac)
{
	const char *kind = db_column_text(im->person, 1);
	const char *status = db_column_text(im->person, 2);
	size_t unit = (size_t)sqlite3_column_int64(im->person, 3);
	const char *id = rec_column(r, (size_t)ac->id);

	if (im->kind[0] != '\0' && strcmp(kind, im->kind) != 0)
		diag_warning(&im->diag, rec_name(r), rec_line(r), id,
		    "%s is %s, the campaign is for %s only (kept)",
		    rec_field(r, (size_t)ac->id), kind,
		    strcmp(im->kind, "student") == 0 ? "students" : im->kind);
	else if (strcmp(status, "active") != 0)
		diag_warning(&im->diag, rec_name(r), rec_line(r), id,
		    "%s is no longer on the active roster (%s; kept)",
		    rec_field(r, (size_t)ac->id), status);
	else if (unit >= im->nscope || !im->in_scope[unit]) {
		sqlite3_stmt *st = db_prepare(im->db, "SELECT path FROM unit "
		    "WHERE id = ?");

		sqlite3_bind_int64(st, 1, (sqlite3_int64)unit);
		diag_warning(&im->diag, rec_name(r), rec_line(r), id,
		    "%s is in %s, outside the campaign's units (kept)",
		    rec_field(r, (size_t)ac->id), sqlite3_step(st) ==
		    SQLITE_ROW ? db_column_text(st, 0) : "no unit");
		sqlite3_finalize(st);
	}
	if (im->submitted >= 0) {
		const char *cell = rec_field(r, (size_t)im->submitted);
		char day[11];

		if (submitted_day(cell, day) == 0 &&
		    (strcmp(day, im->from) < 0 || strcmp(day, im->to) > 0))
			diag_warning(&im->diag, rec_name(r), rec_line(r),
			    rec_column(r, (size_t)im->submitted), "submitted on "
			    "%s, outside the campaign (%s to %s; kept)", day,
			    im->from, im->to);
	}
}

/* 1 when person already answered in this import (and marks them). */
static int
answered_before(struct importer *im, long long person)
{
	size_t byte = (size_t)person / 8;
	unsigned char bit = (unsigned char)(1u << (person % 8));
	int seen;

	if (byte >= im->nanswered) {
		size_t n = byte + 1 + byte / 2;
		im->answered = xrealloc(im->answered, n);
		memset(im->answered + im->nanswered, 0, n - im->nanswered);
		im->nanswered = n;
	}
	seen = (im->answered[byte] & bit) != 0;
	im->answered[byte] |= bit;
	return seen;
}

/* The record's fields: the header's columns, or more when a record
 * brought more (held, but none of them lost). */
static size_t
fields_of(const struct rec_reader *r)
{
	size_t n = rec_overflow(r);

	return n > rec_ncolumns(r) ? n : rec_ncolumns(r);
}

/* The record as exported, extra columns included, into im->raw; its
 * header is stored once, with the file. */
static void
raw_record(struct importer *im, const struct rec_reader *r)
{
	size_t ncol = fields_of(r);
	const char **vals = xcalloc(ncol ? ncol : 1, sizeof(*vals));

	for (size_t i = 0; i < ncol; i++)
		vals[i] = rec_field(r, i);
	buf_reset(&im->raw);
	rec_json_array(&im->raw, ncol, vals);
	free(vals);
}

/* Keeps a row that could not be read in full, with why and what could
 * be read of it: its critical answers and the card they call for. */
static int
hold_row(struct importer *im, const struct rec_reader *r, const char *no,
    long long person, const struct score_result *s, int words,
    const char *why)
{
	sqlite3_stmt *st = im->hold;
	int color = CARD_NONE, rc = 0, urgent;

	if (s != NULL)
		color = cards_answers(im->policy, im->in, s, words,
		    buf_str(&im->words), &im->reasons);
	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_int64(st, 2, im->file);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)rec_line(r));
	sqlite3_bind_text(st, 4, im->in->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, no, -1, SQLITE_STATIC);
	if (person > 0)
		sqlite3_bind_int64(st, 6, person);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, buf_str(&im->raw), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, why, -1, SQLITE_STATIC);
	/* critical: only when an answer is positive (a blank or unreadable
	 * critical item is in the note, and in the held list) */
	db_bind_static_or_null(st, 9, s && s->critical_answered > 0 ?
	    s->critical : NULL);
	db_bind_static_or_null(st, 10, s ? s->critical_note : NULL);
	sqlite3_bind_text(st, 11, card_color_name(color), -1, SQLITE_STATIC);
	db_bind_static_or_null(st, 12, im->reasons.len ?
	    buf_str(&im->reasons) : NULL);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)im->cli->now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(im->db, "import");
	sqlite3_reset(st);
	if (rc != 0) {
		buf_reset(&im->reasons);
		return rc;
	}
	im->held++;
	/* a later answer in this very file resolves it */
	strmap_put(&im->held_nos, no, 1);
	urgent = color == CARD_RED || (s != NULL && s->critical_answered > 0);
	im->held_critical += urgent;
	/* its red card is kept through a harmless answer after it */
	if (person > 0 && s != NULL)
		cards_held(im->cards, person, color);
	buf_reset(&im->reasons);
	diag_error(&im->diag, rec_name(r), rec_line(r), NULL, "held: %s%s",
	    why, urgent ? " (a critical answer: it raises an alert all the "
	    "same)" : "");
	return 0;
}

/* A row a corrected file answers again: its held rows are resolved. */
static int
resolve_held(struct importer *im, const char *no, long long response)
{
	long long waiting;
	int rc = 0;

	if (im->held_nos.len == 0 || !strmap_get(&im->held_nos, no, &waiting))
		return 0;
	sqlite3_bind_int64(im->resolve, 1, response);
	sqlite3_bind_int64(im->resolve, 2, im->campaign);
	sqlite3_bind_text(im->resolve, 3, im->in->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->resolve, 4, no, -1, SQLITE_STATIC);
	if (sqlite3_step(im->resolve) != SQLITE_DONE)
		rc = db_fail(im->db, "import");
	else
		im->resolved += sqlite3_changes(im->db);
	sqlite3_reset(im->resolve);
	return rc;
}

/* Notes the whole numbers each item's cell held; 1 when one is past
 * its item's greatest value. */
static int
numbers_seen(struct importer *im, const struct rec_reader *r,
    const struct answer_columns *ac)
{
	int past = 0;

	for (size_t i = 0; i < ac->nitems; i++) {
		const char *cell;
		long v = 0;

		if (ac->item[i] < 0)
			continue;
		cell = rec_field(r, (size_t)ac->item[i]);
		if (*cell < '0' || *cell > '9')
			continue;
		for (; *cell >= '0' && *cell <= '9' && v < 1000; cell++)
			v = v * 10 + (*cell - '0');
		if (*cell != '\0')
			continue;
		if (im->num_lo[i] < 0 || v < im->num_lo[i])
			im->num_lo[i] = v;
		if (v > im->num_hi[i])
			im->num_hi[i] = v;
		past |= (double)v > im->in->items[i].hi;
	}
	return past;
}

/* The first item whose numbers look counted from 1: past its greatest
 * value, and never its least (PHQ-9 cells of 1 to 4, not 0 to 3); -1
 * when none.  A 4 among 0s is a typo, held with its row; 1 to 4 is a
 * coding, and then every number of the file is in doubt. */
static long
numbered_by_position(const struct importer *im)
{
	for (size_t i = 0; i < im->in->nitems; i++)
		if (im->num_lo[i] >= 0 &&
		    (double)im->num_hi[i] > im->in->items[i].hi &&
		    (double)im->num_lo[i] > im->in->items[i].lo)
			return (long)i;
	return -1;
}

/* Marks the columns of free text: neither the id, an item, nor the time
 * of submission. */
static void
find_free_text(struct importer *im, const struct rec_reader *r,
    const struct answer_columns *ac)
{
	size_t n = rec_ncolumns(r);

	free(im->free_text);
	im->free_text = xcalloc(n ? n : 1, 1);
	im->nfree_text = n;
	for (size_t i = 0; i < n; i++)
		im->free_text[i] = (int)i != ac->id && (int)i != im->submitted;
	for (size_t i = 0; i < ac->nitems; i++)
		if (ac->item[i] >= 0)
			im->free_text[ac->item[i]] = 0;
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

/* The colour the keyword rules give the row's free text, its reasons in
 * im->words. */
static int
free_text_words(struct importer *im, const struct rec_reader *r)
{
	int color = CARD_NONE;

	buf_reset(&im->words);
	if (im->alerts == NULL || im->alerts->nkeywords == 0)
		return CARD_NONE;
	for (size_t i = 0; i < fields_of(r); i++) {
		const char *cell;
		int c;

		/* a column the header had not (a JSONL key first seen
		 * later, a field past the header's) is free text */
		if (i < im->nfree_text && !im->free_text[i])
			continue;
		cell = rec_field(r, i);
		if (!has_words(cell))
			continue;
		c = alert_keyword_card(im->alerts, cell, &im->words);
		if (c > color)
			color = c;
	}
	return color;
}

static int
import_record(struct importer *im, const struct rec_reader *r,
    const struct answer_columns *ac, struct score_result *s,
    const char *fault)
{
	const char *no = rec_field(r, (size_t)ac->id);
	long long person = 0;
	int rc = 0, color, words;

	/* every reason to hold the row, not only the first */
	buf_reset(&im->why);
	if (*no == '\0')
		buf_printf(&im->why, "no person id (%s)", rec_column(r,
		    (size_t)ac->id));
	else {
		sqlite3_bind_text(im->person, 1, no, -1, SQLITE_STATIC);
		if (sqlite3_step(im->person) == SQLITE_ROW) {
			person = sqlite3_column_int64(im->person, 0);
			check_scope(im, r, ac);
		} else
			buf_printf(&im->why, "id '%s' is not on the roster",
			    no);
		sqlite3_reset(im->person);
	}
	buf_reset(&im->cells);
	(void)score_read(im->in, ac, im->opts, r, s, &im->cells);
	if (im->cells.len > 0)
		buf_printf(&im->why, "%s%s", im->why.len ? "; " : "",
		    buf_str(&im->cells));
	else if (score_blank(im->in, s))
		buf_printf(&im->why, "%sno answers", im->why.len ? "; " : "");
	if (fault != NULL)
		buf_printf(&im->why, "%s%s", im->why.len ? "; " : "", fault);
	score_compute(im->in, s);
	/* a number past the values cannot be read as a value: held */
	if (numbers_seen(im, r, ac) && !im->opts->by_position)
		im->by_position_hint++;
	raw_record(im, r);
	words = free_text_words(im, r);
	if (im->why.len > 0)
		return hold_row(im, r, no, person, s, words, buf_str(&im->why));
	color = cards_give(im->cards, im->in, s, person, words,
	    buf_str(&im->words), &im->reasons);
	score_json(im->in, s, &im->scores);
	/* a second submission: both kept, the latest counts */
	if (!im->first || answered_before(im, person)) {
		sqlite3_bind_int64(im->supersede, 1, im->campaign);
		sqlite3_bind_int64(im->supersede, 2, person);
		sqlite3_bind_text(im->supersede, 3, im->in->id, -1,
		    SQLITE_STATIC);
		if (sqlite3_step(im->supersede) != SQLITE_DONE)
			rc = db_fail(im->db, "import");
		sqlite3_reset(im->supersede);
		if (rc != 0)
			return rc;
		im->resubmitted += sqlite3_changes(im->db) > 0;
	}
	sqlite3_bind_int64(im->insert, 1, im->campaign);
	sqlite3_bind_int64(im->insert, 2, person);
	sqlite3_bind_text(im->insert, 3, im->in->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->insert, 4, im->file);
	sqlite3_bind_int64(im->insert, 5, (sqlite3_int64)rec_line(r));
	sqlite3_bind_text(im->insert, 6, buf_str(&im->raw), -1, SQLITE_STATIC);
	sqlite3_bind_text(im->insert, 7, buf_str(&im->scores), -1,
	    SQLITE_STATIC);
	db_bind_static_or_null(im->insert, 8, s->critical);
	db_bind_static_or_null(im->insert, 9, s->critical_note);
	sqlite3_bind_int64(im->insert, 10, (sqlite3_int64)s->missing);
	sqlite3_bind_int(im->insert, 11, s->valid);
	db_bind_static_or_null(im->insert, 12, s->reason);
	sqlite3_bind_int64(im->insert, 13, (sqlite3_int64)im->cli->now);
	sqlite3_bind_text(im->insert, 14, card_color_name(color), -1,
	    SQLITE_STATIC);
	db_bind_static_or_null(im->insert, 15, im->reasons.len ?
	    buf_str(&im->reasons) : NULL);
	if (sqlite3_step(im->insert) != SQLITE_DONE)
		rc = db_fail(im->db, "import");
	sqlite3_reset(im->insert);
	if (rc == 0)
		rc = resolve_held(im, no, sqlite3_last_insert_rowid(im->db));
	im->imported += rc == 0;
	im->colors[color] += rc == 0;
	return rc;
}

/* A record the reader could not split into cells: held with its line,
 * for a person to read in the file. */
static int
hold_unreadable(struct importer *im, const struct rec_reader *r)
{
	buf_reset(&im->raw);
	buf_puts(&im->raw, "[]");
	return hold_row(im, r, "", 0, NULL, CARD_NONE, rec_error(r));
}

/* The file, once, with its header. */
static int
store_file(struct importer *im, const struct rec_reader *r)
{
	size_t n = rec_ncolumns(r);
	const char **cols = xcalloc(n ? n : 1, sizeof(*cols));
	struct buf header = {0};
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		cols[i] = rec_column(r, i);
	rec_json_array(&header, n, cols);
	free(cols);
	st = db_prepare(im->db, "INSERT INTO response_file (campaign_id, name, "
	    "header, imported_at, sha256, policy) VALUES (?, ?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_text(st, 2, rec_name(r), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, buf_str(&header), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)im->cli->now);
	sqlite3_bind_text(st, 5, im->in->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, im->policy->sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(im->db, "import");
	else
		im->file = sqlite3_last_insert_rowid(im->db);
	sqlite3_finalize(st);
	buf_free(&header);
	return rc;
}

static int
import_file(struct importer *im, const char *path, struct rec_writer *w)
{
	FILE *fp = io_open_input(path);
	const char *name = io_input_name(path);
	struct answer_columns ac = {0};
	struct score_result s;
	struct rec_reader *r;
	struct audit *audit = NULL;
	int got, rc, mapped = 0;
	long doubt;

	if (fp == NULL)
		return EX_NOINPUT;
	diag_init(&im->diag, im->cli->max_errors);
	im->rows = im->imported = im->resubmitted = 0;
	im->held = im->held_critical = im->resolved = 0;
	im->by_position_hint = 0;
	for (size_t i = 0; i < im->in->nitems; i++)
		im->num_lo[i] = im->num_hi[i] = -1;
	memset(im->colors, 0, sizeof(im->colors));
	r = rec_reader_new(fp, name, REC_AUTO, im->cli->encoding);
	score_result_init(&s, im->in);
	/* an import adds pages: see db_bulk_journal */
	if ((rc = db_bulk_journal(im->db)) != 0)
		goto out;
	/* Each answer's campaign, person and file were found or made in
	 * this transaction, under its write lock: checking them again as
	 * foreign keys was a tenth of the import.  On again at the end. */
	if ((rc = db_exec(im->db, "PRAGMA foreign_keys = OFF")) != 0)
		goto out;
	if ((rc = db_begin(im->db)) != 0)
		goto out;
	/* read after BEGIN IMMEDIATE: no card can change meanwhile */
	if ((im->cards = cards_begin(im->db, im->policy, im->code)) == NULL) {
		db_rollback(im->db);
		rc = EX_SOFTWARE;
		goto out;
	}
	{
		sqlite3_stmt *any = db_prepare(im->db, "SELECT NOT EXISTS "
		    "(SELECT 1 FROM response WHERE campaign_id = ? AND "
		    "instrument = ?)");
		sqlite3_bind_int64(any, 1, im->campaign);
		sqlite3_bind_text(any, 2, im->in->id, -1, SQLITE_STATIC);
		im->first = sqlite3_step(any) == SQLITE_ROW &&
		    sqlite3_column_int(any, 0);
		sqlite3_finalize(any);
		if (im->answered != NULL)
			memset(im->answered, 0, im->nanswered);
	}
	{
		sqlite3_stmt *open = db_prepare(im->db, "SELECT person_no FROM "
		    "held WHERE campaign_id = ? AND instrument = ? AND "
		    "resolved_by IS NULL");
		int step;

		strmap_free(&im->held_nos);
		strmap_init(&im->held_nos);
		sqlite3_bind_int64(open, 1, im->campaign);
		sqlite3_bind_text(open, 2, im->in->id, -1, SQLITE_STATIC);
		while ((step = sqlite3_step(open)) == SQLITE_ROW)
			strmap_put(&im->held_nos, db_column_text(open, 0), 1);
		sqlite3_finalize(open);
		if (step != SQLITE_DONE) {
			rc = db_fail(im->db, "held rows");
			db_rollback(im->db);
			goto out;
		}
	}
	/* A header that cannot be read or mapped whole refuses the file:
	 * no row of it could be read right.  Past it, rows are held one by
	 * one, and what can be read lands. */
	if (rec_read_header(r) != 0)
		diag_error(&im->diag, name, rec_line(r), NULL, "%s", rec_error(r));
	else if (score_map_columns(im->in, r, im->opts, &ac, &im->diag) == 0 &&
	    (rc = store_file(im, r)) == 0) {
		mapped = 1;
		im->submitted = submitted_column(r);
		find_free_text(im, r, &ac);
		while (rc == 0 && (got = rec_read(r)) != 0) {
			im->rows++;
			if (got == -1 && rec_overflow(r) > 0) {
				/* its cells are there, one too many: read
				 * them, hold the row */
				char *fault = xstrdup(rec_error(r));
				rc = import_record(im, r, &ac, &s, fault);
				free(fault);
				continue;
			}
			if (got < 0) {
				rc = hold_unreadable(im, r);
				if (got == -2)
					break;
				continue;
			}
			rc = import_record(im, r, &ac, &s, NULL);
		}
	}
	diag_finish(&im->diag);
	/* A number past its item's values says the file may count options
	 * from 1: then every row's numbers are in doubt, not only those,
	 * and a harmless answer read as 1 would be a critical one.  The
	 * coding is stated, not guessed: nothing of it is kept. */
	if (rc == 0 && !im->opts->values_stated &&
	    (doubt = numbered_by_position(im)) >= 0) {
		warnx("%s: nothing was imported: the numbers of %s run from %ld "
		    "to %ld, past its values: the platform seems to number the "
		    "options from 1, which makes every number of the file "
		    "doubtful; import it with --values position (or --values "
		    "value, which holds the rows with such numbers)", name,
		    im->in->items[doubt].id, im->num_lo[doubt],
		    im->num_hi[doubt]);
		rc = EX_DATAERR;
	} else if (rc == 0 && im->by_position_hint > 0)
		warnx("%s: %ld row%s held for a number past its item's values "
		    "(a typo, or a file numbered by position: then import it "
		    "again with --values position)", name, im->by_position_hint,
		    im->by_position_hint == 1 ? "" : "s");
	if (rc == 0 && !mapped) {
		warnx("%s: nothing was imported: %ld error%s; none of its rows "
		    "was read, critical answers among them: map its columns "
		    "(ph-screen columns, --map) and import it again", name,
		    im->diag.errors, im->diag.errors == 1 ? "" : "s");
		rc = EX_DATAERR;
	}
	if (rc == 0) {
		char *detail = xasprintf("%s: %ld responses (%ld resubmitted), "
		    "%ld held, %ld resolved, %s %s", name, im->imported,
		    im->resubmitted, im->held, im->resolved, im->in->id,
		    im->in->sha256);
		audit = audit_new(im->db, im->cli->now, im->cli->actor);
		rc = audit_append(audit, "screen.import", "", detail);
		free(detail);
		audit_free(audit);
	}
	if (rc == 0) {
		char rows[24], imported[24], again[24], n[3][24], held[24];
		const char *v[9] = { name, im->in->id, rows, imported, again,
		    n[0], n[1], n[2], held };
		snprintf(rows, sizeof(rows), "%ld", im->rows);
		snprintf(imported, sizeof(imported), "%ld", im->imported);
		snprintf(again, sizeof(again), "%ld", im->resubmitted);
		snprintf(held, sizeof(held), "%ld", im->held);
		for (int k = 0; k < 3; k++)
			snprintf(n[k], sizeof(n[k]), "%ld",
			    im->colors[CARD_RED - k]);
		if (rec_write(w, v) != 0)
			rc = EX_IOERR;
	}
	if (rc == 0)
		rc = db_commit(im->db);
	else
		db_rollback(im->db);
	if (rc == 0 && im->held > 0) {
		warnx("%s: %ld row%s imported, %ld held (%ld with a critical "
		    "answer; see ph-screen held --campaign %s)", name,
		    im->imported, im->imported == 1 ? "" : "s", im->held,
		    im->held_critical, im->code);
		rc = EX_DATAERR;
	}
	{
		int wal = db_wal_journal(im->db);
		rc = rc ? rc : wal;
	}
out:
	{
		int fk = db_exec(im->db, "PRAGMA foreign_keys = ON");
		rc = rc ? rc : fk;
	}
	cards_end(im->cards);
	im->cards = NULL;
	score_result_free(&s);
	score_columns_free(&ac);
	rec_reader_free(r);
	io_close_input(fp);
	return rc;
}

int
screen_import(sqlite3 *db, const struct cli *c,
    const struct score_options *o, const char *code, const char *instrument,
    char *const *files, int nfiles)
{
	static const char *const cols[] = { "file", "instrument", "rows",
	    "imported", "resubmitted", "red", "yellow", "blue", "held" };
	static char *const stdin_only[] = { "-" };
	struct importer im;
	struct instrument *in = NULL;
	struct rec_writer *w;
	sqlite3_stmt *st;
	char *name = NULL, *path, *why = NULL;
	int rc = 0, n = 0;

	memset(&im, 0, sizeof(im));
	if ((im.campaign = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	st = db_prepare(db, "SELECT instrument FROM campaign_instrument WHERE "
	    "campaign_id = ? AND (?2 IS NULL OR instrument = ?2)");
	sqlite3_bind_int64(st, 1, im.campaign);
	db_bind_text_or_null(st, 2, instrument);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		free(name);
		name = xstrdup(db_column_text(st, 0));
	}
	if ((rc = db_finalize(db, st, "campaign")) != 0) {
		free(name);
		return rc;
	}
	if (n != 1) {
		warnx(n == 0 ? "campaign '%s' has no instrument %s" :
		    "campaign '%s' has several instruments%s: give "
		    "--instrument", code, instrument ? instrument : "");
		free(name);
		return EX_USAGE;
	}
	path = instrument_find(name);
	if (path == NULL || (in = instrument_load(path, &why)) == NULL) {
		if (why != NULL)
			diag_lines(why);
		else
			warnx("no instrument '%s' any more", name);
		free(why);
		free(path);
		free(name);
		return EX_DATAERR;
	}
	free(path);
	free(name);
	if ((im.policy = cards_policy(c->policy)) == NULL ||
	    policy_check_instrument(im.policy, in, &why) != 0) {
		if (why != NULL)
			diag_lines(why);
		free(why);
		policy_free(im.policy);
		instrument_free(in);
		return EX_CONFIG;
	}
	/* the keyword rules, which give free text its card: the same
	 * file, validated whole */
	if ((im.alerts = alert_policy_load(im.policy->path, &why)) == NULL) {
		diag_lines(why);
		free(why);
		policy_free(im.policy);
		instrument_free(in);
		return EX_CONFIG;
	}
	im.code = code;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	im.db = db;
	im.cli = c;
	im.in = in;
	im.opts = o;
	im.num_lo = xcalloc(in->nitems ? in->nitems : 1, sizeof(*im.num_lo));
	im.num_hi = xcalloc(in->nitems ? in->nitems : 1, sizeof(*im.num_hi));
	im.person = db_prepare(db, "SELECT id, kind, status, unit_id FROM "
	    "person WHERE person_no = ?");
	rc = load_scope(&im);
	/* by its id: an UPDATE that looked the row up through the index
	 * whose column (latest) it changes would collect the rows in a
	 * table of its own each time, four times the cost of the import;
	 * one answer at most is the latest */
	im.supersede = db_prepare(db, "UPDATE response SET latest = 0 WHERE "
	    "id = (SELECT id FROM response WHERE campaign_id = ?1 AND "
	    "person_id = ?2 AND instrument = ?3 AND latest)");
	im.insert = db_prepare(db, "INSERT INTO response (campaign_id, "
	    "person_id, instrument, file_id, line, raw, scores, critical, "
	    "critical_note, missing, valid, reason, latest, imported_at, card, "
	    "card_reasons) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, 1, ?13, ?14, ?15)");
	im.hold = db_prepare(db, "INSERT INTO held (campaign_id, file_id, "
	    "line, instrument, person_no, person_id, raw, reason, critical, "
	    "critical_note, card, card_reasons, held_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	im.resolve = db_prepare(db, "UPDATE held SET resolved_by = ?1 WHERE "
	    "campaign_id = ?2 AND instrument = ?3 AND person_no = ?4 AND "
	    "resolved_by IS NULL");
	w = io_writer(c, 9, cols);
	/* each file stands alone: a bad one keeps nothing of its own */
	for (int f = 0, scoped = rc == 0; scoped && f < nfiles; f++) {
		int frc = import_file(&im, files[f], w);
		rc = rc ? rc : frc;
	}
	sqlite3_finalize(im.person);
	sqlite3_finalize(im.supersede);
	sqlite3_finalize(im.insert);
	sqlite3_finalize(im.hold);
	sqlite3_finalize(im.resolve);
	buf_free(&im.raw);
	buf_free(&im.scores);
	buf_free(&im.reasons);
	buf_free(&im.why);
	buf_free(&im.cells);
	free(im.answered);
	free(im.in_scope);
	policy_free(im.policy);
	alert_policy_free(im.alerts);
	free(im.free_text);
	free(im.num_lo);
	strmap_free(&im.held_nos);
	free(im.num_hi);
	buf_free(&im.words);
	instrument_free(in);
	{
		int wrc = io_writer_close(w);
		return rc ? rc : wrc;
	}
}

int
screen_held(sqlite3 *db, const struct cli *c, const char *code, int all)
{
	static const char *const cols[] = { "campaign", "source", "id",
	    "on_roster", "instrument", "reason", "critical", "card",
	    "resolved_by" };
	long long campaign = 0;
	sqlite3_stmt *st;

	if (code != NULL && (campaign = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	/* the rows with a critical answer first: they are the ones to act
	 * on; then in the order of the files */
	st = db_prepare(db, "SELECT c.code, f.name || ':' || h.line, "
	    "h.person_no, CASE WHEN h.person_id IS NULL THEN 'no' ELSE 'yes' "
	    "END, h.instrument, h.reason, h.critical_note, h.card, "
	    "coalesce(rf.name || ':' || r.line, '') FROM held h "
	    "JOIN campaign c ON c.id = h.campaign_id "
	    "JOIN response_file f ON f.id = h.file_id "
	    "LEFT JOIN response r ON r.id = h.resolved_by "
	    "LEFT JOIN response_file rf ON rf.id = r.file_id "
	    "WHERE (?1 = 0 OR h.campaign_id = ?1) AND (?2 OR h.resolved_by "
	    "IS NULL) ORDER BY c.date_from, c.code, h.critical IS NULL AND "
	    "h.card <> 'red', h.id");
	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_int(st, 2, all);
	return rows_print(db, c, st, 9, cols);
}
