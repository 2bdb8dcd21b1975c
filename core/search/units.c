/*
 * units.c -- the units of a search (a scenario's localities), their
 * neighbour graph and the rules of `search:` as bit sets.
 */
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIT(i) ((cs_set)1 << (i))

void cs_units_free(cs_units *u)
{
    if (!u)
        return;
    for (unsigned i = 0; u->practices && i < u->n; i++)
        free(u->practices[i]);
    free(u->practices);
    free(u->n_practices);
    free(u->registered);
    free(u->nbr);
    free(u->together);
    free(u->apart);
    memset(u, 0, sizeof *u);
}

/* Each unit's practices and list. */
static int unit_practices(const cs_model *m, cs_units *u)
{
    for (size_t p = 0; p < m->n_practices; p++) {
        int l = m->practices[p].locality;
        u->n_practices[l]++;
        u->registered[l] += m->practices[p].registered;
        u->total += m->practices[p].registered;
    }
    for (unsigned i = 0; i < u->n; i++) {
        u->practices[i] = malloc((u->n_practices[i] + 1) * sizeof(int));
        if (!u->practices[i])
            return -1;
        u->n_practices[i] = 0;
    }
    for (size_t p = 0; p < m->n_practices; p++) {
        int l = m->practices[p].locality;
        u->practices[l][u->n_practices[l]++] = (int)p;
    }
    return 0;
}

/* The `together` sets: the scenario's pairs, then one per local
 * authority with coterminosity. */
static int unit_rules(const cs_model *m, cs_units *u)
{
    const cs_search_spec *r = &m->search;
    size_t room = r->n_together + (r->coterminous ? m->n_localities : 0) + 1;

    u->together = calloc(room, sizeof *u->together);
    u->apart = calloc(r->n_apart + 1, sizeof *u->apart);
    if (!u->together || !u->apart)
        return -1;
    for (size_t i = 0; i < r->n_together; i++)
        u->together[u->n_together++] =
            BIT(r->together[i][0]) | BIT(r->together[i][1]);
    for (size_t i = 0; i < r->n_apart; i++)
        u->apart[u->n_apart++] = BIT(r->apart[i][0]) | BIT(r->apart[i][1]);
    for (size_t a = 0; r->coterminous && a < m->n_orgs; a++) {
        int first = -1;             /* each later unit paired with the first */
        for (unsigned i = 0; i < u->n; i++) {
            if (m->localities[i].local_authority != (int)a)
                continue;
            if (first < 0)
                first = (int)i;
            else
                u->together[u->n_together++] = BIT(first) | BIT(i);
        }
    }
    return 0;
}

int cs_units_build(const cs_model *m, cs_units *u, char *err, size_t len)
{
    memset(u, 0, sizeof *u);
    if (m->n_localities > 64 || !m->n_localities) {
        snprintf(err, len, "a search groups 1 to 64 localities and the "
                 "scenario has %zu; make fewer, larger localities",
                 m->n_localities);
        return -1;
    }
    u->n = (unsigned)m->n_localities;
    u->registered = calloc(u->n, sizeof *u->registered);
    u->nbr = calloc(u->n, sizeof *u->nbr);
    u->practices = calloc(u->n, sizeof *u->practices);
    u->n_practices = calloc(u->n, sizeof *u->n_practices);
    if (!u->registered || !u->nbr || !u->practices || !u->n_practices ||
        unit_practices(m, u) || unit_rules(m, u)) {
        cs_units_free(u);
        snprintf(err, len, "out of memory; free some memory");
        return -1;
    }
    for (unsigned i = 0; i < u->n; i++)     /* symmetric, whatever given */
        for (size_t k = 0; k < m->localities[i].n_neighbours; k++) {
            int j = m->localities[i].neighbours[k];
            u->nbr[i] |= BIT(j);
            u->nbr[j] |= BIT(i);
        }
    return 0;
}

int cs_units_connected(const cs_units *u, cs_set s)
{
    cs_set seen, frontier;

    if (!s)
        return 0;
    seen = frontier = s & (~s + 1);
    while (frontier) {
        cs_set next = 0;
        for (unsigned i = 0; i < u->n; i++)
            if (frontier & BIT(i))
                next |= u->nbr[i];
        next &= s & ~seen;
        seen |= next;
        frontier = next;
    }
    return seen == s;
}

static double set_list(const cs_units *u, cs_set s)
{
    double x = 0;
    for (unsigned i = 0; i < u->n; i++)
        if (s & BIT(i))
            x += u->registered[i];
    return x;
}

int cs_units_allowed(const cs_units *u, const cs_search_spec *r, cs_set s)
{
    double pop = set_list(u, s);

    if (pop < r->pop_min || pop > r->pop_max)
        return 0;
    for (unsigned k = 0; k < u->n_apart; k++)
        if ((s & u->apart[k]) == u->apart[k])
            return 0;
    return 1;
}

int cs_units_feasible(const cs_units *u, const cs_search_spec *r,
                      const cs_set *parts, unsigned n_parts, char *why,
                      size_t len)
{
    cs_set all = 0;
    unsigned lo = r->parts_min ? r->parts_min : 1;
    unsigned hi = r->parts_max ? r->parts_max : u->n;

    for (unsigned i = 0; i < n_parts; i++) {
        if (parts[i] & all)
            return snprintf(why, len, "a locality is in two consortia"), 0;
        all |= parts[i];
        if (!cs_units_connected(u, parts[i]))
            return snprintf(why, len, "consortium %u is not connected in "
                            "the neighbour graph", i + 1), 0;
        if (!cs_units_allowed(u, r, parts[i]))
            return snprintf(why, len, "consortium %u (%.0f registered) is "
                            "outside the population band or holds an "
                            "'apart' pair", i + 1, set_list(u, parts[i])), 0;
    }
    if (u->n < 64 ? all != BIT(u->n) - 1 : all != ~(cs_set)0)
        return snprintf(why, len, "not every locality is grouped"), 0;
    if (n_parts < lo || n_parts > hi)
        return snprintf(why, len, "%u consortia, outside %u to %u", n_parts,
                        lo, hi), 0;
    for (unsigned t = 0; t < u->n_together; t++) {
        unsigned i = 0;
        while (i < n_parts && (u->together[t] & ~parts[i]))
            i++;
        if (i == n_parts)
            return snprintf(why, len, "a 'together' pair or a local "
                            "authority is split"), 0;
    }
    return 1;
}

/* Whether consortium c of option o is a union of whole units; its set. */
static int union_of_units(const cs_model *m, const cs_units *u,
                          const cs_consortium_view *c, cs_set *s)
{
    size_t n = 0;

    *s = 0;
    for (size_t k = 0; k < c->n_practices; k++)
        *s |= BIT(m->practices[c->practices[k]].locality);
    for (unsigned i = 0; i < u->n; i++)
        if (*s & BIT(i))
            n += u->n_practices[i];
    return n == c->n_practices;
}

unsigned cs_units_of_option(const cs_model *m, const cs_units *u, size_t o,
                            cs_set *parts)
{
    const cs_option_view *v = &m->options[o].view;

    if (v->n_federations || v->n_consortia > u->n)
        return 0;
    for (size_t k = 0; k < v->n_consortia; k++)
        if (!union_of_units(m, u, &v->consortia[k], &parts[k]))
            return 0;
    return (unsigned)v->n_consortia;
}
