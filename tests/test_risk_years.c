/*
 * test_risk_years.c -- the risk plugin over the horizon, through the mock
 * host: deficits carried and repaid against hand calculations and closed
 * forms, the persistent allocation error and how pooling diversifies it,
 * and the federation's pooling rule (budget share) against an independent
 * calculation.
 */
#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mockhost.h"

#define RISK_SO CS_BUILD_PLUGINDIR "/risk.so"

/* Every random part off; tests switch on what they look at. */
static void set_quiet(cs_mock *m)
{
    static const char *const quiet[] = {
        "routine_cv_100k", "high_cost_rate", "provider_sd", "area_sd",
        "national_sd", "emergency_growth_sd", "qipp_target",
        "allocation_error_sd"};
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
        ck_assert_int_eq(cs_mock_set_number(m, quiet[i], 0), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "spend_per_weighted_head", 1000), 0);
}

static void load(cs_mock *m)
{
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
}

static const cs_values *run(cs_mock *m, const int *idx, size_t n)
{
    const cs_values *v = NULL;
    ck_assert_msg(cs_mock_consortium(m, idx, n, &v) == 0, "%s",
                  cs_mock_error(m));
    return v;
}

/* Practices of `size` people in one locality without provider data; each
 * spends (1 + over[i]) times its capitation budget (its history), and the
 * budget is capitation: so a year's balance is exactly over[i]. */
static cs_mock *spenders(size_t draws, const double *over, int n, double size)
{
    cs_mock *m = cs_mock_new(draws, 7);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    for (int i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "S%02d", i);
        cs_mock_add_practice(m, code, loc, size, size);
        cs_mock_practice(m, i)->historic_spend = size * 1000 * (1 + over[i]);
    }
    set_quiet(m);
    ck_assert_int_eq(cs_mock_set_choice(m, "expected_spend", "history"), 0);
    return m;
}

/* Deterministic years. 3% over budget every year against a margin of
 * 1% surplus + 0.5% contingency: each year's outturn is 1.5% plus last
 * year's deficit repaid, so the deficit carried grows by 1.5% a year:
 * 7.5% after 5 years, whatever share is repaid each year (repaid or
 * carried, it is still owed). 1% over: within the margin, never a deficit.
 * With the margin at 0, 3% over: 3% a year, 15% after 5. */
START_TEST(test_deterministic_years)
{
    const double over[] = {0.03, 0.01};
    const double repay[] = {1, 0.5, 0};
    for (size_t r = 0; r < 3; r++) {
        cs_mock *m = spenders(4, over, 2, 5000);
        ck_assert_int_eq(cs_mock_set_number(m, "repayment_share", repay[r]), 0);
        load(m);
        const cs_values *v = run(m, (int[]){0}, 1);
        for (size_t k = 0; k < 4; k++)
            ck_assert_double_eq_tol(cs_mock_value(m, v, "deficit_carried_pct",
                                                  k), 7.5, 1e-9);
        ck_assert_double_eq(cs_mock_value(m, v, "p_deficit_any_year", 0), 1);
        ck_assert_double_eq(cs_mock_value(m, v, "p_deficit_carried", 0), 1);
        ck_assert_double_eq_tol(cs_mock_value(m, v,
                                "expected_deficit_carried_gbp", 0),
                                0.075 * 5e6, 1e-6);
        v = run(m, (int[]){1}, 1);
        ck_assert_double_eq(cs_mock_value(m, v, "deficit_carried_pct", 0), 0);
        ck_assert_double_eq(cs_mock_value(m, v, "p_deficit_any_year", 0), 0);
        cs_mock_free(m);
    }
    cs_mock *m = spenders(2, over, 2, 5000);
    cs_mock_set_number(m, "required_surplus", 0);
    cs_mock_set_number(m, "contingency", 0);
    load(m);
    const cs_values *v = run(m, (int[]){0}, 1);
    ck_assert_double_eq_tol(cs_mock_value(m, v, "deficit_carried_pct", 1), 15,
                            1e-9);
    cs_mock_free(m);
}
END_TEST

