/*
 * shapley.c -- each member's fair share of a federation's risk-pooling
 * gain, by the Shapley value, and whether that division is in the core
 * (docs/search.md, "Risk pools").
 *
 * For federation f of a listed option with members M (at most
 * CS_POOL_MAX_MEMBERS), the game is v(C) = the option's exact mean score
 * with only the members in C pooling their risk (f's risk_pool_share and
 * pool_surpluses; shared functions and joint contracting off; the
 * option's other federations left out) minus its score with no pool, in
 * points; v(C) = 0 when C has fewer than two members. Every variant is
 * appraised in one run on common random numbers. The Shapley value is
 *
 *   phi_i = sum over C in M \ {i} of |C|! (m - |C| - 1)! / m! (v(C + i) - v(C))
 *
 * exact over all 2^m coalitions, and the division is in the core when
 * every coalition C gets at least v(C): sum over i in C of phi_i >= v(C).
 */
#include "objective.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void variant_free(cs_option *v)
{
    if (v->federations)
        free((int *)v->federations[0].members);
    free(v->federations);
    free(v->federation_of);
    free((char *)v->view.id);
    memset(v, 0, sizeof *v);
}

/* Option o with only the members of f in mask pooling (mask 0: none). */
static int variant(const cs_option *o, const cs_federation *f,
                   unsigned mask, cs_option *v)
{
    size_t nc = o->view.n_consortia, k = 0;
    int *members = malloc((f->n_members + 1) * sizeof *members);
    char id[32];

    *v = *o;
    v->federations = calloc(1, sizeof *v->federations);
    v->federation_of = malloc((nc + 1) * sizeof *v->federation_of);
    snprintf(id, sizeof id, "pool-%u", mask);
    v->view.id = strdup(id);
    if (!members || !v->federations || !v->federation_of || !v->view.id) {
        free(members);
        return -1;
    }
    for (size_t c = 0; c < nc; c++)
        v->federation_of[c] = -1;
    for (size_t i = 0; i < f->n_members; i++)
        if (mask >> i & 1) {
            members[k++] = f->members[i];
            v->federation_of[f->members[i]] = 0;
        }
    v->federations[0] = *f;
    v->federations[0].members = members;
    v->federations[0].n_members = k;
    v->federations[0].shared_functions = 0;
    v->federations[0].joint_contracting = 0;
    v->view.federations = v->federations;
    v->view.n_federations = k >= 2;
    v->view.federation_of = v->federation_of;
    if (k < 2)
        for (size_t c = 0; c < nc; c++)
            v->federation_of[c] = -1;
    return 0;
}

/* v[mask] for every subset, from one appraisal of all variants. */
static int game(cs_search_result *r, cs_plugin *const *plugins,
                const cs_appraise_opts *ao, const cs_option *o,
                const cs_federation *f, double *v, cs_diag *diag, int *pf)
{
    unsigned m = (unsigned)f->n_members, n = 1u << m;
    cs_option *vars = calloc(n, sizeof *vars);
    cs_model *mm = NULL;
    cs_appraisal *a = NULL;
    int rc = -1;

    for (unsigned s = 0; vars && s < n; s++)
        if (variant(o, f, s, &vars[s]) < 0)
            goto oom;
    if (!vars || !(mm = obj_model_with(r->model, vars, n, -1)))
        goto oom;
    if (!(a = cs_appraise(mm, plugins, ao, diag, pf)) ||
        cs_score_options(a, diag) < 0)
        goto done;              /* they said why */
    for (unsigned s = 0; s < n; s++)
        v[s] = __builtin_popcount(s) < 2 ? 0
             : a->option_scores[s].score.mean - a->option_scores[0].score.mean;
    rc = 0;
    goto done;
oom:
    cs_diag_error(diag, r->model->search.pos, "out of memory");
done:
    cs_appraisal_free(a);
    free(mm);
    for (unsigned s = 0; vars && s < n; s++)
        variant_free(&vars[s]);
    free(vars);
    return rc;
}

int cs_shapley(const double *v, unsigned m, double *phi)
{
    double fact[CS_POOL_MAX_MEMBERS + 1] = {1};
    int core = 1;

    for (unsigned k = 1; k <= m; k++)
        fact[k] = fact[k - 1] * k;
    for (unsigned i = 0; i < m; i++) {
        phi[i] = 0;
        for (unsigned s = 0; s < 1u << m; s++) {
            unsigned c = (unsigned)__builtin_popcount(s);
            if (s >> i & 1)
                continue;
            phi[i] += fact[c] * fact[m - c - 1] / fact[m]
                      * (v[s | 1u << i] - v[s]);
        }
    }
    for (unsigned s = 1; s < 1u << m; s++) {
        double got = 0;
        for (unsigned i = 0; i < m; i++)
            got += s >> i & 1 ? phi[i] : 0;
        if (got < v[s] - 1e-9)
            core = 0;
    }
    return core;
}

static int add_pool(cs_search_result *r, size_t o, size_t f, unsigned m)
{
    cs_pool_share *p = realloc(r->pools, (r->n_pools + 1) * sizeof *p);

    if (!p)
        return -1;
    r->pools = p;
    p += r->n_pools++;
    memset(p, 0, sizeof *p);
    p->option = o;
    p->federation = f;
    p->n_members = m;
    if (m > CS_POOL_MAX_MEMBERS)
        return 0;
    p->v = calloc((size_t)1 << m, sizeof *p->v);
    p->phi = calloc(m + 1, sizeof *p->phi);
    return p->v && p->phi ? 0 : -1;
}

int cs_search_pools(cs_search_result *r, cs_plugin *const *plugins,
                    const cs_appraise_opts *ao, cs_diag *diag, int *pf)
{
    const cs_model *m = r->model;

    for (size_t o = 0; o < m->n_options; o++)
        for (size_t f = 0; f < m->options[o].view.n_federations; f++) {
            const cs_federation *fed = &m->options[o].federations[f];
            unsigned k = (unsigned)fed->n_members;
            cs_pool_share *p;
            if (add_pool(r, o, f, k) < 0)
                return cs_diag_error(diag, m->search.pos, "out of memory");
            p = &r->pools[r->n_pools - 1];
            if (!p->v)
                continue;       /* too many members for the exact value */
            if (game(r, plugins, ao, &m->options[o], fed, p->v, diag, pf) < 0)
                return -1;
            p->gain = p->v[(1u << k) - 1];
            p->in_core = cs_shapley(p->v, k, p->phi);
        }
    return 0;
}
