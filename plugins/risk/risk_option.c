/*
 * risk_option.c -- an option's risk figures from its consortia's draws:
 * federations pool deficits, in the first year (no reserve) and in every
 * year of the horizon (after the surplus, the contingency and the
 * repayment of deficits carried). docs/models.md, "Options and
 * federations".
 *
 * The pooling rule, every year and draw: a member puts the share rho
 * (risk_pool_share) of its deficit -- of its balance, when surpluses are
 * pooled -- into the pool, and the pool is shared among the members in
 * proportion to their budgets of that year (budgets are constant over the
 * horizon, so: by today's budget share).
 *
 * Cost: O(consortia x draws x years) plus one selection (not a sort) per consortium.
 * Memory beyond the host's buffers: the first year's pooled balances
 * (consortia x draws doubles), freed before the horizon, which keeps the
 * debt and a flag per consortium and draw and works in blocks of draws.
 */
#include "risk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Pools the members' balances (GBP) of one year, draw by draw. */
static void risk_pool(const cs_option_view *o, const double *budget,
                      double *const *bal, size_t n)
{
    for (size_t f = 0; f < o->n_federations; f++) {
        const cs_federation *fed = &o->federations[f];
        double rho = fed->risk_pool_share, total = 0;
        for (size_t i = 0; i < fed->n_members; i++)
            total += budget[fed->members[i]];
        for (size_t k = 0; k < n; k++) {
            double pool = 0;
            for (size_t i = 0; i < fed->n_members; i++) {
                double *x = &bal[fed->members[i]][k];
                double put = rho * (fed->pool_surpluses || *x > 0 ? *x : 0);
                pool += put;
                *x -= put;
            }
            for (size_t i = 0; i < fed->n_members; i++)
                bal[fed->members[i]][k] += pool * budget[fed->members[i]] / total;
        }
    }
}

/* Option figures of the first year: population-weighted means, sums in
 * GBP, the worst. */
static void risk_option_fill(const risk_state *s, const cs_option_view *o,
                             const double *budget, double *const *bal,
                             double *scratch, cs_values *out)
{
    size_t n = out->n_draws;
    double pop = 0, total_budget = 0, worst_p[RISK_MAX_THRESHOLDS] = {0};
    double worst_exp = 0;
    double reserve = 0;
    risk_stats sum = {0}, st;
    for (size_t k = 0; k < n; k++)
        out->values[M_OVERSPEND][k] = out->values[M_BALANCE][k] = 0;
    for (size_t i = 0; i < o->n_consortia; i++) {
        double wgt = o->consortia[i].registered;
        pop += wgt;
        total_budget += budget[i];
        risk_stats_of(s, bal[i], n, budget[i], scratch, &st);
        for (size_t t = 0; t < s->n_thr; t++) {
            sum.p[t] += wgt * st.p[t];
            worst_p[t] = st.p[t] > worst_p[t] ? st.p[t] : worst_p[t];
        }
        worst_exp = st.exp_pct > worst_exp ? st.exp_pct : worst_exp;
        sum.exp_gbp += st.exp_gbp;
        sum.var += st.var;
        sum.cvar += st.cvar;
        reserve += st.var > 0 ? st.var : 0;
        for (size_t k = 0; k < n; k++) {
            double pct = 100 * bal[i][k] / budget[i];
            out->values[M_BALANCE][k] += wgt * pct;
            out->values[M_OVERSPEND][k] += wgt * (pct > 0 ? pct : 0);
        }
    }
    for (size_t k = 0; k < n; k++) {
        out->values[M_BALANCE][k] /= pop;
        out->values[M_OVERSPEND][k] /= pop;
    }
    for (size_t t = 0; t < s->n_thr; t++)
        sum.p[t] /= pop;
    risk_put_stats(s, &sum, worst_p, worst_exp, total_budget, out);
    out->values[M_T(s, T_RESERVE)][0] = reserve;
}

/* Per-year sampled balances of the option (before pooling) and the mean
 * allocation error: population-weighted means of the consortia's. */
