#!/usr/bin/env bats
# ph-intake on bad input: every bad line listed as FILE:LINE: field: what,
# exit 65, and nothing of the load written.

load helpers

# Starts a roster load from a pipe, feeds it a header and many rows, makes
# sure it is inside its transaction (it holds the write lock), and kills
# it with SIGKILL there.
kill_load_midway() {
	mkfifo pipe
	ph-intake roster pipe 2>/dev/null &
	pid=$!
	exec 7>pipe
	echo '学号,姓名,学校,年级,班级' >&7
	for i in $(seq 1 3000); do echo "K$i,某,五中,9,$((i % 9 + 1))"; done >&7
	sleep 1
	run sqlite3 "$PH_DB" "BEGIN IMMEDIATE; ROLLBACK;"
	[ "$status" -ne 0 ]
	[[ "$output" == *"locked"* ]]
	kill -9 "$pid"
	exec 7>&-
	wait "$pid" || true
}

setup() {
	common_setup
	printf '学号,姓名,性别,学校,年级,班级,出生日期,监护人电话,关注类型\n' > head.csv
}

# Loads head.csv plus the given lines; expects failure with nothing loaded.
load_bad() {
	cp head.csv bad.csv
	printf '%s\n' "$@" >> bad.csv
	run ph-intake roster bad.csv
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" -eq 0 ]
}

# `ph-intake roster [OPTION...] FILE` exits 65 and names line 2 of FILE,
# then WHAT.
# roster_refused FILE WHAT [OPTION...]
roster_refused() {
	local file=$1 what=$2
	shift 2
	run ph-intake roster "$@" "$file"
	[ "$status" -eq 65 ]
	[[ "$output" == *"$file:2: "*"$what"* ]]
}

@test "bad: an unknown grade names file, line, field and value" {
	load_bad "B1,甲,男,二中,十三年级,1,,,"
	[[ "$output" == *"ph-intake: bad.csv:2: 年级: grade '十三年级'"* ]]
	[[ "$output" == *"nothing was loaded: 1 error"* ]]
}

@test "bad: sex, date, phone, flag and class each reported" {
	load_bad "B1,甲,X,二中,8,1,,," \
	    "B2,乙,男,二中,8,1,2012-02-30,," \
	    "B3,丙,男,二中,8,1,,1381234567," \
	    "B4,丁,男,二中,8,1,,,孤儿" \
	    "B5,戊,男,二中,8,,,,"
	[[ "$output" == *"bad.csv:2: 性别: sex 'X'"* ]]
	[[ "$output" == *"bad.csv:3: 出生日期: date '2012-02-30' does not exist"* ]]
	[[ "$output" == *"bad.csv:4: 监护人电话: "*"10 digits"* ]]
	[[ "$output" == *"bad.csv:5: 关注类型: "*"孤儿"* ]]
	[[ "$output" == *"bad.csv:6: 班级: missing"* ]]
	[[ "$output" == *"nothing was loaded: 5 errors"* ]]
}

@test "bad: a number a spreadsheet mangled is explained" {
	load_bad "2.02401E+15,甲,男,二中,8,1,,,"
	[[ "$output" == *"bad.csv:2: 学号: "*"spreadsheet"* ]]
}

@test "bad: a birth date in the future is refused" {
	load_bad "B1,甲,男,二中,8,1,2030-01-01,,"
	[[ "$output" == *"is in the future"* ]]
}

@test "bad: a class naming another grade than the grade column" {
	load_bad "B1,甲,男,二中,8,初一(3)班,,,"
	[[ "$output" == *"bad.csv:2: 班级: '初一(3)班' is in 七年级, but the grade column says 八年级"* ]]
}

@test "bad: duplicate numbers in one file name both lines" {
	load_bad "B1,甲,男,二中,8,1,,," "B2,乙,男,二中,8,1,,," "B1,丙,女,二中,8,2,,,"
	[[ "$output" == *"bad.csv:4: student number 'B1' is also on line 2"* ]]
}

@test "bad: duplicate numbers across two files name both places" {
	cp head.csv a.csv; echo "B1,甲,男,二中,8,1,,," >> a.csv
	cp head.csv b.csv; echo "B1,乙,男,二中,8,1,,," >> b.csv
	fails_with 65 "b.csv:2: student number 'B1' is also at a.csv:2" ph-intake roster a.csv b.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" -eq 0 ]
}

@test "bad: one bad file among good ones loads nothing at all" {
	cp head.csv good.csv; echo "G1,甲,男,二中,8,1,,," >> good.csv
	cp head.csv bad.csv; echo "B1,乙,男,二中,8,1,,,x" >> bad.csv
	run ph-intake roster good.csv bad.csv
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM unit")" -eq 0 ]
}

