/*
 * equity.c -- the equity criterion: where money moves when budgets are
 * pooled in consortia, and whether it moves towards or away from the
 * deprived.
 *
 * Each practice has a basis budget (capitation: weighted list x
 * spend_per_weighted_head; history: its historic spend, capitation when
 * not given; mix: history_share x history + the rest x capitation).
 * Before: each locality pools its practices' basis budgets and divides the
 * pool by the internal rule (weighted list, registered list or history).
 * After: each consortium pools its practices' basis budgets and divides
 * them by the same rule. The headline (moved_per_weighted_head) is the
 * money that changes hands, in GBP per weighted head: lower is better.
 * Also reported: winners and losers, the concentration index of GBP per
 * weighted head against IMD before and after, and GBP per weighted head
 * before and after for each IMD quintile and each locality. Deterministic.
 * Formulas and sources: docs/models-structure.md.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <consortia/plugin.h>

enum {
    Q_MOVED, Q_MONEY, Q_WINNERS, Q_LOSERS, Q_WORST_LOSS, Q_CI_BEFORE,
    Q_CI_AFTER, Q_CI_CHANGE, Q_DEPRIVED_CHANGE,
    Q_QUINT_BEFORE, Q_QUINT_AFTER = Q_QUINT_BEFORE + 5,
    Q_N = Q_QUINT_AFTER + 5
};

enum { BASIS_HISTORY, BASIS_CAPITATION, BASIS_MIX };
enum { RULE_WEIGHTED, RULE_REGISTERED, RULE_HISTORY };

static const cs_param_decl eq_params[] = {
    {.name = "budget_basis", .type = CS_PARAM_CHOICE,
     .def_choice = "capitation", .choices = "history|capitation|mix",
     .unit = "", .doc = "how practice budgets are set: historic spend, "
     "capitation or a pace-of-change mix (Essex LMC PBC briefing, 2005)"},
    {.name = "history_share", .type = CS_PARAM_NUMBER, .def = 0.5,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "weight of history in the mix basis (ASSUMPTION: halfway, as "
            "an Essex-style compromise)"},
    {.name = "spend_per_weighted_head", .type = CS_PARAM_NUMBER, .def = 1230,
     .min = 1, .max = 100000, .unit = "GBP/weighted head/year",
     .doc = "commissioning spend per weighted head: Stoke-on-Trent's "
            "GBP 364m over its 296,074 weighted list (2011/12)"},
    {.name = "internal_allocation", .type = CS_PARAM_CHOICE,
     .def_choice = "weighted_list",
     .choices = "weighted_list|registered_list|history", .unit = "",
     .doc = "how a pooled budget is divided among its practices (the "
            "Stoke worry: a merged consortium re-dividing money, 2011)"},
    {.name = "min_change_per_weighted_head", .type = CS_PARAM_NUMBER,
     .def = 1, .min = 0, .max = 1000, .unit = "GBP/weighted head",
     .doc = "ASSUMPTION: a practice wins or loses only when its budget "
            "moves by more than this (about 0.1% of spend per head)"},
};

#define EQ_N_PARAMS (sizeof eq_params / sizeof eq_params[0])

#define EQ_QUINT(m, q, what) \
    [m + q - 1] = {what "_imd_q" #q, "GBP/weighted head", CS_NEUTRAL, 0, \
        CS_AGG_MEAN, "GBP per weighted head " what " pooling, IMD quintile " \
        #q " of the scenario's practices (1 least deprived; 0 if empty)"}

static const cs_metric_decl eq_metrics[Q_N] = {
    [Q_MOVED] = {"moved_per_weighted_head", "GBP/weighted head",
        CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, "money changing hands when "
        "budgets are pooled, per weighted head"},
    [Q_MONEY] = {"money_moved", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
        "money changing hands: the winners' gain, equal to the losers' "
        "loss"},
    [Q_WINNERS] = {"winners", "practices", CS_NEUTRAL, 0, CS_AGG_SUM,
        "practices gaining more than min_change_per_weighted_head"},
    [Q_LOSERS] = {"losers", "practices", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
        "practices losing more than min_change_per_weighted_head"},
    [Q_WORST_LOSS] = {"largest_loss_per_weighted_head", "GBP/weighted head",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MAX, "largest loss of any practice, "
        "per its weighted head"},
    [Q_CI_BEFORE] = {"ci_before", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "concentration index of GBP per weighted head against IMD before "
        "pooling (positive: more to the more deprived)"},
    [Q_CI_AFTER] = {"ci_after", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "the concentration index after pooling"},
    [Q_CI_CHANGE] = {"ci_change", "index", CS_NEUTRAL, 0, CS_AGG_MEAN,
        "ci_after - ci_before"},
    [Q_DEPRIVED_CHANGE] = {"most_deprived_change", "GBP/weighted head",
        CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN, "change in GBP per weighted "
        "head of the most deprived IMD quintile"},
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
    {"before_", "GBP/weighted head", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "GBP per weighted head of this locality before pooling (0 if absent)"},
    {"after_", "GBP/weighted head", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "GBP per weighted head of this locality after pooling (0 if absent)"},
};

typedef struct eq_state {
    const cs_scenario_view *sc;
    size_t n;                  /* practices */
    double min_change;
    double *w, *r, *imd;       /* weighted, registered list; IMD or NaN */
    double *basis;             /* basis budget, GBP */
    double *key;               /* what the internal rule divides by */
    double *before;            /* budget before pooling, GBP */
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
    free(s->w);
    free(s->r);
    free(s->imd);
    free(s->basis);
    free(s->key);
    free(s->before);
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

