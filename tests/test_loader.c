/* test_loader.c -- the scenario loader: every valid feature loads with the
 * right values. The bad inputs are in test_loader_bad.c, hostile input and
 * files in test_loader_hostile.c. */
#include "test_loader_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* SHA-256 of "X00001\nX00002\n...\nX00006", by sha256sum. */
#define NORTH_KEY \
    "cd9df9f7d6482a115e6b847740d9674c74f7670dce66f69621b95ec02e184cfa"
/* SHA-256 of tests/data/loader/practices.csv, by sha256sum. */
#define PRACTICES_CSV_SHA \
    "21b52f0d6c629637b2efdc96fb6d95e9192a87bafe4448fc101642fc11783004"

static const char *const MINIMAL =
    "format: 1\n"
    "scenario: {id: t}\n"
    "localities:\n"
    "  - {id: north}\n"
    "  - {id: south}\n"
    "practices:\n"
    "  - {code: A1, locality: north, registered: 100}\n"
    "  - {code: B2, locality: south, registered: 200}\n"
    "options:\n"
    "  - id: one\n"
    "    consortia:\n"
    "      - {id: all, localities: [north, south]}\n";

static cs_model *load_ok(const char *yaml)
{
    cs_diag d = {0};
    cs_model *m = tl_load(yaml, &d);

    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(d.n_errors, 0);
    cs_diag_clear(&d);
    return m;
}

/* A scenario: MINIMAL followed by `extra`. */
static cs_model *load_with(const char *extra)
{
    char buf[8192];

    snprintf(buf, sizeof buf, "%s%s", MINIMAL, extra);
    return load_ok(buf);
}

static const cs_param_value *param(const cs_param_value *p, size_t n,
                                   const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].name, name))
            return &p[i];
    ck_abort_msg("no parameter '%s'", name);
    return NULL;
}

static void check_example_practices(const cs_model *m)
{
    int x1 = cs_model_find_practice(m, "X00001");
    int x11 = cs_model_find_practice(m, "X00011");
    int acute = cs_model_find_org(m, "example_acute");
    const cs_practice *p;

    ck_assert_int_eq(x1, 0);
    p = &m->practices[x1];
    ck_assert_str_eq(p->name, "Abbey Surgery");
    ck_assert_int_eq(p->locality, cs_model_find_locality(m, "north"));
    ck_assert_double_eq(p->registered, 9800);
    ck_assert_double_eq(p->weighted, 10400);
    ck_assert_double_eq_tol(p->imd, 31.2, 1e-12);
    ck_assert_double_eq_tol(p->gp_fte, 5.2, 1e-12);
    ck_assert(isnan(p->historic_spend));
    /* providers inherited from locality north */
    ck_assert_uint_eq(p->n_providers, 2);
    ck_assert_int_eq(p->providers[0].org, acute);
    ck_assert_double_eq_tol(p->providers[0].share, 0.85, 1e-12);
    ck_assert_int_eq(p->providers[1].org, cs_model_find_org(m, "example_mh"));
    ck_assert_double_eq_tol(p->providers[1].share, 0.10, 1e-12);
    /* its own providers and spend */
    p = &m->practices[x11];
    ck_assert_double_eq(p->historic_spend, 11600000);
    ck_assert_uint_eq(p->n_providers, 2);
    ck_assert_double_eq_tol(p->providers[0].share, 0.9, 1e-12);
    ck_assert_double_eq_tol(p->providers[1].share, 0.08, 1e-12);
    ck_assert_int_eq(m->practice_pos[x11].line, 51);
    ck_assert_int_eq(m->practice_pos[x11].col, 5);
}

