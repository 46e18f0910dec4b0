/*
 * Careless answer sheets: attention items, one answer to a scale with
 * reversed items or to many items in a row, too little time, pairs that
 * disagree.  See validity.h.
 */
#include "validity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns.h"
#include "score.h"
#include "xalloc.h"

struct validity_plan {
	const struct instrument *in;
	struct validity_rules rules;
	size_t *attention;	/* the attention items, when checked */
	size_t nattention;
	size_t *mixed;		/* scales with reversed and plain items */
	size_t nmixed;
	struct buf why;		/* validity_score's, reused row to row */
};

void
validity_rules_default(struct validity_rules *v)
{
	memset(v, 0, sizeof(*v));
	v->attention = 1;
	v->consistency = 1;
}

/* A switch of the section, left at its default when not given. */
static void
flag(struct conf_check *k, const struct conf_node *m, const char *key,
    int *out)
{
	int v;

	if (conf_flag(k, m, key, &v, "validity") == 1)
		*out = v;
}

void
validity_rules_load(struct conf_check *k, const struct conf_node *m,
    struct validity_rules *v)
{
	static const char *const keys[] = { "attention", "consistency",
	    "same_reversed", "same_in_row", "min_seconds_per_item", NULL };
	double n;

	if (!conf_section(k, m, "validity", keys))
		return;
	flag(k, m, "attention", &v->attention);
	flag(k, m, "consistency", &v->consistency);
	flag(k, m, "same_reversed", &v->same_reversed);
	if (conf_number(k, m, "same_in_row", &n, "validity") == 1) {
		if (n < 0 || n != floor(n) || n > 10000)
			conf_bad(k, conf_get(m, "same_in_row"), "'same_in_row' "
			    "must be a whole number from 0 (not checked) to "
			    "10000");
		else
			v->same_in_row = (size_t)n;
	}
	if (conf_number(k, m, "min_seconds_per_item", &n, "validity") == 1) {
		if (n < 0 || n > 3600)
			conf_bad(k, conf_get(m, "min_seconds_per_item"),
			    "'min_seconds_per_item' must be from 0 (not "
			    "checked) to 3600");
		else
			v->min_seconds_per_item = n;
	}
}

/* A scale some of whose items are reversed and some not: one answer to
 * all of them contradicts itself. */
static int
mixed_scale(const struct instrument *in, const struct scale *sc)
{
	int reversed = 0, plain = 0;

	for (size_t j = 0; j < sc->nitems; j++) {
		if (in->items[sc->items[j]].reverse)
			reversed = 1;
		else
			plain = 1;
	}
	return reversed && plain;
}

struct validity_plan *
validity_plan_new(const struct instrument *in, const struct validity_rules *v)
{
	struct validity_plan *p = xcalloc(1, sizeof(*p));

	p->in = in;
	p->rules = *v;
	p->attention = xcalloc(in->nitems ? in->nitems : 1,
	    sizeof(*p->attention));
	p->mixed = xcalloc(in->nscales ? in->nscales : 1, sizeof(*p->mixed));
	for (size_t i = 0; v->attention && i < in->nitems; i++)
		if (in->items[i].attention)
			p->attention[p->nattention++] = i;
	for (size_t k = 0; v->same_reversed && k < in->nscales; k++)
		if (mixed_scale(in, &in->scales[k]))
			p->mixed[p->nmixed++] = k;
	return p;
}

void
validity_plan_free(struct validity_plan *p)
{
	if (p == NULL)
		return;
	buf_free(&p->why);
	FREE_ALL(p->attention, p->mixed, p);
}

int
validity_plan_checks(const struct validity_plan *p, int has_duration)
{
	return p->nattention > 0 || p->nmixed > 0 ||
	    p->rules.same_in_row > 0 ||
	    (p->rules.consistency && p->in->npairs > 0) ||
	    (has_duration && p->rules.min_seconds_per_item > 0);
}

static void
sep(struct buf *why)
{
	if (why->len > 0)
		buf_puts(why, "; ");
}

static unsigned
check_attention(const struct validity_plan *p, const double *answers,
    struct buf *why)
{
	unsigned failed = 0;

	for (size_t k = 0; k < p->nattention; k++) {
		const struct item *it = &p->in->items[p->attention[k]];
		double a = answers[p->attention[k]];
		char got[32], want[32];

		if (a == it->expect)
			continue;
		failed = VALIDITY_ATTENTION;
		score_format(it->expect, want);
		sep(why);
		if (isnan(a))
			buf_printf(why, "attention item %s unanswered "
			    "(expected %s)", it->id, want);
		else {
			score_format(a, got);
			buf_printf(why, "attention item %s answered %s "
			    "(expected %s)", it->id, got, want);
		}
	}
	return failed;
}

/* One answer to every answered item of a scale with reversed items,
 * reversed and plain ones among them. */
static unsigned
check_same_reversed(const struct validity_plan *p, const double *answers,
    struct buf *why)
{
	unsigned failed = 0;

