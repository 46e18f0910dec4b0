/*
 * ph-report: coverage and cards per unit over one database or many.  The
 * counts come from lib/counts.c, as ph-screen's do; the files' rows are
 * merged by unit path (a school's units live in its own file), so a
 * district gets one table with one total.
 */
#include "report.h"

#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "counts.h"
#include "clock.h"
#include "db.h"
#include "io.h"
#include "norm.h"
#include "policy.h"
#include "queries.h"
#include "rec.h"
#include "run_policy.h"
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* path, or the *.db files of the directory path, appended to list. */
static int
expand(const char *path, char ***list, size_t *n, size_t *cap)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	size_t first = *n;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*list = xgrow(*list, cap, *n + 1, sizeof(**list));
		(*list)[(*n)++] = xstrdup(path);
		return 0;
	}
	if ((d = opendir(path)) == NULL) {
		warn("%s", path);
		return EX_NOINPUT;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".db") != 0)
			continue;
		*list = xgrow(*list, cap, *n + 1, sizeof(**list));
		(*list)[(*n)++] = xasprintf("%s/%s", path, e->d_name);
	}
	closedir(d);
	if (*n == first) {
		warnx("%s: no .db file in this directory", path);
		return EX_NOINPUT;
	}
	qsort(*list + first, *n - first, sizeof(**list), by_name);
	return 0;
}

/*
 * Each file is held open for the whole report, with its WAL index:
 * three descriptors.  A district of two thousand schools passes the
 * usual soft limit of 1024, so the soft limit is raised as far as the
 * hard one allows, and a district past even that is refused, saying so,
 * before any file is opened.
 */
#define FDS_PER_FILE 3
#define FDS_SPARE 32

static int
enough_descriptors(size_t files)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)files * FDS_PER_FILE + FDS_SPARE;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		warn("getrlimit");
		return EX_OSERR;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
			warn("setrlimit");
			return EX_OSERR;
		}
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		warnx("%zu files need %llu open files, and this account may "
		    "open %llu (ulimit -Hn): raise the limit or report on "
		    "fewer files at once", files, (unsigned long long)want,
		    (unsigned long long)rl.rlim_cur);
		return EX_OSERR;
	}
	return 0;
}

int
report_open(struct report_dbs *r, char *const *paths, size_t n)
{
	char **list = NULL;
	size_t count = 0, cap = 0;
	struct strmap seen;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = expand(paths[i], &list, &count, &cap);
	if (rc == 0)
		rc = enough_descriptors(count);
	strmap_init(&seen);
	r->db = xcalloc(count + 1, sizeof(*r->db));
	r->path = xcalloc(count + 1, sizeof(*r->path));
	for (size_t i = 0; i < count; i++) {
		char *real = realpath(list[i], NULL);
		long long dummy;
		const char *key = real ? real : list[i];

		if (rc == 0 && !strmap_get(&seen, key, &dummy)) {
			strmap_put(&seen, key, 1);
			if ((rc = db_open_readonly(list[i],
			    &r->db[r->n])) == 0) {
				r->path[r->n++] = list[i];
				list[i] = NULL;
			}
		}
		free(real);
		free(list[i]);
	}
	free(list);
	strmap_free(&seen);
	if (rc != 0)
		report_close(r);
	return rc;
}

void
report_close(struct report_dbs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		db_close(r->db[i]);
		free(r->path[i]);
	}
	free(r->db);
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* Rows merged by unit path, in the order first seen. */
#define MAX_VALUES 5
struct table {
	struct strmap index;
	struct row {
		char *unit;	/* first: report_row's key */
		long long v[MAX_VALUES];
	} *rows;
	size_t n, cap, width;
};

