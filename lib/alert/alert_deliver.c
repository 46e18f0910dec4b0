/*
 * ph-alert deliver: sends the outbox through sendmail(1) or any command.
 * A message is claimed by one run for a while (so that two runs at once
 * never send it twice), the claim checked and extended just before the
 * message is handed over (so that a slow run whose claim ran out never
 * sends what another run has taken since), and marked sent only after
 * its command exits 0 within its time limit; a failure is retried later,
 * with backoff, never dropped.  A message that can never go (no address
 * for the way it is sent) fails for good, once, and stays for ph-report
 * gaps.  A run killed in the middle leaves its claims to expire: the
 * message is sent again, with the same Message-ID, which a receiver can
 * use to drop the repeat.
 */
#include "alert.h"

#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "alert_gateway.h"
#include "buf.h"
#include "db.h"
#include "io.h"
#include "mail.h"
#include "queries.h"
#include "rec.h"
#include "xalloc.h"

/* How long a claim holds, and how many messages a run claims at once. */
#define CLAIM_SECONDS 600
#define CLAIM_BATCH 20
/* Retry after 1, 2, 4 ... minutes, at most 6 hours. */
#define RETRY_FIRST 60
#define RETRY_MAX (6 * 3600)
/* The gateway's time limit, unless --timeout; and what a message being
 * handed over is held for beyond it (the kill, then settling). */
#define TIMEOUT_DEFAULT 60
#define HOLD_MARGIN 120

/* A message made from its alert and the policy's template. */
struct message {
	long long id, alert;
	char *name, *email, *phone, *role;
	char *subject, *body;
};

static void
message_free(struct message *m)
{
	FREE_ALL(m->name, m->email, m->phone, m->role, m->subject, m->body);
	memset(m, 0, sizeof(*m));
}

static char *
column_dup(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
	    xstrdup(db_column_text(st, i));
}

/* A run of deliver: its options and statements. */
struct deliverer {
	sqlite3 *db;
	const struct cli *c;
	const struct alert_policy *p;
	int sendmail;		/* --via sendmail, else exec */
	const char *cmd;
	char *token;		/* this run's claims */
	sqlite3_stmt *alert_message, *appointment_message, *written_message;
	sqlite3_stmt *counsellor, *claim, *sent, *failed, *for_good, *hold;
	struct rec_writer *w;
	char *from_name, *from_addr;	/* the sender */
	char *uid, *host;		/* Message-ID: this database, here */
	long timeout;
	struct timespec start;		/* the run's age moves c->now on */
	long nsent, nfailed, nundeliverable;
};

#define DELIVERER(member, sql) DB_STATEMENT(struct deliverer, member, sql)
static const struct db_statement deliverer_statements[] = {
	DELIVERER(alert_message, sql_deliver_alert_message),
	DELIVERER(appointment_message, sql_deliver_appointment_message),
	DELIVERER(written_message, sql_deliver_written_message),
	DELIVERER(counsellor, sql_role_nearest_holders),
	DELIVERER(claim, sql_deliver_claim),
	DELIVERER(sent, sql_deliver_sent),
	DELIVERER(failed, sql_deliver_failed),
	DELIVERER(for_good, sql_deliver_failed_for_good),
	DELIVERER(hold, sql_deliver_hold),
};

/* The message's id and addressee, from columns first to first + 4 of
 * st: id, name, e-mail, phone, role. */
static void
message_to(struct message *m, sqlite3_stmt *st, int first)
{
	m->id = sqlite3_column_int64(st, first);
	m->name = column_dup(st, first + 1);
	m->email = column_dup(st, first + 2);
	m->phone = column_dup(st, first + 3);
	m->role = column_dup(st, first + 4);
}

/* The counsellor nearest the alert's unit (unit's column i of st), as a
 * message names them, never the alert's person (column person of st):
 * "" when the alert has no unit or none is found. */
