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

struct buf;

struct alert_level {
	char **roles;		/* told at this level */
	size_t nroles;
	long within;		/* seconds to acknowledge */
};

struct keyword_rule {
	char *id, *pattern, *reason;
	int color;		/* the card a hit gives (enum card_color of
				 * policy.h): red unless the rule says */
	pcre2_code *re;
	pcre2_match_data *md;
	/* false friends: a match of the pattern lying wholly within a
	 * match of one of these is no hit */
	char **unless;
	pcre2_code **unless_re;
	size_t nunless;
};

struct case_step {
	char *step;
	long within;		/* seconds after the case opened */
	int notify_guardian;	/* notify: [guardian]: each guardian with a
				 * phone or an e-mail gets the guardian
				 * template when the case opens */
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
	int on_duty;			/* also tell who is on duty now */
	char **full_roles;		/* roles that see scores and answers */
	size_t nfull;
	char *from;			/* the sender of mail, or NULL */
	struct alert_level *levels, *staff_levels;
	size_t nlevels, nstaff_levels;
	struct keyword_rule *keywords;
	size_t nkeywords;
	/* every pattern at once: most answers match none, and are passed
	 * over with one match instead of one a rule */
	pcre2_code *any_keyword;
	pcre2_match_data *any_md;
	/* the match limit of every keyword match (KEYWORD_MATCH_LIMIT) */
	pcre2_match_context *keyword_ctx;
	struct case_kind *cases;
	size_t ncases;
	struct template full, brief, case_msg;
	struct template guardian;	/* to a pupil's family: whom to call */
	/* guardian_in_levels: true: 'guardian' may stand in a level of the
	 * warning network; by default the family is told only from a case
	 * step (notify), never the moment an alert is raised */
	int guardian_in_levels;
	struct template reminder_full, reminder_brief;	/* appointments */
	struct template reminder_event;	/* sessions, lessons, events */
	/* the reminders one recipient has not been sent yet, as one
	 * message ({count} {items}), unless digest: false */
	struct template digest_msg;
	int digest;
	int english;			/* language: en */
};

/* The alerts section of a policy's tree, its mistakes added to k (the
 * policy file is read and checked whole by policy_load, policy.h). */
struct conf_check;
struct conf_node;
struct alert_policy *alert_policy_parse(struct conf_check *k,
    const struct conf_node *root, const char *path, const char *sha256);

void alert_policy_free(struct alert_policy *p);


/*
 * Backtracking steps a keyword pattern may take at one starting place in
 * a text (PCRE2's match limit; its default is ten times more).  A rule
 * needing more, or failing in any other way at match time (depth, heap,
 * JIT stack), hits: the counsellor reads the text, it is never passed
 * over in silence.
 */
#define KEYWORD_MATCH_LIMIT 1000000

/*
 * The first keyword rule hitting text at or after rule index from, or
 * -1.  A rule hits where its pattern matches and that match lies wholly
 * within no match of its unless patterns; every place the pattern
 * matches is tried, so one false friend does not hide a later hit.
 */
long alert_keyword_match(const struct alert_policy *p, const char *text,
    size_t from);

/*
 * The card the keyword rules give text: the highest colour of the rules
 * hitting it, CARD_NONE when none does.  The reason of each hitting rule
 * with a colour is appended to reasons ("; "-separated, as the card
 * rules' reasons), unless reasons holds it already.
 */
int alert_keyword_card(const struct alert_policy *p, const char *text,
    struct buf *reasons);

/* Whether role sees the full detail. */
int alert_role_full(const struct alert_policy *p, const char *role);

/* Renders a template: {name} {id} {unit} {reason} {detail} {alert}
 * {level} {due} {counsellor} {guardian} from the values of names (n
 * pairs); a name not among them is left as it is. */
char *template_render(const char *tpl, const char *const *names,
    const char *const *values, size_t n);

#endif
