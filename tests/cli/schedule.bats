#!/usr/bin/env bats
# ph-schedule: the term calendar with holidays and make-up days, rooms and
# their hours, bookings and every kind of clash, free slots, the agenda,
# reminders into ph-alert's outbox, and iCalendar read back by
# python3-icalendar.

load helpers

setup() {
	setup_with_shipped_policy
	# Tuesday 2026-09-01, 08:00
	write_pupils students.csv
	ph-intake roster students.csv
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test
心理教师,一中,,,赵老师,女,13900000003,zhao@school.test
心理教师,一中,,,钱老师,男,13900000004,qian@school.test
CSV
	ph-intake contacts contacts.csv 2>/dev/null
	printf '日期,类型,说明\n2026-10-01,放假,国庆节\n2026-10-02,放假,国庆节\n2026-10-10,调休上班,国庆调休\n' > cal.csv
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar cal.csv
	cat > rooms.csv <<'CSV'
房间,名称,学校,类型,容量,星期,开始,结束,用途
1,心理咨询室,一中,个体咨询,2,周一,16:30,18:30,预约咨询
1,心理咨询室,一中,个体咨询,2,周三,16:30,17:30,预约咨询
1,心理咨询室,一中,个体咨询,2,星期五,16:30,18:30,预约咨询
1,心理咨询室,一中,个体咨询,2,星期六,09:00,10:00,调休日
2,放松室,一中,音乐放松,1,周三,12:00,13:00,放松
CSV
}

@test "term set: school days with holidays and make-up days; rooms load against the minimum" {
	run ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar cal.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026秋\t2026-09-01\t2027-01-20\t101\t2\t1')" ]
	run ph-schedule rooms load rooms.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '一中\t1\t2.0\t2\tok')" ]
	[ "${lines[2]}" = "$(printf '一中\t2\t0.0\t2\tshort')" ]
	[ "${lines[3]}" = "$(printf '一中\t3\t2.0\t2\tok')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM opening")" -eq 5 ]
	# the same file again replaces, not adds
	ph-schedule rooms load rooms.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM opening")" -eq 5 ]
}

@test "rooms load and calendars: bad lines listed, nothing loaded" {
	printf '房间,学校,类型,星期,开始,结束\n9,二中,咨询,周一,16:00,17:00\n9,一中,厨房,周一,16:00,17:00\n9,一中,咨询,周八,16:00,17:00\n9,一中,咨询,周一,18:00,17:00\n' > bad.csv
	fails_with 65 "bad.csv:2: 学校: no school '二中' on the roster" ph-schedule rooms load bad.csv
	[[ "$output" == *"bad.csv:3: 类型: '厨房': expected counselling"* ]]
	[[ "$output" == *"bad.csv:4: 星期: '周八' is not a day of the week"* ]]
	[[ "$output" == *"bad.csv:5: 开始: '18:00' to '17:00' is not a time span"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM room")" -eq 0 ]
	printf '日期,类型\n2026-13-01,放假\n2026-10-03,开会\n' > badcal.csv
	fails_with 65 "badcal.csv:3: 类型: '开会' is not a day type (expected holiday" \
	    ph-schedule term set t2 --from 2027-02-20 --to 2027-07-01 --calendar badcal.csv
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM term")" -eq 1 ]
}

@test "book: every clash refused with what it clashes with; urgent books outside the rules" {
	ph-schedule rooms load rooms.csv > /dev/null
	run ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '1\tS1\t赵老师\t1\t2026-09-02 16:30:00\t2026-09-02 17:20:00')" ]
	fails_with 65 "room 1: the room is taken by appointment 1, 2026-09-02 16:30-17:20" \
	    ph-schedule book S2 --with 赵老师 --at '2026-09-02 16:40' --length 30
	fails_with 65 "room 1: the room is taken by appointment 1, 2026-09-02 16:30-17:20" \
	    ph-schedule book S2 --with 钱老师 --at '2026-09-02 16:30' --length 30
	fails_with 65 "room 1 is not open then (12:00-12:50)" \
	    ph-schedule book S2 --with 赵老师 --at '2026-09-01 12:00'
	run ph-schedule book S2 --with 赵老师 --at '2026-10-01 16:30'
	[[ "$output" == *"2026-10-01 is a holiday: 国庆节"* ]]
	run ph-schedule book S2 --with 赵老师 --at '2026-09-05 09:00'
	[[ "$output" == *"2026-09-05 is a Saturday"* ]]
	# the make-up Saturday is a school day, and the room opens on Saturdays
	run ph-schedule book S2 --with 赵老师 --at '2026-10-10 09:00'
	[ "$status" -eq 0 ]
	# one counsellor at a time
	fails_with 65 "S1: appointment 1 with 赵老师 at 2026-09-02 16:30 is still booked (one counsellor at a time" \
	    ph-schedule book S1 --with 钱老师 --at '2026-09-04 16:30'
	run ph-schedule book S9 --with 赵老师 --at '2026-09-04 16:30'
	[ "$status" -eq 65 ]
	run ph-schedule book S3 --with 孙老师 --at '2026-09-04 16:30'
	[[ "$output" == *"no counsellor of that name"* ]]
	# a crisis on a holiday, outside the openings: booked, and audited
	run ph-schedule book S3 --with 钱老师 --at '2026-10-01 10:00' --room 1 --urgent
	[ "$status" -eq 0 ]
	[[ "$(sqlite3 "$PH_DB" "SELECT detail FROM audit WHERE action = 'appointment.book' ORDER BY id DESC LIMIT 1")" == *"urgent (outside the rules)" ]]
}

