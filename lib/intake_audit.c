/* ph-intake audit [verify]: the trail, and whether it is whole. */
#include "intake.h"

#include <err.h>
#include <stdio.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"

int
intake_audit_list(sqlite3 *db, const struct cli *c, const char *subject)
{
	static const char *const cols[] = { "id", "at", "actor", "action",
	    "subject", "detail" };
	const size_t n = sizeof(cols) / sizeof(cols[0]);
	sqlite3_stmt *st = db_prepare(db, subject != NULL ?
	    "SELECT id, at, actor, action, subject, detail FROM audit "
	    "WHERE subject = ? ORDER BY id" :
	    "SELECT id, at, actor, action, subject, detail FROM audit "
	    "ORDER BY id");
	struct rec_writer *w = intake_writer(c, n, cols);
	const char *values[6];
	int rc, out = 0;

	if (subject != NULL)
		sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++)
			values[i] = db_column_text(st, (int)i);
		if (rec_write(w, values) != 0) {
			out = EX_IOERR;
			break;
		}
	}
	if (out == 0 && rc != SQLITE_DONE)
		out = db_fail(db, "audit");
	sqlite3_finalize(st);
	rc = intake_writer_close(w);
	return out ? out : rc;
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
	w = intake_writer(c, 3, cols);
	if (rec_write(w, values) != 0)
		rc = rc ? rc : EX_IOERR;
	wrc = intake_writer_close(w);
	if (rc != 0 && rc != EX_IOERR)
		warnx("the audit trail has been tampered with");
	return rc ? rc : wrc;
}
