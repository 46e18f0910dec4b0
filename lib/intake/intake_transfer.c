/*
 * A person's archive (一生一档) moves with them: transfer out writes all
 * the database holds about one person as JSONL, transfer in loads it
 * into another school's database.  The archive is a list of sections, one
 * query each, so that a later program adds its screenings or cases by
 * adding a section here.
 */
#include "intake.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "diag.h"
#include "load.h"
#include "norm.h"
#include "people.h"
#include "queries.h"
#include "units.h"
#include "xalloc.h"

#define ARCHIVE_VERSION 1

/* Each section: a record type and the query giving its records for the
 * person whose id is ?1.  Column names are the record's keys. */
static const struct section {
	const char *type;
	const char *sql;
} sections[] = {
	{ "person", sql_intake_archive_person },
	{ "flag", sql_intake_archive_flags },
	{ "contact", sql_intake_archive_contacts },
	{ "role", sql_intake_archive_roles },
	{ "response", sql_intake_archive_responses },
	{ "card", sql_intake_archive_cards },
	{ "case", sql_intake_archive_cases },
};

/* One JSON object per record, "type" first. */
static int
write_record(FILE *out, const char *type, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	const char **names = xcalloc((size_t)n + 1, sizeof(*names));
	const char **values = xcalloc((size_t)n + 1, sizeof(*values));
	struct rec_writer *w;
	int rc;

	names[0] = "type";
	values[0] = type;
	for (int i = 0; i < n; i++) {
		names[i + 1] = sqlite3_column_name(st, i);
		values[i + 1] = (const char *)sqlite3_column_text(st, i);
	}
	w = rec_writer_new(out, REC_JSONL, (size_t)n + 1, names);
	for (int i = 0; i < n; i++)
		if (strcmp(names[i + 1], "raw") == 0 ||
		    strcmp(names[i + 1], "scores") == 0)
			rec_writer_json(w, (size_t)i + 1);
	rc = rec_write(w, values);
	if (rec_writer_free(w) != 0)
		rc = -1;
	free(names);
	free(values);
	return rc;
}

/* The person to transfer: 0 with *id and *school (malloc'd: the top of
 * their unit's tree) set, EX_DATAERR after a message when there is
 * nobody with that number, or the code of a failed step. */
static int
find_person(sqlite3 *db, const char *person_no, long long *id,
    char **school)
{
	sqlite3_stmt *find = db_prepare(db, sql_intake_transfer_find);
	int rc;

	sqlite3_bind_text(find, 1, person_no, -1, SQLITE_STATIC);
	if (db_row_or_warn(db, find, &rc, "no person '%s'", person_no)) {
		*id = sqlite3_column_int64(find, 0);
		*school = xstrdup(db_column_text(find, 2));
		if (strcmp(db_column_text(find, 1), "transferred") == 0)
			fprintf(stderr, "ph-intake: %s was already transferred "
			    "out; writing the archive again\n", person_no);
	}
	sqlite3_finalize(find);
	return rc;
}

/* The archive's first record: what it is, and where it comes from. */
static int
write_head(sqlite3 *db, const struct cli *c, FILE *mem,
    const char *person_no, const char *school)
{
	sqlite3_stmt *head = db_prepare(db, sql_intake_transfer_head);
	char stamp[32];
	int rc = 0;

	clock_timestamp(c->now, stamp);
	sqlite3_bind_int(head, 2, ARCHIVE_VERSION);
	sqlite3_bind_int(head, 3, db_schema_version());
	sqlite3_bind_text(head, 4, person_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 5, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 6, school, -1, SQLITE_STATIC);
	if (!db_row(db, head, &rc) ||
	    write_record(mem, "ph-archive", head) != 0)
		rc = rc ? rc : EX_SOFTWARE;
	sqlite3_finalize(head);
	return rc;
}

