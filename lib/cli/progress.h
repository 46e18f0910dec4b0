/*
 * Progress of a long load on stderr: "ph-intake: roster.csv: 420000
 * rows, 310000/s", once the work has taken a second, updated in place a
 * few times a second and ended with a newline; nothing at all when
 * stderr is not a terminal (cron, pipes, tests), so no output changes.
 */
#ifndef PH_PROGRESS_H
#define PH_PROGRESS_H
#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct progress {
	FILE *out;		/* stderr, or NULL: silent */
	const char *name;	/* the input, as messages name it */
	size_t rows;
	size_t next_look;	/* the clock is read at this row */
	struct timespec start, shown;
	int showing;		/* a line is on the screen */
};

/* Starts p for the input name, shown only when stderr is a terminal. */
void progress_start(struct progress *p, const char *name);
/* One more row; now and then a look at the clock. */
void progress_row(struct progress *p);
/* The last figures and a newline, when anything was shown. */
void progress_end(struct progress *p);

/* The line: "prog: name: N rows, R/s" for rows over seconds, into out
 * (size bytes); its length as snprintf gives it. */
int progress_format(char *out, size_t size, const char *prog,
    const char *name, size_t rows, double seconds);

#endif
