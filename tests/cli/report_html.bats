#!/usr/bin/env bats
# ph-report html, the term report for people: its sentences agree with
# its rows, every word is in its language, a CJK font stack, legends,
# tables that scroll on a phone and print on A4 with their header on
# every page and no row split (Chromium's PDF, where it is installed).

load helpers

setup() {
	setup_with_shipped_policy
}

# A school with gaps of many kinds: a pupil not screened, red cards
# with no alert and no first talk, an alert nobody acknowledges, a
# crisis case with no step, classes with no class teacher or monitors,
# an opening with nobody on duty, answers held from a number not on the
# roster.
plant_many_gaps() {
	roster_rows s.csv S1,甲,男,一中,初一,1班 S2,乙,女,一中,初一,1班 \
	    S3,丙,男,一中,初一,1班 S4,丁,女,一中,初一,2班 S5,己,男,一中,初一,2班
	ph-intake roster s.csv > /dev/null
	# no monitors anywhere, no class teacher in 2班
	cat > c.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话
心理教师,一中,,,赵老师,女,13900000003
班主任,一中,初一,1班,王老师,女,13900000001
校领导,一中,,,孙校长,男,13900000005
年级主任,一中,初一,,李主任,男,13900000002
CSV
	ph-intake contacts c.csv > /dev/null 2>&1
	# S9 is on no roster: held
	school_term S1,0,0,0,0,0,0,0,0,2 S2,0,0,0,0,0,0,0,0,2 \
	    S4,0,0,0,0,0,0,0,0,0 S9,0,0,0,0,0,0,0,0,3 || [ $? -eq 65 ]
	printf '学号,1,2,3,4,5,6,7,8,9\nS3,0,0,0,0,0,0,0,0,2\n' > a3.csv
	PH_NOW='2026-09-01 09:00' ph-screen import --campaign 2026秋 a3.csv > /dev/null
	PH_NOW='2026-09-01 09:00' ph-alert ack 1 --by 赵老师 > /dev/null
	PH_NOW='2026-09-02 18:00' ph-alert case open S1 --kind crisis --from-alert 1 --by 赵老师 > /dev/null
	for t in '2026-09-02 09:00' '2026-09-03 10:00' '2026-09-05 11:00'; do
		PH_NOW="$t" ph-alert escalate > /dev/null
	done
	export PH_NOW='2026-09-08 08:00'
}

# A school with nothing fallen through: every role held, a campaign
# still open, no red card.
plant_no_gaps() {
	roster_rows s.csv S1,甲,男,一小,一年级,1班 S2,乙,女,一小,一年级,1班
	ph-intake roster s.csv > /dev/null
	cat > c.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话
班主任,一小,一年级,1班,王老师,女,13900000001
年级主任,一小,一年级,,李主任,男,13900000002
心理教师,一小,,,赵老师,女,13900000003
校领导,一小,,,孙校长,男,13900000005
CSV
	ph-intake contacts c.csv > /dev/null 2>&1
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-30 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
}

# The gaps section of FILE: "count ROWS", "none", or what is wrong.
gaps_said() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, re, xml.etree.ElementTree as ET
h = '{http://www.w3.org/1999/xhtml}'
root = ET.parse(sys.argv[1]).getroot()
text = ''.join(root.itertext())
table = root.find(".//%stable[@id='gaps']" % h)
rows = 0 if table is None else len(table.findall('%stbody/%str' % (h, h)))
count = root.find(".//%sp[@id='gap-count']" % h)
none = root.find(".//%sp[@id='no-gaps']" % h)
says_none = '没有遗漏事项' in text or 'Nothing fell through' in text
if rows and says_none:
    print('says none above', rows, 'rows')
elif rows:
    n = int(re.search(r'\d+', ''.join(count.itertext())).group())
    print('count', n, rows)
elif none is not None and count is None:
    print('none')
else:
    print('no rows and no word for it')
PY
}

