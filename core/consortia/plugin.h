/*
 * consortia/plugin.h -- everything a criterion plugin needs.
 *
 * A criterion plugin is a shared object that exports one symbol,
 *
 *     const cs_plugin_descriptor *consortia_plugin_entry(void);
 *
 * returning a pointer to a static descriptor. The host (the consortia
 * program, or the mock host used by unit tests) passes its services as a
 * function table (cs_host); a plugin links nothing of the host and never
 * calls exit() or abort().
 *
 * Life of a plugin during one appraisal:
 *
 *   entry()                         once, after dlopen
 *   init(host, ctx, &state, setup)  once per criterion in each process
 *                                   that runs its calls
 *   consortium(state, call, c, out) once per distinct consortium, possibly
 *                                   in several processes (or, in another
 *                                   host, threads) at once
 *   option(state, call, o, in, out) once per option (optional callback)
 *   fini(state)                     once per init(), after the last call
 *
 * The consortia program makes every call in a worker process: a plugin
 * that crashes, exits or hangs fails its criterion, not the program
 * (docs/plugin-guide.md, "Where your code runs").
 *
 * OWNERSHIP
 *  - The descriptor and everything it points to are the plugin's and static.
 *  - `state` belongs to the plugin from init() until fini(). consortium() and
 *    option() may run concurrently on different threads: treat state as
 *    read-only there.
 *  - Everything the host hands in (views, buffers, rngs, strings) is the
 *    host's and valid only during the call it was passed to, except the
 *    scenario view and parameter values, valid from init() until fini().
 *  - Output buffers (cs_values) are allocated by the host; the plugin fills
 *    them and never frees them.
 *
 * ERRORS
 *  Every callback returns 0 on success or non-zero on failure. On failure the
 *  plugin reports why with host->error(), which writes into a host-owned
 *  buffer and returns -1, so the idiom is
 *
 *      if (budget <= 0)
 *          return host->error(call, "consortium '%s' has no budget", c->id);
 *
 *  A NaN or infinite value in an output is treated by the host as a failure.
 *
 * VERSIONING
 *  CS_ABI_MAJOR changes when an existing field changes meaning or place; the
 *  host refuses a plugin built for another major version. CS_ABI_MINOR
 *  changes when fields are appended to a struct; the host refuses a plugin
 *  whose minor version is newer than its own. Structs that may grow carry a
 *  `size` field set to sizeof() at build time: the reader checks it before
 *  touching a later field.
 */
#ifndef CONSORTIA_PLUGIN_H
#define CONSORTIA_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CS_ABI_MAJOR 1
#define CS_ABI_MINOR 2
#define CS_ABI_VERSION ((CS_ABI_MAJOR << 16) | CS_ABI_MINOR)

/* The one exported symbol's name. */
#define CS_PLUGIN_ENTRY_NAME "consortia_plugin_entry"

#if defined(__GNUC__)
#define CS_EXPORT __attribute__((visibility("default")))
#define CS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CS_EXPORT
#define CS_PRINTF(f, a)
#endif

/* ---- Read-only views of the scenario ---------------------------------- */

typedef enum cs_org_kind {
    CS_ORG_LOCAL_AUTHORITY = 0,
    CS_ORG_PCT = 1,
    CS_ORG_ACUTE = 2,          /* acute hospital trust */
    CS_ORG_MENTAL_HEALTH = 3,
    CS_ORG_COMMUNITY = 4,
    CS_ORG_OTHER = 5
} cs_org_kind;

/* An organisation: local authority, PCT or provider. */
typedef struct cs_org {
    const char *id;
    const char *name;
    cs_org_kind kind;
} cs_org;

/* A share of a practice's secondary-care spend going to one provider. */
typedef struct cs_share {
    int org;                   /* index into cs_scenario_view.orgs */
    double share;              /* in [0,1]; a practice's shares sum to <= 1 */
} cs_share;

typedef struct cs_locality {
    const char *id;
    const char *name;
    int local_authority;       /* org index, or -1 when not given */
    int pct;                   /* org index, or -1 when not given */
    const int *neighbours;     /* locality indices */
    size_t n_neighbours;
} cs_locality;

