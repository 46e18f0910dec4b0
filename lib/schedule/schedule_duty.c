/*
 * ph-schedule duty: who is on duty at each weekly opening of the rooms
 * (counsellors, class teachers, pupil monitors on a class rota), and the
 * openings of a week with nobody on duty.
 */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "columns.h"
#include "db.h"
#include "diag.h"
#include "io.h"
#include "rec.h"
#include "strmap.h"
#include "xalloc.h"

enum { D_ROOM, D_WEEKDAY, D_START, D_NAME, D_COUNT };
static const struct column_spec duty_columns[D_COUNT] = {
	[D_ROOM] = { "room", "房间|房间号|编号|room|code", 1 },
	[D_WEEKDAY] = { "weekday", "星期|周|weekday|day", 1 },
	[D_START] = { "start", "开始|开始时间|开放时间|start|from", 1 },
	[D_NAME] = { "name", "值班人|值班|姓名|name|on duty", 1 },
};

/* The statements of a load, prepared once. */
struct duty_load {
	sqlite3_stmt *room, *opening, *who, *clear, *put;
	struct strmap cleared;	/* rooms whose old duties are gone */
	long duties;
};

/* The contact called name with a role now in the room's school (a
 * teacher, a counsellor, a monitor of one of its classes): its id, 0
 * when there is none, -1 when there are several. */
static long long
duty_contact(struct duty_load *l, long long room, const char *name)
{
	long long id = 0;
	int n = 0;

	sqlite3_bind_int64(l->who, 1, room);
	sqlite3_bind_text(l->who, 2, name, -1, SQLITE_STATIC);
	while (sqlite3_step(l->who) == SQLITE_ROW) {
		id = sqlite3_column_int64(l->who, 0);
		n++;
	}
	sqlite3_reset(l->who);
	return n > 1 ? -1 : id;
}

/* One line of the roster; 0, or -1 when it was reported as bad, or a
 * sysexits code when the database failed. */
static int
duty_line(sqlite3 *db, struct duty_load *l, struct rec_reader *r,
    const int *idx, struct diag *d)
{
	const char *f[D_COUNT];
	char start[6];
	long long room = 0, contact, known;
	int wd, rc = 0;

	for (int k = 0; k < D_COUNT; k++)
		f[k] = idx[k] >= 0 ? rec_field(r, (size_t)idx[k]) : "";
#define BAD(k, ...) (diag_error(d, rec_name(r), rec_line(r), \
	rec_column(r, (size_t)idx[k]), __VA_ARGS__), -1)
	sqlite3_bind_text(l->room, 1, f[D_ROOM], -1, SQLITE_STATIC);
	if (sqlite3_step(l->room) == SQLITE_ROW)
		room = sqlite3_column_int64(l->room, 0);
	sqlite3_reset(l->room);
	if (room == 0)
		return BAD(D_ROOM, "no room '%s' (see ph-schedule rooms load)",
		    f[D_ROOM]);
	if ((wd = sched_parse_weekday(f[D_WEEKDAY])) == 0)
		return BAD(D_WEEKDAY, "'%s' is not a day of the week",
		    f[D_WEEKDAY]);
	if (sched_parse_hhmm(f[D_START], start) != 0)
		return BAD(D_START, "'%s' is not a time", f[D_START]);
	sqlite3_bind_int64(l->opening, 1, room);
	sqlite3_bind_int(l->opening, 2, wd);
	sqlite3_bind_text(l->opening, 3, start, -1, SQLITE_STATIC);
	known = sqlite3_step(l->opening) == SQLITE_ROW;
	sqlite3_reset(l->opening);
	if (!known)
		return BAD(D_START, "room %s does not open at %s on %s",
		    f[D_ROOM], start, f[D_WEEKDAY]);
	if ((contact = duty_contact(l, room, f[D_NAME])) <= 0)
		return BAD(D_NAME, contact < 0 ? "several people called '%s' "
		    "hold a role in the room's school" : "nobody called '%s' "
		    "holds a role in the room's school (see ph-intake "
		    "contacts)", f[D_NAME]);
