/* test_cli.c -- the consortia command end to end: exit codes, formats,
 * atomic -o, plugin failures, determinism across thread counts, and the
 * built-in default scenario. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <jansson.h>

#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"

static char *out, *err;
static char tmpdir[64];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/cs-cli.XXXXXX");
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

/* Runs consortia with up to 15 arguments, NULL-terminated. */
#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* Writes a scenario file into tmpdir; returns its path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    FILE *fp;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* tiny.yaml with its criteria block replaced by `criteria`. */
static const char *tiny_with(const char *criteria)
{
    char *text = slurp(TINY, NULL), *cut, *buf;
    const char *path;

    ck_assert_ptr_nonnull(text);
    /* the scenario-wide `scale` would be declared by no criterion */
    cut = strstr(text, "parameters:\n  scale: 2\n");
    ck_assert_ptr_nonnull(cut);
    memset(cut, ' ', strlen("parameters:\n  scale: 2"));
    cut[strlen("parameters:")] = '\n';
    cut = strstr(text, "criteria:\n");
    ck_assert_ptr_nonnull(cut);
    *cut = '\0';
    buf = malloc(strlen(text) + strlen(criteria) + 64);
    sprintf(buf, "%s%s\nanalysis: {draws: 100, seed: 3}\n", text, criteria);
    path = write_file("variant.yaml", buf);
    free(text);
    free(buf);
    return path;
}

START_TEST(usage_errors)
{
    ck_assert_int_eq(RUN("--version"), 0);
    ck_assert_ptr_nonnull(strstr(out, "consortia 0."));
    ck_assert_int_eq(RUN("--help"), 0);
    ck_assert_ptr_nonnull(strstr(out, "exit status"));
    ck_assert_int_eq(run((char *[]){BIN, NULL}), EX_USAGE);
    ck_assert_int_eq(RUN("frobnicate"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "unknown command 'frobnicate'"));
    ck_assert_int_eq(RUN("appraise", "--bogus"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "unknown option '--bogus'"));
    ck_assert_int_eq(RUN("appraise", TINY, "--draws", "0"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "--draws needs a whole number"));
    ck_assert_int_eq(RUN("appraise", TINY, "--threads", "x"), EX_USAGE);
    ck_assert_int_eq(RUN("appraise", TINY, "--format", "pdf"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "unknown format 'pdf'"));
    ck_assert_int_eq(RUN("appraise", TINY, "--seed", "-1"), EX_USAGE);
    ck_assert_int_eq(RUN("validate"), EX_USAGE);
    ck_assert_int_eq(RUN("appraise", "a.yaml", "b.yaml"), EX_USAGE);
}
END_TEST

START_TEST(missing_and_bad_input)
{
    ck_assert_int_eq(RUN("validate", "/nonexistent/x.yaml"), EX_NOINPUT);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.yaml: error: cannot read"));
    ck_assert_int_eq(RUN("appraise", tmpdir), EX_NOINPUT);
    ck_assert_ptr_nonnull(strstr(err, "is a directory"));
    ck_assert_int_eq(RUN("validate", (char *)write_file("bad.yaml",
                         "format: 1\nscenario: [oops\n")), EX_DATAERR);
    ck_assert_ptr_nonnull(strstr(err, "bad.yaml:"));
    ck_assert_ptr_nonnull(strstr(err, ": error: "));
}
END_TEST

START_TEST(validate_ok)
{
    ck_assert_int_eq(RUN("validate", TINY, "--plugin-path", TP_DIR), 0);
    ck_assert_ptr_nonnull(strstr(out, "ok: 4 practices, 2 localities, 3 "
                                 "options, 2 criteria"));
}
END_TEST

/* Option names longer than the text report's 40-byte column are cut with
 * a marker and the option's id, so two names alike in their first 40
 * bytes stay distinct: 40 - len("~[one]") = 34 bytes of the name. */
