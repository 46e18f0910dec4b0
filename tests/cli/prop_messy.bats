#!/usr/bin/env bats
# The promise of issue 14 as a property, over survey exports as messy as
# schools have them (made by tests/prop/gen-messy.pl: numbered and
# official-punctuation headers, letters, points in brackets, blanks, bad
# cells, unknown and duplicate pupil numbers, rows that cannot be split,
# UTF-8 and GBK, a corrected second file): every record is kept or held
# at its line, every pupil whose readable item 9 is positive gets exactly
# one alert, and a pupil whose item 9 is 0 gets none (see
# tests/prop/check-messy.pl).
#
# PROP_FILES   how many exports (default 200: make check runs this file
#              twice, once under ASan; make fuzz runs thousands)
# PROP_SEED    the first export's seed (default: from the clock); export
#              k is made from PROP_SEED+k alone, so PROP_SEED=S
#              PROP_FILES=1 makes export S again
# PROP_WITHOUT mess to leave out, comma-separated (see gen-messy.pl), to
#              tell one bug from another
# PROP_KEEP    where a failing export is kept (default: $TMPDIR or /tmp)

load helpers

setup() {
	setup_with_share
	PROP="$BATS_TEST_DIRNAME/../prop"
	# thousands of small databases: on a tmpfs when there is one, where a
	# commit does not wait for the disk
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		WORK=$(mktemp -d /dev/shm/ph-prop.XXXXXX)
	else
		WORK="$BATS_TEST_TMPDIR/work"
		mkdir -p "$WORK"
	fi
}

teardown() {
	rm -rf "$WORK"
}

# One school, two classes, a counsellor and each class's teacher; no
# special groups (they would raise a card by themselves); one campaign.
make_template() {
	{
		echo "学号,姓名,性别,学校,年级,班级"
		for i in $(seq 1 24); do
			echo "S$(printf %04d "$i"),学生$i,男,一中,初一,$((i % 2 + 1))班"
		done
	} > students.csv
	ph-intake roster students.csv > /dev/null
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
班主任,一中,初一,2班,孙老师,男,13900000005,sun@school.test
年级主任,一中,初一,,李主任,男,13900000002,li@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
校领导,一中,,,钱校长,男,13900000004,qian@school.test
CSV
	ph-intake contacts contacts.csv > /dev/null 2>&1
	ph-screen campaign create C --instrument phq9 --from 2026-09-01 \
	    --to 2026-09-15
	sqlite3 "$PH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	cp "$PH_DB" "$WORK/template.db"
}

# Runs an export's plan on a fresh copy of the template; the exit status
# of each step in status, what the database holds in dump.tsv.
run_plan() {
	local dir=$1 verb args rc
	(
		cd "$dir" || exit 1
		export PH_DB="$dir/ph.db"
		cp "$WORK/template.db" "$PH_DB"
		while read -r verb args; do
			case $verb in
			import)
				rc=0
				# shellcheck disable=SC2086 # FILE [--encoding gbk]
				ph-screen import --campaign C $args \
				    > /dev/null 2>> log || rc=$?
				;;
			raise)
				rc=0
				ph-alert raise --campaign C > /dev/null \
				    2>> log || rc=$?
				;;
			esac
			printf '%s\t%s\n' "$verb${args:+ $args}" "$rc" >> status
		done < plan
		sqlite3 -separator "$(printf '\t')" "$PH_DB" "
		    SELECT 'R', f.name, r.line, p.person_no FROM response r
		     JOIN response_file f ON f.id = r.file_id
		     JOIN person p ON p.id = r.person_id;
		    SELECT 'H', f.name, h.line, h.person_no FROM held h
		     JOIN response_file f ON f.id = h.file_id;
		    SELECT 'A', a.id, coalesce(p.person_no, a.respondent, ''),
		     a.reason_key, coalesce(f.name, ''), coalesce(h.line, ''),
		     a.person_id IS NULL
		     FROM alert a LEFT JOIN person p ON p.id = a.person_id
		     LEFT JOIN held h ON h.id = a.held_id
		     LEFT JOIN response_file f ON f.id = h.file_id;" \
		    > dump.tsv 2>> log
	)
}