/* Reads the choices and numbers; fills per-practice lists, basis budgets
 * and division keys. Returns -1 (logged) on failure. */
static int eq_read(eq_state *s, const cs_host *host, const cs_ctx *ctx)
{
    static const char *const bases[] = {"history", "capitation", "mix"};
    static const char *const rules[] = {"weighted_list", "registered_list",
                                        "history"};
    int basis = eq_choice(host->param_choice(ctx, "budget_basis"), bases, 3);
    int rule = eq_choice(host->param_choice(ctx, "internal_allocation"),
                         rules, 3);
    double alpha = host->param_number(ctx, "history_share");
    double rate = host->param_number(ctx, "spend_per_weighted_head");
    size_t missing = 0;
    s->min_change = host->param_number(ctx, "min_change_per_weighted_head");
    if (basis < 0 || rule < 0 || !(alpha >= 0 && alpha <= 1) || !(rate > 0)
        || !(s->min_change >= 0)) {
        host->log(ctx, CS_LOG_ERROR, "equity parameters are out of range; "
                  "see 'consortia plugins --verbose'");
        return -1;
    }
    for (size_t p = 0; p < s->n; p++) {
        const cs_practice *pr = &s->sc->practices[p];
        double cap, hist;
        s->w[p] = (isfinite(pr->weighted) && pr->weighted > 0) ? pr->weighted : 0;
        s->r[p] = (isfinite(pr->registered) && pr->registered > 0)
                ? pr->registered : 0;
        s->imd[p] = isfinite(pr->imd) ? pr->imd : NAN;
        cap = s->w[p] * rate;
        hist = (isfinite(pr->historic_spend) && pr->historic_spend >= 0)
             ? pr->historic_spend : cap;
        missing += !(isfinite(pr->historic_spend) && pr->historic_spend >= 0);
        s->basis[p] = basis == BASIS_CAPITATION ? cap
                    : basis == BASIS_HISTORY ? hist
                    : alpha * hist + (1 - alpha) * cap;
        s->key[p] = rule == RULE_WEIGHTED ? s->w[p]
                  : rule == RULE_REGISTERED ? s->r[p] : hist;
    }
    if (missing > 0 && (basis != BASIS_CAPITATION || rule == RULE_HISTORY))
        host->log(ctx, CS_LOG_INFO, "%zu of %zu practices have no "
                  "historic_spend: their history budget is their capitation "
                  "(weighted list x spend_per_weighted_head)", missing, s->n);
    return 0;
}

/* Pools the basis budgets of idx[0..n) (all practices when idx is NULL,
 * only those of locality `loc` when loc >= 0) and divides the pool by the
 * keys, writing into a[p]. Keys summing to 0 fall back to weighted list. */
static void eq_pool(const eq_state *s, const int *idx, size_t n, int loc,
                    double *a)
{
    double pool = 0, keys = 0, wsum = 0;
    for (size_t i = 0; i < n; i++) {
        int p = idx ? idx[i] : (int)i;
        if (p < 0 || (size_t)p >= s->n
            || (loc >= 0 && s->sc->practices[p].locality != loc))
            continue;
        pool += s->basis[p];
        keys += s->key[p];
        wsum += s->w[p];
    }
    for (size_t i = 0; i < n; i++) {
        int p = idx ? idx[i] : (int)i;
        if (p < 0 || (size_t)p >= s->n
            || (loc >= 0 && s->sc->practices[p].locality != loc))
            continue;
        if (keys > 0)
            a[p] = pool * s->key[p] / keys;
        else
            a[p] = wsum > 0 ? pool * s->w[p] / wsum : s->basis[p];
    }
}

