/*
 * ph-alert: the warning network: alerts, acknowledgement, escalation,
 * delivery, crisis and referral cases.  See ph-alert(1).
 */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "alert.h"
#include "cli.h"
#include "command.h"

static void usage(int status) __attribute__((noreturn));

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-alert [--db FILE] [--policy FILE] COMMAND [OPTIONS]\n"
	    "  raise [--campaign CODE] [FILE...]  from a campaign's cards, or\n"
	    "                                     ph-screen score records\n"
	    "  note ID TEXT --by NAME             an observation, checked by "
	    "keyword rules\n"
	    "  list [--open] [--overdue] [--unit PATH] [--level N]\n"
	    "  show ALERT\n"
	    "  ack ALERT --by NAME [--note TEXT]\n"
	    "  escalate                           cron: overdue alerts one "
	    "level up\n"
	    "  deliver [--via sendmail|exec] [--command CMD] [--dry-run]\n"
	    "  case open ID --kind crisis|referral [--from-alert A] --by NAME\n"
	    "  case event CASE STEP --by NAME [--note TEXT]\n"
	    "  case close CASE --outcome TEXT --by NAME\n"
	    "  case list [--open] [--overdue]\n"
	    "common options: --db FILE, --policy FILE, --format tsv|csv|jsonl,\n"
	    "  --encoding utf-8|gbk, --max-errors N, --help, --version\n"
	    "See ph-alert(1).\n", out);
	exit(status);
}

enum {
	OPT_CAMPAIGN = 0x200, OPT_BY, OPT_NOTE, OPT_OPEN, OPT_OVERDUE,
	OPT_UNIT, OPT_LEVEL, OPT_VIA, OPT_COMMAND, OPT_DRY_RUN, OPT_KIND,
	OPT_FROM_ALERT, OPT_OUTCOME
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_POLICY_OPTION,
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "by", required_argument, NULL, OPT_BY },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "open", no_argument, NULL, OPT_OPEN },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "via", required_argument, NULL, OPT_VIA },
	{ "command", required_argument, NULL, OPT_COMMAND },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "from-alert", required_argument, NULL, OPT_FROM_ALERT },
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ NULL, 0, NULL, 0 }
};

/* What the commands' options set. */
struct args {
	const char *campaign, *by, *note, *unit, *via, *command, *kind,
	    *from_alert, *outcome;
	int open, overdue, dry_run;
	long level;
	unsigned given;		/* a bit per option, as option_names */
	struct alert_policy *policy;	/* loaded by the command, freed by main */
};

/* The options a command may need, in the order of their enum. */
static const char *const option_names[] = { "campaign", "by", "note",
    "open", "overdue", "unit", "level", "via", "command", "dry-run", "kind",
    "from-alert", "outcome" };
#define NEEDS(o) (1u << ((o) - OPT_CAMPAIGN))

/* Options before or after the command; the rest are operands. */
static int
parse(struct cli *c, struct args *a, int argc, char **argv, char ***ops)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int opt, n = 0;

	if (list == NULL)
		err(EX_OSERR, NULL);
	a->level = -1;
	cli_reset_getopt();
	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		if (opt >= OPT_CAMPAIGN && opt <= OPT_OUTCOME)
			a->given |= NEEDS(opt);
		switch (opt) {
		case OPT_CAMPAIGN: a->campaign = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_OPEN: a->open = 1; break;
		case OPT_OVERDUE: a->overdue = 1; break;
		case OPT_UNIT: a->unit = optarg; break;
		case OPT_LEVEL: a->level = cli_number("level", optarg); break;
		case OPT_VIA: a->via = optarg; break;
		case OPT_COMMAND: a->command = optarg; break;
		case OPT_DRY_RUN: a->dry_run = 1; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_FROM_ALERT: a->from_alert = optarg; break;
		case OPT_OUTCOME: a->outcome = optarg; break;
		default: usage(EX_USAGE);
		}
	}
	while (optind < argc)
		list[n++] = argv[optind++];
	*ops = list;
	return n;
}

/*
 * The policy, which every command loads, even one that does not follow
 * it, so that a bad policy is refused by all of them alike; NULL after
 * its messages (EX_CONFIG).
 */
static const struct alert_policy *
policy(const struct command_call *k)
{
	struct args *a = k->args;

	if (a->policy == NULL)
		a->policy = alert_policy_for(k->cli);
	return a->policy;
}