static void check_example_options(const cs_model *m)
{
    const cs_option *one = &m->options[cs_model_find_option(m, "one")];
    const cs_option *two = &m->options[cs_model_find_option(m, "two")];
    const cs_option *fed = &m->options[cs_model_find_option(m, "federation")];
    const cs_federation *f;

    ck_assert_uint_eq(one->view.n_consortia, 1);
    ck_assert_uint_eq(one->consortia[0].n_practices, 12);
    ck_assert_double_eq(one->consortia[0].registered, 111000);
    ck_assert_double_eq(one->consortia[0].weighted, 111250);
    ck_assert_ptr_eq(one->view.votes, one->votes);
    ck_assert_int_eq(one->votes[cs_model_find_practice(m, "X00001")], 1);
    ck_assert_int_eq(one->votes[cs_model_find_practice(m, "X00003")], 0);
    ck_assert_int_eq(one->votes[cs_model_find_practice(m, "X00006")], -1);
    ck_assert_ptr_null(two->view.votes);
    ck_assert_uint_eq(two->view.n_consortia, 2);
    ck_assert_str_eq(two->consortia[0].id, "north");
    ck_assert_str_eq(two->consortia[0].key, NORTH_KEY);
    ck_assert_str_eq(fed->consortia[0].key, NORTH_KEY);
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(two->consortia[0].practices[i], (int)i);
    ck_assert_double_eq(two->consortia[0].registered, 56100);
    ck_assert_double_eq(two->consortia[1].weighted, 52200);
    ck_assert_int_eq(two->federation_of[0], -1);
    ck_assert_uint_eq(fed->view.n_federations, 1);
    f = &fed->federations[0];
    ck_assert_str_eq(f->id, "exampleshire_federation");
    ck_assert_uint_eq(f->n_members, 2);
    ck_assert_int_eq(f->members[0], 0);
    ck_assert_int_eq(f->members[1], 1);
    ck_assert_double_eq(f->risk_pool_share, 0.5);
    ck_assert_double_eq(f->shared_functions, 0.4);
    ck_assert_int_eq(f->pool_surpluses, 0);
    ck_assert_int_eq(f->joint_contracting, 1);
    ck_assert_int_eq(fed->view.federation_of[1], 0);
}

START_TEST(test_example)
{
    cs_diag d = {0};
    cs_model *m = cs_load_scenario(CS_TEST_SRCDIR "/scenarios/example.yaml",
                                   &d);
    const cs_criterion_spec *cap;
    const cs_param_value *pv;

    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->id, "example");
    ck_assert_str_eq(m->name, "Exampleshire: one consortium or two?");
    ck_assert_ptr_nonnull(strstr(m->description, "Twelve practices"));
    ck_assert_uint_eq(m->n_orgs, 4);
    ck_assert_int_eq(m->orgs[0].kind, CS_ORG_LOCAL_AUTHORITY);
    ck_assert_int_eq(m->orgs[3].kind, CS_ORG_MENTAL_HEALTH);
    ck_assert_uint_eq(m->n_localities, 2);
    ck_assert_int_eq(m->localities[0].local_authority, 0);
    ck_assert_int_eq(m->localities[0].pct, 1);
    ck_assert_uint_eq(m->localities[0].n_neighbours, 1);
    ck_assert_int_eq(m->localities[0].neighbours[0], 1);
    ck_assert_uint_eq(m->n_practices, 12);
    check_example_practices(m);
    ck_assert_uint_eq(m->n_options, 3);
    check_example_options(m);
    ck_assert_uint_eq(m->n_criteria, 6);
    ck_assert_str_eq(m->criteria[0].plugin, "risk");
    ck_assert_str_eq(m->criteria[0].label, "risk");
    ck_assert_int_eq(m->criteria[0].has_bounds, 1);
    ck_assert_double_eq(m->criteria[0].worst, 2.0);
    ck_assert_double_eq(m->criteria[0].best, 0.0);
    ck_assert_double_eq(m->criteria[0].weight, 30);
    ck_assert_int_eq(m->criteria[2].has_bounds, 0);
    cap = &m->criteria[1];
    pv = param(cap->params, cap->n_params, "allowance_per_head");
    ck_assert_int_eq(pv->kind, CS_PV_DIST);
    ck_assert_int_eq(pv->dist.kind, CS_DIST_TRIANGULAR);
    ck_assert_double_eq(pv->dist.p[0], 25);
    ck_assert_double_eq(pv->dist.p[1], 30);
    ck_assert_double_eq(pv->dist.p[2], 35);
    ck_assert_int_eq(pv->pos.line, 93);
    ck_assert_int_eq(cap->has_bounds, 1);
    ck_assert_double_eq(cap->worst, -10);
    ck_assert_double_eq(cap->best, 10);
    pv = param(m->params, m->n_params, "budget_basis");
    ck_assert_int_eq(pv->kind, CS_PV_STRING);
    ck_assert_str_eq(pv->string, "capitation");
    pv = param(m->params, m->n_params, "spend_per_weighted_head");
    ck_assert_int_eq(pv->kind, CS_PV_NUMBER);
    ck_assert_double_eq(pv->number, 1230);
    ck_assert_uint_eq(m->analysis.draws, 4000);
    ck_assert_uint_eq(m->analysis.seed, 20110401);
    ck_assert_uint_eq(m->analysis.n_thresholds, 3);
    ck_assert_double_eq_tol(m->analysis.thresholds[2], 0.05, 1e-15);
    ck_assert_ptr_eq(m->view.practices, m->practices);
    ck_assert_uint_eq(m->view.n_draws, 4000);
    ck_assert_uint_eq(m->n_inputs, 1);
    ck_assert_int_eq(m->status_quo, 1);        /* two */
    cs_model_free(m);
    cs_diag_clear(&d);
}
END_TEST