/* Every section's records of person id. */
static int
write_sections(sqlite3 *db, FILE *mem, long long id)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(sections) / sizeof(*sections);
	    i++) {
		sqlite3_stmt *st = db_prepare(db, sections[i].sql);

		sqlite3_bind_int64(st, 1, id);
		while (rc == 0 && db_row(db, st, &rc))
			if (write_record(mem, sections[i].type, st) != 0)
				rc = EX_SOFTWARE;
		sqlite3_finalize(st);
	}
	return rc;
}

/* The whole archive of person id, written to out only when it is
 * complete. */
static int
write_archive(sqlite3 *db, const struct cli *c, const char *person_no,
    long long id, const char *school, FILE *out)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (mem == NULL)
		err(EX_OSERR, "open_memstream");
	if ((rc = write_head(db, c, mem, person_no, school)) == 0)
		rc = write_sections(db, mem, id);
	if (fclose(mem) != 0 && rc == 0)
		rc = EX_OSERR;
	if (rc == 0 && (fwrite(text, 1, len, out) != len || fflush(out) != 0 ||
	    ferror(out))) {
		warn("writing the archive");
		rc = EX_IOERR;
	}
	free(text);
	return rc;
}

static int
mark_transferred(sqlite3 *db, const struct cli *c, const char *person_no,
    long long id)
{
	sqlite3_stmt *mark = db_prepare(db, sql_intake_transfer_mark);
	struct audit *audit;
	int rc;

	sqlite3_bind_int64(mark, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int64(mark, 2, id);
	rc = db_run_once(db, mark);
	if (rc != 0)
		return rc;
	audit = audit_new(db, c->now, c->actor);
	rc = audit_append(audit, "person.transfer_out", person_no,
	    "archive written");
	audit_free(audit);
	return rc;
}

int
intake_transfer_out(sqlite3 *db, const struct cli *c, const char *person_no,
    FILE *out)
{
	char *school = NULL;
	long long id = 0;
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	/* The whole archive in memory first: the person is marked only
	 * when it has been written out completely. */
	if ((rc = find_person(db, person_no, &id, &school)) == 0 &&
	    (rc = write_archive(db, c, person_no, id, school, out)) == 0)
		rc = mark_transferred(db, c, person_no, id);
	free(school);
	return db_end(db, rc);
}

/* Reading an archive: fields by key. */
struct archive {
	struct rec_reader *r;
	struct diag *diag;
};

static const char *
get(const struct archive *a, const char *key)
{
	for (size_t i = 0; i < rec_ncolumns(a->r); i++)
		if (strcmp(rec_column(a->r, i), key) == 0)
			return rec_field(a->r, i);
	return "";
}

/*
 * Binds the record's fields named in keys (separated by spaces) to the
 * parameters from first on: as text, or as NULL when empty for a key
 * written "?key".
 */
static void
bind_keys(const struct archive *a, sqlite3_stmt *st, int first,
    const char *keys)
{
	char key[32];

	for (const char *p = keys; *p != '\0'; first++) {
		size_t n = strcspn(p, " ");
		int or_null = *p == '?';

		snprintf(key, sizeof(key), "%.*s", (int)n - or_null,
		    p + or_null);
		if (or_null)
			db_bind_text_or_null(st, first, get(a, key));
		else
			sqlite3_bind_text(st, first, get(a, key), -1,
			    SQLITE_STATIC);
		p += n;
		p += strspn(p, " ");
	}
}

struct importer {
	sqlite3 *db;
	const struct cli *cli;
	struct archive a;
	struct audit *audit;
	const char *file;
	const char *unit_option;
	long long person, contact;
	char *person_no, *name, *unit_path;
	int persons;		/* person records read, good or bad */
	long flags, roles, responses, cards, cases;
	char stamp[32];
	/* the person's responses here, in the archive's order */
	long long *response_ids;
	size_t nresponses, response_cap;
};

/* An error of the record being read. */
static void
record_error(struct importer *im, const char *column, const char *what)
{
	diag_error(im->a.diag, im->file, rec_line(im->a.r), column, "%s", what);
}

/* Why value is not a date as transfer out writes it (a real calendar
 * date as the roster reads it, YYYY-MM-DD), malloc'd, or NULL. */
static char *
bad_date(const char *value)
{
	char day[11], *why;

	if (norm_date(value, day, &why) == 0 && strcmp(day, value) != 0)
		why = xasprintf("date '%s' is not written YYYY-MM-DD", value);
	return why;
}

/* Why value is not a time as transfer out writes it (seconds since the
 * epoch), malloc'd, or NULL. */
static char *
bad_stamp(const char *value)
{
	char *end;
	long long t = strtoll(value, &end, 10);

	if (*end != '\0' || t < 0 || t > 4102444800LL)	/* 2100 */
		return xasprintf("'%s' is not a time (seconds since 1970)",
		    value);
	return NULL;
}

/*
 * The record's fields named in keys (separated by spaces), those it
 * gives, checked by bad: 1 when all are good, else 0 after the record's
 * error for each that is not.
 */
static int
fields_ok(struct importer *im, const char *keys, char *(*bad)(const char *))
{
	char key[32], *why;
	const char *value;
	int ok = 1;

	for (const char *p = keys; *p != '\0'; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");

		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		p += n;
		if (*(value = get(&im->a, key)) == '\0' ||
		    (why = bad(value)) == NULL)
			continue;
		record_error(im, key, why);
		free(why);
		ok = 0;
	}
	return ok;
}

/*
 * Runs st, prepared for this record, which writes what the record says,
 * then finalizes it (each statement of an import runs once): 1 when it
 * ran, else 0 with *rc set.  What the database refuses of the record (a
 * constraint) is the record's error, and the load goes on (*rc 0); any
 * other failure stops it (*rc its code).
 */
static int
run_once(struct importer *im, sqlite3_stmt *st, const char *column,
    int *rc)
{
	int ran = (*rc = db_run_record(im->db, st)) == 0;

	if (*rc == DB_REFUSED) {
		record_error(im, column, sqlite3_errmsg(im->db));
		*rc = 0;
	}
	sqlite3_finalize(st);
	return ran;
}

/* The id of the unit at path here: 0 with *id set (0 for none), or the
 * code of a failed step. */
static int
unit_at(sqlite3 *db, const char *path, long long *id)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (*path == '\0')
		return 0;
	st = db_prepare(db, sql_intake_unit_by_path);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = db_int_or_zero(db, st, id);
	sqlite3_finalize(st);
	return rc;
}

