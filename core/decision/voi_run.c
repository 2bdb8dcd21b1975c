/* voi_run.c -- the value of information of an appraisal (score.h): EVPI
 * from every option's overall score on every draw (a->scores), EVPPI of
 * each uncertain parameter from its sampled values (each criterion's
 * cs_param_set), and of each criterion's uncertain parameters taken
 * together. The mathematics is core/mcda/voi.c. */
#include <errno.h>
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sampled draws of every distinct uncertain parameter: one entry per
 * name, unless two criteria give the same name different distributions
 * (then each is its own entry, named "criterion.parameter"). */
typedef struct voi_param {
    char name[160];
    const double *draws;
    size_t crit;
} voi_param;

static int same_draws(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static size_t collect(const cs_appraisal *a, voi_param *out, size_t cap)
{
    size_t n = 0;

    for (size_t c = 0; c < a->n_crits; c++) {
        const cs_crit_run *run = &a->crits[c];
        if (run->failed)
            continue;
        for (size_t s = 0; s < run->params.n_slots; s++) {
            const cs_param_slot *sl = &run->params.slots[s];
            int dup = 0, clash = 0;
            if (sl->decl->type != CS_PARAM_UNCERTAIN || !sl->draws ||
                sl->dist.kind == CS_DIST_FIXED)
                continue;
            for (size_t i = 0; i < n; i++)
                if (!strcmp(out[i].name, sl->decl->name)) {
                    if (same_draws(out[i].draws, sl->draws, a->n_draws))
                        dup = 1;
                    else
                        clash = 1;
                }
            if (dup || n == cap)
                continue;
            if (clash)
                snprintf(out[n].name, sizeof out[n].name, "%s.%s",
                         run->spec->label, sl->decl->name);
            else
                snprintf(out[n].name, sizeof out[n].name, "%s",
                         sl->decl->name);
            out[n].draws = sl->draws;
            out[n++].crit = c;
        }
    }
    return n;
}

/* EVPPI of params[idx[0..k-1]] into row. */
static int row_of(const cs_appraisal *a, const voi_param *p,
                  const size_t *idx, size_t k, cs_voi_row *row)
{
    size_t n = a->n_draws;
    double *x = malloc(k * n * sizeof *x);

    if (!x)
        return -1;
    for (size_t j = 0; j < k; j++)
        memcpy(x + j * n, p[idx[j]].draws, n * sizeof *x);
    row->n_params = k;
    errno = 0;
    row->ok = cs_evppi(a->scores, a->model->n_options, n, x, k,
                       &row->est) == 0;
    if (!row->ok && errno == ENOMEM) {
        free(x);                 /* out of memory is not "too few draws" */
        return -1;
    }
    if (!row->ok)
        row->est = (cs_voi_est){NAN, NAN, NAN, NAN};
    free(x);
    return 0;
}

static int cmp_rows(const void *x, const void *y)
{
    const cs_voi_row *a = x, *b = y;
    double va = a->ok ? a->est.value : -1, vb = b->ok ? b->est.value : -1;

    if (va != vb)
        return va > vb ? -1 : 1;
    if (a->group != b->group)
        return a->group - b->group;
    return strcmp(a->name, b->name);
}

/* One group per criterion with two or more uncertain parameters. */
static int add_groups(const cs_appraisal *a, const voi_param *p, size_t np,
                      cs_voi_table *t)
{
    size_t idx[CS_VOI_MAX_GROUP];

    for (size_t c = 0; c < a->n_crits; c++) {
        size_t k = 0;
        for (size_t i = 0; i < np && k < CS_VOI_MAX_GROUP; i++)
            if (p[i].crit == c)
                idx[k++] = i;
        if (k < 2)
            continue;
        cs_voi_row *r = &t->rows[t->n_rows];
        snprintf(r->name, sizeof r->name, "%s", a->crits[c].spec->label);
        r->group = 1;
        if (row_of(a, p, idx, k, r) < 0)
            return -1;
        t->n_rows++;
    }
    return 0;
}

/* The declared groups: each a comma-separated list of parameter names. */
static int add_declared(const cs_appraisal *a, const voi_param *p, size_t np,
                        const char *const *groups, size_t n_groups,
                        cs_voi_table *t, char *err, size_t len)
{
    for (size_t g = 0; g < n_groups; g++) {
        size_t idx[CS_VOI_MAX_GROUP], k = 0;
        const char *s = groups[g];
        cs_voi_row *r = &t->rows[t->n_rows];
        while (*s) {
            size_t n = strcspn(s, ","), i;
            for (i = 0; i < np; i++)
                if (strlen(p[i].name) == n && !strncmp(p[i].name, s, n))
                    break;
            if (i == np || k == CS_VOI_MAX_GROUP) {
                snprintf(err, len, "group '%s': '%.*s' is not an uncertain "
                         "parameter of this scenario (or the group has more "
                         "than %d); `consortia voi` lists them", groups[g],
                         (int)n, s, CS_VOI_MAX_GROUP);
                return -2;
            }
            idx[k++] = i;
            s += n + (s[n] == ',');
        }
        snprintf(r->name, sizeof r->name, "%s", groups[g]);
        r->group = 2;
        if (k == 0 || row_of(a, p, idx, k, r) < 0)
            return -1;
        t->n_rows++;
    }
    return 0;
}

int cs_voi_compute(const cs_appraisal *a, cs_voi_table *t)
{
    return cs_voi_compute_groups(a, NULL, 0, t, NULL, 0);
}

int cs_voi_compute_groups(const cs_appraisal *a, const char *const *groups,
                          size_t n_groups, cs_voi_table *t, char *err,
                          size_t len)
{
    size_t cap = 0, np;
    voi_param *p;
    int rc = 0;

    memset(t, 0, sizeof *t);
    if (!a->scores || a->model->n_options == 0)
        return -1;
    for (size_t c = 0; c < a->n_crits; c++)
        cap += a->crits[c].params.n_slots;
    if (!(p = calloc(cap + 1, sizeof *p)) ||
        !(t->rows = calloc(2 * cap + n_groups + 1, sizeof *t->rows))) {
        free(p);
        return -1;
    }
    np = collect(a, p, cap);
    t->baseline = cs_voi_baseline(a->scores, a->model->n_options,
                                  a->n_draws);
    errno = 0;
    t->evpi_ok = cs_evpi(a->scores, a->model->n_options, a->n_draws,
                         &t->evpi) == 0;
    if (!t->evpi_ok && errno == ENOMEM)
        rc = -1;                 /* said as out of memory, not as null */
    for (size_t i = 0; i < np && rc == 0; i++) {
        cs_voi_row *r = &t->rows[t->n_rows++];
        snprintf(r->name, sizeof r->name, "%s", p[i].name);
        rc = row_of(a, p, &i, 1, r);
    }
    if (rc == 0)
        rc = add_groups(a, p, np, t);
    if (rc == 0)
        rc = add_declared(a, p, np, groups, n_groups, t, err, len);
    free(p);
    if (rc < 0) {
        cs_voi_table_free(t);
        return rc;
    }
    qsort(t->rows, t->n_rows, sizeof *t->rows, cmp_rows);
    return 0;
}

void cs_voi_table_free(cs_voi_table *t)
{
    free(t->rows);
    memset(t, 0, sizeof *t);
}
