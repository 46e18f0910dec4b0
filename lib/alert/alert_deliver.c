/*
 * ph-alert deliver: sends the outbox through sendmail(1) or any command.
 * A message is claimed by one run for a while (so that two runs at once
 * never send it twice), and marked sent only after its command exits 0;
 * a failure is retried later, with backoff, never dropped.  A run killed
 * in the middle leaves its claims to expire: the message is sent again,
 * with the same Message-ID, which a receiver can use to drop the repeat.
 */
#include "alert.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "io.h"
#include "queries.h"
#include "rec.h"
#include "xalloc.h"

/* How long a claim holds, and how many messages a run claims at once. */
#define CLAIM_SECONDS 600
#define CLAIM_BATCH 20
/* Retry after 1, 2, 4 ... minutes, at most 6 hours. */
#define RETRY_FIRST 60
#define RETRY_MAX (6 * 3600)

/* A message made from its alert and the policy's template. */
struct message {
	long long id, alert;
	char *name, *email, *phone, *role;
	char *subject, *body;
};

static void
message_free(struct message *m)
{
	free(m->name);
	free(m->email);
	free(m->phone);
	free(m->role);
	free(m->subject);
	free(m->body);
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
	sqlite3_stmt *counsellor, *claim, *sent, *failed;
	struct rec_writer *w;
	long nsent, nfailed;
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
 * message names them: "" when the alert has no unit or none is found. */
static int
nearest_counsellor(struct deliverer *d, sqlite3_stmt *st, int i,
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
	if ((rc = nearest_counsellor(d, st, 13, &counsellor)) != 0) {
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

/* RFC 2047 for a header with other than ASCII in it. */
static void
header_text(struct buf *out, const char *s)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i;
	int ascii = 1;

	for (i = 0; i < n && ascii; i++)
		ascii = u[i] >= 32 && u[i] < 127;
	if (ascii) {
		buf_puts(out, s);
		return;
	}
	buf_puts(out, "=?UTF-8?B?");
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)u[i] << 16 | (unsigned)u[i + 1] << 8 |
		    u[i + 2];
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, b64[v & 63]);
	}
	if (i < n) {
		unsigned v = (unsigned)u[i] << 16 | (i + 1 < n ?
		    (unsigned)u[i + 1] << 8 : 0);
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		buf_putc(out, '=');
	}
	buf_puts(out, "?=");
}

static void
mail_text(const struct alert_policy *p, const struct message *m, time_t now,
    struct buf *out)
{
	char date[64];
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	buf_puts(out, "From: ");
	buf_puts(out, p->from);
	buf_puts(out, "\nTo: ");
	header_text(out, m->name);
	buf_printf(out, " <%s>\nSubject: ", m->email);
	header_text(out, m->subject);
	buf_printf(out, "\nDate: %s\nMessage-ID: <ph-outbox-%lld@ph-alert>\n"
	    "X-PH-Alert: %lld\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n", date, m->id, m->alert);
	buf_puts(out, m->body);
}

/* Runs cmd with text on its standard input; 0 when it exits 0, else -1
 * with *why. */
