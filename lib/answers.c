/*
 * Reading a response: which column answers which item (by id, number or
 * question text, as survey platforms export them) and what each cell
 * says (a value, an option's text or letter).  See score.h.
 */
#include "score.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "columns.h"
#include "xalloc.h"

static const char id_aliases[] = "id|学号|工号|编号|学籍号|person_no|"
    "student_no|staff_no|用户名|账号|用户id|userid|user_id";

/* Skips "1、", "1.", "Q1.", "Q1", "第1题", "(1)" numbering at the start
 * of a header; *number receives it (0 when none). */
static const char *
skip_numbering(const char *h, size_t *number)
{
	const char *p = h;
	size_t n = 0;
	int digits = 0;

	*number = 0;
	if (*p == 'Q' || *p == 'q')
		p++;
	else if (strncmp(p, "第", 3) == 0)
		p += 3;
	else if (*p == '(')
		p++;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (size_t)(*p - '0');
		p++;
		digits++;
	}
	if (!digits)
		return h;
	if (strncmp(p, "题", 3) == 0)
		p += 3;
	if (*p == '.' || *p == ':' || *p == ')')
		p++;
	else if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0 ||
	    strncmp(p, "：", 3) == 0 || strncmp(p, "）", 3) == 0)
		p += 3;
	while (*p == ' ' || strncmp(p, "\xe3\x80\x80", 3) == 0)
		p += *p == ' ' ? 1 : 3;
	*number = n;
	return p;
}

/* The header names the item's text, perhaps followed by a note such as
 * "（单选题）" or "[单选]". */
static int
text_matches(const char *rest, const char *text, int fold_case)
{
	size_t n;

	if (text == NULL || *text == '\0')
		return 0;
	n = strlen(text);
	if ((fold_case ? strncasecmp(rest, text, n) : strncmp(rest, text, n))
	    != 0)
		return 0;
	rest += n;
	return *rest == '\0' || *rest == '(' || *rest == '[' ||
	    strncmp(rest, "（", 3) == 0 || strncmp(rest, "【", 3) == 0 ||
	    *rest == ' ' || *rest == '?' || strncmp(rest, "？", 3) == 0;
}

long
score_match_header(const struct instrument *in, const char *header)
{
	const char *rest;
	size_t number;

	for (size_t i = 0; i < in->nitems; i++)
		if (strcasecmp(header, in->items[i].id) == 0)
			return (long)i;
	rest = skip_numbering(header, &number);
	if (number > 0 && *rest == '\0')
		return number <= in->nitems ? (long)number - 1 : -1;
	for (size_t i = 0; i < in->nitems; i++)
		if (text_matches(rest, in->items[i].zh, 0) ||
		    text_matches(rest, in->items[i].en, 1))
			return (long)i;
	return -1;
}

int
score_map_columns(const struct instrument *in, const struct rec_reader *r,
    const struct score_options *o, struct answer_columns *ac,
    struct diag *d)
{
	size_t ncol = rec_ncolumns(r);
	int rc = 0;

	(void)o;
	ac->id = -1;
	ac->nitems = in->nitems;
	ac->item = xcalloc(in->nitems ? in->nitems : 1, sizeof(*ac->item));
	ac->how = xcalloc(in->nitems ? in->nitems : 1, sizeof(*ac->how));
	for (size_t i = 0; i < in->nitems; i++)
		ac->item[i] = -1;
	for (size_t c = 0; c < ncol; c++) {
		const char *h = rec_column(r, c);
		char *folded = columns_fold(h);
		long item;
		int is_id = 0;

		/* the person's id, under any of its names */
		{
			const char *p = id_aliases;
			while (*p != '\0' && !is_id) {
				const char *bar = strchr(p, '|');
				size_t n = bar ? (size_t)(bar - p) : strlen(p);
				is_id = strlen(folded) == n &&
				    strncmp(folded, p, n) == 0;
				p += n + (bar != NULL);
			}
		}
		free(folded);
		if (is_id && ac->id < 0) {
			ac->id = (int)c;
			continue;
		}
		if ((item = score_match_header(in, h)) < 0)
			continue;	/* kept as an extra column */
		if (ac->item[item] >= 0) {
			diag_error(d, rec_name(r), rec_line(r), NULL, "columns "
			    "%d (%s) and %zu (%s) both answer item %s",
			    ac->item[item] + 1, rec_column(r,
			    (size_t)ac->item[item]), c + 1, h,
			    in->items[item].id);
			rc = -1;
			continue;
		}
		ac->item[item] = (int)c;
		ac->how[item] = HOW_TEXT;
	}
	if (ac->id < 0) {
		diag_error(d, rec_name(r), rec_line(r), NULL, "no column for the "
		    "person's id (a header named id, 学号 or 工号)");
		rc = -1;
	}
	return rc;
}

