/*
 * Loading rosters: students (school > grade > class, dormitory) and staff
 * (organisation > department).  One transaction for all the files of one
 * command: a bad line anywhere means nothing is written, and every bad
 * line is listed.  An unchanged row writes nothing, so reloading the same
 * roster leaves the database file as it was.
 */
#include "intake.h"

#include <err.h>
#include <errno.h>
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
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

enum col {
	C_ID, C_NAME, C_SEX, C_SCHOOL, C_GRADE, C_CLASS, C_DORM, C_BIRTH,
	C_GUARDIAN, C_GPHONE, C_DEPT, C_POSITION, C_NEWHIRE, C_PHONE, C_EMAIL,
	C_FLAGS, C_COUNT
};

static const struct column_spec student_columns[C_COUNT] = {
	[C_ID] = { "student number",
	    "学号|学籍号|学生编号|学生学号|student_no|student_id|student number|id", 1 },
	[C_NAME] = { "name", "姓名|学生姓名|name|student_name", 1 },
	[C_SEX] = { "sex", "性别|sex|gender", 0 },
	[C_SCHOOL] = { "school", "学校|学校名称|school", 1 },
	[C_GRADE] = { "grade", "年级|grade", 0 },
	[C_CLASS] = { "class", "班级|班|班级名称|class", 1 },
	[C_DORM] = { "dormitory", "宿舍|宿舍号|寝室|寝室号|dormitory|dorm", 0 },
	[C_BIRTH] = { "birth date",
	    "出生日期|出生年月日|出生年月|生日|birth_date|birthdate|date_of_birth|dob", 0 },
	[C_GUARDIAN] = { "guardian",
	    "监护人|监护人姓名|家长|家长姓名|guardian|guardian_name", 0 },
	[C_GPHONE] = { "guardian phone",
	    "监护人电话|监护人手机|监护人联系电话|家长电话|家长手机|家长联系电话|联系电话|guardian_phone", 0 },
	[C_DEPT] = { "department", "", 0 },
	[C_POSITION] = { "position", "", 0 },
	[C_NEWHIRE] = { "new hire", "", 0 },
	[C_PHONE] = { "phone", "", 0 },
	[C_EMAIL] = { "email", "", 0 },
	[C_FLAGS] = { "flags",
	    "关注类型|特殊群体|重点关注|关注群体|flags|special_groups", 0 },
};

static const struct column_spec staff_columns[C_COUNT] = {
	[C_ID] = { "staff number",
	    "工号|职工号|教工号|员工号|员工编号|人员编号|staff_no|staff_id|employee_no|employee_id|id", 1 },
	[C_NAME] = { "name", "姓名|name", 1 },
	[C_SEX] = { "sex", "性别|sex|gender", 0 },
	[C_SCHOOL] = { "organisation",
	    "单位|单位名称|学校|工作单位|organisation|organization|school|employer", 1 },
	[C_GRADE] = { "grade", "", 0 },
	[C_CLASS] = { "class", "", 0 },
	[C_DORM] = { "dormitory", "", 0 },
	[C_BIRTH] = { "birth date",
	    "出生日期|出生年月日|生日|birth_date|birthdate|date_of_birth|dob", 0 },
	[C_GUARDIAN] = { "guardian", "", 0 },
	[C_GPHONE] = { "guardian phone", "", 0 },
	[C_DEPT] = { "department",
	    "部门|科室|处室|所在部门|年级组|教研组|department|dept", 0 },
	[C_POSITION] = { "position", "职务|岗位|职位|职称|position|title|job", 0 },
	[C_NEWHIRE] = { "new hire",
	    "新入职|新聘|拟聘|拟聘任|新教师|new_hire|newhire|new", 0 },
	[C_PHONE] = { "phone", "电话|手机|手机号|手机号码|联系电话|phone|mobile", 0 },
	[C_EMAIL] = { "email", "邮箱|电子邮箱|电子邮件|email|e-mail|mail", 0 },
	[C_FLAGS] = { "flags",
	    "关注类型|特殊群体|重点关注|关注群体|flags|special_groups", 0 },
};

/* One person as the row gives it, normalised. */
struct row {
	const char *no, *name, *school, *guardian, *email, *position;
	char sex;
	char birth[11];
	long long unit_id, dorm_id;
	char *guardian_phone, *phone;
	int new_hire;
	unsigned flags;
	long long hash;
};