/* The Lindley recursion against closed forms, with normal years: x_y ~
 * N(mu, sigma) independent (a provider shock of SD sigma, the mean from
 * history), margin m = 1.5%, repaid in full. One year: E[D] = E[(x - m)+]
 * = sigma phi(d) + (mu - m) Phi(d), d = (mu - m)/sigma. Two years: no
 * deficit in either year with probability Phi((m - mu)/sigma)^2 (D_1 = 0
 * when year 1 is within the margin), and E[D_2] = E[(D_1 + x_2 - m)+]
 * computed below by numerical integration over x_1. */
typedef struct lindley { double mu, sigma, m; } lindley;

static double inner_mean(double x1, void *p)
{
    const lindley *l = p;
    double d1 = fmax(x1 - l->m, 0), a = d1 + l->mu - l->m;
    double g = gsl_ran_gaussian_pdf(x1 - l->mu, l->sigma);
    /* E[(a + z)+], z ~ N(0, sigma) */
    return g * (l->sigma * gsl_ran_gaussian_pdf(a / l->sigma, 1)
                + a * gsl_cdf_ugaussian_P(a / l->sigma));
}

START_TEST(test_lindley_closed_form)
{
    const size_t n = 40000;
    const double mu = 0.01, sigma = 0.02, mg = 0.015;
    cs_mock *m = cs_mock_new(n, 11);
    int prov = cs_mock_add_org(m, "acute", CS_ORG_ACUTE);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    cs_mock_add_practice(m, "A", loc, 10000, 10000);
    cs_mock_add_share(m, 0, prov, 1.0);
    cs_mock_practice(m, 0)->historic_spend = 1e7 * (1 + mu);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "history");
    /* the provider weight is expected spend (1 + mu) x budget */
    cs_mock_set_number(m, "provider_sd", sigma / (1 + mu));
    cs_mock_set_number(m, "horizon_years", 2);
    load(m);
    const cs_values *v = run(m, (int[]){0}, 1);
    double mean = 0, mean2 = 0;
    for (size_t k = 0; k < n; k++) {
        double c = cs_mock_value(m, v, "deficit_carried_pct", k) / 100;
        mean += c / n;
        mean2 += c * c / n;
    }
    lindley l = {mu, sigma, mg};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function f = {inner_mean, &l};
    double exact, err;
    gsl_integration_qagi(&f, 1e-12, 1e-10, 1000, w, &exact, &err);
    gsl_integration_workspace_free(w);
    double se = sqrt((mean2 - mean * mean) / n);
    ck_assert_msg(fabs(mean - exact) < 4 * se, "E[D_2] %g, exact %g (SE %g)",
                  mean, exact, se);
    double p_none = pow(gsl_cdf_ugaussian_P((mg - mu) / sigma), 2);
    double p_any = cs_mock_value(m, v, "p_deficit_any_year", 0);
    double se_p = sqrt(p_none * (1 - p_none) / n);
    ck_assert_msg(fabs(p_any - (1 - p_none)) < 4 * se_p, "P(any) %g, exact %g",
                  p_any, 1 - p_none);
    /* year 1 alone: the first year's balance gives E[(x - m)+] */
    double d = (mu - mg) / sigma, e1 = 0, b1 = 0;
    for (size_t k = 0; k < n; k++) {
        double x = cs_mock_value(m, v, "balance_pct", k) / 100;
        e1 += fmax(x - mg, 0) / n;
        b1 += x / n;
    }
    double exact1 = sigma * gsl_ran_gaussian_pdf(d, 1)
                    + (mu - mg) * gsl_cdf_ugaussian_P(d);
    ck_assert_msg(fabs(e1 - exact1) < 4 * sigma / sqrt(n), "E[D_1] %g, %g",
                  e1, exact1);
    ck_assert_msg(fabs(b1 - mu) < 4 * sigma / sqrt(n), "mean x %g", b1);
    cs_mock_free(m);
}
END_TEST

/* The first year's draws do not depend on the horizon (its streams keep
 * their keys), and later years are fresh draws: the same spread, no
 * correlation with the first. */
