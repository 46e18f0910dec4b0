/*
 * The alerts section of the policy: see alert_policy.h.
 */
#include "alert_policy.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "confcheck.h"
#include "mail.h"
#include "policy.h"
#include "xalloc.h"

/* Roles of ph-intake(1) a level may name. */
static const char *const known_roles[] = { "class_teacher", "monitor",
    "counsellor", "grade_head", "leader", "union_officer", "dorm_supervisor",
    "department_head", NULL };

static const char default_full_subject[] =
    "【心理预警】{name}（{id}，{unit}）：{reason}";
static const char default_full_body[] =
    "{name}（{id}，{unit}）需要关注。\n"
    "原因：{reason}\n"
    "详情：{detail}\n"
    "监护人：{guardian}\n"
    "预警 {alert}，第 {level} 级，确认期限：{due}。确认：\n"
    "  ph-alert ack {alert} --by 您的姓名\n";
static const char default_brief_subject[] = "【请关注】{unit} {name}";
static const char default_brief_body[] =
    "{unit}的{name}（{id}）近期需要关注，请尽快与心理老师{counsellor}"
    "联系，了解如何跟进。\n"
    "本消息涉及学生隐私，请勿转发或向他人透露。\n"
    "预警 {alert}，确认期限：{due}。确认：ph-alert ack {alert} --by "
    "您的姓名\n";
static const char en_full_subject[] =
    "[ph alert] {name} ({id}, {unit}): {reason}";
static const char en_full_body[] =
    "{name} ({id}, {unit}) needs attention.\n"
    "Reason: {reason}\n"
    "Detail: {detail}\n"
    "Guardians: {guardian}\n"
    "Alert {alert}, level {level}, to acknowledge by {due}:\n"
    "  ph-alert ack {alert} --by YOUR-NAME\n";
static const char en_brief_subject[] = "[please see] {name}, {unit}";
static const char en_brief_body[] =
    "{name} ({id}, {unit}) needs attention soon. Please talk to the "
    "counsellor, {counsellor}, about how to follow up.\n"
    "This concerns a pupil's privacy: do not forward it.\n"
    "Alert {alert}, to acknowledge by {due}: ph-alert ack {alert} --by "
    "YOUR-NAME\n";
static const char en_case_subject[] = "[ph case] {name} ({id}): {reason}";
static const char en_case_body[] =
    "Case {alert} ({name}, {id}, {unit}): {reason}, due by {due}.\n";
static const char default_reminder_full_subject[] =
    "【预约提醒】{time} {name}（{id}）";
static const char default_reminder_full_body[] =
    "{time} 在{room}：{name}（{id}，{unit}）的心理辅导预约（{appt}）。\n";
static const char default_reminder_brief_subject[] = "【请协助】{time} {name}";
static const char default_reminder_brief_body[] =
    "请于 {time} 让{unit}的{name}（{id}）到{room}，心理老师{counsellor}。"
    "\n本消息涉及学生隐私，请勿转发或向他人透露。\n";
static const char en_reminder_full_subject[] =
    "[appointment] {time} {name} ({id})";
static const char en_reminder_full_body[] =
    "{time} in {room}: appointment {appt} with {name} ({id}, {unit}).\n";
static const char en_reminder_brief_subject[] = "[please help] {time} {name}";
static const char en_reminder_brief_body[] =
    "Please let {name} ({id}, {unit}) go to {room} at {time}, to see "
    "{counsellor}.\nThis concerns a pupil's privacy: do not forward it.\n";
/* anything else ph-schedule remind queues: a group session, a lesson, an
 * event, a follow-up falling due */
static const char default_reminder_event_subject[] = "【日程提醒】{time} {what}";
static const char default_reminder_event_body[] =
    "{what}\n时间：{time}{room}\n";
static const char en_reminder_event_subject[] = "[reminder] {time} {what}";
static const char en_reminder_event_body[] = "{what}\nWhen: {time}{room}\n";
/* to a guardian: who the pupil is and whom to call, never why */
static const char default_guardian_subject[] = "【家校沟通】请与学校联系：{name}";
static const char default_guardian_body[] =
    "{to}您好：\n"
    "关于{name}（{unit}）近期在校的情况，学校心理老师希望尽快与您沟通。"
    "请联系：{counsellor}。\n"
    "本消息涉及学生隐私，请勿转发。\n";
static const char en_guardian_subject[] =
    "[school] please contact us about {name}";
