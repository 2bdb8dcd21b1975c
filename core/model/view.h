/*
 * view.h -- the scenario view a plugin reads (cs_scenario_view), built in
 * one place from the arrays that hold a scenario. The program's model
 * (cs_model_finish) and the mock host that plugin tests run under
 * (tests/mock/mockhost.c) both build theirs here, so the two cannot drift
 * apart when the ABI gains a field. It needs only the plugin ABI header,
 * because the mock host, an installed library of its own, compiles
 * view.c in as well.
 */
#ifndef CS_VIEW_H
#define CS_VIEW_H

#include <stddef.h>
#include <consortia/plugin.h>

/* What a scenario view is made of; the pointers are borrowed and must
 * outlive the view. The parallel arrays (practice_need, org_outside_*)
 * are NULL when the scenario gives none. */
typedef struct cs_view_parts {
    const char *id, *name;
    const cs_org *orgs;
    size_t n_orgs;
    const cs_locality *localities;
    size_t n_localities;
    const cs_practice *practices;
    size_t n_practices;
    size_t n_draws;
    const double *thresholds;
    size_t n_thresholds;
    const double *practice_need;        /* parallel to practices */
    const double *org_outside_income;   /* parallel to orgs */
    const double *org_outside_share;    /* parallel to orgs */
} cs_view_parts;

/* Fills *v from p: every field, `size` set to this host's view size. The
 * caller promises what plugin.h promises the plugins: an array behind
 * every non-zero count (checked by assert). */
void cs_view_build(cs_scenario_view *v, const cs_view_parts *p);

#endif /* CS_VIEW_H */
