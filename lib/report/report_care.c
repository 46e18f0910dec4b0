/*
 * ph-report followups, alerts, cases: whether the care that the cards ask
 * for came, and in time, per school (or grade, or class): red cards seen
 * within the policy's deadline; alerts acknowledged, how fast, how far up
 * they went; crisis and referral cases opened, closed, late.
 */
#include "report.h"

#include <err.h>
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
#include "policy.h"
#include "rec.h"
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
#define MAX_LEVELS 8
struct care {
	struct strmap index;
	struct care_row {
		char *unit;
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
	long long i;

	if (!strmap_get(&t->index, unit, &i)) {
		t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
		memset(&t->rows[t->n], 0, sizeof(*t->rows));
		t->rows[t->n].unit = xstrdup(unit);
		i = (long long)t->n++;
		strmap_put(&t->index, unit, i);
	}
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

/* Sorts rows by unit path, so that the files' rows interleave in the
 * order a reader expects. */
static int
by_unit(const void *a, const void *b)
{
	return strcmp(((const struct care_row *)a)->unit,
	    ((const struct care_row *)b)->unit);
}

struct followup_tally {
	struct care *t;
	const char *by;
};

/* Each red card's first talk: in time, late, booked, not yet due,
 * overdue. */
static int
tally_followup(void *ctx, const struct followup_step *s)
{
	struct followup_tally *f = ctx;
	struct care_row *row;

	if (s->step != 0)
		return 0;
	row = care_row(f->t, s->unit, f->by);
	row->v[0]++;
	if (strcmp(s->state, "done") == 0)
		row->v[strcmp(s->appt_day, s->due) <= 0 ? 1 : 2]++;
	else if (strcmp(s->state, "booked") == 0)
		row->v[3]++;
	else
		row->v[strcmp(s->state, "overdue") == 0 ? 4 : 5]++;
	return 0;
}

int
report_followups(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "red_cards", "seen_in_time",
	    "seen_late", "booked", "overdue", "not_yet_due", "in_time_share" };
	struct care t;
	struct followup_tally f;
	struct rec_writer *w;
	long long total[CARE_VALUES] = { 0 };
	int rc = 0, out = 0;

	memset(&t, 0, sizeof(t));
	strmap_init(&t.index);
	f.t = &t;
	f.by = o->by;
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = sched_followup_walk(r->db[i], c, o->campaign, FOLLOWUP_ALL,
		    tally_followup, &f);
	if (rc != 0) {
		care_free(&t);
		return rc;
	}
	qsort(t.rows, t.n, sizeof(*t.rows), by_unit);
	w = io_writer(c, 8, cols);
	for (size_t i = 0; i <= t.n; i++) {
		const long long *v = i < t.n ? t.rows[i].v : total;
		char num[6][24], share[16];
		const char *row[8] = { i < t.n ? t.rows[i].unit : "total",
		    num[0], num[1], num[2], num[3], num[4], num[5], share };

		/* overdue before not yet due, as the columns say */
		snprintf(num[0], 24, "%lld", v[0]);
		snprintf(num[1], 24, "%lld", v[1]);
		snprintf(num[2], 24, "%lld", v[2]);
		snprintf(num[3], 24, "%lld", v[3]);
		snprintf(num[4], 24, "%lld", v[4]);
		snprintf(num[5], 24, "%lld", v[5]);
		counts_rate(v[1], v[0], share);
		if (rec_write(w, row) != 0)
			out = 1;
		for (int k = 0; i < t.n && k < CARE_VALUES; k++)
			total[k] += v[k];
	}
	if (io_writer_close(w) != 0)
		out = 1;
	care_free(&t);
	return out ? EX_IOERR : 0;
}

int
report_alerts(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "alerts", "acknowledged",
	    "open", "escalated", "past_last_level", "median_hours_to_ack",
	    "worst_hours_to_ack", "escalations_by_level" };
	struct care t, all;
	struct rec_writer *w;
	long long total[CARE_VALUES] = { 0 };
	int rc = 0, out = 0;

