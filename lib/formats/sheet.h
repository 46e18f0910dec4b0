/*
 * Workbooks (.xlsx, .xls) read as records.  One sheet becomes the TSV the
 * record reader reads, row n of the sheet on line n of it, so that column
 * matching, encodings, limits and messages are those of CSV, and a
 * message names the place as FILE:SHEET:ROW.  The format is told by the
 * file's first bytes, not by its name.
 */
#ifndef PH_SHEET_H
#define PH_SHEET_H
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/*
 * What a workbook may unpack to (ph-records(5), LIMITS): a zip of a few
 * kilobytes can inflate to gigabytes.  Counted as the XML is inflated,
 * whatever the zip claims.
 */
#define SHEET_MAX_SHEET_XML ((size_t)1 << 30)	/* the sheet's XML */
#define SHEET_MAX_STRINGS_XML ((size_t)256 << 20) /* sharedStrings.xml */
#define SHEET_MAX_PART_XML ((size_t)16 << 20)	/* workbook, rels, styles */
#define SHEET_MAX_ROWS 1048576			/* Excel's own */

enum sheet_file { SHEET_NOT, SHEET_ZIP, SHEET_OLE2 };

/* What fd holds by its first bytes (read with pread: its offset stays). */
enum sheet_file sheet_sniff(int fd);

/* How a number cell is shown, from its cell format. */
enum sheet_shown { SHEET_NUMBER, SHEET_DATE, SHEET_TIME, SHEET_DATETIME };

/* Where the cells of the chosen sheet go, in order: the TSV. */
struct sheet_out {
	FILE *fp;
	struct buf line;	/* the row being built */
	size_t row;		/* its number, 1-based; 0 before the first */
	size_t next;		/* the first column still free on it */
	struct buf *err;	/* the message of a failure */
	size_t err_row;		/* and the row it concerns, 0 for none */
};

/* A cell, row 1-based, col 0-based, rows and columns in order: 0, or -1
 * after sheet_fail(). */
int sheet_cell(struct sheet_out *o, size_t row, size_t col, const char *text);
/* Sets the failure's message (row: o->row); -1. */
int sheet_fail(struct sheet_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A number as Excel shows it in General format, appended to b: an integer
 * without ".0" or exponent, else 15 significant digits. */
void sheet_number(struct buf *b, double v);
/*
 * An Excel date serial (days since 1899-12-30, counting the 1900 leap day
 * Excel wrongly has; with date1904, since 1904-01-01) as YYYY-MM-DD, HH:MM:SS
 * or both, appended to b: 0, or -1 when it is no date (serial 60, the day
 * 1900-02-29 that never was, a negative one, one past 9999).
 */
int sheet_serial(struct buf *b, double serial, int date1904,
    enum sheet_shown shown);
/* How a number format code ("yyyy-mm-dd", "0.00", "[h]:mm") shows. */
enum sheet_shown sheet_format_shown(const char *code);
/* How Excel's built-in number format id shows. */
enum sheet_shown sheet_builtin_shown(long id);

/*
 * Reads the workbook on fd (path names the same file: .xls is opened by
 * name) into a temporary TSV of sheet want (NULL: the first).
 *   1  *tsv is the TSV, rewound; *name is "path:sheet"
 *   0  fd holds no workbook
 *  -1  a workbook that cannot be read: err says why, *name where
 *      ("path" or "path:sheet"), *row the row (0: none)
 * *name is malloc'd when set.
 */
int sheet_open(int fd, const char *path, const char *want, FILE **tsv,
    char **name, struct buf *err, size_t *row);

#endif
