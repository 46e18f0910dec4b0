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
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "schedule.h"
#include "words.h"
#include "xalloc.h"

/* How long a failed reminder (no alert) is listed. */
#define UNDELIVERABLE_DAYS 7

/* A gap's words: the problem and the fix, in English (ph-report gaps,
 * for scripts and cron's mail) and in Chinese (the HTML report), with
 * the same conversions in the same order (a Chinese one may leave the
 * last argument, English detail, unsaid). */
enum {
	G_NOT_SCREENED, G_IMPORT, G_RED_NO_ALERT, G_FOLLOWUP_LATE, G_BOOK,
	G_UNANSWERED, G_ACK, G_CASE_LATE, G_CASE_EVENT, G_HELD_ROW,
	G_HELD_UNKNOWN, G_HELD_ANSWERS, G_HELD_CRITICAL, G_FIND_WHO,
	G_REIMPORT, G_HELD_FILE, G_UNDELIVERABLE, G_ADDRESS, G_NO_DUTY,
	G_DUTY_LOAD, G_CONTACTS, G_FIRST_TALK, G_FOLLOW_UP, G_RETEST,
	G_RETEST_FIX, G_COUNT
};
static const char *const gap_words[2][G_COUNT] = {
	{ "not screened in %s", "ph-screen import --campaign %s FILE",
	  "red card, no alert raised", "red card of %s: %s overdue, not booked",
	  "ph-schedule book %s --with NAME --at TIME --followup-of %s",
	  "alert %s (%s): past its last level, acknowledged by nobody",
	  "ph-alert ack %s --by NAME", "%s case %lld: %s not recorded",
	  "ph-alert case event %lld %s --by NAME", "%s%s held at %s: %s",
	  "answers from a number not on the roster", "answers",
	  " calling for a red card", "find who it is; ph-intake roster, then "
	  "ph-screen import --campaign %s FILE",
	  "ph-screen import --campaign %s FILE (corrected)",
	  "file %s (%s): %lld row%s held",
	  "message %lld to %s (%s) could not be sent: %s",
	  "give %s an address (ph-intake %s FILE), then ph-alert outbox "
	  "retry %lld", "room %s, weekday %s %s-%s: nobody on duty",
	  "ph-schedule duty load FILE", "ph-intake contacts FILE",
	  "first talk", "follow-up %ldd",
	  "to screen again in %s (answers not valid)",
	  "ph-screen retest --campaign %s" },
	{ "%s 未参加筛查", "ph-screen import --campaign %s 文件",
	  "红卡，未发出预警", "%s 红卡：%s已逾期，未预约",
	  "ph-schedule book %s --with 咨询师 --at 时间 --followup-of %s",
	  "预警 %s（%s）：已过最后一级时限，无人确认",
	  "ph-alert ack %s --by 姓名", "%s个案 %lld：%s未记录",
	  "ph-alert case event %lld %s --by 姓名", "%s%s，搁置于 %s",
	  "名册上没有此学号的答卷", "答卷", "（应给红卡）",
	  "查明是谁，用 ph-intake roster 补入名册，再 ph-screen import "
	  "--campaign %s 文件", "改正后再 ph-screen import --campaign %s 文件",
	  "文件 %s（%s）：搁置 %lld 行", "消息 %lld 发给%s（%s）无法发出：没有"
	  "联系方式", "为%s补上联系方式（ph-intake %s 文件），再 ph-alert "
	  "outbox retry %lld", "房间 %s，星期%s %s-%s：无人值班",
	  "ph-schedule duty load 文件", "ph-intake contacts 文件",
	  "首次谈话", "%ld 天随访", "%s 作答无效，需复测",
	  "ph-screen retest --campaign %s" },
};

static const char *const weekday_words[2][8] = {
	{ "", "1", "2", "3", "4", "5", "6", "7" },
	{ "", "一", "二", "三", "四", "五", "六", "日" },
};

