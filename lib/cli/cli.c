#include "cli.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "run_policy.h"
#include "norm.h"
#include "xalloc.h"

static struct audit_actor *
actor_new(void)
{
	struct audit_actor *a = xcalloc(1, sizeof(*a));
	const char *env = getenv("PH_ACTOR");

	if (env != NULL && *env != '\0')
		a->name = xstrdup(env);
	return a;
}

void
cli_init(struct cli *c)
{
	const char *why = "";

	memset(c, 0, sizeof(*c));
	c->format = REC_AUTO;
	c->encoding = REC_ENC_AUTO;
	c->max_errors = 50;
	/* past a file size limit (ulimit -f) write(2) then fails with
	 * EFBIG, and the program says so and exits 74, instead of dying
	 * of the signal with half a file behind it */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		err(EX_OSERR, "SIGXFSZ");
	clock_init();
	if (clock_zone_check(&why) != 0)
		errx(EX_USAGE, "TZ: '%s': %s", getenv("TZ"), why);
	if (clock_now(&c->now) != 0) {
		(void)clock_parse_why(getenv("PH_NOW"), &c->now, &why);
		errx(EX_USAGE, "PH_NOW: '%s': %s (the forms: YYYY-MM-DD, "
		    "'YYYY-MM-DD HH:MM[:SS]', @EPOCH)", getenv("PH_NOW"), why);
	}
	c->actor = actor_new();
	c->run_policy = run_policy_new();
	c->out = xcalloc(1, sizeof(*c->out));
	c->out->book_fd = -1;
}

void
cli_free(struct cli *c)
{
	if (c->actor != NULL) {
		free(c->actor->name);
		free(c->actor->account);
		free(c->actor);
		c->actor = NULL;
	}
	free(c->dbs);
	c->dbs = NULL;
	c->ndb = 0;
	run_policy_free(c->run_policy);
	c->run_policy = NULL;
	free(c->out);
	c->out = NULL;
}

int
cli_finish(struct cli *c, int status)
{
	cli_free(c);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warn("stdout");
		return status ? status : EX_IOERR;
	}
	return status;
}

void
cli_version(void)
{
	printf("%s (ph) %s\n", program_invocation_short_name, PH_VERSION);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	exit(0);
}

long
cli_number(const char *name, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 0)
		errx(EX_USAGE, "--%s '%s': expected a number", name, arg);
	return v;
}

void
cli_date(const char *name, const char *arg, char out[11])
{
	char *why = NULL;

	if (norm_date(arg, out, &why) != 0) {
		warnx("--%s: %s", name, why);
		free(why);
		exit(EX_USAGE);
	}
}

int
cli_option(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DB:
		c->db = arg;
		c->dbs = xrealloc(c->dbs, (c->ndb + 1) * sizeof(*c->dbs));
		c->dbs[c->ndb++] = arg;
		return 1;
	case OPT_FORMAT:
		if (rec_parse_format(arg, &c->format) != 0)
			errx(EX_USAGE, "--format '%s': expected tsv, csv, "
			    "jsonl or xlsx", arg);
		return 1;
	case OPT_ENCODING:
		if (rec_parse_encoding(arg, &c->encoding) != 0)
			errx(EX_USAGE, "--encoding '%s': expected utf-8, gbk "
			    "or auto", arg);
		return 1;
	case OPT_SHEET:
		if (*arg == '\0')
			errx(EX_USAGE, "--sheet: expected a sheet's name");
		c->sheet = arg;
		return 1;
	case OPT_POLICY:
		c->policy = arg;
		return 1;
	case OPT_MAX_ERRORS:
		c->max_errors = cli_number("max-errors", arg);
		return 1;
	case OPT_QUIET:
		c->quiet = 1;
		return 1;
	case OPT_BOM:
		c->bom = 1;
		return 1;
	case OPT_VERSION:
		cli_version();
	default:
		return 0;
	}
}
