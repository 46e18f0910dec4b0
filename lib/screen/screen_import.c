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
#include "db.h"
#include "diag.h"
#include "instrument.h"
#include "io.h"
#include "load.h"
#include "norm.h"
#include "queries.h"
#include "rows.h"
#include "run_policy.h"
#include "score.h"
#include "screen_row.h"
#include "screen_tier.h"
#include "strmap.h"
#include "xalloc.h"

/* Importing one file: one transaction, rows held, never the file torn. */
struct importer {
	sqlite3 *db;
	const struct cli *cli;
	struct instrument *in;
	const struct score_options *opts;
	const struct policy *policy;	/* the run's */
	struct card_context *cards;	/* of the file being imported */
	/* the row being read, scored and carded, as rescore does it */
	struct screen_row row;
	const char *code;
	long long campaign;
	struct diag diag;	/* of the file being imported */
	sqlite3_stmt *person, *supersede, *insert, *hold, *resolve;
	sqlite3_stmt *unit_path, *norm_person;
	long long file;		/* response_file of the file being read */
	int mapped;		/* its header mapped: its rows were read */
	struct buf raw, why;
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
};

/* Reads who the campaign is for: its kind, dates and units; 0 or a
 * sysexits code. */
static int
load_scope(struct importer *im)
{
	sqlite3_stmt *st = db_prepare(im->db, sql_screen_import_campaign);
	int rc = 0;

	sqlite3_bind_int64(st, 1, im->campaign);
	if (db_row(im->db, st, &rc)) {
		snprintf(im->kind, sizeof(im->kind), "%s", db_column_text(st, 0));
		snprintf(im->from, sizeof(im->from), "%s", db_column_text(st, 1));
		snprintf(im->to, sizeof(im->to), "%s", db_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	st = db_prepare(im->db, sql_campaign_scope_units);
	sqlite3_bind_int64(st, 1, im->campaign);
	while (db_row(im->db, st, &rc)) {
		size_t id = (size_t)sqlite3_column_int64(st, 0);
		if (id >= im->nscope) {
			size_t n = id + 1 + id / 2;
			im->in_scope = xrealloc(im->in_scope, n);
			memset(im->in_scope + im->nscope, 0, n - im->nscope);
			im->nscope = n;
		}
		im->in_scope[id] = 1;
	}
	sqlite3_finalize(st);
	return rc;
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

/* Warns of a person in a unit outside the campaign's: 0 or a code. */
static int
warn_unit(struct importer *im, const struct rec_reader *r,
    const char *id, size_t unit)
{
	char *path = NULL;
	int rc;

	sqlite3_bind_int64(im->unit_path, 1, (sqlite3_int64)unit);
	if ((rc = db_text(im->db, im->unit_path, &path)) != 0 &&
	    rc != DB_NONE)
		return rc;
	diag_warning(&im->diag, rec_name(r), rec_line(r), id,
	    "%s is in %s, outside the campaign's units (kept)",
	    rec_field(r, (size_t)im->row.ac.id), path ? path : "no unit");
	free(path);
	return 0;
}

/* Warns of an answer from outside the campaign's people or dates, from
 * the row im->person is at: 0 or a code. */
static int
check_scope(struct importer *im, const struct rec_reader *r)
{
	const char *kind = db_column_text(im->person, 1);
	const char *status = db_column_text(im->person, 2);
	size_t unit = (size_t)sqlite3_column_int64(im->person, 3);
	size_t idcol = (size_t)im->row.ac.id;
	const char *id = rec_column(r, idcol);
	int rc = 0;

	if (im->kind[0] != '\0' && strcmp(kind, im->kind) != 0)
		diag_warning(&im->diag, rec_name(r), rec_line(r), id,
		    "%s is %s, the campaign is for %s only (kept)",
		    rec_field(r, idcol), kind,
		    strcmp(im->kind, "student") == 0 ? "students" : im->kind);
	else if (strcmp(status, "active") != 0)
		diag_warning(&im->diag, rec_name(r), rec_line(r), id,
		    "%s is no longer on the active roster (%s; kept)",
		    rec_field(r, idcol), status);
	else if (unit >= im->nscope || !im->in_scope[unit])
		rc = warn_unit(im, r, id, unit);
	if (rc == 0 && im->row.time.end >= 0) {
		const char *cell = rec_field(r, (size_t)im->row.time.end);
		char day[11];

		if (submitted_day(cell, day) == 0 &&
		    (strcmp(day, im->from) < 0 || strcmp(day, im->to) > 0))
			diag_warning(&im->diag, rec_name(r), rec_line(r),
			    rec_column(r, (size_t)im->row.time.end), "submitted on "
			    "%s, outside the campaign (%s to %s; kept)", day,
			    im->from, im->to);
	}
	return rc;
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

/* The record as exported, extra columns included, into im->raw; its
 * header is stored once, with the file. */
static void
raw_record(struct importer *im, const struct rec_reader *r)
{
	size_t ncol = screen_row_fields(r);
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
	int color = CARD_NONE, rc, urgent;

	if (s != NULL)
		color = cards_answers(im->policy, im->in, s, words,
		    buf_str(&im->row.words_why), &im->row.reasons);
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
	db_bind_static_or_null(st, 12, im->row.reasons.len ?
	    buf_str(&im->row.reasons) : NULL);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)im->cli->now);
	if ((rc = db_run(im->db, st)) != 0) {
		buf_reset(&im->row.reasons);
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
	buf_reset(&im->row.reasons);
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
	int rc;

	if (im->held_nos.len == 0 || !strmap_get(&im->held_nos, no, &waiting))
		return 0;
	sqlite3_bind_int64(im->resolve, 1, response);
	sqlite3_bind_int64(im->resolve, 2, im->campaign);
	sqlite3_bind_text(im->resolve, 3, im->in->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->resolve, 4, no, -1, SQLITE_STATIC);
	if ((rc = db_run(im->db, im->resolve)) == 0)
		im->resolved += sqlite3_changes(im->db);
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

/* The row's person, by number, into *person; a row without one gets
 * its reason to be held in im->why.  0 or a code. */
static int
find_person(struct importer *im, const struct rec_reader *r, const char *no,
    long long *person)
{
	int rc;

	*person = 0;
	if (*no == '\0') {
		buf_printf(&im->why, "no person id (%s)", rec_column(r,
		    (size_t)im->row.ac.id));
		return 0;
	}
	sqlite3_bind_text(im->person, 1, no, -1, SQLITE_STATIC);
	if (!db_row(im->db, im->person, &rc)) {
		if (rc == 0)
			buf_printf(&im->why, "id '%s' is not on the roster",
			    no);
		return rc;
	}
	*person = sqlite3_column_int64(im->person, 0);
	rc = check_scope(im, r);
	sqlite3_reset(im->person);
	return rc;
}

/* A row read in full, as the person's latest answer: a second
 * submission keeps both, the latest counts; the person's held rows are
 * resolved by it. */
static int
store_response(struct importer *im, const struct rec_reader *r,
    const char *no, long long person, int color)
{
	const struct score_result *s = &im->row.s;
	sqlite3_stmt *st = im->insert;
	int rc;

	if (!im->first || answered_before(im, person)) {
		sqlite3_bind_int64(im->supersede, 1, im->campaign);
		sqlite3_bind_int64(im->supersede, 2, person);
		sqlite3_bind_text(im->supersede, 3, im->in->id, -1,
		    SQLITE_STATIC);
		if ((rc = db_run(im->db, im->supersede)) != 0)
			return rc;
		im->resubmitted += sqlite3_changes(im->db) > 0;
	}
	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_int64(st, 2, person);
	sqlite3_bind_text(st, 3, im->in->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, im->file);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)rec_line(r));
	sqlite3_bind_text(st, 6, buf_str(&im->raw), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, buf_str(&im->row.scores), -1, SQLITE_STATIC);
	db_bind_static_or_null(st, 8, s->critical);
	db_bind_static_or_null(st, 9, s->critical_note);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)s->missing);
	sqlite3_bind_int(st, 11, s->valid);
	db_bind_static_or_null(st, 12, s->reason);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)im->cli->now);
	sqlite3_bind_text(st, 14, card_color_name(color), -1, SQLITE_STATIC);
	db_bind_static_or_null(st, 15, im->row.reasons.len ?
	    buf_str(&im->row.reasons) : NULL);
	if ((rc = db_run(im->db, st)) != 0)
		return rc;
	return resolve_held(im, no, sqlite3_last_insert_rowid(im->db));
}