static const char en_guardian_body[] =
    "Dear {to},\n"
    "The school's counsellor would like to talk with you soon about {name} "
    "({unit}). Please call {counsellor}.\n"
    "This concerns your child's privacy: please do not forward it.\n";
/* the reminders a recipient has not been sent yet, together */
static const char default_digest_subject[] = "【日程提醒】{count} 项提醒";
static const char default_digest_body[] = "{items}";
static const char en_digest_subject[] = "[reminders] {count} reminders";
static const char en_digest_body[] = "{items}";
static const char default_case_subject[] =
    "【个案提醒】{name}（{id}）：{reason}";
static const char default_case_body[] =
    "个案 {alert}（{name}，{id}，{unit}）：{reason}，应于 {due} 前完成。\n";

/* 'guardian' in a list of roles: kept when guardians may be there (1),
 * else refused, saying where the family is told. */
static int
guardian_role(struct conf_check *k, const struct conf_node *r, int allowed,
    const char *what)
{
	if (allowed)
		return 1;
	conf_bad(k, r, "'guardian' in %s: the family is told from a case "
	    "step ({step: guardian_contacted, within: 24h, notify: "
	    "[guardian]}), not the moment an alert is raised; "
	    "'guardian_in_levels: true' allows it", what);
	return 0;
}

static char **
role_list(struct conf_check *k, const struct conf_node *v, size_t *n,
    const char *what, int guardian_allowed)
{
	char **roles;

	*n = 0;
	if (v == NULL || v->kind != CONF_SEQ || v->n == 0) {
		conf_bad(k, v, "%s must be a list of roles", what);
		return NULL;
	}
	roles = xcalloc(v->n, sizeof(*roles));
	for (size_t i = 0; i < v->n; i++) {
		const struct conf_node *r = v->items[i];
		int known = 0;

		for (size_t j = 0; r->kind == CONF_SCALAR && known_roles[j] &&
		    !known; j++)
			known = strcmp(r->value, known_roles[j]) == 0;
		if (!known && r->kind == CONF_SCALAR &&
		    strcmp(r->value, "guardian") == 0) {
			if (guardian_role(k, r, guardian_allowed, what))
				roles[(*n)++] = xstrdup(r->value);
		} else if (!known)
			conf_bad(k, r, "unknown role in %s (known: class_teacher, "
			    "monitor, counsellor, grade_head, leader, "
			    "union_officer, dorm_supervisor, department_head)",
			    what);
		else
			roles[(*n)++] = xstrdup(r->value);
	}
	return roles;
}

static long
duration(struct conf_check *k, const struct conf_node *m, const char *key,
    const char *what)
{
	const struct conf_node *v = conf_get(m, key);
	long s = 0;

	if (v == NULL || v->kind != CONF_SCALAR ||
	    parse_duration(v->value, &s) != 0 || s == 0) {
		conf_bad(k, v ? v : m, "%s needs '%s', a duration such as 24h, "
		    "3d or 30m", what, key);
		return 0;
	}
	return s;
}

static struct alert_level *
load_levels(struct conf_check *k, const struct conf_node *v, size_t *n,
    int guardian_allowed)
{
	static const char *const keys[] = { "roles", "within", NULL };
	struct alert_level *levels;

	*n = 0;
	if (v->kind != CONF_SEQ || v->n == 0) {
		conf_bad(k, v, "levels must be a list of {roles, within}");
		return NULL;
	}
	levels = xcalloc(v->n, sizeof(*levels));
	for (size_t i = 0; i < v->n; i++) {
		const struct conf_node *m = v->items[i];
		struct alert_level *l = &levels[(*n)++];

		if (m->kind != CONF_MAP) {
			conf_bad(k, m, "a level must be a mapping");
			continue;
		}
		conf_only_keys(k, m, "a level", keys);
		l->roles = role_list(k, conf_get(m, "roles"), &l->nroles,
		    "a level's roles", guardian_allowed);
		l->within = duration(k, m, "within", "a level");
	}
	return levels;
}

/* How every keyword pattern is compiled: a text that is not valid UTF-8
 * is still searched, in its valid parts, rather than failing. */
#define KEYWORD_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | \
	PCRE2_MATCH_INVALID_UTF)

