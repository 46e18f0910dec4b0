#!/usr/bin/env bats
# Reading survey-platform exports (issue 14, findings 2 to 5): headers as
# circulating official versions and platforms write them, the id question
# numbered like any other, option cells with letters and points, files
# numbered by option position.  Nothing is guessed, nothing is silent.

load helpers

setup() {
	setup_with_share
	unset PH_DB PH_PATH
}

# score INSTRUMENT FILE [options]: "id total band [critical] valid"
score_cols() {
	ph-screen score "$@" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["id"] " " $c["total"] " " $c["total_band"] " [" $c["critical"] "] " $c["valid"] }'
}

# PHQ-9 as an official Chinese version words it, numbered by a platform.
phq_official='学号,1、做事时提不起劲或没有兴趣,2、感到心情低落、沮丧或绝望,3、入睡困难、睡不安稳或睡眠过多,4、感觉疲倦或没有活力,5、食欲不振或吃太多,6、觉得自己很糟—或觉得自己很失败，或让自己或家人失望,7、对事物专注有困难，例如阅读报纸或看电视时,8、动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或坐立不安、动来动去的情况更胜于平常,9、有不如死掉或用某种方式伤害自己的念头吗？'

@test "finding 2: PHQ-9 items 6, 8 and 9 under an official version's headers are read" {
	printf '%s\n' "$phq_official" "S1,0,0,0,0,0,1,0,2,1" > off.csv
	run score_cols phq9 off.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "S1 4 minimal [phq9_9] yes" ]
	run ph-screen columns phq9 off.csv
	[ "$status" -eq 0 ]
	lines_are 0 $'item\tcolumn\theader\thow' 1 $'id\t1\t学号\ttext' \
	    7 $'phq9_6\t7\t6、觉得自己很糟—或觉得自己很失败，或让自己或家人失望\ttext' \
	    9 $'phq9_8\t9\t8、动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或坐立不安、动来动去的情况更胜于平常\ttext' \
	    10 $'phq9_9\t10\t9、有不如死掉或用某种方式伤害自己的念头吗？\ttext'
}

@test "finding 2: the same headers in a GBK export, with notes in brackets and other punctuation" {
	{
		echo "序号,提交答卷时间,${phq_official//吗？/吗？（单选题）},来源IP"
		echo "1,2026/9/2 10:01:02,S1,完全不会,完全不会,完全不会,完全不会,完全不会,好几天,完全不会,几乎每天,好几天,10.0.0.1"
	} | sed 's/5、食欲不振或吃太多/5．食欲不振 或 吃太多【必填】/; s/4、感觉疲倦或没有活力/Q4:感觉疲倦或没有活力 *[单选]/' |
	    iconv -f UTF-8 -t GBK > gbk.csv
	run score_cols phq9 gbk.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "S1 5 mild [phq9_9] yes" ]
}

@test "finding 2: GAD-7 item 1 as 感觉紧张，焦虑或急切" {
	printf '%s\n' "id,1、感觉紧张，焦虑或急切,2,3,4,5,6,7" "G1,3,0,0,0,0,0,0" > gad.csv
	run score_cols gad7 gad.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "G1 3 minimal [] yes" ]
}

@test "finding 2: K10 item 10 as 10、感到自己毫无价值 is read, not prorated away" {
	scored k10 "学号,1,2,3,4,5,6,7,8,9,10、感到自己毫无价值" \
	    "K1,3,3,3,3,3,3,3,3,3,5" total K1 32 missing K1 0 valid K1 yes
	scored k6 "学号,1,2,3,4,5,6、感到自己毫无价值" "K6,0,0,0,0,0,4" \
	    total K6 4
}

@test "finding 2: a file with no column for item 9 is neither scored nor imported; the table says so" {
	printf '%s\n' "学号,1,2,3,4,5,6,7,8,来源IP" "S1,0,0,0,0,0,0,0,0,10.0.0.1" > no9.csv
	fails_with 65 "no9.csv:1: no column for item phq9_9 (有不如死掉或用某种方式伤害自己的念头); name its column with --map phq9_9=COLUMN" \
	    ph-screen score phq9 no9.csv
	[[ "$output" == *$'ph-screen:   phq9_9\t-\t-\tnone'* ]]
	[[ "$output" == *$'ph-screen:   phq9_8\t9\t8\tnumber'* ]]
	[[ "$output" == *$'ph-screen:   -\t10\t来源IP\tnone'* ]]
	[[ "$output" != *$'\nS1\t'* ]]
	run ph-screen columns phq9 no9.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *$'\nphq9_9\t\t\tnone'* ]]
	# nor imported
	export PH_DB="$BATS_TEST_TMPDIR/ph.db"
	roster_rows students.csv S1,甲,男,一中,初一,1班
	ph-intake roster students.csv
	ph-screen campaign create c1 --instrument phq9 --from 2026-09-01 --to 2026-09-15
	fails_with 65 "no column for item phq9_9" ph-screen import --campaign c1 no9.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 0 ]
}

