#!/usr/bin/env bats
# ph-report: coverage and cards per unit over one database and over a
# district's files, every figure known by construction; nothing written.

load helpers

setup() {
	setup_with_shipped_policy
	# 一中: three pupils in two classes, two dormitories; 二中: two in one
	# class.  The same number A1 in both schools is two people.
	cat > a.csv <<'CSV'
学号,姓名,性别,学校,年级,班级,宿舍
A1,甲,男,一中,初一,1班,东-101
A2,乙,女,一中,初一,1班,西-201
A3,丙,男,一中,初一,2班,东-101
CSV
	roster_rows b.csv A1,丁,男,二中,初二,1班 B2,戊,女,二中,初二,1班
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
	run ph-report --db a.db --db b.db coverage --missing --unit 二中
	[ "$output" = "$(printf 'unit\tid\tname\tmissing\n二中/八年级/1班\tB2\t戊\tphq9')" ]
	# a unit or campaign in none of the files is an error, not an empty list
	run ph-report --db a.db --db b.db coverage --missing --unit 三中
	[ "$status" -eq 65 ]
	[ "$output" = "ph-report: --unit 三中: no such unit in any of the databases" ]
	run ph-report --db a.db coverage --missing --campaign 2027春
	[ "$status" -eq 65 ]
	[ "$output" = "ph-report: no campaign '2027春' in a.db" ]
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
	fails_with 65 "no campaign '2027春' in a.db" ph-report --db a.db coverage --campaign 2027春
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

@test "a command line that is not one is 64 before any file is opened" {
	export PH_DB="$BATS_TEST_TMPDIR/none.db"
	fails_with 64 "unknown command: 'frobnicate'" ph-report frobnicate
	fails_with 64 "coverage: too many operands" ph-report coverage extra
	fails_with 64 "cards does not take --missing, --moved" ph-report cards --missing --moved
	fails_with 64 "coverage does not take --term" ph-report coverage --term 2026秋
	# --term is upward --care's, not upward's
	fails_with 64 "upward does not take --term" ph-report upward --term 2026秋
	fails_with 64 "upward --care does not take --flags" ph-report upward --care --flags
	fails_with 64 "trend: --moved or --new-red, not both" ph-report trend --moved --new-red
	run ph-report upward --care --unit 一中
	[ "$status" -eq 64 ]
	run ph-report activity --by grade
	[ "$status" -eq 64 ]
	run ph-report
	[ "$status" -eq 64 ]
	run ph-report --db nosuch.db --db a.db gaps --care
	[ "$status" -eq 64 ]
	[ ! -e none.db ] && [ ! -e nosuch.db ]
	# the same commands, taken: the file is missing
	run ph-report cards --flags
	[ "$status" -eq 66 ]
	run ph-report upward --care --term 2026秋
	[ "$status" -eq 66 ]
	[ ! -e none.db ]
}

@test "a file that cannot be read to the end is an error, not a shorter report" {
	ph-screen --db a.db campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15 > /dev/null
	PH_NOW='2027-03-02 08:00' run ph-report --db a.db trend
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	sqlite3 a.db "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	size=$(sqlite3 a.db "PRAGMA page_size")
	root=$(sqlite3 a.db "SELECT rootpage FROM sqlite_schema WHERE name = 'campaign'")
	# the campaigns' page overwritten: the schema reads, the rows do not
	printf '\377\377\377\377\377\377\377\377' |
	    dd of=a.db bs=1 seek=$(( (root - 1) * size )) conv=notrunc 2> /dev/null
	PH_NOW='2027-03-02 08:00' run ph-report --db a.db trend
	[ "$status" -eq 65 ]
	[ "$output" = "ph-report: $BATS_TEST_TMPDIR/a.db: campaigns: database disk image is malformed" ]
	# not "no campaign", and no list of gaps that looks whole
	for cmd in gaps coverage compliance; do
		run ph-report --db a.db $cmd
		[ "$status" -eq 65 ]
		[[ "$output" == *"database disk image is malformed"* ]]
	done
	run ph-report --db a.db gaps
	[[ "$output" != *"no psychology teacher"* ]]
}

# A school where every kind of gap is planted once or twice.
plant_gaps() {
	export PH_DB="$BATS_TEST_TMPDIR/g.db"
	roster_rows s.csv \
	    S1,甲,男,一中,初一,1班 \
	    S2,乙,女,一中,初一,1班 \
	    S3,丙,男,一中,初一,1班 \
	    S4,丁,女,一中,初一,2班 \
	    S5,己,男,一中,初一,2班
	ph-intake roster s.csv > /dev/null
	# class 2 has its monitors but no class teacher
	cat > c.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,学号
班主任,一中,初一,1班,王老师,女,13900000001,
心理委员,一中,初一,1班,甲,男,,S1
心理委员(女),一中,初一,1班,乙,,,S2
心理委员,一中,初一,2班,己,男,,S5
心理委员(女),一中,初一,2班,丁,,,S4
年级主任,一中,初一,,李主任,男,13900000002,
心理教师,一中,,,赵老师,女,13900000003,
校领导,一中,,,孙校长,男,13900000005,
CSV
	ph-intake contacts c.csv > /dev/null 2>&1
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	# Wednesday's opening has nobody on duty
	printf '房间,名称,学校,类型,容量,星期,开始,结束,用途\n1,心理咨询室,一中,咨询,2,周一,16:30,18:30,预约\n1,心理咨询室,一中,咨询,2,周三,16:30,18:30,预约\n' > r.csv
	ph-schedule rooms load r.csv > /dev/null
	printf '房间,星期,开始,值班人\n1,周一,16:30,赵老师\n' > d.csv
	ph-schedule duty load d.csv > /dev/null
	# the campaign closes on 09-07; S5 never answers
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-07 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,2\nS4,0,0,0,0,0,0,0,0,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	ph-alert raise --campaign 2026秋 > /dev/null 2>&1
	# S3 turns red after the alerts were raised: no alert
	printf '学号,1,2,3,4,5,6,7,8,9\nS3,0,0,0,0,0,0,0,0,2\n' > a3.csv
	PH_NOW='2026-09-01 09:00' ph-screen import --campaign 2026秋 a3.csv > /dev/null
	# S1: acknowledged, first talk held, a crisis case with no step since;
	# S2: nobody acknowledges, past the last level; no first talk
	PH_NOW='2026-09-01 09:00' ph-alert ack 1 --by 赵老师 > /dev/null
	PH_NOW='2026-09-01 10:00' ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW='2026-09-02 18:00' ph-schedule done 1
	PH_NOW='2026-09-02 18:00' ph-alert case open S1 --kind crisis --from-alert 1 --by 赵老师 > /dev/null
	for t in '2026-09-02 09:00' '2026-09-03 10:00' '2026-09-05 11:00'; do
		PH_NOW="$t" ph-alert escalate > /dev/null
	done
}

@test "gaps: each kind planted found, with since when and what to do, and nothing else; exit 1" {
	plant_gaps
	PH_NOW='2026-09-08 08:00' run ph-report gaps
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$(printf 'where\tid\tname\tproblem\tsince\tfix')" ]
	[ "${lines[1]}" = "$(printf '一中/七年级/2班\tS5\t己\tnot screened in 2026秋\t2026-09-07\tph-screen import --campaign 2026秋 FILE')" ]
	[ "${lines[2]}" = "$(printf '一中/七年级/1班\tS3\t丙\tred card, no alert raised\t2026-09-01\tph-alert raise --campaign 2026秋')" ]
	[ "${lines[3]}" = "$(printf '一中/七年级/1班\tS2\t乙\tred card of 2026秋: first talk overdue, not booked\t2026-09-04\tph-schedule book S2 --with NAME --at TIME --followup-of 2026秋')" ]
	[ "${lines[4]}" = "$(printf '一中/七年级/1班\tS3\t丙\tred card of 2026秋: first talk overdue, not booked\t2026-09-04\tph-schedule book S3 --with NAME --at TIME --followup-of 2026秋')" ]
	[[ "${lines[5]}" == "$(printf '一中/七年级/1班\tS2\t乙\talert 2 (')"*"): past its last level, acknowledged by nobody"$'\t2026-09-05\tph-alert ack 2 --by NAME' ]]
	[ "${lines[6]}" = "$(printf '一中/七年级/1班\tS1\t甲\tcrisis case 1: guardian_contacted not recorded\t2026-09-03\tph-alert case event 1 guardian_contacted --by NAME')" ]
	[ "${lines[7]}" = "$(printf '一中/七年级/2班\t\t\tno class teacher\t\tph-intake contacts FILE')" ]
	[ "${lines[8]}" = "$(printf '一中\t\t\troom 1, weekday 3 16:30-18:30: nobody on duty\t\tph-schedule duty load FILE')" ]
	[ "${#lines[@]}" -eq 9 ]
	# a first talk is late from the day after its due day (Friday 09-04),
	# and not before
	PH_NOW='2026-09-04 23:00' run ph-report gaps
	[[ "$output" != *"first talk overdue"* ]]
	PH_NOW='2026-09-05 00:30' run ph-report gaps
	[[ "$output" == *$'\tS2\t乙\tred card of 2026秋: first talk overdue, not booked\t2026-09-04\t'* ]]
	# dealt with, each goes; the case's next step is late too
	PH_NOW='2026-09-08 09:00' ph-alert case event 1 guardian_contacted --by 王老师 > /dev/null
	PH_NOW='2026-09-08 09:00' ph-alert ack 2 --by 赵老师 > /dev/null
	PH_NOW='2026-09-08 09:00' run ph-report gaps
	[ "${#lines[@]}" -eq 8 ]
	[[ "$output" != *"alert 2"* ]]
	[[ "$output" == *"$(printf 'crisis case 1: referred not recorded	2026-09-05	')"* ]]
}

@test "gaps: a school with nothing fallen through exits 0 with the header only" {
	export PH_DB="$BATS_TEST_TMPDIR/tidy.db"
	roster_rows s.csv S1,甲,男,一中,初一,1班 S2,乙,女,一中,初一,1班
	ph-intake roster s.csv > /dev/null
	printf '角色,学校,年级,班级,姓名,性别,电话,学号\n班主任,一中,初一,1班,王老师,女,13900000001,\n心理委员,一中,初一,1班,甲,男,,S1\n心理委员(女),一中,初一,1班,乙,,,S2\n年级主任,一中,初一,,李主任,男,13900000002,\n心理教师,一中,,,赵老师,女,13900000003,\n校领导,一中,,,孙校长,男,13900000005,\n' > c.csv
	ph-intake contacts c.csv > /dev/null 2>&1
	run ph-report gaps
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'where\tid\tname\tproblem\tsince\tfix')" ]
}

