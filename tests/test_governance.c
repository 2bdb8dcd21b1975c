/*
 * test_governance.c -- the governance criterion through the mock host, on
 * a hand-computable area: four practices in three localities, two local
 * authorities and one PCT. Also loads the four built structure modules
 * with dlopen to check each exports its entry symbol.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockhost.h"

const cs_plugin_descriptor *consortia_plugin_entry(void);

#define EPS 1e-12

/* LA a: localities L0, L1; LA b: L2; one PCT. Lists 10,000, 6,000 (L0),
 * 8,000 (L1), 4,000 (L2): 28,000 in all. */
static cs_mock *gov_area(int with_la)
{
    cs_mock *m = cs_mock_new(3, 1);
    int la_a = cs_mock_add_org(m, "la_a", CS_ORG_LOCAL_AUTHORITY);
    int la_b = cs_mock_add_org(m, "la_b", CS_ORG_LOCAL_AUTHORITY);
    int pct = cs_mock_add_org(m, "pct", CS_ORG_PCT);
    int l0 = cs_mock_add_locality(m, "l0", with_la ? la_a : -1, pct);
    int l1 = cs_mock_add_locality(m, "l1", with_la ? la_a : -1, pct);
    int l2 = cs_mock_add_locality(m, "l2", with_la ? la_b : -1, pct);
    cs_mock_add_practice(m, "P0", l0, 10000, 10000);
    cs_mock_add_practice(m, "P1", l0, 6000, 6000);
    cs_mock_add_practice(m, "P2", l1, 8000, 8000);
    cs_mock_add_practice(m, "P3", l2, 4000, 4000);
    return m;
}

static double val(const cs_mock *m, const cs_values *v, const char *name)
{
    return cs_mock_value(m, v, name, 0);
}

