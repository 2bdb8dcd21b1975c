/* loader_param.c -- parameter values and distributions, criteria and the
 * analysis settings. */
#include "loader_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dist_spec {
    const char *name;
    cs_dist_kind kind;
    const char *keys[5];    /* "dist" then its fields */
    size_t n_keys;
    size_t n_required;      /* fields that must be given */
} dist_spec;

static const dist_spec dists[] = {
    {"fixed", CS_DIST_FIXED, {"dist", "value"}, 2, 1},
    {"uniform", CS_DIST_UNIFORM, {"dist", "min", "max"}, 3, 2},
    {"triangular", CS_DIST_TRIANGULAR, {"dist", "min", "mode", "max"}, 4, 3},
    {"normal", CS_DIST_NORMAL, {"dist", "mean", "sd"}, 3, 2},
    {"lognormal", CS_DIST_LOGNORMAL, {"dist", "meanlog", "sdlog"}, 3, 2},
    {"beta", CS_DIST_BETA, {"dist", "alpha", "beta", "min", "max"}, 5, 2},
};
#define N_DISTS (sizeof dists / sizeof *dists)

static const dist_spec *dist_kind(ld_ctx *c, const ld_node *n,
                                  const char *what)
{
    static const char *const names[] = {"fixed", "uniform", "triangular",
                                        "normal", "lognormal", "beta"};
    const ld_node *v = ld_need(c, n, "dist", what);
    char hint[128];

    if (!v)
        return NULL;
    if (v->kind == LD_SCALAR)
        for (size_t i = 0; i < N_DISTS; i++)
            if (!strcmp(v->text, dists[i].name))
                return &dists[i];
    ld_suggest(c, v->kind == LD_SCALAR ? v->text : "", names, N_DISTS, hint,
               sizeof hint);
    ld_error(c, v, "%s: 'dist' must be one of fixed, uniform, triangular, "
             "normal, lognormal, beta%s", what,
             hint[0] ? hint : "; choose one of them");
    return NULL;
}

/* Checks how the fields of a distribution relate; v[] as in spec keys. */
static int dist_check(ld_ctx *c, const ld_node *n, const ld_node *const *v,
                      const cs_dist *d, const char *what)
{
    const double *p = d->p;

    switch (d->kind) {
    case CS_DIST_UNIFORM:
        if (!(p[0] < p[1]))
            return ld_error(c, v[1], "%s: min %g is not less than max %g; "
                            "swap them or use {dist: fixed}", what, p[0], p[1]);
        return 0;
    case CS_DIST_TRIANGULAR:
        if (!(p[0] < p[2]))
            return ld_error(c, v[2], "%s: min %g is not less than max %g; "
                            "swap them or use {dist: fixed}", what, p[0], p[2]);
        if (p[1] < p[0] || p[1] > p[2])
            return ld_error(c, v[1], "%s: mode %g is outside [%g, %g]; give "
                            "min <= mode <= max", what, p[1], p[0], p[2]);
        return 0;
    case CS_DIST_BETA:
        if (!(p[2] < p[3]))
            return ld_error(c, v[3] ? v[3] : n, "%s: min %g is not less than "
                            "max %g; give min < max", what, p[2], p[3]);
        return 0;
    default:
        return 0;
    }
}

static int read_dist(ld_ctx *c, const ld_node *n, const char *what,
                     cs_dist *d)
{
    const dist_spec *s = dist_kind(c, n, what);
    const ld_node *v[4] = {NULL, NULL, NULL, NULL};
    int rc = 0;

    if (!s || ld_check_map(c, n, what, s->keys, s->n_keys))
        return -1;
    d->kind = s->kind;
    d->p[0] = d->p[1] = d->p[2] = d->p[3] = 0;
    if (s->kind == CS_DIST_BETA)
        d->p[3] = 1;
    for (size_t i = 1; i < s->n_keys; i++) {
        const char *key = s->keys[i];
        double lo = -HUGE_VAL;
        char w[256];

        v[i - 1] = i <= s->n_required ? ld_need(c, n, key, what)
                                      : ld_get(n, key);
        if (!v[i - 1]) {
            rc |= i <= s->n_required ? -1 : 0;
            continue;
        }
        snprintf(w, sizeof w, "'%s' of %s", key, what);
        if (!strcmp(key, "sd") || !strcmp(key, "sdlog") ||
            !strcmp(key, "alpha") || !strcmp(key, "beta"))
            lo = 0;
        rc |= ld_number_in(c, v[i - 1], w, lo, HUGE_VAL,
                           lo == 0 ? LD_LO_OPEN : 0, &d->p[i - 1]);
    }
    if (rc)
        return -1;
    return dist_check(c, n, v, d, what);
}

