/*
 * test_risk.c -- the risk plugin through the mock host: hand-computable
 * cases, the exact gamma and compound-Poisson tails, the N^-0.5 law,
 * common random numbers, and the properties of merging and federating.
 */
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockhost.h"

#define RISK_SO CS_BUILD_PLUGINDIR "/risk.so"

/* Everything random switched off; tests switch on what they look at. */
static const char *const quiet[] = {
    "routine_cv_100k", "high_cost_rate", "provider_sd", "area_sd",
    "national_sd", "emergency_growth_sd", "qipp_target",
    "allocation_error_sd",
};

static void set_quiet(cs_mock *m)
{
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
        ck_assert_int_eq(cs_mock_set_number(m, quiet[i], 0), 0);
}

/* A scenario of n practices of `size` people each (weighted = registered)
 * in one local authority, all sending `share` of their spend to one acute
 * trust (none when share is 0). */
static cs_mock *scenario(size_t draws, int n, double size, double share)
{
    cs_mock *m = cs_mock_new(draws, 2011);
    int la = cs_mock_add_org(m, "la", CS_ORG_LOCAL_AUTHORITY);
    int acute = cs_mock_add_org(m, "acute", CS_ORG_ACUTE);
    int loc = cs_mock_add_locality(m, "loc", la, -1);
    for (int i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "P%03d", i);
        ck_assert_int_eq(cs_mock_add_practice(m, code, loc, size, size), i);
        if (share > 0)
            ck_assert_int_ge(cs_mock_add_share(m, i, acute, share), 0);
    }
    return m;
}

static void load(cs_mock *m)
{
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
}

static const cs_values *run(cs_mock *m, int first, int n)
{
    int idx[256];
    ck_assert_int_le(n, 256);
    for (int i = 0; i < n; i++)
        idx[i] = first + i;
    const cs_values *v = NULL;
    ck_assert_msg(cs_mock_consortium(m, idx, (size_t)n, &v) == 0, "%s",
                  cs_mock_error(m));
    return v;
}

/* Mean and SD of a sampled metric. */
static void moments(const cs_mock *m, const cs_values *v, const char *name,
                    double *mean, double *sd)
{
    double s = 0, s2 = 0;
    size_t n = v->n_draws;
    for (size_t k = 0; k < n; k++) {
        double x = cs_mock_value(m, v, name, k);
        s += x;
        s2 += x * x;
    }
    *mean = s / (double)n;
    *sd = sqrt((s2 - s * s / (double)n) / (double)(n - 1));
}

START_TEST(test_metric_names)
{
    cs_mock *m = scenario(10, 1, 1000, 0);
    double t[] = {0.01, 0.025};
    cs_mock_set_thresholds(m, t, 2);
    load(m);
    size_t n;
    const cs_metric_decl *md = cs_mock_metrics(m, &n);
    ck_assert_str_eq(md[0].name, "deficit_carried_pct");
    ck_assert(md[0].sampled && md[0].direction == CS_LOWER_IS_BETTER);
    ck_assert_int_eq(cs_mock_metric_index(m, "overspend_pct"), 1);
    ck_assert_int_eq(cs_mock_metric_index(m, "p_over_1pct"), 3);
    ck_assert_int_eq(cs_mock_metric_index(m, "worst_p_over_2_5pct"), 6);
    ck_assert_int_ge(cs_mock_metric_index(m, "cvar95_gbp"), 0);
    ck_assert_int_eq(cs_mock_metric_index(m, "p_over_5pct"), -1);
    /* one sampled balance per year after the first: years 2 to 5 */
    ck_assert_int_ge(cs_mock_metric_index(m, "balance_y5_pct"), 0);
    ck_assert_int_eq(cs_mock_metric_index(m, "balance_y6_pct"), -1);
    ck_assert_uint_eq(n, 3 + 4 + 8 + 5 + 4);
    cs_mock_free(m);
}
END_TEST

/* Deterministic: emergency activity 10% above plan, paid at 30% on a 15%
 * emergency share of a GBP 4m budget = GBP 18,000 over. */
