/* test_cov_oom_decide.c -- every allocation of the decision stage fails,
 * one at a time (tests/oom_harness.h wraps the allocator at link time).
 *
 * test_oom fails every (total/400 + 1)-th allocation of the example's
 * appraisal with direct weights; here the runs are small enough to fail
 * each one (or a close stride) of what the other paths allocate:
 *   - `consortia smaa` on a sample file, with and without a weights file,
 *     text and JSON (the reader, SMAA-2, the weight sampler);
 *   - `consortia appraise --output-dir` of test_json's two-criterion
 *     scenario of tp_good under swing, ordinal and interval weights (the
 *     weight space and its sampler, the tornado, the changes that would
 *     alter the ranking, every report format).
 * Each time, by the contract of docs/architecture.md (the same as
 * test_oom.c's): the command fails with a sysexits status and "out of
 * memory" (or strerror(ENOMEM)) on standard error, or succeeds having said
 * what it left out (a warning, or "out of memory" in a report), or writes
 * exactly the good run's files; every block the core allocated is freed
 * again; no output is half-written and no temporary file is left. */
#include <dirent.h>
#include <sysexits.h>
#include <gsl/gsl_errno.h>

#include "oom_harness.h"
#include "cli/session.h"
#include "mcda/smaa.h"

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

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static int shell(const char *fmt, const char *a, const char *b)
{
    char cmd[512];

    snprintf(cmd, sizeof cmd, fmt, a, b);
    return system(cmd);
}