static int read_value(ld_ctx *c, const ld_node *v, const char *what,
                      cs_param_value *pv)
{
    pv->pos = ld_pos(c, v);
    if (v->kind == LD_MAP) {
        pv->kind = CS_PV_DIST;
        return read_dist(c, v, what, &pv->dist);
    }
    if (v->kind == LD_SEQ || ld_is_null(v))
        return ld_error(c, v, "%s must be a number, true or false, a word or "
                        "a distribution such as {dist: uniform, min: 1, max: "
                        "2}, not %s; give one value", what,
                        v->kind == LD_SEQ ? "a list" : "empty");
    if (v->plain && (!strcmp(v->text, "true") || !strcmp(v->text, "false") ||
                     !strcmp(v->text, "True") || !strcmp(v->text, "False") ||
                     !strcmp(v->text, "TRUE") || !strcmp(v->text, "FALSE"))) {
        pv->kind = CS_PV_BOOLEAN;
        return ld_bool(c, v, what, &pv->boolean);
    }
    if (v->plain && !ld_parse_double(v->text, &pv->number)) {
        pv->kind = CS_PV_NUMBER;
        return ld_number(c, v, what, &pv->number);
    }
    pv->kind = CS_PV_STRING;
    return ld_string(c, v, what, &pv->string);
}

int ld_params(ld_ctx *c, const ld_node *n, const char *owner,
              cs_param_value **out, size_t *n_out)
{
    char what[160];
    int rc = 0;

    *out = NULL;
    *n_out = 0;
    snprintf(what, sizeof what, "the parameters of %s", owner);
    if (ld_is_null(n))
        return 0;
    if (ld_check_free_map(c, n, what))
        return -1;
    if (!n->n)
        return 0;
    *out = calloc(n->n, sizeof **out);
    if (!*out)
        return ld_error(c, n, "out of memory; free some memory");
    *n_out = n->n;
    for (size_t i = 0; i < n->n; i++) {
        cs_param_value *pv = &(*out)[i];
        const ld_node *k = n->kids[2 * i];
        char w[200];

        pv->name = strdup(k->text);
        if (!pv->name)
            return ld_error(c, k, "out of memory; free some memory");
        snprintf(w, sizeof w, "parameter '%.60s' of %s", k->text, owner);
        rc |= read_value(c, n->kids[2 * i + 1], w, pv);
    }
    return rc;
}

/* Does `s` name a file rather than a plugin: a '/' or a ".so" ending? */
static int names_file(const char *s)
{
    size_t n = strlen(s);

    return strchr(s, '/') || (n >= 3 && !strcmp(s + n - 3, ".so"));
}

/* A plugin file named by path (--allow-plugin-file only): relative paths
 * resolve against the scenario's folder, like every file it names. */
static int plugin_file(ld_ctx *c, const ld_node *v, const char *w,
                       cs_criterion_spec *cr)
{
    size_t nd = strlen(c->dir);
    char *p;

    if (ld_string(c, v, w, &p))
        return -1;
    if (p[0] == '/' || (!nd && strchr(p, '/'))) {
        cr->plugin = p;
        return 0;
    }
    cr->plugin = malloc(nd + strlen(p) + 3);
    if (cr->plugin)     /* "./" keeps a bare "x.so" a path, not a name */
        sprintf(cr->plugin, "%s%s%s", nd ? c->dir : ".",
                nd && c->dir[nd - 1] == '/' ? "" : "/", p);
    free(p);
    return cr->plugin ? 0 : ld_error(c, v, "out of memory; free some memory");
}

static int read_plugin(ld_ctx *c, const ld_node *item, const char *what,
                       cs_criterion_spec *cr)
{
    const ld_node *v = ld_need(c, item, "plugin", what);
    char w[160], fix[65];
    const char *base;

    if (!v)
        return -1;
    snprintf(w, sizeof w, "the plugin of %s", what);
    if (v->kind != LD_SCALAR || !names_file(v->text))
        return ld_ident(c, v, w, &cr->plugin);
    if (c->opts.allow_plugin_file)
        return plugin_file(c, v, w, cr);
    /* a scenario that loads a file by path could run any code */
    base = strrchr(v->text, '/') ? strrchr(v->text, '/') + 1 : v->text;
    snprintf(fix, sizeof fix, "%.*s", (int)(strlen(base) > 3 &&
             !strcmp(base + strlen(base) - 3, ".so") ? strlen(base) - 3
             : strlen(base)), base);
    if (fix[0])
        ld_ident_fix(fix, fix);
    else
        strcpy(fix, "NAME");
    return ld_error(c, v, "%s is the file '%.200s', but a scenario names "
                    "plugins, not files; write 'plugin: %s' and put the "
                    "file's folder on the plugin path (--plugin-path DIR or "
                    "CONSORTIA_PLUGIN_PATH), or pass --allow-plugin-file to "
                    "load it by path", w, v->text, fix);
}

