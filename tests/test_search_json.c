/* test_search_json.c -- `consortia search -f json` (docs/json-output.md
 * "consortia search -f json"): every field on the three-unit scenario of
 * tests/search_cli.h against the closed form in test_search_cli.c's
 * header, the blocking coalitions, a listed federation, an eleven-unit
 * case with its optimum by hand, and the same bytes at any thread count
 * and on standard output. */
#include <string.h>

#include "search_cli.h"

START_TEST(json_fields_by_the_closed_form)
{
    const char *p = scenario("s.yaml", 80, NULL);
    json_t *root = json_run(p, "1", path_of("one.json")), *c, *u, *st;
    const double want[4] = {49.2, 49.159375, 48.7375, 47.753125};
    const char *crit;
    json_t *v;

    ck_assert_str_eq(json_string_value(json_object_get(root, "scenario")),
                     "s3");
    u = json_object_get(json_object_get(root, "search"), "units");
    ck_assert_uint_eq(json_array_size(u), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(u, 1),
                                                       "name")), "Middle");
    ck_assert_double_eq(num(u, "1.registered"), 45000);
    ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(u, 1),
                                                      "neighbours")), 2);
    ck_assert(json_is_null(json_object_get(json_object_get(root, "search"),
                                           "population_max")));
    ck_assert_double_eq(num(root, "search.consortia_max"), 3);
    ck_assert_str_eq(json_string_value(json_object_get(
        json_object_get(root, "solver"), "method")), "exact");
    ck_assert(json_is_true(json_object_get(json_object_get(root, "solver"),
                                           "optimal")));
    ck_assert_double_eq(num(root, "solver.draws"), 16);
    ck_assert_double_eq(num(root, "solver.seed"), 5);
    /* no noise: the screen is the exact score */
    ck_assert_double_eq_tol(num(root, "solver.screen_best"), 49.2, 1e-9);
    ck_assert_double_eq_tol(num(root, "solver.screen_error"), 0, 1e-9);

    c = json_object_get(root, "configurations");
    ck_assert_uint_eq(json_array_size(c), 4);
    for (size_t i = 0; i < 4; i++) {
        char key[32];
        snprintf(key, sizeof key, "%zu.score.mean", i);
        ck_assert_double_eq_tol(num(c, key), want[i], 1e-9);
        snprintf(key, sizeof key, "%zu.score.sd", i);
        ck_assert_double_eq_tol(num(c, key), 0, 1e-9);
        snprintf(key, sizeof key, "%zu.score.p05", i);
        ck_assert_double_eq_tol(num(c, key), want[i], 1e-9);
        snprintf(key, sizeof key, "%zu.screen", i);
        ck_assert_double_eq_tol(num(c, key), want[i], 1e-9);
        /* the one criterion's mean partial value is the score / 100 */
        v = json_object_get(json_array_get(c, i), "values");
        ck_assert_uint_eq(json_object_size(v), 1);
        crit = json_object_iter_key(json_object_iter(v));
        ck_assert_double_eq_tol(json_number_value(json_object_get(v, crit)),
                                want[i] / 100, 1e-11);
        ck_assert(json_is_true(json_object_get(json_array_get(c, i),
                                               "feasible")));
    }
    ck_assert(json_is_true(json_object_get(json_array_get(c, 0), "listed")));
    ck_assert(json_is_false(json_object_get(json_array_get(c, 1), "listed")));
    /* {l0 l1} {l2}: its consortia and lists */
    ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(c, 1),
                                                      "consortia")), 2);
    ck_assert_double_eq(num(c, "1.consortia.0.registered"), 75000);
    ck_assert_double_eq(num(c, "1.consortia.1.registered"), 21000);
    /* one criterion: only the best is not dominated */
    ck_assert_uint_eq(json_array_size(json_object_get(root, "pareto")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(
        json_object_get(root, "pareto"), 0)), "one");
    ck_assert_uint_eq(json_array_size(json_object_get(root, "listed")), 2);

    st = json_object_get(root, "stability");
    ck_assert_str_eq(json_string_value(json_object_get(st, "grouping")),
                     "one");
    ck_assert_double_eq_tol(num(st, "own.0.own_score"), own(96, 80), 1e-9);
    ck_assert_uint_eq(json_array_size(json_object_get(st, "blocking")), 0);
    ck_assert(json_is_true(json_object_get(st, "stable")));
    json_decref(root);
}
END_TEST

