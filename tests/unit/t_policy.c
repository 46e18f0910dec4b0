/* The policy: loading, card rules, special groups, sticky cards. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert_policy.h"
#include "norm.h"
#include "policy.h"
#include "tap.h"

static char dir[] = "/tmp/ph-t_policy-XXXXXX";

static char *
write_file(const char *name, const char *text)
{
	return tap_write_file(dir, name, text);
}

static const char instrument_yaml[] =
    "id: t\nversion: '1'\nname: {zh: 测试}\nlicence: test\n"
    "options:\n  f: [{value: 0, zh: 无}, {value: 1, zh: 有}, {value: 2, zh: 多}]\n"
    "items:\n  - {id: a, zh: A, options: f}\n  - {id: b, zh: B, options: f}\n"
    "  - {id: c, zh: C, options: f}\n"
    "scales:\n  - id: total\n    items: all\n    method: sum\n"
    "    max_missing: 0\n    bands:\n      - {max: 1, label: low, zh: 低}\n"
    "      - {max: 3, label: mid, zh: 中}\n      - {label: high, zh: 高}\n"
    "critical:\n  - {item: c, min: 1, zh: 关键}\n";

static const char policy_yaml[] =
    "policy: test\ncards:\n  rules:\n"
    "    - {color: red, critical: answered, reason: 关键}\n"
    "    - {color: red, instrument: t, scale: total, min: 5}\n"
    "    - {color: yellow, instrument: t, scale: total, band: [mid],"
    " reason: 中等}\n"
    "    - {color: yellow, critical: unanswered}\n"
    "    - {color: blue, instrument: t, scale: total, max: 1, min: 1}\n"
    "    - {color: blue, valid: false, reason: 无效}\n"
    "    - {color: blue, instrument: other, scale: total, min: 0}\n"
    "  flags: {raise: 1, at_least: blue, up_to: yellow, only: [留守]}\n"
    "  sticky: red\n";

/* The colour and reasons of answers a, b, c (NAN: unanswered). */
static int
color_of(const struct policy *p, const struct instrument *in, double a,
    double b, double c, char **reasons)
{
	struct score_result s;
	struct buf r = {0};
	int color;

	score_result_init(&s, in);
	s.answers[0] = a;
	s.answers[1] = b;
	s.answers[2] = c;
	score_compute(in, &s);
	color = policy_response_color(p, in, &s, &r);
	*reasons = buf_take(&r);
	buf_free(&r);
	score_result_free(&s);
	return color;
}

/* The numbers, follow-ups and alerts come from the one reading of the
 * file, each its default where the file is silent. */
static void
test_sections(struct tap *t)
{
	char *why = NULL, *path = write_file("sections.yaml",
	    "policy: s\ncards: {rules: [{color: red, critical: answered}]}\n"
	    "reports: {min_cell: 10}\nrooms: {boarding_school_hours: 6.5}\n"
	    "followups: {red: {first: 2, then: [3d, 2w]}}\n"
	    "alerts: {language: en, full: [counsellor, leader]}\n");
	struct policy *p = policy_load(path, &why), *d = policy_defaults();

	ok(t, p != NULL, "a policy of every section loads");
	if (p == NULL) {
		printf("# %s\n", why);
		exit(1);
	}
	is_int(t, p->numbers.min_cell, 10, "reports.min_cell as given");
	is_int(t, p->numbers.students_per_counsellor, 800,
	    "reports.students_per_counsellor: its default");
	ok(t, p->numbers.boarding_school_hours == 6.5, "a fraction of hours");
	is_int(t, p->numbers.day_school_hours, 2, "day school: its default");
	is_int(t, p->followup_first, 2, "followups.red.first");
	is_int(t, p->nfollowup_then, 2, "two talks after the first");
	is_int(t, p->followup_then[1], 14 * 86400, "2w");
	ok(t, p->alerts != NULL && p->alerts->english && p->alerts->nfull == 2,
	    "the alerts section, from the same reading");
	is_str(t, p->alerts ? p->alerts->sha256 : NULL, p->sha256,
	    "the alerts know the file's hash");
	is_int(t, d->numbers.min_cell, 5, "defaults: min_cell 5");
	is_int(t, d->followup_first, 3, "defaults: first talk in 3 days");
	is_int(t, d->nfollowup_then, 3, "defaults: then three talks");
	ok(t, d->alerts == NULL && d->path == NULL && d->nrules == 0,
	    "defaults: no file, no rules, no alerts");
	policy_free(p);
	policy_free(d);
	free(path);

	path = write_file("typo.yaml", "policy: s\ncards: {rules: []}\n"
	    "reports: {min_cel: 10}\nlessons: {every_days: 0}\n"
	    "alerts: {language: fr}\n");
	p = policy_load(path, &why);
	ok(t, p == NULL, "a mistake in any section refuses the policy");
	ok(t, why && strstr(why, "typo.yaml:3:") && strstr(why, "min_cel"),
	    "a misspelled key, with its line");
	ok(t, why && strstr(why, "lessons.every_days must be a whole number "
	    "from 1 to 366"), "a number out of its range");
	ok(t, why && strstr(why, "'language' must be zh or en"),
	    "and the alerts' mistakes in the same message");
	free(why);
	free(path);
}

