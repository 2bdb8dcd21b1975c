/*
 * transition.c -- the costs of change: what it costs to move from the
 * scenario's status quo to an option. The model and the source of every
 * default are in docs/models.md ("transition").
 *
 * A consortium of the option whose membership is not a consortium of the
 * status quo is a body created; a consortium of the status quo whose
 * membership is not in the option is a body dissolved (a merger of three
 * into one dissolves three and creates one, as the law did it). Each body
 * created or dissolved costs `cost_per_body` once (redundancy, dual
 * running, systems, estates, legal); each federation not in the status quo
 * costs `federation_setup_cost` once. Each body created delivers
 * `disruption_loss` less of its QIPP programme (qipp_target x capitation
 * budget a year) for `disruption_years`. Per draw:
 *
 *   PV       = one-off + loss x qipp x budget_created x sum_t min(1, D - t) / (1 + r)^t
 *   headline = PV / sum_{t<H} (1 + r)^-t / N      (GBP a head a year)
 *
 * with r the discount rate and H the appraisal horizon in years.
 */
#include <consortia/plugin.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cs_param_decl tr_params[] = {
    {"cost_per_body", CS_PARAM_UNCERTAIN, 2.68e6, NULL, 0, 1e9, "GBP/body",
     "one-off cost of a body created or dissolved; mode NAO 2013: GBP 1.1bn"
     " for >170 closed and 240 created; range GBP 1-5m (ASSUMPTION)",
     NULL, "triangular(1000000, 2680000, 5000000)"},
    {"federation_setup_cost", CS_PARAM_NUMBER, 2.5e5, NULL, 0, 1e9, "GBP",
     "one-off cost of forming a federation: agreements, joint committee,"
     " moving shared functions (ASSUMPTION)", NULL, NULL},
    {"disruption_years", CS_PARAM_UNCERTAIN, 1.5, NULL, 0, 10, "years",
     "how long a new body delivers less; Fulop et al. BMJ 2002: developments"
     " delayed at least 18 months (12-24 months: ASSUMPTION)", NULL,
     "triangular(1, 1.5, 2)"},
    {"disruption_loss", CS_PARAM_UNCERTAIN, 0.25, NULL, 0, 1, "fraction",
     "share of a new body's QIPP programme not delivered while disrupted"
     " (ASSUMPTION: the share resting on new developments)", NULL,
     "uniform(0, 0.5)"},
    {"qipp_target", CS_PARAM_NUMBER, 0.034, NULL, 0, 0.5, "fraction",
     "yearly QIPP savings as a share of budget (Stoke 2011/12: GBP 10-15m of 364m)",
     NULL, NULL},
    {"spend_per_weighted_head", CS_PARAM_NUMBER, 1230, NULL, 1, 100000,
     "GBP/weighted head/year",
     "capitation rate (Stoke 2011/12: GBP 364m over 296,074 weighted"
     " patients)",
     NULL, NULL},
    {"discount_rate", CS_PARAM_NUMBER, 0.035, NULL, 0, 0.5, "fraction/year",
     "HM Treasury Green Book discount rate (2022 edition: 3.5%)", NULL, NULL},
    {"horizon_years", CS_PARAM_INTEGER, 10, NULL, 1, 100, "years",
     "appraisal horizon over which one-off costs are annualised"
     " (ASSUMPTION)", NULL, NULL},
};
#define TR_N_PARAMS (sizeof tr_params / sizeof tr_params[0])

enum { T_HEAD, T_PV, T_ONE_OFF, T_DISRUPT, T_CREATED, T_DISSOLVED, T_FEDS,
       T_POP_NEW, T_SQ, T_N };

