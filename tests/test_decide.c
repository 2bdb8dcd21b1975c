/* test_decide.c -- value functions, weights, per-draw scores and rank
 * probabilities on cases small enough to work out by hand. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "decide.h"

static char err[512];

/* ---- value functions --------------------------------------------------- */

START_TEST(linear_value)
{
    cs_value_fn up = {.kind = CS_VF_LINEAR, .worst = 10, .best = 30};
    cs_value_fn down = {.kind = CS_VF_LINEAR, .worst = 2, .best = 0};
    cs_value_fn flat = {.kind = CS_VF_LINEAR, .worst = 1, .best = 1};

    ck_assert_double_eq_tol(cs_value_fn_eval(&up, 10), 0.0, 1e-15);
    ck_assert_double_eq_tol(cs_value_fn_eval(&up, 25), 0.75, 1e-15);
    ck_assert_double_eq_tol(cs_value_fn_eval(&up, 30), 1.0, 1e-15);
    ck_assert_double_eq(cs_value_fn_eval(&up, -5), 0.0);   /* clamped */
    ck_assert_double_eq(cs_value_fn_eval(&up, 99), 1.0);
    ck_assert_double_eq_tol(cs_value_fn_eval(&down, 0.5), 0.75, 1e-15);
    ck_assert_double_eq(cs_value_fn_eval(&down, 3), 0.0);
    ck_assert_double_eq(cs_value_fn_eval(&flat, 7), 0.5);
    ck_assert(isnan(cs_value_fn_eval(&up, NAN)));
}
END_TEST

START_TEST(piecewise_value)
{
    static const double x[] = {0, 10, 20}, v[] = {0, 0.8, 1};
    cs_value_fn f = {.kind = CS_VF_PIECEWISE, .x = x, .v = v, .n = 3};

    ck_assert_double_eq_tol(cs_value_fn_eval(&f, 5), 0.4, 1e-15);
    ck_assert_double_eq_tol(cs_value_fn_eval(&f, 15), 0.9, 1e-15);
    ck_assert_double_eq(cs_value_fn_eval(&f, 10), 0.8);
    ck_assert_double_eq(cs_value_fn_eval(&f, -3), 0.0);
    ck_assert_double_eq(cs_value_fn_eval(&f, 25), 1.0);
    ck_assert_int_eq(cs_value_fn_check(&f, CS_HIGHER_IS_BETTER, err,
                                       sizeof err), 0);
    ck_assert_int_eq(cs_value_fn_check(&f, CS_LOWER_IS_BETTER, err,
                                       sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "lower is better"));
}
END_TEST

/* Overspend in %: under 1% is fine, 1-2% half as good, 2% or more worst. */
START_TEST(step_value)
{
    static const double x[] = {0, 1, 2}, v[] = {1, 0.5, 0};
    cs_value_fn f = {.kind = CS_VF_STEP, .x = x, .v = v, .n = 3};

    ck_assert_double_eq(cs_value_fn_eval(&f, -1), 1.0);
    ck_assert_double_eq(cs_value_fn_eval(&f, 0.99), 1.0);
    ck_assert_double_eq(cs_value_fn_eval(&f, 1.0), 0.5);
    ck_assert_double_eq(cs_value_fn_eval(&f, 1.99), 0.5);
    ck_assert_double_eq(cs_value_fn_eval(&f, 2.0), 0.0);
    ck_assert_double_eq(cs_value_fn_eval(&f, 50), 0.0);
    ck_assert_int_eq(cs_value_fn_check(&f, CS_LOWER_IS_BETTER, err,
                                       sizeof err), 0);
}
END_TEST

