/*
 * test_engagement.c -- the engagement criterion through the mock host.
 *
 * Six practices in three localities: L0 has three (3,000 patients each),
 * L1 two (6,000 each), L2 one (12,000): 33,000 patients in all.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

#define EPS 1e-12

static cs_mock *eng_area(void)
{
    cs_mock *m = cs_mock_new(2, 1);
    int l0 = cs_mock_add_locality(m, "l0", -1, -1);
    int l1 = cs_mock_add_locality(m, "l1", -1, -1);
    int l2 = cs_mock_add_locality(m, "l2", -1, -1);
    cs_mock_add_practice(m, "P0", l0, 3000, 3000);
    cs_mock_add_practice(m, "P1", l0, 3000, 3000);
    cs_mock_add_practice(m, "P2", l0, 3000, 3000);
    cs_mock_add_practice(m, "P3", l1, 6000, 6000);
    cs_mock_add_practice(m, "P4", l1, 6000, 6000);
    cs_mock_add_practice(m, "P5", l2, 12000, 12000);
    return m;
}

static double val(const cs_mock *m, const cs_values *v, const char *name)
{
    return cs_mock_value(m, v, name, 0);
}

static void eng_localities(cs_mock *m, int fed)
{
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2}, 3);
    cs_mock_option_consortium(m, (int[]){3, 4}, 2);
    cs_mock_option_consortium(m, (int[]){5}, 1);
    if (fed)
        cs_mock_option_federation(m, (int[]){0, 1, 2}, 3, 0.5, 0, 0.3, 0);
}

START_TEST(test_one_consortium)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2, 3, 4, 5}, 6, &v),
                     0);
    ck_assert_double_eq(val(m, v, "practices_per_consortium"), 6);
    ck_assert_double_eq(cs_mock_value(m, v, "practices_per_consortium", 1), 6);
    ck_assert_double_eq(val(m, v, "patients_per_consortium"), 33000);
    ck_assert_double_eq(val(m, v, "locality_leads"), 3);
    ck_assert_double_eq(val(m, v, "practices_per_lead"), 2);
    ck_assert_double_eq(val(m, v, "patients_per_lead"), 11000);
    /* six practices: below the 20 at which a locality tier is run */
    ck_assert_double_eq(val(m, v, "layers"), 1);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_locality_tier)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    cs_mock_set_number(m, "locality_tier_min_practices", 5);
    cs_mock_set_number(m, "leads_per_locality", 2);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2, 3, 4, 5}, 6, &v),
                     0);
    ck_assert_double_eq(val(m, v, "layers"), 2);
    ck_assert_double_eq(val(m, v, "locality_leads"), 6);
    ck_assert_double_eq(val(m, v, "practices_per_lead"), 1);
    /* one locality, however large, has no locality tier */
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2}, 3, &v), 0);
    ck_assert_double_eq(val(m, v, "layers"), 1);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_three_consortia)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    const cs_values *const *per;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    eng_localities(m, 0);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &v), 0);
    ck_assert_double_eq(val(m, per[1], "practices_per_consortium"), 2);
    /* practice-weighted: (3^2 + 2^2 + 1^2) / 6 */
    ck_assert_double_eq_tol(val(m, v, "practices_per_consortium"), 14.0 / 6,
                            EPS);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "practices_per_consortium",
                                          1), 14.0 / 6, EPS);
    /* list-weighted: (9,000^2 + 12,000^2 + 12,000^2) / 33,000 */
    ck_assert_double_eq_tol(val(m, v, "patients_per_consortium"),
                            (81e6 + 144e6 + 144e6) / 33000, 1e-9);
    ck_assert_double_eq(val(m, v, "locality_leads"), 3);
    ck_assert_double_eq_tol(val(m, v, "practices_per_lead"), 14.0 / 6, EPS);
    ck_assert_double_eq(val(m, v, "layers"), 1);
    ck_assert_double_eq(val(m, v, "max_layers"), 1);
    ck_assert_double_eq(val(m, v, "votes_recorded"), 0);
    ck_assert_double_eq(val(m, v, "support"), 0.5);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_federation_tier_and_votes)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    eng_localities(m, 1);
    for (int p = 0; p < 4; p++)
        cs_mock_option_vote(m, p, 1);
    cs_mock_option_vote(m, 4, 0);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq(val(m, v, "layers"), 2);
    ck_assert_double_eq(val(m, v, "max_layers"), 2);
    /* by count, not by list: 4 of the 5 that voted */
    ck_assert_double_eq_tol(val(m, v, "support"), 0.8, EPS);
    ck_assert_double_eq_tol(val(m, v, "vote_turnout"), 5.0 / 6, EPS);
    ck_assert_double_eq(val(m, v, "votes_recorded"), 1);
    cs_mock_free(m);
}
END_TEST

/* Splitting a consortium lowers practices per consortium. */
START_TEST(test_splitting_lowers_headline)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    double one;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2, 3, 4, 5}, 6);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    one = val(m, v, "practices_per_consortium");
    ck_assert_double_eq(one, 6);
    eng_localities(m, 0);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_lt(val(m, v, "practices_per_consortium"), one);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_no_leads)
{
    cs_mock *m = eng_area();
    const cs_values *v;
    cs_mock_set_number(m, "leads_per_locality", 0);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){3, 4}, 2, &v), 0);
    ck_assert_double_eq(val(m, v, "locality_leads"), 0);
    /* the board is the one channel */
    ck_assert_double_eq(val(m, v, "practices_per_lead"), 2);
    ck_assert_double_eq(val(m, v, "patients_per_lead"), 12000);
    cs_mock_free(m);
}
END_TEST

static Suite *eng_suite(void)
{
    Suite *s = suite_create("engagement");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_one_consortium);
    tcase_add_test(tc, test_locality_tier);
    tcase_add_test(tc, test_three_consortia);
    tcase_add_test(tc, test_federation_tier_and_votes);
    tcase_add_test(tc, test_splitting_lowers_headline);
    tcase_add_test(tc, test_no_leads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(eng_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
