/* Workbooks: the cell references of .xlsx, date serials (and Excel's
 * 1900 leap day), numbers as Excel shows them, which formats are dates,
 * and the rows of cells as the TSV the record reader reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "dynlib.h"
#include "rec.h"
#include "sheet.h"
#include "sonames.h"
#include "tap.h"
#include "xlsx.h"

static void
ref(struct tap *t, const char *in, size_t row, size_t col)
{
	size_t r = 0, c = 0;
	char what[128];
	int rc = xlsx_cell_ref(in, &r, &c);

	snprintf(what, sizeof(what), "cell '%s' -> row %zu, column %zu", in,
	    row, col);
	if (row == 0)
		ok(t, rc == -1, what);
	else
		ok(t, rc == 0 && r == row && c == col, what);
}

static void
serial(struct tap *t, double in, int date1904, enum sheet_shown shown,
    const char *want)
{
	struct buf b = { 0 };
	char what[128];
	int rc = sheet_serial(&b, in, date1904, shown);

	snprintf(what, sizeof(what), "serial %g%s -> %s", in,
	    date1904 ? " (1904)" : "", want != NULL ? want : "no date");
	if (want == NULL)
		ok(t, rc == -1, what);
	else
		is_str(t, rc == 0 ? buf_str(&b) : "(refused)", want, what);
	buf_free(&b);
}

static void
number(struct tap *t, double in, const char *want)
{
	struct buf b = { 0 };
	char what[128];

	sheet_number(&b, in);
	snprintf(what, sizeof(what), "number %.17g -> %s", in, want);
	is_str(t, buf_str(&b), want, what);
	buf_free(&b);
}

static void
format(struct tap *t, const char *code, enum sheet_shown want)
{
	char what[128];

	snprintf(what, sizeof(what), "format '%s'", code);
	is_int(t, sheet_format_shown(code), want, what);
}

static void
references(struct tap *t)
{
	/* row 0: no reference */
	static const struct {
		const char *in;
		size_t row, col;
	} refs[] = {
		{ "A1", 1, 0 }, { "C5", 5, 2 }, { "Z9", 9, 25 },
		{ "AA10", 10, 26 }, { "AZ1", 1, 51 },
		{ "XFD1048576", 1048576, 16383 },
		{ "XFE1", 0, 0 },	/* past Excel's last column */
		{ "A1048577", 0, 0 },	/* past its last row */
		{ "A0", 0, 0 }, { "A01", 0, 0 }, { "5", 0, 0 }, { "C", 0, 0 },
		{ "c5", 0, 0 }, { "C5 ", 0, 0 }, { "ABCD1", 0, 0 }, { "", 0, 0 },
	};

	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		ref(t, refs[i].in, refs[i].row, refs[i].col);
}

static void
serials(struct tap *t)
{
	serial(t, 1, 0, SHEET_DATE, "1900-01-01");
	serial(t, 59, 0, SHEET_DATE, "1900-02-28");
	/* 1900-02-29, which Excel has and the calendar has not */
	serial(t, 60, 0, SHEET_DATE, NULL);
	serial(t, 61, 0, SHEET_DATE, "1900-03-01");
	serial(t, 0, 0, SHEET_DATE, NULL);
	serial(t, -1, 0, SHEET_DATE, NULL);
	serial(t, 25569, 0, SHEET_DATE, "1970-01-01");
	serial(t, 41337, 0, SHEET_DATE, "2013-03-04");
	serial(t, 46266, 0, SHEET_DATE, "2026-09-01");
	serial(t, 2958465, 0, SHEET_DATE, "9999-12-31");
	serial(t, 2958466, 0, SHEET_DATE, NULL);
	serial(t, 46266.75, 0, SHEET_DATE, "2026-09-01");
	serial(t, 46267.4173611111, 0, SHEET_DATETIME, "2026-09-02 10:01:00");
	serial(t, 46266.9999999, 0, SHEET_DATETIME, "2026-09-02 00:00:00");
	serial(t, 0.5, 0, SHEET_TIME, "12:00:00");
	serial(t, 0, 1, SHEET_DATE, "1904-01-01");
	serial(t, 44804, 1, SHEET_DATE, "2026-09-01");
}

static void
numbers(struct tap *t)
{
	number(t, 20230101, "20230101");
	number(t, 202309010123456.0, "202309010123456");
	number(t, 13800000001.0, "13800000001");
	number(t, -3, "-3");
	number(t, -0.0, "0");
	number(t, 2.5, "2.5");
	number(t, 0.1 + 0.2, "0.3");
	number(t, 1e20, "1e+20");
}

