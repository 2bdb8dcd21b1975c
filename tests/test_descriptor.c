/* test_descriptor.c -- the host's refusal of each faulty plugin descriptor
 * (core/host/host.c cs_descriptor_check), one crafted fault per row on a
 * descriptor that passes: the message names the plugin and says what is
 * wrong, as docs/plugin-guide.md promises for a plugin the host will not
 * run. Also the search path's small contracts: empty entries of a ':' list
 * are skipped, a directory written with a trailing '/' still names the
 * origin of the plugins in it, and the names of the origins and types.
 * Then the binding of a scenario's parameter values to the declarations
 * (core/host/params.c): each value of the wrong kind or out of range is
 * refused at its place with what the parameter takes. */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "params.h"
#include "services.h"

static int ok_init(const cs_host *h, const cs_ctx *c, void **s, cs_setup *u)
{
    (void)h; (void)c; (void)s; (void)u;
    return 0;
}

static int ok_cons(void *s, const cs_host *h, cs_call *c,
                   const cs_consortium_view *v, cs_values *o)
{
    (void)s; (void)h; (void)c; (void)v; (void)o;
    return 0;
}

/* The descriptor under test and what backs it; fresh for each row. */
typedef struct fixture {
    cs_plugin_descriptor d;
    cs_param_decl p[1];
    cs_metric_decl m[2];
    cs_value_scale scale;
} fixture;

static void good(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->p[0] = (cs_param_decl){.name = "x", .type = CS_PARAM_NUMBER,
                              .def = 0.5, .min = 0, .max = 1, .unit = "",
                              .doc = ""};
    f->m[0] = (cs_metric_decl){"h", "GBP", CS_LOWER_IS_BETTER, 1,
                               CS_AGG_MEAN, ""};
    f->m[1] = (cs_metric_decl){"k", "GBP", CS_NEUTRAL, 0, CS_AGG_SUM, ""};
    f->scale = (cs_value_scale){100, 0, "ASSUMPTION: test scale"};
    f->d = (cs_plugin_descriptor){sizeof f->d, CS_ABI_VERSION, "crafted",
                                  "1", "", f->p, 1, f->m, 2, ok_init,
                                  ok_cons, NULL, NULL, &f->scale};
}

static void no_name(fixture *f) { f->d.name = ""; }
static void no_version(fixture *f) { f->d.version = NULL; }
static void no_init(fixture *f) { f->d.init = NULL; }
static void no_cons(fixture *f) { f->d.consortium = NULL; }
static void no_param_array(fixture *f) { f->d.params = NULL; }
static void param_unnamed(fixture *f) { f->p[0].name = NULL; }
static void param_bad_type(fixture *f) { f->p[0].type = (cs_param_type)9; }
static void choice_no_list(fixture *f)
{
    f->p[0].type = CS_PARAM_CHOICE;
    f->p[0].def_choice = "a";
}
static void min_nan(fixture *f) { f->p[0].min = NAN; }
static void min_above_max(fixture *f) { f->p[0].min = 2; }
static void def_above_max(fixture *f) { f->p[0].def = 1.5; }
/* uniform(0.5, 2): its 99.9% quantile 0.5 + 0.999 * 1.5 = 1.9985 > 1 */
static void dist_too_wide(fixture *f)
{
    f->p[0].type = CS_PARAM_UNCERTAIN;
    f->p[0].def_dist = "uniform(0.5, 2)";
}
static void no_metrics(fixture *f) { f->d.n_metrics = 0; }
static void null_metrics(fixture *f) { f->d.metrics = NULL; }
static void headline_neutral(fixture *f) { f->m[0].direction = CS_NEUTRAL; }
static void headline_unnamed(fixture *f)
{
    f->m[0].name = NULL;
    f->m[0].sampled = 0;
}
static void metric_no_unit(fixture *f) { f->m[1].unit = NULL; }
static void metric_unnamed(fixture *f) { f->m[1].name = ""; }
static void scale_equal(fixture *f) { f->scale.best = 100; }
static void scale_inf(fixture *f) { f->scale.worst = INFINITY; }
static void scale_nan(fixture *f) { f->scale.best = NAN; }
static void scale_no_source(fixture *f) { f->scale.source = ""; }
static void scale_null_source(fixture *f) { f->scale.source = NULL; }
/* built for ABI 1.0: the size stops after fini, so no scale is read */
static void abi_10(fixture *f)
{
    f->d.size = (uint32_t)(offsetof(cs_plugin_descriptor, fini) +
                           sizeof f->d.fini);
    f->scale.best = 100;        /* a fault the host must not see */
}
/* too short to hold even the name: the message cannot name the plugin */
static void too_short(fixture *f) { f->d.size = 8; }
static void abi_2(fixture *f) { f->d.abi_version = 2u << 16; }