static pcre2_code *
keyword_compile(struct conf_check *k, const struct conf_node *at,
    const char *pattern, const char *what, int jit)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	int code;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    KEYWORD_OPTIONS, &code, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		size_t chars = 0;

		/* in characters, as a person counts them in 想(死 */
		for (size_t i = 0; i < off && pattern[i] != '\0'; i++)
			chars += ((unsigned char)pattern[i] & 0xc0) != 0x80;
		pcre2_get_error_message(code, msg, sizeof(msg));
		conf_bad(k, at, "%s at offset %zu: %s", what, chars,
		    (char *)msg);
		return NULL;
	}
	/* without JIT the interpreter does the same, slower */
	if (jit)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void
load_unless(struct conf_check *k, struct keyword_rule *r,
    const struct conf_node *v)
{
	const struct conf_node *const *items = &v;
	size_t n = 1;

	if (v->kind == CONF_SEQ) {
		items = (const struct conf_node *const *)v->items;
		n = v->n;
	} else if (v->kind != CONF_SCALAR) {
		conf_bad(k, v, "'unless' of a keyword rule must be a pattern "
		    "or a list of patterns");
		return;
	}
	r->unless = xcalloc(n ? n : 1, sizeof(*r->unless));
	r->unless_re = xcalloc(n ? n : 1, sizeof(*r->unless_re));
	for (size_t i = 0; i < n; i++) {
		if (items[i]->kind != CONF_SCALAR ||
		    items[i]->value[0] == '\0') {
			conf_bad(k, items[i], "an 'unless' of a keyword rule "
			    "must be a pattern");
			continue;
		}
		r->unless[r->nunless] = xstrdup(items[i]->value);
		r->unless_re[r->nunless++] = keyword_compile(k, items[i],
		    items[i]->value, "unless pattern", 1);
	}
}

/*
 * Whether pattern may go into the one pattern of every rule and mean
 * there what it means alone.  Back-references, recursion and conditions
 * by number, backtracking verbs, \Q and comments could change meaning
 * beside the other rules and hide a hit: such a policy is matched rule
 * by rule.
 */
static int
combinable(const char *pattern)
{
	for (const char *s = pattern; *s != '\0'; s++) {
		if (*s == '#')
			return 0;
		if (*s == '\\' && s[1] != '\0') {
			s++;
			if (strchr("123456789gkQ", *s) != NULL)
				return 0;
		} else if (*s == '(' && s[1] == '*') {
			return 0;
		} else if (*s == '(' && s[1] == '?' && s[2] != '\0' &&
		    (strchr("R0123456789&P(", s[2]) != NULL ||
		    (strchr("+-", s[2]) != NULL && isdigit((unsigned char)s[3]))))
			return 0;
	}
	return 1;
}

/* Whether re matches the empty text: it would hit every answer. */
static int
matches_empty(const pcre2_code *re)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc;

	rc = md != NULL && pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md,
	    NULL) >= 0;
	pcre2_match_data_free(md);
	return rc;
}

/*
 * A rule's pattern: one, or a list of patterns any of which hits, each
 * compiled alone first so that an error names its line and column.
 */
static void
load_pattern(struct conf_check *k, struct keyword_rule *r,
    const struct conf_node *v)
{
	const struct conf_node *const *items = &v;
	struct buf all = {0};
	size_t n = 1;
	int ok = 1;

	if (v->kind == CONF_SEQ && v->n > 0) {
		items = (const struct conf_node *const *)v->items;
		n = v->n;
	} else if (v->kind != CONF_SCALAR) {
		conf_bad(k, v, "'pattern' of a keyword rule must be a pattern "
		    "or a list of patterns");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct conf_node *at = items[i];
		pcre2_code *re;

		if (at->kind != CONF_SCALAR) {
			conf_bad(k, at, "a keyword rule's pattern must be text");
			ok = 0;
			continue;
		}
		if ((re = keyword_compile(k, at, at->value, "pattern",
		    0)) == NULL) {
			ok = 0;
			continue;
		}
		if (matches_empty(re)) {
			conf_bad(k, at, "pattern matches empty text: every "
			    "answer would hit");
			ok = 0;
		} else if (n > 1 && !combinable(at->value)) {
			conf_bad(k, at, "a pattern in a list cannot use "
			    "back-references, recursion, conditions, verbs, "
			    "\\Q or comments: give it a rule of its own");
			ok = 0;
		}
		if (n == 1 && ok) {
			r->pattern = xstrdup(at->value);
			r->re = re;
			(void)pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE);
			r->md = pcre2_match_data_create(1, NULL);
			return;
		}
		pcre2_code_free(re);
		buf_printf(&all, "%s(?:%s)", i ? "|" : "", at->value);
	}
	r->pattern = buf_take(&all);
	if (ok && (r->re = keyword_compile(k, v, r->pattern, "pattern",
	    1)) != NULL)
		r->md = pcre2_match_data_create(1, NULL);
}

