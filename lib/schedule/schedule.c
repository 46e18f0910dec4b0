/*
 * The counselling room's calendar: the term and its closed and make-up
 * days, rooms and their weekly openings, appointments with every clash
 * refused and named, free slots and the agenda.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "columns.h"
#include "conf.h"
#include "db.h"
#include "diag.h"
#include "intake.h"
#include "io.h"
#include "norm.h"
#include "policy.h"
#include "rec.h"
#include "rows.h"
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

/* ISO weekday (1 Monday .. 7 Sunday) of a local time. */
static int
weekday(time_t t)
{
	struct tm tm;

	clock_local(t, &tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

void
sched_hhmm(time_t t, char out[6])
{
	struct tm tm;

	clock_local(t, &tm);
	out[0] = (char)('0' + tm.tm_hour / 10 % 10);
	out[1] = (char)('0' + tm.tm_hour % 10);
	out[2] = ':';
	out[3] = (char)('0' + tm.tm_min / 10 % 10);
	out[4] = (char)('0' + tm.tm_min % 10);
	out[5] = '\0';
}

/* Why the school is closed on day, or NULL when it is open (malloc'd). */
static char *
closed_why(sqlite3 *db, const char *day)
{
	static const char *const names[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	sqlite3_stmt *st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM term), "
	    "EXISTS (SELECT 1 FROM term WHERE ?1 BETWEEN date_from AND "
	    "date_to), (SELECT kind FROM calendar_day WHERE day = ?1), "
	    "(SELECT note FROM calendar_day WHERE day = ?1), "
	    "CAST(strftime('%w', ?1) AS INTEGER)");
	char *why = NULL;

	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int terms = sqlite3_column_int(st, 0);
		int in_term = sqlite3_column_int(st, 1);
		const char *kind = db_column_text(st, 2);
		const char *note = db_column_text(st, 3);
		int wd = sqlite3_column_int(st, 4) % 7;

		if (terms && !in_term)
			why = xasprintf("%s is outside every term", day);
		else if (strcmp(kind, "workday") == 0)
			why = NULL;
		else if (strcmp(kind, "holiday") == 0)
			why = xasprintf("%s is a holiday%s%s", day, *note ? ": " :
			    "", note);
		else if (wd == 0 || wd == 6)
			why = xasprintf("%s is a %s", day, names[wd]);
	}
	sqlite3_finalize(st);
	return why;
}

int
sched_school_day(sqlite3 *db, const char *day)
{
	char *why = closed_why(db, day);

	free(why);
	return why == NULL;
}

enum { C_DAY, C_KIND, C_NOTE, C_COUNT };
static const struct column_spec calendar_columns[C_COUNT] = {
	[C_DAY] = { "date", "日期|date|day", 1 },
	[C_KIND] = { "kind", "类型|安排|kind|type", 1 },
	[C_NOTE] = { "note", "说明|备注|名称|note|name", 0 },
};

/* holiday: 放假, 休息, 假期; workday: 上班, 上课, 调休上班, 补课 */
static const char *
day_kind(const char *s)
{
	if (strcmp(s, "holiday") == 0 || strstr(s, "放假") || strstr(s, "休息") ||
	    strstr(s, "假期") || strcmp(s, "假") == 0)
		return "holiday";
	if (strcmp(s, "workday") == 0 || strstr(s, "上班") || strstr(s, "上课") ||
	    strstr(s, "补") || strcmp(s, "调休") == 0)
		return "workday";
	return NULL;
}

