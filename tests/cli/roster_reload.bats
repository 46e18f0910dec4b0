#!/usr/bin/env bats
# ph-intake roster again over a roster it already holds: a reload walks
# the people in number order beside the file and marks those it meets.
# Whatever the order of the file, a change in one row of thousands is
# found and written, and nothing else is; a repeated number is refused
# naming its first line.

load helpers

setup() {
	common_setup
	gen="$BATS_TEST_DIRNAME/../../bench/gen-roster.awk"
	awk -v n=3000 -f "$gen" > roster.csv
	ph-intake roster roster.csv > /dev/null
	export PH_NOW="2026-09-02 09:00"
}

# The people, their flags and guardians, and the audit trail, into
# FILE.people, FILE.flags, FILE.audit.
snapshot() {
	sqlite3 "$PH_DB" "SELECT p.person_no, p.kind, p.name, p.sex,
	    p.birth_date, u.path, d.path, p.guardian, p.guardian_phone,
	    p.status, p.row_hash, p.updated_at FROM person p
	    LEFT JOIN unit u ON u.id = p.unit_id
	    LEFT JOIN unit d ON d.id = p.dormitory_id
	    ORDER BY p.person_no" > "$1.people"
	sqlite3 "$PH_DB" "SELECT person_id, flag, source, since,
	    coalesce(until, '') FROM person_flag ORDER BY id" > "$1.flags"
	sqlite3 "$PH_DB" "SELECT person_id, ord, name FROM guardian
	    ORDER BY person_id, ord" >> "$1.flags"
	sqlite3 "$PH_DB" "SELECT action, subject, detail FROM audit
	    ORDER BY id" > "$1.audit"
}

# The lines of FILE.WHAT after the load that are not in it before.
changed() {
	diff "before.$1" "after.$1" | sed -n 's/^> //p'
}

# The lines of FILE.WHAT before the load that are not in it after.
gone() {
	diff "before.$1" "after.$1" | sed -n 's/^< //p'
}

# Loads FILE between two snapshots (before, after); the load must exit 0
# with the counts ROWS ADDED UPDATED UNCHANGED LEFT UNITS.
# load_between FILE [OPTION] COUNT...
load_between() {
	local file=$1 opt=()
	shift
	[ "$1" != --full ] || { opt=(--full); shift; }
	snapshot before
	run ph-intake roster "${opt[@]}" "$file"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "$(printf '%s\t' "$@" | sed 's/\t$//')" ]
	snapshot after
}

# The roster with the header first and the rows in reverse order.
reversed() {
	{ head -n 1 "$1"; tail -n +2 "$1" | sort -r; } > "$2"
}

@test "reload: one name changed in 3000 rows is the one thing written" {
	sed -i 's/^S0001234,[^,]*,/S0001234,新名字,/' roster.csv
	load_between roster.csv 3000 0 1 2999 0 0
	[ "$(gone people | cut -d'|' -f1)" = S0001234 ]
	[ "$(changed people | cut -d'|' -f1,3)" = "S0001234|新名字" ]
	[ "$(changed audit)" = "person.update|S0001234|name: $(gone people |
	    cut -d'|' -f3) -> 新名字" ]
	[ -z "$(changed flags)" ] && [ -z "$(gone flags)" ]
	[ -z "$(gone audit)" ]
}

@test "reload: a pupil moved to another class of the school is found" {
	# S0000020 and S0002000 are both in 第1中学 九年级, in 3班 and 10班
	awk -F, -v OFS=, '$1 == "S0000020" { s = $4; g = $5; c = $6 }
	    $1 == "S0002000" { $4 = s; $5 = g; $6 = c } { print }' \
	    roster.csv > moved.csv
	load_between moved.csv 3000 0 1 2999 0 0
	to=$(grep '^S0000020|' after.people | cut -d'|' -f6)
	from=$(gone people | cut -d'|' -f6)
	[ "$from" != "$to" ]
	[ "$(changed people | cut -d'|' -f1,6)" = "S0002000|$to" ]
	[ "$(changed audit)" = "person.update|S0002000|unit: $from -> $to" ]
	[ -z "$(changed flags)" ]
}

@test "reload: a pupil left out with --full leaves, and comes back" {
	grep -v '^S0001500,' roster.csv > fewer.csv
	load_between fewer.csv --full 2999 0 0 2999 1 0
	[ "$(changed people | cut -d'|' -f1,10)" = "S0001500|left" ]
	[ "$(changed audit | cut -d'|' -f1,2)" = "$(printf '%s\n' \
	    'person.left|S0001500' 'roster.load|')" ]
	load_between roster.csv 3000 0 1 2999 0 0
	[ "$(changed people | cut -d'|' -f1,10)" = "S0001500|active" ]
	[ "$(changed audit)" = "person.update|S0001500|status: left -> active" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person
	    WHERE status = 'active'")" -eq 3000 ]
}