size_t
report_row(struct strmap *index, void *rows, size_t *n, size_t *cap,
    size_t size, const char *key)
{
	void *grown;
	char *copy;
	long long i;

	if (strmap_get(index, key, &i))
		return (size_t)i;
	/* rows is the address of the caller's pointer to its rows, each
	 * row's key its first member */
	memcpy(&grown, rows, sizeof(grown));
	grown = xgrow(grown, cap, *n + 1, size);
	memset((char *)grown + *n * size, 0, size);
	copy = xstrdup(key);
	memcpy((char *)grown + *n * size, &copy, sizeof(copy));
	memcpy(rows, &grown, sizeof(grown));
	strmap_put(index, key, (long long)*n);
	return (*n)++;
}

int
report_done(struct rec_writer *w, int rc, int out)
{
	if (io_writer_close(w) != 0)
		out = 1;
	return rc ? rc : out ? EX_IOERR : 0;
}

static void
table_add(struct table *t, const char *unit, const long long *v)
{
	size_t i = report_row(&t->index, &t->rows, &t->n, &t->cap,
	    sizeof(*t->rows), unit);
	struct row *row = &t->rows[i];

	for (size_t k = 0; k < t->width; k++)
		row->v[k] += v[k];
}

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].unit);
	free(t->rows);
	strmap_free(&t->index);
}

int
report_term(const struct report_dbs *r, const char *code, time_t *now)
{
	for (size_t i = 0; i < r->n; i++) {
		sqlite3_stmt *st = db_prepare(r->db[i], sql_report_term_end);
		char *day = NULL, *last;
		time_t end;
		int found, rc;

		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		rc = db_text(r->db[i], st, &day);
		sqlite3_finalize(st);
		if (rc != 0 && rc != DB_NONE)
			return rc;
		if (rc == DB_NONE)
			continue;
		last = xasprintf("%s 23:59:59", day);
		found = clock_parse(last, &end) == 0;
		free(last);
		free(day);
		if (found) {
			/* a term under way is reported as of now */
			if (end < *now)
				*now = end;
			return 0;
		}
	}
	warnx("no term '%s' in %s (ph-schedule term set makes one)", code,
	    r->n == 1 ? r->path[0] : "any of the files");
	return EX_DATAERR;
}

int
report_unit_in(sqlite3 *db, const char *unit, char **path, long long *id)
{
	char *why = NULL;

	*path = NULL;
	*id = 0;
	if (unit == NULL)
		return 1;
	if (units_resolve(db, unit, id, path, &why) != 0) {
		free(*path);
		*path = NULL;
	}
	free(why);
	return *path != NULL;
}

/* Whether one file takes part (1 or 0, or minus a sysexits code): it has
 * the campaign (*id) and, when --unit names one, that unit (*path,
 * malloc'd; NULL for all).  *by: the level of the rows, --by, else the
 * unit's own, else the top units. */
static int
in_scope(sqlite3 *db, const struct report_opts *o, long long *id,
    char **path, char by[16])
{
	sqlite3_stmt *st;
	long long unit;
	char *kind = NULL;
	int rc;

	*path = NULL;
	snprintf(by, 16, "%s", o->by ? o->by : "top");
	if ((*id = counts_campaign(db, o->campaign, o->now)) < 0)
		return (int)*id;
	if (*id == 0)
		return 0;
	if (!report_unit_in(db, o->unit, path, &unit))
		return 0;
	if (*path != NULL && o->by == NULL) {
		st = db_prepare(db, sql_report_unit_kind);
		sqlite3_bind_int64(st, 1, unit);
		if ((rc = db_text(db, st, &kind)) == 0)
			snprintf(by, 16, "%s", kind);
		sqlite3_finalize(st);
		free(kind);
		if (rc != 0 && rc != DB_NONE) {
			free(*path);
			*path = NULL;
			return -rc;
		}
	}
	return 1;
}

/* After every file was asked in_scope: 0, or EX_DATAERR when none has
 * the campaign or none the unit (said once, for all of them). */
static int
scope_found(const struct report_dbs *r, const struct report_opts *o,
    long long campaigns, int unit_found)
{
	const char *where = r->n == 1 ? r->path[0] : "any of the databases";

	if (campaigns == 0 && o->campaign == NULL && o->none_ok)
		return 0;
	if (campaigns == 0) {
		if (o->campaign != NULL)
			warnx("no campaign '%s' in %s", o->campaign, where);
		else
			warnx("no campaign in %s", where);
		return EX_DATAERR;
	}
	if (!unit_found) {
		warnx("--unit %s: no such unit in %s", o->unit, where);
		return EX_DATAERR;
	}
	return 0;
}

