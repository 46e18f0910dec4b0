/*
 * A person's guardians from the roster: see intake_guardians.h.
 */
#include "intake_guardians.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "queries.h"
#include "xalloc.h"

void
guardians_free(struct guardians *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->g[i].phone);
	memset(g, 0, sizeof(*g));
}

int
guardians_beyond_first(const struct guardians *g)
{
	return g->n > 1 || (g->n == 1 && (g->g[0].relation != NULL ||
	    g->g[0].email != NULL));
}

void
guardian_writer_init(struct guardian_writer *w, sqlite3 *db)
{
	w->db = db;
	w->upsert = db_prepare(db, sql_intake_guardian_upsert);
	w->trim = db_prepare(db, sql_intake_guardian_trim);
	w->summary = db_prepare(db, sql_intake_guardian_summary);
	w->first_update = db_prepare(db, sql_intake_guardian_first_update);
}

void
guardian_writer_free(struct guardian_writer *w)
{
	sqlite3_finalize(w->upsert);
	sqlite3_finalize(w->trim);
	sqlite3_finalize(w->summary);
	sqlite3_finalize(w->first_update);
	memset(w, 0, sizeof(*w));
}

/* g as the audit trail describes guardians: "name/relation/phone/email"
 * each, "; "-joined, as the summary query writes them. */
static void
describe_new(const struct guardians *g, struct buf *out)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct guardian_cell *c = &g->g[i];

		buf_printf(out, "%s%s/%s/%s/%s", i ? "; " : "",
		    c->name ? c->name : "", c->relation ? c->relation : "",
		    c->phone ? c->phone : "", c->email ? c->email : "");
	}
}

/* Guardian c, the ord-th of person, through st (upsert or first_update:
 * the same parameters). */
static int
guardian_write(struct guardian_writer *w, sqlite3_stmt *st, long long person,
    size_t ord, const struct guardian_cell *c)
{
	int rc;

	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)ord);
	db_bind_static_or_null(st, 3, c->name);
	db_bind_static_or_null(st, 4, c->relation);
	db_bind_static_or_null(st, 5, c->phone);
	db_bind_static_or_null(st, 6, c->email);
	rc = db_run(w->db, st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* "guardians: OLD -> NEW" into change when the rows were old and are g
 * now; a lone guardian who had no rows is said by the person's own
 * columns' change. */
static void
describe_change(const char *old, const struct guardians *g, int lone,
    struct buf *change)
{
	struct buf now = {0};

	if (lone && (old == NULL || *old == '\0'))
		return;
	describe_new(g, &now);
	if (strcmp(old ? old : "", buf_str(&now)) != 0)
		buf_printf(change, "%sguardians: %s -> %s", change->len ?
		    "; " : "", old && *old ? old : "(none)", now.len ?
		    buf_str(&now) : "(none)");
	buf_free(&now);
}

int
guardians_store(struct guardian_writer *w, long long person,
    const struct guardians *g, struct buf *change)
{
	int lone = !guardians_beyond_first(g);
	char *old = NULL;
	int rc = 0;

	if (change != NULL) {
		sqlite3_bind_int64(w->summary, 1, person);
		if ((rc = db_text(w->db, w->summary, &old)) == DB_NONE)
			rc = 0;
		if (rc != 0)
			return rc;
	}
	/* a lone one only where it has a row already */
	for (size_t i = 0; i < g->n && rc == 0; i++)
		rc = guardian_write(w, lone ? w->first_update : w->upsert,
		    person, i + 1, &g->g[i]);
	/* a new person has no guardians to drop */
	if (rc == 0 && change != NULL) {
		sqlite3_bind_int64(w->trim, 1, person);
		sqlite3_bind_int64(w->trim, 2, (sqlite3_int64)g->n);
		rc = db_run(w->db, w->trim);
	}
	if (rc == 0 && change != NULL)
		describe_change(old, g, lone, change);
	free(old);
	return rc;
}
