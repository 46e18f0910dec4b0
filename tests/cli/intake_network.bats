#!/usr/bin/env bats
# ph-intake contacts, roles, gaps, promote, transfer.

load helpers

setup() {
	common_setup
	write_pupils --col 宿舍 students.csv \
	    S4,丁,女,一中,高三,1班,5-101 \
	    S5,戊,男,小学,三年级,1班, \
	    S6,己,女,小学,六年级,1班,
	ph-intake roster students.csv
	cat > contacts.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,学号
班主任,一中,初一,1班,王老师,女,13900000001,
心理委员,一中,初一,1班,甲,男,,S1
心理委员(女),一中,初一,1班,乙,,,S2
年级主任,一中,初一,,李主任,男,13900000002,
心理教师,一中,,,赵老师,女,13900000003,
CSV
}

@test "contacts: loads roles, lists them, reports the gaps" {
	run ph-intake contacts contacts.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '5\t5\t0\t0\t5')" ]
	[[ "$output" == *"warning: 一中/七年级/2班: no class teacher"* ]]
	[[ "$output" == *"warning: 一中: no school leader responsible"* ]]
	run ph-intake roles --unit 一中/初一/1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(tsv_get <(echo "$output" | awk -F'\t' 'NR==1 || $2 == "monitor" {print $3 "\t" $0}' | sed '1s/^[^\t]*\t/key\t/') sex 乙)" = F ]
}

@test "contacts: the same file twice changes nothing" {
	ph-intake contacts contacts.csv
	n=$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")
	run ph-intake contacts contacts.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '5\t0\t0\t5\t0')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit")" = "$n" ]
}

@test "contacts: a new class teacher ends the old one's role" {
	ph-intake contacts contacts.csv
	printf '角色,单位,姓名,电话\n班主任,一中/七年级/1班,孙老师,13900000009\n' > change.csv
	run ph-intake contacts change.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '1\t1\t1\t0\t1')" ]
	[ "$(sqlite3 "$PH_DB" "SELECT c.name FROM role r JOIN contact c ON c.id = r.contact_id WHERE r.role = 'class_teacher' AND r.until IS NULL")" = "孙老师" ]
	[ "$(sqlite3 "$PH_DB" "SELECT until FROM role r JOIN contact c ON c.id = r.contact_id WHERE c.name = '王老师'")" = "2026-09-01" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM role WHERE role = 'monitor' AND until IS NULL")" -eq 2 ]
}

@test "contacts: bad rows are all listed and nothing is written" {
	cat > bad.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,学号
校医,一中,,,钱,男,
班主任,一中,初一,9班,孙,女,
班主任,一中,,,周,女,
心理委员,一中,初一,1班,吴,,
心理委员,一中,初一,2班,甲,男,S1
班主任,一中,初一,1班,郑,男,
班主任,一中,初一,1班,冯,女,
CSV
	fails_with 65 "bad.csv:2: 角色: unknown role '校医'" ph-intake contacts bad.csv
	[[ "$output" == *"bad.csv:3: unit: no unit '9班'"* ]]
	[[ "$output" == *"bad.csv:4: unit: a class_teacher belongs to a class"* ]]
	[[ "$output" == *"bad.csv:5: 性别: missing"* ]]
	[[ "$output" == *"bad.csv:6: 学号: a monitor is a pupil of the class"* ]]
	[[ "$output" == *"bad.csv:7: 一中/七年级/1班 has 2 class_teachers"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM role")" -eq 0 ]
}

@test "gaps: as records, restricted to a unit" {
	ph-intake contacts contacts.csv
	run ph-intake gaps --unit 一中/初一
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'unit\tgap\tdetail')" ]
	[[ "$output" == *"$(printf '一中/七年级/2班\tclass_teacher')"* ]]
	[[ "$output" != *"一中/高三"* ]]
	[[ "$output" != *"$(printf '一中/七年级/1班\t')"* ]]
}

@test "promote: classes move up with their ids, the top grade graduates" {
	ph-intake contacts contacts.csv
	class=$(sqlite3 "$PH_DB" "SELECT id FROM unit WHERE path = '一中/七年级/1班'")
	run ph-intake promote
	[ "$status" -eq 0 ]
	[[ "$output" == *"$(printf '一中\t高三\t高三(2026届)\t1\t1\tgraduate')"* ]]
	[[ "$output" == *"$(printf '一中\t七年级\t八年级\t2\t3\tpromote')"* ]]
	[[ "$output" == *"$(printf '小学\t六年级\t六年级(2026届)\t1\t1\tgraduate')"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE id = $class")" = "一中/八年级/1班" ]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM person WHERE person_no = 'S4'")" = graduated ]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM person WHERE person_no = 'S1'")" = active ]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE id = (SELECT unit_id FROM person WHERE person_no = 'S5')")" = "小学/四年级/1班" ]
	run ph-intake roles --unit 一中/八年级/1班
	[ "${#lines[@]}" -eq 4 ]
}

