/*
 * test_select.c -- order statistics by selection (core/base/select.c,
 * compiled in) against a full sort (gsl_sort): the k-th value and the
 * quantiles must be exactly those of the sorted array, through the same
 * interpolation as gsl_stats_quantile_from_sorted_data, on arrays that
 * stress a quickselect: sorted, reversed, all equal, mostly equal (a
 * censored metric: 0 in most draws), organ-pipe, random, and four values
 * at random (ties that a sample of three sees in some rounds only: both
 * of cs_select's partitions in one run).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "select.h"

enum { SORTED, REVERSED, EQUAL, CENSORED, PIPE, RANDOM, FEW, N_SHAPES };

static void fill(double *x, size_t n, int shape, gsl_rng *r)
{
    for (size_t i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        x[i] = shape == SORTED ? (double)i
             : shape == REVERSED ? (double)(n - i)
             : shape == EQUAL ? 3.0
             : shape == CENSORED ? (u < 0.9 ? 0.0 : u)
             : shape == PIPE ? (double)(i < n / 2 ? i : n - i)
             : shape == FEW ? (double)(int)(4 * u)   /* ties, not a run */
             : u - 0.5;
    }
}

static const size_t sizes[] = {1, 2, 3, 16, 17, 18, 19, 100, 1001, 10000};

START_TEST(test_kth_and_quantiles)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t n = sizes[_i];
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    double *z = malloc(n * sizeof *z);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    ck_assert_ptr_nonnull(z);
    for (int shape = 0; shape < N_SHAPES; shape++) {
        fill(x, n, shape, r);
        memcpy(y, x, n * sizeof *y);
        gsl_sort(y, 1, n);
        const size_t ks[] = {0, n / 20, n / 2, n - 1 - n / 20, n - 1};
        for (size_t j = 0; j < 5; j++) {
            memcpy(z, x, n * sizeof *z);
            cs_select(z, n, ks[j]);
            ck_assert_msg(z[ks[j]] == y[ks[j]], "n %zu shape %d k %zu", n,
                          shape, ks[j]);
            for (size_t i = 0; i < n; i++)
                ck_assert(i < ks[j] ? z[i] <= z[ks[j]] : z[i] >= z[ks[j]]);
        }
        double p05, p50, p95;
        memcpy(z, x, n * sizeof *z);
        cs_select_summary(z, n, &p05, &p50, &p95);
        ck_assert(p05 == gsl_stats_quantile_from_sorted_data(y, 1, n, 0.05));
        ck_assert(p50 == gsl_stats_quantile_from_sorted_data(y, 1, n, 0.50));
        ck_assert(p95 == gsl_stats_quantile_from_sorted_data(y, 1, n, 0.95));
        gsl_sort(z, 1, n);                 /* a permutation of x */
        ck_assert(memcmp(z, y, n * sizeof *z) == 0);
    }
    free(x);
    free(y);
    free(z);
    gsl_rng_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("select");
    TCase *tc = tcase_create("select");
    tcase_add_loop_test(tc, test_kth_and_quantiles, 0,
                        (int)(sizeof sizes / sizeof sizes[0]));
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
