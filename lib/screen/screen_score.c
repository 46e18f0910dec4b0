/*
 * ph-screen instruments, check, score: the parts that need no database,
 * so that scoring runs in a pipe.
 */
#include "screen.h"

#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "alert_policy.h"
#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "instrument.h"
#include "io.h"
#include "policy.h"
#include "rec.h"
#include "score.h"
#include "xalloc.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
screen_instruments(const struct cli *c)
{
	static const char *const cols[] = { "id", "version", "items",
	    "scales", "name", "path" };
	struct rec_writer *w = io_writer(c, 6, cols);
	char **dirs = instrument_dirs(), **seen = NULL;
	size_t nseen = 0, cap = 0;
	int rc = 0;

	for (size_t d = 0; dirs[d] != NULL; d++) {
		DIR *dp = opendir(dirs[d]);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, ncap = 0;

		if (dp == NULL)
			continue;
		while ((e = readdir(dp)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
				names = xgrow(names, &ncap, n + 1, sizeof(*names));
				names[n++] = xstrdup(e->d_name);
			}
		}
		closedir(dp);
		qsort(names, n, sizeof(*names), by_name);
		for (size_t i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", dirs[d], names[i]);
			char *why = NULL, items[24], scales[24];
			struct instrument *in = instrument_load(path, &why);
			int shadowed = 0;

			if (in == NULL) {
				diag_lines(why);
				free(why);
				rc = EX_DATAERR;
			} else {
				/* an earlier directory wins, as in search */
				for (size_t k = 0; k < nseen && !shadowed; k++)
					shadowed = strcmp(seen[k], in->id) == 0;
				if (!shadowed) {
					const char *v[6];
					seen = xgrow(seen, &cap, nseen + 1,
					    sizeof(*seen));
					seen[nseen++] = xstrdup(in->id);
					snprintf(items, sizeof(items), "%zu",
					    in->nitems);
					snprintf(scales, sizeof(scales), "%zu",
					    in->nscales);
					v[0] = in->id;
					v[1] = in->version;
					v[2] = items;
					v[3] = scales;
					v[4] = in->name_zh;
					v[5] = path;
					if (rec_write(w, v) != 0)
						rc = EX_IOERR;
				}
				instrument_free(in);
			}
			free(path);
			free(names[i]);
		}
		free(names);
	}
	for (size_t k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
	instrument_dirs_free(dirs);
	{
		int wrc = io_writer_close(w);
		return rc ? rc : wrc;
	}
}

/* A policy names instruments it may not find here: a licensee's
 * scale is installed later.  Those it finds must have what it names. */
static int
check_policy_instruments(const struct policy *p)
{
	int rc = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		const char *name = p->rules[i].instrument;
		char *path, *why = NULL;
		struct instrument *in;
		int seen = 0;

		if (name == NULL)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = p->rules[j].instrument != NULL &&
			    strcmp(p->rules[j].instrument, name) == 0;
		if (seen)
			continue;
		if ((path = instrument_find(name)) == NULL) {
			warnx("%s:%zu: warning: no instrument '%s' is installed",
			    p->path, p->rules[i].line, name);
			continue;
		}
		if ((in = instrument_load(path, &why)) == NULL ||
		    policy_check_instrument(p, in, &why) != 0) {
			diag_lines(why);
			rc = EX_DATAERR;
		}
		free(why);
		instrument_free(in);
		free(path);
	}
	return rc;
}