START_TEST(test_csv_practices)
{
    cs_diag d = {0};
    cs_model *m = cs_load_scenario(CS_TEST_SRCDIR "/tests/data/loader/csv.yaml",
                                   &d);
    const cs_practice *p;

    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->n_practices, 5);
    ck_assert_str_eq(m->practices[0].code, "Z00001");
    p = &m->practices[1];
    ck_assert_str_eq(p->code, "Y00001");
    ck_assert_str_eq(p->name, "Smith, Jones and Partners");
    ck_assert_double_eq(p->registered, 5000);
    ck_assert_double_eq(p->weighted, 5200);
    ck_assert_double_eq_tol(p->imd, 20.5, 1e-12);
    ck_assert_double_eq_tol(p->gp_fte, 2.5, 1e-12);
    ck_assert_double_eq(p->historic_spend, 6100000);
    ck_assert_int_eq(p->locality, 0);
    ck_assert_uint_eq(p->n_providers, 1);           /* from north */
    ck_assert_double_eq_tol(p->providers[0].share, 0.7, 1e-12);
    p = &m->practices[2];
    ck_assert_str_eq(p->name, "The \"Old\" Surgery");
    ck_assert_double_eq(p->weighted, 3000);         /* blank: registered */
    ck_assert(isnan(p->imd));
    ck_assert(isnan(p->gp_fte));                    /* NA */
    ck_assert(isnan(p->historic_spend));
    ck_assert_uint_eq(p->n_providers, 0);           /* south has none */
    ck_assert_str_eq(m->practices[3].name, "Multi\nline name");
    ck_assert_int_eq(m->practice_pos[4].line, 6);
    ck_assert_ptr_nonnull(strstr(m->practice_pos[4].file, "practices.csv"));
    ck_assert_uint_eq(m->options[0].consortia[0].n_practices, 5);
    ck_assert_double_eq(m->options[0].consortia[0].registered, 15500);
    ck_assert_uint_eq(m->n_inputs, 2);
    ck_assert_str_eq(m->inputs[1].path,
                     CS_TEST_SRCDIR "/tests/data/loader/practices.csv");
    ck_assert_str_eq(m->inputs[1].sha256, PRACTICES_CSV_SHA);
    cs_model_free(m);
    cs_diag_clear(&d);
}
END_TEST

/* need and outside income reach the view as parallel arrays, NaN where
 * not given; the arrays are NULL when nothing gives them. */