static void
load_keywords(struct conf_check *k, struct alert_policy *p,
    const struct conf_node *v)
{
	static const char *const keys[] = { "id", "pattern", "reason", "color",
	    "unless", NULL };
	int all_combinable = 1;

	if (v->kind != CONF_SEQ) {
		conf_bad(k, v, "keywords must be a list of rules");
		return;
	}
	p->keywords = xcalloc(v->n ? v->n : 1, sizeof(*p->keywords));
	for (size_t i = 0; i < v->n; i++) {
		const struct conf_node *m = v->items[i], *c;
		struct keyword_rule *r;

		if (m->kind != CONF_MAP) {
			conf_bad(k, m, "a keyword rule must be a mapping");
			continue;
		}
		r = &p->keywords[p->nkeywords++];
		r->color = CARD_RED;
		conf_only_keys(k, m, "a keyword rule", keys);
		r->id = conf_text(k, m, "id", 1, "a keyword rule");
		r->reason = conf_text(k, m, "reason", 1, "a keyword rule");
		if (r->id != NULL && !conf_valid_id(r->id))
			conf_bad(k, conf_get(m, "id"), "keyword id '%s' must be "
			    "lower-case letters, digits and '_'", r->id);
		if ((c = conf_get(m, "pattern")) == NULL)
			conf_bad(k, m, "a keyword rule needs 'pattern'");
		else
			load_pattern(k, r, c);
		if (r->pattern != NULL)
			all_combinable &= combinable(r->pattern);
		if ((c = conf_get(m, "unless")) != NULL)
			load_unless(k, r, c);
		if ((c = conf_get(m, "color")) != NULL &&
		    (c->kind != CONF_SCALAR ||
		    card_color_parse(c->value, &r->color) != 0))
			conf_bad(k, c, "'color' of a keyword rule must be red, "
			    "yellow, blue or none");
	}
	p->keyword_ctx = pcre2_match_context_create(NULL);
	if (p->keyword_ctx != NULL)
		(void)pcre2_set_match_limit(p->keyword_ctx,
		    KEYWORD_MATCH_LIMIT);
	if (k->count == 0 && p->nkeywords > 0 && all_combinable) {
		struct buf all = {0};
		int code;
		PCRE2_SIZE off;

		for (size_t i = 0; i < p->nkeywords; i++)
			buf_printf(&all, "%s(?:%s)", i ? "|" : "",
			    p->keywords[i].pattern);
		/* if it does not compile, every text is matched rule by
		 * rule */
		p->any_keyword = pcre2_compile((PCRE2_SPTR)buf_str(&all),
		    PCRE2_ZERO_TERMINATED, KEYWORD_OPTIONS, &code, &off, NULL);
		if (p->any_keyword != NULL) {
			(void)pcre2_jit_compile(p->any_keyword,
			    PCRE2_JIT_COMPLETE);
			p->any_md = pcre2_match_data_create(1, NULL);
		}
		buf_free(&all);
	}
}

/* A step's notify: [guardian], the one it may name: 1 when it does. */
static int
step_notify(struct conf_check *k, const struct conf_node *v)
{
	int guardian = 0;

	if (v == NULL)
		return 0;
	if (v->kind != CONF_SEQ) {
		conf_bad(k, v, "a step's notify must be a list ([guardian])");
		return 0;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct conf_node *r = v->items[i];

		if (r->kind == CONF_SCALAR && strcmp(r->value, "guardian") == 0)
			guardian = 1;
		else
			conf_bad(k, r, "a step may notify only guardian (the "
			    "school's roles are told through levels)");
	}
	return guardian;
}