# 一中 in three classes whose colours are known: 1班 2 red, 6 yellow,
# 7 blue, 5 none; 2班 0, 5, 9, 6; 3班 1, 5, 6, 0.
plant_district() {
	export PH_DB="$BATS_TEST_TMPDIR/u.db"
	awk 'BEGIN {
		print "学号,姓名,性别,学校,年级,班级,监护人电话" > "s.csv"
		print "学号,1,2,3,4,5,6,7,8,9" > "r.csv"
		split("2 6 7 5 0 5 9 6 1 5 6 0", n, " ")
		ans["red"] = "0,0,0,0,0,0,0,0,2"; ans["yellow"] = "2,2,2,2,2,0,0,0,0"
		ans["blue"] = "1,1,1,1,1,0,0,0,0"; ans["none"] = "0,0,0,0,0,0,0,0,0"
		split("red yellow blue none", colour, " ")
		id = 0
		for (c = 1; c <= 3; c++)
			for (k = 1; k <= 4; k++)
				for (i = 0; i < n[(c - 1) * 4 + k]; i++) {
					id++
					printf "P%02d,学生%02d,男,一中,初一,%d班,139%08d\n", id, id, c, id > "s.csv"
					printf "P%02d,%s\n", id, ans[colour[k]] > "r.csv"
				}
	}'
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	ph-screen import --campaign 2026秋 r.csv > /dev/null
}