@test "book: two bookings of one slot at the same moment, exactly one wins" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-04 16:30' > a.out 2>&1 &
	ph-schedule book S2 --with 钱老师 --at '2026-09-04 16:30' > b.out 2>&1 &
	wait
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM appointment")" -eq 1 ]
	cat a.out b.out | grep -q 'taken by appointment 1'
}

@test "cancel, done, noshow; free slots around what is booked" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-04 16:30' > /dev/null
	run ph-schedule free --with 赵老师 --days 7
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'date\tstart\tend\troom')" ]
	[[ "$output" == *$'2026-09-02\t16:30\t17:20\t1'* ]]
	[[ "$output" == *$'2026-09-04\t17:20\t18:10\t1'* ]]
	[[ "$output" != *$'2026-09-04\t16:30'* ]]
	[[ "$output" != *"2026-09-05"* ]]
	ph-schedule cancel 1 --reason 学生请假
	run ph-schedule free --with 赵老师 --days 7
	[[ "$output" == *$'2026-09-04\t16:30\t17:20\t1'* ]]
	fails_with 65 "appointment 1 is cancelled already" ph-schedule cancel 1
	ph-schedule book S1 --with 赵老师 --at '2026-09-07 16:30' > /dev/null
	ph-schedule done 2 --note "谈及与父母的矛盾"
	ph-schedule book S1 --with 赵老师 --at '2026-09-09 16:30' > /dev/null
	ph-schedule noshow 3
	run ph-schedule agenda --with 赵老师 --week 2026-09-09
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == *$'\tS1\t甲\t一中/七年级/1班\tdone\t' ]]
	[[ "${lines[2]}" == *$'\tnoshow\t' ]]
	# the counsellor's note is kept, and shown nowhere
	[ "$(sqlite3 "$PH_DB" "SELECT note FROM appointment WHERE id = 2")" = "谈及与父母的矛盾" ]
	[[ "$output" != *"谈及"* ]]
}

@test "remind: queued once, to the counsellor and the class teacher, withdrawn on cancel" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	ph-schedule book S3 --with 钱老师 --at '2026-09-04 16:30' > /dev/null
	# Tuesday 08:00: Wednesday 16:30 is a day and a half ahead
	run ph-schedule remind --ahead 1d
	[ "${#lines[@]}" -eq 1 ]
	run ph-schedule remind --ahead 2d
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *$'\t王老师\tclass_teacher'* ]]
	[[ "$output" == *$'\t赵老师\tcounsellor'* ]]
	run ph-schedule remind --ahead 2d
	[ "${#lines[@]}" -eq 1 ]
	run ph-alert deliver --dry-run
	[[ "$output" == *$'\twang@school.test\tclass_teacher\tdry-run\t'*"请于 2026-09-02 16:30 让一中/七年级/1班的甲（S1）到心理咨询室"* ]]
	# S3's class has no class teacher: the counsellor only
	PH_NOW="2026-09-03 17:00" run ph-schedule remind --ahead 1d
	[ "${#lines[@]}" -eq 2 ]
	ph-schedule cancel 2
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE appointment_id = 2")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM outbox WHERE appointment_id = 1")" -eq 2 ]
}

@test "ics: openings as weekly rules without the holidays, appointments, read back by python3-icalendar" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	ph-schedule book S2 --with 赵老师 --at '2026-09-04 16:30' > /dev/null
	ph-schedule cancel 2
	ph-schedule ics --room 1 > room1.ics
	# CRLF everywhere, no line over 75 octets
	[ "$(grep -c $'\r$' room1.ics)" -eq "$(wc -l < room1.ics)" ]
	[ "$(awk '{ if (length($0) > 76) n++ } END { print n + 0 }' room1.ics)" -eq 0 ]
	run /usr/bin/python3 - room1.ics <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ev = list(cal.walk('VEVENT'))
