/* test_report.c -- the reports a person reads: hostile scenario text stays
 * text in the HTML pack, the CSV parses back to the JSON's figures, every
 * format is written by --reports, and no progress line reaches a file
 * (tests/test_progress.c checks it on a terminal). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "runcmd.h"
#include "report_html.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define HOSTILE CS_TEST_SRCDIR "/tests/data/core/hostile.yaml"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"

static char *out, *err;

#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})
static int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

START_TEST(html_escapes_scenario_text)
{
    ck_assert_int_eq(RUN("appraise", HOSTILE, "-p", TP_DIR, "-f", "html"), 0);
    /* the pack's only scripts are its own two (the sliders' data and
       code, report_html_sliders.c), and no element a scenario smuggled in */
    {
        const char *p = out;
        int n = 0;
        while ((p = strstr(p, "<script"))) {
            ck_assert(!strncmp(p, "<script type=\"application/json\" id=\"w-"
                               "data\">", 44) ||
                      !strncmp(p, "<script>(function(){\nvar D=JSON.parse("
                               "document.getElementById('w-data')", 71));
            p++;
            n++;
        }
        ck_assert_int_eq(n, 2);
        /* the scenario's text inside the data is JSON-escaped: no "<" */
        ck_assert_ptr_null(strstr(strstr(out, "id=\"w-data\">"), "<script>"
                                  "alert"));
    }
    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_null(strstr(out, "<svg onload"));
    ck_assert_ptr_null(strstr(out, "<em>"));
    ck_assert_ptr_null(strstr(out, "<b>bold"));
    ck_assert_ptr_null(strstr(out, "</style><img"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(&#39;pack&#39;)"
                                 "&lt;/script&gt; &amp; &quot;Sons&quot;, Ltd"));
    ck_assert_ptr_nonnull(strstr(out, "&lt;/style&gt;&lt;img src=x"));
    ck_assert_ptr_nonnull(strstr(out, "One, &quot;united&quot; &lt;em&gt;"));
    /* one style element, ours, closed once */
    ck_assert_ptr_nonnull(strstr(out, "<style>"));
    ck_assert_ptr_null(strstr(strstr(out, "<style>") + 7, "<style"));
    ck_assert_ptr_null(strstr(strstr(out, "</style>") + 8, "</style"));
}
END_TEST

/* Splits one RFC 4180 record from *p into fields (in place); returns the
 * count, advancing *p past the record's CRLF. */
static size_t csv_record(char **p, char **fields, size_t max)
{
    char *s = *p, *w;
    size_t n = 0;

    while (*s && n < max) {
        fields[n++] = w = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (s[0] == '"' && s[1] == '"') {
                    *w++ = '"';
                    s += 2;
                } else if (s[0] == '"') {
                    s++;
                    break;
                } else if (!*s) {
                    break;
                } else
                    *w++ = *s++;
            }
        } else
            while (*s && *s != ',' && *s != '\r')
                *w++ = *s++;
        if (*s == ',') {
            *w = '\0';
            s++;
            continue;
        }
        if (s[0] == '\r' && s[1] == '\n')
            s += 2;
        *w = '\0';     /* w <= the terminator's place, now passed */
        break;
    }
    *p = s;
    return n;
}

static json_t *find_option(json_t *j, const char *id)
{
    json_t *opts = json_object_get(j, "options"), *o;
    size_t i;

    json_array_foreach(opts, i, o)
        if (!strcmp(json_string_value(json_object_get(o, "id")), id))
            return o;
    return NULL;
}

/* The array or object member named by the text after `prefix` in s
 * ("p_rank_2" -> item 1; "p_beats:two" -> member "two"), or NULL. */
static json_t *pick(json_t *v, const char *s, const char *prefix)
{
    size_t n = strlen(prefix);

    if (strncmp(s, prefix, n))
        return NULL;
    if (json_is_null(v))
        return v;               /* undefined as a whole */
    if (json_is_array(v))
        return json_array_get(v, strtoul(s + n, NULL, 10) - 1);
    return json_object_get(v, s + n);
}

/* The JSON figure of a decision-engine row (criterion "decision", "smaa",
 * "sensitivity", or a criterion's weight stability), or NULL. */
