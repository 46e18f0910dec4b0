/* Excel 97-2003 workbooks (.xls, BIFF in an OLE2 file), read with freexl,
 * one sheet into the TSV of sheet.h. */
#ifndef PH_XLS_H
#define PH_XLS_H

#include "sheet.h"

/*
 * The sheet want (NULL: the first) of the workbook at path (on fd, which
 * is searched for what an unreadable file is) into o: 0, or -1 with
 * o->err set.  *sheet as for xlsx_read().
 */
int xls_read(const char *path, int fd, const char *want, struct sheet_out *o,
    char **sheet);

#endif
