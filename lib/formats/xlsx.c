/*
 * .xlsx: xl/workbook.xml names the sheets in order and their relationship
 * ids, xl/_rels/workbook.xml.rels the part of each (and of the shared
 * strings and styles), styles.xml which cell formats are dates, and the
 * sheet's <sheetData> its rows of <c r="C5" t="s" s="3"><v>..</v></c>.
 * Every part streams through expat as it inflates, counted against the
 * limits of sheet.h.  Element and attribute names are matched without
 * their prefix ("x:row" is "row").
 */
#include "xlsx.h"

#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "dynlib.h"
#include "rec.h"
#include "sonames.h"
#include "xalloc.h"

/* libzip, opened when a workbook is read (dynlib.h) */
#define ZIP_FUNCTIONS(F) F(zip_fdopen) F(zip_fopen) F(zip_fread) \
	F(zip_fclose) F(zip_discard) F(zip_get_error) F(zip_file_get_error) \
	F(zip_error_code_zip) F(zip_error_strerror) \
	F(zip_error_init_with_code) F(zip_error_fini) F(zip_name_locate)
struct zip_api {
#define ZIP_MEMBER(f) __typeof__(f) *f;
	ZIP_FUNCTIONS(ZIP_MEMBER)
#undef ZIP_MEMBER
	void *lib;
};

struct xlsx {
	struct sheet_out *o;
	XML_Parser p;
	struct zip_api z;
	zip_t *zip;
	const char *want;
	/* workbook.xml */
	char **names, **rids;
	size_t nsheets, sheetcap;
	int date1904;
	/* workbook.xml.rels */
	const char *rid;		/* the chosen sheet's */
	char *sheet_part, *strings_part, *styles_part;
	/* styles.xml: numFmtId to how it shows, then each cell format */
	long *fmt_ids;
	enum sheet_shown *fmt_shown, *xf;
	size_t nfmts, fmtcap, nxf, xfcap;
	int in_xfs;
	/* sharedStrings.xml: string i at strings.data + soff[i] */
	struct buf strings;
	size_t *soff, nstrings, scap;
	/* text of <t> (outside <rPh>, the phonetic guide) or <v> */
	struct buf text;
	int in_t, in_v, in_rph, collect;
	/* the sheet */
	int in_data;
	size_t row, col;
	char type[16];
	long style;
};

static const char *
local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon != NULL ? colon + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* A handler's failure: the parse stops, the message stays. */
static void
stop(struct xlsx *x)
{
	XML_StopParser(x->p, XML_FALSE);
}

int
xlsx_cell_ref(const char *ref, size_t *row, size_t *col)
{
	size_t c = 0, r = 0, letters = 0, digits = 0;
	const char *p = ref;

	for (; *p >= 'A' && *p <= 'Z' && letters < 3; p++, letters++)
		c = c * 26 + (size_t)(*p - 'A' + 1);
	for (; *p >= '0' && *p <= '9' && digits < 7; p++, digits++)
		r = r * 10 + (size_t)(*p - '0');
	if (letters == 0 || digits == 0 || *p != '\0' || c > REC_MAX_FIELDS ||
	    r == 0 || r > SHEET_MAX_ROWS || ref[letters] == '0')
		return -1;
	*row = r;
	*col = c - 1;
	return 0;
}

/* Entering (on) or leaving an element: whether its text is collected. */
static void
text_mark(struct xlsx *x, const char *name, int on)
{
	if (strcmp(name, "rPh") == 0)
		x->in_rph = on;
	else if (strcmp(name, "t") == 0)
		x->in_t = on;
	else if (strcmp(name, "v") == 0)
		x->in_v = on;
	x->collect = (x->in_t && !x->in_rph) || x->in_v;
}

static void XMLCALL
on_text(void *ctx, const XML_Char *s, int len)
{
	struct xlsx *x = ctx;

	/* a cell's text past a record is refused by the reader anyway:
	 * memory stays bounded */
	if (x->collect && x->text.len <= REC_MAX_RECORD)
		buf_append(&x->text, s, (size_t)len);
}

