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
#include "units.h"
#include "xalloc.h"

/* Who should take campaign ?1 (active, of its kind, in its units), where
 * they are counted (their unit, or their dormitory), and who has
 * answered every instrument of it. */
#define POPULATION(where) \
	"c AS (SELECT * FROM campaign WHERE id = ?1)," \
	" scope(id) AS (" CAMPAIGN_UNITS ")," \
	" pop(person, unit) AS (SELECT p.id, " where " FROM person p, c" \
	"  WHERE p.status = 'active' AND (c.kind IS NULL OR p.kind = c.kind)" \
	"  AND p.unit_id IN scope)," \
	" need(n) AS (SELECT count(*) FROM campaign_instrument" \
	"  WHERE campaign_id = ?1)," \
	" done(person) AS (SELECT person_id FROM response WHERE campaign_id = ?1" \
	"  AND latest GROUP BY person_id" \
	"  HAVING count(DISTINCT instrument) = (SELECT n FROM need))"

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
	char *sql = xasprintf("WITH %s SELECT u.id, coalesce(u.parent_id, 0), "
	    "u.path, u.kind FROM unit u JOIN tree t ON t.id = u.id ORDER BY "
	    "t.sortkey", units_order_cte);
	sqlite3_stmt *st = db_prepare(db, sql);
	size_t cap = 0;
	int step;

	free(sql);
	memset(t, 0, sizeof(*t));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
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
	if (step != SQLITE_DONE)
		return db_fail(db, "units");
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

/* Steps st: 1 at a row, 0 at the end, -1 on an error (*failed set). */
static int
next_row(sqlite3_stmt *st, int *failed)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_ROW)
		return 1;
	if (step != SQLITE_DONE)
		*failed = 1;
	return 0;
}

/* Who should take campaign ?1, in person order, and where they count. */
static sqlite3_stmt *
population(sqlite3 *db, const char *by)
{
	char *sql = xasprintf("WITH c AS (SELECT * FROM campaign WHERE id = "
	    "?1), scope(id) AS (" CAMPAIGN_UNITS ") SELECT p.id, %s FROM "
	    "person p, c WHERE p.status = 'active' AND (c.kind IS NULL OR "
	    "p.kind = c.kind) AND p.unit_id IN scope ORDER BY p.id",
	    by_dormitory(by) ? "p.dormitory_id" : "p.unit_id");
	sqlite3_stmt *st = db_prepare(db, sql);

	free(sql);
	return st;
}

/*
 * Who answered every instrument of campaign ?1, in person order: the
 * latest answers through the person index, their instruments told apart
 * in C rather than by a GROUP BY over a million people.
 */
struct answered {
	sqlite3_stmt *rows;	/* person_id, instrument */
	char **need;		/* the campaign's instruments */
	unsigned char *got;	/* for one person: which of them */
	size_t nneed;
	int more, failed;
};

static void
answered_open(sqlite3 *db, long long campaign, struct answered *a)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT instrument FROM "
	    "campaign_instrument WHERE campaign_id = ?1");
	size_t cap = 0;

	memset(a, 0, sizeof(*a));
	sqlite3_bind_int64(st, 1, campaign);
	while (next_row(st, &a->failed)) {
		a->need = xgrow(a->need, &cap, a->nneed + 1, sizeof(*a->need));
		a->need[a->nneed++] = xstrdup(db_column_text(st, 0));
	}
	sqlite3_finalize(st);
	a->got = xcalloc(a->nneed + 1, 1);
	a->rows = db_prepare(db, "SELECT person_id, instrument FROM response "
	    "WHERE campaign_id = ?1 AND latest ORDER BY person_id");
	sqlite3_bind_int64(a->rows, 1, campaign);
	a->more = next_row(a->rows, &a->failed);
}

static void
answered_close(struct answered *a)
{
	sqlite3_finalize(a->rows);
	for (size_t i = 0; i < a->nneed; i++)
		free(a->need[i]);
	free(a->need);
	free(a->got);
}

/* Whether person (ascending from call to call) answered every one of the
 * campaign's instruments.  An answer to another instrument (which import
 * and transfer never leave) makes it doubtful: not counted. */