/* Malformed value functions, each refused with a reason and a fix. */
static const double bx_desc[] = {0, 5, 3}, bv_ok[] = {0, 0.5, 1};
static const double bx_ok[] = {0, 1, 2}, bv_big[] = {0, 1.5, 1};
static const double bv_nan[] = {0, NAN, 1};
/* just past the rules: a value a hair above 1, two points at one level */
static const double bv_hair[] = {0, 0.5, 1.001}, bx_dup[] = {0, 1, 1};
static const struct {
    cs_value_fn f;
    cs_direction dir;
    const char *want;
} bad_vf[] = {
    {{CS_VF_LINEAR, 0, 10, NULL, NULL, 0}, CS_LOWER_IS_BETTER, "swap them"},
    {{CS_VF_LINEAR, 10, 0, NULL, NULL, 0}, CS_HIGHER_IS_BETTER, "swap them"},
    {{CS_VF_LINEAR, 4, 4, NULL, NULL, 0}, CS_HIGHER_IS_BETTER,
     "give two different levels"},
    {{CS_VF_LINEAR, NAN, 4, NULL, NULL, 0}, CS_HIGHER_IS_BETTER, "finite"},
    {{CS_VF_PIECEWISE, 0, 0, bx_desc, bv_ok, 3}, CS_HIGHER_IS_BETTER,
     "ascending order"},
    {{CS_VF_PIECEWISE, 0, 0, bx_ok, bv_big, 3}, CS_HIGHER_IS_BETTER,
     "outside [0, 1]"},
    {{CS_VF_PIECEWISE, 0, 0, bx_ok, bv_ok, 1}, CS_HIGHER_IS_BETTER,
     "at least two points"},
    {{CS_VF_STEP, 0, 0, bx_ok, bv_ok, 0}, CS_HIGHER_IS_BETTER,
     "at least one step"},
    {{CS_VF_STEP, 0, 0, bx_ok, bv_nan, 3}, CS_HIGHER_IS_BETTER, "finite"},
    {{CS_VF_PIECEWISE, 0, 0, bx_ok, bv_hair, 3}, CS_HIGHER_IS_BETTER,
     "outside [0, 1]"},
    {{CS_VF_STEP, 0, 0, bx_dup, bv_ok, 3}, CS_HIGHER_IS_BETTER,
     "ascending order"},
};

START_TEST(value_fn_refused)
{
    err[0] = '\0';
    ck_assert_int_eq(cs_value_fn_check(&bad_vf[_i].f, bad_vf[_i].dir, err,
                                       sizeof err), -1);
    ck_assert_msg(strstr(err, bad_vf[_i].want) != NULL, "case %d: %s", _i,
                  err);
}
END_TEST

/* ---- weights ----------------------------------------------------------- */

START_TEST(direct_and_swing_weights)
{
    const double direct[] = {30, 20, 50}, swing[] = {100, 60, 40};
    double w[3];

    ck_assert_int_eq(cs_weights_normalise(direct, 3, w, err, sizeof err), 0);
    ck_assert_double_eq_tol(w[0], 0.3, 1e-15);
    ck_assert_double_eq_tol(w[1], 0.2, 1e-15);
    ck_assert_double_eq_tol(w[2], 0.5, 1e-15);
    ck_assert_int_eq(cs_weights_normalise(swing, 3, w, err, sizeof err), 0);
    ck_assert_double_eq_tol(w[0], 0.5, 1e-15);
    ck_assert_double_eq_tol(w[1], 0.3, 1e-15);
    ck_assert_double_eq_tol(w[2], 0.2, 1e-15);
}
END_TEST

START_TEST(bad_weights_refused)
{
    const double neg[] = {30, -1, 50}, zero[] = {0, 0, 0};
    const double nan3[] = {1, NAN, 1};
    double w[3];

    ck_assert_int_eq(cs_weights_normalise(neg, 3, w, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "weight 2 is negative (-1)") != NULL, "%s", err);
    ck_assert_int_eq(cs_weights_normalise(zero, 3, w, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "every weight is 0") != NULL, "%s", err);
    ck_assert_int_eq(cs_weights_normalise(nan3, 3, w, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "not a finite number") != NULL, "%s", err);
    ck_assert_int_eq(cs_weights_normalise(neg, 0, w, err, sizeof err), -1);
}
END_TEST

/* Rank-order centroid: (1/3)(1 + 1/2 + 1/3), (1/3)(1/2 + 1/3), (1/3)(1/3). */
START_TEST(ordinal_centroid)
{
    const int strict[] = {3, 1, 2}, tied[] = {1, 2, 2}, gaps[] = {10, 40, 20};
    const int unranked[] = {1, 0, 2};
    double w[3];

    ck_assert_int_eq(cs_weights_ordinal_centroid(strict, 3, w), 0);
    ck_assert_double_eq_tol(w[1], 11.0 / 18.0, 1e-15);
    ck_assert_double_eq_tol(w[2], 5.0 / 18.0, 1e-15);
    ck_assert_double_eq_tol(w[0], 2.0 / 18.0, 1e-15);
    ck_assert_int_eq(cs_weights_ordinal_centroid(tied, 3, w), 0);
    ck_assert_double_eq_tol(w[0], 11.0 / 18.0, 1e-15);
    ck_assert_double_eq_tol(w[1], 3.5 / 18.0, 1e-15);
    ck_assert_double_eq_tol(w[2], 3.5 / 18.0, 1e-15);
    ck_assert_int_eq(cs_weights_ordinal_centroid(gaps, 3, w), 0);
    ck_assert_double_eq_tol(w[0], 11.0 / 18.0, 1e-15);
    ck_assert_double_eq_tol(w[2], 5.0 / 18.0, 1e-15);
    ck_assert_int_eq(cs_weights_ordinal_centroid(unranked, 3, w), -1);
}
END_TEST

