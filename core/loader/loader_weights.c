/* loader_weights.c -- the decision parts of a scenario: each criterion's
 * value function and the scenario's `weights:` block (docs/decision.md,
 * docs/scenario-format.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loader_priv.h"
#include "mcda/mcda.h"

/* ---- value functions -------------------------------------------------- */

static int read_linear(ld_ctx *c, const ld_node *v, cs_criterion_spec *cr,
                       const char *what)
{
    const ld_node *w, *b;
    char ww[200];
    int rc;

    snprintf(ww, sizeof ww, "the value function of %s", what);
    w = ld_need(c, v, "worst", ww);
    b = ld_need(c, v, "best", ww);
    if (!w || !b)
        return -1;
    snprintf(ww, sizeof ww, "'worst' of %s", what);
    rc = ld_number(c, w, ww, &cr->worst);
    snprintf(ww, sizeof ww, "'best' of %s", what);
    rc |= ld_number(c, b, ww, &cr->best);
    if (!rc && cr->worst == cr->best)
        return ld_error(c, v, "the value function of %s has worst equal to "
                        "best (%g); give two different values", what,
                        cr->worst);
    cr->has_bounds = !rc;
    return rc;
}

/* One [level, value] pair of a piecewise or step function. */
static int read_point(ld_ctx *c, const ld_node *p, const char *what,
                      double *x, double *v)
{
    char w[240];

    if (p->kind != LD_SEQ || p->n != 2)
        return ld_error(c, p, "each entry of %s must be a pair [level, "
                        "value]; write e.g. [1.5, 0.5]", what);
    snprintf(w, sizeof w, "a level in %.200s", what);
    if (ld_number(c, p->kids[0], w, x))
        return -1;
    snprintf(w, sizeof w, "a value in %.200s", what);
    return ld_number_in(c, p->kids[1], w, 0, 1, 0, v);
}

static int read_points(ld_ctx *c, const ld_node *v, cs_criterion_spec *cr,
                       const char *key, const char *what)
{
    ld_node *const *items;
    size_t n;
    char w[200], vfw[160];
    int rc = 0;

    snprintf(vfw, sizeof vfw, "the value function of %s", what);
    snprintf(w, sizeof w, "'%s' of %s", key, vfw);
    if (!(v = ld_need(c, v, key, vfw)) || ld_list(c, v, w, 0, &items, &n))
        return -1;
    if (n < (cr->vf_kind == CS_VF_PIECEWISE ? 2u : 1u))
        return ld_error(c, v, "%s has %zu entr%s; give at least %s", w, n,
                        n == 1 ? "y" : "ies", cr->vf_kind == CS_VF_PIECEWISE
                        ? "two points [level, value]" : "one step [level, "
                        "value]");
    cr->vf_x = calloc(n, sizeof *cr->vf_x);
    cr->vf_v = calloc(n, sizeof *cr->vf_v);
    if (!cr->vf_x || !cr->vf_v)
        return ld_error(c, v, "out of memory; free some memory");
    cr->vf_n = n;
    for (size_t i = 0; i < n; i++) {
        if (read_point(c, items[i], w, &cr->vf_x[i], &cr->vf_v[i])) {
            rc = -1;
            continue;
        }
        if (i > 0 && !rc && !(cr->vf_x[i] > cr->vf_x[i - 1]))
            rc = ld_error(c, items[i], "the levels in %s must rise from one "
                          "entry to the next (%g comes after %g); put them in "
                          "ascending order", w, cr->vf_x[i], cr->vf_x[i - 1]);
    }
    return rc;
}

