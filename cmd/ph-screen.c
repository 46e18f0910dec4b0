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
#include "screen_tier.h"
#include "xalloc.h"

/* Its own options; a command's bits in the table below say which it
 * takes. */
enum {
	O_CAMPAIGN, O_INSTRUMENT, O_UNIT, O_KIND, O_FROM, O_TO, O_MISSING,
	O_COLOR, O_BY, O_REASON, O_SUMMARY, O_MAP, O_VALUES, O_ALL,
	O_AFTER, O_WHEN, O_DRY_RUN, O_EXPLAIN, O_AGE_COLUMN, O_SEX_COLUMN,
	O_BIRTH_COLUMN, O_GRADE_COLUMN, O_FORCE
};
#define O(name) CMD_OPT(O_##name)

static const struct command_option options[] = {
	[O_CAMPAIGN] = { "campaign", "CODE", "the campaign", NULL, 0 },
	[O_INSTRUMENT] = { "instrument", "I[,I...]", "the instruments to take "
	    "(import: which of the campaign's)", NULL, 0 },
	[O_UNIT] = { "unit", "PATH", "only at or under this unit (campaign "
	    "create: again for more)", NULL, 0 },
	[O_KIND] = { "kind", "student|staff", "only students or only staff",
	    NULL, 0 },
	[O_FROM] = { "from", "DATE", "the first day", NULL, 0 },
	[O_TO] = { "to", "DATE", "the last day", NULL, 0 },
	[O_MISSING] = { "missing", NULL, "who did not answer, per unit",
	    NULL, 0 },
	[O_COLOR] = { "color", "red|yellow|blue|none", "the card's colour",
	    "colour", 0 },
	[O_BY] = { "by", "NAME", "who judged", NULL, 0 },
	[O_REASON] = { "reason", "TEXT", "why", NULL, 0 },
	[O_SUMMARY] = { "summary", NULL, "per unit, how many have each "
	    "colour", NULL, 0 },
	[O_MAP] = { "map", "ITEM=COLUMN", "the column that answers an item "
	    "(again for more)", NULL, 0 },
	[O_VALUES] = { "values", "value|position", "the answers are the "
	    "options' values or their positions", NULL, 0 },
	[O_ALL] = { "all", NULL, "resolved rows too", NULL, 0 },
	[O_AFTER] = { "after", "CODE", "a follow-on of this campaign", NULL,
	    0 },
	[O_WHEN] = { "when", "CONDITION", "for whom it holds, e.g. "
	    "'phq9.total >= 10'", NULL, 0 },
	[O_DRY_RUN] = { "dry-run", NULL, "compute and print, write nothing",
	    NULL, 0 },
	[O_EXPLAIN] = { "explain", "ID", "one person's whole derivation",
	    NULL, 0 },
	[O_AGE_COLUMN] = { "age-column", "COL", "the column of ages in "
	    "years, for norms", NULL, 0 },
	[O_SEX_COLUMN] = { "sex-column", "COL", "the column of sex "
	    "(男/女, M/F), for norms", NULL, 0 },
	[O_BIRTH_COLUMN] = { "birth-column", "COL", "the column of birth "
	    "dates, for norms (age today)", NULL, 0 },
	[O_GRADE_COLUMN] = { "grade-column", "COL", "the column of grades "
	    "(初一, 7), for norms by grade", NULL, 0 },
	[O_FORCE] = { "force", NULL, "give instruments to units outside "
	    "their ages or grades", NULL, 0 },
};

/* What the options set. */
struct args {
	const char *campaign, *instrument, *kind, *color, *by, *reason;
	const char *after, *when, *explain;
	char **units, **map, **instruments;
	int nunits, missing, summary, all, ninstruments, dry_run, force;
	struct score_options answers;
	char from[11], to[11];
};