typedef int (*counts_fn)(sqlite3 *, long long, const char *, const char *,
    struct counts *);

/* Fills t with the counts of every file. */
static int
gather(const struct report_dbs *r, const struct report_opts *o,
    counts_fn counts, struct table *t, long long *campaigns)
{
	int rc = 0, unit_found = o->unit == NULL;

	*campaigns = 0;
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		sqlite3 *db = r->db[i];
		long long id;
		char *path, by[16];
		struct counts k;
		int here = in_scope(db, o, &id, &path, by);

		if (here < 0) {
			rc = -here;
			break;
		}
		if (!here) {
			*campaigns += id != 0;
			continue;
		}
		(*campaigns)++;
		unit_found = 1;
		rc = o->flag != NULL && counts == counts_cards ?
		    counts_cards_flag(db, id, o->flag, path, by, &k) :
		    counts(db, id, path, by, &k);
		if (rc == 0)
			for (size_t j = 0; j < k.n; j++)
				table_add(t, k.rows[j].path, k.rows[j].v);
		counts_free(&k);
		free(path);
		/* a district's files one after the other: each file's pages
		 * go before the next is read */
		(void)sqlite3_db_release_memory(db);
	}
	return rc ? rc : scope_found(r, o, *campaigns, unit_found);
}

/* coverage --missing: each file's pupils not screened, once every file
 * has been found to have the campaign and the unit asked for. */
static int
coverage_missing(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "id", "name", "missing" };
	struct rec_writer *w;
	long long campaigns = 0;
	int rc, unit_found = o->unit == NULL, out = 0;

	for (size_t i = 0; i < r->n; i++) {
		long long id;
		char *path, by[16];
		int here = in_scope(r->db[i], o, &id, &path, by);

		if (here < 0)
			return -here;
		campaigns += id != 0;
		unit_found |= here;
		free(path);
	}
	if ((rc = scope_found(r, o, campaigns, unit_found)) != 0)
		return rc;
	w = io_writer(c, 4, cols);
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		long long id;
		char *path, by[16];
		sqlite3_stmt *st;

		if (in_scope(r->db[i], o, &id, &path, by) <= 0)
			continue;	/* read once already, above */
		st = counts_missing(r->db[i], id, path);
		while (db_row(r->db[i], st, &rc)) {
			const char *v[4] = { db_column_text(st, 0),
			    db_column_text(st, 1), db_column_text(st, 2),
			    db_column_text(st, 3) };
			if (rec_write(w, v) != 0)
				out = 1;
		}
		sqlite3_finalize(st);
		free(path);
	}
	return report_done(w, rc, out);
}

int
report_coverage(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "should", "screened",
	    "missing", "rate" };
	struct table t = { .width = 2 };
	struct rec_writer *w;
	long long campaigns, total[2] = { 0, 0 };
	int rc, out = 0;

	if (o->missing)
		return coverage_missing(r, c, o);
	strmap_init(&t.index);
	if ((rc = gather(r, o, counts_coverage, &t, &campaigns)) != 0) {
		table_free(&t);
		return rc;
	}
	w = io_writer(c, 5, cols);
	for (size_t i = 0; i <= t.n; i++) {
		const long long *v = i < t.n ? t.rows[i].v : total;
		char should[24], screened[24], missing[24], rate[16];
		const char *f[5] = { i < t.n ? t.rows[i].unit : "total", should,
		    screened, missing, rate };

		snprintf(should, sizeof(should), "%lld", v[0]);
		snprintf(screened, sizeof(screened), "%lld", v[1]);
		snprintf(missing, sizeof(missing), "%lld", v[0] - v[1]);
		counts_rate(v[1], v[0], rate);
		if (rec_write(w, f) != 0)
			out = 1;
		if (i < t.n) {
			total[0] += v[0];
			total[1] += v[1];
		}
	}
	if (io_writer_close(w) != 0)
		out = 1;
	table_free(&t);
	return out ? EX_IOERR : 0;
}

