#!/usr/bin/env bats
# Hostile and odd record files (issue 17), as every loader reads them:
# bare-CR line ends, one encoding per file, limits on a record and a
# field, NUL characters.

load helpers

setup() {
	setup_with_share
}

# The roster of write_pupils, its lines ended by a bare CR.
cr_roster() {
	write_pupils students.csv
	tr '\n' '\r' < students.csv > "$1"
}

# A GBK roster of many real names, rare GBK characters among them.
gbk_roster() {
	local i=0
	{
		echo "学号,姓名,性别,学校,年级,班级"
		for s in 王 李 张 欧阳 司马; do
			for g in 喆 堃 昇 珺 玥 镕 犇 赟 琇 祎 彧 翀 燊 垚 淼 伟 芳 敏 静 子轩 梓涵; do
				i=$((i + 1))
				echo "S$i,$s$g,男,一中,初一,1班"
			done
		done
	} | iconv -f UTF-8 -t GBK > "$1"
}

@test "roster: bare-CR line ends (old Mac, some Excel exports) load every row" {
	cr_roster cr.csv
	! grep -q "$(printf '\n')" cr.csv
	run ph-intake roster cr.csv
	[ "$status" -eq 0 ]
	[ "$(count_people)" -eq 3 ]
	[ "$(sqlite3 "$PH_DB" "SELECT name FROM person WHERE person_no = 'S3'")" = 丙 ]
}

@test "roster: a bare CR inside an LF file is refused with its line, nothing written" {
	write_pupils mixed.csv
	printf 'S4,丁四,男,一中,初一,1班\rS5,戊五,女,一中,初一,1班\n' >> mixed.csv
	fails_with 65 "mixed.csv:5: this line holds a bare CR line end, but the file's lines end in LF" \
	    ph-intake roster mixed.csv
	[ "$(count_people)" -eq 0 ]
}

@test "roster: a real GBK roster loads, a UTF-8 line in it is refused naming that line, nothing written" {
	gbk_roster gbk.csv
	run ph-intake roster gbk.csv
	[ "$status" -eq 0 ]
	[ "$(count_people)" -eq 105 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE name = '欧阳彧'")" -eq 1 ]
	rm -f "$PH_DB"
	gbk_roster mixed.csv
	printf 'S900,张三,男,一中,初一,1班\n' >> mixed.csv
	gbk_roster tail.csv
	tail -n 3 tail.csv >> mixed.csv
	fails_with 65 "mixed.csv:107: this line is UTF-8 but the file is GBK (from line 1): save the file in one encoding" \
	    ph-intake roster mixed.csv
	[[ "$output" == *"nothing was loaded"* ]]
	[ "$(count_people)" -eq 0 ]
}

@test "screen import: a GBK answers file with a UTF-8 line imports nothing" {
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	ph-screen campaign create c1 --instrument phq9 --from 2026-09-01 --to 2026-09-15 > /dev/null
	printf '学号,姓名,1,2,3,4,5,6,7,8,9\nS1,张一,0,0,0,0,0,0,0,0,0\nS2,李二,1,1,1,1,1,1,1,1,1\n' |
	    iconv -f UTF-8 -t GBK > answers.csv
	printf 'S3,王三,3,3,3,3,3,3,3,3,3\n' >> answers.csv
	fails_with 65 "answers.csv:4: this line is UTF-8 but the file is GBK (from line 1): save the file in one encoding" \
	    ph-screen import --campaign c1 answers.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 0 ]
}

@test "roster: /dev/zero refused at once with bounded memory" {
	# without the limit the reader grows until the address space ends
	local vlimit='ulimit -v 400000;'
	plain_build || vlimit=
	run bash -c "$vlimit exec timeout 20 /usr/bin/time -f 'rss %M' ph-intake roster /dev/zero"
	[ "$status" -eq 65 ]
	[[ "$output" == *"ph-intake: /dev/zero:1: a line longer than 1 MiB, the limit of a record (see ph-records(5)): is this a file of records?"* ]]
	rss=$(printf '%s\n' "$output" | awk '$1 == "rss" { print $2 }')
	! plain_build || [ "$rss" -lt 24000 ]
}

@test "roster: a 2 MiB line refused quickly with the documented message, nothing written" {
	write_pupils big.csv
	{ printf 'S9,'; head -c 2097152 /dev/zero | tr '\0' x; printf ',男,一中,初一,1班\nS10,甲,男,一中,初一,1班\n'; } >> big.csv
	run timeout 20 /usr/bin/time -f "rss %M" ph-intake roster big.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"big.csv:5: a line longer than 1 MiB, the limit of a record (see ph-records(5))"* ]]
	[[ "$output" != *"big.csv:6"* ]]
	rss=$(printf '%s\n' "$output" | awk '$1 == "rss" { print $2 }')
	! plain_build || [ "$rss" -lt 24000 ]
	[ "$(count_people)" -eq 0 ]
	grep -q 'LIMITS' "$BATS_TEST_DIRNAME/../../man/ph-records.5"
}

@test "roster: a field over 64 KiB is a bad line, named with its column" {
	write_pupils long.csv
	{ printf 'S9,'; head -c 70000 /dev/zero | tr '\0' x; printf ',男,一中,初一,1班\n'; } >> long.csv
	fails_with 65 "long.csv:5: field 2 (姓名) is longer than 64 KiB, the limit of a field" \
	    ph-intake roster long.csv
	[ "$(count_people)" -eq 0 ]
}

@test "roster: a NUL byte in a CSV line is refused with its line, never cut short" {
	write_pupils nul.csv
	printf 'S9,甲\0乙,男,一中,初一,1班\n' >> nul.csv
	fails_with 65 "nul.csv:5: the line contains a NUL character" ph-intake roster nul.csv
	[ "$(count_people)" -eq 0 ]
}

@test "screen: a JSONL \\u0000 in an answer is refused with file:line, never cut short" {
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	ph-screen campaign create c1 --instrument phq9 --from 2026-09-01 --to 2026-09-15 > /dev/null
	{
		echo '{"学号":"S1","1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0}'
		echo '{"学号":"S2\u0000S3","1":3,"2":3,"3":3,"4":3,"5":3,"6":3,"7":3,"8":3,"9":3}'
	} > answers.jsonl
	run ph-screen import --campaign c1 answers.jsonl
	[ "$status" -eq 65 ]
	[[ "$output" == *"answers.jsonl:2: "*"a string contains a NUL character (\\u0000)"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
	run ph-screen score phq9 answers.jsonl
	[ "$status" -eq 65 ]
	[[ "$output" == *"answers.jsonl:2: column 14: a string contains a NUL character (\\u0000)"* ]]
}
