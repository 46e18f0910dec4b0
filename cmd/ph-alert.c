/*
 * ph-alert: the warning network: alerts, acknowledgement, escalation,
 * delivery, crisis and referral cases.  See ph-alert(1).
 */
#include <signal.h>
#include <sysexits.h>

#include "alert.h"
#include "cli.h"
#include "command.h"
#include "run_policy.h"

/* Its own options; a command's bits in the table below say which it
 * takes. */
enum {
	O_CAMPAIGN, O_BY, O_NOTE, O_OPEN, O_OVERDUE, O_UNIT, O_LEVEL, O_VIA,
	O_COMMAND, O_DRY_RUN, O_KIND, O_FROM_ALERT, O_OUTCOME, O_PENDING,
	O_SENT, O_FAILED, O_CANCELLED, O_TO, O_ALERT, O_TIMEOUT, O_WHO, O_HOW
};
#define O(name) CMD_OPT(O_##name)

static const struct command_option options[] = {
	[O_CAMPAIGN] = { "campaign", "CODE", "the campaign whose cards raise "
	    "alerts", NULL, 0 },
	[O_BY] = { "by", "NAME", "who does it", NULL, 0 },
	[O_NOTE] = { "note", "TEXT", "what they saw or did", NULL, 0 },
	[O_OPEN] = { "open", NULL, "only those still open", NULL, 0 },
	[O_OVERDUE] = { "overdue", NULL, "only those past their deadline",
	    NULL, 0 },
	[O_UNIT] = { "unit", "PATH", "only at or under this unit", NULL, 0 },
	[O_LEVEL] = { "level", "N", "only at this level of the network",
	    NULL, 0 },
	[O_VIA] = { "via", "sendmail|exec", "how messages leave", NULL, 0 },
	[O_COMMAND] = { "command", "CMD", "the command exec runs for each "
	    "message", NULL, 0 },
	[O_DRY_RUN] = { "dry-run", NULL, "print what would be sent, send "
	    "nothing", NULL, 0 },
	[O_KIND] = { "kind", "crisis|referral", "what the case is", NULL, 0 },
	[O_FROM_ALERT] = { "from-alert", "A", "the alert the case comes from",
	    NULL, 0 },
	[O_OUTCOME] = { "outcome", "TEXT", "how the case ended", NULL, 0 },
	[O_PENDING] = { "pending", NULL, "messages not sent yet", NULL, 0 },
	[O_SENT] = { "sent", NULL, "messages sent", NULL, 0 },
	[O_FAILED] = { "failed", NULL, "messages that failed for good", NULL,
	    0 },
	[O_CANCELLED] = { "cancelled", NULL, "messages cancelled", NULL, 0 },
	[O_TO] = { "to", "NAME", "only messages to this contact", NULL, 0 },
	[O_ALERT] = { "alert", "A", "only messages of this alert", NULL, 0 },
	[O_TIMEOUT] = { "timeout", "SECONDS", "how long the command may take "
	    "for one message (default 60)", NULL, 0 },
	[O_WHO] = { "who", "NAME", "whom the step reached (guardian_contacted)",
	    NULL, 0 },
	[O_HOW] = { "how", "phone|visit|message|in_person", "how they were "
	    "reached", NULL, 0 },
};

/* What the options set. */
struct args {
	const char *campaign, *by, *note, *unit, *via, *command, *kind,
	    *from_alert, *outcome, *to, *alert, *who, *how;
	int open, overdue, dry_run;
	int statuses;		/* outbox: a mask, as struct outbox_filter */
	long level, timeout;
	/* loaded before the database is opened, for every command, so that
	 * a bad policy is refused by all of them alike: never NULL in a
	 * command */
	const struct alert_policy *policy;
};

