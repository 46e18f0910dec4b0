# Shared set-up for the bats tests: each test gets its own directory and
# database, a fixed clock and actor, and the programs under test first on
# PATH (PH_BIN: build/bin, or build/asan/bin for the sanitizer run).
PH_BIN=${PH_BIN:-$(cd "$BATS_TEST_DIRNAME/../../build/bin" && pwd)}
PATH="$PH_BIN:$PATH"
export PATH

common_setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	export PH_DB="$BATS_TEST_TMPDIR/ph.db"
	export PH_NOW="2026-09-01 08:00"
	export PH_ACTOR=tester
	export TZ=Asia/Shanghai
	umask 077
}

# common_setup, and the programs read their shipped data (policy.yaml,
# instruments) from PH_SHARE, the tree's share/ph.
setup_with_share() {
	common_setup
	export PH_SHARE="$BATS_TEST_DIRNAME/../../share/ph"
}

# setup_with_share, and nothing from the environment overrides the
# shipped policy or instruments.
setup_with_shipped_policy() {
	setup_with_share
	unset PH_POLICY PH_PATH
}

# setup_with_shipped_policy, and FAKE names the fake sendmail for
# `ph-alert deliver --command "$FAKE -t"`.
setup_with_fake_mail() {
	setup_with_shipped_policy
	export FAKE="$BATS_TEST_DIRNAME/../data/bin/fake-sendmail"
}

# A small roster in UTF-8 as Excel's "CSV UTF-8" writes it (BOM, CRLF).
write_roster() {
	printf '\357\273\277学号,姓名,性别,学校,年级,班级,宿舍,出生日期,监护人,监护人电话,关注类型\r\n' > "$1"
	cat <<'CSV' | sed 's/$/\r/' >> "$1"
S001,张一,男,第一中学,初一,(1)班,,2013-03-04,张父,13800000001,留守
S002,李二,女,第一中学,七年级,（1）班,A-101,2013/5/6,李母,+86 138 0000 0002,
S003,王三,1,第一中学,7,1,,20130708,,,单亲、家庭困难
S004,赵四,F,第一中学,高二,3班,B-201,2010年1月2日,赵父,0571-88880000,
S005,钱五,female,第一中学,高二,(3)班,B-201,2010.2.3,,,
CSV
}

# The value of column $2 (by header name) for the row whose first field
# is $3, in TSV on stdin.
tsv_get() {
	awk -F'\t' -v col="$2" -v key="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$1 == key { print $c }' "$1"
}

count_people() {
	sqlite3 "$PH_DB" "SELECT count(*) FROM person"
}

# A roster in FILE with the six columns most tests use, then each ROW.
# roster_rows FILE ROW...
roster_rows() {
	local file=$1
	shift
	{
		echo "学号,姓名,性别,学校,年级,班级"
		printf '%s\n' "$@"
	} > "$file"
}

