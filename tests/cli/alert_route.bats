#!/usr/bin/env bats
# ph-alert routing beyond the roles (issue 16, findings 2 and 3): whoever
# is on duty now in an open room of the person's school is told too
# (policy alerts.on_duty), a pupil monitor on duty never; nobody is told
# about themselves, the next holder is, and the gap is in the history.

load helpers

setup() {
	setup_with_shipped_policy
	# Tuesday 2026-09-01, 08:00; S001 and S003 of 七年级/1班, S005 of
	# 高二/3班 (a boarder)
	write_roster students.csv
	ph-intake roster students.csv > /dev/null
	printf '工号,姓名,单位,部门\nT1,赵老师,第一中学,心理组\nT2,孙老师,第一中学,心理组\n' > staff.csv
	ph-intake staff staff.csv
	# 赵老师 the counsellor is staff T1, screened like every colleague;
	# 李二 (S002) is a pupil monitor of 1班, on the room's rota
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,宿舍,姓名,性别,电话,邮箱,工号
班主任,第一中学,初一,1班,,王老师,女,13900000001,wang@school.test,
班主任,第一中学,高二,3班,,周老师,男,13900000006,zhou@school.test,
年级主任,第一中学,初一,,,李主任,男,13900000002,li@school.test,
心理教师,第一中学,,,,赵老师,女,13900000003,zhao@school.test,T1
心理教师,第一中学,,,,孙老师,女,13900000007,sun@school.test,T2
校领导,第一中学,,,,钱校长,男,13900000004,qian@school.test,
宿管,第一中学,,,B-201,吴阿姨,女,13900000008,wu@school.test,
心理委员,第一中学,初一,1班,,李二,女,13900000009,yi@school.test,S002
CSV
	ph-intake contacts contacts.csv 2>/dev/null
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	cat > rooms.csv <<'CSV'
房间,名称,学校,类型,容量,星期,开始,结束,用途
1,心理咨询室,第一中学,个体咨询,2,周二,07:30,09:00,值班
1,心理咨询室,第一中学,个体咨询,2,周三,09:30,11:00,值班
1,心理咨询室,第一中学,个体咨询,2,周四,09:30,11:00,值班
CSV
	ph-schedule rooms load rooms.csv > /dev/null
	cat > duty.csv <<'CSV'
房间,星期,开始,值班人
1,周二,07:30,周老师
1,周二,07:30,赵老师
1,周二,07:30,李二
1,周三,09:30,赵老师
1,周三,09:30,周老师
1,周四,09:30,周老师
CSV
	ph-schedule duty load duty.csv > /dev/null
}

FAKE="$BATS_TEST_DIRNAME/../data/bin/fake-sendmail"

# The outbox of the alert about person $1: contact name and role, a line
# each, in order.
outbox_of() {
	sqlite3 "$PH_DB" "SELECT c.name || ' ' || o.role FROM outbox o
	    JOIN contact c ON c.id = o.contact_id JOIN alert a ON a.id = o.alert_id
	    JOIN person p ON p.id = a.person_id WHERE p.person_no = '$1'
	    ORDER BY o.id"
}

alert_of() {
	sqlite3 "$PH_DB" "SELECT a.id FROM alert a JOIN person p ON p.id = a.person_id WHERE p.person_no = '$1'"
}

