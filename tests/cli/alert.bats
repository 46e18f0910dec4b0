#!/usr/bin/env bats
# ph-alert: raising, routing along the warning network, acknowledgement,
# escalation, keyword rules, what each role is told, delivery, cases.

load helpers

setup() {
	setup_with_fake_mail
	write_pupils --col 宿舍 students.csv S4,丁,女,一中,初一,2班,3-201
	ph-intake roster students.csv
	printf '工号,姓名,单位,部门\nT1,师,一中,语文组\n' > staff.csv
	ph-intake staff staff.csv
	# 2班 has no class teacher; nobody leads the union
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱,宿舍
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
年级主任,一中,初一,,李主任,男,13900000002,li@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
校领导,一中,,,钱校长,男,13900000004,qian@school.test
宿管,一中,,,孙阿姨,女,13900000005,,3-201
CSV
	ph-intake contacts contacts.csv 2>/dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15
	{
		echo "学号,1,2,3,4,5,6,7,8,9,你最近有什么烦恼吗"
		echo "S1,0,0,0,0,0,0,0,0,2,"
		echo "S2,1,1,1,1,1,0,0,0,0,最近总是被人欺负，不想上学"
		echo "S3,3,3,3,3,3,3,2,2,0,"
		echo "S4,0,0,0,0,0,0,0,0,0,没有"
	} > answers.csv
	ph-screen import --campaign 2026秋 answers.csv
}

@test "raise: red cards and keyword answers, each routed to the first level" {
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'alert\tid\tunit\treason\tlevel\ttold\tgaps')" ]
	[[ "$output" == *$'\tS1\t一中/七年级/1班\t红卡: 关键条目阳性 (phq9_9)\t1\t赵老师(counsellor), 王老师(class_teacher)\t'* ]]
	[[ "$output" == *$'\tS2\t一中/七年级/1班\t可能遭受欺凌\t1\t'* ]]
	[[ "$output" == *"3 alerts raised"* ]]
	# a second run raises nothing again
	run ph-alert raise --campaign 2026秋
	[ "$status" -eq 0 ]
	[[ "$output" == *"0 alerts raised, 3 already open or raised before"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -eq 3 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'alert.raise'")" -eq 2 ]
}

