/*
 * ph-report compliance: every target of the policy with its figure and
 * whether it is met, per school.  Each figure comes from the program that
 * owns it (coverage from the counts, lessons, visits, rooms and events
 * from ph-schedule, follow-ups from their walk, staffing from its own
 * query), so that compliance says what the other reports say.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "clock.h"
#include "counts.h"
#include "db.h"
#include "io.h"
#include "rec.h"
#include "schedule.h"
#include "strmap.h"
#include "xalloc.h"

/* Figures per school: done out of all, for each kind of target. */
enum { T_COVERAGE, T_LESSONS, T_VISITS, T_FOLLOWUPS, T_ROOMS, T_COUNT };
struct school {
	char *path;
	long long done[T_COUNT], all[T_COUNT];
	/* for activity: lessons held, tenths of room hours a week, group
	 * sessions held, their attendance and its most, events held */
	long long lessons, room_tenths, sessions, came, could, events;
	/* for upward --care: pupils, psychology teachers, and the crisis
	 * and referral cases opened this school year, and closed */
	long long pupils, teachers, crises[2], referrals[2];
};
struct schools {
	struct strmap index;
	struct school *s;
	size_t n, cap;
};

/* The school of a unit path: its first component. */
static struct school *
school_of(struct schools *t, const char *path)
{
	const char *slash = strchr(path, '/');
	char *name = slash ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(path);
	long long i;

	if (!strmap_get(&t->index, name, &i)) {
		t->s = xgrow(t->s, &t->cap, t->n + 1, sizeof(*t->s));
		memset(&t->s[t->n], 0, sizeof(*t->s));
		t->s[t->n].path = xstrdup(name);
		i = (long long)t->n++;
		strmap_put(&t->index, name, i);
	}
	free(name);
	return &t->s[i];
}

static void
schools_free(struct schools *t)
{
	for (size_t j = 0; j < t->n; j++)
		free(t->s[j].path);
	free(t->s);
	strmap_free(&t->index);
}

/* The year's events: the file's own lines, under its school when it has
 * one. */
static int
event_rows(sqlite3 *db, const struct cli *c, const struct schools *t,
    struct rec_writer *w, int *out)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sched_event_status_stmt(db, c, NULL, &st)) != 0)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *target = xasprintf("%s (%s)", db_column_text(st, 0),
		    db_column_text(st, 1));
		char *figure = xasprintf("%s", db_column_text(st, 2));
		char *required = xasprintf("%s this school year",
		    db_column_text(st, 3));
		const char *f[5] = { t->n == 1 ? t->s[0].path : "all", target,
		    figure, required, sqlite3_column_int64(st, 2) >=
		    sqlite3_column_int64(st, 3) ? "met" : "short" };

		if (rec_write(w, f) != 0)
			*out = 1;
		free(target);
		free(figure);
		free(required);
	}
	return db_finalize(db, st, "events");
}

struct staff_rows {
	struct rec_writer *w;
	int out;
};

static int
staff_row(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	struct staff_rows *k = ctx;
	char figure[64], required[64];
	const char *f[5] = { school, "psychology teachers", figure, required,
	    have >= need ? "met" : "short" };

	snprintf(figure, sizeof(figure), "%lld", have);
	snprintf(required, sizeof(required), "%lld for %lld pupils", need,
	    pupils);
	if (rec_write(k->w, f) != 0)
		k->out = 1;
	return 0;
}

static int
tally_firsts(void *ctx, const struct followup_step *s)
{
	struct school *sc;

	if (s->step != 0 || strcmp(s->state, "due") == 0 ||
	    strcmp(s->state, "booked") == 0)
		return 0;	/* only what has fallen due */
	sc = school_of(ctx, s->unit);
	sc->all[T_FOLLOWUPS]++;
	sc->done[T_FOLLOWUPS] += strcmp(s->state, "done") == 0 &&
	    strcmp(s->appt_day, s->due) <= 0;
	return 0;
}

/* Group sessions held and events held so far this school year, per
 * school (an event for everyone counts for every school of the file). */
