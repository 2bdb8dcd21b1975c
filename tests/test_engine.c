/* test_engine.c -- the decision engine inside an appraisal: scenario
 * weights and value functions reach the scores, the tornado re-runs only
 * the criteria that declare a parameter and matches a hand computation,
 * everything is identical at 1 and 2 threads, and a value function that
 * runs against its metric is refused with file:line. Uses the test plugin
 * tp_good (higher is better: list size in thousands x scale x mode, plus
 * the uncertain `noise`). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "loader.h"
#include "score.h"
#include "session.h"
#include "smaa.h"
#include "stability.h"

#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"

/* Lines 1-11; the criteria start at line 12. Option one: one consortium
 * of 50,000 (size_score 50 x 2 = 100); option two: 30,000 and 20,000,
 * whose list-weighted mean is 26 x 2 = 52. */
#define AREA "format: 1\nscenario: {id: e}\nparameters: {scale: 2}\n" \
    "localities: [{id: east}, {id: west}]\npractices:\n" \
    "  - {code: T1, locality: east, registered: 30000}\n" \
    "  - {code: T2, locality: west, registered: 20000}\noptions:\n" \
    "  - {id: one, consortia: [{id: all, localities: [east, west]}]}\n" \
    "  - {id: two, consortia: [{id: e, localities: [east]}, " \
    "{id: w, localities: [west]}]}\ncriteria:\n"
#define BIG "  - plugin: tp_good\n    label: big\n" \
    "    parameters: {noise: {dist: uniform, min: -1, max: 1}}\n"
#define SMALL "  - plugin: tp_good\n    label: small\n"
#define TAIL "analysis: {draws: 400, seed: 3, smaa_iterations: 3000}\n"

typedef struct run {
    cs_model *m;
    cs_plugin **pl;
    cs_appraisal *a;
    cs_diag diag;
} run;

static void appraise(run *r, const char *yaml, unsigned threads)
{
    const char *dirs[] = {TP_DIR};
    cs_appraise_opts o = {.threads = threads, .quiet = 1};
    int failed;

    memset(r, 0, sizeof *r);
    r->m = cs_load_scenario_buffer("e.yaml", yaml, strlen(yaml), &r->diag);
    if (!r->m)
        cs_diag_print(&r->diag, stderr);
    ck_assert_ptr_nonnull(r->m);
    ck_assert_int_eq(cs_session_open_plugins(r->m, dirs, 1, &r->pl,
                                             &r->diag), 0);
    r->a = cs_appraise_decided(r->m, r->pl, &o, &r->diag, &failed);
}

static void done(run *r)
{
    cs_appraisal_free(r->a);
    cs_session_close_plugins(r->pl, r->m->n_criteria);
    cs_model_free(r->m);
    cs_diag_clear(&r->diag);
}

START_TEST(swing_and_step)
{
    run r;
    const cs_decision *d;

    appraise(&r, AREA BIG "    value_function: {kind: piecewise, points: "
             "[[0, 0], [200, 1]]}\n" SMALL "    value_function: {kind: step, "
             "steps: [[0, 0], [60, 1]]}\nweights: {method: swing, points: "
             "{big: 100, small: 25}}\n" TAIL, 2);
    ck_assert_ptr_nonnull(r.a);
    d = r.a->decision;
    ck_assert_int_eq(d->method, CS_WEIGHTS_SWING);
    ck_assert_double_eq_tol(d->weights[0], 0.8, 1e-15);
    ck_assert_double_eq_tol(r.a->crits[1].weight, 0.2, 1e-15);
    /* step: one (100) is above 60, two (52) below */
    ck_assert_double_eq(d->mean_value[0 * 2 + 1], 1.0);
    ck_assert_double_eq(d->mean_value[1 * 2 + 1], 0.0);
    /* piecewise: x / 200 on the way up */
    for (size_t o = 0; o < 2; o++) {
        cs_summary s = cs_summarise(r.a->crits[0].options[o].values[0], 400);
        ck_assert_double_eq_tol(d->mean_value[o * 2], s.mean / 200, 1e-12);
        ck_assert_double_eq_tol(r.a->option_scores[o].score.mean,
                                100 * (0.8 * s.mean / 200 + 0.2 * (o == 0)),
                                1e-9);
    }
    ck_assert_int_eq(d->best, 0);
    ck_assert_double_eq(d->ranks->rank_p[0], 1.0);
    ck_assert_double_eq(d->smaa->ra[0], 1.0);    /* one dominates */
    ck_assert_double_eq(r.a->option_scores[0].p_best, 1.0);
    ck_assert_double_eq(r.a->option_scores[1].p_best, 0.0);
    /* the levels reported for a higher-is-better headline: worst at the
       first point, best at the last */
    ck_assert_double_eq(r.a->crits[0].worst, 0);
    ck_assert_double_eq(r.a->crits[0].best, 200);
    ck_assert_double_eq(r.a->crits[1].worst, 0);
    ck_assert_double_eq(r.a->crits[1].best, 60);
    ck_assert_uint_eq(d->smaa->n_iter, 3000);
    ck_assert_str_eq(d->changes->summary, "nothing examined would change "
                     "the answer: 'one' stays first over the whole range of "
                     "each weight and with each uncertain parameter at its "
                     "p10 and its p90");
    done(&r);
}
END_TEST

