#!/usr/bin/env bats
# A district's report holds every school's file open: past the usual
# soft limit of open files it raises its own, and past the hard limit it
# says so before opening any.

load helpers

setup() {
	setup_with_share
}

# 400 copies of one small school's file in district/.
district_of_400() {
	printf '%s\n' 学号,姓名,性别,学校,年级,班级 S1,甲,男,一中,初一,1班 \
	    S2,乙,女,一中,初一,1班 > students.csv
	ph-intake --db school.db roster students.csv > /dev/null
	ph-screen --db school.db campaign create 2026秋 --instrument phq9 \
	    --from 2026-09-01 --to 2026-09-15 > /dev/null
	mkdir district
	local i
	for i in $(seq 1 400); do
		cp school.db "district/s$i.db"
	done
}

@test "district: 400 files under a soft limit of 256 open files are all read" {
	district_of_400
	run bash -c 'ulimit -Sn 256; ph-report --db district coverage'
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "$(printf 'total\t800\t0\t800\t0.0%%')" ]
}

@test "district: past the hard limit, refused before any file is opened, saying what to do" {
	district_of_400
	run bash -c 'ulimit -n 256; ph-report --db district coverage'
	[ "$status" -eq 71 ]
	[ "$output" = "ph-report: 400 files need 1232 open files, and this account may open 256 (ulimit -Hn): raise the limit or report on fewer files at once" ]
}
