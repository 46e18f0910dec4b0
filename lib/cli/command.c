#include "command.h"

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "db.h"
#include "io.h"
#include "xalloc.h"

/* getopt's value for the program's option i (above cli.h's). */
#define OPTION_BASE 0x200
/* Where usage wraps a line. */
#define WIDTH 78

/* A command line taken apart. */
struct parsed {
	char **ops;		/* the operands, the command's words first */
	int n;
	command_optset given;	/* the program's options on it */
	int help;		/* --help was among them */
};

/*
 * How many of ops the words are (0: they are not all there); or, with
 * partial, how many when all of ops begin the words and more words follow
 * ("campaign" of "campaign create"), else 0.
 */
static int
words_match(const char *words, char **ops, int nops, int partial)
{
	const char *w = words;
	int k = 0;

	while (*w != '\0') {
		size_t len = strcspn(w, " ");

		if (k >= nops)
			return partial ? k : 0;
		if (strlen(ops[k]) != len || strncmp(ops[k], w, len) != 0)
			return 0;
		k++;
		w += len;
		while (*w == ' ')
			w++;
	}
	return partial ? 0 : k;
}

/* Whether another command of p has the words of cmd. */
static int
has_variant(const struct program *p, const struct command *cmd)
{
	for (size_t i = 0; i < p->ncommands; i++)
		if (&p->commands[i] != cmd &&
		    strcmp(p->commands[i].words, cmd->words) == 0)
			return 1;
	return 0;
}

/* "--name" for each option of set, comma-separated, into b. */
static void
option_list(const struct program *p, command_optset set, struct buf *b)
{
	for (size_t i = 0; i < p->noptions; i++)
		if (set & CMD_OPT(i))
			buf_printf(b, "%s--%s", b->len ? ", " : "",
			    p->options[i].name);
}

/* The command's name in messages: its words, and the options that make
 * it another command than one with the same words ("upward --care"). */
static void
command_name(const struct program *p, const struct command *cmd,
    struct buf *b)
{
	buf_puts(b, cmd->words);
	if (!has_variant(p, cmd))
		return;
	for (size_t i = 0; i < p->noptions; i++)
		if (cmd->required & CMD_OPT(i))
			buf_printf(b, " --%s", p->options[i].name);
}

/* "--name VALUE" (or "-o VALUE") for option i, into b. */
static void
option_usage(const struct command_option *o, struct buf *b)
{
	if (o->letter != 0)
		buf_printf(b, "-%c", o->letter);
	else
		buf_printf(b, "--%s", o->name);
	if (o->value != NULL)
		buf_printf(b, " %s", o->value);
}

/*
 * How cmd is used, after the program's name: the words, the operands it
 * needs, the options it needs, the others in brackets, then the operands
 * it may be given ("[FILE...]"), as the man pages write them.
 */
static void
command_synopsis(const struct program *p, const struct command *cmd,
    struct buf *b)
{
	int optional = cmd->operands[0] == '[';

	buf_puts(b, cmd->words);
	if (cmd->operands[0] != '\0' && !optional)
		buf_printf(b, " %s", cmd->operands);
	for (size_t i = 0; i < p->noptions; i++)
		if (cmd->required & CMD_OPT(i)) {
			buf_putc(b, ' ');
			option_usage(&p->options[i], b);
		}
	for (size_t i = 0; i < p->noptions; i++)
		if (cmd->takes & CMD_OPT(i) & ~cmd->required) {
			buf_puts(b, " [");
			option_usage(&p->options[i], b);
			buf_putc(b, ']');
		}
	if (optional)
		buf_printf(b, " %s", cmd->operands);
}

/* The length of text's first word, where a quoted 'DATE HH:MM' or a
 * bracketed [--unit PATH] is one. */
static int
word_length(const char *text)
{
	int len = 0, quoted = 0, depth = 0;

	for (; text[len] != '\0'; len++) {
		if (text[len] == ' ' && !quoted && depth == 0)
			break;
		if (text[len] == '\'')
			quoted = !quoted;
		depth += (text[len] == '[') - (text[len] == ']');
	}
	return len;
}

/* Prints lead and text, text's words wrapped at WIDTH onto lines
 * indented by indent. */
