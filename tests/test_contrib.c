/* test_contrib.c -- why each option scores what it does, and the vote
 * gate on the recommendation, in every report: each criterion's
 * contribution against a hand calculation on tests/data/core/gate.yaml
 * (worked out in that file and below), contributions adding up to the
 * score, the sentence on the first option's lead, and the recommendation
 * when the option ranked first failed its vote -- there and in the
 * Staffordshire 2019 case (24 practices for, 107 against). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define GATE CS_TEST_SRCDIR "/tests/data/core/gate.yaml"
#define STAFFS CS_TEST_SRCDIR "/scenarios/staffordshire-2019.yaml"

static char *out, *err;

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    out = err = NULL;
    return runcmd(argv, &out, &err);
}

static json_t *json_of(const char *path, const char *plugins)
{
    json_error_t je;
    json_t *j;

    if (plugins)
        ck_assert_int_eq(RUN("appraise", (char *)path, "-p", (char *)plugins,
                             "-f", "json"), 0);
    else
        ck_assert_int_eq(RUN("appraise", (char *)path, "-n", "200", "-f",
                             "json", "--quiet"), 0);
    j = json_loads(out, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    return j;
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

static double contribution(json_t *root, const char *opt, const char *crit)
{
    json_t *c = json_object_get(json_object_get(option_of(root, opt),
                                                "criteria"), crit);

    ck_assert_msg(json_is_number(json_object_get(c, "contribution")),
                  "%s/%s", opt, crit);
    return json_number_value(json_object_get(c, "contribution"));
}

/* A copy of `src` at `dst` with every `from` replaced by `to`. */
static void edited_copy(const char *src, const char *dst, const char *from,
                        const char *to)
{
    size_t len;
    char *text = slurp(src, &len), *p, *at;
    FILE *fp = fopen(dst, "w");

    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(fp);
    for (p = text; (at = strstr(p, from)); p = at + strlen(from)) {
        fwrite(p, 1, (size_t)(at - p), fp);
        fputs(to, fp);
    }
    fputs(p, fp);
    fclose(fp);
    free(text);
}

/* gate.yaml by hand: size_score is 50 (big), 26 (pair) and 15 (solo),
 * plus 0.01 u with u in [0, 1). `size` (weight 3 of 4: 0.75) is valued
 * x / 100, `again` (0.25) x / 200 (tp_good's default scale). So
 *   big:  size 100 x 0.75 x 50/100 = 37.5,  again 100 x 0.25 x 50/200 = 6.25
 *   pair: size 0.75 x 26 = 19.5,             again 0.25 x 26/2 = 3.25
 *   solo: size 0.75 x 15 = 11.25,            again 0.25 x 15/2 = 1.875
 * plus under 100 x 0.75 x 0.01/100 = 0.0075 (size) and 100 x 0.25 x
 * 0.01/200 = 0.00125 (again) from u. */
START_TEST(contributions_by_hand)
{
    static const char *const opt[] = {"big", "pair", "solo"};
    static const double size[] = {37.5, 19.5, 11.25};
    static const double again[] = {6.25, 3.25, 1.875};
    json_t *j = json_of(GATE, TP), *m;

    m = json_object_get(json_object_get(j, "decision"), "contributions");
    for (size_t o = 0; o < 3; o++) {
        double s = contribution(j, opt[o], "size");
        double a = contribution(j, opt[o], "again");
        double score = json_number_value(json_object_get(json_object_get(
            option_of(j, opt[o]), "score"), "mean"));
        ck_assert_msg(s >= size[o] && s < size[o] + 0.0075, "%g", s);
        ck_assert_msg(a >= again[o] && a < again[o] + 0.00125, "%g", a);
        /* They add up to the score. The JSON writes 10 significant
         * digits, so each of the three figures (all below 100) is within
         * 0.5e-8 of the value computed: 3 x 0.5e-8 at most. */
        ck_assert_double_eq_tol(s + a, score, 1.5e-8);
        /* decision.contributions: [option][criterion], scenario order */
        ck_assert_double_eq(json_number_value(json_array_get(
            json_array_get(m, o), 0)), s);
        ck_assert_double_eq(json_number_value(json_array_get(
            json_array_get(m, o), 1)), a);
    }
    json_decref(j);
}
END_TEST

/* The text, Markdown, CSV and HTML reports carry the same figures, and
 * the sentence on big's lead over pair: 37.5 - 19.5 = 18.0 on size and
 * 6.25 - 3.25 = 3.0 on again, 21.0 in all. The scores are 43.75 and
 * 22.75 plus 0.00875 x the mean of 200 uniform draws in [0, 1) (0.5, sd
 * 0.02): about 0.0044, so they show as 43.75 and 22.75 (and 43.8, 22.8
 * to one decimal), 21.00 apart. */
