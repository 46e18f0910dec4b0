#!/usr/bin/env bats
# ph-screen import keeps every row it can read and holds the others: one
# bad cell, one unknown pupil number or one empty row never costs the
# rest of the file, and a critical answer is never lost with them.

load helpers

setup() {
	common_setup
	export PH_SHARE="$BATS_TEST_DIRNAME/../../share/ph"
	cat > students.csv <<'CSV'
学号,姓名,性别,学校,年级,班级
S1,甲,男,一中,初一,1班
S2,乙,女,一中,初一,1班
S3,丙,男,一中,初一,2班
S4,丁,女,一中,初一,2班
CSV
	ph-intake roster students.csv
	printf '姓名,角色,单位,邮箱\n心老师,心理老师,一中,xin@example.org\n班老师,班主任,一中/初一/1班,ban@example.org\n' > contacts.csv
	ph-intake contacts contacts.csv
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-15
}

answers() {
	echo "学号,1,2,3,4,5,6,7,8,9"
	printf '%s\n' "$@"
}

@test "held: one bad cell and one unknown id hold those rows only; the rest land (finding 1)" {
	answers "S1,0,0,0,0,0,0,0,0,0" "S2,0,0,经常,0,0,0,0,0,几乎每天" \
	    "X9,0,0,0,0,0,0,0,0,2" "S3,1,1,1,1,1,1,1,1,3" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"a.csv:3: held: column 4: '经常' is not an option of phq9_3"*"(a critical answer: it raises an alert all the same)"* ]]
	[[ "$output" == *"a.csv:4: held: 学号 'X9' is not on the roster (a critical answer"* ]]
	[[ "$output" == *"a.csv: 2 rows imported, 2 held (2 with a critical answer; see ph-screen held --campaign 2026秋)"* ]]
	[[ "$output" == *$'a.csv\tphq9\t4\t2\t0\t1\t0\t0\t2'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(p.person_no) FROM response r JOIN person p ON p.id = r.person_id ORDER BY r.id")" = "S1,S3" ]
	run ph-screen held --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == $'2026秋\ta.csv:3\tS2\tyes\tphq9\t'*"phq9_9=3"*$'\tred\t' ]]
	[[ "${lines[2]}" == $'2026秋\ta.csv:4\tX9\tno\tphq9\t'*"not on the roster"*"phq9_9=2"*$'\tred\t' ]]
}

@test "held: the import is still one transaction; the audit says what was held" {
	answers "S1,0,0,0,0,0,0,0,0,0" "S2,0,0,x,0,0,0,0,0,0" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	[[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'screen.import'")" == *"1 responses (0 resubmitted), 1 held, 0 resolved"* ]]
	[ "$(sqlite3 "$PH_DB" "PRAGMA foreign_key_check")" = "" ]
}

@test "held: a row with only the pupil number is held, not a response, and does not supersede a complete answer (finding 9)" {
	answers "S1,1,1,1,1,1,1,1,1,0" > first.csv
	ph-screen import --campaign 2026秋 first.csv
	answers "S1,,,,,,,,," > empty.csv
	run ph-screen import --campaign 2026秋 empty.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"empty.csv:2: held: no answers"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT latest FROM response")" -eq 1 ]
	run ph-screen coverage --campaign 2026秋
	[[ "${lines[1]}" == $'一中\tschool\t4\t1\t'* ]]
}

@test "held: a corrected file resolves the held row" {
	answers "S2,0,0,经常,0,0,0,0,0,0" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	answers "S2,0,0,3,0,0,0,0,0,0" > fixed.csv
	run ph-screen import --campaign 2026秋 fixed.csv
	[ "$status" -eq 0 ]
	run ph-screen held --campaign 2026秋
	[ "${#lines[@]}" -eq 1 ]
	run ph-screen held --campaign 2026秋 --all
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tfixed.csv:2' ]]
	[[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'screen.import' ORDER BY id DESC LIMIT 1")" == *"1 resolved"* ]]
}

@test "held: a record the reader cannot split is held with its line; the others land" {
	{ answers "S1,0,0,0,0,0,0,0,0,0"; echo 'S2,"0,0,0,0,0,0,0,0,0'; } > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"a.csv:3: held:"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 1 ]
}

@test "held: a header that cannot be mapped refuses the whole file, nothing written" {
	printf '姓名,1,2\n甲,0,0\n' > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"nothing was imported"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response_file")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 0 ]
}