struct gaps {
	sqlite3 *db;
	const struct cli *c;
	report_gap_fn sink;
	void *ctx;
	long found;
	int out;
	int chinese;
	const char *const *w;	/* gap_words of the language */
};

/* word, another program's, in the gaps' language. */
static const char *
said(const struct gaps *g, const char *word)
{
	return word_said(g->chinese, word);
}

static void
gap(struct gaps *g, const char *where, const char *id, const char *name,
    const char *problem, const char *since, const char *fix)
{
	const char *v[6] = { where, id, name, problem, since, fix };

	g->found++;
	if (g->sink(g->ctx, v) != 0)
		g->out = 1;
}

/* A gap whose problem and fix were made for it (malloc'd, freed here). */
static void
gap_made(struct gaps *g, const char *where, const char *id, const char *name,
    char *problem, const char *since, char *fix)
{
	gap(g, where, id, name, problem, since, fix);
	free(problem);
	free(fix);
}

/* A gap from the row a statement is at. */
typedef void (*gap_row_fn)(struct gaps *g, sqlite3_stmt *st);

/* Each row of st (bound, finalized here) as a gap. */
static int
each_gap(struct gaps *g, sqlite3_stmt *st, gap_row_fn fn)
{
	int rc;

	while (db_row(g->db, st, &rc))
		fn(g, st);
	sqlite3_finalize(st);
	return rc;
}

/* Whether every instrument of a missing list ("phq9 (retest),gad7") is
 * one answered but to take again. */
static int
retest_only(const char *missing)
{
	static const char mark[] = " (retest)";
	const char *p = missing;
	size_t n = sizeof(mark) - 1;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len < n || strncmp(p + len - n, mark, n) != 0)
			return 0;
		p += len + (end != NULL);
	}
	return *missing != '\0';
}

/* Pupils who should have taken a campaign whose window has closed. */
static int
not_screened(struct gaps *g)
{
	sqlite3_stmt *k = db_prepare(g->db, sql_report_gaps_closed_campaign);
	char today[11];
	int rc;

	clock_date(g->c->now, today);
	sqlite3_bind_text(k, 1, today, -1, SQLITE_TRANSIENT);
	if (db_row(g->db, k, &rc)) {
		sqlite3_stmt *st = counts_missing(g->db,
		    sqlite3_column_int64(k, 0), NULL);
		const char *code = db_column_text(k, 1);
		char *problem = xasprintf(g->w[G_NOT_SCREENED], code);
		char *fix = xasprintf(g->w[G_IMPORT], code);
		char *again = xasprintf(g->w[G_RETEST], code);
		char *again_fix = xasprintf(g->w[G_RETEST_FIX], code);

		/* only answers to take again (counts_missing says so) */
		while (db_row(g->db, st, &rc)) {
			int retest = retest_only(db_column_text(st, 3));
			gap(g, db_column_text(st, 0), db_column_text(st, 1),
			    db_column_text(st, 2), retest ? again : problem,
			    db_column_text(k, 2), retest ? again_fix : fix);
		}
		sqlite3_finalize(st);
		FREE_ALL(problem, fix, again, again_fix);
	}
	sqlite3_finalize(k);
	return rc;
}

static void
red_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap_made(g, db_column_text(st, 0), db_column_text(st, 1),
	    db_column_text(st, 2), xstrdup(g->w[G_RED_NO_ALERT]),
	    db_column_text(st, 4), xasprintf("ph-alert raise --campaign %s",
	    db_column_text(st, 3)));
}

/* Red cards of the latest campaign that raised no alert. */
static int
red_without_alert(struct gaps *g)
{
	long long id = counts_campaign(g->db, NULL, g->c->now);
	sqlite3_stmt *st;

	if (id < 0)
		return (int)-id;
	st = db_prepare(g->db, sql_report_gaps_red_without_alert);
	sqlite3_bind_int64(st, 1, id);
	return each_gap(g, st, red_gap);
}

