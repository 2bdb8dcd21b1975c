/* test_cov_base.c -- the model's and the base library's edge cases, each
 * against a value worked out by hand in the comment beside it:
 *  - cs_model_find_*: -1 for an id the model does not hold;
 *  - cs_dist_quantile / cs_dist_mean: a fixed value, a triangular of zero
 *    width (every quantile is its one point), a kind outside the enum
 *    (NaN, not a number of some other distribution);
 *  - cs_diag_take: messages past CS_DIAG_MAX (50) are dropped but their
 *    errors still counted, and "... and N more errors" says so;
 *  - cs_did_you_mean: a word of more than 64 characters matches nothing;
 *  - cs_eta_rate: no rate from a single sample in the 5 s window;
 *  - cs_fmt_duration: NaN and infinity print as the cap, 1e9 s;
 *  - the plugin path: folders given with trailing '/' (and a ':' list in
 *    CONSORTIA_PLUGIN_PATH) still claim their files; enum values outside
 *    the enums are named "unknown";
 *  - cs_load_scenario_buffer: a buffer of 64 MiB + 1 byte is refused
 *    before it is parsed, named "<buffer>" when it has no name. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/progress.h"
#include "host/host.h"
#include "loader/loader.h"
#include "model/model.h"

START_TEST(find_unknown_ids)
{
    cs_model *m = calloc(1, sizeof *m);

    ck_assert_ptr_nonnull(m);
    m->n_orgs = 1;
    m->orgs = calloc(1, sizeof *m->orgs);
    m->orgs[0].id = "acute";
    m->n_localities = 2;
    m->localities = calloc(2, sizeof *m->localities);
    m->localities[0].id = "north";
    m->localities[1].id = "south";
    m->n_practices = 1;
    m->practices = calloc(1, sizeof *m->practices);
    m->practices[0].code = "Z00001";
    m->n_options = 1;
    m->options = calloc(1, sizeof *m->options);
    m->options[0].view.id = "one";

    ck_assert_int_eq(cs_model_find_org(m, "acute"), 0);
    ck_assert_int_eq(cs_model_find_org(m, "acutE"), -1);
    ck_assert_int_eq(cs_model_find_locality(m, "south"), 1);
    ck_assert_int_eq(cs_model_find_locality(m, "east"), -1);
    ck_assert_int_eq(cs_model_find_practice(m, "Z00001"), 0);
    ck_assert_int_eq(cs_model_find_practice(m, "Z00002"), -1);
    ck_assert_int_eq(cs_model_find_option(m, "one"), 0);
    ck_assert_int_eq(cs_model_find_option(m, "two"), -1);
    free(m->orgs);
    free(m->localities);
    free(m->practices);
    free(m->options);
    free(m);
}
END_TEST

START_TEST(dist_edges)
{
    cs_dist fixed = {CS_DIST_FIXED, {7.5, 0, 0, 0}};
    cs_dist point = {CS_DIST_TRIANGULAR, {2, 2, 2, 0}};
    cs_dist tri = {CS_DIST_TRIANGULAR, {0, 1, 4, 0}};
    cs_dist none = {(cs_dist_kind)99, {1, 2, 3, 4}};
    cs_dist parsed;

    ck_assert_double_eq(cs_dist_mean(&fixed), 7.5);
    ck_assert_double_eq(cs_dist_quantile(&fixed, 0.9), 7.5);
    /* zero width: min = mode = max = 2 at every u */
    ck_assert_double_eq(cs_dist_quantile(&point, 0.0), 2.0);
    ck_assert_double_eq(cs_dist_quantile(&point, 0.7), 2.0);
    /* triangular(0, 1, 4): F(mode) = (1 - 0)/(4 - 0) = 1/4; the median
       is on the right: 4 - sqrt(0.5 * 4 * 3) = 4 - sqrt(6) */
    ck_assert_double_eq_tol(cs_dist_quantile(&tri, 0.5), 4 - sqrt(6.0), 1e-12);
    ck_assert_double_eq_tol(cs_dist_mean(&tri), 5.0 / 3.0, 1e-15);
    ck_assert(isnan(cs_dist_mean(&none)));
    ck_assert(isnan(cs_dist_quantile(&none, 0.5)));
    /* the parser: a fixed value, and the forms it refuses */
    ck_assert_int_eq(cs_dist_parse("fixed(3)", &parsed), 0);
    ck_assert_int_eq(parsed.kind, CS_DIST_FIXED);
    ck_assert_double_eq(cs_dist_mean(&parsed), 3.0);
    ck_assert_int_eq(cs_dist_parse("fixed(1, 2)", &parsed), -1);
    ck_assert_int_eq(cs_dist_parse("gamma(1, 2)", &parsed), -1);
    ck_assert_int_eq(cs_dist_parse("(1, 2)", &parsed), -1);
    ck_assert_int_eq(cs_dist_parse(NULL, &parsed), -1);
    ck_assert_int_eq(cs_dist_parse("triangular(2, 2, 2)", &parsed), -1);
}
END_TEST

/* `to` holds 48 messages, `from` 5 errors: 2 fit (50), 3 are dropped and
 * still counted: 48 + 5 = 53 errors, 50 messages, "... and 3 more". */
