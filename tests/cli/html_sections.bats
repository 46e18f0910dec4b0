#!/usr/bin/env bats
# ph-report html's care sections (issue 19): alerts and how fast they
# were acknowledged, crisis and referral cases, each school's activity;
# each chart's numbers its table's, the tables ph-report alerts, cases
# and activity's rows, no English in the Chinese report, a section with
# no rows says so and draws nothing; the red cards' first talks in the
# order of the unit tree (issue 17's one pass over the cards).

load helpers

setup() {
	setup_with_shipped_policy
}

# 一中: red cards in 八年级/2班 (S1), 八年级/10班 (S2) and 九年级/1班
# (S3), S4 none; by name 10班 would come before 2班 and 九年级 before
# 八年级.  Alerts raised, one acknowledged after 3 hours, the others
# escalated; a crisis case closed, a referral open with its steps late;
# a term, so that each class has lessons due.
plant_care() {
	roster_rows s.csv S1,甲,男,一中,初二,2班 S2,乙,女,一中,初二,10班 \
	    S3,丙,男,一中,初三,1班 S4,丁,女,一中,初二,2班
	ph-intake roster s.csv > /dev/null
	cat > c.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话
心理教师,一中,,,赵老师,女,13900000003
班主任,一中,初二,2班,王老师,女,13900000001
班主任,一中,初二,10班,钱老师,女,13900000006
班主任,一中,初三,1班,周老师,男,13900000007
年级主任,一中,初二,,李主任,男,13900000002
校领导,一中,,,孙校长,男,13900000005
CSV
	ph-intake contacts c.csv > /dev/null 2>&1
	school_term S1,0,0,0,0,0,0,0,0,2 S2,0,0,0,0,0,0,0,0,2 \
	    S3,0,0,0,0,0,0,0,0,2 S4,0,0,0,0,0,0,0,0,0
	PH_NOW='2026-09-01 11:00' ph-alert ack 1 --by 赵老师 > /dev/null
	PH_NOW='2026-09-01 10:00' ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' --followup-of 2026秋 > /dev/null
	PH_NOW='2026-09-02 18:00' ph-schedule done 1
	for t in '2026-09-02 09:00' '2026-09-03 10:00'; do
		PH_NOW="$t" ph-alert escalate > /dev/null
	done
	PH_NOW='2026-09-02 10:00' ph-alert case open S1 --kind crisis --from-alert 1 --by 赵老师 > /dev/null
	for step in guardian_contacted referred follow_up; do
		PH_NOW='2026-09-04 08:00' ph-alert case event 1 $step --by 赵老师 > /dev/null
	done
	PH_NOW='2026-09-04 08:00' ph-alert case close 1 --outcome 已稳定 --by 赵老师 > /dev/null
	PH_NOW='2026-09-03 10:00' ph-alert case open S3 --kind referral --by 赵老师 > /dev/null
	export PH_NOW='2026-09-10 08:00'
}

# python3 reads an HTML file with html.parser into tables (id -> rows
# of cells, the header row first), bars (chart id -> (unit, part) ->
# value), paragraphs (id -> text) and the page's text outside <code>
# and <style>; each test's own lines follow.
parse_html() {
	cat <<'PY'
import sys, re
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.bars, self.paras, self.text = {}, {}, {}, []
        self.table = self.row = self.cell = self.para = None
        self.chart = None
        self.skip = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('code', 'style'):
            self.skip += 1
        if tag == 'table':
            self.table = self.tables.setdefault(a.get('id'), [])
        elif tag == 'tr' and self.table is not None:
            self.row = []
        elif tag in ('td', 'th') and self.row is not None:
            self.cell = ''
        elif tag == 'p' and a.get('id'):
            self.para = a['id']
            self.paras[self.para] = ''
        elif tag == 'div' and (a.get('id') or '').endswith('-chart'):
            self.chart = self.bars.setdefault(a['id'], {})
        elif tag == 'rect' and self.chart is not None:
            self.chart[(a['data-unit'], a['data-part'])] = int(a['data-value'])
    def handle_endtag(self, tag):
        if tag in ('code', 'style'):
            self.skip -= 1
        if tag in ('td', 'th') and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == 'tr' and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == 'table':
            self.table = None
        elif tag == 'p':
            self.para = None
        elif tag == 'div':
            self.chart = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.para is not None:
            self.paras[self.para] += data
        if not self.skip:
            self.text.append(data)

page = Page()
page.feed(open(sys.argv[1], encoding='utf-8').read())
tables, bars, paras = page.tables, page.bars, page.paras
PY
}

