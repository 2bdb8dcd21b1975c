/*
 * capacity.c -- the management capacity criterion: can a consortium run
 * itself on its running-cost allowance, and has it the GPs to lead it?
 * The model and the source of every default are in docs/models.md
 * ("capacity").
 *
 * Per draw, with N the registered population:
 *
 *   cost     = fixed_base + board_cost + role_cost x roles + staff_per_head x N
 *   roles    = gp_board_seats + max(min_leads, leads_per_100k x N / 100,000)
 *   headroom = allowance_per_head x N - cost
 *
 * A federation runs `shared_functions` of the fixed base once and shares it
 * by population (option step). Leadership: roles needed against GPs able
 * and willing, sum of gp_fte x gp_willingness (a practice without gp_fte is
 * estimated at patients_per_gp).
 */
#include <consortia/plugin.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Break-even population reported when no population breaks even. */
#define CAP_NEVER 1e8

static const cs_param_decl cap_params[] = {
    {"allowance_per_head", CS_PARAM_UNCERTAIN, 30, NULL, 0, 500, "GBP/head/year",
     "running-cost allowance; GBP 25-35 by 2014/15 (Operating Framework 2011/12)",
     NULL, "triangular(25, 30, 35)"},
    {"fixed_base", CS_PARAM_UNCERTAIN, 1.5e6, NULL, 0, 1e8, "GBP/year",
     "fixed corporate base: accountable officer, finance, statutory duties (DH"
     " ready reckoner 2012)", NULL, NULL},
    {"board_cost", CS_PARAM_UNCERTAIN, 2e5, NULL, 0, 1e8, "GBP/year",
     "governing body other than GP members: nurse and specialist ~GBP 111k (DH"
     " ready reckoner), lay members (ASSUMPTION)", NULL, NULL},
    {"role_cost", CS_PARAM_UNCERTAIN, 37000, NULL, 0, 1e7, "GBP/role/year",
     "a GP leadership role, ~2 sessions a week with backfill (ASSUMPTION; gives"
     " McKinsey's GBP 0.8-1.5m)", NULL, NULL},
    {"staff_per_head", CS_PARAM_UNCERTAIN, 3.0, NULL, 0, 500, "GBP/head/year",
     "commissioning staff and support per head (calibrated: the ready reckoner's"
     " 175,000 CCG costs GBP 3.5m)", NULL, NULL},
    {"gp_board_seats", CS_PARAM_INTEGER, 8, NULL, 0, 100, "seats",
     "GP members of the governing body (Salford: 8)", NULL, NULL},
    {"min_leads", CS_PARAM_INTEGER, 12, NULL, 0, 1000, "roles",
     "work-stream leads any consortium needs (ASSUMPTION: half of Salford's 26"
     " work streams)", NULL, NULL},
    {"leads_per_100k", CS_PARAM_NUMBER, 15, NULL, 0, 1000, "roles/100,000",
     "work-stream leads per 100,000 people (Salford: 36 leads for 240,000)", NULL, NULL},
    {"gp_willingness", CS_PARAM_NUMBER, 0.35, NULL, 0, 1, "fraction",
     "share of GPs able and willing to lead (ASSUMPTION: just covers Salford's"
     " 44 roles)", NULL, NULL},
    {"patients_per_gp", CS_PARAM_NUMBER, 1934, NULL, 100, 100000,
     "patients/GP FTE",
     "estimate of GP FTE where not given (England 2014/15 lists / 2016 GP FTE,"
     " data file)", NULL, NULL},
};
#define CAP_N_PARAMS (sizeof cap_params / sizeof cap_params[0])

enum { M_HEAD, M_GBP, M_PSHORT, M_WORST, M_COST, M_FIXED, M_COST_HEAD,
       M_BREAK, M_ROLES, M_ABLE, M_COVER, M_EST, M_N };

