/*
 * objective.c -- groupings as options built in memory, appraised through
 * the appraisal and decision stages' public functions; the screening
 * value of one coalition (docs/search.md, "The objective").
 *
 * A coalition's screening value is built from its consortium's own
 * headline draws (the plugin's consortium() call, which depends only on
 * the membership): own(S) = 100 sum_j w_j E[v_j(h_j(S))], and its share of
 * a grouping's score is a_S own(S), a_S = list(S) / list(all), with the
 * constant of a summed headline spread so that the shares add up exactly
 * when the value function is linear inside its levels.
 */
#include "objective.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The loader's membership key: lowercase hex SHA-256 of the sorted
 * practice codes joined by '\n', so a consortium found by the search and
 * the same one listed get the same random streams. */
char *obj_membership_key(const cs_model *m, const int *prac, size_t n)
{
    return cs_membership_key(m, prac, n);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Consortium view of the units in s, named after them. */
static int consortium_of(const cs_model *m, const cs_units *u, cs_set s,
                         unsigned k, cs_consortium_view *c)
{
    size_t n = 0, len = 1;
    int *prac;
    char *name;

    for (unsigned i = 0; i < u->n; i++)
        if (s >> i & 1) {
            n += u->n_practices[i];
            len += strlen(m->localities[i].name) + 3;
        }
    prac = malloc((n + 1) * sizeof *prac);
    name = malloc(len);
    c->practices = prac;
    c->name = name;
    c->id = malloc(16);
    if (!prac || !name || !c->id)
        return -1;
    snprintf((char *)c->id, 16, "c%u", k + 1);
    name[0] = '\0';
    for (unsigned i = 0; i < u->n; i++)
        if (s >> i & 1) {
            if (name[0])
                strcat(name, " + ");
            strcat(name, m->localities[i].name);
            memcpy(prac, u->practices[i], u->n_practices[i] * sizeof *prac);
            prac += u->n_practices[i];
        }
    qsort((int *)c->practices, n, sizeof *prac, cmp_int);
    c->n_practices = n;
    for (size_t k2 = 0; k2 < n; k2++) {
        c->registered += m->practices[c->practices[k2]].registered;
        c->weighted += m->practices[c->practices[k2]].weighted;
    }
    return (c->key = obj_membership_key(m, c->practices, n)) ? 0 : -1;
}

void obj_option_free(cs_option *o)
{
    for (size_t k = 0; o->consortia && k < o->view.n_consortia; k++) {
        free((char *)o->consortia[k].id);
        free((char *)o->consortia[k].name);
        free((char *)o->consortia[k].key);
        free((int *)o->consortia[k].practices);
    }
    free(o->consortia);
    free(o->federation_of);
    free(o->consortium_pos);
    free((char *)o->view.id);
    free((char *)o->view.name);
    memset(o, 0, sizeof *o);
}

int obj_option_init(cs_option *o, const cs_model *m, const cs_units *u,
                    const cs_set *parts, unsigned n, const char *id,
                    const char *name)
{
    memset(o, 0, sizeof *o);
    o->consortia = calloc(n + 1, sizeof *o->consortia);
    o->federation_of = malloc((n + 1) * sizeof *o->federation_of);
    o->consortium_pos = calloc(n + 1, sizeof *o->consortium_pos);
    o->view.id = strdup(id);
    o->view.name = strdup(name);
    if (!o->consortia || !o->federation_of || !o->consortium_pos ||
        !o->view.id || !o->view.name)
        return obj_option_free(o), -1;
    o->view.consortia = o->consortia;
    o->view.federation_of = o->federation_of;
    for (unsigned k = 0; k < n; k++) {
        o->federation_of[k] = -1;
        o->view.n_consortia = k + 1;
        if (consortium_of(m, u, parts[k], k, &o->consortia[k]) < 0)
            return obj_option_free(o), -1;
    }
    o->pos.file = m->path;
    return 0;
}

/* A shallow copy of m with other options, for the appraisal; the copy
 * borrows everything else. */
cs_model *obj_model_with(const cs_model *m, cs_option *opts, size_t n,
                         int status_quo)
{
    cs_model *c = malloc(sizeof *c);

    if (!c)
        return NULL;
    *c = *m;
    c->options = opts;
    c->n_options = n;
    c->status_quo = status_quo;
    cs_model_finish(c);
    if (status_quo < 0 && m->status_quo >= 0)   /* borrow the scenario's */
        for (size_t o = 0; o < n; o++)
            opts[o].view.status_quo = &m->options[m->status_quo].view;
    return c;
}