int ld_value_function(ld_ctx *c, const ld_node *v, cs_criterion_spec *cr,
                      const char *what)
{
    static const char *const keys[] = {"kind", "worst", "best", "points",
                                       "steps"};
    static const char *const kinds[] = {"linear", "piecewise", "step"};
    const ld_node *k = ld_get(v, "kind");
    char w[200], hint[128];

    cr->vf_pos = ld_pos(c, v);
    snprintf(w, sizeof w, "the value function of %s", what);
    if (ld_check_map(c, v, w, keys, 5))
        return -1;
    cr->vf_kind = CS_VF_LINEAR;
    if (k) {
        size_t i = 0;
        while (i < 3 && (k->kind != LD_SCALAR || strcmp(k->text, kinds[i])))
            i++;
        if (i == 3)
            return ld_error(c, k, "unknown value function kind '%.40s'%s",
                            k->kind == LD_SCALAR ? k->text : "?",
                            ld_suggest(c, k->kind == LD_SCALAR ? k->text : "",
                                       kinds, 3, hint, sizeof hint)[0] ? hint
                            : "; use linear, piecewise or step");
        cr->vf_kind = (cs_vf_kind)i;
    }
    for (size_t i = 1; i < 5; i++) {
        const ld_node *x = ld_get(v, keys[i]);
        int linear_key = i <= 2;
        int wanted = cr->vf_kind == CS_VF_LINEAR ? linear_key
                   : cr->vf_kind == CS_VF_PIECEWISE ? i == 3 : i == 4;
        if (x && !wanted)
            return ld_error(c, x, "'%s' does not belong in a %s value "
                            "function; %s", keys[i], kinds[cr->vf_kind],
                            cr->vf_kind == CS_VF_LINEAR ? "give 'worst' and "
                            "'best'" : cr->vf_kind == CS_VF_PIECEWISE
                            ? "give 'points: [[level, value], ...]'"
                            : "give 'steps: [[level, value], ...]'");
    }
    if (cr->vf_kind == CS_VF_LINEAR)
        return read_linear(c, v, cr, what);
    return read_points(c, v, cr, cr->vf_kind == CS_VF_PIECEWISE ? "points"
                       : "steps", what);
}

/* ---- the weights block -------------------------------------------------- */

static const char *const methods[] = {"direct", "swing", "ordinal",
                                      "intervals", "missing"};
#define N_METHODS 5
/* The key each method needs, beyond `method`. */
static const char *const method_key[] = {NULL, "points", "order", "bounds",
                                         NULL};

/* Index of the criterion labelled by scalar n, or -1 after reporting. */
static int crit_ref(ld_ctx *c, const ld_node *n, const char *what)
{
    const cs_model *m = c->m;
    const char **labels;
    char hint[128];

    if (n->kind != LD_SCALAR)
        return ld_error(c, n, "%s must name a criterion by its label; "
                        "write the label (or plugin name) of one criterion",
                        what);
    for (size_t i = 0; i < m->n_criteria; i++)
        if (m->criteria[i].label && !strcmp(m->criteria[i].label, n->text))
            return (int)i;
    hint[0] = '\0';
    if ((labels = calloc(m->n_criteria + 1, sizeof *labels))) {
        for (size_t i = 0; i < m->n_criteria; i++)
            labels[i] = m->criteria[i].label ? m->criteria[i].label : "";
        ld_suggest(c, n->text, labels, m->n_criteria, hint, sizeof hint);
        free(labels);
    }
    return ld_error(c, n, "%s names criterion '%.60s', which is not in "
                    "'criteria'%s", what, n->text, hint[0] ? hint
                    : "; use the label (or plugin name) of a criterion");
}

/* Reports each criterion not marked in seen[]; returns -1 if any. */
static int need_all(ld_ctx *c, const ld_node *n, const unsigned char *seen,
                    const char *what, const char *fix)
{
    int rc = 0;

    for (size_t i = 0; i < c->m->n_criteria; i++)
        if (!seen[i] && c->m->criteria[i].label)
            rc = ld_error(c, n, "criterion '%s' is missing from %s; %s",
                          c->m->criteria[i].label, what, fix);
    return rc;
}

static int read_swing(ld_ctx *c, const ld_node *n, cs_weights_spec *ws,
                      unsigned char *seen)
{
    double sum = 0.0;
    int rc;

    if ((rc = ld_check_free_map(c, n, "'points'")))
        return rc;
    for (size_t i = 0; i < n->n; i++) {
        int k = crit_ref(c, n->kids[2 * i], "a key of 'points'");
        char w[160];
        if (k < 0) {
            rc = -1;
            continue;
        }
        snprintf(w, sizeof w, "the swing points of '%s'",
                 c->m->criteria[k].label);
        rc |= ld_number_in(c, n->kids[2 * i + 1], w, 0, CS_MAX_WEIGHT, 0,
                           &ws->points[k]);
        seen[k] = 1;
        sum += isnan(ws->points[k]) ? 0.0 : ws->points[k];
    }
    rc |= need_all(c, n, seen, "'points'", "give it points, 100 for the "
                   "most important swing (0 leaves it out)");
    if (!rc && !(sum > 0.0))
        rc = ld_error(c, n, "every criterion has 0 swing points; give the "
                      "most important swing 100 and the others points "
                      "relative to it");
    return rc;
}

