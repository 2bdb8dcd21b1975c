/*
 * test_equity.c -- the equity criterion through the mock host.
 *
 * A deprived city and a county, GBP 1,000 per weighted head, registered
 * lists all 1,000:
 *   city   P0 weighted 1,200, IMD 40, history GBP 1.5m
 *          P1 weighted 1,200, IMD 30, history GBP 1.3m
 *   county P2 weighted   900, IMD 10, history GBP 0.8m
 *          P3 weighted   900, IMD 20, history GBP 1.0m
 *          P4 weighted   900, IMD  5, history GBP 0.9m (= its capitation)
 * By history the city has GBP 2.8m for 2,400 weighted heads (1,166.67 a
 * head) and the county 2.7m for 2,700 (1,000); merged, 5.5m for 5,100
 * (1,078.43). IMD quintiles: P4, P2, P3, P1, P0 (q1 to q5).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

#define EPS 1e-9

static cs_mock *eq_area(int p4_history_given)
{
    static const double w[] = {1200, 1200, 900, 900, 900};
    static const double imd[] = {40, 30, 10, 20, 5};
    static const double hist[] = {1.5e6, 1.3e6, 0.8e6, 1.0e6, 0.9e6};
    cs_mock *m = cs_mock_new(3, 1);
    int city = cs_mock_add_locality(m, "City", -1, -1);
    int county = cs_mock_add_locality(m, "county", -1, -1);
    for (int i = 0; i < 5; i++) {
        char code[16];
        int p;
        snprintf(code, sizeof code, "P%d", i);
        p = cs_mock_add_practice(m, code, i < 2 ? city : county, 1000, w[i]);
        cs_mock_practice(m, p)->imd = imd[i];
        if (i < 4 || p4_history_given)
            cs_mock_practice(m, p)->historic_spend = hist[i];
    }
    cs_mock_set_number(m, "spend_per_weighted_head", 1000);
    return m;
}

static double val(const cs_mock *m, const cs_values *v, const char *name)
{
    return cs_mock_value(m, v, name, 0);
}

static const cs_values *eq_merged(cs_mock *m)
{
    const cs_values *v = NULL;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2, 3, 4}, 5);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    return v;
}

static const cs_values *eq_apart(cs_mock *m)
{
    const cs_values *v = NULL;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1}, 2);
    cs_mock_option_consortium(m, (int[]){2, 3, 4}, 3);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    return v;
}

/* Capitation divided by weighted list: pooling moves nothing. */
START_TEST(test_capitation_moves_nothing)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "moved_per_weighted_head"), 0, EPS);
    ck_assert_double_eq(val(m, v, "winners"), 0);
    ck_assert_double_eq(val(m, v, "losers"), 0);
    ck_assert_double_eq_tol(val(m, v, "ci_before"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "ci_after"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_imd_q5"), 1000, EPS);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_history_merged)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    double pooled = 5.5e6 / 5100, city = 2.8e6 / 2400;
    double loss = 1200 * (city - pooled), moved = 2 * loss;
    cs_mock_set_choice(m, "budget_basis", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), moved, 1e-6);
    ck_assert_double_eq_tol(val(m, v, "money_moved"),
                            3 * 900 * (pooled - 1000), 1e-6);
    ck_assert_double_eq_tol(val(m, v, "moved_per_weighted_head"),
                            moved / 5100, EPS);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "moved_per_weighted_head", 2),
                            moved / 5100, EPS);
    ck_assert_double_eq(val(m, v, "winners"), 3);
    ck_assert_double_eq(val(m, v, "losers"), 2);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_weighted_head"),
                            city - pooled, EPS);
    /* fractional ranks 0.1 .. 0.9; y 1000 x3, 1166.67 x2: cov 20 */
    ck_assert_double_eq_tol(val(m, v, "ci_before"),
                            2 * 20 / ((3000 + 2 * city) / 5), EPS);
    ck_assert_double_eq_tol(val(m, v, "ci_after"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "ci_change"), -0.0375, EPS);
    ck_assert_double_eq_tol(val(m, v, "most_deprived_change"), pooled - city,
                            EPS);
    ck_assert_double_eq_tol(val(m, v, "before_imd_q5"), city, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_imd_q5"), pooled, EPS);
    ck_assert_double_eq_tol(val(m, v, "before_imd_q1"), 1000, EPS);
    ck_assert_double_eq_tol(val(m, v, "before_city"), city, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_city"), pooled, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_county"), pooled, EPS);
    cs_mock_free(m);
}
END_TEST

/* consortium() on the whole area gives the merged option's figures; an
 * option along locality lines moves nothing. */
START_TEST(test_consortium_and_locality_split)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    double moved = 2 * 1200 * (2.8e6 / 2400 - 5.5e6 / 5100);
    cs_mock_set_choice(m, "budget_basis", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){4, 3, 2, 1, 0}, 5, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), moved, 1e-6);
    ck_assert_double_eq_tol(val(m, v, "ci_change"), -0.0375, EPS);
    v = eq_apart(m);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), 0, 1e-6);
    ck_assert_double_eq(val(m, v, "losers"), 0);
    ck_assert_double_eq_tol(val(m, v, "ci_after"), val(m, v, "ci_before"),
                            EPS);
    cs_mock_free(m);
}
END_TEST

