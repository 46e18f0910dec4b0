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
#include "db.h"
#include "io.h"
#include "policy.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "strmap.h"
#include "xalloc.h"

#define MAX_STEPS 16

struct plan {
	long first;		/* school days to the first talk */
	long then[MAX_STEPS];	/* seconds after the first talk */
	size_t nthen;
};

/* The policy's followups.red (by default 3 school days, then 1 week, 1
 * month and 3 months after the first talk). */
static int
load_plan(const struct cli *c, struct plan *p)
{
	const struct policy *pol = policy_of(c, 0);

	if (pol == NULL)
		return EX_CONFIG;
	p->first = pol->followup_first;
	p->nthen = 0;
	for (size_t i = 0; i < pol->nfollowup_then && i < MAX_STEPS; i++)
		p->then[p->nthen++] = pol->followup_then[i];
	return 0;
}

/* One walk over red cards and their steps. */
struct walk {
	sqlite3 *db;
	struct plan plan;
	struct strmap memo;
	sqlite3_stmt *appts, *next, *closed;	/* prepared once */
	char today[11];
	/* the follow-ups' days after the last base day: most cards of a
	 * campaign share their day, and local time is slow to work out */
	char base[11], then_due[MAX_STEPS][11];
	int (*fn)(void *ctx, const struct followup_step *s);
	void *ctx;
};

/* The date n school days after day (the day itself not counted): 0, or
 * a sysexits code. */
static int
school_days_after(struct walk *k, const char *day, long n, char out[11])
{
	int rc = 0, open;

	snprintf(out, 11, "%s", day);
	/* a year of closed days at most: a term calendar is not longer */
	for (int guard = 0; n > 0 && guard < 366 && rc == 0; guard++)
		if ((rc = sched_next_day(k->db, k->next, out)) == 0 &&
		    (rc = calendar_school_day(k->db, k->closed, out, &open)) == 0 &&
		    open)
			n--;
	return rc;
}

/* Day of the first talk: the same for every card of one day, so kept.
 * 0, or a sysexits code. */
static int
first_due(struct walk *k, const char *card_day, char out[11])
{
	long long ymd;
	int rc;

	if (strmap_get(&k->memo, card_day, &ymd)) {
		unsigned long long u = (unsigned long long)ymd;
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(u / 10000 %
		    10000), (unsigned)(u / 100 % 100), (unsigned)(u % 100));
		return 0;
	}
	if ((rc = school_days_after(k, card_day, k->plan.first, out)) == 0)
		strmap_put(&k->memo, card_day, atoll(out) * 10000 +
		    atoll(out + 5) * 100 + atoll(out + 8));
	return rc;
}

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

/* Step i of a card given on card_day: its name and due day, after the
 * first talk on first_day ("" when not held yet). */
static int
step_due(struct walk *k, size_t i, const char *card_day,
    const char *first_day, struct followup_step *s, char step[32])
{
	const char *from;

	if (i == 0) {
		snprintf(step, 32, "first talk");
		return first_due(k, card_day, s->due);
	}
	from = first_day[0] ? first_day : s->due;
	if (i == 1 && strcmp(from, k->base) != 0)
		then_days(k, from);
	memcpy(s->due, k->then_due[i - 1], 11);
	snprintf(step, 32, "follow-up %ldd", k->plan.then[i - 1] / 86400);
	return 0;
}

/* The steps of the card at cards' row (person id, number, name, unit,
 * campaign code, card day), each met by the person's follow-up
 * appointments in order. */
static int
walk_card(struct walk *k, sqlite3_stmt *cards)
{
	static const char *const names[] = { "done", "booked", "overdue",
	    "due" };
	struct followup_step s;
	char first_day[11] = "", step[32];
	int rc = 0, more;

	s.person = sqlite3_column_int64(cards, 0);
	s.person_no = db_column_text(cards, 1);
	s.name = db_column_text(cards, 2);
	s.unit = db_column_text(cards, 3);
	s.campaign = db_column_text(cards, 4);
	s.step_text = step;
	sqlite3_bind_int64(k->appts, 1, s.person);
	sqlite3_bind_text(k->appts, 2, s.campaign, -1, SQLITE_TRANSIENT);
	more = db_row(k->db, k->appts, &rc);
	for (size_t i = 0; i <= k->plan.nthen && rc == 0; i++) {
		s.step = i;
		if ((rc = step_due(k, i, db_column_text(cards, 5), first_day,
		    &s, step)) != 0)
			break;
		s.appt = 0;
		s.appt_day[0] = '\0';
		if (more) {
			s.appt = sqlite3_column_int64(k->appts, 0);
			snprintf(s.appt_day, sizeof(s.appt_day), "%s",
			    db_column_text(k->appts, 2));
			s.state = strcmp(db_column_text(k->appts, 1),
			    "done") == 0 ? names[0] : names[1];
			if (i == 0)
				memcpy(first_day, s.appt_day, 11);
			if (!(more = db_row(k->db, k->appts, &rc)) && rc != 0)
				break;
		} else
			s.state = strcmp(s.due, k->today) < 0 ?
			    names[2] : names[3];
		rc = k->fn(k->ctx, &s);
	}
	sqlite3_reset(k->appts);
	return rc;
}