START_TEST(test_need_and_outside_income)
{
    cs_model *m = load_ok(
        "format: 1\nscenario: {id: t}\n"
        "organisations:\n"
        "  - {id: h, kind: acute, outside_income: 2500000}\n"
        "  - {id: c, kind: community, outside_share: 0.25}\n"
        "  - {id: la, kind: local_authority}\n"
        "localities:\n  - {id: north}\n"
        "practices:\n"
        "  - {code: A1, locality: north, registered: 100, need: 111.1}\n"
        "  - {code: B2, locality: north, registered: 200}\n"
        "options:\n  - id: one\n    consortia:\n"
        "      - {id: all, localities: [north]}\n");
    const cs_scenario_view *v = &m->view;

    ck_assert(CS_VIEW_HAS(v, practice_need));
    ck_assert(CS_VIEW_HAS(v, org_outside_share));
    ck_assert_ptr_nonnull(v->practice_need);
    ck_assert_double_eq(v->practice_need[0], 111.1);
    ck_assert(isnan(v->practice_need[1]));
    ck_assert_double_eq(v->org_outside_income[0], 2500000);
    ck_assert(isnan(v->org_outside_income[1]));
    ck_assert_double_eq(v->org_outside_share[1], 0.25);
    ck_assert(isnan(v->org_outside_share[2]));
    cs_model_free(m);
    m = load_with("");
    ck_assert_ptr_null(m->view.practice_need);
    ck_assert_ptr_null(m->view.org_outside_income);
    ck_assert_ptr_null(m->view.org_outside_share);
    cs_model_free(m);
}
END_TEST

START_TEST(test_defaults)
{
    cs_model *m = load_with(
        "organisations:\n"
        "  - {id: trust, kind: acute}\n"
        "criteria:\n"
        "  - {plugin: risk, weight: 1}\n");
    const cs_practice *p = &m->practices[0];

    ck_assert_str_eq(m->name, "t");
    ck_assert_ptr_null(m->description);
    ck_assert_str_eq(m->orgs[0].name, "trust");
    ck_assert_str_eq(m->localities[0].name, "north");
    ck_assert_int_eq(m->localities[0].local_authority, -1);
    ck_assert_int_eq(m->localities[0].pct, -1);
    ck_assert_uint_eq(m->localities[0].n_neighbours, 0);
    ck_assert_str_eq(p->name, "A1");
    ck_assert_double_eq(p->weighted, 100);
    ck_assert(isnan(p->imd) && isnan(p->gp_fte) && isnan(p->historic_spend));
    ck_assert_uint_eq(p->n_providers, 0);
    ck_assert_str_eq(m->options[0].view.name, "one");
    ck_assert_str_eq(m->options[0].consortia[0].name, "all");
    ck_assert_ptr_null(m->options[0].view.votes);
    ck_assert_uint_eq(m->options[0].view.n_federations, 0);
    ck_assert_str_eq(m->criteria[0].label, "risk");
    ck_assert_int_eq(m->criteria[0].has_bounds, 0);
    ck_assert_uint_eq(m->analysis.draws, 10000);
    ck_assert_uint_eq(m->analysis.seed, 20110401);
    ck_assert_uint_eq(m->analysis.threads, 0);
    ck_assert_uint_eq(m->analysis.n_thresholds, 3);
    ck_assert_double_eq_tol(m->analysis.thresholds[0], 0.01, 1e-15);
    ck_assert_double_eq_tol(m->analysis.thresholds[1], 0.02, 1e-15);
    ck_assert_uint_eq(m->view.n_thresholds, 3);
    cs_model_free(m);
}
END_TEST

