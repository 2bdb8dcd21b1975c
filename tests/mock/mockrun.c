/*
 * mockrun.c -- evaluating consortia and options in the mock host: views,
 * output buffers, the host's output checks and the declared aggregation.
 * See mockhost.h.
 */
#include "mockint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mock_cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void mock_view_clear(cs_consortium_view *v)
{
    free((char *)v->id);
    free((char *)v->key);
    free((int *)v->practices);
    memset(v, 0, sizeof *v);
}

/* Builds consortium `idx` from practice indices: sorted, checked, summed;
 * its key is the member codes joined by ','. */
static int mock_view_make(cs_mock *m, const int *pr, size_t n, size_t idx,
                          cs_consortium_view *v)
{
    memset(v, 0, sizeof *v);
    if (!m->loaded)
        return mock_fail(m, "load a plugin before evaluating consortia");
    if (!pr || n == 0)
        return mock_fail(m, "a consortium needs at least one practice");
    int *s = malloc(n * sizeof *s);
    if (!s)
        return mock_fail(m, "out of memory");
    memcpy(s, pr, n * sizeof *s);
    qsort(s, n, sizeof *s, mock_cmp_int);
    size_t klen = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0 || (size_t)s[i] >= m->n_prac || (i && s[i] == s[i - 1])) {
            int bad = s[i];
            free(s);
            return mock_fail(m, "consortium %zu: bad or repeated practice"
                                " index %d", idx, bad);
        }
        klen += strlen(m->prac[s[i]].code) + 1;
    }
    char *key = malloc(klen), *id = malloc(32);
    if (!key || !id) {
        free(s);
        free(key);
        free(id);
        return mock_fail(m, "out of memory");
    }
    key[0] = '\0';
    char *k = key;
    for (size_t i = 0; i < n; i++) {
        const cs_practice *p = &m->prac[s[i]];
        k += sprintf(k, "%s%s", i ? "," : "", p->code);
        v->registered += p->registered;
        v->weighted += p->weighted;
    }
    snprintf(id, 32, "c%zu", idx);
    v->id = id;
    v->name = id;
    v->key = key;
    v->practices = s;
    v->n_practices = n;
    return 0;
}

static void mock_values_free(cs_values *v)
{
    if (!v)
        return;
    if (v->values)
        for (size_t i = 0; i < v->n_metrics; i++)
            free(v->values[i]);
    free(v->values);
    free(v);
}

/* An output buffer for the plugin's metrics, every value NaN (unset). */
static cs_values *mock_values_new(cs_mock *m)
{
    cs_values *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->n_metrics = m->setup.n_metrics;
    v->n_draws = m->n_draws;
    if (!(v->values = calloc(v->n_metrics, sizeof *v->values))) {
        free(v);
        return NULL;
    }
    for (size_t i = 0; i < v->n_metrics; i++) {
        size_t n = m->setup.metrics[i].sampled ? m->n_draws : 1;
        if (!(v->values[i] = malloc(n * sizeof(double)))) {
            mock_values_free(v);
            return NULL;
        }
        for (size_t k = 0; k < n; k++)
            v->values[i][k] = NAN;
    }
    return v;
}

/* The host's check: every value set and finite. */
static int mock_values_check(cs_mock *m, const cs_values *v)
{
    for (size_t i = 0; i < v->n_metrics; i++) {
        size_t n = m->setup.metrics[i].sampled ? m->n_draws : 1;
        for (size_t k = 0; k < n; k++)
            if (!isfinite(v->values[i][k]))
                return mock_fail(m, "metric '%s' is not finite (draw %zu)",
                                 m->setup.metrics[i].name, k);
    }
    return 0;
}

static void mock_call_end(cs_call *call)
{
    for (size_t i = 0; i < call->n; i++)
        gsl_rng_free(call->rngs[i]);
    free(call->rngs);
}

/* Turns a callback's status into the mock's error. */
static int mock_status(cs_mock *m, int rc, const char *what)
{
    if (rc == 0)
        return 0;
    if (!m->err_set)
        mock_fail(m, "plugin '%s' failed in %s without saying why",
                  m->desc->name, what);
    return -1;
}

static int mock_eval(cs_mock *m, const cs_consortium_view *c, cs_values **out)
{
    cs_values *v = mock_values_new(m);
    if (!v)
        return mock_fail(m, "out of memory");
    cs_call call = {m, NULL, 0, 0};
    m->err_set = 0;
    int rc = m->desc->consortium(m->state, &m->host, &call, c, v);
    mock_call_end(&call);
    if (mock_status(m, rc, "consortium()") < 0 || mock_values_check(m, v) < 0) {
        mock_values_free(v);
        return -1;
    }
    *out = v;
    return 0;
}