typedef struct fault {
    void (*make)(fixture *f);
    const char *text;           /* NULL: the descriptor passes */
} fault;

static const fault faults[] = {
    {no_name, "plugin descriptor has no name or version"},
    {no_version, "plugin descriptor has no name or version"},
    {no_init, "plugin 'crafted' has a NULL init callback; init and "
     "consortium are required"},
    {no_cons, "plugin 'crafted' has a NULL consortium callback"},
    {no_param_array, "plugin 'crafted' declares 1 parameters but no array"},
    {param_unnamed, "plugin 'crafted' declares a parameter without a name"},
    {param_bad_type, "plugin 'crafted': parameter 'x' has unknown type 9"},
    {choice_no_list, "plugin 'crafted': choice parameter 'x' needs `choices` "
     "and a default among them"},
    {min_nan, "plugin 'crafted': parameter 'x' has default 0.5 outside its "
     "range [nan, 1]"},
    {min_above_max, "parameter 'x' has default 0.5 outside its range [2, 1]"},
    {def_above_max, "parameter 'x' has default 1.5 outside its range [0, 1]"},
    {dist_too_wide, "plugin 'crafted': parameter 'x' has a default "
     "distribution spanning [0.5015, 1.9985], outside its range [0, 1]"},
    {no_metrics, "plugin 'crafted' declares no metrics; it needs at least "
     "its headline metric"},
    {null_metrics, "plugin 'crafted' declares no metrics"},
    {headline_neutral, "plugin 'crafted': headline metric 'h' must be "
     "sampled and have a direction"},
    {headline_unnamed, "plugin 'crafted': headline metric '?' must be "
     "sampled"},
    {metric_no_unit, "plugin 'crafted': metric 1 has no name or unit"},
    {metric_unnamed, "plugin 'crafted': metric 1 has no name or unit"},
    {scale_equal, "plugin 'crafted' declares a default headline scale with "
     "levels 100 and 100; give two different finite levels and a source"},
    {scale_inf, "scale with levels inf and 0; give two different"},
    {scale_nan, "scale with levels 100 and nan; give two different"},
    {scale_no_source, "scale with levels 100 and 0 and no source; give two "
     "different finite levels and a source"},
    {scale_null_source, "levels 100 and 0 and no source"},
    {abi_10, NULL},
    {too_short, "plugin '?' has a descriptor of 8 bytes, shorter than "
     "ABI 1.0's"},
    {abi_2, "plugin 'crafted' was built for plugin ABI 2.0 but this "
     "consortia speaks 1."},
};

#define N_FAULTS (int)(sizeof faults / sizeof *faults)

START_TEST(faulty_descriptor_refused)
{
    fixture f;
    char err[1024] = "";
    int rc;

    good(&f);
    ck_assert_msg(cs_descriptor_check(&f.d, err, sizeof err) == 0,
                  "the good descriptor is refused: %s", err);
    good(&f);
    faults[_i].make(&f);
    err[0] = '\0';
    rc = cs_descriptor_check(&f.d, err, sizeof err);
    if (!faults[_i].text) {
        ck_assert_msg(rc == 0, "fault %d: refused: %s", _i, err);
        return;
    }
    ck_assert_msg(rc == -1, "fault %d: accepted", _i);
    ck_assert_msg(strstr(err, faults[_i].text) != NULL,
                  "fault %d: expected \"%s\" in \"%s\"", _i, faults[_i].text,
                  err);
}
END_TEST

