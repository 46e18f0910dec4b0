/*
 * Events (lectures, trainings, theme activities, the activity month, 5·25
 * and 10·10) with attendance from a sign-in list, and the year's count
 * against the policy's targets.
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
#include "db.h"
#include "io.h"
#include "people.h"
#include "policy.h"
#include "queries.h"
#include "rows.h"
#include "run_policy.h"
#include "units.h"
#include "xalloc.h"

static const struct {
	const char *kind, *label, *words;
} kinds[] = {
	{ "lecture", "讲座", "lecture|讲座|报告" },
	{ "training", "培训", "training|培训" },
	{ "theme", "主题活动", "theme|主题活动|主题班会|活动" },
	{ "month", "心理健康活动月", "month|活动月|宣传月" },
	{ "day525", "5·25心理健康日", "day525|5·25|5.25|525" },
	{ "day1010", "10·10世界精神卫生日",
	    "day1010|10·10|10.10|1010|世界精神卫生日" },
	{ "other", "活动", "other|其他" },
};

const char *
sched_event_label(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].label;
	return kind;
}

static const char *
event_kind(const char *s)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		char *w = xstrdup(kinds[i].words), *save = NULL, *t;
		int hit = 0;
		for (t = strtok_r(w, "|", &save); t && !hit;
		    t = strtok_r(NULL, "|", &save))
			hit = strcmp(s, t) == 0 || strstr(s, t) != NULL;
		free(w);
		if (hit)
			return kinds[i].kind;
	}
	return NULL;
}

/* Prints one record of n columns: 0 or EX_IOERR. */
static int
print_one(const struct cli *c, size_t n, const char *const *cols,
    const char *const *v)
{
	struct rec_writer *w = io_writer(c, n, cols);
	int rc = rec_write(w, v) != 0 ? EX_IOERR : 0;
	int wrc = io_writer_close(w);

	return rc ? rc : wrc;
}

int
sched_event_add(sqlite3 *db, const struct cli *c, const char *kind,
    const char *name, const char *at, const char *unit, const char *audience)
{
	static const char *const cols[] = { "event", "kind", "name" };
	const char *k = event_kind(kind);
	long long uid = 0;
	char *path = NULL, *why = NULL, idtext[24];
	time_t t;
	sqlite3_stmt *st;
	int rc;

	if (k == NULL) {
		warnx("'%s': expected lecture (讲座), training (培训), theme "
		    "(主题活动), month (活动月), day525, day1010 or other", kind);
		return EX_USAGE;
	}
	if (clock_parse(at, &t) != 0) {
		warnx("--at '%s': expected 'YYYY-MM-DD HH:MM'", at);
		return EX_USAGE;
	}
	if (unit != NULL && units_resolve(db, unit, &uid, &path, &why) != 0) {
		warnx("--for %s: %s", unit, why);
		free(why);
		return EX_DATAERR;
	}
	free(path);
	if ((rc = db_begin(db)) != 0)
		return rc;
	st = db_prepare(db, sql_sched_event_put);
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)t);
	if (uid != 0)
		sqlite3_bind_int64(st, 4, uid);
	db_bind_text_or_null(st, 5, audience);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	snprintf(idtext, sizeof(idtext), "%lld", sqlite3_last_insert_rowid(db));
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "event.add", idtext,
		    name);
	if ((rc = db_end(db, rc)) == 0) {
		const char *v[3] = { idtext, k, name };
		rc = print_one(c, 3, cols, v);
	}
	return rc;
}

enum { A_ID, A_NAME, A_COUNT };
static const struct column_spec attend_columns[A_COUNT] = {
	[A_ID] = { "id", "学号|工号|编号|学籍号|id", 0 },
	[A_NAME] = { "name", "姓名|名字|name", 0 },
};

/* A sign-in list being read into an event's attendance. */
struct attend_load {
	sqlite3 *db;
	struct diag *diag;
	sqlite3_stmt *by_no, *by_name, *put;
	long long event;
	long added;
};

/* Its statements, prepared once. */
#define ATTEND(member, sql) DB_STATEMENT(struct attend_load, member, sql)
static const struct db_statement attend_statements[] = {
	ATTEND(by_no, sql_person_by_number),
	ATTEND(by_name, sql_sched_event_person_named),
	ATTEND(put, sql_sched_attendance_put),
};

/* The person with number no into *pid, or 0 after a line error: 0, or a
 * sysexits code. */
static int
attendee_numbered(struct attend_load *l, struct rec_reader *r,
    const int *idx, const char *no, long long *pid)
{
	int rc;

	sqlite3_bind_text(l->by_no, 1, no, -1, SQLITE_STATIC);
	if ((rc = db_int(l->db, l->by_no, pid)) != DB_NONE)
		return rc;
	sched_field_error(l->diag, r, idx[A_ID], "'%s' is not on the roster",
	    no);
	return 0;
}

/* The one person called name among those the event is for into *pid, or
 * 0 after a line error (a name is not guessed): 0, or a sysexits code. */
static int
attendee_named(struct attend_load *l, struct rec_reader *r, const int *idx,
    const char *name, long long *pid)
{
	struct buf which = {0};
	int rc, n = 0;

	sqlite3_bind_int64(l->by_name, 1, l->event);
	sqlite3_bind_text(l->by_name, 2, name, -1, SQLITE_STATIC);
	while (db_row(l->db, l->by_name, &rc)) {
		*pid = sqlite3_column_int64(l->by_name, 0);
		buf_printf(&which, "%s%s", n++ ? ", " : "",
		    db_column_text(l->by_name, 1));
	}
	if (rc == 0 && n == 0)
		sched_field_error(l->diag, r, idx[A_NAME], "nobody called '%s' "
		    "is on the roster", name);
	else if (rc == 0 && n > 1)
		sched_field_error(l->diag, r, idx[A_NAME], "'%s' is ambiguous: "
		    "%s; give the id", name, buf_str(&which));
	if (n != 1)
		*pid = 0;
	buf_free(&which);
	return rc;
}

