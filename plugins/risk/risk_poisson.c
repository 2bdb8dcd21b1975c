/*
 * risk_poisson.c -- an exact Poisson generator, faster than
 * gsl_ran_poisson for the means the risk model meets (tens to thousands
 * of high-cost cases a year), in two documented exact methods:
 *
 * - mean below 10: inversion by sequential search (Devroye, Non-Uniform
 *   Random Variate Generation, 1986, ch. X.3, algorithm "inversion"):
 *   one uniform, k steps of the recurrence p_k = p_{k-1} mu / k;
 * - mean 10 or more: PTRS, the transformed rejection method with squeeze
 *   of W. Hormann, "The transformed rejection method for generating
 *   Poisson random variables", Insurance: Mathematics and Economics 12
 *   (1993) 39-45: two uniforms per try, accepted without a logarithm in
 *   about 90% of tries, the rest tested against the exact pmf; the
 *   constants are the paper's.
 *
 * Both are exact: the draws follow the Poisson pmf to floating-point
 * accuracy (tests/test_risk_poisson.c holds them to it by chi-square and
 * by the first two moments).
 */
#include "risk.h"

#include <math.h>

static unsigned int risk_poisson_inversion(gsl_rng *r, double mu)
{
    for (;;) {
        double u = gsl_rng_uniform(r), p = exp(-mu), f = p;
        unsigned int k = 0;
        while (u > f && k < 1000) {     /* k < 1000: rounding guard only */
            k++;
            p *= mu / k;
            f += p;
        }
        if (u <= f)
            return k;
    }
}

static unsigned int risk_poisson_ptrs(gsl_rng *r, double mu)
{
    const double smu = sqrt(mu), lmu = log(mu);
    const double b = 0.931 + 2.53 * smu;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = gsl_rng_uniform(r) - 0.5;
        double v = gsl_rng_uniform_pos(r);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + mu + 0.43);
        if (us >= 0.07 && v <= v_r)
            return (unsigned int)k;
        if (k < 0 || (us < 0.013 && v > us))
            continue;
        if (log(v * inv_alpha / (a / (us * us) + b))
            <= -mu + k * lmu - lgamma(k + 1))
            return (unsigned int)k;
    }
}

unsigned int risk_poisson(gsl_rng *r, double mu)
{
    if (!(mu > 0))
        return 0;
    return mu < 10 ? risk_poisson_inversion(r, mu) : risk_poisson_ptrs(r, mu);
}
