#!/usr/bin/env bats
# ph-intake: options, database rules, flags, listing, output formats, audit.

load helpers

setup() {
	common_setup
}

@test "cli: --help prints the synopsis and exits 0" {
	run ph-intake --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: ph-intake"* ]]
	[[ "$output" == *"transfer out ID"* ]]
}

@test "cli: --version names the program and the toolkit" {
	run ph-intake --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^ph-intake\ \(ph\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "cli: no command, an unknown command, a bad option: exit 64" {
	run ph-intake
	[ "$status" -eq 64 ]
	fails_with 64 "unknown command: 'frobnicate'" ph-intake frobnicate
	run ph-intake list --no-such-option
	[ "$status" -eq 64 ]
	run ph-intake --format xml list
	[ "$status" -eq 64 ]
	run ph-intake --encoding ebcdic roster
	[ "$status" -eq 64 ]
}

@test "cli: a command line that is not one is 64 before the database is opened" {
	# PH_DB names a file that does not exist: a mistake must not read as
	# a missing database (66), nor create the file
	fails_with 64 "flag: an operand is missing" ph-intake flag S1
	fails_with 64 "flag: too many operands" ph-intake flag S1 +ill extra
	fails_with 64 "unknown command: 'transfer'" ph-intake transfer
	fails_with 64 "transfer out: an operand is missing" ph-intake transfer out
	# transfer in and roster create the database: still nothing created
	fails_with 64 "transfer in: too many operands" ph-intake transfer in a.jsonl b.jsonl
	fails_with 64 "audit verify: too many operands" ph-intake audit verify now
	fails_with 64 "list: too many operands" ph-intake list everyone
	run ph-intake frobnicate
	[ "$status" -eq 64 ]
	run ph-intake roster --no-such-option students.csv
	[ "$status" -eq 64 ]
	[ ! -e "$PH_DB" ]
}

@test "cli: each command still runs its own operation" {
	write_roster students.csv
	run ph-intake roster students.csv
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == rows*added* ]]
	run ph-intake flag S001 -- +ill
	[ "$status" -eq 0 ]
	run ph-intake audit --subject S001
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") action 2)" = flag.set ]
	run ph-intake audit verify
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") status 2)" = ok ]
	ph-intake transfer out S002 > s2.jsonl
	[ -s s2.jsonl ]
	run ph-intake --db other.db transfer in s2.jsonl
	[ "$status" -eq 0 ]
	[ -e other.db ]
}

@test "cli: a bad PH_NOW is a usage error" {
	PH_NOW=yesterday run ph-intake list
	[ "$status" -eq 64 ]
	[[ "$output" == *"PH_NOW: 'yesterday'"* ]]
}

@test "db: readers do not create a database" {
	run ph-intake list
	[ "$status" -eq 66 ]
	[ ! -e "$PH_DB" ]
}

@test "db: --db wins over PH_DB, and the file is created 0600" {
	write_roster students.csv
	umask 022
	run ph-intake --db other.db roster students.csv
	[ "$status" -eq 0 ]
	[ -e other.db ]
	[ ! -e "$PH_DB" ]
	[ "$(stat -c %a other.db)" = 600 ]
}

@test "db: options may follow the command" {
	write_roster students.csv
	run ph-intake roster students.csv --db late.db
	[ "$status" -eq 0 ]
	[ -e late.db ]
}

@test "db: a database others may read is refused (77)" {
	write_roster students.csv
	ph-intake roster students.csv
	chmod 644 "$PH_DB"
	fails_with 77 "chmod 600" ph-intake list
}

@test "db: a newer schema is refused with a clear message" {
	write_roster students.csv
	ph-intake roster students.csv
	sqlite3 "$PH_DB" "PRAGMA user_version = 999"
	fails_with 65 "newer than this ph knows" ph-intake list
}

@test "db: a busy database is a temporary failure (75)" {
	write_roster students.csv
	ph-intake roster students.csv
	# hold the write lock longer than ph-intake waits for it
	(sqlite3 "$PH_DB" "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 3" "COMMIT;" >/dev/null) &
	sleep 1
	PH_BUSY_TIMEOUT=200 run ph-intake flag S001 +ill
	wait
	[ "$status" -eq 75 ]
}

@test "flag: set, refuse a repeat politely, clear with a note" {
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake flag S002 +患病 --since 2026-08-20 --note "hospital letter"
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT since || '|' || source || '|' || note FROM person_flag WHERE flag = 'ill'")" = "2026-08-20|manual|hospital letter" ]
	run ph-intake flag S002 +ill
	[ "$status" -eq 0 ]
	[[ "$output" == *"already has ill"* ]]
	run ph-intake flag S002 -ill
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT until FROM person_flag WHERE flag = 'ill'")" = "2026-09-01" ]
	[ "$(sqlite3 "$PH_DB" "SELECT count(*) FROM audit WHERE subject = 'S002' AND action LIKE 'flag.%'")" -eq 2 ]
}

