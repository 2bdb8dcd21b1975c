/* test_weights.c -- the scenario's decision keys: value functions (linear,
 * piecewise, step), the `weights:` block (direct, swing, ordinal,
 * intervals, missing) and analysis.smaa_iterations; every bad
 * specification refused with its message at its line and column. */
#include "test_loader_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

/* Lines 1-12: a valid area and option; 13-16 three criteria. */
#define HEAD "format: 1\nscenario: {id: t}\nlocalities:\n  - {id: north}\n" \
             "  - {id: south}\npractices:\n" \
             "  - {code: A1, locality: north, registered: 100}\n" \
             "  - {code: B2, locality: south, registered: 200}\n" \
             "options:\n  - id: one\n    consortia:\n" \
             "      - {id: all, localities: [north, south]}\n"
#define CRIT3 "criteria:\n  - {plugin: risk}\n  - {plugin: capacity}\n" \
              "  - {plugin: governance}\n"
#define DIRECT "criteria:\n  - {plugin: risk, weight: 30}\n" \
               "  - {plugin: capacity, weight: 20}\n" \
               "  - {plugin: governance, weight: 10}\n"
/* Line 17 on: the weights block. */
#define W(method, rest) HEAD CRIT3 "weights:\n  method: " method "\n" rest

static cs_model *load_ok(const char *yaml, size_t *n_warnings)
{
    cs_diag d = {0};
    cs_model *m = tl_load(yaml, &d);

    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    if (n_warnings)
        *n_warnings = d.n_warnings;
    cs_diag_clear(&d);
    return m;
}

START_TEST(direct_is_the_default)
{
    size_t warn;
    cs_model *m = load_ok(HEAD DIRECT, &warn);

    ck_assert_int_eq(m->weights.method, CS_WEIGHTS_DIRECT);
    ck_assert_int_eq(m->criteria[1].has_weight, 1);
    ck_assert_double_eq(m->criteria[1].weight, 20);
    ck_assert_int_eq(m->criteria[0].vf_kind, CS_VF_LINEAR);
    ck_assert_uint_eq(m->analysis.smaa_iterations, 10000);
    ck_assert_uint_eq(warn, 0);
    cs_model_free(m);
}
END_TEST

START_TEST(swing_points)
{
    cs_model *m = load_ok(W("swing", "  points: {risk: 100, capacity: 60, "
                            "governance: 0}\nanalysis: {smaa_iterations: "
                            "2500}\n"), NULL);

    ck_assert_int_eq(m->weights.method, CS_WEIGHTS_SWING);
    ck_assert_double_eq(m->weights.points[0], 100);
    ck_assert_double_eq(m->weights.points[1], 60);
    ck_assert_double_eq(m->weights.points[2], 0);
    ck_assert_int_eq(m->weights.pos.line, 18);
    ck_assert_uint_eq(m->analysis.smaa_iterations, 2500);
    ck_assert_int_eq(m->criteria[0].has_weight, 0);
    cs_model_free(m);
}
END_TEST

START_TEST(ordinal_with_a_tie)
{
    cs_model *m = load_ok(W("ordinal", "  order: [capacity, [risk, "
                            "governance]]\n"), NULL);

    ck_assert_int_eq(m->weights.method, CS_WEIGHTS_ORDINAL);
    ck_assert_int_eq(m->weights.level[1], 1);
    ck_assert_int_eq(m->weights.level[0], 2);
    ck_assert_int_eq(m->weights.level[2], 2);
    cs_model_free(m);
}
END_TEST

START_TEST(intervals_default_to_0_1)
{
    cs_model *m = load_ok(W("intervals", "  bounds:\n    risk: [0.2, 0.5]\n"
                            "    governance: [0, 0.25]\n"), NULL);

    ck_assert_int_eq(m->weights.method, CS_WEIGHTS_INTERVALS);
    ck_assert_double_eq(m->weights.lo[0], 0.2);
    ck_assert_double_eq(m->weights.hi[0], 0.5);
    ck_assert_double_eq(m->weights.lo[1], 0.0);
    ck_assert_double_eq(m->weights.hi[1], 1.0);
    ck_assert_double_eq(m->weights.hi[2], 0.25);
    cs_model_free(m);
}
END_TEST

