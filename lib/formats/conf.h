/*
 * YAML configuration (instruments, policy) loaded through libyaml into a
 * small tree whose every node knows its line and column, so that a
 * validator can say exactly where a file is wrong.
 */
#ifndef PH_CONF_H
#define PH_CONF_H
#include <stddef.h>

enum conf_kind { CONF_SCALAR, CONF_SEQ, CONF_MAP };

struct conf_node {
	enum conf_kind kind;
	size_t line, column;		/* 1-based, where the node starts */
	char *value;			/* CONF_SCALAR: the text ("" for null) */
	int quoted;			/* CONF_SCALAR: written in quotes */
	size_t n;			/* CONF_SEQ, CONF_MAP: entries */
	struct conf_node **items;	/* CONF_SEQ: elements; CONF_MAP: values */
	char **keys;			/* CONF_MAP: keys (scalars only) */
	size_t *key_lines, *key_columns; /* CONF_MAP: where each key is */
};

/*
 * Loads the single document of path (aliases resolved, duplicate keys,
 * non-scalar keys and multiple documents refused).  NULL on error, with
 * *err a malloc'd "path:line:column: message".
 */
struct conf_node *conf_load(const char *path, char **err);
/* The same from memory; name is used in messages. */
struct conf_node *conf_load_string(const char *text, size_t len,
    const char *name, char **err);
void conf_free(struct conf_node *node);

/* The value of key in a map, or NULL (also when node is not a map). */
const struct conf_node *conf_get(const struct conf_node *map,
    const char *key);
/* Scalar helpers: 0 on success, -1 when node is not a scalar of that
 * type. */
int conf_int(const struct conf_node *node, long *out);
int conf_double(const struct conf_node *node, double *out);
int conf_bool(const struct conf_node *node, int *out);
const char *conf_kind_name(enum conf_kind kind);

#endif
