#!/usr/bin/env bats
# ph-screen import keeps every row it can read and holds the others: one
# bad cell, one unknown pupil number or one empty row never costs the
# rest of the file, and a critical answer is never lost with them.

load helpers

setup() {
	setup_with_share
	write_pupils students.csv S4,丁,女,一中,初一,2班
	ph-intake roster students.csv
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
年级主任,一中,初一,,李主任,男,13900000002,li@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
校领导,一中,,,钱校长,男,13900000004,qian@school.test
CSV
	ph-intake contacts contacts.csv 2>/dev/null
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
	[[ "$output" == *"a.csv:4: held: id 'X9' is not on the roster (a critical answer"* ]]
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
	fails_with 65 "empty.csv:2: held: no answers" ph-screen import --campaign 2026秋 empty.csv
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
	fails_with 65 "a.csv:3: held:" ph-screen import --campaign 2026秋 a.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 1 ]
}

@test "held: a header that cannot be mapped refuses the whole file, nothing written" {
	printf '姓名,1,2\n甲,0,0\n' > a.csv
	fails_with 65 "nothing was imported" ph-screen import --campaign 2026秋 a.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response_file")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 0 ]
}

@test "held: a critical answer in a held row still raises an alert; from someone not on the roster, to the school's counsellor only" {
	answers "S1,0,0,0,0,0,0,0,0,0" "S2,0,0,经常,0,0,0,0,0,几乎每天" \
	    "X9,0,0,0,0,0,0,0,0,2" "X8,0,0,0,0,0,0,0,0,0" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	# S2: along the pupil's own network, the reason and the held row
	[[ "$output" == *$'\tS2\t一中/七年级/1班\t红卡: 关键条目阳性'*$'\t1\t'*"王老师(class_teacher)"* ]]
	# X9: not on the roster, to the counsellor of the school, nobody else
	[[ "$output" == *$'\tX9\t一中\t不在名册的作答者 X9: 红卡: 关键条目阳性'*$'\t1\t赵老师(counsellor)\t'* ]]
	[[ "$output" != *"X8"* ]]
	run ph-alert list
	[[ "$output" == *$'\tX9\t（不在名册）\t一中\t'* ]]
	# raised once: a second run finds them open
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 alerts raised, 2 already open"* ]]
	# the counsellor's message shows the answer and where it is
	n=$(sqlite3 "$PH_DB" "SELECT id FROM alert WHERE respondent = 'X9'")
	run ph-alert show "$n"
	[[ "$output" == *"X9 （不在名册） 一中: 不在名册的作答者 X9"*"phq9_9=2"*"a.csv:4"* ]]
	# nobody acknowledges: it climbs from the school like any other
	PH_NOW="2026-09-02 09:00" run ph-alert escalate
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tX9\t一中\t1\t3\t钱校长(leader)'* ]]
}

@test "held: score | raise with a pupil number not on the roster raises the others and sends that one to the counsellor (finding 1)" {
	answers "S1,0,0,0,0,0,0,0,0,2" "X9,0,0,0,0,0,0,0,0,3" "S3,0,0,0,0,0,0,0,0,0" \
	    "S4,0,0,0,0,0,0,0,0,1" ",0,0,0,0,0,0,0,0,3" > a.csv
	ph-screen score phq9 a.csv > scores.tsv || true
	fails_with 65 "scores.tsv:3: id: 'X9' is not on the roster (its critical answer went to each school's counsellor)" \
	    ph-alert raise scores.tsv
	# the records after the unknown one are read and raised too
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(coalesce(p.person_no, a.respondent)) FROM alert a LEFT JOIN person p ON p.id = a.person_id")" = "S1,X9,S4,scores.tsv:6" ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(c.name) FROM outbox o JOIN contact c ON c.id = o.contact_id JOIN alert a ON a.id = o.alert_id WHERE a.respondent = 'X9'")" = "赵老师" ]
}

@test "held: ph-report gaps lists held rows with a critical answer, numbers not on the roster, and files with held rows" {
	answers "S1,0,0,0,0,0,0,0,0,0" "S2,0,0,经常,0,0,0,0,0,3" "S3,0,0,x,0,0,0,0,0,0" \
	    "X9,0,0,0,0,0,0,0,0,0" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	run ph-report gaps
	[ "$status" -eq 1 ]
	[[ "$output" == *$'一中/七年级/1班\tS2\t乙\tanswers calling for a red card held at a.csv:3: column 4:'* ]]
	[[ "$output" == *$'\tX9\t（不在名册）\tanswers from a number not on the roster held at a.csv:5: id \'X9\' is not on the roster\t2026-09-01\tfind who it is'* ]]
	[[ "$output" != *$'\tS3\t'* ]]
	[[ "$output" == *$'\t\t\tfile a.csv (2026秋): 3 rows held\t2026-09-01\tph-screen held --campaign 2026秋'* ]]
	# a corrected file closes them
	answers "S2,0,0,0,0,0,0,0,0,3" "S3,0,0,0,0,0,0,0,0,0" > b.csv
	ph-screen import --campaign 2026秋 b.csv
	run ph-report gaps
	[[ "$output" != *$'\tS2\t'*held* ]]
	[[ "$output" == *"file a.csv (2026秋): 1 row held"* ]]
}

