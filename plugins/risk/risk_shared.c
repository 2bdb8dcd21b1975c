/*
 * risk_shared.c -- keyed streams drawn once per criterion and run (or, on
 * an older host, once per process) instead of once per consortium that
 * touches them.
 *
 * A keyed stream is the same sequence in every consortium (common random
 * numbers), so its draws can be kept once drawn. The series kept are
 *
 *  - per year, each provider-like stream's shocks combined, per unit of
 *    expected spend: sd_p z_provider + em_share em_rate (em_mean + em_sd
 *    z_emergency) + qipp (planned - D_qipp), which a consortium weights
 *    by its expected spend on that provider (or on an area's unlisted
 *    providers, "others-in:<area>");
 *  - per year, each area's shock (sd_area z) and the national one;
 *  - each area's common allocation error (sd_alloc sqrt(share) z);
 *  - per locality, the sum of its practices' own allocation errors: a sum
 *    of independent normals N(0, own^2 x_i^2) is one normal of SD
 *    own sqrt(sum x_i^2), drawn as such from "allocation-locality:<id>"
 *    (one normal per locality and draw rather than one per practice).
 *    A consortium that holds only part of a locality gets its practices'
 *    shares of that total from risk_locality_split (below), drawn in the
 *    call from the call's own stream (not kept) on top of the kept total.
 *
 * A series is drawn on its first use in consortium(), through the host's
 * stream service (cs_host.stream, ABI 1.1: the stream `rng` hands out for
 * the key), and kept read-only until fini() -- so init() of a process that
 * makes no call (the host's probe) draws nothing. Where it is kept:
 *
 *  - in the run's shared memory (cs_host.shared, ABI 1.2), which every
 *    worker process of the run sees: a table of one slot per series
 *    (state EMPTY / DRAWING / READY / UNKEPT and the series' offset), then
 *    the series, bump-allocated by an atomic counter. The first process
 *    to need a series claims it (compare-and-swap EMPTY -> DRAWING),
 *    draws it in place and publishes it (READY, release). A process that
 *    finds it DRAWING does not wait: it draws its own copy into the
 *    call's scratch, so a worker lost mid-draw (its slot DRAWING for good)
 *    stalls nobody. Past the budget a slot becomes UNKEPT and every call
 *    draws that series itself.
 *  - without that service, in a per-process arena under a lock, as
 *    before: each worker draws and keeps its own copy.
 *
 * Past RISK_SHARED_MAX_BYTES, without the stream service (an older host),
 * or for a call whose draws are not the scenario's n_draws, a series is
 * drawn into the call's scratch from the call's own streams instead. All
 * ways give the same numbers by the same arithmetic: a figure never
 * depends on what was kept or by whom, hence not on the order of the
 * calls, the thread count or the shards.
 *
 * Memory: at most RISK_SHARED_MAX_BYTES per run (shared) or per process;
 * on the national scenario at 10,000 draws about (253 + 2 x 212) x 5 years
 * + 212 + 211 series of 80 KB (about 300 MB if all were kept; the budget
 * keeps most).
 */
#include "risk.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <threads.h>
#include <unistd.h>

/* The most the kept series may take per run (in the run's shared memory)
 * or, without it, per process; past it a series is drawn in each call that
 * needs it (ASSUMPTION: 256 MB, the memory target for a whole
 * run). */
#ifndef RISK_SHARED_MAX_BYTES
#define RISK_SHARED_MAX_BYTES (256.0 * 1024 * 1024)
#endif
/* Where the series start in the shared memory: a huge page's boundary. */
#define RISK_SHM_ALIGN ((size_t)2 << 20)

/* A kept series' state in the run's shared memory (cs_host.shared). */
enum { RISK_EMPTY, RISK_DRAWING, RISK_READY, RISK_UNKEPT };

/* The shared memory's layout: the bytes of series taken so far, one slot
 * per series, then the series (from `data`, 2 MB aligned for huge pages).
 * A series' state goes EMPTY -> DRAWING (claimed by one process) ->
 * READY (its offset set, its draws written) or UNKEPT (past the budget). */
typedef struct {
    _Atomic uint32_t state;
    uint32_t pad;
    uint64_t off;            /* set before the state becomes READY */
} risk_slot;

