/*
 * Diagnostics for data: "prog: file:line: field: what is wrong", every bad
 * line listed up to a limit, then one line saying how many more there
 * were.  Counting goes on past the limit so that the summary is true.
 */
#ifndef PH_DIAG_H
#define PH_DIAG_H
#include <stddef.h>

struct diag {
	long max;	/* messages printed at most (0: no limit) */
	long errors;	/* errors counted */
	long warnings;
};

void diag_init(struct diag *d, long max);
/* An error at file:line (line 0: no line), field may be NULL. */
void diag_error(struct diag *d, const char *file, size_t line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_warning(struct diag *d, const char *file, size_t line,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* After a load: says how many were not printed, if any. */
void diag_finish(struct diag *d);
/* After a load that is whole or nothing: when there were errors, says
 * "nothing was <done>" and how many, and gives EX_DATAERR; else 0. */
int diag_refused(const struct diag *d, const char *done);
/* Each line of a message built elsewhere (a YAML file's errors, say),
 * "prog: " before each. */
void diag_lines(const char *text);

#endif
