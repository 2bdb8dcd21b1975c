/* params.c -- binding declared parameters to scenario values. */
#include "params.h"
#include "host.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

uint64_t cs_seed_mix(uint64_t seed, const char *a, const char *b)
{
    uint64_t h = 1469598103934665603ULL, z;

    for (const char *s = a; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;      /* separator: "ab","c" != "a","bc" */
    for (const char *s = b; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    z = seed + h + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static const cs_param_value *find_value(const cs_param_value *v, size_t n,
                                        const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].name, name))
            return &v[i];
    return NULL;
}

/* " GBP/head" or "" for messages. */
static const char *unit_sfx(const cs_param_decl *d, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", d->unit && *d->unit ? " " : "",
             d->unit ? d->unit : "");
    return buf;
}

static int check_range(const cs_param_decl *d, const cs_param_value *v,
                       double x, const char *plugin, cs_diag *diag)
{
    char u[64];

    if (x < d->min || x > d->max)
        return cs_diag_error(diag, v->pos, "parameter '%s' of '%s' is %g, "
                             "outside [%g, %g]%s; give a value in range",
                             d->name, plugin, x, d->min, d->max,
                             unit_sfx(d, u, sizeof u));
    return 0;
}

/* Checks the distribution's 0.1% and 99.9% quantiles lie in range. */
static int check_dist(const cs_param_decl *d, const cs_param_value *v,
                      const char *plugin, cs_diag *diag)
{
    double lo = cs_dist_quantile(&v->dist, 0.001);
    double hi = cs_dist_quantile(&v->dist, 0.999);
    char u[64];

    if (!isfinite(lo) || !isfinite(hi) || lo < d->min || hi > d->max)
        return cs_diag_error(diag, v->pos, "the distribution of parameter "
                             "'%s' of '%s' spans [%g, %g] (0.1%% to 99.9%%), "
                             "outside its range [%g, %g]%s; narrow it",
                             d->name, plugin, lo, hi, d->min, d->max,
                             unit_sfx(d, u, sizeof u));
    return 0;
}

static const char *kind_word(cs_pv_kind k)
{
    switch (k) {
    case CS_PV_NUMBER: return "a number";
    case CS_PV_BOOLEAN: return "true or false";
    case CS_PV_STRING: return "a word";
    case CS_PV_DIST: return "a distribution";
    }
    return "?";
}

/* Binds one slot from a given value; returns 0 or -1 (error in diag). */
static int bind_value(cs_param_slot *s, const cs_param_value *v,
                      const char *plugin, cs_diag *diag)
{
    const cs_param_decl *d = s->decl;
    const char *want = NULL;

    switch (d->type) {
    case CS_PARAM_NUMBER:
    case CS_PARAM_INTEGER:
        if (v->kind != CS_PV_NUMBER) {
            want = "a number";
            break;
        }
        if (d->type == CS_PARAM_INTEGER && v->number != floor(v->number))
            return cs_diag_error(diag, v->pos, "parameter '%s' of '%s' must "
                                 "be a whole number, not %g; write e.g. %.0f",
                                 d->name, plugin, v->number,
                                 floor(v->number));
        s->number = v->number;
        return check_range(d, v, v->number, plugin, diag);
    case CS_PARAM_BOOLEAN:
        if (v->kind != CS_PV_BOOLEAN) {
            want = "true or false";
            break;
        }
        s->number = v->boolean ? 1.0 : 0.0;
        return 0;
    case CS_PARAM_CHOICE:
        if (v->kind != CS_PV_STRING) {
            want = "one of the words";
            break;
        }
        if (!cs_choice_ok(d->choices, v->string))
            return cs_diag_error(diag, v->pos, "parameter '%s' of '%s' is "
                                 "'%s'; use one of %s", d->name, plugin,
                                 v->string, d->choices);
        s->choice = v->string;
        return 0;
    case CS_PARAM_UNCERTAIN:
        if (v->kind == CS_PV_NUMBER) {
            s->dist = (cs_dist){CS_DIST_FIXED, {v->number, 0, 0, 0}};
            s->number = v->number;
            return check_range(d, v, v->number, plugin, diag);
        }
        if (v->kind != CS_PV_DIST) {
            want = "a number or a distribution";
            break;
        }
        s->dist = v->dist;
        s->number = cs_dist_mean(&v->dist);
        return check_dist(d, v, plugin, diag);
    }
    return cs_diag_error(diag, v->pos, "parameter '%s' of '%s' must be %s%s%s,"
                         " not %s; `consortia plugins --verbose` shows what "
                         "each parameter takes", d->name, plugin, want,
                         d->type == CS_PARAM_CHOICE ? " " : "",
                         d->type == CS_PARAM_CHOICE ? d->choices : "",
                         kind_word(v->kind));
}

static void bind_default(cs_param_slot *s)
{
    const cs_param_decl *d = s->decl;

    s->source = CS_FROM_DEFAULT;
    s->number = d->def;
    s->choice = d->def_choice;
    s->dist = (cs_dist){CS_DIST_FIXED, {d->def, 0, 0, 0}};
    /* checked when the plugin was opened */
    if (d->type == CS_PARAM_UNCERTAIN && d->def_dist &&
        cs_dist_parse(d->def_dist, &s->dist) == 0)
        s->number = cs_dist_mean(&s->dist);
}