/* One table of cards (of one special group when o->flag) into w, with
 * the group's name in the first column when flag_column. */
static int
cards_rows(const struct report_dbs *r, const struct report_opts *o,
    struct rec_writer *w, const char *flag_column, int *out)
{
	struct table t = { .width = 5 };
	long long campaigns, total[5] = { 0 };
	int rc, off = flag_column != NULL;

	strmap_init(&t.index);
	if ((rc = gather(r, o, counts_cards, &t, &campaigns)) != 0) {
		table_free(&t);
		return rc;
	}
	for (size_t i = 0; i <= t.n; i++) {
		const long long *v = i < t.n ? t.rows[i].v : total;
		char num[5][24], share[3][16];
		const char *f[10] = { i < t.n ? t.rows[i].unit : "total",
		    flag_column, num[0], num[1], num[2], num[3], num[4],
		    share[0], share[1], share[2] };

		if (!off)	/* no group column: close the gap */
			memmove(&f[1], &f[2], 8 * sizeof(*f));
		for (int k = 0; k < 5; k++)
			snprintf(num[k], sizeof(num[k]), "%lld", v[k]);
		for (int k = 0; k < 3; k++)
			counts_rate(v[k + 1], v[0], share[k]);
		if (rec_write(w, f) != 0)
			*out = 1;
		for (int k = 0; i < t.n && k < 5; k++)
			total[k] += v[k];
	}
	table_free(&t);
	return 0;
}

int
report_cards(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o)
{
	static const char *const cols[] = { "unit", "screened", "red",
	    "yellow", "blue", "none", "red_share", "yellow_share",
	    "blue_share" };
	static const char *const fcols[] = { "unit", "group", "screened",
	    "red", "yellow", "blue", "none", "red_share", "yellow_share",
	    "blue_share" };
	struct rec_writer *w;
	int rc = 0, out = 0;

	if (!o->flags) {
		w = io_writer(c, 9, cols);
		rc = cards_rows(r, o, w, NULL, &out);
	} else {
		/* each special group in turn, among the people in it now */
		struct report_opts one = *o;

		w = io_writer(c, 10, fcols);
		for (int k = 0; k < FLAG_COUNT && rc == 0; k++) {
			one.flag = norm_flag_key(k);
			rc = cards_rows(r, &one, w, norm_flag_zh(k), &out);
		}
	}
	return report_done(w, rc, out);
}

/*
 * upward: coverage and cards per unit with no name, id or free text, and
 * small cells suppressed (report_suppress): a row's screened is the sum
 * of its four colours, and the last row the total of the units.
 */
enum { U_SHOULD, U_SCREENED, U_RED, U_YELLOW, U_BLUE, U_NONE, U_COLS };

