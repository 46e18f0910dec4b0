/*
 * ph-schedule ics: appointments, group series, events (and a room's weekly
 * openings) as an iCalendar file (RFC 5545) that Thunderbird, Outlook and phone
 * calendars import: stable UIDs, SEQUENCE, cancelled events, weekly
 * openings as RRULE with EXDATE for closed days, a VTIMEZONE, lines
 * folded at 75 octets, CRLF.
 */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "people.h"
#include "queries.h"
#include "xalloc.h"

/* Writes one content line, folded at 75 octets without splitting a UTF-8
 * sequence, with CRLF. */
static void
put_line(FILE *out, const char *line, size_t len)
{
	size_t width = 75;

	while (len > width) {
		size_t cut = width;
		while (cut > 0 && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		fwrite(line, 1, cut, out);
		fputs("\r\n ", out);
		line += cut;
		len -= cut;
		width = 74;	/* the leading space counts */
	}
	fwrite(line, 1, len, out);
	fputs("\r\n", out);
}

/* NAME:value with value escaped as TEXT. */
static void
put_text(FILE *out, struct buf *b, const char *name, const char *value)
{
	buf_reset(b);
	buf_puts(b, name);
	buf_putc(b, ':');
	for (const char *p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			buf_putc(b, '\\');
		if (*p == '\n')
			buf_puts(b, "\\n");
		else if (*p != '\r')
			buf_putc(b, *p);
	}
	put_line(out, buf_str(b), b->len);
}

static void
put_raw(FILE *out, struct buf *b, const char *fmt, const char *value)
{
	buf_reset(b);
	buf_printf(b, fmt, value);
	put_line(out, buf_str(b), b->len);
}

/* DTSTART, DTEND or EXDATE of t: ";TZID=zone:" and local time, or in
 * UTC ("...Z") when no zone name can be known (tz NULL). */
static void
put_time(FILE *out, struct buf *b, const char *name, const char *tz, time_t t)
{
	char s[20];
	struct tm tm;

	if (tz != NULL) {
		clock_local(t, &tm);
		strftime(s, sizeof(s), "%Y%m%dT%H%M%S", &tm);
	} else {
		gmtime_r(&t, &tm);
		strftime(s, sizeof(s), "%Y%m%dT%H%M%SZ", &tm);
	}
	buf_reset(b);
	if (tz != NULL)
		buf_printf(b, "%s;TZID=%s:%s", name, tz, s);
	else
		buf_printf(b, "%s:%s", name, s);
	put_line(out, buf_str(b), b->len);
}

/* Local time on day ("YYYYMMDD") at hm ("HH:MM"). */
static time_t
wall_time(const char *day, const char *hm)
{
	char *at = xasprintf("%.4s-%.2s-%.2s %.5s", day, day + 4, day + 6, hm);
	time_t t = 0;

	(void)clock_parse(at, &t);
	free(at);
	return t;
}

/* db_row, with a failed step said as the part of the calendar that
 * failed ("ics: appointments: ..."), as ph-schedule ics says it. */
static int
ics_row(sqlite3 *db, sqlite3_stmt *st, const char *part, int *rc)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW)
		return 1;
	*rc = step == SQLITE_DONE ? 0 : db_fail(db, part);
	sqlite3_reset(st);
	return 0;
}

/* A calendar being written: what every part of it is written with. */
struct ics {
	sqlite3 *db;
	const struct ics_opts *o;
	const char *unit;	/* --unit's path, or NULL */
	char *tz;		/* the zone's name, or NULL: times in UTC */
	char stamp[48];		/* the DTSTAMP line: now, in UTC */
	size_t stamp_len;
	struct buf b;
};

/* BEGIN:VEVENT, its UID (what@ph-schedule) and DTSTAMP. */
static void
begin_event_uid(struct ics *x, const char *what)
{
	char *uid = xasprintf("%s@ph-schedule", what);

	put_line(stdout, "BEGIN:VEVENT", 12);
	put_text(stdout, &x->b, "UID", uid);
	put_line(stdout, x->stamp, x->stamp_len);
	free(uid);
}

/* begin_event_uid of kind-id: a row that keeps its id. */
static void
begin_event(struct ics *x, const char *kind, long long id)
{
	char what[64];

	snprintf(what, sizeof(what), "%s-%lld", kind, id);
	begin_event_uid(x, what);
}

