#!/usr/bin/env bats
# The family in the warning network: guardians from the roster, shown to
# the counsellor only, told from a case step, reached and recorded.
# Every name, phone and address here is made up.

load helpers

setup() {
	setup_with_fake_mail
	# the school's export: GBK, Chinese headers, two guardians a pupil
	iconv -f UTF-8 -t GBK > students.csv <<'CSV'
学号,姓名,性别,学校,年级,班级,监护人,监护人电话,监护人关系,监护人2,监护人2电话,监护人2关系,监护人2邮箱
S1,甲,男,一中,初一,1班,甲父,138 0000 1001,父亲,甲母,138-0000-1002,母亲,jiamu@home.test
S2,乙,女,一中,初一,1班,乙奶奶,,祖母,,,,
S3,丙,男,一中,初一,1班,,,,,,,
CSV
	ph-intake roster students.csv > /dev/null
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
CSV
	ph-intake contacts contacts.csv > /dev/null 2>&1
	# the shipped policy, whose crisis step tells the family
	sed 's/- {step: guardian_contacted, within: 24h}/- {step: guardian_contacted, within: 24h, notify: [guardian]}/' \
	    "$PH_SHARE/policy.yaml" > family.yaml
	grep -q 'notify: \[guardian\]' family.yaml
}

@test "guardians: two from a GBK roster, in order, the first also in person.guardian" {
	run sqlite3 "$PH_DB" "SELECT p.person_no, g.ord, g.name, g.relation, coalesce(g.phone, ''), coalesce(g.email, '') FROM guardian g JOIN person p ON p.id = g.person_id ORDER BY 1, 2"
	[ "${lines[0]}" = "S1|1|甲父|父亲|13800001001|" ]
	[ "${lines[1]}" = "S1|2|甲母|母亲|13800001002|jiamu@home.test" ]
	[ "${lines[2]}" = "S2|1|乙奶奶|祖母||" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(sqlite3 "$PH_DB" "SELECT guardian || ' ' || guardian_phone FROM person WHERE person_no = 'S1'")" = "甲父 13800001001" ]
}

@test "guardians: father and mother columns, a staff member's emergency contact" {
	printf '学号,姓名,学校,年级,班级,父亲,父亲电话,母亲,母亲电话\nS9,庚,一中,初一,2班,庚父,13800009001,庚母,13800009002\n' > parents.csv
	ph-intake roster parents.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(g.name || '/' || g.relation, ' ') FROM guardian g JOIN person p ON p.id = g.person_id WHERE p.person_no = 'S9'")" = "庚父/父亲 庚母/母亲" ]
	printf '工号,姓名,单位,部门,紧急联系人,紧急联系人电话,紧急联系人关系\nT1,师,一中,语文组,师配偶,13800007001,配偶\n' > staff.csv
	ph-intake staff staff.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT g.name || '/' || g.relation || '/' || g.phone FROM guardian g JOIN person p ON p.id = g.person_id WHERE p.person_no = 'T1'")" = "师配偶/配偶/13800007001" ]
}

@test "guardians: a bad phone or e-mail is refused with file:line, nothing loaded" {
	printf '学号,姓名,学校,年级,班级,监护人,监护人电话,监护人2,监护人2电话,监护人2邮箱\n' > bad.csv
	printf 'S7,戊,一中,初一,1班,戊父,13800007001,戊母,1380000x,\n' >> bad.csv
	printf 'S8,己,一中,初一,1班,己父,13800008001,己母,,a@b.test\nBcc: x@evil.test\n' >> bad.csv
	run ph-intake roster bad.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad.csv:2: 监护人2电话: phone '1380000x' not understood"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE person_no IN ('S7', 'S8')")" -eq 0 ]
	printf '学号,姓名,学校,年级,班级,监护人,监护人邮箱\nS7,戊,一中,初一,1班,戊父,"a@b.test, x@evil.test"\n' > bad2.csv
	run ph-intake roster bad2.csv
	[ "$status" -eq 65 ]
	[[ "$output" == *"bad2.csv:2: 监护人邮箱: 'a@b.test, x@evil.test' is not an e-mail address"* ]]
}

