/*
 * Loading an instrument: every key checked against what the format
 * allows, every reference resolved, every error reported with its line
 * and column, all of them, not only the first.
 */
#include "instrument.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "confcheck.h"
#include "readfile.h"
#include "sha256.h"
#include "share.h"
#include "xalloc.h"

static void
load_sets(struct conf_check *k, struct instrument *in,
    const struct conf_node *map)
{
	static const char *const keys[] = { "value", "zh", "en", "also", NULL };

	in->sets = xcalloc(map->n ? map->n : 1, sizeof(*in->sets));
	for (size_t s = 0; s < map->n; s++) {
		const struct conf_node *list = map->items[s];
		struct option_set *set = &in->sets[in->nsets++];

		set->id = xstrdup(map->keys[s]);
		if (list->kind != CONF_SEQ || list->n == 0) {
			conf_bad(k, list, "option set '%s' must be a list of options",
			    set->id);
			continue;
		}
		set->options = xcalloc(list->n, sizeof(*set->options));
		for (size_t i = 0; i < list->n; i++) {
			const struct conf_node *o = list->items[i];
			struct answer_option *opt = &set->options[set->n];
			const struct conf_node *also;
			char what[128];

			snprintf(what, sizeof(what), "an option of '%s'", set->id);
			if (o->kind != CONF_MAP) {
				conf_bad(k, o, "%s must be a mapping", what);
				continue;
			}
			conf_only_keys(k, o, what, keys);
			if (conf_number(k, o, "value", &opt->value, what) == 0)
				conf_bad(k, o, "%s needs 'value'", what);
			opt->zh = conf_text(k, o, "zh", 1, what);
			opt->en = conf_text(k, o, "en", 0, what);
			also = conf_get(o, "also");
			if (also != NULL && also->kind != CONF_SEQ)
				conf_bad(k, also, "'also' must be a list of texts");
			else if (also != NULL)
				opt->also = conf_texts(k, also, &opt->nalso,
				    "'also' must be a list of texts");
			for (size_t j = 0; j < set->n; j++)
				if (set->options[j].value == opt->value)
					conf_bad(k, o, "value %g appears twice in '%s'",
					    opt->value, set->id);
			if (opt->value >= 0 && opt->value <= 9 &&
			    opt->value == floor(opt->value))
				set->digits |= 1u << (unsigned)opt->value;
			set->n++;
		}
	}
}

static const struct option_set *
find_set(const struct instrument *in, const char *id)
{
	for (size_t i = 0; i < in->nsets; i++)
		if (strcmp(in->sets[i].id, id) == 0)
			return &in->sets[i];
	return NULL;
}

