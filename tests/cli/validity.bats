#!/usr/bin/env bats
# Validity as the platforms check it (issue 18): attention items, one
# answer to a scale with reversed items or to many items in a row, too
# little time, pairs that disagree; an invalid answer is to be taken
# again (ph-screen retest), is not screened in coverage, and its critical
# answer still gives a red card and an alert.

load helpers

setup() {
	setup_with_shipped_policy
	export PH_PATH="$BATS_TEST_TMPDIR"
	# five items: c2 reversed, chk an attention item asking for 几乎每天,
	# s1 and s2 a pair within 1, c1 critical at 3
	cat > careful.yaml <<'YAML'
id: careful
version: "1"
name: {zh: 注意检查示例}
licence: synthetic, for tests only
options:
  freq:
    - {value: 0, zh: 完全不会}
    - {value: 1, zh: 好几天}
    - {value: 2, zh: 一半以上的天数}
    - {value: 3, zh: 几乎每天}
items:
  - {id: c1, zh: 心情低落, options: freq}
  - {id: c2, zh: 感到开心, options: freq, reverse: true}
  - {id: chk, zh: 本题请选择“几乎每天”, options: freq, expect: 几乎每天}
  - {id: s1, zh: 入睡困难, options: freq}
  - {id: s2, zh: 睡眠不好, options: freq}
scales:
  - id: total
    items: all
    bands: [{max: 4, label: low}, {label: high}]
consistency:
  - {items: [s1, s2], within: 1}
critical:
  - {item: c1, min: 3, zh: 每天心情低落}
YAML
}

# policy FILE KEY: VALUE...: a policy with the shipped cards' two rules
# that matter here and a validity section of the pairs given
policy() {
	local file=$1
	shift
	{
		printf 'policy: t\ncards:\n  rules:\n'
		printf '    - {color: red, critical: answered, reason: 关键条目阳性}\n'
		printf '    - {color: blue, valid: false, reason: 作答无效，需复测}\n'
		printf 'validity:\n'
		printf '  %s\n' "$@"
	} > "$file"
}

# The column $1 of the row of id $2 of ph-screen score's TSV in $output.
cell() {
	printf '%s\n' "$output" | awk -F'\t' -v col="$1" -v key="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$1 == key { print $c }'
}

# careful_scored CHECK LINE...: the LINEs (a header, then rows) as a.csv,
# scored by careful (as `run` runs it, exit 0) under a policy whose
# validity section is CHECK.
careful_scored() {
	local check=$1
	shift
	printf '%s\n' "$@" > a.csv
	policy p.yaml "$check"
	run ph-screen --policy p.yaml score careful a.csv
	[ "$status" -eq 0 ]
}

# invalid ID CHECK REASON: the row of ID in ph-screen score's $output is
# not valid, failing CHECK (the validity column), for REASON.
invalid() {
	[ "$(cell valid "$1")" = no ] && [ "$(cell validity "$1")" = "$2" ] &&
	    [ "$(cell reason "$1")" = "$3" ]
}

@test "attention item: the answer asked for is valid, another or none is not" {
	printf '%s\n' 'id,c1,c2,chk,s1,s2' 'right,0,3,3,0,0' \
	    'wrong,0,3,2,0,0' 'text,0,3,几乎每天,0,0' 'blank,0,3,,0,0' > a.csv
	run ph-screen score careful a.csv
	[ "$status" -eq 0 ]
	[ "$(cell valid right)" = yes ]
	[ "$(cell validity right)" = ok ]
	[ "$(cell valid text)" = yes ]
	invalid wrong attention "attention item chk answered 2 (expected 3)"
	[ "$(cell reason blank)" = "attention item chk unanswered (expected 3)" ]
	# the attention item is not scored: 0 + (3 - 3) + 0 + 0
	[ "$(cell total right)" = 0 ]
	# the policy may turn it off
	policy off.yaml 'attention: false'
	run ph-screen --policy off.yaml score careful a.csv
	[ "$(cell valid wrong)" = yes ]
}