static int
nearest_counsellor(struct deliverer *d, sqlite3_stmt *st, int i, int person,
    char **out)
{
	sqlite3_stmt *k = d->counsellor;
	int rc = 0;

	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		*out = xstrdup("");
		return 0;
	}
	sqlite3_bind_int64(k, 1, sqlite3_column_int64(st, i));
	sqlite3_bind_text(k, 2, "counsellor", -1, SQLITE_STATIC);
	/* an alert about a counsellor names another one */
	if (sqlite3_column_type(st, person) == SQLITE_NULL)
		sqlite3_bind_null(k, 3);
	else
		sqlite3_bind_int64(k, 3, sqlite3_column_int64(st, person));
	if (!db_row(d->db, k, &rc)) {
		*out = xstrdup("");
		return rc;
	}
	*out = sqlite3_column_type(k, 2) == SQLITE_NULL ?
	    xstrdup(db_column_text(k, 1)) : xasprintf("%s %s",
	    db_column_text(k, 1), db_column_text(k, 2));
	sqlite3_reset(k);
	return 0;
}

/* An alert's message from the policy's template: 0, DB_NONE when the
 * message is no alert's, or a code. */
static int
render_alert(struct deliverer *d, long long id, struct message *m)
{
	static const char *const names[] = { "name", "id", "unit", "reason",
	    "detail", "alert", "level", "due", "counsellor", "guardian" };
	sqlite3_stmt *st = d->alert_message;
	const char *values[10];
	const struct template *t;
	char alert[24], *counsellor;
	int rc, full;

	sqlite3_bind_int64(st, 1, id);
	if (!db_row(d->db, st, &rc))
		return rc != 0 ? rc : DB_NONE;
	if ((rc = nearest_counsellor(d, st, 13, 15, &counsellor)) != 0) {
		sqlite3_reset(st);
		return rc;
	}
	message_to(m, st, 0);
	m->alert = sqlite3_column_int64(st, 5);
	snprintf(alert, sizeof(alert), "%lld", m->alert);
	for (int i = 0; i < 5; i++)	/* name id unit reason detail */
		values[i] = db_column_text(st, 6 + i);
	values[5] = alert;
	values[6] = db_column_text(st, 11);	/* level */
	values[7] = db_column_text(st, 12);	/* due */
	values[8] = counsellor;
	/* what a role may see: the counsellor everything, the family's
	 * phone numbers too; a class teacher who and whom to ask, not the
	 * answers, not the family */
	full = alert_role_full(d->p, m->role);
	values[9] = !full ? "" : sqlite3_column_type(st, 14) != SQLITE_NULL ?
	    db_column_text(st, 14) : d->p->english ? "none on the roster" :
	    "名册中没有";
	t = full ? &d->p->full : &d->p->brief;
	if (strcmp(m->role, "guardian") == 0) {
		/* a level naming guardian: the family learns whom to call,
		 * never why (the guardian template of a case step) */
		static const char *const family[] = { "name", "id", "unit",
		    "counsellor", "to", "case" };
		const char *said[6] = { values[0], values[1], values[2],
		    counsellor, m->name, "" };

		t = &d->p->guardian;
		m->subject = template_render(t->subject, family, said, 6);
		m->body = template_render(t->body, family, said, 6);
	} else {
		m->subject = template_render(t->subject, names, values, 10);
		m->body = template_render(t->body, names, values, 10);
	}
	sqlite3_reset(st);
	free(counsellor);
	return 0;
}

/* An appointment's reminder (ph-schedule remind), made when it is sent
 * so that a cancellation withdraws it: 0, DB_NONE, or a code. */
static int
render_appointment(struct deliverer *d, long long id, struct message *m)
{
	static const char *const names[] = { "name", "id", "unit", "time",
	    "room", "counsellor", "appt" };
	sqlite3_stmt *st = d->appointment_message;
	const char *values[7];
	const struct template *t;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	if (!db_row(d->db, st, &rc))
		return rc != 0 ? rc : DB_NONE;
	message_to(m, st, 0);
	for (int i = 0; i < 7; i++)
		values[i] = db_column_text(st, 5 + i);
	/* the class teacher learns the time and place, not why */
	t = strcmp(m->role, "counsellor") == 0 ? &d->p->reminder_full :
	    &d->p->reminder_brief;
	m->subject = template_render(t->subject, names, values, 7);
	m->body = template_render(t->body, names, values, 7);
	sqlite3_reset(st);
	return 0;
}