@test "html sections: alerts, cases, activity present, each chart's numbers its table's, each table ph-report's rows" {
	plant_care
	ph-report html --by class -o zh.html
	ph-report alerts --by class > alerts.tsv
	ph-report cases > cases.tsv
	ph-report activity > activity.tsv
	run /usr/bin/python3 - zh.html alerts.tsv cases.tsv activity.tsv <<PY
$(parse_html)
bad = []
def tsv(path):
    return [l.rstrip('\n').split('\t') for l in open(path, encoding='utf-8')][1:]
# alerts: the table's numbers ph-report alerts' (total: 合计), the bars
# acknowledged and open per unit, the sentence the total's
rows = tables['alerts'][1:]
want = tsv(sys.argv[2])
if [[r[0]] + r[1:8] for r in rows] != [['合计' if w[0] == 'total' else w[0]] + w[1:8] for w in want]:
    bad.append(('alerts', rows, want))
for r in rows[:-1]:
    if bars['alerts-chart'][(r[0], 'acknowledged')] != int(r[2]) or \
       bars['alerts-chart'][(r[0], 'open')] != int(r[3]):
        bad.append(('alert bars', r[0]))
total = rows[-1]
if re.findall(r'\d+', paras['alert-count'])[:3] != total[1:4]:
    bad.append(('alert sentence', paras['alert-count']))
if not paras['alert-count'].endswith('确认用时中位数 %s 小时，最长 %s 小时。' % (total[6], total[7])):
    bad.append(('alert times', paras['alert-count']))
levels = {r[0]: r[1] for r in tables['alert-levels'][1:]}
said = dict(re.findall(r'level (\d+): (\d+)', want[-1][8]))
if levels != {'第 %s 级' % k: v for k, v in said.items()} or not levels:
    bad.append(('levels', levels, said))
# cases: the kinds in Chinese, the numbers ph-report cases'
rows = tables['cases'][1:]
kinds = {'crisis': '危机', 'referral': '转介'}
if [[r[0]] + r[1:7] for r in rows] != [[kinds[w[0]]] + w[1:7] for w in tsv(sys.argv[3])]:
    bad.append(('cases', rows))
for r in rows:
    if bars['cases-chart'][(r[0], 'closed')] != int(r[2]) or \
       bars['cases-chart'][(r[0], 'ongoing')] != int(r[3]):
        bad.append(('case bars', r[0]))
# activity: the rows ph-report activity's; classes on track and behind
# make the classes
rows = tables['activity'][1:]
if rows != tsv(sys.argv[4]):
    bad.append(('activity', rows))
for r in rows:
    on, behind = bars['activity-chart'][(r[0], 'on_track')], bars['activity-chart'][(r[0], 'behind')]
    if behind != int(r[3]) or on + behind != int(r[1]):
        bad.append(('activity bars', r[0]))
print(len(tables['alerts']), len(tables['cases']), len(tables['activity']), bad)
PY
	[ "$status" -eq 0 ]
	# three classes' alerts and the total; crisis and referral; one school
	[ "$output" = "5 3 2 []" ]
	# the figures themselves: 3 alerts, 1 acknowledged in 3 hours
	grep -q '<p id="alert-count">预警 3 条：已确认 1 条，未确认 2 条；确认用时中位数 3 小时，最长 3 小时。</p>' zh.html
	grep -q '<p id="case-count">个案 2 个：已结案 1 个，进行中 1 个，其中有步骤逾期的 1 个。</p>' zh.html
	# the English report has the same sections in English
	ph-report html --lang en --by class -o en.html
	grep -q '<h2>Alerts and how fast they were acknowledged</h2>' en.html
	grep -q '<h2>Crisis and referral cases</h2>' en.html
	grep -q '<h2>Activity in each school</h2>' en.html
	grep -q '<p id="alert-count">3 alerts: 1 acknowledged, 2 open; 3 hours to acknowledge at the median, 3 at worst.</p>' en.html
}

