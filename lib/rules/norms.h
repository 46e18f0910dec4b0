/*
 * Norms (常模): tables by sex and age or grade that turn a scale's raw
 * score into a T-score, a percentile or a standard ten (标准十分), from
 * a group's mean and standard deviation or from an explicit table.  The
 * lookup is pure; norms_load reads the 'norms' key of an instrument
 * (ph-instrument(5)).
 */
#ifndef PH_NORMS_H
#define PH_NORMS_H
#include <stddef.h>

#include "confcheck.h"

enum norm_kind { NORM_T, NORM_PERCENTILE, NORM_STEN };

/* A row of an explicit table: raw scores up to max (the row before's
 * max excluded) give score; the last row may be open (everything
 * above). */
struct norm_row {
	double max;
	int open;
	double score;
};

/* One scale's norm in one group: mean and sd, or a table. */
struct norm_scale {
	size_t scale;		/* index into the instrument's scales */
	double mean, sd;
	struct norm_row *rows;	/* NULL: mean and sd */
	size_t nrows;
};

struct norm_group {
	char *id;
	char sex;		/* 'M', 'F', or 0 for both */
	int lo, hi;		/* ages in whole years, or grades, both ends in */
	struct norm_scale *scales;
	size_t nscales;
};

struct norms {
	char *source;		/* where the norms are published */
	enum norm_kind kind;
	int by_grade;		/* groups by grade, else by age */
	struct norm_group *groups;
	size_t ngroups;
};

/* Who is scored: what a norm group is chosen by. */
struct norm_person {
	char sex;		/* 'M', 'F', or 0 when not known */
	int age;		/* whole years, or -1 */
	int grade;		/* grade level as the roster has it, or -1 */
};

/* What a kind is called in records and files: "t", "percentile",
 * "sten". */
const char *norms_kind_name(enum norm_kind kind);
/* The lowest and highest normed scores bands are checked against. */
void norms_kind_range(enum norm_kind kind, double *lo, double *hi);

/* The first group that holds p, or NULL: then the person is scored
 * raw, and why is said by norms_why. */
const struct norm_group *norms_group(const struct norms *n,
    const struct norm_person *p);
/* Why p is in no group, e.g. "no norm group for F aged 19" (malloc'd). */
char *norms_why(const struct norms *n, const struct norm_person *p);
/* The normed score of raw on scale in group g: 1, or 0 when g has no
 * norm for the scale. */
int norms_value(const struct norms *n, const struct norm_group *g,
    size_t scale, double raw, double *out);
/* The score from a z: T = 50 + 10z rounded half up; sten = 2z + 5.5
 * rounded half up, within 1..10; percentile = the normal distribution's
 * 100 Phi(z) rounded, within 1..99. */
double norms_from_z(enum norm_kind kind, double z);

/* Whole years between birth and on (both YYYY-MM-DD): the age on that
 * day, a birthday counting from its own day.  -1 when either is not a
 * date or on is before birth. */
int norms_age(const char *birth, const char *on);

/* Reads the 'norms' mapping (node) against the instrument's scales:
 * a struct norms (malloc'd), or NULL after errors in k. */
struct scale;
struct norms *norms_load(struct conf_check *k, const struct conf_node *node,
    const struct scale *scales, size_t nscales);
void norms_free(struct norms *n);

/* Reads 'ages: [LO, HI]' or 'grades: [LO, HI]' from map (key): 1 when
 * given and good, 0 when absent, -1 after an error in k. */
int norms_range(struct conf_check *k, const struct conf_node *map,
    const char *key, int *lo, int *hi);

#endif