START_TEST(test_hand_computed)
{
    cs_mock *m = cs_mock_new(5, 1);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    cs_mock_add_practice(m, "A", loc, 900, 1000);
    cs_mock_add_practice(m, "B", loc, 3100, 3000);
    double t[] = {0.004, 0.005};
    cs_mock_set_thresholds(m, t, 2);
    set_quiet(m);
    cs_mock_set_number(m, "spend_per_weighted_head", 1000);
    cs_mock_set_number(m, "emergency_growth_mean", 0.1);
    load(m);
    const cs_values *v = run(m, 0, 2);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "budget_gbp", 0), 4e6, 1e-6);
    for (size_t k = 0; k < 5; k++) {
        ck_assert_double_eq_tol(cs_mock_value(m, v, "balance_pct", k), 0.45,
                                1e-9);
        ck_assert_double_eq_tol(cs_mock_value(m, v, "overspend_pct", k), 0.45,
                                1e-9);
    }
    ck_assert_double_eq(cs_mock_value(m, v, "p_over_0_4pct", 0), 1);
    ck_assert_double_eq(cs_mock_value(m, v, "p_over_0_5pct", 0), 0);
    const char *gbp[] = {"expected_overspend_gbp", "var95_gbp", "cvar95_gbp",
                         "reserve95_gbp"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_double_eq_tol(cs_mock_value(m, v, gbp[i], 0), 18000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "cvar95_pct", 0), 0.45, 1e-9);
    cs_mock_free(m);
}
END_TEST

/* Budgets: capitation 1000 x weighted; history where given; the mix. */
static double budget_at(const char *basis, const char *expect, double share,
                        double *bal);

static double budget_with(const char *basis, const char *expect, double *bal)
{
    return budget_at(basis, expect, -1, bal);
}

/* share < 0 keeps the default history_share */
static double budget_at(const char *basis, const char *expect, double share,
                        double *bal)
{
    cs_mock *m = cs_mock_new(3, 1);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    cs_mock_add_practice(m, "A", loc, 1000, 1000);
    cs_mock_add_practice(m, "B", loc, 3000, 3000);
    cs_mock_practice(m, 0)->historic_spend = 2.5e6;
    set_quiet(m);
    cs_mock_set_number(m, "spend_per_weighted_head", 1000);
    cs_mock_set_choice(m, "budget_basis", basis);
    cs_mock_set_choice(m, "expected_spend", expect);
    if (share >= 0)
        cs_mock_set_number(m, "history_share", share);
    load(m);
    const cs_values *v = run(m, 0, 2);
    double b = cs_mock_value(m, v, "budget_gbp", 0);
    *bal = cs_mock_value(m, v, "balance_pct", 1);
    cs_mock_free(m);
    return b;
}

START_TEST(test_budget_bases)
{
    double bal;
    ck_assert_double_eq_tol(budget_with("capitation", "budget", &bal), 4e6, 1e-6);
    ck_assert_double_eq_tol(bal, 0, 1e-12);
    ck_assert_double_eq_tol(budget_with("history", "budget", &bal), 5.5e6, 1e-6);
    ck_assert_double_eq_tol(budget_with("mix", "budget", &bal), 4.75e6, 1e-6);
    /* the mix with history_share 0.25: A 0.25 x 2.5m + 0.75 x 1m = 1.375m,
       B has no history so 3m either way: 4.375m */
    ck_assert_double_eq_tol(budget_at("mix", "budget", 0.25, &bal), 4.375e6,
                            1e-6);
    /* spending as history against a capitation budget: 1.5m over 4m */
    ck_assert_double_eq_tol(budget_with("capitation", "history", &bal), 4e6,
                            1e-6);
    ck_assert_double_eq_tol(bal, 37.5, 1e-9);
}
END_TEST

/* Routine spend alone is Gamma(E/theta, theta), theta = cv^2 1e5 rate:
 * the tail probabilities must match the gamma CDF within 4 SE. */
START_TEST(test_gamma_tail)
{
    const size_t n = 20000;
    cs_mock *m = scenario(n, 4, 5000, 0);
    set_quiet(m);
    cs_mock_set_number(m, "routine_cv_100k", 0.012);
    load(m);
    const cs_values *v = run(m, 0, 4);
    double e = 20000 * 1230.0, theta = 0.012 * 0.012 * 1e5 * 1230;
    const double t[] = {0.01, 0.02, 0.05};
    const char *name[] = {"p_over_1pct", "p_over_2pct", "p_over_5pct"};
    for (size_t i = 0; i < 3; i++) {
        double p = gsl_cdf_gamma_Q(e * (1 + t[i]), e / theta, theta);
        double se = sqrt(p * (1 - p) / (double)n);
        double got = cs_mock_value(m, v, name[i], 0);
        ck_assert_msg(fabs(got - p) < 4 * se + 1e-12,
                      "%s: %g, exact %g (SE %g)", name[i], got, p, se);
    }
    double mean, sd;
    moments(m, v, "balance_pct", &mean, &sd);
    double exact = 100 * 0.012 * sqrt(5.0);
    ck_assert_msg(fabs(sd - exact) < 4 * exact / sqrt(2.0 * n),
                  "sd %g, exact %g", sd, exact);
    cs_mock_free(m);
}
END_TEST

