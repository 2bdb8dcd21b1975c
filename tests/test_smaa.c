/* test_smaa.c -- SMAA-2: weight sampling on the simplex and under ordinal
 * and interval constraints, rank acceptabilities, central weights and
 * confidence factors on small cases (the published reference example is
 * in test_smaa_ref.c). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "smaa.h"

static char err[1024];

static gsl_rng *rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

    ck_assert_ptr_nonnull(r);
    gsl_rng_set(r, seed);
    return r;
}

/* Draws n weight vectors from ws; checks every one is admissible. */
static double *sample(const cs_weight_space *ws, size_t n, unsigned long seed,
                      cs_wsample_info *info)
{
    gsl_rng *r = rng(seed);
    double *w = malloc(n * ws->n * sizeof *w);

    ck_assert_ptr_nonnull(w);
    ck_assert_msg(cs_smaa_sample_weights(ws, r, n, w, info, err,
                                         sizeof err) == 0, "%s", err);
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t c = 0; c < ws->n; c++) {
            double x = w[i * ws->n + c];
            ck_assert(x >= ws->lo[c] && x <= ws->hi[c]);
            for (size_t d = 0; d < ws->n; d++)
                if (ws->level[c] > 0 && ws->level[d] > ws->level[c])
                    ck_assert(x >= w[i * ws->n + d]);
            sum += x;
        }
        ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    }
    gsl_rng_free(r);
    return w;
}

static double column_mean(const double *w, size_t n, size_t nc, size_t c)
{
    double s = 0.0;

    for (size_t i = 0; i < n; i++)
        s += w[i * nc + c];
    return s / (double)n;
}

/* ---- sampling ---------------------------------------------------------- */

/* Uniform on the simplex: each weight is Beta(1, n - 1), mean 1/n, and
 * P(w < 1/2) = 1 - (1/2)^(n - 1). */
START_TEST(simplex_uniform)
{
    const size_t n = 20000, nc = 3;
    cs_weight_space *ws = cs_weight_space_alloc(nc);
    cs_wsample_info info;
    double *w = sample(ws, n, 1, &info), below = 0.0;
    double se_mean = sqrt((1.0 / 3) * (2.0 / 3) / 4.0 / (double)n);

    ck_assert_int_eq(info.method, CS_WS_EXACT);
    for (size_t c = 0; c < nc; c++)
        ck_assert_double_eq_tol(column_mean(w, n, nc, c), 1.0 / 3, 4 * se_mean);
    for (size_t i = 0; i < n; i++)
        below += w[i * nc] < 0.5;
    ck_assert_double_eq_tol(below / (double)n, 0.75,
                            4 * cs_prop_se(0.75, n));
    free(w);
    cs_weight_space_free(ws);
}
END_TEST

/* Uniform under a strict ranking: the mean is the rank-order centroid. */
START_TEST(ordinal_uniform)
{
    const size_t n = 20000;
    cs_weight_space *ws = cs_weight_space_alloc(3);
    cs_wsample_info info;
    double *w, want[3];

    ws->level[0] = 2;
    ws->level[1] = 3;
    ws->level[2] = 1;
    w = sample(ws, n, 2, &info);
    ck_assert_int_eq(cs_weights_ordinal_centroid(ws->level, 3, want), 0);
    for (size_t c = 0; c < 3; c++)
        ck_assert_msg(fabs(column_mean(w, n, 3, c) - want[c]) < 0.004,
                      "criterion %zu: %g, want %g", c,
                      column_mean(w, n, 3, c), want[c]);
    free(w);
    cs_weight_space_free(ws);
}
END_TEST

/* A tie: criteria 1 and 2 share the second place; they come out alike. */
START_TEST(ordinal_tie_uniform)
{
    const size_t n = 20000;
    cs_weight_space *ws = cs_weight_space_alloc(3);
    cs_wsample_info info;
    double *w, want[3], ahead = 0.0;

    ws->level[0] = 1;
    ws->level[1] = ws->level[2] = 2;
    w = sample(ws, n, 3, &info);
    ck_assert_int_eq(cs_weights_ordinal_centroid(ws->level, 3, want), 0);
    for (size_t c = 0; c < 3; c++)
        ck_assert_double_eq_tol(column_mean(w, n, 3, c), want[c], 0.004);
    for (size_t i = 0; i < n; i++)
        ahead += w[i * 3 + 1] > w[i * 3 + 2];
    ck_assert_double_eq_tol(ahead / (double)n, 0.5, 4 * cs_prop_se(0.5, n));
    free(w);
    cs_weight_space_free(ws);
}
END_TEST

