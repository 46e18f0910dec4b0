/*
 * A person's guardians (staff: emergency contacts) as a roster row gives
 * them, and keeping the guardian table in step with the roster
 * (intake_guardians.c, for intake_load.c).
 */
#ifndef PH_INTAKE_GUARDIANS_H
#define PH_INTAKE_GUARDIANS_H
#include <sqlite3.h>
#include <stddef.h>

#include "buf.h"

/* The guardians one row can name: 监护人, 监护人2, 父亲, 母亲. */
#define GUARDIAN_SLOTS 4

struct guardian_cell {
	const char *name, *relation, *email;	/* NULL: not given */
	char *phone;				/* normalised, malloc'd */
};

struct guardians {
	struct guardian_cell g[GUARDIAN_SLOTS];
	size_t n;
};

void guardians_free(struct guardians *g);

/* Whether the row says more than a first guardian's name and phone (a
 * relation, an e-mail, a second guardian): what the row hash must cover
 * beyond the person's own columns. */
int guardians_beyond_first(const struct guardians *g);

/* The statements of a load. */
struct guardian_writer {
	sqlite3 *db;
	sqlite3_stmt *upsert, *trim, *summary, *first_update;
};

void guardian_writer_init(struct guardian_writer *w, sqlite3 *db);
void guardian_writer_free(struct guardian_writer *w);

/*
 * Makes person's roster guardians those of g, in order: 0 or a code.
 * A guardian entered by hand is left alone.  A lone guardian with only a
 * name and a phone is person.guardian and guardian_phone, and gets no
 * row of its own (one it has already is kept in step).  change is NULL
 * for a person just added (nothing to compare or drop); else it gets
 * "guardians: OLD -> NEW" when the rows differ.
 */
int guardians_store(struct guardian_writer *w, long long person,
    const struct guardians *g, struct buf *change);

#endif
