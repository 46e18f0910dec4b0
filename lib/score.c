#include "score.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "columns.h"
#include "xalloc.h"

static const char id_aliases[] = "id|学号|工号|编号|学籍号|person_no|"
    "student_no|staff_no|用户名|账号|用户id|userid|user_id";

/* Skips "1、", "1.", "Q1.", "Q1", "第1题", "(1)" numbering at the start
 * of a header; *number receives it (0 when none). */
static const char *
skip_numbering(const char *h, size_t *number)
{
	const char *p = h;
	size_t n = 0;
	int digits = 0;

	*number = 0;
	if (*p == 'Q' || *p == 'q')
		p++;
	else if (strncmp(p, "第", 3) == 0)
		p += 3;
	else if (*p == '(')
		p++;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (size_t)(*p - '0');
		p++;
		digits++;
	}
	if (!digits)
		return h;
	if (strncmp(p, "题", 3) == 0)
		p += 3;
	if (*p == '.' || *p == ':' || *p == ')')
		p++;
	else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0 ||
	    strncmp(p, "：", 3) == 0 || strncmp(p, "）", 3) == 0)
		p += 3;
	while (*p == ' ' || strncmp(p, "\xe3\x80\x80", 3) == 0)
		p += *p == ' ' ? 1 : 3;
	*number = n;
	return p;
}

/* The header names the item's text, perhaps followed by a note such as
 * "（单选题）" or "[单选]". */
static int
text_matches(const char *rest, const char *text, int fold_case)
{
	size_t n;

	if (text == NULL || *text == '\0')
		return 0;
	n = strlen(text);
	if ((fold_case ? strncasecmp(rest, text, n) : strncmp(rest, text, n))
	    != 0)
		return 0;
	rest += n;
	return *rest == '\0' || *rest == '(' || *rest == '[' ||
	    strncmp(rest, "（", 3) == 0 || strncmp(rest, "【", 3) == 0 ||
	    *rest == ' ' || *rest == '?' || strncmp(rest, "？", 3) == 0;
}

long
score_match_header(const struct instrument *in, const char *header)
{
	const char *rest;
	size_t number;

	for (size_t i = 0; i < in->nitems; i++)
		if (strcasecmp(header, in->items[i].id) == 0)
			return (long)i;
	rest = skip_numbering(header, &number);
	if (number > 0 && *rest == '\0')
		return number <= in->nitems ? (long)number - 1 : -1;
	for (size_t i = 0; i < in->nitems; i++)
		if (text_matches(rest, in->items[i].zh, 0) ||
		    text_matches(rest, in->items[i].en, 1))
			return (long)i;
	return -1;
}

int
score_map_columns(const struct instrument *in, const struct rec_reader *r,
    struct answer_columns *ac, struct diag *d)
{
	size_t ncol = rec_ncolumns(r);
	int rc = 0;

	ac->id = -1;
	ac->nitems = in->nitems;
	ac->item = xcalloc(in->nitems ? in->nitems : 1, sizeof(*ac->item));
	for (size_t i = 0; i < in->nitems; i++)
		ac->item[i] = -1;
	for (size_t c = 0; c < ncol; c++) {
		const char *h = rec_column(r, c);
		char *folded = columns_fold(h);
		long item;
		int is_id = 0;

		/* the person's id, under any of its names */
		{
			const char *p = id_aliases;
			while (*p != '\0' && !is_id) {
				const char *bar = strchr(p, '|');
				size_t n = bar ? (size_t)(bar - p) : strlen(p);
				is_id = strlen(folded) == n &&
				    strncmp(folded, p, n) == 0;
				p += n + (bar != NULL);
			}
		}
		free(folded);
		if (is_id && ac->id < 0) {
			ac->id = (int)c;
			continue;
		}
		if ((item = score_match_header(in, h)) < 0)
			continue;	/* kept as an extra column */
		if (ac->item[item] >= 0) {
			diag_error(d, rec_name(r), rec_line(r), NULL, "columns "
			    "%d (%s) and %zu (%s) both answer item %s",
			    ac->item[item] + 1, rec_column(r,
			    (size_t)ac->item[item]), c + 1, h,
			    in->items[item].id);
			rc = -1;
			continue;
		}
		ac->item[item] = (int)c;
	}
	if (ac->id < 0) {
		diag_error(d, rec_name(r), rec_line(r), NULL, "no column for the "
		    "person's id (a header named id, 学号 or 工号)");
		rc = -1;
	}
	return rc;
}