@test "reload: a file in another order finds the same one change" {
	awk -F, -v OFS=, '$1 == "S0000777" { $3 = $3 == "男" ? "女" : "男" }
	    { print }' roster.csv > changed.csv
	reversed changed.csv backwards.csv
	load_between backwards.csv 3000 0 1 2999 0 0
	[ "$(gone people | cut -d'|' -f1)" = S0000777 ]
	[ "$(changed people | cut -d'|' -f1)" = S0000777 ]
	[ "$(changed audit | cut -d'|' -f1,2)" = "person.update|S0000777" ]
	[[ "$(changed audit)" == *"sex: "* ]]
}

@test "reload: in any order, an unchanged roster writes nothing" {
	reversed roster.csv backwards.csv
	{ head -n 1 roster.csv; tail -n +2 roster.csv | awk 'NR % 2'
	    tail -n +2 roster.csv | awk 'NR % 2 == 0'; } > halves.csv
	sqlite3 "$PH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	sum=$(cat "$PH_DB" "$PH_DB-wal" 2>/dev/null | cksum)
	for f in roster.csv backwards.csv halves.csv; do
		run ph-intake roster "$f"
		[ "$status" -eq 0 ]
		[ "${lines[-1]}" = "$(printf '3000\t0\t0\t3000\t0\t0')" ]
		[ "$(cat "$PH_DB" "$PH_DB-wal" 2>/dev/null | cksum)" = "$sum" ]
	done
}

@test "reload: a new pupil between two known, and a change after it" {
	awk -F, -v OFS=, '{ print }
	    $1 == "S0001000" { $1 = "S0001000X"; $2 = "新生"; print }' \
	    roster.csv > more.csv
	sed -i 's/^S0001001,[^,]*,/S0001001,改名,/' more.csv
	load_between more.csv 3001 1 1 2999 0 0
	[ "$(changed people | cut -d'|' -f1,3)" = "$(printf '%s\n' \
	    'S0001000X|新生' 'S0001001|改名')" ]
	[ "$(gone people | cut -d'|' -f1)" = S0001001 ]
	[ "$(changed audit | cut -d'|' -f1,2)" = "$(printf '%s\n' \
	    'person.update|S0001001' 'roster.load|')" ]
}

@test "reload: repeated numbers name their first line, nothing written" {
	cp roster.csv dup.csv
	grep '^S0000003,' roster.csv >> dup.csv
	grep '^S0002999,' roster.csv >> dup.csv
	printf 'N1,新甲,男,第1中学,初一,1班\nN1,新甲,男,第1中学,初一,1班\n' \
	    >> dup.csv
	sqlite3 "$PH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	sum=$(cat "$PH_DB" "$PH_DB-wal" 2>/dev/null | cksum)
	run ph-intake roster dup.csv
	[ "$status" -eq 65 ]
	output_has "dup.csv:3002: student number 'S0000003' is also on line 4" \
	    "dup.csv:3003: student number 'S0002999' is also on line 3000" \
	    "dup.csv:3005: student number 'N1' is also on line 3004"
	[ "$(count_people)" -eq 3000 ]
	[ "$(cat "$PH_DB" "$PH_DB-wal" 2>/dev/null | cksum)" = "$sum" ]
	reversed dup.csv backwards.csv
	run ph-intake roster backwards.csv
	[ "$status" -eq 65 ]
	output_has "backwards.csv:4: student number 'S0002999' is also on line 3" \
	    "backwards.csv:3001: student number 'S0000003' is also on line 3000"
}

@test "reload: a repeat across files, on stdin, and on a bad row" {
	head -n 11 roster.csv > a.csv
	run ph-intake roster a.csv roster.csv
	[ "$status" -eq 65 ]
	output_has "roster.csv:2: student number 'S0000001' is also at a.csv:2"
	run ph-intake roster < <(cat roster.csv; sed -n 6p roster.csv)
	[ "$status" -eq 65 ]
	output_has "stdin:3002: student number 'S0000005' is also on line 6"
	{ cat roster.csv; sed -n 6p roster.csv | sed 's/,男,/,X,/'; } > bad.csv
	run ph-intake roster bad.csv
	[ "$status" -eq 65 ]
	output_has "bad.csv:3002: student number 'S0000005' is also on line 6"
	{ head -n 1 roster.csv; sed -n 11p roster.csv | sed 's/,女,/,X,/'; } \
	    > first.csv
	run ph-intake roster first.csv roster.csv
	[ "$status" -eq 65 ]
	output_has "roster.csv:11: student number 'S0000010' is also at first.csv:2"
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit
	    WHERE action = 'person.update'")" -eq 0 ]
}