static void
put_sequence(int seq)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "SEQUENCE:%d", seq);

	put_line(stdout, line, n > 0 ? (size_t)n : 0);
}

/* The event's SUMMARY and LOCATION (none when ""), then last (its
 * STATUS or TRANSP) and END:VEVENT. */
static void
end_event(struct ics *x, const char *summary, const char *location,
    const char *last)
{
	put_text(stdout, &x->b, "SUMMARY", summary);
	if (*location != '\0')
		put_text(stdout, &x->b, "LOCATION", location);
	put_line(stdout, last, strlen(last));
	put_line(stdout, "END:VEVENT", 10);
}

/* The closed days a series of every seconds from first, steps long,
 * passed over: EXDATE each. */
static int
put_passed_over(struct ics *x, sqlite3_stmt *held, long long id,
    time_t first, long long every, long long steps)
{
	long long one;
	int rc = 0;

	for (long long k = 1; k < steps && rc == 0; k++) {
		time_t t = first + (time_t)(k * every);

		sqlite3_bind_int64(held, 1, id);
		sqlite3_bind_int64(held, 2, (sqlite3_int64)t);
		if ((rc = db_int(x->db, held, &one)) == DB_NONE) {
			put_time(stdout, &x->b, "EXDATE", x->tz, t);
			rc = 0;
		}
	}
	return rc;
}

/* One group-counselling series of st's row (sched_ics_groups): its
 * sessions as a rule (every so many days or weeks). */
static int
put_group(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *held)
{
	long long id = sqlite3_column_int64(st, 0);
	time_t first = (time_t)sqlite3_column_int64(st, 3);
	time_t last = (time_t)sqlite3_column_int64(st, 5);
	long long every = sqlite3_column_int64(st, 7), steps;
	char *sum;
	int rc;

	if (every <= 0)
		every = 604800;
	steps = (last - first) / every + 1;
	begin_event(x, "group", id);
	put_time(stdout, &x->b, "DTSTART", x->tz, first);
	put_time(stdout, &x->b, "DTEND", x->tz, first + (time_t)
	    sqlite3_column_int64(st, 4));
	buf_reset(&x->b);
	if (every % 604800 == 0)
		buf_printf(&x->b, "RRULE:FREQ=WEEKLY;INTERVAL=%lld;COUNT=%lld",
		    every / 604800, steps);
	else
		buf_printf(&x->b, "RRULE:FREQ=DAILY;INTERVAL=%lld;COUNT=%lld",
		    every / 86400 > 0 ? every / 86400 : 1, steps);
	put_line(stdout, buf_str(&x->b), x->b.len);
	/* the periods passed over because the school was closed */
	if ((rc = put_passed_over(x, held, id, first, every, steps)) != 0)
		return rc;
	sum = xasprintf("团体辅导：%s（%d次）", db_column_text(st, 1),
	    sqlite3_column_int(st, 6));
	end_event(x, sum, db_column_text(st, 2), "STATUS:CONFIRMED");
	free(sum);
	return 0;
}

/* Lectures, trainings, activities of st's row (sched_ics_events): all,
 * or those for the unit, its school or above; an hour each, as no
 * length is kept. */
static int
put_event(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *none)
{
	const char *label = sched_event_label(db_column_text(st, 1));
	time_t at = (time_t)sqlite3_column_int64(st, 3);
	char *sum;

	(void)none;
	begin_event(x, "event", sqlite3_column_int64(st, 0));
	put_time(stdout, &x->b, "DTSTART", x->tz, at);
	put_time(stdout, &x->b, "DTEND", x->tz, at + 3600);
	sum = xasprintf("%s：%s", label, db_column_text(st, 2));
	end_event(x, sum, db_column_text(st, 4), "STATUS:CONFIRMED");
	free(sum);
	return 0;
}

/* The end of day last, 23:59:59 local time, in UTC as RFC 5545 asks of
 * UNTIL beside a TZID. */
static void
until_utc(const char *last, char until[20])
{
	char *at = xasprintf("%s 23:59:59", last);
	time_t t = 0;
	struct tm u;

	(void)clock_parse(at, &t);
	free(at);
	gmtime_r(&t, &u);
	strftime(until, 20, "%Y%m%dT%H%M%SZ", &u);
}