void mock_run_clear(cs_mock *m)
{
    for (size_t i = 0; i < m->n_res; i++)
        mock_values_free(m->res[i]);
    free(m->res);
    free(m->res_const);
    mock_values_free(m->opt_res);
    m->res = NULL;
    m->res_const = NULL;
    m->opt_res = NULL;
    m->n_res = m->cap_res = 0;
}

int cs_mock_consortium(cs_mock *m, const int *practices, size_t n,
                       const cs_values **out)
{
    if (!m)
        return -1;
    mock_run_clear(m);
    cs_consortium_view c;
    if (mock_view_make(m, practices, n, 0, &c) < 0)
        return -1;
    if (!(m->res = calloc(1, sizeof *m->res))) {
        mock_view_clear(&c);
        return mock_fail(m, "out of memory");
    }
    m->cap_res = 1;
    int rc = mock_eval(m, &c, &m->res[0]);
    mock_view_clear(&c);
    if (rc < 0)
        return -1;
    m->n_res = 1;
    if (out)
        *out = m->res[0];
    return 0;
}

/* ---- options ---------------------------------------------------------- */

void mock_option_clear(cs_mock *m)
{
    for (size_t i = 0; i < m->n_oc; i++)
        mock_view_clear(&m->oc[i]);
    for (size_t i = 0; i < m->n_feds; i++) {
        free((char *)m->feds[i].id);
        free((int *)m->feds[i].members);
    }
    free(m->oc);
    free(m->feds);
    free(m->votes);
    m->oc = NULL;
    m->feds = NULL;
    m->votes = NULL;
    m->n_oc = m->cap_oc = m->n_feds = m->cap_feds = 0;
}

void cs_mock_option_begin(cs_mock *m)
{
    if (m)
        mock_option_clear(m);
}

int cs_mock_option_consortium(cs_mock *m, const int *practices, size_t n)
{
    if (!m)
        return -1;
    if (mock_grow(&m->oc, &m->cap_oc, m->n_oc + 1, sizeof *m->oc) < 0)
        return mock_fail(m, "out of memory");
    if (mock_view_make(m, practices, n, m->n_oc, &m->oc[m->n_oc]) < 0)
        return -1;
    return (int)m->n_oc++;
}

int cs_mock_option_federation(cs_mock *m, const int *members, size_t n,
                              double risk_pool_share, int pool_surpluses,
                              double shared_functions, int joint_contracting)
{
    if (!m)
        return -1;
    if (!members || n == 0 || !(risk_pool_share >= 0 && risk_pool_share <= 1)
        || !(shared_functions >= 0 && shared_functions <= 1))
        return mock_fail(m, "bad federation");
    for (size_t i = 0; i < n; i++)
        if (members[i] < 0 || (size_t)members[i] >= m->n_oc)
            return mock_fail(m, "federation member %d is not a consortium",
                             members[i]);
    if (mock_grow(&m->feds, &m->cap_feds, m->n_feds + 1, sizeof *m->feds) < 0)
        return mock_fail(m, "out of memory");
    cs_federation *f = &m->feds[m->n_feds];
    memset(f, 0, sizeof *f);
    char *id = malloc(32);
    int *mem = malloc(n * sizeof *mem);
    if (!id || !mem) {
        free(id);
        free(mem);
        return mock_fail(m, "out of memory");
    }
    snprintf(id, 32, "f%zu", m->n_feds);
    memcpy(mem, members, n * sizeof *mem);
    f->id = id;
    f->name = id;
    f->members = mem;
    f->n_members = n;
    f->risk_pool_share = risk_pool_share;
    f->pool_surpluses = pool_surpluses;
    f->shared_functions = shared_functions;
    f->joint_contracting = joint_contracting;
    return (int)m->n_feds++;
}

void cs_mock_option_vote(cs_mock *m, int practice, int vote)
{
    if (!m || practice < 0 || (size_t)practice >= m->n_prac)
        return;
    if (!m->votes) {
        if (!(m->votes = malloc(m->n_prac)))
            return;
        memset(m->votes, -1, m->n_prac);
    }
    m->votes[practice] = (signed char)(vote ? 1 : 0);
}

