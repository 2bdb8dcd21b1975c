/* tp_bad.c -- broken test plugins, one per TP_* variant:
 *   TP_ABI      built for ABI major 99
 *   TP_NOENTRY  exports no entry symbol
 *   TP_ERROR    consortium() fails with a message
 *   TP_NAN      writes NaN
 *   TP_SHORT    fills one value of a sampled metric (wrong sample count)
 *   TP_SIZE     a descriptor shorter than ABI 1.0's
 *   TP_NULLCB   no consortium callback
 *   TP_INITFAIL init() fails */
#include <math.h>
#include <consortia/plugin.h>

static const cs_metric_decl metrics[] = {
    {"x", "unit", CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, "a value"},
};

static int init(const cs_host *host, const cs_ctx *ctx, void **st, cs_setup *setup)
{
    (void)setup; (void)st;
#ifdef TP_INITFAIL
    host->log(ctx, CS_LOG_ERROR, "cannot start: test plugin told to fail");
    return -1;
#else
    (void)host; (void)ctx;
    return 0;
#endif
}

#if defined(__GNUC__)
__attribute__((unused))
#endif
static int consortium(void *st, const cs_host *host, cs_call *call,
                      const cs_consortium_view *c, cs_values *out)
{
    (void)st;
#if defined(TP_ERROR)
    return host->error(call, "cannot score consortium '%s': test error", c->id);
#else
    (void)host; (void)call;
    for (size_t k = 0; k < out->n_draws; k++) {
#if defined(TP_SHORT)
        if (k > 0)
            break;
#endif
        out->values[0][k] = c->registered;
#if defined(TP_NAN)
        if (k == 7)
            out->values[0][k] = NAN;
#endif
    }
    return 0;
#endif
}

static const cs_plugin_descriptor desc = {
#ifdef TP_SIZE
    .size = 24,
#else
    .size = sizeof(cs_plugin_descriptor),
#endif
#ifdef TP_ABI
    .abi_version = (99 << 16) | 0,
#else
    .abi_version = CS_ABI_VERSION,
#endif
    .name = TP_NAME, .version = "0.1", .summary = "broken test plugin",
    .metrics = metrics, .n_metrics = 1,
    .init = init,
#ifndef TP_NULLCB
    .consortium = consortium,
#endif
};

#ifdef TP_NOENTRY
const cs_plugin_descriptor *not_the_entry(void);
const cs_plugin_descriptor *not_the_entry(void) { return &desc; }
#else
CS_PLUGIN(desc)
#endif