/* One file: a policy (it has cards) or an instrument. */
static int
check_one(const char *file, struct rec_writer *w)
{
	char *why = NULL, summary[96];
	const char *v[5] = { file, NULL, NULL, summary, NULL };
	struct conf_node *root;
	int is_policy, rc;

	/* a file that is not there is not a bad file */
	if (access(file, R_OK) != 0) {
		warn("%s", file);
		return EX_NOINPUT;
	}
	root = conf_load(file, &why);
	is_policy = root != NULL && conf_get(root, "cards") != NULL;
	conf_free(root);
	if (root == NULL) {
		diag_lines(why);
		free(why);
		return EX_DATAERR;
	}
	if (is_policy) {
		struct policy *p = policy_load(file, &why);
		struct alert_policy *alerts;

		if (p == NULL) {
			diag_lines(why);
			free(why);
			return EX_DATAERR;
		}
		/* the alerts section too: one file for the whole programme */
		if ((alerts = alert_policy_load(file, &why)) == NULL) {
			diag_lines(why);
			free(why);
			policy_free(p);
			return EX_DATAERR;
		}
		alert_policy_free(alerts);
		rc = check_policy_instruments(p);
		snprintf(summary, sizeof(summary), "%zu card rules", p->nrules);
		v[1] = "policy";
		v[2] = p->name;
		v[4] = p->sha256;
		if (rc == 0 && rec_write(w, v) != 0)
			rc = EX_IOERR;
		policy_free(p);
	} else {
		struct instrument *in = instrument_load(file, &why);

		if (in == NULL) {
			diag_lines(why);
			free(why);
			return EX_DATAERR;
		}
		snprintf(summary, sizeof(summary), "%zu items, %zu scales, "
		    "%zu critical", in->nitems, in->nscales, in->ncritical);
		v[1] = "instrument";
		v[2] = in->id;
		v[4] = in->sha256;
		rc = rec_write(w, v) != 0 ? EX_IOERR : 0;
		instrument_free(in);
	}
	return rc;
}

int
screen_check(const struct cli *c, char *const *files, int nfiles)
{
	static const char *const cols[] = { "file", "kind", "id", "summary",
	    "sha256" };
	struct rec_writer *w;
	int rc = 0;

	if (nfiles == 0) {
		warnx("check: name the instrument or policy files to check");
		return EX_USAGE;
	}
	w = io_writer(c, 5, cols);
	for (int f = 0; f < nfiles; f++) {
		int frc = check_one(files[f], w);
		rc = rc ? rc : frc;
	}
	{
		int wrc = io_writer_close(w);
		return rc ? rc : wrc;
	}
}

/* Columns of a score record: id, each scale and its band, then the
 * rest. */
static char **
score_columns(const struct instrument *in, size_t *n)
{
	char **cols = xcalloc(2 * in->nscales + 8, sizeof(*cols));
	size_t k = 0;

	cols[k++] = xstrdup("id");
	for (size_t i = 0; i < in->nscales; i++) {
		cols[k++] = xstrdup(in->scales[i].id);
		cols[k++] = xasprintf("%s_band", in->scales[i].id);
	}
	cols[k++] = xstrdup("critical");
	cols[k++] = xstrdup("critical_note");
	cols[k++] = xstrdup("missing");
	cols[k++] = xstrdup("valid");
	cols[k++] = xstrdup("reason");
	cols[k++] = xstrdup("instrument");
	cols[k++] = xstrdup("sha256");
	*n = k;
	return cols;
}

/* What a score run could not read, for its summary. */
struct score_tally {
	size_t partial;		/* responses written without some cells */
	size_t numbers;		/* cells: a number no value of its item */
	size_t skipped;		/* rows not scored */
	size_t files;		/* files not scored: their columns */
};

/* Each cell of the current row that could not be read, on a line of its
 * own. */
static void
report_cells(const struct instrument *in, const struct answer_columns *ac,
    const struct score_options *o, const struct rec_reader *r,
    const struct score_result *s, struct score_tally *t, struct diag *d)
{
	for (size_t i = 0; i < in->nitems; i++) {
		const char *cell;
		char *why = NULL, *end;
		double v;

		if (!s->unreadable[i])
			continue;
		cell = rec_field(r, (size_t)ac->item[i]);
		if (score_cell(in, i, cell, o->by_position, &v, &why) == 0)
			continue;	/* cannot be: score_read found it bad */
		diag_error(d, rec_name(r), rec_line(r), NULL, "column %d: %s",
		    ac->item[i] + 1, why);
		free(why);
		(void)strtod(cell, &end);
		if (!o->by_position && end != cell && *end == '\0')
			t->numbers++;
	}
}

