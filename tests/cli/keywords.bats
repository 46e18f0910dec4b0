#!/usr/bin/env bats
# Keyword rules through the programs: false friends are no hit, a pattern
# that gives up at match time is a hit, a pattern that does not compile
# stops every command that loads the policy.

load helpers

setup() {
	setup_with_shipped_policy
	roster_rows students.csv S1,甲,男,一中,初一,1班
	ph-intake roster students.csv
}

# A policy with no card rules and the keyword rules on stdin, as the
# items of alerts.keywords: their first line is line 5 of FILE.
# keyword_policy FILE
keyword_policy() {
	{
		printf 'policy: t\ncards: {rules: []}\nalerts:\n  keywords:\n'
		cat
	} > "$1"
}

@test "note: the shipped rules pass over false friends and hit the phrasings around them" {
	run ph-alert note S1 "好久不见，想死你了！下午不想活动" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *"no keyword rule matched"* ]]
	run ph-alert note S1 "想死你了，可我真的活不下去了" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tS1\t一中/七年级/1班\t流露轻生念头\t'* ]]
	run ph-alert note S1 "昨天被同学打了" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t可能遭受欺凌\t'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -eq 2 ]
}

@test "note: a pattern that reaches PCRE2's match limit is a hit, not silence" {
	keyword_policy limit.yaml <<'YAML'
    - {id: runaway, pattern: '(a+)+$', reason: 需要人工查看, color: yellow}
YAML
	ph-screen check limit.yaml > /dev/null
	run ph-alert --policy limit.yaml note S1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t需要人工查看\t'* ]]
	run ph-alert --policy limit.yaml note S1 "aaaa!" --by 王老师
	[[ "$output" == *"no keyword rule matched"* ]]
}

@test "check: a keyword pattern or unless that does not compile is refused, by every command" {
	keyword_policy bad.yaml <<'YAML'
    - id: broken
      reason: x
      pattern: ['ok', '想(死']
      unless: '[a'
YAML
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad.yaml:7:23: pattern at offset 3: missing closing parenthesis"* ]]
	[[ "$output" == *"bad.yaml:8:15: unless pattern at offset 2: missing terminating ]"* ]]
	run ph-alert --policy bad.yaml note S1 "想死" --by 王老师
	[ "$status" -eq 78 ]
	[[ "$output" == *"bad.yaml:7:23: pattern at offset 3"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM note")" -eq 0 ]
	run ph-screen check "$PH_SHARE/policy.yaml"
	[ "$status" -eq 0 ]
}
