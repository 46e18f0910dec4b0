#!/usr/bin/env bats
# A program reads the policy file once a run, however many of its
# sections the command needs (cards, alerts, numbers, follow-ups), and
# every part of the run goes by that one reading.

load helpers

setup() {
	setup_with_share
	cp "$PH_SHARE/policy.yaml" policy.yaml
	export PH_POLICY="$BATS_TEST_TMPDIR/policy.yaml"
	strace -f -qq -e trace=open,openat -o /dev/null true ||
		skip "strace cannot trace here"
	roster_rows roster.csv A1,甲,男,一中,初一,1班 A2,乙,女,一中,初一,1班
	ph-intake roster roster.csv > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nA1,3,3,3,3,3,3,3,3,2\n' > answers.csv
}

# How often the run of "$@" opened policy.yaml.
opens() {
	strace -f -qq -e trace=open,openat -o trace.txt "$@" > /dev/null 2>&1
	grep -c 'policy\.yaml' trace.txt
}

@test "policy once: each program opens policy.yaml once a run" {
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	[ "$(opens ph-screen import --campaign 2026秋 answers.csv)" -eq 1 ]
	[ "$(opens ph-alert raise --campaign 2026秋)" -eq 1 ]
	[ "$(opens ph-alert escalate)" -eq 1 ]
	[ "$(opens ph-schedule followups --campaign 2026秋)" -eq 1 ]
	[ "$(opens ph-report html)" -eq 1 ]
	[ "$(opens ph-report compliance)" -eq 1 ]
	[ "$(opens ph-screen check "$PH_POLICY")" -eq 1 ]
}

@test "policy once: a mistake in any section stops every program, named once" {
	sed -i 's/^  min_cell: 5$/  min_cel: 5/' policy.yaml
	grep -q '^  min_cel: 5$' policy.yaml
	run ph-report html
	[ "$status" -eq 78 ]
	[ "$(grep -c "unknown key 'min_cel'" <<< "$output")" -eq 1 ]
	run ph-alert escalate
	[ "$status" -eq 78 ]
	[[ "$output" == *"min_cel"* ]]
}

@test "policy once: a mistake in the alerts section stops a command that needs only the numbers" {
	sed -i 's/^alerts:$/alerts:\n  bogus: 1/' policy.yaml
	grep -q '^  bogus: 1$' policy.yaml
	run ph-report staffing
	[ "$status" -eq 78 ]
	[[ "$output" == *"unknown key 'bogus' in alerts"* ]]
	run ph-schedule followups
	[ "$status" -eq 78 ]
}
