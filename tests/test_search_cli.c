/* test_search_cli.c -- `consortia search` end to end (docs/search.md,
 * docs/json-output.md "consortia search -f json"): its usage errors and
 * refusals with their exit codes, the text, JSON, HTML and option YAML it
 * writes, and the same bytes at any thread count.
 *
 * The scenario has three units in a path l0 - l1 - l2 with lists of
 * 30,000, 45,000 and 21,000 and the test plugin tp_search without noise:
 * a consortium S of list L (thousands) has fit -|L - target|, valued
 * linearly from -1000 (0) to 1000 (1), so its own score is
 *
 *     own(S) = 100 * (1000 - |L - target|) / 2000
 *
 * and a grouping's score is the list-weighted mean of its consortia's own
 * scores (docs/search.md, "The objective": the headline is the list-
 * weighted mean, the value function linear). For target 80 (thousand):
 *
 *     {l0 l1 l2}  96 -> fit -16 -> own 49.2
 *     {l0 l1}     75 -> fit  -5 -> own 49.75
 *     {l1 l2}     66 -> fit -14 -> own 49.3
 *     {l0}        30 -> fit -50 -> own 47.5
 *     {l1}        45 -> fit -35 -> own 48.25
 *     {l2}        21 -> fit -59 -> own 47.05
 *
 * The connected groupings ({l0 l2} is not connected) score
 *
 *     one = {l0 l1 l2}        49.2
 *     {l0 l1} {l2}            (75 * 49.75 + 21 * 47.05) / 96 = 49.159375
 *     {l0} {l1 l2}            (30 * 47.5 + 66 * 49.3) / 96   = 48.7375
 *     each = {l0} {l1} {l2}   (30 * 47.5 + 45 * 48.25 + 21 * 47.05) / 96
 *                                                            = 47.753125
 *
 * and each criterion's mean partial value is the score / 100.
 */
#include <errno.h>
#include <sysexits.h>
#include <unistd.h>

#include "search_cli.h"

/* ---- usage errors: exit 64, the message, then the usage --------------- */

typedef struct usage_case {
    char *args[4];
    const char *message;
} usage_case;

START_TEST(usage_errors)
{
    static const usage_case cases[] = {
        {{NULL}, "search needs a scenario FILE"},
        {{"-f", "xml", "s.yaml"}, "unknown format 'xml'; use text, json or "
                                  "html"},
        {{"--top", "0", "s.yaml"}, "--top needs a whole number from 1 to "
                                   "100, not '0'"},
        {{"--top", "101", "s.yaml"}, "--top needs a whole number from 1 to "
                                     "100, not '101'"},
        {{"--threads", "257", "s.yaml"}, "--threads needs a whole number "
                                         "from 1 to 256, not '257'"},
        {{"--screen-draws", "9", "s.yaml"}, "--screen-draws needs a whole "
                                  "number from 10 to 10000000, not '9'"},
        {{"--draws", "x", "s.yaml"}, "--draws needs a whole number from 1 "
                                     "to 10000000, not 'x'"},
        {{"--seed", "-1", "s.yaml"}, "--seed needs a whole number from 0 to "
                                     "18446744073709551615, not '-1'"},
        {{"--time-limit", "0", "s.yaml"}, "--time-limit needs seconds above "
                                          "0 and at most 86400, not '0'"},
        {{"--time-limit", "86401", "s.yaml"}, "--time-limit needs seconds "
                                    "above 0 and at most 86400, not '86401'"},
        {{"--time-limit", "5s", "s.yaml"}, "--time-limit needs seconds above "
                                           "0 and at most 86400, not '5s'"},
        {{"a.yaml", "b.yaml"}, "unexpected argument 'b.yaml'"},
        {{"--bogus", "a.yaml"}, "unknown option '--bogus'"},
        {{"a.yaml", "-o"}, "option '-o' needs a value"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *argv[8] = {BIN, "search"}, want[256];
        for (int k = 0; k < 4 && cases[i].args[k]; k++)
            argv[2 + k] = cases[i].args[k];
        ck_assert_int_eq(run(argv), EX_USAGE);
        snprintf(want, sizeof want, "consortia: error: %s\nusage: consortia "
                 "search SCENARIO", cases[i].message);
        ck_assert_msg(!strncmp(err, want, strlen(want)), "case %zu: '%s'", i,
                      err);
        ck_assert_str_eq(out, "");
    }
}
END_TEST

START_TEST(plugin_path_bound)
{
    /* at most 16 --plugin-path options (the fixed table's size) */
    char *argv[40] = {BIN, "search"};
    int n = 2;

    for (int k = 0; k < 17; k++) {
        argv[n++] = "--plugin-path";
        argv[n++] = tmpdir;
    }
    argv[n++] = "a.yaml";
    ck_assert_int_eq(run(argv), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: at most 16 "
                                      "--plugin-path options\n"));
}
END_TEST

