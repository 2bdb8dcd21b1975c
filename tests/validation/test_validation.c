/*
 * test_validation.c -- every row of ../shared/design/VALIDATION.md on
 * financial risk, running costs and the costs of change (the default risk,
 * capacity and transition models), held with the whole default model on
 * (PREDICTION and DEFAULTS rows), and, labelled FIT, the rows a parameter
 * set in this directory was fitted to. docs/models.md ("Against the
 * published figures") has the table of rows, settings and figures.
 *
 * - FIT: a parameter set chosen to reproduce this source's figures
 *   (mckinsey2010, crump1991, asthana2011); the test shows the model's form
 *   can, not that it predicts.
 * - DEFAULTS: the default model, every part on, in the source's setting
 *   (the only parts off are those the setting itself excludes, each named
 *   in the set's file: defaults-at-cost.params).
 * - PREDICTION: the default model, whose idiosyncratic scale was fitted
 *   to McKinsey, against another source's figure, without refitting.
 *
 * A consortium of N people in England spans round(N / 162,600) areas (at
 * least one), each a local authority district with its own unlisted
 * providers: England's 53.0 million people (ONS mid-2011) in its 326
 * districts, the level the seed scenarios use for the model's areas
 * (Stoke-on-Trent, Newcastle-under-Lyme, Staffordshire Moorlands). The first year's figures do not depend on the horizon
 * (tests/test_risk_years.c holds that), so runs use a horizon of one year.
 *
 * Each row prints its estimate and Monte Carlo standard error, so the log
 * (tests/validation/test_validation.log) shows how many SEs the tolerance
 * is wide.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mockhost.h"

#define RISK_SO CS_BUILD_PLUGINDIR "/risk.so"
#define CAPACITY_SO CS_BUILD_PLUGINDIR "/capacity.so"
#define TRANSITION_SO CS_BUILD_PLUGINDIR "/transition.so"
#define GOVERNANCE_SO CS_BUILD_PLUGINDIR "/governance.so"
#define SET(name) CS_VALIDATION_DIR "/" name ".params"

/* What a risk run gives: SD of the balance (% of budget) with its SE, and
 * P(overspend > threshold) for thresholds 1, 2, 5 and 10%. */
typedef struct fig {
    double sd, sd_se, p[4], var95_pct;
    size_t n;
} fig;

static const double thresholds[4] = {0.01, 0.02, 0.05, 0.10};
static const char *const p_names[4] = {"p_over_1pct", "p_over_2pct",
                                       "p_over_5pct", "p_over_10pct"};

/* England's mean local authority district: 53.0m people in 326. */
#define AREA_PEOPLE (53.0e6 / 326)

/* Areas a consortium of `people` spans in England (at least one). */
static int england_areas(double people)
{
    int a = (int)lround(people / AREA_PEOPLE);
    return a < 1 ? 1 : a;
}

/* One consortium of `people` (practices of at most 10,000, weighted =
 * registered, no provider data) spread evenly over `areas` local
 * authorities, under a parameter set (NULL: defaults). */
