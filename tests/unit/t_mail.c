/* Mail: addresses checked, headers that cannot be turned, folded and
 * encoded as RFC 5322 and 2047 ask. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mail.h"
#include "tap.h"

static void
addr(struct tap *t, const char *s, int good)
{
	char what[300];

	char *shown = mail_clean(s);

	snprintf(what, sizeof(what), "address '%s' %s", shown, good ?
	    "accepted" : "refused");
	free(shown);
	ok(t, (mail_addr_problem(s) == NULL) == good, what);
}

/* Every header line of text at most MAIL_LINE long, every encoded word
 * at most 75, and no header line that is not a field or a fold. */
static int
well_formed(const char *text)
{
	const char *end = strstr(text, "\n\n"), *p = text;

	if (end == NULL)
		return 0;
	while (p < end) {
		const char *nl = strchr(p, '\n'), *w = p;

		if (nl - p > MAIL_LINE)
			return 0;
		if (*p != ' ' && memchr(p, ':', (size_t)(nl - p)) == NULL)
			return 0;
		while ((w = strstr(w, "=?")) != NULL && w < nl) {
			const char *e = strstr(w + 2, "?=");
			/* "=?UTF-8?B?" then base64, which holds no '?' */
			e = strstr(w + 10, "?=");
			if (e == NULL || e + 2 - w > 75)
				return 0;
			w = e + 2;
		}
		p = nl + 1;
	}
	return 1;
}

static char *
message(const char *name, const char *subject, const char *body)
{
	struct mail m = { "学校心理中心", "psy@school.example", name,
	    "li.wang@school.example", subject, 1796212800,
	    "ph.1.0123456789abcdef0123456789abcdef@host.example", "X-PH-Alert",
	    "7", body };
	struct buf b = {0};

	mail_write(&b, &m);
	return buf_take(&b);
}

static void
test_headers(struct tap *t)
{
	char *s;

	s = message("Wang, Li", "hello", "body\n");
	ok(t, strstr(s, "To: \"Wang, Li\" <li.wang@school.example>\n") != NULL,
	    "a name with a comma is quoted");
	ok(t, well_formed(s), "quoted name: well formed");
	free(s);
	s = message("Li \"Lee\" Wang", "x", "b");
	ok(t, strstr(s, "To: \"Li \\\"Lee\\\" Wang\" <") != NULL,
	    "quotes in a name are escaped");
	free(s);
	s = message("王老师\nBcc: x@evil.test", "预警\r\nBcc: y@evil.test", "b");
	ok(t, strstr(s, "\nBcc:") == NULL, "no Bcc: from a name or subject");
	ok(t, well_formed(s), "line breaks in values: well formed");
	free(s);
	s = message("欧阳心理健康教育中心主任老师", "【心理预警】二级：高一（3）班 "
	    "张三同学 PHQ-9 第9题 自伤念头 请在24小时内联系并确认；如已处理请"
	    "忽略本提醒，谢谢。", "第一行\n.\n");
	ok(t, well_formed(s), "long Chinese name and subject: folded, "
	    "words within 75");
	ok(t, strstr(s, "Subject: =?UTF-8?B?") != NULL, "subject encoded");
	ok(t, strstr(s, "\n =?UTF-8?B?") != NULL, "subject folded");
	free(s);
	s = message("Li Wang", "A plain subject that is rather long and goes "
	    "on past the end of one header line of mail", "b");
	ok(t, strstr(s, "To: Li Wang <") != NULL, "a plain name as atoms");
	ok(t, strstr(s, "Subject: A plain subject") != NULL &&
	    strstr(s, "\n header line of mail\n") != NULL, "a plain subject folded at a space");
	ok(t, well_formed(s), "plain: well formed");
	free(s);
	s = message("=?UTF-8?B?5p2O?=", "=?UTF-8?B?5p2O?=", "b");
	ok(t, strstr(s, "5p2O") == NULL, "text that looks encoded is encoded");
	free(s);
}

static void
test_body(struct tap *t)
{
	char *long_line = malloc(1200), *s;

	memset(long_line, 'x', 1199);
	long_line[1199] = '\0';
	s = message("a", "b", long_line);
	ok(t, strstr(s, "Content-Transfer-Encoding: base64") != NULL,
	    "a line over 998 goes base64");
	free(s);
	free(long_line);
	s = message("a", "b", "one\r\ntwo\rthree");
	ok(t, strstr(s, "\n\none\ntwo\nthree\n") != NULL, "CR and CRLF become LF");
	free(s);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char *name, *a, date[40];
	const char *why;

	addr(&t, "li.wang@school.example", 1);
	addr(&t, "a+b!c@x", 1);
	addr(&t, "a@b.c\nBcc: x@evil.test", 0);
	addr(&t, "Wang Li <a@b.c>", 0);
	addr(&t, "a@b.c,d@e.f", 0);
	addr(&t, "a;b@c.d", 0);
	addr(&t, "a..b@c.d", 0);
	addr(&t, ".a@c.d", 0);
	addr(&t, "a@b@c.d", 0);
	addr(&t, "a@-b.c", 0);
	addr(&t, "a@", 0);
	addr(&t, "@b.c", 0);
	addr(&t, "王@b.c", 0);
	addr(&t, "a\t@b.c", 0);
	ok(&t, mail_domain_valid("host.example") && !mail_domain_valid("") &&
	    !mail_domain_valid("a..b") && !mail_domain_valid("a_b"),
	    "host names");
	ok(&t, mail_mailbox_parse("学校心理中心 <psy@school.example>", &name,
	    &a, &why) == 0 && strcmp(name, "学校心理中心") == 0 &&
	    strcmp(a, "psy@school.example") == 0, "sender with a name");
	free(name);
	free(a);
	ok(&t, mail_mailbox_parse("\"Wang, Li\" <a@b.c>", &name, &a, &why) == 0
	    && strcmp(name, "Wang, Li") == 0, "sender with a quoted name");
	free(name);
	free(a);
	ok(&t, mail_mailbox_parse("a@b.c", &name, &a, &why) == 0 &&
	    name == NULL, "sender with no name");
	free(a);
	ok(&t, mail_mailbox_parse("a@b.c\r\nBcc: x@evil.test", &name, &a,
	    &why) != 0, "sender with a line break refused");
	ok(&t, mail_mailbox_parse("ph-alert", &name, &a, &why) != 0,
	    "sender that is no address refused");
	a = mail_clean("a\nb\x01\xff");
	is_str(&t, a, "a b \xef\xbf\xbd", "clean");
	free(a);
	setenv("TZ", "Asia/Shanghai", 1);
	mail_date(1796212800, date);
	is_str(&t, date, "Wed, 02 Dec 2026 20:00:00 +0800", "date");
	test_headers(&t);
	test_body(&t);
	return tap_done(&t);
}
