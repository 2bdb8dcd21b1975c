/* test_voi.c -- EVPI and regression EVPPI (core/mcda/voi.h) against the
 * closed form of a two-option choice whose score difference is linear in
 * normal parameters.
 *
 * The closed form. Option A scores 50 + mu + b X + t E, option B scores
 * 50, with X and E independent standard normals. The difference
 * D = A - B = mu + b X + t E is normal, mean mu > 0 and sd s =
 * sqrt(b^2 + t^2), so A is best on average (the baseline). Perfect
 * information about everything picks B whenever D < 0, gaining -D there:
 *     EVPI = E[max(0, -D)] = integral_{-inf}^0 (-x) f_D(x) dx
 *          = s phi(z) - mu (1 - Phi(z)) = s L(z),    z = mu / s,
 * with L(z) = phi(z) - z (1 - Phi(z)) the unit normal loss integral
 * (phi, Phi the standard normal density and distribution function); the
 * decision changes with probability P(D < 0) = Phi(-z).
 * Perfect information about X alone: E[D | X] = mu + b X, normal with
 * mean mu and sd |b|, so by the same integral
 *     EVPPI(X) = |b| L(mu / |b|),  P(change) = Phi(-mu / |b|),
 * and likewise EVPPI(E) = t L(mu / t). Learning both is learning D:
 * EVPPI({X, E}) = EVPI. A parameter U independent of the scores has
 * EVPPI 0. The estimates are Monte Carlo figures over n draws: each must
 * lie within 4 of its own standard errors of the closed form (a 1 in
 * 15,000 chance of failing by accident for a normal error), and those
 * errors must be small next to the figure, so the check has teeth. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "voi.h"

#define N 20000

static double unit_loss(double z)
{
    return gsl_ran_ugaussian_pdf(z) - z * (1.0 - gsl_cdf_ugaussian_P(z));
}

/* scores[2 * N], x[3 * N]: X, E, U. */
static void draw_case(double mu, double b, double t, unsigned long seed,
                      double *scores, double *x)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    gsl_rng_set(r, seed);
    for (size_t d = 0; d < N; d++) {
        x[d] = gsl_ran_ugaussian(r);
        x[N + d] = gsl_ran_ugaussian(r);
        x[2 * N + d] = gsl_rng_uniform(r);
        scores[d] = 50.0 + mu + b * x[d] + t * x[N + d];
        scores[N + d] = 50.0;
    }
    gsl_rng_free(r);
}

static void near(const cs_voi_est *e, double value, double p_change)
{
    ck_assert_msg(fabs(e->value - value) <= 4 * e->value_se,
                  "value %g, closed form %g, se %g", e->value, value,
                  e->value_se);
    ck_assert_msg(e->value_se < 0.05 * value, "se %g too large for %g",
                  e->value_se, value);
    ck_assert_msg(fabs(e->p_change - p_change) <= 4 * e->p_change_se,
                  "P(change) %g, closed form %g, se %g", e->p_change,
                  p_change, e->p_change_se);
    ck_assert_msg(e->p_change_se < 0.05 * p_change, "se %g too large",
                  e->p_change_se);
}

START_TEST(evpi_matches_unit_normal_loss)
{
    static double scores[2 * N], x[3 * N];
    double mu = 1.0, b = 2.0, t = 1.5, s = sqrt(b * b + t * t);
    cs_voi_est e;

    draw_case(mu, b, t, 11 + (unsigned long)_i, scores, x);
    ck_assert_int_eq(cs_voi_baseline(scores, 2, N), 0);
    ck_assert_int_eq(cs_evpi(scores, 2, N, &e), 0);
    near(&e, s * unit_loss(mu / s), gsl_cdf_ugaussian_P(-mu / s));
}
END_TEST

START_TEST(evppi_of_each_parameter)
{
    static double scores[2 * N], x[3 * N];
    double mu = 1.0, b = 2.0, t = 1.5, s = sqrt(b * b + t * t);
    cs_voi_est e;

    draw_case(mu, b, t, 101 + (unsigned long)_i, scores, x);
    ck_assert_int_eq(cs_evppi(scores, 2, N, x, 1, &e), 0);
    near(&e, b * unit_loss(mu / b), gsl_cdf_ugaussian_P(-mu / b));
    ck_assert_int_eq(cs_evppi(scores, 2, N, x + N, 1, &e), 0);
    near(&e, t * unit_loss(mu / t), gsl_cdf_ugaussian_P(-mu / t));
    /* the group {X, E} determines D: its EVPPI is the EVPI */
    ck_assert_int_eq(cs_evppi(scores, 2, N, x, 2, &e), 0);
    near(&e, s * unit_loss(mu / s), gsl_cdf_ugaussian_P(-mu / s));
}
END_TEST

START_TEST(evppi_of_an_irrelevant_parameter_is_nil)
{
    static double scores[2 * N], x[3 * N];
    double mu = 1.0, b = 2.0, t = 1.5;
    cs_voi_est e;

    draw_case(mu, b, t, 7, scores, x);
    ck_assert_int_eq(cs_evppi(scores, 2, N, x + 2 * N, 1, &e), 0);
    /* E[D | U] = mu > 0 for every U: nothing to gain. The fit to noise
     * leaves a small positive figure; it must be under a hundredth of
     * the EVPI of X (b L(mu/b) = 0.396) */
    ck_assert_msg(e.value >= 0 && e.value < 0.01 * b * unit_loss(mu / b),
                  "EVPPI(U) %g", e.value);
}
END_TEST

START_TEST(a_constant_parameter_adds_nothing)
{
    static double scores[2 * N], x[N];
    cs_voi_est e = {1, 1, 1, 1};

    for (size_t d = 0; d < N; d++) {
        x[d] = 3.0;
        scores[d] = 50.0 + (double)(d % 7);
        scores[N + d] = 52.0;
    }
    ck_assert_int_eq(cs_evppi(scores, 2, N, x, 1, &e), 0);
    ck_assert(e.value == 0.0 && e.p_change == 0.0);
}
END_TEST

START_TEST(too_few_draws_for_the_basis)
{
    double scores[2 * 20] = {0}, x[20];
    cs_voi_est e;

    for (size_t d = 0; d < 20; d++)
        x[d] = (double)d;
    /* nine spline coefficients need 36 draws */
    ck_assert_int_eq(cs_evppi(scores, 2, 20, x, 1, &e), -1);
    ck_assert_int_eq(cs_evpi(scores, 2, 1, &e), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("voi");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    gsl_set_error_handler_off();
    tcase_add_loop_test(tc, evpi_matches_unit_normal_loss, 0, 3);
    tcase_add_loop_test(tc, evppi_of_each_parameter, 0, 3);
    tcase_add_test(tc, evppi_of_an_irrelevant_parameter_is_nil);
    tcase_add_test(tc, a_constant_parameter_adds_nothing);
    tcase_add_test(tc, too_few_draws_for_the_basis);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
