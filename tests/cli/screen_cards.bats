#!/usr/bin/env bats
# Cards (红黄蓝卡): the shipped policy's rules, special groups, a red card
# that stays until a counsellor changes it, card set, and bad policies.

load helpers

setup() {
	setup_with_shipped_policy
	write_pupils --col 关注类型 students.csv \
	    S4,丁,女,一中,初一,2班, \
	    S5,戊,女,一中,初一,2班, \
	    S6,己,男,一中,初一,2班,留守 \
	    S7,庚,男,一中,初一,2班,单亲
	ph-intake roster students.csv
	ph-screen campaign create 2026秋 --instrument phq9 \
	    --from 2026-09-01 --to 2026-09-15
}

phq() {
	echo "学号,1,2,3,4,5,6,7,8,9"
	printf '%s\n' "$@"
}

# The answer row AUTUMN imported into 2026秋 (a.csv), then a spring
# campaign, 2027春, and the answer row SPRING imported into it (b.csv).
# autumn_then_spring AUTUMN SPRING
autumn_then_spring() {
	phq "$1" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15
	phq "$2" > b.csv
	ph-screen import --campaign 2027春 b.csv
}

card_of() {
	sqlite3 "$PH_DB" "SELECT color FROM card JOIN person p ON p.id = person_id JOIN campaign c ON c.id = campaign_id WHERE p.person_no = '$1' AND c.code = '${2:-2026秋}'"
}

@test "policy: critical answer and severe red, moderate yellow, mild blue, minimal none" {
	phq "S1,0,0,0,0,0,0,0,0,1" "S2,3,3,3,3,2,2,2,2,0" "S3,2,2,2,2,2,0,0,0,0" \
	    "S4,1,1,1,1,1,0,0,0,0" "S5,1,1,1,1,0,0,0,0,0" > a.csv
	run ph-screen import --campaign 2026秋 a.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'a.csv\tphq9\t5\t5\t0\t2\t1\t1\t0')" ]
	[ "$(card_of S1)" = red ]
	[ "$(card_of S2)" = red ]
	[ "$(card_of S3)" = yellow ]
	[ "$(card_of S4)" = blue ]
	[ "$(card_of S5)" = none ]
	run ph-screen cards --campaign 2026秋 --color red
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == *$'\tS1\t甲\tred\t关键条目阳性 (phq9_9)\tphq9_9=1 有死亡或自伤的念头\tpolicy\t'* ]]
	[[ "${lines[2]}" == *$'\tS2\t乙\tred\tPHQ-9 重度抑郁 (phq9 total=20)\t\tpolicy\t'* ]]
	# every answer's campaign, person and file exist (the import does not
	# ask SQLite to check them again)
	[ -z "$(sqlite3 "$PH_DB" "PRAGMA foreign_key_check")" ]
	# the hash of the policy file is kept with each response
	[ "$(sqlite3 "$PH_DB" "SELECT DISTINCT policy FROM response_file")" = "$(sha256sum < "$PH_SHARE/policy.yaml" | cut -d' ' -f1)" ]
}

@test "policy: an unanswered critical item is yellow, even when the rest is invalid" {
	phq "S1,3,3,3,3,3,3,0,," > a.csv
	ph-screen import --campaign 2026秋 a.csv
	[ "$(card_of S1)" = yellow ]
	run ph-screen cards --campaign 2026秋
	[[ "$output" == *$'\t关键条目未作答，需当面了解 (phq9_9)\tphq9_9 未作答，需跟进: 有死亡或自伤的念头\t'* ]]
}

@test "special groups: one colour up, at least blue" {
	phq "S6,0,0,0,0,0,0,0,0,0" "S7,1,1,1,1,1,0,0,0,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	[ "$(card_of S6)" = blue ]
	[ "$(card_of S7)" = yellow ]
	run ph-screen cards --campaign 2026秋 --color yellow
	[[ "$output" == *"PHQ-9 轻度抑郁 (phq9 total=5); 重点关注 单亲: 蓝卡升为黄卡"* ]]
	# a flag a counsellor adds counts at the next import
	ph-intake flag S5 +bullied
	phq "S5,0,0,0,0,0,0,0,0,0" > b.csv
	ph-screen import --campaign 2026秋 b.csv
	[ "$(card_of S5)" = blue ]
}

