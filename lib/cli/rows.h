/*
 * A query's rows printed as records: every program's listings (people,
 * alerts, campaigns, appointments ...) are a statement and its column
 * names, printed the same way.
 */
#ifndef PH_ROWS_H
#define PH_ROWS_H
#include <stddef.h>
#include <sqlite3.h>

#include "cli.h"

/* Prints every row of st (finalized here) as records with these column
 * names, in the chosen format; 0 or a sysexits code (a step that fails
 * midway is its error, not the end of the rows). */
int rows_print(sqlite3 *db, const struct cli *c, sqlite3_stmt *st, size_t n,
    const char *const *columns);

/* The rows of the named query sql, its ?1 bound to key (NULL: every
 * row, as the query says), printed as rows_print does. */
int rows_print_for(sqlite3 *db, const struct cli *c, const char *sql,
    const char *key, size_t n, const char *const *columns);

#endif
