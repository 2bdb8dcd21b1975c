/* test_search.c -- the search for groupings (docs/search.md) against a
 * brute force over every partition of small cases, through the real
 * appraisal with the test plugin tp_search (tests/plugins/tp_search.c):
 * its fit is -|list/1000 - target|, list-weighted, valued linearly from
 * -1000 (0) to 1000 (1), so a grouping's exact mean score is
 *
 *     100 * sum over consortia S of (list S / list all) * (fit S + 1000) / 2000
 *
 * which the test computes by hand for every partition.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "loader/loader.h"
#include "cli/session.h"
#include "search/search.h"
#include "search/objective.h"
#include "cli/search_out.h"
#include "report/report.h"

#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define NU 7

/* Lists in thousands of the seven units l0..l6; a path l0-...-l6 with a
 * chord l1-l4. */
static const double LIST[NU] = {30, 45, 21, 60, 24, 51, 36};
static const int EDGE[][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5},
                              {5, 6}, {1, 4}};
#define N_EDGE (sizeof EDGE / sizeof *EDGE)

/* The scenario: n units, rules `search`, extra options. */
static char *scenario(int n, double noise, const char *search,
                      const char *options)
{
    size_t cap = 1 << 20, len = 0;
    char *y = malloc(cap);

#define PUT(...) (len += (size_t)snprintf(y + len, cap - len, __VA_ARGS__))
    PUT("format: 1\nscenario: {id: s, name: \"Search test\"}\n"
        "organisations:\n  - {id: la1, kind: local_authority}\n"
        "  - {id: la2, kind: local_authority}\nlocalities:\n");
    for (int i = 0; i < n; i++) {
        PUT("  - {id: l%d, local_authority: la%d, neighbours: [", i,
            i < 3 ? 1 : 2);
        int first = 1;
        for (size_t e = 0; e < N_EDGE; e++)
            for (int s = 0; s < 2; s++)
                if (EDGE[e][s] == i && EDGE[e][1 - s] < n) {
                    PUT("%sl%d", first ? "" : ", ", EDGE[e][1 - s]);
                    first = 0;
                }
        PUT("]}\n");
    }
    PUT("practices:\n");
    for (int i = 0; i < n; i++)     /* two practices a unit, 1/3 and 2/3 */
        PUT("  - {code: P%da, locality: l%d, registered: %g}\n"
            "  - {code: P%db, locality: l%d, registered: %g}\n",
            i, i, LIST[i] * 1000 / 3, i, i, LIST[i] * 2000 / 3);
    PUT("options:\n  - id: one\n    consortia:\n      - {id: all, "
        "localities: [");
    for (int i = 0; i < n; i++)
        PUT("%sl%d", i ? ", " : "", i);
    PUT("]}\n  - id: each\n    consortia:\n");
    for (int i = 0; i < n; i++)
        PUT("      - {id: c%d, localities: [l%d]}\n", i, i);
    PUT("%s", options ? options : "");
    PUT("criteria:\n  - {plugin: tp_search, weight: 1, parameters: {target: 80, "
        "noise: %g}}\nanalysis: {draws: 64, seed: 7, smaa_iterations: 50, "
        "threads: 1}\n%s", noise, search ? search : "");
#undef PUT
    return y;
}

static cs_model *load(const char *yaml)
{
    cs_diag d = {0};
    cs_model *m = cs_load_scenario_buffer("t.yaml", yaml, strlen(yaml), &d);
    if (!m)
        cs_diag_print(&d, stderr);
    cs_diag_clear(&d);
    ck_assert_ptr_nonnull(m);
    return m;
}

static int run(cs_model *m, unsigned threads, cs_search_result *r)
{
    const char *dirs[] = {TP_DIR};
    cs_plugin **pl = NULL;
    cs_diag d = {0};
    cs_search_opts o;
    int pf = 0, rc;

    memset(&o, 0, sizeof o);
    o.threads = threads;
    ck_assert_int_eq(cs_session_open_plugins(m, dirs, 1, &pl, &d), 0);
    rc = cs_search_run(m, pl, &o, r, &d, &pf);
    if (rc)
        cs_diag_print(&d, stderr);
    cs_diag_clear(&d);
    cs_session_close_plugins(pl, m->n_criteria);
    return rc;
}

