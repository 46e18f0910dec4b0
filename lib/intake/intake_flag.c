/* A counsellor's own special-group flags: ph-intake flag ID +FLAG|-FLAG. */
#include "intake.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "diag.h"
#include "db.h"
#include "norm.h"
#include "xalloc.h"

int
intake_flag(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *change, const char *since, const char *note)
{
	sqlite3_stmt *person = NULL, *open = NULL, *st = NULL;
	struct audit *audit = NULL;
	char today[11], *why = NULL, *detail = NULL;
	long long id, flag_id = 0;
	int add, f, rc;
	const char *key;

	if ((change[0] != '+' && change[0] != '-') || change[1] == '\0') {
		warnx("'%s': expected +FLAG to set a flag or -FLAG to clear "
		    "one", change);
		return EX_USAGE;
	}
	add = change[0] == '+';
	if (norm_flag(change + 1, &f, &why) != 0) {
		diag_lines(why);
		free(why);
		return EX_USAGE;
	}
	key = norm_flag_key(f);
	clock_date(c->now, today);
	if (since == NULL)
		since = today;
	if ((rc = db_begin(db)) != 0)
		return rc;
	person = db_prepare(db, "SELECT id FROM person WHERE person_no = ?");
	sqlite3_bind_text(person, 1, person_no, -1, SQLITE_STATIC);
	if (sqlite3_step(person) != SQLITE_ROW) {
		warnx("no person '%s'", person_no);
		rc = EX_DATAERR;
		goto done;
	}
	id = sqlite3_column_int64(person, 0);
	open = db_prepare(db, "SELECT id FROM person_flag WHERE person_id = ? "
	    "AND flag = ? AND until IS NULL");
	sqlite3_bind_int64(open, 1, id);
	sqlite3_bind_text(open, 2, key, -1, SQLITE_STATIC);
	if (sqlite3_step(open) == SQLITE_ROW)
		flag_id = sqlite3_column_int64(open, 0);
	if (add && flag_id != 0) {
		fprintf(stderr, "ph-intake: %s already has %s (%s)\n",
		    person_no, key, norm_flag_zh(f));
		goto done;
	}
	if (!add && flag_id == 0) {
		fprintf(stderr, "ph-intake: %s does not have %s (%s)\n",
		    person_no, key, norm_flag_zh(f));
		goto done;
	}
	if (add) {
		st = db_prepare(db, "INSERT INTO person_flag (person_id, flag, "
		    "source, since, note) VALUES (?, ?, 'manual', ?, ?)");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 4, note);
	} else {
		/* Closed, not deleted: the archive shows when it applied. */
		st = db_prepare(db, "UPDATE person_flag SET until = ?, "
		    "note = coalesce(?, note) WHERE id = ?");
		sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 2, note);
		sqlite3_bind_int64(st, 3, flag_id);
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, "flag");
		goto done;
	}
	audit = audit_new(db, c->now, c->actor);
	detail = xasprintf("%c%s since %s%s%s", add ? '+' : '-', key, since,
	    note ? ": " : "", note ? note : "");
	rc = audit_append(audit, add ? "flag.set" : "flag.clear", person_no,
	    detail);
done:
	sqlite3_finalize(person);
	sqlite3_finalize(open);
	sqlite3_finalize(st);
	audit_free(audit);
	free(detail);
	if (rc == 0)
		return db_commit(db);
	db_rollback(db);
	return rc;
}