/* One line of the sign-in list. */
static int
attend_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct attend_load *l = ctx;
	const char *no = idx[A_ID] >= 0 ? rec_field(r, (size_t)idx[A_ID]) :
	    "";
	const char *name = idx[A_NAME] >= 0 ? rec_field(r,
	    (size_t)idx[A_NAME]) : "";
	long long pid = 0;
	int rc;

	if (*no != '\0')
		rc = attendee_numbered(l, r, idx, no, &pid);
	else if (*name != '\0')
		rc = attendee_named(l, r, idx, name, &pid);
	else
		return 0;	/* an empty line of the sheet */
	if (rc != 0 || pid == 0)
		return rc;
	sqlite3_bind_int64(l->put, 1, l->event);
	sqlite3_bind_int64(l->put, 2, pid);
	if ((rc = db_run(l->db, l->put)) == 0)
		l->added += sqlite3_changes(l->db);
	return rc;
}

static const struct sched_loader attend_loader = {
	attend_columns, A_COUNT, attend_row, attend_statements,
	DB_SET_SIZE(attend_statements)
};

/* The attendance of event eid from file: 0 (bad lines in d), or a
 * sysexits code. */
static int
attend_load(sqlite3 *db, const struct cli *c, long long eid, const char *file,
    struct diag *d, long *added)
{
	/* -2 until the header is mapped: -1 is a column not given */
	int idx[A_COUNT] = { -2, -2 }, rc;
	struct attend_load l = { .db = db, .diag = d, .event = eid };

	rc = sched_load(db, c, file, &attend_loader, idx, d, &l);
	if (rc == 0 && idx[A_ID] == -1 && idx[A_NAME] == -1)
		diag_error(d, io_input_name(file), 1, NULL, "a sign-in list "
		    "needs an id (学号, 工号) or a name (姓名) column");
	*added = l.added;
	return rc;
}

/* Whether event eid exists: 0, EX_DATAERR after a message, or a code. */
static int
event_known(sqlite3 *db, long long eid, const char *event)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_event_exists);
	long long one;
	int rc;

	sqlite3_bind_int64(st, 1, eid);
	rc = db_int_once(db, st, &one);
	if (rc != DB_NONE)
		return rc;
	warnx("no event %s", event);
	return EX_DATAERR;
}

int
sched_event_attend(sqlite3 *db, const struct cli *c, const char *event,
    const char *file)
{
	static const char *const cols[] = { "event", "added", "attended" };
	struct diag d;
	sqlite3_stmt *st;
	long long eid;
	long added = 0;
	char *end;
	int rc;

	eid = strtoll(event, &end, 10);
	if (*event == '\0' || *end != '\0' || eid <= 0) {
		warnx("'%s' is not an event number", event);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = event_known(db, eid, event)) != 0)
		return db_end(db, rc);
	diag_init(&d, c->max_errors);
	rc = attend_load(db, c, eid, file, &d, &added);
	if ((rc = sched_load_end(db, c, &d, rc, "recorded", "event.attend",
	    event, "%ld attended", added)) != 0)
		return rc;
	st = db_prepare(db, sql_sched_event_attended);
	sqlite3_bind_int64(st, 1, eid);
	sqlite3_bind_int64(st, 2, added);
	return rows_print(db, c, st, 3, cols);
}

int
sched_event_status_stmt(sqlite3 *db, const struct cli *c, const char *year,
    sqlite3_stmt **out)
{
	char today[11], start[11], end[11];
	const struct policy *p = policy_of(c, 0);
	sqlite3_stmt *st;
	int y;

	*out = NULL;
	if (p == NULL)
		return EX_CONFIG;
	clock_date(c->now, today);
	/* the school year from 1 September: --year 2026 is 2026-2027 */
	y = year ? atoi(year) : atoi(today) - (atoi(today + 5) < 9);
	if (y < 1900 || y > 9999) {
		warnx("--year '%s': a year such as 2026", year);
		return EX_USAGE;
	}
	snprintf(start, sizeof(start), "%04d-09-01", y % 10000);
	snprintf(end, sizeof(end), "%04d-08-31", (y + 1) % 10000);
	st = db_prepare(db, sql_sched_event_status);
	sqlite3_bind_text(st, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)p->numbers.staff_theme);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)p->numbers.staff_lecture);
	sqlite3_bind_int64(st, 5,
	    (sqlite3_int64)p->numbers.counsellor_training);
	*out = st;
	return 0;
}

int
sched_event_status(sqlite3 *db, const struct cli *c, const char *year)
{
	static const char *const cols[] = { "target", "who", "held", "minimum",
	    "verdict" };
	struct rec_writer *w;
	sqlite3_stmt *st;
	int rc, out = 0, wrc;

	if ((rc = sched_event_status_stmt(db, c, year, &st)) != 0)
		return rc;
	w = io_writer(c, 5, cols);
	while (db_row(db, st, &rc)) {
		const char *v[5];
		for (int i = 0; i < 4; i++)
			v[i] = db_column_text(st, i);
		v[4] = sqlite3_column_int64(st, 2) >=
		    sqlite3_column_int64(st, 3) ? "met" : "short";
		if (rec_write(w, v) != 0)
			out = EX_IOERR;
	}
	sqlite3_finalize(st);
	wrc = io_writer_close(w);
	return rc ? rc : out ? out : wrc;
}
