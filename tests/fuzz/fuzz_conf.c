/* libFuzzer target: the YAML loader and the instrument validator on any
 * text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"
#include "instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL, path[] = "/tmp/ph-fuzz-XXXXXX";
	struct conf_node *root;
	struct instrument *in;
	int fd;

	root = conf_load_string((const char *)data, size, "fuzz", &err);
	conf_free(root);
	free(err);
	err = NULL;
	/* the instrument validator reads files: give it one */
	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		in = instrument_load(path, &err);
		instrument_free(in);
		free(err);
	}
	close(fd);
	unlink(path);
	return 0;
}
