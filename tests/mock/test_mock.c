/*
 * test_mock.c -- the mock host itself, driven by a toy plugin compiled in:
 * parameter resolution and validation, output checks, error messages,
 * declared aggregation and deterministic random streams.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockhost.h"

typedef struct toy {
    double scale, fail, n;
    const char *mode;
    const double *u;
} toy;

static const cs_param_decl toy_params[] = {
    {"scale", CS_PARAM_NUMBER, 1, NULL, 0, 10, "", "a factor", NULL, NULL},
    {"fail", CS_PARAM_NUMBER, 0, NULL, 0, 2, "", "1 error, 2 NaN", NULL, NULL},
    {"n", CS_PARAM_INTEGER, 3, NULL, 1, 10, "", "a count", NULL, NULL},
    {"mode", CS_PARAM_CHOICE, 0, "a", 0, 0, "", "a or b", "a|b", NULL},
    {"u", CS_PARAM_UNCERTAIN, 2, NULL, 0, 5, "", "per draw", NULL, NULL},
};

static const cs_metric_decl toy_metrics[] = {
    {"val", "GBP", CS_LOWER_IS_BETTER, 1, CS_AGG_SUM, "scale x list x u"},
    {"size", "practices", CS_NEUTRAL, 0, CS_AGG_MEAN, "practices"},
    {"mx", "people", CS_NEUTRAL, 0, CS_AGG_MAX, "list"},
    {"noise", "", CS_NEUTRAL, 1, CS_AGG_MIN, "uniform from rng(key)"},
};

static int toy_init(const cs_host *h, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    toy *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->scale = h->param_number(ctx, "scale");
    t->fail = h->param_number(ctx, "fail");
    t->n = h->param_number(ctx, "n");
    t->mode = h->param_choice(ctx, "mode");
    t->u = h->param_draws(ctx, "u");
    *state = t;
    (void)setup;
    return 0;
}

static int toy_consortium(void *state, const cs_host *h, cs_call *call,
                          const cs_consortium_view *c, cs_values *out)
{
    const toy *t = state;
    if (t->fail == 1)
        return h->error(call, "consortium '%s' failed on purpose", c->id);
    gsl_rng *r = h->rng(call, c->key);
    double extra = strcmp(t->mode, "b") == 0 ? 1 : 0;
    for (size_t k = 0; k < out->n_draws; k++) {
        out->values[0][k] = t->scale * c->registered * t->u[k] + extra;
        out->values[3][k] = gsl_rng_uniform(r);
    }
    out->values[1][0] = t->fail == 2 ? NAN : (double)c->n_practices;
    out->values[2][0] = c->registered;
    return 0;
}

static void toy_fini(void *state)
{
    free(state);
}

static const cs_plugin_descriptor toy_desc = {
    sizeof(cs_plugin_descriptor), CS_ABI_VERSION, "toy", "1.0", "a toy",
    toy_params, 5, toy_metrics, 4, toy_init, toy_consortium, NULL, toy_fini,
    NULL,
};

/* Three practices of 100, 300 and 600 people; draws 4. */
static cs_mock *toy_mock(void)
{
    cs_mock *m = cs_mock_new(4, 7);
    ck_assert_ptr_nonnull(m);
    int la = cs_mock_add_org(m, "la", CS_ORG_LOCAL_AUTHORITY);
    int loc = cs_mock_add_locality(m, "l", la, -1);
    ck_assert_int_eq(cs_mock_add_practice(m, "P1", loc, 100, 110), 0);
    ck_assert_int_eq(cs_mock_add_practice(m, "P2", loc, 300, 280), 1);
    ck_assert_int_eq(cs_mock_add_practice(m, "P3", loc, 600, 610), 2);
    return m;
}

START_TEST(test_values_and_params)
{
    cs_mock *m = toy_mock();
    double u[4] = {1, 2, 3, 4};
    ck_assert_int_eq(cs_mock_set_number(m, "scale", 2), 0);
    ck_assert_int_eq(cs_mock_set_draws(m, "u", u), 0);
    ck_assert_int_eq(cs_mock_set_choice(m, "mode", "b"), 0);
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    ck_assert_int_eq(cs_mock_metric_index(m, "mx"), 2);
    ck_assert_int_eq(cs_mock_metric_index(m, "nope"), -1);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){1, 0}, 2, &v), 0);
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq(cs_mock_value(m, v, "val", k),
                            2 * 400 * (double)(k + 1) + 1);
    ck_assert_double_eq(cs_mock_value(m, v, "size", 0), 2);
    ck_assert(isnan(cs_mock_value(m, v, "val", 4)));
    ck_assert(isnan(cs_mock_value(m, v, "nope", 0)));
    /* adding practices after load is refused */
    ck_assert_int_eq(cs_mock_add_practice(m, "P4", 0, 1, 1), -1);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_defaults_repeat)
{
    cs_mock *m = toy_mock();
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){2}, 1, &v), 0);
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq(cs_mock_value(m, v, "val", k), 1200);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_bad_params)
{
    static const struct { const char *name; double v; const char *msg; }
        cases[] = {
            {"scael", 1, "not declared"},
            {"scale", 11, "outside [0, 10]"},
            {"n", 2.5, "whole number"},
            {"u", 6, "outside [0, 5]"},
            {"mode", 1, "takes one of a|b"},
        };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cs_mock *m = toy_mock();
        cs_mock_set_number(m, cases[i].name, cases[i].v);
        ck_assert_int_eq(cs_mock_load(m, &toy_desc), -1);
        ck_assert_msg(strstr(cs_mock_error(m), cases[i].msg),
                      "case %zu: %s", i, cs_mock_error(m));
        cs_mock_free(m);
    }
    cs_mock *m = toy_mock();
    cs_mock_set_choice(m, "mode", "c");
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), -1);
    ck_assert_str_eq(cs_mock_error(m),
                     "parameter 'mode' is 'c'; use one of a|b");
    cs_mock_free(m);
}
END_TEST