	for (size_t k = 0; k < p->nmixed; k++) {
		const struct scale *sc = &p->in->scales[p->mixed[k]];
		double first = NAN;
		int same = 1, reversed = 0, plain = 0;
		char v[32];

		for (size_t j = 0; j < sc->nitems && same; j++) {
			double a = answers[sc->items[j]];

			if (isnan(a))
				continue;
			if (isnan(first))
				first = a;
			same = a == first;
			if (p->in->items[sc->items[j]].reverse)
				reversed = 1;
			else
				plain = 1;
		}
		if (!same || !reversed || !plain)
			continue;
		failed = VALIDITY_SAME_REVERSED;
		score_format(first, v);
		sep(why);
		buf_printf(why, "%s: every item answered %s, reversed ones too",
		    sc->id, v);
	}
	return failed;
}

/* More than the policy's number of items in a row, in the file's order,
 * with one answer (a blank breaks a row). */
static unsigned
check_same_in_row(const struct validity_plan *p, const double *answers,
    struct buf *why)
{
	size_t run = 0, longest = 0, at = 0;
	char v[32];

	if (p->rules.same_in_row == 0)
		return 0;
	for (size_t i = 0; i < p->in->nitems; i++) {
		if (isnan(answers[i]))
			run = 0;
		else if (run > 0 && answers[i] == answers[i - 1])
			run++;
		else
			run = 1;
		if (run > longest) {
			longest = run;
			at = i;
		}
	}
	if (longest <= p->rules.same_in_row)
		return 0;
	score_format(answers[at], v);
	sep(why);
	buf_printf(why, "%zu items in a row answered %s (at most %zu)",
	    longest, v, p->rules.same_in_row);
	return VALIDITY_SAME_IN_ROW;
}

static unsigned
check_time(const struct validity_plan *p, double seconds, struct buf *why)
{
	double least = p->rules.min_seconds_per_item * (double)p->in->nitems;
	char took[32], need[32];

	if (p->rules.min_seconds_per_item <= 0 || isnan(seconds) ||
	    seconds >= least)
		return 0;
	score_format(seconds, took);
	score_format(least, need);
	sep(why);
	buf_printf(why, "answered in %s s, under %s s for %zu items", took,
	    need, p->in->nitems);
	return VALIDITY_TOO_FAST;
}

/* The answer as scales count it: reversed items turned around. */
static double
scored(const struct item *it, double a)
{
	return it->reverse ? it->lo + it->hi - a : a;
}

static unsigned
check_pairs(const struct validity_plan *p, const double *answers,
    struct buf *why)
{
	unsigned failed = 0;

	for (size_t k = 0; p->rules.consistency && k < p->in->npairs; k++) {
		const struct consistency_pair *c = &p->in->pairs[k];
		const struct item *a = &p->in->items[c->a];
		const struct item *b = &p->in->items[c->b];
		double va = answers[c->a], vb = answers[c->b];
		char x[32], y[32], w[32];

		if (isnan(va) || isnan(vb) ||
		    fabs(scored(a, va) - scored(b, vb)) <= c->within + 1e-9)
			continue;
		failed = VALIDITY_CONSISTENCY;
		score_format(va, x);
		score_format(vb, y);
		score_format(c->within, w);
		sep(why);
		buf_printf(why, "items %s and %s disagree (%s and %s, within "
		    "%s)", a->id, b->id, x, y, w);
	}
	return failed;
}

unsigned
validity_check(const struct validity_plan *p, const double *answers,
    double seconds, struct buf *why)
{
	return check_attention(p, answers, why) |
	    check_same_reversed(p, answers, why) |
	    check_same_in_row(p, answers, why) |
	    check_time(p, seconds, why) |
	    check_pairs(p, answers, why);
}

unsigned
validity_score(struct validity_plan *p, double seconds,
    struct score_result *s)
{
	unsigned failed;

	buf_reset(&p->why);
	if (s->reason != NULL)
		buf_puts(&p->why, s->reason);
	failed = validity_check(p, s->answers, seconds, &p->why);
	if (failed == 0)
		return 0;
	s->valid = 0;
	free(s->reason);
	s->reason = xstrdup(buf_str(&p->why));
	return failed;
}

void
validity_names(unsigned failed, struct buf *out)
{
	static const char *const names[] = { "attention", "same_reversed",
	    "same_in_row", "too_fast", "consistency" };

	buf_reset(out);
	for (size_t b = 0; b < sizeof(names) / sizeof(*names); b++)
		if (failed & (1u << b)) {
			if (out->len)
				buf_putc(out, ',');
			buf_puts(out, names[b]);
		}
	if (out->len == 0)
		buf_puts(out, "ok");
}

/* The units of a duration, with their seconds; the longer spellings
 * first. */
