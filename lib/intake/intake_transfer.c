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
#include "units.h"
#include "xalloc.h"

#define ARCHIVE_VERSION 1

/* Each section: a record type and the query giving its records for the
 * person whose id is ?1.  Column names are the record's keys. */
static const struct section {
	const char *type;
	const char *sql;
} sections[] = {
	{ "person",
	  "SELECT p.person_no, p.kind, p.name, p.sex, p.birth_date, "
	  "u.path AS unit, d.path AS dormitory, p.guardian, p.guardian_phone, "
	  "p.phone, p.email, p.position, p.new_hire, p.status "
	  "FROM person p LEFT JOIN unit u ON u.id = p.unit_id "
	  "LEFT JOIN unit d ON d.id = p.dormitory_id WHERE p.id = ?1" },
	{ "flag",
	  "SELECT flag, source, since, until, note FROM person_flag "
	  "WHERE person_id = ?1 ORDER BY id" },
	{ "contact",
	  "SELECT name, sex, phone, email FROM contact WHERE person_id = ?1 "
	  "ORDER BY id" },
	{ "role",
	  "SELECT u.path AS unit, r.role, c.name AS contact, r.since, r.until "
	  "FROM role r JOIN contact c ON c.id = r.contact_id "
	  "JOIN unit u ON u.id = r.unit_id WHERE c.person_id = ?1 "
	  "ORDER BY r.id" },
	/* ph-screen: every submission, with its raw record and scores */
	{ "response",
	  "SELECT c.code AS campaign, c.date_from, c.date_to, r.instrument, "
	  "f.sha256, f.name || ':' || r.line AS source, "
	  "(SELECT json_group_object(h.value, v.value) FROM json_each(f.header) "
	  "h JOIN json_each(r.raw) v ON v.key = h.key) AS raw, r.scores, "
	  "r.critical, r.critical_note, r.missing, r.valid, r.reason, r.latest, "
	  "r.imported_at, r.card, r.card_reasons, f.policy FROM response r "
	  "JOIN campaign c ON c.id = r.campaign_id JOIN response_file f ON "
	  "f.id = r.file_id WHERE r.person_id = ?1 ORDER BY r.id" },
	/* cards set by hand; after: how many of the person's responses came
	 * before it, so that the order of the two survives the move */
	{ "card",
	  "SELECT c.code AS campaign, s.color, s.reason, s.set_by, s.set_at, "
	  "(SELECT count(*) FROM response r WHERE r.person_id = ?1 AND "
	  "r.id <= s.after_response) AS after FROM card_set s LEFT JOIN "
	  "campaign c ON c.id = s.campaign_id WHERE s.person_id = ?1 "
	  "ORDER BY s.id" },
	/* ph-alert: crisis and referral cases, each with its steps */
	{ "case",
	  "SELECT k.kind, k.status, k.opened_at, k.opened_by, k.outcome, "
	  "k.closed_at, k.closed_by, (SELECT json_group_array(json_object("
	  "'kind', e.kind, 'at', e.at, 'by', e.by, 'note', e.note)) FROM "
	  "(SELECT * FROM case_event WHERE case_id = k.id ORDER BY id) e) "
	  "AS steps FROM ph_case k WHERE k.person_id = ?1 ORDER BY k.id" },
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

int
intake_transfer_out(sqlite3 *db, const struct cli *c, const char *person_no,
    FILE *out)
{
	sqlite3_stmt *find, *head, *mark;
	struct audit *audit;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	long long id;
	char stamp[32];
	int rc;

	if ((rc = db_begin(db)) != 0)
		return rc;
	find = db_prepare(db, "SELECT p.id, p.status, coalesce((WITH RECURSIVE "
	    "up(id, parent, path) AS (SELECT id, parent_id, path FROM unit "
	    "WHERE id = p.unit_id UNION ALL SELECT u.id, u.parent_id, u.path "
	    "FROM unit u JOIN up ON u.id = up.parent) SELECT path FROM up "
	    "WHERE parent IS NULL), '') FROM person p WHERE p.person_no = ?");
	sqlite3_bind_text(find, 1, person_no, -1, SQLITE_STATIC);
	if (sqlite3_step(find) != SQLITE_ROW) {
		warnx("no person '%s'", person_no);
		sqlite3_finalize(find);
		db_rollback(db);
		return EX_DATAERR;
	}
	id = sqlite3_column_int64(find, 0);
	if (strcmp(db_column_text(find, 1), "transferred") == 0)
		fprintf(stderr, "ph-intake: %s was already transferred out; "
		    "writing the archive again\n", person_no);
	/* The whole archive in memory first: the person is marked only
	 * when it has been written out completely. */
	mem = open_memstream(&text, &len);
	if (mem == NULL)
		err(EX_OSERR, "open_memstream");
	clock_timestamp(c->now, stamp);
	head = db_prepare(db, "SELECT ?2 AS version, "
	    "?3 AS schema, ?4 AS person_no, ?5 AS exported_at, ?6 AS source");
	sqlite3_bind_int(head, 2, ARCHIVE_VERSION);
	sqlite3_bind_int(head, 3, db_schema_version());
	sqlite3_bind_text(head, 4, person_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 5, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(head, 6, db_column_text(find, 2), -1,
	    SQLITE_TRANSIENT);
	if (sqlite3_step(head) != SQLITE_ROW ||
	    write_record(mem, "ph-archive", head) != 0)
		rc = EX_SOFTWARE;
	sqlite3_finalize(head);
	sqlite3_finalize(find);
	for (size_t i = 0; rc == 0 && i < sizeof(sections) / sizeof(*sections);
	    i++) {
		sqlite3_stmt *st = db_prepare(db, sections[i].sql);
		int step;

		sqlite3_bind_int64(st, 1, id);
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if (write_record(mem, sections[i].type, st) != 0) {
				rc = EX_SOFTWARE;
				break;
			}
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_fail(db, "transfer");
		sqlite3_finalize(st);
	}
	if (fclose(mem) != 0 && rc == 0)
		rc = EX_OSERR;
	if (rc == 0 && (fwrite(text, 1, len, out) != len || fflush(out) != 0 ||
	    ferror(out))) {
		warn("writing the archive");
		rc = EX_IOERR;
	}
	free(text);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	mark = db_prepare(db, "UPDATE person SET status = 'transferred', "
	    "updated_at = ? WHERE id = ?");
	sqlite3_bind_int64(mark, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int64(mark, 2, id);
	if (sqlite3_step(mark) != SQLITE_DONE)
		rc = db_fail(db, "transfer");
	sqlite3_finalize(mark);
	audit = audit_new(db, c->now, c->actor);
	if (rc == 0)
		rc = audit_append(audit, "person.transfer_out", person_no,
		    "archive written");
	audit_free(audit);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
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

static void
bind_or_null(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_text_or_null(st, i, s);
}

struct importer {
	sqlite3 *db;
	const struct cli *cli;
	struct archive a;
	struct audit *audit;
	const char *unit_option;
	long long person, contact;
	char *person_no, *name, *unit_path;
	long flags, roles, responses, cards, cases;
	char stamp[32];
	/* the person's responses here, in the archive's order */
	long long *response_ids;
	size_t nresponses, response_cap;
};

static long long
unit_id(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st;
	long long id = 0;

	if (*path == '\0')
		return 0;
	st = db_prepare(db, "SELECT id FROM unit WHERE path = ?");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int
import_person(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	const char *no = get(a, "person_no"), *status;
	sqlite3_stmt *st;
	long long unit = 0, dorm;
	int rc;

	if (im->person != 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a second person in one archive");
		return 0;
	}
	if (*no == '\0' || *get(a, "name") == '\0' ||
	    (strcmp(get(a, "kind"), "student") != 0 &&
	    strcmp(get(a, "kind"), "staff") != 0)) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a person needs person_no, name and kind");
		return 0;
	}
	st = db_prepare(im->db, "SELECT status FROM person WHERE person_no = ?");
	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	status = sqlite3_step(st) == SQLITE_ROW ? db_column_text(st, 0) : NULL;
	if (status != NULL && strcmp(status, "active") == 0) {
		diag_error(a->diag, file, rec_line(a->r), "person_no",
		    "'%s' is already on this roster", no);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	if (im->unit_option != NULL) {
		char *canon = NULL, *why = NULL;
		if (units_resolve(im->db, im->unit_option, &unit, &canon,
		    &why) != 0) {
			diag_error(a->diag, NULL, 0, "--unit", "%s", why);
			free(why);
			return 0;
		}
		im->unit_path = canon;
	} else if ((unit = unit_id(im->db, get(a, "unit"))) != 0)
		im->unit_path = xstrdup(get(a, "unit"));
	else
		diag_warning(a->diag, file, rec_line(a->r), NULL, "no unit '%s' "
		    "here: %s is on no class until a roster or --unit places "
		    "them", get(a, "unit"), no);
	dorm = unit_id(im->db, get(a, "dormitory"));
	st = db_prepare(im->db,
	    "INSERT INTO person (person_no, kind, name, sex, birth_date, "
	    "unit_id, dormitory_id, guardian, guardian_phone, phone, email, "
	    "position, new_hire, status, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'active', "
	    "?14, ?14) ON CONFLICT (person_no) DO UPDATE SET kind = ?2, "
	    "name = ?3, sex = ?4, birth_date = ?5, unit_id = ?6, "
	    "dormitory_id = ?7, guardian = ?8, guardian_phone = ?9, phone = ?10, "
	    "email = ?11, position = ?12, new_hire = ?13, status = 'active', "
	    "row_hash = NULL, updated_at = ?14");
	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, get(a, "kind"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(a, "name"), -1, SQLITE_STATIC);
	bind_or_null(st, 4, get(a, "sex"));
	bind_or_null(st, 5, get(a, "birth_date"));
	if (unit > 0)
		sqlite3_bind_int64(st, 6, unit);
	if (dorm > 0)
		sqlite3_bind_int64(st, 7, dorm);
	bind_or_null(st, 8, get(a, "guardian"));
	bind_or_null(st, 9, get(a, "guardian_phone"));
	bind_or_null(st, 10, get(a, "phone"));
	bind_or_null(st, 11, get(a, "email"));
	bind_or_null(st, 12, get(a, "position"));
	sqlite3_bind_int(st, 13, strcmp(get(a, "new_hire"), "1") == 0);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)im->cli->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		diag_error(a->diag, file, rec_line(a->r), NULL, "%s",
		    sqlite3_errmsg(im->db));
		return 0;
	}
	st = db_prepare(im->db, "SELECT id FROM person WHERE person_no = ?");
	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		im->person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	im->person_no = xstrdup(no);
	im->name = xstrdup(get(a, "name"));
	return 0;
}

static int
import_flag(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc;

	if (im->person == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a flag before its person");
		return 0;
	}
	/* A returning pupil may bring flags this database still has:
	 * nothing is deleted, and what is here already is kept. */
	st = db_prepare(im->db, "INSERT INTO person_flag (person_id, flag, "
	    "source, since, until, note) SELECT ?1, ?2, ?3, ?4, ?5, ?6 "
	    "WHERE NOT EXISTS (SELECT 1 FROM person_flag WHERE person_id = ?1 "
	    "AND flag = ?2 AND (until IS NULL AND ?5 IS NULL OR since = ?4 AND "
	    "until IS ?5))");
	sqlite3_bind_int64(st, 1, im->person);
	sqlite3_bind_text(st, 2, get(a, "flag"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(a, "source"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, get(a, "since"), -1, SQLITE_STATIC);
	bind_or_null(st, 5, get(a, "until"));
	bind_or_null(st, 6, get(a, "note"));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "flag", "%s",
		    sqlite3_errmsg(im->db));
	else
		im->flags++;
	return 0;
}

static int
import_contact(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc;

	if (im->person == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a contact before its person");
		return 0;
	}
	st = db_prepare(im->db, "SELECT id FROM contact WHERE person_id = ? "
	    "ORDER BY id LIMIT 1");
	sqlite3_bind_int64(st, 1, im->person);
	if (sqlite3_step(st) == SQLITE_ROW)
		im->contact = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (im->contact != 0)
		return 0;	/* a returning monitor: the contact is here */
	st = db_prepare(im->db, "INSERT INTO contact (name, sex, phone, email, "
	    "person_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
	sqlite3_bind_text(st, 1, get(a, "name"), -1, SQLITE_STATIC);
	bind_or_null(st, 2, get(a, "sex"));
	bind_or_null(st, 3, get(a, "phone"));
	bind_or_null(st, 4, get(a, "email"));
	sqlite3_bind_int64(st, 5, im->person);
	sqlite3_bind_text(st, 6, im->stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "contact", "%s",
		    sqlite3_errmsg(im->db));
	else
		im->contact = sqlite3_last_insert_rowid(im->db);
	return 0;
}

static int
import_role(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	long long unit = unit_id(im->db, get(a, "unit"));
	sqlite3_stmt *st;
	int rc;

	if (im->contact == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a role before its contact");
		return 0;
	}
	if (unit == 0) {
		diag_warning(a->diag, file, rec_line(a->r), NULL, "role %s of "
		    "'%s' not restored: no unit '%s' here", get(a, "role"),
		    get(a, "contact"), get(a, "unit"));
		return 0;
	}
	st = db_prepare(im->db, "INSERT INTO role (unit_id, role, contact_id, "
	    "since, until) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 "
	    "FROM role WHERE unit_id = ?1 AND role = ?2 AND contact_id = ?3 "
	    "AND since = ?4 AND until IS ?5)");
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_text(st, 2, get(a, "role"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->contact);
	sqlite3_bind_text(st, 4, get(a, "since"), -1, SQLITE_STATIC);
	bind_or_null(st, 5, get(a, "until"));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "role", "%s",
		    sqlite3_errmsg(im->db));
	else
		im->roles++;
	return 0;
}

static void
remember_response(struct importer *im, long long id)
{
	im->response_ids = xgrow(im->response_ids, &im->response_cap,
	    im->nresponses + 1, sizeof(*im->response_ids));
	im->response_ids[im->nresponses++] = id;
}

/* A screening from another school: under a campaign of the same code,
 * made here when this database has none. */
static int
import_response(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	long long campaign = 0;
	int rc;

	if (im->person == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a response before its person");
		return 0;
	}
	st = db_prepare(im->db, "INSERT INTO campaign (code, date_from, "
	    "date_to, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) "
	    "DO NOTHING");
	sqlite3_bind_text(st, 1, get(a, "campaign"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, get(a, "date_from"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(a, "date_to"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = db_prepare(im->db, "SELECT id FROM campaign WHERE code = ?");
	sqlite3_bind_text(st, 1, get(a, "campaign"), -1, SQLITE_STATIC);
	if (rc == SQLITE_DONE && sqlite3_step(st) == SQLITE_ROW)
		campaign = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (campaign == 0) {
		diag_error(a->diag, file, rec_line(a->r), "campaign", "%s",
		    sqlite3_errmsg(im->db));
		return 0;
	}
	st = db_prepare(im->db, "INSERT OR IGNORE INTO campaign_instrument "
	    "(campaign_id, instrument) VALUES (?, ?)");
	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_text(st, 2, get(a, "instrument"), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	/* a returning pupil may bring responses this database has */
	if (rc == SQLITE_DONE) {
		sqlite3_stmt *dup = db_prepare(im->db, "SELECT r.id FROM response "
		    "r JOIN response_file f ON f.id = r.file_id WHERE "
		    "r.campaign_id = ? AND r.person_id = ? AND r.instrument = ? "
		    "AND f.name || ':' || r.line = ? AND r.imported_at = ?");
		int here;

		sqlite3_bind_int64(dup, 1, campaign);
		sqlite3_bind_int64(dup, 2, im->person);
		sqlite3_bind_text(dup, 3, get(a, "instrument"), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(dup, 4, get(a, "source"), -1, SQLITE_STATIC);
		sqlite3_bind_int64(dup, 5, atoll(get(a, "imported_at")));
		here = sqlite3_step(dup) == SQLITE_ROW;
		if (here)
			remember_response(im, sqlite3_column_int64(dup, 0));
		sqlite3_finalize(dup);
		if (here)
			return 0;
	}
	/* the file it came from, with the header its raw record gives */
	if (rc == SQLITE_DONE) {
		sqlite3_stmt *f = db_prepare(im->db, "INSERT INTO response_file "
		    "(campaign_id, name, header, imported_at, sha256, policy) "
		    "SELECT ?1, substr(?2, 1, length(rtrim(?2, '0123456789')) - "
		    "1), (SELECT json_group_array(key) FROM json_each(?3)), ?4, "
		    "?5, ?6");
		sqlite3_bind_int64(f, 1, campaign);
		sqlite3_bind_text(f, 2, get(a, "source"), -1, SQLITE_STATIC);
		sqlite3_bind_text(f, 3, get(a, "raw"), -1, SQLITE_STATIC);
		sqlite3_bind_int64(f, 4, atoll(get(a, "imported_at")));
		bind_or_null(f, 5, get(a, "sha256"));
		bind_or_null(f, 6, get(a, "policy"));
		rc = sqlite3_step(f);
		sqlite3_finalize(f);
	}
	st = db_prepare(im->db, "INSERT INTO response (campaign_id, person_id, "
	    "instrument, file_id, line, raw, scores, critical, "
	    "critical_note, missing, valid, reason, latest, imported_at, card, "
	    "card_reasons) "
	    "SELECT ?1, ?2, ?3, last_insert_rowid(), "
	    "CAST(ltrim(substr(?4, length(rtrim(?4, '0123456789')) + 1)) AS "
	    "INTEGER), (SELECT json_group_array(value) FROM json_each(?5)), "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15");
	sqlite3_bind_int64(st, 1, campaign);
	sqlite3_bind_int64(st, 2, im->person);
	sqlite3_bind_text(st, 3, get(a, "instrument"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, get(a, "source"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, get(a, "raw"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, get(a, "scores"), -1, SQLITE_STATIC);
	bind_or_null(st, 7, get(a, "critical"));
	bind_or_null(st, 8, get(a, "critical_note"));
	sqlite3_bind_int64(st, 9, atoll(get(a, "missing")));
	sqlite3_bind_int(st, 10, atoi(get(a, "valid")) != 0);
	bind_or_null(st, 11, get(a, "reason"));
	sqlite3_bind_int(st, 12, atoi(get(a, "latest")) != 0);
	sqlite3_bind_int64(st, 13, atoll(get(a, "imported_at")));
	bind_or_null(st, 14, get(a, "card"));
	bind_or_null(st, 15, get(a, "card_reasons"));
	if (rc == SQLITE_DONE)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "response", "%s",
		    sqlite3_errmsg(im->db));
	else {
		remember_response(im, sqlite3_last_insert_rowid(im->db));
		im->responses++;
	}
	return 0;
}

/* A case with its steps; one this database has (a returning pupil) is
 * kept as it is. */
static int
import_case(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	int rc, here;

	if (im->person == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a case before its person");
		return 0;
	}
	st = db_prepare(im->db, "SELECT 1 FROM ph_case WHERE person_id = ? AND "
	    "kind = ? AND opened_at = ?");
	sqlite3_bind_int64(st, 1, im->person);
	sqlite3_bind_text(st, 2, get(a, "kind"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, atoll(get(a, "opened_at")));
	here = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (here)
		return 0;
	st = db_prepare(im->db, "INSERT INTO ph_case (person_id, kind, status, "
	    "opened_at, opened_by, outcome, closed_at, closed_by) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, im->person);
	sqlite3_bind_text(st, 2, get(a, "kind"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(a, "status"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, atoll(get(a, "opened_at")));
	sqlite3_bind_text(st, 5, get(a, "opened_by"), -1, SQLITE_STATIC);
	bind_or_null(st, 6, get(a, "outcome"));
	if (*get(a, "closed_at") != '\0')
		sqlite3_bind_int64(st, 7, atoll(get(a, "closed_at")));
	bind_or_null(st, 8, get(a, "closed_by"));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		st = db_prepare(im->db, "INSERT INTO case_event (case_id, kind, "
		    "at, by, note) SELECT ?1, json_extract(value, '$.kind'), "
		    "json_extract(value, '$.at'), json_extract(value, '$.by'), "
		    "json_extract(value, '$.note') FROM json_each(?2) ORDER BY "
		    "key");
		sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(im->db));
		sqlite3_bind_text(st, 2, *get(a, "steps") ? get(a, "steps") :
		    "[]", -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "case", "%s",
		    sqlite3_errmsg(im->db));
	else
		im->cases++;
	return 0;
}

/* A card a counsellor set, after the same responses as where it was set. */
static int
import_card(struct importer *im, const char *file)
{
	struct archive *a = &im->a;
	sqlite3_stmt *st;
	long long after = atoll(get(a, "after"));
	int rc;

	if (im->person == 0) {
		diag_error(a->diag, file, rec_line(a->r), NULL,
		    "a card before its person");
		return 0;
	}
	if (*get(a, "reason") == '\0' || *get(a, "set_by") == '\0') {
		diag_error(a->diag, file, rec_line(a->r), "card",
		    "a card set by hand needs its reason and set_by");
		return 0;
	}
	if (after < 0 || (size_t)after > im->nresponses) {
		diag_error(a->diag, file, rec_line(a->r), "after",
		    "'%s' is not one of the person's responses", get(a, "after"));
		return 0;
	}
	st = db_prepare(im->db, "INSERT INTO card_set (person_id, campaign_id, "
	    "color, reason, set_by, after_response, set_at) VALUES (?1, "
	    "(SELECT id FROM campaign WHERE code = ?2), ?3, ?4, ?5, ?6, ?7)");
	sqlite3_bind_int64(st, 1, im->person);
	sqlite3_bind_text(st, 2, get(a, "campaign"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(a, "color"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, get(a, "reason"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, get(a, "set_by"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, after ? im->response_ids[after - 1] : 0);
	sqlite3_bind_int64(st, 7, atoll(get(a, "set_at")));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		diag_error(a->diag, file, rec_line(a->r), "card", "%s",
		    sqlite3_errmsg(im->db));
	else
		im->cards++;
	return 0;
}

int
intake_transfer_in(sqlite3 *db, const struct cli *c, const char *path,
    const char *unit)
{
	static const char *const cols[] = { "person_no", "name", "unit",
	    "flags", "roles" };
	FILE *fp = io_open_input(path);
	const char *file = io_input_name(path);
	struct importer im;
	struct diag diag;
	int got, rc, header = 0;

	if (fp == NULL)
		return EX_NOINPUT;
	memset(&im, 0, sizeof(im));
	diag_init(&diag, c->max_errors);
	im.db = db;
	im.cli = c;
	im.unit_option = unit;
	im.a.diag = &diag;
	im.a.r = rec_reader_new(fp, file, REC_JSONL, REC_ENC_UTF8);
	clock_timestamp(c->now, im.stamp);
	if ((rc = db_begin(db)) != 0)
		goto out;
	im.audit = audit_new(db, c->now, c->actor);
	while (rc == 0 && (got = rec_read(im.a.r)) != 0) {
		const char *type;

		if (got < 0) {
			diag_error(&diag, file, rec_line(im.a.r), NULL, "%s",
			    rec_error(im.a.r));
			if (got == -2)
				break;
			continue;
		}
		type = get(&im.a, "type");
		if (!header) {
			if (strcmp(type, "ph-archive") != 0) {
				diag_error(&diag, file, rec_line(im.a.r), NULL,
				    "not a ph archive (the first record must "
				    "have type ph-archive)");
				break;
			}
			if (atoi(get(&im.a, "version")) != ARCHIVE_VERSION) {
				diag_error(&diag, file, rec_line(im.a.r),
				    "version", "archive version %s; this ph "
				    "reads version %d", get(&im.a, "version"),
				    ARCHIVE_VERSION);
				break;
			}
			header = 1;
		} else if (strcmp(type, "person") == 0)
			rc = import_person(&im, file);
		else if (strcmp(type, "flag") == 0)
			rc = import_flag(&im, file);
		else if (strcmp(type, "contact") == 0)
			rc = import_contact(&im, file);
		else if (strcmp(type, "role") == 0)
			rc = import_role(&im, file);
		else if (strcmp(type, "response") == 0)
			rc = import_response(&im, file);
		else if (strcmp(type, "card") == 0)
			rc = import_card(&im, file);
		else if (strcmp(type, "case") == 0)
			rc = import_case(&im, file);
		else
			diag_error(&diag, file, rec_line(im.a.r), "type",
			    "unknown record type '%s' (an archive from a "
			    "newer ph?)", type);
	}
	if (rc == 0 && diag.errors == 0 && im.person == 0)
		diag_error(&diag, file, 0, NULL, "the archive holds no person");
	diag_finish(&diag);
	if (rc == 0)
		rc = diag_refused(&diag, "loaded");
	if (rc == 0) {
		char *detail = xasprintf("from archive %s: %ld flags, %ld roles, "
		    "%ld responses, %ld cards set, %ld cases", file, im.flags,
		    im.roles, im.responses, im.cards, im.cases);
		rc = audit_append(im.audit, "person.transfer_in", im.person_no,
		    detail);
		free(detail);
	}
	if (rc == 0) {
		char flags[24], roles[24];
		const char *values[5] = { im.person_no, im.name,
		    im.unit_path ? im.unit_path : "", flags, roles };
		struct rec_writer *w = io_writer(c, 5, cols);

		snprintf(flags, sizeof(flags), "%ld", im.flags);
		snprintf(roles, sizeof(roles), "%ld", im.roles);
		if (rec_write(w, values) != 0)
			rc = EX_IOERR;
		if (io_writer_close(w) != 0)
			rc = EX_IOERR;
	}
	audit_free(im.audit);
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
out:
	rec_reader_free(im.a.r);
	free(im.person_no);
	free(im.response_ids);
	free(im.name);
	free(im.unit_path);
	io_close_input(fp);
	return rc;
}
