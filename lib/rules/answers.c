/*
 * Reading a response: which column answers which item (by id, number or
 * question text, as survey platforms export them) and what each cell
 * says (a value, an option's position, text or letter).  See score.h.
 *
 * Nothing is guessed: a header that could be two items, an item with no
 * column or two, an id column that could be two, a cell whose letter
 * and text disagree, are refused with what would settle them.
 */
#include "score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "columns.h"
#include "xalloc.h"

/* The person's id under the names exports give it.  A platform's own
 * numbering or login (编号, 用户名, id) is the weaker kind: when a file
 * has both, the pupil's or employee's number is the person's id. */
static const char *const strong_ids[] = { "学号", "工号", "学籍号",
    "person_no", "student_no", "staff_no", NULL };
static const char *const weak_ids[] = { "id", "编号", "用户名", "账号",
    "用户id", "userid", "user_id", NULL };

/* What a question asking for the id says before the id's name
 * ("请输入你的学号", "您的学籍号"), after folding. */
static const char *const id_asks[] = { "请", "输入", "填写", "填入", "你的",
    "您的", "本人的", "本人", NULL };

static const char *const how_names[] = { "none", "id", "number", "text",
    "map" };

/* One name of an id, of strength 2 (a person's number) or 1. */
static int
id_alias(const char *text, size_t len)
{
	for (size_t k = 0; strong_ids[k] != NULL; k++)
		if (columns_same_text(text, len, strong_ids[k]))
			return 2;
	for (size_t k = 0; weak_ids[k] != NULL; k++)
		if (columns_same_text(text, len, weak_ids[k]))
			return 1;
	return 0;
}

/* How strongly a header names the person's id: 2, 1, or 0 when it does
 * not.  "学号", "1、学号", "1.请输入你的学号：", "您的学籍号（必填）",
 * "学号/工号" (every part a name of an id). */
static int
id_header(const char *header)
{
	const char *p = header;
	int strength = 0;

	if (*header == '\0')
		return 0;
	while (p != NULL) {
		const char *slash = strchr(p, '/'), *wide = strstr(p, "／");
		const char *stop = slash;
		size_t skip = 1, n;
		char *part, *folded, *f;
		int s;

		if (wide != NULL && (stop == NULL || wide < stop)) {
			stop = wide;
			skip = 3;
		}
		part = xstrndup(p, stop ? (size_t)(stop - p) : strlen(p));
		folded = columns_fold_question(part, NULL);
		f = folded;
		for (int again = 1; again;) {
			again = 0;
			for (size_t k = 0; id_asks[k] != NULL; k++) {
				size_t len = strlen(id_asks[k]);
				if (strncmp(f, id_asks[k], len) == 0 &&
				    f[len] != '\0') {
					f += len;
					again = 1;
				}
			}
		}
		n = strlen(f);
		/* "您的学号是？" */
		if (n > 3 && strcmp(f + n - 3, "是") == 0)
			n -= 3;
		s = id_alias(f, n);
		free(part);
		free(folded);
		if (s == 0)
			return 0;
		if (s > strength)
			strength = s;
		p = stop ? stop + skip : NULL;
	}
	return strength;
}

/* Every item's question texts, folded once per file. */
struct folded_items {
	char **text;
	size_t *item;
	size_t n;
};

static void
fold_items(const struct instrument *in, struct folded_items *fi)
{
	size_t cap = 0;

	memset(fi, 0, sizeof(*fi));
	for (size_t i = 0; i < in->nitems; i++) {
		const struct item *it = &in->items[i];
		const char *texts[3] = { it->zh, it->en, NULL };
		size_t nalso = 0;

		while (it->also != NULL && it->also[nalso] != NULL)
			nalso++;
		for (size_t t = 0; t < 2 + nalso; t++) {
			const char *text = t < 2 ? texts[t] : it->also[t - 2];
			char *f;

			if (text == NULL)
				continue;
			f = columns_fold_question(text, NULL);
			if (*f == '\0') {
				free(f);
				continue;
			}
			fi->text = xgrow(fi->text, &cap, fi->n + 1,
			    sizeof(*fi->text));
			fi->item = xrealloc(fi->item, cap * sizeof(*fi->item));
			fi->text[fi->n] = f;
			fi->item[fi->n++] = i;
		}
	}
}