/* Loose bounds: rejection from the exact sampler. P(w0 in [0.2, 0.5]) =
 * 0.8^2 - 0.5^2 = 0.39, well above the threshold. */
START_TEST(bounds_by_rejection)
{
    cs_weight_space *ws = cs_weight_space_alloc(3);
    cs_wsample_info info;
    double *w;

    ws->lo[0] = 0.2;
    ws->hi[0] = 0.5;
    w = sample(ws, 5000, 4, &info);
    ck_assert_int_eq(info.method, CS_WS_REJECTION);
    ck_assert_double_eq_tol(info.acceptance, 0.39, 4 * cs_prop_se(0.39,
                                                           CS_SMAA_PILOT));
    free(w);
    cs_weight_space_free(ws);
}
END_TEST

/* Tight bounds: three weights in [0.3, 0.31], the fourth takes the rest;
 * rejection would accept about 1 in 10^5, so hit-and-run runs. The
 * admissible set is a small cube: each of the three is uniform on it. */
START_TEST(bounds_by_hit_and_run)
{
    const size_t n = 4000;
    cs_weight_space *ws = cs_weight_space_alloc(4);
    cs_wsample_info info;
    double *w, below = 0.0;

    for (size_t c = 0; c < 3; c++) {
        ws->lo[c] = 0.3;
        ws->hi[c] = 0.31;
    }
    w = sample(ws, n, 5, &info);
    ck_assert_int_eq(info.method, CS_WS_HIT_AND_RUN);
    ck_assert(info.acceptance < CS_SMAA_MIN_ACCEPT);
    ck_assert_uint_eq(info.thin, 64);
    for (size_t c = 0; c < 3; c++)
        ck_assert_double_eq_tol(column_mean(w, n, 4, c), 0.305, 0.0004);
    for (size_t i = 0; i < n; i++)
        below += w[i * 4] < 0.3025;
    ck_assert_double_eq_tol(below / (double)n, 0.25, 0.04);
    free(w);
    cs_weight_space_free(ws);
}
END_TEST

/* The same seed gives the same weights, and another seed other weights
 * (a sampler that ignored its generator would pass the first half). */
START_TEST(sampling_deterministic)
{
    cs_weight_space *ws = cs_weight_space_alloc(4);
    cs_wsample_info info;
    double *a, *b, *c;
    size_t same = 0;

    ws->level[0] = 1;
    ws->level[1] = 2;
    a = sample(ws, 1000, 7, &info);
    b = sample(ws, 1000, 7, &info);
    c = sample(ws, 1000, 8, &info);
    ck_assert_int_eq(memcmp(a, b, 4000 * sizeof *a), 0);
    /* continuous draws from two streams: no vector should repeat */
    for (size_t i = 0; i < 1000; i++)
        same += memcmp(a + 4 * i, c + 4 * i, 4 * sizeof *a) == 0;
    ck_assert_uint_eq(same, 0);
    free(a);
    free(b);
    free(c);
    cs_weight_space_free(ws);
}
END_TEST

/* Impossible preference statements, each refused with a reason. */
START_TEST(inconsistent_spaces_refused)
{
    cs_weight_space *ws = cs_weight_space_alloc(3);
    gsl_rng *r = rng(1);
    cs_wsample_info info;
    double w[3];

    ws->lo[0] = ws->lo[1] = 0.6;
    ck_assert_int_eq(cs_smaa_sample_weights(ws, r, 1, w, &info, err,
                                            sizeof err), -1);
    ck_assert_msg(strstr(err, "lower bounds add up to 1.2") != NULL, "%s", err);
    ws->lo[0] = ws->lo[1] = 0.0;
    ws->hi[0] = ws->hi[1] = ws->hi[2] = 0.3;
    ck_assert_int_eq(cs_weight_space_check(ws, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "upper bounds add up to 0.9") != NULL, "%s", err);
    ws->hi[1] = ws->hi[2] = 1.0;
    ws->lo[0] = 0.5;
    ws->hi[0] = 0.4;
    ck_assert_int_eq(cs_weight_space_check(ws, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "above its upper bound") != NULL, "%s", err);
    /* criterion 2 must outweigh criterion 0, but 0 weighs at least 0.5
     * and 2 at most 0.3 */
    ws->hi[0] = 1.0;
    ws->hi[2] = 0.3;
    ws->level[2] = 1;
    ws->level[0] = 2;
    ck_assert_int_eq(cs_weight_space_check(ws, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "contradict") != NULL, "%s", err);
    ws->level[0] = ws->level[2] = 0;
    ws->hi[2] = 1.0;
    ws->lo[0] = -0.1;
    ck_assert_int_eq(cs_weight_space_check(ws, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "outside [0, 1]") != NULL, "%s", err);
    gsl_rng_free(r);
    cs_weight_space_free(ws);
}
END_TEST