print(len(ev))
for e in ev:
    print(e['UID'], e['SUMMARY'], e.get('STATUS', ''), e.get('RRULE', {}).get('BYDAY', [''])[0],
          ' '.join(d.dt.strftime('%m%d') for x in ([e['EXDATE']] if 'EXDATE' in e and not isinstance(e['EXDATE'], list) else e.get('EXDATE', [])) for d in x.dts))
PY
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 6 ]
	[[ "$output" == *"opening-1-5-1630-20260901@ph-schedule 预约咨询  FR 1002"* ]]
	[[ "$output" == *"appt-1@ph-schedule 已预约 CONFIRMED"* ]]
	[[ "$output" == *"appt-2@ph-schedule 已预约 CANCELLED"* ]]
	[[ "$output" != *"甲"* ]]
	# with --names, and the same UIDs with a higher SEQUENCE after a change
	ph-schedule ics --with 赵老师 --names > zhao.ics
	grep -q 'SUMMARY:心理咨询：甲（S1）与赵老师' zhao.ics
	[ "$(grep -A3 'UID:appt-2@' zhao.ics | grep -c 'SEQUENCE:1')" -eq 1 ]
	[ "$(grep -A3 'UID:appt-1@' zhao.ics | grep -c 'SEQUENCE:0')" -eq 1 ]
	# appointments that cannot be read: an error, and no calendar that
	# looks whole without them
	sqlite3 "$PH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	size=$(sqlite3 "$PH_DB" "PRAGMA page_size")
	root=$(sqlite3 "$PH_DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'appointment'")
	printf '\377\377\377\377\377\377\377\377' |
	    dd of="$PH_DB" bs=1 seek=$(( (root - 1) * size )) conv=notrunc 2> /dev/null
	fails_with 65 "ph-schedule: $PH_DB: ics: appointments: database disk image is malformed" \
	    ph-schedule ics --room 1
	[[ "$output" != *"END:VCALENDAR"* ]]
}

@test "followups: a red card's first talk within 3 school days, then 7, 30, 90 days; booked, done, overdue" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,0\n' > a.csv
	# answers imported on Wednesday 30 September, before the holiday
	PH_NOW="2026-09-30 08:00" ph-screen import --campaign 2026秋 a.csv > /dev/null
	PH_NOW="2026-09-30 09:00" run ph-schedule followups
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	# Thursday and Friday are holidays, the weekend is closed: Monday,
	# Tuesday, Wednesday
	[ "${lines[1]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfirst talk\t2026-10-07\tdue\t')" ]
	[ "${lines[2]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfollow-up 7d\t2026-10-14\tdue\t')" ]
	# each follow-up after the first talk's day, not after the one before
	[ "${lines[3]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfollow-up 30d\t2026-11-06\tdue\t')" ]
	[ "${lines[4]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfollow-up 90d\t2027-01-05\tdue\t')" ]
	PH_NOW="2026-09-30 09:00" ph-schedule book S1 --with 赵老师 --at '2026-10-05 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW="2026-10-05 18:00" ph-schedule done 1
	PH_NOW="2026-10-20 09:00" run ph-schedule followups
	[ "${lines[1]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfirst talk\t2026-10-07\tdone\t1')" ]
	# the follow-ups count from the first talk that happened
	[ "${lines[2]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfollow-up 7d\t2026-10-12\toverdue\t')" ]
	[ "${lines[3]}" = "$(printf 'S1\t甲\t一中/七年级/1班\t2026秋\tfollow-up 30d\t2026-11-04\tdue\t')" ]
	PH_NOW="2026-10-20 09:00" run ph-schedule followups --overdue
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == *$'\tfollow-up 7d\t2026-10-12\toverdue\t' ]]
}

@test "lessons: one a fortnight on school days, recorded, and who is behind" {
	run ph-schedule lesson plan --term 2026秋
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'class\tplanned')" ]
	[ "${#lines[@]}" -eq 3 ]
	# 2026-09-01 to 2027-01-20: a lesson in each block of 14 days (the
	# last block's two days too few for this class's weekday)
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM lesson l JOIN unit u ON u.id = l.unit_id WHERE u.path = '一中/七年级/1班'")" -eq 10 ]
	[ "$(sqlite3 "$PH_DB" "SELECT max(julianday(b.day) - julianday(a.day)) FROM lesson a JOIN lesson b ON b.unit_id = a.unit_id AND b.day = (SELECT min(day) FROM lesson c WHERE c.unit_id = a.unit_id AND c.day > a.day)")" = 18.0 ]
	# never on a closed day
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM lesson WHERE strftime('%w', day) IN ('0', '6') AND day <> '2026-10-10' OR day IN ('2026-10-01', '2026-10-02')")" -eq 0 ]
	# planning again plans nothing more
	ph-schedule lesson plan --term 2026秋 > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM lesson")" -eq 20 ]
	ph-schedule lesson record 一中/初一/1班 2026-09-03 --topic 认识情绪 --by 赵老师
	PH_NOW="2026-09-20 08:00" run ph-schedule lesson status --term 2026秋
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t10\t1\t1\t9\tok')" ]
	[ "${lines[2]}" = "$(printf '一中/七年级/2班\t10\t0\t1\t9\tbehind')" ]
	run ph-schedule lesson record 一中/初一/9班 2026-09-03 --topic x
	[ "$status" -eq 65 ]
	run ph-schedule lesson status --term nosuch
	[ "$status" -eq 65 ]
}

