/* The record reader and writer: every quoting, encoding and line-ending
 * case a school's export brings. */
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rec.h"
#include "tap.h"

/* A reader over a copy of text (n bytes). */
static struct rec_reader *
reader(const char *text, size_t n, enum rec_format f, enum rec_encoding e,
    FILE **fp)
{
	*fp = tmpfile();
	if (*fp == NULL)
		abort();
	fwrite(text, 1, n, *fp);
	rewind(*fp);
	return rec_reader_new(*fp, "t.csv", f, e);
}

/* Reads all of text and returns records as "a|b|c;" joined. */
static char *
slurp(const char *text, enum rec_format f, enum rec_encoding e, int *bad)
{
	FILE *fp;
	struct rec_reader *r = reader(text, strlen(text), f, e, &fp);
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	int got;

	*bad = 0;
	if (rec_read_header(r) == 0) {
		for (size_t i = 0; i < rec_ncolumns(r); i++)
			fprintf(mem, "%s%s", i ? "|" : "", rec_column(r, i));
		fputc(';', mem);
		while ((got = rec_read(r)) != 0) {
			if (got < 0) {
				fprintf(mem, "!%zu:%s;", rec_line(r), rec_error(r));
				(*bad)++;
				if (got == -2)
					break;
				continue;
			}
			for (size_t i = 0; i < rec_ncolumns(r); i++)
				fprintf(mem, "%s%s", i ? "|" : "", rec_field(r, i));
			fputc(';', mem);
		}
	} else {
		fprintf(mem, "!%s", rec_error(r));
		(*bad)++;
	}
	fclose(mem);
	rec_reader_free(r);
	fclose(fp);
	return out;
}

static void
check(struct tap *t, const char *text, enum rec_format f, const char *want,
    int want_bad, const char *what)
{
	int bad;
	char *got = slurp(text, f, REC_ENC_AUTO, &bad);

	is_str(t, got, want, what);
	is_int(t, bad, want_bad, "  bad records");
	free(got);
}

/* As check, in a given encoding. */
static void
check_enc(struct tap *t, const char *text, enum rec_encoding e,
    const char *want, const char *what)
{
	int bad;
	char *got = slurp(text, REC_AUTO, e, &bad);

	is_str(t, got, want, what);
	free(got);
}

/* The text of rows of n values each, written as f; kinds, when not NULL,
 * has a letter a column: 'n' writes it as a number, 'j' as JSON. */
static char *
write_kinds(enum rec_format f, size_t n, const char *const *names,
    const char *kinds, const char *const *values, size_t rows)
{
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	struct rec_writer *w = rec_writer_new(mem, f, n, names);

	for (size_t i = 0; kinds != NULL && i < n; i++) {
		if (kinds[i] == 'n')
			rec_writer_numeric(w, i);
		else if (kinds[i] == 'j')
			rec_writer_json(w, i);
	}
	for (size_t i = 0; i < rows; i++)
		rec_write(w, values + i * n);
	rec_writer_free(w);
	fclose(mem);
	return out;
}

static char *
write_all(enum rec_format f, size_t n, const char *const *names,
    const char *const *values, size_t rows)
{
	return write_kinds(f, n, names, NULL, values, rows);
}

/* Texts read whole: each gives the records want ("a|b;" a record, "!N:why;"
 * a bad one at line N) and want_bad bad records. */
