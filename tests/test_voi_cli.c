/* test_voi_cli.c -- `consortia voi` end to end (docs/decision.md "Value
 * of information", docs/json-output.md): its usage errors (exit 64, the
 * message, the usage) and refusals, the text and the JSON agreeing figure
 * for figure, a declared group, a scenario without uncertainty (EVPI 0)
 * and too few draws for the regression fit. */
#include <errno.h>
#include <string.h>
#include <sysexits.h>
#include <jansson.h>

#include "cli_harness.h"

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})

/* ---- voi -------------------------------------------------------------- */

START_TEST(voi_usage)
{
    ck_assert_int_eq(RUN("voi"), EX_USAGE);
    usage_said("voi needs one SCENARIO file");
    ck_assert_int_eq(RUN("voi", "a.yaml", "b.yaml"), EX_USAGE);
    usage_said("voi needs one SCENARIO file");
    ck_assert_int_eq(RUN("voi", "--seed", "x", "a.yaml"), EX_USAGE);
    usage_said("--seed needs a whole number, not 'x'");
    ck_assert_int_eq(RUN("voi", "--draws", "1", "a.yaml"), EX_USAGE);
    usage_said("--draws needs a whole number from 2 to 10000000, not '1'");
    ck_assert_int_eq(RUN("voi", "--threads", "0", "a.yaml"), EX_USAGE);
    usage_said("--threads needs a whole number from 1 to 256, not '0'");
    ck_assert_int_eq(RUN("voi", "-f", "html", "a.yaml"), EX_USAGE);
    usage_said("unknown format 'html'; use text or json");
    ck_assert_int_eq(RUN("voi", "--bogus", "a.yaml"), EX_USAGE);
    usage_said("unknown option '--bogus'");
    ck_assert_int_eq(RUN("voi", "a.yaml", "--group"), EX_USAGE);
    usage_said("option '--group' needs a value");
    for (int g = 0; g < 2; g++) {
        char *argv[48] = {BIN, "voi", "a.yaml"};
        int n = 3;
        for (int k = 0; k < 17; k++) {
            argv[n++] = g ? "--group" : "--plugin-path";
            argv[n++] = "x";
        }
        ck_assert_int_eq(run(argv), EX_USAGE);
        usage_said(g ? "at most 16 --group options"
                     : "at most 16 --plugin-path options");
    }
}
END_TEST

/* The text's "NAME  points  se  P(change)  se" row of `name`. */
static int text_row(const char *text, const char *name, double v[4])
{
    char pat[256];
    const char *p;

    snprintf(pat, sizeof pat, "\n%s ", name);
    if (!(p = strstr(text, pat)))
        return -1;
    p += strlen(pat);
    return sscanf(p, "%lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3]) == 4
               ? 0 : -1;
}

START_TEST(voi_text_and_json_agree)
{
    /* the same seed and draws give the same figures in both formats:
     * every figure of the text is the JSON's to its three decimals, and a
     * declared group is a row of kind "declared" with its two
     * parameters (docs/decision.md, docs/json-output.md) */
    json_error_t je;
    json_t *root, *voi, *rows, *row;
    size_t i, declared = 0;
    double v[4];

    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "400", "--seed", "9",
                         "-q", "-f", "json", "-o", path_of("v.json"),
                         "--group", "allowance_per_head,list_share"), 0);
    ck_assert_str_eq(out, "");
    {
        char *text = slurp(path_of("v.json"), NULL);
        root = json_loads(text, 0, &je);
        free(text);
    }
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(json_integer_value(json_object_get(root, "draws")), 400);
    voi = json_object_get(root, "value_of_information");
    ck_assert_ptr_nonnull(json_object_get(voi, "evpi"));
    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "400", "--seed", "9",
                         "-q", "--group", "allowance_per_head,list_share"),
                     0);
    {
        char head[256];
        snprintf(head, sizeof head, "%s: value of information, 400 draws, "
                 "seed 9\nbest on average: %s\n",
                 json_string_value(json_object_get(root, "scenario")),
                 json_string_value(json_object_get(voi, "baseline")));
        ck_assert_msg(!strncmp(out, head, strlen(head)), "got '%s'", out);
    }
    {
        const json_t *e = json_object_get(voi, "evpi");
        char line[256];
        snprintf(line, sizeof line, "EVPI (all uncertainty): %.3f points (se "
                 "%.3f); the decision changes with probability %.3f (se "
                 "%.3f)\n",
                 json_number_value(json_object_get(e, "points")),
                 json_number_value(json_object_get(e, "points_se")),
                 json_number_value(json_object_get(e, "p_change")),
                 json_number_value(json_object_get(e, "p_change_se")));
        ck_assert_ptr_nonnull(strstr(out, line));
    }
    rows = json_object_get(voi, "parameters");
    ck_assert_uint_ge(json_array_size(rows), 2);
    json_array_foreach(rows, i, row) {
        const char *kind = json_string_value(json_object_get(row, "kind"));
        const json_t *e = json_object_get(row, "evppi");
        char name[200];
        snprintf(name, sizeof name, "%s%s", strcmp(kind, "parameter")
                 ? "group " : "", json_string_value(json_object_get(row,
                                                                   "name")));
        if (!strcmp(kind, "declared")) {
            declared++;
            ck_assert_str_eq(json_string_value(json_object_get(row, "name")),
                             "allowance_per_head,list_share");
            ck_assert_int_eq(json_integer_value(json_object_get(
                row, "n_parameters")), 2);
        }
        if (json_is_null(e))
            continue;
        ck_assert_int_eq(text_row(out, name, v), 0);
        ck_assert_double_eq_tol(v[0], json_number_value(json_object_get(
            e, "points")), 0.0005 + 1e-9);
        ck_assert_double_eq_tol(v[2], json_number_value(json_object_get(
            e, "p_change")), 0.0005 + 1e-9);
    }
    ck_assert_uint_eq(declared, 1);
    json_decref(root);
}
END_TEST