/* Whether the record can be the person (*ok): the first, with its
 * number, name and kind, and nobody active here has the number (else its
 * error).  0, or the code of a failed step. */
static int
person_ok(struct importer *im, const char *no, int *ok)
{
	const char *kind = get(&im->a, "kind");
	sqlite3_stmt *st;
	char *status = NULL;
	int rc;

	*ok = 0;
	/* after a bad one too: its unit is taken already */
	if (im->persons++ > 0) {
		record_error(im, NULL, "a second person in one archive");
		return 0;
	}
	if (*no == '\0' || *get(&im->a, "name") == '\0' ||
	    (strcmp(kind, "student") != 0 && strcmp(kind, "staff") != 0)) {
		record_error(im, NULL, "a person needs person_no, name and "
		    "kind");
		return 0;
	}
	st = db_prepare(im->db, sql_intake_transfer_status);
	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	rc = db_text(im->db, st, &status);
	sqlite3_finalize(st);
	if (rc == 0 && strcmp(status, "active") == 0)
		diag_error(im->a.diag, im->file, rec_line(im->a.r), "person_no",
		    "'%s' is already on this roster", no);
	else if (rc <= 0)
		*ok = 1;
	free(status);
	return rc == DB_NONE ? 0 : rc;
}

/* Where the person goes: --unit, else the archive's unit when this
 * database has it, else nowhere yet (a warning).  0 with *unit set
 * (-1 after the error of a --unit that is not here), or a code. */