/* Before the database: the policy, as ph-alert always did. */
static int
load_policy(struct cli *c, void *args)
{
	struct args *a = args;

	a->policy = alert_policy_for(c);
	return a->policy == NULL ? EX_CONFIG : 0;
}

/* The commands, as ph-alert(1) gives them. */
static int
run_raise(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	if (a->campaign != NULL)
		return alert_raise_campaign(k->db, k->cli, p, a->campaign);
	return alert_raise_records(k->db, k->cli, p, k->operands, k->n);
}

static int
run_note(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return alert_note(k->db, k->cli, p, k->operands[0], k->operands[1],
	    a->by);
}

static int
run_list(const struct command_call *k)
{
	const struct args *a = k->args;
	struct alert_filter f = { a->open, a->overdue, a->unit, a->level };

	if (policy(k) == NULL)
		return EX_CONFIG;
	return alert_list(k->db, k->cli, &f);
}

static int
run_show(const struct command_call *k)
{
	if (policy(k) == NULL)
		return EX_CONFIG;
	return alert_show(k->db, k->cli, k->operands[0]);
}

static int
run_ack(const struct command_call *k)
{
	const struct args *a = k->args;

	if (policy(k) == NULL)
		return EX_CONFIG;
	return alert_ack(k->db, k->cli, k->operands[0], a->by, a->note);
}

static int
run_escalate(const struct command_call *k)
{
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return alert_escalate(k->db, k->cli, p);
}

static int
run_deliver(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;
	struct deliver_opts o = { a->via, a->command, a->dry_run };

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return alert_deliver(k->db, k->cli, p, &o);
}

static int
run_case_open(const struct command_call *k)
{
	const struct args *a = k->args;

	if (policy(k) == NULL)
		return EX_CONFIG;
	return case_open(k->db, k->cli, k->operands[0], a->kind, a->from_alert,
	    a->by);
}

static int
run_case_event(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return case_event(k->db, k->cli, p, k->operands[0], k->operands[1],
	    a->by, a->note);
}

static int
run_case_close(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return case_close(k->db, k->cli, p, k->operands[0], a->outcome, a->by);
}

static int
run_case_list(const struct command_call *k)
{
	const struct args *a = k->args;
	const struct alert_policy *p;

	if ((p = policy(k)) == NULL)
		return EX_CONFIG;
	return case_list(k->db, k->cli, p, a->open, a->overdue);
}

static const struct command commands[] = {
	{ "raise", 0, -1, 0, CMD_DB_EXISTING, run_raise },
	{ "note", 2, 2, NEEDS(OPT_BY), CMD_DB_EXISTING, run_note },
	{ "list", 0, 0, 0, CMD_DB_EXISTING, run_list },
	{ "show", 1, 1, 0, CMD_DB_EXISTING, run_show },
	{ "ack", 1, 1, NEEDS(OPT_BY), CMD_DB_EXISTING, run_ack },
	{ "escalate", 0, 0, 0, CMD_DB_EXISTING, run_escalate },
	{ "deliver", 0, 0, 0, CMD_DB_EXISTING, run_deliver },
	{ "case open", 1, 1, NEEDS(OPT_KIND) | NEEDS(OPT_BY), CMD_DB_EXISTING,
	    run_case_open },
	{ "case event", 2, 2, NEEDS(OPT_BY), CMD_DB_EXISTING, run_case_event },
	{ "case close", 1, 1, NEEDS(OPT_OUTCOME) | NEEDS(OPT_BY),
	    CMD_DB_EXISTING, run_case_close },
	{ "case list", 0, 0, 0, CMD_DB_EXISTING, run_case_list },
};

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	struct command_options o = { 0, option_names, load_policy };
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	/* a closed pipe must not kill a raise or an escalation before it
	 * is committed: a write error is reported instead */
	signal(SIGPIPE, SIG_IGN);
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0)
		usage(EX_USAGE);
	/* raise reads a campaign or files, never both: more than the table
	 * can say, so checked here, before anything is opened */
	if (a.campaign != NULL && n > 1 && strcmp(ops[0], "raise") == 0) {
		warnx("raise --campaign: too many operands");
		usage(EX_USAGE);
	}
	o.given = a.given;
	rc = command_run(&c, commands, sizeof(commands) / sizeof(commands[0]),
	    &o, ops, n, &a);
	alert_policy_free(a.policy);
	free(ops);
	return cli_finish(&c, rc);
}
