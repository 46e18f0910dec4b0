/*
 * ph-schedule agenda: the appointments of a day or a week, of one
 * counsellor or room, with the client and whether each is still booked.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "clock.h"
#include "db.h"
#include "queries.h"
#include "rows.h"
#include "xalloc.h"

/* The first instant of day first and of the day after last, local
 * time: a range on start that the index on it can serve. */
static int
day_bounds(const char *first, const char *last, time_t *from, time_t *to)
{
	char *a = xasprintf("%s 00:00", first);
	char *b = xasprintf("%s 00:00", last);
	int rc = clock_parse(a, from) != 0 || clock_parse(b, to) != 0 ? -1 : 0;
	struct tm tm;

	free(a);
	free(b);
	if (rc != 0)
		return rc;
	/* midnight of the next day, whatever the clock change */
	clock_local(*to, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*to = mktime(&tm);
	return *to == (time_t)-1 ? -1 : 0;
}

int
sched_agenda(sqlite3 *db, const struct cli *c, const struct agenda_opts *o)
{
	static const char *const cols[] = { "appt", "start", "end", "room",
	    "with", "id", "name", "unit", "status", "followup_of" };
	char first[11], last[11];
	sqlite3_stmt *st;
	time_t from, to;
	int rc;

	if (o->day != NULL) {
		snprintf(first, sizeof(first), "%s", o->day);
		snprintf(last, sizeof(last), "%s", o->day);
	} else if ((rc = sched_week(db, c, o->week, first, last)) != 0)
		return rc < 0 ? EX_USAGE : rc;
	if (day_bounds(first, last, &from, &to) != 0) {
		warnx("--day '%s': expected a date", first);
		return EX_USAGE;
	}
	st = db_prepare(db, sql_sched_agenda);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
	db_bind_text_or_null(st, 3, o->with);
	db_bind_text_or_null(st, 4, o->room);
	return rows_print(db, c, st, 10, cols);
}