START_TEST(test_years_independent)
{
    const size_t n = 4000;
    double one[4000];
    for (int h = 1; h <= 3; h += 2) {
        cs_mock *m = cs_mock_new(n, 5);
        int la = cs_mock_add_org(m, "la", CS_ORG_LOCAL_AUTHORITY);
        int loc = cs_mock_add_locality(m, "l", la, -1);
        for (int i = 0; i < 4; i++) {
            char code[8];
            snprintf(code, sizeof code, "P%d", i);
            cs_mock_add_practice(m, code, loc, 8000, 8000);
        }
        cs_mock_set_number(m, "horizon_years", h);
        load(m);
        const cs_values *v = run(m, (int[]){0, 1, 2, 3}, 4);
        if (h == 1) {
            for (size_t k = 0; k < n; k++)
                one[k] = cs_mock_value(m, v, "balance_pct", k);
            ck_assert_int_eq(cs_mock_metric_index(m, "balance_y2_pct"), -1);
            cs_mock_free(m);
            continue;
        }
        double s1 = 0, s3 = 0, s11 = 0, s33 = 0, s13 = 0;
        for (size_t k = 0; k < n; k++) {
            double a = cs_mock_value(m, v, "balance_pct", k);
            double c = cs_mock_value(m, v, "balance_y3_pct", k);
            ck_assert_double_eq(a, one[k]);
            s1 += a, s3 += c, s11 += a * a, s33 += c * c, s13 += a * c;
        }
        double v1 = s11 / n - pow(s1 / n, 2), v3 = s33 / n - pow(s3 / n, 2);
        double r = (s13 / n - s1 / n * s3 / n) / sqrt(v1 * v3);
        /* the allocation error is common to both years: its share of the
           variance is the correlation expected, SD 1/sqrt(n) around it */
        double alloc = cs_mock_value(m, v, "allocation_error_sd_pct", 0);
        double rho = alloc * alloc / v1;
        ck_assert_msg(fabs(r - rho) < 4 / sqrt((double)n), "r %g, expected %g",
                      r, rho);
        ck_assert_msg(fabs(sqrt(v3 / v1) - 1) < 4 / sqrt(2.0 * n) * 1.5,
                      "SD ratio %g", sqrt(v3 / v1));
        cs_mock_free(m);
    }
}
END_TEST

/* The allocation error alone: the SD of a consortium of n equal practices
 * is sd / sqrt(n) (independent practices); the metric states it exactly;
 * a practice's error is the same in every year and every consortium, so a
 * merger's error in GBP is the sum of its parts' draw by draw; it applies
 * only to the part of a budget set by formula while cost is unknown. */
START_TEST(test_allocation_error)
{
    const size_t n = 20000;
    const double over[16] = {0};
    cs_mock *m = spenders(n, over, 16, 6000);
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    cs_mock_set_number(m, "horizon_years", 2);
    load(m);
    int idx[16];
    for (int i = 0; i < 16; i++)
        idx[i] = i;
    const size_t sizes[] = {1, 4, 16};
    for (size_t s = 0; s < 3; s++) {
        const cs_values *v = run(m, idx, sizes[s]);
        double want = 5 / sqrt((double)sizes[s]), sum = 0, sum2 = 0;
        ck_assert_double_eq_tol(cs_mock_value(m, v, "allocation_error_sd_pct",
                                              0), want, 1e-9);
        for (size_t k = 0; k < n; k++) {
            double x = cs_mock_value(m, v, "balance_pct", k);
            ck_assert_double_eq_tol(cs_mock_value(m, v, "balance_y2_pct", k),
                                    x, 1e-9);
            sum += x;
            sum2 += x * x;
        }
        double sd = sqrt(sum2 / n - pow(sum / n, 2));
        ck_assert_msg(fabs(sd / want - 1) < 4 / sqrt(2.0 * n), "n %zu: sd %g,"
                      " want %g", sizes[s], sd, want);
    }
    /* merging adds the parts' errors draw by draw (budgets 6m each) */
    double a[200];
    const cs_values *v = run(m, (int[]){0, 1}, 2);
    for (size_t k = 0; k < 200; k++)
        a[k] = cs_mock_value(m, v, "balance_pct", k) * 12e6;
    v = run(m, (int[]){0}, 1);
    for (size_t k = 0; k < 200; k++)
        a[k] -= cs_mock_value(m, v, "balance_pct", k) * 6e6;
    v = run(m, (int[]){1}, 1);
    for (size_t k = 0; k < 200; k++)
        ck_assert_double_eq_tol(a[k], cs_mock_value(m, v, "balance_pct", k)
                                * 6e6, 1e-3);
    cs_mock_free(m);

    /* history budgets and known costs carry no formula error; a mix
       carries (1 - history_share) of it */
    const char *basis[] = {"history", "mix", "capitation"};
    const double part[] = {0, 0.5, 1};
    for (size_t b = 0; b < 3; b++) {
        m = spenders(4, over, 1, 6000);
        cs_mock_set_choice(m, "expected_spend", "budget");
        cs_mock_set_choice(m, "budget_basis", basis[b]);
        cs_mock_set_number(m, "allocation_error_sd", 0.05);
        load(m);
        v = run(m, (int[]){0}, 1);
        ck_assert_double_eq_tol(cs_mock_value(m, v, "allocation_error_sd_pct",
                                              0), 5 * part[b], 1e-9);
        cs_mock_free(m);
    }
    m = spenders(4, over, 1, 6000);   /* expected_spend: history */
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    load(m);
    v = run(m, (int[]){0}, 1);
    ck_assert_double_eq(cs_mock_value(m, v, "allocation_error_sd_pct", 0), 0);
    cs_mock_free(m);
}
END_TEST