/* High-cost cases alone: P(S > x) = sum_K Pois(K; mu) Q_gamma(x; K a, m/a). */
START_TEST(test_compound_poisson_tail)
{
    const size_t n = 20000;
    cs_mock *m = scenario(n, 2, 5000, 0);
    double t[] = {0.05, 0.5, 1.0};
    cs_mock_set_thresholds(m, t, 3);
    set_quiet(m);
    cs_mock_set_number(m, "high_cost_rate", 1);   /* 10 cases expected */
    cs_mock_set_number(m, "high_cost_mean", 40000);
    cs_mock_set_number(m, "high_cost_shape", 0.5);
    cs_mock_set_number(m, "spend_per_weighted_head", 40);
    load(m);
    const cs_values *v = run(m, 0, 2);
    double budget = 10000 * 40.0, mu = 10;
    const char *name[] = {"p_over_5pct", "p_over_50pct", "p_over_100pct"};
    for (size_t i = 0; i < 3; i++) {
        double p = 0, x = budget * (1 + t[i]);
        for (unsigned k = 1; k < 200; k++)
            p += gsl_ran_poisson_pdf(k, mu)
                 * gsl_cdf_gamma_Q(x, 0.5 * k, 40000 / 0.5);
        double se = sqrt(p * (1 - p) / (double)n);
        double got = cs_mock_value(m, v, name[i], 0);
        ck_assert_msg(fabs(got - p) < 4 * se, "%s: %g, exact %g (SE %g)",
                      name[i], got, p, se);
    }
    cs_mock_free(m);
}
END_TEST

/* Idiosyncratic part only (defaults otherwise): relative SD x sqrt(N) is
 * constant, and is the calibrated 1.2% at 100,000. */
START_TEST(test_sqrt_law)
{
    const size_t n = 20000;
    const double sizes[] = {25000, 100000, 400000};
    double sd[3], mean;
    for (size_t i = 0; i < 3; i++) {
        cs_mock *m = scenario(n, 5, sizes[i] / 5, 0);
        const char *sys[] = {"provider_sd", "area_sd", "national_sd",
                             "emergency_growth_sd", "qipp_target",
                             "allocation_error_sd"};
        for (size_t j = 0; j < 6; j++)
            cs_mock_set_number(m, sys[j], 0);
        load(m);
        moments(m, run(m, 0, 5), "balance_pct", &mean, &sd[i]);
        cs_mock_free(m);
    }
    /* 4 SE of a sample SD, sqrt(1/2n), widened 20% for the tails' kurtosis */
    double rel_se = 4 / sqrt(2.0 * n) * 1.2;
    ck_assert_msg(fabs(sd[1] - 1.2) < 1.2 * rel_se, "sd at 100k %g", sd[1]);
    ck_assert_msg(fabs(sd[0] / sd[1] - 2) < 2 * M_SQRT2 * rel_se, "ratio %g",
                  sd[0] / sd[1]);
    ck_assert_msg(fabs(sd[1] / sd[2] - 2) < 2 * M_SQRT2 * rel_se, "ratio %g",
                  sd[1] / sd[2]);
}
END_TEST

/* Common random numbers: a provider's shock is the same in every
 * consortium; a consortium's own draws depend on its membership only. */
