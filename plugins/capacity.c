/*
 * capacity.c -- the management capacity criterion: can a consortium run
 * itself on its running-cost allowance, and has it the GPs to lead it?
 * The model and the source of every default are in docs/models.md
 * ("capacity").
 *
 * Per draw, with N the registered population:
 *
 *   base     = fixed_base x max(1, (N / base_population)^base_scale_elasticity)
 *   layers   = max(0, ln(N / base_population) / ln(span_of_control))
 *   cost     = (base + board_cost + role_cost x roles + staff_per_head x N)
 *              x (1 + control_loss x layers)
 *   roles    = gp_board_seats + max(min_leads, leads_per_100k x N / 100,000)
 *   headroom = allowance_per_head x N - cost
 *
 * The corporate base is fixed up to the population it is sized for and
 * grows past it (locality teams, bigger finance and contracting teams), and
 * each further layer of management loses a share of the whole cost
 * (Williamson's control loss), so cost per head stops falling with size.
 *
 * A federation runs `shared_functions` of the base once at the federation's
 * scale and shares it by population, and pays a coordination cost per member
 * and per shared agreement (option step). When the scenario names a status
 * quo, the option step also reports the running-cost saving against it.
 * Leadership: roles needed against GPs able and willing, sum of gp_fte x
 * gp_willingness (a practice without gp_fte is estimated at patients_per_gp).
 */
#include <consortia/plugin.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capacity_priv.h"

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
     " 175,000 CCG costs GBP 3.5m; DH ready reckoner, HSJ 2012)", NULL, NULL},
    {"gp_board_seats", CS_PARAM_INTEGER, 8, NULL, 0, 100, "seats",
     "GP members of the governing body (Salford's: 8; VALIDATION.md)", NULL, NULL},
    {"min_leads", CS_PARAM_INTEGER, 12, NULL, 0, 1000, "roles",
     "work-stream leads any consortium needs (ASSUMPTION: half of Salford's 26"
     " work streams)", NULL, NULL},
    {"leads_per_100k", CS_PARAM_NUMBER, 15, NULL, 0, 1000, "roles/100,000",
     "work-stream leads per 100,000 people (Salford pathfinder 2011: 36 for"
     " 240,000)", NULL, NULL},
    {"gp_willingness", CS_PARAM_NUMBER, 0.35, NULL, 0, 1, "fraction",
     "share of GPs able and willing to lead (ASSUMPTION: just covers Salford's"
     " 44 roles)", NULL, NULL},
    {"patients_per_gp", CS_PARAM_NUMBER, 1934, NULL, 100, 100000,
     "patients/GP FTE",
     "estimate of GP FTE where not given (England 2014/15 lists / 2016 GP FTE,"
     " data file)", NULL, NULL},
    {"base_population", CS_PARAM_NUMBER, 175000, NULL, 1000, 1e8, "people",
     "population the fixed base is sized for (DH ready reckoner's typical CCG"
     " of 175,000; HSJ 2012)", NULL, NULL},
    {"base_scale_elasticity", CS_PARAM_NUMBER, 1, NULL, 0, 2, "",
     "growth of the base past base_population, (N/base_population)^e"
     " (ASSUMPTION: 1; Manchester 2017 and Central Lancashire 2019 saved"
     " about a governing body per body removed)", NULL, NULL},
    {"span_of_control", CS_PARAM_NUMBER, 6, NULL, 1.5, 100, "units/manager",
     "base-sized units one management layer oversees; layers ="
     " log_span(N/base_population) (ASSUMPTION)", NULL, NULL},
    {"control_loss", CS_PARAM_NUMBER, 0.03, NULL, 0, 1, "fraction/layer",
     "share of running costs lost per further management layer (Williamson"
     " 1967, J Polit Econ 75:123; size ASSUMPTION)", NULL, NULL},
    {"federation_cost_per_member", CS_PARAM_NUMBER, 50000, NULL, 0, 1e8,
     "GBP/member/year",
     "a federation member's joint-committee time: chair, accountable officer"
     " and finance officer about a day a month (ASSUMPTION)", NULL, NULL},
    {"federation_cost_per_agreement", CS_PARAM_NUMBER, 100000, NULL, 0, 1e8,
     "GBP/agreement/year",
     "running one shared agreement (risk pool, shared functions, joint"
     " contracts): about one senior manager (ASSUMPTION)", NULL, NULL},
};
#define CAP_N_PARAMS (sizeof cap_params / sizeof cap_params[0])

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
     "mean corporate costs: base (grown past base_population), board, GP"
     " seats, with the control loss"},
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
    {"management_layers", "layers", CS_NEUTRAL, 0, CS_AGG_MAX,
     "management layers above a base-sized body, log_span(N/base_population)"},
    {"coordination_cost_gbp", "GBP", CS_LOWER_IS_BETTER, 0, CS_AGG_SUM,
     "yearly cost of running federations: per member and per shared agreement"},
    {"saving_vs_status_quo_gbp", "GBP", CS_NEUTRAL, 0, CS_AGG_SUM,
     "status quo's mean running costs minus this option's (0: no status quo)"},
    {"saving_share_of_running_cost", "fraction", CS_NEUTRAL, 0, CS_AGG_SUM,
     "that saving as a share of the status quo's running costs; NHS England's"
     " 2016 merger test asked for 0.2"},
};

static double cap_mean(const double *v, size_t n)
{
    double s = 0;
    for (size_t k = 0; k < n; k++)
        s += v[k];
    return n ? s / (double)n : 0;
}