/* A red card's first talk or follow-up past its day, not booked. */
static int
followup_late(void *ctx, const struct followup_step *s)
{
	struct gaps *g = ctx;
	char *step;
	long days;

	if (strcmp(s->state, "overdue") != 0)
		return 0;
	/* ph-schedule's words for the step, "first talk", "follow-up 7d" */
	if (sscanf(s->step_text, "follow-up %ldd", &days) == 1)
		step = xasprintf(g->w[G_FOLLOW_UP], days);
	else
		step = xstrdup(g->w[G_FIRST_TALK]);
	gap_made(g, s->unit, s->person_no, s->name,
	    xasprintf(g->w[G_FOLLOWUP_LATE], s->campaign, step), s->due,
	    xasprintf(g->w[G_BOOK], s->person_no, s->campaign));
	free(step);
	return 0;
}

static void
unanswered_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap_made(g, db_column_text(st, 0), db_column_text(st, 1),
	    db_column_text(st, 2), xasprintf(g->w[G_UNANSWERED],
	    db_column_text(st, 3), db_column_text(st, 4)),
	    db_column_text(st, 5), xasprintf(g->w[G_ACK],
	    db_column_text(st, 3)));
}

/* Alerts whose last level's time ran out with nobody acknowledging
 * (escalate has only reminded the top since). */
static int
alerts_unanswered(struct gaps *g)
{
	return each_gap(g, db_prepare(g->db, sql_report_gaps_alerts_unanswered),
	    unanswered_gap);
}

/* Open cases whose next step the policy asks for is late: a crisis not
 * followed, a referral never confirmed. */
static int
case_steps_late(struct gaps *g, const struct alert_policy *p)
{
	sqlite3_stmt *st = db_prepare(g->db, sql_report_gaps_open_cases);
	sqlite3_stmt *has = db_prepare(g->db, sql_case_step_recorded);
	int rc = 0, step = 0;

	while (rc == 0 && db_row(g->db, st, &step)) {
		time_t due;
		const char *next = case_next_step(has, case_kind_of(p,
		    db_column_text(st, 1)), sqlite3_column_int64(st, 0),
		    (time_t)sqlite3_column_int64(st, 2), &due, &rc);
		char day[11];

		if (next == NULL || due > g->c->now)
			continue;
		clock_date(due, day);
		gap_made(g, db_column_text(st, 3), db_column_text(st, 4),
		    db_column_text(st, 5), xasprintf(g->w[G_CASE_LATE],
		    said(g, db_column_text(st, 1)),
		    sqlite3_column_int64(st, 0), said(g, next)), day,
		    xasprintf(g->w[G_CASE_EVENT],
		    sqlite3_column_int64(st, 0), next));
	}
	sqlite3_finalize(st);
	sqlite3_finalize(has);
	return rc ? rc : step;
}

static void
held_row_gap(struct gaps *g, sqlite3_stmt *st)
{
	int unknown = sqlite3_column_int(st, 3);
	int critical = sqlite3_column_int(st, 4);
	/* the reason, English, is left to ph-screen held in Chinese */
	char *problem = xasprintf(g->w[G_HELD_ROW],
	    g->w[unknown ? G_HELD_UNKNOWN : G_HELD_ANSWERS],
	    critical ? g->w[G_HELD_CRITICAL] : "",
	    db_column_text(st, 5), db_column_text(st, 6));
	char *fix = xasprintf(g->w[unknown ? G_FIND_WHO : G_REIMPORT],
	    db_column_text(st, 8));

	gap_made(g, db_column_text(st, 0), db_column_text(st, 1),
	    db_column_text(st, 2), problem, db_column_text(st, 7), fix);
}

static void
held_file_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap_made(g, "", "", "", xasprintf(g->w[G_HELD_FILE],
	    db_column_text(st, 0), db_column_text(st, 1),
	    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 2) == 1 ?
	    "" : "s"), db_column_text(st, 3),
	    xasprintf("ph-screen held --campaign %s", db_column_text(st, 1)));
}

