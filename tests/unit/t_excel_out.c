/* Tables for Excel: sheet names Excel takes, the CSV and TSV for Excel
 * on Windows (--bom), a hidden rate's "-", and the progress line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "rec.h"
#include "tap.h"
#include "xlsx_write.h"

/* What a writer of format and flags makes of a header and one record. */
static char *
written(enum rec_format f, unsigned flags, const char *const *values)
{
	static const char *const names[] = { "unit", "rate" };
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	struct rec_writer *w = rec_writer_new_flags(mem, f, 2, names, flags);

	if (values != NULL)
		(void)rec_write(w, values);
	(void)rec_writer_free(w);
	fclose(mem);
	return out;
}

static void
sheet_names(struct tap *t)
{
	char out[4 * XLSX_SHEET_NAME_MAX + 1];

	xlsx_sheet_name("覆盖率", out, sizeof(out));
	is_str(t, out, "覆盖率", "a Chinese name as it is");
	xlsx_sheet_name("a[b]:c*d?e/f\\g", out, sizeof(out));
	is_str(t, out, "a_b__c_d_e_f_g", "[]:*?/\\ replaced");
	xlsx_sheet_name("'quoted'", out, sizeof(out));
	is_str(t, out, "_quoted_", "no apostrophe at either end");
	xlsx_sheet_name("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三",
	    out, sizeof(out));
	is_str(t, out, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
	    "cut to 31 characters, not bytes");
	xlsx_sheet_name("", out, sizeof(out));
	is_str(t, out, "Sheet", "an empty name is not one");
}

static void
text_for_excel(struct tap *t)
{
	static const char *const hidden[] = { "一中", "-" };
	static const char *const formula[] = { "-1+2", "=A1" };
	char *s;

	s = written(REC_CSV, REC_W_EXCEL, hidden);
	is_str(t, s, "\xEF\xBB\xBFunit,rate\r\n一中,-\r\n",
	    "--bom: a byte-order mark, CRLF; a hidden rate a plain -");
	free(s);
	s = written(REC_CSV, 0, formula);
	is_str(t, s, "unit,rate\n'-1+2,'=A1\n", "formulas still neutralised");
	free(s);
	s = written(REC_TSV, REC_W_EXCEL, hidden);
	is_str(t, s, "\xEF\xBB\xBFunit\trate\r\n一中\t-\r\n", "TSV alike");
	free(s);
	s = written(REC_CSV, REC_W_EXCEL | REC_W_LAZY, NULL);
	is_str(t, s, "", "--quiet with no record: not even the mark");
	free(s);
}

static void
workbook(struct tap *t)
{
	static const char *const cols[] = { "unit", "rate" };
	static const char *const row[] = { "一中", "50.0%" };
	char path[] = "/tmp/t_excel_out.XXXXXX";
	int fd = mkstemp(path);
	struct buf why = { 0 };
	struct xlsx_book *b = xlsx_book_new(path, &why);
	struct rec_writer *w;
	struct stat st;

	ok(t, fd != -1 && b != NULL, "a workbook started");
	for (int i = 0; i < 2; i++) {
		w = xlsx_book_sheet(b, "覆盖率", 2, cols, 0);
		is_int(t, rec_write(w, row), 0, "a row written");
		is_int(t, rec_writer_free(w), 0, "the sheet ended");
	}
	w = xlsx_book_sheet(b, "none", 2, cols, REC_W_LAZY);
	is_int(t, rec_writer_free(w), 0, "a lazy table without rows");
	is_int(t, xlsx_book_sheets(b), 2, "two sheets of one name, none "
	    "for a lazy table without rows");
	is_int(t, xlsx_book_close(b, 1, &why), 0, "written");
	is_str(t, buf_str(&why), "", "nothing said");
	buf_free(&why);
	ok(t, stat(path, &st) == 0 && st.st_size > 0 && (st.st_mode & 0777) ==
	    0600, "into the file named, its mode kept");
	(void)close(fd);
	(void)unlink(path);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char line[128];

	sheet_names(&t);
	text_for_excel(&t);
	workbook(&t);
	progress_format(line, sizeof(line), "ph-intake", "roster.csv",
	    420000, 420000 / 310000.0);
	is_str(&t, line, "ph-intake: roster.csv: 420000 rows, 310000/s",
	    "the progress line");
	progress_format(line, sizeof(line), "ph-intake", "stdin", 0, 0);
	is_str(&t, line, "ph-intake: stdin: 0 rows, 0/s", "no time yet");
	return tap_done(&t);
}