struct loader {
	sqlite3 *db;
	const struct cli *cli;
	const struct intake_load_opts *opts;
	const struct column_spec *spec;
	const char *kind;		/* "student" or "staff" */
	struct units *units;
	struct audit *audit;
	struct diag diag;
	struct strmap scopes;		/* schools or organisations named */
	char today[11];
	sqlite3_stmt *seen, *seen_line, *lookup, *insert, *update, *old,
	    *flags_open, *flag_add, *flag_close, *unit_path;
	struct intake_load_stats *stats;
	int fresh;			/* nobody on the roster yet */
	long bad_numbers;		/* numbers of bad rows in load_seen */
	/* A first load keeps no seen-set of good rows: the unique index
	 * finds a repeated number, and the files are read again at the end
	 * for the line of its first use. */
	struct repeat {
		char *no, *file;
		size_t line;
		char *first_file;
		size_t first_line;
	} *repeats;
	size_t nrepeats, repeatcap;
	struct input {
		const char *path;
		int id_column;
	} *inputs;
	size_t ninputs, inputcap;
};

static void
prepare(struct loader *l)
{
	sqlite3 *db = l->db;

	l->seen = db_prepare(db, "INSERT OR IGNORE INTO temp.load_seen "
	    "(person_no, file, line) VALUES (?, ?, ?)");
	l->seen_line = db_prepare(db, "SELECT file, line FROM temp.load_seen "
	    "WHERE person_no = ?");
	l->lookup = db_prepare(db, "SELECT id, kind, row_hash, status "
	    "FROM person WHERE person_no = ?");
	l->insert = db_prepare(db, "INSERT INTO person (person_no, kind, "
	    "name, sex, birth_date, unit_id, dormitory_id, guardian, "
	    "guardian_phone, phone, email, position, new_hire, row_hash, "
	    "created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?15)");
	l->update = db_prepare(db, "UPDATE person SET name = ?3, sex = ?4, "
	    "birth_date = ?5, unit_id = ?6, dormitory_id = ?7, guardian = ?8, "
	    "guardian_phone = ?9, phone = ?10, email = ?11, position = ?12, "
	    "new_hire = ?13, row_hash = ?14, updated_at = ?15, "
	    "status = 'active' WHERE person_no = ?1 AND kind = ?2");
	l->old = db_prepare(db, "SELECT p.name, p.sex, p.birth_date, u.path, "
	    "d.path, p.guardian, p.guardian_phone, p.phone, p.email, "
	    "p.position, p.new_hire, p.status FROM person p "
	    "LEFT JOIN unit u ON u.id = p.unit_id "
	    "LEFT JOIN unit d ON d.id = p.dormitory_id WHERE p.id = ?");
	l->flags_open = db_prepare(db, "SELECT id, flag, source FROM "
	    "person_flag WHERE person_id = ? AND until IS NULL");
	l->flag_add = db_prepare(db, "INSERT INTO person_flag (person_id, "
	    "flag, source, since) VALUES (?, ?, 'roster', ?)");
	l->flag_close = db_prepare(db, "UPDATE person_flag SET until = ? "
	    "WHERE id = ?");
	l->unit_path = db_prepare(db, "SELECT path FROM unit WHERE id = ?");
}

