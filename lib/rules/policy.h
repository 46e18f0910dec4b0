/*
 * The programme's policy (policy.yaml, ph-policy(5)): here, the rules
 * that turn a screened person's scores into a card.  Validated fully
 * before use; knows nothing of databases.
 */
#ifndef PH_POLICY_H
#define PH_POLICY_H
#include <stddef.h>

#include "buf.h"
#include "instrument.h"
#include "score.h"

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
};

struct policy {
	char *path, *sha256, *name;
	struct card_rule *rules;
	size_t nrules;
	/* special groups: raised so many colours, at least, at most */
	int flag_raise, flag_at_least, flag_up_to;
	unsigned flag_mask;	/* which flags count (1u << NORM_FLAG_...) */
	int sticky;		/* a held card this colour or above stays */
};

/* Loads and validates; NULL with *err ("path:line:col: what") on error. */
struct policy *policy_load(const char *path, char **err);
void policy_free(struct policy *p);

/*
 * The policy file to use: given (--policy) if not NULL, else $PH_POLICY,
 * else policy.yaml in $PH_SHARE, beside the program (../share/ph) and in
 * the installed share directory.  malloc'd, or NULL.
 */
char *policy_find(const char *given);

/*
 * Numbers of one section of the policy file (given, else as policy_find):
 * for each of keys present, values[i] is set; an absent key keeps the
 * default the caller put there.  0, or EX_CONFIG after a message naming
 * file, line and column of a value that is not a number.
 */
int policy_numbers(const char *given, const char *section,
    const char *const *keys, size_t n, double *values);

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
 * What a person's special groups and a card they already hold make of a
 * colour: flags is their open flags as a mask; held is the colour of the
 * card they hold (CARD_NONE when none), held_where says where it came
 * from.  Appends the reasons for any change.
 */
int policy_adjust(const struct policy *p, int color, unsigned flags,
    int held, const char *held_where, struct buf *reasons);

#endif
