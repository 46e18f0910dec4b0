#!/usr/bin/python3
"""Writes CSV files as an Excel workbook, one sheet each, for the tests of
reading workbooks (tests/cli/excel_in.bats).

    gen-excel.py [--inline] OUT.xlsx|OUT.xls NAME=FILE.csv [NAME=FILE.csv ...]

Cells are typed as a spreadsheet holds them: digits without a leading zero
become numbers (a pupil number, a phone number), YYYY-MM-DD a date and
YYYY-MM-DD HH:MM[:SS] a date-time (numbers with a date format, as Excel
stores them), anything else text.  An empty field is no cell at all.
Text in a .xlsx is kept as Excel keeps it, in the shared strings, each
string of two or more characters as two runs of rich text and with a
phonetic guide (which is not part of the text); with --inline, as
openpyxl writes it, in inline strings.
Needs python3-openpyxl (.xlsx) or python3-xlwt (.xls).
"""
import csv
import datetime
import html
import re
import sys
import zipfile


def typed(text):
    """The cell's value; a date that is none (2010-13-45) stays text."""
    if re.fullmatch(r"-?[1-9][0-9]*", text):
        return int(text)
    try:
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text)
        if m:
            return datetime.date(*map(int, m.groups()))
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?",
                         text)
        if m:
            return datetime.datetime(*(int(g or 0) for g in m.groups()))
    except ValueError:
        pass
    return text


def sheets(args):
    for arg in args:
        name, _, path = arg.partition("=")
        with open(path, newline="", encoding="utf-8-sig") as f:
            yield name, [[typed(c) for c in row] for row in csv.reader(f)]


def write_xlsx(out, args):
    import openpyxl
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets(args):
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    book.save(out)


def shared_item(text):
    """A string as Excel may keep it: runs of rich text, a phonetic guide."""
    if len(text) < 2:
        return "<si><t>%s</t></si>" % html.escape(text, quote=False)
    half = len(text) // 2
    runs = "".join("<r><rPr><b/></rPr><t>%s</t></r>" % html.escape(part, quote=False)
                   for part in (text[:half], text[half:]))
    return '%s<rPh sb="0" eb="1"><t>PHONETIC</t></rPh>' % ("<si>" + runs) + "</si>"


def share_strings(out):
    """Moves the inline strings of every sheet to xl/sharedStrings.xml."""
    src = zipfile.ZipFile(out)
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    src.close()
    strings, index = [], {}

    def shared(m):
        ref, style, text = m.group(1), m.group(2), html.unescape(m.group(3))
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (ref, style, index[text])

    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) '
                      r't="inlineStr"><is><t>(.*?)</t></is></c>')
    for name in parts:
        if name.startswith("xl/worksheets/"):
            parts[name] = cell.sub(shared, parts[name].decode()).encode()
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="%d" uniqueCount="%d">' % (len(strings), len(strings))
        + "".join(shared_item(t) for t in strings) + "</sst>").encode()
    rel = ('<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
           'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", rel.encode() + b"</Relationships>")
    kind = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", kind.encode() + b"</Types>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def write_xls(out, args):
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    moment = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    for name, rows in sheets(args):
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "":
                    continue
                if isinstance(value, datetime.datetime):
                    ws.write(r, c, value, moment)
                elif isinstance(value, datetime.date):
                    ws.write(r, c, value, day)
                else:
                    ws.write(r, c, value)
    book.save(out)


def main():
    args = sys.argv[1:]
    inline = args[:1] == ["--inline"]
    if inline:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    out = args[0]
    if out.endswith(".xlsx"):
        write_xlsx(out, args[1:])
        if not inline:
            share_strings(out)
    else:
        write_xls(out, args[1:])


main()