	memset(&t, 0, sizeof(t));
	strmap_init(&t.index);
	memset(&all, 0, sizeof(all));
	strmap_init(&all.index);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		sqlite3_stmt *st = db_prepare(r->db[i], "SELECT coalesce(u.path, "
		    "''), a.status, (a.acked_at - a.raised_at + 1799) / 3600, "
		    "EXISTS (SELECT 1 FROM alert_event e WHERE e.alert_id = a.id "
		    "AND e.kind = 'escalated'), EXISTS (SELECT 1 FROM alert_event "
		    "e WHERE e.alert_id = a.id AND e.kind = 'reminded'), (SELECT "
		    "group_concat(e.level, ',') FROM alert_event e WHERE "
		    "e.alert_id = a.id AND e.kind = 'escalated') FROM alert a LEFT "
		    "JOIN person p ON p.id = a.person_id LEFT JOIN unit u ON "
		    "u.id = coalesce(p.unit_id, a.unit_id)");
		int step;

		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			struct care_row *row = care_row(&t, db_column_text(st, 0),
			    o->by);
			struct care_row *sum = care_row(&all, "total", NULL);
			int acked = strcmp(db_column_text(st, 1), "acked") == 0;

			row->v[0]++;
			row->v[acked ? 1 : 2]++;
			row->v[3] += sqlite3_column_int(st, 3);
			row->v[4] += sqlite3_column_int(st, 4);
			/* the levels escalations went to, 0-based as stored */
			for (const char *l = (const char *)sqlite3_column_text(st,
			    5); l != NULL && *l != '\0';) {
				long lv = strtol(l, (char **)&l, 10);
				if (lv >= 0 && lv < MAX_LEVELS) {
					row->to_level[lv]++;
					sum->to_level[lv]++;
				}
				if (*l == ',')
					l++;
				else
					break;
			}
			if (acked && sqlite3_column_type(st, 2) != SQLITE_NULL) {
				add_hours(row, sqlite3_column_int64(st, 2));
				add_hours(sum, sqlite3_column_int64(st, 2));
			}
		}
		if (step != SQLITE_DONE)
			rc = db_fail(r->db[i], "alerts");
		sqlite3_finalize(st);
	}
	if (rc == 0) {
		qsort(t.rows, t.n, sizeof(*t.rows), by_unit);
		w = io_writer(c, 9, cols);
		for (size_t i = 0; i <= t.n; i++) {
			struct care_row *row = i < t.n ? &t.rows[i] :
			    care_row(&all, "total", NULL);
			const long long *v = i < t.n ? row->v : total;
			char num[5][24], median[24], worst[24];
			struct buf levels = {0};
			const char *f[9] = { row->unit, num[0], num[1], num[2],
			    num[3], num[4], median, worst, NULL };

			for (int k = 0; k < 5; k++)
				snprintf(num[k], 24, "%lld", v[k]);
			median_worst(row, median, worst);
			/* "level 2: 3, level 3: 1", levels counted from 1 */
			for (int k = 0; k < MAX_LEVELS; k++)
				if (row->to_level[k] > 0)
					buf_printf(&levels, "%slevel %d: %lld",
					    levels.len ? ", " : "", k + 1,
					    row->to_level[k]);
			f[8] = buf_str(&levels);
			if (rec_write(w, f) != 0)
				out = 1;
			buf_free(&levels);
			for (int k = 0; i < t.n && k < 5; k++)
				total[k] += v[k];
		}
		if (io_writer_close(w) != 0)
			out = 1;
	}
	care_free(&t);
	care_free(&all);
	return rc ? rc : out ? EX_IOERR : 0;
}

