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
 * 0.4 x 1.5m x (1 - 1/2) = 300,000 (both below base_population, so the
 * base does not grow and there is no further layer) and pays for
 * coordination 50,000 as a member plus half of one agreement (shared
 * functions; no risk pool, no joint contracts) at 100,000: 100,000. */
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
    ck_assert_double_eq(cs_mock_value(m, apart, "coordination_cost_gbp", 0),
                        0);

    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    cs_mock_option_federation(m, (int[]){0, 1}, 2, 0, 0, 0.4, 0);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &fed), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "fixed_cost_gbp", 0),
                            fixed_apart - 600000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "coordination_cost_gbp", 0),
                            200000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "headroom_gbp", 3),
                            head_apart + 600000 - 200000, 1e-6);
    /* the per-consortium values are before sharing */
    ck_assert_double_eq_tol(cs_mock_value(m, per[0], "fixed_cost_gbp", 0),
                            1.996e6, 1e-6);
    /* a member's break-even: own costs 1.396m + 50,000 member cost over
     * 30 - 3 - 5.55 a head, less the shared base 0.6m / 100k and the
     * agreement 100,000 / 100k charged per head */
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "break_even_population", 0),
                            1.446e6 / (30 - 3 - 5.55 - 6 - 1), 1e-6);
    cs_mock_free(m);
}
END_TEST

/* A federation that shares nothing still coordinates: with a risk pool
 * and joint contracts only (two agreements) it is dearer than separate by
 * 2 x 50,000 + 2 x 100,000 = 300,000 a year. */
START_TEST(test_federation_can_cost_more)
{
    cs_mock *m = scenario(2, (double[]){120000, 80000}, 2);
    load(m);
    const cs_values *const *per;
    const cs_values *apart, *fed;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &apart), 0);
    double cost_apart = cs_mock_value(m, apart, "running_cost_gbp", 0);
    double head_apart = cs_mock_value(m, apart, "headroom_gbp", 1);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    cs_mock_option_federation(m, (int[]){0, 1}, 2, 0.5, 0, 0, 1);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &fed), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "running_cost_gbp", 0),
                            cost_apart + 300000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, fed, "headroom_gbp", 1),
                            head_apart - 300000, 1e-6);
    cs_mock_free(m);
}
END_TEST

/* Past base_population (175,000) the base grows in proportion and each
 * factor of span_of_control (6) adds a layer losing 3% of the costs. At
 * 350,000: base 1.5m x 2; roles 8 + 52.5; layers ln 2 / ln 6;
 * cost = (3.0m + 0.2m + 37,000 x 60.5 + 3 x 350,000) x (1 + 0.03 layers). */
START_TEST(test_scale_hand_computed)
{
    cs_mock *m = scenario(2, (double[]){200000, 150000}, 2);
    load(m);
    double layers = log(2.0) / log(6.0);
    double cost = (3.0e6 + 2e5 + 37000 * 60.5 + 3 * 350000.0)
                  * (1 + 0.03 * layers);
    const int both[] = {0, 1};
    ck_assert_double_eq_tol(value(m, both, 2, "management_layers"), layers,
                            1e-12);
    ck_assert_double_eq_tol(value(m, both, 2, "running_cost_gbp"), cost, 1e-6);
    ck_assert_double_eq_tol(value(m, both, 2, "fixed_cost_gbp"),
                            (3.0e6 + 2e5 + 37000 * 8.0) * (1 + 0.03 * layers),
                            1e-6);
    cs_mock_free(m);
}
END_TEST

/* Cost per head stops falling: it never goes below the floor base/175,000
 * + staff + leads per head, (1.5m / 175,000 + 3 + 37,000 x 15 / 100,000)
 * = GBP 17.12, and rises from 1.75m to 17.5m people, where the layers'
 * loss outweighs the governing body spread over more people. */