static int
held_so_far(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st = db_prepare(db, "WITH y(start) AS (SELECT ?2) SELECT "
	    "coalesce(u.path, ''), count(*), sum((SELECT count(*) FROM "
	    "grp_attendance a WHERE a.session_id = s.id)), sum((SELECT "
	    "count(*) FROM grp_member m WHERE m.group_id = g.id)) FROM "
	    "grp_session s "
	    "JOIN grp g ON g.id = s.group_id JOIN room r ON r.id = g.room_id "
	    "LEFT JOIN unit u ON u.id = r.unit_id, y WHERE s.start <= ?1 AND "
	    "date(s.start, 'unixepoch', 'localtime') >= y.start GROUP BY "
	    "u.path");
	char year[11];
	int step;

	clock_school_year(c->now, year);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct school *sc = school_of(t, db_column_text(st, 0));
		sc->sessions += sqlite3_column_int64(st, 1);
		sc->came += sqlite3_column_int64(st, 2);
		sc->could += sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(db, "activity");
	st = db_prepare(db, "WITH y(start) AS (SELECT ?2) SELECT u.path FROM "
	    "event e LEFT JOIN unit u ON u.id = e.unit_id, y WHERE e.at <= ?1 "
	    "AND date(e.at, 'unixepoch', 'localtime') >= y.start");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			school_of(t, db_column_text(st, 0))->events++;
		else
			for (size_t i = 0; i < t->n; i++)
				t->s[i].events++;
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_fail(db, "activity");
}

/* One file's figures per school into t. */
static int
file_figures(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st;
	long long campaign = counts_campaign(db, NULL, c->now);
	int rc = 0;

	if (campaign < 0)
		return (int)-campaign;
	/* coverage of the latest campaign */
	if (campaign != 0) {
		struct counts k;
		if ((rc = counts_coverage(db, campaign, NULL, "top", &k)) != 0)
			return rc;
		for (size_t i = 0; i < k.n; i++) {
			struct school *sc = school_of(t, k.rows[i].path);
			sc->all[T_COVERAGE] += k.rows[i].v[0];
			sc->done[T_COVERAGE] += k.rows[i].v[1];
		}
		counts_free(&k);
	}
	/* lessons of this term, class by class */
	if ((rc = sched_lesson_status_stmt(db, c, NULL, NULL, &st)) != 0)
		return rc;
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		struct school *sc = school_of(t, db_column_text(st, 0));
		sc->all[T_LESSONS]++;
		sc->done[T_LESSONS] += strcmp(db_column_text(st, 5), "ok") == 0;
		sc->lessons += sqlite3_column_int64(st, 2);
	}
	if (st != NULL && (rc = db_finalize(db, st, "lessons")) != 0)
		return rc;
	/* home visits this school year */
	st = sched_visits_stmt(db, c);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct school *sc = school_of(t, db_column_text(st, 0));
		sc->all[T_VISITS] += sqlite3_column_int64(st, 1);
		sc->done[T_VISITS] += sqlite3_column_int64(st, 2);
	}
	if ((rc = db_finalize(db, st, "home visits")) != 0)
		return rc;
	/* red cards' first talks that have fallen due */
	if ((rc = sched_followup_walk(db, c, NULL, FOLLOWUP_ALL, tally_firsts, t)) != 0)
		return rc;
	/* the rooms' hours on each school weekday */
	if ((st = sched_hours(db, c, &rc)) == NULL)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct school *sc = school_of(t, db_column_text(st, 0));
		sc->all[T_ROOMS]++;
		sc->done[T_ROOMS] += strcmp(db_column_text(st, 4), "ok") == 0;
		sc->room_tenths += (long long)(sqlite3_column_double(st, 2) *
		    10 + 0.5);
	}
	return db_finalize(db, st, "room hours");
}

