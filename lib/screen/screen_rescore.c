/*
 * ph-screen rescore: a campaign's stored answers (each response's cells
 * under its file's header) given their scores and cards again, by the
 * policy and instruments of this run, as an import would give them now
 * (screen_row.c: the same code).  What comes out otherwise than stored
 * goes into a temporary table first; the difference is printed from it,
 * and only a run that is not dry writes it back, in place, in the
 * transaction the reading began in.  An answer that can no longer be
 * read keeps everything: nothing is written, every such row is listed.
 */
#include "screen.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "buf.h"
#include "cards.h"
#include "db.h"
#include "diag.h"
#include "instrument.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "screen_row.h"
#include "screen_tier.h"
#include "xalloc.h"

/* The columns of screen_rescore_responses (and _person). */
enum { R_ID, R_PERSON, R_INSTRUMENT, R_FILE, R_LINE, R_RAW, R_SCORES,
    R_CRITICAL, R_NOTE, R_MISSING, R_VALID, R_REASON, R_CARD, R_REASONS,
    R_LATEST, R_ALONE };

struct rescorer {
	sqlite3 *db;
	const struct cli *cli;
	const struct score_options *opts;
	const struct policy *policy;
	const char *code;
	long long campaign;
	struct instrument **in;		/* the campaign's instruments */
	struct screen_row *row;		/* one for each */
	size_t nin;
	struct card_context *cards;
	struct rec_reader *reader;	/* the stored records */
	struct diag diag;
	sqlite3_stmt *file, *changed, *norm_person;
	/* the file the reader's header is of, and its instrument's row
	 * (NULL: a header that does not map) */
	long long file_id;
	struct screen_row *mapped;
	char *file_name;
	/* the files read, and the instrument each is of, to say which
	 * instrument and policy file their answers follow now */
	long long *files;
	size_t *file_in;
	size_t nfiles;
	struct buf why;
	long rows, changed_rows, errors;
	long alone;	/* answers whose card a rule on answers together gave */
};

/* The instrument of name among those given (--instrument FILE), else
 * found as an import finds it: loaded, or NULL after a message. */
static struct instrument *
load_instrument(const char *name, char *const *given, int ngiven)
{
	struct instrument *in;
	char *why = NULL, *path = NULL;

	for (int i = 0; i < ngiven && path == NULL; i++) {
		in = instrument_load(given[i], &why);
		if (in != NULL && strcmp(in->id, name) == 0)
			return in;
		instrument_free(in);
		free(why);
		why = NULL;
	}
	if ((path = instrument_find(name)) == NULL) {
		warnx("no instrument '%s' any more", name);
		return NULL;
	}
	if ((in = instrument_load(path, &why)) == NULL) {
		diag_lines(why);
		free(why);
	}
	free(path);
	return in;
}

/* Each --instrument FILE must load and be one of the campaign's. */
static int
check_given(const struct rescorer *rs, char *const *given, int ngiven)
{
	int rc = 0;

	for (int i = 0; i < ngiven; i++) {
		char *why = NULL;
		struct instrument *in = instrument_load(given[i], &why);
		int found = 0;

		if (in == NULL) {
			diag_lines(why);
			free(why);
			rc = EX_DATAERR;
			continue;
		}
		for (size_t k = 0; k < rs->nin && !found; k++)
			found = strcmp(rs->in[k]->id, in->id) == 0;
		if (!found) {
			warnx("%s: instrument '%s' is not one of campaign "
			    "'%s''s", given[i], in->id, rs->code);
			rc = EX_USAGE;
		}
		instrument_free(in);
	}
	return rc;
}

/* The campaign's instruments and the run's policy, each validated
 * whole: 0, or a code after a message. */
