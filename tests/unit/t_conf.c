/* The YAML loader: positions, aliases and merges, every refusal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "tap.h"

static struct conf_node *
load(const char *text, char **err)
{
	return conf_load_string(text, strlen(text), "t.yaml", err);
}

/* The text loads, without an error (what): its root, or NULL after
 * saying why not. */
static struct conf_node *
loads(struct tap *t, const char *text, const char *what)
{
	char *err = NULL;
	struct conf_node *root = load(text, &err);

	if (!ok(t, root != NULL && err == NULL, what) && err != NULL)
		printf("#   %s\n", err);
	free(err);
	return root;
}

/* The text is refused, the message starting with prefix and holding part. */
static void
refused(struct tap *t, const char *text, const char *prefix,
    const char *part, const char *what)
{
	char *err = NULL;
	struct conf_node *n = load(text, &err);
	int good = n == NULL && err != NULL &&
	    strncmp(err, prefix, strlen(prefix)) == 0 &&
	    strstr(err, part) != NULL;

	if (!ok(t, good, what))
		printf("#   got: '%s'\n#   expected: '%s...%s'\n",
		    err ? err : "(no error)", prefix, part);
	conf_free(n);
	free(err);
}

/* A text refused: the message starts with prefix and holds part. */
struct refusal {
	const char *text, *prefix, *part, *what;
};

static void
each_refused(struct tap *t, const struct refusal *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		refused(t, r[i].text, r[i].prefix, r[i].part, r[i].what);
}

static int
at(const struct conf_node *n, size_t line, size_t column)
{
	return n != NULL && n->line == line && n->column == column;
}

static const char *
val(const struct conf_node *map, const char *key)
{
	const struct conf_node *n = conf_get(map, key);

	return n != NULL && n->kind == CONF_SCALAR ? n->value : NULL;
}

static const char basic_doc[] =
    "name: PHQ-9\n"				/* 1 */
    "version: 2\n"				/* 2 */
    "items:\n"					/* 3 */
    "  - id: q1\n"				/* 4 */
    "    text: \"Little interest\"\n"		/* 5 */
    "  - {id: q2, text: '情绪低落'}\n"		/* 6 */
    "scale: [0, 1, 2, 3]\n"			/* 7 */
    "empty:\n"					/* 8 */
    "tilde: ~\n"				/* 9 */
    "word: \"null\"\n"				/* 10 */
    "block: |\n"				/* 11 */
    "  line one\n"				/* 12 */
    "  line two\n";				/* 13 */

static const char chinese_doc[] =
    "量表: 抑郁自评\n"
    "说明: \"请根据最近两周的情况作答。\\n谢谢！\"\n"
    "选项: [没有, 有几天, 一半以上, 几乎每天]\n";

static const char aliases_doc[] =
    "defaults: &d\n"			/* 1 */
    "  min: 0\n"			/* 2 */
    "  max: 3\n"			/* 3 */
    "a:\n"				/* 4 */
    "  <<: *d\n"			/* 5 */
    "  max: 4\n"			/* 6 */
    "b:\n"				/* 7 */
    "  <<: *d\n"			/* 8 */
    "  label: x\n"			/* 9 */
    "c: {<<: [*d, {min: 9, z: 1}]}\n"	/* 10 */
    "twice: [*d, *d]\n"			/* 11 */
    "s: &s hello\n"			/* 12 */
    "t: *s\n"				/* 13 */
    "*s : as a key\n"			/* 14 */
    "'<<': quoted is a plain key\n";	/* 15 */

/* Loads text, which must load (what), and hands what it loaded to check. */
static void
with_doc(struct tap *t, const char *text, const char *what,
    void (*check)(struct tap *, const struct conf_node *))
{
	struct conf_node *root = loads(t, text, what);

	if (root != NULL)
		check(t, root);
	conf_free(root);
}

