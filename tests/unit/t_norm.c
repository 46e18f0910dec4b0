/* The value normalisers, one test per accepted form and per refusal. */
#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "tap.h"

static void
grade(struct tap *t, const char *in, int want)
{
	int level = -1;
	char *why = NULL, what[128];
	int rc = norm_grade(in, &level, &why);

	snprintf(what, sizeof(what), "grade '%s' -> %d", in, want);
	if (want > 0)
		ok(t, rc == 0 && level == want, what);
	else
		ok(t, rc != 0 && why != NULL && strstr(why, in) != NULL, what);
	free(why);
}

static void
klass(struct tap *t, const char *in, const char *name, int number, int g)
{
	char *got = NULL, *why = NULL, what[128];
	int n = -1, gl = -1;
	int rc = norm_class(in, &got, &n, &gl, &why);

	snprintf(what, sizeof(what), "class '%s' -> %s", in,
	    name ? name : "refused");
	if (name != NULL)
		ok(t, rc == 0 && strcmp(got, name) == 0 && n == number &&
		    gl == g, what);
	else
		ok(t, rc != 0 && why != NULL, what);
	free(got);
	free(why);
}

/* A normaliser of kind read in: with want, it gave got (rc 0); without,
 * it refused with a reason. */
static void
ok_norm(struct tap *t, const char *kind, const char *in, int rc,
    const char *got, const char *want, const char *why)
{
	char what[128];

	snprintf(what, sizeof(what), "%s '%s' -> %s", kind, in,
	    want ? want : "refused");
	if (want != NULL)
		ok(t, rc == 0 && strcmp(got, want) == 0, what);
	else
		ok(t, rc != 0 && why != NULL, what);
}

static void
date(struct tap *t, const char *in, const char *want)
{
	char out[11] = "", *why = NULL;
	int rc = norm_date(in, out, &why);

	ok_norm(t, "date", in, rc, out, want, why);
	free(why);
}

static void
phone(struct tap *t, const char *in, const char *want, const char *because)
{
	char *out = NULL, *why = NULL, what[128];
	int rc = norm_phone(in, &out, &why);

	snprintf(what, sizeof(what), "phone '%s' -> %s", in,
	    want ? want : because);
	if (want != NULL)
		ok(t, rc == 0 && strcmp(out, want) == 0, what);
	else
		ok(t, rc != 0 && why != NULL && strstr(why, because) != NULL,
		    what);
	free(out);
	free(why);
}

static void
sex(struct tap *t, const char *in, char want)
{
	char s = 0, *why = NULL, what[64];
	int rc = norm_sex(in, &s, &why);

	snprintf(what, sizeof(what), "sex '%s' -> %c", in, want ? want : '-');
	ok(t, want ? rc == 0 && s == want : rc != 0 && why != NULL, what);
	free(why);
}

static void
flags(struct tap *t, const char *in, const char *want)
{
	unsigned mask = 0;
	char *why = NULL, *keys;
	int rc = norm_flags(in, &mask, &why);

	keys = norm_flags_keys(mask);
	ok_norm(t, "flags", in, rc, keys, want, why);
	free(keys);
	free(why);
}

