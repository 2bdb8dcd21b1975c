/*
 * equity.c -- the equity criterion: where money moves when practices'
 * budgets are pooled in consortia, and whether it moves towards or away
 * from the deprived.
 *
 * Need is the practice's weighted population under the national
 * allocation formula (cs_scenario_view.practice_need), or its weighted
 * list when the scenario gives none. Each practice has a basis budget set
 * by one of the period's methods (Essex LMC PBC briefing, 2005):
 * capitation (need x spend_per_need_head), history (its historic spend;
 * capitation when not given) or a pace-of-change mix of the two. A
 * consortium pools its practices' basis budgets and divides the pool:
 * list_share of it by registered list, the rest by need (or by history);
 * list_share is uncertain, one value per draw. The headline
 * (largest_loss_per_head, sampled) is the loss per registered head of the
 * locality or IMD quintile that loses most, 0 when none loses. Also
 * reported, at the mean list_share: money moved, winners and losers, the
 * concentration index of GBP per head against IMD before and after, and
 * GBP per head before and after for each IMD quintile and locality.
 * Formulas and sources: docs/models-structure.md.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <consortia/plugin.h>
#include "equity_ci.h"

enum {
    Q_HEAD, Q_MOVED, Q_MONEY, Q_WINNERS, Q_LOSERS, Q_WORST_LOSS, Q_CI_BEFORE,
    Q_CI_AFTER, Q_CI_CHANGE, Q_DEPRIVED_CHANGE, Q_NEED_PER_HEAD,
    Q_QUINT_BEFORE, Q_QUINT_AFTER = Q_QUINT_BEFORE + 5,
    Q_N = Q_QUINT_AFTER + 5
};

enum { BASIS_HISTORY, BASIS_CAPITATION, BASIS_MIX };
enum { RULE_NEED, RULE_HISTORY };

static const cs_param_decl eq_params[] = {
    {.name = "budget_basis", .type = CS_PARAM_CHOICE,
     .def_choice = "capitation", .choices = "history|capitation|mix",
     .unit = "", .doc = "how practice budgets are set before pooling: "
     "historic spend, capitation on need or a pace-of-change mix (Essex "
     "LMC PBC briefing, 2005: PCTs used each)"},
    {.name = "history_share", .type = CS_PARAM_NUMBER, .def = 0.5,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "weight of history in the mix basis (ASSUMPTION: halfway, the "
            "briefing's 'mixture or compromise' without a figure)"},
    {.name = "spend_per_need_head", .type = CS_PARAM_NUMBER, .def = 1158,
     .min = 1, .max = 100000, .unit = "GBP/need head/year",
     .doc = "commissioning spend per head of formula need: Stoke-on-Trent's "
            "GBP 364m (2011/12) over its 314,284 need (2014/15 lists x "
            "2024/25 formula need per head)"},
    {.name = "list_share", .type = CS_PARAM_UNCERTAIN, .def = 0.5,
     .def_dist = "uniform(0, 1)", .min = 0, .max = 1, .unit = "fraction",
     .doc = "share of a pooled budget the body divides by registered list, "
            "the rest by need (ASSUMPTION: uniform, no source says how a "
            "merged body would divide; the Stoke worry, 2011)"},
    {.name = "internal_allocation", .type = CS_PARAM_CHOICE,
     .def_choice = "need", .choices = "need|history", .unit = "",
     .doc = "what the part not divided by registered list is divided by: "
            "need (capitation) or historic spend (Essex LMC PBC "
            "briefing, 2005)"},
    {.name = "min_change_per_head", .type = CS_PARAM_NUMBER,
     .def = 1, .min = 0, .max = 1000, .unit = "GBP/head",
     .doc = "ASSUMPTION: a practice wins or loses only when its budget "
            "moves by more than this (about 0.1% of spend per head)"},
};

#define EQ_N_PARAMS (sizeof eq_params / sizeof eq_params[0])

#define EQ_QUINT(m, q, what) \
    [m + q - 1] = {what "_imd_q" #q, "GBP/head", CS_NEUTRAL, 0, \
        CS_AGG_MEAN, "GBP per head " what " pooling, IMD quintile " \
        #q " of the scenario's practices (1 least deprived; 0 if empty)"}

static const cs_metric_decl eq_metrics[Q_N] = {
    [Q_HEAD] = {"largest_loss_per_head", "GBP/head", CS_LOWER_IS_BETTER, 1,
        CS_AGG_MAX, "loss per registered head of the locality or IMD "
        "quintile that loses most when budgets are pooled (0: none loses)"},
    [Q_MOVED] = {"moved_per_head", "GBP/head", CS_LOWER_IS_BETTER, 0,
        CS_AGG_MEAN, "money changing hands when budgets are pooled, per "
        "registered head, at the mean list_share"},
    [Q_MONEY] = {"money_moved", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
        "money changing hands: the winners' gain, equal to the losers' "
        "loss (mean list_share)"},
    [Q_WINNERS] = {"winners", "practices", CS_NEUTRAL, 0, CS_AGG_SUM,
        "practices gaining more than min_change_per_head"},
    [Q_LOSERS] = {"losers", "practices", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
        "practices losing more than min_change_per_head"},
    [Q_WORST_LOSS] = {"largest_practice_loss_per_head", "GBP/head",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MAX, "largest loss of any practice, "
        "per its registered head (mean list_share)"},
    [Q_CI_BEFORE] = {"ci_before", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "concentration index of GBP per head against IMD before pooling "
        "(positive: more to the more deprived)"},
    [Q_CI_AFTER] = {"ci_after", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "the concentration index after pooling (mean list_share)"},
    [Q_CI_CHANGE] = {"ci_change", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "ci_after - ci_before"},
    [Q_DEPRIVED_CHANGE] = {"most_deprived_change", "GBP/head",
        CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN, "change in GBP per head of "
        "the most deprived IMD quintile (mean list_share)"},
    [Q_NEED_PER_HEAD] = {"need_per_head", "need/head", CS_NEUTRAL, 0,
        CS_AGG_MEAN, "need over registered list of the practices"},
    EQ_QUINT(Q_QUINT_BEFORE, 1, "before"),
    EQ_QUINT(Q_QUINT_BEFORE, 2, "before"),
    EQ_QUINT(Q_QUINT_BEFORE, 3, "before"),
    EQ_QUINT(Q_QUINT_BEFORE, 4, "before"),
    EQ_QUINT(Q_QUINT_BEFORE, 5, "before"),
    EQ_QUINT(Q_QUINT_AFTER, 1, "after"),
    EQ_QUINT(Q_QUINT_AFTER, 2, "after"),
    EQ_QUINT(Q_QUINT_AFTER, 3, "after"),
    EQ_QUINT(Q_QUINT_AFTER, 4, "after"),
    EQ_QUINT(Q_QUINT_AFTER, 5, "after"),
};

static const cs_metric_decl eq_locality_metric[2] = {
    {"before_", "GBP/head", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "GBP per head of this locality before pooling (0 if absent)"},
    {"after_", "GBP/head", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "GBP per head of this locality after pooling, mean list_share (0 if "
     "absent)"},
};

typedef struct eq_state {
    const cs_scenario_view *sc;
    size_t n;                  /* practices */
    size_t n_draws;
    double min_change;
    const double *share;       /* list_share per draw (host-owned) */
    double mean_share;
    double *need, *r, *imd;    /* need, registered list; IMD or NaN */
    double *basis;             /* basis budget, GBP: the budget before */
    double *key;               /* what the non-list part is divided by */
    int *quintile;             /* 0..4, or -1 without IMD */
    cs_metric_decl *metrics;   /* Q_N + 2 per locality, owned */
    char **names;              /* 2 per locality, owned */
} eq_state;