static int
person_unit(struct importer *im, long long *unit)
{
	struct archive *a = &im->a;
	char *why = NULL;
	int rc;

	if (im->unit_option != NULL) {
		if (units_resolve(im->db, im->unit_option, unit,
		    &im->unit_path, &why) != 0) {
			diag_error(a->diag, NULL, 0, "--unit", "%s", why);
			free(why);
			*unit = -1;
		}
		return 0;
	}
	if ((rc = unit_at(im->db, get(a, "unit"), unit)) != 0)
		return rc;
	if (*unit != 0)
		im->unit_path = xstrdup(get(a, "unit"));
	else
		diag_warning(a->diag, im->file, rec_line(a->r), NULL, "no unit "
		    "'%s' here: %s is on no class until a roster or --unit "
		    "places them", get(a, "unit"), get(a, "person_no"));
	return 0;
}

/* The person's row: new here, or back again. */
static int
upsert_person(struct importer *im, long long unit, long long dorm, int *rc)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db, sql_intake_transfer_person);

	bind_keys(a, st, 1, "person_no kind name ?sex ?birth_date");
	if (unit > 0)
		sqlite3_bind_int64(st, 6, unit);
	if (dorm > 0)
		sqlite3_bind_int64(st, 7, dorm);
	bind_keys(a, st, 8, "?guardian ?guardian_phone ?phone ?email "
	    "?position");
	sqlite3_bind_int(st, 13, strcmp(get(a, "new_hire"), "1") == 0);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)im->cli->now);
	return run_once(im, st, NULL, rc);
}

static int
import_person(struct importer *im)
{
	struct archive *a = &im->a;
	const char *no = get(a, "person_no");
	long long unit = 0, dorm;
	int rc, ok;

	/* read on after a bad date (nothing is kept): the person's other
	 * records are checked too */
	(void)fields_ok(im, "birth_date", bad_date);
	if ((rc = person_ok(im, no, &ok)) != 0 || !ok ||
	    (rc = person_unit(im, &unit)) != 0 || unit < 0 ||
	    (rc = unit_at(im->db, get(a, "dormitory"), &dorm)) != 0 ||
	    !upsert_person(im, unit, dorm, &rc))
		return rc;
	if ((rc = people_find(im->db, no, &im->person)) == DB_NONE)
		rc = 0;
	im->person_no = xstrdup(no);
	im->name = xstrdup(get(a, "name"));
	return rc;
}

static int
import_flag(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc;

	if (!fields_ok(im, "since until", bad_date))
		return 0;
	st = db_prepare(im->db, sql_intake_transfer_flag);
	sqlite3_bind_int64(st, 1, im->person);
	bind_keys(a, st, 2, "flag source since ?until ?note");
	if (run_once(im, st, "flag", &rc))
		im->flags++;
	return rc;
}

static int
import_contact(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(im->db, sql_intake_contact_of_person);
	sqlite3_bind_int64(st, 1, im->person);
	rc = db_int_once(im->db, st, &im->contact);
	if (rc != DB_NONE)
		return rc;	/* a returning monitor: the contact is here */
	st = db_prepare(im->db, sql_intake_contact_add);
	bind_keys(a, st, 1, "name ?sex ?phone ?email");
	sqlite3_bind_int64(st, 5, im->person);
	sqlite3_bind_text(st, 6, im->stamp, -1, SQLITE_STATIC);
	if (run_once(im, st, "contact", &rc))
		im->contact = sqlite3_last_insert_rowid(im->db);
	return rc;
}

static int
import_role(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	long long unit;
	int rc;

	if (!fields_ok(im, "since until", bad_date))
		return 0;
	if ((rc = unit_at(im->db, get(a, "unit"), &unit)) != 0)
		return rc;
	if (im->contact == 0) {
		record_error(im, NULL, "a role before its contact");
		return 0;
	}
	if (unit == 0) {
		diag_warning(a->diag, im->file, rec_line(a->r), NULL, "role %s "
		    "of '%s' not restored: no unit '%s' here", get(a, "role"),
		    get(a, "contact"), get(a, "unit"));
		return 0;
	}
	st = db_prepare(im->db, sql_intake_transfer_role);
	sqlite3_bind_int64(st, 1, unit);
	bind_keys(a, st, 2, "role");
	sqlite3_bind_int64(st, 3, im->contact);
	bind_keys(a, st, 4, "since ?until");
	if (run_once(im, st, "role", &rc))
		im->roles++;
	return rc;
}

