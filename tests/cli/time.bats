#!/usr/bin/env bats
# Time: PH_NOW to a strict grammar and a sane range, an unknown TZ refused,
# and the .ics zone always the zone its times are in.

load helpers

setup() {
	setup_with_share
	write_roster roster.csv
}

@test "PH_NOW: malformed or out-of-range values are refused before any file is touched" {
	for bad in '+026-09-01' '0000-09-01' '1969-12-31 23:59' '2026-9-01' \
	    '2026-09-01  08:00' '2026-09-01 8:00' '2026-09-01 08:00:60' \
	    '2026-02-29' '2026-04-31 08:00' '2026-09-01 24:00' ' 2026-09-01' \
	    '@99999999999999999999' '@253402300800' '@-1' '@' '@1e9' \
	    '2026-09-01 08:00Z' '20260901'; do
		PH_NOW="$bad" run ph-intake roster roster.csv
		[ "$status" -eq 64 ] || { echo "accepted: $bad"; false; }
		[[ "$output" == "ph-intake: PH_NOW: '$bad': "* ]] || { echo "$output"; false; }
		[ ! -e "$PH_DB" ]
	done
	PH_NOW='1969-12-31' run ph-intake roster roster.csv
	[[ "$output" == *"'1969-12-31': before 1970"* ]]
	PH_NOW='2026-02-29' run ph-intake roster roster.csv
	[[ "$output" == *"'2026-02-29': no such day"* ]]
}

@test "PH_NOW: every documented form is taken, and the audit has the time given" {
	for good in '2026-09-01' '2026-09-01 08:00' '2026-09-01 08:00:30' \
	    '2026-09-01T08:00' '2028-02-29 12:00' '9999-12-31 23:59:59' \
	    '@1788220800' '@0'; do
		PH_NOW="$good" run ph-intake list
		[ "$status" -ne 64 ] || { echo "refused: $good: $output"; false; }
	done
	PH_NOW='2026-09-01 08:00:30' ph-intake roster roster.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE at NOT LIKE '2026-09-01T08:00:30+08:00'")" -eq 0 ]
}

@test "PH_NOW: a local time that daylight saving skips is refused" {
	TZ=Europe/Berlin PH_NOW='2026-03-29 02:30' run ph-intake list
	[ "$status" -eq 64 ]
	[[ "$output" == *"PH_NOW: '2026-03-29 02:30': that local time does not exist"* ]]
	TZ=Europe/Berlin PH_NOW='2026-03-29 03:30' run ph-intake list
	[ "$status" -ne 64 ]
}

@test "TZ: an unknown zone is refused before any file is touched; names, paths and POSIX strings are taken" {
	for bad in Asia/Shanghaii :Asia/Nowhere Shanghai /etc/passwd CST-8x; do
		TZ="$bad" run ph-intake roster roster.csv
		[ "$status" -eq 64 ] || { echo "accepted: $bad"; false; }
		[[ "$output" == "ph-intake: TZ: '$bad': "* ]] || { echo "$output"; false; }
		[ ! -e "$PH_DB" ]
	done
	TZ=Asia/Shanghaii run ph-intake list
	[[ "$output" == *"no such zone"* ]]
	for good in Asia/Shanghai :Asia/Shanghai CST-8 '<+08>-8' UTC \
	    'EST5EDT,M3.2.0,M11.1.0' :/etc/localtime /usr/share/zoneinfo/Asia/Shanghai; do
		TZ="$good" run ph-intake list
		[ "$status" -ne 64 ] || { echo "refused: $good: $output"; false; }
	done
	# TZDIR is where glibc looks
	mkdir zones
	cp /usr/share/zoneinfo/Asia/Shanghai zones/School
	TZDIR="$PWD/zones" TZ=School run ph-intake list
	[ "$status" -ne 64 ]
	# a POSIX string means what it says: 08:00 at UTC+8 is 00:00 UTC
	TZ=CST-8 PH_NOW='2026-09-01 08:00' ph-intake roster roster.csv > /dev/null
	[ "$(sqlite3 "$PH_DB" "SELECT DISTINCT at FROM audit")" = "2026-09-01T08:00:00+08:00" ]
}

# A counsellor, a room and two appointments: one in summer time, one in
# winter time (Europe/Berlin changes on 2026-10-25).
ics_school() {
	ph-intake roster roster.csv > /dev/null
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,邮箱
心理教师,第一中学,,,赵老师,女,13900000003,zhao@school.test
CSV
	ph-intake contacts contacts.csv > /dev/null 2>&1
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,第一中学,个体咨询,2,周三,16:30,17:30,预约咨询\n' > rooms.csv
	ph-schedule rooms load rooms.csv > /dev/null
	ph-schedule book S001 --with 赵老师 --at '2026-09-02 16:30' > /dev/null
	ph-schedule book S002 --with 赵老师 --at '2026-11-04 16:30' > /dev/null
}