static void
fold_items_free(struct folded_items *fi)
{
	for (size_t k = 0; k < fi->n; k++)
		free(fi->text[k]);
	free(fi->text);
	free(fi->item);
}

/*
 * The item a header names: by the item's id, by a number alone, or by
 * its question text but for punctuation, numbering, notes in brackets
 * and a trailing 吗.  -1 when none; -2 when it could be two items (two
 * of them in pair).
 */
static long
match_header(const struct instrument *in, const struct folded_items *fi,
    const char *header, int *how, long pair[2])
{
	char *folded;
	size_t number;
	long found = -1;

	*how = HOW_NONE;
	for (size_t i = 0; i < in->nitems; i++)
		if (strcasecmp(header, in->items[i].id) == 0) {
			*how = HOW_ID;
			return (long)i;
		}
	folded = columns_fold_question(header, &number);
	if (*folded == '\0') {
		free(folded);
		if (number > 0 && number <= in->nitems) {
			*how = HOW_NUMBER;
			return (long)number - 1;
		}
		return -1;
	}
	for (size_t k = 0; k < fi->n; k++) {
		if (strcmp(folded, fi->text[k]) != 0 ||
		    found == (long)fi->item[k])
			continue;
		if (found >= 0) {
			pair[0] = found;
			pair[1] = (long)fi->item[k];
			free(folded);
			return -2;
		}
		found = (long)fi->item[k];
	}
	free(folded);
	if (found >= 0)
		*how = HOW_TEXT;
	return found;
}

long
score_match_header(const struct instrument *in, const char *header)
{
	struct folded_items fi;
	long item, pair[2];
	int how;

	fold_items(in, &fi);
	item = match_header(in, &fi, header, &how, pair);
	fold_items_free(&fi);
	return item < 0 ? -1 : item;
}

/* A --map COLUMN: a number is the column's (as ph-screen columns shows
 * it, 1 the first), anything else a header as written. */
static long
map_column(const struct rec_reader *r, const char *want, int *twice)
{
	size_t ncol = rec_ncolumns(r);
	long found = -1;
	char *end;
	unsigned long n;

	*twice = 0;
	if (*want >= '0' && *want <= '9') {
		n = strtoul(want, &end, 10);
		return *end == '\0' && n >= 1 && n <= ncol ? (long)n - 1 : -1;
	}
	for (size_t c = 0; c < ncol; c++)
		if (strcmp(rec_column(r, c), want) == 0) {
			if (found >= 0)
				*twice = 1;
			else
				found = (long)c;
		}
	return found;
}

/* The --map overrides: 0, or -1 after errors.  *id_mapped: the id's
 * column was given. */
static int
apply_maps(const struct instrument *in, const struct rec_reader *r,
    const struct score_options *o, struct answer_columns *ac,
    unsigned char *taken, int *id_mapped, struct diag *d)
{
	const char *name = rec_name(r);
	size_t line = rec_line(r);
	int rc = 0;

	*id_mapped = 0;
	for (size_t m = 0; o != NULL && m < o->nmap; m++) {
		const char *arg = o->map[m], *eq = strchr(arg, '=');
		char *item_id = xstrndup(arg, eq ? (size_t)(eq - arg) :
		    strlen(arg));
		const char *want = eq ? eq + 1 : "";
		long item = -1, col;
		int twice, is_id = strcasecmp(item_id, "id") == 0;

		for (size_t i = 0; i < in->nitems && !is_id && item < 0; i++)
			if (strcasecmp(item_id, in->items[i].id) == 0)
				item = (long)i;
		col = map_column(r, want, &twice);
		if (!is_id && item < 0) {
			diag_error(d, name, line, NULL, "--map '%s': %s has no "
			    "item '%s' (its items: %s to %s; or id)", arg,
			    in->id, item_id, in->nitems ? in->items[0].id : "",
			    in->nitems ? in->items[in->nitems - 1].id : "");
			rc = -1;
		} else if (twice) {
			diag_error(d, name, line, NULL, "--map '%s': more than "
			    "one column is headed '%s'; give its number", arg,
			    want);
			rc = -1;
		} else if (col < 0) {
			diag_error(d, name, line, NULL, "--map '%s': no column "
			    "'%s' (a header as written, or a column's number "
			    "from 1 to %zu)", arg, want, rec_ncolumns(r));
			rc = -1;
		} else if ((is_id && *id_mapped) ||
		    (!is_id && ac->how[item] == HOW_MAP)) {
			diag_error(d, name, line, NULL, "--map '%s': %s is "
			    "given twice", arg, is_id ? "id" :
			    in->items[item].id);
			rc = -1;
		} else if (taken[col]) {
			diag_error(d, name, line, NULL, "--map '%s': column %ld "
			    "(%s) is given twice", arg, col + 1,
			    rec_column(r, (size_t)col));
			rc = -1;
		} else if (is_id) {
			ac->id = (int)col;
			*id_mapped = 1;
			taken[col] = 1;
		} else {
			ac->item[item] = (int)col;
			ac->how[item] = HOW_MAP;
			taken[col] = 1;
		}
		free(item_id);
	}
	return rc;
}

