#include "people.h"

#include <err.h>
#include <stdlib.h>
#include <sysexits.h>

#include "db.h"
#include "queries.h"
#include "units.h"

int
people_find(sqlite3 *db, const char *person_no, long long *id)
{
	return db_id_of(db, sql_person_by_number, person_no, id);
}

int
people_id(sqlite3 *db, const char *person_no, long long *id)
{
	int rc = people_find(db, person_no, id);

	if (rc == DB_NONE) {
		warnx("no person '%s'", person_no);
		return EX_DATAERR;
	}
	return rc;
}

int
people_unit_option(sqlite3 *db, const char *unit, char **path)
{
	long long id;
	char *why = NULL;
	int rc;

	*path = NULL;
	if (unit == NULL || (rc = units_resolve(db, unit, &id, path,
	    &why)) == 0)
		return 0;
	/* a failed step has been reported; "no such unit" is said here */
	if (why == NULL)
		return rc > 0 ? rc : EX_SOFTWARE;
	warnx("--unit %s: %s", unit, why);
	free(why);
	return EX_DATAERR;
}