int
sched_term_set(sqlite3 *db, const struct cli *c, const char *code,
    const char *from, const char *to, const char *calendar)
{
	sqlite3_stmt *st;
	struct diag d;
	long days = 0;
	int rc;

	if (strcmp(from, to) > 0) {
		warnx("--from %s is after --to %s", from, to);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	st = db_prepare(db, "INSERT INTO term (code, date_from, date_to, "
	    "created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE "
	    "SET date_from = ?2, date_to = ?3");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "term");
	sqlite3_finalize(st);
	diag_init(&d, c->max_errors);
	if (rc == 0 && calendar != NULL) {
		FILE *fp = io_open_input(calendar);
		struct rec_reader *r;
		int idx[C_COUNT], got;

		if (fp == NULL)
			return db_end(db, EX_NOINPUT);
		r = rec_reader_new(fp, io_input_name(calendar), REC_AUTO,
		    c->encoding);
		st = db_prepare(db, "INSERT INTO calendar_day (day, kind, note) "
		    "VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET kind = "
		    "excluded.kind, note = excluded.note");
		if (rec_read_header(r) != 0)
			diag_error(&d, rec_name(r), rec_line(r), NULL, "%s",
			    rec_error(r));
		else if (columns_map(r, calendar_columns, C_COUNT, idx, &d) == 0)
			while (rc == 0 && (got = rec_read(r)) != 0) {
				char day[11], *why = NULL;
				const char *kind;

				if (got < 0) {
					diag_error(&d, rec_name(r), rec_line(r),
					    NULL, "%s", rec_error(r));
					if (got == -2)
						break;
					continue;
				}
				if (norm_date(rec_field(r, (size_t)idx[C_DAY]), day,
				    &why) != 0) {
					diag_error(&d, rec_name(r), rec_line(r),
					    rec_column(r, (size_t)idx[C_DAY]), "%s",
					    why);
					free(why);
					continue;
				}
				if ((kind = day_kind(rec_field(r,
				    (size_t)idx[C_KIND]))) == NULL) {
					diag_error(&d, rec_name(r), rec_line(r),
					    rec_column(r, (size_t)idx[C_KIND]),
					    "'%s': expected holiday (放假) or "
					    "workday (调休上班)", rec_field(r,
					    (size_t)idx[C_KIND]));
					continue;
				}
				sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
				db_bind_text_or_null(st, 3, idx[C_NOTE] >= 0 ?
				    rec_field(r, (size_t)idx[C_NOTE]) : NULL);
				if (sqlite3_step(st) != SQLITE_DONE)
					rc = db_fail(db, "calendar");
				sqlite3_reset(st);
				days++;
			}
		sqlite3_finalize(st);
		rec_reader_free(r);
		io_close_input(fp);
	}
	diag_finish(&d);
	if (rc == 0)
		rc = diag_refused(&d, "changed");
	if (rc == 0) {
		char *detail = xasprintf("%s to %s, %ld calendar days", from, to,
		    days);
		rc = audit_once(db, c->now, c->actor, "term.set", code, detail);
		free(detail);
	}
	if ((rc = db_end(db, rc)) == 0) {
		/* what the term is, in school days */
		static const char *const cols[] = { "term", "from", "to",
		    "school_days", "holidays", "workdays" };
		st = db_prepare(db, "WITH RECURSIVE d(day) AS (SELECT ?2 UNION "
		    "ALL SELECT date(day, '+1 day') FROM d WHERE day < ?3) "
		    "SELECT ?1, ?2, ?3, sum(CASE WHEN k.kind = 'workday' THEN 1 "
		    "WHEN k.kind = 'holiday' THEN 0 WHEN strftime('%w', day) IN "
		    "('0', '6') THEN 0 ELSE 1 END), sum(k.kind = 'holiday'), "
		    "sum(k.kind = 'workday') FROM d LEFT JOIN calendar_day k "
		    "USING (day)");
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
		rc = rows_print(db, c, st, 6, cols);
	}
	return rc;
}

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
		out[0] = (char)('0' + h / 10);
		out[1] = (char)('0' + h % 10);
		out[2] = ':';
		out[3] = (char)('0' + m / 10);
		out[4] = (char)('0' + m % 10);
		out[5] = '\0';
		return 0;
	}
	return -1;
}

/* Each school's hours open on each weekday, Monday to Friday, against the
 * policy's minimum (overlapping openings counted once): school path,
 * weekday, hours, minimum, 'ok' or 'short'.  NULL with *rc after a
 * message when the policy's numbers are not numbers. */
sqlite3_stmt *
sched_hours(sqlite3 *db, const struct cli *c, int *rc)
{
	static const char *const keys[] = { "day_school_hours",
	    "boarding_school_hours" };
	double hours[2] = { 2, 4 };
	sqlite3_stmt *st;

	if ((*rc = policy_numbers(c->policy, "rooms", keys, 2, hours)) != 0)
		return NULL;
	st = db_prepare(db, "WITH RECURSIVE wd(n) AS (SELECT 1 UNION ALL "
	    "SELECT n + 1 FROM wd WHERE n < 5), "
	    "o AS (SELECT r.unit_id AS school, o.weekday, "
	    "(CAST(substr(o.start, 1, 2) AS INTEGER) * 60 + "
	    "CAST(substr(o.start, 4, 2) AS INTEGER)) AS s, "
	    "(CAST(substr(o.end, 1, 2) AS INTEGER) * 60 + "
	    "CAST(substr(o.end, 4, 2) AS INTEGER)) AS e FROM opening o "
	    "JOIN room r ON r.id = o.room_id), "
	    /* a minute is open when some opening covers it */
	    "m(school, weekday, minute) AS (SELECT DISTINCT o.school, "
	    "o.weekday, mm.v FROM o JOIN (WITH RECURSIVE x(v) AS (SELECT 0 "
	    "UNION ALL SELECT v + 1 FROM x WHERE v < 1439) SELECT v FROM x) "
	    "mm ON mm.v >= o.s AND mm.v < o.e), "
	    "schools AS (SELECT DISTINCT school FROM o), "
	    "need AS (SELECT s.school, CASE WHEN EXISTS (SELECT 1 FROM unit "
	    "d WHERE d.kind IN ('dormitory', 'residence') AND "
	    "substr(d.path, 1, length(u.path) + 1) = u.path || '/') THEN ?2 "
	    "ELSE ?1 END AS hours FROM schools s JOIN unit u ON "
	    "u.id = s.school) "
	    "SELECT u.path, wd.n, printf('%.1f', (SELECT count(*) FROM m "
	    "WHERE m.school = need.school AND m.weekday = wd.n) / 60.0), "
	    "printf('%g', need.hours), CASE WHEN (SELECT count(*) FROM m "
	    "WHERE m.school = need.school AND m.weekday = wd.n) >= "
	    "need.hours * 60 THEN 'ok' ELSE 'short' END FROM need JOIN "
	    "unit u ON u.id = need.school, wd ORDER BY u.path, wd.n");
	sqlite3_bind_double(st, 1, hours[0]);
	sqlite3_bind_double(st, 2, hours[1]);
	return st;
}