/* ---- the brute force, independent of the search's own code ----------- */

typedef struct rules {
    int n;
    double pop_min, pop_max;        /* thousands */
    int parts_min, parts_max;
    int together[4][2], n_together;
    int apart[4][2], n_apart;
    int coterminous;
} rules;

static int adjacent(int a, int b)
{
    for (size_t e = 0; e < N_EDGE; e++)
        if ((EDGE[e][0] == a && EDGE[e][1] == b) ||
            (EDGE[e][0] == b && EDGE[e][1] == a))
            return 1;
    return 0;
}

/* Whether the units labelled `part` in lab[] are connected. */
static int part_connected(const int *lab, int n, int part)
{
    int seen[NU] = {0}, stack[NU], top = 0, count = 0, size = 0;
    for (int i = 0; i < n; i++)
        size += lab[i] == part;
    for (int i = 0; i < n && !top; i++)
        if (lab[i] == part) {
            stack[top++] = i;
            seen[i] = 1;
        }
    while (top) {
        int v = stack[--top];
        count++;
        for (int w = 0; w < n; w++)
            if (lab[w] == part && !seen[w] && adjacent(v, w)) {
                seen[w] = 1;
                stack[top++] = w;
            }
    }
    return count == size;
}

static int keeps(const rules *r, const int *lab, int k)
{
    if (k < r->parts_min || k > r->parts_max)
        return 0;
    for (int p = 0; p < k; p++) {
        double pop = 0;
        for (int i = 0; i < r->n; i++)
            pop += lab[i] == p ? LIST[i] : 0;
        if (pop < r->pop_min || pop > r->pop_max ||
            !part_connected(lab, r->n, p))
            return 0;
    }
    for (int t = 0; t < r->n_together; t++)
        if (lab[r->together[t][0]] != lab[r->together[t][1]])
            return 0;
    for (int t = 0; t < r->n_apart; t++)
        if (lab[r->apart[t][0]] == lab[r->apart[t][1]])
            return 0;
    for (int i = 0; r->coterminous && i < r->n; i++)
        for (int j = 0; j < r->n; j++)
            if ((i < 3) == (j < 3) && lab[i] != lab[j])
                return 0;
    return 1;
}

/* The closed form above, for target 80 and no noise. */
static double closed_form(const int *lab, int n, int k)
{
    double total = 0, score = 0;
    for (int i = 0; i < n; i++)
        total += LIST[i];
    for (int p = 0; p < k; p++) {
        double pop = 0;
        for (int i = 0; i < n; i++)
            pop += lab[i] == p ? LIST[i] : 0;
        score += pop / total * (-fabs(pop - 80) + 1000) / 2000;
    }
    return 100 * score;
}

/* Calls fn on every partition of units i..n-1 given labels of 0..i-1
 * using k parts (restricted growth strings: each unit joins a part
 * already used or opens the next). */
static void partitions(int *lab, int i, int n, int k,
                       void (*fn)(const int *, int, void *), void *arg)
{
    if (i == n) {
        fn(lab, k, arg);
        return;
    }
    for (int p = 0; p <= k; p++) {
        lab[i] = p;
        partitions(lab, i + 1, n, p == k ? k + 1 : k, fn, arg);
    }
}

typedef struct best_ctx {
    const rules *r;
    double best;
    long n_feasible, n_all;
} best_ctx;

static void take_best(const int *lab, int k, void *arg)
{
    best_ctx *b = arg;
    b->n_all++;
    if (!keeps(b->r, lab, k))
        return;
    b->n_feasible++;
    double s = closed_form(lab, b->r->n, k);
    if (s > b->best)
        b->best = s;
}

/* Every rule of r as a `search:` block. */
static void search_block(const rules *r, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "search:\n  population: {min: %g, "
        "max: %g}\n  consortia: {min: %d, max: %d}\n  coterminous: %s\n"
        "  together: [", r->pop_min * 1000, r->pop_max * 1000, r->parts_min,
        r->parts_max, r->coterminous ? "true" : "false");
    for (int t = 0; t < r->n_together; t++)
        n += (size_t)snprintf(buf + n, len - n, "%s[l%d, l%d]", t ? ", " : "",
                              r->together[t][0], r->together[t][1]);
    n += (size_t)snprintf(buf + n, len - n, "]\n  apart: [");
    for (int t = 0; t < r->n_apart; t++)
        n += (size_t)snprintf(buf + n, len - n, "%s[l%d, l%d]", t ? ", " : "",
                              r->apart[t][0], r->apart[t][1]);
    snprintf(buf + n, len - n, "]\n  top: 4\n  screen_draws: 64\n");
}

