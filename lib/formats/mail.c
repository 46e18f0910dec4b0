/*
 * Mail as mail servers expect it (RFC 5322, RFC 2047).  Every value that
 * goes into a header is cleaned of control characters first, so no name,
 * subject or sender can end a header line and start another (a Bcc:, say);
 * addresses are checked before they are written at all.
 */
#include "mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* An encoded word: "=?UTF-8?B?" + base64 + "?=", at most 75 long. */
#define EW_OPEN "=?UTF-8?B?"
#define EW_OVERHEAD 12
#define EW_MAX 75
/* Longest body line SMTP carries (RFC 5322 2.1.1); longer goes base64. */
#define BODY_LINE_MAX 998

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "0123456789+/";

/* RFC 5322 atext: what an atom may hold besides letters and digits. */
static int
atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~",
	    c) != NULL);
}

/* A dot-atom: atoms of atext joined by single dots. */
static int
dot_atom(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : !atext((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
host_label(const char *s, size_t n)
{
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int
mail_domain_valid(const char *s)
{
	size_t n = strlen(s);
	const char *p = s, *dot;

	if (n == 0 || n > 253)
		return 0;
	while ((dot = strchr(p, '.')) != NULL) {
		if (!host_label(p, (size_t)(dot - p)))
			return 0;
		p = dot + 1;
	}
	return host_label(p, strlen(p));
}

const char *
mail_addr_problem(const char *s)
{
	const char *at = strrchr(s, '@');
	size_t n = strlen(s);

	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u < 32 || *u == 127)
			return "holds a line break or another control character";
		else if (*u >= 128)
			return "holds a character that is not ASCII";
	if (strpbrk(s, " ,;<>\"()[]\\:") != NULL)
		return "holds a space, comma, semicolon, quote, bracket or colon "
		    "(one address, written as local@domain)";
	if (at == NULL || at == s || at[1] == '\0')
		return "is not local@domain";
	if (n > 254 || at - s > 64)
		return "is too long (at most 64 before the @, 254 in all)";
	if (!dot_atom(s, (size_t)(at - s)))
		return "has a local part that is not a dot-atom (a dot at "
		    "either end, two dots, or a second @)";
	if (!mail_domain_valid(at + 1))
		return "has a domain that is not a host name";
	return NULL;
}

char *
mail_addr_error(const char *s)
{
	const char *why = mail_addr_problem(s);
	char *shown, *msg;

	if (why == NULL)
		return NULL;
	shown = mail_clean(s);
	msg = xasprintf("'%s' is not an e-mail address: it %s", shown, why);
	free(shown);
	return msg;
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* A display name as written before "<addr>": bare, or a quoted-string
 * whose quotes go and whose backslashes escape. */
static char *
display_name(const char *s, size_t n)
{
	char *t = trimmed(s, n), *out, *o;
	size_t len = strlen(t);

	if (len < 2 || t[0] != '"' || t[len - 1] != '"')
		return t;
	out = o = xmalloc(len);
	for (size_t i = 1; i + 1 < len; i++) {
		if (t[i] == '\\' && i + 2 < len)
			i++;
		*o++ = t[i];
	}
	*o = '\0';
	free(t);
	return out;
}

int
mail_mailbox_parse(const char *s, char **name, char **addr, const char **why)
{
	const char *lt = strrchr(s, '<');
	size_t n = strlen(s);

	*name = *addr = NULL;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u < 32 || *u == 127) {
			*why = "holds a line break or another control character";
			return -1;
		}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (lt != NULL && n > 0 && s[n - 1] == '>') {
		*addr = xstrndup(lt + 1, (size_t)(s + n - 1 - (lt + 1)));
		*name = display_name(s, (size_t)(lt - s));
		if (**name == '\0') {
			free(*name);
			*name = NULL;
		}
	} else
		*addr = trimmed(s, n);
	if ((*why = mail_addr_problem(*addr)) == NULL)
		return 0;
	free(*name);
	free(*addr);
	*name = *addr = NULL;
	return -1;
}

/* The length of the UTF-8 character at u (1 to 4), 0 when the bytes
 * are not one. */
static size_t
utf8_len(const unsigned char *u)
{
	size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xe0) == 0xc0 ? 2 :
	    (u[0] & 0xf0) == 0xe0 ? 3 : (u[0] & 0xf8) == 0xf0 ? 4 : 0;

	if (n == 2 && u[0] < 0xc2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((u[0] == 0xe0 && u[1] < 0xa0) ||
	    (u[0] == 0xed && u[1] >= 0xa0)))
		return 0;
	if (n == 4 && ((u[0] == 0xf0 && u[1] < 0x90) || u[0] > 0xf4 ||
	    (u[0] == 0xf4 && u[1] >= 0x90)))
		return 0;
	return n;
}

char *
mail_clean(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	struct buf b = {0};

	buf_puts(&b, "");
	while (*u != '\0') {
		size_t n = utf8_len(u);

		if (n == 0) {
			buf_puts(&b, "\xef\xbf\xbd");
			n = 1;
		} else if (*u < 32 || *u == 127 || (u[0] == 0xc2 &&
		    u[1] < 0xa0))	/* C0, DEL and C1 controls */
			buf_putc(&b, ' ');
		else
			buf_append(&b, (const char *)u, n);
		u += n;
	}
	return buf_take(&b);
}

void
mail_date(time_t t, char out[40])
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	int off;

	localtime_r(&t, &tm);
	off = (int)(tm.tm_gmtoff / 60);
	snprintf(out, 40, "%.3s, %02d %.3s %04d %02d:%02d:%02d %c%02d%02d",
	    days + 3 * (tm.tm_wday % 7), tm.tm_mday % 100,
	    months + 3 * (tm.tm_mon % 12), (tm.tm_year + 1900) % 10000,
	    tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100,
	    off < 0 ? '-' : '+', abs(off) / 60 % 100, abs(off) % 60);
}

/* A header being written: where its current line has got to. */
struct header {
	struct buf *out;
	size_t col;
};

static void
header_start(struct header *h, struct buf *out, const char *field)
{
	h->out = out;
	buf_puts(out, field);
	buf_putc(out, ':');
	h->col = strlen(field) + 1;
}

/* " word", on a new folded line when it would pass MAIL_LINE. */
static void
header_word(struct header *h, const char *w, size_t n)
{
	if (h->col + 1 + n > MAIL_LINE && h->col > 0) {
		buf_putc(h->out, '\n');
		h->col = 0;
	}
	buf_putc(h->out, ' ');
	buf_append(h->out, w, n);
	h->col += 1 + n;
}

static void
header_end(struct header *h)
{
	buf_putc(h->out, '\n');
}

static void
base64(struct buf *out, const unsigned char *u, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)u[i] << 16 |
		    (i + 1 < n ? (unsigned)u[i + 1] << 8 : 0) |
		    (i + 2 < n ? u[i + 2] : 0);

		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		buf_putc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* How many bytes of s, whole UTF-8 characters, fit in at most max. */
static size_t
whole_chars(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, c;

	while (u[n] != '\0' && (c = utf8_len(u + n)) > 0 && n + c <= max)
		n += c;
	return n;
}

/* The bytes an encoded word of at most width characters carries. */
static size_t
ew_capacity(size_t width)
{
	if (width > EW_MAX)
		width = EW_MAX;
	return width < EW_OVERHEAD + 8 ? 0 : (width - EW_OVERHEAD) / 4 * 3;
}

/* s (clean UTF-8) as encoded words, each filling what is left of its
 * line; a character is never split between two words. */
static void
header_encoded(struct header *h, const char *s)
{
	struct buf w = {0};

	while (*s != '\0') {
		size_t room = h->col + 1 < MAIL_LINE ? MAIL_LINE - h->col - 1 : 0;
		size_t n;

		if (ew_capacity(room) == 0)
			room = MAIL_LINE - 1;
		n = whole_chars(s, ew_capacity(room));
		buf_reset(&w);
		buf_puts(&w, EW_OPEN);
		base64(&w, (const unsigned char *)s, n);
		buf_puts(&w, "?=");
		header_word(h, w.data, w.len);
		s += n;
	}
	buf_free(&w);
}

static int
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 32 || *s > 126)
			return 0;
	return 1;
}

