/*
 * An alert's or a case's number as the command line gives it (the policy
 * of the run is run_policy.h's alert_policy_of).  The
 * operations are in the files named for them: alert_route.c (the warning
 * network), alert_raise.c (raising, whatever asks), alert_campaign.c,
 * alert_records.c and alert_note.c (what asks), alert_list.c (list,
 * show), alert_ack.c, alert_escalate.c, alert_deliver.c, alert_case.c.
 */
#include "alert_internal.h"

#include <stdlib.h>

long long
alert_number(const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	return *s != '\0' && *end == '\0' && n > 0 ? n : 0;
}
