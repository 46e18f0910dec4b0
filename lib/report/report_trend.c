/*
 * ph-report trend: the cards of each campaign, and between two campaigns
 * who moved from which colour to which, and who is newly red.  Each
 * file's campaigns are matched by code, its people by their own ids.
 */
#include "report.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "clock.h"
#include "counts.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "policy.h"
#include "screen.h"
#include "strmap.h"
#include "xalloc.h"

/* The campaign codes: those given (comma-separated), else every code of
 * every file that has begun by now, oldest first; *rc a sysexits code
 * when a file could not be read. */
static char **
campaign_codes(const struct report_dbs *r, const char *given, time_t now,
    size_t *n, int *rc)
{
	char **codes = NULL;
	size_t cap = 0;
	struct strmap seen;
	char today[11];

	*n = 0;
	*rc = 0;
	strmap_init(&seen);
	if (given != NULL) {
		char *copy = xstrdup(given), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t != NULL;
		    t = strtok_r(NULL, ",", &save)) {
			codes = xgrow(codes, &cap, *n + 1, sizeof(*codes));
			codes[(*n)++] = xstrdup(t);
		}
		free(copy);
	} else
		for (size_t i = 0; i < r->n && *rc == 0; i++) {
			sqlite3_stmt *st = db_prepare(r->db[i],
			    sql_report_trend_campaigns);
			long long dummy;

			clock_date(now, today);
			sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
			/* not db_row: a file that cannot be read says
			 * "campaigns: ...", as the tests and users know it */
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *code = db_column_text(st, 0);
				if (strmap_get(&seen, code, &dummy))
					continue;
				strmap_put(&seen, code, 1);
				codes = xgrow(codes, &cap, *n + 1, sizeof(*codes));
				codes[(*n)++] = xstrdup(code);
			}
			*rc = db_finalize(r->db[i], st, "campaigns");
		}
	strmap_free(&seen);
	return codes;
}

static void
codes_free(char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
}

static const char *const colours[] = { "red", "yellow", "blue", "none",
    "-" };

static int
colour_index(const char *c)
{
	for (int i = 0; i < 4; i++)
		if (c != NULL && strcmp(c, colours[i]) == 0)
			return i;
	return 4;	/* no card */
}

/* The cards of campaign id (code) of one file, at or under path (NULL:
 * all), added to row v[2..6]: with a card, red, yellow, blue, none.
 * With policy_cli (--policy P), the cards P would give the answers kept,
 * as ph-screen rescore --dry-run computes them (nothing written, cards
 * set by hand standing), for the whole campaign. */
static int
file_cards(sqlite3 *db, long long id, const char *code, const char *path,
    const struct cli *policy_cli, long long *v)
{
	struct counts t;
	long long n[4];
	int rc;

	if (policy_cli != NULL) {
		if ((rc = screen_rescore_counts(db, policy_cli, code, n)) != 0)
			return rc;
		for (int m = 0; m < 4; m++) {
			v[2] += n[CARD_RED - m];
			v[3 + m] += n[CARD_RED - m];
		}
		return 0;
	}
	/* the unit's own row, or the top units' */
	rc = counts_cards(db, id, path, path ? NULL : "top", &t);
	for (size_t j = 0; rc == 0 && j < t.n; j++)
		if (path == NULL || strcmp(t.rows[j].path, path) == 0)
			for (int m = 0; m < 5; m++)
				v[2 + m] += t.rows[j].v[m];
	counts_free(&t);
	return rc;
}

/* The cards of each campaign in codes, as figures: a row a campaign,
 * v[2..6] with a card, red, yellow, blue, none (policy_cli: file_cards). */
static int
trend_figures(const struct report_dbs *r, const struct report_opts *o,
    const struct cli *policy_cli, char **codes, size_t ncodes,
    struct report_figures *f)
{
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->unit = xcalloc(ncodes + 1, sizeof(*f->unit));
	f->v = xcalloc(ncodes + 1, sizeof(*f->v));
	for (size_t k = 0; k < ncodes && rc == 0; k++) {
		f->unit[f->n] = xstrdup(codes[k]);
		for (size_t i = 0; i < r->n && rc == 0; i++) {
			long long id = counts_campaign(r->db[i], codes[k], 0), unit;
			char *path;

			if (id < 0) {
				rc = (int)-id;
				break;
			}
			if (id == 0 || !report_unit_in(r->db[i], o->unit, &path, &unit))
				continue;
			f->campaigns++;
			rc = file_cards(r->db[i], id, codes[k], path, policy_cli,
			    f->v[f->n]);
			free(path);
		}
		f->n++;
	}
	return rc;
}

int
report_trend_figures(const struct report_dbs *r, const struct report_opts *o,
    struct report_figures *f)
{
	size_t ncodes;
	int rc;
	char **codes = campaign_codes(r, NULL, o->now, &ncodes, &rc);