/* Words split at single spaces, none empty and none too long to fold,
 * and nothing a reader would decode ("=?"): then the text can be written
 * as it is. */
static int
plain_words(const char *s, int (*ok)(int))
{
	size_t word = 0;

	if (*s == '\0' || *s == ' ' || strstr(s, "=?") != NULL)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == ' ') {
			if (word == 0)
				return 0;
			word = 0;
		} else if (!ok((unsigned char)*s) || ++word > MAIL_LINE - 10)
			return 0;
	}
	return word > 0;
}

static int
visible(int c)
{
	return c > 32 && c < 127;
}

/* Each word of s, which plain_words accepted. */
static void
header_words(struct header *h, const char *s)
{
	const char *sp;

	while ((sp = strchr(s, ' ')) != NULL) {
		header_word(h, s, (size_t)(sp - s));
		s = sp + 1;
	}
	header_word(h, s, strlen(s));
}

/* Unstructured text (Subject): as it is when it can be folded at its
 * spaces, else encoded words. */
static void
header_text(struct header *h, const char *text)
{
	char *s = mail_clean(text);

	if (printable_ascii(s) && plain_words(s, visible))
		header_words(h, s);
	else if (*s != '\0')
		header_encoded(h, s);
	free(s);
}

/* name as a quoted-string: NULL when it will not fit on one line. */
static char *
quoted(const char *name)
{
	struct buf q = {0};

	buf_putc(&q, '"');
	for (; *name != '\0'; name++) {
		if (*name == '"' || *name == '\\')
			buf_putc(&q, '\\');
		buf_putc(&q, *name);
	}
	buf_putc(&q, '"');
	if (q.len + 1 > MAIL_LINE) {
		buf_free(&q);
		return NULL;
	}
	return buf_take(&q);
}

