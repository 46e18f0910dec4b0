/*
 * Norms: a person's group by sex and age or grade, and a raw score's
 * normed score in it.  Reading them from an instrument file is at the
 * end; the lookup itself touches nothing but its arguments.
 */
#include "norms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "instrument.h"
#include "norm.h"
#include "xalloc.h"

static const char *const kind_names[] = { "t", "percentile", "sten" };

const char *
norms_kind_name(enum norm_kind kind)
{
	return kind_names[kind];
}

void
norms_kind_range(enum norm_kind kind, double *lo, double *hi)
{
	*lo = kind == NORM_STEN ? 1 : 0;
	*hi = kind == NORM_STEN ? 10 : 100;
}

static int
holds(const struct norms *n, const struct norm_group *g,
    const struct norm_person *p)
{
	int at = n->by_grade ? p->grade : p->age;

	if (g->sex != 0 && g->sex != p->sex)
		return 0;
	return at >= 0 && at >= g->lo && at <= g->hi;
}

const struct norm_group *
norms_group(const struct norms *n, const struct norm_person *p)
{
	for (size_t i = 0; i < n->ngroups; i++)
		if (holds(n, &n->groups[i], p))
			return &n->groups[i];
	return NULL;
}

char *
norms_why(const struct norms *n, const struct norm_person *p)
{
	int at = n->by_grade ? p->grade : p->age;
	int sexed = 0;

	for (size_t i = 0; i < n->ngroups; i++)
		sexed |= n->groups[i].sex != 0;
	if (sexed && p->sex == 0)
		return xstrdup("sex not known");
	if (at < 0)
		return xstrdup(n->by_grade ? "grade not known" :
		    "age not known");
	if (sexed)
		return xasprintf("no norm group for %c %s %d", p->sex,
		    n->by_grade ? "in grade" : "aged", at);
	return xasprintf("no norm group for %s %d", n->by_grade ?
	    "grade" : "age", at);
}

double
norms_from_z(enum norm_kind kind, double z)
{
	double v;

	switch (kind) {
	case NORM_T:
		return floor(50 + 10 * z + 0.5);
	case NORM_STEN:
		v = floor(2 * z + 5.5 + 0.5);
		return v < 1 ? 1 : v > 10 ? 10 : v;
	case NORM_PERCENTILE:
	default:
		v = floor(50 * erfc(-z / sqrt(2)) + 0.5);
		return v < 1 ? 1 : v > 99 ? 99 : v;
	}
}

int
norms_value(const struct norms *n, const struct norm_group *g, size_t scale,
    double raw, double *out)
{
	for (size_t i = 0; i < g->nscales; i++) {
		const struct norm_scale *ns = &g->scales[i];

		if (ns->scale != scale)
			continue;
		if (ns->rows == NULL) {
			/* z rounded to six places, so that a score whose
			 * z lies on a boundary (sten's every half sd) is
			 * not moved by the last bit of a double */
			double z = round((raw - ns->mean) / ns->sd * 1e6) / 1e6;
			*out = norms_from_z(n->kind, z);
			return 1;
		}
		for (size_t r = 0; r < ns->nrows; r++)
			if (ns->rows[r].open || raw <= ns->rows[r].max ||
			    r + 1 == ns->nrows) {
				*out = ns->rows[r].score;
				return 1;
			}
	}
	return 0;
}

static long
days(int y, int m, int d)
{
	/* days since 0000-03-01, proleptic Gregorian */
	y -= m <= 2;
	m = m <= 2 ? m + 9 : m - 3;
	return 365L * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d;
}

