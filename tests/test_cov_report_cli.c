/* test_cov_report_cli.c -- what the text, Markdown and HTML reports say
 * of a criterion that failed under --keep-going (test_zoo checks the
 * JSON), and the HTML report's date stamp from SOURCE_DATE_EPOCH
 * (docs/board-pack.md). The scenario is test_zoo's: tp_good and a second
 * criterion, labelled "second", of a plugin whose consortium() aborts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli_harness.h"

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})

/* The zoo scenario with plugin `bad` as the second criterion, whose
 * value function is vf (tp_good's headline is higher-is-better, the
 * zoo's lower). */
static const char *zoo(const char *bad, const char *vf)
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
            "  - plugin: %s\n    label: second\n    weight: 1\n"
            "    value_function: %s\n"
            "analysis: {draws: 20, seed: 5}\n", bad, vf);
    fclose(fp);
    return path;
}

/* Runs appraise of the zoo scenario with tp_abort, kept going, in fmt. */
static int kept_going(const char *fmt)
{
    return RUN("appraise", (char *)zoo("tp_abort", "{worst: 10000, best: 0}"), "-p", TP_DIR, "-f",
               (char *)fmt, "-k", "--plugin-timeout", "20");
}

START_TEST(failed_criterion_in_text)
{
    /* still exit 70 (a plugin failed); the criterion's section says it is
     * left out, with the reason, instead of its metrics */
    ck_assert_int_eq(kept_going("text"), EX_SOFTWARE);
    ck_assert_msg(strstr(out, "\nsecond: FAILED, left out of the score: "),
                  "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "\ntp_good"));
}
END_TEST

START_TEST(failed_criterion_in_markdown)
{
    ck_assert_int_eq(kept_going("md"), EX_SOFTWARE);
    ck_assert_msg(strstr(out, "| second | failed | "), "%s", out);
}
END_TEST

START_TEST(failed_criterion_in_html)
{
    ck_assert_int_eq(kept_going("html"), EX_SOFTWARE);
    /* the stamp: one criterion failed; the flags list names it */
    ck_assert_msg(strstr(out, "status: incomplete, 1 criterion failed and "
                              "is left out"), "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "<li class=\"bad\">second failed and "
                                      "is left out of the score: "));
}
END_TEST

/* The stamp's date: SOURCE_DATE_EPOCH counts seconds from 1970-01-01
 * 00:00 UTC, so 86,400 is a day later, 2 January 1970, and 951,782,400
 * = 11,016 days (30 years from 1970 with 7 leap days, 10,957 days, to
 * 1 January 2000, and 59 days more) is 29 February 2000. Text that is not
 * a whole number of seconds from 0 leaves the date unset. */
START_TEST(html_stamp_date)
{
    static const struct {
        const char *sde, *want;
    } cases[] = {
        {"86400", "<p class=\"stamp\">02 January 1970 · "},
        {"951782400", "<p class=\"stamp\">29 February 2000 · "},
        {"12x", "<p class=\"stamp\">date not set (SOURCE_DATE_EPOCH) · "},
        {"-5", "<p class=\"stamp\">date not set (SOURCE_DATE_EPOCH) · "},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", cases[i].sde, 1), 0);
        ck_assert_int_eq(RUN("appraise", (char *)zoo("tp_good", "{worst: 0, best: 10000}"), "-p",
                             TP_DIR, "-f", "html"), 0);
        ck_assert_msg(strstr(out, cases[i].want), "SOURCE_DATE_EPOCH=%s: "
                      "no '%s'", cases[i].sde, cases[i].want);
    }
    unsetenv("SOURCE_DATE_EPOCH");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_report_cli");
    TCase *tc = tcase_create("reports");
    SRunner *sr;
    int nf;

    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, failed_criterion_in_text);
    tcase_add_test(tc, failed_criterion_in_markdown);
    tcase_add_test(tc, failed_criterion_in_html);
    tcase_add_test(tc, html_stamp_date);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