static const cs_metric_decl tr_metrics[] = {
    {"change_cost_per_head", "GBP/head/year", CS_LOWER_IS_BETTER, 1,
     CS_AGG_MEAN, "present cost of change, annualised over the horizon, per"
     " head (0 for the status quo or when there is none)"},
    {"present_cost_gbp", "GBP", CS_LOWER_IS_BETTER, 1, CS_AGG_SUM,
     "present cost of change: one-off costs and disruption"},
    {"one_off_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean one-off costs of bodies created, dissolved and federations formed"},
    {"disruption_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean present value of QIPP savings not delivered while disrupted"},
    {"bodies_created", "bodies", CS_NEUTRAL, 0, CS_AGG_SUM,
     "consortia whose membership is not a body of the status quo"},
    {"bodies_dissolved", "bodies", CS_NEUTRAL, 0, CS_AGG_SUM,
     "bodies of the status quo whose membership is not in the option"},
    {"federations_formed", "federations", CS_NEUTRAL, 0, CS_AGG_SUM,
     "federations whose membership is not a federation of the status quo"},
    {"population_in_new_bodies", "people", CS_NEUTRAL, 0, CS_AGG_SUM,
     "registered patients in bodies created"},
    {"status_quo_named", "flag", CS_NEUTRAL, 0, CS_AGG_MAX,
     "1 when the scenario names a status quo, else 0 (nothing is costed)"},
};

typedef struct tr_state {
    const double *body, *years, *loss;     /* per draw */
    double fed_setup, qipp, rate, spend, annuity;
    int has_status_quo_field;
    size_t n_draws;
} tr_state;

static int tr_init(const cs_host *h, const cs_ctx *ctx, void **state,
                   cs_setup *setup)
{
    tr_state *s = calloc(1, sizeof *s);
    const cs_scenario_view *sc = h->scenario(ctx);
    if (!s || !sc) {
        free(s);
        h->log(ctx, CS_LOG_ERROR, "transition: out of memory");
        return -1;
    }
    s->body = h->param_draws(ctx, "cost_per_body");
    s->years = h->param_draws(ctx, "disruption_years");
    s->loss = h->param_draws(ctx, "disruption_loss");
    s->fed_setup = h->param_number(ctx, "federation_setup_cost");
    s->qipp = h->param_number(ctx, "qipp_target");
    s->spend = h->param_number(ctx, "spend_per_weighted_head");
    s->rate = h->param_number(ctx, "discount_rate");
    double horizon = h->param_number(ctx, "horizon_years");
    if (!s->body || !s->years || !s->loss
        || !isfinite(s->fed_setup + s->qipp + s->spend + s->rate + horizon)) {
        h->log(ctx, CS_LOG_ERROR, "transition: a parameter could not be read");
        free(s);
        return -1;
    }
    for (int t = 0; t < (int)horizon; t++)
        s->annuity += pow(1 + s->rate, -t);
    s->n_draws = sc->n_draws;
    s->has_status_quo_field = (h->abi_version >> 16) == CS_ABI_MAJOR
                              && (h->abi_version & 0xffffu) >= 1;
    (void)setup;
    *state = s;
    return 0;
}

static void tr_fini(void *state)
{
    free(state);
}

/* The option step does the work; per consortium there is nothing to cost
 * without the option and its status quo. */
static int tr_consortium(void *state, const cs_host *h, cs_call *call,
                         const cs_consortium_view *c, cs_values *out)
{
    (void)state;
    (void)h;
    (void)call;
    (void)c;
    for (size_t m = 0; m < out->n_metrics; m++) {
        size_t n = (m == T_HEAD || m == T_PV) ? out->n_draws : 1;
        memset(out->values[m], 0, n * sizeof(double));
    }
    return 0;
}

/* Present value of one unit a year lost for `years` from year 0, yearly
 * discounting: sum_t min(1, years - t) / (1 + r)^t. */
static double tr_disruption_factor(double years, double rate)
{
    double pv = 0;
    for (int t = 0; t < years && t < 100; t++) {
        double part = years - t < 1 ? years - t : 1;
        pv += part * pow(1 + rate, -t);
    }
    return pv;
}

static int tr_has_key(const cs_option_view *o, const char *key)
{
    for (size_t i = 0; key && i < o->n_consortia; i++)
        if (o->consortia[i].key && !strcmp(o->consortia[i].key, key))
            return 1;
    return 0;
}

/* Two federations match when they have the same members, compared by the
 * members' membership keys. */
