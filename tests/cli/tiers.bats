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

# ph-screen check refuses an instrument whose one critical rule is RULE,
# saying WANT.  refused RULE WANT
refused() {
	low_side bad.yaml "$1"
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	output_has "$2"
}

@test "critical: max and equal rules that never or always hold are refused" {
	refused '{item: a, max: -1, zh: 从不}' \
	    "bad.yaml:14:5: critical rule on 'a' can never hold: no option of it (0 to 3) lies in its limits"
	refused '{item: a, equal: 1.5, zh: 从不}' "can never hold"
	refused '{item: a, max: 3, zh: 总是}' \
	    "critical rule on 'a' holds for every answer: every option of it (0 to 3) lies in its limits"
	refused '{item: a, equal: 0, min: 0, zh: 两者}' \
	    "a critical rule gives 'equal' or 'min'/'max', not both"
	refused '{item: a, zh: 无}' \
	    "a critical rule needs 'min', 'max' or 'equal'"
	refused '{item: a, min: 2, max: 1, zh: 颠倒}' \
	    "a critical rule's 'min' is above its 'max'"
}

# The pupils S1-S6 of 一中 初一, and campaign 2026秋 of PHQ-9 and GAD-7.
pupils_and_campaign() {
	write_pupils pupils.csv S4,丁,女,一中,初一,2班 S5,戊,女,一中,初一,2班 \
	    S6,己,男,一中,初一,2班
	ph-intake roster pupils.csv
	ph-screen campaign create 2026秋 --instrument phq9,gad7 \
	    --from 2026-09-01 --to 2026-09-15
}

phq() {
	echo "学号,1,2,3,4,5,6,7,8,9"
	printf '%s\n' "$@"
}

gad() {
	echo "学号,1,2,3,4,5,6,7"
	printf '%s\n' "$@"
}

people_of() {
	sqlite3 "$PH_DB" "SELECT group_concat(p.person_no, ' ') FROM (SELECT p.person_no FROM campaign_person cp JOIN person p ON p.id = cp.person_id JOIN campaign c ON c.id = cp.campaign_id WHERE c.code = '$1' ORDER BY p.person_no) p"
}

@test "tiers: the follow-on covers exactly those the condition holds for" {
	pupils_and_campaign
	# totals: S1 10 (at the cut), S2 9 (below), S3 15, S4 none answered
	phq "S1,2,2,2,2,2,0,0,0,0" "S2,1,1,1,2,2,2,0,0,0" \
	    "S3,3,3,3,3,3,0,0,0,0" > p.csv
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	run ph-screen campaign create 2026秋-GAD --after 2026秋 \
	    --when 'phq9.total >= 10' --instrument gad7 --from 2026-09-08
	[ "$status" -eq 0 ]
	first_lines_are "$(printf 'campaign\tafter\twhen\tpeople\tadded')" \
	    "$(printf '2026秋-GAD\t2026秋\tphq9.total >= 10\t2\t2')"
	[ "$(people_of 2026秋-GAD)" = "S1 S3" ]
	# the follow-on's dates: from --from, two weeks when --to is not given
	[ "$(sqlite3 "$PH_DB" "SELECT date_from || ' ' || date_to FROM campaign WHERE code = '2026秋-GAD'")" = "2026-09-08 2026-09-15" ]
	run ph-screen coverage --campaign 2026秋-GAD
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '一中\tschool\t2\t0\t0.0%%')" ]
	run ph-screen coverage --campaign 2026秋-GAD --missing
	[ "${#lines[@]}" -eq 3 ]
	output_has "$(printf 'S1\t甲\tgad7')" "$(printf 'S3\t丙\tgad7')"
	gad "S1,1,1,1,1,1,1,1" > g.csv
	ph-screen import --campaign 2026秋-GAD g.csv
	run ph-screen coverage --campaign 2026秋-GAD
	[ "${lines[1]}" = "$(printf '一中\tschool\t2\t1\t50.0%%')" ]
	# ph-report counts the same people
	run ph-report coverage --campaign 2026秋-GAD
	[ "$status" -eq 0 ]
	output_has "$(printf 'total\t2\t1\t1\t50.0%%')"
}