@test "visits: every pupil's family once a school year, listed per class teacher until visited" {
	run ph-schedule visit due
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t王老师\tS1\t甲')" ]
	[ "${lines[3]}" = "$(printf '一中/七年级/2班\t\tS3\t丙')" ]
	ph-schedule visit record S1 --by 王老师 --date 2026-09-10 --note 家中和睦
	run ph-schedule visit due --unit 一中/初一/1班
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" != *"S1"* ]]
	# a visit of last school year does not count this year
	ph-schedule visit record S2 --by 王老师 --date 2026-06-10
	run ph-schedule visit due --unit 一中/初一/1班
	[[ "$output" == *$'\tS2\t乙'* ]]
	run ph-schedule visit record S9 --by x --date 2026-09-10
	[ "$status" -eq 65 ]
	run ph-schedule visit record S1 --by x --date 2026-13-10
	[ "$status" -eq 64 ]
}

@test "events: attendance by id or name, unknown and ambiguous names listed, not guessed; the year's targets" {
	printf '工号,姓名,单位\nT1,赵老师,一中\nT2,钱老师,一中\nT3,甲,一中\n' > staff.csv
	ph-intake staff staff.csv > /dev/null
	printf '角色,学校,姓名,工号\n心理教师,一中,赵老师,T1\n' > c2.csv
	ph-intake contacts c2.csv > /dev/null 2>&1 || true
	run ph-schedule event add 讲座 "情绪管理" --at '2026-10-10 14:00' --audience staff
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '1\tlecture\t情绪管理')" ]
	ph-schedule event add 培训 "危机干预培训" --at '2026-11-01 09:00' > /dev/null
	ph-schedule event add 主题活动 "5·25 心理健康日" --at '2027-05-25 09:00' --for 一中/初一 --audience student > /dev/null
	# 甲 is a pupil and a member of staff: ambiguous for an event for all
	printf '姓名\n赵老师\n甲\n孙老师\n' > sign.csv
	fails_with 65 "sign.csv:3: 姓名: '甲' is ambiguous: S1, T3; give the id" \
	    ph-schedule event attend 2 sign.csv
	[[ "$output" == *"sign.csv:4: 姓名: nobody called '孙老师' is on the roster"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM attendance")" -eq 0 ]
	printf '姓名,工号\n赵老师,\n,T3\n' > sign2.csv
	run ph-schedule event attend 2 sign2.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2\t2\t2')" ]
	# the pupils' event: 甲 is only the pupil there
	printf '姓名\n甲\n' | ph-schedule event attend 3 > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT p.person_no FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.event_id = 3")" = S1 ]
	run ph-schedule event status --year 2026
	[ "${lines[1]}" = "$(printf 'staff theme activities\tall staff\t0\t2\tshort')" ]
	[ "${lines[2]}" = "$(printf 'staff lectures\tall staff\t1\t4\tshort')" ]
	[[ "$output" == *$'trainings attended\t赵老师\t1\t4\tshort'* ]]
	run ph-schedule event add 开会 x --at '2026-10-10 14:00'
	[ "$status" -eq 64 ]
}

@test "groups: every session booked, closed days passed over, at most its maximum, attendance per session" {
	ph-schedule rooms load rooms.csv > /dev/null
	# twelve Wednesdays from 2026-09-23: 09-30 and 10-07 are open, the
	# holiday week only on 10-01 and 10-02 (Thursday, Friday)
	printf '日期,类型\n2026-09-30,放假\n' > more.csv
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar more.csv > /dev/null
	ph-schedule group create 成长小组 --room 1 --leader 赵老师 --first '2026-09-23 16:30' --sessions 4 --length 60 --min 2 --max 3 > out.tsv 2> err.txt
	[ "$(wc -l < out.tsv)" -eq 5 ]
	[ "$(sed -n 3p out.tsv)" = "$(printf '成长小组\t2\t2026-10-07 16:30:00\t17:30\t1')" ]
	grep -q "1 closed day passed over" err.txt
	# its sessions take the room: no appointment then
	fails_with 65 "the room is taken by appointment" \
	    ph-schedule book S1 --with 赵老师 --at '2026-10-07 16:30'
	run ph-schedule group join 成长小组 S1
	[ "$status" -eq 0 ]
	[[ "$output" == *"fewer than its 2"* ]]
	ph-schedule group join 成长小组 S2 S3
	roster_rows s4.csv S4,丁,女,一中,初一,2班
	ph-intake roster s4.csv > /dev/null
	fails_with 65 "more than its 3; nobody joined" ph-schedule group join 成长小组 S4
	ph-schedule group attend 成长小组 1 S1 S2
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM grp_attendance")" -eq 2 ]
	fails_with 65 "'S4' is not a member of group 成长小组" ph-schedule group attend 成长小组 1 S4
	run ph-schedule group attend 成长小组 9 S1
	[ "$status" -eq 65 ]
}