static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)))
        n += strstr(de->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

/* One command under test: run() does it; its files are compared. */
typedef struct job {
    int (*run)(struct job *);
    int argc;
    char **argv;                /* smaa */
    const char *out_file;       /* smaa: -o FILE */
    const char *scenario;       /* appraise */
    const char *out_dir;        /* appraise: --output-dir */
} job;

static int call(void *arg)
{
    job *j = arg;

    return j->run(j);
}

static int run_smaa(job *j)
{
    return cs_cmd_smaa(j->argc, j->argv);
}

static int run_appraise(job *j)
{
    static const char *const dirs[] = {TP_DIR};
    cs_appraise_opts opts = {.threads = 1};
    cs_report_dest dest = {.format = CS_FMT_JSON, .dir = j->out_dir};

    return cs_cmd_appraise(j->scenario, &dest, dirs, 1, &opts);
}

/* Resets the outputs before a run: the file says "old", the directory is
 * empty. */
static void reset(const job *j)
{
    if (j->out_file)
        write_text(j->out_file, "old\n");
    if (j->out_dir)
        ck_assert_int_eq(shell("rm -rf '%s' && mkdir '%s'", j->out_dir,
                               j->out_dir), 0);
}

/* Whether the outputs equal the good run's (kept in good). */
static int same_outputs(const job *j, const char *good_file,
                        const char *good_dir)
{
    if (j->out_file && shell("cmp -s '%s' '%s'", j->out_file, good_file))
        return 0;
    if (j->out_dir && shell("diff -rq '%s' '%s' >/dev/null", j->out_dir,
                            good_dir))
        return 0;
    return 1;
}

static void every_allocation(job *j, long max_runs)
{
    const char *so = in("stdout"), *se = in("stderr");
    char good_file[160], good_dir[160], *msg, *got;
    long total, step, checked = 0;
    int rc, oom;

    snprintf(good_file, sizeof good_file, "%s", in("good.out"));
    snprintf(good_dir, sizeof good_dir, "%s", in("good.d"));
    gsl_set_error_handler_off();
    reset(j);
    oom_start(-1);
    rc = oom_run(call, j, so, se);
    msg = oom_slurp(se);
    ck_assert_msg(rc == 0, "the good run failed (%d): %s", rc, msg);
    free(msg);
    total = atomic_load(&oom_sh->n_calls);
    ck_assert_int_gt(total, 20);
    ck_assert_msg(oom_n_live == 0, "%zu blocks not freed after a good run",
                  oom_n_live);
    if (j->out_file)
        ck_assert_int_eq(shell("cp '%s' '%s'", j->out_file, good_file), 0);
    if (j->out_dir) {
        ck_assert_int_eq(shell("rm -rf '%s'%s", good_dir, ""), 0);
        ck_assert_int_eq(shell("cp -r '%s' '%s'", j->out_dir, good_dir), 0);
    }
    step = getenv("OOM_STEP") ? atol(getenv("OOM_STEP"))
                              : total / max_runs + 1;
    ck_assert_int_ge(step, 1);
    fprintf(stderr, "test_cov_oom_decide: %ld allocations; failing every "
            "%ld-th\n", total, step);
    for (long k = getenv("OOM_FROM") ? atol(getenv("OOM_FROM")) : 0;
         k < total; k += step) {
        reset(j);
        oom_start(k);
        rc = oom_run(call, j, so, se);
        if (!atomic_load(&oom_sh->failed))
            continue;
        checked++;
        msg = oom_slurp(se);
        oom = strstr(msg, "out of memory") || strstr(msg, strerror(ENOMEM));
        if (rc != 0) {
            ck_assert_msg(rc >= 64 && rc <= 78, "allocation %ld: exit %d",
                          k, rc);
            ck_assert_msg(oom, "allocation %ld failed: exit %d without 'out "
                          "of memory' in '%s'", k, rc, msg);
            if (j->out_file) {      /* written whole or not at all */
                got = oom_slurp(j->out_file);
                ck_assert_msg(!strcmp(got, "old\n"), "allocation %ld: "
                              "the output was written", k);
                free(got);
            }
        } else {
            ck_assert_msg(oom || (j->out_dir && !shell("grep -qs 'out of "
                          "memory' '%s'/* %s", j->out_dir, "")) ||
                          same_outputs(j, good_file, good_dir),
                          "allocation %ld failed: exit 0, no message, and "
                          "the outputs differ from the good run's", k);
        }
        ck_assert_msg(oom_n_live == 0, "allocation %ld failed: %zu blocks "
                      "not freed", k, oom_n_live);
        ck_assert_int_eq(temp_files_left(tmpdir), 0);
        if (j->out_dir)
            ck_assert_int_eq(temp_files_left(j->out_dir), 0);
        free(msg);
    }
    oom_start(-1);
    if (!getenv("OOM_FROM"))
        ck_assert_int_gt(checked, total / step / 2);
}

static void setup(void)
{
    strcpy(tmpdir, "/tmp/cs-oomdecide.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    if (!oom_live)
        oom_init();
}

static void teardown(void)
{
    ck_assert_int_eq(shell("rm -rf '%s'%s", tmpdir, ""), 0);
}

/* ---- consortia smaa ---------------------------------------------------- */

/* Two alternatives, two criteria, two draws (test_smaa_ref's file, with a
 * quoted name and CRLF lines), and three weight vectors. */
static const char meas[] =
    "draw,alternative,criterion,value\r\n"
    "1,A,x,0.5\r\n1,A,y,0.25\r\n1,\"B, the other\",x,1\r\n"
    "1,\"B, the other\",y,0\r\n"
    "2,A,x,0.1\n2,A,y,0.2\n2,\"B, the other\",x,0.3\n2,\"B, the other\",y,0.4\n"
    "1,C,x,0.7\n1,C,y,0.7\n2,C,x,0.2\n2,C,y,0.9\n";

static const struct {
    int weights, json;
} smaa_runs[] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

START_TEST(smaa_command)
{
    char mp[160], wp[160], op[160];
    char *argv[16];        /* at most 13 arguments and the NULL */
    int n = 0;
    job j = {0};

    snprintf(mp, sizeof mp, "%s", in("m.csv"));
    snprintf(wp, sizeof wp, "%s", in("w.csv"));
    snprintf(op, sizeof op, "%s", in("out"));
    write_text(mp, meas);
    write_text(wp, "draw,y,x\n1,0.25,0.75\n2,1,0\n3,0.5,0.5\n");
    argv[n++] = "smaa";
    argv[n++] = "--measurements";
    argv[n++] = mp;
    if (smaa_runs[_i].weights) {
        argv[n++] = "--weights";
        argv[n++] = wp;
    }
    argv[n++] = "--iterations";
    argv[n++] = "300";
    argv[n++] = "--seed";
    argv[n++] = "7";
    if (smaa_runs[_i].json) {
        argv[n++] = "--format";
        argv[n++] = "json";
    }
    argv[n++] = "-o";
    argv[n++] = op;
    ck_assert_int_lt(n, (int)(sizeof argv / sizeof *argv));
    argv[n] = NULL;
    j.run = run_smaa;
    j.argc = n;
    j.argv = argv;
    j.out_file = op;
    every_allocation(&j, 1000);
}
END_TEST

/* ---- consortia appraise ------------------------------------------------ */

/* test_json.c's scenario, smaller: two criteria of tp_good (one with a
 * piecewise value function, one linear), a federated option, votes, the
 * tornado over `noise`; 40 draws and 200 SMAA iterations. */
static const char head[] =
    "format: 1\n"
    "scenario: {id: jf, name: \"JSON fields\", description: \"every field\"}\n"
    "parameters:\n  scale: 2\n"
    "organisations:\n"
    "  - {id: la, name: Council, kind: local_authority}\n"
    "  - {id: acute, name: Hospital, kind: acute}\n"
    "localities:\n"
    "  - {id: east, name: East, local_authority: la, providers: {acute: 0.9}}\n"
    "  - {id: west, name: West, local_authority: la, providers: {acute: 0.8}}\n"
    "practices:\n"
    "  - {code: T1, name: One, locality: east, registered: 10000, weighted: 11000}\n"
    "  - {code: T2, name: Two, locality: east, registered: 20000}\n"
    "  - {code: T3, name: Three, locality: west, registered: 15000, weighted: 14000}\n"
    "  - {code: T4, name: Four, locality: west, registered: 5000}\n"
    "options:\n"
    "  - id: one\n    name: \"One consortium\"\n"
    "    votes: {for: [T1, T4], against: [T2]}\n"
    "    consortia:\n      - {id: all, name: All, localities: [east, west]}\n"
    "  - id: two\n    name: \"Two consortia\"\n"
    "    consortia:\n      - {id: e, name: East, localities: [east]}\n"
    "      - {id: w, name: West, localities: [west]}\n"
    "  - id: fed\n    name: \"Federated\"\n"
    "    consortia:\n      - {id: e, name: East, localities: [east]}\n"
    "      - {id: w, name: West, localities: [west]}\n"
    "    federations:\n"
    "      - {id: f, name: Fed, members: [e, w], risk_pool_share: 0.5,\n"
    "         pool_surpluses: true, shared_functions: 0.4,\n"
    "         joint_contracting: true}\n"
    "analysis: {draws: 40, seed: 3, thresholds: [1, 2, 5], vote_pass: 0.6,\n"
    "           smaa_iterations: 200}\n"
    "criteria:\n"
    "  - plugin: tp_good\n"
    "    parameters: {noise: {dist: uniform, min: -1, max: 1}, mode: doubled}\n"
    "    value_function: {kind: piecewise, points: [[0, 0], [50, 0.4], [250, 1]]}\n"
    "  - plugin: tp_good\n    label: good_again\n";

static const char *const weights[] = {
    "weights: {method: swing, points: {tp_good: 100, good_again: 50}}\n",
    "weights: {method: ordinal, order: [tp_good, good_again]}\n",
    ("weights: {method: intervals, bounds: {tp_good: [0.5, 0.9], "
     "good_again: [0.1, 0.5]}}\n"),
};

START_TEST(appraise_weights_methods)
{
    char sp[160], od[160], text[4096];
    job j = {0};

    snprintf(sp, sizeof sp, "%s", in("jf.yaml"));
    snprintf(od, sizeof od, "%s", in("out.d"));
    snprintf(text, sizeof text, "%s%s", head, weights[_i]);
    write_text(sp, text);
    j.run = run_appraise;
    j.scenario = sp;
    j.out_dir = od;
    every_allocation(&j, 250);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("cov_oom_decide");
    TCase *tc = tcase_create("oom");
    SRunner *sr;
    int nf;

    tcase_set_timeout(tc, 1200);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, smaa_command, 0,
                        (int)(sizeof smaa_runs / sizeof *smaa_runs));
    tcase_add_loop_test(tc, appraise_weights_methods, 0,
                        (int)(sizeof weights / sizeof *weights));
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
