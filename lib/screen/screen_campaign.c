/*
 * Screening campaigns: who must take which instruments when, coverage
 * per unit, and a person's history across terms.  Importing the answers
 * is screen_import.c.
 */
#include "screen.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "counts.h"
#include "db.h"
#include "diag.h"
#include "instrument.h"
#include "io.h"
#include "people.h"
#include "queries.h"
#include "rows.h"
#include "units.h"
#include "xalloc.h"

long long
screen_campaign_id(sqlite3 *db, const char *code)
{
	long long id = counts_campaign(db, code, 0);	/* by code */

	if (id < 0)
		return 0;	/* said why */
	if (id == 0)
		warnx("no campaign '%s' (see ph-screen campaign list)", code);
	return id;
}

/* The campaign's own row: 0 with its id, or a code after a message. */
static int
insert_campaign(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_campaign_insert);
	char stamp[32];
	int rc;

	clock_timestamp(c->now, stamp);
	sqlite3_bind_text(st, 1, o->code, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, o->kind);
	sqlite3_bind_text(st, 3, o->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, stamp, -1, SQLITE_STATIC);
	rc = db_int_once(db, st, id);
	if (rc == DB_NONE) {
		warnx("campaign '%s' exists already", o->code);
		return EX_DATAERR;
	}
	return rc;
}

/* Each of a comma-separated list of instruments: every one must be
 * there and valid now, not at import. */
static int
add_instruments(sqlite3 *db, long long id, const char *instruments)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_campaign_add_instrument);
	char *list = xstrdup(instruments), *save = NULL, *name;
	int rc = 0;

	for (name = strtok_r(list, ",", &save); name != NULL && rc == 0;
	    name = strtok_r(NULL, ",", &save)) {
		char *path = instrument_find(name), *why = NULL;
		struct instrument *in = path ? instrument_load(path, &why) :
		    NULL;

		if (in == NULL) {
			if (why != NULL)
				diag_lines(why);
			else
				warnx("no instrument '%s' (see ph-screen "
				    "instruments)", name);
			free(why);
			rc = EX_DATAERR;
		} else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, in->id, -1, SQLITE_TRANSIENT);
			rc = db_run(db, st);
		}
		instrument_free(in);
		free(path);
	}
	sqlite3_finalize(st);
	free(list);
	return rc;
}

/* The units named with --unit, each by its path. */
static int
add_units(sqlite3 *db, long long id, const struct campaign_opts *o)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_campaign_add_unit);
	int rc = 0;

	for (int i = 0; i < o->nunits && rc == 0; i++) {
		long long unit;
		char *canon = NULL, *why = NULL;

		if (units_resolve(db, o->units[i], &unit, &canon, &why) != 0) {
			warnx("--unit %s: %s", o->units[i], why);
			free(why);
			rc = EX_DATAERR;
			break;
		}
		free(canon);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, unit);
		rc = db_run(db, st);
	}
	sqlite3_finalize(st);
	return rc;
}

int
screen_campaign_rows(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o, long long *id)
{
	int rc;

	if (strcmp(o->from, o->to) > 0) {
		warnx("--from %s is after --to %s", o->from, o->to);
		return EX_USAGE;
	}
	if ((rc = insert_campaign(db, c, o, id)) == 0 &&
	    (rc = add_instruments(db, *id, o->instruments)) == 0 &&
	    (rc = add_units(db, *id, o)) == 0 && (o->force ||
	    (rc = screen_campaign_fits(db, *id, o->instruments, o->from)) ==
	    0)) {
		char *detail = xasprintf("%s, %s to %s", o->instruments,
		    o->from, o->to);
		rc = audit_once(db, c->now, c->actor, "campaign.create",
		    o->code, detail);
		free(detail);
	}
	return rc;
}

int
screen_campaign_create(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o)
{
	long long id;
	int rc;

	if (strcmp(o->from, o->to) > 0) {
		warnx("--from %s is after --to %s", o->from, o->to);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	return db_end(db, screen_campaign_rows(db, c, o, &id));
}

int
screen_campaign_list(sqlite3 *db, const struct cli *c)
{
	static const char *const cols[] = { "code", "kind", "from", "to",
	    "instruments", "units", "responses" };
	sqlite3_stmt *st = db_prepare(db, sql_screen_campaign_list);

	return rows_print(db, c, st, 7, cols);
}

int
screen_coverage(sqlite3 *db, const struct cli *c, const char *code,
    const char *unit, int missing)
{
	static const char *const cols[] = { "unit", "kind", "should",
	    "screened", "rate" };
	static const char *const mcols[] = { "unit", "id", "name",
	    "missing" };
	struct rec_writer *w;
	struct counts k;
	sqlite3_stmt *st;
	char *path = NULL;
	long long id;
	int rc, out = 0;

	if ((id = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	if (missing) {
		st = counts_missing(db, id, path);
		free(path);
		return rows_print(db, c, st, 4, mcols);
	}
	rc = counts_coverage(db, id, path, NULL, &k);
	free(path);
	if (rc != 0)
		return rc;
	w = io_writer(c, 5, cols);
	for (size_t i = 0; i < k.n; i++) {
		char should[24], screened[24], rate[16];
		const char *v[5] = { k.rows[i].path, k.rows[i].kind, should,
		    screened, rate };

		snprintf(should, sizeof(should), "%lld", k.rows[i].v[0]);
		snprintf(screened, sizeof(screened), "%lld", k.rows[i].v[1]);
		counts_rate(k.rows[i].v[1], k.rows[i].v[0], rate);
		if (rec_write(w, v) != 0)
			out = 1;
	}
	counts_free(&k);
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}

int
screen_history(sqlite3 *db, const struct cli *c, const char *person_no)
{
	static const char *const cols[] = { "campaign", "from", "what",
	    "scores", "card", "reasons", "critical", "valid", "latest",
	    "source" };
	sqlite3_stmt *st;
	long long person;
	int rc;

	if ((rc = people_id(db, person_no, &person)) != 0)
		return rc;
	st = db_prepare(db, sql_screen_history);
	sqlite3_bind_int64(st, 1, person);
	return rows_print(db, c, st, 10, cols);
}
