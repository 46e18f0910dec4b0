/*
 * The policy of one run of a program: found (--policy, $PH_POLICY, the
 * share directories: policy_find), read and validated whole at its first
 * use, then the same struct for every later use, so that a program reads
 * policy.yaml once however many parts of it a command needs.
 */
#ifndef PH_RUN_POLICY_H
#define PH_RUN_POLICY_H

#include "alert_policy.h"
#include "cli.h"
#include "policy.h"

struct run_policy;
struct run_policy *run_policy_new(void);
void run_policy_free(struct run_policy *rp);

/*
 * The run's policy.  With no policy file anywhere: the defaults
 * (policy_defaults) when required is 0, else NULL after a message.  NULL
 * after the file's mistakes, printed at the first call only.
 */
const struct policy *policy_of(const struct cli *c, int required);

/* The alerts section of the run's policy (a file is required), or NULL
 * after a message. */
const struct alert_policy *alert_policy_of(const struct cli *c);

#endif