/* Part of the allocation error common to an area (share k of its
 * variance): 16 equal practices in one area have SD sd sqrt((1 - k)/16 +
 * k): 5% at k = 1 (nothing diversifies), 5 sqrt(0.5/16 + 0.5) = 3.64% at
 * k = 0.5; the metric states it, the draws agree. */
START_TEST(test_allocation_area_share)
{
    const size_t n = 20000;
    const double over[16] = {0}, k[] = {1, 0.5};
    int idx[16];
    for (int i = 0; i < 16; i++)
        idx[i] = i;
    for (size_t j = 0; j < 2; j++) {
        cs_mock *m = spenders(n, over, 16, 6000);
        cs_mock_set_choice(m, "expected_spend", "budget");
        cs_mock_set_number(m, "allocation_error_sd", 0.05);
        cs_mock_set_number(m, "allocation_error_area_share", k[j]);
        load(m);
        const cs_values *v = run(m, idx, 16);
        double want = 5 * sqrt((1 - k[j]) / 16 + k[j]), sum = 0, sum2 = 0;
        ck_assert_double_eq_tol(cs_mock_value(m, v, "allocation_error_sd_pct",
                                              0), want, 1e-9);
        for (size_t d = 0; d < n; d++) {
            double x = cs_mock_value(m, v, "balance_pct", d);
            sum += x;
            sum2 += x * x;
        }
        double sd = sqrt(sum2 / n - pow(sum / n, 2));
        ck_assert_msg(fabs(sd / want - 1) < 4 / sqrt(2.0 * n), "k %g: sd %g,"
                      " want %g", k[j], sd, want);
        cs_mock_free(m);
    }
}
END_TEST

/* Runs an option of consortia {0} and {1} (federated when rho >= 0) or
 * {0, 1} merged (merged != 0); returns the option's values. */
static const cs_values *two(cs_mock *m, double rho, int surpluses,
                            int merged)
{
    cs_mock_option_begin(m);
    if (merged) {
        cs_mock_option_consortium(m, (int[]){0, 1}, 2);
    } else {
        cs_mock_option_consortium(m, (int[]){0}, 1);
        cs_mock_option_consortium(m, (int[]){1}, 1);
        if (rho >= 0)
            cs_mock_option_federation(m, (int[]){0, 1}, 2, rho, surpluses, 0,
                                      0);
    }
    const cs_values *o;
    ck_assert_msg(cs_mock_option_run(m, NULL, &o) == 0, "%s", cs_mock_error(m));
    return o;
}

