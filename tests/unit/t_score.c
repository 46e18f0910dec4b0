/* Computing scores: rounding of a prorated total, half-open bands, the
 * band blank items cannot change, unreadable cells, and the policy's
 * rules on a band known only as a range. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "score.h"
#include "tap.h"

static char dir[] = "/tmp/ph-t_score-XXXXXX";

static char *
write_file(const char *name, const char *text)
{
	return tap_write_file(dir, name, text);
}

#define BANDS "    bands: [{max: 4, label: low}, {max: 8, label: mid}, " \
	"{label: high}]\n"
#define MISSING(r) "    missing: {max: 1, prorate: true, round: " r \
	", source: test}\n"

/* Five items 0-3, e reversed; the same sum rounded three ways, a mean
 * and a count. */
static const char instrument_yaml[] =
    "id: t\nversion: '1'\nname: {zh: 测试}\nlicence: test\n"
    "options:\n  f: [{value: 0, zh: 无}, {value: 1, zh: 有}, "
    "{value: 2, zh: 多}, {value: 3, zh: 总}]\n"
    "items:\n  - {id: a, zh: A, options: f}\n  - {id: b, zh: B, options: f}\n"
    "  - {id: c, zh: C, options: f}\n  - {id: d, zh: D, options: f}\n"
    "  - {id: e, zh: E, options: f, reverse: true}\n"
    "scales:\n"
    "  - id: total\n    items: all\n" MISSING("half_up") BANDS
    "  - id: down\n    items: all\n" MISSING("down") BANDS
    "  - id: none\n    items: all\n" MISSING("none") BANDS
    "  - id: avg\n    items: all\n    method: mean\n"
    "    bands: [{max: 1.49, label: low}, {label: high}]\n"
    "  - id: n\n    items: all\n    method: count\n    threshold: 2\n"
    "    bands: [{max: 1, label: few}, {label: many}]\n"
    "critical:\n  - {item: c, min: 2, zh: 关键}\n";

static const char policy_yaml[] =
    "policy: test\ncards:\n  rules:\n"
    "    - {color: red, instrument: t, scale: total, min: 10, reason: R}\n"
    "    - {color: yellow, instrument: t, scale: total, band: high, "
    "reason: Y}\n"
    "    - {color: blue, instrument: t, scale: avg, max: 1.2, reason: B}\n"
    "    - {color: blue, instrument: t, scale: avg, max: 1.1, reason: B2}\n";

static void
answer(const struct instrument *in, struct score_result *s, const char *row)
{
	for (size_t i = 0; i < in->nitems; i++) {
		s->answers[i] = row[i] == '_' ? NAN : row[i] - '0';
		s->unreadable[i] = 0;
	}
	s->nunreadable = 0;
	score_compute(in, s);
}

