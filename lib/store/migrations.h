/* The schema, as numbered migrations compiled from lib/sql/NNN_*.sql. */
#ifndef PH_MIGRATIONS_H
#define PH_MIGRATIONS_H

struct migration {
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migration_count;

#endif
