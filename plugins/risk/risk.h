/*
 * risk.h -- internal to the risk plugin (one module built from the files
 * of plugins/risk/): the state read from the parameters, the positions of
 * the metrics, and the functions the files share. Only
 * consortia_plugin_entry leaves the module.
 *
 *   risk.c        parameters, metrics, init, fini, the descriptor
 *   risk_spend.c  one year's spend minus budget per draw, and the
 *                 persistent allocation error of a consortium
 *   risk_years.c  the years of the horizon, deficits carried and repaid,
 *                 the figures of a consortium
 *   risk_option.c an option's figures: federations pool deficits
 *   risk_poisson.c an exact Poisson generator (PTRS, inversion)
 *   risk_shared.c keyed streams drawn once per process, kept for every
 *                 consortium
 */
#ifndef CONSORTIA_RISK_H
#define CONSORTIA_RISK_H

#include <consortia/plugin.h>
#include <stddef.h>

#define RISK_MAX_THRESHOLDS 16
#define RISK_MAX_YEARS 30
#define RISK_REF_HEADS 100000.0   /* the size the spreads are quoted at */

enum { BASIS_HISTORY, BASIS_CAPITATION, BASIS_MIX };

/* Metric positions: the headline and two sampled year-1 metrics; per
 * threshold two; the year-1 tail metrics (T_*); the horizon's fixed
 * metrics (Y_*); then one sampled balance per year after the first. */
enum { M_CARRIED, M_OVERSPEND, M_BALANCE, M_FIXED };
enum { T_EXP_GBP, T_WORST_EXP_PCT, T_VAR_GBP, T_VAR_PCT, T_CVAR_GBP,
       T_CVAR_PCT, T_RESERVE, T_BUDGET, T_N };
enum { Y_P_ANY, Y_P_CARRIED, Y_EXP_CARRIED_GBP, Y_WORST_CARRIED_PCT,
       Y_ALLOC_SD_PCT, Y_N };

typedef struct risk_cache risk_cache;

typedef struct risk_state {
    int basis, expect_history;
    double history_share, rate;
    double cv_routine, hc_rate, hc_mean, hc_shape, hc_q;
    double sd_provider, sd_area, sd_national;
    double em_share, em_mean, em_sd, em_rate;
    double qipp, qipp_a, qipp_b, qipp_optimism;
    double alloc_sd, alloc_area, surplus, contingency, repay;
    int years;
    const cs_scenario_view *sc;
    size_t n_thr;
    double thr[RISK_MAX_THRESHOLDS];
    char names[2 * RISK_MAX_THRESHOLDS][40];
    char year_names[RISK_MAX_YEARS][32];
    cs_metric_decl metrics[M_FIXED + 2 * RISK_MAX_THRESHOLDS + T_N + Y_N
                           + RISK_MAX_YEARS];
    size_t n_metrics;
    /* risk_shared.c: the keyed series kept once drawn (NULL: none kept)
     * and the criterion instance whose stream service draws them */
    struct risk_cache *cache;
    const cs_ctx *ctx;
} risk_state;

/* Where a threshold's metrics, the tail metrics, the horizon's metrics
 * and year y's balance (y >= 1, counted from 0) sit. */
#define M_P(t) (M_FIXED + 2 * (t))
#define M_WORST_P(t) (M_FIXED + 2 * (t) + 1)
#define M_T(s, i) (M_FIXED + 2 * (s)->n_thr + (i))
#define M_Y(s, i) (M_T(s, T_N) + (i))
#define M_YEAR(s, y) (M_Y(s, Y_N) + (y) - 1)

/* Weights of the shock streams for one consortium: expected spend per
 * provider (w_prov), per area with spend on providers not listed
 * (w_other) and per area (w_area); budget and expected spend. Area slots:
 * org index for a local authority or PCT, n_orgs + locality index
 * otherwise, the last slot for a practice with no locality. */
typedef struct risk_weights {
    double *w_prov, *w_other, *w_area;
    double *x_area;        /* budget exposed to the allocation error, by area */
    double budget, expected;
    double alloc_var;      /* variance of the allocation error, GBP^2 */
} risk_weights;