static void
finalize(struct loader *l)
{
	sqlite3_stmt **all[] = { &l->seen, &l->seen_line, &l->lookup,
	    &l->insert, &l->update, &l->old, &l->flags_open, &l->flag_add,
	    &l->flag_close, &l->unit_path };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/* A value some spreadsheet turned into a number: 2.0241E+15. */
static int
looks_scientific(const char *s)
{
	const char *e = strpbrk(s, "eE");

	return e != NULL && e > s && strspn(s, "0123456789.") == (size_t)(e - s) &&
	    (e[1] == '+' || e[1] == '-') && e[2] != '\0' &&
	    strspn(e + 2, "0123456789") == strlen(e + 2);
}

static const char *
field(const struct rec_reader *r, const int *idx, enum col c)
{
	return idx[c] >= 0 ? rec_field(r, (size_t)idx[c]) : "";
}

/* The header the file itself uses for column c, for messages. */
static const char *
label(const struct loader *l, const struct rec_reader *r, const int *idx,
    enum col c)
{
	return idx[c] >= 0 ? rec_column(r, (size_t)idx[c]) : l->spec[c].key;
}

static void
bad(struct loader *l, const struct rec_reader *r, const int *idx, enum col c,
    char *why)
{
	diag_error(&l->diag, rec_name(r), rec_line(r), label(l, r, idx, c),
	    "%s", why);
	free(why);
}

/* FNV-1a over each value and a separator, without formatting: this runs
 * for every row of every load. */
static unsigned long long
hash_text(unsigned long long h, const char *text)
{
	if (text != NULL)
		h = strmap_hash(text, strlen(text), h);
	return strmap_hash("\x1f", 1, h);
}

static unsigned long long
hash_int(unsigned long long h, long long v)
{
	return strmap_hash(&v, sizeof(v), h);
}

static void
row_hash(struct row *row, const char *kind)
{
	unsigned long long h = STRMAP_SEED;
	char sex[2] = { row->sex, '\0' };

	h = hash_text(h, kind);
	h = hash_text(h, row->name);
	h = hash_text(h, sex);
	h = hash_text(h, row->birth);
	h = hash_int(h, row->unit_id);
	h = hash_int(h, row->dorm_id);
	h = hash_text(h, row->guardian);
	h = hash_text(h, row->guardian_phone);
	h = hash_text(h, row->phone);
	h = hash_text(h, row->email);
	h = hash_text(h, row->position);
	h = hash_int(h, row->new_hire);
	h = hash_int(h, row->flags);
	row->hash = (long long)h;
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Reads and checks one row; 0 when it is good, -1 after its errors. */
static int
parse_row(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row)
{
	long before = l->diag.errors;
	int students = l->opts->kind == INTAKE_STUDENTS;
	char *why = NULL;
	const char *s;

	memset(row, 0, sizeof(*row));
	row->no = field(r, idx, C_ID);
	if (*row->no == '\0')
		bad(l, r, idx, C_ID, xstrdup("missing"));
	else if (looks_scientific(row->no))
		bad(l, r, idx, C_ID, xasprintf("'%s' was turned into a number "
		    "by a spreadsheet; export the column as text", row->no));
	else if (strpbrk(row->no, " \t\n/") != NULL)
		bad(l, r, idx, C_ID, xasprintf("'%s' has a space or a '/' in "
		    "it", row->no));
	row->name = field(r, idx, C_NAME);
	if (*row->name == '\0')
		bad(l, r, idx, C_NAME, xstrdup("missing"));
	s = field(r, idx, C_SEX);
	if (*s != '\0' && norm_sex(s, &row->sex, &why) != 0)
		bad(l, r, idx, C_SEX, why);
	s = field(r, idx, C_BIRTH);
	if (*s != '\0') {
		if (norm_date(s, row->birth, &why) != 0)
			bad(l, r, idx, C_BIRTH, why);
		else if (strcmp(row->birth, l->today) > 0)
			bad(l, r, idx, C_BIRTH, xasprintf("%s is in the future",
			    row->birth));
	}
	row->school = field(r, idx, C_SCHOOL);
	if (*row->school == '\0' && l->opts->school != NULL)
		row->school = l->opts->school;
	if (*row->school == '\0')
		bad(l, r, idx, C_SCHOOL, xstrdup("missing"));
	else if (strchr(row->school, '/') != NULL)
		bad(l, r, idx, C_SCHOOL, xasprintf("'%s' has a '/' in it, which "
		    "separates units in a path", row->school));
	s = field(r, idx, C_FLAGS);
	if (norm_flags(s, &row->flags, &why) != 0)
		bad(l, r, idx, C_FLAGS, why);
	if (students) {
		int grade = 0, class_grade = 0, class_no = 0;
		char *class_name = NULL;
		const char *gs = field(r, idx, C_GRADE);
		const char *cs = field(r, idx, C_CLASS);

		if (*gs != '\0' && norm_grade(gs, &grade, &why) != 0) {
			bad(l, r, idx, C_GRADE, why);
			grade = -1;
		}
		if (*cs == '\0')
			bad(l, r, idx, C_CLASS, xstrdup("missing"));
		else if (norm_class(cs, &class_name, &class_no, &class_grade,
		    &why) != 0)
			bad(l, r, idx, C_CLASS, why);
		if (class_grade > 0 && grade > 0 && class_grade != grade)
			bad(l, r, idx, C_CLASS, xasprintf("'%s' is in %s, but "
			    "the grade column says %s", cs,
			    norm_grade_name(class_grade), norm_grade_name(grade)));
		if (grade == 0 && class_grade > 0)
			grade = class_grade;
		if (grade == 0 && *gs == '\0')
			bad(l, r, idx, C_GRADE, xstrdup("missing (and the class "
			    "does not name a grade)"));
		if (l->diag.errors == before)
			row->unit_id = units_class(l->units, row->school, grade,
			    class_name, class_no);
		free(class_name);
		s = field(r, idx, C_DORM);
		if (*s != '\0' && l->diag.errors == before) {
			char *dorm = xstrdup(s);
			for (char *p = dorm; (p = strchr(p, '/')) != NULL;)
				*p = '-';
			row->dorm_id = units_dormitory(l->units, row->school,
			    dorm);
			free(dorm);
		}
		row->guardian = or_null(field(r, idx, C_GUARDIAN));
		s = field(r, idx, C_GPHONE);
		if (*s != '\0' && norm_phone(s, &row->guardian_phone, &why) != 0)
			bad(l, r, idx, C_GPHONE, why);
	} else {
		const char *dept = field(r, idx, C_DEPT);

		s = field(r, idx, C_PHONE);
		if (*s != '\0' && norm_phone(s, &row->phone, &why) != 0)
			bad(l, r, idx, C_PHONE, why);
		row->email = or_null(field(r, idx, C_EMAIL));
		if (row->email != NULL && (strchr(row->email, '@') == NULL ||
		    strpbrk(row->email, " ,;") != NULL))
			bad(l, r, idx, C_EMAIL, xasprintf("'%s' is not an e-mail "
			    "address", row->email));
		row->position = or_null(field(r, idx, C_POSITION));
		s = field(r, idx, C_NEWHIRE);
		if (*s != '\0' && norm_bool(s, &row->new_hire, &why) != 0)
			bad(l, r, idx, C_NEWHIRE, why);
		if (l->diag.errors == before) {
			if (*dept != '\0') {
				char *d = xstrdup(dept);
				for (char *p = d; (p = strchr(p, '/')) != NULL;)
					*p = '-';
				row->unit_id = units_department(l->units,
				    row->school, d);
				free(d);
			} else
				row->unit_id = units_organisation(l->units,
				    row->school);
		}
	}
	if (row->unit_id < 0 || row->dorm_id < 0)
		return -2;
	if (l->diag.errors != before)
		return -1;
	row_hash(row, l->kind);
	return 0;
}

static void
row_free(struct row *row)
{
	free(row->guardian_phone);
	free(row->phone);
	row->guardian_phone = row->phone = NULL;
}

/* 1 when this number was already in this load (both lines named), 0
 * when it is new, -1 on a database error. */
static int
duplicate(struct loader *l, const struct rec_reader *r, const char *no)
{
	int rc;

	sqlite3_bind_text(l->seen, 1, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->seen, 2, rec_name(r), -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->seen, 3, (sqlite3_int64)rec_line(r));
	rc = sqlite3_step(l->seen);
	sqlite3_reset(l->seen);
	if (rc != SQLITE_DONE) {
		db_fail(l->db, "load");
		return -1;
	}
	if (sqlite3_changes(l->db) == 1)
		return 0;
	sqlite3_bind_text(l->seen_line, 1, no, -1, SQLITE_STATIC);
	if (sqlite3_step(l->seen_line) == SQLITE_ROW) {
		const char *file = db_column_text(l->seen_line, 0);
		long line = sqlite3_column_int(l->seen_line, 1);

		if (strcmp(file, rec_name(r)) == 0)
			diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
			    "%s '%s' is also on line %ld", l->spec[C_ID].key,
			    no, line);
		else
			diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
			    "%s '%s' is also at %s:%ld", l->spec[C_ID].key, no,
			    file, line);
	}
	sqlite3_reset(l->seen_line);
	return 1;
}