static long
find_item(const struct instrument *in, const char *id)
{
	for (size_t i = 0; i < in->nitems; i++)
		if (strcmp(in->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

/*
 * An attention item's answer (expect: an option's value or its text):
 * the item is in no scale, and a response without that answer is
 * careless (validity.c).
 */
static void
load_expect(struct conf_check *k, struct item *it, const struct conf_node *v)
{
	const struct option_set *os = it->options;
	char *end;

	if (v == NULL)
		return;
	it->attention = 1;
	if (v->kind != CONF_SCALAR || os == NULL) {
		conf_bad(k, v, "'expect' of '%s' must be one of its options",
		    it->id);
		return;
	}
	it->expect = strtod(v->value, &end);
	for (size_t o = 0; o < os->n; o++) {
		const struct answer_option *opt = &os->options[o];

		if ((*end == '\0' && end != v->value &&
		    opt->value == it->expect) ||
		    strcmp(v->value, opt->zh ? opt->zh : "") == 0 ||
		    strcmp(v->value, opt->en ? opt->en : "") == 0) {
			it->expect = opt->value;
			return;
		}
	}
	conf_bad(k, v, "'expect' of '%s': '%s' is none of its options",
	    it->id, v->value);
}

static void
load_items(struct conf_check *k, struct instrument *in,
    const struct conf_node *list)
{
	static const char *const keys[] = { "id", "zh", "en", "also",
	    "options", "reverse", "expect", NULL };

	in->items = xcalloc(list->n, sizeof(*in->items));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i];
		struct item *it = &in->items[in->nitems];
		char *set;

		if (m->kind != CONF_MAP) {
			conf_bad(k, m, "item %zu must be a mapping", i + 1);
			continue;
		}
		conf_only_keys(k, m, "an item", keys);
		it->id = conf_text(k, m, "id", 1, "an item");
		if (it->id == NULL)
			it->id = xasprintf("%zu", i + 1);
		else if (!conf_valid_id(it->id))
			conf_bad(k, conf_get(m, "id"), "item id '%s' must be lower-case "
			    "letters, digits and '_'", it->id);
		if (find_item(in, it->id) >= 0)
			conf_bad(k, m, "item id '%s' appears twice", it->id);
		it->zh = conf_text(k, m, "zh", 1, "an item");
		it->en = conf_text(k, m, "en", 0, "an item");
		if (conf_get(m, "also") != NULL) {
			const struct conf_node *also = conf_get(m, "also");
			size_t n = 0;

			/* other texts of the question that exports use */
			it->also = xcalloc(also->n + 1, sizeof(*it->also));
			for (size_t a = 0; a < also->n && also->kind == CONF_SEQ;
			    a++)
				if (also->items[a]->kind == CONF_SCALAR)
					it->also[n++] =
					    xstrdup(also->items[a]->value);
			if (also->kind != CONF_SEQ || n < also->n)
				conf_bad(k, also, "'also' must be a list of texts");
		}
		it->number = i + 1;
		(void)conf_flag(k, m, "reverse", &it->reverse, "an item");
		set = conf_text(k, m, "options", 1, "an item");
		if (set != NULL && (it->options = find_set(in, set)) == NULL)
			conf_bad(k, conf_get(m, "options"), "no option set '%s'", set);
		else if (it->options != NULL && it->options->n > 0) {
			const struct option_set *os = it->options;
			it->lo = it->hi = os->options[0].value;
			for (size_t o = 1; o < os->n; o++) {
				it->lo = fmin(it->lo, os->options[o].value);
				it->hi = fmax(it->hi, os->options[o].value);
			}
		}
		free(set);
		load_expect(k, it, conf_get(m, "expect"));
		in->nitems++;
	}
}

/* Whether m, an entry of a list, is a mapping (what: "a band"), its
 * keys checked; a message when it is not one. */
static int
mapping_entry(struct conf_check *k, const struct conf_node *m,
    const char *what, const char *const *keys)
{
	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "%s must be a mapping", what);
		return 0;
	}
	conf_only_keys(k, m, what, keys);
	return 1;
}

static void
load_bands(struct conf_check *k, struct scale *sc, const struct conf_node *list)
{
	static const char *const keys[] = { "max", "label", "zh", NULL };

	if (list->kind != CONF_SEQ || list->n == 0) {
		conf_bad(k, list, "bands of '%s' must be a list", sc->id);
		return;
	}
	sc->bands = xcalloc(list->n, sizeof(*sc->bands));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i];
		struct band *b = &sc->bands[sc->nbands];
		int has;

		if (!mapping_entry(k, m, "a band", keys))
			continue;
		has = conf_number(k, m, "max", &b->max, "a band");
		b->label = conf_text(k, m, "label", 1, "a band");
		b->zh = conf_text(k, m, "zh", 0, "a band");
		if (b->label != NULL && !conf_valid_id(b->label))
			conf_bad(k, conf_get(m, "label"), "band label '%s' must be "
			    "lower-case letters, digits and '_'", b->label);
		if (has == 0 && i + 1 < list->n)
			conf_bad(k, m, "only the last band may leave out 'max'");
		b->open = has == 0;
		if (i > 0 && has == 1 && !sc->bands[i - 1].open &&
		    b->max <= sc->bands[i - 1].max)
			conf_bad(k, m, "bands must rise: %g after %g", b->max,
			    sc->bands[i - 1].max);
		sc->nbands++;
	}
}

/*
 * missing: {max: N, prorate: true, round: half_up, source: "..."}, the
 * published rule for unanswered items and where it is published.
 */
