/* view.c -- the scenario view plugins read; see view.h. */
#include "view.h"

#include <assert.h>
#include <string.h>

void cs_view_build(cs_scenario_view *v, const cs_view_parts *p)
{
    /* the contract of view.h: counts have arrays behind them */
    assert(p->orgs || p->n_orgs == 0);
    assert(p->localities || p->n_localities == 0);
    assert(p->practices || p->n_practices == 0);
    assert(p->thresholds || p->n_thresholds == 0);
    memset(v, 0, sizeof *v);
    v->size = sizeof *v;
    v->id = p->id;
    v->name = p->name;
    v->orgs = p->orgs;
    v->n_orgs = p->n_orgs;
    v->localities = p->localities;
    v->n_localities = p->n_localities;
    v->practices = p->practices;
    v->n_practices = p->n_practices;
    v->n_draws = p->n_draws;
    v->thresholds = p->thresholds;
    v->n_thresholds = p->n_thresholds;
    v->practice_need = p->practice_need;
    v->org_outside_income = p->org_outside_income;
    v->org_outside_share = p->org_outside_share;
}