/* Any other reminder, written out when it was queued: 0, DB_NONE, or a
 * code. */
static int
render_written(struct deliverer *d, long long id, struct message *m)
{
	sqlite3_stmt *st = d->written_message;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	if (!db_row(d->db, st, &rc))
		return rc != 0 ? rc : DB_NONE;
	message_to(m, st, 0);
	m->subject = column_dup(st, 5);
	m->body = column_dup(st, 6);
	sqlite3_reset(st);
	return 0;
}

/* Makes message id's text: 0, DB_NONE when its alert or appointment is
 * gone, or a code. */
static int
render(struct deliverer *d, long long id, struct message *m)
{
	int rc = render_alert(d, id, m);

	if (rc == DB_NONE)
		rc = render_appointment(d, id, m);
	if (rc == DB_NONE)
		rc = render_written(d, id, m);
	return rc;
}

/* Now for this run: c->now (PH_NOW in tests) moved on by the whole
 * seconds the run has taken, so that a long run extends its claims from
 * when it is, not from when it began.  Whole seconds elapsed, not
 * seconds of the clock crossed: a run of a tenth of a second that
 * crosses one stays at c->now. */
static time_t
run_now(const struct deliverer *d)
{
	struct timespec ts;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ns = (long long)(ts.tv_sec - d->start.tv_sec) * 1000000000LL +
	    (ts.tv_nsec - d->start.tv_nsec);
	return d->c->now + (time_t)(ns / 1000000000LL);
}

/* "ph.OUTBOX.UID@HOST": unique across databases (UID) and kept by a
 * retry (the outbox id); the host's first label, or localhost, when the
 * whole name would not leave the id a header line of its own. */
static char *
message_id(const struct deliverer *d, long long id)
{
	char *mid = xasprintf("ph.%lld.%s@%s", id, d->uid, d->host);
	size_t label = strcspn(d->host, ".");

	if (strlen(mid) + 3 <= MAIL_LINE)
		return mid;
	free(mid);
	mid = xasprintf("ph.%lld.%s@%.*s", id, d->uid, (int)label, d->host);
	if (strlen(mid) + 3 <= MAIL_LINE)
		return mid;
	free(mid);
	return xasprintf("ph.%lld.%s@localhost", id, d->uid);
}

static void
mail_text(const struct deliverer *d, const struct message *m, struct buf *out)
{
	char alert[24], *mid = message_id(d, m->id);
	struct mail mail = { d->from_name, d->from_addr, m->name, m->email,
	    m->subject, run_now(d), mid, m->alert ? "X-PH-Alert" : NULL,
	    alert, m->body };

	snprintf(alert, sizeof(alert), "%lld", m->alert);
	mail_write(out, &mail);
	free(mid);
}

/* What is sent: a mail with its header when it goes through sendmail to
 * an address, else the body. */
static void
message_text(const struct deliverer *d, const struct message *m,
    struct buf *text)
{
	if (d->sendmail && m->email != NULL)
		mail_text(d, m, text);
	else
		buf_puts(text, m->body);
}

/* A phone as the loaders leave it (13900000001, 0571-88880000), or as
 * written on a roster: digits, +, spaces, hyphens and parentheses. */
static int
phone_usable(const char *s)
{
	return strpbrk(s, "0123456789") != NULL &&
	    strspn(s, "+0123456789 -()") == strlen(s);
}

/* Why m can never go the way this run sends: NULL when it can.  An
 * address that is not one (planted in the database, say) is no address:
 * it is never written into a header. */
