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
	const char *tz;
	char stamp[48];		/* the DTSTAMP line: now, in UTC */
	size_t stamp_len;
	struct buf b;
};

/* BEGIN:VEVENT, its UID (kind-id@ph-schedule, or kind-id-id2 when id2
 * is not negative) and DTSTAMP: one format for each of many events. */
static void
begin_event(struct ics *x, const char *kind, long long id, long long id2)
{
	char uid[96];
	int n = id2 < 0 ? snprintf(uid, sizeof(uid), "UID:%s-%lld@ph-schedule",
	    kind, id) : snprintf(uid, sizeof(uid),
	    "UID:%s-%lld-%lld@ph-schedule", kind, id, id2);

	put_line(stdout, "BEGIN:VEVENT", 12);
	put_line(stdout, uid, n > 0 ? (size_t)n : 0);
	put_line(stdout, x->stamp, x->stamp_len);
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
	begin_event(x, "group", id, -1);
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
	begin_event(x, "event", sqlite3_column_int64(st, 0), -1);
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

/* One weekly opening of st's row (sched_ics_openings) over one term, its
 * holidays (through ex) excepted. */
static int
put_opening(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *ex)
{
	static const char *const byday[] = { "", "MO", "TU", "WE", "TH", "FR",
	    "SA", "SU" };
	char first[16], until[20];
	const char *day = db_column_text(st, 9);
	const char *hs = db_column_text(st, 2), *he = db_column_text(st, 3);
	int rc;

	snprintf(first, sizeof(first), "%.4s%.2s%.2sT%.2s%.2s00", day, day + 5,
	    day + 8, hs, hs + 3);
	begin_event(x, "opening", sqlite3_column_int64(st, 0),
	    sqlite3_column_int64(st, 6));
	buf_reset(&x->b);
	buf_printf(&x->b, "DTSTART;TZID=%s:%s", x->tz, first);
	put_line(stdout, buf_str(&x->b), x->b.len);
	buf_reset(&x->b);
	buf_printf(&x->b, "DTEND;TZID=%s:%.9s%.2s%.2s00", x->tz, first, he,
	    he + 3);
	put_line(stdout, buf_str(&x->b), x->b.len);
	until_utc(db_column_text(st, 8), until);
	buf_reset(&x->b);
	buf_printf(&x->b, "RRULE:FREQ=WEEKLY;BYDAY=%s;UNTIL=%s",
	    byday[sqlite3_column_int(st, 1) % 8], until);
	put_line(stdout, buf_str(&x->b), x->b.len);
	sqlite3_bind_text(ex, 1, db_column_text(st, 7), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ex, 2, db_column_text(st, 8), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(ex, 3, sqlite3_column_int(st, 1));
	while (db_row(x->db, ex, &rc)) {
		buf_reset(&x->b);
		buf_printf(&x->b, "EXDATE;TZID=%s:%s%s", x->tz,
		    db_column_text(ex, 0), first + 8);
		put_line(stdout, buf_str(&x->b), x->b.len);
	}
	if (rc != 0)
		return rc;
	end_event(x, *db_column_text(st, 4) ? db_column_text(st, 4) : "开放",
	    db_column_text(st, 5), "TRANSP:TRANSPARENT");
	return 0;
}

/* One appointment of st's row (sched_ics_appointments): "已预约" unless
 * --names. */
static int
put_appointment(struct ics *x, sqlite3_stmt *st, sqlite3_stmt *none)
{
	int cancelled = strcmp(db_column_text(st, 3), "cancelled") == 0;
	char line[32], *named = NULL;
	int n;

	(void)none;
	begin_event(x, "appt", sqlite3_column_int64(st, 0), -1);
	n = snprintf(line, sizeof(line), "SEQUENCE:%d",
	    sqlite3_column_int(st, 4));
	put_line(stdout, line, n > 0 ? (size_t)n : 0);
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

/* BEGIN:VCALENDAR and the zone as it is now: China keeps one offset all
 * year. */
static void
put_head(struct ics *x, time_t now)
{
	struct tm local, utc;
	char offset[8];
	long gmtoff;

	clock_local(now, &local);
	gmtime_r(&now, &utc);
	x->stamp_len = strftime(x->stamp, sizeof(x->stamp),
	    "DTSTAMP:%Y%m%dT%H%M%SZ", &utc);
	gmtoff = local.tm_gmtoff;
	snprintf(offset, sizeof(offset), "%c%02ld%02ld", gmtoff < 0 ? '-' : '+',
	    labs(gmtoff) / 3600 % 100, labs(gmtoff) / 60 % 60);
	put_line(stdout, "BEGIN:VCALENDAR", 15);
	put_line(stdout, "VERSION:2.0", 11);
	put_raw(stdout, &x->b, "PRODID:-//ph//ph-schedule %s//ZH", PH_VERSION);
	put_line(stdout, "CALSCALE:GREGORIAN", 18);
	put_line(stdout, "METHOD:PUBLISH", 14);
	put_line(stdout, "BEGIN:VTIMEZONE", 15);
	put_raw(stdout, &x->b, "TZID:%s", x->tz);
	put_line(stdout, "BEGIN:STANDARD", 14);
	put_line(stdout, "DTSTART:19700101T000000", 23);
	put_raw(stdout, &x->b, "TZOFFSETFROM:%s", offset);
	put_raw(stdout, &x->b, "TZOFFSETTO:%s", offset);
	put_line(stdout, "END:STANDARD", 12);
	put_line(stdout, "END:VTIMEZONE", 13);
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
	x.tz = getenv("TZ");
	if (x.tz == NULL || *x.tz == '\0' || *x.tz == ':')
		x.tz = "Asia/Shanghai";
	put_head(&x, c->now);
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts) && rc == 0; i++)
		if (parts[i].when == ALWAYS || (parts[i].when == WITH_ROOM ?
		    o->room != NULL : o->room == NULL && o->with == NULL))
			rc = put_part(&x, &parts[i]);
	free(unit);
	buf_free(&x.b);
	/* a calendar cut short has no end: no reader takes it as whole */
	if (rc != 0)
		return rc;
	put_line(stdout, "END:VCALENDAR", 13);
	return ferror(stdout) ? EX_IOERR : 0;
}
