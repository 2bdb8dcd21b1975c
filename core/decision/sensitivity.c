/* sensitivity.c -- the tornado (each uncertain parameter at its p10 and
 * p90, the others at their centre) and the "what would change the answer"
 * list, into a->decision (docs/decision.md). */
#include "score.h"

#include <stdlib.h>
#include <string.h>

#include "mcda/mcda.h"

/* A parameter drawn from a distribution (not a plain number). */
static int uncertain(const cs_param_slot *s)
{
    return s->decl->type == CS_PARAM_UNCERTAIN && s->draws &&
           s->dist.kind != CS_DIST_FIXED;
}

static const cs_param_slot *declared(const cs_crit_run *run, const char *name)
{
    const cs_param_slot *s = cs_params_get(&run->params, name);

    return s && uncertain(s) ? s : NULL;
}

/* The distinct uncertain parameters of the scored criteria, in the order
 * they first appear; returns how many (out has room for all slots). */
static size_t collect(const cs_appraisal *a, const cs_decision *d,
                      const cs_param_slot **out)
{
    size_t n = 0;

    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_param_set *ps = &a->crits[d->crit[j]].params;
        for (size_t i = 0; i < ps->n_slots; i++) {
            size_t k = 0;
            if (!uncertain(&ps->slots[i]))
                continue;
            while (k < n && strcmp(out[k]->decl->name,
                                   ps->slots[i].decl->name))
                k++;
            if (k == n)
                out[n++] = &ps->slots[i];
        }
    }
    return n;
}

/* Copies (save) or restores every uncertain slot's draws; kept[] holds
 * one array per slot of every scored criterion, in order. */
static int keep_draws(cs_appraisal *a, const cs_decision *d, double **kept,
                      int restore)
{
    size_t n = 0, bytes = a->n_draws * sizeof(double);

    for (size_t j = 0; j < d->n_crit; j++) {
        cs_param_set *ps = &a->crits[d->crit[j]].params;
        for (size_t i = 0; i < ps->n_slots; i++, n++) {
            if (!uncertain(&ps->slots[i]))
                continue;
            if (restore) {
                memcpy(ps->slots[i].draws, kept[n], bytes);
                continue;
            }
            if (!(kept[n] = malloc(bytes)))
                return -1;
            memcpy(kept[n], ps->slots[i].draws, bytes);
        }
    }
    return 0;
}

static void pin_all(cs_appraisal *a, const cs_decision *d, double u)
{
    for (size_t j = 0; j < d->n_crit; j++) {
        cs_param_set *ps = &a->crits[d->crit[j]].params;
        for (size_t i = 0; i < ps->n_slots; i++)
            if (uncertain(&ps->slots[i]))
                cs_params_pin(ps, ps->slots[i].decl->name, u);
    }
}

/* Expected scores from mean partial values mv[o * n_crit + j]. */
static void expected(const cs_decision *d, const double *mv, double *out)
{
    for (size_t o = 0; o < d->n_opt; o++) {
        out[o] = 0.0;
        for (size_t j = 0; j < d->n_crit; j++)
            out[o] += 100.0 * d->weights[j] * mv[o * d->n_crit + j];
    }
}

/* Re-runs the criteria that declare `name` (every uncertain one when
 * name is NULL) into mv, from the values in base. */
static int rerun(cs_appraisal *a, const cs_decision *d, const char *name,
                 const double *base, double *mv, cs_diag *diag)
{
    double *col = malloc((d->n_opt ? d->n_opt : 1) * sizeof *col);
    char err[2048];
    int rc = 0;

    if (!col)
        return cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
    memcpy(mv, base, d->n_opt * d->n_crit * sizeof *mv);
    for (size_t j = 0; j < d->n_crit && rc == 0; j++) {
        cs_crit_run *run = &a->crits[d->crit[j]];
        int any = 0;
        for (size_t i = 0; !name && i < run->params.n_slots; i++)
            any |= uncertain(&run->params.slots[i]);
        if (name ? !declared(run, name) : !any)
            continue;
        if (cs_crit_rerun_means(a, run, col, err, sizeof err) < 0) {
            rc = cs_diag_warning(diag, (cs_pos){0}, "sensitivity: with "
                                 "'%s' pinned, %s; left out of the tornado",
                                 name ? name : "every parameter at its "
                                 "centre", err) - 1;
            break;
        }
        for (size_t o = 0; o < d->n_opt; o++)
            mv[o * d->n_crit + j] = col[o];
    }
    free(col);
    return rc;
}