/* One record: kept as the person's answer, or held with every reason
 * to hold it, not only the first (fault: the record's own, or NULL). */
static int
import_record(struct importer *im, const struct rec_reader *r,
    const char *fault)
{
	const char *no = rec_field(r, (size_t)im->row.ac.id);
	long long person;
	int rc, color;

	buf_reset(&im->why);
	if ((rc = find_person(im, r, no, &person)) != 0)
		return rc;
	raw_record(im, r);
	if (im->in->norms != NULL && (rc = screen_row_norm_person(&im->row,
	    im->db, im->norm_person, im->campaign, person)) != 0)
		return rc;
	color = screen_row_card(&im->row, r, fault, person, &im->why);
	/* a number past the values cannot be read as a value: held */
	if (numbers_seen(im, r, &im->row.ac) && !im->opts->by_position)
		im->by_position_hint++;
	if (color < 0)
		return hold_row(im, r, no, person, &im->row.s, im->row.words,
		    buf_str(&im->why));
	rc = store_response(im, r, no, person, color);
	im->imported += rc == 0;
	im->colors[color] += rc == 0;
	return rc;
}

/* load_file's record. */
static int
import_row(void *ctx, struct rec_reader *r, const int *index)
{
	struct importer *im = ctx;

	(void)index;	/* the columns are im->row.ac */
	im->rows++;
	return import_record(im, r, NULL);
}

