/* A whole (small) file in memory: a configuration read once, parsed and
 * hashed from the same bytes. */
#ifndef PH_READFILE_H
#define PH_READFILE_H
#include <stddef.h>

/* The bytes of path, NUL-terminated (malloc'd), *len of them; NULL with
 * errno set when it cannot be read. */
char *readfile(const char *path, size_t *len);

#endif
