/*
 * search.c -- the search (docs/search.md): the scenario's options scored
 * exactly, the screening objective built from their weights and value
 * functions, the coalition-structure solver on it, then the finalists and
 * the listed options re-scored exactly in one appraisal on common random
 * numbers (same seed; a consortium's streams are keyed by its membership).
 */
#include "objective.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Coalitions screened in batches before the solver starts when there are
 * at most this many connected ones allowed by the rules; beyond it they
 * are screened one at a time as the solver asks. ASSUMPTION: a memory and
 * start-up bound, not a modelling choice (values are the same either way). */
#define SCREEN_PRECOMPUTE_MAX 20000u
#define SCREEN_BATCH 256u

typedef struct enum_ctx {
    const cs_units *u;
    const cs_search_spec *rules;
    cs_set *out;
    size_t n, cap;
    int over;
} enum_ctx;

static double list_of(const cs_units *u, cs_set s)
{
    double x = 0;
    for (unsigned i = 0; i < u->n; i++)
        if (s >> i & 1)
            x += u->registered[i];
    return x;
}

/* Connected sets containing `set`, grown only by units above `min` not
 * excluded, each once (the extension-set method). */
static void grow_sets(enum_ctx *e, cs_set set, cs_set ext, cs_set excl,
                      unsigned min)
{
    if (e->over)
        return;
    if (list_of(e->u, set) > e->rules->pop_max)
        return;                         /* growing only adds people */
    if (cs_units_allowed(e->u, e->rules, set)) {
        if (e->n == e->cap) {
            e->over = 1;
            return;
        }
        e->out[e->n++] = set;
    }
    while (ext) {
        unsigned v = (unsigned)__builtin_ctzll(ext);
        cs_set bit = (cs_set)1 << v, nb = 0;
        ext &= ~bit;
        for (unsigned i = 0; i < e->u->n; i++)
            if ((set | bit) >> i & 1)
                nb |= e->u->nbr[i];
        nb &= ~(set | bit | excl | ext) & ~(((cs_set)2 << min) - 1);
        grow_sets(e, set | bit, ext | nb, excl, min);
        excl |= bit;
    }
}

/* The allowed connected coalitions in their enumeration order (the items
 * of a sharded search) into e; e->over when there are too many. 0, or -1
 * when out of memory. */
static int enumerate(enum_ctx *e, const cs_units *u,
                     const cs_search_spec *rules)
{
    *e = (enum_ctx){u, rules, NULL, 0, SCREEN_PRECOMPUTE_MAX, 0};
    if (!(e->out = malloc(e->cap * sizeof *e->out)))
        return -1;
    for (unsigned v = 0; v < u->n && !e->over; v++) {
        cs_set bit = (cs_set)1 << v;
        cs_set hi = ~(((cs_set)2 << v) - 1);
        grow_sets(e, bit, u->nbr[v] & hi, 0, v);
    }
    return 0;
}

/* The shards' values put into the cache, each checked against the item's
 * coalition of this enumeration. */
static int prefill(obj_screen *s, const enum_ctx *e, const cs_search_opts *o,
                   cs_diag *diag)
{
    if (e->over || o->n_prefill != e->n)
        return cs_diag_error(diag, s->rules->pos, "the shards screened %zu "
                             "coalitions, this search has %zu; run every "
                             "task again with this scenario", o->n_prefill,
                             e->over ? (size_t)SCREEN_PRECOMPUTE_MAX : e->n);
    for (size_t i = 0; i < e->n; i++) {
        const cs_search_screened *p = &o->prefill[i];
        if (p->item != i || p->set != e->out[i])
            return cs_diag_error(diag, s->rules->pos, "item %zu of the "
                                 "shards is not this search's coalition "
                                 "%zu; run every task again", p->item, i);
        if (obj_screen_put(s, p->set, p->val, p->own) < 0)
            return cs_diag_error(diag, s->rules->pos, "out of memory");
    }
    return 0;
}

