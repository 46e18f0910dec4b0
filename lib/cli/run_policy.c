#include "run_policy.h"

#include <err.h>
#include <stdlib.h>

#include "diag.h"
#include "xalloc.h"

struct run_policy {
	int read;		/* policy_find and policy_load were tried */
	struct policy *policy;	/* or NULL: none found, or refused */
	int found;		/* a file was found */
};

struct run_policy *
run_policy_new(void)
{
	return xcalloc(1, sizeof(struct run_policy));
}

void
run_policy_free(struct run_policy *rp)
{
	if (rp == NULL)
		return;
	policy_free(rp->policy);
	free(rp);
}

/* The first use: the file found and read, or the defaults. */
static void
read_policy(struct run_policy *rp, const char *given)
{
	char *path = policy_find(given), *why = NULL;

	rp->read = 1;
	rp->found = path != NULL;
	if (path == NULL) {
		rp->policy = policy_defaults();
		return;
	}
	if ((rp->policy = policy_load(path, &why)) == NULL) {
		diag_lines(why);
		free(why);
	}
	free(path);
}

const struct policy *
policy_of(const struct cli *c, int required)
{
	struct run_policy *rp = c->run_policy;

	if (!rp->read)
		read_policy(rp, c->policy);
	if (rp->found || !required)
		return rp->policy;
	warnx("no policy: give --policy FILE or set PH_POLICY "
	    "(see ph-policy(5))");
	return NULL;
}

const struct alert_policy *
alert_policy_of(const struct cli *c)
{
	const struct policy *p = policy_of(c, 1);

	return p != NULL ? p->alerts : NULL;
}
