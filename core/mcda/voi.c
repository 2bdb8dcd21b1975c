/* voi.c -- EVPI and regression-based EVPPI (voi.h). */
#include "voi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit.h>

size_t cs_voi_baseline(const double *scores, size_t n_opt, size_t n)
{
    size_t best = 0;
    double best_mean = -INFINITY;

    for (size_t o = 0; o < n_opt; o++) {
        double s = 0;
        for (size_t d = 0; d < n; d++)
            s += scores[o * n + d];
        if (s / (double)n > best_mean) {
            best_mean = s / (double)n;
            best = o;
        }
    }
    return best;
}

/* Mean of c and its standard error by batch means (voi.h). */
static void batch_mean(const double *c, size_t n, double *mean, double *se)
{
    size_t nb = n / 2 < CS_VOI_BATCHES ? n / 2 : CS_VOI_BATCHES;
    double tot = 0, m, ss = 0;

    for (size_t d = 0; d < n; d++)
        tot += c[d];
    m = tot / (double)n;
    *mean = m;
    if (nb < 2) {
        *se = NAN;
        return;
    }
    for (size_t b = 0; b < nb; b++) {
        size_t lo = b * n / nb, hi = (b + 1) * n / nb;
        double s = 0;
        for (size_t d = lo; d < hi; d++)
            s += c[d];
        s = s / (double)(hi - lo) - m;
        ss += s * s;
    }
    *se = sqrt(ss / (double)(nb - 1) / (double)nb);
}

/* Per draw: the gain over the baseline of the best option on values
 * v[o * n + d], and whether that best is another option. */
static void contributions(const double *v, size_t n_opt, size_t n,
                          size_t base, double *gain, double *changed)
{
    for (size_t d = 0; d < n; d++) {
        double b = v[base * n + d], top = b;
        for (size_t o = 0; o < n_opt; o++)
            if (v[o * n + d] > top)
                top = v[o * n + d];
        gain[d] = top - b;
        changed[d] = top > b ? 1.0 : 0.0;
    }
}

static int estimate(const double *v, size_t n_opt, size_t n, size_t base,
                    cs_voi_est *out)
{
    double *gain = malloc(2 * n * sizeof *gain);

    if (!gain)
        return -1;
    contributions(v, n_opt, n, base, gain, gain + n);
    batch_mean(gain, n, &out->value, &out->value_se);
    batch_mean(gain + n, n, &out->p_change, &out->p_change_se);
    free(gain);
    return 0;
}

int cs_evpi(const double *scores, size_t n_opt, size_t n, cs_voi_est *out)
{
    if (n < 2 || n_opt < 1)
        return -1;
    return estimate(scores, n_opt, n, cs_voi_baseline(scores, n_opt, n),
                    out);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The standardised columns of the parameters that vary, into z (k * n);
 * returns how many. */
static size_t standardise(const double *x, size_t k, size_t n, double *z)
{
    size_t kept = 0;

    for (size_t j = 0; j < k; j++) {
        const double *c = x + j * n;
        double m = 0, ss = 0;
        for (size_t d = 0; d < n; d++)
            m += c[d];
        m /= (double)n;
        for (size_t d = 0; d < n; d++)
            ss += (c[d] - m) * (c[d] - m);
        if (!(ss > 0) || sqrt(ss / (double)n) <= 1e-12 * (fabs(m) + 1e-300))
            continue;
        ss = sqrt(ss / (double)(n - 1));
        for (size_t d = 0; d < n; d++)
            z[kept * n + d] = (c[d] - m) / ss;
        kept++;
    }
    return kept;
}

/* The cubic regression spline basis of one standardised parameter. */
#define SPLINE_KNOTS 5
static gsl_matrix *spline_basis(const double *z, size_t n)
{
    gsl_matrix *X = gsl_matrix_alloc(n, 4 + SPLINE_KNOTS);
    double *s = malloc(n * sizeof *s), knot[SPLINE_KNOTS];

    if (!X || !s) {
        gsl_matrix_free(X);
        free(s);
        return NULL;
    }
    memcpy(s, z, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    for (size_t j = 0; j < SPLINE_KNOTS; j++)
        knot[j] = s[(j + 1) * n / (SPLINE_KNOTS + 1)];
    free(s);
    for (size_t d = 0; d < n; d++) {
        double t = z[d];
        gsl_matrix_set(X, d, 0, 1.0);
        gsl_matrix_set(X, d, 1, t);
        gsl_matrix_set(X, d, 2, t * t);
        gsl_matrix_set(X, d, 3, t * t * t);
        for (size_t j = 0; j < SPLINE_KNOTS; j++) {
            double u = t > knot[j] ? t - knot[j] : 0.0;
            gsl_matrix_set(X, d, 4 + j, u * u * u);
        }
    }
    return X;
}

/* Exponent vectors of total degree <= left in variables j..k-1, after
 * cur[0..j-1]; written into e (k entries each) when e is not NULL.
 * Returns how many. */
static size_t monomials_from(size_t k, size_t j, unsigned left,
                             unsigned *cur, unsigned *e, size_t count)
{
    if (j == k) {
        if (e)
            memcpy(e + count * k, cur, k * sizeof *cur);
        return count + 1;
    }
    for (unsigned q = 0; q <= left; q++) {
        cur[j] = q;
        count = monomials_from(k, j + 1, left - q, cur, e, count);
    }
    cur[j] = 0;
    return count;
}

static size_t monomials(size_t k, unsigned deg, unsigned *e)
{
    unsigned cur[CS_VOI_MAX_GROUP] = {0};

    return monomials_from(k, 0, deg, cur, e, 0);
}

static gsl_matrix *poly_basis(const double *z, size_t k, size_t n)
{
    unsigned deg = k > 6 ? 2 : 3;
    size_t p = monomials(k, deg, NULL);
    unsigned *e = malloc(p * k * sizeof *e);
    gsl_matrix *X = e ? gsl_matrix_alloc(n, p) : NULL;

    if (!X) {
        free(e);
        return NULL;
    }
    monomials(k, deg, e);
    for (size_t d = 0; d < n; d++)
        for (size_t t = 0; t < p; t++) {
            double v = 1.0;
            for (size_t j = 0; j < k; j++)
                for (unsigned q = 0; q < e[t * k + j]; q++)
                    v *= z[j * n + d];
            gsl_matrix_set(X, d, t, v);
        }
    free(e);
    return X;
}

/* Least-squares fitted values of each option's scores on X, into g. */
static int fit_all(const double *scores, size_t n_opt, size_t n,
                   const gsl_matrix *X, double *g)
{
    size_t p = X->size2;
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, p);
    gsl_vector *c = gsl_vector_alloc(p), *f = gsl_vector_alloc(n);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    int rc = (w && c && f && cov) ? 0 : -1;

    for (size_t o = 0; o < n_opt && rc == 0; o++) {
        gsl_vector_const_view y =
            gsl_vector_const_view_array(scores + o * n, n);
        double chisq;
        if (gsl_multifit_linear(X, &y.vector, c, cov, &chisq, w) != 0 ||
            gsl_blas_dgemv(CblasNoTrans, 1.0, X, c, 0.0, f) != 0) {
            rc = -1;
            break;
        }
        for (size_t d = 0; d < n; d++)
            g[o * n + d] = gsl_vector_get(f, d);
    }
    gsl_multifit_linear_free(w);
    gsl_vector_free(c);
    gsl_vector_free(f);
    gsl_matrix_free(cov);
    return rc;
}

/* EVPPI on the draws [lo, hi): fitted values of each option's scores on
 * the rows of X, their gain over option `base`; the value and P(change)
 * into v[0], v[1]. */
static int evppi_rows(const double *scores, size_t n_opt, size_t n,
                      const gsl_matrix *X, size_t lo, size_t hi, size_t base,
                      double *v)
{
    size_t m = hi - lo;
    gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, lo, 0, m,
                                                          X->size2);
    double *y = malloc(n_opt * m * sizeof *y), *g = malloc(n_opt * m *
                                                            sizeof *g);
    double *gain = malloc(2 * m * sizeof *gain), se;
    int rc = (y && g && gain) ? 0 : -1;

    for (size_t o = 0; o < n_opt && rc == 0; o++)
        memcpy(y + o * m, scores + o * n + lo, m * sizeof *y);
    if (rc == 0)
        rc = fit_all(y, n_opt, m, &Xb.matrix, g);
    if (rc == 0) {
        contributions(g, n_opt, m, base, gain, gain + m);
        batch_mean(gain, m, &v[0], &se);
        batch_mean(gain + m, m, &v[1], &se);
    }
    free(y);
    free(g);
    free(gain);
    return rc;
}

