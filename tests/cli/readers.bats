#!/usr/bin/env bats
# Readers never need to write: an account that may read the file but not
# write it or its directory (a reporting account) reads; its writes are
# refused naming the file; a write killed half-way never blocks readers;
# a file that is refused is never modified.

load helpers

setup() {
	setup_with_share
}

teardown() {
	if [ -n "${SHARED:-}" ]; then
		rm -rf "$SHARED"
	fi
}

# A database loaded by this account in a directory of its own, group
# nogroup may read both (the school's directory, shared with the
# reporting account); PH_DB names it.
shared_school() {
	if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null; then
		skip "needs root and setpriv to run as another account"
	fi
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups \
	    test -x "$PH_BIN/ph-report"; then
		skip "the account nobody cannot run $PH_BIN/ph-report"
	fi
	SHARED=$(mktemp -d /tmp/ph-readers.XXXXXX)
	chmod 755 "$SHARED"
	mkdir "$SHARED/school"
	export PH_DB="$SHARED/school/ph.db"
	write_pupils "$SHARED/students.csv"
	ph-intake roster "$SHARED/students.csv" > /dev/null
	chgrp -R nogroup "$SHARED/school"
	chmod 750 "$SHARED/school"
	chmod 640 "$SHARED/school"/ph.db*
	# the owner's next run keeps the WAL files of a file its group
	# may read, with the file's mode and group
	ph-intake units > /dev/null
}

# Runs CMD as the account nobody, in group nogroup only (as `run` does).
as_reader() {
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env PATH="$PATH" PH_DB="$PH_DB" PH_NOW="$PH_NOW" TZ="$TZ" \
	    PH_SHARE="$PH_SHARE" PH_ACTOR=reporter "$@"
}

@test "readers: a reporting account reads every program's listings" {
	shared_school
	as_reader ph-intake units
	[ "$status" -eq 0 ]
	output_has "一中/七年级/1班"
	# gaps exits 1 when there are gaps, as here
	as_reader ph-report gaps
	[ "$status" -eq 1 ]
	output_has "no grade head"
	as_reader ph-alert list
	[ "$status" -eq 0 ]
	as_reader ph-schedule free
	[ "$status" -eq 0 ]
	as_reader ph-intake list
	[ "$status" -eq 0 ]
	output_has S1 S2 S3
}

@test "readers: the reporting account's writes are refused, 77, the file named, nothing written" {
	shared_school
	local before
	# sqlite3 removes the WAL files a reader needs: an owner's run puts
	# them back
	before=$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")
	ph-intake units > /dev/null
	as_reader ph-intake flag S1 +留守
	[ "$status" -eq 77 ]
	[ "$output" = "ph-intake: $PH_DB: this account may read the database but not write it (or its directory)" ]
	printf '%s\n' 学号,姓名,性别,学校,年级,班级 S9,新,男,一中,初一,1班 \
	    > "$SHARED/more.csv"
	chmod 644 "$SHARED/more.csv"
	as_reader ph-intake roster "$SHARED/more.csv"
	[ "$status" -eq 77 ]
	output_has "$PH_DB: this account may read"
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")" = "$before" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 3 ]
}

@test "readers: the WAL files a reader needs are kept beside a file its group may read" {
	shared_school
	[ "$(stat -c %a:%G "$PH_DB-wal")" = 640:nogroup ]
	[ "$(stat -c %a:%G "$PH_DB-shm")" = 640:nogroup ]
	# a file last closed by a program that deleted them (an older ph,
	# sqlite3): the reader is told why and what to do
	rm "$PH_DB-wal" "$PH_DB-shm"
	as_reader ph-report gaps
	[ "$status" -eq 77 ]
	output_has "$PH_DB: this account cannot create $PH_DB-wal" \
	    "as an account that may write it"
	# which the owner's next run, even a read, mends
	ph-intake units > /dev/null
	as_reader ph-report gaps
	[ "$status" -eq 1 ]
	output_has "no grade head"
}

