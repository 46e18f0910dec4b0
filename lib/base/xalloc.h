/* Allocation that cannot return NULL: running out of memory ends the
 * program with EX_OSERR and a message, never a crash. */
#ifndef PH_XALLOC_H
#define PH_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array: *capacity at least needed elements of elem_size. */
void *xgrow(void *ptr, size_t *capacity, size_t needed, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Frees each of the n pointers (NULL ones too, as free does). */
void free_each(void *const *ptrs, size_t n);
/* Frees each pointer given, in order, its arguments all evaluated first:
 * a struct's strings in one line of its destructor. */
#define FREE_ALL(...) free_each((void *const[]){ __VA_ARGS__ }, \
    sizeof((void *const[]){ __VA_ARGS__ }) / sizeof(void *))
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
