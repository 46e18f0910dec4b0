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
#include "norm.h"
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
};

static void
entries_free(struct loader *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->entries[i].unit_path);
		free(l->entries[i].name);
		free(l->entries[i].phone);
		free(l->entries[i].email);
		free(l->entries[i].file);
	}
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

static void
parse_row(struct loader *l, const struct rec_reader *r, const int *idx)
{
	struct entry e;
	long before = l->diag.errors;
	const char *s, *file = rec_name(r);
	size_t line = rec_line(r);
	char *why = NULL, *text, role_sex, kind[16] = "";
	int level = 0;

	memset(&e, 0, sizeof(e));
	e.line = line;
	s = field(r, idx, K_ROLE);
	if ((e.role = find_role(s, &role_sex)) < 0) {
		struct buf known = {0};
		for (size_t i = 0; i < NROLES; i++)
			buf_printf(&known, "%s%s %s", i ? ", " : "",
			    roles[i].key, roles[i].names);
		diag_error(&l->diag, file, line, label(r, idx, K_ROLE),
		    "unknown role '%s' (known: %s)", s, buf_str(&known));
		buf_free(&known);
	}
	e.name = xstrdup(field(r, idx, K_NAME));
	if (*e.name == '\0' && *field(r, idx, K_ID) == '\0')
		diag_error(&l->diag, file, line, label(r, idx, K_NAME),
		    "missing (give a name, or the number of a person on the "
		    "roster)");
	s = field(r, idx, K_SEX);
	e.sex = role_sex;
	if (*s != '\0') {
		if (norm_sex(s, &e.sex, &why) != 0) {
			diag_error(&l->diag, file, line, label(r, idx, K_SEX),
			    "%s", why);
			free(why);
			why = NULL;
		} else if (role_sex && role_sex != e.sex)
			diag_error(&l->diag, file, line, label(r, idx, K_SEX),
			    "'%s' contradicts the role '%s'", s,
			    field(r, idx, K_ROLE));
	}
	s = field(r, idx, K_PHONE);
	if (*s != '\0' && norm_phone(s, &e.phone, &why) != 0) {
		diag_error(&l->diag, file, line, label(r, idx, K_PHONE), "%s",
		    why);
		free(why);
		why = NULL;
	}
	s = field(r, idx, K_EMAIL);
	if (*s != '\0') {
		if (strchr(s, '@') == NULL || strpbrk(s, " ,;") != NULL)
			diag_error(&l->diag, file, line, label(r, idx, K_EMAIL),
			    "'%s' is not an e-mail address", s);
		else
			e.email = xstrdup(s);
	}
	text = unit_text(r, idx);
	if (*text == '\0')
		diag_error(&l->diag, file, line, "unit", "missing (give a 单位 "
		    "path or 学校/年级/班级 columns)");
	else if (units_resolve(l->db, text, &e.unit, &e.unit_path, &why) != 0) {
		diag_error(&l->diag, file, line, "unit", "%s (load the roster "
		    "or staff first)", why);
		free(why);
		why = NULL;
	} else {
		sqlite3_stmt *st = db_prepare(l->db, "SELECT u.kind, coalesce("
		    "(SELECT g.level FROM unit g WHERE g.id = u.parent_id), 0) "
		    "FROM unit u WHERE u.id = ?");
		sqlite3_bind_int64(st, 1, e.unit);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(kind, sizeof(kind), "%s", db_column_text(st, 0));
			level = sqlite3_column_int(st, 1);
		}
		sqlite3_finalize(st);
		if (e.role >= 0 && strstr(roles[e.role].unit_kinds, kind) ==
		    NULL)
			diag_error(&l->diag, file, line, "unit", "a %s belongs "
			    "to a %s, but %s is a %s", roles[e.role].key,
			    roles[e.role].unit_kinds, e.unit_path, kind);
	}
	free(text);
	if (e.role >= 0 && strcmp(roles[e.role].key, "monitor") == 0) {
		if (e.sex == '\0')
			diag_error(&l->diag, file, line, label(r, idx, K_SEX),
			    "missing: a class has one male and one female "
			    "monitor");
		if (level > 0 && level < 4)
			diag_warning(&l->diag, file, line, NULL, "monitors are "
			    "chosen from grade 4 up; %s is lower", e.unit_path);
	}
	s = field(r, idx, K_ID);
	if (*s != '\0' && l->diag.errors == before) {
		sqlite3_stmt *st = db_prepare(l->db, "SELECT id, kind, unit_id "
		    "FROM person WHERE person_no = ? AND status = 'active'");
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			diag_error(&l->diag, file, line, label(r, idx, K_ID),
			    "no person '%s' on the roster", s);
		else {
			e.person = sqlite3_column_int64(st, 0);
			if (*e.name == '\0') {
				/* a pupil monitor: the roster knows the name */
				sqlite3_stmt *nm = db_prepare(l->db, "SELECT name "
				    "FROM person WHERE id = ?");
				sqlite3_bind_int64(nm, 1, e.person);
				if (sqlite3_step(nm) == SQLITE_ROW) {
					free(e.name);
					e.name = xstrdup(db_column_text(nm, 0));
				}
				sqlite3_finalize(nm);
			}
			if (e.role >= 0 &&
			    strcmp(roles[e.role].key, "monitor") == 0 &&
			    (strcmp(db_column_text(st, 1), "student") != 0 ||
			    sqlite3_column_int64(st, 2) != e.unit))
				diag_error(&l->diag, file, line,
				    label(r, idx, K_ID), "a monitor is a pupil "
				    "of the class; '%s' is not in %s", s,
				    e.unit_path);
		}
		sqlite3_finalize(st);
	}
	if (l->diag.errors != before) {
		free(e.unit_path);
		free(e.name);
		free(e.phone);
		free(e.email);
		return;
	}
	e.file = xstrdup(file);
	l->entries = xgrow(l->entries, &l->cap, l->n + 1, sizeof(*l->entries));
	l->entries[l->n++] = e;
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
			if (b->unit != a->unit || b->role != a->role)
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

