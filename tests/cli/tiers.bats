#!/usr/bin/env bats
# Issue 18, tiers: critical rules with max and equal, card rules across
# the instruments of a campaign, and tiered screening (a follow-on
# campaign for those a condition holds for).

load helpers

setup() {
	setup_with_shipped_policy
}

# An instrument wb in FILE whose critical rules are the lines given.
# low_side FILE RULE...
low_side() {
	local file=$1
	shift
	cat > "$file" <<'YAML'
id: wb
version: "1"
name: {zh: 幸福示例}
licence: synthetic example
options:
  f: [{value: 0, zh: 从未}, {value: 1, zh: 有时}, {value: 2, zh: 常常}, {value: 3, zh: 总是}]
items:
  - {id: a, zh: 题一, options: f}
  - {id: b, zh: 题二, options: f, reverse: true}
scales:
  - id: total
    items: all
critical:
YAML
	printf '  - %s\n' "$@" >> "$file"
}

@test "critical: equal and max hold at their value and not beside it" {
	low_side wb.yaml '{item: a, equal: 0, zh: 从未开心}' \
	    '{item: b, max: 1, zh: 很少休息}'
	printf 'id,a,b\nx,0,3\ny,1,1\nz,2,2\nw,1,2\n' > x.csv
	run ph-screen score ./wb.yaml x.csv
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") critical x)" = a ]
	[ "$(tsv_get <(echo "$output") critical_note x)" = "a=0 从未开心" ]
	# b answered 1: at max, critical (as given, before reversing)
	[ "$(tsv_get <(echo "$output") critical y)" = b ]
	[ "$(tsv_get <(echo "$output") critical z)" = "" ]
	# a answered 1 is not equal to 0; b answered 2 is above max
	[ "$(tsv_get <(echo "$output") critical w)" = "" ]
}

@test "critical: min and max together bound the answer on both sides" {
	low_side wb.yaml '{item: a, min: 1, max: 2, zh: 中间}'
	printf 'id,a,b\nx,0,0\ny,1,0\nz,2,0\nw,3,0\n' > x.csv
	run ph-screen score ./wb.yaml x.csv
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") critical x)" = "" ]
	[ "$(tsv_get <(echo "$output") critical y)" = a ]
	[ "$(tsv_get <(echo "$output") critical z)" = a ]
	[ "$(tsv_get <(echo "$output") critical w)" = "" ]
}

@test "critical: max and equal rules that never or always hold are refused" {
	low_side never.yaml '{item: a, max: -1, zh: 从不}'
	run ph-screen check never.yaml
	[ "$status" -eq 65 ]
	output_has "never.yaml:14:5: critical rule on 'a' can never hold: no option of it (0 to 3) lies in its limits"
	low_side odd.yaml '{item: a, equal: 1.5, zh: 从不}'
	run ph-screen check odd.yaml
	[ "$status" -eq 65 ]
	output_has "can never hold"
	low_side always.yaml '{item: a, max: 3, zh: 总是}'
	run ph-screen check always.yaml
	[ "$status" -eq 65 ]
	output_has "critical rule on 'a' holds for every answer: every option of it (0 to 3) lies in its limits"
	low_side both.yaml '{item: a, equal: 0, min: 0, zh: 两者}'
	run ph-screen check both.yaml
	[ "$status" -eq 65 ]
	output_has "a critical rule gives 'equal' or 'min'/'max', not both"
	low_side none.yaml '{item: a, zh: 无}'
	run ph-screen check none.yaml
	[ "$status" -eq 65 ]
	output_has "a critical rule needs 'min', 'max' or 'equal'"
	low_side upside.yaml '{item: a, min: 2, max: 1, zh: 颠倒}'
	run ph-screen check upside.yaml
	[ "$status" -eq 65 ]
	output_has "a critical rule's 'min' is above its 'max'"
}