static void
formats(struct tap *t)
{
	static const struct {
		const char *code;
		enum sheet_shown shown;
	} codes[] = {
		{ "yyyy-mm-dd", SHEET_DATE },
		{ "yyyy\"年\"m\"月\"d\"日\"", SHEET_DATE },
		{ "[$-F800]dddd, mmmm dd, yyyy", SHEET_DATE },
		{ "yyyy/m/d h:mm", SHEET_DATETIME },
		{ "h:mm AM/PM", SHEET_TIME }, { "[h]:mm", SHEET_TIME },
		{ "General", SHEET_NUMBER }, { "0.00", SHEET_NUMBER },
		{ "0.00E+00", SHEET_NUMBER }, { "[Red]#,##0", SHEET_NUMBER },
		{ "0.0\"days\"", SHEET_NUMBER }, { "\\d0", SHEET_NUMBER },
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		format(t, codes[i].code, codes[i].shown);
	is_int(t, sheet_builtin_shown(14), SHEET_DATE, "built-in 14: a date");
	is_int(t, sheet_builtin_shown(22), SHEET_DATETIME, "built-in 22");
	is_int(t, sheet_builtin_shown(31), SHEET_DATE,
	    "built-in 31: yyyy\"年\"m\"月\"d\"日\" in a Chinese Excel");
	is_int(t, sheet_builtin_shown(20), SHEET_TIME, "built-in 20: h:mm");
	is_int(t, sheet_builtin_shown(1), SHEET_NUMBER, "built-in 1: 0");
	is_int(t, sheet_builtin_shown(49), SHEET_NUMBER, "built-in 49: @");
}

/* The TSV of some cells: rows skipped stay blank lines, columns skipped
 * empty fields, and text is escaped as TSV. */
static void
rows_as_tsv(struct tap *t)
{
	struct buf err = { 0 };
	struct sheet_out o = { .err = &err };
	char *text = NULL;
	size_t len = 0;

	o.fp = open_memstream(&text, &len);
	ok(t, sheet_cell(&o, 1, 0, "学号") == 0 && sheet_cell(&o, 1, 2,
	    "班级") == 0 && sheet_cell(&o, 3, 1, "a\tb\\c\nd") == 0 &&
	    sheet_cell(&o, 3, 4, "") == 0, "cells in order");
	ok(t, sheet_cell(&o, 3, 0, "x") == -1 && strstr(buf_str(&err),
	    "out of order") != NULL && o.err_row == 3,
	    "a cell before the last one: refused");
	ok(t, sheet_cell(&o, 2, 5, "x") == -1, "a row before the last one");
	ok(t, sheet_cell(&o, 4, REC_MAX_FIELDS, "x") == -1 &&
	    strstr(buf_str(&err), "past column") != NULL,
	    "a column past the limit");
	buf_putc(&o.line, '\n');
	fwrite(o.line.data, 1, o.line.len, o.fp);
	fclose(o.fp);
	is_str(t, text, "学号\t\t班级\n\n\ta\\tb\\\\c\\nd\n", "the TSV");
	free(text);
	buf_free(&o.line);
	buf_free(&err);
}

/* The workbook libraries are opened when needed: found, or refused with
 * what is missing. */
static void
loader(struct tap *t)
{
	struct { __typeof__(zip_libzip_version) *zip_libzip_version; } api;
	struct { void (*absent)(void); } none;
	const struct dynlib_function found[] = {
		DYNLIB_FUNCTION(&api, zip_libzip_version),
	};
	const struct dynlib_function missing[] = {
		{ "zip_no_such_function", &none.absent },
	};
	struct buf why = { 0 };
	void *lib;

	lib = dynlib_open(SONAME_ZIP, found, 1, &why);
	ok(t, lib != NULL && api.zip_libzip_version != NULL &&
	    api.zip_libzip_version()[0] != '\0', "libzip opened, a function "
	    "of it called");
	is_str(t, buf_str(&why), "", "nothing said");
	dynlib_close(lib);
	lib = dynlib_open(SONAME_ZIP, missing, 1, &why);
	ok(t, lib == NULL && strstr(buf_str(&why), "has no "
	    "zip_no_such_function") != NULL, "a function it lacks: refused, "
	    "named");
	buf_reset(&why);
	lib = dynlib_open("libph-no-such-library.so.0", found, 1, &why);
	ok(t, lib == NULL && strstr(buf_str(&why),
	    "libph-no-such-library.so.0 cannot be loaded (") == buf_str(&why) &&
	    strstr(buf_str(&why), "make deps installs it") != NULL,
	    "a library not there: refused, named, and how to get it");
	buf_free(&why);
}

int
main(void)
{
	struct tap t = TAP_INIT;

	references(&t);
	serials(&t);
	numbers(&t);
	formats(&t);
	rows_as_tsv(&t);
	loader(&t);
	return tap_done(&t);
}
