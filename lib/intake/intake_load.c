/*
 * Loading rosters: students (school > grade > class, dormitory) and staff
 * (organisation > department).  One transaction for all the files of one
 * command: a bad line anywhere means nothing is written, and every bad
 * line is listed.  An unchanged row writes nothing, so reloading the same
 * roster leaves the database file as it was.
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
#include "intake_guardians.h"
#include "load.h"
#include "mail.h"
#include "norm.h"
#include "queries.h"
#include "rec.h"
#include "strmap.h"
#include "units.h"
#include "xalloc.h"

enum col {
	C_ID, C_NAME, C_SEX, C_SCHOOL, C_GRADE, C_CLASS, C_DORM, C_BIRTH,
	C_GUARDIAN, C_GPHONE, C_DEPT, C_POSITION, C_NEWHIRE, C_PHONE, C_EMAIL,
	C_FLAGS, C_GREL, C_GEMAIL, C_G2, C_G2PHONE, C_G2REL, C_G2EMAIL,
	C_FATHER, C_FPHONE, C_MOTHER, C_MPHONE, C_COUNT
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
	    "监护人|监护人姓名|监护人1|监护人1姓名|家长|家长姓名|guardian|guardian_name|guardian1", 0 },
	[C_GPHONE] = { "guardian phone",
	    "监护人电话|监护人手机|监护人联系电话|监护人1电话|监护人1手机|家长电话|家长手机|家长联系电话|联系电话|guardian_phone|guardian1_phone", 0 },
	[C_DEPT] = { "department", "", 0 },
	[C_POSITION] = { "position", "", 0 },
	[C_NEWHIRE] = { "new hire", "", 0 },
	[C_PHONE] = { "phone", "", 0 },
	[C_EMAIL] = { "email", "", 0 },
	[C_FLAGS] = { "flags",
	    "关注类型|特殊群体|重点关注|关注群体|flags|special_groups", 0 },
	[C_GREL] = { "guardian relation",
	    "监护人关系|与监护人关系|监护人1关系|家长关系|与学生关系|guardian_relation|guardian1_relation", 0 },
	[C_GEMAIL] = { "guardian e-mail",
	    "监护人邮箱|监护人电子邮箱|监护人1邮箱|家长邮箱|guardian_email|guardian1_email", 0 },
	[C_G2] = { "second guardian",
	    "监护人2|监护人2姓名|第二监护人|家长2|家长2姓名|guardian2|guardian2_name", 0 },
	[C_G2PHONE] = { "second guardian phone",
	    "监护人2电话|监护人2手机|监护人2联系电话|第二监护人电话|家长2电话|家长2手机|guardian2_phone", 0 },
	[C_G2REL] = { "second guardian relation",
	    "监护人2关系|与监护人2关系|第二监护人关系|家长2关系|guardian2_relation", 0 },
	[C_G2EMAIL] = { "second guardian e-mail",
	    "监护人2邮箱|监护人2电子邮箱|家长2邮箱|guardian2_email", 0 },
	[C_FATHER] = { "father", "父亲|父亲姓名|father|father_name", 0 },
	[C_FPHONE] = { "father phone",
	    "父亲电话|父亲手机|父亲联系电话|father_phone", 0 },
	[C_MOTHER] = { "mother", "母亲|母亲姓名|mother|mother_name", 0 },
	[C_MPHONE] = { "mother phone",
	    "母亲电话|母亲手机|母亲联系电话|mother_phone", 0 },
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
	[C_GUARDIAN] = { "emergency contact",
	    "紧急联系人|紧急联系人姓名|紧急联系人1|emergency_contact|emergency_name", 0 },
	[C_GPHONE] = { "emergency contact phone",
	    "紧急联系人电话|紧急联系人手机|紧急联系电话|紧急联系人1电话|emergency_phone|emergency_contact_phone", 0 },
	[C_DEPT] = { "department",
	    "部门|科室|处室|所在部门|年级组|教研组|department|dept", 0 },
	[C_POSITION] = { "position", "职务|岗位|职位|职称|position|title|job", 0 },
	[C_NEWHIRE] = { "new hire",
	    "新入职|新聘|拟聘|拟聘任|新教师|new_hire|newhire|new", 0 },
	[C_PHONE] = { "phone", "电话|手机|手机号|手机号码|联系电话|phone|mobile", 0 },
	[C_EMAIL] = { "email", "邮箱|电子邮箱|电子邮件|email|e-mail|mail", 0 },
	[C_FLAGS] = { "flags",
	    "关注类型|特殊群体|重点关注|关注群体|flags|special_groups", 0 },
	[C_GREL] = { "emergency contact relation",
	    "紧急联系人关系|与紧急联系人关系|紧急联系人1关系|emergency_relation|emergency_contact_relation", 0 },
	[C_GEMAIL] = { "emergency contact e-mail",
	    "紧急联系人邮箱|emergency_email|emergency_contact_email", 0 },
	[C_G2] = { "second emergency contact",
	    "紧急联系人2|紧急联系人2姓名|emergency_contact2", 0 },
	[C_G2PHONE] = { "second emergency contact phone",
	    "紧急联系人2电话|紧急联系人2手机|emergency_contact2_phone", 0 },
	[C_G2REL] = { "second emergency contact relation",
	    "紧急联系人2关系|emergency_contact2_relation", 0 },
	[C_G2EMAIL] = { "second emergency contact e-mail",
	    "紧急联系人2邮箱|emergency_contact2_email", 0 },
	[C_FATHER] = { "father", "", 0 },
	[C_FPHONE] = { "father phone", "", 0 },
	[C_MOTHER] = { "mother", "", 0 },
	[C_MPHONE] = { "mother phone", "", 0 },
};

/* Where a row names its guardians (staff: emergency contacts), first to
 * last; C_COUNT: no such column.  A father's or mother's column says
 * the relation itself. */