static void
load_missing(struct conf_check *k, struct scale *sc, const struct conf_node *m)
{
	static const char *const keys[] = { "max", "prorate", "round",
	    "source", NULL };
	static const char *const rounds[] = { "half_up", "down", "none" };
	const struct conf_node *v;
	char *text;
	double max = 0;

	sc->round = ROUND_HALF_UP;
	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "'missing' of '%s' must be a mapping of max, "
		    "prorate, round and source", sc->id);
		return;
	}
	conf_only_keys(k, m, "missing", keys);
	switch (conf_number(k, m, "max", &max, "missing")) {
	case 0:
		conf_bad(k, m, "missing needs 'max' (how many items may be "
		    "unanswered)");
		break;
	case 1:
		if (max < 0 || max != floor(max))
			conf_bad(k, conf_get(m, "max"), "'max' of missing must "
			    "be a whole number");
		else
			sc->max_missing = (size_t)max;
		break;
	default:
		break;
	}
	(void)conf_flag(k, m, "prorate", &sc->prorate, "missing");
	if ((v = conf_get(m, "round")) != NULL) {
		int known = 0;

		if (!sc->prorate)
			conf_bad(k, v, "'round' is for a prorated total: "
			    "missing needs 'prorate: true'");
		for (size_t r = 0; r < sizeof(rounds) / sizeof(*rounds); r++)
			if (v->kind == CONF_SCALAR &&
			    strcmp(v->value, rounds[r]) == 0) {
				sc->round = (int)r;
				known = 1;
			}
		if (!known)
			conf_bad(k, v, "'round' must be half_up, down or none");
	}
	/* a rule for missing items is a published one: say where */
	if ((text = conf_text(k, m, "source", 1, "missing")) != NULL &&
	    *text == '\0')
		conf_bad(k, conf_get(m, "source"), "'source' of missing must "
		    "name where the rule is published");
	free(text);
}

static int
whole(double v)
{
	return v == floor(v);
}

void
scale_item_range(const struct scale *sc, const struct item *it, double *lo,
    double *hi)
{
	if (sc->method == SCALE_COUNT) {
		*lo += it->lo >= sc->threshold;
		*hi += it->hi >= sc->threshold;
	} else {
		*lo += it->lo;
		*hi += it->hi;
	}
}

/*
 * What a scale can score: sc->lo..hi, and whether its scores are whole
 * numbers.  -1 when its items are not all known (errors given already).
 */
static int
scale_range(const struct instrument *in, struct scale *sc)
{
	double lo = 0, hi = 0;
	int whole_values = 1;

	if (sc->nitems == 0)
		return -1;
	for (size_t j = 0; j < sc->nitems; j++) {
		const struct item *it = &in->items[sc->items[j]];

		if (it->options == NULL || it->options->n == 0)
			return -1;
		for (size_t o = 0; o < it->options->n; o++)
			whole_values &= whole(it->options->options[o].value);
		scale_item_range(sc, it, &lo, &hi);
	}
	if (sc->method == SCALE_MEAN) {
		lo /= (double)sc->nitems;
		hi /= (double)sc->nitems;
	}
	sc->lo = lo * sc->multiply + sc->add;
	sc->hi = hi * sc->multiply + sc->add;
	if (sc->lo > sc->hi) {
		double t = sc->lo;
		sc->lo = sc->hi;
		sc->hi = t;
	}
	sc->whole = whole(sc->multiply) && whole(sc->add) &&
	    (sc->method == SCALE_COUNT || (sc->method == SCALE_SUM &&
	    whole_values));
	return 0;
}

/*
 * Bands that no score can reach, or that leave scores without a band,
 * are mistakes in the file: refused.  (Bands that overlap were refused
 * as they were read: they must rise.)
 */
static void
check_bands(struct conf_check *k, const struct scale *sc,
    const struct conf_node *list)
{
	char lo[32], hi[32];

	if (sc->nbands == 0 || list == NULL || list->kind != CONF_SEQ ||
	    list->n != sc->nbands)
		return;
	snprintf(lo, sizeof(lo), "%g", sc->lo);
	snprintf(hi, sizeof(hi), "%g", sc->hi);
	for (size_t b = 0; b < sc->nbands; b++) {
		const struct band *band = &sc->bands[b];
		const struct conf_node *at = list->items[b];
		/* the lowest score in the band: above the one before */
		double from = b == 0 ? -HUGE_VAL : sc->bands[b - 1].max;

		if (!band->open && sc->whole && !whole(band->max))
			conf_bad(k, at, "band '%s' of '%s': max %g is not a "
			    "whole number, as the scores of '%s' are",
			    band->label ? band->label : "?", sc->id, band->max,
			    sc->id);
		if ((!band->open && band->max < sc->lo) ||
		    (b > 0 && (sc->whole ? from + 1 > sc->hi : from >= sc->hi)))
			conf_bad(k, at, "band '%s' lies outside the scores of "
			    "'%s' (%s to %s)", band->label ? band->label : "?",
			    sc->id, lo, hi);
	}
	if (!sc->bands[sc->nbands - 1].open &&
	    sc->bands[sc->nbands - 1].max < sc->hi)
		conf_bad(k, list->items[sc->nbands - 1], "bands of '%s' end at "
		    "%g, leaving scores up to %s in no band (the last band "
		    "may leave out 'max')", sc->id,
		    sc->bands[sc->nbands - 1].max, hi);
}

