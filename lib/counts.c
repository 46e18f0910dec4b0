/*
 * Counts per unit of a campaign: see counts.h.  Each counts the people
 * of each unit once (one GROUP BY), then adds them up the tree.
 */
#include "counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "units.h"
#include "xalloc.h"

/* Who should take campaign ?1 (active, of its kind, in its units), where
 * they are counted (their unit, or their dormitory), and who has
 * answered every instrument of it. */
#define POPULATION(where) \
	"c AS (SELECT * FROM campaign WHERE id = ?1)," \
	" scope(id) AS (" CAMPAIGN_UNITS ")," \
	" pop(person, unit) AS (SELECT p.id, " where " FROM person p, c" \
	"  WHERE p.status = 'active' AND (c.kind IS NULL OR p.kind = c.kind)" \
	"  AND p.unit_id IN scope)," \
	" need(n) AS (SELECT count(*) FROM campaign_instrument" \
	"  WHERE campaign_id = ?1)," \
	" done(person) AS (SELECT person_id FROM response WHERE campaign_id = ?1" \
	"  AND latest GROUP BY person_id" \
	"  HAVING count(DISTINCT instrument) = (SELECT n FROM need))"

/* Rows of the units at or under ?2 and of kind ?3, in the tree's order. */
#define UNIT_FILTER \
	" WHERE (?2 IS NULL OR u.path = ?2 OR" \
	" substr(u.path, 1, length(?2) + 1) = ?2 || '/')" \
	" AND (?3 IS NULL OR u.kind = ?3 OR (?3 = 'top' AND" \
	" u.parent_id IS NULL))"

static const char *const kinds[] = { "school", "grade", "class",
    "dormitory", "residence", "organisation", "department", NULL };

int
counts_kind_ok(const char *by)
{
	for (size_t i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], by) == 0)
			return 0;
	return -1;
}

static int
by_dormitory(const char *by)
{
	return by != NULL && (strcmp(by, "dormitory") == 0 ||
	    strcmp(by, "residence") == 0);
}

static sqlite3_stmt *
prepare(sqlite3 *db, char *sql, long long campaign, const char *path,
    const char *by)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	free(sql);
	sqlite3_bind_int64(st, 1, campaign);
	db_bind_text_or_null(st, 2, path);
	db_bind_text_or_null(st, 3, by);
	return st;
}

sqlite3_stmt *
counts_coverage(sqlite3 *db, long long campaign, const char *path,
    const char *by)
{
	char *sql = xasprintf("WITH %s, %s,"
	    " direct(unit, should, screened) AS (SELECT unit, count(*),"
	    "  sum(person IN done) FROM pop WHERE unit IS NOT NULL"
	    "  GROUP BY unit),"
	    " up(unit, should, screened) AS (SELECT * FROM direct"
	    "  UNION ALL SELECT u.parent_id, up.should, up.screened"
	    "  FROM up JOIN unit u ON u.id = up.unit"
	    "  WHERE u.parent_id IS NOT NULL),"
	    " counts(unit, should, screened) AS (SELECT unit, sum(should),"
	    "  sum(screened) FROM up GROUP BY unit)"
	    " SELECT u.path, u.kind, k.should, k.screened"
	    " FROM counts k JOIN unit u ON u.id = k.unit"
	    " JOIN tree t ON t.id = u.id" UNIT_FILTER
	    " ORDER BY t.sortkey", by_dormitory(by) ?
	    POPULATION("p.dormitory_id") : POPULATION("p.unit_id"),
	    units_order_cte);

	return prepare(db, sql, campaign, path, by);
}

sqlite3_stmt *
counts_cards(sqlite3 *db, long long campaign, const char *path,
    const char *by)
{
	char *sql = xasprintf("WITH %s,"
	    " k AS (SELECT %s AS unit, card.color FROM card_color card"
	    "  JOIN person p ON p.id = card.person_id"
	    "  WHERE card.campaign_id = ?1),"
	    " direct(unit, n, r, y, b, z) AS (SELECT unit, count(*),"
	    "  sum(color = 'red'), sum(color = 'yellow'),"
	    "  sum(color = 'blue'), sum(color = 'none') FROM k"
	    "  WHERE unit IS NOT NULL GROUP BY unit),"
	    " up(unit, n, r, y, b, z) AS (SELECT * FROM direct UNION ALL"
	    "  SELECT u.parent_id, up.n, up.r, up.y, up.b, up.z FROM up"
	    "  JOIN unit u ON u.id = up.unit WHERE u.parent_id IS NOT NULL)"
	    " SELECT u.path, u.kind, sum(n), sum(r), sum(y), sum(b),"
	    " sum(z) FROM up JOIN unit u ON u.id = up.unit"
	    " JOIN tree t ON t.id = u.id" UNIT_FILTER
	    " GROUP BY u.id ORDER BY min(t.sortkey)", units_order_cte,
	    by_dormitory(by) ? "p.dormitory_id" : "p.unit_id");

	return prepare(db, sql, campaign, path, by);
}

sqlite3_stmt *
counts_missing(sqlite3 *db, long long campaign, const char *path)
{
	char *sql = xasprintf("WITH %s, %s SELECT u.path, p.person_no, p.name,"
	    " (SELECT group_concat(instrument, ',') FROM"
	    "  campaign_instrument ci WHERE ci.campaign_id = ?1 AND NOT"
	    "  EXISTS (SELECT 1 FROM response r WHERE r.campaign_id = ?1"
	    "  AND r.person_id = p.id AND r.instrument = ci.instrument"
	    "  AND r.latest))"
	    " FROM pop JOIN person p ON p.id = pop.person"
	    " JOIN unit u ON u.id = pop.unit JOIN tree t ON t.id = u.id"
	    " WHERE pop.person NOT IN done AND (?2 IS NULL OR"
	    " u.path = ?2 OR substr(u.path, 1, length(?2) + 1) = ?2 || '/')"
	    " AND ?3 IS NULL ORDER BY t.sortkey, p.person_no",
	    POPULATION("p.unit_id"), units_order_cte);

	return prepare(db, sql, campaign, path, NULL);
}

void
counts_rate(long long part, long long whole, char out[16])
{
	long long tenths;

	if (whole <= 0) {
		out[0] = '\0';
		return;
	}
	/* tenths of a percent, half up, in integers: the same figure
	 * whichever program prints it */
	tenths = (part * 2000 + whole) / (whole * 2);
	snprintf(out, 16, "%lld.%lld%%", tenths / 10 % 100000, tenths % 10);
}
