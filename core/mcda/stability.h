/*
 * stability.h -- how much the answer rests on the weights and on the
 * uncertain parameters, and a plain-language list of what would change it.
 *
 * Weight stability. An option's expected overall score is linear in the
 * weights: S_o(w) = sum_c w_c V(o, c), V the mean partial values. Moving
 * criterion c's weight to t and scaling the others by (1 - t) / (1 - w_c)
 * keeps their ratios and makes every S_o a straight line in t, so the
 * interval of t over which the best option stays best is found exactly,
 * edge by edge, with no search: for each rival the difference of the two
 * lines crosses zero at most once.
 *
 * Tornado. Each uncertain parameter is pinned at its p10 and at its p90
 * (the others at their centre), the criteria that declare it are run
 * again, and the change in every option's expected score is recorded; the
 * rows are sorted by swing. The appraisal fills the rows; this module
 * orders them and reads them.
 */
#ifndef CS_STABILITY_H
#define CS_STABILITY_H

#include <stddef.h>
#include "decide.h"

/* ---- weight stability -------------------------------------------------- */

struct cs_stability {
    size_t crit;            /* the criterion */
    double weight;          /* its normalised weight now */
    double lo, hi;          /* the interval of its weight over which the best
                               option stays best, lo <= weight <= hi; both
                               NaN when the weight is 1 (no others to scale) */
    int rival_lo;           /* the option that ranks first just below lo, or
                               -1 when lo is 0 */
    int rival_hi;           /* ... just above hi, or -1 when hi is 1 */
};

/* The expected score of option o (mean partial values mean_v[o * n_crit +
 * c], weights w summing to 1) when criterion `crit`'s weight is set to t
 * in [0, 1] and the others scaled to keep their ratios. With w[crit] = 1
 * the others share 1 - t equally. */
double cs_stability_score_at(const double *mean_v, size_t n_crit,
                             const double *w, size_t o, size_t crit,
                             double t);

/* The option with the highest expected score under w (the first in order
 * on a tie), or -1 when n_opt is 0. */
int cs_stability_best(const double *mean_v, size_t n_opt, size_t n_crit,
                      const double *w);

/* Fills rows[0..n_crit-1] (the caller's array) with each criterion's
 * stability interval for option `best` (normally cs_stability_best()).
 * Returns 0, or -1 when best is not an option. */
int cs_stability_intervals(const double *mean_v, size_t n_opt, size_t n_crit,
                           const double *w, int best, cs_stability *rows);

/* ---- tornado ----------------------------------------------------------- */

typedef struct cs_tornado_row {
    char *param;            /* parameter name, owned */
    char *unit;             /* owned; may be "" */
    double centre, p10, p90;   /* the parameter's values */
    double *at_p10, *at_p90;   /* [o]: expected scores with it pinned */
    int best_p10, best_p90; /* the option ranking first there */
    double swing;           /* max over options of |at_p90 - at_p10| */
} cs_tornado_row;

struct cs_tornado {
    size_t n_rows, n_opt;
    cs_tornado_row *rows;   /* owned; arrays point into `block` */
    double *base;           /* [o]: expected scores, everything at centre */
    int best_base;
    double *block;          /* owned storage */
};

/* Allocates a tornado of n_rows rows for n_opt options, numbers zeroed
 * and names NULL; set each row's param and unit with strdup. Free it with
 * cs_tornado_free(). NULL when out of memory. */
cs_tornado *cs_tornado_alloc(size_t n_rows, size_t n_opt);

/* Frees it and the names in it; NULL does nothing. */
void cs_tornado_free(cs_tornado *t);

/* From the scores set by the caller: the best option at the base and at
 * each end, each row's swing; then sorts the rows by swing, largest first
 * (ties by parameter name, so the order is deterministic). */
void cs_tornado_finish(cs_tornado *t);

/* ---- what would change the answer -------------------------------------- */

typedef enum cs_change_kind {
    CS_CHANGE_WEIGHT = 0,   /* a weight crossing a stability edge */
    CS_CHANGE_PARAM         /* a parameter at its p10 or p90 */
} cs_change_kind;

typedef struct cs_change {
    cs_change_kind kind;
    size_t index;           /* criterion, or tornado row */
    int option;             /* the option that would rank first */
    int upward;             /* WEIGHT: the weight rising above hi;
                               PARAM: the parameter at its p90 */
    double at;              /* the edge weight, or the parameter's value */
    char *text;             /* the sentence, owned */
} cs_change;

struct cs_changes {
    cs_change *items;       /* owned */
    size_t n;
    char *summary;          /* one sentence for when the list is empty, or
                               a lead-in when it is not; owned */
};

/* Builds the list: every stability edge with a rival (closest edges
 * first), then every tornado end at which another option ranks first (by
 * swing). Names are the caller's (options and criteria in scenario order);
 * t may be NULL. Returns 0, or -1 when out of memory (out then holds
 * nothing to free). Clear it with cs_changes_clear(). */
int cs_changes_build(cs_changes *out, const cs_stability *st, size_t n_crit,
                     const char *const *crit_names, const cs_tornado *t,
                     const char *const *opt_names, int best);

/* Frees the list's contents; the struct may be on the stack. */
void cs_changes_clear(cs_changes *c);

#endif /* CS_STABILITY_H */
