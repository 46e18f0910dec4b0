/*
 * ph-report's operations: read-only reports over one database or many (a
 * district with a file per school), the rows of each file's units merged
 * by path.  Each returns 0 or a sysexits code after its messages.
 */
#ifndef PH_REPORT_H
#define PH_REPORT_H
#include <sqlite3.h>
#include <stddef.h>

#include "cli.h"
#include "strmap.h"

struct report_dbs {
	sqlite3 **db;
	char **path;
	size_t n;
};

/* Opens each path read-only, a directory as the *.db files in it, in
 * name order; a path named twice is opened once. */
int report_open(struct report_dbs *r, char *const *paths, size_t n);
void report_close(struct report_dbs *r);

/* --term: moves *now back to the end of term code (the first file's that
 * has it) when that is past; 0, or EX_DATAERR when no file has it. */
int report_term(const struct report_dbs *r, const char *code, time_t *now);

/* --unit as one file's path: 1 with *path (malloc'd; NULL when unit is
 * NULL) and *id, or 0 when the file has no such unit. */
int report_unit_in(sqlite3 *db, const char *unit, char **path,
    long long *id);

struct report_opts {
	const char *campaign;	/* a code; NULL: each file's latest */
	const char *by;		/* unit kind: school, grade, class, ...;
				 * NULL: --unit's own, else the top units */
	const char *unit;	/* only at or under this unit */
	int missing;		/* coverage: the names, not the counts */
	int none_ok;		/* no campaign anywhere is no error */
	const char *flag;	/* cards: among this special group only */
	int flags;		/* cards: a table per special group */
	time_t now;		/* the report's day: now, or --term's end */
};

/* A unit's figures: should, screened, with a card, red, yellow, blue,
 * none; the rows of coverage and cards side by side. */
struct report_figures {
	char **unit;
	long long (*v)[7];
	size_t n;
	long long campaigns;	/* files with the campaign */
};
int report_figures(const struct report_dbs *r, const struct report_opts *o,
    struct report_figures *f);
void report_figures_free(struct report_figures *f);

/* coverage: should, screened, missing and the rate per unit, and the
 * total; --missing: who, per unit. */
int report_coverage(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);
/* cards: red, yellow, blue, none and their shares per unit, and the
 * total. */
int report_cards(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);

/* upward: coverage and cards per unit for the district, the bureau or
 * the union: no names, ids or free text; counts below min_cell hidden,
 * and a second one wherever a sum would give the first back. */
int report_upward(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, long long min_cell);
/* upward --care: per school, pupils, psychology teachers, events held,
 * crises and referrals opened and closed this school year, the cases'
 * counts suppressed as above (report_upward_care.c). */
int report_upward_care(const struct report_dbs *r, const struct cli *c,
    long long min_cell);
/* A table of counts for publishing (report_suppress.c): v holds rows of
 * cols counts, the units' and then their total's.  report_suppress sets
 * hidden (malloc'd, the same shape): SUPPRESS_SMALL for a count from 1 to
 * min_cell - 1 of a sensitive column, shown as "<min_cell", and
 * SUPPRESS_OTHER ("x", which says nothing of the count) for as many more
 * as it takes that no hidden count can be worked out from the counts
 * shown, the sums (the columns group_first..group_last of a row, the
 * first the sum of the others, -1: none; each column, the last row the
 * total of the others), the marks, and the orders (in every row, column
 * order[i][0] at most column order[i][1]). */
enum { SUPPRESS_SMALL = 1, SUPPRESS_OTHER = 2 };
struct suppress_grid {
	long long *v;
	unsigned char *hidden;
	size_t rows, cols;
	const unsigned char *sensitive;
	int group_first, group_last;
	const int (*order)[2];
	size_t norder;
};
void report_suppress(struct suppress_grid *g, long long min_cell);
/* A cell as published: small ("<5"), "x", or its number. */
const char *report_shown(unsigned char hidden, const char *small,
    const char *number);
/* The policy's reports.min_cell (5): 0, or a sysexits code. */
int report_min_cell(const struct cli *c, long *min_cell);
/* Each gap in turn to sink (where, id, name, problem, since, fix), the
 * problem and the fix in English (ph-report gaps) or, chinese, in
 * Chinese (the HTML report); *found: how many.  0, or a sysexits code. */
typedef int (*report_gap_fn)(void *ctx, const char *const v[6]);
int report_gaps_each(const struct report_dbs *r, const struct cli *c,
    int chinese, report_gap_fn sink, void *ctx, long *found);
/* gaps: what fell through the cracks, one line each with what to do; 1
 * when there are any, for cron to mail. */
int report_gaps(const struct report_dbs *r, const struct cli *c);

/* trend: the cards of each campaign (campaigns: "C1,C2,..." or NULL for
 * all); moved: who went from which colour to which between the last two;
 * new_red: who is red in the last and was not in the one before. */