START_TEST(long_names_cut_with_marker)
{
    static const char longer[] =
        "Consortium of every practice in the area, version ";
    char *text = slurp(TINY, NULL), *p, *buf;
    const char *path;

    ck_assert_ptr_nonnull(text);
    buf = malloc(strlen(text) + 2 * sizeof longer + 8);
    p = strstr(text, "\"One consortium\"");
    ck_assert_ptr_nonnull(p);
    *p = '\0';
    sprintf(buf, "%s\"%sA\"%s", text, longer, p + strlen("\"One consortium\""));
    free(text);
    text = buf;
    buf = malloc(strlen(text) + 2 * sizeof longer + 8);
    p = strstr(text, "\"Two consortia\"");
    ck_assert_ptr_nonnull(p);
    *p = '\0';
    sprintf(buf, "%s\"%sB\"%s", text, longer, p + strlen("\"Two consortia\""));
    path = write_file("long.yaml", buf);
    free(text);
    free(buf);
    ck_assert_int_eq(RUN("appraise", (char *)path, "-p", TP_DIR, "-q", "-n",
                         "50"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Consortium of every practice in th~[one] "));
    ck_assert_ptr_nonnull(strstr(out, "Consortium of every practice in th~[two] "));
    /* never cut silently: wherever the name's first 40 bytes appear
     * (sentences give it whole), the rest follows */
    for (p = strstr(out, "Consortium of every practice in the area"); p;
         p = strstr(p + 1, "Consortium of every practice in the area"))
        ck_assert_int_eq(strncmp(p + 40, ", version ", 10), 0);
    ck_assert_ptr_nonnull(strstr(out, "Two in a federation "));   /* fits */
}
END_TEST

START_TEST(unknown_plugin_and_parameters)
{
    const char *f = tiny_with("criteria:\n  - plugin: tp_goood\n    weight: 1\n");

    ck_assert_int_eq(RUN("validate", (char *)f, "-p", TP_DIR), EX_DATAERR);
    ck_assert_msg(strstr(err, "variant.yaml:38:5: error: no plugin named "
                         "'tp_goood'; did you mean 'tp_good'?") != NULL,
                  "got: %s", err);
    f = tiny_with("criteria:\n  - plugin: tp_good\n    weight: 1\n"
                  "    parameters:\n      scale: 99\n      nosie: 1\n");
    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR), EX_DATAERR);
    ck_assert_msg(strstr(err, "variant.yaml:41:14: error: parameter 'scale' of "
                         "'tp_good' is 99, outside [0, 10]") != NULL,
                  "got: %s", err);
    ck_assert_ptr_nonnull(strstr(err, "variant.yaml:42:"));
    ck_assert_ptr_nonnull(strstr(err, "did you mean 'noise'?"));
}
END_TEST

START_TEST(broken_plugin_exits_70)
{
    const char *f = tiny_with("criteria:\n  - plugin: tp_abi\n    weight: 1\n");

    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR), EX_SOFTWARE);
    ck_assert_ptr_nonnull(strstr(err, "built for plugin ABI 99.0"));
    ck_assert_ptr_nonnull(strstr(err, "tp_abi.so"));
    f = tiny_with("criteria:\n  - plugin: tp_nan\n    weight: 1\n");
    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR), EX_SOFTWARE);
    /* the criterion's place: `criteria:` is line 37 of the variant (as in
       unknown_plugin_and_parameters above), its first item's `plugin`
       key line 38 col 5 */
    ck_assert_msg(strstr(err, "variant.yaml:38:5: error: criterion 'tp_nan' "
                         "failed for option 'one' (consortium 'all'): metric "
                         "'x' is NaN or unset at draw 7") != NULL,
                  "got: %s", err);
    ck_assert_msg(strstr(err, "; fix the plugin or the criterion's "
                         "parameters, or run with --keep-going to leave this "
                         "criterion out\n") != NULL, "got: %s", err);
}
END_TEST

