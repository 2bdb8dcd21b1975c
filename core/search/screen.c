/*
 * screen.c -- the screening value of a coalition (docs/search.md, "The
 * objective"), computed by appraising coalitions as one-consortium options
 * in memory and cached by unit set. The solver calls obj_screen_value from
 * any thread; evaluation is serialised by a lock, and a coalition's value
 * depends only on its membership (its random streams are keyed by it), so
 * the order of calls never changes a value.
 */
#include "objective.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int obj_screen_init(obj_screen *s, const cs_model *m,
                    cs_plugin *const *plugins, const cs_units *u,
                    const cs_appraisal *ref, const cs_appraise_opts *ao,
                    cs_diag *diag)
{
    const cs_decision *d = ref->decision;
    size_t n = d->n_crit;

    memset(s, 0, sizeof *s);
    s->m = m;
    s->plugins = plugins;
    s->u = u;
    s->rules = &m->search;
    s->ao = *ao;
    s->ao.keep_unique_draws = 1;   /* store() reads them */
    s->diag = diag;
    s->n_crit = n;
    s->w = calloc(n + 1, sizeof *s->w);
    s->vf = calloc(n + 1, sizeof *s->vf);
    s->is_sum = calloc(n + 1, sizeof *s->is_sum);
    s->crit = calloc(n + 1, sizeof *s->crit);
    s->cap = 1024;
    s->keys = calloc(s->cap, sizeof *s->keys);
    s->val = calloc(s->cap, sizeof *s->val);
    s->own = calloc(s->cap, sizeof *s->own);
    if (!s->w || !s->vf || !s->is_sum || !s->crit || !s->keys || !s->val ||
        !s->own) {
        obj_screen_free(s);
        return -1;
    }
    for (size_t j = 0; j < n; j++) {
        const cs_crit_run *run = &ref->crits[d->crit[j]];
        s->crit[j] = d->crit[j];
        s->w[j] = d->weights[j];
        s->vf[j] = run->vf;
        s->is_sum[j] = run->metrics[0].aggregate == CS_AGG_SUM;
    }
    pthread_mutex_init(&s->lock, NULL);
    return 0;
}

void obj_screen_free(obj_screen *s)
{
    if (s->keys)
        pthread_mutex_destroy(&s->lock);
    free(s->w);
    free(s->vf);
    free(s->is_sum);
    free(s->crit);
    free(s->keys);
    free(s->val);
    free(s->own);
    memset(s, 0, sizeof *s);
}

/* Slot of set in the cache (0 is never a coalition: it marks empty). */
static size_t slot(const obj_screen *s, cs_set set)
{
    uint64_t h = set * 0x9e3779b97f4a7c15ull;
    size_t i = (size_t)(h >> 20) & (s->cap - 1);
    while (s->keys[i] && s->keys[i] != set)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int grow(obj_screen *s)
{
    obj_screen old = *s;
    s->cap *= 2;
    s->keys = calloc(s->cap, sizeof *s->keys);
    s->val = calloc(s->cap, sizeof *s->val);
    s->own = calloc(s->cap, sizeof *s->own);
    if (!s->keys || !s->val || !s->own)
        return -1;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            size_t k = slot(s, old.keys[i]);
            s->keys[k] = old.keys[i];
            s->val[k] = old.val[i];
            s->own[k] = old.own[i];
        }
    free(old.keys);
    free(old.val);
    free(old.own);
    return 0;
}

static int cached(const obj_screen *s, cs_set set)
{
    return s->keys[slot(s, set)] == set;
}

static int put(obj_screen *s, cs_set set, double val, double own)
{
    size_t k;

    if (2 * (s->n + 1) > s->cap && grow(s) < 0)
        return -1;
    k = slot(s, set);
    if (s->keys[k] != set)
        s->n++;
    s->keys[k] = set;
    s->val[k] = val;
    s->own[k] = own;
    return 0;
}

