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

#include "tap.h"

/* A GAD-7 export in TSV with --map 1=3 (byte 0: TSV, --map; byte 1:
 * GAD-7): its columns are wrong, and the table saying so went through
 * diag_lines, which stepped past the end of its last line (NULL + 1). */
static const unsigned char survey_map_table[] =
    "!\001id\t1\t2\t3\t4\t5\t6\t7\nG1\t3\t0\t0\t0\t0\t0\t0\n"
    "G2\t\345\245\275\345\207\240\345\244\251\t"
    "\345\207\240\344\271\216\346\257\217\345\244\251\t\t0\t1\t2\t3\n";

int
main(void)
{
	struct tap t = TAP_INIT;

	ok(&t, fuzz_survey(survey_map_table, sizeof(survey_map_table) - 1) ==
	    0, "survey: a column table of several lines is printed whole");
	return tap_done(&t);
}
