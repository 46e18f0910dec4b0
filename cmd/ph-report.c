/*
 * ph-report: what the programme did and where it falls short, per unit,
 * over one database or a district's many, read only.  See ph-report(1).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "cli.h"
#include "command.h"
#include "counts.h"
#include "db.h"
#include "report.h"

static void usage(int status) __attribute__((noreturn));

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-report [--db FILE|DIR]... COMMAND [OPTIONS]\n"
	    "  coverage [--campaign C] [--by KIND] [--unit PATH] [--missing]\n"
	    "  cards    [--campaign C] [--by KIND] [--unit PATH] [--flags]\n"
	    "  upward   [--campaign C] [--by KIND] [--unit PATH] [--min-cell N]\n"
	    "  upward --care [--term T] [--min-cell N]\n"
	    "  trend    [--unit PATH] [--campaigns C1,C2,...] [--moved | --new-red]\n"
	    "  followups [--campaign C] [--by KIND] | alerts [--by KIND] | cases\n"
	    "  referrals\n"
	    "  activity [--term T] [--by school|class] [--unit PATH]\n"
	    "  staffing | compliance [--term T]\n"
	    "  gaps\n"
	    "  html     [--term T] [--campaign C] [--by KIND] [--unit PATH]\n"
	    "           [-o FILE] [--lang zh|en]\n"
	    "KIND: school, grade, class, dormitory, organisation, department\n"
	    "common options: --db FILE|DIR (again for more), --policy FILE,\n"
	    "  --format tsv|csv|jsonl, --help, --version\n"
	    "See ph-report(1).\n", out);
	exit(status);
}

enum { OPT_CAMPAIGN = 0x200, OPT_BY, OPT_UNIT, OPT_MISSING, OPT_MIN_CELL,
    OPT_LANG, OPT_CAMPAIGNS, OPT_MOVED, OPT_NEW_RED, OPT_FLAGS, OPT_TERM,
    OPT_CARE };

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_POLICY_OPTION,
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "by", required_argument, NULL, OPT_BY },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "missing", no_argument, NULL, OPT_MISSING },
	{ "min-cell", required_argument, NULL, OPT_MIN_CELL },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "campaigns", required_argument, NULL, OPT_CAMPAIGNS },
	{ "moved", no_argument, NULL, OPT_MOVED },
	{ "new-red", no_argument, NULL, OPT_NEW_RED },
	{ "flags", no_argument, NULL, OPT_FLAGS },
	{ "term", required_argument, NULL, OPT_TERM },
	{ "care", no_argument, NULL, OPT_CARE },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

/* What the options set. */
struct args {
	struct report_opts report;
	struct html_opts html;
	char **dbs;		/* each --db, not only the last */
	size_t ndb;
	long min_cell;		/* 0: the policy's */
	const char *campaigns, *term;
	int moved, new_red, care;
	unsigned given;		/* a bit per option, as option_names */
};

/* The options a command may need, in the order of their enum. */
static const char *const option_names[] = { "campaign", "by", "unit",
    "missing", "min-cell", "lang", "campaigns", "moved", "new-red",
    "flags", "term", "care" };
#define NEEDS(o) (1u << ((o) - OPT_CAMPAIGN))
#define TAKES(o) NEEDS(o)

/* The options only some commands take: elsewhere they are a usage error.
 * Every command takes the others and leaves those it has no use for. */
#define ONLY_SOME (TAKES(OPT_MISSING) | TAKES(OPT_FLAGS) | TAKES(OPT_CARE) | \
    TAKES(OPT_TERM) | TAKES(OPT_CAMPAIGNS) | TAKES(OPT_MOVED) |         \
    TAKES(OPT_NEW_RED))

