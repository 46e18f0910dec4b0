/*
 * ph-report html: the term's report for people in one file: coverage and
 * cards per unit as inline SVG bars with a legend, each beside the table
 * of its numbers, and the gaps.  No script, no external file or font;
 * well-formed (XHTML syntax), readable on a phone, printable on A4
 * (report_html_page.c).  Every word is in the page's language, and every
 * sentence agrees with the rows under it.  Every number a chart draws is
 * in a data-value attribute, equal to its table's cell.
 */
#include "report.h"

#include <err.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "clock.h"
#include "counts.h"
#include "outfile.h"
#include "queries.h"
#include "report_html.h"
#include "report_schools.h"
#include "run_policy.h"
#include "schedule.h"
#include "xalloc.h"

/* The words, in Chinese (the default) and English. */
enum {
	W_TITLE, W_CAMPAIGN, W_MADE, W_NODATA, W_COVERAGE, W_CARDS, W_GAPS,
	W_NOGAPS, W_UNIT, W_SHOULD, W_SCREENED, W_MISSING, W_RATE, W_RED,
	W_YELLOW, W_BLUE, W_NONE, W_TOTAL, W_WHERE, W_ID, W_NAME, W_PROBLEM,
	W_SINCE, W_FIX, W_PRIVATE, W_TREND, W_COLON, W_SEMICOLON, W_FOUND,
	W_MORE, W_COMPLIANCE, W_TUNIT, W_TARGET, W_FIGURE, W_REQUIRED, W_VERDICT,
	W_MET_SHORT, W_NO_TARGETS, W_FOLLOWUPS, W_RED_CARDS, W_IN_TIME,
	W_LATE, W_BOOKED, W_OVERDUE, W_NOT_DUE, W_IN_TIME_SHARE, W_SEEN_SAID,
	W_NO_RED, W_COUNT
};
static const char *const words[2][W_COUNT] = {
	{ "心理健康工作报告", "筛查", "生成于", "数据库中还没有筛查数据：先用 "
	  "ph-screen import 导入答卷。", "筛查覆盖率", "预警卡分布", "遗漏事项",
	  "没有遗漏事项。", "单位", "应测", "已测", "未测", "覆盖率", "红卡",
	  "黄卡", "蓝卡", "无", "合计", "位置", "编号", "姓名", "问题", "起始",
	  "处理办法", "本报告含学生个人信息，仅供校内心理健康工作使用，请勿外传。",
	  "各次筛查的预警卡", "：", "；", "共 %ld 项，每项附处理办法。",
	  "另有 %ld 项：完整清单见 <code>ph-report gaps</code>。",
	  "各项指标", "单位", "指标", "实际", "要求", "结论",
	  "%ld 项达标，%ld 项未达标。", "还没有可衡量的指标。",
	  "红卡的首次谈话", "红卡", "按时谈话", "晚于期限", "已预约", "逾期未约",
	  "未到期", "按时率", "红卡 %lld 张：按时首次谈话 %lld 张，晚于期限 "
	  "%lld 张，已预约 %lld 张，逾期未约 %lld 张，未到期 %lld 张。",
	  "这次筛查没有红卡。" },
	{ "Psychological health report", "screening", "made", "There are no "
	  "screenings in the database yet: import answers with ph-screen "
	  "import first.", "Screening coverage", "Cards", "What fell through "
	  "the cracks", "Nothing fell through the cracks.", "unit", "should",
	  "screened", "missing", "rate", "red", "yellow", "blue", "none",
	  "total", "where", "id", "name", "problem", "since", "fix",
	  "This report names pupils: for the school's own programme only, "
	  "do not pass it on.", "Cards, screening by screening", ": ", "; ",
	  "%ld found, each with what to do.", "And %ld more: <code>ph-report "
	  "gaps</code> lists them all.", "Targets", "unit", "target", "figure",
	  "required", "verdict", "%ld met, %ld short.",
	  "Nothing to measure yet.", "Red cards' first talks", "red cards",
	  "seen in time", "seen late", "booked", "overdue", "not yet due",
	  "in time", "%lld red cards: %lld seen in time, %lld seen late, %lld "
	  "booked, %lld overdue, %lld not yet due.",
	  "No red cards in this screening." },
};

/* A row's first cell: the unit, or the total. */
static void
unit_cell(FILE *out, const char *const *w, const struct report_figures *f,
    size_t i)
{
	fputs("<tr><td>", out);
	html_esc(out, i < f->n ? f->unit[i] : w[W_TOTAL]);
	fputs("</td>", out);
}