@test "consistency pair: within its tolerance is valid, beyond is not" {
	printf '%s\n' 'id,c1,c2,chk,s1,s2' 'near,0,3,3,0,1' 'far,0,3,3,0,2' \
	    'blank,0,3,3,,3' > a.csv
	run ph-screen score careful a.csv
	[ "$status" -eq 0 ]
	[ "$(cell valid near)" = yes ]
	invalid far consistency "items s1 and s2 disagree (0 and 2, within 1)"
	# a blank s1 is a missing item, not a pair that disagrees
	[ "$(cell validity blank)" = ok ]
}

@test "one answer to every item of a scale with a reversed item, when the policy says" {
	printf '%s\n' 'id,c1,c2,chk,s1,s2' 'same,1,1,3,1,1' 'one_off,1,2,3,1,1' > a.csv
	run ph-screen score careful a.csv
	[ "$(cell valid same)" = yes ]
	policy p.yaml 'same_reversed: true'
	run ph-screen --policy p.yaml score careful a.csv
	[ "$status" -eq 0 ]
	invalid same same_reversed "total: every item answered 1, reversed ones too"
	[ "$(cell valid one_off)" = yes ]
	# PH_POLICY names it as well
	PH_POLICY=p.yaml run ph-screen score careful a.csv
	[ "$(cell valid same)" = no ]
}

@test "the same answer N items in a row is valid, N + 1 is not" {
	# the attention item counts in its place: 3 3 3 is three in a row
	careful_scored 'same_in_row: 3' 'id,c1,c2,chk,s1,s2' 'three,0,3,3,3,2' \
	    'four,0,3,3,3,3' 'broken,3,3,3,,3'
	[ "$(cell valid three)" = yes ]
	invalid four same_in_row "4 items in a row answered 3 (at most 3)"
	# a blank breaks the row
	[ "$(cell validity broken)" = ok ]
}

@test "time: exactly the minimum is valid, one second under is not" {
	# five items at 2 s: 10 s at least
	careful_scored 'min_seconds_per_item: 2' 'id,c1,c2,chk,s1,s2,所用时间' \
	    'at,0,3,3,0,0,10' 'under,0,3,3,0,0,9' 'none,0,3,3,0,0,'
	[ "$(cell valid at)" = yes ]
	invalid under too_fast "answered in 9 s, under 10 s for 5 items"
	# no time given: not checked
	[ "$(cell valid none)" = yes ]
	# without the policy, no minimum
	run ph-screen score careful a.csv
	[ "$(cell valid under)" = yes ]
}

@test "time: every duration format of the platforms' exports" {
	# 65 s at least: 13 s an item
	policy p.yaml 'min_seconds_per_item: 13'
	{
		echo 'id,c1,c2,chk,s1,s2,答题时长'
		for d in 60秒 1分20秒 1小时2分 00:01:20 80 '80 秒' 1:04 64s 1分钟5秒 65; do
			echo "$d,0,3,3,0,0,$d"
		done
	} > a.csv
	run ph-screen --policy p.yaml score careful a.csv
	[ "$status" -eq 0 ]
	[ "$(cell validity 60秒)" = too_fast ]
	[ "$(cell validity 1分20秒)" = ok ]
	[ "$(cell validity 1小时2分)" = ok ]
	[ "$(cell validity 00:01:20)" = ok ]
	[ "$(cell validity 80)" = ok ]
	[ "$(cell validity '80 秒')" = ok ]
	[ "$(cell validity 1:04)" = too_fast ]
	[ "$(cell validity 64s)" = too_fast ]
	[ "$(cell validity 1分钟5秒)" = ok ]
	[ "$(cell validity 65)" = ok ]
	[ "$(cell reason 1:04)" = "answered in 64 s, under 65 s for 5 items" ]
	[ "$(cell reason 1小时2分)" = "" ]
}