/* The Stoke worry: capitation budgets re-divided by registered list move
 * money from the needier city to the county. */
START_TEST(test_registered_list_division)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_choice(m, "internal_allocation", "registered_list");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    /* before: city 2.4m / 2 = 1.2m each, county 0.9m each; after: 5.1m / 5
     * = 1.02m each: the city loses 180,000 a practice */
    ck_assert_double_eq_tol(val(m, v, "money_moved"), 360000, 1e-6);
    ck_assert_double_eq_tol(val(m, v, "moved_per_weighted_head"),
                            360000.0 / 5100, EPS);
    ck_assert_double_eq_tol(val(m, v, "most_deprived_change"),
                            1.02e6 / 1200 - 1000, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_city"), 2.04e6 / 2400, EPS);
    ck_assert_double_lt(val(m, v, "ci_change"), 0);
    cs_mock_free(m);
}
END_TEST

/* A mix half-way between history and capitation moves half as much. */
START_TEST(test_mix_is_linear)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    double moved = 2 * 1200 * (2.8e6 / 2400 - 5.5e6 / 5100);
    cs_mock_set_choice(m, "budget_basis", "mix");
    cs_mock_set_number(m, "history_share", 0.5);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), moved / 2, 1e-6);
    cs_mock_free(m);
}
END_TEST

/* A practice without historic spend is budgeted at capitation: P4's
 * capitation equals the history given it above, so nothing changes. */
START_TEST(test_missing_history_falls_back)
{
    cs_mock *m = eq_area(0);
    const cs_values *v;
    double moved = 2 * 1200 * (2.8e6 / 2400 - 5.5e6 / 5100);
    cs_mock_set_choice(m, "budget_basis", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), moved, 1e-6);
    cs_mock_free(m);
}
END_TEST

/* Changes below min_change_per_weighted_head make no winners or losers. */
START_TEST(test_min_change)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_choice(m, "budget_basis", "history");
    cs_mock_set_number(m, "min_change_per_weighted_head", 100);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    /* city -88.24, county +78.43 per weighted head */
    ck_assert_double_eq(val(m, v, "winners"), 0);
    ck_assert_double_eq(val(m, v, "losers"), 0);
    ck_assert_double_gt(val(m, v, "money_moved"), 0);
    cs_mock_free(m);
}
END_TEST

/* Concentration index with ties and unequal lists, against the formula
 * worked by hand: lists 1, 3 (tied IMD), 2, 4 (10,000s). */
START_TEST(test_ci_ties_and_weights)
{
    static const double reg[] = {1e4, 3e4, 2e4, 4e4};
    static const double imd[] = {10, 20, 20, 30};
    static const double y[] = {900, 1000, 1000, 1300};
    cs_mock *m = cs_mock_new(1, 1);
    int l = cs_mock_add_locality(m, "l", -1, -1);
    const cs_values *v;
    /* ranks: 0.05; tie group of 5 -> (1 + 2.5) / 10 = 0.35; 0.8 */
    double rank[] = {0.05, 0.35, 0.35, 0.8}, mu = 0, cov = 0;
    for (int i = 0; i < 4; i++) {
        char code[16];
        int p;
        snprintf(code, sizeof code, "X%d", i);
        p = cs_mock_add_practice(m, code, l, reg[i], 1000);
        cs_mock_practice(m, p)->imd = imd[i];
        cs_mock_practice(m, p)->historic_spend = y[i] * 1000;
        mu += reg[i] * y[i] / 1e5;
    }
    for (int i = 0; i < 4; i++)
        cov += reg[i] * (y[i] - mu) * (rank[i] - 0.5) / 1e5;
    cs_mock_set_choice(m, "budget_basis", "history");
    cs_mock_set_choice(m, "internal_allocation", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2, 3}, 4, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "ci_before"), 2 * cov / mu, EPS);
    ck_assert_double_gt(val(m, v, "ci_before"), 0.05);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), 0, 1e-6);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_bad_choice_refused)
{
    cs_mock *m = eq_area(1);
    cs_mock_set_choice(m, "budget_basis", "historic");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), -1);
    cs_mock_free(m);
}
END_TEST

static Suite *eq_suite(void)
{
    Suite *s = suite_create("equity");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_capitation_moves_nothing);
    tcase_add_test(tc, test_history_merged);
    tcase_add_test(tc, test_consortium_and_locality_split);
    tcase_add_test(tc, test_registered_list_division);
    tcase_add_test(tc, test_mix_is_linear);
    tcase_add_test(tc, test_missing_history_falls_back);
    tcase_add_test(tc, test_min_change);
    tcase_add_test(tc, test_ci_ties_and_weights);
    tcase_add_test(tc, test_bad_choice_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(eq_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
