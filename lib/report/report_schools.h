/*
 * Figures per school, for compliance, activity and upward --care: each
 * from the program that owns it (coverage from the counts, lessons,
 * visits, rooms and events from ph-schedule, follow-ups from their walk),
 * so that these reports say what the others say.
 */
#ifndef PH_REPORT_SCHOOLS_H
#define PH_REPORT_SCHOOLS_H
#include <sqlite3.h>

#include "cli.h"
#include "strmap.h"

/* Figures per school: done out of all, for each kind of target. */
enum { T_COVERAGE, T_LESSONS, T_VISITS, T_FOLLOWUPS, T_ROOMS, T_COUNT };
struct school {
	char *path;	/* first: report_row's key */
	long long done[T_COUNT], all[T_COUNT];
	/* for activity: lessons held, tenths of room hours a week, group
	 * sessions held, their attendance and its most, events held */
	long long lessons, room_tenths, sessions, came, could, events;
	/* for upward --care: pupils, psychology teachers, and the crisis
	 * and referral cases opened this school year, and closed */
	long long pupils, teachers, crises[2], referrals[2];
};
struct schools {
	struct strmap index;
	struct school *s;
	size_t n, cap;
};

void schools_init(struct schools *t);
void schools_free(struct schools *t);
/* The school of a unit path (its first component), added when new. */
struct school *schools_of(struct schools *t, const char *path);

/* One file's targets per school into t: coverage of the latest
 * campaign, the term's lessons, the year's home visits, red cards'
 * first talks fallen due (of firsts, the file's latest campaign's read
 * already, or when NULL read here), the rooms' hours.  0 or a sysexits
 * code. */
struct first_talks;
int schools_figures(sqlite3 *db, const struct cli *c,
    const struct first_talks *firsts, struct schools *t);
/* Group sessions and events held so far this school year, per school
 * (an event for everyone counts for every school of the file). */
int schools_held_so_far(sqlite3 *db, const struct cli *c,
    struct schools *t);
/* A school's activity as ph-report activity writes it: classes, lessons
 * held, classes behind, pupils, families visited, room hours a week,
 * group sessions, their attendance, events; 0 when it is not a school
 * with pupils (no row). */
int schools_activity_cells(const struct school *sc, char n[9][24]);
/* A named query of this school year: ?1 now, ?2 the year's first day. */
sqlite3_stmt *schools_year_stmt(sqlite3 *db, const struct cli *c,
    const char *sql);

#endif
