/*
 * risk_shared.c -- the allocation error's keyed streams drawn once per
 * criterion instead of once per consortium. Each practice's own stream
 * ("allocation:<code>") is read in init(), through the host's init()
 * stream service (cs_host.stream, ABI 1.1), and summed per locality into
 * the plugin's state; a consortium that holds a locality whole adds that
 * sum instead of redrawing the locality's practices, and draws only the
 * practices of localities it splits. The draws are the same numbers from
 * the same streams: only the order of summation changes (the last bits of
 * a figure). The sums are read-only after init(), so consortium() stays
 * thread-safe. Without the service (an older host), or past
 * RISK_SHARED_MAX_BYTES, nothing is cached and every consortium draws
 * its practices as before.
 *
 * Memory: localities x draws doubles (211 localities at 10,000 draws:
 * 17 MB). On the national scenario it replaces two of every three
 * allocation-error normals (each practice sits in a CCG, an ICB and
 * England).
 */
#include "risk.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* The most the sums may take; past it nothing is cached (ASSUMPTION:
 * 256 MB, the memory target for a whole run). */
#define RISK_SHARED_MAX_BYTES (256.0 * 1024 * 1024)

void risk_shared_free(risk_state *s)
{
    for (size_t l = 0; s->loc_alloc && l < s->n_loc; l++)
        free(s->loc_alloc[l]);
    free(s->loc_alloc);
    free(s->loc_members);
    s->loc_alloc = NULL;
    s->loc_members = NULL;
}

/* Adds practice p's own allocation error, drawn from its stream, to sum. */
static int risk_shared_add(const risk_state *s, const cs_host *h,
                           const cs_ctx *ctx, const cs_practice *p,
                           double x, double own, double *sum, size_t n)
{
    char key[256];
    snprintf(key, sizeof key, "allocation:%s", p->code);
    gsl_rng *r = h->stream(ctx, key);
    if (!r)
        return -1;
    for (size_t k = 0; k < n; k++)   /* as risk_add_normal: w (mean + sd z) */
        sum[k] += x * (0 + own * gsl_ran_gaussian_ziggurat(r, 1.0));
    gsl_rng_free(r);
    (void)s;
    return 0;
}

void risk_shared_init(risk_state *s, const cs_host *h, const cs_ctx *ctx)
{
    const cs_scenario_view *sc = s->sc;
    size_t n = sc->n_draws, nl = sc->n_localities;
    double own = s->alloc_sd * sqrt(1 - s->alloc_area);
    if (h->size < offsetof(cs_host, stream) + sizeof h->stream || !h->stream
        || !(own > 0) || nl == 0 || n == 0
        || (double)nl * (double)n * sizeof(double) > RISK_SHARED_MAX_BYTES)
        return;
    s->n_loc = nl;
    s->loc_n = n;
    s->loc_alloc = calloc(nl, sizeof *s->loc_alloc);
    s->loc_members = calloc(nl, sizeof *s->loc_members);
    if (!s->loc_alloc || !s->loc_members) {
        risk_shared_free(s);
        return;
    }
    for (size_t i = 0; i < sc->n_practices; i++) {
        const cs_practice *p = &sc->practices[i];
        double b, e, x;
        if (p->locality < 0 || (size_t)p->locality >= nl)
            continue;
        risk_practice_money(s, p, &b, &e, &x);
        if (x == 0)
            continue;
        double **sum = &s->loc_alloc[p->locality];
        if ((!*sum && !(*sum = calloc(n, sizeof **sum)))
            || risk_shared_add(s, h, ctx, p, x, own, *sum, n) < 0) {
            risk_shared_free(s);     /* draw in the calls instead */
            return;
        }
        s->loc_members[p->locality]++;
    }
}

unsigned char *risk_shared_whole(const risk_state *s,
                                 const cs_consortium_view *c, size_t n)
{
    if (!s->loc_alloc || n != s->loc_n)
        return NULL;
    size_t *count = calloc(s->n_loc, sizeof *count);
    unsigned char *whole = calloc(s->n_loc, 1);
    for (size_t i = 0; count && whole && i < c->n_practices; i++) {
        const cs_practice *p = &s->sc->practices[c->practices[i]];
        double b, e, x;
        if (p->locality < 0 || (size_t)p->locality >= s->n_loc)
            continue;
        risk_practice_money(s, p, &b, &e, &x);
        count[p->locality] += x != 0;
    }
    int ok = count && whole;
    for (size_t l = 0; ok && l < s->n_loc; l++)
        whole[l] = count[l] > 0 && count[l] == s->loc_members[l];
    free(count);
    if (!ok) {
        free(whole);
        return NULL;
    }
    return whole;
}