/* Screens every allowed connected coalition in batches when they are few
 * enough (or takes the shards' values); 0 also when there are too many
 * (then the solver's calls do). */
static int precompute(obj_screen *s, const cs_units *u,
                      const cs_search_spec *rules, const cs_search_opts *o,
                      cs_diag *diag)
{
    enum_ctx e;
    int rc = 0;

    if (enumerate(&e, u, rules) < 0) {
        free(e.out);
        s->failed = 1;
        return cs_diag_error(diag, s->m->search.pos, "out of memory");
    }
    if (o->prefill)
        rc = prefill(s, &e, o, diag);
    for (size_t i = 0; !o->prefill && !e.over && !rc && i < e.n;
         i += SCREEN_BATCH)
        rc = obj_screen_batch(s, e.out + i, e.n - i < SCREEN_BATCH
                                                ? e.n - i : SCREEN_BATCH);
    free(e.out);
    return rc;
}

/* The scenario's options appraised and scored exactly, with the finds
 * appended after them. */
static cs_appraisal *exact(const cs_model *m, cs_plugin *const *plugins,
                           cs_option *finds, size_t n_finds,
                           const cs_appraise_opts *ao, cs_diag *diag,
                           int *pf, cs_model **copy)
{
    size_t n = m->n_options + n_finds;
    cs_option *all = calloc(n + 1, sizeof *all);
    cs_appraisal *a = NULL;

    *copy = NULL;
    if (!all) {
        cs_diag_error(diag, m->search.pos, "out of memory");
        return NULL;
    }
    if (m->n_options)
        memcpy(all, m->options, m->n_options * sizeof *all);
    if (n_finds)                 /* finds may be NULL when there are none */
        memcpy(all + m->n_options, finds, n_finds * sizeof *all);
    if (!(*copy = obj_model_with(m, all, n, m->status_quo)))
        cs_diag_error(diag, m->search.pos, "out of memory");
    else if ((a = cs_appraise(*copy, plugins, ao, diag, pf)) &&
             cs_score_options(a, diag) < 0) {
        cs_appraisal_free(a);
        a = NULL;
    }
    if (!a) {
        free(all);
        free(*copy);
        *copy = NULL;
    }
    return a;
}

static void free_exact(cs_appraisal *a, cs_model *copy)
{
    cs_appraisal_free(a);
    if (copy)
        free(copy->options);
    free(copy);
}

/* Parts in a canonical order (by lowest unit), for comparing groupings. */
static int cmp_set(const void *a, const void *b)
{
    cs_set x = *(const cs_set *)a & -*(const cs_set *)a;
    cs_set y = *(const cs_set *)b & -*(const cs_set *)b;
    return (x > y) - (x < y);
}

static int same_grouping(const cs_set *a, unsigned na, const cs_set *b,
                         unsigned nb)
{
    return na == nb && !memcmp(a, b, na * sizeof *a);
}

/* The screening score of a grouping (NaN when it cannot be screened). */
static double screen_of(obj_screen *s, const cs_set *parts, unsigned n)
{
    double sum = 0, v;
    for (unsigned k = 0; k < n; k++) {
        if (!cs_units_allowed(s->u, s->rules, parts[k]) ||
            obj_screen_get(s, parts[k], &v, NULL) < 0)
            return NAN;
        sum += v;
    }
    return n ? sum : NAN;
}

/* Fills configuration c from option o of the exact appraisal. */
static int fill_config(cs_search_result *r, obj_screen *s,
                       const cs_appraisal *a, size_t o, cs_search_config *c)
{
    const cs_decision *d = a->decision;

    c->score = a->option_scores[o].score;
    if (!(c->value = calloc(r->n_crit + 1, sizeof *c->value)) ||
        !(c->id = strdup(a->model->options[o].view.id)))
        return -1;
    for (size_t j = 0; j < r->n_crit; j++)
        c->value[j] = d->mean_value[o * d->n_crit + j];
    c->screen = NAN;
    if (c->n_parts) {
        c->feasible = cs_units_feasible(&r->units, &r->model->search,
                                        c->parts, c->n_parts, c->why,
                                        sizeof c->why);
        if (c->feasible)
            c->screen = screen_of(s, c->parts, c->n_parts);
    } else {
        snprintf(c->why, sizeof c->why, "not a grouping of whole "
                 "localities (or it has a federation)");
    }
    return 0;
}