@test "tiers: created again, it adds who became positive, and only once" {
	pupils_and_campaign
	phq "S1,2,2,2,2,2,0,0,0,0" "S2,0,0,0,0,0,0,0,0,0" > p.csv
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	when='phq9.total >= 10 or card >= red'
	ph-screen campaign create F --after 2026秋 --when "$when" --instrument gad7
	[ "$(people_of F)" = S1 ]
	run ph-screen campaign create F --after 2026秋 --when "$when" --instrument gad7
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'F\t2026秋\t%s\t1\t0' "$when")" ]
	# S2 answers again, now positive; S4 answers with a critical item (red)
	phq "S2,3,3,3,1,0,0,0,0,0" "S4,0,0,0,0,0,0,0,0,1" > p2.csv
	ph-screen import --campaign 2026秋 --instrument phq9 p2.csv
	run ph-screen campaign create F --after 2026秋 --when "$when"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'F\t2026秋\t%s\t3\t2' "$when")" ]
	[ "$(people_of F)" = "S1 S2 S4" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM campaign WHERE code = 'F'")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM campaign_instrument ci JOIN campaign c ON c.id = ci.campaign_id WHERE c.code = 'F'")" -eq 1 ]
	# audited, each run
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'campaign.tier'")" -eq 3 ]
}

# campaign create F --after AFTER --when WHEN [OPTION...] fails with
# STATUS, saying WANT.  tier_refused STATUS WANT AFTER WHEN [OPTION...]
tier_refused() {
	local status_wanted=$1 want=$2 after=$3 when=$4
	shift 4
	run ph-screen campaign create F --after "$after" --when "$when" "$@"
	[ "$status" -eq "$status_wanted" ]
	output_has "$want"
}

@test "tiers: a condition that is not one is refused with its column" {
	pupils_and_campaign
	tier_refused 64 "ph-screen: --when 'phq9.total => 10': column 12: expected one of >= > <= < = !=" \
	    2026秋 'phq9.total => 10' --instrument gad7
	tier_refused 64 "column 21: expected a space" \
	    2026秋 'phq9.total >= 10 and' --instrument gad7
	tier_refused 64 "column 9: expected a colour: red, yellow, blue or none" \
	    2026秋 'card >= orange' --instrument gad7
	tier_refused 64 "column 22: campaign 2026秋 has no instrument k10" \
	    2026秋 'phq9.total >= 10 and k10.total > 20' --instrument gad7
	tier_refused 64 "column 1: instrument phq9 has no scale totl" \
	    2026秋 'phq9.totl >= 10' --instrument gad7
	tier_refused 65 "no campaign '2026春'" \
	    2026春 'phq9.total >= 10' --instrument gad7
	tier_refused 64 "a new follow-on campaign needs --instrument" \
	    2026秋 'phq9.total >= 10'
	# nothing was made
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM campaign")" -eq 1 ]
	# a campaign of that code that follows nothing, or on another condition
	run ph-screen campaign create 2026秋 --after 2026秋 --when 'phq9.total >= 10'
	[ "$status" -eq 65 ]
	output_has "campaign '2026秋' exists already, and does not follow '2026秋'"
	ph-screen campaign create F --after 2026秋 --when 'phq9.total >= 10' --instrument gad7
	run ph-screen campaign create F --after 2026秋 --when 'phq9.total >= 15'
	[ "$status" -eq 65 ]
	output_has "campaign 'F' follows '2026秋' on 'phq9.total >= 10', not 'phq9.total >= 15'"
}