/* The steps of each card cards yields. */
static int
walk_cards(struct walk *k, sqlite3_stmt *cards)
{
	int rc = 0, step = 0;

	while (rc == 0 && db_row(k->db, cards, &step))
		rc = walk_card(k, cards);
	if (rc != 0)
		sqlite3_reset(cards);
	return rc != 0 ? rc : step;
}

/* The cards of the query sql of campaign id (before ?2 when it asks). */
static int
walk_query(struct walk *k, const char *sql, long long id, time_t before)
{
	sqlite3_stmt *cards = db_prepare(k->db, sql);
	int rc;

	sqlite3_bind_int64(cards, 1, id);
	if (sqlite3_bind_parameter_count(cards) > 1)
		sqlite3_bind_int64(cards, 2, (sqlite3_int64)before);
	rc = walk_cards(k, cards);
	sqlite3_finalize(cards);
	return rc;
}

/* The cards of the persons of campaign id with a follow-up since. */
static int
walk_persons(struct walk *k, long long id, time_t since)
{
	sqlite3_stmt *st = db_prepare(k->db, sql_sched_followup_persons_since);
	sqlite3_stmt *cards = db_prepare(k->db, sql_sched_red_card_of);
	int rc = 0, step = 0;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	sqlite3_bind_int64(cards, 1, id);
	while (rc == 0 && db_row(k->db, st, &step)) {
		sqlite3_bind_int64(cards, 2, sqlite3_column_int64(st, 0));
		rc = walk_cards(k, cards);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(cards);
	return rc != 0 ? rc : step;
}

/* Whether campaign id has a card given at or after t (after: 1) or
 * before it (0), into *given: 0 or a sysexits code. */
static int
cards_given(sqlite3 *db, long long id, time_t t, int after, int *given)
{
	sqlite3_stmt *st = db_prepare(db, after ? sql_sched_cards_given_since :
	    sql_sched_cards_given_before);
	long long v = 0;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)t);
	rc = db_int_once(db, st, &v);
	*given = rc == 0 && v != 0;
	return rc == DB_NONE ? 0 : rc;
}

/* The longest follow-up (seconds), and the fewest days to a step that
 * can be overdue: the first talk's school days or the shortest
 * follow-up. */
static void
plan_spans(const struct plan *p, long long *longest, long *days)
{
	*longest = 0;
	*days = p->first;
	for (size_t i = 0; i < p->nthen; i++) {
		if (p->then[i] > *longest)
			*longest = p->then[i];
		if (p->then[i] / 86400 < *days)
			*days = p->then[i] / 86400;
	}
}

/* Which cards a walk of scope reads, and how: 0 with *how (0: none, 1:
 * all, 2: those given before *before, 3: those of persons with a
 * follow-up since *before), or a sysexits code. */
static int
walk_plan(sqlite3 *db, const struct cli *c, const struct plan *p,
    long long id, enum followup_scope scope, int *how, time_t *before)
{
	long long longest;
	long days;
	int rc, given;

	plan_spans(p, &longest, &days);
	*how = 1;
	/* Only what can still fall due, when asked: a card given within a
	 * first talk (its school days generously counted) and the longest
	 * follow-up, or a person whose first talk was within the longest
	 * follow-up.  A campaign with no card given since is left but for
	 * those persons, without reading its cards. */
	if (scope == FOLLOWUP_AHEAD) {
		rc = cards_given(db, id, c->now - (time_t)longest -
		    (p->first * 3 + 30) * 86400, 1, &given);
		if (rc == 0 && !given) {
			*how = 3;
			*before = c->now - longest - 86400;
		}
		return rc;
	}
	if (scope != FOLLOWUP_LATE)
		return 0;
	/* Only what can be overdue, when asked: a step is overdue only
	 * after the first talk's school days (each at least a day), or the
	 * shortest follow-up after a first talk (booked after the card),
	 * have gone by since the card.  A campaign with no card given by
	 * then has none; every card old enough is the plain list, without
	 * looking for which are. */
	*before = c->now - (days - 1) * 86400;
	if ((rc = cards_given(db, id, *before, 0, &given)) != 0 || !given) {
		*how = 0;
		return rc;
	}
	if ((rc = cards_given(db, id, *before, 1, &given)) == 0 && given)
		*how = 2;
	return rc;
}

/* Sets k up for db: the plan, the campaign named (else the latest) into
 * *id, the statements that find due days.  0 with *id 0 when the file
 * has no campaign (nothing to close then), or a sysexits code; walk_close
 * after 0 with *id set. */
