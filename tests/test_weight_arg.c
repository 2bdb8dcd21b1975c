/* test_weight_arg.c -- the board pack's command-line options
 * (docs/board-pack.md): `appraise --weight CRITERION=W` (core/cli/
 * weight_arg.c) gives the same report as the scenario edited to that
 * weight, and every wrong use is a usage error (64) naming the criterion
 * and the valid names; `appraise --with-search` adds the search's section
 * "Groupings you did not list" to the pack of a scenario with a `search:`
 * block, and without it the pack says how to get it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"

static char *out, *err;

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* The JSON report with its "inputs" (the scenario's path and hash, which
 * differ between the two files by construction) and "scenario" blocks cut,
 * so the rest -- scores, ranks, P(best), weights -- can be compared. */
static char *results_part(const char *json)
{
    const char *p = strstr(json, "\"options\"");

    ck_assert_ptr_nonnull(p);
    return strdup(p);
}

START_TEST(flag_equals_edited_scenario)
{
    char dir[] = "/tmp/cs-weight.XXXXXX", path[256], *text, *w, *flag;
    FILE *fp;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* tiny.yaml gives tp_good weight 2 and good_again 1; the edited copy
       gives tp_good 0.5, as --weight tp_good=0.5 should */
    text = slurp(TINY, NULL);
    w = strstr(text, "    weight: 2\n");
    ck_assert_ptr_nonnull(w);
    snprintf(path, sizeof path, "%s/edited.yaml", dir);
    fp = fopen(path, "w");
    fprintf(fp, "%.*s    weight: 0.5\n%s", (int)(w - text), text, w + 14);
    fclose(fp);
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "-n", "200",
                         "-f", "json", "--weight", "tp_good=0.5"), 0);
    flag = results_part(out);
    ck_assert_int_eq(RUN("appraise", path, "-p", TP_DIR, "-q", "-n", "200",
                         "-f", "json"), 0);
    {
        char *edited = results_part(out);
        ck_assert_str_eq(flag, edited);
        free(edited);
    }
    /* and the weights moved: 0.5 / (0.5 + 1) = 1/3 for tp_good */
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "-n", "200",
                         "-f", "html", "--weight", "tp_good=0.5"), 0);
    ck_assert_ptr_nonnull(strstr(out, "tp_good 33%, good_again 67%"));
    ck_assert_ptr_nonnull(strstr(out, "what-if, weights set with --weight"));
    free(flag);
    free(text);
    remove(path);
    remove(dir);
}
END_TEST

START_TEST(wrong_uses_are_usage_errors)
{
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "--weight",
                         "nope=1"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "--weight 'nope=1': tiny.yaml has no "
                                 "criterion 'nope'; the criteria are: "
                                 "tp_good, good_again"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "--weight",
                         "tp_good"), EX_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "give CRITERION=W"));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "--weight",
                         "tp_good=-1"), EX_USAGE);
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "--weight",
                         "tp_good=x"), EX_USAGE);
    /* every weight 0: the scenario's own error, file:line:col */
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "--weight",
                         "tp_good=0", "--weight", "good_again=0"), EX_DATAERR);
    ck_assert_ptr_nonnull(strstr(err, "tiny.yaml:"));
}
END_TEST

START_TEST(with_search_adds_the_section)
{
    char dir[] = "/tmp/cs-wsearch.XXXXXX", path[256], *text;
    FILE *fp;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    text = slurp(TINY, NULL);
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    fp = fopen(path, "w");
    fprintf(fp, "%ssearch:\n  top: 2\n  screen_draws: 50\n", text);
    fclose(fp);
    ck_assert_int_eq(RUN("appraise", path, "-p", TP_DIR, "-q", "-n", "100",
                         "-f", "html"), 0);
    ck_assert_ptr_nonnull(strstr(out, "<h2>Groupings you did not list</h2>"));
    ck_assert_ptr_nonnull(strstr(out, "--with-search -f html</code>"));
    ck_assert_ptr_null(strstr(out, "(listed)</td>"));
    ck_assert_int_eq(RUN("appraise", path, "-p", TP_DIR, "-q", "-n", "100",
                         "-f", "html", "--with-search"), 0);
    ck_assert_ptr_nonnull(strstr(out, "<h2>Groupings you did not list</h2>"));
    /* the listed options beside the finds, before the appendix */
    ck_assert_ptr_nonnull(strstr(out, "(listed)</td>"));
    ck_assert(strstr(out, "(listed)</td>") < strstr(out, "id=\"appendix\""));
    {
        /* its scores follow the scenario's weights, not the sliders: the
           section carries the note the sliders show */
        const char *sec = strstr(out, "<section id=\"search\">");
        const char *end = sec ? strstr(sec, "</section>") : NULL;
        const char *note = sec ? strstr(sec, "<p class=\"atw\" hidden>") : NULL;
        ck_assert_ptr_nonnull(end);
        ck_assert_msg(note && note < end, "no weights note in the search "
                      "section");
    }
    /* a scenario without a search block: no section, flag or not */
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-q", "-n", "100",
                         "-f", "html", "--with-search"), 0);
    ck_assert_ptr_null(strstr(out, "Groupings you did not list"));
    free(text);
    remove(path);
    remove(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("weight_arg");
    TCase *tc = tcase_create("weight_arg");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, flag_equals_edited_scenario);
    tcase_add_test(tc, wrong_uses_are_usage_errors);
    tcase_add_test(tc, with_search_adds_the_section);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(out);
    free(err);
    return failed ? 1 : 0;
}
