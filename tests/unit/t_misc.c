/* Small pieces: header folding, the string map, the clock, buffers. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "columns.h"
#include "strmap.h"
#include "tap.h"

static void
fold(struct tap *t, const char *in, const char *want)
{
	char *got = columns_fold(in);
	char what[200];

	snprintf(what, sizeof(what), "fold '%s'", in);
	is_str(t, got, want, what);
	free(got);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	struct strmap m;
	struct buf b = {0};
	long long v = 0;
	time_t when;
	char stamp[32], date[11];

	fold(&t, "学号", "学号");
	fold(&t, "Student_No", "student_no");
	fold(&t, " Birth Date ", "birthdate");
	fold(&t, "*姓名", "姓名");
	fold(&t, "姓名＊", "姓名");
	fold(&t, "出生日期(yyyy-mm-dd)", "出生日期");
	fold(&t, "性别（男/女）", "性别");
	fold(&t, "学校：", "学校");
	fold(&t, "班级:", "班级");
	fold(&t, "(备注)", "(备注)");

	strmap_init(&m);
	ok(&t, !strmap_get(&m, "a", &v), "empty map has nothing");
	for (int i = 0; i < 1000; i++) {
		char key[16];
		snprintf(key, sizeof(key), "k%d", i);
		strmap_put(&m, key, i * 2);
	}
	ok(&t, strmap_get(&m, "k777", &v) && v == 1554, "map survives growth");
	strmap_put(&m, "k777", 5);
	ok(&t, strmap_get(&m, "k777", &v) && v == 5, "put replaces");
	is_int(&t, m.len, 1000, "replacing does not add");
	strmap_free(&m);
	ok(&t, strmap_hash("", 0, STRMAP_SEED) == STRMAP_SEED,
	    "FNV of nothing is the offset basis");
	ok(&t, strmap_hash("a", 1, STRMAP_SEED) == 0xaf63dc4c8601ec8cULL,
	    "FNV-1a 64 of 'a'");

	setenv("TZ", "Asia/Shanghai", 1);
	clock_init();
	ok(&t, clock_parse("2026-09-01 08:00", &when) == 0, "parse a time");
	clock_timestamp(when, stamp);
	is_str(&t, stamp, "2026-09-01T08:00:00+08:00", "timestamp is local");
	clock_date(when, date);
	is_str(&t, date, "2026-09-01", "date");
	clock_school_year(when, date);
	is_str(&t, date, "2026-09-01", "the school year begins on its day");
	(void)clock_parse("2026-08-31 23:59", &when);
	clock_school_year(when, date);
	is_str(&t, date, "2025-09-01", "the day before is the year before's");
	(void)clock_parse("2027-01-15", &when);
	clock_school_year(when, date);
	is_str(&t, date, "2026-09-01", "January: the year begun in September");
	ok(&t, clock_parse("2026-09-01T23:59:30", &when) == 0, "T form");
	ok(&t, clock_parse("2026-09-01", &when) == 0, "date alone");
	ok(&t, clock_parse("@0", &when) == 0 && when == 0, "epoch form");
	ok(&t, clock_parse("2026-02-30", &when) != 0, "no 30 February");
	ok(&t, clock_parse("2026-09-01 25:00", &when) != 0, "no hour 25");
	ok(&t, clock_parse("tomorrow", &when) != 0, "words refused");
	ok(&t, clock_parse("2026-09-01 08:00x", &when) != 0, "trailing junk");
	setenv("PH_NOW", "2026-03-01 12:00:00", 1);
	ok(&t, clock_now(&when) == 0, "PH_NOW read");
	clock_timestamp(when, stamp);
	is_str(&t, stamp, "2026-03-01T12:00:00+08:00", "PH_NOW is used");
	setenv("PH_NOW", "soon", 1);
	ok(&t, clock_now(&when) != 0, "a bad PH_NOW is an error");
	unsetenv("PH_NOW");

	buf_puts(&b, "ab");
	buf_printf(&b, "%d", 42);
	buf_putc(&b, '!');
	is_str(&t, buf_str(&b), "ab42!", "buffer appends");
	buf_reset(&b);
	is_str(&t, buf_str(&b), "", "reset empties");
	buf_free(&b);
	return tap_done(&t);
}