@test "upward: no name, id or phone; small cells hidden, and none of them recoverable from the sums" {
	plant_district
	run ph-report cards --by class
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t20\t2\t6\t7\t5\t10.0%%\t30.0%%\t35.0%%')" ]
	run ph-report upward --by class
	[ "$status" -eq 0 ]
	# "<5": 1 to 4; "x": hidden so that no sum gives a count back, and
	# it says nothing of the count (never a false "<5")
	first_lines_are \
	    $'unit\tshould\tscreened\trate\tred\tyellow\tblue\tnone' \
	    $'一中/七年级/1班\t20\t20\t100%\t<5\tx\t7\t5' \
	    $'一中/七年级/2班\t20\t20\t100%\t0\t5\t9\t6' \
	    $'一中/七年级/3班\t12\t12\t100%\t<5\tx\t6\t0' \
	    $'total\t52\t52\t100%\t<5\tx\t22\t11'
	ph-report upward --by class > up.tsv
	for i in $(seq -w 1 52); do
		! grep -q "P$i\|学生$i\|139000000$i" up.tsv
	done
	# the attack: every way of filling the hidden cells that fits every
	# published sum (screened = the four colours; total = the units) and
	# what the marks say ("<5": 1 to 4; "x": anything); each hidden cell
	# must have more than one
	run /usr/bin/python3 - up.tsv 5 <<'PY'
import sys, itertools
m = int(sys.argv[2])
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')][1:]
hid = lambda v: v.startswith('<') or v == 'x'
bad = [(r[0], v) for r in rows for v in r[1:3] + r[4:8]
       if not hid(v) and 0 < int(v) < m]
cols = [4, 5, 6, 7]
def can(mark, v):
    return 1 <= v < m if mark.startswith('<') else v >= 0
# per row, the ways its hidden colours can add up to what is left
ways = []
for r in rows:
    h = [c for c in cols if hid(r[c])]
    left = int(r[2]) - sum(int(r[c]) for c in cols if not hid(r[c]))
    ways.append([dict(zip(h, v)) for v in itertools.product(range(left + 1), repeat=len(h))
                 if sum(v) == left and all(can(r[c], x) for c, x in zip(h, v))])
seen = {}
for pick in itertools.product(*ways):
    full = [[int(r[c]) if not hid(r[c]) else pick[i][c] for c in cols]
            for i, r in enumerate(rows)]
    if all(sum(f[k] for f in full[:-1]) == full[-1][k] for k in range(4)):
        for i, p in enumerate(pick):
            for c, v in p.items():
                seen.setdefault((i, c), set()).add(v)
bad += [k for k, v in seen.items() if len(v) < 2]
print(bad if seen else 'no solution')
PY
	[ "$output" = "[]" ]
	# the threshold is the policy's, or the option's
	run ph-report upward --by class --min-cell 3
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t20\t20\t100%%\t<3\tx\t7\t5')" ]
	[ "${lines[4]}" = "$(printf 'total\t52\t52\t100%%\t3\t16\t22\t11')" ]
	sed 's/^  min_cell: 5$/  min_cell: 10/' "$PH_SHARE/policy.yaml" > p.yaml
	grep -q '^  min_cell: 10$' p.yaml
	run ph-report --policy p.yaml upward --by class
	[ "${lines[2]}" = "$(printf '一中/七年级/2班\t20\t20\t100%%\t0\t<10\t<10\t<10')" ]
}