static const struct read_case {
	const char *text;
	enum rec_format format;
	const char *want;
	int want_bad;
	const char *what;
} read_cases[] = {
	/* CSV, RFC 4180 */
	{ "a,b,c\n1,2,3\n", REC_AUTO,
	    "a|b|c;1|2|3;",
	    0, "plain CSV" },
	{ "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", REC_CSV,
	    "a|b;x,y|say \"hi\";",
	    0, "quoted comma and quotes" },
	{ "a,b\n\"line1\nline2\",z\nq,r\n", REC_CSV,
	    "a|b;line1\nline2|z;q|r;",
	    0, "quoted newline spans lines" },
	{ "a,b\r\n\"x\r\ny\",z\r\n", REC_CSV,
	    "a|b;x\ny|z;",
	    0, "CRLF inside quotes becomes LF" },
	{ "a,b\r\n1,2\r\n", REC_CSV,
	    "a|b;1|2;",
	    0, "CRLF line ends" },
	{ "a,b\n\n  \n1,2\n\n", REC_CSV,
	    "a|b;1|2;",
	    0, "blank lines are skipped" },
	{ "a,b\n  \"x\"  , y \n", REC_CSV,
	    "a|b;x|y;",
	    0, "spaces around quoted and plain fields" },
	{ "a,b\n\"x\"tail,2\n", REC_CSV,
	    "a|b;xtail|2;",
	    0, "text after a closing quote is kept" },
	{ "a,b\nab\"c,2\n", REC_CSV,
	    "a|b;ab\"c|2;",
	    0, "a quote inside an unquoted field is literal" },
	{ "a,b,c\n1\n", REC_CSV,
	    "a|b|c;1||;",
	    0, "short rows read as empty" },
	{ "a,b\n1,2,,\n", REC_CSV,
	    "a|b;1|2;",
	    0, "trailing empty fields are allowed" },
	{ "a,b\n1,2,3\n", REC_CSV,
	    "a|b;!2:3 fields, but the header has 2;",
	    1, "too many fields" },
	{ "a,b\n1,\"open\n2,3\n", REC_CSV,
	    "a|b;!2:unterminated quoted field (opened on line 2);",
	    1, "unterminated quote names its line" },
	{ "a,b\n1,2\n3,4,5\n6,7\n", REC_CSV,
	    "a|b;1|2;!3:3 fields, but the header has 2;6|7;",
	    1, "reading goes on after a bad record" },
	{ "", REC_AUTO,
	    "!empty input: no header line",
	    1, "empty input" },
	{ "\n\n", REC_AUTO,
	    "!empty input: no header line",
	    1, "only blank lines" },
	{ "a,b\n,\n", REC_CSV,
	    "a|b;|;",
	    0, "empty fields" },

	/* BOM, trimming, full-width folding */
	{ "\xef\xbb\xbfname,id\nx,1\n", REC_AUTO,
	    "name|id;x|1;",
	    0, "a UTF-8 BOM is dropped" },
	{ "a,b\n\xe3\x80\x80x\xe3\x80\x80,\xc2\xa0y\xc2\xa0\n", REC_CSV,
	    "a|b;x|y;",
	    0, "U+3000 and U+00A0 trimmed" },
	{ "a\n\xef\xbc\xa1\xef\xbd\x82\xef\xbc\x91\xef\xbc\x99\n", REC_CSV,
	    "a;Ab19;",
	    0, "full-width letters and digits folded" },
	{ "a\n\xef\xbc\x88\x33\xef\xbc\x89\n", REC_CSV,
	    "a;\xef\xbc\x88\x33\xef\xbc\x89;",
	    0, "full-width parentheses are kept" },

	/* TSV */
	{ "a\tb\nx\\ty\tp\\\\q\\nr\n", REC_AUTO,
	    "a|b;x\ty|p\\q\nr;",
	    0, "TSV escapes decoded" },
	{ "a\tb\nc:\\x\t1\n", REC_TSV,
	    "a|b;c:\\x|1;",
	    0, "an unknown escape keeps its backslash" },

	/* JSONL */
	{ "{\"a\":\"x\",\"b\":1}\n{\"b\":2.5e3,\"a\":\"y\"}\n", REC_AUTO,
	    "a|b;x|1;y|2.5e3;",
	    0, "JSONL by key, any order" },
	{ "{\"a\":\"\\u4e2d\\\"\\nx\"}\n", REC_JSONL,
	    "a;\xe4\xb8\xad\"\nx;",
	    0, "JSON escapes, \\u to UTF-8" },
	{ "{\"a\":\"\\ud83d\\ude00\"}\n", REC_JSONL,
	    "a;\xf0\x9f\x98\x80;",
	    0, "a surrogate pair" },
	{ "{\"a\":{\"k\": [1, 2]}}\n", REC_JSONL,
	    "a;{\"k\": [1, 2]};",
	    0, "nested values kept as JSON text" },
	{ "{\"a\":1}\n{\"a\":2,\"b\":true}\n", REC_JSONL,
	    "a;1;2|true;",
	    0, "a new key becomes a column" },
	{ "{\"a\":1}\n{\"a\":1,}\n", REC_JSONL,
	    "a;1;!2:column 8: expected a key;",
	    1, "bad JSON names the column" },
	{ "{\"a\":1}\n{\"a\":1,\"a\":2}\n", REC_JSONL,
	    "a;1;!2:duplicate key 'a';",
	    1, "duplicate keys" },
	{ "{\"a\":1}\n[1]\n", REC_JSONL,
	    "a;1;!2:column 1: expected an object '{';",
	    1, "not an object" },
};

