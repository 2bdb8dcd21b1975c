/*
 * test_engagement.c -- the engagement criterion through the mock host.
 *
 * Six practices in three localities: L0 has three (3,000 patients each),
 * L1 two (6,000 each), L2 one (12,000): 33,000 patients in all.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The size curve s(p) = s_small (p / p_small)^-b is fitted through the
 * smallest and largest case-study CCGs' shares; a share of 0 has no power
 * curve through it, so the plugin refuses to start and says which. */
START_TEST(test_zero_share_refused)
{
    static const char *const names[] = {"our_org_smallest",
                                        "our_org_largest"};
    for (int i = 0; i < 2; i++) {
        cs_mock *m = eng_area();
        cs_mock_set_number(m, names[i], 0);
        ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), -1);
        ck_assert_ptr_nonnull(strstr(cs_mock_error(m), "our_org_smallest and "
                                     "our_org_largest must be above 0 to fit "
                                     "the size curve; give both"));
        cs_mock_free(m);
    }
}
END_TEST

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

/* The size curve against its published figures (King's Fund / Nuffield
 * Trust: 56% of GPs call the smallest of six CCGs "our organisation", 39%
 * the largest, 13 times its population). With no formal roles (r = 0) the
 * headline is the curve alone: 56% at the smallest size, 39% at 13 times
 * it, and at sqrt(13) times it the geometric mean sqrt(0.56 x 0.39) = 0.4673
 * (a power curve is straight on log-log axes). The smallest size is set to
 * one practice's list, 10,000. */
START_TEST(test_size_curve_published_points)
{
    cs_mock *m = cs_mock_new(2, 1);
    int loc = cs_mock_add_locality(m, "l0", -1, -1), idx[13];
    const cs_values *v;
    for (int i = 0; i < 13; i++) {
        char code[8];
        snprintf(code, sizeof code, "P%d", i);
        idx[i] = cs_mock_add_practice(m, code, loc, 10000, 10000);
    }
    cs_mock_set_number(m, "leads_per_locality", 0);
    cs_mock_set_number(m, "gp_roles_base", 0);
    cs_mock_set_number(m, "our_org_smallest_population", 10000);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, idx, 1, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"), 0.56, 1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "our_organisation_share", 1),
                            0.56, 1e-12);
    ck_assert_double_eq(val(m, v, "gp_role_share"), 0);
    ck_assert_int_eq(cs_mock_consortium(m, idx, 13, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"), 0.39, 1e-12);
    cs_mock_free(m);

    /* sqrt(13) x 10,000 = 36,056 patients: practices of 36,055.5 / 2 */
    m = cs_mock_new(1, 1);
    loc = cs_mock_add_locality(m, "l0", -1, -1);
    idx[0] = cs_mock_add_practice(m, "A", loc, 10000 * sqrt(13) / 2, 1);
    idx[1] = cs_mock_add_practice(m, "B", loc, 10000 * sqrt(13) / 2, 1);
    cs_mock_set_number(m, "leads_per_locality", 0);
    cs_mock_set_number(m, "gp_roles_base", 0);
    cs_mock_set_number(m, "our_org_smallest_population", 10000);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, idx, 2, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"),
                            sqrt(0.56 * 0.39), 1e-12);
    cs_mock_free(m);
}
END_TEST

/* Roles raise the share (Moran, Checkland et al.: 58% with a formal role,
 * 18% without). One practice of 20,000 patients with 10 GP FTE, a GP
 * chair and one lead for its one locality: r = 2 / 10 = 0.2; its size
 * curve value is 0.56 (20,000 / 20,000)^-b = 0.56 with the smallest size
 * set to 20,000, so E = 0.2 x 0.58 + 0.8 x 0.56 = 0.564. With FTE not
 * given, the FTE is 20,000 / 1,934 (patients_per_gp) = 10.341: r = 2 /
 * 10.341. At option level, the GP-FTE-weighted mean. */
START_TEST(test_role_share)
{
    cs_mock *m = cs_mock_new(1, 1);
    int loc = cs_mock_add_locality(m, "l0", -1, -1);
    int loc2 = cs_mock_add_locality(m, "l1", -1, -1);
    int a = cs_mock_add_practice(m, "A", loc, 20000, 20000);
    int b = cs_mock_add_practice(m, "B", loc2, 20000, 20000);
    const cs_values *v;
    double r_b = 2 / (20000 / 1934.0), e_b;
    cs_mock_set_number(m, "our_org_smallest_population", 20000);
    cs_mock_practice(m, a)->gp_fte = 10;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, &a, 1, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "gp_role_share"), 0.2, 1e-12);
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"),
                            0.2 * 0.58 + 0.8 * 0.56, 1e-12);
    ck_assert_int_eq(cs_mock_consortium(m, &b, 1, &v), 0);
    e_b = r_b * 0.58 + (1 - r_b) * 0.56;
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"), e_b, 1e-12);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, &a, 1);
    cs_mock_option_consortium(m, &b, 1);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq_tol(val(m, v, "our_organisation_share"),
                            (10 * 0.564 + (20000 / 1934.0) * e_b)
                            / (10 + 20000 / 1934.0), 1e-12);
    cs_mock_free(m);
}
END_TEST

/* The default scale runs from the published 18% (no role) to 58% (a
 * role), and the fitted exponent is ln(0.56 / 0.39) / ln 13 = 0.14105. */
START_TEST(test_default_scale_and_exponent)
{
    const cs_value_scale *sc = consortia_plugin_entry()->headline_scale;
    double b = log(0.56 / 0.39) / log(13);
    ck_assert_ptr_nonnull(sc);
    ck_assert_double_eq(sc->worst, 0.18);
    ck_assert_double_eq(sc->best, 0.58);
    ck_assert_double_eq_tol(b, 0.14105, 1e-5);
    /* 0.56 x 13^-b is 0.39 by construction; checked from b's 5 digits */
    ck_assert_double_eq_tol(0.56 * pow(13, -0.14105), 0.39, 1e-4);
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
    tcase_add_test(tc, test_size_curve_published_points);
    tcase_add_test(tc, test_role_share);
    tcase_add_test(tc, test_default_scale_and_exponent);
    tcase_add_test(tc, test_zero_share_refused);
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