const struct band *
scale_band(const struct scale *sc, double value)
{
	for (size_t b = 0; b < sc->nbands; b++) {
		const struct band *band = &sc->bands[b];

		if (band->open || (sc->whole ? value < band->max + 1 :
		    value <= band->max))
			return band;
	}
	return NULL;
}

/* A scale's id (scaleN when it has none): unique, of lower-case letters,
 * digits and '_'. */
static void
scale_id(struct conf_check *k, const struct instrument *in,
    struct scale *sc, const struct conf_node *m, size_t i)
{
	sc->id = conf_text(k, m, "id", 1, "a scale");
	if (sc->id == NULL)
		sc->id = xasprintf("scale%zu", i + 1);
	else if (!conf_valid_id(sc->id))
		conf_bad(k, conf_get(m, "id"), "scale id '%s' must be lower-case "
		    "letters, digits and '_'", sc->id);
	for (size_t j = 0; j < in->nscales; j++)
		if (strcmp(in->scales[j].id, sc->id) == 0)
			conf_bad(k, m, "scale id '%s' appears twice", sc->id);
}

/* How a scale's items make its score: method (sum, mean or count, with
 * count's threshold), then multiply and add. */
static void
scale_method(struct conf_check *k, struct scale *sc,
    const struct conf_node *m)
{
	char *method = conf_text(k, m, "method", 0, "a scale");

	if (method == NULL || strcmp(method, "sum") == 0)
		sc->method = SCALE_SUM;
	else if (strcmp(method, "mean") == 0)
		sc->method = SCALE_MEAN;
	else if (strcmp(method, "count") == 0)
		sc->method = SCALE_COUNT;
	else
		conf_bad(k, conf_get(m, "method"), "method '%s': expected sum, "
		    "mean or count", method);
	free(method);
	if (conf_number(k, m, "threshold", &sc->threshold, "a scale") == 0 &&
	    sc->method == SCALE_COUNT)
		conf_bad(k, m, "a count scale needs 'threshold'");
	sc->multiply = 1;
	(void)conf_number(k, m, "multiply", &sc->multiply, "a scale");
	(void)conf_number(k, m, "add", &sc->add, "a scale");
}

/*
 * How many of a scale's items may be missing, and what then: 'missing',
 * or the older spelling 'max_missing' and 'prorate' (no source, half-up
 * rounding).  The node messages about them point at.
 */
static const struct conf_node *
scale_missing(struct conf_check *k, struct scale *sc,
    const struct conf_node *m)
{
	const struct conf_node *miss = conf_get(m, "missing");
	double mm = 0;

	if (miss != NULL) {
		if (conf_get(m, "max_missing") != NULL ||
		    conf_get(m, "prorate") != NULL)
			conf_bad(k, miss, "'missing' of '%s' replaces "
			    "'max_missing' and 'prorate': give one or the "
			    "other", sc->id);
		load_missing(k, sc, miss);
	} else {
		if (conf_number(k, m, "max_missing", &mm, "a scale") == 1 &&
		    (mm < 0 || mm != floor(mm)))
			conf_bad(k, conf_get(m, "max_missing"),
			    "max_missing must be a whole number");
		sc->max_missing = mm > 0 ? (size_t)mm : 0;
		(void)conf_flag(k, m, "prorate", &sc->prorate, "a scale");
	}
	if (sc->prorate && sc->method != SCALE_SUM)
		conf_bad(k, miss != NULL ? miss : conf_get(m, "prorate"),
		    "only a sum is prorated ('%s' is a %s)", sc->id,
		    sc->method == SCALE_MEAN ? "mean, which leaves "
		    "missing items out" : "count");
	return miss != NULL ? miss : conf_get(m, "max_missing");
}

/* A scale's items: 'all' (or none given), or a list of item ids. */
static void
scale_items(struct conf_check *k, const struct instrument *in,
    struct scale *sc, const struct conf_node *m)
{
	const struct conf_node *items = conf_get(m, "items");