static int read_criterion(ld_ctx *c, const ld_node *item, size_t i,
                          cs_criterion_spec *cr)
{
    static const char *const keys[] = {"plugin", "label", "weight",
                                       "value_function", "parameters"};
    const ld_node *v;
    char what[128], w[200];
    int rc;

    cr->pos = ld_pos(c, item);
    snprintf(what, sizeof what, "criterion %zu", i + 1);
    if (ld_check_map(c, item, what, keys, 5))
        return -1;
    rc = read_plugin(c, item, what, cr);
    if ((v = ld_get(item, "label"))) {
        snprintf(w, sizeof w, "the label of %s", what);
        rc |= ld_string(c, v, w, &cr->label);
    } else if (cr->plugin && !(cr->label = strdup(
                   ld_get(item, "plugin")->text))) {   /* as written */
        rc = ld_error(c, item, "out of memory; free some memory");
    }
    if (cr->label)
        snprintf(what, sizeof what, "criterion '%.60s'", cr->label);
    cr->weight = NAN;
    snprintf(w, sizeof w, "the weight of %s", what);
    if ((v = ld_get(item, "weight"))) {
        cr->has_weight = 1;
        if (ld_number_in(c, v, w, 0, CS_MAX_WEIGHT, 0, &cr->weight))
            rc = -1;
    }
    cr->vf_pos = cr->pos;
    if ((v = ld_get(item, "value_function")))
        rc |= ld_value_function(c, v, cr, what);
    if ((v = ld_get(item, "parameters")))
        rc |= ld_params(c, v, what, &cr->params, &cr->n_params);
    return rc;
}

int ld_criteria(ld_ctx *c, const ld_node *n)
{
    ld_node *const *items;
    size_t count;
    ld_index labels;
    int rc = 0;

    c->m->criteria_pos = ld_pos(c, n);     /* n NULL: the top mapping */
    if (!n)
        return 0;
    if (ld_list(c, n, "'criteria'", 1, &items, &count))
        return -1;
    if (!count)
        return 0;
    c->m->criteria = calloc(count, sizeof *c->m->criteria);
    if (!c->m->criteria)
        return ld_error(c, n, "out of memory; free some memory");
    c->m->n_criteria = count;
    ld_index_init(&labels);
    for (size_t i = 0; i < count; i++) {
        cs_criterion_spec *cr = &c->m->criteria[i];
        int first;

        rc |= read_criterion(c, items[i], i, cr);
        if (!cr->label)
            continue;
        first = ld_index_add(&labels, cr->label, (int)i);
        if (first == -2) {
            rc = ld_error(c, items[i], "out of memory; free some memory");
            break;
        }
        if (first >= 0)
            rc = ld_error(c, items[i], "criterion label '%s' is used twice "
                          "(first at line %d); give criteria that use the "
                          "same plugin different 'label's", cr->label,
                          c->m->criteria[first].pos.line);
    }
    ld_index_free(&labels);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int read_thresholds(ld_ctx *c, const ld_node *n, cs_analysis *a)
{
    ld_node *const *items;
    size_t count;
    int rc = 0;

    if (ld_list(c, n, "'thresholds'", 0, &items, &count))
        return -1;
    if (!count || count > 8)
        return ld_error(c, n, "'thresholds' has %zu values; give 1 to 8 "
                        "overspend thresholds in percent, e.g. [1, 2, 5]",
                        count);
    for (size_t i = 0; i < count; i++) {
        double pct;
        if (ld_number_in(c, items[i], "an overspend threshold (percent)", 0,
                         100, LD_LO_OPEN, &pct)) {
            rc = -1;
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (a->thresholds[j] == pct / 100)
                rc = ld_error(c, items[i], "threshold %g%% is given twice; "
                              "remove one", pct);
        a->thresholds[i] = pct / 100;
    }
    if (rc)
        return -1;
    a->n_thresholds = count;
    qsort(a->thresholds, count, sizeof *a->thresholds, cmp_double);
    return 0;
}

int ld_analysis(ld_ctx *c, const ld_node *n)
{
    static const char *const keys[] = {"draws", "seed", "threads",
                                       "thresholds", "smaa_iterations",
                                       "vote_pass"};
    cs_analysis *a = &c->m->analysis;
    const ld_node *v;
    uint64_t u;
    int rc = 0;

    if (!n || ld_is_null(n))
        return 0;
    if (ld_check_map(c, n, "'analysis'", keys, 6))
        return -1;
    if ((v = ld_get(n, "draws"))) {
        rc |= ld_uint(c, v, "'draws'", 1, 10000000, &u);
        a->draws = (size_t)u;
    }
    if ((v = ld_get(n, "seed")))
        rc |= ld_uint(c, v, "'seed'", 0, UINT64_MAX, &a->seed);
    if ((v = ld_get(n, "threads"))) {
        rc |= ld_uint(c, v, "'threads'", 0, 256, &u);
        a->threads = (unsigned)u;
    }
    if ((v = ld_get(n, "thresholds")))
        rc |= read_thresholds(c, v, a);
    if ((v = ld_get(n, "smaa_iterations"))) {
        rc |= ld_uint(c, v, "'smaa_iterations'", 1, 10000000, &u);
        a->smaa_iterations = (size_t)u;
    }
    if ((v = ld_get(n, "vote_pass")))
        rc |= ld_number_in(c, v, "'vote_pass'", 0, 1, 0, &a->vote_pass);
    return rc;
}