int
report_cases(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "kind", "opened", "closed", "open",
	    "step_late", "median_days_to_close", "outcomes" };
	struct alert_policy *p = alert_policy_for(c);
	struct care t;
	struct rec_writer *w;
	struct buf_outcomes {
		char *kind;
		char *text;
	} outcomes[2] = { { "crisis", NULL }, { "referral", NULL } };
	int rc = 0, out = 0;

	if (p == NULL)
		return EX_CONFIG;
	memset(&t, 0, sizeof(t));
	strmap_init(&t.index);
	/* the two kinds always, in this order */
	(void)care_row(&t, "crisis", "class");
	(void)care_row(&t, "referral", "class");
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		sqlite3_stmt *st = db_prepare(r->db[i], "SELECT id, kind, status, "
		    "opened_at, (closed_at - opened_at + 43199) / 86400 FROM "
		    "ph_case");
		sqlite3_stmt *has = db_prepare(r->db[i], "SELECT 1 FROM "
		    "case_event WHERE case_id = ? AND kind = ?");
		int step;

		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
			struct care_row *row = care_row(&t, db_column_text(st, 1),
			    "class");
			int open = strcmp(db_column_text(st, 2), "open") == 0;
			time_t due;

			row->v[0]++;
			row->v[open ? 2 : 1]++;
			if (!open)
				add_hours(row, sqlite3_column_int64(st, 4));
			else if (case_next_step(has, case_kind_of(p,
			    db_column_text(st, 1)), sqlite3_column_int64(st, 0),
			    (time_t)sqlite3_column_int64(st, 3), &due, &rc) !=
			    NULL && due <= c->now)
				row->v[3]++;
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_fail(r->db[i], "cases");
		sqlite3_finalize(st);
		sqlite3_finalize(has);
		/* outcomes of closed cases, with how many each */
		st = db_prepare(r->db[i], "SELECT kind, group_concat(outcome || "
		    "' ' || n, '; ') FROM (SELECT kind, outcome, count(*) AS n "
		    "FROM ph_case WHERE status = 'closed' GROUP BY kind, outcome "
		    "ORDER BY kind, n DESC, outcome) GROUP BY kind");
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
			for (int k = 0; k < 2; k++)
				if (strcmp(outcomes[k].kind, db_column_text(st,
				    0)) == 0) {
					char *joined = outcomes[k].text ?
					    xasprintf("%s; %s", outcomes[k].text,
					    db_column_text(st, 1)) :
					    xstrdup(db_column_text(st, 1));
					free(outcomes[k].text);
					outcomes[k].text = joined;
				}
		{
			int orc = db_finalize(r->db[i], st, "cases");
			rc = rc ? rc : orc;
		}
	}
	if (rc == 0) {
		w = io_writer(c, 7, cols);
		for (size_t i = 0; i < t.n; i++) {
			struct care_row *row = &t.rows[i];
			char num[4][24], median[24], worst[24];
			const char *text = "";
			const char *f[7] = { row->unit, num[0], num[1], num[2],
			    num[3], median, NULL };

			for (int k = 0; k < 4; k++)
				snprintf(num[k], 24, "%lld", row->v[k]);
			median_worst(row, median, worst);
			for (int k = 0; k < 2; k++)
				if (strcmp(outcomes[k].kind, row->unit) == 0 &&
				    outcomes[k].text != NULL)
					text = outcomes[k].text;
			f[6] = text;
			if (rec_write(w, f) != 0)
				out = 1;
		}
		if (io_writer_close(w) != 0)
			out = 1;
	}
	for (int k = 0; k < 2; k++)
		free(outcomes[k].text);
	care_free(&t);
	alert_policy_free(p);
	return rc ? rc : out ? EX_IOERR : 0;
}

int
report_staffing_policy(const struct cli *c, double want[2])
{
	static const char *const keys[] = { "students_per_counsellor",
	    "min_counsellors" };
	int rc;

	want[0] = 800;
	want[1] = 1;
	if ((rc = policy_numbers(c->policy, "reports", keys, 2, want)) != 0)
		return rc;
	if (want[0] < 1 || want[1] < 0) {
		warnx("the policy's reports.students_per_counsellor must be 1 "
		    "or more, and min_counsellors 0 or more");
		return EX_CONFIG;
	}
	return 0;
}

int
report_staffing_rows(sqlite3 *db, const double want[2],
    int (*fn)(void *ctx, const char *school, long long pupils,
    long long have, long long need), void *ctx)
{
	/* each school with pupils: its active pupils (counted per unit
	 * once, then added up per school: not the people read again for
	 * each school), and who holds the counsellor role in it or under
	 * it */
	sqlite3_stmt *st = db_prepare(db, "WITH n(unit, c) AS (SELECT "
	    "unit_id, count(*) FROM person WHERE status = 'active' AND kind = "
	    "'student' GROUP BY unit_id), pupils(school, c) AS (SELECT s.id, "
	    "sum(n.c) FROM n JOIN unit u ON u.id = n.unit JOIN unit s ON "
	    "s.kind = 'school' AND (u.path = s.path OR substr(u.path, 1, "
	    "length(s.path) + 1) = s.path || '/') GROUP BY s.id) SELECT "
	    "s.path, p.c, (SELECT count(DISTINCT ro.contact_id) FROM role ro "
	    "JOIN unit u ON u.id = ro.unit_id WHERE ro.role = 'counsellor' AND "
	    "ro.until IS NULL AND (u.path = s.path OR substr(u.path, 1, "
	    "length(s.path) + 1) = s.path || '/')) FROM unit s JOIN pupils p "
	    "ON p.school = s.id WHERE p.c > 0 ORDER BY s.path");
	int rc = 0, step;

	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		long long n = sqlite3_column_int64(st, 1);
		long long per = (long long)want[0];
		long long need = (n + per - 1) / per;

		if (need < (long long)want[1])
			need = (long long)want[1];
		rc = fn(ctx, db_column_text(st, 0), n, sqlite3_column_int64(st,
		    2), need);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_fail(db, "staffing");
	sqlite3_finalize(st);
	return rc;
}

