/* smaa.c -- SMAA-2: rank acceptabilities, central weights, confidence
 * factors and their Monte Carlo errors (see smaa.h). */
#include "smaa.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_smaa_free(cs_smaa *s)
{
    if (!s)
        return;
    free(s->ra);
    free(s->ra_se);
    free(s->cw);
    free(s->cw_se);
    free(s->cf);
    free(s->cf_se);
    free(s->beats);
    free(s);
}

static cs_smaa *smaa_alloc(size_t n_opt, size_t n_crit)
{
    cs_smaa *s = calloc(1, sizeof *s);
    size_t nn = n_opt * n_opt, nc = n_opt * n_crit;

    if (!s)
        return NULL;
    s->n_opt = n_opt;
    s->n_crit = n_crit;
    s->ra = calloc(nn, sizeof *s->ra);
    s->ra_se = calloc(nn, sizeof *s->ra_se);
    s->cw = calloc(nc, sizeof *s->cw);
    s->cw_se = calloc(nc, sizeof *s->cw_se);
    s->cf = calloc(n_opt, sizeof *s->cf);
    s->cf_se = calloc(n_opt, sizeof *s->cf_se);
    s->beats = calloc(nn, sizeof *s->beats);
    if (!s->ra || !s->ra_se || !s->cw || !s->cw_se || !s->cf || !s->cf_se ||
        !s->beats) {
        cs_smaa_free(s);
        return NULL;
    }
    return s;
}

/* t[o] = sum_c w[c] v(o, c, k) */
static void values_at(const cs_perf *p, const double *w, size_t k, double *t)
{
    for (size_t o = 0; o < p->n_opt; o++) {
        const double *v = cs_perf_at(p, o, 0, k);
        double sum = 0.0;
        for (size_t c = 0; c < p->n_crit; c++)
            sum += w[c] * v[c];
        t[o] = sum;
    }
}

/* The share of first place option o takes in one iteration (ties
 * shared), and a code for the complete ranking (each option's count of
 * options strictly above it, in base n_opt). */
static double first_share(const double *t, size_t n_opt, size_t o)
{
    size_t above = 0, equal = 0;

    for (size_t j = 0; j < n_opt; j++) {
        above += t[j] > t[o];
        equal += t[j] == t[o];
    }
    return above ? 0.0 : 1.0 / (double)equal;
}

static uint64_t ranking_code(const double *t, size_t n_opt)
{
    uint64_t code = 0;

    for (size_t o = 0; o < n_opt; o++) {
        uint64_t above = 0;
        for (size_t j = 0; j < n_opt; j++)
            above += t[j] > t[o];
        code = code * n_opt + above;
    }
    return code;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Shannon entropy (bits) of the ranking codes' distribution; sorts them. */
static double entropy_bits(uint64_t *codes, size_t n)
{
    double h = 0.0;

    qsort(codes, n, sizeof *codes, cmp_u64);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double q;
        while (j < n && codes[j] == codes[i])
            j++;
        q = (double)(j - i) / (double)n;
        h -= q * log2(q);
        i = j;
    }
    return h;
}

/* Standard error of a weighted mean: sum, sum of squares and total weight
 * (the shares of first place) of the weights that made an option best. */
static double mean_se(double sum, double sq, double n)
{
    double mean, var;

    if (!(n > 1.0))
        return NAN;
    mean = sum / n;
    var = (sq / n - mean * mean) * n / (n - 1.0);
    return var > 0.0 ? sqrt(var / n) : 0.0;
}

/* Iterations: rank counts, central weight sums, pairwise wins, ranking
 * codes. sq holds sums of squared weights; first the shares of first
 * place; t is room for one value per option (the caller's, on the heap:
 * the number of options has no bound a stack could be sized by). */