int
sched_rooms_load(sqlite3 *db, const struct cli *c, const char *file)
{
	FILE *fp = io_open_input(file);
	struct rec_reader *r;
	sqlite3_stmt *room, *clear, *open;
	struct diag d;
	int idx[R_COUNT], got, rc;
	long rooms = 0, openings = 0;

	if (fp == NULL)
		return EX_NOINPUT;
	if ((rc = db_begin(db)) != 0) {
		io_close_input(fp);
		return rc;
	}
	diag_init(&d, c->max_errors);
	r = rec_reader_new(fp, io_input_name(file), REC_AUTO, c->encoding);
	/* the file is the whole truth for the rooms it names: their
	 * openings are replaced */
	room = db_prepare(db, "INSERT INTO room (code, name, unit_id, kind, "
	    "capacity) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO UPDATE "
	    "SET name = ?2, unit_id = ?3, kind = ?4, capacity = ?5 RETURNING "
	    "id, (SELECT count(*) FROM opening o WHERE o.room_id = room.id)");
	clear = db_prepare(db, "DELETE FROM opening WHERE room_id = ?");
	open = db_prepare(db, "INSERT INTO opening (room_id, weekday, start, "
	    "end, purpose) VALUES (?, ?, ?, ?, ?)");
	{
		struct strmap seen;
		strmap_init(&seen);
		if (rec_read_header(r) != 0)
			diag_error(&d, rec_name(r), rec_line(r), NULL, "%s",
			    rec_error(r));
		else if (columns_map(r, room_columns, R_COUNT, idx, &d) == 0)
			while (rc == 0 && (got = rec_read(r)) != 0) {
				const char *f[R_COUNT];
				const char *kind;
				char start[6], end[6];
				long long school, id, known;
				long cap = 1;
				int wd;

				if (got < 0) {
					diag_error(&d, rec_name(r), rec_line(r),
					    NULL, "%s", rec_error(r));
					if (got == -2)
						break;
					continue;
				}
				for (int k = 0; k < R_COUNT; k++)
					f[k] = idx[k] >= 0 ? rec_field(r,
					    (size_t)idx[k]) : "";
#define BAD(k, ...) diag_error(&d, rec_name(r), rec_line(r), \
	rec_column(r, (size_t)idx[k]), __VA_ARGS__)
				{
					char *canon = NULL, *why = NULL;
					int bad = units_resolve(db, f[R_SCHOOL],
					    &school, &canon, &why) != 0 ||
					    strchr(canon, '/') != NULL;
					if (bad)
						BAD(R_SCHOOL, "no school '%s' on "
						    "the roster", f[R_SCHOOL]);
					free(canon);
					free(why);
					if (bad)
						continue;
				}
				if ((kind = room_kind(f[R_KIND])) == NULL) {
					BAD(R_KIND, "'%s': expected counselling "
					    "(咨询), group (团体), relaxation "
					    "(放松), catharsis (宣泄) or assessment "
					    "(测评)", f[R_KIND]);
					continue;
				}
				if (*f[R_CAPACITY] != '\0') {
					char *e;
					cap = strtol(f[R_CAPACITY], &e, 10);
					if (*e != '\0' || cap < 1 || cap > 1000) {
						BAD(R_CAPACITY, "'%s' is not a "
						    "number of people",
						    f[R_CAPACITY]);
						continue;
					}
				}
				if ((wd = sched_parse_weekday(f[R_WEEKDAY])) == 0) {
					BAD(R_WEEKDAY, "'%s' is not a day of the "
					    "week", f[R_WEEKDAY]);
					continue;
				}
				if (sched_parse_hhmm(f[R_START], start) != 0 ||
				    sched_parse_hhmm(f[R_END], end) != 0 ||
				    strcmp(start, end) >= 0) {
					BAD(R_START, "'%s' to '%s' is not a time "
					    "span", f[R_START], f[R_END]);
					continue;
				}
#undef BAD
				sqlite3_bind_text(room, 1, f[R_ROOM], -1,
				    SQLITE_STATIC);
				sqlite3_bind_text(room, 2, *f[R_NAME] ? f[R_NAME] :
				    f[R_ROOM], -1, SQLITE_STATIC);
				sqlite3_bind_int64(room, 3, school);
				sqlite3_bind_text(room, 4, kind, -1, SQLITE_STATIC);
				sqlite3_bind_int64(room, 5, cap);
				if (sqlite3_step(room) != SQLITE_ROW) {
					rc = db_fail(db, "rooms");
					break;
				}
				id = sqlite3_column_int64(room, 0);
				sqlite3_reset(room);
				if (!strmap_get(&seen, f[R_ROOM], &known)) {
					strmap_put(&seen, f[R_ROOM], id);
					rooms++;
					sqlite3_bind_int64(clear, 1, id);
					if (sqlite3_step(clear) != SQLITE_DONE)
						rc = db_fail(db, "rooms");
					sqlite3_reset(clear);
				}
				sqlite3_bind_int64(open, 1, id);
				sqlite3_bind_int(open, 2, wd);
				sqlite3_bind_text(open, 3, start, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(open, 4, end, -1,
				    SQLITE_TRANSIENT);
				db_bind_text_or_null(open, 5, f[R_PURPOSE]);
				if (sqlite3_step(open) != SQLITE_DONE)
					rc = db_fail(db, "rooms");
				sqlite3_reset(open);
				openings++;
			}
		strmap_free(&seen);
	}
	sqlite3_finalize(room);
	sqlite3_finalize(clear);
	sqlite3_finalize(open);
	rec_reader_free(r);
	io_close_input(fp);
	diag_finish(&d);
	if (rc == 0)
		rc = diag_refused(&d, "loaded");
	if (rc == 0) {
		char *detail = xasprintf("%ld rooms, %ld openings", rooms,
		    openings);
		rc = audit_once(db, c->now, c->actor, "rooms.load", io_input_name(file), detail);
		free(detail);
	}
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	{
		static const char *const cols[] = { "school", "weekday",
		    "hours", "minimum", "verdict" };
		sqlite3_stmt *st = sched_hours(db, c, &rc);

		if (st != NULL)
			rc = rows_print(db, c, st, 5, cols);
	}
	return rc;
}