@test "guardians: an unchanged reload writes nothing; a changed guardian is updated and audited" {
	before=$(sha256sum "$PH_DB")
	run sh -c 'ph-intake roster students.csv 2>/dev/null'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '3\t0\t0\t3\t0\t0')" ]
	[ "$(sha256sum "$PH_DB")" = "$before" ]
	# only the second guardian's phone changes: the hash covers it
	iconv -f GBK -t UTF-8 students.csv | sed 's/138-0000-1002/138-0000-1003/' | iconv -f UTF-8 -t GBK > changed.csv
	run sh -c 'ph-intake roster changed.csv 2>/dev/null'
	[ "${lines[1]}" = "$(printf '3\t0\t1\t2\t0\t0')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT phone FROM guardian WHERE ord = 2")" = "13800001003" ]
	[[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'person.update'")" == *"13800001002/jiamu@home.test -> "*"13800001003/jiamu@home.test" ]]
	# a guardian the roster no longer names is removed
	iconv -f GBK -t UTF-8 students.csv | sed 's/甲母,138-0000-1002,母亲,jiamu@home.test/,,,/' > one.csv
	ph-intake roster one.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM guardian g JOIN person p ON p.id = g.person_id WHERE p.person_no = 'S1'")" -eq 1 ]
}

@test "show and case show: the counsellor sees each guardian, one without a phone or e-mail said" {
	printf 'id\tcritical\tcard\nS1\tphq9_9=2\tred\n' | ph-alert raise > /dev/null 2>&1
	run ph-alert show 1
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "$(printf '2026-09-01 08:00:00\tguardian\t\t甲父 (父亲) 13800001001')" ]
	[ "${lines[3]}" = "$(printf '2026-09-01 08:00:00\tguardian\t\t甲母 (母亲) 13800001002 jiamu@home.test')" ]
	ph-alert case open S2 --kind referral --by 赵老师 > /dev/null
	run ph-alert case show 1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'at\twhat\tdetail')" ]
	[ "${lines[1]}" = "$(printf '2026-09-01 08:00:00\topened\treferral S2 乙 一中/七年级/1班, by 赵老师')" ]
	[ "${lines[2]}" = "$(printf '2026-09-01 08:00:00\tguardian\t乙奶奶 (祖母), no phone or e-mail')" ]
	[ "${lines[3]}" = "$(printf '2026-09-03 08:00:00\tnext step\tguardian_contacted')" ]
	ph-alert case open S3 --kind referral --by 赵老师 > /dev/null
	run ph-alert case show 2
	[ "${lines[2]}" = "$(printf '2026-09-01 08:00:00\tguardian\tnone on the roster')" ]
	run ph-alert case show 9
	[ "$status" -eq 65 ]
	[[ "$output" == *"no case '9'"* ]]
}