	/* one campaign is no trend: not counted again */
	if (rc != 0 || ncodes < 2) {
		memset(f, 0, sizeof(*f));
		codes_free(codes, ncodes);
		return rc;
	}
	rc = trend_figures(r, o, NULL, codes, ncodes, f);

	codes_free(codes, ncodes);
	return rc;
}

/* The cards of each campaign, a row each. */
static int
trend_rows(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, char **codes, size_t ncodes)
{
	static const char *const cols[] = { "campaign", "screened", "red",
	    "yellow", "blue", "none", "red_share" };
	struct rec_writer *w = io_writer(c, 7, cols);
	struct report_figures f;
	int rc, out = 0;

	rc = trend_figures(r, o, c->policy != NULL ? c : NULL, codes, ncodes,
	    &f);
	for (size_t k = 0; rc == 0 && k < f.n; k++) {
		char num[5][24], share[16];
		const char *row[7] = { f.unit[k], num[0], num[1], num[2],
		    num[3], num[4], share };

		for (int m = 0; m < 5; m++)
			snprintf(num[m], sizeof(num[m]), "%lld", f.v[k][2 + m]);
		counts_rate(f.v[k][3], f.v[k][2], share);
		if (rec_write(w, row) != 0)
			out = 1;
	}
	report_figures_free(&f);
	return report_done(w, rc, out);
}

/* Who went from which colour to which between campaigns a and b of one
 * file, at or under path (NULL: all), into moves; with new_red, each
 * newly red person into w. */
static int
file_moves(sqlite3 *db, long long a, long long b, const char *path,
    int new_red, long long moves[5][5], struct rec_writer *w, int *out)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_trend_both);
	int rc;

	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	db_bind_text_or_null(st, 3, path);
	while (db_row(db, st, &rc)) {
		const char *was = sqlite3_column_type(st, 0) == SQLITE_NULL ?
		    NULL : db_column_text(st, 0);
		int x = colour_index(was);
		int y = colour_index(db_column_text(st, 1));

		moves[x][y]++;
		if (new_red && y == 0 && x != 0) {
			const char *f[4] = { db_column_text(st, 4),
			    db_column_text(st, 2), db_column_text(st, 3),
			    colours[x] };

			if (rec_write(w, f) != 0)
				*out = 1;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* --moved: how many went from each colour to each; --new-red: who is
 * red in the last campaign and was not in the one before. */
static int
trend_moves(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const char *from, const char *to,
    int moved, int new_red)
{
	static const char *const mcols[] = { "from", "to", "people" };
	static const char *const ncols[] = { "unit", "id", "name", "was" };
	long long moves[5][5] = { { 0 } };
	struct rec_writer *w = moved ? io_writer(c, 3, mcols) :
	    io_writer(c, 4, ncols);
	int rc = 0, out = 0;

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		long long a = counts_campaign(r->db[i], from, 0);
		long long b = counts_campaign(r->db[i], to, 0);
		char *path;
		long long unit;

		if (a < 0 || b < 0) {
			rc = (int)-(a < 0 ? a : b);
			break;
		}
		if (b == 0 || !report_unit_in(r->db[i], o->unit, &path, &unit))
			continue;
		rc = file_moves(r->db[i], a, b, path, new_red, moves, w, &out);
		free(path);
	}
	for (int x = 0; moved && rc == 0 && x < 5; x++)
		for (int y = 0; y < 4; y++) {
			char n[24];
			const char *f[3] = { colours[x], colours[y], n };

			if (moves[x][y] == 0)
				continue;
			snprintf(n, sizeof(n), "%lld", moves[x][y]);
			if (rec_write(w, f) != 0)
				out = 1;
		}
	return report_done(w, rc, out);
}

int
report_trend(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const char *campaigns, int moved,
    int new_red)
{
	size_t ncodes;
	int rc;
	char **codes = campaign_codes(r, campaigns, o->now, &ncodes, &rc);

	if (rc == 0 && c->policy != NULL && (moved || new_red ||
	    o->unit != NULL)) {
		warnx("trend --policy counts whole campaigns: not with --unit, "
		    "--moved or --new-red");
		rc = EX_USAGE;
	}
	if (rc == 0 && (ncodes == 0 || ((moved || new_red) && ncodes < 2))) {
		warnx(ncodes == 0 ? "no campaign to compare" : "--moved and "
		    "--new-red compare two campaigns: name them with "
		    "--campaigns C1,C2");
		rc = EX_DATAERR;
	}
	if (rc == 0)
		/* the last two campaigns named (or of the files) */
		rc = !moved && !new_red ? trend_rows(r, c, o, codes, ncodes) :
		    trend_moves(r, c, o, codes[ncodes - 2], codes[ncodes - 1],
		    moved, new_red);
	codes_free(codes, ncodes);
	return rc;
}
