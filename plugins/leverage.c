/*
 * leverage.c -- the leverage criterion: how much of each main provider's
 * income a commissioner controls.
 *
 * A practice's spend with provider j is weighted list x
 * spend_per_weighted_head x its share for j; a provider's income is that
 * spend summed over every practice in the scenario plus its income from
 * commissioners outside the scenario (cs_scenario_view.org_outside_income).
 * A commissioner is a consortium, or a federation whose members contract
 * jointly; a member of such a federation holds its own share of a
 * provider's income moved joint_contracting_effect of the way to the
 * federation's. Only negotiable_share of the spend is open to negotiation
 * (the rest is at national tariff prices). The headline
 * (provider_income_share) is negotiable_share x the spend-weighted mean,
 * over consortia and their providers, of that share of the provider's
 * whole income. Deterministic: the same in every draw. consortium() gives the
 * figures for the consortium as if the practices outside it formed one
 * other commissioner; option() gives the option's. Formulas and sources:
 * docs/models-structure.md (Dusheiko et al. 2008).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <consortia/plugin.h>

enum {
    L_SHARE, L_MAIN_SHARE, L_MEAN_HHI, L_MEAN_COMM, L_MAX_COMM,
    L_PURCHASER_HHI, L_COMMISSIONERS, L_SPEND, L_N
};

/* Per provider, three metrics follow the fixed ones, in this order. */
enum { LP_HHI, LP_COMM, LP_LARGEST, LP_N };

static const cs_param_decl lev_params[] = {
    {.name = "spend_per_weighted_head", .type = CS_PARAM_NUMBER, .def = 1230,
     .min = 1, .max = 100000, .unit = "GBP/weighted head/year",
     .doc = "commissioning spend per weighted head: Stoke-on-Trent's "
            "GBP 364m over its 296,074 weighted list (2011/12)"},
    {.name = "negotiable_share", .type = CS_PARAM_NUMBER, .def = 0.4,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "share of a commissioner's spend with a provider open to "
            "negotiation (volumes, non-tariff services) rather than fixed "
            "by the national tariff (ASSUMPTION: about 60% of acute income "
            "at national tariff prices; no source in the project's data)"},
    {.name = "joint_contracting_effect", .type = CS_PARAM_NUMBER,
     .def = 0.5, .min = 0, .max = 1, .unit = "fraction",
     .doc = "how far a jointly contracting federation's members move from "
            "their own share of a provider's income to the federation's "
            "(ASSUMPTION: halfway; they negotiate together but keep their "
            "own boards, budgets and contracts)"},
};

#define LEV_N_PARAMS (sizeof lev_params / sizeof lev_params[0])

static const cs_metric_decl lev_metrics[L_N] = {
    [L_SHARE] = {"provider_income_share", "fraction", CS_HIGHER_IS_BETTER, 1,
        CS_AGG_MEAN, "spend-weighted mean of the commissioner's share of "
        "each main provider's commissioned income"},
    [L_MAIN_SHARE] = {"main_provider_income_share", "fraction",
        CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN, "the commissioner's share of "
        "its largest provider's income (option: spend-weighted mean)"},
    [L_MEAN_HHI] = {"mean_provider_hhi", "index", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "mean over providers of the Herfindahl index of their "
        "commissioners' shares of their income"},
    [L_MEAN_COMM] = {"mean_commissioners_per_provider", "commissioners",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
        "mean over providers of the commissioners paying them"},
    [L_MAX_COMM] = {"max_commissioners_per_provider", "commissioners",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MAX,
        "largest number of commissioners any provider deals with"},
    [L_PURCHASER_HHI] = {"purchaser_hhi", "index", CS_NEUTRAL, 0,
        CS_AGG_MEAN, "Herfindahl index of the commissioner's spend across "
        "providers, unlisted spend taken as atomistic (option: "
        "spend-weighted mean)"},
    [L_COMMISSIONERS] = {"commissioners", "commissioners", CS_NEUTRAL, 0,
        CS_AGG_SUM, "contracting bodies: consortia, a jointly contracting "
        "federation counting once"},
    [L_SPEND] = {"spend_with_providers", "GBP", CS_NEUTRAL, 0, CS_AGG_SUM,
        "spend with the listed main providers"},
};

static const cs_metric_decl lev_provider_metric[LP_N] = {
    [LP_HHI] = {"hhi_", "index", CS_HIGHER_IS_BETTER, 0, CS_AGG_MEAN,
        "Herfindahl index of this provider's commissioners"},
    [LP_COMM] = {"commissioners_", "commissioners", CS_LOWER_IS_BETTER, 0,
        CS_AGG_MAX, "commissioners paying this provider"},
    [LP_LARGEST] = {"largest_share_", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MAX, "largest commissioner's share of this provider's "
        "income"},
};