#undef BAD
	/* the file is the whole roster of the rooms it names */
	if (!strmap_get(&l->cleared, f[D_ROOM], &known)) {
		strmap_put(&l->cleared, f[D_ROOM], room);
		sqlite3_bind_int64(l->clear, 1, room);
		if (sqlite3_step(l->clear) != SQLITE_DONE)
			rc = db_fail(db, "duty");
		sqlite3_reset(l->clear);
	}
	sqlite3_bind_int64(l->put, 1, room);
	sqlite3_bind_int(l->put, 2, wd);
	sqlite3_bind_text(l->put, 3, start, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->put, 4, contact);
	if (rc == 0 && sqlite3_step(l->put) != SQLITE_DONE)
		rc = db_fail(db, "duty");
	l->duties += rc == 0 && sqlite3_changes(db) > 0;
	sqlite3_reset(l->put);
	return rc;
}

int
sched_duty_load(sqlite3 *db, const struct cli *c, const char *file)
{
	FILE *fp = io_open_input(file);
	struct rec_reader *r;
	struct duty_load l;
	struct diag d;
	int idx[D_COUNT], got, rc;

	if (fp == NULL)
		return EX_NOINPUT;
	if ((rc = db_begin(db)) != 0) {
		io_close_input(fp);
		return rc;
	}
	memset(&l, 0, sizeof(l));
	strmap_init(&l.cleared);
	l.room = db_prepare(db, "SELECT id FROM room WHERE code = ?");
	l.opening = db_prepare(db, "SELECT 1 FROM opening WHERE room_id = ? "
	    "AND weekday = ? AND start = ?");
	l.who = db_prepare(db, "SELECT DISTINCT k.id FROM contact k JOIN role "
	    "ro ON ro.contact_id = k.id AND ro.until IS NULL JOIN unit u ON "
	    "u.id = ro.unit_id JOIN room r ON r.id = ?1 JOIN unit s ON s.id = "
	    "r.unit_id WHERE k.name = ?2 AND (u.path = s.path OR "
	    "substr(u.path, 1, length(s.path) + 1) = s.path || '/' OR "
	    "substr(s.path, 1, length(u.path) + 1) = u.path || '/')");
	l.clear = db_prepare(db, "DELETE FROM duty WHERE room_id = ?");
	l.put = db_prepare(db, "INSERT INTO duty (room_id, weekday, start, "
	    "contact_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
	diag_init(&d, c->max_errors);
	r = rec_reader_new(fp, io_input_name(file), REC_AUTO, c->encoding);
	if (rec_read_header(r) != 0)
		diag_error(&d, rec_name(r), rec_line(r), NULL, "%s",
		    rec_error(r));
	else if (columns_map(r, duty_columns, D_COUNT, idx, &d) == 0)
		while (rc == 0 && (got = rec_read(r)) != 0) {
			if (got < 0) {
				diag_error(&d, rec_name(r), rec_line(r), NULL,
				    "%s", rec_error(r));
				if (got == -2)
					break;
				continue;
			}
			if ((got = duty_line(db, &l, r, idx, &d)) > 0)
				rc = got;
		}
	sqlite3_finalize(l.room);
	sqlite3_finalize(l.opening);
	sqlite3_finalize(l.who);
	sqlite3_finalize(l.clear);
	sqlite3_finalize(l.put);
	rec_reader_free(r);
	io_close_input(fp);
	diag_finish(&d);
	if (rc == 0)
		rc = diag_refused(&d, "loaded");
	if (rc == 0) {
		char *detail = xasprintf("%zu rooms, %ld duties",
		    l.cleared.len, l.duties);
		rc = audit_once(db, c->now, c->actor, "duty.load",
		    io_input_name(file), detail);
		free(detail);
	}
	strmap_free(&l.cleared);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return sched_duty_list(db, c, NULL, 1);
}

/* A school open less on a weekday than the policy asks. */
struct shortfall {
	char *school, *hours, *minimum;
	int weekday;
};

/* The shortfalls, *n of them (malloc'd), or NULL with *rc after a
 * message. */
static struct shortfall *
shortfalls(sqlite3 *db, const struct cli *c, size_t *n, int *rc)
{
	sqlite3_stmt *st = sched_hours(db, c, rc);
	struct shortfall *list = NULL;
	size_t cap = 0;

	*n = 0;
	if (st == NULL)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp(db_column_text(st, 4), "short") != 0)
			continue;
		list = xgrow(list, &cap, *n + 1, sizeof(*list));
		list[*n].school = xstrdup(db_column_text(st, 0));
		list[*n].weekday = sqlite3_column_int(st, 1);
		list[*n].hours = xstrdup(db_column_text(st, 2));
		list[*n].minimum = xstrdup(db_column_text(st, 3));
		(*n)++;
	}
	if ((*rc = db_finalize(db, st, "duty")) != 0) {
		for (size_t i = 0; i < *n; i++) {
			free(list[i].school);
			free(list[i].hours);
			free(list[i].minimum);
		}
		free(list);
		*n = 0;
		return NULL;
	}
	/* an empty list is not an error */
	return list != NULL ? list : xcalloc(1, sizeof(*list));
}