START_TEST(keep_going_marks_failed)
{
    const char *f = tiny_with("criteria:\n  - plugin: tp_good\n    weight: 1\n"
                              "  - plugin: tp_error\n    weight: 1\n");
    char opath[256];
    json_t *j, *c;
    json_error_t je;

    snprintf(opath, sizeof opath, "%s/k.json", tmpdir);
    ck_assert_int_eq(RUN("appraise", (char *)f, "-p", TP_DIR, "-k",
                         "--format", "json", "-o", opath), EX_SOFTWARE);
    ck_assert_ptr_nonnull(strstr(err, "marked failed"));
    /* tp_error's item: line 38 tp_good, 39 its weight, 40 tp_error */
    ck_assert_msg(strstr(err, "variant.yaml:40:5: warning: criterion "
                         "'tp_error' failed") != NULL, "got: %s", err);
    j = json_load_file(opath, 0, &je);
    ck_assert_ptr_nonnull(j);
    c = json_array_get(json_object_get(j, "criteria"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(c, "status")), "failed");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(c, "error")),
                                 "test error"));
    c = json_array_get(json_object_get(j, "criteria"), 0);
    ck_assert_double_eq(json_real_value(json_object_get(c, "normalised_weight")),
                        1.0);
    json_decref(j);
}
END_TEST

/* A failing run leaves an existing output untouched and no temp files. */
START_TEST(output_is_atomic)
{
    char f[256], opath[256], *kept;
    DIR *d;
    struct dirent *de;
    int n = 0;

    snprintf(f, sizeof f, "%s", tiny_with("criteria:\n  - plugin: tp_error\n"
                                          "    weight: 1\n"));
    snprintf(opath, sizeof opath, "%s/report.json", tmpdir);
    write_file("report.json", "previous report\n");
    ck_assert_int_eq(RUN("appraise", f, "-p", TP_DIR, "-o", opath),
                     EX_SOFTWARE);
    kept = slurp(opath, NULL);
    ck_assert_str_eq(kept, "previous report\n");
    free(kept);
    ck_assert_ptr_nonnull(d = opendir(tmpdir));
    while ((de = readdir(d)))
        n += strstr(de->d_name, ".tmp.") != NULL;
    closedir(d);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-o",
                         "/nonexistent-dir/r.json"), EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "cannot create '/nonexistent-dir/r.json'"));
    /* a good run replaces it, as an ordinary file: 0666 less the umask
       (not mkstemp's 0600); an unusual umask (027: 0666 & ~027 = 0640)
       shows the program's own umask is the one taken off */
    {
        struct stat st;
        mode_t old = umask(027);
        int rc = RUN("appraise", TINY, "-p", TP_DIR, "-f", "json", "-o",
                     opath);
        umask(old);
        ck_assert_int_eq(rc, 0);
        ck_assert_int_eq(stat(opath, &st), 0);
        ck_assert_int_eq(st.st_mode & 0777, 0640);
    }
    kept = slurp(opath, NULL);
    ck_assert_ptr_nonnull(strstr(kept, "\"format_version\": 2"));
    free(kept);
}
END_TEST

