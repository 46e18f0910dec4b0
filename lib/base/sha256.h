/* SHA-256 (FIPS 180-4): the audit chain, and the instrument file hash
 * recorded with every score. */
#ifndef PH_SHA256_H
#define PH_SHA256_H
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t state[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
void sha256_final(struct sha256 *h, unsigned char digest[32]);
/* Lower-case hex, NUL-terminated. */
void sha256_hex(const unsigned char digest[32], char hex[65]);
/* The hex digest of len bytes. */
void sha256_bytes(const void *data, size_t len, char hex[65]);
/* The hex digest of a file: 0, or -1 with errno set. */
int sha256_file(const char *path, char hex[65]);

#endif
