/*
 * What the fuzz targets of the database loaders (ph-schedule's calendar,
 * rooms and duty roster, ph-intake's transfer archives) share: a small
 * school loaded once into a fresh database in a temporary directory, put
 * back as it was after every input that changed it, and the input written
 * to a file, since the loaders read files as the programs do.
 */
#ifndef PH_FUZZ_DB_H
#define PH_FUZZ_DB_H
#include <sqlite3.h>
#include <stddef.h>

#include "cli.h"

struct fuzz_db {
	char *dir;		/* the temporary directory */
	char *path;		/* the database in it */
	char *input;		/* the file each input is written to */
	sqlite3 *db;
	sqlite3 *snapshot;	/* the school as loaded, in memory */
	sqlite3_int64 changes;	/* sqlite3_total_changes at the snapshot */
	struct cli cli;
};

/* The school loaded: 0, or -1 after a message. */
int fuzz_db_open(struct fuzz_db *f);
/* A fuzz target's school, opened at its first input (aborts when it
 * cannot be: nothing could be fuzzed). */
struct fuzz_db *fuzz_db_once(void);
void fuzz_db_close(struct fuzz_db *f);
/* Writes data to f->input: 0 or -1. */
int fuzz_db_input(struct fuzz_db *f, const unsigned char *data, size_t size);
/* The database back to the school as loaded, when something changed it. */
void fuzz_db_reset(struct fuzz_db *f);

#endif
