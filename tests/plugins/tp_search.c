/* tp_search.c -- a test plugin for the search (tests/test_search.c): a
 * consortium's fit is minus the distance of its list from a target size,
 * in thousands, plus optional noise keyed by its membership. Its headline
 * is a list-weighted mean with a linear value scale wide enough never to
 * clamp, so a grouping's score is exactly the sum of its consortia's
 * shares (docs/search.md), which the test computes by hand. */
#include <math.h>
#include <stdlib.h>
#include <consortia/plugin.h>

static const cs_param_decl params[] = {
    {"target", CS_PARAM_NUMBER, 100.0, NULL, 0.0, 10000.0, "thousands",
     "the list size that fits best", NULL, NULL},
    {"noise", CS_PARAM_NUMBER, 0.0, NULL, 0.0, 100.0, "points",
     "the spread of uniform noise added per draw", NULL, NULL},
};

static const cs_metric_decl metrics[] = {
    {"fit", "points", CS_HIGHER_IS_BETTER, 1, CS_AGG_MEAN,
     "minus |list / 1000 - target|, plus noise"},
};

typedef struct state {
    double target, noise;
} state;

static int init(const cs_host *host, const cs_ctx *ctx, void **st,
                cs_setup *setup)
{
    state *s = malloc(sizeof *s);
    (void)setup;
    if (!s)
        return -1;
    s->target = host->param_number(ctx, "target");
    s->noise = host->param_number(ctx, "noise");
    *st = s;
    return 0;
}

static void fini(void *st)
{
    free(st);
}

static int consortium(void *st, const cs_host *host, cs_call *call,
                      const cs_consortium_view *c, cs_values *out)
{
    const state *s = st;
    gsl_rng *r = host->rng(call, c->key);
    double fit = -fabs(c->registered / 1000.0 - s->target);
    if (!r)
        return host->error(call, "no random stream");
    for (size_t k = 0; k < out->n_draws; k++)
        out->values[0][k] = fit + s->noise * (gsl_rng_uniform(r) - 0.5);
    return 0;
}

static const cs_plugin_descriptor desc = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "tp_search", .version = "0.1", .summary = "test plugin: fit",
    .params = params, .n_params = sizeof params / sizeof *params,
    .metrics = metrics, .n_metrics = 1,
    .init = init, .consortium = consortium, .fini = fini,
    .headline_scale = &(const cs_value_scale){-1000.0, 1000.0,
        "test: wide enough never to clamp"},
};

CS_PLUGIN(desc)
