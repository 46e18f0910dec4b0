/*
 * The warning network's people: who holds which role for which unit.  A
 * contacts file is the whole truth for each (unit, role) it names:
 * holders it no longer lists are ended, never deleted.
 */
#include "intake.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "columns.h"
#include "db.h"
#include "diag.h"
#include "load.h"
#include "mail.h"
#include "norm.h"
#include "queries.h"
#include "rec.h"
#include "rows.h"
#include "units.h"
#include "xalloc.h"

enum { K_ROLE, K_UNIT, K_SCHOOL, K_GRADE, K_CLASS, K_DORM, K_DEPT, K_NAME,
    K_SEX, K_PHONE, K_EMAIL, K_ID, K_COUNT };

static const struct column_spec contact_columns[K_COUNT] = {
	[K_ROLE] = { "role", "角色|职务|岗位|role", 1 },
	[K_UNIT] = { "unit", "单位|单位路径|unit|path", 0 },
	[K_SCHOOL] = { "school", "学校|school|organisation|organization", 0 },
	[K_GRADE] = { "grade", "年级|grade", 0 },
	[K_CLASS] = { "class", "班级|class", 0 },
	[K_DORM] = { "dormitory", "宿舍|宿舍号|寝室|dormitory|dorm", 0 },
	[K_DEPT] = { "department", "部门|科室|department|dept", 0 },
	[K_NAME] = { "name", "姓名|name", 1 },
	[K_SEX] = { "sex", "性别|sex|gender", 0 },
	[K_PHONE] = { "phone", "电话|手机|手机号|联系电话|phone|mobile", 0 },
	[K_EMAIL] = { "email", "邮箱|电子邮箱|电子邮件|email|e-mail", 0 },
	[K_ID] = { "person number", "工号|学号|id|person_no|staff_no|student_no", 0 },
};

static const struct {
	const char *key, *unit_kinds, *names;
} roles[] = {
	{ "class_teacher", "class", "班主任" },
	{ "monitor", "class", "心理委员|心理委员(男)|心理委员(女)|心理委员（男）|心理委员（女）" },
	{ "counsellor", "school organisation",
	  "心理教师|心理健康教师|心理老师|专职心理教师|兼职心理教师|咨询师|心理咨询师|counselor" },
	{ "grade_head", "grade", "年级主任|年级组长|年级长" },
	{ "leader", "school organisation",
	  "校领导|分管校领导|分管领导|校长|副校长|书记" },
	{ "union_officer", "school organisation",
	  "工会|工会主席|工会干部|工会委员" },
	{ "dorm_supervisor", "dormitory residence",
	  "宿管|宿管员|宿舍管理员|生活老师" },
	{ "department_head", "department",
	  "部门负责人|部门主任|处长|科长|组长" },
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* The role of a cell, and the sex it names ("心理委员(女)"). */
static int
find_role(const char *in, char *sex)
{
	*sex = '\0';
	for (size_t i = 0; i < NROLES; i++) {
		const char *p = roles[i].names;

		if (strcasecmp(in, roles[i].key) == 0)
			return (int)i;
		while (*p != '\0') {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);

			if (strlen(in) == n && strncmp(in, p, n) == 0) {
				if (strstr(in, "男") != NULL)
					*sex = 'M';
				else if (strstr(in, "女") != NULL)
					*sex = 'F';
				return (int)i;
			}
			p += n;
			if (*p == '|')
				p++;
		}
	}
	return -1;
}

struct entry {
	int role;
	long long unit;
	char *unit_path, *name, *phone, *email;
	char sex;
	long long person;
	size_t line;
	char *file;
	long long contact;	/* resolved while writing */
};

struct loader {
	sqlite3 *db;
	const struct cli *cli;
	struct diag diag;
	struct entry *entries;
	size_t n, cap;
	sqlite3_stmt *unit_kind, *roster_person;
};

static void
entry_free(struct entry *e)
{
	FREE_ALL(e->unit_path, e->name, e->phone, e->email, e->file);
}

static void
entries_free(struct loader *l)
{
	for (size_t i = 0; i < l->n; i++)
		entry_free(&l->entries[i]);
	free(l->entries);
}

