#!/usr/bin/env bats
# ph-screen campaigns: create, import (rows held, never the file lost),
# coverage per unit, non-participants, history.

load helpers

setup() {
	setup_with_share
	write_pupils students.csv S4,丁,女,一中,高一,1班
	ph-intake roster students.csv
	printf '工号,姓名,单位\nT1,师,一中\n' > staff.csv
	ph-intake staff staff.csv
	ph-screen campaign create 2026秋 --instrument gad7 --kind student \
	    --unit 一中/初一 --from 2026-09-01 --to 2026-09-15
}

answers() {
	echo "学号,提交时间,1,2,3,4,5,6,7"
	printf '%s\n' "$@"
}

@test "campaign: created and listed; errors for a repeat, a bad instrument, bad dates" {
	run ph-screen campaign list
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026秋\tstudent\t2026-09-01\t2026-09-15\tgad7\t一中/七年级\t0')" ]
	run ph-screen campaign create 2026秋 --instrument gad7 --from 2026-09-01 --to 2026-09-15
	[ "$status" -eq 65 ]
	[[ "$output" == *"campaign '2026秋' exists already"* ]]
	run ph-screen campaign create x --instrument nosuch --from 2026-09-01 --to 2026-09-15
	[ "$status" -eq 65 ]
	[[ "$output" == *"no instrument 'nosuch'"* ]]
	run ph-screen campaign create y --instrument gad7 --from 2026-09-15 --to 2026-09-01
	[ "$status" -eq 64 ]
	run ph-screen campaign create z --instrument gad7 --from 2026-09-01
	[ "$status" -eq 64 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM campaign")" -eq 1 ]
}

@test "import: responses stored with their source, raw record and scores" {
	answers "S1,9:00,1,1,1,1,1,0,0" "S2,9:01,几乎每天,3,3,3,3,3,3" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'a.csv\tgad7\t2\t2\t0\t0\t1\t1\t0')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT f.name || ':' || r.line || ' ' || scores FROM response r JOIN response_file f ON f.id = r.file_id JOIN person p ON p.id = r.person_id WHERE person_no = 'S2'")" = 'a.csv:3 {"total":21,"total_band":"severe"}' ]
	# the header once per file, the cells of each record as exported
	[ "$(sqlite3 "$PH_DB" "SELECT header FROM response_file")" = '["学号","提交时间","1","2","3","4","5","6","7"]' ]
	[ "$(sqlite3 "$PH_DB" "SELECT raw FROM response WHERE line = 3")" = '["S2","9:01","几乎每天","3","3","3","3","3","3"]' ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'screen.import'")" -eq 1 ]
	# the import's rollback journal is gone, the database in WAL again
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
	[ ! -e "$PH_DB-journal" ]
}

@test "import: a person not on the roster or a bad cell holds that row; the rest of the file lands" {
	answers "S1,9:00,1,1,1,1,1,0,0" "X9,9:01,0,0,0,0,0,0,0" "S2,9:02,0,0,0,经常,0,0,0" > bad.csv
	answers "S3,9:00,0,0,0,0,0,0,0" > good.csv
	run ph-screen import --campaign 2026秋 bad.csv good.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad.csv:3: held: id 'X9' is not on the roster"* ]]
	[[ "$output" == *"bad.csv:4: held: column 6: '经常' is not an option of gad7_4"* ]]
	[[ "$output" == *"bad.csv: 1 row imported, 2 held (0 with a critical answer"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(f.name || ':' || r.line) FROM response r JOIN response_file f ON f.id = r.file_id")" = "bad.csv:2,good.csv:2" ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(line) FROM held")" = "3,4" ]
}

@test "import: a second submission keeps both, the latest counts" {
	answers "S1,9:00,0,0,0,0,0,0,0" > first.csv
	answers "S1,10:00,3,3,3,3,3,3,3" > second.csv
	ph-screen import --campaign 2026秋 first.csv
	run ph-screen import --campaign 2026秋 second.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'second.csv\tgad7\t1\t1\t1\t0\t1\t0\t0')" ]
	run ph-screen history S1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == *'{"total":0,"total_band":"minimal"}'*$'\tno\tfirst.csv:2' ]]
	[[ "${lines[2]}" == *'{"total":21,"total_band":"severe"}'*$'\tyes\tsecond.csv:2' ]]
}