	if (items == NULL || (items->kind == CONF_SCALAR &&
	    strcmp(items->value, "all") == 0)) {
		sc->items = xcalloc(in->nitems ? in->nitems : 1,
		    sizeof(*sc->items));
		for (size_t j = 0; j < in->nitems; j++)
			if (!in->items[j].attention)
				sc->items[sc->nitems++] = j;
		return;
	}
	if (items->kind != CONF_SEQ || items->n == 0) {
		conf_bad(k, items, "items of '%s' must be 'all' or a list of "
		    "item ids", sc->id);
		return;
	}
	sc->items = xcalloc(items->n, sizeof(*sc->items));
	for (size_t j = 0; j < items->n; j++) {
		const struct conf_node *v = items->items[j];
		long idx = v->kind == CONF_SCALAR ? find_item(in, v->value) : -1;

		if (idx < 0)
			conf_bad(k, v, "scale '%s' names no item '%s'", sc->id,
			    v->kind == CONF_SCALAR ? v->value : "?");
		else if (in->items[idx].attention)
			conf_bad(k, v, "scale '%s' names '%s', an attention item "
			    "(one with 'expect'), which is not scored", sc->id,
			    v->value);
		else
			sc->items[sc->nitems++] = (size_t)idx;
	}
}

/* bands_on: raw (the default) or normed; 1 for normed. */
static int
bands_on(struct conf_check *k, const struct conf_node *m)
{
	char *on = conf_text(k, m, "bands_on", 0, "a scale");
	int normed = on != NULL && strcmp(on, "normed") == 0;

	if (on != NULL && !normed && strcmp(on, "raw") != 0)
		conf_bad(k, conf_get(m, "bands_on"), "bands_on '%s': expected "
		    "raw or normed", on);
	free(on);
	return normed;
}

static void
load_scales(struct conf_check *k, struct instrument *in,
    const struct conf_node *list)
{
	static const char *const keys[] = { "id", "zh", "en", "items",
	    "method", "threshold", "multiply", "add", "missing", "max_missing",
	    "prorate", "bands", "bands_on", NULL };

	in->scales = xcalloc(list->n, sizeof(*in->scales));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i], *bands, *miss;
		struct scale *sc = &in->scales[in->nscales];

		if (!mapping_entry(k, m, "a scale", keys))
			continue;
		scale_id(k, in, sc, m, i);
		sc->zh = conf_text(k, m, "zh", 0, "a scale");
		sc->en = conf_text(k, m, "en", 0, "a scale");
		scale_method(k, sc, m);
		miss = scale_missing(k, sc, m);
		scale_items(k, in, sc, m);
		if (sc->max_missing >= sc->nitems && sc->nitems > 0)
			conf_bad(k, miss, "at most %zu of the %zu items of '%s' "
			    "may be missing, not %zu", sc->nitems - 1,
			    sc->nitems, sc->id, sc->max_missing);
		if ((bands = conf_get(m, "bands")) != NULL)
			load_bands(k, sc, bands);
		sc->band_normed = bands_on(k, m);
		/* bands on the normed score: checked with the norms */
		if (scale_range(in, sc) == 0 && !sc->band_normed)
			check_bands(k, sc, bands);
		in->nscales++;
	}
}

long
instrument_scale_index(const struct instrument *in, const char *id)
{
	for (size_t i = 0; i < in->nscales; i++)
		if (strcmp(in->scales[i].id, id) == 0)
			return (long)i;
	return -1;
}

int
critical_holds(const struct critical *c, double a)
{
	return (isnan(c->min) || a >= c->min) && (isnan(c->max) || a <= c->max);
}

/*
 * A critical rule that no answer can set off is a pupil's answer lost;
 * one that every answer sets off buries the real ones.  Both refused.
 */
static void
check_critical(struct conf_check *k, const struct item *it,
    const struct critical *c, const struct conf_node *m)
{
	const struct conf_node *at = conf_get(m, "min");
	size_t hits = 0;

	if (it->options == NULL || it->options->n == 0)
		return;
	for (size_t o = 0; o < it->options->n; o++)
		hits += (size_t)critical_holds(c, it->options->options[o].value);
	if (hits > 0 && hits < it->options->n)
		return;
	if (at != NULL && isnan(c->max) && hits == 0)
		conf_bad(k, at, "critical rule on '%s' can never hold: min %g "
		    "is above every option of it (%g to %g)", it->id, c->min,
		    it->lo, it->hi);
	else if (at != NULL && isnan(c->max))
		conf_bad(k, at, "critical rule on '%s' holds for every answer: "
		    "min %g is at or below its lowest option (%g)", it->id,
		    c->min, it->lo);
	else
		conf_bad(k, m, hits == 0 ? "critical rule on '%s' can never "
		    "hold: no option of it (%g to %g) lies in its limits" :
		    "critical rule on '%s' holds for every answer: every "
		    "option of it (%g to %g) lies in its limits", it->id,
		    it->lo, it->hi);
}