static void
basic(struct tap *t, const struct conf_node *root)
{
	const struct conf_node *items, *q1, *q2, *n;

	is_int(t, root->kind, CONF_MAP, "root is a mapping");
	ok(t, at(root, 1, 1), "root at 1:1");
	is_int(t, root->n, 8, "eight keys");
	is_str(t, root->keys[2], "items", "keys keep their order");
	is_int(t, root->key_lines[2], 3, "key line");
	is_int(t, root->key_columns[2], 1, "key column");
	is_str(t, val(root, "name"), "PHQ-9", "scalar value");
	ok(t, at(conf_get(root, "name"), 1, 7), "scalar at 1:7");
	items = conf_get(root, "items");
	ok(t, items != NULL && items->kind == CONF_SEQ && items->n == 2,
	    "a sequence of two");
	ok(t, at(items, 4, 3), "block sequence starts at its dash");
	q1 = items->items[0];
	ok(t, q1->kind == CONF_MAP && at(q1, 4, 5), "nested map at 4:5");
	is_str(t, val(q1, "text"), "Little interest", "double-quoted value");
	ok(t, conf_get(q1, "text")->quoted, "double quotes noted");
	ok(t, at(conf_get(q1, "text"), 5, 11), "quoted scalar at its quote");
	ok(t, !conf_get(q1, "id")->quoted, "plain scalar is not quoted");
	q2 = items->items[1];
	ok(t, q2->kind == CONF_MAP && at(q2, 6, 5), "flow map at its brace");
	is_int(t, q2->key_lines[1], 6, "flow key line");
	is_int(t, q2->key_columns[1], 14, "flow key column");
	is_str(t, val(q2, "text"), "情绪低落", "Chinese text round trips");
	ok(t, conf_get(q2, "text")->quoted, "single quotes noted");
	n = conf_get(root, "scale");
	ok(t, n != NULL && n->kind == CONF_SEQ && n->n == 4 &&
	    strcmp(n->items[3]->value, "3") == 0 && at(n->items[3], 7, 18),
	    "flow sequence and its last item's column");
	n = conf_get(root, "empty");
	ok(t, n != NULL && n->kind == CONF_SCALAR && *n->value == '\0' &&
	    !n->quoted, "an empty value is a null: \"\" unquoted");
	n = conf_get(root, "tilde");
	ok(t, n != NULL && *n->value == '\0' && !n->quoted, "~ is a null");
	n = conf_get(root, "word");
	ok(t, n != NULL && strcmp(n->value, "null") == 0 && n->quoted,
	    "\"null\" in quotes is a word");
	n = conf_get(root, "block");
	is_str(t, n ? n->value : NULL, "line one\nline two\n",
	    "literal block scalar");
	ok(t, n != NULL && !n->quoted, "a block scalar is not quoted");
	ok(t, conf_get(root, "nothing") == NULL, "missing key: NULL");
	ok(t, conf_get(NULL, "name") == NULL, "conf_get of NULL: NULL");
	ok(t, conf_get(items, "name") == NULL, "conf_get of a list: NULL");
	ok(t, conf_get(conf_get(root, "name"), "x") == NULL,
	    "conf_get of a scalar: NULL");
	conf_free(NULL);
}

static void
chinese(struct tap *t, const struct conf_node *root)
{
	const struct conf_node *n;

	is_str(t, val(root, "量表"), "抑郁自评", "Chinese key finds its value");
	is_str(t, val(root, "说明"), "请根据最近两周的情况作答。\n谢谢！",
	    "escapes inside Chinese text");
	n = conf_get(root, "选项");
	ok(t, n != NULL && n->n == 4 &&
	    strcmp(n->items[3]->value, "几乎每天") == 0,
	    "Chinese flow sequence");
	/* Columns count characters, as an editor shows them. */
	ok(t, at(conf_get(root, "量表"), 1, 5), "column after a Chinese key");
	ok(t, n != NULL && at(n->items[1], 3, 10), "column inside Chinese");
}

