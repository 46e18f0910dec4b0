/*
 * Loading the policy and applying its card rules: see policy.h and
 * ph-policy(5).
 */
#include "policy.h"

#include <err.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>

#include "alert_policy.h"
#include "clock.h"
#include "confcheck.h"
#include "diag.h"
#include "norm.h"
#include "readfile.h"
#include "sha256.h"
#include "share.h"
#include "xalloc.h"

static const char *const color_names[] = { "none", "blue", "yellow", "red" };
static const char *const color_zh[] = { "无", "蓝卡", "黄卡", "红卡" };

const char *
card_color_name(int color)
{
	return color >= CARD_NONE && color <= CARD_RED ? color_names[color] :
	    "?";
}

const char *
card_color_zh(int color)
{
	return color >= CARD_NONE && color <= CARD_RED ? color_zh[color] : "?";
}

int
card_color_parse(const char *s, int *color)
{
	static const char *const zh[] = { "无", "蓝", "黄", "红" };

	for (int c = CARD_NONE; c <= CARD_RED; c++) {
		size_t n = strlen(zh[c]);
		if (strcmp(s, color_names[c]) == 0 || strcmp(s, color_zh[c]) == 0 ||
		    (strncmp(s, zh[c], n) == 0 && (s[n] == '\0' ||
		    strcmp(s + n, "卡") == 0 || strcmp(s + n, "色") == 0))) {
			*color = c;
			return 0;
		}
	}
	if (strcmp(s, "green") == 0 || strcmp(s, "绿") == 0 ||
	    strcmp(s, "绿卡") == 0) {
		*color = CARD_NONE;
		return 0;
	}
	return -1;
}

static int
color_of(struct conf_check *k, const struct conf_node *map, const char *key,
    int *out, int required, const char *what)
{
	const struct conf_node *v = conf_get(map, key);

	if (v == NULL) {
		if (required)
			conf_bad(k, map, "%s needs '%s'", what, key);
		return 0;
	}
	if (v->kind != CONF_SCALAR || card_color_parse(v->value, out) != 0) {
		conf_bad(k, v, "'%s' of %s must be red, yellow, blue or none",
		    key, what);
		return -1;
	}
	return 1;
}

/* band: one label or a list of them. */
static void
load_bands(struct conf_check *k, struct card_rule *r,
    const struct conf_node *m)
{
	const struct conf_node *v = conf_get(m, "band");

	if (v == NULL)
		return;
	if (v->kind == CONF_SCALAR) {
		r->bands = xcalloc(1, sizeof(*r->bands));
		r->bands[r->nbands++] = xstrdup(v->value);
	} else if (v->kind == CONF_SEQ && v->n > 0)
		r->bands = conf_texts(k, v, &r->nbands, "'band' must be band "
		    "labels");
	else
		conf_bad(k, v, "'band' must be a band label or a list of them");
}

/* One condition of 'all': an instrument's scale, its limits or bands. */
static void
load_all_condition(struct conf_check *k, struct card_rule *r,
    const struct conf_node *m)
{
	static const char *const keys[] = { "instrument", "scale", "min",
	    "max", "band", NULL };

	r->line = m->line;
	r->min = r->max = NAN;
	r->valid = -1;
	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "a condition of 'all' must be a mapping");
		return;
	}
	conf_only_keys(k, m, "a condition of 'all'", keys);
	r->instrument = conf_text(k, m, "instrument", 1,
	    "a condition of 'all'");
	r->scale = conf_text(k, m, "scale", 1, "a condition of 'all'");
	(void)conf_number(k, m, "min", &r->min, "a condition of 'all'");
	(void)conf_number(k, m, "max", &r->max, "a condition of 'all'");
	load_bands(k, r, m);
	if (isnan(r->min) && isnan(r->max) && r->nbands == 0)
		conf_bad(k, m, "a condition of 'all' needs 'min', 'max' or "
		    "'band'");
	if (!isnan(r->min) && !isnan(r->max) && r->min > r->max)
		conf_bad(k, m, "'min' is above 'max'");
}

/* all: the conditions on several instruments of a rule that reads a
 * person's latest answers; it gives none of its own beside them. */