static const char *
field(const struct rec_reader *r, const int *idx, int k)
{
	return idx[k] >= 0 ? rec_field(r, (size_t)idx[k]) : "";
}

static const char *
label(const struct rec_reader *r, const int *idx, int k)
{
	return idx[k] >= 0 ? rec_column(r, (size_t)idx[k]) :
	    contact_columns[k].key;
}

/* An error of the record's column k. */
static void
bad(struct loader *l, const struct rec_reader *r, const int *idx, int k,
    const char *what)
{
	diag_error(&l->diag, rec_name(r), rec_line(r), label(r, idx, k), "%s",
	    what);
}

static int
is_monitor(int role)
{
	return role >= 0 && strcmp(roles[role].key, "monitor") == 0;
}

/* The unit a row names: a path column, or school/grade/class columns. */
static char *
unit_text(const struct rec_reader *r, const int *idx)
{
	struct buf b = {0};
	const int parts[] = { K_SCHOOL, K_GRADE, K_CLASS };

	if (*field(r, idx, K_UNIT) != '\0')
		return xstrdup(field(r, idx, K_UNIT));
	for (size_t i = 0; i < 3; i++) {
		const char *s = field(r, idx, parts[i]);
		if (*s == '\0')
			break;
		buf_printf(&b, "%s%s", b.len ? "/" : "", s);
	}
	if (b.len > 0 && *field(r, idx, K_DORM) != '\0')
		buf_printf(&b, "/%s/%s", UNITS_RESIDENCE, field(r, idx, K_DORM));
	else if (b.len > 0 && *field(r, idx, K_DEPT) != '\0')
		buf_printf(&b, "/%s", field(r, idx, K_DEPT));
	return buf_take(&b);
}

/* The role, the name, and the sex both may give. */
static void
parse_holder(struct loader *l, const struct rec_reader *r, const int *idx,
    struct entry *e)
{
	const char *s = field(r, idx, K_ROLE);
	char *why = NULL, role_sex;

	if ((e->role = find_role(s, &role_sex)) < 0) {
		struct buf known = {0};
		for (size_t i = 0; i < NROLES; i++)
			buf_printf(&known, "%s%s %s", i ? ", " : "",
			    roles[i].key, roles[i].names);
		diag_error(&l->diag, rec_name(r), rec_line(r),
		    label(r, idx, K_ROLE), "unknown role '%s' (known: %s)", s,
		    buf_str(&known));
		buf_free(&known);
	}
	e->name = xstrdup(field(r, idx, K_NAME));
	if (*e->name == '\0' && *field(r, idx, K_ID) == '\0')
		bad(l, r, idx, K_NAME, "missing (give a name, or the number of "
		    "a person on the roster)");
	s = field(r, idx, K_SEX);
	e->sex = role_sex;
	if (*s == '\0')
		return;
	if (norm_sex(s, &e->sex, &why) != 0) {
		bad(l, r, idx, K_SEX, why);
		free(why);
	} else if (role_sex && role_sex != e->sex)
		diag_error(&l->diag, rec_name(r), rec_line(r),
		    label(r, idx, K_SEX), "'%s' contradicts the role '%s'", s,
		    field(r, idx, K_ROLE));
}

/* The phone and e-mail, when the row gives them. */
static void
parse_reach(struct loader *l, const struct rec_reader *r, const int *idx,
    struct entry *e)
{
	const char *s = field(r, idx, K_PHONE);
	char *why = NULL;

	if (*s != '\0' && norm_phone(s, &e->phone, &why) != 0) {
		bad(l, r, idx, K_PHONE, why);
		free(why);
	}
	s = field(r, idx, K_EMAIL);
	if (*s == '\0')
		return;
	if ((why = mail_addr_error(s)) != NULL) {
		bad(l, r, idx, K_EMAIL, why);
		free(why);
	} else
		e->email = xstrdup(s);
}

/* The unit, which must be of a kind the role belongs to; *level is the
 * grade it is in (0: none).  0, or the code of a failed step. */
