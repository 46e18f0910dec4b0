#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

unsigned long long
strmap_hash(const void *data, size_t n, unsigned long long seed)
{
	const unsigned char *p = data;
	unsigned long long h = seed;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = m->len = 0;
}

void
strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

static size_t
find_slot(const struct strmap_entry *slots, size_t cap, const char *key)
{
	size_t i = strmap_hash(key, strlen(key), STRMAP_SEED) & (cap - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

int
strmap_get(const struct strmap *m, const char *key, long long *value)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = find_slot(m->slots, m->cap, key);
	if (m->slots[i].key == NULL)
		return 0;
	*value = m->slots[i].value;
	return 1;
}

static void
grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_entry *slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].key != NULL)
			slots[find_slot(slots, cap, m->slots[i].key)] =
			    m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

void
strmap_put(struct strmap *m, const char *key, long long value)
{
	size_t i;

	if ((m->len + 1) * 4 > m->cap * 3)
		grow(m);
	i = find_slot(m->slots, m->cap, key);
	if (m->slots[i].key == NULL) {
		m->slots[i].key = xstrdup(key);
		m->len++;
	}
	m->slots[i].value = value;
}