static void
add_repeat(struct loader *l, const struct rec_reader *r, const char *no)
{
	struct repeat *rp;

	l->repeats = xgrow(l->repeats, &l->repeatcap, l->nrepeats + 1,
	    sizeof(*l->repeats));
	rp = &l->repeats[l->nrepeats++];
	rp->no = xstrdup(no);
	rp->file = xstrdup(rec_name(r));
	rp->line = rec_line(r);
	rp->first_file = NULL;
	rp->first_line = 0;
	l->diag.errors++;	/* reported after the files are read again */
}

/* First load: is this number already on a good row (in the person table)
 * or on a bad one (in load_seen)?  1 after recording or reporting it. */
static int
fresh_duplicate(struct loader *l, const struct rec_reader *r, const char *no,
    int good)
{
	int found = 0;

	if (!good) {
		int d = duplicate(l, r, no);
		if (d != 0)
			return d;
		l->bad_numbers++;
		sqlite3_bind_text(l->lookup, 1, no, -1, SQLITE_STATIC);
		found = sqlite3_step(l->lookup) == SQLITE_ROW;
		sqlite3_reset(l->lookup);
		if (found)
			add_repeat(l, r, no);
		return found;
	}
	if (l->bad_numbers == 0)
		return 0;
	sqlite3_bind_text(l->seen_line, 1, no, -1, SQLITE_STATIC);
	found = sqlite3_step(l->seen_line) == SQLITE_ROW;
	sqlite3_reset(l->seen_line);
	return found ? duplicate(l, r, no) : 0;
}

