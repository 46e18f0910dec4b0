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
