/* test_zoo.c -- plugins that misbehave (tests/plugins/tp_zoo.c, tp_bad.c)
 * cannot take the program down: each is run beside a good criterion, with
 * and without --keep-going, and the program must say which criterion and
 * which plugin file failed, exit 70, keep plugin text out of the report
 * on standard output, leave no files behind and stop an endless loop
 * within --plugin-timeout. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"

static char *out, *err;
static char tmpdir[64];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/cs-zoo.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    out = err = NULL;
}

static void teardown(void)
{
    char cmd[128];

    free(out);
    free(err);
    out = err = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* A two-practice scenario: a good criterion, then plugin `bad`. */
static const char *scenario(const char *bad)
{
    static char path[256];
    FILE *fp;

    snprintf(path, sizeof path, "%s/zoo.yaml", tmpdir);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    fprintf(fp,
            "format: 1\n"
            "scenario: {id: zoo, name: Zoo}\n"
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
            "    value_function: {worst: 0, best: 10000}\n"
            "  - plugin: %s\n    weight: 1\n"
            "    value_function: {worst: 10000, best: 0}\n"
            "analysis: {draws: 50, seed: 5}\n", bad);
    fclose(fp);
    return path;
}

/* "FILE:LINE:COL: KIND: criterion 'bad'" for the criterion of plugin `bad`
 * in the scenario file `path`: its line and column counted here from the
 * file's own text (the column is that of the `plugin` key, which starts
 * the criterion's mapping). */
static void crit_at(const char *path, const char *bad, const char *kind,
                    char *buf, size_t len)
{
    char text[4096], key[80];
    const char *at, *bol;
    size_t n;
    int line = 1;
    FILE *fp = fopen(path, "r");

    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    snprintf(key, sizeof key, "- plugin: %s\n", bad);
    ck_assert_ptr_nonnull(at = strstr(text, key));
    at += 2;                                 /* past "- " to `plugin` */
    bol = text;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') {
            line++;
            bol = p + 1;
        }
    snprintf(buf, len, "%s:%d:%d: %s: criterion '%s'", path, line,
             (int)(at - bol) + 1, kind, bad);
}

/* Files in tmpdir other than the scenario and `keep`. */
static int stray_files(const char *keep)
{
    DIR *d = opendir(tmpdir);
    struct dirent *de;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' && strcmp(de->d_name, "zoo.yaml") &&
            (!keep || strcmp(de->d_name, keep)))
            n++;
    closedir(d);
    return n;
}