static int
parse_unit(struct loader *l, const struct rec_reader *r, const int *idx,
    struct entry *e, int *level)
{
	const char *file = rec_name(r);
	char *why = NULL, *text = unit_text(r, idx), kind[16] = "";
	int rc = 0;

	*level = 0;
	if (*text == '\0')
		diag_error(&l->diag, file, rec_line(r), "unit", "missing "
		    "(give a 单位 path or 学校/年级/班级 columns)");
	else if (units_resolve(l->db, text, &e->unit, &e->unit_path,
	    &why) != 0) {
		diag_error(&l->diag, file, rec_line(r), "unit", "%s (load the "
		    "roster or staff first)", why);
		free(why);
	} else {
		sqlite3_bind_int64(l->unit_kind, 1, e->unit);
		if (db_row(l->db, l->unit_kind, &rc)) {
			snprintf(kind, sizeof(kind), "%s",
			    db_column_text(l->unit_kind, 0));
			*level = sqlite3_column_int(l->unit_kind, 1);
			sqlite3_reset(l->unit_kind);
		}
		if (rc == 0 && e->role >= 0 &&
		    strstr(roles[e->role].unit_kinds, kind) == NULL)
			diag_error(&l->diag, file, rec_line(r), "unit", "a %s "
			    "belongs to a %s, but %s is a %s",
			    roles[e->role].key, roles[e->role].unit_kinds,
			    e->unit_path, kind);
	}
	free(text);
	return rc;
}

/* A monitor: a class has one of each sex, chosen from grade 4 up. */
static void
check_monitor(struct loader *l, const struct rec_reader *r, const int *idx,
    const struct entry *e, int level)
{
	if (!is_monitor(e->role))
		return;
	if (e->sex == '\0')
		bad(l, r, idx, K_SEX, "missing: a class has one male and one "
		    "female monitor");
	if (level > 0 && level < 4)
		diag_warning(&l->diag, rec_name(r), rec_line(r), NULL,
		    "monitors are chosen from grade 4 up; %s is lower",
		    e->unit_path);
}

/* The person on the roster a row names by number (a pupil monitor's name
 * comes from the roster): 0, or the code of a failed step. */
static int
parse_person(struct loader *l, const struct rec_reader *r, const int *idx,
    struct entry *e)
{
	sqlite3_stmt *st = l->roster_person;
	const char *no = field(r, idx, K_ID);
	int rc = 0;

	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	if (!db_row(l->db, st, &rc)) {
		if (rc == 0)
			diag_error(&l->diag, rec_name(r), rec_line(r),
			    label(r, idx, K_ID), "no person '%s' on the roster",
			    no);
		return rc;
	}
	e->person = sqlite3_column_int64(st, 0);
	if (*e->name == '\0') {
		free(e->name);
		e->name = xstrdup(db_column_text(st, 3));
	}
	if (is_monitor(e->role) && (strcmp(db_column_text(st, 1),
	    "student") != 0 || sqlite3_column_int64(st, 2) != e->unit))
		diag_error(&l->diag, rec_name(r), rec_line(r),
		    label(r, idx, K_ID), "a monitor is a pupil of the class; "
		    "'%s' is not in %s", no, e->unit_path);
	sqlite3_reset(st);
	return 0;
}

/* Each record of a contacts file (load_file's row): a good one is kept
 * in l->entries. */
static int
parse_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct loader *l = ctx;
	struct entry e;
	long before = l->diag.errors;
	int level, rc;

	memset(&e, 0, sizeof(e));
	e.line = rec_line(r);
	parse_holder(l, r, idx, &e);
	parse_reach(l, r, idx, &e);
	if ((rc = parse_unit(l, r, idx, &e, &level)) == 0) {
		check_monitor(l, r, idx, &e, level);
		if (*field(r, idx, K_ID) != '\0' && l->diag.errors == before)
			rc = parse_person(l, r, idx, &e);
	}
	if (rc != 0 || l->diag.errors != before) {
		entry_free(&e);
		return rc;
	}
	e.file = xstrdup(rec_name(r));
	l->entries = xgrow(l->entries, &l->cap, l->n + 1, sizeof(*l->entries));
	l->entries[l->n++] = e;
	return 0;
}