START_TEST(contributions_in_every_report)
{
    static const char *lead = "One big consortium scores 21.00 points above "
        "East and West (43.75 against 22.75). It gains 18.0 points on size, "
        "3.0 points on again; it loses on no criterion.";

    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP), 0);
    ck_assert_ptr_nonnull(strstr(out, "\nContributions (points of the "
                                 "overall score"));
    /* the option's name in 40 columns, each figure in 10, the score in 7 */
    ck_assert_ptr_nonnull(strstr(out, "  One big consortium"
                                 "                       "
                                 "      37.5        6.3     43.8\n"));
    ck_assert_ptr_nonnull(strstr(out, lead));
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP, "-f", "md"), 0);
    ck_assert_ptr_nonnull(strstr(out, "| option | size | again | score |\n"
                                 "|---|---:|---:|---:|\n| One big consortium "
                                 "| 37.5 | 6.3 | 43.8 |\n"));
    ck_assert_ptr_nonnull(strstr(out, lead));
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP, "-f", "csv"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\r\nsolo,Four on their own,size,"
                                 "contribution,points,higher,11.25"));
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP, "-f", "html"), 0);
    ck_assert_ptr_nonnull(strstr(out, "<section id=\"contributions\">"));
    ck_assert_ptr_nonnull(strstr(out, "<svg id=\"chart-contrib\""));
    ck_assert_ptr_nonnull(strstr(out, "<title>size: 37.5 points</title>"));
    ck_assert_ptr_nonnull(strstr(out, lead));
    ck_assert_ptr_nonnull(strstr(out, "<tr><td>again (25%)</td><td class="
                                 "\"n\">6.3</td><td class=\"n\">3.3</td>"));
}
END_TEST

/* big ranks first and failed its vote (22%); pair passed (90%) and ranks
 * second: every report names both, with their scores. */
START_TEST(gate_names_the_option_that_passed)
{
    static const char *alt = "The best-ranked option that passed its vote "
        "is East and West (rank 2, score 22.8; 90% of the voting list for).";
    json_t *j = json_of(GATE, TP), *r = json_object_get(j, "recommendation");

    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
                     "ranked_first"), "id")), "big");
    ck_assert_str_eq(json_string_value(json_object_get(r, "vote")),
                     "failed");
    ck_assert(json_is_true(json_object_get(r, "failed_vote")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
                     "best_passed"), "id")), "pair");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r,
                     "best_passed"), "rank")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
                     "best_not_rejected"), "id")), "pair");
    ck_assert_str_eq(json_string_value(json_object_get(r, "text")), alt);
    json_decref(j);
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP), 0);
    ck_assert_ptr_nonnull(strstr(out, "\nRecommendation: One big consortium "
                                 "ranks first (score 43.8) but FAILED ITS "
                                 "VOTE: 22% of the voting list for, 50% "
                                 "needed. "));
    ck_assert_ptr_nonnull(strstr(out, alt));
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP, "-f", "md"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\n**Recommendation:** One big "
                                 "consortium ranks first (score 43.8) but "
                                 "FAILED ITS VOTE"));
    ck_assert_ptr_nonnull(strstr(out, alt));
    ck_assert_int_eq(RUN("appraise", GATE, "-p", TP, "-f", "html"), 0);
    ck_assert_ptr_nonnull(strstr(out, "But it failed its vote</strong>: 22% "
                                 "of the voting list for, 50% needed. The "
                                 "best-ranked option that passed its vote is "
                                 "East and West (rank 2, score 22.8;"));
}
END_TEST

/* With a pass share of 95% pair (90%) fails too, and so has every
 * option: no option passed and none is left unrejected. */
START_TEST(gate_when_every_option_failed)
{
    char path[] = "/tmp/cs-gate.XXXXXX";
    int fd = mkstemp(path);
    json_t *j, *r;

    ck_assert_int_ge(fd, 0);
    close(fd);
    edited_copy(GATE, path, "  seed: 11\n", "  seed: 11\n  vote_pass: 0.95\n");
    j = json_of(path, TP);
    r = json_object_get(j, "recommendation");
    ck_assert(json_is_true(json_object_get(r, "failed_vote")));
    ck_assert(json_is_null(json_object_get(r, "best_passed")));
    ck_assert(json_is_null(json_object_get(r, "best_not_rejected")));
    ck_assert_str_eq(json_string_value(json_object_get(r, "text")),
                     "No option passed its vote.");
    json_decref(j);
    ck_assert_int_eq(RUN("appraise", path, "-p", TP), 0);
    ck_assert_ptr_nonnull(strstr(out, "95% needed. No option passed its "
                                 "vote.\n"));
    unlink(path);
}
END_TEST