/* The units of a configuration as labels, for keeps(). */
static int labels_of(const cs_search_config *c, int n, int *lab)
{
    for (int i = 0; i < n; i++)
        lab[i] = -1;
    for (unsigned p = 0; p < c->n_parts; p++)
        for (int i = 0; i < n; i++)
            if (c->parts[p] >> i & 1) {
                ck_assert_int_eq(lab[i], -1);   /* in one part only */
                lab[i] = (int)p;
            }
    for (int i = 0; i < n; i++)
        ck_assert_int_ge(lab[i], 0);            /* every unit grouped */
    return (int)c->n_parts;
}

/* The search's best equals the brute force's; every configuration it
 * calls feasible keeps every rule by the brute force's own checks; the
 * best scores at least as well as every listed option that keeps them. */
static void check_against_brute_force(const rules *r)
{
    char block[1024], *yaml;
    int lab[NU];
    best_ctx b = {r, -INFINITY, 0, 0};
    cs_search_result res;
    cs_model *m;

    search_block(r, block, sizeof block);
    yaml = scenario(r->n, 0, block, NULL);
    m = load(yaml);
    partitions(lab, 0, r->n, 0, take_best, &b);
    ck_assert_int_gt(b.n_feasible, 0);
    ck_assert_int_eq(run(m, 1, &res), 0);
    ck_assert(res.have_best);
    ck_assert_msg(fabs(res.configs[res.best].score.mean - b.best) < 1e-9,
                  "search %.12f, brute force %.12f",
                  res.configs[res.best].score.mean, b.best);
    for (size_t i = 0; i < res.n_configs; i++) {
        const cs_search_config *c = &res.configs[i];
        if (!c->feasible)
            continue;
        int k = labels_of(c, r->n, lab);
        ck_assert_msg(keeps(r, lab, k), "%s breaks a rule", c->id);
        ck_assert(fabs(closed_form(lab, r->n, k) - c->score.mean) < 1e-9);
        ck_assert(c->score.mean <= res.configs[res.best].score.mean);
        /* the screen is exact here: linear, list-weighted, no clamping */
        ck_assert(fabs(c->screen - c->score.mean) < 1e-9);
    }
    cs_search_result_free(&res);
    cs_model_free(m);
    free(yaml);
}

START_TEST(bell_numbers)
{
    /* the enumeration itself: Bell(1..7) = 1, 2, 5, 15, 52, 203, 877 */
    static const long bell[] = {1, 2, 5, 15, 52, 203, 877};
    rules r = {.parts_min = 1, .parts_max = 64, .pop_max = 1e5};
    int lab[NU];
    for (int n = 1; n <= NU; n++) {
        best_ctx b = {&r, -INFINITY, 0, 0};
        r.n = n;
        partitions(lab, 0, n, 0, take_best, &b);
        ck_assert_int_eq(b.n_all, bell[n - 1]);
    }
}
END_TEST

START_TEST(optimum_no_rules)
{
    rules r = {.n = NU, .pop_min = 0, .pop_max = 1e5, .parts_min = 1,
               .parts_max = NU};
    check_against_brute_force(&r);
}
END_TEST

START_TEST(optimum_with_rules)
{
    rules r = {.n = NU, .pop_min = 40, .pop_max = 130, .parts_min = 2,
               .parts_max = 4, .together = {{2, 3}}, .n_together = 1,
               .apart = {{1, 4}}, .n_apart = 1};
    check_against_brute_force(&r);
}
END_TEST

START_TEST(optimum_coterminous)
{
    rules r = {.n = NU, .pop_min = 0, .pop_max = 1e5, .parts_min = 1,
               .parts_max = NU, .coterminous = 1};
    check_against_brute_force(&r);
}
END_TEST

