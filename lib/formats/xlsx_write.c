#include "xlsx_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "dynlib.h"
#include "sonames.h"
#include "xalloc.h"

/* Excel shows an integer of up to 11 digits whole in its General
 * format, and keeps 15 significant digits of any number. */
#define WHOLE_DIGITS 11
#define KEPT_DIGITS 15
/* column widths, in characters of the default font */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

/* libxlsxwriter, opened when a workbook is written (dynlib.h) */
#define XLSXWRITER_FUNCTIONS(F) F(workbook_new_opt) F(workbook_add_format) \
	F(workbook_add_worksheet) F(workbook_get_worksheet_by_name) \
	F(workbook_close) F(lxw_workbook_free) F(lxw_strerror) \
	F(format_set_bold) F(format_set_num_format) \
	F(worksheet_write_string) F(worksheet_write_number) \
	F(worksheet_write_datetime) F(worksheet_freeze_panes) \
	F(worksheet_set_column)
struct xlsxwriter_api {
#define XLSXWRITER_MEMBER(f) __typeof__(f) *f;
	XLSXWRITER_FUNCTIONS(XLSXWRITER_MEMBER)
#undef XLSXWRITER_MEMBER
	void *lib;
};

struct xlsx_book {
	struct xlsxwriter_api api;
	lxw_workbook *wb;
	lxw_format *bold, *date, *datetime, *seconds, *percent;
	lxw_format *percent_tenths;
	size_t sheets;
	const char *error;
};

struct xlsx_sheet {
	struct xlsx_book *book;
	lxw_worksheet *ws;
	char *name;
	size_t ncols;
	lxw_row_t row;
	unsigned char *text;	/* a column of identifiers */
	unsigned *width;	/* the widest cell so far */
};

static lxw_format *
number_format(struct xlsx_book *b, const char *code)
{
	lxw_format *f = b->api.workbook_add_format(b->wb);

	b->api.format_set_num_format(f, code);
	return f;
}

struct xlsx_book *
xlsx_book_new(const char *path, struct buf *why)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	struct xlsx_book *b = xcalloc(1, sizeof(*b));
	const struct dynlib_function fns[] = {
#define XLSXWRITER_ENTRY(f) DYNLIB_FUNCTION(&b->api, f),
		XLSXWRITER_FUNCTIONS(XLSXWRITER_ENTRY)
#undef XLSXWRITER_ENTRY
	};

	if ((b->api.lib = dynlib_open(SONAME_XLSXWRITER, fns,
	    sizeof(fns) / sizeof(fns[0]), why)) == NULL) {
		free(b);
		return NULL;
	}
	if ((b->wb = b->api.workbook_new_opt(path, &opt)) == NULL) {
		buf_puts(why, "libxlsxwriter cannot start one");
		dynlib_close(b->api.lib);
		free(b);
		return NULL;
	}
	b->bold = b->api.workbook_add_format(b->wb);
	b->api.format_set_bold(b->bold);
	b->date = number_format(b, "yyyy-mm-dd");
	b->datetime = number_format(b, "yyyy-mm-dd hh:mm");
	b->seconds = number_format(b, "yyyy-mm-dd hh:mm:ss");
	b->percent = number_format(b, "0%");
	b->percent_tenths = number_format(b, "0.0%");
	return b;
}

size_t
xlsx_book_sheets(const struct xlsx_book *b)
{
	return b->sheets;
}

const char *
xlsx_book_error(const struct xlsx_book *b)
{
	return b->error;
}

int
xlsx_book_close(struct xlsx_book *b, int write, struct buf *why)
{
	lxw_error e = LXW_NO_ERROR;

	if (write && b->sheets > 0)
		e = b->api.workbook_close(b->wb);
	else
		/* nothing to write: its temporary files go, no file made */
		b->api.lxw_workbook_free(b->wb);
	/* libxlsxwriter's words, copied before it is closed */
	if (e != LXW_NO_ERROR)
		buf_puts(why, b->api.lxw_strerror(e));
	dynlib_close(b->api.lib);
	free(b);
	return e != LXW_NO_ERROR ? -1 : 0;
}

/* The length in bytes of the UTF-8 character at s (1 for a stray byte),
 * and, in *wide, whether it takes two columns (CJK, full-width). */