typedef struct eq_rank {
    double imd, r, y;
    size_t p;
} eq_rank;

static int eq_rank_cmp(const void *x, const void *y)
{
    const eq_rank *a = x, *b = y;
    if (a->imd != b->imd)
        return a->imd < b->imd ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
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

/* Concentration index of y against IMD over v[0..m), weights r: ranks are
 * list-weighted fractional ranks by IMD (ties share their mean rank);
 * CI = 2 cov(y, rank) / mean(y). 0 when fewer than two practices or no
 * positive mean. Sorts v. */
static double eq_ci(eq_rank *v, size_t m)
{
    double total = 0, mean_y = 0, mean_rank = 0, cov = 0, cum = 0;
    double *rank;
    if (m < 2)
        return 0;
    rank = malloc(m * sizeof *rank);
    if (rank == NULL)
        return 0;
    qsort(v, m, sizeof *v, eq_rank_cmp);
    for (size_t i = 0; i < m; i++) {
        total += v[i].r;
        mean_y += v[i].r * v[i].y;
    }
    for (size_t i = 0, j; i < m; i = j) {
        double group = 0;
        for (j = i; j < m && v[j].imd == v[i].imd; j++)
            group += v[j].r;
        for (size_t k = i; k < j; k++)
            rank[k] = total > 0 ? (cum + group / 2) / total : 0.5;
        cum += group;
    }
    if (!(total > 0) || !(mean_y > 0)) {
        free(rank);
        return 0;
    }
    mean_y /= total;
    for (size_t i = 0; i < m; i++)
        mean_rank += v[i].r * rank[i] / total;
    for (size_t i = 0; i < m; i++)
        cov += v[i].r * (v[i].y - mean_y) * (rank[i] - mean_rank) / total;
    free(rank);
    return 2 * cov / mean_y;
}

/* The concentration index of budget a[] per weighted head over the scope. */
static double eq_ci_of(const eq_state *s, const int *idx, size_t n,
                       const double *a, eq_rank *v)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = idx ? (size_t)idx[i] : i;
        if (p < s->n && !isnan(s->imd[p]) && s->w[p] > 0)
            v[m++] = (eq_rank){s->imd[p], s->r[p], a[p] / s->w[p], p};
    }
    return eq_ci(v, m);
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

/* Sums over the scope: per quintile and locality, before, after and
 * weighted list (sums[3 * group + 0..2]), groups 0..4 being quintiles and
 * 5.. localities. */
static void eq_sums(const eq_state *s, const int *idx, size_t n,
                    const double *a, double *sums, cs_values *out)
{
    double moved = 0, wsum = 0, winners = 0, losers = 0, worst = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = idx ? (size_t)idx[i] : i;
        int loc, q;
        double g;
        if (p >= s->n)
            continue;
        g = a[p] - s->before[p];
        loc = s->sc->practices[p].locality;
        q = s->quintile[p];
        wsum += s->w[p];
        moved += g > 0 ? g : 0;
        winners += g > s->min_change * s->w[p];
        losers += -g > s->min_change * s->w[p];
        if (s->w[p] > 0 && -g / s->w[p] > worst)
            worst = -g / s->w[p];
        for (int k = 0; k < 2; k++) {
            int grp = k == 0 ? q : (loc >= 0 && (size_t)loc
                                    < s->sc->n_localities ? 5 + loc : -1);
            if (grp < 0)
                continue;
            sums[3 * grp] += s->before[p];
            sums[3 * grp + 1] += a[p];
            sums[3 * grp + 2] += s->w[p];
        }
    }
    eq_put(s, out, Q_MOVED, eq_ratio(moved, wsum));
    eq_put(s, out, Q_MONEY, moved);
    eq_put(s, out, Q_WINNERS, winners);
    eq_put(s, out, Q_LOSERS, losers);
    eq_put(s, out, Q_WORST_LOSS, worst);
}

/* Fills every metric for the practices of the scope (all when idx is
 * NULL), a[] holding their budgets after pooling. -1 when out of memory. */