/* An entity declaration has no place in a workbook and could expand. */
static void XMLCALL
on_entity(void *ctx, const XML_Char *name, int pe, const XML_Char *value,
    int len, const XML_Char *base, const XML_Char *sys, const XML_Char *pub,
    const XML_Char *notation)
{
	struct xlsx *x = ctx;

	(void)name, (void)pe, (void)value, (void)len, (void)base;
	(void)sys, (void)pub, (void)notation;
	sheet_fail(x->o, "an XML entity declaration in the workbook: "
	    "refused");
	stop(x);
}

/* Streams part through a new parser with the handlers given: 0, or -1.
 * A part that is not there is 0 unless required. */
static int
parse_part(struct xlsx *x, const char *part, size_t limit, int required,
    XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_file_t *f = x->z.zip_fopen(x->zip, part, 0);
	size_t total = 0;
	int rc = 0, last = 0;

	if (f == NULL) {
		int code = x->z.zip_error_code_zip(x->z.zip_get_error(x->zip));
		if (code == ZIP_ER_NOENT && !required)
			return 0;
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
			return sheet_fail(x->o, "a password-protected workbook: "
			    "save it without a password");
		return sheet_fail(x->o, "%s: %s: the file is damaged", part,
		    x->z.zip_error_strerror(x->z.zip_get_error(x->zip)));
	}
	x->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetEntityDeclHandler(x->p, on_entity);
	while (rc == 0 && !last) {
		void *chunk = XML_GetBuffer(x->p, 1 << 16);
		zip_int64_t n = chunk != NULL ?
		    x->z.zip_fread(f, chunk, 1 << 16) : -1;

		if (n < 0) {
			rc = sheet_fail(x->o, "%s: %s: the file is damaged or "
			    "truncated", part, chunk != NULL ?
			    x->z.zip_error_strerror(
			    x->z.zip_file_get_error(f)) :
			    "out of memory");
			break;
		}
		last = n == 0;
		if ((total += (size_t)n) > limit)
			rc = sheet_fail(x->o, "%s unpacks to over %zu MiB, "
			    "past the limit (ph-records(5), LIMITS)", part,
			    limit >> 20);
		else if (XML_ParseBuffer(x->p, (int)n, last) ==
		    XML_STATUS_ERROR) {
			if (XML_GetErrorCode(x->p) != XML_ERROR_ABORTED)
				sheet_fail(x->o, "%s:%lu: %s: the file is "
				    "damaged", part, (unsigned long)
				    XML_GetCurrentLineNumber(x->p),
				    XML_ErrorString(XML_GetErrorCode(x->p)));
			rc = -1;
		}
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	x->z.zip_fclose(f);
	return rc;
}

/* workbook.xml */

static void XMLCALL
workbook_start(void *ctx, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ctx;
	const char *name = local(el), *v, *id;

	if (strcmp(name, "workbookPr") == 0 &&
	    (v = attr(atts, "date1904")) != NULL)
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	if (strcmp(name, "sheet") != 0)
		return;
	v = attr(atts, "name");
	id = attr(atts, "id");
	if (v == NULL || id == NULL)
		return;
	x->names = xgrow(x->names, &x->sheetcap, x->nsheets + 1,
	    sizeof(*x->names));
	x->rids = xrealloc(x->rids, x->sheetcap * sizeof(*x->rids));
	x->names[x->nsheets] = xstrdup(v);
	x->rids[x->nsheets++] = xstrdup(id);
}

static void XMLCALL
no_end(void *ctx, const XML_Char *el)
{
	(void)ctx, (void)el;
}

/* The sheet wanted, or the first: its relationship id, or NULL after a
 * message that lists the sheets there are. */
static const char *
choose_sheet(struct xlsx *x, char **sheet)
{
	struct buf all = { 0 };

	for (size_t i = 0; i < x->nsheets; i++)
		if (x->want == NULL || strcmp(x->names[i], x->want) == 0) {
			*sheet = xstrdup(x->names[i]);
			return x->rids[i];
		}
	if (x->nsheets == 0) {
		sheet_fail(x->o, "a workbook without sheets");
		return NULL;
	}
	for (size_t i = 0; i < x->nsheets; i++)
		buf_printf(&all, "%s'%s'", i > 0 ? ", " : "", x->names[i]);
	sheet_fail(x->o, "no sheet '%s' in the workbook (its sheets: %s)",
	    x->want, buf_str(&all));
	buf_free(&all);
	return NULL;
}

/* workbook.xml.rels: targets relative to xl/, or absolute in the zip. */

static char *
part_path(const char *target)
{
	if (*target == '/')
		return xstrdup(target + 1);
	return xasprintf("xl/%s", target);
}

static int
type_is(const char *type, const char *what)
{
	size_t n = strlen(type), w = strlen(what);

	return n > w && type[n - w - 1] == '/' && strcmp(type + n - w,
	    what) == 0;
}

static void XMLCALL
rels_start(void *ctx, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ctx;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target");

	if (strcmp(local(el), "Relationship") != 0 || id == NULL ||
	    type == NULL || target == NULL)
		return;
	if (strcmp(id, x->rid) == 0 && x->sheet_part == NULL)
		x->sheet_part = part_path(target);
	else if (type_is(type, "sharedStrings") && x->strings_part == NULL)
		x->strings_part = part_path(target);
	else if (type_is(type, "styles") && x->styles_part == NULL)
		x->styles_part = part_path(target);
}

/* styles.xml: <numFmts><numFmt numFmtId formatCode/></numFmts>, then
 * <cellXfs><xf numFmtId/>...</cellXfs>, the s of a cell indexing it. */

static enum sheet_shown
shown_of(const struct xlsx *x, long id)
{
	for (size_t i = 0; i < x->nfmts; i++)
		if (x->fmt_ids[i] == id)
			return x->fmt_shown[i];
	return sheet_builtin_shown(id);
}

static void XMLCALL
styles_start(void *ctx, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ctx;
	const char *name = local(el), *id = attr(atts, "numFmtId");
	const char *code = attr(atts, "formatCode");

	if (strcmp(name, "cellXfs") == 0)
		x->in_xfs = 1;
	else if (strcmp(name, "numFmt") == 0 && id != NULL && code != NULL) {
		x->fmt_ids = xgrow(x->fmt_ids, &x->fmtcap, x->nfmts + 1,
		    sizeof(*x->fmt_ids));
		x->fmt_shown = xrealloc(x->fmt_shown, x->fmtcap *
		    sizeof(*x->fmt_shown));
		x->fmt_ids[x->nfmts] = strtol(id, NULL, 10);
		x->fmt_shown[x->nfmts++] = sheet_format_shown(code);
	} else if (strcmp(name, "xf") == 0 && x->in_xfs) {
		x->xf = xgrow(x->xf, &x->xfcap, x->nxf + 1, sizeof(*x->xf));
		x->xf[x->nxf++] = id != NULL ? shown_of(x,
		    strtol(id, NULL, 10)) : SHEET_NUMBER;
	}
}

static void XMLCALL
styles_end(void *ctx, const XML_Char *el)
{
	struct xlsx *x = ctx;

	if (strcmp(local(el), "cellXfs") == 0)
		x->in_xfs = 0;
}

/* sharedStrings.xml: <si> holds <t>, or runs <r><t/></r>, and perhaps
 * <rPh><t/></rPh>, a phonetic guide that is not part of the text. */

static void XMLCALL
strings_start(void *ctx, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ctx;
	const char *name = local(el);

	(void)atts;
	if (strcmp(name, "si") == 0)
		buf_reset(&x->text);
	text_mark(x, name, 1);
}

static void XMLCALL
strings_end(void *ctx, const XML_Char *el)
{
	struct xlsx *x = ctx;
	const char *name = local(el);

	text_mark(x, name, 0);
	if (strcmp(name, "si") != 0)
		return;
	x->soff = xgrow(x->soff, &x->scap, x->nstrings + 1, sizeof(*x->soff));
	x->soff[x->nstrings++] = x->strings.len;
	buf_append(&x->strings, buf_str(&x->text), x->text.len);
	buf_putc(&x->strings, '\0');
}

/* The sheet: <sheetData><row r="5"><c r="C5" t="s" s="3"><v>..</v></c>,
 * with <is><t>..</t></is> for an inline string.  r may be left out: the
 * next row or column then. */

static void
row_start(struct xlsx *x, const char **atts)
{
	const char *r = attr(atts, "r");
	char *end;
	unsigned long n;

	if (r == NULL) {
		x->row++;
	} else {
		n = strtoul(r, &end, 10);
		if (*r < '0' || *r > '9' || *end != '\0' || n == 0 ||
		    n > SHEET_MAX_ROWS) {
			sheet_fail(x->o, "row '%s' is no row number: the file "
			    "is damaged", r);
			stop(x);
			return;
		}
		x->row = n;
	}
	x->col = 0;
}

static void
cell_start(struct xlsx *x, const char **atts)
{
	const char *ref = attr(atts, "r"), *t = attr(atts, "t");
	const char *s = attr(atts, "s");
	size_t row;

	if (ref != NULL && xlsx_cell_ref(ref, &row, &x->col) != 0) {
		sheet_fail(x->o, "cell '%s' is no cell reference: the file is "
		    "damaged", ref);
		x->o->err_row = x->row;
		stop(x);
		return;
	}
	if (ref != NULL)
		x->row = row;
	snprintf(x->type, sizeof(x->type), "%s", t != NULL ? t : "n");
	x->style = s != NULL ? strtol(s, NULL, 10) : 0;
	buf_reset(&x->text);
}

static void XMLCALL
sheet_start(void *ctx, const XML_Char *el, const XML_Char **atts)
{
	struct xlsx *x = ctx;
	const char *name = local(el);

	if (strcmp(name, "sheetData") == 0)
		x->in_data = 1;
	else if (!x->in_data)
		return;
	else if (strcmp(name, "row") == 0)
		row_start(x, atts);
	else if (strcmp(name, "c") == 0)
		cell_start(x, atts);
	else
		text_mark(x, name, 1);
}

/* A number as Excel shows it: a date where its format is one, an integer
 * as its digits (all of them: a long pupil number), else General. */
static const char *
number_text(struct xlsx *x, const char *v, struct buf *out)
{
	enum sheet_shown shown = x->style >= 0 && (size_t)x->style < x->nxf ?
	    x->xf[x->style] : SHEET_NUMBER;
	const char *digits = v + (*v == '-');
	char *end;
	double d = strtod(v, &end);

	if (end == v || *end != '\0')
		return v;
	if (shown != SHEET_NUMBER && sheet_serial(out, d, x->date1904,
	    shown) == 0)
		return buf_str(out);
	if (*digits != '\0' && strspn(digits, "0123456789") == strlen(digits))
		return v;
	sheet_number(out, d);
	return buf_str(out);
}

/* A date cell of ISO 8601 ("2026-09-01T10:01:00", strict Open XML) as
 * the serials read: "2026-09-01 10:01:00", or the day alone at midnight. */
static const char *
iso_date(const char *v, struct buf *out)
{
	size_t n = strcspn(v, "Z");

	if (n < 19 || v[10] != 'T')
		return v;
	if (strncmp(v + 10, "T00:00:00", 9) == 0 && (n == 19 ||
	    strspn(v + 19, ".0") == n - 19))
		n = 10;
	else
		n = 19;
	buf_append(out, v, n);
	if (n > 10)
		out->data[10] = ' ';
	return buf_str(out);
}

/* The text of the cell just read, or NULL after a message. */
static const char *
cell_text(struct xlsx *x, struct buf *out)
{
	const char *v = buf_str(&x->text);
	unsigned long i;
	char *end;

	if (strcmp(x->type, "s") == 0) {
		i = strtoul(v, &end, 10);
		if (end == v || *end != '\0' || i >= x->nstrings) {
			sheet_fail(x->o, "shared string '%s' is not in the "
			    "workbook: the file is damaged", v);
			x->o->err_row = x->row;
			return NULL;
		}
		return x->strings.data + x->soff[i];
	}
	if (strcmp(x->type, "b") == 0)
		return *v == '\0' ? "" : strcmp(v, "0") == 0 ? "FALSE" : "TRUE";
	if (strcmp(x->type, "d") == 0)
		return iso_date(v, out);
	if (strcmp(x->type, "n") != 0 || *v == '\0')
		return v;	/* inlineStr, str (a formula's), e */
	return number_text(x, v, out);
}

static void XMLCALL
sheet_end(void *ctx, const XML_Char *el)
{
	struct xlsx *x = ctx;
	const char *name = local(el), *text;
	struct buf out = { 0 };

	if (!x->in_data)
		return;
	if (strcmp(name, "sheetData") == 0) {
		x->in_data = 0;
	} else if (strcmp(name, "c") == 0) {
		if ((text = cell_text(x, &out)) == NULL ||
		    sheet_cell(x->o, x->row, x->col, text) != 0)
			stop(x);
		x->col++;
	} else {
		text_mark(x, name, 0);
	}
	buf_free(&out);
}

/* The parts in the order each needs the one before. */
static int
read_parts(struct xlsx *x, char **sheet)
{
	if (x->z.zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0)
		return sheet_fail(x->o, "a zip archive, but not an Excel "
		    "workbook (no xl/workbook.xml)");
	if (parse_part(x, "xl/workbook.xml", SHEET_MAX_PART_XML, 1,
	    workbook_start, no_end) != 0 ||
	    (x->rid = choose_sheet(x, sheet)) == NULL ||
	    parse_part(x, "xl/_rels/workbook.xml.rels", SHEET_MAX_PART_XML,
	    1, rels_start, no_end) != 0)
		return -1;
	if (x->sheet_part == NULL)
		return sheet_fail(x->o, "the workbook has no part for sheet "
		    "'%s': the file is damaged", *sheet);
	if (x->styles_part != NULL && parse_part(x, x->styles_part,
	    SHEET_MAX_PART_XML, 0, styles_start, styles_end) != 0)
		return -1;
	if (x->strings_part != NULL && parse_part(x, x->strings_part,
	    SHEET_MAX_STRINGS_XML, 0, strings_start, strings_end) != 0)
		return -1;
	x->in_t = x->in_v = x->in_rph = x->collect = 0;
	return parse_part(x, x->sheet_part, SHEET_MAX_SHEET_XML, 1,
	    sheet_start, sheet_end);
}

static void
xlsx_free(struct xlsx *x)
{
	for (size_t i = 0; i < x->nsheets; i++)
		FREE_ALL(x->names[i], x->rids[i]);
	FREE_ALL(x->names, x->rids, x->sheet_part, x->strings_part,
	    x->styles_part, x->fmt_ids, x->fmt_shown, x->xf, x->soff);
	buf_free(&x->strings);
	buf_free(&x->text);
}

/* libzip's functions into x->z: 0, or -1 after sheet_fail(). */
static int
open_libzip(struct xlsx *x)
{
	const struct dynlib_function fns[] = {
#define ZIP_ENTRY(f) DYNLIB_FUNCTION(&x->z, f),
		ZIP_FUNCTIONS(ZIP_ENTRY)
#undef ZIP_ENTRY
	};
	struct buf why = { 0 };

	x->z.lib = dynlib_open(SONAME_ZIP, fns, sizeof(fns) / sizeof(fns[0]),
	    &why);
	if (x->z.lib == NULL)
		sheet_fail(x->o, "cannot read an .xlsx: %s", buf_str(&why));
	buf_free(&why);
	return x->z.lib != NULL ? 0 : -1;
}

int
xlsx_read(int fd, const char *want, struct sheet_out *o, char **sheet)
{
	struct xlsx x = { .o = o, .want = want };
	int copy, code = 0, rc;
	zip_error_t why;

	*sheet = NULL;
	if (open_libzip(&x) != 0)
		return -1;
	if ((copy = dup(fd)) < 0) {
		rc = sheet_fail(o, "cannot read the workbook: %s",
		    strerror(errno));
		goto done;
	}
	if ((x.zip = x.z.zip_fdopen(copy, 0, &code)) == NULL) {
		x.z.zip_error_init_with_code(&why, code);
		rc = sheet_fail(o, "not a readable .xlsx, damaged or truncated "
		    "(%s)", x.z.zip_error_strerror(&why));
		x.z.zip_error_fini(&why);
		close(copy);
		goto done;
	}
	rc = read_parts(&x, sheet);
	x.z.zip_discard(x.zip);
done:
	xlsx_free(&x);
	dynlib_close(x.z.lib);
	return rc;
}
