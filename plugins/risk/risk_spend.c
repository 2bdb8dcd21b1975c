/*
 * risk_spend.c -- one year's spend minus expected spend of a consortium,
 * per draw, and the persistent allocation error of its budget. The model
 * and the source of every default are in docs/models.md ("risk").
 *
 * Per draw and year, a consortium's spend is
 *
 *   S = R_routine + H_highcost + sum over providers j of W_j x_j
 *       + sum over areas a of A_a y_a + E z_national
 *
 * - routine spend: Gamma(shape R/theta, scale theta) with theta common to
 *   every practice, so the sum over practices is the same gamma (exact
 *   aggregation); its relative SD falls as 1/sqrt(size);
 * - high-cost cases: K ~ Poisson(rate x size) (exact: risk_poisson.c),
 *   their cost Gamma(K a, m/a)
 *   (a sum of K gammas with a common scale), so one draw costs the same for
 *   any number of patients;
 * - a systematic part shared by practices using the same provider (a
 *   trust's behaviour, emergency activity paid at a marginal rate, QIPP
 *   delivery), the same area and the nation, drawn from streams keyed by
 *   the provider or area, so every consortium and option sees the same
 *   shocks (common random numbers).
 *
 * Every stream of year 1 has the key it had before years were modelled;
 * a later year y prefixes "y<y>|", so each year's shocks are independent
 * and still common to every consortium and option.
 *
 * The allocation error is, in law, one independent normal per practice
 * and draw, the same in every year of the draw: a consortium's error is
 * the sum over its practices, so merging pools it exactly. It is drawn as
 * one normal per locality and draw (the sum of its practices', keyed by
 * the locality), shared out to the practices only for a consortium that
 * holds part of a locality (risk_shared.c, risk_locality_split). Every
 * keyed stream but the consortium's own is drawn once per process and
 * kept for the next consortium that needs it (risk_shared.c).
 */
#include "risk.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expected high-cost cases above which their total is drawn as a normal
 * (the exact compound Poisson is kept below, where it matters). */
#define RISK_POISSON_EXACT 1e7

/* A practice's budget and expected spend under the chosen bases; history
 * falls back to capitation where historic_spend is not given. *exposed is
 * the part of the budget set by the formula while the practice's own cost
 * is not known (expected_spend: budget): the part the allocation error
 * applies to. */
void risk_practice_money(const risk_state *s, const cs_practice *p,
                         double *budget, double *expected, double *exposed)
{
    double cap = p->weighted * s->rate;
    int known = !isnan(p->historic_spend);
    double hist = known ? p->historic_spend : cap;
    double hw = s->basis == BASIS_CAPITATION || !known ? 0
              : s->basis == BASIS_HISTORY ? 1 : s->history_share;
    *budget = s->basis == BASIS_CAPITATION ? cap
            : s->basis == BASIS_HISTORY ? hist
            : s->history_share * hist + (1 - s->history_share) * cap;
    *expected = s->expect_history ? hist : *budget;
    *exposed = s->expect_history ? 0 : (1 - hw) * cap;
}

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

int risk_weigh(const risk_state *s, const cs_consortium_view *c,
               risk_weights *w)
{
    const cs_scenario_view *sc = s->sc;
    size_t n_slots = sc->n_orgs + sc->n_localities + 1;
    w->w_prov = calloc(sc->n_orgs + 1, sizeof *w->w_prov);
    w->w_other = calloc(n_slots, sizeof *w->w_other);
    w->w_area = calloc(n_slots, sizeof *w->w_area);
    w->x_area = calloc(n_slots, sizeof *w->x_area);
    if (!w->w_prov || !w->w_other || !w->w_area || !w->x_area)
        return -1;
    w->budget = w->expected = w->alloc_var = 0;
    for (size_t i = 0; i < c->n_practices; i++) {
        const cs_practice *p = &sc->practices[c->practices[i]];
        double b, e, x, listed = 0;
        risk_practice_money(s, p, &b, &e, &x);
        w->budget += b;
        w->expected += e;
        w->alloc_var += (1 - s->alloc_area) * (s->alloc_sd * x)
                        * (s->alloc_sd * x);
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
        w->x_area[slot] += x;
        if (listed < 1)
            w->w_other[slot] += e * (1 - listed);
    }
    for (size_t a = 0; a < n_slots; a++)
        w->alloc_var += s->alloc_area * (s->alloc_sd * w->x_area[a])
                        * (s->alloc_sd * w->x_area[a]);
    return 0;
}

