/*
 * ph-report: what the programme did and where it falls short, per unit,
 * over one database or a district's many, read only.  See ph-report(1).
 */
#include <err.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "command.h"
#include "counts.h"
#include "db.h"
#include "report.h"

/* Its own options; a command's bits in the table below say which it
 * takes. */
enum {
	O_CAMPAIGN, O_BY, O_UNIT, O_MISSING, O_MIN_CELL, O_CAMPAIGNS,
	O_MOVED, O_NEW_RED, O_FLAGS, O_TERM, O_CARE, O_LANG, O_OUTPUT
};
#define O(name) CMD_OPT(O_##name)

static const struct command_option options[] = {
	[O_CAMPAIGN] = { "campaign", "C", "the campaign (default: each file's "
	    "latest)", NULL, 0 },
	[O_BY] = { "by", "KIND", "a row per unit of this kind: school, grade, "
	    "class, dormitory, organisation or department", NULL, 0 },
	[O_UNIT] = { "unit", "PATH", "only at or under this unit", NULL, 0 },
	[O_MISSING] = { "missing", NULL, "who did not answer, not the counts",
	    NULL, 0 },
	[O_MIN_CELL] = { "min-cell", "N", "counts below N hidden (default: "
	    "the policy's)", NULL, 0 },
	[O_LANG] = { "lang", "zh|en", "the language of the page and of "
	    "xlsx sheet names", NULL, 0 },
	[O_CAMPAIGNS] = { "campaigns", "C1,C2,...", "these campaigns, in "
	    "this order", NULL, 0 },
	[O_MOVED] = { "moved", NULL, "the people whose card changed", NULL,
	    0 },
	[O_NEW_RED] = { "new-red", NULL, "the people red now and not before",
	    NULL, 0 },
	[O_FLAGS] = { "flags", NULL, "a table per special group", NULL, 0 },
	[O_TERM] = { "term", "T", "as of the end of this term", NULL, 0 },
	[O_CARE] = { "care", NULL, "per school: pupils, teachers, events, "
	    "crises and referrals", NULL, 0 },
	[O_OUTPUT] = { "output", "FILE", "write to FILE (mode 0600, whole or "
	    "not at all); a name ending .xlsx, .csv or .tsv picks the format",
	    NULL, 'o' },
};

/* What the options set, and the files, once open. */
struct args {
	struct report_opts report;
	struct html_opts html;
	long min_cell;		/* 0: the policy's */
	const char *campaigns, *term;
	int moved, new_red, care;
	struct report_dbs files;
};

static void
option(void *args, int i, const char *v)
{
	struct args *a = args;

	switch (i) {
	case O_CAMPAIGN: a->report.campaign = v; break;
	case O_BY:
		if (counts_kind_ok(v) != 0)
			errx(EX_USAGE, "--by '%s': expected school, grade, "
			    "class, dormitory, organisation or department", v);
		a->report.by = v;
		break;
	case O_UNIT: a->report.unit = v; break;
	case O_OUTPUT: a->html.output = v; break;
	case O_CAMPAIGNS: a->campaigns = v; break;
	case O_MOVED: a->moved = 1; break;
	case O_NEW_RED: a->new_red = 1; break;
	case O_FLAGS: a->report.flags = 1; break;
	case O_TERM: a->term = v; break;
	case O_CARE: a->care = 1; break;
	case O_LANG:
		if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0)
			errx(EX_USAGE, "--lang '%s': zh or en", v);
		a->html.english = strcmp(v, "en") == 0;
		break;
	case O_MISSING: a->report.missing = 1; break;
	case O_MIN_CELL:
		/* "<2" would say 1 */
		if ((a->min_cell = cli_number("min-cell", v)) < 3 ||
		    a->min_cell > 1000)
			errx(EX_USAGE, "--min-cell %s: 3 to 1000", v);
		break;
	}
}

/* What the table cannot say, checked before any file is opened: upward
 * --care is per school over the school year; trend shows one kind of
 * change; activity is per school or class.  0 or EX_USAGE. */
static int
check(const struct command *cmd, command_optset given, void *args)
{
	const struct args *a = args;

	if (strcmp(cmd->words, "upward") == 0 && (given & O(CARE)) &&
	    (given & (O(CAMPAIGN) | O(BY) | O(UNIT)))) {
		warnx("upward --care is per school over the school year: no "
		    "--campaign, --by or --unit");
		return EX_USAGE;
	}
	if (strcmp(cmd->words, "trend") == 0 && a->moved && a->new_red) {
		warnx("trend: --moved or --new-red, not both");
		return EX_USAGE;
	}
	if (strcmp(cmd->words, "activity") == 0 && a->report.by != NULL &&
	    strcmp(a->report.by, "school") != 0 &&
	    strcmp(a->report.by, "class") != 0) {
		warnx("activity --by '%s': school or class", a->report.by);
		return EX_USAGE;
	}
	return 0;
}

/* Before any command: every --db opened read only, and the day the
 * reports are as of (--term's end, when given). */
static int
open_files(struct cli *c, void *args)
{
	struct args *a = args;
	const char *here = db_path(NULL);
	int rc;

	rc = c->ndb > 0 ? report_open(&a->files, (char *const *)c->dbs,
	    c->ndb) : report_open(&a->files, (char *const *)&here, 1);
	if (rc == 0 && a->term != NULL)
		rc = report_term(&a->files, a->term, &c->now);
	a->report.now = c->now;
	/* the tables' file too (io.h) */
	c->output = a->html.output;
	c->english = a->html.english;
	return rc;
}