static long long
find_contact(struct loader *l, struct entry *e, struct audit *audit,
    struct counts *n, const char *stamp, int *rc)
{
	sqlite3_stmt *st;
	long long id = 0;

	if (e->person > 0) {
		st = db_prepare(l->db, "SELECT id FROM contact WHERE "
		    "person_id = ? ORDER BY id LIMIT 1");
		sqlite3_bind_int64(st, 1, e->person);
	} else {
		st = db_prepare(l->db, "SELECT id FROM contact WHERE name = ?1 "
		    "AND (phone IS ?2 OR ?2 IS NULL OR phone IS NULL) "
		    "ORDER BY phone IS ?2 DESC, id LIMIT 1");
		sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 2, e->phone);
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (id > 0) {
		/* Keep what the file says about an existing contact. */
		char sex[2] = { e->sex, '\0' };
		st = db_prepare(l->db, "UPDATE contact SET name = ?2, "
		    "sex = coalesce(?3, sex), phone = coalesce(?4, phone), "
		    "email = coalesce(?5, email) WHERE id = ?1 AND (name IS NOT "
		    "?2 OR (?3 IS NOT NULL AND sex IS NOT ?3) OR (?4 IS NOT NULL "
		    "AND phone IS NOT ?4) OR (?5 IS NOT NULL AND email IS NOT ?5))");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, e->name, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, sex);
		db_bind_text_or_null(st, 4, e->phone);
		db_bind_text_or_null(st, 5, e->email);
		if (sqlite3_step(st) != SQLITE_DONE)
			*rc = db_fail(l->db, "contacts");
		else if (sqlite3_changes(l->db) > 0)
			*rc = audit_append(audit, "contact.update", e->name,
			    e->phone ? e->phone : "");
		sqlite3_finalize(st);
		return id;
	}
	{
		char sex[2] = { e->sex, '\0' };
		st = db_prepare(l->db, "INSERT INTO contact (name, sex, phone, "
		    "email, person_id, created_at) VALUES (?, ?, ?, ?, ?, ?)");
		sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 2, sex);
		db_bind_text_or_null(st, 3, e->phone);
		db_bind_text_or_null(st, 4, e->email);
		if (e->person > 0)
			sqlite3_bind_int64(st, 5, e->person);
		sqlite3_bind_text(st, 6, stamp, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			*rc = db_fail(l->db, "contacts");
		else {
			id = sqlite3_last_insert_rowid(l->db);
			n->contacts++;
		}
		sqlite3_finalize(st);
	}
	return id;
}

