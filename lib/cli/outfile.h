/*
 * A file a program writes by name (ph-report html -o): it may name
 * pupils, so it is made mode 0600 whatever the umask, and it appears
 * whole or not at all.  The text goes to a temporary file in the same
 * directory, which rename(2) puts in place at the end: a reader never
 * sees half of it, a failed run leaves the old file as it was, and a
 * symbolic link at the name is replaced, never written through.
 */
#ifndef PH_OUTFILE_H
#define PH_OUTFILE_H
#include <stdio.h>

struct outfile {
	const char *path;	/* the name asked for */
	char *tmp;		/* the temporary file, while it exists */
	FILE *fp;		/* write here */
	int fd;			/* the temporary file's */
	int error;		/* errno of the first write that failed */
};

/* Starts o (which must stay where it is until outfile_close) on path:
 * o->fp, or NULL after a message naming path. */
FILE *outfile_open(struct outfile *o, const char *path);
/*
 * Ends o for a run whose status is rc.  0: puts the file in place; 0,
 * or after a message naming the path EX_IOERR ("File too large" under
 * ulimit -f) or EX_CANTCREAT (it cannot go there: a directory).  Otherwise drops the temporary file, the old one as it
 * was, says why when the write itself failed, and returns rc.
 */
int outfile_close(struct outfile *o, int rc);

#endif