static void
coverage_section(FILE *out, const char *const *w,
    const struct report_figures *f)
{
	static const int cols[] = { 0, 1 };
	static const char *const colours[] = { "#3a7", "#ddd" };
	static const char *const keys[] = { "screened", "missing" };
	const char *const labels[] = { w[W_SCREENED], w[W_MISSING] };
	const struct html_chart chart = { cols, colours, keys, labels, 2, 2 };
	struct report_figures parts = *f;
	long long total[2] = { 0, 0 };
	char rate[16];

	/* the bar: screened, then the rest up to should */
	parts.v = xcalloc(f->n + 1, sizeof(*parts.v));
	for (size_t i = 0; i < f->n; i++) {
		parts.v[i][0] = f->v[i][1];
		parts.v[i][1] = f->v[i][0] - f->v[i][1];
		parts.v[i][2] = f->v[i][0];
	}
	html_section(out, w[W_COVERAGE]);
	html_bars(out, &parts, &chart);
	free(parts.v);
	html_table_open(out, w, "coverage", -1, W_UNIT, W_RATE);
	for (size_t i = 0; i <= f->n; i++) {
		const long long *v = i < f->n ? f->v[i] : total;
		unit_cell(out, w, f, i);
		html_cell(out, "n should", v[0]);
		html_cell(out, "n screened", v[1]);
		html_cell(out, "n missing", v[0] - v[1]);
		counts_rate(v[1], v[0], rate);
		fprintf(out, "<td class=\"n\">%s</td></tr>\n", rate);
		if (i < f->n) {
			total[0] += v[0];
			total[1] += v[1];
		}
	}
	html_table_close(out);
	fputs("</section>\n", out);
}

/* Cards as stacked bars beside their table: per unit, or (trend) per
 * campaign. */
static void
cards_section(FILE *out, const char *const *w, const struct report_figures *f,
    int title, const char *id, int first)
{
	static const int cols[] = { 3, 4, 5, 6 };
	static const char *const colours[] = { "#d33", "#eb3", "#39d", "#ccc" };
	static const char *const keys[] = { "red", "yellow", "blue", "none" };
	const char *const labels[] = { w[W_RED], w[W_YELLOW], w[W_BLUE],
	    w[W_NONE] };
	const struct html_chart chart = { cols, colours, keys, labels, 4, 2 };
	long long total[7] = { 0 };

	html_section(out, w[title]);
	html_chart(out, id, f, &chart);
	html_table_open(out, w, id, first, W_RED, W_NONE);
	for (size_t i = 0; i <= f->n; i++) {
		const long long *v = i < f->n ? f->v[i] : total;
		unit_cell(out, w, f, i);
		for (int k = 0; k < 4; k++) {
			char *cls = xasprintf("n %s", keys[k]);

			html_cell(out, cls, v[3 + k]);
			free(cls);
		}
		fputs("</tr>\n", out);
		for (int k = 0; i < f->n && k < 7; k++)
			total[k] += v[k];
	}
	html_table_close(out);
	fputs("</section>\n", out);
}

/* The gaps a page shows; the rest are counted, for ph-report gaps. */
#define HTML_GAPS 200

/* The gaps' table, written as they come: only the first HTML_GAPS, in
 * memory until the count that goes above them is known. */
struct gap_table {
	FILE *rows;
	const char *const *w;
	long n;
};

static int
gap_row(void *ctx, const char *const v[6])
{
	/* the problem and the fix wrap; the others keep to one line */
	static const char *const open[6] = { "<td>", "<td>", "<td>",
	    "<td class=\"t\">", "<td>", "<td class=\"t\"><code>" };
	struct gap_table *g = ctx;

	if (g->n++ >= HTML_GAPS)
		return 0;
	fputs("<tr>", g->rows);
	for (int k = 0; k < 6; k++) {
		fputs(open[k], g->rows);
		html_esc(g->rows, v[k]);
		fputs(k == 5 ? "</code></td>" : "</td>", g->rows);
	}
	fputs("</tr>\n", g->rows);
	return ferror(g->rows) ? -1 : 0;
}

/* The gaps, in the page's language: how many, then the table, or the
 * words that there are none; each sentence says what the rows show. */
