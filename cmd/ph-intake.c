/*
 * ph-intake: rosters of students and staff, units, roles, special groups,
 * term roll-over and archive transfer.  See ph-intake(1).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "command.h"
#include "intake.h"

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-intake [--db FILE] COMMAND [OPTIONS] [ARGS]\n"
	    "  roster   [--encoding E] [--format F] [--full] [--school NAME] [--dry-run] [FILE...]\n"
	    "  staff    [--encoding E] [--format F] [--full] [--org NAME] [--dry-run] [FILE...]\n"
	    "  contacts [--encoding E] [--format F] [--dry-run] [FILE...]\n"
	    "  roles    [--unit PATH]\n"
	    "  gaps     [--unit PATH]\n"
	    "  flag     ID +FLAG|-FLAG [--since DATE] [--note TEXT]\n"
	    "  list     [--unit PATH] [--flag FLAG] [--status S] [--kind student|staff]\n"
	    "  units    [--unit PATH]\n"
	    "  promote  [--dry-run] [--force]\n"
	    "  transfer out ID > archive.jsonl\n"
	    "  transfer in  [--unit PATH] [FILE]\n"
	    "  audit    [--subject ID] | audit verify\n"
	    "common options: --db FILE, --format tsv|csv|jsonl, --encoding utf-8|gbk,\n"
	    "  --max-errors N, --help, --version\n"
	    "See ph-intake(1).\n", out);
	exit(status);
}

enum {
	OPT_FULL = 0x200, OPT_SCHOOL, OPT_DRY_RUN, OPT_UNIT, OPT_FLAG,
	OPT_STATUS, OPT_KIND, OPT_SINCE, OPT_NOTE, OPT_FORCE, OPT_SUBJECT
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	{ "full", no_argument, NULL, OPT_FULL },
	{ "school", required_argument, NULL, OPT_SCHOOL },
	{ "org", required_argument, NULL, OPT_SCHOOL },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "flag", required_argument, NULL, OPT_FLAG },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ NULL, 0, NULL, 0 }
};

/* What the subcommands' options set. */
struct args {
	int full, dry_run, force;
	const char *school, *unit, *flag, *status, *kind, *note, *subject;
	char since[11];
	unsigned given;		/* a bit per option, as option_names */
};

/* The options a command may need, in the order of their enum. */
static const char *const option_names[] = { "full", "school", "dry-run",
    "unit", "flag", "status", "kind", "since", "note", "force", "subject" };
#define NEEDS(o) (1u << ((o) - OPT_FULL))

/* Options may come before or after the subcommand, as users type them. */
static void
parse(struct cli *c, struct args *a, int argc, char **argv)
{
	int opt;

	cli_reset_getopt();
	while ((opt = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		if (opt >= OPT_FULL && opt <= OPT_SUBJECT)
			a->given |= NEEDS(opt);
		switch (opt) {
		case OPT_FULL: a->full = 1; break;
		case OPT_SCHOOL: a->school = optarg; break;
		case OPT_DRY_RUN: a->dry_run = 1; break;
		case OPT_UNIT: a->unit = optarg; break;
		case OPT_FLAG: a->flag = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_SINCE: cli_date("since", optarg, a->since); break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_FORCE: a->force = 1; break;
		case OPT_SUBJECT: a->subject = optarg; break;
		default: usage(EX_USAGE);
		}
	}
}

/*
 * The command word (argv[0]) and its operands, which may be interleaved
 * with options (getopt "+" stops at the first operand); the options among
 * them are parsed here.
 */
static int
operands(struct cli *c, struct args *a, int argc, char **argv, char ***out)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int n = 0;

	if (list == NULL)
		err(EX_OSERR, NULL);
	list[n++] = argv[0];
	optind = 1;
	while (optind < argc) {
		/* "-" is stdin and "+FLAG"/"-FLAG" are operands of flag. */
		if (argv[optind][0] != '-' || argv[optind][1] == '\0' ||
		    (strcmp(argv[0], "flag") == 0 && argv[optind][1] != '-')) {
			list[n++] = argv[optind++];
			continue;
		}
		if (strcmp(argv[optind], "--") == 0) {
			for (optind++; optind < argc;)
				list[n++] = argv[optind++];
			break;
		}
		{
			int start = optind;
			char **sub = argv + start - 1;
			char *saved = sub[0];

			sub[0] = argv[0];
			parse(c, a, argc - start + 1, sub);
			sub[0] = saved;
			optind = start - 1 + optind;
		}
	}
	*out = list;
	return n;
}

