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
#include "intake.h"
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

/* 20260901T083000 in local time. */
static void
local_stamp(time_t t, char out[16])
{
	struct tm tm;

	clock_local(t, &tm);
	strftime(out, 16, "%Y%m%dT%H%M%S", &tm);
}

/* DTSTART or DTEND;TZID=zone:local time of t. */
static void
put_time(FILE *out, struct buf *b, const char *name, const char *tz, time_t t)
{
	char s[16];

	local_stamp(t, s);
	buf_reset(b);
	buf_printf(b, "%s;TZID=%s:%s", name, tz, s);
	put_line(out, buf_str(b), b->len);
}

/* Group-counselling series: one event each, its sessions as a rule
 * (every so many days or weeks) with the closed days passed over as
 * EXDATE.  Those of the room, of the leader, with a member in the unit,
 * or all. */
static int
put_groups(sqlite3 *db, const struct ics_opts *o, const char *unit,
    const char *tz, const char *stamp, struct buf *b)
{
	sqlite3_stmt *st = db_prepare(db, sql_put_groups);
	sqlite3_stmt *held = db_prepare(db, sql_schedule_ics_held);

	db_bind_text_or_null(st, 1, o->room);
	db_bind_text_or_null(st, 2, o->with);
	db_bind_text_or_null(st, 3, unit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		time_t first = (time_t)sqlite3_column_int64(st, 3);
		time_t last = (time_t)sqlite3_column_int64(st, 5);
		long long every = sqlite3_column_int64(st, 7);
		long long steps;
		char *sum;

		if (every <= 0)
			every = 604800;
		steps = (last - first) / every + 1;
		put_line(stdout, "BEGIN:VEVENT", 12);
		buf_reset(b);
		buf_printf(b, "UID:group-%lld@ph-schedule", id);
		put_line(stdout, buf_str(b), b->len);
		put_raw(stdout, b, "DTSTAMP:%s", stamp);
		put_time(stdout, b, "DTSTART", tz, first);
		put_time(stdout, b, "DTEND", tz, first + (time_t)
		    sqlite3_column_int64(st, 4));
		buf_reset(b);
		if (every % 604800 == 0)
			buf_printf(b, "RRULE:FREQ=WEEKLY;INTERVAL=%lld;COUNT=%lld",
			    every / 604800, steps);
		else
			buf_printf(b, "RRULE:FREQ=DAILY;INTERVAL=%lld;COUNT=%lld",
			    every / 86400 > 0 ? every / 86400 : 1, steps);
		put_line(stdout, buf_str(b), b->len);
		/* the periods passed over because the school was closed */
		for (long long k = 1; k < steps; k++) {
			time_t t = first + (time_t)(k * every);
			int found;

			sqlite3_bind_int64(held, 1, id);
			sqlite3_bind_int64(held, 2, (sqlite3_int64)t);
			found = sqlite3_step(held) == SQLITE_ROW;
			sqlite3_reset(held);
			if (!found)
				put_time(stdout, b, "EXDATE", tz, t);
		}
		sum = xasprintf("团体辅导：%s（%d次）", db_column_text(st, 1),
		    sqlite3_column_int(st, 6));
		put_text(stdout, b, "SUMMARY", sum);
		free(sum);
		put_text(stdout, b, "LOCATION", db_column_text(st, 2));
		put_line(stdout, "STATUS:CONFIRMED", 16);
		put_line(stdout, "END:VEVENT", 10);
	}
	sqlite3_finalize(held);
	return db_finalize(db, st, "ics: group sessions");
}

/* Lectures, trainings, activities: all, or those for the unit, its
 * school or above; an hour each, as no length is kept. */
static int
put_events(sqlite3 *db, const char *unit, const char *tz, const char *stamp,
    struct buf *b)
{
	sqlite3_stmt *st = db_prepare(db, sql_put_events);