/* ---- scores and ranks -------------------------------------------------- */

/* Two options, two criteria, three draws, weights 0.25 / 0.75. */
START_TEST(two_by_two_exact_scores)
{
    static const double a[3][2] = {{0.2, 0.8}, {0.5, 0.5}, {1.0, 0.0}};
    static const double b[3][2] = {{0.6, 0.4}, {0.0, 1.0}, {0.4, 0.4}};
    const double w[] = {0.25, 0.75};
    cs_perf *p = cs_perf_alloc(2, 2, 3);
    cs_rank_stats *rs = cs_rank_stats_alloc(2);
    double s[6], mean[4];

    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(rs);
    for (size_t k = 0; k < 3; k++)
        for (size_t c = 0; c < 2; c++) {
            *cs_perf_at(p, 0, c, k) = a[k][c];
            *cs_perf_at(p, 1, c, k) = b[k][c];
        }
    cs_decide_scores(p, w, 100.0, s);
    ck_assert_double_eq_tol(s[0], 65.0, 1e-12);   /* A, draw 1 */
    ck_assert_double_eq_tol(s[1], 50.0, 1e-12);
    ck_assert_double_eq_tol(s[2], 25.0, 1e-12);
    ck_assert_double_eq_tol(s[3], 45.0, 1e-12);   /* B */
    ck_assert_double_eq_tol(s[4], 75.0, 1e-12);
    ck_assert_double_eq_tol(s[5], 40.0, 1e-12);
    cs_perf_means(p, mean);
    ck_assert_double_eq_tol(mean[0], 1.7 / 3.0, 1e-15);
    ck_assert_double_eq_tol(mean[3], 1.8 / 3.0, 1e-15);
    cs_rank_stats_compute(rs, s, 3);
    /* A wins draw 1, B draws 2 and 3 */
    ck_assert_double_eq_tol(rs->rank_p[0], 1.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(rs->rank_p[2], 2.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(rs->beats[1], 1.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(rs->beats[2], 2.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(rs->mean_score[0], 140.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(rs->mean_score[1], 160.0 / 3.0, 1e-12);
    ck_assert_int_eq(rs->rank[0], 2);
    ck_assert_int_eq(rs->rank[1], 1);
    ck_assert_double_eq_tol(rs->expected_rank[0], 5.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(rs->rank_se[0], sqrt(2.0 / 9.0 / 3.0), 1e-15);
    cs_rank_stats_free(rs);
    cs_perf_free(p);
}
END_TEST

/* Contributions on the same table. By hand, with weights 0.25 / 0.75:
 * A's mean values are (0.2 + 0.5 + 1.0) / 3 = 1.7/3 and (0.8 + 0.5 + 0)
 * / 3 = 1.3/3, so its contributions are 100 * 0.25 * 1.7/3 = 42.5/3 =
 * 14.1667 and 100 * 0.75 * 1.3/3 = 97.5/3 = 32.5 points; B's means are
 * 1.0/3 and 1.8/3: 25/3 = 8.3333 and 135/3 = 45 points. Each pair sums to
 * the option's mean score from its draws: A (65 + 50 + 25) / 3 = 140/3,
 * B (45 + 75 + 40) / 3 = 160/3. */
START_TEST(contributions_sum_to_score)
{
    static const double a[3][2] = {{0.2, 0.8}, {0.5, 0.5}, {1.0, 0.0}};
    static const double b[3][2] = {{0.6, 0.4}, {0.0, 1.0}, {0.4, 0.4}};
    const double w[] = {0.25, 0.75};
    cs_perf *p = cs_perf_alloc(2, 2, 3);
    double s[6], mean[4], c[4];

    ck_assert_ptr_nonnull(p);
    for (size_t k = 0; k < 3; k++)
        for (size_t j = 0; j < 2; j++) {
            *cs_perf_at(p, 0, j, k) = a[k][j];
            *cs_perf_at(p, 1, j, k) = b[k][j];
        }
    cs_perf_means(p, mean);
    cs_contributions(mean, w, 2, 2, 100.0, c);
    ck_assert_double_eq_tol(c[0], 42.5 / 3.0, 1e-12);
    ck_assert_double_eq_tol(c[1], 32.5, 1e-12);
    ck_assert_double_eq_tol(c[2], 25.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(c[3], 45.0, 1e-12);
    cs_decide_scores(p, w, 100.0, s);
    for (size_t o = 0; o < 2; o++)
        ck_assert_double_eq_tol(c[2 * o] + c[2 * o + 1],
                                (s[3 * o] + s[3 * o + 1] + s[3 * o + 2]) / 3,
                                1e-12);
    ck_assert_double_eq_tol(c[0] + c[1], 140.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(c[2] + c[3], 160.0 / 3.0, 1e-12);
    cs_perf_free(p);
}
END_TEST

/* Three options, four draws, a tie for first in draw 2 and a three-way
 * tie in draw 4. */
START_TEST(rank_probabilities_with_ties)
{
    /* scores[o * 4 + k] */
    static const double s[] = {
        3, 2, 1, 5,     /* A */
        2, 2, 3, 5,     /* B */
        1, 1, 2, 5,     /* C */
    };
    cs_rank_stats *rs = cs_rank_stats_alloc(3);
    double third = 1.0 / 3.0;

    cs_rank_stats_compute(rs, s, 4);
    /* A: rank 1 in draw 1, half of draw 2, a third of draw 4 */
    ck_assert_double_eq_tol(rs->rank_p[0], (1 + 0.5 + third) / 4, 1e-15);
    ck_assert_double_eq_tol(rs->rank_p[1], (0.5 + third) / 4, 1e-15);
    ck_assert_double_eq_tol(rs->rank_p[2], (1 + third) / 4, 1e-15);
    /* B: rank 2, half of 1 and 2, rank 1, a third each */
    ck_assert_double_eq_tol(rs->rank_p[3], (0.5 + 1 + third) / 4, 1e-15);
    ck_assert_double_eq_tol(rs->rank_p[4], (1 + 0.5 + third) / 4, 1e-15);
    /* every row and every column sums to 1 */
    for (size_t i = 0; i < 3; i++) {
        double row = 0, col = 0;
        for (size_t j = 0; j < 3; j++) {
            row += rs->rank_p[i * 3 + j];
            col += rs->rank_p[j * 3 + i];
        }
        ck_assert_double_eq_tol(row, 1.0, 1e-15);
        ck_assert_double_eq_tol(col, 1.0, 1e-15);
    }
    /* A beats B in draw 1, ties in 2 and 4, loses in 3 */
    ck_assert_double_eq_tol(rs->beats[0 * 3 + 1], (1 + 0.5 + 0.5) / 4, 1e-15);
    ck_assert_double_eq_tol(rs->beats[1 * 3 + 0], (0.5 + 1 + 0.5) / 4, 1e-15);
    ck_assert_double_eq(rs->beats[4], 0.5);
    /* mean scores 2.75, 3, 2.25 */
    ck_assert_int_eq(rs->rank[0], 2);
    ck_assert_int_eq(rs->rank[1], 1);
    ck_assert_int_eq(rs->rank[2], 3);
    cs_rank_stats_free(rs);
}
END_TEST

START_TEST(proportion_se_and_alloc_limits)
{
    ck_assert_double_eq_tol(cs_prop_se(0.5, 100), 0.05, 1e-15);
    ck_assert_double_eq(cs_prop_se(0.0, 100), 0.0);
    ck_assert_double_eq(cs_prop_se(1.0, 100), 0.0);
    ck_assert_ptr_null(cs_perf_alloc(0, 2, 3));
    ck_assert_ptr_null(cs_perf_alloc(2, 2, (size_t)-1 / 2));
    cs_perf_free(NULL);
    cs_rank_stats_free(NULL);
}
END_TEST

static Suite *decide_suite(void)
{
    Suite *s = suite_create("decide");
    TCase *tc = tcase_create("value functions");

    tcase_add_test(tc, linear_value);
    tcase_add_test(tc, piecewise_value);
    tcase_add_test(tc, step_value);
    tcase_add_loop_test(tc, value_fn_refused, 0,
                        sizeof bad_vf / sizeof *bad_vf);
    suite_add_tcase(s, tc);
    tc = tcase_create("weights");
    tcase_add_test(tc, direct_and_swing_weights);
    tcase_add_test(tc, bad_weights_refused);
    tcase_add_test(tc, ordinal_centroid);
    suite_add_tcase(s, tc);
    tc = tcase_create("scores");
    tcase_add_test(tc, two_by_two_exact_scores);
    tcase_add_test(tc, contributions_sum_to_score);
    tcase_add_test(tc, rank_probabilities_with_ties);
    tcase_add_test(tc, proportion_se_and_alloc_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decide_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