START_TEST(formats)
{
    json_t *j, *opts, *o;
    json_error_t je;

    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR), 0);
    ck_assert_ptr_nonnull(strstr(out, "Ranking"));
    ck_assert_ptr_nonnull(strstr(out, "Tiny test area"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "csv"), 0);
    ck_assert_int_eq(strncmp(out, "\xEF\xBB\xBFoption_id,option_name,"
                             "criterion,metric,unit,direction,mean,sd,p05,"
                             "p50,p95\r\n", 65), 0);
    ck_assert_ptr_nonnull(strstr(out, "\r\none,One consortium,overall,score,"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "consortia-csv"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\r\ntwo,Two consortia,w,West,2,20000,"
                                 "19000,tp_good,size_score,points,higher,"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "md"), 0);
    ck_assert_int_eq(strncmp(out, "# Tiny test area\n", 17), 0);
    ck_assert_ptr_nonnull(strstr(out, "| rank | option |"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json"), 0);
    j = json_loads(out, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "format_version")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "seed")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "draws")), 500);
    opts = json_object_get(j, "options");
    ck_assert_uint_eq(json_array_size(opts), 3);
    o = json_array_get(opts, 0);
    /* "one": all 50,000 patients in one consortium; the doubled score of
       criterion tp_good is 2 * scale 2 * 50 = 200 plus noise in [-1, 1] */
    {
        json_t *crit = json_object_get(json_object_get(o, "criteria"), "tp_good");
        json_t *head = json_object_get(crit, "headline");
        ck_assert_double_eq_tol(json_real_value(json_object_get(head, "mean")),
                                200.0, 0.1);
    }
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
        json_object_get(j, "inputs"), 0), "file")), "tiny.yaml");
    ck_assert_uint_eq(strlen(json_string_value(json_object_get(json_array_get(
        json_object_get(j, "inputs"), 0), "sha256"))), 64);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(j,
        "ranking"), 0)), "one");
    json_decref(j);
}
END_TEST

START_TEST(deterministic_json)
{
    char *first;

    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json", "-j",
                         "1"), 0);
    first = strdup(out);
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json", "-j",
                         "2"), 0);
    ck_assert_str_eq(first, out);
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json", "-j",
                         "2", "--seed", "8"), 0);
    ck_assert_str_ne(first, out);
    /* --draws overrides the scenario's, in what plugins are told too */
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json",
                         "--draws", "37"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"draws\": 37,"));
    free(first);
}
END_TEST

START_TEST(plugins_listing)
{
    ck_assert_int_eq(RUN("plugins", "--verbose", "-p", TP_DIR), 0);
    ck_assert_ptr_nonnull(strstr(out, "tp_good"));
    ck_assert_ptr_nonnull(strstr(out, "default plain; one of plain|doubled"));
    ck_assert_ptr_nonnull(strstr(out, "range [0, 10]"));
    ck_assert_ptr_nonnull(strstr(err, "tp_abi"));   /* refused, said why */
}
END_TEST

/* The real criteria, SMAA and the tornado: byte-identical JSON at 1 and 2
 * threads. */
START_TEST(deterministic_real_scenario)
{
    char *first;
    static char scen[] = CS_TEST_SRCDIR "/scenarios/manchester.yaml";

    ck_assert_int_eq(RUN("appraise", scen, "-f", "json", "-n", "300", "-q",
                         "-j", "1"), 0);
    first = strdup(out);
    ck_assert_ptr_nonnull(strstr(first, "\"tornado\""));
    ck_assert_int_eq(RUN("appraise", scen, "-f", "json", "-n", "300", "-q",
                         "-j", "2"), 0);
    ck_assert_str_eq(first, out);
    free(first);
}
END_TEST

/* Where each plugin was found: --plugin-path, CONSORTIA_PLUGIN_PATH, the
 * build tree for this uninstalled program -- and never the build tree for
 * a copy of the program outside it (as an installed one is). */