@test "on duty: an alert raised in an opening reaches the adult on duty there, the pupil monitor on duty nothing" {
	run ph-alert note S005 "我不想活了" --by 周老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tS005\t第一中学/高二/3班\t流露轻生念头\t1\t赵老师(counsellor), 孙老师(counsellor), 周老师(class_teacher), 吴阿姨(dorm_supervisor)\t'* ]]
	# 周老师 is S005's class teacher and on duty: one message, not two
	[ "$(outbox_of S005 | grep -c 周老师)" -eq 1 ]
	run ph-alert note S001 "我不想活了" --by 王老师
	[[ "$output" == *$'\tS001\t第一中学/七年级/1班\t流露轻生念头\t1\t赵老师(counsellor), 孙老师(counsellor), 王老师(class_teacher), 周老师(on_duty)\t'* ]]
	[ "$(outbox_of S001)" = "$(printf '赵老师 counsellor\n孙老师 counsellor\n王老师 class_teacher\n周老师 on_duty')" ]
	id=$(alert_of S001)
	run ph-alert show "$id"
	[[ "$output" == *$'\ton_duty\t1\t周老师 on duty in room 1 07:30-09:00, told as on_duty'* ]]
	[[ "$output" == *$'\tmessage pending\t1\t周老师 (on_duty), zhou@school.test'* ]]
	# the pupil monitor on duty: nothing about another pupil, at all
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox o JOIN contact c ON c.id = o.contact_id WHERE c.name = '李二'")" -eq 0 ]
	[[ "$output" != *"李二"* ]]
	# the adult on duty gets the brief message, never the answers
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	zhou=$(grep -l '^To: .* <zhou@school.test>' mail/* | xargs grep -l "X-PH-Alert: $id\$")
	grep -q '赵老师' "$zhou"
	! grep -q '不想活' "$zhou"
	! grep -ql 'yi@school.test' mail/*
}

@test "on duty: outside every opening, on a closed day, or with the policy off, nobody on duty is told" {
	# Tuesday 10:00: the room closed at 09:00
	PH_NOW="2026-09-01 10:00" run ph-alert note S001 "我不想活了" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t1\t赵老师(counsellor), 孙老师(counsellor), 王老师(class_teacher)\t'* ]]
	[ "$(outbox_of S001 | grep -c 周老师)" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM alert_event WHERE kind = 'on_duty'")" -eq 0 ]
	# a Tuesday outside the term: the rooms are not open
	PH_NOW="2027-02-02 08:00" run ph-alert note S005 "我不想活了" --by 周老师
	[[ "$output" == *$'\t1\t赵老师(counsellor), 孙老师(counsellor), 周老师(class_teacher), 吴阿姨(dorm_supervisor)\t'* ]]
	# the policy without on_duty: the roles only
	sed '/^  on_duty: true$/d' "$PH_SHARE/policy.yaml" > off.yaml
	! grep -q on_duty off.yaml
	PH_POLICY=$PWD/off.yaml run ph-alert note S003 "我不想活了" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t1\t赵老师(counsellor), 孙老师(counsellor), 王老师(class_teacher)\t'* ]]
	# and a value that is not a flag is refused
	sed 's/^  on_duty: true$/  on_duty: sometimes/' "$PH_SHARE/policy.yaml" > bad.yaml
	PH_POLICY=$PWD/bad.yaml fails_with 78 "'on_duty' of alerts must be true or false" \
	    ph-alert note S003 "我不想活了" --by 王老师
}

@test "on duty: a counsellor on duty who is not of the level gets the full message; the pupil monitor nothing" {
	# counsellors only at the top level: the one on duty knows first
	sed 's/roles: \[counsellor, class_teacher, dorm_supervisor\]/roles: [class_teacher, dorm_supervisor]/; s/roles: \[leader\], within: 48h}$/roles: [counsellor, leader], within: 48h}/' \
	    "$PH_SHARE/policy.yaml" > late.yaml
	export PH_POLICY=$PWD/late.yaml
	PH_NOW="2026-09-02 10:00" run ph-alert note S001 "我不想活了，想结束自己的生命" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\t1\t王老师(class_teacher), 周老师(on_duty), 赵老师(on_duty)\t'* ]]
	[ "$(outbox_of S001)" = "$(printf '王老师 class_teacher\n周老师 on_duty\n赵老师 counsellor')" ]
	id=$(alert_of S001)
	run ph-alert show "$id"
	[[ "$output" == *$'\ton_duty\t1\t赵老师 on duty in room 1 09:30-11:00, told as counsellor'* ]]
	mkdir mail
	FAKE_MAIL_DIR=$PWD/mail PH_NOW="2026-09-02 10:00" run ph-alert deliver --command "$FAKE -t"
	[ "$status" -eq 0 ]
	zhao=$(grep -l '^To: .* <zhao@school.test>' mail/*)
	zhou=$(grep -l '^To: .* <zhou@school.test>' mail/*)
	grep -q '想结束自己的生命' "$zhao"
	! grep -q '想结束自己的生命' "$zhou"
	# a pupil on the Tuesday rota: nothing, though the level names nobody
	# who may see the answers
	PH_NOW="2026-09-08 08:00" run ph-alert note S005 "我不想活了" --by 周老师
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox o JOIN contact c ON c.id = o.contact_id WHERE c.name = '李二'")" -eq 0 ]
}

@test "escalate: a deadline passing inside an opening goes also to whoever is on duty, once" {
	# raised Tuesday 10:00, no room open: the roles only
	PH_NOW="2026-09-01 10:00" ph-alert note S001 "我不想活了" --by 王老师 > /dev/null
	id=$(alert_of S001)
	# Wednesday 10:00, the deadline, in the opening of 周老师 and 赵老师
	PH_NOW="2026-09-02 10:00" run ph-alert escalate
	[ "$status" -eq 0 ]
	# 赵老师 was told at level 1 already
	[[ "$output" == *"$id"$'\tS001\t第一中学/七年级/1班\t1\t2\t李主任(grade_head), 周老师(on_duty)\t'* ]]
	[ "$(outbox_of S001 | tail -n 2)" = "$(printf '李主任 grade_head\n周老师 on_duty')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT level FROM outbox WHERE role = 'on_duty'")" -eq 1 ]
	run ph-alert show "$id"
	[[ "$output" == *$'\ton_duty\t2\t周老师 on duty in room 1 09:30-11:00, told as on_duty'* ]]
	# Thursday 10:00: 周老师 on duty again, told already
	PH_NOW="2026-09-03 10:00" run ph-alert escalate
	[[ "$output" == *"$id"$'\tS001\t第一中学/七年级/1班\t2\t3\t钱校长(leader)\t'* ]]
	[ "$(outbox_of S001 | grep -c 周老师)" -eq 1 ]
	# a deadline outside the openings: the level only
	PH_NOW="2026-09-01 10:00" ph-alert note S003 "我不想活了" --by 王老师 > /dev/null
	PH_NOW="2026-09-02 12:00" run ph-alert escalate
	[[ "$output" == *$'\tS003\t第一中学/七年级/1班\t1\t2\t李主任(grade_head)\t'* ]]
}

@test "self: a counsellor is never alerted about herself; the next holder is, and the gap is in the history" {
	# Tuesday 08:00: 赵老师 (T1) holds the counsellor role and is on
	# duty; 周老师 is on duty too, but is told nothing about a colleague
	run ph-alert note T1 "最近总想死" --by 孙老师
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tT1\t第一中学/心理组\t流露轻生念头\t'*'孙老师(counsellor)'* ]]
	[[ "$output" == *"赵老师(counsellor) not told: the alert is about them"* ]]
	[[ "$output" == *"赵老师(on_duty) not told: the alert is about them"* ]]
	[ "$(outbox_of T1 | grep -c 赵老师)" -eq 0 ]
	[ "$(outbox_of T1 | grep -c 周老师)" -eq 0 ]
	[ "$(outbox_of T1 | head -n 1)" = "孙老师 counsellor" ]
	id=$(alert_of T1)
	run ph-alert show "$id"
	[[ "$output" == *$'\tskipped\t1\t赵老师(counsellor) not told: the alert is about them'* ]]
	[[ "$output" == *$'\tskipped\t'?$'\t赵老师(on_duty) not told: the alert is about them'* ]]
	# and on up: nobody holds the next roles, the leader is told
	[ "$(outbox_of T1 | tail -n 1)" = "钱校长 leader" ]
	# whose message names the counsellor to ask: not the one it is about
	export FAKE_MAIL_DIR="$BATS_TEST_TMPDIR/mail"
	mkdir -p "$FAKE_MAIL_DIR"
	ph-alert deliver --command "$FAKE -t" > /dev/null 2>&1
	qian=$(grep -l '^To: .*<qian@school.test>' mail/*)
	grep -q '孙老师' "$qian"
	! grep -q '赵老师' "$qian"
	PH_NOW="2026-09-03 08:00" run ph-alert escalate
	[ "$status" -eq 0 ]
	[ "$(outbox_of T1 | grep -c 赵老师)" -eq 0 ]
}

@test "self: the only holder of a role is the subject: no other holder, a gap, and the next level at once" {
	# 孙老师 leaves; 赵老师 is the school's only counsellor
	sed '/孙老师/d' contacts.csv > one.csv
	ph-intake contacts one.csv 2>/dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM role WHERE role = 'counsellor' AND until IS NULL")" -eq 1 ]
	PH_NOW="2026-09-01 10:00" run ph-alert note T1 "最近总想死" --by 王老师
	[ "$status" -eq 0 ]
	[[ "$output" == *"no other counsellor for 第一中学"* ]]
	[ "$(outbox_of T1 | grep -c 赵老师)" -eq 0 ]
	# the level above is told at once, nothing is lost
	[ "$(sqlite3 "$PH_DB" "SELECT level FROM alert WHERE id = $(alert_of T1)")" -gt 0 ]
	[ "$(outbox_of T1 | grep -c 钱校长)" -eq 1 ]
}
