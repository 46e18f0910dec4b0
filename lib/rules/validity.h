/*
 * Validity as the survey platforms check it: careless answer sheets
 * told from careful ones.  What an instrument declares (attention items
 * with the answer they ask for, reversed items, consistency pairs,
 * ph-instrument(5)) is checked by the thresholds and switches of the
 * policy's validity section (ph-policy(5)).  A response that fails a
 * check is invalid, with the reason, and is to be taken again (retest);
 * its critical answers count all the same.  No database, no allocation
 * per row but for the reasons of an invalid one.
 */
#ifndef PH_VALIDITY_H
#define PH_VALIDITY_H
#include <stddef.h>

#include "buf.h"
#include "confcheck.h"
#include "instrument.h"
#include "rec.h"

/* The policy's validity section: which checks run, at what thresholds. */
struct validity_rules {
	int attention;		/* attention items must have their answer */
	int consistency;	/* consistency pairs must agree */
	int same_reversed;	/* no one answer to every item of a scale
				 * with reversed items */
	size_t same_in_row;	/* at most this many one answer in a row;
				 * 0: not checked */
	double min_seconds_per_item;	/* 0: not checked */
};

/* The defaults of a policy without the section: the instrument's own
 * attention items and consistency pairs checked, nothing else. */
void validity_rules_default(struct validity_rules *v);
/* Reads the section m (a mapping) into v, its mistakes into k. */
void validity_rules_load(struct conf_check *k, const struct conf_node *m,
    struct validity_rules *v);

/* Which checks fail, as bits of a response's result. */
enum validity_check {
	VALIDITY_ATTENTION = 1 << 0,
	VALIDITY_SAME_REVERSED = 1 << 1,
	VALIDITY_SAME_IN_ROW = 1 << 2,
	VALIDITY_TOO_FAST = 1 << 3,
	VALIDITY_CONSISTENCY = 1 << 4
};

/* What one instrument needs checked under the rules, worked out once
 * per run. */
struct validity_plan;

struct validity_plan *validity_plan_new(const struct instrument *in,
    const struct validity_rules *v);
void validity_plan_free(struct validity_plan *p);
/* 1 when the plan checks anything at all (a duration counts only when
 * the file gives one: has_duration). */
int validity_plan_checks(const struct validity_plan *p, int has_duration);

/*
 * Checks one response's answers (per item, NAN when missing, as
 * score_read leaves them) and the seconds it took (NAN: not known).
 * The checks that fail, as enum validity_check bits; their reasons are
 * appended to why ("; "-separated, after what it holds).
 */
unsigned validity_check(const struct validity_plan *p, const double *answers,
    double seconds, struct buf *why);
/* The same on a scored response: a failure makes s invalid, its reasons
 * after s->reason's.  The failed checks' bits. */
struct score_result;
unsigned validity_score(struct validity_plan *p, double seconds,
    struct score_result *s);
/* The names of the failed checks, comma-joined ("attention,too_fast"),
 * or "ok" when none: what ph-screen score prints. */
void validity_names(unsigned failed, struct buf *out);

/*
 * The seconds a survey export's duration cell says: "80", "80 秒",
 * "60秒", "1分20秒", "1分钟20秒", "1小时2分", "00:01:20", "1:20",
 * "80s", "1m20s", "1h2m".  0, or -1 when the cell says no duration.
 */
int validity_seconds(const char *cell, double *seconds);
/* Whether a column's header names the time taken ("所用时间",
 * "答题时长", "duration" ...). */
int validity_duration_header(const char *header);
/* Where a file gives the time an answer sheet took: a duration column,
 * else a start and a submission time (-1: none).  end is the column of
 * the time a sheet was sent whether or not there is a start. */
struct validity_time {
	int duration, start, end;
};
void validity_time_columns(const struct rec_reader *r,
    struct validity_time *t);
/* The seconds the record took: its duration cell, else its submission
 * time less its start ("2026-09-02 10:01:05", "2026/9/2 10:01"); NAN
 * when the file or the cells say none. */
double validity_time_taken(const struct rec_reader *r,
    const struct validity_time *t);

#endif
