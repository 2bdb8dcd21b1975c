/*
 * mockhost.c -- the scenario, the parameters and the host function table
 * of the mock host; evaluation runs are in mockrun.c. See mockhost.h.
 */
#include <gsl/gsl_errno.h>
#include "mockint.h"
#include "view.h"

#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

/* Makes room for `need` elements of size `elt` in *p (capacity *cap). */
int mock_grow(void *pp, size_t *cap, size_t need, size_t elt)
{
    void **p = pp;
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elt);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Records the last error in m->err; returns -1. */
int mock_fail(cs_mock *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err, sizeof m->err, fmt, ap);
    va_end(ap);
    return -1;
}

static char *mock_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- lifetime --------------------------------------------------------- */

cs_mock *cs_mock_new(size_t n_draws, uint64_t seed)
{
    /* as the program does: a GSL error is a return code, never an abort */
    gsl_set_error_handler_off();
    if (n_draws == 0)
        return NULL;
    cs_mock *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_draws = n_draws;
    m->seed = seed;
    m->thresholds[0] = 0.01;
    m->thresholds[1] = 0.02;
    m->thresholds[2] = 0.05;
    m->n_thresholds = 3;
    m->ctx.m = m;
    mock_host_fill(m);
    return m;
}

void cs_mock_free(cs_mock *m)
{
    if (!m)
        return;
    if (m->loaded && m->desc->fini)
        m->desc->fini(m->state);
    mock_run_clear(m);
    mock_option_clear(m);
    for (size_t i = 0; i < m->n_orgs; i++)
        free((char *)m->orgs[i].id);
    for (size_t i = 0; i < m->n_locs; i++)
        free((char *)m->locs[i].id);
    for (size_t i = 0; i < m->n_prac; i++) {
        free((char *)m->prac[i].code);
        free(m->shares[i].v);
    }
    for (size_t i = 0; i < m->n_params; i++) {
        free(m->params[i].name);
        free(m->params[i].choice);
        free(m->params[i].draws);
    }
    if (m->decl_draws)
        for (size_t i = 0; i < m->desc->n_params; i++)
            free(m->decl_draws[i]);
    free(m->decl_draws);
    free(m->params);
    free(m->orgs);
    free(m->need);
    free(m->outside);
    free(m->oshare);
    free(m->locs);
    free(m->prac);
    free(m->shares);
    if (m->dl)
        dlclose(m->dl);
    free(m);
}

/* ---- the scenario ----------------------------------------------------- */

static int mock_check_open(cs_mock *m)
{
    if (m->loaded)
        return mock_fail(m, "the scenario is fixed once the plugin is loaded;"
                            " add items before cs_mock_load");
    return 0;
}

int cs_mock_add_org(cs_mock *m, const char *id, cs_org_kind kind)
{
    if (mock_check_open(m) < 0 || !id)
        return -1;
    if (mock_grow(&m->orgs, &m->cap_orgs, m->n_orgs + 1, sizeof *m->orgs) < 0)
        return mock_fail(m, "out of memory");
    if (mock_grow(&m->outside, &m->cap_outside, m->n_orgs + 1,
                  sizeof *m->outside) < 0)
        return mock_fail(m, "out of memory");
    m->outside[m->n_orgs] = NAN;
    if (mock_grow(&m->oshare, &m->cap_oshare, m->n_orgs + 1,
                  sizeof *m->oshare) < 0)
        return mock_fail(m, "out of memory");
    m->oshare[m->n_orgs] = NAN;
    cs_org *o = &m->orgs[m->n_orgs];
    if (!(o->id = mock_strdup(id)))
        return mock_fail(m, "out of memory");
    o->name = o->id;
    o->kind = kind;
    return (int)m->n_orgs++;
}

int cs_mock_add_locality(cs_mock *m, const char *id, int local_authority,
                         int pct)
{
    if (mock_check_open(m) < 0 || !id)
        return -1;
    if (mock_grow(&m->locs, &m->cap_locs, m->n_locs + 1, sizeof *m->locs) < 0)
        return mock_fail(m, "out of memory");
    cs_locality *l = &m->locs[m->n_locs];
    memset(l, 0, sizeof *l);
    if (!(l->id = mock_strdup(id)))
        return mock_fail(m, "out of memory");
    l->name = l->id;
    l->local_authority = local_authority;
    l->pct = pct;
    return (int)m->n_locs++;
}