static const struct guardian_slot {
	enum col name, phone, relation, email;
	const char *relation_of_column;
} guardian_slots[GUARDIAN_SLOTS] = {
	{ C_GUARDIAN, C_GPHONE, C_GREL, C_GEMAIL, NULL },
	{ C_G2, C_G2PHONE, C_G2REL, C_G2EMAIL, NULL },
	{ C_FATHER, C_FPHONE, C_COUNT, C_COUNT, "父亲" },
	{ C_MOTHER, C_MPHONE, C_COUNT, C_COUNT, "母亲" },
};

/* One person as the row gives it, normalised. */
struct row {
	const char *no, *name, *school, *guardian, *email, *position;
	char sex;
	char birth[11];
	long long unit_id, dorm_id;
	const char *guardian_phone;	/* the first guardian's, as before */
	char *phone;
	struct guardians guardians;
	int new_hire;
	unsigned flags;
	long long hash;
};

/* The values of a row in intake_load_insert and intake_load_update: ?1
 * to ?14, then the time; sixteen rows in intake_load_insert_batch, the
 * time after them all. */
#define ROW_PARAMS 14
#define PERSON_BATCH 16

/* A first load's good row, kept until PERSON_BATCH of them are written
 * in one statement: its texts are copies, its phones its own. */
struct pending {
	struct row row;
	struct buf texts;
	size_t input, line;	/* where it is, for a repeat */
};

struct loader {
	sqlite3 *db;
	const struct cli *cli;
	const struct intake_load_opts *opts;
	const struct column_spec *spec;
	const char *kind;		/* "student" or "staff" */
	const char *path;		/* the file being read, as given */
	struct units *units;
	struct audit *audit;
	struct diag diag;
	struct strmap scopes;		/* schools or organisations named */
	char today[11];
	sqlite3_stmt *seen, *seen_line, *lookup, *walk, *insert,
	    *insert_batch, *update, *old, *flags_open, *flag_add, *flag_close,
	    *unit_path;
	struct guardian_writer guardian_writer;
	struct intake_load_stats *stats;
	int fresh;			/* nobody on the roster yet */
	long bad_numbers;		/* numbers of bad rows in load_seen */
	/* A reload finds each row's person by walking the roster in number
	 * order beside the files (walk: at the first number at or after
	 * walk_sought, past the last, or to be searched again), and marks
	 * each person a row names, a bit by id (ids are given from 1 up;
	 * one far beyond the people there are goes into seen_far). */
	enum { WALK_NONE, WALK_AT, WALK_END } walk_at;
	struct buf walk_sought;
	unsigned char *seen_bits;
	size_t seen_size;
	struct strmap seen_far;
	/* A reload reading stdin, which cannot be read again for the line
	 * of a repeat's first use, keeps every number in load_seen. */
	int seen_lines;
	/* No load keeps a seen-set of good rows: the unique index (a first
	 * load) or the seen marks (a reload) find a repeated number, and
	 * the files are read again at the end for the line of its first
	 * use. */
	struct repeat {
		char *no, *file;
		size_t line;
		char *first_file;
		size_t first_line;
	} *repeats;
	size_t nrepeats, repeatcap;
	struct input {
		const char *path;
		char *name;		/* as messages name it */
		int id_column;
	} *inputs;
	size_t ninputs, inputcap;
	struct pending pending[PERSON_BATCH];
	size_t npending;
	/* The last good row's school, grade and class cells, and its class:
	 * an export lists a class's pupils one after another. */
	struct buf last_cells;
	long long last_class;
};

static int write_pending(struct loader *l);

#define LOADER(member, sql) DB_STATEMENT(struct loader, member, sql)
static const struct db_statement loader_statements[] = {
	LOADER(seen, sql_intake_load_seen_add),
	LOADER(seen_line, sql_intake_load_seen_line),
	LOADER(lookup, sql_intake_load_person),
	LOADER(walk, sql_intake_load_walk),
	LOADER(insert, sql_intake_load_insert),
	LOADER(insert_batch, sql_intake_load_insert_batch),
	LOADER(update, sql_intake_load_update),
	LOADER(old, sql_intake_load_old),
	LOADER(flags_open, sql_intake_load_flags_open),
	LOADER(flag_add, sql_intake_load_flag_add),
	LOADER(flag_close, sql_intake_load_flag_close),
	LOADER(unit_path, sql_intake_load_unit_path),
};

static void
prepare(struct loader *l)
{
	sqlite3 *db = l->db;

	db_prepare_set(db, l, loader_statements,
	    DB_SET_SIZE(loader_statements));
	guardian_writer_init(&l->guardian_writer, db);
}

static void
finalize(struct loader *l)
{
	db_finalize_set(l, loader_statements, DB_SET_SIZE(loader_statements));
	guardian_writer_free(&l->guardian_writer);
}

/* Whether st, its parameters bound, gives a row: 0 with *found set (st
 * reset), or the code of a failed step. */