int
report_compliance(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "unit", "target", "figure",
	    "required", "verdict" };
	static const char *const names[T_COUNT] = { "screening coverage",
	    "classes with their lessons this term",
	    "families visited this school year",
	    "red cards' first talks in time",
	    "school weekdays with the rooms' hours" };
	static const char *const required[T_COUNT] = { "everyone",
	    "every class", "every family", "every one", "every weekday" };
	struct staff_rows k = { io_writer(c, 5, cols), 0 };
	double want[2];
	int rc = report_staffing_policy(c, want);

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools t;

		memset(&t, 0, sizeof(t));
		strmap_init(&t.index);
		rc = file_figures(r->db[i], c, &t);
		for (size_t j = 0; rc == 0 && j < t.n; j++)
			for (int m = 0; m < T_COUNT; m++) {
				struct school *sc = &t.s[j];
				char figure[96], rate[16];
				const char *f[5] = { sc->path, names[m], figure,
				    required[m], NULL };

				if (sc->all[m] == 0)
					continue;	/* nothing to measure */
				counts_rate(sc->done[m], sc->all[m], rate);
				snprintf(figure, sizeof(figure), "%lld of %lld "
				    "(%s)", sc->done[m], sc->all[m], rate);
				f[4] = sc->done[m] >= sc->all[m] ? "met" :
				    "short";
				if (rec_write(k.w, f) != 0)
					k.out = 1;
			}
		if (rc == 0)
			rc = report_staffing_rows(r->db[i], want, staff_row, &k);
		if (rc == 0)
			rc = event_rows(r->db[i], c, &t, k.w, &k.out);
		schools_free(&t);
	}
	if (io_writer_close(k.w) != 0)
		k.out = 1;
	return rc ? rc : k.out ? EX_IOERR : 0;
}

static int activity_classes(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o);

int
report_activity(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "school", "classes",
	    "lessons_held", "classes_behind", "pupils", "families_visited",
	    "room_hours_a_week", "group_sessions", "group_attendance",
	    "events" };
	struct rec_writer *w;
	int rc = 0, out = 0;

	if (o->by != NULL && strcmp(o->by, "class") == 0)
		return activity_classes(r, c, o);
	w = io_writer(c, 10, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools t;

		memset(&t, 0, sizeof(t));
		strmap_init(&t.index);
		if ((rc = file_figures(r->db[i], c, &t)) == 0)
			rc = held_so_far(r->db[i], c, &t);
		for (size_t j = 0; rc == 0 && j < t.n; j++) {
			struct school *sc = &t.s[j];
			char n[9][24];
			const char *f[10] = { sc->path, n[0], n[1], n[2], n[3],
			    n[4], n[5], n[6], n[7], n[8] };

			if (sc->all[T_COVERAGE] == 0 && sc->all[T_LESSONS] == 0 &&
			    sc->all[T_VISITS] == 0)
				continue;	/* not a school with pupils */
			snprintf(n[0], 24, "%lld", sc->all[T_LESSONS]);
			snprintf(n[1], 24, "%lld", sc->lessons);
			snprintf(n[2], 24, "%lld", sc->all[T_LESSONS] -
			    sc->done[T_LESSONS]);
			snprintf(n[3], 24, "%lld", sc->all[T_VISITS]);
			snprintf(n[4], 24, "%lld", sc->done[T_VISITS]);
			snprintf(n[5], 24, "%lld.%lld", sc->room_tenths / 10,
			    sc->room_tenths % 10);
			snprintf(n[6], 24, "%lld", sc->sessions);
			counts_rate(sc->came, sc->could, n[7]);
			snprintf(n[8], 24, "%lld", sc->events);
			if (rec_write(w, f) != 0)
				out = 1;
		}
		schools_free(&t);
	}
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}

/* activity --by class: each class with pupils, its class teachers, the
 * families visited this school year and the term's lessons, from the
 * same statements as the per-school figures. */