static char *
unreachable(const struct deliverer *d, struct message *m)
{
	const char *bad = m->email != NULL && *m->email != '\0' ?
	    mail_addr_problem(m->email) : "";
	char *name = mail_clean(m->name != NULL ? m->name : ""), *why;
	const char *what;

	if (bad != NULL) {
		free(m->email);
		m->email = NULL;
	}
	if (m->phone != NULL && !phone_usable(m->phone)) {
		free(m->phone);
		m->phone = NULL;
	}
	if (m->email != NULL || (!d->sendmail && m->phone != NULL)) {
		free(name);
		return NULL;
	}
	what = d->sendmail ? "e-mail address" : "phone number or e-mail address";
	why = *bad ? xasprintf("no address: %s has no %s (the one given is "
	    "not an address: it %s)", name, what, bad) :
	    xasprintf("no address: %s has no %s", name, what);
	free(name);
	return why;
}

/* Hands m to the gateway command: 0, or -1 with *why. */
static int
transmit(const struct deliverer *d, const struct message *m, char **why)
{
	char alert[24], *mid = message_id(d, m->id);
	char *name = mail_clean(m->name != NULL ? m->name : "");
	char *subject = mail_clean(m->subject != NULL ? m->subject : "");
	const char *env[] = { "PH_MESSAGE_ID", mid, "PH_ALERT", alert,
	    "PH_TO", m->email ? m->email : "", "PH_PHONE", m->phone ?
	    m->phone : "", "PH_NAME", name, "PH_ROLE", m->role ? m->role : "",
	    "PH_SUBJECT", subject, NULL };
	struct buf text = {0};
	int rc;

	snprintf(alert, sizeof(alert), "%lld", m->alert);
	message_text(d, m, &text);
	rc = gateway_run(d->cmd, env, buf_str(&text), d->timeout, why);
	buf_free(&text);
	free(mid);
	free(name);
	free(subject);
	return rc;
}

/* Claims up to CLAIM_BATCH due messages for this run: their ids; 0 with
 * *rc set when the outbox could not be read (busy, say): that is not an
 * empty outbox. */
static size_t
claim(struct deliverer *d, long long *ids, int *rc)
{
	sqlite3_stmt *st = d->claim;
	time_t now = run_now(d);
	size_t n = 0;

	if ((*rc = db_begin(d->db)) != 0)
		return 0;
	sqlite3_bind_text(st, 1, d->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(now + CLAIM_SECONDS));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	sqlite3_bind_int(st, 4, CLAIM_BATCH);
	while (db_row(d->db, st, rc))
		ids[n++] = sqlite3_column_int64(st, 0);
	if ((*rc = db_end(d->db, *rc)) != 0)
		return 0;
	return n;
}

static int
by_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Just before message id is handed over: *held when this run still
 * holds it, now for as long as the gateway may take and a margin. */
static int
hold(struct deliverer *d, long long id, int *held)
{
	long span = d->timeout + HOLD_MARGIN;
	int rc;

	if ((rc = db_begin(d->db)) != 0)
		return rc;
	sqlite3_bind_int64(d->hold, 1, id);
	sqlite3_bind_text(d->hold, 2, d->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(d->hold, 3, (sqlite3_int64)(run_now(d) +
	    (span > CLAIM_SECONDS ? span : CLAIM_SECONDS)));
	rc = db_run(d->db, d->hold);
	*held = rc == 0 && sqlite3_changes(d->db) == 1;
	return db_end(d->db, rc);
}

/* How a message ended this time. */
enum outcome { SENT, RETRY, FOR_GOOD };

/* Records the outcome of one message, if this run still holds it:
 * *changed says whether it did. */
static int
settle(struct deliverer *d, long long id, enum outcome o, const char *error,
    int *changed)
{
	sqlite3_stmt *st = o == SENT ? d->sent : o == RETRY ? d->failed :
	    d->for_good;
	int rc;

	if ((rc = db_begin(d->db)) != 0)
		return rc;
	if (o != SENT)
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	if (o == RETRY) {
		sqlite3_bind_int(st, 5, RETRY_FIRST);
		sqlite3_bind_int(st, 6, RETRY_MAX);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, d->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)run_now(d));
	rc = db_run(d->db, st);
	*changed = rc == 0 && sqlite3_changes(d->db) == 1;
	return db_end(d->db, rc);
}

/* One line of the run's records, after their header: a run with
 * nothing to do prints nothing, since cron mails any output. */
