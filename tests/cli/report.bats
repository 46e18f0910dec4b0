#!/usr/bin/env bats
# ph-report: coverage and cards per unit over one database and over a
# district's files, every figure known by construction; nothing written.

load helpers

setup() {
	common_setup
	export PH_SHARE="$BATS_TEST_DIRNAME/../../share/ph"
	unset PH_POLICY PH_PATH
	# 一中: three pupils in two classes, two dormitories; 二中: two in one
	# class.  The same number A1 in both schools is two people.
	cat > a.csv <<'CSV'
学号,姓名,性别,学校,年级,班级,宿舍
A1,甲,男,一中,初一,1班,东-101
A2,乙,女,一中,初一,1班,西-201
A3,丙,男,一中,初一,2班,东-101
CSV
	cat > b.csv <<'CSV'
学号,姓名,性别,学校,年级,班级
A1,丁,男,二中,初二,1班
B2,戊,女,二中,初二,1班
CSV
	# 一中: A1 red (item 9), A2 blue; 二中: A1 red (severe total)
	printf '学号,1,2,3,4,5,6,7,8,9\nA1,0,0,0,0,0,0,0,0,2\nA2,1,1,1,1,1,1,1,1,0\n' > ra.csv
	printf '学号,1,2,3,4,5,6,7,8,9\nA1,3,3,3,3,3,3,3,3,0\n' > rb.csv
	for s in a b; do
		ph-intake --db $s.db roster $s.csv > /dev/null
		ph-screen --db $s.db campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
		ph-screen --db $s.db import --campaign 2026秋 r$s.csv > /dev/null
	done
}

@test "coverage: per school and in total over two files, per class, per dormitory" {
	run ph-report --db a.db --db b.db coverage
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'unit\tshould\tscreened\tmissing\trate\n一中\t3\t2\t1\t66.7%%\n二中\t2\t1\t1\t50.0%%\ntotal\t5\t3\t2\t60.0%%')" ]
	run ph-report --db a.db --db b.db coverage --by class
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t2\t2\t0\t100.0%%')" ]
	[ "${lines[2]}" = "$(printf '一中/七年级/2班\t1\t0\t1\t0.0%%')" ]
	[ "${lines[3]}" = "$(printf '二中/八年级/1班\t2\t1\t1\t50.0%%')" ]
	[ "${lines[4]}" = "$(printf 'total\t5\t3\t2\t60.0%%')" ]
	run ph-report --db a.db coverage --by dormitory
	[[ "$output" == *"$(printf '/东-101\t2\t1\t1\t50.0%%')"* ]]
	[[ "$output" == *"$(printf '/西-201\t1\t1\t0\t100.0%%')"* ]]
	# one unit: its own row, or its classes
	run ph-report --db a.db --db b.db coverage --unit 二中/初二
	[ "${lines[1]}" = "$(printf '二中/八年级\t2\t1\t1\t50.0%%')" ]
	run ph-report --db a.db --db b.db coverage --unit 一中 --by class
	[ "${#lines[@]}" -eq 4 ]
	# the names, for each school's own follow-up
	run ph-report --db a.db --db b.db coverage --missing
	[ "$output" = "$(printf 'unit\tid\tname\tmissing\n一中/七年级/2班\tA3\t丙\tphq9\n二中/八年级/1班\tB2\t戊\tphq9')" ]
	# ph-screen gives the same figures for one school
	run ph-screen --db a.db coverage --campaign 2026秋
	[ "${lines[1]}" = "$(printf '一中\tschool\t3\t2\t66.7%%')" ]
}

@test "cards: colours and shares per unit; a directory of files is the same district" {
	run ph-report --db a.db --db b.db cards --by class
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'unit\tscreened\tred\tyellow\tblue\tnone\tred_share\tyellow_share\tblue_share')" ]
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t2\t1\t0\t1\t0\t50.0%%\t0.0%%\t50.0%%')" ]
	[ "${lines[2]}" = "$(printf '二中/八年级/1班\t1\t1\t0\t0\t0\t100.0%%\t0.0%%\t0.0%%')" ]
	[ "${lines[3]}" = "$(printf 'total\t3\t2\t0\t1\t0\t66.7%%\t0.0%%\t33.3%%')" ]
	mkdir district
	cp a.db district/一中.db
	cp b.db district/二中.db
	[ "$(ph-report --db district cards --by class)" = "$output" ]
	# a file named twice counts once
	[ "$(ph-report --db a.db --db a.db cards)" = "$(ph-report --db a.db cards)" ]
	run ph-report --db a.db --db b.db --format csv cards
	[ "${lines[3]}" = "total,3,2,0,1,0,66.7%,0.0%,33.3%" ]
}

@test "nothing is written; a missing file, an open one, an old schema, a bad option" {
	before=$(cat a.db | cksum)
	ph-report --db a.db coverage > /dev/null
	ph-report --db a.db cards > /dev/null
	[ "$(cat a.db | cksum)" = "$before" ]
	run ph-report --db nosuch.db cards
	[ "$status" -eq 66 ]
	chmod 644 b.db
	run ph-report --db a.db --db b.db cards
	[ "$status" -eq 77 ]
	chmod 600 b.db
	sqlite3 b.db "PRAGMA user_version = 5"
	run ph-report --db b.db cards
	[ "$status" -eq 65 ]
	[[ "$output" == *"b.db: the schema is version 5, this program reads"*"running any other ph program"* ]]
	run ph-report --db a.db coverage --campaign 2027春
	[ "$status" -eq 65 ]
	[[ "$output" == *"no campaign '2027春' in a.db"* ]]
	run ph-report --db a.db coverage --unit 三中
	[ "$status" -eq 65 ]
	run ph-report --db a.db cards --by floor
	[ "$status" -eq 64 ]
	run ph-report --db a.db cards --missing
	[ "$status" -eq 64 ]
	run ph-report --version
	[[ "$output" == "ph-report (ph) "* ]]
	run ph-report --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"coverage"* ]]
}