/* The solver's groupings that no listed option already is, as options:
 * their number in *n; -1 when there is no memory for one. */
static int new_finds(const cs_search_result *r, const cs_csg_result *cr,
                     cs_set **lparts, const unsigned *ln,
                     cs_option *finds, cs_set **fparts, unsigned *fn,
                     size_t *n)
{
    const cs_model *m = r->model;
    size_t k = 0;
    char id[32], name[64];

    for (unsigned t = 0; t < cr->n_top; t++) {
        cs_csg_structure *st = &cr->top[t];
        int dup = 0;
        qsort(st->parts, st->n_parts, sizeof *st->parts, cmp_set);
        for (size_t o = 0; o < m->n_options && !dup; o++)
            dup = same_grouping(st->parts, st->n_parts, lparts[o], ln[o]);
        if (dup)
            continue;
        snprintf(id, sizeof id, "search-%zu", k + 1);
        snprintf(name, sizeof name, "Search find %zu (%u consortia)", k + 1,
                 st->n_parts);
        if (obj_option_init(&finds[k], m, &r->units, st->parts, st->n_parts,
                            id, name) < 0)
            return -1;
        fparts[k] = st->parts;
        fn[k++] = st->n_parts;
        *n = k;
    }
    return 0;
}

/* Criterion labels and weights of the scored criteria. */
static int take_criteria(cs_search_result *r, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;

    r->n_crit = d->n_crit;
    r->crit_label = calloc(d->n_crit + 1, sizeof *r->crit_label);
    r->crit_weight = calloc(d->n_crit + 1, sizeof *r->crit_weight);
    if (!r->crit_label || !r->crit_weight)
        return -1;
    for (size_t j = 0; j < d->n_crit; j++) {
        r->crit_weight[j] = d->weights[j];
        if (!(r->crit_label[j] = strdup(a->crits[d->crit[j]].spec->label)))
            return -1;
    }
    return 0;
}

/* The most units a consortium within the population ceiling can hold:
 * as many of the smallest units as fit under it (the solver enumerates
 * coalitions up to this size). */
static unsigned max_units(const cs_units *u, double pop_max)
{
    double *x = malloc((u->n + 1) * sizeof *x), sum = 0;
    unsigned k = 0;

    if (!x || isinf(pop_max)) {
        free(x);
        return 0;
    }
    memcpy(x, u->registered, u->n * sizeof *x);
    for (unsigned i = 1; i < u->n; i++)         /* insertion sort */
        for (unsigned j = i; j > 0 && x[j - 1] > x[j]; j--) {
            double t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
        }
    while (k < u->n && sum + x[k] <= pop_max)
        sum += x[k++];
    free(x);
    return k ? k : 1;
}

/* The solver on the screening objective. */
static int solve(cs_search_result *r, obj_screen *s, const cs_search_opts *o,
                 cs_csg_result *cr, cs_diag *diag)
{
    const cs_search_spec *rules = &r->model->search;
    cs_csg_problem p;
    cs_csg_opts co;
    char err[256] = "";
    cs_pos at = rules->pos;

    memset(&p, 0, sizeof p);
    memset(&co, 0, sizeof co);
    p.n = r->units.n;
    p.nbr = r->units.nbr;
    p.value = obj_screen_value;
    p.ctx = s;
    p.min_parts = rules->parts_min ? rules->parts_min : 1;
    p.max_parts = rules->parts_max ? rules->parts_max : r->units.n;
    p.together = r->units.together;
    p.n_together = r->units.n_together;
    p.max_size = max_units(&r->units, rules->pop_max);
    co.top_k = o->top ? o->top : rules->top ? rules->top : 5;
    co.time_limit_s = o->time_limit > 0 ? o->time_limit : rules->time_limit;
    co.threads = o->threads ? o->threads : r->model->analysis.threads;
    if (cs_csg_solve(&p, &co, cr, err, sizeof err) < 0)
        return cs_diag_error(diag, at, "the search failed: %s", err);
    if (s->failed)
        return -1;
    r->upper_bound = cr->upper_bound;
    r->optimal = cr->optimal;
    r->stopped_by_time = cr->stopped_by_time;
    r->method = cr->method ? cr->method : "exact";
    r->n_value_calls = cr->n_value_calls;
    r->solver_seconds = cr->seconds;
    r->screen_best = cr->n_top ? cr->top[0].value : NAN;
    return 0;
}