static int
staffing_row(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	char a[24], b[24], d[24];
	const char *f[5] = { school, a, b, d, have >= need ? "met" : "short" };

	snprintf(a, sizeof(a), "%lld", pupils);
	snprintf(b, sizeof(b), "%lld", have);
	snprintf(d, sizeof(d), "%lld", need);
	return rec_write(ctx, f) != 0 ? EX_IOERR : 0;
}

int
report_staffing(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "school", "students",
	    "counsellors", "needed", "verdict" };
	struct rec_writer *w;
	double want[2];
	int rc, wrc;

	if ((rc = report_staffing_policy(c, want)) != 0)
		return rc;
	w = io_writer(c, 5, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = report_staffing_rows(r->db[i], want, staffing_row, w);
	wrc = io_writer_close(w);
	return rc ? rc : wrc;
}

int
report_referrals(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "case", "unit", "id", "name",
	    "opened", "status", "steps" };
	struct alert_policy *p = alert_policy_for(c);
	const struct case_kind *k;
	struct rec_writer *w;
	int rc = 0, out = 0;

	if (p == NULL)
		return EX_CONFIG;
	k = case_kind_of(p, "referral");
	w = io_writer(c, 7, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		sqlite3_stmt *st = db_prepare(r->db[i], "SELECT k.id, "
		    "coalesce(u.path, ''), p.person_no, p.name, k.opened_at, "
		    "k.status FROM ph_case k JOIN person p ON p.id = k.person_id "
		    "LEFT JOIN unit u ON u.id = p.unit_id WHERE k.kind = "
		    "'referral' ORDER BY k.opened_at, k.id");
		sqlite3_stmt *done = db_prepare(r->db[i], "SELECT date(min(at), "
		    "'unixepoch', 'localtime') FROM case_event WHERE case_id = ? "
		    "AND kind = ?");
		int step;

		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			time_t opened = (time_t)sqlite3_column_int64(st, 4);
			struct buf steps = {0};
			char id[24], day[11];
			const char *f[7];

			/* each step the policy asks of a referral: when it
			 * was recorded, or whether it is late or still due */
			for (size_t j = 0; k != NULL && j < k->nsteps; j++) {
				const char *when;

				sqlite3_bind_int64(done, 1, sqlite3_column_int64(st,
				    0));
				sqlite3_bind_text(done, 2, k->steps[j].step, -1,
				    SQLITE_STATIC);
				when = sqlite3_step(done) == SQLITE_ROW ?
				    (const char *)sqlite3_column_text(done, 0) :
				    NULL;
				buf_printf(&steps, "%s%s ", j ? ", " : "",
				    k->steps[j].step);
				if (when != NULL)
					buf_puts(&steps, when);
				else
					buf_puts(&steps, opened + k->steps[j].within
					    <= c->now ? "LATE" : "due");
				sqlite3_reset(done);
			}
			snprintf(id, sizeof(id), "%lld",
			    sqlite3_column_int64(st, 0));
			clock_date(opened, day);
			f[0] = id;
			f[1] = db_column_text(st, 1);
			f[2] = db_column_text(st, 2);
			f[3] = db_column_text(st, 3);
			f[4] = day;
			f[5] = db_column_text(st, 5);
			f[6] = buf_str(&steps);
			if (rec_write(w, f) != 0)
				out = 1;
			buf_free(&steps);
		}
		if (step != SQLITE_DONE)
			rc = db_fail(r->db[i], "referrals");
		sqlite3_finalize(st);
		sqlite3_finalize(done);
	}
	if (io_writer_close(w) != 0)
		out = 1;
	alert_policy_free(p);
	return rc ? rc : out ? EX_IOERR : 0;
}