/* Three consortia at least: each = {l0} {l1} {l2} is the only grouping,
 * own 47.5, 48.25, 47.05. l0 joining l1 makes {l0 l1}, own 49.75, gain
 * 49.75 - max(47.5, 48.25) = 1.5, and l1 joining l0 the same; l1 joining
 * l2 and l2 joining l1 make {l1 l2}, 49.3 - 48.25 = 1.05; {l0} and {l1}
 * merging gain 1.5, {l1} and {l2} 1.05 ({l0} and {l2} are not
 * neighbours). Alone: every unit is alone already. */
START_TEST(json_blocks_join_and_merge)
{
    const char *p = scenario("s.yaml", 80, "search:\n  consortia: "
                             "{min: 3, max: 3}\n");
    json_t *root = json_run(p, "1", path_of("b.json")), *bl, *b;
    size_t i, n_join = 0, n_merge = 0;
    double join_sum = 0, merge_sum = 0;

    bl = json_object_get(json_object_get(root, "stability"), "blocking");
    ck_assert_uint_eq(json_array_size(bl), 6);
    json_array_foreach(bl, i, b) {
        const char *kind = json_string_value(json_object_get(b, "kind"));
        double g = json_number_value(json_object_get(b, "gain"));
        ck_assert_msg(fabs(g - 1.5) < 1e-9 || fabs(g - 1.05) < 1e-9,
                      "gain %g", g);
        if (!strcmp(kind, "join")) {
            n_join++;
            join_sum += g;
            ck_assert_uint_eq(json_array_size(json_object_get(b,
                                                              "coalition")), 1);
        } else {
            ck_assert_str_eq(kind, "merge");
            n_merge++;
            merge_sum += g;
            ck_assert_uint_eq(json_array_size(json_object_get(b,
                                                              "coalition")), 2);
        }
    }
    ck_assert_uint_eq(n_join, 4);
    ck_assert_uint_eq(n_merge, 2);
    ck_assert_double_eq_tol(join_sum, 2 * 1.5 + 2 * 1.05, 1e-9);
    ck_assert_double_eq_tol(merge_sum, 1.5 + 1.05, 1e-9);
    ck_assert(json_is_false(json_object_get(json_object_get(root,
                                                            "stability"),
                                            "stable")));
    /* `one` breaks the rule and says why */
    b = json_array_get(json_object_get(root, "listed"), 0);
    ck_assert(json_is_false(json_object_get(b, "feasible")));
    ck_assert_ptr_nonnull(json_string_value(json_object_get(b, "why")));
    json_decref(root);

    /* the text says the same */
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p), 0);
    ck_assert_ptr_nonnull(strstr(out, "  blocks, each member +1.50 or more: "
                                      "West joining Middle\n"));
    ck_assert_ptr_nonnull(strstr(out, "  blocks, each member +1.05 or more: "
                                      "East joining Middle\n"));
    /* either part of a merge may be named first */
    ck_assert(strstr(out, "  blocks, each member +1.50 or more: West merging "
                          "with Middle\n") ||
              strstr(out, "  blocks, each member +1.50 or more: Middle "
                          "merging with West\n"));
    ck_assert(strstr(out, "  blocks, each member +1.05 or more: Middle "
                          "merging with East\n") ||
              strstr(out, "  blocks, each member +1.05 or more: East merging "
                          "with Middle\n"));
}
END_TEST

