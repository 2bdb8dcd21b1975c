/* test_stability.c -- weight stability intervals (checked by re-scoring
 * at each edge +- epsilon), the tornado's order and the "what would
 * change the answer" list. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "stability.h"

/* Expected scores under weights where criterion c is set to t and the
 * others scaled to keep their ratios, computed from scratch. */
static void scores_with(const double *mean_v, size_t n_opt, size_t n_crit,
                        const double *w, size_t c, double t, double *s)
{
    double w2[n_crit];

    for (size_t j = 0; j < n_crit; j++)
        w2[j] = j == c ? t : w[j] * (1.0 - t) / (1.0 - w[c]);
    for (size_t o = 0; o < n_opt; o++) {
        s[o] = 0.0;
        for (size_t j = 0; j < n_crit; j++)
            s[o] += w2[j] * mean_v[o * n_crit + j];
    }
}

static int argmax(const double *s, size_t n)
{
    int best = 0;

    for (size_t o = 1; o < n; o++)
        if (s[o] > s[best])
            best = (int)o;
    return best;
}

/* A is all risk, B all capacity; weights 0.6 / 0.4: A is best while the
 * risk weight stays at or above 0.5. */
START_TEST(two_options_by_hand)
{
    const double v[] = {1, 0, 0, 1}, w[] = {0.6, 0.4};
    cs_stability st[2];

    ck_assert_int_eq(cs_stability_best(v, 2, 2, w), 0);
    ck_assert_int_eq(cs_stability_intervals(v, 2, 2, w, 0, st), 0);
    ck_assert_double_eq_tol(st[0].lo, 0.5, 1e-15);
    ck_assert_double_eq(st[0].hi, 1.0);
    ck_assert_int_eq(st[0].rival_lo, 1);
    ck_assert_int_eq(st[0].rival_hi, -1);
    ck_assert_double_eq(st[0].weight, 0.6);
    ck_assert_double_eq(st[1].lo, 0.0);
    ck_assert_double_eq_tol(st[1].hi, 0.5, 1e-15);
    ck_assert_int_eq(st[1].rival_hi, 1);
    ck_assert_int_eq(st[1].rival_lo, -1);
    ck_assert_double_eq_tol(cs_stability_score_at(v, 2, w, 1, 0, 0.25), 0.75,
                            1e-15);
    ck_assert_int_eq(cs_stability_intervals(v, 2, 2, w, 2, st), -1);
}
END_TEST

/* A criterion with all the weight has no others to scale. */
START_TEST(whole_weight_undefined)
{
    const double v[] = {1, 0, 0, 1}, w[] = {1.0, 0.0};
    cs_stability st[2];

    ck_assert_int_eq(cs_stability_intervals(v, 2, 2, w, 0, st), 0);
    ck_assert(isnan(st[0].lo) && isnan(st[0].hi));
    ck_assert_int_eq(st[0].rival_lo, -1);
    /* the other criterion at 0 today; A stays best up to 0.5 */
    ck_assert_double_eq_tol(st[1].hi, 0.5, 1e-15);
    /* with w = 1 the others share what is left equally */
    ck_assert_double_eq_tol(cs_stability_score_at(v, 2, w, 1, 0, 0.25), 0.75,
                            1e-15);
}
END_TEST

/* stability.h: on a tie the best is the first in order. Under weights
 * (1/2, 1/2) options 1 (1, 0) and 2 (0, 1) both score 1/2, option 0
 * scores 0 (all exact in binary): option 1. */
START_TEST(best_on_tie_is_first)
{
    const double v[] = {0, 0, 1, 0, 0, 1}, w[] = {0.5, 0.5};

    ck_assert_int_eq(cs_stability_best(v, 3, 2, w), 1);
    ck_assert_int_eq(cs_stability_best(v, 0, 2, w), -1);
}
END_TEST

/* Exact ties at today's weights (stability.h: lo <= weight <= hi). A is
 * (1 - t, 0) and B (0, t), so with weights (t, 1 - t) both score
 * t (1 - t): the crossing of either criterion is at its own weight, which
 * rounding can put a hair either side. Whichever tied option is called
 * best, the interval must still hold the weight. */
