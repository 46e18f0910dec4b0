/*
 * The inputs the fuzz targets (tests/fuzz, make fuzz) found crashing,
 * each as bytes run through the target's own function.  Most crashes are
 * caught only by the sanitizers: make check runs this test under ASan and
 * UBSan, make fuzz under clang's; each of these failed there before its
 * fix.
 */
#define LLVMFuzzerTestOneInput fuzz_survey
#include "../fuzz/fuzz_survey.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_policy
#define phq9 fuzz_policy_phq9
#include "../fuzz/fuzz_policy.c"
#undef phq9
#undef LLVMFuzzerTestOneInput
#include "../fuzz/fuzz_db.c"
#define LLVMFuzzerTestOneInput fuzz_transfer
#include "../fuzz/fuzz_transfer.c"
#undef LLVMFuzzerTestOneInput

#include <sysexits.h>

#include "clock.h"
#include "intake.h"
#include "tap.h"

/* A GAD-7 export in TSV with --map 1=3 (byte 0: TSV, --map; byte 1:
 * GAD-7): its columns are wrong, and the table saying so went through
 * diag_lines, which stepped past the end of its last line (NULL + 1). */
static const unsigned char survey_map_table[] =
    "!\001id\t1\t2\t3\t4\t5\t6\t7\nG1\t3\t0\t0\t0\t0\t0\t0\n"
    "G2\t\345\245\275\345\207\240\345\244\251\t"
    "\345\207\240\344\271\216\346\257\217\345\244\251\t\t0\t1\t2\t3\n";

/* A duration of more seconds than a long holds overflowed as it was
 * multiplied (UBSan: signed integer overflow in parse_duration). */
static const char policy_long_within[] =
    "alerts:\n"
    " levels:\n"
    " - within: 4095576030431004h";

/* Two person records in one archive (fuzz_transfer's input, byte 0:
 * --unit 一中): the first one's unit, number and name leaked when the
 * second took their place (LeakSanitizer). */
static const char transfer_two_persons[] =
    "\001{\"type\":\"ph-archive\",\"version\":\"1\"}\n"
    "{\"type\":\"person\",\"person_no\":\"S1\",\"kind\":\"student\","
    "\"name\":\"\345\274\200\",\"sex\":\"\344\270\255\"}\n"
    "{\"type\":\"person\",\"person_no\":\"S\",\"kind\":\"student\","
    "\"name\":\"\345\274\200\",\"sex\":\"c\"}";
/* A bad person, then a good one: the second is refused as well. */
static const char transfer_bad_then_good[] =
    "{\"type\":\"ph-archive\",\"version\":\"1\"}\n"
    "{\"type\":\"person\",\"person_no\":\"S1\",\"kind\":\"student\","
    "\"name\":\"\347\224\262\",\"sex\":\"?\"}\n"
    "{\"type\":\"person\",\"person_no\":\"S2\",\"kind\":\"student\","
    "\"name\":\"\344\271\231\",\"sex\":\"F\"}\n";

static void
test_policy(struct tap *t)
{
	char *err = NULL;
	long seconds = 0;

	ok(t, parse_duration("4095576030431004h", &seconds) == -1,
	    "a duration past a long's seconds is refused");
	ok(t, parse_duration("2562047788015215h", &seconds) == -1,
	    "hours that fit a long but not a date are refused");
	ok(t, parse_duration("3650d", &seconds) == 0 &&
	    seconds == 3650L * 86400, "ten years is a duration");
	ok(t, parse_duration("87600h", &seconds) == 0 &&
	    seconds == 87600L * 3600, "so are ten years of hours");
	ok(t, parse_duration("3651d", &seconds) == -1 &&
	    parse_duration("522w", &seconds) == -1,
	    "a day or a week past ten years is refused");
	ok(t, policy_load_text("p.yaml", policy_long_within,
	    sizeof(policy_long_within) - 1, &err) == NULL,
	    "policy: such a within is a mistake of the file");
	free(err);
	ok(t, fuzz_policy((const uint8_t *)policy_long_within,
	    sizeof(policy_long_within) - 1) == 0, "policy: as fuzz_policy ran it");
}

/* People on the roster who came by transfer. */
static long long
query_count(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM person WHERE "
	    "person_no IN ('S1', 'S2')", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_transfer(struct tap *t)
{
	struct fuzz_db f;

	ok(t, fuzz_transfer((const uint8_t *)transfer_two_persons,
	    sizeof(transfer_two_persons) - 1) == 0,
	    "transfer: as fuzz_transfer ran it");
	if (!ok(t, fuzz_db_open(&f) == 0, "transfer: a school to take in"))
		return;
	ok(t, fuzz_db_input(&f, (const unsigned char *)transfer_bad_then_good,
	    sizeof(transfer_bad_then_good) - 1) == 0, "transfer: the archive");
	is_int(t, intake_transfer_in(f.db, &f.cli, f.input, "一中"),
	    EX_DATAERR, "transfer: a bad person and another: refused");
	is_int(t, query_count(f.db), 0, "transfer: nobody came in");
	fuzz_db_close(&f);
}

int
main(void)
{
	struct tap t = TAP_INIT;

	ok(&t, fuzz_survey(survey_map_table, sizeof(survey_map_table) - 1) ==
	    0, "survey: a column table of several lines is printed whole");
	test_policy(&t);
	test_transfer(&t);
	return tap_done(&t);
}
