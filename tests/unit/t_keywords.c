/*
 * Keyword rules: the shipped list both ways (each phrasing hits the right
 * rule and card, each false friend hits nothing), unless patterns, the
 * card and reasons a hit gives, failing closed at match time, and
 * patterns refused at load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert_policy.h"
#include "buf.h"
#include "policy.h"
#include "tap.h"

static char dir[] = "/tmp/ph-t_keywords-XXXXXX";

static char *
write_file(const char *name, const char *text)
{
	return tap_write_file(dir, name, text);
}

/* Messages, one a line, as TAP comments. */
static void
diag(const char *s)
{
	while (s != NULL && *s != '\0') {
		size_t n = strcspn(s, "\n");

		printf("# %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

/* The shipped policy: $PH_SHARE's, else the tree's (tests run from the
 * top of it). */
static char *
shipped_policy(void)
{
	const char *share = getenv("PH_SHARE");
	char *path;

	if (share != NULL && *share != '\0') {
		if (asprintf(&path, "%s/policy.yaml", share) < 0)
			exit(1);
		return path;
	}
	return strdup("share/ph/policy.yaml");
}

/* The id of the first rule hitting text, or "-". */
static const char *
first_hit(const struct alert_policy *p, const char *text)
{
	long k = alert_keyword_match(p, text, 0);

	return k < 0 ? "-" : p->keywords[k].id;
}

/* The colour name of the card text gets. */
static const char *
card_of(const struct alert_policy *p, const char *text)
{
	struct buf r = {0};
	int color = alert_keyword_card(p, text, &r);

	buf_free(&r);
	return card_color_name(color);
}

struct phrase {
	const char *text, *rule, *color;
};

/* Each phrasing of issue 14 and a few more, with the rule it hits. */
static const struct phrase hits[] = {
	{ "我真的不想活了", "suicide", "red" },
	{ "感觉活不下去了", "suicide", "red" },
	{ "想一了百了", "suicide", "red" },
	{ "我死了算了", "suicide", "red" },
	{ "每天都生无可恋", "suicide", "red" },
	{ "好想消失", "suicide", "red" },
	{ "我快撑不下去了", "suicide", "red" },
	{ "我已经写了遗书", "suicide", "red" },
	{ "想从楼上跳下去", "suicide", "red" },
	{ "想吃安眠药睡过去再也不醒", "suicide", "red" },
	{ "活着没意思，想结束自己的生命", "suicide", "red" },
	{ "想死", "suicide", "red" },
	{ "活着好累", "suicide", "red" },
	{ "真想从这个世界上消失", "suicide", "red" },
	{ "想死你了，可我真的想死", "suicide", "red" },
	{ "I want to kill myself", "suicide", "red" },
	{ "I don't want to live anymore", "suicide", "red" },
	{ "SUICIDAL thoughts", "suicide", "red" },
	{ "用刀划伤自己", "self_harm", "red" },
	{ "昨晚又割腕了", "self_harm", "red" },
	{ "在手臂上划了好几道", "self_harm", "red" },
	{ "I want to cut myself", "self_harm", "red" },
	{ "被同学打了", "bullied", "yellow" },
	{ "最近总是被人欺负，不想上学", "bullied", "yellow" },
	{ "他们总是打我", "bullied", "yellow" },
	{ "被班上几个男生打得很惨", "bullied", "yellow" },
	{ "大家都孤立我", "bullied", "yellow" },
	{ "被勒索了零花钱", "bullied", "yellow" },
	{ "班上的人嘲笑我", "bullied", "yellow" },
	{ "有人抢我的钱", "bullied", "yellow" },
	{ "I was bullied at school", "bullied", "yellow" },
};

/* False friends: none of these hits anything. */
static const char *const misses[] = {
	"不想活动", "想死你了", "可想死我了", "笑死我了", "饿死了", "热死了",
	"累死了", "烦死了", "吓死我了", "打死也不说", "跳楼价大甩卖",
	"历史课讲了自杀式袭击", "不想活成父母的样子", "从楼梯上跳下来",
	"狼人杀里发表遗言", "一直在划手机", "打自己的脸", "被打扰了",
	"被这部电影打动了", "被他打败了", "今天被护士打了一针", "勒索病毒",
	"班会讲了预防校园欺凌", "他打我电话没接", "今天上课很认真",
	"被老师打分", "比赛被打成平局", "今天干活得很累", "早上不想醒来",
	"被选为班长打扫卫生",
	"I'm dying to see it", "",
};

/* The alerts section of a policy file, read whole as the programs read
 * it, kept when the rest is freed. */
static struct alert_policy *
alerts_of_file(const char *path, char **err)
{
	struct policy *whole = policy_load(path, err);
	struct alert_policy *a;

	if (whole == NULL)
		return NULL;
	a = whole->alerts;
	whole->alerts = NULL;
	policy_free(whole);
	return a;
}

static void
test_shipped(struct tap *t)
{
	char *path = shipped_policy(), *err = NULL, what[256];
	struct alert_policy *p = alerts_of_file(path, &err);
	struct buf r = {0};

	if (!ok(t, p != NULL, "the shipped policy loads")) {
		printf("# %s\n", path);
		diag(err);
		free(err);
		free(path);
		return;
	}
	ok(t, p->any_keyword != NULL,
	    "the shipped rules are tried all at once first");
	for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
		snprintf(what, sizeof(what), "'%s' hits %s", hits[i].text,
		    hits[i].rule);
		is_str(t, first_hit(p, hits[i].text), hits[i].rule, what);
		snprintf(what, sizeof(what), "'%s' gives a %s card",
		    hits[i].text, hits[i].color);
		is_str(t, card_of(p, hits[i].text), hits[i].color, what);
	}
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		snprintf(what, sizeof(what), "'%s' hits nothing", misses[i]);
		is_str(t, first_hit(p, misses[i]), "-", what);
		snprintf(what, sizeof(what), "'%s' gives no card", misses[i]);
		is_str(t, card_of(p, misses[i]), "none", what);
	}

	/* every rule hit, the highest card, each reason once */
	buf_puts(&r, "PHQ-9 重度");
	is_int(t, alert_keyword_card(p, "被同学打了，不想活了", &r), CARD_RED,
	    "suicide and bullying: red");
	is_str(t, buf_str(&r), "PHQ-9 重度; 流露轻生念头; 可能遭受欺凌",
	    "the reasons of both, after those there");
	is_int(t, alert_keyword_card(p, "还是不想活了", &r), CARD_RED,
	    "a second cell");
	is_str(t, buf_str(&r), "PHQ-9 重度; 流露轻生念头; 可能遭受欺凌",
	    "a reason there already is not repeated");
	buf_free(&r);
	is_int(t, alert_keyword_card(p, "被同学打了", &r), CARD_YELLOW,
	    "bullying alone: yellow");
	is_str(t, buf_str(&r), "可能遭受欺凌", "its reason");
	buf_free(&r);

	/* rule by rule, as ph-alert raises them */
	is_int(t, alert_keyword_match(p, "被同学打了，不想活了", 0), 0,
	    "first the suicide rule");
	is_int(t, alert_keyword_match(p, "被同学打了，不想活了", 1), 2,
	    "then, from the next rule on, bullying");
	is_int(t, alert_keyword_match(p, "被同学打了，不想活了", 3), -1,
	    "then none");
	is_int(t, alert_keyword_match(p, "不想活了", 1), -1,
	    "from rule 1 on, a suicide text hits nothing");

	/* text that is not UTF-8 is still searched, and is no hit by itself */
	is_str(t, first_hit(p, "\xff\xfe不想活了"), "suicide",
	    "invalid UTF-8 before a hit: still a hit");
	is_str(t, first_hit(p, "\xb2\xbb\xcf\xeb\xd2\xaa"), "-",
	    "GBK bytes alone: no hit, no error taken for one");
	alert_policy_free(p);
	free(path);
}

/* The alerts of a policy with no card rules and the keyword rules given,
 * written to name; NULL and *err when refused. */
static struct alert_policy *
load(const char *name, const char *rules, char **err)
{
	static const char head[] = "policy: t\ncards: {rules: []}\n"
	    "alerts:\n  keywords:\n";
	char *path, *yaml;
	struct alert_policy *p;

	if (asprintf(&yaml, "%s%s", head, rules) < 0)
		exit(1);
	path = write_file(name, yaml);
	free(yaml);
	*err = NULL;
	p = alerts_of_file(path, err);
	free(path);
	return p;
}

/* load, and ok that it loads (what); NULL after saying why not. */
static struct alert_policy *
loads(struct tap *t, const char *name, const char *rules, const char *what)
{
	char *err;
	struct alert_policy *p = load(name, rules, &err);

	if (!ok(t, p != NULL, what))
		diag(err);
	free(err);
	return p;
}

static void
test_rules(struct tap *t)
{
	struct alert_policy *p;
	struct buf r = {0};

	p = loads(t, "rules.yaml",
	    "    - {id: plain, pattern: 'a(p)ple', reason: A}\n"
	    "    - id: listed\n"
	    "      color: blue\n"
	    "      reason: B\n"
	    "      pattern: [pear, plum]\n"
	    "      unless: [pearl, 'plump(er)?']\n"
	    "    - {id: quiet, pattern: kiwi, reason: K, color: none}\n"
	    "    - {id: backref, pattern: '(x)\\1', reason: X}\n"
	    "    - {id: fig, pattern: fig, reason: F, unless: 'fig tree'}\n",
	    "a policy of test rules loads");
	if (p == NULL)
		return;
	is_int(t, p->keywords[0].color, CARD_RED, "no colour: red");
	is_int(t, p->keywords[1].color, CARD_BLUE, "color: blue");
	is_int(t, p->keywords[2].color, CARD_NONE, "color: none");
	is_str(t, first_hit(p, "an apple"), "plain", "a plain rule hits");
	is_str(t, first_hit(p, "a plum"), "listed", "a pattern of a list hits");
	is_str(t, first_hit(p, "a pearl"), "-", "within an unless: no hit");
	is_str(t, first_hit(p, "plumper"), "-", "within another unless");
	is_str(t, first_hit(p, "a pearl and a pear"), "listed",
	    "a later match outside every unless hits");
	is_str(t, first_hit(p, "pea rl"), "-", "no match at all");
	ok(t, p->any_keyword == NULL, "with a back-reference, rule by rule");
	is_str(t, first_hit(p, "xx"), "backref",
	    "a back-reference means the same beside other rules");
	is_str(t, first_hit(p, "x y"), "-", "and only that");
	is_str(t, first_hit(p, "the fig tree"), "-", "a scalar unless");
	is_str(t, first_hit(p, "fig"), "fig", "outside it");
	is_str(t, first_hit(p, "kiwi"), "quiet", "a colourless rule hits");
	is_int(t, alert_keyword_card(p, "kiwi", &r), CARD_NONE,
	    "but gives no card");
	is_str(t, buf_str(&r), "", "nor a reason");
	is_int(t, alert_keyword_card(p, "kiwi and pear", &r), CARD_BLUE,
	    "blue beside it");
	is_str(t, buf_str(&r), "B", "with its reason alone");
	buf_free(&r);
	alert_policy_free(p);
}

/* A pattern that fails at match time hits: it is never silence. */
static void
test_fail_closed(struct tap *t)
{
	struct alert_policy *p;
	struct buf r = {0};
	char long_a[64];
	pcre2_match_data *md;
	int rc;

	memset(long_a, 'a', 40);
	strcpy(long_a + 40, "!");
	p = loads(t, "limit.yaml",
	    "    - {id: calm, pattern: zebra, reason: Z}\n"
	    "    - {id: greedy, pattern: '(a+)+$', reason: G, color: yellow}\n"
	    "    - {id: shy, pattern: '!', reason: S, unless: '(?:a+)+b|a!'}\n",
	    "a policy with a backtracking pattern loads");
	if (p == NULL)
		return;
	/* the premise: this text makes PCRE2 give up on the pattern */
	md = pcre2_match_data_create(1, NULL);
	rc = pcre2_match(p->keywords[1].re, (PCRE2_SPTR)long_a,
	    PCRE2_ZERO_TERMINATED, 0, 0, md, p->keyword_ctx);
	is_int(t, rc, PCRE2_ERROR_MATCHLIMIT, "the match limit is reached");
	rc = pcre2_match(p->any_keyword, (PCRE2_SPTR)long_a,
	    PCRE2_ZERO_TERMINATED, 0, 0, md, p->keyword_ctx);
	is_int(t, rc, PCRE2_ERROR_MATCHLIMIT, "by all the rules at once too");
	pcre2_match_data_free(md);
	is_str(t, first_hit(p, long_a), "greedy",
	    "a rule that reaches the limit hits");
	is_int(t, alert_keyword_card(p, long_a, &r), CARD_RED,
	    "and gives its card, beside the other that hits");
	is_str(t, buf_str(&r), "G; S", "both reasons");
	buf_free(&r);
	is_str(t, first_hit(p, "aaa b"), "-", "a short text: no hit");
	/* the unless would cover the '!' (a!) if it could get there */
	is_int(t, alert_keyword_match(p, "a!", 2), -1,
	    "an unless that covers: no hit");
	is_int(t, alert_keyword_match(p, long_a, 2), 2,
	    "an unless that reaches the limit covers nothing");
	alert_policy_free(p);
}

static void
test_refused(struct tap *t)
{
	static const struct {
		const char *error, *what;
	} refusals[] = {
		{ "/bad.yaml:7:23: pattern at offset 1: missing closing "
		    "parenthesis",
		    "a pattern of a list that does not compile: file:line:col" },
		{ "/bad.yaml:8:15: unless pattern at offset 2: missing "
		    "terminating ] for character class",
		    "an unless pattern that does not compile: file:line:col" },
		{ "/bad.yaml:9:24: pattern matches empty text: every answer "
		    "would hit", "a pattern that matches empty text" },
		{ "/bad.yaml:9:48: 'color' of a keyword rule must be red, "
		    "yellow, blue or none", "a colour that is none of them" },
		{ "/bad.yaml:10:28: a pattern in a list cannot use "
		    "back-references", "a back-reference in a list" },
		{ "/bad.yaml:11:7: a keyword rule needs 'pattern'",
		    "no pattern" },
	};
	struct alert_policy *p;
	char *err;

	p = load("bad.yaml",
	    "    - id: a\n"
	    "      reason: x\n"
	    "      pattern: ['ok', '(']\n"
	    "      unless: '[z'\n"
	    "    - {id: b, pattern: 'x|', reason: x, color: purple}\n"
	    "    - {id: c, pattern: [a, '(q)\\1'], reason: x}\n"
	    "    - {id: d, reason: x}\n",
	    &err);
	ok(t, p == NULL, "a policy with bad patterns is refused");
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		ok(t, err != NULL && strstr(err, refusals[i].error) != NULL,
		    refusals[i].what);
	if (t->failed > 0)
		diag(err);
	free(err);
}

int
main(void)
{
	static tap_test *const tests[] = {
	    test_shipped, test_rules, test_fail_closed, test_refused
	};

	return tap_run_in(dir, tests, sizeof(tests) / sizeof(*tests));
}
