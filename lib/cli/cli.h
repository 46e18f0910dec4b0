/*
 * What every program's command line shares: --db, --format, --encoding,
 * --sheet, --max-errors, --quiet, --bom, --help, --version; the time
 * (PH_NOW) and the actor and account (who the audit trail names).
 */
#ifndef PH_CLI_H
#define PH_CLI_H
#include <getopt.h>
#include <stddef.h>
#include <time.h>

#include "outfile.h"
#include "rec.h"

struct audit_actor;
struct xlsx_book;

enum {
	OPT_DB = 0x100,
	OPT_FORMAT,
	OPT_ENCODING,
	OPT_SHEET,
	OPT_MAX_ERRORS,
	OPT_POLICY,
	OPT_BOM,
	OPT_HELP = 'h',
	OPT_QUIET = 'q',
	OPT_VERSION = 'V'
};

#define CLI_COMMON_OPTIONS                                           \
	{ "db", required_argument, NULL, OPT_DB },                   \
	{ "format", required_argument, NULL, OPT_FORMAT },           \
	{ "encoding", required_argument, NULL, OPT_ENCODING },       \
	{ "sheet", required_argument, NULL, OPT_SHEET },             \
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },   \
	{ "quiet", no_argument, NULL, OPT_QUIET },                   \
	{ "bom", no_argument, NULL, OPT_BOM },                       \
	{ "help", no_argument, NULL, OPT_HELP },                     \
	{ "version", no_argument, NULL, OPT_VERSION }

/* For the programs that follow the policy (ph-policy(5)). */
#define CLI_POLICY_OPTION \
	{ "policy", required_argument, NULL, OPT_POLICY }

/* Where a run's tables go (io.h), opened with the first. */
struct cli_output {
	int opened;
	struct outfile file;	/* -o FILE's, when given */
	FILE *fp;		/* text records: the file or stdout */
	struct xlsx_book *book;	/* --format xlsx */
	char *book_path;	/* the file libxlsxwriter writes */
	int book_fd;		/* stdout's: that file, to copy out */
};

struct cli {
	const char *db;			/* the last --db, or NULL */
	const char **dbs;		/* every --db, in order (ph-report) */
	size_t ndb;
	enum rec_format format;		/* --format (input or output) */
	enum rec_encoding encoding;	/* --encoding */
	const char *sheet;		/* --sheet: of a workbook read, or NULL */
	long max_errors;		/* --max-errors, default 50 */
	const char *policy;		/* --policy, or NULL */
	/* --quiet: nothing at all when there is nothing to report (no
	 * header over no rows, no summary of zero), for cron, which mails
	 * whatever a job prints */
	int quiet;
	/* a program's -o FILE (ph-report), or NULL: stdout */
	const char *output;
	/* --bom: a CSV or TSV for Excel (a byte-order mark, CRLF) */
	int bom;
	/* the command's words, which name an xlsx sheet, and whether in
	 * English (ph-report --lang en) */
	const char *command;
	int english;
	struct cli_output *out;
	time_t now;			/* PH_NOW or the clock */
	/* the audit trail's actor (PH_ACTOR, or the login name) and the
	 * operating-system account, taken once at start-up */
	struct audit_actor *actor;
	/* the policy of this run, read at its first use (run_policy.h) */
	struct run_policy *run_policy;
};

/* Sets defaults, TZ, now and actor; exits with 64 when PH_NOW is bad. */
void cli_init(struct cli *c);
void cli_free(struct cli *c);
/* At the end of main: frees c and flushes stdout; the exit status, which
 * becomes EX_IOERR when the output could not be written. */
int cli_finish(struct cli *c, int status);

/*
 * Handles a common option from getopt_long but --help: 1 when it was one
 * (exits for --version and bad values), 0 when the caller must handle it.
 */
int cli_option(struct cli *c, int opt, const char *arg);

/* Parses a non-negative number for option name; exits 64 when it is not. */
long cli_number(const char *name, const char *arg);
/* Parses a date (the roster forms); exits 64 when it is not one. */
void cli_date(const char *name, const char *arg, char out[11]);

/* Prints "prog (ph) VERSION" and exits 0. */
void cli_version(void) __attribute__((noreturn));

#endif