/* Default distributions a plugin may not declare: each is refused by name
 * (the text of core/model/model.c's parser: a known name, 1 to 4 numbers
 * in parentheses, nothing after, parameters that make a distribution). */
static const char *const bad_dists[] = {
    "fixed(nan)", "uniform(2, 1)", "uniform(1, 2", "uniform(1, 2) x",
    "triangular(1, 3, 2)", "triangular(1, 1, 1)", "normal(0, 0)",
    "lognormal(0, -1)", "beta(1, 0)", "beta(0, 1)", "beta(1, 1, 2, 1)",
    "gamma(1, 2)", "uniform(1, 2, 3, 4, 5)", "(1, 2)",
    /* no number is not one number: fixed() was read as fixed(0) */
    "fixed()", "uniform(1, )",
};

START_TEST(bad_default_distribution)
{
    fixture f;
    char err[1024] = "", want[256];

    good(&f);
    f.p[0].type = CS_PARAM_UNCERTAIN;
    f.p[0].def_dist = bad_dists[_i];
    ck_assert_int_eq(cs_descriptor_check(&f.d, err, sizeof err), -1);
    snprintf(want, sizeof want, "plugin 'crafted': parameter 'x' has default "
             "distribution '%s', which is not one; write e.g. \"triangular"
             "(25, 30, 35)\"", bad_dists[_i]);
    ck_assert_str_eq(err, want);
}
END_TEST

/* "a::b:" holds two directories; the empty entries are skipped. A
 * directory written "dir//" is the directory of "dir/p.so". */
START_TEST(path_entries)
{
    const char *extra[] = {"/nonexistent/a::/nonexistent/b//:"};
    cs_plugin_path p;

    ck_assert_int_eq(cs_plugin_path_init(&p, extra, 1), 0);
    ck_assert_uint_ge(p.n_dirs, 3);    /* + the installed directory */
    ck_assert_str_eq(p.dirs[0], "/nonexistent/a");
    ck_assert_str_eq(p.dirs[1], "/nonexistent/b//");
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/nonexistent/b/p.so"),
                     CS_PATH_OPTION);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/nonexistent/c/p.so"), -1);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "p.so"), -1);
    cs_plugin_path_free(&p);
}
END_TEST

START_TEST(names)
{
    ck_assert_str_eq(cs_path_origin_name(CS_PATH_OPTION), "--plugin-path");
    ck_assert_str_eq(cs_path_origin_name(CS_PATH_ENV),
                     "CONSORTIA_PLUGIN_PATH");
    ck_assert_str_eq(cs_path_origin_name(CS_PATH_INSTALLED), "installed");
    ck_assert_str_eq(cs_path_origin_name(CS_PATH_BUILD), "build tree");
    ck_assert_str_eq(cs_param_type_name(CS_PARAM_INTEGER), "integer");
    ck_assert_str_eq(cs_param_type_name(CS_PARAM_UNCERTAIN), "uncertain");
    ck_assert(cs_choice_ok("history|capitation", "capitation"));
    ck_assert(!cs_choice_ok("history|capitation", "capit"));
    ck_assert(!cs_choice_ok("history|capitation", "history|capitation"));
}
END_TEST

/* ---- binding values to declarations (core/host/params.c) ---- */