START_TEST(test_common_random_numbers)
{
    cs_mock *m = scenario(200, 4, 10000, 0.8);
    set_quiet(m);
    cs_mock_set_number(m, "provider_sd", 0.01);
    load(m);
    double a[200];
    const cs_values *v = run(m, 0, 2);
    for (size_t k = 0; k < 200; k++)
        a[k] = cs_mock_value(m, v, "balance_pct", k);
    v = run(m, 2, 2);
    int differ = 0;
    for (size_t k = 0; k < 200; k++) {
        ck_assert_double_eq_tol(cs_mock_value(m, v, "balance_pct", k), a[k],
                                1e-9);
        differ += fabs(a[k] - a[0]) > 1e-6;
    }
    ck_assert_int_gt(differ, 150);
    cs_mock_free(m);

    /* the idiosyncratic stream follows the membership key */
    m = scenario(50, 3, 10000, 0);
    load(m);
    v = run(m, 0, 2);
    for (size_t k = 0; k < 50; k++)
        a[k] = cs_mock_value(m, v, "balance_pct", k);
    const cs_values *w;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){1, 0}, 2, &w), 0);
    for (size_t k = 0; k < 50; k++)
        ck_assert_double_eq(cs_mock_value(m, w, "balance_pct", k), a[k]);
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0, 2}, 2, &w), 0);
    ck_assert(cs_mock_value(m, w, "balance_pct", 0) != a[0]);
    cs_mock_free(m);
}
END_TEST

/* VaR95 and CVaR95 against a full sort of the draws (type-7 quantile,
 * mean of the worst ceil(5%)), for even and odd numbers of draws. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(test_var_cvar)
{
    const size_t sizes[] = {1, 2, 19, 20, 21, 101, 2000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        cs_mock *m = scenario(n, 2, 3000, 0.5);
        load(m);
        const cs_values *v = run(m, 0, 2);
        double b = cs_mock_value(m, v, "budget_gbp", 0);
        double *x = malloc(n * sizeof *x);
        for (size_t k = 0; k < n; k++)
            x[k] = cs_mock_value(m, v, "balance_pct", k) / 100 * b;
        qsort(x, n, sizeof *x, cmp_double);
        double h = 0.95 * (double)(n - 1);
        size_t lo = (size_t)floor(h);
        double var = x[lo] + (lo + 1 < n ? (h - lo) * (x[lo + 1] - x[lo]) : 0);
        size_t tail = (size_t)ceil(0.05 * (double)n), cnt = 0;
        double cvar = 0;
        for (size_t k = n - tail; k < n; k++, cnt++)
            cvar += x[k];
        cvar /= (double)cnt;
        double tol = 1e-9 * b;
        ck_assert_double_eq_tol(cs_mock_value(m, v, "var95_gbp", 0), var, tol);
        ck_assert_double_eq_tol(cs_mock_value(m, v, "cvar95_gbp", 0), cvar, tol);
        ck_assert_double_eq_tol(cs_mock_value(m, v, "reserve95_gbp", 0),
                                var > 0 ? var : 0, tol);
        /* the plugin's own figures keep CVaR at or beyond VaR */
        ck_assert(cs_mock_value(m, v, "cvar95_gbp", 0) >=
                  cs_mock_value(m, v, "var95_gbp", 0));
        free(x);
        cs_mock_free(m);
    }
}
END_TEST

/* Figures of an option (apart, federated or merged) for practices 0..5 of
 * 15,000 people: consortia {0,1,2} and {3,4,5}. */
typedef struct opt_figs {
    double exp_gbp, p1, p2, mean, sd;   /* mean, sd: of overspend_pct */
} opt_figs;

static opt_figs option_figs(cs_mock *m, int how, double rho, int surpluses)
{
    cs_mock_option_begin(m);
    if (how == 2) {
        cs_mock_option_consortium(m, (int[]){0, 1, 2, 3, 4, 5}, 6);
    } else {
        cs_mock_option_consortium(m, (int[]){0, 1, 2}, 3);
        cs_mock_option_consortium(m, (int[]){3, 4, 5}, 3);
        if (how == 1)
            cs_mock_option_federation(m, (int[]){0, 1}, 2, rho, surpluses, 0,
                                      0);
    }
    const cs_values *o;
    ck_assert_msg(cs_mock_option_run(m, NULL, &o) == 0, "%s", cs_mock_error(m));
    opt_figs f = {cs_mock_value(m, o, "expected_overspend_gbp", 0),
                  cs_mock_value(m, o, "p_over_1pct", 0),
                  cs_mock_value(m, o, "p_over_2pct", 0), 0, 0};
    moments(m, o, "overspend_pct", &f.mean, &f.sd);
    return f;
}

/* Merging never raises P(overspend > x) when the systematic part is shared;
 * a federation lies between apart and merged, and full pooling of deficits
 * and surpluses is as good as a merger. */
