#!/usr/bin/env bats
# ph-alert's outbox as a notification log: an ack cancels what is queued,
# the log listed and cancelled by hand, a late case step messaged to the
# case's owner, and reminders combined into one digest per recipient.

load helpers

setup() {
	setup_with_fake_mail
	export FAKE_MAIL_DIR=$PWD/mail
	load_small_school
	mkdir mail
}

# Three alerts: S1 (counsellor, class teacher), S2 likewise, S3 (no class
# teacher: counsellor, grade head): six messages.
raise_three() {
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-15
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,1\nS3,3,3,3,3,3,3,2,2,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	ph-alert raise --campaign 2026秋 > /dev/null 2>&1
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox")" -eq 6 ]
}

alert_of() {
	sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = '$1'"
}

@test "ack: the alert's unsent messages are cancelled, kept and audited; deliver sends none of them" {
	raise_three
	id=$(alert_of S1)
	PH_NOW="2026-09-01 08:03" run ph-alert ack "$id" --by 赵老师
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(status || '|' || closed_by) FROM outbox WHERE alert_id = $id")" = "cancelled|ack by 赵老师,cancelled|ack by 赵老师" ]
	[ "$(sqlite3 "$PH_DB" "SELECT datetime(closed_at, 'unixepoch', 'localtime') FROM outbox WHERE alert_id = $id LIMIT 1")" = "2026-09-01 08:03:00" ]
	[ "$(sqlite3 "$PH_DB" "SELECT subject || ': ' || detail FROM audit WHERE action = 'outbox.cancel'")" = "alert $id: 2 unsent messages: ack by 赵老师" ]
	run ph-alert deliver --dry-run
	[[ "$output" != *"X-PH-Alert: $id\\n"* ]]
	[ "${#lines[@]}" -eq 5 ]
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *"deliver: 4 sent, 0 failed"* ]]
	[ "$(ls mail | wc -l)" -eq 4 ]
	run grep -l "^X-PH-Alert: $id\$" mail/*
	[ "$status" -eq 1 ]
	# what is sent stays sent: a later ack cancels nothing
	id2=$(alert_of S2)
	ph-alert ack "$id2" --by 王老师
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE alert_id = $id2 AND status = 'sent'")" -eq 2 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'outbox.cancel'")" -eq 1 ]
}

@test "outbox: the log newest first, by status, by recipient and by alert, in any format" {
	raise_three
	ph-alert ack "$(alert_of S1)" --by 赵老师
	PH_NOW="2026-09-01 08:05" FAKE_MAIL_FAIL=li@school.test run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 75 ]
	run ph-alert outbox
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'message\tcreated\tstatus\tto\trole\tabout\tattempts\tat\tdetail')" ]
	[ "${#lines[@]}" -eq 7 ]
	[[ "${lines[1]}" == 6$'\t'* ]]
	[[ "${lines[6]}" == 1$'\t'* ]]
	run ph-alert outbox --cancelled
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *$'\tcancelled\t王老师\tclass_teacher\talert 1\t0\t2026-09-01 08:00:00\tack by 赵老师'* ]]
	run ph-alert outbox --sent
	[ "${#lines[@]}" -eq 4 ]
	[[ "$output" == *$'\tsent\t赵老师\tcounsellor\talert 3\t1\t2026-09-01 08:05:00\t'* ]]
	# the failure waits for its retry, with why
	run ph-alert outbox --pending
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tpending\t李主任\tgrade_head\talert 3\t1\t\t'*"exited 75" ]]
	run ph-alert outbox --pending --cancelled
	[ "${#lines[@]}" -eq 4 ]
	run ph-alert outbox --to 王老师
	[ "${#lines[@]}" -eq 3 ]
	[ "$(cut -f4 <<< "$output" | sed 1d | sort -u)" = 王老师 ]
	run ph-alert outbox --to 王老师 --sent --format csv
	[ "${lines[0]}" = "message,created,status,to,role,about,attempts,at,detail" ]
	[ "${lines[1]}" = "4,2026-09-01 08:00:00,sent,王老师,class_teacher,alert 2,1,2026-09-01 08:05:00," ]
	run ph-alert outbox --alert 3
	[ "${#lines[@]}" -eq 3 ]
	run ph-alert outbox --to 无名
	[ "$status" -eq 65 ]
	[[ "$output" == *"nobody called '无名'"* ]]
	run ph-alert outbox --alert x
	[ "$status" -eq 64 ]
}

@test "outbox cancel: pending messages kept as cancelled; a sent one is refused (65), every bad id named, nothing changed" {
	raise_three
	ph-alert deliver --command "$FAKE -t" > /dev/null 2>&1
	ph-alert ack "$(alert_of S1)" --by 赵老师
	# a retry of S3's alert is queued again by escalation, next day
	PH_NOW="2026-09-02 09:00" ph-alert escalate > /dev/null
	pending=$(sqlite3 "$PH_DB" "SELECT group_concat(id, ' ') FROM outbox WHERE status = 'pending'")
	[ -n "$pending" ]
	run ph-alert outbox cancel $pending 1 99 x
	[ "$status" -eq 65 ]
	[[ "$output" == *"message 1 was sent at 2026-09-01 08:00:00"* ]]
	[[ "$output" == *"no message '99'"* ]]
	[[ "$output" == *"'x' is not a message number"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'cancelled'")" -eq 0 ]
	PH_NOW="2026-09-02 09:01" run ph-alert outbox cancel $pending --by 李主任 --note 已当面告知
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'pending'")" -eq 0 ]
	run ph-alert outbox --cancelled
	[[ "$output" == *$'\t2026-09-02 09:01:00\tcancel by 李主任: 已当面告知'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'outbox.cancel' AND detail = 'cancel by 李主任: 已当面告知'")" -eq "$(wc -w <<< "$pending")" ]
	run ph-alert outbox cancel ${pending%% *}
	[ "$status" -eq 65 ]
	[[ "$output" == *"is cancelled already"*"cancel by 李主任"* ]]
	run ph-alert deliver --command "$FAKE -t"
	# nothing to send: deliver says nothing (cron mails any output)
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run ph-alert outbox cancel
	[ "$status" -eq 64 ]
}

@test "a late crisis case step: one message to the counsellor who opened it, once, from the case template, the step in the message's words" {
	ph-alert case open S1 --kind crisis --by 赵老师 > /dev/null
	PH_NOW="2026-09-02 07:59" run ph-alert escalate
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox")" -eq 0 ]
	# guardian_contacted was due in 24 h
	PH_NOW="2026-09-02 08:01" ph-alert escalate > /dev/null
	PH_NOW="2026-09-02 08:02" ph-alert escalate > /dev/null
	PH_NOW="2026-09-02 09:00" ph-alert escalate > /dev/null
	run ph-alert outbox
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tpending\t赵老师\tcounsellor\tcase 1: 【个案提醒】甲（S1）：联系监护人\t'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'case.late'")" = "guardian_contacted late (due 2026-09-02 08:00): 赵老师 told" ]
	PH_NOW="2026-09-02 09:05" run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ "$(ls mail | wc -l)" -eq 1 ]
	grep -q '^To: .*<zhao@school.test>' mail/*
	grep -q '个案 1（甲，S1，一中/七年级/1班）：联系监护人，应于 2026-09-02 08:00 前完成。' mail/*
	# sent, it is not queued again; the next late step is
	ph-alert case event 1 guardian_contacted --by 王老师
	PH_NOW="2026-09-04 08:01" ph-alert escalate > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(reminder, ',') FROM outbox ORDER BY id")" = "case 1 step guardian_contacted,case 1 step referred" ]
	# done before it went, it does not go
	ph-alert case event 1 referred --by 赵老师
	PH_NOW="2026-09-04 08:02" ph-alert escalate > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT status || '|' || closed_by FROM outbox WHERE reminder = 'case 1 step referred'")" = "cancelled|case step recorded or case closed" ]
	# a closed case is quiet
	ph-alert case event 1 follow_up --by 赵老师
	ph-alert case close 1 --outcome 好转 --by 赵老师
	PH_NOW="2026-09-30 08:00" ph-alert escalate > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox")" -eq 2 ]
}

@test "a late case step of a case opened by someone not a counsellor goes to the nearest counsellor, in the policy's own words" {
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  cases:\n    crisis:\n      - {step: guardian_contacted, within: 2h}\n  templates:\n    case: {subject: "逾期 {case}", body: "{name}: {reason} by {due}, {counsellor}\\n"}\n' > own.yaml
	ph-alert --policy own.yaml case open S3 --kind crisis --by 外校老师 > /dev/null
	PH_NOW="2026-09-01 10:00" run ph-alert --policy own.yaml escalate
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT c.name || '|' || o.subject || '|' || o.body FROM outbox o JOIN contact c ON c.id = o.contact_id")" = "赵老师|逾期 1|丙: 联系监护人 by 2026-09-01 10:00, 赵老师" ]
	# in English, the step as the policy names it
	sed 's/^alerts:$/alerts:\n  language: en/' own.yaml > en.yaml
	sqlite3 "$PH_DB" "DELETE FROM outbox"
	PH_NOW="2026-09-01 10:01" ph-alert --policy en.yaml escalate > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT o.body FROM outbox o")" = "丙: guardian_contacted by 2026-09-01 10:00, 赵老师" ]
}

@test "a late case step with no counsellor to tell is said once, not at every minute's escalate, and kept as failed" {
	write_pupils nobody.csv
	PH_DB="$BATS_TEST_TMPDIR/nobody.db" ph-intake roster nobody.csv > /dev/null
	export PH_DB="$BATS_TEST_TMPDIR/nobody.db"
	ph-alert case open S1 --kind crisis --by 外校老师 > /dev/null
	PH_NOW="2026-09-02 08:01" run ph-alert escalate
	[ "$status" -eq 0 ]
	[[ "$output" == *"case 1: step guardian_contacted is late and no counsellor can be told"* ]]
	PH_NOW="2026-09-02 08:02" run ph-alert escalate --quiet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run ph-alert outbox --failed
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tfailed\t'*"no counsellor can be told"* ]]
}

# Eleven pupils of 1班 in one group: its class teacher was sent one
# reminder for each.
group_of_eleven() {
	{
		echo 学号,姓名,性别,学校,年级,班级
		for i in $(seq 11 21); do echo "G$i,生$i,男,一中,初一,1班"; done
	} > eleven.csv
	ph-intake roster eleven.csv > /dev/null
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,一中,团体辅导,12,周三,16:30,18:30,团体\n' > rooms.csv
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule group create 成长小组 --room 1 --leader 赵老师 --first '2026-09-02 16:30' --sessions 3 --length 60 --min 1 --max 12 > /dev/null
	ph-schedule group join 成长小组 $(seq -f 'G%g' 11 21) > /dev/null 2>&1
}

@test "remind: a group of eleven pupils sends their class teacher one message a day, a digest, never queued again" {
	group_of_eleven
	run ph-schedule remind --ahead 2d
	[ "$status" -eq 0 ]
	# every reminder is queued and printed, as before
	[ "$(grep -c $'\t王老师\tclass_teacher$' <<< "$output")" -eq 11 ]
	run ph-alert outbox --pending --to 王老师
	[ "$(grep -c $'\tpending\t' <<< "$output")" -eq 12 ]
	[ "$(grep -c $'\tin digest ' <<< "$output")" -eq 11 ]
	[[ "${lines[1]}" == *$'\tpending\t王老师\tclass_teacher\t【日程提醒】11 项提醒\t0\t\t' ]]
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *"deliver: 2 sent, 0 failed"* ]]
	wang=$(grep -l '^To: .*<wang@school.test>' mail/*)
	[ "$(wc -l <<< "$wang")" -eq 1 ]
	[ "$(grep -c '^请于 2026-09-02 16:30 让一中/七年级/1班的生.*（G[0-9]*）到心理咨询室' "$wang")" -eq 11 ]
	# the leader has one reminder: it goes as it is
	zhao=$(grep -l '^To: .*<zhao@school.test>' mail/*)
	grep -q '团体辅导「成长小组」第1次（共3次，成员11人）' "$zhao"
	# the log says each went, in the digest
	# at the time their digest went (the run's clock: PH_NOW and the
	# seconds the run has taken)
	at=$(sqlite3 "$PH_DB" "SELECT datetime(sent_at, 'unixepoch', 'localtime') FROM outbox WHERE reminder LIKE 'digest %' AND contact_id = (SELECT id FROM contact WHERE name = '王老师')")
	[[ "$at" == "2026-09-01 08:00:"[0-5][0-9] ]]
	run ph-alert outbox --sent --to 王老师
	[ "$(grep -c $'\tsent\t王老师\tclass_teacher\t【请协助】2026-09-02 16:30 生[0-9]*\t1\t'"$at"$'\tin digest ' <<< "$output")" -eq 11 ]
	# the same day again: nothing new, nothing sent again
	PH_NOW="2026-09-01 20:00" run ph-schedule remind --ahead 1d
	[ "${#lines[@]}" -eq 1 ]
	PH_NOW="2026-09-01 20:05" run ph-alert deliver --command "$FAKE -t"
	# nothing to send: deliver says nothing (cron mails any output)
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# a week on, the next session: one message again
	PH_NOW="2026-09-08 20:00" ph-schedule remind --ahead 1d > /dev/null
	PH_NOW="2026-09-08 20:05" ph-alert deliver --command "$FAKE -t" > /dev/null 2>&1
	[ "$(grep -l '^To: .*<wang@school.test>' mail/* | wc -l)" -eq 2 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'schedule.remind' AND detail LIKE '% 1 digests'")" -eq 2 ]
}

@test "remind: a day's reminders for one recipient go together; digest: false sends each on its own" {
	group_of_eleven
	ph-schedule remind --ahead 2d > /dev/null
	# later the same day, before deliver: a lecture; the counsellor's
	# session reminder and the lecture go as one
	ph-schedule event add lecture 家长讲座 --at '2026-09-02 19:00' --for 一中 > /dev/null
	PH_NOW="2026-09-01 09:00" run ph-schedule remind --ahead 2d
	[ "${#lines[@]}" -eq 2 ]
	run ph-alert outbox --pending --to 赵老师
	[[ "${lines[1]}" == *$'\tpending\t赵老师\tcounsellor\t【日程提醒】2 项提醒\t0\t\t' ]]
	# and the class teacher's digest did not change
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE reminder LIKE 'digest %' AND status = 'pending'")" -eq 2 ]
	PH_NOW="2026-09-01 09:05" run ph-alert deliver --command "$FAKE -t"
	[[ "$output" == *"deliver: 2 sent, 0 failed"* ]]
	zhao=$(grep -l '^To: .*<zhao@school.test>' mail/*)
	grep -q '团体辅导「成长小组」第1次' "$zhao"
	grep -q '讲座「家长讲座」，面向一中' "$zhao"
	# the policy can keep each reminder its own message
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  digest: false\n' > own.yaml
	PH_POLICY=$PWD/own.yaml PH_NOW="2026-09-08 20:00" ph-schedule remind --ahead 1d > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'pending'")" -eq 12 ]
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  digest: sometimes\n' > bad.yaml
	PH_POLICY=$PWD/bad.yaml run ph-alert outbox
	[ "$status" -eq 78 ]
	[[ "$output" == *"'digest' of alerts must be true or false"* ]]
}