static int
gaps_section(FILE *out, const struct report_dbs *r, const struct cli *c,
    const char *const *w, int english)
{
	struct html_mem rows;
	struct gap_table g = { NULL, w, 0 };
	long found;
	int rc;

	html_mem_open(&rows);
	g.rows = rows.f;
	rc = html_mem_close(&rows, report_gaps_each(r, c, !english, gap_row,
	    &g, &found));
	html_section(out, w[W_GAPS]);
	if (rc == 0 && g.n == 0) {
		fputs("<p id=\"no-gaps\">", out);
		html_esc(out, w[W_NOGAPS]);
		fputs("</p>\n", out);
	} else if (rc == 0) {
		fprintf(out, "<p id=\"gap-count\">");
		fprintf(out, w[W_FOUND], g.n);
		fputs("</p>\n", out);
		html_table_rows(out, w, "gaps", W_WHERE, W_FIX, rows.text,
		    rows.len);
		if (g.n > HTML_GAPS) {
			fputs("<p id=\"more-gaps\">", out);
			fprintf(out, w[W_MORE], g.n - HTML_GAPS);
			fputs("</p>\n", out);
		}
	}
	fputs("</section>\n", out);
	html_mem_free(&rows);
	return rc;
}

/* The targets, as they come, in memory until the counts above them are
 * known. */
struct target_table {
	FILE *rows;
	long met, short_of;
};

static int
target_row(void *ctx, const char *const f[5], int met)
{
	struct target_table *t = ctx;

	*(met ? &t->met : &t->short_of) += 1;
	fputs(met ? "<tr class=\"met\">" : "<tr class=\"short\">", t->rows);
	for (int k = 0; k < 5; k++) {
		fputs(k == 2 ? "<td class=\"n\">" : "<td>", t->rows);
		html_esc(t->rows, f[k]);
		fputs("</td>", t->rows);
	}
	fputs("</tr>\n", t->rows);
	return ferror(t->rows) ? -1 : 0;
}

/* Every target of the policy, met or short, per school (what ph-report
 * compliance lists): how many of each, then the table. */
static int
compliance_section(FILE *out, const struct report_dbs *r,
    const struct cli *c, const struct schools *per_file,
    const char *const *w, int english)
{
	struct html_mem rows;
	struct target_table t = { NULL, 0, 0 };
	int rc;

	html_mem_open(&rows);
	t.rows = rows.f;
	rc = html_mem_close(&rows, report_compliance_each(r, c, per_file,
	    !english, target_row, &t));
	html_section(out, w[W_COMPLIANCE]);
	if (rc == 0 && t.met + t.short_of == 0) {
		fputs("<p id=\"no-targets\">", out);
		html_esc(out, w[W_NO_TARGETS]);
		fputs("</p>\n", out);
	} else if (rc == 0) {
		fputs("<p id=\"target-count\">", out);
		fprintf(out, w[W_MET_SHORT], t.met, t.short_of);
		fputs("</p>\n", out);
		html_table_rows(out, w, "compliance", W_TUNIT, W_VERDICT,
		    rows.text, rows.len);
	}
	fputs("</section>\n", out);
	html_mem_free(&rows);
	return rc;
}

/* Each red card's first talk, per unit: in time, late, booked, overdue
 * or not yet due, as ph-report followups counts them; a sentence of the
 * totals, the bars, the table. */
static int
followups_section(FILE *out, const struct report_dbs *r,
    const struct first_talks *firsts, const struct report_opts *all,
    const char *const *w)
{
	static const int cols[] = { 1, 2, 3, 4, 5 };
	static const char *const colours[] = { "#3a7", "#eb3", "#39d", "#d33",
	    "#ccc" };
	static const char *const keys[] = { "in_time", "late", "booked",
	    "overdue", "not_yet_due" };
	const struct html_chart chart = { cols, colours, keys, w + W_IN_TIME,
	    5, 0 };
	struct report_figures f;
	long long total[7] = { 0 };
	char share[16];

	report_first_talk_figures(firsts, r->n, all->by, &f);
	for (size_t i = 0; i < f.n; i++)
		for (int k = 0; k < 6; k++)
			total[k] += f.v[i][k];
	html_section(out, w[W_FOLLOWUPS]);
	fprintf(out, "<p id=\"%s\">", total[0] ? "seen-count" : "no-red");
	fprintf(out, total[0] ? w[W_SEEN_SAID] : w[W_NO_RED], total[0],
	    total[1], total[2], total[3], total[4], total[5]);
	fputs("</p>\n", out);
	if (total[0] > 0) {
		html_bars(out, &f, &chart);
		html_table_open(out, w, "followups", W_UNIT, W_RED_CARDS,
		    W_IN_TIME_SHARE);
		for (size_t i = 0; i <= f.n; i++) {
			const long long *v = i < f.n ? f.v[i] : total;

			unit_cell(out, w, &f, i);
			for (int k = 0; k < 6; k++)
				html_cell(out, "n", v[k]);
			counts_rate(v[1], v[0], share);
			fprintf(out, "<td class=\"n\">%s</td></tr>\n", share);
		}
		html_table_close(out);
	}
	fputs("</section>\n", out);
	report_figures_free(&f);
	return 0;
}

