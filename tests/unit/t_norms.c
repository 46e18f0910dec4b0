/* Norms: age on a day, the group by sex and age or grade at every
 * boundary, T, percentile and standard ten from z (worked by hand),
 * explicit tables, and what the file format refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument.h"
#include "norms.h"
#include "tap.h"

static char dir[] = "/tmp/ph-t_norms-XXXXXX";

static void
ages(struct tap *t)
{
	is_int(t, norms_age("2014-03-15", "2027-03-14"), 12,
	    "the day before the 13th birthday: 12");
	is_int(t, norms_age("2014-03-15", "2027-03-15"), 13,
	    "the 13th birthday: 13");
	is_int(t, norms_age("2014-03-15", "2027-02-28"), 12,
	    "an earlier month: 12");
	is_int(t, norms_age("2012-02-29", "2025-02-28"), 12,
	    "born on 29 February: 12 on 28 February");
	is_int(t, norms_age("2012-02-29", "2025-03-01"), 13,
	    "and 13 on 1 March");
	is_int(t, norms_age("2014-03-15", "2014-03-14"), -1,
	    "a day before birth: no age");
	is_int(t, norms_age("", "2027-03-14"), -1, "no birth date: no age");
	is_int(t, norms_age("2014-03-15", "2014-03-15"), 0, "born today: 0");
}

static void
from_z(struct tap *t)
{
	/* T = 50 + 10z, half up */
	is_int(t, norms_from_z(NORM_T, 1), 60, "T at z 1");
	is_int(t, norms_from_z(NORM_T, -0.25), 48, "T at z -0.25: 47.5 up");
	is_int(t, norms_from_z(NORM_T, -2.06), 29, "T at z -2.06: 29.4");
	/* sten = 2z + 5.5, half up, 1..10 */
	is_int(t, norms_from_z(NORM_STEN, 0), 6, "sten at the mean: 5.5 up");
	is_int(t, norms_from_z(NORM_STEN, -0.25), 5, "sten at z -0.25: 5");
	is_int(t, norms_from_z(NORM_STEN, -0.26), 5, "sten at z -0.26: 4.98");
	is_int(t, norms_from_z(NORM_STEN, -0.76), 4, "sten at z -0.76: 3.98");
	is_int(t, norms_from_z(NORM_STEN, 2.5), 10, "sten at z 2.5: 10");
	is_int(t, norms_from_z(NORM_STEN, 4), 10, "sten above: still 10");
	is_int(t, norms_from_z(NORM_STEN, -3), 1, "sten below: 1");
	/* percentile = 100 Phi(z), 1..99 */
	is_int(t, norms_from_z(NORM_PERCENTILE, 0), 50, "percentile at 0");
	is_int(t, norms_from_z(NORM_PERCENTILE, 1), 84, "percentile at 1");
	is_int(t, norms_from_z(NORM_PERCENTILE, -1), 16, "percentile at -1");
	is_int(t, norms_from_z(NORM_PERCENTILE, 1.645), 95,
	    "percentile at 1.645");
	is_int(t, norms_from_z(NORM_PERCENTILE, 3), 99, "percentile at 3: 99");
	is_int(t, norms_from_z(NORM_PERCENTILE, -3), 1, "percentile at -3: 1");
}

/* Four groups: boys and girls of 8-12 and 13-18 by mean and sd, the
 * girls of 13-18 by a table; scale 1 only for the boys of 8-12. */
static struct norm_row table[] = {
	{ 2, 0, 40 }, { 5, 0, 50 }, { 7, 0, 60 }, { 0, 1, 70 },
};
static struct norm_scale m812[] = { { 0, 4, 2, NULL, 0 },
    { 1, 1, 0.5, NULL, 0 } };
static struct norm_scale m1318[] = { { 0, 5, 2, NULL, 0 } };
static struct norm_scale f812[] = { { 0, 3, 2, NULL, 0 } };
static struct norm_scale f1318[] = { { 0, 0, 0, table, 4 } };
static struct norm_group groups[] = {
	{ "m_8_12", 'M', 8, 12, m812, 2 },
	{ "m_13_18", 'M', 13, 18, m1318, 1 },
	{ "f_8_12", 'F', 8, 12, f812, 1 },
	{ "f_13_18", 'F', 13, 18, f1318, 1 },
};