static void
option(void *args, int i, const char *v)
{
	struct args *a = args;

	switch (i) {
	case O_CAMPAIGN: a->campaign = v; break;
	case O_INSTRUMENT:
		a->instrument = v;
		a->instruments[a->ninstruments++] = (char *)v;
		break;
	case O_UNIT: a->units[a->nunits++] = (char *)v; break;
	case O_KIND:
		if (strcmp(v, "student") != 0 && strcmp(v, "staff") != 0)
			errx(EX_USAGE, "--kind '%s': expected student or "
			    "staff", v);
		a->kind = v;
		break;
	case O_FROM: cli_date("from", v, a->from); break;
	case O_TO: cli_date("to", v, a->to); break;
	case O_MISSING: a->missing = 1; break;
	case O_COLOR: a->color = v; break;
	case O_BY: a->by = v; break;
	case O_REASON: a->reason = v; break;
	case O_SUMMARY: a->summary = 1; break;
	case O_MAP:
		if (strchr(v, '=') == NULL || *v == '=')
			errx(EX_USAGE, "--map '%s': expected ITEM=COLUMN", v);
		a->map[a->answers.nmap++] = (char *)v;
		break;
	case O_VALUES:
		if (strcmp(v, "position") != 0 && strcmp(v, "value") != 0)
			errx(EX_USAGE, "--values '%s': expected value or "
			    "position", v);
		a->answers.by_position = strcmp(v, "position") == 0;
		a->answers.values_stated = 1;
		break;
	case O_ALL: a->all = 1; break;
	case O_AFTER: a->after = v; break;
	case O_WHEN: a->when = v; break;
	case O_DRY_RUN: a->dry_run = 1; break;
	case O_EXPLAIN: a->explain = v; break;
	case O_AGE_COLUMN: a->answers.age_column = v; break;
	case O_SEX_COLUMN: a->answers.sex_column = v; break;
	case O_BIRTH_COLUMN: a->answers.birth_column = v; break;
	case O_GRADE_COLUMN: a->answers.grade_column = v; break;
	case O_FORCE: a->force = 1; break;
	}
}

/* The commands, as ph-screen(1) gives them. */
COMMAND_FN(run_instruments, screen_instruments(k->cli))
COMMAND_FN(run_check, screen_check(k->cli, k->operands, k->n))
COMMAND_FN(run_score, screen_score(k->cli, &a->answers, k->operands[0],
    k->operands + 1, k->n - 1))
COMMAND_FN(run_columns, screen_columns(k->cli, &a->answers, k->operands[0],
    k->operands[1]))

static int
run_campaign_create(const struct command_call *k)
{
	const struct args *a = k->args;
	struct campaign_opts o = { k->operands[0], a->instrument, a->kind,
	    a->units, a->nunits, "", "", a->force };

	memcpy(o.from, a->from, sizeof(o.from));
	memcpy(o.to, a->to, sizeof(o.to));
	return screen_campaign_create(k->db, k->cli, &o);
}

static int
run_campaign_tier(const struct command_call *k)
{
	const struct args *a = k->args;
	struct tier_opts o = { k->operands[0], a->after, a->when,
	    a->instrument, "", "", a->force };

	memcpy(o.from, a->from, sizeof(o.from));
	memcpy(o.to, a->to, sizeof(o.to));
	return screen_tier_create(k->db, k->cli, &o);
}

COMMAND_FN(run_campaign_list, screen_campaign_list(k->db, k->cli))
COMMAND_FN(run_import, screen_import(k->db, k->cli, &a->answers, a->campaign,
    a->instrument, k->operands, k->n))

static int
run_rescore(const struct command_call *k)
{
	const struct args *a = k->args;
	struct rescore_opts o = { a->campaign, a->instruments,
	    a->ninstruments, a->dry_run, a->explain };

	return screen_rescore(k->db, k->cli, &a->answers, &o);
}

COMMAND_FN(run_held, screen_held(k->db, k->cli, a->campaign, a->all))
COMMAND_FN(run_coverage, screen_coverage(k->db, k->cli, a->campaign,
    a->nunits > 0 ? a->units[0] : NULL, a->missing))
COMMAND_FN(run_retest, screen_retest(k->db, k->cli, a->campaign,
    a->nunits > 0 ? a->units[0] : NULL))
COMMAND_FN(run_cards, screen_cards(k->db, k->cli, a->campaign, a->color,
    a->nunits > 0 ? a->units[0] : NULL, a->summary))

static int
run_card_set(const struct command_call *k)
{
	const struct args *a = k->args;
	struct card_set_opts o = { a->color, a->by, a->reason, a->campaign };

	return screen_card_set(k->db, k->cli, k->operands[0], &o);
}

COMMAND_FN(run_history, screen_history(k->db, k->cli, k->operands[0]))

/* words, operands, what it does, how many operands, the options it
 * needs and those it takes besides, the database, the function */
