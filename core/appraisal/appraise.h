/*
 * appraise.h -- running every criterion on every option of a scenario.
 *
 * Each distinct consortium (by membership key) is evaluated once per
 * criterion, in as many worker processes as --threads asks (exec.h,
 * pool.h: a plugin that crashes or hangs loses its worker, not the
 * program); each call's random streams are
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
    char error[2048];            /* what went wrong, without a fix */
    const char *fix;             /* how to fix it (static text) */
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
    cs_metric_decl *own_metrics; /* `metrics`: init's declarations, copied
                                    back from the worker that ran it */
    double *arena;               /* memory shared with the workers that
                                    holds `unique` and `options` values */
    size_t arena_len;
    struct cs_crit_spare {       /* the same for reruns, kept from one
                                    rerun to the next */
        cs_values *unique, *options;
        double *arena;
        size_t arena_len;
    } spare;
    /* Each distinct consortium's metrics as the reports need them,
     * written by the worker that ran consortium(): a sampled metric's
     * summary (mean, sd, p05, p50, p95: five doubles), another's value
     * (one). Consortium u's metric m starts at
     * unique_sum[u * sum_per + sum_at[m]]. Shared memory like `arena`.
     * The per-draw values of `unique` are released once every option of
     * the criterion is computed (its option() is their last reader), so
     * read them only through cs_unique_summary() afterwards. */
    double *unique_sum;
    size_t *sum_at;
    size_t sum_per, sum_len;
    /* CPU seconds spent in the plugin's consortium() [0] and option() [1]
     * calls, reruns included, summed over the workers, and how many calls:
     * for `appraise --timings` only, never in a report (they differ from
     * run to run). */
    double call_cpu[2];
    size_t n_calls[2];
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
    unsigned threads;                   /* worker processes the criteria
                                           ran on (--threads) */
    cs_decision *decision;              /* the decision engine's results:
                                           ranks, pairwise, SMAA, stability,
                                           tornado (decide.h) */
    double plugin_timeout;              /* seconds, per plugin call */
    size_t plugin_memory;               /* MB, per worker process */
    const struct cs_cons_shard *shard;  /* during the main run only: the
                                           opts' (NULL: every call) */
    int keep_unique;                    /* cs_appraise_opts.keep_unique_draws */
} cs_appraisal;

/* The longest one call into a plugin (init, consortium, option, fini) may
 * run before its worker is stopped and the criterion reported failed.
 * ASSUMPTION: 600 s. The slowest call of the seed scenarios (the risk
 * criterion on the largest consortium of the national scenario at 40,000
 * draws) takes well under a second; a user's criterion may be a thousand
 * times slower and still finish, while a plugin that hangs is stopped
 * within ten minutes rather than never. */
#define CS_PLUGIN_TIMEOUT_DEFAULT 600.0

/* The memory a worker process may take beyond its size when it started,
 * in MB (the plugins' states and one call's working memory).
 * ASSUMPTION: 4096 MB. The whole program's peak on the national scenario
 * at 40,000 draws is 782 MB (issue 13's measurement), so a worker of a
 * seed scenario's criteria stays far below it; 4 GB is half the memory of
 * an 8 GB laptop, so a runaway plugin is stopped before the machine
 * swaps. */
#define CS_PLUGIN_MEMORY_DEFAULT 4096

/* One appraisal split into shards (`appraise --task I/N`,
 * docs/scale-out.md): the main run's consortium() calls are the work
 * items. `want` (called in the workers) says whether distinct consortium
 * u of criterion crit (an index into a->crits) is this run's to compute;
 * NULL: none is, and `fill` (called in the parent once a criterion's
 * values are mapped, before any worker runs) puts in the values the
 * shards computed, returning -1 when they do not fit. `no_options`: no
 * option() jobs (a shard, whose values of the other consortia are not
 * there). The reruns of the sensitivity analysis are never split. */
typedef struct cs_cons_shard {
    int (*want)(void *ctx, const cs_appraisal *a, size_t crit, size_t u);
    int (*fill)(void *ctx, const cs_appraisal *a, size_t crit,
                cs_crit_run *run);
    int no_options;
    void *ctx;
} cs_cons_shard;

typedef struct cs_appraise_opts {
    unsigned threads;       /* 0: the model's, else one per core */
    size_t draws;           /* 0: the model's */
    uint64_t seed;
    int has_seed;           /* use `seed` rather than the model's */
    int keep_going;         /* a failed criterion is marked, not fatal */
    int quiet;              /* no plugin log below error, no progress */
    FILE *progress;         /* the command's terminal for the progress
                               line (core/base/progress.h), or NULL */
    double plugin_timeout;  /* seconds per plugin call; 0: the default,
                               CS_PLUGIN_TIMEOUT_DEFAULT */
    size_t plugin_memory;   /* MB per worker process; 0: the default,
                               CS_PLUGIN_MEMORY_DEFAULT */
    const cs_cons_shard *shard;  /* NULL: the whole appraisal */
    int keep_unique_draws;  /* keep each distinct consortium's per-draw
                               values after the options are computed
                               (cs_crit_run.unique); by default they are
                               released and only their summaries kept */
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

/* What `validate` runs before any draw: binds every criterion's
 * parameters and runs its plugin's init() (and fini()) in a worker
 * process, as cs_appraise would. Returns 0; -1 on a parameter error;
 * -2 when a plugin failed to start (every such failure is an error in
 * diag, with what the plugins logged). */
int cs_appraise_check(const cs_model *model, cs_plugin *const *plugins,
                      const cs_appraise_opts *opts, cs_diag *diag);

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

/* out[j] = cs_summarise(x[j], n) for j < k, the same values, with the
 * means and SDs of four arrays computed side by side (base/moments.h). */
void cs_summarise_each(const double *const *x, size_t k, size_t n,
                       cs_summary *out);

/* Metric m of distinct consortium u of a criterion that ran: its
 * summary when sampled, else its value in .mean (the rest NaN). */
cs_summary cs_unique_summary(const cs_crit_run *run, size_t u, size_t m);

/* Index of metric `name` in a criterion run, or -1. */
int cs_crit_metric(const cs_crit_run *c, const char *name);

/* Number of values a metric holds (n_draws when sampled, else 1). */
size_t cs_metric_len(const cs_metric_decl *m, size_t n_draws);

#endif /* CS_APPRAISE_H */
