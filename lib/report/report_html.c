/*
 * ph-report html: the term's report for people in one file: coverage and
 * cards per unit as inline SVG bars, each beside the table of its
 * numbers, and the gaps.  No script, no external file or font; well-formed
 * (XHTML syntax), readable on a phone, printable on A4.  Every number a
 * chart draws is in a data-value attribute, equal to its table's cell.
 */
#include "report.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "clock.h"
#include "counts.h"
#include "outfile.h"
#include "run_policy.h"
#include "xalloc.h"

/* The words, in Chinese (the default) and English. */
enum {
	W_TITLE, W_CAMPAIGN, W_MADE, W_NODATA, W_COVERAGE, W_CARDS, W_GAPS,
	W_NOGAPS, W_UNIT, W_SHOULD, W_SCREENED, W_MISSING, W_RATE, W_RED,
	W_YELLOW, W_BLUE, W_NONE, W_TOTAL, W_WHERE, W_ID, W_NAME, W_PROBLEM,
	W_SINCE, W_FIX, W_PRIVATE, W_TREND, W_COUNT
};
static const char *const words[2][W_COUNT] = {
	{ "心理健康工作报告", "筛查", "生成于", "数据库中还没有筛查数据：先用 "
	  "ph-screen import 导入答卷。", "筛查覆盖率", "预警卡分布", "遗漏事项",
	  "没有遗漏事项。", "单位", "应测", "已测", "未测", "覆盖率", "红卡",
	  "黄卡", "蓝卡", "无", "合计", "位置", "编号", "姓名", "问题", "起始",
	  "处理办法", "本报告含学生个人信息，仅供校内心理健康工作使用，请勿外传。",
	  "各次筛查的预警卡" },
	{ "Psychological health report", "screening", "made", "There are no "
	  "screenings in the database yet: import answers with ph-screen "
	  "import first.", "Screening coverage", "Cards", "What fell through "
	  "the cracks", "Nothing fell through the cracks.", "unit", "should",
	  "screened", "missing", "rate", "red", "yellow", "blue", "none",
	  "total", "where", "id", "name", "problem", "since", "fix",
	  "This report names pupils: for the school's own programme only, "
	  "do not pass it on.", "Cards, screening by screening" },
};