static void
load_all(struct conf_check *k, struct policy *p, struct card_rule *r,
    const struct conf_node *m, const struct conf_node *all)
{
	static const char *const alone[] = { "instrument", "scale", "min",
	    "max", "band", "critical", "valid", NULL };

	for (size_t i = 0; alone[i] != NULL; i++)
		if (conf_get(m, alone[i]) != NULL)
			conf_bad(k, conf_get(m, alone[i]), "a rule with 'all' "
			    "gives its conditions there, not '%s' beside it",
			    alone[i]);
	if (all->kind != CONF_SEQ || all->n == 0) {
		conf_bad(k, all, "'all' must be a list of conditions");
		return;
	}
	r->all = xcalloc(all->n, sizeof(*r->all));
	for (size_t i = 0; i < all->n; i++)
		load_all_condition(k, &r->all[r->nall++], all->items[i]);
	p->person_rules++;
}

static void
load_rule(struct conf_check *k, struct policy *p, struct card_rule *r,
    const struct conf_node *m)
{
	static const char *const keys[] = { "color", "reason", "instrument",
	    "scale", "min", "max", "band", "critical", "valid", "all", NULL };
	const struct conf_node *v;
	int valid;

	r->line = m->line;
	r->min = r->max = NAN;
	r->valid = -1;
	conf_only_keys(k, m, "a card rule", keys);
	if (color_of(k, m, "color", &r->color, 1, "a card rule") == 1 &&
	    r->color == CARD_NONE)
		conf_bad(k, conf_get(m, "color"), "a card rule must give a "
		    "colour: red, yellow or blue");
	r->reason = conf_text(k, m, "reason", 0, "a card rule");
	if ((v = conf_get(m, "all")) != NULL) {
		load_all(k, p, r, m, v);
		return;
	}
	r->instrument = conf_text(k, m, "instrument", 0, "a card rule");
	r->scale = conf_text(k, m, "scale", 0, "a card rule");
	(void)conf_number(k, m, "min", &r->min, "a card rule");
	(void)conf_number(k, m, "max", &r->max, "a card rule");
	load_bands(k, r, m);
	if ((v = conf_get(m, "critical")) != NULL) {
		if (v->kind == CONF_SCALAR && strcmp(v->value, "answered") == 0)
			r->critical = CRIT_ANSWERED;
		else if (v->kind == CONF_SCALAR &&
		    strcmp(v->value, "unanswered") == 0)
			r->critical = CRIT_UNANSWERED;
		else if (v->kind == CONF_SCALAR && strcmp(v->value, "any") == 0)
			r->critical = CRIT_EITHER;
		else
			conf_bad(k, v, "'critical' must be answered, unanswered "
			    "or any");
	}
	if (conf_flag(k, m, "valid", &valid, "a card rule") == 1)
		r->valid = valid;
	if (r->scale != NULL && r->instrument == NULL)
		conf_bad(k, m, "a rule on scale '%s' needs 'instrument'",
		    r->scale);
	if (r->scale == NULL && (!isnan(r->min) || !isnan(r->max) ||
	    r->nbands > 0))
		conf_bad(k, m, "'min', 'max' and 'band' need 'scale'");
	if (r->scale != NULL && isnan(r->min) && isnan(r->max) &&
	    r->nbands == 0)
		conf_bad(k, m, "a rule on scale '%s' needs 'min', 'max' or "
		    "'band'", r->scale);
	if (!isnan(r->min) && !isnan(r->max) && r->min > r->max)
		conf_bad(k, m, "'min' is above 'max'");
	if (r->scale == NULL && r->critical == CRIT_ANY_RULE && r->valid < 0)
		conf_bad(k, m, "a card rule needs a condition: 'scale', "
		    "'critical' or 'valid'");
}

