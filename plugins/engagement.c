/*
 * engagement.c -- the engagement criterion: how close member practices are
 * to the board that commissions for them.
 *
 * The headline (our_organisation_share) is the expected share of member
 * GPs who call the consortium "our organisation":
 *
 *     E(c) = r * o_role + (1 - r) * s(P),  s(P) = s_small (P/P_small)^-b,
 *     b = ln(s_small / s_large) / ln(range)
 *
 * r being the share of the consortium's GPs holding a formal role (GP
 * chair plus locality leads, over GP FTE), o_role the ownership of GPs
 * with a role (58%, Moran, Checkland et al., BMJ Open 2017), and s(P) the
 * power curve through the King's Fund / Nuffield Trust figures (56% in the
 * smallest of six CCGs, 39% in the largest, a 13-fold range of population)
 * for the GPs without one, capped to [0, 1]. At option level: the GP-FTE-
 * weighted mean. Deterministic: the same in every draw. Also reported:
 * practices per consortium (sum(n_c^2) / sum(n_c)), patients per consortium, locality leads and the practices and
 * patients per lead, the layers between a practice and its board, and the
 * share of practices supporting the option where votes are given. Formulas
 * and sources: docs/models-structure.md.
 */
#include <math.h>
#include <stdlib.h>
#include <consortia/plugin.h>

enum {
    E_OWN, E_ROLE_SHARE, E_PRACTICES, E_PATIENTS, E_LEADS, E_PRACTICES_PER_LEAD,
    E_PATIENTS_PER_LEAD, E_LAYERS, E_MAX_LAYERS, E_SUPPORT, E_TURNOUT,
    E_VOTES, E_N
};

static const cs_param_decl eng_params[] = {
    {.name = "leads_per_locality", .type = CS_PARAM_INTEGER, .def = 1,
     .min = 0, .max = 10, .unit = "leads/locality",
     .doc = "GP locality leads per locality a consortium covers: Salford's "
            "four neighbourhood leads, one per neighbourhood (2011)"},
    {.name = "locality_tier_min_practices", .type = CS_PARAM_INTEGER,
     .def = 20, .min = 1, .max = 10000, .unit = "practices",
     .doc = "ASSUMPTION: a consortium of several localities with more "
            "practices than this runs a locality tier (DH ready reckoner's "
            "typical CCG: 24 practices)"},
    {.name = "gp_roles_base", .type = CS_PARAM_INTEGER, .def = 1,
     .min = 0, .max = 20, .unit = "roles",
     .doc = "formal GP roles per consortium besides locality leads: the GP "
            "chair (Stoke-on-Trent consortium, 2011)"},
    {.name = "ownership_with_role", .type = CS_PARAM_NUMBER, .def = 0.58,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "GPs with a formal CCG role who feel ownership (Moran, Checkland "
            "et al., BMJ Open 2017;7:e015464, n = 2,611)"},
    {.name = "our_org_smallest", .type = CS_PARAM_NUMBER, .def = 0.56,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "GPs calling the smallest of six case-study CCGs 'our "
            "organisation' (King's Fund / Nuffield Trust; VALIDATION.md)"},
    {.name = "our_org_largest", .type = CS_PARAM_NUMBER, .def = 0.39,
     .min = 0, .max = 1, .unit = "fraction",
     .doc = "the same in the largest of the six (King's Fund / Nuffield "
            "Trust; VALIDATION.md)"},
    {.name = "our_org_range", .type = CS_PARAM_NUMBER, .def = 13,
     .min = 1.01, .max = 1000, .unit = "ratio",
     .doc = "population of the largest case-study CCG over the smallest's "
            "(13-fold; King's Fund / Nuffield Trust; "
            "VALIDATION.md)"},
    {.name = "our_org_smallest_population", .type = CS_PARAM_NUMBER,
     .def = 72625, .min = 1, .max = 1e8, .unit = "patients",
     .doc = "ASSUMPTION: the smallest case-study CCG's list is England's "
            "smallest CCG list in 2014/15 (72,625; the largest, 906,924, is "
            "12.5 times it, near the 13-fold range)"},
    {.name = "patients_per_gp", .type = CS_PARAM_NUMBER, .def = 1934,
     .min = 100, .max = 100000, .unit = "patients/GP FTE",
     .doc = "estimate of GP FTE where not given (England 2014/15 lists / "
            "2016 GP FTE, data file)"},
};