static void
report_repeat(struct loader *l, const struct repeat *rp)
{
	const char *what = l->spec[C_ID].key;

	/* counted when it was found */
	l->diag.errors--;
	if (rp->first_file == NULL)
		diag_error(&l->diag, rp->file, rp->line, NULL, "%s '%s' is also "
		    "earlier in the input", what, rp->no);
	else if (strcmp(rp->first_file, rp->file) == 0)
		diag_error(&l->diag, rp->file, rp->line, NULL, "%s '%s' is also "
		    "on line %zu", what, rp->no, rp->first_line);
	else
		diag_error(&l->diag, rp->file, rp->line, NULL, "%s '%s' is also "
		    "at %s:%zu", what, rp->no, rp->first_file, rp->first_line);
}

/* Reads the files again for the first line of each repeated number. */
static void
find_first_uses(struct loader *l)
{
	struct strmap pending;
	size_t left = l->nrepeats;

	strmap_init(&pending);
	for (size_t i = 0; i < l->nrepeats; i++) {
		long long k;
		if (!strmap_get(&pending, l->repeats[i].no, &k))
			strmap_put(&pending, l->repeats[i].no, (long long)i);
	}
	for (size_t f = 0; f < l->ninputs && left > 0; f++) {
		const struct input *in = &l->inputs[f];
		struct rec_reader *r;
		FILE *fp;
		int got;

		if (strcmp(in->path, "-") == 0 || in->id_column < 0 ||
		    (fp = fopen(in->path, "r")) == NULL)
			continue;
		r = rec_reader_new(fp, in->path, l->cli->format,
		    l->cli->encoding);
		while (left > 0 && (got = rec_read(r)) != 0) {
			const char *no;
			long long k;

			if (got == -2)
				break;
			if (got < 0)
				continue;
			no = rec_field(r, (size_t)in->id_column);
			if (!strmap_get(&pending, no, &k) || k < 0)
				continue;
			/* every repeat of this number gets this first use */
			for (size_t i = 0; i < l->nrepeats; i++) {
				struct repeat *rp = &l->repeats[i];
				if (rp->first_file != NULL ||
				    strcmp(rp->no, no) != 0)
					continue;
				rp->first_file = xstrdup(in->path);
				rp->first_line = rec_line(r);
				left--;
			}
			strmap_put(&pending, no, -1);
		}
		rec_reader_free(r);
		fclose(fp);
	}
	strmap_free(&pending);
	for (size_t i = 0; i < l->nrepeats; i++) {
		report_repeat(l, &l->repeats[i]);
		free(l->repeats[i].no);
		free(l->repeats[i].file);
		free(l->repeats[i].first_file);
	}
	free(l->repeats);
	l->repeats = NULL;
	l->nrepeats = 0;
}

static void
bind_row(struct loader *l, sqlite3_stmt *st, const struct row *row)
{
	sqlite3_bind_text(st, 1, row->no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, l->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, row->name, -1, SQLITE_STATIC);
	if (row->sex != '\0')
		sqlite3_bind_text(st, 4, row->sex == 'M' ? "M" : "F", 1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	db_bind_static_or_null(st, 5, row->birth);
	if (row->unit_id > 0)
		sqlite3_bind_int64(st, 6, row->unit_id);
	else
		sqlite3_bind_null(st, 6);
	if (row->dorm_id > 0)
		sqlite3_bind_int64(st, 7, row->dorm_id);
	else
		sqlite3_bind_null(st, 7);
	db_bind_static_or_null(st, 8, row->guardian);
	db_bind_static_or_null(st, 9, row->guardian_phone);
	db_bind_static_or_null(st, 10, row->phone);
	db_bind_static_or_null(st, 11, row->email);
	db_bind_static_or_null(st, 12, row->position);
	sqlite3_bind_int(st, 13, row->new_hire);
	sqlite3_bind_int64(st, 14, row->hash);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)l->cli->now);
}

static int
step_done(struct loader *l, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_fail(l->db, what);
	return 0;
}

/* Brings the open roster flags of a person to mask; a counsellor's own
 * (manual) flags are left alone.  Changes are described in change. */
static int
sync_flags(struct loader *l, long long person, unsigned mask,
    struct buf *change)
{
	unsigned open_mask = 0;
	int rc;

