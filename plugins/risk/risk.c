/*
 * risk.c -- the financial risk criterion: each consortium's spend against
 * its budget, by Monte Carlo, over the years of an appraisal horizon: the
 * probability, size and tail of an overspend in the first year, and the
 * deficit carried when the plan keeps the required surplus and a
 * contingency and a deficit is repaid from the next year's budget. The
 * model and the source of every default are in docs/models.md ("risk").
 *
 * This file holds the parameters, the metrics, init and the descriptor;
 * risk_spend.c draws one year's spend, risk_years.c a consortium's
 * years, risk_option.c an option's (see risk.h).
 */
#include "risk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cs_param_decl risk_params[] = {
    {"budget_basis", CS_PARAM_CHOICE, 0, "capitation", 0, 0, "",
     "how budgets are set: history, capitation or a mix (Essex LMC briefing, 2005)",
     "history|capitation|mix", NULL},
    {"history_share", CS_PARAM_NUMBER, 0.5, NULL, 0, 1, "fraction",
     "weight of historic spend in a mix budget (pace of change; ASSUMPTION 0.5)",
     NULL, NULL},
    {"spend_per_weighted_head", CS_PARAM_NUMBER, 1230, NULL, 1, 100000,
     "GBP/weighted head/year",
     "capitation rate: Stoke's GBP 364m budget / 296k weighted list (2011/12)",
     NULL, NULL},
    {"expected_spend", CS_PARAM_CHOICE, 0, "budget", 0, 0, "",
     "what a practice is expected to spend: its budget, or its history where known"
     " (ASSUMPTION: budgets are set at expected cost)",
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
     "QIPP savings target as share of budget (Stoke 2011/12: GBP 10-15m of 364m)",
     NULL, NULL},
    {"qipp_delivery_alpha", CS_PARAM_NUMBER, 18, NULL, 0.01, 1000, "",
     "beta alpha of the delivered share of QIPP (ASSUMPTION: mean 90%)", NULL, NULL},
    {"qipp_delivery_beta", CS_PARAM_NUMBER, 2, NULL, 0.01, 1000, "",
     "beta beta of the delivered share of QIPP (ASSUMPTION: SD 6.5%)", NULL, NULL},
    {"qipp_optimism", CS_PARAM_NUMBER, 0, NULL, 0, 1, "fraction",
     "share of the expected QIPP shortfall the plan does not provide for"
     " (ASSUMPTION 0: plans count on the expected delivery, as on unbiased"
     " emergency activity; 1: on the full target)", NULL, NULL},
    {"allocation_error_sd", CS_PARAM_NUMBER, 0.0725, NULL, 0, 1, "fraction",
     "SD of a practice's persistent gap between formula budget and expected"
     " cost: R^2 0.77 at practice level (Dixon et al., BMJ 2011) on need per"
     " head of SD 0.151 (NHS England 2024/25), less a year's noise",
     NULL, NULL},
    {"allocation_error_area_share", CS_PARAM_NUMBER, 0, NULL, 0, 1,
     "fraction", "share of the allocation error's variance common to a local"
     " authority area, which pooling within it cannot diversify (ASSUMPTION"
     " 0: area variables added little in Dixon et al. 2011)", NULL, NULL},
    {"required_surplus", CS_PARAM_NUMBER, 0.01, NULL, 0, 0.2, "fraction",
     "surplus the plan must deliver each year (NHS Commissioning Board,"
     " Everyone counts: planning for patients 2013/14: 1%)", NULL, NULL},
    {"contingency", CS_PARAM_NUMBER, 0.005, NULL, 0, 0.2, "fraction",
     "contingency the plan holds uncommitted each year (ASSUMPTION 0.5%, the"
     " figure commonly cited for the period's business rules)", NULL, NULL},
    {"repayment_share", CS_PARAM_NUMBER, 1, NULL, 0, 1, "fraction",
     "share of a deficit carried that is repaid from the next year's budget"
     " (ASSUMPTION 1: the period's rule, repaid from the next allocation)",
     NULL, NULL},
    {"horizon_years", CS_PARAM_INTEGER, 5, NULL, 1, RISK_MAX_YEARS, "years",
     "years appraised (ASSUMPTION: the five-year plans of Everyone counts:"
     " planning for patients 2014/15 to 2018/19)", NULL, NULL},
};
#define RISK_N_PARAMS (sizeof risk_params / sizeof risk_params[0])

/* The metrics with the default thresholds (1%, 2%, 5%), for `consortia
 * plugins`; init() rebuilds the list from the scenario's thresholds. */
#define RISK_P_DOC "probability that the first year's overspend exceeds this" \
                   " share of budget (no reserve)"
