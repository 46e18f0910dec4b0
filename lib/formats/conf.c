/*
 * YAML through libyaml's event parser.  We build the tree ourselves instead
 * of using yaml_parser_load so that every node keeps its mark, and so that
 * what the YAML loader would quietly accept (a repeated key, a key that is
 * a list, a second document, an alias bomb) is refused with a position.
 *
 * An alias shares the anchored node rather than copying it: each node
 * carries a reference count beside the public struct, so a block repeated
 * a thousand times costs one block of memory, and the expanded size of the
 * document is counted arithmetically, which refuses a "billion laughs"
 * before it has cost anything.  The tree handed out must therefore be
 * treated as read-only.
 *
 * YAML merge keys ("<<: *defaults") are applied while loading, so that a
 * validator sees plain mappings.
 */
#include "conf.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "xalloc.h"

/* Bounds the work an alias bomb can cause. */
#define MAX_NODES	1000000
/* Bounds every recursion over a tree, ours (release) and the callers'. */
#define MAX_DEPTH	1000

#define TAG_NULL	"tag:yaml.org,2002:null"
#define TAG_MERGE	"tag:yaml.org,2002:merge"

struct cnode {
	struct conf_node pub;	/* first, so a conf_node * is a cnode * */
	size_t refs;
	size_t size;		/* nodes, keys included, aliases expanded */
	size_t height;		/* 1 for a scalar */
};

/* An entry of an open collection; key is unused in a sequence. */
struct entry {
	char *key;		/* NULL for a merge key */
	size_t line, column;
	struct cnode *val;
};

struct frame {
	enum conf_kind kind;
	size_t line, column;
	char *anchor;
	unsigned long seq;	/* when the anchor was declared */
	size_t height;		/* of the tallest value */
	struct entry *ents;
	size_t n, cap;
	int have_key;		/* map: ents[n] holds a key awaiting its value */
};

struct anchor {
	char *name;		/* NULL: free slot */
	struct cnode *node;
	unsigned long seq;
};

struct loader {
	const char *name;
	char *err;
	struct frame *stack;
	size_t depth, stackcap;
	struct anchor *anchors;	/* open addressing, power-of-two size */
	size_t acap, alen;
	struct cnode *root;
	int docs;
	size_t total;		/* nodes so far, aliases expanded */
	unsigned long seq;	/* node starts so far, to order anchors */
};

/* Where the text comes from, to find a reader error's line again. */
struct input {
	const char *text;
	size_t len;
	FILE *fp;
};

/* A candidate entry of a mapping being finished, before merging. */
struct cand {
	const char *key;
	size_t line, column;
	struct cnode *val;
	size_t prec;		/* 0: written here; j: from the j-th merge */
	size_t order;
	size_t ent;		/* prec 0: index in the frame */
	int keep;
};

static struct cnode *
to_cnode(struct conf_node *n)
{
	return (struct cnode *)(void *)n;
}

static struct cnode *
new_node(enum conf_kind kind, size_t line, size_t column)
{
	struct cnode *c = xcalloc(1, sizeof(*c));

	c->pub.kind = kind;
	c->pub.line = line;
	c->pub.column = column;
	c->refs = 1;
	c->size = 1;
	c->height = 1;
	return c;
}

static void
release(struct cnode *c)
{
	size_t i;

	if (c == NULL || --c->refs > 0)
		return;
	for (i = 0; i < c->pub.n; i++) {
		release(to_cnode(c->pub.items[i]));
		if (c->pub.keys != NULL)
			free(c->pub.keys[i]);
	}
	FREE_ALL(c->pub.items, c->pub.keys, c->pub.key_lines,
	    c->pub.key_columns, c->pub.value, c);
}

static int
fail(struct loader *L, size_t line, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Keeps the first error only: later ones are consequences of it. */
static int
fail(struct loader *L, size_t line, size_t column, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (L->err != NULL)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		L->err = xasprintf("%s:%zu:%zu: %s", L->name, line, column,
		    fmt);
		return -1;
	}
	msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	L->err = xasprintf("%s:%zu:%zu: %s", L->name, line, column, msg);
	free(msg);
	return -1;
}