static int
activity_classes(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "class", "class_teacher",
	    "pupils", "families_visited", "lessons_held", "lessons_due",
	    "verdict" };
	struct rec_writer *w = io_writer(c, 7, cols);
	int rc = 0, out = 0;

	for (size_t i = 0; i < r->n && rc == 0; i++) {
		sqlite3_stmt *lessons, *visits, *teachers;
		struct strmap held;
		char *path;
		long long unit, k;
		size_t n = 0, cap = 0;
		char (*figures)[2][24] = NULL;
		const char **verdicts = NULL;

		if (!report_unit_in(r->db[i], o->unit, &path, &unit))
			continue;
		if ((rc = sched_lesson_status_stmt(r->db[i], c, NULL, path,
		    &lessons)) != 0) {
			free(path);
			break;
		}
		/* the term's lessons by class (none without a term) */
		strmap_init(&held);
		while (lessons != NULL && sqlite3_step(lessons) == SQLITE_ROW) {
			figures = xgrow(figures, &cap, n + 1, sizeof(*figures));
			verdicts = xrealloc(verdicts, cap * sizeof(*verdicts));
			snprintf(figures[n][0], 24, "%lld",
			    sqlite3_column_int64(lessons, 2));
			snprintf(figures[n][1], 24, "%lld",
			    sqlite3_column_int64(lessons, 3));
			verdicts[n] = strcmp(db_column_text(lessons, 5), "ok") ==
			    0 ? "ok" : "behind";
			strmap_put(&held, db_column_text(lessons, 0),
			    (long long)n++);
		}
		if (lessons != NULL)
			rc = db_finalize(r->db[i], lessons, "lessons");
		visits = sched_visits_stmt(r->db[i], c);
		teachers = db_prepare(r->db[i], "SELECT group_concat(k.name, "
		    "',') FROM (SELECT k.name FROM role ro JOIN contact k ON "
		    "k.id = ro.contact_id JOIN unit u ON u.id = ro.unit_id "
		    "WHERE u.path = ?1 AND ro.role = 'class_teacher' AND "
		    "ro.until IS NULL ORDER BY k.name) k");
		while (rc == 0 && sqlite3_step(visits) == SQLITE_ROW) {
			const char *where = db_column_text(visits, 0);
			size_t len = path ? strlen(path) : 0;
			char pupils[24], visited[24];
			int found = strmap_get(&held, where, &k);
			const char *f[7] = { where, "", pupils, visited,
			    found ? figures[k][0] : "", found ? figures[k][1] :
			    "", found ? verdicts[k] : "" };

			if (path != NULL && strcmp(where, path) != 0 &&
			    (strncmp(where, path, len) != 0 || where[len] != '/'))
				continue;
			snprintf(pupils, sizeof(pupils), "%lld",
			    sqlite3_column_int64(visits, 1));
			snprintf(visited, sizeof(visited), "%lld",
			    sqlite3_column_int64(visits, 2));
			sqlite3_bind_text(teachers, 1, where, -1, SQLITE_STATIC);
			if (sqlite3_step(teachers) == SQLITE_ROW)
				f[1] = db_column_text(teachers, 0);
			if (rec_write(w, f) != 0)
				out = 1;
			sqlite3_reset(teachers);
		}
		{
			int vrc = db_finalize(r->db[i], visits, "home visits");
			rc = rc ? rc : vrc;
		}
		sqlite3_finalize(teachers);
		strmap_free(&held);
		free(figures);
		free(verdicts);
		free(path);
	}
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}

/*
 * upward --care: for the district, the bureau or the union, per school,
 * its pupils and psychology teachers (as staffing counts them), the
 * events held this school year (as activity counts them), and the crisis
 * and referral cases opened this school year and how many of them are
 * closed.  The cases' counts are about few people: small ones are hidden
 * as in upward, a second one wherever the total would give one back.
 */
static int
care_staffing(void *ctx, const char *school, long long pupils, long long have,
    long long need)
{
	struct school *sc = school_of(ctx, school);

	(void)need;
	sc->pupils += pupils;
	sc->teachers += have;
	return 0;
}