# Each event's DTSTART as UTC, read by python3-icalendar through the
# file's own VTIMEZONE (not the reader's zone database), and the zone.
ics_read() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
zones = {str(z['TZID']): z for z in cal.walk('VTIMEZONE')}
def off(v):
    s = v.to_ical()
    return s.decode() if isinstance(s, bytes) else s
for z in zones.values():
    print('zone', z['TZID'], ' '.join(sorted(
        '%s:%s' % (o.name, off(o['TZOFFSETTO'])) for o in z.subcomponents)))
for e in cal.walk('VEVENT'):
    p = e['DTSTART']
    tzid = p.params.get('TZID')
    naive = p.dt.replace(tzinfo=None)
    if tzid:
        tz = zones[tzid].to_tz()
        # pytz-style zones take their offset for the day from localize
        at = (tz.localize(naive) if hasattr(tz, 'localize') else
              naive.replace(tzinfo=tz)).astimezone(datetime.timezone.utc)
    else:
        at = p.dt.astimezone(datetime.timezone.utc)
    print(str(e['UID']).split('@')[0], tzid or 'Z', at.strftime('%Y-%m-%d %H:%M'))
PY
}

@test "ics: the zone is the one the times are in, whatever TZ is" {
	ics_school
	# TZ a path: the zone it links to (this host's, whatever it is)
	ln -s /usr/share/zoneinfo/America/New_York ny
	TZ=":$PWD/ny" ph-schedule ics > ny.ics
	run ics_read ny.ics
	[ "$status" -eq 0 ]
	[[ "$output" == *"zone America/New_York"* ]]
	[[ "$output" == *"appt-1 America/New_York 2026-09-02 08:30"* ]]
	# a name: that name
	TZ=Asia/Shanghai ph-schedule ics > sh.ics
	run ics_read sh.ics
	[[ "$output" == *"zone Asia/Shanghai STANDARD:+0800"* ]]
	[[ "$output" == *"appt-1 Asia/Shanghai 2026-09-02 08:30"* ]]
	# a POSIX string names no zone: the times in UTC, no zone given
	TZ=CST-8 ph-schedule ics --room 1 > posix.ics
	run ics_read posix.ics
	[[ "$output" != *"zone"* ]]
	[[ "$output" == *"appt-1 Z 2026-09-02 08:30"* ]]
	[[ "$output" == *"opening-1-3-1630-20260901 Z 2026-09-02 08:30"* ]]
	! grep -q 'TZID' posix.ics
	# a path to a copy, which no name can be known for: UTC
	cp /usr/share/zoneinfo/Asia/Shanghai copied
	TZ=":$PWD/copied" ph-schedule ics > copied.ics
	run ics_read copied.ics
	[[ "$output" == *"appt-1 Z 2026-09-02 08:30"* ]]
	[[ "$output" != *"Asia/Shanghai"* ]]
}

@test "ics: TZ=:/etc/localtime names the zone /etc/localtime links to" {
	target=$(readlink -f /etc/localtime) || skip "no /etc/localtime"
	case $target in
	/usr/share/zoneinfo/*) ;;
	*) skip "/etc/localtime is not a link into /usr/share/zoneinfo" ;;
	esac
	zone=${target#/usr/share/zoneinfo/}
	zone=${zone#posix/}
	ics_school
	TZ=:/etc/localtime ph-schedule ics > local.ics
	grep -q "^TZID:$zone"$'\r'"\$" local.ics
	run ics_read local.ics
	[ "$status" -eq 0 ]
	# the same moment as under Asia/Shanghai: 08:30 UTC
	ph-schedule ics > sh.ics
	run ics_read sh.ics
	sh=$(grep '^appt-' <<< "$output" | awk '{ print $1, $3, $4 }')
	run ics_read local.ics
	[ "$(grep '^appt-' <<< "$output" | awk '{ print $1, $3, $4 }')" = "$sh" ]
}

@test "ics: a zone with daylight saving has both offsets with their yearly rules" {
	export TZ=Europe/Berlin
	ics_school
	TZ=Europe/Berlin ph-schedule ics > berlin.ics
	run ics_read berlin.ics
	[ "$status" -eq 0 ]
	[[ "$output" == *"zone Europe/Berlin DAYLIGHT:+0200 STANDARD:+0100"* ]]
	# booked at 16:30 Berlin time: summer (UTC+2) and winter (UTC+1)
	[[ "$output" == *"appt-1 Europe/Berlin 2026-09-02 14:30"* ]]
	[[ "$output" == *"appt-2 Europe/Berlin 2026-11-04 15:30"* ]]
	grep -q '^RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU' berlin.ics
	grep -q '^RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU' berlin.ics
	# and a zone south of the equator, and one with a second Sunday
	for z in Australia/Sydney America/New_York; do
		TZ=$z ph-schedule ics > z.ics
		run ics_read z.ics
		[ "$(grep -c '^zone .*DAYLIGHT.*STANDARD' <<< "$output")" -eq 1 ]
	done
	grep -q '^RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU' z.ics
	grep -q '^RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU' z.ics
}