@test "keywords: a free-text answer the rules catch sets the card, so it is on the red list; a false friend does not (finding 8)" {
	{
		echo "学号,提交答卷时间,1,2,3,4,5,6,7,8,9,你最近有什么烦恼吗？"
		echo "S1,2026-09-02 10:00,0,0,0,0,0,0,0,0,0,活不下去了"
		echo "S2,2026-09-02 10:00,0,0,0,0,0,0,0,0,0,不想活动，只想睡觉"
		echo "S3,2026-09-02 10:00,0,0,0,0,0,0,0,0,0,被同学打了"
		echo "X9,2026-09-02 10:00,0,0,0,0,0,0,0,0,0,想从楼上跳下去"
	} > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(p.person_no || '=' || c.color) FROM card c JOIN person p ON p.id = c.person_id ORDER BY p.person_no")" = "S1=red,S2=none,S3=yellow" ]
	run ph-screen cards --campaign 2026秋 --color red
	[[ "$output" == *$'\tS1\t甲\tred\t流露轻生念头'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM red_card")" -eq 1 ]
	# the held row's words call for red too, and reach the counsellor
	[ "$(sqlite3 "$PH_DB" "SELECT card FROM held WHERE person_no = 'X9'")" = red ]
	run ph-alert raise --campaign 2026秋
	[[ "$output" == *$'\tS1\t'*"流露轻生念头"* ]]
	[[ "$output" == *$'\tX9\t一中\t不在名册的作答者 X9: 红卡: 流露轻生念头'* ]]
	[[ "$output" != *$'\tS2\t'* ]]
	run ph-report gaps
	[[ "$output" == *$'\tX9\t（不在名册）\tanswers from a number not on the roster calling for a red card held at a.csv:5'* ]]
}

@test "held: a number past the option values stops the file: its coding is in doubt, nothing lands until it is stated (finding 5)" {
	answers "S1,1,1,1,1,1,1,1,1,1" "S2,4,1,1,1,1,1,1,1,2" > pos.csv
	fails_with 65 "pos.csv:3: held: column 2: '4' is not an option of phq9_1" \
	    ph-screen import --campaign 2026秋 pos.csv
	[[ "$output" == *"pos.csv: nothing was imported: the numbers of phq9_1 run from 1 to 4, past its values: the platform seems to number the options from 1, which makes every number of the file doubtful; import it with --values position"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 0 ]
	# the same file read as it was meant: S1 answered 完全不会 throughout
	run ph-screen import --campaign 2026秋 --values position pos.csv
	[ "$status" -eq 0 ]
	[[ "$(sqlite3 "$PH_DB" "SELECT scores FROM response r JOIN person p ON p.id = r.person_id WHERE p.person_no = 'S1' AND latest")" == *'"total":0,'* ]]
	# only S2, whose item 9 was the second option, 好几天
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(p.person_no) FROM card c JOIN person p ON p.id = c.person_id WHERE c.color = 'red'")" = S2 ]
}

@test "held: a typo then a resubmission in one file: one alert, the held row resolved, raise does not fail (review)" {
	answers "S2,0,0,x,0,0,0,0,0,3" "S2,0,0,0,0,0,0,0,0,3" > c.csv
	run ph-screen import --campaign 2026秋 c.csv
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held WHERE resolved_by IS NULL")" -eq 0 ]
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -eq 1 ]
	# the same answer twice in a pipe: one alert
	answers "S3,0,0,0,0,0,0,0,0,3" "S3,0,0,0,0,0,0,0,0,3" > d.csv
	ph-screen score phq9 d.csv | ph-alert raise
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -eq 2 ]
}