static int eq_report(const eq_state *s, const int *idx, size_t n,
                     const double *a, cs_values *out)
{
    size_t n_loc = s->sc->n_localities;
    double *sums = calloc(3 * (5 + n_loc), sizeof *sums);
    eq_rank *v = malloc((n ? n : 1) * sizeof *v);
    double ci0, ci1;
    if (sums == NULL || v == NULL) {
        free(sums);
        free(v);
        return -1;
    }
    eq_sums(s, idx, n, a, sums, out);
    ci0 = eq_ci_of(s, idx, n, s->before, v);
    ci1 = eq_ci_of(s, idx, n, a, v);
    eq_put(s, out, Q_CI_BEFORE, ci0);
    eq_put(s, out, Q_CI_AFTER, ci1);
    eq_put(s, out, Q_CI_CHANGE, ci1 - ci0);
    eq_put(s, out, Q_DEPRIVED_CHANGE, eq_ratio(sums[3 * 4 + 1], sums[3 * 4 + 2])
           - eq_ratio(sums[3 * 4], sums[3 * 4 + 2]));
    for (size_t g = 0; g < 5 + n_loc; g++) {
        size_t mb = g < 5 ? Q_QUINT_BEFORE + g : Q_N + 2 * (g - 5);
        size_t ma = g < 5 ? Q_QUINT_AFTER + g : Q_N + 2 * (g - 5) + 1;
        eq_put(s, out, mb, eq_ratio(sums[3 * g], sums[3 * g + 2]));
        eq_put(s, out, ma, eq_ratio(sums[3 * g + 1], sums[3 * g + 2]));
    }
    free(sums);
    free(v);
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
    s->w = malloc(n * sizeof *s->w);
    s->r = malloc(n * sizeof *s->r);
    s->imd = malloc(n * sizeof *s->imd);
    s->basis = malloc(n * sizeof *s->basis);
    s->key = malloc(n * sizeof *s->key);
    s->before = malloc(n * sizeof *s->before);
    s->quintile = malloc(n * sizeof *s->quintile);
    return (s->w && s->r && s->imd && s->basis && s->key && s->before
            && s->quintile) ? 0 : -1;
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
    if (eq_alloc(s) != 0 || eq_build_metrics(s) != 0) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        eq_fini(s);
        return -1;
    }
    if (eq_read(s, host, ctx) != 0) {
        eq_fini(s);
        return -1;
    }
    if (eq_quintiles(s) != 0) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        eq_fini(s);
        return -1;
    }
    for (size_t p = 0; p < s->n; p++)    /* practices without a locality */
        s->before[p] = s->basis[p];
    for (size_t l = 0; l < s->sc->n_localities; l++)
        eq_pool(s, NULL, s->n, (int)l, s->before);
    setup->metrics = s->metrics;
    setup->n_metrics = Q_N + 2 * s->sc->n_localities;
    *state = s;
    return 0;
}

static int eq_consortium(void *state, const cs_host *host, cs_call *call,
                         const cs_consortium_view *c, cs_values *out)
{
    const eq_state *s = state;
    double *a;
    int rc;
    if (out->n_metrics < Q_N + 2 * s->sc->n_localities)
        return host->error(call, "equity needs %zu metrics, host gave %zu",
                           Q_N + 2 * s->sc->n_localities, out->n_metrics);
    if (c->n_practices == 0)
        return host->error(call, "consortium '%s' has no practices; give it "
                           "at least one", c->id ? c->id : "?");
    a = malloc((s->n ? s->n : 1) * sizeof *a);
    if (a == NULL)
        return host->error(call, "out of memory");
    memcpy(a, s->before, s->n * sizeof *a);
    eq_pool(s, c->practices, c->n_practices, -1, a);
    rc = eq_report(s, c->practices, c->n_practices, a, out);
    free(a);
    return rc == 0 ? 0 : host->error(call, "out of memory");
}

static int eq_option(void *state, const cs_host *host, cs_call *call,
                     const cs_option_view *o, const cs_values *const *in,
                     cs_values *out)
{
    const eq_state *s = state;
    double *a;
    int rc;
    (void)in;
    if (out->n_metrics < Q_N + 2 * s->sc->n_localities)
        return host->error(call, "equity needs %zu metrics, host gave %zu",
                           Q_N + 2 * s->sc->n_localities, out->n_metrics);
    a = malloc((s->n ? s->n : 1) * sizeof *a);
    if (a == NULL)
        return host->error(call, "out of memory");
    memcpy(a, s->before, s->n * sizeof *a);
    for (size_t i = 0; i < o->n_consortia; i++)
        eq_pool(s, o->consortia[i].practices, o->consortia[i].n_practices, -1,
                a);
    rc = eq_report(s, NULL, s->n, a, out);
    free(a);
    return rc == 0 ? 0 : host->error(call, "out of memory");
}

static const cs_plugin_descriptor eq_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "equity",
    .version = "1.0.0",
    .summary = "money moved between practices, deprivation quintiles and "
               "localities when budgets are pooled",
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
