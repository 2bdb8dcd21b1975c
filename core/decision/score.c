/* score.c -- the decision engine applied to an appraisal: value functions,
 * weights, the overall score on every draw, rank probabilities, SMAA-2 and
 * weight stability (docs/decision.md). The tornado and the "what would
 * change the answer" list are in sensitivity.c. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "mcda/mcda.h"

#define DEFAULT_SMAA_ITERATIONS 10000
/* The overall score and the contributions are on a 0-100 scale. */
#define SCORE_SCALE 100.0

double cs_value_of(const cs_crit_run *run, double x)
{
    return cs_value_fn_eval(&run->vf, x);
}

/* ---- value functions -------------------------------------------------- */

/* Linear, between the scenario's levels or else the default scale the
 * plugin declares for its headline (ABI 1.1): levels fixed in advance, so
 * one option's value never depends on the others. A plugin without one
 * cannot be scored until the scenario states the levels. */
static int linear_bounds(cs_crit_run *run, cs_diag *diag)
{
    const cs_value_scale *sc = run->plugin && run->plugin->desc
                                   ? cs_descriptor_scale(run->plugin->desc)
                                   : NULL;

    run->local_bounds = 0;
    run->scale_source = NULL;
    if (run->spec->has_bounds) {
        run->worst = run->spec->worst;
        run->best = run->spec->best;
        return 0;
    }
    if (!sc)
        return cs_diag_error(diag, run->spec->pos, "criterion '%s' has no "
                             "value_function and its plugin declares no "
                             "default scale for its headline '%s'; state "
                             "the levels, e.g. value_function: {worst: W, "
                             "best: B}, in the scenario", run->spec->label,
                             run->metrics[0].name);
    run->worst = sc->worst;
    run->best = sc->best;
    run->scale_source = sc->source;
    return 0;
}

/* Sets run->vf and checks it runs the way the headline metric does. */
int cs_crit_value_fn(cs_crit_run *run, cs_diag *diag)
{
    const cs_criterion_spec *sp = run->spec;
    const cs_metric_decl *h = &run->metrics[0];
    cs_pos at = sp->vf_pos.file ? sp->vf_pos : sp->pos;
    char err[512];

    if (sp->vf_kind == CS_VF_LINEAR) {
        if (linear_bounds(run, diag) < 0)
            return -1;
        run->vf = (cs_value_fn){CS_VF_LINEAR, run->worst, run->best, NULL,
                                NULL, 0};
    } else {
        int up = h->direction == CS_HIGHER_IS_BETTER;
        run->vf = (cs_value_fn){sp->vf_kind, NAN, NAN, sp->vf_x, sp->vf_v,
                                sp->vf_n};
        run->local_bounds = 0;
        run->scale_source = NULL;
        run->worst = sp->vf_n ? sp->vf_x[up ? 0 : sp->vf_n - 1] : NAN;
        run->best = sp->vf_n ? sp->vf_x[up ? sp->vf_n - 1 : 0] : NAN;
    }
    if (cs_value_fn_check(&run->vf, h->direction, err, sizeof err) < 0)
        return cs_diag_error(diag, at, "the value function of criterion "
                             "'%s' does not fit its headline '%s' (%s): %s",
                             sp->label, h->name, h->direction ==
                             CS_HIGHER_IS_BETTER ? "higher is better"
                             : "lower is better", err);
    return 0;
}

int cs_check_value_fns(const cs_model *m, cs_plugin *const *plugins,
                       int need_levels, cs_diag *diag)
{
    int rc = 0;

    for (size_t i = 0; i < m->n_criteria; i++) {
        const cs_plugin_descriptor *d = plugins[i] ? plugins[i]->desc : NULL;
        cs_crit_run run;

        if (!d || !d->n_metrics || !d->metrics)
            continue;       /* its metrics come from init(): checked then */
        if (!need_levels && m->criteria[i].vf_kind == CS_VF_LINEAR &&
            !m->criteria[i].has_bounds && !cs_descriptor_scale(d))
            continue;       /* no levels at all: refused when scored */
        memset(&run, 0, sizeof run);
        run.spec = &m->criteria[i];
        run.plugin = plugins[i];
        run.metrics = d->metrics;
        run.n_metrics = d->n_metrics;
        rc |= cs_crit_value_fn(&run, diag);
    }
    return rc ? -1 : 0;
}

