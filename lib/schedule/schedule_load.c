/*
 * What ph-schedule's loaders (the calendar, rooms, the duty roster, an
 * event's sign-in list) share beyond load_file(): how a file is read with
 * its statements, how a bad field is reported, and how a load ends,
 * audited when it is whole.
 */
#include "schedule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "db.h"
#include "load.h"
#include "strmap.h"
#include "xalloc.h"

/* fmt with ap, malloc'd. */
static char *
format(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	if (vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, ap) < 0)
		*s = '\0';
	return s;
}

void
sched_field_error(struct diag *d, struct rec_reader *r, int column,
    const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = format(fmt, ap);
	va_end(ap);
	diag_error(d, rec_name(r), rec_line(r), rec_column(r, (size_t)column),
	    "%s", what);
	free(what);
}

int
sched_once(struct strmap *lines, struct diag *d, struct rec_reader *r,
    const char *key)
{
	long long first;

	if (strmap_get(lines, key, &first)) {
		diag_error(d, rec_name(r), rec_line(r), NULL, "%s is also on "
		    "line %lld", key, first);
		return -1;
	}
	strmap_put(lines, key, (long long)rec_line(r));
	return 0;
}

int
sched_load(sqlite3 *db, const struct cli *c, const char *file,
    const struct sched_loader *how, int *index, struct diag *d, void *ctx)
{
	struct load_file lf = {
		.path = file,
		.format = REC_AUTO,
		.encoding = c->encoding,
		.sheet = c->sheet,
		.columns = how->columns,
		.ncolumns = how->ncolumns,
		.index = index,
		.diag = d,
		.row = how->row,
		.ctx = ctx,
	};
	int rc;

	db_prepare_set(db, ctx, how->statements, how->nstatements);
	rc = load_file(&lf);
	db_finalize_set(ctx, how->statements, how->nstatements);
	return rc;
}

int
sched_load_end(sqlite3 *db, const struct cli *c, struct diag *d, int rc,
    const char *done, const char *action, const char *subject,
    const char *fmt, ...)
{
	/* a load with a bad line is refused whole: nothing to audit */
	if (rc == 0 && d->errors == 0) {
		va_list ap;
		char *detail;

		va_start(ap, fmt);
		detail = format(fmt, ap);
		va_end(ap);
		rc = audit_once(db, c->now, c->actor, action, subject, detail);
		free(detail);
	}
	return load_end(db, d, rc, done);
}
