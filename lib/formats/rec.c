/*
 * Records in and out.  The reader keeps one physical line (getline), its
 * UTF-8 form, and the current record's fields as NUL-terminated strings
 * in one buffer, so that memory is bounded by the longest record and no
 * field costs a malloc.
 */
#include "rec.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "sheet.h"
#include "strmap.h"
#include "xalloc.h"

struct rec_reader {
	FILE *fp;
	int fd;				/* fp's descriptor, read directly */
	char *name;
	enum rec_format format;
	enum rec_encoding encoding;	/* given, or decided (AUTO: not yet) */
	int encoding_given;
	size_t encoding_line;		/* the line that decided it, or 0 */
	iconv_t cd;
	char *in;			/* the input: in[inpos..inlen) unread */
	size_t incap, inpos, inlen;
	int ineof;
	char eol;			/* '\n' or '\r', from the first line end */
	int other_eol;			/* this line holds the other one */
	size_t recbytes;		/* the current record's bytes so far */
	struct buf conv;		/* a GB18030 line in UTF-8 */
	struct buf rec;			/* the fields, NUL-separated */
	size_t *off;			/* field i at rec.data + off[i] */
	unsigned char *has;
	size_t nfields, fieldcap;
	size_t long_field;		/* 1 + the first field over the limit */
	int too_many;			/* more fields than the limit */
	char **cols;
	size_t ncols, colcap;
	struct strmap colmap;		/* JSONL: key to column, once wide */
	size_t physline, recline;
	int header_read, pending, stopped;
	int overflow;		/* the bad record had only too many fields */
	struct buf err;
	char *sheet;		/* --sheet, or NULL for the first */
	FILE *workbook;		/* the sheet's TSV, read instead of fp */
	int sniffed;		/* fp was looked at for a workbook */
};
int
rec_parse_format(const char *s, enum rec_format *out)
{
	if (strcasecmp(s, "tsv") == 0)
		*out = REC_TSV;
	else if (strcasecmp(s, "csv") == 0)
		*out = REC_CSV;
	else if (strcasecmp(s, "jsonl") == 0 || strcasecmp(s, "json") == 0 ||
	    strcasecmp(s, "ndjson") == 0)
		*out = REC_JSONL;
	else if (strcasecmp(s, "xlsx") == 0)
		*out = REC_XLSX;
	else if (strcasecmp(s, "auto") == 0)
		*out = REC_AUTO;
	else
		return -1;
	return 0;
}

int
rec_parse_encoding(const char *s, enum rec_encoding *out)
{
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		*out = REC_ENC_UTF8;
	else if (strcasecmp(s, "gbk") == 0 || strcasecmp(s, "gb18030") == 0 ||
	    strcasecmp(s, "gb2312") == 0 || strcasecmp(s, "cp936") == 0)
		*out = REC_ENC_GBK;
	else if (strcasecmp(s, "auto") == 0)
		*out = REC_ENC_AUTO;
	else
		return -1;
	return 0;
}

const char *
rec_format_name(enum rec_format f)
{
	switch (f) {
	case REC_TSV: return "tsv";
	case REC_CSV: return "csv";
	case REC_JSONL: return "jsonl";
	case REC_XLSX: return "xlsx";
	default: return "auto";
	}
}

const char *
rec_encoding_name(enum rec_encoding e)
{
	switch (e) {
	case REC_ENC_UTF8: return "utf-8";
	case REC_ENC_GBK: return "gbk";
	default: return "auto";
	}
}

/*
 * What s[0..n) is as UTF-8: 0 ASCII, 1 valid UTF-8 beyond ASCII, -1 not
 * UTF-8 (an overlong form, a surrogate, a stray or missing continuation
 * byte).  ASCII goes eight bytes at a time.
 */
