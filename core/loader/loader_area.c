/* loader_area.c -- organisations, localities and provider shares. */
#include "loader_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const org_kinds[] = {
    "local_authority", "pct", "acute", "mental_health", "community", "other"
};
#define N_ORG_KINDS (sizeof org_kinds / sizeof *org_kinds)

/* "organisation 'x'" or "organisation 3" when it has no valid id. */
static const char *item_what(char *buf, size_t size, const char *kind,
                             const char *id, size_t i)
{
    if (id)
        snprintf(buf, size, "%s '%.60s'", kind, id);
    else
        snprintf(buf, size, "%s %zu", kind, i + 1);
    return buf;
}

int ld_take_id(ld_ctx *c, ld_index *ix, const ld_node *item,
               const char *kind, const char *key, size_t i,
               const cs_pos *positions, char **id)
{
    const ld_node *v;
    char what[96], owner[64];
    int first;

    snprintf(owner, sizeof owner, "%s %zu", kind, i + 1);
    snprintf(what, sizeof what, "the %s of %s", key, owner);
    v = ld_need(c, item, key, owner);
    if (!v || ld_ident(c, v, what, id))
        return -1;
    first = ld_index_add(ix, *id, (int)i);
    if (first == -2)
        return ld_error(c, v, "out of memory; free some memory");
    if (first >= 0 && positions[first].file == c->file)
        return ld_error(c, v, "%s %s '%s' is used twice (first at line %d); "
                        "give each %s its own %s", kind, key, *id,
                        positions[first].line, kind, key);
    if (first >= 0)
        return ld_error(c, v, "%s %s '%s' is used twice (first at %s:%d); "
                        "give each %s its own %s", kind, key, *id,
                        positions[first].file, positions[first].line, kind,
                        key);
    return 0;
}

static int read_kind(ld_ctx *c, const ld_node *v, const char *what,
                     cs_org_kind *kind)
{
    char hint[128];

    if (v->kind == LD_SCALAR)
        for (size_t k = 0; k < N_ORG_KINDS; k++)
            if (!strcmp(v->text, org_kinds[k])) {
                *kind = (cs_org_kind)k;
                return 0;
            }
    ld_suggest(c, v->kind == LD_SCALAR ? v->text : "", org_kinds,
               N_ORG_KINDS, hint, sizeof hint);
    return ld_error(c, v, "the kind of %s must be one of local_authority, "
                    "pct, acute, mental_health, community, other%s", what,
                    hint[0] ? hint : "; choose one of them");
}

/* name: optional, defaults to the id. */
static int read_name(ld_ctx *c, const ld_node *item, const char *what,
                     const char *id, char **name)
{
    const ld_node *v = ld_get(item, "name");
    char w[128];

    if (!v) {
        *name = strdup(id ? id : "");
        return *name ? 0 : ld_error(c, item, "out of memory; free some memory");
    }
    snprintf(w, sizeof w, "the name of %s", what);
    return ld_string(c, v, w, name);
}

/* `outside_income` (GBP a year) or `outside_share` (of the whole income):
 * what an organisation earns from commissioners outside the scenario. */
static int outside_income(ld_ctx *c, const ld_node *item, const char *what,
                          double *income, double *share)
{
    const ld_node *v = ld_get(item, "outside_income");
    const ld_node *f = ld_get(item, "outside_share");
    char w[160];
    int rc = 0;

    if (v && !ld_is_null(v)) {
        snprintf(w, sizeof w, "'outside_income' of %s (GBP a year)", what);
        rc |= ld_number_in(c, v, w, 0, 1e13, 0, income);
    }
    if (f && !ld_is_null(f)) {
        snprintf(w, sizeof w, "'outside_share' of %s (a fraction of its "
                 "whole income)", what);
        rc |= ld_number_in(c, f, w, 0, 1, LD_HI_OPEN, share);
    }
    if (!rc && v && f && !ld_is_null(v) && !ld_is_null(f))
        rc = ld_error(c, f, "%s gives both 'outside_income' and "
                      "'outside_share'; keep one", what);
    return rc;
}

/* The view's arrays are NULL when no organisation gives a value. */
static void drop_unused_income(cs_model *m)
{
    int any_income = 0, any_share = 0;
    for (size_t i = 0; i < m->n_orgs; i++) {
        any_income |= !isnan(m->org_outside_income[i]);
        any_share |= !isnan(m->org_outside_share[i]);
    }
    if (!any_income) {
        free(m->org_outside_income);
        m->org_outside_income = NULL;
    }
    if (!any_share) {
        free(m->org_outside_share);
        m->org_outside_share = NULL;
    }
}

