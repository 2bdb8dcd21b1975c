/*
 * test_equity.c -- the equity criterion through the mock host.
 *
 * A deprived city and a county, GBP 1,000 per head of need, registered
 * lists all 1,000:
 *   city   P0 need 1,200, IMD 40, history GBP 1.5m
 *          P1 need 1,200, IMD 30, history GBP 1.3m
 *   county P2 need   900, IMD 10, history GBP 0.8m
 *          P3 need   900, IMD 20, history GBP 1.0m
 *          P4 need   900, IMD  5, history GBP 0.9m
 * Weighted lists are all 1,000: equity must use need, not them. IMD
 * quintiles (by practice count): P4, P2, P3, P1, P0 (q1 to q5).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

#define EPS 1e-9

static cs_mock *eq_area(int with_need)
{
    static const double need[] = {1200, 1200, 900, 900, 900};
    static const double imd[] = {40, 30, 10, 20, 5};
    static const double hist[] = {1.5e6, 1.3e6, 0.8e6, 1.0e6, 0.9e6};
    cs_mock *m = cs_mock_new(3, 1);
    int city = cs_mock_add_locality(m, "City", -1, -1);
    int county = cs_mock_add_locality(m, "county", -1, -1);
    for (int i = 0; i < 5; i++) {
        char code[16];
        int p;
        snprintf(code, sizeof code, "P%d", i);
        p = cs_mock_add_practice(m, code, i < 2 ? city : county, 1000, 1000);
        cs_mock_practice(m, p)->imd = imd[i];
        cs_mock_practice(m, p)->historic_spend = hist[i];
        if (with_need)
            cs_mock_set_need(m, p, need[i]);
    }
    cs_mock_set_number(m, "spend_per_need_head", 1000);
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

/* The Stoke worry from the published check figures (data/README.md:
 * NHS England's 2024/25 allocation formula by former CCG): Stoke on Trent
 * 299,768 people at Final WP / pop 1.111; North Staffordshire 219,284 at
 * 1.054. Capitation on need, then a merged body dividing the pool by
 * registered list (list_share 1): each area's budget per head becomes the
 * pooled rate x pooled need per head, so Stoke loses
 *   rate x 219,284 x (1.111 - 1.054) / (299,768 + 219,284)
 * per head, rate = GBP 1,158: 1,158 x 219,284 x 0.057 / 519,052 = 27.89.
 * Kept apart, nothing moves; with list_share s the loss is s x that. */
/* Two localities whose ids differ only where a metric name cannot
 * ("a-b", "A_B" are both "a_b" in lower_snake_case): the second's metrics
 * take its number (2) so every metric keeps its own name. */
START_TEST(test_locality_names_kept_apart)
{
    cs_mock *m = cs_mock_new(2, 1);
    int a = cs_mock_add_locality(m, "a-b", -1, -1);
    int b = cs_mock_add_locality(m, "A_B", -1, -1);
    cs_mock_add_practice(m, "P0", a, 1000, 1000);
    cs_mock_add_practice(m, "P1", b, 1000, 1000);
    cs_mock_set_number(m, "spend_per_need_head", 1000);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    int b1 = cs_mock_metric_index(m, "before_a_b");
    int b2 = cs_mock_metric_index(m, "before_a_b_2");
    int a1 = cs_mock_metric_index(m, "after_a_b");
    int a2 = cs_mock_metric_index(m, "after_a_b_2");
    ck_assert_int_ge(b1, 0);
    ck_assert_int_ge(b2, 0);
    ck_assert_int_ge(a1, 0);
    ck_assert_int_ge(a2, 0);
    ck_assert_int_ne(b1, b2);
    ck_assert_int_ne(a1, a2);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_stoke_shift)
{
    double ps = 299768, pn = 219284, ns = 1.111, nn = 1.054, rate = 1158;
    double loss = rate * pn * (ns - nn) / (ps + pn);
    double draws[3] = {0, 0.5, 1};
    cs_mock *m = cs_mock_new(3, 1);
    int ls = cs_mock_add_locality(m, "stoke", -1, -1);
    int ln = cs_mock_add_locality(m, "north_staffs", -1, -1);
    int s = cs_mock_add_practice(m, "S", ls, ps, 1.048 * ps);
    int n = cs_mock_add_practice(m, "N", ln, pn, 1.049 * pn);
    const cs_values *v;
    cs_mock_set_need(m, s, ns * ps);
    cs_mock_set_need(m, n, nn * pn);
    cs_mock_set_draws(m, "list_share", draws);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){s, n}, 2, &v), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "largest_loss_per_head", 0),
                            0, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "largest_loss_per_head", 1),
                            0.5 * loss, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "largest_loss_per_head", 2),
                            loss, 1e-6);
    ck_assert_double_eq_tol(loss, 27.89, 0.01);
    /* mean list_share 0.5: the locality's budget per head after */
    ck_assert_double_eq_tol(val(m, v, "before_stoke"), rate * ns, 1e-6);
    ck_assert_double_eq_tol(val(m, v, "after_stoke"), rate * ns - loss / 2,
                            1e-6);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){s}, 1);
    cs_mock_option_consortium(m, (int[]){n}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "largest_loss_per_head", 2),
                            0, 1e-6);
    cs_mock_free(m);
}
END_TEST

/* Capitation on need divided by need: pooling moves nothing. */
START_TEST(test_capitation_by_need_moves_nothing)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_number(m, "list_share", 0);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "moved_per_head"), 0, EPS);
    ck_assert_double_eq(val(m, v, "losers"), 0);
    ck_assert_double_eq_tol(val(m, v, "after_imd_q5"), 1200, EPS);
    ck_assert_double_eq_tol(val(m, v, "need_per_head"), 5100.0 / 5000, EPS);
    cs_mock_free(m);
}
END_TEST

