/*
 * loader_search.c -- the scenario's `search:` block: the rules a search for
 * groupings of the localities keeps (docs/search.md, docs/scenario-format.md
 * "search"). Every rule is checked here, with its position, so the search
 * itself never meets a malformed one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "loader_priv.h"

/* A {min: X, max: Y} mapping of numbers in [lo, hi]; absent keys are
 * left as they are. */
static int read_band(ld_ctx *c, const ld_node *n, const char *what,
                     double lo, double hi, int whole, double *min,
                     double *max)
{
    static const char *const keys[] = {"min", "max"};
    const ld_node *v;
    char label[96];
    uint64_t u;
    int rc = 0;

    if (ld_check_map(c, n, what, keys, 2))
        return -1;
    for (int k = 0; k < 2; k++) {
        if (!(v = ld_get(n, keys[k])))
            continue;
        snprintf(label, sizeof label, "'%s' of %s", keys[k], what);
        if (whole) {
            rc |= ld_uint(c, v, label, (uint64_t)lo, (uint64_t)hi, &u);
            *(k ? max : min) = (double)u;
        } else {
            rc |= ld_number_in(c, v, label, lo, hi, 0, k ? max : min);
        }
    }
    if (!rc && *min > *max)
        return ld_error(c, n, "the 'min' of %s (%g) is above its 'max' "
                        "(%g); swap them or widen the band", what, *min,
                        *max);
    return rc;
}

/* A list of locality pairs, [[a, b], ...], into *out. */
static int read_pairs(ld_ctx *c, const ld_node *n, const char *key,
                      int (**out)[2], size_t *n_out)
{
    ld_node *const *items;
    size_t n_items;
    char what[64];
    int rc = 0;

    snprintf(what, sizeof what, "'%s' of 'search'", key);
    if (ld_list(c, n, what, 1, &items, &n_items))
        return -1;
    if (!n_items)
        return 0;
    if (!(*out = calloc(n_items, sizeof **out)))
        return ld_error(c, n, "out of memory; free some memory");
    for (size_t i = 0; i < n_items; i++) {
        const ld_node *p = items[i];
        int a, b;
        if (p->kind != LD_SEQ || p->n != 2) {
            rc = ld_error(c, p, "each item of %s is a pair of locality ids, "
                          "e.g. [east, west]", what);
            continue;
        }
        a = ld_ref(c, p->kids[0], LD_REF_LOCALITY, what);
        b = ld_ref(c, p->kids[1], LD_REF_LOCALITY, what);
        if (a < 0 || b < 0) {
            rc = -1;
            continue;
        }
        if (a == b) {
            rc = ld_error(c, p->kids[1], "a pair of %s names locality '%s' "
                          "twice; name two different localities", what,
                          p->kids[0]->text);
            continue;
        }
        (*out)[*n_out][0] = a;
        (*out)[(*n_out)++][1] = b;
    }
    return rc;
}

/* A pair both together and apart cannot be kept. */
static int check_contradiction(ld_ctx *c, const ld_node *n)
{
    const cs_search_spec *s = &c->m->search;

    for (size_t i = 0; i < s->n_together; i++)
        for (size_t j = 0; j < s->n_apart; j++) {
            const int *t = s->together[i], *a = s->apart[j];
            if ((t[0] == a[0] && t[1] == a[1]) ||
                (t[0] == a[1] && t[1] == a[0]))
                return ld_error(c, ld_get(n, "apart"), "localities '%s' and "
                                "'%s' are named both 'together' and 'apart'; "
                                "keep one of the two",
                                c->m->localities[t[0]].id,
                                c->m->localities[t[1]].id);
        }
    return 0;
}

/* Coterminosity needs every locality's local authority. */
static int check_coterminous(ld_ctx *c, const ld_node *v)
{
    for (size_t i = 0; i < c->m->n_localities; i++)
        if (c->m->localities[i].local_authority < 0)
            return ld_error(c, v, "'coterminous' needs every locality's "
                            "'local_authority', and locality '%s' has none; "
                            "give it one or set 'coterminous: false'",
                            c->m->localities[i].id);
    return 0;
}

static void search_defaults(ld_ctx *c)
{
    cs_search_spec *s = &c->m->search;
    size_t nl = c->m->n_localities;

    s->pop_min = 0;
    s->pop_max = INFINITY;
    s->parts_min = 1;
    s->parts_max = nl ? (unsigned)(nl < 64 ? nl : 64) : 1;
    s->top = 5;
    s->screen_draws = 1000;
    s->time_limit = 60;
    s->pos = ld_pos(c, NULL);
}

/* The whole numbers and the two bands. */
static int read_numbers(ld_ctx *c, const ld_node *n)
{
    cs_search_spec *s = &c->m->search;
    const ld_node *v;
    double lo = 1, hi = s->parts_max;
    uint64_t u;
    int rc = 0;

    if ((v = ld_get(n, "population")))
        rc |= read_band(c, v, "'population' of 'search'", 0,
                        CS_MAX_LIST_SIZE * 64, 0, &s->pop_min, &s->pop_max);
    if ((v = ld_get(n, "consortia"))) {
        rc |= read_band(c, v, "'consortia' of 'search'", 1, 64, 1, &lo, &hi);
        s->parts_min = (unsigned)lo;
        s->parts_max = (unsigned)hi;
    }
    if ((v = ld_get(n, "top"))) {
        rc |= ld_uint(c, v, "'top' of 'search'", 1, 100, &u);
        s->top = (unsigned)u;
    }
    if ((v = ld_get(n, "screen_draws"))) {
        rc |= ld_uint(c, v, "'screen_draws' of 'search'", 10, 10000000, &u);
        s->screen_draws = (size_t)u;
    }
    if ((v = ld_get(n, "time_limit")))
        rc |= ld_number_in(c, v, "'time_limit' of 'search'", 0, 86400,
                           LD_LO_OPEN, &s->time_limit);
    return rc;
}

int ld_search(ld_ctx *c, const ld_node *n)
{
    static const char *const keys[] = {"units", "population", "consortia",
                                       "together", "apart", "coterminous",
                                       "top", "screen_draws", "time_limit"};
    cs_search_spec *s = &c->m->search;
    const ld_node *v;
    int rc = 0;

    search_defaults(c);
    if (!n || ld_is_null(n))
        return 0;
    s->given = 1;
    s->pos = ld_pos(c, n);
    if (ld_check_map(c, n, "'search'", keys, sizeof keys / sizeof *keys))
        return -1;
    if (c->m->n_localities > 64)
        return ld_error(c, n, "a search groups at most 64 localities and "
                        "this scenario has %zu; make fewer, larger "
                        "localities", c->m->n_localities);
    if ((v = ld_get(n, "units")) &&
        (v->kind != LD_SCALAR || strcmp(v->text, "localities")))
        rc |= ld_error(c, v, "'units' of 'search' must be 'localities' (the "
                       "scenario's localities are the units grouped); make "
                       "the units you want the scenario's localities");
    rc |= read_numbers(c, n);
    if ((v = ld_get(n, "together")))
        rc |= read_pairs(c, v, "together", &s->together, &s->n_together);
    if ((v = ld_get(n, "apart")))
        rc |= read_pairs(c, v, "apart", &s->apart, &s->n_apart);
    if (!rc)
        rc |= check_contradiction(c, n);
    if ((v = ld_get(n, "coterminous"))) {
        rc |= ld_bool(c, v, "'coterminous' of 'search'", &s->coterminous);
        if (s->coterminous)
            rc |= check_coterminous(c, v);
    }
    return rc;
}