/* The commands, as ph-report(1) gives them, over the open files. */
COMMAND_FN(run_coverage, report_coverage(&a->files, k->cli, &a->report))
COMMAND_FN(run_cards, report_cards(&a->files, k->cli, &a->report))

static int
run_upward(const struct command_call *k)
{
	const struct args *a = k->args;
	long min_cell = a->min_cell;
	int rc = 0;

	if (min_cell == 0)
		rc = report_min_cell(k->cli, &min_cell);
	if (rc == 0)
		rc = a->care ? report_upward_care(&a->files, k->cli, min_cell) :
		    report_upward(&a->files, k->cli, &a->report, min_cell);
	return rc;
}

COMMAND_FN(run_trend, report_trend(&a->files, k->cli, &a->report, a->campaigns,
    a->moved, a->new_red))
COMMAND_FN(run_followups, report_followups(&a->files, k->cli, &a->report))
COMMAND_FN(run_alerts, report_alerts(&a->files, k->cli, &a->report))
COMMAND_FN(run_cases, report_cases(&a->files, k->cli))
COMMAND_FN(run_referrals, report_referrals(&a->files, k->cli))
COMMAND_FN(run_activity, report_activity(&a->files, k->cli, &a->report))
COMMAND_FN(run_staffing, report_staffing(&a->files, k->cli))
COMMAND_FN(run_compliance, report_compliance(&a->files, k->cli))
COMMAND_FN(run_gaps, report_gaps(&a->files, k->cli))
COMMAND_FN(run_html, report_html(&a->files, k->cli, &a->report, &a->html))

/* What every table takes: xlsx sheets named in --lang, -o FILE. */
#define TABLE (O(LANG) | O(OUTPUT))

/* words, operands, what it does, how many operands, the options it
 * needs and those it takes besides, the database (each opens the files
 * of --db before: there may be many, all read only), the function */
static const struct command commands[] = {
	{ "coverage", "", "per unit, how many should answer, did, and the "
	    "rate", 0, 0, 0, O(CAMPAIGN) | O(BY) | O(UNIT) | O(MISSING) |
	    TABLE, CMD_NO_DB, run_coverage },
	{ "cards", "", "per unit, the cards of each colour", 0, 0, 0,
	    O(CAMPAIGN) | O(BY) | O(UNIT) | O(FLAGS) | TABLE, CMD_NO_DB,
	    run_cards },
	{ "upward", "", "per school, the year's care, without names", 0, 0,
	    O(CARE), O(TERM) | O(MIN_CELL) | TABLE, CMD_NO_DB, run_upward },
	{ "upward", "", "coverage and cards for publishing, without names",
	    0, 0, 0, O(CAMPAIGN) | O(BY) | O(UNIT) | O(MIN_CELL) | TABLE,
	    CMD_NO_DB, run_upward },
	{ "trend", "", "cards across campaigns; with --moved or "
	    "--new-red (not both), the people", 0, 0, 0,
	    O(UNIT) | O(CAMPAIGNS) | O(MOVED) | O(NEW_RED) | TABLE, CMD_NO_DB,
	    run_trend },
	{ "followups", "", "follow-ups due and done", 0, 0, 0,
	    O(CAMPAIGN) | O(BY) | TABLE, CMD_NO_DB, run_followups },
	{ "alerts", "", "alerts raised, acknowledged and late", 0, 0, 0,
	    O(BY) | TABLE, CMD_NO_DB, run_alerts },
	{ "cases", "", "crisis and referral cases", 0, 0, 0, TABLE,
	    CMD_NO_DB, run_cases },
	{ "referrals", "", "referrals and where they went", 0, 0, 0, TABLE,
	    CMD_NO_DB, run_referrals },
	{ "activity", "", "lessons, events and visits held", 0, 0, 0,
	    O(TERM) | O(BY) | O(UNIT) | TABLE, CMD_NO_DB, run_activity },
	{ "staffing", "", "pupils and counsellors per school against the "
	    "policy", 0, 0, 0, TABLE, CMD_NO_DB, run_staffing },
	{ "compliance", "", "what the policy asks for and what was done", 0,
	    0, 0, O(TERM) | TABLE, CMD_NO_DB, run_compliance },
	{ "gaps", "", "what fell through the cracks", 0, 0, 0, TABLE,
	    CMD_NO_DB, run_gaps },
	{ "html", "", "the term's report as a page", 0, 0, 0,
	    O(TERM) | O(CAMPAIGN) | O(BY) | O(UNIT) | TABLE,
	    CMD_NO_DB, run_html },
};

COMMAND_PROGRAM("ph-report", "[--db FILE|DIR]... COMMAND [OPTIONS]",
    .policy = 1,
    .notes = "KIND: school, grade, class, dormitory, organisation, "
        "department\n",
    .common = "common options: --db FILE|DIR (again for more), --policy "
        "FILE,\n  --format tsv|csv|jsonl|xlsx, --bom, -q|--quiet, --help, "
        "--version\n",
    .check = check,
    .prepare = open_files);

int
main(int argc, char **argv)
{
	struct args a = {0};
	int rc = command_main(&program, argc, argv, &a);

	report_close(&a.files);
	return rc;
}
