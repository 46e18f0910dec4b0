#!/usr/bin/env bats
# Tables for Excel: --format xlsx (every report and listing read back
# with openpyxl and compared cell by cell with its TSV), --bom for a CSV
# that Excel on a Chinese Windows opens right, and progress on a
# terminal only.

load helpers

setup() {
	setup_with_shipped_policy
	[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openpyxl' ||
	    skip "python3-openpyxl is not installed (make deps)"
	roster_rows s.csv S1,甲,男,一中,初一,1班 S2,乙,女,一中,初一,1班 \
	    S3,丙,男,一中,初一,1班 S4,丁,女,一中,初一,2班 \
	    007,己,男,一中,初一,2班
	ph-intake roster s.csv > /dev/null
	cat > c.csv <<'CSV'
角色,学校,年级,班级,姓名,性别,电话,学号
班主任,一中,初一,1班,王老师,女,13900000001,
心理教师,一中,,,赵老师,女,13900000003,
CSV
	ph-intake contacts c.csv > /dev/null 2>&1
	school_term S1,0,0,0,0,0,0,0,0,2 S2,0,0,0,0,0,0,0,0,2 \
	    S4,0,0,0,0,0,0,0,0,0
	PH_NOW='2026-09-01 09:00' ph-alert ack 1 --by 赵老师 > /dev/null
	PH_NOW='2026-09-01 10:00' ph-schedule book S1 --with 赵老师 --at '2026-09-02 16:30' --followup-of 2026秋 > /dev/null
	export PH_NOW='2026-09-08 08:00'
}

# same_cells XLSX TSV SHEET: the workbook's sheet SHEET holds the TSV
# cell by cell: a count a number, a rate a fraction with a percent
# format, a date a real date, an identifier or other text the same text;
# the header bold and frozen, no '- anywhere.
same_cells() {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import datetime, re, sys
import openpyxl
book, tsv, sheet = sys.argv[1:]
wb = openpyxl.load_workbook(book)
assert sheet in wb.sheetnames, (sheet, wb.sheetnames)
ws = wb[sheet]
assert ws.freeze_panes == "A2", ws.freeze_panes
rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8")]
got = list(ws.iter_rows())
assert len(got) == len(rows), (len(got), len(rows))
ident = {"id", "phone", "code", "sha256", "version"}
def check(cell, text, column, header):
    v = cell.value
    if header:
        assert v == text and cell.font.b, (v, text)
        return
    if text == "":
        assert v is None, (v, text)
        return
    number = re.fullmatch(r"-?(0|[1-9][0-9]{0,10})(\.[0-9]+)?", text)
    rate = re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9])?%", text)
    date = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", text)
    if column in ident or column.endswith("_no"):
        assert v == text, (column, v, text)
    elif rate:
        assert isinstance(v, (int, float)) and abs(v * 100 - float(text[:-1])) < 1e-9, (v, text)
        assert cell.number_format == ("0.0%" if "." in text else "0%"), cell.number_format
    elif number:
        assert isinstance(v, (int, float)) and not isinstance(v, bool), (v, text)
        assert v == float(text), (v, text)
    elif date:
        assert isinstance(v, datetime.datetime), (v, text)
        fmt = "%Y-%m-%d" + (" %H:%M" if len(text) > 10 else "") + (":%S" if len(text) > 16 else "")
        assert v.strftime(fmt) == text, (v, text)
        assert cell.number_format.startswith("yyyy-mm-dd"), cell.number_format
    else:
        assert v == text, (column, v, text)
        assert not str(v).startswith("'"), v
for r, (cells, texts) in enumerate(zip(got, rows)):
    assert len(texts) == len(rows[0])
    for c, text in enumerate(texts):
        check(cells[c], text.replace("\\\\", "\\"), rows[0][c], r == 0)
print("ok", len(rows), "rows")
PY
}

# xlsx_as_tsv CMD...: runs CMD as TSV and as xlsx and compares them,
# the sheet named $SHEET (default: the command's words).
xlsx_as_tsv() {
	"$@" > t.tsv || [ "$?" -eq 1 ]
	"$@" --format xlsx > t.xlsx || [ "$?" -eq 1 ]
	run same_cells t.xlsx t.tsv "$SHEET"
	echo "$* ($SHEET): $output"
	[ "$status" -eq 0 ]
}

