/*
 * Who an instrument is for: campaign create refuses to give an
 * instrument to grades or classes outside its 'ages' or 'grades'
 * (ph-instrument(5)) unless --force.  A class's ages are its students'
 * on the campaign's first day; a unit whose students have no birth
 * dates is not refused for its ages.
 */
#include "screen.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "db.h"
#include "instrument.h"
#include "norms.h"
#include "queries.h"
#include "xalloc.h"

/* Units named in full before the rest are counted. */
#define FIT_NAMED 10

/* Whether the unit of the current row lies outside in's range; what it
 * holds is added to out ("一中/七年级/1班 (ages 6 to 7)", "小学/三年级
 * (grade 3)"), for the first FIT_NAMED. */
static int
unit_outside(const struct instrument *in, sqlite3_stmt *st, const char *from,
    struct buf *out, size_t shown)
{
	int lo, hi;

	if (in->for_by == FOR_GRADES) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			return 0;
		lo = hi = sqlite3_column_int(st, 1);
	} else {
		/* the latest birth date is the youngest */
		lo = norms_age(db_column_text(st, 3), from);
		hi = norms_age(db_column_text(st, 2), from);
		if (lo < 0 || hi < 0)
			return 0;
	}
	if (lo >= in->for_lo && hi <= in->for_hi)
		return 0;
	if (shown >= FIT_NAMED)
		return 1;
	buf_printf(out, "%s%s (", shown ? ", " : "", db_column_text(st, 0));
	if (lo == hi)
		buf_printf(out, "%s %d)", in->for_by == FOR_GRADES ? "grade" :
		    "age", lo);
	else
		buf_printf(out, "ages %d to %d)", lo, hi);
	return 1;
}

/* The units of campaign id outside in's range: 0, or EX_DATAERR after
 * naming them. */
static int
instrument_fits(sqlite3 *db, long long id, const struct instrument *in,
    const char *from)
{
	sqlite3_stmt *st = db_prepare(db, sql_screen_campaign_fit_units);
	struct buf names = {0};
	size_t outside = 0;
	int rc = 0;

	sqlite3_bind_int64(st, 1, id);
	while (db_row(db, st, &rc))
		outside += unit_outside(in, st, from, &names, outside);
	sqlite3_finalize(st);
	if (rc == 0 && outside > 0) {
		warnx("instrument '%s' is for %s %d to %d, and %zu unit%s "
		    "%s outside: %s%s; --force gives it to them all the same",
		    in->id, in->for_by == FOR_GRADES ? "grades" : "ages",
		    in->for_lo, in->for_hi, outside, outside == 1 ? "" : "s",
		    outside == 1 ? "is" : "are", buf_str(&names),
		    outside > FIT_NAMED ? ", ..." : "");
		rc = EX_DATAERR;
	}
	buf_free(&names);
	return rc;
}

int
screen_campaign_fits(sqlite3 *db, long long id, const char *instruments,
    const char *from)
{
	char *list = xstrdup(instruments), *save = NULL, *name;
	int rc = 0;

	for (name = strtok_r(list, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		char *path = instrument_find(name), *why = NULL;
		struct instrument *in = path ? instrument_load(path, &why) :
		    NULL;
		int irc = 0;

		/* add_instruments has loaded each one already */
		if (in != NULL && in->for_by != FOR_ANYONE)
			irc = instrument_fits(db, id, in, from);
		rc = rc ? rc : irc;
		instrument_free(in);
		free(why);
		free(path);
	}
	free(list);
	return rc;
}
