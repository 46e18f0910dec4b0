/*
 * The HTML report's page and charts (see report_html.h): a style that
 * names the CJK fonts each system has, tables that scroll sideways on a
 * phone rather than squeeze to a character a line and that print on A4
 * with their header on every page and no row split; bars with a legend
 * and labels that stay readable (11 px or more) however narrow the
 * screen.
 */
#include "report_html.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

void
html_esc(FILE *out, const char *s)
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

/* Windows, macOS and iOS, Android and Linux (Noto, Source Han,
 * WenQuanYi) each have one of these; sans-serif last. */
static const char style[] =
    "body{font-family:\"Microsoft YaHei\",\"微软雅黑\",\"PingFang SC\","
    "\"Hiragino Sans GB\",\"Noto Sans CJK SC\",\"Noto Sans SC\","
    "\"Source Han Sans SC\",\"Source Han Sans CN\",\"WenQuanYi Micro Hei\","
    "\"WenQuanYi Zen Hei\",sans-serif;\n"
    "  margin:1em auto;max-width:70em;padding:0 1em;color:#222;"
    "line-height:1.5}\n"
    "h1{font-size:1.6em}\n"
    "table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}\n"
    "th,td{border:1px solid #bbb;padding:.25em .5em;white-space:nowrap;"
    "vertical-align:top;text-align:left}\n"
    "th{background:#f0f0f0}\n"
    /* the care tables' many columns: their headers wrap, four characters
     * a line at least, so that the table fits A4 and a phone's width */
    "#alerts thead th,#cases thead th,#activity thead th{white-space:normal;"
    "min-width:4em}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.t{white-space:normal;min-width:14em}\n"
    "tr.short td:last-child{color:#b00;font-weight:bold}\n"
    "tr.met td:last-child{color:#272}\n"
    "td code{white-space:normal;overflow-wrap:anywhere}\n"
    ".scroll{overflow-x:auto}\n"
    ".chart svg{display:block;max-width:100%;height:auto}\n"
    "thead{display:table-header-group}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "@page{size:A4;margin:15mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    ".scroll{overflow:visible}h2{break-after:avoid}"
    ".chart{break-inside:avoid}"
    "th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

void
html_head(FILE *out, const struct html_head *h)
{
	fprintf(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/"
	    "xhtml\" lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n<title>", h->lang);
	html_esc(out, h->title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	    style);
	html_esc(out, h->title);
	fputs("</h1>\n<p>", out);
	if (h->campaign != NULL) {
		html_esc(out, h->campaign_label);
		fputs(h->colon, out);
		html_esc(out, h->campaign);
		fputs(h->semicolon, out);
	}
	html_esc(out, h->made_label);
	fprintf(out, " %s</p>\n<p><em>", h->made);
	html_esc(out, h->private_note);
	fputs("</em></p>\n", out);
}

/* The chart's text size, in px: at the narrowest (11 px) the chart is
 * not shrunk below FONT_MIN / FONT of its width, and scrolls instead. */
#define FONT 13
#define FONT_MIN 11
#define LEGEND_LINE 20

/* About how wide s is at FONT px: a CJK character a full em, others
 * 0.6 em. */
static int
text_px(const char *s)
{
	double w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w += 0.6;
		else if (*p >= 0xc0)
			w += *p >= 0xe0 ? 1.0 : 0.6;
	return (int)(w * FONT + 0.5);
}

/* The legend, across the chart's top from left, on as many lines as it
 * takes not to pass right: a swatch and a word each part (written when
 * out is not NULL).  How many lines. */
static int
legend(FILE *out, const struct html_chart *c, int left, int right)
{
	int x = left, y = 0;

	for (int k = 0; k < c->nparts; k++) {
		int w = FONT + 3 + text_px(c->labels[k]);

		if (x > left && x + w > right) {
			x = left;
			y += LEGEND_LINE;
		}
		if (out != NULL) {
			fprintf(out, "<path d=\"M%d %dh%d v%d h-%d z\" "
			    "fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
			    "font-size=\"%d\">", x, y + 4, FONT - 1, FONT - 1,
			    FONT - 1, c->colours[k], x + FONT + 3, y + 15, FONT);
			html_esc(out, c->labels[k]);
			fputs("</text>\n", out);
		}
		x += w + 16;
	}
	return y / LEGEND_LINE + 1;
}

/* One row's bar: its parts side by side from x, each rect with the
 * row's unit, the part's key and its value. */
static void
bar(FILE *out, const struct report_figures *f, const struct html_chart *c,
    size_t i, int y, double scale)
{
	double x = 0;

	for (int k = 0; k < c->nparts; k++) {
		long long v = f->v[i][c->cols[k]];
		double w = scale * (double)v;

		fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"16\" fill=\"%s\" data-unit=\"", x, y, w,
		    c->colours[k]);
		html_esc(out, f->unit[i]);
		fprintf(out, "\" data-part=\"%s\" data-value=\"%lld\"><title>",
		    c->keys[k], v);
		html_esc(out, f->unit[i]);
		fputs(" ", out);
		html_esc(out, c->labels[k]);
		fprintf(out, " %lld</title></rect>\n", v);
		x += w;
	}
}

