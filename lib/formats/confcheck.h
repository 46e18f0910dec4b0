/*
 * Validating a YAML tree (lib/conf.h) against what a format allows:
 * every error collected with its file, line and column, all of them, not
 * only the first.  Shared by instruments and the policy.
 */
#ifndef PH_CONFCHECK_H
#define PH_CONFCHECK_H

#include "buf.h"
#include "conf.h"

struct conf_check {
	const char *path;
	struct buf errors;	/* "path:line:col: what", one a line */
	int count;
};

void conf_bad(struct conf_check *k, const struct conf_node *at,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Keys a mapping may have; anything else is a typo worth reporting. */
void conf_only_keys(struct conf_check *k, const struct conf_node *map,
    const char *what, const char *const *allowed);
/* 1 when a section is a mapping of those keys (each other key reported);
 * 0 after an error saying it must be a mapping. */
int conf_section(struct conf_check *k, const struct conf_node *m,
    const char *what, const char *const *allowed);
/* The value of a required key of that kind, or NULL after an error. */
const struct conf_node *conf_need(struct conf_check *k,
    const struct conf_node *map, const char *key, enum conf_kind kind,
    const char *what);
/* A scalar's text (malloc'd), or NULL when absent (an error if required)
 * or not a scalar. */
char *conf_text(struct conf_check *k, const struct conf_node *map,
    const char *key, int required, const char *what);
/* 1 when present and read, 0 when absent, -1 after an error. */
int conf_number(struct conf_check *k, const struct conf_node *map,
    const char *key, double *out, const char *what);
int conf_flag(struct conf_check *k, const struct conf_node *map,
    const char *key, int *out, const char *what);
/* The texts of the sequence list, copied into a NULL-terminated array
 * (malloc'd) with *n of them; an item that is not a text is a mistake,
 * complaint at its place. */
char **conf_texts(struct conf_check *k, const struct conf_node *list,
    size_t *n, const char *complaint);
/* Lower-case letters, digits and '_', not empty. */
int conf_valid_id(const char *s);
/* 0, or -1 with *err the collected messages (malloc'd). */
int conf_check_finish(struct conf_check *k, char **err);

#endif