static const char *
group_of(const struct norms *n, char sex, int age)
{
	struct norm_person p = { sex, age, -1 };
	const struct norm_group *g = norms_group(n, &p);

	return g != NULL ? g->id : NULL;
}

static double
normed(const struct norms *n, char sex, int age, size_t scale, double raw)
{
	struct norm_person p = { sex, age, -1 };
	const struct norm_group *g = norms_group(n, &p);
	double v = -999;

	if (g == NULL || !norms_value(n, g, scale, raw, &v))
		return -999;
	return v;
}

static void
why_is(struct tap *t, const struct norms *n, const struct norm_person *p,
    const char *want, const char *what)
{
	char *why = norms_why(n, p);

	is_str(t, why, want, what);
	free(why);
}

static void
lookup(struct tap *t)
{
	struct norms n = { "test", NORM_T, 0, groups, 4 };
	struct norm_person nobody = { 0, 12, -1 }, old = { 'F', 19, -1 };

	is_str(t, group_of(&n, 'M', 12), "m_8_12", "boy of 12");
	is_str(t, group_of(&n, 'M', 13), "m_13_18", "boy of 13");
	is_str(t, group_of(&n, 'F', 12), "f_8_12", "girl of 12");
	is_str(t, group_of(&n, 'F', 13), "f_13_18", "girl of 13");
	is_str(t, group_of(&n, 'M', 8), "m_8_12", "boy of 8: the lowest age");
	is_str(t, group_of(&n, 'F', 18), "f_13_18", "girl of 18: the highest");
	ok(t, group_of(&n, 'M', 7) == NULL, "boy of 7: no group");
	ok(t, group_of(&n, 'F', 19) == NULL, "girl of 19: no group");
	ok(t, group_of(&n, 0, 12) == NULL, "sex not known: no group");
	ok(t, group_of(&n, 'M', -1) == NULL, "age not known: no group");
	why_is(t, &n, &old, "no norm group for F aged 19", "why: too old");
	why_is(t, &n, &nobody, "sex not known", "why: sex");

	is_int(t, normed(&n, 'M', 12, 0, 6), 60, "boy 12, 6: z 1, T 60");
	is_int(t, normed(&n, 'M', 13, 0, 6), 55, "boy 13, 6: z .5, T 55");
	is_int(t, normed(&n, 'F', 12, 0, 6), 65, "girl 12, 6: z 1.5, T 65");
	is_int(t, normed(&n, 'M', 12, 1, 2), 70, "boy 12, scale 1: T 70");
	is_int(t, normed(&n, 'M', 13, 1, 2), -999, "no norm of scale 1 "
	    "for boys of 13");
	is_int(t, normed(&n, 'F', 13, 0, 0), 40, "table: 0 in the first row");
	is_int(t, normed(&n, 'F', 13, 0, 2), 40, "table: 2, the first max");
	is_int(t, normed(&n, 'F', 13, 0, 3), 50, "table: 3, above it");
	is_int(t, normed(&n, 'F', 13, 0, 7), 60, "table: 7");
	is_int(t, normed(&n, 'F', 13, 0, 8), 70, "table: 8, the open row");
	n.kind = NORM_STEN;
	is_int(t, normed(&n, 'M', 12, 0, 4.5), 6, "sten: z .25 is 6.0");
	is_int(t, normed(&n, 'M', 12, 0, 3.5), 5, "sten: z -.25 is 5.0");
	n.kind = NORM_PERCENTILE;
	is_int(t, normed(&n, 'M', 12, 0, 6), 84, "percentile: z 1 is 84");
}

static void
by_grade(struct tap *t)
{
	static struct norm_scale s[] = { { 0, 10, 5, NULL, 0 } };
	static struct norm_group g[] = { { "g7", 0, 7, 7, s, 1 },
	    { "g8_9", 0, 8, 9, s, 1 } };
	struct norms n = { "test", NORM_STEN, 1, g, 2 };
	struct norm_person p7 = { 0, -1, 7 }, p9 = { 'M', 30, 9 },
	    p10 = { 'F', 13, 10 }, pnone = { 'F', 13, -1 };

	is_str(t, norms_group(&n, &p7)->id, "g7", "grade 7, either sex");
	is_str(t, norms_group(&n, &p9)->id, "g8_9", "grade 9, whatever age");
	ok(t, norms_group(&n, &p10) == NULL, "grade 10: none");
	why_is(t, &n, &p10, "no norm group for grade 10", "why: grade 10");
	why_is(t, &n, &pnone, "grade not known", "why: no grade");
}