/* Exact scores of listed options and finds into r->configs. */
static int score_all(cs_search_result *r, obj_screen *s,
                     const cs_csg_result *cr, cs_plugin *const *plugins,
                     const cs_appraise_opts *ao, cs_diag *diag, int *pf)
{
    const cs_model *m = r->model;
    size_t nl = m->n_options, nf = 0, n;
    cs_set **lp = calloc(nl + 1, sizeof *lp);
    unsigned *ln = calloc(nl + 1, sizeof *ln), fn[128];
    cs_set *fp[128];
    cs_option finds[128];
    cs_appraisal *a = NULL;
    cs_model *copy = NULL;
    int rc = -1;

    memset(finds, 0, sizeof finds);
    for (size_t o = 0; lp && ln && o < nl; o++) {
        if (!(lp[o] = calloc(r->units.n + 1, sizeof **lp)))
            goto oom;
        ln[o] = cs_units_of_option(m, &r->units, o, lp[o]);
        qsort(lp[o], ln[o], sizeof **lp, cmp_set);
    }
    if (!lp || !ln || new_finds(r, cr, lp, ln, finds, fp, fn, &nf) < 0)
        goto oom;
    if (!(a = exact(m, plugins, finds, nf, ao, diag, pf, &copy)))
        goto done;              /* it said why */
    n = nl + nf;
    if (!(r->configs = calloc(n + 1, sizeof *r->configs)))
        goto oom;
    for (size_t o = 0; o < n; o++) {
        cs_search_config *c = &r->configs[r->n_configs++];
        c->listed = o < nl ? (int)o : -1;
        c->n_parts = o < nl ? ln[o] : fn[o - nl];
        c->parts = o < nl ? lp[o] : NULL;
        if (o < nl)
            lp[o] = NULL;
        else if ((c->parts = malloc((c->n_parts + 1) * sizeof *c->parts)))
            memcpy(c->parts, fp[o - nl], c->n_parts * sizeof *c->parts);
        if (!c->parts || fill_config(r, s, a, o, c) < 0)
            goto oom;
    }
    rc = 0;
    goto done;
oom:
    cs_diag_error(diag, m->search.pos, "out of memory");
done:
    free_exact(a, copy);
    for (size_t k = 0; k < 128; k++)
        obj_option_free(&finds[k]);
    for (size_t o = 0; lp && o < nl; o++)
        free(lp[o]);
    free(lp);
    free(ln);
    return rc;
}

/* The largest gap between a configuration's screen and exact score. */
static double screen_error(const cs_search_result *r)
{
    double e = 0;
    for (size_t i = 0; i < r->n_configs; i++) {
        const cs_search_config *c = &r->configs[i];
        if (!isnan(c->screen) && fabs(c->screen - c->score.mean) > e)
            e = fabs(c->screen - c->score.mean);
    }
    return e;
}

static void pick_best(cs_search_result *r)
{
    for (size_t i = 0; i < r->n_configs && !r->have_best; i++)
        if (r->configs[i].feasible) {
            r->best = i;
            r->have_best = 1;
        }
}

/* The listed options scored exactly once, for the weights and value
 * functions the screen uses; then the screen, the solver, the finalists. */
