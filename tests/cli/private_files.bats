#!/usr/bin/env bats
# Files that name pupils: a file a program writes by name is made 0600,
# whole or not at all, never through a symbolic link; a file size limit
# (ulimit -f) gives exit 74 and a message, not a signal and half a file.

load helpers

setup() {
	setup_with_shipped_policy
}

# 600 pupils in 270 classes: a page of 200 gaps, about 30 KB
load_many_classes() {
	{
		echo 学号,姓名,性别,学校,年级,班级
		for i in $(seq 1 600); do
			echo "S$i,学生$i,男,一中,初$((i % 3 + 1)),$((i % 90 + 1))班"
		done
	} > many.csv
	ph-intake roster many.csv > /dev/null
	# a database in rollback mode: a reader writes no -shm file, so
	# the limit below falls on the report, not on the database
	sqlite3 "$PH_DB" 'PRAGMA journal_mode=delete' > /dev/null
}

# No temporary file left beside NAME.
no_leftovers() {
	local left
	left=$(find . -maxdepth 1 -name "$1.*")
	if [ -n "$left" ]; then
		printf 'left behind: %s\n' "$left" >&2
		return 1
	fi
}

@test "html -o: the page is 0600 whatever the umask, an old one's mode too" {
	load_small_school
	umask 000
	run ph-report html -o new.html
	[ "$status" -eq 0 ]
	[ "$(stat -c %a new.html)" = 600 ]
	echo old > old.html
	chmod 644 old.html
	run ph-report html -o old.html
	[ "$status" -eq 0 ]
	[ "$(stat -c %a old.html)" = 600 ]
	grep -q '</html>' old.html
	no_leftovers new.html
	no_leftovers old.html
}

@test "html -o: a symbolic link at the name is replaced, never written through" {
	load_small_school
	mkdir elsewhere
	echo 'not yours' > elsewhere/file
	chmod 644 elsewhere/file
	ln -s "$BATS_TEST_TMPDIR/elsewhere/file" report.html
	run ph-report html -o report.html
	[ "$status" -eq 0 ]
	[ ! -L report.html ]
	[ -f report.html ]
	grep -q '</html>' report.html
	[ "$(cat elsewhere/file)" = 'not yours' ]
	[ "$(stat -c %a elsewhere/file)" = 644 ]
	# a dangling link is replaced too, and creates nothing where it points
	ln -s "$BATS_TEST_TMPDIR/elsewhere/none" dangling.html
	run ph-report html -o dangling.html
	[ "$status" -eq 0 ]
	[ ! -L dangling.html ]
	[ ! -e elsewhere/none ]
}

@test "html -o: a name in a missing directory is refused naming it, 73" {
	load_small_school
	fails_with 73 'ph-report: no/such/report.html: No such file or directory' \
	    ph-report html -o no/such/report.html
}

@test "html -o under ulimit -f: 74, File too large, the old page as it was" {
	load_many_classes
	echo 'last term' > report.html
	run bash -c 'ulimit -f 8; ph-report html -o report.html'
	[ "$status" -eq 74 ]
	[ "$output" = 'ph-report: report.html: File too large' ]
	[ "$(cat report.html)" = 'last term' ]
	no_leftovers report.html
	# and where there was none, none
	run bash -c 'ulimit -f 8; ph-report html -o first.html'
	[ "$status" -eq 74 ]
	[ ! -e first.html ]
	no_leftovers first.html
	# the same page without the limit is bigger than it
	ph-report html -o whole.html
	[ "$(stat -c %s whole.html)" -gt 8192 ]
}

@test "html to stdout under ulimit -f: 74 and File too large, not a signal" {
	load_many_classes
	run bash -c 'ulimit -f 8; ph-report html > out.html'
	[ "$status" -eq 74 ]
	[ "$output" = 'ph-report: stdout: File too large' ]
	# any program's records too
	run bash -c 'ulimit -f 8; ph-report gaps > gaps.tsv'
	[ "$status" -eq 74 ]
	[ "$output" = 'ph-report: stdout: File too large' ]
}

@test "roster load under ulimit -f: 74, nothing torn, the next load works" {
	{
		echo 学号,姓名,性别,学校,年级,班级
		for i in $(seq 1 5000); do
			echo "S$i,学生$i,男,一中,初$((i % 3 + 1)),$((i % 90 + 1))班"
		done
	} > big.csv
	local limit
	# the limit falls on the creation, the schema, the pupils
	for limit in 1 4 100 400; do
		rm -f "$PH_DB" "$PH_DB"-*
		run bash -c "ulimit -f $limit; ph-intake roster big.csv"
		[ "$status" -eq 74 ]
		output_has 'ph-intake: ' 'I/O error'
		# what is left, if anything, is whole and holds no pupil
		if [ -s "$PH_DB" ]; then
			[ "$(sqlite3 "$PH_DB" 'PRAGMA integrity_check')" = ok ]
			[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM \
			    sqlite_master WHERE name = 'person'")" -eq 0 ] ||
			    [ "$(count_people)" -eq 0 ]
		fi
		# and the next load, without the limit, works on it
		run ph-intake roster big.csv
		[ "$status" -eq 0 ]
		[ "$(count_people)" -eq 5000 ]
	done
}

@test "html -o: a directory under the name is refused, 73, nothing left behind" {
	load_small_school
	mkdir report.html
	fails_with 73 'ph-report: report.html: Is a directory' \
	    ph-report html -o report.html
	[ -d report.html ]
	[ -z "$(ls report.html)" ]
	no_leftovers report.html
}