void
html_bars(FILE *out, const struct report_figures *f,
    const struct html_chart *c)
{
	const int width = 260, row = 22;
	int label = 40, total, height, top_gap;
	long long top = 1;

	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i][c->whole] > top)
			top = f->v[i][c->whole];
		if (text_px(f->unit[i]) + 8 > label)
			label = text_px(f->unit[i]) + 8;
	}
	total = label + width + 10;
	top_gap = legend(NULL, c, label, total) * LEGEND_LINE + 6;
	height = (int)f->n * row + top_gap + 6;
	fprintf(out, "<div class=\"scroll chart\"><svg xmlns=\"http://www.w3."
	    "org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "style=\"min-width:%dpx\" role=\"img\" font-family=\"inherit\">\n",
	    total, height, total, height, total * FONT_MIN / FONT);
	(void)legend(out, c, label, total);
	for (size_t i = 0; i < f->n; i++) {
		int y = top_gap + (int)i * row;

		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" "
		    "text-anchor=\"end\">", label - 6, y + 13, FONT);
		html_esc(out, f->unit[i]);
		fprintf(out, "</text>\n<g transform=\"translate(%d 0)\">\n",
		    label);
		bar(out, f, c, i, y, (double)width / (double)top);
		fputs("</g>\n", out);
	}
	fputs("</svg></div>\n", out);
}

/* <section><h2>title</h2> */
void
html_section(FILE *out, const char *title)
{
	fputs("<section>\n<h2>", out);
	html_esc(out, title);
	fputs("</h2>\n", out);
}

/* Header cells: the words from first to last. */
void
html_header_cells(FILE *out, const char *const *w, int first, int last)
{
	for (int k = first; k <= last; k++) {
		fputs("<th>", out);
		html_esc(out, w[k]);
		fputs("</th>", out);
	}
}

/* A table's opening, in a box that scrolls sideways on a narrow screen,
 * with its header (repeated on every printed page) of the words from
 * first to last after the word lead (or none, lead < 0). */
void
html_table_open(FILE *out, const char *const *w, const char *id, int lead,
    int first, int last)
{
	fprintf(out, "<div class=\"scroll\"><table id=\"%s\">\n<thead><tr>",
	    id);
	if (lead >= 0)
		html_header_cells(out, w, lead, lead);
	html_header_cells(out, w, first, last);
	fputs("</tr></thead>\n<tbody>\n", out);
}

void
html_table_close(FILE *out)
{
	fputs("</tbody>\n</table></div>\n", out);
}

void
html_cell(FILE *out, const char *cls, long long v)
{
	fprintf(out, "<td class=\"%s\">%lld</td>", cls, v);
}

void
html_table_rows(FILE *out, const char *const *w, const char *id, int first,
    int last, const char *rows, size_t len)
{
	html_table_open(out, w, id, -1, first, last);
	fwrite(rows, 1, len, out);
	html_table_close(out);
}

void
html_chart(FILE *out, const char *id, const struct report_figures *f,
    const struct html_chart *c)
{
	fprintf(out, "<div id=\"%s-chart\">", id);
	html_bars(out, f, c);
	fputs("</div>\n", out);
}

void
html_mem_open(struct html_mem *m)
{
	m->text = NULL;
	m->len = 0;
	if ((m->f = open_memstream(&m->text, &m->len)) == NULL)
		err(EX_OSERR, "html");
}

int
html_mem_close(struct html_mem *m, int rc)
{
	if (fclose(m->f) != 0 && rc == 0)
		rc = EX_OSERR;
	m->f = NULL;
	return rc;
}

void
html_mem_free(struct html_mem *m)
{
	free(m->text);
	m->text = NULL;
	m->len = 0;
}