/* Options before or after the command; the rest are operands. */
static int
parse(struct cli *c, struct args *a, int argc, char **argv, char ***ops)
{
	int opt;

	if ((a->dbs = calloc((size_t)argc + 1, sizeof(*a->dbs))) == NULL)
		err(EX_OSERR, NULL);
	/* GNU getopt permutes: operands are gathered after the options */
	while ((opt = getopt_long(argc, argv, "hVo:", options, NULL)) != -1) {
		if (opt == OPT_DB) {
			a->dbs[a->ndb++] = optarg;
			continue;
		}
		if (cli_option(c, opt, optarg))
			continue;
		if (opt >= OPT_CAMPAIGN && opt <= OPT_CARE)
			a->given |= NEEDS(opt);
		switch (opt) {
		case OPT_CAMPAIGN: a->report.campaign = optarg; break;
		case OPT_BY:
			if (counts_kind_ok(optarg) != 0)
				errx(EX_USAGE, "--by '%s': expected school, "
				    "grade, class, dormitory, organisation or "
				    "department", optarg);
			a->report.by = optarg;
			break;
		case OPT_UNIT: a->report.unit = optarg; break;
		case 'o': a->html.output = optarg; break;
		case OPT_CAMPAIGNS: a->campaigns = optarg; break;
		case OPT_MOVED: a->moved = 1; break;
		case OPT_NEW_RED: a->new_red = 1; break;
		case OPT_FLAGS: a->report.flags = 1; break;
		case OPT_TERM: a->term = optarg; break;
		case OPT_CARE: a->care = 1; break;
		case OPT_LANG:
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
				errx(EX_USAGE, "--lang '%s': zh or en", optarg);
			a->html.english = strcmp(optarg, "en") == 0;
			break;
		case OPT_MISSING: a->report.missing = 1; break;
		case OPT_MIN_CELL:
			/* "<2" would say 1 */
			if ((a->min_cell = cli_number("min-cell", optarg)) < 3 ||
			    a->min_cell > 1000)
				errx(EX_USAGE, "--min-cell %s: 3 to 1000",
				    optarg);
			break;
		default: usage(EX_USAGE);
		}
	}
	if (a->ndb == 0)
		a->dbs[a->ndb++] = (char *)db_path(NULL);
	*ops = argv + optind;
	return argc - optind;
}

/* A report over the files, open. */
typedef int report_fn(const struct report_dbs *r, const struct cli *c,
    const struct args *a);

/*
 * Runs fn over the files, opened read only, as of --term's end when the
 * command takes --term.  An option of ONLY_SOME that cmd does not take
 * is a usage error before anything is opened.  The exit status.
 */
static int
reading(const struct command_call *k, const char *cmd, unsigned takes,
    report_fn *fn)
{
	struct args *a = k->args;
	struct report_dbs r;
	unsigned wrong = a->given & ONLY_SOME & ~takes;
	int rc;

	if (wrong != 0) {
		struct buf b = {0};

		for (unsigned bit = 0; bit < 32; bit++)
			if (wrong & (1u << bit))
				buf_printf(&b, "%s--%s", b.len ? ", " : "",
				    option_names[bit]);
		warnx("%s does not take %s", cmd, buf_str(&b));
		buf_free(&b);
		k->cli->usage(EX_USAGE);
		return EX_USAGE;
	}
	if ((rc = report_open(&r, a->dbs, a->ndb)) != 0)
		return rc;
	if (a->term != NULL)	/* as of the term's end */
		rc = report_term(&r, a->term, &k->cli->now);
	a->report.now = k->cli->now;
	if (rc == 0)
		rc = fn(&r, k->cli, a);
	report_close(&r);
	return rc;
}

/* The commands, as ph-report(1) gives them. */
static int
coverage(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	return report_coverage(r, c, &a->report);
}

static int
run_coverage(const struct command_call *k)
{
	return reading(k, "coverage", TAKES(OPT_MISSING), coverage);
}

static int
cards(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	return report_cards(r, c, &a->report);
}

static int
run_cards(const struct command_call *k)
{
	return reading(k, "cards", TAKES(OPT_FLAGS), cards);
}

static int
upward(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	long min_cell = a->min_cell;
	int rc = 0;

	if (min_cell == 0)
		rc = report_min_cell(c, &min_cell);
	if (rc == 0)
		rc = a->care ? report_upward_care(r, c, min_cell) :
		    report_upward(r, c, &a->report, min_cell);
	return rc;
}

/* upward --care: per school, over the school year (and so --term) */
static int
run_upward(const struct command_call *k)
{
	const struct args *a = k->args;

	if (!a->care)
		return reading(k, "upward", TAKES(OPT_CARE), upward);
	if (a->report.campaign != NULL || a->report.by != NULL ||
	    a->report.unit != NULL)
		errx(EX_USAGE, "upward --care is per school over the school "
		    "year: no --campaign, --by or --unit");
	return reading(k, "upward --care", TAKES(OPT_CARE) | TAKES(OPT_TERM),
	    upward);
}

