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

/* Makes message id's text; 0, or -1 when its alert is gone. */
static int
render(sqlite3 *db, const struct alert_policy *p, long long id,
    struct message *m)
{
	static const char *const names[] = { "name", "id", "unit", "reason",
	    "detail", "alert", "level", "due", "counsellor" };
	sqlite3_stmt *st = db_prepare(db, "SELECT o.id, o.alert_id, c.name, "
	    "c.email, c.phone, o.role, coalesce(p.name, '（不在名册）'), "
	    "coalesce(p.person_no, nullif(a.respondent, ''), '无学号'), "
	    "coalesce(u.path, "
	    "''), a.reason, coalesce(a.detail, ''), a.level + 1, "
	    "CASE a.status WHEN 'acked' THEN '已由' || a.acked_by || '确认' "
	    "ELSE coalesce(datetime(a.due, 'unixepoch', 'localtime'), '') END, "
	    "coalesce((WITH RECURSIVE up(id, depth) AS (SELECT u.id, 0 "
	    "UNION ALL SELECT x.parent_id, up.depth + 1 FROM unit x JOIN up ON "
	    "x.id = up.id WHERE x.parent_id IS NOT NULL) SELECT k.name || "
	    "coalesce(' ' || k.phone, '') FROM up JOIN role r ON "
	    "r.unit_id = up.id JOIN contact k ON k.id = r.contact_id WHERE "
	    "r.role = 'counsellor' AND r.until IS NULL ORDER BY up.depth, k.id "
	    "LIMIT 1), '') FROM outbox o JOIN contact c ON c.id = o.contact_id "
	    "JOIN alert a ON a.id = o.alert_id LEFT JOIN person p ON p.id = "
	    "a.person_id LEFT JOIN unit u ON u.id = coalesce(p.unit_id, "
	    "a.unit_id) WHERE o.id = ?");
	int rc = -1;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *values[9];
		const struct template *t;
		char alert[24];

		m->id = sqlite3_column_int64(st, 0);
		m->alert = sqlite3_column_int64(st, 1);
		m->name = column_dup(st, 2);
		m->email = column_dup(st, 3);
		m->phone = column_dup(st, 4);
		m->role = column_dup(st, 5);
		snprintf(alert, sizeof(alert), "%lld", m->alert);
		for (int i = 0; i < 5; i++)	/* name id unit reason detail */
			values[i] = db_column_text(st, 6 + i);
		values[5] = alert;
		for (int i = 6; i < 9; i++)	/* level due counsellor */
			values[i] = db_column_text(st, 5 + i);
		/* what a role may see: the counsellor everything, a class
		 * teacher who and whom to ask, not the answers */
		t = alert_role_full(p, m->role) ? &p->full : &p->brief;
		m->subject = template_render(t->subject, names, values, 9);
		m->body = template_render(t->body, names, values, 9);
		rc = 0;
	}
	sqlite3_finalize(st);
	if (rc == 0)
		return 0;
	/* an appointment's reminder (ph-schedule remind) */
	st = db_prepare(db, "SELECT o.id, o.appointment_id, c.name, c.email, "
	    "c.phone, o.role, p.name, p.person_no, coalesce(u.path, ''), "
	    "strftime('%Y-%m-%d %H:%M', a.start, 'unixepoch', 'localtime'), "
	    "r.name, k.name || coalesce(' ' || k.phone, ''), a.id FROM outbox o "
	    "JOIN contact c ON c.id = o.contact_id JOIN appointment a ON "
	    "a.id = o.appointment_id JOIN person p ON p.id = a.person_id JOIN "
	    "room r ON r.id = a.room_id JOIN contact k ON k.id = a.contact_id "
	    "LEFT JOIN unit u ON u.id = p.unit_id WHERE o.id = ?");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		static const char *const rnames[] = { "name", "id", "unit",
		    "time", "room", "counsellor", "appt" };
		const char *values[7];
		const struct template *t;

		m->id = sqlite3_column_int64(st, 0);
		m->alert = 0;
		m->name = column_dup(st, 2);
		m->email = column_dup(st, 3);
		m->phone = column_dup(st, 4);
		m->role = column_dup(st, 5);
		for (int i = 0; i < 7; i++)
			values[i] = db_column_text(st, 6 + i);
		/* the class teacher learns the time and place, not why */
		t = strcmp(m->role, "counsellor") == 0 ? &p->reminder_full :
		    &p->reminder_brief;
		m->subject = template_render(t->subject, rnames, values, 7);
		m->body = template_render(t->body, rnames, values, 7);
		rc = 0;
	}
	sqlite3_finalize(st);
	if (rc == 0)
		return 0;
	/* any other reminder: written out when it was queued */
	st = db_prepare(db, "SELECT o.id, c.name, c.email, c.phone, o.role, "
	    "o.subject, o.body FROM outbox o JOIN contact c ON c.id = "
	    "o.contact_id WHERE o.id = ? AND o.reminder IS NOT NULL AND "
	    "o.subject IS NOT NULL AND o.body IS NOT NULL");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->alert = 0;
		m->name = column_dup(st, 1);
		m->email = column_dup(st, 2);
		m->phone = column_dup(st, 3);
		m->role = column_dup(st, 4);
		m->subject = column_dup(st, 5);
		m->body = column_dup(st, 6);
		rc = 0;
	}
	sqlite3_finalize(st);
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
claim(sqlite3 *db, const char *token, time_t now, long long *ids, int *rc)
{
	sqlite3_stmt *st;
	size_t n = 0;

	if ((*rc = db_begin(db)) != 0)
		return 0;
	st = db_prepare(db, "UPDATE outbox SET claim = ?1, claimed_until = ?2 "
	    "WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND "
	    "next_try <= ?3 AND (claimed_until IS NULL OR claimed_until < ?3) "
	    "ORDER BY next_try, id LIMIT ?4) RETURNING id");
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(now + CLAIM_SECONDS));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	sqlite3_bind_int(st, 4, CLAIM_BATCH);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	if ((*rc = db_finalize(db, st, "deliver")) != 0) {
		db_rollback(db);
		return 0;
	}
	if ((*rc = db_commit(db)) != 0)
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
settle(sqlite3 *db, const char *token, time_t now, long long id,
    const char *error)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	if (error == NULL)
		st = db_prepare(db, "UPDATE outbox SET status = 'sent', sent_at = "
		    "?3, claim = NULL, claimed_until = NULL, attempts = attempts "
		    "+ 1, last_error = NULL WHERE id = ?1 AND claim = ?2");
	else {
		st = db_prepare(db, "UPDATE outbox SET attempts = attempts + 1, "
		    "last_error = ?4, claim = NULL, claimed_until = NULL, "
		    "next_try = ?3 + min(?5 << min(attempts, 16), ?6) WHERE "
		    "id = ?1 AND claim = ?2");
		sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, RETRY_FIRST);
		sqlite3_bind_int(st, 6, RETRY_MAX);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, "deliver");
	sqlite3_finalize(st);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
