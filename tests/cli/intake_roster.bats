#!/usr/bin/env bats
# ph-intake roster: loading students as a school's export gives them.

load helpers

setup() {
	common_setup
}

@test "roster: loads an Excel UTF-8 CSV (BOM, CRLF, Chinese headers)" {
	write_roster students.csv
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	first_lines_are \
	    $'rows\tadded\tupdated\tunchanged\tleft\tunits_created' \
	    $'5\t5\t0\t0\t0\t8'
	[ "$(count_people)" -eq 5 ]
}

@test "roster: grade and class forms meet in one unit" {
	write_roster students.csv
	ph-intake roster students.csv
	run sqlite3 "$PH_DB" "SELECT u.path, count(*) FROM person p JOIN unit u ON u.id = p.unit_id GROUP BY u.path ORDER BY 1"
	[ "$status" -eq 0 ]
	first_lines_are "第一中学/七年级/1班|3" "第一中学/高二/3班|2"
	[ "${#lines[@]}" -eq 2 ]
}

@test "roster: values are normalised (sex, dates, phones, flags)" {
	write_roster students.csv
	ph-intake roster students.csv
	run sqlite3 "$PH_DB" "SELECT person_no, sex, birth_date, coalesce(guardian_phone, '') FROM person ORDER BY 1"
	first_lines_are \
	    "S001|M|2013-03-04|13800000001" \
	    "S002|F|2013-05-06|13800000002" \
	    "S003|M|2013-07-08|" \
	    "S004|F|2010-01-02|0571-88880000" \
	    "S005|F|2010-02-03|"
	run sqlite3 "$PH_DB" "SELECT p.person_no || ':' || f.flag FROM person_flag f JOIN person p ON p.id = f.person_id ORDER BY 1"
	first_lines_are "S001:left_behind" "S003:hardship" "S003:single_parent"
	[ "${#lines[@]}" -eq 3 ]
}

@test "roster: dormitories become units under the school" {
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake units --unit 第一中学/宿舍
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") students 第一中学/宿舍/B-201)" = 2 ]
	[ "$(tsv_get <(echo "$output") students 第一中学/宿舍)" = 3 ]
}

@test "roster: a GBK file is detected without being told" {
	write_roster utf8.csv
	iconv -f UTF-8 -t GBK < <(tail -c +4 utf8.csv) > gbk.csv
	! iconv -f UTF-8 -t UTF-8 gbk.csv >/dev/null 2>&1
	run ph-intake roster gbk.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT name FROM person WHERE person_no = 'S004'")" = "赵四" ]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE kind = 'school'")" = "第一中学" ]
}

@test "roster: --encoding gbk is honoured on stdin" {
	write_roster utf8.csv
	tail -c +4 utf8.csv | iconv -f UTF-8 -t GB18030 > gbk.csv
	run ph-intake roster --encoding gbk < gbk.csv
	[ "$status" -eq 0 ]
	[ "$(count_people)" -eq 5 ]
}

@test "roster: TSV and JSONL inputs load the same people" {
	printf '学号\t姓名\t学校\t年级\t班级\nT1\t甲\t二中\t8\t2班\n' > a.tsv
	printf '{"学号":"J1","姓名":"乙","学校":"二中","年级":"八年级","班级":"2"}\n' > b.jsonl
	run ph-intake roster a.tsv b.jsonl
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(DISTINCT unit_id) FROM person")" -eq 1 ]
	[ "$(count_people)" -eq 2 ]
}

@test "roster: full-width digits and letters and spaces are folded" {
	printf '学号,姓名,学校,年级,班级\n　Ｓ１２３　, 丙 ,二中,８,（２）班\n' > fw.csv
	run ph-intake roster fw.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT person_no || '|' || name FROM person")" = "S123|丙" ]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE kind = 'class'")" = "二中/八年级/2班" ]
}

@test "roster: --school fills a roster without a school column" {
	printf '学号,姓名,班级\nX1,丁,初二(4)班\n' > noschool.csv
	run ph-intake roster --school 三中 noschool.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE kind = 'class'")" = "三中/八年级/4班" ]
}

@test "roster: the same file twice changes nothing, says so, writes nothing" {
	write_roster students.csv
	ph-intake roster students.csv
	audit_before=$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")
	sqlite3 "$PH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	sum_before=$(cksum < "$PH_DB")
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"nothing changed"* ]]
	[ "$(echo "$output" | tail -n 1)" = "$(printf '5\t0\t0\t5\t0\t0')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")" = "$audit_before" ]
	[ ! -s "$PH_DB-wal" ] || [ "$(stat -c %s "$PH_DB-wal")" -eq 0 ]
	[ "$(cksum < "$PH_DB")" = "$sum_before" ]
}

@test "roster: a changed row updates the person and is audited" {
	write_roster students.csv
	ph-intake roster students.csv
	sed -i 's/S002,李二,女,第一中学,七年级,（1）班/S002,李二,女,第一中学,七年级,（2）班/' students.csv
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n 1)" = "$(printf '5\t0\t1\t4\t0\t1')" ]
	run sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'person.update' AND subject = 'S002'"
	[ "$output" = "unit: 第一中学/七年级/1班 -> 第一中学/七年级/2班" ]
}

@test "roster: a flag dropped from the roster is closed, a manual one kept" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +bullied --note "seen by counsellor"
	sed -i 's/13800000001,留守/13800000001,/' students.csv
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	run ph-intake list --flag bullied
	[ "$(tsv_get <(echo "$output") flags S001)" = "bullied" ]
	[ "$(sqlite3 "$PH_DB" "SELECT until FROM person_flag WHERE flag = 'left_behind'")" = "2026-09-01" ]
}

@test "roster: --full marks people missing from the file as left, never deletes" {
	write_roster students.csv
	ph-intake roster students.csv
	grep -v '^S005' students.csv > fewer.csv
	run ph-intake roster --full fewer.csv
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n 1)" = "$(printf '4\t0\t0\t4\t1\t0')" ]
	[ "$(count_people)" -eq 5 ]
	run ph-intake list --status left
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == S005* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'person.left' AND subject = 'S005'")" -eq 1 ]
}

@test "roster: without --full nobody is marked as left" {
	write_roster students.csv
	ph-intake roster students.csv
	grep -v '^S005' students.csv > fewer.csv
	run ph-intake roster fewer.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE status = 'active'")" -eq 5 ]
}

@test "roster: --dry-run counts and writes nothing" {
	write_roster students.csv
	run ph-intake roster --dry-run students.csv
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n 1)" = "$(printf '5\t5\t0\t0\t0\t8\tyes')" ]
	[ "$(count_people)" -eq 0 ]
}

@test "roster: unknown columns are reported once and are not fatal" {
	printf '学号,姓名,学校,年级,班级,民族,备注\nA1,甲,二中,8,2,汉,x\nA2,乙,二中,8,2,汉,y\n' > extra.csv
	run ph-intake roster extra.csv
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -c 'ignoring unknown columns: 民族, 备注')" -eq 1 ]
	[ "$(count_people)" -eq 2 ]
}
