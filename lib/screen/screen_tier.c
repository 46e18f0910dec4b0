/*
 * Tiered screening: a follow-on campaign for the people of an earlier
 * one for whom a condition holds on their latest answers.  See
 * screen_tier.h and ph-screen(1).
 */
#include "screen_tier.h"

#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "condition.h"
#include "db.h"
#include "instrument.h"
#include "io.h"
#include "policy.h"
#include "queries.h"
#include "screen.h"
#include "xalloc.h"

/* One number of a person's latest answers: instrument, scale, value. */
struct tier_value {
	char *instrument, *scale;
	double value;
};

/* A person of the first campaign, as the condition is asked about them. */
struct tier_person {
	sqlite3 *db;
	sqlite3_stmt *card;	/* screen_tier_card, campaign bound */
	long long id;
	struct tier_value *values;
	size_t n, cap;
};

static void
person_clear(struct tier_person *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->values[i].instrument);
		free(p->values[i].scale);
	}
	p->n = 0;
}

/* cond_value_fn: a scale's number, or the person's card. */
static int
person_value(void *ctx, const struct cond_term *t, double *v)
{
	struct tier_person *p = ctx;
	int rc = 0, color;

	if (t->instrument == NULL) {
		sqlite3_bind_int64(p->card, 2, p->id);
		if (!db_row(p->db, p->card, &rc))
			return -1;
		color = CARD_NONE;
		(void)card_color_parse(db_column_text(p->card, 0), &color);
		sqlite3_reset(p->card);
		*v = color;
		return 0;
	}
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->values[i].instrument, t->instrument) == 0 &&
		    strcmp(p->values[i].scale, t->scale) == 0) {
			*v = p->values[i].value;
			return 0;
		}
	return -1;
}

/* Whether term t names a scale of an instrument of campaign first:
 * 0, or EX_USAGE after a message with the term's column. */
static int
check_term(sqlite3 *db, sqlite3_stmt *has_st, long long first,
    const struct tier_opts *o, const struct cond_term *t)
{
	struct instrument *in = NULL;
	char *path = NULL, *why = NULL;
	long long has = 0;
	int rc;

	sqlite3_bind_int64(has_st, 1, first);
	sqlite3_bind_text(has_st, 2, t->instrument, -1, SQLITE_STATIC);
	if ((rc = db_int(db, has_st, &has)) != 0)
		return rc;
	if (!has) {
		warnx("--when '%s': column %zu: campaign %s has no instrument "
		    "%s", o->when, t->column, o->after, t->instrument);
		return EX_USAGE;
	}
	if ((path = instrument_find(t->instrument)) != NULL)
		in = instrument_load(path, &why);
	if (in == NULL)
		warnx("--when '%s': column %zu: instrument %s cannot be read%s%s",
		    o->when, t->column, t->instrument, why ? ": " : "",
		    why ? why : "");
	else if (instrument_scale_index(in, t->scale) < 0)
		warnx("--when '%s': column %zu: instrument %s has no scale %s",
		    o->when, t->column, t->instrument, t->scale);
	else
		rc = -1;
	free(why);
	free(path);
	instrument_free(in);
	return rc == -1 ? 0 : EX_USAGE;
}

/* Each term of the condition names a scale of an instrument of the
 * first campaign: 0 or a code after a message. */
static int
check_terms(sqlite3 *db, long long first, const struct tier_opts *o,
    const struct condition *cond)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_tier_has_instrument);
	int rc = 0;

	for (size_t i = 0; i < cond->nterms && rc == 0; i++)
		if (cond->terms[i].instrument != NULL)
			rc = check_term(db, st, first, o, &cond->terms[i]);
	sqlite3_finalize(st);
	return rc;
}

/* Adds person p to the follow-on when the condition holds for them;
 * counts them in *added when they are new.  0 or a code. */
static int
consider(struct tier_person *p, const struct condition *cond,
    sqlite3_stmt *add, long long follow, time_t now, long *added)
{
	int rc;

	if (p->id == 0 || !condition_holds(cond, person_value, p))
		return 0;
	sqlite3_bind_int64(add, 1, follow);
	sqlite3_bind_int64(add, 2, p->id);
	sqlite3_bind_int64(add, 3, (sqlite3_int64)now);
	if ((rc = db_run(p->db, add)) == 0)
		*added += sqlite3_changes(p->db);
	return rc;
}

/* The people of campaign first the condition holds for, added to
 * campaign follow; *added: how many were not there before. */