# A policy: yellow for PHQ-9 or GAD-7 of 10 or more, red for both
# moderate or worse together, red for a critical answer; no sticky card
# (so that a card that comes back is seen), and the lines given after.
pair_policy() {
	cat > pair.yaml <<'YAML'
policy: pair
cards:
  sticky: none
  rules:
    - {color: red, critical: answered, reason: 关键条目阳性}
    - {color: yellow, instrument: phq9, scale: total, min: 10, reason: PHQ-9 中度}
    - {color: yellow, instrument: gad7, scale: total, min: 10, reason: GAD-7 中度}
    - color: red
      reason: 抑郁焦虑共病
      all:
        - {instrument: phq9, scale: total, band: [moderate, moderately_severe, severe]}
        - {instrument: gad7, scale: total, min: 10}
YAML
	[ $# -eq 0 ] || printf '%s\n' "$@" >> pair.yaml
	export PH_POLICY=$PWD/pair.yaml
}

card_of() {
	sqlite3 "$PH_DB" "SELECT color FROM card JOIN person p ON p.id = person_id JOIN campaign c ON c.id = campaign_id WHERE p.person_no = '$1' AND c.code = '${2:-2026秋}'"
}

# cards_are CAMPAIGN ID COLOR...: each ID's card in CAMPAIGN is COLOR.
cards_are() {
	local k=$1 got
	shift
	while [ $# -ge 2 ]; do
		got=$(card_of "$1" "$k")
		if [ "$got" != "$2" ]; then
			echo "$1 in $k: $got, expected $2" >&2
			return 1
		fi
		shift 2
	done
}

reasons_of() {
	sqlite3 "$PH_DB" "SELECT reasons FROM card JOIN person p ON p.id = person_id JOIN campaign c ON c.id = campaign_id WHERE p.person_no = '$1' AND c.code = '${2:-2026秋}'"
}

# S1 moderate on both (red together), S2 on PHQ-9 alone, S3 on GAD-7
# alone, S4 PHQ-9 mild and GAD-7 moderate.
pair_answers() {
	phq "S1,2,2,2,2,2,0,0,0,0" "S2,3,3,3,3,3,0,0,0,0" \
	    "S3,0,0,0,0,0,0,0,0,0" "S4,1,1,1,1,1,0,0,0,0" > p.csv
	gad "S1,2,2,2,2,2,0,0" "S2,1,1,1,0,0,0,0" "S3,3,3,3,3,0,0,0" \
	    "S4,3,3,3,3,0,0,0" > g.csv
}

# The pupils, the campaign, the policy and the answers of the tests of
# rules across instruments.
pair_ready() {
	pupils_and_campaign
	pair_policy
	pair_answers
}

pair_cards_are_right() {
	[ "$(card_of S1)" = red ]
	[ "$(reasons_of S1)" = "抑郁焦虑共病 (phq9 total=10 moderate; gad7 total=10 moderate)" ]
	[ "$(card_of S2)" = yellow ]
	[ "$(card_of S3)" = yellow ]
	[ "$(card_of S4)" = yellow ]
	run ph-screen cards --campaign 2026秋 --color red
	[ "${#lines[@]}" -eq 2 ]
	output_has "$(printf 'S1\t甲\tred\t抑郁焦虑共病 (phq9 total=10 moderate; gad7 total=10 moderate)')"
}

@test "across instruments: PHQ-9 imported first, then GAD-7" {
	pair_ready
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	[ "$(card_of S1)" = yellow ]
	run ph-screen import --campaign 2026秋 --instrument gad7 g.csv
	[ "$status" -eq 0 ]
	# the summary counts S1's answer red, as it now is
	[ "${lines[1]}" = "$(printf 'g.csv\tgad7\t4\t4\t0\t1\t2\t0\t0')" ]
	pair_cards_are_right
}

@test "across instruments: GAD-7 imported first, then PHQ-9" {
	pair_ready
	ph-screen import --campaign 2026秋 --instrument gad7 g.csv
	[ "$(card_of S1)" = yellow ]
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	pair_cards_are_right
}

@test "across instruments: both in one file, imported for each instrument" {
	pupils_and_campaign
	pair_policy
	{
		echo "id,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7"
		echo "S1,2,2,2,2,2,0,0,0,0,2,2,2,2,2,0,0"
		echo "S2,3,3,3,3,3,0,0,0,0,1,1,1,0,0,0,0"
		echo "S3,0,0,0,0,0,0,0,0,0,3,3,3,3,0,0,0"
		echo "S4,1,1,1,1,1,0,0,0,0,3,3,3,3,0,0,0"
	} > both.csv
	ph-screen import --campaign 2026秋 --instrument phq9 both.csv
	ph-screen import --campaign 2026秋 --instrument gad7 both.csv
	pair_cards_are_right
}

@test "across instruments: a later answer that breaks the pair gives the card back" {
	pair_ready
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	ph-screen import --campaign 2026秋 --instrument gad7 g.csv
	[ "$(card_of S1)" = red ]
	# S1 answers PHQ-9 again, now minimal: GAD-7's own yellow is back
	phq "S1,0,0,0,0,0,0,0,0,0" > p2.csv
	ph-screen import --campaign 2026秋 --instrument phq9 p2.csv
	[ "$(card_of S1)" = yellow ]
	[ "$(reasons_of S1)" = "GAD-7 中度 (gad7 total=10)" ]
	# and moderate again: red again, on the answer that completes it
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	[ "$(card_of S1)" = red ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response r JOIN person p ON p.id = r.person_id WHERE p.person_no = 'S1' AND r.latest AND r.card = 'red'")" -eq 1 ]
	[ "$(sqlite3 "$PH_DB" "SELECT r.instrument || ' ' || r.alone_card FROM response r JOIN person p ON p.id = r.person_id WHERE p.person_no = 'S1' AND r.latest AND r.card = 'red'")" = "phq9 yellow" ]
}

@test "across instruments: a rule with 'all' is checked like any other" {
	pupils_and_campaign
	pair_policy
	cat >> pair.yaml <<'YAML'
    - color: blue
      instrument: phq9
      all:
        - {instrument: phq9, scale: total, band: mild}
YAML
	run ph-screen check pair.yaml
	[ "$status" -eq 65 ]
	output_has "pair.yaml:14:19: a rule with 'all' gives its conditions there, not 'instrument' beside it"
	pair_policy '    - {color: blue, all: [{instrument: phq9, scale: total, band: mid}]}'
	pair_answers
	run ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	[ "$status" -eq 78 ]
	output_has "scale total of phq9 has no band 'mid'"
	pair_policy '    - {color: blue, all: [{instrument: phq9, scale: total}]}'
	run ph-screen check pair.yaml
	[ "$status" -eq 65 ]
	output_has "a condition of 'all' needs 'min', 'max' or 'band'"
	pair_policy '    - {color: blue, all: []}'
	run ph-screen check pair.yaml
	[ "$status" -eq 65 ]
	output_has "'all' must be a list of conditions"
}

SEVERE='    - {color: red, instrument: gad7, scale: total, band: severe, reason: GAD-7 重度焦虑}'

# 2026秋 of PHQ-9 alone: S1 10 (yellow), S2 4 (none), S3 15 (yellow);
# its follow-on F, GAD-7 for PHQ-9 of 10 or more.
first_and_follow_on() {
	[ -n "${PH_POLICY-}" ] || pair_policy "$SEVERE"
	write_pupils pupils.csv S4,丁,女,一中,初一,2班
	ph-intake roster pupils.csv
	ph-screen campaign create 2026秋 --instrument phq9 \
	    --from 2026-09-01 --to 2026-09-15
	phq "S1,2,2,2,2,2,0,0,0,0" "S2,1,1,1,1,0,0,0,0,0" \
	    "S3,3,3,3,3,3,0,0,0,0" > p.csv
	ph-screen import --campaign 2026秋 p.csv
	ph-screen campaign create F --after 2026秋 --when 'phq9.total >= 10' \
	    --instrument gad7 --from 2026-09-08
	# S1 minimal, S3 severe, S2 (not among F's people) severe too
	gad "S1,0,0,0,0,0,0,0" "S3,3,3,3,3,3,3,3" "S2,3,3,3,3,3,3,3" > g.csv
}

@test "tiers: by default a follow-on's card stands in the first campaign only when higher" {
	first_and_follow_on
	ph-screen import --campaign F g.csv 2> /dev/null
	cards_are F S1 none S3 red
	# a GAD-7 that finds nothing does not clear what the PHQ-9 found
	cards_are 2026秋 S1 yellow S3 red
	[ "$(reasons_of S1)" = "PHQ-9 中度 (phq9 total=10)" ]
	[ "$(reasons_of S3)" = "follow-on F: GAD-7 重度焦虑 (gad7 total=21)" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'card.supersede'")" -eq 1 ]
}

@test "tiers: with tiers.supersede true the follow-on's card stands in the first campaign for its people" {
	pair_policy "$SEVERE" 'tiers:' '  supersede: true'
	first_and_follow_on
	[ "$(card_of S1)" = yellow ]
	run ph-screen import --campaign F g.csv
	[ "$status" -eq 0 ]
	output_has "ph-screen: warning: g.csv: S2 is not one of the people of follow-on F (kept)"
	cards_are F S1 none S3 red
	cards_are 2026秋 S1 none S3 red
	[ "$(reasons_of S1)" = "follow-on F" ]
	[ "$(reasons_of S3)" = "follow-on F: GAD-7 重度焦虑 (gad7 total=21)" ]
	# S2 answered F without being one of its people: their card is their own
	[ "$(card_of S2)" = none ]
	[ "$(reasons_of S2)" = "" ]
	run ph-screen cards --campaign 2026秋 --color red
	[ "${#lines[@]}" -eq 2 ]
	output_has "$(printf 'S3\t丙\tred\tfollow-on F: GAD-7 重度焦虑')" "$(printf '\tfollow-on F\t')"
	# the reports count it so: one red, no yellow left
	run ph-report cards --campaign 2026秋
	[ "$status" -eq 0 ]
	output_has "$(printf 'total\t3\t1\t0\t0\t2\t')"
	# the red card in the first campaign is what the follow-ups read
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM red_card rc JOIN campaign c ON c.id = rc.campaign_id WHERE c.code = '2026秋'")" -eq 1 ]
	# and what raises the alert for the first campaign: S3's red card
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(p.person_no) FROM alert a JOIN person p ON p.id = a.person_id")" = S3 ]
	# audited; importing the same again changes nothing more
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'card.supersede'")" -eq 2 ]
	ph-screen import --campaign F g.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'card.supersede'")" -eq 2 ]
	[ "$(card_of S3)" = red ]
}