@test "xlsx: every report of ph-report, cell by cell as its TSV, sheets named in Chinese" {
	for c in coverage:覆盖率 cards:预警卡 upward:上报 followups:随访 \
	    alerts:预警 cases:个案 referrals:转介 activity:活动 \
	    staffing:人员配备 compliance:达标情况 gaps:遗漏事项; do
		SHEET=${c#*:} xlsx_as_tsv ph-report "${c%%:*}"
	done
	SHEET=覆盖率 xlsx_as_tsv ph-report coverage --missing
	SHEET=覆盖率 xlsx_as_tsv ph-report coverage --by class
	SHEET=上报 xlsx_as_tsv ph-report upward --care
	SHEET=趋势 xlsx_as_tsv ph-report trend
	# the rate as a number shown as a percentage, the student number that
	# starts with 0 kept as text
	ph-report coverage --format xlsx > c.xlsx
	run /usr/bin/python3 -c 'import openpyxl; ws = openpyxl.load_workbook("c.xlsx").active; print(ws["E2"].value, ws["E2"].number_format, ws["B2"].value)'
	[ "$output" = "0.6 0.0% 5" ]
	ph-report coverage --missing --format xlsx > m.xlsx
	run /usr/bin/python3 -c 'import openpyxl; ws = openpyxl.load_workbook("m.xlsx").active; print([c.value for c in ws["B"]])'
	[ "$output" = "['id', 'S3', '007']" ]
}

@test "xlsx: the listings of the other programs, cell by cell as their TSV" {
	SHEET=list xlsx_as_tsv ph-intake list
	SHEET=audit xlsx_as_tsv ph-intake audit
	SHEET="campaign list" xlsx_as_tsv ph-screen campaign list
	# the words of ph-report's tables name them in any program
	SHEET=预警卡 xlsx_as_tsv ph-screen cards --campaign 2026秋
	SHEET=覆盖率 xlsx_as_tsv ph-screen coverage --campaign 2026秋
	SHEET=list xlsx_as_tsv ph-alert list
	SHEET=outbox xlsx_as_tsv ph-alert outbox
	SHEET=agenda xlsx_as_tsv ph-schedule agenda --week 2026-08-31
	# dates and times are real Excel dates
	ph-alert list --format xlsx > l.xlsx
	run /usr/bin/python3 -c '
import datetime, openpyxl
ws = openpyxl.load_workbook("l.xlsx").active
print(any(isinstance(c.value, datetime.datetime) for r in ws.iter_rows(min_row=2) for c in r))'
	[ "$output" = "True" ]
}

@test "xlsx: --lang en names the sheet in English; -o FILE.xlsx picks xlsx, mode 0600 under any umask" {
	umask 022
	run ph-report coverage --lang en -o cov.xlsx
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ph-report coverage > cov.tsv
	run same_cells cov.xlsx cov.tsv Coverage
	[ "$status" -eq 0 ]
	[ "$(stat -c %a cov.xlsx)" = 600 ]
	[ "$(head -c 2 cov.xlsx)" = PK ]
	# -o FILE.csv picks CSV, and a symbolic link at the name is replaced
	ln -s /nonexistent/elsewhere cov.csv
	ph-report coverage -o cov.csv
	[ ! -L cov.csv ]
	[ "$(head -1 cov.csv)" = "unit,should,screened,missing,rate" ]
	[ "$(stat -c %a cov.csv)" = 600 ]
	# nothing left behind beside the two files
	[ "$(ls cov.* | wc -l)" -eq 3 ]
	# --format says more than the name
	ph-report coverage --format tsv -o t.xlsx
	[ "$(head -1 t.xlsx)" = "$(printf 'unit\tshould\tscreened\tmissing\trate')" ]
}

@test "xlsx: refused to a terminal, 64 and why; --quiet with no rows writes no file" {
	command -v script > /dev/null || skip "script (util-linux) is not installed"
	run script -qec "ph-report coverage --format xlsx" /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"ph-report: --format xlsx: a workbook is a binary file, not for a terminal: give -o FILE.xlsx or redirect stdout"* ]]
	[[ "$output" != *PK* ]]
	run ph-report referrals --quiet -o none.xlsx
	[ ! -e none.xlsx ]
	# gaps found (exit 1) is a table to keep, not a failure
	run ph-report gaps -o gaps.xlsx
	[ "$status" -eq 1 ]
	[ "$(head -c 2 gaps.xlsx)" = PK ]
	run ph-report gaps -o gaps.csv
	[ "$status" -eq 1 ]
	[ "$(head -1 gaps.csv)" = where,id,name,problem,since,fix ]
	[ -z "$(ph-screen cards --campaign 2026秋 --color yellow --quiet)" ]
	run ph-screen cards --campaign 2026秋 --color yellow --quiet --format xlsx
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "xlsx: cards --flags: sheet names Excel takes (31 characters, none of []:*?/\\), each once" {
	ph-report cards --flags --format xlsx > f.xlsx || true
	run /usr/bin/python3 -c '
import openpyxl
wb = openpyxl.load_workbook("f.xlsx")
print(len(wb.sheetnames) >= 1, all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in wb.sheetnames), len(set(wb.sheetnames)) == len(wb.sheetnames))'
	[ "$output" = "True True True" ]
}