/* Whether two entries name the same post: a role of a unit. */
static int
same_post(const struct entry *a, const struct entry *b)
{
	return a->unit == b->unit && a->role == b->role;
}

/* At most one class teacher or grade head, at most two monitors (one
 * of each sex) for each unit in the file. */
static void
check_counts(struct loader *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct entry *a = &l->entries[i];
		const char *key = roles[a->role].key;
		size_t same = 0, males = 0, females = 0, first = i;

		for (size_t j = 0; j < l->n; j++) {
			struct entry *b = &l->entries[j];
			if (!same_post(a, b))
				continue;
			if (same++ == 0)
				first = j;
			males += b->sex == 'M';
			females += b->sex == 'F';
		}
		if (first != i)
			continue;	/* report each pair once */
		if ((strcmp(key, "class_teacher") == 0 ||
		    strcmp(key, "grade_head") == 0) && same > 1)
			diag_error(&l->diag, a->file, a->line, NULL, "%s has %zu "
			    "%ss in this file; it has one", a->unit_path, same,
			    key);
		if (strcmp(key, "monitor") == 0 && (same > 2 || males > 1 ||
		    females > 1))
			diag_error(&l->diag, a->file, a->line, NULL, "%s has %zu "
			    "monitors in this file (%zu male, %zu female); a "
			    "class has one of each", a->unit_path, same, males,
			    females);
	}
}

struct counts {
	long rows, added, ended, unchanged, contacts;
};

/* Writing the entries: the statements, prepared once. */
struct writer {
	sqlite3 *db;
	struct loader *l;
	struct counts *n;
	struct audit *audit;
	sqlite3_stmt *of_person, *by_name, *update, *add, *held, *start,
	    *holders, *end;
	char stamp[32], today[11];
};

#define WRITER(member, sql) DB_STATEMENT(struct writer, member, sql)
static const struct db_statement writer_statements[] = {
	WRITER(of_person, sql_intake_contact_of_person),
	WRITER(by_name, sql_intake_contact_by_name),
	WRITER(update, sql_intake_contact_update),
	WRITER(add, sql_intake_contact_add),
	WRITER(held, sql_intake_role_held),
	WRITER(start, sql_intake_role_start),
	WRITER(holders, sql_intake_role_holders),
	WRITER(end, sql_intake_role_end),
};

/* The contact an entry is: the one of its roster person, else one of its
 * name (and phone, when both have one).  0 with *id set (0 for none), or
 * the code of a failed step. */
static int
lookup_contact(struct writer *w, const struct entry *e, long long *id)
{
	sqlite3_stmt *st;
	int rc;

	if (e->person > 0) {
		st = w->of_person;
		sqlite3_bind_int64(st, 1, e->person);
	} else {
		st = w->by_name;
		sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 2, e->phone);
	}
	if ((rc = db_int(w->db, st, id)) == DB_NONE) {
		*id = 0;
		rc = 0;
	}
	return rc;
}

/* Keeps what the file says about an existing contact. */
static int
update_contact(struct writer *w, const struct entry *e, long long id)
{
	char sex[2] = { e->sex, '\0' };
	int rc;

	sqlite3_bind_int64(w->update, 1, id);
	sqlite3_bind_text(w->update, 2, e->name, -1, SQLITE_STATIC);
	db_bind_text_or_null(w->update, 3, sex);
	db_bind_text_or_null(w->update, 4, e->phone);
	db_bind_text_or_null(w->update, 5, e->email);
	if ((rc = db_run(w->db, w->update)) == 0 && sqlite3_changes(w->db) > 0)
		rc = audit_append(w->audit, "contact.update", e->name,
		    e->phone ? e->phone : "");
	return rc;
}