static int
add_people(sqlite3 *db, long long first, long long follow,
    const struct condition *cond, time_t now, long *added)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_tier_scores);
	sqlite3_stmt *add = db_prepare(db, sql_screen_tier_add_person);
	struct tier_person p = { db, db_prepare(db, sql_screen_tier_card), 0,
	    NULL, 0, 0 };
	int rc = 0, step = 0;

	*added = 0;
	sqlite3_bind_int64(p.card, 1, first);
	sqlite3_bind_int64(st, 1, first);
	while (rc == 0 && db_row(db, st, &step)) {
		long long person = sqlite3_column_int64(st, 0);
		struct tier_value *v;

		if (person != p.id) {
			rc = consider(&p, cond, add, follow, now, added);
			person_clear(&p);
			p.id = person;
		}
		p.values = xgrow(p.values, &p.cap, p.n + 1, sizeof(*p.values));
		v = &p.values[p.n++];
		v->instrument = xstrdup(db_column_text(st, 1));
		v->scale = xstrdup(db_column_text(st, 2));
		v->value = sqlite3_column_double(st, 3);
	}
	if (rc == 0 && (rc = step) == 0)
		rc = consider(&p, cond, add, follow, now, added);
	else
		sqlite3_reset(st);
	person_clear(&p);
	free(p.values);
	sqlite3_finalize(st);
	sqlite3_finalize(add);
	sqlite3_finalize(p.card);
	return rc;
}

/* The campaign a follow-on is made from, or extended: 0 with its id in
 * *follow (0 when there is none yet), else a code after a message. */
static int
existing_follow_on(sqlite3 *db, const struct tier_opts *o, long long first,
    long long *follow)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_tier_campaign);
	int rc = 0;

	*follow = 0;
	sqlite3_bind_text(st, 1, o->code, -1, SQLITE_STATIC);
	if (!db_row(db, st, &rc)) {
		sqlite3_finalize(st);
		return rc;
	}
	if (sqlite3_column_int64(st, 1) != first) {
		warnx("campaign '%s' exists already, and does not follow '%s'",
		    o->code, o->after);
		rc = EX_DATAERR;
	} else if (strcmp(db_column_text(st, 2), o->when) != 0) {
		warnx("campaign '%s' follows '%s' on '%s', not '%s'", o->code,
		    o->after, db_column_text(st, 2), o->when);
		rc = EX_DATAERR;
	} else
		*follow = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* A new follow-on campaign: the first's kind and units, the instrument
 * given, from --from (today) to --to (two weeks on). */
static int
new_follow_on(sqlite3 *db, const struct cli *c, const struct tier_opts *o,
    long long first, long long *follow)
{
	struct campaign_opts co = { o->code, o->instrument, NULL, NULL, 0,
	    "", "", o->force };
	sqlite3_stmt *st;
	char *kind = NULL;
	int rc = 0;

	if (o->instrument == NULL) {
		warnx("a new follow-on campaign needs --instrument");
		return EX_USAGE;
	}
	st = db_prepare(db, sql_screen_tier_campaign);
	sqlite3_bind_text(st, 1, o->after, -1, SQLITE_STATIC);
	if (db_row(db, st, &rc)) {
		kind = *db_column_text(st, 3) ? xstrdup(db_column_text(st, 3)) :
		    NULL;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	co.kind = kind;
	if (*o->from != '\0')
		memcpy(co.from, o->from, sizeof(co.from));
	else
		clock_date(c->now, co.from);
	if (*o->to != '\0')
		memcpy(co.to, o->to, sizeof(co.to));
	else
		clock_date(c->now + 14 * 86400, co.to);
	if (rc == 0)
		rc = screen_campaign_rows(db, c, &co, follow);
	free(kind);
	if (rc == 0) {
		st = db_prepare(db, sql_screen_tier_link);
		sqlite3_bind_int64(st, 1, *follow);
		sqlite3_bind_int64(st, 2, first);
		sqlite3_bind_text(st, 3, o->when, -1, SQLITE_STATIC);
		rc = db_run_once(db, st);
	}
	if (rc == 0) {
		st = db_prepare(db, sql_screen_tier_copy_units);
		sqlite3_bind_int64(st, 1, *follow);
		sqlite3_bind_int64(st, 2, first);
		rc = db_run_once(db, st);
	}
	return rc;
}

/* The audit line: how many it covers (*people), how many this run
 * added. */
static int
audit_tier(sqlite3 *db, const struct cli *c, const struct tier_opts *o,
    long long follow, long added, long long *people)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_tier_people);
	char *detail;
	int rc;

	sqlite3_bind_int64(st, 1, follow);
	if ((rc = db_int_once(db, st, people)) != 0)
		return rc;
	detail = xasprintf("after %s when %s: %lld people (%ld added)",
	    o->after, o->when, *people, added);
	rc = audit_once(db, c->now, c->actor, "campaign.tier", o->code,
	    detail);
	free(detail);
	return rc;
}

