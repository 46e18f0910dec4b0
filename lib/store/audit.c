#include "audit.h"

#include <err.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "queries.h"
#include "sha256.h"
#include "xalloc.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit {
	sqlite3 *db;
	sqlite3_stmt *last;
	sqlite3_stmt *insert;
	char at[32];
	char *actor;
	char *account;
};

/* The real uid's name, or its number: never $USER or $LOGNAME, which
 * whoever runs the program sets. */
const char *
audit_actor_account(struct audit_actor *actor)
{
	if (actor->account == NULL) {
		struct passwd *pw = getpwuid(getuid());

		actor->account = pw != NULL && pw->pw_name != NULL ?
		    xstrdup(pw->pw_name) : xasprintf("%ld", (long)getuid());
	}
	return actor->account;
}

const char *
audit_actor_name(struct audit_actor *actor)
{
	return actor->name != NULL ? actor->name :
	    audit_actor_account(actor);
}

static const struct db_statement audit_statements[] = {
	DB_STATEMENT(struct audit, last, sql_audit_last),
	DB_STATEMENT(struct audit, insert, sql_audit_insert),
};

struct audit *
audit_new(sqlite3 *db, time_t now, struct audit_actor *actor)
{
	struct audit *a = xcalloc(1, sizeof(*a));

	a->db = db;
	db_prepare_set(db, a, audit_statements, DB_SET_SIZE(audit_statements));
	clock_timestamp(now, a->at);
	a->actor = xstrdup(audit_actor_name(actor));
	a->account = xstrdup(audit_actor_account(actor));
	return a;
}

void
audit_free(struct audit *a)
{
	if (a == NULL)
		return;
	db_finalize_set(a, audit_statements, DB_SET_SIZE(audit_statements));
	FREE_ALL(a->actor, a->account, a);
}

/* Length-prefixed, so that no choice of field contents can make two
 * different rows hash alike. */
static void
hash_field(struct sha256 *h, const char *s)
{
	char len[24];
	size_t n = strlen(s);
	int k = snprintf(len, sizeof(len), "%zu:", n);

	sha256_update(h, len, (size_t)k);
	sha256_update(h, s, n);
}

/* account is NULL in the rows written before it was recorded (migration
 * 015): those keep the hash they were written with. */
static void
row_hash(long long id, const char *at, const char *actor, const char *account,
    const char *action, const char *subject, const char *detail,
    const char *prev, char out[65])
{
	struct sha256 h;
	unsigned char digest[32];
	char idtext[24];

	snprintf(idtext, sizeof(idtext), "%lld", id);
	sha256_init(&h);
	hash_field(&h, prev);
	hash_field(&h, idtext);
	hash_field(&h, at);
	hash_field(&h, actor);
	hash_field(&h, action);
	hash_field(&h, subject);
	hash_field(&h, detail);
	if (account != NULL)
		hash_field(&h, account);
	sha256_final(&h, digest);
	sha256_hex(digest, out);
}

int
audit_append(struct audit *a, const char *action, const char *subject,
    const char *detail)
{
	char prev[65], hash[65];
	long long id = 1;
	int rc;

	memcpy(prev, GENESIS, sizeof(prev));
	if (db_row(a->db, a->last, &rc)) {
		id = sqlite3_column_int64(a->last, 0) + 1;
		snprintf(prev, sizeof(prev), "%s",
		    db_column_text(a->last, 1));
		sqlite3_reset(a->last);
	} else if (rc != 0)
		return rc;
	if (subject == NULL)
		subject = "";
	if (detail == NULL)
		detail = "";
	row_hash(id, a->at, a->actor, a->account, action, subject, detail, prev,
	    hash);
	sqlite3_bind_int64(a->insert, 1, id);
	sqlite3_bind_text(a->insert, 2, a->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 3, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 8, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->insert, 9, a->account, -1, SQLITE_STATIC);
	rc = db_run(a->db, a->insert);
	sqlite3_clear_bindings(a->insert);
	return rc;
}

int
audit_verify(sqlite3 *db, long *rows, char head[65])
{
	sqlite3_stmt *st = db_prepare(db, sql_audit_rows);
	char expect_prev[65], hash[65];
	long long expect_id = 1;
	int rc, broken = 0;

	memcpy(expect_prev, GENESIS, sizeof(expect_prev));
	*rows = 0;
	while (db_row(db, st, &rc)) {
		long long id = sqlite3_column_int64(st, 0);
		const char *prev = db_column_text(st, 6);
		const char *stored = db_column_text(st, 7);

		(*rows)++;
		if (id != expect_id) {
			warnx("audit: row %lld follows row %lld: rows are "
			    "missing", id, expect_id - 1);
			broken++;
		}
		if (strcmp(prev, expect_prev) != 0) {
			warnx("audit: row %lld does not follow the row before "
			    "it (the chain is broken)", id);
			broken++;
		}
		row_hash(id, db_column_text(st, 1), db_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 8),
		    db_column_text(st, 3), db_column_text(st, 4),
		    db_column_text(st, 5), prev, hash);
		if (strcmp(hash, stored) != 0) {
			warnx("audit: row %lld was changed after it was "
			    "written (its hash does not match)", id);
			broken++;
		}
		snprintf(expect_prev, sizeof(expect_prev), "%s", stored);
		expect_id = id + 1;
	}
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	memcpy(head, expect_prev, 65);
	return broken ? EX_DATAERR : 0;
}

int
audit_once(sqlite3 *db, time_t now, struct audit_actor *actor,
    const char *action, const char *subject, const char *detail)
{
	struct audit *a = audit_new(db, now, actor);
	int rc = audit_append(a, action, subject, detail);

	audit_free(a);
	return rc;
}
