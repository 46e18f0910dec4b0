/*
 * The HTML report's care sections: alerts and how fast they were
 * acknowledged, crisis and referral cases, and each school's activity,
 * each from the rows ph-report alerts, cases and activity write (so the
 * page says what they say), a chart where one helps, with its legend,
 * beside the table, every word in the page's language.
 */
#include "report_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "report_schools.h"
#include "words.h"
#include "xalloc.h"

enum {
	A_TITLE, A_UNIT, A_ALERTS, A_ACKED, A_OPEN, A_ESCALATED, A_PAST_LAST,
	A_MEDIAN, A_WORST, A_NONE, A_SAID, A_SAID_TIMES, A_TOTAL,
	A_LEVELS_TITLE, A_LEVEL, A_ESCALATIONS, A_LEVEL_N, A_NO_ESCALATION,
	C_TITLE, C_KIND, C_OPENED, C_CLOSED, C_OPEN, C_LATE, C_MEDIAN,
	C_OUTCOMES, C_NONE, C_SAID, V_TITLE, V_SCHOOL, V_CLASSES, V_LESSONS,
	V_BEHIND, V_PUPILS, V_VISITED, V_ROOM_HOURS, V_SESSIONS,
	V_ATTENDANCE, V_EVENTS, V_ON_TRACK, V_NONE, W_COUNT
};
static const char *const words[2][W_COUNT] = {
	{ "预警及确认用时", "单位", "预警", "已确认", "未确认", "曾升级",
	  "超过最高一级", "确认用时中位数（小时）", "最长确认用时（小时）",
	  "还没有预警。", "预警 %lld 条：已确认 %lld 条，未确认 %lld 条。",
	  "预警 %lld 条：已确认 %lld 条，未确认 %lld 条；确认用时中位数 %s "
	  "小时，最长 %s 小时。", "合计", "各级收到的升级", "级别", "升级次数",
	  "第 %d 级", "没有预警升级。",
	  "危机与转介个案", "类别", "开案", "已结案", "进行中", "有步骤逾期",
	  "结案用时中位数（天）", "结案结果", "还没有危机或转介个案。",
	  "个案 %lld 个：已结案 %lld 个，进行中 %lld 个，其中有步骤逾期的 "
	  "%lld 个。",
	  "各校心理健康工作", "学校", "班级", "已上心理课（节）",
	  "心理课不足的班级", "学生", "已家访家庭", "辅导室每周开放（小时）",
	  "团体辅导（次）", "团体辅导出勤率", "活动（次）", "心理课开足的班级",
	  "还没有可统计的活动。" },
	{ "Alerts and how fast they were acknowledged", "unit", "alerts",
	  "acknowledged", "open", "escalated", "past the last level",
	  "median hours to acknowledge", "worst hours to acknowledge",
	  "No alerts yet.", "%lld alerts: %lld acknowledged, %lld open.",
	  "%lld alerts: %lld acknowledged, %lld open; %s hours to acknowledge "
	  "at the median, %s at worst.", "total", "Escalations by level",
	  "level", "escalations", "level %d", "No alert was escalated.",
	  "Crisis and referral cases", "kind", "opened", "closed", "open",
	  "with a step late", "median days to close", "outcomes",
	  "No crisis or referral cases yet.",
	  "%lld cases: %lld closed, %lld open, %lld of them with a step late.",
	  "Activity in each school", "school", "classes", "lessons held",
	  "classes behind", "pupils", "families visited",
	  "room hours a week", "group sessions", "group attendance", "events",
	  "classes on track", "No activity to count yet." },
};

/* A text cell, escaped; class n when numeric. */
static void
text_cell(FILE *out, const char *s, int numeric)
{
	fputs(numeric ? "<td class=\"n\">" : "<td>", out);
	html_esc(out, s);
	fputs("</td>", out);
}

/* A row's opening and its header cell: the unit, kind or level it is
 * of. */
static void
row_head(FILE *out, const char *s)
{
	fputs("<tr><th scope=\"row\">", out);
	html_esc(out, s);
	fputs("</th>", out);
}

/* A paragraph of id: the words fmt with the numbers given. */
static void
said(FILE *out, const char *id, const char *text)
{
	fprintf(out, "<p id=\"%s\">", id);
	html_esc(out, text);
	fputs("</p>\n", out);
}

