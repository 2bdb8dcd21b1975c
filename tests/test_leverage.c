/*
 * test_leverage.c -- the leverage criterion through the mock host.
 *
 * Three practices and three providers, at GBP 1 per weighted head:
 *   P0 (10,000): acute A 0.8, mental health M 0.1 -> A 8,000, M 1,000
 *   P1 (10,000): A 0.6, acute B 0.2, M 0.1 -> A 6,000, B 2,000, M 1,000
 *   P2 (20,000): B 0.8, M 0.1            -> B 16,000, M 2,000
 * Provider incomes: A 14,000, B 18,000, M 4,000 (36,000 in all).
 * lev_area() sets negotiable_share and joint_contracting_effect to 1, so
 * the shares below are of the whole spend and a jointly contracting
 * federation acts as one body; the tests at the end vary them.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

#define EPS 1e-12

static cs_mock *lev_area(const char *id_a, const char *id_b)
{
    cs_mock *m = cs_mock_new(2, 1);
    int a = cs_mock_add_org(m, id_a, CS_ORG_ACUTE);
    int b = cs_mock_add_org(m, id_b, CS_ORG_ACUTE);
    int mh = cs_mock_add_org(m, "mh", CS_ORG_MENTAL_HEALTH);
    int la = cs_mock_add_org(m, "la", CS_ORG_LOCAL_AUTHORITY);
    int l = cs_mock_add_locality(m, "l", la, -1);
    int p0 = cs_mock_add_practice(m, "P0", l, 9000, 10000);
    int p1 = cs_mock_add_practice(m, "P1", l, 11000, 10000);
    int p2 = cs_mock_add_practice(m, "P2", l, 19000, 20000);
    cs_mock_add_share(m, p0, a, 0.8);
    cs_mock_add_share(m, p0, mh, 0.1);
    cs_mock_add_share(m, p1, a, 0.6);
    cs_mock_add_share(m, p1, b, 0.2);
    cs_mock_add_share(m, p1, mh, 0.1);
    cs_mock_add_share(m, p2, b, 0.8);
    cs_mock_add_share(m, p2, mh, 0.1);
    cs_mock_set_number(m, "spend_per_weighted_head", 1);
    cs_mock_set_number(m, "negotiable_share", 1);
    cs_mock_set_number(m, "joint_contracting_effect", 1);
    return m;
}

static double val(const cs_mock *m, const cs_values *v, const char *name)
{
    return cs_mock_value(m, v, name, 0);
}

/* Runs an option of {P0}, {P1}, {P2}, with a federation of the first two
 * when fed >= 0 (joint contracting when fed > 0). */
static const cs_values *lev_three(cs_mock *m, int fed)
{
    const cs_values *v = NULL;
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    cs_mock_option_consortium(m, (int[]){2}, 1);
    if (fed >= 0)
        cs_mock_option_federation(m, (int[]){0, 1}, 2, 0.5, 0, 0.3, fed);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    return v;
}

START_TEST(test_three_commissioners)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    double h_a = (8.0 * 8 + 6.0 * 6) / (14.0 * 14);
    double h_b = (2.0 * 2 + 16.0 * 16) / (18.0 * 18);
    double h_m = 1.0 / 16 + 1.0 / 16 + 1.0 / 4;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = lev_three(m, -1);
    ck_assert_double_eq_tol(val(m, v, "hhi_acute_a"), h_a, EPS);
    ck_assert_double_eq_tol(val(m, v, "hhi_acute_b"), h_b, EPS);
    ck_assert_double_eq_tol(val(m, v, "hhi_mh"), h_m, EPS);
    ck_assert_double_eq(val(m, v, "commissioners_acute_a"), 2);
    ck_assert_double_eq(val(m, v, "commissioners_mh"), 3);
    ck_assert_double_eq_tol(val(m, v, "largest_share_acute_b"), 16.0 / 18,
                            EPS);
    /* spend-weighted mean share = income-weighted mean provider HHI */
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"),
                            (14000 * h_a + 18000 * h_b + 4000 * h_m) / 36000,
                            EPS);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "provider_income_share", 1),
                            (14000 * h_a + 18000 * h_b + 4000 * h_m) / 36000,
                            EPS);
    ck_assert_double_eq_tol(val(m, v, "mean_provider_hhi"),
                            (h_a + h_b + h_m) / 3, EPS);
    ck_assert_double_eq_tol(val(m, v, "mean_commissioners_per_provider"),
                            7.0 / 3, EPS);
    ck_assert_double_eq(val(m, v, "max_commissioners_per_provider"), 3);
    ck_assert_double_eq(val(m, v, "commissioners"), 3);
    /* main providers: A 8/14, A 6/14, B 16/18, weighted by total spend */
    ck_assert_double_eq_tol(val(m, v, "main_provider_income_share"),
                            (10000 * 8.0 / 14 + 10000 * 6.0 / 14
                             + 20000 * 16.0 / 18) / 40000, EPS);
    ck_assert_double_eq_tol(val(m, v, "purchaser_hhi"),
                            (10000 * 0.65 + 10000 * 0.41 + 20000 * 0.65)
                            / 40000, EPS);
    ck_assert_double_eq_tol(val(m, v, "spend_with_providers"), 36000, 1e-9);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_consortium_alone)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"),
                            (8000 * 8.0 / 14 + 1000 * 0.25) / 9000, EPS);
    ck_assert_double_eq_tol(val(m, v, "main_provider_income_share"),
                            8.0 / 14, EPS);
    /* the rest of the area as one other commissioner */
    ck_assert_double_eq(val(m, v, "hhi_acute_b"), 1);
    ck_assert_double_eq(val(m, v, "commissioners_acute_b"), 1);
    ck_assert_double_eq_tol(val(m, v, "hhi_mh"), 0.25 * 0.25 + 0.75 * 0.75,
                            EPS);
    ck_assert_double_eq(val(m, v, "commissioners_mh"), 2);
    ck_assert_double_eq(val(m, v, "commissioners"), 2);
    ck_assert_double_eq_tol(val(m, v, "purchaser_hhi"), 0.65, EPS);
    cs_mock_free(m);
}
END_TEST