@test "time: from the start and submission times when there is no duration column" {
	policy p.yaml 'min_seconds_per_item: 2'
	printf '%s\n' 'id,开始时间,提交答卷时间,c1,c2,chk,s1,s2' \
	    'at,2026-09-02 10:00:00,2026-09-02 10:00:10,0,3,3,0,0' \
	    'under,2026/9/2 10:00:00,2026/9/2 10:00:09,0,3,3,0,0' \
	    'midnight,2026/8/31 23:59:55,2026/9/1 0:00:05,0,3,3,0,0' \
	    'nostart,,2026/9/1 0:00:05,0,3,3,0,0' > a.csv
	run ph-screen --policy p.yaml score careful a.csv
	[ "$status" -eq 0 ]
	[ "$(cell validity at)" = ok ]
	[ "$(cell reason under)" = "answered in 9 s, under 10 s for 5 items" ]
	[ "$(cell validity midnight)" = ok ]
	[ "$(cell validity nostart)" = ok ]
}

@test "score: no validity column when nothing beyond the scales is checked" {
	printf '%s\n' 'id,1,2,3,4,5,6,7,8,9' 'p,0,0,0,0,0,0,0,0,0' > p.csv
	run ph-screen score phq9 p.csv
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *$'\treason\tinstrument\tsha256' ]]
	# the shipped policy named: a time minimum, so the column
	run ph-screen --policy "$PH_SHARE/policy.yaml" score phq9 p.csv
	[[ "${lines[0]}" == *$'\tsha256\tvalidity' ]]
	[ "$(cell validity p)" = ok ]
}

# The pupils S1 to S3, a campaign of the careful instrument, and answers.
campaign() {
	write_pupils s.csv
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument careful \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
}

@test "import: a careless answer is listed to take again, with why, card and source" {
	campaign
	policy p.yaml 'min_seconds_per_item: 2'
	printf '%s\n' '学号,c1,c2,chk,s1,s2,所用时间' 'S1,0,3,3,0,0,1分20秒' \
	    'S2,1,3,0,0,0,1分' 'S3,0,3,3,0,0,00:00:08' > a.csv
	run ph-screen --policy p.yaml import --campaign 2026秋 a.csv
	[ "$status" -eq 0 ]
	run ph-screen retest --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'unit\tid\tname\tinstrument\treason\tcard\tcritical\tsource')" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == *$'\tS2\t'*$'\tcareful\tattention item chk answered 0 (expected 3)\tblue\t\ta.csv:3' ]]
	[[ "${lines[2]}" == *$'\tS3\t'*$'\tcareful\tanswered in 8 s, under 10 s for 5 items\tblue\t\ta.csv:4' ]]
	# the card is the policy's, with the reason
	run ph-screen cards --campaign 2026秋 --color blue
	[[ "$output" == *$'\tS2\t'*$'\tblue\t作答无效，需复测: careful attention item chk answered 0 (expected 3)'* ]]
	# --unit narrows the list
	run ph-screen retest --campaign 2026秋 --unit 一中/七年级/2班
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tS3\t'* ]]
}

@test "coverage: an answer to take again is not screened, and is in the missing list" {
	campaign
	printf '%s\n' '学号,c1,c2,chk,s1,s2' 'S1,0,3,3,0,0' 'S2,0,3,1,0,0' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	run ph-screen coverage --campaign 2026秋
	[ "$status" -eq 0 ]
	[[ "$output" == *$'一中\tschool\t3\t1\t33.3%'* ]]
	[[ "$output" == *$'一中/七年级/1班\tclass\t2\t1\t50.0%'* ]]
	run ph-screen coverage --campaign 2026秋 --missing
	[[ "$output" == *$'\tS2\t'*$'\tcareful (retest)'* ]]
	[[ "$output" == *$'\tS3\t'*$'\tcareful' ]]
	[[ "$output" != *$'\tS1\t'* ]]
	# the report counts alike
	run ph-report coverage --campaign 2026秋
	[[ "$output" == *$'一中\t3\t1\t'* ]]
	# a valid answer again takes S2 off the list
	printf '%s\n' '学号,c1,c2,chk,s1,s2' 'S2,0,3,3,0,0' > b.csv
	ph-screen import --campaign 2026秋 b.csv > /dev/null
	run ph-screen retest --campaign 2026秋
	[ "${#lines[@]}" -eq 1 ]
	run ph-screen coverage --campaign 2026秋
	[[ "$output" == *$'一中\tschool\t3\t2\t66.7%'* ]]
}