START_TEST(ties_keep_weight_inside)
{
    for (int i = 1; i < 100; i++) {
        double t = i / 100.0;
        const double v[] = {1.0 - t, 0.0, 0.0, t}, w[] = {t, 1.0 - t};
        for (int best = 0; best < 2; best++) {
            cs_stability st[2];
            ck_assert_int_eq(cs_stability_intervals(v, 2, 2, w, best, st), 0);
            for (int c = 0; c < 2; c++)
                ck_assert_msg(st[c].lo <= w[c] && w[c] <= st[c].hi,
                              "t %g best %d criterion %d: [%.17g, %.17g] "
                              "misses the weight %.17g", t, best, c,
                              st[c].lo, st[c].hi, w[c]);
        }
    }
}
END_TEST

/* Random cases: at every edge that has a rival, re-scoring just inside
 * keeps the best option first, just outside puts the rival first. */
START_TEST(edges_by_rescoring)
{
    enum { N_OPT = 4, N_CRIT = 5, CASES = 200 };
    const double eps = 1e-7;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    size_t n_edges = 0;

    gsl_rng_set(r, 31);
    for (int k = 0; k < CASES; k++) {
        double v[N_OPT * N_CRIT], w[N_CRIT], s[N_OPT], sum = 0.0;
        cs_stability st[N_CRIT];
        int best;
        for (size_t i = 0; i < N_OPT * N_CRIT; i++)
            v[i] = gsl_rng_uniform(r);
        for (size_t c = 0; c < N_CRIT; c++)
            sum += w[c] = 0.05 + gsl_rng_uniform(r);
        for (size_t c = 0; c < N_CRIT; c++)
            w[c] /= sum;
        best = cs_stability_best(v, N_OPT, N_CRIT, w);
        ck_assert_int_eq(cs_stability_intervals(v, N_OPT, N_CRIT, w, best,
                                                st), 0);
        for (size_t c = 0; c < N_CRIT; c++) {
            ck_assert(st[c].lo <= w[c] && w[c] <= st[c].hi);
            scores_with(v, N_OPT, N_CRIT, w, c, st[c].lo + eps, s);
            ck_assert_int_eq(argmax(s, N_OPT), best);
            scores_with(v, N_OPT, N_CRIT, w, c, st[c].hi - eps, s);
            ck_assert_int_eq(argmax(s, N_OPT), best);
            if (st[c].rival_lo >= 0) {
                scores_with(v, N_OPT, N_CRIT, w, c, st[c].lo - eps, s);
                ck_assert_int_eq(argmax(s, N_OPT), st[c].rival_lo);
                n_edges++;
            } else
                ck_assert_double_eq(st[c].lo, 0.0);
            if (st[c].rival_hi >= 0) {
                scores_with(v, N_OPT, N_CRIT, w, c, st[c].hi + eps, s);
                ck_assert_int_eq(argmax(s, N_OPT), st[c].rival_hi);
                n_edges++;
            } else
                ck_assert_double_eq(st[c].hi, 1.0);
        }
    }
    /* the cases must actually exercise edges */
    ck_assert_uint_gt(n_edges, 100);
    gsl_rng_free(r);
}
END_TEST

static cs_tornado *three_row_tornado(void)
{
    cs_tornado *t = cs_tornado_alloc(3, 2);
    static const char *const names[] = {"alpha", "beta", "gamma"};
    /* at_p10 / at_p90 for options 0 and 1 */
    static const double lo[3][2] = {{60, 50}, {58, 61}, {55, 50}};
    static const double hi[3][2] = {{61, 50}, {62, 50}, {65, 50}};

    ck_assert_ptr_nonnull(t);
    t->base[0] = 60;
    t->base[1] = 50;
    for (size_t r = 0; r < 3; r++) {
        t->rows[r].param = strdup(names[r]);
        t->rows[r].unit = strdup(r == 1 ? "GBP/head" : "");
        t->rows[r].centre = 30;
        t->rows[r].p10 = 25 + (double)r;
        t->rows[r].p90 = 35 + (double)r;
        for (size_t o = 0; o < 2; o++) {
            t->rows[r].at_p10[o] = lo[r][o];
            t->rows[r].at_p90[o] = hi[r][o];
        }
    }
    cs_tornado_finish(t);
    return t;
}

START_TEST(tornado_sorted_by_swing)
{
    cs_tornado *t = three_row_tornado();

    ck_assert_int_eq(t->best_base, 0);
    /* swings: alpha 1, beta 11 (option 1: 61 -> 50), gamma 10 */
    ck_assert_str_eq(t->rows[0].param, "beta");
    ck_assert_double_eq(t->rows[0].swing, 11.0);
    ck_assert_str_eq(t->rows[1].param, "gamma");
    ck_assert_str_eq(t->rows[2].param, "alpha");
    ck_assert_int_eq(t->rows[0].best_p10, 1);
    ck_assert_int_eq(t->rows[0].best_p90, 0);
    /* arrays moved with their rows */
    ck_assert_double_eq(t->rows[0].at_p10[1], 61.0);
    ck_assert_double_eq(t->rows[2].at_p90[0], 61.0);
    cs_tornado_free(t);
    cs_tornado_free(NULL);
}
END_TEST

