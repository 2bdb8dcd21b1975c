/*
 * test_risk_poisson.c -- the risk plugin's Poisson generator
 * (plugins/risk/risk_poisson.c, compiled in) against the Poisson pmf
 * itself: for means on both sides of the switch between inversion and
 * PTRS (10), a chi-square goodness-of-fit test of 200,000 draws on cells
 * of expected count 5 or more, and the sample mean and variance against
 * mu (both equal mu for a Poisson) within 5 standard errors.
 *
 * The chi-square critical value: the statistic of a correct generator
 * exceeds gsl_cdf_chisq_Qinv(1e-6, df) once in a million runs, and the
 * seeds are fixed, so a pass is not luck and a wrong constant in PTRS
 * (which shifts probability between cells by far more than 1e-3 of the
 * mass) fails.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

unsigned int risk_poisson(gsl_rng *r, double mu);

#define N_DRAWS 200000
#define MAX_K 20000

static const double means[] = {0.3, 2.5, 9.99, 10.0, 17.5, 63.0, 400.0,
                               5000.0};

/* chi-square of the counts against the pmf, cells merged from the left
 * until each expects 5 or more; *df its degrees of freedom */
static double chisq(const unsigned *count, double mu, int *df)
{
    double stat = 0, exp_cell = 0, obs_cell = 0, mass = 0;
    int cells = 0;
    for (int k = 0; k < MAX_K; k++) {
        double p = gsl_ran_poisson_pdf((unsigned)k, mu);
        exp_cell += N_DRAWS * p;
        obs_cell += count[k];
        mass += p;
        if (exp_cell >= 5 && N_DRAWS * (1 - mass) >= 5) {
            stat += (obs_cell - exp_cell) * (obs_cell - exp_cell) / exp_cell;
            cells++;
            exp_cell = obs_cell = 0;
        }
    }
    /* the last cell: everything to the right, to the whole sample */
    exp_cell = N_DRAWS * (1 - mass) + exp_cell;
    double seen = 0;
    for (int k = 0; k < MAX_K; k++)
        seen += count[k];
    obs_cell += N_DRAWS - seen;
    if (exp_cell > 0) {
        stat += (obs_cell - exp_cell) * (obs_cell - exp_cell) / exp_cell;
        cells++;
    }
    *df = cells - 1;
    return stat;
}

START_TEST(test_fits_pmf)
{
    double mu = means[_i];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    unsigned *count = calloc(MAX_K, sizeof *count);
    double sum = 0, sum2 = 0;
    int df;
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(count);
    gsl_rng_set(r, 1000 + (unsigned long)_i);
    for (int i = 0; i < N_DRAWS; i++) {
        unsigned k = risk_poisson(r, mu);
        if (k < MAX_K)
            count[k]++;
        sum += k;
        sum2 += (double)k * k;
    }
    double stat = chisq(count, mu, &df);
    double crit = gsl_cdf_chisq_Qinv(1e-6, df);
    ck_assert_msg(df >= 1, "mu %g: too few cells", mu);
    ck_assert_msg(stat < crit, "mu %g: chi-square %g on %d df, critical %g",
                  mu, stat, df, crit);
    /* moments: E = Var = mu; SE of the mean sqrt(mu/N), of the variance
       sqrt((mu_4 - sigma^4)/N) with mu_4 = mu + 3 mu^2 for a Poisson */
    double mean = sum / N_DRAWS, var = sum2 / N_DRAWS - mean * mean;
    double se_mean = sqrt(mu / N_DRAWS);
    double se_var = sqrt((mu + 3 * mu * mu - mu * mu) / N_DRAWS);
    ck_assert_msg(fabs(mean - mu) < 5 * se_mean, "mu %g: mean %g", mu, mean);
    ck_assert_msg(fabs(var - mu) < 5 * se_var, "mu %g: variance %g", mu, var);
    free(count);
    gsl_rng_free(r);
}
END_TEST

START_TEST(test_zero_mean)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert_uint_eq(risk_poisson(r, 0), 0);
    ck_assert_uint_eq(risk_poisson(r, -1), 0);
    gsl_rng_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("risk_poisson");
    TCase *tc = tcase_create("pmf");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_fits_pmf, 0,
                        (int)(sizeof means / sizeof means[0]));
    tcase_add_test(tc, test_zero_mean);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