START_TEST(voi_refusals)
{
    char want[512];

    /* a group naming no uncertain parameter: 65 at the scenario */
    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "100", "-q", "--group",
                         "nosuch"), EX_DATAERR);
    snprintf(want, sizeof want, "%s: error: ", EXAMPLE);
    ck_assert_msg(strstr(err, want) && strstr(err, "'nosuch' is not an "
                  "uncertain parameter"), "got '%s'", err);
    ck_assert_str_eq(out, "");
    /* a missing scenario, a directory: 66, naming it */
    ck_assert_int_eq(RUN("voi", path_of("gone.yaml"), "-q"), EX_NOINPUT);
    snprintf(want, sizeof want, "%s: error: cannot read the scenario: %s; "
             "check the path\n", path_of("gone.yaml"), strerror(ENOENT));
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(RUN("voi", tmpdir, "-q"), EX_NOINPUT);
    snprintf(want, sizeof want, "%s: error: is a directory; give a scenario "
             "file\n", tmpdir);
    ck_assert_str_eq(err, want);
    /* a scenario without criteria: 65 at the file */
    {
        FILE *fp = fopen(path_of("nocrit.yaml"), "w");
        fputs("format: 1\nscenario: {id: n, name: N}\nlocalities:\n"
              "  - {id: l0}\npractices:\n  - {code: P0, locality: l0, "
              "registered: 1000}\noptions:\n  - id: one\n    consortia:\n"
              "      - {id: a, localities: [l0]}\n", fp);
        fclose(fp);
    }
    ck_assert_int_eq(RUN("voi", path_of("nocrit.yaml"), "-q"), EX_DATAERR);
    snprintf(want, sizeof want, "%s: error: the scenario has no criteria; "
             "add at least one under 'criteria:'", path_of("nocrit.yaml"));
    ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
    /* an output that cannot be created: 73; a full device: 74 */
    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "100", "-q", "-o",
                         path_of("no/v.txt")), EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "no/v.txt"));
    {   /* the project's rule for a full device (tests/test_fileio.c): 73,
         * or 74 when the writer itself sees the error; the reason said */
        int rc = RUN("voi", EXAMPLE, "--draws", "100", "-q", "-o",
                     "/dev/full");
        ck_assert_msg(rc == EX_CANTCREAT || rc == EX_IOERR, "exit %d", rc);
        ck_assert_ptr_nonnull(strstr(err, strerror(ENOSPC)));
    }
}
END_TEST