@test "a policy's schedule numbers that are not numbers stop the command, named with line and column" {
	sed 's/^  per_term: 9/  per_term: many/; s/^    first: 3/    first: soon/' "$PH_SHARE/policy.yaml" > bad.yaml
	per_term=$(grep -n '^  per_term: many' bad.yaml | cut -d: -f1)
	first=$(grep -n '^    first: soon' bad.yaml | cut -d: -f1)
	# the whole file is checked, by every command alike: both named
	for cmd in "lesson status --term 2026秋" followups; do
		run ph-schedule --policy bad.yaml $cmd
		[ "$status" -eq 78 ]
		[[ "$output" == *"ph-schedule: "*"bad.yaml:$per_term:13: lessons.per_term must be a whole number from 0 to 200"* ]]
		[[ "$output" == *"ph-schedule: "*"bad.yaml:$first:12: followups.red.first must be a number of school days"* ]]
	done
}

@test "a policy's misspelled key or a number out of range in any section is refused by check and by every program (issue 15)" {
	sed 's/^  min_cell: 5/  min_cel: 5/; s/^  every_days: 14/  every_days: 0/; s/^    then: \[7d, 30d, 90d\]/    then: [7d, soon]/' "$PH_SHARE/policy.yaml" > bad.yaml
	fails_with 65 "followups.red.then: durations such as 7d" ph-screen check bad.yaml
	[[ "$output" == *"bad.yaml:"*"unknown key 'min_cel'"* ]]
	[[ "$output" == *"lessons.every_days must be a whole number from 1 to 366"* ]]
	fails_with 78 "min_cel" ph-report --policy bad.yaml upward
	run ph-schedule --policy bad.yaml duty list --gaps
	[ "$status" -eq 78 ]
}

@test "duty load: names matched in the room's school, all or nothing; duty list --gaps: openings with nobody and days short of the minimum" {
	ph-schedule rooms load rooms.csv > /dev/null
	printf '房间,星期,开始,值班人\n1,周一,16:30,赵老师\n1,周一,16:30,王老师\n1,周三,16:30,钱老师\n' > duty.csv
	run ph-schedule duty load duty.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM duty")" -eq 3 ]
	# the week of 09-28: the holidays of 10-01 and 10-02 need nobody
	run ph-schedule duty list --week 2026-09-30
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026-09-28\t1\t1\t16:30\t18:30\t预约咨询\t王老师, 赵老师')" ]
	[ "${lines[2]}" = "$(printf '2026-09-30\t3\t1\t16:30\t17:30\t预约咨询\t钱老师')" ]
	[ "${lines[3]}" = "$(printf '2026-09-30\t3\t2\t12:00\t13:00\t放松\tNOBODY')" ]
	[ "${#lines[@]}" -eq 4 ]
	run ph-schedule duty list --week 2026-09-01 --gaps
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026-09-01\t2\t一中\t\t\topen 0.0 h, the policy asks 2 h')" ]
	[ "${lines[2]}" = "$(printf '2026-09-02\t3\t2\t12:00\t13:00\tnobody on duty')" ]
	[ "${lines[4]}" = "$(printf '2026-09-04\t5\t1\t16:30\t18:30\tnobody on duty')" ]
	[ "${#lines[@]}" -eq 5 ]
	# every bad line named; nothing of the file kept
	printf '房间,星期,开始,值班人\n1,周一,16:30,孙老师\n3,周一,16:30,赵老师\n1,周二,16:30,赵老师\n1,周一,16:30,钱老师\n' > bad.csv
	fails_with 65 "bad.csv:2: 值班人: nobody called '孙老师' holds a role" \
	    ph-schedule duty load bad.csv
	[[ "$output" == *"bad.csv:3: 房间: no room '3'"* ]]
	[[ "$output" == *"bad.csv:4: 开始: room 1 does not open at 16:30 on 周二"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM duty")" -eq 3 ]
	# a new roster of a room replaces its old one
	printf '房间,星期,开始,值班人\n1,周五,16:30,钱老师\n' > friday.csv
	ph-schedule duty load friday.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(weekday) FROM duty")" = 5 ]
}

