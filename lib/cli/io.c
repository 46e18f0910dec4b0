#include "io.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "xalloc.h"
#include "xlsx_write.h"

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

enum rec_format
io_output_format(const struct cli *c)
{
	static const struct {
		const char *ext;
		enum rec_format format;
	} by_name[] = { { ".xlsx", REC_XLSX }, { ".csv", REC_CSV },
	    { ".tsv", REC_TSV }, { ".jsonl", REC_JSONL } };
	size_t n;

	if (c->format != REC_AUTO)
		return c->format;
	n = c->output != NULL ? strlen(c->output) : 0;
	for (size_t i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++) {
		size_t k = strlen(by_name[i].ext);

		if (n > k && strcasecmp(c->output + n - k, by_name[i].ext) == 0)
			return by_name[i].format;
	}
	return REC_TSV;
}

const char *
io_sheet_name(const char *command, int english)
{
	/* ph-report's tables; a listing keeps its command's words */
	static const char *const names[][3] = {
		{ "coverage", "覆盖率", "Coverage" },
		{ "cards", "预警卡", "Cards" },
		{ "upward", "上报", "Upward report" },
		{ "trend", "趋势", "Trend" },
		{ "followups", "随访", "Follow-ups" },
		{ "alerts", "预警", "Alerts" },
		{ "cases", "个案", "Cases" },
		{ "referrals", "转介", "Referrals" },
		{ "activity", "活动", "Activity" },
		{ "staffing", "人员配备", "Staffing" },
		{ "compliance", "达标情况", "Compliance" },
		{ "gaps", "遗漏事项", "Gaps" },
	};

	if (command == NULL)
		return english ? "Sheet1" : "工作表1";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(command, names[i][0]) == 0)
			return names[i][english ? 2 : 1];
	return command;
}

/* -o's file, opened with the first table; exits 73 when it cannot be
 * made (the message names it). */
static void
open_output(const struct cli *c)
{
	struct cli_output *o = c->out;

	o->opened = 1;
	o->fp = stdout;
	if (c->output != NULL &&
	    (o->fp = outfile_open(&o->file, c->output)) == NULL)
		exit(EX_CANTCREAT);
}

/*
 * The run's workbook, started with its first table.  libxlsxwriter
 * writes to a name: -o's temporary file (mode 0600, put in place at the
 * end), or, for stdout, one in $TMPDIR copied out at the end.  A
 * terminal gets no binary file.
 */
static struct xlsx_book *
book(const struct cli *c)
{
	struct cli_output *o = c->out;
	const char *dir = getenv("TMPDIR");
	struct buf why = { 0 };

	if (o->book != NULL)
		return o->book;
	if (c->output == NULL && isatty(STDOUT_FILENO))
		errx(EX_USAGE, "--format xlsx: a workbook is a binary file, "
		    "not for a terminal: give -o FILE.xlsx or redirect stdout");
	open_output(c);
	if (c->output != NULL)
		o->book_path = xstrdup(o->file.tmp);
	else {
		o->book_path = xasprintf("%s/ph-xlsx.XXXXXX",
		    dir != NULL && *dir != '\0' ? dir : "/tmp");
		if ((o->book_fd = mkstemp(o->book_path)) == -1)
			err(EX_CANTCREAT, "%s", o->book_path);
	}
	if ((o->book = xlsx_book_new(o->book_path, &why)) == NULL) {
		/* nothing left behind: no file, no temporary one */
		if (c->output != NULL)
			(void)outfile_close(&o->file, EX_UNAVAILABLE);
		else {
			(void)close(o->book_fd);
			(void)unlink(o->book_path);
		}
		errx(EX_UNAVAILABLE, "%s: cannot write a workbook: %s",
		    c->output != NULL ? c->output : "stdout", buf_str(&why));
	}
	return o->book;
}

struct rec_writer *
io_writer(const struct cli *c, size_t n, const char *const *columns)
{
	enum rec_format f = io_output_format(c);
	unsigned flags = c->quiet ? REC_W_LAZY : 0;

	if (f == REC_XLSX)
		return xlsx_book_sheet(book(c), io_sheet_name(c->command,
		    c->english), n, columns, flags);
	if (!c->out->opened)
		open_output(c);
	if (c->bom)
		flags |= REC_W_EXCEL;
	return rec_writer_new_flags(c->out->fp, f, n, columns, flags);
}

int
io_writer_close(struct rec_writer *w)
{
	/* cli_finish says what went wrong with stdout, once */
	return rec_writer_free(w) != 0 ? EX_IOERR : 0;
}

/* The workbook written for stdout copied there; 0 or EX_IOERR. */
static int
copy_out(int fd, const char *path)
{
	char chunk[65536];
	ssize_t k;

	if (lseek(fd, 0, SEEK_SET) == -1) {
		warn("%s", path);
		return EX_IOERR;
	}
	while ((k = read(fd, chunk, sizeof(chunk))) > 0)
		if (fwrite(chunk, 1, (size_t)k, stdout) != (size_t)k)
			return EX_IOERR;	/* cli_finish names stdout */
	if (k == -1) {
		warn("%s", path);
		return EX_IOERR;
	}
	return 0;
}

/* Whether a run's status says it failed: a sysexits code, not 1 for
 * what it found (ph-report gaps), whose table is kept. */
static int
failed(int rc)
{
	return rc >= EX__BASE;
}

/* -o's file put in place, or dropped when the run failed; the status. */
static int
file_finish(struct cli_output *o, int rc)
{
	int put = outfile_close(&o->file, failed(rc) ? rc : 0);

	return put != 0 ? put : rc;
}

/* The workbook closed: written when the run did not fail and it has a
 * sheet, else dropped; the status. */
static int
book_finish(struct cli *c, int rc)
{
	struct cli_output *o = c->out;
	const char *name = c->output != NULL ? c->output : "stdout";
	const char *error = xlsx_book_error(o->book);
	int sheets = xlsx_book_sheets(o->book) > 0;
	struct buf why = { 0 };

	if (error != NULL)
		warnx("%s: %s", name, error);
	if (xlsx_book_close(o->book, !failed(rc), &why) != 0) {
		warnx("%s: %s", name, buf_str(&why));
		rc = EX_IOERR;
	}
	buf_free(&why);
	o->book = NULL;
	if (c->output != NULL && !failed(rc) && !sheets)
		/* no table (--quiet), no file: an empty one is no workbook */
		(void)outfile_close(&o->file, EX_SOFTWARE);
	else if (c->output != NULL)
		rc = file_finish(o, rc);
	else {
		if (!failed(rc) && sheets)
			rc = copy_out(o->book_fd, o->book_path) ?
			    EX_IOERR : rc;
		(void)close(o->book_fd);
		(void)unlink(o->book_path);
	}
	free(o->book_path);
	o->book_path = NULL;
	return rc;
}

int
io_finish(struct cli *c, int rc)
{
	struct cli_output *o = c->out;

	if (!o->opened)
		return rc;
	if (o->book != NULL)
		return book_finish(c, rc);
	if (c->output != NULL)
		rc = file_finish(o, rc);
	return rc;
}
