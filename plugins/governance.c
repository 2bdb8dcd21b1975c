/*
 * governance.c -- the governance criterion: governing-body seats to fill,
 * GP representation, coterminosity with local authorities and PCTs,
 * legitimacy (votes of practices) and the complexity of federations.
 *
 * Deterministic: every value is the same in every draw. The headline metric
 * (member_practices_per_gp_seat) is how thinly clinical leadership and
 * representation are spread: member practices per GP seat on the governing
 * body, n_c / g_c, and at option level the practice-weighted mean
 * sum(n_c * n_c / g_c) / sum(n_c) -- the seat share a typical practice
 * has. seats_to_fill (the statutory seats of SI 2012/1631 reg. 11-12 plus
 * the GP members, summed over the option's governing bodies) is reported.
 * The formulas and sources are in docs/models-structure.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <consortia/plugin.h>

enum {
    G_MEMBER_PPS, G_SEATS, G_BODIES, G_GP_SEATS, G_PRACTICES_PER_GP, G_PATIENTS_PER_GP,
    G_LOC_UNSEATED, G_ALL_SEATED, G_LAS, G_PCTS, G_MAIN_LA, G_MAIN_PCT,
    G_CONS_PER_LA, G_AGREEMENTS, G_LA_RELATIONS, G_LEGITIMACY, G_TURNOUT,
    G_VOTES, G_N
};

static const cs_param_decl gov_params[] = {
    {.name = "statutory_seats", .type = CS_PARAM_INTEGER, .def = 6,
     .min = 0, .max = 30, .unit = "seats",
     .doc = "non-GP seats per governing body: accountable officer, chief "
            "finance officer, registered nurse, secondary care doctor, two "
            "lay members (SI 2012/1631 reg. 11-12)"},
    {.name = "gp_seats_base", .type = CS_PARAM_INTEGER, .def = 1,
     .min = 0, .max = 20, .unit = "seats",
     .doc = "GP seats per governing body whatever its size: the GP chair "
            "(Stoke-on-Trent consortium, 2011)"},
    {.name = "gp_seats_per_locality", .type = CS_PARAM_INTEGER, .def = 2,
     .min = 0, .max = 10, .unit = "seats/locality",
     .doc = "GP seats added per locality the consortium covers: Stoke had "
            "six GP leads for three localities (2011)"},
    {.name = "gp_seats_max", .type = CS_PARAM_INTEGER, .def = 8,
     .min = 1, .max = 40, .unit = "seats",
     .doc = "cap on GP seats per governing body: Salford's had 8 GPs "
            "(VALIDATION.md, Governance)"},
};

#define GOV_N_PARAMS (sizeof gov_params / sizeof gov_params[0])

static const cs_metric_decl gov_metrics[G_N] = {
    [G_MEMBER_PPS] = {"member_practices_per_gp_seat", "practices",
        CS_LOWER_IS_BETTER, 1, CS_AGG_MEAN, "member practices per GP seat on "
        "the governing body (option: practice-weighted mean over "
        "consortia)"},
    [G_SEATS] = {"seats_to_fill", "seats", CS_LOWER_IS_BETTER, 1, CS_AGG_SUM,
        "governing-body seats (statutory plus GP) summed over the option's "
        "governing bodies"},
    [G_BODIES] = {"governing_bodies", "bodies", CS_LOWER_IS_BETTER, 0,
        CS_AGG_SUM, "statutory bodies (one per consortium)"},
    [G_GP_SEATS] = {"gp_seats", "seats", CS_NEUTRAL, 0, CS_AGG_SUM,
        "GP members' seats on governing bodies"},
    [G_PRACTICES_PER_GP] = {"practices_per_gp_seat", "practices",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
        "member practices per GP seat (option: all practices over all GP "
        "seats)"},
    [G_PATIENTS_PER_GP] = {"patients_per_gp_seat", "patients",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
        "registered patients per GP seat (option: all patients over all "
        "GP seats)"},
    [G_LOC_UNSEATED] = {"localities_without_seat", "localities",
        CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
        "localities that cannot hold a GP seat because the seats are "
        "fewer than the localities"},
    [G_ALL_SEATED] = {"every_locality_seated", "yes=1", CS_HIGHER_IS_BETTER,
        0, CS_AGG_MIN, "1 when every locality can hold a GP seat"},
    [G_LAS] = {"local_authorities_spanned", "authorities", CS_LOWER_IS_BETTER,
        0, CS_AGG_MEAN, "local authorities a consortium's practices' "
        "localities lie in (option: list-weighted mean)"},
    [G_PCTS] = {"pcts_spanned", "PCTs", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
        "PCTs a consortium's practices' localities lie in (option: "
        "list-weighted mean)"},
    [G_MAIN_LA] = {"main_la_share", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "share of the registered list in the consortium's "
        "main local authority (1 when none is given)"},
    [G_MAIN_PCT] = {"main_pct_share", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "share of the registered list in the consortium's "
        "main PCT (1 when none is given)"},
    [G_CONS_PER_LA] = {"consortia_per_local_authority", "consortia",
        CS_LOWER_IS_BETTER, 0, CS_AGG_MAX, "mean over local authorities of "
        "the consortia with practices there (a consortium alone: 1)"},
    [G_AGREEMENTS] = {"federation_agreements", "agreements",
        CS_LOWER_IS_BETTER, 0, CS_AGG_SUM, "pairwise agreements between "
        "federation members: k(k-1)/2 per federation of k"},
    [G_LA_RELATIONS] = {"la_relationships", "relationships",
        CS_LOWER_IS_BETTER, 0, CS_AGG_SUM, "consortium-local authority "
        "pairs that must keep a working relationship"},
    [G_LEGITIMACY] = {"legitimacy", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "list share of voting practices that voted for the "
        "option (0.5, neutral, when no votes are recorded)"},
    [G_TURNOUT] = {"vote_turnout", "fraction", CS_HIGHER_IS_BETTER, 0,
        CS_AGG_MEAN, "list share of practices with a recorded vote"},
    [G_VOTES] = {"votes_recorded", "yes=1", CS_NEUTRAL, 0, CS_AGG_MAX,
        "1 when the option has at least one recorded vote"},
};

typedef struct gov_state {
    const cs_scenario_view *sc;
    int statutory;
    int gp_base;
    int gp_per_locality;
    int gp_max;
} gov_state;

/* What governance needs to know about one consortium. */
typedef struct gov_facts {
    double practices;
    double registered;
    int localities;
    int gp_seats;
    int seats;
    int las;                   /* local authorities spanned */
    int pcts;
    double main_la_share;
    double main_pct_share;
} gov_facts;