static void
load_cases(struct conf_check *k, struct alert_policy *p,
    const struct conf_node *v)
{
	static const char *const keys[] = { "step", "within", "notify", NULL };

	if (v->kind != CONF_MAP) {
		conf_bad(k, v, "cases must map a kind (crisis, referral) to its "
		    "steps");
		return;
	}
	p->cases = xcalloc(v->n ? v->n : 1, sizeof(*p->cases));
	for (size_t i = 0; i < v->n; i++) {
		const struct conf_node *list = v->items[i];
		struct case_kind *c = &p->cases[p->ncases++];

		c->kind = xstrdup(v->keys[i]);
		if (strcmp(c->kind, "crisis") != 0 &&
		    strcmp(c->kind, "referral") != 0) {
			struct conf_node at = *v;
			at.line = v->key_lines[i];
			at.column = v->key_columns[i];
			conf_bad(k, &at, "unknown kind of case '%s' (crisis or "
			    "referral)", c->kind);
		}
		if (list->kind != CONF_SEQ) {
			conf_bad(k, list, "the steps of a case must be a list");
			continue;
		}
		c->steps = xcalloc(list->n ? list->n : 1, sizeof(*c->steps));
		for (size_t j = 0; j < list->n; j++) {
			const struct conf_node *m = list->items[j];
			struct case_step *s;

			if (m->kind != CONF_MAP) {
				conf_bad(k, m, "a step must be {step, within}");
				continue;
			}
			s = &c->steps[c->nsteps++];
			conf_only_keys(k, m, "a step", keys);
			s->step = conf_text(k, m, "step", 1, "a step");
			if (s->step != NULL && !conf_valid_id(s->step))
				conf_bad(k, conf_get(m, "step"), "step '%s' must "
				    "be lower-case letters, digits and '_'",
				    s->step);
			s->within = duration(k, m, "within", "a step");
			s->notify_guardian = step_notify(k, conf_get(m,
			    "notify"));
		}
	}
}

static void
load_template(struct conf_check *k, struct template *t,
    const struct conf_node *v, const char *subject, const char *body)
{
	static const char *const keys[] = { "subject", "body", NULL };

	if (v != NULL && v->kind != CONF_MAP)
		conf_bad(k, v, "a template must be {subject, body}");
	else if (v != NULL)
		conf_only_keys(k, v, "a template", keys);
	t->subject = v && v->kind == CONF_MAP ? conf_text(k, v, "subject", 0,
	    "a template") : NULL;
	t->body = v && v->kind == CONF_MAP ? conf_text(k, v, "body", 0,
	    "a template") : NULL;
	if (t->subject == NULL)
		t->subject = xstrdup(subject);
	if (t->body == NULL)
		t->body = xstrdup(body);
}

static struct alert_level *
default_levels(size_t *n, int staff)
{
	static const char *const student[][2] = { { "counsellor",
	    "class_teacher" }, { "grade_head", NULL }, { "leader", NULL } };
	static const char *const worker[][2] = { { "counsellor",
	    "department_head" }, { "union_officer", NULL }, { "leader",
	    NULL } };
	static const long within[] = { 86400, 86400, 2 * 86400 };
	struct alert_level *l = xcalloc(3, sizeof(*l));

	for (size_t i = 0; i < 3; i++) {
		const char *const *r = staff ? worker[i] : student[i];
		l[i].roles = xcalloc(2, sizeof(char *));
		for (size_t j = 0; j < 2 && r[j] != NULL; j++)
			l[i].roles[l[i].nroles++] = xstrdup(r[j]);
		l[i].within = within[i];
	}
	*n = 3;
	return l;
}

/* The templates a policy may give, each with its defaults in Chinese and
 * in English. */
static const struct template_default {
	const char *key;
	size_t offset;		/* in struct alert_policy */
	const char *zh_subject, *zh_body, *en_subject, *en_body;
} template_defaults[] = {
	{ "full", offsetof(struct alert_policy, full), default_full_subject,
	    default_full_body, en_full_subject, en_full_body },
	{ "brief", offsetof(struct alert_policy, brief), default_brief_subject,
	    default_brief_body, en_brief_subject, en_brief_body },
	{ "case", offsetof(struct alert_policy, case_msg),
	    default_case_subject, default_case_body, en_case_subject,
	    en_case_body },
	{ "guardian", offsetof(struct alert_policy, guardian),
	    default_guardian_subject, default_guardian_body,
	    en_guardian_subject, en_guardian_body },
	{ "reminder_full", offsetof(struct alert_policy, reminder_full),
	    default_reminder_full_subject, default_reminder_full_body,
	    en_reminder_full_subject, en_reminder_full_body },
	{ "reminder_brief", offsetof(struct alert_policy, reminder_brief),
	    default_reminder_brief_subject, default_reminder_brief_body,
	    en_reminder_brief_subject, en_reminder_brief_body },
	{ "reminder_event", offsetof(struct alert_policy, reminder_event),
	    default_reminder_event_subject, default_reminder_event_body,
	    en_reminder_event_subject, en_reminder_event_body },
	{ "digest", offsetof(struct alert_policy, digest_msg),
	    default_digest_subject, default_digest_body, en_digest_subject,
	    en_digest_body },
};
#define TEMPLATES (sizeof(template_defaults) / sizeof(template_defaults[0]))