static int
score_file(const struct cli *c, const struct score_options *o,
    const struct instrument *in, const char *path, struct rec_writer *w,
    size_t ncols, struct score_tally *t, struct diag *d)
{
	FILE *fp = io_open_input(path);
	const char *name = io_input_name(path);
	struct rec_reader *r;
	struct answer_columns ac = {0};
	struct score_result s;
	const char **v;
	char (*num)[32];
	char missing[24];
	size_t unreadable;
	int got, rc = 0;

	if (fp == NULL)
		return EX_NOINPUT;
	/* --format is the output's: in a pipe, what comes in is detected */
	r = rec_reader_new(fp, name, REC_AUTO, c->encoding);
	v = xcalloc(ncols, sizeof(*v));
	num = xcalloc(in->nscales ? in->nscales : 1, sizeof(*num));
	score_result_init(&s, in);
	if (rec_read_header(r) != 0) {
		diag_error(d, name, rec_line(r), NULL, "%s", rec_error(r));
		t->files++;
		goto done;
	}
	/* an item with no column would count as unanswered for everyone */
	if (score_map_columns(in, r, o, &ac, d) != 0) {
		t->files++;
		goto done;
	}
	while ((got = rec_read(r)) != 0) {
		size_t k = 0;

		if (got < 0) {
			diag_error(d, name, rec_line(r), NULL, "%s", rec_error(r));
			t->skipped++;
			if (got == -2)
				break;
			continue;
		}
		/* a row with a cell it cannot read is still written, so that
		 * its critical answers reach whoever reads the pipe */
		unreadable = score_read(in, &ac, o, r, &s, NULL);
		if (*rec_field(r, (size_t)ac.id) == '\0') {
			int answered = !score_blank(in, &s);
			diag_error(d, name, rec_line(r), rec_column(r,
			    (size_t)ac.id), "missing%s", answered ? " (the "
			    "record is written without it: its answers may "
			    "need an adult)" : "");
			if (!answered) {
				t->skipped++;
				continue;
			}
		}
		if (unreadable > 0) {
			report_cells(in, &ac, o, r, &s, t, d);
			t->partial++;
		}
		score_compute(in, &s);
		v[k++] = rec_field(r, (size_t)ac.id);
		for (size_t i = 0; i < in->nscales; i++) {
			const struct scale_result *sr = &s.scales[i];
			if (sr->scored)
				score_format(sr->value, num[i]);
			v[k++] = sr->scored ? num[i] : NULL;
			v[k++] = sr->band;
		}
		snprintf(missing, sizeof(missing), "%zu", s.missing);
		v[k++] = s.critical;
		v[k++] = s.critical_note;
		v[k++] = missing;
		v[k++] = s.valid ? "yes" : "no";
		v[k++] = s.reason;
		v[k++] = in->id;
		v[k++] = in->sha256;
		if (rec_write(w, v) != 0) {
			rc = EX_IOERR;
			break;
		}
	}
done:
	score_result_free(&s);
	score_columns_free(&ac);
	free(v);
	free(num);
	rec_reader_free(r);
	io_close_input(fp);
	return rc;
}

/* The instrument a command names: 0, or the exit status after a
 * message. */
static int
load_instrument(const char *name, struct instrument **in)
{
	char *path = instrument_find(name), *why = NULL;

	*in = NULL;
	if (path == NULL) {
		warnx("no instrument '%s' (see ph-screen instruments; "
		    "PH_PATH adds directories)", name);
		return EX_NOINPUT;
	}
	*in = instrument_load(path, &why);
	free(path);
	if (*in == NULL) {
		diag_lines(why);
		free(why);
		return EX_DATAERR;
	}
	return 0;
}

/* One line saying what the errors above cost. */
static void
summarise(const struct diag *d, const struct score_tally *t)
{
	struct buf b = {0};

	if (t->numbers > 0)
		warnx("%zu cell%s held a number that is no value of its item; "
		    "if the file numbers options by position (1 for the "
		    "first), score it with --values position", t->numbers,
		    t->numbers == 1 ? "" : "s");
	buf_printf(&b, "%ld error%s", d->errors, d->errors == 1 ? "" : "s");
	if (t->partial > 0)
		buf_printf(&b, "; %zu response%s written without the cells "
		    "that could not be read", t->partial,
		    t->partial == 1 ? "" : "s");
	if (t->skipped > 0)
		buf_printf(&b, "; %zu row%s not scored", t->skipped,
		    t->skipped == 1 ? "" : "s");
	if (t->files > 0)
		buf_printf(&b, "; %zu file%s not scored", t->files,
		    t->files == 1 ? "" : "s");
	warnx("%s", buf_str(&b));
	buf_free(&b);
}

