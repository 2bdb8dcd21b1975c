/*
 * services.h -- the host side of the plugin ABI: the cs_host table and the
 * per-criterion (cs_ctx) and per-call (cs_call) state behind it.
 */
#ifndef CS_SERVICES_H
#define CS_SERVICES_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include <consortia/plugin.h>
#include "model/model.h"
#include "params.h"

struct cs_ctx {
    const cs_model *model;
    const cs_scenario_view *view;  /* the appraisal's: its n_draws */
    const cs_param_set *params;
    const char *name;          /* criterion label, for log lines */
    const char *plugin_name;   /* seeds the plugin's streams */
    uint64_t seed;
    int quiet;
};

struct cs_call {
    const cs_ctx *ctx;
    gsl_rng **rngs;            /* handed out during the call */
    size_t n_rngs;
    int has_err;
    char err[1024];
};

extern const cs_host cs_host_services;

/* Prepares a call; cs_call_end() frees the streams it handed out. */
void cs_call_init(cs_call *call, const cs_ctx *ctx);
void cs_call_end(cs_call *call);

#endif /* CS_SERVICES_H */
