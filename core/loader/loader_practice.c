/* loader_practice.c -- practices written inline in the YAML, then the
 * providers each practice inherits from its locality. Practices from a CSV
 * file are read by loader_csvprac.c into the same arrays. */
#include "loader_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int optional_number(ld_ctx *c, const ld_node *item, const char *key,
                           const char *owner, double lo, double hi,
                           unsigned flags, double *out)
{
    const ld_node *v = ld_get(item, key);
    char what[128];

    *out = NAN;
    if (!v || ld_is_null(v))
        return 0;
    snprintf(what, sizeof what, "'%s' of %s", key, owner);
    return ld_number_in(c, v, what, lo, hi, flags, out);
}

static int inline_numbers(ld_ctx *c, const ld_node *item, cs_practice *p,
                          const char *what)
{
    const ld_node *v;
    char w[128];
    int rc = 0;

    p->registered = NAN;
    v = ld_need(c, item, "registered", what);
    snprintf(w, sizeof w, "'registered' of %s", what);
    if (!v || ld_number_in(c, v, w, 0, CS_MAX_LIST_SIZE, LD_LO_OPEN,
                           &p->registered))
        rc = -1;
    rc |= optional_number(c, item, "weighted", what, 0, CS_MAX_LIST_SIZE,
                          LD_LO_OPEN, &p->weighted);
    if (isnan(p->weighted))
        p->weighted = p->registered;
    rc |= optional_number(c, item, "imd", what, 0, 100, 0, &p->imd);
    rc |= optional_number(c, item, "gp_fte", what, 0, HUGE_VAL, 0, &p->gp_fte);
    rc |= optional_number(c, item, "historic_spend", what, 0, HUGE_VAL, 0,
                          &p->historic_spend);
    return rc;
}

static int inline_practice(ld_ctx *c, const ld_node *item, size_t i)
{
    static const char *const keys[] = {"code", "name", "locality",
        "registered", "weighted", "imd", "gp_fte", "historic_spend",
        "need", "providers"};
    cs_practice *p = &c->m->practices[i];
    const ld_node *v;
    char what[96], *code = NULL, *name = NULL;
    int rc;

    p->locality = -1;
    p->registered = p->weighted = p->imd = p->gp_fte = NAN;
    p->historic_spend = NAN;
    c->prac_bad[i] = 1;
    c->m->practice_pos[i] = ld_pos(c, item);
    snprintf(what, sizeof what, "practice %zu", i + 1);
    if (ld_check_map(c, item, what, keys, sizeof keys / sizeof *keys))
        return -1;
    rc = ld_take_id(c, &c->practices, item, "practice", "code", i,
                    c->m->practice_pos, &code);
    p->code = code;
    if (code)
        snprintf(what, sizeof what, "practice '%s'", code);
    v = ld_get(item, "name");
    if (v) {
        char w[128];
        snprintf(w, sizeof w, "the name of %s", what);
        rc |= ld_string(c, v, w, &name);
    } else if (!(name = strdup(code ? code : ""))) {
        rc = ld_error(c, item, "out of memory; free some memory");
    }
    p->name = name;
    v = ld_need(c, item, "locality", what);
    if (v && (p->locality = ld_ref(c, v, LD_REF_LOCALITY, what)) < 0)
        rc = -1;
    c->prac_bad[i] = p->locality < 0 || !p->code;
    rc |= inline_numbers(c, item, p, what);
    rc |= optional_number(c, item, "need", what, 0, CS_MAX_LIST_SIZE,
                          LD_LO_OPEN, &c->m->practice_need[i]);
    if ((v = ld_get(item, "providers"))) {
        cs_share *shares = NULL;
        c->prac_own_providers[i] = 1;
        rc |= ld_providers(c, v, what, &shares, &p->n_providers);
        p->providers = shares;
    }
    return rc;
}

/* Practices without providers of their own take their locality's. */
static int inherit_providers(ld_ctx *c)
{
    for (size_t i = 0; i < c->m->n_practices; i++) {
        cs_practice *p = &c->m->practices[i];
        size_t n;
        cs_share *copy;

        if (c->prac_own_providers[i] || p->locality < 0 ||
            !c->loc_has_shares[p->locality])
            continue;
        n = c->loc_n_shares[p->locality];
        if (!n)
            continue;
        copy = malloc(n * sizeof *copy);
        if (!copy)
            return cs_diag_error(c->diag, c->m->practice_pos[i],
                                 "out of memory; free some memory");
        memcpy(copy, c->loc_shares[p->locality], n * sizeof *copy);
        p->providers = copy;
        p->n_providers = n;
    }
    return 0;
}

/* The view's practice_need is NULL when no practice gives a need. */
static void drop_unused_need(cs_model *m)
{
    for (size_t i = 0; i < m->n_practices; i++)
        if (!isnan(m->practice_need[i]))
            return;
    free(m->practice_need);
    m->practice_need = NULL;
}

int ld_practices(ld_ctx *c, const ld_node *inline_list, const ld_node *csv)
{
    ld_node *const *items = NULL;
    size_t n_inline = 0, n_csv = 0, total;
    ld_csvprac rows;
    int rc = 0;

    memset(&rows, 0, sizeof rows);
    if (inline_list && ld_list(c, inline_list, "'practices'", 1, &items,
                               &n_inline))
        rc = -1;
    if (csv && ld_csvprac_open(c, csv, &rows))
        rc = -1;
    n_csv = rows.n_rows;
    total = n_inline + n_csv;
    if (!total) {
        ld_csvprac_close(&rows);
        if (rc)
            return -1;
        return ld_error(c, inline_list ? inline_list : csv, "the scenario "
                        "has no practices; list them under 'practices' or "
                        "name a CSV file in 'practices_csv'");
    }
    c->m->practices = calloc(total, sizeof *c->m->practices);
    c->m->practice_pos = calloc(total, sizeof *c->m->practice_pos);
    c->m->practice_need = malloc(total * sizeof *c->m->practice_need);
    c->prac_own_providers = calloc(total, 1);
    c->prac_bad = calloc(total, 1);
    if (!c->m->practices || !c->m->practice_pos || !c->prac_own_providers ||
        !c->prac_bad || !c->m->practice_need) {
        ld_csvprac_close(&rows);
        return ld_error(c, NULL, "out of memory; free some memory");
    }
    c->m->n_practices = total;
    for (size_t i = 0; i < total; i++)
        c->m->practice_need[i] = NAN;
    for (size_t i = 0; i < n_inline; i++)
        rc |= inline_practice(c, items[i], i);
    if (n_csv)
        rc |= ld_csvprac_read(c, &rows, n_inline);
    ld_csvprac_close(&rows);
    rc |= inherit_providers(c);
    drop_unused_need(c->m);
    return rc;
}