@test "book: a change of counsellor at most as often a term as the policy says" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	ph-schedule done 1
	# the first change of the term is allowed
	run ph-schedule book S1 --with 钱老师 --at '2026-09-04 16:30'
	[ "$status" -eq 0 ]
	ph-schedule done 2
	fails_with 65 "S1: a change of counsellor this term would be change 2, and the policy allows 1" \
	    ph-schedule book S1 --with 赵老师 --at '2026-09-07 16:30'
	# staying with the counsellor of now is no change
	run ph-schedule book S1 --with 钱老师 --at '2026-09-07 16:30'
	[ "$status" -eq 0 ]
	ph-schedule cancel 3
	# a policy that allows two
	sed 's/^  counsellor_changes: 1$/  counsellor_changes: 2/' "$PH_SHARE/policy.yaml" > two.yaml
	grep -q '^  counsellor_changes: 2$' two.yaml
	run ph-schedule --policy two.yaml book S1 --with 赵老师 --at '2026-09-07 16:30'
	[ "$status" -eq 0 ]
	# a crisis goes past the rule
	run ph-schedule book S1 --with 钱老师 --at '2026-09-09 16:30' --urgent
	[ "$status" -eq 0 ]
	# the next term starts the count again
	ph-schedule term set 2027春 --from 2027-02-20 --to 2027-07-01 > /dev/null
	ph-schedule done 4
	ph-schedule done 5
	PH_NOW='2027-02-22 08:00' run ph-schedule book S1 --with 赵老师 --at '2027-03-01 16:30'
	[ "$status" -eq 0 ]
}

@test "waitlist: first come first served, a cancelled slot offered to the first who can take it, a booking ends the wait" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	ph-schedule book S3 --with 钱老师 --at '2026-09-04 16:30' > /dev/null
	ph-schedule waitlist add S3 > /dev/null
	ph-schedule waitlist add S2 --with 赵老师 > /dev/null
	fails_with 65 "S2 has been waiting since 2026-09-01 08:00:00" ph-schedule waitlist add S2
	run ph-schedule waitlist list --with 钱老师
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "$(printf '1\tS3\t丙\t')"* ]]
	# S3, first in line, has an appointment with another counsellor: the
	# slot goes to S2
	run ph-schedule cancel 1 --reason 生病
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '1\t2026-09-02 16:30\t1\t赵老师\tS2\t乙\t一中/七年级/1班\t2026-09-01 08:00:00')" ]
	run ph-schedule waitlist list
	[[ "${lines[2]}" == *$'\t1 2026-09-02 16:30' ]]
	ph-schedule book S2 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	run ph-schedule waitlist list
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "$(printf '1\tS3\t')"* ]]
	# a slot in the past is offered to nobody
	PH_NOW='2026-09-05 08:00' run ph-schedule cancel 2
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ph-schedule waitlist remove S3
	run ph-schedule waitlist remove S3
	[ "$status" -eq 65 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(status) FROM waitlist ORDER BY id")" = "removed,booked" ]
}

@test "signin: the small rooms take as many as they hold, for 5 to 10 minutes, in their hours" {
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n3,宣泄室,一中,宣泄,2,周二,12:00,13:00,宣泄\n1,心理咨询室,一中,个体咨询,2,周二,12:00,13:00,预约咨询\n' > small.csv
	ph-schedule rooms load small.csv > /dev/null
	export PH_NOW='2026-09-01 12:10'
	run ph-schedule signin 3 S1
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '3\tS1\t甲\t一中/七年级/1班\t12:10\t12:20')" ]
	fails_with 65 "signed in to room 3 until 12:20 already" ph-schedule signin 3 S1
	ph-schedule signin 3 S2 --minutes 5 > /dev/null
	fails_with 65 "room 3 is full until 12:15 (2 at a time)" ph-schedule signin 3 S3
	PH_NOW='2026-09-01 12:15' run ph-schedule signin 3 S3
	[ "$status" -eq 0 ]
	run ph-schedule signin 1 S3
	[[ "$output" == *"room 1 is a counselling room: book it"* ]]
	run ph-schedule signin 3 S3 --minutes 30
	[ "$status" -eq 64 ]
	PH_NOW='2026-09-01 14:00' run ph-schedule signin 3 S3
	[[ "$output" == *"room 3 is not open now"* ]]
	PH_NOW='2026-10-01 12:10' run ph-schedule signin 3 S3
	[[ "$output" == *"the school is closed on 2026-10-01"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM signin")" -eq 3 ]
}