static void
aliases(struct tap *t, const struct conf_node *root)
{
	const struct conf_node *a, *b, *c, *tw;

	a = conf_get(root, "a");
	ok(t, a != NULL && a->kind == CONF_MAP && a->n == 2,
	    "merged map has the merged keys, no '<<'");
	is_str(t, val(a, "min"), "0", "merged value");
	is_str(t, val(a, "max"), "4", "a key written here beats a merged one");
	ok(t, a != NULL && a->key_lines[1] == 6, "the written key's line");
	b = conf_get(root, "b");
	ok(t, b != NULL && b->n == 3, "the anchor merged a second time");
	is_str(t, val(b, "min"), "0", "second merge: min");
	is_str(t, val(b, "max"), "3", "second merge: max untouched by the first");
	is_str(t, val(b, "label"), "x", "second merge: own key");
	c = conf_get(root, "c");
	is_str(t, val(c, "min"), "0", "an earlier merged map beats a later one");
	is_str(t, val(c, "z"), "1", "a later merged map still adds keys");
	tw = conf_get(root, "twice");
	ok(t, tw != NULL && tw->n == 2 && tw->items[0]->kind == CONF_MAP &&
	    strcmp(val(tw->items[1], "max"), "3") == 0,
	    "an anchor aliased twice in one list");
	ok(t, tw != NULL && at(tw->items[0], 1, 11),
	    "an alias keeps the anchored node's position");
	is_str(t, val(root, "t"), "hello", "scalar alias");
	is_str(t, val(root, "hello"), "as a key", "an alias as a key");
	is_str(t, val(root, "<<"), "quoted is a plain key",
	    "a quoted '<<' is no merge");
	is_str(t, val(conf_get(root, "defaults"), "max"), "3",
	    "the anchor itself is untouched by the merges");
}

/* Merges and aliases the loader refuses. */
static const struct refusal merge_refusals[] = {
	{ "a: {<<: 1}\n",
	    "t.yaml:1:5:", "merge",
	    "merge of a scalar refused" },
	{ "a: &x [1]\nb: {<<: *x}\n",
	    "t.yaml:2:5:", "merge",
	    "merge of a list of scalars refused" },
	{ "<<: {a: 1}\n<<: {b: 2}\n",
	    "t.yaml:2:1:", "duplicate key '<<' (first at line 1)",
	    "two merge keys refused" },
	{ "a: *nope\n",
	    "t.yaml:1:4:", "undefined alias '*nope'",
	    "alias to an undefined anchor refused" },
	{ "a: *x\nb: &x 1\n",
	    "t.yaml:1:4:", "undefined alias",
	    "alias before its anchor refused" },
	{ "a: &x [1, *x]\n",
	    "t.yaml:1:11:", "contains it",
	    "an alias inside its own anchor refused" },
};


static void
bombs(struct tap *t)
{
	struct buf b = {0};
	struct conf_node *root;
	char *err = NULL;
	int level, i;

	/* Each level holds ten of the one before: 10^9 "lol"s at 'i'. */
	buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, "
    "lol]\n");
	for (level = 1; level < 9; level++) {
		buf_printf(&b, "%c: &%c [", 'a' + level, 'a' + level);
		for (i = 0; i < 10; i++)
			buf_printf(&b, "%s*%c", i ? ", " : "", 'a' + level - 1);
		buf_puts(&b, "]\n");
		/* Five levels expand to some 123,000 nodes: still fine. */
		if (level == 4) {
			root = load(buf_str(&b), &err);
			ok(t, root != NULL && conf_get(root, "e")->n == 10 &&
			    conf_get(root, "e")->items[9]->items[9]->items[9]->
			    items[9]->items[9]->kind == CONF_SCALAR,
			    "a large legitimate expansion loads");
			conf_free(root);
			free(err);
			err = NULL;
		}
	}
	refused(t, buf_str(&b), "t.yaml:", "more than 1000000 nodes",
	    "billion laughs refused");
	buf_free(&b);

	for (i = 0; i < 2000; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 2000; i++)
		buf_putc(&b, ']');
	refused(t, buf_str(&b), "t.yaml:1:1001:", "nested more than",
	    "nesting 2000 deep refused");
	buf_free(&b);
}

/* Other texts the loader refuses: duplicate keys, keys that are not
 * scalars, not one document, bad syntax, bytes that are not UTF-8. */