int cs_mock_add_practice(cs_mock *m, const char *code, int locality,
                         double registered, double weighted)
{
    if (mock_check_open(m) < 0 || !code)
        return -1;
    if (!(registered > 0) || !(weighted > 0))
        return mock_fail(m, "practice '%s' needs positive list sizes", code);
    if (mock_grow(&m->prac, &m->cap_prac, m->n_prac + 1, sizeof *m->prac) < 0
        || mock_grow(&m->shares, &m->cap_shares, m->n_prac + 1,
                     sizeof *m->shares) < 0)
        return mock_fail(m, "out of memory");
    if (mock_grow(&m->need, &m->cap_need, m->n_prac + 1, sizeof *m->need) < 0)
        return mock_fail(m, "out of memory");
    m->need[m->n_prac] = NAN;
    cs_practice *p = &m->prac[m->n_prac];
    memset(p, 0, sizeof *p);
    memset(&m->shares[m->n_prac], 0, sizeof *m->shares);
    if (!(p->code = mock_strdup(code)))
        return mock_fail(m, "out of memory");
    p->name = p->code;
    p->locality = locality;
    p->registered = registered;
    p->weighted = weighted;
    p->imd = NAN;
    p->gp_fte = NAN;
    p->historic_spend = NAN;
    return (int)m->n_prac++;
}

int cs_mock_set_need(cs_mock *m, int practice, double need)
{
    if (mock_check_open(m) < 0)
        return -1;
    if (practice < 0 || (size_t)practice >= m->n_prac)
        return mock_fail(m, "no practice %d", practice);
    m->need[practice] = need;
    m->has_need = 1;
    return 0;
}

int cs_mock_set_outside_income(cs_mock *m, int org, double gbp)
{
    if (mock_check_open(m) < 0)
        return -1;
    if (org < 0 || (size_t)org >= m->n_orgs)
        return mock_fail(m, "no organisation %d", org);
    m->outside[org] = gbp;
    m->has_outside = 1;
    return 0;
}

int cs_mock_set_outside_share(cs_mock *m, int org, double share)
{
    if (mock_check_open(m) < 0)
        return -1;
    if (org < 0 || (size_t)org >= m->n_orgs)
        return mock_fail(m, "no organisation %d", org);
    m->oshare[org] = share;
    m->has_oshare = 1;
    return 0;
}

cs_practice *cs_mock_practice(cs_mock *m, int index)
{
    if (!m || index < 0 || (size_t)index >= m->n_prac)
        return NULL;
    return &m->prac[index];
}

int cs_mock_add_share(cs_mock *m, int practice, int org, double share)
{
    if (mock_check_open(m) < 0)
        return -1;
    if (practice < 0 || (size_t)practice >= m->n_prac || org < 0
        || (size_t)org >= m->n_orgs || !(share >= 0 && share <= 1))
        return mock_fail(m, "bad provider share (practice %d, org %d, %g)",
                         practice, org, share);
    mock_shares *s = &m->shares[practice];
    if (mock_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0)
        return mock_fail(m, "out of memory");
    s->v[s->n].org = org;
    s->v[s->n].share = share;
    return (int)s->n++;
}

void cs_mock_set_thresholds(cs_mock *m, const double *fractions, size_t n)
{
    if (!m || m->loaded)
        return;
    if (n > sizeof m->thresholds / sizeof m->thresholds[0])
        n = sizeof m->thresholds / sizeof m->thresholds[0];
    for (size_t i = 0; i < n; i++)
        m->thresholds[i] = fractions[i];
    m->n_thresholds = n;
}

/* Fills the scenario view from the arrays (pointers are final once the
 * plugin is loaded), with the program's own builder (core/model/view.c). */
static void mock_view_fill(cs_mock *m)
{
    for (size_t i = 0; i < m->n_prac; i++) {
        m->prac[i].providers = m->shares[i].v;
        m->prac[i].n_providers = m->shares[i].n;
    }
    cs_view_build(&m->view, &(cs_view_parts){
        .id = "mock", .name = "mock scenario",
        .orgs = m->orgs, .n_orgs = m->n_orgs,
        .localities = m->locs, .n_localities = m->n_locs,
        .practices = m->prac, .n_practices = m->n_prac,
        .n_draws = m->n_draws,
        .thresholds = m->thresholds, .n_thresholds = m->n_thresholds,
        .practice_need = m->has_need ? m->need : NULL,
        .org_outside_income = m->has_outside ? m->outside : NULL,
        .org_outside_share = m->has_oshare ? m->oshare : NULL});
}

