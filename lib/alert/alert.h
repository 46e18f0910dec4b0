/*
 * ph-alert's operations: raising alerts, routing them along the warning
 * network, acknowledgement and escalation (each in the alert_*.c named
 * for it; alert.c lists them), delivery of the outbox (alert_deliver.c),
 * and cases (alert_case.c).  Each returns 0 or a sysexits code after its
 * messages on stderr.
 */
#ifndef PH_ALERT_H
#define PH_ALERT_H
#include <sqlite3.h>
#include <time.h>

#include "alert_policy.h"
#include "cli.h"

/* raise --campaign CODE: from the campaign's cards, critical answers and
 * free-text answers. */
int alert_raise_campaign(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const char *code);
/* raise [FILE...]: from ph-screen score records (id, critical, ...). */
int alert_raise_records(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, char *const *files, int nfiles);
/* note ID TEXT: an observation, checked by the keyword rules. */
int alert_note(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *person_no, const char *text, const char *by);

struct alert_filter {
	int open, overdue;
	const char *unit;
	long level;		/* -1: any */
};
int alert_list(sqlite3 *db, const struct cli *c, const struct alert_filter *f);
int alert_show(sqlite3 *db, const struct cli *c, const char *id);
int alert_ack(sqlite3 *db, const struct cli *c, const char *id,
    const char *by, const char *note);
/* escalate: every open alert past its deadline one level up. */
int alert_escalate(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p);

struct deliver_opts {
	const char *via;	/* sendmail or exec */
	const char *command;	/* default "sendmail -t -i" for sendmail */
	int dry_run;
	long timeout;		/* seconds the command has; 0: a minute */
};
int alert_deliver(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, const struct deliver_opts *o);

/* The outbox (alert_outbox.c): statuses a mask (1 pending, 2 sent, 4
 * failed, 8 cancelled; 0 any), to a contact's name, alert a number as
 * given; NULL any. */
struct outbox_filter {
	int statuses;
	const char *to, *alert;
};
int alert_outbox_list(sqlite3 *db, const struct cli *c,
    const struct outbox_filter *f);
/* outbox cancel ID...: all of them, or none after a message for each
 * that cannot be (sent, failed, cancelled, none such): EX_DATAERR.  by:
 * NULL for the actor. */
int alert_outbox_cancel(sqlite3 *db, const struct cli *c, char *const *ids,
    int n, const char *by, const char *note);
/* The unsent messages of alert cancelled (an ack), closed_by saying why,
 * in the audit trail; inside the caller's transaction. */
/* outbox retry: a message failed for good or cancelled goes at the next
 * deliver run after all (each bad id named, and then none changed). */
int alert_outbox_retry(sqlite3 *db, const struct cli *c, char *const *ids,
    int n, const char *by, const char *note);
int alert_outbox_cancel_alert(sqlite3 *db, const struct cli *c,
    long long alert, const char *closed_by);
/* The unsent written reminders of each recipient combined into one
 * message (the policy's digest; alert_digest.c), inside the caller's
 * transaction; *made: how many digests were made or grew. */
int alert_digest(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, long *made);

/* Cases (alert_case.c). */
int case_open(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *person_no, const char *kind, const char *from_alert,
    const char *by);
/* Whom a step reached and how (phone, visit, message, in_person): only
 * guardian_contacted says; NULL when not given. */
struct case_reached {
	const char *who, *how;
};
int case_event(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *kind, const char *by, const char *note,
    const struct case_reached *r);
/* case show CASE: the case for its counsellor: the person's guardians,
 * each step with whom it reached and how, the messages to the family,
 * and the next step. */
int case_show(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id);
int case_close(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const char *id, const char *outcome, const char *by);
/* The first step the policy asks of an open case that is not recorded,
 * and when it is due; NULL when none (*rc 0) or when the steps could not
 * be read (*rc a code, after a message).  has: the named query
 * case_step_recorded (queries.h). */
const char *case_next_step(sqlite3_stmt *has, const struct case_kind *k,
    long long id, time_t opened, time_t *due, int *rc);
/* The kind's steps in the policy, or NULL. */
const struct case_kind *case_kind_of(const struct alert_policy *p,
    const char *kind);
int case_list(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    int open, int overdue);
/* Each step of an open case past its time and not recorded, once, to
 * the case's owner from the policy's case template (escalate). */
int case_late_steps(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p);

#endif
