/*
 * Shared libraries opened when a run first needs them, not when every run
 * starts.  The workbook libraries (libzip, libxlsxwriter) bring libcrypto,
 * whose loading and relocation was a third of a short run such as
 * ph-schedule free; a run that reads or writes no workbook now never
 * loads them.
 */
#ifndef PH_DYNLIB_H
#define PH_DYNLIB_H
#include <stddef.h>

#include "buf.h"

/* A function to look up: its name, and the address of the function
 * pointer its address goes into. */
struct dynlib_function {
	const char *name;
	void *slot;
};

/* { "f", &api->f }, for a struct whose members are named after the
 * functions and typed __typeof__(f) *, so the compiler checks each call
 * against the library's own header. */
#define DYNLIB_FUNCTION(api, f) { #f, &(api)->f }

/*
 * Opens the library soname and fills each of fns[0..n): its handle, or
 * NULL with why set (which library, what the loader said, how to get it).
 */
void *dynlib_open(const char *soname, const struct dynlib_function *fns,
    size_t n, struct buf *why);
void dynlib_close(void *lib);

#endif