int
norms_age(const char *birth, const char *on)
{
	int by, bm, bd, oy, om, od, age;

	if (birth == NULL || on == NULL ||
	    sscanf(birth, "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
	    sscanf(on, "%4d-%2d-%2d", &oy, &om, &od) != 3 ||
	    days(oy, om, od) < days(by, bm, bd))
		return -1;
	age = oy - by;
	/* the birthday not yet reached this year (29 February's comes on
	 * 1 March in a common year) */
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}

/* ---- reading the 'norms' key ---- */

int
norms_range(struct conf_check *k, const struct conf_node *map,
    const char *key, int *lo, int *hi)
{
	const struct conf_node *v = conf_get(map, key);
	long a, b;

	if (v == NULL)
		return 0;
	if (v->kind != CONF_SEQ || v->n != 2 ||
	    conf_int(v->items[0], &a) != 0 || conf_int(v->items[1], &b) != 0 ||
	    a < 0 || b < a || b > 120) {
		conf_bad(k, v, "'%s' must be [LOWEST, HIGHEST], whole numbers "
		    "rising", key);
		return -1;
	}
	*lo = (int)a;
	*hi = (int)b;
	return 1;
}

static long
scale_of(const struct scale *scales, size_t nscales, const char *id)
{
	for (size_t i = 0; i < nscales; i++)
		if (strcmp(scales[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* Whether m, the what of id, is a mapping (shape: of what keys), its
 * keys checked. */
static int
map_entry(struct conf_check *k, const struct conf_node *m, const char *what,
    const char *const *keys, const char *id, const char *shape)
{
	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "%s of '%s' must be a mapping of %s", what, id,
		    shape);
		return 0;
	}
	conf_only_keys(k, m, what, keys);
	return 1;
}

static void
load_rows(struct conf_check *k, struct norm_scale *ns,
    const struct conf_node *list, const char *id)
{
	static const char *const keys[] = { "max", "score", NULL };

	if (list->kind != CONF_SEQ || list->n == 0) {
		conf_bad(k, list, "the table of '%s' must be a list of "
		    "{max, score}", id);
		return;
	}
	ns->rows = xcalloc(list->n, sizeof(*ns->rows));
	for (size_t i = 0; i < list->n; i++) {
		const struct conf_node *m = list->items[i];
		struct norm_row *row = &ns->rows[ns->nrows];
		int has;

		if (!map_entry(k, m, "a norm table's row", keys, id,
		    "max and score"))
			continue;
		has = conf_number(k, m, "max", &row->max, "a norm table's row");
		if (conf_number(k, m, "score", &row->score,
		    "a norm table's row") == 0)
			conf_bad(k, m, "a norm table's row needs 'score'");
		if (has == 0 && i + 1 < list->n)
			conf_bad(k, m, "only the last row may leave out 'max'");
		row->open = has == 0;
		if (ns->nrows > 0 && has == 1 && row->max <= ns->rows[ns->nrows
		    - 1].max)
			conf_bad(k, m, "a norm table's rows must rise: %g "
			    "after %g", row->max, ns->rows[ns->nrows - 1].max);
		ns->nrows++;
	}
}

static void
load_scale_norm(struct conf_check *k, struct norm_scale *ns,
    const struct conf_node *m, const char *id)
{
	static const char *const keys[] = { "mean", "sd", "table", NULL };
	const struct conf_node *table = conf_get(m, "table");
	int mean, sd;

	if (!map_entry(k, m, "a scale's norm", keys, id, "mean and sd, "
	    "or table"))
		return;
	mean = conf_number(k, m, "mean", &ns->mean, "a scale's norm");
	sd = conf_number(k, m, "sd", &ns->sd, "a scale's norm");
	if (table != NULL && (mean != 0 || sd != 0))
		conf_bad(k, m, "the norm of '%s': give mean and sd, or a "
		    "table, not both", id);
	else if (table != NULL)
		load_rows(k, ns, table, id);
	else if (mean != 1 || sd != 1)
		conf_bad(k, m, "the norm of '%s' needs mean and sd, or a "
		    "table", id);
	else if (ns->sd <= 0)
		conf_bad(k, conf_get(m, "sd"), "sd of '%s' must be above 0",
		    id);
}

static void
load_group_scales(struct conf_check *k, struct norm_group *g,
    const struct conf_node *map, const struct scale *scales, size_t nscales)
{
	if (map->kind != CONF_MAP || map->n == 0) {
		conf_bad(k, map, "norm group '%s' needs 'scales', a mapping "
		    "of scale ids to their norms", g->id);
		return;
	}
	g->scales = xcalloc(map->n, sizeof(*g->scales));
	for (size_t i = 0; i < map->n; i++) {
		long s = scale_of(scales, nscales, map->keys[i]);

		if (s < 0) {
			conf_bad(k, map->items[i], "norm group '%s' names no "
			    "scale '%s'", g->id, map->keys[i]);
			continue;
		}
		g->scales[g->nscales].scale = (size_t)s;
		load_scale_norm(k, &g->scales[g->nscales++], map->items[i],
		    map->keys[i]);
	}
}

static void
load_group(struct conf_check *k, struct norms *n, struct norm_group *g,
    const struct conf_node *m, const struct scale *scales, size_t nscales)
{
	static const char *const keys[] = { "id", "sex", "ages", "grades",
	    "scales", NULL };
	char *sex, *why = NULL;
	int by_age, by_grade;

	conf_only_keys(k, m, "a norm group", keys);
	g->id = conf_text(k, m, "id", 1, "a norm group");
	if (g->id == NULL)
		g->id = xstrdup("?");
	else if (!conf_valid_id(g->id))
		conf_bad(k, conf_get(m, "id"), "norm group id '%s' must be "
		    "lower-case letters, digits and '_'", g->id);
	if ((sex = conf_text(k, m, "sex", 0, "a norm group")) != NULL &&
	    norm_sex(sex, &g->sex, &why) != 0)
		conf_bad(k, conf_get(m, "sex"), "%s", why);
	free(why);
	free(sex);
	by_age = norms_range(k, m, "ages", &g->lo, &g->hi);
	by_grade = by_age == 0 ? norms_range(k, m, "grades", &g->lo,
	    &g->hi) : 0;
	if (by_age != 0 && conf_get(m, "grades") != NULL)
		conf_bad(k, m, "norm group '%s': 'ages' or 'grades', not both",
		    g->id);
	else if (by_age == 0 && by_grade == 0)
		conf_bad(k, m, "norm group '%s' needs 'ages' or 'grades'",
		    g->id);
	else if (g != n->groups && (by_grade == 1) != n->by_grade)
		conf_bad(k, m, "norm group '%s': every group goes by age, or "
		    "every one by grade", g->id);
	else if (g == n->groups)
		n->by_grade = by_grade == 1;
	if (conf_get(m, "scales") == NULL)
		conf_bad(k, m, "norm group '%s' needs 'scales'", g->id);
	else
		load_group_scales(k, g, conf_get(m, "scales"), scales,
		    nscales);
}

static void
load_kind(struct conf_check *k, struct norms *n, const struct conf_node *m)
{
	char *kind = conf_text(k, m, "score", 1, "norms");
	size_t i;

	for (i = 0; kind != NULL && i < 3; i++)
		if (strcmp(kind, kind_names[i]) == 0)
			break;
	if (kind != NULL && i == 3)
		conf_bad(k, conf_get(m, "score"), "norms' score '%s': "
		    "expected t, percentile or sten", kind);
	else if (kind != NULL)
		n->kind = (enum norm_kind)i;
	free(kind);
}

struct norms *
norms_load(struct conf_check *k, const struct conf_node *m,
    const struct scale *scales, size_t nscales)
{
	static const char *const keys[] = { "source", "score", "groups",
	    NULL };
	const struct conf_node *groups;
	struct norms *n;

	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "'norms' must be a mapping of source, score "
		    "and groups");
		return NULL;
	}
	conf_only_keys(k, m, "norms", keys);
	n = xcalloc(1, sizeof(*n));
	/* a norm is a published one: say where */
	n->source = conf_text(k, m, "source", 1, "norms");
	if (n->source != NULL && *n->source == '\0')
		conf_bad(k, conf_get(m, "source"), "norms' source must name "
		    "where they are published");
	load_kind(k, n, m);
	groups = conf_need(k, m, "groups", CONF_SEQ, "norms");
	if (groups == NULL)
		return n;
	n->groups = xcalloc(groups->n ? groups->n : 1, sizeof(*n->groups));
	for (size_t i = 0; i < groups->n; i++) {
		const struct conf_node *g = groups->items[i];

		if (g->kind != CONF_MAP) {
			conf_bad(k, g, "a norm group must be a mapping");
			continue;
		}
		load_group(k, n, &n->groups[n->ngroups], g, scales, nscales);
		for (size_t j = 0; j < n->ngroups; j++)
			if (strcmp(n->groups[j].id, n->groups[n->ngroups].id)
			    == 0)
				conf_bad(k, g, "norm group id '%s' appears "
				    "twice", n->groups[j].id);
		n->ngroups++;
	}
	return n;
}

void
norms_free(struct norms *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->ngroups; i++) {
		struct norm_group *g = &n->groups[i];
		for (size_t s = 0; s < g->nscales; s++)
			free(g->scales[s].rows);
		free(g->scales);
		free(g->id);
	}
	free(n->groups);
	free(n->source);
	free(n);
}