static struct template *
template_at(struct alert_policy *p, const struct template_default *d)
{
	void *at = (char *)p + d->offset;

	return at;
}

/* Values a template must not name, and why: a family is told whom to
 * call, and a brief role who needs attention. */
static const struct template_ban {
	const char *key, *value, *why;
} template_bans[] = {
	{ "guardian", "{reason}", "a family is told whom to call, never "
	    "scores or answers" },
	{ "guardian", "{detail}", "a family is told whom to call, never "
	    "scores or answers" },
	{ "guardian", "{guardian}", "each guardian gets their own message" },
	{ "brief", "{guardian}", "a guardian's details go only to the roles "
	    "in 'full'" },
};

static void
check_template(struct conf_check *k, const struct conf_node *v,
    const struct template *t, const char *key)
{
	for (size_t i = 0; v != NULL && i < sizeof(template_bans) /
	    sizeof(template_bans[0]); i++)
		if (strcmp(template_bans[i].key, key) == 0 &&
		    (strstr(t->subject, template_bans[i].value) != NULL ||
		    strstr(t->body, template_bans[i].value) != NULL))
			conf_bad(k, v, "the %s template may not say %s: %s",
			    key, template_bans[i].value, template_bans[i].why);
}

/* templates: each its own or the default of the policy's language */
static void
load_templates(struct conf_check *k, struct alert_policy *p,
    const struct conf_node *t)
{
	for (size_t i = 0; i < TEMPLATES; i++) {
		const struct template_default *d = &template_defaults[i];

		const struct conf_node *v = t ? conf_get(t, d->key) : NULL;

		load_template(k, template_at(p, d), v,
		    p->english ? d->en_subject : d->zh_subject,
		    p->english ? d->en_body : d->zh_body);
		check_template(k, v, template_at(p, d), d->key);
	}
}

/* raise: the card colours that raise an alert */
static void
load_raise(struct conf_check *k, struct alert_policy *p,
    const struct conf_node *v)
{
	p->raise_colors = 0;
	if (v->kind != CONF_SEQ)
		conf_bad(k, v, "'raise' must be a list of colours");
	for (size_t i = 0; v->kind == CONF_SEQ && i < v->n; i++) {
		int c;
		if (v->items[i]->kind != CONF_SCALAR ||
		    card_color_parse(v->items[i]->value, &c) != 0 ||
		    c == CARD_NONE)
			conf_bad(k, v->items[i], "'raise' must be red, yellow "
			    "or blue");
		else
			p->raise_colors |= 1u << c;
	}
}

/* The sender goes into every message's From: one address, with a name
 * or not, and never a line break that would start another header. */
static void
check_from(struct conf_check *k, const struct conf_node *v, const char *from)
{
	char *name, *addr;
	const char *why;

	if (from == NULL)
		return;
	if (mail_mailbox_parse(from, &name, &addr, &why) != 0) {
		conf_bad(k, v, "'from' %s (expected an address such as "
		    "psy@school.example or \"Name <psy@school.example>\")", why);
		return;
	}
	free(name);
	free(addr);
}

/* The keys of the alerts mapping a; the templates mapping, or NULL. */
static const struct conf_node *
load_alerts(struct conf_check *k, struct alert_policy *p,
    const struct conf_node *a)
{
	static const char *const keys[] = { "raise", "critical", "full", "from",
	    "language", "levels", "staff_levels", "keywords", "cases",
	    "templates", "digest", "on_duty", "guardian_in_levels", NULL };
	const char *tkeys[TEMPLATES + 1];
	const struct conf_node *v, *t;

	conf_only_keys(k, a, "alerts", keys);
	if ((v = conf_get(a, "raise")) != NULL)
		load_raise(k, p, v);
	(void)conf_flag(k, a, "critical", &p->critical, "alerts");
	if (conf_flag(k, a, "digest", &p->digest, "alerts") == 0)
		p->digest = 1;
	(void)conf_flag(k, a, "on_duty", &p->on_duty, "alerts");
	if ((v = conf_get(a, "full")) != NULL)
		p->full_roles = role_list(k, v, &p->nfull, "'full'", 0);
	p->from = conf_text(k, a, "from", 0, "alerts");
	check_from(k, conf_get(a, "from"), p->from);
	if ((v = conf_get(a, "language")) != NULL) {
		if (v->kind == CONF_SCALAR && strcmp(v->value, "en") == 0)
			p->english = 1;
		else if (v->kind != CONF_SCALAR || strcmp(v->value, "zh") != 0)
			conf_bad(k, v, "'language' must be zh or en");
	}
	(void)conf_flag(k, a, "guardian_in_levels", &p->guardian_in_levels,
	    "alerts");
	if ((v = conf_get(a, "levels")) != NULL)
		p->levels = load_levels(k, v, &p->nlevels,
		    p->guardian_in_levels);
	if ((v = conf_get(a, "staff_levels")) != NULL)
		p->staff_levels = load_levels(k, v, &p->nstaff_levels,
		    p->guardian_in_levels);
	if ((v = conf_get(a, "keywords")) != NULL)
		load_keywords(k, p, v);
	if ((v = conf_get(a, "cases")) != NULL)
		load_cases(k, p, v);
	if ((t = conf_get(a, "templates")) == NULL)
		return NULL;
	for (size_t i = 0; i < TEMPLATES; i++)
		tkeys[i] = template_defaults[i].key;
	tkeys[TEMPLATES] = NULL;
	return conf_section(k, t, "templates", tkeys) ? t : NULL;
}

