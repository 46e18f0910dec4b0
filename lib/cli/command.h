/*
 * A program's commands as one table: the words, how many operands, the
 * options each needs, whether and how it opens the database, and the
 * function that runs it.  One table both recognises a command and runs
 * it, so a command cannot be known to one and run by the other, and the
 * same mistake gives the same exit status whether or not the database
 * exists: a command line is checked whole before anything is opened.
 */
#ifndef PH_COMMAND_H
#define PH_COMMAND_H
#include <sqlite3.h>

#include "cli.h"

/* How a command uses the database. */
enum command_db {
	CMD_NO_DB,		/* none, or the command opens its own */
	CMD_DB_EXISTING,	/* read and write an existing file */
	CMD_DB_CREATE,		/* create it when missing (loads) */
	CMD_DB_READONLY		/* read only: nothing written, no migration */
};

/* What a command's function is given. */
struct command_call {
	struct cli *cli;
	sqlite3 *db;		/* NULL for CMD_NO_DB */
	char **operands;	/* after the command's words */
	int n;
	void *args;		/* the program's own parsed options */
};

struct command {
	const char *words;	/* "campaign create": one or more words */
	int min, max;		/* operands after the words; max -1: any */
	unsigned required;	/* bits of the options it needs (see below) */
	enum command_db db;
	int (*run)(const struct command_call *call);
};

/* A program's options that a command may need: bit i of required is
 * names[i] ("campaign" for --campaign). */
struct command_options {
	unsigned given;		/* bits of the options on the command line */
	const char *const *names;
	/* or NULL: called once the command line is checked, before the
	 * database is opened (a program's policy, say); 0 or the exit
	 * status */
	int (*prepare)(struct cli *c, void *args);
};

/*
 * Finds the command ops names in table (the longest match of words),
 * checks its operands and options, opens the database as it asks, runs
 * it and closes the database.  A command line that is not one is a
 * message and the program's usage (EX_USAGE), before anything is opened.
 * The command's exit status.
 */
int command_run(struct cli *c, const struct command *table, size_t n,
    const struct command_options *o, char **ops, int nops, void *args);

#endif
