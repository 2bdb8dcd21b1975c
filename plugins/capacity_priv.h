/*
 * capacity_priv.h -- what capacity.c and capacity_option.c share: the
 * metric indices, the state and the cost functions of the model in
 * docs/models.md ("capacity").
 */
#ifndef CAPACITY_PRIV_H
#define CAPACITY_PRIV_H

#include <consortia/plugin.h>

/* Break-even population reported when no population breaks even. */
#define CAP_NEVER 1e8

enum { M_HEAD, M_GBP, M_PSHORT, M_WORST, M_COST, M_FIXED, M_COST_HEAD,
       M_BREAK, M_ROLES, M_ABLE, M_COVER, M_EST, M_LAYERS, M_COORD,
       M_SAVING, M_SAVING_SHARE, M_N };

typedef struct cap_state {
    const double *allowance, *fixed, *board, *role, *staff;   /* per draw */
    double m_allowance, m_fixed, m_board, m_role, m_staff;    /* their means */
    double seats, min_leads, leads_per_100k, willing, per_gp;
    double base_pop, base_elast, span, loss, fed_member, fed_agreement;
    int has_status_quo_field;   /* the host's option view has status_quo */
    const cs_scenario_view *sc;
    size_t n_draws;
} cap_state;

/* A cost of the form (b x base(N) + board + role x roles(N) + staff x N)
 * x uplift(N) + per_head x N + extra: one consortium (b = 1, per_head =
 * extra = 0) or a federation member (b = 1 - shared, per_head and extra
 * its charges). */
typedef struct cap_cost {
    double fixed, board, role, staff;  /* money parameters (means or a draw) */
    double base_share, per_head, extra;
} cap_cost;

double cap_leads(const cap_state *s, double n);
double cap_roles(const cap_state *s, double n);
/* max(1, (n / base_population)^elasticity): the base's growth factor. */
double cap_base_factor(const cap_state *s, double n);
/* max(0, ln(n / base_population) / ln(span)): further management layers. */
double cap_layers(const cap_state *s, double n);
/* 1 + control_loss x layers */
double cap_uplift(const cap_state *s, double n);
double cap_cost_at(const cap_state *s, const cap_cost *c, double n);
/* Smallest population whose mean allowance covers cost c; CAP_NEVER when
 * none up to CAP_NEVER does. */
double cap_break_even(const cap_state *s, const cap_cost *c);
/* A cap_cost of the parameter means for a consortium on its own. */
cap_cost cap_mean_cost(const cap_state *s);

int cap_option(void *state, const cs_host *h, cs_call *call,
               const cs_option_view *o, const cs_values *const *in,
               cs_values *out);

#endif
