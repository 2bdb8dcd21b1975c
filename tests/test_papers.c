/* test_papers.c -- the outputs officers take into Excel and board papers
 * (issue 16 item 8). The CSV carries, per option and criterion, the
 * weight in force, the 0-1 value and the weighted contribution: the test
 * reads them back and rebuilds each option's score as 100 x sum(weight x
 * value), against the score the CSV's own "overall" row gives; the
 * weights against the scenario's (tiny.yaml: 2 and 1, so 2/3 and 1/3).
 * The Markdown opens with the text report's recommendation sentence and
 * heads its criteria table with option names. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    out = err = NULL;
    return runcmd(argv, &out, &err);
}

/* Splits one CSV line (no quoted fields: tiny's names hold no commas or
 * quotes) into at most max fields; returns the count. */
static int split(char *line, char **f, int max)
{
    int n = 0;

    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == ',') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static const char *const old_cols[] = {
    "option_id", "option_name", "criterion", "metric", "unit", "direction",
    "mean", "sd", "p05", "p50", "p95",
};

START_TEST(csv_rebuilds_the_score)
{
    char *line, *save = NULL, *f[32];
    const char *opts[] = {"one", "two", "fed"};
    double score[3] = {NAN, NAN, NAN}, sum[3] = {0}, wsum[3] = {0};
    int nrows[3] = {0}, header = 1;

    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "csv"), 0);
    ck_assert(!strncmp(out, "\xEF\xBB\xBF", 3));      /* Excel's BOM */
    for (line = strtok_r(out + 3, "\r\n", &save); line;
         line = strtok_r(NULL, "\r\n", &save)) {
        int n = split(line, f, 32), o;
        if (header) {
            /* the documented columns first, in their order; then ours */
            ck_assert_int_eq(n, 14);
            for (int i = 0; i < 11; i++)
                ck_assert_str_eq(f[i], old_cols[i]);
            ck_assert_str_eq(f[11], "weight");
            ck_assert_str_eq(f[12], "value");
            ck_assert_str_eq(f[13], "contribution");
            header = 0;
            continue;
        }
        ck_assert_int_eq(n, 14);          /* every row as wide */
        for (o = 0; o < 3 && strcmp(f[0], opts[o]); o++)
            ;
        ck_assert_int_lt(o, 3);
        if (!strcmp(f[2], "overall") && !strcmp(f[3], "score"))
            score[o] = strtod(f[6], NULL);
        if (strcmp(f[3], "contribution") != 0) {
            ck_assert_str_eq(f[11], "");  /* only contribution rows */
            continue;
        }
        double w = strtod(f[11], NULL), v = strtod(f[12], NULL),
               c = strtod(f[13], NULL);
        ck_assert(v >= 0 && v <= 1);
        /* weights as the scenario gives them, normalised: 2 : 1 */
        if (!strcmp(f[2], "tp_good"))
            ck_assert_double_eq_tol(w, 2.0 / 3.0, 1e-9);
        else {
            ck_assert_str_eq(f[2], "good_again");
            ck_assert_double_eq_tol(w, 1.0 / 3.0, 1e-9);
        }
        /* the contribution is 100 x weight x value, and `mean` holds it */
        ck_assert_double_eq_tol(c, 100 * w * v, 1e-8 * (1 + fabs(c)));
        ck_assert_double_eq_tol(strtod(f[6], NULL), c, 1e-8 * (1 + fabs(c)));
        sum[o] += 100 * w * v;
        wsum[o] += w;
        nrows[o]++;
    }
    for (int o = 0; o < 3; o++) {
        ck_assert_int_eq(nrows[o], 2);
        ck_assert(isfinite(score[o]));
        ck_assert_double_eq_tol(wsum[o], 1.0, 1e-9);
        /* Excel's =100*SUMPRODUCT(weight, value) is the score */
        ck_assert_msg(fabs(sum[o] - score[o]) <= 1e-7 * (1 + score[o]),
                      "%s: rebuilt %.10g, score %.10g", opts[o], sum[o],
                      score[o]);
    }
}
END_TEST

/* A criterion label and an option name a spreadsheet would run stay
 * neutralised in the new rows too. */
START_TEST(csv_new_rows_neutralised)
{
    char path[] = "/tmp/cs-papers.XXXXXX";
    char *text = slurp(TINY, NULL), *p;
    int fd = mkstemp(path);
    FILE *fp;

    ck_assert_int_ge(fd, 0);
    ck_assert_ptr_nonnull(text);
    p = strstr(text, "label: good_again");
    ck_assert_ptr_nonnull(p);
    fp = fdopen(fd, "w");
    fprintf(fp, "%.*slabel: '=cmd'%s", (int)(p - text), text,
            p + strlen("label: good_again"));
    fclose(fp);
    ck_assert_int_eq(RUN("appraise", path, "-p", TP_DIR, "-f", "csv"), 0);
    ck_assert_ptr_nonnull(strstr(out, ",'=cmd,contribution,points,"));
    ck_assert_ptr_null(strstr(out, ",=cmd"));
    unlink(path);
    free(text);
}
END_TEST

START_TEST(markdown_opens_with_the_recommendation)
{
    char *text, *sentence, *nl;

    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR), 0);
    text = out;
    out = NULL;
    /* the text report: the title, then the sentence (tiny has no votes) */
    nl = strchr(text, '\n');
    ck_assert_ptr_nonnull(nl);
    sentence = nl + 1;
    nl = strchr(sentence, '\n');
    ck_assert_ptr_nonnull(nl);
    *nl = '\0';
    ck_assert_ptr_nonnull(strstr(sentence, " ranks first, with an overall "
                                 "score of "));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "md"), 0);
    ck_assert(!strncmp(out, "# Tiny test area\n\n", 18));
    ck_assert(!strncmp(out + 18, sentence, strlen(sentence)));
    ck_assert_int_eq(out[18 + strlen(sentence)], '\n');
    /* the criteria table is headed by names, not ids */
    ck_assert_ptr_nonnull(strstr(out, "| criterion | weight | headline |"));
    {
        const char *head = strstr(out, "| criterion | weight | headline |");
        const char *end = strchr(head, '\n');
        char row[512];
        snprintf(row, sizeof row, "%.*s", (int)(end - head), head);
        ck_assert_ptr_nonnull(strstr(row, " One consortium |"));
        ck_assert_ptr_nonnull(strstr(row, " Two consortia |"));
        ck_assert_ptr_nonnull(strstr(row, " Two in a federation |"));
        ck_assert_ptr_null(strstr(row, " one |"));
        ck_assert_ptr_null(strstr(row, " fed |"));
    }
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("papers");
    TCase *tc = tcase_create("papers");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, csv_rebuilds_the_score);
    tcase_add_test(tc, csv_new_rows_neutralised);
    tcase_add_test(tc, markdown_opens_with_the_recommendation);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(out);
    free(err);
    return failed ? 1 : 0;
}