START_TEST(test_errors_and_nan)
{
    cs_mock *m = toy_mock();
    cs_mock_set_number(m, "fail", 1);
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    const cs_values *v = NULL;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), -1);
    ck_assert_str_eq(cs_mock_error(m), "consortium 'c0' failed on purpose");
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 0}, 2, &v), -1);
    ck_assert_ptr_nonnull(strstr(cs_mock_error(m), "repeated"));
    cs_mock_free(m);

    m = toy_mock();
    cs_mock_set_number(m, "fail", 2);
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), -1);
    ck_assert_str_eq(cs_mock_error(m), "metric 'size' is not finite (draw 0)");
    cs_mock_free(m);
}
END_TEST

START_TEST(test_aggregation)
{
    cs_mock *m = toy_mock();
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    cs_mock_option_begin(m);
    ck_assert_int_eq(cs_mock_option_consortium(m, (int[]){0, 1}, 2), 0);
    ck_assert_int_eq(cs_mock_option_consortium(m, (int[]){2}, 1), 1);
    const cs_values *const *per;
    const cs_values *opt;
    ck_assert_int_eq(cs_mock_option_run(m, &per, &opt), 0);
    ck_assert_double_eq(cs_mock_value(m, per[1], "mx", 0), 600);
    ck_assert_double_eq(cs_mock_value(m, opt, "val", 3), 2 * 1000);
    /* mean of 2 and 1 practices weighted by lists 400 and 600 */
    ck_assert_double_eq_tol(cs_mock_value(m, opt, "size", 0),
                            (2 * 400 + 1 * 600) / 1000.0, 1e-12);
    ck_assert_double_eq(cs_mock_value(m, opt, "mx", 0), 600);
    for (size_t k = 0; k < 4; k++) {
        double a = cs_mock_value(m, per[0], "noise", k);
        double b = cs_mock_value(m, per[1], "noise", k);
        ck_assert_double_eq(cs_mock_value(m, opt, "noise", k), a < b ? a : b);
    }
    cs_mock_free(m);
}
END_TEST

/* The same membership gives the same stream in any run; another one not. */
START_TEST(test_rng_keys)
{
    cs_mock *m = toy_mock();
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    const cs_values *v;
    double a[4], b[4];
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 1}, 2, &v), 0);
    for (size_t k = 0; k < 4; k++)
        a[k] = cs_mock_value(m, v, "noise", k);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){1, 0}, 2, &v), 0);
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq(cs_mock_value(m, v, "noise", k), a[k]);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 2}, 2, &v), 0);
    for (size_t k = 0; k < 4; k++)
        b[k] = cs_mock_value(m, v, "noise", k);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    cs_mock_free(m);
}
END_TEST

/* Parameter-set files: numbers, choices, comments; a bad line by number. */
START_TEST(test_params_file)
{
    char path[] = "test_mock_params_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs("# a set\nscale: 3   # three\n\nmode: b\n", fp);
    fclose(fp);
    cs_mock *m = toy_mock();
    ck_assert_int_eq(cs_mock_set_params_file(m, path), 0);
    ck_assert_int_eq(cs_mock_load(m, &toy_desc), 0);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), 0);
    ck_assert_double_eq(cs_mock_value(m, v, "val", 0), 3 * 100 * 2 + 1);
    cs_mock_free(m);

    fp = fopen(path, "w");
    fputs("scale: 3\nscale 4\n", fp);
    fclose(fp);
    m = toy_mock();
    ck_assert_int_eq(cs_mock_set_params_file(m, path), -1);
    char want[128];
    snprintf(want, sizeof want, "%s:2: expected 'name: value'", path);
    ck_assert_str_eq(cs_mock_error(m), want);
    cs_mock_free(m);
    remove(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mock");
    TCase *tc = tcase_create("host");
    tcase_add_test(tc, test_values_and_params);
    tcase_add_test(tc, test_defaults_repeat);
    tcase_add_test(tc, test_bad_params);
    tcase_add_test(tc, test_errors_and_nan);
    tcase_add_test(tc, test_aggregation);
    tcase_add_test(tc, test_rng_keys);
    tcase_add_test(tc, test_params_file);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
