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
#include "db.h"
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
};

/* Options may come before or after the subcommand, as users type them. */
static void
parse(struct cli *c, struct args *a, int argc, char **argv)
{
	int opt;

	cli_reset_getopt();
	while ((opt = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
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

/* Subcommand arguments may be interleaved with options (getopt "+"
 * stops at the first); gather the rest here. */
static int
operands(struct cli *c, struct args *a, int argc, char **argv, char ***out)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int n = 0;

	if (list == NULL)
		err(EX_OSERR, NULL);
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

static int
run(struct cli *c, struct args *a, const char *cmd, int n, char **ops)
{
	enum db_mode mode = DB_EXISTING;
	sqlite3 *db = NULL;
	int rc;

	if (strcmp(cmd, "roster") == 0 || strcmp(cmd, "staff") == 0 ||
	    strcmp(cmd, "contacts") == 0 ||
	    (strcmp(cmd, "transfer") == 0 && n > 0 &&
	    strcmp(ops[0], "in") == 0))
		mode = DB_CREATE;
	if (strcmp(cmd, "roster") != 0 && strcmp(cmd, "staff") != 0 &&
	    strcmp(cmd, "contacts") != 0 && strcmp(cmd, "roles") != 0 &&
	    strcmp(cmd, "gaps") != 0 && strcmp(cmd, "flag") != 0 &&
	    strcmp(cmd, "list") != 0 && strcmp(cmd, "units") != 0 &&
	    strcmp(cmd, "promote") != 0 && strcmp(cmd, "transfer") != 0 &&
	    strcmp(cmd, "audit") != 0) {
		warnx("unknown command '%s'", cmd);
		usage(EX_USAGE);
	}
	if ((rc = db_open(db_path(c->db), mode, &db)) != 0)
		return rc;
	if (strcmp(cmd, "roster") == 0 || strcmp(cmd, "staff") == 0) {
		struct intake_load_opts o = {
			.kind = cmd[0] == 'r' ? INTAKE_STUDENTS : INTAKE_STAFF,
			.school = a->school, .full = a->full,
			.dry_run = a->dry_run
		};
		struct intake_load_stats s;

		rc = intake_load(db, c, &o, ops, n, &s);
		if (rc == 0)
			print_load(&s, a->dry_run);
	} else if (strcmp(cmd, "contacts") == 0)
		rc = intake_contacts(db, c, ops, n, a->dry_run);
	else if (strcmp(cmd, "roles") == 0)
		rc = intake_roles(db, c, a->unit);
	else if (strcmp(cmd, "gaps") == 0)
		rc = intake_gaps(db, c, a->unit);
	else if (strcmp(cmd, "flag") == 0) {
		if (n != 2)
			usage(EX_USAGE);
		rc = intake_flag(db, c, ops[0], ops[1],
		    a->since[0] ? a->since : NULL, a->note);
	} else if (strcmp(cmd, "list") == 0) {
		struct intake_list_opts o = { a->unit, a->flag, a->status,
		    a->kind };
		rc = intake_list(db, c, &o);
	} else if (strcmp(cmd, "units") == 0)
		rc = intake_units(db, c, a->unit);
	else if (strcmp(cmd, "promote") == 0)
		rc = intake_promote(db, c, a->dry_run, a->force);
	else if (strcmp(cmd, "transfer") == 0) {
		if (n == 2 && strcmp(ops[0], "out") == 0)
			rc = intake_transfer_out(db, c, ops[1], stdout);
		else if ((n == 1 || n == 2) && strcmp(ops[0], "in") == 0)
			rc = intake_transfer_in(db, c, n == 2 ? ops[1] : "-",
			    a->unit);
		else
			usage(EX_USAGE);
	} else if (strcmp(cmd, "audit") == 0) {
		if (n == 1 && strcmp(ops[0], "verify") == 0)
			rc = intake_audit_verify(db, c);
		else if (n == 0)
			rc = intake_audit_list(db, c, a->subject);
		else
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
	char **ops = NULL;
	int n, rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c, usage);
	parse(&c, &a, argc, argv);
	if (optind >= argc)
		usage(EX_USAGE);
	argv += optind;
	argc -= optind;
	optind = 1;
	n = operands(&c, &a, argc, argv, &ops);
	rc = run(&c, &a, argv[0], n, ops);
	free(ops);
	return cli_finish(&c, rc);
}
