/*
 * ph-screen: questionnaires (instruments) in YAML and their scoring.
 * See ph-screen(1) and ph-instrument(5).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "db.h"
#include "screen.h"

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-screen [--db FILE] COMMAND [OPTIONS] [ARGS]\n"
	    "  instruments                      list the installed instruments\n"
	    "  check FILE.yaml...               validate instrument files\n"
	    "  score INSTRUMENT [FILE...]       answers in, scores out\n"
	    "  columns INSTRUMENT FILE          which column answers which item\n"
	    "  campaign create CODE --instrument I[,I...] [--unit PATH...]\n"
	    "      [--kind student|staff] --from DATE --to DATE\n"
	    "  campaign list\n"
	    "  import --campaign CODE [--instrument I] [FILE...]\n"
	    "  held [--campaign CODE] [--all]   rows an import could not read\n"
	    "  cards --campaign CODE [--color C] [--unit PATH] [--summary]\n"
	    "  card set ID --color red|yellow|blue|none --by NAME --reason TEXT\n"
	    "      [--campaign CODE]\n"
	    "  coverage --campaign CODE [--unit PATH] [--missing]\n"
	    "  history ID\n"
	    "answers (score, columns, import): --map ITEM=COLUMN,\n"
	    "  --values value|position\n"
	    "common options: --db FILE, --policy FILE, --format tsv|csv|jsonl,\n"
	    "  --encoding utf-8|gbk, --max-errors N, --help, --version\n"
	    "See ph-screen(1).\n", out);
	exit(status);
}

enum {
	OPT_CAMPAIGN = 0x200, OPT_INSTRUMENT, OPT_UNIT, OPT_KIND, OPT_FROM,
	OPT_TO, OPT_MISSING, OPT_COLOR, OPT_BY, OPT_REASON, OPT_SUMMARY,
	OPT_MAP, OPT_VALUES, OPT_ALL
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_POLICY_OPTION,
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "instrument", required_argument, NULL, OPT_INSTRUMENT },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "missing", no_argument, NULL, OPT_MISSING },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "by", required_argument, NULL, OPT_BY },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "values", required_argument, NULL, OPT_VALUES },
	{ "all", no_argument, NULL, OPT_ALL },
	{ NULL, 0, NULL, 0 }
};

/* What the subcommands' options set. */
struct args {
	const char *campaign, *instrument, *kind, *color, *by, *reason;
	char **units, **map;
	int nunits, missing, summary, all;
	struct score_options answers;
	char from[11], to[11];
};

/* Options before or after the command; the rest are operands. */
static int
parse(struct cli *c, struct args *a, int argc, char **argv, char ***ops)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int opt, n = 0;

	if (list == NULL || (a->units = calloc((size_t)argc + 1,
	    sizeof(*a->units))) == NULL || (a->map = calloc((size_t)argc + 1,
	    sizeof(*a->map))) == NULL)
		err(EX_OSERR, NULL);
	a->answers.map = a->map;
	cli_reset_getopt();
	/* GNU getopt permutes: operands are gathered after the options */
	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CAMPAIGN: a->campaign = optarg; break;
		case OPT_INSTRUMENT: a->instrument = optarg; break;
		case OPT_UNIT: a->units[a->nunits++] = optarg; break;
		case OPT_KIND:
			if (strcmp(optarg, "student") != 0 &&
			    strcmp(optarg, "staff") != 0)
				errx(EX_USAGE, "--kind '%s': expected student "
				    "or staff", optarg);
			a->kind = optarg;
			break;
		case OPT_FROM: cli_date("from", optarg, a->from); break;
		case OPT_TO: cli_date("to", optarg, a->to); break;
		case OPT_MISSING: a->missing = 1; break;
		case OPT_COLOR: a->color = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_SUMMARY: a->summary = 1; break;
		case OPT_MAP:
			if (strchr(optarg, '=') == NULL || *optarg == '=')
				errx(EX_USAGE, "--map '%s': expected ITEM=COLUMN",
				    optarg);
			a->map[a->answers.nmap++] = optarg;
			break;
		case OPT_VALUES:
			if (strcmp(optarg, "position") != 0 &&
			    strcmp(optarg, "value") != 0)
				errx(EX_USAGE, "--values '%s': expected value or "
				    "position", optarg);
			a->answers.by_position = strcmp(optarg, "position") == 0;
			a->answers.values_stated = 1;
			break;
		case OPT_ALL: a->all = 1; break;
		default: usage(EX_USAGE);
		}
	}
	while (optind < argc)
		list[n++] = argv[optind++];
	*ops = list;
	return n;
}