typedef struct lev_state {
    const cs_scenario_view *sc;
    double rate;                /* GBP per weighted head */
    double negotiable;          /* negotiable_share */
    double joint;               /* joint_contracting_effect */
    size_t n_prov;
    int *prov_org;              /* per provider: org index */
    int *org_prov;              /* per org: provider index or -1 */
    double *income;             /* per provider: GBP from the scenario */
    double *outside;            /* per provider: GBP from outside it */
    cs_metric_decl *metrics;    /* L_N + LP_N * n_prov, owned */
    char **names;               /* LP_N * n_prov metric names, owned */
} lev_state;

static void lev_fini(void *state)
{
    lev_state *s = state;
    if (s == NULL)
        return;
    if (s->names != NULL)
        for (size_t i = 0; i < LP_N * s->n_prov; i++)
            free(s->names[i]);
    free(s->names);
    free(s->metrics);
    free(s->income);
    free(s->outside);
    free(s->org_prov);
    free(s->prov_org);
    free(s);
}

/* A practice's spend-generating list: its weighted list, 0 when unusable. */
static double lev_list(const cs_practice *p)
{
    return (isfinite(p->weighted) && p->weighted > 0) ? p->weighted : 0;
}

/* Adds practice p's spend with each provider into spend[] (n_prov). */
static void lev_add_practice(const lev_state *s, int p, double *spend)
{
    const cs_practice *pr;
    if (p < 0 || (size_t)p >= s->sc->n_practices)
        return;
    pr = &s->sc->practices[p];
    for (size_t k = 0; k < pr->n_providers; k++) {
        int org = pr->providers[k].org;
        double sh = pr->providers[k].share;
        if (org < 0 || (size_t)org >= s->sc->n_orgs || !(sh > 0))
            continue;
        if (s->org_prov[org] >= 0)
            spend[s->org_prov[org]] += lev_list(pr) * s->rate * sh;
    }
}

/* Org o's income from outside the scenario, GBP: given, or from its
 * share of the whole income: in x share / (1 - share); 0 when neither. */
static double lev_outside(const cs_scenario_view *sc, size_t o, double in)
{
    double gbp = CS_VIEW_HAS(sc, org_outside_income)
                 && sc->org_outside_income != NULL
                 ? sc->org_outside_income[o] : NAN;
    double share = CS_VIEW_HAS(sc, org_outside_share)
                   && sc->org_outside_share != NULL
                   ? sc->org_outside_share[o] : NAN;
    if (isfinite(gbp) && gbp > 0)
        return gbp;
    if (isfinite(share) && share > 0 && share < 1)
        return in * share / (1 - share);
    return 0;
}

/* Finds the providers (orgs with income) and their income. */
static int lev_find_providers(lev_state *s)
{
    const cs_scenario_view *sc = s->sc;
    size_t n_orgs = sc->n_orgs ? sc->n_orgs : 1;
    double *org_income = calloc(n_orgs, sizeof *org_income);
    s->org_prov = malloc(n_orgs * sizeof *s->org_prov);
    if (org_income == NULL || s->org_prov == NULL) {
        free(org_income);
        return -1;
    }
    for (size_t o = 0; o < n_orgs; o++)
        s->org_prov[o] = (o < sc->n_orgs) ? (int)o : -1;
    /* first pass with every org a provider, to find who has income */
    s->n_prov = sc->n_orgs;
    for (size_t p = 0; p < sc->n_practices; p++)
        lev_add_practice(s, (int)p, org_income);
    s->n_prov = 0;
    for (size_t o = 0; o < sc->n_orgs; o++)
        s->org_prov[o] = org_income[o] > 0 ? (int)s->n_prov++ : -1;
    s->prov_org = malloc((s->n_prov ? s->n_prov : 1) * sizeof *s->prov_org);
    s->income = malloc((s->n_prov ? s->n_prov : 1) * sizeof *s->income);
    s->outside = malloc((s->n_prov ? s->n_prov : 1) * sizeof *s->outside);
    if (s->prov_org == NULL || s->income == NULL || s->outside == NULL) {
        free(org_income);
        return -1;
    }
    for (size_t o = 0; o < sc->n_orgs; o++) {
        int k = s->org_prov[o];
        double out = lev_outside(sc, o, org_income[o]);
        if (k < 0)
            continue;
        s->prov_org[k] = (int)o;
        s->outside[k] = out;
        s->income[k] = org_income[o] + s->outside[k];
    }
    free(org_income);
    return 0;
}