@test "finding 2: --map gives a column by its header or its number; a wrong --map is an error" {
	printf '%s\n' "学号,1,2,3,4,5,6,7,8,自伤念头" "S1,0,0,0,0,0,0,0,0,2" > m.csv
	run score_cols phq9 --map phq9_9=自伤念头 m.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "S1 2 minimal [phq9_9] yes" ]
	run score_cols phq9 --map phq9_9=10 m.csv
	[ "${lines[0]}" = "S1 2 minimal [phq9_9] yes" ]
	run ph-screen columns phq9 --map phq9_9=10 m.csv
	[ "$status" -eq 0 ]
	[ "${lines[10]}" = $'phq9_9\t10\t自伤念头\tmap' ]
	# --map wins over a header that matched by itself
	run ph-screen columns phq9 --map phq9_1=自伤念头 --map phq9_9=2 m.csv
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = $'phq9_1\t10\t自伤念头\tmap' ]
	[ "${lines[10]}" = $'phq9_9\t2\t1\tmap' ]
	fails_with 65 "--map 'phq9_10=自伤念头': phq9 has no item 'phq9_10'" \
	    ph-screen score phq9 --map phq9_10=自伤念头 m.csv
	fails_with 65 "--map 'phq9_9=自杀念头': no column '自杀念头'" \
	    ph-screen score phq9 --map phq9_9=自杀念头 m.csv
	run ph-screen score phq9 --map phq9_9=11 m.csv
	[ "$status" -eq 65 ]
}

@test "finding 2: a header that could be two items, or two columns for one item, is refused" {
	mkdir inst
	cat > inst/amb.yaml <<'YAML'
id: amb
version: "1"
name: {zh: 测试}
licence: synthetic, for tests only
options:
  yn:
    - {value: 1, zh: 是}
    - {value: 0, zh: 否}
items:
  - {id: a1, zh: 感到紧张, options: yn}
  - {id: a2, zh: 感到焦虑, also: [感到紧张（近一周）], options: yn}
scales:
  - {id: total, items: all}
YAML
	printf 'id,感到紧张,感到焦虑\nx,是,否\n' > amb.csv
	fails_with 65 "amb.csv:1: column 2 (感到紧张) could be item a1 or item a2; name its item with --map ITEM=2" \
	    ph-screen score inst/amb.yaml amb.csv
	run score_cols inst/amb.yaml --map a1=2 amb.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "x 1  [] yes" ]
	printf '%s\n' "学号,1,做事时提不起劲或没有兴趣,2,3,4,5,6,7,8,9" "S1,0,1,0,0,0,0,0,0,0,0" > two.csv
	fails_with 65 "columns 2 (1) and 3 (做事时提不起劲或没有兴趣) both answer item phq9_1; name one with --map phq9_1=COLUMN" \
	    ph-screen score phq9 two.csv
}

@test "columns: every item with its column and how it was found, then the columns left; JSONL too" {
	printf '%s\n' "提交时间,编号,phq9_2,Q1,3、入睡困难、睡不安稳或睡眠过多,4,5,6,7,8,第9题,x" "t,S1,0,0,0,0,0,0,0,0,0,0" > c.csv
	run ph-screen columns phq9 --map phq9_4=x c.csv
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 13 ]
	lines_are 1 $'id\t2\t编号\ttext' 2 $'phq9_1\t4\tQ1\tnumber' \
	    3 $'phq9_2\t3\tphq9_2\tid' \
	    4 $'phq9_3\t5\t3、入睡困难、睡不安稳或睡眠过多\ttext' \
	    5 $'phq9_4\t12\tx\tmap' 10 $'phq9_9\t11\t第9题\tnumber' \
	    11 $'\t1\t提交时间\tnone'
	[ "${lines[12]}" = $'\t6\t4\tnone' ]
	run ph-screen --format jsonl columns phq9 --map phq9_4=x c.csv
	[ "${lines[0]}" = '{"item":"id","column":2,"header":"编号","how":"text"}' ]
	run ph-screen columns phq9 nosuch.csv
	[ "$status" -eq 66 ]
}

