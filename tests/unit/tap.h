/* A minimal TAP producer for the C unit tests, run through prove(1). */
#ifndef PH_TAP_H
#define PH_TAP_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tap {
	int n;
	int failed;
};

#define TAP_INIT {0, 0}

static inline int
tap_ok(struct tap *t, int cond, const char *file, int line, const char *what)
{
	t->n++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", t->n, what);
	if (!cond) {
		t->failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(t, cond, what) tap_ok((t), (cond), __FILE__, __LINE__, (what))
#define is_str(t, got, want, what)                                          \
	do {                                                                \
		const char *g_ = (got), *w_ = (want);                       \
		int c_ = (g_ == NULL && w_ == NULL) ||                      \
		    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);      \
		if (!tap_ok((t), c_, __FILE__, __LINE__, (what)))           \
			printf("#   got: '%s'\n#   expected: '%s'\n",       \
			    g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)
#define is_int(t, got, want, what)                                          \
	do {                                                                \
		long long g_ = (long long)(got), w_ = (long long)(want);    \
		if (!tap_ok((t), g_ == w_, __FILE__, __LINE__, (what)))     \
			printf("#   got: %lld\n#   expected: %lld\n", g_, w_); \
	} while (0)

static inline int
tap_done(struct tap *t)
{
	printf("1..%d\n", t->n);
	return t->failed ? 1 : 0;
}

/* Removes a test's scratch directory and what is in it, saying so when
 * it cannot. */
static inline void
tap_remove_dir(const char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		exit(1);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
}

/* A test of a unit test file, and how main runs them all: each in turn,
 * in the scratch directory made from the mkdtemp(3) template dir (which
 * the tests read), removed after; main's exit status. */
typedef void tap_test(struct tap *t);

static inline int
tap_run_in(char *dir, tap_test *const *tests, size_t n)
{
	struct tap t = TAP_INIT;

	if (mkdtemp(dir) == NULL)
		return 1;
	for (size_t i = 0; i < n; i++)
		tests[i](&t);
	tap_remove_dir(dir);
	return tap_done(&t);
}

/* Writes text to dir/name for a test; the path, malloc'd (the test
 * stops when it cannot). */
static inline char *
tap_write_file(const char *dir, const char *name, const char *text)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/%s", dir, name) < 0 ||
	    (fp = fopen(path, "w")) == NULL)
		exit(1);
	fputs(text, fp);
	fclose(fp);
	return path;
}

#endif