/* What two sections each read from every file, read once: the red
 * cards' first talks of its latest campaign (compliance) and of the
 * campaign asked for (the first talks; one reading when they are the
 * same campaign), and its figures per school (compliance and activity). */
struct shared {
	struct first_talks *latest, *asked;
	struct schools *schools;
	size_t n;
};

static void
shared_free(struct shared *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->asked != f->latest)
			sched_first_talks_free(&f->asked[i]);
		sched_first_talks_free(&f->latest[i]);
		schools_free(&f->schools[i]);
	}
	if (f->asked != f->latest)
		free(f->asked);
	free(f->latest);
	free(f->schools);
}

static int
shared_read(const struct report_dbs *r, const struct cli *c,
    const char *campaign, struct shared *f)
{
	int rc = 0, same = 1;

	f->n = r->n;
	f->latest = f->asked = xcalloc(r->n + 1, sizeof(*f->latest));
	f->schools = xcalloc(r->n + 1, sizeof(*f->schools));
	for (size_t i = 0; i < r->n; i++)
		schools_init(&f->schools[i]);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		rc = sched_first_talks(r->db[i], c, NULL, &f->latest[i]);
		same = same && (campaign == NULL || counts_campaign(r->db[i],
		    campaign, c->now) == f->latest[i].campaign);
		if (rc == 0)
			rc = schools_figures(r->db[i], c, &f->latest[i],
			    &f->schools[i]);
		if (rc == 0)
			rc = schools_held_so_far(r->db[i], c, &f->schools[i]);
	}
	if (rc != 0 || same)
		return rc;
	f->asked = xcalloc(r->n + 1, sizeof(*f->asked));
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = sched_first_talks(r->db[i], c, campaign, &f->asked[i]);
	return rc;
}

/*
 * The page's reading is split in two halves of about the same cost, run
 * at once when the machine has a second processor: one reads what the
 * sections after the figures share (the first talks, each school's
 * figures), the cards' trend and the targets (which need the schools'
 * figures), on connections of its own; the other, on the report's, the
 * figures, the alerts and the gaps.  What a section reads as it is
 * written goes into memory.  The policy is read before either starts,
 * so that both only read what they share.
 */
struct half {
	const struct report_dbs *r;	/* the report's files */
	const struct cli *c;
	const char *campaign;
	const struct report_opts *all;
	struct report_dbs own;		/* the same files, opened again */
	const char *const *w;
	int english;
	struct shared sh;
	struct report_figures trend;
	struct html_mem compliance;
	int rc;
};

static void
half_read(struct half *h, const struct report_dbs *r)
{
	h->rc = shared_read(r, h->c, h->campaign, &h->sh);
	memset(&h->trend, 0, sizeof(h->trend));
	if (h->rc == 0)
		h->rc = report_trend_figures(r, h->all, &h->trend);
	html_mem_open(&h->compliance);
	if (h->rc == 0)
		h->rc = compliance_section(h->compliance.f, r, h->c,
		    h->sh.schools, h->w, h->english);
	h->rc = html_mem_close(&h->compliance, h->rc);
}

static void *
half_run(void *arg)
{
	struct half *h = arg;

	half_read(h, &h->own);
	return NULL;
}

/* Both halves read most of each file, each on its own connection: the
 * file mapped, its pages are shared and read without a copy each (0.6 s
 * of 7 on a million answers).  Only a matter of speed: a file that
 * cannot be mapped is read as before. */
static void
map_files(const struct report_dbs *r)
{
	for (size_t i = 0; i < r->n; i++)
		(void)sqlite3_exec(r->db[i], sql_mmap_whole_reads, NULL, NULL,
		    NULL);
}

/* Files beyond which the second half reads on the report's connections
 * after the first (a district's files, opened twice, would cost more
 * than they save). */
#define HALF_FILES_AT_MOST 16

/* The processors this run may use (taskset, a cgroup's cpuset), not
 * the machine's. */
