/*
 * note ID TEXT: an observation about a person, kept, and checked by the
 * policy's keyword rules: each rule it matches raises an alert.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "queries.h"
#include "xalloc.h"

/* A note's keyword hits. */
struct note_hits {
	struct raiser *a;
	const struct who *w;
	const char *person_no, *unit, *source, *text;
	long matched;
};

static int
raise_hit(void *ctx, const char *key, const char *reason)
{
	struct note_hits *n = ctx;

	n->matched++;
	return alert_raise_one(n->a, n->w, n->person_no, n->unit, key,
	    n->source, reason, n->text);
}

/* Keeps the note; its source ("note:ID") in *source. */
static int
note_add(sqlite3 *db, const struct cli *c, long long person,
    const char *person_no, const char *text, const char *by, char **source)
{
	sqlite3_stmt *st = db_prepare(db, sql_alert_note_add);
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)c->now);
	rc = db_run(db, st);
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	*source = xasprintf("note:%lld", sqlite3_last_insert_rowid(db));
	return audit_once(db, c->now, c->actor, "note.add", person_no, by);
}

int
alert_note(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *person_no, const char *text, const char *by)
{
	struct raiser a;
	struct who w = {0};
	char *unit = NULL, *source = NULL;
	struct note_hits hits = { &a, &w, person_no, NULL, NULL, text, 0 };
	int rc;

	if (*text == '\0' || *by == '\0') {
		warnx("note: the text and --by must not be empty");
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = alert_raiser_init(&a, db, c, p, NULL)) == 0 &&
	    (rc = alert_find_person(&a, person_no, &w, &unit)) == DB_NONE) {
		warnx("no person '%s'", person_no);
		rc = EX_DATAERR;
	}
	if (rc == 0)
		rc = note_add(db, c, w.person, person_no, text, by, &source);
	hits.unit = unit;
	hits.source = source;
	if (rc == 0)
		rc = alert_each_keyword(p, text, raise_hit, &hits);
	if (rc == 0 && hits.matched == 0)
		fprintf(stderr, "ph-alert: note kept; no keyword rule matched\n");
	free(unit);
	rc = alert_raise_finish(db, c, &a, rc, source ? source : "note");
	free(source);
	return rc;
}