long long
sched_find_counsellor(sqlite3 *db, const char *name, int *ambiguous)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT c.id FROM contact c "
	    "JOIN role r ON r.contact_id = c.id WHERE c.name = ? AND r.role = "
	    "'counsellor' AND r.until IS NULL");
	long long id = 0;
	int n = 0;

	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	*ambiguous = n > 1;
	return n == 1 ? id : 0;
}

/* The longest appointment --length allows, in seconds. */
#define MAX_LENGTH 36000
#define STR(x) #x
#define XSTR(x) STR(x)
/* Booked or done appointments where cond, overlapping [?4, ?5). */
#define OVERLAP(cond, what) "SELECT id, " what " AS what, start, end FROM " \
	"appointment WHERE " cond " AND start < ?5 AND start > ?4 - " \
	XSTR(MAX_LENGTH) " AND end > ?4 AND status IN ('booked', 'done')"

/* Group sessions in room ?1 overlapping [?4, ?5). */
#define GROUP_OVERLAP(what) "SELECT s.id, " what " AS what, s.start, " \
	"s.end FROM grp_session s JOIN grp g ON g.id = s.group_id WHERE " \
	"g.room_id = ?1 AND s.start < ?5 AND s.end > ?4"

/* What an appointment [start, end) of room, counsellor or person
 * clashes with, in words (malloc'd), or NULL. */
static char *
clash(sqlite3 *db, long long room, long long contact, long long person,
    time_t start, time_t end)
{
	/* one indexed lookup each for the room, the counsellor and the
	 * client: an appointment is at most MAX_LENGTH long, so one that
	 * overlaps starts after start - MAX_LENGTH */
	sqlite3_stmt *st = db_prepare(db, "SELECT id, what, datetime(start, "
	    "'unixepoch', 'localtime'), strftime('%H:%M', end, 'unixepoch', "
	    "'localtime') FROM (" OVERLAP("room_id = ?1", "'the room'")
	    " UNION ALL " OVERLAP("contact_id = ?2", "'the counsellor'")
	    " UNION ALL " OVERLAP("person_id = ?3", "'the client'")
	    " UNION ALL " GROUP_OVERLAP("'the room'")
	    ") ORDER BY start LIMIT 1");
	char *why = NULL;

	sqlite3_bind_int64(st, 1, room);
	sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int64(st, 3, person);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)start);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)end);
	if (sqlite3_step(st) == SQLITE_ROW)
		why = xasprintf("%s is taken by appointment %lld, %.16s-%s",
		    db_column_text(st, 1), sqlite3_column_int64(st, 0),
		    db_column_text(st, 2), db_column_text(st, 3));
	sqlite3_finalize(st);
	return why;
}

