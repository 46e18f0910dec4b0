/*
 * Normalisers for the values school and HR systems export.  Tables are
 * const; every failure says what was given and what was expected.
 */
#include "norm.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "xalloc.h"

/* Chinese numerals 一..十, and 十一..九十九 ("十二", "二十", "二十三"). */
static const char *const cn_digits[] = { "零", "一", "二", "三", "四", "五",
    "六", "七", "八", "九" };
#define CN_TEN "十"

/* Reads a number at *p: ASCII digits or Chinese numerals up to 99.
 * Advances *p; returns the value or -1. */
static int
read_number(const char **p)
{
	const char *s = *p;
	int v = 0, n = 0, i;

	if (isdigit((unsigned char)*s)) {
		while (isdigit((unsigned char)*s) && n < 4) {
			v = v * 10 + (*s - '0');
			s++;
			n++;
		}
		if (isdigit((unsigned char)*s))
			return -1;
		*p = s;
		return v;
	}
	/* tens digit, "十", units digit: each optional, in that order */
	{
		int tens = -1, units = -1, ten = 0;

		for (i = 1; i < 10; i++)
			if (strncmp(s, cn_digits[i], 3) == 0) {
				units = i;
				s += 3;
				break;
			}
		if (strncmp(s, CN_TEN, 3) == 0) {
			ten = 1;
			s += 3;
			tens = units == -1 ? 1 : units;
			units = -1;
			for (i = 1; i < 10; i++)
				if (strncmp(s, cn_digits[i], 3) == 0) {
					units = i;
					s += 3;
					break;
				}
		}
		if (!ten && units == -1)
			return -1;
		v = (ten ? tens * 10 : 0) + (units > 0 ? units : 0);
		*p = s;
		return v;
	}
}

/* Whether s begins with prefix as cmp compares them: 1 with *rest after
 * it, else 0. */
static int
begins(int (*cmp)(const char *, const char *, size_t), const char *s,
    const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (cmp(s, prefix, n) != 0)
		return 0;
	*rest = s + n;
	return 1;
}

static int
starts(const char *s, const char *prefix, const char **rest)
{
	return begins(strncmp, s, prefix, rest);
}

static int
starts_ci(const char *s, const char *prefix, const char **rest)
{
	return begins(strncasecmp, s, prefix, rest);
}

static const char *
skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* Reads a grade at the start of s; sets *level and advances *rest.
 * 0, or -1 when s does not start with a grade. */
static int
read_grade(const char *s, int *level, const char **rest)
{
	const char *p;
	int n;

	if (starts(s, "初中", &p) || starts(s, "高中", &p) ||
	    starts(s, "小学", &p) || starts(s, "大学", &p)) {
		int base = strncmp(s, "初中", 6) == 0 ? 6 :
		    strncmp(s, "高中", 6) == 0 ? 9 :
		    strncmp(s, "大学", 6) == 0 ? 12 : 0;
		int max = base == 6 || base == 9 ? 3 : base == 12 ? 5 : 6;
		if ((n = read_number(&p)) < 1 || n > max ||
		    !starts(p, "年级", &p))
			return -1;
		*level = base + n;
		*rest = p;
		return 0;
	}
	if (starts(s, "初", &p) || starts(s, "高", &p) ||
	    starts(s, "大", &p) || starts(s, "研", &p) ||
	    starts(s, "小", &p)) {
		int base, max;
		const char *q = p;

		if (strncmp(s, "初", 3) == 0)
			base = 6, max = 3;
		else if (strncmp(s, "高", 3) == 0)
			base = 9, max = 3;
		else if (strncmp(s, "大", 3) == 0)
			base = 12, max = 5;
		else if (strncmp(s, "研", 3) == 0)
			base = 17, max = 3;
		else
			base = 0, max = 6;
		if ((n = read_number(&q)) < 1 || n > max)
			return -1;
		*level = base + n;
		*rest = q;
		return 0;
	}
	if (starts_ci(s, "grade", &p) || starts_ci(s, "year", &p) ||
	    starts_ci(s, "g", &p)) {
		p = skip_spaces(p);
		if (!isdigit((unsigned char)*p) || (n = read_number(&p)) < 1 ||
		    n > 12)
			return -1;
		*level = n;
		*rest = p;
		return 0;
	}
	p = s;
	if ((n = read_number(&p)) < 0)
		return -1;
	if (starts(p, "年级", &p)) {
		if (n < 1 || n > 9)
			return -1;
		*level = n;
		*rest = p;
		return 0;
	}
	return -1;
}