/* A record the reader could not split into cells: one whose cells are
 * all there, and one too many, is read and held; another is held with
 * its line, for a person to read in the file. */
static int
import_unsplit(void *ctx, struct rec_reader *r)
{
	struct importer *im = ctx;
	char *fault;
	int rc;

	im->rows++;
	if (rec_overflow(r) > 0) {
		fault = xstrdup(rec_error(r));
		rc = import_record(im, r, fault);
		free(fault);
		return rc;
	}
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
	int rc;

	for (size_t i = 0; i < n; i++)
		cols[i] = rec_column(r, i);
	rec_json_array(&header, n, cols);
	free(cols);
	st = db_prepare(im->db, sql_screen_import_file);
	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_text(st, 2, rec_name(r), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, buf_str(&header), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)im->cli->now);
	sqlite3_bind_text(st, 5, im->in->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, im->policy->sha256, -1, SQLITE_STATIC);
	if ((rc = db_run(im->db, st)) == 0)
		im->file = sqlite3_last_insert_rowid(im->db);
	sqlite3_finalize(st);
	buf_free(&header);
	return rc;
}

/* load_file's mapped callback: a header that cannot be mapped whole
 * refuses the file, no row of it could be read right; past it, rows are
 * held one by one, and what can be read lands. */
static int
import_header(void *ctx, const struct rec_reader *r, const int *index)
{
	struct importer *im = ctx;
	int rc;

	(void)index;	/* mapped here, into im->row.ac */
	if (screen_row_map(&im->row, r, &im->diag) != 0)
		return -1;
	if ((rc = store_file(im, r)) != 0)
		return rc;
	im->mapped = 1;
	return 0;
}