/* Numbers not given in the scenario are NaN: test with isnan(). */
typedef struct cs_practice {
    const char *code;          /* ODS code, e.g. "G82014" */
    const char *name;
    int locality;              /* index into cs_scenario_view.localities */
    double registered;         /* registered list size, > 0 */
    double weighted;           /* need-weighted list size, > 0 */
    double imd;                /* IMD score of the practice population, or NaN */
    double gp_fte;             /* GP full-time equivalents, or NaN */
    double historic_spend;     /* historic commissioning spend in GBP, or NaN */
    const cs_share *providers; /* main providers and their shares */
    size_t n_providers;
} cs_practice;

typedef struct cs_scenario_view {
    uint32_t size;             /* sizeof(cs_scenario_view) of the host */
    const char *id;
    const char *name;
    const cs_org *orgs;
    size_t n_orgs;
    const cs_locality *localities;
    size_t n_localities;
    const cs_practice *practices;
    size_t n_practices;
    size_t n_draws;            /* Monte Carlo draws in this appraisal */
    const double *thresholds;  /* overspend thresholds, fractions (0.01 = 1%) */
    size_t n_thresholds;
    /* Added in ABI 1.1; read them only when CS_VIEW_HAS(view, field). */
    const double *practice_need; /* parallel to practices: the practice's
                                  need as a weighted population under the
                                  national allocation formula (people x
                                  relative need per head), NaN where not
                                  given; NULL when no practice has one */
    const double *org_outside_income; /* parallel to orgs: GBP a year the
                                  organisation (a provider) earns from
                                  commissioners outside the scenario, NaN
                                  where not given; NULL when none has one */
    const double *org_outside_share; /* parallel to orgs: the share of the
                                  organisation's whole income that comes
                                  from outside the scenario, in [0, 1),
                                  NaN where not given (an organisation
                                  gives this or org_outside_income, not
                                  both); NULL when none has one */
} cs_scenario_view;

/* Non-zero when a view of `size` bytes holds `field` (fields appended after
 * ABI 1.0): CS_VIEW_HAS(sc, practice_need). */
#define CS_VIEW_HAS(view, field)                                            \
    ((view)->size >= offsetof(cs_scenario_view, field)                      \
                     + sizeof((view)->field))

/* One consortium: a set of practices. Evaluation per consortium depends
 * only on this view and the scenario, never on the option it sits in, so
 * any grouping can be scored. */
typedef struct cs_consortium_view {
    const char *id;
    const char *name;
    const char *key;           /* stable key of the membership: equal keys,
                                  equal practice sets (use it to seed rngs) */
    const int *practices;      /* practice indices, ascending */
    size_t n_practices;
    double registered;         /* sum of the practices' lists */
    double weighted;
} cs_consortium_view;

/* Consortia that keep their own boards but share a risk pool, some
 * functions and possibly contracts ("three-in-one"). */
typedef struct cs_federation {
    const char *id;
    const char *name;
    const int *members;        /* indices into cs_option_view.consortia */
    size_t n_members;
    double risk_pool_share;    /* share of each member's deficit pooled, [0,1] */
    int pool_surpluses;        /* non-zero: surpluses are pooled too */
    double shared_functions;   /* share of fixed corporate functions run once
                                  for the federation, [0,1] */
    int joint_contracting;     /* non-zero: contracts with providers jointly */
} cs_federation;

typedef struct cs_option_view {
    const char *id;
    const char *name;
    const cs_consortium_view *consortia;
    size_t n_consortia;
    const cs_federation *federations;
    size_t n_federations;
    const int *federation_of;  /* per consortium: federation index or -1 */
    const signed char *votes;  /* per practice: 1 for, 0 against, -1 no vote
                                  recorded; NULL when no votes are given */
    /* ABI 1.1: the option the scenario names as its status quo (its
     * `status_quo:` key), the same pointer for every option and pointing
     * to itself in the status quo; NULL when the scenario names none.
     * Valid during the call, like the view. The view has no size field: read
     * this only when host->abi_version's minor part is at least 1. */
    const struct cs_option_view *status_quo;
} cs_option_view;

/* ---- Declarations ----------------------------------------------------- */

typedef enum cs_param_type {
    CS_PARAM_NUMBER = 0,       /* a real number within [min, max] */
    CS_PARAM_INTEGER = 1,      /* a whole number within [min, max] */
    CS_PARAM_BOOLEAN = 2,      /* true or false */
    CS_PARAM_CHOICE = 3,       /* one of the words in `choices`, '|'-separated */
    CS_PARAM_UNCERTAIN = 4     /* a number or a distribution, sampled per draw */
} cs_param_type;

