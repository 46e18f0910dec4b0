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

struct report_dbs {
	sqlite3 **db;
	char **path;
	size_t n;
};

/* Opens each path read-only, a directory as the *.db files in it, in
 * name order; a path named twice is opened once. */
int report_open(struct report_dbs *r, char *const *paths, size_t n);
void report_close(struct report_dbs *r);

struct report_opts {
	const char *campaign;	/* a code; NULL: each file's latest */
	const char *by;		/* unit kind: school, grade, class, ...;
				 * NULL: --unit's own, else the top units */
	const char *unit;	/* only at or under this unit */
	int missing;		/* coverage: the names, not the counts */
};

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
/* The policy's reports.min_cell (5): 0, or a sysexits code. */
int report_min_cell(const struct cli *c, long *min_cell);
/* gaps: what fell through the cracks, one line each with what to do; 1
 * when there are any, for cron to mail. */
int report_gaps(const struct report_dbs *r, const struct cli *c);

#endif
