#include "io.h"

#include <err.h>
#include <string.h>
#include <sysexits.h>

FILE *
io_open_input(const char *path)
{
	FILE *fp;

	if (strcmp(path, "-") == 0)
		return stdin;
	fp = fopen(path, "r");
	if (fp == NULL)
		warn("%s", path);
	return fp;
}

const char *
io_input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

void
io_close_input(FILE *fp)
{
	if (fp != NULL && fp != stdin)
		(void)fclose(fp);
}

struct rec_writer *
io_writer(const struct cli *c, size_t n, const char *const *columns)
{
	enum rec_format f = c->format == REC_AUTO ? REC_TSV : c->format;

	if (c->quiet)
		return rec_writer_new_lazy(stdout, f, n, columns);
	return rec_writer_new(stdout, f, n, columns);
}

int
io_writer_close(struct rec_writer *w)
{
	/* cli_finish says what went wrong with stdout, once */
	return rec_writer_free(w) != 0 ? EX_IOERR : 0;
}