/* The host's aggregation of one metric over the option's consortia. */
static double mock_agg(const cs_mock *m, cs_aggregate how, size_t metric,
                       size_t k)
{
    double acc = 0, wsum = 0;
    for (size_t i = 0; i < m->n_res; i++) {
        double x = m->res[i]->values[metric][k], w = m->oc[i].registered;
        switch (how) {
        case CS_AGG_SUM: acc += x; break;
        case CS_AGG_MAX: acc = (i == 0 || x > acc) ? x : acc; break;
        case CS_AGG_MIN: acc = (i == 0 || x < acc) ? x : acc; break;
        default: acc += w * x; wsum += w; break;
        }
    }
    return (how == CS_AGG_MEAN || (unsigned)how > CS_AGG_MIN) ? acc / wsum
                                                              : acc;
}

/* Builds the option view; federation_of must have n_oc slots. */
static int mock_option_view(cs_mock *m, cs_option_view *o, int *fed_of)
{
    for (size_t i = 0; i < m->n_oc; i++)
        fed_of[i] = -1;
    for (size_t f = 0; f < m->n_feds; f++)
        for (size_t j = 0; j < m->feds[f].n_members; j++) {
            int c = m->feds[f].members[j];
            if (fed_of[c] >= 0)
                return mock_fail(m, "consortium %d is in two federations", c);
            fed_of[c] = (int)f;
        }
    memset(o, 0, sizeof *o);
    o->id = "option";
    o->name = "mock option";
    o->consortia = m->oc;
    o->n_consortia = m->n_oc;
    o->federations = m->feds;
    o->n_federations = m->n_feds;
    o->federation_of = fed_of;
    o->votes = m->votes;
    o->status_quo = m->status_quo;
    return 0;
}

void cs_mock_set_status_quo(cs_mock *m, const cs_option_view *sq)
{
    if (m)
        m->status_quo = sq;
}

/* The option step: the plugin's option() or the declared aggregation. */
static int mock_option_step(cs_mock *m, const cs_option_view *o)
{
    if (!(m->opt_res = mock_values_new(m)))
        return mock_fail(m, "out of memory");
    if (!m->desc->option) {
        for (size_t i = 0; i < m->setup.n_metrics; i++) {
            size_t n = m->setup.metrics[i].sampled ? m->n_draws : 1;
            for (size_t k = 0; k < n; k++)
                m->opt_res->values[i][k] =
                    mock_agg(m, m->setup.metrics[i].aggregate, i, k);
        }
        return mock_values_check(m, m->opt_res);
    }
    cs_call call = {m, NULL, 0, 0};
    m->err_set = 0;
    int rc = m->desc->option(m->state, &m->host, &call, o, m->res_const,
                             m->opt_res);
    mock_call_end(&call);
    if (mock_status(m, rc, "option()") < 0)
        return -1;
    return mock_values_check(m, m->opt_res);
}

int cs_mock_option_run(cs_mock *m, const cs_values *const **per_consortium,
                       const cs_values **option_out)
{
    if (!m)
        return -1;
    mock_run_clear(m);
    if (!m->loaded)
        return mock_fail(m, "load a plugin before running an option");
    if (m->n_oc == 0)
        return mock_fail(m, "the option has no consortia");
    m->res = calloc(m->n_oc, sizeof *m->res);
    m->res_const = calloc(m->n_oc, sizeof *m->res_const);
    int *fed_of = malloc(m->n_oc * sizeof *fed_of);
    int rc = -1;
    cs_option_view o;
    if (!m->res || !m->res_const || !fed_of) {
        mock_fail(m, "out of memory");
        goto done;
    }
    m->cap_res = m->n_oc;
    if (mock_option_view(m, &o, fed_of) < 0)
        goto done;
    for (size_t i = 0; i < m->n_oc; i++) {
        if (mock_eval(m, &m->oc[i], &m->res[i]) < 0)
            goto done;
        m->res_const[i] = m->res[i];
        m->n_res++;
    }
    if (mock_option_step(m, &o) < 0)
        goto done;
    if (per_consortium)
        *per_consortium = m->res_const;
    if (option_out)
        *option_out = m->opt_res;
    rc = 0;
done:
    free(fed_of);
    return rc;
}

double cs_mock_value(const cs_mock *m, const cs_values *v, const char *metric,
                     size_t draw)
{
    int i = cs_mock_metric_index(m, metric);
    if (i < 0 || !v || (size_t)i >= v->n_metrics)
        return NAN;
    if (!m->setup.metrics[i].sampled)
        return v->values[i][0];
    return draw < v->n_draws ? v->values[i][draw] : NAN;
}