void risk_weights_free(risk_weights *w)
{
    free(w->w_prov);
    free(w->w_other);
    free(w->w_area);
    free(w->x_area);
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
            unsigned int cases = risk_poisson(r, mu);
            double cost = cases ? gsl_ran_gamma(r, cases * s->hc_shape, hc_scale)
                                : 0;
            x += cost - mu * s->hc_mean;
        }
        dev[k] += x;
    }
}

/* dev += w x series idx (risk_shared.c: kept, or drawn into scratch). */
static int risk_add_series(const risk_state *s, const cs_host *h,
                           cs_call *call, size_t idx, double w, double *dev,
                           double *scratch, size_t n)
{
    const double *x = risk_series(s, h, call, idx, scratch, n);
    if (!x)
        return -1;
    for (size_t k = 0; k < n; k++)
        dev[k] += w * x[k];
    return 0;
}

/* The shocks of the provider-like streams (each provider, and each
 * area's unlisted providers: trust behaviour, emergency activity at the
 * marginal rate, QIPP delivery; risk_shared.c combines the three per unit
 * of expected spend), each area's and the national one. The plan counts
 * on the share `qipp_optimism` of the undelivered mean: 0 (the default)
 * plans on the expected delivery, so only the spread of delivery is a
 * surprise; 1 plans on the full target, so the expected shortfall
 * T (1 - E[D]) is an overspend. */
static int risk_systematic(const risk_state *s, const cs_host *h,
                           cs_call *call, const risk_weights *w, int year,
                           double *dev, size_t n)
{
    const cs_scenario_view *sc = s->sc;
    int prov = risk_provider_on(s);
    double *scratch = malloc(n * sizeof *scratch + 1);
    if (!scratch)
        return h->error(call, "risk: out of memory");
    int rc = 0;
    for (size_t j = 0; prov && rc == 0 && j < sc->n_orgs; j++)
        if (w->w_prov[j] != 0)
            rc = risk_add_series(s, h, call,
                                 risk_series_index(s, RISK_S_PROVIDER, year, j),
                                 w->w_prov[j], dev, scratch, n);
    size_t n_slots = sc->n_orgs + sc->n_localities + 1;
    for (size_t a = 0; rc == 0 && a < n_slots; a++) {
        if (w->w_area[a] == 0)
            continue;
        if (prov && w->w_other[a] != 0)
            rc = risk_add_series(s, h, call,
                                 risk_series_index(s, RISK_S_OTHERS, year, a),
                                 w->w_other[a], dev, scratch, n);
        if (rc == 0 && s->sd_area != 0)
            rc = risk_add_series(s, h, call,
                                 risk_series_index(s, RISK_S_AREA, year, a),
                                 w->w_area[a], dev, scratch, n);
    }
    if (rc == 0 && s->sd_national != 0 && w->expected != 0)
        rc = risk_add_series(s, h, call,
                             risk_series_index(s, RISK_S_NATIONAL, year, 0),
                             w->expected, dev, scratch, n);
    free(scratch);
    return rc;
}

/* Spend minus expected spend in year `year` (0 = the first), added to
 * dev[]: the idiosyncratic part from the consortium's own stream, then
 * the systematic streams. */