#define ENG_N_PARAMS (sizeof eng_params / sizeof eng_params[0])

static const cs_metric_decl eng_metrics[E_N] = {
    [E_OWN] = {"our_organisation_share", "fraction", CS_HIGHER_IS_BETTER, 1,
        CS_AGG_MEAN, "expected share of member GPs calling the consortium "
        "'our organisation' (option: GP-FTE-weighted mean)"},
    [E_ROLE_SHARE] = {"gp_role_share", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "GP roles (chair and locality leads) per GP FTE, capped "
        "at 1 (option: GP-FTE-weighted mean)"},
    [E_PRACTICES] = {"practices_per_consortium", "practices",
        CS_LOWER_IS_BETTER, 1, CS_AGG_MAX, "member practices sharing a "
        "board (option: practice-weighted mean over consortia)"},
    [E_PATIENTS] = {"patients_per_consortium", "patients", CS_LOWER_IS_BETTER,
        0, CS_AGG_MEAN, "registered patients per consortium (option: "
        "list-weighted mean)"},
    [E_LEADS] = {"locality_leads", "leads", CS_NEUTRAL, 0, CS_AGG_SUM,
        "GP locality leads: leads_per_locality x localities covered"},
    [E_PRACTICES_PER_LEAD] = {"practices_per_lead", "practices",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN, "practices per locality lead, "
        "the board counting as one when there are none (option: "
        "practice-weighted mean)"},
    [E_PATIENTS_PER_LEAD] = {"patients_per_lead", "patients",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN, "registered patients per "
        "locality lead (option: list-weighted mean)"},
    [E_LAYERS] = {"layers", "layers", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
        "layers between a practice and its board: 1, +1 for a locality "
        "tier, +1 for a federation tier (option: practice-weighted mean)"},
    [E_MAX_LAYERS] = {"max_layers", "layers", CS_LOWER_IS_BETTER, 0,
        CS_AGG_MAX, "most layers any practice has to its board"},
    [E_SUPPORT] = {"support", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "share of practices with a recorded vote that voted "
        "for the option (0.5, neutral, when none is recorded)"},
    [E_TURNOUT] = {"vote_turnout", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "share of practices with a recorded vote"},
    [E_VOTES] = {"votes_recorded", "yes=1", CS_NEUTRAL, 0, CS_AGG_MAX,
        "1 when the option has at least one recorded vote"},
};

typedef struct eng_state {
    const cs_scenario_view *sc;
    int leads_per_locality;
    int tier_min;
    double roles_base, o_role, s_small, b, p_small, per_gp;
} eng_state;

/* One consortium's figures. */
typedef struct eng_facts {
    double practices;
    double patients;
    double leads;
    double layers;             /* without a federation tier */
    double gps;                /* GP FTE, estimated where not given */
    double role_share;         /* r */
    double own;                /* E(c) */
} eng_facts;

