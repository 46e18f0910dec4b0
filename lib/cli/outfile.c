#include "outfile.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "xalloc.h"

/* Drops the temporary file; errno as it was, for the message after. */
static void
discard(struct outfile *o)
{
	int saved = errno;

	if (o->fp != NULL)
		(void)fclose(o->fp);
	o->fp = NULL;
	if (o->tmp != NULL)
		(void)unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	errno = saved;
}

FILE *
outfile_open(struct outfile *o, const char *path)
{
	int fd;

	o->path = path;
	o->fp = NULL;
	/* same directory, so that rename(2) is atomic; mkstemp makes it
	 * 0600 with O_EXCL, whatever the umask and whatever is there */
	o->tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		warn("%s", path);
		if (fd != -1)
			(void)close(fd);
		discard(o);
		return NULL;
	}
	return o->fp;
}

/* Whether everything written reached the file; when not, errno says
 * why (EFBIG, ENOSPC), kept from the write that failed. */
static int
written(FILE *fp)
{
	return fflush(fp) != EOF && !ferror(fp);
}

int
outfile_close(struct outfile *o, int rc)
{
	if (rc != 0) {
		if (!written(o->fp))
			warn("%s", o->path);
		discard(o);
		return rc;
	}
	/* on the disk before the rename, so a crash never leaves an
	 * empty page under the name */
	if (!written(o->fp) || fsync(fileno(o->fp)) == -1) {
		warn("%s", o->path);
		discard(o);
		return EX_IOERR;
	}
	if (fclose(o->fp) == EOF) {
		o->fp = NULL;
		warn("%s", o->path);
		discard(o);
		return EX_IOERR;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) == -1) {
		warn("%s", o->path);
		discard(o);
		return EX_IOERR;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}