int
norm_grade(const char *in, int *level, char **why)
{
	const char *p = in, *rest;
	int n;

	*why = NULL;
	if (*in == '\0') {
		*why = xstrdup("empty");
		return -1;
	}
	/* "2023级": a cohort, not a grade. */
	if (strlen(in) >= 4 && strspn(in, "0123456789") == 4 &&
	    (in[4] == '\0' || strcmp(in + 4, "级") == 0 ||
	    strcmp(in + 4, "届") == 0)) {
		*why = xasprintf("grade '%s' is a cohort year; give the grade "
		    "(e.g. 七年级, 高一, 大一) instead", in);
		return -1;
	}
	if (isdigit((unsigned char)*p)) {
		n = read_number(&p);
		if (n >= 1 && n <= 12 && *p == '\0') {
			*level = n;
			return 0;
		}
	}
	if (read_grade(in, &n, &rest) == 0 && *rest == '\0' && n >= 1 &&
	    n <= 20) {
		*level = n;
		return 0;
	}
	*why = xasprintf("grade '%s' not understood (expected 1-12, 七年级, "
	    "初一, 高二, 大一, 研一 ...)", in);
	return -1;
}

const char *
norm_grade_name(int level)
{
	static const char *const names[] = { NULL, "一年级", "二年级",
	    "三年级", "四年级", "五年级", "六年级", "七年级", "八年级",
	    "九年级", "高一", "高二", "高三", "大一", "大二", "大三", "大四",
	    "大五", "研一", "研二", "研三" };

	if (level < 1 || level > 20)
		return NULL;
	return names[level];
}

/* "(3)", "（3）" or "3", then optional "班". */
static int
read_class_number(const char *p, int *number)
{
	int paren = 0, n;

	if (*p == '(') {
		p++;
		paren = 1;
	} else if (starts(p, "（", &p))
		paren = 2;
	p = skip_spaces(p);
	if ((n = read_number(&p)) < 0)
		return -1;
	p = skip_spaces(p);
	if (paren == 1 && *p++ != ')')
		return -1;
	if (paren == 2 && !starts(p, "）", &p))
		return -1;
	p = skip_spaces(p);
	(void)starts(p, "班", &p);
	if (*p != '\0')
		return -1;
	*number = n;
	return 0;
}

int
norm_class(const char *in, char **name, int *number, int *grade_level,
    char **why)
{
	const char *rest;
	int n, g = 0;

	*why = NULL;
	*name = NULL;
	*number = 0;
	*grade_level = 0;
	if (*in == '\0') {
		*why = xstrdup("empty");
		return -1;
	}
	if (read_class_number(in, &n) == 0 ||
	    (read_grade(in, &g, &rest) == 0 &&
	    read_class_number(skip_spaces(rest), &n) == 0)) {
		if (n < 1 || n > 99) {
			*why = xasprintf("class '%s': number %d is out of range "
			    "(1-99)", in, n);
			return -1;
		}
		*number = n;
		*grade_level = g;
		/* by hand: every row of a roster names its class */
		{
			char *p = xmalloc(8);
			size_t k = 0;
			if (n >= 10)
				p[k++] = (char)('0' + n / 10);
			p[k++] = (char)('0' + n % 10);
			memcpy(p + k, "班", sizeof("班"));
			*name = p;
		}
		return 0;
	}
	/* Named classes (国际班, 计算机2301班) are kept as they are; '/'
	 * would split a unit path, so it becomes a full-width slash. */
	{
		struct buf b = {0};
		for (const char *p = in; *p != '\0'; p++) {
			if (*p == '/')
				buf_puts(&b, "\xef\xbc\x8f");
			else
				buf_putc(&b, *p);
		}
		*name = buf_take(&b);
	}
	return 0;
}

/* Whether in is one of words (NULL-ended), case aside. */
static int
is_one_of(const char *in, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcasecmp(in, *words) == 0)
			return 1;
	return 0;
}

