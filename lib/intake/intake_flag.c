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
#include "people.h"
#include "queries.h"
#include "xalloc.h"

/* +FLAG or -FLAG: 0 with *add and *flag set, or EX_USAGE after a
 * message. */
static int
parse_change(const char *change, int *add, int *flag)
{
	char *why = NULL;

	if ((change[0] != '+' && change[0] != '-') || change[1] == '\0') {
		warnx("'%s': expected +FLAG to set a flag or -FLAG to clear "
		    "one", change);
		return EX_USAGE;
	}
	*add = change[0] == '+';
	if (norm_flag(change + 1, flag, &why) != 0) {
		diag_lines(why);
		free(why);
		return EX_USAGE;
	}
	return 0;
}

/* The id of the person's open flag key into *id (0 for none): 0 or the
 * code of a failed step. */
static int
open_flag(sqlite3 *db, long long person, const char *key, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_intake_flag_open);
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = db_int_or_zero(db, st, id);
	sqlite3_finalize(st);
	return rc;
}

/* Sets the flag (flag_id 0) or closes the open one, from since. */
static int
write_flag(sqlite3 *db, long long person, const char *key,
    long long flag_id, const char *since, const char *note)
{
	sqlite3_stmt *st;

	if (flag_id == 0) {
		st = db_prepare(db, sql_intake_flag_set);
		sqlite3_bind_int64(st, 1, person);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 4, note);
	} else {
		st = db_prepare(db, sql_intake_flag_clear);
		sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 2, note);
		sqlite3_bind_int64(st, 3, flag_id);
	}
	return db_run_once(db, st);
}

static int
audit_flag(sqlite3 *db, const struct cli *c, const char *person_no, int add,
    const char *key, const char *since, const char *note)
{
	struct audit *audit = audit_new(db, c->now, c->actor);
	char *detail = xasprintf("%c%s since %s%s%s", add ? '+' : '-', key,
	    since, note ? ": " : "", note ? note : "");
	int rc = audit_append(audit, add ? "flag.set" : "flag.clear",
	    person_no, detail);

	free(detail);
	audit_free(audit);
	return rc;
}

int
intake_flag(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *change, const char *since, const char *note)
{
	char today[11];
	long long id, flag_id = 0;
	int add, f, rc;
	const char *key;

	if ((rc = parse_change(change, &add, &f)) != 0)
		return rc;
	key = norm_flag_key(f);
	clock_date(c->now, today);
	if (since == NULL)
		since = today;
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = people_id(db, person_no, &id)) != 0 ||
	    (rc = open_flag(db, id, key, &flag_id)) != 0)
		return db_end(db, rc);
	if (add == (flag_id != 0)) {
		fprintf(stderr, "ph-intake: %s %s %s (%s)\n", person_no,
		    add ? "already has" : "does not have", key,
		    norm_flag_zh(f));
		return db_end(db, 0);
	}
	if ((rc = write_flag(db, id, key, flag_id, since, note)) == 0)
		rc = audit_flag(db, c, person_no, add, key, since, note);
	return db_end(db, rc);
}
