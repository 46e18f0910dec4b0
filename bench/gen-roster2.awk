# The second roster shape of the benchmark, as a district's student-record
# system exports it:
#   awk -v n=1000000 -f bench/gen-roster2.awk > roster2.csv
# 200 schools of 12 grades of 9 classes (21,600 classes), listed school by
# school and class by class; grades and classes as bare numbers (年级 7,
# 班级 3), sex as M/F, ISO birth dates, a guardian and a mobile for every
# pupil.  A plain counter, not rand(): identical under mawk and gawk.
# -v schools=S -v grades=G -v classes=C set the shape (a district of small
# schools: -v schools=2000 -v grades=6 -v classes=2); -v plain=1 numbers
# the pupils S0000001 ... as gen-phq9.awk's answers do.
BEGIN {
	if (n == "")
		n = 1000000
	if (schools == "")
		schools = 200
	if (grades == "")
		grades = 12
	if (classes == "")
		classes = 9
	split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭", fam, " ")
	split("子 文 思 雨 浩 然 嘉 欣 一 诺 梓 涵 宇 轩 若 汐 晨 阳 佳 琪", giv, " ")
	perschool = grades * classes
	nclasses = schools * perschool
	print "学籍号,姓名,性别,出生日期,学校名称,年级,班级,监护人,监护人电话"
	for (i = 0; i < n; i++) {
		c = int(i * nclasses / n)	# class by class
		s = int(c / perschool)
		g = int(c / classes) % grades + 1
		k = c % classes + 1
		bd = sprintf("%d-%02d-%02d", 2019 - g, i % 12 + 1, i % 28 + 1)
		no = plain ? sprintf("S%07d", i + 1) : \
		    sprintf("G%04d%08d", 4401 + s, i + 1)
		printf "%s,%s%s%s,%s,%s,实验学校%04d,%d,%d,%s%s,1%d%09d\n", \
		    no, fam[i % 16 + 1], giv[i * 7 % 20 + 1], \
		    giv[i * 13 % 20 + 1], i % 2 ? "M" : "F", bd, s + 1, g, k, \
		    fam[i % 16 + 1], giv[i * 3 % 20 + 1], 3 + i % 7, i + 1
	}
}
