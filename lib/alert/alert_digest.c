/*
 * The digest: the written reminders one recipient has not been sent yet
 * (a group session, a lesson, an event, a follow-up: what ph-schedule
 * remind writes out) go as one message, made when they are queued, so
 * that deliver sends it as any written reminder.  Each reminder keeps its
 * row, closed "in digest N": remind never queues it again, and the
 * outbox says what the digest told.  A digest not sent yet takes the
 * reminders queued after it; one a run of deliver holds is left alone.
 * Alerts, escalations, appointments (made when sent, so that a
 * cancellation withdraws them) and late case steps are never combined.
 */
#include "alert_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "queries.h"
#include "xalloc.h"

struct digester {
	sqlite3 *db;
	const struct cli *c;
	const struct alert_policy *p;
	sqlite3_stmt *parts, *add, *take, *merged, *items, *write;
};

#define DIGESTER(member, sql) DB_STATEMENT(struct digester, member, sql)
static const struct db_statement digester_statements[] = {
	DIGESTER(parts, sql_digest_parts),
	DIGESTER(add, sql_digest_new),
	DIGESTER(take, sql_digest_take),
	DIGESTER(merged, sql_digest_merged),
	DIGESTER(items, sql_digest_items),
	DIGESTER(write, sql_digest_write),
};

/* Writes digest d's text from the reminders it carries. */
static int
digest_text(struct digester *g, long long d)
{
	static const char *const names[] = { "count", "items" };
	struct buf items = {0};
	char count[24], *subject, *body;
	const char *v[2] = { count, NULL };
	long n = 0;
	int rc = 0;

	sqlite3_bind_int64(g->items, 1, d);
	while (db_row(g->db, g->items, &rc))
		buf_printf(&items, "%s%s\n%s", n++ ? "\n" : "",
		    db_column_text(g->items, 0), db_column_text(g->items, 1));
	if (rc != 0) {
		buf_free(&items);
		return rc;
	}
	snprintf(count, sizeof(count), "%ld", n);
	v[1] = buf_str(&items);
	subject = template_render(g->p->digest_msg.subject, names, v, 2);
	body = template_render(g->p->digest_msg.body, names, v, 2);
	sqlite3_bind_int64(g->write, 1, d);
	sqlite3_bind_text(g->write, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(g->write, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(g->write, 4, (sqlite3_int64)g->c->now);
	rc = db_run(g->db, g->write);
	free(subject);
	free(body);
	buf_free(&items);
	return rc;
}

/* Part (a reminder, or a digest with its reminders) into digest d;
 * another digest, emptied, is closed as merged. */
static int
digest_take(struct digester *g, long long part, int is_digest, long long d)
{
	int rc;

	sqlite3_bind_int64(g->take, 1, part);
	sqlite3_bind_int64(g->take, 2, d);
	sqlite3_bind_int64(g->take, 3, (sqlite3_int64)g->c->now);
	if ((rc = db_run(g->db, g->take)) != 0 || !is_digest)
		return rc;
	sqlite3_bind_int64(g->merged, 1, part);
	sqlite3_bind_int64(g->merged, 2, d);
	sqlite3_bind_int64(g->merged, 3, (sqlite3_int64)g->c->now);
	return db_run(g->db, g->merged);
}

/* A reminder, or a digest with its reminders, not sent yet. */
struct part {
	long long id;
	int digest;
};

/* Contact's unsent parts, oldest first, into one digest: the first
 * digest among them, else a new one. */
static int
digest_one(struct digester *g, long long contact)
{
	struct part *parts = NULL;
	long long d = 0;
	char *role = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	sqlite3_bind_int64(g->parts, 1, contact);
	sqlite3_bind_int64(g->parts, 2, (sqlite3_int64)g->c->now);
	while (db_row(g->db, g->parts, &rc)) {
		parts = xgrow(parts, &cap, n + 1, sizeof(*parts));
		parts[n].id = sqlite3_column_int64(g->parts, 0);
		parts[n].digest = sqlite3_column_int(g->parts, 1);
		if (parts[n].digest && d == 0)
			d = parts[n].id;
		if (role == NULL)
			role = xstrdup(db_column_text(g->parts, 2));
		n++;
	}
	if (rc == 0 && n > 1 && d == 0) {
		char first[24];

		snprintf(first, sizeof(first), "%lld", parts[0].id);
		sqlite3_bind_int64(g->add, 1, contact);
		sqlite3_bind_text(g->add, 2, role, -1, SQLITE_STATIC);
		sqlite3_bind_int64(g->add, 3, (sqlite3_int64)g->c->now);
		sqlite3_bind_text(g->add, 4, first, -1, SQLITE_STATIC);
		if ((rc = db_run(g->db, g->add)) == 0)
			d = sqlite3_last_insert_rowid(g->db);
	}
	for (size_t i = 0; rc == 0 && n > 1 && i < n; i++)
		if (parts[i].id != d)
			rc = digest_take(g, parts[i].id, parts[i].digest, d);
	if (rc == 0 && n > 1)
		rc = digest_text(g, d);
	free(parts);
	free(role);
	return rc;
}

int
alert_digest(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    long *made)
{
	struct digester g = { db, c, p, NULL, NULL, NULL, NULL, NULL, NULL };
	sqlite3_stmt *who;
	long long *contacts = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	*made = 0;
	if (!p->digest)
		return 0;
	/* who first: the parts change under the statement otherwise */
	who = db_prepare(db, sql_digest_recipients);
	sqlite3_bind_int64(who, 1, (sqlite3_int64)c->now);
	while (db_row(db, who, &rc)) {
		contacts = xgrow(contacts, &cap, n + 1, sizeof(*contacts));
		contacts[n++] = sqlite3_column_int64(who, 0);
	}
	sqlite3_finalize(who);
	db_prepare_set(db, &g, digester_statements,
	    DB_SET_SIZE(digester_statements));
	for (size_t i = 0; rc == 0 && i < n; i++)
		if ((rc = digest_one(&g, contacts[i])) == 0)
			(*made)++;
	db_finalize_set(&g, digester_statements,
	    DB_SET_SIZE(digester_statements));
	free(contacts);
	return rc;
}