/* Hostile and odd files (issue 17): line ends, NUL, JSON escapes. */
static const struct read_case hostile_cases[] = {
	/* bare CR line ends: the first line end decides */
	{ "a,b\r1,2\r3,4\r", REC_AUTO,
	    "a|b;1|2;3|4;",
	    0, "bare-CR CSV read as lines" },
	{ "a\tb\r1\t2\r3\t4", REC_AUTO,
	    "a|b;1|2;3|4;",
	    0, "bare-CR TSV, the last line without an end" },
	{ "{\"a\":1}\r{\"a\":2}\r", REC_AUTO,
	    "a;1;2;",
	    0, "bare-CR JSONL" },
	{ "a,b\r\"x\ry\",z\r\r1,2\r", REC_CSV,
	    "a|b;x\ny|z;1|2;",
	    0, "bare CR: a quoted field spans lines, blank lines skipped" },
	{ "a,b\r\"x\ny\",z\r", REC_CSV,
	    "a|b;x\ny|z;",
	    0, "bare CR: an LF inside quotes is data" },
	{ "a,b\n\"x\ry\",z\n", REC_CSV,
	    "a|b;x\ry|z;",
	    0, "LF: a CR inside quotes stays data" },
	{ "a,b\r\r\n1,2\r\r\n", REC_CSV,
	    "a|b;1|2;",
	    0, "CR CR LF (CRLF converted twice) is CRLF" },
	{ "a,b\n1,2\r3,4\n5,6\n", REC_CSV,
	    "a|b;!2:this line holds a bare CR line end, but the file's lines "
	    "end in LF as its first line does: save the file with one kind of "
	    "line end;5|6;",
	    1, "LF file, a line with a bare CR: bad, reading goes on" },
	{ "a,b\n\"x\"\r3,4\n", REC_CSV,
	    "a|b;!2:this line holds a bare CR line end, but the file's lines "
	    "end in LF as its first line does: save the file with one kind of "
	    "line end;",
	    1, "a bare CR after a closing quote" },
	{ "a,b\r1,2\r\n3,4\r", REC_CSV,
	    "a|b;1|2;!3:this line holds an LF line end, but the file's lines "
	    "end in a bare CR as its first line does: save the file with one "
	    "kind of line end;",
	    1, "bare-CR file, a CRLF line" },
	{ "a\tb\n1\t2\r3\t4\n", REC_TSV,
	    "a|b;!2:this line holds a bare CR line end, but the file's lines "
	    "end in LF as its first line does: save the file with one kind of "
	    "line end;",
	    1, "TSV, a bare CR in an LF file" },
	{ "{\"a\":1}\n{\"a\":2}\r{\"a\":3}\n", REC_JSONL,
	    "a;1;!2:this line holds a bare CR line end, but the file's lines "
	    "end in LF as its first line does: save the file with one kind of "
	    "line end;",
	    1, "JSONL, two objects on a line split by a bare CR" },

	/* NUL and JSON escapes */
	{ "a\tb\n1\t\\0x\n", REC_TSV,
	    "a|b;1|\\0x;",
	    0, "a backslash zero in TSV is text, not NUL" },
	{ "{\"a\":\"x\"}\n{\"a\":\"x\\u0000y\"}\n{\"a\":\"z\"}\n", REC_JSONL,
	    "a;x;!2:column 8: a string contains a NUL character (\\u0000);z;",
	    1, "JSONL \\u0000 in a value: bad, not cut short" },
	{ "{\"a\":\"x\"}\n{\"a\\u0000\":1}\n", REC_JSONL,
	    "a;x;!2:column 4: a string contains a NUL character (\\u0000);",
	    1, "JSONL \\u0000 in a key" },
	{ "{\"a\":\"x\"}\n{\"a\":\"\\udc00\"}\n{\"a\":\"\\ud800x\"}\n",
	    REC_JSONL,
	    "a;x;!2:column 7: unpaired surrogate;!3:column 7: unpaired "
	    "surrogate;",
	    2, "lone surrogates in \\u escapes" },
};

