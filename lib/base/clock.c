#include "clock.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "xalloc.h"

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

/* The zone file TZ names ("Asia/Shanghai" under TZDIR, or a path), as
 * glibc looks for it; the caller frees it. */
char *
clock_zone_file(const char *name)
{
	const char *dir = getenv("TZDIR");

	if (*name == '/')
		return xstrdup(name);
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	return xasprintf("%s/%s", dir, name);
}

/* Whether path is a compiled zone (it begins "TZif"). */
static int
is_zone_file(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int yes;

	if (f == NULL)
		return 0;
	yes = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	(void)fclose(f);
	return yes;
}

/* A POSIX zone's name: three or more letters, or <...>; past it, or NULL. */
static const char *
posix_abbr(const char *p)
{
	size_t n = 0;

	if (*p == '<') {
		while (isalnum((unsigned char)p[1 + n]) || p[1 + n] == '+' ||
		    p[1 + n] == '-')
			n++;
		return n >= 3 && p[1 + n] == '>' ? p + n + 2 : NULL;
	}
	while (isalpha((unsigned char)p[n]))
		n++;
	return n >= 3 ? p + n : NULL;
}

/* [+-]h[h][:mm[:ss]]; past it, or NULL. */
static const char *
posix_offset(const char *p)
{
	int part = 0;

	if (*p == '+' || *p == '-')
		p++;
	do {
		size_t n = 0;

		if (part > 0)
			p++;	/* the colon */
		while (n < 3 && isdigit((unsigned char)p[n]))
			n++;
		if (n == 0 || (part > 0 && n != 2))
			return NULL;
		p += n;
	} while (++part < 3 && *p == ':');
	return p;
}

/* ,date[/time] where date is Jn, n or Mm.w.d; past it, or NULL. */
static const char *
posix_change(const char *p)
{
	if (*p++ != ',')
		return NULL;
	if (*p == 'J')
		p++;
	if (*p == 'M') {
		for (int i = 0; i < 3; i++) {
			if (!isdigit((unsigned char)*++p))
				return NULL;
			while (isdigit((unsigned char)*p))
				p++;
			if (i < 2 && *p != '.')
				return NULL;
		}
	} else {
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '/' ? posix_offset(p + 1) : p;
}

/* Whether s is a POSIX TZ string: std offset [dst [offset] [,start,end]]. */
static int
is_posix_zone(const char *p)
{
	if ((p = posix_abbr(p)) == NULL || (p = posix_offset(p)) == NULL)
		return 0;
	if (*p == '\0')
		return 1;
	if ((p = posix_abbr(p)) == NULL)
		return 0;
	if (*p != '\0' && *p != ',' && (p = posix_offset(p)) == NULL)
		return 0;
	if (*p == '\0')
		return 1;
	if ((p = posix_change(p)) == NULL || (p = posix_change(p)) == NULL)
		return 0;
	return *p == '\0';
}

int
clock_zone_check(const char **why)
{
	const char *tz = getenv("TZ");
	char *file;
	int found;

	if (tz == NULL || strcmp(tz, ":") == 0)
		return 0;	/* /etc/localtime */
	file = clock_zone_file(*tz == ':' ? tz + 1 : tz);
	found = is_zone_file(file);
	free(file);
	if (found || (*tz != ':' && is_posix_zone(tz)))
		return 0;
	*why = *tz == ':' || strchr(tz, '/') != NULL ?
	    "no such zone (see /usr/share/zoneinfo or TZDIR)" :
	    "neither a zone in /usr/share/zoneinfo (or TZDIR) nor a POSIX "
	    "TZ string such as CST-8";
	return -1;
}

char *
clock_zone_name(void)
{
	const char *tz = getenv("TZ"), *dir = getenv("TZDIR");
	char *file, *real, *root, *name = NULL;
	size_t n;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz != NULL && *tz != '/' && *tz != '\0') {
		file = clock_zone_file(tz);
		if (is_zone_file(file))
			name = xstrdup(tz);
		free(file);
		return name;	/* a POSIX string names no zone */
	}
	/* a path, or /etc/localtime: the zone it links to */
	real = realpath(tz != NULL && *tz != '\0' ? tz : "/etc/localtime",
	    NULL);
	root = realpath(dir != NULL && *dir != '\0' ? dir :
	    "/usr/share/zoneinfo", NULL);
	if (real != NULL && root != NULL) {
		n = strlen(root);
		if (strncmp(real, root, n) == 0 && real[n] == '/')
			name = xstrdup(real + n + 1 +
			    (strncmp(real + n + 1, "posix/", 6) == 0 ? 6 : 0));
	}
	free(real);
	free(root);
	return name;
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

#define DURATION_MAX (3650L * 86400)

int
parse_duration(const char *s, long *seconds)
{
	char *end;
	long n, unit;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || errno != 0 || n < 0)
		return -1;
	switch (*end) {
	case '\0': case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	/* a policy's wait past ten years is a slip of the keyboard, and
	 * one added to a date must stay a date */
	if ((*end != '\0' && end[1] != '\0') || n > DURATION_MAX / unit)
		return -1;
	*seconds = n * unit;
	return 0;
}