/* Merging raises the commissioner's share of the acute trust's income. */
START_TEST(test_merging_raises_share)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    double apart;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = lev_three(m, -1);
    apart = val(m, v, "provider_income_share");
    ck_assert_double_lt(val(m, v, "largest_share_acute_a"), 1);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2}, 3);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "largest_share_acute_a"), 1, EPS);
    ck_assert_double_eq_tol(val(m, v, "hhi_acute_a"), 1, EPS);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"), 1, EPS);
    ck_assert_double_gt(val(m, v, "provider_income_share"), apart);
    ck_assert_double_eq(val(m, v, "max_commissioners_per_provider"), 1);
    cs_mock_free(m);
}
END_TEST

/* A federation contracting jointly counts as one commissioner; one that
 * does not changes nothing. */
START_TEST(test_federation_joint_contracting)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    double apart;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    apart = val(m, lev_three(m, -1), "provider_income_share");
    v = lev_three(m, 0);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"), apart, EPS);
    ck_assert_double_eq(val(m, v, "commissioners"), 3);
    v = lev_three(m, 1);
    ck_assert_double_eq(val(m, v, "commissioners"), 2);
    ck_assert_double_eq(val(m, v, "commissioners_acute_a"), 1);
    ck_assert_double_eq_tol(val(m, v, "hhi_acute_a"), 1, EPS);
    ck_assert_double_eq_tol(val(m, v, "hhi_mh"), 0.5 * 0.5 + 0.5 * 0.5, EPS);
    ck_assert_double_eq_tol(val(m, v, "hhi_acute_b"),
                            (2.0 * 2 + 16.0 * 16) / (18.0 * 18), EPS);
    ck_assert_double_gt(val(m, v, "provider_income_share"), apart);
    cs_mock_free(m);
}
END_TEST

/* Shares do not depend on the spend rate; the GBP figure does. */
START_TEST(test_rate_invariance)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    double at_one;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    at_one = val(m, lev_three(m, -1), "provider_income_share");
    cs_mock_free(m);
    m = lev_area("acute_a", "acute_b");
    cs_mock_set_number(m, "spend_per_weighted_head", 1230);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = lev_three(m, -1);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"), at_one, EPS);
    ck_assert_double_eq_tol(val(m, v, "spend_with_providers"), 36000 * 1230.0,
                            1e-6);
    cs_mock_free(m);
}
END_TEST

/* Metric names from org ids: lower_snake_case, unique. */
START_TEST(test_metric_names)
{
    cs_mock *m = lev_area("RXW-Trust", "rxw_trust");
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_ge(cs_mock_metric_index(m, "hhi_rxw_trust"), 0);
    ck_assert_int_ge(cs_mock_metric_index(m, "hhi_rxw_trust_2"), 0);
    ck_assert_int_ge(cs_mock_metric_index(m, "commissioners_rxw_trust_2"), 0);
    ck_assert_int_eq(cs_mock_metric_index(m, "hhi_la"), -1);
    cs_mock_free(m);
}
END_TEST