/* A reader over n bytes of text; the caller frees both. */
static struct rec_reader *
reader_of(const char *text, size_t n, enum rec_encoding e, FILE **fp)
{
	return reader(text, n, REC_AUTO, e, fp);
}

static void
done(struct rec_reader *r, FILE *fp)
{
	rec_reader_free(r);
	fclose(fp);
}

/* Whether the reader's error holds part. */
static int
says(const struct rec_reader *r, const char *part)
{
	return strstr(rec_error(r), part) != NULL;
}

/* text of n bytes: head, then c n times, then tail. */
static char *
repeat(const char *head, int c, size_t n, const char *tail, size_t *len)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	if (s == NULL)
		abort();
	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	*len = h + n + t;
	return s;
}

static void
limits(struct tap *t)
{
	FILE *fp;
	struct rec_reader *r;
	size_t n;
	char *s;

	s = repeat("a,b\n1,", 'x', REC_MAX_FIELD + 1, "\n2,y\n", &n);
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read(r) == -1 && rec_line(r) == 2 && says(r, "field 2 (b) "
	    "is longer than 64 KiB, the limit of a field"),
	    "a field over 64 KiB: a bad record, its field named");
	ok(t, rec_read(r) == 1 && strcmp(rec_field(r, 1), "y") == 0,
	    "and reading goes on");
	done(r, fp);
	free(s);

	s = repeat("a,b\n1,", 'x', REC_MAX_RECORD, "\n2,y\n", &n);
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read(r) == -2 && rec_line(r) == 2 && says(r, "a line longer "
	    "than 1 MiB, the limit of a record"), "a line over 1 MiB stops "
	    "the file");
	is_int(t, rec_read(r), 0, "and nothing more is read");
	done(r, fp);
	free(s);

	/* /dev/zero: NUL bytes and no line end */
	s = calloc(1, 2 * REC_MAX_RECORD);
	r = reader_of(s, 2 * REC_MAX_RECORD, REC_ENC_AUTO, &fp);
	ok(t, rec_read_header(r) == -1 && rec_line(r) == 1 &&
	    says(r, "a line longer than 1 MiB"), "2 MiB of NUL bytes: line 1 "
	    "over the limit");
	is_int(t, rec_read(r), 0, "  and rec_read() ends");
	done(r, fp);
	free(s);

	/* a quote never closed, over many lines */
	s = repeat("a,b\n1,\"", 'x', REC_MAX_RECORD, "\n", &n);
	for (size_t i = 7; i < n - 1; i += 1000)
		s[i] = '\n';
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read(r) == -2 && rec_line(r) == 2 && says(r, "a record "
	    "longer than 1 MiB") && says(r, "an unterminated quote?"),
	    "a quoted field running past 1 MiB stops the file");
	done(r, fp);
	free(s);

}