static int
utf8_scan(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	int wide = 0;

	while (s < end) {
		unsigned c = *s;
		size_t len;
		unsigned cp;

		if (c < 0x80) {
			while (end - s >= 8) {
				uint64_t w;
				memcpy(&w, s, 8);
				if (w & 0x8080808080808080ULL)
					break;
				s += 8;
			}
			while (s < end && *s < 0x80)
				s++;
			continue;
		}
		wide = 1;
		/* the common case of Chinese text, with no overlong form or
		 * surrogate possible: a three-byte character after E1-EC, EE,
		 * EF */
		if (c >= 0xe1 && c != 0xed && c <= 0xef && end - s >= 3 &&
		    (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
			s += 3;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return -1;
		if ((size_t)(end - s) < len)
			return -1;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		    || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return -1;
		s += len;
	}
	return wide;
}

int
rec_valid_utf8(const char *s, size_t n)
{
	return utf8_scan(s, n) >= 0;
}

static int
is_space_at(const char *p, size_t *len)
{
	unsigned char c = (unsigned char)*p;

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f') {
		*len = 1;
		return 1;
	}
	if (c == 0xc2 && (unsigned char)p[1] == 0xa0) {
		*len = 2;
		return 1;
	}
	if (c == 0xe3 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x80) {
		*len = 3;
		return 1;
	}
	return 0;
}

char *
rec_normalise(char *s)
{
	size_t n = strlen(s), sp;
	char *start = s, *end, *r, *w;
	int wide = 0;

	if (n == 0)
		return s;
	/* Most fields are plain ASCII with nothing around them. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) {
			wide = 1;
			break;
		}
	if (!wide && s[0] > ' ' && s[n - 1] > ' ')
		return s;
	while (*start != '\0' && is_space_at(start, &sp))
		start += sp;
	end = s + n;
	while (end > start) {
		if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
		    end[-1] == '\n' || end[-1] == '\v' || end[-1] == '\f')
			end--;
		else if (end - start >= 2 && (unsigned char)end[-2] == 0xc2 &&
		    (unsigned char)end[-1] == 0xa0)
			end -= 2;
		else if (end - start >= 3 && (unsigned char)end[-3] == 0xe3 &&
		    (unsigned char)end[-2] == 0x80 &&
		    (unsigned char)end[-1] == 0x80)
			end -= 3;
		else
			break;
	}
	/* only EF starts a full-width form: none, and the text moves whole */
	r = memchr(start, 0xef, (size_t)(end - start));
	if (r == NULL) {
		memmove(s, start, (size_t)(end - start));
		s[end - start] = '\0';
		return s;
	}
	if (start > s)
		memmove(s, start, (size_t)(r - start));
	for (w = s + (r - start); r < end;) {
		unsigned char a = (unsigned char)r[0];
		if (a == 0xef && end - r >= 3) {
			unsigned char b = (unsigned char)r[1];
			unsigned char c = (unsigned char)r[2];
			if (b == 0xbc && c >= 0x90 && c <= 0x99) {
				*w++ = (char)('0' + (c - 0x90));
				r += 3;
				continue;
			}
			if (b == 0xbc && c >= 0xa1 && c <= 0xba) {
				*w++ = (char)('A' + (c - 0xa1));
				r += 3;
				continue;
			}
			if (b == 0xbd && c >= 0x81 && c <= 0x9a) {
				*w++ = (char)('a' + (c - 0x81));
				r += 3;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

struct rec_reader *
rec_reader_new(FILE *fp, const char *name, enum rec_format format,
    enum rec_encoding encoding)
{
	struct rec_reader *r = xcalloc(1, sizeof(*r));

	r->fp = fp;
	r->fd = fileno(fp);
	r->name = xstrdup(name);
	r->format = format;
	r->encoding = encoding;
	r->encoding_given = encoding != REC_ENC_AUTO;
	r->cd = (iconv_t)-1;
	strmap_init(&r->colmap);
	return r;
}

void
rec_reader_free(struct rec_reader *r)
{
	if (r == NULL)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->name);
	free(r->sheet);
	if (r->workbook != NULL)
		fclose(r->workbook);
	free(r->in);
	buf_free(&r->conv);
	buf_free(&r->rec);
	free(r->off);
	free(r->has);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	strmap_free(&r->colmap);
	buf_free(&r->err);
	free(r);
}

static void
set_error(struct rec_reader *r, const char *msg)
{
	buf_reset(&r->err);
	buf_puts(&r->err, msg);
}

/* GB18030 to UTF-8 through iconv; 0, or -1 when the bytes are not
 * GB18030. */
static int
from_gb18030(struct rec_reader *r, const char *in, size_t n)
{
	char *src = (char *)(uintptr_t)in;
	size_t left = n;

	if (r->cd == (iconv_t)-1) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return -1;
	}
	(void)iconv(r->cd, NULL, NULL, NULL, NULL);
	buf_reset(&r->conv);
	while (left > 0) {
		size_t room = left * 2 + 16, got;
		char *dst;

		r->conv.data = xgrow(r->conv.data, &r->conv.cap,
		    r->conv.len + room + 1, 1);
		dst = r->conv.data + r->conv.len;
		got = room;
		if (iconv(r->cd, &src, &left, &dst, &got) == (size_t)-1 &&
		    errno != E2BIG)
			return -1;
		r->conv.len = (size_t)(dst - r->conv.data);
	}
	r->conv.data = xgrow(r->conv.data, &r->conv.cap, r->conv.len + 1, 1);
	r->conv.data[r->conv.len] = '\0';
	return 0;
}

/* Input is read a block at a time, straight from the descriptor when
 * there is one (a pipe gives what it has, as getline would). */
#define REC_BLOCK (64 * 1024)

/*
 * More input after in[inlen], what is unread moved to the front first:
 * 1, 0 at the end, -2 on a read error.  The buffer grows only while one
 * line does not fit, so never far past the limit of a record.
 */
static int
fill_input(struct rec_reader *r)
{
	ssize_t n;

	if (r->inpos > 0) {
		memmove(r->in, r->in + r->inpos, r->inlen - r->inpos);
		r->inlen -= r->inpos;
		r->inpos = 0;
	}
	if (r->incap - r->inlen < REC_BLOCK / 4)
		r->in = xgrow(r->in, &r->incap, r->inlen + REC_BLOCK, 1);
	/* one byte kept for the NUL that ends the last line */
	do {
		if (r->fd >= 0)
			n = read(r->fd, r->in + r->inlen, r->incap - r->inlen - 1);
		else {
			n = (ssize_t)fread(r->in + r->inlen, 1,
			    r->incap - r->inlen - 1, r->fp);
			if (n == 0 && ferror(r->fp))
				n = -1;
		}
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		set_error(r, strerror(errno ? errno : EIO));
		return -2;
	}
	if (n == 0) {
		r->ineof = 1;
		return 0;
	}
	r->inlen += (size_t)n;
	return 1;
}

/*
 * The first line end of the input decides the file's: LF (CRLF too, and
 * the CR CR LF of a CRLF file converted twice), or a bare CR (classic Mac
 * OS, some spreadsheet exports).  The end of the first line in s[0..n),
 * r->eol set, or NULL when these bytes cannot tell yet.
 */
static char *
first_eol(struct rec_reader *r, char *s, size_t n)
{
	char *lf = memchr(s, '\n', n);
	char *cr = memchr(s, '\r', lf != NULL ? (size_t)(lf - s) : n);
	char *after = cr;

	if (cr == NULL) {
		if (lf != NULL)
			r->eol = '\n';
		return lf;
	}
	while (after < s + n && *after == '\r')
		after++;
	if (after == s + n && !r->ineof)
		return NULL;
	r->eol = after < s + n && *after == '\n' ? '\n' : '\r';
	return r->eol == '\n' ? after : cr;
}

static int
line_too_long(struct rec_reader *r)
{
	r->physline++;
	buf_reset(&r->err);
	buf_printf(&r->err, "a line longer than %d MiB, the limit of a record "
	    "(see ph-records(5)): is this a file of records?",
	    REC_MAX_RECORD >> 20);
	return -2;
}

/*
 * The next physical line, in the input buffer, its line end cut off and
 * a NUL after it: 1, 0 at the end, -2 (error set) for a line over the
 * limit of a record, which is never read whole, or a read error.
 */
static int
raw_line(struct rec_reader *r, char **line, size_t *len)
{
	size_t scanned = 0;
	char *s, *end;
	int got;

	if (r->in == NULL && (got = fill_input(r)) < 0)
		return got;
	for (;;) {
		s = r->in + r->inpos;
		if (r->eol == 0)
			end = first_eol(r, s, r->inlen - r->inpos);
		else
			end = memchr(s + scanned, r->eol,
			    r->inlen - r->inpos - scanned);
		if (end != NULL)
			break;
		if (r->eol != 0)
			scanned = r->inlen - r->inpos;
		if (r->inlen - r->inpos > REC_MAX_RECORD + 2)
			return line_too_long(r);
		if (r->ineof) {
			if (r->inpos == r->inlen)
				return 0;
			end = r->in + r->inlen;
			break;
		}
		if ((got = fill_input(r)) < 0)
			return got;
	}
	r->inpos = end < r->in + r->inlen ? (size_t)(end - r->in) + 1 :
	    r->inlen;
	while (end > s && r->eol == '\n' && end[-1] == '\r')
		end--;
	if ((size_t)(end - s) > REC_MAX_RECORD)
		return line_too_long(r);
	*end = '\0';
	r->physline++;
	*line = s;
	*len = (size_t)(end - s);
	return 1;
}

/* A UTF-16 file, or a UTF-8 byte order mark dropped: 1, or -2. */
static int
first_line(struct rec_reader *r, char **s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)*s;

	if (*n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		/* Excel's "Unicode text" export */
		set_error(r, "a UTF-16 file: save it as \"CSV UTF-8\", or "
		    "convert it with iconv -f UTF-16 -t UTF-8");
		return -2;
	}
	if (*n >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0) {
		*s += 3;
		*n -= 3;
		if (!r->encoding_given) {
			r->encoding = REC_ENC_UTF8;
			r->encoding_line = 1;
		}
	}
	return 1;
}

/* A line in an encoding that is not the file's: the file as a whole is
 * wrong (-2), whichever line is right. */
static int
mixed_encoding(struct rec_reader *r, const char *line, const char *file)
{
	buf_reset(&r->err);
	buf_printf(&r->err, "this line is %s but the file is %s ", line, file);
	if (r->encoding_line > 0)
		buf_printf(&r->err, "(from line %zu)", r->encoding_line);
	else
		buf_printf(&r->err, "(--encoding %s)",
		    rec_encoding_name(r->encoding));
	buf_puts(&r->err, ": save the file in one encoding");
	return -2;
}

/*
 * Whether valid UTF-8 s[0..n) reads as Chinese text beyond ASCII: CJK
 * ideographs, CJK and general punctuation, symbols (U+2000-2BFF),
 * full-width forms, the middle dot.  GBK bytes that happen to be valid
 * UTF-8 mostly read as Latin, Greek or Cyrillic letters instead.
 */
static int
chinese_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] < 0xe0)
			cp = (s[i] & 0x1fu) << 6 | (s[i + 1] & 0x3fu), i += 2;
		else if (s[i] < 0xf0)
			cp = (s[i] & 0x0fu) << 12 | (s[i + 1] & 0x3fu) << 6 |
			    (s[i + 2] & 0x3fu), i += 3;
		else
			return 0;
		if (!(cp == 0xb7 || (cp >= 0x2000 && cp <= 0x2bff) ||
		    (cp >= 0x3000 && cp <= 0x303f) ||
		    (cp >= 0x3400 && cp <= 0x9fff) ||
		    (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xff00 && cp <= 0xffef)))
			return 0;
	}
	return 1;
}