static int
has_row(sqlite3 *db, sqlite3_stmt *st, int *found)
{
	int rc = 0;

	*found = db_row(db, st, &rc);
	if (*found)
		sqlite3_reset(st);
	return rc;
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
	/* a row naming only a first guardian's name and phone hashes as
	 * before guardians had relations, e-mail and company */
	for (size_t i = 0; guardians_beyond_first(&row->guardians) &&
	    i < row->guardians.n; i++) {
		const struct guardian_cell *g = &row->guardians.g[i];

		h = hash_text(h, g->name);
		h = hash_text(h, g->relation);
		h = hash_text(h, g->phone);
		h = hash_text(h, g->email);
	}
	row->hash = (long long)h;
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* A unit's name from a cell: a '/' would separate units in its path. */
static char *
unit_name(const char *cell)
{
	char *name = xstrdup(cell);

	for (char *p = name; (p = strchr(p, '/')) != NULL;)
		*p = '-';
	return name;
}

/* The number, name, sex, birth date, school and flags every row has. */
static void
parse_person(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row)
{
	char *why = NULL;
	const char *s;

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
}

/* Whether the cells of a row's school, grade and class are the last good
 * row's (so is its class, and its cells hold no error). */
static int
same_class(const struct loader *l, const char *school, const char *gs,
    const char *cs)
{
	const char *cells[3] = { school, gs, cs };
	const char *p = l->last_cells.data;

	if (l->last_class <= 0 || p == NULL)
		return 0;
	for (size_t i = 0; i < 3; p += strlen(p) + 1, i++)
		if (strcmp(p, cells[i]) != 0)
			return 0;
	return 1;
}

static void
remember_class(struct loader *l, const char *school, const char *gs,
    const char *cs, long long id)
{
	buf_reset(&l->last_cells);
	buf_append(&l->last_cells, school, strlen(school) + 1);
	buf_append(&l->last_cells, gs, strlen(gs) + 1);
	buf_append(&l->last_cells, cs, strlen(cs) + 1);
	l->last_class = id;
}

/* A pupil's class, from the grade and class columns (either may name the
 * grade), made when the row is good so far (errors are still before). */
static void
parse_class(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row, long before)
{
	int grade = 0, class_grade = 0, class_no = 0;
	char *class_name = NULL, *why = NULL;
	const char *gs = field(r, idx, C_GRADE);
	const char *cs = field(r, idx, C_CLASS);

	if (same_class(l, row->school, gs, cs)) {
		if (l->diag.errors == before)
			row->unit_id = l->last_class;
		return;
	}
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
	if (l->diag.errors == before) {
		row->unit_id = units_class(l->units, row->school, grade,
		    class_name, class_no);
		remember_class(l, row->school, gs, cs, row->unit_id);
	}
	free(class_name);
}

/* A pupil: class and dormitory. */
static void
parse_pupil(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row, long before)
{
	const char *s;

	parse_class(l, r, idx, row, before);
	s = field(r, idx, C_DORM);
	if (*s != '\0' && l->diag.errors == before) {
		char *dorm = unit_name(s);
		row->dorm_id = units_dormitory(l->units, row->school, dorm);
		free(dorm);
	}
}

/* Column c's field, "" when c is C_COUNT (no such column). */
static const char *
slot_field(const struct rec_reader *r, const int *idx, enum col c)
{
	return c == C_COUNT ? "" : field(r, idx, c);
}

/* One guardian's columns into c: 1 when the row names one there. */
static int
parse_guardian(struct loader *l, const struct rec_reader *r, const int *idx,
    const struct guardian_slot *s, struct guardian_cell *c)
{
	const char *phone = slot_field(r, idx, s->phone);
	char *why = NULL;

	c->name = or_null(slot_field(r, idx, s->name));
	c->email = or_null(slot_field(r, idx, s->email));
	c->relation = or_null(slot_field(r, idx, s->relation));
	if (*phone != '\0' && norm_phone(phone, &c->phone, &why) != 0)
		bad(l, r, idx, s->phone, why);
	if (c->email != NULL && (why = mail_addr_error(c->email)) != NULL)
		bad(l, r, idx, s->email, why);
	if (c->name == NULL && c->phone == NULL && c->email == NULL) {
		free(c->phone);
		c->phone = NULL;
		return 0;
	}
	if (c->relation == NULL)
		c->relation = s->relation_of_column;
	return 1;
}

/* Whether c repeats an earlier guardian of g (a 监护人 who is also in the
 * 父亲 columns). */
static int
repeated_guardian(const struct guardians *g, const struct guardian_cell *c)
{
	for (size_t i = 0; i < g->n; i++)
		if ((c->name == NULL || (g->g[i].name != NULL &&
		    strcmp(c->name, g->g[i].name) == 0)) &&
		    (c->phone == NULL || (g->g[i].phone != NULL &&
		    strcmp(c->phone, g->g[i].phone) == 0)) &&
		    c->email == NULL)
			return 1;
	return 0;
}

/* Every guardian (staff: emergency contact) the row names, in order;
 * person.guardian and guardian_phone are the first one's. */
static void
parse_guardians(struct loader *l, const struct rec_reader *r,
    const int *idx, struct row *row)
{
	struct guardians *g = &row->guardians;

	for (size_t i = 0; i < GUARDIAN_SLOTS; i++) {
		struct guardian_cell c = {0};

		if (!parse_guardian(l, r, idx, &guardian_slots[i], &c))
			continue;
		if (repeated_guardian(g, &c)) {
			free(c.phone);
			continue;
		}
		g->g[g->n++] = c;
	}
	if (g->n > 0) {
		row->guardian = g->g[0].name;
		row->guardian_phone = g->g[0].phone;
	}
}

/* A member of staff: phone, e-mail, position, new hire, department. */
static void
parse_staff(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row, long before)
{
	const char *dept = field(r, idx, C_DEPT);
	char *why = NULL;
	const char *s;

	s = field(r, idx, C_PHONE);
	if (*s != '\0' && norm_phone(s, &row->phone, &why) != 0)
		bad(l, r, idx, C_PHONE, why);
	row->email = or_null(field(r, idx, C_EMAIL));
	if (row->email != NULL && (why = mail_addr_error(row->email)) != NULL)
		bad(l, r, idx, C_EMAIL, why);
	row->position = or_null(field(r, idx, C_POSITION));
	s = field(r, idx, C_NEWHIRE);
	if (*s != '\0' && norm_bool(s, &row->new_hire, &why) != 0)
		bad(l, r, idx, C_NEWHIRE, why);
	if (l->diag.errors != before)
		return;
	if (*dept != '\0') {
		char *d = unit_name(dept);
		row->unit_id = units_department(l->units, row->school, d);
		free(d);
	} else
		row->unit_id = units_organisation(l->units, row->school);
}

/* Reads and checks one row: 0 when it is good, -1 after its errors, -2
 * when its unit could not be made. */
static int
parse_row(struct loader *l, const struct rec_reader *r, const int *idx,
    struct row *row)
{
	long before = l->diag.errors;

	memset(row, 0, sizeof(*row));
	parse_person(l, r, idx, row);
	parse_guardians(l, r, idx, row);
	if (l->opts->kind == INTAKE_STUDENTS)
		parse_pupil(l, r, idx, row, before);
	else
		parse_staff(l, r, idx, row, before);
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
	guardians_free(&row->guardians);
	free(row->phone);
	row->guardian_phone = row->phone = NULL;
}

/* Whether this number was already in this load, both lines named when
 * it was: 0 with *dup set, or the code of a failed step. */
static int
duplicate(struct loader *l, const struct rec_reader *r, const char *no,
    int *dup)
{
	int rc = 0;

	*dup = 0;
	sqlite3_bind_text(l->seen, 1, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->seen, 2, rec_name(r), -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->seen, 3, (sqlite3_int64)rec_line(r));
	if ((rc = db_run(l->db, l->seen)) != 0 || sqlite3_changes(l->db) == 1)
		return rc;
	*dup = 1;
	sqlite3_bind_text(l->seen_line, 1, no, -1, SQLITE_STATIC);
	if (!db_row(l->db, l->seen_line, &rc))
		return rc;
	if (strcmp(db_column_text(l->seen_line, 0), rec_name(r)) == 0)
		diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
		    "%s '%s' is also on line %d", l->spec[C_ID].key, no,
		    sqlite3_column_int(l->seen_line, 1));
	else
		diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
		    "%s '%s' is also at %s:%d", l->spec[C_ID].key, no,
		    db_column_text(l->seen_line, 0),
		    sqlite3_column_int(l->seen_line, 1));
	sqlite3_reset(l->seen_line);
	return 0;
}

