/*
 * The family in a case: when a case opens whose kind has a step with
 * notify: [guardian], each of the person's guardians with a phone or an
 * e-mail gets the policy's guardian template (whom to call at school,
 * never why); a guardian who cannot be reached that way, or a person
 * with no guardian on the roster, is said, for the counsellor to reach
 * the family another way.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "queries.h"
#include "xalloc.h"

/* What the guardian template may say, in the order of names below. */
enum { F_NAME, F_ID, F_UNIT, F_COUNSELLOR, F_TO, F_CASE, F_COUNT };

struct family {
	sqlite3 *db;
	const struct cli *c;
	const struct alert_policy *p;
	long long id;
	char *values[F_COUNT];
	sqlite3_stmt *queue;
	long queued, unreachable;
};

static int
notifies_guardian(const struct case_kind *k)
{
	for (size_t i = 0; k != NULL && i < k->nsteps; i++)
		if (k->steps[i].notify_guardian)
			return 1;
	return 0;
}

/* Whom the family is to call: the counsellor nearest the person's unit
 * (column 3 of person), with a phone when known; else who opened the
 * case. */
static int
school_contact(struct family *f, sqlite3_stmt *person, const char *by)
{
	sqlite3_stmt *k = db_prepare(f->db, sql_role_nearest_holders);
	int rc = 0;

	if (sqlite3_column_type(person, 3) != SQLITE_NULL) {
		sqlite3_bind_int64(k, 1, sqlite3_column_int64(person, 3));
		sqlite3_bind_text(k, 2, "counsellor", -1, SQLITE_STATIC);
		if (db_row(f->db, k, &rc))
			f->values[F_COUNSELLOR] = sqlite3_column_type(k, 2) ==
			    SQLITE_NULL ? xstrdup(db_column_text(k, 1)) :
			    xasprintf("%s %s", db_column_text(k, 1),
			    db_column_text(k, 2));
	}
	sqlite3_finalize(k);
	if (rc == 0 && f->values[F_COUNSELLOR] == NULL)
		f->values[F_COUNSELLOR] = xstrdup(by);
	return rc;
}

/* The person's name, number and unit, and whom to call. */
static int
family_of(struct family *f, const char *by)
{
	sqlite3_stmt *st = db_prepare(f->db, sql_case_person);
	int rc = 0;

	sqlite3_bind_int64(st, 1, f->id);
	if (db_row(f->db, st, &rc)) {
		for (int i = F_NAME; i <= F_UNIT; i++)
			f->values[i] = xstrdup(db_column_text(st, i));
		rc = school_contact(f, st, by);
	} else if (rc == 0)
		rc = DB_NONE;
	sqlite3_finalize(st);
	f->values[F_CASE] = xasprintf("%lld", f->id);
	return rc;
}

/* The guardian template to guardian g (columns of case_guardians),
 * queued; or said when they have no phone or e-mail. */
static int
tell_guardian(struct family *f, sqlite3_stmt *g)
{
	static const char *const names[F_COUNT] = { "name", "id", "unit",
	    "counsellor", "to", "case" };
	const char *values[F_COUNT];
	char *subject, *body;
	int rc;

	if (sqlite3_column_int(g, 3)) {
		warnx("case %lld: guardian %s has no phone or e-mail: reach "
		    "the family another way", f->id, db_column_text(g, 2));
		f->unreachable++;
		return 0;
	}
	for (int i = 0; i < F_COUNT; i++)
		values[i] = f->values[i];
	values[F_TO] = db_column_text(g, 1);
	subject = template_render(f->p->guardian.subject, names, values,
	    F_COUNT);
	body = template_render(f->p->guardian.body, names, values, F_COUNT);
	sqlite3_bind_int64(f->queue, 1, f->id);
	sqlite3_bind_int64(f->queue, 2, sqlite3_column_int64(g, 0));
	sqlite3_bind_int64(f->queue, 3, (sqlite3_int64)f->c->now);
	sqlite3_bind_text(f->queue, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->queue, 5, body, -1, SQLITE_STATIC);
	rc = db_run(f->db, f->queue);
	free(subject);
	free(body);
	f->queued++;
	return rc;
}

int
guardian_keep_first(sqlite3 *db, long long person, long long kase)
{
	sqlite3_stmt *st = db_prepare(db, sql_guardian_keep_first);

	sqlite3_bind_int64(st, person != 0 ? 1 : 2, person != 0 ? person :
	    kase);
	return db_run_once(db, st);
}

static int
tell_family(struct family *f)
{
	sqlite3_stmt *g = db_prepare(f->db, sql_case_guardians);
	long seen = 0;
	int rc = 0;

	f->queue = db_prepare(f->db, sql_case_guardian_queue);
	rc = guardian_keep_first(f->db, 0, f->id);
	sqlite3_bind_int64(g, 1, f->id);
	while (rc == 0 && db_row(f->db, g, &rc)) {
		seen++;
		rc = tell_guardian(f, g);
	}
	if (rc != 0)
		sqlite3_reset(g);
	sqlite3_finalize(g);
	sqlite3_finalize(f->queue);
	if (rc == 0 && seen == 0)
		warnx("case %lld: %s has no guardian on the roster: reach the "
		    "family another way", f->id, f->values[F_ID]);
	if (rc == 0 && f->queued > 0)
		warnx("case %lld: a message to the family queued for %ld "
		    "guardian%s (ph-alert deliver sends it)", f->id, f->queued,
		    f->queued == 1 ? "" : "s");
	return rc;
}

int
case_notify_guardians(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const struct case_kind *k, long long id,
    const char *by)
{
	struct family f = { db, c, p, id, { NULL }, NULL, 0, 0 };
	int rc;

	if (!notifies_guardian(k))
		return 0;
	if ((rc = family_of(&f, by)) == 0)
		rc = tell_family(&f);
	for (int i = 0; i < F_COUNT; i++)
		free(f.values[i]);
	return rc == DB_NONE ? 0 : rc;
}