/* Rows an import held that nobody has answered again: each one with a
 * critical answer, each answer from a number not on the roster, then
 * each file with rows held. */
static int
held_rows(struct gaps *g)
{
	int rc = each_gap(g, db_prepare(g->db, sql_report_gaps_held_rows),
	    held_row_gap);

	return rc != 0 ? rc : each_gap(g, db_prepare(g->db,
	    sql_report_gaps_held_files), held_file_gap);
}

static void
undeliverable_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap_made(g, db_column_text(st, 0), db_column_text(st, 1),
	    db_column_text(st, 2), xasprintf(g->w[G_UNDELIVERABLE],
	    sqlite3_column_int64(st, 3), db_column_text(st, 4),
	    said(g, db_column_text(st, 5)), db_column_text(st, 6)),
	    db_column_text(st, 7), xasprintf(g->w[G_ADDRESS],
	    db_column_text(st, 4),
	    strcmp(db_column_text(st, 5), "guardian") == 0 ? "roster" :
	    "contacts", sqlite3_column_int64(st, 3)));
}

/* Messages that could never go for want of an address: while their
 * alert is open, and a reminder for a week. */
static int
undeliverable(struct gaps *g)
{
	sqlite3_stmt *st = db_prepare(g->db, sql_report_gaps_undeliverable);

	sqlite3_bind_int64(st, 1, (sqlite3_int64)(g->c->now -
	    UNDELIVERABLE_DAYS * 86400));
	return each_gap(g, st, undeliverable_gap);
}

static void
network_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap(g, db_column_text(st, 0), "", "", said(g, db_column_text(st, 2)),
	    "", g->w[G_CONTACTS]);
}

static void
duty_gap(struct gaps *g, sqlite3_stmt *st)
{
	gap_made(g, db_column_text(st, 0), "", "", xasprintf(g->w[G_NO_DUTY],
	    db_column_text(st, 1), weekday_words[g->chinese]
	    [sqlite3_column_int(st, 2) % 8], db_column_text(st, 3),
	    db_column_text(st, 4)), "", xstrdup(g->w[G_DUTY_LOAD]));
}

/* The warning network's holes (ph-intake gaps), and openings of the
 * counselling rooms with nobody on duty. */
static int
unit_gaps(struct gaps *g)
{
	int rc = each_gap(g, intake_gaps_stmt(g->db, NULL), network_gap);

	return rc != 0 ? rc : each_gap(g, db_prepare(g->db,
	    sql_report_gaps_rooms_unstaffed), duty_gap);
}

int
report_gaps_each(const struct report_dbs *r, const struct cli *c,
    int chinese, report_gap_fn sink, void *ctx, long *found)
{
	const struct alert_policy *p = alert_policy_of(c);
	struct gaps g;
	int rc = 0;

	*found = 0;
	if (p == NULL)
		return EX_CONFIG;
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.sink = sink;
	g.ctx = ctx;
	g.chinese = chinese != 0;
	g.w = gap_words[g.chinese];
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		g.db = r->db[i];
		if ((rc = not_screened(&g)) == 0 &&
		    (rc = held_rows(&g)) == 0 &&
		    (rc = red_without_alert(&g)) == 0 &&
		    (rc = sched_followup_walk(g.db, c, NULL, FOLLOWUP_LATE, followup_late,
		    &g)) == 0 && (rc = alerts_unanswered(&g)) == 0 &&
		    (rc = case_steps_late(&g, p)) == 0 &&
		    (rc = undeliverable(&g)) == 0)
			rc = unit_gaps(&g);
	}
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
	int rc = report_gaps_each(r, c, 0, write_gap, w, &found);

	if (io_writer_close(w) != 0 && rc == 0)
		rc = EX_IOERR;
	if (rc != 0)
		return rc;
	/* for cron: mail the list when there is one */
	return found > 0 ? 1 : 0;
}
