#include "columns.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

char *
columns_fold(const char *header)
{
	struct buf b = {0};
	const char *p;
	size_t n;

	for (p = header; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == ' ' || ch == '*' || ch == '\t')
			continue;
		/* full-width asterisk U+FF0A and ideographic space U+3000 */
		if (strncmp(p, "\xef\xbc\x8a", 3) == 0 ||
		    strncmp(p, "\xe3\x80\x80", 3) == 0) {
			p += 2;
			continue;
		}
		buf_putc(&b, (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) :
		    (char)ch);
	}
	/* A note at the end: "出生日期(yyyy-mm-dd)", "性别（男/女）". */
	n = b.len;
	if (n > 0 && b.data[n - 1] == ')') {
		char *open = strrchr(b.data, '(');
		if (open != NULL && open != b.data)
			b.len = (size_t)(open - b.data);
	} else if (n >= 3 && strcmp(b.data + n - 3, "\xef\xbc\x89") == 0) {
		char *open = strstr(b.data, "\xef\xbc\x88");
		if (open != NULL && open != b.data)
			b.len = (size_t)(open - b.data);
	}
	if (b.len > 0 && b.data[b.len - 1] == ':')
		b.len--;
	else if (b.len >= 3 && memcmp(b.data + b.len - 3, "\xef\xbc\x9a", 3) == 0)
		b.len -= 3;
	if (b.data != NULL)
		b.data[b.len] = '\0';
	return buf_take(&b);
}

/* A byte that starts no valid UTF-8 character stands for itself, out of
 * Unicode's range, so that it is never taken for punctuation. */
#define NOT_UNICODE 0x110000UL

/* One character of UTF-8 text: its length in bytes, its code point in
 * *cp. */
static size_t
utf8_char(const char *str, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = (unsigned long)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*cp = (unsigned long)(s[0] & 0x0f) << 12 |
		    (unsigned long)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = (unsigned long)(s[0] & 0x07) << 18 |
		    (unsigned long)(s[1] & 0x3f) << 12 |
		    (unsigned long)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return 4;
	}
	*cp = NOT_UNICODE + s[0];
	return 1;
}

/* The start of the character that ends at end (after start). */
static const char *
utf8_back(const char *start, const char *end)
{
	const char *p = end - 1;

	while (p > start && ((unsigned char)*p & 0xc0) == 0x80 && end - p < 4)
		p--;
	return p;
}

/* Spaces, punctuation and the marks platforms put around questions
 * (★, ●, ※): what two versions of one text differ in. */
static int
is_punctuation(unsigned long c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'));
	return (c >= 0x80 && c <= 0xbf) ||
	    (c >= 0x2000 && c <= 0x206f) ||	/* spaces, dashes, quotes, … */
	    (c >= 0x2190 && c <= 0x21ff) ||	/* arrows */
	    (c >= 0x2500 && c <= 0x27bf) ||	/* boxes, shapes, stars */
	    (c >= 0x3000 && c <= 0x3004) ||	/* 　、。 */
	    (c >= 0x3008 && c <= 0x3020) ||	/* 《》「」【】〔〕〜 */
	    c == 0x3030 || (c >= 0x303d && c <= 0x303f) || c == 0x30fb ||
	    (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe6f) ||
	    c == 0xfeff ||
	    (c >= 0xff01 && c <= 0xff0f) ||	/* ！＂＃…／ */
	    (c >= 0xff1a && c <= 0xff20) ||	/* ：；＜＝＞？＠ */
	    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);
}

/* ASCII lower case for Latin letters and digits of either width. */
static unsigned long
fold_char(unsigned long c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xff10 && c <= 0xff19)
		return '0' + (c - 0xff10);
	if (c >= 0xff21 && c <= 0xff3a)
		return 'a' + (c - 0xff21);
	if (c >= 0xff41 && c <= 0xff5a)
		return 'a' + (c - 0xff41);
	return c;
}

static int
is_opener(unsigned long c)
{
	return c == '(' || c == '[' || c == 0xff08 || c == 0xff3b ||
	    c == 0x3010 || c == 0x3014 || c == 0x3016;
}