# The pupils most tests start from, S1 to S3 of 一中 初一 (S1 and S2 in
# 1班, S3 in 2班), written as a roster to FILE, then each ROW as given.
# With --col NAME the roster has one more column, NAME, empty for S1-S3.
# write_pupils [--col NAME] FILE [ROW...]
write_pupils() {
	local col='' empty=''
	if [ "$1" = --col ]; then
		col=",$2" empty=,
		shift 2
	fi
	local file=$1
	shift
	{
		echo "学号,姓名,性别,学校,年级,班级$col"
		echo "S1,甲,男,一中,初一,1班$empty"
		echo "S2,乙,女,一中,初一,1班$empty"
		echo "S3,丙,男,一中,初一,2班$empty"
		[ $# -eq 0 ] || printf '%s\n' "$@"
	} > "$file"
}

# After `run`: each WANT stands in $output, as it is (not a pattern).
# output_has WANT...
output_has() {
	local want
	for want in "$@"; do
		if [[ "$output" != *"$want"* ]]; then
			printf 'not in the output: %s\n-- output:\n%s\n' \
			    "$want" "$output" >&2
			return 1
		fi
	done
}

# After `run`: the first lines of the output are the WANTs, in order
# (lines after them are not looked at).
# first_lines_are WANT...
first_lines_are() {
	local i=0 want
	for want in "$@"; do
		if [ "${lines[$i]-}" != "$want" ]; then
			printf 'line %d: %s\n  expected: %s\n' \
			    "$i" "${lines[$i]-(none)}" "$want" >&2
			return 1
		fi
		i=$((i + 1))
	done
}

# After `run`: in the TSV of $output, column COL (by header name) of the
# row whose first field is KEY is WANT.
# output_cell_is COL KEY WANT [COL KEY WANT]...
output_cell_is() {
	local got
	while [ $# -ge 3 ]; do
		got=$(echo "$output" | tsv_get /dev/stdin "$1" "$2")
		if [ "$got" != "$3" ]; then
			printf '%s of %s: %s\n  expected: %s\n' "$1" "$2" \
			    "$got" "$3" >&2
			return 1
		fi
		shift 3
	done
}

# lines_are N LINE...: ${lines[N]} is LINE, for each pair given.
lines_are() {
	while [ $# -ge 2 ]; do
		if [ "${lines[$1]}" != "$2" ]; then
			printf 'line %s: %s\n  expected: %s\n' "$1" "${lines[$1]}" \
			    "$2" >&2
			return 1
		fi
		shift 2
	done
}

# Runs CMD (as `run` does); it exits STATUS and its output has MESSAGE.
# fails_with STATUS MESSAGE CMD...
fails_with() {
	local want_status=$1 want=$2
	shift 2
	run "$@"
	if [ "$status" -ne "$want_status" ]; then
		printf 'exit status %d, expected %d\n-- output:\n%s\n' \
		    "$status" "$want_status" "$output" >&2
		return 1
	fi
	output_has "$want"
}

# Scores a file of HEADER and ROW by INSTRUMENT (`ph-screen score`,
# which must exit 0, as `run` runs it), then checks the output's cells
# as output_cell_is does: COLUMN ID VALUE, as many as given.
# scored INSTRUMENT HEADER ROW [COLUMN ID VALUE]...
scored() {
	local instrument=$1
	printf '%s\n' "$2" "$3" > "$instrument.csv"
	shift 3
	run ph-screen score "$instrument" "$instrument.csv"
	if [ "$status" -ne 0 ]; then
		printf 'ph-screen score %s: exit status %d\n-- output:\n%s\n' \
		    "$instrument" "$status" "$output" >&2
		return 1
	fi
	output_cell_is "$@"
}

# A second school's database, other.db, holding the pupils of ROSTER but
# PUPIL, for PUPIL's transfer archive to arrive in; PH_DB names it after.
# new_school_without PUPIL ROSTER
new_school_without() {
	export PH_DB="$BATS_TEST_TMPDIR/other.db"
	grep -v "^$1," "$2" > others.csv
	ph-intake roster others.csv
}

# A school of three pupils (1班 with a class teacher, 2班 without) and
# its warning network, each adult with an e-mail address, loaded.
load_small_school() {
	printf '%s\n' 学号,姓名,性别,学校,年级,班级 S1,甲,男,一中,初一,1班 \
	    S2,乙,女,一中,初一,1班 S3,丙,男,一中,初一,2班 > students.csv
	ph-intake roster students.csv > /dev/null
	printf '%s\n' 角色,学校,年级,班级,姓名,性别,电话,邮箱 \
	    班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test \
	    年级主任,一中,初一,,李主任,男,13900000002,li@school.test \
	    心理教师,一中,,,赵老师,女,13900000003,zhao@school.test \
	    校领导,一中,,,钱校长,男,13900000004,qian@school.test \
	    > contacts.csv
	ph-intake contacts contacts.csv > /dev/null 2>&1
}

# Whether the programs under test are the plain build: ASan reserves
# terabytes of address space and keeps shadow memory, so a bound on
# memory (ulimit -v, peak RSS) is checked on the plain build only; the
# sanitizer run checks the rest of the same test.
plain_build() {
	! ldd "$PH_BIN/ph-intake" 2> /dev/null | grep -q libasan
}

# The 2026秋 term with room 1 of 一中 open on Wednesdays at 16:30, a
# PHQ-9 campaign of its first week, the answer rows given (学号 and the
# nine items) imported, and the alerts they raise.  The import's exit
# status (65 when a row is held).
# school_term ROW...
school_term() {
	local rc=0

	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,一中,咨询,2,周三,16:30,18:30,预约\n' > r.csv
	ph-schedule rooms load r.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 \
	    --to 2026-09-07 > /dev/null
	{ echo "学号,1,2,3,4,5,6,7,8,9"; printf '%s\n' "$@"; } > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null 2>&1 || rc=$?
	ph-alert raise --campaign 2026秋 > /dev/null 2>&1
	return $rc
}