@test "tiers: with tiers.supersede false the first campaign keeps its cards" {
	pair_policy "$SEVERE" 'tiers:' '  supersede: false'
	first_and_follow_on
	ph-screen import --campaign F g.csv
	[ "$(card_of S3 F)" = red ]
	[ "$(card_of S1)" = yellow ]
	[ "$(card_of S3)" = yellow ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM card_set")" -eq 0 ]
	pair_policy 'tiers: {supersede: maybe}'
	run ph-screen check pair.yaml
	[ "$status" -eq 65 ]
	output_has "'supersede' of tiers must be raise, true or false"
}

@test "tiers: a counsellor's card in the first campaign is not superseded" {
	first_and_follow_on
	ph-screen card set S1 --campaign 2026秋 --color blue --by 王老师 \
	    --reason 面谈后调整
	ph-screen import --campaign F g.csv
	[ "$(card_of S1)" = blue ]
	[ "$(reasons_of S1)" = 面谈后调整 ]
	[ "$(card_of S3)" = red ]
}

@test "across instruments: rescore keeps the card a pair gives, and takes it away with the rule" {
	pair_ready
	ph-screen import --campaign 2026秋 --instrument phq9 p.csv
	ph-screen import --campaign 2026秋 --instrument gad7 g.csv
	# the same policy: no answer's own card changes, the pair's red stays
	run ph-screen rescore --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	pair_cards_are_right
	# a policy without the rule: S1 is back to the yellow of each answer
	sed '/^    - color: red$/,$d' pair.yaml > single.yaml
	ph-screen rescore --campaign 2026秋 --policy single.yaml
	[ "$(card_of S1)" = yellow ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response WHERE alone_card IS NOT NULL")" -eq 0 ]
	# and with it again, red again
	ph-screen rescore --campaign 2026秋
	pair_cards_are_right
}
