/*
 * Records kept as JSON arrays (rec_json_array) read back by a stored
 * reader (rec_reader_stored): what ph-screen rescore reads an imported
 * file's header and rows with.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rec.h"
#include "tap.h"

static void
test_round_trip(struct tap *t)
{
	const char *cols[] = { "学号", "1、做事时提不起劲", "note \"q\"" };
	const char *vals[] = { "S1", "几乎每天\\t", "line\nbreak, \"quoted\"" };
	struct buf h = {0}, v = {0};
	struct rec_reader *r = rec_reader_stored("a.csv");

	rec_json_array(&h, 3, cols);
	rec_json_array(&v, 3, vals);
	is_int(t, rec_stored_header(r, buf_str(&h)), 0, "header read");
	is_int(t, (int)rec_ncolumns(r), 3, "three columns");
	is_str(t, rec_column(r, 1), cols[1], "a column as stored");
	is_int(t, rec_stored_record(r, buf_str(&v), 7), 1, "record read");
	is_int(t, (int)rec_line(r), 7, "its line as given");
	is_str(t, rec_name(r), "a.csv", "its file's name");
	for (int i = 0; i < 3; i++)
		is_str(t, rec_field(r, (size_t)i), vals[i], "a field as stored");
	is_str(t, rec_field(r, 3), "", "past the fields: empty");
	is_int(t, rec_stored_record(r, "[\"S2\",null]", 8), 1, "null read");
	is_str(t, rec_field(r, 1), "", "null is empty");
	is_int(t, rec_stored_record(r, "[]", 9), 1, "no field");
	is_str(t, rec_field(r, 0), "", "no field is empty");
	is_int(t, rec_stored_record(r, "[\"S3\",", 10), -1, "cut short: -1");
	ok(t, strstr(rec_error(r), "expected") != NULL ||
	    strstr(rec_error(r), "unterminated") != NULL, "and says why");
	is_int(t, rec_stored_record(r, "{\"a\":1}", 11), -1, "not an array");
	buf_free(&h);
	buf_free(&v);
	rec_reader_free(r);
}

/* Every character JSON must escape, as its escape, and back; one buffer
 * grown over many cells keeps them all. */
static void
test_escapes(struct tap *t)
{
	const char *vals[] = { "\"\\\n\r\t\x01\x1f中", "", "plain" };
	struct buf v = {0};
	struct rec_reader *r = rec_reader_stored("b.csv");

	rec_json_array(&v, 3, vals);
	is_str(t, buf_str(&v),
	    "[\"\\\"\\\\\\n\\r\\t\\u0001\\u001f中\",\"\",\"plain\"]",
	    "each escape as JSON writes it");
	is_int(t, (int)v.len, (int)strlen(buf_str(&v)), "its length kept");
	is_int(t, rec_stored_header(r, "[\"a\",\"b\",\"c\"]"), 0, "header");
	is_int(t, rec_stored_record(r, buf_str(&v), 2), 1, "read back");
	for (int i = 0; i < 3; i++)
		is_str(t, rec_field(r, (size_t)i), vals[i], "as it was");
	buf_reset(&v);
	for (int i = 0; i < 2000; i++)
		rec_json_array(&v, 3, vals);
	is_int(t, (int)v.len, (int)strlen(buf_str(&v)),
	    "2,000 arrays in one buffer: every byte there");
	buf_free(&v);
	rec_reader_free(r);
}

int
main(void)
{
	struct tap t = TAP_INIT;

	test_round_trip(&t);
	test_escapes(&t);
	return tap_done(&t);
}