struct alert_policy *
alert_policy_parse(struct conf_check *k, const struct conf_node *root,
    const char *path, const char *sha256)
{
	struct alert_policy *p = xcalloc(1, sizeof(*p));
	const struct conf_node *a = conf_get(root, "alerts"), *t = NULL;

	p->path = xstrdup(path);
	p->sha256 = xstrdup(sha256 != NULL ? sha256 : "");
	p->raise_colors = 1u << CARD_RED;
	p->critical = 1;
	p->digest = 1;
	if (a != NULL && a->kind != CONF_MAP)
		conf_bad(k, a, "'alerts' must be a mapping");
	else if (a != NULL)
		t = load_alerts(k, p, a);
	load_templates(k, p, t);
	if (p->levels == NULL)
		p->levels = default_levels(&p->nlevels, 0);
	if (p->staff_levels == NULL)
		p->staff_levels = default_levels(&p->nstaff_levels, 1);
	if (p->full_roles == NULL) {
		p->full_roles = xcalloc(1, sizeof(char *));
		p->full_roles[p->nfull++] = xstrdup("counsellor");
	}
	/* no 'from': deliver sends as ph-alert at the host's name */
	return p;
}

static void
free_levels(struct alert_level *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < l[i].nroles; j++)
			free(l[i].roles[j]);
		free(l[i].roles);
	}
	free(l);
}

void
alert_policy_free(struct alert_policy *p)
{
	if (p == NULL)
		return;
	free_levels(p->levels, p->nlevels);
	free_levels(p->staff_levels, p->nstaff_levels);
	for (size_t i = 0; i < p->nkeywords; i++) {
		free(p->keywords[i].id);
		free(p->keywords[i].pattern);
		free(p->keywords[i].reason);
		pcre2_code_free(p->keywords[i].re);
		pcre2_match_data_free(p->keywords[i].md);
		for (size_t j = 0; j < p->keywords[i].nunless; j++) {
			free(p->keywords[i].unless[j]);
			pcre2_code_free(p->keywords[i].unless_re[j]);
		}
		free(p->keywords[i].unless);
		free(p->keywords[i].unless_re);
	}
	pcre2_code_free(p->any_keyword);
	pcre2_match_data_free(p->any_md);
	pcre2_match_context_free(p->keyword_ctx);
	free(p->keywords);
	for (size_t i = 0; i < p->ncases; i++) {
		for (size_t j = 0; j < p->cases[i].nsteps; j++)
			free(p->cases[i].steps[j].step);
		free(p->cases[i].steps);
		free(p->cases[i].kind);
	}
	free(p->cases);
	for (size_t i = 0; i < p->nfull; i++)
		free(p->full_roles[i]);
	free(p->full_roles);
	for (size_t i = 0; i < TEMPLATES; i++) {
		struct template *t = template_at(p, &template_defaults[i]);
		free(t->subject);
		free(t->body);
	}
	FREE_ALL(p->from, p->path, p->sha256, p);
}

/* The offset of the character after the one at off. */
static size_t
next_char(const char *text, size_t len, size_t off)
{
	do
		off++;
	while (off < len && ((unsigned char)text[off] & 0xc0) == 0x80);
	return off;
}

/* Whether [start, end) of text lies within a match of one of r's unless
 * patterns.  An unless pattern that fails at match time covers nothing:
 * the hit stands. */