@test "import: an unknown campaign, and several instruments without --instrument" {
	answers "S1,9:00,0,0,0,0,0,0,0" > a.csv
	run ph-screen import --campaign nosuch a.csv
	[ "$status" -eq 65 ]
	ph-screen campaign create both --instrument gad7,phq9 --from 2026-09-01 --to 2026-09-15
	run ph-screen import --campaign both a.csv
	[ "$status" -eq 64 ]
	[[ "$output" == *"give --instrument"* ]]
	run ph-screen import --campaign both --instrument gad7 a.csv
	[ "$status" -eq 0 ]
}

@test "coverage: per unit within the campaign's scope and kind, and the non-participants" {
	answers "S1,9:00,0,0,0,0,0,0,0" "S4,9:00,0,0,0,0,0,0,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	run ph-screen coverage --campaign 2026秋
	[ "$status" -eq 0 ]
	first_lines_are \
	    $'unit\tkind\tshould\tscreened\trate' \
	    $'一中\tschool\t3\t1\t33.3%' \
	    $'一中/七年级\tgrade\t3\t1\t33.3%' \
	    $'一中/七年级/1班\tclass\t2\t1\t50.0%' \
	    $'一中/七年级/2班\tclass\t1\t0\t0.0%'
	[ "${#lines[@]}" -eq 5 ]
	run ph-screen coverage --campaign 2026秋 --missing
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\tS2\t乙\tgad7')" ]
	[ "${lines[2]}" = "$(printf '一中/七年级/2班\tS3\t丙\tgad7')" ]
	[ "${#lines[@]}" -eq 3 ]
	run ph-screen coverage --campaign 2026秋 --missing --unit 一中/初一/2
	[ "${#lines[@]}" -eq 2 ]
}

@test "history: unknown person" {
	run ph-screen history NOBODY
	[ "$status" -eq 65 ]
}

@test "transfer: a pupil's screenings go with the archive and come back the same" {
	answers "S1,9:00,0,0,0,0,0,0,0" > a.csv
	answers "S1,10:00,3,3,3,3,3,3,3" > b.csv
	ph-screen import --campaign 2026秋 a.csv
	ph-screen import --campaign 2026秋 b.csv
	ph-intake transfer out S1 > s1.jsonl
	[ "$(grep -c '"type":"response"' s1.jsonl)" -eq 2 ]
	grep -q '"raw":{"学号":"S1","提交时间":"10:00"' s1.jsonl
	export PH_DB="$BATS_TEST_TMPDIR/other.db"
	grep -v '^S1,' students.csv > others.csv
	ph-intake roster others.csv
	run ph-intake transfer in s1.jsonl
	[ "$status" -eq 0 ]
	run ph-screen history S1
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[2]}" == *'{"total":21,"total_band":"severe"}'*$'\tyes\tb.csv:2' ]]
	ph-intake transfer out S1 > again.jsonl
	diff <(grep '"type":"response"' s1.jsonl) <(grep '"type":"response"' again.jsonl)
}

@test "import: answers from outside the campaign's people or dates are kept with a warning" {
	{
		echo "学号,提交答卷时间,1,2,3,4,5,6,7"
		echo "S1,2026/9/3 10:15:22,0,0,0,0,0,0,0"
		echo "S4,2026-09-02 08:00,0,0,0,0,0,0,0"
		echo "T1,2026-09-02,0,0,0,0,0,0,0"
		echo "S2,2026/8/30 10:00,0,0,0,0,0,0,0"
	} > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"a.csv:3: warning: 学号: S4 is in 一中/高一/1班, outside the campaign's units (kept)"* ]]
	[[ "$output" == *"a.csv:4: warning: 学号: T1 is staff, the campaign is for students only (kept)"* ]]
	[[ "$output" == *"a.csv:5: warning: 提交答卷时间: submitted on 2026-08-30, outside the campaign (2026-09-01 to 2026-09-15; kept)"* ]]
	[[ "$output" != *"a.csv:2:"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 4 ]
}