@test "bad: a missing required column is named with its aliases" {
	printf '姓名,学校,年级,班级\n甲,二中,8,1\n' > nocol.csv
	fails_with 65 "nocol.csv:1: no column for student number (a header named 学号/" \
	    ph-intake roster nocol.csv
}

@test "bad: an unterminated quote is reported with the line it opened on" {
	printf '学号,姓名,学校,年级,班级\nA1,"甲,二中,8,1\nA2,乙,二中,8,1\n' > quote.csv
	roster_refused quote.csv "unterminated"
}

@test "bad: bytes that are neither UTF-8 nor GBK" {
	printf '学号,姓名,学校,年级,班级\nA1,\377\376\377,二中,8,1\n' > junk.csv
	roster_refused junk.csv "UTF-8" --encoding utf-8
}

@test "bad: too many fields in a row" {
	printf '学号,姓名,学校,年级,班级\nA1,甲,二中,8,1,extra\n' > wide.csv
	roster_refused wide.csv "6 fields"
}

@test "bad: --max-errors limits the listing but not the count" {
	cp head.csv many.csv
	for i in 1 2 3 4 5; do echo "B$i,甲,X,二中,8,1,,," >> many.csv; done
	run ph-intake --max-errors 2 roster many.csv
	[ "$status" -eq 65 ]
	[ "$(echo "$output" | grep -c "sex 'X'")" -eq 2 ]
	[[ "$output" == *"3 more errors not shown"* ]]
	[[ "$output" == *"nothing was loaded: 5 errors"* ]]
}

@test "bad: an empty file and a missing file" {
	: > empty.csv
	run ph-intake roster empty.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"empty.csv"*"empty input"* ]]
	fails_with 66 "nosuch.csv" ph-intake roster nosuch.csv
}

@test "bad: a student number already used by staff" {
	printf '工号,姓名,单位\nB1,甲,二中\n' > staff.csv
	ph-intake staff staff.csv
	cp head.csv s.csv
	echo "B0,甲,X,二中,8,1,,," >> s.csv
	echo "B1,乙,男,二中,8,1,,," >> s.csv
	fails_with 65 "s.csv:2: 性别: sex 'X'" ph-intake roster s.csv
	[[ "$output" == *"s.csv:3: 'B1' is already the number of a staff member"* ]]
}

@test "bad: kill -9 in the middle of a load leaves the database as it was" {
	write_roster students.csv
	ph-intake roster students.csv
	before=$(sqlite3 "$PH_DB" "SELECT count(*) || '/' || (SELECT count(*) FROM unit) || '/' || (SELECT count(*) FROM audit) FROM person")
	kill_load_midway
	[ "$(sqlite3 "$PH_DB" "PRAGMA integrity_check")" = ok ]
	after=$(sqlite3 "$PH_DB" "SELECT count(*) || '/' || (SELECT count(*) FROM unit) || '/' || (SELECT count(*) FROM audit) FROM person")
	[ "$after" = "$before" ]
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
}

@test "bad: a number repeated on a bad line and a good one, either order" {
	load_bad "B1,甲,X,二中,8,1,,," "B1,乙,男,二中,8,1,,," \
	    "B2,丙,男,二中,8,1,,," "B2,丁,X,二中,8,1,,,"
	[[ "$output" == *"bad.csv:2: 性别: sex 'X'"* ]]
	[[ "$output" == *"bad.csv:3: student number 'B1' is also on line 2"* ]]
	[[ "$output" == *"bad.csv:5: student number 'B2' is also on line 4"* ]]
	[[ "$output" == *"nothing was loaded: 4 errors"* ]]
}

@test "bad: a number three times names the first line each time" {
	load_bad "B1,甲,男,二中,8,1,,," "B1,乙,男,二中,8,1,,," "B1,丙,男,二中,8,1,,,"
	[[ "$output" == *"bad.csv:3: student number 'B1' is also on line 2"* ]]
	[[ "$output" == *"bad.csv:4: student number 'B1' is also on line 2"* ]]
}

@test "bad: a repeated number on stdin, and in a reload" {
	cp head.csv dup.csv
	printf '%s\n' "B1,甲,男,二中,8,1,,," "B1,乙,男,二中,8,1,,," >> dup.csv
	run ph-intake roster < dup.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"stdin:3: student number 'B1' is also earlier in the input"* ]]
	cp head.csv one.csv; echo "B0,甲,男,二中,8,1,,," >> one.csv
	ph-intake roster one.csv
	fails_with 65 "dup.csv:3: student number 'B1' is also on line 2" ph-intake roster dup.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" -eq 1 ]
}

@test "bad: kill -9 during a first load leaves an empty database, in WAL again" {
	kill_load_midway
	run ph-intake list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA integrity_check")" = ok ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM unit")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
	write_roster students.csv
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
}
