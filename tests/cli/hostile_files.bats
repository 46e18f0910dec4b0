#!/usr/bin/env bats
# Hostile and odd files (issue 17): day types matched as whole words,
# a key listed twice in one file refused, dates checked on every path.

load helpers

setup() {
	setup_with_share
	write_pupils students.csv
	ph-intake roster students.csv
}

@test "calendar: day types are whole words, '不放假' and '不上课' refused, nothing written" {
	printf '日期,类型\n2026-10-01,不放假\n2026-10-02,放假\n2026-10-10,不上课\n2026-10-11,补班\n' > cal.csv
	fails_with 65 "cal.csv:2: 类型: '不放假' is not a day type (expected " \
	    ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar cal.csv
	[[ "$output" == *"cal.csv:4: 类型: '不上课' is not a day type (expected "* ]]
	[[ "$output" != *"cal.csv:3:"* && "$output" != *"cal.csv:5:"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM term")" -eq 0 ]
	# the words of either kind, in any case for the English ones
	printf '日期,类型\n2026-10-01,节假日\n2026-10-02,Holiday\n2026-10-10,补课\n2026-10-11,WORKDAY\n' > cal.csv
	run ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar cal.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '2026秋\t2026-09-01\t2027-01-20\t102\t2\t2')" ]
}

@test "calendar: a date listed twice refused with both lines, nothing written" {
	printf '日期,类型\n2026-10-01,放假\n2026-10-02,放假\n2026/10/1,调休上班\n2026-10-02,放假\n' > cal.csv
	fails_with 65 "cal.csv:4: date 2026-10-01 is also on line 2" \
	    ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 --calendar cal.csv
	[[ "$output" == *"cal.csv:5: date 2026-10-02 is also on line 3"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM term")" -eq 0 ]
}

@test "rooms: an opening listed twice refused with both lines, nothing written" {
	cat > rooms.csv <<'CSV'
房间,学校,类型,星期,开始,结束
1,一中,咨询,周一,16:30,18:30
1,一中,咨询,星期一,16:30,17:00
1,一中,咨询,周三,16:30,17:30
2,一中,放松,周一,16:30,18:30
1,一中,咨询,Wed,16:30,18:00
CSV
	fails_with 65 "rooms.csv:3: room 1 opening on 周一 at 16:30 is also on line 2" \
	    ph-schedule rooms load rooms.csv
	[[ "$output" == *"rooms.csv:6: room 1 opening on 周三 at 16:30 is also on line 4"* ]]
	[[ "$output" != *"rooms.csv:5:"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM room")" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM opening")" -eq 0 ]
}
