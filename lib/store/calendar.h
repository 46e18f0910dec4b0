/*
 * The term calendar as every program reads it: whether the school is
 * open on a day, and why not.  ph-schedule keeps the calendar (terms,
 * holidays, make-up days); ph-alert asks it whether the rooms, and who
 * is on duty in them, are there now.
 */
#ifndef PH_CALENDAR_H
#define PH_CALENDAR_H
#include <sqlite3.h>

/* Whether the school is open on day ("YYYY-MM-DD"), through closed, a
 * statement prepared from sql_sched_closed_why (once for a loop over
 * days): 0 with *open 1 or 0, or a sysexits code after a message. */
int calendar_school_day(sqlite3 *db, sqlite3_stmt *closed, const char *day,
    int *open);
/* Why the school is closed on day: 0 with *why (malloc'd) or NULL when
 * it is open, or a sysexits code after a message. */
int calendar_closed_why(sqlite3 *db, sqlite3_stmt *closed, const char *day,
    char **why);

#endif