static int cap_read(const cs_host *h, const cs_ctx *ctx, cap_state *s)
{
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
    s->base_pop = h->param_number(ctx, "base_population");
    s->base_elast = h->param_number(ctx, "base_scale_elasticity");
    s->span = h->param_number(ctx, "span_of_control");
    s->loss = h->param_number(ctx, "control_loss");
    s->fed_member = h->param_number(ctx, "federation_cost_per_member");
    s->fed_agreement = h->param_number(ctx, "federation_cost_per_agreement");
    if (!s->sc || !s->allowance || !s->fixed || !s->board || !s->role
        || !s->staff || !isfinite(s->seats + s->min_leads + s->leads_per_100k
                                  + s->willing + s->per_gp + s->base_pop
                                  + s->base_elast + s->span + s->loss
                                  + s->fed_member + s->fed_agreement)) {
        h->log(ctx, CS_LOG_ERROR, "capacity: a parameter could not be read");
        return -1;
    }
    return 0;
}

static int cap_init(const cs_host *h, const cs_ctx *ctx, void **state,
                    cs_setup *setup)
{
    cap_state *s = calloc(1, sizeof *s);
    if (!s) {
        h->log(ctx, CS_LOG_ERROR, "capacity: out of memory");
        return -1;
    }
    if (cap_read(h, ctx, s)) {
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
    /* cs_option_view.status_quo exists from ABI 1.1 */
    s->has_status_quo_field = (h->abi_version >> 16) == CS_ABI_MAJOR
                              && (h->abi_version & 0xffffu) >= 1;
    (void)setup;
    *state = s;
    return 0;
}

static void cap_fini(void *state)
{
    free(state);
}

/* ---- the cost model ------------------------------------------------------ */

double cap_leads(const cap_state *s, double n)
{
    double scaled = s->leads_per_100k * n / 100000.0;
    return scaled > s->min_leads ? scaled : s->min_leads;
}

double cap_roles(const cap_state *s, double n)
{
    return s->seats + cap_leads(s, n);
}

double cap_base_factor(const cap_state *s, double n)
{
    return n > s->base_pop ? pow(n / s->base_pop, s->base_elast) : 1;
}

double cap_layers(const cap_state *s, double n)
{
    return n > s->base_pop ? log(n / s->base_pop) / log(s->span) : 0;
}

double cap_uplift(const cap_state *s, double n)
{
    return 1 + s->loss * cap_layers(s, n);
}

double cap_cost_at(const cap_state *s, const cap_cost *c, double n)
{
    double core = c->base_share * c->fixed * cap_base_factor(s, n) + c->board
                  + c->role * cap_roles(s, n) + c->staff * n;
    return core * cap_uplift(s, n) + c->per_head * n + c->extra;
}

cap_cost cap_mean_cost(const cap_state *s)
{
    cap_cost c = {s->m_fixed, s->m_board, s->m_role, s->m_staff, 1, 0, 0};
    return c;
}

static double cap_surplus(const cap_state *s, const cap_cost *c, double n)
{
    return s->m_allowance * n - cap_cost_at(s, c, n);
}

/* Scans populations in steps of 1% from 100 and bisects the first interval
 * where the surplus turns non-negative. */
double cap_break_even(const cap_state *s, const cap_cost *c)
{
    double lo = 100, hi;
    if (cap_surplus(s, c, 0) >= 0)
        return 0;
    if (cap_surplus(s, c, lo) >= 0)
        hi = lo, lo = 0;
    else {
        for (hi = lo * 1.01; hi < CAP_NEVER; lo = hi, hi *= 1.01)
            if (cap_surplus(s, c, hi) >= 0)
                break;
        if (hi >= CAP_NEVER)
            return CAP_NEVER;
    }
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;              /* lo and hi are adjacent doubles */
        if (cap_surplus(s, c, mid) >= 0)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
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
    double short_draws = 0;
    for (size_t k = 0; k < nd; k++) {
        cap_cost ck = {s->fixed[k], s->board[k], s->role[k], s->staff[k],
                       1, 0, 0};
        double head = s->allowance[k] * n - cap_cost_at(s, &ck, n);
        out->values[M_GBP][k] = head;
        out->values[M_HEAD][k] = head / n;
        short_draws += head < 0;
    }
    cap_cost mc = cap_mean_cost(s);
    double cost = cap_cost_at(s, &mc, n);
    double fixed = (s->m_fixed * cap_base_factor(s, n) + s->m_board
                    + s->m_role * s->seats) * cap_uplift(s, n);
    double able, est, roles = cap_roles(s, n);
    cap_supply(s, c, &able, &est);
    out->values[M_PSHORT][0] = short_draws / (double)nd;
    out->values[M_WORST][0] = cap_mean(out->values[M_HEAD], nd);
    out->values[M_COST][0] = cost;
    out->values[M_FIXED][0] = fixed;
    out->values[M_COST_HEAD][0] = cost / n;
    out->values[M_BREAK][0] = cap_break_even(s, &mc);
    out->values[M_ROLES][0] = roles;
    out->values[M_ABLE][0] = able;
    out->values[M_COVER][0] = able / roles;
    out->values[M_EST][0] = est;
    out->values[M_LAYERS][0] = cap_layers(s, n);
    out->values[M_COORD][0] = 0;
    out->values[M_SAVING][0] = 0;
    out->values[M_SAVING_SHARE][0] = 0;
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
