/* Validity checks (lib/rules/validity.c): each rule on both sides of its
 * boundary, every duration format, the policy's section read and
 * refused, and an invalid response keeping its critical answer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "score.h"
#include "tap.h"
#include "validity.h"

static char dir[] = "/tmp/ph-t_validity-XXXXXX";

/* Six items 0-3 (b reversed), an attention item asking for 几乎每天
 * (3), a pair (d, e) that should agree within 1, a critical item. */
static const char instrument_yaml[] =
    "id: v\nversion: '1'\nname: {zh: 测试}\nlicence: test\n"
    "options:\n  f: [{value: 0, zh: 完全不会}, {value: 1, zh: 好几天}, "
    "{value: 2, zh: 一半以上的天数}, {value: 3, zh: 几乎每天}]\n"
    "items:\n  - {id: a, zh: A, options: f}\n"
    "  - {id: b, zh: B, options: f, reverse: true}\n"
    "  - {id: chk, zh: 本题请选择几乎每天, options: f, expect: 几乎每天}\n"
    "  - {id: c, zh: C, options: f}\n  - {id: d, zh: D, options: f}\n"
    "  - {id: e, zh: E, options: f}\n"
    "scales:\n  - id: total\n    items: all\n"
    "consistency:\n  - {items: [d, e], within: 1}\n"
    "critical:\n  - {item: a, min: 3, zh: 关键}\n";

static void
answer(const struct instrument *in, double *answers, const char *row)
{
	for (size_t i = 0; i < in->nitems; i++)
		answers[i] = row[i] == '_' ? NAN : row[i] - '0';
}

/* The checks row fails under rules, with seconds taken. */
static unsigned
check(const struct instrument *in, const struct validity_rules *v,
    const char *row, double seconds, struct buf *why)
{
	struct validity_plan *p = validity_plan_new(in, v);
	double answers[16];
	unsigned failed;

	answer(in, answers, row);
	buf_reset(why);
	failed = validity_check(p, answers, seconds, why);
	validity_plan_free(p);
	return failed;
}

static void
durations(struct tap *t)
{
	static const struct {
		const char *cell;
		double seconds;
	} good[] = {
		{ "60秒", 60 }, { "1分20秒", 80 }, { "1小时2分", 3720 },
		{ "00:01:20", 80 }, { "80", 80 }, { "80 秒", 80 },
		{ "1:20", 80 }, { "1分钟20秒", 80 }, { "80s", 80 },
		{ "1m20s", 80 }, { "1分20", 80 }, { " 12 ", 12 },
		{ "2 min", 120 }, { "1h2m", 3720 },
	};
	static const char *const bad[] = { "", "秒", "abc", "1:75",
	    "1:2:3:4", "20秒5", "12 apples", "-5" };
	char what[96];

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		double s = -1;
		int rc = validity_seconds(good[i].cell, &s);

		snprintf(what, sizeof(what), "'%s' is %g s", good[i].cell,
		    good[i].seconds);
		ok(t, rc == 0 && s == good[i].seconds, what);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		double s;

		snprintf(what, sizeof(what), "'%s' is no duration", bad[i]);
		ok(t, validity_seconds(bad[i], &s) == -1, what);
	}
	ok(t, validity_duration_header("所用时间") &&
	    validity_duration_header("答题时长（秒）") &&
	    validity_duration_header("Duration") &&
	    !validity_duration_header("提交答卷时间") &&
	    !validity_duration_header("学号"), "duration headers");
}

/* A row checked under the default rules with one of them changed:
 * what it fails (0: valid), and why when it fails. */
struct rule_case {
	const char *what;
	enum { DEFAULTS, NO_ATTENTION, SAME_REVERSED, IN_ROW_3, TWO_S } rules;
	const char *row;
	double seconds;		/* NAN: not known */
	unsigned fails;
	const char *why;	/* or NULL: not checked */
};