static int
report(struct deliverer *d, long long id, long long alert, const char *to,
    const char *role, const char *status, const char *error)
{
	static const char *const cols[] = { "message", "alert", "to", "role",
	    "status", "error" };
	char mid[24], aid[24];
	const char *v[6] = { mid, aid, to, role, status, error };

	if (d->w == NULL)
		d->w = io_writer(d->c, 6, cols);

	snprintf(mid, sizeof(mid), "%lld", id);
	snprintf(aid, sizeof(aid), "%lld", alert);
	return rec_write(d->w, v) != 0 ? EX_IOERR : 0;
}

/* --dry-run: what would go, made as it would be made; nothing changes. */
static int
dry_run(struct deliverer *d)
{
	sqlite3_stmt *st = db_prepare(d->db, sql_deliver_pending);
	int rc = 0;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)d->c->now);
	while (rc == 0 && db_row(d->db, st, &rc)) {
		struct message m = {0};
		struct buf text = {0};
		char *why;

		if ((rc = render(d, sqlite3_column_int64(st, 0), &m)) ==
		    DB_NONE) {
			rc = 0;
			continue;
		}
		if (rc == 0) {
			if ((why = unreachable(d, &m)) == NULL)
				message_text(d, &m, &text);
			rc = report(d, m.id, m.alert, m.email ? m.email :
			    m.phone ? m.phone : m.name, m.role, why ?
			    "undeliverable" : "dry-run", why ? why :
			    buf_str(&text));
			free(why);
		}
		buf_free(&text);
		message_free(&m);
	}
	sqlite3_finalize(st);
	return rc;
}

/* What a message's outcome is: sent, retried, or why it never can go;
 * *lost when another run has taken it since this run claimed it. */
static int
attempt(struct deliverer *d, long long id, struct message *m,
    enum outcome *o, char **why, int *lost)
{
	int rc = render(d, id, m), held;

	*lost = 0;
	*o = RETRY;
	if (rc == DB_NONE) {
		*why = xstrdup("its alert is gone");
		return 0;
	}
	if (rc != 0)
		return rc;
	if ((*why = unreachable(d, m)) != NULL) {
		*o = FOR_GOOD;
		return 0;
	}
	if ((rc = hold(d, id, &held)) != 0)
		return rc;
	*lost = !held;
	if (held && transmit(d, m, why) == 0)
		*o = SENT;
	return 0;
}

/* Sends one claimed message and settles it. */
static int
send_one(struct deliverer *d, long long id)
{
	static const char *const words[] = { "sent", "failed",
	    "undeliverable" };
	struct message m = {0};
	enum outcome o;
	char *why = NULL;
	int rc, lost, changed = 0;

	if ((rc = attempt(d, id, &m, &o, &why, &lost)) == 0 && !lost)
		rc = settle(d, id, o, why, &changed);
	/* a message another run holds now is theirs to report */
	if (changed || o == SENT) {
		*(o == SENT ? &d->nsent : o == RETRY ? &d->nfailed :
		    &d->nundeliverable) += 1;
		if (rc == 0)
			rc = report(d, id, m.alert, m.email ? m.email :
			    m.phone ? m.phone : "", m.role ? m.role : "",
			    words[o], why ? why : "");
	}
	free(why);
	message_free(&m);
	return rc;
}

/* The messages due, a claimed batch at a time; a word on stderr only
 * when something was sent or failed, since cron mails any output. */
static int
send_due(struct deliverer *d)
{
	long long ids[CLAIM_BATCH];
	size_t n;
	int rc = 0;

	while (rc == 0 && (n = claim(d, ids, &rc)) > 0) {
		qsort(ids, n, sizeof(*ids), by_id);
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = send_one(d, ids[i]);
	}
	/* cron mails whatever a job prints: with --quiet, a run that only
	 * sent says nothing (its records are in the log); a failure does */
	if (d->nsent + d->nfailed + d->nundeliverable == 0 ||
	    (d->c->quiet && d->nfailed + d->nundeliverable == 0))
		return rc;
	fprintf(stderr, "ph-alert: deliver: %ld sent, %ld failed (to be "
	    "retried)", d->nsent, d->nfailed);
	if (d->nundeliverable > 0)
		fprintf(stderr, ", %ld with no address (never retried; see "
		    "ph-report gaps)", d->nundeliverable);
	fputc('\n', stderr);
	return rc;
}

