#!/usr/bin/env bats
# Who did it: every audit row records the operating-system account that
# ran the program beside the actor, covered by the row's hash.

load helpers

setup() {
	common_setup
}

# The hash of an audit row written before migration 015 (no account), as
# lib/store/audit.c computes it: length-prefixed fields.  ASCII only.
# old_hash PREV ID AT ACTOR ACTION SUBJECT DETAIL
old_hash() {
	local f text=
	for f in "$@"; do
		text="$text${#f}:$f"
	done
	printf '%s' "$text" | sha256sum | cut -c1-64
}

# A database at schema version 14 (before the account) holding two
# chained audit rows, as an older ph left it.
version_14_database() {
	local sql="$BATS_TEST_DIRNAME/../../lib/store/sql" genesis h1 h2 f
	genesis=$(printf '0%.0s' $(seq 64))
	for f in "$sql"/0[01][0-9]_*.sql; do
		case $f in */01[5-9]_*) continue ;; esac
		cat "$f"
	done | sqlite3 "$1"
	h1=$(old_hash "$genesis" 1 2026-08-01T09:00:00+08:00 alice \
	    flag.set S001 +ill)
	h2=$(old_hash "$h1" 2 2026-08-02T09:00:00+08:00 bob \
	    flag.clear S001 -ill)
	sqlite3 "$1" <<SQL
INSERT INTO audit (id, at, actor, action, subject, detail, prev_hash, hash)
VALUES (1, '2026-08-01T09:00:00+08:00', 'alice', 'flag.set', 'S001', '+ill',
    '$genesis', '$h1'),
    (2, '2026-08-02T09:00:00+08:00', 'bob', 'flag.clear', 'S001', '-ill',
    '$h1', '$h2');
PRAGMA user_version = 14;
PRAGMA application_id = $((0x50480001));
SQL
}

@test "account: every new audit row names the account that ran it" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +ill
	ph-intake flag S002 +hardship
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")" -ge 3 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit
	    WHERE account IS NOT '$(id -un)'")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT DISTINCT actor FROM audit")" = tester ]
}

@test "account: not taken from PH_ACTOR, USER or LOGNAME" {
	write_roster students.csv
	PH_ACTOR=路人甲 USER=mallory LOGNAME=mallory \
	    ph-intake roster students.csv
	[ "$(sqlite3 "$PH_DB" "SELECT actor || '|' || account FROM audit")" = "路人甲|$(id -un)" ]
}

@test "account: ph-intake audit shows it beside the actor" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +ill
	run ph-intake audit --subject S001
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'id\tat\tactor\taccount\taction\tsubject\tdetail')" ]
	[ "$(tsv_get <(echo "$output") account 2)" = "$(id -un)" ]
	[ "$(tsv_get <(echo "$output") actor 2)" = tester ]
}

@test "account: covered by the hash: an edited account breaks the chain" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +ill
	run ph-intake audit verify
	[ "$status" -eq 0 ]
	sqlite3 "$PH_DB" "DROP TRIGGER audit_no_update;
	    UPDATE audit SET account = 'somebody' WHERE id = 2"
	fails_with 65 "row 2 was changed" ph-intake audit verify
}

@test "account: a new row's account cannot be removed either" {
	write_roster students.csv
	ph-intake roster students.csv
	sqlite3 "$PH_DB" "DROP TRIGGER audit_no_update;
	    UPDATE audit SET account = NULL WHERE id = 1"
	fails_with 65 "row 1 was changed" ph-intake audit verify
}

@test "account: a database migrated from version 14 keeps its chain whole" {
	version_14_database "$PH_DB"
	run ph-intake audit verify
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") status 2)" = ok ]
	write_roster students.csv
	ph-intake roster students.csv
	[ "$(sqlite3 "$PH_DB" "PRAGMA user_version")" -ge 15 ]
	run ph-intake audit verify
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") rows 3)" = 3 ]
	[ "$(tsv_get <(echo "$output") status 3)" = ok ]
	run ph-intake audit
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") account 1)" = "" ]
	[ "$(tsv_get <(echo "$output") actor 1)" = alice ]
	[ "$(tsv_get <(echo "$output") account 3)" = "$(id -un)" ]
}

@test "account: an edited old row still breaks a migrated chain" {
	version_14_database "$PH_DB"
	write_roster students.csv
	ph-intake roster students.csv
	sqlite3 "$PH_DB" "DROP TRIGGER audit_no_update;
	    UPDATE audit SET actor = 'carol' WHERE id = 1"
	fails_with 65 "row 1 was changed" ph-intake audit verify
}

# Runs as root with setpriv, in a directory other users can reach: the
# ph(7) district example with numeric ids (no accounts are made).
district_setup() {
	if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
		skip "needs root and setpriv to run as other users"
	fi
	DISTRICT=$(mktemp -d /tmp/ph-district.XXXXXX)
	chmod 755 "$DISTRICT"
	printf '学号,姓名,性别,学校,年级,班级\nS001,张三,男,一中,高一,1班\n' \
	    > "$DISTRICT/students.csv"
	chmod 644 "$DISTRICT/students.csv"
	mkdir "$DISTRICT/a" "$DISTRICT/district"
	chgrp 59001 "$DISTRICT/a"
	chmod 2770 "$DISTRICT/a"
	# the reporting account's group (here the school's) reads the links
	chgrp 59001 "$DISTRICT/district"
	chmod 750 "$DISTRICT/district"
	ln -s ../a/a.db "$DISTRICT/district/a.db"
}

teardown() {
	if [ -n "${DISTRICT:-}" ]; then
		rm -rf "$DISTRICT"
	fi
}

# as UID GROUPS COMMAND...: runs COMMAND as UID with only those groups.
as() {
	local uid=$1 groups=$2
	shift 2
	setpriv --reuid "$uid" --regid "$uid" --groups "$groups" "$@"
}

@test "account: the real uid, as a number when it has no name" {
	district_setup
	cd "$DISTRICT"
	as 59101 59001 ph-intake --db a/a.db roster students.csv
	[ "$(sqlite3 a/a.db "SELECT account FROM audit")" = 59101 ]
}

@test "account: ph(7)'s district: the school's group writes, others are refused" {
	district_setup
	cd "$DISTRICT"
	as 59101 59001 ph-intake --db a/a.db roster students.csv
	as 59101 59001 chmod 660 a/a.db
	[ "$(stat -c %g a/a.db)" = 59001 ]
	# a colleague in the school's group
	as 59102 59001 ph-intake --db a/a.db flag S001 +ill
	# the reporting account in every school's group reads the district
	# (the file holds no campaign yet: that it says so shows it was read)
	fails_with 65 "no campaign" \
	    as 59103 59001 ph-report --db district/ coverage
	# someone of another school reads nothing
	fails_with 66 "Permission denied" \
	    as 59201 59002 ph-report --db district/ coverage
	fails_with 66 "Permission denied" \
	    as 59201 59002 ph-intake --db a/a.db audit
	[ "$(sqlite3 a/a.db "SELECT group_concat(account) FROM audit")" = 59101,59102 ]
}
