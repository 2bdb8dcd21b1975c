/* result.c -- the container of an appraisal's decision results
 * (cs_decision, decide.h). It frees what SMAA-2 and the stability
 * analysis filled in, so it sits above smaa.c and stability.c; decide.c
 * below them holds only the arithmetic they share. */
#include "decide.h"
#include "smaa.h"
#include "stability.h"

#include <stdlib.h>

/* ---- the results of an appraisal --------------------------------------- */

cs_decision *cs_decision_alloc(size_t n_opt, size_t n_crit)
{
    cs_decision *d = calloc(1, sizeof *d);

    if (!d)
        return NULL;
    d->n_opt = n_opt;
    d->n_crit = n_crit;
    d->best = -1;
    d->crit = calloc(n_crit + 1, sizeof *d->crit);
    d->weights = calloc(n_crit + 1, sizeof *d->weights);
    d->mean_value = calloc(n_opt * n_crit + 1, sizeof *d->mean_value);
    d->contrib = calloc(n_opt * n_crit + 1, sizeof *d->contrib);
    d->stability = calloc(n_crit + 1, sizeof *d->stability);
    d->ranks = cs_rank_stats_alloc(n_opt);
    if (!d->crit || !d->weights || !d->mean_value || !d->contrib ||
        !d->stability || !d->ranks) {
        cs_decision_free(d);
        return NULL;
    }
    return d;
}

void cs_decision_free(cs_decision *d)
{
    if (!d)
        return;
    free(d->crit);
    free(d->weights);
    cs_perf_free(d->perf);
    free(d->mean_value);
    free(d->contrib);
    cs_rank_stats_free(d->ranks);
    cs_smaa_free(d->smaa);
    cs_weight_space_free(d->space);
    free(d->stability);
    cs_tornado_free(d->tornado);
    cs_changes_clear(d->changes);
    free(d->changes);
    free(d);
}
