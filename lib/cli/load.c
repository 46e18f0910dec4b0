#include "load.h"

#include <stdio.h>
#include <sysexits.h>

#include "db.h"
#include "io.h"
#include "progress.h"

/* The reader's complaint about where it is, as file:line. */
static void
reader_error(struct diag *d, struct rec_reader *r)
{
	diag_error(d, rec_name(r), rec_line(r), NULL, "%s", rec_error(r));
}

/* The records after the header: 0 or the status a row stopped with. */
static int
each_record(const struct load_file *lf, struct rec_reader *r,
    struct progress *p)
{
	int got, rc = 0;

	while (rc == 0 && (got = rec_read(r)) != 0) {
		progress_row(p);
		if (got > 0) {
			rc = lf->row(lf->ctx, r, lf->index);
			continue;
		}
		if (lf->unsplit != NULL && got == -1)
			rc = lf->unsplit(lf->ctx, r);
		else
			reader_error(lf->diag, r);
		/* -2: the file as a whole cannot be read: nothing of it kept,
		 * also by a loader that keeps what it can */
		if (got == -2)
			return lf->unsplit != NULL ? EX_DATAERR : rc;
	}
	return rc;
}

int
load_file(const struct load_file *lf)
{
	FILE *fp = io_open_input(lf->path);
	struct rec_reader *r;
	struct progress p;
	int rc = 0;

	if (fp == NULL)
		return EX_NOINPUT;
	r = rec_reader_new(fp, io_input_name(lf->path), lf->format,
	    lf->encoding);
	rec_reader_sheet(r, lf->sheet);
	if (rec_read_header(r) != 0)
		reader_error(lf->diag, r);
	else if (lf->columns == NULL || columns_map(r, lf->columns,
	    lf->ncolumns, lf->index, lf->diag) == 0) {
		if (lf->mapped != NULL)
			rc = lf->mapped(lf->ctx, r, lf->index);
		progress_start(&p, io_input_name(lf->path));
		if (rc == 0)
			rc = each_record(lf, r, &p);
		else if (rc < 0)
			rc = 0;
		progress_end(&p);
	}
	rec_reader_free(r);
	io_close_input(fp);
	return rc;
}

int
load_end(sqlite3 *db, struct diag *d, int rc, const char *done)
{
	diag_finish(d);
	if (rc == 0)
		rc = diag_refused(d, done);
	return db_end(db, rc);
}
