/*
 * ph-report gaps: what fell through the cracks, one line each, naming the
 * unit and the person, the problem, since when, and the command that
 * deals with it.  Each kind of gap is found by the program that owns it
 * (ph-intake's gaps in the network, ph-schedule's follow-ups, ph-alert's
 * case steps), so that a gap here is a gap there.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "clock.h"
#include "counts.h"
#include "db.h"
#include "intake.h"
#include "io.h"
#include "rec.h"
#include "schedule.h"
#include "units.h"
#include "xalloc.h"

struct gaps {
	sqlite3 *db;
	const struct cli *c;
	report_gap_fn sink;
	void *ctx;
	long found;
	int out;
};

static void
gap(struct gaps *g, const char *where, const char *id, const char *name,
    const char *problem, const char *since, const char *fix)
{
	const char *v[6] = { where, id, name, problem, since, fix };

	g->found++;
	if (g->sink(g->ctx, v) != 0)
		g->out = 1;
}

/* Pupils who should have taken a campaign whose window has closed. */
static int
not_screened(struct gaps *g)
{
	sqlite3_stmt *k = db_prepare(g->db, "SELECT id, code, date_to FROM "
	    "campaign WHERE date_to < ?1 ORDER BY date_from DESC, id DESC "
	    "LIMIT 1");
	char today[11];
	int rc = 0;

	clock_date(g->c->now, today);
	sqlite3_bind_text(k, 1, today, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(k) == SQLITE_ROW) {
		sqlite3_stmt *st = counts_missing(g->db,
		    sqlite3_column_int64(k, 0), NULL);
		char *problem = xasprintf("not screened in %s",
		    db_column_text(k, 1));
		char *fix = xasprintf("ph-screen import --campaign %s FILE",
		    db_column_text(k, 1));
		int step;

		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			gap(g, db_column_text(st, 0), db_column_text(st, 1),
			    db_column_text(st, 2), problem, db_column_text(k, 2),
			    fix);
		if (step != SQLITE_DONE)
			rc = db_fail(g->db, "gaps");
		sqlite3_finalize(st);
		free(problem);
		free(fix);
	}
	{
		int krc = db_finalize(g->db, k, "gaps");
		return rc ? rc : krc;
	}
}

