/*
 * libFuzzer target: a survey export read as ph-screen import reads it,
 * without the database: its header matched against an instrument's items
 * and the person's id (lib/rules/answers.c, lib/formats/columns.c), each
 * row's cells read as answers, scored, coloured by the policy's rules and
 * searched for the policy's keywords.  The first byte picks the format,
 * the encoding, --values position and a --map; the second the
 * instrument; the rest is the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "alert_policy.h"
#include "buf.h"
#include "columns.h"
#include "diag.h"
#include "fuzz_reader.h"
#include "policy.h"
#include "rec.h"
#include "score.h"

#ifndef FUZZ_SHARE
#define FUZZ_SHARE "share/ph"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const instrument_files[] = {
	FUZZ_SHARE "/instruments/phq9.yaml",
	FUZZ_SHARE "/instruments/gad7.yaml",
	FUZZ_SHARE "/instruments/cesd.yaml",
	FUZZ_SHARE "/instruments/k10.yaml",
	FUZZ_SHARE "/instruments/who5.yaml",
	FUZZ_SHARE "/../../tests/data/instruments/standin_upi.yaml",
	FUZZ_SHARE "/../../tests/data/instruments/standin_scl.yaml",
	FUZZ_SHARE "/../../tests/data/instruments/standin_mht.yaml",
};
#define NINSTRUMENTS (sizeof(instrument_files) / sizeof(*instrument_files))

/* What every input is read against, loaded at the first. */
struct survey_rules {
	struct instrument *in[NINSTRUMENTS];
	struct policy *policy;
};

static void *
must(void *p, const char *what, char *err)
{
	if (p == NULL) {
		fprintf(stderr, "fuzz: %s: %s\n", what, err ? err : "");
		abort();
	}
	return p;
}

static const struct survey_rules *
survey_rules(void)
{
	static struct survey_rules rules;
	static int ready;
	char *err = NULL;

	if (ready)
		return &rules;
	for (size_t i = 0; i < NINSTRUMENTS; i++)
		rules.in[i] = must(instrument_load(instrument_files[i], &err),
		    instrument_files[i], err);
	rules.policy = must(policy_load(FUZZ_SHARE "/policy.yaml", &err),
	    "policy", err);
	ready = 1;
	return &rules;
}

/* The columns of a roster, as ph-intake maps them. */
static void
map_roster_columns(const struct rec_reader *r, struct diag *d)
{
	static const struct column_spec spec[] = {
		{ "person_no", "学号|学籍号|工号|id|person_no", 1 },
		{ "name", "姓名|name", 1 },
		{ "birth_date", "出生日期|生日|birth_date", 0 },
		{ "class", "班级|class", 0 },
	};
	int index[sizeof(spec) / sizeof(*spec)];

	(void)columns_map(r, spec, sizeof(spec) / sizeof(*spec), index, d);
	for (size_t c = 0; c < rec_ncolumns(r); c++) {
		size_t number;

		free(columns_fold(rec_column(r, c)));
		free(columns_fold_question(rec_column(r, c), &number));
	}
}

/* Each row scored and coloured. */
static void
score_rows(const struct survey_rules *k, const struct instrument *in,
    struct rec_reader *r, const struct score_options *o,
    const struct answer_columns *ac)
{
	struct score_result s;
	struct buf why = {0}, reasons = {0};
	int got;

	score_result_init(&s, in);
	while ((got = rec_read(r)) != 0 && got != -2) {
		int color;

		buf_reset(&why);
		buf_reset(&reasons);
		(void)score_read(in, ac, o, r, &s, &why);
		(void)score_blank(in, &s);
		score_compute(in, &s);
		score_json(in, &s, &why);
		color = policy_response_color(k->policy, in, &s, &reasons);
		(void)policy_adjust(k->policy, color, 1u, CARD_YELLOW, "fuzz",
		    &reasons);
		for (size_t c = 0; c < rec_ncolumns(r); c++)
			(void)alert_keyword_card(k->policy->alerts,
			    rec_field(r, c), &reasons);
	}
	score_result_free(&s);
	buf_free(&why);
	buf_free(&reasons);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *const maps[] = { "1=3" };
	const struct survey_rules *k = survey_rules();
	const struct instrument *in;
	struct score_options o = {0};
	struct answer_columns ac;
	struct rec_reader *r;
	struct diag d;
	FILE *fp;

	if (size < 3 ||
	    (r = fuzz_reader(data[0], data + 2, size - 2, &fp)) == NULL)
		return 0;
	in = k->in[data[1] % NINSTRUMENTS];
	o.by_position = (data[0] >> 4) & 1;
	if (data[0] & 0x20) {
		o.map = maps;
		o.nmap = 1;
	}
	diag_init(&d, 5);
	if (rec_read_header(r) == 0) {
		map_roster_columns(r, &d);
		(void)score_map_columns(in, r, &o, &ac, &d);
		score_rows(k, in, r, &o, &ac);
		score_columns_free(&ac);
	}
	rec_reader_free(r);
	fclose(fp);
	return 0;
}
