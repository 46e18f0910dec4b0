/*
 * Validating a YAML tree: see confcheck.h.
 */
#include "confcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Messages kept at most; the count goes on. */
#define CONF_MAX_ERRORS 50

void
conf_bad(struct conf_check *k, const struct conf_node *at, const char *fmt, ...)
{
	va_list ap;

	if (k->count++ >= CONF_MAX_ERRORS)
		return;
	if (k->errors.len > 0)
		buf_putc(&k->errors, '\n');
	buf_printf(&k->errors, "%s:%zu:%zu: ", k->path, at ? at->line : 0,
	    at ? at->column : 0);
	va_start(ap, fmt);
	{
		char *msg;
		if (vasprintf(&msg, fmt, ap) >= 0) {
			buf_puts(&k->errors, msg);
			free(msg);
		}
	}
	va_end(ap);
}

void
conf_only_keys(struct conf_check *k, const struct conf_node *map,
    const char *what, const char *const *allowed)
{
	for (size_t i = 0; map != NULL && i < map->n; i++) {
		int ok = 0;
		for (size_t a = 0; allowed[a] != NULL && !ok; a++)
			ok = strcmp(map->keys[i], allowed[a]) == 0;
		if (!ok) {
			struct conf_node at = *map;
			at.line = map->key_lines[i];
			at.column = map->key_columns[i];
			conf_bad(k, &at, "unknown key '%s' in %s", map->keys[i], what);
		}
	}
}

int
conf_section(struct conf_check *k, const struct conf_node *m,
    const char *what, const char *const *allowed)
{
	if (m->kind != CONF_MAP) {
		conf_bad(k, m, "'%s' must be a mapping", what);
		return 0;
	}
	conf_only_keys(k, m, what, allowed);
	return 1;
}

const struct conf_node *
conf_need(struct conf_check *k, const struct conf_node *map, const char *key,
    enum conf_kind kind, const char *what)
{
	const struct conf_node *v = conf_get(map, key);

	if (v == NULL) {
		conf_bad(k, map, "%s needs '%s'", what, key);
		return NULL;
	}
	if (v->kind != kind || (kind == CONF_SCALAR && *v->value == '\0')) {
		conf_bad(k, v, "'%s' of %s must be a %s%s", key, what,
		    conf_kind_name(kind), kind == CONF_SCALAR ? " with a value" :
		    "");
		return NULL;
	}
	return v;
}

char *
conf_text(struct conf_check *k, const struct conf_node *map, const char *key,
    int required, const char *what)
{
	const struct conf_node *v = conf_get(map, key);

	if (v == NULL) {
		if (required)
			conf_bad(k, map, "%s needs '%s'", what, key);
		return NULL;
	}
	if (v->kind != CONF_SCALAR) {
		conf_bad(k, v, "'%s' of %s must be text", key, what);
		return NULL;
	}
	return xstrdup(v->value);
}

int
conf_number(struct conf_check *k, const struct conf_node *map, const char *key,
    double *out, const char *what)
{
	const struct conf_node *v = conf_get(map, key);

	if (v == NULL)
		return 0;
	if (conf_double(v, out) != 0) {
		conf_bad(k, v, "'%s' of %s must be a number", key, what);
		return -1;
	}
	return 1;
}

int
conf_flag(struct conf_check *k, const struct conf_node *map, const char *key,
    int *out, const char *what)
{
	const struct conf_node *v = conf_get(map, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (conf_bool(v, out) != 0) {
		conf_bad(k, v, "'%s' of %s must be true or false", key, what);
		return -1;
	}
	return 1;
}

char **
conf_texts(struct conf_check *k, const struct conf_node *list, size_t *n,
    const char *complaint)
{
	char **texts = xcalloc(list->n + 1, sizeof(*texts));

	*n = 0;
	for (size_t i = 0; i < list->n; i++) {
		if (list->items[i]->kind != CONF_SCALAR)
			conf_bad(k, list->items[i], "%s", complaint);
		else
			texts[(*n)++] = xstrdup(list->items[i]->value);
	}
	return texts;
}

int
conf_valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

int
conf_check_finish(struct conf_check *k, char **err)
{
	if (k->count == 0) {
		buf_free(&k->errors);
		return 0;
	}
	if (k->count > CONF_MAX_ERRORS)
		buf_printf(&k->errors, "\n%s: %d more errors", k->path,
		    k->count - CONF_MAX_ERRORS);
	*err = buf_take(&k->errors);
	return -1;
}
