#include "rows.h"

#include <stdlib.h>
#include <sysexits.h>

#include "db.h"
#include "io.h"
#include "rec.h"
#include "xalloc.h"

int
rows_print(sqlite3 *db, const struct cli *c, sqlite3_stmt *st, size_t n,
    const char *const *columns)
{
	struct rec_writer *w = io_writer(c, n, columns);
	const char **values = xcalloc(n, sizeof(*values));
	int rc = 0, out = 0;

	while (out == 0 && db_row(db, st, &rc)) {
		for (size_t i = 0; i < n; i++)
			values[i] = (const char *)sqlite3_column_text(st,
			    (int)i);
		if (rec_write(w, values) != 0)
			out = EX_IOERR;
	}
	if (out == 0)
		out = rc;
	free(values);
	sqlite3_finalize(st);
	rc = io_writer_close(w);
	return out ? out : rc;
}

int
rows_print_for(sqlite3 *db, const struct cli *c, const char *sql,
    const char *key, size_t n, const char *const *columns)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	db_bind_text_or_null(st, 1, key);
	return rows_print(db, c, st, n, columns);
}
