/*
 * Counts per unit of a campaign: see counts.h.  The people are read in
 * one pass, each added to their unit and every unit above it, in C: a
 * GROUP BY over a million people would sort them in a temporary file.
 */
#include "counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "queries.h"
#include "xalloc.h"

static const char *const kinds[] = { "school", "grade", "class",
    "dormitory", "residence", "organisation", "department", NULL };

int
counts_kind_ok(const char *by)
{
	for (size_t i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], by) == 0)
			return 0;
	return -1;
}

static int
by_dormitory(const char *by)
{
	return by != NULL && (strcmp(by, "dormitory") == 0 ||
	    strcmp(by, "residence") == 0);
}

/* The unit tree in its order, each unit's counts, and where each unit
 * id is in it. */
struct tree {
	struct unit_node {
		long long id, parent;
		char *path, *kind;
		long long v[5];
	} *units;
	size_t n;
	size_t *at;		/* by unit id: index + 1, or 0 */
	long long max_id;
};

static void
tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->units[i].path);
		free(t->units[i].kind);
	}
	free(t->units);
	free(t->at);
}

static int
tree_load(sqlite3 *db, struct tree *t)
{
	sqlite3_stmt *st = db_prepare(db, sql_counts_unit_tree);
	size_t cap = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	while (db_row(db, st, &rc)) {
		struct unit_node *u;

		t->units = xgrow(t->units, &cap, t->n + 1, sizeof(*t->units));
		u = &t->units[t->n++];
		memset(u, 0, sizeof(*u));
		u->id = sqlite3_column_int64(st, 0);
		u->parent = sqlite3_column_int64(st, 1);
		u->path = xstrdup(db_column_text(st, 2));
		u->kind = xstrdup(db_column_text(st, 3));
		if (u->id > t->max_id)
			t->max_id = u->id;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	t->at = xcalloc((size_t)t->max_id + 1, sizeof(*t->at));
	for (size_t i = 0; i < t->n; i++)
		t->at[t->units[i].id] = i + 1;
	return 0;
}

/* Adds v to unit id and every unit above it. */
static void
tree_add(struct tree *t, long long id, const long long *v, size_t width)
{
	/* a unit is never its own ancestor, but a damaged file could make
	 * a loop: no more steps than units */
	for (size_t guard = 0; id > 0 && id <= t->max_id && t->at[id] != 0 &&
	    guard < t->n; guard++) {
		struct unit_node *u = &t->units[t->at[id] - 1];
		for (size_t k = 0; k < width; k++)
			u->v[k] += v[k];
		id = u->parent;
	}
}

/* The units with people, at or under path and of kind by, in order. */
static void
tree_rows(struct tree *t, const char *path, const char *by,
    struct counts *out)
{
	size_t len = path ? strlen(path) : 0;

	out->rows = xcalloc(t->n + 1, sizeof(*out->rows));
	out->n = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct unit_node *u = &t->units[i];
		int under = path == NULL || strcmp(u->path, path) == 0 ||
		    (strncmp(u->path, path, len) == 0 && u->path[len] == '/');
		int level = by == NULL || strcmp(u->kind, by) == 0 ||
		    (strcmp(by, "top") == 0 && u->parent == 0);

		if (!under || !level || u->v[0] == 0)
			continue;
		out->rows[out->n].path = u->path;
		out->rows[out->n].kind = u->kind;
		memcpy(out->rows[out->n].v, u->v, sizeof(u->v));
		u->path = u->kind = NULL;	/* now out's */
		out->n++;
	}
}

void
counts_free(struct counts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->rows[i].path);
		free(c->rows[i].kind);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* A statement read in person order beside another, one row ahead: more
 * while it has a row, rc its code once a step failed. */
struct stream {
	sqlite3 *db;
	sqlite3_stmt *st;
	int more, rc;
};

static void
stream_open(struct stream *s, sqlite3 *db, const char *sql,
    long long campaign)
{
	s->db = db;
	s->rc = 0;
	s->st = db_prepare(db, sql);
	sqlite3_bind_int64(s->st, 1, campaign);
	s->more = db_row(db, s->st, &s->rc);
}

static void
stream_next(struct stream *s)
{
	if (s->more)
		s->more = db_row(s->db, s->st, &s->rc);
}

/* The person of the row the stream is at. */
static long long
stream_person(const struct stream *s)
{
	return sqlite3_column_int64(s->st, 0);
}

/* Gives a person's counts (v) from streams read alongside the people: 1
 * to count them, 0 not to, -1 when nobody further will count. */
typedef int (*person_counts)(void *ctx, long long person, long long *v);

/*
 * Each of people (person id, where they count; in person order) whom fn
 * counts, added to their unit and every unit above it; then the units at
 * or under path and of kind by, in the tree's order.  Every statement is
 * read once, in order: no GROUP BY over a million people and no lookup
 * for each of them.
 */