/* Records of many fields, and lines across the input's blocks. */
static void
wide_records(struct tap *t)
{
	FILE *fp;
	struct rec_reader *r;
	size_t n;
	char *s;

	s = repeat("", ',', REC_MAX_FIELDS, "\n", &n);
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read_header(r) == -1 && says(r, "more than 16384 fields"),
	    "a header of 16385 fields refused");
	done(r, fp);
	free(s);
	s = repeat("", ',', REC_MAX_FIELDS - 1, "\n", &n);
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read_header(r) == 0 && rec_ncolumns(r) == REC_MAX_FIELDS,
	    "16384 fields are read");
	done(r, fp);
	free(s);
	{
		struct buf b = {0};

		buf_puts(&b, "{\"a\":1}\n{");
		for (int i = 0; i < REC_MAX_FIELDS; i++)
			buf_printf(&b, "%s\"k%d\":1", i ? "," : "", i);
		buf_puts(&b, "}\n{\"a\":2}\n");
		r = reader_of(b.data, b.len, REC_ENC_AUTO, &fp);
		ok(t, rec_read(r) == 1 && rec_read(r) == -1 &&
		    says(r, "more than 16384 fields") && rec_read(r) == 1 &&
		    strcmp(rec_field(r, 0), "2") == 0,
		    "JSONL: a file of more than 16384 keys");
		done(r, fp);
		buf_free(&b);
	}
	/* a CR as the last byte of the first block: CRLF still */
	s = repeat("", 'a', 65534, "\r\n1\r\n", &n);
	r = reader_of(s, n, REC_ENC_AUTO, &fp);
	ok(t, rec_read(r) == 1 && strcmp(rec_field(r, 0), "1") == 0 &&
	    strlen(rec_column(r, 0)) == 65534 && rec_read(r) == 0,
	    "CRLF across the first block's end");
	done(r, fp);
	free(s);
}

/* text in UTF-8 as GBK, through iconv(3). */
static char *
to_gbk(const char *text, size_t *len)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	size_t in = strlen(text), room = in + 1;
	char *out = malloc(room), *src = (char *)(uintptr_t)text, *dst = out;

	if (cd == (iconv_t)-1 || out == NULL ||
	    iconv(cd, &src, &in, &dst, &room) == (size_t)-1)
		abort();
	iconv_close(cd);
	*len = (size_t)(dst - out);
	return out;
}

/* Every name of a surname and one or two given characters from these,
 * rare GBK (not GB2312) ones among them, as "S,name\n" lines. */
static void
names(struct buf *b, int three)
{
	static const char *const surnames[] = { "王", "李", "张", "刘", "陈",
	    "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "韩", "冯",
	    "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾",
	    "彭", "吕", "欧阳", "司马", "诸葛", "上官" };
	static const char *const given[] = { "伟", "芳", "娜", "敏", "静",
	    "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
	    "超", "秀", "霞", "平", "刚", "桂", "子", "轩", "涵", "梓", "欣",
	    "怡", "浩", "宇", "晨", "博", "思", "雨", "嘉", "睿", "瑶", "琪",
	    "喆", "堃", "昇", "珺", "玥", "镕", "犇", "赟", "琇", "祎", "彧",
	    "翀", "燊", "垚", "淼", "昊", "晗", "煜", "鑫", "媛", "·" };
	size_t ns = sizeof(surnames) / sizeof(*surnames);
	size_t ng = sizeof(given) / sizeof(*given);

	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < ng; j++)
			for (size_t k = 0; k < (three ? ng : 1); k++)
				buf_printf(b, "S,%s%s%s\n", surnames[i], given[j],
				    three ? given[k] : "");
}