/* Criteria's own weights are not used by method missing: a warning. */
START_TEST(missing_warns_of_unused_weights)
{
    size_t warn;
    cs_model *m = load_ok(HEAD DIRECT "weights: {method: missing}\n", &warn);

    ck_assert_int_eq(m->weights.method, CS_WEIGHTS_MISSING);
    ck_assert_uint_eq(warn, 3);
    cs_model_free(m);
}
END_TEST

START_TEST(value_function_kinds)
{
    cs_model *m = load_ok(HEAD "criteria:\n"
        "  - {plugin: risk, weight: 1, value_function: {kind: piecewise, "
        "points: [[0, 1], [1, 0.7], [3, 0]]}}\n"
        "  - {plugin: capacity, weight: 1, value_function: {kind: step, "
        "steps: [[-5, 0], [0, 1]]}}\n"
        "  - {plugin: governance, weight: 1, value_function: {kind: linear, "
        "worst: 20, best: 10}}\n", NULL);
    const cs_criterion_spec *c = m->criteria;

    ck_assert_int_eq(c[0].vf_kind, CS_VF_PIECEWISE);
    ck_assert_uint_eq(c[0].vf_n, 3);
    ck_assert_double_eq(c[0].vf_x[1], 1);
    ck_assert_double_eq(c[0].vf_v[1], 0.7);
    ck_assert_int_eq(c[0].vf_pos.line, 14);
    ck_assert_int_eq(c[1].vf_kind, CS_VF_STEP);
    ck_assert_double_eq(c[1].vf_x[0], -5);
    ck_assert_int_eq(c[2].vf_kind, CS_VF_LINEAR);
    ck_assert_int_eq(c[2].has_bounds, 1);
    ck_assert_double_eq(c[2].worst, 20);
    cs_model_free(m);
}
END_TEST

typedef struct bad_case {
    const char *yaml;
    int line, col;
    const char *text;
} bad_case;