static int
run(const char *cmd, const struct message *m, const char *text, char **why)
{
	int fd[2], status;
	pid_t pid;
	size_t len = strlen(text), off = 0;

	if (pipe(fd) != 0) {
		*why = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		*why = xasprintf("fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		char id[32], alert[32];

		snprintf(id, sizeof(id), "ph-outbox-%lld", m->id);
		snprintf(alert, sizeof(alert), "%lld", m->alert);
		if (dup2(fd[0], 0) < 0 || dup2(2, 1) < 0)
			_exit(71);
		close(fd[0]);
		close(fd[1]);
		setenv("PH_MESSAGE_ID", id, 1);
		setenv("PH_ALERT", alert, 1);
		setenv("PH_TO", m->email ? m->email : "", 1);
		setenv("PH_PHONE", m->phone ? m->phone : "", 1);
		setenv("PH_NAME", m->name ? m->name : "", 1);
		setenv("PH_ROLE", m->role, 1);
		setenv("PH_SUBJECT", m->subject, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	while (off < len) {
		ssize_t w = write(fd[1], text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			*why = xasprintf("wait: %s", strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && off == len)
		return 0;
	if (WIFEXITED(status))
		*why = xasprintf("'%s' exited %d", cmd, WEXITSTATUS(status));
	else
		*why = xasprintf("'%s' was killed by signal %d", cmd,
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* Claims up to CLAIM_BATCH due messages for this run: their ids; 0 with
 * *rc set when the outbox could not be read (busy, say): that is not an
 * empty outbox. */
static size_t
claim(struct deliverer *d, long long *ids, int *rc)
{
	sqlite3_stmt *st = d->claim;
	size_t n = 0;

	if ((*rc = db_begin(d->db)) != 0)
		return 0;
	sqlite3_bind_text(st, 1, d->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(d->c->now + CLAIM_SECONDS));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)d->c->now);
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

/* Records the outcome of one message, if this run still holds it. */
static int
settle(struct deliverer *d, long long id, const char *error)
{
	sqlite3_stmt *st = error == NULL ? d->sent : d->failed;
	int rc;

	if ((rc = db_begin(d->db)) != 0)
		return rc;
	if (error != NULL) {
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, RETRY_FIRST);
		sqlite3_bind_int(st, 6, RETRY_MAX);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, d->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)d->c->now);
	return db_end(d->db, db_run(d->db, st));
}

/* What is sent: a mail with its header when it goes through sendmail to
 * an address, else the body. */
static void
message_text(const struct deliverer *d, const struct message *m,
    struct buf *text)
{
	if (d->sendmail && m->email != NULL)
		mail_text(d->p, m, d->c->now, text);
	else
		buf_puts(text, m->body);
}

/* One line of the run's records. */
static int
report(struct deliverer *d, long long id, long long alert, const char *to,
    const char *role, const char *status, const char *error)
{
	char mid[24], aid[24];
	const char *v[6] = { mid, aid, to, role, status, error };

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

		if ((rc = render(d, sqlite3_column_int64(st, 0), &m)) ==
		    DB_NONE) {
			rc = 0;
			continue;
		}
		if (rc == 0) {
			message_text(d, &m, &text);
			rc = report(d, m.id, m.alert, m.email ? m.email :
			    m.phone ? m.phone : m.name, m.role, "dry-run",
			    buf_str(&text));
		}
		buf_free(&text);
		message_free(&m);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Sends one claimed message and settles it. */
static int
send_one(struct deliverer *d, long long id)
{
	struct message m = {0};
	struct buf text = {0};
	char *why = NULL;
	int rc = render(d, id, &m);

	if (rc == DB_NONE)
		why = xstrdup("its alert is gone");
	else if (rc != 0)
		return rc;
	else if (d->sendmail && (m.email == NULL || *m.email == '\0'))
		why = xasprintf("%s has no e-mail address", m.name);
	else {
		message_text(d, &m, &text);
		(void)run(d->cmd, &m, buf_str(&text), &why);
	}
	rc = settle(d, id, why);
	if (rc == 0)
		rc = report(d, id, m.alert, m.email && *m.email ? m.email :
		    m.phone ? m.phone : "", m.role ? m.role : "", why ?
		    "failed" : "sent", why ? why : "");
	if (why != NULL)
		d->nfailed++;
	else
		d->nsent++;
	free(why);
	buf_free(&text);
	message_free(&m);
	return rc;
}

/* The messages due, a claimed batch at a time. */
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
	fprintf(stderr, "ph-alert: deliver: %ld sent, %ld failed (to be "
	    "retried)\n", d->nsent, d->nfailed);
	return rc;
}

/* The command messages go through: 0, or EX_USAGE after a message. */
static int
deliver_command(const struct deliver_opts *o, int *sendmail,
    const char **cmd)
{
	const char *via = o->via ? o->via : "sendmail";

	if (strcmp(via, "sendmail") != 0 && strcmp(via, "exec") != 0) {
		warnx("--via '%s': expected sendmail or exec", via);
		return EX_USAGE;
	}
	*sendmail = strcmp(via, "sendmail") == 0;
	*cmd = o->command;
	if (*cmd == NULL && !*sendmail) {
		warnx("--via exec needs --command");
		return EX_USAGE;
	}
	if (*cmd == NULL)
		*cmd = "sendmail -t";
	return 0;
}

static void
deliverer_init(struct deliverer *d, sqlite3 *db, const struct cli *c,
    const struct alert_policy *p)
{
	static const char *const cols[] = { "message", "alert", "to", "role",
	    "status", "error" };

	d->db = db;
	d->c = c;
	d->p = p;
	d->token = xasprintf("%ld-%lld", (long)getpid(),
	    (long long)time(NULL));
	d->alert_message = db_prepare(db, sql_deliver_alert_message);
	d->appointment_message = db_prepare(db,
	    sql_deliver_appointment_message);
	d->written_message = db_prepare(db, sql_deliver_written_message);
	d->counsellor = db_prepare(db, sql_role_nearest_holders);
	d->claim = db_prepare(db, sql_deliver_claim);
	d->sent = db_prepare(db, sql_deliver_sent);
	d->failed = db_prepare(db, sql_deliver_failed);
	d->w = io_writer(c, 6, cols);
}

/* The status of writing the records. */
static int
deliverer_free(struct deliverer *d)
{
	sqlite3_finalize(d->alert_message);
	sqlite3_finalize(d->appointment_message);
	sqlite3_finalize(d->written_message);
	sqlite3_finalize(d->counsellor);
	sqlite3_finalize(d->claim);
	sqlite3_finalize(d->sent);
	sqlite3_finalize(d->failed);
	free(d->token);
	return io_writer_close(d->w);
}

int
alert_deliver(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const struct deliver_opts *o)
{
	struct deliverer d;
	int rc, wrc;

	memset(&d, 0, sizeof(d));
	if ((rc = deliver_command(o, &d.sendmail, &d.cmd)) != 0)
		return rc;
	signal(SIGPIPE, SIG_IGN);
	deliverer_init(&d, db, c, p);
	rc = o->dry_run ? dry_run(&d) : send_due(&d);
	wrc = deliverer_free(&d);
	rc = rc ? rc : wrc;
	/* a failure is not lost, but the run says it happened */
	return rc ? rc : d.nfailed ? EX_TEMPFAIL : 0;
}
