#include "progress.h"

#include <errno.h>
#include <unistd.h>

/* The clock is read every so many rows: cheap beside a row's work. */
#define LOOK_EVERY 1024
/* seconds of work before anything is shown, and between updates */
#define QUIET_FOR 1.0
#define UPDATE_EVERY 0.25

/*
 * Progress reads CLOCK_MONOTONIC, not the run's injected time (cli.h,
 * c->now): what it shows changes no behaviour, no file, no exit status,
 * and it is silent whenever stderr is not a terminal.
 */
static double
since(const struct timespec *from)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	return (double)(now.tv_sec - from->tv_sec) +
	    (double)(now.tv_nsec - from->tv_nsec) / 1e9;
}

int
progress_format(char *out, size_t size, const char *prog, const char *name,
    size_t rows, double seconds)
{
	double rate = seconds > 0 ? (double)rows / seconds : 0;

	return snprintf(out, size, "%s: %s: %zu rows, %.0f/s", prog, name,
	    rows, rate);
}

void
progress_start(struct progress *p, const char *name)
{
	p->out = isatty(STDERR_FILENO) ? stderr : NULL;
	p->name = name;
	p->rows = 0;
	p->next_look = LOOK_EVERY;
	p->showing = 0;
	if (p->out != NULL && clock_gettime(CLOCK_MONOTONIC, &p->start) != 0)
		p->out = NULL;
	p->shown = p->start;
}

/* The line, over the one shown before ("\r", then clear to the end);
 * the cursor left at its start, so that a message about a bad line
 * written meanwhile takes the line and the next figures come under it. */
static void
show(struct progress *p, double seconds)
{
	char line[512];

	(void)progress_format(line, sizeof(line),
	    program_invocation_short_name, p->name, p->rows, seconds);
	(void)fprintf(p->out, "\r%s\033[K\r", line);
	(void)fflush(p->out);
	p->showing = 1;
	(void)clock_gettime(CLOCK_MONOTONIC, &p->shown);
}

void
progress_row(struct progress *p)
{
	double seconds;

	if (++p->rows < p->next_look || p->out == NULL)
		return;
	p->next_look = p->rows + LOOK_EVERY;
	seconds = since(&p->start);
	if (seconds >= QUIET_FOR && (!p->showing ||
	    since(&p->shown) >= UPDATE_EVERY))
		show(p, seconds);
}

void
progress_end(struct progress *p)
{
	if (p->out == NULL || !p->showing)
		return;
	show(p, since(&p->start));
	(void)fputc('\n', p->out);
	(void)fflush(p->out);
	p->showing = 0;
}