/* Does msg hold one of the '|'-separated alternatives? */
static int says_one(const char *msg, const char *alts)
{
    char buf[256], *save = NULL;

    snprintf(buf, sizeof buf, "%s", alts);
    for (char *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
        if (strstr(msg, w))
            return 1;
    return 0;
}

/* The fix for a worker lost to a crash or a forbidden call. */
#define FIX_LOST "fix the plugin (docs/plugin-guide.md lists what a plugin " \
                 "must not do)"
#define KEEP_GOING ", or run with --keep-going to leave this criterion out"

static const struct fault {
    const char *plugin;
    const char *says;        /* in the message; '|' between alternatives */
    int names_file;          /* the message names the .so */
    int before_appraisal;    /* refused when opened: no report at all */
    const char *fix;         /* the fix the message ends with */
} faults[] = {
    /* under UndefinedBehaviorSanitizer the null store ends the worker
       with exit status 1 before the signal */
    {"tp_segv", "crashed: signal 11|ended the process with exit status 1",
     1, 0, FIX_LOST},
    {"tp_abort", "crashed: signal 6", 1, 0, FIX_LOST},
    {"tp_exit", "must not call exit()", 1, 0, FIX_LOST},
    {"tp_loop", "did not return within 2 s", 1, 0,
     "fix the plugin, or allow a call more time with --plugin-timeout "
     "SECONDS"},
    /* 10 GB: malloc fails under the address-space limit and the plugin
       writes through NULL (a crash), or (AddressSanitizer) the parent
       stops it for its memory */
    {"tp_hog", "tp_hog", 1, 0, FIX_LOST "|--plugin-memory MB"},
    {"tp_initsegv", "crashed: signal 11|ended the process with exit status 1",
     1, 0, FIX_LOST},
    {"tp_finiabort", "in fini()", 1, 0, FIX_LOST},
    /* the whole option's call: the message names the option and option() */
    {"tp_optabort", "failed for option 'one': its plugin", 1, 0, FIX_LOST},
    {"tp_nan", "metric 'x' is NaN or unset at draw 7", 0, 0,
     "fix the plugin or the criterion's parameters"},
    {"tp_abi", "built for plugin ABI 99.0", 1, 1, NULL},
};

/* Without --keep-going: exit 70, the criterion and file named, nothing on
 * standard output (no report, no plugin text). */
START_TEST(fault_stops_the_run)
{
    const struct fault *f = &faults[_i];
    char crit[64], file[64];
    int rc = RUN("appraise", (char *)scenario(f->plugin), "-p", TP_DIR,
                 "-f", "json", "--plugin-timeout", "2",
                 "--plugin-memory", "256");

    ck_assert_msg(rc == EX_SOFTWARE, "%s: exit %d: %s", f->plugin, rc, err);
    snprintf(crit, sizeof crit, "criterion '%s'", f->plugin);
    snprintf(file, sizeof file, "%s.so", f->plugin);
    ck_assert_msg(f->before_appraisal || strstr(err, crit), "%s", err);
    ck_assert_msg(says_one(err, f->says), "%s: %s", f->says, err);
    ck_assert_msg(!f->names_file || strstr(err, file), "%s", err);
    ck_assert_msg(strstr(err, "error: "), "%s", err);
    if (!f->before_appraisal) {
        char at[512];
        crit_at(scenario(f->plugin), f->plugin, "error", at, sizeof at);
        ck_assert_msg(strstr(err, at), "want %s: %s", at, err);
        ck_assert_msg(says_one(err, f->fix), "fix %s: %s", f->fix, err);
        ck_assert_msg(strstr(err, KEEP_GOING), "%s", err);
    }
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(stray_files(NULL), 0);
}
END_TEST

/* With --keep-going: the report is written to standard output as valid
 * JSON, the faulty criterion marked failed, the good one scored; still
 * exit 70 (a plugin failed). */
START_TEST(fault_kept_going)
{
    const struct fault *f = &faults[_i];
    char crit[64];
    json_t *j, *c;
    json_error_t je;
    int rc = RUN("appraise", (char *)scenario(f->plugin), "-p", TP_DIR,
                 "-f", "json", "-k", "--plugin-timeout", "2",
                 "--plugin-memory", "256");

    ck_assert_msg(rc == EX_SOFTWARE, "%s: exit %d: %s", f->plugin, rc, err);
    ck_assert_int_eq(stray_files(NULL), 0);
    if (f->before_appraisal) {   /* cannot be opened: nothing to run */
        ck_assert_str_eq(out, "");
        return;
    }
    snprintf(crit, sizeof crit, "criterion '%s'", f->plugin);
    ck_assert_msg(strstr(err, crit) && strstr(err, "marked failed"), "%s",
                  err);
    {
        char at[512];
        crit_at(scenario(f->plugin), f->plugin, "warning", at, sizeof at);
        ck_assert_msg(strstr(err, at), "want %s: %s", at, err);
        ck_assert_msg(says_one(err, f->fix), "fix %s: %s", f->fix, err);
    }
    j = json_loads(out, 0, &je);
    ck_assert_msg(j != NULL, "%s: stdout is not JSON: %s", f->plugin,
                  je.text);
    c = json_array_get(json_object_get(j, "criteria"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(c, "status")),
                     "failed");
    c = json_array_get(json_object_get(j, "criteria"), 0);
    ck_assert_double_eq(json_real_value(json_object_get(c,
                                                        "normalised_weight")),
                        1.0);
    json_decref(j);
}
END_TEST

/* Text a plugin prints reaches stderr as its criterion's warnings, never
 * the report on stdout; the run succeeds, the same at 1 and 3 workers. */
START_TEST(stdout_writer_is_captured)
{
    const char *f = scenario("tp_stdout");
    char *first;
    json_t *j;
    json_error_t je;

    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR, "-f", "json",
                         "-j", "1"), 0);
    ck_assert_ptr_null(strstr(out, "PLUGIN-NOISE"));
    ck_assert_ptr_nonnull(j = json_loads(out, 0, &je));
    json_decref(j);
    ck_assert_msg(strstr(err, "criterion 'tp_stdout': warning: the plugin "
                          "wrote to its output: PLUGIN-NOISE") != NULL,
                  "%s", err);
    ck_assert_ptr_nonnull(strstr(err, "PLUGIN-NOISE on stderr"));
    first = strdup(out);
    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR, "-f", "json",
                         "-j", "3"), 0);
    ck_assert_str_eq(out, first);
    free(first);
    /* --quiet: no plugin text at all */
    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR, "-q"), 0);
    ck_assert_ptr_null(strstr(err, "PLUGIN-NOISE"));
    ck_assert_ptr_null(strstr(out, "PLUGIN-NOISE"));
    ck_assert_int_eq(stray_files(NULL), 0);
}
END_TEST