/* ---- weights ---------------------------------------------------------- */

/* The admissible weights SMAA samples, over the scored criteria. */
static int set_space(cs_appraisal *a, cs_decision *d, cs_diag *diag)
{
    const cs_weights_spec *ws = &a->model->weights;
    char err[512];

    if (!(d->space = cs_weight_space_alloc(d->n_crit)))
        return cs_diag_error(diag, ws->pos, "out of memory; free some memory");
    d->smaa_preferences = ws->method == CS_WEIGHTS_ORDINAL ||
                          ws->method == CS_WEIGHTS_INTERVALS;
    for (size_t j = 0; j < d->n_crit; j++) {
        size_t i = d->crit[j];
        if (ws->method == CS_WEIGHTS_ORDINAL && ws->level)
            d->space->level[j] = ws->level[i];
        if (ws->method == CS_WEIGHTS_INTERVALS && ws->lo && ws->hi) {
            d->space->lo[j] = ws->lo[i];
            d->space->hi[j] = ws->hi[i];
        }
    }
    if (cs_weight_space_check(d->space, err, sizeof err) < 0)
        return cs_diag_error(diag, ws->pos.line ? ws->pos
                             : a->model->criteria_pos, "the weight bounds of "
                             "the criteria that ran cannot all hold: %s", err);
    return 0;
}

/* Samples SMAA's weights into *w (n_iter rows), seeded from the scenario
 * seed alone. */
static int sample_weights(cs_appraisal *a, cs_decision *d, size_t n_iter,
                          double **w, cs_diag *diag)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    char err[512];
    int rc = 0;

    *w = malloc(n_iter * d->n_crit * sizeof **w);
    if (!r || !*w) {
        gsl_rng_free(r);
        return cs_diag_error(diag, a->model->weights.pos, "out of memory; free some memory");
    }
    d->smaa_seed = cs_seed_mix(a->seed, "smaa", "weights");
    gsl_rng_set(r, (unsigned long)d->smaa_seed);
    if (cs_smaa_sample_weights(d->space, r, n_iter, *w, &d->smaa_info, err,
                               sizeof err) < 0)
        rc = cs_diag_error(diag, a->model->weights.pos, "cannot sample the "
                           "weights: %s", err);
    gsl_rng_free(r);
    return rc;
}

/* The headline weights of the method (see cs_decision.weights). */
static int set_weights(cs_appraisal *a, cs_decision *d, const double *w_smaa,
                       size_t n_iter, cs_diag *diag)
{
    const cs_weights_spec *ws = &a->model->weights;
    size_t n = d->n_crit;
    double *raw;
    char err[512];
    int rc;

    switch (ws->method) {
    case CS_WEIGHTS_ORDINAL:
        if ((rc = cs_weights_ordinal_centroid(d->space->level, n,
                                              d->weights)) == -2)
            return cs_diag_error(diag, ws->pos, "out of memory; free some "
                                 "memory");
        if (rc < 0)
            return cs_diag_error(diag, ws->pos, "every criterion must have a "
                                 "place in the order; list each criterion "
                                 "once under 'order'");
        return 0;
    case CS_WEIGHTS_INTERVALS:
        for (size_t j = 0; j < n; j++) {
            d->weights[j] = 0.0;
            for (size_t i = 0; i < n_iter; i++)
                d->weights[j] += w_smaa[i * n + j] / (double)n_iter;
        }
        return 0;
    case CS_WEIGHTS_MISSING:
        for (size_t j = 0; j < n; j++)
            d->weights[j] = 1.0 / (double)n;
        return 0;
    case CS_WEIGHTS_SWING:
    case CS_WEIGHTS_DIRECT:
        break;
    }
    /* on the heap: the number of criteria has no stated bound */
    if (!(raw = malloc((n ? n : 1) * sizeof *raw)))
        return cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
    for (size_t j = 0; j < n; j++)
        raw[j] = ws->method == CS_WEIGHTS_SWING && ws->points
               ? ws->points[d->crit[j]] : a->crits[d->crit[j]].spec->weight;
    rc = cs_weights_normalise(raw, n, d->weights, err, sizeof err);
    free(raw);
    if (rc < 0)
        return cs_diag_error(diag, ws->pos.line ? ws->pos
                             : a->model->criteria_pos,
                             "no criterion with a positive weight is left to "
                             "score the options; give at least one criterion "
                             "a weight above 0");
    return 0;
}

