/*
 * libFuzzer target: a policy file (ph-policy(5)), its alerts section
 * included, read from memory as policy_load reads it; a policy that loads
 * is checked against an instrument, and its keyword rules and templates
 * are run on a pupil's answer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "alert_policy.h"
#include "buf.h"
#include "policy.h"

#ifndef FUZZ_SHARE
#define FUZZ_SHARE "share/ph"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct instrument *
phq9(void)
{
	static struct instrument *in;
	char *err = NULL;

	if (in == NULL &&
	    (in = instrument_load(FUZZ_SHARE "/instruments/phq9.yaml",
	    &err)) == NULL) {
		fprintf(stderr, "fuzz: phq9: %s\n", err);
		abort();
	}
	return in;
}

/* What the alerts section does with a pupil's answer. */
static void
use_alerts(const struct alert_policy *a)
{
	static const char *const names[] = { "name", "reason", "due" };
	static const char *const values[] = { "张一", "PHQ-9 20", "2026-09-02" };
	const struct template *t[] = { &a->full, &a->brief, &a->case_msg,
	    &a->guardian, &a->reminder_full, &a->digest_msg };
	struct buf reasons = {0};

	(void)alert_keyword_card(a, "最近总是想死，不想活了", &reasons);
	(void)alert_keyword_match(a, "I want to kill myself", 0);
	(void)alert_role_full(a, "counsellor");
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		if (t[i]->subject != NULL)
			free(template_render(t[i]->subject, names, values, 3));
		if (t[i]->body != NULL)
			free(template_render(t[i]->body, names, values, 3));
	}
	buf_free(&reasons);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct instrument *in = phq9();
	struct policy *p;
	char *err = NULL;

	p = policy_load_text("fuzz.yaml", (const char *)data, size, &err);
	if (p != NULL) {
		free(err);
		err = NULL;
		(void)policy_check_instrument(p, in, &err);
		if (p->alerts != NULL)
			use_alerts(p->alerts);
		policy_free(p);
	}
	free(err);
	return 0;
}