/* Red cards of the latest campaign that raised no alert. */
static int
red_without_alert(struct gaps *g)
{
	sqlite3_stmt *st = db_prepare(g->db, "WITH k AS (SELECT id, code FROM "
	    "campaign WHERE id = ?1)," UNITS_ORDER_CTE " SELECT coalesce(u.path, "
	    "''), p.person_no, p.name, k.code, date(cc.at, 'unixepoch', "
	    "'localtime') FROM k JOIN red_card cc ON cc.campaign_id = ?1 "
	    "JOIN person p ON p.id = cc.person_id LEFT JOIN unit u ON u.id = "
	    "p.unit_id LEFT JOIN tree t ON t.id = u.id WHERE p.status = "
	    "'active' AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.person_id "
	    "= cc.person_id AND (a.source = 'campaign:' || (SELECT code FROM "
	    "campaign WHERE id = ?1) OR a.reason_key = 'card:red')) ORDER BY "
	    "t.sortkey, p.person_no");
	long long id = counts_campaign(g->db, NULL, g->c->now);
	int step;

	if (id < 0) {
		sqlite3_finalize(st);
		return (int)-id;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *fix = xasprintf("ph-alert raise --campaign %s",
		    db_column_text(st, 3));
		gap(g, db_column_text(st, 0), db_column_text(st, 1),
		    db_column_text(st, 2), "red card, no alert raised",
		    db_column_text(st, 4), fix);
		free(fix);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_fail(g->db, "gaps");
}

/* A red card's first talk or follow-up past its day, not booked. */
static int
followup_late(void *ctx, const struct followup_step *s)
{
	struct gaps *g = ctx;
	char *problem, *fix;

	if (strcmp(s->state, "overdue") != 0)
		return 0;
	problem = xasprintf("red card of %s: %s overdue, not booked",
	    s->campaign, s->step_text);
	fix = xasprintf("ph-schedule book %s --with NAME --at TIME "
	    "--followup-of %s", s->person_no, s->campaign);
	gap(g, s->unit, s->person_no, s->name, problem, s->due, fix);
	free(problem);
	free(fix);
	return 0;
}

/* Alerts whose last level's time ran out with nobody acknowledging
 * (escalate has only reminded the top since). */
static int
alerts_unanswered(struct gaps *g)
{
	/* from the reminders, which are few, not from every open alert */
	sqlite3_stmt *st = db_prepare(g->db, "SELECT coalesce(u.path, ''), "
	    "coalesce(p.person_no, nullif(a.respondent, ''), '无学号'), "
	    "coalesce(p.name, "
	    "'（不在名册）'), a.id, a.reason, date(e.since, 'unixepoch', "
	    "'localtime') FROM (SELECT alert_id, min(at) AS since FROM "
	    "alert_event WHERE kind = 'reminded' GROUP BY alert_id) e JOIN "
	    "alert a ON a.id = e.alert_id LEFT JOIN person p ON p.id = "
	    "a.person_id LEFT JOIN unit u ON u.id = coalesce(p.unit_id, "
	    "a.unit_id) WHERE a.status = 'open' "
	    "ORDER BY a.raised_at, a.id");
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *problem = xasprintf("alert %s (%s): past its last level, "
		    "acknowledged by nobody", db_column_text(st, 3),
		    db_column_text(st, 4));
		char *fix = xasprintf("ph-alert ack %s --by NAME",
		    db_column_text(st, 3));
		gap(g, db_column_text(st, 0), db_column_text(st, 1),
		    db_column_text(st, 2), problem, db_column_text(st, 5), fix);
		free(problem);
		free(fix);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_fail(g->db, "gaps");
}

/* Open cases whose next step the policy asks for is late: a crisis not
 * followed, a referral never confirmed. */
static int
case_steps_late(struct gaps *g, const struct alert_policy *p)
{
	sqlite3_stmt *st = db_prepare(g->db, "SELECT k.id, k.kind, k.opened_at, "
	    "coalesce(u.path, ''), p.person_no, p.name FROM ph_case k JOIN "
	    "person p ON p.id = k.person_id LEFT JOIN unit u ON u.id = "
	    "p.unit_id WHERE k.status = 'open' ORDER BY k.opened_at, k.id");
	sqlite3_stmt *has = db_prepare(g->db, "SELECT 1 FROM case_event WHERE "
	    "case_id = ? AND kind = ?");
	int step, rc = 0;

	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		time_t due;
		const char *next = case_next_step(has, case_kind_of(p,
		    db_column_text(st, 1)), sqlite3_column_int64(st, 0),
		    (time_t)sqlite3_column_int64(st, 2), &due, &rc);
		char day[11], *problem, *fix;

		if (next == NULL || due > g->c->now)
			continue;
		clock_date(due, day);
		problem = xasprintf("%s case %lld: %s not recorded",
		    db_column_text(st, 1), sqlite3_column_int64(st, 0), next);
		fix = xasprintf("ph-alert case event %lld %s --by NAME",
		    sqlite3_column_int64(st, 0), next);
		gap(g, db_column_text(st, 3), db_column_text(st, 4),
		    db_column_text(st, 5), problem, day, fix);
		free(problem);
		free(fix);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(has);
	return rc ? rc : step == SQLITE_DONE ? 0 : db_fail(g->db, "gaps");
}

/* Rows an import held that nobody has answered again: each one with a
 * critical answer, each answer from a number not on the roster, then
 * each file with rows held. */
static int
held_rows(struct gaps *g)
{
	sqlite3_stmt *st = db_prepare(g->db, "SELECT coalesce(u.path, ''), "
	    "h.person_no, coalesce(p.name, '（不在名册）'), h.person_id IS "
	    "NULL, h.critical IS NOT NULL OR h.card = 'red', f.name || ':' || "
	    "h.line, h.reason, "
	    "date(h.held_at, 'unixepoch', 'localtime'), c.code FROM held h "
	    "JOIN campaign c ON c.id = h.campaign_id JOIN response_file f ON "
	    "f.id = h.file_id LEFT JOIN person p ON p.id = h.person_id LEFT "
	    "JOIN unit u ON u.id = p.unit_id WHERE h.resolved_by IS NULL AND "
	    "(h.critical IS NOT NULL OR h.card = 'red' OR h.person_id IS NULL) "
	    "ORDER BY "
	    "h.held_at, h.id");
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int unknown = sqlite3_column_int(st, 3);
		int critical = sqlite3_column_int(st, 4);
		char *problem = xasprintf("%s%s held at %s: %s",
		    unknown ? "answers from a number not on the roster" :
		    "answers", critical ? " calling for a red card" : "",
		    db_column_text(st, 5), db_column_text(st, 6));
		char *fix = xasprintf(unknown ? "find who it is; ph-intake "
		    "roster, then ph-screen import --campaign %s FILE" :
		    "ph-screen import --campaign %s FILE (corrected)",
		    db_column_text(st, 8));
		gap(g, db_column_text(st, 0), db_column_text(st, 1),
		    db_column_text(st, 2), problem, db_column_text(st, 7), fix);
		free(problem);
		free(fix);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(g->db, "gaps");
	st = db_prepare(g->db, "SELECT f.name, c.code, count(*), "
	    "date(min(h.held_at), 'unixepoch', 'localtime') FROM held h JOIN "
	    "response_file f ON f.id = h.file_id JOIN campaign c ON c.id = "
	    "h.campaign_id WHERE h.resolved_by IS NULL GROUP BY h.file_id "
	    "ORDER BY min(h.held_at), h.file_id");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *problem = xasprintf("file %s (%s): %lld row%s held",
		    db_column_text(st, 0), db_column_text(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 2) ==
		    1 ? "" : "s");
		char *fix = xasprintf("ph-screen held --campaign %s",
		    db_column_text(st, 1));
		gap(g, "", "", "", problem, db_column_text(st, 3), fix);
		free(problem);
		free(fix);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_fail(g->db, "gaps");
}

/* The warning network's holes (ph-intake gaps), and openings of the
 * counselling rooms with nobody on duty. */
static int
unit_gaps(struct gaps *g)
{
	sqlite3_stmt *st = intake_gaps_stmt(g->db, NULL);
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		gap(g, db_column_text(st, 0), "", "", db_column_text(st, 2), "",
		    "ph-intake contacts FILE");
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_fail(g->db, "gaps");
	st = db_prepare(g->db, "SELECT coalesce(s.path, ''), r.code, o.weekday, "
	    "o.start, o.end FROM opening o JOIN room r ON r.id = o.room_id LEFT "
	    "JOIN unit s ON s.id = r.unit_id WHERE NOT EXISTS (SELECT 1 FROM "
	    "duty y WHERE y.room_id = o.room_id AND y.weekday = o.weekday AND "
	    "y.start = o.start) ORDER BY s.path, r.code, o.weekday, o.start");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *problem = xasprintf("room %s, weekday %d %s-%s: nobody on "
		    "duty", db_column_text(st, 1), sqlite3_column_int(st, 2),
		    db_column_text(st, 3), db_column_text(st, 4));
		gap(g, db_column_text(st, 0), "", "", problem, "",
		    "ph-schedule duty load FILE");
		free(problem);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_fail(g->db, "gaps");
}

int
report_gaps_each(const struct report_dbs *r, const struct cli *c,
    report_gap_fn sink, void *ctx, long *found)
{
	struct alert_policy *p = alert_policy_for(c);
	struct gaps g;
	int rc = 0;

	*found = 0;
	if (p == NULL)
		return EX_CONFIG;
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.sink = sink;
	g.ctx = ctx;
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		g.db = r->db[i];
		if ((rc = not_screened(&g)) == 0 &&
		    (rc = held_rows(&g)) == 0 &&
		    (rc = red_without_alert(&g)) == 0 &&
		    (rc = sched_followup_walk(g.db, c, NULL, FOLLOWUP_LATE, followup_late,
		    &g)) == 0 && (rc = alerts_unanswered(&g)) == 0 &&
		    (rc = case_steps_late(&g, p)) == 0)
			rc = unit_gaps(&g);
	}
	alert_policy_free(p);
	*found = g.found;
	return rc ? rc : g.out ? EX_IOERR : 0;
}

static int
write_gap(void *ctx, const char *const v[6])
{
	return rec_write(ctx, v);
}

int
report_gaps(const struct report_dbs *r, const struct cli *c)
{
	static const char *const cols[] = { "where", "id", "name", "problem",
	    "since", "fix" };
	struct rec_writer *w = io_writer(c, 6, cols);
	long found;
	int rc = report_gaps_each(r, c, write_gap, w, &found);

	if (io_writer_close(w) != 0 && rc == 0)
		rc = EX_IOERR;
	if (rc != 0)
		return rc;
	/* for cron: mail the list when there is one */
	return found > 0 ? 1 : 0;
}