alert_deliver(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const struct deliver_opts *o)
{
	static const char *const cols[] = { "message", "alert", "to", "role",
	    "status", "error" };
	const char *via = o->via ? o->via : "sendmail";
	const char *cmd = o->command;
	struct rec_writer *w;
	char *token;
	long long ids[CLAIM_BATCH];
	long sent = 0, failed = 0;
	size_t n;
	int rc = 0;

	if (strcmp(via, "sendmail") != 0 && strcmp(via, "exec") != 0) {
		warnx("--via '%s': expected sendmail or exec", via);
		return EX_USAGE;
	}
	if (cmd == NULL) {
		if (strcmp(via, "exec") == 0) {
			warnx("--via exec needs --command");
			return EX_USAGE;
		}
		cmd = "sendmail -t";
	}
	signal(SIGPIPE, SIG_IGN);
	token = xasprintf("%ld-%lld", (long)getpid(), (long long)time(NULL));
	w = io_writer(c, 6, cols);
	if (o->dry_run) {
		/* what would go, made as it would be made; nothing changes */
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM outbox WHERE "
		    "status = 'pending' AND next_try <= ? ORDER BY next_try, id");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->now);
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
			struct message m = {0};
			struct buf text = {0};
			char mid[24], aid[24];

			if (render(db, p, sqlite3_column_int64(st, 0), &m) != 0)
				continue;
			if (strcmp(via, "sendmail") == 0 && m.email != NULL)
				mail_text(p, &m, c->now, &text);
			else
				buf_puts(&text, m.body);
			snprintf(mid, sizeof(mid), "%lld", m.id);
			snprintf(aid, sizeof(aid), "%lld", m.alert);
			{
				const char *v[6] = { mid, aid, m.email ? m.email :
				    m.phone ? m.phone : m.name, m.role,
				    "dry-run", buf_str(&text) };
				if (rec_write(w, v) != 0)
					rc = EX_IOERR;
			}
			buf_free(&text);
			message_free(&m);
		}
		{
			int frc = db_finalize(db, st, "deliver");
			rc = rc ? rc : frc;
		}
	}
	while (!o->dry_run && rc == 0 &&
	    (n = claim(db, token, c->now, ids, &rc)) > 0) {
		qsort(ids, n, sizeof(*ids), by_id);
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct message m = {0};
			struct buf text = {0};
			char *why = NULL, mid[24], aid[24];

			if (render(db, p, ids[i], &m) != 0)
				why = xstrdup("its alert is gone");
			else if (strcmp(via, "sendmail") == 0 &&
			    (m.email == NULL || *m.email == '\0'))
				why = xasprintf("%s has no e-mail address",
				    m.name);
			else {
				if (strcmp(via, "sendmail") == 0)
					mail_text(p, &m, c->now, &text);
				else
					buf_puts(&text, m.body);
				(void)run(cmd, &m, buf_str(&text), &why);
			}
			rc = settle(db, token, c->now, ids[i], why);
			snprintf(mid, sizeof(mid), "%lld", ids[i]);
			snprintf(aid, sizeof(aid), "%lld", m.alert);
			{
				const char *v[6] = { mid, aid, m.email && *m.email ?
				    m.email : m.phone ? m.phone : "", m.role ?
				    m.role : "", why ? "failed" : "sent",
				    why ? why : "" };
				if (rc == 0 && rec_write(w, v) != 0)
					rc = EX_IOERR;
			}
			if (why != NULL)
				failed++;
			else
				sent++;
			free(why);
			buf_free(&text);
			message_free(&m);
		}
	}
	if (!o->dry_run)
		fprintf(stderr, "ph-alert: deliver: %ld sent, %ld failed (to "
		    "be retried)\n", sent, failed);
	free(token);
	{
		int wrc = io_writer_close(w);
		rc = rc ? rc : wrc;
	}
	/* a failure is not lost, but the run says it happened */
	return rc ? rc : failed ? EX_TEMPFAIL : 0;
}
