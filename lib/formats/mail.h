/*
 * Mail as mail servers expect it: addresses checked as RFC 5322
 * addr-specs, display names and subjects quoted or encoded (RFC 2047)
 * and folded, and no header field ever given a CR or LF from any value.
 * No database: the loaders use the checks, deliver the writer.
 */
#ifndef PH_MAIL_H
#define PH_MAIL_H
#include <time.h>

#include "buf.h"

/* Header lines are folded at this length (RFC 5322 2.1.1). */
#define MAIL_LINE 78

/*
 * NULL when s is an address deliver can put in a header: local@domain,
 * the local part a dot-atom, the domain host names joined by dots, ASCII,
 * no spaces, commas, semicolons, angle brackets, quotes or control
 * characters, at most 254 bytes.  Else why not (a static string).
 */
const char *mail_addr_problem(const char *s);

/* NULL when s is such an address, else a malloc'd message for a
 * loader's error: "'...' is not an e-mail address: it ...", the value
 * shown cleaned of control characters. */
char *mail_addr_error(const char *s);

/* 1 when s is a host name usable as a domain (labels of letters, digits
 * and hyphens joined by dots), else 0. */
int mail_domain_valid(const char *s);

/*
 * A sender as a policy gives it: "addr" or "Display Name <addr>".  0 with
 * *name (NULL when none) and *addr malloc'd; -1 with *why (static) when
 * it is not one address or holds a control character.
 */
int mail_mailbox_parse(const char *s, char **name, char **addr,
    const char **why);

/* s fit for a header: every control character (CR and LF among them)
 * a space, and bytes that are not UTF-8 U+FFFD.  Malloc'd. */
char *mail_clean(const char *s);

/* "Wed, 02 Dec 2026 18:00:00 +0800": RFC 5322 date, local time, in
 * English whatever the locale. */
void mail_date(time_t t, char out[40]);

/* A plain-text message. */
struct mail {
	const char *from_name, *from_addr;	/* name may be NULL */
	const char *to_name, *to_addr;
	const char *subject;
	time_t date;
	const char *message_id;		/* without the angle brackets */
	const char *extra_name;		/* one more header, or NULL */
	const char *extra_value;
	const char *body;
};

/* Appends the message, header and body, LF line ends, to out.  Names
 * and subject may hold anything: they are cleaned, quoted or encoded. */
void mail_write(struct buf *out, const struct mail *m);

#endif