static int
care_cases(sqlite3 *db, const struct cli *c, struct schools *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(u.path, ''), "
	    "k.kind, count(*), sum(k.closed_at <= ?1) FROM ph_case k JOIN "
	    "person p ON p.id = k.person_id LEFT JOIN unit u ON u.id = "
	    "p.unit_id WHERE k.opened_at <= ?1 AND date(k.opened_at, "
	    "'unixepoch', 'localtime') >= ?2 GROUP BY u.path, k.kind");
	char year[11];

	clock_school_year(c->now, year);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
	sqlite3_bind_text(st, 2, year, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = *db_column_text(st, 0) ?
		    db_column_text(st, 0) : "-";
		long long *n = strcmp(db_column_text(st, 1), "crisis") == 0 ?
		    school_of(t, path)->crises : school_of(t, path)->referrals;

		n[0] += sqlite3_column_int64(st, 2);
		n[1] += sqlite3_column_int64(st, 3);
	}
	return db_finalize(db, st, "upward --care");
}

enum { K_PUPILS, K_TEACHERS, K_EVENTS, K_CRISES, K_CRISES_CLOSED,
    K_REFERRALS, K_REFERRALS_CLOSED, K_COLS };

int
report_upward_care(const struct report_dbs *r, const struct cli *c,
    long long min_cell)
{
	static const char *const cols[] = { "school", "pupils",
	    "psychology_teachers", "events", "crises", "crises_closed",
	    "referrals", "referrals_closed" };
	static const unsigned char cases_only[K_COLS] = { 0, 0, 0, 1, 1, 1,
	    1 };
	struct schools all;
	/* a reader knows that no more are closed than were opened */
	static const int order[][2] = { { K_CRISES_CLOSED, K_CRISES },
	    { K_REFERRALS_CLOSED, K_REFERRALS } };
	struct suppress_grid g = { NULL, NULL, 0, K_COLS, cases_only, -1, -1,
	    order, 2 };
	struct rec_writer *w;
	double want[2];
	char small[24];
	int rc = report_staffing_policy(c, want), out = 0;

	memset(&all, 0, sizeof(all));
	strmap_init(&all.index);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		struct schools t;

		memset(&t, 0, sizeof(t));
		strmap_init(&t.index);
		/* the schools, then an event for everyone counted for each,
		 * then the cases (of people without a unit: a row '-') */
		rc = report_staffing_rows(r->db[i], want, care_staffing, &t);
		if (rc == 0)
			rc = held_so_far(r->db[i], c, &t);
		if (rc == 0)
			rc = care_cases(r->db[i], c, &t);
		for (size_t j = 0; rc == 0 && j < t.n; j++) {
			struct school *from = &t.s[j], *to = school_of(&all,
			    from->path);

			to->pupils += from->pupils;
			to->teachers += from->teachers;
			to->events += from->events;
			for (int k = 0; k < 2; k++) {
				to->crises[k] += from->crises[k];
				to->referrals[k] += from->referrals[k];
			}
		}
		schools_free(&t);
	}
	if (rc != 0) {
		schools_free(&all);
		return rc;
	}
	g.rows = all.n + 1;
	g.v = xcalloc(g.rows * K_COLS, sizeof(*g.v));
	for (size_t j = 0; j < all.n; j++) {
		const struct school *sc = &all.s[j];
		const long long v[K_COLS] = { sc->pupils, sc->teachers,
		    sc->events, sc->crises[0], sc->crises[1],
		    sc->referrals[0], sc->referrals[1] };

		for (int k = 0; k < K_COLS; k++) {
			g.v[j * K_COLS + k] = v[k];
			g.v[all.n * K_COLS + k] += v[k];
		}
	}
	report_suppress(&g, min_cell);
	snprintf(small, sizeof(small), "<%lld", min_cell);
	w = io_writer(c, 8, cols);
	for (size_t j = 0; j < g.rows; j++) {
		char num[K_COLS][24];
		const char *f[8];

		f[0] = j < all.n ? all.s[j].path : "total";
		for (int k = 0; k < K_COLS; k++) {
			snprintf(num[k], sizeof(num[k]), "%lld",
			    g.v[j * K_COLS + k]);
			f[k + 1] = report_shown(g.hidden[j * K_COLS + k],
			    small, num[k]);
		}
		if (rec_write(w, f) != 0)
			out = 1;
	}
	if (io_writer_close(w) != 0)
		out = 1;
	free(g.v);
	free(g.hidden);
	schools_free(&all);
	return out ? EX_IOERR : 0;
}