static int
answered_all(struct answered *a, long long person)
{
	size_t distinct = 0;
	int other = 0;

	while (a->more && sqlite3_column_int64(a->rows, 0) < person)
		a->more = next_row(a->rows, &a->failed);
	memset(a->got, 0, a->nneed);
	while (a->more && sqlite3_column_int64(a->rows, 0) == person) {
		const char *ins = db_column_text(a->rows, 1);
		size_t i = 0;

		while (i < a->nneed && strcmp(a->need[i], ins) != 0)
			i++;
		if (i == a->nneed)
			other = 1;
		else if (!a->got[i]) {
			a->got[i] = 1;
			distinct++;
		}
		a->more = next_row(a->rows, &a->failed);
	}
	return !other && distinct > 0 && distinct == a->nneed;
}

int
counts_coverage(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out)
{
	/* two streams in person order, merged: who should take it (the
	 * person table in rowid order), and who answered every instrument
	 * (the responses through their person index) */
	sqlite3_stmt *pop = population(db, by);
	struct answered done;
	struct tree t;
	int rc, more, failed = 0;

	memset(out, 0, sizeof(*out));
	answered_open(db, campaign, &done);
	if ((rc = tree_load(db, &t)) != 0)
		goto end;
	sqlite3_bind_int64(pop, 1, campaign);
	while ((more = next_row(pop, &failed)) == 1) {
		long long v[2] = { 1, answered_all(&done,
		    sqlite3_column_int64(pop, 0)) };

		if (sqlite3_column_type(pop, 1) != SQLITE_NULL)
			tree_add(&t, sqlite3_column_int64(pop, 1), v, 2);
	}
	if (failed || done.failed)
		rc = db_fail(db, "coverage");
	else
		tree_rows(&t, path, by, out);
end:
	sqlite3_finalize(pop);
	answered_close(&done);
	tree_free(&t);
	return rc;
}

/*
 * Each person's card in campaign ?1, in person order, by the rule of the
 * card view (003_cards.sql): the highest card of the person's latest
 * answers, unless the last card set by hand came after the last of them
 * (or there are none).  Read from the person index of the responses and
 * the cards set by hand, both in person order: no GROUP BY over a million
 * people and no lookup for each.  A test keeps it equal to card_color.
 */
struct card_stream {
	sqlite3_stmt *answers;	/* person_id, card, id */
	sqlite3_stmt *by_hand;	/* person_id, color, after_response */
	int answers_more, by_hand_more, failed;
};

static void
card_stream_open(sqlite3 *db, long long campaign, struct card_stream *s)
{
	s->failed = 0;
	s->answers = db_prepare(db, "SELECT person_id, card, id FROM response "
	    "WHERE campaign_id = ?1 AND latest AND card IS NOT NULL ORDER BY "
	    "person_id");
	s->by_hand = db_prepare(db, "SELECT person_id, color, after_response "
	    "FROM card_set c WHERE campaign_id = ?1 AND id = (SELECT max(id) "
	    "FROM card_set WHERE campaign_id = ?1 AND person_id = c.person_id) "
	    "ORDER BY person_id");
	sqlite3_bind_int64(s->answers, 1, campaign);
	sqlite3_bind_int64(s->by_hand, 1, campaign);
	s->answers_more = next_row(s->answers, &s->failed);
	s->by_hand_more = next_row(s->by_hand, &s->failed);
}

static void
card_stream_close(struct card_stream *s)
{
	sqlite3_finalize(s->answers);
	sqlite3_finalize(s->by_hand);
}

/* red 3, yellow 2, blue 1, none 0 (the schema allows no other). */
static int
card_rank(const char *color)
{
	return strcmp(color, "red") == 0 ? 3 : strcmp(color, "yellow") == 0 ?
	    2 : strcmp(color, "blue") == 0 ? 1 : 0;
}

/* The next person with a card: 1 with *person and *rank, 0 at the end. */
static int
card_stream_next(struct card_stream *s, long long *person, int *rank)
{
	long long last = -1;

	if (!s->answers_more && !s->by_hand_more)
		return 0;
	*person = !s->answers_more ? sqlite3_column_int64(s->by_hand, 0) :
	    !s->by_hand_more ? sqlite3_column_int64(s->answers, 0) :
	    sqlite3_column_int64(s->answers, 0) <
	    sqlite3_column_int64(s->by_hand, 0) ?
	    sqlite3_column_int64(s->answers, 0) :
	    sqlite3_column_int64(s->by_hand, 0);
	*rank = 0;
	while (s->answers_more && sqlite3_column_int64(s->answers, 0) ==
	    *person) {
		int r = card_rank(db_column_text(s->answers, 1));

		if (r > *rank)
			*rank = r;
		if (sqlite3_column_int64(s->answers, 2) > last)
			last = sqlite3_column_int64(s->answers, 2);
		s->answers_more = next_row(s->answers, &s->failed);
	}
	if (s->by_hand_more && sqlite3_column_int64(s->by_hand, 0) ==
	    *person) {
		if (sqlite3_column_int64(s->by_hand, 2) >= last)
			*rank = card_rank(db_column_text(s->by_hand, 1));
		s->by_hand_more = next_row(s->by_hand, &s->failed);
	}
	return 1;
}