START_TEST(test_distributions)
{
    cs_model *m = load_with(
        "parameters:\n"
        "  a: {dist: fixed, value: 3}\n"
        "  b: {dist: uniform, min: 1, max: 2}\n"
        "  c: {dist: triangular, min: 1, mode: 1, max: 4}\n"
        "  d: {dist: normal, mean: -1, sd: 0.5}\n"
        "  e: {dist: lognormal, meanlog: 0.1, sdlog: 0.2}\n"
        "  f: {dist: beta, alpha: 2, beta: 3}\n"
        "  g: {dist: beta, alpha: 2, beta: 3, min: 10, max: 20}\n"
        "  h: true\n"
        "  i: \"42\"\n"
        "  j: -1.5e3\n");
    const cs_param_value *p = m->params;

    ck_assert_uint_eq(m->n_params, 10);
    ck_assert_int_eq(p[0].dist.kind, CS_DIST_FIXED);
    ck_assert_double_eq(p[0].dist.p[0], 3);
    ck_assert_int_eq(p[1].dist.kind, CS_DIST_UNIFORM);
    ck_assert_double_eq(p[1].dist.p[1], 2);
    ck_assert_int_eq(p[2].dist.kind, CS_DIST_TRIANGULAR);
    ck_assert_double_eq(p[2].dist.p[2], 4);
    ck_assert_int_eq(p[3].dist.kind, CS_DIST_NORMAL);
    ck_assert_double_eq(p[3].dist.p[0], -1);
    ck_assert_double_eq(p[3].dist.p[1], 0.5);
    ck_assert_int_eq(p[4].dist.kind, CS_DIST_LOGNORMAL);
    ck_assert_double_eq(p[4].dist.p[1], 0.2);
    ck_assert_int_eq(p[5].dist.kind, CS_DIST_BETA);
    ck_assert_double_eq(p[5].dist.p[2], 0);
    ck_assert_double_eq(p[5].dist.p[3], 1);
    ck_assert_double_eq(p[6].dist.p[2], 10);
    ck_assert_double_eq(p[6].dist.p[3], 20);
    ck_assert_double_eq_tol(cs_dist_mean(&p[6].dist), 14, 1e-12);
    ck_assert_int_eq(p[7].kind, CS_PV_BOOLEAN);
    ck_assert_int_eq(p[7].boolean, 1);
    ck_assert_int_eq(p[8].kind, CS_PV_STRING);      /* quoted: a string */
    ck_assert_str_eq(p[8].string, "42");
    ck_assert_int_eq(p[9].kind, CS_PV_NUMBER);
    ck_assert_double_eq(p[9].number, -1500);
    ck_assert_int_eq(p[9].pos.line, 23);
    ck_assert_int_eq(p[9].pos.col, 6);
    cs_model_free(m);
}
END_TEST

/* `status_quo:` names an option; every option's view points to it, and
 * without the key to nothing. */
START_TEST(test_status_quo)
{
    cs_model *m = load_with(
        "  - id: split\n"
        "    consortia:\n"
        "      - {id: a, localities: [north]}\n"
        "      - {id: b, localities: [south]}\n"
        "status_quo: split\n");
    ck_assert_int_eq(m->status_quo, 1);
    for (size_t i = 0; i < m->n_options; i++)
        ck_assert_ptr_eq(m->options[i].view.status_quo, &m->options[1].view);
    cs_model_free(m);
    m = load_with("");
    ck_assert_int_eq(m->status_quo, -1);
    ck_assert_ptr_null(m->options[0].view.status_quo);
    cs_model_free(m);
}
END_TEST

START_TEST(test_votes_and_membership)
{
    cs_model *m = load_with(
        "  - id: split\n"
        "    consortia:\n"
        "      - {id: b, practices: [B2]}\n"
        "      - {id: a, localities: [north]}\n"
        "    votes: {for: all, against: [B2]}\n"
        "  - id: mixed\n"
        "    consortia:\n"
        "      - {id: ab, practices: [B2], localities: [north]}\n");
    const cs_option *split = &m->options[1], *mixed = &m->options[2];

    ck_assert_uint_eq(m->n_options, 3);
    ck_assert_int_eq(split->votes[0], 1);
    ck_assert_int_eq(split->votes[1], 0);
    ck_assert_int_eq(split->consortia[0].practices[0], 1);
    ck_assert_int_eq(split->consortia[1].practices[0], 0);
    ck_assert_int_eq(mixed->consortia[0].practices[0], 0);  /* ascending */
    ck_assert_int_eq(mixed->consortia[0].practices[1], 1);
    ck_assert_double_eq(mixed->consortia[0].registered, 300);
    /* the same membership gives the same key in every option */
    ck_assert_str_eq(mixed->consortia[0].key, m->options[0].consortia[0].key);
    ck_assert_str_ne(split->consortia[0].key, split->consortia[1].key);
    cs_model_free(m);
}
END_TEST

