/*
 * list: the alerts, open or all, overdue, by unit or level; show: one
 * alert's history, every message and event in time.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdlib.h>
#include <sysexits.h>

#include "db.h"
#include "people.h"
#include "queries.h"
#include "rows.h"

int
alert_list(sqlite3 *db, const struct cli *c, const struct alert_filter *f)
{
	static const char *const cols[] = { "alert", "id", "name", "unit",
	    "reason", "level", "status", "raised", "due", "overdue",
	    "acked_by" };
	char *path = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((rc = people_unit_option(db, f->unit, &path)) != 0)
		return rc;
	st = db_prepare(db, sql_alert_list);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int(st, 2, f->open);
	sqlite3_bind_int(st, 3, f->overdue);
	sqlite3_bind_int64(st, 4, f->level);
	db_bind_text_or_null(st, 5, path);
	free(path);
	return rows_print(db, c, st, 11, cols);
}

int
alert_show(sqlite3 *db, const struct cli *c, const char *id)
{
	static const char *const cols[] = { "at", "what", "level", "detail" };
	long long n = alert_number(id), one;
	sqlite3_stmt *st = db_prepare(db, sql_alert_exists);
	int rc;

	sqlite3_bind_int64(st, 1, n);
	rc = db_int(db, st, &one);
	sqlite3_finalize(st);
	if (rc == DB_NONE) {
		warnx("no alert '%s'", id);
		return EX_DATAERR;
	}
	if (rc != 0)
		return rc;
	st = db_prepare(db, sql_alert_show);
	sqlite3_bind_int64(st, 1, n);
	return rows_print(db, c, st, 4, cols);
}
