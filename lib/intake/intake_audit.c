/* ph-intake audit [verify]: the trail, and whether it is whole. */
#include "intake.h"

#include <err.h>
#include <stdio.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "queries.h"
#include "rows.h"

int
intake_audit_list(sqlite3 *db, const struct cli *c, const char *subject)
{
	static const char *const cols[] = { "id", "at", "actor", "account",
	    "action", "subject", "detail" };

	return rows_print_for(db, c, sql_intake_audit_list, subject,
	    sizeof(cols) / sizeof(*cols), cols);
}

int
intake_audit_verify(sqlite3 *db, const struct cli *c)
{
	static const char *const cols[] = { "rows", "head", "status" };
	char head[65], count[24];
	const char *values[3];
	struct rec_writer *w;
	long rows;
	int rc = audit_verify(db, &rows, head), wrc;

	snprintf(count, sizeof(count), "%ld", rows);
	values[0] = count;
	values[1] = head;
	values[2] = rc == 0 ? "ok" : "broken";
	w = io_writer(c, 3, cols);
	if (rec_write(w, values) != 0)
		rc = rc ? rc : EX_IOERR;
	wrc = io_writer_close(w);
	if (rc != 0 && rc != EX_IOERR)
		warnx("the audit trail has been tampered with");
	return rc ? rc : wrc;
}