/* Per-consortium figures of the first year, from spend minus budget. */
typedef struct risk_stats {
    double p[RISK_MAX_THRESHOLDS];
    double exp_gbp, exp_pct, var, cvar;
} risk_stats;

/* Over the horizon: P(a deficit in any year), P(a deficit carried at the
 * end), the mean deficit carried at the end (GBP). */
typedef struct risk_horizon {
    double p_any, p_carried, exp_carried;
} risk_horizon;

/* risk_spend.c */
void risk_practice_money(const risk_state *s, const cs_practice *p,
                         double *budget, double *expected, double *exposed);
int risk_weigh(const risk_state *s, const cs_consortium_view *c,
               risk_weights *w);
void risk_weights_free(risk_weights *w);
int risk_year(const risk_state *s, const cs_host *h, cs_call *call,
              const cs_consortium_view *c, const risk_weights *w, int year,
              double *dev, size_t n);
int risk_allocation_error(const risk_state *s, const cs_host *h,
                          cs_call *call, const cs_consortium_view *c,
                          const risk_weights *w, double *dev, size_t n);

/* risk_shared.c: the keyed series a consortium weights (see there). A
 * series' index: per year a provider's (i: org), an area's unlisted
 * providers' (i: area slot), an area's shock, the national shock; an
 * area's common allocation error; a locality's own allocation errors, in
 * total (i: locality). risk_series gives the series, kept or drawn into
 * scratch (n doubles); NULL after h->error. risk_shared_held gives, per
 * locality, whether the consortium holds none, part or all of the
 * practices the allocation error applies to (RISK_HELD_*; the caller
 * frees; NULL: out of memory). risk_locality_split adds to dev the shares
 * of locality l's total that fall to the practices i with mine[i] != 0
 * (scratch: n doubles; -1 after h->error). */
enum { RISK_S_PROVIDER, RISK_S_OTHERS, RISK_S_AREA, RISK_S_NATIONAL,
       RISK_S_ALLOC_AREA, RISK_S_LOCALITY };
int risk_shared_init(risk_state *s, const cs_host *h, const cs_ctx *ctx);
void risk_shared_free(risk_state *s);
size_t risk_series_index(const risk_state *s, int kind, int year, size_t i);
const double *risk_series(const risk_state *s, const cs_host *h,
                          cs_call *call, size_t idx, double *scratch,
                          size_t n);
int risk_provider_on(const risk_state *s);
enum { RISK_HELD_NONE, RISK_HELD_PART, RISK_HELD_WHOLE };
unsigned char *risk_shared_held(const risk_state *s,
                                const cs_consortium_view *c);
int risk_locality_split(const risk_state *s, const cs_host *h, cs_call *call,
                        size_t l, const unsigned char *mine, double *dev,
                        double *scratch, size_t n);
void risk_key(char *buf, size_t n, int year, const char *fmt, ...)
    CS_PRINTF(4, 5);
const char *risk_area_id(const cs_scenario_view *sc, size_t slot, char *buf,
                         size_t n);

/* risk_poisson.c: a Poisson draw of mean mu (exact; 0 when mu <= 0);
 * mu below 2^31 */
unsigned int risk_poisson(gsl_rng *r, double mu);

/* risk_years.c */
void risk_stats_of(const risk_state *s, const double *o, size_t n,
                   double budget, double *scratch, risk_stats *st);
void risk_put_stats(const risk_state *s, const risk_stats *st,
                    const double *worst_p, double worst_exp, double budget,
                    cs_values *out);
void risk_outturn(const risk_state *s, const double *x, const double *debt,
                  double budget, double *o, size_t n);
void risk_settle(const risk_state *s, const double *o, double *debt,
                 unsigned char *any, size_t n);
void risk_horizon_stats(const double *debt, const unsigned char *any,
                        size_t n, risk_horizon *hz);
int risk_consortium(void *state, const cs_host *h, cs_call *call,
                    const cs_consortium_view *c, cs_values *out);
/* risk_option.c */
int risk_option(void *state, const cs_host *h, cs_call *call,
                const cs_option_view *o, const cs_values *const *in,
                cs_values *out);

#endif /* CONSORTIA_RISK_H */
