/*
 * test_moments.c -- cs_mean_sd (core/base/moments.c, compiled in) against
 * GSL's own gsl_stats_mean and gsl_stats_sd_m: the same bits for every
 * array of a group, for groups of 1 to 9 arrays (a group of four, a
 * short group, both), on arrays where a change in the order or the
 * precision of the running sums shows (a large offset with small noise,
 * magnitudes far apart, alternating signs) and on plain ones (random,
 * sorted, reversed, all equal, censored), n = 1, 2, 3, 5, 17, 1000,
 * 10001; and a hand-worked case.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "moments.h"

enum { RANDOM, OFFSET, SORTED, REVERSED, EQUAL, CENSORED, WIDE, ALTERNATE,
       N_SHAPES };

static void fill(double *x, size_t n, int shape, gsl_rng *r)
{
    for (size_t i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        x[i] = shape == RANDOM ? gsl_ran_gaussian(r, 3.0) - 1.0
             : shape == OFFSET ? 1e9 + gsl_ran_gaussian(r, 1e-3)
             : shape == SORTED ? (double)i * 0.1
             : shape == REVERSED ? (double)(n - i) / 7.0
             : shape == EQUAL ? 0.1
             : shape == CENSORED ? (u < 0.9 ? 0.0 : 1e6 * u)
             : shape == WIDE ? ldexp(u, (int)(i % 90) - 45)
             : (i % 2 ? -1.0 : 1.0) * (1.0 + u);
    }
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static const size_t sizes[] = {1, 2, 3, 5, 17, 1000, 10001};

START_TEST(test_against_gsl)
{
    enum { K = 9 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t n = sizes[_i];
    double *x[K], mean[K], sd[K], mean_only[K];
    ck_assert_ptr_nonnull(r);
    gsl_rng_set(r, 1000 + (unsigned long)_i);
    for (size_t j = 0; j < K; j++)
        ck_assert_ptr_nonnull(x[j] = malloc(n * sizeof *x[j]));
    for (int shape = 0; shape < N_SHAPES; shape++) {
        for (size_t k = 1; k <= K; k++) {
            for (size_t j = 0; j < k; j++)   /* mixed shapes in a group */
                fill(x[j], n, j == 0 ? shape : (shape + (int)j) % N_SHAPES,
                     r);
            cs_mean_sd((const double *const *)x, k, n, mean, sd);
            cs_mean_sd((const double *const *)x, k, n, mean_only, NULL);
            for (size_t j = 0; j < k; j++) {
                double m = gsl_stats_mean(x[j], 1, n);
                double s = n > 1 ? gsl_stats_sd_m(x[j], 1, n, m) : 0.0;
                ck_assert_msg(same(mean[j], m), "mean n %zu shape %d k %zu "
                              "j %zu: %.17g, gsl %.17g", n, shape, k, j,
                              mean[j], m);
                ck_assert_msg(same(sd[j], s), "sd n %zu shape %d k %zu "
                              "j %zu: %.17g, gsl %.17g", n, shape, k, j,
                              sd[j], s);
                ck_assert(same(mean_only[j], m));
            }
        }
    }
    for (size_t j = 0; j < K; j++)
        free(x[j]);
    gsl_rng_free(r);
}
END_TEST

/* 1, 2, 3, 4: mean 5/2; squares about it 9/4, 1/4, 1/4, 9/4, sum 5, so
 * the SD is sqrt(5/3); a single value has SD 0. */
START_TEST(test_by_hand)
{
    const double a[] = {1, 2, 3, 4}, b[] = {-7.25};
    const double *p[] = {a, a, a};
    double mean[3], sd[3];

    cs_mean_sd(p, 3, 4, mean, sd);
    for (int j = 0; j < 3; j++) {
        ck_assert(mean[j] == 2.5);
        ck_assert(fabs(sd[j] - sqrt(5.0 / 3.0)) <= 4e-16 * sqrt(5.0 / 3.0));
    }
    p[0] = b;
    cs_mean_sd(p, 1, 1, mean, sd);
    ck_assert(mean[0] == -7.25);
    ck_assert(sd[0] == 0.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("moments");
    TCase *tc = tcase_create("moments");
    tcase_add_loop_test(tc, test_against_gsl, 0,
                        (int)(sizeof sizes / sizeof sizes[0]));
    tcase_add_test(tc, test_by_hand);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
