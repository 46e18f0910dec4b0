/*
 * The programme's policy (policy.yaml, ph-policy(5)), read once and
 * validated whole (every section, every key, every number's range) into
 * one typed struct: the rules that turn a screened person's scores into
 * a card, the alerts section (alert_policy.h), and the numbers the other
 * programs plan and report by.  Knows nothing of databases.
 */
#ifndef PH_POLICY_H
#define PH_POLICY_H
#include <stddef.h>

#include "buf.h"
#include "instrument.h"
#include "score.h"
#include "validity.h"

/* In order of concern: a card is the highest colour any rule gives. */
enum card_color { CARD_NONE, CARD_BLUE, CARD_YELLOW, CARD_RED };

const char *card_color_name(int color);		/* "red" ... "none" */
const char *card_color_zh(int color);		/* 红卡 ... 无 */
/* red|yellow|blue|none, or the Chinese 红/黄/蓝/无 (with or without
 * 卡): 0, or -1. */
int card_color_parse(const char *s, int *color);

enum card_critical { CRIT_ANY_RULE = 0, CRIT_ANSWERED, CRIT_UNANSWERED,
    CRIT_EITHER };

struct card_rule {
	int color;
	char *reason;		/* or NULL: made from what matched */
	char *instrument;	/* or NULL: any instrument */
	char *scale;		/* or NULL */
	double min, max;	/* on scale; NAN when not given */
	char **bands;		/* on scale: one of these band labels */
	size_t nbands;
	int critical;		/* enum card_critical */
	int valid;		/* -1: either; 0: invalid only; 1: valid only */
	size_t line;		/* where the rule is, for messages */
	/* 'all': conditions (instrument, scale, min, max, band) on a
	 * person's latest answers to several instruments of a campaign,
	 * every one of which must hold; such a rule gives no response its
	 * colour alone (policy_person_color). */
	struct card_rule *all;
	size_t nall;
};

/* The numbers of the sections rooms, schedule, lessons, events and
 * reports, each its default when the file does not give it. */
struct policy_numbers {
	double day_school_hours, boarding_school_hours;	/* rooms, a week */
	double counsellor_changes;	/* schedule: a person's, a term */
	double lesson_every_days, lessons_per_term;	/* lessons */
	double staff_theme, staff_lecture, counsellor_training;	/* events */
	double min_cell;		/* reports: smallest count shown */
	double students_per_counsellor, min_counsellors;	/* reports */
};

struct alert_policy;

struct policy {
	char *path, *sha256, *name;	/* path NULL: no file, the defaults */
	struct card_rule *rules;
	size_t nrules;
	/* special groups: raised so many colours, at least, at most */
	int flag_raise, flag_at_least, flag_up_to;
	unsigned flag_mask;	/* which flags count (1u << NORM_FLAG_...) */
	int sticky;		/* a held card this colour or above stays */
	struct policy_numbers numbers;
	/* followups.red: school days to the first talk, then the talks
	 * after it (seconds after the first) */
	long followup_first;
	long *followup_then;
	size_t nfollowup_then;
	struct alert_policy *alerts;	/* NULL only for the defaults */
	/* tiers.supersede: whether a follow-on's card stands in the
	 * campaign it follows: never, always, or (the default) only when
	 * it is the higher */
	enum { TIER_KEEP, TIER_ALWAYS, TIER_RAISE } tier_supersede;
	int person_rules;	/* how many card rules have 'all' */
	struct validity_rules validity;	/* careless answer sheets */
};

/* Reads path once and validates it whole; NULL with *err
 * ("path:line:col: what", a line each) on error. */
struct policy *policy_load(const char *path, char **err);
/* The same from the file's bytes, already read. */
struct policy *policy_load_text(const char *path, const char *text,
    size_t len, char **err);
/* What a run without any policy file goes by: the numbers' defaults, no
 * card rules, no alerts. */
struct policy *policy_defaults(void);
void policy_free(struct policy *p);

/*
 * The policy file to use: given (--policy) if not NULL, else $PH_POLICY,
 * else policy.yaml in $PH_SHARE, beside the program (../share/ph) and in
 * the installed share directory.  malloc'd, or NULL.
 */
char *policy_find(const char *given);

/* Checks the rules naming this instrument against it (scales and bands
 * exist): 0, or -1 with *err. */
int policy_check_instrument(const struct policy *p,
    const struct instrument *in, char **err);

/*
 * The colour one response earns by the rules, and why (appended to
 * reasons, "; "-separated): the reasons of every rule of that colour.
 */
int policy_response_color(const struct policy *p, const struct instrument *in,
    const struct score_result *s, struct buf *reasons);

/*
 * A person's numbers and bands, as person-level rules read them: 0 with
 * *value (and *band, or NULL), or -1 when the person has no such score.
 */
typedef int (*policy_score_fn)(void *ctx, const char *instrument,
    const char *scale, double *value, const char **band);

/*
 * The colour the rules with 'all' give a person by their latest answers
 * (scores says what they are), and why (appended to reasons, naming
 * each instrument's score): CARD_NONE when none holds.
 */
int policy_person_color(const struct policy *p, policy_score_fn scores,
    void *ctx, struct buf *reasons);

/*
 * What a person's special groups and a card they already hold make of a
 * colour: flags is their open flags as a mask; held is the colour of the
 * card they hold (CARD_NONE when none), held_where says where it came
 * from.  Appends the reasons for any change.
 */
int policy_adjust(const struct policy *p, int color, unsigned flags,
    int held, const char *held_where, struct buf *reasons);

#endif