static int
walk_open(struct walk *k, sqlite3 *db, const struct cli *c,
    const char *campaign, long long *id)
{
	int rc;

	memset(k, 0, sizeof(*k));
	*id = 0;
	if ((rc = load_plan(c, &k->plan)) != 0)
		return rc;
	if ((*id = counts_campaign(db, campaign, c->now)) <= 0) {
		rc = (int)-*id;
		*id = 0;
		return rc;
	}
	k->db = db;
	clock_date(c->now, k->today);
	strmap_init(&k->memo);
	k->appts = db_prepare(db, sql_sched_followup_appointments);
	k->next = db_prepare(db, sql_sched_next_day);
	k->closed = db_prepare(db, sql_sched_closed_why);
	return 0;
}

static void
walk_close(struct walk *k)
{
	sqlite3_finalize(k->appts);
	sqlite3_finalize(k->next);
	sqlite3_finalize(k->closed);
	strmap_free(&k->memo);
}

int
sched_followup_walk(sqlite3 *db, const struct cli *c, const char *campaign,
    enum followup_scope scope, int (*fn)(void *ctx,
    const struct followup_step *s), void *ctx)
{
	struct walk k;
	long long id;
	time_t before = 0;
	int rc, how;

	if ((rc = walk_open(&k, db, c, campaign, &id)) != 0 || id == 0)
		return rc;
	k.fn = fn;
	k.ctx = ctx;
	rc = walk_plan(db, c, &k.plan, id, scope, &how, &before);
	if (rc == 0 && how == 1)
		rc = walk_query(&k, sql_sched_red_cards, id, 0);
	else if (rc == 0 && how == 2)
		rc = walk_query(&k, sql_sched_red_cards_before, id, before);
	else if (rc == 0 && how == 3)
		rc = walk_persons(&k, id, before);
	walk_close(&k);
	return rc;
}

/* The unit's row of t: the last one, or a new one after it (the query
 * gives each unit's rows together). */
static long long *
first_talk_row(struct first_talks *t, const char *unit)
{
	struct first_talk_row *row;

	if (t->n > 0 && strcmp(t->rows[t->n - 1].unit, unit) == 0)
		return t->rows[t->n - 1].v;
	t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
	row = &t->rows[t->n++];
	memset(row, 0, sizeof(*row));
	row->unit = xstrdup(unit);
	return row->v;
}

/* The cards of one row of sql_sched_first_talks, counted as the walk
 * would count their first talks. */
static int
count_first_talks(struct walk *k, sqlite3_stmt *st, struct first_talks *t)
{
	long long *v = first_talk_row(t, db_column_text(st, 0));
	long long n = sqlite3_column_int64(st, 4);
	const char *status = (const char *)sqlite3_column_text(st, 2);
	char due[11];
	int rc;

	if ((rc = first_due(k, db_column_text(st, 1), due)) != 0)
		return rc;
	v[FT_RED] += n;
	if (status == NULL)
		v[strcmp(due, k->today) < 0 ? FT_OVERDUE : FT_NOT_DUE] += n;
	else if (strcmp(status, "done") != 0)
		v[FT_BOOKED] += n;
	else
		v[strcmp(db_column_text(st, 3), due) <= 0 ? FT_IN_TIME :
		    FT_LATE] += n;
	return 0;
}

/* The first talks' statement for campaign id: with the day every card
 * was given on when that is one (no card's own time to read then).
 * NULL after a message when the files cannot be read. */
static sqlite3_stmt *
first_talks_stmt(sqlite3 *db, long long id, int *rc)
{
	sqlite3_stmt *st = db_prepare(db, sql_sched_cards_one_day);
	char *day = NULL;

	sqlite3_bind_int64(st, 1, id);
	*rc = db_text(db, st, &day);
	sqlite3_finalize(st);
	if (*rc != 0 && *rc != DB_NONE)
		return NULL;
	*rc = 0;
	st = db_prepare(db, sql_sched_first_talks);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text_or_null(st, 2, day);
	free(day);
	return st;
}

int
sched_first_talks(sqlite3 *db, const struct cli *c, const char *campaign,
    struct first_talks *t)
{
	struct walk k;
	sqlite3_stmt *st;
	int rc, step = 0;

	memset(t, 0, sizeof(*t));
	if ((rc = walk_open(&k, db, c, campaign, &t->campaign)) != 0 ||
	    t->campaign == 0)
		return rc;
	if ((st = first_talks_stmt(db, t->campaign, &rc)) != NULL) {
		while (rc == 0 && db_row(db, st, &step))
			rc = count_first_talks(&k, st, t);
		sqlite3_finalize(st);
	}
	walk_close(&k);
	if ((rc = rc ? rc : step) != 0)
		sched_first_talks_free(t);
	return rc;
}

void
sched_first_talks_free(struct first_talks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].unit);
	free(t->rows);
	memset(t, 0, sizeof(*t));
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