int
report_upward(const struct report_dbs *r, const struct cli *c,
    const struct report_opts *o, long long min_cell)
{
	static const char *const cols[] = { "unit", "should", "screened",
	    "rate", "red", "yellow", "blue", "none" };
	static const unsigned char every[U_COLS] = { 1, 1, 1, 1, 1, 1 };
	struct table cov = { .width = 2 }, cards = { .width = 5 };
	/* a reader knows that no more are screened than should be */
	static const int order[][2] = { { U_SCREENED, U_SHOULD } };
	struct suppress_grid g = { NULL, NULL, 0, U_COLS, every, U_SCREENED,
	    U_NONE, order, 1 };
	struct rec_writer *w;
	long long campaigns;
	char small[24];
	int rc, out = 0;

	strmap_init(&cov.index);
	strmap_init(&cards.index);
	if ((rc = gather(r, o, counts_coverage, &cov, &campaigns)) != 0 ||
	    (rc = gather(r, o, counts_cards, &cards, &campaigns)) != 0) {
		table_free(&cov);
		table_free(&cards);
		return rc;
	}
	g.rows = cov.n + 1;
	g.cols = U_COLS;
	g.v = xcalloc(g.rows * U_COLS, sizeof(*g.v));
	for (size_t i = 0; i < cov.n; i++) {
		long long *v = g.v + i * U_COLS, k;

		v[U_SHOULD] = cov.rows[i].v[0];
		v[U_SCREENED] = cov.rows[i].v[1];
		if (strmap_get(&cards.index, cov.rows[i].unit, &k))
			for (int j = 0; j < 4; j++)
				v[U_RED + j] = cards.rows[k].v[1 + j];
		for (int j = 0; j < U_COLS; j++)
			g.v[cov.n * U_COLS + j] += v[j];
	}
	report_suppress(&g, min_cell);
	snprintf(small, sizeof(small), "<%lld", min_cell);
	w = io_writer(c, 8, cols);
	for (size_t i = 0; i < g.rows; i++) {
		const long long *v = g.v + i * U_COLS;
		const unsigned char *hidden = g.hidden + i * U_COLS;
		char num[U_COLS][24], rate[24];
		const char *f[8];

		for (int j = 0; j < U_COLS; j++)
			snprintf(num[j], sizeof(num[j]), "%lld", v[j]);
		/* whole percent, and none where it would give a hidden cell
		 * back */
		if (hidden[U_SHOULD] || hidden[U_SCREENED] || v[U_SHOULD] == 0)
			snprintf(rate, sizeof(rate), "-");
		else
			snprintf(rate, sizeof(rate), "%lld%%",
			    (v[U_SCREENED] * 200 + v[U_SHOULD]) /
			    (v[U_SHOULD] * 2));
		f[0] = i < cov.n ? cov.rows[i].unit : "total";
		f[1] = report_shown(hidden[U_SHOULD], small, num[U_SHOULD]);
		f[2] = report_shown(hidden[U_SCREENED], small, num[U_SCREENED]);
		f[3] = rate;
		for (int j = U_RED; j <= U_NONE; j++)
			f[j + 2] = report_shown(hidden[j], small, num[j]);
		if (rec_write(w, f) != 0)
			out = 1;
	}
	if (io_writer_close(w) != 0)
		out = 1;
	free(g.v);
	free(g.hidden);
	table_free(&cov);
	table_free(&cards);
	return out ? EX_IOERR : 0;
}

int
report_min_cell(const struct cli *c, long *min_cell)
{
	const struct policy *p = policy_of(c, 0);

	/* its range (3 to 1000: "<2" would say 1) is the policy's to check */
	if (p == NULL)
		return EX_CONFIG;
	*min_cell = (long)p->numbers.min_cell;
	return 0;
}

int
report_figures(const struct report_dbs *r, const struct report_opts *o,
    struct report_figures *f)
{
	struct table cov = { .width = 2 }, cards = { .width = 5 };
	long long campaigns = 0;
	int rc;

	memset(f, 0, sizeof(*f));
	strmap_init(&cov.index);
	strmap_init(&cards.index);
	if ((rc = gather(r, o, counts_coverage, &cov, &campaigns)) == 0 &&
	    (rc = gather(r, o, counts_cards, &cards, &campaigns)) == 0) {
		f->campaigns = campaigns;
		f->n = cov.n;
		f->unit = xcalloc(cov.n + 1, sizeof(*f->unit));
		f->v = xcalloc(cov.n + 1, sizeof(*f->v));
		for (size_t i = 0; i < cov.n; i++) {
			long long k;

			f->unit[i] = xstrdup(cov.rows[i].unit);
			f->v[i][0] = cov.rows[i].v[0];
			f->v[i][1] = cov.rows[i].v[1];
			if (strmap_get(&cards.index, cov.rows[i].unit, &k))
				for (int j = 0; j < 5; j++)
					f->v[i][2 + j] = cards.rows[k].v[j];
		}
	}
	table_free(&cov);
	table_free(&cards);
	return rc;
}

void
report_figures_free(struct report_figures *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->unit[i]);
	free(f->unit);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
