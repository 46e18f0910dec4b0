#!/bin/sh
# make bench: ph-intake against references doing the same amount of
# reading and writing, in one run, as ratios.  Targets (issue 3):
#   roster, first load   <= 2.0 x sqlite3 .import of the same file
#   peak RSS             <  32 MB
#   reload, unchanged    <= first load, and writes nothing
# and (issue 4):
#   ph-screen score phq9 <= 1.0 x an awk script summing nine columns
#   its peak RSS         <  16 MB
#   ph-screen import     <= 3.0 x sqlite3 .import of the same file, into
#                        the database holding the 1M roster
# and (issue 5):
#   ph-alert raise       <= 2.0 x sqlite3 .import of the answers, from the
#                        cards of a 1M-pupil campaign answered as a
#                        school answers (a few percent red)
#   ph-alert escalate    <  0.1 s with nothing due, over 100,000 open alerts
# BENCH_N sets the number of pupils (default 1,000,000), BENCH_RUNS the
# runs of each command whose best time counts (default 3).
set -eu
bin=$(cd "${1:-build/bin}" && pwd)
n=${BENCH_N:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
for tool in sqlite3 /usr/bin/time awk cksum; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { echo "bench: $tool is missing (make deps installs it)" >&2; exit 69; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
export PH_NOW="2026-09-01 08:00" PH_ACTOR=bench

echo "generating $n pupils and $n PHQ-9 responses ..."
awk -v n="$n" -f "$here/gen-roster.awk" > roster.csv
awk -v n="$n" -f "$here/gen-phq9.awk" > phq9.csv
awk -v n="$n" -v realistic=1 -f "$here/gen-phq9.awk" > term.csv

# measure NAME PREP CMD...: the best of $RUNS runs (each after running
# PREP, which resets what the command writes), so that a busy machine
# disturbs the ratios less; seconds and peak RSS (MB) into $secs, $mb
RUNS=${BENCH_RUNS:-3}
measure() {
	name=$1; prep=$2; shift 2
	secs=""; mb=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		eval "$prep"
		/usr/bin/time -f '%e %M' -o time.out "$@" > /dev/null 2> err.out ||
		    { cat err.out >&2; echo "bench: $name failed" >&2; exit 70; }
		secs=$(awk -v best="$secs" '{ print (best == "" || $1 < best) ? $1 : best }' time.out)
		mb=$(awk -v top="$mb" '{ m = $2 / 1024; printf "%.1f", (top == "" || m > top) ? m : top }' time.out)
		i=$((i + 1))
	done
}
row() {	# what secs mb ratio target verdict
	printf '%-34s %8s %8s %8s  %-22s %s\n' "$@"
}
verdict() {	# awk condition on $1 $2 -> ok / MISS
	awk -v a="$1" -v b="$2" "BEGIN { print ($3) ? \"ok\" : \"MISS\" }"
}

measure "sqlite3 .import" "rm -f ref.db" \
    sqlite3 ref.db ".mode csv" ".import roster.csv roster"
ref=$secs; refmb=$mb
measure "ph-intake roster" "rm -f ph.db ph.db-wal ph.db-shm" \
    "$bin/ph-intake" --db ph.db roster roster.csv
first=$secs; firstmb=$mb
sqlite3 ph.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp ph.db alerts.db
before=$(cat ph.db ph.db-wal 2>/dev/null | cksum)
measure "ph-intake roster (again)" ":" \
    "$bin/ph-intake" --db ph.db roster roster.csv
again=$secs; againmb=$mb
after=$(cat ph.db ph.db-wal 2>/dev/null | cksum)
[ "$before" = "$after" ] && writes=none || writes=YES

echo
row "what ($n rows)" seconds "peak MB" ratio target verdict
row "sqlite3 .import (reference)" "$ref" "$refmb" 1.00 "" ""
ratio=$(awk -v a="$first" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')
row "ph-intake roster" "$first" "$firstmb" "$ratio" "<= 2.00 x reference" \
    "$(verdict "$ratio" 2.0 'a <= b')"
row "ph-intake roster, peak memory" "" "$firstmb" "" "< 32 MB" \
    "$(verdict "$firstmb" 32 'a < b')"
ratio=$(awk -v a="$again" -v b="$first" 'BEGIN { printf "%.2f", a / b }')
row "ph-intake roster, unchanged" "$again" "$againmb" "$ratio" "<= 1.00 x first" \
    "$(verdict "$ratio" 1.0 'a <= b')"
row "ph-intake roster, unchanged writes" "" "" "" "none" \
    "$([ "$writes" = none ] && echo ok || echo MISS)"

measure "awk reference" ":" awk -f "$here/phq9-ref.awk" phq9.csv
awkref=$secs; awkmb=$mb
measure "ph-screen score" ":" env PH_SHARE="$here/../share/ph" \
    "$bin/ph-screen" score phq9 phq9.csv
score=$secs; scoremb=$mb
row "awk: sum nine columns (reference)" "$awkref" "$awkmb" 1.00 "" ""
ratio=$(awk -v a="$score" -v b="$awkref" 'BEGIN { printf "%.2f", a / b }')
row "ph-screen score phq9" "$score" "$scoremb" "$ratio" "<= 1.00 x reference" \
    "$(verdict "$ratio" 1.0 'a <= b')"
row "ph-screen score, peak memory" "" "$scoremb" "" "< 16 MB" \
    "$(verdict "$scoremb" 16 'a < b')"

measure "sqlite3 .import (answers)" "rm -f refa.db" \
    sqlite3 refa.db ".mode csv" ".import phq9.csv answers"
aref=$secs
env PH_SHARE="$here/../share/ph" "$bin/ph-screen" --db ph.db campaign create \
    bench --instrument phq9 --from 2026-09-01 --to 2026-09-15 > /dev/null
# each run imports the same answers again: every one a resubmission,
# which costs at least what a first import does
measure "ph-screen import" ":" env PH_SHARE="$here/../share/ph" \
    "$bin/ph-screen" --db ph.db import --campaign bench phq9.csv
imp=$secs; impmb=$mb
row "sqlite3 .import of the answers" "$aref" "" 1.00 "" ""
ratio=$(awk -v a="$imp" -v b="$aref" 'BEGIN { printf "%.2f", a / b }')
row "ph-screen import" "$imp" "$impmb" "$ratio" "<= 3.00 x reference" \
    "$(verdict "$ratio" 3.0 'a <= b')"

# The warning network for every unit of the roster (a class teacher per
# class, a grade head per grade, a counsellor and a leader per school),
# then a term's campaign answered as schools answer, in a database of
# its own (the worst-case answers above would make nearly everyone red).
sqlite3 alerts.db "SELECT kind || '/' || path FROM unit WHERE kind IN ('school', 'grade', 'class')" |
awk -F/ 'BEGIN { print "角色,学校,年级,班级,姓名,电话,邮箱" }
$1 == "class" { printf "班主任,%s,%s,%s,班主任%d,138%08d,t%d@school.test\n", $2, $3, $4, NR, NR, NR }
$1 == "grade" { printf "年级主任,%s,%s,,年级主任%d,137%08d,g%d@school.test\n", $2, $3, NR, NR, NR }
$1 == "school" { printf "心理教师,%s,,,心理老师%d,139%08d,c%d@school.test\n", $2, NR, NR, NR
	printf "校领导,%s,,,校长%d,136%08d,l%d@school.test\n", $2, NR, NR, NR }' > contacts.csv
"$bin/ph-intake" --db alerts.db contacts contacts.csv > /dev/null 2>&1
export PH_SHARE="$here/../share/ph"
"$bin/ph-screen" --db alerts.db campaign create term --instrument phq9 \
    --from 2026-09-01 --to 2026-09-15 > /dev/null
"$bin/ph-screen" --db alerts.db import --campaign term term.csv > /dev/null
sqlite3 alerts.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp alerts.db alerts0.db
measure "ph-alert raise" "cp alerts0.db alerts.db; rm -f alerts.db-wal alerts.db-shm" \
    "$bin/ph-alert" --db alerts.db raise --campaign term
raise=$secs; raisemb=$mb
nalerts=$(sqlite3 alerts.db "SELECT count(*) FROM alert")
# more open alerts: the worst-case answers as a second campaign
"$bin/ph-screen" --db alerts.db campaign create worst --instrument phq9 \
    --from 2026-09-01 --to 2026-09-15 > /dev/null
"$bin/ph-screen" --db alerts.db import --campaign worst phq9.csv > /dev/null
"$bin/ph-alert" --db alerts.db raise --campaign worst > /dev/null 2>&1
open=$(sqlite3 alerts.db "SELECT count(*) FROM alert WHERE status = 'open'")
measure "ph-alert escalate" ":" "$bin/ph-alert" --db alerts.db escalate
esc=$secs; escmb=$mb
ratio=$(awk -v a="$raise" -v b="$aref" 'BEGIN { printf "%.2f", a / b }')
row "ph-alert raise ($nalerts alerts)" "$raise" "$raisemb" "$ratio" \
    "<= 2.00 x answers ref" "$(verdict "$ratio" 2.0 'a <= b')"
row "ph-alert escalate ($open open)" "$esc" "$escmb" "" "< 0.10 s" \
    "$(verdict "$esc" 0.1 'a < b')"