START_TEST(plugin_search_origin)
{
    char copy[128], cmd[512], *argv[4];


    ck_assert_int_eq(RUN("plugins", "--verbose", "-p", TP_DIR), 0);
    ck_assert_ptr_nonnull(strstr(out, "tp_good.so\n    found in: --plugin-path"));
    ck_assert_ptr_nonnull(strstr(out, "risk.so\n    found in: build tree"));
    ck_assert_int_eq(setenv("CONSORTIA_PLUGIN_PATH", TP_DIR, 1), 0);
    ck_assert_int_eq(RUN("plugins", "--verbose"), 0);
    unsetenv("CONSORTIA_PLUGIN_PATH");
    ck_assert_ptr_nonnull(strstr(out, "tp_good.so\n    found in: "
                                      "CONSORTIA_PLUGIN_PATH"));
    /* the same program copied out of the build tree: no build-tree plugin */
    snprintf(copy, sizeof copy, "%s/consortia", tmpdir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", BIN, copy);
    ck_assert_int_eq(system(cmd), 0);
    argv[0] = copy;
    argv[1] = "plugins";
    argv[2] = "--verbose";
    argv[3] = NULL;
    ck_assert_int_eq(run(argv), 0);
    ck_assert_ptr_null(strstr(out, "found in: build tree"));
}
END_TEST

/* new-plugin writes the three files with the name filled in, and refuses
 * a bad name (64) and an existing directory (73) with a how-to-fix. */
START_TEST(new_plugin_skeleton)
{
    char dir[128], path[192], *text;

    snprintf(dir, sizeof dir, "%s/gp_fte", tmpdir);
    ck_assert_int_eq(RUN("new-plugin", "Bad-Name", dir), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "error: 'Bad-Name' is not a valid "
                                      "plugin name; use lower_snake_case"));
    ck_assert_int_eq(RUN("new-plugin", "1abc", dir), EX_USAGE);
    ck_assert_int_eq(RUN("new-plugin"), EX_USAGE);
    ck_assert_int_eq(access(dir, F_OK), -1);   /* nothing written */
    ck_assert_int_eq(RUN("new-plugin", "gp_fte", dir), 0);
    snprintf(path, sizeof path, "%s/gp_fte.c", dir);
    ck_assert_ptr_nonnull(text = slurp(path, NULL));
    ck_assert_ptr_nonnull(strstr(text, ".name = \"gp_fte\""));
    ck_assert_ptr_null(strstr(text, "@NAME@"));
    ck_assert_ptr_nonnull(strstr(text, ".headline_scale = &scale"));
    free(text);
    snprintf(path, sizeof path, "%s/test_gp_fte.c", dir);
    ck_assert_ptr_nonnull(text = slurp(path, NULL));
    ck_assert_ptr_nonnull(strstr(text, "#include <consortia/mockhost.h>"));
    free(text);
    snprintf(path, sizeof path, "%s/Makefile", dir);
    ck_assert_ptr_nonnull(text = slurp(path, NULL));
    ck_assert_ptr_nonnull(strstr(text, "pkg-config"));
    ck_assert_ptr_nonnull(strstr(text, "\ncheck: $(NAME).so test_$(NAME)\n"));
    free(text);
    ck_assert_int_eq(RUN("new-plugin", "gp_fte", dir), EX_CANTCREAT);
    ck_assert_ptr_nonnull(strstr(err, "error: already exists; give a new "
                                      "directory"));
}
END_TEST

/* With no FILE, the built-in example scenario and the real plugins. */
START_TEST(default_scenario)
{
    json_t *j;
    json_error_t je;

    ck_assert_int_eq(RUN("appraise", "--format", "json", "--draws", "400",
                         "--quiet"), 0);
    j = json_loads(out, 0, &je);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j,
        "scenario"), "id")), "example");
    ck_assert_uint_eq(json_array_size(json_object_get(j, "criteria")), 6);
    json_decref(j);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, missing_and_bad_input);
    tcase_add_test(tc, validate_ok);
    tcase_add_test(tc, long_names_cut_with_marker);
    tcase_add_test(tc, unknown_plugin_and_parameters);
    tcase_add_test(tc, broken_plugin_exits_70);
    tcase_add_test(tc, keep_going_marks_failed);
    tcase_add_test(tc, output_is_atomic);
    tcase_add_test(tc, formats);
    tcase_add_test(tc, deterministic_json);
    tcase_add_test(tc, deterministic_real_scenario);
    tcase_add_test(tc, plugins_listing);
    tcase_add_test(tc, plugin_search_origin);
    tcase_add_test(tc, new_plugin_skeleton);
    tcase_add_test(tc, default_scenario);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cli_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
