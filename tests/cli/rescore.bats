#!/usr/bin/env bats
# ph-screen rescore: a campaign's stored answers given their scores and
# cards again by another policy or instrument version, in place, audited;
# cards set by hand stand; --dry-run and ph-report trend --policy write
# nothing; --explain shows one person's derivation.

load helpers

setup() {
	setup_with_shipped_policy
	write_pupils students.csv S4,丁,女,一中,初一,2班, S5,戊,女,一中,初一,2班,
	ph-intake roster students.csv
	ph-screen campaign create 2026秋 --instrument phq9 \
	    --from 2026-09-01 --to 2026-09-15
	# totals 1 (item 9 answered: critical), 15, 17, 14, 20; S4 answers
	# item 1 in words, 几乎天天 (3).  Under the shipped policy S1 and S5
	# are red, S2, S3 and S4 yellow.
	{
		echo "学号,1,2,3,4,5,6,7,8,9"
		echo "S1,0,0,0,0,0,0,0,0,1"
		echo "S2,2,2,2,2,2,2,2,1,0"
		echo "S3,2,2,2,2,2,2,2,3,0"
		echo "S4,几乎天天,2,2,2,2,2,1,0,0"
		echo "S5,3,3,3,3,2,2,2,2,0"
	} > a.csv
	ph-screen import --campaign 2026秋 a.csv
	# a counsellor has seen S3 and set the card by hand
	ph-screen card set S3 --color blue --by 王老师 --reason 已面谈
	# the stricter policy: PHQ-9 red from a total of 15, not 20
	sed 's/^      min: 20$/      min: 15/' "$PH_SHARE/policy.yaml" > strict.yaml
	! cmp -s strict.yaml "$PH_SHARE/policy.yaml"
}

dump() {
	sqlite3 "$PH_DB" .dump
}

card_of() {
	sqlite3 "$PH_DB" "SELECT color || ' ' || source FROM card JOIN person p ON p.id = person_id WHERE p.person_no = '$1'"
}

# The difference the stricter policy makes, known person by person: S2
# (15) and S3 (17) red; S3's card set by hand stands; S4 (14) stays
# yellow, S1 and S5 red.
strict_diff() {
	printf 'id\tname\twas\tnow\tset_by_hand\treasons\tanswers\n'
	printf 'S2\t乙\tyellow\tred\t\tPHQ-9 重度抑郁 (phq9 total=15)\tphq9 {"total":15,"total_band":"moderately_severe"}\n'
	printf 'S3\t丙\tyellow\tred\tblue\tPHQ-9 重度抑郁 (phq9 total=17)\tphq9 {"total":17,"total_band":"moderately_severe"}'
}

@test "rescore: the same policy right after the import changes nothing" {
	before=$(dump)
	run ph-screen --quiet rescore --campaign 2026秋
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(dump)" = "$before" ]
}

@test "rescore: a stricter policy's difference exactly, in place, audited; twice changes nothing" {
	ids=$(sqlite3 "$PH_DB" "SELECT group_concat(id || ':' || line) FROM response")
	run ph-screen rescore --campaign 2026秋 --policy strict.yaml
	[ "$status" -eq 0 ]
	[ "$output" = "$(strict_diff)" ]
	# in place: the same responses, ids and lines, none added
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(id || ':' || line) FROM response")" = "$ids" ]
	[ "$(card_of S2)" = "red policy" ]
	[ "$(card_of S4)" = "yellow policy" ]
	# the answers now follow the strict policy file
	[ "$(sqlite3 "$PH_DB" "SELECT DISTINCT policy FROM response_file")" = "$(sha256sum < strict.yaml | cut -d' ' -f1)" ]
	# one audit record: campaign, counts, the policy's and instrument's hashes
	run sqlite3 "$PH_DB" "SELECT subject || '|' || detail FROM audit WHERE action = 'screen.rescore'"
	[ "${#lines[@]}" -eq 1 ]
	output_has "2026秋|2026秋: 5 answers re-scored, 2 changed, 2 cards changed; policy $(sha256sum < strict.yaml | cut -d' ' -f1); phq9 $(sha256sum < "$PH_SHARE/instruments/phq9.yaml" | cut -d' ' -f1)"
	ph-intake audit verify
	# twice: nothing printed, nothing written
	before=$(dump)
	run ph-screen --quiet rescore --campaign 2026秋 --policy strict.yaml
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(dump)" = "$before" ]
	# and back under the shipped policy, S2 is yellow again
	run ph-screen rescore --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf 'S2\t乙\tred\tyellow\t\tPHQ-9 中度以上抑郁 (phq9 total=15)\tphq9 {"total":15,"total_band":"moderately_severe"}')" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "rescore: a card set by hand stands through a re-score that changes the policy's card" {
	[ "$(card_of S3)" = "blue manual" ]
	ph-screen rescore --campaign 2026秋 --policy strict.yaml
	# the policy's card under it is red now; the counsellor's stands
	[ "$(sqlite3 "$PH_DB" "SELECT r.card FROM response r JOIN person p ON p.id = r.person_id WHERE p.person_no = 'S3'")" = red ]
	[ "$(card_of S3)" = "blue manual" ]
	run ph-screen cards --campaign 2026秋 --color blue
	output_has "$(printf '\tS3\t丙\tblue\t已面谈\t\t王老师\t')"
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM card_set")" -eq 1 ]
	run ph-screen rescore --campaign 2026秋 --explain S3
	[ "$status" -eq 0 ]
	output_has "$(printf 'phq9\tcard\twas red\tyellow\t')" \
	    "$(printf '\tcard set\t王老师\tblue\t已面谈')" \
	    "$(printf '\tresult\t\tblue\tset by hand')"
}

