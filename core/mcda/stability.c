/* stability.c -- weight stability intervals, the tornado's order and the
 * "what would change the answer" list (see stability.h). */
#include "stability.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- weight stability -------------------------------------------------- */

/* An option's score as a line in t: S(t) = t a + (1 - t) b, with a its
 * partial value on crit and b its score on the others, renormalised. */
static void line_of(const double *mean_v, size_t n_crit, const double *w,
                    size_t o, size_t crit, double *a, double *b)
{
    const double *v = mean_v + o * n_crit;
    double rest = 1.0 - w[crit], sum = 0.0;

    *a = v[crit];
    for (size_t c = 0; c < n_crit; c++)
        if (c != crit)
            sum += rest > 0.0 ? w[c] * v[c] : v[c];
    *b = rest > 0.0 ? sum / rest
                    : n_crit > 1 ? sum / (double)(n_crit - 1) : 0.0;
}

double cs_stability_score_at(const double *mean_v, size_t n_crit,
                             const double *w, size_t o, size_t crit,
                             double t)
{
    double a, b;

    line_of(mean_v, n_crit, w, o, crit, &a, &b);
    return t * a + (1.0 - t) * b;
}

int cs_stability_best(const double *mean_v, size_t n_opt, size_t n_crit,
                      const double *w)
{
    int best = -1;
    double top = -INFINITY;

    for (size_t o = 0; o < n_opt; o++) {
        double s = 0.0;
        for (size_t c = 0; c < n_crit; c++)
            s += w[c] * mean_v[o * n_crit + c];
        if (s > top) {
            top = s;
            best = (int)o;
        }
    }
    return best;
}

/* The interval for one criterion: each rival's difference line
 * D(t) = S_best(t) - S_o(t) = B + t (A - B) bounds t on one side. */
static void interval_of(const double *mean_v, size_t n_opt, size_t n_crit,
                        const double *w, size_t best, cs_stability *row)
{
    size_t c = row->crit;
    double ab, bb, lo_slope = 0.0, hi_slope = 0.0;

    row->weight = w[c];
    row->rival_lo = row->rival_hi = -1;
    if (!(w[c] < 1.0)) {
        row->lo = row->hi = NAN;
        return;
    }
    row->lo = 0.0;
    row->hi = 1.0;
    line_of(mean_v, n_crit, w, best, c, &ab, &bb);
    for (size_t o = 0; o < n_opt; o++) {
        double ao, bo, A, B, s, tz;
        if (o == best)
            continue;
        line_of(mean_v, n_crit, w, o, c, &ao, &bo);
        A = ab - ao;
        B = bb - bo;
        s = A - B;
        if (s == 0.0)
            continue;
        tz = -B / s;
        if (s > 0.0 && (tz > row->lo || (tz == row->lo && row->rival_lo >= 0
                                          && s > lo_slope)) && tz > 0.0) {
            row->lo = tz;
            row->rival_lo = (int)o;
            lo_slope = s;
        } else if (s < 0.0 && (tz < row->hi || (tz == row->hi &&
                   row->rival_hi >= 0 && s < hi_slope)) && tz < 1.0) {
            row->hi = tz;
            row->rival_hi = (int)o;
            hi_slope = s;
        }
    }
    /* a near-tie at the current weights must not put the weight outside */
    row->lo = fmin(row->lo, w[c]);
    row->hi = fmax(row->hi, w[c]);
}

int cs_stability_intervals(const double *mean_v, size_t n_opt, size_t n_crit,
                           const double *w, int best, cs_stability *rows)
{
    if (best < 0 || (size_t)best >= n_opt)
        return -1;
    for (size_t c = 0; c < n_crit; c++) {
        rows[c].crit = c;
        interval_of(mean_v, n_opt, n_crit, w, (size_t)best, &rows[c]);
    }
    return 0;
}

/* ---- tornado ----------------------------------------------------------- */

cs_tornado *cs_tornado_alloc(size_t n_rows, size_t n_opt)
{
    cs_tornado *t = calloc(1, sizeof *t);

    if (!t)
        return NULL;
    t->n_rows = n_rows;
    t->n_opt = n_opt;
    t->rows = calloc(n_rows + 1, sizeof *t->rows);
    t->block = calloc((2 * n_rows + 1) * n_opt + 1, sizeof *t->block);
    if (!t->rows || !t->block) {
        cs_tornado_free(t);
        return NULL;
    }
    t->base = t->block;
    for (size_t r = 0; r < n_rows; r++) {
        t->rows[r].at_p10 = t->block + (1 + 2 * r) * n_opt;
        t->rows[r].at_p90 = t->block + (2 + 2 * r) * n_opt;
    }
    return t;
}

void cs_tornado_free(cs_tornado *t)
{
    if (!t)
        return;
    for (size_t r = 0; t->rows && r < t->n_rows; r++) {
        free(t->rows[r].param);
        free(t->rows[r].unit);
    }
    free(t->rows);
    free(t->block);
    free(t);
}

static int argmax(const double *x, size_t n)
{
    int best = -1;

    for (size_t o = 0; o < n; o++)
        if (best < 0 || x[o] > x[best])
            best = (int)o;
    return best;
}