/* A display name: atoms when it has no specials, a quoted-string when it
 * is ASCII, else (or when too long to quote) encoded words; one word
 * when it fits in one, since some readers put a space between two. */
static void
header_phrase(struct header *h, const char *name)
{
	char *s = mail_clean(name), *q;
	size_t n = strlen(s);

	if (plain_words(s, atext))
		header_words(h, s);
	else if (printable_ascii(s) && strstr(s, "=?") == NULL &&
	    (q = quoted(s)) != NULL) {
		header_word(h, q, strlen(q));
		free(q);
	} else if (n > 0 && whole_chars(s, ew_capacity(EW_MAX)) == n &&
	    ew_capacity(MAIL_LINE - h->col - 1) < n) {
		h->col = MAIL_LINE;	/* fold: the whole name in one word */
		header_encoded(h, s);
	} else
		header_encoded(h, s);
	free(s);
}

/* "Field: Name <addr>", or "Field: addr" with no name. */
static void
header_mailbox(struct buf *out, const char *field, const char *name,
    const char *addr)
{
	struct header h;
	char *angle = xasprintf("<%s>", addr);

	header_start(&h, out, field);
	if (name != NULL && *name != '\0') {
		header_phrase(&h, name);
		header_word(&h, angle, strlen(angle));
	} else
		header_word(&h, addr, strlen(addr));
	header_end(&h);
	free(angle);
}

static void
header_line(struct buf *out, const char *field, const char *value)
{
	struct header h;

	header_start(&h, out, field);
	header_word(&h, value, strlen(value));
	header_end(&h);
}

/* The body with LF line ends; 1 when a line is too long for SMTP. */
static int
body_lines(const char *body, struct buf *out)
{
	size_t col = 0;
	int longer = 0;

	for (const char *p = body; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		buf_putc(out, *p == '\r' ? '\n' : *p);
		col = *p == '\r' || *p == '\n' ? 0 : col + 1;
		longer |= col > BODY_LINE_MAX;
	}
	if (out->len == 0 || out->data[out->len - 1] != '\n')
		buf_putc(out, '\n');
	return longer;
}

static void
body_base64(struct buf *out, const struct buf *body)
{
	for (size_t i = 0; i < body->len; i += 57) {
		base64(out, (const unsigned char *)body->data + i,
		    body->len - i < 57 ? body->len - i : 57);
		buf_putc(out, '\n');
	}
}

void
mail_write(struct buf *out, const struct mail *m)
{
	struct buf body = {0};
	struct header h;
	char date[40], *id = xasprintf("<%s>", m->message_id);
	int longer = body_lines(m->body != NULL ? m->body : "", &body);

	mail_date(m->date, date);
	header_mailbox(out, "From", m->from_name, m->from_addr);
	header_mailbox(out, "To", m->to_name, m->to_addr);
	header_start(&h, out, "Subject");
	header_text(&h, m->subject != NULL ? m->subject : "");
	header_end(&h);
	header_line(out, "Date", date);
	header_line(out, "Message-ID", id);
	if (m->extra_name != NULL) {
		char *v = mail_clean(m->extra_value);

		header_line(out, m->extra_name, v);
		free(v);
	}
	buf_printf(out, "MIME-Version: 1.0\nContent-Type: text/plain; "
	    "charset=UTF-8\nContent-Transfer-Encoding: %s\n\n", longer ?
	    "base64" : "8bit");
	if (longer)
		body_base64(out, &body);
	else
		buf_append(out, body.data, body.len);
	buf_free(&body);
	free(id);
}
