/*
 * search.h -- searching the groupings of a scenario's localities
 * (docs/search.md): the units and their neighbour graph, the rules of the
 * scenario's `search:` block, a screening objective the coalition-structure
 * solver (csg.h) maximises, the finalists re-scored exactly by the full
 * appraisal on common random numbers, the Pareto front across criteria and
 * the stability of the recommended grouping.
 *
 * The search reads the model and calls the appraisal and decision stages
 * through their public functions only: every grouping it scores is an
 * option built in memory and appraised like any listed one.
 */
#ifndef CS_SEARCH_H
#define CS_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "appraisal/appraise.h"
#include "decision/score.h"
#include "model/model.h"
#include "csg.h"

/* ---- units (units.c) ------------------------------------------------- */

/* The units of a search: the scenario's localities, with their lists,
 * neighbour sets and the rules as bit sets. */
typedef struct cs_units {
    unsigned n;
    double *registered;     /* per unit: the registered list */
    double total;           /* all units' */
    cs_set *nbr;            /* per unit: its neighbours */
    cs_set *together;       /* pairs that must share a consortium */
    unsigned n_together;
    cs_set *apart;          /* pairs that must not */
    unsigned n_apart;
    int **practices;        /* per unit: its practice indices, ascending */
    size_t *n_practices;
} cs_units;

/* Builds the units of m (its localities; at most 64). Returns 0, or -1
 * with the reason in err. Coterminosity adds `together` pairs joining each
 * local authority's first unit to each of its others. */
int cs_units_build(const cs_model *m, cs_units *u, char *err, size_t len);
void cs_units_free(cs_units *u);

/* Whether the units of s are connected in the neighbour graph. */
int cs_units_connected(const cs_units *u, cs_set s);

/* Whether coalition s keeps the population band and the `apart` pairs. */
int cs_units_allowed(const cs_units *u, const cs_search_spec *r, cs_set s);

/* Whether a whole grouping keeps every rule: parts partition the units,
 * each allowed and connected, their number in the band, each `together`
 * set inside one part. Writes the first broken rule into why. */
int cs_units_feasible(const cs_units *u, const cs_search_spec *r,
                      const cs_set *parts, unsigned n_parts, char *why,
                      size_t len);

/* The grouping of option o as unit sets when each of its consortia is a
 * union of whole localities (and o has no federation): returns the number
 * of parts written into parts (room for u->n), or 0 when it is not one. */
unsigned cs_units_of_option(const cs_model *m, const cs_units *u, size_t o,
                            cs_set *parts);

/* ---- the search (search.c) ------------------------------------------- */

typedef struct cs_search_opts {
    unsigned threads;       /* 0: the scenario's */
    unsigned top;           /* 0: the scenario's `search.top` */
    size_t draws;           /* 0: the scenario's (exact re-scoring) */
    size_t screen_draws;    /* 0: the scenario's `search.screen_draws` */
    uint64_t seed;
    int has_seed;
    double time_limit;      /* 0: the scenario's `search.time_limit` */
    /* merge of `search --task` (docs/scale-out.md): the screen of every
     * coalition screened before the solver, by item (NULL: screen them) */
    const struct cs_search_screened *prefill;
    size_t n_prefill;
} cs_search_opts;

/* One coalition's screen: its share of a grouping's score and its own
 * score as a body by itself (docs/search.md, "The objective"). Item i is
 * the i-th allowed connected coalition the search screens before the
 * solver starts, in its enumeration order. */
typedef struct cs_search_screened {
    size_t item;
    cs_set set;
    double val, own;
} cs_search_screened;

/* One grouping scored: a finalist of the search or a listed option. */
typedef struct cs_search_config {
    char *id;               /* "search-1", ... or the option's id */
    int listed;             /* option index, or -1 for a find */
    unsigned n_parts;       /* 0: not a grouping of whole localities */
    cs_set *parts;
    int feasible;           /* keeps every rule of `search:` */
    char why[160];          /* the first rule broken, when not feasible */
    double screen;          /* the screening score (NaN: not screened) */
    cs_summary score;       /* the exact overall score 0..100 */
    double *value;          /* [j]: mean partial value of criterion j */
    int pareto;             /* not dominated on the criteria */
} cs_search_config;

