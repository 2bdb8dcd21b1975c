/* smaa_sample.c -- the admissible weights and sampling them uniformly
 * (see smaa.h and docs/decision.md). */
#include "smaa.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

static int fail(char *err, size_t len, const char *fmt, ...)
    CS_PRINTF(3, 4);

static int fail(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;

    if (err && len) {
        va_start(ap, fmt);
        vsnprintf(err, len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

cs_weight_space *cs_weight_space_alloc(size_t n)
{
    cs_weight_space *ws;

    if (n == 0 || !(ws = calloc(1, sizeof *ws)))
        return NULL;
    ws->n = n;
    ws->lo = calloc(n, sizeof *ws->lo);
    ws->hi = malloc(n * sizeof *ws->hi);
    ws->level = calloc(n, sizeof *ws->level);
    if (!ws->lo || !ws->hi || !ws->level) {
        cs_weight_space_free(ws);
        return NULL;
    }
    for (size_t c = 0; c < n; c++)
        ws->hi[c] = 1.0;
    return ws;
}

void cs_weight_space_free(cs_weight_space *ws)
{
    if (!ws)
        return;
    free(ws->lo);
    free(ws->hi);
    free(ws->level);
    free(ws);
}

static int has_levels(const cs_weight_space *ws)
{
    for (size_t c = 0; c < ws->n; c++)
        if (ws->level[c] > 0)
            return 1;
    return 0;
}

static int has_bounds(const cs_weight_space *ws)
{
    for (size_t c = 0; c < ws->n; c++)
        if (ws->lo[c] > 0.0 || ws->hi[c] < 1.0)
            return 1;
    return 0;
}

/* a must weigh at least as much as b */
static int above(const cs_weight_space *ws, size_t a, size_t b)
{
    return ws->level[a] > 0 && ws->level[b] > 0 && ws->level[a] < ws->level[b];
}

/* Bounds tightened by the ranking: a criterion weighs at least as much as
 * any it outranks, and at most as much as any that outranks it. */
static void effective_bounds(const cs_weight_space *ws, double *lo, double *hi)
{
    size_t n = ws->n;

    for (size_t a = 0; a < n; a++) {
        lo[a] = ws->lo[a];
        hi[a] = ws->hi[a];
        for (size_t b = 0; b < n; b++) {
            if (above(ws, a, b))
                lo[a] = fmax(lo[a], ws->lo[b]);
            if (above(ws, b, a))
                hi[a] = fmin(hi[a], ws->hi[b]);
        }
    }
}

/* Each criterion's own bounds and rank. */
static int check_each(const cs_weight_space *ws, char *err, size_t len)
{
    for (size_t c = 0; c < ws->n; c++) {
        if (!isfinite(ws->lo[c]) || !isfinite(ws->hi[c]))
            return fail(err, len, "the bounds of criterion %zu are not "
                        "finite numbers", c + 1);
        if (ws->lo[c] < 0.0 || ws->hi[c] > 1.0)
            return fail(err, len, "the bounds of criterion %zu, [%g, %g], "
                        "go outside [0, 1]; give weights as fractions",
                        c + 1, ws->lo[c], ws->hi[c]);
        if (ws->lo[c] > ws->hi[c])
            return fail(err, len, "the lower bound of criterion %zu (%g) is "
                        "above its upper bound (%g); swap them", c + 1,
                        ws->lo[c], ws->hi[c]);
        if (ws->level[c] < 0)
            return fail(err, len, "criterion %zu has a negative rank", c + 1);
    }
    return 0;
}

/* The bounds and the ranking together; lo and hi are n scratch each. */
static int check_together(const cs_weight_space *ws, double *lo, double *hi,
                          char *err, size_t len)
{
    size_t n = ws->n;
    double slo = 0.0, shi = 0.0;

    effective_bounds(ws, lo, hi);
    for (size_t c = 0; c < n; c++) {
        if (lo[c] > hi[c])
            return fail(err, len, "the ranking and the bounds contradict each "
                        "other at criterion %zu (it must weigh at least %g "
                        "and at most %g); widen the bounds or change the "
                        "order", c + 1, lo[c], hi[c]);
        slo += lo[c];
        shi += hi[c];
    }
    if (slo > 1.0 + 1e-12)
        return fail(err, len, "the lower bounds add up to %g, above 1, so no "
                    "weights can meet them; lower some of them", slo);
    if (shi < 1.0 - 1e-12)
        return fail(err, len, "the upper bounds add up to %g, below 1, so no "
                    "weights can meet them; raise some of them", shi);
    return 0;
}

int cs_weight_space_check(const cs_weight_space *ws, char *err, size_t len)
{
    double *lo;
    int rc;

    if (check_each(ws, err, len) < 0)
        return -1;
    /* on the heap: the number of criteria has no stated bound */
    if (!(lo = malloc((2 * ws->n + 1) * sizeof *lo)))
        return fail(err, len, "out of memory");
    rc = check_together(ws, lo, lo + ws->n, err, len);
    free(lo);
    return rc;
}

/* ---- exact sampling --------------------------------------------------- */

typedef struct sampler {
    const cs_weight_space *ws;
    gsl_rng *r;
    int ordered;            /* a ranking to respect */
    double *u;              /* n scratch */
    size_t *perm, *pos, *who;  /* n scratch each */
    double *w, *d, *lo, *hi;   /* n scratch each, for hit-and-run */
} sampler;

/* Puts a uniformly random order of the criteria that respects the
 * ranking into s->perm: a random permutation, then the ranked criteria
 * re-sorted by level within the places they hold (ties keep the random
 * order). Every order consistent with the ranking is equally likely. */
static void consistent_order(sampler *s)
{
    const int *level = s->ws->level;
    size_t n = s->ws->n, m = 0;

    for (size_t c = 0; c < n; c++)
        s->perm[c] = c;
    gsl_ran_shuffle(s->r, s->perm, n, sizeof *s->perm);
    for (size_t p = 0; p < n; p++)
        if (level[s->perm[p]] > 0) {
            s->pos[m] = p;
            s->who[m++] = s->perm[p];
        }
    for (size_t i = 1; i < m; i++) {      /* stable insertion sort */
        size_t c = s->who[i], j = i;
        for (; j > 0 && level[s->who[j - 1]] > level[c]; j--)
            s->who[j] = s->who[j - 1];
        s->who[j] = c;
    }
    for (size_t i = 0; i < m; i++)
        s->perm[s->pos[i]] = s->who[i];
}

/* One weight vector uniform on the simplex, under the ranking if any: the
 * spacings of n - 1 sorted uniforms, sorted in decreasing order and laid
 * along a random consistent order when ranked. */
static void propose(sampler *s, double *w)
{
    size_t n = s->ws->n;
    double prev = 0.0;

    for (size_t i = 0; i + 1 < n; i++)
        s->u[i] = gsl_rng_uniform(s->r);
    gsl_sort(s->u, 1, n - 1);
    for (size_t i = 0; i + 1 < n; i++) {
        double x = s->u[i];
        s->u[i] = x - prev;
        prev = x;
    }
    s->u[n - 1] = 1.0 - prev;
    if (!s->ordered) {
        memcpy(w, s->u, n * sizeof *w);
        return;
    }
    gsl_sort(s->u, 1, n);                 /* ascending */
    consistent_order(s);
    for (size_t p = 0; p < n; p++)
        w[s->perm[p]] = s->u[n - 1 - p];
}

static int inside_bounds(const cs_weight_space *ws, const double *w)
{
    for (size_t c = 0; c < ws->n; c++)
        if (w[c] < ws->lo[c] || w[c] > ws->hi[c])
            return 0;
    return 1;
}

/* ---- hit-and-run ------------------------------------------------------ */

/* Shrinks [*lmin, *lmax] so that x + l d stays >= 0 for the constraint
 * value x and its rate of change d along the line. */
static void limit(double x, double d, double *lmin, double *lmax)
{
    if (d > 0.0)
        *lmin = fmax(*lmin, -x / d);
    else if (d < 0.0)
        *lmax = fmin(*lmax, -x / d);
}

/* One hit-and-run step from w: a direction uniform in the plane
 * sum(w) = 1, the chord of the space along it, a point uniform on it. */
static void har_step(sampler *s, double *w, double *d)
{
    const cs_weight_space *ws = s->ws;
    size_t n = ws->n;
    double norm = 0.0, mean = 0.0, lmin = -INFINITY, lmax = INFINITY, l;

    while (!(norm > 1e-12)) {
        mean = norm = 0.0;
        for (size_t c = 0; c < n; c++)
            mean += (d[c] = gsl_ran_gaussian(s->r, 1.0)) / (double)n;
        for (size_t c = 0; c < n; c++)
            norm += (d[c] - mean) * (d[c] - mean);
    }
    for (size_t c = 0; c < n; c++) {
        d[c] = (d[c] - mean) / sqrt(norm);
        limit(w[c] - ws->lo[c], d[c], &lmin, &lmax);
        limit(ws->hi[c] - w[c], -d[c], &lmin, &lmax);
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++)
            if (above(ws, a, b))
                limit(w[a] - w[b], d[a] - d[b], &lmin, &lmax);
    if (!(lmax > lmin))
        return;                           /* stuck on a face: stay */
    l = lmin + (lmax - lmin) * gsl_rng_uniform(s->r);
    for (size_t c = 0; c < n; c++)
        w[c] = fmin(fmax(w[c] + l * d[c], ws->lo[c]), ws->hi[c]);
}

/* A start inside the space: the mean of the pilot's accepted proposals
 * when there are any, else a point between the effective bounds. */
static void har_start(const cs_weight_space *ws, const double *acc,
                      size_t n_acc, double *w, double *lo, double *hi)
{
    size_t n = ws->n;
    double slo = 0.0, span = 0.0, t;

    if (n_acc > 0) {
        for (size_t c = 0; c < n; c++) {
            w[c] = 0.0;
            for (size_t i = 0; i < n_acc; i++)
                w[c] += acc[i * n + c] / (double)n_acc;
        }
        return;
    }
    effective_bounds(ws, lo, hi);
    for (size_t c = 0; c < n; c++) {
        slo += lo[c];
        span += hi[c] - lo[c];
    }
    t = span > 0.0 ? (1.0 - slo) / span : 0.0;
    for (size_t c = 0; c < n; c++)
        w[c] = lo[c] + t * (hi[c] - lo[c]);
}

static void hit_and_run(sampler *s, const double *acc, size_t n_acc,
                        size_t n_iter, double *out, cs_wsample_info *info)
{
    size_t n = s->ws->n;
    double *w = s->w, *d = s->d;

    info->method = CS_WS_HIT_AND_RUN;
    info->thin = n * n * n > 8 ? n * n * n : 8;
    info->burn_in = 100 * info->thin;
    har_start(s->ws, acc, n_acc, w, s->lo, s->hi);
    for (size_t k = 0; k < info->burn_in; k++)
        har_step(s, w, d);
    for (size_t i = 0; i < n_iter; i++) {
        for (size_t k = 0; k < info->thin; k++)
            har_step(s, w, d);
        memcpy(out + i * n, w, n * sizeof *w);
    }
}

/* Rejection: the pilot's accepted proposals first, then more until n_iter
 * are accepted. Returns the number accepted (n_iter unless the cap on
 * proposals was reached). */
static size_t rejection(sampler *s, size_t n_iter, double *out, size_t done)
{
    size_t n = s->ws->n, tries = 0, cap = 1000 * n_iter + CS_SMAA_PILOT;

    while (done < n_iter && tries++ < cap) {
        propose(s, out + done * n);
        done += inside_bounds(s->ws, out + done * n);
    }
    return done;
}

int cs_smaa_sample_weights(const cs_weight_space *ws, gsl_rng *r,
                           size_t n_iter, double *w, cs_wsample_info *info,
                           char *err, size_t len)
{
    size_t n = ws->n, n_acc = 0;
    sampler s = {ws, r, has_levels(ws), NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL};
    double *pilot = NULL;
    int rc = 0;

    *info = (cs_wsample_info){CS_WS_EXACT, 1.0, 0, 0};
    if (cs_weight_space_check(ws, err, len) < 0)
        return -1;
    /* scratch on the heap: the number of criteria has no stated bound */
    s.u = malloc(5 * n * sizeof *s.u);
    s.perm = malloc(3 * n * sizeof *s.perm);
    if (!s.u || !s.perm) {
        rc = fail(err, len, "out of memory");
        goto out;
    }
    s.pos = s.perm + n;
    s.who = s.perm + 2 * n;
    s.w = s.u + n;
    s.d = s.u + 2 * n;
    s.lo = s.u + 3 * n;
    s.hi = s.u + 4 * n;
    if (!has_bounds(ws)) {
        for (size_t i = 0; i < n_iter; i++)
            propose(&s, w + i * n);
        goto out;
    }
    /* pilot: how often does the exact sampler land inside the bounds? */
    if (!(pilot = malloc((CS_SMAA_PILOT + 1) * n * sizeof *pilot))) {
        rc = fail(err, len, "out of memory");
        goto out;
    }
    for (size_t t = 0; t < CS_SMAA_PILOT; t++) {
        propose(&s, pilot + n_acc * n);
        n_acc += inside_bounds(ws, pilot + n_acc * n);
    }
    info->acceptance = (double)n_acc / CS_SMAA_PILOT;
    if (info->acceptance >= CS_SMAA_MIN_ACCEPT) {
        size_t keep = n_acc < n_iter ? n_acc : n_iter;
        info->method = CS_WS_REJECTION;
        memcpy(w, pilot, keep * n * sizeof *w);
        if (rejection(&s, n_iter, w, keep) < n_iter)
            rc = fail(err, len, "too few weight vectors fall within the "
                      "bounds; widen them");
    } else
        hit_and_run(&s, pilot, n_acc, n_iter, w, info);
out:
    free(pilot);
    free(s.u);
    free(s.perm);
    return rc;
}
