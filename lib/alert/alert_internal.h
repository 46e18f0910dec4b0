/*
 * What the parts of ph-alert's operations share, and no other layer
 * sees: who an alert is about, routing along the warning network
 * (alert_route.c) and raising, one transaction for a run (alert_raise.c),
 * which the campaign, records and note commands use.
 */
#ifndef PH_ALERT_INTERNAL_H
#define PH_ALERT_INTERNAL_H
#include <sqlite3.h>
#include <stddef.h>

#include "alert.h"
#include "buf.h"
#include "rec.h"
#include "strmap.h"

/* An alert's or a case's number as given on the command line; 0 when it
 * is none. */
long long alert_number(const char *s);

/* Who the person is, as routing needs it.  person 0: someone not on the
 * roster (respondent says who they said they were), at the unit whose
 * full roles are told first. */
struct who {
	long long person;
	const char *kind;	/* student or staff */
	long long unit, dormitory;
	const char *respondent;
	long long held;		/* the held row, or 0 */
};

/* What is known of one on duty (policy alerts.on_duty). */
struct duty {
	int pupil;		/* a student or a monitor: told nothing */
	char *full;		/* a role of the policy's 'full' it holds, or
				 * NULL: told as on_duty, the brief message */
	char *where;		/* room and opening */
};

/* The holders of one role for one unit (the nearest unit up the tree
 * that has any), or ("on_duty") those on duty now in an open room of the
 * unit's school. */
struct holders {
	long long *contacts;
	long long *persons;	/* the person each contact is, or 0 */
	char **names;
	struct duty *duty;	/* of each, for those on duty; else NULL */
	size_t n, cap;
	char *unit_path;	/* where nobody holds it, for the gap */
};

struct router {
	sqlite3 *db;
	const struct cli *cli;
	const struct alert_policy *policy;
	sqlite3_stmt *holders, *path, *outbox, *event, *set_level;
	sqlite3_stmt *guardians, *guardian_outbox;	/* guardian in a level */
	sqlite3_stmt *on_duty, *told_before;
	struct strmap cache;	/* "role:unit" -> index into found */
	struct holders *found;
	size_t nfound, capfound;
	int open_today;		/* the school calendar's, -1 not read yet */
	struct buf told, gaps;	/* of the last alert_route() */
};

void alert_router_init(struct router *r, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p);
void alert_router_free(struct router *r);
/* The levels of the policy's warning network for a kind of person. */
const struct alert_level *alert_levels_of(const struct alert_policy *p,
    const char *kind, size_t *n);
/*
 * Queues the messages of level (and of the levels above it at once while
 * a level has a role nobody holds), and, when the policy says on_duty,
 * to whoever is on duty now in an open room of the person's school and
 * has no message of the alert yet.  Nobody is told about themselves: a
 * holder who is the alert's subject is skipped (recorded), the next
 * holder up the tree told instead.  *reached is the level the alert is
 * at after; r->told and r->gaps say who and what.  alert 0: only finds
 * out (for an alert not inserted yet), queues nothing.
 */
int alert_route(struct router *r, long long alert, const struct who *w,
    long level, long *reached);
/* One line of the alert's history (alert_event). */
int alert_route_event(struct router *r, long long alert, const char *kind,
    long level, const char *detail);
/* The alert at level, due when that level's time is up. */
int alert_route_set_level(struct router *r, long long alert,
    const struct who *w, long level);

/* Raising: one transaction for a whole run. */
struct raiser {
	struct router router;
	sqlite3_stmt *person, *dup, *dup_unknown, *insert, *upgrade, *schools;
	struct rec_writer *w;
	int check_dups;		/* 0 when no alert could be a duplicate */
	int out_failed;		/* the records could not all be written */
	long raised, already;
};

/* source_like: the run's source, as LIKE matches it, or NULL for any. */
int alert_raiser_init(struct raiser *a, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *source_like);
/* Ends the run: its audit line, its transaction, its summary; rc, else
 * the status of writing the records. */
int alert_raise_finish(sqlite3 *db, const struct cli *c, struct raiser *a,
    int rc, const char *what);
/* Looks up a person for raising: 0 when found (w and *unit_path, malloc'd,
 * set), DB_NONE when not on the roster, or a code. */
int alert_find_person(struct raiser *a, const char *person_no, struct who *w,
    char **unit_path);
/* One alert, unless the same person and reason is open already or this
 * source raised it before. */
int alert_raise_one(struct raiser *a, const struct who *w,
    const char *person_no, const char *unit_path, const char *reason_key,
    const char *source, const char *reason, const char *detail);
/* One alert about someone not on the roster (w, with respondent and
 * held row set) to each school of campaign (0: every school). */
int alert_raise_each_school(struct raiser *a, struct who *w,
    long long campaign, const char *key, const char *source,
    const char *reason, const char *detail);
/* Why answers raise an alert by the policy: their card, when the
 * policy raises that colour ("card:red" in key), else their critical
 * answers ("critical"); NULL when neither. */
const char *alert_key(const struct alert_policy *p, int color, int critical,
    char key[16]);
/* The keyword rules text matches: raise(ctx, key, rule) for each, until
 * one returns other than 0. */
int alert_each_keyword(const struct alert_policy *p, const char *text,
    int (*raise)(void *ctx, const char *key, const char *reason),
    void *ctx);

/* After case id of kind k opened, in its transaction: when a step of k
 * says notify: [guardian], the guardian template to each guardian with a
 * phone or an e-mail (alert_guardian.c); those without, or no guardian
 * at all, said on stderr.  by: who opened it, whom the family calls when
 * no counsellor is found. */
/* The lone guardian a roster gives only in person.guardian and
 * guardian_phone (of person, or else of case kase's person) gets a row
 * of its own, so that a message can name them by id: 0 or a code. */
int guardian_keep_first(sqlite3 *db, long long person, long long kase);
int case_notify_guardians(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const struct case_kind *k, long long id,
    const char *by);

#endif