@test "rescore --dry-run: the same difference, and the database file untouched" {
	before=$(sha256sum ph.db)
	dumped=$(dump)
	[ ! -e ph.db-wal ]
	run ph-screen rescore --campaign 2026秋 --policy strict.yaml --dry-run
	[ "$status" -eq 0 ]
	[ "$output" = "$(strict_diff)" ]
	[ "$(sha256sum ph.db)" = "$before" ]
	# a reader makes the WAL file (db.c), and writes nothing in it
	[ ! -s ph.db-wal ]
	wal=$(sha256sum ph.db ph.db-wal)
	run ph-screen rescore --campaign 2026秋 --policy strict.yaml --dry-run
	[ "$status" -eq 0 ]
	[ "$(sha256sum ph.db ph.db-wal)" = "$wal" ]
	[ "$(dump)" = "$dumped" ]
	[ "$(card_of S2)" = "yellow policy" ]
}

@test "rescore --explain: one person's whole derivation" {
	run ph-screen rescore --campaign 2026秋 --policy strict.yaml --explain S2
	[ "$status" -eq 0 ]
	first_lines_are "$(printf 'instrument\tstep\twhat\tvalue\tdetail')" \
	    "$(printf 'phq9\tanswer\ta.csv:3\tlatest\t')" \
	    "$(printf 'phq9\tscale\ttotal\t15\tband moderately_severe; 0 missing')" \
	    "$(printf 'phq9\trule\tstrict.yaml:21\tred\tPHQ-9 重度抑郁 (phq9 total=15)')" \
	    "$(printf 'phq9\trule\tstrict.yaml:35\tyellow\tPHQ-9 中度以上抑郁 (phq9 total=15)')" \
	    "$(printf 'phq9\tcard\twas yellow\tred\tPHQ-9 重度抑郁 (phq9 total=15)')" \
	    "$(printf '\tresult\t\tred\tby the policy')"
	[ "${#lines[@]}" -eq 7 ]
	# the critical answer and its rule
	run ph-screen rescore --campaign 2026秋 --explain S1
	output_has "$(printf 'phq9\tcritical\tphq9_9\tanswered\tphq9_9=1 有死亡或自伤的念头')" \
	    "$(printf '\tred\t关键条目阳性 (phq9_9)')"
	fails_with 65 "no person 'S9'" ph-screen rescore --campaign 2026秋 --explain S9
}

@test "rescore: an answer the new instrument version cannot read keeps everything; each listed, 65" {
	# a version that no longer knows 几乎天天 (S4's first answer)
	sed 's/, 几乎天天//' "$PH_SHARE/instruments/phq9.yaml" > phq9-v2.yaml
	! cmp -s phq9-v2.yaml "$PH_SHARE/instruments/phq9.yaml"
	before=$(dump)
	run ph-screen rescore --campaign 2026秋 --policy strict.yaml --instrument phq9-v2.yaml
	[ "$status" -eq 65 ]
	output_has "a.csv:5: phq9: cannot be re-scored" "its scores and card stand" \
	    "nothing was re-scored: 1 answer cannot be"
	[ "$(dump)" = "$before" ]
	# an instrument file of another instrument is refused
	fails_with 64 "not one of campaign" ph-screen rescore --campaign 2026秋 \
	    --instrument "$PH_SHARE/instruments/gad7.yaml"
}

@test "rescore: a red card held from an earlier campaign is held again, not lost" {
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\n' > b.csv
	ph-screen import --campaign 2027春 b.csv
	[ "$(sqlite3 "$PH_DB" "SELECT color FROM card JOIN campaign c ON c.id = campaign_id JOIN person p ON p.id = person_id WHERE c.code = '2027春' AND p.person_no = 'S1'")" = red ]
	before=$(dump)
	[[ "$(sqlite3 "$PH_DB" "SELECT card_reasons FROM response WHERE campaign_id = 2")" == 红卡保留\ \(2026秋:* ]]
	run ph-screen --quiet rescore --campaign 2027春
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(dump)" = "$before" ]
}

@test "rescore: a red card kept through a harmless resubmission is kept again, with the same reasons" {
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\n' > c.csv
	ph-screen import --campaign 2026秋 c.csv
	[ "$(sqlite3 "$PH_DB" "SELECT card_reasons FROM response WHERE id = 6")" = "红卡保留 (2026秋: 关键条目阳性 (phq9_9); phq9_9=1 有死亡或自伤的念头)，直至咨询老师以 card set 调整" ]
	before=$(dump)
	run ph-screen --quiet rescore --campaign 2026秋
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(dump)" = "$before" ]
	run ph-screen rescore --campaign 2026秋 --explain S1
	output_has "$(printf 'phq9\tanswer\ta.csv:2\tsuperseded\t')" \
	    "$(printf 'phq9\tanswer\tc.csv:2\tlatest\t')" \
	    "$(printf 'phq9\tcard\twas red\tred\t红卡保留 (2026秋: 关键条目阳性')"
}

@test "trend --policy: the cards each campaign would have, nothing written" {
	run ph-report trend
	[ "${lines[1]}" = "$(printf '2026秋\t5\t2\t2\t1\t0\t40.0%%')" ]
	before=$(sha256sum ph.db ph.db-wal)
	run ph-report trend --policy strict.yaml
	[ "$status" -eq 0 ]
	# S2 red; S3's card set by hand stands
	[ "${lines[1]}" = "$(printf '2026秋\t5\t3\t1\t1\t0\t60.0%%')" ]
	[ "$(sha256sum ph.db ph.db-wal)" = "$before" ]
	[ "$(card_of S2)" = "yellow policy" ]
	fails_with 64 "not with --unit" ph-report trend --policy strict.yaml --unit 一中
}
