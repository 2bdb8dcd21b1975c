/*
 * risk_years.c -- a consortium's figures: the first year's spend against
 * its budget (no reserve), and the years of the appraisal horizon with
 * the required surplus, the contingency and deficits carried and repaid.
 * The model and the source of every default are in docs/models.md
 * ("risk", "Over the horizon").
 *
 * Per draw, x_y is spend minus budget in year y (the year's shocks plus
 * the persistent allocation error, which is the same in every year of the
 * draw), D the deficit carried (D_0 = 0), m = (surplus + contingency) x
 * budget the margin the plan keeps, r the share of a carried deficit
 * repaid from the next year's budget:
 *
 *   o_y = x_y - m + r D_{y-1}            the year's outturn against budget
 *   D_y = max(o_y, 0) + (1 - r) D_{y-1}
 *
 * With r = 1 (the default) D follows the Lindley recursion D_y =
 * max(0, D_{y-1} + x_y - m): a walk with drift E[x] - m held at 0.
 *
 * Cost: per year the cost of one year's draws (risk_spend.c), plus
 * O(practices x draws) once for the allocation error.
 */
#include "risk.h"

#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rearranges a[lo..hi) so a[k] holds the value a sort would put there,
 * no greater values after it, no smaller before (Hoare's FIND, CACM 4(7)
 * 1961: median-of-three pivot, three-way partition; after 2 log2(n) + 8
 * rounds the rest is sorted, so the worst case is O(n log n)). The host's
 * base/select.c does the same; a plugin links only GSL and libm. */
static void risk_select(double *a, size_t lo, size_t hi, size_t k)
{
    int rounds = 8;
    for (size_t m = hi - lo; m > 1; m >>= 1)
        rounds += 2;
    while (hi - lo > 16) {
        if (rounds-- == 0) {
            gsl_sort(a + lo, 1, hi - lo);
            return;
        }
        double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1], t;
        double p = x < y ? (y < z ? y : x < z ? z : x)
                         : (x < z ? x : y < z ? z : y);
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (a[i] < p) {
                t = a[lt], a[lt++] = a[i], a[i++] = t;
            } else if (a[i] > p) {
                t = a[--gt], a[gt] = a[i], a[i] = t;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
    for (size_t i = lo + 1; i < hi; i++)
        for (size_t j = i; j > lo && a[j] < a[j - 1]; j--) {
            double t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
}

/* VaR95 (the 0.95 quantile, interpolated as gsl_stats_quantile_from_
 * sorted_data does) and CVaR95 (the mean of the worst ceil(5%) of draws),
 * by selection: a[] is rearranged, not sorted. */
static void risk_tail(double *a, size_t n, double *var, double *cvar)
{
    size_t tail = (size_t)ceil(0.05 * (double)n);
    double sum = 0;

    tail = tail ? tail : 1;
    size_t cut = n - tail;                 /* a[cut..n) the worst draws */
    risk_select(a, 0, n, cut);
    for (size_t k = cut; k < n; k++)
        sum += a[k];
    *cvar = sum / (double)tail;
    const double index = 0.95 * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    /* a[cut] is in place: sorted position lhs lies left of it or on it */
    size_t lo = lhs < cut ? 0 : cut, hi = lhs < cut ? cut : n;
    risk_select(a, lo, hi, lhs);
    if (lhs == n - 1) {
        *var = a[lhs];
        return;
    }
    double next = a[lhs + 1 < hi ? lhs + 1 : hi];
    for (size_t k = lhs + 2; k < hi; k++)
        next = a[k] < next ? a[k] : next;
    *var = (1 - delta) * a[lhs] + delta * next;
}

void risk_stats_of(const risk_state *s, const double *o, size_t n,
                   double budget, double *scratch, risk_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t k = 0; k < n; k++) {
        for (size_t t = 0; t < s->n_thr; t++)
            st->p[t] += o[k] > s->thr[t] * budget;
        if (o[k] > 0)
            st->exp_gbp += o[k];
        scratch[k] = o[k];
    }
    for (size_t t = 0; t < s->n_thr; t++)
        st->p[t] /= (double)n;
    st->exp_gbp /= (double)n;
    st->exp_pct = 100 * st->exp_gbp / budget;
    risk_tail(scratch, n, &st->var, &st->cvar);
}

void risk_put_stats(const risk_state *s, const risk_stats *st,
                    const double *worst_p, double worst_exp, double budget,
                    cs_values *out)
{
    for (size_t t = 0; t < s->n_thr; t++) {
        out->values[M_P(t)][0] = st->p[t];
        out->values[M_WORST_P(t)][0] = worst_p[t];
    }
    out->values[M_T(s, T_EXP_GBP)][0] = st->exp_gbp;
    out->values[M_T(s, T_WORST_EXP_PCT)][0] = worst_exp;
    out->values[M_T(s, T_VAR_GBP)][0] = st->var;
    out->values[M_T(s, T_VAR_PCT)][0] = 100 * st->var / budget;
    out->values[M_T(s, T_CVAR_GBP)][0] = st->cvar;
    out->values[M_T(s, T_CVAR_PCT)][0] = 100 * st->cvar / budget;
    out->values[M_T(s, T_RESERVE)][0] = st->var > 0 ? st->var : 0;
    out->values[M_T(s, T_BUDGET)][0] = budget;
}

/* Year y's outturn before pooling: o = x - m + r D (all GBP). */
void risk_outturn(const risk_state *s, const double *x, const double *debt,
                  double budget, double *o, size_t n)
{
    double m = (s->surplus + s->contingency) * budget;
    for (size_t k = 0; k < n; k++)
        o[k] = x[k] - m + s->repay * debt[k];
}

/* After pooling: the deficit carried, and whether the year was one. */
void risk_settle(const risk_state *s, const double *o, double *debt,
                 unsigned char *any, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        debt[k] = (o[k] > 0 ? o[k] : 0) + (1 - s->repay) * debt[k];
        any[k] |= o[k] > 0;
    }
}