/* One place of the order: a label, or a list of tied labels. */
static int order_place(ld_ctx *c, const ld_node *item, int level,
                       cs_weights_spec *ws, unsigned char *seen)
{
    const ld_node *one = item;
    size_t n = 1;
    int rc = 0;

    if (item->kind == LD_SEQ && !(n = item->n))
        return ld_error(c, item, "an empty list in 'order'; list the "
                        "criteria tied at this place, or remove it");
    for (size_t j = 0; j < n; j++) {
        int k;
        if (item->kind == LD_SEQ)
            one = item->kids[j];
        if ((k = crit_ref(c, one, "'order'")) < 0) {
            rc = -1;
            continue;
        }
        if (seen[k]) {
            rc = ld_error(c, one, "criterion '%s' appears twice in 'order'; "
                          "keep it at one place", c->m->criteria[k].label);
            continue;
        }
        seen[k] = 1;
        ws->level[k] = level;
    }
    return rc;
}

static int read_ordinal(ld_ctx *c, const ld_node *n, cs_weights_spec *ws,
                        unsigned char *seen)
{
    ld_node *const *items;
    size_t count;
    int rc = 0;

    if (ld_list(c, n, "'order'", 0, &items, &count))
        return -1;
    for (size_t i = 0; i < count; i++)
        rc |= order_place(c, items[i], (int)i + 1, ws, seen);
    rc |= need_all(c, n, seen, "'order'", "add it where it ranks (criteria "
                   "of equal importance go together in a list, e.g. "
                   "[governance, leverage])");
    return rc;
}

static int read_bound(ld_ctx *c, const ld_node *v, int k, cs_weights_spec *ws)
{
    const char *label = c->m->criteria[k].label;
    char w[160];
    int rc;

    if (v->kind != LD_SEQ || v->n != 2)
        return ld_error(c, v, "the bounds of '%s' must be a pair [lower, "
                        "upper] of fractions; write e.g. [0.2, 0.5]", label);
    snprintf(w, sizeof w, "the lower bound of '%s'", label);
    rc = ld_number_in(c, v->kids[0], w, 0, 1, 0, &ws->lo[k]);
    snprintf(w, sizeof w, "the upper bound of '%s'", label);
    rc |= ld_number_in(c, v->kids[1], w, 0, 1, 0, &ws->hi[k]);
    if (!rc && ws->lo[k] > ws->hi[k])
        rc = ld_error(c, v, "the lower bound of '%s' (%g) is above its upper "
                      "bound (%g); swap them", label, ws->lo[k], ws->hi[k]);
    return rc;
}

static int read_intervals(ld_ctx *c, const ld_node *n, cs_weights_spec *ws,
                          unsigned char *seen)
{
    cs_weight_space *sp;
    char err[512];
    int rc;

    if ((rc = ld_check_free_map(c, n, "'bounds'")))
        return rc;
    for (size_t i = 0; i < n->n; i++) {
        int k = crit_ref(c, n->kids[2 * i], "a key of 'bounds'");
        if (k < 0 || read_bound(c, n->kids[2 * i + 1], k, ws)) {
            rc = -1;
            continue;
        }
        seen[k] = 1;
    }
    if (rc || !(sp = cs_weight_space_alloc(c->m->n_criteria)))
        return rc ? rc : ld_error(c, n, "out of memory; free some memory");
    memcpy(sp->lo, ws->lo, sp->n * sizeof *sp->lo);
    memcpy(sp->hi, ws->hi, sp->n * sizeof *sp->hi);
    if (cs_weight_space_check(sp, err, sizeof err) < 0)
        rc = ld_error(c, n, "the weight bounds cannot all hold: %s", err);
    cs_weight_space_free(sp);
    return rc;
}

/* Allocates the arrays the method uses. */
static int alloc_method(ld_ctx *c, const ld_node *n, cs_weights_spec *ws)
{
    size_t nc = c->m->n_criteria;

    if (ws->method == CS_WEIGHTS_SWING)
        ws->points = calloc(nc, sizeof *ws->points);
    else if (ws->method == CS_WEIGHTS_ORDINAL)
        ws->level = calloc(nc, sizeof *ws->level);
    else if (ws->method == CS_WEIGHTS_INTERVALS) {
        ws->lo = calloc(nc, sizeof *ws->lo);
        ws->hi = malloc(nc * sizeof *ws->hi);
        for (size_t i = 0; ws->hi && i < nc; i++)
            ws->hi[i] = 1.0;
        if (!ws->lo || !ws->hi)
            return ld_error(c, n, "out of memory; free some memory");
    }
    if ((ws->method == CS_WEIGHTS_SWING && !ws->points) ||
        (ws->method == CS_WEIGHTS_ORDINAL && !ws->level))
        return ld_error(c, n, "out of memory; free some memory");
    return 0;
}

