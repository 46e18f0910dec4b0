/*
 * Workbooks as TSV.  The sheet goes to an unlinked temporary file (mode
 * 0600, gone when closed) rather than memory: a district's sheet may be
 * hundreds of megabytes, and the record reader then reads it with its own
 * bounded memory.
 */
#include "sheet.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rec.h"
#include "xalloc.h"
#include "xls.h"
#include "xlsx.h"

enum sheet_file
sheet_sniff(int fd)
{
	static const unsigned char zip[4] = { 'P', 'K', 3, 4 };
	static const unsigned char ole2[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
	    0xb1, 0x1a, 0xe1 };
	unsigned char head[8];

	if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head))
		return SHEET_NOT;
	if (memcmp(head, zip, sizeof(zip)) == 0)
		return SHEET_ZIP;
	if (memcmp(head, ole2, sizeof(ole2)) == 0)
		return SHEET_OLE2;
	return SHEET_NOT;
}

int
sheet_fail(struct sheet_out *o, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	buf_reset(o->err);
	buf_puts(o->err, msg != NULL ? msg : "out of memory");
	free(msg);
	o->err_row = o->row;
	return -1;
}

/* The row being built goes out as its line, after blank lines for the
 * rows the sheet skips: line n is row n. */
static int
start_row(struct sheet_out *o, size_t row)
{
	if (o->row > 0) {
		buf_putc(&o->line, '\n');
		fwrite(o->line.data, 1, o->line.len, o->fp);
	}
	for (size_t r = o->row + 1; r < row; r++)
		putc('\n', o->fp);
	buf_reset(&o->line);
	o->row = row;
	o->next = 0;
	if (ferror(o->fp))
		return sheet_fail(o, "writing the sheet to a temporary file: "
		    "%s", strerror(errno));
	return 0;
}

int
sheet_cell(struct sheet_out *o, size_t row, size_t col, const char *text)
{
	if (row == 0 || row > SHEET_MAX_ROWS)
		return sheet_fail(o, "row %zu: past the sheet's last row, %d",
		    row, SHEET_MAX_ROWS);
	if (col >= REC_MAX_FIELDS)
		return sheet_fail(o, "a cell past column %d", REC_MAX_FIELDS);
	if (row < o->row || (row == o->row && col < o->next))
		return sheet_fail(o, "cells out of order (row %zu after row "
		    "%zu): the file is damaged", row, o->row);
	if (*text == '\0')
		return 0;
	if (row != o->row && start_row(o, row) != 0)
		return -1;
	for (size_t c = o->next == 0 ? 0 : o->next - 1; c < col; c++)
		buf_putc(&o->line, '\t');
	rec_tsv_escape(&o->line, text);
	o->next = col + 1;
	return 0;
}

/* The last row out, the file flushed and rewound. */
static int
sheet_end(struct sheet_out *o)
{
	if (start_row(o, o->row + 1) != 0)
		return -1;
	o->row = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		return sheet_fail(o, "writing the sheet to a temporary file: "
		    "%s", strerror(errno));
	rewind(o->fp);
	return 0;
}

void
sheet_number(struct buf *b, double v)
{
	if (v == 0)
		buf_putc(b, '0');	/* also -0 */
	else if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.15g", v);
}

/* The civil date of a day counted from 1970-01-01 (H. Hinnant's
 * days_from_civil, reversed). */
static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

int
sheet_serial(struct buf *b, double serial, int date1904,
    enum sheet_shown shown)
{
	long days, secs, y;
	unsigned m, d;

	/* 2958466: 10000-01-01 */
	if (!(serial >= 0) || serial >= 2958466.0)
		return -1;
	days = (long)floor(serial);
	secs = lround((serial - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (shown != SHEET_TIME) {
		/* Excel counts 1900-02-29 (serial 60), as Lotus 1-2-3 did:
		 * the serials before it are a day off, and it is no date */
		if (date1904)
			days -= 24107;
		else if (days == 0 || days == 60)
			return -1;
		else
			days += (days < 60) - 25569;
		civil_from_days(days, &y, &m, &d);
		if (y > 9999)
			return -1;
		buf_printf(b, "%04ld-%02u-%02u", y, m, d);
	}
	if (shown == SHEET_DATETIME)
		buf_putc(b, ' ');
	if (shown != SHEET_DATE)
		buf_printf(b, "%02ld:%02ld:%02ld", secs / 3600,
		    secs / 60 % 60, secs % 60);
	return 0;
}

/* Past a bracketed part at p ('['): whether it is an elapsed time
 * ("[h]", "[mm]", "[ss]") rather than a colour or locale. */
static const char *
skip_bracket(const char *p, int *elapsed)
{
	const char *close = strchr(p, ']');

	if (close == NULL)
		return p + strlen(p);
	*elapsed = close > p + 1 && strspn(p + 1, "hHmMsS") ==
	    (size_t)(close - p - 1);
	return close + 1;
}

enum sheet_shown
sheet_format_shown(const char *code)
{
	int date = 0, time = 0, elapsed;
	const char *p = code;

	while (*p != '\0') {
		int c = tolower((unsigned char)*p);

		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			p = q != NULL ? q + 1 : p + strlen(p);
			continue;
		}
		if (c == '[') {
			elapsed = 0;
			p = skip_bracket(p, &elapsed);
			time |= elapsed;
			continue;
		}
		if ((c == '\\' || c == '_' || c == '*') && p[1] != '\0')
			p++;
		else if (c == 'y' || c == 'd')
			date = 1;
		else if (c == 'h' || c == 's')
			time = 1;
		p++;
	}
	return date && time ? SHEET_DATETIME : date ? SHEET_DATE :
	    time ? SHEET_TIME : SHEET_NUMBER;
}

enum sheet_shown
sheet_builtin_shown(long id)
{
	/* 14-17 and 22 everywhere; 27-36 and 50-58 are the dates and
	 * times of a Chinese (also Japanese, Korean) Excel */
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return SHEET_DATE;
	if (id == 22)
		return SHEET_DATETIME;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
	    (id >= 45 && id <= 47) || id == 55 || id == 56)
		return SHEET_TIME;
	return SHEET_NUMBER;
}