static const cs_param_decl bind_decls[] = {
    {.name = "n", .type = CS_PARAM_NUMBER, .def = 1, .min = 0, .max = 10,
     .unit = "GBP", .doc = ""},
    {.name = "b", .type = CS_PARAM_BOOLEAN, .def = 0, .min = 0, .max = 1,
     .unit = "", .doc = ""},
    {.name = "c", .type = CS_PARAM_CHOICE, .choices = "a|b",
     .def_choice = "a", .unit = "", .doc = ""},
    {.name = "u", .type = CS_PARAM_UNCERTAIN, .def = 5, .min = 0, .max = 10,
     .unit = "GBP", .doc = ""},
};

typedef struct bind_case {
    cs_param_value v;
    const char *text;           /* the error, after "p.yaml:3:7: error: " */
} bind_case;

#define PV(name, kind) (char *)(name), kind
#define AT {"p.yaml", 3, 7}
static const bind_case bind_cases[] = {
    {{PV("b", CS_PV_NUMBER), 1, 0, NULL, {0}, AT}, "parameter 'b' of "
     "'crafted' must be true or false, not a number; `consortia plugins "
     "--verbose` shows what each parameter takes"},
    {{PV("c", CS_PV_STRING), 0, 0, (char *)"z", {0}, AT}, "parameter 'c' of "
     "'crafted' is 'z'; use one of a|b"},
    {{PV("n", CS_PV_BOOLEAN), 0, 1, NULL, {0}, AT}, "parameter 'n' of "
     "'crafted' must be a number, not true or false; `consortia plugins "
     "--verbose` shows what each parameter takes"},
    {{PV("n", CS_PV_DIST), 0, 0, NULL, {CS_DIST_UNIFORM, {1, 2, 0, 0}}, AT},
     "parameter 'n' of 'crafted' must be a number, not a distribution; "
     "`consortia plugins --verbose` shows what each parameter takes"},
    {{PV("u", CS_PV_STRING), 0, 0, (char *)"a", {0}, AT}, "parameter 'u' of "
     "'crafted' must be a number or a distribution, not a word; `consortia "
     "plugins --verbose` shows what each parameter takes"},
    {{PV("n", CS_PV_NUMBER), 11, 0, NULL, {0}, AT}, "parameter 'n' of "
     "'crafted' is 11, outside [0, 10] GBP; give a value in range"},
    {{PV("u", CS_PV_NUMBER), -1, 0, NULL, {0}, AT}, "parameter 'u' of "
     "'crafted' is -1, outside [0, 10] GBP; give a value in range"},
    /* uniform(2, 12): 0.1% and 99.9% quantiles 2 + 0.001 * 10 = 2.01 and
       2 + 0.999 * 10 = 11.99 */
    {{PV("u", CS_PV_DIST), 0, 0, NULL, {CS_DIST_UNIFORM, {2, 12, 0, 0}}, AT},
     "the distribution of parameter 'u' of 'crafted' spans [2.01, 11.99] "
     "(0.1% to 99.9%), outside its range [0, 10] GBP; narrow it"},
    {{PV("zzzzzz", CS_PV_NUMBER), 1, 0, NULL, {0}, AT}, "plugin 'crafted' "
     "has no parameter 'zzzzzz'; `consortia plugins --verbose` lists its "
     "parameters"},
};

#define N_BIND (int)(sizeof bind_cases / sizeof *bind_cases)

static int bind_one(cs_param_value *v, cs_param_set *set, cs_diag *diag)
{
    fixture f;
    cs_criterion_spec spec = {0};
    cs_model m = {0};

    good(&f);
    f.d.params = bind_decls;
    f.d.n_params = sizeof bind_decls / sizeof *bind_decls;
    spec.params = v;
    spec.n_params = 1;
    return cs_params_bind(set, &f.d, &spec, &m, diag);
}

START_TEST(bad_value_refused)
{
    cs_param_value v = bind_cases[_i].v;
    cs_param_set set;
    cs_diag diag = {0};
    char want[512];

    ck_assert_int_eq(bind_one(&v, &set, &diag), -1);
    cs_params_free(&set);
    snprintf(want, sizeof want, "p.yaml:3:7: error: %s", bind_cases[_i].text);
    ck_assert_uint_eq(diag.n_errors, 1);
    ck_assert_str_eq(diag.msgs[0], want);
    cs_diag_clear(&diag);
}
END_TEST

