/*
 * Computing a response's scores from its answers: scales, bands,
 * critical items and validity.  See score.h.
 */
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

void
score_result_init(struct score_result *s, const struct instrument *in)
{
	memset(s, 0, sizeof(*s));
	s->answers = xcalloc(in->nitems ? in->nitems : 1, sizeof(*s->answers));
	s->unreadable = xcalloc(in->nitems ? in->nitems : 1,
	    sizeof(*s->unreadable));
	s->scales = xcalloc(in->nscales ? in->nscales : 1, sizeof(*s->scales));
}

static void
clear(struct score_result *s)
{
	free(s->reason);
	free(s->critical);
	free(s->critical_note);
	s->reason = s->critical = s->critical_note = NULL;
	s->critical_answered = s->critical_unanswered = 0;
}

void
score_result_free(struct score_result *s)
{
	clear(s);
	free(s->answers);
	free(s->unreadable);
	free(s->scales);
	s->answers = NULL;
	s->unreadable = NULL;
	s->scales = NULL;
}

static void
set_range(const struct option_set *set, double *lo, double *hi)
{
	*lo = set->options[0].value;
	*hi = set->options[0].value;
	for (size_t o = 1; o < set->n; o++) {
		if (set->options[o].value < *lo)
			*lo = set->options[o].value;
		if (set->options[o].value > *hi)
			*hi = set->options[o].value;
	}
}

/* The answer as the scale counts it: reversed items turned around. */
static double
scored_value(const struct instrument *in, size_t i, double v)
{
	double lo, hi;

	if (!in->items[i].reverse)
		return v;
	set_range(in->items[i].options, &lo, &hi);
	return lo + hi - v;
}

static void
one_scale(const struct instrument *in, const struct scale *sc,
    const double *answers, struct scale_result *out)
{
	double sum = 0;
	size_t answered = 0, hits = 0;

	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < sc->nitems; k++) {
		size_t i = sc->items[k];
		double v;

		if (isnan(answers[i])) {
			out->missing++;
			continue;
		}
		v = scored_value(in, i, answers[i]);
		sum += v;
		answered++;
		if (v >= sc->threshold)
			hits++;
	}
	if (out->missing > sc->max_missing || answered == 0)
		return;
	switch (sc->method) {
	case SCALE_SUM:
		out->value = sc->prorate && out->missing > 0 ?
		    sum * (double)sc->nitems / (double)answered : sum;
		break;
	case SCALE_MEAN:
		out->value = sum / (double)answered;
		break;
	case SCALE_COUNT:
		out->value = (double)hits;
		break;
	}
	out->value = out->value * sc->multiply + sc->add;
	/* a prorated or averaged score keeps two decimals, as printed */
	out->value = round(out->value * 100) / 100;
	out->scored = 1;
	for (size_t b = 0; b < sc->nbands; b++)
		if (sc->bands[b].open || out->value <= sc->bands[b].max) {
			out->band = sc->bands[b].label;
			out->band_zh = sc->bands[b].zh;
			break;
		}
}

void
score_compute(const struct instrument *in, struct score_result *s)
{
	struct buf why = {0}, ids = {0}, note = {0};

	clear(s);
	s->missing = 0;
	for (size_t i = 0; i < in->nitems; i++)
		s->missing += isnan(s->answers[i]);
	s->valid = 1;
	for (size_t k = 0; k < in->nscales; k++) {
		one_scale(in, &in->scales[k], s->answers, &s->scales[k]);
		if (!s->scales[k].scored) {
			s->valid = 0;
			buf_printf(&why, "%s%s: %zu items missing (at most %zu)",
			    why.len ? "; " : "", in->scales[k].id,
			    s->scales[k].missing, in->scales[k].max_missing);
		}
	}
	for (size_t k = 0; k < in->ninvalid; k++) {
		const struct invalid_rule *rule = &in->invalid[k];
		const struct scale_result *sr = &s->scales[rule->scale];
		char v[32], m[32];

		if (!sr->scored || sr->value < rule->min)
			continue;
		s->valid = 0;
		score_format(sr->value, v);
		score_format(rule->min, m);
		buf_printf(&why, "%s%s %s >= %s", why.len ? "; " : "",
		    in->scales[rule->scale].id, v, m);
	}
	/* Critical answers count whatever else is missing or invalid; an
	 * unanswered critical item is itself a reason to follow up. */
	for (size_t k = 0; k < in->ncritical; k++) {
		const struct critical *c = &in->critical[k];
		double a = s->answers[c->item];
		char v[32];

		if (!isnan(a) && a < c->min)
			continue;
		/* no printf: a screening flags many rows */
		if (ids.len)
			buf_putc(&ids, ';');
		buf_puts(&ids, in->items[c->item].id);
		if (note.len)
			buf_puts(&note, "; ");
		buf_puts(&note, in->items[c->item].id);
		if (isnan(a)) {
			s->critical_unanswered++;
			buf_puts(&note, " 未作答，需跟进: ");
		} else {
			s->critical_answered++;
			score_format(a, v);
			buf_putc(&note, '=');
			buf_puts(&note, v);
			buf_putc(&note, ' ');
		}
		buf_puts(&note, c->zh);
	}
	s->reason = why.len ? buf_take(&why) : NULL;
	s->critical = ids.len ? buf_take(&ids) : NULL;
	s->critical_note = note.len ? buf_take(&note) : NULL;
	buf_free(&why);
	buf_free(&ids);
	buf_free(&note);
}

void
score_json(const struct instrument *in, const struct score_result *s,
    struct buf *out)
{
	char num[32];

	/* ids and labels are plain [a-z0-9_], checked when the instrument
	 * was loaded; no printf on a million rows */
	buf_reset(out);
	buf_putc(out, '{');
	for (size_t k = 0; k < in->nscales; k++) {
		const struct scale_result *sr = &s->scales[k];
		const char *id = in->scales[k].id;

		if (sr->scored)
			score_format(sr->value, num);
		buf_puts(out, k ? ",\"" : "\"");
		buf_puts(out, id);
		buf_puts(out, "\":");
		buf_puts(out, sr->scored ? num : "null");
		buf_puts(out, ",\"");
		buf_puts(out, id);
		buf_puts(out, "_band\":");
		if (sr->band != NULL) {
			buf_putc(out, '"');
			buf_puts(out, sr->band);
			buf_putc(out, '"');
		} else
			buf_puts(out, "null");
	}
	buf_putc(out, '}');
}

void
score_format(double v, char out[32])
{
	size_t n;

	/* whole numbers, the usual case, without printf */
	if (v == floor(v) && fabs(v) < 1e9) {
		long long k = (long long)v;
		char tmp[24];
		size_t t = 0, o = 0;

		if (k < 0) {
			out[o++] = '-';
			k = -k;
		}
		do {
			tmp[t++] = (char)('0' + k % 10);
			k /= 10;
		} while (k > 0);
		while (t > 0)
			out[o++] = tmp[--t];
		out[o] = '\0';
		return;
	}

	snprintf(out, 32, "%.2f", v);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
}

