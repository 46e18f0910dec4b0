#!/usr/bin/python3
"""Writes CSV files as an Excel workbook, one sheet each, for the tests of
reading workbooks (tests/cli/excel_in.bats).

    gen-excel.py OUT.xlsx|OUT.xls NAME=FILE.csv [NAME=FILE.csv ...]

Cells are typed as a spreadsheet holds them: digits without a leading zero
become numbers (a pupil number, a phone number), YYYY-MM-DD a date and
YYYY-MM-DD HH:MM[:SS] a date-time (numbers with a date format, as Excel
stores them), anything else text.  An empty field is no cell at all.
Needs python3-openpyxl (.xlsx) or python3-xlwt (.xls).
"""
import csv
import datetime
import re
import sys


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
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = sys.argv[1]
    (write_xlsx if out.endswith(".xlsx") else write_xls)(out, sys.argv[2:])


main()
