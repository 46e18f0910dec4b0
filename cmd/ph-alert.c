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
#include "db.h"

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

struct args {
	const char *campaign, *by, *note, *unit, *via, *command, *kind,
	    *from_alert, *outcome;
	int open, overdue, dry_run;
	long level;
};

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

/* Which command, checked before any database is opened. */
static int
known(int n, char **ops, const struct args *a)
{
	const char *cmd = ops[0], *sub = n > 1 ? ops[1] : "";

	if (strcmp(cmd, "raise") == 0)
		return a->campaign == NULL || n == 1;
	if (strcmp(cmd, "note") == 0)
		return n == 3 && a->by != NULL;
	if (strcmp(cmd, "list") == 0 || strcmp(cmd, "escalate") == 0 ||
	    strcmp(cmd, "deliver") == 0)
		return n == 1;
	if (strcmp(cmd, "show") == 0)
		return n == 2;
	if (strcmp(cmd, "ack") == 0)
		return n == 2 && a->by != NULL;
	if (strcmp(cmd, "case") != 0)
		return 0;
	if (strcmp(sub, "open") == 0)
		return n == 3 && a->kind != NULL && a->by != NULL;
	if (strcmp(sub, "event") == 0)
		return n == 4 && a->by != NULL;
	if (strcmp(sub, "close") == 0)
		return n == 3 && a->outcome != NULL && a->by != NULL;
	if (strcmp(sub, "list") == 0)
		return n == 2;
	return 0;
}

static int
run(sqlite3 *db, const struct cli *c, const struct alert_policy *p,
    const struct args *a, int n, char **ops)
{
	const char *cmd = ops[0], *sub = n > 1 ? ops[1] : "";

	if (strcmp(cmd, "raise") == 0)
		return a->campaign ? alert_raise_campaign(db, c, p, a->campaign) :
		    alert_raise_records(db, c, p, ops + 1, n - 1);
	if (strcmp(cmd, "note") == 0)
		return alert_note(db, c, p, ops[1], ops[2], a->by);
	if (strcmp(cmd, "list") == 0) {
		struct alert_filter f = { a->open, a->overdue, a->unit,
		    a->level };
		return alert_list(db, c, &f);
	}
	if (strcmp(cmd, "show") == 0)
		return alert_show(db, c, ops[1]);
	if (strcmp(cmd, "ack") == 0)
		return alert_ack(db, c, ops[1], a->by, a->note);
	if (strcmp(cmd, "escalate") == 0)
		return alert_escalate(db, c, p);
	if (strcmp(cmd, "deliver") == 0) {
		struct deliver_opts o = { a->via, a->command, a->dry_run };
		return alert_deliver(db, c, p, &o);
	}
	if (strcmp(sub, "open") == 0)
		return case_open(db, c, ops[2], a->kind, a->from_alert, a->by);
	if (strcmp(sub, "event") == 0)
		return case_event(db, c, p, ops[2], ops[3], a->by, a->note);
	if (strcmp(sub, "close") == 0)
		return case_close(db, c, p, ops[2], a->outcome, a->by);
	return case_list(db, c, p, a->open, a->overdue);
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	struct alert_policy *p;
	sqlite3 *db;
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	/* a closed pipe must not kill a raise or an escalation before it
	 * is committed: a write error is reported instead */
	signal(SIGPIPE, SIG_IGN);
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0 || !known(n, ops, &a)) {
		if (n > 0)
			warnx("unknown command or missing argument: '%s'",
			    ops[0]);
		free(ops);
		usage(EX_USAGE);
	}
	if ((p = alert_policy_for(&c)) == NULL)
		rc = EX_CONFIG;
	else if ((rc = db_open(db_path(c.db), DB_EXISTING, &db)) == 0) {
		rc = run(db, &c, p, &a, n, ops);
		db_close(db);
	}
	alert_policy_free(p);
	free(ops);
	return cli_finish(&c, rc);
}