@test "special groups: a policy's own rule (only some groups, at most yellow)" {
	sed -e 's/^    raise: 1/    raise: 2/' -e 's/^    up_to: red/    up_to: yellow\n    only: [留守]/' \
	    "$PH_SHARE/policy.yaml" > mine.yaml
	grep -q 'only: \[留守\]' mine.yaml
	# both mild (blue): S6 left behind goes two up but stops at yellow;
	# S7's single parent does not count under this policy
	phq "S6,1,1,1,1,1,0,0,0,0" "S7,1,1,1,1,1,0,0,0,0" > a.csv
	PH_POLICY=mine.yaml ph-screen import --campaign 2026秋 a.csv
	[ "$(card_of S6)" = yellow ]
	[ "$(card_of S7)" = blue ]
}

# The colours of card_color (what counts per unit read) are card's, and
# the red cards of red_card (what follow-ups and gaps read) are card's
# red ones, given at the same time.
same_colours() {
	[ "$(sqlite3 "$PH_DB" "SELECT campaign_id, person_id, color FROM card ORDER BY 1, 2")" = \
	    "$(sqlite3 "$PH_DB" "SELECT campaign_id, person_id, color FROM card_color ORDER BY 1, 2")" ]
	[ -n "$(sqlite3 "$PH_DB" "SELECT * FROM card_color")" ]
	[ "$(sqlite3 "$PH_DB" "SELECT campaign_id, person_id, at FROM card WHERE color = 'red' ORDER BY 1, 2")" = \
	    "$(sqlite3 "$PH_DB" "SELECT campaign_id, person_id, at FROM red_card ORDER BY 1, 2")" ]
	# and the counts per unit, which read the cards their own way
	for k in $(sqlite3 "$PH_DB" "SELECT code FROM campaign"); do
		[ "$(ph-screen cards --campaign "$k" --summary | awk -F '\t' '$2 == "school" { print $3 "|" $4 "|" $5 "|" $6 "|" $7 }')" = \
		    "$(sqlite3 "$PH_DB" "SELECT count(*), sum(color = 'red'), sum(color = 'yellow'), sum(color = 'blue'), sum(color = 'none') FROM card_color c JOIN person p ON p.id = c.person_id JOIN campaign k ON k.id = c.campaign_id WHERE p.status = 'active' AND k.code = '$k' HAVING count(*) > 0")" ]
	done
}

@test "sticky: a red card stays through later screenings until card set" {
	autumn_then_spring "S1,3,3,3,3,3,3,3,3,0" "S1,0,0,0,0,0,0,0,0,0"
	[ "$(card_of S1 2027春)" = red ]
	run ph-screen cards --campaign 2027春
	[[ "$output" == *"红卡保留 (2026秋: PHQ-9 重度抑郁 (phq9 total=24))"* ]]
	run ph-screen card set S1 --color yellow --by 王老师 --reason 已面谈，家长知情
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'S1\t2027春\tyellow\t已面谈，家长知情\t王老师')" ]
	[ "$(card_of S1 2027春)" = yellow ]
	same_colours
	# a card set with no answer behind it
	ph-screen card set S2 --color red --campaign 2027春 --by 王老师 --reason 班主任反映 > /dev/null
	same_colours
	# the earlier campaign keeps what it was
	[ "$(card_of S1)" = red ]
	[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'card.set' ORDER BY id LIMIT 1")" = "2027春: red -> yellow by 王老师: 已面谈，家长知情" ]
	# after the card set, a new answer is judged on its own
	phq "S1,0,0,0,0,0,0,0,0,0" > c.csv
	ph-screen import --campaign 2027春 c.csv
	[ "$(card_of S1 2027春)" = none ]
	same_colours
	# a yellow answer made red by hand, which a milder answer keeps
	phq "S3,2,2,2,2,2,0,0,0,0" > d.csv
	PH_NOW="2027-03-02 09:00" ph-screen import --campaign 2027春 d.csv
	PH_NOW="2027-03-03 09:00" ph-screen card set S3 --color red --by 王老师 --reason 家长来电 > /dev/null
	[ "$(card_of S3 2027春)" = red ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM red_card r JOIN person p ON p.id = r.person_id WHERE p.person_no = 'S3' AND r.at = CAST(strftime('%s', '2027-03-03 09:00', 'utc') AS INTEGER)")" -eq 1 ]
	same_colours
	phq "S3,1,1,1,1,1,0,0,0,0" > e.csv
	PH_NOW="2027-03-04 09:00" ph-screen import --campaign 2027春 e.csv
	[ "$(card_of S3 2027春)" = red ]
	same_colours
	# a red answer taken back by hand as none: no red card, until a
	# later red answer
	phq "S4,3,3,3,3,3,3,3,3,0" > f.csv
	ph-screen import --campaign 2027春 f.csv
	same_colours
	ph-screen card set S4 --color none --campaign 2027春 --by 王老师 --reason 误填 > /dev/null
	[ "$(card_of S4 2027春)" = none ]
	same_colours
	ph-screen import --campaign 2027春 f.csv
	[ "$(card_of S4 2027春)" = red ]
	same_colours
	run ph-screen history S1
	[ "${#lines[@]}" -eq 5 ]
	[[ "${lines[3]}" == 2027春$'\t'*$'\tcard set\t\tyellow\t已面谈，家长知情\t'*'by 王老师'* ]]
}

