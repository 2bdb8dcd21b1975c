/*
 * model.h -- the in-memory scenario: what the loader builds and the host
 * reads. The arrays of view structs (cs_org, cs_practice, ...) are handed to
 * plugins as they are, so the model owns every string and array they point
 * to. Positions (file:line:col) are kept beside them for error messages.
 */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <consortia/plugin.h>
#include "base/base.h"
#include "mcda/mcda.h"

/* A probability distribution for an uncertain parameter. */
typedef enum cs_dist_kind {
    CS_DIST_FIXED = 0,      /* p[0] = value */
    CS_DIST_UNIFORM,        /* p[0] = min, p[1] = max */
    CS_DIST_TRIANGULAR,     /* p[0] = min, p[1] = mode, p[2] = max */
    CS_DIST_NORMAL,         /* p[0] = mean, p[1] = sd */
    CS_DIST_LOGNORMAL,      /* p[0] = meanlog, p[1] = sdlog */
    CS_DIST_BETA            /* p[0] = alpha, p[1] = beta, scaled to [p[2], p[3]] */
} cs_dist_kind;

typedef struct cs_dist {
    cs_dist_kind kind;
    double p[4];            /* BETA: alpha, beta, lower, upper (default 0, 1) */
} cs_dist;

/* A parameter value as written in the scenario. */
typedef enum cs_pv_kind {
    CS_PV_NUMBER = 0,       /* `number` (also integers) */
    CS_PV_BOOLEAN,          /* `boolean` */
    CS_PV_STRING,           /* `string` (choices) */
    CS_PV_DIST              /* `dist` */
} cs_pv_kind;

typedef struct cs_param_value {
    char *name;
    cs_pv_kind kind;
    double number;
    int boolean;
    char *string;
    cs_dist dist;
    cs_pos pos;             /* where the value stands */
} cs_param_value;

/* A criterion as the scenario asks for it. */
typedef struct cs_criterion_spec {
    char *plugin;           /* plugin name (or a path containing '/') */
    char *label;            /* display name; defaults to the plugin name */
    double weight;          /* >= 0 */
    int has_bounds;         /* value-function bounds given */
    double worst, best;     /* in the headline metric's unit */
    cs_param_value *params;
    size_t n_params;
    cs_pos pos;
    /* Added for the decision engine (docs/decision.md): */
    int has_weight;         /* `weight` given (needed by method direct) */
    cs_vf_kind vf_kind;     /* LINEAR uses has_bounds/worst/best */
    double *vf_x, *vf_v;    /* PIECEWISE/STEP: vf_n levels and values, owned */
    size_t vf_n;
    cs_pos vf_pos;          /* where `value_function` stands (or pos) */
} cs_criterion_spec;

/* How the scenario states the weights (its `weights:` block). */
typedef enum cs_weight_method {
    CS_WEIGHTS_DIRECT = 0,  /* each criterion's `weight` (the default) */
    CS_WEIGHTS_SWING,       /* points per criterion, 100 = the top swing */
    CS_WEIGHTS_ORDINAL,     /* a ranking of the criteria (ties allowed) */
    CS_WEIGHTS_INTERVALS,   /* bounds on each criterion's weight */
    CS_WEIGHTS_MISSING      /* no preference information */
} cs_weight_method;

/* Per-criterion arrays are in criteria order (n_criteria long) and owned;
 * those a method does not use are NULL. */
typedef struct cs_weights_spec {
    cs_weight_method method;
    double *points;         /* SWING: >= 0, not all 0 */
    int *level;             /* ORDINAL: 1 = most important; equal = tied */
    double *lo, *hi;        /* INTERVALS: fractions, [0, 1] when not named */
    cs_pos pos;             /* where `weights` stands (file only if absent) */
} cs_weights_spec;

typedef struct cs_option {
    cs_option_view view;    /* what plugins see; arrays below back it */
    cs_consortium_view *consortia;  /* == view.consortia, owned */
    cs_federation *federations;     /* == view.federations, owned */
    int *federation_of;             /* per consortium */
    signed char *votes;             /* per practice, or NULL */
    cs_pos pos;
    cs_pos *consortium_pos;         /* per consortium */
} cs_option;

typedef struct cs_analysis {
    size_t draws;           /* default 10000 */
    uint64_t seed;          /* default 20110401 */
    unsigned threads;       /* 0 = one per core */
    double thresholds[8];   /* fractions; default 0.01, 0.02, 0.05 */
    size_t n_thresholds;
    size_t smaa_iterations; /* SMAA weight samples; default 10000 */
    double vote_pass;       /* list share of the voting practices an option
                               needs to pass its vote; default 0.5 */
} cs_analysis;

