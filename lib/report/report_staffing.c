/*
 * ph-report staffing: each school's pupils and counsellors against the
 * policy's reports.students_per_counsellor and min_counsellors.  The rows
 * are also what compliance and upward --care count.
 */
#include "report.h"

#include <err.h>
#include <stdio.h>
#include <sysexits.h>

#include "db.h"
#include "io.h"
#include "policy.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"

int
report_staffing_policy(const struct cli *c, double want[2])
{
	const struct policy *p = policy_of(c, 0);

	/* their ranges are the policy's to check */
	if (p == NULL)
		return EX_CONFIG;
	want[0] = p->numbers.students_per_counsellor;
	want[1] = p->numbers.min_counsellors;
	return 0;
}

int
report_staffing_rows(sqlite3 *db, const double want[2],
    int (*fn)(void *ctx, const char *school, long long pupils,
    long long have, long long need), void *ctx)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_staffing_schools);
	int rc = 0, step = 0;

	while (db_row(db, st, &step)) {
		long long n = sqlite3_column_int64(st, 1);
		long long per = (long long)want[0];
		long long need = (n + per - 1) / per;

		if (need < (long long)want[1])
			need = (long long)want[1];
		if ((rc = fn(ctx, db_column_text(st, 0), n,
		    sqlite3_column_int64(st, 2), need)) != 0)
			break;
	}
	sqlite3_finalize(st);
	return rc != 0 ? rc : step;
}

static int
staffing_row(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	char a[24], b[24], d[24];
	const char *f[5] = { school, a, b, d, have >= need ? "met" : "short" };

	snprintf(a, sizeof(a), "%lld", pupils);
	snprintf(b, sizeof(b), "%lld", have);
	snprintf(d, sizeof(d), "%lld", need);
	return rec_write(ctx, f) != 0 ? EX_IOERR : 0;
}

int
report_staffing(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "school", "students",
	    "counsellors", "needed", "verdict" };
	struct rec_writer *w;
	double want[2];
	int rc, wrc;

	if ((rc = report_staffing_policy(c, want)) != 0)
		return rc;
	w = io_writer(c, 5, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = report_staffing_rows(r->db[i], want, staffing_row, w);
	wrc = io_writer_close(w);
	return rc ? rc : wrc;
}
