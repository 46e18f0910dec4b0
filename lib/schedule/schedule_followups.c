/*
 * ph-schedule followups: what a red card requires, by the policy (a first
 * talk within so many school days, then follow-ups so long after it),
 * each with its due date and whether it is booked, done or overdue.  An
 * appointment booked with --followup-of CAMPAIGN counts for the steps of
 * that campaign's card, in order.
 */
#include "schedule.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "clock.h"
#include "counts.h"
#include "diag.h"
#include "conf.h"
#include "db.h"
#include "io.h"
#include "policy.h"
#include "rec.h"
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

#define MAX_STEPS 16

struct plan {
	long first;		/* school days to the first talk */
	long then[MAX_STEPS];	/* seconds after the first talk */
	size_t nthen;
};

/* The policy's followups.red, or 3 school days then 1 week, 1 month
 * (30 days) and 3 months (90 days). */
static int
load_plan(const struct cli *c, struct plan *p)
{
	char *path = policy_find(c->policy), *why = NULL;
	struct conf_node *root = path ? conf_load(path, &why) : NULL;
	const struct conf_node *f = root ? conf_get(root, "followups") : NULL;
	const struct conf_node *red = f ? conf_get(f, "red") : NULL;
	const struct conf_node *v;
	int rc = 0;

	p->first = 3;
	/* the whole policy first, as every program checks it */
	if ((rc = policy_numbers(c->policy, "followups", NULL, 0, NULL)) != 0) {
		conf_free(root);
		free(path);
		free(why);
		return rc;
	}
	p->then[0] = 7 * 86400;
	p->then[1] = 30 * 86400;
	p->then[2] = 90 * 86400;
	p->nthen = 3;
	if (path != NULL && root == NULL) {
		diag_lines(why);
		rc = EX_CONFIG;
	}
	if (red != NULL && (v = conf_get(red, "first")) != NULL &&
	    (conf_int(v, &p->first) != 0 || p->first < 0)) {
		warnx("%s:%zu:%zu: followups.red.first must be a "
		    "number of school days", path, v->line, v->column);
		rc = EX_CONFIG;
	}
	if (red != NULL && (v = conf_get(red, "then")) != NULL) {
		p->nthen = 0;
		for (size_t i = 0; v->kind == CONF_SEQ && i < v->n &&
		    i < MAX_STEPS; i++)
			if (v->items[i]->kind != CONF_SCALAR ||
			    parse_duration(v->items[i]->value,
			    &p->then[p->nthen++]) != 0) {
				warnx("%s:%zu:%zu: followups.red.then: "
				    "durations such as 7d", path,
				    v->items[i]->line, v->items[i]->column);
				rc = EX_CONFIG;
			}
		if (v->kind != CONF_SEQ) {
			warnx("%s:%zu:%zu: followups.red.then must be "
			    "a list of durations", path, v->line, v->column);
			rc = EX_CONFIG;
		}
	}
	conf_free(root);
	free(why);
	free(path);
	return rc;
}

/* The date n school days after day (the day itself not counted). */
static void
school_days_after(sqlite3 *db, const char *day, long n, char out[11])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT date(?, '+1 day')");
	char cur[11];

	snprintf(cur, sizeof(cur), "%s", day);
	/* a year of closed days at most: a term calendar is not longer */
	for (int guard = 0; n > 0 && guard < 366; guard++) {
		sqlite3_bind_text(st, 1, cur, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(cur, sizeof(cur), "%s", db_column_text(st, 0));
		sqlite3_reset(st);
		if (sched_school_day(db, cur))
			n--;
	}
	sqlite3_finalize(st);
	memcpy(out, cur, 11);
}

/* Day of the first talk: the same for every card of one day, so kept. */
static void
first_due(sqlite3 *db, struct strmap *memo, const char *card_day, long first,
    char out[11])
{
	long long ymd;

	if (strmap_get(memo, card_day, &ymd)) {
		unsigned long long u = (unsigned long long)ymd;
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(u / 10000 %
		    10000), (unsigned)(u / 100 % 100), (unsigned)(u % 100));
		return;
	}
	school_days_after(db, card_day, first, out);
	strmap_put(memo, card_day, atoll(out) * 10000 + atoll(out + 5) * 100 +
	    atoll(out + 8));
}

/* One walk over red cards and their steps. */
struct walk {
	sqlite3 *db;
	struct plan plan;
	struct strmap memo;
	sqlite3_stmt *appts;
	char today[11];
	/* the follow-ups' days after the last base day: most cards of a
	 * campaign share their day, and local time is slow to work out */
	char base[11], then_due[MAX_STEPS][11];
	int (*fn)(void *ctx, const struct followup_step *s);
	void *ctx;
};

/* The days of the follow-ups after a first talk on day from. */
static void
then_days(struct walk *k, const char *from)
{
	time_t base = 0;
	char *at = xasprintf("%s 12:00", from);

	(void)clock_parse(at, &base);
	free(at);
	for (size_t i = 0; i < k->plan.nthen; i++)
		clock_date(base + k->plan.then[i], k->then_due[i]);
	snprintf(k->base, sizeof(k->base), "%s", from);
}

