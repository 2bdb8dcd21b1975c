/* test_cov_oom_search.c -- every allocation of `consortia search` fails,
 * one at a time (tests/oom_harness.h wraps the allocator at link time).
 *
 * The scenario is the three-unit one of the search suites
 * (tests/search_cli.h): the search builds the units, screens every
 * coalition, solves, re-scores the finalists and the listed options on the
 * full appraisal, finds the Pareto front and the blocking coalitions, and
 * writes the text (with the option YAML) or the JSON. A first run with
 * nothing failing counts the allocations; then allocation k fails, for
 * every k (OOM_STEP=n tries every n-th instead; a run takes about a millisecond), and each time, by the contract of
 * docs/architecture.md and docs/search.md:
 *   - the command fails with a sysexits status (not 0, not a signal) and
 *     says "out of memory" (or strerror(ENOMEM)) on standard error, or it
 *     succeeds and writes exactly the good run's files (an allocation
 *     whose failure has a fallback, such as a thread that does not start);
 *   - every block the core allocated is freed again;
 *   - the output file keeps its old contents when the run fails (it is
 *     written whole or not at all), and no temporary file is left. */
#include <dirent.h>
#include <sysexits.h>
#include <gsl/gsl_errno.h>

#include "oom_harness.h"
#include "cli/search_out.h"

#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"

static char tmpdir[64];

static const char *in(const char *name)
{
    static char path[8][160];
    static int k;

    k = (k + 1) % 8;
    snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
    return path[k];
}

/* The three-unit scenario of tests/search_cli.h with tp_search's target
 * at 80 thousand (the closed form is in test_search_cli.c's header). */
static void write_scenario(const char *path, const char *options,
                           const char *search)
{
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fprintf(fp,
        "format: 1\nscenario: {id: s3, name: \"Three units\"}\n"
        "organisations:\n  - {id: la1, kind: local_authority}\n"
        "localities:\n"
        "  - {id: l0, name: West, local_authority: la1, neighbours: [l1]}\n"
        "  - {id: l1, name: Middle, local_authority: la1, "
        "neighbours: [l0, l2]}\n"
        "  - {id: l2, name: East, local_authority: la1, neighbours: [l1]}\n"
        "practices:\n"
        "  - {code: P0, locality: l0, registered: 30000}\n"
        "  - {code: P1, locality: l1, registered: 45000}\n"
        "  - {code: P2, locality: l2, registered: 21000}\n"
        "options:\n"
        "  - id: one\n    consortia:\n"
        "      - {id: all, localities: [l0, l1, l2]}\n"
        "  - id: each\n    consortia:\n"
        "      - {id: c0, localities: [l0]}\n"
        "      - {id: c1, localities: [l1]}\n"
        "      - {id: c2, localities: [l2]}\n"
        "%s"
        "criteria:\n  - {plugin: tp_search, weight: 1, parameters: "
        "{target: 30, noise: 0}}\n"
        "analysis: {draws: 16, seed: 5, smaa_iterations: 20, threads: 1}\n"
        "%s", options, search);
    fclose(fp);
}

typedef struct {
    int argc;
    char **argv;
} cmd;

static int run_search(void *arg)
{
    cmd *c = arg;

    return cs_cmd_search(c->argc, c->argv);
}