typedef struct cs_param_decl {
    const char *name;          /* lower_snake_case */
    cs_param_type type;
    double def;                /* default (NUMBER, INTEGER, BOOLEAN, UNCERTAIN) */
    const char *def_choice;    /* default (CHOICE) */
    double min, max;           /* admissible range; for UNCERTAIN, of every draw */
    const char *unit;          /* e.g. "GBP/head", "fraction", "" */
    const char *doc;           /* one line: what it is and its source */
    const char *choices;       /* CHOICE only: "history|capitation|mix" */
    const char *def_dist;      /* UNCERTAIN only, optional: the default as a
                                  distribution, "triangular(25, 30, 35)";
                                  also uniform(min, max), normal(mean, sd),
                                  lognormal(meanlog, sdlog), beta(a, b[, min,
                                  max]), fixed(x). NULL: `def`, fixed. */
} cs_param_decl;

typedef enum cs_direction {
    CS_LOWER_IS_BETTER = -1,
    CS_NEUTRAL = 0,            /* reported, never scored */
    CS_HIGHER_IS_BETTER = 1
} cs_direction;

/* How the host combines consortium values into an option value when the
 * plugin has no option() callback. */
typedef enum cs_aggregate {
    CS_AGG_MEAN = 0,           /* mean weighted by registered list */
    CS_AGG_SUM = 1,
    CS_AGG_MAX = 2,
    CS_AGG_MIN = 3
} cs_aggregate;

typedef struct cs_metric_decl {
    const char *name;          /* lower_snake_case, unique in the plugin */
    const char *unit;
    cs_direction direction;
    int sampled;               /* non-zero: one value per draw; else one value */
    cs_aggregate aggregate;
    const char *doc;
} cs_metric_decl;

/* ---- Values a call produces ------------------------------------------- */

/* Host-allocated output: values[m] has n_draws doubles when metric m is
 * sampled, one double otherwise. Every value must be set and finite. */
typedef struct cs_values {
    double **values;
    size_t n_metrics;
    size_t n_draws;
} cs_values;

/* ---- Host services ---------------------------------------------------- */

typedef struct cs_ctx cs_ctx;   /* one criterion instance (host-owned) */
typedef struct cs_call cs_call; /* one callback invocation (host-owned) */

typedef enum cs_log_level {
    CS_LOG_ERROR = 0,
    CS_LOG_WARNING = 1,
    CS_LOG_INFO = 2,
    CS_LOG_DEBUG = 3
} cs_log_level;

typedef struct cs_host {
    uint32_t size;             /* sizeof(cs_host) of the host */
    uint32_t abi_version;      /* CS_ABI_VERSION of the host */

    void (*log)(const cs_ctx *ctx, cs_log_level level, const char *fmt, ...)
        CS_PRINTF(3, 4);

    /* Records why a call failed, in a host-owned buffer; returns -1. */
    int (*error)(cs_call *call, const char *fmt, ...) CS_PRINTF(2, 3);

    /* Parameter values, resolved in this order: the criterion's own
     * parameters in the scenario, the scenario-wide parameters, the declared
     * default. Asking for an undeclared name or the wrong type returns NaN
     * (or NULL) and logs an error. */
    double (*param_number)(const cs_ctx *ctx, const char *name);
    const char *(*param_choice)(const cs_ctx *ctx, const char *name);
    /* UNCERTAIN parameters: n_draws values, the same in every option and
     * every criterion that declares the same name (common random numbers). */
    const double *(*param_draws)(const cs_ctx *ctx, const char *name);

    const cs_scenario_view *(*scenario)(const cs_ctx *ctx);

    /* A generator for this call, seeded from the scenario seed, the
     * criterion and `key` only: the same key gives the same stream in every
     * option and at any thread count. Draw n_draws-long sequences from it in
     * draw order. Owned by the host; valid until the call returns. */
    gsl_rng *(*rng)(cs_call *call, const char *key);

    /* (ABI 1.1, appended) A generator for init(): the same stream `rng`
     * hands out for `key` in every call (same seed, criterion and key),
     * owned by the caller, who frees it with gsl_rng_free. A plugin may
     * draw a stream shared by many calls once in init() and keep the
     * draws, read-only, in its state. The ctx given to init() stays
     * valid until fini(), and so does this service: a plugin may also
     * draw such a stream on its first use in a call and keep it (under
     * its own lock: calls may run at once). Check that `size` covers this
     * member and that it is not NULL before calling it (an older host
     * has none; then draw in the calls as before). */
    gsl_rng *(*stream)(const cs_ctx *ctx, const char *key);

    /* (ABI 1.2, appended) Memory shared by every process that runs this
     * criterion's calls in one appraisal run: zero-filled when the run
     * starts, read-write, valid until fini(); *len gets its size. NULL
     * (with *len 0) when there is none, e.g. in init() of the host's
     * probe. The host never reads it; the plugin lays it out and must
     * assume other processes use it at once (atomics, no locks held
     * across a process that may die: a process lost mid-write must not
     * leave the others waiting). Check that `size` covers this member
     * and that it is not NULL before calling it. */
    void *(*shared)(const cs_ctx *ctx, size_t *len);
} cs_host;