static json_t *decision_value(json_t *j, json_t *o, const char *crit,
                              const char *metric)
{
    json_t *d = json_object_get(j, "decision"), *so = NULL, *x, *v = NULL;
    const char *id = json_string_value(json_object_get(o, "id"));
    size_t i;

    if (!strcmp(crit, "decision"))
        return (v = pick(json_object_get(o, "rank_probabilities"), metric,
                         "p_rank_")) ? v
             : (v = pick(json_object_get(o, "p_beats"), metric, "p_beats:"))
             ? v : json_object_get(o, metric);
    json_array_foreach(json_object_get(json_object_get(d, "smaa"),
                                       "options"), i, x)
        if (!strcmp(json_string_value(json_object_get(x, "id")), id))
            so = x;
    if (!strcmp(crit, "smaa"))
        return (v = pick(json_object_get(so, "rank_acceptability"), metric,
                         "rank_acceptability_")) ? v
             : (v = pick(json_object_get(so, "central_weights"), metric,
                         "central_weight:")) ? v
             : json_object_get(so, metric);
    if (!strcmp(crit, "sensitivity")) {
        json_array_foreach(json_object_get(json_object_get(d, "tornado"),
                                           "rows"), i, x) {
            const char *pn = json_string_value(json_object_get(x,
                                                               "parameter"));
            if (!strncmp(metric, "expected_score_at_p10:", 22) &&
                !strcmp(metric + 22, pn))
                v = json_object_get(json_object_get(x, "at_p10"), id);
            if (!strncmp(metric, "expected_score_at_p90:", 22) &&
                !strcmp(metric + 22, pn))
                v = json_object_get(json_object_get(x, "at_p90"), id);
        }
        return v;
    }
    json_array_foreach(json_object_get(d, "stability"), i, x)
        if (!strcmp(json_string_value(json_object_get(x, "criterion")), crit))
            v = json_object_get(x, !strcmp(metric, "weight") ? "weight"
                                : !strcmp(metric, "stays_first_from_weight")
                                ? "lower" : !strcmp(metric,
                                "stays_first_to_weight") ? "upper" : "-");
    return v;
}

/* Every CSV row's mean equals the JSON's figure for the same cell. */
START_TEST(csv_round_trips_to_json)
{
    json_t *j;
    json_error_t je;
    char *csv, *p, *f[16];
    size_t rows = 0, decision_rows = 0, contribution_rows = 0;

    ck_assert_int_eq(RUN("appraise", HOSTILE, "-p", TP_DIR, "-f", "json"), 0);
    j = json_loads(out, 0, &je);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(RUN("appraise", HOSTILE, "-p", TP_DIR, "-f", "csv"), 0);
    csv = strdup(out);
    ck_assert_int_eq(strncmp(csv, "\xEF\xBB\xBF", 3), 0);
    p = csv + 3;
    /* the 11 documented columns and the 3 appended (weight, value,
     * contribution: docs/json-output.md, "The CSV report") */
    ck_assert_uint_eq(csv_record(&p, f, 16), 14);
    ck_assert_str_eq(f[0], "option_id");
    while (*p) {
        json_t *o, *crit, *val;
        double x;
        ck_assert_uint_eq(csv_record(&p, f, 16), 14);
        o = find_option(j, f[0]);
        ck_assert_ptr_nonnull(o);
        ck_assert_str_eq(f[1], json_string_value(json_object_get(o, "name")));
        if (!strcmp(f[2], "overall"))
            val = json_object_get(json_object_get(o, "score"), "mean");
        else if ((val = decision_value(j, o, f[2], f[3]))) {
            decision_rows++;
            rows--;
            if (json_is_null(val)) {        /* undefined: empty in CSV */
                ck_assert_str_eq(f[6], "");
                rows++;
                continue;
            }
        } else {
            crit = json_object_get(json_object_get(o, "criteria"), f[2]);
            ck_assert_msg(crit != NULL, "criterion '%s'", f[2]);
            if (!strcmp(f[3], "contribution")) {
                /* the criterion's points in the score (contrib.c) */
                val = json_object_get(crit, "contribution");
                ck_assert_str_eq(f[4], "points");
                contribution_rows++;
            } else
                val = json_object_get(json_object_get(crit, "metrics"), f[3]);
            if (json_is_object(val))
                val = json_object_get(val, "mean");
        }
        ck_assert_msg(json_is_number(val), "%s/%s/%s", f[0], f[2], f[3]);
        x = strtod(f[6], NULL);
        ck_assert_double_eq_tol(x, json_number_value(val),
                                1e-9 * fmax(1.0, fabs(x)));
        rows++;
    }
    /* 2 options x (overall + 2 tp_good metrics + 1 contribution) */
    ck_assert_uint_eq(rows, 8);
    ck_assert_uint_eq(contribution_rows, 2);
    /* 2 options x (2 rank probabilities, expected rank, 1 pairwise, 2
       rank acceptabilities, 1 central weight, confidence factor), and
       the best option's weight, stable from and to */
    ck_assert_uint_eq(decision_rows, 19);
    /* the option name with a newline and quotes survived the quoting */
    ck_assert_ptr_nonnull(find_option(j, "two"));
    free(csv);
    json_decref(j);
}
END_TEST

