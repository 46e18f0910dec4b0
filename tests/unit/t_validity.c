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

static void
rules(struct tap *t, const struct instrument *in)
{
	struct validity_rules v;
	struct buf why = {0};

	validity_rules_default(&v);
	/* attention: the answer asked for, another, none */
	is_int(t, check(in, &v, "013022", NAN, &why), 0, "attention right");
	is_int(t, check(in, &v, "010022", NAN, &why), VALIDITY_ATTENTION,
	    "attention wrong");
	is_str(t, buf_str(&why), "attention item chk answered 0 (expected 3)",
	    "attention's reason");
	is_int(t, check(in, &v, "01_022", NAN, &why), VALIDITY_ATTENTION,
	    "attention unanswered");
	v.attention = 0;
	is_int(t, check(in, &v, "010022", NAN, &why), 0, "attention off");
	/* consistency: d and e within 1, then 2 apart */
	validity_rules_default(&v);
	is_int(t, check(in, &v, "013012", NAN, &why), 0, "pair within 1");
	is_int(t, check(in, &v, "013002", NAN, &why), VALIDITY_CONSISTENCY,
	    "pair 2 apart");
	is_str(t, buf_str(&why), "items d and e disagree (0 and 2, within 1)",
	    "consistency's reason");
	is_int(t, check(in, &v, "01300_", NAN, &why), 0, "pair half blank");
	/* one answer to a scale with a reversed item */
	is_int(t, check(in, &v, "113111", NAN, &why), 0,
	    "same answers: not checked by default");
	v.same_reversed = 1;
	is_int(t, check(in, &v, "113111", NAN, &why),
	    VALIDITY_SAME_REVERSED, "same answers, reversed item too");
	is_int(t, check(in, &v, "123111", NAN, &why), 0, "one differs");
	/* in a row: the attention item counts in the file's order */
	validity_rules_default(&v);
	v.same_in_row = 3;
	is_int(t, check(in, &v, "013222", NAN, &why), 0, "3 in a row of 3");
	is_int(t, check(in, &v, "023222", NAN, &why), 0,
	    "2, 3, then 2 2 2: 3 in a row");
	is_int(t, check(in, &v, "013333", NAN, &why), VALIDITY_SAME_IN_ROW,
	    "4 in a row of 3");
	is_str(t, buf_str(&why), "4 items in a row answered 3 (at most 3)",
	    "in a row's reason");
	/* time: six items at 2 s each */
	validity_rules_default(&v);
	v.min_seconds_per_item = 2;
	is_int(t, check(in, &v, "013022", 12, &why), 0, "exactly 12 s");
	is_int(t, check(in, &v, "013022", 11, &why), VALIDITY_TOO_FAST,
	    "11 s");
	is_str(t, buf_str(&why), "answered in 11 s, under 12 s for 6 items",
	    "time's reason");
	is_int(t, check(in, &v, "013022", NAN, &why), 0, "no time known");
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