static void
print_wrapped(FILE *out, const char *lead, const char *text, int indent)
{
	int col = fprintf(out, "%s", lead), first = 1;

	while (*text != '\0') {
		int len = word_length(text);

		if (!first && col + 1 + len > WIDTH)
			col = fprintf(out, "\n%*s", indent, "") - 1;
		else if (!first)
			col += fprintf(out, " ");
		col += fprintf(out, "%.*s", len, text);
		first = 0;
		for (text += len; *text == ' '; text++)
			continue;
	}
	fputc('\n', out);
}

/* The common options, as usage says them. */
static void
common_options(const struct program *p, FILE *out)
{
	if (p->common != NULL)
		fputs(p->common, out);
	else if (p->policy)
		fputs("common options: --db FILE, --policy FILE, --format "
		    "tsv|csv|jsonl|xlsx,\n  --bom, --encoding utf-8|gbk, "
		    "--sheet NAME, --max-errors N, -q|--quiet,\n  --help, "
		    "--version\n", out);
	else
		fputs("common options: --db FILE, --format "
		    "tsv|csv|jsonl|xlsx,\n  --bom, --encoding utf-8|gbk, "
		    "--sheet NAME, --max-errors N, -q|--quiet,\n  --help, "
		    "--version\n", out);
}

/* The program's whole usage, on stdout for --help (status 0), else on
 * stderr; exits with status. */
static void __attribute__((noreturn))
usage(const struct program *p, int status)
{
	FILE *out = status ? stderr : stdout;
	struct buf b = {0};

	fprintf(out, "usage: %s %s\n", p->name, p->synopsis);
	for (size_t i = 0; i < p->ncommands; i++) {
		buf_reset(&b);
		command_synopsis(p, &p->commands[i], &b);
		print_wrapped(out, "  ", buf_str(&b), 6);
	}
	buf_free(&b);
	if (p->notes != NULL)
		fputs(p->notes, out);
	common_options(p, out);
	fprintf(out, "COMMAND --help, or help COMMAND: what it does, and its "
	    "options\nSee %s(1).\n", p->name);
	exit(status);
}

/* The options of set, one a line with what it means, their values
 * lined up at width. */
static void
print_options(const struct program *p, command_optset set, int width)
{
	struct buf b = {0};

	for (size_t i = 0; i < p->noptions; i++) {
		if (!(set & CMD_OPT(i)))
			continue;
		buf_reset(&b);
		buf_puts(&b, "  ");
		option_usage(&p->options[i], &b);
		buf_printf(&b, "%*s", width + 4 - (int)b.len, "");
		print_wrapped(stdout, buf_str(&b), p->options[i].help,
		    width + 4);
	}
	buf_free(&b);
}

/* One command's usage, what it does and its options (those it needs
 * first, as the usage gives them), on stdout. */
static void
command_usage(const struct program *p, const struct command *cmd)
{
	struct buf b = {0};
	char *lead = xasprintf("usage: %s ", p->name);
	int width = 0;

	command_synopsis(p, cmd, &b);
	print_wrapped(stdout, lead, buf_str(&b), (int)strlen(lead) + 2);
	printf("%s\n", cmd->summary);
	for (size_t i = 0; i < p->noptions; i++) {
		buf_reset(&b);
		option_usage(&p->options[i], &b);
		if ((cmd->takes | cmd->required) & CMD_OPT(i) &&
		    (int)b.len > width)
			width = (int)b.len;
	}
	print_options(p, cmd->required, width);
	print_options(p, cmd->takes & ~cmd->required, width);
	buf_free(&b);
	free(lead);
}

/* help, or COMMAND --help: what the commands ops name do, with their
 * options (all of them with those words, or, for words that only begin
 * some, as "campaign" does, those); the whole usage for no words.  Exits
 * 0, or EX_USAGE for words that are no command's. */
static void __attribute__((noreturn))
help(const struct program *p, char **ops, int n)
{
	int best = 0, shown = 0;

	if (n == 0)
		usage(p, 0);
	for (size_t i = 0; i < p->ncommands; i++) {
		int k = words_match(p->commands[i].words, ops, n, 0);

		if (k > best)
			best = k;
	}
	for (size_t i = 0; i < p->ncommands; i++) {
		const struct command *cmd = &p->commands[i];

		if (best > 0 ? words_match(cmd->words, ops, n, 0) != best :
		    words_match(cmd->words, ops, n, 1) == 0)
			continue;
		if (shown++ > 0)
			putchar('\n');
		command_usage(p, cmd);
	}
	if (shown == 0) {
		warnx("unknown command: '%s'", ops[0]);
		usage(p, EX_USAGE);
	}
	putchar('\n');
	common_options(p, stdout);
	printf("See %s(1).\n", p->name);
	exit(fflush(stdout) == EOF || ferror(stdout) ? EX_IOERR : 0);
}