static void
esc(FILE *out, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

static void
head(FILE *out, const char *const *w, int english, const char *campaign,
    const char *made)
{
	fprintf(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/"
	    "xhtml\" lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n<title>", english ? "en" : "zh");
	esc(out, w[W_TITLE]);
	fputs("</title>\n<style>\n"
	    "body{font-family:sans-serif;margin:1em auto;max-width:60em;"
	    "padding:0 1em;color:#222}\n"
	    "table{border-collapse:collapse;margin:.5em 0 1.5em;"
	    "font-size:.9em}\n"
	    "th,td{border:1px solid #bbb;padding:.2em .5em}\n"
	    "td.n{text-align:right}\n"
	    "svg{max-width:100%;height:auto}\n"
	    ".scroll{overflow-x:auto}\n"
	    "@page{size:A4;margin:15mm}\n"
	    "@media print{body{max-width:none}section{break-inside:avoid}}\n"
	    "</style>\n</head>\n<body>\n<h1>", out);
	esc(out, w[W_TITLE]);
	fputs("</h1>\n<p>", out);
	if (campaign != NULL) {
		esc(out, w[W_CAMPAIGN]);
		fputs(": ", out);
		esc(out, campaign);
		fputs("; ", out);
	}
	esc(out, w[W_MADE]);
	fprintf(out, " %s</p>\n<p><em>", made);
	esc(out, w[W_PRIVATE]);
	fputs("</em></p>\n", out);
}

/* Horizontal bars, one a unit, of the parts given: each rect carries its
 * unit, its part and its value. */
static void
bars(FILE *out, const struct report_figures *f, const int *cols,
    const char *const *colours, const char *const *names, int nparts,
    int whole)
{
	const int label = 180, width = 400, row = 22;
	long long top = 1;

	for (size_t i = 0; i < f->n; i++)
		if (f->v[i][whole] > top)
			top = f->v[i][whole];
	fprintf(out, "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/"
	    "2000/svg\" width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" "
	    "role=\"img\">\n", label + width + 10, f->n * row + 30, label +
	    width + 10, f->n * row + 30);
	for (size_t i = 0; i < f->n; i++) {
		double x = label;
		fprintf(out, "<text x=\"%d\" y=\"%zu\" font-size=\"12\" "
		    "text-anchor=\"end\">", label - 6, i * row + 15);
		esc(out, f->unit[i]);
		fputs("</text>\n", out);
		for (int k = 0; k < nparts; k++) {
			long long v = f->v[i][cols[k]];
			double w = (double)width * (double)v / (double)top;

			fprintf(out, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" "
			    "height=\"16\" fill=\"%s\" data-unit=\"", x,
			    i * row + 3, w, colours[k]);
			esc(out, f->unit[i]);
			fprintf(out, "\" data-part=\"%s\" data-value=\"%lld\">"
			    "<title>", names[k], v);
			esc(out, f->unit[i]);
			fprintf(out, " %s %lld</title></rect>\n", names[k], v);
			x += w;
		}
	}
	fputs("</svg></div>\n", out);
}

/* Header cells: the words from first to last. */
static void
header_cells(FILE *out, const char *const *w, int first, int last)
{
	for (int k = first; k <= last; k++) {
		fputs("<th>", out);
		esc(out, w[k]);
		fputs("</th>", out);
	}
}

/* A table's first row: the words from first to last. */
static void
header_row(FILE *out, const char *const *w, int first, int last)
{
	fputs("<tr>", out);
	header_cells(out, w, first, last);
	fputs("</tr>\n", out);
}

/* A row's first cell: the unit, or the total. */
static void
unit_cell(FILE *out, const char *const *w, const struct report_figures *f,
    size_t i)
{
	fputs("<tr><td>", out);
	esc(out, i < f->n ? f->unit[i] : w[W_TOTAL]);
	fputs("</td>", out);
}

static void
cell(FILE *out, const char *cls, long long v)
{
	fprintf(out, "<td class=\"%s\">%lld</td>", cls, v);
}

static void
coverage_section(FILE *out, const char *const *w,
    const struct report_figures *f)
{
	static const int cols[] = { 0, 1 };
	static const char *const colours[] = { "#3a7", "#ddd" };
	static const char *const names[] = { "screened", "missing" };
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
	fputs("<section>\n<h2>", out);
	esc(out, w[W_COVERAGE]);
	fputs("</h2>\n", out);
	bars(out, &parts, cols, colours, names, 2, 2);
	free(parts.v);
	fputs("<table id=\"coverage\">\n", out);
	header_row(out, w, W_UNIT, W_RATE);
	for (size_t i = 0; i <= f->n; i++) {
		const long long *v = i < f->n ? f->v[i] : total;
		unit_cell(out, w, f, i);
		cell(out, "n should", v[0]);
		cell(out, "n screened", v[1]);
		cell(out, "n missing", v[0] - v[1]);
		counts_rate(v[1], v[0], rate);
		fprintf(out, "<td class=\"n\">%s</td></tr>\n", rate);
		if (i < f->n) {
			total[0] += v[0];
			total[1] += v[1];
		}
	}
	fputs("</table>\n</section>\n", out);
}

/* Cards as stacked bars beside their table: per unit, or (trend) per
 * campaign. */
static void
cards_section(FILE *out, const char *const *w, const struct report_figures *f,
    int title, const char *id, int first)
{
	static const int cols[] = { 3, 4, 5, 6 };
	static const char *const colours[] = { "#d33", "#eb3", "#39d", "#ccc" };
	static const char *const names[] = { "red", "yellow", "blue", "none" };
	long long total[7] = { 0 };

	fputs("<section>\n<h2>", out);
	esc(out, w[title]);
	fprintf(out, "</h2>\n<div id=\"%s-chart\">", id);
	bars(out, f, cols, colours, names, 4, 2);
	fprintf(out, "</div>\n<table id=\"%s\">\n<tr>", id);
	header_cells(out, w, first, first);
	header_cells(out, w, W_RED, W_NONE);
	fputs("</tr>\n", out);
	for (size_t i = 0; i <= f->n; i++) {
		const long long *v = i < f->n ? f->v[i] : total;
		unit_cell(out, w, f, i);
		for (int k = 0; k < 4; k++)
			cell(out, k == 0 ? "n red" : k == 1 ? "n yellow" :
			    k == 2 ? "n blue" : "n none", v[3 + k]);
		fputs("</tr>\n", out);
		for (int k = 0; i < f->n && k < 7; k++)
			total[k] += v[k];
	}
	fputs("</table>\n</section>\n", out);
}

/* The gaps a page shows; the rest are counted, for ph-report gaps. */
#define HTML_GAPS 200

struct gap_table {
	FILE *out;
	const char *const *w;
	long rows;
};

static int
gap_row(void *ctx, const char *const v[6])
{
	struct gap_table *g = ctx;

	if (g->rows >= HTML_GAPS) {
		g->rows++;
		return 0;
	}
	if (g->rows++ == 0) {
		fputs("<div class=\"scroll\"><table id=\"gaps\">\n", g->out);
		header_row(g->out, g->w, W_WHERE, W_FIX);
	}
	fputs("<tr>", g->out);
	for (int k = 0; k < 6; k++) {
		fputs(k == 5 ? "<td><code>" : "<td>", g->out);
		esc(g->out, v[k]);
		fputs(k == 5 ? "</code></td>" : "</td>", g->out);
	}
	fputs("</tr>\n", g->out);
	return ferror(g->out) ? -1 : 0;
}

int
report_html(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const struct html_opts *h)
{
	const char *const *w = words[h->english ? 1 : 0];
	struct report_opts all = *o;
	struct report_figures f, trend;
	struct gap_table g;
	FILE *out = stdout;
	struct outfile file;
	char made[32];
	long found;
	int rc;

	all.none_ok = 1;
	/* the gaps need the policy: a bad one stops the report before a
	 * half-written file */
	if (alert_policy_of(c) == NULL)
		return EX_CONFIG;
	if ((rc = report_figures(r, &all, &f)) != 0)
		return rc;
	if (h->output != NULL && (out = outfile_open(&file, h->output)) ==
	    NULL) {
		report_figures_free(&f);
		return EX_CANTCREAT;
	}
	clock_timestamp(c->now, made);
	made[16] = '\0';
	made[10] = ' ';
	head(out, w, h->english, o->campaign, made);
	if (f.campaigns == 0 || f.n == 0) {
		fputs("<p id=\"nodata\">", out);
		esc(out, w[W_NODATA]);
		fputs("</p>\n", out);
	} else {
		coverage_section(out, w, &f);
		cards_section(out, w, &f, W_CARDS, "cards", W_UNIT);
		if ((rc = report_trend_figures(r, &all, &trend)) == 0 &&
		    trend.n > 1)
			cards_section(out, w, &trend, W_TREND, "trend",
			    W_CAMPAIGN);
		report_figures_free(&trend);
		if (rc != 0) {
			report_figures_free(&f);
			return out != stdout ? outfile_close(&file, rc) : rc;
		}
	}
	fputs("<section>\n<h2>", out);
	esc(out, w[W_GAPS]);
	fputs("</h2>\n", out);
	g.out = out;
	g.w = w;
	g.rows = 0;
	rc = report_gaps_each(r, c, gap_row, &g, &found);
	if (g.rows > 0)
		fputs("</table></div>\n", out);
	if (g.rows > HTML_GAPS) {
		fprintf(out, "<p id=\"more-gaps\">");
		fprintf(out, h->english ? "And %ld more: <code>ph-report gaps"
		    "</code> lists them all." : "另有 %ld 项：完整清单见 <code>"
		    "ph-report gaps</code>。", g.rows - HTML_GAPS);
		fputs("</p>\n", out);
	}
	else {
		fputs("<p>", out);
		esc(out, w[W_NOGAPS]);
		fputs("</p>\n", out);
	}
	fputs("</section>\n</body>\n</html>\n", out);
	report_figures_free(&f);
	return out != stdout ? outfile_close(&file, rc) : rc;
}
