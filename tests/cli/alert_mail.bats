#!/usr/bin/env bats
# ph-alert deliver: mail as mail servers expect it, and delivery that
# cannot be turned against the network (issue 16, findings 6 and 7).

load helpers

FULL_SUBJECT='【心理预警】请尽快处理：{name} 需要在二十四小时内由心理教师当面约谈并确认安全，谢谢配合 (“quoted”, comma)'
BRIEF_SUBJECT='Alert for "{name}", level {level}: please talk to the counsellor today, and acknowledge it'
OUYANG=欧阳心理健康教育中心主任老师

setup() {
	setup_with_fake_mail
	export STRICT="$BATS_TEST_DIRNAME/../data/bin/mail-strict"
	cat > students.csv <<'CSV'
学号,姓名,性别,学校,年级,班级,宿舍
S1,甲,男,一中,初一,1班,
S2,乙,女,一中,初一,1班,
S3,丙,男,一中,初一,2班,3-201
CSV
	ph-intake roster students.csv > /dev/null
	# the counsellor's e-mail and phone are on the staff roster only
	printf '工号,姓名,单位,部门,电话,邮箱\nT1,%s,一中,心理中心,13900000009,ouyang@school.test\n' \
	    "$OUYANG" > staff.csv
	ph-intake staff staff.csv > /dev/null
	cat > contacts.csv <<CSV
角色,学校,年级,班级,姓名,性别,电话,邮箱,宿舍,工号
班主任,一中,初一,1班,"Wang, Li",女,13900000001,wang@school.test,,
班主任,一中,初一,2班,"Li ""Lee"" Wang",男,+86 138 0000 0002,li@school.test,,
心理教师,一中,,,$OUYANG,女,,,,T1
校领导,一中,,,钱校长,男,0571-88880000,qian@school.test,,
CSV
	ph-intake contacts contacts.csv > /dev/null 2>&1
	cat > own.yaml <<YAML
policy: t
cards: {rules: []}
alerts:
  from: '"PH, 一中心理中心" <ph@school.test>'
  templates:
    full: {subject: "$FULL_SUBJECT", body: "{name} {reason}"}
    brief: {subject: '${BRIEF_SUBJECT//\"/\"}', body: "请联系{counsellor}。"}
YAML
	ph-screen campaign create 2026秋 --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,3,3,3,3,3,3,2,2,0\nS3,3,3,3,3,3,3,2,2,0\n' > answers.csv
	ph-screen import --campaign 2026秋 answers.csv > /dev/null
	# the shipped policy grades the cards; this one words the messages
	export PH_POLICY=$PWD/own.yaml
	mkdir mail
	export FAKE_MAIL_DIR=$PWD/mail
}

raise() {
	ph-alert raise --campaign 2026秋 > /dev/null 2>&1
}

# The subject a template gives pupil $2 at level 1.
subject() {
	local s=${1//\{name\}/$2}
	printf '%s' "${s//\{level\}/1}"
}

@test "mail: names with commas, quotes, long Chinese names and subjects pass a strict reader and round-trip" {
	raise
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ "$(ls mail | wc -l)" -eq 6 ]
	/usr/bin/python3 "$STRICT" mail > read.tsv
	/usr/bin/python3 /work/shared/tools/mail-check mail || [ ! -e /work/shared/tools/mail-check ]
	# what each reader decodes is what was written, name and subject
	grep -qxF "Wang, Li	wang@school.test	$(subject "$BRIEF_SUBJECT" 甲)"$'\t'"$(awk -F'\t' '$2 == "wang@school.test" { print $4; exit }' read.tsv)	PH, 一中心理中心	ph@school.test" read.tsv
	grep -qF "Li \"Lee\" Wang	li@school.test	$(subject "$BRIEF_SUBJECT" 丙)	" read.tsv
	for pupil in 甲 乙 丙; do
		grep -qF "$OUYANG	ouyang@school.test	$(subject "$FULL_SUBJECT" "$pupil")	" read.tsv
	done
	# the raw header quotes the comma: no second address "Li"
	grep -q '^To: "Wang, Li" <wang@school.test>$' mail/ph.2.*
	# folded, not one long line
	grep -q '^Subject: =?UTF-8?B?' mail/ph.1.*
	[ "$(grep -c '^ =?UTF-8?B?' mail/ph.1.*)" -ge 2 ]
	grep -q '^Date: Tue, 01 Sep 2026 08:00:0[0-9] +0800$' mail/ph.1.*
}

