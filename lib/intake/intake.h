/*
 * ph-intake's operations: rosters of students and staff, contacts and
 * roles, special-group flags, listing, roll-over and archive transfer.
 * Each returns 0 or a sysexits code after its messages on stderr.
 */
#ifndef PH_INTAKE_H
#define PH_INTAKE_H
#include <sqlite3.h>
#include <stdio.h>

#include "cli.h"
#include "io.h"

enum intake_kind { INTAKE_STUDENTS, INTAKE_STAFF };

struct intake_load_opts {
	enum intake_kind kind;
	const char *school;	/* school (students) or organisation (staff)
				 * for rows that do not name one */
	int full;		/* the files are the whole roster of what they
				 * name: others there are marked as left */
	int dry_run;		/* check and count, write nothing */
};

struct intake_load_stats {
	long rows, added, updated, unchanged, left, units;
};

int intake_load(sqlite3 *db, const struct cli *c,
    const struct intake_load_opts *o, char *const *files, int nfiles,
    struct intake_load_stats *stats);
/* Ends a load as load_end does, but a dry run that would have been
 * committed is rolled back (intake_load.c; for the contacts too). */
struct diag;
int intake_load_end(sqlite3 *db, struct diag *d, int rc, int dry_run);

/* contacts: who holds which role for which unit (intake_contacts.c).
 * The file is the whole truth for each (unit, role) it names: holders it
 * no longer lists are ended.  Gaps are listed as warnings afterwards. */
int intake_contacts(sqlite3 *db, const struct cli *c, char *const *files,
    int nfiles, int dry_run);
/* roles [--unit PATH]: the current holders as records. */
int intake_roles(sqlite3 *db, const struct cli *c, const char *unit);
/* gaps: units missing a role the network needs, as records; exit 0. */
int intake_gaps(sqlite3 *db, const struct cli *c, const char *unit);
/* Its rows (unit path, gap, detail) at or under path (NULL: all). */
sqlite3_stmt *intake_gaps_stmt(sqlite3 *db, const char *path);

/* promote: every class up a grade, the top grade graduates
 * (intake_promote.c). */
int intake_promote(sqlite3 *db, const struct cli *c, int dry_run, int force);

/* transfer out / in: a person's whole archive as JSONL
 * (intake_transfer.c). */
int intake_transfer_out(sqlite3 *db, const struct cli *c,
    const char *person_no, FILE *out);
int intake_transfer_in(sqlite3 *db, const struct cli *c, const char *path,
    const char *unit);

/* flag ID +FLAG|-FLAG (intake_flag.c) */
int intake_flag(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *change, const char *since, const char *note);

/* list, units (intake_list.c) */
struct intake_list_opts {
	const char *unit, *flag, *status, *kind;
};
int intake_list(sqlite3 *db, const struct cli *c,
    const struct intake_list_opts *o);
int intake_units(sqlite3 *db, const struct cli *c, const char *unit);

/* audit [verify] (intake_audit.c) */
int intake_audit_list(sqlite3 *db, const struct cli *c, const char *subject);
int intake_audit_verify(sqlite3 *db, const struct cli *c);

/* Prints the rows of sql, whose ?1 is the path of --unit (NULL for all):
 * 0, or a sysexits code after a message. */
int intake_rows_under(sqlite3 *db, const struct cli *c, const char *unit,
    const char *sql, size_t n, const char *const *cols);

#endif