@test "flag: unknown flag, unknown person, missing sign" {
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake flag S002 +orphan
	[ "$status" -eq 64 ]
	fails_with 65 "no person 'NOBODY'" ph-intake flag NOBODY +ill
	run ph-intake flag S002 ill
	[ "$status" -eq 64 ]
}

@test "list: by unit (written any way), flag, kind and status" {
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake list --unit 第一中学/初一/1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[0]}" = "$(printf 'id\tname\tkind\tsex\tunit\tdormitory\tstatus\tflags')" ]
	run ph-intake list --flag 留守
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == S001* ]]
	run ph-intake list --kind staff
	[ "${#lines[@]}" -eq 1 ]
	fails_with 65 "no unit '九年级'" ph-intake list --unit 第一中学/九年级
}

@test "units: head counts roll up the tree" {
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake units
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") students 第一中学)" = 5 ]
	[ "$(tsv_get <(echo "$output") students 第一中学/七年级)" = 3 ]
	[ "$(tsv_get <(echo "$output") flagged 第一中学/七年级/1班)" = 2 ]
}

@test "output: --format csv neutralises formulas, jsonl is valid JSON" {
	printf '学号,姓名,学校,年级,班级\nF1,=HYPERLINK("x"),二中,8,1\nF2,"a,b",二中,8,1\n' > f.csv
	ph-intake roster f.csv
	run ph-intake --format csv list
	[ "$status" -eq 0 ]
	[[ "$output" == *"'=HYPERLINK"* ]]
	[[ "$output" == *'"a,b"'* ]]
	ph-intake --format jsonl list > out.jsonl
	[ "$(wc -l < out.jsonl)" -eq 2 ]
	# every line is valid JSON, by SQLite's own JSON parser
	run sqlite3 :memory: "CREATE TABLE t (j TEXT);" ".separator \036 \n" \
	    ".import out.jsonl t" ".separator | \n" \
	    "SELECT min(json_valid(j)), count(*) FROM t;"
	[ "$output" = "1|2" ]
	grep -q '"name":"=HYPERLINK(\\"x\\")"' out.jsonl
}

@test "audit: verify a whole chain, detect an edited row" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +ill
	run ph-intake audit verify
	[ "$status" -eq 0 ]
	[ "$(tsv_get <(echo "$output") status 2)" = ok ]
	run ph-intake audit
	[ "${#lines[@]}" -eq 3 ]
	sqlite3 "$PH_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '+hardship' WHERE id = 2"
	fails_with 65 "row 2 was changed" ph-intake audit verify
}

@test "audit: a removed row breaks the chain" {
	write_roster students.csv
	ph-intake roster students.csv
	ph-intake flag S001 +ill
	ph-intake flag S002 +ill
	sqlite3 "$PH_DB" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2"
	fails_with 65 "rows are missing" ph-intake audit verify
}

@test "staff: loads employees and new hires into departments" {
	cat > staff.csv <<'CSV'
工号,姓名,性别,单位,部门,职务,新入职,电话,邮箱
T001,孙老师,女,第一中学,心理中心,专职心理教师,否,13900000001,sun@example.org
T002,周老师,男,第一中学,,班主任,是,139-0000-0002,
T003,吴老师,男,教育局,基教科,科员,N,,
CSV
	write_roster students.csv
	ph-intake roster students.csv
	run ph-intake staff staff.csv
	[ "$status" -eq 0 ]
	[ "$(sqlite3 "$PH_DB" "SELECT u.path || '|' || p.new_hire FROM person p JOIN unit u ON u.id = p.unit_id WHERE person_no = 'T001'")" = "第一中学/心理中心|0" ]
	[ "$(sqlite3 "$PH_DB" "SELECT u.kind || '|' || p.new_hire || '|' || p.phone FROM person p JOIN unit u ON u.id = p.unit_id WHERE person_no = 'T002'")" = "school|1|13900000002" ]
	[ "$(sqlite3 "$PH_DB" "SELECT kind FROM unit WHERE path = '教育局'")" = organisation ]
	run ph-intake list --kind staff --unit 第一中学
	[ "${#lines[@]}" -eq 3 ]
}

@test "output: a full disk is an I/O error (74), not silence" {
	[ -w /dev/full ] || skip "no /dev/full"
	write_roster students.csv
	ph-intake roster students.csv
	run sh -c 'ph-intake list > /dev/full'
	[ "$status" -eq 74 ]
	[[ "$output" == *"stdout"* ]]
}