static int
add_contact(struct writer *w, const struct entry *e, long long *id)
{
	char sex[2] = { e->sex, '\0' };
	int rc;

	sqlite3_bind_text(w->add, 1, e->name, -1, SQLITE_STATIC);
	db_bind_text_or_null(w->add, 2, sex);
	db_bind_text_or_null(w->add, 3, e->phone);
	db_bind_text_or_null(w->add, 4, e->email);
	if (e->person > 0)
		sqlite3_bind_int64(w->add, 5, e->person);
	else
		sqlite3_bind_null(w->add, 5);
	sqlite3_bind_text(w->add, 6, w->stamp, -1, SQLITE_STATIC);
	if ((rc = db_run(w->db, w->add)) == 0) {
		*id = sqlite3_last_insert_rowid(w->db);
		w->n->contacts++;
	}
	return rc;
}

/* The entry's contact into e->contact, found (and brought up to date)
 * or made. */
static int
find_contact(struct writer *w, struct entry *e)
{
	int rc = lookup_contact(w, e, &e->contact);

	if (rc != 0)
		return rc;
	if (e->contact > 0)
		return update_contact(w, e, e->contact);
	return add_contact(w, e, &e->contact);
}

/* Each entry's role started, unless its contact holds it already. */
static int
start_roles(struct writer *w)
{
	struct loader *l = w->l;
	int rc = 0;

	for (size_t i = 0; i < l->n && rc == 0; i++) {
		struct entry *e = &l->entries[i];
		const char *key = roles[e->role].key;
		char *detail;
		int held;

		w->n->rows++;
		if ((rc = find_contact(w, e)) != 0)
			break;
		sqlite3_bind_int64(w->held, 1, e->unit);
		sqlite3_bind_text(w->held, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->held, 3, e->contact);
		if ((held = db_row(w->db, w->held, &rc)) != 0)
			sqlite3_reset(w->held);
		if (rc != 0)
			break;
		if (held) {
			w->n->unchanged++;
			continue;
		}
		sqlite3_bind_int64(w->start, 1, e->unit);
		sqlite3_bind_text(w->start, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->start, 3, e->contact);
		sqlite3_bind_text(w->start, 4, w->today, -1, SQLITE_STATIC);
		if ((rc = db_run(w->db, w->start)) != 0)
			break;
		detail = xasprintf("%s: %s", key, e->name);
		rc = audit_append(w->audit, "role.start", e->unit_path, detail);
		free(detail);
		w->n->added++;
	}
	return rc;
}

/* Whether the file lists contact as holding the post of e. */
static int
listed(const struct loader *l, const struct entry *e, long long contact)
{
	for (size_t j = 0; j < l->n; j++)
		if (same_post(&l->entries[j], e) &&
		    l->entries[j].contact == contact)
			return 1;
	return 0;
}

/* The holders of e's post whom the file no longer lists: their role
 * ended. */
static int
end_unlisted(struct writer *w, const struct entry *e)
{
	sqlite3_stmt *h = w->holders;
	const char *key = roles[e->role].key;
	int rc = 0;

	sqlite3_bind_int64(h, 1, e->unit);
	sqlite3_bind_text(h, 2, key, -1, SQLITE_STATIC);
	while (rc == 0 && db_row(w->db, h, &rc)) {
		char *detail;

		if (listed(w->l, e, sqlite3_column_int64(h, 1)))
			continue;
		sqlite3_bind_text(w->end, 1, w->today, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->end, 2, sqlite3_column_int64(h, 0));
		if ((rc = db_run(w->db, w->end)) != 0)
			break;
		detail = xasprintf("%s: %s", key, db_column_text(h, 2));
		rc = audit_append(w->audit, "role.end", e->unit_path, detail);
		free(detail);
		w->n->ended++;
	}
	sqlite3_reset(h);
	return rc;
}

/* Each post the file names, once: the holders it no longer lists. */
static int
end_roles(struct writer *w)
{
	struct loader *l = w->l;
	int rc = 0;

	for (size_t i = 0; i < l->n && rc == 0; i++) {
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = !same_post(&l->entries[j], &l->entries[i]);
		if (first)
			rc = end_unlisted(w, &l->entries[i]);
	}
	return rc;
}

