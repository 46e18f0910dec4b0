#include "readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

char *
readfile(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *text = NULL;
	size_t cap = 0, n = 0, got;
	int saved;

	if (fp == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			text = xrealloc(text, cap + 1);
		}
		got = fread(text + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		saved = errno ? errno : EIO;
		(void)fclose(fp);
		free(text);
		errno = saved;
		return NULL;
	}
	(void)fclose(fp);
	text[n] = '\0';
	*len = n;
	return text;
}