/*
 * One weekly opening of st's row (sched_ics_openings) over one term, its
 * holidays (through ex) excepted, or one the room no longer has,
 * cancelled.  Its UID is what it is, the room, weekday, start and term,
 * so that loading the same rooms again changes no calendar.
 */
static int
put_opening(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *ex)
{
	static const char *const byday[] = { "", "MO", "TU", "WE", "TH", "FR",
	    "SA", "SU" };
	char first[16], until[20];
	const char *day = db_column_text(st, 7), *term = db_column_text(st, 5);
	const char *hs = db_column_text(st, 1), *he = db_column_text(st, 2);
	int weekday = sqlite3_column_int(st, 0), rc;
	char *uid = xasprintf("opening-%s-%d-%.2s%.2s-%.4s%.2s%.2s",
	    db_column_text(st, 8), weekday, hs, hs + 3, term, term + 5,
	    term + 8);

	snprintf(first, sizeof(first), "%.4s%.2s%.2s", day, day + 5, day + 8);
	begin_event_uid(x, uid);
	free(uid);
	put_sequence(sqlite3_column_int(st, 9));
	put_time(stdout, &x->b, "DTSTART", x->tz, wall_time(first, hs));
	put_time(stdout, &x->b, "DTEND", x->tz, wall_time(first, he));
	until_utc(db_column_text(st, 6), until);
	buf_reset(&x->b);
	buf_printf(&x->b, "RRULE:FREQ=WEEKLY;BYDAY=%s;UNTIL=%s",
	    byday[weekday % 8], until);
	put_line(stdout, buf_str(&x->b), x->b.len);
	sqlite3_bind_text(ex, 1, term, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ex, 2, db_column_text(st, 6), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(ex, 3, weekday);
	while (db_row(x->db, ex, &rc))
		put_time(stdout, &x->b, "EXDATE", x->tz,
		    wall_time(db_column_text(ex, 0), hs));
	if (rc != 0)
		return rc;
	if (sqlite3_column_int(st, 10))
		put_line(stdout, "STATUS:CANCELLED", 16);
	end_event(x, *db_column_text(st, 3) ? db_column_text(st, 3) : "开放",
	    db_column_text(st, 4), "TRANSP:TRANSPARENT");
	return 0;
}

/* One appointment of st's row (sched_ics_appointments): "已预约" unless
 * --names. */
static int
put_appointment(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *none)
{
	int cancelled = strcmp(db_column_text(st, 3), "cancelled") == 0;
	char *named = NULL;

	(void)none;
	begin_event(x, "appt", sqlite3_column_int64(st, 0));
	put_sequence(sqlite3_column_int(st, 4));
	put_time(stdout, &x->b, "DTSTART", x->tz,
	    (time_t)sqlite3_column_int64(st, 1));
	put_time(stdout, &x->b, "DTEND", x->tz,
	    (time_t)sqlite3_column_int64(st, 2));
	if (x->o->names)
		named = xasprintf("心理咨询：%s（%s）与%s", db_column_text(st, 6),
		    db_column_text(st, 7), db_column_text(st, 8));
	end_event(x, named ? named : "已预约", db_column_text(st, 5),
	    cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
	free(named);
	return 0;
}

/* The parts of a calendar after its head, in order: each a query of ?1
 * room, ?2 counsellor, ?3 unit (NULL: any) written a row at a time,
 * with a statement of its own for each row (or none). */
static const struct part {
	const char *sql, *aux;
	const char *name;	/* how its failure is said */
	enum { ALWAYS, WITH_ROOM, FOR_ALL } when;
	int (*put)(struct ics *x, sqlite3_stmt *row, sqlite3_stmt *aux);
} parts[] = {
	/* a room's weekly openings over the terms, closed days excepted */
	{ sql_sched_ics_openings, sql_sched_ics_holidays, "ics: openings",
	    WITH_ROOM, put_opening },
	{ sql_sched_ics_appointments, NULL, "ics: appointments", ALWAYS,
	    put_appointment },
	/* group-counselling series: one event each, with the closed days
	 * passed over as EXDATE */
	{ sql_sched_ics_groups, sql_sched_ics_group_held,
	    "ics: group sessions", ALWAYS, put_group },
	/* events, in a calendar neither of a room nor of a counsellor */
	{ sql_sched_ics_events, NULL, "ics: events", FOR_ALL, put_event },
};

/* Each row of part p. */
static int
put_part(struct ics *x, const struct part *p)
{
	const char *const param[] = { x->o->room, x->o->with, x->unit };
	sqlite3_stmt *st = db_prepare(x->db, p->sql);
	sqlite3_stmt *aux = p->aux ? db_prepare(x->db, p->aux) : NULL;
	int rc = 0, step = 0;

	for (int i = 0; i < 3 && i < sqlite3_bind_parameter_count(st); i++)
		db_bind_text_or_null(st, i + 1, param[i]);
	while (rc == 0 && ics_row(x->db, st, p->name, &step))
		rc = p->put(x, st, aux);
	sqlite3_finalize(aux);
	sqlite3_finalize(st);
	return rc ? rc : step;
}

/* The offset in force at a moment, and what it is called. */
struct zone_at {
	long off;
	int dst;
	char abbr[16];
};

static void
zone_at(time_t t, struct zone_at *z)
{
	struct tm tm;

	clock_local(t, &tm);
	z->off = tm.tm_gmtoff;
	z->dst = tm.tm_isdst > 0;
	snprintf(z->abbr, sizeof(z->abbr), "%s", tm.tm_zone ? tm.tm_zone : "");
}

/* The moments the offset changes in the 366 days from start, each to the
 * second; how many (at most max are kept). */
static int
zone_changes(time_t start, time_t *at, int max)
{
	struct zone_at a, b, m;
	int n = 0;

	zone_at(start, &a);
	for (time_t t = start; t < start + 366 * 86400; t += 86400) {
		time_t lo = t, hi = t + 86400;

		zone_at(hi, &b);
		if (b.off == a.off && b.dst == a.dst)
			continue;
		while (hi - lo > 1) {
			time_t mid = lo + (hi - lo) / 2;

			zone_at(mid, &m);
			if (m.off == a.off && m.dst == a.dst)
				lo = mid;
			else
				hi = mid;
		}
		if (n < max)
			at[n] = hi;
		n++;
		a = b;
	}
	return n;
}

/* "+0800" */
static void
put_offset(struct ics *x, const char *name, long off)
{
	buf_reset(&x->b);
	buf_printf(&x->b, "%s:%c%02ld%02ld", name, off < 0 ? '-' : '+',
	    labs(off) / 3600 % 100, labs(off) / 60 % 60);
	put_line(stdout, buf_str(&x->b), x->b.len);
}

/* Day of month of the nth (-1: last) weekday wday of month mon (0-11)
 * of year, and how many days the month has. */
static int
nth_weekday(int year, int mon, int nth, int wday, int *days)
{
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon + 1 };
	time_t t = timegm(&tm);		/* day 0 of the next: the last */
	int first;

	gmtime_r(&t, &tm);
	*days = tm.tm_mday;
	first = 1 + ((wday - (tm.tm_wday - (*days - 1) % 7) + 14) % 7);
	if (nth > 0)
		return first + 7 * (nth - 1);
	return first + 7 * ((*days - first) / 7);
}

/* One observance: the change at `at` (or, when yearly, the same weekday
 * of the same month every year, from 1970), from the offset before to the
 * one after. */
static void
put_observance(struct ics *x, time_t at, int yearly)
{
	static const char *const wd[] = { "SU", "MO", "TU", "WE", "TH", "FR",
	    "SA" };
	struct zone_at from, to;
	struct tm w;
	time_t wall;
	int days, nth;
	const char *kind;

	zone_at(at - 1, &from);
	zone_at(at, &to);
	kind = to.dst ? "DAYLIGHT" : "STANDARD";
	wall = at + from.off;	/* when it happens, on the clock before */
	gmtime_r(&wall, &w);
	put_raw(stdout, &x->b, "BEGIN:%s", kind);
	(void)nth_weekday(w.tm_year + 1900, w.tm_mon, 1, w.tm_wday, &days);
	nth = w.tm_mday + 7 > days ? -1 : (w.tm_mday - 1) / 7 + 1;
	buf_reset(&x->b);
	buf_printf(&x->b, "DTSTART:%04d%02d%02dT%02d%02d%02d", yearly ? 1970 :
	    w.tm_year + 1900, w.tm_mon + 1, yearly ? nth_weekday(1970,
	    w.tm_mon, nth, w.tm_wday, &days) : w.tm_mday, w.tm_hour, w.tm_min,
	    w.tm_sec);
	put_line(stdout, buf_str(&x->b), x->b.len);
	if (yearly) {
		buf_reset(&x->b);
		buf_printf(&x->b, "RRULE:FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s",
		    w.tm_mon + 1, nth, wd[w.tm_wday]);
		put_line(stdout, buf_str(&x->b), x->b.len);
	}
	put_offset(x, "TZOFFSETFROM", from.off);
	put_offset(x, "TZOFFSETTO", to.off);
	if (*to.abbr != '\0')
		put_text(stdout, &x->b, "TZNAME", to.abbr);
	put_raw(stdout, &x->b, "END:%s", kind);
}

/* The VTIMEZONE of the zone's rules in force in now's year: both offsets
 * with the yearly rule of each change where the zone keeps daylight
 * saving, else the one offset. */
static void
put_zone(struct ics *x, time_t now)
{
	struct tm tm;
	struct zone_at z;
	time_t start, at[4];
	int n;

	clock_local(now, &tm);
	tm = (struct tm){ .tm_year = tm.tm_year, .tm_mday = 1 };
	start = timegm(&tm);
	n = zone_changes(start, at, 4);
	put_line(stdout, "BEGIN:VTIMEZONE", 15);
	put_raw(stdout, &x->b, "TZID:%s", x->tz);
	if (n != 2) {
		/* one offset all year (or a zone that changed its rules
		 * this year): the offset the year began with */
		zone_at(start, &z);
		put_raw(stdout, &x->b, "BEGIN:%s", "STANDARD");
		put_line(stdout, "DTSTART:19700101T000000", 23);
		put_offset(x, "TZOFFSETFROM", z.off);
		put_offset(x, "TZOFFSETTO", z.off);
		if (*z.abbr != '\0')
			put_text(stdout, &x->b, "TZNAME", z.abbr);
		put_raw(stdout, &x->b, "END:%s", "STANDARD");
	}
	for (int i = 0; i < n && i < 4; i++)
		put_observance(x, at[i], n == 2);
	put_line(stdout, "END:VTIMEZONE", 13);
}

/* BEGIN:VCALENDAR, and the zone when the times are in one. */
static void
put_head(struct ics *x, time_t now)
{
	struct tm utc;

	gmtime_r(&now, &utc);
	x->stamp_len = strftime(x->stamp, sizeof(x->stamp),
	    "DTSTAMP:%Y%m%dT%H%M%SZ", &utc);
	put_line(stdout, "BEGIN:VCALENDAR", 15);
	put_line(stdout, "VERSION:2.0", 11);
	put_raw(stdout, &x->b, "PRODID:-//ph//ph-schedule %s//ZH", PH_VERSION);
	put_line(stdout, "CALSCALE:GREGORIAN", 18);
	put_line(stdout, "METHOD:PUBLISH", 14);
	if (x->tz != NULL)
		put_zone(x, now);
}

int
sched_ics(sqlite3 *db, const struct cli *c, const struct ics_opts *o)
{
	struct ics x;
	char *unit = NULL;
	int rc;

	if ((rc = people_unit_option(db, o->unit, &unit)) != 0)
		return rc;
	memset(&x, 0, sizeof(x));
	x.db = db;
	x.o = o;
	x.unit = unit;
	/* the zone the times are in, as its name, never a guess */
	x.tz = clock_zone_name();
	put_head(&x, c->now);
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts) && rc == 0; i++)
		if (parts[i].when == ALWAYS || (parts[i].when == WITH_ROOM ?
		    o->room != NULL : o->room == NULL && o->with == NULL))
			rc = put_part(&x, &parts[i]);
	free(unit);
	free(x.tz);
	buf_free(&x.b);
	/* a calendar cut short has no end: no reader takes it as whole */
	if (rc != 0)
		return rc;
	put_line(stdout, "END:VCALENDAR", 13);
	return ferror(stdout) ? EX_IOERR : 0;
}
