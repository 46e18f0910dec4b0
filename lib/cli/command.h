/*
 * A program's commands as one table: the words, the operands, the options
 * each needs and allows, whether and how it opens the database, and the
 * function that runs it.  One table recognises a command, checks its
 * command line, runs it and says how it is used (--help), so a command
 * cannot be known to one and run by another, and the same mistake gives
 * the same exit status and message in every program: a command line is
 * checked whole before anything is opened.
 */
#ifndef PH_COMMAND_H
#define PH_COMMAND_H
#include <stdint.h>
#include <sqlite3.h>

#include "cli.h"

/* How a command uses the database. */
enum command_db {
	CMD_NO_DB,		/* none, or the command opens its own */
	CMD_DB_EXISTING,	/* read and write an existing file */
	CMD_DB_CREATE,		/* create it when missing (loads) */
	CMD_DB_READONLY		/* read only: nothing written, no migration */
};

/* Some of a program's own options: bit i is the program's options[i]. */
typedef uint64_t command_optset;
#define CMD_OPT(i) ((command_optset)1 << (i))

/* One of a program's own options (the common ones are cli.h's). */
struct command_option {
	const char *name;	/* "campaign" for --campaign */
	const char *value;	/* what its value is ("CODE"); NULL: none */
	const char *help;	/* what it means, one line */
	const char *alias;	/* another name for it ("colour"), or NULL */
	int letter;		/* a short form ('o' for -o), or 0 */
};

/* What a command's function is given. */
struct command_call {
	struct cli *cli;
	sqlite3 *db;		/* NULL for CMD_NO_DB */
	char **operands;	/* after the command's words */
	int n;
	void *args;		/* the program's own parsed options */
	command_optset given;	/* which of them the command line gave */
};

/*
 * A command.  Two entries may have the same words when an option makes
 * another command of them ("raise --campaign", "upward --care"): the
 * first whose required options are all given is the one, listed with
 * them in its messages.
 */
struct command {
	const char *words;	/* "campaign create": one or more words */
	const char *operands;	/* as usage shows them: "CODE", "[FILE...]" */
	const char *summary;	/* what it does, one line */
	int min, max;		/* how many operands; max -1: any */
	command_optset required; /* the options it needs */
	command_optset takes;	/* the others it allows */
	enum command_db db;
	int (*run)(const struct command_call *call);
};

/* The number of entries of a table. */
#define CMD_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/*
 * A command's function, for the table, whose body is one call: expr,
 * with k (the call) and a (the program's own options, its struct args)
 * in scope.  Most of a program's commands are such a call; the macro
 * keeps each to its line and a body of more is a function of its own.
 */
#define COMMAND_FN(name, expr)					\
	static int							\
	name(const struct command_call *k)				\
	{								\
		const struct args *a = k->args;				\
									\
		(void)a;						\
		return expr;						\
	}

/* A program: its commands and options, and what parses and prepares. */
struct program {
	const char *name;	/* "ph-screen" */
	const char *synopsis;	/* after the name: "[--db FILE] COMMAND ..." */
	const struct command *commands;
	size_t ncommands;
	const struct command_option *options;
	size_t noptions;
	int policy;		/* takes --policy */
	const char *notes;	/* usage's lines after the commands, or NULL */
	const char *common;	/* the common options, as usage says them,
				 * or NULL: cli.h's (and --policy) */
	/* a command whose operands may begin with '-' ("flag ID -FLAG"),
	 * or NULL */
	const char *dash_operands;
	/* Sets args from option i's value (NULL for one without); exits
	 * with EX_USAGE after a message when the value is bad. */
	void (*option)(void *args, int i, const char *value);
	/* or NULL: a rule about the command line that the table cannot
	 * state, checked first, with its own message; 0 or EX_USAGE */
	int (*check)(const struct command *cmd, command_optset given,
	    void *args);
	/* or NULL: called once the command line is checked, before the
	 * database is opened (a program's policy, say); 0 or the exit
	 * status */
	int (*prepare)(struct cli *c, void *args);
};

/* The program of a front-end whose file defines its command table
 * commands, its options table options and their setter option; what
 * else it says follows (.policy = 1, .notes = ..., at least one). */
#define COMMAND_PROGRAM(name_, synopsis_, ...)                           \
	static const struct program program = { .name = (name_),        \
	    .synopsis = (synopsis_), .commands = commands,              \
	    .ncommands = CMD_COUNT(commands), .options = options,       \
	    .noptions = CMD_COUNT(options), .option = option, __VA_ARGS__ }

/*
 * The program's main: parses the command line (options before, among or
 * after the operands), answers --help (the whole usage, or a command's
 * with "COMMAND --help" and "help COMMAND"), finds the command, checks its
 * operands and options, opens the database as it asks, runs it and closes
 * the database.  A command line that is not one is a message and the
 * usage on stderr (EX_USAGE) before anything is opened.  args is the
 * program's options, set by p->option.  The exit status.
 */
int command_main(const struct program *p, int argc, char **argv, void *args);

#endif