@test "html: a report with gaps never says there are none, one without says so" {
	plant_many_gaps
	total=$(($(ph-report gaps | wc -l) - 1))
	[ "$total" -ge 8 ]
	ph-report html -o zh.html
	run gaps_said zh.html
	[ "$output" = "count $total $total" ]
	ph-report html --lang en -o en.html
	run gaps_said en.html
	[ "$output" = "count $total $total" ]
	grep -q "<p id=\"gap-count\">$total found" en.html
	# and a school with none
	export PH_DB="$BATS_TEST_TMPDIR/clean.db"
	plant_no_gaps
	run ph-report gaps
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	ph-report html -o clean.html
	run gaps_said clean.html
	[ "$output" = none ]
	grep -q '<p id="no-gaps">没有遗漏事项。</p>' clean.html
	ph-report html --lang en -o clean-en.html
	grep -q '<p id="no-gaps">Nothing fell through the cracks.</p>' clean-en.html
}

@test "html: the Chinese report has no English words, only codes, names and numbers" {
	plant_many_gaps
	ph-report html --by class -o zh.html
	run /usr/bin/python3 - zh.html <<'PY'
import sys, re, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
words = []
def walk(e):
    tag = e.tag.split('}')[1]
    if tag in ('style', 'code'):
        return
    for t in [e.text] + [c.tail for c in e]:
        for tok in re.split(r'[\s\u3000-\u303f\uff00-\uffef（）：，；、]+', t or ''):
            # a code, a path, a number: has a digit, / . = _ or -
            for word in re.findall(r'[A-Za-z][A-Za-z0-9_./=:-]*', tok):
                if not re.search(r'[0-9/._=]', word):
                    words.append(word)
    for c in e:
        walk(c)
walk(root)
print(sorted(set(words)))
PY
	[ "$status" -eq 0 ]
	[ "$output" = "[]" ]
	# what the English report said in the problem column is here in Chinese
	grep -q '2026秋 红卡：首次谈话已逾期，未预约' zh.html
	grep -q '缺少班主任' zh.html
	grep -q '缺少女心理委员' zh.html
	grep -q '危机个案 1：联系监护人未记录' zh.html
	grep -q '房间 1，星期三 16:30-18:30：无人值班' zh.html
	# the English report stays English
	ph-report html --lang en -o en.html
	grep -q 'red card of 2026秋: first talk overdue, not booked' en.html
}

@test "html: the targets, as ph-report compliance lists them, with how many are met and short" {
	plant_many_gaps
	ph-report compliance > c.tsv
	ph-report html -o zh.html
	ph-report html --lang en -o en.html
	run /usr/bin/python3 - c.tsv zh.html en.html <<'PY'
import sys, re, xml.etree.ElementTree as ET
h = '{http://www.w3.org/1999/xhtml}'
tsv = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
out = []
for page in sys.argv[2:]:
    root = ET.parse(page).getroot()
    rows = root.findall(".//%stable[@id='compliance']/%stbody/%str" % (h, h, h))
    said = [int(n) for n in re.findall(r'\d+', ''.join(
        root.find(".//%sp[@id='target-count']" % h).itertext()))]
    met = [r.get('class') for r in rows]
    # row by row: the unit, the figure's numbers, met or short
    same = all(c[0] == t[0] and re.findall(r'\d+', c[2]) ==
               re.findall(r'\d+', t[2]) and (t[4] == 'met') == (m == 'met')
               for c, t, m in zip(([''.join(d.itertext()) for d in r]
                                   for r in rows), tsv, met))
    out.append('%d %s %s %s' % (len(rows), said,
        [met.count('met'), met.count('short')], same))
print(len(tsv), out)
PY
	[ "$status" -eq 0 ]
	[ "$output" = "9 ['9 [2, 7] [2, 7] True', '9 [2, 7] [2, 7] True']" ]
	grep -q '<td>筛查覆盖</td><td class="n">4/5（80.0%）</td><td>全部</td><td>未达标</td>' zh.html
	grep -q '<td>教职工讲座（全体教职工）</td>' zh.html
	grep -q '<td>screening coverage</td><td class="n">4 of 5 (80.0%)</td>' en.html
}