START_TEST(test_cost_per_head_floor)
{
    double floor = 1.5e6 / 175000 + 3 + 37000 * 15 / 100000.0, prev = 0;
    const double sizes[] = {175000, 350000, 1.75e6, 1.75e7};
    for (int i = 0; i < 4; i++) {
        cs_mock *m = scenario(2, &sizes[i], 1);
        load(m);
        double per = value(m, (int[]){0}, 1, "running_cost_per_head");
        ck_assert_msg(per > floor, "%g: %g below the floor %g", sizes[i], per,
                      floor);
        if (i == 3)
            ck_assert_msg(per > prev, "17.5m: %g not above 1.75m's %g", per,
                          prev);
        prev = per;
        cs_mock_free(m);
    }
}
END_TEST

/* Past about 2.5m people a body split in two is cheaper: each half has
 * ln 2 / ln 6 = 0.39 fewer layers, and 3% of that on about GBP 17 a head
 * is about GBP 0.2 a head, GBP 1m on 5m people, against a second
 * governing body of GBP 0.5m. At 1m people the governing body wins. */
START_TEST(test_split_cheaper_when_huge)
{
    cs_mock *m = scenario(2, (double[]){2.5e6, 2.5e6, 5e5, 5e5}, 4);
    load(m);
    double whole = value(m, (int[]){0, 1}, 2, "running_cost_gbp");
    double halves = value(m, (int[]){0}, 1, "running_cost_gbp")
                    + value(m, (int[]){1}, 1, "running_cost_gbp");
    ck_assert_msg(halves < whole, "5m: halves %g, whole %g", halves, whole);
    whole = value(m, (int[]){2, 3}, 2, "running_cost_gbp");
    halves = value(m, (int[]){2}, 1, "running_cost_gbp")
             + value(m, (int[]){3}, 1, "running_cost_gbp");
    ck_assert_msg(halves > whole, "1m: halves %g, whole %g", halves, whole);
    cs_mock_free(m);
}
END_TEST

/* The saving against a status quo of the same bodies apart, written out:
 * merging 100,000 and 300,000 saves a governing body (0.2m + 8 x 37,000)
 * and the base 1.5m x (1 + 300/175 - 400/175) = 0.643m, less the layers'
 * loss, every other term (leads, staff) being linear in N above 12 leads. */
START_TEST(test_status_quo_saving)
{
    cs_mock *m = scenario(2, (double[]){100000, 300000}, 2);
    load(m);
    int idx[2] = {0, 1};
    cs_consortium_view apart[2] = {
        {"a", "a", "a", &idx[0], 1, 100000, 100000},
        {"b", "b", "b", &idx[1], 1, 300000, 300000}};
    cs_option_view sq = {"apart", "apart", apart, 2, NULL, 0, NULL, NULL,
                         NULL};
    double l3 = log(300000 / 175000.0) / log(6.0);
    double l4 = log(400000 / 175000.0) / log(6.0);
    double c1 = 1.5e6 + 2e5 + 37000 * 23.0 + 3e5;
    double c3 = 1.5e6 * 300 / 175.0 + 2e5 + 37000 * 53.0 + 9e5;
    double c4 = 1.5e6 * 400 / 175.0 + 2e5 + 37000 * 68.0 + 12e5;
    double before = c1 + c3 * (1 + 0.03 * l3), after = c4 * (1 + 0.03 * l4);
    const cs_values *o;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, idx, 2);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &o), 0);
    ck_assert_double_eq(cs_mock_value(m, o, "saving_vs_status_quo_gbp", 0), 0);
    cs_mock_set_status_quo(m, &sq);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &o), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "saving_vs_status_quo_gbp", 0),
                            before - after, 1e-6);
    ck_assert_double_eq_tol(
        cs_mock_value(m, o, "saving_share_of_running_cost", 0),
        (before - after) / before, 1e-12);
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
    tcase_add_test(tc, test_federation_can_cost_more);
    tcase_add_test(tc, test_scale_hand_computed);
    tcase_add_test(tc, test_cost_per_head_floor);
    tcase_add_test(tc, test_status_quo_saving);
    tcase_add_test(tc, test_split_cheaper_when_huge);
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