static const struct unit {
	const char *text;
	double seconds;
} units[] = {
	{ "小时", 3600 }, { "時", 3600 }, { "时", 3600 }, { "hours", 3600 },
	{ "hour", 3600 }, { "hrs", 3600 }, { "hr", 3600 }, { "h", 3600 },
	{ "分钟", 60 }, { "分鐘", 60 }, { "分", 60 }, { "minutes", 60 },
	{ "minute", 60 }, { "mins", 60 }, { "min", 60 }, { "m", 60 },
	{ "秒钟", 1 }, { "秒", 1 }, { "seconds", 1 }, { "second", 1 },
	{ "secs", 1 }, { "sec", 1 }, { "s", 1 }, { NULL, 0 }
};

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "00:01:20" or "1:20": 0, or -1. */
static int
clock_seconds(const char *s, double *seconds)
{
	double total = 0;
	int parts = 0;

	for (;;) {
		char *end;
		double v;

		if (*s < '0' || *s > '9')
			return -1;
		v = strtod(s, &end);
		if (parts > 0 && v >= 60)
			return -1;
		total = total * 60 + v;
		parts++;
		s = end;
		if (*s != ':')
			break;
		s++;
	}
	if (*skip_blanks(s) != '\0' || parts < 2 || parts > 3)
		return -1;
	*seconds = total;
	return 0;
}

int
validity_seconds(const char *cell, double *seconds)
{
	const char *s = skip_blanks(cell);
	double total = 0, last_unit = 0;
	int numbers = 0;

	if (strchr(s, ':') != NULL)
		return clock_seconds(s, seconds);
	while (*s != '\0') {
		const struct unit *u;
		char *end;
		double v;

		if (*s < '0' || *s > '9')
			return -1;
		v = strtod(s, &end);
		s = skip_blanks(end);
		for (u = units; u->text != NULL; u++)
			if (strncmp(s, u->text, strlen(u->text)) == 0)
				break;
		/* a bare number is seconds: "80", or "1分20" */
		if (u->text == NULL && *s != '\0')
			return -1;
		if (u->text == NULL && last_unit != 0 && last_unit <= 1)
			return -1;
		total += v * (u->text != NULL ? u->seconds : 1);
		last_unit = u->text != NULL ? u->seconds : 1;
		if (u->text != NULL)
			s = skip_blanks(s + strlen(u->text));
		numbers++;
	}
	if (numbers == 0)
		return -1;
	*seconds = total;
	return 0;
}

/* A header among names, compared as columns_fold folds them. */
static int
header_is(const char *header, const char *const *names)
{
	char *h = columns_fold(header);
	int found = 0;

	for (size_t k = 0; names[k] != NULL && !found; k++)
		found = strcmp(h, names[k]) == 0;
	free(h);
	return found;
}

int
validity_duration_header(const char *header)
{
	static const char *const names[] = { "所用时间", "用时", "答题用时",
	    "作答用时", "填写用时", "答题时长", "作答时长", "填写时长",
	    "答卷用时", "答题耗时", "耗时", "duration", "timetaken",
	    "timespent", "durationinseconds", NULL };

	return header_is(header, names);
}

void
validity_time_columns(const struct rec_reader *r, struct validity_time *t)
{
	static const char *const starts[] = { "开始时间", "开始答题时间",
	    "答题开始时间", "starttime", "started", "startdate", NULL };
	/* survey platforms' names for the time a sheet was sent */
	static const char *const ends[] = { "提交答卷时间", "提交时间",
	    "答卷时间", "填写时间", "结束时间", "结束答题时间", "完成时间",
	    "submittime", "submitted", "submissiontime", "timestamp",
	    "endtime", "enddate", "completed", NULL };

	t->duration = t->start = t->end = -1;
	for (size_t i = 0; i < rec_ncolumns(r); i++) {
		const char *h = rec_column(r, i);

		if (t->duration < 0 && validity_duration_header(h))
			t->duration = (int)i;
		else if (t->start < 0 && header_is(h, starts))
			t->start = (int)i;
		else if (t->end < 0 && header_is(h, ends))
			t->end = (int)i;
	}
}

/* Days since 1970-01-01 of a day of the proleptic Gregorian calendar. */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* A time as exports write it, in seconds on a scale of its own (only
 * differences mean anything): 0, or -1. */
static int
stamp_seconds(const char *s, double *out)
{
	long f[6] = { 0 };
	int n = 0;

	while (n < 6 && *s >= '0' && *s <= '9') {
		char *end;

		f[n++] = strtol(s, &end, 10);
		s = end;
		if ((n < 3 && (*s == '-' || *s == '/')) ||
		    (n == 3 && (*s == ' ' || *s == 'T')) ||
		    (n > 3 && n < 6 && *s == ':'))
			s++;
		else
			break;
	}
	if (n < 5 || *skip_blanks(s) != '\0' || f[1] < 1 || f[1] > 12 ||
	    f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
		return -1;
	*out = (double)days_from_civil(f[0], f[1], f[2]) * 86400 +
	    (double)(f[3] * 3600 + f[4] * 60 + f[5]);
	return 0;
}

double
validity_time_taken(const struct rec_reader *r, const struct validity_time *t)
{
	double seconds, from, to;

	if (t->duration >= 0)
		return validity_seconds(rec_field(r, (size_t)t->duration),
		    &seconds) == 0 ? seconds : NAN;
	if (t->start < 0 || t->end < 0 ||
	    stamp_seconds(rec_field(r, (size_t)t->start), &from) != 0 ||
	    stamp_seconds(rec_field(r, (size_t)t->end), &to) != 0 ||
	    to < from)
		return NAN;
	return to - from;
}
