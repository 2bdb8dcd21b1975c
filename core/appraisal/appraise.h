/*
 * appraise.h -- running every criterion on every option of a scenario.
 *
 * Each distinct consortium (by membership key) is evaluated once per
 * criterion, on as many threads as asked; each call's random streams are
 * seeded from the scenario seed, the plugin and a key the plugin chooses,
 * so results are byte-identical at any thread count, and options that share
 * a consortium or a provider see the same draws (common random numbers).
 */
#ifndef CS_APPRAISE_H
#define CS_APPRAISE_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "model/model.h"
#include "host/host.h"
#include "mcda/mcda.h"

/* Summary of a sampled quantity. */
typedef struct cs_summary {
    double mean, sd, p05, p50, p95;
} cs_summary;


/* One criterion's run. */
typedef struct cs_crit_run {
    const cs_criterion_spec *spec;
    cs_plugin *plugin;           /* owned by the caller */
    cs_param_set params;
    cs_ctx *ctx;
    void *state;
    const cs_metric_decl *metrics;  /* from init's setup */
    size_t n_metrics;
    int failed;                  /* non-zero: see error; not scored */
    char error[2048];
    cs_values *unique;           /* per distinct consortium */
    cs_values *options;          /* per option */
    double weight;               /* normalised over scored criteria */
    double worst, best;          /* value function bounds used (for a
                                    piecewise or step function: the levels
                                    at its worst and best ends) */
    int local_bounds;            /* always 0: bounds are never taken from
                                    the options' range (kept for layout) */
    const char *scale_source;    /* the plugin's default scale's source when
                                    its levels are used, else NULL */
    cs_value_fn vf;              /* the value function in use (decide.h) */
} cs_crit_run;

typedef struct cs_option_score {
    cs_summary score;            /* overall score 0..100 */
    int rank;                    /* 1 = best */
    double p_best;               /* share of draws where it scores highest */
} cs_option_score;

typedef struct cs_appraisal {
    const cs_model *model;
    size_t n_draws;
    uint64_t seed;
    cs_scenario_view view;              /* the model's, with these draws */
    size_t n_unique;
    const cs_consortium_view **unique;  /* distinct consortia */
    size_t **unique_of;                 /* [option][consortium] -> unique */
    cs_crit_run *crits;
    size_t n_crits;
    double *scores;                     /* [option * n_draws + draw] */
    cs_option_score *option_scores;     /* per option */
    unsigned threads;                   /* threads the criteria ran on */
    cs_decision *decision;              /* the decision engine's results:
                                           ranks, pairwise, SMAA, stability,
                                           tornado (decide.h) */
} cs_appraisal;

typedef struct cs_appraise_opts {
    unsigned threads;       /* 0: the model's, else one per core */
    size_t draws;           /* 0: the model's */
    uint64_t seed;
    int has_seed;           /* use `seed` rather than the model's */
    int keep_going;         /* a failed criterion is marked, not fatal */
    int quiet;              /* no plugin log below error, no progress */
    FILE *progress;         /* the command's terminal for the progress
                               line (core/base/progress.h), or NULL */
} cs_appraise_opts;

/* Loads nothing: `plugins[i]` is the opened plugin of model->criteria[i].
 * Binds parameters and runs every criterion; scoring them is the decision
 * stage's (cs_appraise_decided, decision/score.h). Returns an
 * appraisal the caller frees with cs_appraisal_free(), or NULL with errors
 * in diag: parameter errors (file:line:col) or
 * "criterion 'X' failed for option 'Y': reason" (sets *plugin_failed). */
cs_appraisal *cs_appraise(const cs_model *model, cs_plugin *const *plugins,
                          const cs_appraise_opts *opts, cs_diag *diag,
                          int *plugin_failed);

void cs_appraisal_free(cs_appraisal *a);

/* Moves what the plugins logged since the last call (reruns for
 * sensitivity, say) into diag, criterion by criterion: library code does
 * not print; the command prints diag. cs_appraise already moved what they
 * logged while it ran. */
void cs_appraisal_take_log(cs_appraisal *a, cs_diag *diag);

/* Runs criterion `run` again, with its parameters as they now stand (one
 * pinned by cs_params_pin, say), on the same draws, and puts each option's
 * mean partial value under run->vf into mean_value[o]. The run's own
 * results are left as they were. Returns 0, or -1 with the reason in err
 * (the plugin failed). For sensitivity analysis. */
int cs_crit_rerun_means(cs_appraisal *a, cs_crit_run *run,
                        double *mean_value, char *err, size_t len);

/* Summarises n values (copied and sorted internally); NaNs are not
 * expected. */
cs_summary cs_summarise(const double *x, size_t n);

/* Index of metric `name` in a criterion run, or -1. */
int cs_crit_metric(const cs_crit_run *c, const char *name);

/* Number of values a metric holds (n_draws when sampled, else 1). */
size_t cs_metric_len(const cs_metric_decl *m, size_t n_draws);

#endif /* CS_APPRAISE_H */
