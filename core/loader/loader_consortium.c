/* loader_consortium.c -- turns an option's consortia (lists of localities
 * and practices) into a partition of the practices: each practice in
 * exactly one consortium, practice indices ascending, list sums and a
 * content key per consortium. */
#include "loader_priv.h"

#include <stdlib.h>
#include <string.h>

typedef struct resolve {
    ld_ctx *c;
    cs_option *o;
    const ld_node *list;        /* the option's 'consortia' */
    int *owner;                 /* per practice: consortium or -1 */
    int *loc_owner;             /* per locality: consortium or -1 */
    char what[96];              /* "option 'x'" */
} resolve;

static const char *cons_id(const resolve *r, int k)
{
    const char *id = r->o->consortia[k].id;
    return id ? id : "?";
}

/* The list under `key` of consortium k, or 0 items. */
static void cons_list(resolve *r, size_t k, const char *key,
                      ld_node *const **items, size_t *n)
{
    const ld_node *item = r->list->kids[k];
    const ld_node *v = item->kind == LD_MAP ? ld_get(item, key) : NULL;
    char what[160];

    *items = NULL;
    *n = 0;
    if (!v)
        return;
    snprintf(what, sizeof what, "'%s' of consortium '%s'", key,
             cons_id(r, (int)k));
    ld_list(r->c, v, what, 1, items, n);
}

static int by_locality(resolve *r)
{
    int rc = 0;

    for (size_t k = 0; k < r->o->view.n_consortia; k++) {
        ld_node *const *ids;
        size_t n;
        char what[160];

        cons_list(r, k, "localities", &ids, &n);
        snprintf(what, sizeof what, "consortium '%s' of %s",
                 cons_id(r, (int)k), r->what);
        for (size_t j = 0; j < n; j++) {
            int l = ld_ref(r->c, ids[j], LD_REF_LOCALITY, what);
            if (l < 0)
                rc = -1;
            else if (r->loc_owner[l] == (int)k)
                rc = ld_error(r->c, ids[j], "%s lists locality '%s' twice; "
                              "remove one", what, ids[j]->text);
            else if (r->loc_owner[l] >= 0)
                rc = ld_error(r->c, ids[j], "locality '%s' is in two "
                              "consortia of %s ('%s' and '%s'); put it in "
                              "one of them", ids[j]->text, r->what,
                              cons_id(r, r->loc_owner[l]), cons_id(r, (int)k));
            else
                r->loc_owner[l] = (int)k;
        }
    }
    for (size_t p = 0; p < r->c->m->n_practices; p++) {
        int l = r->c->m->practices[p].locality;
        if (!r->c->prac_bad[p] && l >= 0)
            r->owner[p] = r->loc_owner[l];
    }
    return rc;
}

static int by_practice(resolve *r)
{
    const cs_model *m = r->c->m;
    int rc = 0;

    for (size_t k = 0; k < r->o->view.n_consortia; k++) {
        ld_node *const *codes;
        size_t n;
        char what[160];

        cons_list(r, k, "practices", &codes, &n);
        snprintf(what, sizeof what, "consortium '%s' of %s",
                 cons_id(r, (int)k), r->what);
        for (size_t j = 0; j < n; j++) {
            int p = ld_ref(r->c, codes[j], LD_REF_PRACTICE, what);
            int l = p >= 0 ? m->practices[p].locality : -1;
            if (p < 0)
                rc = -1;
            else if (r->owner[p] == (int)k && l >= 0 &&
                     r->loc_owner[l] == (int)k)
                rc = ld_error(r->c, codes[j], "practice '%s' is already in "
                              "%s through its locality '%s'; remove it from "
                              "'practices'", codes[j]->text, what,
                              m->localities[l].id);
            else if (r->owner[p] == (int)k)
                rc = ld_error(r->c, codes[j], "%s lists practice '%s' twice; "
                              "remove one", what, codes[j]->text);
            else if (r->owner[p] >= 0)
                rc = ld_error(r->c, codes[j], "practice '%s' is in two "
                              "consortia of %s ('%s' and '%s'); keep it in "
                              "one of them", codes[j]->text, r->what,
                              cons_id(r, r->owner[p]), cons_id(r, (int)k));
            else
                r->owner[p] = (int)k;
        }
    }
    return rc;
}

static int unassigned(resolve *r)
{
    const cs_model *m = r->c->m;
    int rc = 0;

    for (size_t p = 0; p < m->n_practices; p++) {
        int l = m->practices[p].locality;
        if (r->c->prac_bad[p] || r->owner[p] >= 0)
            continue;
        rc = cs_diag_error(r->c->diag, r->o->pos, "practice '%s' is in no "
                           "consortium of %s; add it (or its locality "
                           "'%s') to one of the option's consortia",
                           m->practices[p].code, r->what,
                           m->localities[l].id ? m->localities[l].id : "?");
    }
    return rc;
}

/* Fills the views from owner[]; keys only when everything is valid. */
static int build_views(resolve *r, int valid)
{
    const cs_model *m = r->c->m;
    int rc = 0;

    for (size_t k = 0; k < r->o->view.n_consortia; k++) {
        cs_consortium_view *cv = &r->o->consortia[k];
        int *prac;
        size_t n = 0;

        for (size_t p = 0; p < m->n_practices; p++)
            n += r->owner[p] == (int)k;
        if (!n) {
            if (valid)
                rc = cs_diag_error(r->c->diag, r->o->consortium_pos[k],
                                   "consortium '%s' of %s has no practices; "
                                   "give it localities or practices, or "
                                   "remove it", cons_id(r, (int)k), r->what);
            continue;
        }
        if (!(prac = malloc(n * sizeof *prac)))
            return ld_error(r->c, NULL, "out of memory; free some memory");
        cv->practices = prac;
        for (size_t p = 0; p < m->n_practices; p++) {
            if (r->owner[p] != (int)k)
                continue;
            *prac++ = (int)p;
            cv->registered += m->practices[p].registered;
            cv->weighted += m->practices[p].weighted;
        }
        cv->n_practices = n;
        if (valid && !(cv->key = cs_membership_key(m, cv->practices, n)))
            return ld_error(r->c, NULL, "out of memory; free some memory");
    }
    return rc;
}

int ld_option_resolve(ld_ctx *c, cs_option *o, const ld_node *list)
{
    resolve r;
    size_t errors = c->diag->n_errors;
    int rc, valid = 1;

    if (!list || list->kind != LD_SEQ || list->n != o->view.n_consortia)
        return -1;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.o = o;
    r.list = list;
    snprintf(r.what, sizeof r.what, "option '%.60s'",
             o->view.id ? o->view.id : "?");
    r.owner = malloc(c->m->n_practices * sizeof *r.owner);
    r.loc_owner = malloc(c->m->n_localities * sizeof *r.loc_owner);
    if (!r.owner || !r.loc_owner) {
        free(r.owner);
        free(r.loc_owner);
        return ld_error(c, list, "out of memory; free some memory");
    }
    memset(r.owner, -1, c->m->n_practices * sizeof *r.owner);
    memset(r.loc_owner, -1, c->m->n_localities * sizeof *r.loc_owner);
    rc = by_locality(&r);
    rc |= by_practice(&r);
    rc |= unassigned(&r);
    for (size_t p = 0; p < c->m->n_practices; p++)
        if (c->prac_bad[p] || !c->m->practices[p].code)
            valid = 0;
    rc |= build_views(&r, valid && c->diag->n_errors == errors);
    free(r.owner);
    free(r.loc_owner);
    return rc;
}