/* "prefix" + the org id in lower_snake_case; a malloc'd string. */
static char *lev_metric_name(const char *prefix, const char *id, size_t k)
{
    size_t n = strlen(prefix) + (id ? strlen(id) : 0) + 24;
    char *name = malloc(n);
    size_t at;
    if (name == NULL)
        return NULL;
    at = (size_t)snprintf(name, n, "%s", prefix);
    for (const char *c = id ? id : ""; *c != '\0'; c++)
        name[at++] = isalnum((unsigned char)*c)
                   ? (char)tolower((unsigned char)*c) : '_';
    name[at] = '\0';
    if (id == NULL || *id == '\0')
        snprintf(name + at, n - at, "%zu", k);
    return name;
}

/* Builds the metric list: the fixed ones, then LP_N per provider. Names
 * that clash with an earlier one get "_<provider number>" appended. */
static int lev_build_metrics(lev_state *s)
{
    size_t n_dyn = LP_N * s->n_prov;
    s->metrics = calloc(L_N + n_dyn, sizeof *s->metrics);
    s->names = calloc(n_dyn ? n_dyn : 1, sizeof *s->names);
    if (s->metrics == NULL || s->names == NULL)
        return -1;
    memcpy(s->metrics, lev_metrics, sizeof lev_metrics);
    for (size_t k = 0; k < s->n_prov; k++) {
        const char *id = s->sc->orgs[s->prov_org[k]].id;
        for (size_t j = 0; j < LP_N; j++) {
            size_t at = L_N + LP_N * k + j;
            char *name = lev_metric_name(lev_provider_metric[j].name, id, k);
            if (name == NULL)
                return -1;
            for (size_t e = 0; e < at; e++) {
                if (strcmp(s->metrics[e].name, name) == 0) {
                    size_t len = strlen(name) + 24;
                    char *longer = malloc(len);
                    if (longer == NULL) {
                        free(name);
                        return -1;
                    }
                    snprintf(longer, len, "%s_%zu", name, k + 1);
                    free(name);
                    name = longer;
                    break;
                }
            }
            s->names[LP_N * k + j] = name;
            s->metrics[at] = lev_provider_metric[j];
            s->metrics[at].name = name;
        }
    }
    return 0;
}

static int lev_init(const cs_host *host, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    lev_state *s = calloc(1, sizeof *s);
    if (s == NULL) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        return -1;
    }
    s->sc = host->scenario(ctx);
    s->rate = host->param_number(ctx, "spend_per_weighted_head");
    s->negotiable = host->param_number(ctx, "negotiable_share");
    s->joint = host->param_number(ctx, "joint_contracting_effect");
    if (s->sc == NULL || !(s->rate > 0) || !(s->negotiable >= 0
        && s->negotiable <= 1) || !(s->joint >= 0 && s->joint <= 1)) {
        host->log(ctx, CS_LOG_ERROR, "leverage parameters are out of range; "
                  "see 'consortia plugins --verbose'");
        free(s);
        return -1;
    }
    if (lev_find_providers(s) != 0 || lev_build_metrics(s) != 0) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        lev_fini(s);
        return -1;
    }
    if (s->n_prov == 0)
        host->log(ctx, CS_LOG_WARNING, "no practice has provider shares: "
                  "leverage is 0 for every option; give practices or "
                  "localities 'providers'");
    setup->metrics = s->metrics;
    setup->n_metrics = L_N + LP_N * s->n_prov;
    *state = s;
    return 0;
}

/* One commissioner's figures from its spend per provider. */
typedef struct lev_comm {
    double listed;             /* spend with listed providers */
    double total;              /* all spend: weighted list x rate */
    double share_sum;          /* sum_k spend_k x share_k */
    double main_share;         /* share of its largest provider's income */
    double purchaser_hhi;
} lev_comm;

/* One commissioner's figures from its own spend per provider and that of
 * the body it contracts with (its own, or its jointly contracting
 * federation's): its share of provider k's income is
 * ((1 - e) own_k + e group_k) / income_k, e = joint_contracting_effect. */
static void lev_comm_of(const lev_state *s, const double *own,
                        const double *group, double total, lev_comm *c)
{
    double top = 0;
    memset(c, 0, sizeof *c);
    c->total = total;
    for (size_t k = 0; k < s->n_prov; k++) {
        double sigma = ((1 - s->joint) * own[k] + s->joint * group[k])
                       / s->income[k];
        c->listed += own[k];
        c->share_sum += own[k] * sigma;
        if (own[k] > top) {
            top = own[k];
            c->main_share = sigma;
        }
        if (total > 0)
            c->purchaser_hhi += (own[k] / total) * (own[k] / total);
    }
}

