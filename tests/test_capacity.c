/*
 * test_capacity.c -- the capacity plugin through the mock host: costs,
 * headroom, break-even and leadership worked by hand; P(shortfall) from
 * given allowance draws; federations sharing the fixed base; splitting a
 * consortium never lowers its running costs.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mockhost.h"

#define CAPACITY_SO CS_BUILD_PLUGINDIR "/capacity.so"

/* Practices of the given sizes in one locality. */
static cs_mock *scenario(size_t draws, const double *sizes, int n)
{
    cs_mock *m = cs_mock_new(draws, 7);
    int loc = cs_mock_add_locality(m, "loc", -1, -1);
    for (int i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "P%03d", i);
        ck_assert_int_eq(cs_mock_add_practice(m, code, loc, sizes[i],
                                              sizes[i]), i);
    }
    return m;
}

static void load(cs_mock *m)
{
    ck_assert_msg(cs_mock_load_file(m, CAPACITY_SO) == 0, "%s",
                  cs_mock_error(m));
}

static double value(cs_mock *m, const int *idx, size_t n, const char *metric)
{
    const cs_values *v;
    ck_assert_msg(cs_mock_consortium(m, idx, n, &v) == 0, "%s",
                  cs_mock_error(m));
    return cs_mock_value(m, v, metric, 0);
}

/* 100,000 people at GBP 30: roles 8 + 15 = 23; costs 1.5m + 0.2m + 23 x
 * 37,000 + 3 x 100,000 = 2.851m; headroom 149,000. */
START_TEST(test_hand_computed)
{
    cs_mock *m = scenario(3, (double[]){60000, 40000}, 2);
    cs_mock_practice(m, 0)->gp_fte = 30;
    load(m);
    const int both[] = {0, 1};
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, both, 2, &v), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "headroom_gbp", 2), 149000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "headroom_per_head", 0), 1.49,
                            1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "running_cost_gbp", 0), 2.851e6,
                            1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "fixed_cost_gbp", 0), 1.996e6,
                            1e-6);
    ck_assert_double_eq(cs_mock_value(m, v, "p_shortfall", 0), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "roles_needed", 0), 23, 1e-12);
    /* 30 FTE given, 40,000 / 1934 estimated; 35% willing */
    double able = (30 + 40000 / 1934.0) * 0.35;
    ck_assert_double_eq_tol(cs_mock_value(m, v, "gps_able", 0), able, 1e-9);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "leadership_cover", 0),
                            able / 23, 1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "gp_fte_estimated_share", 0),
                            0.4, 1e-12);
    /* break-even at GBP 30: 1.996m / (30 - 3 - 37,000 x 15/100,000) */
    ck_assert_double_eq_tol(cs_mock_value(m, v, "break_even_population", 0),
                            1.996e6 / 21.45, 1e-6);
    cs_mock_free(m);
}
END_TEST

/* Below the minimum of 12 leads, break-even is on the flat part. */
START_TEST(test_break_even_regions)
{
    cs_mock *m = scenario(2, (double[]){50000}, 1);
    cs_mock_set_number(m, "allowance_per_head", 60);
    load(m);
    /* (1.996m + 12 x 37,000) / (60 - 3) = 42,807 < 80,000 */
    ck_assert_double_eq_tol(value(m, (int[]){0}, 1, "break_even_population"),
                            2.44e6 / 57, 1e-6);
    cs_mock_free(m);

    m = scenario(2, (double[]){50000}, 1);
    cs_mock_set_number(m, "allowance_per_head", 2);   /* below staff cost */
    load(m);
    ck_assert_double_eq(value(m, (int[]){0}, 1, "break_even_population"), 1e8);
    cs_mock_free(m);
}
END_TEST

/* P(shortfall) is the share of draws whose allowance is below cost/N:
 * at 100,000 people, cost/N is 28.51. */
START_TEST(test_shortfall_from_draws)
{
    const double allowance[8] = {25, 28.5, 28.52, 30, 35, 27, 29, 31};
    cs_mock *m = scenario(8, (double[]){100000}, 1);
    ck_assert_int_eq(cs_mock_set_draws(m, "allowance_per_head", allowance), 0);
    load(m);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "p_shortfall", 0), 3 / 8.0,
                            1e-12);
    for (size_t k = 0; k < 8; k++)
        ck_assert_double_eq_tol(cs_mock_value(m, v, "headroom_per_head", k),
                                allowance[k] - 28.51, 1e-9);
    cs_mock_free(m);
}
END_TEST

/* Two consortia of 50,000 sharing 40% of the fixed base: each saves
 * 0.4 x 1.5m x (1 - 1/2) = 300,000. */