START_TEST(optimum_small_cases)
{
    for (int n = 2; n <= 6; n++) {
        rules r = {.n = n, .pop_min = 20, .pop_max = 100, .parts_min = 1,
                   .parts_max = n};
        check_against_brute_force(&r);
    }
}
END_TEST

/* ---- with noise: the brute force through the real appraisal ----------- */

typedef struct opt_ctx {
    const rules *r;
    char *buf;
    size_t len, cap;
    int n;
} opt_ctx;

static void add_option(const int *lab, int k, void *arg)
{
    opt_ctx *o = arg;
    if (!keeps(o->r, lab, k))
        return;
    o->len += (size_t)snprintf(o->buf + o->len, o->cap - o->len,
                               "  - id: p%d\n    consortia:\n", o->n++);
    for (int p = 0; p < k; p++) {
        o->len += (size_t)snprintf(o->buf + o->len, o->cap - o->len,
                                   "      - {id: c%d, localities: [", p);
        for (int i = 0, first = 1; i < o->r->n; i++)
            if (lab[i] == p) {
                o->len += (size_t)snprintf(o->buf + o->len, o->cap - o->len,
                                           "%sl%d", first ? "" : ", ", i);
                first = 0;
            }
        o->len += (size_t)snprintf(o->buf + o->len, o->cap - o->len, "]}\n");
    }
}

START_TEST(optimum_through_appraisal)
{
    /* Every feasible partition listed as an option and appraised in full
     * (noise 5 points a draw): the search's best is the best of them. */
    rules r = {.n = 6, .pop_min = 0, .pop_max = 120, .parts_min = 1,
               .parts_max = 6};
    const char *dirs[] = {TP_DIR};
    char block[1024], *yaml;
    int lab[NU], pf = 0;
    opt_ctx o = {&r, malloc(1 << 16), 0, 1 << 16, 0};
    cs_search_result res;
    cs_plugin **pl = NULL;
    cs_diag d = {0};
    cs_appraisal *a;
    cs_appraise_opts ao;
    cs_model *m;
    double best = -INFINITY;

    partitions(lab, 0, r.n, 0, add_option, &o);
    search_block(&r, block, sizeof block);
    yaml = scenario(r.n, 5, block, o.buf);
    m = load(yaml);
    ck_assert_int_eq(cs_session_open_plugins(m, dirs, 1, &pl, &d), 0);
    memset(&ao, 0, sizeof ao);
    ao.quiet = 1;
    a = cs_appraise_decided(m, pl, &ao, &d, &pf);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 2; i < m->n_options; i++)   /* the partitions */
        if (a->option_scores[i].score.mean > best)
            best = a->option_scores[i].score.mean;
    cs_appraisal_free(a);
    cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    free(yaml);
    /* the search on the scenario without them */
    yaml = scenario(r.n, 5, block, NULL);
    m = load(yaml);
    ck_assert_int_eq(run(m, 2, &res), 0);
    ck_assert_msg(fabs(res.configs[res.best].score.mean - best) < 1e-9,
                  "search %.12f, every partition %.12f",
                  res.configs[res.best].score.mean, best);
    cs_search_result_free(&res);
    cs_model_free(m);
    free(yaml);
    free(o.buf);
}
END_TEST

/* The JSON of a search, in memory. */
static char *json_of(cs_model *m, unsigned threads)
{
    cs_search_result res;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    ck_assert_int_eq(run(m, threads, &res), 0);
    ck_assert_int_eq(cs_search_write_json(fp, &res), 0);
    fclose(fp);
    cs_search_result_free(&res);
    return buf;
}

START_TEST(same_bytes_any_threads)
{
    rules r = {.n = NU, .pop_min = 0, .pop_max = 150, .parts_min = 1,
               .parts_max = NU};
    char block[1024], *yaml, *one, *two, *four;
    cs_model *m;

    search_block(&r, block, sizeof block);
    yaml = scenario(NU, 5, block, NULL);
    m = load(yaml);
    one = json_of(m, 1);
    two = json_of(m, 2);
    four = json_of(m, 4);
    ck_assert_str_eq(one, two);
    ck_assert_str_eq(one, four);
    ck_assert_ptr_nonnull(strstr(one, "\"configurations\""));
    ck_assert_ptr_nonnull(strstr(one, "\"stability\""));
    free(one);
    free(two);
    free(four);
    cs_model_free(m);
    free(yaml);
}
END_TEST