# Starts a first load of a large roster into a new file and kills it
# with -9 once it has written pages into the file, which SQLite does only
# after its rollback journal is safe on disk: a hot journal is left.
kill_bulk_write() {
	awk -v n=300000 -f "$BATS_TEST_DIRNAME/../../bench/gen-roster.awk" \
	    > "$1"
	ph-intake roster "$1" > /dev/null 2>&1 &
	local pid=$! i
	for i in $(seq 1 1000); do
		[ -s "$PH_DB-journal" ] &&
		    [ "$(stat -c %s "$PH_DB")" -gt 4000000 ] && break
		sleep 0.01
	done
	kill -9 "$pid"
	wait "$pid" || true
	[ -s "$PH_DB-journal" ]
}

@test "readers: after kill -9 during a bulk write, a report reads the file as it was" {
	kill_bulk_write big.csv
	run ph-report gaps
	[ "$status" -eq 0 ]
	[ ! -s "$PH_DB-journal" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 0 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA integrity_check")" = ok ]
	# and the next load is whole
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 3 ]
}

@test "readers: after kill -9 during a bulk write, an account that may only read is told who can mend it" {
	shared_school
	export PH_DB="$SHARED/school/new.db"
	kill_bulk_write "$SHARED/big.csv"
	chgrp nogroup "$PH_DB"*
	chmod 640 "$PH_DB"*
	as_reader ph-report gaps
	[ "$status" -eq 75 ]
	output_has "$PH_DB: a write to it was interrupted" \
	    "as that account"
	[ -s "$PH_DB-journal" ]
	# the owner's next run plays the journal back; then the reader reads
	ph-intake units > /dev/null
	as_reader ph-report gaps
	[ "$status" -eq 0 ]
}

@test "readers: a file refused as newer or foreign is not modified, not even switched to WAL" {
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	local appid
	appid=$(sqlite3 "$PH_DB" "PRAGMA application_id")
	rm -f "$PH_DB"*
	sqlite3 "$PH_DB" "PRAGMA application_id = $appid;" \
	    "PRAGMA user_version = 999; CREATE TABLE t(x);"
	cp "$PH_DB" copy.db
	fails_with 65 "newer than this ph knows" ph-intake units
	cmp "$PH_DB" copy.db
	[ ! -e "$PH_DB-wal" ]
	fails_with 65 "newer than this ph knows" ph-intake roster students.csv
	cmp "$PH_DB" copy.db
	# someone else's SQLite file
	rm -f "$PH_DB"*
	sqlite3 "$PH_DB" "CREATE TABLE accounts(x); INSERT INTO accounts VALUES (1)"
	cp "$PH_DB" copy.db
	fails_with 65 "not a ph database" ph-intake roster students.csv
	cmp "$PH_DB" copy.db
	[ ! -e "$PH_DB-wal" ]
}

@test "readers: a write stopped by ulimit -f: 74, the file named, nothing half-written" {
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	awk -v n=20000 -f "$BATS_TEST_DIRNAME/../../bench/gen-roster.awk" \
	    > big.csv
	run bash -c 'ulimit -f 1000; ph-intake roster big.csv'
	[ "$status" -eq 74 ]
	[ "$output" = "ph-intake: $PH_DB: disk I/O error: is the disk full, or a file size limit (ulimit -f) reached?" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 3 ]
	[ "$(sqlite3 "$PH_DB" "PRAGMA integrity_check")" = ok ]
	ph-intake audit verify > /dev/null
}

@test "readers: a private file's WAL files are removed on closing, as SQLite does" {
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	ph-intake units > /dev/null
	[ ! -e "$PH_DB-wal" ]
	[ ! -e "$PH_DB-shm" ]
	# opened to the group later: the next writer's are the group's too
	chmod 660 "$PH_DB"
	ph-intake units > /dev/null
	[ "$(stat -c %a "$PH_DB-wal")" = 660 ]
}
