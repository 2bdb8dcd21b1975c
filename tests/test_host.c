/* test_host.c -- the plugin host: opening and checking plugins, the search
 * path, parameter binding, and the appraisal engine on a model built by
 * hand (no loader), with the test plugins in tests/plugins. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "appraise.h"
#include "score.h"
#include "host.h"
#include "params.h"

#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"

static char err[2048];

static cs_plugin *try_tp(const char *name)
{
    char path[1024];

    snprintf(path, sizeof path, "%s/%s.so", TP_DIR, name);
    err[0] = '\0';
    return cs_plugin_open(path, err, sizeof err);
}

/* Opens a test plugin that must load. */
static cs_plugin *open_tp(const char *name)
{
    cs_plugin *pl = try_tp(name);

    ck_assert_msg(pl != NULL, "%s", err);
    return pl;
}

START_TEST(good_plugin_opens)
{
    cs_plugin *pl = open_tp("tp_good");

    ck_assert_msg(pl != NULL, "%s", err);
    ck_assert_str_eq(pl->name, "tp_good");
    ck_assert_str_eq(pl->desc->version, "0.1");
    ck_assert_uint_eq(pl->desc->n_params, 5);
    ck_assert_ptr_nonnull(strstr(pl->path, "tp_good.so"));
    cs_plugin_close(pl);
}
END_TEST

/* Each broken plugin is refused with a message naming it and its path. */
static const struct { const char *name, *want; } broken[] = {
    {"tp_abi", "built for plugin ABI 99.0 but this consortia speaks 1.2"},
    {"tp_noentry", "has no 'consortia_plugin_entry' symbol"},
    {"tp_size", "has a descriptor of 24 bytes, shorter than ABI 1.0's"},
    {"tp_nullcb", "has a NULL consortium callback"},
};

START_TEST(broken_plugin_refused)
{
    cs_plugin *pl = try_tp(broken[_i].name);

    ck_assert_ptr_null(pl);
    ck_assert_msg(strstr(err, broken[_i].want) != NULL, "got: %s", err);
    ck_assert_msg(strstr(err, broken[_i].name) != NULL, "no path: %s", err);
}
END_TEST

START_TEST(missing_file_refused)
{
    cs_plugin *pl = cs_plugin_open(TP_DIR "/no_such.so", err, sizeof err);

    ck_assert_ptr_null(pl);
    ck_assert_ptr_nonnull(strstr(err, "cannot load plugin"));
    ck_assert_ptr_nonnull(strstr(err, "ldd"));
}
END_TEST

START_TEST(search_path_order)
{
    const char *extra[] = {"/nonexistent-a:" TP_DIR};
    cs_plugin_path p;
    cs_plugin *pl;

    setenv("CONSORTIA_PLUGIN_PATH", "/nonexistent-env", 1);
    ck_assert_int_eq(cs_plugin_path_init(&p, extra, 1), 0);
    /* this test program lives in the build tree: it is "uninstalled", so
     * the build tree's plugins come after the environment and before the
     * installed directory (host.h) */
    ck_assert_int_eq(cs_program_uninstalled(), 1);
    ck_assert_uint_eq(p.n_dirs, 5);
    ck_assert_str_eq(p.dirs[0], "/nonexistent-a");
    ck_assert_str_eq(p.dirs[1], TP_DIR);
    ck_assert_str_eq(p.dirs[2], "/nonexistent-env");
    ck_assert_str_eq(p.dirs[3], CS_BUILD_PLUGINDIR);
    ck_assert_str_eq(p.dirs[4], CS_PLUGINDIR);
    ck_assert_int_eq(p.origin[0], CS_PATH_OPTION);
    ck_assert_int_eq(p.origin[1], CS_PATH_OPTION);
    ck_assert_int_eq(p.origin[2], CS_PATH_ENV);
    ck_assert_int_eq(p.origin[3], CS_PATH_BUILD);
    ck_assert_int_eq(p.origin[4], CS_PATH_INSTALLED);
    ck_assert_int_eq(cs_plugin_path_origin(&p, TP_DIR "/tp_good.so"),
                     CS_PATH_OPTION);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/elsewhere/x.so"), -1);
    pl = cs_plugin_find(&p, "tp_good", err, sizeof err);
    ck_assert_msg(pl != NULL, "%s", err);
    cs_plugin_close(pl);
    ck_assert_ptr_null(cs_plugin_find(&p, "tp_absent", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "no plugin named 'tp_absent'"));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent-env"));
    cs_plugin_path_free(&p);
    unsetenv("CONSORTIA_PLUGIN_PATH");
}
END_TEST

