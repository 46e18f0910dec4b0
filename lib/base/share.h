/*
 * Where ph's shared files (instruments, the default policy) are: the
 * directories searched, in order.
 */
#ifndef PH_SHARE_H
#define PH_SHARE_H

/*
 * $PH_SHARE if set, then share/ph beside the program (PREFIX/bin/../
 * share/ph, so that an install under another prefix than the build's
 * still finds its files, and build/bin finds build/share/ph, which make
 * links to the checkout's share/ph), then the installed PH_SHAREDIR; each
 * with sub appended ("/sub") when sub is not NULL.  A malloc'd NULL-terminated
 * array of malloc'd strings, for share_dirs_free.
 */
char **share_dirs(const char *sub);
void share_dirs_free(char **dirs);
/* The first of dirs (NULL-terminated) that holds a readable file called
 * name: its path (malloc'd), or NULL. */
char *share_find(char *const *dirs, const char *name);

#endif
