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
#include "conf.h"
#include "db.h"
#include "diag.h"
#include "intake.h"
#include "io.h"
#include "policy.h"
#include "rec.h"
#include "rows.h"
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

int
sched_event_add(sqlite3 *db, const struct cli *c, const char *kind,
    const char *name, const char *at, const char *unit, const char *audience)
{
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
	if ((rc = db_begin(db)) != 0) {
		free(path);
		return rc;
	}
	st = db_prepare(db, "INSERT INTO event (kind, name, at, unit_id, "
	    "audience, created_at) VALUES (?, ?, ?, ?, ?, ?)");
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)t);
	if (uid != 0)
		sqlite3_bind_int64(st, 4, uid);
	db_bind_text_or_null(st, 5, audience);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "event");
	sqlite3_finalize(st);
	snprintf(idtext, sizeof(idtext), "%lld", sqlite3_last_insert_rowid(db));
	if (rc == 0)
		rc = audit_once(db, c->now, c->actor, "event.add", idtext, name);
	free(path);
	if ((rc = db_end(db, rc)) == 0) {
		static const char *const cols[] = { "event", "kind", "name" };
		const char *v[3] = { idtext, k, name };
		struct rec_writer *w = io_writer(c, 3, cols);
		rc = rec_write(w, v) != 0 ? EX_IOERR : 0;
		{
			int wrc = io_writer_close(w);
			rc = rc ? rc : wrc;
		}
	}
	return rc;
}

enum { A_ID, A_NAME, A_COUNT };
static const struct column_spec attend_columns[A_COUNT] = {
	[A_ID] = { "id", "学号|工号|编号|学籍号|id", 0 },
	[A_NAME] = { "name", "姓名|名字|name", 0 },
};

int
sched_event_attend(sqlite3 *db, const struct cli *c, const char *event,
    const char *file)
{
	FILE *fp;
	struct rec_reader *r;
	struct diag d;
	sqlite3_stmt *by_no, *by_name, *ins;
	long long eid;
	long added = 0;
	int idx[A_COUNT], got, rc;
	char *end;

	eid = strtoll(event, &end, 10);
	if (*event == '\0' || *end != '\0' || eid <= 0) {
		warnx("'%s' is not an event number", event);
		return EX_USAGE;
	}
	if ((fp = io_open_input(file)) == NULL)
		return EX_NOINPUT;
	if ((rc = db_begin(db)) != 0) {
		io_close_input(fp);
		return rc;
	}
	{
		sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM event WHERE "
		    "id = ?");
		int ok;
		sqlite3_bind_int64(st, 1, eid);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (!ok) {
			warnx("no event %s", event);
			io_close_input(fp);
			return db_end(db, EX_DATAERR);
		}
	}
	diag_init(&d, c->max_errors);
	r = rec_reader_new(fp, io_input_name(file), REC_AUTO, c->encoding);
	by_no = db_prepare(db, "SELECT id FROM person WHERE person_no = ?");
	/* a name among the people the event is for: one, or it is not
	 * guessed */
	by_name = db_prepare(db, "SELECT p.id, p.person_no FROM person p LEFT "
	    "JOIN unit u ON u.id = p.unit_id, event e WHERE e.id = ?1 AND "
	    "p.name = ?2 AND p.status = 'active' AND (e.audience IS NULL OR "
	    "p.kind = e.audience) AND (e.unit_id IS NULL OR u.path = (SELECT "
	    "path FROM unit WHERE id = e.unit_id) OR substr(u.path, 1, length("
	    "(SELECT path FROM unit WHERE id = e.unit_id)) + 1) = (SELECT path "
	    "FROM unit WHERE id = e.unit_id) || '/') ORDER BY p.person_no");
	ins = db_prepare(db, "INSERT OR IGNORE INTO attendance (event_id, "
	    "person_id) VALUES (?, ?)");
	if (rec_read_header(r) != 0)
		diag_error(&d, rec_name(r), rec_line(r), NULL, "%s", rec_error(r));
	else if (columns_map(r, attend_columns, A_COUNT, idx, &d) == 0 &&
	    idx[A_ID] < 0 && idx[A_NAME] < 0)
		diag_error(&d, rec_name(r), 1, NULL, "a sign-in list needs an "
		    "id (学号, 工号) or a name (姓名) column");
	else
		while (rc == 0 && (got = rec_read(r)) != 0) {
			const char *no = idx[A_ID] >= 0 ? rec_field(r,
			    (size_t)idx[A_ID]) : "";
			const char *name = idx[A_NAME] >= 0 ? rec_field(r,
			    (size_t)idx[A_NAME]) : "";
			long long pid = 0;

			if (got < 0) {
				diag_error(&d, rec_name(r), rec_line(r), NULL,
				    "%s", rec_error(r));
				if (got == -2)
					break;
				continue;
			}
			if (*no != '\0') {
				sqlite3_bind_text(by_no, 1, no, -1, SQLITE_STATIC);
				if (sqlite3_step(by_no) == SQLITE_ROW)
					pid = sqlite3_column_int64(by_no, 0);
				sqlite3_reset(by_no);
				if (pid == 0)
					diag_error(&d, rec_name(r), rec_line(r),
					    rec_column(r, (size_t)idx[A_ID]),
					    "'%s' is not on the roster", no);
			} else if (*name != '\0') {
				struct buf which = {0};
				int n = 0;

				sqlite3_bind_int64(by_name, 1, eid);
				sqlite3_bind_text(by_name, 2, name, -1,
				    SQLITE_STATIC);
				while (sqlite3_step(by_name) == SQLITE_ROW) {
					pid = sqlite3_column_int64(by_name, 0);
					buf_printf(&which, "%s%s", n++ ? ", " : "",
					    db_column_text(by_name, 1));
				}
				sqlite3_reset(by_name);
				if (n == 0)
					diag_error(&d, rec_name(r), rec_line(r),
					    rec_column(r, (size_t)idx[A_NAME]),
					    "nobody called '%s' is on the roster",
					    name);
				else if (n > 1) {
					diag_error(&d, rec_name(r), rec_line(r),
					    rec_column(r, (size_t)idx[A_NAME]),
					    "'%s' is ambiguous: %s; give the id",
					    name, buf_str(&which));
					pid = 0;
				}
				buf_free(&which);
			} else
				continue;	/* an empty line of the sheet */
			if (pid == 0)
				continue;
			sqlite3_bind_int64(ins, 1, eid);
			sqlite3_bind_int64(ins, 2, pid);
			if (sqlite3_step(ins) != SQLITE_DONE)
				rc = db_fail(db, "attend");
			else
				added += sqlite3_changes(db);
			sqlite3_reset(ins);
		}
	sqlite3_finalize(by_no);
	sqlite3_finalize(by_name);
	sqlite3_finalize(ins);
	rec_reader_free(r);
	io_close_input(fp);
	diag_finish(&d);
	if (rc == 0)
		rc = diag_refused(&d, "recorded");
	if (rc == 0) {
		char detail[64];
		snprintf(detail, sizeof(detail), "%ld attended", added);
		rc = audit_once(db, c->now, c->actor, "event.attend", event,
		    detail);
	}
	if ((rc = db_end(db, rc)) == 0) {
		static const char *const cols[] = { "event", "added",
		    "attended" };
		sqlite3_stmt *st = db_prepare(db, "SELECT ?1, ?2, count(*) FROM "
		    "attendance WHERE event_id = ?1");
		sqlite3_bind_int64(st, 1, eid);
		sqlite3_bind_int64(st, 2, added);
		rc = rows_print(db, c, st, 3, cols);
	}
	return rc;
}

