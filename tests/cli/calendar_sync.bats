#!/usr/bin/env bats
# Calendars that stay in sync: a room's .ics imported again and again
# (khal import, a phone calendar) after each `ph-schedule rooms load`
# shows each opening once; an opening's UID is its room, weekday, start
# and term, a changed one keeps it, a removed one is cancelled.

load helpers

setup() {
	setup_with_shipped_policy
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	cat > rooms.csv <<'CSV'
房间,名称,学校,类型,容量,星期,开始,结束,用途
1,心理咨询室,一中,个体咨询,2,周一,12:30,13:30,预约咨询
1,心理咨询室,一中,个体咨询,2,周三,16:30,17:30,预约咨询
2,放松室,一中,音乐放松,1,周三,12:00,13:00,放松
CSV
}

# UID SEQUENCE STATUS DTSTART-DTEND of each VEVENT, read by
# python3-icalendar.
ics_events() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    print(e['UID'], e.get('SEQUENCE', '-'), e.get('STATUS', 'LIVE'),
          e.decoded('DTSTART').strftime('%a %H:%M') + '-' +
          e.decoded('DTEND').strftime('%H:%M'))
PY
}

@test "calendar sync: two loads of one rooms file give the same .ics bytes, DTSTAMP aside" {
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule ics --room 1 > first.ics
	ph-schedule rooms load rooms.csv > /dev/null
	# another room's openings change their row ids, not room 1's calendar
	PH_NOW="2026-09-02 09:00" ph-schedule rooms load rooms.csv > /dev/null
	PH_NOW="2026-09-02 09:00" ph-schedule ics --room 1 > second.ics
	! cmp -s first.ics second.ics
	diff <(grep -v '^DTSTAMP:' first.ics) <(grep -v '^DTSTAMP:' second.ics)
	grep -q '^UID:opening-1-1-1230-20260901@ph-schedule' first.ics
	grep -q '^UID:opening-1-3-1630-20260901@ph-schedule' first.ics
	[ "$(grep -c '^UID:' first.ics)" -eq 2 ]
	# and the room's calendar is never the worse for it
	run ics_events second.ics
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "calendar sync: a changed opening keeps its UID, a removed one is cancelled, one back is live again" {
	ph-schedule rooms load rooms.csv > /dev/null
	# Monday 12:30 moves to 12:45; Wednesday ends later
	sed 's/周一,12:30,13:30/周一,12:45,13:30/; s/周三,16:30,17:30/周三,16:30,18:00/' \
	    rooms.csv > moved.csv
	PH_NOW="2026-09-03 08:00" ph-schedule rooms load moved.csv > /dev/null
	ph-schedule ics --room 1 > moved.ics
	run ics_events moved.ics
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$output" == *"opening-1-1-1230-20260901@ph-schedule 1 CANCELLED Mon 12:30-13:30"* ]]
	[[ "$output" == *"opening-1-1-1245-20260901@ph-schedule 0 LIVE Mon 12:45-13:30"* ]]
	[[ "$output" == *"opening-1-3-1630-20260901@ph-schedule 0 LIVE Wed 16:30-18:00"* ]]
	# the removal is in the audit trail, which stays whole
	[ "$(sqlite3 "$PH_DB" "SELECT subject || ' ' || detail FROM audit WHERE action = 'opening.remove'")" = \
	    "1 周一 12:30-13:30 预约咨询" ]
	ph-intake audit verify > /dev/null
	# loading the same file again cancels nothing more
	ph-schedule rooms load moved.csv > /dev/null
	ph-schedule ics --room 1 > again.ics
	diff <(grep -v '^DTSTAMP:' moved.ics) <(grep -v '^DTSTAMP:' again.ics)
	# back to 12:30: live with a higher SEQUENCE, 12:45 cancelled
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule ics --room 1 > back.ics
	run ics_events back.ics
	[[ "$output" == *"opening-1-1-1230-20260901@ph-schedule 2 LIVE Mon 12:30-13:30"* ]]
	[[ "$output" == *"opening-1-1-1245-20260901@ph-schedule 1 CANCELLED Mon 12:45-13:30"* ]]
}

@test "calendar sync: khal imports the calendar after each load and shows each opening once" {
	command -v khal > /dev/null || skip "khal is not installed"
	mkdir cal
	cat > khal.conf <<EOF
[calendars]
[[room]]
path = $PWD/cal
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = Asia/Shanghai
local_timezone = Asia/Shanghai
[sqlite]
path = $PWD/khal.db
EOF
	for f in rooms.csv rooms.csv moved.csv; do
		[ "$f" = moved.csv ] && sed 's/周一,12:30,13:30/周一,12:45,13:30/' \
		    rooms.csv > moved.csv
		ph-schedule rooms load "$f" > /dev/null
		ph-schedule ics --room 1 > room1.ics
		khal -c khal.conf import --batch room1.ics
	done
	run khal -c khal.conf list 2026-09-07 2026-09-08
	[ "$status" -eq 0 ]
	[ "$(grep -c '预约咨询' <<< "$output")" -eq 2 ]
	[[ "$output" == *"CANCELLED 12:30-13:30 预约咨询"* ]]
	[[ "$output" == *$'\n12:45-13:30 预约咨询'* ]]
}
