/*
 * score.h -- the decision engine applied to an appraisal (decide.h,
 * smaa.h, stability.h; docs/decision.md): each criterion's value function
 * and weight, the overall score of every option on every draw (so its
 * spread, ranks, P(best) and pairwise wins come from the joint draws),
 * SMAA-2, weight stability, the tornado and what would change the answer.
 * Everything is deterministic from the scenario seed at any thread count.
 */
#ifndef CS_SCORE_H
#define CS_SCORE_H

#include "appraisal/appraise.h"

/* Fills a->scores, a->option_scores, each scored run's vf, weight and
 * bounds, and a->decision (all but the tornado and the changes). Criteria
 * that failed (with --keep-going) are left out and the weights
 * renormalised. Returns 0, or -1 with an error in diag: a value function
 * that runs against its metric's direction, no weight left, bounds that
 * cannot hold once failed criteria are left out. */
int cs_score_options(cs_appraisal *a, cs_diag *diag);

/* Sets run->vf from the criterion's value function (or its plugin's
 * default scale) and checks it runs the way the headline metric
 * (run->metrics[0]) does. Returns 0, or -1 with a file:line:col error. */
int cs_crit_value_fn(cs_crit_run *run, cs_diag *diag);

/* The same check for every criterion of m before anything is drawn, on
 * each plugin's declared metrics (plugins[i] opened for m->criteria[i]);
 * a plugin that declares its metrics only in init() is checked when the
 * appraisal runs. `validate` and `appraise` call it, so both refuse a
 * reversed value function alike. A criterion with neither levels in the
 * scenario nor a default scale in its plugin is refused here only with
 * need_levels (validate); appraise leaves it to scoring, so that a
 * criterion that fails while running (--keep-going) is reported as the
 * plugin's failure first. Returns 0, or -1 with errors in diag. */
int cs_check_value_fns(const cs_model *m, cs_plugin *const *plugins,
                       int need_levels, cs_diag *diag);

/* After cs_score_options: the tornado (re-running only the criteria that
 * declare each uncertain parameter, pinned at p10 and p90, the others at
 * their centre) and the "what would change the answer" list, into
 * a->decision. The parameters' draws are restored afterwards. A criterion
 * failing at a pinned value is a warning (its row is left out). Returns 0,
 * or -1 when out of memory. */
int cs_sensitivity_run(cs_appraisal *a, cs_diag *diag);

/* The value (0..1) of a headline value x for a scored criterion, under
 * run->vf. */
double cs_value_of(const cs_crit_run *run, double x);

/* cs_appraise (the appraisal stage, which runs the criteria and knows
 * nothing of scoring), then cs_score_options and cs_sensitivity_run on
 * its results. Returns the scored appraisal, or NULL with the reason in
 * diag (and *plugin_failed set as cs_appraise sets it). The decision
 * stage calls down into the appraisal, never the other way round. */
cs_appraisal *cs_appraise_decided(const cs_model *model,
                                  cs_plugin *const *plugins,
                                  const cs_appraise_opts *opts, cs_diag *diag,
                                  int *plugin_failed);

/* The value of information (mcda/voi.h; docs/decision.md): EVPI from the
 * joint draws, and EVPPI of each uncertain parameter and of each
 * criterion's uncertain parameters together (a group), by regression. */
typedef struct cs_voi_row {
    char name[160];        /* the parameter (criterion.parameter when two
                              criteria give one name different
                              distributions), or the group's criterion */
    int group;             /* 1: a criterion's uncertain parameters;
                              2: a declared group (name: "a,b") */
    size_t n_params;
    int ok;                /* 0: too few draws for the fit; est is NaN */
    cs_voi_est est;
} cs_voi_row;

typedef struct cs_voi_table {
    size_t baseline;       /* the option best on average */
    int evpi_ok;
    cs_voi_est evpi;
    cs_voi_row *rows;      /* most valuable first; then by name */
    size_t n_rows;
} cs_voi_table;

/* After cs_score_options. Returns 0, or -1 (out of memory, no scores). */
int cs_voi_compute(const cs_appraisal *a, cs_voi_table *t);
/* The same, plus the declared groups: each a comma-separated list of
 * uncertain parameters' names. Returns 0; -2 with the reason in err when a
 * name is not one; -1 out of memory. */
int cs_voi_compute_groups(const cs_appraisal *a, const char *const *groups,
                          size_t n_groups, cs_voi_table *t, char *err,
                          size_t len);
void cs_voi_table_free(cs_voi_table *t);

#endif /* CS_SCORE_H */
