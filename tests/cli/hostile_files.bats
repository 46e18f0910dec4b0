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

@test "transfer in: a date that does not exist refused with the archive's line, nothing written" {
	write_roster roster.csv
	ph-intake roster roster.csv > /dev/null
	ph-intake flag S001 -- +ill > /dev/null
	ph-intake transfer out S001 > s1.jsonl
	sed -e '/"type":"person"/s/"birth_date":"[^"]*"/"birth_date":"2013-02-30"/' \
	    -e '/"flag":"ill"/s/"since":"[^"]*"/"since":"2026-9-1"/' s1.jsonl > bad.jsonl
	echo '{"type":"case","kind":"follow_up","status":"open","opened_at":"1e9","opened_by":"x"}' >> bad.jsonl
	fails_with 65 "bad.jsonl:2: birth_date: date '2013-02-30' does not exist" \
	    ph-intake --db other.db transfer in bad.jsonl
	[[ "$output" == *"bad.jsonl:"*": since: date '2026-9-1' is not written YYYY-MM-DD"* ]]
	[[ "$output" == *"bad.jsonl:"*": opened_at: '1e9' is not a time (seconds since 1970)"* ]]
	[ "$(sqlite3 other.db "SELECT count(*) FROM person")" -eq 0 ]
	# the archive as written comes in
	run ph-intake --db other.db transfer in s1.jsonl
	[ "$status" -eq 0 ]
	[ "$(sqlite3 other.db "SELECT birth_date FROM person")" = 2013-03-04 ]
}

@test "duty load: a person listed twice at one opening is one duty, not an error" {
	printf '角色,学校,年级,班级,姓名,性别,电话,邮箱\n心理教师,一中,,,赵老师,女,13900000003,zhao@school.test\n' > contacts.csv
	ph-intake contacts contacts.csv 2>/dev/null
	printf '房间,学校,类型,星期,开始,结束\n1,一中,咨询,周一,16:30,18:30\n' > rooms.csv
	ph-schedule rooms load rooms.csv > /dev/null
	printf '房间,星期,开始,值班人\n1,周一,16:30,赵老师\n1,星期一,16:30,赵老师\n' > duty.csv
	run ph-schedule duty load duty.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM duty")" -eq 1 ]
}