static void
load_flags(struct conf_check *k, struct policy *p, const struct conf_node *m)
{
	static const char *const keys[] = { "raise", "at_least", "up_to",
	    "only", NULL };
	const struct conf_node *only;
	double raise;

	if (!conf_section(k, m, "flags", keys))
		return;
	if (conf_number(k, m, "raise", &raise, "flags") == 1) {
		if (raise != floor(raise) || raise < 0 || raise > 3)
			conf_bad(k, conf_get(m, "raise"), "'raise' must be 0 to "
			    "3 colours");
		else
			p->flag_raise = (int)raise;
	}
	(void)color_of(k, m, "at_least", &p->flag_at_least, 0, "flags");
	(void)color_of(k, m, "up_to", &p->flag_up_to, 0, "flags");
	if ((only = conf_get(m, "only")) != NULL) {
		p->flag_mask = 0;
		if (only->kind != CONF_SEQ)
			conf_bad(k, only, "'only' must be a list of special "
			    "groups");
		for (size_t i = 0; only->kind == CONF_SEQ && i < only->n; i++) {
			int f;
			char *why = NULL;

			if (only->items[i]->kind != CONF_SCALAR ||
			    norm_flag(only->items[i]->value, &f, &why) != 0)
				conf_bad(k, only->items[i], "%s", why ? why :
				    "not a special group");
			else
				p->flag_mask |= 1u << f;
			free(why);
		}
	}
}

static void
load_cards(struct conf_check *k, struct policy *p, const struct conf_node *m)
{
	static const char *const keys[] = { "rules", "flags", "sticky", NULL };
	const struct conf_node *rules, *flags;

	if (!conf_section(k, m, "cards", keys))
		return;
	if ((rules = conf_need(k, m, "rules", CONF_SEQ, "cards")) != NULL) {
		p->rules = xcalloc(rules->n ? rules->n : 1, sizeof(*p->rules));
		for (size_t i = 0; i < rules->n; i++) {
			if (rules->items[i]->kind != CONF_MAP) {
				conf_bad(k, rules->items[i], "a card rule must be "
				    "a mapping");
				continue;
			}
			load_rule(k, p, &p->rules[p->nrules++], rules->items[i]);
		}
	}
	if ((flags = conf_get(m, "flags")) != NULL)
		load_flags(k, p, flags);
	(void)color_of(k, m, "sticky", &p->sticky, 0, "cards");
}

/* The numbers the other programs plan and report by, from their
 * sections of the file: every key they know, in its range, so that a
 * misspelled key or a nonsense value is refused with its line, not
 * passed over for the default. */
static const struct number_key {
	const char *section, *key;
	double min, max;
	int whole;
	size_t offset;		/* in struct policy_numbers */
	double fallback;	/* when the file does not say */
} number_keys[] = {
#define AT(field) offsetof(struct policy_numbers, field)
	{ "rooms", "day_school_hours", 0, 24, 0, AT(day_school_hours), 2 },
	{ "rooms", "boarding_school_hours", 0, 24, 0,
	    AT(boarding_school_hours), 4 },
	{ "schedule", "counsellor_changes", 0, 100, 1,
	    AT(counsellor_changes), 1 },
	{ "lessons", "every_days", 1, 366, 1, AT(lesson_every_days), 14 },
	{ "lessons", "per_term", 0, 200, 1, AT(lessons_per_term), 9 },
	{ "events", "staff_theme", 0, 1000, 1, AT(staff_theme), 2 },
	{ "events", "staff_lecture", 0, 1000, 1, AT(staff_lecture), 4 },
	{ "events", "counsellor_training", 0, 1000, 1,
	    AT(counsellor_training), 4 },
	{ "reports", "min_cell", 3, 1000, 1, AT(min_cell), 5 },
	{ "reports", "students_per_counsellor", 1, 1000000, 1,
	    AT(students_per_counsellor), 800 },
	{ "reports", "min_counsellors", 0, 1000, 1, AT(min_counsellors), 1 },
#undef AT
};
#define NUMBER_KEYS (sizeof(number_keys) / sizeof(number_keys[0]))

static double *
number_at(struct policy_numbers *n, const struct number_key *nk)
{
	return (double *)(void *)((char *)n + nk->offset);
}

/* One section's numbers, from its first key i: the index past it. */
static size_t
load_section(struct conf_check *k, const struct conf_node *root, size_t i,
    struct policy_numbers *out)
{
	const char *section = number_keys[i].section;
	const struct conf_node *sec = conf_get(root, section), *v;
	const char *known[NUMBER_KEYS + 1];
	size_t n = 0, end = i;
	double x;