@test "raise: a class without a class teacher goes to the next level at once, and says so" {
	run ph-alert raise --campaign 2026秋
	[[ "$output" == *$'\tS3\t一中/七年级/2班\t红卡: PHQ-9 重度抑郁 (phq9 total=22)\t2\t赵老师(counsellor), 李主任(grade_head)\tno class_teacher for 一中/七年级/2班'* ]]
	id=$(sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = 'S3'")
	[ "$(sqlite3 "$PH_DB" "SELECT kind || ':' || detail FROM alert_event WHERE alert_id = $id")" = "gap:no class_teacher for 一中/七年级/2班" ]
}

@test "escalate: nobody acknowledges, the alert climbs every level, then reminds the top" {
	ph-alert raise --campaign 2026秋 > /dev/null
	id=$(sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = 'S1'")
	run ph-alert escalate
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	PH_NOW="2026-09-02 08:00" run ph-alert escalate
	[[ "$output" == *"$id"$'\tS1\t一中/七年级/1班\t1\t2\t李主任(grade_head)\t'* ]]
	PH_NOW="2026-09-02 09:00" run ph-alert escalate
	[[ "$output" != *$'\tS1\t'* ]]
	PH_NOW="2026-09-03 08:00" run ph-alert escalate
	[[ "$output" == *$'\tS1\t一中/七年级/1班\t2\t3\t钱校长(leader)\t'* ]]
	PH_NOW="2026-09-05 08:00" run ph-alert escalate
	[[ "$output" == *$'\tS1\t一中/七年级/1班\t3\t3\t钱校长(leader)\t'* ]]
	run ph-alert show "$id"
	[[ "$output" == *$'\tescalated\t2\tlevel 1 to 2'* ]]
	[[ "$output" == *$'\treminded\t3\tlevel 3 to 3'* ]]
	PH_NOW="2026-09-05 08:00" run ph-alert list --overdue
	[ "${#lines[@]}" -eq 1 ]
}

@test "ack: stops the clock, is audited, and cannot happen twice" {
	ph-alert raise --campaign 2026秋 > /dev/null
	id=$(sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = 'S1'")
	PH_NOW="2026-09-01 10:00" run ph-alert ack "$id" --by 赵老师 --note 已约谈
	[ "$status" -eq 0 ]
	PH_NOW="2026-09-09 08:00" run ph-alert escalate
	[[ "$output" != *$'\tS1\t'* ]]
	run ph-alert ack "$id" --by 王老师
	[ "$status" -eq 65 ]
	[[ "$output" == *"acknowledged already, by 赵老师 at 2026-09-01 10:00:00"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'alert.ack'")" = "赵老师: 已约谈" ]
	run ph-alert list --open
	[[ "$output" != *$'\tS1\t'* ]]
	run ph-alert ack 999 --by x
	[ "$status" -eq 65 ]
	run ph-alert ack "$id"
	[ "$status" -eq 64 ]
}

@test "messages: the counsellor sees the answers, the class teacher only whom to ask" {
	ph-alert raise --campaign 2026秋 > /dev/null
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *"deliver: 6 sent, 0 failed"* ]]
	zhao=$(grep -l '^To: .* <zhao@school.test>' mail/* | xargs grep -l 'X-PH-Alert: 1$')
	wang=$(grep -l '^To: .* <wang@school.test>' mail/* | xargs grep -l 'X-PH-Alert: 1$')
	grep -q 'phq9_9=2 有死亡或自伤的念头' "$zhao"
	grep -q '^Subject: =?UTF-8?B?' "$wang"
	grep -q '^Content-Type: text/plain; charset=UTF-8' "$wang"
	grep -q '赵老师 13900000003' "$wang"
	! grep -q 'phq9' "$wang"
	! grep -q '死' "$wang"
	# sent is sent: a second run has nothing to do
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(ls mail | wc -l)" -eq 6 ]
}

@test "deliver: an outbox it cannot claim (busy) is a temporary failure, not an empty one" {
	ph-alert raise --campaign 2026秋 > /dev/null
	mkdir mail
	# hold the write lock longer than deliver waits for it
	(sqlite3 "$PH_DB" "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 3" "COMMIT;" > /dev/null) &
	sleep 1
	PH_BUSY_TIMEOUT=200 FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	wait
	[ "$status" -eq 75 ]
	[ "$(ls mail | wc -l)" -eq 0 ]
	# and all of it goes once the lock is gone
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *"deliver: 6 sent, 0 failed"* ]]
}

@test "deliver: a failure is kept and retried later, never dropped" {
	ph-alert raise --campaign 2026秋 > /dev/null
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail FAKE_MAIL_FAIL=wang@school.test run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 75 ]
	[[ "$output" == *$'\twang@school.test\tclass_teacher\tfailed\t'*"exited 75"* ]]
	# not yet: the retry waits
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ -z "$output" ]
	PH_NOW="2026-09-01 08:05" FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\twang@school.test\tclass_teacher\tsent\t'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status <> 'sent'")" -eq 0 ]
}

@test "deliver --via exec: the message on stdin, who and which in the environment" {
	ph-alert raise --campaign 2026秋 > /dev/null
	cat > sms.sh <<'SH'
#!/bin/sh
{ echo "to=$PH_PHONE name=$PH_NAME role=$PH_ROLE id=$PH_MESSAGE_ID alert=$PH_ALERT"; cat; echo; } >> "$SMS_LOG"
SH
	chmod +x sms.sh
	SMS_LOG=$PWD/sms.log run ph-alert deliver --via exec --command ./sms.sh
	[ "$status" -eq 0 ]
	grep -q '^to=13900000001 name=王老师 role=class_teacher id=ph\.2\.[0-9a-f]\{32\}@[^ ]* alert=1$' sms.log
	run ph-alert deliver --via exec
	[ "$status" -eq 64 ]
	run ph-alert deliver --via pigeon
	[ "$status" -eq 64 ]
}

@test "deliver: two runs at once send every message exactly once" {
	ph-alert raise --campaign 2026秋 > /dev/null
	mkdir mail
	export FAKE_MAIL_DIR=$PWD/mail FAKE_MAIL_SLOW=0.2
	ph-alert deliver --command "$FAKE -t" > a.out 2>&1 &
	ph-alert deliver --command "$FAKE -t" > b.out 2>&1 &
	wait
	[ "$(ls mail | wc -l)" -eq 6 ]
	[ "$(ls mail | grep -c '\.1$')" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'sent'")" -eq 6 ]
}

@test "deliver: kill -9 in the middle loses nothing; the repeat carries the same id" {
	ph-alert raise --campaign 2026秋 > /dev/null
	mkdir mail
	export FAKE_MAIL_DIR=$PWD/mail FAKE_MAIL_SLOW=1
	ph-alert deliver --command "$FAKE -t" > /dev/null 2>&1 &
	pid=$!
	sleep 1.5
	kill -9 "$pid"
	wait "$pid" || true
	unset FAKE_MAIL_SLOW
	# the claims of the killed run hold for ten minutes, then go again
	PH_NOW="2026-09-01 08:11" run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'sent'")" -eq 6 ]
	for n in 1 2 3 4 5 6; do ls mail | grep -q "^ph\.$n\.[0-9a-f]*@.*\.0$"; done
}

@test "note: keyword rules in Chinese and English raise an alert; other notes are kept" {
	run ph-alert note S4 "她说活着没意思，想结束自己的生命" --by 心理委员
	[ "$status" -eq 0 ]
	# a boarder: the dormitory supervisor is told too; day pupils have
	# no dormitory and that is no gap
	[[ "$output" == *$'\tS4\t一中/七年级/2班\t流露轻生念头\t2\t赵老师(counsellor), 孙阿姨(dorm_supervisor), 李主任(grade_head)\tno class_teacher for 一中/七年级/2班'* ]]
	run ph-alert note S4 "I want to cut myself" --by 'Ms Chen'
	[[ "$output" == *$'\t提及自伤\t'* ]]
	run ph-alert note S4 "今天上课很认真" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *"no keyword rule matched"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM note")" -eq 3 ]
	# the same reason while it is open: once
	run ph-alert note S4 "又说不想活了" --by 心理委员
	[[ "$output" == *"0 alerts raised, 1 already open"* ]]
	run ph-alert note X9 "想死" --by x
	[ "$status" -eq 65 ]
}

@test "raise from score records in a pipe; staff go along their own network" {
	printf 'id,1,2,3,4,5,6,7,8,9\nS4,0,0,0,0,0,0,0,0,1\nT1,0,0,0,0,0,0,0,0,3\n' > more.csv
	ph-screen score phq9 more.csv | ph-alert raise > out.tsv 2> err.txt
	grep -q $'\tS4\t一中/七年级/2班\t关键条目需跟进\t2\t' out.tsv
	grep -q $'\tT1\t' out.tsv
	grep -q '赵老师(counsellor)' out.tsv
	grep -q 'no department_head' out.tsv
	printf 'id,critical\nX9,phq9_9\n' | { run ph-alert raise; [ "$status" -eq 65 ]; }
	printf 'id,critical\nX9,phq9_9\n' > bad.tsv
	run ph-alert raise bad.tsv
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad.tsv:2: id: 'X9' is not on the roster"* ]]
}

@test "cases: steps the policy asks for, overdue, and no closing before they are done" {
	run ph-alert case open S1 --kind crisis --from-alert 999 --by 赵老师
	[ "$status" -eq 65 ]
	run ph-alert case open S1 --kind crisis --by 赵老师
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '1\tS1\tcrisis')" ]
	PH_NOW="2026-09-01 20:00" run ph-alert case list --open
	[[ "${lines[1]}" == *$'\tguardian_contacted\t2026-09-02 08:00\tno\t'* ]]
	PH_NOW="2026-09-02 09:00" run ph-alert case list --overdue
	[ "${#lines[@]}" -eq 2 ]
	ph-alert case event 1 guardian_contacted --by 王老师 --note 母亲已知情
	run ph-alert case event 1 dancing --by x
	[ "$status" -eq 64 ]
	run ph-alert case close 1 --outcome 好转 --by 赵老师
	[ "$status" -eq 65 ]
	[[ "$output" == *"cannot close: the policy asks first for referred, follow_up"* ]]
	ph-alert case event 1 referred --by 赵老师 --note 市精神卫生中心绿色通道
	ph-alert case event 1 follow_up --by 赵老师
	run ph-alert case close 1 --outcome 已好转，继续跟踪 --by 赵老师
	[ "$status" -eq 0 ]
	run ph-alert case list
	[[ "${lines[1]}" == *$'\tclosed\t'*$'\t已好转，继续跟踪' ]]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(action) FROM audit WHERE action LIKE 'case.%'")" = "case.open,case.event,case.event,case.event,case.close" ]
	run ph-alert case event 1 note --by x
	[ "$status" -eq 65 ]
}

@test "a bad policy stops ph-alert before it touches anything" {
	printf 'policy: x\ncards: {rules: []}\nalerts:\n  levels:\n    - {roles: [janitor], within: soon}\n  keywords:\n    - {id: a, pattern: "(", reason: x}\n' > bad.yaml
	run ph-alert --policy bad.yaml raise --campaign 2026秋
	[ "$status" -eq 78 ]
	[[ "$output" == *"ph-alert: bad.yaml:5:16: unknown role in a level's roles"* ]]
	[[ "$output" == *"ph-alert: bad.yaml:5:34: a level needs 'within', a duration such as 24h"* ]]
	[[ "$output" == *"ph-alert: bad.yaml:7:24: pattern at offset 1: missing closing parenthesis"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert")" -eq 0 ]
	run ph-alert frobnicate
	[ "$status" -eq 64 ]
	# the policy before the database: 78 whether or not there is one
	PH_DB=$BATS_TEST_TMPDIR/none.db run ph-alert --policy bad.yaml list
	[ "$status" -eq 78 ]
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}

@test "a command line that is not one is 64 before the policy or the database is opened" {
	export PH_DB=$BATS_TEST_TMPDIR/none.db
	run ph-alert ack 3
	[ "$status" -eq 64 ]
	[[ "$output" == *"ack needs --by"* ]]
	run ph-alert frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command: 'frobnicate'"* ]]
	run ph-alert case
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command: 'case'"* ]]
	run ph-alert case open S1 --by 赵老师
	[ "$status" -eq 64 ]
	[[ "$output" == *"case open needs --kind"* ]]
	run ph-alert case close 1
	[ "$status" -eq 64 ]
	[[ "$output" == *"case close needs --by, --outcome"* ]]
	run ph-alert case event 1 --by 赵老师
	[ "$status" -eq 64 ]
	[[ "$output" == *"case event: an operand is missing"* ]]
	run ph-alert note S1 --by 王老师
	[ "$status" -eq 64 ]
	[[ "$output" == *"note: an operand is missing"* ]]
	run ph-alert show 1 2
	[ "$status" -eq 64 ]
	[[ "$output" == *"show: too many operands"* ]]
	run ph-alert escalate now
	[ "$status" -eq 64 ]
	[[ "$output" == *"escalate: too many operands"* ]]
	run ph-alert raise --campaign 2026秋 answers.csv
	[ "$status" -eq 64 ]
	[[ "$output" == *"raise --campaign: too many operands"* ]]
	# nor is the policy read first
	run ph-alert --policy missing.yaml ack 3
	[ "$status" -eq 64 ]
	[ ! -e "$PH_DB" ]
	# a command line that is one finds the database missing
	run ph-alert ack 3 --by 赵老师
	[ "$status" -eq 66 ]
	[ ! -e "$PH_DB" ]
}

@test "transfer: cases and their steps move with the pupil" {
	ph-alert case open S1 --kind referral --by 赵老师 > /dev/null
	PH_NOW="2026-09-02 10:00" ph-alert case event 1 guardian_contacted --by 王老师 --note 父亲已知情
	ph-intake transfer out S1 > s1.jsonl
	grep -q '"type":"case"' s1.jsonl
	new_school_without S1 students.csv
	run ph-intake transfer in s1.jsonl
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT k.kind || ' ' || e.kind || ' ' || e.by || ' ' || e.note FROM ph_case k JOIN case_event e ON e.case_id = k.id")" = "referral guardian_contacted 王老师 父亲已知情" ]
	[[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'person.transfer_in'")" == *", 1 cases" ]]
	ph-intake transfer out S1 > again.jsonl
	diff <(grep '"type":"case"' s1.jsonl) <(grep '"type":"case"' again.jsonl)
}

@test "messages in English, and templates of the policy's own" {
	ph-alert raise --campaign 2026秋 > /dev/null
	{ cat "$PH_SHARE/policy.yaml"; } | sed 's/^  from: .*/  from: ph <ph@school.test>\n  language: en/' > en.yaml
	grep -q 'language: en' en.yaml
	run ph-alert --policy en.yaml deliver --dry-run
	[[ "$output" == *"needs attention soon. Please talk to the counsellor, 赵老师 13900000003"* ]]
	[[ "$output" == *"From: ph <ph@school.test>"* ]]
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  templates:\n    brief: {subject: "关注 {name}", body: "请联系{counsellor}。"}\n' > own.yaml
	run ph-alert --policy own.yaml deliver --dry-run
	[[ "$output" == *$'\tclass_teacher\tdry-run\t'*'请联系赵老师 13900000003。'* ]]
}