START_TEST(keys_match_the_loader)
{
    /* a consortium built by the search has the loader's membership key,
     * so it draws the same random numbers as the same one listed */
    char *yaml = scenario(NU, 0, NULL, NULL);
    cs_model *m = load(yaml);
    for (size_t o = 0; o < m->n_options; o++)
        for (size_t k = 0; k < m->options[o].view.n_consortia; k++) {
            const cs_consortium_view *c = &m->options[o].consortia[k];
            char *key = obj_membership_key(m, c->practices, c->n_practices);
            ck_assert_str_eq(key, c->key);
            free(key);
        }
    cs_model_free(m);
    free(yaml);
}
END_TEST

/* ---- bad search blocks, refused at their positions -------------------- */

typedef struct bad_block {
    const char *block;      /* appended to the 3-unit scenario */
    const char *where;      /* "t.yaml:LINE:COL: error: " */
    const char *text;
} bad_block;

START_TEST(bad_blocks)
{
    static const bad_block cases[] = {
        {"search:\n  populaton: {min: 1}\n", ":2:3: error: ",
         "unknown key 'populaton'"},
        {"search:\n  population: {min: 500, max: 100}\n", ":2:15: error: ",
         "is above its 'max'"},
        {"search:\n  population: {min: -1}\n", ":2:21: error: ", "'min'"},
        {"search:\n  consortia: {min: 0}\n", ":2:20: error: ", "'min'"},
        {"search:\n  together: [[l0, l9]]\n", ":2:19: error: ", "l9"},
        {"search:\n  together: [[l0, l0]]\n", ":2:19: error: ",
         "names locality 'l0' twice"},
        {"search:\n  apart: [l0, l1]\n", ":2:11: error: ",
         "is a pair of locality ids"},
        {"search:\n  together: [[l0, l1]]\n  apart: [[l1, l0]]\n",
         ":3:10: error: ", "both 'together' and 'apart'"},
        {"search:\n  units: practices\n", ":2:10: error: ",
         "must be 'localities'"},
        {"search:\n  top: 0\n", ":2:8: error: ", "'top'"},
        {"search:\n  coterminous: yes\n", ":2:16: error: ", "coterminous"},
        {"search: [1]\n", ":1:9: error: ", "'search'"},
    };
    char *base = scenario(3, 0, NULL, NULL);

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(base) + strlen(cases[i].block) + 1;
        char *yaml = malloc(len), first[512] = "";
        cs_diag d = {0};
        int lines = 0;
        snprintf(yaml, len, "%s%s", base, cases[i].block);
        for (const char *p = base; *p; p++)
            lines += *p == '\n';
        cs_model *m = cs_load_scenario_buffer("t.yaml", yaml, strlen(yaml),
                                              &d);
        ck_assert_msg(m == NULL, "case %zu accepted", i);
        ck_assert_uint_ge(d.n_msgs, 1);
        /* the block's line numbers count from the end of the base */
        int line, col;
        ck_assert_int_eq(sscanf(cases[i].where, ":%d:%d", &line, &col), 2);
        snprintf(first, sizeof first, "t.yaml:%d:%d: error: ", lines + line,
                 col);
        ck_assert_msg(!strncmp(d.msgs[0], first, strlen(first)) &&
                      strstr(d.msgs[0], cases[i].text),
                      "case %zu: got '%s', wanted '%s...%s'", i, d.msgs[0],
                      first, cases[i].text);
        cs_diag_clear(&d);
        free(yaml);
    }
    free(base);
}
END_TEST

/* The board pack's section: one row per grouping that keeps the rules
 * (at most 8), best first, and a locality's name escaped. */