@test "html: one well-formed file, no script or outside file, its charts' numbers its tables'; no data says so" {
	plant_district
	run ph-report html --by class -o report.html
	[ "$status" -eq 0 ]
	! grep -qi '<script\|<link\|@import\|src="http\|href="http' report.html
	run /usr/bin/python3 - report.html <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {'h': 'http://www.w3.org/1999/xhtml', 's': 'http://www.w3.org/2000/svg'}
root = ET.parse(sys.argv[1]).getroot()
def table(tid):
    t = root.find(".//h:table[@id='%s']" % tid, ns)
    rows = [[''.join(c.itertext()) for c in tr] for tr in t.findall('.//h:tr', ns)]
    return rows[0], {r[0]: r[1:] for r in rows[1:]}
bars = {}
for rect in root.iter('{http://www.w3.org/2000/svg}rect'):
    bars[(rect.get('data-unit'), rect.get('data-part'))] = int(rect.get('data-value'))
head, cov = table('coverage')
_, cards = table('cards')
bad = []
for unit, cells in cov.items():
    if unit in ('合计',):
        continue
    if bars[(unit, 'screened')] != int(cells[1]) or bars[(unit, 'missing')] != int(cells[2]):
        bad.append(unit)
for unit, cells in cards.items():
    if unit in ('合计',):
        continue
    for part, v in zip(['red', 'yellow', 'blue', 'none'], cells):
        if bars[(unit, part)] != int(v):
            bad.append((unit, part))
print(len(bars), sorted(cov), cards.get('一中/七年级/1班'), bad)
PY
	[ "$status" -eq 0 ]
	[ "$output" = "28 ['一中/七年级/1班', '一中/七年级/2班', '一中/七年级/3班', '合计'] ['2', '6', '7', '5'] []" ]
	grep -q '<h2>遗漏事项</h2>' report.html
	run ph-report html --lang en --by class
	[[ "$output" == *"<h2>Screening coverage</h2>"* ]]
	# a database with people and no screening yet
	export PH_DB="$BATS_TEST_TMPDIR/empty.db"
	roster_rows e.csv S1,甲,男,一中,初一,1班
	ph-intake roster e.csv > /dev/null
	run ph-report html
	[ "$status" -eq 0 ]
	[[ "$output" == *'<p id="nodata">数据库中还没有筛查数据'* ]]
	[[ "$output" != *"<svg"* ]]
}

@test "trend: the cards of each campaign, who moved from which colour to which, and who is newly red" {
	export PH_DB="$BATS_TEST_TMPDIR/t.db"
	write_pupils s.csv S4,丁,女,一中,初一,2班
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-31 > /dev/null
	# 秋: S1 red, S2 none, S3 blue, S4 not screened
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,0,0,0,0,0,0,0,0,0\nS3,1,1,1,1,1,0,0,0,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	# 春: S1 yellow (its red card set down by the counsellor), S2 red, S3 blue, S4 red
	ph-screen card set S1 --color yellow --campaign 2027春 --by 赵老师 --reason 已好转 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS2,0,0,0,0,0,0,0,0,2\nS3,1,1,1,1,1,0,0,0,0\nS4,0,0,0,0,0,0,0,0,3\n' > b.csv
	PH_NOW='2027-03-02 08:00' ph-screen import --campaign 2027春 b.csv > /dev/null
	# before 春 has begun, only 秋 (for --moved, one is no comparison)
	run ph-report trend
	[ "$output" = "$(printf 'campaign\tscreened\tred\tyellow\tblue\tnone\tred_share\n2026秋\t3\t1\t0\t1\t1\t33.3%%')" ]
	run ph-report trend --moved
	[ "$status" -eq 65 ]
	export PH_NOW='2027-03-05 08:00'
	run ph-report trend
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'campaign\tscreened\tred\tyellow\tblue\tnone\tred_share\n2026秋\t3\t1\t0\t1\t1\t33.3%%\n2027春\t4\t2\t1\t1\t0\t50.0%%')" ]
	run ph-report trend --moved
	[ "$output" = "$(printf 'from\tto\tpeople\nred\tyellow\t1\nblue\tblue\t1\nnone\tred\t1\n-\tred\t1')" ]
	run ph-report trend --new-red
	[ "$output" = "$(printf 'unit\tid\tname\twas\n一中/七年级/1班\tS2\t乙\tnone\n一中/七年级/2班\tS4\t丁\t-')" ]
	run ph-report trend --unit 一中/初一/2班 --campaigns 2026秋,2027春
	[ "${lines[2]}" = "$(printf '2027春\t2\t1\t0\t1\t0\t50.0%%')" ]
	# the term report draws the trend beside its table
	ph-report html -o r.html
	run /usr/bin/python3 - r.html <<'PY'
import sys, xml.etree.ElementTree as ET
h = '{http://www.w3.org/1999/xhtml}'
root = ET.parse(sys.argv[1]).getroot()
t = root.find(".//%stable[@id='trend']" % h)
rows = {r[0]: r[1:] for r in ([''.join(c.itertext()) for c in tr] for tr in t.iter(h + 'tr'))}
chart = root.find(".//%sdiv[@id='trend-chart']" % h)
bars = {(x.get('data-unit'), x.get('data-part')): x.get('data-value')
        for x in chart.iter('{http://www.w3.org/2000/svg}rect')}