	while (end < NUMBER_KEYS && strcmp(number_keys[end].section,
	    section) == 0)
		known[n++] = number_keys[end++].key;
	known[n] = NULL;
	if (sec == NULL || !conf_section(k, sec, section, known))
		return end;
	for (; i < end; i++) {
		const struct number_key *nk = &number_keys[i];

		if ((v = conf_get(sec, nk->key)) == NULL)
			continue;
		if (conf_double(v, &x) != 0 || x < nk->min || x > nk->max ||
		    (nk->whole && x != floor(x)))
			conf_bad(k, v, "%s.%s must be a%s number from %g to %g",
			    section, nk->key, nk->whole ? " whole" : "", nk->min,
			    nk->max);
		else
			*number_at(out, nk) = x;
	}
	return end;
}

static void
default_numbers(struct policy_numbers *out)
{
	for (size_t i = 0; i < NUMBER_KEYS; i++)
		*number_at(out, &number_keys[i]) = number_keys[i].fallback;
}

static void
load_numbers(struct conf_check *k, const struct conf_node *root,
    struct policy_numbers *out)
{
	for (size_t i = 0; i < NUMBER_KEYS; )
		i = load_section(k, root, i, out);
}

/* followups.red.then: the durations after the first talk. */
static void
load_followup_then(struct conf_check *k, struct policy *p,
    const struct conf_node *v)
{
	if (v->kind != CONF_SEQ) {
		conf_bad(k, v, "followups.red.then must be a list of durations");
		return;
	}
	p->nfollowup_then = 0;
	free(p->followup_then);
	p->followup_then = xcalloc(v->n + 1, sizeof(long));
	for (size_t i = 0; i < v->n; i++) {
		long secs;

		if (v->items[i]->kind != CONF_SCALAR ||
		    parse_duration(v->items[i]->value, &secs) != 0)
			conf_bad(k, v->items[i], "followups.red.then: durations "
			    "such as 7d");
		else
			p->followup_then[p->nfollowup_then++] = secs;
	}
}

/* followups: red: {first: school days, then: [durations]} */
static void
load_followups(struct conf_check *k, struct policy *p,
    const struct conf_node *root)
{
	static const char *const keys[] = { "red", NULL };
	static const char *const red_keys[] = { "first", "then", NULL };
	const struct conf_node *f = conf_get(root, "followups"), *red, *v;
	long first;

	if (f == NULL || !conf_section(k, f, "followups", keys) ||
	    (red = conf_get(f, "red")) == NULL ||
	    !conf_section(k, red, "followups.red", red_keys))
		return;
	if ((v = conf_get(red, "first")) != NULL) {
		if (conf_int(v, &first) != 0 || first < 0 || first > 366)
			conf_bad(k, v, "followups.red.first must be a number "
			    "of school days from 0 to 366");
		else
			p->followup_first = first;
	}
	if ((v = conf_get(red, "then")) != NULL)
		load_followup_then(k, p, v);
}

/* tiers: {supersede: raise|true|false}: whether a follow-on campaign's
 * card stands for the people it covers in the campaign it follows: only
 * when higher (a second instrument that finds nothing does not clear
 * what the first found), always, or never. */
static void
load_tiers(struct conf_check *k, struct policy *p,
    const struct conf_node *root)
{
	static const char *const keys[] = { "supersede", NULL };
	static const char *const words[] = { "false", "true", "raise" };
	const struct conf_node *t = conf_get(root, "tiers"), *v;

	if (t == NULL || !conf_section(k, t, "tiers", keys) ||
	    (v = conf_get(t, "supersede")) == NULL)
		return;
	for (int i = 0; i < 3; i++)
		if (v->kind == CONF_SCALAR && strcmp(v->value, words[i]) == 0) {
			p->tier_supersede = i;
			return;
		}
	conf_bad(k, v, "'supersede' of tiers must be raise, true or false");
}

/* What a policy is before its file is read: every default. */
static struct policy *
policy_new(const char *path)
{
	static const long then[] = { 7 * 86400, 30 * 86400, 90 * 86400 };
	struct policy *p = xcalloc(1, sizeof(*p));

	p->path = path != NULL ? xstrdup(path) : NULL;
	p->flag_up_to = CARD_RED;
	p->flag_mask = (1u << FLAG_COUNT) - 1;
	p->sticky = CARD_RED;
	default_numbers(&p->numbers);
	validity_rules_default(&p->validity);
	p->followup_first = 3;
	p->tier_supersede = TIER_RAISE;
	p->nfollowup_then = sizeof(then) / sizeof(then[0]);
	p->followup_then = xcalloc(p->nfollowup_then, sizeof(long));
	memcpy(p->followup_then, then, sizeof(then));
	return p;
}