static fig risk_run_in(const char *set, double people, size_t draws,
                       int areas)
{
    cs_mock *m = cs_mock_new(draws, 20110401);
    cs_mock_set_thresholds(m, thresholds, 4);
    int n = (int)ceil(people / 10000);
    n = n < areas ? areas : n;
    int *idx = malloc((size_t)n * sizeof *idx), loc[64];
    ck_assert_ptr_nonnull(idx);
    ck_assert_int_le(areas, 64);
    for (int a = 0; a < areas; a++) {
        char id[16];
        snprintf(id, sizeof id, "la%d", a);
        loc[a] = cs_mock_add_locality(m, id, cs_mock_add_org(
                     m, id, CS_ORG_LOCAL_AUTHORITY), -1);
    }
    for (int i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "V%04d", i);
        idx[i] = cs_mock_add_practice(m, code, loc[i % areas], people / n,
                                      people / n);
    }
    if (set)
        ck_assert_msg(cs_mock_set_params_file(m, set) == 0, "%s",
                      cs_mock_error(m));
    ck_assert_int_eq(cs_mock_set_number(m, "horizon_years", 1), 0);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    const cs_values *v;
    ck_assert_msg(cs_mock_consortium(m, idx, (size_t)n, &v) == 0, "%s",
                  cs_mock_error(m));
    double s1 = 0, s2 = 0, s4 = 0, mean;
    for (size_t k = 0; k < draws; k++)
        s1 += cs_mock_value(m, v, "balance_pct", k);
    mean = s1 / (double)draws;
    for (size_t k = 0; k < draws; k++) {
        double d = cs_mock_value(m, v, "balance_pct", k) - mean;
        s2 += d * d;
        s4 += d * d * d * d;
    }
    fig f = {0};
    f.n = draws;
    f.sd = sqrt(s2 / (double)(draws - 1));
    double kurt = (s4 / (double)draws) / pow(s2 / (double)draws, 2);
    /* SE of a sample SD: sd/2 x sqrt((kurtosis - 1) / n) */
    f.sd_se = f.sd / 2 * sqrt((kurt - 1) / (double)draws);
    for (size_t t = 0; t < 4; t++)
        f.p[t] = cs_mock_value(m, v, p_names[t], 0);
    f.var95_pct = cs_mock_value(m, v, "var95_pct", 0);
    cs_mock_free(m);
    free(idx);
    return f;
}

/* In one area (the rows whose setting is one local health economy). */
static fig risk_run(const char *set, double people, size_t draws)
{
    return risk_run_in(set, people, draws, 1);
}

/* As a consortium of that size in England. */
static fig risk_run_england(const char *set, double people, size_t draws)
{
    return risk_run_in(set, people, draws, england_areas(people));
}

static double p_se(double p, size_t n)
{
    return sqrt(p * (1 - p) / (double)n);
}

/* Asserts lo <= x <= hi and logs the row with its SE (0: the figure is
 * deterministic; negative: no SE, e.g. a grid point). */
static void row(const char *what, double x, double se, double lo, double hi)
{
    if (se > 0)
        printf("%-46s %11.4f (SE %.4f) in [%g, %g]: %.1f SE inside\n", what,
               x, se, lo, hi, fmin(x - lo, hi - x) / se);
    else
        printf("%-46s %11.4f (%s) in [%g, %g]\n", what, x,
               se == 0 ? "deterministic" : "grid point, no SE", lo, hi);
    ck_assert_msg(x >= lo && x <= hi, "%s: %g outside [%g, %g]", what, x, lo,
                  hi);
}

/* McKinsey 2010: P(>1%), P(>2%) at 100k; P(>1%) at 300k and 1M, for a
 * parameter set (fit or defaults), a geography and a number of draws. */
static void mckinsey_rows(const char *label, const char *set,
                          fig (*run)(const char *, double, size_t),
                          size_t n)
{
    char what[80];
    fig a = run(set, 100000, n);
    snprintf(what, sizeof what, "%s P(>1%%) at 100k, %%", label);
    row(what, 100 * a.p[0], 100 * p_se(a.p[0], n), 12, 28);
    snprintf(what, sizeof what, "%s P(>2%%) at 100k, %%", label);
    row(what, 100 * a.p[1], 100 * p_se(a.p[1], n), 2, 8);
    fig b = run(set, 300000, n);
    snprintf(what, sizeof what, "%s P(>1%%) at 300k, %%", label);
    row(what, 100 * b.p[0], 100 * p_se(b.p[0], n), 3, 10);
    fig c = run(set, 1000000, n);
    snprintf(what, sizeof what, "%s P(>1%%) at 1M, %%", label);
    row(what, 100 * c.p[0], 100 * p_se(c.p[0], n), 0, 1.5);
}

/* FIT: the idiosyncratic part alone, as McKinsey's resampling has it. */
START_TEST(test_mckinsey_probabilities)
{
    mckinsey_rows("FIT McKinsey", SET("mckinsey2010"), risk_run, 20000);
}
END_TEST

/* DEFAULTS: every part of the model on (provider, area, national,
 * emergency and QIPP shocks), the budget at expected cost as in the
 * source (so no allocation error: defaults-at-cost.params), each
 * consortium spanning England's areas for its size. At 300,000 (two
 * districts) the model's floor, which McKinsey's resampled patients do
 * not have, puts P(>1%) near the tolerance's 10% (McKinsey: ~6%): 200,000
 * draws make the verdict several SEs sure. docs/models.md says why. */