@test "sticky: a kept red card keeps its reason and the answer that made it, in cards, history and alerts (finding 10)" {
	autumn_then_spring "S1,0,0,0,0,0,0,0,0,2" "S1,0,0,0,0,0,0,0,0,0"
	[ "$(card_of S1 2027春)" = red ]
	why="红卡保留 (2026秋: 关键条目阳性 (phq9_9); phq9_9=2 有死亡或自伤的念头)"
	run ph-screen cards --campaign 2027春
	[[ "$output" == *"$why"* ]]
	run ph-screen history S1
	[[ "${lines[2]}" == *"$why"* ]]
	run ph-alert raise --campaign 2027春
	[ "$status" -eq 0 ]
	[[ "$output" == *"红卡: "*"$why"* ]]
	# a second submission within one import keeps the first one's why
	phq "S2,0,0,0,0,0,0,0,0,3" "S2,0,0,0,0,0,0,0,0,0" > c.csv
	ph-screen import --campaign 2027春 c.csv
	run ph-screen cards --campaign 2027春 --color red
	[[ "$output" == *"红卡保留 (2027春: 关键条目阳性 (phq9_9); phq9_9=3 有死亡或自伤的念头)"* ]]
}

@test "sticky: a second submission in the same file does not clear a red card" {
	phq "S1,0,0,0,0,0,0,0,0,2" "S1,0,0,0,0,0,0,0,0,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	[ "$(card_of S1)" = red ]
}

@test "several instruments: the card is the highest of the person's latest answers" {
	ph-screen campaign create both --instrument phq9,gad7 --from 2026-09-01 --to 2026-09-15
	phq "S1,1,1,1,1,1,0,0,0,0" > p.csv
	printf '学号,1,2,3,4,5,6,7\nS1,3,3,3,1,0,0,0\n' > g.csv
	ph-screen import --campaign both --instrument phq9 p.csv
	[ "$(card_of S1 both)" = blue ]
	ph-screen import --campaign both --instrument gad7 g.csv
	[ "$(card_of S1 both)" = yellow ]
	run ph-screen cards --campaign both
	[[ "$output" == *$'\tyellow\tGAD-7 中度以上焦虑 (gad7 total=10)\t'* ]]
}

@test "cards: by unit, by colour, and the counts per unit" {
	phq "S1,0,0,0,0,0,0,0,0,1" "S3,2,2,2,2,2,0,0,0,0" "S4,1,1,1,1,1,0,0,0,0" "S5,0,0,0,0,0,0,0,0,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	run ph-screen cards --campaign 2026秋 --unit 一中/初一/2班
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[1]}" == *$'\tS3\t丙\tyellow\t'* ]]
	[[ "${lines[3]}" == *$'\tS5\t戊\tnone\t'* ]]
	run ph-screen cards --campaign 2026秋 --summary
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'unit\tkind\tscreened\tred\tyellow\tblue\tnone')" ]
	[ "${lines[1]}" = "$(printf '一中\tschool\t4\t1\t1\t1\t1')" ]
	[ "${lines[3]}" = "$(printf '一中/七年级/1班\tclass\t1\t1\t0\t0\t0')" ]
	[ "${lines[4]}" = "$(printf '一中/七年级/2班\tclass\t3\t0\t1\t1\t1')" ]
	run ph-screen cards --campaign 2026秋 --color 红卡
	[ "${#lines[@]}" -eq 2 ]
	run ph-screen cards --campaign 2026秋 --color purple
	[ "$status" -eq 64 ]
	run ph-screen cards --campaign nosuch
	[ "$status" -eq 65 ]
}

