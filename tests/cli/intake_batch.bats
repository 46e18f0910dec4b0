#!/usr/bin/env bats
# A first roster load writes its people sixteen to a statement: what it
# stores must be what a row at a time stores, and a repeated number must
# be found wherever it falls, inside a batch, across batches or files.

load helpers

setup() {
	common_setup
}

# N rows (line 2 to N + 1), numbers P1 ... PN unless a row is given as
# LINE=NUMBER to repeat a number; some rows with flags, a second
# guardian or a father, so that batches carry rows of every kind.
write_rows() {
	local n=$1 file=$2 i no
	shift 2
	echo "学号,姓名,性别,学校,年级,班级,出生日期,监护人,监护人电话,监护人2,监护人2电话,父亲,父亲电话,关注类型" > "$file"
	for i in $(seq 1 "$n"); do
		no="P$i"
		for r in "$@"; do
			[ "${r%%=*}" = $((i + 1)) ] && no=${r#*=}
		done
		printf '%s,学生%d,%s,一中,%d,%d,2012-05-%02d,家长%d,138%08d,%s,%s,%s,%s,%s\n' \
		    "$no" "$i" "$([ $((i % 2)) = 0 ] && echo M || echo F)" \
		    $((7 + i % 3)) $((1 + i % 4)) $((1 + i % 28)) "$i" "$i" \
		    "$([ $((i % 5)) = 0 ] && echo "二号$i")" \
		    "$([ $((i % 5)) = 0 ] && printf '139%08d' "$i")" \
		    "$([ $((i % 7)) = 0 ] && echo "父$i")" \
		    "$([ $((i % 7)) = 0 ] && printf '137%08d' "$i")" \
		    "$([ $((i % 3)) = 0 ] && echo '留守、单亲')" >> "$file"
	done
}

dump() {
	sqlite3 "$1" "SELECT * FROM person ORDER BY id;
	    SELECT * FROM unit ORDER BY id;
	    SELECT * FROM person_flag ORDER BY id;
	    SELECT * FROM guardian ORDER BY id"
}

@test "batch: a first load of 50 rows stores what they store a row at a time" {
	write_rows 50 all.csv
	head -n 2 all.csv > first.csv
	run ph-intake --db batch.db roster all.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"50	50	0	0	0	"* ]]
	ph-intake --db single.db roster first.csv
	run ph-intake --db single.db roster all.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"50	49	0	1	0	"* ]]
	[ "$(dump batch.db)" = "$(dump single.db)" ]
	[ "$(sqlite3 batch.db "SELECT count(*) FROM guardian")" -gt 10 ]
	[ "$(sqlite3 batch.db "SELECT count(*) FROM person_flag")" -gt 20 ]
	# and again: nothing changed, nothing written
	before=$(cksum < batch.db)
	run ph-intake --db batch.db roster all.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"50	0	0	50	0	"* ]]
	[ "$(cksum < batch.db)" = "$before" ]
}

@test "batch: repeats in one batch, across batches and at the end name their first lines" {
	# line 9 repeats line 4 (the first sixteen rows), line 30 repeats
	# line 3 (another batch), line 51 repeats line 50 (the last, short)
	write_rows 50 dup.csv 9=P3 30=P2 51=P49
	run ph-intake roster dup.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"dup.csv:9: student number 'P3' is also on line 4"* ]]
	[[ "$output" == *"dup.csv:30: student number 'P2' is also on line 3"* ]]
	[[ "$output" == *"dup.csv:51: student number 'P49' is also on line 50"* ]]
	[[ "$output" == *"nothing was loaded: 3 errors"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 0 ]
}

@test "batch: a repeat in a second file and after a bad row is named too" {
	write_rows 40 a.csv
	write_rows 40 b.csv 20=P7
	sed -i 's/^P1,/Q1,/; s/^P2,\(学生2\),M,/Q2,\1,X,/; s/^P\([0-9]*\),/Q\1,/' b.csv
	sed -i '20s/^Q7,/P7,/' b.csv
	run ph-intake roster a.csv b.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"b.csv:3: 性别: sex 'X'"* ]]
	[[ "$output" == *"b.csv:20: student number 'P7' is also at a.csv:8"* ]]
	[[ "$output" == *"nothing was loaded: 2 errors"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person")" = 0 ]
}
