/*
 * ph-report referrals: each referral case and each step the policy asks
 * of it, when recorded, or LATE, or still due.  Names: for the school's
 * own use.
 */
#include "report.h"

#include <stdio.h>
#include <sysexits.h>

#include "alert.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"

/* Each step k asks of case id, opened then, into steps: "step DAY",
 * "step LATE" or "step due".  0 or a code. */
static int
referral_steps(sqlite3 *db, sqlite3_stmt *day, const struct case_kind *k,
    long long id, time_t opened, time_t now, struct buf *steps)
{
	int rc = 0;

	for (size_t j = 0; k != NULL && j < k->nsteps && rc == 0; j++) {
		buf_printf(steps, "%s%s ", j ? ", " : "", k->steps[j].step);
		sqlite3_bind_int64(day, 1, id);
		sqlite3_bind_text(day, 2, k->steps[j].step, -1,
		    SQLITE_STATIC);
		/* one row always: the day, or NULL when not recorded */
		if (db_row(db, day, &rc)) {
			if (sqlite3_column_type(day, 0) != SQLITE_NULL)
				buf_puts(steps, db_column_text(day, 0));
			else
				buf_puts(steps, opened + k->steps[j].within <=
				    now ? "LATE" : "due");
			sqlite3_reset(day);
		}
	}
	return rc;
}

/* One file's referrals into w. */
static int
referral_rows(sqlite3 *db, const struct cli *c, const struct case_kind *k,
    struct rec_writer *w, int *out)
{
	sqlite3_stmt *st = db_prepare(db, sql_report_referrals_each);
	sqlite3_stmt *day = db_prepare(db, sql_report_referral_step_day);
	int rc = 0, step = 0;

	while (rc == 0 && db_row(db, st, &step)) {
		time_t opened = (time_t)sqlite3_column_int64(st, 4);
		struct buf steps = {0};
		char id[24], when[11];
		const char *f[7] = { id, db_column_text(st, 1),
		    db_column_text(st, 2), db_column_text(st, 3), when,
		    db_column_text(st, 5), NULL };

		rc = referral_steps(db, day, k, sqlite3_column_int64(st, 0),
		    opened, c->now, &steps);
		snprintf(id, sizeof(id), "%lld", sqlite3_column_int64(st, 0));
		clock_date(opened, when);
		f[6] = buf_str(&steps);
		if (rc == 0 && rec_write(w, f) != 0)
			*out = 1;
		buf_free(&steps);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(day);
	return rc != 0 ? rc : step;
}

int
report_referrals(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "case", "unit", "id", "name",
	    "opened", "status", "steps" };
	const struct alert_policy *p = alert_policy_of(c);
	struct rec_writer *w;
	int rc = 0, out = 0;

	if (p == NULL)
		return EX_CONFIG;
	w = io_writer(c, 7, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++)
		rc = referral_rows(r->db[i], c, case_kind_of(p, "referral"), w,
		    &out);
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}