#define RISK_WP_DOC "the highest such probability among the consortia"
static const cs_metric_decl risk_metrics_default[] = {
    {"deficit_carried_pct", "% of budget", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN,
     "deficit carried at the end of the horizon, after the surplus, the"
     " contingency and repayments, as % of a year's budget (0: none)"},
    {"overspend_pct", "% of budget", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN,
     "the first year's overspend as % of budget per draw, no reserve (0"
     " within budget)"},
    {"balance_pct", "% of budget", CS_NEUTRAL, 1, CS_AGG_MEAN,
     "the first year's spend minus budget as % of budget per draw"},
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
    {"p_deficit_any_year", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "probability of a deficit (outturn after the surplus and contingency"
     " above budget) in at least one year of the horizon"},
    {"p_deficit_carried", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "probability that a deficit is carried at the end of the horizon"},
    {"expected_deficit_carried_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean deficit carried at the end of the horizon"},
    {"worst_deficit_carried_pct", "% of budget", CS_LOWER_IS_BETTER, 0,
     CS_AGG_MAX, "the highest mean deficit_carried_pct of the consortia"},
    {"allocation_error_sd_pct", "% of budget", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "SD of the persistent gap between budget and expected cost"},
};

#define RISK_N_DEFAULT \
    (sizeof risk_metrics_default / sizeof risk_metrics_default[0])
#define RISK_N_TAIL (T_N + Y_N)   /* the metrics after the thresholds' */

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
            RISK_P_DOC};
        s->metrics[k++] = (cs_metric_decl){
            s->names[2 * t + 1], "probability", CS_LOWER_IS_BETTER, 0,
            CS_AGG_MAX, RISK_WP_DOC};
    }
    for (size_t i = 0; i < RISK_N_TAIL; i++)
        s->metrics[k++] = risk_metrics_default[RISK_N_DEFAULT - RISK_N_TAIL + i];
    for (int y = 1; y < s->years; y++) {
        snprintf(s->year_names[y], sizeof s->year_names[0],
                 "balance_y%d_pct", y + 1);
        s->metrics[k++] = (cs_metric_decl){
            s->year_names[y], "% of budget", CS_NEUTRAL, 1, CS_AGG_MEAN,
            "spend minus budget in this year of the horizon, per draw"};
    }
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
    s->qipp_optimism = h->param_number(c, "qipp_optimism");
    s->alloc_sd = h->param_number(c, "allocation_error_sd");
    s->alloc_area = h->param_number(c, "allocation_error_area_share");
    s->surplus = h->param_number(c, "required_surplus");
    s->contingency = h->param_number(c, "contingency");
    s->repay = h->param_number(c, "repayment_share");
    double years = h->param_number(c, "horizon_years");
    s->years = isfinite(years) && years >= 1 && years <= RISK_MAX_YEARS
             ? (int)years : -1;
}

/* Every number read must be finite: a NaN means the host refused a name. */
static int risk_params_ok(const risk_state *s)
{
    const double v[] = {s->history_share, s->rate, s->cv_routine, s->hc_rate,
                        s->hc_mean, s->hc_shape, s->sd_provider, s->sd_area,
                        s->sd_national, s->em_share, s->em_mean, s->em_sd,
                        s->em_rate, s->qipp, s->qipp_a, s->qipp_b,
                        s->qipp_optimism, s->alloc_sd, s->alloc_area,
                        s->surplus,
                        s->contingency, s->repay};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]))
            return 0;
    return s->basis >= 0 && s->years >= 1;
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
    if (risk_shared_init(s, h, ctx) < 0) {
        h->log(ctx, CS_LOG_ERROR, "risk: out of memory");
        free(s);
        return -1;
    }
    setup->metrics = s->metrics;
    setup->n_metrics = s->n_metrics;
    *state = s;
    return 0;
}

static void risk_fini(void *state)
{
    if (state)
        risk_shared_free(state);
    free(state);
}

static const cs_plugin_descriptor risk_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "risk",
    .version = "1.1.0",
    .summary = "financial risk: spend against budget by Monte Carlo over the"
               " years of a horizon, deficits carried, overspend, VaR, CVaR",
    .params = risk_params,
    .n_params = RISK_N_PARAMS,
    .metrics = risk_metrics_default,
    .n_metrics = RISK_N_DEFAULT,
    .init = risk_init,
    .consortium = risk_consortium,
    .option = risk_option,
    .fini = risk_fini,
    /* Default value scale of deficit_carried_pct (docs/models.md). */
    .headline_scale = &(const cs_value_scale){2.0, 0.0,
        "ASSUMPTION: no deficit carried at the horizon best, 2% of a year's "
        "budget or more worst (the 2% threshold of the McKinsey figures, "
        "VALIDATION.md, applied to the deficit carried)"},
};

CS_PLUGIN(risk_descriptor)