print(rows['2027春'], [bars[('2027春', p)] for p in ('red', 'yellow', 'blue', 'none')])
PY
	[ "$output" = "['2', '1', '1', '0'] ['2', '1', '1', '0']" ]
	run ph-report trend --moved --campaigns 2027春
	[ "$status" -eq 65 ]
	run ph-report cards --moved
	[ "$status" -eq 64 ]
}

@test "followups, alerts, cases: was the care in time, per school" {
	plant_gaps
	export PH_NOW='2026-09-08 08:00'
	run ph-report followups
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'unit\tred_cards\tseen_in_time\tseen_late\tbooked\toverdue\tnot_yet_due\tin_time_share\n一中\t3\t1\t0\t0\t2\t0\t33.3%%\ntotal\t3\t1\t0\t0\t2\t0\t33.3%%')" ]
	run ph-report followups --by class
	[ "${lines[1]}" = "$(printf '一中/七年级/1班\t3\t1\t0\t0\t2\t0\t33.3%%')" ]
	run ph-report alerts
	[ "$output" = "$(printf 'unit\talerts\tacknowledged\topen\tescalated\tpast_last_level\tmedian_hours_to_ack\tworst_hours_to_ack\tescalations_by_level\n一中\t2\t1\t1\t1\t1\t1\t1\tlevel 2: 1, level 3: 1\ntotal\t2\t1\t1\t1\t1\t1\t1\tlevel 2: 1, level 3: 1')" ]
	run ph-report cases
	[ "$output" = "$(printf 'kind\topened\tclosed\topen\tstep_late\tmedian_days_to_close\toutcomes\ncrisis\t1\t0\t1\t1\t\t\nreferral\t0\t0\t0\t0\t\t')" ]
	# the case closed with its steps: its outcome and days
	for step in guardian_contacted referred follow_up; do
		PH_NOW='2026-09-09 08:00' ph-alert case event 1 $step --by 赵老师 > /dev/null
	done
	PH_NOW='2026-09-09 08:00' ph-alert case close 1 --outcome 已稳定 --by 赵老师 > /dev/null
	PH_NOW='2026-09-09 09:00' run ph-report cases
	[ "${lines[1]}" = "$(printf 'crisis\t1\t1\t0\t0\t7\t已稳定 1')" ]
}

