#!/usr/bin/env bats
# The shipped instruments beyond PHQ-9 and GAD-7: K10, K6, WHO-5 and
# CES-D at every band boundary, their missing-item rules, reverse items
# and option texts.

load helpers

setup() {
	setup_with_share
	unset PH_DB PH_PATH
}

# score INSTRUMENT SCALE FILE: "id value band valid" per response
scores() {
	ph-screen score "$1" "$3" | awk -F'\t' -v s="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["id"] " " $c[s] " " $c[s "_band"] " " $c["valid"] }'
}

@test "K10: 10-50 with bands low, moderate, high, very high at each cut" {
	{
		echo "id,1,2,3,4,5,6,7,8,9,10"
		echo "k10,1,1,1,1,1,1,1,1,1,1"
		echo "k15,2,2,2,2,2,1,1,1,1,1"
		echo "k16,2,2,2,2,2,2,1,1,1,1"
		echo "k21,3,3,3,3,3,2,1,1,1,1"
		echo "k22,3,3,3,3,3,2,2,1,1,1"
		echo "k29,3,3,3,3,3,3,3,3,3,2"
		echo "k30,3,3,3,3,3,3,3,3,3,3"
		echo "k50,5,5,5,5,5,5,5,5,5,5"
	} > k10.csv
	run scores k10 total k10.csv
	[ "$status" -eq 0 ]
	first_lines_are \
	    "k10 10 low yes" \
	    "k15 15 low yes" \
	    "k16 16 moderate yes" \
	    "k21 21 moderate yes" \
	    "k22 22 high yes" \
	    "k29 29 high yes" \
	    "k30 30 very_high yes" \
	    "k50 50 very_high yes"
}

@test "K10: one missing item is prorated, two leave no score; option texts" {
	{
		echo "id,1,2,3,4,5,6,7,8,9,10"
		echo "one,3,3,3,3,3,3,3,3,3,"
		echo "two,3,3,3,3,3,3,3,3,,"
		echo "txt,几乎没有,很少,有时,大部分时间,全部时间,Most of the time,偶尔,1,1,1"
	} > k10.csv
	run scores k10 total k10.csv
	first_lines_are "one 30 very_high yes" "two   no" "txt 24 high yes"
	printf 'id,1,2,3,4,5,6,7,8,9,10\nbad,0,1,1,1,1,1,1,1,1,1\n' > zero.csv
	run ph-screen score k10 zero.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"zero.csv:2: column 2: '0' is not an option of k10_1"* ]]
}

@test "K6: 0-24, 13 or more is serious distress, no prorating" {
	{
		echo "id,1,2,3,4,5,6"
		echo "a0,0,0,0,0,0,0"
		echo "a4,1,1,1,1,0,0"
		echo "a5,1,1,1,1,1,0"
		echo "a12,2,2,2,2,2,2"
		echo "a13,3,2,2,2,2,2"
		echo "a24,4,4,4,4,4,4"
		echo "miss,4,4,4,4,4,"
	} > k6.csv
	run scores k6 total k6.csv
	first_lines_are \
	    "a0 0 low yes" \
	    "a4 4 low yes" \
	    "a5 5 moderate yes" \
	    "a12 12 moderate yes" \
	    "a13 13 serious yes" \
	    "a24 24 serious yes"
	# no total, but 20 + 0..4 is serious whatever the blank was
	[ "${lines[6]}" = "miss  serious no" ]
}

@test "WHO-5: raw times four, 28 or less likely depression, under 50 poor" {
	{
		echo "id,1,2,3,4,5"
		echo "p0,0,0,0,0,0"
		echo "p28,2,2,1,1,1"
		echo "p32,2,2,2,1,1"
		echo "p48,3,3,2,2,2"
		echo "p52,3,3,3,2,2"
		echo "p100,所有时间,所有时间,5,5,5"
	} > who.csv
	run scores who5 percent who.csv
	first_lines_are \
	    "p0 0 likely_depression yes" \
	    "p28 28 likely_depression yes" \
	    "p32 32 poor yes" \
	    "p48 48 poor yes" \
	    "p52 52 adequate yes" \
	    "p100 100 adequate yes"
	run scores who5 raw who.csv
	[ "${lines[4]}" = "p52 13  yes" ]
}

@test "CES-D: items 4, 8, 12, 16 reversed; 16 or more; at most 4 missing, prorated" {
	# all 0: the four reversed items count 3 each
	{
		echo "id,$(seq -s, 1 20)"
		echo "zero,$(printf '0,%.0s' $(seq 1 19))0"
		echo "low,$(printf '0,%.0s' $(seq 1 3))3,0,0,0,3,0,0,0,3,0,0,0,3,0,0,0,0"
		echo "c15,3,3,3,3,3,3,0,3,0,0,0,3,0,0,0,3,0,0,0,0"
		echo "c16,3,3,3,3,3,3,1,3,0,0,0,3,0,0,0,3,0,0,0,0"
		echo "miss4,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,,,,"
		echo "miss5,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,,,,,"
	} > cesd.csv
	run scores cesd total cesd.csv
	[ "$status" -eq 0 ]
	first_lines_are \
	    "zero 12 minimal yes" \
	    "low 0 minimal yes" \
	    "c15 15 minimal yes" \
	    "c16 16 depressive_symptoms yes"
	# 16 items: 12 scored 3 and the four reversed 0, prorated by 20/16
	[ "${lines[4]}" = "miss4 45 depressive_symptoms yes" ]
	# no total, but 45 + 0..15 is depressive whatever the blanks were
	[ "${lines[5]}" = "miss5  depressive_symptoms no" ]
}

@test "every shipped instrument names its licence and validates" {
	for f in "$PH_SHARE"/instruments/*.yaml; do
		grep -q '^licence:' "$f"
	done
	run ph-screen check "$PH_SHARE"/instruments/*.yaml "$PH_SHARE/policy.yaml"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 10 ]
	[[ "$output" == *$'\tpolicy\tdefault\t'* ]]
}