START_TEST(test_mckinsey_defaults)
{
    mckinsey_rows("DEFAULTS McKinsey", SET("defaults-at-cost"),
                  risk_run_england, 200000);
}
END_TEST

/* McKinsey model form: relative SD at 100k in [0.9, 1.5]% (with the
 * source's setting and with every default on); N^-0.5 between 50k and
 * 500k within 20%; the systematic floor of the defaults in [0.3, 0.5]%. */
START_TEST(test_mckinsey_model_form)
{
    const size_t n = 20000;
    fig a = risk_run(SET("mckinsey2010"), 100000, n);
    row("relative SD at 100k (McKinsey set), %", a.sd, a.sd_se, 0.9, 1.5);
    fig d = risk_run(SET("defaults-at-cost"), 100000, n);
    row("DEFAULTS relative SD at 100k, %", d.sd, d.sd_se, 0.9, 1.5);
    fig lo = risk_run(SET("mckinsey2010"), 50000, n);
    fig hi = risk_run(SET("mckinsey2010"), 500000, n);
    double ratio = lo.sd / hi.sd / sqrt(10.0);
    double se = ratio * hypot(lo.sd_se / lo.sd, hi.sd_se / hi.sd);
    row("SD(50k)/SD(500k) over sqrt(10)", ratio, se, 0.8, 1.2);
    fig floor = risk_run(SET("defaults-at-cost"), 50e6, n);
    row("DEFAULTS systematic floor (one area, 50M), %", floor.sd, floor.sd_se,
        0.3, 0.5);
}
END_TEST

/* Crump et al. 1991, elective procedures only: SD/mean within 25%. */
START_TEST(test_crump)
{
    const size_t n = 20000;
    const double list[] = {9000, 24000, 179400}, pub[] = {7.5, 5.0, 1.8};
    for (size_t i = 0; i < 3; i++) {
        fig f = risk_run(SET("crump1991"), list[i], n);
        char what[64];
        snprintf(what, sizeof what, "FIT Crump SD/mean at %.0f / published",
                 list[i]);
        row(what, f.sd / pub[i], f.sd_se / pub[i], 0.75, 1.25);
    }
}
END_TEST

/* PREDICTION (fitted on McKinsey, tested on Crump): how the relative SD
 * falls with list size, from the default model with every part on (its
 * idiosyncratic scale fitted to McKinsey, its floor), against Crump's
 * ratios SD(9,000)/SD(24,000) = 7.5/5.0 and SD(24,000)/SD(179,400) =
 * 5.0/1.8, each within VALIDATION.md's +-25%. No parameter is refitted:
 * the level of Crump's elective-only spread is not predicted (it needs
 * the elective setting), its fall with size is. With the default 1.2%
 * at 100,000, a floor above 0.87% (twice the default's 0.43%) would fail
 * the second ratio: (6 + f^2) / (0.80 + f^2) < (0.75 x 5.0 / 1.8)^2. */
START_TEST(test_crump_predicted)
{
    const size_t n = 20000;
    const double list[] = {9000, 24000, 179400}, pub[] = {7.5, 5.0, 1.8};
    fig f[3];
    for (size_t i = 0; i < 3; i++)
        f[i] = risk_run_in(SET("defaults-at-cost"), list[i], n, 1);
    for (size_t i = 0; i < 2; i++) {
        double r = f[i].sd / f[i + 1].sd, want = pub[i] / pub[i + 1];
        double se = r * hypot(f[i].sd_se / f[i].sd, f[i + 1].sd_se / f[i + 1].sd);
        char what[80];
        snprintf(what, sizeof what, "PREDICTION Crump SD(%.0f)/SD(%.0f) / pub.",
                 list[i], list[i + 1]);
        row(what, r / want, se / want, 0.75, 1.25);
    }
}
END_TEST

/* Bachmann & Bevan 1996: the relative-SD curve has its knee between 10k
 * and 50k. The knee is the point of a curve farthest below the chord from
 * its first to its last point, both axes scaled to [0, 1] ("kneedle"),
 * over 2,000 (a practice) to 250,000 (a large consortium), defaults. */