/* The summary record, once the follow-on is committed. */
static int
print_tier(const struct cli *c, const struct tier_opts *o, long long n,
    long added)
{
	static const char *const cols[] = { "campaign", "after", "when",
	    "people", "added" };
	char people[24], add[24];
	const char *v[5] = { o->code, o->after, o->when, people, add };
	struct rec_writer *w = io_writer(c, 5, cols);
	int rc;

	snprintf(people, sizeof(people), "%lld", n);
	snprintf(add, sizeof(add), "%ld", added);
	rc = rec_write(w, v) != 0;
	return io_writer_close(w) != 0 || rc ? EX_IOERR : 0;
}

int
screen_tier_create(sqlite3 *db, const struct cli *c,
    const struct tier_opts *o)
{
	struct condition *cond;
	long long first, follow = 0, people = 0;
	long added = 0;
	char *why = NULL;
	int rc;

	if ((cond = condition_parse(o->when, &why)) == NULL) {
		warnx("--when '%s': %s", o->when, why);
		free(why);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0) {
		condition_free(cond);
		return rc;
	}
	if ((first = screen_campaign_id(db, o->after)) == 0)
		rc = EX_DATAERR;
	if (rc == 0)
		rc = check_terms(db, first, o, cond);
	if (rc == 0)
		rc = existing_follow_on(db, o, first, &follow);
	if (rc == 0 && follow == 0)
		rc = new_follow_on(db, c, o, first, &follow);
	if (rc == 0)
		rc = add_people(db, first, follow, cond, c->now, &added);
	if (rc == 0)
		rc = audit_tier(db, c, o, follow, added, &people);
	condition_free(cond);
	if ((rc = db_end(db, rc)) != 0)
		return rc;
	return print_tier(c, o, people, added);
}

/* What the rules on a person's answers together read: their latest
 * scores in the campaign, as (instrument, key, value) rows. */
struct person_scores {
	sqlite3_stmt *st;	/* screen_tier_person_scores, run */
	struct tier_value *values;
	char **bands;		/* per value: the band of a *_band key */
	size_t n, cap, bcap;
};

static int
load_scores(sqlite3 *db, struct person_scores *ps, long long campaign,
    long long person)
{
	int rc;

	for (size_t i = 0; i < ps->n; i++)
		FREE_ALL(ps->values[i].instrument, ps->values[i].scale,
		    ps->bands[i]);
	ps->n = 0;
	sqlite3_bind_int64(ps->st, 1, campaign);
	sqlite3_bind_int64(ps->st, 2, person);
	while (db_row(db, ps->st, &rc)) {
		struct tier_value *v;
		int type = sqlite3_column_type(ps->st, 2);

		ps->values = xgrow(ps->values, &ps->cap, ps->n + 1,
		    sizeof(*ps->values));
		ps->bands = xgrow(ps->bands, &ps->bcap, ps->n + 1,
		    sizeof(*ps->bands));
		v = &ps->values[ps->n];
		v->instrument = xstrdup(db_column_text(ps->st, 0));
		v->scale = xstrdup(db_column_text(ps->st, 1));
		v->value = type == SQLITE_NULL || type == SQLITE_TEXT ? NAN :
		    sqlite3_column_double(ps->st, 2);
		ps->bands[ps->n++] = type == SQLITE_TEXT ?
		    xstrdup(db_column_text(ps->st, 2)) : NULL;
	}
	return rc;
}

/* The value of key in instrument's scores; NULL when there is none. */
static const struct tier_value *
score_key(const struct person_scores *ps, const char *instrument,
    const char *key, const char **band)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->values[i].instrument, instrument) == 0 &&
		    strcmp(ps->values[i].scale, key) == 0) {
			if (band != NULL)
				*band = ps->bands[i];
			return &ps->values[i];
		}
	return NULL;
}