static int
is_closer(unsigned long c)
{
	return c == ')' || c == ']' || c == 0xff09 || c == 0xff3d ||
	    c == 0x3011 || c == 0x3015 || c == 0x3017;
}

/* After an opening bracket at p: the end of its group (after the
 * closing one), or NULL when it is not closed.  *digits: the group
 * holds digits only, a question's number rather than a note. */
static const char *
group_end(const char *p, int *digits)
{
	unsigned long c;
	int depth = 0;

	*digits = 1;
	while (*p != '\0') {
		p += utf8_char(p, &c);
		if (is_opener(c))
			depth++;
		else if (is_closer(c) && --depth == 0)
			return p;
		else if (depth > 0 && !(c >= '0' && c <= '9'))
			*digits = 0;
	}
	return NULL;
}

static int
only_punctuation(const char *p)
{
	while (*p != '\0') {
		unsigned long c;

		p += utf8_char(p, &c);
		if (!is_punctuation(c))
			return 0;
	}
	return 1;
}

/* Skips punctuation, spaces and notes in brackets before a question (a
 * group that is the whole text stays). */
static const char *
skip_leading(const char *p)
{
	for (;;) {
		unsigned long c;
		size_t n = utf8_char(p, &c);
		const char *after;
		int digits;

		if (*p == '\0')
			return p;
		if (is_opener(c)) {
			if ((after = group_end(p, &digits)) == NULL || digits ||
			    only_punctuation(after))
				return p;
			p = after;
		} else if (is_punctuation(c))
			p += n;
		else
			return p;
	}
}

/* The end of a question before its trailing punctuation and notes in
 * brackets (a group that is the whole text stays). */
static const char *
trim_trailing(const char *start, const char *end)
{
	while (end > start) {
		const char *p = utf8_back(start, end);
		unsigned long c;

		(void)utf8_char(p, &c);
		if (is_closer(c)) {
			const char *q = p;
			int depth = 0;

			/* back to its opening bracket */
			while (q > start) {
				unsigned long b;

				q = utf8_back(start, q);
				(void)utf8_char(q, &b);
				if (is_closer(b))
					depth++;
				else if (is_opener(b) && depth-- == 0)
					break;
			}
			if (q > start && depth < 0)
				end = q;
			else if (q == start)
				return end;	/* the whole text, or unbalanced */
			else
				end = p;
		} else if (is_punctuation(c))
			end = p;
		else
			return end;
	}
	return end;
}

/* Skips *p past prefix: 1, else 0. */
static int
skip_prefix(const char **p, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*p, prefix, n) != 0)
		return 0;
	*p += n;
	return 1;
}

int
columns_skip_opener(const char **p)
{
	return skip_prefix(p, "(") || skip_prefix(p, "（");
}

int
columns_skip_closer(const char **p)
{
	return skip_prefix(p, ")") || skip_prefix(p, "）");
}

/* Skips "1、", "1.", "Q1", "Q1:", "第1题", "(1)", "（1）" numbering. */
static const char *
skip_numbering(const char *h, size_t *number)
{
	const char *p = h;
	size_t n = 0;
	int digits = 0, bracket = 0;

	if (*p == 'Q' || *p == 'q')
		p++;
	else if (strncmp(p, "第", 3) == 0)
		p += 3;
	else
		bracket = columns_skip_opener(&p);
	while (*p >= '0' && *p <= '9' && digits < 6) {
		n = n * 10 + (size_t)(*p - '0');
		p++;
		digits++;
	}
	if (!digits || (*p >= '0' && *p <= '9'))
		return h;
	if (strncmp(p, "题", 3) == 0)
		p += 3;
	if (bracket) {
		if (!columns_skip_closer(&p))
			return h;
	} else if (*p == '.' || *p == ':' || *p == ')' || *p == ',' ||
	    *p == '-' || *p == '_')
		p++;
	else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0 ||
	    strncmp(p, "：", 3) == 0 || strncmp(p, "）", 3) == 0 ||
	    strncmp(p, "，", 3) == 0)
		p += 3;
	*number = n;
	return p;
}

/* Words a platform writes after a question without brackets. */
static const char *const trailing_notes[] = { "吗", "单选题", "单选",
    "多选题", "必填", "必答", NULL };