int report_trend(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const char *campaigns, int moved,
    int new_red);
/* followups: red cards and whether their first talk came within the
 * policy's deadline, per unit (report_care.c). */
int report_followups(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);
/* Its rows as figures, by unit path: red cards, seen in time, seen
 * late, booked, overdue, not yet due. */
int report_followup_figures(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, struct report_figures *f);
/* The same from each file's first talks read already (firsts[i] of the
 * file i of n, by sched_first_talks), by unit at level by, the units in
 * the order of each file's tree. */
struct first_talks;
void report_first_talk_figures(const struct first_talks *firsts, size_t n,
    const char *by, struct report_figures *f);
/* alerts: raised, acknowledged, open, escalated, past the last level,
 * median and worst hours to acknowledge, per unit. */
int report_alerts(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);
/* The same rows to fn, each unit's (unit path) and then the total's
 * (unit NULL): alerts, acknowledged, open, escalated, past the last
 * level (v); median and worst hours to acknowledge ("" when none); the
 * escalations into each level (0-based, REPORT_LEVELS).  0, or fn's
 * return, or a sysexits code. */
#define REPORT_LEVELS 8
struct report_alert_row {
	const char *unit;
	const long long *v;
	const char *median, *worst;
	const long long *to_level;
};
typedef int (*report_alert_fn)(void *ctx, const struct report_alert_row *a);
int report_alerts_each(const struct report_dbs *r, const char *by,
    report_alert_fn fn, void *ctx);
/* cases: per kind, opened, closed, open, with a step late, median days
 * to close, outcomes. */
int report_cases(const struct report_dbs *r, const struct cli *c);
/* The same rows to fn, crisis then referral: kind, v (opened, closed,
 * open, with a step late), median days to close ("" when none), the
 * closed cases' outcomes ("outcome n; ...", "" when none). */
typedef int (*report_case_fn)(void *ctx, const char *kind,
    const long long v[4], const char *median, const char *outcomes);
int report_cases_each(const struct report_dbs *r, const struct cli *c,
    report_case_fn fn, void *ctx);
/* referrals: each referral case and each step the policy asks of it:
 * when recorded, or LATE, or due.  Names: for the school's own use
 * (report_referrals.c). */
int report_referrals(const struct report_dbs *r, const struct cli *c);
/* staffing: each school's pupils and counsellors against the policy's
 * reports.students_per_counsellor (800) and min_counsellors (1)
 * (report_staffing.c). */
int report_staffing(const struct report_dbs *r, const struct cli *c);
/* The policy's staffing numbers (per counsellor, minimum), and each
 * school's rows: pupils, counsellors, needed. */
int report_staffing_policy(const struct cli *c, double want[2]);
int report_staffing_rows(sqlite3 *db, const double want[2],
    int (*fn)(void *ctx, const char *school, long long pupils,
    long long have, long long need), void *ctx);
/* compliance: every target with its figure and met or short, per school
 * (report_compliance.c). */
int report_compliance(const struct report_dbs *r, const struct cli *c);
/* Each target in turn to fn (unit, target, figure, required, verdict;
 * met 1 or 0), in English or, chinese, in Chinese; per_file: each
 * file's figures per school (schools_figures) read already (NULL: read
 * here).  0, or a sysexits code (EX_IOERR when fn failed). */
typedef int (*report_target_fn)(void *ctx, const char *const f[5], int met);
struct schools;
int report_compliance_each(const struct report_dbs *r, const struct cli *c,
    const struct schools *per_file, int chinese, report_target_fn fn,
    void *ctx);
/* activity: per school, classes and lessons held, classes behind, pupils
 * and families visited, room hours a week, group sessions and their
 * attendance, events, this term and school year; --by class: per class,
 * its class teachers, pupils, families visited, lessons held and due
 * (report_activity.c). */
int report_activity(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);
/* The cards of every campaign of the files, oldest first, as figures
 * (unit: the campaign's code); none when there is only one. */
int report_trend_figures(const struct report_dbs *r,
    const struct report_opts *o, struct report_figures *f);
/* The row of key among the *n rows of size bytes at *rows, found through
 * index, in the order first seen: a new one, zeroed but for its first
 * member, a char * set to a copy of key (malloc'd), is added at the end
 * (rows grown, *cap) when there is none.  rows: the address of the
 * caller's pointer to its rows.  Its index. */
size_t report_row(struct strmap *index, void *rows, size_t *n, size_t *cap,
    size_t size, const char *key);

/* Closes w: rc, else EX_IOERR when a write (out) or the close failed,
 * else 0. */
struct rec_writer;
int report_done(struct rec_writer *w, int rc, int out);

/* html: the term's report for people, one self-contained file. */
struct html_opts {
	const char *output;	/* -o FILE, or NULL: stdout */
	int english;		/* --lang en */
};
int report_html(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, const struct html_opts *h);

#endif