@test "finding 3: the id question numbered and worded as platforms do is the id column" {
	for h in "1、学号" "1.请输入你的学号：" "您的学籍号（必填）" "学号/工号" "请输入学号" "【必填】2. 学号" "Student_No" "3、您的学号是？"; do
		printf '%s\n' "序号,$h,1,2,3,4,5,6,7" "1,S1,0,0,0,0,0,0,1" > id.csv
		run score_cols gad7 id.csv
		[ "$status" -eq 0 ] || { echo "$h: $output"; false; }
		[ "${lines[0]}" = "S1 1 minimal [] yes" ] || { echo "$h: $output"; false; }
	done
	# GBK, imported
	export PH_DB="$BATS_TEST_TMPDIR/ph.db"
	roster_rows students.csv S1,甲,男,一中,初一,1班
	ph-intake roster students.csv
	ph-screen campaign create c1 --instrument gad7 --from 2026-09-01 --to 2026-09-15
	# the questions numbered after the id's, as one questionnaire
	printf '%s\n' "序号,1.请输入你的学号：,2、感觉紧张，焦虑或急切,3、不能够停止或控制担忧,4、对各种各样的事情担忧过多,5、很难放松下来,6、由于不安而无法静坐,7、变得容易烦恼或急躁,8、感到似乎将有可怕的事情发生而害怕" \
	    "1,S1,好几天,0,0,0,0,0,0" |
	    iconv -f UTF-8 -t GBK > gbk.csv
	run ph-screen import --campaign c1 gbk.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
}

@test "finding 3: a pupil number wins over a platform's own number; two pupil numbers are refused" {
	printf '%s\n' "编号,用户名,1、学号,1,2,3,4,5,6,7" "9,u9,S1,0,0,0,0,0,0,1" > id.csv
	run score_cols gad7 id.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "S1 1 minimal [] yes" ]
	printf '%s\n' "学号,学籍号,1,2,3,4,5,6,7" "S1,G1,0,0,0,0,0,0,1" > two.csv
	fails_with 65 "columns 1 (学号) and 2 (学籍号) could both be the person's id; name it with --map id=COLUMN" \
	    ph-screen score gad7 two.csv
	run score_cols gad7 --map id=学籍号 two.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "G1 1 minimal [] yes" ]
}

# A PHQ-9 file whose every cell of a row is the same text: "id cell".
same_cells() {
	echo "id,1,2,3,4,5,6,7,8,9"
	for c in "$@"; do
		printf '%s' "${c%%=*}"
		for k in 1 2 3 4 5 6 7 8 9; do printf ',%s' "${c#*=}"; done
		echo
	done
}

@test "finding 4: option cells as schools' exports have them" {
	same_cells "a=B" "b=b.好几天" "c=B. 好几天" "d=好几天（1分）" "e=几天" "f=有过几天" \
	    "g=一半以上的日子" "h=从不" "i=Ｂ" "j=(B)好几天" "k=B)好几天" "l=B、好几天" \
	    "m=好几天(1分)" "n=  好几天  " "o=D" "p=A.完全不会(0分)" "q=d" > cells.csv
	run score_cols phq9 cells.csv
	[ "$status" -eq 0 ]
	for r in a b c d e f i j k l m n; do
		[[ "$output" == *"$r 9 mild [phq9_9] yes"* ]] || { echo "$r: $output"; false; }
	done
	[[ "$output" == *"g 18 moderately_severe [phq9_9] yes"* ]]
	[[ "$output" == *"h 0 minimal [] yes"* ]]
	[[ "$output" == *"o 27 severe [phq9_9] yes"* ]]
	[[ "$output" == *"p 0 minimal [] yes"* ]]
	[[ "$output" == *"q 27 severe [phq9_9] yes"* ]]
	# the same in GBK
	iconv -f UTF-8 -t GBK cells.csv > cells-gbk.csv
	run score_cols phq9 cells-gbk.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"d 9 mild [phq9_9] yes"* ]]
	[[ "$output" == *"g 18 moderately_severe [phq9_9] yes"* ]]
}

@test "finding 4: CES-D, K10 and WHO-5 option variants" {
	{
		printf 'id'; for k in $(seq 20); do printf ',%s' "$k"; done; echo
		for c in "c2=时常或一半时间（3-4天）" "c3=多数时间或持续（5-7天）" "c0=很少或没有（少于1天）" "c1=有时或少部分时间（1-2天）"; do
			printf '%s' "${c%%=*}"
			for k in $(seq 20); do printf ',%s' "${c#*=}"; done
			echo
		done
	} > cesd.csv
	run ph-screen score cesd cesd.csv
	[ "$status" -eq 0 ]
	# items 4, 8, 12 and 16 are reversed
	output_cell_is total c2 36 total c3 48 total c0 12 total c1 24
	scored k10 "id,1,2,3,4,5,6,7,8,9,10" \
	    "k,几乎总是,较少,有时候,大多数时间,从来没有,1,1,1,1,1" total k 20
	scored who5 "id,1,2,3,4,5" \
	    "w,大多数时间,多于一半的时间,一半以下的时间,有时候,从不" raw w 10
}

