/*
 * What the HTML report's sections are drawn with (report_html_page.c):
 * escaping, the page's head and style, stacked bars with their legend.
 */
#ifndef PH_REPORT_HTML_H
#define PH_REPORT_HTML_H
#include <stdio.h>

#include "report.h"

/* s with & < > " escaped. */
void html_esc(FILE *out, const char *s);

/* The page's words a head needs. */
struct html_head {
	const char *lang;	/* "zh" or "en" */
	const char *title, *private_note;
	const char *campaign_label, *campaign;	/* campaign NULL: none */
	const char *made_label, *made;
	const char *colon, *semicolon;	/* "：" or ": " ... */
};
/* The doctype to the report's first paragraphs. */
void html_head(FILE *out, const struct html_head *h);

/* A chart of stacked horizontal bars, one a row of f: nparts parts, part
 * k the column cols[k] of the row, drawn in colours[k], named keys[k]
 * in data-part and labels[k] in the legend and the tooltips; bars are
 * scaled to the largest column whole. */
struct html_chart {
	const int *cols;
	const char *const *colours, *const *keys, *const *labels;
	int nparts, whole;
};
void html_bars(FILE *out, const struct report_figures *f,
    const struct html_chart *c);

/* <section><h2>title</h2> (the section's end: </section>). */
void html_section(FILE *out, const char *title);
/* Header cells: the words w[first] to w[last]. */
void html_header_cells(FILE *out, const char *const *w, int first, int last);
/* A table's opening, in a box that scrolls sideways on a narrow screen,
 * with its header (repeated on every printed page) of the words from
 * first to last after the word lead (or none, lead < 0); its end. */
void html_table_open(FILE *out, const char *const *w, const char *id,
    int lead, int first, int last);
void html_table_close(FILE *out);
/* A table of rows written already (len bytes at rows), under a header
 * of the words w[first] to w[last]. */
void html_table_rows(FILE *out, const char *const *w, const char *id,
    int first, int last, const char *rows, size_t len);
/* html_bars in a <div id="ID-chart">. */
void html_chart(FILE *out, const char *id, const struct report_figures *f,
    const struct html_chart *c);
/* A number's cell of class cls. */
void html_cell(FILE *out, const char *cls, long long v);

/* A section's rows, or a whole section, written into memory until the
 * words above them are known (or, for a section, until its place in
 * the page comes): write to f, then text holds len bytes. */
struct html_mem {
	FILE *f;
	char *text;
	size_t len;
};
/* Opens m (exits 71 when there is no memory for it). */
void html_mem_open(struct html_mem *m);
/* Closes m's stream: rc, or 71 (EX_OSERR) when it could not be written
 * and rc was 0. */
int html_mem_close(struct html_mem *m, int rc);
void html_mem_free(struct html_mem *m);

/* The care sections (report_html_care.c), in English or Chinese: the
 * alerts by unit at level by and how fast they were acknowledged; the
 * crisis and referral cases; each school's activity from each file's
 * figures per school (schools_figures and schools_held_so_far).  0 or a
 * sysexits code. */
int html_alerts(FILE *out, const struct report_dbs *r, const char *by,
    int english);
int html_cases(FILE *out, const struct report_dbs *r, const struct cli *c,
    int english);
struct schools;
void html_activity(FILE *out, const struct schools *per_file, size_t n,
    int english);

#endif