/* The person's id column, unless --map gave it: the one column whose
 * header names an id, the stronger kind first; two of one kind are
 * refused, not guessed.  0 or -1. */
static int
find_id(const struct rec_reader *r, struct answer_columns *ac,
    const unsigned char *taken, struct diag *d)
{
	size_t ncol = rec_ncolumns(r);
	long first = -1, second = -1;
	int best = 0;

	for (size_t c = 0; c < ncol; c++) {
		int s;

		if (taken[c] || (s = id_header(rec_column(r, c))) == 0 ||
		    s < best)
			continue;
		if (s > best) {
			best = s;
			first = (long)c;
			second = -1;
		} else if (second < 0)
			second = (long)c;
	}
	if (first < 0) {
		diag_error(d, rec_name(r), rec_line(r), NULL, "no column for the "
		    "person's id (a header named id, 学号 or 工号; or "
		    "--map id=COLUMN)");
		return -1;
	}
	if (second >= 0) {
		diag_error(d, rec_name(r), rec_line(r), NULL, "columns %ld (%s) "
		    "and %ld (%s) could both be the person's id; name it with "
		    "--map id=COLUMN", first + 1, rec_column(r, (size_t)first),
		    second + 1, rec_column(r, (size_t)second));
		return -1;
	}
	ac->id = (int)first;
	return 0;
}

/* The mapping as a table, for the user to see what was found. */
static void
print_table(const struct instrument *in, const struct rec_reader *r,
    const struct answer_columns *ac, int id_mapped, const unsigned char *used)
{
	struct buf b = {0};

	buf_printf(&b, "%s: the columns found (item, column, header, how):\n",
	    rec_name(r));
	if (ac->id >= 0)
		buf_printf(&b, "  id\t%d\t%s\t%s\n", ac->id + 1,
		    rec_column(r, (size_t)ac->id), id_mapped ? "map" : "text");
	else
		buf_puts(&b, "  id\t-\t-\tnone\n");
	for (size_t i = 0; i < in->nitems; i++) {
		if (ac->item[i] >= 0)
			buf_printf(&b, "  %s\t%d\t%s\t%s\n", in->items[i].id,
			    ac->item[i] + 1, rec_column(r,
			    (size_t)ac->item[i]), how_names[ac->how[i]]);
		else
			buf_printf(&b, "  %s\t-\t-\tnone\n", in->items[i].id);
	}
	for (size_t c = 0; c < rec_ncolumns(r); c++)
		if (!used[c])
			buf_printf(&b, "  -\t%zu\t%s\tnone\n", c + 1,
			    rec_column(r, c));
	if (b.len > 0)
		b.data[--b.len] = '\0';
	diag_lines(buf_str(&b));
	buf_free(&b);
}

int
score_map_columns(const struct instrument *in, const struct rec_reader *r,
    const struct score_options *o, struct answer_columns *ac,
    struct diag *d)
{
	const char *name = rec_name(r);
	size_t ncol = rec_ncolumns(r), line = rec_line(r);
	unsigned char *taken = xcalloc(ncol ? ncol : 1, 1);
	struct folded_items fi;
	int rc, id_mapped;