static void eq_fini(void *state)
{
    eq_state *s = state;
    if (s == NULL)
        return;
    if (s->names != NULL)
        for (size_t i = 0; i < 2 * s->sc->n_localities; i++)
            free(s->names[i]);
    free(s->names);
    free(s->metrics);
    free(s->need);
    free(s->r);
    free(s->imd);
    free(s->basis);
    free(s->key);
    free(s->quintile);
    free(s);
}

static int eq_choice(const char *v, const char *const *words, int n)
{
    for (int i = 0; v != NULL && i < n; i++)
        if (strcmp(v, words[i]) == 0)
            return i;
    return -1;
}

/* The practice's need: the formula's, else its weighted list; 0 when
 * neither is usable. */
static double eq_need_of(const cs_scenario_view *sc, size_t p, size_t *fb)
{
    const cs_practice *pr = &sc->practices[p];
    if (CS_VIEW_HAS(sc, practice_need) && sc->practice_need != NULL
        && isfinite(sc->practice_need[p]) && sc->practice_need[p] > 0)
        return sc->practice_need[p];
    ++*fb;
    return (isfinite(pr->weighted) && pr->weighted > 0) ? pr->weighted : 0;
}

/* Reads the list_share draws; -1 (logged) when out of range. */
static int eq_read_share(eq_state *s, const cs_host *host, const cs_ctx *ctx)
{
    s->share = host->param_draws(ctx, "list_share");
    s->mean_share = 0;
    for (size_t d = 0; s->share != NULL && d < s->n_draws; d++) {
        if (!(s->share[d] >= 0 && s->share[d] <= 1)) {
            host->log(ctx, CS_LOG_ERROR, "list_share draw %zu is %g; it must "
                      "lie in [0, 1]", d + 1, s->share[d]);
            return -1;
        }
        s->mean_share += s->share[d] / (double)s->n_draws;
    }
    if (s->share == NULL) {
        host->log(ctx, CS_LOG_ERROR, "parameter 'list_share' has no draws");
        return -1;
    }
    return 0;
}

