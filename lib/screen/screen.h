/*
 * ph-screen's operations.  Each returns 0 or a sysexits code after its
 * messages on stderr.
 */
#ifndef PH_SCREEN_H
#define PH_SCREEN_H

#include <sqlite3.h>

#include "cli.h"
#include "score.h"

/* instruments: what is installed, one record each. */
int screen_instruments(const struct cli *c);
/* check FILE...: validate instrument files; prints each one's summary. */
int screen_check(const struct cli *c, char *const *files, int nfiles);
/* score INSTRUMENT [FILE...]: answers in, one score record out each. */
int screen_score(const struct cli *c, const struct score_options *o,
    const char *instrument, char *const *files, int nfiles);
/* columns INSTRUMENT FILE: each item, the column that answers it and
 * how it was found, for checking a platform's export before a run. */
int screen_columns(const struct cli *c, const struct score_options *o,
    const char *instrument, const char *file);

/* The database side (screen_campaign.c). */
struct campaign_opts {
	const char *code, *instruments, *kind;
	char *const *units;
	int nunits;
	char from[11], to[11];
	int force;		/* --force: units outside an instrument's
				 * ages or grades too */
};
/* campaign create CODE --instrument I[,I...] [--unit PATH...]
 * [--kind student|staff] --from DATE --to DATE */
int screen_campaign_create(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o);
/* The same within the caller's transaction, the new campaign's id in
 * *id (a follow-on campaign is made so: screen_tier.c). */
int screen_campaign_rows(sqlite3 *db, const struct cli *c,
    const struct campaign_opts *o, long long *id);
int screen_campaign_list(sqlite3 *db, const struct cli *c);
/* Whether every unit of campaign id is in the ages or grades of each of
 * its instruments (screen_fit.c): 0, or EX_DATAERR after naming the
 * units and the instrument. */
int screen_campaign_fits(sqlite3 *db, long long id, const char *instruments,
    const char *from);
/* import --campaign CODE [--instrument I] [FILE...] (screen_import.c):
 * one transaction per file; a row that cannot be read in full is held,
 * the others land. */
int screen_import(sqlite3 *db, const struct cli *c,
    const struct score_options *o, const char *code, const char *instrument,
    char *const *files, int nfiles);
/* rescore --campaign CODE [--instrument FILE...] [--dry-run]
 * [--explain ID] (screen_rescore.c): the campaign's stored answers given
 * their scores and cards again by this run's policy and instruments, in
 * place, in one transaction, audited; prints who changes card.  Cards
 * set by hand stand.  An answer that cannot be re-scored: nothing is
 * written, each is listed, 65. */
struct rescore_opts {
	const char *code;
	char *const *instruments;	/* instrument files to use */
	int ninstruments;
	int dry_run;			/* compute and print, write nothing */
	const char *explain;		/* a person number, or NULL */
};
int screen_rescore(sqlite3 *db, const struct cli *c,
    const struct score_options *o, const struct rescore_opts *ro);
/* The cards of campaign code as rescore would give them (nothing
 * written): counts[card_rank], red at 3.  0, or a code after a message. */
int screen_rescore_counts(sqlite3 *db, const struct cli *c, const char *code,
    long long counts[4]);
/* held [--campaign CODE] [--all]: the rows imports held, with why. */
int screen_held(sqlite3 *db, const struct cli *c, const char *code, int all);
/* coverage --campaign CODE [--unit PATH] [--missing] */
int screen_coverage(sqlite3 *db, const struct cli *c, const char *code,
    const char *unit, int missing);
/* retest --campaign CODE [--unit PATH]: the answers to take again
 * (screen_retest.c). */
int screen_retest(sqlite3 *db, const struct cli *c, const char *code,
    const char *unit);
/* A campaign's id by code, or 0 after a message. */
long long screen_campaign_id(sqlite3 *db, const char *code);

/* cards --campaign CODE [--color C] [--unit PATH] [--summary]
 * (screen_cards.c) */
int screen_cards(sqlite3 *db, const struct cli *c, const char *code,
    const char *color, const char *unit, int summary);
struct card_set_opts {
	const char *color, *by, *reason, *campaign;
};
/* card set ID --color C --by NAME --reason TEXT [--campaign CODE] */
int screen_card_set(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct card_set_opts *o);

/* history ID: a person's screenings across campaigns. */
int screen_history(sqlite3 *db, const struct cli *c, const char *person_no);

#endif