START_TEST(test_federation_defaults_and_anchors)
{
    cs_model *m = load_with(
        "  - id: fed\n"
        "    consortia:\n"
        "      - {id: n, localities: [north]}\n"
        "      - {id: s, localities: [south]}\n"
        "    federations:\n"
        "      - {id: f, members: [s, n]}\n"
        "criteria:\n"
        "  - {plugin: risk, weight: 1, parameters: &p {x: 1}}\n"
        "  - {plugin: risk, label: risk2, weight: 0, parameters: *p}\n"
        "  - {plugin: my_criterion, weight: 2.5}\n");
    const cs_federation *f = &m->options[1].federations[0];

    ck_assert_str_eq(f->name, "f");
    ck_assert_int_eq(f->members[0], 1);
    ck_assert_int_eq(f->members[1], 0);
    ck_assert_double_eq(f->risk_pool_share, 0);
    ck_assert_double_eq(f->shared_functions, 0);
    ck_assert_int_eq(f->pool_surpluses, 0);
    ck_assert_int_eq(f->joint_contracting, 0);
    ck_assert_str_eq(m->criteria[1].label, "risk2");
    ck_assert_uint_eq(m->criteria[1].n_params, 1);
    ck_assert_double_eq(m->criteria[1].params[0].number, 1);
    ck_assert_str_eq(m->criteria[2].plugin, "my_criterion");
    cs_model_free(m);
}
END_TEST

/* `plugin:` is a name; a path (a '/' or a .so ending) is refused at its
 * line and column, unless cs_load_opts allows plugin files, when a
 * relative path resolves against the scenario's folder. */
START_TEST(test_plugin_path_needs_permission)
{
    char *dir = tl_tempdir(), *path, want[512], yaml[1024];
    cs_load_opts allow = {1, 0};
    cs_diag d = {0};
    cs_model *m;

    snprintf(yaml, sizeof yaml, "%scriteria:\n  - {plugin: "
             "plugins/my_criterion.so, weight: 1}\n", MINIMAL);
    path = tl_write(dir, "s.yaml", yaml, (size_t)-1);
    m = cs_load_scenario(path, &d);
    ck_assert_ptr_null(m);
    tl_assert_error(&d, path, 14, 14, "the plugin of criterion 1 is the file "
                    "'plugins/my_criterion.so', but a scenario names plugins, "
                    "not files; write 'plugin: my_criterion'");
    cs_diag_clear(&d);
    m = cs_load_scenario_opts(path, &allow, &d);
    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    snprintf(want, sizeof want, "%s/plugins/my_criterion.so", dir);
    ck_assert_str_eq(m->criteria[0].plugin, want);
    ck_assert_str_eq(m->criteria[0].label, "plugins/my_criterion.so");
    cs_model_free(m);
    cs_diag_clear(&d);
    free(path);
    tl_rmdir(dir);
}
END_TEST

START_TEST(test_analysis)
{
    cs_model *m = load_with(
        "analysis:\n"
        "  draws: 10000000\n"
        "  seed: 18446744073709551615\n"
        "  threads: 256\n"
        "  thresholds: [5, 0.5, 2.5, 100]\n");

    ck_assert_uint_eq(m->analysis.draws, 10000000);
    ck_assert_uint_eq(m->analysis.seed, UINT64_MAX);
    ck_assert_uint_eq(m->analysis.threads, 256);
    ck_assert_uint_eq(m->analysis.n_thresholds, 4);
    ck_assert_double_eq_tol(m->analysis.thresholds[0], 0.005, 1e-15);
    ck_assert_double_eq_tol(m->analysis.thresholds[1], 0.025, 1e-15);
    ck_assert_double_eq_tol(m->analysis.thresholds[2], 0.05, 1e-15);
    ck_assert_double_eq_tol(m->analysis.thresholds[3], 1.0, 1e-15);
    ck_assert_ptr_eq(m->view.thresholds, m->analysis.thresholds);
    cs_model_free(m);
}
END_TEST