int
main(void)
{
	struct tap t = TAP_INIT;
	struct instrument *in;
	struct policy *p;
	struct score_result s;
	struct buf out = {0};
	char *why = NULL, *path;

	if (mkdtemp(dir) == NULL)
		return 1;
	path = write_file("t.yaml", instrument_yaml);
	in = instrument_load(path, &why);
	free(path);
	path = write_file("p.yaml", policy_yaml);
	p = policy_load(path, &why);
	free(path);
	if (in == NULL || p == NULL) {
		printf("# %s\nnot ok 1 - the test instrument and policy load\n",
		    why);
		return 1;
	}
	score_result_init(&s, in);

	/* whole scores: a band's max is the highest whole score in it */
	ok(&t, in->scales[0].whole && !in->scales[3].whole,
	    "sums of whole values are whole, a mean is not");
	ok(&t, in->scales[0].lo == 0 && in->scales[0].hi == 15,
	    "the scores possible, 0 to 15");
	is_str(&t, scale_band(&in->scales[2], 4.99)->label, "low",
	    "4.99 is below 5: low, not in a gap");
	is_str(&t, scale_band(&in->scales[2], 5)->label, "mid", "5 is mid");
	is_str(&t, scale_band(&in->scales[2], 8.5)->label, "mid",
	    "8.5 is below 9: mid, not high");
	is_str(&t, scale_band(&in->scales[3], 1.49)->label, "low",
	    "a mean's max is its own: 1.49 low");
	is_str(&t, scale_band(&in->scales[3], 1.5)->label, "high",
	    "1.5 high");

	/* one blank: 5 from four items, times 5/4 = 6.25; 7 -> 8.75 */
	answer(in, &s, "1130_");
	ok(&t, s.scales[0].scored && s.scales[0].value == 6, "half up: 6");
	ok(&t, s.scales[1].value == 6, "down: 6");
	ok(&t, s.scales[2].value == 6.25, "none: 6.25");
	answer(in, &s, "3301_");
	ok(&t, s.scales[0].value == 9, "8.75 half up: 9");
	is_str(&t, s.scales[0].band, "high", "9 high");
	ok(&t, s.scales[1].value == 8, "8.75 down: 8");
	is_str(&t, s.scales[1].band, "mid", "8 mid");
	ok(&t, s.scales[2].value == 8.75, "none: 8.75");
	is_str(&t, s.scales[2].band, "mid", "8.75 is below 9: mid");
	is_str(&t, s.reason, "avg: 1 items missing (at most 0); n: 1 items "
	    "missing (at most 0)", "the prorated scales are no reason");

	/* two blanks: 9 + 0..6, high whatever they are */
	answer(in, &s, "333__");
	ok(&t, !s.scales[0].scored && s.scales[0].ranged, "total ranged");
	ok(&t, s.scales[0].lo == 9 && s.scales[0].hi == 15, "9..15");
	is_str(&t, s.scales[0].band, "high", "high");
	ok(&t, s.scales[3].ranged && s.scales[3].lo == 1.8 &&
	    s.scales[3].hi == 3, "mean (9 + 0..6) / 5: 1.8..3");
	ok(&t, s.scales[4].ranged && s.scales[4].lo == 3 &&
	    s.scales[4].hi == 5, "count 3 + 0..2");
	is_str(&t, s.scales[4].band, "many", "many");
	ok(&t, !s.valid, "not valid");
	score_json(in, &s, &out);
	is_str(&t, buf_str(&out), "{\"total\":null,\"total_band\":\"high\","
	    "\"total_range\":[9,15],\"down\":null,\"down_band\":\"high\","
	    "\"down_range\":[9,15],\"none\":null,\"none_band\":\"high\","
	    "\"none_range\":[9,15],\"avg\":null,\"avg_band\":\"high\","
	    "\"avg_range\":[1.8,3],\"n\":null,\"n_band\":\"many\","
	    "\"n_range\":[3,5]}", "JSON: the range after the band");
	/* 3 + 0..6 is low or mid; the reversed e counts 0..3 as well */
	answer(in, &s, "21_0_");
	ok(&t, !s.scales[0].ranged && s.scales[0].band == NULL,
	    "3..9: no band");
	score_json(in, &s, &out);
	ok(&t, strncmp(buf_str(&out), "{\"total\":null,\"total_band\":null,",
	    32) == 0, "JSON: null band, no range");
	answer(in, &s, "_____");
	ok(&t, !s.scales[4].ranged, "nothing answered: no band");

	/* the policy on a range: a band holds, a limit holds for all */
	{
		struct buf r = {0};
		int color;

		answer(in, &s, "333__");
		color = policy_response_color(p, in, &s, &r);
		is_int(&t, color, CARD_YELLOW, "9..15 is not all >= 10: "
		    "yellow by band");
		is_str(&t, buf_str(&r), "Y (t total=9-15)", "the range said");
		buf_reset(&r);
		answer(in, &s, "000__");
		color = policy_response_color(p, in, &s, &r);
		is_int(&t, color, CARD_BLUE, "avg 0..1.2 is all <= 1.2");
		is_str(&t, buf_str(&r), "B (t avg=0-1.2)",
		    "not all <= 1.1: that rule does not hold");
		buf_free(&r);
	}

	/* unreadable cells: not valid; a critical one is followed up */
	answer(in, &s, "31111");
	s.answers[2] = s.answers[3] = NAN;
	s.unreadable[2] = s.unreadable[3] = 1;
	s.nunreadable = 2;
	score_compute(in, &s);
	ok(&t, !s.valid, "unreadable cells: not valid");
	ok(&t, s.reason != NULL && strncmp(s.reason, "2 unreadable cells",
	    18) == 0, "the reason says how many");
	is_int(&t, s.missing, 0, "not counted as unanswered");
	is_int(&t, s.critical_unanswered, 1, "critical c: to follow up");
	is_str(&t, s.critical_note, "c 无法识别，需跟进: 关键",
	    "as unreadable");
	answer(in, &s, "3111_");
	s.answers[2] = NAN;
	s.unreadable[2] = 1;
	s.nunreadable = 1;
	score_compute(in, &s);
	is_str(&t, s.reason, "1 unreadable cell; total: 2 items missing "
	    "(at most 1); down: 2 items missing (at most 1); none: 2 items "
	    "missing (at most 1); avg: 2 items missing (at most 0); n: 2 "
	    "items missing (at most 0)", "one cell, and the scales");
	/* a critical answer counts whatever else is missing */
	answer(in, &s, "__3__");
	is_int(&t, s.critical_answered, 1, "critical alone");

	buf_free(&out);
	score_result_free(&s);
	instrument_free(in);
	policy_free(p);
	tap_remove_dir(dir);
	return tap_done(&t);
}