int ld_organisations(ld_ctx *c, const ld_node *n)
{
    static const char *const keys[] = {"id", "name", "kind",
                                       "outside_income", "outside_share"};
    ld_node *const *items;
    size_t count;
    int rc;

    if (!n)
        return 0;
    if (ld_list(c, n, "'organisations'", 1, &items, &count))
        return -1;
    if (!count)
        return 0;
    c->m->orgs = calloc(count, sizeof *c->m->orgs);
    c->m->org_pos = calloc(count, sizeof *c->m->org_pos);
    c->m->org_outside_income = malloc(count * sizeof *c->m->org_outside_income);
    c->m->org_outside_share = malloc(count * sizeof *c->m->org_outside_share);
    if (!c->m->orgs || !c->m->org_pos || !c->m->org_outside_income
        || !c->m->org_outside_share)
        return ld_error(c, n, "out of memory; free some memory");
    c->m->n_orgs = count;
    rc = 0;
    for (size_t i = 0; i < count; i++) {
        cs_org *o = &c->m->orgs[i];
        char *id = NULL, *name = NULL, what[96];
        const ld_node *v;

        c->m->org_pos[i] = ld_pos(c, items[i]);
        snprintf(what, sizeof what, "organisation %zu", i + 1);
        c->m->org_outside_income[i] = c->m->org_outside_share[i] = NAN;
        if (ld_check_map(c, items[i], what, keys, 5)) {
            rc = -1;
            continue;
        }
        rc |= ld_take_id(c, &c->orgs, items[i], "organisation", "id", i,
                         c->m->org_pos, &id);
        o->id = id;
        item_what(what, sizeof what, "organisation", id, i);
        rc |= read_name(c, items[i], what, id, &name);
        o->name = name;
        o->kind = CS_ORG_OTHER;
        v = ld_need(c, items[i], "kind", what);
        rc |= !v || read_kind(c, v, what, &o->kind) ? -1 : 0;
        rc |= outside_income(c, items[i], what, &c->m->org_outside_income[i],
                             &c->m->org_outside_share[i]);
    }
    drop_unused_income(c->m);
    return rc;
}

/* A reference to an organisation of a given kind (local authority, PCT). */
static int org_of_kind(ld_ctx *c, const ld_node *v, cs_org_kind want,
                       const char *what, int *out)
{
    int at = ld_ref(c, v, LD_REF_ORG, what);

    *out = -1;
    if (at < 0)
        return -1;
    if (c->m->orgs[at].kind != want)
        return ld_error(c, v, "%s: organisation '%s' is of kind '%s', not "
                        "'%s'; name an organisation of kind %s", what,
                        v->text, org_kinds[c->m->orgs[at].kind],
                        org_kinds[want], org_kinds[want]);
    *out = at;
    return 0;
}

int ld_providers(ld_ctx *c, const ld_node *n, const char *owner,
                 cs_share **out, size_t *n_out)
{
    char what[160];
    double sum = 0;
    int rc = 0;

    *out = NULL;
    *n_out = 0;
    snprintf(what, sizeof what, "the providers of %s", owner);
    if (ld_is_null(n) || ld_check_free_map(c, n, what))
        return ld_is_null(n) ? 0 : -1;
    if (!n->n)
        return 0;
    *out = calloc(n->n, sizeof **out);
    if (!*out)
        return ld_error(c, n, "out of memory; free some memory");
    *n_out = n->n;
    for (size_t i = 0; i < n->n; i++) {
        const ld_node *k = n->kids[2 * i], *v = n->kids[2 * i + 1];
        cs_share *s = &(*out)[i];
        char w[200];

        s->org = ld_ref(c, k, LD_REF_ORG, what);
        if (s->org >= 0 && (c->m->orgs[s->org].kind == CS_ORG_LOCAL_AUTHORITY ||
                            c->m->orgs[s->org].kind == CS_ORG_PCT))
            rc = ld_error(c, k, "%s: organisation '%s' is a %s, not a "
                          "provider; name an acute, mental_health, community "
                          "or other organisation", what, k->text,
                          org_kinds[c->m->orgs[s->org].kind]);
        snprintf(w, sizeof w, "the share of provider '%.60s' for %s",
                 k->kind == LD_SCALAR ? k->text : "?", owner);
        rc |= s->org < 0 ? -1 : 0;
        if (ld_number_in(c, v, w, 0, 1, 0, &s->share))
            rc = -1;
        else
            sum += s->share;
    }
    if (!rc && sum > 1 + 1e-9)
        rc = ld_error(c, n, "%s have shares adding up to %.6g, more than 1; "
                      "reduce them so that they sum to at most 1", what, sum);
    return rc;
}

