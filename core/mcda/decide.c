/* decide.c -- value functions, weights, per-draw scores and rank
 * probabilities (see decide.h). */
#include "decide.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>

/* ---- value functions ------------------------------------------------- */

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* Index of the last abscissa <= x (x >= f->x[0] assumed). */
static size_t last_at_or_below(const cs_value_fn *f, double x)
{
    size_t lo = 0, hi = f->n - 1;

    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (f->x[mid] <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static double vf_eval(const cs_value_fn *f, double x)
{
    size_t i;

    if (isnan(x))
        return NAN;
    switch (f->kind) {
    case CS_VF_LINEAR:
        if (f->best == f->worst)
            return 0.5;
        return clamp01((x - f->worst) / (f->best - f->worst));
    case CS_VF_PIECEWISE:
        if (f->n == 0)
            return NAN;
        if (x <= f->x[0])
            return f->v[0];
        if (x >= f->x[f->n - 1])
            return f->v[f->n - 1];
        i = last_at_or_below(f, x);
        return f->v[i] + (f->v[i + 1] - f->v[i]) * (x - f->x[i]) /
               (f->x[i + 1] - f->x[i]);
    case CS_VF_STEP:
        if (f->n == 0)
            return NAN;
        if (x < f->x[0])
            return f->v[0];
        return f->v[last_at_or_below(f, x)];
    }
    return NAN;
}

double cs_value_fn_eval(const cs_value_fn *f, double x)
{
    double v = vf_eval(f, x);

    /* decide.h: a partial value is in [0, 1] (NaN only for a NaN x or an
       empty table); a value outside means f skipped cs_value_fn_check */
    assert(isnan(v) || (v >= 0.0 && v <= 1.0));
    return v;
}

static int fail(char *err, size_t len, const char *fmt, ...)
    CS_PRINTF(3, 4);

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;

    if (err && len) {
        va_start(ap, fmt);
        vsnprintf(err, len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int check_linear(const cs_value_fn *f, cs_direction dir, char *err,
                        size_t len)
{
    if (!isfinite(f->worst) || !isfinite(f->best))
        return fail(err, len, "'worst' and 'best' must be finite numbers");
    if (f->worst == f->best)
        return fail(err, len, "'worst' and 'best' are both %g; give two "
                    "different levels", f->worst);
    if (dir == CS_HIGHER_IS_BETTER && f->best < f->worst)
        return fail(err, len, "'best' (%g) is below 'worst' (%g) but higher "
                    "is better for this metric; swap them", f->best, f->worst);
    if (dir == CS_LOWER_IS_BETTER && f->best > f->worst)
        return fail(err, len, "'best' (%g) is above 'worst' (%g) but lower "
                    "is better for this metric; swap them", f->best, f->worst);
    return 0;
}

int cs_value_fn_check(const cs_value_fn *f, cs_direction dir, char *err,
                      size_t len)
{
    const char *what = f->kind == CS_VF_STEP ? "steps" : "points";

    if (f->kind == CS_VF_LINEAR)
        return check_linear(f, dir, err, len);
    if (f->kind != CS_VF_PIECEWISE && f->kind != CS_VF_STEP)
        return fail(err, len, "unknown value function kind");
    if (f->n < (f->kind == CS_VF_PIECEWISE ? 2u : 1u) || !f->x || !f->v)
        return fail(err, len, "a %s value function needs at least %s; add "
                    "%s", f->kind == CS_VF_STEP ? "step" : "piecewise",
                    f->kind == CS_VF_STEP ? "one step" : "two points", what);
    for (size_t i = 0; i < f->n; i++) {
        if (!isfinite(f->x[i]) || !isfinite(f->v[i]))
            return fail(err, len, "%s must be finite numbers", what);
        if (f->v[i] < 0.0 || f->v[i] > 1.0)
            return fail(err, len, "value %g at %g is outside [0, 1]; give "
                        "values between 0 (worst) and 1 (best)", f->v[i],
                        f->x[i]);
        if (i == 0)
            continue;
        if (!(f->x[i] > f->x[i - 1]))
            return fail(err, len, "%s must be in ascending order of level "
                        "(%g comes after %g)", what, f->x[i], f->x[i - 1]);
        if (dir == CS_HIGHER_IS_BETTER && f->v[i] < f->v[i - 1])
            return fail(err, len, "the value falls from %g to %g as the "
                        "level rises to %g, but higher is better for this "
                        "metric; make the values non-decreasing", f->v[i - 1],
                        f->v[i], f->x[i]);
        if (dir == CS_LOWER_IS_BETTER && f->v[i] > f->v[i - 1])
            return fail(err, len, "the value rises from %g to %g as the "
                        "level rises to %g, but lower is better for this "
                        "metric; make the values non-increasing", f->v[i - 1],
                        f->v[i], f->x[i]);
    }
    return 0;
}

/* ---- weights ---------------------------------------------------------- */

int cs_weights_normalise(const double *raw, size_t n, double *w, char *err,
                         size_t len)
{
    double sum = 0.0;

    if (n == 0)
        return fail(err, len, "there are no criteria to weigh");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(raw[i]))
            return fail(err, len, "weight %zu is not a finite number", i + 1);
        if (raw[i] < 0.0)
            return fail(err, len, "weight %zu is negative (%g); weights "
                        "must be 0 or more", i + 1, raw[i]);
        sum += raw[i];
    }
    if (!(sum > 0.0))
        return fail(err, len, "every weight is 0; give at least one "
                    "criterion a weight above 0");
    for (size_t i = 0; i < n; i++) {
        w[i] = raw[i] / sum;
        assert(w[i] >= 0.0 && w[i] <= 1.0);   /* decide.h: a share of 1 */
    }
    return 0;
}

int cs_weights_ordinal_centroid(const int *level, size_t n, double *w)
{
    double *roc;
    size_t *order, pos = 0;

    for (size_t c = 0; c < n; c++)
        if (level[c] < 1)
            return -1;
    if (n == 0)
        return 0;
    roc = malloc(n * sizeof *roc);
    order = malloc(n * sizeof *order);
    if (!roc || !order) {
        free(roc);
        free(order);
        return -2;
    }
    /* roc[r] = (1/n) sum_{k=r+1..n} 1/k, from the least important up */
    roc[n - 1] = 1.0 / ((double)n * (double)n);
    for (size_t r = n - 1; r-- > 0;)
        roc[r] = roc[r + 1] + 1.0 / ((double)n * (double)(r + 1));
    /* criteria by level (insertion sort: n is small, and it is stable) */
    for (size_t c = 0; c < n; c++) {
        size_t j = c;
        for (; j > 0 && level[order[j - 1]] > level[c]; j--)
            order[j] = order[j - 1];
        order[j] = c;
    }
    /* a group of k tied criteria takes the next k positions; each member
     * gets the mean of the centroid values there */
    while (pos < n) {
        size_t k = 1;
        double sum = roc[pos];
        while (pos + k < n && level[order[pos + k]] == level[order[pos]])
            sum += roc[pos + k++];
        for (size_t j = 0; j < k; j++)
            w[order[pos + j]] = sum / (double)k;
        pos += k;
    }
    free(roc);
    free(order);
    return 0;
}

/* ---- the performance table -------------------------------------------- */

cs_perf *cs_perf_alloc(size_t n_opt, size_t n_crit, size_t n_draws)
{
    cs_perf *p;

    if (!n_opt || !n_crit || !n_draws ||
        n_draws > ((size_t)-1 / sizeof(double)) / n_opt / n_crit)
        return NULL;
    if (!(p = malloc(sizeof *p)))
        return NULL;
    *p = (cs_perf){n_opt, n_crit, n_draws, NULL};
    if (!(p->v = calloc(n_opt * n_crit * n_draws, sizeof *p->v))) {
        free(p);
        return NULL;
    }
    return p;
}

void cs_perf_free(cs_perf *p)
{
    if (!p)
        return;
    free(p->v);
    free(p);
}

void cs_perf_means(const cs_perf *p, double *mean)
{
    size_t n = p->n_opt * p->n_crit;

    for (size_t i = 0; i < n; i++)
        mean[i] = gsl_stats_mean(p->v + i, n, p->n_draws);
}

void cs_decide_scores(const cs_perf *p, const double *w, double scale,
                      double *out)
{
    for (size_t k = 0; k < p->n_draws; k++)
        for (size_t o = 0; o < p->n_opt; o++) {
            const double *v = cs_perf_at(p, o, 0, k);
            double s = 0.0;
            for (size_t c = 0; c < p->n_crit; c++)
                s += w[c] * v[c];
            /* values in [0, 1] (each asserted where made) and weights a
             * share of 1: a weighted mean */
            assert(isnan(s) || (s >= -1e-6 && s <= 1.0 + 1e-6));
            out[o * p->n_draws + k] = scale * s;
        }
}

void cs_contributions(const double *mean, const double *w, size_t n_opt,
                      size_t n_crit, double scale, double *out)
{
    for (size_t o = 0; o < n_opt; o++)
        for (size_t c = 0; c < n_crit; c++)
            out[o * n_crit + c] = scale * w[c] * mean[o * n_crit + c];
}

/* ---- rank statistics --------------------------------------------------- */

double cs_prop_se(double p, size_t n)
{
    double q = p * (1.0 - p);

    return n > 0 && q > 0.0 ? sqrt(q / (double)n) : 0.0;
}

cs_rank_stats *cs_rank_stats_alloc(size_t n_opt)
{
    cs_rank_stats *rs = calloc(1, sizeof *rs);
    size_t nn = n_opt * n_opt + 1, n1 = n_opt + 1;

    if (!rs)
        return NULL;
    rs->n_opt = n_opt;
    rs->rank_p = calloc(nn, sizeof *rs->rank_p);
    rs->rank_se = calloc(nn, sizeof *rs->rank_se);
    rs->beats = calloc(nn, sizeof *rs->beats);
    rs->beats_se = calloc(nn, sizeof *rs->beats_se);
    rs->expected_rank = calloc(n1, sizeof *rs->expected_rank);
    rs->mean_score = calloc(n1, sizeof *rs->mean_score);
    rs->rank = calloc(n1, sizeof *rs->rank);
    if (!rs->rank_p || !rs->rank_se || !rs->beats || !rs->beats_se ||
        !rs->expected_rank || !rs->mean_score || !rs->rank) {
        cs_rank_stats_free(rs);
        return NULL;
    }
    return rs;
}

void cs_rank_stats_free(cs_rank_stats *rs)
{
    if (!rs)
        return;
    free(rs->rank_p);
    free(rs->rank_se);
    free(rs->beats);
    free(rs->beats_se);
    free(rs->expected_rank);
    free(rs->mean_score);
    free(rs->rank);
    free(rs);
}

void cs_rank_draw(const double *t, size_t n_opt, double *counts)
{
    for (size_t o = 0; o < n_opt; o++) {
        size_t above = 0, equal = 0;
        for (size_t j = 0; j < n_opt; j++) {
            above += t[j] > t[o];
            equal += t[j] == t[o];
        }
        for (size_t r = above; r < above + equal; r++)
            counts[o * n_opt + r] += 1.0 / (double)equal;
    }
}

void cs_rank_stats_compute(cs_rank_stats *rs, const double *scores, size_t n)
{
    size_t m = rs->n_opt, nn = m * m;
    /* one draw's scores, in mean_score's room (filled only at the end):
       the number of options has no bound to size a stack array by */
    double *t = rs->mean_score;

    rs->n = n;
    memset(rs->rank_p, 0, nn * sizeof *rs->rank_p);
    memset(rs->beats, 0, nn * sizeof *rs->beats);
    for (size_t k = 0; k < n; k++) {
        for (size_t o = 0; o < m; o++)
            t[o] = scores[o * n + k];
        cs_rank_draw(t, m, rs->rank_p);
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                rs->beats[a * m + b] += t[a] > t[b] ? 1.0
                                      : t[a] == t[b] ? 0.5 : 0.0;
    }
    for (size_t i = 0; i < nn; i++) {
        rs->rank_p[i] /= (double)n;
        rs->beats[i] /= (double)n;
        rs->rank_se[i] = cs_prop_se(rs->rank_p[i], n);
        rs->beats_se[i] = cs_prop_se(rs->beats[i], n);
    }
    for (size_t o = 0; o < m; o++) {
        double row = 0.0;
        for (size_t r = 0; r < m; r++)
            row += rs->rank_p[o * m + r];
        /* decide.h: each option's rank probabilities are a distribution */
        assert(n == 0 || fabs(row - 1.0) < 1e-9);
        (void)row;
        rs->beats[o * m + o] = 0.5;
        rs->beats_se[o * m + o] = 0.0;
        rs->expected_rank[o] = 0.0;
        for (size_t r = 0; r < m; r++)
            rs->expected_rank[o] += (double)(r + 1) * rs->rank_p[o * m + r];
        rs->mean_score[o] = gsl_stats_mean(scores + o * n, 1, n);
    }
    for (size_t o = 0; o < m; o++) {
        int rank = 1;
        for (size_t p = 0; p < m; p++)
            rank += rs->mean_score[p] > rs->mean_score[o] ||
                    (rs->mean_score[p] == rs->mean_score[o] && p < o);
        rs->rank[o] = rank;
    }
}
