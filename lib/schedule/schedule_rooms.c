/*
 * Rooms and their weekly openings, loaded from a file that is the whole
 * truth for the rooms it names, and each school's open hours against the
 * policy's minimum.
 */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "columns.h"
#include "db.h"
#include "io.h"
#include "policy.h"
#include "queries.h"
#include "rows.h"
#include "run_policy.h"
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

enum { R_ROOM, R_NAME, R_SCHOOL, R_KIND, R_CAPACITY, R_WEEKDAY, R_START,
    R_END, R_PURPOSE, R_COUNT };
static const struct column_spec room_columns[R_COUNT] = {
	[R_ROOM] = { "room", "房间|房间号|编号|room|code", 1 },
	[R_NAME] = { "name", "名称|房间名称|name", 0 },
	[R_SCHOOL] = { "school", "学校|school", 1 },
	[R_KIND] = { "kind", "类型|功能|kind|type", 1 },
	[R_CAPACITY] = { "capacity", "容量|人数|capacity", 0 },
	[R_WEEKDAY] = { "weekday", "星期|周|weekday|day", 1 },
	[R_START] = { "start", "开始|开始时间|开放时间|start|from", 1 },
	[R_END] = { "end", "结束|结束时间|end|to", 1 },
	[R_PURPOSE] = { "purpose", "用途|安排|purpose", 0 },
};

