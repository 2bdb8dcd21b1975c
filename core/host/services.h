/*
 * services.h -- the host side of the plugin ABI: the cs_host table and the
 * per-criterion (cs_ctx) and per-call (cs_call) state behind it.
 */
#ifndef CS_SERVICES_H
#define CS_SERVICES_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <gsl/gsl_rng.h>
#include <consortia/plugin.h>
#include "model/model.h"
#include "params.h"

/* What a criterion's plugin logged (host->log). Library code does not
 * print: the lines wait here, under the lock (calls run on several
 * threads), until the appraisal moves them to its caller's cs_diag. */
typedef struct cs_plog {
    pthread_mutex_t lock;
    cs_diag lines;
    char first_error[1024];    /* the first CS_LOG_ERROR message, or "" */
} cs_plog;

struct cs_ctx {
    const cs_model *model;
    const cs_scenario_view *view;  /* the appraisal's: its n_draws */
    const cs_param_set *params;
    const char *name;          /* criterion label, for log lines */
    const char *plugin_name;   /* seeds the plugin's streams */
    uint64_t seed;
    int quiet;
    cs_plog *log;              /* NULL: log lines are dropped */
    void *shared;              /* the run's shared memory (cs_host.shared) */
    size_t shared_len;
};

struct cs_call {
    const cs_ctx *ctx;
    gsl_rng **rngs;            /* handed out during the call */
    size_t n_rngs;
    int has_err;
    char err[1024];
};

extern const cs_host cs_host_services;

/* A new, empty log (NULL when out of memory); cs_plog_free frees it and
 * whatever it still holds. */
cs_plog *cs_plog_new(void);
void cs_plog_free(cs_plog *log);
/* Moves the lines logged so far to `to` (see cs_diag_take). */
void cs_plog_take(cs_plog *log, cs_diag *to);

/* Prepares a call; cs_call_end() frees the streams it handed out. */
void cs_call_init(cs_call *call, const cs_ctx *ctx);
void cs_call_end(cs_call *call);

#endif /* CS_SERVICES_H */
