/*
 * capacity_option.c -- the capacity criterion's option step: federations
 * share part of the corporate base at the federation's scale and pay to
 * coordinate; the option's running costs are compared with the status
 * quo's. The model is in docs/models.md ("capacity").
 */
#include <math.h>
#include <stdlib.h>

#include "capacity_priv.h"

/* Agreements a federation runs: a risk pool, shared functions, joint
 * contracts; each costs federation_cost_per_agreement a year. */
static int cap_agreements(const cs_federation *f)
{
    return (f->risk_pool_share > 0) + (f->shared_functions > 0)
           + (f->joint_contracting != 0);
}

static double cap_fed_population(const cs_option_view *o,
                                 const cs_federation *f)
{
    double total = 0;
    for (size_t j = 0; j < f->n_members; j++)
        total += o->consortia[f->members[j]].registered;
    return total;
}

/* Per consortium: the factor of fixed_base it saves by its federation,
 * s (g_i u_i - pi_i g_F u_F) with pi_i its share of the federation's list,
 * and the yearly coordination cost it pays, member cost + agreements x
 * cost per agreement x pi_i. Zero for a consortium in no federation. */
static void cap_federate(const cap_state *s, const cs_option_view *o,
                         double *save, double *coord)
{
    for (size_t i = 0; i < o->n_consortia; i++)
        save[i] = coord[i] = 0;
    for (size_t f = 0; f < o->n_federations; f++) {
        const cs_federation *fed = &o->federations[f];
        double total = cap_fed_population(o, fed);
        double gu_f = cap_base_factor(s, total) * cap_uplift(s, total);
        double agree = cap_agreements(fed) * s->fed_agreement;
        for (size_t j = 0; j < fed->n_members; j++) {
            size_t i = (size_t)fed->members[j];
            double n = o->consortia[i].registered, own = n / total;
            save[i] = fed->shared_functions
                      * (cap_base_factor(s, n) * cap_uplift(s, n)
                         - own * gu_f);
            coord[i] = s->fed_member + agree * own;
        }
    }
}

/* Break-even of one consortium; in a federation, the shared part of the
 * base is charged to it pro rata and the agreements' cost likewise, so
 * both count per head, and its member cost is fixed. */
static double cap_member_break_even(const cap_state *s,
                                    const cs_option_view *o, size_t i)
{
    cap_cost c = cap_mean_cost(s);
    if (!o->federation_of || o->federation_of[i] < 0)
        return cap_break_even(s, &c);
    const cs_federation *fed = &o->federations[o->federation_of[i]];
    double total = cap_fed_population(o, fed);
    double sh = fed->shared_functions;
    c.base_share = 1 - sh;
    c.per_head = (sh * s->m_fixed * cap_base_factor(s, total)
                  * cap_uplift(s, total)
                  + cap_agreements(fed) * s->fed_agreement) / total;
    c.extra = s->fed_member;
    return cap_break_even(s, &c);
}

/* Mean running costs of an option, federations' shares and coordination
 * included; -1 when out of memory. */
static double cap_option_cost(const cap_state *s, const cs_option_view *o)
{
    double *save = calloc(2 * o->n_consortia + 1, sizeof *save), cost = 0;
    if (!save)
        return -1;
    double *coord = save + o->n_consortia;
    cap_cost mc = cap_mean_cost(s);
    cap_federate(s, o, save, coord);
    for (size_t i = 0; i < o->n_consortia; i++)
        cost += cap_cost_at(s, &mc, o->consortia[i].registered)
                - save[i] * s->m_fixed + coord[i];
    free(save);
    return cost;
}

static void cap_option_fill(const cap_state *s, const cs_option_view *o,
                            const cs_values *const *in, const double *save,
                            const double *coord, cs_values *out)
{
    size_t nd = out->n_draws;
    double pop = 0, pshort = 0, worst = HUGE_VAL, cost = 0, fixed = 0;
    double brk = 0, roles = 0, able = 0, cover = HUGE_VAL, est = 0;
    double layers = 0, coordination = 0;
    for (size_t k = 0; k < nd; k++)
        out->values[M_GBP][k] = 0;
    for (size_t i = 0; i < o->n_consortia; i++) {
        double n = o->consortia[i].registered, shortd = 0, headsum = 0;
        for (size_t k = 0; k < nd; k++) {
            double head = in[i]->values[M_GBP][k] + save[i] * s->fixed[k]
                          - coord[i];
            out->values[M_GBP][k] += head;
            shortd += head < 0;
            headsum += head;
        }
        double saved = save[i] * s->m_fixed;
        double mean_head = headsum / (double)nd / n;
        pop += n;
        pshort += n * shortd / (double)nd;
        worst = mean_head < worst ? mean_head : worst;
        cost += in[i]->values[M_COST][0] - saved + coord[i];
        fixed += in[i]->values[M_FIXED][0] - saved;
        double b = cap_member_break_even(s, o, i);
        brk = b > brk ? b : brk;
        roles += in[i]->values[M_ROLES][0];
        able += in[i]->values[M_ABLE][0];
        double cv = in[i]->values[M_COVER][0];
        cover = cv < cover ? cv : cover;
        est += n * in[i]->values[M_EST][0];
        double l = in[i]->values[M_LAYERS][0];
        layers = l > layers ? l : layers;
        coordination += coord[i];
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
    out->values[M_LAYERS][0] = layers;
    out->values[M_COORD][0] = coordination;
}

/* The status quo's running costs minus this option's, and that as a share
 * of the status quo's; both 0 when the scenario names no status quo. */
static int cap_status_quo(const cap_state *s, const cs_option_view *o,
                          cs_values *out)
{
    const cs_option_view *sq = s->has_status_quo_field ? o->status_quo
                                                       : NULL;
    out->values[M_SAVING][0] = out->values[M_SAVING_SHARE][0] = 0;
    if (!sq || sq->n_consortia == 0)
        return 0;
    double before = cap_option_cost(s, sq);
    if (before < 0)
        return -1;
    double saving = before - out->values[M_COST][0];
    out->values[M_SAVING][0] = saving;
    out->values[M_SAVING_SHARE][0] = before > 0 ? saving / before : 0;
    return 0;
}

int cap_option(void *state, const cs_host *h, cs_call *call,
               const cs_option_view *o, const cs_values *const *in,
               cs_values *out)
{
    const cap_state *s = state;
    if (o->n_consortia == 0)
        return h->error(call, "option '%s' has no consortia", o->id);
    double *save = calloc(2 * o->n_consortia, sizeof *save);
    if (!save)
        return h->error(call, "capacity: out of memory");
    double *coord = save + o->n_consortia;
    cap_federate(s, o, save, coord);
    cap_option_fill(s, o, in, save, coord, out);
    free(save);
    if (cap_status_quo(s, o, out))
        return h->error(call, "capacity: out of memory");
    return 0;
}