START_TEST(current_directory_not_searched)
{
    cs_plugin_path p;
    char cwd[4096];

    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(TP_DIR), 0);
    unsetenv("CONSORTIA_PLUGIN_PATH");
    ck_assert_int_eq(cs_plugin_path_init(&p, NULL, 0), 0);
    ck_assert_ptr_null(cs_plugin_find(&p, "tp_good", err, sizeof err));
    cs_plugin_path_free(&p);
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/* ---- descriptor checks on crafted descriptors ------------------------ */

static int dummy_init(const cs_host *h, const cs_ctx *c, void **s, cs_setup *u)
{
    (void)h; (void)c; (void)s; (void)u;
    return 0;
}

static int dummy_cons(void *s, const cs_host *h, cs_call *c,
                      const cs_consortium_view *v, cs_values *o)
{
    (void)s; (void)h; (void)c; (void)v; (void)o;
    return 0;
}

START_TEST(descriptor_checks)
{
    cs_param_decl p = {.name = "x", .type = CS_PARAM_NUMBER, .def = 5.0,
                       .min = 0.0, .max = 1.0, .unit = "", .doc = ""};
    cs_metric_decl m[2] = {
        {"h", "u", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, ""},
        {"h", "u", CS_NEUTRAL, 0, CS_AGG_SUM, ""},
    };
    cs_plugin_descriptor d = {sizeof d, CS_ABI_VERSION, "crafted", "1", "",
                              &p, 1, m, 1, dummy_init, dummy_cons, NULL, NULL,
                              NULL};

    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "default 5 outside its range [0, 1]"));
    p.def = 0.5;
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), 0);
    p.type = CS_PARAM_CHOICE;
    p.choices = "a|b";
    p.def_choice = "c";
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "a default among them"));
    p.def_choice = "b";
    d.n_metrics = 2;
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "declares metric 'h' twice"));
    d.n_metrics = 1;
    m[0].sampled = 0;
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "must be sampled and have a direction"));
    m[0].sampled = 1;
    /* a default distribution must parse and lie in range */
    p.type = CS_PARAM_UNCERTAIN;
    p.min = 0;
    p.max = 40;
    p.def = 30;
    p.def_dist = "triangle(25, 30, 35)";
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "default distribution 'triangle(25, 30, "
                                 "35)', which is not one"));
    p.def_dist = "normal(30, 10)";
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "outside its range [0, 40]"));
    p.def_dist = "triangular(25, 30, 35)";
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), 0);
    d.abi_version = (1 << 16) | 7;
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "ABI 1.7"));
}
END_TEST

/* ---- a model built by hand -------------------------------------------- */

static char *sdup(const char *s) { return strdup(s); }

/* Four practices (lists 10k, 20k, 15k, 5k); options: one consortium of
 * all; two of two; and the same two again (a repeated consortium). */
