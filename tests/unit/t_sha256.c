/* SHA-256 against the FIPS 180-4 examples, fed whole and in pieces. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "tap.h"

static void
digest_of(const void *data, size_t len, char hex[65])
{
	struct sha256 h;
	unsigned char d[32];

	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, d);
	sha256_hex(d, hex);
}

/* The same text one byte at a time, to cross every block boundary. */
static void
digest_bytewise(const char *s, char hex[65])
{
	struct sha256 h;
	unsigned char d[32];

	sha256_init(&h);
	for (; *s != '\0'; s++)
		sha256_update(&h, s, 1);
	sha256_final(&h, d);
	sha256_hex(d, hex);
}

int
main(void)
{
	static const char *abc448 =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char *abc896 =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	/* runs of 'a' */
	static const struct {
		size_t len;
		const char *digest, *what;
	} as[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9a"
		    "e9b0a925a5258e241c9f1e910f734318", "55 bytes: one block" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f"
		    "590ce20f1bde7090ef7970686ec6738a", "56 bytes: two blocks" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209"
		    "f439851db43d0ba5997337df154668eb", "64 bytes" },
		{ 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
		    "f1809a48a497200e046d39ccc7112cd0", "a million 'a' at once" },
	};
	static const size_t chunks[] = {1, 3, 7, 63, 64, 65, 127, 1000, 4093};
	struct tap t = TAP_INIT;
	struct sha256 h;
	unsigned char d[32], *block;
	char hex[65], path[] = "/tmp/t_sha256.XXXXXX";
	size_t done, step, i, n;
	FILE *fp;
	int fd;

	digest_of("", 0, hex);
	is_str(&t, hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty message");
	digest_of(NULL, 0, hex);
	is_str(&t, hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "NULL with length 0");
	digest_of("abc", 3, hex);
	is_str(&t, hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "\"abc\"");
	digest_of(abc448, strlen(abc448), hex);
	is_str(&t, hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "448-bit message");
	digest_bytewise(abc448, hex);
	is_str(&t, hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "448-bit message bytewise");
	digest_of(abc896, strlen(abc896), hex);
	is_str(&t, hex, "cf5b16a778af8380036ce59e7b049237"
	    "0b249b11e8f07a51afac45037afee9d1", "896-bit message");

	/* 55, 56 and 64 bytes: the padding's edge cases; then a million. */
	block = malloc(1000000);
	if (block == NULL)
		return 1;
	memset(block, 'a', 1000000);
	for (i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		digest_of(block, as[i].len, hex);
		is_str(&t, hex, as[i].digest, as[i].what);
	}
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		char what[64];

		sha256_init(&h);
		for (done = 0, step = chunks[i]; done < 1000000; done += n) {
			n = 1000000 - done < step ? 1000000 - done : step;
			sha256_update(&h, block + done, n);
			/* Vary the size so the buffer's fill keeps moving. */
			step = step == chunks[i] ? chunks[i] + 1 : chunks[i];
		}
		sha256_final(&h, d);
		sha256_hex(d, hex);
		snprintf(what, sizeof(what), "a million 'a' in chunks of %zu",
		    chunks[i]);
		is_str(&t, hex, "cdc76e5c9914fb9281a1c7e284d73e67"
		    "f1809a48a497200e046d39ccc7112cd0", what);
	}

	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
	ok(&t, fp != NULL, "temporary file");
	if (fp != NULL) {
		ok(&t, fwrite(block, 1, 1000000, fp) == 1000000 &&
		    fclose(fp) == 0, "write a million 'a'");
		memset(hex, 'x', sizeof(hex));
		ok(&t, sha256_file(path, hex) == 0, "sha256_file succeeds");
		is_str(&t, hex, "cdc76e5c9914fb9281a1c7e284d73e67"
		    "f1809a48a497200e046d39ccc7112cd0", "sha256_file digest");
		fp = fopen(path, "wb");
		ok(&t, fp != NULL && fclose(fp) == 0, "truncate the file");
		ok(&t, sha256_file(path, hex) == 0, "sha256_file of nothing");
		is_str(&t, hex, "e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855", "empty file digest");
		unlink(path);
	}
	errno = 0;
	ok(&t, sha256_file("/nonexistent/ph/file", hex) == -1 &&
	    errno == ENOENT, "missing file: -1 with ENOENT");
	errno = 0;
	ok(&t, sha256_file("/", hex) == -1 && errno == EISDIR,
	    "directory: -1 with EISDIR");
	free(block);
	return tap_done(&t);
}
