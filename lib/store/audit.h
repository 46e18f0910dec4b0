/*
 * The audit trail: append-only, each row hash-chained to the one before,
 * so that an edited, inserted or removed row is detectable.
 */
#ifndef PH_AUDIT_H
#define PH_AUDIT_H
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

struct audit;

/*
 * Who a row names: the actor (PH_ACTOR or the login name: free text,
 * anyone may set it) and the operating-system account that ran the
 * program (the real uid's name, or its number), which no environment
 * variable sets.
 */
struct audit_actor {
	char *name;	/* NULL: the account's name */
	char *account;	/* NULL: not looked up yet */
};

/* The actor's name and account, the account looked up on first use:
 * reading commands never ask, and so never read the password
 * database. */
const char *audit_actor_name(struct audit_actor *actor);
const char *audit_actor_account(struct audit_actor *actor);

/* Statements are prepared once, for a session of many appends. */
struct audit *audit_new(sqlite3 *db, time_t now,
    struct audit_actor *actor);
void audit_free(struct audit *a);

/* Appends one row inside the caller's transaction; 0 or a sysexits
 * code after a message.  subject names what changed (a person number, a
 * unit path, a card ...), detail says how. */
int audit_append(struct audit *a, const char *action, const char *subject,
    const char *detail);

/* One row in a session of its own: for a command that changes one thing. */
int audit_once(sqlite3 *db, time_t now, struct audit_actor *actor,
    const char *action, const char *subject, const char *detail);

/*
 * Walks the chain.  Prints every broken row to stderr; returns 0 when the
 * chain is whole (rows and head hash set), EX_DATAERR when it is not.
 */
int audit_verify(sqlite3 *db, long *rows, char head[65]);

#endif