@test "remind: group sessions, lessons, events and follow-ups falling due, each once, the class teacher told only time and place" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,0\n' > a.csv
	export PH_NOW="2026-09-30 08:00"
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	ph-schedule group create 成长小组 --room 1 --leader 赵老师 --first '2026-10-07 16:30' --sessions 2 --length 60 --min 1 --max 3 > /dev/null 2>&1
	ph-schedule group join 成长小组 S1 S3 > /dev/null 2>&1
	ph-schedule lesson plan --term 2026秋 > /dev/null
	lessons=$(sqlite3 "$PH_DB" "SELECT count(*) FROM lesson WHERE day BETWEEN '2026-09-30' AND '2026-10-07'")
	[ "$lessons" -gt 0 ]
	ph-schedule event add lecture 家长讲座 --at '2026-10-06 15:00' --for 一中 > /dev/null
	PH_NOW="2026-09-30 20:00" run ph-schedule remind --ahead 7d
	[ "$status" -eq 0 ]
	# the session: its leader and S1's class teacher (S3's class has
	# none); the lessons and the lecture and S1's first talk, due on
	# 2026-10-07: both counsellors of the school
	[ "$(grep -c $'^group 成长小组 1\t2026-10-07 16:30\t1\t赵老师\tcounsellor$' <<< "$output")" -eq 1 ]
	[ "$(grep -c $'^group 成长小组 1\t2026-10-07 16:30\t1\t王老师\tclass_teacher$' <<< "$output")" -eq 1 ]
	[ "$(grep -c '^lesson ' <<< "$output")" -eq $((lessons * 2)) ]
	[ "$(grep -c $'^event 家长讲座\t2026-10-06 15:00\t' <<< "$output")" -eq 2 ]
	[ "$(grep -c $'^followup S1 first talk\t2026-10-07\t' <<< "$output")" -eq 2 ]
	[ "${#lines[@]}" -eq $((1 + 2 + lessons * 2 + 2 + 2)) ]
	# once
	PH_NOW="2026-09-30 21:00" run ph-schedule remind --ahead 7d
	[ "${#lines[@]}" -eq 1 ]
	PH_NOW="2026-09-30 21:00" run ph-alert deliver --dry-run
	[ "$status" -eq 0 ]
	# the class teacher: time and place, not a word of counselling
	teacher=$(grep $'\twang@school.test\t' <<< "$output")
	[[ "$teacher" == *"请于 2026-10-07 16:30 让一中/七年级/1班的甲（S1）到心理咨询室"* ]]
	[[ "$teacher" != *团体* ]]
	[[ "$output" == *"团体辅导「成长小组」第1次（共2次，成员2人）"*"时间：2026-10-07 16:30，地点：心理咨询室"* ]]
	[[ "$output" == *"讲座「家长讲座」，面向一中"* ]]
	[[ "$output" == *"甲（S1，一中/七年级/1班）2026秋红卡的首次谈话到期，尚未预约"* ]]
	# what is booked is not reminded as a follow-up; cancelled, it is
	ph-schedule book S1 --with 赵老师 --at '2026-10-05 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW="2026-10-05 18:00" ph-schedule done 1
	PH_NOW="2026-10-05 18:00" ph-schedule book S1 --with 赵老师 --at '2026-10-12 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW="2026-10-05 20:00" run ph-schedule remind --ahead 7d
	[ "$(grep -c '^followup ' <<< "$output")" -eq 0 ]
	PH_NOW="2026-10-05 20:00" ph-schedule cancel 2
	PH_NOW="2026-10-05 20:00" run ph-schedule remind --ahead 7d
	[ "$(grep -c $'^followup S1 follow-up 7d	2026-10-12	' <<< "$output")" -eq 2 ]
}

@test "remind: months after a campaign, only the follow-ups of a late first talk are read and reminded" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,2\n' > a.csv
	PH_NOW="2026-09-30 08:00" ph-screen import --campaign 2026秋 a.csv > /dev/null
	ph-schedule term set 2027春 --from 2027-02-20 --to 2027-07-01 > /dev/null
	export PH_NOW="2027-02-26 08:00"
	ph-schedule book S1 --with 赵老师 --at '2027-03-01 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW="2027-03-01 18:00" ph-schedule done 1
	# S1's first talk was on 03-01: the week's follow-up falls due on
	# 03-08; S2, never seen, is overdue long since, for followups to list
	PH_NOW="2027-03-03 20:00" run ph-schedule remind --ahead 7d
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(grep -c $'^followup S1 follow-up 7d\t2027-03-08\t' <<< "$output")" -eq 2 ]
	PH_NOW="2027-03-03 20:00" run ph-schedule followups --overdue
	[[ "$output" == *$'S2\t乙\t'* ]]
}