static int
count_people(sqlite3 *db, sqlite3_stmt *people, size_t width,
    person_counts fn, void *ctx, const char *path, const char *by,
    struct counts *out)
{
	struct tree t;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = tree_load(db, &t)) != 0) {
		tree_free(&t);
		return rc;
	}
	while (db_row(db, people, &rc)) {
		long long v[5] = { 0 };
		int counts = fn(ctx, sqlite3_column_int64(people, 0), v);

		if (counts < 0) {
			sqlite3_reset(people);
			rc = 0;
			break;
		}
		if (counts && sqlite3_column_type(people, 1) != SQLITE_NULL)
			tree_add(&t, sqlite3_column_int64(people, 1), v, width);
	}
	if (rc == 0)
		tree_rows(&t, path, by, out);
	tree_free(&t);
	return rc;
}

/*
 * Who answered every instrument of the campaign: the latest answers in
 * person order, through the person index, their instruments told apart
 * in C rather than by a GROUP BY over a million people.
 */
struct answered {
	struct stream rows;	/* person_id, instrument */
	char **need;		/* the campaign's instruments */
	unsigned char *got;	/* for one person: which of them */
	size_t nneed;
	int rc;
};

static void
answered_open(sqlite3 *db, long long campaign, struct answered *a)
{
	sqlite3_stmt *st = db_prepare(db, sql_counts_campaign_instruments);
	size_t cap = 0;

	memset(a, 0, sizeof(*a));
	sqlite3_bind_int64(st, 1, campaign);
	while (db_row(db, st, &a->rc)) {
		a->need = xgrow(a->need, &cap, a->nneed + 1, sizeof(*a->need));
		a->need[a->nneed++] = xstrdup(db_column_text(st, 0));
	}
	sqlite3_finalize(st);
	a->got = xcalloc(a->nneed + 1, 1);
	stream_open(&a->rows, db, sql_counts_answers, campaign);
}

/* The first failure of a, or 0. */
static int
answered_close(struct answered *a)
{
	int rc = a->rc != 0 ? a->rc : a->rows.rc;

	sqlite3_finalize(a->rows.st);
	for (size_t i = 0; i < a->nneed; i++)
		free(a->need[i]);
	free(a->need);
	free(a->got);
	return rc;
}

/* Whether person (ascending from call to call) answered every one of the
 * campaign's instruments.  An answer to another instrument (which import
 * and transfer never leave) makes it doubtful: not counted. */
static int
answered_all(struct answered *a, long long person)
{
	size_t distinct = 0;
	int other = 0;

	while (a->rows.more && stream_person(&a->rows) < person)
		stream_next(&a->rows);
	memset(a->got, 0, a->nneed);
	while (a->rows.more && stream_person(&a->rows) == person) {
		const char *ins = db_column_text(a->rows.st, 1);
		size_t i = 0;

		while (i < a->nneed && strcmp(a->need[i], ins) != 0)
			i++;
		if (i == a->nneed)
			other = 1;
		else if (!a->got[i]) {
			a->got[i] = 1;
			distinct++;
		}
		stream_next(&a->rows);
	}
	return !other && distinct > 0 && distinct == a->nneed;
}

/* Coverage: everyone counts as should, and as screened when they
 * answered every instrument. */
static int
coverage_counts(void *ctx, long long person, long long *v)
{
	v[0] = 1;
	v[1] = answered_all(ctx, person);
	return 1;
}

/*
 * Each person's card in the campaign, in person order, by the rule of the
 * current_card view (011_current_card.sql): the highest card of the
 * person's latest answers (by card_rank), unless the last card set by
 * hand came after the last of them (or there are none).  Read from the
 * person index of the responses and the cards set by hand, both in
 * person order, each card's rank from card_rank read once beforehand
 * (not joined to a million rows).  A test keeps it equal to card_color.
 */
struct card_stream {
	struct stream answers;	/* person_id, card, id */
	struct stream by_hand;	/* person_id, color, after_response */
	struct card_rank {
		char color[16];
		int rank;
	} ranks[8];
	size_t nranks;
	int rc;
};

static void
card_stream_open(sqlite3 *db, long long campaign, struct card_stream *s)
{
	sqlite3_stmt *st = db_prepare(db, sql_counts_card_ranks);

	s->nranks = 0;
	while (db_row(db, st, &s->rc))
		if (s->nranks < sizeof(s->ranks) / sizeof(s->ranks[0])) {
			snprintf(s->ranks[s->nranks].color,
			    sizeof(s->ranks[0].color), "%s",
			    db_column_text(st, 0));
			s->ranks[s->nranks++].rank = sqlite3_column_int(st, 1);
		}
	sqlite3_finalize(st);
	stream_open(&s->answers, db, sql_counts_card_answers, campaign);
	stream_open(&s->by_hand, db, sql_counts_card_sets, campaign);
}

/* The rank of the card in column i of st (0 for one card_rank lacks,
 * which the schema allows no row to hold). */
static int
rank_of(const struct card_stream *s, sqlite3_stmt *st, int i)
{
	const char *color = db_column_text(st, i);

	for (size_t k = 0; k < s->nranks; k++)
		if (strcmp(s->ranks[k].color, color) == 0)
			return s->ranks[k].rank;
	return 0;
}

