/*
 * raise [FILE...]: the alerts of ph-screen score records in a pipe (id,
 * critical, critical_note, card).  A record that cannot be read or
 * matched is listed and passed over: the next one may be a pupil who
 * needs an adult; a critical answer from someone not on the roster goes
 * to the counsellor of every school.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "db.h"
#include "diag.h"
#include "io.h"
#include "policy.h"
#include "xalloc.h"

/* Where a score record's fields are: -1 when absent. */
struct score_columns {
	long id, critical, note, card;
};

/* One file's records. */
struct records {
	struct raiser *a;
	struct diag *d;
	struct rec_reader *r;
	const char *name;
	struct score_columns col;
};

/* Finds the columns of r's header: 1 when they are score records. */
static int
score_columns(struct records *x)
{
	struct rec_reader *r = x->r;
	struct score_columns *col = &x->col;
	int usable;

	col->id = col->critical = col->note = col->card = -1;
	for (size_t i = 0; i < rec_ncolumns(r); i++) {
		const char *h = rec_column(r, i);
		if (strcmp(h, "id") == 0 || strcmp(h, "学号") == 0 ||
		    strcmp(h, "工号") == 0)
			col->id = (long)i;
		else if (strcmp(h, "critical") == 0)
			col->critical = (long)i;
		else if (strcmp(h, "critical_note") == 0)
			col->note = (long)i;
		else if (strcmp(h, "card") == 0)
			col->card = (long)i;
	}
	usable = col->id >= 0 && (col->critical >= 0 || col->card >= 0);
	if (rec_ncolumns(r) > 0 && !usable)
		diag_error(x->d, x->name, 1, NULL, "expected ph-screen score "
		    "records: an id column and critical or card");
	return usable;
}

/* The field of column i, or "" when the records have none. */
static const char *
field(const struct records *x, long i)
{
	return i >= 0 ? rec_field(x->r, (size_t)i) : "";
}

/* A score record from someone not on the roster, in a pipe: its
 * critical answer or red card goes to the counsellor of every school. */
static int
raise_unknown(struct records *x, const char *no, const char *critical,
    const char *source)
{
	/* no number at all: the record's place says who it is */
	struct who w = { 0, "student", 0, 0, *no ? no : source, 0 };
	const char *note = x->col.note >= 0 ? field(x, x->col.note) : critical;
	char card[16], *reason;
	const char *key;
	int rc, color = CARD_NONE;

	if (x->col.card >= 0 && card_color_parse(field(x, x->col.card),
	    &color) != 0)
		color = CARD_NONE;
	key = alert_key(x->a->router.policy, color, *critical != '\0', card);
	if (key != NULL) {
		reason = xasprintf("不在名册的作答者 %s: %s", w.respondent,
		    key == card ? card_color_zh(color) : "关键条目需跟进");
		rc = alert_raise_each_school(x->a, &w, 0, key, source, reason,
		    *note ? note : NULL);
		free(reason);
	} else
		rc = 0;
	diag_error(x->d, x->name, rec_line(x->r), rec_column(x->r,
	    (size_t)x->col.id), "'%s' is not on the roster%s", no,
	    *critical != '\0' || color == CARD_RED ? " (its critical answer "
	    "went to each school's counsellor)" : "");
	return rc;
}

/* The alert one record of someone on the roster calls for. */
static int
raise_known(struct records *x, const struct who *w, const char *no,
    const char *unit, const char *critical, const char *source)
{
	const char *note = x->col.note >= 0 ? field(x, x->col.note) : critical;
	const char *cardtext = field(x, x->col.card), *key;
	char card[16];
	int color = CARD_NONE;

	if (*cardtext && card_color_parse(cardtext, &color) != 0) {
		diag_error(x->d, x->name, rec_line(x->r), "card", "'%s' is "
		    "no colour", cardtext);
		return 0;
	}
	key = alert_key(x->a->router.policy, color, *critical != '\0', card);
	if (key == card)
		return alert_raise_one(x->a, w, no, unit, key, source,
		    card_color_zh(color), *note ? note : NULL);
	if (key != NULL)
		return alert_raise_one(x->a, w, no, unit, key, source,
		    "关键条目需跟进", note);
	return 0;
}

static int
raise_record(struct records *x)
{
	const char *no = field(x, x->col.id);
	const char *critical = field(x, x->col.critical);
	char *source = xasprintf("%s:%zu", x->name, rec_line(x->r));
	char *unit = NULL;
	struct who w = {0};
	int rc = alert_find_person(x->a, no, &w, &unit);

	if (rc == DB_NONE)
		rc = raise_unknown(x, no, critical, source);
	else if (rc == 0)
		rc = raise_known(x, &w, no, unit, critical, source);
	free(unit);
	free(source);
	return rc;
}

/* One file's records: 0 (what could not be read is in d), or a code. */
static int
raise_file(struct raiser *a, struct diag *d, const char *path,
    enum rec_encoding encoding, const char *sheet)
{
	FILE *fp = io_open_input(path);
	struct records x = { a, d, NULL, io_input_name(path), { -1, -1, -1,
	    -1 } };
	int got, usable, rc = 0;

	if (fp == NULL)
		return EX_NOINPUT;
	x.r = rec_reader_new(fp, x.name, REC_AUTO, encoding);
	rec_reader_sheet(x.r, sheet);
	got = rec_read_header(x.r);
	x.name = rec_name(x.r);	/* a workbook's is FILE:SHEET */
	if (got != 0)
		diag_error(d, x.name, rec_line(x.r), NULL, "%s",
		    rec_error(x.r));
	usable = score_columns(&x);
	/* a bad record is listed and passed over: the next one may be a
	 * pupil who needs an adult */
	while (usable && rc == 0 && (got = rec_read(x.r)) != 0) {
		if (got > 0) {
			rc = raise_record(&x);
			continue;
		}
		diag_error(d, x.name, rec_line(x.r), NULL, "%s",
		    rec_error(x.r));
		if (got == -2)
			break;
	}
	rec_reader_free(x.r);
	io_close_input(fp);
	return rc;
}

int
alert_raise_records(sqlite3 *db, const struct cli *c,
    const struct alert_policy *p, char *const *files, int nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct raiser a;
	struct diag d;
	int rc;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	rc = alert_raiser_init(&a, db, c, p, NULL);
	diag_init(&d, c->max_errors);
	for (int f = 0; f < nfiles && rc == 0; f++)
		rc = raise_file(&a, &d, files[f], c->encoding,
		    c->sheet);
	diag_finish(&d);
	/* the alerts of the records that could be read stand: a wrong
	 * number on one line must not silence the others */
	rc = alert_raise_finish(db, c, &a, rc, "records");
	if (rc == 0 && d.errors > 0) {
		warnx("%ld record%s could not be matched to the roster or read; "
		    "the alerts of the others were raised", d.errors,
		    d.errors == 1 ? "" : "s");
		rc = EX_DATAERR;
	}
	return rc;
}
