/* Inputs and outputs every program opens the same way: "-" is stdin,
 * records go to stdout in the format --format chose (TSV by default). */
#ifndef PH_IO_H
#define PH_IO_H
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "rec.h"

/* Opens a named input ("-" is stdin); NULL after a message. */
FILE *io_open_input(const char *path);
/* The name messages use for an input ("stdin" for "-"). */
const char *io_input_name(const char *path);
/* Closes an input unless it is stdin. */
void io_close_input(FILE *fp);

/* A record writer on stdout; with --quiet, its header goes out with the
 * first record, so an empty result prints nothing. */
struct rec_writer *io_writer(const struct cli *c, size_t n,
    const char *const *columns);
/* Closes it: 0, or EX_IOERR (cli_finish then names stdout). */
int io_writer_close(struct rec_writer *w);

#endif