START_TEST(test_bachmann_bevan_knee)
{
    const double x[] = {2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000,
                        40000, 50000, 75000, 100000, 150000, 250000};
    const size_t nx = sizeof x / sizeof x[0];
    double y[sizeof x / sizeof x[0]];
    for (size_t i = 0; i < nx; i++)
        y[i] = risk_run(SET("defaults-at-cost"), x[i], 20000).sd;
    double best = -1, knee = 0;
    for (size_t i = 0; i < nx; i++) {
        double xn = (x[i] - x[0]) / (x[nx - 1] - x[0]);
        double yn = (y[i] - y[nx - 1]) / (y[0] - y[nx - 1]);
        if (1 - xn - yn > best) {
            best = 1 - xn - yn;
            knee = x[i];
        }
    }
    row("PREDICTION Bachmann & Bevan knee, people", knee, -1, 10000, 50000);
}
END_TEST

/* Asthana et al. 2011, mental health only, 87k-104k: P(>=5%) in [1.5,
 * 7]%, P(>=10%) in [0.05, 1]%. */
START_TEST(test_asthana)
{
    const size_t n = 50000;
    const double list[] = {87000, 104000};
    for (size_t i = 0; i < 2; i++) {
        fig f = risk_run(SET("asthana2011"), list[i], n);
        char what[64];
        snprintf(what, sizeof what, "FIT Asthana P(>=5%%) at %.0f, %%",
                 list[i]);
        row(what, 100 * f.p[2], 100 * p_se(f.p[2], n), 1.5, 7);
        snprintf(what, sizeof what, "FIT Asthana P(>=10%%) at %.0f, %%",
                 list[i]);
        row(what, 100 * f.p[3], 100 * p_se(f.p[3], n), 0.05, 1);
    }
}
END_TEST

/* PREDICTION (fitted on McKinsey, tested on Jones 2009, qualitative):
 * risk "higher than acceptable" below 100,000. Acceptable here: a 2%
 * contingency covers 95% of years (VaR95 <= 2% of budget), with every
 * default on: not so at 75,000, so at 150,000. */
START_TEST(test_jones)
{
    const size_t n = 20000;
    fig a = risk_run_england(SET("defaults-at-cost"), 75000, n);
    fig b = risk_run_england(SET("defaults-at-cost"), 150000, n);
    /* SE of a quantile ~ sqrt(p(1-p)/n) / density, about 2.1 sd/sqrt(n) */
    row("PREDICTION Jones VaR95 at 75k, % (above 2)", a.var95_pct,
        2.1 * a.sd / sqrt((double)n), 2, 100);
    row("PREDICTION Jones VaR95 at 150k, % (below 2)", b.var95_pct,
        2.1 * b.sd / sqrt((double)n), -100, 2);
}
END_TEST

/* Running costs: short at 50,000, headroom at 250,000, break-even between
 * 80,000 and 150,000, all at GBP 25 a head. */
static double capacity_at(double people, const char *metric)
{
    cs_mock *m = cs_mock_new(100, 20110401);
    int loc = cs_mock_add_locality(m, "loc", -1, -1);
    int n = (int)ceil(people / 10000), idx[64];
    for (int i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "C%03d", i);
        idx[i] = cs_mock_add_practice(m, code, loc, people / n, people / n);
    }
    ck_assert_int_eq(cs_mock_set_params_file(m, SET("capacity25")), 0);
    ck_assert_msg(cs_mock_load_file(m, CAPACITY_SO) == 0, "%s",
                  cs_mock_error(m));
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, idx, (size_t)n, &v), 0);
    double x = cs_mock_value(m, v, metric, 0);
    cs_mock_free(m);
    return x;
}

START_TEST(test_running_costs)
{
    row("headroom at 50k, GBP/head (short)",
        capacity_at(50000, "headroom_per_head"), 0, -1000, -1e-9);
    row("P(shortfall) at 50k", capacity_at(50000, "p_shortfall"), 0, 1, 1);
    row("headroom at 250k, GBP/head",
        capacity_at(250000, "headroom_per_head"), 0, 1e-9, 1000);
    row("break-even population at GBP 25",
        capacity_at(175000, "break_even_population"), 0, 80000, 150000);
}
END_TEST

