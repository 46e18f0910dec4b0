/*
 * Records: the line-oriented input and output of every ph program.
 *
 * Reading: CSV (RFC 4180), TSV (ph's own escaping: \t \n \r \\) or JSONL,
 * chosen by the caller or detected from the header line; UTF-8 (a BOM is
 * dropped) or GB18030/GBK, chosen or detected, one for the whole file;
 * LF, CRLF or bare CR line ends, as the first line has them; blank lines
 * skipped; no NUL character anywhere.  Every field (and header name) comes back as UTF-8 with
 * surrounding white space (ASCII, U+00A0, U+3000) trimmed and full-width
 * digits and Latin letters (U+FF10-19, U+FF21-3A, U+FF41-5A) turned into
 * ASCII.  Memory stays bounded by the longest record, whatever the input
 * size.
 *
 * A file (not a stream) that is an Excel workbook by its first bytes,
 * .xlsx (a zip with xl/workbook.xml) or .xls (OLE2), is read as the TSV of
 * one sheet (sheet.h): row n of the sheet is line n, and the reader's name
 * becomes FILE:SHEET, so that a message reads FILE:SHEET:ROW.
 *
 * Writing: TSV with a header (default), CSV with a header, or JSONL.  A
 * CSV field that a spreadsheet would run as a formula is neutralised.
 */
#ifndef PH_REC_H
#define PH_REC_H
#include <stddef.h>
#include <stdio.h>

/* REC_XLSX: an Excel workbook, written through xlsx_write.h (a text
 * writer never takes it). */
enum rec_format { REC_AUTO, REC_TSV, REC_CSV, REC_JSONL, REC_XLSX };

/*
 * Limits, far past real data, that keep memory bounded whatever the input
 * (ph-records(5), LIMITS): a record's bytes as in the file (all its lines
 * for a CSV field that spans lines), a field's bytes in UTF-8, and the
 * fields of a record (Excel's own column limit; for JSONL, the keys of a
 * file).
 */
#define REC_MAX_RECORD (1024 * 1024)
#define REC_MAX_FIELD (64 * 1024)
#define REC_MAX_FIELDS 16384
enum rec_encoding { REC_ENC_AUTO, REC_ENC_UTF8, REC_ENC_GBK };

/* "tsv", "csv", "jsonl" (also "json", "auto"), "xlsx"; 0, or -1 when
 * unknown. */
int rec_parse_format(const char *s, enum rec_format *out);
/* "utf-8"/"utf8", "gbk"/"gb18030"/"gb2312"/"cp936", "auto"; 0 or -1. */
int rec_parse_encoding(const char *s, enum rec_encoding *out);
const char *rec_format_name(enum rec_format f);
const char *rec_encoding_name(enum rec_encoding e);

struct rec_reader;

/*
 * A reader over fp (not closed by the reader), from its start: the reader
 * reads fp's descriptor itself, so nothing should read fp before it.
 * name is what messages call the input.  Never returns NULL.
 */
struct rec_reader *rec_reader_new(FILE *fp, const char *name,
    enum rec_format format, enum rec_encoding encoding);
void rec_reader_free(struct rec_reader *r);
/* The sheet of a workbook to read (NULL: the first), before the first
 * read; ignored for other inputs. */
void rec_reader_sheet(struct rec_reader *r, const char *sheet);

/*
 * Reads the header (the first non-blank line for CSV and TSV; for JSONL
 * the keys of the first object, in order).  0, or -1 with rec_error() set
 * (empty input, undecodable bytes, I/O error).
 */
int rec_read_header(struct rec_reader *r);

/*
 * Reads the next record (calls rec_read_header first when needed).
 *   1  a record is available through rec_field()
 *   0  end of input
 *  -1  this record is bad (rec_error() says why, rec_line() where); the
 *      caller may report it and call rec_read() again for the next one
 *      (after a quote left open to the end of the input: the end)
 *  -2  the file as a whole cannot be read: keep nothing of it (an I/O
 *      error, a UTF-16 file, a record over its limit, a line in another
 *      encoding than the file's); rec_read() gives 0 after it
 */
int rec_read(struct rec_reader *r);

/* Header columns; for JSONL the list grows when a later object has a key
 * never seen before (rec_ncolumns() grows, earlier indexes stay valid). */