/* A room of the counsellor's school open for the whole span (given by
 * code, or the first free counselling room): its id, or 0 with *why. */
static long long
pick_room(sqlite3 *db, const char *code, long long contact, long long person,
    time_t start, time_t end, int urgent, char **why)
{
	char s[6], e[6];
	sqlite3_stmt *st;
	long long id = 0;

	sched_hhmm(start, s);
	sched_hhmm(end, e);
	if (strcmp(e, s) <= 0)
		strcpy(e, "24:00");
	/* rooms of the schools where the counsellor holds the role */
	st = db_prepare(db, "SELECT r.id, r.code, EXISTS (SELECT 1 FROM "
	    "opening o WHERE o.room_id = r.id AND o.weekday = ?3 AND o.start "
	    "<= ?4 AND o.end >= ?5) FROM room r WHERE (?1 IS NULL AND r.kind "
	    "= 'counselling' AND r.unit_id IN (SELECT x.id FROM role ro JOIN "
	    "unit ru ON ru.id = ro.unit_id JOIN unit x ON (ru.path = x.path "
	    "OR substr(ru.path, 1, length(x.path) + 1) = x.path || '/') WHERE "
	    "ro.contact_id = ?2 AND ro.role = 'counsellor' AND ro.until IS "
	    "NULL)) OR r.code = ?1 ORDER BY r.code");
	db_bind_text_or_null(st, 1, code);
	sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int(st, 3, weekday(start));
	sqlite3_bind_text(st, 4, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, e, -1, SQLITE_TRANSIENT);
	*why = NULL;
	while (id == 0 && sqlite3_step(st) == SQLITE_ROW) {
		long long r = sqlite3_column_int64(st, 0);
		char *c;

		if (!sqlite3_column_int(st, 2) && !urgent) {
			if (*why == NULL)
				*why = xasprintf("room %s is not open then "
				    "(%s-%s)", db_column_text(st, 1), s, e);
			continue;
		}
		if ((c = clash(db, r, 0, 0, start, end)) != NULL) {
			if (*why == NULL || code != NULL) {
				free(*why);
				*why = xasprintf("room %s: %s", db_column_text(st,
				    1), c);
			}
			free(c);
			continue;
		}
		id = r;
	}
	sqlite3_finalize(st);
	if (id != 0) {
		free(*why);
		*why = NULL;
	} else if (*why == NULL)
		*why = code ? xasprintf("no room '%s'", code) :
		    xstrdup("no counselling room of the counsellor's school");
	(void)person;
	return id;
}

/*
 * One counsellor at a time: why booking person with contact is refused
 * (malloc'd), or NULL.  Refused while an appointment with another
 * counsellor is still booked, or when it would change the counsellor
 * more often this term than the policy allows (schedule.counsellor_changes,
 * 1).  *rc: the exit status to go with it.
 */
static char *
counsellor_change(sqlite3 *db, const struct cli *c, long long person,
    long long contact, const char *day, int *rc)
{
	static const char *const keys[] = { "counsellor_changes" };
	double allowed = 1;
	sqlite3_stmt *st;
	char *why = NULL;
	long long last = 0;
	long changes = 0;

	*rc = EX_DATAERR;
	st = db_prepare(db, "SELECT a.id, k.name, datetime(a.start, 'unixepoch', "
	    "'localtime') FROM appointment a JOIN contact k ON k.id = "
	    "a.contact_id WHERE a.person_id = ?1 AND a.contact_id <> ?2 AND "
	    "a.status = 'booked' ORDER BY a.start LIMIT 1");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, contact);
	if (sqlite3_step(st) == SQLITE_ROW)
		why = xasprintf("appointment %lld with %s at %.16s is still "
		    "booked (one counsellor at a time: cancel it first, or "
		    "--urgent for a crisis)", sqlite3_column_int64(st, 0),
		    db_column_text(st, 1), db_column_text(st, 2));
	sqlite3_finalize(st);
	if (why != NULL)
		return why;
	/* this term's counsellors in order: the last one, and how often
	 * the counsellor changed */
	st = db_prepare(db, "WITH seen AS (SELECT a.contact_id AS k, "
	    "lag(a.contact_id) OVER (ORDER BY a.start, a.id) AS prev, "
	    "row_number() OVER (ORDER BY a.start DESC, a.id DESC) AS back "
	    "FROM appointment a WHERE a.person_id = ?1 AND a.status IN "
	    "('booked', 'done') AND date(a.start, 'unixepoch', 'localtime') >= "
	    "coalesce((SELECT date_from FROM term WHERE ?2 BETWEEN date_from "
	    "AND date_to), '0000')) SELECT (SELECT k FROM seen WHERE back = 1), "
	    "(SELECT count(*) FROM seen WHERE prev <> k)");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		changes = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (last == 0 || last == contact)
		return NULL;
	/* a change: only now is the policy read */
	if ((*rc = policy_numbers(c->policy, "schedule", keys, 1,
	    &allowed)) != 0)
		return xstrdup("the policy cannot be read");
	*rc = EX_DATAERR;
	if (changes + 1 > allowed)
		why = xasprintf("a change of counsellor this term would be "
		    "change %ld, and the policy allows %g (--urgent for a "
		    "crisis)", changes + 1, allowed);
	return why;
}