/* No provider shares anywhere: zeros, not NaN. */
START_TEST(test_no_providers)
{
    cs_mock *m = cs_mock_new(2, 1);
    int l = cs_mock_add_locality(m, "l", -1, -1);
    const cs_values *v;
    size_t n;
    cs_mock_add_practice(m, "P0", l, 1000, 1000);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_metrics(m, &n);
    ck_assert_uint_eq(n, 8);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), 0);
    ck_assert_double_eq(val(m, v, "provider_income_share"), 0);
    cs_mock_free(m);
}
END_TEST

/* Income from outside the scenario dilutes every share: acute A also
 * earns GBP 14,000 from commissioners not in the scenario, so one body of
 * all three practices holds 14/28 of A's income, all of B's and M's; only
 * negotiable_share 0.4 of it counts:
 *   0.4 x (14,000 x 0.5 + 18,000 x 1 + 4,000 x 1) / 36,000 = 0.3222... */
START_TEST(test_outside_income)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    cs_mock_set_outside_income(m, 0, 14000);
    cs_mock_set_number(m, "negotiable_share", 0.4);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2}, 3);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"),
                            0.4 * (14000 * 0.5 + 18000 + 4000) / 36000, EPS);
    ck_assert_double_lt(val(m, v, "provider_income_share"), 0.4);
    ck_assert_double_eq_tol(val(m, v, "largest_share_acute_a"), 0.5, EPS);
    /* its largest provider is B (18,000), held whole: 0.4 x 1 */
    ck_assert_double_eq_tol(val(m, v, "main_provider_income_share"), 0.4,
                            EPS);
    /* consortium(): P0 alone holds 8,000 of A's 28,000 */
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "main_provider_income_share"),
                            0.4 * 8.0 / 28, EPS);
    ck_assert_double_eq(val(m, v, "commissioners_acute_a"), 2);
    cs_mock_free(m);
}
END_TEST

/* Joint contracting moves a member halfway (effect 0.5) from its own share
 * to the federation's. P0 and P1 federate; P2 alone:
 *   P0: A (8,000/14,000 own, 14/14 fed), M (1/4 own, 2/4 fed)
 *   P1: A (6/14, 14/14), B (2/18, 2/18), M (1/4, 2/4)
 *   P2: B (16/18), M (1/4), unchanged.
 * sigma = 0.5 own + 0.5 fed; headline = sum spend x sigma / 36,000. */
START_TEST(test_joint_contracting_partial)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    double p0 = 8000 * (0.5 * 8 / 14 + 0.5) + 1000 * (0.5 * 0.25 + 0.25);
    double p1 = 6000 * (0.5 * 6 / 14 + 0.5) + 2000 * (2.0 / 18)
              + 1000 * (0.5 * 0.25 + 0.25);
    double p2 = 16000 * (16.0 / 18) + 2000 * 0.5;
    cs_mock_set_number(m, "joint_contracting_effect", 0.5);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    v = lev_three(m, 1);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"),
                            (p0 + p1 + p2) / 36000, EPS);
    /* main providers: P0 A, P1 A, P2 B, weighted by total spend
     * (weighted list x GBP 1: 10,000, 10,000, 20,000) */
    ck_assert_double_eq_tol(val(m, v, "main_provider_income_share"),
                            (10000 * (0.5 * 8 / 14 + 0.5)
                             + 10000 * (0.5 * 6 / 14 + 0.5)
                             + 20000 * 16.0 / 18) / 40000, EPS);
    cs_mock_free(m);
}
END_TEST

/* A share of the whole income from outside: A's 14,000 in the scenario
 * with outside_share 0.5 means 14,000 more from outside, as above. */
START_TEST(test_outside_share)
{
    cs_mock *m = lev_area("acute_a", "acute_b");
    const cs_values *v;
    cs_mock_set_outside_share(m, 0, 0.5);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2}, 3, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "largest_share_acute_a"), 0.5, EPS);
    ck_assert_double_eq_tol(val(m, v, "provider_income_share"),
                            (14000 * 0.5 + 18000 + 4000) / 36000.0, EPS);
    cs_mock_free(m);
}
END_TEST

static Suite *lev_suite(void)
{
    Suite *s = suite_create("leverage");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_three_commissioners);
    tcase_add_test(tc, test_consortium_alone);
    tcase_add_test(tc, test_merging_raises_share);
    tcase_add_test(tc, test_federation_joint_contracting);
    tcase_add_test(tc, test_rate_invariance);
    tcase_add_test(tc, test_metric_names);
    tcase_add_test(tc, test_no_providers);
    tcase_add_test(tc, test_outside_income);
    tcase_add_test(tc, test_outside_share);
    tcase_add_test(tc, test_joint_contracting_partial);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lev_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
