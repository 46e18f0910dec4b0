#!/bin/sh
# Writes a synthetic district into DIR: two schools' rosters as Excel
# exports them (one UTF-8 with a BOM and CRLF, one in GBK), staff and
# the warning network's contacts.  Deterministic; every name is made up.
set -eu
dir=${1:?usage: gen-demo.sh DIR}
mkdir -p "$dir"

# Pupils: 第一中学 has 初一-高三 (3 classes each, boarders from 高一),
# 实验小学 has grades 4-6 (2 classes each).  Names come from small
# syllable tables; a few pupils are in special groups.
awk -v out="$dir" '
# Characters are in arrays: mawk counts bytes, not characters.
function name(i) {
	return fam[i % 16 + 1] giv[i * 7 % 20 + 1] giv[i * 13 % 20 + 1]
}
function emit(file, i, school, grade, cls, dorm, year,   sex, flags, bd, second) {
	sex = (i % 2) ? "男" : "女"
	flags = ""
	if (i % 17 == 0) flags = "留守"
	if (i % 29 == 0) flags = "单亲、家庭困难"
	if (i % 41 == 0) flags = "离异"
	if (i % 53 == 0) flags = "随班就读"
	bd = (i % 3 == 0) ? sprintf("%d/%d/%d", year, i % 12 + 1, i % 28 + 1) : \
	    sprintf("%d-%02d-%02d", year, i % 12 + 1, i % 28 + 1)
	# a guardian each (a father or a mother), a grandmother for some
	second = (i % 3 == 0) ? sprintf("%s奶奶,1%d%09d,祖母", fam[i % 16 + 1], \
	    5 + i % 3, i) : ",,"
	printf "%s,%s,%s,%s,%s,%s,%s,%s,%s家长,1%d%09d,%s,%s,%s\r\n", \
	    sprintf("D%06d", i), name(i), sex, school, grade, cls, dorm, bd, \
	    fam[i % 16 + 1], 3 + i % 7, i, flags, i % 2 ? "父亲" : "母亲", \
	    second > file
}
BEGIN {
	split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭", fam, " ")
	split("子 文 思 雨 浩 然 嘉 欣 一 诺 梓 涵 宇 轩 若 汐 晨 阳 佳 琪", giv, " ")
	head = "学号,姓名,性别,学校,年级,班级,宿舍,出生日期,监护人,监护人电话,关注类型,监护人关系,监护人2,监护人2电话,监护人2关系\r\n"
	f1 = out "/students-一中.csv"; f2 = out "/students-小学.utf8"
	printf "\357\273\277%s", head > f1
	printf "%s", head > f2
	split("初一 八年级 九年级 高一 高二 高三", g1, " ")
	split("(1)班 （2）班 3", c1, " ")
	i = 0
	for (g = 1; g <= 6; g++)
		for (c = 1; c <= 3; c++)
			for (k = 1; k <= 30; k++) {
				i++
				dorm = g >= 4 && k % 2 ? sprintf("%d号楼%d0%d", g - 3, c, k % 6 + 1) : ""
				emit(f1, i, "第一中学", g1[g], c1[c], dorm, 2013 - g)
			}
	split("四年级 5 六年级", g2, " ")
	for (g = 1; g <= 3; g++)
		for (c = 1; c <= 2; c++)
			for (k = 1; k <= 28; k++) {
				i++
				emit(f2, i, "实验小学", g2[g], c "班", "", 2016 - g)
			}
}'
iconv -f UTF-8 -t GBK "$dir/students-小学.utf8" > "$dir/students-小学.csv"
rm "$dir/students-小学.utf8"

cat > "$dir/staff.csv" <<'CSV'
工号,姓名,性别,单位,部门,职务,新入职,电话,邮箱
T0001,林老师,女,第一中学,心理中心,专职心理教师,否,13900000001,lin@example.org
T0002,何老师,男,第一中学,德育处,副校长,否,13900000002,
T0003,罗老师,女,第一中学,初一年级组,班主任,否,13900000003,
T0004,高老师,男,第一中学,初一年级组,年级主任,否,13900000004,
T0005,郑老师,女,第一中学,工会,工会主席,否,13900000005,
T0006,梁老师,女,第一中学,高一年级组,班主任,是,13900000006,
T0101,宋老师,女,实验小学,,兼职心理教师,否,13900000101,
T0102,唐老师,男,实验小学,,校长,否,13900000102,
T0103,许老师,女,实验小学,,班主任,是,13900000103,
CSV