@test "held: a critical answer in a held row is not silenced by a later harmless answer: alert and red card stay (review)" {
	answers "S2,0,0,经常,0,0,0,0,0,3" > a.csv
	answers "S2,0,0,0,0,0,0,0,0,0" > late.csv
	ph-screen import --campaign 2026秋 a.csv || true
	ph-screen import --campaign 2026秋 late.csv
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tS2\t'*"红卡"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT c.color FROM card c JOIN person p ON p.id = c.person_id WHERE p.person_no = 'S2'")" = red ]
	run ph-screen cards --campaign 2026秋 --color red
	[[ "$output" == *"红卡保留 (2026秋, held row: 关键条目阳性 (phq9_9); phq9_9=3"* ]]
}

@test "held: a row with one field too many keeps its cells: its id, item 9 and words are read (review)" {
	{
		echo "学号,1,2,3,4,5,6,7,8,9,其他想说的"
		echo "S2,0,0,0,0,0,0,0,0,0,不想活了,真的"
		echo "S3,0,0,0,0,0,0,0,0,3,还好,吧"
	} > extra.csv
	fails_with 65 "extra.csv:2: held: 12 fields, but the header has 11 (a critical answer" \
	    ph-screen import --campaign 2026秋 extra.csv
	[[ "$output" == *"extra.csv:3: held: 12 fields, but the header has 11 (a critical answer"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(person_no || '=' || card) FROM held")" = "S2=red,S3=red" ]
	[ "$(sqlite3 "$PH_DB" "SELECT raw FROM held WHERE person_no = 'S2'")" = '["S2","0","0","0","0","0","0","0","0","0","不想活了","真的"]' ]
	run ph-alert raise --campaign 2026秋
	[[ "$output" == *$'\tS2\t'* ]]
	[[ "$output" == *$'\tS3\t'* ]]
}

@test "held: two pupils with the same wrong number, or none, are two alerts, each with the row's cells for the counsellor (review)" {
	{
		echo "学号,1,2,3,4,5,6,7,8,9,姓名"
		echo ",0,0,0,0,0,0,0,0,3,小红"
		echo ",0,0,0,0,0,0,0,0,2,小明"
		echo "X9,0,0,0,0,0,0,0,0,3,"
		echo "X9,0,0,0,0,0,0,0,0,1,另一个"
	} > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 65 ]
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert WHERE person_id IS NULL")" -eq 4 ]
	[[ "$output" == *"无学号的作答者 (a.csv:2)"* ]]
	[[ "$output" == *"无学号的作答者 (a.csv:3)"* ]]
	run ph-alert list
	[[ "$output" == *$'\t无学号\t（不在名册）\t一中\t无学号的作答者 (a.csv:2)'* ]]
	n=$(sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN held h ON h.id = a.held_id WHERE h.line = 3")
	run ph-alert show "$n"
	[[ "$output" == *'"小明"'* ]]
}

@test "held: a JSONL key first seen in a later record is free text: its words give the card (review)" {
	{
		echo '{"学号":"S1","1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0}'
		echo '{"学号":"S2","1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0,"8":0,"9":0,"其他":"我不想活了"}'
	} > a.jsonl
	run ph-screen import --campaign 2026秋 a.jsonl
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT c.color FROM card c JOIN person p ON p.id = c.person_id WHERE p.person_no = 'S2'")" = red ]
}

@test "held: a 4 among 0s is a typo: that row is held, the file lands, and the import says what a 4 may mean" {
	answers "S1,0,0,0,0,0,0,0,0,0" "S2,4,0,1,0,0,0,0,0,0" "S3,1,0,0,0,0,0,0,0,0" > typo.csv
	fails_with 65 "typo.csv: 1 row held for a number past its item's values (a typo, or a file numbered by position: then import it again with --values position)" \
	    ph-screen import --campaign 2026秋 typo.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 2 ]
}

@test "held: --values value stated holds the rows with numbers past the values; the others land" {
	answers "S1,1,1,1,1,1,1,1,1,1" "S2,4,1,1,1,1,1,1,1,2" > pos.csv
	run ph-screen import --campaign 2026秋 --values value pos.csv
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM held")" -eq 1 ]
}

@test "alerts: a blank item 9 raised a follow-up; its answer later positive turns that alert red and tells its people again, not a second alert" {
	answers "S1,0,0,0,0,0,0,0,0," > a.csv
	ph-screen import --campaign 2026秋 a.csv
	run ph-alert raise --campaign 2026秋
	[[ "$output" == *$'\tS1\t'*"关键条目需跟进"* ]]
	answers "S1,0,0,0,0,0,0,0,0,2" > b.csv
	ph-screen import --campaign 2026秋 b.csv
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[[ "$output" == *$'1\tS1\t一中/七年级/1班\t红卡: 关键条目阳性'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) || ' ' || group_concat(reason_key) FROM alert")" = "1 card:red" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert_event WHERE kind = 'updated'")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE alert_id = 1")" -eq 4 ]
}