@test "promote: --dry-run changes nothing; a second run is refused without --force" {
	run ph-intake promote --dry-run
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM unit WHERE name = '八年级'")" -eq 0 ]
	ph-intake promote
	PH_NOW="2026-10-01 08:00" run ph-intake promote
	[ "$status" -eq 65 ]
	[[ "$output" == *"already rolled over on 2026-09-01"* ]]
	PH_NOW="2026-10-01 08:00" run ph-intake promote --force
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT path FROM unit WHERE id = (SELECT unit_id FROM person WHERE person_no = 'S1')")" = "一中/九年级/1班" ]
}

@test "transfer: out and in again is lossless, the sender marks transferred" {
	ph-intake contacts contacts.csv
	ph-intake flag S1 +留守 --note "from the roster office"
	ph-intake flag S1 +ill
	ph-intake flag S1 -ill
	run ph-intake transfer out S1
	[ "$status" -eq 0 ]
	echo "$output" > s1.jsonl
	[ "$(head -n 1 s1.jsonl | grep -c '"type":"ph-archive"')" -eq 1 ]
	[ "$(grep -c '"type":"flag"' s1.jsonl)" -eq 2 ]
	[ "$(sqlite3 "$PH_DB" "SELECT status FROM person WHERE person_no = 'S1'")" = transferred ]
	# another school's database with the same class
	PH_DB=$BATS_TEST_TMPDIR/other.db ph-intake roster students.csv --full < /dev/null >/dev/null 2>&1 || true
	export PH_DB=$BATS_TEST_TMPDIR/b.db
	grep -v '^S1,' students.csv > others.csv
	ph-intake roster others.csv
	run ph-intake transfer in s1.jsonl
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == "$(printf 'S1\t甲\t一中/七年级/1班\t2\t1')" ]]
	ph-intake transfer out S1 > again.jsonl
	diff <(grep -v '"type":"ph-archive"' s1.jsonl | sed 's/"status":"[a-z]*"//') \
	     <(grep -v '"type":"ph-archive"' again.jsonl | sed 's/"status":"[a-z]*"//')
}

@test "transfer: a bad archive loads nothing" {
	printf '{"type":"ph-archive","version":"1"}\n{"type":"person","person_no":"X1","kind":"student","name":"某"}\n{"type":"card","color":"red"}\n{"type":"martian"}\n' > bad.jsonl
	fails_with 65 "bad.jsonl:3: card: a card set by hand needs its reason and set_by" \
	    ph-intake transfer in bad.jsonl
	[[ "$output" == *"bad.jsonl:4: type: unknown record type 'martian'"* ]]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM person WHERE person_no = 'X1'")" -eq 0 ]
	printf '{"type":"person"}\n' > nohead.jsonl
	fails_with 65 "not a ph archive" ph-intake transfer in nohead.jsonl
	run ph-intake transfer out NOBODY
	[ "$status" -eq 65 ]
}

@test "transfer: someone active here already is refused" {
	ph-intake transfer out S2 > s2.jsonl
	ph-intake roster students.csv
	fails_with 65 "'S2' is already on this roster" ph-intake transfer in s2.jsonl
}

@test "transfer: a pupil who comes back keeps the flags both places gave" {
	ph-intake flag S3 +欺凌 --since 2026-03-01
	ph-intake flag S3 -欺凌
	ph-intake transfer out S3 > s3.jsonl
	# meanwhile, here, before the archive comes back
	PH_NOW="2026-10-01 08:00" ph-intake roster students.csv
	PH_NOW="2026-10-01 08:00" ph-intake flag S3 +ill
	ph-intake transfer out S3 > s3b.jsonl
	sqlite3 "$PH_DB" "UPDATE person SET status = 'transferred' WHERE person_no = 'S3'"
	run ph-intake transfer in s3.jsonl
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT group_concat(flag || ':' || coalesce(until, 'open'), ' ') FROM (SELECT * FROM person_flag ORDER BY flag) WHERE person_id = (SELECT id FROM person WHERE person_no = 'S3')")" = "bullied:2026-09-01 ill:open" ]
}