/* A critical rule's limits: min (at or above), max (at or below) or
 * equal (exactly), at least one; 0 or -1. */
static int
critical_limits(struct conf_check *k, const struct conf_node *m,
    struct critical *c)
{
	double equal;
	int min, max, eq;

	c->min = c->max = NAN;
	min = conf_number(k, m, "min", &c->min, "a critical rule");
	max = conf_number(k, m, "max", &c->max, "a critical rule");
	eq = conf_number(k, m, "equal", &equal, "a critical rule");
	if (min < 0 || max < 0 || eq < 0)
		return -1;
	if (eq == 1 && (min == 1 || max == 1)) {
		conf_bad(k, m, "a critical rule gives 'equal' or 'min'/'max', "
		    "not both");
		return -1;
	}
	if (eq == 1)
		c->min = c->max = equal;
	else if (min == 0 && max == 0) {
		conf_bad(k, m, "a critical rule needs 'min', 'max' or 'equal'");
		return -1;
	} else if (min == 1 && max == 1 && c->min > c->max) {
		conf_bad(k, m, "a critical rule's 'min' is above its 'max'");
		return -1;
	}
	return 0;
}

/* Whether list, the value of key name, is a list (a message when it is
 * given and is not). */
static int
is_list(struct conf_check *k, const struct conf_node *list, const char *name)
{
	if (list != NULL && list->kind != CONF_SEQ)
		conf_bad(k, list, "'%s' must be a list", name);
	return list != NULL && list->kind == CONF_SEQ;
}

/* The critical answers: an item and the least answer that is one. */
static void
load_critical(struct conf_check *k, struct instrument *in,
    const struct conf_node *list)
{
	static const char *const keys[] = { "item", "min", "max", "equal",
	    "zh", "en", NULL };

	if (!is_list(k, list, "critical"))
		return;
	in->critical = xcalloc(list->n ? list->n : 1, sizeof(*in->critical));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i];
		struct critical *c = &in->critical[in->ncritical];
		char *item;
		long idx;

		if (!mapping_entry(k, m, "a critical rule", keys))
			continue;
		item = conf_text(k, m, "item", 1, "a critical rule");
		idx = item != NULL ? find_item(in, item) : -1;
		if (item != NULL && idx < 0)
			conf_bad(k, conf_get(m, "item"), "no item '%s'", item);
		else if (item != NULL)
			c->item = (size_t)idx;
		free(item);
		if (critical_limits(k, m, c) == 0 && idx >= 0)
			check_critical(k, &in->items[idx], c, m);
		c->zh = conf_text(k, m, "zh", 1, "a critical rule");
		c->en = conf_text(k, m, "en", 0, "a critical rule");
		in->ncritical++;
	}
}

/* When a response is invalid: a scale and the least score that makes
 * it so. */
static void
load_invalid(struct conf_check *k, struct instrument *in,
    const struct conf_node *list)
{
	static const char *const keys[] = { "scale", "min", NULL };

	if (!is_list(k, list, "invalid_if"))
		return;
	in->invalid = xcalloc(list->n ? list->n : 1, sizeof(*in->invalid));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i];
		struct invalid_rule *v = &in->invalid[in->ninvalid];
		char *scale;
		long idx;

		if (!mapping_entry(k, m, "an invalid_if rule", keys))
			continue;
		scale = conf_text(k, m, "scale", 1, "an invalid_if rule");
		if (scale != NULL &&
		    (idx = instrument_scale_index(in, scale)) < 0)
			conf_bad(k, conf_get(m, "scale"), "no scale '%s'",
			    scale);
		else if (scale != NULL)
			v->scale = (size_t)idx;
		free(scale);
		if (conf_number(k, m, "min", &v->min, "an invalid_if rule") ==
		    0)
			conf_bad(k, m, "an invalid_if rule needs 'min'");
		in->ninvalid++;
	}
}