@test "upward --care: per school, pupils, teachers, events and this school year's cases, small counts hidden" {
	printf '角色,学校,年级,班级,姓名,性别,电话\n心理教师,二中,,,赵老师,女,13900000003\n' > c.csv
	ph-intake --db b.db contacts c.csv > /dev/null 2>&1
	# last school year's: not counted
	PH_NOW='2026-06-01 10:00' ph-alert --db a.db case open A3 --kind crisis --by 赵老师 > /dev/null
	PH_NOW='2026-06-01 10:00' ph-schedule --db a.db event add lecture 去年讲座 --at '2026-06-01 15:00' > /dev/null
	# 一中: 4 crises (3 closed on 9-05), 3 referrals; 二中: 1 and 1
	for p in A1 A2 A3 A1; do
		PH_NOW='2026-09-02 10:00' ph-alert --db a.db case open $p --kind crisis --by 赵老师 > /dev/null
	done
	for p in A2 A3 A1; do
		PH_NOW='2026-09-03 10:00' ph-alert --db a.db case open $p --kind referral --by 赵老师 > /dev/null
	done
	PH_NOW='2026-09-02 10:00' ph-alert --db b.db case open B2 --kind crisis --by 赵老师 > /dev/null
	PH_NOW='2026-09-03 10:00' ph-alert --db b.db case open A1 --kind referral --by 赵老师 > /dev/null
	export PH_NOW='2026-09-05 10:00'
	for k in a:2 a:3 a:4 b:1; do
		for s in guardian_contacted referred follow_up; do
			ph-alert --db ${k%:*}.db case event ${k#*:} $s --by 赵老师 > /dev/null
		done
		ph-alert --db ${k%:*}.db case close ${k#*:} --outcome 已稳定 --by 赵老师 > /dev/null
	done
	# an event for everyone in 一中's file, one for 二中, one to come
	ph-schedule --db a.db event add lecture 家长讲座 --at '2026-09-04 15:00' > /dev/null
	ph-schedule --db b.db event add lecture 讲座 --at '2026-09-04 15:00' --for 二中 > /dev/null
	ph-schedule --db b.db event add lecture 讲座2 --at '2026-12-04 15:00' --for 二中 > /dev/null
	export PH_NOW='2026-09-10 08:00'
	head=$'school\tpupils\tpsychology_teachers\tevents\tcrises\tcrises_closed\treferrals\treferrals_closed'
	# one school alone: every figure, nothing small
	run ph-report --db a.db upward --care --min-cell 3
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' "$head" $'一中\t3\t0\t1\t4\t3\t3\t0' $'total\t3\t0\t1\t4\t3\t3\t0')" ]
	# as it stood on 9-04 at noon: the lecture not held, nothing closed
	PH_NOW='2026-09-04 12:00' run ph-report --db a.db upward --care --min-cell 3
	[ "${lines[1]}" = $'一中\t3\t0\t0\t4\t0\t3\t0' ]
	# the district: 二中's ones hidden, and whatever a total would give
	# back; pupils, teachers and events shown
	run ph-report --db a.db --db b.db upward --care --min-cell 3
	[ "$output" = "$(printf '%s\n' "$head" $'一中\t3\t0\t1\tx\tx\tx\t0' $'二中\t2\t1\t1\t<3\tx\t<3\t0' $'total\t5\t1\t2\t5\t4\t4\t0')" ]
	run ph-report --db a.db --db b.db upward --care
	[ "${lines[2]}" = $'二中\t2\t1\t1\t<5\tx\t<5\t0' ]
	[ "${lines[3]}" = $'total\t5\t1\t2\t5\t<5\t<5\t0' ]
	# no name or id of anyone in the cases
	[[ "$output" != *A1* && "$output" != *甲* && "$output" != *B2* ]]
	fails_with 64 "upward --care is per school over the school year" \
	    ph-report --db a.db upward --care --by class
	run ph-report --db a.db upward --min-cell 2
	[ "$status" -eq 64 ]
}

@test "staffing: pupils and counsellors per school against the policy's ratio and minimum, over two files" {
	# 一中 (a.db) has no counsellor; 二中 (b.db) has one for two pupils
	printf '角色,学校,年级,班级,姓名,性别,电话\n心理教师,二中,,,赵老师,女,13900000003\n' > c.csv
	ph-intake --db b.db contacts c.csv > /dev/null 2>&1
	run ph-report --db a.db --db b.db staffing
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'school\tstudents\tcounsellors\tneeded\tverdict\n一中\t3\t0\t1\tshort\n二中\t2\t1\t1\tmet')" ]
	# a policy of one counsellor for every pupil, and two at least
	sed 's/^  students_per_counsellor: 800$/  students_per_counsellor: 1/; s/^  min_counsellors: 1$/  min_counsellors: 2/' "$PH_SHARE/policy.yaml" > p.yaml
	run ph-report --policy p.yaml --db a.db --db b.db staffing
	[ "${lines[1]}" = "$(printf '一中\t3\t0\t3\tshort')" ]
	[ "${lines[2]}" = "$(printf '二中\t2\t1\t2\tshort')" ]
}

@test "compliance: every target with its figure and met or short, from the programs that own them" {
	plant_gaps
	PH_NOW='2026-09-08 08:00' run ph-report compliance
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    $'unit\ttarget\tfigure\trequired\tverdict' \
	    $'一中\tscreening coverage\t4 of 5 (80.0%)\teveryone\tshort' \
	    $'一中\tclasses with their lessons this term\t2 of 2 (100.0%)\tevery class\tmet' \
	    $'一中\tfamilies visited this school year\t0 of 5 (0.0%)\tevery family\tshort' \
	    $'一中\tred cards\' first talks in time\t1 of 3 (33.3%)\tevery one\tshort' \
	    $'一中\tschool weekdays with the rooms\' hours\t2 of 5 (40.0%)\tevery weekday\tshort' \
	    $'一中\tpsychology teachers\t1\t1 for 5 pupils\tmet' \
	    $'一中\tstaff theme activities (all staff)\t0\t2 this school year\tshort' \
	    $'一中\tstaff lectures (all staff)\t0\t4 this school year\tshort' \
	    $'一中\ttrainings attended (赵老师)\t0\t4 this school year\tshort')" ]
	# a family visited counts
	PH_NOW='2026-09-08 08:00' ph-schedule visit record S1 --by 王老师 --date 2026-09-05 > /dev/null
	PH_NOW='2026-09-08 08:00' run ph-report compliance
	[[ "$output" == *$'families visited this school year\t1 of 5 (20.0%)'* ]]
}

@test "term-end.sh: the cron job writes the term report, the upward report, compliance and the gaps" {
	plant_gaps
	# without sendmail(8) it keeps the files, says where, and fails
	mkdir bin
	for p in ph-report mktemp cp mkdir rm wc cat uname id od tr awk base64 date; do ln -s "$(command -v $p)" bin/$p; done
	PH_NOW='2026-09-08 08:00' PATH="$PWD/bin" PH_SENDMAIL="$PWD/bin/sendmail" run /bin/sh "$PH_SHARE/examples/term-end.sh" 2026秋 x@school.test
	[ "$status" -eq 75 ]
	[[ "$output" == *"kept in $PWD/term-end-2026秋"* ]]
	[ -s term-end-2026秋/report.html ]
	[ "$(head -n 1 term-end-2026秋/upward.tsv | cut -f 1)" = unit ]
	! grep -q '甲\|乙\|丙\|S1\|S2' term-end-2026秋/upward.tsv
	[ "$(head -n 1 term-end-2026秋/care.tsv | cut -f 1,5)" = "$(printf 'school\tcrises')" ]
	! grep -q '甲\|乙\|丙\|S1\|S2' term-end-2026秋/care.tsv
	[ "$(wc -l < term-end-2026秋/gaps.tsv)" -eq 9 ]
}