/* Filled in by init(). `metrics` starts as the descriptor's; a plugin whose
 * metrics depend on parameters (e.g. one per threshold) may point it at an
 * array it owns until fini(). metrics[0] is the headline metric; it must be
 * sampled and scored (direction non-zero). */
typedef struct cs_setup {
    uint32_t size;
    const cs_metric_decl *metrics;
    size_t n_metrics;
} cs_setup;

/* The default value scale of a plugin's headline metric (ABI 1.1): the
 * level scoring 0 (worst) and the level scoring 1 (best), linear between
 * and clamped outside, fixed in advance from a published figure or a stated
 * ASSUMPTION -- never from the options compared, so adding an option never
 * changes another's value. A scenario's `value_function` overrides it. One
 * instance, pointed to by cs_plugin_descriptor.headline_scale; this struct
 * never grows. */
typedef struct cs_value_scale {
    double worst;              /* headline level valued 0 */
    double best;               /* headline level valued 1; != worst */
    const char *source;        /* one line: the source, or "ASSUMPTION: ..." */
} cs_value_scale;

typedef struct cs_plugin_descriptor {
    uint32_t size;             /* sizeof(cs_plugin_descriptor) when built */
    uint32_t abi_version;      /* CS_ABI_VERSION when built */
    const char *name;          /* lower_snake_case, unique */
    const char *version;       /* the plugin's own, e.g. "1.0.0" */
    const char *summary;       /* one line */

    const cs_param_decl *params;
    size_t n_params;
    const cs_metric_decl *metrics;
    size_t n_metrics;

    /* Required. Reads parameters, allocates state. On failure, log why. */
    int (*init)(const cs_host *host, const cs_ctx *ctx, void **state,
                cs_setup *setup);

    /* Required. Fills `out` for one consortium. */
    int (*consortium)(void *state, const cs_host *host, cs_call *call,
                      const cs_consortium_view *c, cs_values *out);

    /* Optional (NULL: the host aggregates each metric as declared). Fills
     * `out` for the whole option from its consortia's values, in[i] being
     * the values of o->consortia[i]. */
    int (*option)(void *state, const cs_host *host, cs_call *call,
                  const cs_option_view *o, const cs_values *const *in,
                  cs_values *out);

    /* Optional. Frees state; must accept NULL. */
    void (*fini)(void *state);

    /* ABI 1.1 (read only when `size` covers it). The default value scale
     * of the headline metric (metrics[0] after init), used when the
     * scenario states no `value_function` for the criterion. NULL, or a
     * plugin built for ABI 1.0: the host refuses to score the criterion
     * unless the scenario states its value_function levels. */
    const cs_value_scale *headline_scale;
} cs_plugin_descriptor;

typedef const cs_plugin_descriptor *(*cs_plugin_entry_fn)(void);

/* Declares the entry point:  CS_PLUGIN(my_descriptor)  */
#define CS_PLUGIN(desc)                                                     \
    CS_EXPORT const cs_plugin_descriptor *consortia_plugin_entry(void);     \
    CS_EXPORT const cs_plugin_descriptor *consortia_plugin_entry(void)      \
    {                                                                       \
        return &(desc);                                                     \
    }

#ifdef __cplusplus
}
#endif
#endif /* CONSORTIA_PLUGIN_H */
