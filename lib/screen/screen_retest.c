/*
 * ph-screen retest: the people whose latest answer to a campaign's
 * instrument is to be taken again (not valid: careless, too many items
 * missing, a lie scale over its cut-off), with why and where the answer
 * came from.  Coverage does not count them as screened and the missing
 * list names them (017_retest.sql); their cards and critical answers
 * stand all the same.
 */
#include "screen.h"

#include <stdlib.h>
#include <sysexits.h>

#include "db.h"
#include "people.h"
#include "queries.h"
#include "rows.h"

int
screen_retest(sqlite3 *db, const struct cli *c, const char *code,
    const char *unit)
{
	static const char *const cols[] = { "unit", "id", "name",
	    "instrument", "reason", "card", "critical", "source" };
	sqlite3_stmt *st;
	char *path = NULL;
	long long id;
	int rc;

	if ((id = screen_campaign_id(db, code)) == 0)
		return EX_DATAERR;
	if ((rc = people_unit_option(db, unit, &path)) != 0)
		return rc;
	st = db_prepare(db, sql_screen_retest_list);
	sqlite3_bind_int64(st, 1, id);
	db_bind_text_or_null(st, 2, path);
	rc = rows_print(db, c, st, 8, cols);
	free(path);
	return rc;
}