/* Costs of change and of scale (VALIDATION.md): the yearly running-cost
 * saving of merging bodies of the given sizes, against the status quo of
 * the same bodies apart, under every default. One practice per body: the
 * capacity model depends only on a body's population. */
static double merger_saving(const double *sizes, int n, const char *metric)
{
    cs_mock *m = cs_mock_new(100, 20110401);
    int loc = cs_mock_add_locality(m, "loc", -1, -1), all[8];
    cs_consortium_view apart[8];
    char codes[8][16];   /* the views point at them: they outlive the loop */
    for (int i = 0; i < n; i++) {
        char *code = codes[i];
        snprintf(code, sizeof codes[i], "M%03d", i);
        all[i] = cs_mock_add_practice(m, code, loc, sizes[i], sizes[i]);
        apart[i] = (cs_consortium_view){code, code, code, &all[i], 1,
                                        sizes[i], sizes[i]};
    }
    ck_assert_msg(cs_mock_load_file(m, CAPACITY_SO) == 0, "%s",
                  cs_mock_error(m));
    cs_option_view sq = {"apart", "apart", apart, (size_t)n, NULL, 0, NULL,
                         NULL, NULL};
    cs_mock_set_status_quo(m, &sq);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, all, (size_t)n);
    const cs_values *o;
    ck_assert_msg(cs_mock_option_run(m, NULL, &o) == 0, "%s",
                  cs_mock_error(m));
    double x = cs_mock_value(m, o, metric, 0);
    cs_mock_free(m);
    return x;
}

/* Manchester 2017: three CCGs (2014/15 lists: North 195,973, Central
 * 216,868, South 169,209) into one, about GBP 1m a year expected; Central
 * Lancashire 2019: Chorley and South Ribble (about 170,000) with Greater
 * Preston (about 200,000), about GBP 400k a year. The share of running
 * costs is printed beside NHS England's 2016 test of one fifth. */
START_TEST(test_merger_savings)
{
    const double manchester[] = {195973, 216868, 169209};
    const double lancashire[] = {170000, 200000};
    row("Manchester merger saving, GBP/year",
        merger_saving(manchester, 3, "saving_vs_status_quo_gbp"), 0, 5e5,
        2e6);
    row("Manchester saving, share of running costs (NHSE test 0.2)",
        merger_saving(manchester, 3, "saving_share_of_running_cost"), 0, 0,
        1);
    row("Central Lancashire merger saving, GBP/year",
        merger_saving(lancashire, 2, "saving_vs_status_quo_gbp"), 0, 2e5,
        8e5);
    row("Central Lancashire saving, share (NHSE test 0.2)",
        merger_saving(lancashire, 2, "saving_share_of_running_cost"), 0, 0,
        1);
}
END_TEST

/* NAO 2013: one-off cost per body created, merged or dissolved of the order
 * of GBP 1m-5m. The transition plugin's default (the mock draws its mode)
 * on Manchester's three merged into one: four bodies (three dissolved,
 * one created). */
START_TEST(test_cost_per_body)
{
    const double sizes[] = {195973, 216868, 169209};
    cs_mock *m = cs_mock_new(10, 20110401);
    int loc = cs_mock_add_locality(m, "loc", -1, -1), all[3];
    cs_consortium_view apart[3];
    char codes[3][16];   /* the views point at them: they outlive the loop */
    for (int i = 0; i < 3; i++) {
        char *code = codes[i];
        snprintf(code, sizeof codes[i], "M%03d", i);
        all[i] = cs_mock_add_practice(m, code, loc, sizes[i], sizes[i]);
        apart[i] = (cs_consortium_view){code, code, code, &all[i], 1,
                                        sizes[i], sizes[i]};
    }
    ck_assert_msg(cs_mock_load_file(m, TRANSITION_SO) == 0, "%s",
                  cs_mock_error(m));
    cs_option_view sq = {"apart", "apart", apart, 3, NULL, 0, NULL, NULL,
                         NULL};
    cs_mock_set_status_quo(m, &sq);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, all, 3);
    const cs_values *o;
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &o), 0);
    double bodies = cs_mock_value(m, o, "bodies_created", 0)
                    + cs_mock_value(m, o, "bodies_dissolved", 0);
    ck_assert_double_eq(bodies, 4);
    row("one-off cost per body changed, GBP",
        cs_mock_value(m, o, "one_off_gbp", 0) / bodies, 0, 1e6, 5e6);
    cs_mock_free(m);
}
END_TEST