static int tr_same_federation(const cs_option_view *a, const cs_federation *fa,
                              const cs_option_view *b, const cs_federation *fb)
{
    if (fa->n_members != fb->n_members)
        return 0;
    for (size_t j = 0; j < fa->n_members; j++) {
        const char *key = a->consortia[fa->members[j]].key;
        int found = 0;
        for (size_t k = 0; key && k < fb->n_members && !found; k++) {
            const char *other = b->consortia[fb->members[k]].key;
            found = other && !strcmp(key, other);
        }
        if (!found)
            return 0;
    }
    return 1;
}

static double tr_new_federations(const cs_option_view *o,
                                 const cs_option_view *sq)
{
    double n = 0;
    for (size_t f = 0; f < o->n_federations; f++) {
        int found = 0;
        for (size_t g = 0; g < sq->n_federations && !found; g++)
            found = tr_same_federation(o, &o->federations[f], sq,
                                       &sq->federations[g]);
        n += !found;
    }
    return n;
}

static void tr_fill(const tr_state *s, const cs_option_view *o,
                    const cs_option_view *sq, cs_values *out)
{
    double created = 0, dissolved = 0, pop = 0, pop_new = 0, budget_new = 0;
    for (size_t i = 0; i < o->n_consortia; i++) {
        pop += o->consortia[i].registered;
        if (tr_has_key(sq, o->consortia[i].key))
            continue;
        created++;
        pop_new += o->consortia[i].registered;
        budget_new += o->consortia[i].weighted * s->spend;
    }
    for (size_t i = 0; i < sq->n_consortia; i++)
        dissolved += !tr_has_key(o, sq->consortia[i].key);
    double feds = tr_new_federations(o, sq), one = 0, dis = 0;
    size_t nd = out->n_draws;
    for (size_t k = 0; k < nd; k++) {
        double one_k = (created + dissolved) * s->body[k] + feds * s->fed_setup;
        double dis_k = s->loss[k] * s->qipp * budget_new
                       * tr_disruption_factor(s->years[k], s->rate);
        out->values[T_PV][k] = one_k + dis_k;
        out->values[T_HEAD][k] = (one_k + dis_k) / s->annuity / pop;
        one += one_k;
        dis += dis_k;
    }
    out->values[T_ONE_OFF][0] = one / (double)nd;
    out->values[T_DISRUPT][0] = dis / (double)nd;
    out->values[T_CREATED][0] = created;
    out->values[T_DISSOLVED][0] = dissolved;
    out->values[T_FEDS][0] = feds;
    out->values[T_POP_NEW][0] = pop_new;
    out->values[T_SQ][0] = 1;
}

static int tr_option(void *state, const cs_host *h, cs_call *call,
                     const cs_option_view *o, const cs_values *const *in,
                     cs_values *out)
{
    const tr_state *s = state;
    const cs_option_view *sq = s->has_status_quo_field ? o->status_quo
                                                       : NULL;
    (void)in;
    if (o->n_consortia == 0)
        return h->error(call, "option '%s' has no consortia", o->id);
    for (size_t m = 0; m < out->n_metrics; m++) {
        size_t n = (m == T_HEAD || m == T_PV) ? out->n_draws : 1;
        memset(out->values[m], 0, n * sizeof(double));
    }
    if (sq)
        tr_fill(s, o, sq, out);
    return 0;
}

static const cs_plugin_descriptor tr_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "transition",
    .version = "1.0.0",
    .summary = "the costs of change from the status quo: bodies created and"
               " dissolved, federations formed, and disruption, annualised",
    .params = tr_params,
    .n_params = TR_N_PARAMS,
    .metrics = tr_metrics,
    .n_metrics = T_N,
    .init = tr_init,
    .consortium = tr_consortium,
    .option = tr_option,
    .fini = tr_fini,
    /* Default value scale of change_cost_per_head (docs/models.md). */
    .headline_scale = &(const cs_value_scale){20.0, 0.0,
        "ASSUMPTION: no cost of change best, GBP 20 a head a year worst: "
        "the same GBP 20 a head span as capacity's scale, so a pound of "
        "change counts as a pound of running costs at equal weights"},
};

CS_PLUGIN(tr_descriptor)