START_TEST(html_section)
{
    rules r = {.n = 5, .pop_min = 0, .pop_max = 150, .parts_min = 1,
               .parts_max = 5};
    char block[1024], *yaml, *buf = NULL, *p;
    size_t len = 0, rows = 0, feasible = 0;
    cs_search_result res;
    cs_model *m;
    FILE *fp;

    search_block(&r, block, sizeof block);
    yaml = scenario(5, 0, block, NULL);
    p = strstr(yaml, "{id: l0,");
    ck_assert_ptr_nonnull(p);
    {   /* name l0 "<b>&" */
        const char *ins = "{id: l0, name: \"<b>&\",";
        size_t n = strlen(ins);
        memmove(p + n, p + 8, strlen(p + 8) + 1);
        memcpy(p, ins, n);
    }
    m = load(yaml);
    ck_assert_int_eq(run(m, 1, &res), 0);
    fp = open_memstream(&buf, &len);
    ck_assert_int_eq(cs_report_search_html(&res, fp, 0, NULL), 0);
    fclose(fp);
    for (p = buf; (p = strstr(p, "<tr><td>")); p++)
        rows++;
    for (size_t i = 0; i < res.n_configs; i++)
        feasible += res.configs[i].feasible;
    ck_assert_uint_eq(rows, feasible < 8 ? feasible : 8);
    ck_assert_ptr_nonnull(strstr(buf, "<h2>Groupings you did not list</h2>"));
    ck_assert_ptr_nonnull(strstr(buf, "&lt;b&gt;&amp;"));
    ck_assert_ptr_null(strstr(buf, "<b>&"));
    free(buf);
    cs_search_result_free(&res);
    cs_model_free(m);
    free(yaml);
}
END_TEST

/* --emit-options: the finds pasted under `options:` load, and the full
 * appraisal scores each exactly as the search did (same seed and draws,
 * common random numbers). */
START_TEST(emitted_options_score_the_same)
{
    rules r = {.n = NU, .pop_min = 0, .pop_max = 150, .parts_min = 1,
               .parts_max = NU};
    const char *dirs[] = {TP_DIR};
    char block[1024], *yaml, *emit = NULL, *both, *at;
    size_t len = 0, checked = 0;
    cs_search_result res;
    cs_plugin **pl = NULL;
    cs_appraise_opts ao;
    cs_appraisal *a;
    cs_diag d = {0};
    cs_model *m, *m2;
    FILE *fp;
    int pf = 0;

    search_block(&r, block, sizeof block);
    yaml = scenario(NU, 5, block, NULL);
    m = load(yaml);
    ck_assert_int_eq(run(m, 1, &res), 0);
    fp = open_memstream(&emit, &len);
    ck_assert_int_eq(cs_search_write_options(fp, &res), 0);
    fclose(fp);
    ck_assert_ptr_nonnull(at = strstr(yaml, "criteria:\n"));
    both = malloc(strlen(yaml) + len + 1);
    memcpy(both, yaml, (size_t)(at - yaml));
    strcpy(both + (at - yaml), emit);
    strcat(both, at);
    m2 = load(both);
    ck_assert_int_eq(cs_session_open_plugins(m2, dirs, 1, &pl, &d), 0);
    memset(&ao, 0, sizeof ao);
    ao.quiet = 1;
    ck_assert_ptr_nonnull(a = cs_appraise_decided(m2, pl, &ao, &d, &pf));
    for (size_t i = 0; i < res.n_configs; i++) {
        const cs_search_config *c = &res.configs[i];
        int o = cs_model_find_option(m2, c->id);
        if (c->listed >= 0 || !c->feasible)
            continue;
        ck_assert_int_ge(o, 0);
        ck_assert_double_eq_tol(a->option_scores[o].score.mean,
                                c->score.mean, 1e-9);
        checked++;
    }
    ck_assert_uint_ge(checked, 1);
    cs_appraisal_free(a);
    cs_session_close_plugins(pl, m2->n_criteria);
    cs_diag_clear(&d);
    cs_model_free(m2);
    cs_search_result_free(&res);
    cs_model_free(m);
    free(both);
    free(emit);
    free(yaml);
}
END_TEST


static Suite *suite(void)
{
    Suite *s = suite_create("search");
    TCase *t = tcase_create("search");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, bell_numbers);
    tcase_add_test(t, optimum_no_rules);
    tcase_add_test(t, optimum_with_rules);
    tcase_add_test(t, optimum_coterminous);
    tcase_add_test(t, optimum_small_cases);
    tcase_add_test(t, optimum_through_appraisal);
    tcase_add_test(t, same_bytes_any_threads);
    tcase_add_test(t, keys_match_the_loader);
    tcase_add_test(t, bad_blocks);
    tcase_add_test(t, html_section);
    tcase_add_test(t, emitted_options_score_the_same);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    int failed;
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
