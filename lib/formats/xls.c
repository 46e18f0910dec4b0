/*
 * .xls through freexl, which reads the whole BIFF stream (at most 65536
 * rows of 256 columns) and gives text in UTF-8 whatever the workbook's
 * code page, and dates, times and date-times as text where the cell's
 * format is one.
 */
#include "xls.h"

#include <freexl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

/* Whether the OLE2 file on fd holds an encrypted .xlsx (the stream
 * "EncryptedPackage", named in UTF-16 in the directory) rather than a
 * BIFF workbook: Excel saves a password-protected .xlsx so. */
static int
encrypted_package(int fd)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0"
	    "a\0g\0e\0";
	size_t want = sizeof(name) - 1, chunk = 1 << 20;
	char *block = xmalloc(chunk + want);
	off_t at = 0;
	ssize_t n;
	int found = 0;

	while (!found && (n = pread(fd, block, chunk + want, at)) > 0) {
		found = memmem(block, (size_t)n, name, want) != NULL;
		if ((size_t)n < chunk + want)
			break;
		at += (off_t)chunk;
	}
	free(block);
	return found;
}

/* freexl's complaint in words: an OLE2 file it cannot read may be an
 * encrypted .xlsx. */
static int
open_failed(struct sheet_out *o, int fd, int code)
{
	if (encrypted_package(fd))
		return sheet_fail(o, "a password-protected workbook: save it "
		    "without a password");
	if (code == FREEXL_BIFF_WORKBOOK_NOT_FOUND)
		return sheet_fail(o, "an OLE2 file, but not an Excel workbook "
		    "(no Workbook stream)");
	if (code == FREEXL_INSUFFICIENT_MEMORY)
		return sheet_fail(o, "out of memory reading the .xls");
	return sheet_fail(o, "not a readable .xls, damaged or truncated "
	    "(freexl error %d)", code);
}

/* The sheet's index, its name in *sheet: 0, or -1 after a message that
 * lists the sheets there are. */
static int
choose_sheet(const void *xls, const char *want, unsigned short *index,
    char **sheet, struct sheet_out *o)
{
	unsigned int count = 0;
	const char *name;
	struct buf all = { 0 };

	if (freexl_get_info(xls, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK
	    || count == 0)
		return sheet_fail(o, "a workbook without sheets");
	for (unsigned short i = 0; i < count; i++) {
		if (freexl_get_worksheet_name(xls, i, &name) != FREEXL_OK ||
		    name == NULL)
			name = "";
		if (want == NULL || strcmp(name, want) == 0) {
			*index = i;
			*sheet = xstrdup(name);
			buf_free(&all);
			return 0;
		}
		buf_printf(&all, "%s'%s'", i > 0 ? ", " : "", name);
	}
	sheet_fail(o, "no sheet '%s' in the workbook (its sheets: %s)", want,
	    buf_str(&all));
	buf_free(&all);
	return -1;
}

/* A cell as text in out ("" for an empty one). */
static const char *
cell_text(const FreeXL_CellValue *v, struct buf *out)
{
	buf_reset(out);
	switch (v->type) {
	case FREEXL_CELL_INT:
		buf_printf(out, "%d", v->value.int_value);
		break;
	case FREEXL_CELL_DOUBLE:
		sheet_number(out, v->value.double_value);
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return v->value.text_value != NULL ? v->value.text_value : "";
	default:
		break;
	}
	return buf_str(out);
}

static int
read_cells(const void *xls, struct sheet_out *o)
{
	unsigned int rows = 0;
	unsigned short cols = 0;
	FreeXL_CellValue v;
	struct buf out = { 0 };
	int rc = 0;

	if (freexl_worksheet_dimensions(xls, &rows, &cols) != FREEXL_OK)
		return sheet_fail(o, "the sheet cannot be read: the file is "
		    "damaged");
	for (unsigned int r = 0; r < rows && rc == 0; r++)
		for (unsigned short c = 0; c < cols && rc == 0; c++) {
			if (freexl_get_cell_value(xls, r, c, &v) != FREEXL_OK) {
				rc = sheet_fail(o, "a cell that cannot be "
				    "read: the file is damaged");
				o->err_row = r + 1;
			} else {
				rc = sheet_cell(o, r + 1, c, cell_text(&v,
				    &out));
			}
		}
	buf_free(&out);
	return rc;
}

int
xls_read(const char *path, int fd, const char *want, struct sheet_out *o,
    char **sheet)
{
	const void *xls = NULL;
	unsigned int password = 0;
	unsigned short index = 0;
	int code, rc;

	*sheet = NULL;
	if ((code = freexl_open(path, &xls)) != FREEXL_OK) {
		freexl_close(xls);
		return open_failed(o, fd, code);
	}
	if (freexl_get_info(xls, FREEXL_BIFF_PASSWORD, &password) ==
	    FREEXL_OK && password == FREEXL_BIFF_OBFUSCATED)
		rc = sheet_fail(o, "a password-protected workbook: save it "
		    "without a password");
	else if ((rc = choose_sheet(xls, want, &index, sheet, o)) == 0) {
		if (freexl_select_active_worksheet(xls, index) != FREEXL_OK)
			rc = sheet_fail(o, "the sheet cannot be read: the "
			    "file is damaged");
		else
			rc = read_cells(xls, o);
	}
	freexl_close(xls);
	return rc;
}