/* Whether anyone answered the campaign's instrument before this file. */
static int
find_first(struct importer *im)
{
	sqlite3_stmt *st = db_prepare(im->db, sql_screen_import_first);
	long long first;
	int rc;

	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_text(st, 2, im->in->id, -1, SQLITE_STATIC);
	rc = db_int_once(im->db, st, &first);
	im->first = rc == 0 && first;
	if (im->answered != NULL)
		memset(im->answered, 0, im->nanswered);
	return rc == DB_NONE ? 0 : rc;
}

/* The person numbers of the rows held for this instrument. */
static int
find_held(struct importer *im)
{
	sqlite3_stmt *st = db_prepare(im->db, sql_screen_import_held_numbers);
	int rc;

	strmap_free(&im->held_nos);
	strmap_init(&im->held_nos);
	sqlite3_bind_int64(st, 1, im->campaign);
	sqlite3_bind_text(st, 2, im->in->id, -1, SQLITE_STATIC);
	while (db_row(im->db, st, &rc))
		strmap_put(&im->held_nos, db_column_text(st, 0), 1);
	sqlite3_finalize(st);
	return rc;
}

/* Ready for a file: its counts at zero, its transaction begun, and
 * what it reads once read.  0, or a code with nothing begun. */
static int
begin_file(struct importer *im)
{
	int rc;

	diag_init(&im->diag, im->cli->max_errors);
	im->rows = im->imported = im->resubmitted = 0;
	im->held = im->held_critical = im->resolved = 0;
	im->by_position_hint = 0;
	im->mapped = 0;
	for (size_t i = 0; i < im->in->nitems; i++)
		im->num_lo[i] = im->num_hi[i] = -1;
	memset(im->colors, 0, sizeof(im->colors));
	/* an import adds pages: see db_bulk_journal */
	if ((rc = db_bulk_journal(im->db)) != 0)
		return rc;
	/* Each answer's campaign, person and file were found or made in
	 * this transaction, under its write lock: checking them again as
	 * foreign keys was a tenth of the import.  On again at the end. */
	if ((rc = db_exec(im->db, sql_foreign_keys_off)) != 0 ||
	    (rc = db_begin(im->db)) != 0)
		return rc;
	/* read after BEGIN IMMEDIATE: no card can change meanwhile */
	if ((im->cards = cards_begin(im->db, im->policy, im->code)) == NULL)
		rc = EX_SOFTWARE;
	else if ((rc = find_first(im)) == 0)
		rc = find_held(im);
	if (rc != 0)
		db_rollback(im->db);
	im->row.cards = im->cards;
	return rc;
}

/* A file nothing of which is kept: its numbers seem counted by option
 * position, or its header could not be mapped.  0 or 65 after a
 * message. */
static int
refuse_file(struct importer *im, const char *name)
{
	long doubt;

	/* A number past its item's values says the file may count options
	 * from 1: then every row's numbers are in doubt, not only those,
	 * and a harmless answer read as 1 would be a critical one.  The
	 * coding is stated, not guessed: nothing of it is kept. */
	if (!im->opts->values_stated &&
	    (doubt = numbered_by_position(im)) >= 0) {
		warnx("%s: nothing was imported: the numbers of %s run from %ld "
		    "to %ld, past its values: the platform seems to number the "
		    "options from 1, which makes every number of the file "
		    "doubtful; import it with --values position (or --values "
		    "value, which holds the rows with such numbers)", name,
		    im->in->items[doubt].id, im->num_lo[doubt],
		    im->num_hi[doubt]);
		return EX_DATAERR;
	}
	if (im->by_position_hint > 0)
		warnx("%s: %ld row%s held for a number past its item's values "
		    "(a typo, or a file numbered by position: then import it "
		    "again with --values position)", name, im->by_position_hint,
		    im->by_position_hint == 1 ? "" : "s");
	if (!im->mapped) {
		warnx("%s: nothing was imported: %ld error%s; none of its rows "
		    "was read, critical answers among them: map its columns "
		    "(ph-screen columns, --map) and import it again", name,
		    im->diag.errors, im->diag.errors == 1 ? "" : "s");
		return EX_DATAERR;
	}
	return 0;
}