int
counts_cards(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out)
{
	return counts_cards_flag(db, campaign, NULL, path, by, out);
}

int
counts_cards_flag(sqlite3 *db, long long campaign, const char *flag,
    const char *path, const char *by, struct counts *out)
{
	/* the people here now, as coverage counts them: a pupil who moved
	 * to another school is counted there */
	char *sql = xasprintf("SELECT p.id, %s FROM person p WHERE p.status = "
	    "'active' AND (?1 IS NULL OR EXISTS (SELECT 1 FROM person_flag f "
	    "WHERE f.person_id = p.id AND f.flag = ?1 AND f.until IS NULL)) "
	    "ORDER BY p.id", by_dormitory(by) ? "p.dormitory_id" :
	    "p.unit_id");
	sqlite3_stmt *people = db_prepare(db, sql);
	struct card_stream cards;
	struct tree t;
	long long person;
	int rc, rank, here, failed = 0;

	free(sql);
	memset(out, 0, sizeof(*out));
	card_stream_open(db, campaign, &cards);
	if ((rc = tree_load(db, &t)) != 0)
		goto end;
	db_bind_text_or_null(people, 1, flag);
	here = next_row(people, &failed);
	while (here && card_stream_next(&cards, &person, &rank)) {
		long long v[5] = { 1, rank == 3, rank == 2, rank == 1,
		    rank == 0 };

		while (here && sqlite3_column_int64(people, 0) < person)
			here = next_row(people, &failed);
		if (here && sqlite3_column_int64(people, 0) == person &&
		    sqlite3_column_type(people, 1) != SQLITE_NULL)
			tree_add(&t, sqlite3_column_int64(people, 1), v, 5);
	}
	if (failed || cards.failed)
		rc = db_fail(db, "cards");
	else
		tree_rows(&t, path, by, out);
end:
	sqlite3_finalize(people);
	card_stream_close(&cards);
	tree_free(&t);
	return rc;
}

static sqlite3_stmt *
prepare(sqlite3 *db, char *sql, long long campaign, const char *path,
    const char *by)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	free(sql);
	sqlite3_bind_int64(st, 1, campaign);
	db_bind_text_or_null(st, 2, path);
	db_bind_text_or_null(st, 3, by);
	return st;
}

sqlite3_stmt *
counts_missing(sqlite3 *db, long long campaign, const char *path)
{
	char *sql = xasprintf("WITH %s, %s SELECT u.path, p.person_no, p.name,"
	    " (SELECT group_concat(instrument, ',') FROM"
	    "  campaign_instrument ci WHERE ci.campaign_id = ?1 AND NOT"
	    "  EXISTS (SELECT 1 FROM response r WHERE r.campaign_id = ?1"
	    "  AND r.person_id = p.id AND r.instrument = ci.instrument"
	    "  AND r.latest))"
	    " FROM pop JOIN person p ON p.id = pop.person"
	    " JOIN unit u ON u.id = pop.unit JOIN tree t ON t.id = u.id"
	    " WHERE pop.person NOT IN done AND (?2 IS NULL OR"
	    " u.path = ?2 OR substr(u.path, 1, length(?2) + 1) = ?2 || '/')"
	    " AND ?3 IS NULL ORDER BY t.sortkey, p.person_no",
	    POPULATION("p.unit_id"), units_order_cte);

	return prepare(db, sql, campaign, path, NULL);
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
	/* next term's campaign, created ahead, is not yet the latest: the
	 * reports and the follow-ups stay on the one under way */
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM campaign WHERE "
	    "code = ?1 OR (?1 IS NULL AND id = (SELECT id FROM campaign ORDER "
	    "BY date_from <= ?2 DESC, date_from DESC, id DESC LIMIT 1))");
	char today[11];
	long long id = 0;

	int step;

	clock_date(now, today);
	db_bind_text_or_null(st, 1, code);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)	/* not "there is none" */
		id = -db_fail(db, "campaign");
	sqlite3_finalize(st);
	return id;
}
