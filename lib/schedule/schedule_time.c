/*
 * The clock as the calendar reads it: the weekday and the "HH:MM" of a
 * local time, and a weekday or a time of day as people write them.
 */
#include "schedule.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clock.h"

int
sched_weekday(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

/* "HH:MM" of hour h and minute m, both in range. */
static void
put_hhmm(int h, int m, char out[6])
{
	out[0] = (char)('0' + h / 10 % 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10 % 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

void
sched_hhmm(time_t t, char out[6])
{
	struct tm tm;

	clock_local(t, &tm);
	put_hhmm(tm.tm_hour, tm.tm_min, out);
}

int
sched_parse_weekday(const char *s)
{
	static const char *const zh[] = { "一", "二", "三", "四", "五", "六",
	    "日" };
	static const char *const en[] = { "mon", "tue", "wed", "thu", "fri",
	    "sat", "sun" };
	const char *p = s;

	if (s[0] >= '1' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	if (strncmp(p, "星期", 6) == 0 || strncmp(p, "礼拜", 6) == 0)
		p += 6;
	else if (strncmp(p, "周", 3) == 0)
		p += 3;
	for (int i = 0; i < 7; i++)
		if (strcmp(p, zh[i]) == 0 || (i == 6 && strcmp(p, "天") == 0) ||
		    strncasecmp(s, en[i], 3) == 0)
			return i + 1;
	return 0;
}

int
sched_parse_hhmm(const char *s, char out[6])
{
	int h, m;
	char tail;

	if ((sscanf(s, "%d:%d%c", &h, &m, &tail) == 2 ||
	    sscanf(s, "%d:%d:%*d%c", &h, &m, &tail) == 2 ||
	    (strlen(s) == 4 && sscanf(s, "%2d%2d%c", &h, &m, &tail) == 2)) &&
	    h >= 0 && h < 24 && m >= 0 && m < 60) {
		put_hhmm(h, m, out);
		return 0;
	}
	return -1;
}