static size_t lev_n_metrics(const lev_state *s)
{
    return L_N + LP_N * s->n_prov;
}

static void lev_put(const lev_state *s, cs_values *out, size_t m, double v)
{
    size_t n = s->metrics[m].sampled ? out->n_draws : 1;
    for (size_t d = 0; d < n; d++)
        out->values[m][d] = v;
}

/* Writes the per-provider and provider-summary metrics from the matrix
 * spend[c * n_prov + k] of n_comm commissioners. */
static void lev_put_providers(const lev_state *s, const double *spend,
                              size_t n_comm, cs_values *out)
{
    double hhi_sum = 0, comm_sum = 0, comm_max = 0;
    for (size_t k = 0; k < s->n_prov; k++) {
        double hhi = 0, largest = 0, n = 0;
        for (size_t c = 0; c < n_comm; c++) {
            double sigma = spend[c * s->n_prov + k] / s->income[k];
            if (!(sigma > 1e-12))
                continue;
            hhi += sigma * sigma;
            n += 1;
            if (sigma > largest)
                largest = sigma;
        }
        lev_put(s, out, L_N + LP_N * k + LP_HHI, hhi);
        lev_put(s, out, L_N + LP_N * k + LP_COMM, n);
        lev_put(s, out, L_N + LP_N * k + LP_LARGEST, largest);
        hhi_sum += hhi;
        comm_sum += n;
        if (n > comm_max)
            comm_max = n;
    }
    lev_put(s, out, L_MEAN_HHI, s->n_prov ? hhi_sum / (double)s->n_prov : 0);
    lev_put(s, out, L_MEAN_COMM,
            s->n_prov ? comm_sum / (double)s->n_prov : 0);
    lev_put(s, out, L_MAX_COMM, comm_max);
}

/* Writes the commissioner-summary metrics from n_comm commissioners. */
static void lev_put_commissioners(const lev_state *s, const lev_comm *cm,
                                  size_t n_comm, cs_values *out)
{
    double listed = 0, share_sum = 0, total = 0, main_w = 0, hhi_w = 0;
    for (size_t c = 0; c < n_comm; c++) {
        listed += cm[c].listed;
        share_sum += cm[c].share_sum;
        total += cm[c].total;
        main_w += cm[c].total * cm[c].main_share;
        hhi_w += cm[c].total * cm[c].purchaser_hhi;
    }
    lev_put(s, out, L_SHARE,
            listed > 0 ? s->negotiable * share_sum / listed : 0);
    lev_put(s, out, L_MAIN_SHARE,
            total > 0 ? s->negotiable * main_w / total : 0);
    lev_put(s, out, L_PURCHASER_HHI, total > 0 ? hhi_w / total : 0);
    lev_put(s, out, L_COMMISSIONERS, (double)n_comm);
    lev_put(s, out, L_SPEND, listed);
}

static int lev_consortium(void *state, const cs_host *host, cs_call *call,
                          const cs_consortium_view *c, cs_values *out)
{
    const lev_state *s = state;
    size_t np = s->n_prov ? s->n_prov : 1;
    double *spend, total = 0;
    lev_comm cm[2];
    size_t n_comm = 1;

    if (out->n_metrics < lev_n_metrics(s))
        return host->error(call, "leverage needs %zu metrics, host gave %zu",
                           lev_n_metrics(s), out->n_metrics);
    spend = calloc(2 * np, sizeof *spend);
    if (spend == NULL)
        return host->error(call, "out of memory");
    for (size_t i = 0; i < c->n_practices; i++) {
        int p = c->practices[i];
        if (p < 0 || (size_t)p >= s->sc->n_practices)
            continue;
        lev_add_practice(s, p, spend);
        total += lev_list(&s->sc->practices[p]) * s->rate;
    }
    /* the rest of the scenario as one other commissioner */
    for (size_t k = 0; k < s->n_prov; k++) {
        spend[np + k] = s->income[k] - s->outside[k] - spend[k];
        if (spend[np + k] > 1e-9 * s->income[k])
            n_comm = 2;
        else
            spend[np + k] = 0;
    }
    lev_comm_of(s, spend, spend, total, &cm[0]);
    lev_put_providers(s, spend, n_comm, out);
    lev_put_commissioners(s, cm, 1, out);
    lev_put(s, out, L_COMMISSIONERS, (double)n_comm);
    free(spend);
    return 0;
}