static int
processors(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 1;
	return CPU_COUNT(&set);
}

/* Starts the second half in a thread of its own when it can (1), or
 * reads nothing yet (0). */
static int
half_start(struct half *h, pthread_t *thread)
{
	if (processors() < 2 || h->r->n > HALF_FILES_AT_MOST ||
	    report_open(&h->own, h->r->path, h->r->n) != 0)
		return 0;
	map_files(h->r);
	map_files(&h->own);
	if (pthread_create(thread, NULL, half_run, h) != 0) {
		report_close(&h->own);
		return 0;
	}
	return 1;
}

/* The second half, read: waited for, or read now. */
static void
half_finish(struct half *h, pthread_t thread, int started)
{
	if (!started) {
		half_read(h, h->r);
		return;
	}
	if (pthread_join(thread, NULL) != 0)
		err(EX_OSERR, "html");
	report_close(&h->own);
}

/* The page in its order, from what the two halves read; the cases and
 * the activity are read as they are written. */
static int
write_page(FILE *out, const struct report_dbs *r, const struct cli *c,
    const struct report_opts *all, const struct report_figures *f,
    const struct half *h, const struct html_mem *alerts,
    const struct html_mem *gaps, const char *const *w, int english)
{
	int rc;

	if (f->campaigns == 0 || f->n == 0) {
		fputs("<p id=\"nodata\">", out);
		html_esc(out, w[W_NODATA]);
		fputs("</p>\n", out);
	} else {
		coverage_section(out, w, f);
		cards_section(out, w, f, W_CARDS, "cards", W_UNIT);
		if (h->trend.n > 1)
			cards_section(out, w, &h->trend, W_TREND, "trend",
			    W_CAMPAIGN);
		(void)followups_section(out, r, h->sh.asked, all, w);
	}
	(void)fwrite(alerts->text, 1, alerts->len, out);
	if ((rc = html_cases(out, r, c, english)) != 0)
		return rc;
	html_activity(out, h->sh.schools, h->sh.n, english);
	(void)fwrite(h->compliance.text, 1, h->compliance.len, out);
	(void)fwrite(gaps->text, 1, gaps->len, out);
	return 0;
}

int
report_html(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const struct html_opts *h)
{
	const char *const *w = words[h->english ? 1 : 0];
	struct report_opts all = *o;
	struct report_figures f;
	struct half second = { r, c, o->campaign, &all, { 0 }, w, h->english,
	    { 0 }, { 0 }, { 0 }, 0 };
	struct html_mem alerts, gaps;
	struct html_head hh;
	FILE *out = stdout;
	struct outfile file;
	pthread_t thread;
	char made[32];
	int rc, started, to_file = 0;

	all.none_ok = 1;
	/* the gaps need the policy: a bad one stops the report before a
	 * half-written file */
	if (alert_policy_of(c) == NULL)
		return EX_CONFIG;
	started = half_start(&second, &thread);
	html_mem_open(&alerts);
	html_mem_open(&gaps);
	memset(&f, 0, sizeof(f));
	rc = report_figures(r, &all, &f);
	if (rc == 0)
		rc = html_alerts(alerts.f, r, all.by, h->english);
	rc = html_mem_close(&alerts, rc);
	if (rc == 0)
		rc = gaps_section(gaps.f, r, c, w, h->english);
	rc = html_mem_close(&gaps, rc);
	half_finish(&second, thread, started);
	if (rc == 0)
		rc = second.rc;
	if (rc == 0 && h->output != NULL) {
		if ((out = outfile_open(&file, h->output)) == NULL)
			rc = EX_CANTCREAT;
		to_file = out != NULL;
	}
	if (rc == 0) {
		clock_timestamp(c->now, made);
		made[16] = '\0';
		made[10] = ' ';
		hh = (struct html_head){ h->english ? "en" : "zh", w[W_TITLE],
		    w[W_PRIVATE], w[W_CAMPAIGN], o->campaign, w[W_MADE], made,
		    w[W_COLON], w[W_SEMICOLON] };
		html_head(out, &hh);
		if ((rc = write_page(out, r, c, &all, &f, &second, &alerts,
		    &gaps, w, h->english)) == 0)
			fputs("</body>\n</html>\n", out);
	}
	shared_free(&second.sh);
	report_figures_free(&second.trend);
	html_mem_free(&second.compliance);
	report_figures_free(&f);
	html_mem_free(&alerts);
	html_mem_free(&gaps);
	return to_file ? outfile_close(&file, rc) : rc;
}