static int
trend(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	return report_trend(r, c, &a->report, a->campaigns, a->moved,
	    a->new_red);
}

static int
run_trend(const struct command_call *k)
{
	const struct args *a = k->args;

	if (a->moved && a->new_red) {
		warnx("trend: --moved or --new-red, not both");
		k->cli->usage(EX_USAGE);
		return EX_USAGE;
	}
	return reading(k, "trend", TAKES(OPT_CAMPAIGNS) | TAKES(OPT_MOVED) |
	    TAKES(OPT_NEW_RED), trend);
}

static int
followups(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	return report_followups(r, c, &a->report);
}

static int
run_followups(const struct command_call *k)
{
	return reading(k, "followups", 0, followups);
}

static int
alerts(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	return report_alerts(r, c, &a->report);
}

static int
run_alerts(const struct command_call *k)
{
	return reading(k, "alerts", 0, alerts);
}

static int
cases(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	(void)a;
	return report_cases(r, c);
}

static int
run_cases(const struct command_call *k)
{
	return reading(k, "cases", 0, cases);
}

static int
referrals(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	(void)a;
	return report_referrals(r, c);
}

static int
run_referrals(const struct command_call *k)
{
	return reading(k, "referrals", 0, referrals);
}

static int
activity(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	return report_activity(r, c, &a->report);
}

static int
run_activity(const struct command_call *k)
{
	const struct args *a = k->args;

	if (a->report.by != NULL && strcmp(a->report.by, "school") != 0 &&
	    strcmp(a->report.by, "class") != 0)
		errx(EX_USAGE, "activity --by '%s': school or class",
		    a->report.by);
	return reading(k, "activity", TAKES(OPT_TERM), activity);
}

static int
staffing(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	(void)a;
	return report_staffing(r, c);
}

static int
run_staffing(const struct command_call *k)
{
	return reading(k, "staffing", 0, staffing);
}

static int
compliance(const struct report_dbs *r, const struct cli *c,
    const struct args *a)
{
	(void)a;
	return report_compliance(r, c);
}

static int
run_compliance(const struct command_call *k)
{
	return reading(k, "compliance", TAKES(OPT_TERM), compliance);
}

static int
gaps(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	(void)a;
	return report_gaps(r, c);
}

static int
run_gaps(const struct command_call *k)
{
	return reading(k, "gaps", 0, gaps);
}

static int
html(const struct report_dbs *r, const struct cli *c, const struct args *a)
{
	return report_html(r, c, &a->report, &a->html);
}

static int
run_html(const struct command_call *k)
{
	return reading(k, "html", TAKES(OPT_TERM), html);
}

/* Each opens its files itself: there may be many, and all read only. */
static const struct command commands[] = {
	{ "coverage", 0, 0, 0, CMD_NO_DB, run_coverage },
	{ "cards", 0, 0, 0, CMD_NO_DB, run_cards },
	{ "upward", 0, 0, 0, CMD_NO_DB, run_upward },
	{ "trend", 0, 0, 0, CMD_NO_DB, run_trend },
	{ "followups", 0, 0, 0, CMD_NO_DB, run_followups },
	{ "alerts", 0, 0, 0, CMD_NO_DB, run_alerts },
	{ "cases", 0, 0, 0, CMD_NO_DB, run_cases },
	{ "referrals", 0, 0, 0, CMD_NO_DB, run_referrals },
	{ "activity", 0, 0, 0, CMD_NO_DB, run_activity },
	{ "staffing", 0, 0, 0, CMD_NO_DB, run_staffing },
	{ "compliance", 0, 0, 0, CMD_NO_DB, run_compliance },
	{ "gaps", 0, 0, 0, CMD_NO_DB, run_gaps },
	{ "html", 0, 0, 0, CMD_NO_DB, run_html },
};

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	struct command_options o = { .names = option_names };
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0)
		usage(EX_USAGE);
	o.given = a.given;
	rc = command_run(&c, commands, sizeof(commands) / sizeof(commands[0]),
	    &o, ops, n, &a);
	free(a.dbs);
	return cli_finish(&c, rc);
}