/*
 * Whether s[0..n), read as pairs of bytes beyond ASCII, is mostly not
 * GB2312 (rows A1-F7, columns A1-FE), where real GBK text has nearly
 * all its characters: UTF-8 read so has two pairs of three outside.
 */
static int
mostly_not_gb2312(const unsigned char *s, size_t n)
{
	size_t pairs = 0, odd = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		pairs++;
		if (s[i] < 0xa1 || s[i] > 0xf7 || i + 1 == n ||
		    s[i + 1] < 0xa1 || s[i + 1] == 0xff)
			odd++;
		i++;
	}
	return odd * 2 > pairs;
}

/* A line beyond ASCII in a GBK file (or one yet undecided, that is not
 * UTF-8), converted: 1, -1 or -2. */
static int
gbk_line(struct rec_reader *r, char *s, size_t n, int utf8)
{
	const unsigned char *u = (const unsigned char *)s;

	if (from_gb18030(r, s, n) != 0) {
		if (utf8 > 0)
			return mixed_encoding(r, "UTF-8", "GBK");
		set_error(r, "bytes that are neither UTF-8 nor GB18030");
		return -1;
	}
	/* A real GBK line is refused only if it is valid UTF-8 reading as
	 * Chinese and most of its characters are outside GB2312. */
	if (utf8 > 0 && chinese_utf8(u, n) && mostly_not_gb2312(u, n))
		return mixed_encoding(r, "UTF-8", "GBK");
	if (r->encoding == REC_ENC_AUTO) {
		r->encoding = REC_ENC_GBK;
		r->encoding_line = r->physline;
	}
	return 1;
}

/* s[0..n) as UTF-8 in *line: 1, -1 (a bad line) or -2 (a file in two
 * encodings). */
static int
decode_line(struct rec_reader *r, char *s, size_t n, char **line,
    size_t *len)
{
	int utf8 = utf8_scan(s, n), got;

	*line = s;
	*len = n;
	if (utf8 == 0)
		return 1;
	if (r->encoding == REC_ENC_AUTO && utf8 > 0) {
		r->encoding = REC_ENC_UTF8;
		r->encoding_line = r->physline;
	}
	if (r->encoding == REC_ENC_UTF8) {
		if (utf8 > 0)
			return 1;
		if (r->encoding_given) {
			set_error(r, "invalid UTF-8 (try --encoding gbk)");
			return -1;
		}
		if (from_gb18030(r, s, n) == 0)
			return mixed_encoding(r, "GBK", "UTF-8");
		set_error(r, "bytes that are neither UTF-8 nor GB18030");
		return -1;
	}
	if ((got = gbk_line(r, s, n, utf8)) != 1)
		return got;
	*line = r->conv.data;
	*len = r->conv.len;
	return 1;
}

/*
 * The next physical line as UTF-8, without its line end.  1 and *line,
 * 0 at the end, -1 for a line that cannot be read (error set), -2 when
 * reading cannot go on.
 */
static int
next_line(struct rec_reader *r, char **line, size_t *len)
{
	char *s;
	size_t n;
	int got = raw_line(r, &s, &n);

	if (got <= 0)
		return got;
	r->recbytes += n + 1;
	if (r->recbytes > REC_MAX_RECORD + 1) {
		buf_reset(&r->err);
		buf_printf(&r->err, "a record longer than %d MiB, the limit of "
		    "a record (see ph-records(5)), by line %zu (an unterminated "
		    "quote?)", REC_MAX_RECORD >> 20, r->physline);
		return -2;
	}
	if (r->physline == 1 && (got = first_line(r, &s, &n)) != 1)
		return got;
	if (memchr(s, '\0', n) != NULL) {
		/* C strings would silently cut the field short */
		set_error(r, "the line contains a NUL character (binary data?)");
		return -1;
	}
	r->other_eol = r->eol == '\r' ? '\n' : '\r';
	if (memchr(s, r->other_eol, n) == NULL)
		r->other_eol = 0;
	return decode_line(r, s, n, line, len);
}

/* A line end of the other kind than the file's, where the format has no
 * place for it: a bad record. */