/* ---- SMAA on small cases ------------------------------------------------ */

/* Fills a table with values from fill(o, c, k, r). */
static cs_perf *table(size_t n_opt, size_t n_crit, size_t n_draws,
                      double (*fill)(size_t, size_t, size_t, gsl_rng *))
{
    cs_perf *p = cs_perf_alloc(n_opt, n_crit, n_draws);
    gsl_rng *r = rng(11);

    ck_assert_ptr_nonnull(p);
    for (size_t k = 0; k < n_draws; k++)
        for (size_t o = 0; o < n_opt; o++)
            for (size_t c = 0; c < n_crit; c++)
                *cs_perf_at(p, o, c, k) = fill(o, c, k, r);
    gsl_rng_free(r);
    return p;
}

/* Option 1 is option 0 less a margin on every criterion in every draw. */
static double dominated(size_t o, size_t c, size_t k, gsl_rng *r)
{
    static double last[3];

    (void)k;
    if (o == 0)
        return last[c] = 0.1 + 0.9 * gsl_rng_uniform(r);
    if (o == 1)
        return last[c] - 0.05;
    return gsl_rng_uniform(r);
}

static cs_smaa *run_missing(const cs_perf *p, size_t n_iter,
                            unsigned long seed)
{
    cs_weight_space *ws = cs_weight_space_alloc(p->n_crit);
    cs_wsample_info info;
    double *w = sample(ws, n_iter, seed, &info);
    cs_smaa *s = cs_smaa_run(p, w, n_iter, err, sizeof err);

    ck_assert_msg(s != NULL, "%s", err);
    free(w);
    cs_weight_space_free(ws);
    return s;
}

START_TEST(dominated_never_first)
{
    cs_perf *p = table(3, 3, 2000, dominated);
    cs_smaa *s = run_missing(p, 4000, 21);

    ck_assert_double_eq(s->ra[1 * 3 + 0], 0.0);
    ck_assert(isnan(s->cw[1 * 3 + 0]) && isnan(s->cw_se[1 * 3 + 2]));
    ck_assert(isnan(s->cf[1]));
    ck_assert(s->ra[0] > 0.2 && s->ra[2 * 3] > 0.2);
    /* the ranks of each option sum to 1, and so do the options of a rank */
    for (size_t o = 0; o < 3; o++) {
        double row = 0, col = 0;
        for (size_t r = 0; r < 3; r++) {
            row += s->ra[o * 3 + r];
            col += s->ra[r * 3 + o];
        }
        ck_assert_double_eq_tol(row, 1.0, 1e-12);
        ck_assert_double_eq_tol(col, 1.0, 1e-12);
    }
    /* option 1 is always behind option 0 */
    ck_assert_double_eq(s->beats[0 * 3 + 1], 1.0);
    cs_smaa_free(s);
    cs_perf_free(p);
}
END_TEST

static double iid(size_t o, size_t c, size_t k, gsl_rng *r)
{
    (void)o; (void)c; (void)k;
    return gsl_rng_uniform(r);
}

/* Two options drawn from one distribution split first place evenly, and
 * their central weights are both near the simplex's centre. */