@test "mail: a contact linked to the staff roster is reached at the roster's e-mail and phone" {
	raise
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\touyang@school.test\tcounsellor\tsent\t'* ]]
	[[ "$output" != *"has no e-mail"* ]]
	cat > sms.sh <<'SH'
#!/bin/sh
echo "$PH_NAME $PH_PHONE" >> "$SMS_LOG"
SH
	chmod +x sms.sh
	ph-intake contacts contacts.csv > /dev/null 2>&1
	sqlite3 "$PH_DB" "UPDATE outbox SET status = 'pending', sent_at = NULL"
	SMS_LOG=$PWD/sms.log run ph-alert deliver --via exec --command ./sms.sh
	[ "$status" -eq 0 ]
	grep -qx "$OUYANG 13900000009" sms.log
	grep -qx "Wang, Li 13900000001" sms.log
}

@test "mail: Message-IDs carry the database's identity and the host, so two databases never share one" {
	raise
	ph-alert deliver --command "$FAKE -t" 2> /dev/null > /dev/null
	uid=$(sqlite3 "$PH_DB" "SELECT uid FROM database_identity")
	[[ "$uid" =~ ^[0-9a-f]{32}$ ]]
	ls mail | grep -q "^ph\.1\.$uid@"
	host=$(ls mail | sed -n "s/^ph\.1\.$uid@\(.*\)\.0$/\1/p")
	[ -n "$host" ]
	# a second school's database, the same messages numbered alike
	mv ph.db first.db
	ph-intake roster students.csv > /dev/null
	ph-intake staff staff.csv > /dev/null
	ph-intake contacts contacts.csv > /dev/null 2>&1
	ph-screen campaign create 2026秋 --instrument phq9 --kind student \
	    --from 2026-09-01 --to 2026-09-15
	PH_POLICY= ph-screen import --campaign 2026秋 answers.csv > /dev/null
	raise
	ph-alert deliver --command "$FAKE -t" 2> /dev/null > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT uid FROM database_identity")" != "$uid" ]
	[ "$(ls mail | wc -l)" -eq 12 ]
	[ "$(ls mail | grep -c '\.1$')" -eq 0 ]
	[ "$(/usr/bin/python3 "$STRICT" mail | cut -f4 | sort -u | wc -l)" -eq 12 ]
	# --via exec is given the same id
	sqlite3 "$PH_DB" "UPDATE outbox SET status = 'pending', sent_at = NULL WHERE id = 1"
	printf '#!/bin/sh\necho "$PH_MESSAGE_ID" > id.txt\n' > sms.sh
	chmod +x sms.sh
	ph-alert deliver --via exec --command ./sms.sh > /dev/null 2>&1
	uid2=$(sqlite3 "$PH_DB" "SELECT uid FROM database_identity")
	[ "$(cat id.txt)" = "ph.1.$uid2@$host" ]
}

@test "injection: an e-mail field holding a line break and Bcc: is refused on load, every bad line listed" {
	{
		echo '角色,学校,年级,班级,姓名,电话,邮箱'
		printf '班主任,一中,初一,1班,王老师,13900000001,"wang@school.test\nBcc: x@evil.test"\n'
		echo '校领导,一中,,,钱校长,13900000004,"qian@school.test, x@evil.test"'
		echo '年级主任,一中,初一,,李主任,13900000002,<li@school.test>'
		echo '心理教师,一中,,,赵老师,13900000003,zhao@school.test'
	} > evil.csv
	run ph-intake contacts evil.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"evil.csv:2: "*"not an e-mail address: it holds a line break"* ]]
	[[ "$output" == *"evil.csv:4: "*"not an e-mail address"* ]]
	[[ "$output" == *"evil.csv:5: "*"not an e-mail address"* ]]
	# the error itself is one line: the value is shown without its break
	! grep -q '^Bcc' <<< "$output"
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM contact WHERE email LIKE '%evil%'")" -eq 0 ]
	# a phone that is not one, and the staff roster likewise
	printf '角色,学校,年级,班级,姓名,电话\n班主任,一中,初一,1班,王老师,"13900000001\nBcc: x"\n' > phone.csv
	run ph-intake contacts phone.csv
	[ "$status" -eq 65 ]
	printf '工号,姓名,单位,邮箱\nT2,某,一中,"a@b.test\nBcc: x@evil.test"\nT3,某某,一中,a..b@c.test\n' > staff2.csv
	run ph-intake staff staff2.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"staff2.csv:2: "*"not an e-mail address"* ]]
	[[ "$output" == *"staff2.csv:4: "*"not an e-mail address"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE person_no IN ('T2', 'T3')")" -eq 0 ]
}