START_TEST(voi_without_uncertainty_is_nil)
{
    /* tp_search without noise and no uncertain parameter: every draw
     * scores every option the same, so the best option on each draw is
     * the best on average: EVPI = 0, P(change) = 0, both without error,
     * and there is no parameter to resolve. */
    const char *p = path_of("fixed.yaml");
    FILE *fp = fopen(p, "w");
    json_t *root, *voi, *e;

    ck_assert_ptr_nonnull(fp);
    fputs("format: 1\nscenario: {id: fixed, name: Fixed}\n"
          "organisations:\n  - {id: la1, kind: local_authority}\n"
          "localities:\n  - {id: l0, local_authority: la1, "
          "neighbours: [l1]}\n  - {id: l1, local_authority: la1, "
          "neighbours: [l0]}\npractices:\n"
          "  - {code: P0, locality: l0, registered: 30000}\n"
          "  - {code: P1, locality: l1, registered: 45000}\n"
          "options:\n  - id: one\n    consortia:\n"
          "      - {id: all, localities: [l0, l1]}\n"
          "  - id: each\n    consortia:\n"
          "      - {id: c0, localities: [l0]}\n"
          "      - {id: c1, localities: [l1]}\n"
          "criteria:\n  - {plugin: tp_search, weight: 1, parameters: "
          "{target: 80, noise: 0}}\nanalysis: {draws: 40, seed: 3}\n", fp);
    fclose(fp);
    ck_assert_int_eq(RUN("voi", (char *)p, "-p", TP_DIR, "-q", "-f", "json"),
                     0);
    root = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(root);
    voi = json_object_get(root, "value_of_information");
    e = json_object_get(voi, "evpi");
    ck_assert_double_eq(json_number_value(json_object_get(e, "points")), 0);
    ck_assert_double_eq(json_number_value(json_object_get(e, "points_se")),
                        0);
    ck_assert_double_eq(json_number_value(json_object_get(e, "p_change")), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(voi, "parameters")), 0);
    ck_assert(json_is_null(json_object_get(voi, "most_worth_resolving")));
    ck_assert(json_is_false(json_object_get(voi, "stands_out")));
    /* one = {l0 l1}, 75 -> fit -5, beats each: 30 -> -50, 45 -> -35 */
    ck_assert_str_eq(json_string_value(json_object_get(voi, "baseline")),
                     "one");
    json_decref(root);
    ck_assert_int_eq(RUN("voi", (char *)p, "-p", TP_DIR, "-q"), 0);
    ck_assert_str_eq(out, "fixed: value of information, 40 draws, seed 3\n"
        "best on average: one\n"
        "EVPI (all uncertainty): 0.000 points (se 0.000); the decision "
        "changes with probability 0.000 (se 0.000)\n\n"
        "EVPPI of                                     points       se "
        "P(change)       se\n(no uncertain parameter)\n");
}
END_TEST

START_TEST(voi_too_few_draws_for_the_fit)
{
    /* a one-parameter fit has nine coefficients and needs four draws a
     * coefficient (docs/decision.md): at 30 draws no EVPPI is estimated,
     * each row says so, and nothing is named worth resolving */
    json_t *root, *voi, *row;
    size_t i;

    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "30", "-q", "-f",
                         "json"), 0);
    root = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(root);
    voi = json_object_get(root, "value_of_information");
    ck_assert_uint_ge(json_array_size(json_object_get(voi, "parameters")), 1);
    json_array_foreach(json_object_get(voi, "parameters"), i, row)
        ck_assert(json_is_null(json_object_get(row, "evppi")));
    ck_assert(json_is_null(json_object_get(voi, "most_worth_resolving")));
    ck_assert(json_is_false(json_object_get(voi, "stands_out")));
    json_decref(root);
    ck_assert_int_eq(RUN("voi", EXAMPLE, "--draws", "30", "-q"), 0);
    ck_assert_ptr_nonnull(strstr(out, " - (too few draws for the fit)\n"));
    ck_assert_ptr_null(strstr(out, "(no uncertain parameter)"));
}
END_TEST


static Suite *suite(void)
{
    Suite *s = suite_create("voi_cli");
    TCase *t = tcase_create("voi_cli");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, voi_usage);
    tcase_add_test(t, voi_text_and_json_agree);
    tcase_add_test(t, voi_refusals);
    tcase_add_test(t, voi_without_uncertainty_is_nil);
    tcase_add_test(t, voi_too_few_draws_for_the_fit);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    int failed;
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