/* The policy text, written as name, loaded: NULL with *why (the last
 * call's *why freed first). */
static struct policy *
load_text(const char *name, const char *text, char **why)
{
	char *path = write_file(name, text);
	struct policy *p;

	free(*why);
	*why = NULL;
	p = policy_load(path, why);
	free(path);
	return p;
}

/* The family: a case step's notify, guardian in a level only when the
 * policy says so, the guardian template's limits. */
static void
test_guardian(struct tap *t)
{
	char *why = NULL;
	struct policy *p = load_text("family.yaml",
	    "policy: f\ncards: {rules: []}\nalerts:\n  cases:\n"
	    "    crisis:\n"
	    "      - {step: guardian_contacted, within: 24h, notify: [guardian]}\n"
	    "      - {step: referred, within: 72h}\n", &why);
	const struct alert_policy *a = p ? p->alerts : NULL;

	ok(t, a != NULL && a->ncases == 1 && a->cases[0].nsteps == 2,
	    "a step with notify loads");
	ok(t, a && a->cases[0].steps[0].notify_guardian &&
	    !a->cases[0].steps[1].notify_guardian,
	    "notify: [guardian] on its step only");
	ok(t, a && !a->guardian_in_levels, "guardian_in_levels: false by "
	    "default");
	ok(t, a && strstr(a->guardian.body, "{counsellor}") &&
	    !strstr(a->guardian.body, "{detail}"),
	    "the default guardian template says whom to call, not why");
	ok(t, a && strstr(a->full.body, "{guardian}") &&
	    !strstr(a->brief.body, "{guardian}"),
	    "the full template names the guardians, the brief one never");
	policy_free(p);

	p = load_text("lv.yaml", "policy: f\ncards: {rules: []}\n"
	    "alerts:\n  levels:\n    - {roles: [counsellor], within: 24h}\n"
	    "    - {roles: [guardian], within: 24h}\n", &why);
	ok(t, p == NULL, "guardian in a level is refused by default");
	ok(t, why && strstr(why, "lv.yaml:6:") &&
	    strstr(why, "guardian_in_levels"), "with its line and the key "
	    "that allows it");
	p = load_text("lv2.yaml", "policy: f\ncards: {rules: []}\n"
	    "alerts:\n  guardian_in_levels: true\n  levels:\n"
	    "    - {roles: [counsellor], within: 24h}\n"
	    "    - {roles: [guardian], within: 24h}\n", &why);
	a = p ? p->alerts : NULL;
	ok(t, a && a->guardian_in_levels && a->nlevels == 2 &&
	    a->levels[1].nroles == 1 &&
	    strcmp(a->levels[1].roles[0], "guardian") == 0,
	    "guardian_in_levels: true lets a level name guardian");
	policy_free(p);

	p = load_text("nf.yaml", "policy: f\ncards: {rules: []}\n"
	    "alerts:\n  cases:\n    referral:\n"
	    "      - {step: guardian_contacted, within: 1d, notify: guardian}\n"
	    "      - {step: referred, within: 1d, notify: [leader]}\n"
	    "  templates:\n    guardian: {subject: '{name}', body: '{reason}'}\n",
	    &why);
	ok(t, p == NULL, "a bad notify or guardian template refuses the "
	    "policy");
	ok(t, why && strstr(why, "nf.yaml:6:") && strstr(why, "notify must "
	    "be a list"), "notify not a list");
	ok(t, why && strstr(why, "nf.yaml:7:") && strstr(why, "may notify "
	    "only guardian"), "notify naming a role");
	ok(t, why && strstr(why, "nf.yaml:9:") && strstr(why, "guardian "
	    "template may not say {reason}"), "a guardian template saying why");
	free(why);
}
/* Answers a, b and c to the test instrument, the colour the test policy
 * gives them, and, where not NULL, the reasons it gives. */