/* The file's line in the audit trail and its summary record. */
static int
report_file(struct importer *im, const char *name, struct rec_writer *w)
{
	char rows[24], imported[24], again[24], n[3][24], held[24];
	const char *v[9] = { name, im->in->id, rows, imported, again,
	    n[0], n[1], n[2], held };
	char *detail = xasprintf("%s: %ld responses (%ld resubmitted), "
	    "%ld held, %ld resolved, %s %s", name, im->imported,
	    im->resubmitted, im->held, im->resolved, im->in->id,
	    im->in->sha256);
	int rc = audit_once(im->db, im->cli->now, im->cli->actor,
	    "screen.import", "", detail);

	free(detail);
	if (rc != 0)
		return rc;
	snprintf(rows, sizeof(rows), "%ld", im->rows);
	snprintf(imported, sizeof(imported), "%ld", im->imported);
	snprintf(again, sizeof(again), "%ld", im->resubmitted);
	snprintf(held, sizeof(held), "%ld", im->held);
	for (int k = 0; k < 3; k++)
		snprintf(n[k], sizeof(n[k]), "%ld", im->colors[CARD_RED - k]);
	return rec_write(w, v) != 0 ? EX_IOERR : 0;
}

/* Ends the file's transaction: its rows kept when all went well, else
 * nothing of it; a file with rows held says so (65). */
static int
end_file(struct importer *im, const char *name, struct rec_writer *w,
    int rc)
{
	int wal;

	if (rc == 0)
		rc = refuse_file(im, name);
	if (rc == 0)
		rc = report_file(im, name, w);
	if ((rc = db_end(im->db, rc)) == 0 && im->held > 0) {
		warnx("%s: %ld row%s imported, %ld held (%ld with a critical "
		    "answer; see ph-screen held --campaign %s)", name,
		    im->imported, im->imported == 1 ? "" : "s", im->held,
		    im->held_critical, im->code);
		rc = EX_DATAERR;
	}
	wal = db_wal_journal(im->db);
	return rc ? rc : wal;
}

/* One file in one transaction: rows held, never the file torn. */
static int
import_file(struct importer *im, const char *path, struct rec_writer *w)
{
	struct load_file lf = {
		.path = path, .format = REC_AUTO,
		.encoding = im->cli->encoding, .sheet = im->cli->sheet,
		.diag = &im->diag,
		.mapped = import_header, .row = import_row,
		.unsplit = import_unsplit, .ctx = im
	};
	int rc, fk;

	if ((rc = begin_file(im)) == 0) {
		rc = load_file(&lf);
		diag_finish(&im->diag);
		/* rules on a person's answers together, a follow-on's cards */
		if (rc == 0 && im->mapped) {
			struct tier_import ti = { im->campaign, im->file,
			    io_input_name(path), im->colors };
			rc = screen_tier_file(im->db, im->cli, im->policy, &ti);
		}
		rc = end_file(im, io_input_name(path), w, rc);
	}
	fk = db_exec(im->db, sql_foreign_keys_on);
	cards_end(im->cards);
	im->cards = NULL;
	score_columns_free(&im->row.ac);
	return rc ? rc : fk;
}

/* The one instrument of the campaign to import (--instrument, or its
 * only one), into *name: 0, or a code after a message. */
static int
campaign_instrument(sqlite3 *db, long long campaign, const char *code,
    const char *instrument, char **name)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_import_instruments);
	int rc, n = 0;

	*name = NULL;
	sqlite3_bind_int64(st, 1, campaign);
	db_bind_text_or_null(st, 2, instrument);
	while (db_row(db, st, &rc)) {
		n++;
		free(*name);
		*name = xstrdup(db_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc == 0 && n != 1) {
		warnx(n == 0 ? "campaign '%s' has no instrument %s" :
		    "campaign '%s' has several instruments%s: give "
		    "--instrument", code, instrument ? instrument : "");
		rc = EX_USAGE;
	}
	if (rc != 0) {
		free(*name);
		*name = NULL;
	}
	return rc;
}