static cs_model *tiny_model(const char *plugin)
{
    static const double lists[] = {10000, 20000, 15000, 5000};
    cs_model *m = calloc(1, sizeof *m);
    static const int sets[3][2][4] = {
        {{0, 1, 2, 3}, {0}}, {{0, 1}, {2, 3}}, {{0, 1}, {2, 3}}};
    static const size_t sizes[3][2] = {{4, 0}, {2, 2}, {2, 2}};

    m->path = sdup("hand.yaml");
    m->id = sdup("hand");
    m->status_quo = -1;
    m->name = sdup("Hand-built");
    m->n_localities = 1;
    m->localities = calloc(1, sizeof *m->localities);
    m->localities[0] = (cs_locality){sdup("l"), sdup("L"), -1, -1, NULL, 0};
    m->n_practices = 4;
    m->practices = calloc(4, sizeof *m->practices);
    for (int i = 0; i < 4; i++) {
        char code[8];
        snprintf(code, sizeof code, "P%d", i);
        m->practices[i] = (cs_practice){sdup(code), sdup(code), 0, lists[i],
                                        lists[i], NAN, NAN, NAN, NULL, 0};
    }
    m->n_options = 3;
    m->options = calloc(3, sizeof *m->options);
    for (int o = 0; o < 3; o++) {
        cs_option *op = &m->options[o];
        size_t nc = sizes[o][1] ? 2 : 1;
        char id[8];
        snprintf(id, sizeof id, "o%d", o);
        op->consortia = calloc(nc, sizeof *op->consortia);
        for (size_t c = 0; c < nc; c++) {
            int *pr = calloc(4, sizeof *pr);
            char key[16] = "", cid[8];
            double reg = 0;
            for (size_t k = 0; k < sizes[o][c]; k++) {
                pr[k] = sets[o][c][k];
                reg += lists[pr[k]];
                key[k] = (char)('0' + pr[k]);
            }
            snprintf(cid, sizeof cid, "c%zu", c);
            op->consortia[c] = (cs_consortium_view){sdup(cid), sdup(cid), sdup(key),
                                                    pr, sizes[o][c], reg, reg};
        }
        op->view = (cs_option_view){sdup(id), sdup(id), op->consortia, nc,
                                    NULL, 0, NULL, NULL, NULL};
    }
    m->n_criteria = 1;
    m->criteria = calloc(1, sizeof *m->criteria);
    m->criteria[0] = (cs_criterion_spec){.plugin = sdup(plugin),
                                         .label = sdup(plugin), .weight = 1.0,
                                         .pos = {"hand.yaml", 3, 5}};
    m->analysis.draws = 64;
    m->analysis.seed = 11;
    m->analysis.n_thresholds = 1;
    m->analysis.thresholds[0] = 0.01;
    cs_model_finish(m);
    return m;
}

static cs_appraisal *appraise_with(cs_model *m, cs_plugin *pl, unsigned threads,
                                   int keep_going, cs_diag *diag, int *failed)
{
    cs_appraise_opts o = {.threads = threads, .keep_going = keep_going,
                          .quiet = 1};

    return cs_appraise_decided(m, &pl, &o, diag, failed);
}