static void iterate(cs_smaa *s, const cs_perf *p, const double *w,
                    double *sq, double *first, uint64_t *codes, double *t)
{
    size_t m = s->n_opt, nc = s->n_crit;

    for (size_t i = 0; i < s->n_iter; i++) {
        const double *wi = w + i * nc;
        double wsum = 0.0, shares = 0.0;
        for (size_t c = 0; c < nc; c++) {
            assert(wi[c] >= 0.0);           /* smaa.h: weights on the simplex */
            wsum += wi[c];
        }
        /* as sampled, or as read (smaa_csv.c refuses a sum off by more
         * than 1e-6) */
        assert(nc == 0 || fabs(wsum - 1.0) <= 1e-6);
        (void)wsum;
        values_at(p, wi, i % p->n_draws, t);
        cs_rank_draw(t, m, s->ra);
        for (size_t o = 0; o < m; o++) {
            double share = first_share(t, m, o);
            shares += share;
            if (share > 0.0) {
                first[o] += share;
                for (size_t c = 0; c < nc; c++) {
                    s->cw[o * nc + c] += share * wi[c];
                    sq[o * nc + c] += share * wi[c] * wi[c];
                }
            }
            for (size_t b = 0; b < m; b++)
                s->beats[o * m + b] += t[o] > t[b] ? 1.0
                                     : t[o] == t[b] ? 0.5 : 0.0;
        }
        /* first place is shared out whole, unless a value is NaN */
        assert(m == 0 || !isfinite(shares) || fabs(shares - 1.0) < 1e-9);
        (void)shares;
        if (codes)
            codes[i] = ranking_code(t, m);
    }
}

/* Confidence factor of option o: the share of the draws in which o is
 * best with the weights fixed at its central weight vector. */
static void confidence(cs_smaa *s, const cs_perf *p, size_t o, double *t)
{
    double wins = 0.0;

    if (isnan(s->cw[o * s->n_crit])) {
        s->cf[o] = s->cf_se[o] = NAN;
        return;
    }
    for (size_t k = 0; k < p->n_draws; k++) {
        values_at(p, s->cw + o * s->n_crit, k, t);
        wins += first_share(t, s->n_opt, o);
    }
    s->cf[o] = wins / (double)p->n_draws;
    s->cf_se[o] = cs_prop_se(s->cf[o], p->n_draws);
}

cs_smaa *cs_smaa_run(const cs_perf *p, const double *w, size_t n_iter,
                     char *err, size_t len)
{
    size_t m = p->n_opt, nc = p->n_crit;
    cs_smaa *s = n_iter ? smaa_alloc(m, nc) : NULL;
    /* first: the shares of first place, then m values of scratch */
    double *sq = calloc(m * nc, sizeof *sq);
    double *first = calloc(2 * m, sizeof *first);
    /* the code of a ranking fits in 64 bits up to 15 options */
    uint64_t *codes = m <= 15 ? malloc(n_iter * sizeof *codes) : NULL;

    if (!s || !sq || !first || (m <= 15 && !codes)) {
        if (err && len)
            snprintf(err, len, n_iter ? "out of memory"
                                      : "no SMAA iterations to run");
        cs_smaa_free(s);
        s = NULL;
        goto out;
    }
    s->n_iter = n_iter;
    s->n_draws = p->n_draws;
    iterate(s, p, w, sq, first, codes, first + m);
    s->entropy = codes ? entropy_bits(codes, n_iter) : NAN;
    for (size_t i = 0; i < m * m; i++) {
        s->ra[i] /= (double)n_iter;
        s->ra_se[i] = cs_prop_se(s->ra[i], n_iter);
        s->beats[i] /= (double)n_iter;
    }
    for (size_t o = 0; o < m; o++) {
        s->beats[o * m + o] = 0.5;
        for (size_t c = 0; c < nc; c++) {
            size_t i = o * nc + c;
            s->cw_se[i] = first[o] > 0.0
                ? mean_se(s->cw[i], sq[i], first[o]) : NAN;
            s->cw[i] = first[o] > 0.0 ? s->cw[i] / first[o] : NAN;
        }
    }
    for (size_t o = 0; o < m; o++)
        confidence(s, p, o, first + m);
out:
    free(sq);
    free(first);
    free(codes);
    return s;
}