static int
store(struct loader *l, struct counts *n)
{
	sqlite3 *db = l->db;
	struct writer w = {
		.db = db,
		.l = l,
		.n = n,
		.audit = audit_new(db, l->cli->now, l->cli->actor),
	};
	int rc;

	db_prepare_set(db, &w, writer_statements,
	    DB_SET_SIZE(writer_statements));
	clock_timestamp(l->cli->now, w.stamp);
	clock_date(l->cli->now, w.today);
	if ((rc = start_roles(&w)) == 0)
		rc = end_roles(&w);
	db_finalize_set(&w, writer_statements, DB_SET_SIZE(writer_statements));
	audit_free(w.audit);
	return rc;
}

sqlite3_stmt *
intake_gaps_stmt(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, sql_intake_gaps);

	db_bind_text_or_null(st, 1, path);
	return st;
}

int
intake_gaps(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "unit", "gap", "detail" };

	return intake_rows_under(db, c, unit, sql_intake_gaps, 3, cols);
}

static int
warn_gaps(sqlite3 *db)
{
	sqlite3_stmt *st = intake_gaps_stmt(db, NULL);
	int rc;

	while (db_row(db, st, &rc))
		fprintf(stderr, "ph-intake: warning: %s: %s\n",
		    db_column_text(st, 0), db_column_text(st, 2));
	sqlite3_finalize(st);
	return rc;
}

/* The files' entries into l->entries: 0 (the lines' errors are in
 * l->diag), or a code. */
static int
read_files(struct loader *l, char *const *files, int nfiles)
{
	int idx[K_COUNT], rc = 0;
	struct load_file lf = {
		.format = l->cli->format,
		.encoding = l->cli->encoding,
		.sheet = l->cli->sheet,
		.columns = contact_columns,
		.ncolumns = K_COUNT,
		.index = idx,
		.diag = &l->diag,
		.row = parse_row,
		.ctx = l,
	};

	l->unit_kind = db_prepare(l->db, sql_intake_contacts_unit_kind);
	l->roster_person = db_prepare(l->db, sql_intake_contacts_roster_person);
	for (int f = 0; f < nfiles && rc == 0; f++) {
		lf.path = files[f];
		rc = load_file(&lf);
	}
	sqlite3_finalize(l->unit_kind);
	sqlite3_finalize(l->roster_person);
	return rc;
}

/* The record of what was done (with --quiet, none when nothing was),
 * then the warnings about the network. */
static int
report(sqlite3 *db, const struct counts *n, int dry_run, int quiet)
{
	int rc = 0, wrc;

	if (quiet && n->added == 0 && n->ended == 0 && n->contacts == 0)
		return warn_gaps(db);
	printf("rows\tadded\tended\tunchanged\tcontacts_created%s\n"
	    "%ld\t%ld\t%ld\t%ld\t%ld%s\n", dry_run ? "\tdry_run" : "",
	    n->rows, n->added, n->ended, n->unchanged, n->contacts,
	    dry_run ? "\tyes" : "");
	if (fflush(stdout) == EOF)
		rc = EX_IOERR;
	wrc = warn_gaps(db);
	return rc ? rc : wrc;
}

int
intake_contacts(sqlite3 *db, const struct cli *c, char *const *files,
    int nfiles, int dry_run)
{
	static char *const stdin_only[] = { "-" };
	struct loader l;
	struct counts n = {0};
	int rc;

	memset(&l, 0, sizeof(l));
	l.db = db;
	l.cli = c;
	diag_init(&l.diag, c->max_errors);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if ((rc = db_begin(db)) != 0)
		return rc;
	if ((rc = read_files(&l, files, nfiles)) == 0)
		check_counts(&l);
	if (rc == 0 && l.diag.errors == 0)
		rc = store(&l, &n);
	entries_free(&l);
	if (rc == 0 && l.diag.errors == 0)
		rc = report(db, &n, dry_run, c->quiet);
	return intake_load_end(db, &l.diag, rc, dry_run);
}

int
intake_roles(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "unit", "role", "name", "sex",
	    "phone", "email", "person_no", "since" };

	return intake_rows_under(db, c, unit, sql_intake_roles_list, 8, cols);
}
