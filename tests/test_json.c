/* test_json.c -- every field of docs/json-output.md, against the scenario
 * it came from and closed forms worked out here.
 *
 * The scenario (written below) has four practices in two localities and
 * three options; both criteria are the test plugin tp_good
 * (tests/plugins/tp_good.c), whose headline for a consortium is, per draw,
 *     x = mult * scale * registered / 1000 + noise + 0.01 U,  U ~ U(0, 1),
 * and whose `practices` metric is the consortium's practice count. So:
 *   criterion tp_good (scale 2, mode doubled: mult 2, noise ~ U(-1, 1)):
 *     option one (one consortium, 50,000 patients): x = 200 + noise + 0.01U
 *       mean 200.005; sd = sqrt(2^2/12 + 0.01^2/12) = 0.577358;
 *       p05 = 200 - 0.9 + 0.005 = 199.105 (the 0.01U term moves it by
 *       less than 0.005); p95 = 200.905; p50 = 200.005.
 *     value function piecewise (0, 0), (50, 0.4), (250, 1): above 50,
 *       v = 0.4 + 0.003 (x - 50), linear, so E v = v(E x) = 0.850015.
 *   criterion good_again (scale 2 from the scenario, mode plain, no
 *     noise): one: x = 100 + 0.01U; step (0, 0), (60, 0.5), (150, 1):
 *     v = 0.5 exactly; options two and fed: each consortium 60 or 40, so
 *     any mean of them is below 60: v = 0.
 *   Direct weights 2 and 1: normalised 2/3 and 1/3. Score of one:
 *     100 (2/3 0.850015 + 1/3 0.5) = 73.33433; its sd 100 (2/3) 0.003
 *     0.577358 = 0.115472; p05/p95 = mean -+ 100 (2/3) 0.003 0.9 = 0.18.
 *   Option one has the higher value on both criteria in every draw (0.84+
 *   against at most 0.57 + 0.003 x 6; 0.5 against 0), so it ranks first
 *   in every draw and under every weight vector.
 *   Votes on one: for T1 (10,000) and T4 (5,000), against T2 (20,000):
 *     support 15,000 / 35,000 = 3/7, turnout 35,000 / 50,000 = 0.7; with
 *     vote_pass 0.6 it failed.
 *   Tornado: noise at its p10 and p90 is -0.8 and 0.8 (uniform), moving
 *     every option's x by 1.6 in the linear part, so every expected score
 *     moves by 100 (2/3) 0.003 1.6 = 0.32: swing 0.32, at_p10 = base -
 *     0.16, at_p90 = base + 0.16. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "config.h"
#include "consortia/plugin.h"
#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define DRAWS 2000
#define ITER 2000

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
    "analysis: {draws: 2000, seed: 3, thresholds: [1, 2, 5], vote_pass: 0.6,\n"
    "           smaa_iterations: 2000}\n"
    "criteria:\n"
    "  - plugin: tp_good\n"
    "    parameters: {noise: {dist: uniform, min: -1, max: 1}, mode: doubled}\n"
    "    value_function: {kind: piecewise, points: [[0, 0], [50, 0.4], [250, 1]]}\n";

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/cs-json.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Writes head + `crit0_weight` (a line under criterion 1) + `rest`,
 * appraises it and returns the parsed JSON report. */
