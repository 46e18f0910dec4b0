/* Reading the roster back: people, units with head counts. */
#include "intake.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "norm.h"
#include "people.h"
#include "queries.h"
#include "rows.h"
#include "units.h"

/* The options of list checked, the flag as its key (or NULL): 0, or
 * EX_USAGE after a message. */
static int
list_options(const struct intake_list_opts *o, const char **flag)
{
	static const char *const statuses[] = { "active", "left",
	    "graduated", "transferred", "all" };
	int f, known = o->status == NULL;
	char *why = NULL;

	if (o->kind != NULL && strcmp(o->kind, "student") != 0 &&
	    strcmp(o->kind, "staff") != 0)
		errx(EX_USAGE, "--kind '%s': expected student or staff",
		    o->kind);
	for (size_t i = 0; !known && i < sizeof(statuses) / sizeof(*statuses);
	    i++)
		known = strcmp(o->status, statuses[i]) == 0;
	if (!known)
		errx(EX_USAGE, "--status '%s': expected active, left, "
		    "graduated, transferred or all", o->status);
	*flag = NULL;
	if (o->flag == NULL)
		return 0;
	if (norm_flag(o->flag, &f, &why) != 0) {
		warnx("--flag: %s", why);
		free(why);
		return EX_USAGE;
	}
	*flag = norm_flag_key(f);
	return 0;
}

int
intake_list(sqlite3 *db, const struct cli *c, const struct intake_list_opts *o)
{
	static const char *const cols[] = { "id", "name", "kind", "sex",
	    "unit", "dormitory", "status", "flags" };
	sqlite3_stmt *st;
	char *path = NULL;
	const char *flag;
	int rc;

	if ((rc = list_options(o, &flag)) != 0 ||
	    (rc = people_unit_option(db, o->unit, &path)) != 0)
		return rc;
	st = db_prepare(db, sql_intake_list_people);
	db_bind_text_or_null(st, 1, path);
	db_bind_text_or_null(st, 2, o->status);
	db_bind_text_or_null(st, 3, o->kind);
	db_bind_text_or_null(st, 4, flag);
	rc = rows_print(db, c, st, sizeof(cols) / sizeof(cols[0]), cols);
	free(path);
	return rc;
}

int
intake_rows_under(sqlite3 *db, const struct cli *c, const char *unit,
    const char *sql, size_t n, const char *const *cols)
{
	char *path = NULL;
	int rc;

	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	rc = rows_print_for(db, c, sql, path, n, cols);
	free(path);
	return rc;
}

int
intake_units(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "path", "kind", "students",
	    "staff", "flagged", "status" };

	return intake_rows_under(db, c, unit, sql_intake_units_counts,
	    sizeof(cols) / sizeof(cols[0]), cols);
}