START_TEST(refusals)
{
    const char *p;

    /* a file that cannot be read: 66 */
    p = path_of("missing.yaml");
    ck_assert_int_eq(RUN((char *)p), EX_NOINPUT);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: cannot read '"));
    ck_assert_ptr_nonnull(strstr(err, "missing.yaml'\n"));

    /* a scenario without criteria: 65, at the file */
    p = scenario("nocrit.yaml", 80, NULL);
    {
        char *text = slurp(p, NULL), *cut = strstr(text, "criteria:\n");
        FILE *fp = fopen(p, "w");
        ck_assert_ptr_nonnull(cut);
        *cut = '\0';
        fprintf(fp, "%sanalysis: {draws: 16, seed: 5}\n", text);
        fclose(fp);
        free(text);
    }
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, (char *)p), EX_DATAERR);
    {
        char want[512];
        snprintf(want, sizeof want, "%s: error: the scenario has no criteria;"
                 " add at least one under 'criteria:'", p);
        ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
    }

    /* a bad search block: 65 with the loader's position */
    p = scenario("bad.yaml", 80, "search:\n  top: 0\n");
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, (char *)p), EX_DATAERR);
    {
        char want[512];
        snprintf(want, sizeof want, "%s:26:8: error: ", p);
        ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
    }

    /* 65 localities: more than a search groups (a coalition is a 64-bit
     * set), refused with the count and what to do */
    p = path_of("many.yaml");
    {
        FILE *fp = fopen(p, "w");
        fputs("format: 1\nscenario: {id: many, name: Many}\nlocalities:\n",
              fp);
        for (int u = 0; u < 65; u++)
            fprintf(fp, "  - {id: u%d}\n", u);
        fputs("practices:\n", fp);
        for (int u = 0; u < 65; u++)
            fprintf(fp, "  - {code: P%d, locality: u%d, registered: 1000}\n",
                    u, u);
        fputs("options:\n  - id: each\n    consortia:\n", fp);
        for (int u = 0; u < 65; u++)
            fprintf(fp, "      - {id: c%d, localities: [u%d]}\n", u, u);
        fputs("criteria:\n  - {plugin: tp_search, weight: 1, parameters: "
              "{target: 80, noise: 0}}\nanalysis: {draws: 4, seed: 1}\n",
              fp);
        fclose(fp);
    }
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p),
                     EX_DATAERR);
    ck_assert_msg(strstr(err, "error: a search groups 1 to 64 localities and "
                         "the scenario has 65; make fewer, larger "
                         "localities") != NULL, "got '%s'", err);

    /* a criterion's plugin that is not found: 65, nothing on stdout */
    p = scenario("noplug.yaml", 80, NULL);
    ck_assert_int_eq(RUN("--plugin-path", tmpdir, "--quiet", (char *)p),
                     EX_DATAERR);
    ck_assert_ptr_nonnull(strstr(err, "tp_search"));
    ck_assert_str_eq(out, "");
}
END_TEST