@test "a critical answer in a careless answer sheet is still red and raises its alert" {
	campaign
	policy p.yaml 'min_seconds_per_item: 2'
	# S1: critical c1=3, the attention item wrong and done in 3 s
	printf '%s\n' '学号,c1,c2,chk,s1,s2,用时' 'S1,3,3,0,0,3,3秒' > a.csv
	run ph-screen --policy p.yaml import --campaign 2026秋 a.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT valid || ' ' || card || ' ' || critical FROM response")" = "0 red c1" ]
	run ph-screen retest --campaign 2026秋
	[[ "${lines[1]}" == *$'\tS1\t'*$'\tattention item chk answered 0 (expected 3); answered in 3 s, under 10 s for 5 items; items s1 and s2 disagree (0 and 3, within 1)\tred\tc1=3 每天心情低落\ta.csv:2' ]]
	run ph-screen cards --campaign 2026秋 --color red
	[[ "$output" == *$'\tS1\t'*$'\tred\t关键条目阳性 (c1)'* ]]
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = 'S1' AND a.status = 'open'")" -ge 1 ]
}

@test "the shipped policy: one answer to all of CES-D, reversed items too, is to take again" {
	write_pupils s.csv
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument cesd \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
	{
		echo "学号,$(seq -s, 1 20)"
		echo "S1,$(printf '1,%.0s' $(seq 1 19))1"
		echo "S2,$(printf '1,%.0s' $(seq 1 19))2"
	} > c.csv
	ph-screen import --campaign 2026秋 c.csv > /dev/null
	run ph-screen retest --campaign 2026秋
	[ "${#lines[@]}" -eq 2 ]
	# 24, depressive: its yellow card stands
	[[ "${lines[1]}" == *$'\tS1\t'*$'\tcesd\ttotal: every item answered 1, reversed ones too\tyellow\t'* ]]
}

@test "mistakes in the validity section and the instrument are refused with their place" {
	policy bad.yaml 'same_in_row: -1' 'seconds: 2' 'attention: perhaps'
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad.yaml:7:16: 'same_in_row' must be a whole number from 0 (not checked) to 10000"* ]]
	[[ "$output" == *"bad.yaml:8:3: unknown key 'seconds' in validity"* ]]
	[[ "$output" == *"bad.yaml:9:14: 'attention' of validity must be true or false"* ]]
	sed -e 's/expect: 几乎每天/expect: 总是/' careful.yaml > e.yaml
	run ph-screen check e.yaml
	[ "$status" -eq 65 ]
	[[ "$output" == *"e.yaml:14:55: 'expect' of 'chk': '总是' is none of its options"* ]]
	sed -e 's/items: all/items: [c1, chk]/' careful.yaml > s.yaml
	run ph-screen check s.yaml
	[[ "$output" == *"scale 'total' names 'chk', an attention item"* ]]
	sed -e 's/items: \[s1, s2\]/items: [s1, s9]/' careful.yaml > p.yaml
	run ph-screen check p.yaml
	[[ "$output" == *"consistency pair names no item 's9'"* ]]
}

@test "gaps: once the campaign has closed, an answer to take again is listed as such" {
	campaign
	printf '%s\n' '学号,c1,c2,chk,s1,s2' 'S1,0,3,3,0,0' 'S2,0,3,1,0,0' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	PH_NOW="2026-09-20 08:00" run ph-report gaps
	# gaps found: exit 1
	[ "$status" -eq 1 ]
	[[ "$output" == *$'\tS2\t乙\tto screen again in 2026秋 (answers not valid)\t2026-09-15\tph-screen retest --campaign 2026秋'* ]]
	[[ "$output" == *$'\tS3\t丙\tnot screened in 2026秋\t2026-09-15\tph-screen import --campaign 2026秋 FILE'* ]]
	[[ "$output" != *$'\tS1\t'* ]]
}
