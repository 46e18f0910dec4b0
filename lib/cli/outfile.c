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

/* The stream's writes: the first error is kept, since what runs
 * between a failed write and the message (the database) may change
 * errno. */
static ssize_t
write_out(void *cookie, const char *data, size_t n)
{
	struct outfile *o = cookie;
	size_t done = 0;
	ssize_t k;

	while (done < n) {
		k = write(o->fd, data + done, n - done);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (o->error == 0)
				o->error = k == 0 ? EIO : errno;
			return -1;
		}
		done += (size_t)k;
	}
	return (ssize_t)n;
}

static int
close_out(void *cookie)
{
	struct outfile *o = cookie;
	int rc = close(o->fd);

	o->fd = -1;
	return rc;
}

FILE *
outfile_open(struct outfile *o, const char *path)
{
	static const cookie_io_functions_t io = { NULL, write_out, NULL,
	    close_out };

	o->path = path;
	o->fp = NULL;
	o->error = 0;
	/* same directory, so that rename(2) is atomic; mkstemp makes it
	 * 0600 with O_EXCL, whatever the umask and whatever is there */
	o->tmp = xasprintf("%s.XXXXXX", path);
	if ((o->fd = mkstemp(o->tmp)) == -1 ||
	    (o->fp = fopencookie(o, "w", io)) == NULL) {
		warn("%s", path);
		if (o->fd != -1)
			(void)close(o->fd);
		discard(o);
		return NULL;
	}
	return o->fp;
}

/* Whether everything written reached the file; when not, errno says
 * why (EFBIG, ENOSPC). */
static int
written(struct outfile *o)
{
	if (fflush(o->fp) != EOF && !ferror(o->fp))
		return 1;
	if (o->error != 0)
		errno = o->error;
	return 0;
}

int
outfile_close(struct outfile *o, int rc)
{
	if (rc != 0) {
		if (!written(o))
			warn("%s", o->path);
		discard(o);
		return rc;
	}
	/* on the disk before the rename, so a crash never leaves an
	 * empty page under the name */
	if (!written(o) || fsync(o->fd) == -1) {
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
		/* a directory under the name, say: as when it cannot be
		 * made */
		warn("%s", o->path);
		discard(o);
		return EX_CANTCREAT;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}
