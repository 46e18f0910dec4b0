#!/usr/bin/env bats
# make demo's script, as a newcomer runs it: it must run to its end and
# show what a counsellor wants to see (issue 16's demo among it).

load helpers

setup() {
	setup_with_share
	unset PH_DB PH_NOW PH_ACTOR PH_POLICY
}

@test "demo: term-start.sh runs to its end on synthetic data" {
	run sh "$PH_SHARE/examples/term-start.sh" "$BATS_TEST_TMPDIR/demo"
	[ "$status" -eq 0 ]
	# a note raised in an opening reaches the adult on duty as well
	[[ "$output" == *"林老师(counsellor), 班主任12(class_teacher), 郑老师(on_duty)"* ]]
	# the ack cancelled what was not sent yet, kept in the outbox
	[[ "$output" == *"+ ph-alert outbox --alert 1 | table"*"cancelled"*"ack by 林老师"* ]]
	# the crisis case shows the guardian to call, then whom she reached
	[[ "$output" == *"guardian"*"张家长 (母亲) 19000000034"* ]]
	[[ "$output" == *"reached 张家长 by phone"* ]]
	# issue 18: a sheet clicked through is to be taken again, its
	# critical answer red all the same
	[[ "$output" == *"+ ph-screen retest --campaign 2026秋"*"answered in 15 s, under 18 s for 9 items"*"red"*"phq9_9=1"* ]]
	# an instrument is given only to the ages it is for
	[[ "$output" == *"instrument 'phqa' is for ages 11 to 18, and 2 units are outside"* ]]
	[[ "$output" == *"+ ph-screen import --campaign 2026秋-小学"*"scared"* ]]
	# a stricter policy tried on the campaign, written nowhere
	[[ "$output" == *"--dry-run"*"PHQ-9 重度抑郁 (phq9 total=15)"*"pupils would change card)"* ]]
	# the follow-on is exactly those whose PHQ-9 was 10 or more
	[[ "$output" == *"+ ph-intake staff "*"staff.xlsx"*"9"$'\t9'* ]]
	[[ "$output" == *"upward.xlsx"* ]]
	[[ "$output" == *$'2026秋-GAD7\t2026秋\tphq9.total >= 10\t72\t72'* ]]
	# and the audit trail is whole at the end
	[[ "${lines[${#lines[@]} - 1]}" == *"ok"* ]]
}