static void
option(void *args, int i, const char *v)
{
	struct args *a = args;

	switch (i) {
	case O_CAMPAIGN: a->campaign = v; break;
	case O_BY: a->by = v; break;
	case O_NOTE: a->note = v; break;
	case O_OPEN: a->open = 1; break;
	case O_OVERDUE: a->overdue = 1; break;
	case O_UNIT: a->unit = v; break;
	case O_LEVEL: a->level = cli_number("level", v); break;
	case O_VIA: a->via = v; break;
	case O_COMMAND: a->command = v; break;
	case O_DRY_RUN: a->dry_run = 1; break;
	case O_KIND: a->kind = v; break;
	case O_FROM_ALERT: a->from_alert = v; break;
	case O_OUTCOME: a->outcome = v; break;
	case O_PENDING: a->statuses |= 1; break;
	case O_SENT: a->statuses |= 2; break;
	case O_FAILED: a->statuses |= 4; break;
	case O_CANCELLED: a->statuses |= 8; break;
	case O_TO: a->to = v; break;
	case O_ALERT: a->alert = v; break;
	case O_TIMEOUT:		/* below 1: refused by deliver */
		a->timeout = cli_number("timeout", v);
		a->timeout = a->timeout < 1 ? -1 : a->timeout;
		break;
	case O_WHO: a->who = v; break;
	case O_HOW: a->how = v; break;
	}
}

/* Before the database: the policy, as ph-alert always did. */
static int
load_policy(struct cli *c, void *args)
{
	struct args *a = args;

	a->policy = alert_policy_of(c);
	return a->policy == NULL ? EX_CONFIG : 0;
}

/* The commands, as ph-alert(1) gives them. */
static int
run_raise(const struct command_call *k)
{
	const struct args *a = k->args;

	if (a->campaign != NULL)
		return alert_raise_campaign(k->db, k->cli, a->policy,
		    a->campaign);
	return alert_raise_records(k->db, k->cli, a->policy, k->operands,
	    k->n);
}

COMMAND_FN(run_note, alert_note(k->db, k->cli, a->policy, k->operands[0],
    k->operands[1], a->by))

static int
run_list(const struct command_call *k)
{
	const struct args *a = k->args;
	struct alert_filter f = { a->open, a->overdue, a->unit, a->level };

	return alert_list(k->db, k->cli, &f);
}

COMMAND_FN(run_show, alert_show(k->db, k->cli, k->operands[0]))
COMMAND_FN(run_ack, alert_ack(k->db, k->cli, k->operands[0], a->by, a->note))

/* Alerts one level up, then the late steps of cases to their owners:
 * each in its own transaction, the second whatever the first did. */
static int
run_escalate(const struct command_call *k)
{
	const struct args *a = k->args;
	int rc, crc;

	rc = alert_escalate(k->db, k->cli, a->policy);
	crc = case_late_steps(k->db, k->cli, a->policy);
	return rc ? rc : crc;
}

static int
run_deliver(const struct command_call *k)
{
	const struct args *a = k->args;
	struct deliver_opts o = { a->via, a->command, a->dry_run,
	    a->timeout };

	return alert_deliver(k->db, k->cli, a->policy, &o);
}

static int
run_outbox(const struct command_call *k)
{
	const struct args *a = k->args;
	struct outbox_filter f = { a->statuses, a->to, a->alert };

	return alert_outbox_list(k->db, k->cli, &f);
}

/* outbox cancel and outbox retry: the same shape, another change. */
static int
outbox_change(const struct command_call *k, int retry)
{
	const struct args *a = k->args;

	return (retry ? alert_outbox_retry : alert_outbox_cancel)(k->db,
	    k->cli, k->operands, k->n, a->by, a->note);
}

COMMAND_FN(run_outbox_cancel, outbox_change(k, 0))
COMMAND_FN(run_outbox_retry, outbox_change(k, 1))
COMMAND_FN(run_case_open, case_open(k->db, k->cli, a->policy, k->operands[0],
    a->kind, a->from_alert, a->by))

static int
run_case_event(const struct command_call *k)
{
	const struct args *a = k->args;
	struct case_reached r = { a->who, a->how };

	return case_event(k->db, k->cli, a->policy, k->operands[0],
	    k->operands[1], a->by, a->note, &r);
}