static int run_steps(cs_search_result *r, cs_plugin *const *plugins,
                     const cs_search_opts *o, const cs_appraise_opts *ao,
                     cs_diag *diag, int *pf)
{
    const cs_model *m = r->model;
    cs_appraise_opts so = *ao;
    cs_appraisal *ref;
    cs_model *copy;
    obj_screen s;
    cs_csg_result cr;
    int rc = -1;

    if (!(ref = exact(m, plugins, NULL, 0, ao, diag, pf, &copy)))
        return -1;
    so.draws = r->screen_draws;
    if (take_criteria(r, ref) < 0 ||
        obj_screen_init(&s, m, plugins, &r->units, ref, &so, diag) < 0) {
        free_exact(ref, copy);
        return cs_diag_error(diag, m->search.pos, "out of memory");
    }
    free_exact(ref, copy);
    memset(&cr, 0, sizeof cr);
    if (precompute(&s, &r->units, &m->search, o, diag) == 0 &&
        solve(r, &s, o, &cr, diag) == 0 &&
        score_all(r, &s, &cr, plugins, ao, diag, pf) == 0) {
        r->n_coalitions_screened = s.n_eval;
        cs_search_sort(r->configs, r->n_configs);
        cs_search_pareto(r->configs, r->n_configs, r->n_crit);
        r->screen_error = screen_error(r);
        pick_best(r);
        /* fails only for memory, or where the screen failed and said why */
        if ((rc = cs_search_stability(r, &s)) < 0 && !s.failed)
            cs_diag_error(diag, m->search.pos, "out of memory");
        if (rc == 0)
            rc = cs_search_pools(r, plugins, ao, diag, pf);
    }
    if (s.failed)           /* a screen's failure has said why */
        rc = -1;
    *pf |= s.plugin_failed;
    cs_csg_result_free(&cr);
    obj_screen_free(&s);
    return rc;
}

/* The units, the draws, seed and screen draws of a search into r and ao. */
static int setup(const cs_model *m, const cs_search_opts *o,
                 cs_search_result *r, cs_appraise_opts *ao, cs_diag *diag)
{
    char err[256];

    memset(r, 0, sizeof *r);
    r->model = m;
    if (cs_units_build(m, &r->units, err, sizeof err) < 0)
        return cs_diag_error(diag, m->search.pos, "%s", err);
    memset(ao, 0, sizeof *ao);
    ao->threads = o->threads;
    ao->draws = o->draws;
    ao->seed = o->seed;
    ao->has_seed = o->has_seed;
    ao->quiet = 1;
    r->draws = o->draws ? o->draws : m->analysis.draws;
    r->seed = o->has_seed ? o->seed : m->analysis.seed;
    r->screen_draws = o->screen_draws ? o->screen_draws
                                      : m->search.screen_draws;
    if (!r->screen_draws)
        r->screen_draws = 1000;
    return 0;
}

/* The shard's coalitions screened (batches of its own items: a value does
 * not depend on the batch) and read back from the cache. */
static int screen_items(obj_screen *s, const enum_ctx *e, unsigned task,
                        unsigned n_tasks, cs_search_screened *out,
                        size_t *n_out)
{
    cs_set batch[SCREEN_BATCH];
    size_t nb = 0, k = 0;

    for (size_t i = (size_t)task - 1; i < e->n; i += n_tasks) {
        batch[nb++] = e->out[i];
        if ((nb == SCREEN_BATCH || i + n_tasks >= e->n) &&
            obj_screen_batch(s, batch, nb) < 0)
            return -1;
        if (nb == SCREEN_BATCH)
            nb = 0;
    }
    for (size_t i = (size_t)task - 1; i < e->n; i += n_tasks, k++) {
        out[k].item = i;
        out[k].set = e->out[i];
        if (obj_screen_get(s, e->out[i], &out[k].val, &out[k].own) < 0)
            return -1;
    }
    *n_out = k;
    return 0;
}