# The personnel office exports its staff list from Excel: as a workbook
# (.xlsx) where python3-openpyxl can write one (make deps installs it),
# else as the CSV above.  Phone numbers are numbers in it, as Excel
# keeps them.
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	/usr/bin/python3 - "$dir/staff.csv" "$dir/staff.xlsx" <<'PY'
import csv, sys, openpyxl
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "教职工名单"
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        sheet.append([int(c) if c.isdigit() and c[0] != "0" else c
                      for c in row])
book.save(sys.argv[2])
PY
	rm "$dir/staff.csv"
fi

# The network: class teachers for all but one class, two monitors (a boy
# and a girl) per class from grade 4 up, counsellors, heads, leaders.
awk -v out="$dir/contacts.csv" '
BEGIN {
	print "角色,学校,年级,班级,姓名,性别,电话,学号,单位" > out
	split("七年级 八年级 九年级 高一 高二 高三", g1, " ")
	i = 0
	for (g = 1; g <= 6; g++) {
		printf "年级主任,第一中学,%s,,年级主任%d,男,1370000%04d,\n", g1[g], g, g >> out
		for (c = 1; c <= 3; c++) {
			base = ((g - 1) * 3 + c - 1) * 30
			if (!(g == 2 && c == 3))
				printf "班主任,第一中学,%s,%d班,班主任%d%d,女,1380000%02d%02d,\n", g1[g], c, g, c, g, c >> out
			printf "心理委员,第一中学,%s,%d班,,男,,D%06d\n", g1[g], c, base + 1 >> out
			printf "心理委员,第一中学,%s,%d班,,女,,D%06d\n", g1[g], c, base + 2 >> out
		}
	}
	split("四年级 五年级 六年级", g2, " ")
	for (g = 1; g <= 3; g++)
		for (c = 1; c <= 2; c++) {
			base = 540 + ((g - 1) * 2 + c - 1) * 28
			printf "班主任,实验小学,%s,%d班,小学班主任%d%d,女,1360000%02d%02d,\n", g2[g], c, g, c, g, c >> out
			printf "心理委员,实验小学,%s,%d班,,男,,D%06d\n", g2[g], c, base + 1 >> out
			printf "心理委员,实验小学,%s,%d班,,女,,D%06d\n", g2[g], c, base + 2 >> out
		}
	print "心理教师,第一中学,,,林老师,女,13900000001,T0001" >> out
	print "校领导,第一中学,,,何老师,男,13900000002,T0002" >> out
	print "工会,第一中学,,,郑老师,女,13900000005,T0005" >> out
	print "宿管,,,,曹阿姨,女,13500000001,,第一中学/宿舍" >> out
	print "心理教师,实验小学,,,宋老师,女,13900000101,T0101" >> out
	print "校领导,实验小学,,,唐老师,男,13900000102,T0102" >> out
}'

