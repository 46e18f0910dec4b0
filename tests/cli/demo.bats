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
	[[ "$output" == *"guardian"*"李家长 (父亲) 16000000017"* ]]
	[[ "$output" == *"reached 李家长 by phone"* ]]
	# and the audit trail is whole at the end
	[[ "${lines[${#lines[@]} - 1]}" == *"ok"* ]]
}