START_TEST(test_providers)
{
    cs_model *m = load_ok(
        "format: 1\n"
        "scenario: {id: t}\n"
        "organisations:\n"
        "  - {id: la, kind: local_authority}\n"
        "  - {id: pct, kind: pct}\n"
        "  - {id: h, kind: acute}\n"
        "  - {id: c, kind: community}\n"
        "localities:\n"
        "  - {id: north, local_authority: la, pct: pct, providers: {h: 0.6, c: 0.4}}\n"
        "practices:\n"
        "  - {code: A1, locality: north, registered: 100}\n"
        "  - {code: B2, locality: north, registered: 200, providers: {}}\n"
        "  - {code: C3, locality: north, registered: 300, providers: {c: 1}}\n"
        "options:\n"
        "  - {id: one, consortia: [{id: all, localities: [north]}]}\n");

    ck_assert_uint_eq(m->practices[0].n_providers, 2);
    ck_assert_double_eq(m->practices[0].providers[1].share, 0.4);
    ck_assert_uint_eq(m->practices[1].n_providers, 0);  /* explicit {} */
    ck_assert_uint_eq(m->practices[2].n_providers, 1);
    ck_assert_int_eq(m->practices[2].providers[0].org, 3);
    ck_assert_double_eq(m->practices[2].providers[0].share, 1);
    ck_assert_int_eq(m->localities[0].local_authority, 0);
    ck_assert_int_eq(m->localities[0].pct, 1);
    cs_model_free(m);
}
END_TEST

START_TEST(test_buffer_digest)
{
    cs_model *m = load_ok(MINIMAL);

    ck_assert_str_eq(m->path, "t.yaml");
    ck_assert_uint_eq(m->n_inputs, 1);
    ck_assert_str_eq(m->inputs[0].path, "t.yaml");
    /* printf '%s' "$MINIMAL" | sha256sum */
    ck_assert_str_eq(m->inputs[0].sha256,
        "95a82fd82747e89634a7230f1b8fdb2a66ab0961d26d09daf419e5619ffb122b");
    cs_model_free(m);
}
END_TEST

/* A national-sized CSV (7,923 practices in 211 localities) loads well
 * under a second. */
START_TEST(test_national_size)
{
    enum { N_PRACTICES = 7923, N_LOCALITIES = 211 };
    char *dir = tl_tempdir(), *csv, *yaml, *path;
    size_t cap = 1u << 21, len = 0;
    cs_diag d = {0};
    cs_model *m;
    clock_t t0;
    double secs, total = 0;

    csv = malloc(cap);
    yaml = malloc(cap);
    ck_assert(csv && yaml);
    len = (size_t)sprintf(csv, "practice_code,practice_name,"
                          "registered_patients,weighted_patients,imd_2010,"
                          "gp_fte_2016,ccg_code\n");
    for (int i = 0; i < N_PRACTICES; i++) {
        len += (size_t)sprintf(csv + len, "P%05d,\"Surgery %d, \"\"The\"\" "
                               "Street\",%d,%d,%d.5,%s,L%03d\n", i, i,
                               1000 + i, 1100 + i, i % 60,
                               i % 7 ? "3.2" : "", i % N_LOCALITIES);
        total += 1000 + i;
    }
    free(tl_write(dir, "england.csv", csv, len));
    len = (size_t)sprintf(yaml, "format: 1\nscenario: {id: england}\n"
                          "localities:\n");
    for (int l = 0; l < N_LOCALITIES; l++)
        len += (size_t)sprintf(yaml + len, "  - {id: L%03d}\n", l);
    len += (size_t)sprintf(yaml + len, "practices_csv: {file: england.csv, "
                           "locality_column: ccg_code}\noptions:\n"
                           "  - id: one\n    consortia:\n"
                           "      - id: all\n        localities: [");
    for (int l = 0; l < N_LOCALITIES; l++)
        len += (size_t)sprintf(yaml + len, "%sL%03d", l ? ", " : "", l);
    len += (size_t)sprintf(yaml + len, "]\n  - id: each\n    consortia:\n");
    for (int l = 0; l < N_LOCALITIES; l++)
        len += (size_t)sprintf(yaml + len, "      - {id: c%d, localities: "
                               "[L%03d]}\n", l, l);
    path = tl_write(dir, "england.yaml", yaml, len);
    t0 = clock();
    m = cs_load_scenario(path, &d);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->n_practices, N_PRACTICES);
    ck_assert_uint_eq(m->options[0].consortia[0].n_practices, N_PRACTICES);
    ck_assert_double_eq(m->options[0].consortia[0].registered, total);
    ck_assert_uint_eq(m->options[1].view.n_consortia, N_LOCALITIES);
    ck_assert_str_eq(m->practices[1].name, "Surgery 1, \"The\" Street");
    ck_assert(isnan(m->practices[0].gp_fte));
    if (tl_timing())
        ck_assert_msg(secs < 0.5, "loading took %.3f s", secs);
    cs_model_free(m);
    cs_diag_clear(&d);
    free(path);
    free(csv);
    free(yaml);
    tl_rmdir(dir);
}
END_TEST