/* The item a pair names at position i, or -1 after a message. */
static long
pair_item(struct conf_check *k, const struct instrument *in,
    const struct conf_node *items, size_t i)
{
	const struct conf_node *v = items->items[i];
	long idx = v->kind == CONF_SCALAR ? find_item(in, v->value) : -1;

	if (idx < 0)
		conf_bad(k, v, "consistency pair names no item '%s'",
		    v->kind == CONF_SCALAR ? v->value : "?");
	else if (in->items[idx].attention)
		conf_bad(k, v, "consistency pair names '%s', an attention item",
		    v->value);
	return idx;
}

/* Pairs of items that should agree: {items: [a, b], within: 1}. */
static void
load_pairs(struct conf_check *k, struct instrument *in,
    const struct conf_node *list)
{
	static const char *const keys[] = { "items", "within", NULL };

	if (!is_list(k, list, "consistency"))
		return;
	in->pairs = xcalloc(list->n ? list->n : 1, sizeof(*in->pairs));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i], *items;
		struct consistency_pair *c = &in->pairs[in->npairs];
		long a, b;

		if (!mapping_entry(k, m, "a consistency pair", keys))
			continue;
		items = conf_get(m, "items");
		if (items == NULL || items->kind != CONF_SEQ || items->n != 2) {
			conf_bad(k, items ? items : m, "a consistency pair "
			    "needs 'items', a list of two item ids");
			continue;
		}
		a = pair_item(k, in, items, 0);
		b = pair_item(k, in, items, 1);
		if (conf_number(k, m, "within", &c->within,
		    "a consistency pair") == 1 && c->within < 0)
			conf_bad(k, conf_get(m, "within"), "'within' must not "
			    "be below 0");
		if (a < 0 || b < 0)
			continue;
		if (a == b)
			conf_bad(k, items, "a consistency pair needs two "
			    "different items");
		c->a = (size_t)a;
		c->b = (size_t)b;
		in->npairs++;
	}
}

/*
 * Who the instrument is for (ages or grades), and its norms, read once
 * its scales are: a scale banded on the normed score has its bands
 * checked against the normed scores possible.
 */
static void
load_norms(struct conf_check *k, struct instrument *in,
    const struct conf_node *root)
{
	const struct conf_node *v = conf_get(root, "scales");

	if (norms_range(k, root, "ages", &in->for_lo, &in->for_hi) == 1)
		in->for_by = FOR_AGES;
	if (norms_range(k, root, "grades", &in->for_lo, &in->for_hi) == 1) {
		if (in->for_by == FOR_AGES)
			conf_bad(k, conf_get(root, "grades"), "'ages' or "
			    "'grades', not both");
		in->for_by = FOR_GRADES;
	}
	if (conf_get(root, "norms") != NULL)
		in->norms = norms_load(k, conf_get(root, "norms"), in->scales,
		    in->nscales);
	for (size_t i = 0; i < in->nscales && v != NULL &&
	    v->kind == CONF_SEQ && v->n == in->nscales; i++) {
		struct scale normed = in->scales[i];

		if (!normed.band_normed)
			continue;
		if (in->norms == NULL) {
			conf_bad(k, v->items[i], "scale '%s' has bands_on: "
			    "normed, and the instrument no norms", normed.id);
			continue;
		}
		norms_kind_range(in->norms->kind, &normed.lo, &normed.hi);
		normed.whole = 1;
		check_bands(k, &normed, conf_get(v->items[i], "bands"));
	}
}