/* Eleven units of 40,000 each, every one a neighbour of every other: 2,047
 * connected coalitions, more than the screen's first cache of 1,024 slots
 * holds. A pair lists 80,000 (fit 0, own 50), a unit alone or a triple
 * misses the target by 40,000 (own 48), so the best grouping is five
 * pairs and one unit alone:
 *     (10 * 40 * 50 + 40 * 48) / 440 = 21920 / 440 = 49.8181...
 * and it is stable (leaving a pair, joining one or merging two pairs
 * scores 48 or, four units, 100 (1000 - 80) / 2000 = 46). */
START_TEST(eleven_units_closed_form)
{
    const char *path = path_of("eleven.yaml");
    FILE *fp = fopen(path, "w");
    json_t *root, *c;
    size_t i;
    json_t *part;

    ck_assert_ptr_nonnull(fp);
    fputs("format: 1\nscenario: {id: s11, name: Eleven}\norganisations:\n"
          "  - {id: la1, kind: local_authority}\nlocalities:\n", fp);
    for (int u = 0; u < 11; u++) {
        fprintf(fp, "  - {id: u%d, local_authority: la1, neighbours: [", u);
        for (int v = 0, first = 1; v < 11; v++)
            if (v != u) {
                fprintf(fp, "%su%d", first ? "" : ", ", v);
                first = 0;
            }
        fputs("]}\n", fp);
    }
    fputs("practices:\n", fp);
    for (int u = 0; u < 11; u++)
        fprintf(fp, "  - {code: P%d, locality: u%d, registered: 40000}\n", u,
                u);
    fputs("options:\n  - id: all\n    consortia:\n      - {id: a, "
          "localities: [u0, u1, u2, u3, u4, u5, u6, u7, u8, u9, u10]}\n"
          "criteria:\n  - {plugin: tp_search, weight: 1, parameters: "
          "{target: 80, noise: 0}}\nanalysis: {draws: 8, seed: 1}\n", fp);
    fclose(fp);
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "json",
                         "--screen-draws", "10", "--top", "2",
                         (char *)path), 0);
    root = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(root);
    ck_assert(json_is_true(json_object_get(json_object_get(root, "solver"),
                                           "optimal")));
    /* the JSON holds 10 significant digits */
    ck_assert_double_eq_tol(num(root, "solver.screen_best"), 21920.0 / 440,
                            1e-7);
    c = json_array_get(json_object_get(root, "configurations"), 0);
    ck_assert_double_eq_tol(num(c, "score.mean"), 21920.0 / 440, 1e-7);
    ck_assert_uint_eq(json_array_size(json_object_get(c, "consortia")), 6);
    json_array_foreach(json_object_get(c, "consortia"), i, part) {
        size_t k = json_array_size(json_object_get(part, "localities"));
        ck_assert(k == 1 || k == 2);
    }
    /* `all`: 440,000, fit -360, own 32 */
    ck_assert_double_eq_tol(num(root, "listed.0.score.mean"), 32, 1e-9);
    ck_assert(json_is_true(json_object_get(json_object_get(root,
                                                           "stability"),
                                           "stable")));
    json_decref(root);
}
END_TEST

START_TEST(listed_federation_is_not_a_grouping)
{
    /* a listed option with a federation is scored and listed, but is not
     * a grouping of whole localities: it keeps no rule, has no screen and
     * no consortia in the JSON, and says why (docs/json-output.md) */
    const char *p = scenario("fed.yaml", 80, NULL);
    char *text = slurp(p, NULL), *cut = strstr(text, "criteria:\n");
    FILE *fp = fopen(p, "w");
    json_t *root, *l, *fed = NULL;
    size_t i;

    ck_assert_ptr_nonnull(cut);
    fprintf(fp, "%.*s  - id: fed\n    consortia:\n"
            "      - {id: w, localities: [l0]}\n"
            "      - {id: e, localities: [l1, l2]}\n    federations:\n"
            "      - {id: f, members: [w, e], risk_pool_share: 0.5}\n%s",
            (int)(cut - text), text, cut);
    fclose(fp);
    free(text);
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "json",
                         (char *)p), 0);
    root = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_array_foreach(json_object_get(root, "listed"), i, l)
        if (!strcmp(json_string_value(json_object_get(l, "id")), "fed"))
            fed = l;
    ck_assert_ptr_nonnull(fed);
    ck_assert(json_is_false(json_object_get(fed, "feasible")));
    ck_assert(json_is_null(json_object_get(fed, "screen")));
    ck_assert_uint_eq(json_array_size(json_object_get(fed, "consortia")), 0);
    ck_assert_str_eq(json_string_value(json_object_get(fed, "why")),
                     "not a grouping of whole localities (or it has a "
                     "federation)");
    json_array_foreach(json_object_get(root, "configurations"), i, l)
        ck_assert_str_ne(json_string_value(json_object_get(l, "id")), "fed");
    json_decref(root);
}
END_TEST

