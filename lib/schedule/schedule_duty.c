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

#include "columns.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "strmap.h"
#include "xalloc.h"

enum { D_ROOM, D_WEEKDAY, D_START, D_NAME, D_COUNT };
static const struct column_spec duty_columns[D_COUNT] = {
	[D_ROOM] = { "room", "房间|房间号|编号|room|code", 1 },
	[D_WEEKDAY] = { "weekday", "星期|周|weekday|day", 1 },
	[D_START] = { "start", "开始|开始时间|开放时间|start|from", 1 },
	[D_NAME] = { "name", "值班人|值班|姓名|name|on duty", 1 },
};

/* A roster being loaded. */
struct duty_load {
	sqlite3 *db;
	struct diag *diag;
	sqlite3_stmt *room, *opening, *who, *clear, *put;
	struct strmap cleared;	/* rooms whose old duties are gone */
	long duties;
};

/* Its statements, prepared once. */
#define DUTY(member, sql) DB_STATEMENT(struct duty_load, member, sql)
static const struct db_statement duty_statements[] = {
	DUTY(room, sql_sched_room_by_code),
	DUTY(opening, sql_sched_opening_at),
	DUTY(who, sql_sched_duty_contact),
	DUTY(clear, sql_sched_duty_clear),
	DUTY(put, sql_sched_duty_put),
};

/* The contact called name with a role now in the room's school (a
 * teacher, a counsellor, a monitor of one of its classes): 0 with *id,
 * DB_NONE when there is none, SCHED_SEVERAL, or a sysexits code. */
static int
duty_contact(struct duty_load *l, long long room, const char *name,
    long long *id)
{
	int rc, n = 0;

	sqlite3_bind_int64(l->who, 1, room);
	sqlite3_bind_text(l->who, 2, name, -1, SQLITE_STATIC);
	while (db_row(l->db, l->who, &rc)) {
		*id = sqlite3_column_int64(l->who, 0);
		n++;
	}
	if (rc != 0)
		return rc;
	return n == 0 ? DB_NONE : n > 1 ? SCHED_SEVERAL : 0;
}

/* The room of the line, open then: 0 with *room, DB_NONE when the line
 * was reported as bad, or a sysexits code. */
static int
duty_opening(struct duty_load *l, struct rec_reader *r, const int *idx,
    const char *const *f, long long *room, int *wd, char start[6])
{
	sqlite3_stmt *at = l->opening;
	long long one;
	int rc;

	sqlite3_bind_text(l->room, 1, f[D_ROOM], -1, SQLITE_STATIC);
	if ((rc = db_int(l->db, l->room, room)) == DB_NONE)
		sched_field_error(l->diag, r, idx[D_ROOM], "no room '%s' (see "
		    "ph-schedule rooms load)", f[D_ROOM]);
	else if (rc != 0)
		return rc;
	else if ((*wd = sched_parse_weekday(f[D_WEEKDAY])) == 0)
		sched_field_error(l->diag, r, idx[D_WEEKDAY], "'%s' is not a "
		    "day of the week", f[D_WEEKDAY]);
	else if (sched_parse_hhmm(f[D_START], start) != 0)
		sched_field_error(l->diag, r, idx[D_START], "'%s' is not a "
		    "time", f[D_START]);
	else {
		sqlite3_bind_int64(at, 1, *room);
		sqlite3_bind_int(at, 2, *wd);
		sqlite3_bind_text(at, 3, start, -1, SQLITE_STATIC);
		if ((rc = db_int(l->db, at, &one)) != DB_NONE)
			return rc;
		sched_field_error(l->diag, r, idx[D_START], "room %s does not "
		    "open at %s on %s", f[D_ROOM], start, f[D_WEEKDAY]);
	}
	return DB_NONE;
}

/* One line of the roster: 0 (a bad one reported in the diagnostics), or
 * a sysexits code when the database failed. */
static int
duty_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct duty_load *l = ctx;
	const char *f[D_COUNT];
	char start[6];
	long long room = 0, contact = 0, known;
	int wd = 0, rc;

	for (int k = 0; k < D_COUNT; k++)
		f[k] = idx[k] >= 0 ? rec_field(r, (size_t)idx[k]) : "";
	if ((rc = duty_opening(l, r, idx, f, &room, &wd, start)) != 0)
		return rc == DB_NONE ? 0 : rc;
	if ((rc = duty_contact(l, room, f[D_NAME], &contact)) == DB_NONE ||
	    rc == SCHED_SEVERAL) {
		sched_field_error(l->diag, r, idx[D_NAME], rc == SCHED_SEVERAL ?
		    "several people called '%s' hold a role in the room's "
		    "school" : "nobody called '%s' holds a role in the room's "
		    "school (see ph-intake contacts)", f[D_NAME]);
		return 0;
	}
	if (rc != 0)
		return rc;
	/* the file is the whole roster of the rooms it names */
	if (!strmap_get(&l->cleared, f[D_ROOM], &known)) {
		strmap_put(&l->cleared, f[D_ROOM], room);
		sqlite3_bind_int64(l->clear, 1, room);
		if ((rc = db_run(l->db, l->clear)) != 0)
			return rc;
	}
	sqlite3_bind_int64(l->put, 1, room);
	sqlite3_bind_int(l->put, 2, wd);
	sqlite3_bind_text(l->put, 3, start, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->put, 4, contact);
	if ((rc = db_run(l->db, l->put)) == 0)
		l->duties += sqlite3_changes(l->db) > 0;
	return rc;
}

