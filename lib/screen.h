/*
 * ph-screen's operations.  Each returns 0 or a sysexits code after its
 * messages on stderr.
 */
#ifndef PH_SCREEN_H
#define PH_SCREEN_H

#include "cli.h"

/* instruments: what is installed, one record each. */
int screen_instruments(const struct cli *c);
/* check FILE...: validate instrument files; prints each one's summary. */
int screen_check(const struct cli *c, char *const *files, int nfiles);
/* score INSTRUMENT [FILE...]: answers in, one score record out each. */
int screen_score(const struct cli *c, const char *instrument,
    char *const *files, int nfiles);

#endif