static void
remember_response(struct importer *im, long long id)
{
	im->response_ids = xgrow(im->response_ids, &im->response_cap,
	    im->nresponses + 1, sizeof(*im->response_ids));
	im->response_ids[im->nresponses++] = id;
}

/* The response's campaign here, made when this database has none of its
 * code: 0 with *campaign set (0 after the record's error), or a code. */
static int
response_campaign(struct importer *im, long long *campaign)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db, sql_intake_transfer_campaign);
	int rc, ran;

	*campaign = 0;
	if (!fields_ok(im, "date_from date_to", bad_date) ||
	    !fields_ok(im, "imported_at", bad_stamp)) {
		sqlite3_finalize(st);
		return 0;
	}
	bind_keys(a, st, 1, "campaign date_from date_to");
	sqlite3_bind_text(st, 4, im->stamp, -1, SQLITE_STATIC);
	ran = run_once(im, st, "campaign", &rc);
	if (!ran)
		return rc;
	st = db_prepare(im->db, sql_intake_transfer_campaign_id);
	bind_keys(a, st, 1, "campaign");
	if ((rc = db_int(im->db, st, campaign)) == DB_NONE) {
		record_error(im, "campaign", sqlite3_errmsg(im->db));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Whether the person's response is here already (a returning pupil):
 * 0 with *here set, or a code. */
static int
response_here(struct importer *im, long long campaign, int *here)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db,
	    sql_intake_transfer_response_here);
	long long id;
	int rc;

	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_int64(st, 2, im->person);
	bind_keys(a, st, 3, "instrument source");
	sqlite3_bind_int64(st, 5, atoll(get(a, "imported_at")));
	rc = db_int_once(im->db, st, &id);
	if ((*here = rc == 0))
		remember_response(im, id);
	return rc == DB_NONE ? 0 : rc;
}

/* The file a response came from, with the header its raw record gives. */
static int
add_response_file(struct importer *im, long long campaign, int *rc)
{
	struct archive *a = &im->a;
	sqlite3_stmt *f = db_prepare(im->db, sql_intake_transfer_response_file);

	sqlite3_bind_int64(f, 1, campaign);
	bind_keys(a, f, 2, "source raw");
	sqlite3_bind_int64(f, 4, atoll(get(a, "imported_at")));
	bind_keys(a, f, 5, "?sha256 ?policy");
	return run_once(im, f, "response", rc);
}

/* The response itself, in the file just added. */
static int
add_response(struct importer *im, long long campaign, int *rc)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db, sql_intake_transfer_response);
	int ran;

	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_int64(st, 2, im->person);
	bind_keys(a, st, 3, "instrument source raw scores ?critical "
	    "?critical_note");
	sqlite3_bind_int64(st, 9, atoll(get(a, "missing")));
	sqlite3_bind_int(st, 10, atoi(get(a, "valid")) != 0);
	bind_keys(a, st, 11, "?reason");
	sqlite3_bind_int(st, 12, atoi(get(a, "latest")) != 0);
	sqlite3_bind_int64(st, 13, atoll(get(a, "imported_at")));
	bind_keys(a, st, 14, "?card ?card_reasons");
	if ((ran = run_once(im, st, "response", rc)) != 0) {
		remember_response(im, sqlite3_last_insert_rowid(im->db));
		im->responses++;
	}
	return ran;
}

/* A screening from another school: under a campaign of the same code,
 * made here when this database has none. */
static int
import_response(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	long long campaign;
	int rc, here;

	if ((rc = response_campaign(im, &campaign)) != 0 || campaign == 0)
		return rc;
	st = db_prepare(im->db, sql_intake_transfer_campaign_instrument);
	sqlite3_bind_int64(st, 1, campaign);
	bind_keys(a, st, 2, "instrument");
	here = run_once(im, st, "response", &rc);
	/* a returning pupil may bring responses this database has */
	if (!here || (rc = response_here(im, campaign, &here)) != 0 || here)
		return rc;
	if (add_response_file(im, campaign, &rc))
		add_response(im, campaign, &rc);
	return rc;
}

