/* services.c -- the host function table handed to plugins. */
#include "services.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats a log line as the user reads it and keeps it in the criterion's
 * log (cs_plog) for the caller's cs_diag; the command prints it. */
static void svc_log(const cs_ctx *ctx, cs_log_level level, const char *fmt,
                    ...)
{
    static const char *const words[] = {"error", "warning", "info", "debug"};
    char body[1024], line[1280];
    va_list ap;

    if (level > CS_LOG_WARNING && (ctx->quiet || level > CS_LOG_INFO))
        return;
    if (level == CS_LOG_WARNING && ctx->quiet)
        return;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "consortia: criterion '%s': %s: %s",
             ctx->name, words[level <= CS_LOG_DEBUG ? level : CS_LOG_DEBUG],
             body);
    if (!ctx->log)
        return;
    pthread_mutex_lock(&ctx->log->lock);
    cs_diag_line(&ctx->log->lines, level == CS_LOG_ERROR, line);
    if (level == CS_LOG_ERROR && !ctx->log->first_error[0])
        snprintf(ctx->log->first_error, sizeof ctx->log->first_error, "%s",
                 body);
    pthread_mutex_unlock(&ctx->log->lock);
}

cs_plog *cs_plog_new(void)
{
    cs_plog *log = calloc(1, sizeof *log);

    if (log && pthread_mutex_init(&log->lock, NULL) != 0) {
        free(log);
        return NULL;
    }
    return log;
}

void cs_plog_free(cs_plog *log)
{
    if (!log)
        return;
    cs_diag_clear(&log->lines);
    pthread_mutex_destroy(&log->lock);
    free(log);
}

void cs_plog_take(cs_plog *log, cs_diag *to)
{
    if (!log)
        return;
    pthread_mutex_lock(&log->lock);
    cs_diag_take(to, &log->lines);
    pthread_mutex_unlock(&log->lock);
}

static int svc_error(cs_call *call, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(call->err, sizeof call->err, fmt, ap);
    va_end(ap);
    call->has_err = 1;
    return -1;
}

static const cs_param_slot *slot(const cs_ctx *ctx, const char *name)
{
    const cs_param_slot *s = cs_params_get(ctx->params, name);

    if (!s)
        svc_log(ctx, CS_LOG_ERROR, "asked for undeclared parameter '%s'",
                name ? name : "(null)");
    return s;
}

static double svc_param_number(const cs_ctx *ctx, const char *name)
{
    const cs_param_slot *s = slot(ctx, name);

    if (!s)
        return NAN;
    if (s->decl->type == CS_PARAM_CHOICE) {
        svc_log(ctx, CS_LOG_ERROR, "parameter '%s' is a choice; use "
                "param_choice", name);
        return NAN;
    }
    return s->number;
}

static const char *svc_param_choice(const cs_ctx *ctx, const char *name)
{
    const cs_param_slot *s = slot(ctx, name);

    if (s && s->decl->type != CS_PARAM_CHOICE) {
        svc_log(ctx, CS_LOG_ERROR, "parameter '%s' is not a choice", name);
        return NULL;
    }
    return s ? s->choice : NULL;
}

static const double *svc_param_draws(const cs_ctx *ctx, const char *name)
{
    const cs_param_slot *s = slot(ctx, name);

    if (s && s->decl->type != CS_PARAM_UNCERTAIN) {
        svc_log(ctx, CS_LOG_ERROR, "parameter '%s' is not uncertain; use "
                "param_number", name);
        return NULL;
    }
    return s ? s->draws : NULL;
}

static const cs_scenario_view *svc_scenario(const cs_ctx *ctx)
{
    return ctx->view;
}

static gsl_rng *svc_rng(cs_call *call, const char *key)
{
    gsl_rng *r, **grown;

    /* the plugin only learns "no stream": say why in its log */
    if (!(r = gsl_rng_alloc(CS_STREAM_RNG))) {
        svc_log(call->ctx, CS_LOG_ERROR, "out of memory for the random "
                "stream '%s'", key ? key : "");
        return NULL;
    }
    /* the array's capacity is the next power of two of n_rngs: grown by
       doubling, not by one (a call asking for thousands of streams, one
       per practice, copied the array once per stream) */
    if ((call->n_rngs & (call->n_rngs - 1)) == 0) {
        size_t cap = call->n_rngs ? 2 * call->n_rngs : 1;
        grown = realloc(call->rngs, cap * sizeof *grown);
        if (!grown) {
            gsl_rng_free(r);
            svc_log(call->ctx, CS_LOG_ERROR, "out of memory for the random "
                    "stream '%s'", key ? key : "");
            return NULL;
        }
        call->rngs = grown;
    }
    call->rngs[call->n_rngs++] = r;
    gsl_rng_set(r, (unsigned long)cs_seed_mix(call->ctx->seed,
                                              call->ctx->plugin_name,
                                              key ? key : ""));
    return r;
}

static gsl_rng *svc_stream(const cs_ctx *ctx, const char *key)
{
    gsl_rng *r = ctx ? gsl_rng_alloc(CS_STREAM_RNG) : NULL;

    if (r)   /* seeded exactly as svc_rng seeds the call's stream */
        gsl_rng_set(r, (unsigned long)cs_seed_mix(ctx->seed, ctx->plugin_name,
                                                  key ? key : ""));
    return r;
}

static void *svc_shared(const cs_ctx *ctx, size_t *len)
{
    void *p = ctx ? ctx->shared : NULL;

    if (len)
        *len = p ? ctx->shared_len : 0;
    return p;
}

const cs_host cs_host_services = {
    .size = sizeof(cs_host),
    .abi_version = CS_ABI_VERSION,
    .log = svc_log,
    .error = svc_error,
    .param_number = svc_param_number,
    .param_choice = svc_param_choice,
    .param_draws = svc_param_draws,
    .scenario = svc_scenario,
    .rng = svc_rng,
    .stream = svc_stream,
    .shared = svc_shared,
};

void cs_call_init(cs_call *call, const cs_ctx *ctx)
{
    memset(call, 0, sizeof *call);
    call->ctx = ctx;
}

void cs_call_end(cs_call *call)
{
    for (size_t i = 0; i < call->n_rngs; i++)
        gsl_rng_free(call->rngs[i]);
    free(call->rngs);
    call->rngs = NULL;
    call->n_rngs = 0;
}