static const struct refusal error_refusals[] = {
	{ "a: 1\nitems: 2\nb: 3\nitems: 4\n",
	    "t.yaml:4:1:", "duplicate key 'items' (first at line 2)",
	    "duplicate key" },
	{ "x:\n  a: 1\n  b: {c: 1, c: 2}\n",
	    "t.yaml:3:13:", "duplicate key 'c' (first at line 3)",
	    "duplicate key in flow" },
	{ "d: &d {a: 1}\nm:\n  <<: *d\n  b: 1\n  b: 2\n",
	    "t.yaml:5:3:", "duplicate key 'b' (first at line 4)",
	    "duplicate key beside a merge" },
	{ "? [a, b]\n: 1\n",
	    "t.yaml:1:3:", "key must be a scalar, not a sequence",
	    "a list as a key" },
	{ "{{a: 1}: 1}\n",
	    "t.yaml:1:2:", "key must be a scalar, not a mapping",
	    "a map as a key" },
	{ "l: &l [1]\n*l : 2\n",
	    "t.yaml:2:1:", "key must be a scalar",
	    "an alias to a list as a key" },
	{ "a: 1\n---\nb: 2\n",
	    "t.yaml:2:1:", "more than one document",
	    "two documents" },
	{ "",
	    "t.yaml:1:1:", "empty document",
	    "empty text" },
	{ "# nothing yet\n",
	    "t.yaml:", "empty document",
	    "only a comment" },
	{ "---\n",
	    "t.yaml:", "empty document",
	    "only '---'" },
	{ "a:\n\tb: 1\n",
	    "t.yaml:2:1:", "cannot start any token",
	    "tab indentation" },
	{ "a: 1\nb: \"abc\nc: 2\n",
	    "t.yaml:4:1:", "while scanning a quoted scalar",
	    "unclosed quote" },
	{ "a: [1, 2\n",
	    "t.yaml:2:1:", "flow sequence",
	    "unclosed bracket" },
	{ "a: 1\nb:\n  - 张三 \xd5\xc5\n",
	    "t.yaml:3:", "UTF-8",
	    "GBK bytes refused with their line" },
	{ "a: \"x\\0y\"\n",
	    "t.yaml:1:4:", "NUL",
	    "NUL inside a scalar refused" },
};


/* conf_load of path is refused with an error that begins "path:at: ". */
static void
load_refused_at(struct tap *t, const char *path, const char *at,
    const char *what)
{
	char *err = NULL, *want = NULL;
	struct conf_node *root = conf_load(path, &err);

	ok(t, root == NULL && err != NULL &&
	    asprintf(&want, "%s:%s: ", path, at) >= 0 &&
	    strncmp(err, want, strlen(want)) == 0, what);
	if (err != NULL)
		printf("# %s\n", err);
	conf_free(root);
	free(want);
	free(err);
}

static void
files(struct tap *t)
{
	char path[] = "/tmp/t_conf.XXXXXX", *err = NULL;
	const char *text = "a: 1\nb: [x, y]\nc: \"open\n";
	struct conf_node *root;
	int fd;
	FILE *fp;

	root = conf_load("/nonexistent/ph/x.yaml", &err);
	ok(t, root == NULL, "missing file refused");
	is_str(t, err, "/nonexistent/ph/x.yaml: No such file or directory",
	    "missing file: path and strerror");
	free(err);
	err = NULL;

	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	ok(t, fp != NULL, "temporary file");
	if (fp == NULL)
		return;
	fputs("a: 1\nb: [x, 张三]\n", fp);
	fclose(fp);
	root = conf_load(path, &err);
	ok(t, root != NULL && err == NULL, "conf_load reads a file");
	ok(t, root != NULL && conf_get(root, "b")->n == 2 &&
	    strcmp(conf_get(root, "b")->items[1]->value, "张三") == 0 &&
	    at(conf_get(root, "b")->items[1], 2, 8), "file content and marks");
	conf_free(root);
	free(err);
	err = NULL;

	fp = fopen(path, "w");
	ok(t, fp != NULL, "rewrite the temporary file");
	if (fp == NULL)
		return;
	fputs(text, fp);
	fclose(fp);
	load_refused_at(t, path, "4:1",
	    "a file's syntax error names path:line:column");

	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("k: v\n量表: \xff\n", fp);
		fclose(fp);
	}
	load_refused_at(t, path, "2:5",
	    "a file's bad byte is found again for its line and column");
	unlink(path);

	root = conf_load("/", &err);
	ok(t, root == NULL && err != NULL && strcmp(err, "/: Is a directory")
	    == 0, "a directory: path and strerror");
	free(err);
}