/* The instrument to import, the policy that gives its cards, and its
 * keyword rules, which give free text its card: the same file,
 * validated whole.  0, or a code after a message. */
static int
load_rules(struct importer *im, const char *name)
{
	char *path = instrument_find(name), *why = NULL;

	if (path == NULL || (im->in = instrument_load(path, &why)) == NULL) {
		if (why != NULL)
			diag_lines(why);
		else
			warnx("no instrument '%s' any more", name);
		free(why);
		free(path);
		return EX_DATAERR;
	}
	free(path);
	if ((im->policy = policy_of(im->cli, 1)) == NULL ||
	    policy_check_instrument(im->policy, im->in, &why) != 0) {
		if (why != NULL)
			diag_lines(why);
		free(why);
		return EX_CONFIG;
	}
	return 0;
}

#define IMPORTER(member, sql) DB_STATEMENT(struct importer, member, sql)
static const struct db_statement importer_statements[] = {
	IMPORTER(person, sql_screen_import_person),
	IMPORTER(unit_path, sql_screen_import_unit_path),
	IMPORTER(norm_person, sql_screen_import_norm_person),
	IMPORTER(supersede, sql_screen_import_supersede),
	IMPORTER(insert, sql_screen_import_response),
	IMPORTER(hold, sql_screen_import_hold),
	IMPORTER(resolve, sql_screen_import_resolve),
};

/* The statements each row runs, prepared once, and what a row needs. */
static void
importer_prepare(struct importer *im)
{
	size_t n = im->in->nitems ? im->in->nitems : 1;

	im->num_lo = xcalloc(n, sizeof(*im->num_lo));
	im->num_hi = xcalloc(n, sizeof(*im->num_hi));
	screen_row_init(&im->row, im->in, im->opts, im->policy);
	db_prepare_set(im->db, im, importer_statements,
	    DB_SET_SIZE(importer_statements));
}

static void
importer_free(struct importer *im)
{
	db_finalize_set(im, importer_statements,
	    DB_SET_SIZE(importer_statements));
	screen_row_free(&im->row);
	buf_free(&im->raw);
	buf_free(&im->why);
	FREE_ALL(im->answered, im->in_scope, im->num_lo, im->num_hi);
	strmap_free(&im->held_nos);
	instrument_free(im->in);
}

int
screen_import(sqlite3 *db, const struct cli *c,
    const struct score_options *o, const char *code, const char *instrument,
    char *const *files, int nfiles)
{
	static const char *const cols[] = { "file", "instrument", "rows",
	    "imported", "resubmitted", "red", "yellow", "blue", "held" };
	static char *const stdin_only[] = { "-" };
	struct importer im = { .db = db, .cli = c, .opts = o, .code = code };
	struct rec_writer *w;
	char *name;
	int rc, wrc;

	if ((im.campaign = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = campaign_instrument(db, im.campaign, code, instrument,
	    &name)) != 0)
		return rc;
	rc = load_rules(&im, name);
	free(name);
	if (rc != 0) {
		importer_free(&im);
		return rc;
	}
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	importer_prepare(&im);
	rc = load_scope(&im);
	w = io_writer(c, 9, cols);
	/* each file stands alone: a bad one keeps nothing of its own */
	for (int f = 0, scoped = rc == 0; scoped && f < nfiles; f++) {
		int frc = import_file(&im, files[f], w);
		rc = rc ? rc : frc;
	}
	importer_free(&im);
	wrc = io_writer_close(w);
	return rc ? rc : wrc;
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
	st = db_prepare(db, sql_screen_held_list);
	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_int(st, 2, all);
	return rows_print(db, c, st, 9, cols);
}