/* Reads the choices and numbers; fills per-practice lists, basis budgets
 * and division keys. Returns -1 (logged) on failure. */
static int eq_read(eq_state *s, const cs_host *host, const cs_ctx *ctx)
{
    static const char *const bases[] = {"history", "capitation", "mix"};
    static const char *const rules[] = {"need", "history"};
    int basis = eq_choice(host->param_choice(ctx, "budget_basis"), bases, 3);
    int rule = eq_choice(host->param_choice(ctx, "internal_allocation"),
                         rules, 2);
    double alpha = host->param_number(ctx, "history_share");
    double rate = host->param_number(ctx, "spend_per_need_head");
    size_t missing = 0, fallback = 0;
    s->min_change = host->param_number(ctx, "min_change_per_head");
    if (basis < 0 || rule < 0 || !(alpha >= 0 && alpha <= 1) || !(rate > 0)
        || !(s->min_change >= 0)) {
        host->log(ctx, CS_LOG_ERROR, "equity parameters are out of range; "
                  "see 'consortia plugins --verbose'");
        return -1;
    }
    for (size_t p = 0; p < s->n; p++) {
        const cs_practice *pr = &s->sc->practices[p];
        double cap, hist;
        s->need[p] = eq_need_of(s->sc, p, &fallback);
        s->r[p] = (isfinite(pr->registered) && pr->registered > 0)
                ? pr->registered : 0;
        s->imd[p] = isfinite(pr->imd) ? pr->imd : NAN;
        cap = s->need[p] * rate;
        hist = (isfinite(pr->historic_spend) && pr->historic_spend >= 0)
             ? pr->historic_spend : cap;
        missing += !(isfinite(pr->historic_spend) && pr->historic_spend >= 0);
        s->basis[p] = basis == BASIS_CAPITATION ? cap
                    : basis == BASIS_HISTORY ? hist
                    : alpha * hist + (1 - alpha) * cap;
        s->key[p] = rule == RULE_NEED ? s->need[p] : hist;
    }
    if (fallback > 0)
        host->log(ctx, CS_LOG_WARNING, "%zu of %zu practices have no 'need': "
                  "their weighted list (a GP workload measure, not the "
                  "allocation formula's need) stands in", fallback, s->n);
    if (missing > 0 && (basis != BASIS_CAPITATION || rule == RULE_HISTORY))
        host->log(ctx, CS_LOG_INFO, "%zu of %zu practices have no "
                  "historic_spend: their history budget is their capitation "
                  "(need x spend_per_need_head)", missing, s->n);
    return 0;
}

/* Pools the basis budgets of idx[0..n) and writes each practice's share
 * of the pool divided by registered list (A[p]) and by the key (D[p];
 * by registered list when the keys sum to 0). Its budget after pooling is
 * list_share x A + (1 - list_share) x D. */
static void eq_pool(const eq_state *s, const int *idx, size_t n, double *A,
                    double *D)
{
    double pool = 0, keys = 0, reg = 0;
    for (size_t i = 0; i < n; i++) {
        int p = idx[i];
        if (p < 0 || (size_t)p >= s->n)
            continue;
        pool += s->basis[p];
        keys += s->key[p];
        reg += s->r[p];
    }
    for (size_t i = 0; i < n; i++) {
        int p = idx[i];
        if (p < 0 || (size_t)p >= s->n)
            continue;
        A[p] = reg > 0 ? pool * s->r[p] / reg : s->basis[p];
        D[p] = keys > 0 ? pool * s->key[p] / keys : A[p];
    }
}