int
sched_event_status_stmt(sqlite3 *db, const struct cli *c, const char *year,
    sqlite3_stmt **out)
{
	char today[11], start[11], end[11];
	static const char *const keys[] = { "staff_theme", "staff_lecture",
	    "counsellor_training" };
	double targets[3] = { 2, 4, 4 };
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = policy_numbers(c->policy, "events", keys, 3, targets)) != 0)
		return rc;
	clock_date(c->now, today);
	/* the school year from 1 September: --year 2026 is 2026-2027 */
	{
		int y = year ? atoi(year) : atoi(today) - (atoi(today + 5) < 9);
		if (y < 1900 || y > 9999) {
			warnx("--year '%s': a year such as 2026", year);
			return EX_USAGE;
		}
		snprintf(start, sizeof(start), "%04d-09-01", y % 10000);
		snprintf(end, sizeof(end), "%04d-08-31", (y + 1) % 10000);
	}
	st = db_prepare(db, "WITH y AS (SELECT * FROM event WHERE date(at, "
	    "'unixepoch', 'localtime') BETWEEN ?1 AND ?2) "
	    "SELECT 'staff theme activities', 'all staff', (SELECT count(*) "
	    "FROM y WHERE kind = 'theme' AND audience = 'staff'), ?3, NULL "
	    "UNION ALL SELECT 'staff lectures', 'all staff', (SELECT count(*) "
	    "FROM y WHERE kind = 'lecture' AND audience = 'staff'), ?4, NULL "
	    "UNION ALL SELECT 'trainings attended', k.name, (SELECT count(*) "
	    "FROM y JOIN attendance a ON a.event_id = y.id WHERE y.kind = "
	    "'training' AND a.person_id = k.person_id), ?5, NULL FROM (SELECT "
	    "DISTINCT c.name, c.person_id FROM contact c JOIN role r ON "
	    "r.contact_id = c.id WHERE r.role = 'counsellor' AND r.until IS "
	    "NULL ORDER BY c.name) k");
	sqlite3_bind_text(st, 1, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)targets[0]);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)targets[1]);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)targets[2]);
	*out = st;
	return 0;
}

int
sched_event_status(sqlite3 *db, const struct cli *c, const char *year)
{
	static const char *const cols[] = { "target", "who", "held", "minimum",
	    "verdict" };
	sqlite3_stmt *st;
	int rc;

	if ((rc = sched_event_status_stmt(db, c, year, &st)) != 0)
		return rc;
	{
		struct rec_writer *w = io_writer(c, 5, cols);

		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *v[5];
			for (int i = 0; i < 4; i++)
				v[i] = db_column_text(st, i);
			v[4] = sqlite3_column_int64(st, 2) >=
			    sqlite3_column_int64(st, 3) ? "met" : "short";
			if (rec_write(w, v) != 0)
				rc = EX_IOERR;
		}
		{
			int frc = db_finalize(db, st, "event status");
			rc = rc ? rc : frc;
		}
		{
			int wrc = io_writer_close(w);
			return rc ? rc : wrc;
		}
	}
}