/* Whether the person's case is here already (a returning pupil): 0 with
 * *here set, or a code. */
static int
case_here(struct importer *im, int *here)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db, sql_intake_transfer_case_here);
	long long one;
	int rc;

	sqlite3_bind_int64(st, 1, im->person);
	bind_keys(a, st, 2, "kind");
	sqlite3_bind_int64(st, 3, atoll(get(a, "opened_at")));
	rc = db_int_once(im->db, st, &one);
	*here = rc == 0;
	return rc == DB_NONE ? 0 : rc;
}

/* The steps of the case just added. */
static int
add_case_events(struct importer *im, int *rc)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st = db_prepare(im->db, sql_intake_transfer_case_events);

	sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(im->db));
	sqlite3_bind_text(st, 2, *get(a, "steps") ? get(a, "steps") : "[]", -1,
	    SQLITE_STATIC);
	return run_once(im, st, "case", rc);
}

/* A case with its steps; one this database has (a returning pupil) is
 * kept as it is. */
static int
import_case(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc, here;

	if (!fields_ok(im, "opened_at closed_at", bad_stamp))
		return 0;
	if ((rc = case_here(im, &here)) != 0 || here)
		return rc;
	st = db_prepare(im->db, sql_intake_transfer_case);
	sqlite3_bind_int64(st, 1, im->person);
	bind_keys(a, st, 2, "kind status");
	sqlite3_bind_int64(st, 4, atoll(get(a, "opened_at")));
	bind_keys(a, st, 5, "opened_by ?outcome");
	if (*get(a, "closed_at") != '\0')
		sqlite3_bind_int64(st, 7, atoll(get(a, "closed_at")));
	bind_keys(a, st, 8, "?closed_by");
	if (run_once(im, st, "case", &rc) && add_case_events(im, &rc))
		im->cases++;
	return rc;
}

/* A card a counsellor set, after the same responses as where it was set. */
static int
import_card(struct importer *im)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	long long after = atoll(get(a, "after"));
	int rc;

	if (*get(a, "reason") == '\0' || *get(a, "set_by") == '\0') {
		record_error(im, "card", "a card set by hand needs its reason "
		    "and set_by");
		return 0;
	}
	if (!fields_ok(im, "set_at", bad_stamp))
		return 0;
	if (after < 0 || (size_t)after > im->nresponses) {
		diag_error(a->diag, im->file, rec_line(a->r), "after",
		    "'%s' is not one of the person's responses",
		    get(a, "after"));
		return 0;
	}
	st = db_prepare(im->db, sql_intake_transfer_card);
	sqlite3_bind_int64(st, 1, im->person);
	bind_keys(a, st, 2, "campaign color reason set_by");
	sqlite3_bind_int64(st, 6, after ? im->response_ids[after - 1] : 0);
	sqlite3_bind_int64(st, 7, atoll(get(a, "set_at")));
	if (run_once(im, st, "card", &rc))
		im->cards++;
	return rc;
}

/* The record types after the head, each with its reader, and whether it
 * belongs to the person (who must come first). */
static const struct {
	const char *type;
	int (*import)(struct importer *);
	int of_person;
} importers[] = {
	{ "person", import_person, 0 },
	{ "flag", import_flag, 1 },
	{ "contact", import_contact, 1 },
	{ "role", import_role, 0 },	/* of a contact: checked there */
	{ "response", import_response, 1 },
	{ "card", import_card, 1 },
	{ "case", import_case, 1 },
};

/* The first record: an archive of a version this ph reads, or 0 after
 * its error. */