@test "messages: the counsellor's says the guardians, the class teacher's never" {
	printf 'id\tcritical\tcard\nS1\tphq9_9=2\tred\n' | ph-alert raise > /dev/null 2>&1
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	counsellor=$(grep -l '^To: .*zhao@school.test' mail/*)
	teacher=$(grep -l '^To: .*wang@school.test' mail/*)
	grep -q '甲父 (父亲) 13800001001; 甲母 (母亲) 13800001002 jiamu@home.test' "$counsellor"
	! grep -q '甲父\|甲母\|1380000100\|jiamu' "$teacher"
	# a policy whose brief template names {guardian} is refused
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  templates:\n    brief: {subject: "关注 {name}", body: "{guardian}"}\n' > leak.yaml
	run ph-alert --policy leak.yaml list
	[ "$status" -eq 78 ]
	[[ "$output" == *"leak.yaml:5:"*"the brief template may not say {guardian}"* ]]
}

@test "notify: a case step naming guardian queues the guardian template, whom to call and never why" {
	printf 'id\tcritical\tcard\nS1\tphq9_9=2\tred\n' | ph-alert raise > /dev/null 2>&1
	# without notify in the policy nothing goes to the family
	ph-alert case open S1 --kind referral --from-alert 1 --by 赵老师 > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE guardian_id IS NOT NULL")" -eq 0 ]
	run ph-alert --policy family.yaml case open S1 --kind crisis --from-alert 1 --by 赵老师
	[ "$status" -eq 0 ]
	[[ "$output" == *"case 2: a message to the family queued for 2 guardians"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(g.name, ' ') FROM outbox o JOIN guardian g ON g.id = o.guardian_id WHERE o.case_id = 2 AND o.role = 'guardian'")" = "甲父 甲母" ]
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail run ph-alert --policy family.yaml deliver --via exec --command "cat > \"mail/\$PH_PHONE\""
	[ "$status" -eq 0 ]
	[ -s mail/13800001001 ] && [ -s mail/13800001002 ]
	grep -q '^甲父您好' mail/13800001001
	grep -q '请联系：赵老师 13900000003' mail/13800001001
	! grep -q 'phq9\|红卡\|关键' mail/13800001001
	run ph-alert --policy family.yaml case show 2
	[[ "$output" == *$'\tmessage sent\t甲父 (父亲) 13800001001 (guardian), sent 2026-09-01 08:00:00'* ]]
	# a guardian with no phone or e-mail is said, and gets nothing
	run ph-alert --policy family.yaml case open S2 --kind crisis --by 赵老师
	[ "$status" -eq 0 ]
	[[ "$output" == *"case 3: guardian 乙奶奶 (祖母) has no phone or e-mail: reach the family another way"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE case_id = 3")" -eq 0 ]
	run ph-alert --policy family.yaml case open S3 --kind crisis --by 赵老师
	[[ "$output" == *"case 4: S3 has no guardian on the roster"* ]]
}

@test "guardian_contacted: who was reached and how, audited, shown, and the step is done" {
	ph-alert case open S1 --kind crisis --by 赵老师 > /dev/null
	PH_NOW="2026-09-01 11:00" run ph-alert case event 1 guardian_contacted --by 赵老师 --who 甲母 --how phone --note 已约面谈
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'case.event'")" = "guardian_contacted by 赵老师, reached 甲母 by phone: 已约面谈" ]
	run ph-alert case show 1
	[[ "$output" == *$'2026-09-01 11:00:00\tguardian_contacted\tby 赵老师, reached 甲母 by phone: 已约面谈'* ]]
	[ "${lines[${#lines[@]}-1]}" = "$(printf '2026-09-04 08:00:00\tnext step\treferred')" ]
	run ph-alert case list
	[[ "${lines[1]}" == *$'\treferred\t2026-09-04 08:00\tno\t'* ]]
	run ph-alert case event 1 guardian_contacted --by 赵老师 --who 甲父 --how fax
	[ "$status" -eq 64 ]
	[[ "$output" == *"--how 'fax': expected phone, visit, message or in_person"* ]]
	run ph-alert case event 1 referred --by 赵老师 --who 甲父
	[ "$status" -eq 64 ]
	[[ "$output" == *"--who and --how are for guardian_contacted, not referred"* ]]
}

@test "policy: guardian in a level is refused unless guardian_in_levels; notify names only guardian" {
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  levels:\n    - {roles: [counsellor, guardian], within: 24h}\n' > levels.yaml
	run ph-alert --policy levels.yaml list
	[ "$status" -eq 78 ]
	[[ "$output" == *"levels.yaml:5:"*"'guardian' in a level's roles: the family is told from a case step"*"'guardian_in_levels: true' allows it"* ]]
	printf 'policy: t\ncards: {rules: []}\nalerts:\n  cases:\n    crisis:\n      - {step: guardian_contacted, within: 24h, notify: [counsellor]}\n  templates:\n    guardian: {subject: "{name}", body: "{detail}"}\n' > notify.yaml
	run ph-alert --policy notify.yaml list
	[ "$status" -eq 78 ]
	[[ "$output" == *"notify.yaml:6:"*"a step may notify only guardian"* ]]
	[[ "$output" == *"notify.yaml:8:"*"the guardian template may not say {detail}"* ]]
}

@test "migrate: a version 12 database's guardian becomes the person's first guardian" {
	rm -f "$PH_DB"
	SQL="$BATS_TEST_DIRNAME/../../lib/store/sql"
	{
		cat "$SQL"/00[1-9]_*.sql "$SQL"/01[0-2]_*.sql
		cat <<'SQL'
INSERT INTO unit (id, kind, name, path, created_at) VALUES (1, 'school', '一中', '一中', '2026-01-01');
INSERT INTO person (id, person_no, kind, name, unit_id, guardian, guardian_phone, created_at, updated_at) VALUES (1, 'S1', 'student', '甲', 1, '甲父', '13800001001', 0, 0);
INSERT INTO person (id, person_no, kind, name, unit_id, created_at, updated_at) VALUES (2, 'S2', 'student', '乙', 1, 0, 0);
PRAGMA user_version = 12;
PRAGMA application_id = 1346895873;
SQL
	} | sqlite3 "$PH_DB"
	chmod 600 "$PH_DB"
	run ph-alert case list
	[ "$status" -eq 0 ]
	# a lone name and phone stay the person's own columns (no second
	# copy), and every command sees them as the first guardian
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM guardian")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT person_id || ' ' || ord || ' ' || name || ' ' || phone FROM person_guardian_line")" = "1 1 甲父 13800001001" ]
	ph-alert case open S1 --kind crisis --by 赵老师 > /dev/null 2>&1
	run ph-alert case show 1
	[[ "$output" == *$'	guardian	甲父 13800001001'* ]]
}

@test "guardian_in_levels: a level naming guardian tells the family whom to call, by name only in the run's records" {
	printf 'policy: f\ncards: {rules: []}\nalerts:\n  guardian_in_levels: true\n  levels:\n    - {roles: [counsellor], within: 24h}\n    - {roles: [guardian], within: 24h}\n' > levels.yaml
	printf 'id\tcritical\tcard\nS1\tphq9_9=2\tred\nS3\tphq9_9=2\tred\n' | ph-alert --policy levels.yaml raise > /dev/null 2>&1
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE guardian_id IS NOT NULL")" -eq 0 ]
	PH_NOW="2026-09-02 09:00" run ph-alert --policy levels.yaml escalate
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tS1\t'*$'\t1\t2\t甲父(guardian), 甲母(guardian)\t'* ]]
	[[ "$output" != *13800001001* ]]
	# nobody to reach: a gap, recorded
	[[ "$output" == *$'\tS3\t'*"no guardian with a phone or e-mail"* ]]
	mkdir mail
	PH_NOW="2026-09-02 09:00" run ph-alert --policy levels.yaml deliver --via exec --command "cat > \"mail/\$PH_ROLE.\$PH_PHONE\""
	[ "$status" -eq 0 ]
	grep -q '^甲父您好' mail/guardian.13800001001
	! grep -q 'phq9\|红卡' mail/guardian.13800001001
	run ph-alert --policy levels.yaml show 1
	[[ "$output" == *$'\tmessage sent\t2\t甲父 (父亲) 13800001001 (guardian), sent '* ]]
}

@test "guardians: a first load of name-and-phone guardians keeps each in the person's columns only, and reloads unchanged" {
	rm -f "$PH_DB"
	write_roster plain.csv
	ph-intake roster plain.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM guardian")" -eq 0 ]
	run sqlite3 "$PH_DB" "SELECT p.person_no || ' ' || g.ord || ' ' || coalesce(g.name, '') || ' ' || coalesce(g.phone, '') FROM person_guardian_line g JOIN person p ON p.id = g.person_id ORDER BY 1"
	[ "${lines[0]}" = "S001 1 张父 13800000001" ]
	[ "${lines[1]}" = "S002 1 李母 13800000002" ]
	[ "${lines[2]}" = "S004 1 赵父 0571-88880000" ]
	[ "${#lines[@]}" -eq 3 ]
	before=$(sha256sum "$PH_DB")
	ph-intake roster plain.csv > /dev/null 2>&1
	[ "$(sha256sum "$PH_DB")" = "$before" ]
}

@test "notify: mail to a guardian with no e-mail fails for good, named in the outbox and in ph-report gaps" {
	ph-alert --policy family.yaml case open S1 --kind crisis --by 赵老师 > /dev/null 2>&1
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail run ph-alert --policy family.yaml deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	# the mother has an e-mail: her message went, and says nothing of why
	m=$(grep -l 'jiamu@home.test' mail/*)
	! grep -q 'phq9\|红卡\|关键' "$m"
	run ph-alert outbox --failed
	[[ "${lines[1]}" == *$'\tfailed\t甲父\tguardian\tcase 1: '* ]]
	run ph-report gaps
	[[ "$output" == *"to 甲父 (guardian) could not be sent"*"ph-intake roster FILE"* ]]
}

@test "guardians: a lone guardian told from a case gets a row of their own, kept in step with the roster" {
	rm -f "$PH_DB"
	write_roster plain.csv
	ph-intake roster plain.csv > /dev/null
	sed 's/,一中,/,第一中学,/' contacts.csv > contacts1.csv
	ph-intake contacts contacts1.csv > /dev/null 2>&1
	run ph-alert --policy family.yaml case open S001 --kind crisis --by 赵老师
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT ord || ' ' || name || ' ' || phone FROM guardian")" = "1 张父 13800000001" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox o JOIN guardian g ON g.id = o.guardian_id")" -eq 1 ]
	mkdir mail
	run ph-alert --policy family.yaml deliver --via exec --command "cat > \"mail/\$PH_ROLE.\$PH_PHONE\""
	[ "$status" -eq 0 ]
	[ -s mail/guardian.13800000001 ]
	# a new phone on the roster: the row follows, the message stays named
	sed 's/13800000001/13800000011/' plain.csv > plain2.csv
	ph-intake roster plain2.csv > /dev/null 2>&1
	[ "$(sqlite3 "$PH_DB" "SELECT ord || ' ' || name || ' ' || phone FROM guardian")" = "1 张父 13800000011" ]
	run ph-alert case show 1
	[[ "$output" == *"张父 13800000011"* ]]
	[[ "$output" != *"no longer on the roster"* ]]
	# and a pupil the roster gives no guardian: none on the roster
	ph-alert --policy family.yaml case open S003 --kind crisis --by 赵老师 > /dev/null 2>&1
	run ph-alert case show 2
	[[ "$output" == *$'	guardian	none on the roster'* ]]
}