/* freexl opens a file by name: the one on fd? */
static int
same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * A .xls is read in a child process, which writes the TSV and then says
 * how it went on a pipe: freexl 1.0.6 hands iconv a length past its own
 * buffer for a damaged string record (found by fuzzing), and a fault of
 * freexl then ends the child, not the run that would have loaded the
 * rows, whatever it holds open.  The child's words: its row, '\0', the
 * sheet's name (or nothing, before it is known), '\0', and the failure's
 * message (or nothing, for none).
 */
#define XLS_SAID_FAILURE 3	/* the child's exit status after a message */

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void __attribute__((noreturn))
xls_child(int said, const char *path, int fd, const char *want,
    struct sheet_out *o)
{
	char *sheet = NULL;
	struct buf words = { 0 };
	int rc = xls_read(path, fd, want, o, &sheet);

	if (rc == 0)
		rc = sheet_end(o);
	buf_printf(&words, "%zu", o->err_row);
	buf_putc(&words, '\0');
	buf_puts(&words, sheet != NULL ? sheet : "");
	buf_putc(&words, '\0');
	buf_puts(&words, rc != 0 ? buf_str(o->err) : "");
	write_all(said, words.data, words.len + 1);
	/* _exit: the parent's buffered output is not the child's to write */
	_exit(rc == 0 ? 0 : XLS_SAID_FAILURE);
}

/* What the child said and how it ended, as xls_read() would return it. */
static int
xls_heard(struct sheet_out *o, const struct buf *words, int status,
    char **sheet)
{
	const char *row = words->data, *name, *msg;

	if (words->len == 0 || words->data[words->len - 1] != '\0' ||
	    (name = memchr(row, '\0', words->len)) == NULL ||
	    (msg = memchr(name + 1, '\0', words->len - (size_t)(name + 1 -
	    row))) == NULL || msg + 1 >= words->data + words->len ||
	    !WIFEXITED(status) || (WEXITSTATUS(status) != 0 &&
	    WEXITSTATUS(status) != XLS_SAID_FAILURE)) {
		if (WIFSIGNALED(status))
			return sheet_fail(o, "the .xls reader (freexl) was "
			    "stopped by signal %d (%s): the file is damaged",
			    WTERMSIG(status), strsignal(WTERMSIG(status)));
		return sheet_fail(o, "the .xls reader (freexl) stopped "
		    "without saying why (exit %d): the file is damaged",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	name++;
	msg++;
	if (*name != '\0')
		*sheet = xstrdup(name);
	if (WEXITSTATUS(status) == 0)
		return 0;
	buf_reset(o->err);
	buf_puts(o->err, *msg != '\0' ? msg : "the file is damaged");
	o->err_row = (size_t)strtoull(row, NULL, 10);
	return -1;
}

static int
xls_read_apart(const char *path, int fd, const char *want,
    struct sheet_out *o, char **sheet)
{
	struct buf words = { 0 };
	char chunk[4096];
	int said[2], status = 0, rc;
	ssize_t n;
	pid_t pid;

	*sheet = NULL;
	if (fflush(o->fp) != 0 || pipe(said) != 0)
		return sheet_fail(o, "a pipe to read the .xls: %s",
		    strerror(errno));
	if ((pid = fork()) < 0) {
		rc = errno;
		(void)close(said[0]);
		(void)close(said[1]);
		return sheet_fail(o, "a process to read the .xls: %s",
		    strerror(rc));
	}
	if (pid == 0) {
		(void)close(said[0]);
		xls_child(said[1], path, fd, want, o);
	}
	(void)close(said[1]);
	while ((n = read(said[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_append(&words, chunk, (size_t)n);
	}
	(void)close(said[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return sheet_fail(o, "waiting for the .xls reader: %s",
			    strerror(errno));
	rc = xls_heard(o, &words, status, sheet);
	buf_free(&words);
	/* the child wrote the rows through its own copy of o->fp */
	o->row = 0;
	return rc;
}

int
sheet_open(int fd, const char *path, const char *want, FILE **tsv,
    char **name, struct buf *err, size_t *row)
{
	enum sheet_file kind = sheet_sniff(fd);
	struct sheet_out o = { .err = err };
	char *sheet = NULL;
	int rc;

	*tsv = NULL;
	*name = NULL;
	*row = 0;
	if (kind == SHEET_NOT)
		return 0;
	if ((o.fp = tmpfile()) == NULL) {
		*name = xstrdup(path);
		return sheet_fail(&o, "a temporary file for the sheet: %s",
		    strerror(errno));
	}
	if (kind == SHEET_ZIP)
		rc = xlsx_read(fd, want, &o, &sheet);
	else if (!same_file(fd, path))
		rc = sheet_fail(&o, "the .xls cannot be opened again by its "
		    "name");
	else
		rc = xls_read_apart(path, fd, want, &o, &sheet);
	if (rc == 0)
		rc = sheet_end(&o);
	*name = sheet != NULL ? xasprintf("%s:%s", path, sheet) :
	    xstrdup(path);
	free(sheet);
	buf_free(&o.line);
	if (rc != 0) {
		*row = o.err_row;
		fclose(o.fp);
		return -1;
	}
	*tsv = o.fp;
	return 1;
}
