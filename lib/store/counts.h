/*
 * Counts per unit of a campaign, rolled up the unit tree: who should take
 * it and who did (coverage), and the cards.  One SQL for ph-screen
 * coverage and cards --summary and for ph-report, so that their figures
 * cannot differ.
 */
#ifndef PH_COUNTS_H
#define PH_COUNTS_H
#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

/*
 * Counts per unit, for campaign id, rolled up the tree, in the tree's
 * order (grades and classes in their order), restricted to the units at
 * or under path (NULL: all) and to units of kind by (NULL: every level;
 * "top": the units at the top of the tree, schools and organisations;
 * "dormitory" counts people where they sleep).  People are read once, in
 * order, and counted in C: memory grows with the units, not the people.
 */
struct counts_row {
	char *path, *kind;
	long long v[5];
};
struct counts {
	struct counts_row *rows;
	size_t n;
};
/* v: should, screened.  0, or a sysexits code after a message. */
int counts_coverage(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out);
/* v: with a card, red, yellow, blue, none. */
int counts_cards(sqlite3 *db, long long campaign, const char *path,
    const char *by, struct counts *out);
/* The same among the people with a special-group flag now. */
int counts_cards_flag(sqlite3 *db, long long campaign, const char *flag,
    const char *path, const char *by, struct counts *out);
void counts_free(struct counts *c);

/* Who should take the campaign and has not answered every instrument:
 * unit path, person number, name, the instruments missing. */
sqlite3_stmt *counts_missing(sqlite3 *db, long long campaign,
    const char *path);

/* part of whole as a percentage with one decimal ("93.3%"), rounded half
 * up; "" when whole is 0. */
void counts_rate(long long part, long long whole, char out[16]);

/* The campaign with that code, else (code NULL) the latest begun by now
 * (or, when none has begun, the latest); 0 when there is none. */
long long counts_campaign(sqlite3 *db, const char *code, time_t now);
/* (A campaign table that cannot be read: minus a sysexits code, after a
 * message.) */

/* The unit kinds by may name: 0 when it is one. */
int counts_kind_ok(const char *by);

#endif