static const char *
room_kind(const char *s)
{
	static const struct { const char *kind, *words; } kinds[] = {
		{ "counselling", "counselling|counseling|咨询|个体|个辅|辅导室" },
		{ "group", "group|团体|团辅|活动" },
		{ "relaxation", "relaxation|放松|音乐" },
		{ "catharsis", "catharsis|宣泄" },
		{ "assessment", "assessment|测评|测量" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		char *words = xstrdup(kinds[i].words), *save = NULL, *w;
		int hit = 0;
		for (w = strtok_r(words, "|", &save); w && !hit;
		    w = strtok_r(NULL, "|", &save))
			hit = strstr(s, w) != NULL;
		free(words);
		if (hit)
			return kinds[i].kind;
	}
	return NULL;
}

sqlite3_stmt *
sched_hours(sqlite3 *db, const struct cli *c, int *rc)
{
	const struct policy *p = policy_of(c, 0);
	sqlite3_stmt *st;

	*rc = 0;
	if (p == NULL) {
		*rc = EX_CONFIG;
		return NULL;
	}
	st = db_prepare(db, sql_sched_hours);
	sqlite3_bind_double(st, 1, p->numbers.day_school_hours);
	sqlite3_bind_double(st, 2, p->numbers.boarding_school_hours);
	return st;
}

static const char *const weekday_names[] = { "周一", "周二", "周三", "周四",
    "周五", "周六", "周日" };

/* An opening the rooms named had before the load. */
struct old_opening {
	char *room;
	int weekday;
	char *start, *end, *purpose;
};

/* A rooms file being loaded. */
struct rooms_load {
	sqlite3 *db;
	sqlite3_stmt *put, *clear, *opening;
	struct diag *diag;
	struct strmap seen;	/* rooms whose old openings are gone */
	struct strmap lines;	/* the line of each opening so far */
	long openings;
	struct old_opening *old;	/* what the rooms had: nold of them */
	size_t nold, old_cap;
};

/* Its statements, prepared once: the file is the whole truth for the
 * rooms it names, their openings are replaced. */
#define ROOMS(member, sql) DB_STATEMENT(struct rooms_load, member, sql)
static const struct db_statement rooms_statements[] = {
	ROOMS(put, sql_sched_room_put),
	ROOMS(clear, sql_sched_room_openings_clear),
	ROOMS(opening, sql_sched_opening_put),
};

/* One line of the file, read and checked. */
struct room_line {
	const char *f[R_COUNT];	/* "" for a column not given */
	const char *kind;
	long long school;
	long capacity;
	int weekday;
	char start[6], end[6];
};

/* The school of the line, a school on the roster: 0, or -1 when the line
 * was reported as bad. */
static int
room_school(struct rooms_load *l, struct rec_reader *r, const int *idx,
    struct room_line *line)
{
	char *canon = NULL, *why = NULL;
	int bad = units_resolve(l->db, line->f[R_SCHOOL], &line->school,
	    &canon, &why) != 0 || strchr(canon, '/') != NULL;

	if (bad)
		sched_field_error(l->diag, r, idx[R_SCHOOL], "no school '%s' "
		    "on the roster", line->f[R_SCHOOL]);
	free(canon);
	free(why);
	return bad ? -1 : 0;
}

/* Reads and checks a line: 0, or -1 when it was reported as bad. */
static int
room_read(struct rooms_load *l, struct rec_reader *r, const int *idx,
    struct room_line *line)
{
	const char *const *f;
	char *end;

	for (int k = 0; k < R_COUNT; k++)
		line->f[k] = idx[k] >= 0 ? rec_field(r, (size_t)idx[k]) : "";
	f = line->f;
	if (room_school(l, r, idx, line) != 0)
		return -1;
	if ((line->kind = room_kind(f[R_KIND])) == NULL) {
		sched_field_error(l->diag, r, idx[R_KIND], "'%s': expected "
		    "counselling (咨询), group (团体), relaxation (放松), "
		    "catharsis (宣泄) or assessment (测评)", f[R_KIND]);
		return -1;
	}
	line->capacity = 1;
	if (*f[R_CAPACITY] != '\0' && ((line->capacity = strtol(f[R_CAPACITY],
	    &end, 10)) < 1 || line->capacity > 1000 || *end != '\0')) {
		sched_field_error(l->diag, r, idx[R_CAPACITY], "'%s' is not a "
		    "number of people", f[R_CAPACITY]);
		return -1;
	}
	if ((line->weekday = sched_parse_weekday(f[R_WEEKDAY])) == 0) {
		sched_field_error(l->diag, r, idx[R_WEEKDAY], "'%s' is not a "
		    "day of the week", f[R_WEEKDAY]);
		return -1;
	}
	if (sched_parse_hhmm(f[R_START], line->start) != 0 ||
	    sched_parse_hhmm(f[R_END], line->end) != 0 ||
	    strcmp(line->start, line->end) >= 0) {
		sched_field_error(l->diag, r, idx[R_START], "'%s' to '%s' is "
		    "not a time span", f[R_START], f[R_END]);
		return -1;
	}
	return 0;
}

/* An opening's identity in a room: what a file may name once, and what
 * its calendar event's UID is made of. */
static char *
opening_key(const char *room, int weekday, const char *start)
{
	return xasprintf("room %s opening on %s at %s", room,
	    weekday_names[weekday - 1], start);
}

/* The row of clear, an opening the room had, kept to be compared with
 * the file's. */
static void
old_keep(struct rooms_load *l, const char *room, sqlite3_stmt *clear)
{
	struct old_opening *o;

	l->old = xgrow(l->old, &l->old_cap, l->nold + 1, sizeof(*l->old));
	o = &l->old[l->nold++];
	o->room = xstrdup(room);
	o->weekday = sqlite3_column_int(clear, 0);
	o->start = xstrdup(db_column_text(clear, 1));
	o->end = xstrdup(db_column_text(clear, 2));
	o->purpose = xstrdup(db_column_text(clear, 3));
}

static void
old_free(struct rooms_load *l)
{
	for (size_t i = 0; i < l->nold; i++) {
		FREE_ALL(l->old[i].room, l->old[i].start, l->old[i].end,
		    l->old[i].purpose);
	}
	free(l->old);
}

/*
 * Each opening the rooms had and the file does not name (by its room,
 * weekday and start), audited as removed: what ph-schedule ics cancels
 * in the calendars that imported it.  The detail, "周一 12:30-13:30
 * 预约咨询", is read back by the query sched_ics_openings.
 */
static int
old_removed_audit(struct rooms_load *l, const struct cli *c)
{
	struct audit *a = audit_new(l->db, c->now, c->actor);
	int rc = 0;

	for (size_t i = 0; i < l->nold && rc == 0; i++) {
		const struct old_opening *o = &l->old[i];
		char *key = opening_key(o->room, o->weekday, o->start), *what;
		long long line;

		if (!strmap_get(&l->lines, key, &line)) {
			what = xasprintf("%s %s-%s%s%s",
			    weekday_names[o->weekday - 1], o->start, o->end,
			    *o->purpose ? " " : "", o->purpose);
			rc = audit_append(a, "opening.remove", o->room, what);
			free(what);
		}
		free(key);
	}
	audit_free(a);
	return rc;
}

/* The room of a line, put, with its old openings gone (and kept in
 * l->old) the first time the file names it: 0 with *id, or a sysexits
 * code. */
static int
room_put(struct rooms_load *l, const struct room_line *line, long long *id)
{
	const char *code = line->f[R_ROOM], *name = line->f[R_NAME];
	sqlite3_stmt *put = l->put;
	long long known;
	int rc;

	sqlite3_bind_text(put, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 2, *name ? name : code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(put, 3, line->school);
	sqlite3_bind_text(put, 4, line->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(put, 5, line->capacity);
	if ((rc = db_int(l->db, put, id)) != 0)
		return rc == DB_NONE ? db_fail(l->db, "rooms") : rc;
	if (strmap_get(&l->seen, code, &known))
		return 0;
	strmap_put(&l->seen, code, *id);
	sqlite3_bind_int64(l->clear, 1, *id);
	while (db_row(l->db, l->clear, &rc))
		old_keep(l, code, l->clear);
	return rc;
}

/* One line of the file: a room and one of its openings. */
static int
room_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct rooms_load *l = ctx;
	sqlite3_stmt *open = l->opening;
	struct room_line line;
	char *key;
	long long id;
	int rc;

	if (room_read(l, r, idx, &line) != 0)
		return 0;
	key = opening_key(line.f[R_ROOM], line.weekday, line.start);
	rc = sched_once(&l->lines, l->diag, r, key);
	free(key);
	if (rc != 0)
		return 0;
	if ((rc = room_put(l, &line, &id)) != 0)
		return rc;
	sqlite3_bind_int64(open, 1, id);
	sqlite3_bind_int(open, 2, line.weekday);
	sqlite3_bind_text(open, 3, line.start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(open, 4, line.end, -1, SQLITE_TRANSIENT);
	db_bind_text_or_null(open, 5, line.f[R_PURPOSE]);
	l->openings++;
	return db_run(l->db, open);
}

static const struct sched_loader rooms_loader = {
	room_columns, R_COUNT, room_row, rooms_statements,
	DB_SET_SIZE(rooms_statements)
};

int
sched_rooms_load(sqlite3 *db, const struct cli *c, const char *file)
{
	static const char *const cols[] = { "school", "weekday", "hours",
	    "minimum", "verdict" };
	struct diag d;
	struct rooms_load l = { .db = db, .diag = &d };
	int idx[R_COUNT], rc;
	sqlite3_stmt *st;

	if ((rc = db_begin(db)) != 0)
		return rc;
	strmap_init(&l.seen);
	strmap_init(&l.lines);
	diag_init(&d, c->max_errors);
	rc = sched_load(db, c, file, &rooms_loader, idx, &d, &l);
	if (rc == 0 && d.errors == 0)
		rc = old_removed_audit(&l, c);
	rc = sched_load_end(db, c, &d, rc, "loaded", "rooms.load",
	    io_input_name(file), "%zu rooms, %ld openings", l.seen.len,
	    l.openings);
	strmap_free(&l.seen);
	strmap_free(&l.lines);
	old_free(&l);
	if (rc != 0)
		return rc;
	if ((st = sched_hours(db, c, &rc)) == NULL)
		return rc;
	return rows_print(db, c, st, 5, cols);
}