/* CSV with a byte-order mark, CRLF line ends and a blank line. */
START_TEST(test_csv_crlf_bom)
{
    char *dir = tl_tempdir(), *path;
    cs_diag d = {0};
    cs_model *m;

    free(tl_write(dir, "p.csv", "\xef\xbb\xbfpractice_code,practice_name,"
                  "registered_patients,locality\r\nA1,\"A, One\",10,north"
                  "\r\n\r\nB2,Two,20,north\r\n", (size_t)-1));
    path = tl_write(dir, "s.yaml", "format: 1\nscenario: {id: s}\n"
                    "localities: [{id: north}]\npractices_csv: p.csv\n"
                    "options: [{id: o, consortia: [{id: c, localities: "
                    "[north]}]}]\n", (size_t)-1);
    m = cs_load_scenario(path, &d);
    if (!m)
        cs_diag_print(&d, stderr);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->n_practices, 2);
    ck_assert_str_eq(m->practices[0].code, "A1");
    ck_assert_str_eq(m->practices[0].name, "A, One");
    ck_assert_str_eq(m->practices[1].code, "B2");
    ck_assert_int_eq(m->practice_pos[1].line, 4);
    cs_model_free(m);
    cs_diag_clear(&d);
    free(path);
    tl_rmdir(dir);
}
END_TEST

/* The full example in docs/scenario-format.md loads, as the doc says. */
START_TEST(test_docs_example)
{
    FILE *fp = fopen(CS_TEST_SRCDIR "/docs/scenario-format.md", "r");
    char *doc, *start, *end;
    cs_model *m;
    const cs_option *fed;
    long size;

    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
    size = ftell(fp);
    rewind(fp);
    doc = calloc((size_t)size + 1, 1);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(fread(doc, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    start = strstr(doc, "```yaml\n");
    ck_assert_ptr_nonnull(start);
    start += 8;
    end = strstr(start, "```");
    ck_assert_ptr_nonnull(end);
    *end = '\0';
    m = load_ok(start);
    ck_assert_str_eq(m->id, "riverside");
    ck_assert_uint_eq(m->n_practices, 6);
    ck_assert_uint_eq(m->n_options, 3);
    fed = &m->options[2];
    ck_assert_uint_eq(fed->consortia[0].n_practices, 2);
    ck_assert_uint_eq(fed->consortia[1].n_practices, 4);
    ck_assert_int_eq(fed->federation_of[1], 0);
    ck_assert_int_eq(m->options[0].votes[2], 0);
    ck_assert_int_eq(m->options[0].votes[5], 1);
    ck_assert_str_eq(m->criteria[2].label, "governance (strict)");
    ck_assert_str_eq(m->criteria[3].label, "governance");
    ck_assert_double_eq(m->practices[2].weighted, 6100);
    ck_assert_str_eq(m->practices[1].name, "Mill, Lane & Partners");
    cs_model_free(m);
    free(doc);
}
END_TEST

Suite *loader_valid_suite(void)
{
    Suite *s = suite_create("loader_valid");
    TCase *tc = tcase_create("valid");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_example);
    tcase_add_test(tc, test_csv_practices);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_need_and_outside_income);
    tcase_add_test(tc, test_distributions);
    tcase_add_test(tc, test_votes_and_membership);
    tcase_add_test(tc, test_status_quo);
    tcase_add_test(tc, test_federation_defaults_and_anchors);
    tcase_add_test(tc, test_plugin_path_needs_permission);
    tcase_add_test(tc, test_analysis);
    tcase_add_test(tc, test_providers);
    tcase_add_test(tc, test_buffer_digest);
    tcase_add_test(tc, test_national_size);
    tcase_add_test(tc, test_csv_crlf_bom);
    tcase_add_test(tc, test_docs_example);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(loader_valid_suite());
    int failed;

    srunner_add_suite(sr, loader_bad_suite());
    srunner_add_suite(sr, loader_hostile_suite());
    srunner_add_suite(sr, loader_refuse_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