/* The steps of each card cards yields (person id, number, name, unit,
 * campaign code, card day). */
static int
walk_cards(struct walk *k, sqlite3_stmt *cards)
{
	static const char *const names[] = { "done", "booked", "overdue",
	    "due" };
	int rc = 0, last = SQLITE_DONE;

	while (rc == 0 && (last = sqlite3_step(cards)) == SQLITE_ROW) {
		struct followup_step s;
		char first_day[11] = "", step[32];
		int more;

		s.person = sqlite3_column_int64(cards, 0);
		s.person_no = db_column_text(cards, 1);
		s.name = db_column_text(cards, 2);
		s.unit = db_column_text(cards, 3);
		s.campaign = db_column_text(cards, 4);
		s.step_text = step;
		sqlite3_bind_int64(k->appts, 1, s.person);
		sqlite3_bind_text(k->appts, 2, s.campaign, -1, SQLITE_TRANSIENT);
		more = sqlite3_step(k->appts) == SQLITE_ROW;
		for (size_t i = 0; i <= k->plan.nthen && rc == 0; i++) {
			s.step = i;
			if (i == 0) {
				first_due(k->db, &k->memo, db_column_text(cards,
				    5), k->plan.first, s.due);
				snprintf(step, sizeof(step), "first talk");
			} else {
				const char *from = first_day[0] ? first_day :
				    s.due;

				if (i == 1 && strcmp(from, k->base) != 0)
					then_days(k, from);
				memcpy(s.due, k->then_due[i - 1], 11);
				snprintf(step, sizeof(step), "follow-up %ldd",
				    k->plan.then[i - 1] / 86400);
			}
			s.appt = 0;
			s.appt_day[0] = '\0';
			if (more) {
				s.appt = sqlite3_column_int64(k->appts, 0);
				snprintf(s.appt_day, sizeof(s.appt_day), "%s",
				    db_column_text(k->appts, 2));
				s.state = strcmp(db_column_text(k->appts, 1),
				    "done") == 0 ? names[0] : names[1];
				if (i == 0)
					snprintf(first_day, sizeof(first_day),
					    "%s", db_column_text(k->appts, 2));
				more = sqlite3_step(k->appts) == SQLITE_ROW;
			} else
				s.state = strcmp(s.due, k->today) < 0 ?
				    names[2] : names[3];
			rc = k->fn(k->ctx, &s);
		}
		sqlite3_reset(k->appts);
	}
	return rc == 0 && last != SQLITE_DONE ? db_fail(k->db, "red cards") :
	    rc;
}

/* The red cards of campaign ?1, of one person ?2 when asked. */
#define RED_CARDS(person) "WITH" UNITS_RANK_CTE " SELECT p.id, " \
	"p.person_no, p.name, coalesce(u.path, ''), k.code, date(card.at, " \
	"'unixepoch', 'localtime') FROM red_card card JOIN campaign k ON " \
	"k.id = card.campaign_id JOIN person p ON p.id = card.person_id " \
	"LEFT JOIN unit u ON u.id = p.unit_id LEFT JOIN ranked t ON t.id = " \
	"u.id WHERE p.status = 'active' AND card.campaign_id = ?1" person \
	" ORDER BY t.rank, p.person_no"

/* Whether campaign id has a card given at or after t (after: 1) or
 * before it (0).  An answer's time is its file's, so the files tell
 * without reading the answers. */
static int
cards_given(sqlite3 *db, long long id, time_t t, int after)
{
	sqlite3_stmt *st = db_prepare(db, after ? "SELECT EXISTS (SELECT 1 "
	    "FROM response_file WHERE campaign_id = ?1 AND imported_at >= ?2) "
	    "OR EXISTS (SELECT 1 FROM card_set WHERE campaign_id = ?1 AND "
	    "set_at >= ?2)" : "SELECT EXISTS (SELECT 1 FROM response_file "
	    "WHERE campaign_id = ?1 AND imported_at < ?2) OR EXISTS (SELECT 1 "
	    "FROM card_set WHERE campaign_id = ?1 AND set_at < ?2)");
	int given;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)t);
	given = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return given;
}