/* Checks what the host would refuse in a descriptor. */
static int mock_check_desc(cs_mock *m, const cs_plugin_descriptor *d)
{
    if (!d)
        return mock_fail(m, "no plugin descriptor");
    if (d->size < offsetof(cs_plugin_descriptor, fini) + sizeof d->fini)
        return mock_fail(m, "plugin descriptor is too short (%u bytes)",
                         (unsigned)d->size);
    if ((d->abi_version >> 16) != CS_ABI_MAJOR
        || (d->abi_version & 0xffff) > CS_ABI_MINOR)
        return mock_fail(m, "plugin ABI %u.%u; the host has %d.%d",
                         (unsigned)(d->abi_version >> 16),
                         (unsigned)(d->abi_version & 0xffff), CS_ABI_MAJOR,
                         CS_ABI_MINOR);
    if (!d->name || !d->init || !d->consortium)
        return mock_fail(m, "plugin descriptor lacks a name, init or"
                            " consortium callback");
    return 0;
}

/* Checks the metrics init left in the setup. */
static int mock_check_metrics(cs_mock *m)
{
    const cs_metric_decl *mt = m->setup.metrics;
    size_t n = m->setup.n_metrics;
    if (!mt || n == 0)
        return mock_fail(m, "plugin '%s' declares no metrics", m->desc->name);
    if (!mt[0].sampled || mt[0].direction == CS_NEUTRAL)
        return mock_fail(m, "plugin '%s': headline metric '%s' must be"
                            " sampled and scored", m->desc->name, mt[0].name);
    for (size_t i = 0; i < n; i++) {
        if (!mt[i].name)
            return mock_fail(m, "plugin '%s': metric %zu has no name",
                             m->desc->name, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(mt[i].name, mt[j].name) == 0)
                return mock_fail(m, "plugin '%s': metric '%s' twice",
                                 m->desc->name, mt[i].name);
    }
    return 0;
}

int cs_mock_load(cs_mock *m, const cs_plugin_descriptor *d)
{
    if (!m)
        return -1;
    if (m->loaded || m->desc)
        return mock_fail(m, "a plugin is already loaded");
    if (mock_check_desc(m, d) < 0)
        return -1;
    m->desc = d;
    for (size_t i = 0; i < m->n_params; i++)
        if (mock_check_param(m, &m->params[i]) < 0)
            return -1;
    if (mock_decl_draws(m) < 0)
        return -1;
    mock_view_fill(m);
    m->setup.size = sizeof m->setup;
    m->setup.metrics = d->metrics;
    m->setup.n_metrics = d->n_metrics;
    m->last_log[0] = '\0';
    m->state = NULL;
    if (d->init(&m->host, &m->ctx, &m->state, &m->setup) != 0)
        return mock_fail(m, "plugin '%s' failed to start: %s", d->name,
                         m->last_log[0] ? m->last_log : "no reason logged");
    m->loaded = 1;
    return mock_check_metrics(m);
}

int cs_mock_load_file(cs_mock *m, const char *path)
{
    if (!m || !path)
        return -1;
    if (m->dl)
        return mock_fail(m, "a plugin is already loaded");
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl)
        return mock_fail(m, "cannot open plugin '%s': %s", path, dlerror());
    m->dl = dl;
    void *sym = dlsym(dl, CS_PLUGIN_ENTRY_NAME);
    if (!sym)
        return mock_fail(m, "plugin '%s' has no symbol '%s'", path,
                         CS_PLUGIN_ENTRY_NAME);
    cs_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    return cs_mock_load(m, entry());
}

const cs_metric_decl *cs_mock_metrics(const cs_mock *m, size_t *n)
{
    if (!m || !m->loaded) {
        if (n)
            *n = 0;
        return NULL;
    }
    if (n)
        *n = m->setup.n_metrics;
    return m->setup.metrics;
}