@test "csv: a hidden rate is a plain -, not '-; --bom gives a byte-order mark and CRLF" {
	ph-report upward --format csv > u.csv
	grep -q ',-,' u.csv
	! grep -q "'-" u.csv
	ph-report upward --format csv --bom > b.csv
	[ "$(head -c 3 b.csv | od -An -tx1 | tr -d ' ')" = efbbbf ]
	[ "$(grep -c $'\r$' b.csv)" -eq "$(wc -l < b.csv)" ]
	[ "$(tail -c +4 b.csv | tr -d '\r')" = "$(cat u.csv)" ]
	# TSV too; JSONL has no byte-order mark
	ph-report coverage --bom | head -c 3 | od -An -tx1 | grep -q 'ef bb bf'
	[ "$(ph-report coverage --format jsonl --bom | head -c 1)" = "{" ]
	# a formula is still neutralised
	printf '学号,姓名,性别,学校,年级,班级\nS9,=1+2,男,一中,初一,1班\n' > f.csv
	ph-intake roster f.csv > /dev/null
	ph-intake list --format csv | grep -q "'=1+2"
	# --quiet with nothing: nothing, not a lone byte-order mark
	run ph-screen cards --campaign 2026秋 --color yellow --quiet --format csv --bom
	[ -z "$output" ]
}

# slow_roster: writes slow.sh, a roster written slowly: half, a pause
# over a second, the other half. A file, so that script(1) runs it
# whatever shell it starts: dash does not pass on an exported bash
# function, and CI's SHELL may be /bin/sh (the tests set it so).
slow_roster() {
	cat > slow.sh <<'SH'
echo "学号,姓名,性别,学校,年级,班级"
seq 1 3000 | awk '{ printf "P%05d,名%d,男,二中,初一,1班\n", $1, $1 }'
sleep 1.3
seq 3001 6000 | awk '{ printf "P%05d,名%d,男,二中,初一,1班\n", $1, $1 }'
SH
}

@test "progress: rows and rows a second on a terminal for a load over a second, ended by a newline; silent otherwise" {
	command -v script > /dev/null || skip "script (util-linux) is not installed"
	slow_roster
	SHELL=/bin/sh run script -qec "sh slow.sh | ph-intake roster - > out.tsv" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"ph-intake: stdin: 6000 rows, "*"/s"* ]]
	[[ "$output" == *$'\r'"ph-intake: stdin: "* ]]
	# updated in place, the cursor at its start; ended by a newline
	# (\r\n on a tty)
	[[ "$output" == *$'/s\e[K\r'* ]]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(sed -n 2p out.tsv | cut -f1)" = 6000 ]
	# not a terminal: nothing on stderr
	sh slow.sh | ph-intake --db quiet.db roster - > /dev/null 2> err.txt
	[ ! -s err.txt ]
	# a fast load on a terminal shows nothing either
	SHELL=/bin/sh run script -qec "ph-intake --db fast.db roster s.csv > /dev/null" /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
