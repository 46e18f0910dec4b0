#!/usr/bin/env bats
# ph-screen: instruments, check, score, as a counsellor's IT person runs
# them on survey-platform exports.

load helpers

setup() {
	setup_with_share
	export PH_PATH="$BATS_TEST_DIRNAME/../data/instruments"
	unset PH_DB
}

# score INSTRUMENT: answers on stdin; prints "id total band critical valid"
score_cols() {
	ph-screen score "$@" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["id"] " " $c["total"] " " $c["total_band"] " [" $c["critical"] "] " $c["valid"] }'
}

@test "score: PHQ-9 totals at every band boundary" {
	{
		echo "id,1,2,3,4,5,6,7,8,9"
		echo "a0,0,0,0,0,0,0,0,0,0"
		echo "a4,1,1,1,1,0,0,0,0,0"
		echo "a5,1,1,1,1,1,0,0,0,0"
		echo "a9,1,1,1,1,1,1,1,1,1"
		echo "a10,2,1,1,1,1,1,1,1,1"
		echo "a14,2,2,2,2,2,1,1,1,1"
		echo "a15,2,2,2,2,2,2,1,1,1"
		echo "a19,3,3,3,2,2,2,2,2,0"
		echo "a20,3,3,3,3,2,2,2,2,0"
		echo "a27,3,3,3,3,3,3,3,3,3"
	} > phq.csv
	run score_cols phq9 phq.csv
	[ "$status" -eq 0 ]
	first_lines_are \
	    "a0 0 minimal [] yes" \
	    "a4 4 minimal [] yes" \
	    "a5 5 mild [] yes" \
	    "a9 9 mild [phq9_9] yes" \
	    "a10 10 moderate [phq9_9] yes" \
	    "a14 14 moderate [phq9_9] yes" \
	    "a15 15 moderately_severe [phq9_9] yes" \
	    "a19 19 moderately_severe [] yes" \
	    "a20 20 severe [] yes" \
	    "a27 27 severe [phq9_9] yes"
}

@test "score: GAD-7 band boundaries" {
	printf 'id,q1,q2,q3,q4,q5,q6,q7\ng4,1,1,1,1,0,0,0\ng5,1,1,1,1,1,0,0\ng10,2,2,2,1,1,1,1\ng15,3,3,3,2,2,1,1\ng21,3,3,3,3,3,3,3\n' > gad.csv
	run score_cols gad7 gad.csv
	first_lines_are \
	    "g4 4 minimal [] yes" \
	    "g5 5 mild [] yes" \
	    "g10 10 moderate [] yes" \
	    "g15 15 severe [] yes" \
	    "g21 21 severe [] yes"
}

@test "score: a survey platform's GBK export with question texts and option texts" {
	{
		echo "序号,提交答卷时间,学号,1、做事时提不起劲或没有兴趣,2、感到心情低落、沮丧或绝望,3、入睡困难、睡不安稳或睡眠过多,4、感觉疲倦或没有活力,5、食欲不振或吃太多,6、觉得自己很糟，或觉得自己很失败，或让自己或家人失望,7、对事物专注有困难，例如阅读报纸或看电视时,8、动作或说话速度缓慢到别人已经察觉，或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常,9、有不如死掉或用某种方式伤害自己的念头（单选题）,来源IP"
		echo "1,2026/9/2 10:01:02,S001,完全不会,好几天,一半以上的天数,几乎每天,A.完全不会,好几天,完全不会,完全不会,好几天,10.0.0.1"
	} | iconv -f UTF-8 -t GBK > wjx.csv
	run score_cols phq9 wjx.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "S001 8 mild [phq9_9] yes" ]
}

@test "score: English question texts, shuffled columns, values and texts mixed" {
	# the first header has a comma: quoted, as a real export does
	printf '%s\n' '"Q9. Thoughts that you would be better off dead, or of hurting yourself in some way",id,Q1. Little interest or pleasure in doing things,phq9_2,3,4,5,6,7,8' \
	    'Not at all,E1,Nearly every day,3,More than half the days,0,0,0,0,0' > en.csv
	run score_cols phq9 en.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "E1 8 mild [] yes" ]
}

@test "score: missing items leave no total but item 9 is still flagged" {
	printf 'id,1,2,3,4,5,6,7,8,9\nm1,0,0,0,,0,0,0,,2\nm2,0,0,0,0,0,0,0,0,\n' > miss.csv
	run ph-screen score phq9 miss.csv
	[ "$status" -eq 0 ]
	output_cell_is total m1 ""
	output_cell_is critical m1 "phq9_9"
	output_cell_is valid m1 "no"
	output_cell_is missing m1 "2"
	[[ "$(echo "$output" | tsv_get /dev/stdin critical_note m2)" == *"phq9_9 未作答"* ]]
}

@test "score: a cell that is no option names file, line and column; its response is still written, others scored" {
	printf 'id,1,2,3,4,5,6,7,8,9\nb1,0,0,0,0,0,0,0,0,0\nb2,0,0,经常,0,0,0,0,0,0\nb3,0,0,0,0,0,0,0,0,4\n' > bad.csv
	fails_with 65 "bad.csv:3: column 4: '经常' is not an option of phq9_3" \
	    ph-screen score phq9 bad.csv
	[[ "$output" == *"bad.csv:4: column 10: '4' is not an option of phq9_9"* ]]
	[[ "$output" == *$'\nb1\t0\tminimal'* ]]
	# issue 14: a row with a bad cell is written (its critical answers
	# must reach ph-alert raise), not dropped
	[[ "$output" == *$'\nb2\t'* ]]
}