/* The first failure of s, or 0. */
static int
card_stream_close(struct card_stream *s)
{
	int rc = s->rc != 0 ? s->rc : s->answers.rc != 0 ? s->answers.rc :
	    s->by_hand.rc;

	sqlite3_finalize(s->answers.st);
	sqlite3_finalize(s->by_hand.st);
	return rc;
}

/* The next person with a card, or -1 at the end. */
static long long
card_stream_peek(const struct card_stream *s)
{
	const struct stream *a = &s->answers, *h = &s->by_hand;

	if (!a->more)
		return h->more ? stream_person(h) : -1;
	if (!h->more || stream_person(a) < stream_person(h))
		return stream_person(a);
	return stream_person(h);
}

/* The card of person, the one card_stream_peek gave: its rank, after its
 * rows. */
static int
card_stream_take(struct card_stream *s, long long person)
{
	struct stream *a = &s->answers, *h = &s->by_hand;
	long long last = -1;
	int rank = 0;

	while (a->more && stream_person(a) == person) {
		int r = rank_of(s, a->st, 1);

		if (r > rank)
			rank = r;
		if (sqlite3_column_int64(a->st, 2) > last)
			last = sqlite3_column_int64(a->st, 2);
		stream_next(a);
	}
	if (h->more && stream_person(h) == person) {
		if (sqlite3_column_int64(h->st, 2) >= last)
			rank = rank_of(s, h->st, 1);
		stream_next(h);
	}
	return rank;
}

/* Cards: a person with a card counts, in the column of its rank (red 3,
 * yellow 2, blue 1, none 0, as card_rank has them). */
static int
card_counts(void *ctx, long long person, long long *v)
{
	struct card_stream *s = ctx;
	long long next;
	int rank;

	while ((next = card_stream_peek(s)) >= 0 && next < person)
		(void)card_stream_take(s, next);
	if (next < 0)
		return -1;
	if (next > person)
		return 0;
	rank = card_stream_take(s, person);
	v[0] = 1;
	v[1] = rank == 3;
	v[2] = rank == 2;
	v[3] = rank == 1;
	v[4] = rank == 0;
	return 1;
}

/*
 * Counts for coverage (cards 0) or the cards (1, among the people with
 * the special-group flag now when flag is given): two streams in person
 * order, merged.  The people (the person table in rowid order): for
 * coverage, who should take the campaign; for the cards, the people here
 * now, as coverage counts them (a pupil who moved to another school is
 * counted there).  Beside them (through the person index of the
 * responses): who answered every instrument, or each one's card.
 */
static int
count_campaign(sqlite3 *db, long long campaign, const char *flag,
    const char *path, const char *by, int cards, struct counts *out)
{
	struct answered done;
	struct card_stream stream;
	sqlite3_stmt *people;
	int rc, other;

	if (cards) {
		people = db_prepare(db, sql_counts_people_here);
		db_bind_text_or_null(people, 1, flag);
		card_stream_open(db, campaign, &stream);
	} else {
		people = db_prepare(db, sql_counts_population);
		sqlite3_bind_int64(people, 1, campaign);
		answered_open(db, campaign, &done);
	}
	sqlite3_bind_int(people, 2, by_dormitory(by));
	rc = cards ? count_people(db, people, 5, card_counts, &stream, path,
	    by, out) : count_people(db, people, 2, coverage_counts, &done,
	    path, by, out);
	sqlite3_finalize(people);
	other = cards ? card_stream_close(&stream) : answered_close(&done);
	if (rc == 0 && other != 0) {
		counts_free(out);
		rc = other;
	}
	return rc;
}

int
counts_coverage(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out)
{
	return count_campaign(db, campaign, NULL, path, by, 0, out);
}

int
counts_cards(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out)
{
	return count_campaign(db, campaign, NULL, path, by, 1, out);
}

int
counts_cards_flag(sqlite3 *db, long long campaign, const char *flag,
    const char *path, const char *by, struct counts *out)
{
	return count_campaign(db, campaign, flag, path, by, 1, out);
}

sqlite3_stmt *
counts_missing(sqlite3 *db, long long campaign, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, sql_counts_missing);

	sqlite3_bind_int64(st, 1, campaign);
	db_bind_text_or_null(st, 2, path);
	return st;
}

void
counts_rate(long long part, long long whole, char out[16])
{
	long long tenths;

	if (whole <= 0) {
		out[0] = '\0';
		return;
	}
	/* tenths of a percent, half up, in integers: the same figure
	 * whichever program prints it */
	tenths = (part * 2000 + whole) / (whole * 2);
	snprintf(out, 16, "%lld.%lld%%", tenths / 10 % 100000, tenths % 10);
}

long long
counts_campaign(sqlite3 *db, const char *code, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, sql_counts_campaign);
	char today[11];
	long long id = 0;
	int rc;

	clock_date(now, today);
	db_bind_text_or_null(st, 1, code);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	rc = db_int_once(db, st, &id);
	/* a table that cannot be read is not "there is none" */
	return rc == 0 ? id : rc == DB_NONE ? 0 : -rc;
}
