#include "command.h"

#include <err.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "db.h"

/* How many of ops the words of cmd are (0: they are not). */
static int
words_match(const char *words, char **ops, int nops)
{
	const char *w = words;
	int k = 0;

	while (*w != '\0') {
		size_t len = strcspn(w, " ");

		if (k >= nops || strlen(ops[k]) != len ||
		    strncmp(ops[k], w, len) != 0)
			return 0;
		k++;
		w += len;
		while (*w == ' ')
			w++;
	}
	return k;
}

int
command_run(struct cli *c, const struct command *table, size_t n,
    const struct command_options *o, char **ops, int nops, void *args)
{
	const struct command *cmd = NULL;
	struct command_call call;
	int taken = 0, rc;
	unsigned missing;

	for (size_t i = 0; i < n; i++) {
		int k = words_match(table[i].words, ops, nops);

		if (k > taken) {
			taken = k;
			cmd = &table[i];
		}
	}
	if (cmd == NULL) {
		warnx("unknown command: '%s'", nops > 0 ? ops[0] : "");
		c->usage(EX_USAGE);
		return EX_USAGE;
	}
	if (nops - taken < cmd->min || (cmd->max >= 0 &&
	    nops - taken > cmd->max)) {
		warnx("%s: %s", cmd->words, nops - taken < cmd->min ?
		    "an operand is missing" : "too many operands");
		c->usage(EX_USAGE);
		return EX_USAGE;
	}
	if ((missing = cmd->required & ~o->given) != 0) {
		struct buf b = {0};

		for (unsigned bit = 0; bit < 32; bit++)
			if (missing & (1u << bit))
				buf_printf(&b, "%s--%s", b.len ? ", " : "",
				    o->names[bit]);
		warnx("%s needs %s", cmd->words, buf_str(&b));
		buf_free(&b);
		c->usage(EX_USAGE);
		return EX_USAGE;
	}
	if (o->prepare != NULL && (rc = o->prepare(c, args)) != 0)
		return rc;
	memset(&call, 0, sizeof(call));
	call.cli = c;
	call.operands = ops + taken;
	call.n = nops - taken;
	call.args = args;
	if (cmd->db == CMD_DB_READONLY)
		rc = db_open_readonly(db_path(c->db), &call.db);
	else if (cmd->db != CMD_NO_DB)
		rc = db_open(db_path(c->db), cmd->db == CMD_DB_CREATE ?
		    DB_CREATE : DB_EXISTING, &call.db);
	else
		rc = 0;
	if (rc != 0)
		return rc;
	rc = cmd->run(&call);
	if (call.db != NULL)
		db_close(call.db);
	return rc;
}