/* The pooling rule, by hand. A: budget GBP 1m, spends 4% over; B: budget
 * GBP 3m, on budget; margin 1.5%; two years; deficits pooled (rho = 1),
 * shared by budget share (A 1/4, B 3/4).
 *   year 1: A's outturn 40k - 15k = 25k, B's -45k. The pool of 25k is
 *           shared 6,250 to A, 18,750 to B: A carries 6,250, B is in
 *           surplus (-26,250).
 *   year 2: A's outturn 40k - 15k + 6,250 repaid = 31,250; B's -45k. A
 *           keeps 31,250 / 4 = 7,812.5; B's -45k + 23,437.5 < 0.
 * So A carries 7,812.5 (0.78125% of its budget), B nothing; registered
 * lists 1,000 and 3,000 weigh the option's mean: 0.1953125%, and P(a
 * deficit in some year) = 1/4 (A's). Apart, A carries 2 x 25k = 50k.
 * Pooling surpluses too (a merger, for risk): year 1's pool is 25k - 45k
 * < 0, both are in surplus, nothing is carried; so for the merged body. */
START_TEST(test_pooling_rule_by_hand)
{
    const double over[] = {0.04, 0};
    cs_mock *m = spenders(3, over, 1, 1000);
    cs_mock_add_practice(m, "B", 0, 3000, 3000);
    cs_mock_practice(m, 1)->historic_spend = 3e6;
    cs_mock_set_number(m, "horizon_years", 2);
    load(m);
    const cs_values *o = two(m, 1, 0, 0);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "expected_deficit_carried_gbp",
                                          0), 7812.5, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "deficit_carried_pct", 2),
                            0.1953125, 1e-9);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "worst_deficit_carried_pct",
                                          0), 0.78125, 1e-9);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "p_deficit_any_year", 0), 0.25,
                            1e-12);
    o = two(m, -1, 0, 0);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "expected_deficit_carried_gbp",
                                          0), 50000, 1e-6);
    o = two(m, 1, 1, 0);
    ck_assert_double_eq(cs_mock_value(m, o, "expected_deficit_carried_gbp", 0),
                        0);
    o = two(m, 0, 1, 1);
    ck_assert_double_eq(cs_mock_value(m, o, "expected_deficit_carried_gbp", 0),
                        0);
    cs_mock_free(m);
}
END_TEST

/* With only shocks drawn from shared streams (a provider's and the
 * practices' allocation errors), a federation pooling deficits and
 * surpluses in full is the merged consortium draw by draw, in every year:
 * each member's outturn becomes its budget share of the total, so each
 * carries the merged body's deficit in proportion to its budget. */
START_TEST(test_full_pool_is_merger)
{
    const size_t n = 500;
    cs_mock *m = cs_mock_new(n, 3);
    int prov = cs_mock_add_org(m, "acute", CS_ORG_ACUTE);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    cs_mock_add_practice(m, "A", loc, 7000, 7000);
    cs_mock_add_practice(m, "B", loc, 12000, 12000);
    cs_mock_add_share(m, 0, prov, 0.6);
    cs_mock_add_share(m, 1, prov, 0.9);
    set_quiet(m);
    cs_mock_set_number(m, "provider_sd", 0.02);
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    load(m);
    double fed[500];
    const cs_values *o = two(m, 1, 1, 0);
    for (size_t k = 0; k < n; k++)
        fed[k] = cs_mock_value(m, o, "deficit_carried_pct", k);
    double fed_gbp = cs_mock_value(m, o, "expected_deficit_carried_gbp", 0);
    o = two(m, 0, 0, 1);
    int some = 0;
    for (size_t k = 0; k < n; k++) {
        ck_assert_double_eq_tol(fed[k], cs_mock_value(m, o,
                                "deficit_carried_pct", k), 1e-9);
        some += fed[k] > 0;
    }
    ck_assert_int_gt(some, 10);   /* the comparison is not of zeros */
    ck_assert_double_eq_tol(fed_gbp, cs_mock_value(m, o,
                            "expected_deficit_carried_gbp", 0), 1e-3);
    cs_mock_free(m);
}
END_TEST

/* Pooling diversifies the allocation error: 16 practices as one body
 * carry less deficit than as 16 apart (E[(D)+] falls with the SD). */
