/* Reading the roster back: people, units with head counts. */
#include "intake.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "db.h"
#include "norm.h"
#include "rec.h"
#include "rows.h"
#include "units.h"
#include "xalloc.h"

char *
intake_subtree_sql(const char *col, int i)
{
	return xasprintf("(%s = ?%d OR substr(%s, 1, length(?%d) + 1) = "
	    "?%d || '/')", col, i, col, i, i);
}

int
intake_resolve_unit(sqlite3 *db, const char *unit, char **path)
{
	long long id;
	char *why = NULL;

	*path = NULL;
	if (unit == NULL)
		return 0;
	if (units_resolve(db, unit, &id, path, &why) != 0) {
		warnx("--unit %s: %s", unit, why);
		free(why);
		return EX_DATAERR;
	}
	return 0;
}

int
intake_list(sqlite3 *db, const struct cli *c, const struct intake_list_opts *o)
{
	static const char *const cols[] = { "id", "name", "kind", "sex",
	    "unit", "dormitory", "status", "flags" };
	const size_t n = sizeof(cols) / sizeof(cols[0]);
	struct buf sql = {0};
	sqlite3_stmt *st;
	char *path = NULL, *cond;
	const char *flag = NULL;
	int rc;

	if (o->kind != NULL && strcmp(o->kind, "student") != 0 &&
	    strcmp(o->kind, "staff") != 0)
		errx(EX_USAGE, "--kind '%s': expected student or staff",
		    o->kind);
	if (o->status != NULL && strcmp(o->status, "active") != 0 &&
	    strcmp(o->status, "left") != 0 &&
	    strcmp(o->status, "graduated") != 0 &&
	    strcmp(o->status, "transferred") != 0 &&
	    strcmp(o->status, "all") != 0)
		errx(EX_USAGE, "--status '%s': expected active, left, "
		    "graduated, transferred or all", o->status);
	if (o->flag != NULL) {
		int f;
		char *why = NULL;

		if (norm_flag(o->flag, &f, &why) != 0) {
			warnx("--flag: %s", why);
			free(why);
			return EX_USAGE;
		}
		flag = norm_flag_key(f);
	}
	if ((rc = intake_resolve_unit(db, o->unit, &path)) != 0)
		return rc;
	buf_printf(&sql, "WITH%s SELECT p.person_no, p.name, p.kind, p.sex, u.path, "
	    "d.path, p.status, (SELECT group_concat(flag, ';') FROM "
	    "(SELECT flag FROM person_flag f WHERE f.person_id = p.id AND "
	    "f.until IS NULL ORDER BY flag)) FROM person p "
	    "LEFT JOIN unit u ON u.id = p.unit_id "
	    "LEFT JOIN tree t ON t.id = p.unit_id "
	    "LEFT JOIN unit d ON d.id = p.dormitory_id WHERE 1", units_order_cte);
	if (o->status == NULL)
		buf_puts(&sql, " AND p.status = 'active'");
	else if (strcmp(o->status, "all") != 0)
		buf_puts(&sql, " AND p.status = ?2");
	if (o->kind != NULL)
		buf_puts(&sql, " AND p.kind = ?3");
	if (flag != NULL)
		buf_puts(&sql, " AND EXISTS (SELECT 1 FROM person_flag f WHERE "
		    "f.person_id = p.id AND f.flag = ?4 AND f.until IS NULL)");
	if (path != NULL) {
		char *c1 = intake_subtree_sql("u.path", 1);
		char *c2 = intake_subtree_sql("d.path", 1);
		buf_printf(&sql, " AND (%s OR %s)", c1, c2);
		free(c1);
		free(c2);
	}
	buf_puts(&sql, " ORDER BY t.sortkey, p.person_no");
	cond = buf_take(&sql);
	st = db_prepare(db, cond);
	free(cond);
	if (path != NULL)
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	if (o->status != NULL)
		sqlite3_bind_text(st, 2, o->status, -1, SQLITE_STATIC);
	if (o->kind != NULL)
		sqlite3_bind_text(st, 3, o->kind, -1, SQLITE_STATIC);
	if (flag != NULL)
		sqlite3_bind_text(st, 4, flag, -1, SQLITE_STATIC);
	rc = rows_print(db, c, st, n, cols);
	free(path);
	return rc;
}

int
intake_units(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "path", "kind", "students",
	    "staff", "flagged", "status" };
	const size_t n = sizeof(cols) / sizeof(cols[0]);
	sqlite3_stmt *st;
	char *path = NULL, *cond, *sql;
	int rc;

	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	/* Head counts per unit from one GROUP BY over people, rolled up
	 * the (small) unit tree.  A dormitory's count stops at its
	 * residence, so that boarders are not counted twice in their
	 * school. */
	cond = intake_subtree_sql("u.path", 1);
	sql = xasprintf(
	    "WITH flagged(person) AS (SELECT DISTINCT person_id FROM "
	    "  person_flag WHERE until IS NULL),"
	    " direct(unit, dorm, students, staff, flagged) AS ("
	    " SELECT unit_id, 0, sum(kind = 'student'), sum(kind = 'staff'),"
	    "  sum(id IN flagged) FROM person WHERE status = 'active'"
	    "  AND unit_id IS NOT NULL GROUP BY unit_id"
	    " UNION ALL"
	    " SELECT dormitory_id, 1, sum(kind = 'student'), sum(kind = 'staff'),"
	    "  sum(id IN flagged) FROM person WHERE status = 'active'"
	    "  AND dormitory_id IS NOT NULL GROUP BY dormitory_id),"
	    " up(unit, dorm, students, staff, flagged) AS ("
	    " SELECT * FROM direct UNION ALL"
	    " SELECT u.parent_id, up.dorm, up.students, up.staff, up.flagged"
	    "  FROM up JOIN unit u ON u.id = up.unit"
	    "  WHERE u.parent_id IS NOT NULL"
	    "  AND NOT (up.dorm AND u.kind = 'residence')),"
	    " counts(unit, students, staff, flagged) AS ("
	    " SELECT unit, sum(students), sum(staff), sum(flagged) FROM up"
	    "  GROUP BY unit),%s"
	    " SELECT u.path, u.kind, coalesce(c.students, 0),"
	    " coalesce(c.staff, 0), coalesce(c.flagged, 0), u.status"
	    " FROM unit u JOIN tree t ON t.id = u.id"
	    " LEFT JOIN counts c ON c.unit = u.id"
	    " WHERE %s ORDER BY t.sortkey", units_order_cte,
	    path != NULL ? cond : "1");
	st = db_prepare(db, sql);
	free(sql);
	free(cond);
	if (path != NULL)
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	rc = rows_print(db, c, st, n, cols);
	free(path);
	return rc;
}

long long
intake_person_id(sqlite3 *db, const char *person_no)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM person WHERE "
	    "person_no = ?");
	long long id = 0;

	sqlite3_bind_text(st, 1, person_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}