int
sched_book(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o)
{
	long long person = 0, contact, room, id;
	time_t start, end;
	char day[11], *why = NULL, *detail;
	sqlite3_stmt *st;
	int rc, ambiguous;

	if (clock_parse(o->at, &start) != 0) {
		warnx("--at '%s': expected 'YYYY-MM-DD HH:MM'", o->at);
		return EX_USAGE;
	}
	end = start + o->length * 60;
	clock_date(start, day);
	/* everything checked and written in one IMMEDIATE transaction: of
	 * two bookings of one slot at once, exactly one wins */
	if ((rc = db_begin(db)) != 0)
		return rc;
	st = db_prepare(db, "SELECT id FROM person WHERE person_no = ? AND "
	    "status = 'active'");
	sqlite3_bind_text(st, 1, person_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (person == 0) {
		warnx("no active person '%s'", person_no);
		return db_end(db, EX_DATAERR);
	}
	if ((contact = sched_find_counsellor(db, o->with, &ambiguous)) == 0) {
		warnx(ambiguous ? "--with %s: several counsellors have that name"
		    : "--with %s: no counsellor of that name (see ph-intake "
		    "roles)", o->with);
		return db_end(db, EX_DATAERR);
	}
	if (!o->urgent && (why = closed_why(db, day)) != NULL) {
		warnx("cannot book %s: %s", o->at, why);
		free(why);
		return db_end(db, EX_DATAERR);
	}
	if (!o->urgent && start < c->now) {
		warnx("cannot book %s: it is in the past", o->at);
		return db_end(db, EX_DATAERR);
	}
	if (!o->urgent && (why = counsellor_change(db, c, person, contact,
	    day, &rc)) != NULL) {
		warnx("cannot book %s: %s: %s", o->at, person_no, why);
		free(why);
		return db_end(db, rc);
	}
	if ((room = pick_room(db, o->room, contact, person, start, end,
	    o->urgent, &why)) == 0 || (why = clash(db, room, contact, person,
	    start, end)) != NULL) {
		warnx("cannot book %s: %s", o->at, why);
		free(why);
		return db_end(db, EX_DATAERR);
	}
	st = db_prepare(db, "INSERT INTO appointment (person_id, contact_id, "
	    "room_id, start, end, status, urgent, followup_of, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?8, ?8)");
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, contact);
	sqlite3_bind_int64(st, 3, room);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)start);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)end);
	sqlite3_bind_int(st, 6, o->urgent);
	db_bind_text_or_null(st, 7, o->followup_of);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "book");
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);
	if (rc == 0)
		rc = sched_waitlist_booked(db, c, person);
	detail = xasprintf("%s with %s at %s for %ld min%s", person_no, o->with,
	    o->at, o->length, o->urgent ? ", urgent (outside the rules)" : "");
	if (rc == 0) {
		char idtext[24];
		snprintf(idtext, sizeof(idtext), "%lld", id);
		rc = audit_once(db, c->now, c->actor, "appointment.book", idtext, detail);
	}
	free(detail);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	{
		static const char *const cols[] = { "appt", "id", "with", "room",
		    "start", "end" };
		st = db_prepare(db, "SELECT a.id, p.person_no, c.name, r.code, "
		    "datetime(a.start, 'unixepoch', 'localtime'), "
		    "datetime(a.end, 'unixepoch', 'localtime') FROM appointment a "
		    "JOIN person p ON p.id = a.person_id JOIN contact c ON "
		    "c.id = a.contact_id JOIN room r ON r.id = a.room_id WHERE "
		    "a.id = ?");
		sqlite3_bind_int64(st, 1, id);
		return rows_print(db, c, st, 6, cols);
	}
}