static int
store(struct loader *l, struct counts *n)
{
	struct audit *audit = audit_new(l->db, l->cli->now, l->cli->actor);
	sqlite3_stmt *open_role = db_prepare(l->db, "SELECT 1 FROM role WHERE "
	    "unit_id = ? AND role = ? AND contact_id = ? AND until IS NULL");
	sqlite3_stmt *start = db_prepare(l->db, "INSERT INTO role (unit_id, "
	    "role, contact_id, since) VALUES (?, ?, ?, ?)");
	sqlite3_stmt *holders = db_prepare(l->db, "SELECT r.id, r.contact_id, "
	    "c.name FROM role r JOIN contact c ON c.id = r.contact_id WHERE "
	    "r.unit_id = ? AND r.role = ? AND r.until IS NULL");
	sqlite3_stmt *end = db_prepare(l->db, "UPDATE role SET until = ? "
	    "WHERE id = ?");
	char stamp[32], today[11];
	int rc = 0, step = SQLITE_DONE;

	clock_timestamp(l->cli->now, stamp);
	clock_date(l->cli->now, today);
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		struct entry *e = &l->entries[i];
		const char *key = roles[e->role].key;
		int held;

		n->rows++;
		e->contact = find_contact(l, e, audit, n, stamp, &rc);
		if (rc != 0)
			break;
		sqlite3_bind_int64(open_role, 1, e->unit);
		sqlite3_bind_text(open_role, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(open_role, 3, e->contact);
		held = sqlite3_step(open_role) == SQLITE_ROW;
		sqlite3_reset(open_role);
		if (held) {
			n->unchanged++;
			continue;
		}
		sqlite3_bind_int64(start, 1, e->unit);
		sqlite3_bind_text(start, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(start, 3, e->contact);
		sqlite3_bind_text(start, 4, today, -1, SQLITE_STATIC);
		if (sqlite3_step(start) != SQLITE_DONE)
			rc = db_fail(l->db, "contacts");
		sqlite3_reset(start);
		if (rc == 0) {
			char *detail = xasprintf("%s: %s", key, e->name);
			rc = audit_append(audit, "role.start", e->unit_path,
			    detail);
			free(detail);
			n->added++;
		}
	}
	/* Holders of a named (unit, role) whom the file no longer lists. */
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		struct entry *e = &l->entries[i];
		const char *key = roles[e->role].key;
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = !(l->entries[j].unit == e->unit &&
			    l->entries[j].role == e->role);
		if (!first)
			continue;
		sqlite3_bind_int64(holders, 1, e->unit);
		sqlite3_bind_text(holders, 2, key, -1, SQLITE_STATIC);
		while (rc == 0 && (step = sqlite3_step(holders)) ==
		    SQLITE_ROW) {
			long long role_id = sqlite3_column_int64(holders, 0);
			long long contact = sqlite3_column_int64(holders, 1);
			int listed = 0;

			for (size_t j = 0; j < l->n && !listed; j++)
				listed = l->entries[j].unit == e->unit &&
				    l->entries[j].role == e->role &&
				    l->entries[j].contact == contact;
			if (listed)
				continue;
			sqlite3_bind_text(end, 1, today, -1, SQLITE_STATIC);
			sqlite3_bind_int64(end, 2, role_id);
			if (sqlite3_step(end) != SQLITE_DONE)
				rc = db_fail(l->db, "contacts");
			sqlite3_reset(end);
			if (rc == 0) {
				char *detail = xasprintf("%s: %s", key,
				    db_column_text(holders, 2));
				rc = audit_append(audit, "role.end",
				    e->unit_path, detail);
				free(detail);
				n->ended++;
			}
		}
		sqlite3_reset(holders);
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_fail(l->db, "contacts");
	}
	sqlite3_finalize(open_role);
	sqlite3_finalize(start);
	sqlite3_finalize(holders);
	sqlite3_finalize(end);
	audit_free(audit);
	return rc;
}