size_t rec_ncolumns(const struct rec_reader *r);
const char *rec_column(const struct rec_reader *r, size_t i);

/* Fields of the current record, by header column.  A column the record
 * does not have reads as "" (and rec_has_field() says 0).  Valid until the
 * next rec_read(). */
const char *rec_field(const struct rec_reader *r, size_t i);
int rec_has_field(const struct rec_reader *r, size_t i);
/* After rec_read() gave -1 for a record whose only fault is more fields
 * than the header (an unquoted comma in a free-text answer, say): how
 * many it has, each still read by rec_field(); else 0. */
size_t rec_overflow(const struct rec_reader *r);

/* Physical line (1-based) where the current record, or the bad one,
 * starts.  The header's line after rec_read_header(). */
size_t rec_line(const struct rec_reader *r);
/* The message of the last -1 or -2, without file or line. */
const char *rec_error(const struct rec_reader *r);
const char *rec_name(const struct rec_reader *r);
/* What was detected (or given). */
enum rec_format rec_format_used(const struct rec_reader *r);
enum rec_encoding rec_encoding_used(const struct rec_reader *r);

/*
 * Records kept as JSON arrays of strings (an import stores a file's
 * header and each record as rec_json_array wrote them): a reader with no
 * input, given the header once and then each record with the line it
 * came from, read back through rec_column() and rec_field() as before.
 * Each 0 (a record: 1), or -1 with rec_error() set.
 */
struct rec_reader *rec_reader_stored(const char *name);
int rec_stored_header(struct rec_reader *r, const char *json);
int rec_stored_record(struct rec_reader *r, const char *json, size_t line);

struct rec_writer;

/* Writes the header at once for TSV and CSV. */
struct rec_writer *rec_writer_new(FILE *fp, enum rec_format format,
    size_t ncolumns, const char *const *names);
/* The same, but the header goes out with the first record: a writer
 * given no record writes nothing at all (--quiet). */
struct rec_writer *rec_writer_new_lazy(FILE *fp, enum rec_format format,
    size_t ncolumns, const char *const *names);
/* What a writer is asked besides its format. */
enum {
	REC_W_LAZY = 1,		/* as rec_writer_new_lazy */
	/* for Excel on Windows: a UTF-8 byte-order mark before the
	 * header, and every line ended by CRLF (CSV and TSV) */
	REC_W_EXCEL = 2
};
struct rec_writer *rec_writer_new_flags(FILE *fp, enum rec_format format,
    size_t ncolumns, const char *const *names, unsigned flags);

/*
 * A writer whose records go to another writer of cells (a workbook's
 * sheet): row gets the header first (with REC_W_LAZY, only with the
 * first record), then each record, and says 0 or -1; end is called once
 * by rec_writer_free, 0 or -1.
 */
struct rec_sink {
	int (*row)(void *ctx, size_t n, const char *const *values);
	int (*end)(void *ctx);
	void *ctx;
};
struct rec_writer *rec_writer_new_sink(const struct rec_sink *sink,
    size_t ncolumns, const char *const *names, unsigned flags);

/* JSONL: write this column as a bare number when its value is one. */
void rec_writer_numeric(struct rec_writer *w, size_t column);
/* JSONL: write this column as it is when it holds a JSON object or array
 * (kept verbatim by a reader), else as a string. */
void rec_writer_json(struct rec_writer *w, size_t column);
/* values[ncolumns]; NULL is an empty field (JSON null).  0, or -1 on an
 * I/O error. */
int rec_write(struct rec_writer *w, const char *const *values);
/* Flushes; 0, or -1 when any write failed. */
int rec_writer_free(struct rec_writer *w);

/* Appends a JSON object of n keys and values (NULL: null) to b. */
struct buf;
void rec_json_object(struct buf *b, size_t n, const char *const *keys,
    const char *const *values);
/* Appends a JSON array of n strings (NULL: null) to b. */
void rec_json_array(struct buf *b, size_t n, const char *const *values);

/* Appends s to b as a TSV field: tab, newline, carriage return and
 * backslash as \t \n \r \\. */
void rec_tsv_escape(struct buf *b, const char *s);
/* Trim and fold full-width digits and letters in place, as the reader
 * does to every field; returns s. */
char *rec_normalise(char *s);
/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int rec_valid_utf8(const char *s, size_t n);

#endif