START_TEST(test_merge_and_federation)
{
    const size_t n = 20000;
    cs_mock *m = scenario(n, 6, 15000, 0.85);
    /* the year's shocks only: the allocation error, the same every year,
       is pooled in tests/test_risk_years.c */
    ck_assert_int_eq(cs_mock_set_number(m, "allocation_error_sd", 0), 0);
    load(m);
    opt_figs apart = option_figs(m, 0, 0, 0);
    opt_figs merged = option_figs(m, 2, 0, 0);
    opt_figs half = option_figs(m, 1, 0.5, 0);
    opt_figs full = option_figs(m, 1, 1, 1);
    double se1 = sqrt(apart.p1 * (1 - apart.p1) / (double)n);
    fprintf(stderr, "risk: P(>1%%) apart %.4f half-pooled %.4f fully pooled"
            " %.4f merged %.4f (SE ~%.4f)\n", apart.p1, half.p1, full.p1,
            merged.p1, se1);
    ck_assert(merged.p1 < apart.p1 - 4 * se1);
    ck_assert(merged.p2 < apart.p2);
    /* federation: draw by draw no worse than apart, no better than merged */
    double se_mean = sqrt((full.sd * full.sd + merged.sd * merged.sd) / n);
    ck_assert(half.exp_gbp <= apart.exp_gbp);
    ck_assert(half.mean < apart.mean && half.mean > merged.mean - 4 * se_mean);
    /* P(> x) is not ordered draw by draw: within Monte Carlo error */
    ck_assert(half.p1 < apart.p1 + 4 * se1 && half.p1 > merged.p1 - 4 * se1);
    ck_assert_msg(fabs(full.mean - merged.mean) < 4 * se_mean,
                  "full %g merged %g (SE %g)", full.mean, merged.mean, se_mean);
    ck_assert(fabs(full.p1 - merged.p1) < 4 * se1);
    cs_mock_free(m);
}
END_TEST

/* Above RISK_POISSON_EXACT expected high-cost cases the total is drawn as a
 * normal; just below it, exactly. Each side is held against the closed
 * form of a compound Poisson's variance, not against the other side: only
 * the high-cost part is on (the quiet set turns the rest off), with
 * mu = heads cases (rate 1000 per 1000 heads a year) of gamma cost X
 * (mean m = 40000, shape a = 0.5), so
 *     Var(spend) = mu E[X^2] = heads m^2 (1 + 1/a)
 * and the balance as % of the budget (heads x 1230) has
 *     SD x sqrt(heads) = 100 m sqrt(1 + 1/a) / 1230 = 5632.7.
 * With 20000 draws an SD has a relative SE of 1/sqrt(2 x 20000) = 0.5%;
 * a variance 10% off moves the SD 5%, ten SEs. */
#define HC_DRAWS 20000
static double high_cost_sd(double heads_each)
{
    const size_t nd = HC_DRAWS;
    cs_mock *m = cs_mock_new(nd, 9);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    double sum = 0, sum2 = 0;

    cs_mock_add_practice(m, "A", loc, heads_each, heads_each);
    cs_mock_add_practice(m, "B", loc, heads_each, heads_each);
    set_quiet(m);
    cs_mock_set_number(m, "high_cost_rate", 1000);    /* one a head a year */
    cs_mock_set_number(m, "high_cost_mean", 40000);
    cs_mock_set_number(m, "high_cost_shape", 0.5);
    cs_mock_set_number(m, "spend_per_weighted_head", 1230);
    load(m);
    const cs_values *v = run(m, 0, 2);
    for (size_t k = 0; k < nd; k++) {
        double x = cs_mock_value(m, v, "balance_pct", k);
        sum += x;
        sum2 += x * x;
    }
    cs_mock_free(m);
    return sqrt(sum2 / nd - (sum / nd) * (sum / nd)) * sqrt(2 * heads_each);
}

START_TEST(test_high_cost_normal_branch)
{
    double exact = 100 * 40000 * sqrt(1 + 1 / 0.5) / 1230;
    double tol = 4 * exact / sqrt(2.0 * HC_DRAWS);
    double below = high_cost_sd(0.99e7 / 2), above = high_cost_sd(1.01e7 / 2);

    ck_assert_msg(fabs(above - exact) < tol, "normal branch: SD %g, "
                  "closed form %g (4 SE %g)", above, exact, tol);
    ck_assert_msg(fabs(below - exact) < tol, "exact branch: SD %g, "
                  "closed form %g (4 SE %g)", below, exact, tol);
}
END_TEST

