#!/usr/bin/env bats
# Scoring rules (issue 14, findings 6, 7 and 9): missing items as each
# instrument's source says, a band that blank items cannot change, bands
# on the published whole scores, and rules that can never hold refused.

load helpers

setup() {
	setup_with_share
	unset PH_DB PH_PATH PH_POLICY
}

# score INSTRUMENT FILE: "id total band valid" per response
scores() {
	ph-screen score "$1" "$2" | awk -F'\t' '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["id"] " " $c["total"] " " $c["total_band"] " " $c["valid"] }'
}

@test "PHQ-9 3,3,3,3,_,3,3,3,0: one blank item is prorated, 24 severe" {
	printf 'id,1,2,3,4,5,6,7,8,9\np1,3,3,3,3,,3,3,3,0\np2,1,1,1,1,1,1,1,,0\n' > p.csv
	run scores phq9 p.csv
	[ "$status" -eq 0 ]
	# p1: 21 from eight items, times 9/8 = 23.6, rounded half up;
	# p2: 7 * 9/8 = 7.9: 8
	first_lines_are "p1 24 severe yes" "p2 8 mild yes"
}

@test "GAD-7: one blank item is prorated and rounded; two are not" {
	printf 'id,1,2,3,4,5,6,7\ng1,2,2,2,2,2,1,\ng2,2,2,2,2,2,,\n' > g.csv
	run scores gad7 g.csv
	[ "$status" -eq 0 ]
	# g1: 11 * 7/6 = 12.8: 13; g2: 10 + 0..6, mild to severe, no band
	first_lines_are "g1 13 moderate yes" "g2   no"
}

@test "PHQ-9 with two blank items: no total, but a band no answer could change" {
	printf 'id,1,2,3,4,5,6,7,8,9\nr1,3,3,3,3,,3,3,3,\nr2,3,3,3,3,,3,3,,0\nr3,0,0,0,0,,0,0,,0\n' > p.csv
	run scores phq9 p.csv
	[ "$status" -eq 0 ]
	# r1: 21 + 0..6 = 21..27, severe whatever the blanks were;
	# r2: 18..24, moderately severe or severe, so no band;
	# r3: 0..6, minimal or mild
	first_lines_are "r1  severe no" "r2   no" "r3   no"
	run ph-screen score phq9 p.csv
	output_cell_is critical r1 phq9_9
	output_cell_is reason r1 "total: 2 items missing (at most 1)"
}

@test "import: the certain band is stored with its range and gives the card" {
	export PH_DB="$BATS_TEST_TMPDIR/ph.db"
	roster_rows s.csv S1,甲,男,一中,初一,1班 S2,乙,女,一中,初一,1班
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 \
	    --to 2026-09-15 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,3,3,3,3,,3,3,3,\nS2,3,3,3,3,,3,3,,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	scores_of() {
		sqlite3 "$PH_DB" "SELECT scores FROM response r JOIN person p ON p.id = r.person_id WHERE person_no = '$1'"
	}
	[ "$(scores_of S1)" = '{"total":null,"total_band":"severe","total_range":[21,27]}' ]
	[ "$(scores_of S2)" = '{"total":null,"total_band":null}' ]
	# 21..27 is at least 20 throughout: the policy's red rule holds
	run ph-screen cards --campaign 2026秋
	[[ "$output" == *$'\tS1\t甲\tred\tPHQ-9 重度抑郁 (phq9 total=21-27)\t'* ]]
	# 18..24 is not: no band, a response to take again
	[[ "$output" == *$'\tS2\t乙\tblue\t作答无效，需复测: phq9 total: 2 items missing (at most 1)\t'* ]]
}

@test "K10 prorated 21.11 is 21, moderate (16-21), not high" {
	printf 'id,1,2,3,4,5,6,7,8,9,10\nk1,3,2,2,2,2,2,2,2,2,\nk2,3,3,2,2,2,2,2,2,2,\n' > k.csv
	run scores k10 k.csv
	[ "$status" -eq 0 ]
	# k1: 19 * 10/9 = 21.11; k2: 20 * 10/9 = 22.22
	first_lines_are "k1 21 moderate yes" "k2 22 high yes"
}

