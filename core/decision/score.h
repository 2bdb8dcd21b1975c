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

/* The linear value of x between worst (0) and best (1), clamped. */
double cs_value_linear(double x, double worst, double best);

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

#endif /* CS_SCORE_H */