static const struct sched_loader duty_loader = {
	duty_columns, D_COUNT, duty_row, duty_statements,
	DB_SET_SIZE(duty_statements)
};

int
sched_duty_load(sqlite3 *db, const struct cli *c, const char *file)
{
	struct diag d;
	struct duty_load l = { .db = db, .diag = &d };
	int idx[D_COUNT], rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	strmap_init(&l.cleared);
	diag_init(&d, c->max_errors);
	rc = sched_load(db, c, file, &duty_loader, idx, &d, &l);
	rc = sched_load_end(db, c, &d, rc, "loaded", "duty.load",
	    io_input_name(file), "%zu rooms, %ld duties", l.cleared.len,
	    l.duties);
	strmap_free(&l.cleared);
	if (rc != 0)
		return rc;
	return sched_duty_list(db, c, NULL, 1);
}

/* A school open less on a weekday than the policy asks. */
struct shortfall {
	char *school, *hours, *minimum;
	int weekday;
};

static void
shortfalls_free(struct shortfall *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].school);
		free(list[i].hours);
		free(list[i].minimum);
	}
	free(list);
}

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
	while (db_row(db, st, rc)) {
		if (strcmp(db_column_text(st, 4), "short") != 0)
			continue;
		list = xgrow(list, &cap, *n + 1, sizeof(*list));
		list[*n].school = xstrdup(db_column_text(st, 0));
		list[*n].weekday = sqlite3_column_int(st, 1);
		list[*n].hours = xstrdup(db_column_text(st, 2));
		list[*n].minimum = xstrdup(db_column_text(st, 3));
		(*n)++;
	}
	sqlite3_finalize(st);
	if (*rc != 0) {
		shortfalls_free(list, *n);
		*n = 0;
		return NULL;
	}
	/* an empty list is not an error */
	return list != NULL ? list : xcalloc(1, sizeof(*list));
}

/* A listing of the week's duties, or of its gaps only. */
struct duty_list {
	sqlite3 *db;
	sqlite3_stmt *openings, *closed;
	struct rec_writer *w;
	int gaps_only, out;
	struct shortfall *shorts;
	size_t nshort;
};

/* The openings of day (weekday wd) with who is on duty, or those with
 * nobody; then the schools open too short that weekday. */
static int
duty_day(struct duty_list *k, const char *day, const char *wd)
{
	sqlite3_stmt *st = k->openings;
	int rc;

	sqlite3_bind_int(st, 1, wd[0] - '0');
	while (db_row(k->db, st, &rc)) {
		const char *v[7] = { day, wd, db_column_text(st, 0),
		    db_column_text(st, 1), db_column_text(st, 2),
		    db_column_text(st, 3), db_column_text(st, 4) };
		if (k->gaps_only) {
			if (*v[6] != '\0')
				continue;
			v[5] = "nobody on duty";
		} else if (*v[6] == '\0')
			v[6] = "NOBODY";
		if (rec_write(k->w, v) != 0)
			k->out = 1;
	}
	for (size_t i = 0; i < k->nshort; i++) {
		char *gap;
		const char *v[6] = { day, wd, k->shorts[i].school, "", "",
		    NULL };

		if (k->shorts[i].weekday != wd[0] - '0')
			continue;
		v[5] = gap = xasprintf("open %s h, the policy asks %s h",
		    k->shorts[i].hours, k->shorts[i].minimum);
		if (rec_write(k->w, v) != 0)
			k->out = 1;
		free(gap);
	}
	return rc;
}

int
sched_duty_list(sqlite3 *db, const struct cli *c, const char *week,
    int gaps_only)
{
	static const char *const cols[] = { "day", "weekday", "room", "start",
	    "end", "purpose", "on_duty" };
	static const char *const gap_cols[] = { "day", "weekday", "where",
	    "start", "end", "gap" };
	struct duty_list k = { db, NULL, NULL, NULL, gaps_only, 0, NULL, 0 };
	char first[11], last[11];
	sqlite3_stmt *days;
	int rc = 0, step = 0;

	if ((rc = sched_week(db, c, week, first, last)) != 0)
		return rc < 0 ? EX_USAGE : rc;
	if (gaps_only && (k.shorts = shortfalls(db, c, &k.nshort, &rc)) == NULL)
		return rc;
	days = db_prepare(db, sql_sched_week_days);
	k.openings = db_prepare(db, sql_sched_duty_openings);
	k.closed = db_prepare(db, sql_sched_closed_why);
	sqlite3_bind_text(days, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(days, 2, last, -1, SQLITE_TRANSIENT);
	k.w = gaps_only ? io_writer(c, 6, gap_cols) : io_writer(c, 7, cols);
	while (rc == 0 && db_row(db, days, &step)) {
		char day[11], wd[2];
		int open;

		snprintf(day, sizeof(day), "%s", db_column_text(days, 0));
		snprintf(wd, sizeof(wd), "%d", sqlite3_column_int(days, 1));
		/* nobody needs to be on duty on a day the school is closed */
		if ((rc = calendar_school_day(db, k.closed, day, &open)) == 0 &&
		    open)
			rc = duty_day(&k, day, wd);
	}
	sqlite3_finalize(days);
	sqlite3_finalize(k.openings);
	sqlite3_finalize(k.closed);
	shortfalls_free(k.shorts, k.nshort);
	if (io_writer_close(k.w) != 0)
		k.out = 1;
	rc = rc ? rc : step;
	return rc ? rc : k.out ? EX_IOERR : 0;
}