/* getopt_long's table: the common options, then the program's (with
 * their aliases), each program option's value OPTION_BASE + its index. */
static struct option *
long_options(const struct program *p)
{
	static const struct option common[] = { CLI_COMMON_OPTIONS };
	static const struct option policy[] = { CLI_POLICY_OPTION };
	size_t ncommon = sizeof(common) / sizeof(common[0]), n = 0;
	struct option *o = xcalloc(ncommon + 1 + 2 * p->noptions + 1,
	    sizeof(*o));

	memcpy(o, common, sizeof(common));
	n = ncommon;
	if (p->policy)
		o[n++] = policy[0];
	for (size_t i = 0; i < p->noptions; i++) {
		const struct command_option *po = &p->options[i];
		struct option lo = { po->name, po->value != NULL ?
		    required_argument : no_argument, NULL,
		    OPTION_BASE + (int)i };

		o[n++] = lo;
		if (po->alias != NULL) {
			lo.name = po->alias;
			o[n++] = lo;
		}
	}
	return o;
}

/* getopt's short options: operands in order ("-"), -h, -q, -V and the
 * program's letters. */
static char *
short_options(const struct program *p)
{
	struct buf b = {0};

	buf_puts(&b, "-hqV");
	for (size_t i = 0; i < p->noptions; i++)
		if (p->options[i].letter != 0)
			buf_printf(&b, "%c%s", p->options[i].letter,
			    p->options[i].value != NULL ? ":" : "");
	return buf_take(&b);
}

/* The index of the program's option getopt returned as opt, or -1. */
static int
option_index(const struct program *p, int opt)
{
	if (opt >= OPTION_BASE && opt < OPTION_BASE + (int)p->noptions)
		return opt - OPTION_BASE;
	for (size_t i = 0; i < p->noptions; i++)
		if (p->options[i].letter != 0 && p->options[i].letter == opt)
			return (int)i;
	return -1;
}

/* Whether arg is an operand of the command so far though it begins with
 * '-' ("flag ID -FLAG"): never "--...", which stays an option. */
static int
dash_operand(const struct program *p, const struct parsed *a,
    const char *arg)
{
	return p->dash_operands != NULL && a->n > 0 &&
	    strcmp(a->ops[0], p->dash_operands) == 0 && arg[0] == '-' &&
	    arg[1] != '-' && arg[1] != '\0';
}

/*
 * Takes the command line apart: options anywhere before "--", each
 * program option's value given to p->option, the rest operands in order.
 * Stops at --help.  A bad option is getopt's message and the usage
 * (exit EX_USAGE).
 */
static void
parse(const struct program *p, struct cli *c, int argc, char **argv,
    void *args, struct parsed *a)
{
	struct option *longopts = long_options(p);
	char *shortopts = short_options(p);
	int opt, i;

	a->ops = xcalloc((size_t)argc + 1, sizeof(*a->ops));
	/* getopt's messages begin with argv[0]: "ph-screen: ...", as ours */
	argv[0] = (char *)p->name;
	optind = 0;
	while (!a->help) {
		if (optind > 0 && optind < argc &&
		    dash_operand(p, a, argv[optind])) {
			a->ops[a->n++] = argv[optind++];
			continue;
		}
		if ((opt = getopt_long(argc, argv, shortopts, longopts,
		    NULL)) == -1)
			break;
		if (opt == 1)
			a->ops[a->n++] = optarg;
		else if (opt == OPT_HELP)
			a->help = 1;
		else if (opt == '?')
			usage(p, EX_USAGE);
		else if (!cli_option(c, opt, optarg) &&
		    (i = option_index(p, opt)) >= 0) {
			a->given |= CMD_OPT(i);
			p->option(args, i, optarg);
		}
	}
	while (!a->help && optind < argc)
		a->ops[a->n++] = argv[optind++];
	free(shortopts);
	free(longopts);
}

/* How well cmd fits the options given: 2 when its required options are
 * all given and it takes every one given, 1 when only the first, else 0. */