START_TEST(appraisal_deterministic_across_threads)
{
    cs_model *m = tiny_model("tp_good");
    cs_plugin *pl = open_tp("tp_good");
    cs_diag diag = {0};
    int failed;
    cs_appraisal *a1 = appraise_with(m, pl, 1, 0, &diag, &failed);
    cs_appraisal *a2 = appraise_with(m, pl, 2, 0, &diag, &failed);

    ck_assert_ptr_nonnull(a1);
    ck_assert_ptr_nonnull(a2);
    ck_assert_uint_eq(a1->n_unique, 3);   /* options 1 and 2 share consortia */
    ck_assert_int_eq(memcmp(a1->scores, a2->scores,
                            3 * 64 * sizeof(double)), 0);
    for (size_t o = 0; o < 3; o++)
        ck_assert_int_eq(memcmp(a1->crits[0].options[o].values[0],
                                a2->crits[0].options[o].values[0],
                                64 * sizeof(double)), 0);
    /* scale defaults to 1: the headline is list/1000 plus a uniform
       noise in [0, 0.01), so its mean and quantiles are within 0.011 of
       50 (the consortia's draws are released; their summaries remain) */
    cs_summary s0 = cs_unique_summary(&a1->crits[0], 0, 0);
    ck_assert_double_eq_tol(s0.mean, 50.0, 0.011);
    ck_assert_double_eq_tol(s0.p05, 50.0, 0.011);
    ck_assert_double_eq_tol(s0.p95, 50.0, 0.011);
    ck_assert_double_eq(cs_unique_summary(&a1->crits[0], 0, 1).mean, 4.0);
    /* options o1 and o2 are the same grouping: identical scores (CRN) */
    ck_assert_int_eq(memcmp(&a1->scores[64], &a1->scores[128],
                            64 * sizeof(double)), 0);
    cs_appraisal_free(a1);
    cs_appraisal_free(a2);
    cs_plugin_close(pl);
    cs_model_free(m);
    cs_diag_clear(&diag);
}
END_TEST

/* Each distinct consortium's summaries, written by the worker that ran
 * it, against the same figures computed here from its draws (kept for
 * this test with keep_unique_draws): the mean and SD in draw order, the
 * quantiles from a sorted copy by GSL, which the summaries' selection
 * matches (docs/performance.md). */
START_TEST(unique_summaries_match_draws)
{
    cs_model *m = tiny_model("tp_good");
    cs_plugin *pl = open_tp("tp_good");
    cs_diag diag = {0};
    int failed;
    cs_appraise_opts o = {.threads = 2, .quiet = 1, .keep_unique_draws = 1};
    cs_appraisal *a = cs_appraise_decided(m, &pl, &o, &diag, &failed);
    double y[64];

    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->n_draws, 64);
    for (size_t u = 0; u < a->n_unique; u++)
        for (size_t k = 0; k < a->crits[0].n_metrics; k++) {
            const cs_crit_run *run = &a->crits[0];
            const double *x = run->unique[u].values[k];
            cs_summary got = cs_unique_summary(run, u, k);
            double mean;
            if (!run->metrics[k].sampled) {
                ck_assert_double_eq(got.mean, x[0]);
                ck_assert(isnan(got.sd));
                continue;
            }
            memcpy(y, x, sizeof y);
            gsl_sort(y, 1, 64);
            mean = gsl_stats_mean(x, 1, 64);
            ck_assert_double_eq(got.mean, mean);
            ck_assert_double_eq(got.sd, gsl_stats_sd_m(x, 1, 64, mean));
            ck_assert_double_eq_tol(got.p05, gsl_stats_quantile_from_sorted_data(
                                    y, 1, 64, 0.05), 1e-12);
            ck_assert_double_eq_tol(got.p50, gsl_stats_quantile_from_sorted_data(
                                    y, 1, 64, 0.50), 1e-12);
            ck_assert_double_eq_tol(got.p95, gsl_stats_quantile_from_sorted_data(
                                    y, 1, 64, 0.95), 1e-12);
        }
    cs_appraisal_free(a);
    cs_plugin_close(pl);
    cs_model_free(m);
    cs_diag_clear(&diag);
}
END_TEST

static const struct { const char *name, *want; } failing[] = {
    {"tp_error", "criterion 'tp_error' failed for option 'o0' (consortium "
                 "'c0'): cannot score consortium 'c0': test error"},
    {"tp_nan", "metric 'x' is NaN or unset at draw 7"},
    {"tp_short", "metric 'x' is NaN or unset at draw 1"},
    /* the failure quotes what init() logged, which also reaches the
       caller's cs_diag as its own line (nothing is printed by the host) */
    {"tp_initfail", "criterion 'tp_initfail' failed to start (plugin "
                    "'tp_initfail' "},
};

