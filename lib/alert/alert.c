/*
 * What every ph-alert operation starts from: the policy of the run, and
 * an alert's or a case's number as the command line gives it.  The
 * operations are in the files named for them: alert_route.c (the warning
 * network), alert_raise.c (raising, whatever asks), alert_campaign.c,
 * alert_records.c and alert_note.c (what asks), alert_list.c (list,
 * show), alert_ack.c, alert_escalate.c, alert_deliver.c, alert_case.c.
 */
#include "alert_internal.h"

#include <err.h>
#include <stdlib.h>

#include "diag.h"
#include "policy.h"

struct alert_policy *
alert_policy_for(const struct cli *c)
{
	char *path = policy_find(c->policy), *why = NULL;
	struct alert_policy *p;

	if (path == NULL) {
		warnx("no policy: give --policy FILE or set PH_POLICY "
		    "(see ph-policy(5))");
		return NULL;
	}
	if ((p = alert_policy_load(path, &why)) == NULL) {
		diag_lines(why);
		free(why);
	}
	free(path);
	return p;
}

long long
alert_number(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && n > 0 ? n : 0;
}