static int
mixed_eol(struct rec_reader *r)
{
	set_error(r, r->eol == '\r' ? "this line holds an LF line end, but "
	    "the file's lines end in a bare CR as its first line does: save "
	    "the file with one kind of line end" : "this line holds a bare "
	    "CR line end, but the file's lines end in LF as its first line "
	    "does: save the file with one kind of line end");
	return -1;
}

static int
blank(const char *s)
{
	size_t sp;

	while (*s != '\0' && is_space_at(s, &sp))
		s += sp;
	return *s == '\0';
}

static void
begin_record(struct rec_reader *r)
{
	buf_reset(&r->rec);
	r->nfields = 0;
	r->long_field = 0;
	r->too_many = 0;
}

static void
ensure_fields(struct rec_reader *r, size_t n)
{
	size_t cap = r->fieldcap;

	if (n <= cap)
		return;
	r->off = xgrow(r->off, &r->fieldcap, n, sizeof(*r->off));
	r->has = xrealloc(r->has, r->fieldcap);
	(void)cap;
}

/* Starts field number i at the end of the record buffer; past the
 * limit of fields the last one is used again, so that a line of commas
 * costs no more than its bytes. */
static void
start_field(struct rec_reader *r)
{
	if (r->nfields == REC_MAX_FIELDS) {
		r->too_many = 1;
		r->nfields--;
	}
	ensure_fields(r, r->nfields + 1);
	r->off[r->nfields] = r->rec.len;
	r->has[r->nfields] = 1;
	r->nfields++;
}

static void
end_field(struct rec_reader *r)
{
	if (r->long_field == 0 &&
	    r->rec.len - r->off[r->nfields - 1] > REC_MAX_FIELD)
		r->long_field = r->nfields;
	buf_putc(&r->rec, '\0');
}

/* A record over a limit on its fields: -1 with the error set, else 1. */
static int
check_fields(struct rec_reader *r)
{
	size_t i = r->long_field - 1;

	if (r->too_many) {
		buf_reset(&r->err);
		buf_printf(&r->err, "more than %d fields, the limit of a record "
		    "(see ph-records(5))", REC_MAX_FIELDS);
		return -1;
	}
	if (r->long_field == 0)
		return 1;
	buf_reset(&r->err);
	buf_printf(&r->err, "field %zu", i + 1);
	if (r->header_read && i < r->ncols && *r->cols[i] != '\0')
		buf_printf(&r->err, " (%s)", r->cols[i]);
	buf_printf(&r->err, " is longer than %d KiB, the limit of a field "
	    "(see ph-records(5))", REC_MAX_FIELD / 1024);
	return -1;
}

static void
normalise_fields(struct rec_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (r->has[i])
			rec_normalise(r->rec.data + r->off[i]);
}

/* One CSV record starting with line; may read more lines for quoted
 * newlines.  1, -1 (bad record), -2 (cannot go on). */
static int
parse_csv(struct rec_reader *r, char *line, size_t len)
{
	const char *p = line, *end = line + len;
	size_t opened = r->physline;

	begin_record(r);
	for (;;) {
		const char *q = p;

		start_field(r);
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end && *q == '"') {
			p = q + 1;
			for (;;) {
				const char *quote = memchr(p, '"',
				    (size_t)(end - p));

				if (quote == NULL) {
					/* the field goes on on the next line */
					char *next;
					size_t nlen;
					int got;

					buf_append(&r->rec, p, (size_t)(end - p));
					buf_putc(&r->rec, '\n');
					got = next_line(r, &next, &nlen);
					if (got == 0) {
						/* a bad last record: what came
						 * before it stands */
						buf_reset(&r->err);
						buf_printf(&r->err, "unterminated "
						    "quoted field (opened on "
						    "line %zu)", opened);
						return -1;
					}
					if (got < 0)
						return got;
					p = next;
					end = next + nlen;
					continue;
				}
				buf_append(&r->rec, p, (size_t)(quote - p));
				if (quote + 1 < end && quote[1] == '"') {
					buf_putc(&r->rec, '"');
					p = quote + 2;
					continue;
				}
				p = quote + 1;
				break;
			}
			/* lenient: text after the closing quote is kept */
			while (p < end && *p != ',') {
				if (*p == r->other_eol)
					return mixed_eol(r);
				if (*p != ' ' && *p != '\t')
					buf_putc(&r->rec, *p);
				p++;
			}
		} else {
			const char *comma = memchr(p, ',', (size_t)(end - p));
			const char *stop = comma ? comma : end;

			if (r->other_eol && memchr(p, r->other_eol,
			    (size_t)(stop - p)) != NULL)
				return mixed_eol(r);
			buf_append(&r->rec, p, (size_t)(stop - p));
			p = stop;
		}
		end_field(r);
		if (p >= end)
			break;
		p++;	/* the comma */
		if (p == end) {
			start_field(r);
			end_field(r);
			break;
		}
	}
	return 1;
}

static int
parse_tsv(struct rec_reader *r, const char *line, size_t len)
{
	const char *p = line, *end = line + len;

	begin_record(r);
	if (r->other_eol)
		return mixed_eol(r);
	start_field(r);
	while (p < end) {
		const char *stop = p;

		while (stop < end && *stop != '\t' && *stop != '\\')
			stop++;
		buf_append(&r->rec, p, (size_t)(stop - p));
		p = stop;
		if (p >= end)
			break;
		if (*p == '\t') {
			end_field(r);
			start_field(r);
			p++;
			continue;
		}
		/* a backslash escape */
		if (p + 1 < end) {
			switch (p[1]) {
			case 't': buf_putc(&r->rec, '\t'); p += 2; continue;
			case 'n': buf_putc(&r->rec, '\n'); p += 2; continue;
			case 'r': buf_putc(&r->rec, '\r'); p += 2; continue;
			case '\\': buf_putc(&r->rec, '\\'); p += 2; continue;
			default: break;
			}
		}
		buf_putc(&r->rec, '\\');
		p++;
	}
	end_field(r);
	return 1;
}

/* JSON */

struct json {
	const char *p, *start, *end;
	struct rec_reader *r;
};

static void
json_error(struct json *j, const char *what)
{
	buf_reset(&j->r->err);
	buf_printf(&j->r->err, "column %zu: %s", (size_t)(j->p - j->start) + 1,
	    what);
}