/* policy_score_fn over a person's loaded scores. */
static int
person_score(void *ctx, const char *instrument, const char *scale,
    double *value, const char **band)
{
	const struct person_scores *ps = ctx;
	const struct tier_value *v = score_key(ps, instrument, scale, NULL);
	char *band_key = xasprintf("%s_band", scale);

	*band = NULL;
	(void)score_key(ps, instrument, band_key, band);
	free(band_key);
	if (v == NULL && *band == NULL)
		return -1;
	*value = v != NULL ? v->value : NAN;
	return 0;
}

/* What a file's people are asked after it is stored. */
struct tier_file {
	sqlite3 *db;
	const struct cli *cli;
	const struct policy *policy;
	const struct tier_import *ti;
	long long campaign, after;	/* after: the campaign it follows */
	char *code;			/* "follow-on CODE" */
	struct person_scores ps;
	sqlite3_stmt *restore, *card, *raise, *covers, *card_of, *hand_set,
	    *supersede, *person_no;
	struct buf reasons;
};

/* The rules on person's answers together, after their answer response:
 * the cards their answers gave alone come back, then a rule that holds
 * raises response's card. */
static int
person_rules(struct tier_file *tf, long long person, long long response)
{
	char *alone = NULL;
	int rc, color, had = CARD_NONE;

	sqlite3_bind_int64(tf->restore, 1, tf->campaign);
	sqlite3_bind_int64(tf->restore, 2, person);
	if ((rc = db_run(tf->db, tf->restore)) != 0 ||
	    (rc = load_scores(tf->db, &tf->ps, tf->campaign, person)) != 0)
		return rc;
	buf_reset(&tf->reasons);
	color = policy_person_color(tf->policy, person_score, &tf->ps,
	    &tf->reasons);
	if (color == CARD_NONE)
		return 0;
	sqlite3_bind_int64(tf->card, 1, response);
	if ((rc = db_text(tf->db, tf->card, &alone)) != 0)
		return rc;
	(void)card_color_parse(alone, &had);
	free(alone);
	if (color <= had)
		return 0;
	sqlite3_bind_int64(tf->raise, 1, response);
	sqlite3_bind_text(tf->raise, 2, card_color_name(color), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(tf->raise, 3, buf_str(&tf->reasons), -1,
	    SQLITE_STATIC);
	if ((rc = db_run(tf->db, tf->raise)) == 0 && tf->ti->colors != NULL) {
		tf->ti->colors[had]--;
		tf->ti->colors[color]++;
	}
	return rc;
}

/* An answer to a follow-on from someone it does not cover: kept, and
 * said (coverage does not count it, and it supersedes nothing). */
static int
warn_not_covered(struct tier_file *tf, long long person)
{
	char *no = NULL;
	int rc;

	sqlite3_bind_int64(tf->person_no, 1, person);
	if ((rc = db_text(tf->db, tf->person_no, &no)) != 0)
		return rc == DB_NONE ? 0 : rc;
	warnx("warning: %s: %s is not one of the people of %s (kept)",
	    tf->ti->name, no, tf->code);
	free(no);
	return 0;
}

/* Person's card in the follow-on stands in the campaign it follows,
 * unless a counsellor's card stands there, it says so already, or (by
 * default) it is not the higher. */
static int
supersede(struct tier_file *tf, long long person)
{
	char *color = NULL, *reason = NULL, *detail;
	long long covered = 0, hand = 0;
	int rc, same, mine = CARD_NONE, first = CARD_NONE;

	sqlite3_bind_int64(tf->covers, 1, tf->campaign);
	sqlite3_bind_int64(tf->covers, 2, person);
	sqlite3_bind_int64(tf->hand_set, 1, tf->after);
	sqlite3_bind_int64(tf->hand_set, 2, person);
	if ((rc = db_int(tf->db, tf->covers, &covered)) != 0)
		return rc;
	if (!covered)
		return warn_not_covered(tf, person);
	if (tf->policy->tier_supersede == TIER_KEEP ||
	    (rc = db_int(tf->db, tf->hand_set, &hand)) != 0 || hand)
		return rc;
	sqlite3_bind_int64(tf->card_of, 1, tf->campaign);
	sqlite3_bind_int64(tf->card_of, 2, person);
	if (!db_row(tf->db, tf->card_of, &rc))
		return rc;
	color = xstrdup(db_column_text(tf->card_of, 0));
	reason = xasprintf("%s%s%s", tf->code,
	    *db_column_text(tf->card_of, 1) ? ": " : "",
	    db_column_text(tf->card_of, 1));
	sqlite3_reset(tf->card_of);
	sqlite3_bind_int64(tf->card_of, 1, tf->after);
	if ((same = db_row(tf->db, tf->card_of, &rc)) != 0) {
		(void)card_color_parse(db_column_text(tf->card_of, 0), &first);
		same = strcmp(db_column_text(tf->card_of, 0), color) == 0 &&
		    strcmp(db_column_text(tf->card_of, 1), reason) == 0;
		sqlite3_reset(tf->card_of);
	}
	(void)card_color_parse(color, &mine);
	if (tf->policy->tier_supersede == TIER_RAISE && mine <= first)
		same = 1;
	if (rc == 0 && !same) {
		sqlite3_bind_int64(tf->supersede, 1, person);
		sqlite3_bind_int64(tf->supersede, 2, tf->after);
		sqlite3_bind_text(tf->supersede, 3, color, -1, SQLITE_STATIC);
		sqlite3_bind_text(tf->supersede, 4, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(tf->supersede, 5, tf->code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(tf->supersede, 6, (sqlite3_int64)tf->cli->now);
		rc = db_run(tf->db, tf->supersede);
		detail = xasprintf("person %lld: %s (%s)", person, color, reason);
		if (rc == 0)
			rc = audit_once(tf->db, tf->cli->now, tf->cli->actor,
			    "card.supersede", tf->code, detail);
		free(detail);
	}
	FREE_ALL(color, reason);
	return rc;
}

#define TIER_FILE(member, sql) DB_STATEMENT(struct tier_file, member, sql)
static const struct db_statement tier_file_statements[] = {
	TIER_FILE(ps.st, sql_screen_tier_person_scores),
	TIER_FILE(restore, sql_screen_tier_restore),
	TIER_FILE(card, sql_screen_tier_response_card),
	TIER_FILE(raise, sql_screen_tier_raise),
	TIER_FILE(covers, sql_screen_tier_covers),
	TIER_FILE(card_of, sql_screen_tier_card_of),
	TIER_FILE(hand_set, sql_screen_tier_hand_set),
	TIER_FILE(supersede, sql_screen_tier_supersede),
	TIER_FILE(person_no, sql_screen_tier_person_no),
};

/* Each person the file answered for, the rules and the supersession
 * their campaign needs. */
static int
each_person(struct tier_file *tf, long long file)
{
	sqlite3_stmt *st = db_prepare(tf->db, sql_screen_tier_file_people);
	long long *people = NULL;
	size_t n = 0, cap = 0;
	int rc;

	/* read whole first: the steps below write the rows it reads */
	sqlite3_bind_int64(st, 1, file);
	while (db_row(tf->db, st, &rc)) {
		people = xgrow(people, &cap, n + 2, sizeof(*people));
		people[n++] = sqlite3_column_int64(st, 0);
		people[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	db_prepare_set(tf->db, tf, tier_file_statements,
	    DB_SET_SIZE(tier_file_statements));
	for (size_t i = 0; rc == 0 && i < n; i += 2) {
		if (tf->policy->person_rules > 0)
			rc = person_rules(tf, people[i], people[i + 1]);
		if (rc == 0 && tf->after != 0)
			rc = supersede(tf, people[i]);
	}
	db_finalize_set(tf, tier_file_statements,
	    DB_SET_SIZE(tier_file_statements));
	free(people);
	return rc;
}

int
screen_tier_file(sqlite3 *db, const struct cli *c, const struct policy *p,
    const struct tier_import *ti)
{
	struct tier_file tf = { .db = db, .cli = c, .policy = p, .ti = ti,
	    .campaign = ti->campaign };
	sqlite3_stmt *st = db_prepare(db, sql_screen_tier_after);
	char *code = NULL;
	int rc;

	sqlite3_bind_int64(st, 1, ti->campaign);
	if ((rc = db_int_once(db, st, &tf.after)) == DB_NONE)
		rc = 0;
	if (rc != 0 || (p->person_rules == 0 && tf.after == 0))
		return rc;
	st = db_prepare(db, sql_screen_tier_code);
	sqlite3_bind_int64(st, 1, ti->campaign);
	if ((rc = db_text(db, st, &code)) == 0) {
		tf.code = xasprintf("follow-on %s", code);
		rc = each_person(&tf, ti->file);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < tf.ps.n; i++)
		FREE_ALL(tf.ps.values[i].instrument, tf.ps.values[i].scale,
		    tf.ps.bands[i]);
	FREE_ALL(tf.ps.values, tf.ps.bands, tf.code, code);
	buf_free(&tf.reasons);
	return rc == DB_NONE ? 0 : rc;
}