START_TEST(test_one_consortium)
{
    cs_mock *m = gov_area(1);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){3, 1, 0, 2}, 4, &v), 0);
    /* three localities: GP chair + 2 x 3 = 7 GP seats, + 6 statutory */
    ck_assert_double_eq(val(m, v, "gp_seats"), 7);
    ck_assert_double_eq(val(m, v, "seats_to_fill"), 13);
    ck_assert_double_eq(cs_mock_value(m, v, "seats_to_fill", 2), 13);
    ck_assert_double_eq_tol(val(m, v, "practices_per_gp_seat"), 4.0 / 7, EPS);
    ck_assert_double_eq_tol(val(m, v, "patients_per_gp_seat"), 4000, EPS);
    ck_assert_double_eq(val(m, v, "every_locality_seated"), 1);
    ck_assert_double_eq(val(m, v, "localities_without_seat"), 0);
    ck_assert_double_eq(val(m, v, "local_authorities_spanned"), 2);
    ck_assert_double_eq(val(m, v, "pcts_spanned"), 1);
    ck_assert_double_eq_tol(val(m, v, "main_la_share"), 24000.0 / 28000,
                            EPS);
    ck_assert_double_eq(val(m, v, "main_pct_share"), 1);
    ck_assert_double_eq(val(m, v, "la_relationships"), 2);
    ck_assert_double_eq(val(m, v, "legitimacy"), 0.5);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_three_locality_consortia)
{
    cs_mock *m = gov_area(1);
    const cs_values *v;
    const cs_values *const *per;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1}, 2);
    cs_mock_option_consortium(m, (int[]){2}, 1);
    cs_mock_option_consortium(m, (int[]){3}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &v), 0);
    /* each: 1 + 2 GP seats + 6 statutory = 9 */
    ck_assert_double_eq(val(m, per[0], "seats_to_fill"), 9);
    ck_assert_double_eq(val(m, v, "seats_to_fill"), 27);
    ck_assert_double_eq(val(m, v, "governing_bodies"), 3);
    ck_assert_double_eq(val(m, v, "gp_seats"), 9);
    ck_assert_double_eq_tol(val(m, v, "practices_per_gp_seat"), 4.0 / 9, EPS);
    ck_assert_double_eq_tol(val(m, v, "patients_per_gp_seat"), 28000.0 / 9,
                            EPS);
    ck_assert_double_eq(val(m, v, "local_authorities_spanned"), 1);
    ck_assert_double_eq(val(m, v, "main_la_share"), 1);
    /* la_a has two consortia, la_b one */
    ck_assert_double_eq(val(m, v, "consortia_per_local_authority"), 1.5);
    ck_assert_double_eq(val(m, v, "la_relationships"), 3);
    ck_assert_double_eq(val(m, v, "federation_agreements"), 0);
    ck_assert_double_eq(val(m, v, "votes_recorded"), 0);
    ck_assert_double_eq(val(m, v, "legitimacy"), 0.5);
    ck_assert_double_eq(val(m, v, "vote_turnout"), 0);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_federation_and_votes)
{
    cs_mock *m = gov_area(1);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1}, 2);
    cs_mock_option_consortium(m, (int[]){2}, 1);
    cs_mock_option_consortium(m, (int[]){3}, 1);
    cs_mock_option_federation(m, (int[]){0, 1, 2}, 3, 0.5, 0, 0.4, 1);
    cs_mock_option_vote(m, 0, 1);
    cs_mock_option_vote(m, 1, 0);
    cs_mock_option_vote(m, 2, 1);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    /* a federation keeps its members' boards: still 27 seats */
    ck_assert_double_eq(val(m, v, "seats_to_fill"), 27);
    ck_assert_double_eq(val(m, v, "federation_agreements"), 3);
    /* for: 10,000 + 8,000 of the 24,000 that voted; P3 did not vote */
    ck_assert_double_eq_tol(val(m, v, "legitimacy"), 0.75, EPS);
    ck_assert_double_eq_tol(val(m, v, "vote_turnout"), 24000.0 / 28000, EPS);
    ck_assert_double_eq(val(m, v, "votes_recorded"), 1);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_seat_cap_and_floor)
{
    cs_mock *m = gov_area(1);
    const cs_values *v;
    cs_mock_set_number(m, "gp_seats_max", 2);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2, 3}, 4, &v), 0);
    ck_assert_double_eq(val(m, v, "gp_seats"), 2);
    ck_assert_double_eq(val(m, v, "seats_to_fill"), 8);
    ck_assert_double_eq(val(m, v, "localities_without_seat"), 1);
    ck_assert_double_eq(val(m, v, "every_locality_seated"), 0);
    /* the option of that one body: its three localities on two seats
       leave one unseated; split as {L0, L1} and {L2}, each body's
       localities (2, then 1) fit its 2 seats */
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2, 3}, 4);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq(val(m, v, "localities_without_seat"), 1);
    ck_assert_double_eq(val(m, v, "every_locality_seated"), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2}, 3);
    cs_mock_option_consortium(m, (int[]){3}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq(val(m, v, "localities_without_seat"), 0);
    ck_assert_double_eq(val(m, v, "every_locality_seated"), 1);
    cs_mock_free(m);

    m = gov_area(1);
    cs_mock_set_number(m, "gp_seats_base", 0);
    cs_mock_set_number(m, "gp_seats_per_locality", 0);
    cs_mock_set_number(m, "statutory_seats", 7);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){2}, 1, &v), 0);
    ck_assert_double_eq(val(m, v, "gp_seats"), 1);   /* at least one GP */
    ck_assert_double_eq(val(m, v, "seats_to_fill"), 8);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_no_local_authority)
{
    cs_mock *m = gov_area(0);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1, 2, 3}, 4);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    ck_assert_double_eq(val(m, v, "local_authorities_spanned"), 0);
    ck_assert_double_eq(val(m, v, "main_la_share"), 1);
    ck_assert_double_eq(val(m, v, "consortia_per_local_authority"), 1);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_bad_parameter_refused)
{
    cs_mock *m = gov_area(1);
    cs_mock_set_number(m, "statutory_seats", 50);
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), -1);
    ck_assert_ptr_nonnull(strstr(cs_mock_error(m), "statutory_seats"));
    cs_mock_free(m);
}
END_TEST

START_TEST(test_headline_declared)
{
    cs_mock *m = gov_area(1);
    size_t n;
    const cs_metric_decl *md;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    md = cs_mock_metrics(m, &n);
    ck_assert_str_eq(md[0].name, "member_practices_per_gp_seat");
    ck_assert_int_ne(md[0].sampled, 0);
    ck_assert_int_eq(md[0].direction, CS_LOWER_IS_BETTER);
    cs_mock_free(m);
}
END_TEST

/* The headline: practices per GP seat, practice-weighted over consortia. */
START_TEST(test_member_practices_per_seat)
{
    cs_mock *m = gov_area(1);
    const cs_values *v, *const *per;
    ck_assert_int_eq(cs_mock_load(m, consortia_plugin_entry()), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1, 2, 3}, 4, &v), 0);
    /* 4 practices, 1 + 2 x 3 = 7 GP seats */
    ck_assert_double_eq_tol(val(m, v, "member_practices_per_gp_seat"),
                            4.0 / 7, EPS);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0, 1}, 2);
    cs_mock_option_consortium(m, (int[]){2}, 1);
    cs_mock_option_consortium(m, (int[]){3}, 1);
    ck_assert_int_eq(cs_mock_option_run(m, &per, &v), 0);
    /* one locality each: 3 GP seats each; per consortium 2/3, 1/3, 1/3;
     * practice-weighted: (2 x 2/3 + 1 x 1/3 + 1 x 1/3) / 4 = 0.5 */
    ck_assert_double_eq_tol(val(m, per[0], "member_practices_per_gp_seat"),
                            2.0 / 3, EPS);
    ck_assert_double_eq_tol(val(m, v, "member_practices_per_gp_seat"), 0.5,
                            EPS);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "member_practices_per_gp_seat",
                                          2), 0.5, EPS);
    cs_mock_free(m);
}
END_TEST

