/*
 * Whom and where a command names, as every program finds them: a person
 * by number, a unit by the path a user writes (--unit).
 */
#ifndef PH_PEOPLE_H
#define PH_PEOPLE_H
#include <sqlite3.h>

/* The id of the person with that number: 0 with *id set, DB_NONE when
 * there is none, or the code of a failed step (after its message). */
int people_find(sqlite3 *db, const char *person_no, long long *id);
/* The same, where nobody with that number is EX_DATAERR after "no person
 * 'NO'". */
int people_id(sqlite3 *db, const char *person_no, long long *id);
/* --unit as the user wrote it ("一中/初一/3"), made canonical in *path
 * (malloc'd; NULL when unit is NULL); 0, EX_DATAERR after a message when
 * there is no such unit, or the code of a failed step. */
int people_unit_option(sqlite3 *db, const char *unit, char **path);

#endif