/* One tornado row: the parameter at its p10 and at its p90. */
static int tornado_row(cs_appraisal *a, const cs_decision *d,
                       const cs_param_slot *s, const double *base,
                       double *mv, cs_tornado_row *row, cs_diag *diag)
{
    const char *name = s->decl->name;
    int rc = 0;

    row->param = strdup(name);
    row->unit = strdup(s->decl->unit ? s->decl->unit : "");
    if (!row->param || !row->unit)
        return cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory") - 1;
    row->centre = cs_dist_quantile(&s->dist, 0.5);
    row->p10 = cs_dist_quantile(&s->dist, 0.1);
    row->p90 = cs_dist_quantile(&s->dist, 0.9);
    for (int end = 0; end < 2 && rc == 0; end++) {
        for (size_t j = 0; j < d->n_crit; j++)
            if (declared(&a->crits[d->crit[j]], name))
                cs_params_pin(&a->crits[d->crit[j]].params, name,
                              end ? 0.9 : 0.1);
        rc = rerun(a, d, name, base, mv, diag);
        if (rc == 0)
            expected(d, mv, end ? row->at_p90 : row->at_p10);
        for (size_t j = 0; j < d->n_crit; j++)
            if (declared(&a->crits[d->crit[j]], name))
                cs_params_pin(&a->crits[d->crit[j]].params, name, 0.5);
    }
    return rc;
}

/* Drops rows that could not be computed (param NULL or marked). */
static void compact(cs_tornado *t, const unsigned char *bad)
{
    size_t keep = 0;

    for (size_t r = 0; r < t->n_rows; r++) {
        if (bad[r]) {
            free(t->rows[r].param);
            free(t->rows[r].unit);
            continue;
        }
        t->rows[keep++] = t->rows[r];
    }
    t->n_rows = keep;
}

static int build_tornado(cs_appraisal *a, cs_decision *d,
                         const cs_param_slot **ps, size_t n_p,
                         cs_diag *diag)
{
    size_t cells = d->n_opt * d->n_crit;
    double *base = malloc(cells * sizeof *base), *mv = malloc(cells *
                                                              sizeof *mv);
    unsigned char *bad = calloc(n_p, 1);
    int rc = 0;

    if (!base || !mv || !bad || !(d->tornado = cs_tornado_alloc(n_p,
                                                                d->n_opt)))
        rc = cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
    pin_all(a, d, 0.5);
    if (rc == 0 && (rc = rerun(a, d, NULL, d->mean_value, base, diag)) < 0) {
        cs_tornado_free(d->tornado);    /* no base: no tornado */
        d->tornado = NULL;
        rc = 0;
    } else if (rc == 0) {
        expected(d, base, d->tornado->base);
        for (size_t r = 0; r < n_p && rc == 0; r++) {
            int row_rc = tornado_row(a, d, ps[r], base, mv,
                                     &d->tornado->rows[r], diag);
            bad[r] = row_rc != 0;
            rc = row_rc < -1 ? row_rc : 0;
        }
        compact(d->tornado, bad);
        cs_tornado_finish(d->tornado);
    }
    free(base);
    free(mv);
    free(bad);
    return rc;
}

static int build_changes(const cs_appraisal *a, cs_decision *d,
                         cs_diag *diag)
{
    const cs_model *m = a->model;
    const char **crit = calloc(d->n_crit + 1, sizeof *crit);
    const char **opt = calloc(d->n_opt + 1, sizeof *opt);
    int rc = 0;

    if (!crit || !opt || !(d->changes = calloc(1, sizeof *d->changes)))
        rc = -1;
    for (size_t j = 0; rc == 0 && j < d->n_crit; j++)
        crit[j] = a->crits[d->crit[j]].spec->label;
    for (size_t o = 0; rc == 0 && o < d->n_opt; o++)
        opt[o] = m->options[o].view.name;
    if (rc == 0)
        rc = cs_changes_build(d->changes, d->stability, d->n_crit, crit,
                              d->tornado, opt, d->best);
    free(crit);
    free(opt);
    return rc < 0 ? cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory") : 0;
}

int cs_sensitivity_run(cs_appraisal *a, cs_diag *diag)
{
    cs_decision *d = a->decision;
    size_t n_slots = 0, n_p;
    const cs_param_slot **ps;
    double **kept;
    int rc = 0;

    for (size_t j = 0; j < d->n_crit; j++)
        n_slots += a->crits[d->crit[j]].params.n_slots;
    ps = calloc(n_slots + 1, sizeof *ps);
    kept = calloc(n_slots + 1, sizeof *kept);
    if (!ps || !kept)
        rc = cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
    else if ((n_p = collect(a, d, ps)) > 0) {
        if (keep_draws(a, d, kept, 0) < 0)
            rc = cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
        else {
            rc = build_tornado(a, d, ps, n_p, diag);
            keep_draws(a, d, kept, 1);
        }
    }
    for (size_t i = 0; kept && i < n_slots; i++)
        free(kept[i]);
    free(kept);
    free(ps);
    return rc < 0 ? rc : build_changes(a, d, diag);
}