static void risk_option_years(const risk_state *s, const cs_option_view *o,
                              const cs_values *const *in, cs_values *out)
{
    size_t n = out->n_draws;
    double pop = 0, alloc = 0;
    for (int y = 1; y < s->years; y++)
        memset(out->values[M_YEAR(s, y)], 0, n * sizeof(double));
    for (size_t i = 0; i < o->n_consortia; i++) {
        double wgt = o->consortia[i].registered;
        pop += wgt;
        alloc += wgt * in[i]->values[M_Y(s, Y_ALLOC_SD_PCT)][0];
        for (int y = 1; y < s->years; y++)
            for (size_t k = 0; k < n; k++)
                out->values[M_YEAR(s, y)][k] +=
                    wgt * in[i]->values[M_YEAR(s, y)][k];
    }
    for (int y = 1; y < s->years; y++)
        for (size_t k = 0; k < n; k++)
            out->values[M_YEAR(s, y)][k] /= pop;
    out->values[M_Y(s, Y_ALLOC_SD_PCT)][0] = alloc / pop;
}

/* The horizon runs in blocks of this many draws: each draw's pooling,
 * outturn and settlement depend only on that draw, so a block gives the
 * same values as the whole range, and the working arrays of spend and
 * outturn hold RISK_BLOCK draws per consortium rather than every draw
 * (211 consortia x 40,000 draws x 8 bytes = 68 MB each on the national
 * scenario). ASSUMPTION: 1,024 draws (16 KB per consortium and array)
 * -- a size for the cache, not a model figure; any size gives the same
 * values. */
#define RISK_BLOCK 1024

/* Working arrays of the horizon: the debt and the deficit flag of every
 * draw (the horizon's statistics need them all), spend and outturn of
 * one block of draws; rows of consortium i start at [i * stride]. */
typedef struct risk_hz_work {
    double *debt, *x, *o;
    unsigned char *any;
    double **xp, **op;         /* per consortium: its row of x, o */
} risk_hz_work;

/* Spend minus budget of consortium i in year y, GBP, draws [k0, k0 + n)
 * from its metrics. */
static void risk_year_of(const risk_state *s, const cs_values *v, int y,
                         double budget, double *x, size_t k0, size_t n)
{
    const double *pct = y == 0 ? v->values[M_BALANCE] : v->values[M_YEAR(s, y)];
    for (size_t k = 0; k < n; k++)
        x[k] = pct[k0 + k] / 100 * budget;
}

/* The horizon of draws [k0, k0 + b) with pooling every year. */
static void risk_horizon_block(const risk_state *s, const cs_option_view *o,
                               const cs_values *const *in,
                               const double *budget, risk_hz_work *wk,
                               size_t n, size_t k0, size_t b)
{
    size_t nc = o->n_consortia;
    for (int y = 0; y < s->years; y++) {
        for (size_t i = 0; i < nc; i++) {
            risk_year_of(s, in[i], y, budget[i], wk->xp[i], k0, b);
            risk_outturn(s, wk->xp[i], &wk->debt[i * n + k0], budget[i],
                         wk->op[i], b);
        }
        risk_pool(o, budget, wk->op, b);
        for (size_t i = 0; i < nc; i++)
            risk_settle(s, wk->op[i], &wk->debt[i * n + k0],
                        &wk->any[i * n + k0], b);
    }
}

/* The horizon with pooling every year; fills the headline and Y_*. */
static void risk_option_horizon(const risk_state *s, const cs_option_view *o,
                                const cs_values *const *in,
                                const double *budget, risk_hz_work *wk,
                                cs_values *out)
{
    size_t n = out->n_draws, nc = o->n_consortia;
    double pop = 0, p_any = 0, p_carried = 0, exp_gbp = 0, worst = 0;
    for (size_t k0 = 0; k0 < n; k0 += RISK_BLOCK)
        risk_horizon_block(s, o, in, budget, wk, n, k0,
                           n - k0 < RISK_BLOCK ? n - k0 : RISK_BLOCK);
    memset(out->values[M_CARRIED], 0, n * sizeof(double));
    for (size_t i = 0; i < nc; i++) {
        double wgt = o->consortia[i].registered;
        const double *debt = &wk->debt[i * n];
        risk_horizon hz;
        risk_horizon_stats(debt, &wk->any[i * n], n, &hz);
        pop += wgt;
        p_any += wgt * hz.p_any;
        p_carried += wgt * hz.p_carried;
        exp_gbp += hz.exp_carried;
        if (100 * hz.exp_carried / budget[i] > worst)
            worst = 100 * hz.exp_carried / budget[i];
        for (size_t k = 0; k < n; k++)
            out->values[M_CARRIED][k] += wgt * 100 * debt[k] / budget[i];
    }
    for (size_t k = 0; k < n; k++)
        out->values[M_CARRIED][k] /= pop;
    out->values[M_Y(s, Y_P_ANY)][0] = p_any / pop;
    out->values[M_Y(s, Y_P_CARRIED)][0] = p_carried / pop;
    out->values[M_Y(s, Y_EXP_CARRIED_GBP)][0] = exp_gbp;
    out->values[M_Y(s, Y_WORST_CARRIED_PCT)][0] = worst;
}

