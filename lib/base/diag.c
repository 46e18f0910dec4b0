#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

void
diag_init(struct diag *d, long max)
{
	d->max = max;
	d->errors = 0;
	d->warnings = 0;
}

static void
emit(const char *kind, const char *file, size_t line, const char *field,
    const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	if (file != NULL) {
		if (line > 0)
			fprintf(stderr, "%s:%zu: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	if (kind != NULL)
		fprintf(stderr, "%s: ", kind);
	if (field != NULL)
		fprintf(stderr, "%s: ", field);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_error(struct diag *d, const char *file, size_t line, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	d->errors++;
	if (d->max > 0 && d->errors > d->max)
		return;
	va_start(ap, fmt);
	emit(NULL, file, line, field, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diag *d, const char *file, size_t line,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	d->warnings++;
	va_start(ap, fmt);
	emit("warning", file, line, field, fmt, ap);
	va_end(ap);
}

void
diag_finish(struct diag *d)
{
	if (d->max > 0 && d->errors > d->max)
		fprintf(stderr, "%s: %ld more errors not shown "
		    "(--max-errors %ld)\n", program_invocation_short_name,
		    d->errors - d->max, d->max);
}

void
diag_lines(const char *text)
{
	const char *p = text, *nl;

	/* no step past the last line: NULL + 1 is undefined */
	for (;;) {
		nl = strchr(p, '\n');
		fprintf(stderr, "%s: %.*s\n", program_invocation_short_name,
		    (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

int
diag_refused(const struct diag *d, const char *done)
{
	if (d->errors == 0)
		return 0;
	fprintf(stderr, "%s: nothing was %s: %ld error%s\n",
	    program_invocation_short_name, done, d->errors,
	    d->errors == 1 ? "" : "s");
	return EX_DATAERR;
}