static int
fit(const struct command *cmd, command_optset given)
{
	if ((cmd->required & ~given) != 0)
		return 0;
	return (given & ~(cmd->required | cmd->takes)) == 0 ? 2 : 1;
}

/*
 * The command ops name: of those whose words are the most of ops, the
 * first that fits the options given best (fit), else the first; NULL
 * for none.  *taken: how many of ops its words are.
 */
static const struct command *
find(const struct program *p, const struct parsed *a, int *taken)
{
	const struct command *cmd = NULL;

	*taken = 0;
	for (size_t i = 0; i < p->ncommands; i++) {
		const struct command *t = &p->commands[i];
		int k = words_match(t->words, a->ops, a->n, 0);

		if (k > *taken || (k > 0 && k == *taken &&
		    fit(t, a->given) > fit(cmd, a->given))) {
			*taken = k;
			cmd = t;
		}
	}
	return cmd;
}

/* A command line that is not one: the message, then the usage on stderr
 * (exit EX_USAGE). */
static void __attribute__((noreturn, format(printf, 2, 3)))
refuse(const struct program *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	usage(p, EX_USAGE);
}

/* Refuses what cmd cannot be given: too few or too many operands, an
 * option it does not take, one it needs missing. */
static void
check(const struct program *p, const struct command *cmd, int n,
    command_optset given)
{
	struct buf name = {0}, list = {0};
	command_optset wrong = given & ~(cmd->takes | cmd->required);
	command_optset missing = cmd->required & ~given;

	command_name(p, cmd, &name);
	if (n < cmd->min)
		refuse(p, "%s: an operand is missing", buf_str(&name));
	if (cmd->max >= 0 && n > cmd->max)
		refuse(p, "%s: too many operands", buf_str(&name));
	if (wrong != 0) {
		option_list(p, wrong, &list);
		refuse(p, "%s does not take %s", buf_str(&name),
		    buf_str(&list));
	}
	if (missing != 0) {
		option_list(p, missing, &list);
		refuse(p, "%s needs %s", buf_str(&name), buf_str(&list));
	}
	buf_free(&name);
}

/* Opens the database as cmd asks into *db (NULL for none): 0 or the exit
 * status. */
static int
open_db(const struct cli *c, const struct command *cmd, sqlite3 **db)
{
	*db = NULL;
	if (cmd->db == CMD_DB_READONLY)
		return db_open_readonly(db_path(c->db), db);
	if (cmd->db != CMD_NO_DB)
		return db_open(db_path(c->db), cmd->db == CMD_DB_CREATE ?
		    DB_CREATE : DB_EXISTING, db);
	return 0;
}

/* Finds, checks and runs the command a names: its exit status. */
static int
run(const struct program *p, struct cli *c, const struct parsed *a,
    void *args)
{
	const struct command *cmd;
	struct command_call call;
	int taken, rc;

	if ((cmd = find(p, a, &taken)) == NULL)
		refuse(p, "unknown command: '%s'", a->ops[0]);
	if (p->check != NULL && (rc = p->check(cmd, a->given, args)) != 0) {
		if (rc == EX_USAGE)
			usage(p, EX_USAGE);
		return rc;
	}
	check(p, cmd, a->n - taken, a->given);
	if (p->prepare != NULL && (rc = p->prepare(c, args)) != 0)
		return rc;
	memset(&call, 0, sizeof(call));
	call.cli = c;
	c->command = cmd->words;
	call.operands = a->ops + taken;
	call.n = a->n - taken;
	call.args = args;
	call.given = a->given;
	if ((rc = open_db(c, cmd, &call.db)) != 0)
		return rc;
	rc = cmd->run(&call);
	if (call.db != NULL)
		db_close(call.db);
	return rc;
}

int
command_main(const struct program *p, int argc, char **argv, void *args)
{
	struct cli c;
	struct parsed a;
	int rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c);
	parse(p, &c, argc, argv, args, &a);
	if (a.help)
		help(p, a.ops, a.n);
	if (a.n == 0)
		usage(p, EX_USAGE);
	if (strcmp(a.ops[0], "help") == 0)
		help(p, a.ops + 1, a.n - 1);
	rc = io_finish(&c, run(p, &c, &a, args));
	free(a.ops);
	return cli_finish(&c, rc);
}
