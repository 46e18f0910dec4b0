#!/bin/sh
# Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/
# (committed; run again after a reader learns a new form):
#   PH_BIN=build/bin sh tests/fuzz/make-seeds.sh
# A seed is a small file as schools have them, after the byte or two
# with which each target picks what reads it (see tests/fuzz/fuzz_*.c).
set -eu
top=$(pwd)
out=$top/tests/fuzz/corpus
bin=$(cd "${PH_BIN:-$top/build/bin}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PH_NOW="2026-09-01 08:00" PH_ACTOR=seeds TZ=Asia/Shanghai
export PH_SHARE=$top/share/ph PH_DB=$tmp/ph.db

# seed TARGET NAME PREFIX FILE: PREFIX as octal escapes for printf
seed() {
	mkdir -p "$out/$1"
	{ printf "$3"; cat "$4"; } > "$out/$1/$2"
}
# seeds: a seed a line from stdin, TARGET NAME PREFIX FILE (FILE in $tmp)
seeds() {
	while read -r target name prefix file; do
		seed "$target" "$name" "$prefix" "$tmp/$file"
	done
}

# --- files as they come ---
cat > "$tmp/roster.csv" <<'CSV'
学号,姓名,性别,学校,年级,班级,宿舍,出生日期,监护人,监护人电话,关注类型
S001,张一,男,一中,初一,(1)班,,2013-03-04,张父,13800000001,留守
S002,李二,女,一中,七年级,（1）班,A-101,2013/5/6,李母,+86 138 0000 0002,
S003,王三,1,一中,7,1,,20130708,,,"单亲、家庭困难"
S004,赵四,F,一中,高二,3班,B-201,2010年1月2日,赵父,0571-88880000,
CSV
sed 's/$/\r/' "$tmp/roster.csv" > "$tmp/roster-crlf.csv"
iconv -f UTF-8 -t GBK "$tmp/roster.csv" > "$tmp/roster-gbk.csv"
tr '\n' '\r' < "$tmp/roster.csv" > "$tmp/roster-cr.csv"
printf '\357\273\277' | cat - "$tmp/roster.csv" > "$tmp/roster-bom.csv"
tr ',' '\t' < "$tmp/roster.csv" > "$tmp/roster.tsv"
cat > "$tmp/survey.csv" <<'CSV'
序号,提交答卷时间,所用时间,来源IP,1.请输入你的学号：,1、做事时提不起劲或没有兴趣,2、感到心情低落、沮丧或绝望,3、入睡困难、睡不安稳或睡眠过多,4、感觉疲倦或没有活力,5、食欲不振或吃太多,6、觉得自己很糟—或觉得自己很失败，或让自己或家人失望,7、对事物专注有困难，例如阅读报纸或看电视时,8、动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或坐立不安、动来动去的情况更胜于平常,9、有不如死掉或用某种方式伤害自己的念头吗？,你最近有什么烦恼吗
1,2026/9/1 10:01:02,120秒,10.0.0.1,S001,完全不会,好几天,一半以上的天数,几乎每天,A.完全不会,B.好几天（1分）,0,1,2,"最近总是被人欺负，不想上学"
2,2026/9/1 10:03:12,98秒,10.0.0.2,S002,0,0,0,0,0,0,0,0,0,没有
3,2026/9/1 10:05:40,301秒,10.0.0.3,Ｓ００３,3,3,3,3,3,3,2,2,(跳过),
CSV
iconv -f UTF-8 -t GBK "$tmp/survey.csv" > "$tmp/survey-gbk.csv"
cat > "$tmp/answers.jsonl" <<'JSON'
{"学号":"S001","1":0,"2":1,"3":2,"4":3,"5":0,"6":0,"7":0,"8":0,"9":2,"烦恼":"不想活了"}
{"学号":"S002","1":"完全不会","2":"好几天","3":null,"4":"0","5":0,"6":0,"7":0,"8":0,"9":0}
{"学号":"S003","1":1,"2":1,"3":1,"4":1,"5":1,"6":1,"7":1,"8":1,"9":1,"extra":{"a":[1,2]},"note":"\u4e00\t\"引号\"\\"}
JSON
printf 'id\t1\t2\t3\t4\t5\t6\t7\nG1\t3\t0\t0\t0\t0\t0\t0\nG2\t好几天\t几乎每天\t\t0\t1\t2\t3\n' > "$tmp/gad7.tsv"

# rec: byte 0 = format (0 auto 1 tsv 2 csv 3 jsonl) | encoding << 2 (0
# auto 1 utf-8 2 gbk) | written-back format << 4
seeds <<'SEEDS'
rec roster-auto \000 roster.csv
rec roster-csv-utf8 \026 roster-crlf.csv
rec roster-gbk \012 roster-gbk.csv
rec roster-gbk-auto \040 roster-gbk.csv
rec roster-cr \002 roster-cr.csv
rec roster-bom \004 roster-bom.csv
rec roster-tsv \021 roster.tsv
rec survey-csv \002 survey.csv
rec survey-gbk \000 survey-gbk.csv
rec answers-jsonl \007 answers.jsonl
rec answers-jsonl-auto \040 answers.jsonl
SEEDS

# survey: byte 0 = format | encoding << 2 | --values position 0x10 |
# --map 0x20; byte 1 = instrument (0 phq9 1 gad7 2 cesd 3 k10 4 who5
# 5 upi 6 scl 7 mht)
seeds <<'SEEDS'
survey phq9-export \000\000 survey.csv
survey phq9-export-gbk \010\000 survey-gbk.csv
survey phq9-jsonl \000\000 answers.jsonl
survey phq9-position \022\000 survey.csv
survey gad7-tsv \001\001 gad7.tsv
survey gad7-map \041\001 gad7.tsv
SEEDS

# conf: an instrument file as it is
for f in share/ph/instruments/*.yaml tests/data/instruments/*.yaml; do
	seed conf "$(basename "$f" .yaml)" '' "$f"
done

# policy: the policy file as it is, and a small one
seed policy policy '' share/ph/policy.yaml
cat > "$tmp/small.yaml" <<'YAML'
name: 小学
cards:
  rules:
    - color: red
      instrument: phq9
      scale: total
      min: 20
alerts:
  raise: [red]
  levels:
    - roles: [counsellor]
      within: 2h
  keywords:
    - id: self_harm
      pattern: '想死|不想活'
      unless: ['笑死']
YAML
seed policy small '' "$tmp/small.yaml"

# schedule: byte 0 = loader (0 calendar 1 rooms 2 duty) | encoding << 2
printf '日期,类型,说明\n2026-10-01,放假,国庆节\n2026-10-02,假期,国庆节\n2026-10-10,调休上班,国庆调休\n' > "$tmp/cal.csv"
iconv -f UTF-8 -t GBK "$tmp/cal.csv" > "$tmp/cal-gbk.csv"
printf 'date\tkind\tnote\n2026-10-01\tholiday\tNational Day\n2026-10-10\tworkday\t\n' > "$tmp/cal.tsv"
printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,一中,咨询,2,周一,16:30,18:30,个体咨询\n2,团辅室,一中,团体,12,星期二,1400,16:00:00,\n3,宣泄室,二中,宣泄,1,Fri,12:00,13:00,\n' > "$tmp/rooms.csv"
printf '房间,星期,开始,值班人\n1,周一,16:30,赵老师\n1,周三,16:30,赵老师\n9,周五,12:00,孙老师\n' > "$tmp/duty.csv"
seeds <<'SEEDS'
schedule calendar \000 cal.csv
schedule calendar-gbk \010 cal-gbk.csv
schedule calendar-tsv \004 cal.tsv
schedule rooms \001 rooms.csv
schedule duty \002 duty.csv
SEEDS

# sheet: workbooks of the roster and the survey (byte 0 = 1: the sheet
# Sheet2), with text in shared strings and inline, dates as serials
gen="/usr/bin/python3 $top/tests/data/gen-excel.py"
$gen "$tmp/book.xlsx" Sheet1="$tmp/roster.csv" Sheet2="$tmp/survey.csv"
$gen --inline "$tmp/inline.xlsx" Sheet1="$tmp/roster.csv"
seeds <<'SEEDS'
sheet xlsx \000 book.xlsx
sheet xlsx-sheet2 \001 book.xlsx
sheet xlsx-inline \000 inline.xlsx
SEEDS

# transfer: byte 0 = --unit (0 none 1 一中 2 一中/初一/2班 3 三中); the
# archives of pupils with flags, contacts, answers, cards and a case
cd "$tmp"
"$bin/ph-intake" roster roster.csv > /dev/null
"$bin/ph-intake" flag S001 -- +ill > /dev/null
printf '%s\n' 角色,学校,年级,班级,姓名,性别,电话,邮箱 \
    班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test \
    心理教师,一中,,,赵老师,女,13900000003,zhao@school.test > contacts.csv
"$bin/ph-intake" contacts contacts.csv > /dev/null 2>&1
"$bin/ph-screen" campaign create 2026秋 --instrument phq9 --kind student \
    --from 2026-09-01 --to 2026-09-15 > /dev/null
"$bin/ph-screen" import --campaign 2026秋 survey.csv > /dev/null 2>&1 || :
"$bin/ph-alert" raise --campaign 2026秋 > /dev/null 2>&1 || :
"$bin/ph-alert" case open S002 --kind referral --by 赵老师 > /dev/null 2>&1 || :
for p in S001 S002 S003 S004; do
	"$bin/ph-intake" transfer out $p > "$p.jsonl"
	seed transfer "$p" '\000' "$p.jsonl"
done
seed transfer S001-unit '\001' S001.jsonl
ls "$out"/* | wc -l
