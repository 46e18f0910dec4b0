/*
 * Value normalisers: the forms that real school and HR systems export,
 * turned into one canonical form each.  Every function returns 0 on
 * success, or -1 and sets *why to a malloc'd message saying what is wrong
 * and what was expected (the caller frees it).  Input is a field as the
 * record reader returns it (UTF-8, trimmed, full-width digits folded).
 */
#ifndef PH_NORM_H
#define PH_NORM_H

/* Grades as levels: 1-6 primary, 7-9 junior middle, 10-12 senior middle,
 * 13-17 undergraduate (大一..大五), 18-20 postgraduate (研一..研三).
 * Accepts "7", "07", "七年级", "7年级", "初一", "初中一年级", "高二",
 * "高中二年级", "大一", "大学一年级", "一年级", "小学三年级", "研一",
 * "Grade 7", "G7", "year 7". */
int norm_grade(const char *in, int *level, char **why);
/* Canonical name of a level: 一年级 ... 六年级, 七年级, 八年级, 九年级,
 * 高一, 高二, 高三, 大一 ... 大五, 研一 ... 研三; NULL when out of range. */
const char *norm_grade_name(int level);

/* Class: "3", "03", "3班", "(3)班", "（3）班", "三班", "初一(3)班",
 * "七年级3班", "高二（3）班" give name "3班" and number 3; a grade named
 * inside the text is returned in *grade_level (else 0).  Any other
 * non-empty text ("国际班", "计算机2301班") is kept as the name, with
 * number 0.  *name is malloc'd. */
int norm_class(const char *in, char **name, int *number, int *grade_level,
    char **why);

/* Sex: 男/女, 男性/女性, M/F, m/f, male/female, 1/2 (GB/T 2261.1) give
 * 'M' or 'F'. */
int norm_sex(const char *in, char *sex, char **why);

/* Dates: 2012-05-03, 2012-5-3, 2012/5/3, 2012.5.3, 20120503,
 * 2012年5月3日, an optional time after a space ("2012-05-03 00:00:00"),
 * and Excel serial day numbers 20000-80000.  The date must exist and lie
 * in 1900-2100.  out receives "YYYY-MM-DD". */
int norm_date(const char *in, char out[11], char **why);

/* Phones: mainland mobiles (11 digits, 1[3-9]...) with spaces or dashes
 * and an optional +86/0086/86 prefix give the 11 digits; landlines
 * 0XX(X)-NNNNNNN(N) with optional dash give "0XXX-NNNNNNNN".  A number
 * that a spreadsheet turned into "1.38E+10" is refused with a message
 * that says so.  *out is malloc'd. */
int norm_phone(const char *in, char **out, char **why);

/* Yes/no: 是/否, 有/无, Y/N, yes/no, true/false, 1/0, √/×. */
int norm_bool(const char *in, int *value, char **why);

/* Special-group flags: a fixed vocabulary. */
enum {
	FLAG_LEFT_BEHIND,	/* 留守 */
	FLAG_SINGLE_PARENT,	/* 单亲 */
	FLAG_DIVORCED,		/* 离异 */
	FLAG_BEREAVED,		/* 亲人病故 */
	FLAG_ILL,		/* 患病 */
	FLAG_BULLIED,		/* 欺凌 */
	FLAG_INCLUSIVE,		/* 随班就读 */
	FLAG_MENTAL_ILLNESS,	/* 精神病史 */
	FLAG_HARDSHIP,		/* 家庭困难 */
	FLAG_COUNT
};
/* English key ("left_behind") and Chinese name ("留守") of a flag. */
const char *norm_flag_key(int flag);
const char *norm_flag_zh(int flag);
/* One flag by key or Chinese name (or a common longer form such as
 * "留守儿童", "父母离异", "遭遇校园欺凌"); its number, or -1 with *why. */
int norm_flag(const char *in, int *flag, char **why);
/* A list separated by ';' '；' '、' ',' '，' (empty items ignored) into a
 * bit mask (1u << flag).  Every unknown item is named in *why. */
int norm_flags(const char *in, unsigned *mask, char **why);
/* The keys of a mask joined with ';' ("left_behind;hardship"), malloc'd. */
char *norm_flags_keys(unsigned mask);

#endif