/* The kept message of d that contains `want`, or NULL. */
static const char *find_msg(const cs_diag *d, const char *want)
{
    for (size_t i = 0; i < d->n_msgs; i++)
        if (strstr(d->msgs[i], want))
            return d->msgs[i];
    return NULL;
}

START_TEST(plugin_failure_named)
{
    cs_model *m = tiny_model(failing[_i].name);
    cs_plugin *pl = open_tp(failing[_i].name);
    cs_diag diag = {0};
    int failed = 0;
    cs_appraisal *a;

    ck_assert_msg(pl != NULL, "%s", err);
    a = appraise_with(m, pl, 2, 0, &diag, &failed);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(failed, 1);
    ck_assert_uint_ge(diag.n_msgs, 1);
    ck_assert_msg(find_msg(&diag, failing[_i].want) != NULL, "got: %s",
                  diag.msgs[0]);
    if (!strcmp(failing[_i].name, "tp_initfail")) {
        const char *f = find_msg(&diag, failing[_i].want);
        ck_assert_ptr_nonnull(strstr(f, "): cannot start: test plugin told "
                                     "to fail"));
        ck_assert_ptr_null(strstr(f, "messages above"));
        ck_assert_str_eq(diag.msgs[0], "consortia: criterion 'tp_initfail': "
                         "error: cannot start: test plugin told to fail");
    }
    cs_diag_clear(&diag);
    /* --keep-going: marked failed; nothing left to score, so still NULL */
    a = appraise_with(m, pl, 2, 1, &diag, &failed);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(strstr(diag.msgs[diag.n_msgs - 1],
                                 "no criterion with a positive weight"));
    cs_diag_clear(&diag);
    cs_plugin_close(pl);
    cs_model_free(m);
}
END_TEST

/* ---- parameter binding -------------------------------------------------- */

static cs_param_value pv_number(const char *name, double x, int line)
{
    cs_param_value v = {strdup(name), CS_PV_NUMBER, x, 0, NULL, {0, {0}},
                        {"p.yaml", line, 7}};
    return v;
}

START_TEST(params_bind_and_refuse)
{
    cs_model *m = tiny_model("tp_good");
    cs_plugin *pl = open_tp("tp_good");
    cs_criterion_spec *spec = &m->criteria[0];
    cs_param_set set;
    cs_diag diag = {0};

    /* scenario-wide scale 3, criterion's own 4: the criterion's wins */
    m->n_params = 1;
    m->params = calloc(1, sizeof *m->params);
    m->params[0] = pv_number("scale", 3, 2);
    spec->n_params = 1;
    spec->params = calloc(4, sizeof *spec->params);
    spec->params[0] = pv_number("scale", 4, 9);
    ck_assert_int_eq(cs_params_bind(&set, pl->desc, spec, m, &diag), 0);
    ck_assert_double_eq(cs_params_get(&set, "scale")->number, 4.0);
    ck_assert_int_eq(cs_params_get(&set, "scale")->source, CS_FROM_CRITERION);
    ck_assert_double_eq(cs_params_get(&set, "count")->number, 3.0);
    ck_assert_str_eq(cs_params_get(&set, "mode")->choice, "plain");
    cs_params_free(&set);

    /* out of range, not whole, unknown with a suggestion, wrong type */
    spec->params[0].number = 11;
    spec->params[1] = pv_number("count", 2.5, 10);
    spec->params[2] = pv_number("scael", 1, 11);
    spec->params[3] = pv_number("mode", 1, 12);
    spec->n_params = 4;
    ck_assert_int_eq(cs_params_bind(&set, pl->desc, spec, m, &diag), -1);
    cs_params_free(&set);
    ck_assert_uint_eq(diag.n_errors, 4);
    ck_assert_str_eq(diag.msgs[0], "p.yaml:11:7: error: plugin 'tp_good' has "
                     "no parameter 'scael'; did you mean 'scale'?");
    ck_assert_str_eq(diag.msgs[1], "p.yaml:9:7: error: parameter 'scale' of "
                     "'tp_good' is 11, outside [0, 10]; give a value in range");
    ck_assert_ptr_nonnull(strstr(diag.msgs[3], "p.yaml:10:7: error: parameter "
                                 "'count' of 'tp_good' must be a whole number"));
    ck_assert_ptr_nonnull(strstr(diag.msgs[2], "p.yaml:12:7: error: parameter "
                                 "'mode' of 'tp_good' must be one of the words "
                                 "plain|doubled, not a number"));
    cs_diag_clear(&diag);
    cs_plugin_close(pl);
    cs_model_free(m);
}
END_TEST