typedef struct {
    _Atomic uint64_t used;
    uint64_t pad;
    risk_slot slot[];
} risk_shm;

struct risk_cache {
    risk_shm *shm;           /* the run's shared series, or NULL */
    char *shm_data;
    size_t shm_cap;
    mtx_t lock;
    size_t n;                /* draws of a kept series: the scenario's */
    char *arena;             /* the kept series, bump-allocated */
    size_t arena_cap, arena_used;
    int arena_tried;
    size_t n_series;         /* RISK_S_* series, then one per locality */
    double **series;
    /* practices with a non-zero exposed budget, by locality (CSR), in
       the scenario's order; per entry its exposed budget x and the sum of
       x^2 from it to the end of its locality (the variance, over own^2,
       of what is left to share out there) */
    size_t *loc_start, *loc_prac;
    double *loc_x, *loc_v;
};

void risk_key(char *buf, size_t n, int year, const char *fmt, ...)
{
    int k = year > 0 ? snprintf(buf, n, "y%d|", year + 1) : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + k, n - (size_t)k, fmt, ap);
    va_end(ap);
}

const char *risk_area_id(const cs_scenario_view *sc, size_t slot, char *buf,
                         size_t n)
{
    if (slot < sc->n_orgs)
        snprintf(buf, n, "%s", sc->orgs[slot].id);
    else if (slot < sc->n_orgs + sc->n_localities)
        snprintf(buf, n, "locality:%s", sc->localities[slot - sc->n_orgs].id);
    else
        snprintf(buf, n, "nowhere");
    return buf;
}

/* Series per year: providers, others-in per area slot, area per slot,
 * national. Then the allocation areas, then the localities. */
static size_t risk_per_year(const risk_state *s)
{
    size_t n_slots = s->sc->n_orgs + s->sc->n_localities + 1;
    return s->sc->n_orgs + 2 * n_slots + 1;
}

size_t risk_series_index(const risk_state *s, int kind, int year, size_t i)
{
    size_t n_orgs = s->sc->n_orgs;
    size_t n_slots = n_orgs + s->sc->n_localities + 1;
    size_t base = (size_t)year * risk_per_year(s);
    switch (kind) {
    case RISK_S_PROVIDER: return base + i;
    case RISK_S_OTHERS: return base + n_orgs + i;
    case RISK_S_AREA: return base + n_orgs + n_slots + i;
    case RISK_S_NATIONAL: return base + n_orgs + 2 * n_slots;
    case RISK_S_ALLOC_AREA:
        return (size_t)s->years * risk_per_year(s) + i;
    default:   /* RISK_S_LOCALITY */
        return (size_t)s->years * risk_per_year(s) + n_slots + i;
    }
}

int risk_provider_on(const risk_state *s)
{
    return s->sd_provider != 0
           || (s->em_share * s->em_rate != 0
               && !(s->em_sd == 0 && s->em_mean == 0))
           || s->qipp != 0;
}

/* The stream for key: the host's init() service (kept == 1: the caller
 * frees it) or the call's own (kept == 0: the host's). */
static gsl_rng *risk_get(const risk_state *s, const cs_host *h, cs_call *call,
                         int kept, const char *key)
{
    gsl_rng *r = kept ? h->stream(s->ctx, key) : h->rng(call, key);
    if (!r && !kept)
        h->error(call, "risk: no random stream for '%s'", key);
    return r;
}

/* Adds a (mean + sd z) from stream key to out; z standard normal. */
static int risk_fill_normal(const risk_state *s, const cs_host *h,
                            cs_call *call, int kept, const char *key,
                            double a, double mean, double sd, double *out,
                            size_t n)
{
    gsl_rng *r = risk_get(s, h, call, kept, key);
    if (!r)
        return -1;
    for (size_t k = 0; k < n; k++)
        out[k] += a * (mean + sd * gsl_ran_gaussian_ziggurat(r, 1.0));
    if (kept)
        gsl_rng_free(r);
    return 0;
}

/* A provider-like stream's shocks per unit of expected spend (the
 * combined series of the header), `id` the provider's or
 * "others-in:<area>". */
