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

int
clock_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char sep;

	if (s[0] == '@') {
		char *end;
		long long v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end != '\0')
			return -1;
		*out = (time_t)v;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	if (s[n] != '\0') {
		int m = 0;
		sep = s[n];
		if (sep != ' ' && sep != 'T')
			return -1;
		if (sscanf(s + n + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
			return -1;
		if (s[n + 1 + m] == ':') {
			int k = 0;
			if (sscanf(s + n + 2 + m, "%2d%n", &sec, &k) != 1 ||
			    s[n + 2 + m + k] != '\0')
				return -1;
		} else if (s[n + 1 + m] != '\0')
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || h < 0 || mi < 0 || sec < 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	if (*out == (time_t)-1 || tm.tm_mday != d)
		return -1;
	return 0;
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
