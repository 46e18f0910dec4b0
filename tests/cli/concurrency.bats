#!/usr/bin/env bats
# Writers wait their turn: a reader holding the file open never costs an
# import, first runs at once on a new file all succeed, and a writer that
# waited its whole busy timeout exits 75 naming the file.

load helpers

setup() {
	setup_with_share
}

# Keeps a connection in the database for SECONDS after running SQL (a
# read or a write transaction), then runs END (COMMIT by default), in the
# background; HOLDER is its pid.
# hold SECONDS SQL [END]
hold() {
	{ echo "$2"; sleep "$1"; echo "${3-COMMIT;}"; } |
	    sqlite3 "$PH_DB" >/dev/null 2>&1 3>&- &
	HOLDER=$!
	sleep 0.3
}

answers() {
	echo "学号,1,2,3,4,5,6,7,8,9"
	printf '%s\n' "$@"
}

# a roster, contacts, two campaigns and answers imported for the first
prepare() {
	write_pupils students.csv S4,丁,女,一中,初一,2班
	ph-intake roster students.csv
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
CSV
	ph-intake contacts contacts.csv 2>/dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-15
	ph-screen campaign create 2026冬 --instrument phq9 --from 2026-09-01 --to 2026-09-15
	answers "S1,0,0,0,0,0,0,0,0,2" "S3,3,3,3,3,3,3,2,2,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
}

@test "concurrency: an import while a reader holds the file open succeeds" {
	prepare
	answers "S2,1,1,1,1,1,1,1,1,1" "S4,0,0,0,0,0,0,0,0,0" > b.csv
	hold 2 "BEGIN; SELECT count(*) FROM person;"
	run ph-screen import --campaign 2026冬 b.csv
	wait "$HOLDER"
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 4 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
}

@test "concurrency: a campaign raise while an idle reader has the file open succeeds" {
	prepare
	hold 2 "SELECT count(*) FROM person;" ""
	run ph-alert raise --campaign 2026秋
	wait "$HOLDER"
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -gt 0 ]
}

@test "concurrency: four first roster loads at once on a new file all succeed, the roster once" {
	write_pupils students.csv
	local pids=() i
	for i in 1 2 3 4; do
		ph-intake roster students.csv > "out$i" 2>&1 &
		pids+=($!)
	done
	for i in 0 1 2 3; do
		wait "${pids[$i]}" || { cat out*; return 1; }
	done
	[ "$(count_people)" -eq 3 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
}

@test "concurrency: a writer that waited its busy timeout exits 75 naming the file" {
	write_pupils students.csv
	ph-intake roster students.csv
	write_pupils students.csv S4,丁,女,一中,初一,2班
	hold 2 "BEGIN IMMEDIATE;"
	PH_BUSY_TIMEOUT=300 run ph-intake roster students.csv
	wait "$HOLDER"
	[ "$status" -eq 75 ]
	output_has "ph.db: database is locked by another program: try again"
	[ "$(count_people)" -eq 3 ]
}

@test "concurrency: a writer waits for a lock held less than its busy timeout" {
	write_pupils students.csv
	ph-intake roster students.csv
	write_pupils students.csv S4,丁,女,一中,初一,2班
	hold 1 "BEGIN IMMEDIATE;"
	run ph-intake roster students.csv
	wait "$HOLDER"
	[ "$status" -eq 0 ]
	[ "$(count_people)" -eq 4 ]
}

@test "concurrency: a file left in rollback mode is switched back to WAL by the next writer" {
	write_pupils students.csv
	ph-intake roster students.csv
	sqlite3 "$PH_DB" "PRAGMA journal_mode = DELETE" > /dev/null
	ph-intake flag S1 +hardship
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
}

@test "concurrency: eight different writers at once all succeed" {
	prepare
	write_pupils students2.csv S4,丁,女,一中,初一,2班 S5,戊,男,一中,初一,2班
	answers "S2,1,1,1,1,1,1,1,1,1" "S4,0,0,0,0,0,0,0,0,0" > b.csv
	printf '工号,姓名,单位,部门\nT1,师,一中,语文组\n' > staff.csv
	local pids=() i
	ph-intake roster students2.csv > out1 2>&1 & pids+=($!)
	ph-screen import --campaign 2026冬 b.csv > out2 2>&1 & pids+=($!)
	ph-alert raise --campaign 2026秋 > out3 2>&1 & pids+=($!)
	ph-alert note S4 "她说活着没意思" --by 心理委员 > out4 2>&1 & pids+=($!)
	ph-intake flag S2 +hardship > out5 2>&1 & pids+=($!)
	ph-intake staff staff.csv > out6 2>&1 & pids+=($!)
	ph-intake contacts contacts.csv > out7 2>&1 & pids+=($!)
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15 > out8 2>&1 & pids+=($!)
	for i in 0 1 2 3 4 5 6 7; do
		wait "${pids[$i]}" || { echo "writer $((i + 1)) failed"; cat out*; return 1; }
	done
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE person_no IN ('S1', 'S2', 'S3', 'S4', 'S5')")" -eq 5 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE person_no = 'T1'")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 4 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA journal_mode")" = wal ]
}

@test "concurrency: a file that is not a database is named, by writers and readers alike" {
	printf 'not a database but some text, long enough to pass for a header of one\n' > "$PH_DB"
	run ph-intake list
	[ "$status" -eq 65 ]
	output_has "ph.db: file is not a database"
	run ph-report coverage
	[ "$status" -eq 65 ]
	output_has "ph.db: file is not a database"
}