/* The horizon's figures of one consortium (or of a member after pooling)
 * from the debt and flags of each draw. */
void risk_horizon_stats(const double *debt, const unsigned char *any,
                        size_t n, risk_horizon *hz)
{
    memset(hz, 0, sizeof *hz);
    for (size_t k = 0; k < n; k++) {
        hz->p_any += any[k];
        hz->p_carried += debt[k] > 0;
        hz->exp_carried += debt[k];
    }
    hz->p_any /= (double)n;
    hz->p_carried /= (double)n;
    hz->exp_carried /= (double)n;
}

/* Spend minus budget, every year: bal[y][k] in GBP. */
static int risk_draw_years(const risk_state *s, const cs_host *h,
                           cs_call *call, const cs_consortium_view *c,
                           const risk_weights *w, double **bal, double *alloc,
                           size_t n)
{
    if (risk_allocation_error(s, h, call, c, w, alloc, n) < 0)
        return -1;
    for (int y = 0; y < s->years; y++) {
        if (risk_year(s, h, call, c, w, y, bal[y], n) < 0)
            return -1;
        for (size_t k = 0; k < n; k++)
            bal[y][k] += alloc[k] + w->expected - w->budget;
    }
    return 0;
}

/* The horizon: debt per draw, the headline per draw, the fixed figures. */
static void risk_put_horizon(const risk_state *s, double *const *bal,
                             const risk_weights *w, double *debt,
                             double *o, unsigned char *any, cs_values *out)
{
    size_t n = out->n_draws;
    risk_horizon hz;
    memset(debt, 0, n * sizeof *debt);
    memset(any, 0, n);
    for (int y = 0; y < s->years; y++) {
        risk_outturn(s, bal[y], debt, w->budget, o, n);
        risk_settle(s, o, debt, any, n);
        if (y > 0)
            for (size_t k = 0; k < n; k++)
                out->values[M_YEAR(s, y)][k] = 100 * bal[y][k] / w->budget;
    }
    risk_horizon_stats(debt, any, n, &hz);
    for (size_t k = 0; k < n; k++)
        out->values[M_CARRIED][k] = 100 * debt[k] / w->budget;
    out->values[M_Y(s, Y_P_ANY)][0] = hz.p_any;
    out->values[M_Y(s, Y_P_CARRIED)][0] = hz.p_carried;
    out->values[M_Y(s, Y_EXP_CARRIED_GBP)][0] = hz.exp_carried;
    out->values[M_Y(s, Y_WORST_CARRIED_PCT)][0] =
        100 * hz.exp_carried / w->budget;
    out->values[M_Y(s, Y_ALLOC_SD_PCT)][0] =
        100 * sqrt(w->alloc_var) / w->budget;
}

static double **risk_years_alloc(int years, size_t n)
{
    double **bal = calloc((size_t)years, sizeof *bal);
    for (int y = 0; bal && y < years; y++)
        if (!(bal[y] = calloc(n, sizeof **bal))) {
            while (y-- > 0)
                free(bal[y]);
            free(bal);
            return NULL;
        }
    return bal;
}

static void risk_years_free(double **bal, int years)
{
    for (int y = 0; bal && y < years; y++)
        free(bal[y]);
    free(bal);
}

int risk_consortium(void *state, const cs_host *h, cs_call *call,
                    const cs_consortium_view *c, cs_values *out)
{
    const risk_state *s = state;
    size_t n = out->n_draws;
    risk_weights w = {0};
    double **bal = risk_years_alloc(s->years, n);
    double *alloc = calloc(n, sizeof *alloc), *scratch = calloc(n, sizeof *scratch);
    double *debt = calloc(n, sizeof *debt);
    unsigned char *any = calloc(n, 1);
    int rc = -1;
    if (!bal || !alloc || !scratch || !debt || !any || risk_weigh(s, c, &w) < 0) {
        rc = h->error(call, "risk: out of memory");
        goto done;
    }
    if (!(w.budget > 0) || !isfinite(w.budget)) {
        rc = h->error(call, "consortium '%s' has no budget; give its practices"
                      " weighted lists or historic spend", c->id);
        goto done;
    }
    if (risk_draw_years(s, h, call, c, &w, bal, alloc, n) < 0)
        goto done;
    risk_stats st;
    risk_stats_of(s, bal[0], n, w.budget, scratch, &st);
    for (size_t k = 0; k < n; k++) {
        double pct = 100 * bal[0][k] / w.budget;
        out->values[M_BALANCE][k] = pct;
        out->values[M_OVERSPEND][k] = pct > 0 ? pct : 0;
    }
    risk_put_stats(s, &st, st.p, st.exp_pct, w.budget, out);
    risk_put_horizon(s, bal, &w, debt, scratch, any, out);
    rc = 0;
done:
    risk_weights_free(&w);
    risk_years_free(bal, s->years);
    free(alloc);
    free(scratch);
    free(debt);
    free(any);
    return rc;
}