static struct instrument *
load(const char *norms, const char *scale_extra, char **err)
{
	char *path, *text;
	struct instrument *in;

	text = malloc(4096);
	snprintf(text, 4096, "id: n\nversion: '1'\nname: {zh: 测试}\n"
	    "licence: test\noptions:\n  f: [{value: 0, zh: 无}, "
	    "{value: 1, zh: 有}]\nitems:\n  - {id: a, zh: A, options: f}\n"
	    "  - {id: b, zh: B, options: f}\nscales:\n"
	    "  - id: total\n    items: all\n%s%s", scale_extra, norms);
	path = tap_write_file(dir, "n.yaml", text);
	in = instrument_load(path, err);
	free(text);
	free(path);
	return in;
}

static void
refused(struct tap *t, const char *norms, const char *extra,
    const char *want, const char *what)
{
	char *err = NULL;
	struct instrument *in = load(norms, extra, &err);

	ok(t, in == NULL && err != NULL && strstr(err, want) != NULL, what);
	if (err != NULL && strstr(err, want) == NULL)
		printf("#   got: %s\n", err);
	instrument_free(in);
	free(err);
}

#define GROUP(scales) "    - {id: g, ages: [8, 12], scales: " scales "}\n"

static void
format(struct tap *t)
{
	char *err = NULL;
	struct instrument *in = load("norms:\n  source: s\n  score: sten\n"
	    "  groups:\n" GROUP("{total: {mean: 1, sd: 0.5}}")
	    "ages: [8, 12]\n", "    bands_on: normed\n    bands: [{max: 3, "
	    "label: low}, {max: 7, label: mid}, {label: high}]\n", &err);

	ok(t, in != NULL && in->norms != NULL && in->norms->kind ==
	    NORM_STEN && in->for_by == FOR_AGES && in->for_lo == 8 &&
	    in->for_hi == 12 && in->scales[0].band_normed, "a good file");
	if (err != NULL)
		printf("#   %s\n", err);
	instrument_free(in);
	free(err);
	refused(t, "norms:\n  score: t\n  groups:\n" GROUP("{total: {mean: 1, "
	    "sd: 1}}"), "", "needs 'source'", "no source");
	refused(t, "norms:\n  source: s\n  score: z\n  groups:\n"
	    GROUP("{total: {mean: 1, sd: 1}}"), "", "expected t, percentile "
	    "or sten", "an unknown kind");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    GROUP("{total: {mean: 1, sd: 0}}"), "", "must be above 0",
	    "sd 0");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    GROUP("{total: {mean: 1}}"), "", "needs mean and sd", "no sd");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    GROUP("{other: {mean: 1, sd: 1}}"), "", "names no scale 'other'",
	    "an unknown scale");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    GROUP("{total: {table: [{max: 1, score: 40}, {max: 1, score: "
	    "50}]}}"), "", "must rise", "a table that does not rise");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    GROUP("{total: {mean: 1, sd: 1}}")
	    "    - {id: h, grades: [1, 3], scales: {total: {mean: 1, sd: 1}}}"
	    "\n", "", "every group goes by age, or every one by grade",
	    "ages and grades mixed");
	refused(t, "norms:\n  source: s\n  score: t\n  groups:\n"
	    "    - {id: g, sex: X, ages: [8, 12], scales: {total: {mean: 1, "
	    "sd: 1}}}\n", "", "sex", "an unknown sex");
	refused(t, "", "    bands_on: normed\n    bands: [{max: 3, label: a}, "
	    "{label: b}]\n", "the instrument no norms", "normed bands "
	    "without norms");
	refused(t, "norms:\n  source: s\n  score: sten\n  groups:\n"
	    GROUP("{total: {mean: 1, sd: 1}}"), "    bands_on: normed\n"
	    "    bands: [{max: 3, label: a}, {max: 12, label: b}, "
	    "{label: c}]\n", "lies outside", "a sten band above 10");
	refused(t, "ages: [12, 8]\n", "", "'ages' must be [LOWEST, HIGHEST]",
	    "ages falling");
	refused(t, "ages: [8, 12]\ngrades: [1, 3]\n", "", "not both",
	    "ages and grades");
}

int
main(void)
{
	static tap_test *const tests[] = {
	    ages, from_z, lookup, by_grade, format
	};

	return tap_run_in(dir, tests, sizeof(tests) / sizeof(*tests));
}