static const struct command commands[] = {
	{ "instruments", "", "list the installed instruments", 0, 0, 0, 0,
	    CMD_NO_DB, run_instruments },
	{ "check", "FILE.yaml...", "validate instrument and policy files",
	    1, -1, 0, 0, CMD_NO_DB, run_check },
	{ "score", "INSTRUMENT [FILE...]", "score answers: records in, "
	    "scores out", 1, -1, 0, O(MAP) | O(VALUES) | O(AGE_COLUMN) |
	    O(SEX_COLUMN) | O(BIRTH_COLUMN) | O(GRADE_COLUMN), CMD_NO_DB,
	    run_score },
	{ "columns", "INSTRUMENT FILE", "which column answers which item",
	    2, 2, 0, O(MAP) | O(VALUES), CMD_NO_DB, run_columns },
	{ "campaign create", "CODE", "a screening round: the instruments, "
	    "who takes them, and the dates", 1, 1,
	    O(INSTRUMENT) | O(FROM) | O(TO), O(UNIT) | O(KIND) | O(FORCE),
	    CMD_DB_EXISTING, run_campaign_create },
	{ "campaign create", "CODE", "a follow-on round for those of another "
	    "a condition holds for (again: adds who became so)", 1, 1,
	    O(AFTER) | O(WHEN), O(INSTRUMENT) | O(FROM) | O(TO) | O(FORCE),
	    CMD_DB_EXISTING, run_campaign_tier },
	{ "campaign list", "", "the campaigns, with their responses counted",
	    0, 0, 0, 0, CMD_DB_EXISTING, run_campaign_list },
	{ "import", "[FILE...]", "store a campaign's answers, their scores "
	    "and cards", 0, -1, O(CAMPAIGN),
	    O(INSTRUMENT) | O(MAP) | O(VALUES), CMD_DB_EXISTING, run_import },
	{ "rescore", "", "one person's scores and card, step by step, as a "
	    "re-score gives them", 0, 0, O(CAMPAIGN) | O(EXPLAIN),
	    O(INSTRUMENT) | O(MAP) | O(VALUES), CMD_DB_READONLY, run_rescore },
	{ "rescore", "", "what a re-score would change, writing nothing", 0,
	    0, O(CAMPAIGN) | O(DRY_RUN), O(INSTRUMENT) | O(MAP) | O(VALUES),
	    CMD_DB_READONLY, run_rescore },
	{ "rescore", "", "a campaign's stored answers given their scores and "
	    "cards again, by this policy and these instruments", 0, 0,
	    O(CAMPAIGN), O(INSTRUMENT) | O(MAP) | O(VALUES), CMD_DB_EXISTING,
	    run_rescore },
	{ "held", "", "rows an import could not read", 0, 0, 0,
	    O(CAMPAIGN) | O(ALL), CMD_DB_EXISTING, run_held },
	{ "coverage", "", "per unit, how many should answer and how many did",
	    0, 0, O(CAMPAIGN), O(UNIT) | O(MISSING), CMD_DB_EXISTING,
	    run_coverage },
	{ "retest", "", "answers to take again: careless or incomplete, "
	    "with why", 0, 0, O(CAMPAIGN), O(UNIT), CMD_DB_EXISTING,
	    run_retest },
	{ "cards", "", "a campaign's cards, red first", 0, 0, O(CAMPAIGN),
	    O(COLOR) | O(UNIT) | O(SUMMARY), CMD_DB_EXISTING, run_cards },
	{ "card set", "ID", "a counsellor's judgement over the policy's card",
	    1, 1, O(COLOR) | O(BY) | O(REASON), O(CAMPAIGN), CMD_DB_EXISTING,
	    run_card_set },
	{ "history", "ID", "a person's responses and cards across campaigns",
	    1, 1, 0, 0, CMD_DB_EXISTING, run_history },
};

COMMAND_PROGRAM("ph-screen", "[--db FILE] COMMAND [OPTIONS] [ARGS]",
    .policy = 1);

int
main(int argc, char **argv)
{
	/* room for every --unit and --map the command line can hold */
	struct args a = {
		.units = xcalloc((size_t)argc + 1, sizeof(char *)),
		.map = xcalloc((size_t)argc + 1, sizeof(char *)),
		.instruments = xcalloc((size_t)argc + 1, sizeof(char *)),
	};
	int rc;

	a.answers.map = a.map;
	rc = command_main(&program, argc, argv, &a);
	free(a.units);
	free(a.map);
	free(a.instruments);
	return rc;
}