int risk_year(const risk_state *s, const cs_host *h, cs_call *call,
              const cs_consortium_view *c, const risk_weights *w, int year,
              double *dev, size_t n)
{
    /* the membership key has no length limit (a host may join the
       practice codes), so a later year's key is built to fit it */
    size_t len = strlen(c->key) + 16;
    char *key = malloc(len);
    if (!key)
        return h->error(call, "risk: out of memory");
    risk_key(key, len, year, "%s", c->key);
    gsl_rng *r = h->rng(call, key);
    free(key);
    if (!r)
        return h->error(call, "risk: no random stream for consortium '%s'",
                        c->id);
    risk_idiosyncratic(s, r, w->expected, dev, n);
    return risk_systematic(s, h, call, w, year, dev, n);
}

/* The persistent allocation error, added to dev[]: per practice a normal
 * of SD allocation_error_sd on the exposed part of its budget, the share
 * allocation_error_area_share of its variance from its area's stream
 * ("allocation-area:<area>") and the rest its own: the same draws in
 * every year and option. The own parts come per locality: a locality held
 * whole adds its total ("allocation-locality:<id>"), one held in part the
 * shares of its practices held (risk_locality_split); a practice with no
 * locality has its own stream ("allocation:<code>"). */
int risk_allocation_error(const risk_state *s, const cs_host *h,
                          cs_call *call, const cs_consortium_view *c,
                          const risk_weights *w, double *dev, size_t n)
{
    const cs_scenario_view *sc = s->sc;
    double own = s->alloc_sd * sqrt(1 - s->alloc_area);
    double common = s->alloc_sd * sqrt(s->alloc_area);
    char key[256];
    if (s->alloc_sd == 0)
        return 0;
    double *scratch = malloc(n * sizeof *scratch + 1);
    unsigned char *held = own > 0 ? risk_shared_held(s, c) : NULL;
    unsigned char *mine = NULL;     /* the practices held, where needed */
    if (!scratch || (own > 0 && !held)) {
        free(scratch);
        free(held);
        return h->error(call, "risk: out of memory");
    }
    int rc = 0;
    for (size_t i = 0; own > 0 && rc == 0 && i < c->n_practices; i++) {
        const cs_practice *p = &sc->practices[c->practices[i]];
        double b, e, x;
        if (p->locality >= 0 && (size_t)p->locality < sc->n_localities) {
            if (held[p->locality] == RISK_HELD_PART && !mine
                && !(mine = calloc(sc->n_practices + 1, 1)))
                rc = h->error(call, "risk: out of memory");
            if (mine)
                mine[c->practices[i]] = 1;
            continue;
        }
        risk_practice_money(s, p, &b, &e, &x);
        if (x == 0)
            continue;
        snprintf(key, sizeof key, "allocation:%s", p->code);
        gsl_rng *r = h->rng(call, key);
        if (!r)
            rc = h->error(call, "risk: no random stream for '%s'", key);
        for (size_t k = 0; r && k < n; k++)
            dev[k] += x * (0 + own * gsl_ran_gaussian_ziggurat(r, 1.0));
    }
    for (size_t l = 0; own > 0 && rc == 0 && l < sc->n_localities; l++)
        if (held[l] == RISK_HELD_WHOLE) {
            rc = risk_add_series(s, h, call,
                                 risk_series_index(s, RISK_S_LOCALITY, 0, l),
                                 1, dev, scratch, n);
        } else if (held[l] == RISK_HELD_PART) {
            rc = risk_locality_split(s, h, call, l, mine, dev, scratch, n);
        }
    free(held);
    free(mine);
    size_t n_slots = sc->n_orgs + sc->n_localities + 1;
    for (size_t a = 0; common > 0 && rc == 0 && a < n_slots; a++)
        if (w->x_area[a] != 0)
            rc = risk_add_series(s, h, call,
                                 risk_series_index(s, RISK_S_ALLOC_AREA, 0, a),
                                 w->x_area[a], dev, scratch, n);
    free(scratch);
    return rc;
}