START_TEST(test_federation_shares_base)
{
    cs_mock *m = scenario(4, (double[]){50000, 50000}, 2);
    load(m);
    const cs_values *const *per;
    const cs_values *apart, *fed;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &apart), 0);
    double fixed_apart = cs_mock_value(m, apart, "fixed_cost_gbp", 0);
    double head_apart = cs_mock_value(m, apart, "headroom_gbp", 0);
    ck_assert_double_eq_tol(fixed_apart, 2 * 1.996e6, 1e-6);

    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    cs_mock_option_federation(m, (int[]){0, 1}, 2, 0, 0, 0.4, 0);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &fed), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "fixed_cost_gbp", 0),
                            fixed_apart - 600000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "headroom_gbp", 3),
                            head_apart + 600000, 1e-6);
    /* the per-consortium values are before sharing */
    ck_assert_double_eq_tol(cs_mock_value(m, per[0], "fixed_cost_gbp", 0),
                            1.996e6, 1e-6);
    /* a member's break-even falls: 1.396m / (30 - 3 - 5.55 - 0.6m/100k) */
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "break_even_population", 0),
                            1.396e6 / (30 - 3 - 5.55 - 6), 1e-6);
    cs_mock_free(m);
}
END_TEST

/* Splitting a consortium never lowers fixed or total running costs. */
START_TEST(test_split_never_cheaper)
{
    const double sizes[] = {8000, 12000, 30000, 45000, 60000, 90000, 150000};
    cs_mock *m = scenario(2, sizes, 7);
    load(m);
    const int all[] = {0, 1, 2, 3, 4, 5, 6};
    double whole_fixed = value(m, all, 7, "fixed_cost_gbp");
    double whole_cost = value(m, all, 7, "running_cost_gbp");
    /* every split into two parts, by bit mask */
    for (int mask = 1; mask < (1 << 7) - 1; mask++) {
        int a[7], b[7];
        size_t na = 0, nb = 0;
        for (int i = 0; i < 7; i++) {
            if (mask & (1 << i))
                a[na++] = i;
            else
                b[nb++] = i;
        }
        double fixed = value(m, a, na, "fixed_cost_gbp")
                       + value(m, b, nb, "fixed_cost_gbp");
        double cost = value(m, a, na, "running_cost_gbp")
                      + value(m, b, nb, "running_cost_gbp");
        ck_assert_msg(fixed > whole_fixed && cost > whole_cost,
                      "split %d: fixed %g vs %g, cost %g vs %g", mask, fixed,
                      whole_fixed, cost, whole_cost);
    }
    cs_mock_free(m);
}
END_TEST

/* The option: population-weighted P(shortfall), the worst consortium. */
/* With no leadership role at all, cover would be a division by zero: the
 * plugin refuses to start and says which parameters to change. */
START_TEST(test_no_roles_refused)
{
    cs_mock *m = cs_mock_new(10, 1);
    int loc = cs_mock_add_locality(m, "l", -1, -1);

    cs_mock_add_practice(m, "A", loc, 50000, 50000);
    cs_mock_set_number(m, "gp_board_seats", 0);
    cs_mock_set_number(m, "min_leads", 0);
    cs_mock_set_number(m, "leads_per_100k", 0);
    ck_assert_int_ne(cs_mock_load_file(m, CAPACITY_SO), 0);
    cs_mock_free(m);
    m = cs_mock_new(10, 1);
    loc = cs_mock_add_locality(m, "l", -1, -1);
    cs_mock_add_practice(m, "A", loc, 50000, 50000);
    cs_mock_set_number(m, "gp_board_seats", 0);
    cs_mock_set_number(m, "min_leads", 0);
    cs_mock_set_number(m, "leads_per_100k", 1);
    ck_assert_int_eq(cs_mock_load_file(m, CAPACITY_SO), 0);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_option_worst)
{
    cs_mock *m = scenario(2, (double[]){50000, 250000}, 2);
    cs_mock_set_number(m, "allowance_per_head", 25);
    load(m);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    const cs_values *const *per;
    const cs_values *o;
    ck_assert_int_eq(cs_mock_option_run(m, &per, &o), 0);
    double small = cs_mock_value(m, per[0], "headroom_per_head", 0);
    double big = cs_mock_value(m, per[1], "headroom_per_head", 0);
    ck_assert(small < 0 && big > 0);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "worst_headroom_per_head", 0),
                            small, 1e-9);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "p_shortfall", 0), 1 / 6.0,
                            1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "headroom_per_head", 1),
                            (small * 50000 + big * 250000) / 300000, 1e-9);
    cs_mock_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("capacity");
    TCase *tc = tcase_create("capacity");
    tcase_add_test(tc, test_hand_computed);
    tcase_add_test(tc, test_break_even_regions);
    tcase_add_test(tc, test_shortfall_from_draws);
    tcase_add_test(tc, test_federation_shares_base);
    tcase_add_test(tc, test_split_never_cheaper);
    tcase_add_test(tc, test_option_worst);
    tcase_add_test(tc, test_no_roles_refused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