static void
json_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	char s[4];

	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | cp >> 18);
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, s, 4);
	}
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string at j->p (on the quote), decoded into b. */
static int
json_string(struct json *j, struct buf *b)
{
	j->p++;
	for (;;) {
		const char *s = j->p;

		while (j->p < j->end && *j->p != '"' && *j->p != '\\' &&
		    (unsigned char)*j->p >= 0x20)
			j->p++;
		buf_append(b, s, (size_t)(j->p - s));
		if (j->p >= j->end) {
			json_error(j, "unterminated string");
			return -1;
		}
		if (*j->p == '"') {
			j->p++;
			return 0;
		}
		if ((unsigned char)*j->p < 0x20) {
			json_error(j, "control character in a string");
			return -1;
		}
		/* backslash */
		if (j->end - j->p < 2) {
			json_error(j, "unterminated escape");
			return -1;
		}
		switch (j->p[1]) {
		case '"': buf_putc(b, '"'); break;
		case '\\': buf_putc(b, '\\'); break;
		case '/': buf_putc(b, '/'); break;
		case 'b': buf_putc(b, '\b'); break;
		case 'f': buf_putc(b, '\f'); break;
		case 'n': buf_putc(b, '\n'); break;
		case 'r': buf_putc(b, '\r'); break;
		case 't': buf_putc(b, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (j->end - j->p < 6 || hex4(j->p + 2, &cp) != 0) {
				json_error(j, "bad \\u escape");
				return -1;
			}
			if (cp == 0) {
				/* C strings would silently cut it short */
				json_error(j, "a string contains a NUL character "
				    "(\\u0000)");
				return -1;
			}
			j->p += 6;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u' || hex4(j->p + 2, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff) {
					j->p -= 6;	/* the column of the escape */
					json_error(j, "unpaired surrogate");
					return -1;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				j->p += 6;
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				j->p -= 6;
				json_error(j, "unpaired surrogate");
				return -1;
			}
			put_utf8(b, cp);
			continue;
		}
		default:
			json_error(j, "bad escape");
			return -1;
		}
		j->p += 2;
	}
}

static int json_skip_value(struct json *j, int depth);

static int
json_literal(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0) {
		json_error(j, "expected a value");
		return -1;
	}
	j->p += n;
	return 0;
}