START_TEST(params_uncertain_draws)
{
    cs_model *m = tiny_model("tp_good");
    cs_plugin *pl = open_tp("tp_good");
    cs_criterion_spec *spec = &m->criteria[0];
    cs_param_set set;
    cs_diag diag = {0};
    const cs_param_slot *s;
    double lo = 1e9, hi = -1e9, sum = 0;

    spec->n_params = 1;
    spec->params = calloc(1, sizeof *spec->params);
    spec->params[0] = (cs_param_value){strdup("noise"), CS_PV_DIST, 0, 0, NULL,
                                       {CS_DIST_TRIANGULAR, {-1, 0, 2, 0}},
                                       {"p.yaml", 4, 3}};
    ck_assert_int_eq(cs_params_bind(&set, pl->desc, spec, m, &diag), 0);
    ck_assert_int_eq(cs_params_sample(&set, 20000, 5), 0);
    s = cs_params_get(&set, "noise");
    for (size_t k = 0; k < 20000; k++) {
        lo = fmin(lo, s->draws[k]);
        hi = fmax(hi, s->draws[k]);
        sum += s->draws[k];
    }
    ck_assert(lo >= -1.0 && hi <= 2.0);
    /* mean of triangular(-1, 0, 2) is 1/3; sd 0.62, so SE 0.0044 */
    ck_assert_double_eq_tol(sum / 20000, 1.0 / 3.0, 0.02);
    ck_assert_int_eq(cs_params_pin(&set, "noise", 0.5), 0);
    ck_assert_double_eq_tol(s->draws[123], cs_dist_quantile(&s->dist, 0.5), 1e-12);
    cs_params_free(&set);
    /* a distribution reaching outside the declared range is refused */
    spec->params[0].dist = (cs_dist){CS_DIST_NORMAL, {0, 3, 0, 0}};
    ck_assert_int_eq(cs_params_bind(&set, pl->desc, spec, m, &diag), -1);
    ck_assert_ptr_nonnull(strstr(diag.msgs[0], "p.yaml:4:3: error: the "
                                 "distribution of parameter 'noise'"));
    cs_params_free(&set);
    cs_diag_clear(&diag);
    cs_plugin_close(pl);
    cs_model_free(m);
}
END_TEST

START_TEST(dist_parse)
{
    cs_dist d;

    ck_assert_int_eq(cs_dist_parse("triangular(25, 30, 35)", &d), 0);
    ck_assert_int_eq(d.kind, CS_DIST_TRIANGULAR);
    ck_assert_double_eq(d.p[2], 35);
    ck_assert_int_eq(cs_dist_parse(" beta(2,3) ", &d), 0);
    ck_assert_double_eq(d.p[3], 1.0);
    ck_assert_int_eq(cs_dist_parse("beta(2, 3, 10, 20)", &d), 0);
    ck_assert_double_eq(d.p[2], 10.0);
    ck_assert_int_eq(cs_dist_parse("fixed(4.5)", &d), 0);
    ck_assert_int_eq(cs_dist_parse("uniform(3, 2)", &d), -1);
    ck_assert_int_eq(cs_dist_parse("normal(1)", &d), -1);
    ck_assert_int_eq(cs_dist_parse("normal(1, 0)", &d), -1);
    ck_assert_int_eq(cs_dist_parse("triangular(1, 5, 3)", &d), -1);
    ck_assert_int_eq(cs_dist_parse("triangular(1, 2, 3) x", &d), -1);
    ck_assert_int_eq(cs_dist_parse("cauchy(0, 1)", &d), -1);
    ck_assert_int_eq(cs_dist_parse("", &d), -1);
}
END_TEST