@test "card set: needs who and why; an unknown person or colour changes nothing" {
	run ph-screen card set S1 --color red --by 王老师
	[ "$status" -eq 64 ]
	run ph-screen card set S1 --color red --by '' --reason x
	[ "$status" -eq 64 ]
	run ph-screen card set X9 --color red --by 王老师 --reason x
	[ "$status" -eq 65 ]
	run ph-screen card set S1 --color pink --by 王老师 --reason x
	[ "$status" -eq 64 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM card_set")" -eq 0 ]
	# a teacher's concern before any screening: a card of no campaign
	run ph-screen card set S2 --color red --by 班主任 --reason 班主任反映情绪异常
	[ "$status" -eq 0 ]
	run ph-screen history S2
	[[ "${lines[1]}" == *$'\tcard set\t\tred\t班主任反映情绪异常\t'* ]]
	# and it is held: the next screening keeps it red
	phq "S2,0,0,0,0,0,0,0,0,0" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	[ "$(card_of S2)" = red ]
}

@test "bad policy: named with file, line and column; nothing imported" {
	cat > bad.yaml <<'YAML'
policy: broken
cards:
  rules:
    - {color: purple, critical: answered}
    - {color: red, instrument: phq9, scale: total}
  sticky: pink
YAML
	phq "S1,0,0,0,0,0,0,0,0,0" > a.csv
	run ph-screen --policy bad.yaml import --campaign 2026秋 a.csv
	[ "$status" -eq 78 ]
	[[ "$output" == *"ph-screen: bad.yaml:4:15: 'color' of a card rule must be red, yellow, blue or none"* ]]
	[[ "$output" == *"ph-screen: bad.yaml:5:7: a rule on scale 'total' needs 'min', 'max' or 'band'"* ]]
	[[ "$output" == *"ph-screen: bad.yaml:6:11: 'sticky' of cards must be red, yellow, blue or none"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 0 ]
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	# a band the instrument does not have is found before any answer
	printf 'policy: x\ncards:\n  rules:\n    - {color: red, instrument: phq9, scale: total, band: severe_x}\n' > band.yaml
	run ph-screen --policy band.yaml import --campaign 2026秋 a.csv
	[ "$status" -eq 78 ]
	[[ "$output" == *"band.yaml:4: scale total of phq9 has no band 'severe_x'"* ]]
	run ph-screen --policy nosuch.yaml import --campaign 2026秋 a.csv
	[ "$status" -eq 78 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM response")" -eq 0 ]
}

@test "transfer: cards and cards set by hand move with the pupil, in order" {
	phq "S1,0,0,0,0,0,0,0,0,2" > a.csv
	ph-screen import --campaign 2026秋 a.csv
	ph-screen card set S1 --color yellow --by 王老师 --reason 已转介
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15
	phq "S1,3,3,3,3,3,3,3,3,0" > b.csv
	ph-screen import --campaign 2027春 b.csv
	ph-intake transfer out S1 > s1.jsonl
	[ "$(grep -c '"type":"card"' s1.jsonl)" -eq 1 ]
	grep -q '"card":"red"' s1.jsonl
	new_school_without S1 students.csv
	run ph-intake transfer in s1.jsonl
	[ "$status" -eq 0 ]
	# the card set stands between the two screenings, as it did
	[ "$(card_of S1)" = yellow ]
	[ "$(card_of S1 2027春)" = red ]
	ph-intake transfer out S1 > again.jsonl
	diff <(grep -v '"type":"ph-archive"' s1.jsonl | sed 's/"status":"[a-z]*"//') \
	     <(grep -v '"type":"ph-archive"' again.jsonl | sed 's/"status":"[a-z]*"//')
	# and the new school's first screening keeps the red card
	ph-screen campaign create 2027秋 --instrument phq9 --from 2027-09-01 --to 2027-09-15
	phq "S1,0,0,0,0,0,0,0,0,0" > c.csv
	ph-screen import --campaign 2027秋 c.csv
	[ "$(card_of S1 2027秋)" = red ]
}
