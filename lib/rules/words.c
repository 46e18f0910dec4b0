/*
 * The words the programs write as identifiers (roles, the warning
 * network's holes, the policy's usual case kinds and steps, the events'
 * targets) in Chinese, for what people read: the HTML report, and a
 * late case step's message.
 */
#include "words.h"

#include <string.h>

static const char *const chinese_of[][2] = {
	{ "class_teacher", "班主任" }, { "monitor", "心理委员" },
	{ "counsellor", "心理教师" }, { "grade_head", "年级主任" },
	{ "leader", "校领导" }, { "union_officer", "工会干部" },
	{ "dorm_supervisor", "宿管员" }, { "department_head", "部门负责人" },
	{ "guardian", "监护人" }, { "on_duty", "值班人员" },
	{ "no class teacher", "缺少班主任" },
	{ "no male psychology monitor", "缺少男心理委员" },
	{ "no female psychology monitor", "缺少女心理委员" },
	{ "no grade head", "缺少年级主任" },
	{ "no psychology teacher or counsellor", "缺少心理教师或咨询师" },
	{ "no school leader responsible", "缺少分管校领导" },
	{ "no dormitory supervisor", "缺少宿管员" },
	{ "no union officer for the staff", "缺少负责教职工的工会干部" },
	{ "crisis", "危机" }, { "referral", "转介" },
	{ "guardian_contacted", "联系监护人" }, { "referred", "转介就医" },
	{ "hospital_confirmed", "医院确认就诊" }, { "follow_up", "随访" },
	{ "staff theme activities", "教职工主题活动" },
	{ "staff lectures", "教职工讲座" },
	{ "trainings attended", "参加培训" },
	{ "all staff", "全体教职工" },
};

const char *
word_said(int chinese, const char *word)
{
	for (size_t i = 0; chinese && i < sizeof(chinese_of) /
	    sizeof(*chinese_of); i++)
		if (strcmp(chinese_of[i][0], word) == 0)
			return chinese_of[i][1];
	return word;
}