/* Whether a unit or consortium would do better elsewhere on its own
 * criteria (stability.c; docs/search.md "Stability"). */
typedef struct cs_block {
    cs_set coalition;       /* the blocking coalition */
    cs_set from;            /* the consortium its units leave */
    double gain;            /* the smallest gain of its members, points */
    char kind[16];          /* "alone", "join", "merge" */
} cs_block;

/* A federation's risk pool among the listed options (shapley.c). */
#define CS_POOL_MAX_MEMBERS 12  /* 2^12 variants at most, one appraisal */
typedef struct cs_pool_share {
    size_t option, federation;   /* indices into the model */
    size_t n_members;
    double *v;              /* [subset mask of members]: pooling gain,
                               points; NULL above CS_POOL_MAX_MEMBERS */
    double *phi;            /* [member]: its Shapley share, points */
    double gain;            /* v(all members) */
    int in_core;            /* no coalition of members gets less than it
                               could pooling alone */
} cs_pool_share;

typedef struct cs_search_result {
    const cs_model *model;
    cs_units units;
    size_t n_crit;
    char **crit_label;      /* [j] */
    double *crit_weight;    /* [j] */
    cs_search_config *configs;   /* finds and listed, best exact first */
    size_t n_configs;
    size_t best;            /* the recommended: best feasible find */
    int have_best;
    /* the solver on the screening objective */
    double upper_bound;     /* no grouping screens above it */
    double screen_best;     /* the best grouping's screen */
    int optimal;            /* the solver proved the best screen optimal */
    int stopped_by_time;    /* time_limit cut the solver short (the answer
                               then depends on the clock) */
    const char *method;     /* the solver's: "exact" or "anytime" */
    unsigned long long n_value_calls, n_coalitions_screened;
    double solver_seconds;
    double screen_error;    /* largest |screen - exact| among the finds */
    size_t screen_draws, draws;
    uint64_t seed;
    /* stability of the recommended grouping */
    cs_block *blocks;
    size_t n_blocks;
    double *own;            /* [part]: each consortium's own score */
    cs_pool_share *pools;   /* the listed options' federations */
    size_t n_pools;
} cs_search_result;

/* Runs the whole search on m with its plugins opened (plugins[i] for
 * m->criteria[i]). Returns 0, or -1 with errors in diag (*plugin_failed
 * set when a plugin failed). */
int cs_search_run(const cs_model *m, cs_plugin *const *plugins,
                  const cs_search_opts *o, cs_search_result *r,
                  cs_diag *diag, int *plugin_failed);
void cs_search_result_free(cs_search_result *r);

/* One shard of a search (`search --task I/N`, docs/scale-out.md): screens
 * the coalitions whose item i has i mod n_tasks = task - 1 and returns
 * them in *out (malloc'd, item order; *n_out of them) with *n_items, every
 * item of the search. 0, or -1 with errors in diag (*plugin_failed set
 * when a plugin failed). The values are those the whole search computes:
 * a coalition's screen depends on its membership only. */
/* The number of items of a sharded search of m into *n_items: 0, or -1
 * with the reason in diag (bad units, or too many coalitions to split). */
int cs_search_count_items(const cs_model *m, size_t *n_items, cs_diag *diag);

int cs_search_screen_task(const cs_model *m, cs_plugin *const *plugins,
                          const cs_search_opts *o, unsigned task,
                          unsigned n_tasks, cs_search_screened **out,
                          size_t *n_out, size_t *n_items, cs_diag *diag,
                          int *plugin_failed);

/* Marks the configurations not dominated on the criteria's mean partial
 * values (pareto.c): a dominates b when it is at least as good on every
 * criterion and better on one. */
void cs_search_pareto(cs_search_config *c, size_t n, size_t n_crit);

/* Sorts configurations by exact mean score, best first; ties by id. */
void cs_search_sort(cs_search_config *c, size_t n);

#endif /* CS_SEARCH_H */