/* Figures for a chart: a row per unit added, v[0..6]. */
static void
figures_add(struct report_figures *f, size_t *cap, const char *unit,
    const long long *v, int nv)
{
	f->unit = xgrow(f->unit, cap, f->n + 1, sizeof(*f->unit));
	f->v = xrealloc(f->v, *cap * sizeof(*f->v));
	f->unit[f->n] = xstrdup(unit);
	memset(f->v[f->n], 0, sizeof(f->v[f->n]));
	memcpy(f->v[f->n], v, (size_t)nv * sizeof(*v));
	f->n++;
}

/* The alerts' rows as they come: the table's rows in memory, the units'
 * figures for the chart, the total's row kept. */
struct alert_table {
	FILE *rows;
	const char *const *w;
	struct report_figures f;
	size_t cap;
	long long total[5], to_level[REPORT_LEVELS];
	char median[24], worst[24];
};

static int
alert_row(void *ctx, const struct report_alert_row *a)
{
	struct alert_table *t = ctx;

	if (a->unit == NULL) {
		memcpy(t->total, a->v, sizeof(t->total));
		memcpy(t->to_level, a->to_level, sizeof(t->to_level));
		snprintf(t->median, sizeof(t->median), "%s", a->median);
		snprintf(t->worst, sizeof(t->worst), "%s", a->worst);
	} else
		figures_add(&t->f, &t->cap, a->unit, a->v, 5);
	row_head(t->rows, a->unit ? a->unit : t->w[A_TOTAL]);
	for (int k = 0; k < 5; k++)
		html_cell(t->rows, "n", a->v[k]);
	text_cell(t->rows, a->median, 1);
	text_cell(t->rows, a->worst, 1);
	fputs("</tr>\n", t->rows);
	return ferror(t->rows) ? EX_IOERR : 0;
}

/* The escalations into each level, as a table (levels counted from 1). */
static void
alert_levels(FILE *out, const char *const *w, const long long *to_level)
{
	int any = 0;

	for (int k = 0; k < REPORT_LEVELS; k++)
		any |= to_level[k] > 0;
	fputs("<h3>", out);
	html_esc(out, w[A_LEVELS_TITLE]);
	fputs("</h3>\n", out);
	if (!any) {
		said(out, "no-escalation", w[A_NO_ESCALATION]);
		return;
	}
	html_table_open(out, w, "alert-levels", -1, A_LEVEL, A_ESCALATIONS);
	for (int k = 0; k < REPORT_LEVELS; k++)
		if (to_level[k] > 0) {
			char level[32];

			snprintf(level, sizeof(level), w[A_LEVEL_N], k + 1);
			row_head(out, level);
			html_cell(out, "n", to_level[k]);
			fputs("</tr>\n", out);
		}
	html_table_close(out);
}

/* The sentence of the alerts' totals, then the bars (acknowledged and
 * open per unit), the table and the escalations by level. */
static void
alerts_write(FILE *out, const struct alert_table *t, const char *rows,
    size_t len)
{
	static const int cols[] = { 1, 2 };
	static const char *const colours[] = { "#3a7", "#d33" };
	static const char *const keys[] = { "acknowledged", "open" };
	const char *const labels[] = { t->w[A_ACKED], t->w[A_OPEN] };
	const struct html_chart chart = { cols, colours, keys, labels, 2, 0 };
	char *text;

	text = t->median[0] ? xasprintf(t->w[A_SAID_TIMES], t->total[0],
	    t->total[1], t->total[2], t->median, t->worst) :
	    xasprintf(t->w[A_SAID], t->total[0], t->total[1], t->total[2]);
	said(out, "alert-count", text);
	free(text);
	html_chart(out, "alerts", &t->f, &chart);
	html_table_rows(out, t->w, "alerts", A_UNIT, A_WORST, rows, len);
	alert_levels(out, t->w, t->to_level);
}

int
html_alerts(FILE *out, const struct report_dbs *r, const char *by,
    int english)
{
	struct alert_table t;
	struct html_mem rows;
	int rc;

	memset(&t, 0, sizeof(t));
	t.w = words[english != 0];
	html_mem_open(&rows);
	t.rows = rows.f;
	rc = html_mem_close(&rows, report_alerts_each(r, by, alert_row, &t));
	html_section(out, t.w[A_TITLE]);
	if (rc == 0 && t.total[0] == 0)
		said(out, "no-alerts", t.w[A_NONE]);
	else if (rc == 0)
		alerts_write(out, &t, rows.text, rows.len);
	fputs("</section>\n", out);
	html_mem_free(&rows);
	report_figures_free(&t.f);
	return rc;
}