/* validate runs each plugin's init(), contained: a failing or crashing
 * init is refused with exit 70, as appraise would refuse it. */
START_TEST(validate_runs_init)
{
    ck_assert_int_eq(RUN("validate", (char *)scenario("tp_stdout"), "-p",
                         TP_DIR), 0);
    ck_assert_ptr_nonnull(strstr(out, ": ok: "));
    ck_assert_ptr_null(strstr(out, "PLUGIN-NOISE"));
    ck_assert_int_eq(RUN("validate", (char *)scenario("tp_initfail"), "-p",
                         TP_DIR), EX_SOFTWARE);
    ck_assert_msg(strstr(err, "criterion 'tp_initfail' failed to start") &&
                  strstr(err, "test plugin told to fail"), "%s", err);
    {
        char at[512];
        crit_at(scenario("tp_initfail"), "tp_initfail", "error", at,
                sizeof at);
        ck_assert_msg(strstr(err, at), "want %s: %s", at, err);
        ck_assert_msg(strstr(err, "; fix the plugin or the criterion's "
                             "parameters"), "%s", err);
    }
    ck_assert_ptr_null(strstr(out, ": ok: "));
    ck_assert_int_eq(RUN("validate", (char *)scenario("tp_initsegv"), "-p",
                         TP_DIR), EX_SOFTWARE);
    ck_assert_msg(strstr(err, "criterion 'tp_initsegv' failed to start") &&
                  strstr(err, "tp_initsegv.so") &&
                  strstr(err, "in init()"), "%s", err);
    /* a plugin that crashes only when it scores passes validate */
    ck_assert_int_eq(RUN("validate", (char *)scenario("tp_segv"), "-p",
                         TP_DIR), 0);
}
END_TEST

/* The limits' own usage errors. */
START_TEST(limit_options)
{
    const char *f = scenario("tp_good");

    ck_assert_int_eq(RUN("appraise", (char *)f, "--plugin-timeout", "0"),
                     EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "--plugin-timeout needs"));
    ck_assert_int_eq(RUN("appraise", (char *)f, "--plugin-memory", "1"),
                     EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "--plugin-memory needs"));
    ck_assert_int_eq(RUN("--help"), 0);
    ck_assert_ptr_nonnull(strstr(out, "--plugin-timeout SECONDS"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("zoo");
    TCase *tc = tcase_create("zoo");
    SRunner *sr;
    int n_failed;
    int n = (int)(sizeof faults / sizeof *faults);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 240);
    tcase_add_loop_test(tc, fault_stops_the_run, 0, n);
    tcase_add_loop_test(tc, fault_kept_going, 0, n);
    tcase_add_test(tc, stdout_writer_is_captured);
    tcase_add_test(tc, validate_runs_init);
    tcase_add_test(tc, limit_options);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    n_failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return n_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
