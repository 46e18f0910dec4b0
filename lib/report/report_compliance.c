/*
 * ph-report compliance: every target of the policy with its figure and
 * whether it is met, per school.  Each figure comes from the program that
 * owns it (report_schools.c; staffing from its own query), so that
 * compliance says what the other reports say.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "counts.h"
#include "db.h"
#include "io.h"
#include "rec.h"
#include "report_schools.h"
#include "schedule.h"
#include "words.h"
#include "xalloc.h"

/* A target's words, in English (ph-report compliance, for scripts) and
 * in Chinese (the HTML report), the conversions the same. */
enum {
	C_COVERAGE, C_LESSONS, C_VISITS, C_FOLLOWUPS, C_ROOMS,
	C_EVERYONE, C_EVERY_CLASS, C_EVERY_FAMILY, C_EVERY_ONE, C_EVERY_DAY,
	C_FIGURE, C_TEACHERS, C_FOR_PUPILS, C_EVENT, C_THIS_YEAR, C_ALL,
	C_MET, C_SHORT, C_COUNT
};
static const char *const compliance_words[2][C_COUNT] = {
	{ "screening coverage", "classes with their lessons this term",
	  "families visited this school year",
	  "red cards' first talks in time",
	  "school weekdays with the rooms' hours", "everyone", "every class",
	  "every family", "every one", "every weekday", "%lld of %lld (%s)",
	  "psychology teachers", "%lld for %lld pupils", "%s (%s)",
	  "%s this school year", "all", "met", "short" },
	{ "筛查覆盖", "本学期心理课开足的班级", "本学年家访过的家庭",
	  "按时首次谈话的红卡", "辅导室开放时长达标的上课日", "全部",
	  "每个班级", "每个家庭", "每一张", "每个上课日", "%lld/%lld（%s）",
	  "心理教师", "%lld 名（学生 %lld 人）", "%s（%s）", "本学年 %s 次",
	  "全部", "达标", "未达标" },
};

struct compliance_rows {
	report_target_fn fn;
	void *ctx;
	int chinese;
	const char *const *w;
	int out;
};

static void
write_row(struct compliance_rows *k, const char *unit, const char *target,
    const char *figure, const char *required, int met)
{
	const char *f[5] = { unit, target, figure, required,
	    k->w[met ? C_MET : C_SHORT] };

	if (k->fn(k->ctx, f, met) != 0)
		k->out = 1;
}

/* The year's events: the file's own lines, under its school when it has
 * one. */
static int
event_rows(sqlite3 *db, const struct cli *c, const struct schools *t,
    struct compliance_rows *k)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sched_event_status_stmt(db, c, NULL, &st)) != 0)
		return rc;
	while (db_row(db, st, &rc)) {
		char *target = xasprintf(k->w[C_EVENT], word_said(k->chinese,
		    db_column_text(st, 0)), word_said(k->chinese,
		    db_column_text(st, 1)));
		char *required = xasprintf(k->w[C_THIS_YEAR],
		    db_column_text(st, 3));

		write_row(k, t->n == 1 ? t->s[0].path : k->w[C_ALL], target,
		    db_column_text(st, 2), required,
		    sqlite3_column_int64(st, 2) >= sqlite3_column_int64(st, 3));
		free(target);
		free(required);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
staff_row(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	struct compliance_rows *k = ctx;
	char figure[64];
	char *required = xasprintf(k->w[C_FOR_PUPILS], need, pupils);

	snprintf(figure, sizeof(figure), "%lld", have);
	write_row(k, school, k->w[C_TEACHERS], figure, required,
	    have >= need);
	free(required);
	return 0;
}

/* Each school's targets that have something to measure. */
static void
target_rows(const struct schools *t, struct compliance_rows *k)
{
	for (size_t j = 0; j < t->n; j++)
		for (int m = 0; m < T_COUNT; m++) {
			const struct school *sc = &t->s[j];
			char rate[16], *figure;

			if (sc->all[m] == 0)
				continue;	/* nothing to measure */
			counts_rate(sc->done[m], sc->all[m], rate);
			figure = xasprintf(k->w[C_FIGURE], sc->done[m],
			    sc->all[m], rate);
			write_row(k, sc->path, k->w[C_COVERAGE + m], figure,
			    k->w[C_EVERYONE + m], sc->done[m] >= sc->all[m]);
			free(figure);
		}
}

int
report_compliance_each(const struct report_dbs *r, const struct cli *c,
    const struct schools *per_file, int chinese, report_target_fn fn,
    void *ctx)
{
	struct compliance_rows k = { fn, ctx, chinese != 0,
	    compliance_words[chinese != 0], 0 };
	double want[2];
	int rc = report_staffing_policy(c, want);

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools read;
		const struct schools *t;

		schools_init(&read);
		t = per_file ? &per_file[i] : &read;
		if (per_file == NULL)
			rc = schools_figures(r->db[i], c, NULL, &read);
		if (rc == 0)
			target_rows(t, &k);
		if (rc == 0)
			rc = report_staffing_rows(r->db[i], want, staff_row, &k);
		if (rc == 0)
			rc = event_rows(r->db[i], c, t, &k);
		schools_free(&read);
	}
	return rc ? rc : k.out ? EX_IOERR : 0;
}

static int
write_target(void *ctx, const char *const f[5], int met)
{
	(void)met;
	return rec_write(ctx, f);
}

int
report_compliance(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "unit", "target", "figure",
	    "required", "verdict" };
	struct rec_writer *w = io_writer(c, 5, cols);
	int rc = report_compliance_each(r, c, NULL, 0, write_target, w);

	return report_done(w, rc, 0);
}
