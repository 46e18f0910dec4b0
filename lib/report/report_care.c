/*
 * ph-report followups, alerts, cases: whether the care that the cards ask
 * for came, and in time, per school (or grade, or class): red cards seen
 * within the policy's deadline; alerts acknowledged, how fast, how far up
 * they went; crisis and referral cases opened, closed, late.  (Staffing
 * and the referrals' steps: report_staffing.c, report_referrals.c.)
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "buf.h"
#include "clock.h"
#include "counts.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "schedule.h"
#include "strmap.h"
#include "xalloc.h"

/* The part of a unit path at level by: school one component, grade two,
 * class three (the whole path for anything else).  malloc'd. */
static char *
level_of(const char *path, const char *by)
{
	int parts = by == NULL || strcmp(by, "top") == 0 ||
	    strcmp(by, "school") == 0 || strcmp(by, "organisation") == 0 ? 1 :
	    strcmp(by, "grade") == 0 || strcmp(by, "department") == 0 ? 2 : 3;
	const char *p = path;

	for (int i = 0; i < parts && p != NULL; i++) {
		p = strchr(p, '/');
		if (p != NULL && i + 1 < parts)
			p++;
	}
	return p == NULL ? xstrdup(path) : xstrndup(path, (size_t)(p - path));
}

/* Rows by unit, in the order first seen, each with a few counts and a
 * list of durations (for median and worst). */
#define CARE_VALUES 6
_Static_assert(FT_COUNT <= CARE_VALUES, "a unit's first talks fit its row");
#define MAX_LEVELS REPORT_LEVELS
struct care {
	struct strmap index;
	struct care_row {
		char *unit;	/* first: report_row's key */
		long long v[CARE_VALUES];
		long long to_level[MAX_LEVELS];	/* escalations into each */
		long long *hours;
		size_t nhours, cap;
	} *rows;
	size_t n, cap;
};

static struct care_row *
care_row(struct care *t, const char *path, const char *by)
{
	char *unit = level_of(path, by);
	size_t i = report_row(&t->index, &t->rows, &t->n, &t->cap,
	    sizeof(*t->rows), unit);

	free(unit);
	return &t->rows[i];
}

static void
care_free(struct care *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].unit);
		free(t->rows[i].hours);
	}
	free(t->rows);
	strmap_free(&t->index);
}

static int
by_hours(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Median and worst of a row's durations, as text ("" when none). */
static void
median_worst(struct care_row *row, char median[24], char worst[24])
{
	median[0] = worst[0] = '\0';
	if (row->nhours == 0)
		return;
	qsort(row->hours, row->nhours, sizeof(*row->hours), by_hours);
	snprintf(median, 24, "%lld", row->hours[(row->nhours - 1) / 2]);
	snprintf(worst, 24, "%lld", row->hours[row->nhours - 1]);
}

static void
add_hours(struct care_row *row, long long h)
{
	row->hours = xgrow(row->hours, &row->cap, row->nhours + 1,
	    sizeof(*row->hours));
	row->hours[row->nhours++] = h;
}

void
report_first_talk_figures(const struct first_talks *firsts, size_t n,
    const char *by, struct report_figures *f)
{
	struct care t;

	memset(&t, 0, sizeof(t));
	memset(f, 0, sizeof(*f));
	strmap_init(&t.index);
	/* each file's units in the order of its tree, a unit of a later
	 * file after the first file's, as the other sections go */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < firsts[i].n; j++) {
			const struct first_talk_row *from = &firsts[i].rows[j];
			struct care_row *row = care_row(&t, from->unit, by);

			for (int k = 0; k < FT_COUNT; k++)
				row->v[k] += from->v[k];
		}
	f->n = t.n;
	f->unit = xcalloc(t.n + 1, sizeof(*f->unit));
	f->v = xcalloc(t.n + 1, sizeof(*f->v));
	for (size_t i = 0; i < t.n; i++) {
		f->unit[i] = t.rows[i].unit;
		t.rows[i].unit = NULL;
		memcpy(f->v[i], t.rows[i].v, sizeof(t.rows[i].v));
	}
	care_free(&t);
}

int
report_followup_figures(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, struct report_figures *f)
{
	struct first_talks *firsts = xcalloc(r->n + 1, sizeof(*firsts));
	int rc = 0;

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = sched_first_talks(r->db[i], c, o->campaign, &firsts[i]);
	if (rc == 0)
		report_first_talk_figures(firsts, r->n, o->by, f);
	for (size_t i = 0; i < r->n; i++)
		sched_first_talks_free(&firsts[i]);
	free(firsts);
	return rc;
}

