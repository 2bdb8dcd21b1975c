/* test_votes.c -- votes as evidence: an option's list-weighted support
 * from its practices' votes, the pass share (analysis.vote_pass), and an
 * option that failed its vote saying so on page one of the text and HTML
 * reports; the Staffordshire 2019 case against its published vote (107
 * practices against, 24 for: ../shared/data/README.md, "Votes"). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "runcmd.h"

#define CONSORTIA CS_TEST_BUILDDIR "/consortia"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"
#define TP CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define STAFFS CS_TEST_SRCDIR "/scenarios/staffordshire-2019.yaml"

static char *out, *err;

static int run(char **argv)
{
    free(out);
    free(err);
    out = err = NULL;
    return runcmd(argv, &out, &err);
}

static json_t *option_of(json_t *root, const char *id)
{
    size_t i;
    json_t *o;

    json_array_foreach(json_object_get(root, "options"), i, o)
        if (!strcmp(json_string_value(json_object_get(o, "id")), id))
            return o;
    ck_abort_msg("no option '%s'", id);
    return NULL;
}

/* tiny.yaml with votes on option 'one' (T1 10,000 and T4 5,000 for; T2
 * 20,000 against; T3 15,000 none) and `extra` appended to analysis. */
static void write_tiny(const char *path, const char *extra)
{
    size_t len;
    char *text = slurp(TINY, &len), *at;
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(fp);
    at = strstr(text, "  - id: two\n");
    ck_assert_ptr_nonnull(at);
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs("    votes: {for: [T1, T4], against: [T2]}\n", fp);
    fputs(at, fp);
    fputs(extra, fp);
    fclose(fp);
    free(text);
}

/* The JSON report writes 10 significant digits (JSON_REAL_PRECISION). */
#define JSON_EPS 1e-9

/* support = (10,000 + 5,000) / (10,000 + 5,000 + 20,000) = 3/7 = 0.4286;
 * turnout = 35,000 / 50,000 = 0.7. Below the default pass share of 0.5:
 * failed; with vote_pass 0.4: passed. */
START_TEST(support_and_gate)
{
    char path[] = "/tmp/cs-votes.XXXXXX";
    int fd = mkstemp(path);
    json_t *r, *v;
    json_error_t je;

    ck_assert_int_ge(fd, 0);
    close(fd);
    for (int k = 0; k < 2; k++) {
        write_tiny(path, k ? "  vote_pass: 0.4\n" : "");
        ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", path, "-p", TP,
                                        "-f", "json", NULL}), 0);
        r = json_loads(out, 0, &je);
        ck_assert_ptr_nonnull(r);
        v = json_object_get(option_of(r, "one"), "vote");
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(json_integer_value(json_object_get(v, "for")), 2);
        ck_assert_int_eq(json_integer_value(json_object_get(v, "against")), 1);
        ck_assert_double_eq_tol(json_number_value(json_object_get(v,
                                "support")), 3.0 / 7, JSON_EPS);
        ck_assert_double_eq_tol(json_number_value(json_object_get(v,
                                "turnout")), 0.7, JSON_EPS);
        ck_assert(json_is_true(json_object_get(v, "failed")) == !k);
        ck_assert_ptr_null(json_object_get(option_of(r, "two"), "vote"));
        json_decref(r);
        ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", path, "-p", TP,
                                        NULL}), 0);
        /* page one: the second line, before the inputs and the ranking */
        {
            const char *want = k
                ? "Passed its vote: One consortium: 2 practices for, 1 "
                  "against; 43% of the voting list for, at or above the "
                  "40% needed\n"
                : "FAILED ITS VOTE: One consortium: 2 practices for, 1 "
                  "against; 43% of the voting list for, below the 50% "
                  "needed. The members rejected it";
            ck_assert_msg(!strncmp(strchr(out, '\n') + 1, want, strlen(want)),
                          "got: %s", out);
        }
        /* 'one' ranks first (one consortium of 50,000: tp_good's headline
         * is list / 1000); the board pack's recommendation says it failed
         * its vote, and the first section lists the vote */
        ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", path, "-p", TP,
                                        "-f", "html", NULL}), 0);
        ck_assert((strstr(out, "But it failed its vote</strong>: 43% of "
                          "the voting list for, 50% needed.") != NULL) == !k);
        ck_assert_ptr_nonnull(strstr(out, k ? "Passed its vote: One "
                                     "consortium" : "Failed its vote: One "
                                     "consortium"));
    }
    unlink(path);
}
END_TEST

/* A pass share outside [0, 1] is refused where it is written. */
START_TEST(bad_pass_share)
{
    char path[] = "/tmp/cs-votes.XXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    write_tiny(path, "  vote_pass: 1.5\n");
    ck_assert_int_ne(run((char *[]){CONSORTIA, "validate", path, "-p", TP,
                                    NULL}), 0);
    /* file:line:col: error: naming the key and its range */
    ck_assert_msg(strstr(err, path) && strstr(err, ": error: ")
                  && strstr(err, "vote_pass"), "got: %s", err);
    unlink(path);
}
END_TEST

/* Staffordshire 2019: the published 24 for and 107 against, a failed vote
 * on page one of the text and the HTML reports, and no vote on the two
 * options that were not put to the members. */
START_TEST(staffordshire_vote)
{
    json_t *r, *v;
    json_error_t je;
    char *html_fail, *html_rec;

    ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", STAFFS, "-n", "200",
                                    "-f", "json", "--quiet", NULL}), 0);
    r = json_loads(out, 0, &je);
    ck_assert_ptr_nonnull(r);
    v = json_object_get(option_of(r, "one_ccg"), "vote");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "for")), 24);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "against")), 107);
    ck_assert(json_is_true(json_object_get(v, "failed")));
    ck_assert_ptr_null(json_object_get(option_of(r, "federation"), "vote"));
    ck_assert_ptr_null(json_object_get(option_of(r, "separate"), "vote"));
    json_decref(r);
    ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", STAFFS, "-n", "200",
                                    "--quiet", NULL}), 0);
    {
        const char *want = "FAILED ITS VOTE: One commissioning organisation "
                           "for Staffordshire and Stoke: 24 practices for, "
                           "107 against";
        ck_assert_msg(!strncmp(strchr(out, '\n') + 1, want, strlen(want)),
                      "got: %.300s", out);
    }
    ck_assert_int_eq(run((char *[]){CONSORTIA, "appraise", STAFFS, "-n", "200",
                                    "-f", "html", "--quiet", NULL}), 0);
    html_fail = strstr(out, "Failed its vote: One commissioning organisation");
    html_rec = strstr(out, "<div class=\"callout\" id=\"recommendation\"");
    ck_assert_ptr_nonnull(html_fail);
    ck_assert_ptr_nonnull(html_rec);
    ck_assert(html_fail < html_rec);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("votes");
    TCase *tc = tcase_create("votes");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, support_and_gate);
    tcase_add_test(tc, bad_pass_share);
    tcase_add_test(tc, staffordshire_vote);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