static int gov_int_param(const cs_host *host, const cs_ctx *ctx,
                         const char *name, int *out)
{
    double v = host->param_number(ctx, name);
    if (!isfinite(v)) {
        host->log(ctx, CS_LOG_ERROR, "parameter '%s' has no value", name);
        return -1;
    }
    *out = (int)lround(v);
    return 0;
}

static int gov_init(const cs_host *host, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    gov_state *s = calloc(1, sizeof *s);
    (void)setup;
    if (s == NULL) {
        host->log(ctx, CS_LOG_ERROR, "out of memory");
        return -1;
    }
    s->sc = host->scenario(ctx);
    if (s->sc == NULL
        || gov_int_param(host, ctx, "statutory_seats", &s->statutory)
        || gov_int_param(host, ctx, "gp_seats_base", &s->gp_base)
        || gov_int_param(host, ctx, "gp_seats_per_locality",
                         &s->gp_per_locality)
        || gov_int_param(host, ctx, "gp_seats_max", &s->gp_max)) {
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static void gov_fini(void *state)
{
    free(state);
}

/* GP seats on a governing body covering `localities` localities. */
static int gov_gp_seats(const gov_state *s, int localities)
{
    long gp = (long)s->gp_base + (long)s->gp_per_locality * localities;
    if (gp > s->gp_max)
        gp = s->gp_max;
    return gp < 1 ? 1 : (int)gp;
}

/* The organisation (local authority or PCT) of a practice's locality, or -1
 * when not given or out of range. */
static int gov_org_of(const cs_scenario_view *sc, int practice, int want_pct)
{
    int loc = sc->practices[practice].locality;
    int org;
    if (loc < 0 || (size_t)loc >= sc->n_localities)
        return -1;
    org = want_pct ? sc->localities[loc].pct
                   : sc->localities[loc].local_authority;
    return (org >= 0 && (size_t)org < sc->n_orgs) ? org : -1;
}

/* Counts the organisations with list in `pop` and returns the share of the
 * list in the largest (1 when no list has an organisation). */
static double gov_span(const double *pop, size_t n, int *count)
{
    double total = 0, top = 0;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (pop[i] > 0) {
            (*count)++;
            total += pop[i];
            if (pop[i] > top)
                top = pop[i];
        }
    }
    return total > 0 ? top / total : 1.0;
}

/* Fills `f` for the practices `idx`, using the zeroed scratch arrays from
 * gov_scratch() (list per local authority, per PCT; localities seen). */
static void gov_facts_of(const gov_state *s, const int *idx, size_t n,
                         double *la_pop, double *pct_pop, char *seen,
                         gov_facts *f)
{
    const cs_scenario_view *sc = s->sc;
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < n; i++) {
        int p = idx[i], loc, la, pct;
        if (p < 0 || (size_t)p >= sc->n_practices)
            continue;
        f->practices += 1;
        f->registered += sc->practices[p].registered;
        loc = sc->practices[p].locality;
        if (loc >= 0 && (size_t)loc < sc->n_localities && !seen[loc]) {
            seen[loc] = 1;
            f->localities++;
        }
        la = gov_org_of(sc, p, 0);
        pct = gov_org_of(sc, p, 1);
        if (la >= 0)
            la_pop[la] += sc->practices[p].registered;
        if (pct >= 0)
            pct_pop[pct] += sc->practices[p].registered;
    }
    f->gp_seats = gov_gp_seats(s, f->localities);
    f->seats = s->statutory + f->gp_seats;
    f->main_la_share = gov_span(la_pop, sc->n_orgs, &f->las);
    f->main_pct_share = gov_span(pct_pop, sc->n_orgs, &f->pcts);
}