struct policy *
policy_defaults(void)
{
	return policy_new(NULL);
}

/* Every section of the tree root into p. */
static void
parse_policy(struct conf_check *k, struct policy *p,
    const struct conf_node *root)
{
	static const char *const keys[] = { "policy", "version", "cards",
	    "alerts", "keywords", "routing", "rooms", "followups", "lessons",
	    "events", "schedule", "reports", "tiers", "validity", NULL };
	const struct conf_node *v;

	if (root->kind != CONF_MAP) {
		conf_bad(k, root, "a policy must be a mapping");
		return;
	}
	conf_only_keys(k, root, "the policy", keys);
	p->name = conf_text(k, root, "policy", 1, "the policy");
	if ((v = conf_need(k, root, "cards", CONF_MAP, "the policy")) != NULL)
		load_cards(k, p, v);
	load_numbers(k, root, &p->numbers);
	load_followups(k, p, root);
	load_tiers(k, p, root);
	if ((v = conf_get(root, "validity")) != NULL)
		validity_rules_load(k, v, &p->validity);
	if (p->flag_at_least > p->flag_up_to)
		conf_bad(k, root, "flags: 'at_least' %s is above 'up_to' %s",
		    card_color_name(p->flag_at_least),
		    card_color_name(p->flag_up_to));
	p->alerts = alert_policy_parse(k, root, p->path, p->sha256);
}