/* ---- scores ------------------------------------------------------------ */

static void fill_perf(const cs_appraisal *a, cs_decision *d)
{
    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_crit_run *run = &a->crits[d->crit[j]];
        for (size_t o = 0; o < d->n_opt; o++) {
            const double *x = run->options[o].values[0];
            for (size_t k = 0; k < a->n_draws; k++)
                *cs_perf_at(d->perf, o, j, k) = cs_value_of(run, x[k]);
        }
    }
    cs_perf_means(d->perf, d->mean_value);
}

/* Each criterion's points in each option's mean score (decide.h). */
static void fill_contrib(cs_decision *d)
{
    cs_contributions(d->mean_value, d->weights, d->n_opt, d->n_crit,
                     SCORE_SCALE, d->contrib);
}

/* Scores, ranks and P(best) into the appraisal's own fields. */
static void rank_options(cs_appraisal *a, cs_decision *d)
{
    size_t n = a->n_draws;

    cs_decide_scores(d->perf, d->weights, SCORE_SCALE, a->scores);
    cs_rank_stats_compute(d->ranks, a->scores, n);
    for (size_t o = 0; o < d->n_opt; o++) {
        a->option_scores[o].score = cs_summarise(&a->scores[o * n], n);
        a->option_scores[o].rank = d->ranks->rank[o];
        a->option_scores[o].p_best = d->ranks->rank_p[o * d->n_opt];
        if (d->ranks->rank[o] == 1)
            d->best = (int)o;
    }
}

/* The scored criteria, a decision to hold the results, and the arrays. */
static cs_decision *start(cs_appraisal *a, cs_diag *diag)
{
    size_t n_opt = a->model->n_options, n_s = 0;
    cs_decision *d;

    for (size_t i = 0; i < a->n_crits; i++)
        n_s += !a->crits[i].failed;
    if (n_s == 0 || n_opt == 0) {
        cs_diag_error(diag, a->model->criteria_pos, "%s", n_opt
                      ? "no criterion with a positive weight is left to "
                      "score the options; fix the failed criteria or add one"
                      : "there are no options to score");
        return NULL;
    }
    a->scores = calloc(n_opt * a->n_draws + 1, sizeof *a->scores);
    a->option_scores = calloc(n_opt + 1, sizeof *a->option_scores);
    d = cs_decision_alloc(n_opt, n_s);
    if (d)
        d->perf = cs_perf_alloc(n_opt, n_s, a->n_draws);
    if (!a->scores || !a->option_scores || !d || !d->perf) {
        cs_decision_free(d);
        cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
        return NULL;
    }
    d->method = (int)a->model->weights.method;
    n_s = 0;
    for (size_t i = 0; i < a->n_crits; i++)
        if (!a->crits[i].failed)
            d->crit[n_s++] = i;
    return d;
}

int cs_score_options(cs_appraisal *a, cs_diag *diag)
{
    size_t n_iter = a->model->analysis.smaa_iterations
                  ? a->model->analysis.smaa_iterations
                  : DEFAULT_SMAA_ITERATIONS;
    double *w_smaa = NULL;
    char err[512];
    int rc = 0;
    cs_decision *d = start(a, diag);

    if (!(a->decision = d))
        return -1;
    for (size_t j = 0; j < d->n_crit; j++)
        rc |= cs_crit_value_fn(&a->crits[d->crit[j]], diag);
    if (rc || set_space(a, d, diag) < 0 ||
        sample_weights(a, d, n_iter, &w_smaa, diag) < 0 ||
        set_weights(a, d, w_smaa, n_iter, diag) < 0) {
        free(w_smaa);
        return -1;
    }
    for (size_t j = 0; j < d->n_crit; j++)
        a->crits[d->crit[j]].weight = d->weights[j];
    fill_perf(a, d);
    rank_options(a, d);
    fill_contrib(d);
    d->smaa = cs_smaa_run(d->perf, w_smaa, n_iter, err, sizeof err);
    free(w_smaa);
    if (!d->smaa)
        return cs_diag_error(diag, (cs_pos){0}, "SMAA: %s", err);
    if (cs_stability_intervals(d->mean_value, d->n_opt, d->n_crit,
                               d->weights, d->best, d->stability) < 0)
        return cs_diag_error(diag, (cs_pos){0}, "no option ranks first");
    return 0;
}