@test "score: no id column is an error" {
	printf '1,2\n0,0\n' > noid.csv
	fails_with 65 "no column for the person's id" ph-screen score gad7 noid.csv
}

@test "score: JSONL out for a pipe, numbers as numbers" {
	printf 'id\t1\t2\t3\t4\t5\t6\t7\nj1\t1\t1\t1\t1\t1\t1\t1\n' | ph-screen --format jsonl score gad7 > out.jsonl
	grep -q '"id":"j1","total":7,"total_band":"mild"' out.jsonl
	grep -q '"sha256":"[0-9a-f]\{64\}"' out.jsonl
}

@test "stand-in SCL: factor means, a total and the count of positive items" {
	printf 'id,s1,s2,s3,s4\nx,1,2,3,4\ny,1,1,1,1\n' > scl.csv
	run ph-screen score standin_scl scl.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'id\tsomatization\tsomatization_band\tdepression\tdepression_band\ttotal\ttotal_band\tpositive_items\tpositive_items_band\tcritical\tcritical_note\tmissing\tvalid\treason\tinstrument\tsha256')" ]
	[[ "${lines[1]}" == "$(printf 'x\t1.5\tnormal\t3.5\tpositive\t10\t\t3\t\t\t\t0\tyes\t\tstandin_scl')"* ]]
	[[ "${lines[2]}" == "$(printf 'y\t1\tnormal\t1\tnormal\t4\t\t0\t')"* ]]
}

@test "stand-in MHT: a lie scale at its cut-off invalidates the response" {
	printf 'id,m1,m2,m3,m4\nt,是,是,否,是\nl,是,否,是,是\n' > mht.csv
	run ph-screen score standin_mht mht.csv
	[ "$status" -eq 0 ]
	output_cell_is valid t yes
	output_cell_is anxiety_band t high
	output_cell_is valid l no
	output_cell_is reason l "lie 2 >= 2"
}

@test "stand-in UPI: key item, reverse item, transform and prorating" {
	printf 'id,u1,u2,u3,u4,w1,w2,w3\nk,0,1,0,是,5,5,\nr,1,0,1,否,2,2,2\n' > upi.csv
	run ph-screen score standin_upi upi.csv
	[ "$status" -eq 0 ]
	output_cell_is critical k u2
	output_cell_is total k 1
	output_cell_is wellbeing k 60
	output_cell_is valid k yes
	output_cell_is total r 3
	output_cell_is total_band r high
	output_cell_is wellbeing r 24
	output_cell_is wellbeing_band r poor
}

@test "check: every error of a broken instrument with line and column" {
	run ph-screen check "$PH_PATH/broken.yaml"
	[ "$status" -eq 65 ]
	[[ "$output" == *"broken.yaml:1:5: id 'Broken-Id' must be lower-case"* ]]
	[[ "$output" == *"needs 'licence'"* ]]
	[[ "$output" == *"value 1 appears twice in 'yn'"* ]]
	[[ "$output" == *"no option set 'nosuchset'"* ]]
	[[ "$output" == *"item id 'b1' appears twice"* ]]
	[[ "$output" == *"unknown key 'colour' in an item"* ]]
	[[ "$output" == *"scale 'total' names no item 'b9'"* ]]
	[[ "$output" == *"method 'median'"* ]]
	[[ "$output" == *"a count scale needs 'threshold'"* ]]
	[[ "$output" == *"no item 'b7'"* ]]
}

@test "check: broken YAML names line and column; good files print their hash" {
	printf 'id: x\nitems: [a, b\n' > bad.yaml
	run ph-screen check bad.yaml
	[ "$status" -eq 65 ]
	[[ "$output" == "ph-screen: bad.yaml:"*:*:* ]]
	# a file that is not there: no input, not bad data; the others checked
	run ph-screen check nosuch.yaml "$PH_SHARE/instruments/phq9.yaml"
	[ "$status" -eq 66 ]
	[[ "$output" == *"ph-screen: nosuch.yaml: No such file or directory"* ]]
	[[ "$output" == *$'\tinstrument\tphq9\t'* ]]
	run ph-screen check "$PH_SHARE/instruments/phq9.yaml"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | tail -n 1 | cut -f 5)" = "$(sha256sum < "$PH_SHARE/instruments/phq9.yaml" | cut -d' ' -f1)" ]
}

@test "instruments: lists the shipped and PH_PATH instruments" {
	PH_PATH= run ph-screen instruments
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\ngad7\t2006\t7\t1'* ]]
	[[ "$output" == *$'\nphq9\t2001\t9\t1'* ]]
	run ph-screen score nosuch
	[ "$status" -eq 66 ]
}

@test "cli: --help, --version, no command, an unknown one" {
	run ph-screen --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: ph-screen"* ]]
	run ph-screen --version
	[[ "$output" =~ ^ph-screen\ \(ph\)\ [0-9.]+$ ]]
	run ph-screen
	[ "$status" -eq 64 ]
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command: 'frobnicate'"* ]]
	fails_with 64 "score: an operand is missing" ph-screen score
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen campaign list
	[ "$status" -eq 66 ]
	# a command line that is not one is a usage error whether or not
	# the database is there: checked before anything is opened
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen import x.csv
	[ "$status" -eq 64 ]
	[[ "$output" == *"import needs --campaign"* ]]
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen card set S1 --color red
	[ "$status" -eq 64 ]
	[[ "$output" == *"card set needs --by, --reason"* ]]
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen history
	[ "$status" -eq 64 ]
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-screen history S1 S2
	[ "$status" -eq 64 ]
	[[ "$output" == *"history: too many operands"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}
