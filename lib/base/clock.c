#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
clock_init(void)
{
	const char *tz = getenv("TZ");

	/* The programme runs in Chinese schools; a server left in UTC must
	 * still see the school's day. */
	if (tz == NULL || *tz == '\0')
		(void)setenv("TZ", "Asia/Shanghai", 1);
	tzset();
}

/* The latest time a PH_NOW or an --at may name: 9999-12-31 23:59:59 UTC. */
#define CLOCK_LAST_EPOCH 253402300799LL

/* n decimal digits at s, nothing else (no sign, no space): 0 or -1. */
static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "@EPOCH": seconds since 1970 in UTC, 0 to the end of 9999. */
static int
parse_epoch(const char *s, time_t *out, const char **why)
{
	long long v = 0;

	if (*s == '\0') {
		*why = "expected digits after @";
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			*why = "@EPOCH takes digits only";
			return -1;
		}
		v = v * 10 + (*s - '0');
		if (v > CLOCK_LAST_EPOCH) {
			*why = "after the year 9999";
			return -1;
		}
	}
	*out = (time_t)v;
	return 0;
}

/* " HH:MM[:SS]" or "THH:MM[:SS]" after the date, or nothing. */
static int
parse_clock_time(const char *s, struct tm *tm, const char **why)
{
	*why = "expected 'YYYY-MM-DD HH:MM[:SS]'";
	if (*s == '\0')
		return 0;
	if ((*s != ' ' && *s != 'T') || digits(s + 1, 2, &tm->tm_hour) ||
	    s[3] != ':' || digits(s + 4, 2, &tm->tm_min))
		return -1;
	if (s[6] == ':' && (digits(s + 7, 2, &tm->tm_sec) || s[9] != '\0'))
		return -1;
	if (s[6] != ':' && s[6] != '\0')
		return -1;
	if (tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 59) {
		*why = "no such time of day";
		return -1;
	}
	return 0;
}

int
clock_parse_why(const char *s, time_t *out, const char **why)
{
	const char *ignored;
	struct tm tm, want;
	int y, mo, d;

	if (why == NULL)
		why = &ignored;
	if (s[0] == '@')
		return parse_epoch(s + 1, out, why);
	memset(&tm, 0, sizeof(tm));
	*why = "expected 'YYYY-MM-DD HH:MM[:SS]'";
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) ||
	    parse_clock_time(s + 10, &tm, why) != 0)
		return -1;
	if (y < 1970) {
		*why = "before 1970";
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	want = tm;
	*out = mktime(&tm);
	*why = "no such day";
	if (mo < 1 || mo > 12 || d < 1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*why = "that local time does not exist (daylight saving)";
	if (*out == (time_t)-1 || tm.tm_hour != want.tm_hour ||
	    tm.tm_min != want.tm_min)
		return -1;
	return 0;
}

int
clock_parse(const char *s, time_t *out)
{
	return clock_parse_why(s, out, NULL);
}

int
clock_now(time_t *out)
{
	const char *s = getenv("PH_NOW");

	if (s != NULL && *s != '\0')
		return clock_parse(s, out);
	*out = time(NULL);
	return 0;
}

void
clock_local(time_t t, struct tm *out)
{
	if (localtime_r(&t, out) == NULL)
		memset(out, 0, sizeof(*out));
}

void
clock_timestamp(time_t t, char out[32])
{
	struct tm tm;
	long off;
	size_t n;

	clock_local(t, &tm);
	off = tm.tm_gmtoff / 60;
	n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, "%c%02ld:%02ld", off < 0 ? '-' : '+',
	    (labs(off) / 60) % 100, labs(off) % 60);
}

void
clock_date(time_t t, char out[11])
{
	struct tm tm;

	clock_local(t, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

void
clock_school_year(time_t t, char out[11])
{
	struct tm tm;

	clock_local(t, &tm);
	if (tm.tm_mon < 8)	/* before September: the year before's */
		tm.tm_year--;
	tm.tm_mon = 8;
	tm.tm_mday = 1;
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

int
parse_duration(const char *s, long *seconds)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || errno != 0 || n < 0)
		return -1;
	switch (*end) {
	case '\0': case 's': break;
	case 'm': n *= 60; break;
	case 'h': n *= 3600; break;
	case 'd': n *= 86400; break;
	case 'w': n *= 7 * 86400; break;
	default: return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	*seconds = n;
	return 0;
}