/* With `noise` pinned at q, every draw of `big` moves by q - noise[k]:
 * the tornado's expected scores must equal that, computed by hand. */
START_TEST(tornado_matches_hand_computation)
{
    run r;
    const cs_decision *d;
    const cs_tornado *t;
    const cs_param_slot *noise;
    const cs_crit_run *big;
    double lo = 1, hi = -1;

    appraise(&r, AREA BIG "    weight: 3\n" SMALL "    weight: 1\n" TAIL, 1);
    ck_assert_ptr_nonnull(r.a);
    d = r.a->decision;
    t = d->tornado;
    big = &r.a->crits[0];
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->n_rows, 1);
    ck_assert_str_eq(t->rows[0].param, "noise");
    ck_assert_str_eq(t->rows[0].unit, "points");
    ck_assert_double_eq_tol(t->rows[0].p10, -0.8, 1e-12);
    ck_assert_double_eq_tol(t->rows[0].p90, 0.8, 1e-12);
    ck_assert_double_eq_tol(t->rows[0].centre, 0.0, 1e-12);
    noise = cs_params_get(&big->params, "noise");
    for (size_t k = 0; k < 400; k++) {
        lo = fmin(lo, noise->draws[k]);
        hi = fmax(hi, noise->draws[k]);
    }
    ck_assert(lo < -0.9 && hi > 0.9);       /* the draws were restored */
    for (int end = 0; end < 2; end++) {
        double q = end ? 0.8 : -0.8;
        const double *at = end ? t->rows[0].at_p90 : t->rows[0].at_p10;
        for (size_t o = 0; o < 2; o++) {
            const double *x = big->options[o].values[0];
            double m = 0.0, want;
            for (size_t k = 0; k < 400; k++)
                m += cs_value_of(big, x[k] - noise->draws[k] + q) / 400;
            want = 100 * (0.75 * m + 0.25 * d->mean_value[o * 2 + 1]);
            ck_assert_double_eq_tol(at[o], want, 1e-9);
        }
    }
    ck_assert(t->rows[0].swing > 0.0);
    ck_assert_int_eq(t->rows[0].best_p10, 0);
    done(&r);
}
END_TEST

/* Contributions by hand. tp_good's headline (scale 2) is the list in
 * thousands x 2 plus noise[k] plus 0.01 x a uniform draw u in [0, 1):
 * option one 100 + noise + 0.01u, option two the list-weighted mean of
 * 60 and 40, 52 + noise + 0.01(0.6u_e + 0.4u_w); `small` has no noise.
 * The default scale is 0 to 200, so the value is x / 200 (no clamping
 * between 51 and 102). With weights 3 : 1 (0.75, 0.25), big's
 * contribution to one is 100 x 0.75 x mean(x) / 200 = 37.5 + 0.375
 * mean(noise) plus under 0.375 x 0.01 = 0.00375 from u; to two 19.5 +
 * 0.375 mean(noise) (plus the same); small's to one 12.5 and to two 6.5,
 * plus under 0.25 x 0.01 / 2 = 0.00125. Each option's contributions add
 * up to its mean score: both are sums of the same products, in another
 * order, so they agree to rounding (400 draws x 2^-52 x 100 < 1e-10). */