int
sched_close(sqlite3 *db, const struct cli *c, const char *appt,
    const char *status, const char *text)
{
	char *end;
	long long id = strtoll(appt, &end, 10);
	sqlite3_stmt *st;
	char *detail;
	int rc, changed;

	if (*appt == '\0' || *end != '\0' || id <= 0) {
		warnx("'%s' is not an appointment number", appt);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	/* a cancellation keeps the why; done keeps the counsellor's note,
	 * which nothing prints but the counsellor's own agenda */
	st = db_prepare(db, "UPDATE appointment SET status = ?2, seq = seq + 1, "
	    "updated_at = ?3, reason = CASE ?2 WHEN 'cancelled' THEN ?4 ELSE "
	    "reason END, note = CASE ?2 WHEN 'done' THEN ?4 ELSE note END "
	    "WHERE id = ?1 AND status = 'booked'");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->now);
	db_bind_text_or_null(st, 4, text);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, status);
	changed = sqlite3_changes(db);
	sqlite3_finalize(st);
	if (rc == 0 && !changed) {
		st = db_prepare(db, "SELECT status FROM appointment WHERE id = ?");
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			warnx("appointment %s is %s already", appt,
			    db_column_text(st, 0));
		else
			warnx("no appointment %s", appt);
		sqlite3_finalize(st);
		return db_end(db, EX_DATAERR);
	}
	/* a reminder not sent yet for what will not happen is withdrawn */
	if (rc == 0 && strcmp(status, "cancelled") == 0) {
		st = db_prepare(db, "DELETE FROM outbox WHERE appointment_id = ? "
		    "AND status = 'pending'");
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, status);
		sqlite3_finalize(st);
	}
	detail = xasprintf("%s%s", status, strcmp(status, "cancelled") == 0 &&
	    text ? ": " : "");
	if (rc == 0) {
		char *d = xasprintf("%s%s", detail, strcmp(status, "cancelled")
		    == 0 && text ? text : "");
		rc = audit_once(db, c->now, c->actor, "appointment.close", appt, d);
		free(d);
	}
	free(detail);
	if ((rc = db_end(db, rc)) != 0 || strcmp(status, "cancelled") != 0)
		return rc;
	return sched_waitlist_offer(db, c, id);
}

int
sched_free(sqlite3 *db, const struct cli *c, const struct free_opts *o)
{
	static const char *const cols[] = { "date", "start", "end", "room" };
	struct rec_writer *w;
	sqlite3_stmt *st, *busy;
	struct { time_t start, end; } *taken = NULL;
	size_t captaken = 0;
	long long contact = 0;
	time_t day0;
	int rc = 0, ambiguous, step = SQLITE_DONE, taking;

	if (o->with != NULL && (contact = sched_find_counsellor(db, o->with,
	    &ambiguous)) == 0) {
		warnx("--with %s: %s", o->with, ambiguous ? "several counsellors "
		    "have that name" : "no counsellor of that name");
		return EX_DATAERR;
	}
	if (o->from != NULL) {
		char *at = xasprintf("%s 00:00", o->from);
		if (clock_parse(at, &day0) != 0) {
			free(at);
			warnx("--from '%s': expected a date", o->from);
			return EX_USAGE;
		}
		free(at);
	} else {
		char today[11], *at;
		clock_date(c->now, today);
		at = xasprintf("%s 00:00", today);
		(void)clock_parse(at, &day0);
		free(at);
	}
	/* the openings of the rooms a counsellor can use (or the room) */
	st = db_prepare(db, "SELECT r.id, r.code, o.start, o.end FROM room r "
	    "JOIN opening o ON o.room_id = r.id WHERE o.weekday = ?3 AND (?1 IS "
	    "NULL OR r.code = ?1) AND (?2 = 0 OR r.unit_id IN (SELECT x.id FROM "
	    "role ro JOIN unit ru ON ru.id = ro.unit_id JOIN unit x ON "
	    "(ru.path = x.path OR substr(ru.path, 1, length(x.path) + 1) = "
	    "x.path || '/') WHERE ro.contact_id = ?2 AND ro.role = "
	    "'counsellor' AND ro.until IS NULL)) AND (?1 IS NOT NULL OR "
	    "r.kind = 'counselling') ORDER BY o.start, r.code");
	/* what is taken in an opening, read once for all its slots */
	busy = db_prepare(db, "SELECT start, end FROM (" OVERLAP("room_id = ?1",
	    "1") " UNION ALL " OVERLAP("contact_id = ?2", "2") " UNION ALL "
	    GROUP_OVERLAP("3") ")");
	w = io_writer(c, 4, cols);
	for (long d = 0; d < o->days && rc == 0; d++) {
		char date[11];
		struct tm tm;
		time_t noon;

		/* noon: a day's date whatever the clock change */
		clock_local(day0, &tm);
		tm.tm_mday += (int)d;
		tm.tm_hour = 12;
		tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		noon = mktime(&tm);
		clock_date(noon, date);
		if (!sched_school_day(db, date))
			continue;
		sqlite3_bind_text(st, 1, o->room, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, contact);
		sqlite3_bind_int(st, 3, weekday(noon));
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
			long long room = sqlite3_column_int64(st, 0);
			char *a = xasprintf("%s %s", date, db_column_text(st, 2));
			char *b = xasprintf("%s %s", date, db_column_text(st, 3));
			time_t s, e;

			if (clock_parse(a, &s) == 0 && clock_parse(b, &e) == 0) {
				size_t ntaken = 0;

				sqlite3_bind_int64(busy, 1, room);
				sqlite3_bind_int64(busy, 2, contact);
				sqlite3_bind_int64(busy, 4, (sqlite3_int64)s);
				sqlite3_bind_int64(busy, 5, (sqlite3_int64)e);
				while ((taking = sqlite3_step(busy)) ==
				    SQLITE_ROW) {
					taken = xgrow(taken, &captaken, ntaken + 1,
					    sizeof(*taken));
					taken[ntaken].start = (time_t)
					    sqlite3_column_int64(busy, 0);
					taken[ntaken++].end = (time_t)
					    sqlite3_column_int64(busy, 1);
				}
				sqlite3_reset(busy);
				/* what is taken not known: nothing is free */
				if (taking != SQLITE_DONE)
					rc = db_fail(db, "free");
				for (; s + o->length * 60 <= e && rc == 0;
				    s += o->length * 60) {
					time_t end = s + o->length * 60;
					char hs[6], he[6];
					const char *v[4];
					int clash_here = 0;

					if (s < c->now)
						continue;
					for (size_t t = 0; t < ntaken && !clash_here;
					    t++)
						clash_here = taken[t].start < end &&
						    taken[t].end > s;
					if (clash_here)
						continue;
					sched_hhmm(s, hs);
					sched_hhmm(end, he);
					v[0] = date;
					v[1] = hs;
					v[2] = he;
					v[3] = db_column_text(st, 1);
					if (rec_write(w, v) != 0)
						rc = EX_IOERR;
				}
			}
			free(a);
			free(b);
		}
		sqlite3_reset(st);
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_fail(db, "free");
	}
	sqlite3_finalize(st);
	sqlite3_finalize(busy);
	free(taken);
	{
		int wrc = io_writer_close(w);
		return rc ? rc : wrc;
	}
}