static size_t
utf8_char(const unsigned char *s, int *wide)
{
	size_t n = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 :
	    *s >= 0xC0 ? 2 : 1;
	unsigned cp = n == 1 ? *s : n == 2 ? *s & 0x1Fu : n == 3 ?
	    *s & 0x0Fu : *s & 0x07u;

	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return *wide = 0, 1;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	*wide = cp >= 0x2E80 && !(cp >= 0xD800 && cp < 0xF900) &&
	    !(cp >= 0xFF61 && cp < 0xFFE0);
	return n;
}

/* Columns a text takes on screen. */
static unsigned
display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned w = 0;
	int wide;

	while (*p != '\0') {
		p += utf8_char(p, &wide);
		w += 1u + (unsigned)wide;
	}
	return w;
}

/* name as Excel takes it, cut to max characters. */
static void
sheet_name_cut(const char *name, size_t max, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0, chars = 0, n;
	int wide;

	for (; *p != '\0' && chars < max; p += n, chars++) {
		n = utf8_char(p, &wide);
		if (o + n + 1 > size)
			break;
		if (n == 1 && (strchr("[]:*?/\\", *p) != NULL ||
		    *p < 0x20 || (*p == '\'' && (o == 0 || p[1] == '\0'))))
			out[o++] = '_';
		else {
			memcpy(out + o, p, n);
			o += n;
		}
	}
	out[o] = '\0';
	if (o == 0)
		snprintf(out, size, "Sheet");
}

void
xlsx_sheet_name(const char *name, char *out, size_t size)
{
	sheet_name_cut(name, XLSX_SHEET_NAME_MAX, out, size);
}

/* Whether a column's name says it holds identifiers, not quantities. */
static int
identifier_column(const char *name)
{
	static const char *const exact[] = { "id", "phone", "code", "sha256",
	    "version", "学号", "工号", "编号", "电话", "手机" };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return 1;
	return n > 3 && strcmp(name + n - 3, "_no") == 0;
}

/* The digits at s, their count in *digits; the end. */
static const char *
digits(const char *s, size_t *count)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	*count = (size_t)(p - s);
	return p;
}

/*
 * Whether s is a number a spreadsheet keeps as the TSV shows it:
 * [-]digits[.digits], no leading zero but in "0" or "0.5", at most 15
 * significant digits, an integer at most 11 digits long.  *tenths: the
 * digits after the point.  end: where it must stop.
 */
static int
plain_number(const char *s, const char *end, size_t *decimals)
{
	const char *p = s + (*s == '-');
	size_t whole, frac = 0;
	const char *q = digits(p, &whole);

	if (whole == 0 || (whole > 1 && *p == '0'))
		return 0;
	if (*q == '.') {
		q = digits(q + 1, &frac);
		if (frac == 0)
			return 0;
	}
	*decimals = frac;
	return q == end && whole + frac <= KEPT_DIGITS &&
	    (frac > 0 || whole <= WHOLE_DIGITS);
}

/* A date "YYYY-MM-DD", or a time "YYYY-MM-DD HH:MM[:SS]" (or with a
 * T), from 1900 on, into *dt; 1 when it is one.  *with_time: 0 for a
 * date, 1 for a time, 2 for one with seconds. */