/* The command messages go through: 0, or EX_USAGE after a message. */
static int
deliver_command(const struct deliver_opts *o, struct deliverer *d)
{
	const char *via = o->via ? o->via : "sendmail";

	if (strcmp(via, "sendmail") != 0 && strcmp(via, "exec") != 0) {
		warnx("--via '%s': expected sendmail or exec", via);
		return EX_USAGE;
	}
	if (o->timeout < 0) {
		warnx("--timeout: expected a number of seconds, at least 1");
		return EX_USAGE;
	}
	d->timeout = o->timeout > 0 ? o->timeout : TIMEOUT_DEFAULT;
	d->sendmail = strcmp(via, "sendmail") == 0;
	d->cmd = o->command;
	if (d->cmd == NULL && !d->sendmail) {
		warnx("--via exec needs --command");
		return EX_USAGE;
	}
	/* -i: a line of a single dot is text, not the end */
	if (d->cmd == NULL)
		d->cmd = "sendmail -t -i";
	return 0;
}

/* This machine's name, when it is one a Message-ID or an address can
 * carry; else localhost. */
static char *
host_name(void)
{
	char host[256];

	if (gethostname(host, sizeof(host)) != 0 ||
	    memchr(host, '\0', sizeof(host)) == NULL ||
	    !mail_domain_valid(host))
		return xstrdup("localhost");
	return xstrdup(host);
}

/* Who messages come from, and this database's name: 0, or a code after
 * a message. */
static int
deliverer_identity(struct deliverer *d)
{
	sqlite3_stmt *st = db_prepare(d->db, sql_deliver_identity);
	const char *why;
	int rc = 0;

	d->host = host_name();
	if (db_row(d->db, st, &rc))
		d->uid = xstrdup(db_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	if (d->uid == NULL) {
		warnx("the database has no identity (database_identity)");
		return EX_SOFTWARE;
	}
	if (d->p->from == NULL) {
		d->from_addr = xasprintf("ph-alert@%s", d->host);
		return 0;
	}
	if (mail_mailbox_parse(d->p->from, &d->from_name, &d->from_addr,
	    &why) != 0) {
		warnx("%s: alerts.from %s", d->p->path, why);
		return EX_CONFIG;
	}
	return 0;
}

static void
deliverer_init(struct deliverer *d, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p)
{
	d->db = db;
	d->c = c;
	d->p = p;
	clock_gettime(CLOCK_MONOTONIC, &d->start);
	d->token = xasprintf("%ld-%lld", (long)getpid(),
	    (long long)time(NULL));
	db_prepare_set(db, d, deliverer_statements,
	    DB_SET_SIZE(deliverer_statements));
}

/* The status of writing the records. */
static int
deliverer_free(struct deliverer *d)
{
	db_finalize_set(d, deliverer_statements,
	    DB_SET_SIZE(deliverer_statements));
	FREE_ALL(d->token, d->from_name, d->from_addr, d->uid, d->host);
	return d->w != NULL ? io_writer_close(d->w) : 0;
}

int
alert_deliver(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const struct deliver_opts *o)
{
	struct deliverer d;
	int rc, wrc;

	memset(&d, 0, sizeof(d));
	if ((rc = deliver_command(o, &d)) != 0)
		return rc;
	signal(SIGPIPE, SIG_IGN);
	deliverer_init(&d, db, c, p);
	if ((rc = deliverer_identity(&d)) == 0)
		rc = o->dry_run ? dry_run(&d) : send_due(&d);
	wrc = deliverer_free(&d);
	rc = rc ? rc : wrc;
	/* a failure is not lost, but the run says it happened */
	return rc ? rc : d.nfailed ? EX_TEMPFAIL : 0;
}
