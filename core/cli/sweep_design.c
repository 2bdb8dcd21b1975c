/* sweep_design.c -- the settings of a sweep: a grid or a Latin
 * hypercube of declared parameters (sweep.h). */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define MAX_SETTINGS 10000000u

static int parse_num(const char *s, const char *end, double *out)
{
    char buf[64], *e;
    size_t n = (size_t)(end - s);

    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *out = strtod(buf, &e);
    return (*e || errno || !isfinite(*out)) ? -1 : 0;
}

/* Splits "NAME=REST"; returns REST or NULL. */
static const char *split_name(cs_design *d, const char *spec, char *err,
                              size_t len)
{
    const char *eq = strchr(spec, '=');
    size_t n = eq ? (size_t)(eq - spec) : 0;
    cs_sweep_param *p;

    if (!eq || n == 0 || n >= sizeof p->name || !eq[1]) {
        snprintf(err, len, "'%s' is not NAME=VALUES; write e.g. "
                 "weight_risk=0.1:0.5:5", spec);
        return NULL;
    }
    if (d->n_params == CS_SWEEP_MAX_PARAMS) {
        snprintf(err, len, "at most %d swept parameters",
                 CS_SWEEP_MAX_PARAMS);
        return NULL;
    }
    for (size_t i = 0; i < d->n_params; i++)
        if (strlen(d->params[i].name) == n &&
            !strncmp(d->params[i].name, spec, n)) {
            snprintf(err, len, "parameter '%.*s' is swept twice; give it "
                     "once", (int)n, spec);
            return NULL;
        }
    p = &d->params[d->n_params];
    memset(p, 0, sizeof *p);
    memcpy(p->name, spec, n);
    return eq + 1;
}

/* "V1,V2,..." into p->values. */
static int parse_list(cs_sweep_param *p, const char *s)
{
    size_t n = 1;

    for (const char *c = s; *c; c++)
        n += *c == ',';
    if (!(p->values = calloc(n, sizeof *p->values)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr(s, ',');
        if (!end)
            end = s + strlen(s);
        if (parse_num(s, end, &p->values[i]) < 0)
            return -1;
        s = *end ? end + 1 : end;
    }
    p->n_values = n;
    p->lo = p->values[0];
    p->hi = p->values[n - 1];
    return 0;
}

int cs_design_add_grid(cs_design *d, const char *spec, char *err, size_t len)
{
    const char *rest = split_name(d, spec, err, len), *c1, *c2;
    cs_sweep_param *p = &d->params[d->n_params];
    double k;

    if (!rest)
        return -1;
    if (d->kind == CS_DESIGN_LHS) {
        snprintf(err, len, "--grid and --lhs do not mix; sweep a grid or "
                 "a Latin hypercube");
        return -1;
    }
    c1 = strchr(rest, ':');
    c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1) {
        if (parse_list(p, rest) < 0)
            goto bad;
    } else {
        if (!c2 || strchr(c2 + 1, ':') || parse_num(rest, c1, &p->lo) < 0 ||
            parse_num(c1 + 1, c2, &p->hi) < 0 ||
            parse_num(c2 + 1, c2 + 1 + strlen(c2 + 1), &k) < 0 || k < 2 ||
            k > 100000 || k != floor(k) || !(p->lo < p->hi))
            goto bad;
        p->n_values = (size_t)k;
        if (!(p->values = calloc(p->n_values, sizeof *p->values)))
            goto bad;
        for (size_t i = 0; i < p->n_values; i++)
            p->values[i] = i + 1 == p->n_values ? p->hi
                : p->lo + (p->hi - p->lo) * (double)i /
                          (double)(p->n_values - 1);
    }
    d->kind = CS_DESIGN_GRID;
    d->n_params++;
    return 0;
bad:
    free(p->values);
    p->values = NULL;
    snprintf(err, len, "--grid '%s': give NAME=LO:HI:K (K >= 2 evenly "
             "spaced values, LO < HI) or NAME=V1,V2,...", spec);
    return -1;
}