/* Divided by registered list (list_share 1): the city's 2.4m for 2,000
 * heads becomes the pooled 5.1m / 5,000 = 1,020 a head. Budgets per head
 * before, by IMD rank (fractional ranks 0.1 .. 0.9, equal lists): 900,
 * 900, 900, 1,200, 1,200, mean 1,020; cov(y, rank) = (120 x 0.4 + 120 x
 * 0.2 + 0 + 180 x 0.2 + 180 x 0.4) / 5 = 36; CI = 2 x 36 / 1,020. */
START_TEST(test_registered_division)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_number(m, "list_share", 1);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 180, EPS);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), 3 * 1000 * 120.0,
                            1e-6);
    ck_assert_double_eq_tol(val(m, v, "moved_per_head"), 360000.0 / 5000,
                            EPS);
    ck_assert_double_eq(val(m, v, "losers"), 2);
    ck_assert_double_eq(val(m, v, "winners"), 3);
    ck_assert_double_eq_tol(val(m, v, "largest_practice_loss_per_head"), 180,
                            EPS);
    ck_assert_double_eq_tol(val(m, v, "ci_before"), 72.0 / 1020, EPS);
    ck_assert_double_eq_tol(val(m, v, "ci_after"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "most_deprived_change"), -180, EPS);
    ck_assert_double_eq_tol(val(m, v, "before_city"), 1200, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_city"), 1020, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_county"), 1020, EPS);
    /* kept apart, each area divides its own pool: nothing moves between
     * practices of equal need */
    v = eq_apart(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 0, EPS);
    cs_mock_free(m);
}
END_TEST

/* History budgets re-divided by need (list_share 0). Merged: 5.5m over
 * 5,100 need, P0 gets 5.5m x 1,200 / 5,100 against its 1.5m: quintile 5
 * (P0 alone) loses (1.5m - 1,294,117.6) / 1,000 a head. Apart: the city
 * splits 2.8m evenly, P0 (q5) loses 100 a head; the county 2.7m, P3 (q3)
 * loses 100. */
START_TEST(test_history_to_need)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    double p0 = 5.5e6 * 1200 / 5100;
    cs_mock_set_number(m, "list_share", 0);
    cs_mock_set_choice(m, "budget_basis", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"),
                            (1.5e6 - p0) / 1000, 1e-9);
    ck_assert_double_eq_tol(val(m, v, "before_city"), 2.8e6 / 2000, EPS);
    ck_assert_double_eq_tol(val(m, v, "after_city"), 2 * p0 / 2000, 1e-9);
    v = eq_apart(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 100, 1e-9);
    cs_mock_free(m);
}
END_TEST

/* History divided by history: the budgets stay as they were. */
START_TEST(test_history_by_history)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_number(m, "list_share", 0);
    cs_mock_set_choice(m, "budget_basis", "history");
    cs_mock_set_choice(m, "internal_allocation", "history");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "money_moved"), 0, 1e-6);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 0, EPS);
    cs_mock_free(m);
}
END_TEST

/* The mix basis is the weighted mean of history and capitation. */
START_TEST(test_mix_is_linear)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_choice(m, "budget_basis", "mix");
    cs_mock_set_number(m, "history_share", 0.25);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_apart(m);
    ck_assert_double_eq_tol(val(m, v, "before_imd_q5"),
                            0.25 * 1500 + 0.75 * 1200, EPS);
    ck_assert_double_eq_tol(val(m, v, "before_imd_q1"),
                            0.25 * 900 + 0.75 * 900, EPS);
    cs_mock_free(m);
}
END_TEST

/* Without need the weighted list stands in (here equal to the lists, so
 * capitation gives 1,000 a head everywhere and nothing moves). */
START_TEST(test_no_need_falls_back)
{
    cs_mock *m = eq_area(0);
    const cs_values *v;
    cs_mock_set_number(m, "list_share", 1);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 0, EPS);
    ck_assert_double_eq_tol(val(m, v, "before_city"), 1000, EPS);
    ck_assert_double_eq_tol(val(m, v, "need_per_head"), 1, EPS);
    cs_mock_free(m);
}
END_TEST

/* min_change_per_head: a practice moving less is neither winner nor
 * loser. list_share 0.05 moves each city practice 0.05 x 180 = 9 a head. */
START_TEST(test_min_change)
{
    cs_mock *m = eq_area(1);
    const cs_values *v;
    cs_mock_set_number(m, "list_share", 0.05);
    cs_mock_set_number(m, "min_change_per_head", 10);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = eq_merged(m);
    ck_assert_double_eq(val(m, v, "losers"), 0);
    ck_assert_double_eq(val(m, v, "winners"), 0);
    ck_assert_double_eq_tol(val(m, v, "largest_loss_per_head"), 9, 1e-9);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_bad_choice_refused)
{
    cs_mock *m = eq_area(1);
    ck_assert_int_ne(cs_mock_set_choice(m, "budget_basis", "lottery") == 0
                     && cs_mock_load(m, consortia_plugin_entry()) == 0, 1);
    cs_mock_free(m);
}
END_TEST

static Suite *eq_suite(void)
{
    Suite *s = suite_create("equity");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_stoke_shift);
    tcase_add_test(tc, test_capitation_by_need_moves_nothing);
    tcase_add_test(tc, test_registered_division);
    tcase_add_test(tc, test_history_to_need);
    tcase_add_test(tc, test_history_by_history);
    tcase_add_test(tc, test_mix_is_linear);
    tcase_add_test(tc, test_no_need_falls_back);
    tcase_add_test(tc, test_min_change);
    tcase_add_test(tc, test_bad_choice_refused);
    tcase_add_test(tc, test_locality_names_kept_apart);
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
