/* test_cov_voi.c -- the names of the value of information's parameters
 * when two criteria declare one (docs/json-output.md, "parameters"): the
 * same distribution gives the same draws, so it is one parameter, named
 * alone; two distributions are two parameters, the later one named
 * `criterion.parameter`. The scenario: two criteria of tp_good, each with
 * an uncertain `noise`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "cli_harness.h"

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})

static const char *scenario(double half_width_again)
{
    static char path[256];
    FILE *fp;

    snprintf(path, sizeof path, "%s/v.yaml", tmpdir);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    fprintf(fp,
            "format: 1\n"
            "scenario: {id: v, name: V}\n"
            "localities:\n"
            "  - {id: n, name: North}\n"
            "  - {id: s, name: South}\n"
            "practices:\n"
            "  - {code: A1, name: One, locality: n, registered: 1000, "
            "weighted: 1000}\n"
            "  - {code: B1, name: Two, locality: s, registered: 3000, "
            "weighted: 3000}\n"
            "options:\n"
            "  - id: one\n    name: One\n    consortia:\n"
            "      - {id: all, name: All, localities: [n, s]}\n"
            "  - id: two\n    name: Two\n    consortia:\n"
            "      - {id: n, name: N, localities: [n]}\n"
            "      - {id: s, name: S, localities: [s]}\n"
            "criteria:\n"
            "  - plugin: tp_good\n    weight: 1\n"
            "    parameters: {noise: {dist: uniform, min: -1, max: 1}}\n"
            "  - plugin: tp_good\n    label: again\n    weight: 1\n"
            "    parameters: {noise: {dist: uniform, min: %g, max: %g}}\n"
            "analysis: {draws: 200, seed: 5}\n",
            -half_width_again, half_width_again);
    fclose(fp);
    return path;
}

/* The names of the "parameter" rows, sorted, joined by spaces. */
static void names(const char *half, char *buf, size_t len)
{
    json_error_t je;
    json_t *root, *rows, *row;
    size_t i;
    const char *got[8];
    size_t n = 0;

    ck_assert_int_eq(RUN("voi", (char *)scenario(atof(half)), "-p", TP_DIR,
                         "-q", "-f", "json"), 0);
    root = json_loads(out, 0, &je);
    ck_assert_msg(root != NULL, "%s", je.text);
    rows = json_object_get(json_object_get(root, "value_of_information"),
                           "parameters");
    ck_assert(json_is_array(rows));
    json_array_foreach(rows, i, row)
        if (!strcmp(json_string_value(json_object_get(row, "kind")),
                    "parameter") && n < 8)
            got[n++] = json_string_value(json_object_get(row, "name"));
    for (size_t a = 1; a < n; a++)          /* insertion sort by name */
        for (size_t b = a; b > 0 && strcmp(got[b - 1], got[b]) > 0; b--) {
            const char *t = got[b];
            got[b] = got[b - 1];
            got[b - 1] = t;
        }
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", k ? " " : "",
                 got[k]);
    json_decref(root);
}

START_TEST(same_distribution_is_one_parameter)
{
    char buf[256];

    names("1", buf, sizeof buf);
    ck_assert_str_eq(buf, "noise");
}
END_TEST

START_TEST(two_distributions_are_two_parameters)
{
    char buf[256];

    names("2", buf, sizeof buf);
    ck_assert_str_eq(buf, "again.noise noise");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_voi");
    TCase *tc = tcase_create("names");
    SRunner *sr;
    int nf;

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, same_distribution_is_one_parameter);
    tcase_add_test(tc, two_distributions_are_two_parameters);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
