#!/usr/bin/env bats
# One command table per program: --help per command generated from it,
# and the same mistake the same exit status (64) and message shape in
# every program, before the database (PH_DB: a file that is not there)
# or the policy is opened.

load helpers

setup() {
	common_setup
	export PH_DB="$BATS_TEST_TMPDIR/none.db"
}

teardown() {
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
}

# $1: program, $2: a command's words, $3: an option it takes: plain
# --help is the whole usage; "COMMAND --help" and "help COMMAND" that
# command's usage line and options, exit 0.
help_of() {
	run "$1" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: $1 "* ]]
	[[ "$output" == *"  $2"* ]]
	[[ "$output" == *"See $1(1)."* ]]
	run "$1" $2 --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: $1 $2"* ]]
	[[ "$output" == *"  $3"* ]]
	whole="$output"
	run "$1" help $2
	[ "$status" -eq 0 ]
	[ "$output" = "$whole" ]
}

# $1: the exit status wanted, $2: the message, then the command line:
# the message on stderr as "prog: message", then the usage.
refused() {
	want=$1 message=$2
	shift 2
	run "$@"
	[ "$status" -eq "$want" ] || { echo "$*: $status: $output" >&2; return 1; }
	[[ "$output" == *"$1: $message"* ]] || { echo "$*: $output" >&2; return 1; }
	[[ "$output" == *"usage: $1 "* ]]
}

@test "ph-intake: --help, per command; each kind of mistake 64" {
	help_of ph-intake roster "--dry-run"
	help_of ph-intake "transfer in" "--unit PATH"
	run ph-intake help frobnicate
	[ "$status" -eq 64 ]
	refused 64 "unknown command: 'frobnicate'" ph-intake frobnicate
	refused 64 "flag: an operand is missing" ph-intake flag S1
	refused 64 "units: too many operands" ph-intake units 一中
	refused 64 "unrecognized option '--frobnicate'" ph-intake list --frobnicate
	refused 64 "list does not take --force" ph-intake list --force
	refused 64 "promote does not take --unit, --subject" \
	    ph-intake promote --unit 一中 --subject S1
	# -FLAG is flag's operand, not an option
	refused 64 "flag: too many operands" ph-intake flag S1 -留守 -单亲
}

@test "ph-screen: --help, per command; each kind of mistake 64" {
	help_of ph-screen "campaign create" "--instrument I[,I...]"
	# words that begin commands: those commands
	run ph-screen help campaign
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: ph-screen campaign create CODE"* ]]
	[[ "$output" == *"usage: ph-screen campaign list"* ]]
	refused 64 "unknown command: 'frobnicate'" ph-screen frobnicate
	refused 64 "history: an operand is missing" ph-screen history
	refused 64 "columns: too many operands" ph-screen columns phq9 a b
	refused 64 "card set needs --by, --reason" ph-screen card set S1 --color red
	refused 64 "unrecognized option '--frobnicate'" ph-screen --frobnicate held
	refused 64 "score does not take --campaign" ph-screen score phq9 --campaign x
}

@test "ph-alert: --help, per command; each kind of mistake 64" {
	help_of ph-alert "case open" "--kind crisis|referral"
	# a command with two forms shows both
	run ph-alert raise --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: ph-alert raise --campaign CODE"* ]]
	[[ "$output" == *"usage: ph-alert raise [FILE...]"* ]]
	refused 64 "unknown command: 'frobnicate'" ph-alert frobnicate
	refused 64 "show: an operand is missing" ph-alert show
	refused 64 "raise --campaign: too many operands" \
	    ph-alert raise --campaign 2026秋 a.csv
	refused 64 "case close needs --by, --outcome" ph-alert case close 1
	refused 64 "unrecognized option '--frobnicate'" ph-alert list --frobnicate
	refused 64 "escalate does not take --unit" ph-alert escalate --unit 一中
	# nor is the policy read first
	refused 64 "ack does not take --open" ph-alert --policy none.yaml ack 1 \
	    --by 王老师 --open
}

@test "ph-schedule: --help, per command; each kind of mistake 64" {
	help_of ph-schedule "group create" "--leader NAME"
	refused 64 "unknown command: 'frobnicate'" ph-schedule frobnicate
	refused 64 "signin: an operand is missing" ph-schedule signin 1
	refused 64 "noshow: too many operands" ph-schedule noshow 1 2
	refused 64 "book needs --with, --at" ph-schedule book S1
	refused 64 "unrecognized option '--frobnicate'" ph-schedule agenda --frobnicate
	refused 64 "remind does not take --room" ph-schedule remind --room 1
}

@test "ph-report: --help, per command; each kind of mistake 64" {
	help_of ph-report html "-o FILE"
	# upward and upward --care, each with its options
	run ph-report help upward
	[[ "$output" == *"usage: ph-report upward --care [--min-cell N] [--term T]"* ||
	    "$output" == *"usage: ph-report upward --care [--term T] [--min-cell N]"* ]]
	refused 64 "unknown command: 'frobnicate'" ph-report frobnicate
	refused 64 "gaps: too many operands" ph-report gaps now
	refused 64 "unrecognized option '--frobnicate'" ph-report --frobnicate cases
	refused 64 "cases does not take --campaign" ph-report cases --campaign 2026秋
	refused 64 "alerts does not take --unit" ph-report alerts --unit 一中
}
