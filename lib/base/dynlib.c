#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

/* POSIX gives dlsym()'s function addresses as void *: copied into a
 * function pointer of the same size, as POSIX requires it to be. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
    "a function pointer is not the size of void *");

void *
dynlib_open(const char *soname, const struct dynlib_function *fns, size_t n,
    struct buf *why)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *said;

	if (lib == NULL) {
		said = dlerror();
		buf_printf(why, "%s cannot be loaded (%s): make deps installs "
		    "it", soname, said != NULL ? said : "no reason given");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		void *address;

		(void)dlerror();
		if ((address = dlsym(lib, fns[i].name)) == NULL) {
			said = dlerror();
			buf_printf(why, "%s has no %s (%s): not the version "
			    "ph was built with", soname, fns[i].name,
			    said != NULL ? said : "no reason given");
			dlclose(lib);
			return NULL;
		}
		memcpy(fns[i].slot, &address, sizeof(address));
	}
	return lib;
}

void
dynlib_close(void *lib)
{
	if (lib != NULL)
		(void)dlclose(lib);
}