/* The cases' rows as they come, a kind each. */
struct case_table {
	FILE *rows;
	const char *const *w;
	int chinese;
	struct report_figures f;
	size_t cap;
	long long total[4];
};

static int
case_row(void *ctx, const char *kind, const long long v[4],
    const char *median, const char *outcomes)
{
	struct case_table *t = ctx;
	const char *name = word_said(t->chinese, kind);

	figures_add(&t->f, &t->cap, name, v, 4);
	for (int k = 0; k < 4; k++)
		t->total[k] += v[k];
	row_head(t->rows, name);
	for (int k = 0; k < 4; k++)
		html_cell(t->rows, "n", v[k]);
	text_cell(t->rows, median, 1);
	fputs("<td class=\"t\">", t->rows);
	html_esc(t->rows, outcomes);
	fputs("</td></tr>\n", t->rows);
	return ferror(t->rows) ? EX_IOERR : 0;
}

int
html_cases(FILE *out, const struct report_dbs *r, const struct cli *c,
    int english)
{
	static const int cols[] = { 1, 2 };
	static const char *const colours[] = { "#3a7", "#eb3" };
	static const char *const keys[] = { "closed", "ongoing" };
	struct case_table t;
	struct html_mem rows;
	char *text;
	int rc;

	memset(&t, 0, sizeof(t));
	t.w = words[english != 0];
	t.chinese = !english;
	html_mem_open(&rows);
	t.rows = rows.f;
	rc = html_mem_close(&rows, report_cases_each(r, c, case_row, &t));
	html_section(out, t.w[C_TITLE]);
	if (rc == 0 && t.total[0] == 0)
		said(out, "no-cases", t.w[C_NONE]);
	else if (rc == 0) {
		const char *const labels[] = { t.w[C_CLOSED], t.w[C_OPEN] };
		const struct html_chart chart = { cols, colours, keys, labels,
		    2, 0 };

		text = xasprintf(t.w[C_SAID], t.total[0], t.total[1],
		    t.total[2], t.total[3]);
		said(out, "case-count", text);
		free(text);
		html_chart(out, "cases", &t.f, &chart);
		html_table_rows(out, t.w, "cases", C_KIND, C_OUTCOMES,
		    rows.text, rows.len);
	}
	fputs("</section>\n", out);
	html_mem_free(&rows);
	report_figures_free(&t.f);
	return rc;
}

/* Each school's activity row, and its classes on track and behind for
 * the chart. */
static void
activity_rows(FILE *out, const struct schools *per_file, size_t n,
    struct report_figures *f, size_t *cap)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < per_file[i].n; j++) {
			const struct school *sc = &per_file[i].s[j];
			long long v[3];
			char cells[9][24];

			if (!schools_activity_cells(sc, cells))
				continue;
			v[0] = sc->all[T_LESSONS];
			v[1] = sc->done[T_LESSONS];
			v[2] = v[0] - v[1];
			figures_add(f, cap, sc->path, v, 3);
			row_head(out, sc->path);
			for (int k = 0; k < 9; k++)
				text_cell(out, cells[k], 1);
			fputs("</tr>\n", out);
		}
}

void
html_activity(FILE *out, const struct schools *per_file, size_t n,
    int english)
{
	static const int cols[] = { 1, 2 };
	static const char *const colours[] = { "#3a7", "#d33" };
	static const char *const keys[] = { "on_track", "behind" };
	const char *const *w = words[english != 0];
	const char *const labels[] = { w[V_ON_TRACK], w[V_BEHIND] };
	const struct html_chart chart = { cols, colours, keys, labels, 2, 0 };
	struct report_figures f;
	struct html_mem rows;
	size_t cap = 0;
	long long classes = 0;

	memset(&f, 0, sizeof(f));
	html_mem_open(&rows);
	activity_rows(rows.f, per_file, n, &f, &cap);
	(void)html_mem_close(&rows, 0);
	html_section(out, w[V_TITLE]);
	for (size_t i = 0; i < f.n; i++)
		classes += f.v[i][0];
	if (f.n == 0)
		said(out, "no-activity", w[V_NONE]);
	else {
		/* the bars only where there are lessons to count (a term) */
		if (classes > 0) {
			html_chart(out, "activity", &f, &chart);
		}
		html_table_rows(out, w, "activity", V_SCHOOL, V_EVENTS,
		    rows.text, rows.len);
	}
	fputs("</section>\n", out);
	html_mem_free(&rows);
	report_figures_free(&f);
}