@test "ics: a group series as one weekly rule with its closed day excepted, events, read back by python3-icalendar" {
	ph-schedule rooms load rooms.csv > /dev/null
	printf '日期,类型\n2026-09-30,放假\n' > more.csv
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar more.csv > /dev/null
	ph-schedule group create 成长小组 --room 1 --leader 赵老师 --first '2026-09-23 16:30' --sessions 4 --length 60 --min 1 --max 3 > /dev/null 2>&1
	ph-schedule group join 成长小组 S1 > /dev/null 2>&1
	ph-schedule event add lecture 家长讲座 --at '2026-10-06 15:00' --for 一中 > /dev/null
	ph-schedule book S2 --with 钱老师 --at '2026-09-25 16:30' > /dev/null
	ph-schedule ics > all.ics
	ph-schedule ics --with 赵老师 > zhao.ics
	ph-schedule ics --unit 一中/初一/2班 > class2.ics
	run /usr/bin/python3 - all.ics zhao.ics class2.ics <<'PY'
import sys, icalendar
for f in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(f, 'rb').read())
    ev = list(cal.walk('VEVENT'))
    print(f, len(ev))
    for e in ev:
        if str(e['UID']).startswith('group-'):
            r = e['RRULE']
            ex = e['EXDATE']
            ex = ex if isinstance(ex, list) else [ex]
            print(e['UID'], e['SUMMARY'], r['FREQ'][0], r['INTERVAL'][0], r['COUNT'][0],
                  e['DTSTART'].dt.strftime('%m%d %H%M'), e['DTEND'].dt.strftime('%H%M'),
                  ' '.join(d.dt.strftime('%m%d %H%M') for x in ex for d in x.dts))
        elif str(e['UID']).startswith('event-'):
            print(e['UID'], e['SUMMARY'], e['DTSTART'].dt.strftime('%m%d %H%M'), e['LOCATION'])
PY
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "all.ics 3" ]
	[[ "$output" == *"group-1@ph-schedule 团体辅导：成长小组（4次） WEEKLY 1 5 0923 1630 1730 0930 1630"* ]]
	[[ "$output" == *"event-1@ph-schedule 讲座：家长讲座 1006 1500 一中"* ]]
	# the leader's calendar: the series, not the other counsellor's
	# appointment, not the events
	[[ "$output" == *$'\nzhao.ics 1\n'* ]]
	# class 2 has no member of the group and no appointment: the event
	[[ "$output" == *$'\nclass2.ics 1\nevent-1'* ]]
}

@test "cli: a command line that is not one is 64 before the database is opened, with or without it" {
	none=$BATS_TEST_TMPDIR/none.db
	PH_DB=$none run ph-schedule frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command: 'frobnicate'"* ]]
	PH_DB=$none run ph-schedule duty
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command: 'duty'"* ]]
	PH_DB=$none run ph-schedule book S1 --with 赵老师
	[ "$status" -eq 64 ]
	[[ "$output" == *"book needs --at"* ]]
	PH_DB=$none run ph-schedule term set 2026秋 --from 2026-09-01
	[ "$status" -eq 64 ]
	[[ "$output" == *"term set needs --to"* ]]
	PH_DB=$none run ph-schedule group create 成长小组 --room 1
	[ "$status" -eq 64 ]
	[[ "$output" == *"group create needs --leader, --first"* ]]
	PH_DB=$none run ph-schedule visit record S1 --by 王老师
	[ "$status" -eq 64 ]
	[[ "$output" == *"visit record needs --date"* ]]
	PH_DB=$none run ph-schedule lesson status
	[ "$status" -eq 64 ]
	[[ "$output" == *"lesson status needs --term"* ]]
	PH_DB=$none run ph-schedule group join 成长小组
	[ "$status" -eq 64 ]
	[[ "$output" == *"group join: an operand is missing"* ]]
	PH_DB=$none run ph-schedule event attend 1 a.csv b.csv
	[ "$status" -eq 64 ]
	[[ "$output" == *"event attend: too many operands"* ]]
	PH_DB=$none run ph-schedule cancel
	[ "$status" -eq 64 ]
	[[ "$output" == *"cancel: an operand is missing"* ]]
	PH_DB=$none run ph-schedule remind now
	[ "$status" -eq 64 ]
	[[ "$output" == *"remind: too many operands"* ]]
	[ ! -e "$none" ]
	# a whole command line does open it, and finds it missing
	PH_DB=$none run ph-schedule remind
	[ "$status" -eq 66 ]
	[ ! -e "$none" ]
	# the same mistakes with the database there: 64, nothing written
	before=$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")
	run ph-schedule book S1 --with 赵老师
	[ "$status" -eq 64 ]
	run ph-schedule term set 2027春 --from 2027-02-20
	[ "$status" -eq 64 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")" = "$before" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM term WHERE code = '2027春'")" -eq 0 ]
}