/* The end of the JSON number at p, or NULL when there is none. */
static const char *
scan_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (p < end && *p == '.') {
		if (++p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static int
json_number(struct json *j)
{
	const char *after = scan_number(j->p, j->end);

	if (after == NULL) {
		json_error(j, "expected a value");
		return -1;
	}
	j->p = after;
	return 0;
}

/* An object member's key at j->p, and its ':', into key; 0 or -1. */
static int
json_key(struct json *j, struct buf *key)
{
	json_ws(j);
	if (j->p >= j->end || *j->p != '"') {
		json_error(j, "expected a key");
		return -1;
	}
	buf_reset(key);
	if (json_string(j, key) != 0)
		return -1;
	json_ws(j);
	if (j->p >= j->end || *j->p != ':') {
		json_error(j, "expected ':'");
		return -1;
	}
	j->p++;
	return 0;
}

/* After a member or an element: 1 past a ',' (another follows), 0 past
 * close (the end), -1 for anything else. */
static int
json_next(struct json *j, char close)
{
	json_ws(j);
	if (j->p < j->end && *j->p == ',') {
		j->p++;
		return 1;
	}
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	json_error(j, close == '}' ? "expected ',' or '}'" :
	    "expected ',' or ']'");
	return -1;
}

static int json_skip_value(struct json *j, int depth);

/* Skips (validating) the object or array at j->p. */
static int
json_skip_container(struct json *j, int depth)
{
	char close = *j->p == '{' ? '}' : ']';
	struct buf key = {0};
	int rc;

	j->p++;
	json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	do {
		if ((close == '}' && json_key(j, &key) != 0) ||
		    json_skip_value(j, depth + 1) != 0) {
			rc = -1;
			break;
		}
	} while ((rc = json_next(j, close)) == 1);
	buf_free(&key);
	return rc;
}

/* Skips (validating) any value; nested arrays and objects are kept by
 * the caller as raw text. */
static int
json_skip_value(struct json *j, int depth)
{
	struct buf scratch = {0};
	int rc;

	if (depth > 64) {
		json_error(j, "nested too deeply");
		return -1;
	}
	json_ws(j);
	if (j->p >= j->end) {
		json_error(j, "expected a value");
		return -1;
	}
	switch (*j->p) {
	case '"':
		rc = json_string(j, &scratch);
		buf_free(&scratch);
		return rc;
	case '{':
	case '[':
		return json_skip_container(j, depth);
	case 't':
		return json_literal(j, "true");
	case 'f':
		return json_literal(j, "false");
	case 'n':
		return json_literal(j, "null");
	default:
		return json_number(j);
	}
}

/* Past this many columns a key is found by hashing, not by looking. */
#define REC_FEW_COLUMNS 32

/* The column of a JSONL key, a new one added: its index, or
 * REC_MAX_FIELDS when the file would have more columns than that. */
static size_t
column_index(struct rec_reader *r, const char *key, int *added)
{
	long long at;

	*added = 0;
	if (r->ncols <= REC_FEW_COLUMNS) {
		for (size_t i = 0; i < r->ncols; i++)
			if (strcmp(r->cols[i], key) == 0)
				return i;
	} else if (strmap_get(&r->colmap, key, &at))
		return (size_t)at;
	if (r->ncols == REC_MAX_FIELDS)
		return REC_MAX_FIELDS;
	r->cols = xgrow(r->cols, &r->colcap, r->ncols + 1, sizeof(*r->cols));
	r->cols[r->ncols] = xstrdup(key);
	*added = 1;
	r->ncols++;
	if (r->ncols == REC_FEW_COLUMNS + 1)
		for (size_t i = 0; i < r->ncols; i++)
			strmap_put(&r->colmap, r->cols[i], (long long)i);
	else if (r->ncols > REC_FEW_COLUMNS + 1)
		strmap_put(&r->colmap, key, (long long)r->ncols - 1);
	return r->ncols - 1;
}

/* Fields up to the columns seen so far, the new ones absent. */
static void
jsonl_widen(struct rec_reader *r)
{
	ensure_fields(r, r->ncols);
	while (r->nfields < r->ncols)
		r->has[r->nfields++] = 0;
}

/*
 * One member of a record's object: its key names the column (a new key
 * a new column), its value the field: a string or number as text, an
 * object or array as its raw JSON, null as absent.  0 or -1.
 */
static int
jsonl_member(struct rec_reader *r, struct json *j, struct buf *key)
{
	const char *vstart;
	size_t col;
	int added;

	if (json_key(j, key) != 0)
		return -1;
	rec_normalise(key->data != NULL ? key->data : (char *)"");
	col = column_index(r, buf_str(key), &added);
	if (col == REC_MAX_FIELDS) {
		r->too_many = 1;
		return -1;
	}
	jsonl_widen(r);
	if (!added && r->has[col] == 2) {
		json_error(j, "duplicate key");
		buf_reset(&r->err);
		buf_printf(&r->err, "duplicate key '%s'", buf_str(key));
		return -1;
	}
	json_ws(j);
	vstart = j->p;
	r->off[col] = r->rec.len;
	if (j->p < j->end && *j->p == '"') {
		if (json_string(j, &r->rec) != 0)
			return -1;
		r->has[col] = 2;
	} else if (j->p < j->end && *j->p == 'n') {
		if (json_literal(j, "null") != 0)
			return -1;
		r->has[col] = 4;	/* null: absent */
	} else {
		if (json_skip_value(j, 0) != 0)
			return -1;
		buf_append(&r->rec, vstart, (size_t)(j->p - vstart));
		/* an object or array raw: not normalised */
		r->has[col] = *vstart == '{' || *vstart == '[' ? 3 : 2;
	}
	if (r->long_field == 0 && r->rec.len - r->off[col] > REC_MAX_FIELD)
		r->long_field = col + 1;
	buf_putc(&r->rec, '\0');
	return 0;
}

static int
parse_jsonl(struct rec_reader *r, const char *line, size_t len)
{
	struct json j = { line, line, line + len, r };
	struct buf key = {0};
	int rc = 0;

	begin_record(r);
	json_ws(&j);
	if (j.p >= j.end || *j.p != '{') {
		json_error(&j, "expected an object '{'");
		return -1;
	}
	j.p++;
	json_ws(&j);
	if (j.p < j.end && *j.p == '}')
		j.p++;
	else
		while ((rc = jsonl_member(r, &j, &key)) == 0 &&
		    (rc = json_next(&j, '}')) == 1)
			continue;
	buf_free(&key);
	if (rc != 0)
		return r->too_many ? check_fields(r) : -1;
	json_ws(&j);
	if (j.p != j.end) {
		if (r->other_eol)
			return mixed_eol(r);
		json_error(&j, "text after the object");
		return -1;
	}
	if (check_fields(r) != 1)
		return -1;
	jsonl_widen(r);
	/* has: 0 absent, 2 value, 3 raw JSON, 4 null; then 1/0 */
	for (size_t i = 0; i < r->nfields; i++) {
		if (r->has[i] == 2)
			rec_normalise(r->rec.data + r->off[i]);
		r->has[i] = r->has[i] == 2 || r->has[i] == 3;
	}
	return 1;
}

/* The next non-blank line as a record of the reader's format. */
static int
read_record(struct rec_reader *r)
{
	char *line;
	size_t len;
	int got;

	for (;;) {
		r->recbytes = 0;
		got = next_line(r, &line, &len);
		if (got <= 0) {
			r->recline = r->physline;
			return got;
		}
		if (!blank(line))
			break;
	}
	r->recline = r->physline;
	if (r->format == REC_AUTO) {
		if (line[strspn(line, " \t")] == '{')
			r->format = REC_JSONL;
		else if (memchr(line, '\t', len) != NULL)
			r->format = REC_TSV;
		else
			r->format = REC_CSV;
	}
	switch (r->format) {
	case REC_JSONL:
		return parse_jsonl(r, line, len);
	case REC_TSV:
		got = parse_tsv(r, line, len);
		break;
	default:
		got = parse_csv(r, line, len);
		break;
	}
	if (got != 1 || (got = check_fields(r)) != 1)
		return got;
	normalise_fields(r);
	return 1;
}

void
rec_reader_sheet(struct rec_reader *r, const char *sheet)
{
	free(r->sheet);
	r->sheet = sheet != NULL ? xstrdup(sheet) : NULL;
}

/*
 * A workbook (.xlsx, .xls) in a file, not a stream, is read as the TSV of
 * its sheet, row n on line n, under the name FILE:SHEET: 0, or -1 when it
 * cannot be read (rec_error() says why, rec_line() the row or 0).
 */
static int
open_workbook(struct rec_reader *r)
{
	struct stat st;
	FILE *tsv;
	char *name;
	size_t row;
	int got;

	r->sniffed = 1;
	if (r->fd < 0 || r->fd == STDIN_FILENO || fstat(r->fd, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	buf_reset(&r->err);
	got = sheet_open(r->fd, r->name, r->sheet, &tsv, &name, &r->err, &row);
	if (got == 0)
		return 0;
	free(r->name);
	r->name = name;
	if (got < 0) {
		r->recline = row;
		return -1;
	}
	r->workbook = tsv;
	r->fd = fileno(tsv);
	r->format = REC_TSV;
	r->encoding = REC_ENC_UTF8;
	r->encoding_given = 1;
	return 0;
}

int
rec_read_header(struct rec_reader *r)
{
	int got;

	if (r->header_read)
		return 0;
	if (r->stopped)
		return -1;
	if (!r->sniffed && open_workbook(r) != 0) {
		r->stopped = 1;
		return -1;
	}
	got = read_record(r);
	if (got == 0)
		set_error(r, "empty input: no header line");
	if (got <= 0) {
		/* no record can be read without the header */
		r->stopped = 1;
		return -1;
	}
	r->header_read = 1;
	if (r->format == REC_JSONL) {
		r->pending = 1;	/* the first object is also a record */
		return 0;
	}
	r->cols = xcalloc(r->nfields, sizeof(*r->cols));
	r->colcap = r->nfields;
	for (size_t i = 0; i < r->nfields; i++)
		r->cols[i] = xstrdup(r->rec.data + r->off[i]);
	r->ncols = r->nfields;
	return 0;
}

int
rec_read(struct rec_reader *r)
{
	int got;

	/* after a -2, as at the end: a caller that goes on reads nothing */
	if (r->stopped)
		return 0;
	if (!r->header_read && rec_read_header(r) != 0)
		return -2;
	if (r->pending) {
		r->pending = 0;
		return 1;
	}
	r->overflow = 0;
	got = read_record(r);
	if (got == -2)
		r->stopped = 1;
	if (got <= 0)
		return got;
	if (r->format != REC_JSONL && r->nfields > r->ncols) {
		for (size_t i = r->ncols; i < r->nfields; i++)
			if (r->rec.data[r->off[i]] != '\0') {
				buf_reset(&r->err);
				buf_printf(&r->err, "%zu fields, but the header "
				    "has %zu", r->nfields, r->ncols);
				r->overflow = 1;
				return -1;
			}
		r->nfields = r->ncols;
	}
	return 1;
}

size_t
rec_ncolumns(const struct rec_reader *r)
{
	return r->ncols;
}

const char *
rec_column(const struct rec_reader *r, size_t i)
{
	return i < r->ncols ? r->cols[i] : "";
}

const char *
rec_field(const struct rec_reader *r, size_t i)
{
	if (i >= r->nfields || !r->has[i])
		return "";
	return r->rec.data + r->off[i];
}

size_t
rec_overflow(const struct rec_reader *r)
{
	return r->overflow ? r->nfields : 0;
}

int
rec_has_field(const struct rec_reader *r, size_t i)
{
	return i < r->nfields && r->has[i];
}

size_t
rec_line(const struct rec_reader *r)
{
	return r->recline;
}

const char *
rec_error(const struct rec_reader *r)
{
	return buf_str(&r->err);
}

const char *
rec_name(const struct rec_reader *r)
{
	return r->name;
}

enum rec_format
rec_format_used(const struct rec_reader *r)
{
	return r->format;
}

enum rec_encoding
rec_encoding_used(const struct rec_reader *r)
{
	return r->encoding == REC_ENC_AUTO ? REC_ENC_UTF8 : r->encoding;
}

/* Writer */

struct rec_writer {
	FILE *fp;
	enum rec_format format;
	size_t ncols;
	char **names;
	unsigned char *numeric;
	struct buf line;
	int failed;
	int crlf;		/* REC_W_EXCEL */
	/* a sink's (rec_writer_new_sink), or lazy: the header not yet
	 * handed to it */
	struct rec_sink sink;
	int sink_header;
};

void
rec_tsv_escape(struct buf *b, const char *s)
{
	for (const char *p = s; *p != '\0'; p++) {
		/* runs of plain characters in one go */
		size_t plain = strcspn(p, "\t\n\r\\");
		if (plain > 0) {
			buf_append(b, p, plain);
			p += plain - 1;
			continue;
		}
		switch (*p) {
		case '\t': buf_append(b, "\\t", 2); break;
		case '\n': buf_append(b, "\\n", 2); break;
		case '\r': buf_append(b, "\\r", 2); break;
		case '\\': buf_append(b, "\\\\", 2); break;
		default: buf_putc(b, *p); break;
		}
	}
}

static int
plain_number(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void
put_csv(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	/* a lone "-" (a rate not shown) is text to a spreadsheet, not a
	 * formula: written as it is, not as '- */
	int formula = (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	    *s == '\t' || *s == '\r') && !plain_number(s) &&
	    strcmp(s, "-") != 0;
	int quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));

	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

static void
put_json_string(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	/* room for the worst case, six bytes a byte (\u00XX) and the
	 * quotes, made once: a record's cells are short, and growing the
	 * buffer a piece at a time was 7% of a screening import */
	char *out;

	buf_reserve(b, 6 * n + 2);
	out = b->data + b->len;
	*out++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': *out++ = '\\'; *out++ = '"'; break;
		case '\\': *out++ = '\\'; *out++ = '\\'; break;
		case '\n': *out++ = '\\'; *out++ = 'n'; break;
		case '\r': *out++ = '\\'; *out++ = 'r'; break;
		case '\t': *out++ = '\\'; *out++ = 't'; break;
		default:
			if (*p < 0x20) {
				static const char hex[] = "0123456789abcdef";

				memcpy(out, "\\u00", 4);
				out[4] = hex[*p >> 4];
				out[5] = hex[*p & 15];
				out += 6;
			} else {
				*out++ = (char)*p;
			}
		}
	}
	*out++ = '"';
	*out = '\0';
	b->len = (size_t)(out - b->data);
}

/* An object of n keys and values, or an array of n values (keys not
 * read), each value a string or, NULL, null. */
static void
put_json(struct buf *b, int object, size_t n, const char *const *keys,
    const char *const *values)
{
	buf_putc(b, object ? '{' : '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		if (object) {
			put_json_string(b, keys[i]);
			buf_putc(b, ':');
		}
		if (values[i] == NULL)
			buf_append(b, "null", 4);
		else
			put_json_string(b, values[i]);
	}
	buf_putc(b, object ? '}' : ']');
}

void
rec_json_object(struct buf *b, size_t n, const char *const *keys,
    const char *const *values)
{
	put_json(b, 1, n, keys, values);
}

void
rec_json_array(struct buf *b, size_t n, const char *const *values)
{
	put_json(b, 0, n, NULL, values);
}

static int
json_number_text(const char *s)
{
	const char *end = s + strlen(s);

	return *s != '\0' && scan_number(s, end) == end;
}

static void
end_line(struct rec_writer *w)
{
	if (w->crlf)
		buf_putc(&w->line, '\r');
	buf_putc(&w->line, '\n');
}

static void
flush_line(struct rec_writer *w)
{
	if (fwrite(w->line.data, 1, w->line.len, w->fp) != w->line.len)
		w->failed = 1;
	buf_reset(&w->line);
}

/* The header waits in w->line: written at once, or, lazy, with the
 * first record (rec_write appends to the line it holds). */
static struct rec_writer *
writer_new(FILE *fp, enum rec_format format, size_t ncolumns,
    const char *const *names, unsigned flags)
{
	struct rec_writer *w = xcalloc(1, sizeof(*w));
	int lazy = (flags & REC_W_LAZY) != 0;

	/* a workbook is the sink's (rec_writer_new_sink); a text writer
	 * asked for one writes TSV rather than nothing */
	if (format == REC_XLSX)
		format = REC_TSV;
	w->fp = fp;
	w->crlf = (flags & REC_W_EXCEL) != 0;
	if (w->crlf && format != REC_JSONL)
		buf_append(&w->line, "\xEF\xBB\xBF", 3);
	w->format = format == REC_AUTO ? REC_TSV : format;
	w->ncols = ncolumns;
	w->names = xcalloc(ncolumns ? ncolumns : 1, sizeof(*w->names));
	w->numeric = xcalloc(ncolumns ? ncolumns : 1, 1);
	for (size_t i = 0; i < ncolumns; i++)
		w->names[i] = xstrdup(names[i]);
	if (w->format != REC_JSONL) {
		for (size_t i = 0; i < ncolumns; i++) {
			if (i > 0)
				buf_putc(&w->line, w->format == REC_TSV ?
				    '\t' : ',');
			if (w->format == REC_TSV)
				rec_tsv_escape(&w->line, names[i]);
			else
				put_csv(&w->line, names[i]);
		}
		end_line(w);
		if (!lazy)
			flush_line(w);
	}
	return w;
}

struct rec_writer *
rec_writer_new(FILE *fp, enum rec_format format, size_t ncolumns,
    const char *const *names)
{
	return writer_new(fp, format, ncolumns, names, 0);
}

struct rec_writer *
rec_writer_new_flags(FILE *fp, enum rec_format format, size_t ncolumns,
    const char *const *names, unsigned flags)
{
	return writer_new(fp, format, ncolumns, names, flags);
}

struct rec_writer *
rec_writer_new_sink(const struct rec_sink *sink, size_t ncolumns,
    const char *const *names, unsigned flags)
{
	/* JSONL keeps w->line empty: the names are kept, the header is
	 * the sink's */
	struct rec_writer *w = writer_new(NULL, REC_JSONL, ncolumns, names,
	    REC_W_LAZY);

	w->format = REC_XLSX;
	w->sink = *sink;
	w->sink_header = 1;
	if (!(flags & REC_W_LAZY) && sink->row(sink->ctx, ncolumns,
	    (const char *const *)w->names) != 0)
		w->failed = 1;
	else if (!(flags & REC_W_LAZY))
		w->sink_header = 0;
	return w;
}

struct rec_writer *
rec_writer_new_lazy(FILE *fp, enum rec_format format, size_t ncolumns,
    const char *const *names)
{
	return writer_new(fp, format, ncolumns, names, REC_W_LAZY);
}

void
rec_writer_numeric(struct rec_writer *w, size_t column)
{
	if (column < w->ncols)
		w->numeric[column] = 1;
}

void
rec_writer_json(struct rec_writer *w, size_t column)
{
	if (column < w->ncols)
		w->numeric[column] = 2;
}

/* A whole JSON object or array, as the reader would keep it. */
static int
json_composite(const char *s)
{
	struct json j = { s, s, s + strlen(s), NULL };
	struct rec_reader scratch;

	if (*s != '{' && *s != '[')
		return 0;
	/* json_error writes into j.r->err: give it somewhere to write */
	memset(&scratch, 0, sizeof(scratch));
	j.r = &scratch;
	if (json_skip_value(&j, 0) != 0 || j.p != j.end) {
		buf_free(&scratch.err);
		return 0;
	}
	buf_free(&scratch.err);
	return 1;
}

/* A record for a sink, the header first when it still waits. */
static int
sink_write(struct rec_writer *w, const char *const *values)
{
	if (w->sink_header) {
		w->sink_header = 0;
		if (w->sink.row(w->sink.ctx, w->ncols,
		    (const char *const *)w->names) != 0)
			w->failed = 1;
	}
	if (!w->failed && w->sink.row(w->sink.ctx, w->ncols, values) != 0)
		w->failed = 1;
	return w->failed ? -1 : 0;
}

int
rec_write(struct rec_writer *w, const char *const *values)
{
	if (w->format == REC_XLSX)
		return sink_write(w, values);
	if (w->format == REC_JSONL) {
		buf_putc(&w->line, '{');
		for (size_t i = 0; i < w->ncols; i++) {
			if (i > 0)
				buf_putc(&w->line, ',');
			put_json_string(&w->line, w->names[i]);
			buf_putc(&w->line, ':');
			if (values[i] == NULL)
				buf_append(&w->line, "null", 4);
			else if (w->numeric[i] == 1 &&
			    json_number_text(values[i]))
				buf_puts(&w->line, values[i]);
			else if (w->numeric[i] == 2 && json_composite(values[i]))
				buf_puts(&w->line, values[i]);
			else
				put_json_string(&w->line, values[i]);
		}
		buf_putc(&w->line, '}');
	} else {
		for (size_t i = 0; i < w->ncols; i++) {
			const char *v = values[i] ? values[i] : "";

			if (i > 0)
				buf_putc(&w->line, w->format == REC_TSV ?
				    '\t' : ',');
			if (w->format == REC_TSV)
				rec_tsv_escape(&w->line, v);
			else
				put_csv(&w->line, v);
		}
	}
	end_line(w);
	flush_line(w);
	return w->failed ? -1 : 0;
}

int
rec_writer_free(struct rec_writer *w)
{
	int failed;

	if (w == NULL)
		return 0;
	if (w->format == REC_XLSX) {
		if (w->sink.end(w->sink.ctx) != 0)
			w->failed = 1;
	} else if (fflush(w->fp) == EOF || ferror(w->fp))
		w->failed = 1;
	failed = w->failed;
	for (size_t i = 0; i < w->ncols; i++)
		free(w->names[i]);
	free(w->names);
	free(w->numeric);
	buf_free(&w->line);
	free(w);
	return failed ? -1 : 0;
}

/* Records kept as JSON arrays (an import stores a file's header and each
 * record so, already read and normalised): read back as they were. */

struct rec_reader *
rec_reader_stored(const char *name)
{
	struct rec_reader *r = xcalloc(1, sizeof(*r));

	r->fd = -1;
	r->name = xstrdup(name);
	r->format = REC_JSONL;
	r->encoding = REC_ENC_UTF8;
	r->encoding_given = 1;
	r->cd = (iconv_t)-1;
	r->header_read = 1;
	r->ineof = 1;
	strmap_init(&r->colmap);
	return r;
}

/* The JSON array of strings (null: "") into the record's fields: 0, or
 * -1 with the error set. */
static int
stored_fields(struct rec_reader *r, const char *text)
{
	struct json j = { text, text, text + strlen(text), r };
	int more = 1;

	begin_record(r);
	r->overflow = 0;
	json_ws(&j);
	if (j.p >= j.end || *j.p++ != '[') {
		json_error(&j, "expected '['");
		return -1;
	}
	json_ws(&j);
	if (j.p < j.end && *j.p == ']') {
		more = 0;
		j.p++;
	}
	while (more > 0) {
		json_ws(&j);
		start_field(r);
		if (j.p < j.end && *j.p == '"') {
			if (json_string(&j, &r->rec) != 0)
				return -1;
		} else if (json_literal(&j, "null") != 0)
			return -1;
		end_field(r);
		more = json_next(&j, ']');
	}
	return more;
}

int
rec_stored_header(struct rec_reader *r, const char *json)
{
	if (stored_fields(r, json) != 0)
		return -1;
	for (size_t i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	r->ncols = 0;
	r->cols = xgrow(r->cols, &r->colcap, r->nfields ? r->nfields : 1,
	    sizeof(*r->cols));
	for (size_t i = 0; i < r->nfields; i++)
		r->cols[r->ncols++] = xstrdup(r->rec.data + r->off[i]);
	begin_record(r);
	return 0;
}

int
rec_stored_record(struct rec_reader *r, const char *json, size_t line)
{
	r->recline = r->physline = line;
	return stored_fields(r, json) == 0 ? 1 : -1;
}
