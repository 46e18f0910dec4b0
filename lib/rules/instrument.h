/*
 * Instruments (量表): questionnaires described in YAML (ph-instrument(5)),
 * validated fully before use.  The model knows nothing of databases or
 * answers files; lib/score.c scores a response against it.
 */
#ifndef PH_INSTRUMENT_H
#define PH_INSTRUMENT_H
#include <stddef.h>

#include "norms.h"

struct answer_option {
	double value;
	char *zh, *en;
	char **also;		/* accepted synonyms */
	size_t nalso;
};

struct option_set {
	char *id;
	struct answer_option *options;
	size_t n;
	unsigned digits;	/* bit d set: an option's value is d (0-9) */
};

struct item {
	char *id;
	char *zh, *en;
	char **also;		/* other texts of the question, NULL-ended */
	size_t number;		/* 1-based position in the file */
	const struct option_set *options;
	double lo, hi;		/* its lowest and highest option value */
	int reverse;		/* scored as min + max - value */
	int attention;		/* an attention check: in no scale */
	double expect;		/* its answer, the value of an option */
};

enum scale_method { SCALE_SUM, SCALE_MEAN, SCALE_COUNT };

/*
 * A band holds the scores above the band before it up to max.  On a
 * scale of whole scores max is the highest whole score in it, so the
 * band holds every score below max + 1 (a prorated 21.11 lies in the
 * band whose max is 21): bands are half-open intervals, with no gap
 * between them for a fraction to fall in.
 */
struct band {
	double max;		/* the last band has none */
	int open;		/* the last band: everything above */
	char *label, *zh;
};

/* How a prorated total is rounded before it is banded. */
enum scale_round { ROUND_HALF_UP, ROUND_DOWN, ROUND_NONE };

struct scale {
	char *id, *zh, *en;
	size_t *items;		/* indexes into instrument.items */
	size_t nitems;
	enum scale_method method;
	double threshold;	/* SCALE_COUNT: items at or above */
	double multiply, add;	/* linear transform of the raw score */
	size_t max_missing;	/* more missing: no score */
	int prorate;		/* missing items count as the mean of the rest */
	int round;		/* enum scale_round, of a prorated total */
	int whole;		/* scores of whole numbers (bands above) */
	int band_normed;	/* bands on the normed score (bands_on) */
	double lo, hi;		/* the lowest and highest score possible */
	struct band *bands;
	size_t nbands;
};

/* The band of a score (after rounding), or NULL. */
const struct band *scale_band(const struct scale *sc, double value);

/* Adds to *lo and *hi the least and most that item it can add to the
 * scale's raw score (a count scale counts it when it reaches the
 * threshold; a reversed item takes the same range). */
void scale_item_range(const struct scale *sc, const struct item *it,
    double *lo, double *hi);

/* An answer is critical when it lies in min..max (either NAN: no limit
 * that side; equal: both the same). */
struct critical {
	size_t item;
	double min, max;
	char *zh, *en;
};

/* Whether answer a (as given, before any reversal) sets off c. */
int critical_holds(const struct critical *c, double a);

/* A response is invalid when a scale (a lie scale) reaches min. */
struct invalid_rule {
	size_t scale;
	double min;
};

/* Two items that should agree (their scored values, reversed items
 * turned around) within a tolerance. */
struct consistency_pair {
	size_t a, b;
	double within;
};

struct instrument {
	char *path, *sha256;
	char *id, *version, *name_zh, *name_en, *licence;
	struct option_set *sets;
	size_t nsets;
	struct item *items;
	size_t nitems;
	struct scale *scales;
	size_t nscales;
	struct critical *critical;
	size_t ncritical;
	struct invalid_rule *invalid;
	size_t ninvalid;
	struct consistency_pair *pairs;
	size_t npairs;
	struct norms *norms;	/* NULL: none */
	/* who it is for: ages (whole years) or grades, both ends in */
	enum { FOR_ANYONE, FOR_AGES, FOR_GRADES } for_by;
	int for_lo, for_hi;
};

/* Loads and validates; NULL with *err ("path:line:col: what") on error. */
struct instrument *instrument_load(const char *path, char **err);
void instrument_free(struct instrument *in);
/* The index of the scale called id in in->scales, or -1. */
long instrument_scale_index(const struct instrument *in, const char *id);

/*
 * Finds an instrument by id or file name: a path that exists, else
 * ID.yaml in each directory of $PH_PATH (colon-separated), then
 * $PH_SHARE/instruments, then the installed share/ph/instruments.
 * The path (malloc'd), or NULL.
 */
char *instrument_find(const char *name);
/* The directories searched, in order, as a malloc'd NULL-terminated
 * array of malloc'd strings. */
char **instrument_dirs(void);
void instrument_dirs_free(char **dirs);

#endif