/* A is all risk, B all capacity, both half on governance; weights 0.5,
 * 0.3, 0.2. A stays first while risk stays above 3/8 (0.125 away) and
 * capacity below 5/12 (0.117 away); governance cannot change it. */
START_TEST(what_would_change)
{
    const double v[] = {1, 0, 0.5, 0, 1, 0.5}, w[] = {0.5, 0.3, 0.2};
    const char *const crit[] = {"risk", "capacity", "governance"};
    const char *const opt[] = {"One consortium", "Three localities"};
    cs_stability st[3];
    cs_tornado *t = three_row_tornado();
    cs_changes ch;

    ck_assert_int_eq(cs_stability_intervals(v, 2, 3, w, 0, st), 0);
    ck_assert_double_eq_tol(st[0].lo, 0.375, 1e-12);
    ck_assert_double_eq_tol(st[1].hi, 5.0 / 12.0, 1e-12);
    ck_assert_double_eq(st[2].lo, 0.0);
    ck_assert_double_eq(st[2].hi, 1.0);
    ck_assert_int_eq(st[2].rival_hi, -1);
    ck_assert_int_eq(cs_changes_build(&ch, st, 3, crit, t, opt, 0), 0);
    ck_assert_uint_eq(ch.n, 3);
    ck_assert_str_eq(ch.items[0].text, "'Three localities' would rank first "
                     "if the weight of 'capacity' rose above 41.7% (it is "
                     "30.0%)");
    ck_assert_int_eq(ch.items[0].kind, CS_CHANGE_WEIGHT);
    ck_assert_int_eq(ch.items[0].upward, 1);
    ck_assert_str_eq(ch.items[1].text, "'Three localities' would rank first "
                     "if the weight of 'risk' fell below 37.5% (it is 50.0%)");
    ck_assert_str_eq(ch.items[2].text, "'Three localities' would rank first "
                     "if 'beta' were at its p10 (26 GBP/head) rather than "
                     "its centre (30)");
    ck_assert_int_eq(ch.items[2].kind, CS_CHANGE_PARAM);
    ck_assert_int_eq(ch.items[2].upward, 0);
    ck_assert_int_eq(ch.items[2].option, 1);
    ck_assert_ptr_nonnull(strstr(ch.summary, "'One consortium' ranks first"));
    cs_changes_clear(&ch);
    cs_tornado_free(t);
}
END_TEST

/* One option better on everything: nothing changes the answer. */
START_TEST(nothing_would_change)
{
    const double v[] = {0.9, 0.8, 0.2, 0.1}, w[] = {0.5, 0.5};
    const char *const crit[] = {"risk", "capacity"};
    const char *const opt[] = {"One", "Two"};
    cs_stability st[2];
    cs_changes ch;

    ck_assert_int_eq(cs_stability_intervals(v, 2, 2, w, 0, st), 0);
    ck_assert_double_eq(st[0].lo, 0.0);
    ck_assert_double_eq(st[0].hi, 1.0);
    ck_assert_int_eq(cs_changes_build(&ch, st, 2, crit, NULL, opt, 0), 0);
    ck_assert_uint_eq(ch.n, 0);
    ck_assert_str_eq(ch.summary, "nothing examined would change the answer: "
                     "'One' stays first over the whole range of each weight");
    cs_changes_clear(&ch);
    cs_changes_clear(&ch);
}
END_TEST

static Suite *stability_suite(void)
{
    Suite *s = suite_create("stability");
    TCase *tc = tcase_create("weights");

    tcase_add_test(tc, two_options_by_hand);
    tcase_add_test(tc, whole_weight_undefined);
    tcase_add_test(tc, ties_keep_weight_inside);
    tcase_add_test(tc, best_on_tie_is_first);
    tcase_add_test(tc, edges_by_rescoring);
    suite_add_tcase(s, tc);
    tc = tcase_create("sensitivity");
    tcase_add_test(tc, tornado_sorted_by_swing);
    tcase_add_test(tc, what_would_change);
    tcase_add_test(tc, nothing_would_change);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stability_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