static int
archive_head(struct importer *im)
{
	struct archive *a = &im->a;

	if (strcmp(get(a, "type"), "ph-archive") != 0) {
		record_error(im, NULL, "not a ph archive (the first record "
		    "must have type ph-archive)");
		return 0;
	}
	if (atoi(get(a, "version")) != ARCHIVE_VERSION) {
		diag_error(a->diag, im->file, rec_line(a->r), "version",
		    "archive version %s; this ph reads version %d",
		    get(a, "version"), ARCHIVE_VERSION);
		return 0;
	}
	return 1;
}

/* One record after the head. */
static int
import_record(struct importer *im)
{
	const char *type = get(&im->a, "type");

	char *what;

	for (size_t i = 0; i < sizeof(importers) / sizeof(*importers); i++) {
		if (strcmp(type, importers[i].type) != 0)
			continue;
		if (!importers[i].of_person || im->person != 0)
			return importers[i].import(im);
		what = xasprintf("a %s before its person", type);
		record_error(im, NULL, what);
		free(what);
		return 0;
	}
	diag_error(im->a.diag, im->file, rec_line(im->a.r), "type", "unknown "
	    "record type '%s' (an archive from a newer ph?)", type);
	return 0;
}

/* The archive's records: 0 (their errors are in the diagnostics) or a
 * code. */
static int
import_records(struct importer *im)
{
	struct rec_reader *r = im->a.r;
	int got, rc = 0, header = 0;

	while (rc == 0 && (got = rec_read(r)) != 0) {
		if (got < 0) {
			diag_error(im->a.diag, im->file, rec_line(r), NULL,
			    "%s", rec_error(r));
			if (got == -2)
				break;
		} else if (header)
			rc = import_record(im);
		else if (!(header = archive_head(im)))
			break;
	}
	if (rc == 0 && im->a.diag->errors == 0 && im->person == 0)
		diag_error(im->a.diag, im->file, 0, NULL, "the archive holds "
		    "no person");
	return rc;
}

/* What came in: in the audit trail, and as a record. */
static int
report_import(struct importer *im)
{
	static const char *const cols[] = { "person_no", "name", "unit",
	    "flags", "roles" };
	char flags[24], roles[24];
	const char *values[5] = { im->person_no, im->name,
	    im->unit_path ? im->unit_path : "", flags, roles };
	char *detail = xasprintf("from archive %s: %ld flags, %ld roles, "
	    "%ld responses, %ld cards set, %ld cases", im->file, im->flags,
	    im->roles, im->responses, im->cards, im->cases);
	struct rec_writer *w;
	int rc = audit_append(im->audit, "person.transfer_in", im->person_no,
	    detail);

	free(detail);
	if (rc != 0)
		return rc;
	snprintf(flags, sizeof(flags), "%ld", im->flags);
	snprintf(roles, sizeof(roles), "%ld", im->roles);
	w = io_writer(im->cli, 5, cols);
	if (rec_write(w, values) != 0)
		rc = EX_IOERR;
	if (io_writer_close(w) != 0)
		rc = EX_IOERR;
	return rc;
}

int
intake_transfer_in(sqlite3 *db, const struct cli *c, const char *path,
    const char *unit)
{
	FILE *fp = io_open_input(path);
	struct importer im;
	struct diag diag;
	int rc;

	if (fp == NULL)
		return EX_NOINPUT;
	memset(&im, 0, sizeof(im));
	diag_init(&diag, c->max_errors);
	im.db = db;
	im.cli = c;
	im.file = io_input_name(path);
	im.unit_option = unit;
	im.a.diag = &diag;
	im.a.r = rec_reader_new(fp, im.file, REC_JSONL, REC_ENC_UTF8);
	clock_timestamp(c->now, im.stamp);
	if ((rc = db_begin(db)) == 0) {
		im.audit = audit_new(db, c->now, c->actor);
		rc = import_records(&im);
		if (rc == 0 && diag.errors == 0)
			rc = report_import(&im);
		audit_free(im.audit);
		rc = load_end(db, &diag, rc, "loaded");
	}
	rec_reader_free(im.a.r);
	FREE_ALL(im.person_no, im.response_ids, im.name, im.unit_path);
	io_close_input(fp);
	return rc;
}