@test "activity: lessons, visits, room hours, group sessions and their attendance, events, per school" {
	plant_gaps
	export PH_NOW='2026-09-04 08:00'
	ph-schedule lesson record 一中/初一/1班 2026-09-03 --topic 认识情绪 > /dev/null
	ph-schedule group create 成长小组 --room 1 --leader 赵老师 --first '2026-09-07 16:30' --sessions 2 --length 60 --min 1 --max 3 > /dev/null 2>&1
	ph-schedule group join 成长小组 S1 S2 > /dev/null 2>&1
	ph-schedule event add lecture 家长讲座 --at '2026-09-04 15:00' --for 一中 > /dev/null
	ph-schedule visit record S4 --by 王老师 --date 2026-09-03 > /dev/null
	export PH_NOW='2026-09-08 08:00'
	ph-schedule group attend 成长小组 1 S1 > /dev/null
	run ph-report activity
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'school\tclasses\tlessons_held\tclasses_behind\tpupils\tfamilies_visited\troom_hours_a_week\tgroup_sessions\tgroup_attendance\tevents\n一中\t2\t1\t0\t5\t1\t4.0\t1\t50.0%%\t1')" ]
	# per class: its class teacher, families visited, the term's lessons
	run ph-report activity --by class
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' \
	    $'class\tclass_teacher\tpupils\tfamilies_visited\tlessons_held\tlessons_due\tverdict' \
	    $'一中/七年级/1班\t王老师\t3\t0\t1\t0\tok' \
	    $'一中/七年级/2班\t\t2\t1\t0\t0\tok')" ]
	run ph-report activity --by class --unit 一中/初一/2班
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == 一中/七年级/2班$'\t'* ]]
	run ph-report activity --by grade
	[ "$status" -eq 64 ]
}

@test "two school files report what one file holding both schools reports" {
	# one file with both schools: 二中's A1 becomes B1, as a district
	# with one file must number its pupils apart
	sed 's/^A1,丁/B1,丁/' b.csv > b1.csv
	sed 's/^A1,/B1,/' rb.csv > rb1.csv
	ph-intake --db one.db roster a.csv b1.csv > /dev/null
	ph-screen --db one.db campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	ph-screen --db one.db import --campaign 2026秋 ra.csv rb1.csv > /dev/null
	for cmd in "coverage" "coverage --by class" "cards --by class" "cards --by grade" "upward --by class --min-cell 3" "trend"; do
		[ "$(ph-report --db one.db $cmd)" = "$(ph-report --db a.db --db b.db $cmd)" ]
	done
}

@test "html: at most 200 gaps on the page, and how many more ph-report gaps lists" {
	export PH_DB="$BATS_TEST_TMPDIR/many.db"
	awk 'BEGIN { print "学号,姓名,性别,学校,年级,班级"
		for (i = 1; i <= 99; i++) printf "P%03d,学生%03d,男,一中,初一,%d班\n", i, i, i }' > m.csv
	ph-intake roster m.csv > /dev/null 2>&1
	total=$(($(ph-report gaps | wc -l) - 1))
	[ "$total" -gt 200 ]
	ph-report html -o m.html
	[ "$(grep -c '^<tr><td>一中' m.html)" -eq 200 ]
	grep -q "<p id=\"more-gaps\">另有 $((total - 200)) 项" m.html
}

@test "a pupil transferred between two school files is counted once, in the school that has them now" {
	ph-intake --db a.db transfer out A2 > a2.jsonl
	ph-intake --db b.db transfer in a2.jsonl --unit 二中/初二/1班 > /dev/null
	run ph-report --db a.db --db b.db coverage
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf '一中\t2\t1\t1\t50.0%%')" ]
	[ "${lines[2]}" = "$(printf '二中\t3\t2\t1\t66.7%%')" ]
	[ "${lines[3]}" = "$(printf 'total\t5\t3\t2\t60.0%%')" ]
	# the card came with the answers
	run ph-report --db a.db --db b.db cards
	[ "${lines[3]}" = "$(printf 'total\t3\t2\t0\t1\t0\t66.7%%\t0.0%%\t33.3%%')" ]
}

@test "cards --flags: the cards among each special group, per unit" {
	export PH_DB="$BATS_TEST_TMPDIR/f.db"
	printf '学号,姓名,性别,学校,年级,班级,关注类型\nS1,甲,男,一中,初一,1班,留守\nS2,乙,女,一中,初一,1班,留守、单亲\nS3,丙,男,一中,初一,2班,\n' > s.csv
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create c --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	# S2 mild, one colour up for the special groups: yellow
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,2\nS2,1,1,1,1,1,0,0,0,0\nS3,0,0,0,0,0,0,0,0,2\n' > a.csv
	ph-screen import --campaign c a.csv > /dev/null
	run ph-report cards --flags
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(printf 'unit\tgroup\tscreened\tred\tyellow\tblue\tnone\tred_share\tyellow_share\tblue_share')" ]
	[ "${lines[1]}" = "$(printf '一中\t留守\t2\t1\t1\t0\t0\t50.0%%\t50.0%%\t0.0%%')" ]
	[ "${lines[3]}" = "$(printf '一中\t单亲\t1\t0\t1\t0\t0\t0.0%%\t100.0%%\t0.0%%')" ]
	# a group nobody is in: its total, nought
	[[ "$output" == *"$(printf 'total\t离异\t0\t0\t0\t0\t0\t\t\t')"* ]]
	# S3, in no group, is in no row
	[ "$(ph-report cards | tail -n 1 | cut -f 2,3)" = "$(printf '3\t2')" ]
	run ph-report coverage --flags
	[ "$status" -eq 64 ]
}