/* The ranked lines "  N. ID  MEAN  [P05 to P95]" of the text, in order. */
static size_t ranked(const char *text, char ids[][32], double *mean,
                     size_t max)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, "\n")) && n < max; p++) {
        unsigned rank;
        double lo, hi;
        if (sscanf(p + 1, "%u. %31s %lf [%lf to %lf]", &rank, ids[n],
                   &mean[n], &lo, &hi) == 5) {
            ck_assert_uint_eq(rank, n + 1);
            /* no noise: the 90% interval is the mean itself */
            ck_assert_double_eq_tol(lo, mean[n], 0.006);
            ck_assert_double_eq_tol(hi, mean[n], 0.006);
            n++;
        }
    }
    return n;
}

START_TEST(text_ranks_by_the_closed_form)
{
    const char *p = scenario("s.yaml", 80, NULL);
    char ids[8][32];
    double mean[8];
    const double want[4] = {49.2, 49.159375, 48.7375, 47.753125};

    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, (char *)p), 0);
    ck_assert_ptr_nonnull(strstr(out, "Search: Three units\n"));
    ck_assert_ptr_nonnull(strstr(out, "Units: 3 localities; registered list "
        "per consortium 0 to any; 1 to 3 consortia; 0 together, 0 apart "
        "pairs; coterminous no\n"));
    ck_assert_ptr_nonnull(strstr(out, "The solver proved the best screen "
                                      "optimal (49.20).\n"));
    ck_assert_uint_eq(ranked(out, ids, mean, 8), 4);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(fabs(mean[i] - want[i]) < 0.0051, "rank %d: %g, "
                      "closed form %g", i + 1, mean[i], want[i]);
    ck_assert_str_eq(ids[0], "one");
    ck_assert_str_eq(ids[3], "each");
    ck_assert_int_eq(strncmp(ids[1], "search-", 7), 0);
    ck_assert_int_eq(strncmp(ids[2], "search-", 7), 0);
    /* consortia by locality name, with their lists */
    ck_assert_ptr_nonnull(strstr(out, "       - West + Middle (75000 "
                                      "registered)\n"));
    ck_assert_ptr_nonnull(strstr(out, "       - Middle + East (66000 "
                                      "registered)\n"));
    ck_assert_ptr_nonnull(strstr(out, "       - West + Middle + East (96000 "
                                      "registered)\n"));
    /* the listed options keep the rules (there are none) */
    ck_assert_ptr_nonnull(strstr(out, "\nListed options (the scenario's "
                                      "own):\n  one "));
    ck_assert_ptr_nonnull(strstr(out, "keeps the rules"));
    /* one is best; alone each unit scores less than 49.2: stable */
    ck_assert_ptr_nonnull(strstr(out, "\nStability of one (each consortium's"
                                      " own score):\n   49.20  West + Middle "
                                      "+ East\n  No unit or consortium would "
                                      "score higher leaving, standing alone "
                                      "or joining a neighbour: stable.\n"));
    /* the counts go to standard error, and not with --quiet */
    ck_assert_ptr_nonnull(strstr(err, "consortia: search: "));
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p), 0);
    ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(text_blocks_alone)
{
    /* target 30 and one consortium at most: only {l0 l1 l2} keeps the
     * rules, own 100 (1000 - 66) / 2000 = 46.7; alone l0 scores 50,
     * l1 49.25, l2 49.55: three "alone" blocks. `each` breaks the rule. */
    const char *p = scenario("s.yaml", 30, "search:\n  consortia: "
                             "{min: 1, max: 1}\n");

    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p), 0);
    ck_assert_ptr_nonnull(strstr(out, "; 1 to 1 consortia;"));
    ck_assert_ptr_nonnull(strstr(out, "  blocks, each member +3.30 or more: "
                                      "West leaving West + Middle + East to "
                                      "stand alone\n"));
    ck_assert_ptr_nonnull(strstr(out, "  blocks, each member +2.55 or more: "
                                      "Middle leaving West + Middle + East "
                                      "to stand alone\n"));
    ck_assert_ptr_nonnull(strstr(out, "  blocks, each member +2.85 or more: "
                                      "East leaving West + Middle + East to "
                                      "stand alone\n"));
    ck_assert_ptr_null(strstr(out, "stable."));
    /* `each` breaks the count, says so, and scores
     * (30 * 50 + 45 * 49.25 + 21 * 49.55) / 96 = 49.55 */
    ck_assert_ptr_nonnull(strstr(out, "\n  each                  49.55  3 "
                                      "consortia, outside 1 to 1"));
}
END_TEST