void
score_columns_free(struct answer_columns *ac)
{
	free(ac->item);
	ac->item = NULL;
}

/* "A.完全不会", "A、完全不会", "(A)完全不会": a platform's option letter. */
static const char *
skip_letter(const char *s)
{
	if (s[0] == '(' && isupper((unsigned char)s[1]) && s[2] == ')')
		return s + 3;
	if (isupper((unsigned char)s[0])) {
		if (s[1] == '.' || s[1] == ':' || s[1] == ')')
			return s + 2;
		if (strncmp(s + 1, "、", 3) == 0 || strncmp(s + 1, "．", 3) == 0)
			return s + 4;
	}
	return s;
}

static int
option_named(const struct answer_option *o, const char *s)
{
	if ((o->zh != NULL && strcmp(s, o->zh) == 0) ||
	    (o->en != NULL && strcasecmp(s, o->en) == 0))
		return 1;
	for (size_t a = 0; a < o->nalso; a++)
		if (strcasecmp(s, o->also[a]) == 0)
			return 1;
	return 0;
}

int
score_cell(const struct instrument *in, size_t i, const char *cell,
    double *value, char **why)
{
	const struct option_set *set = in->items[i].options;
	const char *s = cell;
	char *end;
	double v;

	*why = NULL;
	/* most cells are one digit: no strtod for them */
	if (cell[0] >= '0' && cell[0] <= '9' && cell[1] == '\0') {
		v = cell[0] - '0';
		end = (char *)(uintptr_t)(cell + 1);
	} else
		v = strtod(cell, &end);
	if (end != cell && *end == '\0') {
		for (size_t o = 0; o < set->n; o++)
			if (set->options[o].value == v) {
				*value = v;
				return 0;
			}
		goto bad;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t o = 0; o < set->n; o++)
			if (option_named(&set->options[o], s)) {
				*value = set->options[o].value;
				return 0;
			}
		s = skip_letter(cell);
		if (s == cell)
			break;
	}
bad:
	{
		struct buf b = {0};
		for (size_t o = 0; o < set->n; o++) {
			char num[32];
			score_format(set->options[o].value, num);
			buf_printf(&b, "%s%s %s", o ? ", " : "", num,
			    set->options[o].zh);
		}
		*why = xasprintf("'%s' is not an option of %s (%s)", cell,
		    in->items[i].id, buf_str(&b));
		buf_free(&b);
	}
	return -1;
}

void
score_result_init(struct score_result *s, const struct instrument *in)
{
	memset(s, 0, sizeof(*s));
	s->answers = xcalloc(in->nitems ? in->nitems : 1, sizeof(*s->answers));
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
	free(s->scales);
	s->answers = NULL;
	s->scales = NULL;
}

int
score_read(const struct instrument *in, const struct answer_columns *ac,
    const struct rec_reader *r, struct score_result *s, struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < in->nitems; i++) {
		const char *cell;
		char *why = NULL;

		s->answers[i] = NAN;
		if (ac->item[i] < 0)
			continue;
		cell = rec_field(r, (size_t)ac->item[i]);
		if (*cell == '\0' || strcmp(cell, "-") == 0 ||
		    strcmp(cell, "(跳过)") == 0 || strcmp(cell, "（跳过）") == 0)
			continue;	/* unanswered */
		if (score_cell(in, i, cell, &s->answers[i], &why) != 0) {
			char label[64];
			snprintf(label, sizeof(label), "column %d",
			    ac->item[i] + 1);
			diag_error(d, rec_name(r), rec_line(r), label, "%s", why);
			free(why);
			rc = -1;
		}
	}
	return rc;
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