static size_t gov_scratch_bytes(const cs_scenario_view *sc)
{
    size_t n_orgs = sc->n_orgs ? sc->n_orgs : 1;
    return 2 * n_orgs * sizeof(double) + sc->n_localities + 1;
}

/* Zeroed scratch for gov_facts_of; the caller frees it with free(). */
static void *gov_scratch(const cs_scenario_view *sc, double **la_pop,
                         double **pct_pop, char **seen)
{
    size_t n_orgs = sc->n_orgs ? sc->n_orgs : 1;
    char *buf = calloc(1, gov_scratch_bytes(sc));
    if (buf == NULL)
        return NULL;
    *la_pop = (double *)(void *)buf;
    *pct_pop = *la_pop + n_orgs;
    *seen = (char *)(*pct_pop + n_orgs);
    return buf;
}

static void gov_put(cs_values *out, size_t m, double v)
{
    size_t n = gov_metrics[m].sampled ? out->n_draws : 1;
    for (size_t d = 0; d < n; d++)
        out->values[m][d] = v;
}

static int gov_consortium(void *state, const cs_host *host, cs_call *call,
                          const cs_consortium_view *c, cs_values *out)
{
    const gov_state *s = state;
    double *la_pop, *pct_pop;
    char *seen;
    gov_facts f;
    void *buf;

    if (out->n_metrics < G_N)
        return host->error(call, "governance needs %d metrics, host gave %zu",
                           G_N, out->n_metrics);
    buf = gov_scratch(s->sc, &la_pop, &pct_pop, &seen);
    if (buf == NULL)
        return host->error(call, "out of memory");
    gov_facts_of(s, c->practices, c->n_practices, la_pop, pct_pop, seen, &f);
    free(buf);
    if (f.practices <= 0)
        return host->error(call, "consortium '%s' has no practices; give it "
                           "at least one", c->id ? c->id : "?");
    gov_put(out, G_MEMBER_PPS, f.practices / f.gp_seats);
    gov_put(out, G_SEATS, f.seats);
    gov_put(out, G_BODIES, 1);
    gov_put(out, G_GP_SEATS, f.gp_seats);
    gov_put(out, G_PRACTICES_PER_GP, f.practices / f.gp_seats);
    gov_put(out, G_PATIENTS_PER_GP, f.registered / f.gp_seats);
    gov_put(out, G_LOC_UNSEATED,
            f.localities > f.gp_seats ? f.localities - f.gp_seats : 0);
    gov_put(out, G_ALL_SEATED, f.localities <= f.gp_seats);
    gov_put(out, G_LAS, f.las);
    gov_put(out, G_PCTS, f.pcts);
    gov_put(out, G_MAIN_LA, f.main_la_share);
    gov_put(out, G_MAIN_PCT, f.main_pct_share);
    gov_put(out, G_CONS_PER_LA, 1);
    gov_put(out, G_AGREEMENTS, 0);
    gov_put(out, G_LA_RELATIONS, f.las);
    gov_put(out, G_LEGITIMACY, 0.5);
    gov_put(out, G_TURNOUT, 0);
    gov_put(out, G_VOTES, 0);
    return 0;
}