int
sched_week(sqlite3 *db, const struct cli *c, const char *week, char first[11],
    char last[11])
{
	sqlite3_stmt *st;
	char today[11];
	int rc = 0;

	clock_date(c->now, today);
	st = db_prepare(db, "SELECT date(?1, '-' || ((CAST(strftime('%w', "
	    "?1) AS INTEGER) + 6) % 7) || ' days'), date(?1, '+' || "
	    "(6 - (CAST(strftime('%w', ?1) AS INTEGER) + 6) % 7) || "
	    "' days')");
	sqlite3_bind_text(st, 1, week ? week : today, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_type(st, 0) == SQLITE_NULL) {
		warnx("--week '%s': expected a date", week);
		rc = -1;
	} else {
		snprintf(first, 11, "%s", db_column_text(st, 0));
		snprintf(last, 11, "%s", db_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc;
}

/* The first instant of day first and of the day after last, local
 * time: a range on start that the index on it can serve. */
static int
day_bounds(const char *first, const char *last, time_t *from, time_t *to)
{
	char *a = xasprintf("%s 00:00", first);
	char *b = xasprintf("%s 00:00", last);
	int rc = clock_parse(a, from) != 0 || clock_parse(b, to) != 0 ? -1 : 0;
	struct tm tm;

	free(a);
	free(b);
	if (rc != 0)
		return rc;
	/* midnight of the next day, whatever the clock change */
	clock_local(*to, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*to = mktime(&tm);
	return *to == (time_t)-1 ? -1 : 0;
}

int
sched_agenda(sqlite3 *db, const struct cli *c, const struct agenda_opts *o)
{
	static const char *const cols[] = { "appt", "start", "end", "room",
	    "with", "id", "name", "unit", "status", "followup_of" };
	char first[11], last[11];
	sqlite3_stmt *st;
	time_t from, to;

	if (o->day != NULL) {
		snprintf(first, sizeof(first), "%s", o->day);
		snprintf(last, sizeof(last), "%s", o->day);
	} else if (sched_week(db, c, o->week, first, last) != 0)
		return EX_USAGE;
	if (day_bounds(first, last, &from, &to) != 0) {
		warnx("--day '%s': expected a date", first);
		return EX_USAGE;
	}
	st = db_prepare(db, "SELECT a.id, datetime(a.start, 'unixepoch', "
	    "'localtime'), strftime('%H:%M', a.end, 'unixepoch', 'localtime'), "
	    "r.code, c.name, p.person_no, p.name, coalesce(u.path, ''), "
	    "a.status || CASE a.urgent WHEN 1 THEN ' (urgent)' ELSE '' END, "
	    "a.followup_of FROM appointment a JOIN room r ON r.id = a.room_id "
	    "JOIN contact c ON c.id = a.contact_id JOIN person p ON p.id = "
	    "a.person_id LEFT JOIN unit u ON u.id = p.unit_id WHERE "
	    "a.start >= ?1 AND a.start < ?2 AND "
	    "(?3 IS NULL OR c.name = ?3) AND (?4 IS NULL OR r.code = ?4) "
	    "ORDER BY a.start, r.code");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)to);
	db_bind_text_or_null(st, 3, o->with);
	db_bind_text_or_null(st, 4, o->room);
	return rows_print(db, c, st, 10, cols);
}