int
report_followups(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "red_cards", "seen_in_time",
	    "seen_late", "booked", "overdue", "not_yet_due", "in_time_share" };
	struct report_figures f;
	struct rec_writer *w;
	long long total[CARE_VALUES] = { 0 };
	int rc = report_followup_figures(r, c, o, &f), out = 0;

	if (rc != 0)
		return rc;
	w = io_writer(c, 8, cols);
	for (size_t i = 0; i <= f.n; i++) {
		const long long *v = i < f.n ? f.v[i] : total;
		char num[6][24], share[16];
		const char *row[8] = { i < f.n ? f.unit[i] : "total",
		    num[0], num[1], num[2], num[3], num[4], num[5], share };

		/* overdue before not yet due, as the columns say */
		for (int k = 0; k < CARE_VALUES; k++)
			snprintf(num[k], 24, "%lld", v[k]);
		counts_rate(v[1], v[0], share);
		if (rec_write(w, row) != 0)
			out = 1;
		for (int k = 0; i < f.n && k < CARE_VALUES; k++)
			total[k] += v[k];
	}
	if (io_writer_close(w) != 0)
		out = 1;
	report_figures_free(&f);
	return out ? EX_IOERR : 0;
}

/* The levels n alerts' escalations went to ("1,2", 0-based as stored),
 * counted into their row and into the total. */
static void
add_levels(struct care_row *row, struct care_row *sum, const char *levels,
    long long n)
{
	for (const char *l = levels; l != NULL && *l != '\0';) {
		char *end;
		long lv = strtol(l, &end, 10);

		if (lv >= 0 && lv < MAX_LEVELS) {
			row->to_level[lv] += n;
			sum->to_level[lv] += n;
		}
		if (*end != ',')
			break;
		l = end + 1;
	}
}

/* One file's alerts into t (by unit at level by, in the order of the
 * unit tree) and all (the total). */
static int
alerts_tally(sqlite3 *db, const char *by, struct care *t, struct care *all)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_alerts_each);
	int rc;

	while (db_row(db, st, &rc)) {
		struct care_row *row = care_row(t, db_column_text(st, 0), by);
		struct care_row *sum = care_row(all, "total", NULL);
		int acked = strcmp(db_column_text(st, 1), "acked") == 0;
		long long n = sqlite3_column_int64(st, 6);

		row->v[0] += n;
		row->v[acked ? 1 : 2] += n;
		row->v[3] += sqlite3_column_int(st, 3) * n;
		row->v[4] += sqlite3_column_int(st, 4) * n;
		add_levels(row, sum, (const char *)sqlite3_column_text(st, 5),
		    n);
		for (long long k = 0; acked && k < n &&
		    sqlite3_column_type(st, 2) != SQLITE_NULL; k++) {
			add_hours(row, sqlite3_column_int64(st, 2));
			add_hours(sum, sqlite3_column_int64(st, 2));
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The alerts' rows, by unit, then the total (all's one row), to fn. */
static int
alerts_rows(struct care *t, struct care *all, report_alert_fn fn, void *ctx)
{
	long long total[CARE_VALUES] = { 0 };
	int rc = 0;

	for (size_t i = 0; i <= t->n && rc == 0; i++) {
		struct care_row *row = i < t->n ? &t->rows[i] :
		    care_row(all, "total", NULL);
		struct report_alert_row a = { i < t->n ? row->unit : NULL,
		    i < t->n ? row->v : total, "", "", row->to_level };
		char median[24], worst[24];

		median_worst(row, median, worst);
		a.median = median;
		a.worst = worst;
		rc = fn(ctx, &a);
		for (int k = 0; i < t->n && k < 5; k++)
			total[k] += row->v[k];
	}
	return rc;
}

int
report_alerts_each(const struct report_dbs *r, const char *by,
    report_alert_fn fn, void *ctx)
{
	struct care t, all;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	strmap_init(&t.index);
	memset(&all, 0, sizeof(all));
	strmap_init(&all.index);
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = alerts_tally(r->db[i], by, &t, &all);
	if (rc == 0)
		rc = alerts_rows(&t, &all, fn, ctx);
	care_free(&t);
	care_free(&all);
	return rc;
}

/* An alerts' row as ph-report alerts writes it. */
static int
alert_write(void *ctx, const struct report_alert_row *a)
{
	char num[5][24];
	struct buf levels = {0};
	const char *f[9] = { a->unit ? a->unit : "total", num[0], num[1],
	    num[2], num[3], num[4], a->median, a->worst, NULL };
	int rc;

	for (int k = 0; k < 5; k++)
		snprintf(num[k], 24, "%lld", a->v[k]);
	/* "level 2: 3, level 3: 1", levels counted from 1 */
	for (int k = 0; k < REPORT_LEVELS; k++)
		if (a->to_level[k] > 0)
			buf_printf(&levels, "%slevel %d: %lld",
			    levels.len ? ", " : "", k + 1, a->to_level[k]);
	f[8] = buf_str(&levels);
	rc = rec_write(ctx, f) != 0 ? EX_IOERR : 0;
	buf_free(&levels);
	return rc;
}

int
report_alerts(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "alerts", "acknowledged",
	    "open", "escalated", "past_last_level", "median_hours_to_ack",
	    "worst_hours_to_ack", "escalations_by_level" };
	struct rec_writer *w = io_writer(c, 9, cols);
	int rc = report_alerts_each(r, o->by, alert_write, w);

	return report_done(w, rc == EX_IOERR ? 0 : rc, rc == EX_IOERR);
}