/* The estimate from all draws; its standard error from refitting on nb
 * contiguous batches (so it covers the fit's error as well as the
 * averaging): sd of the batch estimates / sqrt(nb). */
static int evppi_fit(const double *scores, size_t n_opt, size_t n,
                     const gsl_matrix *X, cs_voi_est *out)
{
    size_t base = cs_voi_baseline(scores, n_opt, n);
    size_t nb = n / (4 * X->size2);
    double all[2], v[2], s1[2] = {0, 0}, s2[2] = {0, 0};

    if (evppi_rows(scores, n_opt, n, X, 0, n, base, all) < 0)
        return -1;
    out->value = all[0];
    out->p_change = all[1];
    nb = nb < CS_VOI_BATCHES ? nb : CS_VOI_BATCHES;
    for (size_t b = 0; b < nb; b++) {
        if (evppi_rows(scores, n_opt, n, X, b * n / nb, (b + 1) * n / nb,
                       base, v) < 0)
            return -1;
        for (int i = 0; i < 2; i++) {
            s1[i] += v[i];
            s2[i] += v[i] * v[i];
        }
    }
    for (int i = 0; i < 2 && nb >= 2; i++) {
        double m = s1[i] / (double)nb;
        double var = (s2[i] - (double)nb * m * m) / (double)(nb - 1);
        (i ? &out->p_change_se : &out->value_se)[0] =
            sqrt((var > 0 ? var : 0) / (double)nb);
    }
    if (nb < 2)
        out->value_se = out->p_change_se = NAN;
    return 0;
}

int cs_evppi(const double *scores, size_t n_opt, size_t n, const double *x,
             size_t k, cs_voi_est *out)
{
    double *z;
    gsl_matrix *X;
    size_t kept;
    int rc;

    if (k == 0 || k > CS_VOI_MAX_GROUP || n_opt < 1 || n < 2)
        return -1;
    if (!(z = malloc(k * n * sizeof *z)))
        return -1;
    kept = standardise(x, k, n, z);
    if (kept == 0) {
        free(z);
        *out = (cs_voi_est){0, 0, 0, 0};
        return 0;
    }
    X = kept == 1 ? spline_basis(z, n) : poly_basis(z, kept, n);
    free(z);
    if (!X)
        return -1;
    /* the fit has an intercept, so the fitted values' means are the
     * scores' means and the baseline decision is the same */
    rc = n < 4 * X->size2 ? -1 : evppi_fit(scores, n_opt, n, X, out);
    gsl_matrix_free(X);
    return rc;
}