int
sched_duty_list(sqlite3 *db, const struct cli *c, const char *week,
    int gaps_only)
{
	static const char *const cols[] = { "day", "weekday", "room", "start",
	    "end", "purpose", "on_duty" };
	static const char *const gap_cols[] = { "day", "weekday", "where",
	    "start", "end", "gap" };
	char first[11], last[11];
	struct shortfall *shorts = NULL;
	size_t nshort = 0;
	struct rec_writer *w;
	sqlite3_stmt *days, *st;
	int rc = 0, out = 0, step = SQLITE_DONE;

	if (sched_week(db, c, week, first, last) != 0)
		return EX_USAGE;
	if (gaps_only && (shorts = shortfalls(db, c, &nshort, &rc)) == NULL)
		return rc;
	days = db_prepare(db, "WITH RECURSIVE d(day) AS (SELECT ?1 UNION ALL "
	    "SELECT date(day, '+1 day') FROM d WHERE day < ?2) SELECT day, "
	    "(CAST(strftime('%w', day) AS INTEGER) + 6) % 7 + 1 FROM d");
	st = db_prepare(db, "SELECT r.code, o.start, o.end, coalesce(o.purpose, "
	    "''), coalesce((SELECT group_concat(k.name, ', ') FROM (SELECT "
	    "k.name FROM duty y JOIN contact k ON k.id = y.contact_id WHERE "
	    "y.room_id = o.room_id AND y.weekday = o.weekday AND y.start = "
	    "o.start ORDER BY k.name) k), '') AS who FROM opening o JOIN room "
	    "r ON r.id = o.room_id WHERE o.weekday = ?1 ORDER BY r.code, "
	    "o.start");
	sqlite3_bind_text(days, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(days, 2, last, -1, SQLITE_TRANSIENT);
	w = gaps_only ? io_writer(c, 6, gap_cols) : io_writer(c, 7, cols);
	while (rc == 0 && sqlite3_step(days) == SQLITE_ROW) {
		char day[11], wd[2];

		snprintf(day, sizeof(day), "%s", db_column_text(days, 0));
		snprintf(wd, sizeof(wd), "%d", sqlite3_column_int(days, 1));
		/* nobody needs to be on duty on a day the school is closed */
		if (sched_school_day(db, day) != 1)
			continue;
		sqlite3_bind_int(st, 1, wd[0] - '0');
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			const char *v[7] = { day, wd, db_column_text(st, 0),
			    db_column_text(st, 1), db_column_text(st, 2),
			    db_column_text(st, 3), db_column_text(st, 4) };
			if (gaps_only) {
				if (*v[6] != '\0')
					continue;
				v[5] = "nobody on duty";
			} else if (*v[6] == '\0')
				v[6] = "NOBODY";
			if (rec_write(w, v) != 0)
				out = 1;
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			rc = db_fail(db, "duty list");
		for (size_t i = 0; i < nshort; i++) {
			char *gap;
			const char *v[6] = { day, wd, shorts[i].school, "", "",
			    NULL };

			if (shorts[i].weekday != wd[0] - '0')
				continue;
			v[5] = gap = xasprintf("open %s h, the policy asks %s h",
			    shorts[i].hours, shorts[i].minimum);
			if (rec_write(w, v) != 0)
				out = 1;
			free(gap);
		}
	}
	{
		int frc = db_finalize(db, days, "duty list");
		rc = rc ? rc : frc;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < nshort; i++) {
		free(shorts[i].school);
		free(shorts[i].hours);
		free(shorts[i].minimum);
	}
	free(shorts);
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}
