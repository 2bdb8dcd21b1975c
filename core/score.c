/* score.c -- weighted sum of linear value scores, per draw. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double cs_value_linear(double x, double worst, double best)
{
    double v;

    if (best == worst)
        return 0.5;
    v = (x - worst) / (best - worst);
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

double cs_value_of(const cs_crit_run *run, double x)
{
    return cs_value_linear(x, run->worst, run->best);
}

/* Bounds of the value function: the scenario's, or else the range of the
 * options' mean headline values (said so in every report). */
static void set_bounds(cs_appraisal *a, cs_crit_run *run)
{
    const cs_metric_decl *h = &run->metrics[0];
    double lo = INFINITY, hi = -INFINITY;

    if (run->spec->has_bounds) {
        run->worst = run->spec->worst;
        run->best = run->spec->best;
        run->local_bounds = 0;
        return;
    }
    for (size_t o = 0; o < a->model->n_options; o++) {
        cs_summary s = cs_summarise(run->options[o].values[0], a->n_draws);
        lo = s.mean < lo ? s.mean : lo;
        hi = s.mean > hi ? s.mean : hi;
    }
    run->local_bounds = 1;
    run->worst = h->direction == CS_HIGHER_IS_BETTER ? lo : hi;
    run->best = h->direction == CS_HIGHER_IS_BETTER ? hi : lo;
}

/* P(best) with ties shared equally, and ranks by mean score. */
static void rank_options(cs_appraisal *a)
{
    size_t n_opt = a->model->n_options, n = a->n_draws;

    for (size_t k = 0; k < n; k++) {
        double top = -INFINITY;
        size_t n_top = 0;
        for (size_t o = 0; o < n_opt; o++)
            top = fmax(top, a->scores[o * n + k]);
        for (size_t o = 0; o < n_opt; o++)
            n_top += a->scores[o * n + k] == top;
        for (size_t o = 0; o < n_opt; o++)
            if (a->scores[o * n + k] == top)
                a->option_scores[o].p_best += 1.0 / (double)n_top / (double)n;
    }
    for (size_t o = 0; o < n_opt; o++) {
        int rank = 1;
        for (size_t p = 0; p < n_opt; p++) {
            double mo = a->option_scores[o].score.mean;
            double mp = a->option_scores[p].score.mean;
            rank += mp > mo || (mp == mo && p < o);
        }
        a->option_scores[o].rank = rank;
    }
}

int cs_score_options(cs_appraisal *a, cs_diag *diag)
{
    size_t n_opt = a->model->n_options, n = a->n_draws;
    double wsum = 0.0;

    for (size_t i = 0; i < a->n_crits; i++)
        if (!a->crits[i].failed)
            wsum += a->crits[i].spec->weight;
    if (!(wsum > 0.0))
        return cs_diag_error(diag, (cs_pos){a->model->path, 0, 0},
                             "no criterion with a positive weight is left to "
                             "score the options; give at least one criterion "
                             "a weight above 0");
    a->scores = calloc(n_opt * n + 1, sizeof *a->scores);
    a->option_scores = calloc(n_opt + 1, sizeof *a->option_scores);
    if (!a->scores || !a->option_scores)
        return cs_diag_error(diag, (cs_pos){0}, "out of memory");
    for (size_t i = 0; i < a->n_crits; i++) {
        cs_crit_run *run = &a->crits[i];
        if (run->failed)
            continue;
        run->weight = run->spec->weight / wsum;
        set_bounds(a, run);
        for (size_t o = 0; o < n_opt; o++) {
            const double *x = run->options[o].values[0];
            for (size_t k = 0; k < n; k++)
                a->scores[o * n + k] += 100.0 * run->weight *
                    cs_value_of(run, x[k]);
        }
    }
    for (size_t o = 0; o < n_opt; o++)
        a->option_scores[o].score = cs_summarise(&a->scores[o * n], n);
    rank_options(a);
    return 0;
}