START_TEST(reports_dir_writes_every_format)
{
    char dir[] = "/tmp/cs-rep.XXXXXX", path[256], cmd[300];
    static const char *const ext[] = {"txt", "json", "csv", "consortia.csv",
                                      "md", "html"};

    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "--reports", dir), 0);
    for (size_t i = 0; i < 6; i++) {
        size_t len = 0;
        char *text;
        snprintf(path, sizeof path, "%s/tiny.%s", dir, ext[i]);
        text = slurp(path, &len);
        ck_assert_msg(text != NULL && len > 100, "%s", path);
        free(text);
    }
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "--reports",
                         "/nonexistent-dir"), 73);
    ck_assert_ptr_nonnull(strstr(err, "not a writable directory"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(no_progress_unless_terminal)
{
    /* stderr is a file here: nothing but real messages */
    ck_assert_int_eq(RUN("appraise", TINY, "-p", TP_DIR, "-f", "json"), 0);
    ck_assert_ptr_null(strstr(err, "appraising"));
    ck_assert_ptr_null(strchr(err, '\r'));
}
END_TEST

/* Labels facing the board (docs/board-pack.md, "Plain English"): the
 * expected strings follow by hand from the rules -- a doc's first clause
 * (cut at ";", ":", or a "," or " (" past 24 characters, never inside
 * brackets), "GBP" read as "£", a family sharing one description told
 * apart by the end of its names -- never from a run of the program. */
START_TEST(labels_read_out_names)
{
    static const cs_metric_decl m[] = {
        {"hhi_kmpt", "", CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN,
         "Herfindahl index of this provider's commissioners"},
        {"hhi_medway_ft", "", CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN,
         "Herfindahl index of this provider's commissioners"},
        {"p_over_1pct", "", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
         "probability that the overspend exceeds this share"},
        {"p_over_2pct", "", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
         "probability that the overspend exceeds this share"},
        {"var95_gbp", "GBP", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, NULL},
        {"ci_change", "", CS_NEUTRAL, 0, CS_AGG_MEAN, "ci_after - ci_before"},
        {"cover", "", CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN,
         "GPs able per role needed (below 1: roles go unfilled)"},
        {"spend", "GBP", CS_NEUTRAL, 0, CS_AGG_MEAN, "GBP per head, mean"},
        {"balance_y2_pct", "%", CS_NEUTRAL, 1, CS_AGG_MEAN, "spend in year"},
        {"balance_y3_pct", "%", CS_NEUTRAL, 1, CS_AGG_MEAN, "spend in year"},
    };
    static const char *const want[] = {
        "Herfindahl index of this provider's commissioners: KMPT",
        "Herfindahl index of this provider's commissioners: Medway FT",
        "Probability that the overspend exceeds this share: 1%",
        "Probability that the overspend exceeds this share: 2%",
        "Value at risk (95%) (\xc2\xa3)",
        "Concentration index change",
        "GPs able per role needed",
        "\xc2\xa3 per head, mean",
        "Spend in year: Y2 (%)",
        "Spend in year: Y3 (%)",
    };
    static const cs_param_decl pd[2] = {
        {.name = "list_share", .type = CS_PARAM_UNCERTAIN,
         .doc = "share of a pooled budget the body divides by list, the "
                "rest by need"},
        {.name = "cost_per_body", .type = CS_PARAM_UNCERTAIN,
         .doc = "one-off cost of a body created or dissolved (NHS, 2011)"},
    };
    cs_param_slot slots[2] = {{.decl = &pd[0]}, {.decl = &pd[1]}};
    cs_criterion_spec spec[2] = {{.label = "risk"}, {.label = "transition"}};
    cs_crit_run runs[2] = {{.spec = &spec[0]}, {.spec = &spec[1]}};
    cs_appraisal a = {.crits = runs, .n_crits = 2};
    char buf[320];

    for (size_t k = 0; k < sizeof m / sizeof *m; k++)
        ck_assert_str_eq(cs_html_metric_label_of(m, sizeof m / sizeof *m, k,
                                                 buf, sizeof buf), want[k]);
    runs[0].params = (cs_param_set){slots, 1, 0};
    runs[1].params = (cs_param_set){slots + 1, 1, 0};
    ck_assert_str_eq(cs_html_param_label(&a, "list_share", buf, sizeof buf),
                     "Share of a pooled budget the body divides by list");
    ck_assert_str_eq(cs_html_param_label(&a, "transition.cost_per_body", buf,
                                         sizeof buf),
                     "One-off cost of a body created or dissolved "
                     "(transition)");
    ck_assert_str_eq(cs_html_param_label(&a, "list_share,cost_per_body", buf,
                                         sizeof buf),
                     "Share of a pooled budget the body divides by list and "
                     "One-off cost of a body created or dissolved");
    /* a parameter its criterion does not declare, and a name no
       criterion declares: read out */
    ck_assert_str_eq(cs_html_param_label(&a, "risk.unknown_gbp", buf,
                                         sizeof buf), "Risk.unknown (\xc2\xa3)");
    ck_assert_str_eq(cs_html_param_label(&a, "nothing_known", buf,
                                         sizeof buf), "Nothing known");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, html_escapes_scenario_text);
    tcase_add_test(tc, csv_round_trips_to_json);
    tcase_add_test(tc, reports_dir_writes_every_format);
    tcase_add_test(tc, no_progress_unless_terminal);
    tcase_add_test(tc, labels_read_out_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(out);
    free(err);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