/* Governance, VALIDATION.md: the NHS (Clinical Commissioning Groups)
 * Regulations 2012, SI 2012/1631 reg. 11-12, require a governing body of at
 * least six: the accountable officer, a chief finance officer, a registered
 * nurse, a secondary care specialist doctor and two lay members. Salford's
 * had 8 GPs besides those roles and 3 lay members; Salford ran four
 * neighbourhoods (domain/salford-hundreds-health-pathfinder.txt: "Neighbourhood
 * leads (four)") with 48 practices and 255,101 patients in 2014/15
 * (data/README.md). The default governance model, with nothing set:
 * - SI minimum (DEFINITION): the non-GP seats of any governing body are the
 *   six statutory roles, whatever its size or localities.
 * - Salford's GP seats (FIT: gp_seats_max is Salford's 8): a GP chair plus
 *   two per locality gives 9 for four neighbourhoods, capped at 8 -- the
 *   published 8. The model counts 14 seats where Salford had 15: its third
 *   lay member was above the statutory minimum, a choice the model does not
 *   make for anyone. */
static double gov_seats(int localities, int practices, double people,
                        const char *metric)
{
    cs_mock *m = cs_mock_new(10, 20110401);
    int loc[24], idx[64];
    char id[16], code[16];
    for (int l = 0; l < localities; l++) {
        snprintf(id, sizeof id, "L%d", l);
        loc[l] = cs_mock_add_locality(m, id, -1, -1);
    }
    for (int i = 0; i < practices; i++) {
        snprintf(code, sizeof code, "G%05d", i);
        idx[i] = cs_mock_add_practice(m, code, loc[i % localities],
                                      people / practices, people / practices);
    }
    ck_assert_msg(cs_mock_load_file(m, GOVERNANCE_SO) == 0, "%s",
                  cs_mock_error(m));
    const cs_values *v;
    ck_assert_msg(cs_mock_consortium(m, idx, (size_t)practices, &v) == 0,
                  "%s", cs_mock_error(m));
    double x = cs_mock_value(m, v, metric, 0);
    cs_mock_free(m);
    return x;
}

START_TEST(test_governance_rows)
{
    static const struct { int loc, prac; double people; } bodies[] = {
        {1, 8, 50000}, {4, 48, 255101}, {8, 60, 500000}, {24, 64, 1.1e6}};
    for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
        double all = gov_seats(bodies[b].loc, bodies[b].prac,
                               bodies[b].people, "seats_to_fill");
        double gp = gov_seats(bodies[b].loc, bodies[b].prac,
                              bodies[b].people, "gp_seats");
        row("DEFINITION SI 2012/1631 non-GP seats a body", all - gp, 0, 6,
            6);
        ck_assert(gp >= 1);   /* a GP-led body: at least the GP chair */
    }
    row("FIT Salford GP seats (4 neighbourhoods)",
        gov_seats(4, 48, 255101, "gp_seats"), 0, 8, 8);
    row("Salford seats, model (published 15 = 14 + 1 lay)",
        gov_seats(4, 48, 255101, "seats_to_fill"), 0, 14, 14);
}
END_TEST

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);   /* rows reach the log in order */
    Suite *s = suite_create("validation");
    TCase *tc = tcase_create("validation");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_mckinsey_probabilities);
    tcase_add_test(tc, test_mckinsey_model_form);
    tcase_add_test(tc, test_mckinsey_defaults);
    tcase_add_test(tc, test_crump);
    tcase_add_test(tc, test_crump_predicted);
    tcase_add_test(tc, test_bachmann_bevan_knee);
    tcase_add_test(tc, test_asthana);
    tcase_add_test(tc, test_jones);
    tcase_add_test(tc, test_running_costs);
    tcase_add_test(tc, test_merger_savings);
    tcase_add_test(tc, test_cost_per_body);
    tcase_add_test(tc, test_governance_rows);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