static int risk_fill_provider(const risk_state *s, const cs_host *h,
                              cs_call *call, int kept, int year,
                              const char *id, double *out, size_t n)
{
    char key[256];
    if (s->sd_provider != 0) {
        risk_key(key, sizeof key, year, "provider:%s", id);
        if (risk_fill_normal(s, h, call, kept, key, 1, 0, s->sd_provider, out,
                             n) < 0)
            return -1;
    }
    double em = s->em_share * s->em_rate;
    if (em != 0 && !(s->em_sd == 0 && s->em_mean == 0)) {
        risk_key(key, sizeof key, year, "emergency:%s", id);
        if (risk_fill_normal(s, h, call, kept, key, em, s->em_mean, s->em_sd,
                             out, n) < 0)
            return -1;
    }
    if (s->qipp == 0)
        return 0;
    risk_key(key, sizeof key, year, "qipp:%s", id);
    gsl_rng *r = risk_get(s, h, call, kept, key);
    if (!r)
        return -1;
    double mean_d = s->qipp_a / (s->qipp_a + s->qipp_b);
    double planned = mean_d + s->qipp_optimism * (1 - mean_d);
    for (size_t k = 0; k < n; k++)
        out[k] += s->qipp * (planned - gsl_ran_beta(r, s->qipp_a, s->qipp_b));
    if (kept)
        gsl_rng_free(r);
    return 0;
}

/* The SD of a practice's own allocation error per unit of exposed budget:
 * the share allocation_error_area_share of the variance is the area's
 * common part, the rest the practice's own. */
static double risk_own_sd(const risk_state *s)
{
    return s->alloc_sd * sqrt(1 - s->alloc_area);
}

/* Maps in, in one call, the fresh pages a series is about to be drawn
 * into: faulting them one 4 KB page at a time was a fifth of the risk
 * criterion's CPU on the national scenario (each fault a trap, costly on
 * a virtual machine; shared memory gets no huge pages where the kernel's
 * shmem_enabled is "never"). Advice only: before Linux 5.14, or when it
 * fails, the pages fault in as before. */
static void risk_populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    if (!page || len == 0)
        return;
    uintptr_t lo = (uintptr_t)p & ~(page - 1);
    uintptr_t hi = (uintptr_t)p + len;
    madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)len;
#endif
}

/* Draws series `idx` into out (zeroed here). */
static int risk_fill(const risk_state *s, const cs_host *h, cs_call *call,
                     int kept, size_t idx, double *out, size_t n)
{
    const cs_scenario_view *sc = s->sc;
    size_t n_orgs = sc->n_orgs, n_slots = n_orgs + sc->n_localities + 1;
    size_t per = risk_per_year(s), yall = (size_t)s->years * per;
    char key[256], id[200], other[256];
    memset(out, 0, n * sizeof *out);
    if (idx >= yall + n_slots) {      /* a locality's own allocation errors */
        size_t l = idx - yall - n_slots;
        const risk_cache *c = s->cache;
        double own = risk_own_sd(s);
        double v = c->loc_start[l] < c->loc_start[l + 1]
                   ? c->loc_v[c->loc_start[l]] : 0;
        snprintf(key, sizeof key, "allocation-locality:%s",
                 sc->localities[l].id);
        return risk_fill_normal(s, h, call, kept, key, 1, 0, own * sqrt(v),
                                out, n);
    }
    if (idx >= yall) {                /* an area's common allocation error */
        double common = s->alloc_sd * sqrt(s->alloc_area);
        snprintf(key, sizeof key, "allocation-area:%s",
                 risk_area_id(sc, idx - yall, id, sizeof id));
        return risk_fill_normal(s, h, call, kept, key, 1, 0, common, out, n);
    }
    int year = (int)(idx / per);
    size_t i = idx % per;
    if (i < n_orgs)
        return risk_fill_provider(s, h, call, kept, year, sc->orgs[i].id, out,
                                  n);
    if (i < n_orgs + n_slots) {
        snprintf(other, sizeof other, "others-in:%s",
                 risk_area_id(sc, i - n_orgs, id, sizeof id));
        return risk_fill_provider(s, h, call, kept, year, other, out, n);
    }
    if (i < n_orgs + 2 * n_slots) {
        risk_key(key, sizeof key, year, "area:%s",
                 risk_area_id(sc, i - n_orgs - n_slots, id, sizeof id));
        return risk_fill_normal(s, h, call, kept, key, 1, 0, s->sd_area, out,
                                n);
    }
    risk_key(key, sizeof key, year, "national");
    return risk_fill_normal(s, h, call, kept, key, 1, 0, s->sd_national, out,
                            n);
}