START_TEST(listed_options_say_which_rule_they_break)
{
    /* with l1 and l2 together: `each` splits the pair, and an option
     * putting l0 with l2 (not neighbours) is not connected; each is listed
     * with the first rule it breaks (docs/json-output.md, `why`) and the
     * text says the same */
    const char *p = scenario("why.yaml", 80, "search:\n  together: "
                             "[[l1, l2]]\n");
    char *text = slurp(p, NULL), *cut = strstr(text, "criteria:\n");
    FILE *fp = fopen(p, "w");
    json_t *root, *l;
    size_t i, seen = 0;

    fprintf(fp, "%.*s  - id: gap\n    consortia:\n"
            "      - {id: a, localities: [l0, l2]}\n"
            "      - {id: b, localities: [l1]}\n%s",
            (int)(cut - text), text, cut);
    fclose(fp);
    free(text);
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "json",
                         (char *)p), 0);
    root = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_array_foreach(json_object_get(root, "listed"), i, l) {
        const char *id = json_string_value(json_object_get(l, "id"));
        const char *why = json_string_value(json_object_get(l, "why"));
        if (!strcmp(id, "each")) {
            ck_assert_str_eq(why, "a 'together' pair or a local authority "
                             "is split");
            seen++;
        } else if (!strcmp(id, "gap")) {
            ck_assert_str_eq(why, "consortium 1 is not connected in the "
                             "neighbour graph");
            seen++;
        } else {
            ck_assert_str_eq(id, "one");
            ck_assert(json_is_true(json_object_get(l, "feasible")));
        }
    }
    ck_assert_uint_eq(seen, 2);
    json_decref(root);
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p), 0);
    ck_assert_ptr_nonnull(strstr(out, "  consortium 1 is not connected in "
                                      "the neighbour graph"));
}
END_TEST

START_TEST(same_bytes_any_threads_and_stdout)
{
    const char *p = scenario("s.yaml", 80, "search:\n  population: "
                             "{max: 80000}\n");
    char *one, *two;
    json_t *r;

    r = json_run(p, "1", path_of("t1.json"));
    json_decref(r);
    r = json_run(p, "2", path_of("t2.json"));
    json_decref(r);
    one = slurp(path_of("t1.json"), NULL);
    two = slurp(path_of("t2.json"), NULL);
    ck_assert_str_eq(one, two);
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "json",
                         (char *)p), 0);
    ck_assert_str_eq(out, one);
    /* the band is in the document */
    ck_assert_ptr_nonnull(strstr(one, "\"population_max\": 80000"));
    free(one);
    free(two);
}
END_TEST


static Suite *suite(void)
{
    Suite *s = suite_create("search_json");
    TCase *t = tcase_create("search_json");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, json_fields_by_the_closed_form);
    tcase_add_test(t, json_blocks_join_and_merge);
    tcase_add_test(t, eleven_units_closed_form);
    tcase_add_test(t, listed_federation_is_not_a_grouping);
    tcase_add_test(t, listed_options_say_which_rule_they_break);
    tcase_add_test(t, same_bytes_any_threads_and_stdout);
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