START_TEST(no_feasible_grouping_is_refused)
{
    /* every consortium must list 200,000: the whole area lists 96,000, so
     * no grouping keeps the rules; the search says so at its block and
     * exits 65, writing nothing */
    const char *p = scenario("s.yaml", 80, "search:\n  population: "
                             "{min: 200000}\n");
    char want[512];

    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", (char *)p),
                     EX_DATAERR);
    snprintf(want, sizeof want, "%s:26:3: error: the search failed: no "
             "grouping of the 3 units satisfies the constraints", p);
    ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
    ck_assert_ptr_nonnull(strstr(err, "relax them"));
    ck_assert_str_eq(out, "");
}
END_TEST

/* ---- option YAML and HTML --------------------------------------------- */

START_TEST(emit_options_and_html)
{
    const char *p = scenario("s.yaml", 80, NULL), *e = path_of("finds.yaml");
    const char *h = path_of("finds.html");
    char *text;

    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-f", "html",
                         "-o", (char *)h, "--emit-options", (char *)e,
                         (char *)p), 0);
    text = slurp(e, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "  # Found by `consortia search` on "
                                       "scenario 's3' (seed 5, 16 draws): "
                                       "paste under 'options:'.\n"));
    /* the two finds that are not listed, with their scores, and not the
     * listed ones */
    ck_assert_ptr_nonnull(strstr(text, "consortia (mean score 49.16)\"\n"
        "    consortia:\n      - {id: c1, localities: [l0, l1]}\n"
        "      - {id: c2, localities: [l2]}\n"));
    ck_assert_ptr_nonnull(strstr(text, "consortia (mean score 48.74)\"\n"
        "    consortia:\n      - {id: c1, localities: [l0]}\n"
        "      - {id: c2, localities: [l1, l2]}\n"));
    ck_assert_ptr_null(strstr(text, "[l0, l1, l2]"));
    free(text);
    text = slurp(h, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "<h2>Groupings you did not list</h2>"));
    ck_assert_ptr_nonnull(strstr(text, "</html>"));
    free(text);
}
END_TEST

START_TEST(outputs_that_fail)
{
    const char *p = scenario("s.yaml", 80, NULL);
    char want[512];

    /* -o into a directory that does not exist: 73, said with the path */
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-o",
                         (char *)path_of("no/such/out.txt"), (char *)p),
                     EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "consortia: error: "));
    ck_assert_ptr_nonnull(strstr(err, "no/such/out.txt"));
    ck_assert_int_ne(access(path_of("no"), F_OK), 0);
    /* --emit-options likewise, after the main output was written */
    ck_assert_int_eq(RUN("--plugin-path", TP_DIR, "--quiet", "-o",
                         (char *)path_of("ok.txt"), "--emit-options",
                         (char *)path_of("no/finds.yaml"), (char *)p),
                     EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "no/finds.yaml"));
    /* a full device: the write fails with the system's reason */
    {   /* 73, or 74 when the writer sees it (tests/test_fileio.c) */
        int rc = RUN("--plugin-path", TP_DIR, "--quiet", "-o", "/dev/full",
                     (char *)p);
        ck_assert_msg(rc == EX_CANTCREAT || rc == EX_IOERR, "exit %d", rc);
    }
    snprintf(want, sizeof want, "%s", strerror(ENOSPC));
    ck_assert_msg(strstr(err, want) != NULL, "got '%s'", err);
}
END_TEST


static Suite *suite(void)
{
    Suite *s = suite_create("search_cli");
    TCase *t = tcase_create("search_cli");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 60);
    tcase_add_test(t, usage_errors);
    tcase_add_test(t, plugin_path_bound);
    tcase_add_test(t, refusals);
    tcase_add_test(t, text_ranks_by_the_closed_form);
    tcase_add_test(t, text_blocks_alone);
    tcase_add_test(t, no_feasible_grouping_is_refused);
    tcase_add_test(t, emit_options_and_html);
    tcase_add_test(t, outputs_that_fail);
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