/* An uncertain parameter left at a default distribution is sampled from
 * it. */
START_TEST(params_default_distribution)
{
    static const cs_param_decl decl[] = {
        {"allowance", CS_PARAM_UNCERTAIN, 30, NULL, 0, 100, "GBP/head", "",
         NULL, "uniform(20, 40)"},
    };
    static const cs_metric_decl met[] = {
        {"h", "u", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, ""},
    };
    cs_plugin_descriptor d = {sizeof d, CS_ABI_VERSION, "dd", "1", "", decl, 1,
                              met, 1, dummy_init, dummy_cons, NULL, NULL,
                              NULL};
    cs_model *m = tiny_model("dd");
    cs_param_set set;
    cs_diag diag = {0};
    double lo = 1e9, hi = -1e9;

    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), 0);
    ck_assert_int_eq(cs_params_bind(&set, &d, &m->criteria[0], m, &diag), 0);
    ck_assert_int_eq(cs_params_sample(&set, 2000, 1), 0);
    ck_assert_double_eq_tol(cs_params_get(&set, "allowance")->number, 30, 1e-12);
    for (size_t k = 0; k < 2000; k++) {
        lo = fmin(lo, set.slots[0].draws[k]);
        hi = fmax(hi, set.slots[0].draws[k]);
    }
    ck_assert(lo >= 20 && lo < 20.5 && hi <= 40 && hi > 39.5);
    cs_params_free(&set);
    cs_model_free(m);
}
END_TEST

START_TEST(dist_quantiles)
{
    cs_dist u = {CS_DIST_UNIFORM, {2, 4, 0, 0}};
    cs_dist t = {CS_DIST_TRIANGULAR, {25, 30, 35, 0}};
    cs_dist n = {CS_DIST_NORMAL, {10, 2, 0, 0}};
    cs_dist b = {CS_DIST_BETA, {2, 2, 10, 20}};
    cs_dist l = {CS_DIST_LOGNORMAL, {0, 1, 0, 0}};

    ck_assert_double_eq_tol(cs_dist_quantile(&u, 0.25), 2.5, 1e-12);
    ck_assert_double_eq_tol(cs_dist_quantile(&t, 0.5), 30.0, 1e-12);
    ck_assert_double_eq_tol(cs_dist_quantile(&t, 0.125), 27.5, 1e-12);
    ck_assert_double_eq_tol(cs_dist_quantile(&n, 0.975), 10 + 2 * 1.959964, 1e-5);
    ck_assert_double_eq_tol(cs_dist_quantile(&b, 0.5), 15.0, 1e-9);
    ck_assert_double_eq_tol(cs_dist_quantile(&l, 0.5), 1.0, 1e-9);
    ck_assert_double_eq_tol(cs_dist_mean(&t), 30.0, 1e-12);
    ck_assert_double_eq_tol(cs_dist_mean(&l), exp(0.5), 1e-12);
}
END_TEST

static int fill_cons(void *s, const cs_host *h, cs_call *c,
                     const cs_consortium_view *v, cs_values *o)
{
    (void)s; (void)h; (void)c;
    for (size_t k = 0; k < o->n_draws; k++)
        o->values[0][k] = v->registered / 1000.0;
    return 0;
}

/* Value scales fixed in advance: a plugin built for ABI 1.0 (its size
 * stops before headline_scale) and a scenario without value_function levels
 * is refused at the criterion's line; with levels it is scored. A default
 * scale with equal levels is refused when the plugin is checked. */