@test "finding 4: a letter or points that disagree with the text are refused, never guessed" {
	printf '%s\n' "id,1,2,3,4,5,6,7,8,9" "x,B.几乎每天,好几天（2分）,E,0,0,0,0,0,0" > dis.csv
	fails_with 65 "dis.csv:2: column 2: 'B.几乎每天': option B of phq9_1 is 好几天, the text says 几乎每天" \
	    ph-screen score phq9 dis.csv
	[[ "$output" == *"dis.csv:2: column 3: '好几天（2分）': 好几天 is 1 in phq9_2, not 2"* ]]
	[[ "$output" == *"dis.csv:2: column 4: 'E': phq9_3 has no option E (A-D)"* ]]
	[[ "$output" == *"ph-screen: 3 errors; 1 response written without the cells that could not be read"* ]]
}

@test "finding 5: --values position reads 1 as the first option; value coding names --values position" {
	printf '%s\n' "id,1,2,3,4,5,6,7,8,9" "p1,1,1,1,1,1,1,1,1,1" "p4,4,1,1,1,1,1,1,1,4" > pos.csv
	run score_cols phq9 --values position pos.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "p1 0 minimal [] yes" ]
	[ "${lines[1]}" = "p4 6 mild [phq9_9] yes" ]
	fails_with 65 "pos.csv:3: column 2: '4' is not an option of phq9_1 (values 0-3); a file numbered by option position needs --values position" \
	    ph-screen score phq9 pos.csv
	[[ "$output" == *"pos.csv:3: column 10: '4' is not an option of phq9_9 (values 0-3); a file numbered by option position needs --values position"* ]]
	[[ "$output" == *"ph-screen: 2 cells held a number that is no value of its item; if the file numbers options by position (1 for the first), score it with --values position"* ]]
	# a position past the last option
	printf '%s\n' "id,1,2,3,4,5,6,7,8,9" "p5,5,1,1,1,1,1,1,1,1" > five.csv
	fails_with 65 "'5' is not an option of phq9_1 (positions 1-4, as --values position reads it)" \
	    ph-screen score phq9 --values position five.csv
	# WHO-5 lists 所有时间 first
	printf '%s\n' "id,1,2,3,4,5" "w,1,1,1,1,1" > who5.csv
	run ph-screen score who5 --values position who5.csv
	output_cell_is percent w 100
	run ph-screen score who5 who5.csv
	output_cell_is percent w 20
}

@test "finding 5: an import numbered by position stores the scores of the options meant" {
	export PH_DB="$BATS_TEST_TMPDIR/ph.db"
	roster_rows students.csv S1,甲,男,一中,初一,1班
	ph-intake roster students.csv
	ph-screen campaign create c1 --instrument phq9 --from 2026-09-01 --to 2026-09-15
	printf '%s\n' "学号,1,2,3,4,5,6,7,8,9" "S1,1,1,1,1,1,1,1,1,1" > pos.csv
	run ph-screen import --campaign c1 --values position pos.csv
	[ "$status" -eq 0 ]
	[[ "$(sqlite3 "$PH_DB" "SELECT scores FROM response")" == *'"total":0'* ]]
}

@test "score: each unreadable cell on a line of its own; the row is written, the exit says so" {
	printf '%s\n' "id,1,2,3,4,5,6,7,8,9" "r1,经常,0,0,x,0,0,0,0,3" "r2,0,0,0,0,0,0,0,0,0" "," > r.csv
	fails_with 65 "ph-screen: r.csv:2: column 2: '经常' is not an option of phq9_1" \
	    ph-screen score phq9 r.csv
	[[ "$output" == *"ph-screen: r.csv:2: column 5: 'x': phq9_4 has no option X (A-D)"* ]]
	[[ "$output" == *$'\nr1\t'*$'\tphq9_9\t'* ]]
	[[ "$output" == *$'\nr2\t0\tminimal'* ]]
	[[ "$output" == *"r.csv:4: id: missing"* ]]
	[[ "$(echo "$output" | tail -n 1)" == "ph-screen: 3 errors; 1 response written without the cells that could not be read; 1 row not scored" ]]
}