struct policy *
policy_load(const char *path, char **err)
{
	struct policy *p;
	char *text;
	size_t len = 0;

	*err = NULL;
	if ((text = readfile(path, &len)) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	p = policy_load_text(path, text, len, err);
	free(text);
	return p;
}

struct policy *
policy_load_text(const char *path, const char *text, size_t len, char **err)
{
	struct conf_check k = { path, {0}, 0 };
	struct policy *p;
	struct conf_node *root;
	char hex[65];

	*err = NULL;
	if ((root = conf_load_string(text, len, path, err)) == NULL)
		return NULL;
	sha256_bytes(text, len, hex);
	p = policy_new(path);
	p->sha256 = xstrdup(hex);
	parse_policy(&k, p, root);
	conf_free(root);
	if (conf_check_finish(&k, err) != 0) {
		policy_free(p);
		return NULL;
	}
	return p;
}

static void
free_rule(struct card_rule *r)
{
	free(r->reason);
	free(r->instrument);
	free(r->scale);
	for (size_t b = 0; b < r->nbands; b++)
		free(r->bands[b]);
	free(r->bands);
	for (size_t i = 0; i < r->nall; i++)
		free_rule(&r->all[i]);
	free(r->all);
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		free_rule(&p->rules[i]);
	free(p->rules);
	free(p->followup_then);
	alert_policy_free(p->alerts);
	FREE_ALL(p->path, p->sha256, p->name, p);
}

char *
policy_find(const char *given)
{
	const char *env = getenv("PH_POLICY");
	char **dirs, *found;

	if (given != NULL)
		return xstrdup(given);
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	dirs = share_dirs(NULL);
	found = share_find(dirs, "policy.yaml");
	share_dirs_free(dirs);
	return found;
}

/* Whether the scale and bands rule r names are instrument in's; any
 * that is not is added to why. */
static void
check_rule_scale(const struct policy *p, const struct card_rule *r,
    const struct instrument *in, struct buf *why)
{
	long sc;

	if (r->scale == NULL || r->instrument == NULL ||
	    strcmp(r->instrument, in->id) != 0)
		return;
	if ((sc = instrument_scale_index(in, r->scale)) < 0) {
		buf_printf(why, "%s%s:%zu: instrument %s has no scale '%s'",
		    why->len ? "\n" : "", p->path, r->line, in->id, r->scale);
		return;
	}
	for (size_t b = 0; b < r->nbands; b++) {
		const struct scale *s = &in->scales[sc];
		int known = 0;
		for (size_t j = 0; j < s->nbands && !known; j++)
			known = strcmp(s->bands[j].label, r->bands[b]) == 0;
		if (!known)
			buf_printf(why, "%s%s:%zu: scale %s of %s has no band "
			    "'%s'", why->len ? "\n" : "", p->path, r->line,
			    r->scale, in->id, r->bands[b]);
	}
}

int
policy_check_instrument(const struct policy *p, const struct instrument *in,
    char **err)
{
	struct buf why = {0};

	for (size_t i = 0; i < p->nrules; i++) {
		check_rule_scale(p, &p->rules[i], in, &why);
		for (size_t j = 0; j < p->rules[i].nall; j++)
			check_rule_scale(p, &p->rules[i].all[j], in, &why);
	}
	if (why.len == 0)
		return 0;
	*err = buf_take(&why);
	return -1;
}

/* Whether rule r holds for response s; *sc the scale it looked at. */
static int
rule_holds(const struct card_rule *r, const struct instrument *in,
    const struct score_result *s, long *sc)
{
	*sc = -1;
	/* a rule on several instruments is the person's, not a response's */
	if (r->nall > 0)
		return 0;
	if (r->instrument != NULL && strcmp(r->instrument, in->id) != 0)
		return 0;
	if (r->valid >= 0 && r->valid != s->valid)
		return 0;
	switch (r->critical) {
	case CRIT_ANSWERED:
		if (s->critical_answered == 0)
			return 0;
		break;
	case CRIT_UNANSWERED:
		if (s->critical_unanswered == 0)
			return 0;
		break;
	case CRIT_EITHER:
		if (s->critical_answered + s->critical_unanswered == 0)
			return 0;
		break;
	default:
		break;
	}
	if (r->scale != NULL) {
		const struct scale_result *res;
		int in_band = r->nbands == 0;

		if ((*sc = instrument_scale_index(in, r->scale)) < 0)
			return 0;
		res = &s->scales[*sc];
		/* a score not known but certain to lie in lo..hi holds a
		 * limit only when every score there does */
		if (res->scored) {
			if (!isnan(r->min) && res->value < r->min)
				return 0;
			if (!isnan(r->max) && res->value > r->max)
				return 0;
		} else if (res->ranged) {
			if (!isnan(r->min) && res->lo < r->min)
				return 0;
			if (!isnan(r->max) && res->hi > r->max)
				return 0;
		} else
			return 0;
		for (size_t b = 0; b < r->nbands && !in_band; b++)
			in_band = res->band != NULL &&
			    strcmp(res->band, r->bands[b]) == 0;
		if (!in_band)
			return 0;
	}
	return 1;
}

/* Why rule r gave its colour, in words a counsellor reads: the rule's own
 * reason with what it saw ("PHQ-9 重度 (phq9 total=21)"). */
static void
rule_reason(const struct card_rule *r, const struct instrument *in,
    const struct score_result *s, long sc, struct buf *out)
{
	char v[32];

	/* no printf: most of a screening's cards are given here */
	if (out->len > 0)
		buf_puts(out, "; ");
	if (r->reason != NULL)
		buf_puts(out, r->reason);
	if (sc >= 0) {
		const struct scale_result *res = &s->scales[sc];

		score_format(res->scored ? res->value : res->lo, v);
		buf_puts(out, r->reason ? " (" : "");
		buf_puts(out, in->id);
		buf_putc(out, ' ');
		buf_puts(out, r->scale);
		buf_putc(out, '=');
		buf_puts(out, v);
		if (!res->scored) {
			/* items missing, the band certain: the scores it
			 * could have, "21-27" */
			score_format(res->hi, v);
			buf_putc(out, '-');
			buf_puts(out, v);
		}
		if (res->band_zh != NULL && r->reason == NULL) {
			buf_putc(out, ' ');
			buf_puts(out, res->band_zh);
		}
		if (r->reason)
			buf_putc(out, ')');
	} else if (r->critical != CRIT_ANY_RULE && s->critical != NULL) {
		/* what the items say is kept with the response (critical_note)
		 * and shown beside the card, not copied a million times */
		buf_puts(out, r->reason ? " (" : "");
		buf_puts(out, s->critical);
		if (r->reason)
			buf_putc(out, ')');
	} else if (r->valid == 0 && s->reason != NULL) {
		buf_puts(out, r->reason ? ": " : "");
		buf_puts(out, in->id);
		buf_putc(out, ' ');
		buf_puts(out, s->reason);
	} else if (r->reason == NULL)
		buf_puts(out, in->id);
}

int
policy_response_color(const struct policy *p, const struct instrument *in,
    const struct score_result *s, struct buf *reasons)
{
	int color = CARD_NONE;
	long sc;

	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].color > color &&
		    rule_holds(&p->rules[i], in, s, &sc))
			color = p->rules[i].color;
	if (color == CARD_NONE)
		return color;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].color == color &&
		    rule_holds(&p->rules[i], in, s, &sc))
			rule_reason(&p->rules[i], in, s, sc, reasons);
	return color;
}

