/*
 * risk.c -- the financial risk criterion: each consortium's annual spend
 * against its budget, by Monte Carlo, and the probability, size and tail
 * of its overspend. The model and the source of every default are in
 * docs/models.md ("risk").
 *
 * Per draw, a consortium's spend is
 *
 *   S = R_routine + H_highcost + sum over providers j of W_j x_j
 *       + sum over areas a of A_a y_a + E z_national
 *
 * - routine spend: Gamma(shape R/theta, scale theta) with theta common to
 *   every practice, so the sum over practices is the same gamma (exact
 *   aggregation); its relative SD falls as 1/sqrt(size);
 * - high-cost cases: K ~ Poisson(rate x size), their cost Gamma(K a, m/a)
 *   (a sum of K gammas with a common scale), so one draw costs the same for
 *   any number of patients;
 * - a systematic part shared by practices using the same provider (a
 *   trust's behaviour, emergency activity paid at a marginal rate, QIPP
 *   delivery), the same area and the nation, drawn from streams keyed by
 *   the provider or area, so every consortium and option sees the same
 *   shocks (common random numbers).
 *
 * Cost: O(practices x providers) per consortium to weigh the keys, then per
 * draw O(1) for the idiosyncratic part and O(keys) for the systematic one;
 * the option step is O(consortia x draws) plus one sort per consortium.
 */
#include <consortia/plugin.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expected high-cost cases above which their total is drawn as a normal
 * (the exact compound Poisson is kept below, where it matters). */
#define RISK_POISSON_EXACT 1e7

#define RISK_MAX_THRESHOLDS 16
#define RISK_REF_HEADS 100000.0   /* the size the spreads are quoted at */

static const cs_param_decl risk_params[] = {
    {"budget_basis", CS_PARAM_CHOICE, 0, "capitation", 0, 0, "",
     "how budgets are set: history, capitation or a mix (Essex LMC briefing)",
     "history|capitation|mix", NULL},
    {"history_share", CS_PARAM_NUMBER, 0.5, NULL, 0, 1, "fraction",
     "weight of historic spend in a mix budget (pace of change; ASSUMPTION 0.5)",
     NULL, NULL},
    {"spend_per_weighted_head", CS_PARAM_NUMBER, 1230, NULL, 1, 100000,
     "GBP/weighted head/year",
     "capitation rate: Stoke's GBP 364m budget / 296k weighted list (2011/12)",
     NULL, NULL},
    {"expected_spend", CS_PARAM_CHOICE, 0, "budget", 0, 0, "",
     "what a practice is expected to spend: its budget, or its history where known",
     "budget|history", NULL},
    {"routine_cv_100k", CS_PARAM_NUMBER, 0.0106, NULL, 0, 0.5, "fraction",
     "relative SD of routine spend at 100,000 weighted heads; with high-cost cases"
     " gives 1.2% (McKinsey 2010)", NULL, NULL},
    {"high_cost_rate", CS_PARAM_NUMBER, 1.0, NULL, 0, 1000,
     "cases/1000 weighted heads/year",
     "rate of high-cost cases (ASSUMPTION; Bachmann & Bevan 1996 rare costly referrals)",
     NULL, NULL},
    {"high_cost_mean", CS_PARAM_NUMBER, 40000, NULL, 0, 1e8, "GBP/case",
     "mean cost of a high-cost case (ASSUMPTION)", NULL, NULL},
    {"high_cost_shape", CS_PARAM_NUMBER, 0.5, NULL, 0.01, 1000, "",
     "gamma shape of a case's cost; below 1 a heavy tail (ASSUMPTION)", NULL, NULL},
    {"provider_sd", CS_PARAM_NUMBER, 0.0025, NULL, 0, 0.2, "fraction",
     "relative SD of a provider's shock (coding, pricing, activity); part of the"
     " 0.3-0.5% floor (VALIDATION.md)", NULL, NULL},
    {"area_sd", CS_PARAM_NUMBER, 0.002, NULL, 0, 0.2, "fraction",
     "relative SD of a local-authority area's shock (epidemics, social care);"
     " floor (VALIDATION.md)", NULL, NULL},
    {"national_sd", CS_PARAM_NUMBER, 0.001, NULL, 0, 0.2, "fraction",
     "relative SD of a national shock shared by all (winter, drugs); floor"
     " (VALIDATION.md)", NULL, NULL},
    {"emergency_share", CS_PARAM_NUMBER, 0.15, NULL, 0, 1, "fraction",
     "share of spend on emergency admissions (ASSUMPTION)", NULL, NULL},
    {"emergency_growth_mean", CS_PARAM_NUMBER, 0, NULL, -0.5, 0.5, "fraction",
     "emergency activity growth beyond plan, mean (ASSUMPTION: plans are unbiased)",
     NULL, NULL},
    {"emergency_growth_sd", CS_PARAM_NUMBER, 0.03, NULL, 0, 0.5, "fraction",
     "emergency activity growth beyond plan, SD per provider (ASSUMPTION)", NULL, NULL},
    {"emergency_marginal_rate", CS_PARAM_NUMBER, 0.3, NULL, 0, 1, "fraction",
     "tariff paid for emergency activity above the 2008/09 baseline (Operating"
     " Framework 2011/12)", NULL, NULL},
    {"qipp_target", CS_PARAM_NUMBER, 0.034, NULL, 0, 0.5, "fraction",
     "QIPP savings target as share of budget (Stoke: GBP 10-15m of 364m)", NULL, NULL},
    {"qipp_delivery_alpha", CS_PARAM_NUMBER, 18, NULL, 0.01, 1000, "",
     "beta alpha of the delivered share of QIPP (ASSUMPTION: mean 90%)", NULL, NULL},
    {"qipp_delivery_beta", CS_PARAM_NUMBER, 2, NULL, 0.01, 1000, "",
     "beta beta of the delivered share of QIPP (ASSUMPTION: SD 6.5%)", NULL, NULL},
};
#define RISK_N_PARAMS (sizeof risk_params / sizeof risk_params[0])