/* Legitimacy, turnout and whether any vote is recorded, from o->votes. */
static void gov_votes(const cs_scenario_view *sc, const cs_option_view *o,
                      cs_values *out)
{
    double for_list = 0, voted_list = 0, all_list = 0;
    for (size_t p = 0; p < sc->n_practices; p++) {
        double r = sc->practices[p].registered;
        int v = o->votes ? o->votes[p] : -1;
        all_list += r;
        if (v == 0 || v == 1)
            voted_list += r;
        if (v == 1)
            for_list += r;
    }
    gov_put(out, G_LEGITIMACY, voted_list > 0 ? for_list / voted_list : 0.5);
    gov_put(out, G_TURNOUT, all_list > 0 ? voted_list / all_list : 0);
    gov_put(out, G_VOTES, voted_list > 0);
}

/* Totals over the option's consortia. */
typedef struct gov_totals {
    double seats, gp, practices, registered, unseated, all_seated, pps_w;
    double las_w, pcts_w, main_la_w, main_pct_w, la_relations;
} gov_totals;

/* Fills `t`; `la_count[a]` (zeroed by the caller) counts the consortia with
 * practices in local authority a. Returns -1 when out of memory. */
static int gov_sum_consortia(const gov_state *s, const cs_option_view *o,
                             gov_totals *t, int *la_count)
{
    const cs_scenario_view *sc = s->sc;
    double *la_pop, *pct_pop;
    char *seen;
    void *buf = gov_scratch(sc, &la_pop, &pct_pop, &seen);
    if (buf == NULL)
        return -1;
    memset(t, 0, sizeof *t);
    t->all_seated = 1;
    for (size_t i = 0; i < o->n_consortia; i++) {
        const cs_consortium_view *c = &o->consortia[i];
        gov_facts f;
        memset(buf, 0, gov_scratch_bytes(sc));
        gov_facts_of(s, c->practices, c->n_practices, la_pop, pct_pop, seen,
                     &f);
        t->seats += f.seats;
        t->gp += f.gp_seats;
        t->practices += f.practices;
        t->pps_w += f.practices * f.practices / f.gp_seats;
        t->registered += f.registered;
        if (f.localities > f.gp_seats) {
            t->unseated += f.localities - f.gp_seats;
            t->all_seated = 0;
        }
        t->las_w += f.registered * f.las;
        t->pcts_w += f.registered * f.pcts;
        t->main_la_w += f.registered * f.main_la_share;
        t->main_pct_w += f.registered * f.main_pct_share;
        t->la_relations += f.las;
        for (size_t a = 0; a < sc->n_orgs; a++)
            if (la_pop[a] > 0)
                la_count[a]++;
    }
    free(buf);
    return 0;
}