static void
rules(struct tap *t, const struct instrument *in)
{
	static const struct rule_case cases[] = {
		/* attention: the answer asked for, another, none */
		{ "attention right", DEFAULTS, "013022", NAN, 0, NULL },
		{ "attention wrong", DEFAULTS, "010022", NAN,
		    VALIDITY_ATTENTION,
		    "attention item chk answered 0 (expected 3)" },
		{ "attention unanswered", DEFAULTS, "01_022", NAN,
		    VALIDITY_ATTENTION, NULL },
		{ "attention off", NO_ATTENTION, "010022", NAN, 0, NULL },
		/* consistency: d and e within 1, then 2 apart */
		{ "pair within 1", DEFAULTS, "013012", NAN, 0, NULL },
		{ "pair 2 apart", DEFAULTS, "013002", NAN,
		    VALIDITY_CONSISTENCY,
		    "items d and e disagree (0 and 2, within 1)" },
		{ "pair half blank", DEFAULTS, "01300_", NAN, 0, NULL },
		/* one answer to a scale with a reversed item */
		{ "same answers: not checked by default", DEFAULTS, "113111",
		    NAN, 0, NULL },
		{ "same answers, reversed item too", SAME_REVERSED, "113111",
		    NAN, VALIDITY_SAME_REVERSED, NULL },
		{ "one differs", SAME_REVERSED, "123111", NAN, 0, NULL },
		/* in a row: the attention item counts in the file's order */
		{ "3 in a row of 3", IN_ROW_3, "013222", NAN, 0, NULL },
		{ "2, 3, then 2 2 2: 3 in a row", IN_ROW_3, "023222", NAN, 0,
		    NULL },
		{ "4 in a row of 3", IN_ROW_3, "013333", NAN,
		    VALIDITY_SAME_IN_ROW,
		    "4 items in a row answered 3 (at most 3)" },
		/* time: six items at 2 s each */
		{ "exactly 12 s", TWO_S, "013022", 12, 0, NULL },
		{ "11 s", TWO_S, "013022", 11, VALIDITY_TOO_FAST,
		    "answered in 11 s, under 12 s for 6 items" },
		{ "no time known", TWO_S, "013022", NAN, 0, NULL },
	};
	struct buf why = {0};
	char what[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct rule_case *k = &cases[i];
		struct validity_rules v;

		validity_rules_default(&v);
		v.attention = k->rules != NO_ATTENTION;
		v.same_reversed = k->rules == SAME_REVERSED;
		v.same_in_row = k->rules == IN_ROW_3 ? 3 : 0;
		v.min_seconds_per_item = k->rules == TWO_S ? 2 : 0;
		is_int(t, check(in, &v, k->row, k->seconds, &why), k->fails,
		    k->what);
		if (k->why != NULL) {
			snprintf(what, sizeof(what), "%s: the reason", k->what);
			is_str(t, buf_str(&why), k->why, what);
		}
	}
	buf_free(&why);
}

/* An invalid response keeps its critical answer; its reason follows
 * what score_compute said. */
static void
scored(struct tap *t, const struct instrument *in)
{
	struct validity_rules v;
	struct validity_plan *p;
	struct score_result s;
	struct buf names = {0};
	unsigned failed;

	validity_rules_default(&v);
	v.min_seconds_per_item = 2;
	p = validity_plan_new(in, &v);
	score_result_init(&s, in);
	answer(in, s.answers, "310002");
	score_compute(in, &s);
	ok(t, s.valid && s.critical_answered == 1, "scored, critical");
	failed = validity_score(p, 5, &s);
	ok(t, !s.valid && s.critical_answered == 1,
	    "invalid, the critical answer kept");
	is_str(t, s.reason, "attention item chk answered 0 (expected 3); "
	    "answered in 5 s, under 12 s for 6 items; items d and e disagree "
	    "(0 and 2, within 1)", "every reason");
	validity_names(failed, &names);
	is_str(t, buf_str(&names), "attention,too_fast,consistency", "names");
	validity_names(0, &names);
	is_str(t, buf_str(&names), "ok", "no failure");
	ok(t, in->scales[0].nitems == 5, "the attention item is in no scale");
	buf_free(&names);
	score_result_free(&s);
	validity_plan_free(p);
}

static void
policies(struct tap *t)
{
	char *why = NULL, *path;
	struct policy *p;

	path = tap_write_file(dir, "p.yaml", "policy: t\ncards: {rules: []}\n"
	    "validity: {same_in_row: 8, min_seconds_per_item: 1.5, "
	    "attention: false}\n");
	p = policy_load(path, &why);
	ok(t, p != NULL && p->validity.same_in_row == 8 &&
	    p->validity.min_seconds_per_item == 1.5 &&
	    !p->validity.attention && p->validity.consistency,
	    "the policy's validity section");
	policy_free(p);
	free(path);
	path = tap_write_file(dir, "q.yaml", "policy: t\ncards: {rules: []}\n"
	    "validity: {same_in_row: -1, seconds: 2}\n");
	p = policy_load(path, &why);
	ok(t, p == NULL && why != NULL && strstr(why, "'same_in_row' must") &&
	    strstr(why, "unknown") != NULL, "a bad section refused");
	free(why);
	free(path);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	struct instrument *in;
	char *why = NULL, *path;

	if (mkdtemp(dir) == NULL)
		return 1;
	path = tap_write_file(dir, "v.yaml", instrument_yaml);
	in = instrument_load(path, &why);
	free(path);
	if (in == NULL) {
		printf("# %s\nnot ok 1 - the test instrument loads\n", why);
		return 1;
	}
	durations(&t);
	rules(&t, in);
	scored(&t, in);
	policies(&t);
	instrument_free(in);
	tap_remove_dir(dir);
	return tap_done(&t);
}