START_TEST(contributions_by_hand)
{
    static const double base[2][2] = {{37.5, 12.5}, {19.5, 6.5}};
    run r;
    const cs_decision *d;
    const cs_param_slot *noise;
    double nbar = 0.0;

    appraise(&r, AREA BIG "    weight: 3\n" SMALL "    weight: 1\n" TAIL, 2);
    ck_assert_ptr_nonnull(r.a);
    d = r.a->decision;
    noise = cs_params_get(&r.a->crits[0].params, "noise");
    for (size_t k = 0; k < 400; k++)
        nbar += noise->draws[k] / 400;
    for (size_t o = 0; o < 2; o++) {
        double big = d->contrib[o * 2] - (base[o][0] + 0.375 * nbar);
        double small = d->contrib[o * 2 + 1] - base[o][1];
        ck_assert_msg(big > -1e-12 && big < 0.00375, "big %zu: %g", o, big);
        ck_assert_msg(small > -1e-12 && small < 0.00125, "small %zu: %g", o,
                      small);
        ck_assert_double_eq_tol(d->contrib[o * 2] + d->contrib[o * 2 + 1],
                                r.a->option_scores[o].score.mean, 1e-10);
    }
    done(&r);
}
END_TEST

/* The same seed gives the same decision at 1 and 2 threads. */
START_TEST(same_at_any_thread_count)
{
    static const char *yaml = AREA BIG SMALL "weights: {method: ordinal, "
        "order: [small, big]}\n" TAIL;
    run a, b;
    const cs_decision *x, *y;

    appraise(&a, yaml, 1);
    appraise(&b, yaml, 2);
    ck_assert_ptr_nonnull(a.a);
    ck_assert_ptr_nonnull(b.a);
    x = a.a->decision;
    y = b.a->decision;
    ck_assert_double_eq_tol(x->weights[1], 0.75, 1e-15);   /* centroid */
    ck_assert_double_eq_tol(x->weights[0], 0.25, 1e-15);
    ck_assert_int_eq(x->smaa_preferences, 1);
    ck_assert(x->smaa->cw[1] >= x->smaa->cw[0]);            /* small first */
    ck_assert_int_eq(memcmp(a.a->scores, b.a->scores,
                            800 * sizeof *a.a->scores), 0);
    ck_assert_int_eq(memcmp(x->smaa->ra, y->smaa->ra, 4 * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(x->smaa->cw, y->smaa->cw, 4 * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(x->tornado->rows[0].at_p10,
                            y->tornado->rows[0].at_p10, 2 * sizeof(double)),
                     0);
    done(&a);
    done(&b);
}
END_TEST

START_TEST(intervals_and_missing)
{
    run r;

    appraise(&r, AREA BIG SMALL "weights:\n  method: intervals\n  bounds: "
             "{big: [0.6, 0.9]}\n" TAIL, 2);
    ck_assert_ptr_nonnull(r.a);
    ck_assert_int_eq(r.a->decision->smaa_info.method, CS_WS_REJECTION);
    /* uniform on w_big in [0.6, 0.9]: mean 0.75, sd 0.087 / sqrt(3000) */
    ck_assert_double_eq_tol(r.a->decision->weights[0], 0.75, 0.006);
    ck_assert_double_eq_tol(r.a->decision->weights[0] +
                            r.a->decision->weights[1], 1.0, 1e-12);
    done(&r);
    appraise(&r, AREA BIG SMALL "weights: {method: missing}\n" TAIL, 2);
    ck_assert_ptr_nonnull(r.a);
    ck_assert_double_eq(r.a->decision->weights[0], 0.5);
    ck_assert_int_eq(r.a->decision->smaa_preferences, 0);
    done(&r);
}
END_TEST

/* tp_good's headline is higher-is-better: a value function with best
 * below worst is refused where it stands (line 16, column 21). */
START_TEST(value_function_against_direction)
{
    run r;

    appraise(&r, AREA BIG "    weight: 1\n    value_function: {worst: 100, "
             "best: 0}\n" TAIL, 1);
    ck_assert_ptr_null(r.a);
    ck_assert_uint_ge(r.diag.n_msgs, 1);
    ck_assert_msg(strstr(r.diag.msgs[0], "e.yaml:16:21: error: the value "
                         "function of criterion 'big' does not fit its "
                         "headline 'size_score' (higher is better): 'best' "
                         "(0) is below 'worst' (100)") != NULL, "%s",
                  r.diag.msgs[0]);
    done(&r);
}
END_TEST

static Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("appraisal");

    tcase_add_test(tc, swing_and_step);
    tcase_add_test(tc, tornado_matches_hand_computation);
    tcase_add_test(tc, contributions_by_hand);
    tcase_add_test(tc, same_at_any_thread_count);
    tcase_add_test(tc, intervals_and_missing);
    tcase_add_test(tc, value_function_against_direction);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(engine_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
