/* A growable byte string, always NUL-terminated. */
#ifndef PH_BUF_H
#define PH_BUF_H
#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

void buf_reset(struct buf *b);			/* length 0, keeps the memory */
void buf_free(struct buf *b);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Room for n more bytes and the NUL after them, for a caller that
 * writes into b->data + b->len and then sets b->len. */
void buf_reserve(struct buf *b, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *buf_str(const struct buf *b);	/* "" when empty */
char *buf_take(struct buf *b);			/* caller frees; b is emptied */

#endif