/* Whether condition r of a rule with 'all' holds for the person; what
 * it saw appended to what ("phq9 total=12 moderate"). */
static int
person_condition(const struct card_rule *r, policy_score_fn scores,
    void *ctx, struct buf *what)
{
	const char *band = NULL;
	int in_band = r->nbands == 0;
	double v;
	char num[32];

	if (scores(ctx, r->instrument, r->scale, &v, &band) != 0)
		return 0;
	/* a scale not scored (items missing) is known by its band alone */
	if (isnan(v) && (!isnan(r->min) || !isnan(r->max)))
		return 0;
	if ((!isnan(r->min) && v < r->min) || (!isnan(r->max) && v > r->max))
		return 0;
	for (size_t b = 0; b < r->nbands && !in_band; b++)
		in_band = band != NULL && strcmp(band, r->bands[b]) == 0;
	if (!in_band)
		return 0;
	buf_printf(what, "%s%s %s=", what->len ? "; " : "", r->instrument,
	    r->scale);
	if (isnan(v))
		buf_puts(what, "?");
	else {
		score_format(v, num);
		buf_puts(what, num);
	}
	if (band != NULL)
		buf_printf(what, " %s", band);
	return 1;
}

/* Whether every condition of rule r holds; what they saw in what. */
static int
person_rule_holds(const struct card_rule *r, policy_score_fn scores,
    void *ctx, struct buf *what)
{
	buf_reset(what);
	for (size_t i = 0; i < r->nall; i++)
		if (!person_condition(&r->all[i], scores, ctx, what))
			return 0;
	return r->nall > 0;
}

int
policy_person_color(const struct policy *p, policy_score_fn scores,
    void *ctx, struct buf *reasons)
{
	struct buf what = {0};
	int color = CARD_NONE;

	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].color > color &&
		    person_rule_holds(&p->rules[i], scores, ctx, &what))
			color = p->rules[i].color;
	for (size_t i = 0; color != CARD_NONE && i < p->nrules; i++) {
		const struct card_rule *r = &p->rules[i];

		if (r->color != color || !person_rule_holds(r, scores, ctx,
		    &what))
			continue;
		buf_puts(reasons, reasons->len ? "; " : "");
		if (r->reason != NULL)
			buf_printf(reasons, "%s (%s)", r->reason, buf_str(&what));
		else
			buf_puts(reasons, buf_str(&what));
	}
	buf_free(&what);
	return color;
}

int
policy_adjust(const struct policy *p, int color, unsigned flags,
    int held, const char *held_where, struct buf *reasons)
{
	unsigned counted = flags & p->flag_mask;

	if (counted != 0) {
		int raised = color + p->flag_raise;

		if (raised < p->flag_at_least)
			raised = p->flag_at_least;
		if (raised > p->flag_up_to)
			raised = p->flag_up_to;
		if (raised > color) {
			buf_puts(reasons, reasons->len ? "; " : "");
			buf_puts(reasons, "重点关注");
			for (int f = 0; f < FLAG_COUNT; f++)
				if (counted & (1u << f))
					buf_printf(reasons, " %s",
					    norm_flag_zh(f));
			buf_printf(reasons, ": %s升为%s", card_color_zh(color),
			    card_color_zh(raised));
			color = raised;
		}
	}
	if (p->sticky != CARD_NONE && held >= p->sticky && held > color) {
		buf_printf(reasons, "%s%s保留 (%s)，直至咨询老师以 card set 调整",
		    reasons->len ? "; " : "", card_color_zh(held),
		    held_where ? held_where : "");
		color = held;
	}
	return color;
}

