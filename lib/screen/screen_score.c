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
#include "clock.h"
#include "conf.h"
#include "diag.h"
#include "instrument.h"
#include "io.h"
#include "load.h"
#include "norm.h"
#include "policy.h"
#include "readfile.h"
#include "rec.h"
#include "run_policy.h"
#include "score.h"
#include "validity.h"
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

/* What check says of an instrument: its items, scales and critical
 * items, who it is for and its norms. */
static void
instrument_summary(const struct instrument *in, char *out, size_t size)
{
	int n = snprintf(out, size, "%zu items, %zu scales, %zu critical",
	    in->nitems, in->nscales, in->ncritical);

	if (n > 0 && (size_t)n < size && in->for_by != FOR_ANYONE)
		n += snprintf(out + n, size - (size_t)n, ", for %s %d to %d",
		    in->for_by == FOR_AGES ? "ages" : "grades", in->for_lo,
		    in->for_hi);
	if (n > 0 && (size_t)n < size && in->norms != NULL)
		(void)snprintf(out + n, size - (size_t)n, ", norms: %s by %s, "
		    "%zu groups", norms_kind_name(in->norms->kind),
		    in->norms->by_grade ? "grade" : "age",
		    in->norms->ngroups);
}

/* One file: a policy (it has cards) or an instrument. */
static int
check_one(const char *file, struct rec_writer *w)
{
	char *why = NULL, summary[192], *text;
	const char *v[5] = { file, NULL, NULL, summary, NULL };
	struct conf_node *root;
	size_t len = 0;
	int is_policy, rc;

	/* a file that is not there is not a bad file */
	if (access(file, R_OK) != 0 || (text = readfile(file, &len)) == NULL) {
		warn("%s", file);
		return EX_NOINPUT;
	}
	root = conf_load_string(text, len, file, &why);
	is_policy = root != NULL && conf_get(root, "cards") != NULL;
	conf_free(root);
	if (root == NULL) {
		free(text);
		diag_lines(why);
		free(why);
		return EX_DATAERR;
	}
	if (is_policy) {
		/* the whole file, alerts and numbers too: one file for the
		 * whole programme */
		struct policy *p = policy_load_text(file, text, len, &why);

		free(text);
		if (p == NULL) {
			diag_lines(why);
			free(why);
			return EX_DATAERR;
		}
		rc = check_policy_instruments(p);
		snprintf(summary, sizeof(summary), "%zu card rules", p->nrules);
		v[1] = "policy";
		v[2] = p->name;
		v[4] = p->sha256;
		if (rc == 0 && rec_write(w, v) != 0)
			rc = EX_IOERR;
		policy_free(p);
	} else {
		struct instrument *in;

		free(text);
		if ((in = instrument_load(file, &why)) == NULL) {
			diag_lines(why);
			free(why);
			return EX_DATAERR;
		}
		instrument_summary(in, summary, sizeof(summary));
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
 * rest, and validity when the run checks any (validity.h). */
static char **
score_columns(const struct instrument *in, int validity, size_t *n)
{
	/* id, three a scale (score, band, normed), seven after them,
	 * norm, validity */
	char **cols = xcalloc(3 * in->nscales + 10, sizeof(*cols));
	size_t k = 0;

	cols[k++] = xstrdup("id");
	for (size_t i = 0; i < in->nscales; i++) {
		cols[k++] = xstrdup(in->scales[i].id);
		cols[k++] = xasprintf("%s_band", in->scales[i].id);
		/* with norms: the normed score, by its kind (total_t) */
		if (in->norms != NULL)
			cols[k++] = xasprintf("%s_%s", in->scales[i].id,
			    norms_kind_name(in->norms->kind));
	}
	if (in->norms != NULL)
		cols[k++] = xstrdup("norm");
	cols[k++] = xstrdup("critical");
	cols[k++] = xstrdup("critical_note");
	cols[k++] = xstrdup("missing");
	cols[k++] = xstrdup("valid");
	cols[k++] = xstrdup("reason");
	cols[k++] = xstrdup("instrument");
	cols[k++] = xstrdup("sha256");
	if (validity)
		cols[k++] = xstrdup("validity");
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

/* A score run: what each record of its files needs. */
struct scorer {
	const struct instrument *in;
	const struct score_options *o;
	struct rec_writer *w;
	struct score_tally *t;
	struct diag *d;
	struct answer_columns ac;	/* of the file being read */
	int mapped;			/* its header mapped */
	struct score_result s;
	const char **v;			/* the record written */
	char (*num)[32];		/* its scales' values */
	char (*normed)[32];		/* and normed scores */
	char missing[32];
	struct validity_plan *validity;	/* the policy's checks of in */
	int checks;			/* a validity column is written */
	struct validity_time time;	/* the file's columns of time taken */
	struct buf failed;		/* the checks a response failed */
	/* with norms: the columns of age, sex and birth date (-1: none),
	 * and the day an age is reached on */
	int age_col, sex_col, birth_col, grade_col;
	char today[11];
	struct buf raw_why;		/* "raw: ..." */
};

/* The column headed name (compared without case), or -1 after an
 * error in d when name is given and heads none. */
static int
named_column(struct scorer *sc, const struct rec_reader *r, const char *opt,
    const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t k = 0; k < rec_ncolumns(r); k++)
		if (strcasecmp(rec_column(r, k), name) == 0)
			return (int)k;
	diag_error(sc->d, rec_name(r), rec_line(r), NULL, "--%s %s: no "
	    "column has that header", opt, name);
	return -2;
}

/* The columns a norm group is chosen by: 0, or -1 when one named is
 * not there (the file is not scored). */
static int
norm_columns(struct scorer *sc, const struct rec_reader *r)
{
	sc->age_col = named_column(sc, r, "age-column", sc->o->age_column);
	sc->sex_col = named_column(sc, r, "sex-column", sc->o->sex_column);
	sc->birth_col = named_column(sc, r, "birth-column",
	    sc->o->birth_column);
	sc->grade_col = named_column(sc, r, "grade-column",
	    sc->o->grade_column);
	return sc->age_col < -1 || sc->sex_col < -1 || sc->birth_col < -1 ||
	    sc->grade_col < -1 ? -1 : 0;
}

/* Who the row's person is, as the norms ask: sex, and age from the age
 * column (whole years) or the birth date's on today.  What cannot be
 * read is not known, and the person is scored raw. */
static void
norm_person_of(const struct scorer *sc, const struct rec_reader *r,
    struct norm_person *p)
{
	char *why = NULL, birth[11];

	p->sex = 0;
	p->age = p->grade = -1;
	if (sc->sex_col >= 0 && norm_sex(rec_field(r, (size_t)sc->sex_col),
	    &p->sex, &why) != 0)
		p->sex = 0;
	free(why);
	why = NULL;
	if (sc->age_col >= 0) {
		const char *cell = rec_field(r, (size_t)sc->age_col);
		char *end;
		long age = strtol(cell, &end, 10);

		/* 12, 12岁, 12.5: the whole years */
		if (end != cell && age >= 0 && age < 150)
			p->age = (int)age;
	} else if (sc->birth_col >= 0 && norm_date(rec_field(r,
	    (size_t)sc->birth_col), birth, &why) == 0)
		p->age = norms_age(birth, sc->today);
	free(why);
	why = NULL;
	if (sc->grade_col >= 0 && norm_grade(rec_field(r,
	    (size_t)sc->grade_col), &p->grade, &why) != 0)
		p->grade = -1;
	free(why);
}

/* load_file's mapped callback: an item with no column would count as
 * unanswered for everyone, so the file is not scored. */
static int
score_header(void *ctx, const struct rec_reader *r, const int *index)
{
	struct scorer *sc = ctx;

	(void)index;	/* mapped here, into sc->ac */
	if (score_map_columns(sc->in, r, sc->o, &sc->ac, sc->d) != 0 ||
	    norm_columns(sc, r) != 0)
		return -1;
	sc->mapped = 1;
	validity_time_columns(r, &sc->time);
	return 0;
}

/* A record the reader cannot split: not scored. */
static int
score_unsplit(void *ctx, struct rec_reader *r)
{
	struct scorer *sc = ctx;

	diag_error(sc->d, rec_name(r), rec_line(r), NULL, "%s", rec_error(r));
	sc->t->skipped++;
	return 0;
}

/* The score record of the row in sc->s. */
static int
write_score(struct scorer *sc, const struct rec_reader *r)
{
	const struct instrument *in = sc->in;
	const struct score_result *s = &sc->s;
	size_t k = 0;

	sc->v[k++] = rec_field(r, (size_t)sc->ac.id);
	for (size_t i = 0; i < in->nscales; i++) {
		const struct scale_result *sr = &s->scales[i];
		if (sr->scored)
			score_format(sr->value, sc->num[i]);
		sc->v[k++] = sr->scored ? sc->num[i] : NULL;
		sc->v[k++] = sr->band;
		if (in->norms == NULL)
			continue;
		if (sr->normed)
			score_format(sr->norm_value, sc->normed[i]);
		sc->v[k++] = sr->normed ? sc->normed[i] : NULL;
	}
	if (in->norms != NULL && s->norm != NULL)
		sc->v[k++] = s->norm->id;
	else if (in->norms != NULL) {
		/* outside every group: scored raw, and saying so */
		buf_reset(&sc->raw_why);
		buf_puts(&sc->raw_why, "raw: ");
		buf_puts(&sc->raw_why, s->norm_why);
		sc->v[k++] = buf_str(&sc->raw_why);
	}
	score_format((double)s->missing, sc->missing);
	sc->v[k++] = s->critical;
	sc->v[k++] = s->critical_note;
	sc->v[k++] = sc->missing;
	sc->v[k++] = s->valid ? "yes" : "no";
	sc->v[k++] = s->reason;
	sc->v[k++] = in->id;
	sc->v[k++] = in->sha256;
	if (sc->checks)
		sc->v[k++] = buf_str(&sc->failed);
	return rec_write(sc->w, sc->v) != 0 ? EX_IOERR : 0;
}

/* The validity checks of the row scored in sc->s, their names for the
 * validity column. */
static void
score_validity(struct scorer *sc, const struct rec_reader *r)
{
	validity_names(validity_score(sc->validity,
	    validity_time_taken(r, &sc->time), &sc->s), &sc->failed);
}

/* load_file's record: a row with a cell it cannot read is still
 * written, so that its critical answers reach whoever reads the pipe. */
static int
score_row(void *ctx, struct rec_reader *r, const int *index)
{
	struct scorer *sc = ctx;
	size_t unreadable;

	(void)index;	/* the columns are sc->ac */
	unreadable = score_read(sc->in, &sc->ac, sc->o, r, &sc->s, NULL);
	if (*rec_field(r, (size_t)sc->ac.id) == '\0') {
		int answered = !score_blank(sc->in, &sc->s);
		diag_error(sc->d, rec_name(r), rec_line(r), rec_column(r,
		    (size_t)sc->ac.id), "missing%s", answered ? " (the "
		    "record is written without it: its answers may need an "
		    "adult)" : "");
		if (!answered) {
			sc->t->skipped++;
			return 0;
		}
	}
	if (unreadable > 0) {
		report_cells(sc->in, &sc->ac, sc->o, r, &sc->s, sc->t, sc->d);
		sc->t->partial++;
	}
	score_compute(sc->in, &sc->s);
	score_validity(sc, r);
	if (sc->in->norms != NULL) {
		struct norm_person p;

		norm_person_of(sc, r, &p);
		score_norm(sc->in, &p, &sc->s);
	}
	return write_score(sc, r);
}

static int
score_file(struct scorer *sc, const struct cli *c, const char *path)
{
	/* --format is the output's: in a pipe, what comes in is detected */
	struct load_file lf = {
		.path = path, .format = REC_AUTO, .encoding = c->encoding,
		.sheet = c->sheet, .diag = sc->d, .mapped = score_header, .row = score_row,
		.unsplit = score_unsplit, .ctx = sc
	};
	int rc;

	sc->mapped = 0;
	if ((rc = load_file(&lf)) == 0 && !sc->mapped)
		sc->t->files++;
	score_columns_free(&sc->ac);
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

/*
 * The validity checks of a score run: the policy's when one is named
 * (--policy, $PH_POLICY), else the defaults (the instrument's attention
 * items and consistency pairs): a pipe reads no file it was not given.
 * NULL after the policy's mistakes.
 */
static struct validity_plan *
validity_plan_of(const struct cli *c, const struct instrument *in)
{
	struct validity_rules rules;
	const struct policy *p;

	validity_rules_default(&rules);
	if (c->policy == NULL && getenv("PH_POLICY") == NULL)
		return validity_plan_new(in, &rules);
	if ((p = policy_of(c, 1)) == NULL)
		return NULL;
	return validity_plan_new(in, &p->validity);
}

/* The columns of numbers: each scale's score and normed score, and
 * missing. */
static void
numeric_columns(const struct instrument *in, struct rec_writer *w,
    char *const *cols, size_t ncols)
{
	size_t per = in->norms != NULL ? 3 : 2;

	for (size_t i = 1; i < ncols; i++)
		if (strcmp(cols[i], "missing") == 0 || (i < per *
		    in->nscales + 1 && (i - 1) % per != 1))
			rec_writer_numeric(w, i);
}

int
screen_score(const struct cli *c, const struct score_options *o,
    const char *instrument, char *const *files, int nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct score_tally tally = {0};
	struct scorer sc = { .o = o, .t = &tally };
	struct instrument *in;
	struct diag d;
	char **cols;
	size_t ncols;
	int rc, wrc;

	if ((rc = load_instrument(instrument, &in)) != 0)
		return rc;
	if ((sc.validity = validity_plan_of(c, in)) == NULL) {
		instrument_free(in);
		return EX_CONFIG;
	}
	sc.checks = validity_plan_checks(sc.validity, 1);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if (in->norms != NULL && (in->norms->by_grade ? o->grade_column ==
	    NULL : o->age_column == NULL && o->birth_column == NULL))
		warnx("%s has norms by %s: without %s its scores are raw",
		    in->id, in->norms->by_grade ? "grade" : "age",
		    in->norms->by_grade ? "--grade-column" : "--age-column or "
		    "--birth-column");
	diag_init(&d, c->max_errors);
	cols = score_columns(in, sc.checks, &ncols);
	sc.in = in;
	sc.d = &d;
	sc.w = io_writer(c, ncols, (const char *const *)cols);
	sc.v = xcalloc(ncols, sizeof(*sc.v));
	sc.num = xcalloc(in->nscales ? in->nscales : 1, sizeof(*sc.num));
	sc.normed = xcalloc(in->nscales ? in->nscales : 1,
	    sizeof(*sc.normed));
	clock_date(c->now, sc.today);
	score_result_init(&sc.s, in);
	numeric_columns(in, sc.w, cols, ncols);
	for (int f = 0; f < nfiles && rc == 0; f++)
		rc = score_file(&sc, c, files[f]);
	diag_finish(&d);
	wrc = io_writer_close(sc.w);
	rc = rc ? rc : wrc;
	for (size_t i = 0; i < ncols; i++)
		free(cols[i]);
	free(cols);
	FREE_ALL(sc.v, sc.num, sc.normed);
	validity_plan_free(sc.validity);
	buf_free(&sc.failed);
	buf_free(&sc.raw_why);
	score_result_free(&sc.s);
	instrument_free(in);
	if (rc == 0 && d.errors > 0) {
		summarise(&d, &tally);
		rc = EX_DATAERR;
	}
	return rc;
}

/* ph-screen columns: the header of one file, mapped as score would. */
struct column_report {
	const struct cli *c;
	const struct score_options *o;
	const struct instrument *in;
	struct diag d;
	int read;		/* the header was read */
	int mapped;		/* score_map_columns' result */
};

/* Each item's row, the person's id first: its column, the header there
 * and how it was found; each column used is marked in used. */
static int
write_item_columns(const struct column_report *cr, struct rec_writer *w,
    const struct rec_reader *r, const struct answer_columns *ac,
    unsigned char *used)
{
	static const char *const how[] = { "none", "id", "number", "text",
	    "map" };
	int id_mapped = 0;

	for (size_t m = 0; m < cr->o->nmap; m++)
		if (strncasecmp(cr->o->map[m], "id=", 3) == 0)
			id_mapped = 1;
	for (size_t i = 0; i <= cr->in->nitems; i++) {
		int col = i == 0 ? ac->id : ac->item[i - 1];
		char number[24];
		const char *v[4];

		snprintf(number, sizeof(number), "%d", col + 1);
		v[0] = i == 0 ? "id" : cr->in->items[i - 1].id;
		v[1] = col >= 0 ? number : NULL;
		v[2] = col >= 0 ? rec_column(r, (size_t)col) : NULL;
		if (i == 0)
			v[3] = col < 0 ? "none" : id_mapped ? "map" : "text";
		else
			v[3] = how[ac->how[i - 1]];
		if (col >= 0)
			used[col] = 1;
		if (rec_write(w, v) != 0)
			return EX_IOERR;
	}
	return 0;
}

/* Then the columns that answer nothing, to choose --map from. */
static int
write_spare_columns(struct rec_writer *w, const struct rec_reader *r,
    const unsigned char *used)
{
	for (size_t k = 0; k < rec_ncolumns(r); k++) {
		char number[24];
		const char *v[4] = { NULL, number, rec_column(r, k), "none" };

		if (used[k])
			continue;
		snprintf(number, sizeof(number), "%zu", k + 1);
		if (rec_write(w, v) != 0)
			return EX_IOERR;
	}
	return 0;
}

/* load_file's mapped callback: the whole report; no record is read. */
static int
columns_header(void *ctx, const struct rec_reader *r, const int *index)
{
	static const char *const cols[] = { "item", "column", "header",
	    "how" };
	struct column_report *cr = ctx;
	struct answer_columns ac = {0};
	unsigned char *used;
	struct rec_writer *w;
	int rc, wrc;

	(void)index;	/* mapped here */
	cr->read = 1;
	cr->mapped = score_map_columns(cr->in, r, cr->o, &ac, &cr->d);
	diag_finish(&cr->d);
	used = xcalloc(rec_ncolumns(r) + 1, 1);
	w = io_writer(cr->c, 4, cols);
	rec_writer_numeric(w, 1);
	if ((rc = write_item_columns(cr, w, r, &ac, used)) == 0)
		rc = write_spare_columns(w, r, used);
	wrc = io_writer_close(w);
	free(used);
	score_columns_free(&ac);
	rc = rc ? rc : wrc;
	return rc ? rc : -1;
}

int
screen_columns(const struct cli *c, const struct score_options *o,
    const char *instrument, const char *file)
{
	struct column_report cr = { .c = c, .o = o };
	struct load_file lf = {
		.path = file, .format = REC_AUTO, .encoding = c->encoding,
		.sheet = c->sheet, .diag = &cr.d, .mapped = columns_header, .ctx = &cr
	};
	struct instrument *in;
	int rc;

	if ((rc = load_instrument(instrument, &in)) != 0)
		return rc;
	cr.in = in;
	diag_init(&cr.d, c->max_errors);
	if ((rc = load_file(&lf)) == 0 && !cr.read) {
		diag_finish(&cr.d);
		rc = EX_DATAERR;
	}
	instrument_free(in);
	return rc ? rc : cr.mapped != 0 ? EX_DATAERR : 0;
}