@test "referrals: each referral and each step the policy asks of it, recorded, late or due" {
	plant_gaps
	PH_NOW='2026-09-02 09:00' ph-alert case open S2 --kind referral --from-alert 2 --by 赵老师 > /dev/null
	PH_NOW='2026-09-03 10:00' ph-alert case event 2 guardian_contacted --by 王老师 > /dev/null
	# referred is due within 7 days: late on the 10th
	PH_NOW='2026-09-08 08:00' run ph-report referrals
	[[ "$output" == *", referred due, "* ]]
	PH_NOW='2026-09-10 08:00' run ph-report referrals
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'case\tunit\tid\tname\topened\tstatus\tsteps\n2\t一中/七年级/1班\tS2\t乙\t2026-09-02\topen\tguardian_contacted 2026-09-03, referred LATE, hospital_confirmed due, follow_up due')" ]
}

@test "--term: a past term is reported as it stood at its end; next term's campaign made ahead changes nothing yet" {
	plant_gaps
	# next term's campaign, made ahead: the reports and the follow-ups
	# stay on the one under way
	PH_NOW='2026-09-08 08:00' ph-report coverage > before.tsv
	PH_NOW='2026-09-08 08:00' ph-schedule followups > before-f.tsv
	ph-screen campaign create 2027春 --instrument phq9 --from 2027-03-01 --to 2027-03-15 > /dev/null
	PH_NOW='2026-09-08 08:00' run ph-report coverage
	[ "$output" = "$(cat before.tsv)" ]
	[[ "$output" == *$'一中\t5\t4\t1\t80.0%'* ]]
	PH_NOW='2026-09-08 08:00' run ph-schedule followups
	[ "$output" = "$(cat before-f.tsv)" ]
	[[ "$output" == *S2* ]]
	# in the spring, the autumn term as it stood on its last day
	ph-schedule term set 2027春 --from 2027-02-20 --to 2027-07-10 > /dev/null
	PH_NOW='2027-01-20 23:59:59' ph-report compliance > end.tsv
	PH_NOW='2027-03-05 08:00' run ph-report compliance --term 2026秋
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat end.tsv)" ]
	[[ "$output" == *$'一中\tscreening coverage\t4 of 5 (80.0%)'* ]]
	PH_NOW='2027-03-05 08:00' run ph-report compliance
	[ "$output" != "$(cat end.tsv)" ]
	PH_NOW='2027-01-20 23:59:59' ph-report activity > end.tsv
	PH_NOW='2027-03-05 08:00' run ph-report activity --term 2026秋
	[ "$output" = "$(cat end.tsv)" ]
	# a term under way is reported as of now
	PH_NOW='2026-09-08 08:00' ph-report compliance > now.tsv
	PH_NOW='2026-09-08 08:00' run ph-report compliance --term 2026秋
	[ "$output" = "$(cat now.tsv)" ]
	# html too
	PH_NOW='2027-03-05 08:00' run ph-report html --term 2026秋 -o t.html
	[ "$status" -eq 0 ]
	grep -q '2026秋' t.html
	# no such term; a command without terms
	run ph-report compliance --term 2025秋
	[ "$status" -eq 65 ]
	[[ "$output" == "ph-report: no term '2025秋' in "*"/g.db (ph-schedule term set makes one)" ]]
	run ph-report coverage --term 2026秋
	[ "$status" -eq 64 ]
}

@test "lists run in grade order (八年级 before 九年级), not in the order of the paths' text" {
	# as text, 九 sorts before 八
	roster_rows g.csv G9,甲,男,三中,初三,1班 G8,乙,女,三中,初二,1班
	printf '学号,1,2,3,4,5,6,7,8,9\nG9,0,0,0,0,0,0,0,0,2\nG8,0,0,0,0,0,0,0,0,2\n' > rg.csv
	export PH_DB=g.db
	ph-intake roster g.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-07 > /dev/null
	ph-screen import --campaign 2026秋 rg.csv > /dev/null
	ph-schedule term set 2026秋 --from 2026-09-01 --to 2027-01-20 > /dev/null
	export PH_NOW='2026-09-10 08:00'
	first_eight() {	# the first line naming a grade names 八年级
		[ "$(grep -o '[八九]年级' | head -n 1)" = 八年级 ]
	}
	ph-report gaps > out || [ $? -eq 1 ]
	first_eight < out
	# each kind of gap on its own in grade order too
	[ "$(grep 'red card, no alert' out | cut -f 2 | tr '\n' ' ')" = "G8 G9 " ]
	[ "$(grep 'no class teacher' out | cut -f 1 | tr '\n' ' ')" = "三中/八年级/1班 三中/九年级/1班 " ]
	ph-intake gaps | first_eight
	ph-schedule followups | first_eight
	ph-schedule lesson status --term 2026秋 | first_eight
	ph-schedule visit due | first_eight
}