/* Assigns IMD quintiles (by practice count, least deprived first; ties by
 * practice order) to the practices with an IMD. */
static int eq_quintiles(eq_state *s)
{
    eq_rank *v = malloc((s->n ? s->n : 1) * sizeof *v);
    size_t m = 0;
    if (v == NULL)
        return -1;
    for (size_t p = 0; p < s->n; p++) {
        s->quintile[p] = -1;
        if (!isnan(s->imd[p]))
            v[m++] = (eq_rank){s->imd[p], 0, 0, p};
    }
    qsort(v, m, sizeof *v, eq_rank_cmp);
    for (size_t i = 0; i < m; i++)
        s->quintile[v[i].p] = (int)(5 * i / m);
    free(v);
    return 0;
}

/* The concentration index of budget a[] per head over the scope. */
static double eq_ci_of(const eq_state *s, const int *idx, size_t n,
                       const double *a, eq_rank *v)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = idx ? (size_t)idx[i] : i;
        if (p < s->n && !isnan(s->imd[p]) && s->r[p] > 0)
            v[m++] = (eq_rank){s->imd[p], s->r[p], a[p] / s->r[p], p};
    }
    return eq_ci_rank(v, m);
}

static void eq_put(const eq_state *s, cs_values *out, size_t m, double v)
{
    size_t n = s->metrics[m].sampled ? out->n_draws : 1;
    for (size_t d = 0; d < n; d++)
        out->values[m][d] = v;
}

static double eq_ratio(double num, double den)
{
    return den > 0 ? num / den : 0;
}

/* A group's sums: basis (before), shares by list (A) and key (D), list. */
typedef struct eq_group {
    double b, a, d, r;
} eq_group;

/* The headline per draw: the largest loss per head of any group (IMD
 * quintiles 0..4, then localities), 0 when none loses. Only the groups
 * with a list (r > 0) can lose: they are gathered first, in group order,
 * so a consortium of one locality loops over 6 groups a draw, not over
 * 5 + every locality of the scenario (the same figures: the same losses,
 * compared in the same order). -1 when out of memory. */
static int eq_headline(const eq_state *s, const eq_group *g, size_t n_g,
                       cs_values *out)
{
    eq_group *on = malloc((n_g ? n_g : 1) * sizeof *on);
    size_t n_on = 0;
    if (on == NULL)
        return -1;
    for (size_t j = 0; j < n_g; j++)
        if (g[j].r > 0)
            on[n_on++] = g[j];
    for (size_t k = 0; k < out->n_draws; k++) {
        double t = s->share[k < s->n_draws ? k : 0], worst = 0;
        for (size_t j = 0; j < n_on; j++) {
            double loss = (on[j].b - t * on[j].a - (1 - t) * on[j].d) / on[j].r;
            if (loss > worst)
                worst = loss;
        }
        out->values[Q_HEAD][k] = worst;
    }
    free(on);
    return 0;
}

/* Sums over the scope into groups and the practice-level metrics, a[]
 * being the budgets after pooling at the mean list_share. */
static void eq_sums(const eq_state *s, const int *idx, size_t n,
                    const double *A, const double *D, const double *a,
                    eq_group *g, cs_values *out)
{
    double moved = 0, reg = 0, need = 0, winners = 0, losers = 0, worst = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = idx ? (size_t)idx[i] : i;
        int loc;
        double ch;
        if (p >= s->n)
            continue;
        ch = a[p] - s->basis[p];
        loc = s->sc->practices[p].locality;
        reg += s->r[p];
        need += s->need[p];
        moved += ch > 0 ? ch : 0;
        winners += ch > s->min_change * s->r[p];
        losers += -ch > s->min_change * s->r[p];
        if (s->r[p] > 0 && -ch / s->r[p] > worst)
            worst = -ch / s->r[p];
        for (int k = 0; k < 2; k++) {
            int grp = k == 0 ? s->quintile[p] : (loc >= 0 && (size_t)loc
                                    < s->sc->n_localities ? 5 + loc : -1);
            if (grp < 0)
                continue;
            g[grp].b += s->basis[p];
            g[grp].a += A[p];
            g[grp].d += D[p];
            g[grp].r += s->r[p];
        }
    }
    eq_put(s, out, Q_MOVED, eq_ratio(moved, reg));
    eq_put(s, out, Q_MONEY, moved);
    eq_put(s, out, Q_WINNERS, winners);
    eq_put(s, out, Q_LOSERS, losers);
    eq_put(s, out, Q_WORST_LOSS, worst);
    eq_put(s, out, Q_NEED_PER_HEAD, eq_ratio(need, reg));
}

