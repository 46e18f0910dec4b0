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

#endif