static const cs_metric_decl cap_metrics[] = {
    {"headroom_per_head", "GBP/head", CS_HIGHER_IS_BETTER, 1, CS_AGG_MEAN,
     "allowance minus running costs, per head, per draw"},
    {"headroom_gbp", "GBP", CS_HIGHER_IS_BETTER, 1, CS_AGG_SUM,
     "allowance minus running costs per draw"},
    {"p_shortfall", "probability", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "probability that running costs exceed the allowance"},
    {"worst_headroom_per_head", "GBP/head", CS_HIGHER_IS_BETTER, 0, CS_AGG_MIN,
     "the lowest mean headroom per head among the consortia"},
    {"running_cost_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean running costs"},
    {"fixed_cost_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "mean costs that do not grow with population: base, board, GP seats"},
    {"running_cost_per_head", "GBP/head", CS_LOWER_IS_BETTER, 0, CS_AGG_MEAN,
     "mean running costs per head"},
    {"break_even_population", "people", CS_NEUTRAL, 0, CS_AGG_MAX,
     "population at which the mean allowance covers the mean costs (1e8: never)"},
    {"roles_needed", "roles", CS_NEUTRAL, 0, CS_AGG_SUM,
     "GP board seats plus work-stream leads"},
    {"gps_able", "GPs", CS_HIGHER_IS_BETTER, 0, CS_AGG_SUM,
     "GP FTE times the share able and willing to lead"},
    {"leadership_cover", "ratio", CS_HIGHER_IS_BETTER, 0, CS_AGG_MIN,
     "GPs able per role needed (below 1: roles go unfilled)"},
    {"gp_fte_estimated_share", "fraction", CS_NEUTRAL, 0, CS_AGG_MEAN,
     "share of the list in practices whose GP FTE was estimated from list size"},
};

typedef struct cap_state {
    const double *allowance, *fixed, *board, *role, *staff;   /* per draw */
    double m_allowance, m_fixed, m_board, m_role, m_staff;    /* their means */
    double seats, min_leads, leads_per_100k, willing, per_gp;
    const cs_scenario_view *sc;
    size_t n_draws;
} cap_state;

static double cap_mean(const double *v, size_t n)
{
    double s = 0;
    for (size_t k = 0; k < n; k++)
        s += v[k];
    return n ? s / (double)n : 0;
}

static int cap_init(const cs_host *h, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    cap_state *s = calloc(1, sizeof *s);
    if (!s) {
        h->log(ctx, CS_LOG_ERROR, "capacity: out of memory");
        return -1;
    }
    s->sc = h->scenario(ctx);
    s->allowance = h->param_draws(ctx, "allowance_per_head");
    s->fixed = h->param_draws(ctx, "fixed_base");
    s->board = h->param_draws(ctx, "board_cost");
    s->role = h->param_draws(ctx, "role_cost");
    s->staff = h->param_draws(ctx, "staff_per_head");
    s->seats = h->param_number(ctx, "gp_board_seats");
    s->min_leads = h->param_number(ctx, "min_leads");
    s->leads_per_100k = h->param_number(ctx, "leads_per_100k");
    s->willing = h->param_number(ctx, "gp_willingness");
    s->per_gp = h->param_number(ctx, "patients_per_gp");
    if (!s->sc || !s->allowance || !s->fixed || !s->board || !s->role
        || !s->staff || !isfinite(s->seats + s->min_leads + s->leads_per_100k
                                  + s->willing + s->per_gp)) {
        h->log(ctx, CS_LOG_ERROR, "capacity: a parameter could not be read");
        free(s);
        return -1;
    }
    if (!(s->seats > 0 || s->min_leads > 0 || s->leads_per_100k > 0)) {
        h->log(ctx, CS_LOG_ERROR, "gp_board_seats, min_leads and "
               "leads_per_100k are all 0, so no leadership role is needed "
               "and leadership cover means nothing; give at least one of "
               "them a value above 0");
        free(s);
        return -1;
    }
    s->n_draws = s->sc->n_draws;
    s->m_allowance = cap_mean(s->allowance, s->n_draws);
    s->m_fixed = cap_mean(s->fixed, s->n_draws);
    s->m_board = cap_mean(s->board, s->n_draws);
    s->m_role = cap_mean(s->role, s->n_draws);
    s->m_staff = cap_mean(s->staff, s->n_draws);
    (void)setup;
    *state = s;
    return 0;
}

static void cap_fini(void *state)
{
    free(state);
}

static double cap_leads(const cap_state *s, double n)
{
    double scaled = s->leads_per_100k * n / 100000.0;
    return scaled > s->min_leads ? scaled : s->min_leads;
}

/* The population N at which a N = A + v N + r max(m, k N) first holds,
 * for allowance a, fixed costs A, variable cost v per head, r per role,
 * at least m leads and k leads per head; CAP_NEVER when none does. */
static double cap_break_even(double a, double A, double v, double r, double m,
                             double k)
{
    if (A + r * m <= 0)
        return 0;
    if (a > v) {
        double n1 = (A + r * m) / (a - v);
        if (k <= 0 || r * k == 0 || n1 * k <= m)
            return n1 < CAP_NEVER ? n1 : CAP_NEVER;
    }
    if (k > 0 && a > v + r * k) {
        double n2 = A / (a - v - r * k);
        if (n2 * k >= m)
            return n2 < CAP_NEVER ? n2 : CAP_NEVER;
    }
    return CAP_NEVER;
}

/* Leadership supply: GP FTE able and willing, and the share of the list
 * whose FTE was estimated. */
static void cap_supply(const cap_state *s, const cs_consortium_view *c,
                       double *able, double *est_share)
{
    double fte = 0, est = 0, list = 0;
    for (size_t i = 0; i < c->n_practices; i++) {
        const cs_practice *p = &s->sc->practices[c->practices[i]];
        list += p->registered;
        if (isnan(p->gp_fte)) {
            fte += p->registered / s->per_gp;
            est += p->registered;
        } else {
            fte += p->gp_fte;
        }
    }
    *able = fte * s->willing;
    *est_share = list > 0 ? est / list : 0;
}

static int cap_consortium(void *state, const cs_host *h, cs_call *call,
                          const cs_consortium_view *c, cs_values *out)
{
    const cap_state *s = state;
    double n = c->registered;
    size_t nd = out->n_draws;
    if (!(n > 0))
        return h->error(call, "consortium '%s' has no registered patients",
                        c->id);
    double roles = s->seats + cap_leads(s, n), short_draws = 0;
    for (size_t k = 0; k < nd; k++) {
        double cost = s->fixed[k] + s->board[k] + s->role[k] * roles
                      + s->staff[k] * n;
        double head = s->allowance[k] * n - cost;
        out->values[M_GBP][k] = head;
        out->values[M_HEAD][k] = head / n;
        short_draws += head < 0;
    }
    double cost = s->m_fixed + s->m_board + s->m_role * roles + s->m_staff * n;
    double fixed = s->m_fixed + s->m_board + s->m_role * s->seats;
    double able, est;
    cap_supply(s, c, &able, &est);
    out->values[M_PSHORT][0] = short_draws / (double)nd;
    out->values[M_WORST][0] = cap_mean(out->values[M_HEAD], nd);
    out->values[M_COST][0] = cost;
    out->values[M_FIXED][0] = fixed;
    out->values[M_COST_HEAD][0] = cost / n;
    out->values[M_BREAK][0] = cap_break_even(
        s->m_allowance, fixed, s->m_staff, s->m_role, s->min_leads,
        s->leads_per_100k / 100000.0);
    out->values[M_ROLES][0] = roles;
    out->values[M_ABLE][0] = able;
    out->values[M_COVER][0] = able / roles;
    out->values[M_EST][0] = est;
    return 0;
}

/* ---- the option: federations share fixed functions ---------------------- */

/* Share of the fixed base each consortium saves by its federation (0 when
 * in none): shared_functions x (1 - its share of the federation's list). */
static void cap_savings(const cs_option_view *o, double *save)
{
    for (size_t i = 0; i < o->n_consortia; i++)
        save[i] = 0;
    for (size_t f = 0; f < o->n_federations; f++) {
        const cs_federation *fed = &o->federations[f];
        double total = 0;
        for (size_t j = 0; j < fed->n_members; j++)
            total += o->consortia[fed->members[j]].registered;
        for (size_t j = 0; j < fed->n_members; j++) {
            double own = o->consortia[fed->members[j]].registered / total;
            save[fed->members[j]] = fed->shared_functions * (1 - own);
        }
    }
}

/* Break-even of one consortium; in a federation, the shared part of the
 * fixed base is paid to the federation pro rata, so it counts per head. */
static double cap_member_break_even(const cap_state *s,
                                    const cs_option_view *o, size_t i,
                                    double save)
{
    if (save == 0 || !o->federation_of || o->federation_of[i] < 0)
        return cap_break_even(s->m_allowance,
                              s->m_fixed + s->m_board + s->m_role * s->seats,
                              s->m_staff, s->m_role, s->min_leads,
                              s->leads_per_100k / 100000.0);
    const cs_federation *fed = &o->federations[o->federation_of[i]];
    double total = 0;
    for (size_t j = 0; j < fed->n_members; j++)
        total += o->consortia[fed->members[j]].registered;
    double sh = fed->shared_functions;
    double own = s->m_fixed * (1 - sh) + s->m_board + s->m_role * s->seats;
    return cap_break_even(s->m_allowance, own,
                          s->m_staff + sh * s->m_fixed / total, s->m_role,
                          s->min_leads, s->leads_per_100k / 100000.0);
}

static void cap_option_fill(const cap_state *s, const cs_option_view *o,
                            const cs_values *const *in, const double *save,
                            cs_values *out)
{
    size_t nd = out->n_draws;
    double pop = 0, pshort = 0, worst = HUGE_VAL, cost = 0, fixed = 0;
    double brk = 0, roles = 0, able = 0, cover = HUGE_VAL, est = 0;
    for (size_t k = 0; k < nd; k++)
        out->values[M_GBP][k] = 0;
    for (size_t i = 0; i < o->n_consortia; i++) {
        double n = o->consortia[i].registered, shortd = 0, headsum = 0;
        for (size_t k = 0; k < nd; k++) {
            double head = in[i]->values[M_GBP][k] + save[i] * s->fixed[k];
            out->values[M_GBP][k] += head;
            shortd += head < 0;
            headsum += head;
        }
        double saved = save[i] * s->m_fixed;
        double mean_head = headsum / (double)nd / n;
        pop += n;
        pshort += n * shortd / (double)nd;
        worst = mean_head < worst ? mean_head : worst;
        cost += in[i]->values[M_COST][0] - saved;
        fixed += in[i]->values[M_FIXED][0] - saved;
        double b = cap_member_break_even(s, o, i, save[i]);
        brk = b > brk ? b : brk;
        roles += in[i]->values[M_ROLES][0];
        able += in[i]->values[M_ABLE][0];
        double cv = in[i]->values[M_COVER][0];
        cover = cv < cover ? cv : cover;
        est += n * in[i]->values[M_EST][0];
    }
    for (size_t k = 0; k < nd; k++)
        out->values[M_HEAD][k] = out->values[M_GBP][k] / pop;
    out->values[M_PSHORT][0] = pshort / pop;
    out->values[M_WORST][0] = worst;
    out->values[M_COST][0] = cost;
    out->values[M_FIXED][0] = fixed;
    out->values[M_COST_HEAD][0] = cost / pop;
    out->values[M_BREAK][0] = brk;
    out->values[M_ROLES][0] = roles;
    out->values[M_ABLE][0] = able;
    out->values[M_COVER][0] = cover;
    out->values[M_EST][0] = est / pop;
}

static int cap_option(void *state, const cs_host *h, cs_call *call,
                      const cs_option_view *o, const cs_values *const *in,
                      cs_values *out)
{
    const cap_state *s = state;
    if (o->n_consortia == 0)
        return h->error(call, "option '%s' has no consortia", o->id);
    double *save = calloc(o->n_consortia, sizeof *save);
    if (!save)
        return h->error(call, "capacity: out of memory");
    cap_savings(o, save);
    cap_option_fill(s, o, in, save, out);
    free(save);
    return 0;
}

static const cs_plugin_descriptor cap_descriptor = {
    .size = sizeof(cs_plugin_descriptor),
    .abi_version = CS_ABI_VERSION,
    .name = "capacity",
    .version = "1.0.0",
    .summary = "management capacity: running costs against the allowance, and"
               " GP leadership roles against GPs able to fill them",
    .params = cap_params,
    .n_params = CAP_N_PARAMS,
    .metrics = cap_metrics,
    .n_metrics = M_N,
    .init = cap_init,
    .consortium = cap_consortium,
    .option = cap_option,
    .fini = cap_fini,
    /* Default value scale of headroom_per_head (docs/models.md). */
    .headline_scale = &(const cs_value_scale){-10.0, 10.0,
        "ASSUMPTION: GBP 10 a head spare best, a GBP 10 a head shortfall "
        "worst; South Manchester ran GBP 9 a head over its GBP 25 "
        "allowance (HSJ, VALIDATION.md)"},
};

CS_PLUGIN(cap_descriptor)
