/*
 * Records as an Excel workbook (.xlsx, through libxlsxwriter): each table
 * a sheet whose header row is bold and frozen, with cells typed from
 * their text as a reader of the TSV would take them: a count a number, a
 * rate ("12.5%") a fraction shown as a percentage, a date or a time a
 * real Excel date, an identifier (a column named id, *_no, phone, code;
 * a number with a leading zero or too long for a spreadsheet to keep
 * whole) and everything else text.  Column widths follow the longest
 * text, counting a Chinese character as two.  Memory stays bounded
 * whatever the number of rows (rows go to a temporary file).
 */
#ifndef PH_XLSX_WRITE_H
#define PH_XLSX_WRITE_H
#include <stddef.h>

#include "buf.h"
#include "rec.h"

/* Excel's limit on a sheet name, in characters. */
#define XLSX_SHEET_NAME_MAX 31

struct xlsx_book;

/* A workbook to be written at path when closed; NULL, with why set, when
 * libxlsxwriter cannot be loaded (dynlib.h) or cannot start one. */
struct xlsx_book *xlsx_book_new(const char *path, struct buf *why);
/*
 * A writer of one table as a new sheet named name (made one Excel takes:
 * []:*?/\ become _, cut to 31 characters, " (2)" ... after a name
 * already used).  The sheet is made with the header, so with REC_W_LAZY
 * a table without records leaves no sheet.  rec_write fails past the
 * rows a sheet holds (xlsx_book_error says so); rec_writer_free sets the
 * widths.
 */
struct rec_writer *xlsx_book_sheet(struct xlsx_book *b, const char *name,
    size_t ncolumns, const char *const *columns, unsigned flags);
/* How many sheets it has so far. */
size_t xlsx_book_sheets(const struct xlsx_book *b);
/* What went wrong with a sheet, or NULL. */
const char *xlsx_book_error(const struct xlsx_book *b);
/* Writes the file (when write and it has any sheet; else nothing) and
 * frees b: 0, or -1 with what libxlsxwriter said appended to why. */
int xlsx_book_close(struct xlsx_book *b, int write, struct buf *why);

/* The sheet name Excel takes for name, into out (at least 4 * 31 + 1
 * bytes). */
void xlsx_sheet_name(const char *name, char *out, size_t size);

#endif