START_TEST(no_default_scale_refused)
{
    static const cs_metric_decl met[] = {
        {"h", "u", CS_HIGHER_IS_BETTER, 1, CS_AGG_SUM, ""},
    };
    cs_plugin_descriptor d = {offsetof(cs_plugin_descriptor, headline_scale),
                              CS_ABI_MAJOR << 16, "old", "1", "", NULL, 0,
                              met, 1, dummy_init, fill_cons, NULL, NULL,
                              &(const cs_value_scale){0, 50, "x"}};
    cs_plugin pl = {"old", "old.so", NULL, &d, ""};
    cs_model *m = tiny_model("old");
    cs_diag diag = {0};
    int failed = 0;
    cs_appraisal *a;

    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), 0);
    /* the pointer is set, but a 1.0 descriptor's size does not cover it */
    ck_assert_ptr_null(cs_descriptor_scale(&d));
    a = appraise_with(m, &pl, 1, 0, &diag, &failed);
    ck_assert_ptr_null(a);
    ck_assert_uint_ge(diag.n_msgs, 1);
    ck_assert_msg(strstr(diag.msgs[0], "hand.yaml:3:5: error: criterion "
                         "'old' has no value_function and its plugin "
                         "declares no default scale for its headline 'h'"),
                  "got: %s", diag.msgs[0]);
    cs_diag_clear(&diag);
    m->criteria[0].has_bounds = 1;
    m->criteria[0].worst = 0;
    m->criteria[0].best = 100;
    a = appraise_with(m, &pl, 1, 0, &diag, &failed);
    ck_assert_ptr_nonnull(a);
    /* option o0 is all 50,000 patients: 50 on a 0..100 scale = 0.5 */
    ck_assert_double_eq_tol(a->option_scores[0].score.mean, 50.0, 1e-9);
    cs_appraisal_free(a);
    /* the same plugin built for 1.1 uses its scale: 50 of 0..50 = 1 */
    d.size = sizeof d;
    m->criteria[0].has_bounds = 0;
    a = appraise_with(m, &pl, 1, 0, &diag, &failed);
    ck_assert_ptr_nonnull(a);
    ck_assert_double_eq_tol(a->option_scores[0].score.mean, 100.0, 1e-9);
    ck_assert_str_eq(a->crits[0].scale_source, "x");
    cs_appraisal_free(a);
    d.headline_scale = &(const cs_value_scale){5, 5, "x"};
    ck_assert_int_eq(cs_descriptor_check(&d, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "give two different finite levels"));
    cs_model_free(m);
    cs_diag_clear(&diag);
}
END_TEST

static Suite *host_suite(void)
{
    Suite *s = suite_create("host");
    TCase *tc = tcase_create("plugins");

    tcase_add_test(tc, good_plugin_opens);
    tcase_add_test(tc, no_default_scale_refused);
    tcase_add_loop_test(tc, broken_plugin_refused, 0,
                        sizeof broken / sizeof *broken);
    tcase_add_test(tc, missing_file_refused);
    tcase_add_test(tc, search_path_order);
    tcase_add_test(tc, current_directory_not_searched);
    tcase_add_test(tc, descriptor_checks);
    suite_add_tcase(s, tc);
    tc = tcase_create("appraisal");
    tcase_add_test(tc, appraisal_deterministic_across_threads);
    tcase_add_test(tc, unique_summaries_match_draws);
    tcase_add_loop_test(tc, plugin_failure_named, 0,
                        sizeof failing / sizeof *failing);
    suite_add_tcase(s, tc);
    tc = tcase_create("parameters");
    tcase_add_test(tc, params_bind_and_refuse);
    tcase_add_test(tc, params_uncertain_draws);
    tcase_add_test(tc, dist_quantiles);
    tcase_add_test(tc, dist_parse);
    tcase_add_test(tc, params_default_distribution);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(host_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
