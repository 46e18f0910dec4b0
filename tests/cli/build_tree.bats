#!/usr/bin/env bats
# The programs run where they were built: after make, with build/bin on
# PATH and no PH_SHARE, they find the checkout's instruments and policy
# (build/share/ph, beside build/bin, links to share/ph), as after make
# install.

load helpers

setup() {
	common_setup
	unset PH_SHARE PH_POLICY PH_PATH
}

@test "build tree: bin/../share/ph is the checkout's share/ph" {
	[ -d "$PH_BIN/../share/ph" ]
	[ "$(cd "$PH_BIN/../share/ph" && pwd -P)" = \
	    "$(cd "$BATS_TEST_DIRNAME/../../share/ph" && pwd -P)" ]
}

@test "build tree: README's commands find the instruments and the policy with no PH_SHARE" {
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,1,2,3,0,0,0,0,2\n' > answers.csv
	run ph-screen score phq9 answers.csv
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == "S1"$'\t'"8"$'\t'* ]]
	run ph-screen instruments
	[ "$status" -eq 0 ]
	[[ "$output" == *phq9* ]]
	write_pupils students.csv
	ph-intake roster students.csv > /dev/null
	run ph-alert escalate
	[ "$status" -eq 0 ]
	[[ "$output" != *"no policy"* ]]
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 \
	    --to 2026-09-30
	run ph-screen import --campaign 2026秋 answers.csv
	[ "$status" -eq 0 ]
	run ph-screen cards --campaign 2026秋 --color red
	[ "$status" -eq 0 ]
	[[ "$output" == *S1* ]]
}
