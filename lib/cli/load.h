/*
 * The skeleton every loader of records shares: the file opened (path or
 * "-"), its header read and its columns mapped, each record handed to the
 * loader's own function, a record the reader cannot split reported as
 * file:line, and a reader that cannot go on ending the file; then the
 * load refused whole when any line was wrong, and its transaction ended.
 */
#ifndef PH_LOAD_H
#define PH_LOAD_H
#include <sqlite3.h>
#include <stddef.h>

#include "columns.h"
#include "diag.h"
#include "rec.h"

struct load_file {
	const char *path;		/* a file, or "-" for stdin */
	enum rec_format format;		/* REC_AUTO to guess */
	enum rec_encoding encoding;
	const char *sheet;		/* of a workbook, or NULL: the first */
	const struct column_spec *columns;	/* mapped into index */
	size_t ncolumns;
	int *index;			/* ncolumns entries */
	struct diag *diag;		/* where line errors are counted */
	/* Each record: 0 to go on, or an exit status that stops the load
	 * (a line's own errors go to diag and return 0). */
	int (*row)(void *ctx, struct rec_reader *r, const int *index);
	/* Or NULL: a record the reader cannot split, instead of a line in
	 * diag (screening holds such a row): 0 to go on, which the reader
	 * does when it can. */
	int (*unsplit)(void *ctx, struct rec_reader *r);
	/* Or NULL: once the columns are mapped, before the first record,
	 * for what the header alone tells (a missing column), or for a
	 * loader that maps the header its own way (columns NULL): 0 to
	 * read the records, -1 to read none (the header's faults are in
	 * diag), or an exit status that stops the load. */
	int (*mapped)(void *ctx, const struct rec_reader *r,
	    const int *index);
	void *ctx;
};

/* Reads the file through lf->row: 0 (line errors are in lf->diag), 66
 * when it cannot be opened, or the status a row stopped with. */
int load_file(const struct load_file *lf);

/*
 * Ends a load in its transaction: the diagnostics' summary printed, the
 * load refused (65, "nothing <done>") when any line was wrong, then
 * COMMIT when all is well, else ROLLBACK.  The status.
 */
int load_end(sqlite3 *db, struct diag *d, int rc, const char *done);

#endif
