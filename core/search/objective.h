/*
 * objective.h -- the search's objective (objective.c, screen.c): groupings
 * as in-memory options, and the screening value of one coalition, cached
 * by its unit set. Not a public header: the search stage's own.
 */
#ifndef CS_SEARCH_OBJECTIVE_H
#define CS_SEARCH_OBJECTIVE_H

#include <pthread.h>
#include "search.h"

char *obj_membership_key(const cs_model *m, const int *prac, size_t n);

/* Option `id` whose consortia are the unit sets parts[0..n-1]; free with
 * obj_option_free. 0, or -1 when out of memory. */
int obj_option_init(cs_option *o, const cs_model *m, const cs_units *u,
                    const cs_set *parts, unsigned n, const char *id,
                    const char *name);
void obj_option_free(cs_option *o);

/* A shallow copy of m (free() it, never cs_model_free) whose options are
 * opts[0..n-1]; status_quo indexes them, or -1 to point every option at
 * the scenario's own status quo. NULL when out of memory. */
cs_model *obj_model_with(const cs_model *m, cs_option *opts, size_t n,
                         int status_quo);

/* The screening objective of a search. */
typedef struct obj_screen {
    const cs_model *m;
    cs_plugin *const *plugins;
    const cs_units *u;
    const cs_search_spec *rules;
    size_t n_crit;              /* scored criteria, the decision's order */
    double *w;                  /* [j] weights */
    cs_value_fn *vf;            /* [j] value functions */
    int *is_sum;                /* [j] headline aggregated as a sum */
    size_t *crit;               /* [j] criterion index */
    cs_appraise_opts ao;        /* draws = the screen's */
    cs_set *keys;               /* open-addressing cache */
    double *val, *own;
    size_t cap, n;
    pthread_mutex_t lock;
    int failed, plugin_failed;
    cs_diag *diag;              /* errors of a failed evaluation */
    unsigned long long n_eval;
} obj_screen;

/* From a scored appraisal of the scenario's options: its weights and
 * value functions. 0, or -1 when out of memory. */
int obj_screen_init(obj_screen *s, const cs_model *m,
                    cs_plugin *const *plugins, const cs_units *u,
                    const cs_appraisal *ref, const cs_appraise_opts *ao,
                    cs_diag *diag);
void obj_screen_free(obj_screen *s);

/* Evaluates the coalitions not yet cached, in one appraisal. 0, or -1
 * (s->failed set, errors in s->diag). */
int obj_screen_batch(obj_screen *s, const cs_set *sets, size_t n);

/* The coalition's screening share of a grouping's score (-INFINITY when
 * the rules forbid it) and, when own is not NULL, its own score as a
 * body by itself; the solver's callback. */
double obj_screen_value(void *ctx, cs_set s);
int obj_screen_get(obj_screen *s, cs_set set, double *val, double *own);

/* Puts a coalition's values computed elsewhere (a shard of the search)
 * into the cache, counted as screened. 0, or -1 when out of memory. */
int obj_screen_put(obj_screen *s, cs_set set, double val, double own);

/* The stability of r's recommended grouping on each consortium's own
 * score (stability.c). 0, or -1 when an evaluation failed. */
int cs_search_stability(cs_search_result *r, obj_screen *s);

/* The Shapley value of the game v (v[mask] over m <= CS_POOL_MAX_MEMBERS
 * players, v[0] = 0) into phi[m]; 1 when it lies in the core (every
 * coalition gets at least its value, within 1e-9), else 0. */
int cs_shapley(const double *v, unsigned m, double *phi);

/* The Shapley shares of every listed federation's pooling gain
 * (shapley.c). 0, or -1 with errors in diag. */
int cs_search_pools(cs_search_result *r, cs_plugin *const *plugins,
                    const cs_appraise_opts *ao, cs_diag *diag, int *pf);

#endif /* CS_SEARCH_OBJECTIVE_H */