int
screen_score(const struct cli *c, const struct score_options *o,
    const char *instrument, char *const *files, int nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct score_tally tally = {0};
	struct instrument *in;
	struct rec_writer *w;
	struct diag d;
	char **cols;
	size_t ncols;
	int rc;

	if ((rc = load_instrument(instrument, &in)) != 0)
		return rc;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	diag_init(&d, c->max_errors);
	cols = score_columns(in, &ncols);
	w = io_writer(c, ncols, (const char *const *)cols);
	for (size_t i = 1; i < ncols; i++)
		if (strcmp(cols[i], "missing") == 0 ||
		    (i < 2 * in->nscales + 1 && i % 2 == 1))
			rec_writer_numeric(w, i);
	for (int f = 0; f < nfiles && rc == 0; f++)
		rc = score_file(c, o, in, files[f], w, ncols, &tally, &d);
	diag_finish(&d);
	{
		int wrc = io_writer_close(w);
		rc = rc ? rc : wrc;
	}
	for (size_t i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	instrument_free(in);
	if (rc == 0 && d.errors > 0) {
		summarise(&d, &tally);
		rc = EX_DATAERR;
	}
	return rc;
}

int
screen_columns(const struct cli *c, const struct score_options *o,
    const char *instrument, const char *file)
{
	static const char *const cols[] = { "item", "column", "header",
	    "how" };
	static const char *const how[] = { "none", "id", "number", "text",
	    "map" };
	FILE *fp;
	const char *name = io_input_name(file);
	struct instrument *in;
	struct answer_columns ac = {0};
	struct rec_reader *r;
	struct rec_writer *w;
	struct diag d;
	unsigned char *used;
	int rc, mapped, id_mapped = 0;

	if ((rc = load_instrument(instrument, &in)) != 0)
		return rc;
	if ((fp = io_open_input(file)) == NULL) {
		instrument_free(in);
		return EX_NOINPUT;
	}
	diag_init(&d, c->max_errors);
	r = rec_reader_new(fp, name, REC_AUTO, c->encoding);
	if (rec_read_header(r) != 0) {
		diag_error(&d, name, rec_line(r), NULL, "%s", rec_error(r));
		diag_finish(&d);
		rec_reader_free(r);
		io_close_input(fp);
		instrument_free(in);
		return EX_DATAERR;
	}
	mapped = score_map_columns(in, r, o, &ac, &d);
	diag_finish(&d);
	for (size_t m = 0; m < o->nmap; m++)
		if (strncasecmp(o->map[m], "id=", 3) == 0)
			id_mapped = 1;
	used = xcalloc(rec_ncolumns(r) + 1, 1);
	w = io_writer(c, 4, cols);
	rec_writer_numeric(w, 1);
	for (size_t i = 0; i <= in->nitems && rc == 0; i++) {
		/* the person's id first, then each item */
		int col = i == 0 ? ac.id : ac.item[i - 1];
		char number[24];
		const char *v[4];

		snprintf(number, sizeof(number), "%d", col + 1);
		v[0] = i == 0 ? "id" : in->items[i - 1].id;
		v[1] = col >= 0 ? number : NULL;
		v[2] = col >= 0 ? rec_column(r, (size_t)col) : NULL;
		if (i == 0)
			v[3] = col < 0 ? "none" : id_mapped ? "map" : "text";
		else
			v[3] = how[ac.how[i - 1]];
		if (col >= 0)
			used[col] = 1;
		if (rec_write(w, v) != 0)
			rc = EX_IOERR;
	}
	/* then the columns that answer nothing, to choose --map from */
	for (size_t k = 0; k < rec_ncolumns(r) && rc == 0; k++) {
		char number[24];
		const char *v[4] = { NULL, number, rec_column(r, k), "none" };

		if (used[k])
			continue;
		snprintf(number, sizeof(number), "%zu", k + 1);
		if (rec_write(w, v) != 0)
			rc = EX_IOERR;
	}
	{
		int wrc = io_writer_close(w);
		rc = rc ? rc : wrc;
	}
	free(used);
	score_columns_free(&ac);
	rec_reader_free(r);
	io_close_input(fp);
	instrument_free(in);
	return rc ? rc : mapped != 0 ? EX_DATAERR : 0;
}