static void
print_load(const struct intake_load_stats *s, int dry_run)
{
	printf("rows\tadded\tupdated\tunchanged\tleft\tunits_created%s\n"
	    "%ld\t%ld\t%ld\t%ld\t%ld\t%ld%s\n", dry_run ? "\tdry_run" : "",
	    s->rows, s->added, s->updated, s->unchanged, s->left, s->units,
	    dry_run ? "\tyes" : "");
	if (s->rows > 0 && s->rows == s->unchanged && s->left == 0)
		fprintf(stderr, "ph-intake: nothing changed\n");
}

/* The commands, as ph-intake(1) gives them. */
static int
load(const struct command_call *k, enum intake_kind kind)
{
	const struct args *a = k->args;
	struct intake_load_opts o = { .kind = kind, .school = a->school,
	    .full = a->full, .dry_run = a->dry_run };
	struct intake_load_stats s;
	int rc;

	rc = intake_load(k->db, k->cli, &o, k->operands, k->n, &s);
	if (rc == 0)
		print_load(&s, a->dry_run);
	return rc;
}

static int
run_roster(const struct command_call *k)
{
	return load(k, INTAKE_STUDENTS);
}

static int
run_staff(const struct command_call *k)
{
	return load(k, INTAKE_STAFF);
}

static int
run_contacts(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_contacts(k->db, k->cli, k->operands, k->n, a->dry_run);
}

static int
run_roles(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_roles(k->db, k->cli, a->unit);
}

static int
run_gaps(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_gaps(k->db, k->cli, a->unit);
}

static int
run_flag(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_flag(k->db, k->cli, k->operands[0], k->operands[1],
	    a->since[0] != '\0' ? a->since : NULL, a->note);
}

static int
run_list(const struct command_call *k)
{
	const struct args *a = k->args;
	struct intake_list_opts o = { a->unit, a->flag, a->status, a->kind };

	return intake_list(k->db, k->cli, &o);
}

static int
run_units(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_units(k->db, k->cli, a->unit);
}

static int
run_promote(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_promote(k->db, k->cli, a->dry_run, a->force);
}

static int
run_transfer_out(const struct command_call *k)
{
	return intake_transfer_out(k->db, k->cli, k->operands[0], stdout);
}

static int
run_transfer_in(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_transfer_in(k->db, k->cli,
	    k->n > 0 ? k->operands[0] : "-", a->unit);
}

static int
run_audit(const struct command_call *k)
{
	const struct args *a = k->args;

	return intake_audit_list(k->db, k->cli, a->subject);
}

static int
run_audit_verify(const struct command_call *k)
{
	return intake_audit_verify(k->db, k->cli);
}

/* The loads create the database; the rest need one that exists. */
static const struct command commands[] = {
	{ "roster", 0, -1, 0, CMD_DB_CREATE, run_roster },
	{ "staff", 0, -1, 0, CMD_DB_CREATE, run_staff },
	{ "contacts", 0, -1, 0, CMD_DB_CREATE, run_contacts },
	{ "roles", 0, 0, 0, CMD_DB_EXISTING, run_roles },
	{ "gaps", 0, 0, 0, CMD_DB_EXISTING, run_gaps },
	{ "flag", 2, 2, 0, CMD_DB_EXISTING, run_flag },
	{ "list", 0, 0, 0, CMD_DB_EXISTING, run_list },
	{ "units", 0, 0, 0, CMD_DB_EXISTING, run_units },
	{ "promote", 0, 0, 0, CMD_DB_EXISTING, run_promote },
	{ "transfer out", 1, 1, 0, CMD_DB_EXISTING, run_transfer_out },
	{ "transfer in", 0, 1, 0, CMD_DB_CREATE, run_transfer_in },
	{ "audit", 0, 0, 0, CMD_DB_EXISTING, run_audit },
	{ "audit verify", 0, 0, 0, CMD_DB_EXISTING, run_audit_verify },
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
	parse(&c, &a, argc, argv);
	if (optind >= argc)
		usage(EX_USAGE);
	n = operands(&c, &a, argc - optind, argv + optind, &ops);
	o.given = a.given;
	rc = command_run(&c, commands, sizeof(commands) / sizeof(commands[0]),
	    &o, ops, n, &a);
	free(ops);
	return cli_finish(&c, rc);
}