/* Representation thins with size and the seat cap: 240 practices in 24
 * localities of 10. Separate (24 bodies): 10 / (1 + 2) = 3.33 practices
 * a seat; 3 bodies of 8 localities: 80 / min(1 + 16, 8) = 10; one body:
 * 240 / 8 = 30. On the default scale (worst 50, best 1, linear) the
 * values are (50 - x) / 49: 0.952, 0.816, 0.408 -- the step from three
 * bodies to one costs three times the step from 24 to three. */
START_TEST(test_thinning_with_size)
{
    cs_mock *m = cs_mock_new(1, 1);
    const cs_plugin_descriptor *d = consortia_plugin_entry();
    const cs_value_scale *sc = d->headline_scale;
    int idx[240];
    double x[3], want[3] = {10.0 / 3, 10, 30};
    const cs_values *v;
    for (int l = 0; l < 24; l++) {
        char id[8];
        snprintf(id, sizeof id, "l%d", l);
        int loc = cs_mock_add_locality(m, id, -1, -1);
        for (int k = 0; k < 10; k++) {
            char code[8];
            snprintf(code, sizeof code, "P%d", 10 * l + k);
            idx[10 * l + k] = cs_mock_add_practice(m, code, loc, 5000, 5000);
        }
    }
    ck_assert_int_eq(cs_mock_load(m, d), 0);
    cs_mock_option_begin(m);
    for (int l = 0; l < 24; l++)
        cs_mock_option_consortium(m, idx + 10 * l, 10);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    x[0] = val(m, v, "member_practices_per_gp_seat");
    cs_mock_option_begin(m);
    for (int g = 0; g < 3; g++)
        cs_mock_option_consortium(m, idx + 80 * g, 80);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &v), 0);
    x[1] = val(m, v, "member_practices_per_gp_seat");
    ck_assert_int_eq(cs_mock_consortium(m, idx, 240, &v), 0);
    x[2] = val(m, v, "member_practices_per_gp_seat");
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(x[i], want[i], 1e-9);
    ck_assert_ptr_nonnull(sc);
    ck_assert_double_eq(sc->worst, 50);
    ck_assert_double_eq(sc->best, 1);
    ck_assert_ptr_nonnull(strstr(sc->source, "ASSUMPTION"));
    {
        double v0 = (50 - x[0]) / 49, v1 = (50 - x[1]) / 49;
        double v2 = (50 - x[2]) / 49;
        ck_assert_double_eq_tol(v0, 0.95238, 1e-5);
        ck_assert_double_eq_tol(v1, 40.0 / 49, 1e-12);
        ck_assert_double_eq_tol(v2, 20.0 / 49, 1e-12);
        ck_assert_double_gt(v1 - v2, 2.9 * (v0 - v1));
    }
    cs_mock_free(m);
}
END_TEST

/* The built modules load through dlopen and export the entry symbol. */
START_TEST(test_modules_load)
{
    static const char *const names[] = {"governance", "leverage",
                                        "engagement", "equity"};
    char path[4096];
    cs_mock *m = gov_area(1);
    size_t n;
    snprintf(path, sizeof path, "%s/%s.so", CS_BUILD_PLUGINDIR, names[_i]);
    ck_assert_msg(cs_mock_load_file(m, path) == 0, "%s", cs_mock_error(m));
    ck_assert_ptr_nonnull(cs_mock_metrics(m, &n));
    ck_assert_uint_gt(n, 0);
    cs_mock_free(m);
}
END_TEST

static Suite *gov_suite(void)
{
    Suite *s = suite_create("governance");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_one_consortium);
    tcase_add_test(tc, test_three_locality_consortia);
    tcase_add_test(tc, test_federation_and_votes);
    tcase_add_test(tc, test_seat_cap_and_floor);
    tcase_add_test(tc, test_no_local_authority);
    tcase_add_test(tc, test_bad_parameter_refused);
    tcase_add_test(tc, test_headline_declared);
    tcase_add_test(tc, test_member_practices_per_seat);
    tcase_add_test(tc, test_thinning_with_size);
    tcase_add_loop_test(tc, test_modules_load, 0, 4);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gov_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