/* Fills every metric for the practices of the scope (all when idx is
 * NULL) from A[] and D[]. -1 when out of memory. */
static int eq_report(const eq_state *s, const int *idx, size_t n,
                     const double *A, const double *D, cs_values *out)
{
    size_t n_g = 5 + s->sc->n_localities;
    eq_group *g = calloc(n_g, sizeof *g);
    eq_rank *v = malloc((n ? n : 1) * sizeof *v);
    double *a = malloc((s->n ? s->n : 1) * sizeof *a);
    double t = s->mean_share, ci0, ci1;
    if (g == NULL || v == NULL || a == NULL) {
        free(g);
        free(v);
        free(a);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        size_t p = idx ? (size_t)idx[i] : i;
        if (p < s->n)
            a[p] = t * A[p] + (1 - t) * D[p];
    }
    eq_sums(s, idx, n, A, D, a, g, out);
    if (eq_headline(s, g, n_g, out) != 0) {
        free(g);
        free(v);
        free(a);
        return -1;
    }
    ci0 = eq_ci_of(s, idx, n, s->basis, v);
    ci1 = eq_ci_of(s, idx, n, a, v);
    eq_put(s, out, Q_CI_BEFORE, ci0);
    eq_put(s, out, Q_CI_AFTER, ci1);
    eq_put(s, out, Q_CI_CHANGE, ci1 - ci0);
    eq_put(s, out, Q_DEPRIVED_CHANGE,
           eq_ratio(t * g[4].a + (1 - t) * g[4].d - g[4].b, g[4].r));
    for (size_t j = 0; j < n_g; j++) {
        size_t mb = j < 5 ? Q_QUINT_BEFORE + j : Q_N + 2 * (j - 5);
        size_t ma = j < 5 ? Q_QUINT_AFTER + j : Q_N + 2 * (j - 5) + 1;
        eq_put(s, out, mb, eq_ratio(g[j].b, g[j].r));
        eq_put(s, out, ma, eq_ratio(t * g[j].a + (1 - t) * g[j].d, g[j].r));
    }
    free(g);
    free(v);
    free(a);
    return 0;
}

/* "prefix" + id in lower_snake_case, made unique against metrics[0..at). */
static char *eq_metric_name(const cs_metric_decl *metrics, size_t at,
                            const char *prefix, const char *id, size_t k)
{
    size_t len = strlen(prefix) + (id ? strlen(id) : 0) + 48, end;
    char *name = malloc(len);
    if (name == NULL)
        return NULL;
    end = (size_t)snprintf(name, len, "%s", prefix);
    for (const char *c = id ? id : ""; *c != '\0'; c++)
        name[end++] = isalnum((unsigned char)*c)
                    ? (char)tolower((unsigned char)*c) : '_';
    name[end] = '\0';
    if (id == NULL || *id == '\0')
        snprintf(name + end, len - end, "locality_%zu", k + 1);
    for (size_t e = 0; e < at; e++) {
        if (strcmp(metrics[e].name, name) == 0) {
            end = strlen(name);
            snprintf(name + end, len - end, "_%zu", k + 1);
            break;
        }
    }
    return name;
}

static int eq_build_metrics(eq_state *s)
{
    size_t n_loc = s->sc->n_localities;
    s->metrics = calloc(Q_N + 2 * n_loc, sizeof *s->metrics);
    s->names = calloc(2 * n_loc + 1, sizeof *s->names);
    if (s->metrics == NULL || s->names == NULL)
        return -1;
    memcpy(s->metrics, eq_metrics, sizeof eq_metrics);
    for (size_t l = 0; l < n_loc; l++) {
        for (size_t j = 0; j < 2; j++) {
            size_t at = Q_N + 2 * l + j;
            char *name = eq_metric_name(s->metrics, at,
                                        eq_locality_metric[j].name,
                                        s->sc->localities[l].id, l);
            if (name == NULL)
                return -1;
            s->names[2 * l + j] = name;
            s->metrics[at] = eq_locality_metric[j];
            s->metrics[at].name = name;
        }
    }
    return 0;
}