static int gov_option(void *state, const cs_host *host, cs_call *call,
                      const cs_option_view *o, const cs_values *const *in,
                      cs_values *out)
{
    const gov_state *s = state;
    const cs_scenario_view *sc = s->sc;
    int *la_count;
    gov_totals t;
    double las_touched = 0, cons_la = 0, agreements = 0;
    (void)in;

    if (out->n_metrics < G_N)
        return host->error(call, "governance needs %d metrics, host gave %zu",
                           G_N, out->n_metrics);
    la_count = calloc(sc->n_orgs ? sc->n_orgs : 1, sizeof *la_count);
    if (la_count == NULL || gov_sum_consortia(s, o, &t, la_count) != 0) {
        free(la_count);
        return host->error(call, "out of memory");
    }
    for (size_t a = 0; a < sc->n_orgs; a++) {
        if (la_count[a] > 0) {
            las_touched += 1;
            cons_la += la_count[a];
        }
    }
    free(la_count);
    if (t.registered <= 0 || t.gp <= 0)
        return host->error(call, "option '%s' has no practices; give it at "
                           "least one consortium", o->id ? o->id : "?");
    for (size_t f = 0; f < o->n_federations; f++) {
        double k = (double)o->federations[f].n_members;
        agreements += k * (k - 1) / 2;
    }
    gov_put(out, G_MEMBER_PPS, t.practices > 0 ? t.pps_w / t.practices : 0);
    gov_put(out, G_SEATS, t.seats);
    gov_put(out, G_BODIES, (double)o->n_consortia);
    gov_put(out, G_GP_SEATS, t.gp);
    gov_put(out, G_PRACTICES_PER_GP, t.practices / t.gp);
    gov_put(out, G_PATIENTS_PER_GP, t.registered / t.gp);
    gov_put(out, G_LOC_UNSEATED, t.unseated);
    gov_put(out, G_ALL_SEATED, t.all_seated);
    gov_put(out, G_LAS, t.las_w / t.registered);
    gov_put(out, G_PCTS, t.pcts_w / t.registered);
    gov_put(out, G_MAIN_LA, t.main_la_w / t.registered);
    gov_put(out, G_MAIN_PCT, t.main_pct_w / t.registered);
    gov_put(out, G_CONS_PER_LA, las_touched > 0 ? cons_la / las_touched : 1);
    gov_put(out, G_AGREEMENTS, agreements);
    gov_put(out, G_LA_RELATIONS, t.la_relations);
    gov_votes(sc, o, out);
    return 0;
}

static const cs_plugin_descriptor gov_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "governance",
    .version = "2.0.0",
    .summary = "member practices per GP seat; governing-body seats, "
               "coterminosity, legitimacy and federation complexity",
    .params = gov_params,
    .n_params = GOV_N_PARAMS,
    .metrics = gov_metrics,
    .n_metrics = G_N,
    .init = gov_init,
    .consortium = gov_consortium,
    .option = gov_option,
    .fini = gov_fini,
    /* Default value scale of member_practices_per_gp_seat (docs/models-
     * structure.md). */
    .headline_scale = &(const cs_value_scale){50.0, 1.0,
        "ASSUMPTION: one practice per GP seat (every practice a GP voice on "
        "the board, as in a PBC group) best; 50 worst, about the most "
        "practices a GP on one session a week (46 days a year) could meet "
        "once a year"},
};

CS_PLUGIN(gov_descriptor)