	sqlite3_bind_int64(l->flags_open, 1, person);
	while ((rc = sqlite3_step(l->flags_open)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(l->flags_open, 0);
		const char *key = db_column_text(l->flags_open, 1);
		int roster = strcmp(db_column_text(l->flags_open, 2),
		    "roster") == 0;
		int flag;
		char *why = NULL;

		if (norm_flag(key, &flag, &why) != 0) {
			free(why);
			continue;
		}
		open_mask |= 1u << flag;
		if (roster && !(mask & (1u << flag))) {
			sqlite3_bind_text(l->flag_close, 1, l->today, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(l->flag_close, 2, id);
			if ((rc = step_done(l, l->flag_close, "flags")) != 0) {
				sqlite3_reset(l->flags_open);
				return rc;
			}
			if (change != NULL)
				buf_printf(change, "%sflag -%s",
				    change->len ? "; " : "", key);
		}
	}
	sqlite3_reset(l->flags_open);
	if (rc != SQLITE_DONE)
		return db_fail(l->db, "flags");
	for (int f = 0; f < FLAG_COUNT; f++) {
		if (!(mask & (1u << f)) || (open_mask & (1u << f)))
			continue;
		sqlite3_bind_int64(l->flag_add, 1, person);
		sqlite3_bind_text(l->flag_add, 2, norm_flag_key(f), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(l->flag_add, 3, l->today, -1, SQLITE_STATIC);
		if ((rc = step_done(l, l->flag_add, "flags")) != 0)
			return rc;
		if (change != NULL)
			buf_printf(change, "%sflag +%s", change->len ? "; " : "",
			    norm_flag_key(f));
	}
	return 0;
}

static char *
unit_path(struct loader *l, long long id)
{
	char *path = NULL;

	if (id <= 0)
		return xstrdup("");
	sqlite3_bind_int64(l->unit_path, 1, id);
	if (sqlite3_step(l->unit_path) == SQLITE_ROW)
		path = xstrdup(db_column_text(l->unit_path, 0));
	sqlite3_reset(l->unit_path);
	return path != NULL ? path : xstrdup("");
}

static void
describe(struct buf *b, const char *what, const char *old, const char *now)
{
	if (strcmp(old, now) == 0)
		return;
	buf_printf(b, "%s%s: %s -> %s", b->len ? "; " : "", what,
	    *old ? old : "(none)", *now ? now : "(none)");
}

/* An existing person whose row changed: update, and say what changed. */
static int
update(struct loader *l, long long id, const struct row *row)
{
	struct buf change = {0};
	char sex[2] = { row->sex, '\0' }, hire[2] = { (char)('0' + row->new_hire), '\0' };
	char *unit = unit_path(l, row->unit_id), *dorm = unit_path(l, row->dorm_id);
	int rc;

	sqlite3_bind_int64(l->old, 1, id);
	if (sqlite3_step(l->old) == SQLITE_ROW) {
		describe(&change, "name", db_column_text(l->old, 0), row->name);
		describe(&change, "sex", db_column_text(l->old, 1), sex);
		describe(&change, "birth_date", db_column_text(l->old, 2),
		    row->birth);
		describe(&change, "unit", db_column_text(l->old, 3), unit);
		describe(&change, "dormitory", db_column_text(l->old, 4), dorm);
		describe(&change, "guardian", db_column_text(l->old, 5),
		    row->guardian ? row->guardian : "");
		describe(&change, "guardian_phone", db_column_text(l->old, 6),
		    row->guardian_phone ? row->guardian_phone : "");
		describe(&change, "phone", db_column_text(l->old, 7),
		    row->phone ? row->phone : "");
		describe(&change, "email", db_column_text(l->old, 8),
		    row->email ? row->email : "");
		describe(&change, "position", db_column_text(l->old, 9),
		    row->position ? row->position : "");
		describe(&change, "new_hire", db_column_text(l->old, 10), hire);
		describe(&change, "status", db_column_text(l->old, 11),
		    "active");
	}
	sqlite3_reset(l->old);
	free(unit);
	free(dorm);
	bind_row(l, l->update, row);
	if ((rc = step_done(l, l->update, "update")) == 0 &&
	    (rc = sync_flags(l, id, row->flags, &change)) == 0)
		rc = audit_append(l->audit, "person.update", row->no,
		    buf_str(&change));
	buf_free(&change);
	return rc;
}

/* Stores one good row; 0, or a sysexits code. */
static int
store(struct loader *l, const struct rec_reader *r, const struct row *row)
{
	long long id, hash;
	int rc, same, active;
	char kind[8];

	/* A first load need not look anybody up: the seen-set already
	 * caught numbers repeated in the files. */
	if (l->fresh)
		rc = SQLITE_DONE;
	else {
		sqlite3_bind_text(l->lookup, 1, row->no, -1, SQLITE_STATIC);
		rc = sqlite3_step(l->lookup);
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(l->lookup);
		bind_row(l, l->insert, row);
		rc = sqlite3_step(l->insert);
		sqlite3_reset(l->insert);
		sqlite3_clear_bindings(l->insert);
		if (l->fresh && rc == SQLITE_CONSTRAINT_UNIQUE) {
			add_repeat(l, r, row->no);
			return 0;
		}
		if (rc != SQLITE_DONE)
			return db_fail(l->db, "insert");
		l->stats->added++;
		if (row->flags == 0)
			return 0;
		return sync_flags(l, sqlite3_last_insert_rowid(l->db),
		    row->flags, NULL);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(l->lookup);
		return db_fail(l->db, "lookup");
	}
	id = sqlite3_column_int64(l->lookup, 0);
	snprintf(kind, sizeof(kind), "%s", db_column_text(l->lookup, 1));
	hash = sqlite3_column_int64(l->lookup, 2);
	active = strcmp(db_column_text(l->lookup, 3), "active") == 0;
	sqlite3_reset(l->lookup);
	if (strcmp(kind, l->kind) != 0) {
		diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
		    "'%s' is already the number of a %s member", row->no,
		    strcmp(kind, "staff") == 0 ? "staff" : "student");
		return 0;
	}
	same = hash == row->hash && active;
	if (same) {
		l->stats->unchanged++;
		return 0;
	}
	l->stats->updated++;
	return update(l, id, row);
}

static int
load_file(struct loader *l, const char *path)
{
	FILE *fp = io_open_input(path);
	const char *name = io_input_name(path);
	struct rec_reader *r;
	int idx[C_COUNT], rc = 0, got;
	struct column_spec spec[C_COUNT];

	if (fp == NULL)
		return EX_NOINPUT;
	r = rec_reader_new(fp, name, l->cli->format, l->cli->encoding);
	if (rec_read_header(r) != 0) {
		diag_error(&l->diag, name, rec_line(r), NULL, "%s",
		    rec_error(r));
		goto done;
	}
	memcpy(spec, l->spec, sizeof(spec));
	if (l->opts->school != NULL)
		spec[C_SCHOOL].required = 0;
	if (columns_map(r, spec, C_COUNT, idx, &l->diag) != 0)
		goto done;
	l->inputs = xgrow(l->inputs, &l->inputcap, l->ninputs + 1,
	    sizeof(*l->inputs));
	l->inputs[l->ninputs].path = path;
	l->inputs[l->ninputs++].id_column = idx[C_ID];
	if (l->opts->kind == INTAKE_STUDENTS && idx[C_GRADE] < 0)
		diag_warning(&l->diag, name, rec_line(r), NULL, "no grade "
		    "column: each class must name its grade (初一(3)班)");
	while ((got = rec_read(r)) != 0) {
		struct row row;
		int d, prc;

		if (got < 0) {
			diag_error(&l->diag, name, rec_line(r), NULL, "%s",
			    rec_error(r));
			if (got == -2)
				break;
			continue;
		}
		l->stats->rows++;
		prc = parse_row(l, r, idx, &row);
		if (prc == -2) {
			row_free(&row);
			rc = EX_SOFTWARE;
			break;
		}
		if (*row.no != '\0' && (d = l->fresh ?
		    fresh_duplicate(l, r, row.no, prc == 0) :
		    duplicate(l, r, row.no)) != 0) {
			row_free(&row);
			if (d < 0) {
				rc = EX_SOFTWARE;
				break;
			}
			continue;
		}
		if (prc == 0) {
			if (l->opts->full)
				strmap_put(&l->scopes, row.school, 1);
			/* even after an error, so that a number used by
			 * staff is reported too; it is all rolled back */
			rc = store(l, r, &row);
		}
		row_free(&row);
		if (rc != 0)
			break;
	}
done:
	rec_reader_free(r);
	if (fp != stdin && fclose(fp) == EOF && rc == 0) {
		warn("%s", name);
		rc = EX_IOERR;
	}
	return rc;
}

/* --full: people of the named schools (organisations) who were in no
 * file are marked as left; their archive stays. */
static int
mark_left(struct loader *l)
{
	sqlite3_stmt *gone = db_prepare(l->db,
	    "SELECT p.id, p.person_no FROM person p JOIN unit u "
	    "ON u.id = p.unit_id WHERE p.kind = ?1 AND p.status = 'active' "
	    "AND (u.path = ?2 OR substr(u.path, 1, length(?2) + 1) = ?2 || '/') "
	    "AND NOT EXISTS (SELECT 1 FROM temp.load_seen s "
	    "WHERE s.person_no = p.person_no)");
	sqlite3_stmt *leave = db_prepare(l->db,
	    "UPDATE person SET status = 'left', updated_at = ? WHERE id = ?");
	int rc = 0;

	for (size_t i = 0; i < l->scopes.cap && rc == 0; i++) {
		const char *scope = l->scopes.slots[i].key;
		int step;

		if (scope == NULL)
			continue;
		sqlite3_bind_text(gone, 1, l->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(gone, 2, scope, -1, SQLITE_STATIC);
		while (rc == 0 && (step = sqlite3_step(gone)) == SQLITE_ROW) {
			sqlite3_bind_int64(leave, 1, (sqlite3_int64)l->cli->now);
			sqlite3_bind_int64(leave, 2, sqlite3_column_int64(gone, 0));
			rc = step_done(l, leave, "left");
			if (rc == 0)
				rc = audit_append(l->audit, "person.left",
				    db_column_text(gone, 1), scope);
			l->stats->left++;
		}
		sqlite3_reset(gone);
	}
	sqlite3_finalize(gone);
	sqlite3_finalize(leave);
	return rc;
}

static int
nobody_yet(sqlite3 *db)
{
	sqlite3_stmt *any = db_prepare(db,
	    "SELECT NOT EXISTS (SELECT 1 FROM person)");
	int none = sqlite3_step(any) == SQLITE_ROW &&
	    sqlite3_column_int(any, 0);

	sqlite3_finalize(any);
	return none;
}

int
intake_load(sqlite3 *db, const struct cli *c, const struct intake_load_opts *o,
    char *const *files, int nfiles, struct intake_load_stats *stats)
{
	static char *const stdin_only[] = { "-" };
	struct loader l;
	int rc;

	memset(&l, 0, sizeof(l));
	memset(stats, 0, sizeof(*stats));
	l.db = db;
	l.cli = c;
	l.opts = o;
	l.stats = stats;
	l.spec = o->kind == INTAKE_STUDENTS ? student_columns : staff_columns;
	l.kind = o->kind == INTAKE_STUDENTS ? "student" : "staff";
	diag_init(&l.diag, c->max_errors);
	strmap_init(&l.scopes);
	clock_date(c->now, l.today);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	l.fresh = nobody_yet(db);
	/* Into an empty database a rollback journal has nothing to save;
	 * only there, because a reload that changes nothing must write
	 * nothing, not even the journal mode. */
	if (l.fresh && (rc = db_bulk_journal(db)) != 0)
		return rc;
	if ((rc = db_begin(db)) != 0)
		goto restore;
	/* The seen-set of a reload lives in a temporary file, not in
	 * memory. */
	if ((rc = db_exec(db, ""
	    "CREATE TEMP TABLE IF NOT EXISTS load_seen (person_no TEXT "
	    "PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL) "
	    "WITHOUT ROWID; DELETE FROM temp.load_seen")) != 0)
		goto fail;
	prepare(&l);
	/* another process may have loaded while we waited for the lock */
	l.fresh = l.fresh && nobody_yet(db);
	l.units = units_new(db, c->now);
	l.audit = audit_new(db, c->now, c->actor);
	for (int i = 0; i < nfiles && rc == 0; i++)
		rc = load_file(&l, files[i]);
	if (l.nrepeats > 0)
		find_first_uses(&l);
	free(l.inputs);
	/* on a first load nobody can have left */
	if (rc == 0 && l.diag.errors == 0 && o->full && !l.fresh)
		rc = mark_left(&l);
	stats->units = units_created(l.units);
	if (rc == 0 && l.diag.errors == 0 &&
	    stats->added + stats->left + stats->units > 0) {
		char *detail = xasprintf("%s: %ld rows, %ld added, %ld updated, "
		    "%ld unchanged, %ld left, %ld units created",
		    nfiles == 1 ? io_input_name(files[0]) : "several files",
		    stats->rows, stats->added, stats->updated, stats->unchanged,
		    stats->left, stats->units);
		rc = audit_append(l.audit, o->kind == INTAKE_STUDENTS ?
		    "roster.load" : "staff.load", "", detail);
		free(detail);
	}
	diag_finish(&l.diag);
	finalize(&l);
	units_free(l.units);
	audit_free(l.audit);
	strmap_free(&l.scopes);
	if (rc == 0)
		rc = diag_refused(&l.diag, "loaded");
	if (rc != 0 || o->dry_run)
		goto fail;
	rc = db_commit(db);
	goto restore;
fail:
	db_rollback(db);
restore:
	if (l.fresh) {
		int wal = db_wal_journal(db);
		rc = rc ? rc : wal;
	}
	return rc;
}
