/*
 * The alerts section of the policy (ph-policy(5)): which cards and
 * answers raise an alert, the levels of the warning network with their
 * deadlines, keyword rules, message templates, and the steps each kind
 * of case must go through.
 */
#ifndef PH_ALERT_POLICY_H
#define PH_ALERT_POLICY_H
#include <stddef.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct alert_level {
	char **roles;		/* told at this level */
	size_t nroles;
	long within;		/* seconds to acknowledge */
};

struct keyword_rule {
	char *id, *pattern, *reason;
	pcre2_code *re;
	pcre2_match_data *md;
};

struct case_step {
	char *step;
	long within;		/* seconds after the case opened */
};

struct case_kind {
	char *kind;		/* crisis, referral */
	struct case_step *steps;
	size_t nsteps;
};

struct template {
	char *subject, *body;
};

struct alert_policy {
	char *path, *sha256;
	unsigned raise_colors;		/* bit per card colour */
	int critical;			/* critical answers raise an alert */
	char **full_roles;		/* roles that see scores and answers */
	size_t nfull;
	char *from;			/* the sender of mail */
	struct alert_level *levels, *staff_levels;
	size_t nlevels, nstaff_levels;
	struct keyword_rule *keywords;
	size_t nkeywords;
	/* every pattern at once: most answers match none, and are passed
	 * over with one match instead of one a rule */
	pcre2_code *any_keyword;
	pcre2_match_data *any_md;
	struct case_kind *cases;
	size_t ncases;
	struct template full, brief, case_msg;
	struct template reminder_full, reminder_brief;	/* appointments */
	struct template reminder_event;	/* sessions, lessons, events */
	int english;			/* language: en */
};

/* Loads the alerts section of the policy file at path (validated as a
 * whole, cards included); NULL with *err. */
struct alert_policy *alert_policy_load(const char *path, char **err);
void alert_policy_free(struct alert_policy *p);

/* "24h", "3d", "30m", "1w", "90s" or plain seconds: 0, or -1. */
int parse_duration(const char *s, long *seconds);

/* The first keyword rule matching text at or after rule index from, or
 * -1. */
long alert_keyword_match(const struct alert_policy *p, const char *text,
    size_t from);

/* Whether role sees the full detail. */
int alert_role_full(const struct alert_policy *p, const char *role);

/* Renders a template: {name} {id} {unit} {reason} {detail} {alert}
 * {level} {due} {counsellor} from the values of names (n pairs). */
char *template_render(const char *tpl, const char *const *names,
    const char *const *values, size_t n);

#endif
