/*
 * ph-intake: rosters of students and staff, units, roles, special groups,
 * term roll-over and archive transfer.  See ph-intake(1).
 */
#include <stdio.h>

#include "cli.h"
#include "command.h"
#include "intake.h"

/* Its own options; a command's bits in the table below say which it
 * takes. */
enum {
	O_FULL, O_SCHOOL, O_ORG, O_DRY_RUN, O_UNIT, O_FLAG, O_STATUS, O_KIND,
	O_SINCE, O_NOTE, O_FORCE, O_SUBJECT
};
#define O(name) CMD_OPT(O_##name)

static const struct command_option options[] = {
	[O_FULL] = { "full", NULL, "the whole roster: who is not in it has "
	    "left", NULL, 0 },
	[O_SCHOOL] = { "school", "NAME", "the school of rows that name none",
	    NULL, 0 },
	[O_ORG] = { "org", "NAME", "the organisation of rows that name none",
	    NULL, 0 },
	[O_DRY_RUN] = { "dry-run", NULL, "say what would change, change "
	    "nothing", NULL, 0 },
	[O_UNIT] = { "unit", "PATH", "only at or under this unit", NULL, 0 },
	[O_FLAG] = { "flag", "FLAG", "only the people with this flag", NULL,
	    0 },
	[O_STATUS] = { "status", "S", "only the people with this status",
	    NULL, 0 },
	[O_KIND] = { "kind", "student|staff", "only students or only staff",
	    NULL, 0 },
	[O_SINCE] = { "since", "DATE", "the flag holds from this day", NULL,
	    0 },
	[O_NOTE] = { "note", "TEXT", "why", NULL, 0 },
	[O_FORCE] = { "force", NULL, "promote again in the same school year",
	    NULL, 0 },
	[O_SUBJECT] = { "subject", "ID", "only what was done to this person",
	    NULL, 0 },
};

/* What the options set. */
struct args {
	int full, dry_run, force;
	const char *school, *unit, *flag, *status, *kind, *note, *subject;
	char since[11];
};

static void
option(void *args, int i, const char *v)
{
	struct args *a = args;

	switch (i) {
	case O_FULL: a->full = 1; break;
	case O_SCHOOL: a->school = v; break;
	case O_ORG: a->school = v; break;
	case O_DRY_RUN: a->dry_run = 1; break;
	case O_UNIT: a->unit = v; break;
	case O_FLAG: a->flag = v; break;
	case O_STATUS: a->status = v; break;
	case O_KIND: a->kind = v; break;
	case O_SINCE: cli_date("since", v, a->since); break;
	case O_NOTE: a->note = v; break;
	case O_FORCE: a->force = 1; break;
	case O_SUBJECT: a->subject = v; break;
	}
}

/* The load's counts; with --quiet, nothing when nothing changed. */
static void
print_load(const struct intake_load_stats *s, int dry_run, int quiet)
{
	int unchanged = s->rows > 0 && s->rows == s->unchanged && s->left == 0;

	if (quiet && s->added == 0 && s->updated == 0 && s->left == 0 &&
	    s->units == 0)
		return;
	printf("rows\tadded\tupdated\tunchanged\tleft\tunits_created%s\n"
	    "%ld\t%ld\t%ld\t%ld\t%ld\t%ld%s\n", dry_run ? "\tdry_run" : "",
	    s->rows, s->added, s->updated, s->unchanged, s->left, s->units,
	    dry_run ? "\tyes" : "");
	if (unchanged)
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
		print_load(&s, a->dry_run, k->cli->quiet);
	return rc;
}

COMMAND_FN(run_roster, load(k, INTAKE_STUDENTS))
COMMAND_FN(run_staff, load(k, INTAKE_STAFF))
COMMAND_FN(run_contacts, intake_contacts(k->db, k->cli, k->operands, k->n,
    a->dry_run))
