/* test_sweep.c -- a sweep's settings (the grid's values and order, the
 * Latin hypercube's stratification), the shards' item lists, partial
 * results (round trip, checksum), and the tidy table against the
 * appraisal's own JSON report of the same scenario. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "sweep.h"
#include "runcmd.h"
#include "decision/score.h"
#include "session.h"

static char err[512];

START_TEST(lhs_is_stratified)
{
    /* Each of the n equal strata of every parameter's range holds exactly
     * one point: that is what makes it a Latin hypercube. */
    cs_design d = {0};
    size_t n = 97;

    ck_assert_int_eq(cs_design_add_range(&d, "a=0:1", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_add_range(&d, "b=-5:15", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_add_range(&d, "c=1e3:2e3", err, sizeof err), 0);
    d.lhs_points = n;
    d.design_seed = 42;
    ck_assert_int_eq(cs_design_build(&d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_settings, n);
    for (size_t j = 0; j < 3; j++) {
        int seen[97] = {0};
        double lo = d.params[j].lo, hi = d.params[j].hi;
        for (size_t i = 0; i < n; i++) {
            double x = d.settings[i * 3 + j];
            ck_assert(x >= lo && x < hi);
            seen[(size_t)floor((x - lo) / (hi - lo) * (double)n)]++;
        }
        for (size_t s = 0; s < n; s++)
            ck_assert_int_eq(seen[s], 1);
    }
    cs_design_free(&d);
}
END_TEST

static double *lhs_points(uint64_t seed, size_t n)
{
    cs_design d = {0};
    double *copy = malloc(2 * n * sizeof *copy);

    cs_design_add_range(&d, "a=0:1", err, sizeof err);
    cs_design_add_range(&d, "b=0:1", err, sizeof err);
    d.lhs_points = n;
    d.design_seed = seed;
    ck_assert_int_eq(cs_design_build(&d, err, sizeof err), 0);
    memcpy(copy, d.settings, 2 * n * sizeof *copy);
    cs_design_free(&d);
    return copy;
}

START_TEST(lhs_is_deterministic_by_seed)
{
    double *a = lhs_points(7, 20), *b = lhs_points(7, 20),
           *c = lhs_points(8, 20);

    ck_assert(memcmp(a, b, 40 * sizeof *a) == 0);
    ck_assert(memcmp(a, c, 40 * sizeof *a) != 0);
    free(a), free(b), free(c);
}
END_TEST

START_TEST(grid_values_and_order)
{
    /* a = 0, 0.5, 1 (three evenly spaced from 0 to 1); b = 10, 20; the
     * first parameter varies slowest. */
    static const double want[6][2] = {
        {0, 10}, {0, 20}, {0.5, 10}, {0.5, 20}, {1, 10}, {1, 20}};
    cs_design d = {0};

    ck_assert_int_eq(cs_design_add_grid(&d, "a=0:1:3", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_add_grid(&d, "b=10,20", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_build(&d, err, sizeof err), 0);
    ck_assert_uint_eq(d.n_settings, 6);
    for (size_t s = 0; s < 6; s++)
        for (size_t j = 0; j < 2; j++)
            ck_assert(d.settings[s * 2 + j] == want[s][j]);
    cs_design_free(&d);
}
END_TEST

START_TEST(bad_specs_are_refused)
{
    static const char *const bad_grid[] = {
        "a", "=1:2:3", "a=", "a=2:1:3", "a=1:2:1", "a=1:2:2.5", "a=1:x:3",
        "a=1,,2", "a=1:2:3:4"};
    cs_design d = {0};

    for (size_t i = 0; i < sizeof bad_grid / sizeof *bad_grid; i++)
        ck_assert_msg(cs_design_add_grid(&d, bad_grid[i], err, sizeof err)
                      == -1, "%s accepted", bad_grid[i]);
    ck_assert_int_eq(cs_design_add_range(&d, "a=2:1", err, sizeof err), -1);
    ck_assert_int_eq(cs_design_add_grid(&d, "a=1:2:3", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_add_grid(&d, "a=1,2", err, sizeof err), -1);
    ck_assert(strstr(err, "twice"));
    ck_assert_int_eq(cs_design_add_range(&d, "b=1:2", err, sizeof err), -1);
    ck_assert(strstr(err, "do not mix"));
    cs_design_free(&d);
    ck_assert_int_eq(cs_design_add_range(&d, "b=1:2", err, sizeof err), 0);
    ck_assert_int_eq(cs_design_build(&d, err, sizeof err), -1); /* no --lhs */
    cs_design_free(&d);
}
END_TEST

START_TEST(tasks_partition_the_items)
{
    size_t total = 10, count[10] = {0};

    for (unsigned t = 1; t <= 3; t++) {
        size_t n, *it = cs_task_items(total, t, 3, &n);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(it[i] % 3, t - 1);
            ck_assert(i == 0 || it[i] > it[i - 1]);
            count[it[i]]++;
        }
        free(it);
    }
    for (size_t i = 0; i < total; i++)
        ck_assert_uint_eq(count[i], 1);
}
END_TEST

static char *write_sample(json_t **plan, json_t **recs)
{
    static char path[64];
    int fd;

    strcpy(path, "/tmp/test_sweep_XXXXXX");
    fd = mkstemp(path);
    FILE *fp;
    size_t items[2] = {1, 4};

    ck_assert(fd >= 0 && (fp = fdopen(fd, "w")));
    *plan = json_pack("{s:s,s:f,s:i}", "command", "sweep", "x", 0.1, "items",
                      6);
    *recs = json_pack("[{s:i,s:f},{s:i,s:f}]", "item", 1, "v", 1.0 / 3.0,
                      "item", 4, "v", 2e-300);
    ck_assert_int_eq(cs_partial_write(fp, "sweep", *plan, 2, 3, items, 2,
                                      *recs), 0);
    fclose(fp);
    return path;
}

START_TEST(partial_round_trip_and_checksum)
{
    json_t *plan, *recs, *h, *r;
    char *path = write_sample(&plan, &recs), *text;
    size_t len;
    FILE *fp;

    ck_assert_int_eq(cs_partial_read(path, &h, &r, err, sizeof err), 0);
    ck_assert(json_equal(json_object_get(h, "plan"), plan));
    ck_assert(json_equal(r, recs));     /* doubles survive exactly */
    ck_assert_int_eq(json_integer_value(json_object_get(h, "task")), 2);
    json_decref(h);
    json_decref(r);
    /* one changed digit: the checksum no longer matches */
    text = slurp(path, &len);
    *strstr(text, "\"item\":4") = '\0';
    fp = fopen(path, "w");
    fprintf(fp, "%s\"item\":5%s", text, text + strlen(text) + 8);
    fclose(fp);
    ck_assert_int_eq(cs_partial_read(path, &h, &r, err, sizeof err), -1);
    ck_assert(strstr(err, "not a complete partial"));
    /* cut short before its trailer */
    free(text);
    unlink(path);
    json_decref(recs);
    json_decref(plan);
    path = write_sample(&plan, &recs);
    text = slurp(path, &len);
    fp = fopen(path, "w");
    fwrite(text, 1, (size_t)(strstr(text, "{\"end\"") - text), fp);
    fclose(fp);
    ck_assert_int_eq(cs_partial_read(path, &h, &r, err, sizeof err), -1);
    free(text);
    json_decref(recs);
    json_decref(plan);
    unlink(path);
}
END_TEST

/* The CSV field `col` of a row (no quoted commas in these rows). */
static const char *field(char *row, int col, char *buf)
{
    const char *p = row;

    for (int c = 0; c < col; c++)
        p = strchr(p, ',') + 1;
    size_t n = strcspn(p, ",\n");
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

START_TEST(tidy_table_matches_the_appraisal)
{
    /* One scenario, nothing swept: each row must carry what `consortia
     * appraise --format json` reports for the same option (its writer is
     * another path through the code): score mean, rank, P(best) and each
     * criterion's headline mean. The CSV prints 10 significant digits. */
    char scen[] = CS_TEST_SRCDIR "/scenarios/example.yaml";
    char exe[] = CS_TEST_BUILDDIR "/consortia";
    char *ap[] = {exe, "appraise", scen, "--draws", "300", "-q", "--format",
                  "json", NULL};
    char *sw[] = {exe, "sweep", scen, "--draws", "300", "-q", NULL};
    char *aj, *csv, *line, buf[256];
    json_t *root;
    size_t o;
    const json_t *opt;

    ck_assert_int_eq(runcmd(ap, &aj, NULL), 0);
    ck_assert_int_eq(runcmd(sw, &csv, NULL), 0);
    ck_assert(root = json_loads(aj, 0, NULL));
    ck_assert(strncmp(csv, "item,scenario,setting,status,option,score,"
                      "score_p05,score_p95,rank,p_best,risk.", 56) == 0);
    line = strchr(csv, '\n') + 1;
    json_array_foreach(json_object_get(root, "options"), o, opt) {
        const json_t *sc = json_object_get(opt, "score");
        ck_assert_str_eq(field(line, 4, buf),
                         json_string_value(json_object_get(opt, "id")));
        double s = atof(field(line, 5, buf));
        double m = json_number_value(json_object_get(sc, "mean"));
        ck_assert_msg(fabs(s - m) <= 1e-9 * fabs(m), "%g vs %g", s, m);
        ck_assert_int_eq(atoi(field(line, 8, buf)),
                         json_integer_value(json_object_get(opt, "rank")));
        double pb = json_number_value(json_object_get(opt, "p_best"));
        ck_assert(fabs(atof(field(line, 9, buf)) - pb) <= 1e-9);
        const json_t *risk = json_object_get(json_object_get(opt, "criteria"),
                                             "risk");
        double h = json_number_value(json_object_get(
            json_object_get(risk, "headline"), "mean"));
        ck_assert(fabs(atof(field(line, 10, buf)) - h) <= 1e-9 * fabs(h) +
                  1e-12);
        line = strchr(line, '\n') + 1;
    }
    ck_assert(*line == '\0');   /* one row per option, no more */
    json_decref(root);
    free(aj);
    free(csv);
}
END_TEST

START_TEST(voi_reads_the_appraisals_draws)
{
    /* The appraisal's value of information takes each uncertain
     * parameter's sampled values and every option's per-draw score: its
     * figures must be those of the mathematics (core/mcda/voi.c, checked
     * against the closed form in test_voi.c) applied to the arrays read
     * here by hand, and its baseline the option ranked first. */
    cs_design none = {0};
    cs_appraise_opts o = {.draws = 2000, .quiet = 1, .threads = 1};
    cs_model *m;
    cs_plugin **pl;
    cs_appraisal *a;
    cs_diag diag = {0};
    cs_voi_table t;
    cs_voi_est e;
    int pf = 0, found = 0;

    ck_assert_int_eq(cs_sweep_load(CS_TEST_SRCDIR "/scenarios/example.yaml",
                                   &none, NULL, 0, &m, &pl), 0);
    ck_assert(a = cs_appraise(m, pl, &o, &diag, &pf));
    ck_assert_int_eq(cs_score_options(a, &diag), 0);
    ck_assert_int_eq(cs_voi_compute(a, &t), 0);
    ck_assert_int_eq(a->option_scores[t.baseline].rank, 1);
    ck_assert_int_eq(cs_evpi(a->scores, m->n_options, a->n_draws, &e), 0);
    ck_assert(t.evpi_ok && e.value == t.evpi.value &&
              e.p_change == t.evpi.p_change);
    for (size_t c = 0; c < a->n_crits; c++) {
        const cs_param_slot *sl = cs_params_get(&a->crits[c].params,
                                                "allowance_per_head");
        if (!sl || !sl->draws)
            continue;
        ck_assert_int_eq(cs_evppi(a->scores, m->n_options, a->n_draws,
                                  sl->draws, 1, &e), 0);
        for (size_t r = 0; r < t.n_rows; r++)
            if (!strcmp(t.rows[r].name, "allowance_per_head")) {
                ck_assert(!t.rows[r].group && t.rows[r].ok);
                ck_assert(t.rows[r].est.value == e.value);
                found = 1;
            }
    }
    ck_assert(found);
    cs_voi_table_free(&t);
    {
        /* a declared group: the two parameters' draws side by side */
        const char *g[] = {"allowance_per_head,list_share"}, *bad[] = {"x"};
        double *x = malloc(2 * a->n_draws * sizeof *x);
        for (size_t c = 0; c < a->n_crits; c++)
            for (size_t j = 0; j < 2; j++) {
                const cs_param_slot *sl = cs_params_get(
                    &a->crits[c].params, j ? "list_share"
                                           : "allowance_per_head");
                if (sl && sl->draws)
                    memcpy(x + j * a->n_draws, sl->draws,
                           a->n_draws * sizeof *x);
            }
        ck_assert_int_eq(cs_evppi(a->scores, m->n_options, a->n_draws, x,
                                  2, &e), 0);
        ck_assert_int_eq(cs_voi_compute_groups(a, g, 1, &t, err,
                                               sizeof err), 0);
        found = 0;
        for (size_t r = 0; r < t.n_rows; r++)
            if (t.rows[r].group == 2) {
                ck_assert_str_eq(t.rows[r].name, g[0]);
                ck_assert(t.rows[r].est.value == e.value);
                found++;
            }
        ck_assert_int_eq(found, 1);
        cs_voi_table_free(&t);
        ck_assert_int_eq(cs_voi_compute_groups(a, bad, 1, &t, err,
                                               sizeof err), -2);
        ck_assert(strstr(err, "'x' is not an uncertain parameter"));
        free(x);
    }
    cs_diag_clear(&diag);
    cs_appraisal_free(a);
    cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
}
END_TEST

/* A synthetic record: option X first when `x_wins`, else Y. */
static json_t *record(int item, int setting, int x_wins)
{
    return json_pack("{s:i,s:s,s:i,s:s,s:[],s:[{s:s,s:i},{s:s,s:i}]}",
                     "item", item, "scenario", "s", "setting", setting,
                     "status", "ok", "criteria", "options", "id", "X",
                     "rank", x_wins ? 1 : 2, "id", "Y", "rank",
                     x_wins ? 2 : 1);
}

START_TEST(summary_finds_what_moves_the_answer)
{
    /* A 5 x 2 grid, a = 0..4 (slowest), b = 0, 1; X ranks first when
     * a < 2.5 whatever b. By hand: X first in 6 of 10 items; along a the
     * winner changes in both lines (b = 0, b = 1), one threshold at 2.5
     * predicts every item (accuracy 1 against 0.6 for always X); along b
     * it changes in none of the 5 lines and no threshold beats 0.6. */
    json_t *set = json_array(), *items = json_array(), *plan, *s, *pa, *pb;

    for (int i = 0; i < 10; i++) {
        json_array_append_new(set, json_pack("[f,f]", (double)(i / 2),
                                             (double)(i % 2)));
        json_array_append_new(items, record(i, i, i / 2 < 2.5));
    }
    plan = json_pack("{s:{s:s,s:[{s:s,s:i},{s:s,s:i}],s:o}}", "design",
                     "kind", "grid", "parameters", "name", "a", "values", 5,
                     "name", "b", "values", 2, "settings", set);
    s = cs_sweep_summary(plan, items);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
        json_object_get(s, "ranked_first"), "X"), "items")), 6);
    pa = json_array_get(json_object_get(s, "parameters"), 0);
    pb = json_array_get(json_object_get(s, "parameters"), 1);
    ck_assert(json_real_value(json_object_get(json_object_get(pa, "split"),
                                              "accuracy")) == 1.0);
    ck_assert(json_real_value(json_object_get(json_object_get(pa, "split"),
                                              "baseline")) == 0.6);
    ck_assert(json_real_value(json_object_get(json_object_get(pa, "split"),
                                              "threshold")) == 2.5);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(pa,
                     "split"), "below")), "X");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(pa,
                     "split"), "above")), "Y");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pa,
                     "flips"), "lines")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pa,
                     "flips"), "lines_changed")), 2);
    ck_assert(json_real_value(json_object_get(json_object_get(pb, "split"),
                                              "accuracy")) == 0.6);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pb,
                     "flips"), "lines")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(pb,
                     "flips"), "lines_changed")), 0);
    json_decref(s);
    json_decref(plan);
    json_decref(items);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    gsl_set_error_handler_off();
    tcase_add_test(tc, lhs_is_stratified);
    tcase_add_test(tc, lhs_is_deterministic_by_seed);
    tcase_add_test(tc, grid_values_and_order);
    tcase_add_test(tc, bad_specs_are_refused);
    tcase_add_test(tc, tasks_partition_the_items);
    tcase_add_test(tc, partial_round_trip_and_checksum);
    tcase_add_test(tc, tidy_table_matches_the_appraisal);
    tcase_add_test(tc, voi_reads_the_appraisals_draws);
    tcase_add_test(tc, summary_finds_what_moves_the_answer);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