/* Second pass over one locality: everything but its id. */
static int locality_body(ld_ctx *c, const ld_node *item, size_t i)
{
    cs_locality *l = &c->m->localities[i];
    const ld_node *v;
    char what[96], *name = NULL;
    int rc;

    item_what(what, sizeof what, "locality", l->id, i);
    rc = read_name(c, item, what, l->id, &name);
    l->name = name;
    l->local_authority = l->pct = -1;
    if ((v = ld_get(item, "local_authority")) && !ld_is_null(v))
        rc |= org_of_kind(c, v, CS_ORG_LOCAL_AUTHORITY, what,
                          &l->local_authority);
    if ((v = ld_get(item, "pct")) && !ld_is_null(v))
        rc |= org_of_kind(c, v, CS_ORG_PCT, what, &l->pct);
    if ((v = ld_get(item, "providers"))) {
        c->loc_has_shares[i] = 1;
        rc |= ld_providers(c, v, what, &c->loc_shares[i],
                           &c->loc_n_shares[i]);
    }
    return rc;
}

static int locality_neighbours(ld_ctx *c, const ld_node *item, size_t i)
{
    cs_locality *l = &c->m->localities[i];
    const ld_node *v = ld_get(item, "neighbours");
    ld_node *const *ids;
    size_t count;
    int *nb, rc = 0;
    char what[128];

    snprintf(what, sizeof what, "the neighbours of locality '%.60s'",
             l->id ? l->id : "?");
    if (!v)
        return 0;
    if (ld_list(c, v, what, 1, &ids, &count))
        return -1;
    if (!count)
        return 0;
    nb = calloc(count, sizeof *nb);
    if (!nb)
        return ld_error(c, v, "out of memory; free some memory");
    l->neighbours = nb;
    l->n_neighbours = count;
    for (size_t k = 0; k < count; k++) {
        nb[k] = ld_ref(c, ids[k], LD_REF_LOCALITY, what);
        if (nb[k] < 0) {
            rc = -1;
            continue;
        }
        if ((size_t)nb[k] == i)
            rc = ld_error(c, ids[k], "locality '%s' lists itself as a "
                          "neighbour; remove it", l->id);
        for (size_t j = 0; j < k; j++)
            if (nb[j] == nb[k])
                rc = ld_error(c, ids[k], "%s list '%s' twice; remove one",
                              what, ids[k]->text);
    }
    return rc;
}

int ld_localities(ld_ctx *c, const ld_node *n)
{
    static const char *const keys[] = {"id", "name", "local_authority", "pct",
                                       "neighbours", "providers"};
    ld_node *const *items;
    size_t count;
    unsigned char *ok;
    int rc = 0;

    if (!n)
        return ld_error(c, NULL, "no 'localities'; every practice belongs to "
                        "a locality, so add a 'localities:' list");
    if (ld_list(c, n, "'localities'", 0, &items, &count))
        return -1;
    if (!count)
        return ld_error(c, n, "'localities' is empty; add at least one "
                        "locality");
    c->m->localities = calloc(count, sizeof *c->m->localities);
    c->m->locality_pos = calloc(count, sizeof *c->m->locality_pos);
    c->loc_shares = calloc(count, sizeof *c->loc_shares);
    c->loc_n_shares = calloc(count, sizeof *c->loc_n_shares);
    c->loc_has_shares = calloc(count, 1);
    ok = calloc(count, 1);
    if (!c->m->localities || !c->m->locality_pos || !c->loc_shares ||
        !c->loc_n_shares || !c->loc_has_shares || !ok) {
        free(ok);
        return ld_error(c, n, "out of memory; free some memory");
    }
    c->m->n_localities = count;
    for (size_t i = 0; i < count; i++) {
        char what[64], *id = NULL;
        c->m->localities[i].local_authority = c->m->localities[i].pct = -1;
        c->m->locality_pos[i] = ld_pos(c, items[i]);
        snprintf(what, sizeof what, "locality %zu", i + 1);
        ok[i] = !ld_check_map(c, items[i], what, keys, 6);
        if (ok[i] && ld_take_id(c, &c->localities, items[i], "locality",
                                "id", i, c->m->locality_pos, &id))
            rc = -1;
        c->m->localities[i].id = id;
        rc |= ok[i] ? 0 : -1;
    }
    for (size_t i = 0; i < count; i++)
        if (ok[i])
            rc |= locality_body(c, items[i], i) |
                  locality_neighbours(c, items[i], i);
    free(ok);
    return rc;
}