/* The gate changes the recommendation, never the scores: without the
 * votes the ranking, every option's score and the whole decision (SMAA,
 * stability, tornado) are the same, and no report has a gate. */
START_TEST(gate_leaves_scores_and_smaa)
{
    char path[] = "/tmp/cs-gate.XXXXXX";
    int fd = mkstemp(path);
    json_t *with, *without;

    ck_assert_int_ge(fd, 0);
    close(fd);
    edited_copy(GATE, path, "    votes:", "    # votes:");
    with = json_of(GATE, TP);
    without = json_of(path, TP);
    ck_assert(json_equal(json_object_get(with, "ranking"),
                         json_object_get(without, "ranking")));
    ck_assert(json_equal(json_object_get(with, "decision"),
                         json_object_get(without, "decision")));
    for (size_t o = 0; o < 3; o++)
        ck_assert(json_equal(
            json_object_get(json_array_get(json_object_get(with, "options"),
                                           o), "score"),
            json_object_get(json_array_get(json_object_get(without,
                                                           "options"), o),
                            "score")));
    ck_assert(json_is_false(json_object_get(json_object_get(without,
              "recommendation"), "failed_vote")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
                     without, "recommendation"), "vote")), "none");
    json_decref(with);
    json_decref(without);
    ck_assert_int_eq(RUN("appraise", path, "-p", TP), 0);
    ck_assert_ptr_null(strstr(out, "Recommendation:"));
    ck_assert_int_eq(RUN("appraise", path, "-p", TP, "-f", "html"), 0);
    ck_assert_ptr_null(strstr(out, "failed its vote"));
    unlink(path);
}
END_TEST

/* Staffordshire 2019 as shipped: the gate speaks exactly when the one
 * organisation (which failed, 24 for and 107 against) ranks first. With
 * risk's weight raised from 25 to 150 it does rank first (risk is where
 * one body pools most: the deficit it carries is near 0% of budget
 * against 0.85% for six):
 * then no option passed a vote and the best-ranked option not rejected
 * is named, with its score. */
START_TEST(staffordshire_gate)
{
    char path[] = "/tmp/cs-staffs.XXXXXX";
    int fd = mkstemp(path);
    json_t *j, *r;
    const char *first, *second;
    char want[512];

    ck_assert_int_ge(fd, 0);
    close(fd);
    j = json_of(STAFFS, NULL);
    r = json_object_get(j, "recommendation");
    first = json_string_value(json_array_get(json_object_get(j, "ranking"),
                                             0));
    ck_assert(json_is_true(json_object_get(r, "failed_vote")) ==
              !strcmp(first, "one_ccg"));
    json_decref(j);
    edited_copy(STAFFS, path, "    weight: 25\n", "    weight: 150\n");
    j = json_of(path, NULL);
    r = json_object_get(j, "recommendation");
    first = json_string_value(json_array_get(json_object_get(j, "ranking"),
                                             0));
    second = json_string_value(json_array_get(json_object_get(j, "ranking"),
                                              1));
    ck_assert_str_eq(first, "one_ccg");
    ck_assert(json_is_true(json_object_get(r, "failed_vote")));
    ck_assert(json_is_null(json_object_get(r, "best_passed")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
                     "best_not_rejected"), "id")), second);
    snprintf(want, sizeof want, "No option passed its vote. The best-ranked "
             "option not rejected by a vote is %s (rank 2, score %.1f; no "
             "vote recorded).", json_string_value(json_object_get(
             option_of(j, second), "name")), json_number_value(
             json_object_get(json_object_get(option_of(j, second), "score"),
                             "mean")));
    ck_assert_str_eq(json_string_value(json_object_get(r, "text")), want);
    json_decref(j);
    ck_assert_int_eq(RUN("appraise", path, "-n", "200", "--quiet"), 0);
    ck_assert_ptr_nonnull(strstr(out, "\nRecommendation: One commissioning "
                                 "organisation for Staffordshire and Stoke "
                                 "ranks first"));
    ck_assert_ptr_nonnull(strstr(out, "FAILED ITS VOTE: 26% of the voting "
                                 "list for, 50% needed."));
    ck_assert_ptr_nonnull(strstr(out, want));
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("contrib");
    TCase *tc = tcase_create("contrib");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, contributions_by_hand);
    tcase_add_test(tc, contributions_in_every_report);
    tcase_add_test(tc, gate_names_the_option_that_passed);
    tcase_add_test(tc, gate_when_every_option_failed);
    tcase_add_test(tc, gate_leaves_scores_and_smaa);
    tcase_add_test(tc, staffordshire_gate);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