@test "html sections: the Chinese report's text has no English word, only codes, unit names and numbers" {
	plant_care
	ph-report html --by class -o zh.html
	run /usr/bin/python3 - zh.html <<PY
$(parse_html)
words = set()
for t in page.text:
    for word in re.findall(r'[A-Za-z][A-Za-z0-9_./=:-]*', t):
        # a code or a number: has a digit, / . = or _
        if not re.search(r'[0-9/._=]', word):
            words.add(word)
print(sorted(words))
PY
	[ "$status" -eq 0 ]
	[ "$output" = "[]" ]
	# the section's headers, kinds and legends in Chinese
	grep -q '<th>确认用时中位数（小时）</th>' zh.html
	grep -q '<th scope="row">转介</th>' zh.html
	grep -q '>心理课开足的班级</text>' zh.html
}

@test "html sections: a section with no rows says so, draws nothing, and says nothing else" {
	roster_rows s.csv S1,甲,男,一中,初二,2班
	ph-intake roster s.csv > /dev/null
	ph-screen campaign create 2026秋 --instrument phq9 --from 2026-09-01 --to 2026-09-07 > /dev/null
	printf '学号,1,2,3,4,5,6,7,8,9\nS1,0,0,0,0,0,0,0,0,0\n' > a.csv
	ph-screen import --campaign 2026秋 a.csv > /dev/null
	ph-report html -o none.html
	run /usr/bin/python3 - none.html <<PY
$(parse_html)
print(sorted(k for k in paras if k.startswith('no-')),
      [t for t in ('alerts', 'alert-levels', 'cases') if t in tables],
      [c for c in ('alerts-chart', 'cases-chart', 'activity-chart') if c in bars],
      [k for k in ('alert-count', 'case-count') if k in paras])
PY
	[ "$status" -eq 0 ]
	# no term: the activity's table without its lessons' bars
	[ "$output" = "['no-alerts', 'no-cases', 'no-red'] [] [] []" ]
	grep -q '<p id="no-alerts">还没有预警。</p>' none.html
	grep -q '<p id="no-cases">还没有危机或转介个案。</p>' none.html
	# with rows, none of the words that there are none
	export PH_DB="$BATS_TEST_TMPDIR/some.db"
	plant_care
	ph-report html -o some.html
	! grep -q 'id="no-alerts"\|id="no-cases"\|id="no-activity"\|id="no-escalation"' some.html
}

@test "html sections: the first talks' and the alerts' units in the order of the unit tree, as the other sections, and as ph-report followups" {
	plant_care
	ph-report html --by class -o zh.html
	run /usr/bin/python3 - zh.html <<PY
$(parse_html)
order = [[r[0] for r in tables[t][1:]] for t in ('followups', 'cards', 'alerts')]
print(order[0], order[1] == order[0] and order[2] == order[0])
PY
	[ "$status" -eq 0 ]
	[ "$output" = "['一中/八年级/2班', '一中/八年级/10班', '一中/九年级/1班', '合计'] True" ]
	run ph-report followups --by class
	[ "$(echo "$output" | cut -f1 | tr '\n' ' ')" = "unit 一中/八年级/2班 一中/八年级/10班 一中/九年级/1班 total " ]
	# S1's first talk held on 09-02, within its 3 school days; the others
	# overdue
	[ "${lines[1]}" = "$(printf '一中/八年级/2班\t1\t1\t0\t0\t0\t0\t100.0%%')" ]
}