int
main(void)
{
	/* refused: days that do not exist, dates out of range, and text
	 * that is not one date */
	static const char *const bad_dates[] = {
		"2013-02-29", "1900-02-29", "2012-02-30", "2012-13-01",
		"1899-12-31", "2012-05-03x", "2012/05-03", "12345", "",
	};
	struct tap t = TAP_INIT;
	char *why = NULL;
	int v = -1;

	grade(&t, "7", 7);
	grade(&t, "07", 7);
	grade(&t, "12", 12);
	grade(&t, "七年级", 7);
	grade(&t, "7年级", 7);
	grade(&t, "一年级", 1);
	grade(&t, "初一", 7);
	grade(&t, "初三", 9);
	grade(&t, "初中二年级", 8);
	grade(&t, "高二", 11);
	grade(&t, "高中三年级", 12);
	grade(&t, "小学三年级", 3);
	grade(&t, "大一", 13);
	grade(&t, "大学二年级", 14);
	grade(&t, "大五", 17);
	grade(&t, "研一", 18);
	grade(&t, "研三", 20);
	grade(&t, "Grade 7", 7);
	grade(&t, "grade7", 7);
	grade(&t, "G9", 9);
	grade(&t, "Year 10", 10);
	grade(&t, "0", 0);
	grade(&t, "13", 0);
	grade(&t, "十三年级", 0);
	grade(&t, "初四", 0);
	grade(&t, "大六", 0);
	grade(&t, "高年级", 0);
	grade(&t, "2023级", 0);
	ok(&t, norm_grade("2023级", &v, &why) != 0 && strstr(why, "cohort"),
	    "a cohort year says so");
	free(why);
	is_str(&t, norm_grade_name(7), "七年级", "name of 7");
	is_str(&t, norm_grade_name(10), "高一", "name of 10");
	is_str(&t, norm_grade_name(13), "大一", "name of 13");
	is_str(&t, norm_grade_name(20), "研三", "name of 20");
	ok(&t, norm_grade_name(0) == NULL && norm_grade_name(21) == NULL,
	    "no names out of range");

	klass(&t, "3", "3班", 3, 0);
	klass(&t, "03", "3班", 3, 0);
	klass(&t, "3班", "3班", 3, 0);
	klass(&t, "3 班", "3班", 3, 0);
	klass(&t, "(3)班", "3班", 3, 0);
	klass(&t, "（3）班", "3班", 3, 0);
	klass(&t, "(3)", "3班", 3, 0);
	klass(&t, "三班", "3班", 3, 0);
	klass(&t, "十二班", "12班", 12, 0);
	klass(&t, "初一(3)班", "3班", 3, 7);
	klass(&t, "初一3班", "3班", 3, 7);
	klass(&t, "七年级3班", "3班", 3, 7);
	klass(&t, "七年级（3）班", "3班", 3, 7);
	klass(&t, "高二（3）班", "3班", 3, 11);
	klass(&t, "国际班", "国际班", 0, 0);
	klass(&t, "计算机2301班", "计算机2301班", 0, 0);
	klass(&t, "A/B", "A／B", 0, 0);
	klass(&t, "0", NULL, 0, 0);
	klass(&t, "100", NULL, 0, 0);
	klass(&t, "", NULL, 0, 0);

	sex(&t, "男", 'M');
	sex(&t, "女", 'F');
	sex(&t, "男性", 'M');
	sex(&t, "女性", 'F');
	sex(&t, "M", 'M');
	sex(&t, "f", 'F');
	sex(&t, "Male", 'M');
	sex(&t, "female", 'F');
	sex(&t, "1", 'M');
	sex(&t, "2", 'F');
	sex(&t, "X", 0);
	sex(&t, "3", 0);
	sex(&t, "F", 'F');
	sex(&t, "m", 'M');
	sex(&t, "MF", 0);

	date(&t, "2012-05-03", "2012-05-03");
	date(&t, "2012-5-3", "2012-05-03");
	date(&t, "2012/5/3", "2012-05-03");
	date(&t, "2012.5.3", "2012-05-03");
	date(&t, "20120503", "2012-05-03");
	date(&t, "2012年5月3日", "2012-05-03");
	date(&t, "2012年05月03号", "2012-05-03");
	date(&t, "2012-05-03 00:00:00", "2012-05-03");
	date(&t, "2012/5/3 0:00", "2012-05-03");
	date(&t, "41032", "2012-05-03");
	date(&t, "45000", "2023-03-15");
	date(&t, "44927", "2023-01-01");
	date(&t, "2000-02-29", "2000-02-29");
	date(&t, "2012-02-29", "2012-02-29");
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(*bad_dates); i++)
		date(&t, bad_dates[i], NULL);

	phone(&t, "13812345678", "13812345678", NULL);
	phone(&t, "138 1234 5678", "13812345678", NULL);
	phone(&t, "138-1234-5678", "13812345678", NULL);
	phone(&t, "+86 138 1234 5678", "13812345678", NULL);
	phone(&t, "008613812345678", "13812345678", NULL);
	phone(&t, "8613812345678", "13812345678", NULL);
	phone(&t, "0571-88888888", "0571-88888888", NULL);
	phone(&t, "057188888888", "0571-88888888", NULL);
	phone(&t, "010-12345678", "010-12345678", NULL);
	phone(&t, "1381234567", NULL, "10 digits");
	phone(&t, "138123456789", NULL, "12 digits");
	phone(&t, "12345678901", NULL, "not a mainland mobile");
	phone(&t, "1.38123E+10", NULL, "spreadsheet");
	phone(&t, "call me", NULL, "not understood");
	phone(&t, "19912345678", "19912345678", NULL);
	phone(&t, "1381234567x", NULL, "not understood");
	phone(&t, "138123456789x", NULL, "not understood");

	ok(&t, norm_bool("是", &v, &why) == 0 && v == 1, "是 is yes");
	ok(&t, norm_bool("否", &v, &why) == 0 && v == 0, "否 is no");
	ok(&t, norm_bool("Yes", &v, &why) == 0 && v == 1, "Yes is yes");
	ok(&t, norm_bool("0", &v, &why) == 0 && v == 0, "0 is no");
	ok(&t, norm_bool("√", &v, &why) == 0 && v == 1, "√ is yes");
	ok(&t, norm_bool("maybe", &v, &why) != 0, "maybe is refused");
	free(why);

	flags(&t, "", "");
	flags(&t, "无", "");
	flags(&t, "留守", "left_behind");
	flags(&t, "留守儿童", "left_behind");
	flags(&t, "留守、单亲", "left_behind;single_parent");
	flags(&t, "单亲；离异", "single_parent;divorced");
	flags(&t, "hardship, ill", "ill;hardship");
	flags(&t, "欺凌，随班就读;精神病史", "bullied;inclusive;mental_illness");
	flags(&t, "亲人病故、家庭经济困难", "bereaved;hardship");
	flags(&t, "LEFT_BEHIND", "left_behind");
	flags(&t, "留守、、", "left_behind");
	flags(&t, "孤儿", NULL);
	{
		unsigned mask;
		ok(&t, norm_flags("孤儿、留守、x", &mask, &why) != 0 &&
		    strstr(why, "'孤儿'") && strstr(why, "'x'"),
		    "every unknown flag is named");
		free(why);
	}
	{
		int f;
		ok(&t, norm_flag("遭遇校园欺凌", &f, &why) == 0 &&
		    f == FLAG_BULLIED, "a longer form of a flag");
		is_str(&t, norm_flag_zh(FLAG_INCLUSIVE), "随班就读", "Chinese name");
		is_str(&t, norm_flag_key(FLAG_HARDSHIP), "hardship", "key");
	}
	return tap_done(&t);
}
