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
