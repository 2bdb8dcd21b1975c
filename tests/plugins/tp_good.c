/* tp_good.c -- a well-behaved test plugin: a score from list sizes, a
 * parameter of each kind, a random stream keyed by the consortium. */
#include <stdlib.h>
#include <consortia/plugin.h>

static const cs_param_decl params[] = {
    {"scale", CS_PARAM_NUMBER, 1.0, NULL, 0.0, 10.0, "", "multiplies the score", NULL, NULL},
    {"noise", CS_PARAM_UNCERTAIN, 0.0, NULL, -5.0, 5.0, "points", "added per draw", NULL, NULL},
    {"mode", CS_PARAM_CHOICE, 0.0, "plain", 0, 0, "", "plain or doubled", "plain|doubled", NULL},
    {"count", CS_PARAM_INTEGER, 3.0, NULL, 1.0, 9.0, "", "a whole number", NULL, NULL},
    {"flag", CS_PARAM_BOOLEAN, 0.0, NULL, 0.0, 1.0, "", "a switch", NULL, NULL},
};

static const cs_metric_decl metrics[] = {
    {"size_score", "points", CS_HIGHER_IS_BETTER, 1, CS_AGG_MEAN, "list in thousands, scaled, plus noise"},
    {"practices", "count", CS_NEUTRAL, 0, CS_AGG_SUM, "practices"},
};

typedef struct state {
    double scale, mult;
    const double *noise;
    size_t n_draws;            /* as the scenario view says */
} state;

/* One state per criterion: the same plugin may serve two criteria. */
static int init(const cs_host *host, const cs_ctx *ctx, void **st, cs_setup *setup)
{
    const char *mode = host->param_choice(ctx, "mode");
    state *s = malloc(sizeof *s);
    (void)setup;
    if (!s)
        return -1;
    s->scale = host->param_number(ctx, "scale");
    s->mult = mode && mode[0] == 'd' ? 2.0 : 1.0;
    s->noise = host->param_draws(ctx, "noise");
    s->n_draws = host->scenario(ctx)->n_draws;
    if (!s->noise) {
        free(s);
        return -1;
    }
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
    if (!r)
        return host->error(call, "no random stream");
    if (out->n_draws != s->n_draws)
        return host->error(call, "the scenario view says %zu draws but the "
                           "output holds %zu", s->n_draws, out->n_draws);
    for (size_t k = 0; k < out->n_draws; k++)
        out->values[0][k] = s->mult * s->scale * c->registered / 1000.0 +
                            s->noise[k] + 0.01 * gsl_rng_uniform(r);
    out->values[1][0] = (double)c->n_practices;
    return 0;
}

static const cs_plugin_descriptor desc = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "tp_good", .version = "0.1", .summary = "test plugin",
    .params = params, .n_params = sizeof params / sizeof *params,
    .metrics = metrics, .n_metrics = 2,
    .init = init, .consortium = consortium, .fini = fini,
    .headline_scale = &(const cs_value_scale){0.0, 200.0,
        "test: 0 to 200 thousand patients"},
};

CS_PLUGIN(desc)