START_TEST(diag_take_overflow)
{
    cs_diag to = {0}, from = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp;

    for (int i = 0; i < 48; i++)
        cs_diag_error(&to, (cs_pos){"a.yaml", i + 1, 1}, "to %d", i);
    for (int i = 0; i < 5; i++)
        cs_diag_error(&from, (cs_pos){"b.yaml", i + 1, 1}, "from %d", i);
    ck_assert_uint_eq(from.n_msgs, 5);
    cs_diag_take(&to, &from);
    ck_assert_uint_eq(from.n_msgs, 0);
    ck_assert_uint_eq(from.n_errors, 0);
    ck_assert_uint_eq(to.n_msgs, CS_DIAG_MAX);
    ck_assert_uint_eq(to.n_errors, 53);
    ck_assert_ptr_nonnull(strstr(to.msgs[49], "from 1"));
    fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    cs_diag_print(&to, fp);
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "\n... and 3 more errors\n"));
    free(buf);
    cs_diag_clear(&to);
}
END_TEST

START_TEST(did_you_mean_long)
{
    static const char *const cands[] = {"appraise", "validate"};
    char word[80];

    memset(word, 'a', 70);
    word[70] = '\0';
    ck_assert_ptr_null(cs_did_you_mean(word, cands, 2));
    /* and one within the limit: "apraise" is 1 edit from "appraise" */
    ck_assert_str_eq(cs_did_you_mean("apraise", cands, 2), "appraise");
    /* a candidate longer than 64 characters is never the answer */
    {
        const char *longc[] = {word};
        ck_assert_ptr_null(cs_did_you_mean(word + 1, longc, 1));
    }
}
END_TEST

/* Samples at 0 s (1 done) and 10 s (5 done): the window is 5 s, so the
 * last sample has no earlier one within it: no rate. With a sample at
 * 8 s (3 done) too: (5 - 3) / (10 - 8) = 1 per second. */
START_TEST(eta_one_sample_in_window)
{
    cs_eta e;
    double rate = -1;

    cs_eta_init(&e);
    cs_eta_sample(&e, 0.0, 1);
    cs_eta_sample(&e, 10.0, 5);
    ck_assert_int_eq(cs_eta_rate(&e, &rate), 0);
    ck_assert_double_eq(rate, -1);
    cs_eta_init(&e);
    cs_eta_sample(&e, 0.0, 1);
    cs_eta_sample(&e, 8.0, 3);
    cs_eta_sample(&e, 10.0, 5);
    ck_assert_int_eq(cs_eta_rate(&e, &rate), 1);
    ck_assert_double_eq_tol(rate, 1.0, 1e-12);
}
END_TEST

/* The cap: 1e9 s = 277777 h (999997200 s) + 2800 s; 2800 s rounds to 47
 * min ((2800 + 30) / 60 = 47). */
START_TEST(duration_cap)
{
    char buf[64];

    ck_assert_str_eq(cs_fmt_duration(buf, sizeof buf, NAN), "277777 h 47 min");
    ck_assert_str_eq(cs_fmt_duration(buf, sizeof buf, INFINITY),
                     "277777 h 47 min");
    ck_assert_str_eq(cs_fmt_duration(buf, sizeof buf, 5e9), "277777 h 47 min");
    ck_assert_str_eq(cs_fmt_duration(buf, sizeof buf, -3), "0 s");
}
END_TEST

/* 64 MiB = 67108864 bytes is the limit; one byte more is refused, the
 * message giving the size; nothing is parsed (a buffer of spaces would
 * otherwise load as an empty document and fail on its missing keys). */
START_TEST(buffer_too_big)
{
    size_t len = (size_t)64 * 1024 * 1024 + 1;
    char *buf = malloc(len);
    cs_diag d = {0};

    ck_assert_ptr_nonnull(buf);
    memset(buf, ' ', len);
    ck_assert_ptr_null(cs_load_scenario_buffer(NULL, buf, len, &d));
    ck_assert_uint_eq(d.n_errors, 1);
    ck_assert_str_eq(d.msgs[0], "<buffer>: error: the scenario is 67108865 "
                     "bytes, more than the limit of 67108864 bytes (64 MiB); "
                     "check that it is the right input");
    cs_diag_clear(&d);
    free(buf);
}
END_TEST

/* "/opt/a///" claims /opt/a/x.so, as an --plugin-path folder; the
 * environment's "/env/b/:/env/c" gives two folders of its origin; a file
 * of no folder on the path has none (-1). */
START_TEST(plugin_path_origin)
{
    const char *extra[] = {"/opt/a///"};
    cs_plugin_path p;

    ck_assert_int_eq(setenv("CONSORTIA_PLUGIN_PATH", "/env/b/:/env/c", 1), 0);
    ck_assert_int_eq(cs_plugin_path_init(&p, extra, 1), 0);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/opt/a/x.so"), CS_PATH_OPTION);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/env/b/y.so"), CS_PATH_ENV);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/env/c/y.so"), CS_PATH_ENV);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/opt/ab/x.so"), -1);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "/nowhere/x.so"), -1);
    ck_assert_int_eq(cs_plugin_path_origin(&p, "x.so"), -1);
    cs_plugin_path_free(&p);
    ck_assert_str_eq(cs_path_origin_name(CS_PATH_ENV),
                     "CONSORTIA_PLUGIN_PATH");
    ck_assert_str_eq(cs_path_origin_name((cs_path_origin)99), "unknown");
    ck_assert_str_eq(cs_param_type_name(CS_PARAM_CHOICE), "choice");
    ck_assert_str_eq(cs_param_type_name((cs_param_type)99), "unknown");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_base");
    TCase *t = tcase_create("base");
    SRunner *sr;
    int failed;

    tcase_add_test(t, find_unknown_ids);
    tcase_add_test(t, dist_edges);
    tcase_add_test(t, diag_take_overflow);
    tcase_add_test(t, did_you_mean_long);
    tcase_add_test(t, eta_one_sample_in_window);
    tcase_add_test(t, duration_cap);
    tcase_add_test(t, buffer_too_big);
    tcase_add_test(t, plugin_path_origin);
    suite_add_tcase(s, t);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