static int
date_cell(const char *s, lxw_datetime *dt, int *with_time)
{
	int y, mo, d, h = 0, mi = 0, n = 0, len = (int)strlen(s);
	double sec = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (len == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 &&
	    n == 10)
		*with_time = 0;
	else if ((len == 16 || len == 19) && (s[10] == ' ' || s[10] == 'T') &&
	    sscanf(s, "%4d-%2d-%2d%*c%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) ==
	    5 && n == 16 && (len == 16 || (s[16] == ':' &&
	    sscanf(s + 17, "%2lf", &sec) == 1)))
		*with_time = len == 16 ? 1 : 2;
	else
		return 0;
	if (s[4] != '-' || s[7] != '-' || y < 1900 || mo < 1 || mo > 12 ||
	    d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec >= 60 ||
	    (mo == 2 && d == 29 && (y % 4 != 0 ||
	    (y % 100 == 0 && y % 400 != 0))))
		return 0;
	*dt = (lxw_datetime){ y, mo, d, h, mi, sec };
	return 1;
}

/* One cell, typed from its text. */
static lxw_error
write_cell(struct xlsx_sheet *s, lxw_col_t col, const char *v)
{
	struct xlsx_book *b = s->book;
	const struct xlsxwriter_api *x = &b->api;
	size_t len = strlen(v), decimals;
	lxw_datetime dt;
	int with_time;

	if (len == 0)
		return LXW_NO_ERROR;
	if (!s->text[col]) {
		if (plain_number(v, v + len, &decimals))
			return x->worksheet_write_number(s->ws, s->row, col,
			    strtod(v, NULL), NULL);
		if (v[len - 1] == '%' && plain_number(v, v + len - 1,
		    &decimals))
			return x->worksheet_write_number(s->ws, s->row, col,
			    strtod(v, NULL) / 100, decimals > 0 ?
			    b->percent_tenths : b->percent);
		if (date_cell(v, &dt, &with_time))
			return x->worksheet_write_datetime(s->ws, s->row, col,
			    &dt, with_time == 2 ? b->seconds : with_time ?
			    b->datetime : b->date);
	}
	return x->worksheet_write_string(s->ws, s->row, col, v, NULL);
}

/* The header: the sheet made, its row bold and frozen. */
static int
sheet_start(struct xlsx_sheet *s, const char *const *names)
{
	struct xlsx_book *b = s->book;
	const struct xlsxwriter_api *x = &b->api;
	char name[4 * XLSX_SHEET_NAME_MAX + 1];

	xlsx_sheet_name(s->name, name, sizeof(name));
	for (int k = 2; x->workbook_get_worksheet_by_name(b->wb, name) !=
	    NULL; k++) {
		char tail[16];
		size_t len;

		/* the number kept within the 31 characters */
		snprintf(tail, sizeof(tail), " (%d)", k);
		sheet_name_cut(s->name, XLSX_SHEET_NAME_MAX - strlen(tail),
		    name, sizeof(name) - strlen(tail));
		len = strlen(name);
		snprintf(name + len, sizeof(name) - len, "%s", tail);
	}
	if ((s->ws = x->workbook_add_worksheet(b->wb, name)) == NULL)
		return -1;
	b->sheets++;
	for (size_t i = 0; i < s->ncols; i++) {
		s->text[i] = (unsigned char)identifier_column(names[i]);
		if (x->worksheet_write_string(s->ws, 0, (lxw_col_t)i, names[i],
		    b->bold) != LXW_NO_ERROR)
			return -1;
		s->width[i] = display_width(names[i]) + 1;
	}
	x->worksheet_freeze_panes(s->ws, 1, 0);
	s->row = 1;
	return 0;
}

static int
sheet_row(void *ctx, size_t n, const char *const *values)
{
	struct xlsx_sheet *s = ctx;

	if (s->ws == NULL)
		return sheet_start(s, values);
	if (s->row >= LXW_ROW_MAX) {
		s->book->error = "more rows than an Excel sheet holds "
		    "(1048576 with the header): use --format csv";
		return -1;
	}
	for (size_t i = 0; i < n && i < s->ncols; i++) {
		unsigned w;

		if (values[i] == NULL)
			continue;
		if (write_cell(s, (lxw_col_t)i, values[i]) != LXW_NO_ERROR)
			return -1;
		if ((w = display_width(values[i])) > s->width[i])
			s->width[i] = w;
	}
	s->row++;
	return 0;
}

/* The widths, once every row is in; the sheet's memory freed. */
static int
sheet_end(void *ctx)
{
	struct xlsx_sheet *s = ctx;
	const struct xlsxwriter_api *x = &s->book->api;
	int rc = 0;

	for (size_t i = 0; s->ws != NULL && i < s->ncols; i++) {
		unsigned w = s->width[i] + 2;

		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		if (x->worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i,
		    w, NULL) != LXW_NO_ERROR)
			rc = -1;
	}
	free(s->name);
	free(s->text);
	free(s->width);
	free(s);
	return rc;
}

struct rec_writer *
xlsx_book_sheet(struct xlsx_book *b, const char *name, size_t ncolumns,
    const char *const *columns, unsigned flags)
{
	struct xlsx_sheet *s = xcalloc(1, sizeof(*s));
	struct rec_sink sink = { sheet_row, sheet_end, s };

	s->book = b;
	s->name = xstrdup(name);
	s->ncols = ncolumns > LXW_COL_MAX ? LXW_COL_MAX : ncolumns;
	s->text = xcalloc(ncolumns + 1, 1);
	s->width = xcalloc(ncolumns + 1, sizeof(*s->width));
	return rec_writer_new_sink(&sink, ncolumns, columns, flags);
}
