/*
 * The term calendar: a term's first and last day with its closed and
 * make-up days, and the days of a week (whether the school is open on a
 * day, and why not, is lib/store's calendar.c: ph-alert asks it too).
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "clock.h"
#include "columns.h"
#include "db.h"
#include "norm.h"
#include "queries.h"
#include "rows.h"
#include "strmap.h"
#include "xalloc.h"

int
sched_next_day(sqlite3 *db, sqlite3_stmt *next, char day[11])
{
	int rc = 0;

	sqlite3_bind_text(next, 1, day, -1, SQLITE_TRANSIENT);
	if (db_row(db, next, &rc)) {
		snprintf(day, 11, "%s", db_column_text(next, 0));
		sqlite3_reset(next);
	}
	return rc;
}

enum { C_DAY, C_KIND, C_NOTE, C_COUNT };
static const struct column_spec calendar_columns[C_COUNT] = {
	[C_DAY] = { "date", "日期|date|day", 1 },
	[C_KIND] = { "kind", "类型|安排|kind|type", 1 },
	[C_NOTE] = { "note", "说明|备注|名称|note|name", 0 },
};

/* The words a calendar file may give as a day's type, whole words only:
 * "不放假" is not a holiday. */
#define HOLIDAY_WORDS "holiday|放假|假|假期|休假|休息|节假日"
#define WORKDAY_WORDS "workday|上班|上课|调休|调休上班|调休上课|补课|补班"

static int
word_in(const char *s, const char *words)
{
	size_t n = strlen(s);
	const char *w, *bar;

	for (w = words; *w != '\0'; w = *bar ? bar + 1 : bar) {
		bar = strchr(w, '|');
		if (bar == NULL)
			bar = w + strlen(w);
		if ((size_t)(bar - w) == n && strncasecmp(w, s, n) == 0)
			return 1;
	}
	return 0;
}

static const char *
day_kind(const char *s)
{
	if (word_in(s, HOLIDAY_WORDS))
		return "holiday";
	if (word_in(s, WORKDAY_WORDS))
		return "workday";
	return NULL;
}

/* A calendar being loaded. */
struct calendar_load {
	sqlite3 *db;
	sqlite3_stmt *put;
	struct diag *diag;
	struct strmap lines;	/* the line of each date so far */
	long days;
};

/* One closed or make-up day of the calendar file. */
static int
calendar_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct calendar_load *l = ctx;
	const char *text = rec_field(r, (size_t)idx[C_KIND]), *kind;
	char day[11], *why = NULL, *key;
	int once;

	if (norm_date(rec_field(r, (size_t)idx[C_DAY]), day, &why) != 0) {
		sched_field_error(l->diag, r, idx[C_DAY], "%s", why);
		free(why);
		return 0;
	}
	if ((kind = day_kind(text)) == NULL) {
		sched_field_error(l->diag, r, idx[C_KIND], "'%s' is not a day "
		    "type (expected %s for a holiday, %s for a workday)", text,
		    HOLIDAY_WORDS, WORKDAY_WORDS);
		return 0;
	}
	key = xasprintf("date %s", day);
	once = sched_once(&l->lines, l->diag, r, key);
	free(key);
	if (once != 0)
		return 0;
	sqlite3_bind_text(l->put, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(l->put, 2, kind, -1, SQLITE_STATIC);
	db_bind_text_or_null(l->put, 3, idx[C_NOTE] >= 0 ? rec_field(r,
	    (size_t)idx[C_NOTE]) : NULL);
	l->days++;
	return db_run(l->db, l->put);
}

static const struct db_statement calendar_statements[] = {
	DB_STATEMENT(struct calendar_load, put, sql_sched_calendar_day_put),
};
static const struct sched_loader calendar_loader = {
	calendar_columns, C_COUNT, calendar_row, calendar_statements,
	DB_SET_SIZE(calendar_statements)
};

/* The closed and make-up days of file into the calendar: 0 (bad lines
 * in d) or a sysexits code. */
static int
calendar_load(sqlite3 *db, const struct cli *c, const char *file,
    struct diag *d, long *days)
{
	struct calendar_load l = { .db = db, .diag = d };
	int idx[C_COUNT], rc;

	strmap_init(&l.lines);
	rc = sched_load(db, c, file, &calendar_loader, idx, d, &l);
	strmap_free(&l.lines);
	*days = l.days;
	return rc;
}

int
sched_term_set(sqlite3 *db, const struct cli *c, const char *code,
    const char *from, const char *to, const char *calendar)
{
	static const char *const cols[] = { "term", "from", "to",
	    "school_days", "holidays", "workdays" };
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
	st = db_prepare(db, sql_sched_term_put);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	rc = db_run_once(db, st);
	diag_init(&d, c->max_errors);
	if (rc == 0 && calendar != NULL)
		rc = calendar_load(db, c, calendar, &d, &days);
	if ((rc = sched_load_end(db, c, &d, rc, "changed", "term.set", code,
	    "%s to %s, %ld calendar days", from, to, days)) != 0)
		return rc;
	/* what the term is, in school days */
	st = db_prepare(db, sql_sched_term_days);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	return rows_print(db, c, st, 6, cols);
}

int
sched_week(sqlite3 *db, const struct cli *c, const char *week, char first[11],
    char last[11])
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_week_bounds);
	char today[11];
	int rc = 0;

	clock_date(c->now, today);
	sqlite3_bind_text(st, 1, week ? week : today, -1, SQLITE_STATIC);
	if (db_row(db, st, &rc) && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		snprintf(first, 11, "%s", db_column_text(st, 0));
		snprintf(last, 11, "%s", db_column_text(st, 1));
	} else if (rc == 0) {
		warnx("--week '%s': expected a date", week);
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}