static void risk_work_free(risk_hz_work *wk)
{
    free(wk->debt);
    free(wk->any);
    free(wk->x);
    free(wk->o);
    free(wk->xp);
    free(wk->op);
    memset(wk, 0, sizeof *wk);
}

/* nc consortia, n draws; 0, or -1 when out of memory. */
static int risk_work_alloc(risk_hz_work *wk, size_t nc, size_t n)
{
    size_t b = n < RISK_BLOCK ? n : RISK_BLOCK;
    if (n > SIZE_MAX / sizeof(double) / nc)
        return -1;
    wk->debt = calloc(nc * n, sizeof *wk->debt);
    wk->any = calloc(nc * n, 1);
    wk->x = malloc(nc * b * sizeof *wk->x);
    wk->o = malloc(nc * b * sizeof *wk->o);
    wk->xp = malloc(nc * sizeof *wk->xp);
    wk->op = malloc(nc * sizeof *wk->op);
    if (!wk->debt || !wk->any || !wk->x || !wk->o || !wk->xp || !wk->op)
        return -1;
    for (size_t i = 0; i < nc; i++) {
        wk->xp[i] = &wk->x[i * b];
        wk->op[i] = &wk->o[i * b];
    }
    return 0;
}

/* The first year, pooled: balances of every draw, one row per consortium
 * (the statistics take quantiles of each), freed before the horizon's
 * arrays are taken. */
static int risk_option_first(const risk_state *s, const cs_option_view *o,
                             const cs_values *const *in, const double *budget,
                             double *scratch, cs_values *out)
{
    size_t n = out->n_draws, nc = o->n_consortia;
    double *bal = NULL, **row = NULL;
    if (n <= SIZE_MAX / sizeof(double) / nc) {
        bal = malloc(nc * n * sizeof *bal);
        row = malloc(nc * sizeof *row);
    }
    if (!bal || !row) {
        free(bal);
        free(row);
        return -1;
    }
    for (size_t i = 0; i < nc; i++) {
        row[i] = &bal[i * n];
        risk_year_of(s, in[i], 0, budget[i], row[i], 0, n);
    }
    risk_pool(o, budget, row, n);
    risk_option_fill(s, o, budget, row, scratch, out);
    free(bal);
    free(row);
    return 0;
}

int risk_option(void *state, const cs_host *h, cs_call *call,
                const cs_option_view *o, const cs_values *const *in,
                cs_values *out)
{
    const risk_state *s = state;
    size_t n = out->n_draws, nc = o->n_consortia;
    double *budget = calloc(nc ? nc : 1, sizeof *budget);
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    risk_hz_work wk = {0};
    int rc = -1;
    if (nc == 0) {
        rc = h->error(call, "option '%s' has no consortia", o->id);
        goto done;
    }
    if (!budget || !scratch)
        goto oom;
    for (size_t i = 0; i < nc; i++)
        budget[i] = in[i]->values[M_T(s, T_BUDGET)][0];
    if (risk_option_first(s, o, in, budget, scratch, out) < 0)
        goto oom;
    free(scratch);
    scratch = NULL;
    risk_option_years(s, o, in, out);
    if (risk_work_alloc(&wk, nc, n) < 0)
        goto oom;
    risk_option_horizon(s, o, in, budget, &wk, out);
    rc = 0;
    goto done;
oom:
    rc = h->error(call, "risk: out of memory");
done:
    risk_work_free(&wk);
    free(budget);
    free(scratch);
    return rc;
}