static int eq_alloc(eq_state *s)
{
    size_t n = s->n ? s->n : 1;
    s->need = malloc(n * sizeof *s->need);
    s->r = malloc(n * sizeof *s->r);
    s->imd = malloc(n * sizeof *s->imd);
    s->basis = malloc(n * sizeof *s->basis);
    s->key = malloc(n * sizeof *s->key);
    s->quintile = malloc(n * sizeof *s->quintile);
    return (s->need && s->r && s->imd && s->basis && s->key && s->quintile)
           ? 0 : -1;
}

static int eq_init(const cs_host *host, const cs_ctx *ctx, void **state,
                   cs_setup *setup)
{
    eq_state *s = calloc(1, sizeof *s);
    if (s == NULL || (s->sc = host->scenario(ctx)) == NULL) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        free(s);
        return -1;
    }
    s->n = s->sc->n_practices;
    s->n_draws = s->sc->n_draws ? s->sc->n_draws : 1;
    if (eq_alloc(s) != 0 || eq_build_metrics(s) != 0) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        eq_fini(s);
        return -1;
    }
    if (eq_read(s, host, ctx) != 0 || eq_read_share(s, host, ctx) != 0) {
        eq_fini(s);
        return -1;
    }
    if (eq_quintiles(s) != 0) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        eq_fini(s);
        return -1;
    }
    setup->metrics = s->metrics;
    setup->n_metrics = Q_N + 2 * s->sc->n_localities;
    *state = s;
    return 0;
}

/* A[] and D[] for every practice, those outside `o` (or outside the one
 * consortium c when o is NULL) keeping their basis budget. */
static int eq_split(const eq_state *s, const cs_option_view *o,
                    const cs_consortium_view *c, double **A, double **D)
{
    *A = malloc((s->n ? s->n : 1) * sizeof **A);
    *D = malloc((s->n ? s->n : 1) * sizeof **D);
    if (*A == NULL || *D == NULL)
        return -1;
    memcpy(*A, s->basis, s->n * sizeof **A);
    memcpy(*D, s->basis, s->n * sizeof **D);
    if (o == NULL)
        eq_pool(s, c->practices, c->n_practices, *A, *D);
    for (size_t i = 0; o != NULL && i < o->n_consortia; i++)
        eq_pool(s, o->consortia[i].practices, o->consortia[i].n_practices,
                *A, *D);
    return 0;
}

static int eq_run(const eq_state *s, const cs_host *host, cs_call *call,
                  const cs_option_view *o, const cs_consortium_view *c,
                  cs_values *out)
{
    double *A = NULL, *D = NULL;
    int rc;
    if (out->n_metrics < Q_N + 2 * s->sc->n_localities)
        return host->error(call, "equity needs %zu metrics, host gave %zu",
                           Q_N + 2 * s->sc->n_localities, out->n_metrics);
    rc = eq_split(s, o, c, &A, &D);
    if (rc == 0)
        rc = o ? eq_report(s, NULL, s->n, A, D, out)
               : eq_report(s, c->practices, c->n_practices, A, D, out);
    free(A);
    free(D);
    return rc == 0 ? 0 : host->error(call, "out of memory");
}

static int eq_consortium(void *state, const cs_host *host, cs_call *call,
                         const cs_consortium_view *c, cs_values *out)
{
    if (c->n_practices == 0)
        return host->error(call, "consortium '%s' has no practices; give it "
                           "at least one", c->id ? c->id : "?");
    return eq_run(state, host, call, NULL, c, out);
}

static int eq_option(void *state, const cs_host *host, cs_call *call,
                     const cs_option_view *o, const cs_values *const *in,
                     cs_values *out)
{
    (void)in;
    return eq_run(state, host, call, o, NULL, out);
}

static const cs_plugin_descriptor eq_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "equity",
    .version = "2.0.0",
    .summary = "money moved between practices, deprivation quintiles and "
               "localities when budgets are pooled, need from the national "
               "allocation formula",
    .params = eq_params,
    .n_params = EQ_N_PARAMS,
    .metrics = eq_metrics,
    .n_metrics = Q_N,
    .init = eq_init,
    .consortium = eq_consortium,
    .option = eq_option,
    .fini = eq_fini,
    /* Default value scale of moved_per_weighted_head (docs/models.md). */
    .headline_scale = &(const cs_value_scale){50.0, 0.0,
        "ASSUMPTION: no money moved best; GBP 50 per weighted head (about "
        "4% of a GBP 1,230 budget, more than a year's pace of change) "
        "worst"},
};

CS_PLUGIN(eq_descriptor)