@test "CES-D prorated 15.79 is below 16: not depressive" {
	# items 4, 8, 12 and 16 reversed (3 counts 0), the fifteen others 1,
	# item 20 blank: 15 * 20/19 = 15.79
	r='1,1,1,3,1,1,1,3,1,1,1,3,1,1,1,3,1,1,1,'
	{
		echo "id,$(seq -s, 1 20)"
		echo "c1,$r"
		echo "c2,2,${r#1,}"
	} > c.csv
	run scores cesd c.csv
	[ "$status" -eq 0 ]
	# c2: 16 * 20/19 = 16.84
	first_lines_are "c1 15.79 minimal yes" "c2 16.84 depressive_symptoms yes"
}

# a stand-in with what the test puts in its critical and bands
standin() {
	cat > "$1" <<YAML
id: t
version: "1"
name: {zh: 测试}
licence: synthetic, for tests only
options:
  f: [{value: 0, zh: 无}, {value: 1, zh: 有时}, {value: 2, zh: 常常}, {value: 3, zh: 总是}]
items:
  - {id: a, zh: 题一, options: f}
  - {id: b, zh: 题二, options: f}
scales:
  - id: total
    items: all
$2
critical:
  - {item: b, min: $3, zh: 关键}
YAML
}

@test "check: a critical rule that can never hold is refused, by every command" {
	standin never.yaml "    bands: [{max: 2, label: low}, {label: high}]" 4
	fails_with 65 "never.yaml:15:20: critical rule on 'b' can never hold: min 4 is above every option of it (0 to 3)" \
	    ph-screen check never.yaml
	printf 'id,a,b\nx,0,3\n' > x.csv
	fails_with 65 "can never hold" ph-screen score ./never.yaml x.csv
	standin always.yaml "    bands: [{max: 2, label: low}, {label: high}]" 0
	fails_with 65 "always.yaml:15:20: critical rule on 'b' holds for every answer: min 0 is at or below its lowest option (0)" \
	    ph-screen check always.yaml
	standin good.yaml "    bands: [{max: 2, label: low}, {label: high}]" 3
	run ph-screen check good.yaml
	[ "$status" -eq 0 ]
}

@test "check: bands outside the scores, ending short, or not whole are refused" {
	standin out.yaml "    bands: [{max: 2, label: low}, {max: 6, label: high}, {label: beyond}]" 1
	fails_with 65 "out.yaml:13:58: band 'beyond' lies outside the scores of 'total' (0 to 6)" \
	    ph-screen check out.yaml
	standin short.yaml "    bands: [{max: 2, label: low}, {max: 4, label: high}]" 1
	fails_with 65 "short.yaml:13:35: bands of 'total' end at 4, leaving scores up to 6 in no band" \
	    ph-screen check short.yaml
	standin frac.yaml "    bands: [{max: 2.5, label: low}, {label: high}]" 1
	fails_with 65 "band 'low' of 'total': max 2.5 is not a whole number" \
	    ph-screen check frac.yaml
	standin over.yaml "    bands: [{max: 3, label: low}, {max: 2, label: mid}, {label: high}]" 1
	fails_with 65 "bands must rise: 2 after 3" ph-screen check over.yaml
}

@test "check: the missing rule is read and checked in full" {
	standin m.yaml "    missing: {max: 1, prorate: true, round: half_up, source: test}
    bands: [{max: 2, label: low}, {label: high}]" 1
	run ph-screen check m.yaml
	[ "$status" -eq 0 ]
	standin bad.yaml "    missing: {max: 2, round: sideways, colour: red}
    max_missing: 1" 1
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	output_has \
	    "'missing' of 'total' replaces 'max_missing' and 'prorate'" \
	    "unknown key 'colour' in missing" \
	    "'round' is for a prorated total" \
	    "'round' must be half_up, down or none" \
	    "missing needs 'source'" \
	    "at most 1 of the 2 items of 'total' may be missing, not 2"
}