static const bad_case bad[] = {
    /* direct weights */
    {HEAD "criteria:\n  - {plugin: risk, weight: -3}\n", 14, 28,
     "the weight of criterion 'risk' must be between 0 and 1000000, not -3"},
    /* weights are relative; bounded so that their sum stays finite */
    {HEAD "criteria:\n  - {plugin: risk, weight: 2e6}\n", 14, 28,
     "the weight of criterion 'risk' must be between 0 and 1000000, not "
     "2e6"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 0}\n  - {plugin: capacity, "
     "weight: 0}\n", 14, 3, "every criterion has weight 0; give at least "
     "one criterion a weight above 0"},
    {HEAD CRIT3, 14, 5, "criterion 'risk' has no 'weight'; add 'weight: "
     "...'"},
    {W("direct", ""), 16, 5, "criterion 'governance' has no 'weight'"},
    /* swing */
    {W("swing", "  points: {risk: 100, capacity: -5, governance: 0}\n"), 19,
     33, "the swing points of 'capacity' must be between 0 and 1000000, not "
     "-5"},
    {W("swing", "  points: {risk: 0, capacity: 0, governance: 0}\n"), 19, 11,
     "every criterion has 0 swing points; give the most important swing "
     "100"},
    {W("swing", "  points: {risk: 100, capacity: 50}\n"), 19, 11,
     "criterion 'governance' is missing from 'points'"},
    {W("swing", "  points: {risk: 100, capacity: 50, governence: 5}\n"), 19,
     37, "a key of 'points' names criterion 'governence', which is not in "
     "'criteria'; did you mean 'governance'?"},
    /* intervals */
    {W("intervals", "  bounds: {risk: [0.5, 0.2]}\n"), 19, 18,
     "the lower bound of 'risk' (0.5) is above its upper bound (0.2); swap "
     "them"},
    {W("intervals", "  bounds: {risk: [0.5, 1], capacity: [0.4, 1], "
       "governance: [0.3, 1]}\n"), 19, 11, "the weight bounds cannot all "
     "hold: the lower bounds add up to 1.2, above 1"},
    {W("intervals", "  bounds: {risk: [0, 0.2], capacity: [0, 0.3], "
       "governance: [0, 0.4]}\n"), 19, 11, "the upper bounds add up to 0.9, "
     "below 1"},
    {W("intervals", "  bounds: {risk: [0.2, 1.5]}\n"), 19, 24,
     "the upper bound of 'risk' must be between 0 and 1, not 1.5"},
    {W("intervals", "  bounds: {risk: [1.001, 1]}\n"), 19, 19,
     "the lower bound of 'risk' must be between 0 and 1, not 1.001"},
    {W("intervals", "  bounds: {risk: 0.2}\n"), 19, 18, "the bounds of "
     "'risk' must be a pair [lower, upper] of fractions"},
    /* ordinal */
    {W("ordinal", "  order: [risk, capcity, governance]\n"), 19, 17,
     "'order' names criterion 'capcity', which is not in 'criteria'; did "
     "you mean 'capacity'?"},
    {W("ordinal", "  order: [risk, [capacity, risk], governance]\n"), 19, 28,
     "criterion 'risk' appears twice in 'order'; keep it at one place"},
    {W("ordinal", "  order: [risk, capacity]\n"), 19, 10,
     "criterion 'governance' is missing from 'order'; add it where it ranks"},
    {W("ordinal", "  order: [risk, [], capacity, governance]\n"), 19, 17,
     "an empty list in 'order'"},
    /* the block itself */
    {W("swings", ""), 18, 11, "unknown weights method 'swings'; did you mean "
     "'swing'?"},
    {W("ordinal", "  points: {risk: 1}\n"), 19, 11, "'points' does not go "
     "with method 'ordinal'; give 'order' instead"},
    {W("missing", "  order: [risk]\n"), 19, 10, "'order' does not go with "
     "method 'missing'; remove it"},
    {W("intervals", ""), 18, 3, "'weights' has no 'bounds'; add 'bounds: "
     "...'"},
    {HEAD "weights: {method: missing}\n", 13, 10, "'weights' needs criteria "
     "to weigh"},
    {HEAD DIRECT "weights: {methd: swing}\n", 17, 11, "unknown key 'methd' in "
     "'weights'; did you mean 'method'?"},
    /* value functions */
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "piecewise, points: [[0, 0], [2, 0.5], [1, 1]]}}\n", 14, 92,
     "the levels in 'points' of the value function of criterion 'risk' must "
     "rise from one entry to the next (1 comes after 2)"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "step, steps: [[0, 1], [1, 1.5]]}}\n", 14, 80, "a value in 'steps' of "
     "the value function of criterion 'risk' must be between 0 and 1, not "
     "1.5"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "logistic}}\n", 14, 54, "unknown value function kind 'logistic'"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "piecewise, worst: 1, points: [[0, 0], [1, 1]]}}\n", 14, 72,
     "'worst' does not belong in a piecewise value function"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "piecewise, points: [[0, 0]]}}\n", 14, 73, "has 1 entry; give at "
     "least two points"},
    {HEAD "criteria:\n  - {plugin: risk, weight: 1, value_function: {kind: "
     "step, steps: [[0, 0, 1]]}}\n", 14, 68, "each entry of 'steps' of the "
     "value function of criterion 'risk' must be a pair [level, value]"},
    {HEAD DIRECT "analysis: {smaa_iterations: 0}\n", 17, 29,
     "'smaa_iterations' must be"},
};

START_TEST(bad_specs_refused)
{
    char label[32];

    snprintf(label, sizeof label, "case %d", _i);
    ck_assert(tl_refused(bad[_i].yaml, bad[_i].line, bad[_i].col,
                         bad[_i].text, label));
}
END_TEST

static Suite *weights_suite(void)
{
    Suite *s = suite_create("weights");
    TCase *tc = tcase_create("valid");

    tcase_add_test(tc, direct_is_the_default);
    tcase_add_test(tc, swing_points);
    tcase_add_test(tc, ordinal_with_a_tie);
    tcase_add_test(tc, intervals_default_to_0_1);
    tcase_add_test(tc, missing_warns_of_unused_weights);
    tcase_add_test(tc, value_function_kinds);
    suite_add_tcase(s, tc);
    tc = tcase_create("bad");
    tcase_add_loop_test(tc, bad_specs_refused, 0, sizeof bad / sizeof *bad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(weights_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