/* The gaps in the network, for intake_gaps and the warnings after a
 * load: one query, rows of (unit, gap, detail). */
static const char gaps_sql[] =
    /* the people read once (a CTE used thrice is kept): a million of
     * them, in few places */
    "WITH seen(kind, unit, dormitory) AS (SELECT DISTINCT kind,"
    " unit_id, dormitory_id FROM person WHERE status = 'active'),"
    " students(unit) AS (SELECT unit FROM seen WHERE kind = 'student'),"
    " boarders(unit) AS (SELECT dormitory FROM seen WHERE kind = 'student'"
    " AND dormitory IS NOT NULL),"
    " staff(unit) AS (SELECT unit FROM seen WHERE kind = 'staff'),"
    " held(unit, role, sex) AS (SELECT r.unit_id, r.role, c.sex FROM role r "
    " JOIN contact c ON c.id = r.contact_id WHERE r.until IS NULL),"
    " classes AS (SELECT c.id, c.path, c.parent_id AS grade, g.parent_id AS school,"
    " g.level FROM unit c JOIN unit g ON g.id = c.parent_id "
    " WHERE c.kind = 'class' AND c.status = 'active' AND c.id IN (SELECT unit FROM students)),"
    " found(path, gap, detail) AS ("
    " SELECT path, 'class_teacher', 'no class teacher' FROM classes"
    "  WHERE id NOT IN (SELECT unit FROM held WHERE role = 'class_teacher')"
    " UNION ALL SELECT path, 'monitor', 'no male psychology monitor' FROM classes"
    "  WHERE level >= 4 AND id NOT IN (SELECT unit FROM held WHERE role = 'monitor' AND sex = 'M')"
    " UNION ALL SELECT path, 'monitor', 'no female psychology monitor' FROM classes"
    "  WHERE level >= 4 AND id NOT IN (SELECT unit FROM held WHERE role = 'monitor' AND sex = 'F')"
    " UNION ALL SELECT g.path, 'grade_head', 'no grade head' FROM unit g"
    "  WHERE g.id IN (SELECT grade FROM classes)"
    "  AND g.id NOT IN (SELECT unit FROM held WHERE role = 'grade_head')"
    " UNION ALL SELECT s.path, 'counsellor', 'no psychology teacher or counsellor' FROM unit s"
    "  WHERE s.id IN (SELECT school FROM classes)"
    "  AND s.id NOT IN (SELECT unit FROM held WHERE role = 'counsellor')"
    " UNION ALL SELECT s.path, 'leader', 'no school leader responsible' FROM unit s"
    "  WHERE s.id IN (SELECT school FROM classes)"
    "  AND s.id NOT IN (SELECT unit FROM held WHERE role = 'leader')"
    " UNION ALL SELECT d.path, 'dorm_supervisor', 'no dormitory supervisor' FROM unit d"
    "  WHERE d.kind = 'dormitory' AND d.id IN (SELECT unit FROM boarders)"
    "  AND d.id NOT IN (SELECT unit FROM held WHERE role = 'dorm_supervisor')"
    "  AND d.parent_id NOT IN (SELECT unit FROM held WHERE role = 'dorm_supervisor')"
    " UNION ALL SELECT o.path, 'union_officer', 'no union officer for the staff' FROM unit o"
    "  WHERE o.parent_id IS NULL AND (o.id IN (SELECT unit FROM staff) OR o.id IN"
    "  (SELECT u.parent_id FROM unit u WHERE u.id IN (SELECT unit FROM staff)))"
    "  AND o.id NOT IN (SELECT unit FROM held WHERE role = 'union_officer')),"
    UNITS_ORDER_CTE
    " SELECT f.path, f.gap, f.detail FROM found f LEFT JOIN unit u ON"
    " u.path = f.path LEFT JOIN tree t ON t.id = u.id WHERE ?1 IS NULL OR"
    " f.path = ?1 OR substr(f.path, 1, length(?1) + 1) = ?1 || '/'"
    " ORDER BY t.sortkey, f.gap, f.detail";