int cs_mock_metric_index(const cs_mock *m, const char *name)
{
    if (!m || !m->loaded || !name)
        return -1;
    for (size_t i = 0; i < m->setup.n_metrics; i++)
        if (strcmp(m->setup.metrics[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *cs_mock_error(const cs_mock *m)
{
    return m ? m->err : "no mock";
}

/* ---- the host function table ------------------------------------------ */

static void mock_log(const cs_ctx *ctx, cs_log_level level, const char *fmt,
                     ...) CS_PRINTF(3, 4);
static void mock_log(const cs_ctx *ctx, cs_log_level level, const char *fmt,
                     ...)
{
    va_list ap;
    if (level == CS_LOG_ERROR && ctx) {
        va_start(ap, fmt);
        vsnprintf(ctx->m->last_log, sizeof ctx->m->last_log, fmt, ap);
        va_end(ap);
    }
    if (!getenv("CS_MOCK_VERBOSE"))
        return;
    static const char *const names[] = {"error", "warning", "info", "debug"};
    fprintf(stderr, "mock: %s: ",
            (unsigned)level < 4 ? names[level] : "log");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int mock_error(cs_call *call, const char *fmt, ...) CS_PRINTF(2, 3);
static int mock_error(cs_call *call, const char *fmt, ...)
{
    if (!call)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->m->err, sizeof call->m->err, fmt, ap);
    va_end(ap);
    call->m->err_set = 1;
    return -1;
}

static const cs_param_decl *mock_decl_typed(const cs_ctx *ctx,
                                            const char *name, int want,
                                            size_t *index)
{
    const cs_mock *m = ctx->m;
    const cs_param_decl *d = name ? mock_decl(m, name, index) : NULL;
    int ok = d && (want == CS_PARAM_NUMBER
                       ? (d->type == CS_PARAM_NUMBER
                          || d->type == CS_PARAM_INTEGER
                          || d->type == CS_PARAM_BOOLEAN)
                       : (int)d->type == want);
    if (!ok)
        mock_log(ctx, CS_LOG_ERROR, "plugin '%s' asked for parameter '%s'"
                 " which it does not declare with that type",
                 m->desc->name, name ? name : "(null)");
    return ok ? d : NULL;
}

static double mock_param_number(const cs_ctx *ctx, const char *name)
{
    const cs_param_decl *d = mock_decl_typed(ctx, name, CS_PARAM_NUMBER, NULL);
    if (!d)
        return NAN;
    const mock_param *p = mock_param_find(ctx->m, name);
    return p ? p->number : d->def;
}

static const char *mock_param_choice(const cs_ctx *ctx, const char *name)
{
    const cs_param_decl *d = mock_decl_typed(ctx, name, CS_PARAM_CHOICE, NULL);
    if (!d)
        return NULL;
    const mock_param *p = mock_param_find(ctx->m, name);
    return p ? p->choice : d->def_choice;
}

static const double *mock_param_draws(const cs_ctx *ctx, const char *name)
{
    size_t i;
    if (!mock_decl_typed(ctx, name, CS_PARAM_UNCERTAIN, &i))
        return NULL;
    return ctx->m->decl_draws[i];
}

static const cs_scenario_view *mock_scenario(const cs_ctx *ctx)
{
    return &ctx->m->view;
}

/* FNV-1a, 64 bits, continuing from h. */
static uint64_t mock_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A generator seeded from the mock's seed, the plugin and the key; of the
 * type the host's keyed streams have (taus2: core/host/params.h). */
static gsl_rng *mock_keyed(const cs_mock *m, const char *key)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return NULL;
    unsigned char seed[8];
    for (int i = 0; i < 8; i++)
        seed[i] = (unsigned char)(m->seed >> (8 * i));
    uint64_t h = mock_hash(14695981039346656037ULL, seed, sizeof seed);
    h = mock_hash(h, m->desc->name, strlen(m->desc->name) + 1);
    h = mock_hash(h, key ? key : "", key ? strlen(key) : 0);
    gsl_rng_set(r, (unsigned long)((h ^ (h >> 32)) & 0xffffffffUL));
    return r;
}

static gsl_rng *mock_rng(cs_call *call, const char *key)
{
    if (!call)
        return NULL;
    if (mock_grow(&call->rngs, &call->cap, call->n + 1, sizeof *call->rngs) < 0)
        return NULL;
    gsl_rng *r = mock_keyed(call->m, key);
    if (r)
        call->rngs[call->n++] = r;
    return r;
}

static gsl_rng *mock_stream(const cs_ctx *ctx, const char *key)
{
    return ctx ? mock_keyed(ctx->m, key) : NULL;
}

void cs_mock_set_streams(cs_mock *m, int on)
{
    m->host.stream = on ? mock_stream : NULL;
}

static void *mock_shared(const cs_ctx *ctx, size_t *len)
{
    void *p = ctx ? ctx->m->shared : NULL;
    if (len)
        *len = p ? ctx->m->shared_len : 0;
    return p;
}

void cs_mock_set_shared(cs_mock *m, void *p, size_t len)
{
    m->shared = p;
    m->shared_len = p ? len : 0;
}

void mock_host_fill(cs_mock *m)
{
    m->host.size = sizeof m->host;
    m->host.abi_version = CS_ABI_VERSION;
    m->host.log = mock_log;
    m->host.error = mock_error;
    m->host.param_number = mock_param_number;
    m->host.param_choice = mock_param_choice;
    m->host.param_draws = mock_param_draws;
    m->host.scenario = mock_scenario;
    m->host.rng = mock_rng;
    m->host.stream = mock_stream;
    m->host.shared = mock_shared;
}