void
score_columns_free(struct answer_columns *ac)
{
	free(ac->item);
	free(ac->how);
	ac->item = NULL;
	ac->how = NULL;
}

/* "A.完全不会", "A、完全不会", "(A)完全不会": a platform's option letter. */
static const char *
skip_letter(const char *s)
{
	if (s[0] == '(' && isupper((unsigned char)s[1]) && s[2] == ')')
		return s + 3;
	if (isupper((unsigned char)s[0])) {
		if (s[1] == '.' || s[1] == ':' || s[1] == ')')
			return s + 2;
		if (strncmp(s + 1, "、", 3) == 0 || strncmp(s + 1, "．", 3) == 0)
			return s + 4;
	}
	return s;
}

static int
option_named(const struct answer_option *o, const char *s)
{
	if ((o->zh != NULL && strcmp(s, o->zh) == 0) ||
	    (o->en != NULL && strcasecmp(s, o->en) == 0))
		return 1;
	for (size_t a = 0; a < o->nalso; a++)
		if (strcasecmp(s, o->also[a]) == 0)
			return 1;
	return 0;
}

int
score_cell(const struct instrument *in, size_t i, const char *cell,
    int by_position, double *value, char **why)
{
	const struct option_set *set = in->items[i].options;
	const char *s = cell;
	char *end;
	double v;

	*why = NULL;
	(void)by_position;
	/* most cells are one digit: no strtod for them */
	if (cell[0] >= '0' && cell[0] <= '9' && cell[1] == '\0') {
		v = cell[0] - '0';
		end = (char *)(uintptr_t)(cell + 1);
	} else
		v = strtod(cell, &end);
	if (end != cell && *end == '\0') {
		for (size_t o = 0; o < set->n; o++)
			if (set->options[o].value == v) {
				*value = v;
				return 0;
			}
		goto bad;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t o = 0; o < set->n; o++)
			if (option_named(&set->options[o], s)) {
				*value = set->options[o].value;
				return 0;
			}
		s = skip_letter(cell);
		if (s == cell)
			break;
	}
bad:
	{
		struct buf b = {0};
		for (size_t o = 0; o < set->n; o++) {
			char num[32];
			score_format(set->options[o].value, num);
			buf_printf(&b, "%s%s %s", o ? ", " : "", num,
			    set->options[o].zh);
		}
		*why = xasprintf("'%s' is not an option of %s (%s)", cell,
		    in->items[i].id, buf_str(&b));
		buf_free(&b);
	}
	return -1;
}

size_t
score_read(const struct instrument *in, const struct answer_columns *ac,
    const struct score_options *o, const struct rec_reader *r,
    struct score_result *s, struct buf *why)
{
	s->nunreadable = 0;
	for (size_t i = 0; i < in->nitems; i++) {
		const char *cell;
		char *what = NULL;

		s->answers[i] = NAN;
		s->unreadable[i] = 0;
		if (ac->item[i] < 0)
			continue;
		cell = rec_field(r, (size_t)ac->item[i]);
		if (*cell == '\0' || strcmp(cell, "-") == 0 ||
		    strcmp(cell, "(跳过)") == 0 || strcmp(cell, "（跳过）") == 0)
			continue;	/* unanswered */
		if (score_cell(in, i, cell, o->by_position, &s->answers[i],
		    &what) != 0) {
			s->answers[i] = NAN;
			s->unreadable[i] = 1;
			if (why != NULL)
				buf_printf(why, "%scolumn %d: %s",
				    s->nunreadable ? "; " : "", ac->item[i] + 1,
				    what);
			s->nunreadable++;
			free(what);
		}
	}
	return s->nunreadable;
}