static json_t *appraise(const char *crit0_weight, const char *rest,
                        char *path, size_t len)
{
    char *out = NULL, *err = NULL;
    FILE *fp;
    json_t *j;
    json_error_t je;

    snprintf(path, len, "%s/jf.yaml", dir);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    fprintf(fp, "%s%s%s", head, crit0_weight, rest);
    fclose(fp);
    ck_assert_msg(runcmd((char *[]){BIN, "appraise", path, "-p", TP_DIR,
                                    "-f", "json", "--threads", "2", NULL},
                         &out, &err) == 0, "%s", err);
    j = json_loads(out, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    free(out);
    free(err);
    return j;
}

#define GET(o, k) json_object_get((o), (k))
#define AT(a, i) json_array_get((a), (i))
#define NUM(o, k) json_number_value(GET((o), (k)))
#define STR(o, k) json_string_value(GET((o), (k)))
#define NEAR(x, want, tol) \
    ck_assert_msg(fabs((x) - (want)) <= (tol), "%s = %.10g, want %.10g +- %g", \
                  #x, (double)(x), (double)(want), (double)(tol))

/* The member of array a whose "id" is id. */
static json_t *by_id(json_t *a, const char *id)
{
    size_t i;
    json_t *v;

    json_array_foreach(a, i, v)
        if (STR(v, "id") && !strcmp(STR(v, "id"), id))
            return v;
    ck_abort_msg("no '%s'", id);
    return NULL;
}

static void check_top(json_t *j, const char *path)
{
    char abi[16], cmd[300], want[80];
    json_t *in, *th, *pl;
    FILE *p;

    ck_assert_int_eq(json_integer_value(GET(j, "format_version")), 2);
    ck_assert_str_eq(STR(GET(j, "program"), "name"), "consortia");
    ck_assert_str_eq(STR(GET(j, "program"), "version"), PACKAGE_VERSION);
    snprintf(abi, sizeof abi, "%d.%d", CS_ABI_MAJOR, CS_ABI_MINOR);
    ck_assert_str_eq(STR(GET(j, "program"), "plugin_abi"), abi);
    ck_assert_str_eq(STR(GET(j, "scenario"), "id"), "jf");
    ck_assert_str_eq(STR(GET(j, "scenario"), "name"), "JSON fields");
    ck_assert_str_eq(STR(GET(j, "scenario"), "description"), "every field");
    /* the SHA-256 of the file, by sha256sum */
    in = GET(j, "inputs");
    ck_assert_int_eq(json_array_size(in), 1);
    ck_assert_str_eq(STR(AT(in, 0), "file"), "jf.yaml");
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    ck_assert_ptr_nonnull(p = popen(cmd, "r"));
    ck_assert_int_eq(fscanf(p, "%64s", want), 1);
    pclose(p);
    ck_assert_str_eq(STR(AT(in, 0), "sha256"), want);
    ck_assert_int_eq(json_integer_value(GET(j, "seed")), 3);
    ck_assert_int_eq(json_integer_value(GET(j, "draws")), DRAWS);
    /* percent in the scenario, fractions in the report */
    th = GET(j, "thresholds");
    ck_assert_int_eq(json_array_size(th), 3);
    NEAR(json_number_value(AT(th, 0)), 0.01, 1e-12);
    NEAR(json_number_value(AT(th, 1)), 0.02, 1e-12);
    NEAR(json_number_value(AT(th, 2)), 0.05, 1e-12);
    pl = GET(j, "plugins");
    ck_assert_int_eq(json_array_size(pl), 2);
    ck_assert_str_eq(STR(AT(pl, 0), "criterion"), "tp_good");
    ck_assert_str_eq(STR(AT(pl, 1), "criterion"), "good_again");
    ck_assert_str_eq(STR(AT(pl, 0), "name"), "tp_good");
    ck_assert_str_eq(STR(AT(pl, 0), "version"), "0.1");  /* tp_good.c */
    ck_assert_str_eq(STR(AT(pl, 0), "abi"), abi);
}

/* tp_good's declared metrics (tests/plugins/tp_good.c). */
static void check_metric_decls(json_t *c)
{
    json_t *m = GET(c, "metrics");

    ck_assert_int_eq(json_array_size(m), 2);
    ck_assert_str_eq(STR(AT(m, 0), "name"), "size_score");
    ck_assert_str_eq(STR(AT(m, 0), "unit"), "points");
    ck_assert_str_eq(STR(AT(m, 0), "direction"), "higher");
    ck_assert(json_is_true(GET(AT(m, 0), "sampled")));
    ck_assert_str_eq(STR(AT(m, 0), "doc"),
                     "list in thousands, scaled, plus noise");
    ck_assert_str_eq(STR(AT(m, 1), "name"), "practices");
    ck_assert_str_eq(STR(AT(m, 1), "unit"), "count");
    ck_assert_str_eq(STR(AT(m, 1), "direction"), "neutral");
    ck_assert(json_is_false(GET(AT(m, 1), "sampled")));
    ck_assert_str_eq(STR(GET(c, "headline"), "metric"), "size_score");
    ck_assert_str_eq(STR(GET(c, "headline"), "unit"), "points");
    ck_assert_str_eq(STR(GET(c, "headline"), "direction"), "higher");
}

static void check_points(json_t *a, const double (*want)[2], size_t n)
{
    ck_assert_int_eq(json_array_size(a), n);
    for (size_t i = 0; i < n; i++) {
        NEAR(json_number_value(AT(AT(a, i), 0)), want[i][0], 1e-12);
        NEAR(json_number_value(AT(AT(a, i), 1)), want[i][1], 1e-12);
    }
}

static void check_criteria(json_t *j)
{
    static const double pts[][2] = {{0, 0}, {50, 0.4}, {250, 1}};
    static const double stp[][2] = {{0, 0}, {60, 0.5}, {150, 1}};
    json_t *cr = GET(j, "criteria"), *c0 = AT(cr, 0), *c1 = AT(cr, 1), *vf;

    ck_assert_int_eq(json_array_size(cr), 2);
    ck_assert_str_eq(STR(c0, "id"), "tp_good");
    ck_assert_str_eq(STR(c1, "id"), "good_again");
    ck_assert_str_eq(STR(c1, "plugin"), "tp_good");
    NEAR(NUM(c0, "weight"), 2, 0);
    NEAR(NUM(c1, "weight"), 1, 0);
    NEAR(NUM(c0, "normalised_weight"), 2.0 / 3, 1e-9);
    NEAR(NUM(c1, "normalised_weight"), 1.0 / 3, 1e-9);
    ck_assert_str_eq(STR(c0, "status"), "ok");
    check_metric_decls(c0);
    vf = GET(c0, "value_function");
    ck_assert_str_eq(STR(vf, "kind"), "piecewise");
    NEAR(NUM(vf, "worst"), 0, 0);      /* the levels at the two ends */
    NEAR(NUM(vf, "best"), 250, 0);
    ck_assert_str_eq(STR(vf, "bounds"), "scenario");
    check_points(GET(vf, "points"), pts, 3);
    vf = GET(c1, "value_function");
    ck_assert_str_eq(STR(vf, "kind"), "step");
    NEAR(NUM(vf, "worst"), 0, 0);
    NEAR(NUM(vf, "best"), 150, 0);
    check_points(GET(vf, "steps"), stp, 3);
}

static void check_summary_one(json_t *h)
{
    /* closed forms in the header comment; tolerances 5 standard errors
       of 2000 draws (mean: 0.577/sqrt(2000) = 0.013; sd of a uniform:
       0.577 sqrt(0.8 / 8000) = 0.006; 5% quantile: sqrt(0.05 0.95 /
       2000) / density 0.5 = 0.0097; median 0.022) */
    NEAR(NUM(h, "mean"), 200.005, 0.065);
    NEAR(NUM(h, "sd"), 0.577358, 0.03);
    NEAR(NUM(h, "p05"), 199.105, 0.05 + 0.005);
    NEAR(NUM(h, "p50"), 200.005, 0.11);
    NEAR(NUM(h, "p95"), 200.905, 0.05 + 0.005);
}

static void check_option_one(json_t *j)
{
    json_t *o = by_id(GET(j, "options"), "one"), *c, *s, *v, *k;
    const char *key;
    double sum = 0;

    ck_assert_str_eq(STR(o, "name"), "One consortium");
    ck_assert_int_eq(json_integer_value(GET(o, "rank")), 1);
    NEAR(NUM(o, "p_best"), 1, 0);
    NEAR(NUM(o, "p_best_se"), 0, 0);          /* sqrt(1 (1 - 1) / n) */
    NEAR(NUM(o, "expected_rank"), 1, 0);
    v = GET(o, "rank_probabilities");
    NEAR(json_number_value(AT(v, 0)), 1, 0);
    NEAR(json_number_value(AT(v, 1)), 0, 0);
    NEAR(NUM(GET(o, "p_beats"), "two"), 1, 0);
    NEAR(NUM(GET(o, "p_beats"), "fed"), 1, 0);
    s = GET(o, "score");
    NEAR(NUM(s, "mean"), 73.33433, 5 * 0.115472 / sqrt(DRAWS));
    NEAR(NUM(s, "sd"), 0.115472, 0.006);
    NEAR(NUM(s, "p05"), 73.33433 - 0.18, 0.01);
    NEAR(NUM(s, "p95"), 73.33433 + 0.18, 0.01);
    ck_assert(NUM(s, "p05") < NUM(s, "p50") && NUM(s, "p50") < NUM(s, "p95"));
    /* one consortium of all four practices: 50,000 registered; weighted
       11,000 + 20,000 (T2 has none: its registered) + 14,000 + 5,000 */
    c = AT(GET(o, "consortia"), 0);
    ck_assert_str_eq(STR(c, "id"), "all");
    ck_assert_str_eq(STR(c, "name"), "All");
    ck_assert_int_eq(json_integer_value(GET(c, "practices")), 4);
    NEAR(NUM(c, "registered"), 50000, 0);
    NEAR(NUM(c, "weighted"), 50000, 0);
    ck_assert(json_is_null(GET(c, "federation")));
    ck_assert_int_eq(json_array_size(GET(o, "federations")), 0);
    /* votes: 15,000 for, 20,000 against of 50,000 */
    v = GET(o, "vote");
    ck_assert_int_eq(json_integer_value(GET(v, "for")), 2);     /* practices */
    ck_assert_int_eq(json_integer_value(GET(v, "against")), 1);
    NEAR(NUM(v, "support"), 15000.0 / 35000, 1e-9);
    NEAR(NUM(v, "turnout"), 35000.0 / 50000, 1e-9);
    NEAR(NUM(v, "pass_share"), 0.6, 1e-12);
    ck_assert(json_is_true(GET(v, "failed")));
    /* per criterion */
    c = GET(GET(o, "criteria"), "tp_good");
    ck_assert_str_eq(STR(c, "status"), "ok");
    check_summary_one(GET(c, "headline"));
    ck_assert_str_eq(STR(GET(c, "headline"), "metric"), "size_score");
    ck_assert_str_eq(STR(GET(c, "headline"), "unit"), "points");
    ck_assert_str_eq(STR(GET(c, "headline"), "direction"), "higher");
    NEAR(NUM(c, "value"), 0.850015, 0.003 * 0.065);
    NEAR(NUM(c, "contribution"), 100 * 2.0 / 3 * NUM(c, "value"), 1e-6);
    check_summary_one(GET(GET(c, "metrics"), "size_score"));
    NEAR(NUM(GET(c, "metrics"), "practices"), 4, 0);
    k = AT(GET(c, "consortia"), 0);
    ck_assert_str_eq(STR(k, "id"), "all");
    NEAR(NUM(GET(k, "metrics"), "practices"), 4, 0);
    c = GET(GET(o, "criteria"), "good_again");
    NEAR(NUM(c, "value"), 0.5, 0);
    /* the contributions add up to the score */
    json_object_foreach(GET(o, "criteria"), key, c)
        sum += NUM(c, "contribution");
    NEAR(sum, NUM(s, "mean"), 1e-6);
}

static void check_option_fed(json_t *j)
{
    json_t *o = by_id(GET(j, "options"), "fed"), *f, *e, *t;

    f = AT(GET(o, "federations"), 0);
    ck_assert_str_eq(STR(f, "id"), "f");
    ck_assert_str_eq(STR(f, "name"), "Fed");
    ck_assert_str_eq(json_string_value(AT(GET(f, "members"), 0)), "e");
    ck_assert_str_eq(json_string_value(AT(GET(f, "members"), 1)), "w");
    NEAR(NUM(f, "risk_pool_share"), 0.5, 0);
    ck_assert(json_is_true(GET(f, "pool_surpluses")));
    NEAR(NUM(f, "shared_functions"), 0.4, 0);
    ck_assert(json_is_true(GET(f, "joint_contracting")));
    /* East: T1 and T2, 30,000 registered, 11,000 + 20,000 weighted */
    e = by_id(GET(o, "consortia"), "e");
    ck_assert_int_eq(json_integer_value(GET(e, "practices")), 2);
    NEAR(NUM(e, "registered"), 30000, 0);
    NEAR(NUM(e, "weighted"), 31000, 0);
    ck_assert_str_eq(STR(e, "federation"), "f");
    ck_assert_ptr_null(GET(o, "vote"));        /* no votes recorded */
    /* option two has the same consortia, not federated */
    t = by_id(GET(by_id(GET(j, "options"), "two"), "consortia"), "w");
    ck_assert(json_is_null(GET(t, "federation")));
    NEAR(NUM(t, "weighted"), 19000, 0);
    /* East's headline: 2 x 2 x 30 = 120 + noise + 0.01U */
    e = by_id(GET(GET(GET(o, "criteria"), "tp_good"), "consortia"), "e");
    NEAR(NUM(GET(GET(e, "metrics"), "size_score"), "mean"), 120.005, 0.065);
    NEAR(NUM(GET(e, "metrics"), "practices"), 2, 0);
}

/* P(rank), P(beats) and their standard errors sqrt(p (1 - p) / n). */
static void check_ranks(json_t *d, json_t *options)
{
    json_t *r = GET(d, "ranks"), *pr = GET(r, "p_rank"), *se = GET(r,
                                                                  "p_rank_se");
    json_t *pw = GET(GET(d, "pairwise"), "p_beats");
    json_t *pws = GET(GET(d, "pairwise"), "p_beats_se");
    const char *ids[] = {"one", "two", "fed"};

    ck_assert_int_eq(json_integer_value(GET(r, "draws")), DRAWS);
    for (size_t o = 0; o < 3; o++) {
        double row = 0, er = 0;
        json_t *opt = by_id(options, ids[o]);
        for (size_t k = 0; k < 3; k++) {
            double p = json_number_value(AT(AT(pr, o), k)), col = 0;
            row += p;
            er += (double)(k + 1) * p;
            NEAR(json_number_value(AT(AT(se, o), k)),
                 sqrt(p * (1 - p) / DRAWS), 1e-9);
            for (size_t q = 0; q < 3; q++)
                col += json_number_value(AT(AT(pr, q), k));
            NEAR(col, 1, 1e-9);        /* each rank is taken once a draw */
            NEAR(json_number_value(AT(GET(opt, "rank_probabilities"), k)), p,
                 1e-9);
        }
        NEAR(row, 1, 1e-9);
        NEAR(json_number_value(AT(GET(r, "expected_rank"), o)), er, 1e-9);
        NEAR(NUM(opt, "expected_rank"), er, 1e-9);
        for (size_t q = 0; q < 3; q++) {
            double p = json_number_value(AT(AT(pw, o), q));
            double pq = json_number_value(AT(AT(pw, q), o));
            NEAR(p + pq, 1, 1e-9);     /* ties counted half to each */
            /* the diagonal is 0.5 by definition, not estimated: SE 0 */
            NEAR(json_number_value(AT(AT(pws, o), q)),
                 q == o ? 0 : sqrt(p * (1 - p) / DRAWS), 1e-9);
            if (q != o)
                NEAR(NUM(GET(opt, "p_beats"), ids[q]), p, 1e-9);
        }
        NEAR(json_number_value(AT(AT(pw, o), o)), 0.5, 0);
    }
}

static void check_decision(json_t *j)
{
    json_t *d = GET(j, "decision"), *w, *st, *t, *row, *sm, *so, *c;
    const char *ids[] = {"one", "two", "fed"};

    ck_assert_str_eq(json_string_value(AT(GET(d, "options"), 2)), "fed");
    ck_assert_str_eq(json_string_value(AT(GET(d, "criteria"), 1)),
                     "good_again");
    w = GET(d, "weights");
    ck_assert_str_eq(STR(w, "method"), "direct");
    NEAR(NUM(GET(w, "given"), "tp_good"), 2, 0);
    NEAR(json_number_value(AT(GET(w, "normalised"), 0)), 2.0 / 3, 1e-9);
    ck_assert_str_eq(STR(d, "best"), "one");
    ck_assert_str_eq(json_string_value(AT(GET(j, "ranking"), 0)), "one");
    check_ranks(d, GET(j, "options"));
    /* one is first at every weight: [0, 1], no rival at either edge */
    st = GET(d, "stability");
    ck_assert_int_eq(json_array_size(st), 2);
    ck_assert_str_eq(STR(AT(st, 0), "criterion"), "tp_good");
    NEAR(NUM(AT(st, 0), "weight"), 2.0 / 3, 1e-9);
    NEAR(NUM(AT(st, 0), "lower"), 0, 1e-9);
    NEAR(NUM(AT(st, 0), "upper"), 1, 1e-9);
    ck_assert(json_is_null(GET(AT(st, 0), "rival_below")));
    ck_assert(json_is_null(GET(AT(st, 0), "rival_above")));
    /* the tornado (header comment) */
    t = GET(d, "tornado");
    ck_assert_str_eq(STR(t, "best_at_base"), "one");
    NEAR(NUM(GET(t, "base"), "one"), 73.33433, 0.001);
    row = AT(GET(t, "rows"), 0);
    ck_assert_int_eq(json_array_size(GET(t, "rows")), 1);
    ck_assert_str_eq(STR(row, "parameter"), "noise");
    ck_assert_str_eq(STR(row, "unit"), "points");
    NEAR(NUM(row, "centre"), 0, 1e-9);
    NEAR(NUM(row, "p10"), -0.8, 1e-9);
    NEAR(NUM(row, "p90"), 0.8, 1e-9);
    NEAR(NUM(row, "swing"), 0.32, 1e-6);
    for (size_t o = 0; o < 3; o++) {
        double base = NUM(GET(t, "base"), ids[o]);
        NEAR(NUM(GET(row, "at_p10"), ids[o]), base - 0.16, 1e-6);
        NEAR(NUM(GET(row, "at_p90"), ids[o]), base + 0.16, 1e-6);
    }
    ck_assert_str_eq(STR(row, "best_at_p10"), "one");
    ck_assert_str_eq(STR(row, "best_at_p90"), "one");
    /* contributions: the same numbers as per option */
    c = GET(d, "contributions");
    for (size_t o = 0; o < 3; o++) {
        json_t *oc = GET(by_id(GET(j, "options"), ids[o]), "criteria");
        NEAR(json_number_value(AT(AT(c, o), 0)),
             NUM(GET(oc, "tp_good"), "contribution"), 1e-9);
        NEAR(json_number_value(AT(AT(c, o), 1)),
             NUM(GET(oc, "good_again"), "contribution"), 1e-9);
    }
    /* nothing changes the answer: no item, a sentence saying so */
    ck_assert_int_eq(json_array_size(GET(GET(d, "what_would_change"),
                                         "items")), 0);
    ck_assert_int_gt(strlen(STR(GET(d, "what_would_change"), "summary")), 0);
    /* SMAA over the whole simplex: one is first under every vector */
    sm = GET(d, "smaa");
    ck_assert_int_eq(json_integer_value(GET(sm, "iterations")), ITER);
    ck_assert_str_eq(STR(sm, "preferences"), "none");
    so = by_id(GET(sm, "options"), "one");
    NEAR(json_number_value(AT(GET(so, "rank_acceptability"), 0)), 1, 0);
    NEAR(json_number_value(AT(GET(so, "rank_acceptability_se"), 0)), 0, 0);
    NEAR(NUM(so, "confidence_factor"), 1, 0);
    NEAR(NUM(so, "confidence_factor_se"), 0, 0);
    /* the central weight of one is the mean of uniform weights on the
       2-simplex: w1 ~ U(0, 1), mean 1/2, its SE sqrt(1/12 / ITER) */
    NEAR(NUM(GET(so, "central_weights_se"), "tp_good"),
         sqrt(1.0 / 12 / ITER), 0.1 * sqrt(1.0 / 12 / ITER));
    NEAR(NUM(GET(so, "central_weights"), "tp_good"), 0.5,
         5 * sqrt(1.0 / 12 / ITER));
    NEAR(NUM(GET(so, "central_weights"), "tp_good") +
         NUM(GET(so, "central_weights"), "good_again"), 1, 1e-9);
    so = by_id(GET(sm, "options"), "two");
    ck_assert(json_is_null(GET(so, "central_weights")));
    ck_assert(json_is_null(GET(so, "confidence_factor")));
    NEAR(json_number_value(AT(AT(GET(sm, "p_beats"), 0), 1)), 1, 0);
    /* one always first: only the order of two and fed varies, so at most
       one bit */
    ck_assert(NUM(sm, "ranking_entropy") >= 0 &&
              NUM(sm, "ranking_entropy") <= 1 + 1e-9);
}

static void check_recommendation(json_t *j)
{
    json_t *r = GET(j, "recommendation"), *b;

    ck_assert_str_eq(STR(GET(r, "ranked_first"), "id"), "one");
    ck_assert_int_eq(json_integer_value(GET(GET(r, "ranked_first"), "rank")),
                     1);
    NEAR(NUM(GET(r, "ranked_first"), "score"),
         NUM(GET(by_id(GET(j, "options"), "one"), "score"), "mean"), 1e-9);
    ck_assert_str_eq(STR(r, "vote"), "failed");
    ck_assert(json_is_true(GET(r, "failed_vote")));
    ck_assert(json_is_null(GET(r, "best_passed")));   /* no vote passed */
    /* the best not rejected: the option ranked second (no vote) */
    b = GET(r, "best_not_rejected");
    ck_assert_int_eq(json_integer_value(GET(b, "rank")), 2);
    ck_assert_str_eq(STR(b, "id"), json_string_value(AT(GET(j, "ranking"),
                                                         1)));
    ck_assert_int_gt(strlen(STR(r, "text")), 0);
}

START_TEST(direct_weights_every_field)
{
    char path[128];
    json_t *j = appraise("    weight: 2\n",
                         "  - plugin: tp_good\n    label: good_again\n"
                         "    weight: 1\n    value_function: {kind: step, "
                         "steps: [[0, 0], [60, 0.5], [150, 1]]}\n",
                         path, sizeof path);

    check_top(j, path);
    check_criteria(j);
    check_option_one(j);
    check_option_fed(j);
    check_decision(j);
    check_recommendation(j);
    json_decref(j);
}
END_TEST

/* The other weights methods: what `given` holds, the normalised weights
 * (swing: points / sum; ordinal: rank-order centroid, for two criteria
 * (1/2)(1 + 1/2) = 3/4 and (1/2)(1/2) = 1/4; intervals: the mean of the
 * sampled weights: with two criteria summing to 1, w0 is uniform on
 * [0.5, 0.9], mean 0.7, SE 0.4 / sqrt(12 ITER) = 0.0026, so 5 SE),
 * `weight` null, SMAA's preferences and sampling; and a criterion without
 * a value function on the plugin's default scale. */
START_TEST(other_weights_methods)
{
    static const struct {
        const char *block, *method, *prefs;
        double w0, w1, tol;
    } runs[] = {
        {"weights: {method: swing, points: {tp_good: 100, good_again: 50}}\n",
         "swing", "none", 100.0 / 150, 50.0 / 150, 1e-9},
        {"weights: {method: ordinal, order: [tp_good, good_again]}\n",
         "ordinal", "ordinal", 0.75, 0.25, 1e-9},
        {"weights: {method: intervals, bounds: {tp_good: [0.5, 0.9], "
         "good_again: [0.1, 0.5]}}\n", "intervals", "intervals", 0.7, 0.3,
         5 * 0.4 / sqrt(12.0 * ITER)},
    };
    char path[128], rest[512];

    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        json_t *j, *w, *g, *vf, *sm, *sa;
        const char *m;
        snprintf(rest, sizeof rest, "  - plugin: tp_good\n    label: "
                 "good_again\n%s", runs[i].block);
        j = appraise("", rest, path, sizeof path);
        w = GET(GET(j, "decision"), "weights");
        ck_assert_str_eq(STR(w, "method"), runs[i].method);
        NEAR(json_number_value(AT(GET(w, "normalised"), 0)), runs[i].w0,
             runs[i].tol);
        NEAR(json_number_value(AT(GET(w, "normalised"), 1)), runs[i].w1,
             runs[i].tol);
        ck_assert(json_is_null(GET(AT(GET(j, "criteria"), 0), "weight")));
        NEAR(NUM(AT(GET(j, "criteria"), 0), "normalised_weight"),
             json_number_value(AT(GET(w, "normalised"), 0)), 1e-9);
        g = GET(w, "given");
        if (i == 0) {
            NEAR(NUM(g, "tp_good"), 100, 0);
            NEAR(NUM(g, "good_again"), 50, 0);
        } else if (i == 1) {
            NEAR(NUM(g, "tp_good"), 1, 0);      /* place in the order */
            NEAR(NUM(g, "good_again"), 2, 0);
        } else {
            NEAR(json_number_value(AT(GET(g, "tp_good"), 0)), 0.5, 0);
            NEAR(json_number_value(AT(GET(g, "tp_good"), 1)), 0.9, 0);
            NEAR(json_number_value(AT(GET(g, "good_again"), 1)), 0.5, 0);
        }
        sm = GET(GET(j, "decision"), "smaa");
        ck_assert_str_eq(STR(sm, "preferences"), runs[i].prefs);
        sa = GET(sm, "sampling");
        m = STR(sa, "method");
        ck_assert_ptr_nonnull(m);
        if (!strcmp(m, "rejection"))
            ck_assert(NUM(sa, "acceptance") > 0 && NUM(sa, "acceptance") <= 1);
        else if (!strcmp(m, "hit-and-run"))
            ck_assert(json_integer_value(GET(sa, "thin")) >= 8 &&
                      json_integer_value(GET(sa, "burn_in")) ==
                      100 * json_integer_value(GET(sa, "thin")));
        else
            ck_assert_str_eq(m, "exact");
        if (i == 0)    /* the whole simplex is sampled exactly */
            ck_assert_str_eq(m, "exact");
        /* good_again has no value function: tp_good's default scale,
           0 to 200 with its source (tp_good.c) */
        vf = GET(AT(GET(j, "criteria"), 1), "value_function");
        ck_assert_str_eq(STR(vf, "kind"), "linear");
        NEAR(NUM(vf, "worst"), 0, 0);
        NEAR(NUM(vf, "best"), 200, 0);
        ck_assert_str_eq(STR(vf, "bounds"), "plugin");
        ck_assert_str_eq(STR(vf, "source"), "test: 0 to 200 thousand patients");
        json_decref(j);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");
    SRunner *sr;
    int nf;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, direct_weights_every_field);
    tcase_add_test(tc, other_weights_methods);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
