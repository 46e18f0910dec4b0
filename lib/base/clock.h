/*
 * Time: local (TZ, Asia/Shanghai when unset), and taken from PH_NOW when
 * that is set, so that deadlines, escalation and roll-over can be tested
 * deterministically.
 */
#ifndef PH_CLOCK_H
#define PH_CLOCK_H
#include <time.h>

/* Sets TZ to Asia/Shanghai when the environment has none. */
void clock_init(void);

/* Whether TZ names a zone glibc will really use (a file under TZDIR or
 * /usr/share/zoneinfo, a path, or a POSIX string such as "CST-8"): glibc
 * takes any other name as UTC without a word.  0, or -1 with why set. */
int clock_zone_check(const char **why);
/* The zone's name ("Asia/Shanghai") as the zone database knows it: TZ's
 * name, or what a path (or /etc/localtime, when TZ is ":" or a path)
 * links to under TZDIR; NULL when no name can be known (a POSIX string, a
 * copied file).  The caller frees it. */
char *clock_zone_name(void);
/* The file a zone name or path is read from; the caller frees it. */
char *clock_zone_file(const char *name);

/* Now: PH_NOW ("YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS]"
 * or "@EPOCH") or the system clock.  0, or -1 when PH_NOW is malformed. */
int clock_now(time_t *out);

/* Parses the PH_NOW forms (local time): a real day of the years 1970 to
 * 9999, a real time of day (00:00:00 to 23:59:59, one that exists in the
 * zone), @EPOCH from 0 to the end of 9999; 0 or -1. */
int clock_parse(const char *s, time_t *out);
/* The same, with why set to what is wrong (a constant string). */
int clock_parse_why(const char *s, time_t *out, const char **why);

/* "2026-09-01T08:00:00+08:00" */
void clock_timestamp(time_t t, char out[32]);
/* "2026-09-01" */
void clock_date(time_t t, char out[11]);
/* The first day of t's school year, 1 September: "2026-09-01". */
void clock_school_year(time_t t, char out[11]);
/* Local calendar fields. */
void clock_local(time_t t, struct tm *out);

/* "24h", "3d", "30m", "1w", "90s" or plain seconds, ten years at the
 * most: 0, or -1. */
int parse_duration(const char *s, long *seconds);

#endif