/* The scenario's `search:` block (docs/search.md): the rules a search for
 * groupings of units keeps. Units are the scenario's localities. Locality
 * pairs are index pairs into cs_model.localities. */
typedef struct cs_search_spec {
    int given;              /* a `search:` block was read */
    double pop_min, pop_max;  /* registered list per consortium: 0 and
                               INFINITY when not given */
    unsigned parts_min, parts_max;  /* consortia: 1 and units when not given */
    int (*together)[2];     /* pairs that must share a consortium */
    size_t n_together;
    int (*apart)[2];        /* pairs that must not */
    size_t n_apart;
    int coterminous;        /* each local authority within one consortium */
    unsigned top;           /* finalists re-scored exactly; default 5 */
    size_t screen_draws;    /* draws of the screening evaluation; 1000 */
    double time_limit;      /* seconds for the solver; default 60 */
    cs_pos pos;             /* where `search` stands (file only if absent) */
} cs_search_spec;

/* A file the scenario was read from, for provenance. */
typedef struct cs_input {
    char *path;             /* as given or resolved relative to the YAML */
    char sha256[65];        /* lowercase hex */
} cs_input;

typedef struct cs_model {
    char *path;             /* the YAML file */
    char *id;
    char *name;
    char *description;      /* may be NULL */

    cs_org *orgs;             size_t n_orgs;
    cs_locality *localities;  size_t n_localities;
    cs_practice *practices;   size_t n_practices;
    cs_option *options;       size_t n_options;
    cs_criterion_spec *criteria; size_t n_criteria;
    cs_param_value *params;   size_t n_params;   /* scenario-wide */
    cs_analysis analysis;

    cs_pos *org_pos, *locality_pos, *practice_pos;
    cs_pos criteria_pos;      /* where `criteria:` stands, else line 1 */
    cs_input *inputs;         size_t n_inputs;

    cs_scenario_view view;    /* filled by cs_model_finish() */
    cs_weights_spec weights;  /* the `weights:` block (method direct when
                                 absent) */
    int status_quo;           /* option index of `status_quo:`, or -1 */
    double *practice_need;    /* per practice (NaN: not given), or NULL */
    double *org_outside_income; /* per org (NaN: not given), or NULL */
    double *org_outside_share;  /* per org (NaN: not given), or NULL */
    cs_search_spec search;    /* the `search:` block (defaults when absent) */
    int weights_from_cli;     /* 1: `appraise --weight` replaced a weight
                                 (the board pack says so) */
} cs_model;

/* Frees everything the model owns, then the model; NULL does nothing. */
void cs_model_free(cs_model *m);

/* Index of the organisation / locality / practice / option with that id,
 * or -1. Linear or hashed; callers may use them freely after loading. */
int cs_model_find_org(const cs_model *m, const char *id);
int cs_model_find_locality(const cs_model *m, const char *id);
int cs_model_find_practice(const cs_model *m, const char *code);
int cs_model_find_option(const cs_model *m, const char *id);

/* How the practices voted on option o (docs/decision.md, "Votes"). */
typedef struct cs_vote_result {
    int recorded;           /* 1 when any practice's vote is recorded */
    size_t n_for, n_against;  /* practices */
    double support;         /* list of those for / list of those voting */
    double turnout;         /* list of those voting / every practice's list */
    int failed;             /* recorded and support < analysis.vote_pass */
} cs_vote_result;

void cs_option_vote(const cs_model *m, size_t o, cs_vote_result *r);

/* Fills m->view from the arrays and analysis settings. */
void cs_model_finish(cs_model *m);

/* Quantile of a distribution at probability u in (0,1), using GSL's
 * inverse CDFs. The host samples uncertain parameters as
 * cs_dist_quantile(d, U) so that a parameter can be pinned at its p10 or
 * p90 for sensitivity analysis. */
double cs_dist_quantile(const cs_dist *d, double u);

/* Parses "triangular(25, 30, 35)" and the like (the names and fields of
 * a scenario's {dist: ...}, positionally). Returns 0, or -1 when the text
 * is not a well-formed, valid distribution. */
int cs_dist_parse(const char *text, cs_dist *out);

/* The distribution's mean (its centre for reporting). */
double cs_dist_mean(const cs_dist *d);

/* A consortium's membership key: lowercase hex SHA-256 of its practices'
 * codes, sorted and joined by '\n' (equal keys, equal practice sets; the
 * plugins seed random streams with it). NULL when out of memory. */
char *cs_membership_key(const cs_model *m, const int *prac, size_t n);

#endif /* CS_MODEL_H */