@test "html: red cards' first talks, chart, table and sentence as ph-report followups counts them" {
	plant_many_gaps
	# S1's first talk held in time
	PH_NOW='2026-09-01 10:00' ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW='2026-09-02 18:00' ph-schedule done 1
	ph-report followups --by class > f.tsv
	ph-report html --by class -o zh.html
	run /usr/bin/python3 - f.tsv zh.html <<'PY'
import sys, re, xml.etree.ElementTree as ET
h = '{http://www.w3.org/1999/xhtml}'
s = '{http://www.w3.org/2000/svg}'
tsv = {l.split('\t')[0]: l.rstrip('\n').split('\t')[1:] for l in open(sys.argv[1])}
root = ET.parse(sys.argv[2]).getroot()
section = [x for x in root.iter(h + 'section')
           if x.find(".//%stable[@id='followups']" % h) is not None][0]
rows = {r[0]: r[1:] for r in ([''.join(d.itertext()) for d in tr] for tr in
        section.findall('.//%stbody/%str' % (h, h)))}
bars = {(b.get('data-unit'), b.get('data-part')): b.get('data-value')
        for b in section.iter(s + 'rect')}
said = re.findall(r'\d+', ''.join(section.find(".//%sp[@id='seen-count']" % h).itertext()))
bad = []
for unit, cells in tsv.items():
    if unit == 'unit':
        continue
    mine = rows['合计' if unit == 'total' else unit]
    if mine != cells:
        bad.append(unit)
    for part, v in zip(['in_time', 'late', 'booked', 'overdue', 'not_yet_due'], cells[1:6]):
        if unit != 'total' and bars[(unit, part)] != v:
            bad.append((unit, part))
print(said == tsv['total'][:6], tsv['total'], bad)
PY
	[ "$status" -eq 0 ]
	[ "$output" = "True ['3', '1', '0', '0', '2', '0', '33.3%'] []" ]
	grep -q '<p id="seen-count">红卡 3 张：按时首次谈话 1 张' zh.html
	# a screening with no red card says so, and draws nothing
	export PH_DB="$BATS_TEST_TMPDIR/clean.db"
	plant_no_gaps
	ph-report html -o clean.html
	grep -q '<p id="no-red">这次筛查没有红卡。</p>' clean.html
	! grep -q 'id="followups"' clean.html
}

@test "html: CJK fonts named, legends, tables that scroll and print with their header, labels readable on a phone" {
	plant_many_gaps
	ph-report html --by class -o r.html
	run /usr/bin/python3 - r.html <<'PY'
import sys, re, xml.etree.ElementTree as ET
h = '{http://www.w3.org/1999/xhtml}'
s = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
css = root.find('.//%sstyle' % h).text
out = []
# the fonts of Windows, macOS, Android and Linux, before sans-serif
stack = re.search(r'body\{font-family:([^;]*);', css).group(1)
names = [f.strip().strip('"') for f in stack.split(',')]
for font in ('Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC',
             'Source Han Sans SC', 'WenQuanYi Micro Hei'):
    if font not in names or names.index(font) > names.index('sans-serif'):
        out.append('font ' + font)
for rule in ('thead{display:table-header-group}', 'tr{break-inside:avoid',
             '.scroll{overflow-x:auto}', 'white-space:nowrap'):
    if rule not in css:
        out.append('css ' + rule)
# every table in a box that scrolls sideways, with a header row in thead
for div in root.iter(h + 'div'):
    for t in div.findall(h + 'table'):
        if 'scroll' not in div.get('class', '') or t.find(h + 'thead') is None:
            out.append('table ' + t.get('id'))
tables = len(list(root.iter(h + 'table')))
# each chart's legend names each part; its labels are 11 px or more on a
# 390 px phone (358 px inside the margins), however it is scaled
label = {'screened': '已测', 'missing': '未测', 'red': '红卡', 'yellow': '黄卡',
         'blue': '蓝卡', 'none': '无', 'in_time': '按时谈话', 'late': '晚于期限',
         'booked': '已预约', 'overdue': '逾期未约', 'not_yet_due': '未到期',
         'acknowledged': '已确认', 'open': '未确认', 'closed': '已结案',
         'ongoing': '进行中',
         'on_track': '心理课开足的班级', 'behind': '心理课不足的班级'}
for svg in root.iter(s + 'svg'):
    parts = {r.get('data-part') for r in svg.iter(s + 'rect')}
    legend = [''.join(t.itertext()) for t in svg.iter(s + 'text')]
    for part in sorted(parts):
        if label[part] not in legend:
            out.append('legend ' + part)
    width = float(svg.get('width'))
    least = float(re.search(r'min-width:(\d+)px', svg.get('style')).group(1))
    shown = max(least, min(width, 358.0))
    for t in svg.iter(s + 'text'):
        if float(t.get('font-size', 13)) * shown / width < 11:
            out.append('small ' + ''.join(t.itertext()))
            break
print(tables, out)
PY
	[ "$status" -eq 0 ]
	[ "$output" = "9 []" ]
}