@test "prop: every header and cell form the generator writes is read as it means" {
	perl "$PROP/gen-messy.pl" --forms forms
	# cells: item 9 of one row each, the other items 0
	awk -F'\t' 'BEGIN { print "学号,1,2,3,4,5,6,7,8,9" }
	    { c = $1; gsub(/"/, "\"\"", c)
	      printf "R%d,0,0,0,0,0,0,0,0,\"%s\"\n", NR, c }' \
	    forms/cells.tsv > cells.csv
	ph-screen score phq9 cells.csv > scores.tsv 2> errors || true
	run awk -F'\t' '
	    FILENAME == ARGV[1] { want["R" FNR] = $2; cell["R" FNR] = $1; next }
	    FILENAME == ARGV[2] { if (match($0, /cells\.csv:[0-9]+:/)) {
	        split(substr($0, RSTART, RLENGTH), p, ":")
	        err["R" (p[2] - 1)] = 1 }
	        next }
	    FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    { id = $1; w = want[id]; seen[id] = 1
	      if (w == "bad") {
	          if (!(id in err)) print "read, but bad: [" cell[id] "]" }
	      else if (id in err) print "refused: [" cell[id] "] (" w ")"
	      else if (w == "blank") {
	          if ($col["missing"] != 1) print "not blank: [" cell[id] "]" }
	      else if ($col["total"] != w)
	          print "read as " $col["total"] ": [" cell[id] "] (" w ")" }
	    END { for (id in want) if (!(id in seen) && want[id] != "bad")
	        print "no output for [" cell[id] "]" }
	    ' forms/cells.tsv errors scores.tsv
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# headers: a line is a form's name, the id's header, one per item
	local want="id=1 phq9_1=2 phq9_2=3 phq9_3=4 phq9_4=5 phq9_5=6 phq9_6=7"
	want="$want phq9_7=8 phq9_8=9 phq9_9=10 "
	local bad="" form got
	while IFS=$'\t' read -r form rest; do
		printf '%s\n' "$rest" | awk -F'\t' '{
		    for (i = 1; i <= NF; i++) {
		        c = $i; gsub(/"/, "\"\"", c)
		        printf "%s\"%s\"", (i > 1 ? "," : ""), c }
		    print ""; print "S0001,0,0,0,0,0,0,0,0,0" }' > h.csv
		if ! ph-screen columns phq9 h.csv > cols.tsv 2> cols.err; then
			bad="$bad"$'\n'"$form refused: $(head -n 1 cols.err)"
			continue
		fi
		got=$(awk -F'\t' '$1 == "id" || $1 ~ /^phq9_/ {
		    printf "%s=%s ", $1, $2 }' cols.tsv)
		[ "$got" = "$want" ] || bad="$bad"$'\n'"$form: $got"
	done < forms/headers.tsv
	echo "$bad"
	[ -z "$bad" ]
}

# Checks the exports run so far (a batch of them), keeps the failing
# ones, and removes the rest: thousands of databases need not be kept.
check_batch() {
	[ "$#" -gt 0 ] || return 0
	local out dir
	out=$(perl "$PROP/check-messy.pl" "$@") && return 0
	if [ -z "$KEEP" ]; then
		KEEP=$(mktemp -d "${PROP_KEEP:-${TMPDIR:-/tmp}}/ph-prop-failed.XXXXXX")
	fi
	printf '%s\n' "$out" | sed "s|$WORK/gen/||g" | grep -v '^failed: ' \
	    >> "$KEEP/report"
	for dir in $(printf '%s\n' "$out" | sed -n 's/^failed: //p'); do
		FAILED=$(( FAILED + 1 ))
		# the first few: a database is a third of a megabyte
		[ "$FAILED" -gt 20 ] || cp -R "$dir" "$KEEP/"
	done
}

@test "prop: every positive item 9 raises exactly one alert, none from 0; every row kept or held at its line" {
	local n=${PROP_FILES:-200} batch=50 made=0 count
	local seed=${PROP_SEED:-$(( $(date +%s) % 1000000 * 10000 ))}
	KEEP="" FAILED=0
	make_template
	while [ "$made" -lt "$n" ]; do
		count=$(( n - made < batch ? n - made : batch ))
		perl "$PROP/gen-messy.pl" --roster students.csv \
		    --out "$WORK/gen" --seed $(( seed + made )) --count "$count" \
		    ${PROP_WITHOUT:+--without "$PROP_WITHOUT"}
		for dir in "$WORK"/gen/*/; do
			run_plan "${dir%/}"
		done
		check_batch "$WORK"/gen/*
		rm -rf "$WORK/gen"
		made=$(( made + count ))
	done
	if [ -n "$KEEP" ]; then
		head -n 40 "$KEEP/report"
		echo "# $(wc -l < "$KEEP/report") violations in $FAILED of $n" \
		    "exports, seeds $seed to $(( seed + n - 1 ))"
		echo "# in $KEEP: report (every violation), and the first 20" \
		    "failing exports (files, plan, truth, log, database)"
		echo "# replay one: PROP_SEED=S PROP_FILES=1" \
		    "${PROP_WITHOUT:+PROP_WITHOUT=$PROP_WITHOUT }bats" \
		    "-f 'exactly one' tests/cli/prop_messy.bats (S: its directory's name)"
		return 1
	fi
}