START_TEST(test_pooling_diversifies)
{
    const size_t n = 4000;
    const double over[16] = {0};
    cs_mock *m = spenders(n, over, 16, 6000);
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    load(m);
    int idx[16];
    for (int i = 0; i < 16; i++)
        idx[i] = i;
    cs_mock_option_begin(m);
    for (int i = 0; i < 16; i++)
        cs_mock_option_consortium(m, &idx[i], 1);
    const cs_values *o;
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &o), 0);
    double apart = cs_mock_value(m, o, "expected_deficit_carried_gbp", 0);
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, idx, 16);
    ck_assert_int_eq(cs_mock_option_run(m, NULL, &o), 0);
    double merged = cs_mock_value(m, o, "expected_deficit_carried_gbp", 0);
    /* a practice apart: x ~ N(0, 5%) every year, drift -1.5%: it carries
       a deficit often; merged, N(0, 1.25%): far less */
    ck_assert_msg(merged < 0.5 * apart, "merged %g apart %g", merged, apart);
    cs_mock_free(m);
}
END_TEST

/* The option's horizon runs in blocks of draws (risk_option.c); each
 * draw's result must be the pooling rule applied to that draw alone.
 * 2,500 draws cross the block boundaries; three consortia, a federation
 * pooling half of each deficit, repaying half a year. Expected values:
 * the rule of docs/models.md recomputed here draw by draw from the
 * consortia's own balances, years 1 to 5:
 *   o_i = x_i - (surplus + contingency) b_i + repay d_i
 *   pool = rho sum_i max(o_i, 0);  o_i <- o_i - rho max(o_i, 0)
 *                                       + pool b_i / sum_j b_j
 *   d_i <- max(o_i, 0) + (1 - repay) d_i
 * and the option's deficit_carried_pct = sum_i w_i 100 d_i / b_i / sum w. */
START_TEST(test_blocked_horizon_by_draw)
{
    enum { N = 2500, NC = 3, YEARS = 5 };
    const double over[NC] = {-0.01, -0.03, -0.02}, size[NC] = {4000, 9000,
                                                             2500};
    const double rho = 0.5, margin = 0.01 + 0.005, repay = 0.5;
    cs_mock *m = spenders(N, over, NC, 1000);
    for (int i = 0; i < NC; i++) {
        cs_mock_practice(m, i)->registered = size[i];
        cs_mock_practice(m, i)->weighted = size[i];
        cs_mock_practice(m, i)->historic_spend = size[i] * 1000 * (1 + over[i]);
    }
    cs_mock_set_number(m, "allocation_error_sd", 0.02);
    cs_mock_set_number(m, "routine_cv_100k", 0.03);
    cs_mock_set_number(m, "required_surplus", 0.01);
    cs_mock_set_number(m, "contingency", 0.005);
    cs_mock_set_number(m, "repayment_share", repay);
    cs_mock_set_number(m, "horizon_years", YEARS);
    load(m);
    cs_mock_option_begin(m);
    int idx[NC];
    for (int i = 0; i < NC; i++) {
        idx[i] = i;
        cs_mock_option_consortium(m, &idx[i], 1);
    }
    cs_mock_option_federation(m, idx, NC, rho, 0, 0, 0);
    const cs_values *const *in, *o;
    ck_assert_msg(cs_mock_option_run(m, &in, &o) == 0, "%s", cs_mock_error(m));
    double b[NC], bsum = 0, wsum = 0, exp_gbp = 0;
    for (int i = 0; i < NC; i++) {
        b[i] = cs_mock_value(m, in[i], "budget_gbp", 0);
        bsum += b[i];
        wsum += size[i];
    }
    int some = 0;
    for (size_t k = 0; k < N; k++) {
        double d[NC] = {0}, want = 0;
        for (int y = 0; y < YEARS; y++) {
            char name[32];
            double oi[NC], pool = 0;
            snprintf(name, sizeof name, "balance_y%d_pct", y + 1);
            for (int i = 0; i < NC; i++) {
                double pct = cs_mock_value(m, in[i], y ? name : "balance_pct",
                                           k);
                oi[i] = pct / 100 * b[i] - margin * b[i] + repay * d[i];
                double put = rho * (oi[i] > 0 ? oi[i] : 0);
                pool += put;
                oi[i] -= put;
            }
            for (int i = 0; i < NC; i++) {
                oi[i] += pool * b[i] / bsum;
                d[i] = (oi[i] > 0 ? oi[i] : 0) + (1 - repay) * d[i];
            }
        }
        for (int i = 0; i < NC; i++) {
            want += size[i] * 100 * d[i] / b[i];
            exp_gbp += d[i];
        }
        want /= wsum;
        some += want > 0;
        ck_assert_double_eq_tol(cs_mock_value(m, o, "deficit_carried_pct", k),
                                want, 1e-9 * (1 + want));
    }
    ck_assert_int_gt(some, N / 10);   /* not a comparison of zeros */
    ck_assert_int_lt(some, N);        /* and not of one branch only */
    exp_gbp /= N;
    ck_assert_double_eq_tol(cs_mock_value(m, o, "expected_deficit_carried_gbp",
                                          0), exp_gbp, 1e-9 * exp_gbp);
    cs_mock_free(m);
}
END_TEST