COMMAND_FN(run_roles, intake_roles(k->db, k->cli, a->unit))
COMMAND_FN(run_gaps, intake_gaps(k->db, k->cli, a->unit))
COMMAND_FN(run_flag, intake_flag(k->db, k->cli, k->operands[0], k->operands[1],
    a->since[0] != '\0' ? a->since : NULL, a->note))

static int
run_list(const struct command_call *k)
{
	const struct args *a = k->args;
	struct intake_list_opts o = { a->unit, a->flag, a->status, a->kind };

	return intake_list(k->db, k->cli, &o);
}

COMMAND_FN(run_units, intake_units(k->db, k->cli, a->unit))
COMMAND_FN(run_promote, intake_promote(k->db, k->cli, a->dry_run, a->force))
COMMAND_FN(run_transfer_out, intake_transfer_out(k->db, k->cli, k->operands[0],
    stdout))
COMMAND_FN(run_transfer_in, intake_transfer_in(k->db, k->cli,
    k->n > 0 ? k->operands[0] : "-", a->unit))
COMMAND_FN(run_audit, intake_audit_list(k->db, k->cli, a->subject))
COMMAND_FN(run_audit_verify, intake_audit_verify(k->db, k->cli))

/* words, operands, what it does, how many operands, the options it
 * needs and those it takes besides, the database, the function; the
 * loads create the database, the rest need one that exists */
static const struct command commands[] = {
	{ "roster", "[FILE...]", "load students, their units and guardians",
	    0, -1, 0, O(FULL) | O(SCHOOL) | O(ORG) | O(DRY_RUN),
	    CMD_DB_CREATE, run_roster },
	{ "staff", "[FILE...]", "load staff and their units", 0, -1, 0,
	    O(FULL) | O(SCHOOL) | O(ORG) | O(DRY_RUN), CMD_DB_CREATE,
	    run_staff },
	{ "contacts", "[FILE...]", "load who holds which role in which unit",
	    0, -1, 0, O(DRY_RUN), CMD_DB_CREATE, run_contacts },
	{ "roles", "", "who holds each role, per unit", 0, 0, 0, O(UNIT),
	    CMD_DB_EXISTING, run_roles },
	{ "gaps", "", "the roles nobody holds, per unit", 0, 0, 0, O(UNIT),
	    CMD_DB_EXISTING, run_gaps },
	{ "flag", "ID +FLAG|-FLAG", "put a person in a special group, or take "
	    "them out", 2, 2, 0, O(SINCE) | O(NOTE), CMD_DB_EXISTING,
	    run_flag },
	{ "list", "", "the people", 0, 0, 0,
	    O(UNIT) | O(FLAG) | O(STATUS) | O(KIND), CMD_DB_EXISTING,
	    run_list },
	{ "units", "", "the unit tree", 0, 0, 0, O(UNIT), CMD_DB_EXISTING,
	    run_units },
	{ "promote", "", "the new school year: each class a grade up, the "
	    "last graduated", 0, 0, 0, O(DRY_RUN) | O(FORCE), CMD_DB_EXISTING,
	    run_promote },
	{ "transfer out", "ID", "a person's archive, for another school",
	    1, 1, 0, 0, CMD_DB_EXISTING, run_transfer_out },
	{ "transfer in", "[FILE]", "take in an archive from another school",
	    0, 1, 0, O(UNIT), CMD_DB_CREATE, run_transfer_in },
	{ "audit", "", "the audit trail", 0, 0, 0, O(SUBJECT),
	    CMD_DB_EXISTING, run_audit },
	{ "audit verify", "", "check the audit trail's hash chain", 0, 0, 0,
	    0, CMD_DB_EXISTING, run_audit_verify },
};

COMMAND_PROGRAM("ph-intake", "[--db FILE] COMMAND [OPTIONS] [ARGS]",
    .dash_operands = "flag");

int
main(int argc, char **argv)
{
	struct args a = {0};

	return command_main(&program, argc, argv, &a);
}
