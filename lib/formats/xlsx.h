/* Office Open XML workbooks (.xlsx): a zip of XML, read with libzip and
 * expat, one sheet into the TSV of sheet.h. */
#ifndef PH_XLSX_H
#define PH_XLSX_H
#include <stddef.h>

#include "sheet.h"

/*
 * The sheet want (NULL: the first) of the workbook on fd (not closed) into
 * o: 0, or -1 with o->err set.  *sheet is the sheet's name (malloc'd) as
 * soon as it is known, else NULL.
 */
int xlsx_read(int fd, const char *want, struct sheet_out *o, char **sheet);

/* A cell reference ("C5", "AB12"): its row (1-based) and column (0-based,
 * below 16384); 0, or -1 when it is none. */
int xlsx_cell_ref(const char *ref, size_t *row, size_t *col);

#endif
