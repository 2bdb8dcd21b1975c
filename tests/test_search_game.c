/* test_search_game.c -- the cooperative-game arithmetic of the search
 * (core/search/shapley.c) against games worked by hand. */
#include <check.h>
#include <stdlib.h>

#include "search/search.h"
#include "search/objective.h"

/* The Shapley value against games worked by hand. */
START_TEST(shapley_by_hand)
{
    double phi[3];
    /* Majority game, v(C) = 1 when |C| >= 2: by symmetry 1/3 each; a pair
     * gets 2/3 < 1, so the core is empty. Masks: bit i = player i. */
    const double maj[8] = {0, 0, 0, 1, 0, 1, 1, 1};
    ck_assert_int_eq(cs_shapley(maj, 3, phi), 0);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(phi[i], 1.0 / 3, 1e-12);
    /* Gloves: player 0 holds a left glove, 1 and 2 right ones; a pair
     * is worth 1. phi_0 = 2/3 (joining after one right glove: orders
     * 1-0-2, 2-0-1, 1-2-0, 2-1-0 give 1; 0-1-2, 0-2-1 give 0: 4/6),
     * phi_1 = phi_2 = 1/6. The core gives everything to player 0, so
     * (2/3, 1/6, 1/6) is outside it: {0, 1} gets 5/6 < 1. */
    const double glove[8] = {0, 0, 0, 1, 0, 1, 0, 1};
    ck_assert_int_eq(cs_shapley(glove, 3, phi), 0);
    ck_assert_double_eq_tol(phi[0], 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(phi[1], 1.0 / 6, 1e-12);
    ck_assert_double_eq_tol(phi[2], 1.0 / 6, 1e-12);
    /* A convex game, v(C) = |C|^2 for |C| >= 2: the Shapley value is in
     * the core (Shapley 1971); by symmetry 9/3 = 3 each. */
    const double convex[8] = {0, 0, 0, 4, 0, 4, 4, 9};
    ck_assert_int_eq(cs_shapley(convex, 3, phi), 1);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(phi[i], 3, 1e-12);
    /* Two players: the gain is split evenly. */
    const double two[4] = {0, 0, 0, 1.09};
    ck_assert_int_eq(cs_shapley(two, 2, phi), 1);
    ck_assert_double_eq_tol(phi[0], 0.545, 1e-12);
    ck_assert_double_eq_tol(phi[1], 0.545, 1e-12);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("search_game");
    TCase *t = tcase_create("shapley");
    SRunner *r;
    int failed;

    tcase_add_test(t, shapley_by_hand);
    suite_add_tcase(s, t);
    r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
