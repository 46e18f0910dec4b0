/*
 * Inputs and outputs every program opens the same way: "-" is stdin,
 * records go to stdout, or to -o FILE (made as outfile.h makes a file),
 * in the format --format chose, else the one -o's name ends with
 * (.csv, .tsv, .jsonl, .xlsx), else TSV.  --bom makes a CSV or TSV one
 * Excel opens right (a byte-order mark, CRLF).  xlsx: every table of the
 * run a sheet of one workbook, named after the command (in the report's
 * language), written at the end (io_finish), and never to a terminal.
 */
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

/* The format tables go out in. */
enum rec_format io_output_format(const struct cli *c);
/* The sheet name of a command's table, in English or Chinese. */
const char *io_sheet_name(const char *command, int english);
/* At the end of a run whose status is rc: the workbook written, -o's
 * file put in place (or, when rc is not 0, dropped); the status. */
int io_finish(struct cli *c, int rc);

#endif