/* Commissioner of each consortium: its own index, or n_consortia + f for
 * a jointly contracting federation f; then numbered 0..n_comm-1. */
static size_t lev_commissioners(const cs_option_view *o, size_t *comm_of)
{
    size_t n_comm = 0;
    size_t n_slots = o->n_consortia + o->n_federations;
    size_t *number = malloc((n_slots ? n_slots : 1) * sizeof *number);
    if (number == NULL)
        return 0;
    for (size_t i = 0; i < n_slots; i++)
        number[i] = (size_t)-1;
    for (size_t i = 0; i < o->n_consortia; i++) {
        int f = o->federation_of ? o->federation_of[i] : -1;
        size_t slot = i;
        if (f >= 0 && (size_t)f < o->n_federations
            && o->federations[f].joint_contracting)
            slot = o->n_consortia + (size_t)f;
        if (number[slot] == (size_t)-1)
            number[slot] = n_comm++;
        comm_of[i] = number[slot];
    }
    free(number);
    return n_comm;
}

/* Spend per provider of each consortium (own[i * np + k]) and of each
 * commissioner (group[comm_of[i] * np + k]), and each consortium's total. */
static void lev_option_spend(const lev_state *s, const cs_option_view *o,
                             const size_t *comm_of, double *own,
                             double *group, double *total)
{
    size_t np = s->n_prov ? s->n_prov : 1;
    for (size_t i = 0; i < o->n_consortia; i++) {
        const cs_consortium_view *c = &o->consortia[i];
        for (size_t j = 0; j < c->n_practices; j++) {
            int p = c->practices[j];
            if (p < 0 || (size_t)p >= s->sc->n_practices)
                continue;
            lev_add_practice(s, p, own + i * np);
            total[i] += lev_list(&s->sc->practices[p]) * s->rate;
        }
        for (size_t k = 0; k < s->n_prov; k++)
            group[comm_of[i] * np + k] += own[i * np + k];
    }
}

static int lev_option(void *state, const cs_host *host, cs_call *call,
                      const cs_option_view *o, const cs_values *const *in,
                      cs_values *out)
{
    const lev_state *s = state;
    size_t np = s->n_prov ? s->n_prov : 1, nc = o->n_consortia;
    size_t *comm_of = malloc((nc ? nc : 1) * sizeof *comm_of);
    double *own = NULL, *group = NULL, *total = NULL;
    lev_comm *cm = NULL;
    size_t n_comm = 0;
    (void)in;

    if (out->n_metrics < lev_n_metrics(s)) {
        free(comm_of);
        return host->error(call, "leverage needs %zu metrics, host gave %zu",
                           lev_n_metrics(s), out->n_metrics);
    }
    if (comm_of != NULL && nc > 0)
        n_comm = lev_commissioners(o, comm_of);
    if (n_comm > 0) {
        own = calloc(nc * np, sizeof *own);
        group = calloc(n_comm * np, sizeof *group);
        total = calloc(nc, sizeof *total);
        cm = calloc(nc, sizeof *cm);
    }
    if (own == NULL || group == NULL || total == NULL || cm == NULL) {
        int empty = comm_of != NULL && nc == 0;
        free(comm_of); free(own); free(group); free(total); free(cm);
        return empty ? host->error(call, "option '%s' has no consortia; give "
                                   "it at least one", o->id ? o->id : "?")
                     : host->error(call, "out of memory");
    }
    lev_option_spend(s, o, comm_of, own, group, total);
    for (size_t i = 0; i < nc; i++)
        lev_comm_of(s, own + i * np, group + comm_of[i] * np, total[i],
                    &cm[i]);
    lev_put_providers(s, group, n_comm, out);
    lev_put_commissioners(s, cm, nc, out);
    lev_put(s, out, L_COMMISSIONERS, (double)n_comm);
    free(comm_of); free(own); free(group); free(total); free(cm);
    return 0;
}

static const cs_plugin_descriptor lev_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "leverage",
    .version = "1.0.0",
    .summary = "commissioners' shares of their main providers' income and "
               "the providers' concentration of commissioners",
    .params = lev_params,
    .n_params = LEV_N_PARAMS,
    .metrics = lev_metrics,
    .n_metrics = L_N,
    .init = lev_init,
    .consortium = lev_consortium,
    .option = lev_option,
    .fini = lev_fini,
    /* Default value scale of provider_income_share (docs/models.md). */
    .headline_scale = &(const cs_value_scale){0.0, 1.0,
        "the share's whole range: none (0) to all (1) of the providers' "
        "income (ASSUMPTION: no published level narrows it)"},
};

CS_PLUGIN(lev_descriptor)
