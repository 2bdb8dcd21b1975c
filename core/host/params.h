/*
 * params.h -- binding a criterion's declared parameters to the values a
 * scenario gives, with the same file:line:col errors as the loader.
 *
 * Resolution order for each declared parameter: the criterion's own
 * `parameters:`, the scenario-wide `parameters:`, the declared default.
 * Uncertain parameters are sampled once per draw as quantile(dist, u_d),
 * u_d from a stream keyed by the parameter's name alone, so every criterion
 * declaring the same name sees the same draws (common random numbers).
 */
#ifndef CS_PARAMS_H
#define CS_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include "model/model.h"

typedef enum cs_param_source {
    CS_FROM_DEFAULT = 0,
    CS_FROM_SCENARIO,      /* scenario-wide parameters */
    CS_FROM_CRITERION      /* the criterion's own parameters */
} cs_param_source;

typedef struct cs_param_slot {
    const cs_param_decl *decl;   /* the plugin's */
    cs_param_source source;
    const cs_param_value *given; /* the model's, or NULL for a default */
    double number;               /* NUMBER/INTEGER/BOOLEAN; UNCERTAIN: mean */
    const char *choice;          /* CHOICE: the model's or the decl's */
    cs_dist dist;                /* UNCERTAIN: FIXED for a plain number */
    double *draws;               /* UNCERTAIN: n_draws values, owned */
} cs_param_slot;

typedef struct cs_param_set {
    cs_param_slot *slots;
    size_t n_slots;
    size_t n_draws;
} cs_param_set;

/* Checks the criterion's parameters (and the scenario-wide ones this
 * plugin declares) against the declarations and binds every declared
 * parameter. Errors go to diag with positions; returns 0 or -1. */
int cs_params_bind(cs_param_set *set, const cs_plugin_descriptor *d,
                   const cs_criterion_spec *spec, const cs_model *m,
                   cs_diag *diag);

/* Samples every uncertain parameter for n_draws draws from seed.
 * Returns 0, or -1 on out of memory. */
int cs_params_sample(cs_param_set *set, size_t n_draws, uint64_t seed);

/* Pins an uncertain parameter at its quantile u for every draw (for
 * sensitivity analysis). Returns 0, or -1 when no such uncertain slot. */
int cs_params_pin(cs_param_set *set, const char *name, double u);

/* The slot of that name, or NULL. */
const cs_param_slot *cs_params_get(const cs_param_set *set, const char *name);

void cs_params_free(cs_param_set *set);

/* Reports scenario-wide parameters that no plugin in `descs` declares.
 * Returns the number of errors added. */
int cs_params_check_unused(const cs_model *m,
                           const cs_plugin_descriptor *const *descs,
                           size_t n_descs, cs_diag *diag);

/* A 64-bit seed mixed from a base seed and strings (splitmix64 over an
 * FNV-1a hash); the same inputs give the same seed on every platform. */
uint64_t cs_seed_mix(uint64_t seed, const char *a, const char *b);

/* The generator of every keyed stream a plugin is given (host->rng,
 * host->stream): GSL's taus2, L'Ecuyer's maximally equidistributed
 * combined Tausworthe generator (Math. Comp. 65 (1996) 203-213; 68 (1999)
 * 261-269), period about 2^88, 24 bytes of state. It replaced mt19937
 * (Matsumoto & Nishimura 1998) for speed: the risk model draws about
 * 90 million variates at 10,000 draws on the national scenario, and the
 * risk criterion alone took 0.74 of its CPU with taus2 (docs/performance.md,
 * "The keyed streams' generator"). Both are among the GSL manual's
 * "simulation quality" generators; a stream is seeded with 32 bits of
 * cs_seed_mix, as mt19937's was. */
#define CS_STREAM_RNG gsl_rng_taus2

#endif /* CS_PARAMS_H */