int cs_search_count_items(const cs_model *m, size_t *n_items, cs_diag *diag)
{
    cs_units u;
    enum_ctx e = {0};
    char err[256];
    int rc = -1;

    *n_items = 0;
    if (cs_units_build(m, &u, err, sizeof err) < 0)
        return cs_diag_error(diag, m->search.pos, "%s", err);
    if (enumerate(&e, &u, &m->search) < 0)
        cs_diag_error(diag, m->search.pos, "out of memory");
    else if (e.over)
        cs_diag_error(diag, m->search.pos, "more than %u coalitions keep "
                      "the rules, too many to screen before the solver, "
                      "so the search cannot be split into tasks; run it "
                      "whole", SCREEN_PRECOMPUTE_MAX);
    else {
        *n_items = e.n;
        rc = 0;
    }
    free(e.out);
    cs_units_free(&u);
    return rc;
}

int cs_search_screen_task(const cs_model *m, cs_plugin *const *plugins,
                          const cs_search_opts *o, unsigned task,
                          unsigned n_tasks, cs_search_screened **out,
                          size_t *n_out, size_t *n_items, cs_diag *diag,
                          int *plugin_failed)
{
    cs_search_result r;
    cs_appraise_opts ao, so;
    cs_appraisal *ref = NULL;
    cs_model *copy = NULL;
    obj_screen s;
    enum_ctx e = {0};
    int rc = -1;

    *out = NULL;
    *n_out = *n_items = 0;
    *plugin_failed = 0;
    memset(&s, 0, sizeof s);
    if (task < 1 || task > n_tasks || setup(m, o, &r, &ao, diag) < 0)
        return -1;
    so = ao;
    so.draws = r.screen_draws;
    if (enumerate(&e, &r.units, &m->search) < 0) {
        cs_diag_error(diag, m->search.pos, "out of memory");
    } else if (e.over) {
        cs_diag_error(diag, m->search.pos, "more than %u coalitions keep "
                      "the rules, too many to screen before the solver, "
                      "so the search cannot be split into tasks; run it "
                      "whole", SCREEN_PRECOMPUTE_MAX);
    } else if ((ref = exact(m, plugins, NULL, 0, &ao, diag, plugin_failed,
                            &copy)) &&
               obj_screen_init(&s, m, plugins, &r.units, ref, &so,
                               diag) == 0 &&
               (*out = calloc(e.n / n_tasks + 1, sizeof **out))) {
        rc = screen_items(&s, &e, task, n_tasks, *out, n_out);
        *n_items = e.n;
        *plugin_failed |= s.plugin_failed;
    }
    if (ref)
        free_exact(ref, copy);
    if (s.keys)
        obj_screen_free(&s);
    free(e.out);
    cs_search_result_free(&r);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n_out = *n_items = 0;
    }
    return rc;
}

int cs_search_run(const cs_model *m, cs_plugin *const *plugins,
                  const cs_search_opts *o, cs_search_result *r,
                  cs_diag *diag, int *plugin_failed)
{
    cs_appraise_opts ao;

    *plugin_failed = 0;
    if (setup(m, o, r, &ao, diag) < 0)
        return -1;
    return run_steps(r, plugins, o, &ao, diag, plugin_failed);
}

void cs_search_result_free(cs_search_result *r)
{
    for (size_t i = 0; i < r->n_configs; i++) {
        free(r->configs[i].id);
        free(r->configs[i].parts);
        free(r->configs[i].value);
    }
    free(r->configs);
    for (size_t j = 0; r->crit_label && j < r->n_crit; j++)
        free(r->crit_label[j]);
    free(r->crit_label);
    free(r->crit_weight);
    free(r->blocks);
    free(r->own);
    for (size_t i = 0; i < r->n_pools; i++) {
        free(r->pools[i].v);
        free(r->pools[i].phi);
    }
    free(r->pools);
    cs_units_free(&r->units);
    memset(r, 0, sizeof *r);
}