static void
add_repeat(struct loader *l, const char *file, size_t line, const char *no)
{
	struct repeat *rp;

	l->repeats = xgrow(l->repeats, &l->repeatcap, l->nrepeats + 1,
	    sizeof(*l->repeats));
	rp = &l->repeats[l->nrepeats++];
	rp->no = xstrdup(no);
	rp->file = xstrdup(file);
	rp->line = line;
	rp->first_file = NULL;
	rp->first_line = 0;
	l->diag.errors++;	/* reported after the files are read again */
}

/* Ids beyond this many people go into seen_far, not the bits. */
#define SEEN_BITS_MAX (1LL << 32)

/* Whether person id was named by an earlier row of this reload; mark
 * sets its mark too. */
static int
seen_at(struct loader *l, long long id, int mark)
{
	char key[24];
	long long v;
	size_t byte, had = l->seen_size;
	unsigned char bit;
	int was;

	if (id < 0 || id >= SEEN_BITS_MAX) {
		snprintf(key, sizeof(key), "%lld", id);
		was = strmap_get(&l->seen_far, key, &v);
		if (mark && !was)
			strmap_put(&l->seen_far, key, 1);
		return was;
	}
	byte = (size_t)(id / 8);
	bit = (unsigned char)(1u << (id % 8));
	if (byte >= l->seen_size) {
		if (!mark)
			return 0;
		l->seen_bits = xgrow(l->seen_bits, &l->seen_size, byte + 1, 1);
		memset(l->seen_bits + had, 0, l->seen_size - had);
	}
	was = (l->seen_bits[byte] & bit) != 0;
	if (mark)
		l->seen_bits[byte] |= bit;
	return was;
}

/* Is this number already on a good row or on a bad one?  A good row's
 * number is looked for among the people when it is stored (a first
 * load's unique index, a reload's seen marks); here only among the bad
 * rows' numbers in load_seen, unless every number goes there.  A bad
 * row's number is recorded there and looked for among the people this
 * load stored.  *dup set after recording or reporting it; 0, or the
 * code of a failed step. */