/* The commands that keep their results in the database. */
static int
with_db(struct cli *c, struct args *a, int n, char **ops)
{
	sqlite3 *db;
	int rc;

	if ((rc = db_open(db_path(c->db), DB_EXISTING, &db)) != 0)
		return rc;
	if (strcmp(ops[0], "campaign") == 0 && n == 3 &&
	    strcmp(ops[1], "create") == 0) {
		struct campaign_opts o = { ops[2], a->instrument, a->kind,
		    a->units, a->nunits, "", "" };
		if (a->instrument == NULL || !a->from[0] || !a->to[0]) {
			warnx("campaign create needs --instrument, --from and "
			    "--to");
			db_close(db);
			usage(EX_USAGE);
		}
		memcpy(o.from, a->from, sizeof(o.from));
		memcpy(o.to, a->to, sizeof(o.to));
		rc = screen_campaign_create(db, c, &o);
	} else if (strcmp(ops[0], "campaign") == 0 && n == 2 &&
	    strcmp(ops[1], "list") == 0)
		rc = screen_campaign_list(db, c);
	else if (strcmp(ops[0], "import") == 0 && a->campaign != NULL)
		rc = screen_import(db, c, &a->answers, a->campaign,
		    a->instrument, ops + 1, n - 1);
	else if (strcmp(ops[0], "held") == 0 && n == 1)
		rc = screen_held(db, c, a->campaign, a->all);
	else if (strcmp(ops[0], "coverage") == 0 && n == 1 &&
	    a->campaign != NULL)
		rc = screen_coverage(db, c, a->campaign,
		    a->nunits > 0 ? a->units[0] : NULL, a->missing);
	else if (strcmp(ops[0], "cards") == 0 && n == 1 && a->campaign != NULL)
		rc = screen_cards(db, c, a->campaign, a->color,
		    a->nunits > 0 ? a->units[0] : NULL, a->summary);
	else if (strcmp(ops[0], "card") == 0 && n == 3 &&
	    strcmp(ops[1], "set") == 0 && a->color != NULL && a->by != NULL &&
	    a->reason != NULL) {
		struct card_set_opts o = { a->color, a->by, a->reason,
		    a->campaign };
		rc = screen_card_set(db, c, ops[2], &o);
	} else if (strcmp(ops[0], "history") == 0 && n == 2)
		rc = screen_history(db, c, ops[1]);
	else {
		warnx("unknown command or missing argument: '%s'", ops[0]);
		db_close(db);
		usage(EX_USAGE);
	}
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0)
		usage(EX_USAGE);
	if (strcmp(ops[0], "instruments") == 0 && n == 1)
		rc = screen_instruments(&c);
	else if (strcmp(ops[0], "check") == 0)
		rc = screen_check(&c, ops + 1, n - 1);
	else if (strcmp(ops[0], "score") == 0 && n >= 2)
		rc = screen_score(&c, &a.answers, ops[1], ops + 2, n - 2);
	else if (strcmp(ops[0], "columns") == 0 && n == 3)
		rc = screen_columns(&c, &a.answers, ops[1], ops[2]);
	else if (strcmp(ops[0], "campaign") == 0 ||
	    strcmp(ops[0], "import") == 0 || strcmp(ops[0], "coverage") == 0 ||
	    strcmp(ops[0], "cards") == 0 || strcmp(ops[0], "card") == 0 ||
	    strcmp(ops[0], "history") == 0 || strcmp(ops[0], "held") == 0)
		rc = with_db(&c, &a, n, ops);
	else {
		warnx("unknown command or missing argument: '%s'", ops[0]);
		usage(EX_USAGE);
	}
	free(ops);
	free(a.units);
	free(a.map);
	return cli_finish(&c, rc);
}