int cs_design_add_range(cs_design *d, const char *spec, char *err,
                        size_t len)
{
    const char *rest = split_name(d, spec, err, len), *c1;
    cs_sweep_param *p = &d->params[d->n_params];

    if (!rest)
        return -1;
    if (d->kind == CS_DESIGN_GRID) {
        snprintf(err, len, "--grid and --lhs do not mix; sweep a grid or "
                 "a Latin hypercube");
        return -1;
    }
    c1 = strchr(rest, ':');
    if (!c1 || parse_num(rest, c1, &p->lo) < 0 ||
        parse_num(c1 + 1, c1 + 1 + strlen(c1 + 1), &p->hi) < 0 ||
        !(p->lo < p->hi)) {
        snprintf(err, len, "--range '%s': give NAME=LO:HI with LO < HI",
                 spec);
        return -1;
    }
    d->kind = CS_DESIGN_LHS;
    d->n_params++;
    return 0;
}

static int build_grid(cs_design *d, char *err, size_t len)
{
    size_t n = 1, k = d->n_params;

    for (size_t j = 0; j < k; j++) {
        if (n > MAX_SETTINGS / d->params[j].n_values) {
            snprintf(err, len, "the grid has more than %u settings; use "
                     "fewer values or --lhs", MAX_SETTINGS);
            return -1;
        }
        n *= d->params[j].n_values;
    }
    if (!(d->settings = malloc(n * k * sizeof *d->settings)))
        return -1;
    for (size_t s = 0; s < n; s++) {
        size_t rem = s;
        for (size_t j = k; j-- > 0;) {
            size_t nv = d->params[j].n_values;
            d->settings[s * k + j] = d->params[j].values[rem % nv];
            rem /= nv;
        }
    }
    d->n_settings = n;
    return 0;
}

static int build_lhs(cs_design *d, char *err, size_t len)
{
    size_t n = d->lhs_points, k = d->n_params;
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    if (n == 0 || n > MAX_SETTINGS) {
        snprintf(err, len, "--lhs needs 1 to %u points", MAX_SETTINGS);
        free(perm);
        gsl_rng_free(r);
        return -1;
    }
    if (!perm || !r || !(d->settings = malloc(n * k * sizeof *d->settings))) {
        free(perm);
        gsl_rng_free(r);
        return -1;
    }
    gsl_rng_set(r, (unsigned long)d->design_seed);
    for (size_t j = 0; j < k; j++) {
        const cs_sweep_param *p = &d->params[j];
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(r, perm, n, sizeof *perm);
        for (size_t i = 0; i < n; i++) {
            double u = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
            d->settings[i * k + j] = p->lo + u * (p->hi - p->lo);
        }
    }
    free(perm);
    gsl_rng_free(r);
    d->n_settings = n;
    return 0;
}

int cs_design_build(cs_design *d, char *err, size_t len)
{
    free(d->settings);
    d->settings = NULL;
    if (d->kind == CS_DESIGN_LHS && d->lhs_points == 0) {
        snprintf(err, len, "--range needs --lhs N (the number of points)");
        return -1;
    }
    if (d->kind == CS_DESIGN_NONE && d->lhs_points) {
        snprintf(err, len, "--lhs N needs at least one --range NAME=LO:HI");
        return -1;
    }
    if (d->kind == CS_DESIGN_GRID)
        return build_grid(d, err, len);
    if (d->kind == CS_DESIGN_LHS)
        return build_lhs(d, err, len);
    d->n_settings = 1;
    return 0;
}

void cs_design_free(cs_design *d)
{
    for (size_t j = 0; j < d->n_params; j++)
        free(d->params[j].values);
    free(d->settings);
    memset(d, 0, sizeof *d);
}

size_t *cs_task_items(size_t total, unsigned task, unsigned n_tasks,
                      size_t *n_out)
{
    size_t *items = malloc((total ? total : 1) * sizeof *items), n = 0;

    if (!items)
        return NULL;
    for (size_t i = 0; i < total; i++)
        if (n_tasks == 0 || i % n_tasks == task - 1u)
            items[n++] = i;
    *n_out = n;
    return items;
}
