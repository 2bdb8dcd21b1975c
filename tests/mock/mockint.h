/*
 * mockint.h -- the mock host's internals, shared by mockhost.c (scenario,
 * parameters, host table) and mockrun.c (consortium and option runs).
 * Not for tests: they use mockhost.h.
 */
#ifndef CS_MOCKINT_H
#define CS_MOCKINT_H

#include "mockhost.h"

enum { MOCK_PV_NUMBER, MOCK_PV_CHOICE, MOCK_PV_DRAWS };

typedef struct mock_param {
    char *name;
    int kind;                 /* MOCK_PV_* */
    double number;
    char *choice;
    double *draws;            /* n_draws values */
} mock_param;

typedef struct mock_shares {
    cs_share *v;
    size_t n, cap;
} mock_shares;

struct cs_ctx {
    cs_mock *m;
};

/* One callback invocation: the rngs handed out, freed when it ends. */
struct cs_call {
    cs_mock *m;
    gsl_rng **rngs;
    size_t n, cap;
};

struct cs_mock {
    void *shared;         /* cs_host.shared's memory, or NULL */
    size_t shared_len;
    size_t n_draws;
    uint64_t seed;
    double thresholds[16];
    size_t n_thresholds;

    cs_org *orgs;         size_t n_orgs, cap_orgs;
    cs_locality *locs;    size_t n_locs, cap_locs;
    cs_practice *prac;    size_t n_prac, cap_prac;
    mock_shares *shares;  size_t cap_shares;   /* per practice */
    double *need;         size_t cap_need;     /* per practice, NaN unset */
    double *outside;      size_t cap_outside;  /* per org, NaN unset */
    double *oshare;       size_t cap_oshare;   /* per org, NaN unset */
    int has_need, has_outside, has_oshare;     /* any set: view gets them */
    cs_scenario_view view;

    mock_param *params;   size_t n_params, cap_params;
    double **decl_draws;  /* per declared parameter: UNCERTAIN values */

    const cs_plugin_descriptor *desc;
    void *dl;             /* module from cs_mock_load_file, or NULL */
    void *state;
    int loaded;
    cs_setup setup;
    cs_host host;
    cs_ctx ctx;

    char err[1024];
    int err_set;          /* host->error was called during the call */
    char last_log[1024];  /* the last CS_LOG_ERROR line */

    /* the last run's results */
    cs_values **res;      size_t n_res, cap_res;
    cs_values *opt_res;
    const cs_values **res_const;

    /* the option being built */
    cs_consortium_view *oc;  size_t n_oc, cap_oc;
    cs_federation *feds;     size_t n_feds, cap_feds;
    signed char *votes;      /* per practice, or NULL */
    const cs_option_view *status_quo;  /* the test's, or NULL */
};

int mock_grow(void *pp, size_t *cap, size_t need, size_t elt);
int mock_fail(cs_mock *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void mock_host_fill(cs_mock *m);
/* The declaration of parameter `name` (and its index), or NULL. */
const cs_param_decl *mock_decl(const cs_mock *m, const char *name,
                               size_t *index);
/* The value set for `name`, or NULL. */
const mock_param *mock_param_find(const cs_mock *m, const char *name);
/* Checks a set parameter against the declaration; 0 or -1. */
int mock_check_param(cs_mock *m, const mock_param *p);
/* Fills m->decl_draws for every UNCERTAIN declaration; 0 or -1. */
int mock_decl_draws(cs_mock *m);
/* Frees the last run's results. */
void mock_run_clear(cs_mock *m);
/* Frees the option being built. */
void mock_option_clear(cs_mock *m);

#endif /* CS_MOCKINT_H */
