/*
 * Where ph's shared files are: see share.h.
 */
#include "share.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

static char *
join(const char *dir, const char *sub)
{
	return sub != NULL ? xasprintf("%s/%s", dir, sub) : xstrdup(dir);
}

char **
share_dirs(const char *sub)
{
	char **dirs = xcalloc(4, sizeof(*dirs));
	const char *share = getenv("PH_SHARE");
	char exe[4096];
	ssize_t len;
	size_t n = 0;

	if (share != NULL && *share != '\0')
		dirs[n++] = join(share, sub);
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash, *dir;

		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			dir = xasprintf("%s/../share/ph", exe);
			dirs[n++] = join(dir, sub);
			free(dir);
		}
	}
	dirs[n++] = join(PH_SHAREDIR, sub);
	dirs[n] = NULL;
	return dirs;
}

void
share_dirs_free(char **dirs)
{
	for (size_t i = 0; dirs != NULL && dirs[i] != NULL; i++)
		free(dirs[i]);
	free(dirs);
}

char *
share_find(char *const *dirs, const char *name)
{
	for (size_t i = 0; dirs[i] != NULL; i++) {
		char *p = xasprintf("%s/%s", dirs[i], name);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}
