/*
 * stability.c -- would any unit or consortium of the recommended grouping
 * do better elsewhere, on its own criteria (docs/search.md, "Stability")?
 *
 * A consortium's own score is the scenario's criteria, value functions and
 * weights applied to its own headline draws as a body by itself (the
 * plugin's consortium() call), screened like every coalition. A coalition
 * blocks when each of its members would score higher in it than where
 * the grouping puts them and it keeps the population band and the
 * `apart` pairs: a unit standing alone, a unit joining a neighbouring
 * consortium that gains too, or two neighbouring consortia merging.
 */
#include "objective.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int own_of(obj_screen *s, cs_set set, double *own)
{
    double v;
    return obj_screen_get(s, set, &v, own);
}

static int add_block(cs_search_result *r, cs_set coal, cs_set from,
                     double gain, const char *kind)
{
    cs_block *b = realloc(r->blocks, (r->n_blocks + 1) * sizeof *b);
    if (!b)
        return -1;
    r->blocks = b;
    b += r->n_blocks++;
    memset(b, 0, sizeof *b);
    b->coalition = coal;
    b->from = from;
    b->gain = gain;
    snprintf(b->kind, sizeof b->kind, "%s", kind);
    return 0;
}

static cs_set nbr_of(const cs_units *u, cs_set s)
{
    cs_set n = 0;
    for (unsigned i = 0; i < u->n; i++)
        if (s >> i & 1)
            n |= u->nbr[i];
    return n & ~s;
}

/* Unit i of part p: alone, or into a neighbouring part q. */
static int unit_moves(cs_search_result *r, obj_screen *s,
                      const cs_search_config *c, unsigned p, unsigned i)
{
    cs_set bit = (cs_set)1 << i, t;
    double own_t, gain;

    if (c->parts[p] != bit && cs_units_allowed(&r->units, s->rules, bit)) {
        if (own_of(s, bit, &own_t) < 0)
            return -1;
        if (own_t > r->own[p] &&
            add_block(r, bit, c->parts[p], own_t - r->own[p], "alone") < 0)
            return -1;
    }
    for (unsigned q = 0; q < c->n_parts; q++) {
        t = c->parts[q] | bit;
        if (q == p || !(r->units.nbr[i] & c->parts[q]) ||
            !cs_units_allowed(&r->units, s->rules, t))
            continue;
        if (own_of(s, t, &own_t) < 0)
            return -1;
        gain = own_t - (r->own[p] > r->own[q] ? r->own[p] : r->own[q]);
        if (gain > 0 && add_block(r, bit, c->parts[q], gain, "join") < 0)
            return -1;
    }
    return 0;
}

/* Parts p and q merging. */
static int merge(cs_search_result *r, obj_screen *s,
                 const cs_search_config *c, unsigned p, unsigned q)
{
    cs_set t = c->parts[p] | c->parts[q];
    double own_t, gain;

    if (!(nbr_of(&r->units, c->parts[p]) & c->parts[q]) ||
        !cs_units_allowed(&r->units, s->rules, t))
        return 0;
    if (own_of(s, t, &own_t) < 0)
        return -1;
    gain = own_t - (r->own[p] > r->own[q] ? r->own[p] : r->own[q]);
    return gain > 0 ? add_block(r, t, c->parts[p], gain, "merge") : 0;
}

int cs_search_stability(cs_search_result *r, obj_screen *s)
{
    const cs_search_config *c;

    if (!r->have_best)
        return 0;
    c = &r->configs[r->best];
    if (!(r->own = calloc(c->n_parts + 1, sizeof *r->own)))
        return -1;
    for (unsigned p = 0; p < c->n_parts; p++)
        if (own_of(s, c->parts[p], &r->own[p]) < 0)
            return -1;
    for (unsigned p = 0; p < c->n_parts; p++) {
        for (unsigned i = 0; i < r->units.n; i++)
            if ((c->parts[p] >> i & 1) && unit_moves(r, s, c, p, i) < 0)
                return -1;
        for (unsigned q = p + 1; q < c->n_parts; q++)
            if (merge(r, s, c, p, q) < 0)
                return -1;
    }
    return 0;
}
