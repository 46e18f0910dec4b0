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
#include "screen.h"

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-screen COMMAND [OPTIONS] [ARGS]\n"
	    "  instruments                      list the installed instruments\n"
	    "  check FILE.yaml...               validate instrument files\n"
	    "  score INSTRUMENT [FILE...]       answers in, scores out\n"
	    "common options: --format tsv|csv|jsonl, --encoding utf-8|gbk,\n"
	    "  --max-errors N, --help, --version\n"
	    "See ph-screen(1).\n", out);
	exit(status);
}

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Options before or after the command; the rest are operands. */
static int
parse(struct cli *c, int argc, char **argv, char ***ops)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int opt, n = 0;

	if (list == NULL)
		err(EX_OSERR, NULL);
	cli_reset_getopt();
	/* GNU getopt permutes: operands are gathered after the options */
	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1)
		if (!cli_option(c, opt, optarg))
			usage(EX_USAGE);
	while (optind < argc)
		list[n++] = argv[optind++];
	*ops = list;
	return n;
}

int
main(int argc, char **argv)
{
	struct cli c;
	char **ops;
	int n, rc;

	cli_init(&c, usage);
	n = parse(&c, argc, argv, &ops);
	if (n == 0)
		usage(EX_USAGE);
	if (strcmp(ops[0], "instruments") == 0 && n == 1)
		rc = screen_instruments(&c);
	else if (strcmp(ops[0], "check") == 0)
		rc = screen_check(&c, ops + 1, n - 1);
	else if (strcmp(ops[0], "score") == 0 && n >= 2)
		rc = screen_score(&c, ops[1], ops + 2, n - 2);
	else {
		warnx("unknown command or missing argument: '%s'", ops[0]);
		usage(EX_USAGE);
	}
	free(ops);
	return cli_finish(&c, rc);
}