/* The fitted size curve s(P) for GPs without a role, in [0, 1]. */
static double eng_size_curve(const eng_state *s, double pop)
{
    double v = s->s_small * pow(pop / s->p_small, -s->b);
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Reads the curve's parameters; -1 when one has no value. */
static int eng_curve_params(eng_state *s, const cs_host *host,
                            const cs_ctx *ctx)
{
    double large = host->param_number(ctx, "our_org_largest");
    double range = host->param_number(ctx, "our_org_range");
    s->roles_base = host->param_number(ctx, "gp_roles_base");
    s->o_role = host->param_number(ctx, "ownership_with_role");
    s->s_small = host->param_number(ctx, "our_org_smallest");
    s->p_small = host->param_number(ctx, "our_org_smallest_population");
    s->per_gp = host->param_number(ctx, "patients_per_gp");
    if (!isfinite(large) || !isfinite(range) || !isfinite(s->roles_base)
        || !isfinite(s->o_role) || !isfinite(s->s_small)
        || !isfinite(s->p_small) || !isfinite(s->per_gp)) {
        host->log(ctx, CS_LOG_ERROR, "the engagement curve's parameters "
                  "need values");
        return -1;
    }
    if (s->s_small <= 0 || large <= 0) {
        host->log(ctx, CS_LOG_ERROR, "our_org_smallest and our_org_largest "
                  "must be above 0 to fit the size curve; give both");
        return -1;
    }
    s->b = log(s->s_small / large) / log(range);
    return 0;
}

static int eng_init(const cs_host *host, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    eng_state *s = calloc(1, sizeof *s);
    double leads, tier;
    (void)setup;
    if (s == NULL) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        return -1;
    }
    s->sc = host->scenario(ctx);
    leads = host->param_number(ctx, "leads_per_locality");
    tier = host->param_number(ctx, "locality_tier_min_practices");
    if (s->sc == NULL || !isfinite(leads) || !isfinite(tier)) {
        host->log(ctx, CS_LOG_ERROR, "parameters 'leads_per_locality' and "
                  "'locality_tier_min_practices' need values");
        free(s);
        return -1;
    }
    s->leads_per_locality = (int)lround(leads);
    s->tier_min = (int)lround(tier);
    if (eng_curve_params(s, host, ctx) != 0) {   /* it said why */
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static void eng_fini(void *state)
{
    free(state);
}

/* Fills `f` for practices idx[0..n); returns -1 when out of memory. */
static int eng_facts_of(const eng_state *s, const int *idx, size_t n,
                        eng_facts *f)
{
    const cs_scenario_view *sc = s->sc;
    char *seen = calloc(sc->n_localities + 1, 1);
    double localities = 0;
    if (seen == NULL)
        return -1;
    f->practices = f->patients = f->gps = 0;
    for (size_t i = 0; i < n; i++) {
        int p = idx[i], loc;
        if (p < 0 || (size_t)p >= sc->n_practices)
            continue;
        f->practices += 1;
        f->patients += sc->practices[p].registered;
        f->gps += isnan(sc->practices[p].gp_fte)
                      ? sc->practices[p].registered / s->per_gp
                      : sc->practices[p].gp_fte;
        loc = sc->practices[p].locality;
        if (loc >= 0 && (size_t)loc < sc->n_localities && !seen[loc]) {
            seen[loc] = 1;
            localities += 1;
        }
    }
    free(seen);
    f->leads = s->leads_per_locality * localities;
    f->layers = 1;
    if (localities >= 2 && f->practices > s->tier_min)
        f->layers += 1;
    f->role_share = f->gps > 0 ? (s->roles_base + f->leads) / f->gps : 1;
    if (f->role_share > 1)
        f->role_share = 1;
    f->own = f->role_share * s->o_role
             + (1 - f->role_share) * eng_size_curve(s, f->patients);
    return 0;
}

static void eng_put(cs_values *out, size_t m, double v)
{
    size_t n = eng_metrics[m].sampled ? out->n_draws : 1;
    for (size_t d = 0; d < n; d++)
        out->values[m][d] = v;
}

static double eng_channels(const eng_facts *f)
{
    return f->leads > 1 ? f->leads : 1;
}

static int eng_consortium(void *state, const cs_host *host, cs_call *call,
                          const cs_consortium_view *c, cs_values *out)
{
    eng_facts f;
    if (out->n_metrics < E_N)
        return host->error(call, "engagement needs %d metrics, host gave %zu",
                           E_N, out->n_metrics);
    if (eng_facts_of(state, c->practices, c->n_practices, &f) != 0)
        return host->error(call, "out of memory");
    if (f.practices <= 0)
        return host->error(call, "consortium '%s' has no practices; give it "
                           "at least one", c->id ? c->id : "?");
    eng_put(out, E_OWN, f.own);
    eng_put(out, E_ROLE_SHARE, f.role_share);
    eng_put(out, E_PRACTICES, f.practices);
    eng_put(out, E_PATIENTS, f.patients);
    eng_put(out, E_LEADS, f.leads);
    eng_put(out, E_PRACTICES_PER_LEAD, f.practices / eng_channels(&f));
    eng_put(out, E_PATIENTS_PER_LEAD, f.patients / eng_channels(&f));
    eng_put(out, E_LAYERS, f.layers);
    eng_put(out, E_MAX_LAYERS, f.layers);
    eng_put(out, E_SUPPORT, 0.5);
    eng_put(out, E_TURNOUT, 0);
    eng_put(out, E_VOTES, 0);
    return 0;
}

/* Support, turnout and whether any vote is recorded, by practice count. */
static void eng_votes(const cs_scenario_view *sc, const cs_option_view *o,
                      cs_values *out)
{
    double yes = 0, voted = 0;
    for (size_t p = 0; p < sc->n_practices; p++) {
        int v = o->votes ? o->votes[p] : -1;
        if (v == 0 || v == 1)
            voted += 1;
        if (v == 1)
            yes += 1;
    }
    eng_put(out, E_SUPPORT, voted > 0 ? yes / voted : 0.5);
    eng_put(out, E_TURNOUT,
            sc->n_practices ? voted / (double)sc->n_practices : 0);
    eng_put(out, E_VOTES, voted > 0);
}

static int eng_option(void *state, const cs_host *host, cs_call *call,
                      const cs_option_view *o, const cs_values *const *in,
                      cs_values *out)
{
    const eng_state *s = state;
    double n = 0, n2 = 0, r = 0, r2 = 0, leads = 0, per_lead_w = 0;
    double pat_lead_w = 0, layers_w = 0, layers_max = 0;
    double gps = 0, own_w = 0, role_w = 0;
    (void)in;
    if (out->n_metrics < E_N)
        return host->error(call, "engagement needs %d metrics, host gave %zu",
                           E_N, out->n_metrics);
    for (size_t i = 0; i < o->n_consortia; i++) {
        const cs_consortium_view *c = &o->consortia[i];
        int fed = o->federation_of ? o->federation_of[i] : -1;
        eng_facts f;
        if (eng_facts_of(s, c->practices, c->n_practices, &f) != 0)
            return host->error(call, "out of memory");
        if (fed >= 0 && (size_t)fed < o->n_federations)
            f.layers += 1;
        n += f.practices;
        n2 += f.practices * f.practices;
        r += f.patients;
        r2 += f.patients * f.patients;
        leads += f.leads;
        per_lead_w += f.practices * (f.practices / eng_channels(&f));
        pat_lead_w += f.patients * (f.patients / eng_channels(&f));
        layers_w += f.practices * f.layers;
        gps += f.gps;
        own_w += f.gps * f.own;
        role_w += f.gps * f.role_share;
        if (f.layers > layers_max)
            layers_max = f.layers;
    }
    if (n <= 0 || r <= 0)
        return host->error(call, "option '%s' has no practices; give it at "
                           "least one consortium", o->id ? o->id : "?");
    eng_put(out, E_OWN, gps > 0 ? own_w / gps : 0);
    eng_put(out, E_ROLE_SHARE, gps > 0 ? role_w / gps : 0);
    eng_put(out, E_PRACTICES, n2 / n);
    eng_put(out, E_PATIENTS, r2 / r);
    eng_put(out, E_LEADS, leads);
    eng_put(out, E_PRACTICES_PER_LEAD, per_lead_w / n);
    eng_put(out, E_PATIENTS_PER_LEAD, pat_lead_w / r);
    eng_put(out, E_LAYERS, layers_w / n);
    eng_put(out, E_MAX_LAYERS, layers_max);
    eng_votes(s->sc, o, out);
    return 0;
}

static const cs_plugin_descriptor eng_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "engagement",
    .version = "2.0.0",
    .summary = "GPs calling the body 'our organisation' (size and roles); "
               "practices per board and lead, layers, support in votes",
    .params = eng_params,
    .n_params = ENG_N_PARAMS,
    .metrics = eng_metrics,
    .n_metrics = E_N,
    .init = eng_init,
    .consortium = eng_consortium,
    .option = eng_option,
    .fini = eng_fini,
    /* Default value scale of our_organisation_share (docs/models.md). */
    .headline_scale = &(const cs_value_scale){0.18, 0.58,
        "ownership of GPs without a formal CCG role (18%, worst) and with "
        "one (58%, best): Moran, Checkland et al., BMJ Open 2017"},
};

CS_PLUGIN(eng_descriptor)