static int
covered(const struct alert_policy *p, const struct keyword_rule *r,
    const char *text, size_t len, size_t start, size_t end)
{
	for (size_t i = 0; i < r->nunless; i++) {
		size_t at = 0;

		while (r->unless_re[i] != NULL && at <= len) {
			PCRE2_SIZE *ov;

			if (pcre2_match(r->unless_re[i], (PCRE2_SPTR)text, len,
			    at, 0, r->md, p->keyword_ctx) < 0)
				break;
			ov = pcre2_get_ovector_pointer(r->md);
			if (ov[0] > start)
				break;
			if (ov[1] >= end)
				return 1;
			at = next_char(text, len, ov[0]);
		}
	}
	return 0;
}

/* Whether rule r hits text: a match of its pattern that no unless match
 * covers, or a match that failed (fail closed). */
static int
rule_hits(const struct alert_policy *p, const struct keyword_rule *r,
    const char *text, size_t len)
{
	size_t at = 0;

	if (r->re == NULL)
		return 0;
	while (at <= len) {
		PCRE2_SIZE *ov;
		size_t start, end;
		int rc;

		rc = pcre2_match(r->re, (PCRE2_SPTR)text, len, at, 0, r->md,
		    p->keyword_ctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return 1;
		ov = pcre2_get_ovector_pointer(r->md);
		/* \K can leave the start after the end */
		start = ov[0] < ov[1] ? ov[0] : ov[1];
		end = ov[0] < ov[1] ? ov[1] : ov[0];
		if (!covered(p, r, text, len, start, end))
			return 1;
		/* the next match may begin inside this one */
		at = next_char(text, len, start > at ? start : at);
	}
	return 0;
}

/* Whether some rule may hit text: 0 only when the pattern of every rule
 * at once surely matches nowhere. */
static int
any_keyword(const struct alert_policy *p, const char *text, size_t len)
{
	if (p->any_keyword == NULL)
		return 1;
	return pcre2_match(p->any_keyword, (PCRE2_SPTR)text, len, 0, 0,
	    p->any_md, p->keyword_ctx) != PCRE2_ERROR_NOMATCH;
}

long
alert_keyword_match(const struct alert_policy *p, const char *text,
    size_t from)
{
	size_t len = strlen(text);

	if (from >= p->nkeywords || (from == 0 && !any_keyword(p, text, len)))
		return -1;
	for (size_t i = from; i < p->nkeywords; i++)
		if (rule_hits(p, &p->keywords[i], text, len))
			return (long)i;
	return -1;
}

/* Whether the "; "-separated list in b holds reason. */
static int
has_reason(const struct buf *b, const char *reason)
{
	const char *s = buf_str(b);
	size_t n = strlen(reason);

	while (*s != '\0') {
		const char *end = strstr(s, "; ");
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len == n && strncmp(s, reason, n) == 0)
			return 1;
		s += len + (end ? 2 : 0);
	}
	return 0;
}

int
alert_keyword_card(const struct alert_policy *p, const char *text,
    struct buf *reasons)
{
	size_t len = strlen(text);
	int color = CARD_NONE;

	if (!any_keyword(p, text, len))
		return CARD_NONE;
	for (size_t i = 0; i < p->nkeywords; i++) {
		const struct keyword_rule *r = &p->keywords[i];

		if (r->color == CARD_NONE || !rule_hits(p, r, text, len))
			continue;
		if (r->color > color)
			color = r->color;
		if (!has_reason(reasons, r->reason)) {
			buf_puts(reasons, reasons->len ? "; " : "");
			buf_puts(reasons, r->reason);
		}
	}
	return color;
}

int
alert_role_full(const struct alert_policy *p, const char *role)
{
	for (size_t i = 0; i < p->nfull; i++)
		if (strcmp(p->full_roles[i], role) == 0)
			return 1;
	return 0;
}

char *
template_render(const char *tpl, const char *const *names,
    const char *const *values, size_t n)
{
	struct buf out = {0};
	const char *s = tpl;

	while (*s != '\0') {
		const char *close;
		size_t i, len;

		if (*s != '{' || (close = strchr(s, '}')) == NULL) {
			buf_putc(&out, *s++);
			continue;
		}
		len = (size_t)(close - s - 1);
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len &&
			    strncmp(s + 1, names[i], len) == 0)
				break;
		if (i == n) {
			buf_putc(&out, *s++);
			continue;
		}
		buf_puts(&out, values[i] ? values[i] : "");
		s = close + 1;
	}
	return buf_take(&out);
}