static const struct {
	double a, b, c;
	int color;
	const char *what, *reasons, *reasons_what;
} rules[] = {
	{ 0, 0, 0, CARD_NONE, "0: no rule holds", "", "and no reason" },
	{ 1, 0, 0, CARD_BLUE, "1: min and max both hold", "t total=1 低",
	    "a rule without reason says what it saw" },
	{ 2, 1, 0, CARD_YELLOW, "3: band mid", "中等 (t total=3)",
	    "reason and value" },
	{ 2, 2, 0, CARD_NONE,
	    "4: band high, which no rule names, and under min 5", NULL, NULL },
	{ 2, 2, 1, CARD_RED, "5: critical and min 5",
	    "关键 (c); t total=5 高", "both red reasons" },
	{ 0, NAN, 0, CARD_BLUE, "a missing item: invalid",
	    "无效: t total: 1 items missing (at most 0)", "with why" },
	{ 0, 0, NAN, CARD_YELLOW, "an unanswered critical item", NULL, NULL },
	{ 0, NAN, 2, CARD_RED,
	    "a critical answer counts when the rest is invalid", NULL, NULL },
};

int
main(void)
{
	struct tap t = TAP_INIT;
	struct instrument *in;
	struct policy *p;
	char *why = NULL, *reasons, *path;
	struct buf r = {0};
	int c;

	if (mkdtemp(dir) == NULL)
		return 1;

	/* colours */
	ok(&t, card_color_parse("red", &c) == 0 && c == CARD_RED, "red");
	ok(&t, card_color_parse("红卡", &c) == 0 && c == CARD_RED, "红卡");
	ok(&t, card_color_parse("黄", &c) == 0 && c == CARD_YELLOW, "黄");
	ok(&t, card_color_parse("蓝色", &c) == 0 && c == CARD_BLUE, "蓝色");
	ok(&t, card_color_parse("green", &c) == 0 && c == CARD_NONE,
	    "green is none");
	ok(&t, card_color_parse("紫", &c) == -1, "紫 is no colour");
	ok(&t, card_color_parse("红卡卡", &c) == -1, "红卡卡 is no colour");
	is_str(&t, card_color_zh(CARD_YELLOW), "黄卡", "黄卡");

	path = write_file("t.yaml", instrument_yaml);
	in = instrument_load(path, &why);
	ok(&t, in != NULL, "the test instrument loads");
	if (in == NULL)
		printf("# %s\n", why);
	free(path);
	path = write_file("policy.yaml", policy_yaml);
	p = policy_load(path, &why);
	ok(&t, p != NULL, "the test policy loads");
	if (p == NULL || in == NULL) {
		printf("# %s\n", why ? why : "");
		return 1;
	}
	free(path);
	is_int(&t, p->nrules, 7, "seven rules");
	is_int(&t, strlen(p->sha256), 64, "hashed");
	ok(&t, policy_check_instrument(p, in, &why) == 0,
	    "its rules fit the instrument");

	/* rules */
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		is_int(&t, color_of(p, in, rules[i].a, rules[i].b, rules[i].c,
		    &reasons), rules[i].color, rules[i].what);
		if (rules[i].reasons != NULL)
			is_str(&t, reasons, rules[i].reasons,
			    rules[i].reasons_what);
		free(reasons);
	}

	/* special groups and held cards */
	is_int(&t, policy_adjust(p, CARD_NONE, 1u << FLAG_LEFT_BEHIND,
	    CARD_NONE, NULL, &r), CARD_BLUE, "留守: none to blue");
	is_str(&t, buf_str(&r), "重点关注 留守: 无升为蓝卡", "said why");
	buf_reset(&r);
	is_int(&t, policy_adjust(p, CARD_YELLOW, 1u << FLAG_LEFT_BEHIND,
	    CARD_NONE, NULL, &r), CARD_YELLOW, "up_to yellow");
	is_int(&t, r.len, 0, "no change, no reason");
	is_int(&t, policy_adjust(p, CARD_NONE, 1u << FLAG_SINGLE_PARENT,
	    CARD_NONE, NULL, &r), CARD_NONE, "a group the policy leaves out");
	is_int(&t, policy_adjust(p, CARD_BLUE, 0, CARD_RED, "2026秋", &r),
	    CARD_RED, "a held red card stays");
	is_str(&t, buf_str(&r), "红卡保留 (2026秋)，直至咨询老师以 card set "
	    "调整", "and says since when");
	buf_reset(&r);
	is_int(&t, policy_adjust(p, CARD_BLUE, 0, CARD_YELLOW, "x", &r),
	    CARD_BLUE, "a held yellow card does not stay");
	buf_free(&r);
	policy_free(p);

	/* every error, with line and column */
	path = write_file("bad.yaml", "policy: x\ncards:\n  rules:\n"
	    "    - {color: red}\n    - {color: none, valid: false}\n"
	    "    - {color: red, scale: total, min: 3}\n"
	    "    - {color: red, instrument: t, scale: total, min: 3, max: 1}\n"
	    "  flags: {raise: 1.5, at_least: red, up_to: blue}\n"
	    "  extra: 1\nalerts: {}\n");
	p = policy_load(path, &why);
	ok(&t, p == NULL, "a bad policy does not load");
	ok(&t, why && strstr(why, "bad.yaml:4:7: a card rule needs a "
	    "condition"), "a rule without condition");
	ok(&t, why && strstr(why, "bad.yaml:5:15: a card rule must give a "
	    "colour"), "a rule giving none");
	ok(&t, why && strstr(why, "bad.yaml:6:7: a rule on scale 'total' "
	    "needs 'instrument'"), "a scale without instrument");
	ok(&t, why && strstr(why, "bad.yaml:7:7: 'min' is above 'max'"),
	    "min above max");
	ok(&t, why && strstr(why, "'raise' must be 0 to 3"), "raise 1.5");
	ok(&t, why && strstr(why, "'at_least' red is above 'up_to' blue"),
	    "at_least above up_to");
	ok(&t, why && strstr(why, "bad.yaml:9:3: unknown key 'extra' in cards"),
	    "an unknown key");
	ok(&t, why && !strstr(why, "alerts"), "a reserved section is not "
	    "an error");
	free(why);
	why = NULL;
	free(path);

	/* a rule naming what the instrument does not have */
	path = write_file("nob.yaml", "policy: x\ncards:\n  rules:\n"
	    "    - {color: red, instrument: t, scale: totl, min: 1}\n"
	    "    - {color: red, instrument: t, scale: total, band: huge}\n");
	p = policy_load(path, &why);
	ok(&t, p != NULL, "loads: the instrument is not known yet");
	ok(&t, p && policy_check_instrument(p, in, &why) == -1,
	    "but does not fit it");
	ok(&t, why && strstr(why, "nob.yaml:4: instrument t has no scale "
	    "'totl'"), "no scale");
	ok(&t, why && strstr(why, "nob.yaml:5: scale total of t has no band "
	    "'huge'"), "no band");
	free(why);
	policy_free(p);
	free(path);
	instrument_free(in);
	test_sections(&t);
	test_guardian(&t);

	tap_remove_dir(dir);
	printf("1..%d\n", t.n);
	return t.failed != 0;
}