char *
columns_fold_question(const char *header, size_t *number)
{
	struct buf b = {0};
	const char *p, *end;
	size_t num = 0;
	int cut;

	p = skip_leading(header);
	p = skip_numbering(p, &num);
	p = skip_leading(p);
	end = trim_trailing(p, p + strlen(p));
	while (p < end) {
		unsigned long c;
		size_t n = utf8_char(p, &c);

		if (!is_punctuation(c)) {
			unsigned long f = fold_char(c);
			if (f < 0x80)
				buf_putc(&b, (char)f);
			else
				buf_append(&b, p, n);
		}
		p += n;
	}
	do {
		cut = 0;
		for (size_t k = 0; trailing_notes[k] != NULL; k++) {
			size_t n = strlen(trailing_notes[k]);
			if (b.len > n && memcmp(b.data + b.len - n,
			    trailing_notes[k], n) == 0) {
				b.len -= n;
				b.data[b.len] = '\0';
				cut = 1;
			}
		}
	} while (cut);
	if (number != NULL)
		*number = num;
	return buf_take(&b);
}

int
columns_same_text(const char *a, size_t len, const char *b)
{
	const char *end = a + len;

	for (;;) {
		unsigned long ca = 0, cb = 0;

		while (a < end) {
			size_t n = utf8_char(a, &ca);
			if (!is_punctuation(ca))
				break;
			a += n;
		}
		while (*b != '\0') {
			size_t n = utf8_char(b, &cb);
			if (!is_punctuation(cb))
				break;
			b += n;
		}
		if (a >= end || *b == '\0')
			return a >= end && *b == '\0';
		if (fold_char(ca) != fold_char(cb))
			return 0;
		a += utf8_char(a, &ca);
		b += utf8_char(b, &cb);
	}
}

static int
matches(const char *folded, const char *aliases)
{
	const char *p = aliases;

	while (*p != '\0') {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *alias = xstrndup(p, n);
		char *f = columns_fold(alias);
		int same = strcmp(f, folded) == 0;

		free(alias);
		free(f);
		if (same)
			return 1;
		p += n;
		if (*p == '|')
			p++;
	}
	return 0;
}

int
columns_map(const struct rec_reader *r, const struct column_spec *spec,
    size_t n, int *index, struct diag *d)
{
	size_t ncol = rec_ncolumns(r);
	struct buf unknown = {0};
	int missing = 0;

	for (size_t i = 0; i < n; i++)
		index[i] = -1;
	for (size_t c = 0; c < ncol; c++) {
		char *folded = columns_fold(rec_column(r, c));
		int found = 0;

		if (*folded == '\0') {
			free(folded);
			continue;	/* an unnamed column: Excel's padding */
		}
		for (size_t i = 0; i < n && !found; i++) {
			if (!matches(folded, spec[i].aliases))
				continue;
			found = 1;
			if (index[i] == -1)
				index[i] = (int)c;
			else
				diag_warning(d, rec_name(r), rec_line(r), NULL,
				    "columns '%s' and '%s' both give %s; "
				    "using '%s'", rec_column(r, (size_t)index[i]),
				    rec_column(r, c), spec[i].key,
				    rec_column(r, (size_t)index[i]));
		}
		if (!found) {
			if (unknown.len > 0)
				buf_puts(&unknown, ", ");
			buf_puts(&unknown, rec_column(r, c));
		}
		free(folded);
	}
	if (unknown.len > 0)
		diag_warning(d, rec_name(r), rec_line(r), NULL,
		    "ignoring unknown columns: %s", buf_str(&unknown));
	buf_free(&unknown);
	for (size_t i = 0; i < n; i++) {
		if (spec[i].required && index[i] == -1) {
			char *list = xstrdup(spec[i].aliases);
			for (char *p = list; *p != '\0'; p++)
				if (*p == '|')
					*p = '/';
			diag_error(d, rec_name(r), rec_line(r), NULL,
			    "no column for %s (a header named %s)", spec[i].key,
			    list);
			free(list);
			missing = 1;
		}
	}
	return missing ? -1 : 0;
}