	ac->id = -1;
	ac->nitems = in->nitems;
	ac->item = xcalloc(in->nitems ? in->nitems : 1, sizeof(*ac->item));
	ac->how = xcalloc(in->nitems ? in->nitems : 1, sizeof(*ac->how));
	for (size_t i = 0; i < in->nitems; i++) {
		ac->item[i] = -1;
		ac->how[i] = HOW_NONE;
	}
	rc = apply_maps(in, r, o, ac, taken, &id_mapped, d);
	if (!id_mapped && find_id(r, ac, taken, d) != 0)
		rc = -1;
	if (ac->id >= 0)
		taken[ac->id] = 1;
	fold_items(in, &fi);
	for (size_t c = 0; c < ncol; c++) {
		const char *h = rec_column(r, c);
		long item, pair[2];
		int how;

		if (taken[c])
			continue;
		item = match_header(in, &fi, h, &how, pair);
		if (item == -2) {
			diag_error(d, name, line, NULL, "column %zu (%s) could be "
			    "item %s or item %s; name its item with --map "
			    "ITEM=%zu", c + 1, h, in->items[pair[0]].id,
			    in->items[pair[1]].id, c + 1);
			rc = -1;
			continue;
		}
		if (item < 0 || ac->how[item] == HOW_MAP)
			continue;	/* not an item's, or --map chose */
		if (ac->item[item] >= 0) {
			diag_error(d, name, line, NULL, "columns %d (%s) and %zu "
			    "(%s) both answer item %s; name one with --map "
			    "%s=COLUMN", ac->item[item] + 1, rec_column(r,
			    (size_t)ac->item[item]), c + 1, h,
			    in->items[item].id, in->items[item].id);
			rc = -1;
			continue;
		}
		ac->item[item] = (int)c;
		ac->how[item] = how;
	}
	fold_items_free(&fi);
	for (size_t i = 0; i < in->nitems; i++) {
		if (ac->item[i] >= 0) {
			taken[ac->item[i]] = 1;
			continue;
		}
		diag_error(d, name, line, NULL, "no column for item %s (%s); "
		    "name its column with --map %s=COLUMN", in->items[i].id,
		    in->items[i].zh ? in->items[i].zh : in->items[i].en,
		    in->items[i].id);
		rc = -1;
	}
	if (rc != 0)
		print_table(in, r, ac, id_mapped, taken);
	free(taken);
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

/* The option named by the first len bytes of s: its index, or -1.  A
 * name as written first (the fast, common case), then but for
 * punctuation, spaces, case and width. */
static long
find_option(const struct option_set *set, const char *s, size_t len)
{
	/* the Chinese texts first: what a Chinese platform writes */
	for (size_t o = 0; o < set->n; o++)
		if (set->options[o].zh != NULL &&
		    strncmp(s, set->options[o].zh, len) == 0 &&
		    set->options[o].zh[len] == '\0')
			return (long)o;
	for (size_t o = 0; o < set->n; o++) {
		const struct answer_option *opt = &set->options[o];

		if (opt->en != NULL && strncasecmp(s, opt->en, len) == 0 &&
		    opt->en[len] == '\0')
			return (long)o;
		for (size_t a = 0; a < opt->nalso; a++)
			if (strncasecmp(s, opt->also[a], len) == 0 &&
			    opt->also[a][len] == '\0')
				return (long)o;
	}
	for (size_t o = 0; o < set->n; o++) {
		const struct answer_option *opt = &set->options[o];

		if ((opt->zh != NULL && columns_same_text(s, len, opt->zh)) ||
		    (opt->en != NULL && columns_same_text(s, len, opt->en)))
			return (long)o;
		for (size_t a = 0; a < opt->nalso; a++)
			if (columns_same_text(s, len, opt->also[a]))
				return (long)o;
	}
	return -1;
}

/* The option values of an item as messages show them: "0-3", or
 * "0, 2, 4" when they are not consecutive whole numbers. */
static void
value_range(const struct option_set *set, struct buf *b)
{
	double lo = set->options[0].value, hi = lo;
	int consecutive = 1;
	char num[32];

	for (size_t o = 0; o < set->n; o++) {
		double v = set->options[o].value;
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
		if (v != floor(v))
			consecutive = 0;
	}
	/* values are distinct (the loader sees to it) */
	if (hi - lo + 1 != (double)set->n)
		consecutive = 0;
	if (consecutive) {
		score_format(lo, num);
		buf_puts(b, num);
		score_format(hi, num);
		buf_printf(b, "-%s", num);
		return;
	}
	for (size_t o = 0; o < set->n; o++) {
		score_format(set->options[o].value, num);
		buf_printf(b, "%s%s", o ? ", " : "", num);
	}
}

/* A cell that is a number: an option's value, or with --values position
 * its place in the list (1 the first). */
static int
number_cell(const struct instrument *in, size_t i, const char *cell,
    double v, int by_position, double *value, char **why)
{
	const struct option_set *set = in->items[i].options;
	int position = v == floor(v) && v >= 1 && v <= (double)set->n;
	struct buf b = {0};

	if (by_position) {
		if (position) {
			*value = set->options[(size_t)v - 1].value;
			return 0;
		}
		*why = xasprintf("'%s' is not an option of %s (positions "
		    "1-%zu, as --values position reads it)", cell,
		    in->items[i].id, set->n);
		return -1;
	}
	for (size_t o = 0; o < set->n; o++)
		if (set->options[o].value == v) {
			*value = v;
			return 0;
		}
	value_range(set, &b);
	*why = xasprintf("'%s' is not an option of %s (values %s)%s", cell,
	    in->items[i].id, buf_str(&b), position ? "; a file numbered by "
	    "option position needs --values position" : "");
	buf_free(&b);
	return -1;
}

/* "A", "b", "A.完全不会", "B、好几天", "(B)好几天", "B)好几天", "B. 好几天":
 * a platform's option letter, 1 for A; 0 when s starts with none.
 * *rest: what follows it. */
static size_t
option_letter(const char *s, const char **rest)
{
	static const char *const wide_seps[] = { "、", "．", "：", "）", "，",
	    NULL };
	const char *p = s;
	size_t letter = 0;
	int bracket = columns_skip_opener(&p);

	if (*p >= 'A' && *p <= 'Z')
		letter = (size_t)(*p - 'A') + 1;
	else if (*p >= 'a' && *p <= 'z')
		letter = (size_t)(*p - 'a') + 1;
	else if ((unsigned char)p[0] == 0xef && ((unsigned char)p[1] == 0xbc ||
	    (unsigned char)p[1] == 0xbd)) {
		/* full-width Ａ (U+FF21) to Ｚ, ａ (U+FF41) to ｚ */
		unsigned cp = 0xff00u + (((unsigned char)p[1] & 1) << 6) +
		    ((unsigned char)p[2] & 0x3f);
		if (cp >= 0xff21 && cp <= 0xff3a)
			letter = cp - 0xff21 + 1;
		else if (cp >= 0xff41 && cp <= 0xff5a)
			letter = cp - 0xff41 + 1;
		if (letter)
			p += 2;
	}
	if (!letter)
		return 0;
	p++;
	if (bracket) {
		if (!columns_skip_closer(&p))
			return 0;
	} else if (*p == '.' || *p == ':' || *p == ')' || *p == ',' ||
	    *p == '-' || *p == ' ')
		p++;
	else if (*p != '\0') {
		size_t k;

		for (k = 0; wide_seps[k] != NULL; k++)
			if (strncmp(p, wide_seps[k], 3) == 0)
				break;
		if (wide_seps[k] == NULL)
			return 0;	/* a word, not a letter */
		p += 3;
	}
	while (*p == ' ' || strncmp(p, "\xe3\x80\x80", 3) == 0)
		p += *p == ' ' ? 1 : 3;
	*rest = p;
	return letter;
}

/* Where the bracket that ends [start, e) begins: the full-width one
 * (three bytes of UTF-8) or one of the ASCII ones; NULL when e follows
 * neither. */
static const char *
bracket_before(const char *start, const char *e, const char *wide,
    const char *ascii)
{
	if (e - start >= 3 && memcmp(e - 3, wide, 3) == 0)
		return e - 3;
	if (e > start && e[-1] != '\0' && strchr(ascii, e[-1]) != NULL)
		return e - 1;
	return NULL;
}

/* "好几天（1分）", "好几天 (1分)": the points a platform wrote after the
 * option; *end is moved before them.  0 when there are none. */
static int
option_points(const char *start, const char **end, double *points)
{
	const char *e = *end, *open, *p;
	char *stop;

	while (e > start && e[-1] == ' ')
		e--;
	if ((e = bracket_before(start, e, "）", ")]")) == NULL)
		return 0;
	if (e - start < 3 || memcmp(e - 3, "分", 3) != 0)
		return 0;
	e -= 3;
	for (open = e; open > start && ((open[-1] >= '0' && open[-1] <= '9') ||
	    open[-1] == '.' || open[-1] == '-' || open[-1] == ' '); open--)
		;
	p = open;
	if ((open = bracket_before(start, open, "（", "([")) == NULL)
		return 0;
	*points = strtod(p, &stop);
	while (stop < e && *stop == ' ')
		stop++;
	if (stop == p || stop != e)
		return 0;
	while (open > start && (open[-1] == ' '))
		open--;
	*end = open;
	return 1;
}

static void
options_list(const struct option_set *set, struct buf *b)
{
	for (size_t o = 0; o < set->n; o++) {
		char num[32];
		score_format(set->options[o].value, num);
		buf_printf(b, "%s%s %s", o ? ", " : "", num,
		    set->options[o].zh);
	}
}

/* A cell with a letter, or points in brackets, around an option's text:
 * each must name the same option. */
static int
marked_cell(const struct instrument *in, size_t i, const char *cell,
    int by_position, double *value, char **why)
{
	const struct option_set *set = in->items[i].options;
	const char *text = cell, *end;
	size_t letter = option_letter(cell, &text);
	double points = 0;
	int has_points;
	long by_text = -1, chosen;

	end = text + strlen(text);
	has_points = option_points(text, &end, &points);
	if (!letter && !has_points)
		return 1;
	if (end > text && (by_text = find_option(set, text,
	    (size_t)(end - text))) < 0)
		return 1;
	if (letter > set->n) {
		*why = xasprintf("'%s': %s has no option %c (A-%c)", cell,
		    in->items[i].id, (int)('A' + letter - 1),
		    (int)('A' + set->n - 1));
		return -1;
	}
	if (letter && by_text >= 0 && by_text != (long)letter - 1) {
		*why = xasprintf("'%s': option %c of %s is %s, the text says "
		    "%s; which was meant is not certain", cell,
		    (int)('A' + letter - 1), in->items[i].id,
		    set->options[letter - 1].zh, set->options[by_text].zh);
		return -1;
	}
	chosen = letter ? (long)letter - 1 : by_text;
	if (chosen < 0)
		return 1;	/* points alone name no option */
	if (has_points) {
		double want = by_position ? (double)chosen + 1 :
		    set->options[chosen].value;
		if (points != want) {
			char num[32], got[32];
			score_format(want, num);
			score_format(points, got);
			*why = xasprintf("'%s': %s is %s in %s%s, not %s; which "
			    "was meant is not certain", cell,
			    set->options[chosen].zh, num, in->items[i].id,
			    by_position ? " by position" : "", got);
			return -1;
		}
	}
	*value = set->options[chosen].value;
	return 0;
}

int
score_cell(const struct instrument *in, size_t i, const char *cell,
    int by_position, double *value, char **why)
{
	const struct option_set *set = in->items[i].options;
	char *end;
	double v;
	long o;
	int rc;

	*why = NULL;
	/* most cells are one digit, most of them an option's value: no
	 * strtod, no search for them */
	if (cell[0] >= '0' && cell[0] <= '9' && cell[1] == '\0') {
		unsigned d = (unsigned)(cell[0] - '0');

		if (!by_position && (set->digits >> d & 1u)) {
			*value = d;
			return 0;
		}
		return number_cell(in, i, cell, d, by_position, value, why);
	}
	v = strtod(cell, &end);
	if (end != cell && *end == '\0')
		return number_cell(in, i, cell, v, by_position, value, why);
	if ((o = find_option(set, cell, strlen(cell))) >= 0) {
		*value = set->options[o].value;
		return 0;
	}
	if ((rc = marked_cell(in, i, cell, by_position, value, why)) <= 0)
		return rc;
	{
		struct buf b = {0};
		options_list(set, &b);
		*why = xasprintf("'%s' is not an option of %s (%s)", cell,
		    in->items[i].id, buf_str(&b));
		buf_free(&b);
	}
	return -1;
}

/* Empty, "-" or "(跳过)": how platforms write an unanswered item.  The
 * first byte decides for most cells, which are digits or option texts:
 * a screening reads millions. */
static int
skipped_cell(const char *cell)
{
	switch (*cell) {
	case '\0':
		return 1;
	case '-':
		return cell[1] == '\0';
	case '(':
		return strcmp(cell, "(跳过)") == 0;
	case '\xef':
		return strcmp(cell, "（跳过）") == 0;
	default:
		return 0;
	}
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
		if (skipped_cell(cell))
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