static void
encodings(struct tap *t)
{
	const char utf8_line[] = "S9,\xe5\xbc\xa0\xe4\xb8\x89\n";	/* 张三 */
	struct buf b = {0};
	struct rec_reader *r;
	FILE *fp;
	char *gbk;
	size_t n, lines = 0, rows = 0, bad = 0;
	int got;

	buf_puts(&b, "id,name\n");
	names(&b, 0);
	names(&b, 1);
	for (size_t i = 0; i < b.len; i++)
		lines += b.data[i] == '\n';
	gbk = to_gbk(b.data, &n);
	r = reader_of(gbk, n, REC_ENC_AUTO, &fp);
	while ((got = rec_read(r)) != 0)
		*(got > 0 ? &rows : &bad) += 1;
	ok(t, bad == 0 && rows == lines - 1 && rec_encoding_used(r) ==
	    REC_ENC_GBK, "every GBK name of real characters, rare ones too, "
	    "is read as GBK");
	done(r, fp);

	/* the same file with a UTF-8 line at its end */
	gbk = realloc(gbk, n + sizeof(utf8_line));
	if (gbk == NULL)
		abort();
	memcpy(gbk + n, utf8_line, sizeof(utf8_line) - 1);
	r = reader_of(gbk, n + sizeof(utf8_line) - 1, REC_ENC_AUTO, &fp);
	while ((got = rec_read(r)) > 0)
		continue;
	ok(t, got == -2 && rec_line(r) == lines + 1 && strcmp(rec_error(r),
	    "this line is UTF-8 but the file is GBK (from line 2): save the "
	    "file in one encoding") == 0,
	    "a GBK file, then a UTF-8 line: the file stops at that line");
	done(r, fp);
	free(gbk);
	buf_free(&b);

	check_enc(t, "id,name\n1,\xd5\xc5\xc8\xfd\n2,\xe5\xbc\xa0\xe4\xb8\x89"
	    "\n3,x\n", REC_ENC_GBK, "id|name;1|张三;!3:this line is UTF-8 but the "
	    "file is GBK (--encoding gbk): save the file in one encoding;",
	    "--encoding gbk, then a UTF-8 line");
	check_enc(t, "{\"a\":\"x\"}\n{\"\xc0\xaf\":1}\n", REC_ENC_UTF8,
	    "a;x;!2:invalid UTF-8 (try --encoding gbk);",
	    "an overlong form in a JSONL key");
}