/* true binds as 1, a choice among the words as itself */
START_TEST(good_values_bound)
{
    cs_param_value yes = {PV("b", CS_PV_BOOLEAN), 0, 1, NULL, {0}, AT};
    cs_param_value word = {PV("c", CS_PV_STRING), 0, 0, (char *)"b", {0}, AT};
    cs_param_set set;
    cs_diag diag = {0};

    ck_assert_int_eq(bind_one(&yes, &set, &diag), 0);
    ck_assert_double_eq(cs_params_get(&set, "b")->number, 1.0);
    ck_assert_int_eq(cs_params_get(&set, "b")->source, CS_FROM_CRITERION);
    ck_assert_str_eq(cs_params_get(&set, "c")->choice, "a");
    cs_params_free(&set);
    ck_assert_int_eq(bind_one(&word, &set, &diag), 0);
    ck_assert_str_eq(cs_params_get(&set, "c")->choice, "b");
    ck_assert_double_eq(cs_params_get(&set, "b")->number, 0.0);
    cs_params_free(&set);
    ck_assert_uint_eq(diag.n_msgs, 0);
}
END_TEST

/* A plugin misusing a service (core/host/services.c): asking for a
 * parameter it did not declare, or for one through the wrong call, gets
 * NaN or NULL, and its criterion's log holds an error saying which. */
START_TEST(service_misuse_logged)
{
    static const char *const want[] = {
        "consortia: criterion 'crafted': error: asked for undeclared "
        "parameter 'zz'",
        "consortia: criterion 'crafted': error: parameter 'c' is a choice; "
        "use param_choice",
        "consortia: criterion 'crafted': error: parameter 'n' is not a "
        "choice",
        "consortia: criterion 'crafted': error: parameter 'n' is not "
        "uncertain; use param_number",
    };
    cs_param_value none = {PV("n", CS_PV_NUMBER), 2, 0, NULL, {0}, AT};
    cs_param_set set;
    cs_diag diag = {0};
    cs_plog *log = cs_plog_new();
    cs_ctx ctx = {0};
    const cs_host *h = &cs_host_services;

    ck_assert_ptr_nonnull(log);
    ck_assert_int_eq(bind_one(&none, &set, &diag), 0);
    ctx.params = &set;
    ctx.name = "crafted";
    ctx.plugin_name = "crafted";
    ctx.log = log;
    ck_assert(isnan(h->param_number(&ctx, "zz")));
    ck_assert(isnan(h->param_number(&ctx, "c")));
    ck_assert_ptr_null(h->param_choice(&ctx, "n"));
    ck_assert_ptr_null(h->param_draws(&ctx, "n"));
    /* used as declared, the same parameters answer */
    ck_assert_double_eq(h->param_number(&ctx, "n"), 2);
    ck_assert_str_eq(h->param_choice(&ctx, "c"), "a");
    cs_plog_take(log, &diag);
    ck_assert_uint_eq(diag.n_msgs, 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(diag.msgs[i], want[i]);
    ck_assert_str_eq(log->first_error, "asked for undeclared parameter 'zz'");
    cs_diag_clear(&diag);
    cs_plog_free(log);
    cs_params_free(&set);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("descriptor");
    TCase *tc = tcase_create("descriptor");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(tc, faulty_descriptor_refused, 0, N_FAULTS);
    tcase_add_loop_test(tc, bad_default_distribution, 0,
                        sizeof bad_dists / sizeof *bad_dists);
    tcase_add_test(tc, path_entries);
    tcase_add_test(tc, names);
    tcase_add_loop_test(tc, bad_value_refused, 0, N_BIND);
    tcase_add_test(tc, good_values_bound);
    tcase_add_test(tc, service_misuse_logged);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