/* A membership key has no length limit (the mock joins the practice
 * codes): two consortia of 120 practices that differ only in the last one
 * have keys alike for over 700 characters, and must still draw their own
 * idiosyncratic spend in every year. */
START_TEST(test_long_keys)
{
    cs_mock *m = cs_mock_new(50, 13);
    int loc = cs_mock_add_locality(m, "l", -1, -1), a[120], b[120];
    for (int i = 0; i < 121; i++) {
        char code[16];
        snprintf(code, sizeof code, "LONG%04d", i);
        cs_mock_add_practice(m, code, loc, 1000, 1000);
    }
    for (int i = 0; i < 120; i++)
        a[i] = b[i] = i;
    b[119] = 120;
    set_quiet(m);
    cs_mock_set_number(m, "routine_cv_100k", 0.01);
    cs_mock_set_number(m, "horizon_years", 2);
    load(m);
    double xa[2][50];
    const cs_values *v = run(m, a, 120);
    for (size_t k = 0; k < 50; k++) {
        xa[0][k] = cs_mock_value(m, v, "balance_pct", k);
        xa[1][k] = cs_mock_value(m, v, "balance_y2_pct", k);
    }
    v = run(m, b, 120);
    int same[2] = {0, 0};
    for (size_t k = 0; k < 50; k++) {
        same[0] += xa[0][k] == cs_mock_value(m, v, "balance_pct", k);
        same[1] += xa[1][k] == cs_mock_value(m, v, "balance_y2_pct", k);
    }
    ck_assert_int_eq(same[0], 0);
    ck_assert_int_eq(same[1], 0);
    cs_mock_free(m);
}
END_TEST

/* A horizon must be a whole number of years from 1 to 30. */
START_TEST(test_bad_horizon)
{
    const double bad[] = {2.5, 0, 31};
    for (size_t i = 0; i < 3; i++) {
        cs_mock *m = cs_mock_new(4, 1);
        cs_mock_add_practice(m, "A", cs_mock_add_locality(m, "l", -1, -1), 10,
                             10);
        cs_mock_set_number(m, "horizon_years", bad[i]);
        ck_assert_int_eq(cs_mock_load_file(m, RISK_SO), -1);
        ck_assert_ptr_nonnull(strstr(cs_mock_error(m), "horizon_years"));
        cs_mock_free(m);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("risk_years");
    TCase *tc = tcase_create("risk_years");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_deterministic_years);
    tcase_add_test(tc, test_lindley_closed_form);
    tcase_add_test(tc, test_years_independent);
    tcase_add_test(tc, test_allocation_error);
    tcase_add_test(tc, test_allocation_area_share);
    tcase_add_test(tc, test_pooling_rule_by_hand);
    tcase_add_test(tc, test_full_pool_is_merger);
    tcase_add_test(tc, test_pooling_diversifies);
    tcase_add_test(tc, test_blocked_horizon_by_draw);
    tcase_add_test(tc, test_long_keys);
    tcase_add_test(tc, test_bad_horizon);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