/*
 * Which of two lists of words in is one of: 1 the first, 0 the second;
 * else -1 with *why (malloc'd) "empty" or "<what>'in' not understood
 * (expected <expected>)".
 */
static int
one_of_two(const char *in, const char *const *first,
    const char *const *second, const char *what, const char *expected,
    char **why)
{
	*why = NULL;
	if (is_one_of(in, first))
		return 1;
	if (is_one_of(in, second))
		return 0;
	*why = *in == '\0' ? xstrdup("empty") : xasprintf("%s'%s' not "
	    "understood (expected %s)", what, in, expected);
	return -1;
}

int
norm_sex(const char *in, char *sex, char **why)
{
	static const char *const male[] = { "男", "男性", "m", "male", "1",
	    "boy", NULL };
	static const char *const female[] = { "女", "女性", "f", "female",
	    "2", "girl", NULL };
	int v;

	/* a roster's every row: the one-letter forms first */
	*why = NULL;
	if (in[0] != '\0' && in[1] == '\0' && strchr("MmFf12", in[0]) != NULL) {
		*sex = strchr("Mm1", in[0]) != NULL ? 'M' : 'F';
		return 0;
	}
	if ((v = one_of_two(in, male, female, "sex ",
	    "男/女, M/F, male/female, 1/2", why)) < 0)
		return -1;
	*sex = v ? 'M' : 'F';
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads 1-4 ASCII digits. */
static int
digits(const char **p, int min, int max, int *out)
{
	int v = 0, n = 0;

	while (isdigit((unsigned char)**p) && n < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return 0;
}

/* An optional time after the date: " 0:00", " 00:00:00". */
static int
time_suffix(const char *p)
{
	int h, m, s;

	if (*p == '\0')
		return 0;
	if (*p != ' ' && *p != 'T')
		return -1;
	p = skip_spaces(p + 1);
	if (digits(&p, 1, 2, &h) != 0 || *p++ != ':' ||
	    digits(&p, 2, 2, &m) != 0)
		return -1;
	if (*p == ':' && (p++, digits(&p, 2, 2, &s) != 0))
		return -1;
	return *p == '\0' && h < 24 && m < 60 ? 0 : -1;
}

static void
from_serial(long serial, int *y, int *m, int *d)
{
	/* Excel counts 1900-02-29, which never was: serials from 61 on
	 * are one day ahead. */
	long days = serial >= 61 ? serial - 1 : serial;

	*y = 1900;
	*m = 1;
	*d = 1;
	days -= 1;
	while (days >= (leap(*y) ? 366 : 365)) {
		days -= leap(*y) ? 366 : 365;
		(*y)++;
	}
	while (days >= days_in_month(*y, *m)) {
		days -= days_in_month(*y, *m);
		(*m)++;
	}
	*d += (int)days;
}

int
norm_date(const char *in, char out[11], char **why)
{
	const char *p = in;
	int y = 0, m = 0, d = 0;

	*why = NULL;
	if (*in == '\0') {
		*why = xstrdup("empty");
		return -1;
	}
	if (strspn(in, "0123456789") == 8 && in[8] == '\0') {
		digits(&p, 4, 4, &y);
		digits(&p, 2, 2, &m);
		digits(&p, 2, 2, &d);
	} else if (strspn(in, "0123456789") == 5 && in[5] == '\0') {
		long serial = strtol(in, NULL, 10);
		if (serial < 20000 || serial > 80000)
			goto bad;
		from_serial(serial, &y, &m, &d);
	} else {
		char sep;

		if (digits(&p, 4, 4, &y) != 0)
			goto bad;
		if (starts(p, "年", &p)) {
			if (digits(&p, 1, 2, &m) != 0 || !starts(p, "月", &p) ||
			    digits(&p, 1, 2, &d) != 0)
				goto bad;
			if (!starts(p, "日", &p))
				(void)starts(p, "号", &p);
		} else {
			sep = *p;
			if (sep != '-' && sep != '/' && sep != '.')
				goto bad;
			p++;
			if (digits(&p, 1, 2, &m) != 0 || *p++ != sep ||
			    digits(&p, 1, 2, &d) != 0)
				goto bad;
		}
		if (time_suffix(p) != 0)
			goto bad;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
		*why = xasprintf("date '%s' does not exist", in);
		return -1;
	}
	if (y < 1900 || y > 2100) {
		*why = xasprintf("date '%s' is out of range (1900-2100)", in);
		return -1;
	}
	/* by hand: this runs for every row of a roster */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
bad:
	*why = xasprintf("date '%s' not understood (expected YYYY-MM-DD, "
	    "YYYY/M/D, YYYY.M.D, YYYYMMDD or YYYY年M月D日)", in);
	return -1;
}

int
norm_phone(const char *in, char **out, char **why)
{
	struct buf b = {0};
	const char *p;
	char *s;
	size_t n;

	*why = NULL;
	*out = NULL;
	if (*in == '\0') {
		*why = xstrdup("empty");
		return -1;
	}
	/* a roster's every row: a mobile as it should be written */
	if (in[0] == '1' && in[1] >= '3' && in[1] <= '9' &&
	    strspn(in, "0123456789") == 11 && in[11] == '\0') {
		*out = xstrdup(in);
		return 0;
	}
	if (strpbrk(in, "eE") != NULL && strchr(in, '.') != NULL &&
	    strspn(in, "0123456789.eE+") == strlen(in)) {
		*why = xasprintf("phone '%s' was turned into a number by a "
		    "spreadsheet; export the column as text", in);
		return -1;
	}
	for (p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-' || *p == '(' || *p == ')')
			continue;
		if (strncmp(p, "－", 3) == 0 || strncmp(p, "　", 3) == 0) {
			p += 2;
			continue;
		}
		buf_putc(&b, *p);
	}
	s = buf_take(&b);
	if (strncmp(s, "+86", 3) == 0)
		memmove(s, s + 3, strlen(s + 3) + 1);
	else if (strncmp(s, "0086", 4) == 0)
		memmove(s, s + 4, strlen(s + 4) + 1);
	else if (strncmp(s, "86", 2) == 0 && strlen(s) == 13 && s[2] == '1')
		memmove(s, s + 2, strlen(s + 2) + 1);
	n = strlen(s);
	if (n == 0 || strspn(s, "0123456789") != n) {
		*why = xasprintf("phone '%s' not understood (expected an "
		    "11-digit mobile or a landline such as 0571-88888888)", in);
		free(s);
		return -1;
	}
	if (s[0] == '1') {
		if (n != 11) {
			*why = xasprintf("phone '%s' has %zu digits; a mainland "
			    "mobile has 11", in, n);
			free(s);
			return -1;
		}
		if (s[1] < '3') {
			*why = xasprintf("phone '%s' is not a mainland mobile "
			    "number (13x-19x)", in);
			free(s);
			return -1;
		}
		*out = s;
		return 0;
	}
	if (s[0] == '0') {
		/* 010 and 02X have three-digit area codes, the rest four. */
		size_t area = s[1] == '1' || s[1] == '2' ? 3 : 4;
		if (n > area && n - area >= 7 && n - area <= 8) {
			*out = xasprintf("%.*s-%s", (int)area, s, s + area);
			free(s);
			return 0;
		}
	}
	*why = xasprintf("phone '%s' not understood (expected an 11-digit "
	    "mobile or a landline such as 0571-88888888)", in);
	free(s);
	return -1;
}

int
norm_bool(const char *in, int *value, char **why)
{
	static const char *const yes[] = { "是", "有", "y", "yes", "true", "1",
	    "√", "✓", NULL };
	static const char *const no[] = { "否", "无", "n", "no", "false", "0",
	    "×", "✗", NULL };
	int v = one_of_two(in, yes, no, "", "是/否, yes/no, 1/0", why);

	if (v < 0)
		return -1;
	*value = v;
	return 0;
}

static const struct {
	const char *key, *zh;
	const char *const aliases[4];
} flags[FLAG_COUNT] = {
	[FLAG_LEFT_BEHIND] = { "left_behind", "留守", { "留守儿童" } },
	[FLAG_SINGLE_PARENT] = { "single_parent", "单亲", { "单亲家庭" } },
	[FLAG_DIVORCED] = { "divorced", "离异", { "父母离异" } },
	[FLAG_BEREAVED] = { "bereaved", "亲人病故", { "丧亲" } },
	[FLAG_ILL] = { "ill", "患病", { "身患疾病", "重大疾病" } },
	[FLAG_BULLIED] = { "bullied", "欺凌",
	    { "校园欺凌", "遭遇校园欺凌", "遭受欺凌" } },
	[FLAG_INCLUSIVE] = { "inclusive", "随班就读", { NULL } },
	[FLAG_MENTAL_ILLNESS] = { "mental_illness", "精神病史",
	    { "有精神病史" } },
	[FLAG_HARDSHIP] = { "hardship", "家庭困难",
	    { "家庭经济困难", "经济困难" } },
};

const char *
norm_flag_key(int flag)
{
	return flag >= 0 && flag < FLAG_COUNT ? flags[flag].key : NULL;
}

const char *
norm_flag_zh(int flag)
{
	return flag >= 0 && flag < FLAG_COUNT ? flags[flag].zh : NULL;
}

static int
find_flag(const char *in)
{
	for (int f = 0; f < FLAG_COUNT; f++) {
		if (strcasecmp(in, flags[f].key) == 0 ||
		    strcmp(in, flags[f].zh) == 0)
			return f;
		for (int a = 0; a < 4 && flags[f].aliases[a] != NULL; a++)
			if (strcmp(in, flags[f].aliases[a]) == 0)
				return f;
	}
	return -1;
}

static char *
known_flags(void)
{
	struct buf b = {0};

	for (int f = 0; f < FLAG_COUNT; f++)
		buf_printf(&b, "%s%s %s", f ? ", " : "", flags[f].key,
		    flags[f].zh);
	return buf_take(&b);
}

int
norm_flag(const char *in, int *flag, char **why)
{
	*why = NULL;
	if ((*flag = find_flag(in)) >= 0)
		return 0;
	{
		char *known = known_flags();
		*why = xasprintf("unknown flag '%s' (known: %s)", in, known);
		free(known);
	}
	return -1;
}

/* Separators: ; ； 、 , ， */
static size_t
separator(const char *p)
{
	if (*p == ';' || *p == ',')
		return 1;
	if (strncmp(p, "；", 3) == 0 || strncmp(p, "、", 3) == 0 ||
	    strncmp(p, "，", 3) == 0)
		return 3;
	return 0;
}

int
norm_flags(const char *in, unsigned *mask, char **why)
{
	struct buf item = {0}, unknown = {0};
	const char *p = in;

	*why = NULL;
	*mask = 0;
	if (*in == '\0' || strcmp(in, "无") == 0 || strcmp(in, "-") == 0)
		return 0;
	for (;;) {
		size_t sep = *p ? separator(p) : 0;

		if (*p == '\0' || sep > 0) {
			char *s = xstrdup(buf_str(&item));
			char *start = s, *end;
			int f;

			while (*start == ' ' || strncmp(start, "　", 3) == 0)
				start += *start == ' ' ? 1 : 3;
			end = start + strlen(start);
			while (end > start && (end[-1] == ' ' || (end - start
			    >= 3 && strncmp(end - 3, "　", 3) == 0)))
				end -= end[-1] == ' ' ? 1 : 3;
			*end = '\0';
			if (*start != '\0') {
				if ((f = find_flag(start)) >= 0)
					*mask |= 1u << f;
				else
					buf_printf(&unknown, "%s'%s'",
					    unknown.len ? ", " : "", start);
			}
			free(s);
			buf_reset(&item);
			if (*p == '\0')
				break;
			p += sep;
			continue;
		}
		buf_putc(&item, *p++);
	}
	buf_free(&item);
	if (unknown.len > 0) {
		char *known = known_flags();
		*why = xasprintf("unknown flag %s (known: %s)", buf_str(&unknown),
		    known);
		free(known);
		buf_free(&unknown);
		return -1;
	}
	buf_free(&unknown);
	return 0;
}

char *
norm_flags_keys(unsigned mask)
{
	struct buf b = {0};

	for (int f = 0; f < FLAG_COUNT; f++)
		if (mask & (1u << f))
			buf_printf(&b, "%s%s", b.len ? ";" : "", flags[f].key);
	return buf_take(&b);
}
