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
#include "intake.h"
#include "io.h"
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

int
screen_campaign_create(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o)
{
	sqlite3_stmt *st = NULL;
	struct audit *audit = NULL;
	char *list = xstrdup(o->instruments), *save = NULL, *name, stamp[32];
	long long id;
	int rc;

	if (strcmp(o->from, o->to) > 0) {
		warnx("--from %s is after --to %s", o->from, o->to);
		free(list);
		return EX_USAGE;
	}
	if ((rc = db_begin(db)) != 0) {
		free(list);
		return rc;
	}
	clock_timestamp(c->now, stamp);
	st = db_prepare(db, "INSERT INTO campaign (code, kind, date_from, "
	    "date_to, created_at) VALUES (?, ?, ?, ?, ?)");
	sqlite3_bind_text(st, 1, o->code, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, o->kind);
	sqlite3_bind_text(st, 3, o->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, o->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, stamp, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
			warnx("campaign '%s' exists already", o->code);
			rc = EX_DATAERR;
		} else
			rc = db_fail(db, "campaign");
		goto done;
	}
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db);
	/* every instrument must be there and valid now, not at import */
	st = db_prepare(db, "INSERT OR IGNORE INTO campaign_instrument "
	    "(campaign_id, instrument) VALUES (?, ?)");
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
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, "campaign");
			sqlite3_reset(st);
		}
		instrument_free(in);
		free(path);
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "INSERT OR IGNORE INTO campaign_unit (campaign_id, "
	    "unit_id) VALUES (?, ?)");
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
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, "campaign");
		sqlite3_reset(st);
	}
	if (rc == 0) {
		char *detail = xasprintf("%s, %s to %s", o->instruments, o->from,
		    o->to);
		audit = audit_new(db, c->now, c->actor);
		rc = audit_append(audit, "campaign.create", o->code, detail);
		free(detail);
	}
done:
	sqlite3_finalize(st);
	audit_free(audit);
	free(list);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
screen_campaign_list(sqlite3 *db, const struct cli *c)
{
	static const char *const cols[] = { "code", "kind", "from", "to",
	    "instruments", "units", "responses" };
	sqlite3_stmt *st = db_prepare(db, "SELECT c.code, coalesce(c.kind, "
	    "'all'), c.date_from, c.date_to, (SELECT group_concat(instrument, "
	    "',') FROM campaign_instrument i WHERE i.campaign_id = c.id), "
	    "coalesce((SELECT group_concat(u.path, ',') FROM campaign_unit cu "
	    "JOIN unit u ON u.id = cu.unit_id WHERE cu.campaign_id = c.id), "
	    "'all'), (SELECT count(*) FROM response r WHERE r.campaign_id = "
	    "c.id AND r.latest) FROM campaign c ORDER BY c.date_from, c.code");

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
	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
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
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM person WHERE "
	    "person_no = ?");
	long long person = 0;

	sqlite3_bind_text(st, 1, person_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (person == 0) {
		warnx("no person '%s'", person_no);
		return EX_DATAERR;
	}
	/* the screenings and the cards set by hand, in the order they
	 * happened (a card set after the responses imported before it) */
	st = db_prepare(db, "SELECT coalesce(c.code, ''), "
	    "coalesce(c.date_from, ''), what, scores, card, reasons, critical, "
	    "valid, latest, source FROM ("
	    " SELECT r.campaign_id AS campaign, r.id * 2 AS k, r.instrument"
	    "  AS what, r.scores, r.card, r.card_reasons AS reasons,"
	    "  r.critical_note AS critical, CASE r.valid WHEN 1 THEN 'yes'"
	    "  ELSE 'no: ' || r.reason END AS valid, CASE r.latest WHEN 1"
	    "  THEN 'yes' ELSE 'no' END AS latest, f.name || ':' || r.line"
	    "  AS source FROM response r JOIN response_file f ON"
	    "  f.id = r.file_id WHERE r.person_id = ?1"
	    " UNION ALL SELECT s.campaign_id, s.after_response * 2 + 1,"
	    "  'card set', NULL, s.color, s.reason, NULL, NULL, NULL,"
	    "  'by ' || s.set_by || ' ' || datetime(s.set_at, 'unixepoch',"
	    "  'localtime') FROM card_set s WHERE s.person_id = ?1)"
	    " LEFT JOIN campaign c ON c.id = campaign"
	    " ORDER BY c.date_from IS NULL, c.date_from, c.code, k");
	sqlite3_bind_int64(st, 1, person);
	return rows_print(db, c, st, 10, cols);
}