struct instrument *
instrument_load(const char *path, char **err)
{
	static const char *const keys[] = { "id", "version", "name", "licence",
	    "population", "options", "items", "scales", "critical",
	    "invalid_if", "consistency", "notes", "ages", "grades", "norms",
	    NULL };
	struct conf_check k = { path, {0}, 0 };
	struct instrument *in;
	struct conf_node *root;
	const struct conf_node *v;
	char hex[65], *text;
	size_t len = 0;

	*err = NULL;
	/* read once: what is parsed is what is hashed */
	if ((text = readfile(path, &len)) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	root = conf_load_string(text, len, path, err);
	sha256_bytes(text, len, hex);
	free(text);
	if (root == NULL)
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->path = xstrdup(path);
	in->sha256 = xstrdup(hex);
	if (root->kind != CONF_MAP) {
		conf_bad(&k, root, "an instrument must be a mapping");
		goto out;
	}
	conf_only_keys(&k, root, "the instrument", keys);
	in->id = conf_text(&k, root, "id", 1, "the instrument");
	if (in->id != NULL && !conf_valid_id(in->id))
		conf_bad(&k, conf_get(root, "id"), "id '%s' must be lower-case "
		    "letters, digits and '_'", in->id);
	in->version = conf_text(&k, root, "version", 1, "the instrument");
	in->licence = conf_text(&k, root, "licence", 1, "the instrument");
	if ((v = conf_need(&k, root, "name", CONF_MAP, "the instrument")) != NULL) {
		static const char *const nkeys[] = { "zh", "en", NULL };
		conf_only_keys(&k, v, "name", nkeys);
		in->name_zh = conf_text(&k, v, "zh", 1, "name");
		in->name_en = conf_text(&k, v, "en", 0, "name");
	}
	if ((v = conf_need(&k, root, "options", CONF_MAP, "the instrument")) != NULL)
		load_sets(&k, in, v);
	if ((v = conf_need(&k, root, "items", CONF_SEQ, "the instrument")) != NULL)
		load_items(&k, in, v);
	if ((v = conf_need(&k, root, "scales", CONF_SEQ, "the instrument")) != NULL)
		load_scales(&k, in, v);
	load_critical(&k, in, conf_get(root, "critical"));
	load_invalid(&k, in, conf_get(root, "invalid_if"));
	load_pairs(&k, in, conf_get(root, "consistency"));
	load_norms(&k, in, root);
out:
	conf_free(root);
	if (conf_check_finish(&k, err) != 0) {
		instrument_free(in);
		return NULL;
	}
	return in;
}

void
instrument_free(struct instrument *in)
{
	if (in == NULL)
		return;
	for (size_t s = 0; s < in->nsets; s++) {
		struct option_set *set = &in->sets[s];
		for (size_t i = 0; i < set->n; i++) {
			free(set->options[i].zh);
			free(set->options[i].en);
			for (size_t a = 0; a < set->options[i].nalso; a++)
				free(set->options[i].also[a]);
			free(set->options[i].also);
		}
		free(set->options);
		free(set->id);
	}
	free(in->sets);
	for (size_t i = 0; i < in->nitems; i++) {
		free(in->items[i].id);
		free(in->items[i].zh);
		free(in->items[i].en);
		for (char **a = in->items[i].also; a && *a; a++)
			free(*a);
		free(in->items[i].also);
	}
	free(in->items);
	for (size_t i = 0; i < in->nscales; i++) {
		struct scale *sc = &in->scales[i];
		FREE_ALL(sc->id, sc->zh, sc->en, sc->items);
		for (size_t b = 0; b < sc->nbands; b++) {
			free(sc->bands[b].label);
			free(sc->bands[b].zh);
		}
		free(sc->bands);
	}
	free(in->scales);
	for (size_t i = 0; i < in->ncritical; i++) {
		free(in->critical[i].zh);
		free(in->critical[i].en);
	}
	norms_free(in->norms);
	FREE_ALL(in->critical, in->invalid, in->pairs, in->path, in->sha256,
	    in->id, in->version, in->name_zh, in->name_en, in->licence, in);
}

char **
instrument_dirs(void)
{
	char **dirs = NULL, **share = share_dirs("instruments");
	size_t n = 0, cap = 0;
	const char *env = getenv("PH_PATH");

	if (env != NULL) {
		char *copy = xstrdup(env), *save = NULL, *d;
		for (d = strtok_r(copy, ":", &save); d != NULL;
		    d = strtok_r(NULL, ":", &save)) {
			dirs = xgrow(dirs, &cap, n + 1, sizeof(*dirs));
			dirs[n++] = xstrdup(d);
		}
		free(copy);
	}
	for (size_t i = 0; share[i] != NULL; i++) {
		dirs = xgrow(dirs, &cap, n + 2, sizeof(*dirs));
		dirs[n++] = share[i];
	}
	free(share);
	dirs[n] = NULL;
	return dirs;
}

void
instrument_dirs_free(char **dirs)
{
	share_dirs_free(dirs);
}

char *
instrument_find(const char *name)
{
	char **dirs, *file, *found;

	if (strchr(name, '/') != NULL || access(name, R_OK) == 0)
		return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
	dirs = instrument_dirs();
	file = xasprintf("%s.yaml", name);
	found = share_find(dirs, file);
	free(file);
	instrument_dirs_free(dirs);
	return found;
}
