/*
 * ph-schedule free: the slots of --length minutes still free in the
 * openings of a room, or of the rooms a counsellor can use, over the
 * next school days: nothing booked in the room, nothing booked with the
 * counsellor, no group session in the room.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "clock.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "xalloc.h"

/* A walk over the days asked for. */
struct free_walk {
	sqlite3 *db;
	const struct cli *c;
	const struct free_opts *o;
	long long contact;		/* 0: any counsellor */
	sqlite3_stmt *openings, *busy, *closed;
	struct rec_writer *w;
	struct { time_t start, end; } *taken;	/* in the opening read */
	size_t ntaken, captaken;
};

/* The first instant of --from, else of today: 0 or EX_USAGE. */
static int
first_day(const struct cli *c, const struct free_opts *o, time_t *day0)
{
	char today[11], *at;
	int rc;

	if (o->from == NULL)
		clock_date(c->now, today);
	at = xasprintf("%s 00:00", o->from != NULL ? o->from : today);
	rc = clock_parse(at, day0);
	free(at);
	if (rc != 0 && o->from != NULL) {
		warnx("--from '%s': expected a date", o->from);
		return EX_USAGE;
	}
	return 0;
}

/* What is taken in room's opening [s, e), read once for all its slots:
 * 0, or a sysexits code (nothing is free when it is not known). */
static int
read_taken(struct free_walk *f, long long room, time_t s, time_t e)
{
	int rc;

	f->ntaken = 0;
	sqlite3_bind_int64(f->busy, 1, room);
	sqlite3_bind_int64(f->busy, 2, f->contact);
	sqlite3_bind_int64(f->busy, 4, (sqlite3_int64)s);
	sqlite3_bind_int64(f->busy, 5, (sqlite3_int64)e);
	while (db_row(f->db, f->busy, &rc)) {
		f->taken = xgrow(f->taken, &f->captaken, f->ntaken + 1,
		    sizeof(*f->taken));
		f->taken[f->ntaken].start = (time_t)
		    sqlite3_column_int64(f->busy, 2);
		f->taken[f->ntaken++].end = (time_t)
		    sqlite3_column_int64(f->busy, 3);
	}
	return rc;
}

/* Whether [s, end) overlaps something taken. */
static int
is_taken(const struct free_walk *f, time_t s, time_t end)
{
	for (size_t t = 0; t < f->ntaken; t++)
		if (f->taken[t].start < end && f->taken[t].end > s)
			return 1;
	return 0;
}

/* The free slots of an opening of room (code) on date from s to e, not
 * in the past: 0 or EX_IOERR. */
static int
write_slots(struct free_walk *f, const char *date, const char *code,
    time_t s, time_t e)
{
	time_t len = (time_t)f->o->length * 60;

	for (; s + len <= e; s += len) {
		char hs[6], he[6];
		const char *v[4] = { date, hs, he, code };

		if (s < f->c->now || is_taken(f, s, s + len))
			continue;
		sched_hhmm(s, hs);
		sched_hhmm(s + len, he);
		if (rec_write(f->w, v) != 0)
			return EX_IOERR;
	}
	return 0;
}

/* The free slots of the openings on date, the day of noon. */
static int
free_on(struct free_walk *f, const char *date, time_t noon)
{
	sqlite3_stmt *st = f->openings;
	int rc = 0, stop = 0;

	sqlite3_bind_text(st, 1, f->o->room, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->contact);
	sqlite3_bind_int(st, 3, sched_weekday(noon));
	while (stop == 0 && db_row(f->db, st, &rc)) {
		char *a = xasprintf("%s %s", date, db_column_text(st, 2));
		char *b = xasprintf("%s %s", date, db_column_text(st, 3));
		time_t s, e;

		if (clock_parse(a, &s) == 0 && clock_parse(b, &e) == 0 &&
		    (stop = read_taken(f, sqlite3_column_int64(st, 0), s,
		    e)) == 0)
			stop = write_slots(f, date, db_column_text(st, 1), s,
			    e);
		free(a);
		free(b);
	}
	if (stop != 0)
		sqlite3_reset(st);
	return stop != 0 ? stop : rc;
}

/* Day d after day0: its free slots when the school is open. */
static int
free_day(struct free_walk *f, time_t day0, long d)
{
	char date[11];
	struct tm tm;
	time_t noon;
	int rc, open;

	/* noon: a day's date whatever the clock change */
	clock_local(day0, &tm);
	tm.tm_mday += (int)d;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	noon = mktime(&tm);
	clock_date(noon, date);
	if ((rc = calendar_school_day(f->db, f->closed, date, &open)) != 0 ||
	    !open)
		return rc;
	return free_on(f, date, noon);
}

int
sched_free(sqlite3 *db, const struct cli *c, const struct free_opts *o)
{
	static const char *const cols[] = { "date", "start", "end", "room" };
	struct free_walk f = { db, c, o, 0, NULL, NULL, NULL, NULL, NULL, 0,
	    0 };
	time_t day0;
	int rc, wrc;

	if (o->with != NULL && (rc = sched_counsellor_with(db, o->with, "",
	    &f.contact)) != 0)
		return rc;
	if ((rc = first_day(c, o, &day0)) != 0)
		return rc;
	f.openings = db_prepare(db, sql_sched_free_openings);
	f.busy = db_prepare(db, sql_sched_overlaps);
	f.closed = db_prepare(db, sql_sched_closed_why);
	f.w = io_writer(c, 4, cols);
	for (long d = 0; d < o->days && rc == 0; d++)
		rc = free_day(&f, day0, d);
	sqlite3_finalize(f.openings);
	sqlite3_finalize(f.busy);
	sqlite3_finalize(f.closed);
	free(f.taken);
	wrc = io_writer_close(f.w);
	return rc ? rc : wrc;
}
