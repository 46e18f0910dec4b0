# Deterministic synthetic roster for the benchmark:
#   awk -v n=1000000 -f bench/gen-roster.awk > roster.csv
# Values come in the mixed forms real exports have (初一 / 八年级 / 9,
# (3)班 / 3班, several date forms).  Identical under mawk and gawk: the
# generator is a plain counter, not rand().
BEGIN {
	if (n == "")
		n = 1000000
	split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭", fam, " ")
	split("子 文 思 雨 浩 然 嘉 欣 一 诺 梓 涵 宇 轩 若 汐 晨 阳 佳 琪", giv, " ")
	split("初一 八年级 9 高一 高二 12", grade, " ")
	split("%d班 (%d)班 （%d）班 %d", cls, " ")
	print "学号,姓名,性别,学校,年级,班级,宿舍,出生日期,监护人,监护人电话,关注类型"
	for (i = 1; i <= n; i++) {
		g = i % 6 + 1
		year = 2013 - g
		m = i % 12 + 1
		d = i % 28 + 1
		if (i % 4 == 0)
			bd = sprintf("%d-%02d-%02d", year, m, d)
		else if (i % 4 == 1)
			bd = sprintf("%d/%d/%d", year, m, d)
		else if (i % 4 == 2)
			bd = sprintf("%d%02d%02d", year, m, d)
		else
			bd = sprintf("%d年%d月%d日", year, m, d)
		flags = i % 20 == 0 ? "留守、单亲" : (i % 37 == 0 ? "家庭困难" : "")
		dorm = g >= 4 && i % 3 == 0 ? sprintf("%d号楼%d", i % 5 + 1, i % 300 + 101) : ""
		printf "S%07d,%s%s%s,%s,第%d中学,%s,%s,%s,%s,%s家长,1%d%09d,%s\n", \
		    i, fam[i % 16 + 1], giv[i * 7 % 20 + 1], giv[i * 13 % 20 + 1], \
		    i % 2 ? "男" : "女", i % 20 + 1, grade[g], \
		    sprintf(cls[i % 4 + 1], int(i / 7) % 12 + 1), dorm, bd, \
		    fam[i % 16 + 1], 3 + i % 7, i, flags
	}
}