/* Room for one more series of n doubles, or NULL past the budget. The
 * series live in one anonymous mapping of the size the budget allows,
 * reserved on the first use and filled from its start; the kernel is asked
 * for huge pages (fewer page faults: first-touch faults of 4 KB pages were
 * a fifth of the criterion's CPU at 10,000 draws). */
static double *risk_arena_take(risk_cache *c)
{
    size_t len = c->n * sizeof(double);
    if (!c->arena_tried) {
        double want = (double)c->n_series * (double)len;
        size_t cap = (size_t)(want < RISK_SHARED_MAX_BYTES
                              ? want : RISK_SHARED_MAX_BYTES);
        void *a = cap ? mmap(NULL, cap, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                      : MAP_FAILED;
        c->arena_tried = 1;
        if (a != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
            madvise(a, cap, MADV_HUGEPAGE);   /* advice only: may be refused */
#endif
            c->arena = a;
            c->arena_cap = cap;
        }
    }
    if (!c->arena || c->arena_cap - c->arena_used < len)
        return NULL;
    double *p = (double *)(void *)(c->arena + c->arena_used);
    c->arena_used += len;
    return p;
}

/* Series idx from the run's shared memory: kept there by whichever process
 * needs it first; NULL when another process is drawing it (or died doing
 * so), when it is past the budget or cannot be drawn: then the caller draws
 * it into scratch, by the same arithmetic. Nobody ever waits. */
static const double *risk_shm_series(const risk_state *s, const cs_host *h,
                                     cs_call *call, size_t idx, size_t n)
{
    risk_cache *c = s->cache;
    risk_slot *sl = &c->shm->slot[idx];
    uint32_t st = atomic_load_explicit(&sl->state, memory_order_acquire);
    if (st == RISK_READY)
        return (const double *)(const void *)(c->shm_data + sl->off);
    if (st != RISK_EMPTY
        || !atomic_compare_exchange_strong_explicit(
               &sl->state, &st, RISK_DRAWING, memory_order_acq_rel,
               memory_order_acquire))
        return NULL;
    uint64_t len = (uint64_t)n * sizeof(double);
    uint64_t off = atomic_fetch_add_explicit(&c->shm->used, len,
                                             memory_order_relaxed);
    if (off > c->shm_cap || c->shm_cap - off < len) {
        atomic_store_explicit(&sl->state, RISK_UNKEPT, memory_order_release);
        return NULL;
    }
    double *out = (double *)(void *)(c->shm_data + off);
    risk_populate(out, len);
    if (risk_fill(s, h, call, 1, idx, out, n) < 0) {
        /* no stream this time: the next process to need it tries again
           (the bytes taken stay unused) */
        atomic_store_explicit(&sl->state, RISK_EMPTY, memory_order_release);
        return NULL;
    }
    sl->off = off;
    atomic_store_explicit(&sl->state, RISK_READY, memory_order_release);
    return out;
}

const double *risk_series(const risk_state *s, const cs_host *h,
                          cs_call *call, size_t idx, double *scratch, size_t n)
{
    risk_cache *c = s->cache;
    double *kept = NULL;
    if (c && c->shm && n == c->n && idx < c->n_series) {
        const double *got = risk_shm_series(s, h, call, idx, n);
        if (got)
            return got;
    } else if (c && c->series && n == c->n && idx < c->n_series) {
        mtx_lock(&c->lock);
        kept = c->series[idx];
        if (!kept && (kept = risk_arena_take(c)) != NULL) {
            risk_populate(kept, n * sizeof *kept);
            if (risk_fill(s, h, call, 1, idx, kept, n) == 0) {
                c->series[idx] = kept;
            } else {              /* drawn from the call's streams below */
                c->arena_used -= n * sizeof *kept;
                kept = NULL;
            }
        }
        mtx_unlock(&c->lock);
    }
    if (kept)
        return kept;
    return risk_fill(s, h, call, 0, idx, scratch, n) == 0 ? scratch : NULL;
}

void risk_shared_free(risk_state *s)
{
    risk_cache *c = s->cache;
    if (!c)
        return;
    if (c->arena)
        munmap(c->arena, c->arena_cap);
    free(c->series);
    free(c->loc_start);
    free(c->loc_prac);
    free(c->loc_x);
    free(c->loc_v);
    mtx_destroy(&c->lock);
    free(c);
    s->cache = NULL;
}

int risk_shared_init(risk_state *s, const cs_host *h, const cs_ctx *ctx)
{
    const cs_scenario_view *sc = s->sc;
    size_t nl = sc->n_localities;
    size_t n_slots = sc->n_orgs + nl + 1;
    risk_cache *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    if (mtx_init(&c->lock, mtx_plain) != thrd_success) {
        free(c);
        return -1;
    }
    s->cache = c;
    s->ctx = ctx;
    c->n = sc->n_draws;
    c->n_series = (size_t)s->years * risk_per_year(s) + n_slots + nl;
    c->loc_start = calloc(nl + 1, sizeof *c->loc_start);
    c->loc_prac = malloc((sc->n_practices + 1) * sizeof *c->loc_prac);
    if (!c->loc_start || !c->loc_prac) {
        risk_shared_free(s);
        return -1;
    }
    /* the practices of each locality whose budget the error applies to,
       in the scenario's order */
    for (size_t i = 0; i < sc->n_practices; i++) {
        const cs_practice *p = &sc->practices[i];
        double b, e, x;
        risk_practice_money(s, p, &b, &e, &x);
        if (p->locality >= 0 && (size_t)p->locality < nl && x != 0)
            c->loc_start[p->locality + 1]++;
    }
    for (size_t l = 0; l < nl; l++)
        c->loc_start[l + 1] += c->loc_start[l];
    size_t *fill = calloc(nl + 1, sizeof *fill);
    if (!fill) {
        risk_shared_free(s);
        return -1;
    }
    for (size_t i = 0; i < sc->n_practices; i++) {
        const cs_practice *p = &sc->practices[i];
        double b, e, x;
        risk_practice_money(s, p, &b, &e, &x);
        if (p->locality >= 0 && (size_t)p->locality < nl && x != 0)
            c->loc_prac[c->loc_start[p->locality] + fill[p->locality]++] = i;
    }
    free(fill);
    c->loc_x = malloc((sc->n_practices + 1) * sizeof *c->loc_x);
    c->loc_v = malloc((sc->n_practices + 1) * sizeof *c->loc_v);
    if (!c->loc_x || !c->loc_v) {
        risk_shared_free(s);
        return -1;
    }
    for (size_t l = 0; l < nl; l++) {
        double v = 0;
        for (size_t j = c->loc_start[l + 1]; j-- > c->loc_start[l];) {
            double b, e, x;
            risk_practice_money(s, &sc->practices[c->loc_prac[j]], &b, &e, &x);
            c->loc_x[j] = x;
            v += x * x;
            c->loc_v[j] = v;
        }
    }
    /* kept series need the stream service; without it every call draws */
    if (!(h->size >= offsetof(cs_host, stream) + sizeof h->stream && h->stream
          && c->n > 0))
        return 0;
    /* the run's shared memory when the host has it and it holds the table:
       each series drawn once per run, whichever process needs it first */
    size_t len = 0;
    char *shm = h->size >= offsetof(cs_host, shared) + sizeof h->shared
                        && h->shared ? h->shared(ctx, &len) : NULL;
    size_t table = sizeof(risk_shm) + c->n_series * sizeof(risk_slot);
    size_t data = (table + RISK_SHM_ALIGN - 1) / RISK_SHM_ALIGN
                  * RISK_SHM_ALIGN;
    if (shm && len > data) {
        c->shm = (risk_shm *)(void *)shm;
        c->shm_data = shm + data;
        c->shm_cap = len - data < RISK_SHARED_MAX_BYTES
                     ? len - data : (size_t)RISK_SHARED_MAX_BYTES;
#ifdef MADV_HUGEPAGE
        madvise(c->shm_data, c->shm_cap, MADV_HUGEPAGE);   /* advice only */
#endif
        return 0;
    }
    if (!(c->series = calloc(c->n_series, sizeof *c->series))) {
        risk_shared_free(s);
        return -1;
    }
    return 0;
}

unsigned char *risk_shared_held(const risk_state *s,
                               const cs_consortium_view *c)
{
    const risk_cache *rc = s->cache;
    size_t nl = s->sc->n_localities;
    size_t *count = calloc(nl + 1, sizeof *count);
    unsigned char *held = calloc(nl + 1, 1);
    for (size_t i = 0; count && held && i < c->n_practices; i++) {
        const cs_practice *p = &s->sc->practices[c->practices[i]];
        double b, e, x;
        if (p->locality < 0 || (size_t)p->locality >= nl)
            continue;
        risk_practice_money(s, p, &b, &e, &x);
        count[p->locality] += x != 0;
    }
    int ok = count && held;
    for (size_t l = 0; ok && l < nl; l++)
        held[l] = count[l] == 0 ? RISK_HELD_NONE
                  : count[l] == rc->loc_start[l + 1] - rc->loc_start[l]
                  ? RISK_HELD_WHOLE : RISK_HELD_PART;
    free(count);
    if (!ok) {
        free(held);
        return NULL;
    }
    return held;
}

/* The allocation errors of a locality's practices given their total T
 * (the RISK_S_LOCALITY series): independent X_i ~ N(0, v_i), v_i = own^2
 * x_i^2, conditioned on their sum. Walking the locality's practices in
 * the cache's order with R the total not yet shared out and V = sum of
 * the v_j not yet visited (so V = v_i + V'),
 *
 *   X_i | R ~ N(R v_i / V, v_i V' / V),   then R -= X_i,
 *
 * the conditional law of one coordinate of a multivariate normal given a
 * linear combination (here: given the sum of independent normals, X_i and
 * R are jointly normal with Cov(X_i, R) = v_i, Var R = V); the rest, given
 * X_i, are again independent normals conditioned on their sum R - X_i, so
 * the walk gives exactly the joint law of the independent X_i with their
 * sum the total drawn. The last practice (V' = 0) takes R, so the parts
 * add to the total draw by draw. One standard normal per practice and
 * draw from the locality's stream "allocation-split:<id>", practice by
 * practice (practice j of the walk takes the j-th block of n draws), so
 * every consortium sees the same X_i whatever else it holds and whichever
 * consortium came first. The walk stops after the last practice held.
 * Adds the X_i of the practices with mine[practice] != 0 to dev. */
int risk_locality_split(const risk_state *s, const cs_host *h, cs_call *call,
                        size_t l, const unsigned char *mine, double *dev,
                        double *scratch, size_t n)
{
    const risk_cache *c = s->cache;
    const cs_scenario_view *sc = s->sc;
    double own = risk_own_sd(s);
    size_t j0 = c->loc_start[l], j1 = c->loc_start[l + 1], last = j0;
    char key[256];
    for (size_t j = j0; j < j1; j++)
        if (mine[c->loc_prac[j]])
            last = j + 1;
    if (last == j0)
        return 0;
    const double *t = risk_series(s, h, call,
                                  risk_series_index(s, RISK_S_LOCALITY, 0, l),
                                  scratch, n);
    if (!t)
        return -1;
    double *r = scratch;           /* R: the total still to share out */
    if (t != r)
        memcpy(r, t, n * sizeof *r);
    snprintf(key, sizeof key, "allocation-split:%s", sc->localities[l].id);
    gsl_rng *g = h->rng(call, key);
    if (!g)
        return h->error(call, "risk: no random stream for '%s'", key);
    for (size_t j = j0; j < last; j++) {
        int held = mine[c->loc_prac[j]] != 0;
        double v = c->loc_x[j] * c->loc_x[j];
        double rest = j + 1 < j1 ? c->loc_v[j + 1] : 0;
        if (v == 0)
            continue;              /* N(0, 0): nothing, nothing drawn */
        if (rest == 0) {           /* the last with a variance takes R */
            for (size_t k = 0; held && k < n; k++)
                dev[k] += r[k];
            break;
        }
        double a = v / c->loc_v[j], sd = own * sqrt(v * (rest / c->loc_v[j]));
        for (size_t k = 0; k < n; k++) {
            double x = a * r[k] + sd * gsl_ran_gaussian_ziggurat(g, 1.0);
            r[k] -= x;
            if (held)
                dev[k] += x;
        }
    }
    return 0;
}