	db_bind_text_or_null(st, 1, unit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *label = sched_event_label(db_column_text(st, 1));
		time_t at = (time_t)sqlite3_column_int64(st, 3);
		char *sum;

		put_line(stdout, "BEGIN:VEVENT", 12);
		buf_reset(b);
		buf_printf(b, "UID:event-%lld@ph-schedule",
		    sqlite3_column_int64(st, 0));
		put_line(stdout, buf_str(b), b->len);
		put_raw(stdout, b, "DTSTAMP:%s", stamp);
		put_time(stdout, b, "DTSTART", tz, at);
		put_time(stdout, b, "DTEND", tz, at + 3600);
		sum = xasprintf("%s：%s", label, db_column_text(st, 2));
		put_text(stdout, b, "SUMMARY", sum);
		free(sum);
		if (*db_column_text(st, 4) != '\0')
			put_text(stdout, b, "LOCATION", db_column_text(st, 4));
		put_line(stdout, "STATUS:CONFIRMED", 16);
		put_line(stdout, "END:VEVENT", 10);
	}
	return db_finalize(db, st, "ics: events");
}

int
sched_ics(sqlite3 *db, const struct cli *c, const struct ics_opts *o)
{
	static const char *const byday[] = { "", "MO", "TU", "WE", "TH", "FR",
	    "SA", "SU" };
	const char *tz = getenv("TZ");
	char *unit = NULL, stamp[32], offset[8];
	struct buf b = {0};
	sqlite3_stmt *st;
	struct tm now, utc;
	long gmtoff;
	int rc;

	if ((rc = intake_resolve_unit(db, o->unit, &unit)) != 0)
		return rc;
	if (tz == NULL || *tz == '\0' || *tz == ':')
		tz = "Asia/Shanghai";
	clock_local(c->now, &now);
	gmtime_r(&c->now, &utc);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &utc);
	gmtoff = now.tm_gmtoff;
	snprintf(offset, sizeof(offset), "%c%02ld%02ld", gmtoff < 0 ? '-' : '+',
	    labs(gmtoff) / 3600 % 100, labs(gmtoff) / 60 % 60);
	put_line(stdout, "BEGIN:VCALENDAR", 15);
	put_line(stdout, "VERSION:2.0", 11);
	put_raw(stdout, &b, "PRODID:-//ph//ph-schedule %s//ZH", PH_VERSION);
	put_line(stdout, "CALSCALE:GREGORIAN", 18);
	put_line(stdout, "METHOD:PUBLISH", 14);
	/* the zone as it is now: China keeps one offset all year */
	put_line(stdout, "BEGIN:VTIMEZONE", 15);
	put_raw(stdout, &b, "TZID:%s", tz);
	put_line(stdout, "BEGIN:STANDARD", 14);
	put_line(stdout, "DTSTART:19700101T000000", 23);
	put_raw(stdout, &b, "TZOFFSETFROM:%s", offset);
	put_raw(stdout, &b, "TZOFFSETTO:%s", offset);
	put_line(stdout, "END:STANDARD", 12);
	put_line(stdout, "END:VTIMEZONE", 13);

	/* a room's weekly openings over the terms, closed days excepted */
	if (o->room != NULL) {
		sqlite3_stmt *ex = db_prepare(db, sql_schedule_ics_ex);
		st = db_prepare(db, sql_sched_ics);
		sqlite3_bind_text(st, 1, o->room, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char first[16], until[20], uid[64];
			const char *day = db_column_text(st, 9);
			const char *hs = db_column_text(st, 2);
			const char *he = db_column_text(st, 3);

			snprintf(first, sizeof(first), "%.4s%.2s%.2sT%.2s%.2s00",
			    day, day + 5, day + 8, hs, hs + 3);
			snprintf(uid, sizeof(uid), "opening-%lld-%lld@ph-schedule",
			    sqlite3_column_int64(st, 0),
			    sqlite3_column_int64(st, 6));
			put_line(stdout, "BEGIN:VEVENT", 12);
			put_raw(stdout, &b, "UID:%s", uid);
			put_raw(stdout, &b, "DTSTAMP:%s", stamp);
			buf_reset(&b);
			buf_printf(&b, "DTSTART;TZID=%s:%s", tz, first);
			put_line(stdout, buf_str(&b), b.len);
			buf_reset(&b);
			buf_printf(&b, "DTEND;TZID=%s:%.9s%.2s%.2s00", tz, first,
			    he, he + 3);
			put_line(stdout, buf_str(&b), b.len);
			/* UNTIL in UTC, as RFC 5545 asks beside a TZID */
			{
				char *last = xasprintf("%s 23:59:59",
				    db_column_text(st, 8));
				time_t t = 0;
				struct tm u;

				(void)clock_parse(last, &t);
				free(last);
				gmtime_r(&t, &u);
				strftime(until, sizeof(until), "%Y%m%dT%H%M%SZ", &u);
			}
			buf_reset(&b);
			buf_printf(&b, "RRULE:FREQ=WEEKLY;BYDAY=%s;UNTIL=%s",
			    byday[sqlite3_column_int(st, 1) % 8], until);
			put_line(stdout, buf_str(&b), b.len);
			sqlite3_bind_text(ex, 1, db_column_text(st, 7), -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_text(ex, 2, db_column_text(st, 8), -1,
			    SQLITE_TRANSIENT);
			sqlite3_bind_int(ex, 3, sqlite3_column_int(st, 1));
			while (sqlite3_step(ex) == SQLITE_ROW) {
				buf_reset(&b);
				buf_printf(&b, "EXDATE;TZID=%s:%s%s", tz,
				    db_column_text(ex, 0), first + 8);
				put_line(stdout, buf_str(&b), b.len);
			}
			sqlite3_reset(ex);
			buf_reset(&b);
			put_text(stdout, &b, "SUMMARY", *db_column_text(st, 4) ?
			    db_column_text(st, 4) : "开放");
			put_text(stdout, &b, "LOCATION", db_column_text(st, 5));
			put_line(stdout, "TRANSP:TRANSPARENT", 18);
			put_line(stdout, "END:VEVENT", 10);
		}
		sqlite3_finalize(ex);
		rc = db_finalize(db, st, "ics: openings");
	}

	/* the appointments: "已预约" unless --names */
	st = db_prepare(db, sql_sched_ics_2);
	db_bind_text_or_null(st, 1, o->room);
	db_bind_text_or_null(st, 2, o->with);
	db_bind_text_or_null(st, 3, unit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char s[16], e[16], line[96];
		const char *status = db_column_text(st, 3);
		int n;

		local_stamp((time_t)sqlite3_column_int64(st, 1), s);
		local_stamp((time_t)sqlite3_column_int64(st, 2), e);
		put_line(stdout, "BEGIN:VEVENT", 12);
		n = snprintf(line, sizeof(line), "UID:appt-%lld@ph-schedule",
		    sqlite3_column_int64(st, 0));
		put_line(stdout, line, (size_t)n);
		n = snprintf(line, sizeof(line), "DTSTAMP:%s", stamp);
		put_line(stdout, line, (size_t)n);
		n = snprintf(line, sizeof(line), "SEQUENCE:%d",
		    sqlite3_column_int(st, 4));
		put_line(stdout, line, (size_t)n);
		buf_reset(&b);
		buf_printf(&b, "DTSTART;TZID=%s:%s", tz, s);
		put_line(stdout, buf_str(&b), b.len);
		buf_reset(&b);
		buf_printf(&b, "DTEND;TZID=%s:%s", tz, e);
		put_line(stdout, buf_str(&b), b.len);
		if (o->names) {
			char *sum = xasprintf("心理咨询：%s（%s）与%s",
			    db_column_text(st, 6), db_column_text(st, 7),
			    db_column_text(st, 8));
			put_text(stdout, &b, "SUMMARY", sum);
			free(sum);
		} else
			put_text(stdout, &b, "SUMMARY", "已预约");
		put_text(stdout, &b, "LOCATION", db_column_text(st, 5));
		/* both 16 octets */
		put_line(stdout, strcmp(status, "cancelled") == 0 ?
		    "STATUS:CANCELLED" : "STATUS:CONFIRMED", 16);
		put_line(stdout, "END:VEVENT", 10);
	}
	{
		int frc = db_finalize(db, st, "ics: appointments");
		rc = rc ? rc : frc;
	}
	if (rc == 0)
		rc = put_groups(db, o, unit, tz, stamp, &b);
	if (rc == 0 && o->room == NULL && o->with == NULL)
		rc = put_events(db, unit, tz, stamp, &b);
	free(unit);
	buf_free(&b);
	/* a calendar cut short has no end: no reader takes it as whole */
	if (rc != 0)
		return rc;
	put_line(stdout, "END:VCALENDAR", 13);
	return ferror(stdout) ? EX_IOERR : 0;
}