static struct conf_node *
scalars(const char *flow)
{
	char *err = NULL;
	struct conf_node *n = load(flow, &err);

	free(err);
	return n;
}

static void
helpers(struct tap *t)
{
	struct conf_node *good = scalars(
	    "[42, -7, +3, 007, '12', 9223372036854775807]");
	struct conf_node *bad = scalars(
	    "[1.5, '', abc, 99999999999999999999, ' 1', '1 ', 0x10, "
	    "'-', ~, 1e3, [1], {a: 1}]");
	struct conf_node *dgood = scalars("[1.5, -2e3, .5, 3, '0.25', 1E-2]");
	struct conf_node *dbad = scalars(
	    "['', abc, 1.5x, inf, .inf, nan, .nan, 1e999, ' 1', 0x1p3, "
	    "'1,5', [1]]");
	struct conf_node *bgood = scalars("[true, True, YES, no, FALSE, No]");
	struct conf_node *bbad = scalars("[1, 0, on, off, 'true', \"no\", "
	    "'', y, [true]]");
	const int bwant[] = {1, 1, 1, 0, 0, 0};
	const long want[] = {42, -7, 3, 7, 12, 9223372036854775807L};
	const double dwant[] = {1.5, -2000, 0.5, 3, 0.25, 0.01};
	long v;
	double d;
	int bv, all;
	size_t i;

	ok(t, good && bad && dgood && dbad && bgood && bbad,
	    "helper inputs load");
	if (!(good && bad && dgood && dbad && bgood && bbad))
		goto out;
	for (all = 1, i = 0; i < good->n; i++)
		all &= conf_int(good->items[i], &v) == 0 && v == want[i];
	ok(t, all, "conf_int accepts decimal integers with a sign");
	for (i = 0; i < bad->n; i++) {
		char what[80];

		v = 99;
		snprintf(what, sizeof(what), "conf_int refuses item %zu", i);
		ok(t, conf_int(bad->items[i], &v) == -1 && v == 99, what);
	}
	ok(t, conf_int(NULL, &v) == -1, "conf_int(NULL) refused");
	for (all = 1, i = 0; i < dgood->n; i++)
		all &= conf_double(dgood->items[i], &d) == 0 && d == dwant[i];
	ok(t, all, "conf_double accepts decimal and exponent forms");
	for (i = 0; i < dbad->n; i++) {
		char what[80];

		snprintf(what, sizeof(what), "conf_double refuses item %zu",
		    i);
		ok(t, conf_double(dbad->items[i], &d) == -1, what);
	}
	for (all = 1, i = 0; i < bgood->n; i++)
		all &= conf_bool(bgood->items[i], &bv) == 0 && bv == bwant[i];
	ok(t, all, "conf_bool: true/false/yes/no, any case");
	for (i = 0; i < bbad->n; i++) {
		char what[80];

		snprintf(what, sizeof(what), "conf_bool refuses item %zu", i);
		ok(t, conf_bool(bbad->items[i], &bv) == -1, what);
	}
	is_str(t, conf_kind_name(CONF_SCALAR), "scalar", "kind name scalar");
	is_str(t, conf_kind_name(CONF_SEQ), "sequence", "kind name sequence");
	is_str(t, conf_kind_name(CONF_MAP), "mapping", "kind name mapping");
out:
	conf_free(good);
	conf_free(bad);
	conf_free(dgood);
	conf_free(dbad);
	conf_free(bgood);
	conf_free(bbad);
}

int
main(void)
{
	struct tap t = TAP_INIT;

	with_doc(&t, basic_doc, "a plain document loads", basic);
	with_doc(&t, chinese_doc, "Chinese keys and values load", chinese);
	with_doc(&t, aliases_doc, "aliases and merges load", aliases);
	each_refused(&t, merge_refusals,
	    sizeof(merge_refusals) / sizeof(*merge_refusals));
	bombs(&t);
	each_refused(&t, error_refusals,
	    sizeof(error_refusals) / sizeof(*error_refusals));
	files(&t);
	helpers(&t);
	return tap_done(&t);
}