static void
hostile(struct tap *t)
{
	for (size_t i = 0; i < sizeof(hostile_cases) / sizeof(*hostile_cases);
	    i++) {
		const struct read_case *c = &hostile_cases[i];

		check(t, c->text, c->format, c->want, c->want_bad, c->what);
	}
	{
		const char text[] = "a\tb\n1\tx\0y\n2\tz\n";
		FILE *fp;
		struct rec_reader *r = reader_of(text, sizeof(text) - 1,
		    REC_ENC_AUTO, &fp);

		ok(t, rec_read(r) == -1 && rec_line(r) == 2 &&
		    says(r, "contains a NUL character"),
		    "a NUL byte in TSV: the line contains a NUL character");
		ok(t, rec_read(r) == 1, "  and reading goes on");
		done(r, fp);
	}
	limits(t);
	wide_records(t);
	encodings(t);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	enum rec_format f;
	enum rec_encoding e;
	char *s;
	int bad;

	hostile(&t);
	for (size_t i = 0; i < sizeof(read_cases) / sizeof(*read_cases); i++) {
		const struct read_case *c = &read_cases[i];

		check(&t, c->text, c->format, c->want, c->want_bad, c->what);
	}
	{
		FILE *fp;
		const char *text = "{\"a\":null,\"b\":\"\"}\n";
		struct rec_reader *r = reader(text, strlen(text), REC_JSONL,
		    REC_ENC_AUTO, &fp);
		ok(&t, rec_read(r) == 1 && !rec_has_field(r, 0) &&
		    rec_has_field(r, 1), "null is absent, \"\" is present");
		rec_reader_free(r);
		fclose(fp);
	}

	/* Encodings */
	{
		/* 学号,姓名 / S1,张三 in GBK */
		const char gbk[] = "\xd1\xa7\xba\xc5,\xd0\xd5\xc3\xfb\r\n"
		    "S1,\xd5\xc5\xc8\xfd\r\n";
		FILE *fp;
		struct rec_reader *r = reader(gbk, sizeof(gbk) - 1, REC_AUTO,
		    REC_ENC_AUTO, &fp);

		ok(&t, rec_read(r) == 1, "GBK read");
		is_str(&t, rec_column(r, 0), "学号", "GBK header decoded");
		is_str(&t, rec_field(r, 1), "张三", "GBK field decoded");
		is_int(&t, rec_encoding_used(r), REC_ENC_GBK, "GBK detected");
		rec_reader_free(r);
		fclose(fp);
		r = reader(gbk, sizeof(gbk) - 1, REC_AUTO, REC_ENC_GBK, &fp);
		ok(&t, rec_read(r) == 1 && strcmp(rec_field(r, 1), "张三") == 0,
		    "GBK forced");
		rec_reader_free(r);
		fclose(fp);
		r = reader(gbk, sizeof(gbk) - 1, REC_AUTO, REC_ENC_UTF8, &fp);
		is_int(&t, rec_read(r), -2, "GBK read as UTF-8 is refused");
		ok(&t, strstr(rec_error(r), "--encoding gbk") != NULL,
		    "and the message suggests --encoding gbk");
		rec_reader_free(r);
		fclose(fp);
	}
	{
		/* ASCII header, then GBK: the first non-ASCII line decides */
		const char text[] = "id,name\n1,\xd5\xc5\xc8\xfd\n2,abc\n";
		FILE *fp;
		struct rec_reader *r = reader(text, sizeof(text) - 1, REC_AUTO,
		    REC_ENC_AUTO, &fp);

		ok(&t, rec_read(r) == 1 && strcmp(rec_field(r, 1), "张三") == 0,
		    "ASCII header then a GBK line");
		ok(&t, rec_read(r) == 1 && strcmp(rec_field(r, 1), "abc") == 0,
		    "then ASCII again");
		rec_reader_free(r);
		fclose(fp);
	}
	check(&t, "id,name\n1,\xff\xfe\xff\n2,ok\n", REC_CSV,
	    "id|name;!2:bytes that are neither UTF-8 nor GB18030;2|ok;", 1,
	    "bytes that are neither UTF-8 nor GBK");
	check(&t, "id,name\n1,\xe5\xbc\xa0\n2,\xd5\xc5\n3,ok\n", REC_CSV,
	    "id|name;1|张;!3:this line is GBK but the file is UTF-8 (from line "
	    "2): save the file in one encoding;", 1,
	    "a file mixing encodings stops at the first line that disagrees");
	{
		const char text[] = "a,b\n1,x\0y\n2,z\n";
		FILE *fp;
		struct rec_reader *r = reader(text, sizeof(text) - 1, REC_CSV,
		    REC_ENC_AUTO, &fp);
		ok(&t, rec_read(r) == -1 && strstr(rec_error(r), "NUL") != NULL,
		    "a NUL byte is a bad record, not a short field");
		ok(&t, rec_read(r) == 1 && strcmp(rec_field(r, 1), "z") == 0,
		    "and reading goes on");
		rec_reader_free(r);
		fclose(fp);
	}
	{
		const char text[] = "\xff\xfe" "a\0,\0b\0\n\0";
		FILE *fp;
		struct rec_reader *r = reader(text, sizeof(text) - 1, REC_AUTO,
		    REC_ENC_AUTO, &fp);
		ok(&t, rec_read_header(r) == -1 &&
		    strstr(rec_error(r), "UTF-16") != NULL,
		    "a UTF-16 file is refused with advice");
		rec_reader_free(r);
		fclose(fp);
	}
	ok(&t, !rec_valid_utf8("\xc0\xaf", 2), "overlong UTF-8 refused");
	ok(&t, !rec_valid_utf8("\xed\xa0\x80", 3), "surrogates refused");
	ok(&t, rec_valid_utf8("\xf0\x9f\x98\x80", 4), "4-byte UTF-8 accepted");

	/* A field as long as a field may be */
	{
		size_t n = REC_MAX_FIELD;
		char *big = malloc(n + 16);
		memcpy(big, "a,b\nx,", 6);
		memset(big + 6, 'z', n);
		memcpy(big + 6 + n, "\n", 2);
		FILE *fp;
		struct rec_reader *r = reader(big, strlen(big), REC_CSV,
		    REC_ENC_AUTO, &fp);
		ok(&t, rec_read(r) == 1 && strlen(rec_field(r, 1)) == n,
		    "a field of 64 KiB");
		rec_reader_free(r);
		fclose(fp);
		free(big);
	}

	/* Writer */
	{
		const char *names[] = { "id", "text" };
		const char *rows[] = { "1", "a\tb\\c\nd", "2", NULL };
		s = write_all(REC_TSV, 2, names, rows, 2);
		is_str(&t, s, "id\ttext\n1\ta\\tb\\\\c\\nd\n2\t\n",
		    "TSV escapes tab, backslash, newline");
		free(s);
	}
	{
		const char *names[] = { "v" };
		const char *rows[] = { "=SUM(A1)", "+1", "-2+3", "@x", "-5",
		    "3.14", "a,b", "say \"hi\"", " pad" };
		s = write_all(REC_CSV, 1, names, rows, 9);
		/* a plain number (+1, -5) is harmless and stays as it is */
		is_str(&t, s, "v\n'=SUM(A1)\n+1\n'-2+3\n'@x\n-5\n3.14\n\"a,b\"\n"
		    "\"say \"\"hi\"\"\"\n\" pad\"\n",
		    "CSV quoting and formula neutralisation");
		free(s);
	}
	{
		const char *names[] = { "n", "s", "z" };
		const char *rows[] = { "12", "中\"\x01", NULL, "x1", "1", "" };
		s = write_kinds(REC_JSONL, 3, names, "n..", rows, 2);
		is_str(&t, s, "{\"n\":12,\"s\":\"中\\\"\\u0001\",\"z\":null}\n"
		    "{\"n\":\"x1\",\"s\":\"1\",\"z\":\"\"}\n",
		    "JSONL numbers, escapes and null");
		free(s);
	}
	{
		const char *names[] = { "j" };
		const char *rows[] = { "{\"a\":[1,2]}", "{bad", "[]" };
		s = write_kinds(REC_JSONL, 1, names, "j", rows, 3);
		is_str(&t, s, "{\"j\":{\"a\":[1,2]}}\n{\"j\":\"{bad\"}\n"
		    "{\"j\":[]}\n", "JSON columns verbatim, a string otherwise");
		free(s);
	}
	/* round trips */
	{
		const char *names[] = { "a", "b" };
		const char *rows[] = { "tab\there", "line\nbreak \"q\" \\",
		    "中文，全角", "=1" };
		enum rec_format fmts[] = { REC_TSV, REC_JSONL };
		for (size_t k = 0; k < 2; k++) {
			char *text = write_all(fmts[k], 2, names, rows, 2);
			char *back = slurp(text, fmts[k], REC_ENC_AUTO, &bad);
			is_str(&t, back, "a|b;tab\there|line\nbreak \"q\" \\;"
			    "中文，全角|=1;", fmts[k] == REC_TSV ?
			    "TSV round trip" : "JSONL round trip");
			free(text);
			free(back);
		}
	}

	/* a lazy writer: nothing over no records, its header with the first */
	{
		const char *names[] = { "a", "b" };
		const char *rows[] = { "1", "2" };
		char *out = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&out, &len);
		struct rec_writer *w = rec_writer_new_lazy(mem, REC_CSV, 2,
		    names);

		ok(&t, rec_writer_free(w) == 0 && fflush(mem) == 0 &&
		    len == 0, "lazy writer, no records: nothing");
		w = rec_writer_new_lazy(mem, REC_CSV, 2, names);
		rec_write(w, rows);
		rec_write(w, rows);
		rec_writer_free(w);
		fclose(mem);
		is_str(&t, out, "a,b\n1,2\n1,2\n",
		    "lazy writer: the header once, with the first record");
		free(out);
	}
	ok(&t, rec_parse_format("CSV", &f) == 0 && f == REC_CSV,
	    "format names are case-insensitive");
	ok(&t, rec_parse_format("xml", &f) != 0, "unknown format refused");
	ok(&t, rec_parse_encoding("GB18030", &e) == 0 && e == REC_ENC_GBK,
	    "gb18030 is gbk");
	ok(&t, rec_parse_encoding("latin1", &e) != 0,
	    "unknown encoding refused");
	{
		char buf[] = "  \xef\xbc\xa1  ";
		is_str(&t, rec_normalise(buf), "A", "rec_normalise");
	}
	return tap_done(&t);
}