sqlite3_stmt *
intake_gaps_stmt(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = db_prepare(db, gaps_sql);

	db_bind_text_or_null(st, 1, path);
	return st;
}

int
intake_gaps(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "unit", "gap", "detail" };
	sqlite3_stmt *st;
	char *path;
	int rc;

	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	st = intake_gaps_stmt(db, path);
	rc = rows_print(db, c, st, 3, cols);
	free(path);
	return rc;
}

static void
warn_gaps(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, gaps_sql);

	sqlite3_bind_null(st, 1);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(stderr, "ph-intake: warning: %s: %s\n",
		    db_column_text(st, 0), db_column_text(st, 2));
	sqlite3_finalize(st);
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
	for (int f = 0; f < nfiles && rc == 0; f++) {
		FILE *fp = io_open_input(files[f]);
		struct rec_reader *r;
		int idx[K_COUNT], got;

		if (fp == NULL) {
			rc = EX_NOINPUT;
			break;
		}
		r = rec_reader_new(fp, io_input_name(files[f]), c->format,
		    c->encoding);
		if (rec_read_header(r) != 0)
			diag_error(&l.diag, rec_name(r), rec_line(r), NULL, "%s",
			    rec_error(r));
		else if (columns_map(r, contact_columns, K_COUNT, idx,
		    &l.diag) == 0) {
			while ((got = rec_read(r)) != 0) {
				if (got < 0) {
					diag_error(&l.diag, rec_name(r),
					    rec_line(r), NULL, "%s",
					    rec_error(r));
					if (got == -2)
						break;
					continue;
				}
				parse_row(&l, r, idx);
			}
		}
		rec_reader_free(r);
		io_close_input(fp);
	}
	if (rc == 0)
		check_counts(&l);
	diag_finish(&l.diag);
	if (rc == 0)
		rc = diag_refused(&l.diag, "loaded");
	if (rc == 0)
		rc = store(&l, &n);
	entries_free(&l);
	if (rc == 0) {
		printf("rows\tadded\tended\tunchanged\tcontacts_created%s\n"
		    "%ld\t%ld\t%ld\t%ld\t%ld%s\n", dry_run ? "\tdry_run" : "",
		    n.rows, n.added, n.ended, n.unchanged, n.contacts,
		    dry_run ? "\tyes" : "");
		/* the record first, then the warnings about it */
		if (fflush(stdout) == EOF)
			rc = EX_IOERR;
		warn_gaps(db);
	}
	if (rc != 0 || dry_run) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
intake_roles(sqlite3 *db, const struct cli *c, const char *unit)
{
	static const char *const cols[] = { "unit", "role", "name", "sex",
	    "phone", "email", "person_no", "since" };
	sqlite3_stmt *st;
	char *path;
	int rc;

	if ((rc = intake_resolve_unit(db, unit, &path)) != 0)
		return rc;
	st = db_prepare(db, "SELECT u.path, r.role, c.name, c.sex, c.phone, "
	    "c.email, p.person_no, r.since FROM role r JOIN unit u ON "
	    "u.id = r.unit_id JOIN contact c ON c.id = r.contact_id LEFT JOIN "
	    "person p ON p.id = c.person_id WHERE r.until IS NULL AND (?1 IS "
	    "NULL OR u.path = ?1 OR substr(u.path, 1, length(?1) + 1) = "
	    "?1 || '/') ORDER BY u.path, r.role, c.name");
	db_bind_text_or_null(st, 1, path);
	rc = rows_print(db, c, st, 8, cols);
	free(path);
	return rc;
}
