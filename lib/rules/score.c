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
	free(s->norm_why);
	s->reason = s->critical = s->critical_note = s->norm_why = NULL;
	s->norm = NULL;
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

/* The answer as the scale counts it: reversed items turned around. */
static double
scored_value(const struct item *it, double v)
{
	return it->reverse ? it->lo + it->hi - v : v;
}

/* A prorated total rounded as the instrument says, so that it is one of
 * the published scores before it is banded. */
static double
round_prorated(const struct scale *sc, double v)
{
	/* the sum of whole answers times n / answered is exact when whole;
	 * the nudge keeps 20.9999999 from rounding to 20 */
	switch (sc->round) {
	case ROUND_HALF_UP:
		return floor(v + 0.5 + 1e-9);
	case ROUND_DOWN:
		return floor(v + 1e-9);
	default:
		return v;
	}
}

static void
set_band(const struct scale *sc, double value, struct scale_result *out)
{
	const struct band *b = scale_band(sc, value);

	out->band = b != NULL ? b->label : NULL;
	out->band_zh = b != NULL ? b->zh : NULL;
}

/*
 * A scale with too many items missing has no score; but when every
 * value its blank items could take leaves it in one band, that band is
 * certain: out->ranged, with lo..hi the scores possible.  Only for the
 * rows that need it: no allocation, one pass over the scale's items.
 */
static void
certain_band(const struct instrument *in, const struct scale *sc,
    const double *answers, double sum, double hits, struct scale_result *out)
{
	double lo = 0, hi = 0;
	const struct band *blo, *bhi;

	for (size_t k = 0; k < sc->nitems; k++) {
		const struct item *it = &in->items[sc->items[k]];

		if (!isnan(answers[sc->items[k]]))
			continue;
		scale_item_range(sc, it, &lo, &hi);
	}
	if (sc->method == SCALE_COUNT) {
		lo += hits;
		hi += hits;
	} else {
		lo += sum;
		hi += sum;
	}
	if (sc->method == SCALE_MEAN) {
		lo /= (double)sc->nitems;
		hi /= (double)sc->nitems;
	}
	lo = round((lo * sc->multiply + sc->add) * 100) / 100;
	hi = round((hi * sc->multiply + sc->add) * 100) / 100;
	if (lo > hi) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	blo = scale_band(sc, lo);
	bhi = scale_band(sc, hi);
	if (blo == NULL || blo != bhi)
		return;
	out->ranged = 1;
	out->lo = lo;
	out->hi = hi;
	out->band = blo->label;
	out->band_zh = blo->zh;
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
		v = scored_value(&in->items[i], answers[i]);
		sum += v;
		answered++;
		if (v >= sc->threshold)
			hits++;
	}
	if (answered == 0)
		return;
	if (out->missing > sc->max_missing) {
		if (sc->nbands > 0 && !sc->band_normed)
			certain_band(in, sc, answers, sum, (double)hits, out);
		return;
	}
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
	if (sc->prorate && out->missing > 0)
		out->value = round_prorated(sc, out->value);
	/* an unrounded prorated or averaged score keeps two decimals, as
	 * printed, and is banded as printed */
	out->value = round(out->value * 100) / 100;
	out->scored = 1;
	if (!sc->band_normed)
		set_band(sc, out->value, out);
}

void
score_norm(const struct instrument *in, const struct norm_person *p,
    struct score_result *s)
{
	const struct norms *n = in->norms;

	free(s->norm_why);
	s->norm_why = NULL;
	if ((s->norm = norms_group(n, p)) == NULL) {
		s->norm_why = norms_why(n, p);
		return;
	}
	for (size_t k = 0; k < in->nscales; k++) {
		struct scale_result *sr = &s->scales[k];

		sr->normed = sr->scored && norms_value(n, s->norm, k,
		    sr->value, &sr->norm_value);
		if (sr->normed && in->scales[k].band_normed)
			set_band(&in->scales[k], sr->norm_value, sr);
	}
}

int
score_blank(const struct instrument *in, const struct score_result *s)
{
	for (size_t i = 0; i < in->nitems; i++)
		if (!isnan(s->answers[i]) || s->unreadable[i])
			return 0;
	return 1;
}

void
score_compute(const struct instrument *in, struct score_result *s)
{
	struct buf why = {0}, ids = {0}, note = {0};

	clear(s);
	s->missing = 0;
	for (size_t i = 0; i < in->nitems; i++)
		s->missing += isnan(s->answers[i]) && !s->unreadable[i];
	s->valid = 1;
	/* a cell that names no option is not an answer: the response is not
	 * one to score by (its scales count the cell as missing) */
	if (s->nunreadable > 0) {
		s->valid = 0;
		buf_printf(&why, "%zu unreadable cell%s", s->nunreadable,
		    s->nunreadable == 1 ? "" : "s");
	}
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

		if (!isnan(a) && !critical_holds(c, a))
			continue;
		/* no printf: a screening flags many rows */
		if (ids.len)
			buf_putc(&ids, ';');
		buf_puts(&ids, in->items[c->item].id);
		if (note.len)
			buf_puts(&note, "; ");
		buf_puts(&note, in->items[c->item].id);
		if (isnan(a)) {
			/* an answer that could not be read may be the one
			 * that matters: followed up as an unanswered one */
			s->critical_unanswered++;
			buf_puts(&note, s->unreadable[c->item] ?
			    " 无法识别，需跟进: " : " 未作答，需跟进: ");
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

/* The norm group the scales were normed in, or why they were not. */
static void
json_norm(const struct score_result *s, struct buf *out)
{
	if (s->norm != NULL) {
		buf_puts(out, ",\"norm\":\"");
		buf_puts(out, s->norm->id);
		buf_putc(out, '"');
		return;
	}
	/* norms_why's words: letters, digits and spaces, nothing to
	 * escape */
	buf_puts(out, ",\"norm\":null,\"norm_raw\":\"");
	buf_puts(out, s->norm_why != NULL ? s->norm_why : "not looked up");
	buf_putc(out, '"');
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
		if (sr->ranged) {
			buf_puts(out, ",\"");
			buf_puts(out, id);
			buf_puts(out, "_range\":[");
			score_format(sr->lo, num);
			buf_puts(out, num);
			buf_putc(out, ',');
			score_format(sr->hi, num);
			buf_puts(out, num);
			buf_putc(out, ']');
		}
		if (sr->normed) {
			buf_puts(out, ",\"");
			buf_puts(out, id);
			buf_putc(out, '_');
			buf_puts(out, norms_kind_name(in->norms->kind));
			buf_puts(out, "\":");
			score_format(sr->norm_value, num);
			buf_puts(out, num);
		}
	}
	if (in->norms != NULL)
		json_norm(s, out);
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