@test "html: Chromium prints it on A4 with the gaps' header on every page and no row split" {
	command -v chromium > /dev/null || skip "chromium is not installed"
	command -v pdftotext > /dev/null || skip "pdftotext (poppler-utils) is not installed"
	plant_many_gaps
	# many gaps: a class of forty with no one screened
	awk 'BEGIN { print "学号,姓名,性别,学校,年级,班级"
		for (i = 1; i <= 40; i++) printf "T%02d,学生%02d,男,一中,初一,3班\n", i, i }' > t.csv
	ph-intake roster t.csv > /dev/null 2>&1
	ph-report html -o r.html
	chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$PWD/r.pdf" \
	    --no-pdf-header-footer "file://$PWD/r.html" 2> /dev/null
	[ -s r.pdf ]
	pages=$(pdfinfo r.pdf | awk '/^Pages:/ { print $2 }')
	[ "$pages" -ge 2 ]
	first=0
	for p in $(seq 1 "$pages"); do
		pdftotext -f "$p" -l "$p" -layout r.pdf "page$p.txt"
		grep -q '遗漏事项' "page$p.txt" && [ "$first" -eq 0 ] && first=$p
		if [ "$first" -gt 0 ] && grep -q 'ph-screen import' "page$p.txt"; then
			# the header on every page the table is on
			grep -q '处理办法' "page$p.txt"
		fi
		# a row's fix, whole on one page: each command with its end
		# (the cell wraps it after "--")
		[ "$(grep -c 'ph-screen import' "page$p.txt")" -eq \
		    "$(grep -c 'campaign 2026秋 文件' "page$p.txt")" ]
	done
	[ "$first" -gt 0 ]
}

@test "html: read in two halves at once or, on one processor, one after the other: the same page, byte for byte" {
	command -v taskset > /dev/null || skip "taskset (util-linux) is not installed"
	taskset -c 0 true 2> /dev/null || skip "this run may not set its processors"
	plant_many_gaps
	cp "$PH_DB" other.db
	for dbs in "--db $PH_DB" "--db $PH_DB --db other.db"; do
		for lang in zh en; do
			# shellcheck disable=SC2086
			ph-report $dbs html --lang "$lang" -o two.html
			# shellcheck disable=SC2086
			taskset -c 0 ph-report $dbs html --lang "$lang" -o one.html
			cmp two.html one.html
			[ -s two.html ]
		done
	done
	# an error in the half read beside the report's stops the page as
	# it did: nothing written, the exit status of the failure
	run ph-report --db "$PH_DB" html --campaign 没有这次 -o none.html
	[ "$status" -ne 0 ]
	[ ! -e none.html ]
	run taskset -c 0 ph-report --db "$PH_DB" html --campaign 没有这次 -o none.html
	[ "$status" -ne 0 ]
	[ ! -e none.html ]
}
