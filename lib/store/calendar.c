/*
 * Whether the school is open on a day: see calendar.h.
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

/* Why the calendar closes day, from a row of sched_closed_why: malloc'd,
 * or NULL when it is open. */
static char *
closed_reason(sqlite3_stmt *st, const char *day)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	int terms = sqlite3_column_int(st, 0);
	int in_term = sqlite3_column_int(st, 1);
	const char *kind = db_column_text(st, 2);
	const char *note = db_column_text(st, 3);
	int wd = sqlite3_column_int(st, 4) % 7;

	if (terms && !in_term)
		return xasprintf("%s is outside every term", day);
	if (strcmp(kind, "workday") == 0)
		return NULL;
	if (strcmp(kind, "holiday") == 0)
		return xasprintf("%s is a holiday%s%s", day, *note ? ": " : "",
		    note);
	if (wd == 0 || wd == 6)
		return xasprintf("%s is a %s", day, names[wd]);
	return NULL;
}

int
calendar_closed_why(sqlite3 *db, sqlite3_stmt *closed, const char *day,
    char **why)
{
	int rc = 0;

	*why = NULL;
	sqlite3_bind_text(closed, 1, day, -1, SQLITE_STATIC);
	if (db_row(db, closed, &rc)) {
		*why = closed_reason(closed, day);
		sqlite3_reset(closed);
	}
	return rc;
}

int
calendar_school_day(sqlite3 *db, sqlite3_stmt *closed, const char *day,
    int *open)
{
	char *why;
	int rc = calendar_closed_why(db, closed, day, &why);

	*open = why == NULL;
	free(why);
	return rc;
}