enum { BASIS_HISTORY, BASIS_CAPITATION, BASIS_MIX };

/* Metric positions: two sampled, then per threshold two, then the rest. */
enum { M_OVERSPEND, M_BALANCE, M_FIXED };
enum { T_EXP_GBP, T_WORST_EXP_PCT, T_VAR_GBP, T_VAR_PCT, T_CVAR_GBP,
       T_CVAR_PCT, T_RESERVE, T_BUDGET, T_N };


/* The metrics with the default thresholds (1%, 2%, 5%), for `consortia
 * plugins`; init() rebuilds the list from the scenario's thresholds. */
#define RISK_P_DOC "probability that overspend exceeds this share of budget"
#define RISK_WP_DOC "the highest such probability among the consortia"
static const cs_metric_decl risk_metrics_default[] = {
    {"overspend_pct", "% of budget", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN,
     "overspend as % of budget per draw, 0 in years within budget"},
    {"balance_pct", "% of budget", CS_NEUTRAL, 1, CS_AGG_MEAN,
     "spend minus budget as % of budget per draw (negative: underspend)"},
    {"p_over_1pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     RISK_P_DOC},
    {"worst_p_over_1pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MAX,
     RISK_WP_DOC},
    {"p_over_2pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     RISK_P_DOC},
    {"worst_p_over_2pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MAX,
     RISK_WP_DOC},
    {"p_over_5pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     RISK_P_DOC},
    {"worst_p_over_5pct", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MAX,
     RISK_WP_DOC},
    {"expected_overspend_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean overspend in GBP, years within budget counting 0"},
    {"worst_expected_overspend_pct", "% of budget", CS_LOWER_IS_BETTER, 0,
     CS_AGG_MAX, "the highest mean overspend_pct of the option's consortia"},
    {"var95_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "95th percentile of spend minus budget (value at risk)"},
    {"var95_pct", "% of budget", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "var95_gbp as % of budget"},
    {"cvar95_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean of spend minus budget in the worst 5% of years (expected shortfall)"},
    {"cvar95_pct", "% of budget", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "cvar95_gbp as % of budget"},
    {"reserve95_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "reserve that covers the overspend in 95% of years (max(var95, 0))"},
    {"budget_gbp", "GBP", CS_NEUTRAL, 0, CS_AGG_SUM, "the budget"},
};

#define RISK_N_DEFAULT \
    (sizeof risk_metrics_default / sizeof risk_metrics_default[0])

typedef struct risk_state {
    int basis, expect_history;
    double history_share, rate;
    double cv_routine, hc_rate, hc_mean, hc_shape, hc_q;
    double sd_provider, sd_area, sd_national;
    double em_share, em_mean, em_sd, em_rate;
    double qipp, qipp_a, qipp_b;
    const cs_scenario_view *sc;
    size_t n_thr;
    double thr[RISK_MAX_THRESHOLDS];
    char names[2 * RISK_MAX_THRESHOLDS][40];
    cs_metric_decl metrics[M_FIXED + 2 * RISK_MAX_THRESHOLDS + T_N];
    size_t n_metrics;
} risk_state;

/* Where a threshold's metrics and the tail metrics sit. */
#define M_P(t) (M_FIXED + 2 * (t))
#define M_WORST_P(t) (M_FIXED + 2 * (t) + 1)
#define M_T(s, i) (M_FIXED + 2 * (s)->n_thr + (i))

/* Per-consortium figures computed from the draws of spend minus budget. */
typedef struct risk_stats {
    double p[RISK_MAX_THRESHOLDS];
    double exp_gbp, exp_pct, var, cvar;
} risk_stats;

/* ---- init -------------------------------------------------------------- */

static void risk_name_threshold(char *buf, size_t n, const char *prefix,
                                double t)
{
    char num[24];
    snprintf(num, sizeof num, "%g", 100 * t);
    for (char *p = num; *p; p++)
        if (*p == '.' || *p == '-')
            *p = *p == '.' ? '_' : 'm';
    snprintf(buf, n, "%sp_over_%spct", prefix, num);
}

static void risk_build_metrics(risk_state *s)
{
    size_t k = 0;
    for (size_t i = 0; i < M_FIXED; i++)
        s->metrics[k++] = risk_metrics_default[i];
    for (size_t t = 0; t < s->n_thr; t++) {
        risk_name_threshold(s->names[2 * t], sizeof s->names[0], "", s->thr[t]);
        risk_name_threshold(s->names[2 * t + 1], sizeof s->names[0], "worst_",
                            s->thr[t]);
        s->metrics[k++] = (cs_metric_decl){
            s->names[2 * t], "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
            "probability that overspend exceeds this share of budget"};
        s->metrics[k++] = (cs_metric_decl){
            s->names[2 * t + 1], "probability", CS_LOWER_IS_BETTER, 0,
            CS_AGG_MAX, "the highest such probability among the consortia"};
    }
    for (size_t i = 0; i < T_N; i++)
        s->metrics[k++] = risk_metrics_default[RISK_N_DEFAULT - T_N + i];
    s->n_metrics = k;
}

static void risk_read_params(risk_state *s, const cs_host *h, const cs_ctx *c)
{
    const char *basis = h->param_choice(c, "budget_basis");
    const char *expect = h->param_choice(c, "expected_spend");
    s->basis = !basis ? -1
             : strcmp(basis, "history") == 0 ? BASIS_HISTORY
             : strcmp(basis, "mix") == 0 ? BASIS_MIX
             : strcmp(basis, "capitation") == 0 ? BASIS_CAPITATION : -1;
    s->expect_history = expect && strcmp(expect, "history") == 0;
    s->history_share = h->param_number(c, "history_share");
    s->rate = h->param_number(c, "spend_per_weighted_head");
    s->cv_routine = h->param_number(c, "routine_cv_100k");
    s->hc_rate = h->param_number(c, "high_cost_rate") / 1000.0;
    s->hc_mean = h->param_number(c, "high_cost_mean");
    s->hc_shape = h->param_number(c, "high_cost_shape");
    s->sd_provider = h->param_number(c, "provider_sd");
    s->sd_area = h->param_number(c, "area_sd");
    s->sd_national = h->param_number(c, "national_sd");
    s->em_share = h->param_number(c, "emergency_share");
    s->em_mean = h->param_number(c, "emergency_growth_mean");
    s->em_sd = h->param_number(c, "emergency_growth_sd");
    s->em_rate = h->param_number(c, "emergency_marginal_rate");
    s->qipp = h->param_number(c, "qipp_target");
    s->qipp_a = h->param_number(c, "qipp_delivery_alpha");
    s->qipp_b = h->param_number(c, "qipp_delivery_beta");
}

/* Every number read must be finite: a NaN means the host refused a name. */
static int risk_params_ok(const risk_state *s)
{
    const double v[] = {s->history_share, s->rate, s->cv_routine, s->hc_rate,
                        s->hc_mean, s->hc_shape, s->sd_provider, s->sd_area,
                        s->sd_national, s->em_share, s->em_mean, s->em_sd,
                        s->em_rate, s->qipp, s->qipp_a, s->qipp_b};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]))
            return 0;
    return s->basis >= 0;
}

static int risk_init(const cs_host *h, const cs_ctx *ctx, void **state,
                     cs_setup *setup)
{
    risk_state *s = calloc(1, sizeof *s);
    if (!s) {
        h->log(ctx, CS_LOG_ERROR, "risk: out of memory");
        return -1;
    }
    risk_read_params(s, h, ctx);
    s->sc = h->scenario(ctx);
    if (!risk_params_ok(s) || !s->sc) {
        h->log(ctx, CS_LOG_ERROR, "risk: a parameter could not be read");
        free(s);
        return -1;
    }
    /* share of expected spend that is routine (not high-cost cases) */
    s->hc_q = 1 - s->hc_rate * s->hc_mean / s->rate;
    if (s->cv_routine > 0 && !(s->hc_q > 0)) {
        h->log(ctx, CS_LOG_ERROR, "risk: high-cost cases (%g per 1000 at GBP"
               " %g) cost more than 'spend_per_weighted_head' (GBP %g); lower"
               " 'high_cost_rate' or 'high_cost_mean', or set"
               " 'routine_cv_100k' to 0", 1000 * s->hc_rate, s->hc_mean,
               s->rate);
        free(s);
        return -1;
    }
    s->n_thr = s->sc->n_thresholds;
    if (s->n_thr > RISK_MAX_THRESHOLDS) {
        h->log(ctx, CS_LOG_WARNING, "risk: only the first %d thresholds are"
               " reported", RISK_MAX_THRESHOLDS);
        s->n_thr = RISK_MAX_THRESHOLDS;
    }
    for (size_t t = 0; t < s->n_thr; t++)
        s->thr[t] = s->sc->thresholds[t];
    risk_build_metrics(s);
    setup->metrics = s->metrics;
    setup->n_metrics = s->n_metrics;
    *state = s;
    return 0;
}

static void risk_fini(void *state)
{
    free(state);
}

/* ---- one consortium ---------------------------------------------------- */

/* A practice's budget and expected spend under the chosen bases; history
 * falls back to capitation where historic_spend is not given. */
static void risk_practice_money(const risk_state *s, const cs_practice *p,
                                double *budget, double *expected)
{
    double cap = p->weighted * s->rate;
    double hist = isnan(p->historic_spend) ? cap : p->historic_spend;
    *budget = s->basis == BASIS_CAPITATION ? cap
            : s->basis == BASIS_HISTORY ? hist
            : s->history_share * hist + (1 - s->history_share) * cap;
    *expected = s->expect_history ? hist : *budget;
}

/* Weights of the shock streams for one consortium: expected spend per
 * provider (w_prov), per area with spend on providers not listed
 * (w_other) and per area (w_area). Area slots: org index for a local
 * authority or PCT, n_orgs + locality index otherwise. */
typedef struct risk_weights {
    double *w_prov, *w_other, *w_area;
    double budget, expected;
} risk_weights;

static int risk_area_slot(const cs_scenario_view *sc, const cs_practice *p)
{
    const cs_locality *l = p->locality >= 0
                                   && (size_t)p->locality < sc->n_localities
                               ? &sc->localities[p->locality] : NULL;
    if (l && l->local_authority >= 0 && (size_t)l->local_authority < sc->n_orgs)
        return l->local_authority;
    if (l && l->pct >= 0 && (size_t)l->pct < sc->n_orgs)
        return l->pct;
    return l ? (int)sc->n_orgs + p->locality : -1;
}

static int risk_weigh(const risk_state *s, const cs_consortium_view *c,
                      risk_weights *w)
{
    const cs_scenario_view *sc = s->sc;
    size_t n_slots = sc->n_orgs + sc->n_localities + 1;
    w->w_prov = calloc(sc->n_orgs + 1, sizeof *w->w_prov);
    w->w_other = calloc(n_slots, sizeof *w->w_other);
    w->w_area = calloc(n_slots, sizeof *w->w_area);
    if (!w->w_prov || !w->w_other || !w->w_area)
        return -1;
    w->budget = w->expected = 0;
    for (size_t i = 0; i < c->n_practices; i++) {
        const cs_practice *p = &sc->practices[c->practices[i]];
        double b, e, listed = 0;
        risk_practice_money(s, p, &b, &e);
        w->budget += b;
        w->expected += e;
        for (size_t j = 0; j < p->n_providers; j++) {
            const cs_share *sh = &p->providers[j];
            if (sh->org < 0 || (size_t)sh->org >= sc->n_orgs)
                continue;
            w->w_prov[sh->org] += e * sh->share;
            listed += sh->share;
        }
        int a = risk_area_slot(sc, p);
        size_t slot = a < 0 ? n_slots - 1 : (size_t)a;
        w->w_area[slot] += e;
        if (listed < 1)
            w->w_other[slot] += e * (1 - listed);
    }
    return 0;
}

static void risk_weights_free(risk_weights *w)
{
    free(w->w_prov);
    free(w->w_other);
    free(w->w_area);
}

/* The idiosyncratic part: routine gamma plus high-cost cases, as spend
 * minus expected spend, added to dev[]. */
static void risk_idiosyncratic(const risk_state *s, gsl_rng *r, double e,
                               double *dev, size_t n)
{
    double heads = e / s->rate;
    double routine = e * s->hc_q;
    double theta = s->cv_routine * s->cv_routine * RISK_REF_HEADS * s->rate
                   / s->hc_q;
    double mu = s->hc_rate * heads;
    double hc_scale = s->hc_mean / s->hc_shape;
    for (size_t k = 0; k < n; k++) {
        double x = 0;
        if (s->cv_routine > 0 && routine > 0)
            x += gsl_ran_gamma(r, routine / theta, theta) - routine;
        if (mu > RISK_POISSON_EXACT && s->hc_mean > 0) {
            /* a compound Poisson of so many cases is normal to within far
               less than the draws can see: mean 0 once centred, variance
               mu E[X^2] for gamma X (and the count fits no unsigned int) */
            x += gsl_ran_gaussian(r, sqrt(mu * s->hc_shape * (s->hc_shape + 1))
                                     * hc_scale);
        } else if (mu > 0 && s->hc_mean > 0) {
            unsigned int cases = gsl_ran_poisson(r, mu);
            double cost = cases ? gsl_ran_gamma(r, cases * s->hc_shape, hc_scale)
                                : 0;
            x += cost - mu * s->hc_mean;
        }
        dev[k] += x;
    }
}

/* Adds weight x (normal shocks of SD sd, mean mean) from the stream `key`. */
static int risk_add_normal(const cs_host *h, cs_call *call, const char *key,
                           double weight, double mean, double sd, double *dev,
                           size_t n)
{
    if (weight == 0 || (sd == 0 && mean == 0))
        return 0;
    gsl_rng *r = h->rng(call, key);
    if (!r)
        return h->error(call, "risk: no random stream for '%s'", key);
    for (size_t k = 0; k < n; k++)
        dev[k] += weight * (mean + sd * gsl_ran_gaussian_ziggurat(r, 1.0));
    return 0;
}

/* The shocks of one provider-like stream (a provider, or the unlisted
 * providers of an area): trust behaviour, emergency activity at the
 * marginal rate, QIPP shortfall. */
static int risk_add_provider(const risk_state *s, const cs_host *h,
                             cs_call *call, const char *id, double w,
                             double *dev, size_t n)
{
    char key[256];
    if (w == 0)
        return 0;
    snprintf(key, sizeof key, "provider:%s", id);
    if (risk_add_normal(h, call, key, w, 0, s->sd_provider, dev, n) < 0)
        return -1;
    snprintf(key, sizeof key, "emergency:%s", id);
    double em = w * s->em_share * s->em_rate;
    if (risk_add_normal(h, call, key, em, s->em_mean, s->em_sd, dev, n) < 0)
        return -1;
    if (s->qipp == 0)
        return 0;
    snprintf(key, sizeof key, "qipp:%s", id);
    gsl_rng *r = h->rng(call, key);
    if (!r)
        return h->error(call, "risk: no random stream for '%s'", key);
    for (size_t k = 0; k < n; k++)
        dev[k] += w * s->qipp * (1 - gsl_ran_beta(r, s->qipp_a, s->qipp_b));
    return 0;
}

static const char *risk_area_id(const cs_scenario_view *sc, size_t slot,
                                char *buf, size_t n)
{
    if (slot < sc->n_orgs)
        snprintf(buf, n, "%s", sc->orgs[slot].id);
    else if (slot < sc->n_orgs + sc->n_localities)
        snprintf(buf, n, "locality:%s", sc->localities[slot - sc->n_orgs].id);
    else
        snprintf(buf, n, "nowhere");
    return buf;
}

static int risk_systematic(const risk_state *s, const cs_host *h,
                           cs_call *call, const risk_weights *w, double *dev,
                           size_t n)
{
    const cs_scenario_view *sc = s->sc;
    char key[256], id[200];
    for (size_t j = 0; j < sc->n_orgs; j++)
        if (risk_add_provider(s, h, call, sc->orgs[j].id, w->w_prov[j], dev,
                              n) < 0)
            return -1;
    size_t n_slots = sc->n_orgs + sc->n_localities + 1;
    for (size_t a = 0; a < n_slots; a++) {
        if (w->w_area[a] == 0)
            continue;
        risk_area_id(sc, a, id, sizeof id);
        snprintf(key, sizeof key, "others-in:%s", id);
        if (risk_add_provider(s, h, call, key, w->w_other[a], dev, n) < 0)
            return -1;
        snprintf(key, sizeof key, "area:%s", id);
        if (risk_add_normal(h, call, key, w->w_area[a], 0, s->sd_area, dev,
                            n) < 0)
            return -1;
    }
    return risk_add_normal(h, call, "national", w->expected, 0, s->sd_national,
                           dev, n);
}

/* VaR95 (the 0.95 quantile, interpolated as gsl_stats_quantile does) and
 * CVaR95 (the mean of the worst ceil(5%) of draws); a[] is sorted. */
static void risk_tail(double *a, size_t n, double *var, double *cvar)
{
    size_t tail = (size_t)ceil(0.05 * (double)n);
    double sum = 0;

    tail = tail ? tail : 1;
    gsl_sort(a, 1, n);
    for (size_t k = n - tail; k < n; k++)
        sum += a[k];
    *cvar = sum / (double)tail;
    *var = gsl_stats_quantile_from_sorted_data(a, 1, n, 0.95);
}

/* Figures from the draws of spend minus budget; scratch has n slots. */
static void risk_stats_of(const risk_state *s, const double *o, size_t n,
                          double budget, double *scratch, risk_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t k = 0; k < n; k++) {
        for (size_t t = 0; t < s->n_thr; t++)
            st->p[t] += o[k] > s->thr[t] * budget;
        if (o[k] > 0)
            st->exp_gbp += o[k];
        scratch[k] = o[k];
    }
    for (size_t t = 0; t < s->n_thr; t++)
        st->p[t] /= (double)n;
    st->exp_gbp /= (double)n;
    st->exp_pct = 100 * st->exp_gbp / budget;
    risk_tail(scratch, n, &st->var, &st->cvar);
}

/* Writes the unsampled figures of one consortium or option. */
static void risk_put_stats(const risk_state *s, const risk_stats *st,
                           const double *worst_p, double worst_exp,
                           double budget, cs_values *out)
{
    for (size_t t = 0; t < s->n_thr; t++) {
        out->values[M_P(t)][0] = st->p[t];
        out->values[M_WORST_P(t)][0] = worst_p[t];
    }
    out->values[M_T(s, T_EXP_GBP)][0] = st->exp_gbp;
    out->values[M_T(s, T_WORST_EXP_PCT)][0] = worst_exp;
    out->values[M_T(s, T_VAR_GBP)][0] = st->var;
    out->values[M_T(s, T_VAR_PCT)][0] = 100 * st->var / budget;
    out->values[M_T(s, T_CVAR_GBP)][0] = st->cvar;
    out->values[M_T(s, T_CVAR_PCT)][0] = 100 * st->cvar / budget;
    out->values[M_T(s, T_RESERVE)][0] = st->var > 0 ? st->var : 0;
    out->values[M_T(s, T_BUDGET)][0] = budget;
}

/* Sampled figures from spend minus budget in GBP (o may be balance's own
 * array: it is overwritten in place). */
static void risk_put_draws(const double *o, size_t n, double budget,
                           cs_values *out)
{
    for (size_t k = 0; k < n; k++) {
        double pct = 100 * o[k] / budget;
        out->values[M_BALANCE][k] = pct;
        out->values[M_OVERSPEND][k] = pct > 0 ? pct : 0;
    }
}

static int risk_consortium(void *state, const cs_host *h, cs_call *call,
                           const cs_consortium_view *c, cs_values *out)
{
    const risk_state *s = state;
    size_t n = out->n_draws;
    risk_weights w = {0};
    double *o = calloc(n, sizeof *o), *scratch = malloc(n * sizeof *scratch);
    int rc = -1;
    if (!o || !scratch || risk_weigh(s, c, &w) < 0) {
        rc = h->error(call, "risk: out of memory");
        goto done;
    }
    if (!(w.budget > 0) || !isfinite(w.budget)) {
        rc = h->error(call, "consortium '%s' has no budget; give its practices"
                      " weighted lists or historic spend", c->id);
        goto done;
    }
    gsl_rng *r = h->rng(call, c->key);
    if (!r) {
        rc = h->error(call, "risk: no random stream for consortium '%s'", c->id);
        goto done;
    }
    risk_idiosyncratic(s, r, w.expected, o, n);
    if (risk_systematic(s, h, call, &w, o, n) < 0)
        goto done;
    for (size_t k = 0; k < n; k++)
        o[k] += w.expected - w.budget;
    risk_stats st;
    risk_stats_of(s, o, n, w.budget, scratch, &st);
    risk_put_draws(o, n, w.budget, out);
    risk_put_stats(s, &st, st.p, st.exp_pct, w.budget, out);
    rc = 0;
done:
    risk_weights_free(&w);
    free(o);
    free(scratch);
    return rc;
}

/* ---- the option: federations pool deficits ------------------------------ */

/* Spend minus budget of every consortium after federation pooling: a
 * member puts rho of its deficit (of its balance, when surpluses are
 * pooled) into the pool, and the pool is shared by budget. */
static void risk_pool(const cs_option_view *o, const double *budget,
                      double *const *bal, size_t n)
{
    for (size_t f = 0; f < o->n_federations; f++) {
        const cs_federation *fed = &o->federations[f];
        double rho = fed->risk_pool_share, total = 0;
        for (size_t i = 0; i < fed->n_members; i++)
            total += budget[fed->members[i]];
        for (size_t k = 0; k < n; k++) {
            double pool = 0;
            for (size_t i = 0; i < fed->n_members; i++) {
                double *x = &bal[fed->members[i]][k];
                double put = rho * (fed->pool_surpluses || *x > 0 ? *x : 0);
                pool += put;
                *x -= put;
            }
            for (size_t i = 0; i < fed->n_members; i++)
                bal[fed->members[i]][k] += pool * budget[fed->members[i]] / total;
        }
    }
}

/* Option figures: population-weighted means, sums in GBP, the worst. */
static void risk_option_fill(const risk_state *s, const cs_option_view *o,
                             const double *budget, double *const *bal,
                             double *scratch, cs_values *out)
{
    size_t n = out->n_draws;
    double pop = 0, total_budget = 0, worst_p[RISK_MAX_THRESHOLDS] = {0};
    double worst_exp = 0;
    double reserve = 0;
    risk_stats sum = {0}, st;
    for (size_t k = 0; k < n; k++)
        out->values[M_OVERSPEND][k] = out->values[M_BALANCE][k] = 0;
    for (size_t i = 0; i < o->n_consortia; i++) {
        double wgt = o->consortia[i].registered;
        pop += wgt;
        total_budget += budget[i];
        risk_stats_of(s, bal[i], n, budget[i], scratch, &st);
        for (size_t t = 0; t < s->n_thr; t++) {
            sum.p[t] += wgt * st.p[t];
            worst_p[t] = st.p[t] > worst_p[t] ? st.p[t] : worst_p[t];
        }
        worst_exp = st.exp_pct > worst_exp ? st.exp_pct : worst_exp;
        sum.exp_gbp += st.exp_gbp;
        sum.var += st.var;
        sum.cvar += st.cvar;
        reserve += st.var > 0 ? st.var : 0;
        for (size_t k = 0; k < n; k++) {
            double pct = 100 * bal[i][k] / budget[i];
            out->values[M_BALANCE][k] += wgt * pct;
            out->values[M_OVERSPEND][k] += wgt * (pct > 0 ? pct : 0);
        }
    }
    for (size_t k = 0; k < n; k++) {
        out->values[M_BALANCE][k] /= pop;
        out->values[M_OVERSPEND][k] /= pop;
    }
    for (size_t t = 0; t < s->n_thr; t++)
        sum.p[t] /= pop;
    risk_put_stats(s, &sum, worst_p, worst_exp, total_budget, out);
    out->values[M_T(s, T_RESERVE)][0] = reserve;
}

static int risk_option(void *state, const cs_host *h, cs_call *call,
                       const cs_option_view *o, const cs_values *const *in,
                       cs_values *out)
{
    const risk_state *s = state;
    size_t n = out->n_draws, nc = o->n_consortia;
    double *budget = calloc(nc ? nc : 1, sizeof *budget);
    double **bal = calloc(nc ? nc : 1, sizeof *bal);
    double *scratch = malloc(n * sizeof *scratch);
    int rc = -1;
    if (!budget || !bal || !scratch) {
        rc = h->error(call, "risk: out of memory");
        goto done;
    }
    if (nc == 0) {
        rc = h->error(call, "option '%s' has no consortia", o->id);
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        budget[i] = in[i]->values[M_T(s, T_BUDGET)][0];
        if (!(bal[i] = malloc(n * sizeof **bal))) {
            rc = h->error(call, "risk: out of memory");
            goto done;
        }
        for (size_t k = 0; k < n; k++)
            bal[i][k] = in[i]->values[M_BALANCE][k] / 100 * budget[i];
    }
    risk_pool(o, budget, bal, n);
    risk_option_fill(s, o, budget, bal, scratch, out);
    rc = 0;
done:
    if (bal)
        for (size_t i = 0; i < nc; i++)
            free(bal[i]);
    free(bal);
    free(budget);
    free(scratch);
    return rc;
}

static const cs_plugin_descriptor risk_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "risk",
    .version = "1.0.0",
    .summary = "financial risk: spend against budget by Monte Carlo, overspend"
               " probabilities, VaR and CVaR",
    .params = risk_params,
    .n_params = RISK_N_PARAMS,
    .metrics = risk_metrics_default,
    .n_metrics = RISK_N_DEFAULT,
    .init = risk_init,
    .consortium = risk_consortium,
    .option = risk_option,
    .fini = risk_fini,
    /* Default value scale of overspend_pct (docs/models.md). */
    .headline_scale = &(const cs_value_scale){2.0, 0.0,
        "ASSUMPTION: no overspend best, 2% of budget or more worst (the 1% "
        "and 2% thresholds of the McKinsey figures, VALIDATION.md)"},
};

CS_PLUGIN(risk_descriptor)