static int
count(struct loader *L, size_t n, size_t line, size_t column)
{
	if (n > MAX_NODES - L->total)
		return fail(L, line, column, "more than %d nodes once aliases "
		    "are expanded", MAX_NODES);
	L->total += n;
	return 0;
}

static size_t
hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)h;
}

/* The slot holding name, or the free slot where it would go. */
static struct anchor *
anchor_slot(struct anchor *tab, size_t cap, const char *name)
{
	size_t i = hash(name) & (cap - 1);

	while (tab[i].name != NULL && strcmp(tab[i].name, name) != 0)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static const struct anchor *
anchor_find(const struct loader *L, const char *name)
{
	const struct anchor *a;

	if (L->acap == 0)
		return NULL;
	a = anchor_slot(L->anchors, L->acap, name);
	return a->name != NULL ? a : NULL;
}

/* Takes name; a later anchor of the same name hides the earlier one. */
static void
anchor_define(struct loader *L, char *name, struct cnode *c,
    unsigned long seq)
{
	struct anchor *a, *old;
	size_t i, oldcap;

	if ((L->alen + 1) * 2 > L->acap) {
		old = L->anchors;
		oldcap = L->acap;
		L->acap = oldcap ? oldcap * 2 : 16;
		L->anchors = xcalloc(L->acap, sizeof(*L->anchors));
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				*anchor_slot(L->anchors, L->acap,
				    old[i].name) = old[i];
		free(old);
	}
	a = anchor_slot(L->anchors, L->acap, name);
	if (a->name != NULL) {
		free(name);
		release(a->node);
	} else {
		a->name = name;
		L->alen++;
	}
	c->refs++;
	a->node = c;
	a->seq = seq;
}

static void
frame_free(struct frame *f)
{
	size_t i;

	for (i = 0; i < f->n + (f->have_key ? 1 : 0); i++) {
		free(f->ents[i].key);
		release(f->ents[i].val);
	}
	free(f->ents);
	free(f->anchor);
}

static void
loader_free(struct loader *L)
{
	size_t i;

	while (L->depth > 0)
		frame_free(&L->stack[--L->depth]);
	free(L->stack);
	for (i = 0; i < L->acap; i++) {
		free(L->anchors[i].name);
		release(L->anchors[i].node);
	}
	free(L->anchors);
	release(L->root);
}

/* Room for one more entry, cleared. */
static struct entry *
next_entry(struct frame *f, size_t line, size_t column)
{
	struct entry *e;

	f->ents = xgrow(f->ents, &f->cap, f->n + 1, sizeof(*f->ents));
	e = &f->ents[f->n];
	memset(e, 0, sizeof(*e));
	e->line = line;
	e->column = column;
	return e;
}

/* A key is kept as a string (NULL for "<<"); c is released. */
static int
add_key(struct loader *L, struct frame *f, struct cnode *c, size_t line,
    size_t column, int merge)
{
	struct entry *e;

	if (c->pub.kind != CONF_SCALAR) {
		release(c);
		return fail(L, line, column, "a mapping key must be a scalar, "
		    "not a %s", conf_kind_name(c->pub.kind));
	}
	e = next_entry(f, line, column);
	if (merge)
		e->key = NULL;
	else if (c->refs == 1) {
		/* Nobody else sees the node: take its string. */
		e->key = c->pub.value;
		c->pub.value = NULL;
	} else
		e->key = xstrdup(c->pub.value);
	release(c);
	f->have_key = 1;
	return 0;
}

/* Hands c (one reference) to the open collection, or makes it the root. */
static int
attach(struct loader *L, struct cnode *c, size_t line, size_t column,
    int merge)
{
	struct frame *f;

	if (L->depth + c->height > MAX_DEPTH) {
		release(c);
		return fail(L, line, column, "nested more than %d deep",
		    MAX_DEPTH);
	}
	if (L->depth == 0) {
		L->root = c;
		return 0;
	}
	f = &L->stack[L->depth - 1];
	if (f->kind == CONF_MAP && !f->have_key)
		return add_key(L, f, c, line, column, merge);
	if (f->kind == CONF_SEQ)
		(void)next_entry(f, line, column);
	f->ents[f->n++].val = c;
	f->have_key = 0;
	if (c->height > f->height)
		f->height = c->height;
	return 0;
}

static int
is_null(const char *tag, yaml_scalar_style_t style, const char *v)
{
	if (tag != NULL)
		return strcmp(tag, TAG_NULL) == 0;
	return style == YAML_PLAIN_SCALAR_STYLE && (*v == '\0' ||
	    strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

static int
on_scalar(struct loader *L, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	const char *anchor = (const char *)ev->data.scalar.anchor;
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t len = ev->data.scalar.length;
	size_t line = ev->start_mark.line + 1;
	size_t column = ev->start_mark.column + 1;
	struct cnode *c;
	int merge;

	L->seq++;
	/* A C string would silently end there. */
	if (memchr(v, '\0', len) != NULL)
		return fail(L, line, column, "NUL character in a scalar");
	/* "---" and nothing else says no more than an empty file. */
	if (L->depth == 0 && len == 0 && tag == NULL && anchor == NULL &&
	    style == YAML_PLAIN_SCALAR_STYLE)
		return fail(L, line, column, "empty document");
	if (count(L, 1, line, column) != 0)
		return -1;
	c = new_node(CONF_SCALAR, line, column);
	if (is_null(tag, style, v))
		c->pub.value = xstrdup("");
	else
		c->pub.value = xstrndup(v, len);
	c->pub.quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (anchor != NULL)
		anchor_define(L, xstrdup(anchor), c, L->seq);
	merge = tag != NULL ? strcmp(tag, TAG_MERGE) == 0 :
	    style == YAML_PLAIN_SCALAR_STYLE && strcmp(v, "<<") == 0;
	return attach(L, c, line, column, merge);
}

static int
on_alias(struct loader *L, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t line = ev->start_mark.line + 1;
	size_t column = ev->start_mark.column + 1;
	const struct anchor *a = anchor_find(L, name);
	size_t i;

	/*
	 * An open collection declared after the last complete node of that
	 * name is the one meant, and aliasing it would make a cycle.
	 */
	for (i = L->depth; i > 0; i--) {
		const struct frame *f = &L->stack[i - 1];

		if (f->anchor != NULL && strcmp(f->anchor, name) == 0) {
			if (a == NULL || f->seq > a->seq)
				return fail(L, line, column, "alias '*%s' "
				    "refers to a node that contains it", name);
			break;
		}
	}
	if (a == NULL)
		return fail(L, line, column, "undefined alias '*%s'", name);
	if (count(L, a->node->size, line, column) != 0)
		return -1;
	a->node->refs++;
	return attach(L, a->node, line, column, 0);
}

static int
on_start(struct loader *L, const yaml_event_t *ev, enum conf_kind kind,
    const yaml_char_t *anchor)
{
	size_t line = ev->start_mark.line + 1;
	size_t column = ev->start_mark.column + 1;
	const struct frame *top;
	struct frame *f;

	L->seq++;
	/* Refused here rather than after the whole key has been read. */
	if (L->depth > 0) {
		top = &L->stack[L->depth - 1];
		if (top->kind == CONF_MAP && !top->have_key)
			return fail(L, line, column, "a mapping key must be a "
			    "scalar, not a %s", conf_kind_name(kind));
	}
	if (L->depth + 1 > MAX_DEPTH)
		return fail(L, line, column, "nested more than %d deep",
		    MAX_DEPTH);
	if (count(L, 1, line, column) != 0)
		return -1;
	L->stack = xgrow(L->stack, &L->stackcap, L->depth + 1,
	    sizeof(*L->stack));
	f = &L->stack[L->depth++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->line = line;
	f->column = column;
	f->seq = L->seq;
	if (anchor != NULL)
		f->anchor = xstrdup((const char *)anchor);
	return 0;
}

static struct cnode *
finish_seq(struct frame *f)
{
	struct cnode *c = new_node(CONF_SEQ, f->line, f->column);
	size_t i;

	c->pub.n = f->n;
	if (f->n > 0)
		c->pub.items = xmalloc(f->n * sizeof(*c->pub.items));
	for (i = 0; i < f->n; i++) {
		c->pub.items[i] = &f->ents[i].val->pub;
		c->size += f->ents[i].val->size;
		f->ents[i].val = NULL;
	}
	c->height = 1 + f->height;
	return c;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = *(const struct cand *const *)a;
	const struct cand *y = *(const struct cand *const *)b;
	int r = strcmp(x->key, y->key);

	if (r != 0)
		return r;
	if (x->prec != y->prec)
		return x->prec < y->prec ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Adds the merge sources of a "<<" value to cands; -1 if it has none. */
static int
merge_sources(const struct cnode *v, struct cand *cands, size_t *nc,
    size_t *nsrc)
{
	const struct conf_node *src;
	size_t i, j, nmaps = v->pub.kind == CONF_SEQ ? v->pub.n : 1;

	if (v->pub.kind == CONF_SCALAR)
		return -1;
	for (j = 0; j < nmaps; j++) {
		src = v->pub.kind == CONF_SEQ ? v->pub.items[j] : &v->pub;
		if (src->kind != CONF_MAP)
			return -1;
	}
	for (j = 0; j < nmaps; j++) {
		src = v->pub.kind == CONF_SEQ ? v->pub.items[j] : &v->pub;
		++*nsrc;
		for (i = 0; i < src->n; i++) {
			struct cand *k = &cands[*nc];

			memset(k, 0, sizeof(*k));
			k->key = src->keys[i];
			k->line = src->key_lines[i];
			k->column = src->key_columns[i];
			k->val = to_cnode(src->items[i]);
			k->prec = *nsrc;
			k->order = (*nc)++;
		}
	}
	return 0;
}

/* How many keys a map may end with: its own and its merge key's (the
 * keys of its maps); -1 after the message when '<<' is written twice. */
static int
count_candidates(struct loader *L, const struct frame *f, size_t *ncand)
{
	size_t firstmerge = (size_t)-1;

	*ncand = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct cnode *v = f->ents[i].val;

		if (f->ents[i].key != NULL) {
			(*ncand)++;
			continue;
		}
		if (firstmerge != (size_t)-1) {
			fail(L, f->ents[i].line, f->ents[i].column,
			    "duplicate key '<<' (first at line %zu)",
			    f->ents[firstmerge].line);
			return -1;
		}
		firstmerge = i;
		if (v->pub.kind == CONF_MAP)
			*ncand += v->pub.n;
		else if (v->pub.kind == CONF_SEQ)
			for (size_t j = 0; j < v->pub.n; j++)
				*ncand += v->pub.items[j]->n;
	}
	return 0;
}

/* The keys written here (precedence 0) and those merged, into cands;
 * -1 after the message when a merge key's value is not maps. */
static int
gather_candidates(struct loader *L, const struct frame *f,
    struct cand *cands, size_t *nc)
{
	size_t nsrc = 0;

	*nc = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct cand *x = &cands[*nc];

		if (f->ents[i].key == NULL) {
			if (merge_sources(f->ents[i].val, cands, nc,
			    &nsrc) != 0) {
				fail(L, f->ents[i].line, f->ents[i].column,
				    "a merge key's value must be a mapping "
				    "or a sequence of mappings");
				return -1;
			}
			continue;
		}
		x->key = f->ents[i].key;
		x->line = f->ents[i].line;
		x->column = f->ents[i].column;
		x->val = f->ents[i].val;
		x->prec = 0;
		x->ent = i;
		x->order = *nc;
		(*nc)++;
	}
	return 0;
}

/* Keeps the first of each key by precedence; -1 after the message when
 * a key is written twice here (the one met first in the file named). */
static int
keep_candidates(struct loader *L, struct cand *cands, size_t nc)
{
	struct cand **sorted = xcalloc(nc + 1, sizeof(*sorted));
	struct cand *dup = NULL, *first = NULL;
	size_t i, j;

	for (i = 0; i < nc; i++)
		sorted[i] = &cands[i];
	qsort(sorted, nc, sizeof(*sorted), cand_cmp);
	for (i = 0; i < nc; i = j) {
		sorted[i]->keep = 1;
		for (j = i + 1; j < nc &&
		    strcmp(sorted[j]->key, sorted[i]->key) == 0; j++)
			;
		if (j > i + 1 && sorted[i + 1]->prec == 0 &&
		    (dup == NULL || sorted[i + 1]->order < dup->order)) {
			first = sorted[i];
			dup = sorted[i + 1];
		}
	}
	if (dup != NULL)
		fail(L, dup->line, dup->column,
		    "duplicate key '%s' (first at line %zu)", dup->key,
		    first->line);
	free(sorted);
	return dup != NULL ? -1 : 0;
}

/* The map of the kept keys, in the order gathered: a key written here
 * moved from the frame, a merged one shared (what a merge adds is new in
 * the expanded tree: counted); NULL after a message. */
static struct cnode *
build_map(struct loader *L, struct frame *f, struct cand *cands, size_t nc)
{
	struct cnode *c;
	size_t k = 0, nkeep = 0, height = 0;

	for (size_t i = 0; i < nc; i++) {
		if (!cands[i].keep)
			continue;
		nkeep++;
		if (cands[i].prec > 0 && count(L, 1 + cands[i].val->size,
		    f->line, f->column) != 0)
			return NULL;
	}
	c = new_node(CONF_MAP, f->line, f->column);
	c->pub.n = nkeep;
	if (nkeep > 0) {
		c->pub.items = xmalloc(nkeep * sizeof(*c->pub.items));
		c->pub.keys = xmalloc(nkeep * sizeof(*c->pub.keys));
		c->pub.key_lines = xmalloc(nkeep * sizeof(size_t));
		c->pub.key_columns = xmalloc(nkeep * sizeof(size_t));
	}
	for (size_t i = 0; i < nc; i++) {
		struct cand *x = &cands[i];

		if (!x->keep)
			continue;
		if (x->prec == 0) {
			c->pub.keys[k] = f->ents[x->ent].key;
			f->ents[x->ent].key = NULL;
			f->ents[x->ent].val = NULL;
		} else {
			c->pub.keys[k] = xstrdup(x->key);
			x->val->refs++;
		}
		c->pub.items[k] = &x->val->pub;
		c->pub.key_lines[k] = x->line;
		c->pub.key_columns[k] = x->column;
		c->size += 1 + x->val->size;
		if (x->val->height > height)
			height = x->val->height;
		k++;
	}
	c->height = 1 + height;
	return c;
}

/*
 * Applies merge keys (a key written here beats a merged one; an earlier
 * merged map beats a later one) and refuses a key written twice.
 */
static struct cnode *
finish_map(struct loader *L, struct frame *f)
{
	struct cand *cands;
	struct cnode *c = NULL;
	size_t ncand, nc;

	if (count_candidates(L, f, &ncand) != 0)
		return NULL;
	cands = xcalloc(ncand + 1, sizeof(*cands));
	if (gather_candidates(L, f, cands, &nc) == 0 &&
	    keep_candidates(L, cands, nc) == 0)
		c = build_map(L, f, cands, nc);
	free(cands);
	return c;
}

static int
on_end(struct loader *L)
{
	struct frame f = L->stack[--L->depth];
	struct cnode *c;
	int rc = 0;

	c = f.kind == CONF_SEQ ? finish_seq(&f) : finish_map(L, &f);
	if (c == NULL)
		rc = -1;
	else {
		if (f.anchor != NULL) {
			anchor_define(L, f.anchor, c, f.seq);
			f.anchor = NULL;
		}
		rc = attach(L, c, f.line, f.column, 0);
	}
	/* Whatever finish did not take. */
	frame_free(&f);
	return rc;
}

static int
on_event(struct loader *L, const yaml_event_t *ev)
{
	size_t line = ev->start_mark.line + 1;
	size_t column = ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (L->docs++ > 0)
			return fail(L, line, column, "more than one document");
		return 0;
	case YAML_STREAM_END_EVENT:
		if (L->root == NULL)
			return fail(L, line, column, "empty document");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(L, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(L, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(L, ev, CONF_SEQ,
		    ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_start(L, ev, CONF_MAP,
		    ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(L);
	default:
		return 0;
	}
}

/*
 * The reader decodes a whole chunk ahead of the scanner, so its errors
 * carry a byte offset and no mark: count lines and characters up to it,
 * as the scanner would have.
 */
static void
locate(const struct input *in, size_t offset, size_t *line, size_t *column)
{
	size_t i;
	int ch, prev = 0;

	*line = 1;
	*column = 1;
	if (in->fp != NULL && fseek(in->fp, 0, SEEK_SET) != 0)
		return;
	for (i = 0; i < offset; i++) {
		if (in->fp != NULL)
			ch = getc(in->fp);
		else
			ch = i < in->len ? (unsigned char)in->text[i] : EOF;
		if (ch == EOF)
			break;
		if (ch == '\n' && prev == '\r')
			;
		else if (ch == '\n' || ch == '\r') {
			(*line)++;
			*column = 1;
		} else if ((ch & 0xc0) != 0x80)
			(*column)++;
		prev = ch;
	}
}

static void
parser_error(struct loader *L, const yaml_parser_t *p, const struct input *in)
{
	const char *problem = p->problem != NULL ? p->problem : "bad YAML";
	size_t line, column;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		fail(L, p->mark.line + 1, p->mark.column + 1, "out of memory");
		break;
	case YAML_READER_ERROR:
		if (p->problem_value == -1) {
			/* "input error": conf_load asks errno why. */
			fail(L, p->mark.line + 1, p->mark.column + 1, "%s",
			    problem);
			break;
		}
		locate(in, p->problem_offset, &line, &column);
		fail(L, line, column, "%s 0x%02X%s", problem,
		    (unsigned)p->problem_value, strstr(problem, "UTF-8") ?
		    " (the file must be UTF-8)" : "");
		break;
	default:
		fail(L, p->problem_mark.line + 1, p->problem_mark.column + 1,
		    "%s%s%s", problem, p->context != NULL ? " " : "",
		    p->context != NULL ? p->context : "");
		break;
	}
}

static struct conf_node *
load(yaml_parser_t *p, const char *name, const struct input *in, char **err)
{
	struct loader L;
	struct cnode *root;
	yaml_event_t ev;
	int rc, end;

	memset(&L, 0, sizeof(L));
	L.name = name;
	for (;;) {
		if (!yaml_parser_parse(p, &ev)) {
			parser_error(&L, p, in);
			break;
		}
		rc = on_event(&L, &ev);
		end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (rc != 0 || end)
			break;
	}
	root = L.root;
	L.root = NULL;
	if (L.err == NULL && root == NULL)
		fail(&L, 1, 1, "empty document");
	/* Drops the anchors' references: root is then ours alone. */
	loader_free(&L);
	if (L.err != NULL) {
		release(root);
		*err = L.err;
		return NULL;
	}
	return &root->pub;
}

static void
give_error(char **err, char *e)
{
	if (err != NULL)
		*err = e;
	else
		free(e);
}

struct conf_node *
conf_load(const char *path, char **err)
{
	yaml_parser_t p;
	struct input in = { NULL, 0, NULL };
	struct conf_node *root;
	char *e = NULL;
	FILE *fp;
	int saved;

	if (err != NULL)
		*err = NULL;
	if ((fp = fopen(path, "rb")) == NULL) {
		give_error(err, xasprintf("%s: %s", path, strerror(errno)));
		return NULL;
	}
	if (!yaml_parser_initialize(&p)) {
		(void)fclose(fp);
		give_error(err, xasprintf("%s: out of memory", path));
		return NULL;
	}
	yaml_parser_set_input_file(&p, fp);
	in.fp = fp;
	errno = 0;
	root = load(&p, path, &in, &e);
	saved = errno;
	yaml_parser_delete(&p);
	/* libyaml says only "input error"; errno says which. */
	if (root == NULL && ferror(fp) && saved != 0) {
		free(e);
		e = xasprintf("%s: %s", path, strerror(saved));
	}
	if (fclose(fp) != 0 && root != NULL) {
		e = xasprintf("%s: %s", path, strerror(errno));
		conf_free(root);
		root = NULL;
	}
	if (root == NULL)
		give_error(err, e);
	return root;
}

struct conf_node *
conf_load_string(const char *text, size_t len, const char *name, char **err)
{
	yaml_parser_t p;
	struct input in = { text, len, NULL };
	struct conf_node *root;
	char *e = NULL;

	if (err != NULL)
		*err = NULL;
	if (name == NULL)
		name = "(string)";
	if (!yaml_parser_initialize(&p)) {
		give_error(err, xasprintf("%s: out of memory", name));
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	root = load(&p, name, &in, &e);
	yaml_parser_delete(&p);
	if (root == NULL)
		give_error(err, e);
	return root;
}

void
conf_free(struct conf_node *node)
{
	if (node != NULL)
		release(to_cnode(node));
}

const struct conf_node *
conf_get(const struct conf_node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != CONF_MAP || key == NULL)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

static const char *
scalar(const struct conf_node *node)
{
	if (node == NULL || node->kind != CONF_SCALAR || node->value == NULL)
		return NULL;
	return node->value;
}

int
conf_int(const struct conf_node *node, long *out)
{
	const char *s = scalar(node), *p;
	char *end;
	long v;

	if (s == NULL)
		return -1;
	/* strtol alone would take " 12", "0x" prefixes aside, and "". */
	p = s + (*s == '+' || *s == '-');
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
conf_double(const struct conf_node *node, double *out)
{
	const char *s = scalar(node), *p, *dp;
	char *copy = NULL, *end, *q;
	size_t dplen;
	double v;
	int rc = -1;

	if (s == NULL || *s == '\0')
		return -1;
	/* Also keeps out spaces, hex, "inf" and the locale's own comma. */
	for (p = s; *p != '\0'; p++)
		if (strchr("0123456789+-.eE", *p) == NULL)
			return -1;
	/* A file means the same whatever LC_NUMERIC the program runs in. */
	dp = localeconv()->decimal_point;
	if (dp != NULL && *dp != '\0' && strcmp(dp, ".") != 0 &&
	    strchr(s, '.') != NULL) {
		dplen = strlen(dp);
		copy = q = xmalloc(strlen(s) * dplen + 1);
		for (p = s; *p != '\0'; p++) {
			if (*p == '.') {
				memcpy(q, dp, dplen);
				q += dplen;
			} else
				*q++ = *p;
		}
		*q = '\0';
		s = copy;
	}
	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == '\0' && isfinite(v)) {
		*out = v;
		rc = 0;
	}
	free(copy);
	return rc;
}

int
conf_bool(const struct conf_node *node, int *out)
{
	const char *s = scalar(node);

	/* "true" in quotes is a string that happens to read like one. */
	if (s == NULL || node->quoted)
		return -1;
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0)
		*out = 1;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

const char *
conf_kind_name(enum conf_kind kind)
{
	switch (kind) {
	case CONF_SCALAR:
		return "scalar";
	case CONF_SEQ:
		return "sequence";
	case CONF_MAP:
		return "mapping";
	}
	return "unknown";
}