START_TEST(equal_options_split)
{
    const size_t n = 20000;
    cs_perf *p = table(2, 3, n, iid);
    cs_smaa *s = run_missing(p, n, 22);

    ck_assert_double_eq_tol(s->ra[0], 0.5, 4 * s->ra_se[0]);
    ck_assert_double_eq_tol(s->ra[2], 0.5, 4 * s->ra_se[2]);
    ck_assert_double_eq_tol(s->ra[0] + s->ra[2], 1.0, 1e-12);
    ck_assert_double_eq_tol(s->ra_se[0], sqrt(s->ra[0] * s->ra[1] / n),
                            1e-15);
    for (size_t c = 0; c < 3; c++) {
        ck_assert_double_eq_tol(s->cw[c], 1.0 / 3, 4 * s->cw_se[c]);
        ck_assert(s->cw_se[c] > 0.0 && s->cw_se[c] < 0.01);
    }
    ck_assert_double_eq_tol(s->entropy, 1.0, 0.001);
    cs_smaa_free(s);
    cs_perf_free(p);
}
END_TEST

static double identical(size_t o, size_t c, size_t k, gsl_rng *r)
{
    (void)o; (void)r;
    return (double)((c * 7 + k * 13) % 10) / 10.0;
}

/* Options with identical values tie in every iteration: exactly half. */
START_TEST(identical_options_tie)
{
    cs_perf *p = table(2, 2, 100, identical);
    cs_smaa *s = run_missing(p, 500, 23);

    ck_assert_double_eq(s->ra[0], 0.5);
    ck_assert_double_eq(s->ra[1], 0.5);
    ck_assert_double_eq(s->beats[1], 0.5);
    ck_assert_double_eq(s->cf[0], 0.5);
    ck_assert_double_eq(s->entropy, 0.0);
    cs_smaa_free(s);
    cs_perf_free(p);
}
END_TEST

/* Central weights by hand. Option 0 is (1, 1) and option 1 (0, 0) in
 * both draws, so option 0 is first in every iteration and its central
 * weight is the plain mean of the four weight vectors given:
 *   w1 = 0.1, 0.3, 0.6, 0.8 -> mean 0.45; deviations -0.35 -0.15 0.15 0.35,
 *   squares sum to 0.29; the sample variance (Bessel, n - 1 = 3) is
 *   0.29 / 3 and the SE of the mean sqrt(0.29 / 3 / 4) = 0.15546;
 *   w2 = 1 - w1: mean 0.55, the same SE.
 * With the central weights option 0 still wins both draws: cf = 1. One
 * ranking only: entropy 0 bits. */
static double top_and_bottom(size_t o, size_t c, size_t k, gsl_rng *r)
{
    (void)c; (void)k; (void)r;
    return o == 0 ? 1.0 : 0.0;
}

START_TEST(central_weights_by_hand)
{
    const double w[] = {0.1, 0.9, 0.3, 0.7, 0.6, 0.4, 0.8, 0.2};
    cs_perf *p = table(2, 2, 2, top_and_bottom);
    cs_smaa *s = cs_smaa_run(p, w, 4, err, sizeof err);

    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_double_eq_tol(s->cw[0], 0.45, 1e-12);
    ck_assert_double_eq_tol(s->cw[1], 0.55, 1e-12);
    ck_assert_double_eq_tol(s->cw_se[0], sqrt(0.29 / 3.0 / 4.0), 1e-12);
    ck_assert_double_eq_tol(s->cw_se[1], sqrt(0.29 / 3.0 / 4.0), 1e-12);
    ck_assert_double_eq(s->ra[0], 1.0);
    ck_assert_double_eq(s->cf[0], 1.0);
    ck_assert(isnan(s->cf[1]) && isnan(s->cw[2]));
    ck_assert_double_eq(s->entropy, 0.0);
    cs_smaa_free(s);
    cs_perf_free(p);
}
END_TEST

static Suite *smaa_suite(void)
{
    Suite *s = suite_create("smaa");
    TCase *tc = tcase_create("weights");

    tcase_add_test(tc, simplex_uniform);
    tcase_add_test(tc, ordinal_uniform);
    tcase_add_test(tc, ordinal_tie_uniform);
    tcase_add_test(tc, bounds_by_rejection);
    tcase_add_test(tc, bounds_by_hit_and_run);
    tcase_add_test(tc, sampling_deterministic);
    tcase_add_test(tc, inconsistent_spaces_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("smaa");
    tcase_add_test(tc, dominated_never_first);
    tcase_add_test(tc, equal_options_split);
    tcase_add_test(tc, identical_options_tie);
    tcase_add_test(tc, central_weights_by_hand);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(smaa_suite());
    int failed;

    gsl_set_error_handler_off();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