@test "injection: an address planted in the database never makes a Bcc; the message fails for good" {
	raise
	sqlite3 "$PH_DB" "UPDATE contact SET email = 'wang@school.test' || char(13, 10) || 'Bcc: x@evil.test' WHERE name = 'Wang, Li'"
	sqlite3 "$PH_DB" "UPDATE contact SET name = '钱' || char(10) || 'Bcc: y@evil.test' WHERE name = 'Li \"Lee\" Wang'"
	# a written reminder whose subject carries a header of its own
	sqlite3 "$PH_DB" "INSERT INTO outbox (contact_id, role, created_at, next_try, reminder, subject, body) SELECT id, 'leader', 0, 0, 'r1', '提醒' || char(13, 10) || 'Bcc: z@evil.test', 'x' FROM contact WHERE name = '钱校长'"
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	! grep -rqi '^bcc' mail
	/usr/bin/python3 "$STRICT" mail > read.tsv
	grep -qF $'qian@school.test\t提醒  Bcc: z@evil.test\t' read.tsv
	[ "$(ls mail | wc -l)" -eq 5 ]
	! grep -rq 'y@evil' mail
	[[ "$output" == *$'\tclass_teacher\tundeliverable\tno address: Wang, Li has no e-mail address (the one given is not an address: it holds a line break'* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'failed' AND closed_at IS NOT NULL AND closed_by = 'deliver' AND last_error LIKE 'no address:%'")" -eq 2 ]
	# never retried
	PH_NOW="2026-09-02 08:00" run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

# ph-screen check of a policy whose alerts.from is $1 (YAML).
check_from() {
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  from: %s\n' "$1" > from.yaml
	run ph-screen check from.yaml
}

@test "injection: a policy's from with a line break, or that is no address, is refused by check and by every command" {
	check_from '"ph@school.test\r\nBcc: x@evil.test"'
	[ "$status" -ne 0 ]
	[[ "$output" == *"from.yaml:4:"*"'from' holds a line break"* ]]
	run ph-alert --policy from.yaml deliver
	[ "$status" -eq 78 ]
	check_from ph-alert
	[ "$status" -ne 0 ]
	[[ "$output" == *"'from' is not local@domain"* ]]
	check_from 'a@b.test, c@d.test'
	[ "$status" -ne 0 ]
	check_from '"学校 <psy@school.test>"'
	[ "$status" -eq 0 ]
}

@test "no address: failed for good, reported once, never retried, listed by gaps, not revived by a reload" {
	# 2班's class teacher now: a phone, no e-mail
	printf '角色,学校,年级,班级,姓名,电话\n班主任,一中,初一,2班,孙老师,13900000005\n' > sun.csv
	ph-intake contacts sun.csv > /dev/null 2>&1
	raise
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'undeliverable' <<< "$output")" -eq 1 ]
	[[ "$output" == *$'\t13900000005\tclass_teacher\tundeliverable\tno address: 孙老师 has no e-mail address'* ]]
	[[ "$output" == *"deliver: 5 sent, 0 failed (to be retried), 1 with no address (never retried; see ph-report gaps)"* ]]
	id=$(sqlite3 "$PH_DB" "SELECT id FROM outbox WHERE status = 'failed'")
	[ "$(sqlite3 "$PH_DB" "SELECT attempts, closed_at IS NOT NULL FROM outbox WHERE id = $id")" = "1|1" ]
	# a later run says nothing of it
	PH_NOW="2026-09-02 09:00" run ph-alert deliver --command "$FAKE -t"
	[ -z "$output" ]
	run ph-report gaps
	[[ "$output" == *$'一中/七年级/2班\tS3\t丙\tmessage '"$id"$' to 孙老师 (class_teacher) could not be sent: no address: 孙老师 has no e-mail address\t2026-09-01\tgive 孙老师 an address'* ]]
	# an address given later does not send the old message by itself
	printf '角色,学校,年级,班级,姓名,电话,邮箱\n班主任,一中,初一,2班,孙老师,13900000005,sun@school.test\n' > sun.csv
	ph-intake contacts sun.csv > /dev/null 2>&1
	[ "$(sqlite3 "$PH_DB" "SELECT email FROM contact WHERE name = '孙老师'")" = sun@school.test ]
	PH_NOW="2026-09-02 10:00" run ph-alert deliver --command "$FAKE -t"
	[ -z "$output" ]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM outbox WHERE id = $id")" = failed ]
	run ph-report gaps
	[[ "$output" == *"message $id to 孙老师"* ]]
	# what gaps says to do: outbox retry sends it at the next run, once
	run ph-alert outbox retry 1 "$id" --by 赵老师
	[ "$status" -eq 65 ]
	[[ "$output" == *"outbox retry: message 1 was sent at "* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM outbox WHERE id = $id")" = failed ]
	run ph-alert outbox retry "$id" --by 赵老师 --note 地址已补
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE action = 'outbox.retry' AND subject = '$id' AND detail = 'retry by 赵老师: 地址已补'")" -eq 1 ]
	PH_NOW="2026-09-02 10:05" run ph-alert deliver --command "$FAKE -t"
	[[ "$output" == *$'	sun@school.test	class_teacher	sent	'* ]]
	grep -q '^To: .*<sun@school.test>' mail/*
	run ph-alert outbox retry "$id"
	[ "$status" -eq 65 ]
	# the gap stays closed: it was sent
	run ph-report gaps
	[[ "$output" != *"message $id to"* ]]
	# once the alert is acknowledged the gap is closed
	ph-alert ack 3 --by 钱校长 > /dev/null 2>&1
	run ph-report gaps
	[[ "$output" != *"message $id to"* ]]
}

@test "no address: --via exec fails for good only with neither phone nor e-mail" {
	printf '角色,学校,年级,班级,姓名\n班主任,一中,初一,2班,孙老师\n' > sun.csv
	ph-intake contacts sun.csv > /dev/null 2>&1
	raise
	printf '#!/bin/sh\ncat > /dev/null\n' > sms.sh
	chmod +x sms.sh
	run ph-alert deliver --via exec --command ./sms.sh
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tclass_teacher\tundeliverable\tno address: 孙老师 has no phone number or e-mail address'* ]]
	[[ "$output" == *"5 sent, 0 failed (to be retried), 1 with no address"* ]]
}

@test "claims: a slow run whose claims ran out never sends what another run has taken" {
	raise
	# The gateway, handed message 1 by run A, starts run B eleven minutes
	# later (A's batch claim has run out; message 1 A holds still), then
	# takes its time.  B sends 2-6; A must then skip them.
	cat > slow.sh <<'SH'
#!/bin/sh
if [ -z "$INNER" ] && [ ! -e started ]; then
	touch started
	INNER=1 PH_NOW="2026-09-01 08:11" ph-alert deliver --command "$0" > b.out 2> b.err
fi
sleep 1
exec "$FAKE" -t
SH
	chmod +x slow.sh
	run ph-alert deliver --timeout 700 --command ./slow.sh
	[ "$status" -eq 0 ]
	[ "$(ls mail | wc -l)" -eq 6 ]
	[ "$(ls mail | grep -c '\.1$')" -eq 0 ]
	[ "$(grep -c $'\tsent\t' b.out)" -eq 5 ]
	[ "$(grep -c $'\tsent\t' <<< "$output")" -eq 1 ]
	[[ "$output" == *"deliver: 1 sent, 0 failed"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE status = 'sent'")" -eq 6 ]
}

@test "timeout: a gateway that hangs is killed, the message retried later, the run goes on" {
	raise
	cat > hang.sh <<'SH'
#!/bin/sh
if [ ! -e hung ]; then
	touch hung
	sleep 1000 &
	echo $! > sleeper.pid
	wait
fi
exec "$FAKE" -t
SH
	chmod +x hang.sh
	start=$(date +%s)
	# a failure is said even with --quiet (cron mails it)
	run ph-alert deliver --quiet --timeout 1 --command ./hang.sh
	[ "$status" -eq 75 ]
	[ $(($(date +%s) - start)) -lt 8 ]
	[[ "$output" == *$'\tfailed\t'"'./hang.sh' did not finish in 1 seconds and was killed"* ]]
	[[ "$output" == *"deliver: 5 sent, 1 failed (to be retried)"* ]]
	# what the gateway started was killed with it
	! kill -0 "$(cat sleeper.pid)" 2> /dev/null
	[ "$(ls mail | wc -l)" -eq 5 ]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM outbox WHERE id = 1")" = pending ]
	PH_NOW="2026-09-01 08:05" run ph-alert deliver --timeout 1 --command ./hang.sh
	[ "$status" -eq 0 ]
	[ "$(ls mail | wc -l)" -eq 6 ]
	run ph-alert deliver --timeout 0 --command ./hang.sh
	[ "$status" -eq 64 ]
}

@test "quiet: an empty outbox prints nothing and exits 0" {
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	raise
	# with --quiet, a run that only sent logs its records and says
	# nothing on stderr; without, it sums up
	cp "$PH_DB" same.db
	ph-alert deliver --quiet --command "$FAKE -t" > sent.tsv 2> said
	[ ! -s said ]
	[ "$(grep -c $'\tsent\t' sent.tsv)" -eq 6 ]
	run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	PH_DB=same.db ph-alert deliver --command "$FAKE -t" > /dev/null 2> said
	grep -qx 'ph-alert: deliver: 6 sent, 0 failed (to be retried)' said
}
