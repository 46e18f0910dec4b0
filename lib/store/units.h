/*
 * Units: school > grade > class, school > 宿舍 > dormitory, organisation
 * > department.  Found or created during a load through an in-memory
 * cache, so that a million-row roster asks the database once per unit.
 */
#ifndef PH_UNITS_H
#define PH_UNITS_H
#include <sqlite3.h>
#include <time.h>

struct units;

struct units *units_new(sqlite3 *db, time_t now);
void units_free(struct units *u);
/* Units created so far through u. */
long units_created(const struct units *u);

/* Each returns the unit's id, or -1 after a message (database error). */
long long units_school(struct units *u, const char *school);
long long units_class(struct units *u, const char *school, int grade,
    const char *class_name, int class_no);
long long units_grade(struct units *u, const char *school, int grade);
long long units_dormitory(struct units *u, const char *school,
    const char *dormitory);
/* An existing school of that name, or else an organisation. */
long long units_organisation(struct units *u, const char *name);
long long units_department(struct units *u, const char *organisation,
    const char *department);

/* The name of the residence unit that holds dormitories. */
#define UNITS_RESIDENCE "宿舍"

/*
 * Resolves a path as a user writes it ("一中/初一/3", "一中/七年级/3班")
 * to the unit's id and canonical path (malloc'd).  0, or -1 with *why
 * (malloc'd) when there is no such unit.
 */
int units_resolve(sqlite3 *db, const char *path, long long *id,
    char **canonical, char **why);

#endif
