#!/usr/bin/env bats
# Opening a database made by an earlier version brings it up to date in
# one transaction, keeping every row: here a version 7 file with an alert,
# its events and its messages, whose table migration 008 rebuilds.

load helpers

setup() {
	setup_with_share
	SQL="$BATS_TEST_DIRNAME/../../lib/store/sql"
}

# PH_DB as version VERSION left it: the migrations FILE..., a school, a
# pupil (S1) and a counsellor's contact, then the rows on stdin.
# old_database VERSION FILE... <ROWS
old_database() {
	local version=$1
	shift
	{
		cat "$@"
		cat <<'SQL'
INSERT INTO unit (id, kind, name, path, created_at) VALUES (1, 'school', '一中', '一中', '2026-01-01');
INSERT INTO person (id, person_no, kind, name, unit_id, created_at, updated_at) VALUES (1, 'S1', 'student', '甲', 1, 0, 0);
INSERT INTO contact (id, name, email, created_at) VALUES (1, '赵老师', 'zhao@school.test', '2026-01-01');
SQL
		cat
		printf 'PRAGMA user_version = %d;\n' "$version"
		echo 'PRAGMA application_id = 1346895873;'
	} | sqlite3 "$PH_DB" && chmod 600 "$PH_DB"
}

@test "migrate: a version 7 database with alerts keeps them, their events and messages, and its foreign keys" {
	old_database 7 "$SQL"/00[1-7]_*.sql <<'SQL'
INSERT INTO alert (id, person_id, reason_key, source, reason, detail, level, status, raised_at, due) VALUES (1, 1, 'critical', 'campaign:x', '关键条目需跟进', 'phq9_9=2', 0, 'open', 1788220800, 1788307200);
INSERT INTO alert_event (alert_id, at, kind, level, detail) VALUES (1, 1788220800, 'told', 0, '赵老师');
INSERT INTO outbox (alert_id, contact_id, role, level, created_at, next_try) VALUES (1, 1, 'counsellor', 0, 1788220800, 1788220800);
SQL
	run ph-alert list
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == $'1\tS1\t甲\t一中\t关键条目需跟进\t1\topen\t'* ]]
	[ "$(sqlite3 "$PH_DB" "PRAGMA user_version")" -ge 8 ]
	[ -z "$(sqlite3 "$PH_DB" "PRAGMA foreign_key_check")" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert_event WHERE alert_id = 1")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE alert_id = 1")" -eq 1 ]
	# the indexes are back: one open alert per person and reason
	run sqlite3 "$PH_DB" "INSERT INTO alert (person_id, reason_key, source, reason, level, status, raised_at) VALUES (1, 'critical', 'y', 'r', 0, 'open', 0)"
	[ "$status" -ne 0 ]
	[[ "$output" == *"UNIQUE constraint failed"* ]]
	# and an alert with no person must say who and where
	run sqlite3 "$PH_DB" "INSERT INTO alert (reason_key, source, reason, level, status, raised_at) VALUES ('critical', 'y', 'r', 0, 'open', 0)"
	[ "$status" -ne 0 ]
	[[ "$output" == *"CHECK constraint failed"* ]]
	run ph-alert ack 1 --by 赵老师
	[ "$status" -eq 0 ]
}

@test "migrate 012: the outbox keeps its messages and learns failed and cancelled; each database gets its own identity" {
	old_database 11 "$SQL"/00[1-9]_*.sql "$SQL"/01[01]_*.sql <<'SQL'
INSERT INTO outbox (contact_id, role, created_at, next_try, reminder, subject, body) VALUES (1, 'counsellor', 1788220800, 1788220800, 'event 3', 's', 'b');
SQL
	run ph-alert list
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT reminder || '|' || status FROM outbox")" = "event 3|pending" ]
	sqlite3 "$PH_DB" "UPDATE outbox SET status = 'cancelled', closed_by = 'test'"
	run sqlite3 "$PH_DB" "UPDATE outbox SET status = 'lost'"
	[ "$status" -ne 0 ]
	# the reminder stays unique per recipient after the rebuild
	run sqlite3 "$PH_DB" "INSERT INTO outbox (contact_id, role, created_at, next_try, reminder) VALUES (1, 'counsellor', 0, 0, 'event 3')"
	[[ "$output" == *"UNIQUE constraint failed"* ]]
	one=$(sqlite3 "$PH_DB" "SELECT uid FROM database_identity")
	[[ "$one" =~ ^[0-9a-f]{32}$ ]]
	write_roster roster.csv
	PH_DB="$BATS_TEST_TMPDIR/other.db" ph-intake roster roster.csv 2>/dev/null
	two=$(sqlite3 "$BATS_TEST_TMPDIR/other.db" "SELECT uid FROM database_identity")
	[[ "$two" =~ ^[0-9a-f]{32}$ ]]
	[ "$one" != "$two" ]
	run sqlite3 "$PH_DB" "UPDATE database_identity SET uid = '$two'"
	[ "$status" -ne 0 ]
}