/* `method:` and the keys that go with it. */
static int read_method(ld_ctx *c, const ld_node *n, cs_weights_spec *ws)
{
    static const char *const keys[] = {"method", "points", "order", "bounds"};
    const ld_node *v;
    char hint[128];
    size_t i = 0;

    if (ld_check_map(c, n, "'weights'", keys, 4))
        return -1;
    if (!(v = ld_need(c, n, "method", "'weights'")))
        return -1;
    while (i < N_METHODS && (v->kind != LD_SCALAR || strcmp(v->text,
                                                             methods[i])))
        i++;
    if (i == N_METHODS)
        return ld_error(c, v, "unknown weights method '%.40s'%s",
                        v->kind == LD_SCALAR ? v->text : "?",
                        ld_suggest(c, v->kind == LD_SCALAR ? v->text : "",
                                   methods, N_METHODS, hint, sizeof hint)[0]
                        ? hint : "; use direct, swing, ordinal, intervals or "
                        "missing");
    ws->method = (cs_weight_method)i;
    for (size_t j = 1; j < 4; j++)
        if ((v = ld_get(n, keys[j])) && (!method_key[i] ||
                                         strcmp(method_key[i], keys[j])))
            return ld_error(c, v, "'%s' does not go with method '%s'%s%s%s",
                            keys[j], methods[i], method_key[i] ? "; give '" : "",
                            method_key[i] ? method_key[i] : "",
                            method_key[i] ? "' instead" : "; remove it");
    if (method_key[i] && !ld_need(c, n, method_key[i], "'weights'"))
        return -1;
    return alloc_method(c, n, ws);
}

/* Method direct: every criterion has a weight, not all 0. */
static int check_direct(ld_ctx *c, const ld_node *criteria)
{
    double sum = 0.0;
    int rc = 0, any = 0;

    for (size_t i = 0; i < c->m->n_criteria; i++) {
        const cs_criterion_spec *cr = &c->m->criteria[i];
        if (!cr->label)
            continue;                   /* already reported */
        any = 1;
        if (!cr->has_weight)
            rc = cs_diag_error(c->diag, cr->pos, "criterion '%s' has no "
                               "'weight'; add 'weight: ...' (0 or more), or "
                               "state the weights in a 'weights:' block (see "
                               "docs/scenario-format.md)", cr->label);
        else if (cr->weight > 0.0)
            sum += cr->weight;
    }
    if (!rc && any && !(sum > 0.0))
        rc = ld_error(c, criteria, "every criterion has weight 0; give at "
                      "least one criterion a weight above 0");
    return rc;
}

/* Criteria's own weights are for method direct only. */
static void warn_unused(ld_ctx *c, const cs_weights_spec *ws)
{
    for (size_t i = 0; i < c->m->n_criteria; i++) {
        const cs_criterion_spec *cr = &c->m->criteria[i];
        if (cr->has_weight && cr->label)
            cs_diag_warning(c->diag, cr->pos, "criterion '%s' has a "
                            "'weight', which method '%s' does not use; "
                            "remove it, or use method 'direct'", cr->label,
                            methods[ws->method]);
    }
}

int ld_weights(ld_ctx *c, const ld_node *n, const ld_node *criteria)
{
    cs_weights_spec *ws = &c->m->weights;
    unsigned char *seen;
    int rc = 0;

    ws->method = CS_WEIGHTS_DIRECT;
    ws->pos = n ? ld_pos(c, n) : (cs_pos){c->file, 0, 0};
    if (!n || ld_is_null(n))
        return check_direct(c, criteria);
    if (!criteria)
        return ld_error(c, n, "'weights' needs criteria to weigh; add "
                        "'criteria:' or remove 'weights'");
    if (!c->m->n_criteria || read_method(c, n, ws))
        return -1;
    if (ws->method == CS_WEIGHTS_DIRECT)
        return check_direct(c, criteria);
    warn_unused(c, ws);
    if (!(seen = calloc(c->m->n_criteria, 1)))
        return ld_error(c, n, "out of memory; free some memory");
    if (ws->method == CS_WEIGHTS_SWING)
        rc = read_swing(c, ld_get(n, "points"), ws, seen);
    else if (ws->method == CS_WEIGHTS_ORDINAL)
        rc = read_ordinal(c, ld_get(n, "order"), ws, seen);
    else if (ws->method == CS_WEIGHTS_INTERVALS)
        rc = read_intervals(c, ld_get(n, "bounds"), ws, seen);
    free(seen);
    return rc;
}