int
sched_followup_walk(sqlite3 *db, const struct cli *c, const char *campaign,
    enum followup_scope scope, int (*fn)(void *ctx,
    const struct followup_step *s), void *ctx)
{
	struct walk k;
	sqlite3_stmt *st, *cards;
	long long id = 0, longest = 0;
	long days;
	time_t since, late_before;
	int rc, live = 1;

	memset(&k, 0, sizeof(k));
	if ((rc = load_plan(c, &k.plan)) != 0)
		return rc;
	/* the campaign named, else the latest */
	if ((id = counts_campaign(db, campaign, c->now)) <= 0)
		return (int)-id;
	days = k.plan.first;
	for (size_t i = 0; i < k.plan.nthen; i++) {
		if (k.plan.then[i] > longest)
			longest = k.plan.then[i];
		if (k.plan.then[i] / 86400 < days)
			days = k.plan.then[i] / 86400;
	}
	/* Only what can still fall due, when asked: a card given within a
	 * first talk (its school days generously counted) and the longest
	 * follow-up, or a person whose first talk was within the longest
	 * follow-up.  A campaign with no card given since is left but for
	 * those persons, without reading its cards. */
	since = c->now - (time_t)longest - (k.plan.first * 3 + 30) * 86400;
	if (scope == FOLLOWUP_AHEAD)
		live = cards_given(db, id, since, 1);
	/* Only what can be overdue, when asked: a step is overdue only
	 * after the first talk's school days (each at least a day), or the
	 * shortest follow-up after a first talk (booked after the card),
	 * have gone by since the card.  A campaign with no card given by
	 * then has none; else the answers and cards set by then, found
	 * first, spare looking up when each other card was given. */
	late_before = c->now - (days - 1) * 86400;
	if (scope == FOLLOWUP_LATE && !cards_given(db, id, late_before, 0))
		return 0;
	k.db = db;
	k.fn = fn;
	k.ctx = ctx;
	clock_date(c->now, k.today);
	strmap_init(&k.memo);
	k.appts = db_prepare(db, "SELECT id, status, date(start, 'unixepoch', "
	    "'localtime') FROM appointment WHERE person_id = ? AND followup_of "
	    "= ? AND status IN ('booked', 'done') ORDER BY start");
	/* every card old enough: the plain list, without looking for
	 * which are */
	if (scope == FOLLOWUP_LATE && !cards_given(db, id, late_before, 1))
		scope = FOLLOWUP_ALL;
	if (scope == FOLLOWUP_LATE) {
		cards = db_prepare(db, RED_CARDS(" AND card.at < ?2 AND "
		    "card.person_id IN (SELECT person_id FROM response WHERE "
		    "campaign_id = ?1 AND latest AND imported_at < ?2 UNION ALL "
		    "SELECT person_id FROM card_set WHERE campaign_id = ?1 AND "
		    "set_at < ?2)"));
		sqlite3_bind_int64(cards, 1, id);
		sqlite3_bind_int64(cards, 2, (sqlite3_int64)late_before);
		rc = walk_cards(&k, cards);
		sqlite3_finalize(cards);
	} else if (live) {
		cards = db_prepare(db, RED_CARDS(""));
		sqlite3_bind_int64(cards, 1, id);
		rc = walk_cards(&k, cards);
		sqlite3_finalize(cards);
	} else {
		/* by start through the index of follow-ups: the index of
		 * persons would read every appointment for the DISTINCT */
		st = db_prepare(db, "SELECT DISTINCT person_id FROM appointment "
		    "INDEXED BY appointment_followup WHERE followup_of IS NOT "
		    "NULL AND start >= ?2 AND followup_of = (SELECT code FROM "
		    "campaign WHERE id = ?1)");
		cards = db_prepare(db, RED_CARDS(" AND card.person_id = ?2"));
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)(c->now - longest -
		    86400));
		sqlite3_bind_int64(cards, 1, id);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_bind_int64(cards, 2, sqlite3_column_int64(st, 0));
			rc = walk_cards(&k, cards);
			sqlite3_reset(cards);
		}
		{
			int frc = db_finalize(db, st, "follow-ups");
			rc = rc ? rc : frc;
		}
		sqlite3_finalize(cards);
	}
	sqlite3_finalize(k.appts);
	strmap_free(&k.memo);
	return rc;
}

struct followups_print {
	const struct cli *c;
	struct rec_writer *w;	/* opened at the first step: a policy that
				 * cannot be read prints no header */
	int due_only, overdue_only;
};

static const char *const followup_columns[] = { "id", "name", "unit",
    "campaign", "step", "due", "status", "appt" };

static int
followup_print(void *ctx, const struct followup_step *s)
{
	struct followups_print *f = ctx;
	char appt[24] = "";
	const char *v[8] = { s->person_no, s->name, s->unit, s->campaign,
	    s->step_text, s->due, s->state, appt };

	if (f->overdue_only && strcmp(s->state, "overdue") != 0)
		return 0;
	if (f->due_only && strcmp(s->state, "due") != 0 &&
	    strcmp(s->state, "overdue") != 0)
		return 0;
	if (s->appt != 0)
		snprintf(appt, sizeof(appt), "%lld", s->appt);
	if (f->w == NULL)
		f->w = io_writer(f->c, 8, followup_columns);
	return rec_write(f->w, v) != 0 ? EX_IOERR : 0;
}

int
sched_followups(sqlite3 *db, const struct cli *c, const char *campaign,
    int due_only, int overdue_only)
{
	struct followups_print f = { c, NULL, due_only, overdue_only };
	int rc = sched_followup_walk(db, c, campaign, FOLLOWUP_ALL,
	    followup_print, &f);
	int wrc;

	if (f.w == NULL && rc == EX_CONFIG)
		return rc;
	if (f.w == NULL)
		f.w = io_writer(c, 8, followup_columns);
	wrc = io_writer_close(f.w);
	return rc ? rc : wrc;
}