/* Errors for criterion parameters the plugin does not declare. */
static int check_unknown(const cs_plugin_descriptor *d,
                         const cs_criterion_spec *spec, cs_diag *diag)
{
    const char **names = calloc(d->n_params + 1, sizeof *names);
    int rc = 0;

    if (!names)
        return cs_diag_error(diag, spec->pos, "out of memory; free some memory");
    for (size_t i = 0; i < d->n_params; i++)
        names[i] = d->params[i].name;
    for (size_t i = 0; i < spec->n_params; i++) {
        const cs_param_value *v = &spec->params[i];
        const char *near;
        size_t j;
        for (j = 0; j < d->n_params; j++)
            if (!strcmp(d->params[j].name, v->name))
                break;
        if (j < d->n_params)
            continue;
        near = cs_did_you_mean(v->name, names, d->n_params);
        rc = -1;
        if (near)
            cs_diag_error(diag, v->pos, "plugin '%s' has no parameter '%s'; "
                          "did you mean '%s'?", d->name, v->name, near);
        else
            cs_diag_error(diag, v->pos, "plugin '%s' has no parameter '%s'; "
                          "`consortia plugins --verbose` lists its parameters",
                          d->name, v->name);
    }
    free(names);
    return rc;
}

int cs_params_bind(cs_param_set *set, const cs_plugin_descriptor *d,
                   const cs_criterion_spec *spec, const cs_model *m,
                   cs_diag *diag)
{
    int rc = check_unknown(d, spec, diag);

    memset(set, 0, sizeof *set);
    if (d->n_params == 0)
        return rc;
    set->slots = calloc(d->n_params, sizeof *set->slots);
    if (!set->slots)
        return cs_diag_error(diag, spec->pos, "out of memory; free some memory");
    set->n_slots = d->n_params;
    for (size_t i = 0; i < d->n_params; i++) {
        cs_param_slot *s = &set->slots[i];
        const cs_param_value *v;
        s->decl = &d->params[i];
        bind_default(s);
        if ((v = find_value(spec->params, spec->n_params, s->decl->name)))
            s->source = CS_FROM_CRITERION;
        else if ((v = find_value(m->params, m->n_params, s->decl->name)))
            s->source = CS_FROM_SCENARIO;
        if (v) {
            s->given = v;
            if (bind_value(s, v, d->name, diag) < 0)
                rc = -1;
        }
    }
    return rc;
}

int cs_params_sample(cs_param_set *set, size_t n_draws, uint64_t seed)
{
    set->n_draws = n_draws;
    for (size_t i = 0; i < set->n_slots; i++) {
        cs_param_slot *s = &set->slots[i];
        gsl_rng *r;
        if (s->decl->type != CS_PARAM_UNCERTAIN)
            continue;
        free(s->draws);
        if (!(s->draws = malloc((n_draws ? n_draws : 1) * sizeof *s->draws)))
            return -1;
        if (!(r = gsl_rng_alloc(gsl_rng_mt19937)))
            return -1;
        gsl_rng_set(r, (unsigned long)cs_seed_mix(seed, "param", s->decl->name));
        for (size_t k = 0; k < n_draws; k++) {
            double x = cs_dist_quantile(&s->dist, gsl_rng_uniform_pos(r));
            /* the distribution was checked to lie in range from its 0.1%
               to 99.9% quantiles; the far tails are held at the bounds */
            s->draws[k] = x < s->decl->min ? s->decl->min
                        : x > s->decl->max ? s->decl->max : x;
        }
        gsl_rng_free(r);
    }
    return 0;
}

int cs_params_pin(cs_param_set *set, const char *name, double u)
{
    for (size_t i = 0; i < set->n_slots; i++) {
        cs_param_slot *s = &set->slots[i];
        if (s->decl->type != CS_PARAM_UNCERTAIN || strcmp(s->decl->name, name))
            continue;
        if (!s->draws)
            return -1;
        double x = cs_dist_quantile(&s->dist, u);
        for (size_t k = 0; k < set->n_draws; k++)
            s->draws[k] = x;
        return 0;
    }
    return -1;
}

const cs_param_slot *cs_params_get(const cs_param_set *set, const char *name)
{
    for (size_t i = 0; i < set->n_slots; i++)
        if (!strcmp(set->slots[i].decl->name, name))
            return &set->slots[i];
    return NULL;
}

void cs_params_free(cs_param_set *set)
{
    for (size_t i = 0; i < set->n_slots; i++)
        free(set->slots[i].draws);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

int cs_params_check_unused(const cs_model *m,
                           const cs_plugin_descriptor *const *descs,
                           size_t n_descs, cs_diag *diag)
{
    int n_err = 0;

    for (size_t i = 0; i < m->n_params; i++) {
        int used = 0;
        for (size_t k = 0; k < n_descs && !used; k++)
            for (size_t j = 0; j < descs[k]->n_params && !used; j++)
                used = !strcmp(descs[k]->params[j].name, m->params[i].name);
        if (!used) {
            cs_diag_error(diag, m->params[i].pos, "scenario parameter '%s' is "
                          "declared by none of this scenario's criteria; "
                          "check its spelling with `consortia plugins "
                          "--verbose`", m->params[i].name);
            n_err++;
        }
    }
    return n_err;
}