static int
check_duplicate(struct loader *l, const struct rec_reader *r,
    const char *no, int good, int *dup)
{
	int rc = 0, found;

	*dup = 0;
	if (l->seen_lines)
		return duplicate(l, r, no, dup);
	if (!good) {
		if ((rc = duplicate(l, r, no, dup)) != 0 || *dup)
			return rc;
		l->bad_numbers++;
		/* the rows kept so far are in the table to look in */
		if ((rc = write_pending(l)) != 0)
			return rc;
		sqlite3_bind_text(l->lookup, 1, no, -1, SQLITE_STATIC);
		if (!db_row(l->db, l->lookup, &rc))
			return rc;
		found = l->fresh ||
		    seen_at(l, sqlite3_column_int64(l->lookup, 0), 0);
		sqlite3_reset(l->lookup);
		if (found) {
			add_repeat(l, rec_name(r), rec_line(r), no);
			*dup = 1;
		}
		return 0;
	}
	if (l->bad_numbers == 0)
		return 0;
	sqlite3_bind_text(l->seen_line, 1, no, -1, SQLITE_STATIC);
	if ((rc = has_row(l->db, l->seen_line, &found)) != 0 || !found)
		return rc;
	return duplicate(l, r, no, dup);
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
		rec_reader_sheet(r, l->cli->sheet);
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

/* Binds row's values to ?at+1 ... ?at+ROW_PARAMS of st. */
static void
bind_row(struct loader *l, sqlite3_stmt *st, const struct row *row, int at)
{
	sqlite3_bind_text(st, at + 1, row->no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 2, l->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 3, row->name, -1, SQLITE_STATIC);
	if (row->sex != '\0')
		sqlite3_bind_text(st, at + 4, row->sex == 'M' ? "M" : "F", 1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, at + 4);
	db_bind_static_or_null(st, at + 5, row->birth);
	if (row->unit_id > 0)
		sqlite3_bind_int64(st, at + 6, row->unit_id);
	else
		sqlite3_bind_null(st, at + 6);
	if (row->dorm_id > 0)
		sqlite3_bind_int64(st, at + 7, row->dorm_id);
	else
		sqlite3_bind_null(st, at + 7);
	db_bind_static_or_null(st, at + 8, row->guardian);
	db_bind_static_or_null(st, at + 9, row->guardian_phone);
	db_bind_static_or_null(st, at + 10, row->phone);
	db_bind_static_or_null(st, at + 11, row->email);
	db_bind_static_or_null(st, at + 12, row->position);
	sqlite3_bind_int(st, at + 13, row->new_hire);
	sqlite3_bind_int64(st, at + 14, row->hash);
}

/* Binds one row's values and the time to st (intake_load_insert or
 * intake_load_update). */
static void
bind_one(struct loader *l, sqlite3_stmt *st, const struct row *row)
{
	bind_row(l, st, row, 0);
	sqlite3_bind_int64(st, ROW_PARAMS + 1, (sqlite3_int64)l->cli->now);
}

/* Runs st to its end and clears its parameters for the next row. */
static int
run(struct loader *l, sqlite3_stmt *st)
{
	int rc = db_run(l->db, st);

	sqlite3_clear_bindings(st);
	return rc;
}

/* Closes the open roster flags of a person that mask no longer has; a
 * counsellor's own (manual) flags are left alone.  *open_mask gets every
 * open flag. */
static int
close_flags(struct loader *l, long long person, unsigned mask,
    unsigned *open_mask, struct buf *change)
{
	int rc = 0;

	*open_mask = 0;
	sqlite3_bind_int64(l->flags_open, 1, person);
	while (db_row(l->db, l->flags_open, &rc)) {
		const char *key = db_column_text(l->flags_open, 1);
		int roster = strcmp(db_column_text(l->flags_open, 2),
		    "roster") == 0;
		int flag;
		char *why = NULL;

		if (norm_flag(key, &flag, &why) != 0) {
			free(why);
			continue;
		}
		*open_mask |= 1u << flag;
		if (!roster || (mask & (1u << flag)))
			continue;
		sqlite3_bind_text(l->flag_close, 1, l->today, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(l->flag_close, 2,
		    sqlite3_column_int64(l->flags_open, 0));
		if ((rc = run(l, l->flag_close)) != 0) {
			sqlite3_reset(l->flags_open);
			return rc;
		}
		if (change != NULL)
			buf_printf(change, "%sflag -%s",
			    change->len ? "; " : "", key);
	}
	return rc;
}

/* Opens the flags of mask that open_mask does not have.  Changes are
 * described in change (NULL: not described). */
static int
open_flags(struct loader *l, long long person, unsigned mask,
    unsigned open_mask, struct buf *change)
{
	int rc;

	for (int f = 0; f < FLAG_COUNT; f++) {
		if (!(mask & (1u << f)) || (open_mask & (1u << f)))
			continue;
		sqlite3_bind_int64(l->flag_add, 1, person);
		sqlite3_bind_text(l->flag_add, 2, norm_flag_key(f), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(l->flag_add, 3, l->today, -1, SQLITE_STATIC);
		if ((rc = run(l, l->flag_add)) != 0)
			return rc;
		if (change != NULL)
			buf_printf(change, "%sflag +%s", change->len ? "; " : "",
			    norm_flag_key(f));
	}
	return 0;
}

/* Brings the open roster flags of a person to mask.  Changes are
 * described in change. */
static int
sync_flags(struct loader *l, long long person, unsigned mask,
    struct buf *change)
{
	unsigned open_mask;
	int rc;

	if ((rc = close_flags(l, person, mask, &open_mask, change)) != 0)
		return rc;
	return open_flags(l, person, mask, open_mask, change);
}

/* The path of unit id into *path (malloc'd; "" for none): 0 or a code. */
static int
unit_path(struct loader *l, long long id, char **path)
{
	int rc;

	*path = NULL;
	if (id > 0) {
		sqlite3_bind_int64(l->unit_path, 1, id);
		if ((rc = db_text(l->db, l->unit_path, path)) > 0)
			return rc;
	}
	if (*path == NULL)
		*path = xstrdup("");
	return 0;
}

static void
describe(struct buf *b, const char *what, const char *old, const char *now)
{
	if (strcmp(old, now) == 0)
		return;
	buf_printf(b, "%s%s: %s -> %s", b->len ? "; " : "", what,
	    *old ? old : "(none)", *now ? now : "(none)");
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* What changed for person id, whose row is now row. */
static int
describe_change(struct loader *l, long long id, const struct row *row,
    struct buf *change)
{
	char sex[2] = { row->sex, '\0' };
	char hire[2] = { (char)('0' + row->new_hire), '\0' };
	char *unit = NULL, *dorm = NULL;
	sqlite3_stmt *old = l->old;
	int rc;

	if ((rc = unit_path(l, row->unit_id, &unit)) != 0 ||
	    (rc = unit_path(l, row->dorm_id, &dorm)) != 0) {
		free(unit);
		return rc;
	}
	sqlite3_bind_int64(old, 1, id);
	if (db_row(l->db, old, &rc)) {
		describe(change, "name", db_column_text(old, 0), row->name);
		describe(change, "sex", db_column_text(old, 1), sex);
		describe(change, "birth_date", db_column_text(old, 2),
		    row->birth);
		describe(change, "unit", db_column_text(old, 3), unit);
		describe(change, "dormitory", db_column_text(old, 4), dorm);
		describe(change, "guardian", db_column_text(old, 5),
		    or_empty(row->guardian));
		describe(change, "guardian_phone", db_column_text(old, 6),
		    or_empty(row->guardian_phone));
		describe(change, "phone", db_column_text(old, 7),
		    or_empty(row->phone));
		describe(change, "email", db_column_text(old, 8),
		    or_empty(row->email));
		describe(change, "position", db_column_text(old, 9),
		    or_empty(row->position));
		describe(change, "new_hire", db_column_text(old, 10), hire);
		describe(change, "status", db_column_text(old, 11), "active");
		sqlite3_reset(old);
	}
	free(unit);
	free(dorm);
	return rc;
}

/* An existing person whose row changed: update, and say what changed. */
static int
update(struct loader *l, long long id, const struct row *row)
{
	struct buf change = {0};
	int rc;

	if ((rc = describe_change(l, id, row, &change)) == 0) {
		bind_one(l, l->update, row);
		rc = run(l, l->update);
	}
	if (rc == 0 && (rc = sync_flags(l, id, row->flags, &change)) == 0 &&
	    (rc = guardians_store(&l->guardian_writer, id, &row->guardians,
	    &change)) == 0)
		rc = audit_append(l->audit, "person.update", row->no,
		    buf_str(&change));
	buf_free(&change);
	return rc;
}

/* A new person's row inserted as id, or (id 0) left by the insert as a
 * repeat: its other rows written, or the repeat noted. */
static int
stored_new(struct loader *l, long long id, const char *file, size_t line,
    const struct row *row)
{
	int rc;

	if (id == 0) {
		add_repeat(l, file, line, row->no);
		return 0;
	}
	l->stats->added++;
	if (!l->fresh)
		seen_at(l, id, 1);
	/* a lone guardian's name and phone are person.guardian and
	 * guardian_phone: no row of their own (013_guardians.sql) */
	if (guardians_beyond_first(&row->guardians) &&
	    (rc = guardians_store(&l->guardian_writer, id, &row->guardians,
	    NULL)) != 0)
		return rc;
	/* a person just added has no flag open to look for */
	return open_flags(l, id, row->flags, 0, NULL);
}

/* A number nobody has here yet.  On a first load, a number an earlier
 * row has was not looked up: the insert leaves it, a repeat. */
static int
store_new(struct loader *l, const char *file, size_t line,
    const struct row *row)
{
	int rc;

	bind_one(l, l->insert, row);
	if ((rc = run(l, l->insert)) != 0)
		return rc;
	return stored_new(l, sqlite3_changes(l->db) == 0 ? 0 :
	    sqlite3_last_insert_rowid(l->db), file, line, row);
}

/* Makes the walk search again for the next number: the person table is
 * about to change under it. */
static void
walk_forget(struct loader *l)
{
	sqlite3_reset(l->walk);
	l->walk_at = WALK_NONE;
}

/* One step of the walk: 0, or the code of a failed step. */
static int
walk_step(struct loader *l)
{
	int rc = 0;

	l->walk_at = db_row(l->db, l->walk, &rc) ? WALK_AT : WALK_END;
	return rc;
}

/* The walk searched again from number no. */
static int
walk_seek(struct loader *l, const char *no)
{
	sqlite3_reset(l->walk);
	sqlite3_bind_text(l->walk, 1, no, -1, SQLITE_TRANSIENT);
	return walk_step(l);
}

/* Steps of the walk over numbers no row names before it searches. */
#define WALK_STEPS 8

/* The walk brought to the first number at or after no: 0 with *found
 * set when that is no (the walk's row is then its person), or the code
 * of a failed step.  A row after the last in number order costs a step
 * or a few; one before it, a search. */
static int
walk_to(struct loader *l, const char *no, int *found)
{
	int rc = 0, cmp = 1, steps = 0;

	if (l->walk_at == WALK_NONE ||
	    strcmp(no, buf_str(&l->walk_sought)) < 0)
		rc = walk_seek(l, no);
	while (rc == 0 && l->walk_at == WALK_AT &&
	    (cmp = strcmp(db_column_text(l->walk, 4), no)) < 0)
		rc = steps++ < WALK_STEPS ? walk_step(l) : walk_seek(l, no);
	buf_reset(&l->walk_sought);
	buf_puts(&l->walk_sought, no);
	*found = rc == 0 && l->walk_at == WALK_AT && cmp == 0;
	return rc;
}

/* A number the walk found: a repeat when an earlier row named its
 * person; its person is updated when the row changed. */
static int
store_known(struct loader *l, const struct rec_reader *r,
    const struct row *row)
{
	long long id = sqlite3_column_int64(l->walk, 0);
	long long hash = sqlite3_column_int64(l->walk, 2);
	int active = strcmp(db_column_text(l->walk, 3), "active") == 0;
	const char *kind = db_column_text(l->walk, 1);

	if (seen_at(l, id, 1)) {
		add_repeat(l, rec_name(r), rec_line(r), row->no);
		return 0;
	}
	if (strcmp(kind, l->kind) != 0) {
		diag_error(&l->diag, rec_name(r), rec_line(r), NULL,
		    "'%s' is already the number of a %s member", row->no,
		    strcmp(kind, "staff") == 0 ? "staff" : "student");
		return 0;
	}
	if (hash == row->hash && active) {
		l->stats->unchanged++;
		return 0;
	}
	l->stats->updated++;
	walk_forget(l);
	return update(l, id, row);
}

/* Keeps a first load's good row until its batch is written: its texts
 * copied (the reader's fields change with the next line), its phones
 * taken from row. */
static void
keep_row(struct loader *l, const struct rec_reader *r, struct row *row)
{
	struct pending *p = &l->pending[l->npending++];
	struct row *k = &p->row;
	const char **texts[4 + 3 * GUARDIAN_SLOTS];
	size_t at[4 + 3 * GUARDIAN_SLOTS] = {0}, n = 0;

	*k = *row;
	memset(&row->guardians, 0, sizeof(row->guardians));
	row->phone = NULL;
	texts[n++] = &k->no;
	texts[n++] = &k->name;
	texts[n++] = &k->email;
	texts[n++] = &k->position;
	for (size_t i = 0; i < k->guardians.n; i++) {
		texts[n++] = &k->guardians.g[i].name;
		texts[n++] = &k->guardians.g[i].relation;
		texts[n++] = &k->guardians.g[i].email;
	}
	buf_reset(&p->texts);
	for (size_t i = 0; i < n; i++)
		if (*texts[i] != NULL) {
			at[i] = p->texts.len;
			buf_append(&p->texts, *texts[i], strlen(*texts[i]) + 1);
		}
	for (size_t i = 0; i < n; i++)
		if (*texts[i] != NULL)
			*texts[i] = p->texts.data + at[i];
	k->school = NULL;
	k->guardian = k->guardians.n > 0 ? k->guardians.g[0].name : NULL;
	k->guardian_phone = k->guardians.n > 0 ? k->guardians.g[0].phone :
	    NULL;
	p->input = l->ninputs - 1;
	p->line = rec_line(r);
}

/* A kept row of a batch that left some rows (repeats): its id, 0 for a
 * repeat.  The batch gave its new rows the ids from *next up, in order,
 * so a row is new when its number has the next of them. */
static int
batch_id(struct loader *l, const struct row *row, long long *next,
    long long *id)
{
	int rc = 0;

	*id = 0;
	sqlite3_bind_text(l->lookup, 1, row->no, -1, SQLITE_STATIC);
	if (db_row(l->db, l->lookup, &rc)) {
		if (*next > 0 && sqlite3_column_int64(l->lookup, 0) == *next)
			*id = (*next)++;
		sqlite3_reset(l->lookup);
	}
	return rc;
}

/* Writes the kept rows: PERSON_BATCH in one statement, fewer (the end of
 * the files) one by one; 0 or a code. */
static int
write_pending(struct loader *l)
{
	size_t n = l->npending;
	long long made = PERSON_BATCH, first = 0, id;
	int rc = 0;

	l->npending = 0;
	if (n == PERSON_BATCH) {
		for (size_t k = 0; k < n; k++)
			bind_row(l, l->insert_batch, &l->pending[k].row,
			    (int)k * ROW_PARAMS);
		sqlite3_bind_int64(l->insert_batch, PERSON_BATCH * ROW_PARAMS +
		    1, (sqlite3_int64)l->cli->now);
		/* every value is bound again for the next batch */
		if ((rc = db_run(l->db, l->insert_batch)) == 0 &&
		    (made = sqlite3_changes(l->db)) > 0)
			first = sqlite3_last_insert_rowid(l->db) - made + 1;
	}
	for (size_t k = 0; k < n; k++) {
		struct pending *p = &l->pending[k];
		const char *file = l->inputs[p->input].name;

		if (rc != 0)
			;
		else if (n < PERSON_BATCH)
			rc = store_new(l, file, p->line, &p->row);
		else if (made == PERSON_BATCH)
			rc = stored_new(l, first + (long long)k, file, p->line,
			    &p->row);
		else if ((rc = batch_id(l, &p->row, &first, &id)) == 0)
			rc = stored_new(l, id, file, p->line, &p->row);
		row_free(&p->row);
	}
	return rc;
}

/* Stores one good row; 0, or a sysexits code. */
static int
store(struct loader *l, const struct rec_reader *r, struct row *row)
{
	int rc, found;

	/* A first load need not look anybody up: the unique index finds
	 * numbers repeated in the files.  Its rows are written
	 * PERSON_BATCH at a time. */
	if (l->fresh) {
		keep_row(l, r, row);
		return l->npending == PERSON_BATCH ? write_pending(l) : 0;
	}
	if ((rc = walk_to(l, row->no, &found)) != 0)
		return rc;
	if (found)
		return store_known(l, r, row);
	walk_forget(l);
	return store_new(l, rec_name(r), rec_line(r), row);
}

/* Each record of a roster file (load_file's row). */
static int
load_row(void *ctx, struct rec_reader *r, const int *idx)
{
	struct loader *l = ctx;
	struct row row;
	int prc, dup = 0, rc = 0;

	l->stats->rows++;
	prc = parse_row(l, r, idx, &row);
	if (prc == -2)
		rc = EX_SOFTWARE;
	else if (*row.no != '\0')
		rc = check_duplicate(l, r, row.no, prc == 0, &dup);
	if (rc == 0 && !dup && prc == 0) {
		if (l->opts->full)
			strmap_put(&l->scopes, row.school, 1);
		/* even after an error, so that a number used by staff is
		 * reported too; it is all rolled back */
		rc = store(l, r, &row);
	}
	row_free(&row);
	return rc;
}

/* A roster file's header (load_file's mapped): where its numbers are,
 * for find_first_uses. */
static int
load_mapped(void *ctx, const struct rec_reader *r, const int *idx)
{
	struct loader *l = ctx;

	l->inputs = xgrow(l->inputs, &l->inputcap, l->ninputs + 1,
	    sizeof(*l->inputs));
	l->inputs[l->ninputs].path = l->path;
	l->inputs[l->ninputs].name = xstrdup(rec_name(r));
	l->inputs[l->ninputs++].id_column = idx[C_ID];
	if (l->opts->kind == INTAKE_STUDENTS && idx[C_GRADE] < 0)
		diag_warning(&l->diag, rec_name(r), rec_line(r), NULL, "no "
		    "grade column: each class must name its grade (初一(3)班)");
	return 0;
}

static int
load_one(struct loader *l, const char *path)
{
	struct column_spec spec[C_COUNT];
	int idx[C_COUNT];
	struct load_file lf = {
		.path = path,
		.format = l->cli->format,
		.encoding = l->cli->encoding,
		.sheet = l->cli->sheet,
		.columns = spec,
		.ncolumns = C_COUNT,
		.index = idx,
		.diag = &l->diag,
		.row = load_row,
		.mapped = load_mapped,
		.ctx = l,
	};

	memcpy(spec, l->spec, sizeof(spec));
	if (l->opts->school != NULL)
		spec[C_SCHOOL].required = 0;
	l->path = path;
	return load_file(&lf);
}

/* --full: people of the named schools (organisations) who were in no
 * file are marked as left; their archive stays. */
static int
mark_left(struct loader *l)
{
	sqlite3_stmt *gone = db_prepare(l->db, sql_intake_load_gone);
	sqlite3_stmt *leave = db_prepare(l->db, sql_intake_load_leave);
	int rc = 0;

	for (size_t i = 0; i < l->scopes.cap && rc == 0; i++) {
		const char *scope = l->scopes.slots[i].key;

		if (scope == NULL)
			continue;
		sqlite3_bind_text(gone, 1, l->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(gone, 2, scope, -1, SQLITE_STATIC);
		while (rc == 0 && db_row(l->db, gone, &rc)) {
			if (seen_at(l, sqlite3_column_int64(gone, 0), 0))
				continue;
			sqlite3_bind_int64(leave, 1, (sqlite3_int64)l->cli->now);
			sqlite3_bind_int64(leave, 2, sqlite3_column_int64(gone, 0));
			rc = run(l, leave);
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

/* Whether nobody is on the roster yet: 0 with *none set, or a code. */
static int
nobody_yet(sqlite3 *db, int *none)
{
	sqlite3_stmt *any = db_prepare(db, sql_intake_load_nobody_yet);
	long long v = 0;
	int rc = db_int(db, any, &v);

	sqlite3_finalize(any);
	*none = rc == 0 && v != 0;
	return rc == DB_NONE ? 0 : rc;
}

/* The trail's record of a load that changed something. */
static int
audit_load(struct loader *l, char *const *files, int nfiles)
{
	const struct intake_load_stats *n = l->stats;
	char *detail = xasprintf("%s: %ld rows, %ld added, %ld updated, "
	    "%ld unchanged, %ld left, %ld units created",
	    nfiles == 1 ? io_input_name(files[0]) : "several files",
	    n->rows, n->added, n->updated, n->unchanged, n->left, n->units);
	int rc = audit_append(l->audit, l->opts->kind == INTAKE_STUDENTS ?
	    "roster.load" : "staff.load", "", detail);

	free(detail);
	return rc;
}

/* The files read into the open transaction: 0 (the lines' errors are in
 * l->diag) or a code. */
static int
load_all(struct loader *l, char *const *files, int nfiles)
{
	struct intake_load_stats *n = l->stats;
	int rc;

	if ((rc = db_exec(l->db, sql_intake_load_seen_create)) != 0 ||
	    (rc = db_exec(l->db, sql_intake_load_seen_clear)) != 0)
		return rc;
	prepare(l);
	/* another process may have loaded while we waited for the lock */
	if (l->fresh && (rc = nobody_yet(l->db, &l->fresh)) != 0)
		return rc;
	for (int i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0)
			l->seen_lines = !l->fresh;
	l->units = units_new(l->db, l->cli->now);
	l->audit = audit_new(l->db, l->cli->now, l->cli->actor);
	for (int i = 0; i < nfiles && rc == 0; i++)
		rc = load_one(l, files[i]);
	if (rc == 0)
		rc = write_pending(l);
	if (l->nrepeats > 0)
		find_first_uses(l);
	/* on a first load nobody can have left */
	if (rc == 0 && l->diag.errors == 0 && l->opts->full && !l->fresh)
		rc = mark_left(l);
	n->units = units_created(l->units);
	if (rc == 0 && l->diag.errors == 0 && n->added + n->left + n->units > 0)
		rc = audit_load(l, files, nfiles);
	return rc;
}

static void
loader_init(struct loader *l, sqlite3 *db, const struct cli *c,
    const struct intake_load_opts *o, struct intake_load_stats *stats)
{
	memset(l, 0, sizeof(*l));
	memset(stats, 0, sizeof(*stats));
	l->db = db;
	l->cli = c;
	l->opts = o;
	l->stats = stats;
	l->spec = o->kind == INTAKE_STUDENTS ? student_columns : staff_columns;
	l->kind = o->kind == INTAKE_STUDENTS ? "student" : "staff";
	diag_init(&l->diag, c->max_errors);
	strmap_init(&l->scopes);
	strmap_init(&l->seen_far);
	clock_date(c->now, l->today);
}

static void
loader_free(struct loader *l)
{
	finalize(l);
	units_free(l->units);
	audit_free(l->audit);
	strmap_free(&l->scopes);
	strmap_free(&l->seen_far);
	free(l->seen_bits);
	buf_free(&l->walk_sought);
	for (size_t i = 0; i < l->ninputs; i++)
		free(l->inputs[i].name);
	free(l->inputs);
	for (size_t i = 0; i < l->npending; i++)
		row_free(&l->pending[i].row);
	for (size_t i = 0; i < PERSON_BATCH; i++)
		buf_free(&l->pending[i].texts);
	buf_free(&l->last_cells);
}

int
intake_load_end(sqlite3 *db, struct diag *d, int rc, int dry_run)
{
	if (dry_run && rc == 0 && d->errors == 0) {
		db_rollback(db);
		return 0;
	}
	return load_end(db, d, rc, "loaded");
}

int
intake_load(sqlite3 *db, const struct cli *c, const struct intake_load_opts *o,
    char *const *files, int nfiles, struct intake_load_stats *stats)
{
	static char *const stdin_only[] = { "-" };
	struct loader l;
	int rc, bulk;

	loader_init(&l, db, c, o, stats);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	/* Into an empty database a rollback journal has nothing to save;
	 * only there, because a reload that changes nothing must write
	 * nothing, not even the journal mode. */
	if ((rc = nobody_yet(db, &l.fresh)) != 0 ||
	    (l.fresh && (rc = db_bulk_journal(db)) != 0)) {
		loader_free(&l);
		return rc;
	}
	/* the load may find under the lock that another came first; if
	 * so, its references are still to units it found or made itself */
	bulk = l.fresh;
	if (bulk && (rc = db_exec(db, sql_foreign_keys_off)) != 0) {
		loader_free(&l);
		return rc;
	}
	if ((rc = db_begin(db)) == 0) {
		rc = load_all(&l, files, nfiles);
		loader_free(&l);
		rc = intake_load_end(db, &l.diag, rc, o->dry_run);
	} else
		loader_free(&l);
	if (bulk) {
		int fk = db_exec(db, sql_foreign_keys_on);
		int wal = db_wal_journal(db);
		rc = rc ? rc : fk ? fk : wal;
	}
	return rc;
}