/* A provider listed for half of a practice's spend carries half of it;
 * the other half goes to the area's unlisted providers, whose shock has
 * the same SD and is independent: SD of the balance, % of budget,
 * = 100 x provider_sd x sqrt(0.5^2 + 0.5^2) = 100 x 0.02 x 0.70711. */
START_TEST(test_provider_share)
{
    const size_t n = 20000;
    cs_mock *m = scenario(n, 1, 10000, 0.5);
    double mean, sd;
    set_quiet(m);
    cs_mock_set_number(m, "provider_sd", 0.02);
    load(m);
    moments(m, run(m, 0, 1), "balance_pct", &mean, &sd);
    double want = 100 * 0.02 * sqrt(0.5), se = want / sqrt(2.0 * n);
    ck_assert_msg(fabs(sd - want) < 4 * se, "SD %g, want %g (SE %g)", sd,
                  want, se);
    ck_assert_msg(fabs(mean) < 4 * want / sqrt((double)n), "mean %g", mean);
    cs_mock_free(m);
}
END_TEST

/* Above RISK_POISSON_EXACT the high-cost total is normal with the compound
 * Poisson's variance mu E[X^2], X ~ Gamma(a, m/a): E[X^2] = m^2 (1 + 1/a).
 * 1.01e7 heads at one case a head: mu = 1.01e7, m = 40,000, a = 0.5,
 * budget 1.01e7 x 1000, so the SD is
 *   100 x sqrt(1.01e7) x 40,000 x sqrt(3) / 1.01e10 = 2.1799 % of budget;
 * 20,000 normal draws give the sample SD a relative SE of 0.5%. */
START_TEST(test_high_cost_normal_exact)
{
    const size_t n = 20000;
    cs_mock *m = cs_mock_new(n, 9);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    double mean, sd;
    cs_mock_add_practice(m, "A", loc, 1.01e7 / 2, 1.01e7 / 2);
    cs_mock_add_practice(m, "B", loc, 1.01e7 / 2, 1.01e7 / 2);
    set_quiet(m);
    cs_mock_set_number(m, "high_cost_rate", 1000);
    cs_mock_set_number(m, "high_cost_mean", 40000);
    cs_mock_set_number(m, "high_cost_shape", 0.5);
    cs_mock_set_number(m, "spend_per_weighted_head", 1000);
    load(m);
    moments(m, run(m, 0, 2), "balance_pct", &mean, &sd);
    double want = 100 * sqrt(1.01e7) * 40000 * sqrt(1 + 1 / 0.5) / 1.01e10;
    double se = want / sqrt(2.0 * n);
    ck_assert_msg(fabs(sd - want) < 4 * se, "SD %g, want %g (SE %g)", sd,
                  want, se);
    cs_mock_free(m);
}
END_TEST

START_TEST(test_errors)
{
    cs_mock *m = scenario(10, 1, 1000, 0);
    cs_mock_set_number(m, "high_cost_rate", 100);   /* 100 x 40k > 1230 */
    ck_assert_int_eq(cs_mock_load_file(m, RISK_SO), -1);
    ck_assert_ptr_nonnull(strstr(cs_mock_error(m), "'spend_per_weighted_head'"));
    cs_mock_free(m);

    m = scenario(10, 1, 1000, 0);
    cs_mock_practice(m, 0)->historic_spend = 0;
    cs_mock_set_choice(m, "budget_basis", "history");
    load(m);
    const cs_values *v;
    ck_assert_int_eq(cs_mock_consortium(m, (int[]){0}, 1, &v), -1);
    ck_assert_str_eq(cs_mock_error(m), "consortium 'c0' has no budget; give its"
                     " practices weighted lists or historic spend");
    cs_mock_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("risk");
    TCase *tc = tcase_create("risk");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_metric_names);
    tcase_add_test(tc, test_hand_computed);
    tcase_add_test(tc, test_high_cost_normal_branch);
    tcase_add_test(tc, test_budget_bases);
    tcase_add_test(tc, test_gamma_tail);
    tcase_add_test(tc, test_compound_poisson_tail);
    tcase_add_test(tc, test_sqrt_law);
    tcase_add_test(tc, test_common_random_numbers);
    tcase_add_test(tc, test_var_cvar);
    tcase_add_test(tc, test_merge_and_federation);
    tcase_add_test(tc, test_provider_share);
    tcase_add_test(tc, test_high_cost_normal_exact);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
