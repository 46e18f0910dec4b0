/* A string to integer map (open addressing), for caches such as unit
 * paths to ids during a load.  Keys are copied. */
#ifndef PH_STRMAP_H
#define PH_STRMAP_H
#include <stddef.h>

struct strmap_entry {
	char *key;
	long long value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap, len;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* 1 and *value when found, else 0. */
int strmap_get(const struct strmap *m, const char *key, long long *value);
void strmap_put(struct strmap *m, const char *key, long long value);

/* 64-bit FNV-1a, also used for row hashes. */
unsigned long long strmap_hash(const void *data, size_t n,
    unsigned long long seed);
#define STRMAP_SEED 0xcbf29ce484222325ULL

#endif