static int
load_rules(struct rescorer *rs, char *const *given, int ngiven)
{
	sqlite3_stmt *st = db_prepare(rs->db, sql_screen_import_instruments);
	size_t cap = 0;
	char *why = NULL;
	int rc;

	sqlite3_bind_int64(st, 1, rs->campaign);
	sqlite3_bind_null(st, 2);
	while (db_row(rs->db, st, &rc)) {
		struct instrument *in = load_instrument(db_column_text(st, 0),
		    given, ngiven);
		if (in == NULL) {
			sqlite3_reset(st);
			rc = EX_DATAERR;
			break;
		}
		rs->in = xgrow(rs->in, &cap, rs->nin + 1, sizeof(*rs->in));
		rs->in[rs->nin++] = in;
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = check_given(rs, given, ngiven);
	if (rc != 0)
		return rc;
	if ((rs->policy = policy_of(rs->cli, 1)) == NULL)
		return EX_CONFIG;
	for (size_t k = 0; k < rs->nin; k++)
		if (policy_check_instrument(rs->policy, rs->in[k], &why) != 0) {
			diag_lines(why);
			free(why);
			return EX_CONFIG;
		}
	rs->row = xcalloc(rs->nin ? rs->nin : 1, sizeof(*rs->row));
	for (size_t k = 0; k < rs->nin; k++)
		screen_row_init(&rs->row[k], rs->in[k], rs->opts, rs->policy);
	return 0;
}

static void
rescorer_free(struct rescorer *rs)
{
	for (size_t k = 0; k < rs->nin; k++) {
		if (rs->row != NULL)
			screen_row_free(&rs->row[k]);
		instrument_free(rs->in[k]);
	}
	sqlite3_finalize(rs->file);
	sqlite3_finalize(rs->norm_person);
	sqlite3_finalize(rs->changed);
	cards_end(rs->cards);
	rec_reader_free(rs->reader);
	buf_free(&rs->why);
	FREE_ALL(rs->in, rs->row, rs->file_name, rs->files, rs->file_in);
}

/* The row of instrument name, or NULL. */
static struct screen_row *
row_of(struct rescorer *rs, const char *name, size_t *k)
{
	for (*k = 0; *k < rs->nin; (*k)++)
		if (strcmp(rs->in[*k]->id, name) == 0)
			return &rs->row[*k];
	return NULL;
}

/* The reader at the header of file, mapped for instrument name as its
 * import mapped it: 0, or a code (a header that no longer maps leaves
 * rs->mapped NULL, after a message, and its rows are errors). */
static int
read_file(struct rescorer *rs, long long file, const char *name)
{
	struct screen_row *row;
	size_t k;
	int rc;

	rs->file_id = file;
	rs->mapped = NULL;
	sqlite3_bind_int64(rs->file, 1, file);
	if (!db_row(rs->db, rs->file, &rc))
		return rc ? rc : EX_SOFTWARE;
	free(rs->file_name);
	rs->file_name = xstrdup(db_column_text(rs->file, 0));
	row = row_of(rs, name, &k);
	rec_reader_free(rs->reader);
	rs->reader = rec_reader_stored(rs->file_name);
	if (row != NULL &&
	    rec_stored_header(rs->reader, db_column_text(rs->file, 1)) == 0 &&
	    screen_row_map(row, rs->reader, &rs->diag) == 0)
		rs->mapped = row;
	sqlite3_reset(rs->file);
	if (row != NULL) {
		rs->files = xrealloc(rs->files, (rs->nfiles + 1) *
		    sizeof(*rs->files));
		rs->file_in = xrealloc(rs->file_in, (rs->nfiles + 1) *
		    sizeof(*rs->file_in));
		rs->files[rs->nfiles] = file;
		rs->file_in[rs->nfiles++] = k;
	}
	return 0;
}

/* 1 when the stored column i of st is not text (NULL when empty). */
static int
differs(sqlite3_stmt *st, int i, const char *text)
{
	const char *old = (const char *)sqlite3_column_text(st, i);

	if (text != NULL && *text == '\0')
		text = NULL;
	if (old == NULL || text == NULL)
		return old != text;
	return strcmp(old, text) != 0;
}

/* Keeps what the row's answer comes out as, when it is not as stored. */
static int
note_change(struct rescorer *rs, sqlite3_stmt *st,
    const struct screen_row *row, int color)
{
	const struct score_result *s = &row->s;
	sqlite3_stmt *ch = rs->changed;
	const char *reasons = row->reasons.len ? buf_str(&row->reasons) : NULL;

	if (!differs(st, R_SCORES, buf_str(&row->scores)) &&
	    !differs(st, R_CRITICAL, s->critical) &&
	    !differs(st, R_NOTE, s->critical_note) &&
	    sqlite3_column_int64(st, R_MISSING) == (long long)s->missing &&
	    sqlite3_column_int(st, R_VALID) == s->valid &&
	    !differs(st, R_REASON, s->reason) &&
	    !differs(st, R_CARD, card_color_name(color)) &&
	    !differs(st, R_REASONS, reasons))
		return 0;
	sqlite3_bind_int64(ch, 1, sqlite3_column_int64(st, R_ID));
	sqlite3_bind_int64(ch, 2, sqlite3_column_int64(st, R_PERSON));
	sqlite3_bind_text(ch, 3, buf_str(&row->scores), -1, SQLITE_STATIC);
	db_bind_static_or_null(ch, 4, s->critical);
	db_bind_static_or_null(ch, 5, s->critical_note);
	sqlite3_bind_int64(ch, 6, (sqlite3_int64)s->missing);
	sqlite3_bind_int(ch, 7, s->valid);
	db_bind_static_or_null(ch, 8, s->reason);
	sqlite3_bind_text(ch, 9, card_color_name(color), -1, SQLITE_STATIC);
	db_bind_static_or_null(ch, 10, reasons);
	rs->changed_rows++;
	return db_run(rs->db, ch);
}

/* One stored answer, at st's row, given its scores and card again:
 * its colour (0 to 3), -1 when it cannot be (an error listed), or a
 * code as -(code + 1). */
static int
rescore_row(struct rescorer *rs, sqlite3_stmt *st)
{
	long long file = sqlite3_column_int64(st, R_FILE);
	size_t line = (size_t)sqlite3_column_int64(st, R_LINE);
	const char *name = db_column_text(st, R_INSTRUMENT);
	int rc, color;

	rs->rows++;
	rs->alone += sqlite3_column_int(st, R_ALONE);
	if (file != rs->file_id && (rc = read_file(rs, file, name)) != 0)
		return -(rc + 1);
	buf_reset(&rs->why);
	if (rs->mapped == NULL || strcmp(rs->mapped->in->id, name) != 0)
		buf_printf(&rs->why, "its file's columns do not map to %s",
		    name);
	else if (rec_stored_record(rs->reader, db_column_text(st, R_RAW),
	    line) != 1)
		buf_printf(&rs->why, "its stored cells cannot be read: %s",
		    rec_error(rs->reader));
	else {
		long long person = sqlite3_column_int64(st, R_PERSON);

		rs->mapped->cards = rs->cards;
		if (rs->mapped->in->norms != NULL && (rc =
		    screen_row_norm_person(rs->mapped, rs->db, rs->norm_person,
		    rs->campaign, person)) != 0)
			return -(rc + 1);
		color = screen_row_card(rs->mapped, rs->reader, NULL, person,
		    &rs->why);
		if (color >= 0)
			return (rc = note_change(rs, st, rs->mapped, color)) ?
			    -(rc + 1) : color;
	}
	rs->errors++;
	diag_error(&rs->diag, rs->file_name ? rs->file_name : "?", line,
	    name, "cannot be re-scored: %s (its scores and card stand)",
	    buf_str(&rs->why));
	return -1;
}

/* Begins: a transaction (BEGIN IMMEDIATE to write, else one read), the
 * table of changes empty, the cards held into the campaign read.  0 or
 * a code, nothing begun. */
static int
begin(struct rescorer *rs, int writing)
{
	int rc = writing ? db_begin(rs->db) :
	    db_exec(rs->db, sql_screen_rescore_temp_writes);

	if (rc == 0 && !writing)
		rc = db_exec(rs->db, sql_screen_rescore_read);

	if (rc != 0)
		return rc;
	if ((rc = db_exec(rs->db, sql_screen_rescore_table)) == 0)
		rc = db_exec(rs->db, sql_screen_rescore_clear);
	if (rc == 0 && (rs->cards = cards_begin_rescore(rs->db, rs->policy,
	    rs->code, rs->campaign)) == NULL)
		rc = EX_SOFTWARE;
	if (rc != 0) {
		db_rollback(rs->db);
		return rc;
	}
	rs->file = db_prepare(rs->db, sql_screen_rescore_file);
	rs->changed = db_prepare(rs->db, sql_screen_rescore_changed);
	rs->norm_person = db_prepare(rs->db, sql_screen_import_norm_person);
	diag_init(&rs->diag, rs->cli->max_errors);
	return 0;
}

/* Ends a run that writes nothing: its reads, and its own writes to the
 * temporary table, which the connection refuses again after. */
static int
end_reading(struct rescorer *rs)
{
	db_rollback(rs->db);
	return db_exec(rs->db, sql_screen_rescore_query_only);
}

/* Every answer of the campaign given again into the table of changes:
 * 0, EX_DATAERR when some could not be (listed), or a code. */
static int
rescore_all(struct rescorer *rs)
{
	sqlite3_stmt *st = db_prepare(rs->db, sql_screen_rescore_responses);
	int rc, got = 0;

	sqlite3_bind_int64(st, 1, rs->campaign);
	while (got >= -1 && db_row(rs->db, st, &rc))
		got = rescore_row(rs, st);
	if (got < -1) {
		sqlite3_reset(st);
		rc = -got - 1;
	}
	sqlite3_finalize(st);
	diag_finish(&rs->diag);
	if (rc == 0 && rs->errors > 0) {
		warnx("%s: nothing was re-scored: %ld answer%s cannot be "
		    "(listed above); every score and card stands", rs->code,
		    rs->errors, rs->errors == 1 ? "" : "s");
		rc = EX_DATAERR;
	}
	return rc;
}

/* --explain: a line of one person's derivation. */
static int
say(struct rec_writer *w, const char *instrument, const char *step,
    const char *what, const char *value, const char *detail)
{
	const char *v[5] = { instrument, step, what, value, detail };

	return rec_write(w, v) != 0;
}

/* Each scale's score, band and missing items, and the critical items. */
static int
explain_scores(struct rec_writer *w, const struct screen_row *row)
{
	const struct instrument *in = row->in;
	const struct score_result *s = &row->s;
	int out = 0;

	for (size_t i = 0; i < in->nscales; i++) {
		const struct scale_result *r = &s->scales[i];
		char value[32], detail[256];

		if (r->scored)
			score_format(r->value, value);
		else
			snprintf(value, sizeof(value), "-");
		snprintf(detail, sizeof(detail), "band %s; %zu missing%s",
		    r->band ? r->band : "-", r->missing, !r->scored ?
		    " (too many: not scored)" : r->missing > 0 &&
		    in->scales[i].prorate ? " (prorated)" : "");
		out |= say(w, in->id, "scale", in->scales[i].id, value,
		    detail);
	}
	if (s->critical != NULL || s->critical_note != NULL)
		out |= say(w, in->id, "critical", s->critical ? s->critical :
		    "", s->critical_answered ? "answered" : "unanswered",
		    s->critical_note);
	if (!s->valid)
		out |= say(w, in->id, "invalid", "", "", s->reason);
	return out;
}

/* Each card rule that holds for the answer alone, with its colour. */
static int
explain_rules(struct rec_writer *w, const struct rescorer *rs,
    const struct screen_row *row)
{
	struct policy one = *rs->policy;
	struct buf why = {0};
	int out = 0;

	for (size_t i = 0; i < rs->policy->nrules; i++) {
		char *at;
		int color;

		/* the rule alone, as the policy's own code tests it */
		one.rules = &rs->policy->rules[i];
		one.nrules = 1;
		buf_reset(&why);
		if ((color = policy_response_color(&one, row->in, &row->s,
		    &why)) == CARD_NONE)
			continue;
		at = xasprintf("%s:%zu", rs->policy->path ?
		    rs->policy->path : "policy", one.rules->line);
		out |= say(w, row->in->id, "rule", at, card_color_name(color),
		    buf_str(&why));
		free(at);
	}
	if (row->words != CARD_NONE)
		out |= say(w, row->in->id, "words", "", card_color_name(
		    row->words), buf_str(&row->words_why));
	buf_free(&why);
	return out;
}

/* One answer of the person: where it is, and how it comes out. */
static int
explain_answer(struct rec_writer *w, struct rescorer *rs, sqlite3_stmt *st,
    int color)
{
	const char *name = db_column_text(st, R_INSTRUMENT);
	char where[64];
	int out;

	snprintf(where, sizeof(where), ":%lld",
	    (long long)sqlite3_column_int64(st, R_LINE));
	{
		char *at = xasprintf("%s%s", rs->file_name ? rs->file_name :
		    "?", where);
		out = say(w, name, "answer", at, sqlite3_column_int(st,
		    R_LATEST) ? "latest" : "superseded", "");
		free(at);
	}
	if (color < 0)
		return out | say(w, name, "error", "", "",
		    buf_str(&rs->why));
	out |= explain_scores(w, rs->mapped);
	out |= explain_rules(w, rs, rs->mapped);
	{
		char *was = xasprintf("was %s", db_column_text(st, R_CARD));
		out |= say(w, name, "card", was, card_color_name(color),
		    buf_str(&rs->mapped->reasons));
		free(was);
	}
	return out;
}

/* The card set by hand, whether it stands, and the card that results. */
static int
explain_card(struct rec_writer *w, struct rescorer *rs, long long person,
    int policy_card)
{
	sqlite3_stmt *st = db_prepare(rs->db, sql_screen_rescore_standing);
	const char *card = card_color_name(policy_card);
	char *set = NULL;
	int rc = 0, out = 0;

	sqlite3_bind_int64(st, 1, rs->campaign);
	sqlite3_bind_int64(st, 2, person);
	if (db_row(rs->db, st, &rc)) {
		int stands = sqlite3_column_int(st, 3);

		set = xstrdup(db_column_text(st, 0));
		out |= say(w, "", "card set", db_column_text(st, 1), set,
		    stands ? db_column_text(st, 2) : "no longer stands: "
		    "answered after it");
		if (stands)
			card = set;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	out |= say(w, "", "result", "", card, set != NULL && card == set ?
	    "set by hand" : "by the policy");
	free(set);
	return rc ? rc : out ? EX_IOERR : 0;
}

/* --explain ID: the person's every answer to the campaign, scored and
 * carded again, step by step, writing nothing. */
static int
explain(struct rescorer *rs, const char *person_no)
{
	static const char *const cols[] = { "instrument", "step", "what",
	    "value", "detail" };
	long long person;
	sqlite3_stmt *st;
	struct rec_writer *w;
	int rc, got, out = 0, card = CARD_NONE;

	if ((rc = db_id_of(rs->db, sql_screen_rescore_person_id, person_no,
	    &person)) != 0) {
		if (rc == DB_NONE)
			warnx("no person '%s'", person_no);
		return rc == DB_NONE ? EX_DATAERR : rc;
	}
	w = io_writer(rs->cli, 5, cols);
	st = db_prepare(rs->db, sql_screen_rescore_person);
	sqlite3_bind_int64(st, 1, rs->campaign);
	sqlite3_bind_int64(st, 2, person);
	while (db_row(rs->db, st, &rc)) {
		if ((got = rescore_row(rs, st)) < -1) {
			sqlite3_reset(st);
			rc = -got - 1;
			break;
		}
		if (got > card && sqlite3_column_int(st, R_LATEST))
			card = got;
		out |= explain_answer(w, rs, st, got);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = explain_card(w, rs, person, card);
	got = io_writer_close(w);
	return rc ? rc : out || got ? EX_IOERR : 0;
}

/* Prints who changes card, from the table of changes: 0 or a code;
 * *people how many. */
static int
print_diff(struct rescorer *rs, long *people)
{
	static const char *const cols[] = { "id", "name", "was", "now",
	    "set_by_hand", "reasons", "answers" };
	sqlite3_stmt *st = db_prepare(rs->db, sql_screen_rescore_diff);
	struct rec_writer *w = io_writer(rs->cli, 7, cols);
	int rc, out = 0, wrc;

	*people = 0;
	sqlite3_bind_int64(st, 1, rs->campaign);
	while (db_row(rs->db, st, &rc)) {
		const char *v[7];

		for (int i = 0; i < 7; i++)
			v[i] = db_column_text(st, i);
		out |= rec_write(w, v) != 0;
		(*people)++;
	}
	sqlite3_finalize(st);
	wrc = io_writer_close(w);
	return rc ? rc : out || wrc ? EX_IOERR : 0;
}

/* Each file's answers now follow its instrument's file and the policy
 * file of this run: how many files changed, or -1 after a message. */
static long
update_files(struct rescorer *rs)
{
	sqlite3_stmt *st = db_prepare(rs->db, sql_screen_rescore_file_rules);
	long n = 0;

	for (size_t i = 0; i < rs->nfiles && n >= 0; i++) {
		sqlite3_bind_int64(st, 1, rs->files[i]);
		sqlite3_bind_text(st, 2, rs->in[rs->file_in[i]]->sha256, -1,
		    SQLITE_STATIC);
		db_bind_static_or_null(st, 3, rs->policy->sha256);
		if (db_run(rs->db, st) != 0)
			n = -1;
		else
			n += sqlite3_changes(rs->db);
	}
	sqlite3_finalize(st);
	return n;
}

/* The rules on a person's answers together, and a follow-on's cards,
 * asked again of every file's people once their answers are re-scored,
 * as an import asks them (the difference printed is of the rules on
 * each answer: the cards these give are not in it). */
static int
tier_again(struct rescorer *rs)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (rs->alone > 0) {
		st = db_prepare(rs->db, sql_screen_rescore_alone);
		sqlite3_bind_int64(st, 1, rs->campaign);
		rc = db_run(rs->db, st);
		sqlite3_finalize(st);
	}
	for (size_t i = 0; i < rs->nfiles && rc == 0; i++) {
		struct tier_import ti = { rs->campaign, rs->files[i],
		    rs->code, NULL };

		rc = screen_tier_file(rs->db, rs->cli, rs->policy, &ti);
	}
	return rc;
}

/* Writes the changes back, with one line in the audit trail, and
 * commits; a run that changes nothing writes nothing. */
static int
write_back(struct rescorer *rs, long people)
{
	struct buf detail = {0};
	long files = rs->changed_rows ? 0 : update_files(rs);
	int rc = files < 0 ? EX_SOFTWARE : 0;

	if (rc == 0 && rs->changed_rows > 0) {
		if ((rc = db_exec(rs->db, sql_screen_rescore_update)) == 0 &&
		    (files = update_files(rs)) < 0)
			rc = EX_SOFTWARE;
	}
	if (rc == 0 && (rs->changed_rows > 0 || files > 0))
		rc = tier_again(rs);
	if (rc != 0 || (rs->changed_rows == 0 && files == 0)) {
		db_rollback(rs->db);
		return rc;
	}
	buf_printf(&detail, "%s: %ld answers re-scored, %ld changed, %ld "
	    "cards changed; policy %s", rs->code, rs->rows, rs->changed_rows,
	    people, rs->policy->sha256 ? rs->policy->sha256 : "none");
	for (size_t k = 0; k < rs->nin; k++)
		buf_printf(&detail, "; %s %s", rs->in[k]->id,
		    rs->in[k]->sha256);
	rc = audit_once(rs->db, rs->cli->now, rs->cli->actor,
	    "screen.rescore", rs->code, buf_str(&detail));
	buf_free(&detail);
	return db_end(rs->db, rc);
}

int
screen_rescore(sqlite3 *db, const struct cli *c,
    const struct score_options *o, const struct rescore_opts *ro)
{
	struct rescorer rs = { .db = db, .cli = c, .opts = o,
	    .code = ro->code, .file_id = -1 };
	long people = 0;
	int writing = !ro->dry_run && ro->explain == NULL, rc, erc, wal = 0;

	if ((rs.campaign = screen_campaign_id(db, ro->code)) == 0)
		return EX_DATAERR;
	if ((rc = load_rules(&rs, ro->instruments, ro->ninstruments)) != 0 ||
	    (rc = db_exec(db, sql_mmap_whole_reads)) != 0 ||
	    (writing && (rc = db_bulk_journal(db)) != 0) ||
	    (rc = begin(&rs, writing)) != 0) {
		if (writing)
			(void)db_wal_journal(db);
		rescorer_free(&rs);
		return rc;
	}
	if (ro->explain != NULL) {
		rc = explain(&rs, ro->explain);
		erc = end_reading(&rs);
		rescorer_free(&rs);
		return rc ? rc : erc;
	}
	rc = rescore_all(&rs);
	/* a dry run shows what it can; a run that cannot do all, nothing */
	if (rc == 0 || (rc == EX_DATAERR && ro->dry_run)) {
		int prc = print_diff(&rs, &people);
		rc = rc ? rc : prc;
	}
	if (rc == 0 && !ro->dry_run)
		rc = write_back(&rs, people);
	else if (ro->dry_run)
		rc = (erc = end_reading(&rs)) != 0 && rc == 0 ? erc : rc;
	else
		db_rollback(db);
	rescorer_free(&rs);
	/* a re-score rewrites pages: see db_bulk_journal */
	if (writing)
		wal = db_wal_journal(db);
	return rc ? rc : wal;
}

int
screen_rescore_counts(sqlite3 *db, const struct cli *c, const char *code,
    long long counts[4])
{
	static const struct score_options plain = { 0 };
	struct rescorer rs = { .db = db, .cli = c, .opts = &plain,
	    .code = code, .file_id = -1 };
	sqlite3_stmt *st;
	int rc, erc;

	memset(counts, 0, 4 * sizeof(*counts));
	if ((rs.campaign = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = load_rules(&rs, NULL, 0)) != 0 ||
	    (rc = begin(&rs, 0)) != 0) {
		rescorer_free(&rs);
		return rc;
	}
	if ((rc = rescore_all(&rs)) == 0) {
		st = db_prepare(db, sql_screen_rescore_counts);
		sqlite3_bind_int64(st, 1, rs.campaign);
		while (db_row(db, st, &rc)) {
			int color;

			if (card_color_parse(db_column_text(st, 0), &color) == 0)
				counts[color] += sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	erc = end_reading(&rs);
	rescorer_free(&rs);
	return rc ? rc : erc;
}