static int by_swing(const void *pa, const void *pb)
{
    const cs_tornado_row *a = pa, *b = pb;

    if (a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    return strcmp(a->param ? a->param : "", b->param ? b->param : "");
}

void cs_tornado_finish(cs_tornado *t)
{
    t->best_base = argmax(t->base, t->n_opt);
    for (size_t r = 0; r < t->n_rows; r++) {
        cs_tornado_row *row = &t->rows[r];
        row->best_p10 = argmax(row->at_p10, t->n_opt);
        row->best_p90 = argmax(row->at_p90, t->n_opt);
        row->swing = 0.0;
        for (size_t o = 0; o < t->n_opt; o++)
            row->swing = fmax(row->swing, fabs(row->at_p90[o] -
                                               row->at_p10[o]));
    }
    /* the arrays point into the block, so the rows can move freely */
    qsort(t->rows, t->n_rows, sizeof *t->rows, by_swing);
}

/* ---- what would change the answer -------------------------------------- */

#if defined(__GNUC__)
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif

/* A formatted string the caller frees, or NULL when out of memory. */
static char *format(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static int add(cs_changes *out, cs_change ch, size_t cap)
{
    if (!ch.text || out->n >= cap) {
        free(ch.text);
        return -1;
    }
    out->items[out->n++] = ch;
    return 0;
}

static int by_distance(const void *pa, const void *pb, const cs_stability *st)
{
    const cs_change *a = pa, *b = pb;
    double da = fabs(a->at - st[a->index].weight);
    double db = fabs(b->at - st[b->index].weight);

    if (da != db)
        return da < db ? -1 : 1;
    if (a->index != b->index)
        return a->index < b->index ? -1 : 1;
    return a->upward - b->upward;
}

/* Sorts the weight changes by distance (insertion sort: stable, few). */
static void sort_weight_changes(cs_change *c, size_t n, const cs_stability *st)
{
    for (size_t i = 1; i < n; i++) {
        cs_change x = c[i];
        size_t j = i;
        for (; j > 0 && by_distance(&c[j - 1], &x, st) > 0; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

static int weight_changes(cs_changes *out, size_t cap, const cs_stability *st,
                          size_t n_crit, const char *const *crit,
                          const char *const *opt)
{
    for (size_t c = 0; c < n_crit; c++) {
        const cs_stability *r = &st[c];
        if (r->rival_lo >= 0 &&
            add(out, (cs_change){CS_CHANGE_WEIGHT, c, r->rival_lo, 0, r->lo,
                format("'%s' would rank first if the weight of '%s' fell "
                       "below %.1f%% (it is %.1f%%)", opt[r->rival_lo],
                       crit[c], 100.0 * r->lo, 100.0 * r->weight)}, cap) < 0)
            return -1;
        if (r->rival_hi >= 0 &&
            add(out, (cs_change){CS_CHANGE_WEIGHT, c, r->rival_hi, 1, r->hi,
                format("'%s' would rank first if the weight of '%s' rose "
                       "above %.1f%% (it is %.1f%%)", opt[r->rival_hi],
                       crit[c], 100.0 * r->hi, 100.0 * r->weight)}, cap) < 0)
            return -1;
    }
    sort_weight_changes(out->items, out->n, st);
    return 0;
}

static int param_change(cs_changes *out, size_t cap, const cs_tornado *t,
                        size_t r, int upward, const char *const *opt, int best)
{
    const cs_tornado_row *row = &t->rows[r];
    int who = upward ? row->best_p90 : row->best_p10;
    double at = upward ? row->p90 : row->p10;
    const char *unit = row->unit && row->unit[0] ? row->unit : NULL;

    if (who < 0 || who == t->best_base || who == best)
        return 0;
    return add(out, (cs_change){CS_CHANGE_PARAM, r, who, upward, at,
        format("'%s' would rank first if '%s' were at its %s (%.4g%s%s) "
               "rather than its centre (%.4g)", opt[who], row->param,
               upward ? "p90" : "p10", at, unit ? " " : "", unit ? unit : "",
               row->centre)}, cap);
}

int cs_changes_build(cs_changes *out, const cs_stability *st, size_t n_crit,
                     const char *const *crit_names, const cs_tornado *t,
                     const char *const *opt_names, int best)
{
    size_t cap = 2 * n_crit + (t ? 2 * t->n_rows : 0) + 1;

    *out = (cs_changes){0};
    if (!(out->items = calloc(cap, sizeof *out->items)))
        return -1;
    if (weight_changes(out, cap, st, n_crit, crit_names, opt_names) < 0)
        goto oom;
    for (size_t r = 0; t && r < t->n_rows; r++)
        if (param_change(out, cap, t, r, 0, opt_names, best) < 0 ||
            param_change(out, cap, t, r, 1, opt_names, best) < 0)
            goto oom;
    if (best < 0)
        out->summary = format("no option ranks first");
    else if (out->n == 0)
        out->summary = format("nothing examined would change the answer: "
                              "'%s' stays first over the whole range of each "
                              "weight%s", opt_names[best],
                              t && t->n_rows ? " and with each uncertain "
                              "parameter at its p10 and its p90" : "");
    else
        out->summary = format("'%s' ranks first; what would change that, "
                              "closest first:", opt_names[best]);
    if (!out->summary)
        goto oom;
    return 0;
oom:
    cs_changes_clear(out);
    return -1;
}

void cs_changes_clear(cs_changes *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].text);
    free(c->items);
    free(c->summary);
    *c = (cs_changes){0};
}