# PHQ-9 answers of 第一中学 (ages 12 to 18) as a Chinese survey platform
# exports them: GBK, question texts as headers, option texts as cells,
# its own columns around them.  Most pupils are well; a few answer item
# 9 above "完全不会"; a few skip a question; a few click through in a
# few seconds (one of them answering item 9 all the same).
awk -v out="$dir/phq9-wjx.utf8" '
BEGIN {
	split("完全不会 好几天 一半以上的天数 几乎每天", opt, " ")
	q[1] = "做事时提不起劲或没有兴趣"
	q[2] = "感到心情低落、沮丧或绝望"
	q[3] = "入睡困难、睡不安稳或睡眠过多"
	q[4] = "感觉疲倦或没有活力"
	q[5] = "食欲不振或吃太多"
	q[6] = "觉得自己很糟，或觉得自己很失败，或让自己或家人失望"
	q[7] = "对事物专注有困难，例如阅读报纸或看电视时"
	q[8] = "动作或说话速度缓慢到别人已经察觉，或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常"
	q[9] = "有不如死掉或用某种方式伤害自己的念头"
	printf "序号,提交答卷时间,所用时间,学号" > out
	for (k = 1; k <= 9; k++)
		printf ",%d、%s", k, q[k] > out
	printf ",来源IP\r\n" > out
	n = 0
	for (i = 1; i <= 540; i += 1) {
		if (i % 13 == 0)
			continue	# did not take part
		n++
		took = i % 89 == 0 ? "12秒" : i == 122 ? "15秒" : \
		    i % 5 == 0 ? sprintf("%d分%d秒", 2 + i % 3, i % 60) : \
		    sprintf("%d秒", 120 + i % 200)
		printf "%d,2026/9/2 %d:%02d:00,%s,D%06d", n, 8 + i % 8, i % 60, took, i > out
		for (k = 1; k <= 9; k++) {
			# most pupils are well, some less so: a level per
			# pupil, a spread per item
			h = (i * (k + 5) + k) % 12
			lvl = (i * 7) % 40
			if (lvl < 26)
				v = h < 3 ? 1 : 0
			else if (lvl < 34)
				v = h < 4 ? 0 : h < 11 ? 1 : 2
			else if (lvl < 38)
				v = h < 8 ? 1 : 2
			else if (lvl < 39)
				v = h < 6 ? 1 : h < 11 ? 2 : 3
			else
				v = h < 6 ? 2 : 3
			if (i % 47 == 0)
				v = k == 9 ? 2 : 3
			if (k == 9 && i % 61 != 0 && i % 47 != 0)
				v = 0
			if (i % 97 == 0 && k == 5)
				printf "," > out
			else
				printf ",%s", opt[v + 1] > out
		}
		printf ",10.%d.%d.%d\r\n", i % 7, i % 13, i % 250 > out
	}
}'
iconv -f UTF-8 -t GBK "$dir/phq9-wjx.utf8" > "$dir/phq9-wjx.csv"
rm "$dir/phq9-wjx.utf8"

# SCARED answers of 实验小学 (ages 9 to 11: the PHQ-9 is not for them),
# from a platform that numbers its questions: UTF-8, options as texts.
awk -v out="$dir/scared-小学.csv" '
BEGIN {
	split("没有或几乎没有 有时有 经常有", opt, " ")
	printf "学号,所用时间" > out
	for (k = 1; k <= 41; k++)
		printf ",%d", k > out
	printf "\r\n" > out
	for (i = 541; i <= 708; i++) {
		if (i % 11 == 0)
			continue	# absent that day
		printf "D%06d,%d分%d秒", i, 3 + i % 4, i % 60 > out
		lvl = (i * 13) % 30
		for (k = 1; k <= 41; k++) {
			h = (i * (k + 3) + k) % 10
			v = lvl < 22 ? (h < 2) : lvl < 28 ? (h < 5) + (h < 1) : \
			    (h < 7) + (h < 3)
			printf ",%s", opt[v + 1] > out
		}
		printf "\r\n" > out
	}
}'

# The make-up session a week later, from another platform, as a school
# really gets it: UTF-8, every question numbered (the id question too),
# the official version's punctuation, options as "B. 好几天" or a bare
# letter.  And the mess of a real file: one cell no option names, and
# one pupil number mistyped (D0O0091 for D000091) on a row whose item 9
# says 一半以上的天数: a pupil the counsellor must still reach.
{
	printf '\357\273\277序号,1、请输入你的学号：'
	printf ',2、做事时提不起劲或没有兴趣,3、感到心情低落、沮丧或绝望'
	printf ',4、入睡困难、睡不安稳或睡眠过多,5、感觉疲倦或没有活力'
	printf ',6、食欲不振或吃太多'
	printf ',7、觉得自己很糟—或觉得自己很失败，或让自己或家人失望'
	printf ',8、对事物专注有困难，例如阅读报纸或看电视时'
	printf ',9、动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或坐立不安、动来动去的情况更胜于平常'
	printf ',10、有不如死掉或用某种方式伤害自己的念头吗？\r\n'
	printf '1,D000013,A. 完全不会,B. 好几天,A,A,A,A,A,A,A\r\n'
	printf '2,D000026,B. 好几天,B. 好几天,C,B,A,B,A,A,A\r\n'
	printf '3,D000039,A. 完全不会,A. 完全不会,A,A,经常,A,A,A,A\r\n'
	printf '4,D000052,C. 一半以上的天数,D. 几乎每天,C,C,B,C,B,B,B\r\n'
	printf '5,D0O0091,B. 好几天,C. 一半以上的天数,B,C,B,C,B,A,C\r\n'
	printf '6,D000065,A. 完全不会,A. 完全不会,A,B,A,A,A,A,A\r\n'
} > "$dir/phq9-makeup.csv"
