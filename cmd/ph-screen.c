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
#include "command.h"
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
	unsigned given;		/* a bit per option, as option_names */
};

/* The options a command may need, in the order of their enum. */
static const char *const option_names[] = { "campaign", "instrument",
    "unit", "kind", "from", "to", "missing", "color", "by", "reason",
    "summary", "map", "values", "all" };
#define NEEDS(o) (1u << ((o) - OPT_CAMPAIGN))

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
		if (opt >= OPT_CAMPAIGN && opt <= OPT_ALL)
			a->given |= NEEDS(opt);
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

/* The commands, as ph-screen(1) gives them. */
static int
run_instruments(const struct command_call *k)
{
	return screen_instruments(k->cli);
}

static int
run_check(const struct command_call *k)
{
	return screen_check(k->cli, k->operands, k->n);
}

static int
run_score(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_score(k->cli, &a->answers, k->operands[0],
	    k->operands + 1, k->n - 1);
}

static int
run_columns(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_columns(k->cli, &a->answers, k->operands[0],
	    k->operands[1]);
}

static int
run_campaign_create(const struct command_call *k)
{
	const struct args *a = k->args;
	struct campaign_opts o = { k->operands[0], a->instrument, a->kind,
	    a->units, a->nunits, "", "" };

	memcpy(o.from, a->from, sizeof(o.from));
	memcpy(o.to, a->to, sizeof(o.to));
	return screen_campaign_create(k->db, k->cli, &o);
}

static int
run_campaign_list(const struct command_call *k)
{
	return screen_campaign_list(k->db, k->cli);
}

static int
run_import(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_import(k->db, k->cli, &a->answers, a->campaign,
	    a->instrument, k->operands, k->n);
}

static int
run_held(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_held(k->db, k->cli, a->campaign, a->all);
}

static int
run_coverage(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_coverage(k->db, k->cli, a->campaign,
	    a->nunits > 0 ? a->units[0] : NULL, a->missing);
}

static int
run_cards(const struct command_call *k)
{
	const struct args *a = k->args;

	return screen_cards(k->db, k->cli, a->campaign, a->color,
	    a->nunits > 0 ? a->units[0] : NULL, a->summary);
}

static int
run_card_set(const struct command_call *k)
{
	const struct args *a = k->args;
	struct card_set_opts o = { a->color, a->by, a->reason, a->campaign };

	return screen_card_set(k->db, k->cli, k->operands[0], &o);
}

static int
run_history(const struct command_call *k)
{
	return screen_history(k->db, k->cli, k->operands[0]);
}

static const struct command commands[] = {
	{ "instruments", 0, 0, 0, CMD_NO_DB, run_instruments },
	{ "check", 1, -1, 0, CMD_NO_DB, run_check },
	{ "score", 1, -1, 0, CMD_NO_DB, run_score },
	{ "columns", 2, 2, 0, CMD_NO_DB, run_columns },
	{ "campaign create", 1, 1, NEEDS(OPT_INSTRUMENT) | NEEDS(OPT_FROM) |
	    NEEDS(OPT_TO), CMD_DB_EXISTING, run_campaign_create },
	{ "campaign list", 0, 0, 0, CMD_DB_EXISTING, run_campaign_list },
	{ "import", 0, -1, NEEDS(OPT_CAMPAIGN), CMD_DB_EXISTING, run_import },
	{ "held", 0, 0, 0, CMD_DB_EXISTING, run_held },
	{ "coverage", 0, 0, NEEDS(OPT_CAMPAIGN), CMD_DB_EXISTING,
	    run_coverage },
	{ "cards", 0, 0, NEEDS(OPT_CAMPAIGN), CMD_DB_EXISTING, run_cards },
	{ "card set", 1, 1, NEEDS(OPT_COLOR) | NEEDS(OPT_BY) | NEEDS(OPT_REASON),
	    CMD_DB_EXISTING, run_card_set },
	{ "history", 1, 1, 0, CMD_DB_EXISTING, run_history },
};

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	struct command_options o = { 0, option_names, NULL };
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
	free(ops);
	free(a.units);
	free(a.map);
	return cli_finish(&c, rc);
}