/* The closed cases' outcomes of each kind, as "outcome n; ...". */
struct outcomes {
	const char *kind;
	char *text;
};

/* One file's cases into t by kind: opened, closed, open, with a step
 * late (as the policy p asks for them), days to close. */
static int
cases_tally(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    struct care *t)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_cases_each);
	sqlite3_stmt *has = db_prepare(db, sql_case_step_recorded);
	int rc = 0, step = 0;

	while (rc == 0 && db_row(db, st, &step)) {
		struct care_row *row = care_row(t, db_column_text(st, 1),
		    "class");
		int open = strcmp(db_column_text(st, 2), "open") == 0;
		time_t due;

		row->v[0]++;
		row->v[open ? 2 : 1]++;
		if (!open)
			add_hours(row, sqlite3_column_int64(st, 4));
		else if (case_next_step(has, case_kind_of(p,
		    db_column_text(st, 1)), sqlite3_column_int64(st, 0),
		    (time_t)sqlite3_column_int64(st, 3), &due, &rc) != NULL &&
		    due <= c->now)
			row->v[3]++;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(has);
	return rc ? rc : step;
}

/* One file's outcomes added to those of the files before. */
static int
cases_outcomes(sqlite3 *db, struct outcomes *outcomes, size_t n)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_cases_outcomes);
	int rc;

	while (db_row(db, st, &rc))
		for (size_t k = 0; k < n; k++)
			if (strcmp(outcomes[k].kind, db_column_text(st,
			    0)) == 0) {
				char *joined = outcomes[k].text ?
				    xasprintf("%s; %s", outcomes[k].text,
				    db_column_text(st, 1)) :
				    xstrdup(db_column_text(st, 1));
				free(outcomes[k].text);
				outcomes[k].text = joined;
			}
	sqlite3_finalize(st);
	return rc;
}

/* The cases' rows, a kind each, to fn. */
static int
cases_rows(const struct care *t, const struct outcomes *outcomes, size_t n,
    report_case_fn fn, void *ctx)
{
	int rc = 0;

	for (size_t i = 0; i < t->n && rc == 0; i++) {
		struct care_row *row = &t->rows[i];
		char median[24], worst[24];
		const char *said = "";

		median_worst(row, median, worst);
		for (size_t k = 0; k < n; k++)
			if (strcmp(outcomes[k].kind, row->unit) == 0 &&
			    outcomes[k].text != NULL)
				said = outcomes[k].text;
		rc = fn(ctx, row->unit, row->v, median, said);
	}
	return rc;
}

static int
case_write(void *ctx, const char *kind, const long long v[4],
    const char *median, const char *outcomes)
{
	char num[4][24];
	const char *f[7] = { kind, num[0], num[1], num[2], num[3], median,
	    outcomes };

	for (int k = 0; k < 4; k++)
		snprintf(num[k], 24, "%lld", v[k]);
	return rec_write(ctx, f) != 0 ? EX_IOERR : 0;
}

int
report_cases_each(const struct report_dbs *r, const struct cli *c,
    report_case_fn fn, void *ctx)
{
	const struct alert_policy *p = alert_policy_of(c);
	struct care t;
	struct outcomes outcomes[2] = { { "crisis", NULL },
	    { "referral", NULL } };
	int rc = 0;

	if (p == NULL)
		return EX_CONFIG;
	memset(&t, 0, sizeof(t));
	strmap_init(&t.index);
	/* the two kinds always, in this order */
	(void)care_row(&t, "crisis", "class");
	(void)care_row(&t, "referral", "class");
	for (size_t i = 0; i < r->n && rc == 0; i++)
		if ((rc = cases_tally(r->db[i], c, p, &t)) == 0)
			rc = cases_outcomes(r->db[i], outcomes, 2);
	if (rc == 0)
		rc = cases_rows(&t, outcomes, 2, fn, ctx);
	for (int k = 0; k < 2; k++)
		free(outcomes[k].text);
	care_free(&t);
	return rc;
}

int
report_cases(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "kind", "opened", "closed", "open",
	    "step_late", "median_days_to_close", "outcomes" };
	struct rec_writer *w;
	int rc;

	/* no header when the policy cannot be read */
	if (alert_policy_of(c) == NULL)
		return EX_CONFIG;
	w = io_writer(c, 7, cols);
	rc = report_cases_each(r, c, case_write, w);
	return report_done(w, rc == EX_IOERR ? 0 : rc, rc == EX_IOERR);
}
