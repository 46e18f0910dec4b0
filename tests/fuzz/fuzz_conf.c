/*
 * libFuzzer target: the YAML loader and the instrument validator
 * (ph-instrument(5)) on any text.  instrument_load reads a file: the
 * input is written to one in a temporary directory.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"
#include "instrument.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The directory and the file the instrument is read from, made at the
 * first input. */
static char instrument_dir[] = "/tmp/ph-fuzz-XXXXXX";
static char *instrument_path;

static void
remove_file(void)
{
	(void)unlink(instrument_path);
	(void)rmdir(instrument_dir);
	free(instrument_path);
}

static const char *
instrument_file(void)
{
	if (instrument_path == NULL) {
		if (mkdtemp(instrument_dir) == NULL ||
		    atexit(remove_file) != 0) {
			perror("fuzz: mkdtemp");
			abort();
		}
		instrument_path = xasprintf("%s/instrument.yaml",
		    instrument_dir);
	}
	return instrument_path;
}

/* What a program asks of an instrument once it is loaded. */
static void
use_instrument(const struct instrument *in)
{
	for (size_t i = 0; i < in->nscales; i++) {
		const struct scale *sc = &in->scales[i];
		double lo = 0, hi = 0;

		(void)instrument_scale_index(in, sc->id);
		(void)scale_band(sc, sc->lo);
		(void)scale_band(sc, (sc->lo + sc->hi) / 2);
		(void)scale_band(sc, sc->hi + 0.5);
		for (size_t j = 0; j < sc->nitems; j++)
			scale_item_range(sc, &in->items[sc->items[j]], &lo, &hi);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = instrument_file();
	struct conf_node *root;
	struct instrument *in;
	char *err = NULL;
	int fd;

	root = conf_load_string((const char *)data, size, "fuzz", &err);
	conf_free(root);
	free(err);
	err = NULL;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size || close(fd) != 0)
		abort();
	if ((in = instrument_load(path, &err)) != NULL)
		use_instrument(in);
	instrument_free(in);
	free(err);
	return 0;
}