int obj_screen_put(obj_screen *s, cs_set set, double val, double own)
{
    int rc;

    pthread_mutex_lock(&s->lock);
    if ((rc = put(s, set, val, own)) == 0)
        s->n_eval++;
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* Stores the values of option o (one consortium) of appraisal a. */
static int store(obj_screen *s, const cs_appraisal *a, size_t o, cs_set set)
{
    double share = 0, own = 0, val = 0;

    for (unsigned i = 0; i < s->u->n; i++)
        if (set >> i & 1)
            share += s->u->registered[i];
    share /= s->u->total;
    for (size_t j = 0; j < s->n_crit; j++) {
        const cs_values *v = &a->crits[s->crit[j]].unique[a->unique_of[o][0]];
        double e = 0;
        for (size_t d = 0; d < v->n_draws; d++)
            e += cs_value_fn_eval(&s->vf[j], v->values[0][d]);
        e /= (double)v->n_draws;
        own += 100 * s->w[j] * e;
        val += 100 * s->w[j] * (s->is_sum[j]
            ? e - cs_value_fn_eval(&s->vf[j], 0) * (1 - share)
            : share * e);
    }
    return put(s, set, val, own);
}

/* Appraises the sets (uncached, distinct) as one-consortium options. A
 * failed allocation is said in s->diag; a failed appraisal has said why. */
static int evaluate(obj_screen *s, const cs_set *sets, size_t n)
{
    cs_option *opts = calloc(n + 1, sizeof *opts);
    cs_model *mm = NULL;
    cs_appraisal *a = NULL;
    int rc = -1, pf = 0, oom = !opts;
    char id[32];

    for (size_t i = 0; !oom && i < n; i++) {
        snprintf(id, sizeof id, "screen-%zu", i + 1);
        oom = obj_option_init(&opts[i], s->m, s->u, &sets[i], 1, id, id) < 0;
    }
    if (!oom && !(mm = obj_model_with(s->m, opts, n, -1)))
        oom = 1;
    if (!oom) {
        if ((a = cs_appraise(mm, s->plugins, &s->ao, s->diag, &pf))) {
            rc = 0;
            for (size_t i = 0; i < n && !rc; i++)
                rc = store(s, a, i, sets[i]);
            oom = rc < 0;
        }
        s->n_eval += n;
        s->plugin_failed |= pf;
    }
    cs_appraisal_free(a);
    free(mm);
    for (size_t i = 0; opts && i < n; i++)
        obj_option_free(&opts[i]);
    free(opts);
    if (oom)
        cs_diag_error(s->diag, s->m->search.pos, "out of memory");
    if (rc < 0)
        s->failed = 1;
    return rc;
}

int obj_screen_batch(obj_screen *s, const cs_set *sets, size_t n)
{
    cs_set *todo = malloc((n + 1) * sizeof *todo);
    size_t k = 0;
    int rc;

    pthread_mutex_lock(&s->lock);
    if (!todo) {
        if (!s->failed)
            cs_diag_error(s->diag, s->m->search.pos, "out of memory");
        s->failed = 1;
        pthread_mutex_unlock(&s->lock);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int dup = cached(s, sets[i]);
        for (size_t j = 0; j < k && !dup; j++)
            dup = todo[j] == sets[i];
        if (!dup)
            todo[k++] = sets[i];
    }
    rc = s->failed ? -1 : k ? evaluate(s, todo, k) : 0;
    pthread_mutex_unlock(&s->lock);
    free(todo);
    return rc;
}

int obj_screen_get(obj_screen *s, cs_set set, double *val, double *own)
{
    size_t k;
    int rc = 0;

    pthread_mutex_lock(&s->lock);
    if (!cached(s, set))
        rc = s->failed ? -1 : evaluate(s, &set, 1);
    if (rc == 0) {
        k = slot(s, set);
        *val = s->val[k];
        if (own)
            *own = s->own[k];
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

double obj_screen_value(void *ctx, cs_set set)
{
    obj_screen *s = ctx;
    double v;

    if (!set || !cs_units_allowed(s->u, s->rules, set))
        return -INFINITY;
    if (obj_screen_get(s, set, &v, NULL) < 0)
        return -INFINITY;
    return v;
}
