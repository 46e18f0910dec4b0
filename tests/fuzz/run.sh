#!/bin/sh
# Runs each fuzz target for a time, then prints what each did:
#   sh tests/fuzz/run.sh DIR SECONDS TARGET...
# DIR holds the targets (DIR/bin/fuzz_TARGET); each run's output goes to
# DIR/TARGET.out, its last stats line to DIR/TARGET.log, its corpus to
# DIR/corpus/TARGET (seeded from tests/fuzz/corpus/TARGET), what crashes
# it to DIR/crashes/TARGET-*.  FUZZ_JOBS targets run at once (1 unless
# set: on a machine with fewer cores than targets, an hour each at once
# shares the cores, and the table says how many runs each got).  Exits 1
# when any target crashed.
set -u
dir=$1 seconds=$2
shift 2
jobs=${FUZZ_JOBS:-1}

# The longest input worth trying: a few lines of a file, or a whole
# policy.
max_len() {
	case $1 in
	conf|policy) echo 16384 ;;
	schedule) echo 4096 ;;
	*) echo 8192 ;;
	esac
}

# One target's run; its row of the table goes to DIR/TARGET.row, and
# DIR/TARGET.failed exists when it crashed.
fuzz_one() {
	t=$1
	corpus=$dir/corpus/$t
	seeds=tests/fuzz/corpus/$t
	mkdir -p "$corpus" "$seeds"
	stamp=$dir/crashes/.start-$t
	: > "$stamp"
	rm -f "$dir/$t.failed"
	# the words of its format, when it has a dictionary
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	echo "fuzz_$t: ${seconds}s, -max_len=$(max_len "$t") $dict"
	"$dir/bin/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" \
	    -timeout=30 -rss_limit_mb=2048 -close_fd_mask=3 $dict \
	    -print_final_stats=1 -artifact_prefix="$dir/crashes/$t-" \
	    "$corpus" "$seeds" > "$dir/$t.out" 2>&1
	status=$?
	# the last line of "#RUNS ... cov: N ft: N corp: N/SIZE ... exec/s: N"
	grep -a '^#[0-9].*cov:' "$dir/$t.out" | tail -n 1 > "$dir/$t.log"
	cat "$dir/$t.log"
	crashes=$(find "$dir/crashes" -name "$t-*" -newer "$stamp" | wc -l)
	if [ "$status" -ne 0 ]; then
		: > "$dir/$t.failed"
		[ "$crashes" -gt 0 ] || crashes="exit $status"
		echo "fuzz_$t: failed, see $dir/$t.out:" >&2
		grep -a -m 3 -e '^==[0-9]*==ERROR' -e 'runtime error' \
		    -e 'Test unit written' "$dir/$t.out" >&2
	fi
	awk -v t="$t" -v crashes="$crashes" '
		{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
		  runs = substr($1, 2) }
		END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t, runs,
		    v["cov:"], v["ft:"], v["corp:"], v["exec/s:"], crashes }
	' "$dir/$t.log" > "$dir/$t.row"
}

mkdir -p "$dir/crashes"
running=0
for t in "$@"; do
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

summary=$dir/summary
printf 'target\truns\tcov\tft\tcorpus\texec/s\tcrashes\n' > "$summary"
failed=0
for t in "$@"; do
	cat "$dir/$t.row" >> "$summary"
	[ -e "$dir/$t.failed" ] && failed=1
done
echo
column -t -s "$(printf '\t')" "$summary" 2>/dev/null || cat "$summary"
exit "$failed"
