/*
 * ph-report: what the programme did and where it falls short, per unit,
 * over one database or a district's many, read only.  See ph-report(1).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
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

/* Whether cmd is one, with options it takes. */
static int
known(const char *cmd, const struct report_opts *o, int trend_options,
    int both, const char *term, int care)
{
	static const char *const cmds[] = { "coverage", "cards", "upward",
	    "trend", "followups", "alerts", "cases", "referrals", "activity",
	    "staffing",
	    "compliance",
	    "gaps", "html", NULL };
	int found = 0;

	for (size_t i = 0; cmds[i] != NULL; i++)
		found |= strcmp(cmd, cmds[i]) == 0;
	if (o->missing && strcmp(cmd, "coverage") != 0)
		return 0;
	if (o->flags && strcmp(cmd, "cards") != 0)
		return 0;
	/* upward --care: per school, over the school year */
	if (care && strcmp(cmd, "upward") != 0)
		return 0;
	if (term != NULL && strcmp(cmd, "activity") != 0 &&
	    strcmp(cmd, "compliance") != 0 && strcmp(cmd, "html") != 0 &&
	    !care)
		return 0;
	if (trend_options && strcmp(cmd, "trend") != 0)
		return 0;
	return found && !both;
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct report_opts o = { NULL, NULL, NULL, 0, 0, NULL, 0, 0 };
	struct html_opts h = { NULL, 0 };
	struct report_dbs r;
	char **dbs = calloc((size_t)argc + 1, sizeof(*dbs));
	size_t ndb = 0;
	long min_cell = 0;
	const char *campaigns = NULL, *term = NULL;
	int opt, rc, moved = 0, new_red = 0, care = 0;

	if (dbs == NULL)
		err(EX_OSERR, NULL);
	cli_init(&c, usage);
	while ((opt = getopt_long(argc, argv, "hVo:", options, NULL)) != -1) {
		if (opt == OPT_DB) {
			dbs[ndb++] = optarg;	/* each one, not the last */
			continue;
		}
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CAMPAIGN: o.campaign = optarg; break;
		case OPT_BY:
			if (counts_kind_ok(optarg) != 0)
				errx(EX_USAGE, "--by '%s': expected school, "
				    "grade, class, dormitory, organisation or "
				    "department", optarg);
			o.by = optarg;
			break;
		case OPT_UNIT: o.unit = optarg; break;
		case 'o': h.output = optarg; break;
		case OPT_CAMPAIGNS: campaigns = optarg; break;
		case OPT_MOVED: moved = 1; break;
		case OPT_NEW_RED: new_red = 1; break;
		case OPT_FLAGS: o.flags = 1; break;
		case OPT_TERM: term = optarg; break;
		case OPT_CARE: care = 1; break;
		case OPT_LANG:
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
				errx(EX_USAGE, "--lang '%s': zh or en", optarg);
			h.english = strcmp(optarg, "en") == 0;
			break;
		case OPT_MISSING: o.missing = 1; break;
		case OPT_MIN_CELL:
			/* "<2" would say 1 */
			if ((min_cell = cli_number("min-cell", optarg)) < 3 ||
			    min_cell > 1000)
				errx(EX_USAGE, "--min-cell %s: 3 to 1000",
				    optarg);
			break;
		default: usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || !known(argv[0], &o, moved || new_red || campaigns,
	    moved && new_red, term, care)) {
		if (argc > 0)
			warnx("unknown command or option: '%s'", argv[0]);
		free(dbs);
		usage(EX_USAGE);
	}
	if (care && strcmp(argv[0], "upward") == 0 && (o.campaign != NULL ||
	    o.by != NULL || o.unit != NULL)) {
		free(dbs);
		errx(EX_USAGE, "upward --care is per school over the school "
		    "year: no --campaign, --by or --unit");
	}
	if (strcmp(argv[0], "activity") == 0 && o.by != NULL &&
	    strcmp(o.by, "school") != 0 && strcmp(o.by, "class") != 0) {
		free(dbs);
		errx(EX_USAGE, "activity --by '%s': school or class", o.by);
	}
	if (ndb == 0)
		dbs[ndb++] = (char *)db_path(NULL);
	if ((rc = report_open(&r, dbs, ndb)) == 0) {
		if (term != NULL)	/* as of the term's end */
			rc = report_term(&r, term, &c.now);
		o.now = c.now;
		if (rc != 0)
			;
		else if (strcmp(argv[0], "coverage") == 0)
			rc = report_coverage(&r, &c, &o);
		else if (strcmp(argv[0], "cards") == 0)
			rc = report_cards(&r, &c, &o);
		else if (strcmp(argv[0], "upward") == 0) {
			if (min_cell == 0)
				rc = report_min_cell(&c, &min_cell);
			if (rc == 0)
				rc = care ? report_upward_care(&r, &c,
				    min_cell) : report_upward(&r, &c, &o,
				    min_cell);
		}
		else if (strcmp(argv[0], "trend") == 0)
			rc = report_trend(&r, &c, &o, campaigns, moved,
			    new_red);
		else if (strcmp(argv[0], "followups") == 0)
			rc = report_followups(&r, &c, &o);
		else if (strcmp(argv[0], "alerts") == 0)
			rc = report_alerts(&r, &c, &o);
		else if (strcmp(argv[0], "cases") == 0)
			rc = report_cases(&r, &c);
		else if (strcmp(argv[0], "referrals") == 0)
			rc = report_referrals(&r, &c);
		else if (strcmp(argv[0], "activity") == 0)
			rc = report_activity(&r, &c, &o);
		else if (strcmp(argv[0], "staffing") == 0)
			rc = report_staffing(&r, &c);
		else if (strcmp(argv[0], "compliance") == 0)
			rc = report_compliance(&r, &c);
		else if (strcmp(argv[0], "html") == 0)
			rc = report_html(&r, &c, &o, &h);
		else
			rc = report_gaps(&r, &c);
		report_close(&r);
	}
	free(dbs);
	return cli_finish(&c, rc);
}
