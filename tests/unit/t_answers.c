/* Reading answers: headers folded and matched to items, cells read as
 * values, positions, letters, texts and points; one test per form and
 * per refusal.  Run from the top of the source tree. */
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "score.h"
#include "tap.h"

static void
fold(struct tap *t, const char *header, const char *want, size_t number)
{
	size_t n = 99;
	char *got = columns_fold_question(header, &n), what[256];

	snprintf(what, sizeof(what), "fold '%s' -> '%s' %zu", header, want,
	    number);
	ok(t, strcmp(got, want) == 0 && n == number, what);
	if (strcmp(got, want) != 0 || n != number)
		printf("#   got '%s' %zu\n", got, n);
	free(got);
}

static void
header(struct tap *t, const struct instrument *in, const char *h, long want)
{
	char what[512];

	snprintf(what, sizeof(what), "header '%s' -> %ld", h, want);
	is_int(t, score_match_header(in, h), want, what);
}

/* want < 0: refused, with why holding needle */
static void
cell(struct tap *t, const struct instrument *in, size_t item, const char *c,
    int by_position, double want, const char *needle)
{
	double v = -1;
	char *why = NULL, what[256];
	int rc = score_cell(in, item, c, by_position, &v, &why);

	snprintf(what, sizeof(what), "cell '%s'%s -> %s", c,
	    by_position ? " by position" : "", needle ? needle : "");
	if (needle == NULL)
		ok(t, rc == 0 && v == want && why == NULL, what);
	else
		ok(t, rc != 0 && why != NULL && strstr(why, needle) != NULL,
		    what);
	if (why != NULL && needle != NULL && strstr(why, needle) == NULL)
		printf("#   why: %s\n", why);
	free(why);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	char *why = NULL;
	struct instrument *phq = instrument_load(
	    "share/ph/instruments/phq9.yaml", &why);
	struct instrument *cesd = instrument_load(
	    "share/ph/instruments/cesd.yaml", &why);

	fold(&t, "1、学号", "学号", 1);
	fold(&t, "1.请输入你的学号：", "请输入你的学号", 1);
	fold(&t, "您的学籍号（必填）", "您的学籍号", 0);
	fold(&t, "Q12", "", 12);
	fold(&t, "q3. Feeling Down?", "feelingdown", 3);
	fold(&t, "第9题", "", 9);
	fold(&t, "(2)感到紧张", "感到紧张", 2);
	fold(&t, "（2）感到紧张", "感到紧张", 2);
	fold(&t, "【单选题】3、感到紧张[必填]（近一周）", "感到紧张", 3);
	fold(&t, "有不如死掉的念头吗？", "有不如死掉的念头", 0);
	fold(&t, "*感到 紧张 单选题", "感到紧张", 0);
	fold(&t, "（全部在括号里）", "全部在括号里", 0);
	fold(&t, "很糟—或很失败，或 让…失望", "很糟或很失败或让失望", 0);
	fold(&t, "ＡＢ１２", "ab12", 0);
	fold(&t, "2020年", "年", 2020);
	fold(&t, "1234567", "1234567", 0);
	fold(&t, "", "", 0);

	ok(&t, columns_same_text("1～2天", strlen("1～2天"), "1-2天"),
	    "same text: 1～2天 = 1-2天");
	ok(&t, columns_same_text("偶尔或无(少于1天)", 24, "偶尔或无（少于1天）"),
	    "same text: brackets of either width");
	ok(&t, !columns_same_text("有时", 6, "有时候"), "not same: 有时, 有时候");
	ok(&t, columns_same_text("好几天xyz", 9, "好几天"),
	    "same text: only len bytes of a");

	if (phq == NULL || cesd == NULL) {
		printf("# %s\n", why ? why : "");
		ok(&t, 0, "the shipped instruments load");
		return tap_done(&t);
	}
	header(&t, phq, "phq9_3", 2);
	header(&t, phq, "PHQ9_3", 2);
	header(&t, phq, "3", 2);
	header(&t, phq, "10", -1);
	header(&t, phq, "6、觉得自己很糟—或觉得自己很失败，或让自己或家人失望", 5);
	header(&t, phq, "8、动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或"
	    "坐立不安、动来动去的情况更胜于平常", 7);
	header(&t, phq, "9、有不如死掉或用某种方式伤害自己的念头吗？（单选题）", 8);
	header(&t, phq, "Q9. Thoughts that you would be better off dead, or of "
	    "hurting yourself in some way", 8);
	header(&t, phq, "9、有不如死掉的念头", -1);
	header(&t, phq, "学号", -1);

	cell(&t, phq, 0, "2", 0, 2, NULL);
	cell(&t, phq, 0, "2.0", 0, 2, NULL);
	cell(&t, phq, 0, "2", 1, 1, NULL);
	cell(&t, phq, 0, "4", 1, 3, NULL);
	cell(&t, phq, 0, "4", 0, 0, "(values 0-3); a file numbered by option "
	    "position needs --values position");
	cell(&t, phq, 0, "7", 0, 0, "(values 0-3)");
	cell(&t, phq, 0, "0", 1, 0, "positions 1-4");
	cell(&t, phq, 0, "B", 0, 1, NULL);
	cell(&t, phq, 0, "b", 0, 1, NULL);
	cell(&t, phq, 0, "Ｂ", 0, 1, NULL);
	cell(&t, phq, 0, "ｂ.好几天", 0, 1, NULL);
	cell(&t, phq, 0, "B. 好几天", 0, 1, NULL);
	cell(&t, phq, 0, "B、好几天", 0, 1, NULL);
	cell(&t, phq, 0, "(B)好几天", 0, 1, NULL);
	cell(&t, phq, 0, "（B）好几天", 0, 1, NULL);
	cell(&t, phq, 0, "B)好几天", 0, 1, NULL);
	cell(&t, phq, 0, "好几天（1分）", 0, 1, NULL);
	cell(&t, phq, 0, "好几天 (1分)", 0, 1, NULL);
	cell(&t, phq, 0, "好几天（2分）", 1, 1, NULL);
	cell(&t, phq, 0, "C.一半以上的天数(2分)", 0, 2, NULL);
	cell(&t, phq, 0, "Nearly every day", 0, 3, NULL);
	cell(&t, phq, 0, "nearly every day", 0, 3, NULL);
	cell(&t, phq, 0, "从不", 0, 0, NULL);
	cell(&t, phq, 0, "E", 0, 0, "has no option E (A-D)");
	cell(&t, phq, 0, "B.几乎每天", 0, 0, "option B of phq9_1 is 好几天, the "
	    "text says 几乎每天");
	cell(&t, phq, 0, "好几天（2分）", 0, 0, "好几天 is 1 in phq9_1, not 2");
	cell(&t, phq, 0, "B.有几天吧", 0, 0, "is not an option of phq9_1");
	cell(&t, phq, 0, "Never", 0, 0, "is not an option of phq9_1");
	cell(&t, phq, 0, "（1分）", 0, 0, "is not an option of phq9_1");
	cell(&t, phq, 0, "nan", 0, 0, "is not an option of phq9_1");
	cell(&t, cesd, 0, "时常或一半时间（3-4天）", 0, 2, NULL);
	cell(&t, cesd, 0, "多数时间或持续(5-7天)", 0, 3, NULL);
	cell(&t, cesd, 0, "有时（1～2天）", 0, 1, NULL);

	instrument_free(phq);
	instrument_free(cesd);
	return tap_done(&t);
}