static int temp_files_left(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)))
        n += strstr(de->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

/* Fails each allocation of `search` with argv (whose output files are
 * outs[0..n_outs-1]) in turn. */
static void every_allocation(char **argv, int argc, const char *const *outs,
                             size_t n_outs)
{
    cmd c = {argc, argv};
    char *good[4], *msg, *got;
    long total, step, checked = 0, failed = 0;
    const char *stdout_path = in("stdout"), *stderr_path = in("stderr");
    int rc;

    ck_assert_uint_le(n_outs, 4);
    gsl_set_error_handler_off();
    oom_start(-1);
    rc = oom_run(run_search, &c, stdout_path, stderr_path);
    msg = oom_slurp(stderr_path);
    ck_assert_msg(rc == 0, "the good run failed (%d): %s", rc, msg);
    free(msg);
    total = atomic_load(&oom_sh->n_calls);
    ck_assert_int_gt(total, 50);
    ck_assert_msg(oom_n_live == 0, "%zu blocks not freed after a good run",
                  oom_n_live);
    for (size_t i = 0; i < n_outs; i++) {
        good[i] = oom_slurp(outs[i]);
        ck_assert_uint_gt(strlen(good[i]), 0);
    }
    step = getenv("OOM_STEP") ? atol(getenv("OOM_STEP")) : 1;
    ck_assert_int_ge(step, 1);
    fprintf(stderr, "test_cov_oom_search: %s: %ld allocations; failing "
            "every %ld-th\n", argv[argc - 1], total, step);
    /* OOM_FROM=k starts there (to rerun one failure) */
    for (long k = getenv("OOM_FROM") ? atol(getenv("OOM_FROM")) : 0;
         k < total; k += step) {
        for (size_t i = 0; i < n_outs; i++)
            write_text(outs[i], "old\n");
        oom_start(k);
        rc = oom_run(run_search, &c, stdout_path, stderr_path);
        if (!atomic_load(&oom_sh->failed))
            continue;           /* a shorter path: fewer allocations */
        checked++;
        msg = oom_slurp(stderr_path);
        if (rc != 0) {
            failed++;
            ck_assert_msg(rc >= 64 && rc <= 78, "allocation %ld: exit %d",
                          k, rc);
            ck_assert_msg(strstr(msg, "out of memory") ||
                          strstr(msg, strerror(ENOMEM)), "allocation %ld "
                          "failed: exit %d without 'out of memory' in '%s'",
                          k, rc, msg);
            /* each file is written whole or not at all (the text is
               committed before the options are emitted) */
            for (size_t i = 0; i < n_outs; i++) {
                got = oom_slurp(outs[i]);
                ck_assert_msg(!strcmp(got, "old\n") || !strcmp(got, good[i]),
                              "allocation %ld: %s half-written", k, outs[i]);
                free(got);
            }
        } else {
            for (size_t i = 0; i < n_outs; i++) {
                got = oom_slurp(outs[i]);
                ck_assert_msg(!strcmp(got, good[i]), "allocation %ld failed:"
                              " exit 0 and %s differs from the good run's",
                              k, outs[i]);
                free(got);
            }
        }
        ck_assert_msg(oom_n_live == 0, "allocation %ld failed: %zu blocks "
                      "not freed", k, oom_n_live);
        ck_assert_int_eq(temp_files_left(), 0);
        free(msg);
    }
    oom_start(-1);
    /* most runs reach their failure, and most failures stop the command */
    if (!getenv("OOM_FROM"))
        ck_assert_int_gt(checked, total / step / 2);
    ck_assert_int_gt(failed, checked / 2);
    for (size_t i = 0; i < n_outs; i++)
        free(good[i]);
}

static void setup(void)
{
    strcpy(tmpdir, "/tmp/cs-oomsearch.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    if (!oom_live)
        oom_init();
}

static void teardown(void)
{
    char cmdline[128];

    snprintf(cmdline, sizeof cmdline, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmdline), 0);
}

/* The text and the option YAML: target 30 and one consortium at most,
 * so only {l0 l1 l2} keeps the rules and three "alone" blocks are found
 * (test_search_cli.c's text_blocks_alone). */
START_TEST(search_text_and_options)
{
    char s[160], o[160], e[160];
    const char *outs[2];

    snprintf(s, sizeof s, "%s", in("s.yaml"));
    snprintf(o, sizeof o, "%s", in("out.txt"));
    snprintf(e, sizeof e, "%s", in("finds.yaml"));
    write_scenario(s, "", "search:\n  consortia: {min: 1, max: 1}\n");
    outs[0] = o;
    outs[1] = e;
    every_allocation((char *[]){"search", "--plugin-path", TP_DIR, "--quiet",
                                "--threads", "1", "-o", o,
                                "--emit-options", e, s, NULL}, 11, outs, 2);
}
END_TEST

/* The JSON of an unconstrained search: every grouping of the three units
 * is feasible, so the solver, the finalists and the Pareto front have
 * more than one grouping to hold. */
START_TEST(search_json)
{
    char s[160], o[160];
    const char *outs[1];

    snprintf(s, sizeof s, "%s", in("s.yaml"));
    snprintf(o, sizeof o, "%s", in("out.json"));
    write_scenario(s, "", "search:\n  top: 4\n");
    outs[0] = o;
    every_allocation((char *[]){"search", "--plugin-path", TP_DIR, "--quiet",
                                "--threads", "1", "-f", "json", "-o", o, s,
                                NULL}, 11, outs, 1);
}
END_TEST

/* A listed option with a federation of two members pooling risk: the
 * search also works out each member's Shapley share of the pool's gain
 * (docs/search.md), from one more appraisal of the four variants. */
START_TEST(search_federated_pool)
{
    char s[160], o[160];
    const char *outs[1];

    snprintf(s, sizeof s, "%s", in("s.yaml"));
    snprintf(o, sizeof o, "%s", in("out.json"));
    write_scenario(s, "  - id: fed\n    consortia:\n"
                   "      - {id: w, localities: [l0]}\n"
                   "      - {id: e, localities: [l1, l2]}\n"
                   "    federations:\n"
                   "      - {id: f, members: [w, e], risk_pool_share: 0.5}\n",
                   "search:\n  top: 2\n");
    outs[0] = o;
    every_allocation((char *[]){"search", "--plugin-path", TP_DIR, "--quiet",
                                "--threads", "1", "-f", "json", "-o", o, s,
                                NULL}, 11, outs, 1);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("cov_oom_search");
    TCase *tc = tcase_create("oom");
    SRunner *sr;
    int nf;

    tcase_set_timeout(tc, 1200);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, search_text_and_options);
    tcase_add_test(tc, search_json);
    tcase_add_test(tc, search_federated_pool);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