COMMAND_FN(run_case_show, case_show(k->db, k->cli, a->policy, k->operands[0]))
COMMAND_FN(run_case_close, case_close(k->db, k->cli, a->policy, k->operands[0],
    a->outcome, a->by))
COMMAND_FN(run_case_list, case_list(k->db, k->cli, a->policy, a->open,
    a->overdue))

/* words, operands, what it does, how many operands, the options it
 * needs and those it takes besides, the database, the function */
static const struct command commands[] = {
	{ "raise", "", "alerts from a campaign's cards", 0, 0, O(CAMPAIGN), 0,
	    CMD_DB_EXISTING, run_raise },
	{ "raise", "[FILE...]", "alerts from ph-screen score records", 0, -1,
	    0, 0, CMD_DB_EXISTING, run_raise },
	{ "note", "ID TEXT", "an observation, checked by the keyword rules",
	    2, 2, O(BY), 0, CMD_DB_EXISTING, run_note },
	{ "list", "", "the alerts", 0, 0, 0,
	    O(OPEN) | O(OVERDUE) | O(UNIT) | O(LEVEL), CMD_DB_EXISTING,
	    run_list },
	{ "show", "ALERT", "an alert, where it went and what was done", 1, 1,
	    0, 0, CMD_DB_EXISTING, run_show },
	{ "ack", "ALERT", "acknowledge an alert", 1, 1, O(BY), O(NOTE),
	    CMD_DB_EXISTING, run_ack },
	{ "escalate", "", "overdue alerts one level up, late case steps to "
	    "their owners (cron)", 0, 0, 0, 0,
	    CMD_DB_EXISTING, run_escalate },
	{ "deliver", "", "send the outbox (cron)", 0, 0, 0,
	    O(VIA) | O(COMMAND) | O(DRY_RUN) | O(TIMEOUT), CMD_DB_EXISTING,
	    run_deliver },
	{ "outbox", "", "the messages queued, sent, failed, cancelled", 0, 0,
	    0, O(PENDING) | O(SENT) | O(FAILED) | O(CANCELLED) | O(TO) |
	    O(ALERT), CMD_DB_EXISTING, run_outbox },
	{ "outbox cancel", "MESSAGE...", "messages not sent yet kept from "
	    "going", 1, -1, 0, O(BY) | O(NOTE), CMD_DB_EXISTING,
	    run_outbox_cancel },
	{ "outbox retry", "MESSAGE...", "messages failed for good or "
	    "cancelled sent after all", 1, -1, 0, O(BY) | O(NOTE),
	    CMD_DB_EXISTING, run_outbox_retry },
	{ "case open", "ID", "open a crisis or referral case", 1, 1,
	    O(KIND) | O(BY), O(FROM_ALERT), CMD_DB_EXISTING, run_case_open },
	{ "case event", "CASE STEP", "a step of a case", 2, 2, O(BY),
	    O(NOTE) | O(WHO) | O(HOW), CMD_DB_EXISTING, run_case_event },
	{ "case show", "CASE", "a case, the family and its steps", 1, 1, 0, 0,
	    CMD_DB_EXISTING, run_case_show },
	{ "case close", "CASE", "close a case", 1, 1, O(OUTCOME) | O(BY), 0,
	    CMD_DB_EXISTING, run_case_close },
	{ "case list", "", "the cases", 0, 0, 0, O(OPEN) | O(OVERDUE),
	    CMD_DB_EXISTING, run_case_list },
};

COMMAND_PROGRAM("ph-alert", "[--db FILE] [--policy FILE] COMMAND [OPTIONS]",
    .policy = 1,
    .prepare = load_policy);

int
main(int argc, char **argv)
{
	struct args a = { .level = -1 };

	/* a closed pipe must not kill a raise or an escalation before it
	 * is committed: a write error is reported instead */
	signal(SIGPIPE, SIG_IGN);
	return command_main(&program, argc, argv, &a);
}
