/*
 * test_risk_shocks.c -- single shocks of the risk plugin, through the mock
 * host, against closed forms: QIPP delivery (a beta) and the planning
 * optimism applied to it, the allocation error's split; and an option's
 * figures from its consortia's, by hand. Each test switches on one part
 * of the model.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* One practice of 10,000 heads with no provider listed: its whole spend
 * goes to the area's unlisted providers (one stream). */
static cs_mock *one_practice(size_t draws)
{
    cs_mock *m = cs_mock_new(draws, 17);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    ck_assert_int_eq(cs_mock_add_practice(m, "A", loc, 10000, 10000), 0);
    set_quiet(m);
    return m;
}

static void moments(cs_mock *m, double *mean, double *sd)
{
    int idx = 0;
    const cs_values *v = NULL;
    double s = 0, s2 = 0;
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    ck_assert_msg(cs_mock_consortium(m, &idx, 1, &v) == 0, "%s",
                  cs_mock_error(m));
    size_t n = v->n_draws;
    for (size_t k = 0; k < n; k++) {
        double x = cs_mock_value(m, v, "balance_pct", k);
        s += x;
        s2 += x * x;
    }
    *mean = s / (double)n;
    *sd = sqrt((s2 - s * s / (double)n) / (double)(n - 1));
}

/* QIPP: delivery D ~ Beta(3, 1), mean 3/4, variance ab / ((a+b)^2 (a+b+1))
 * = 3 / (16 x 5) = 0.0375. A target T = 4% of budget planned with
 * optimism 0.5 counts on 3/4 + 0.5 x (1 - 3/4) = 7/8 delivered, so the
 * balance is 100 T (7/8 - D) % of budget:
 *   mean 100 x 0.04 x (7/8 - 3/4) = 0.5, SD 100 x 0.04 x sqrt(0.0375) = 0.7746.
 * An undelivered saving is an overspend: the mean is positive. */
START_TEST(test_qipp_beta)
{
    const size_t n = 20000;
    cs_mock *m = one_practice(n);
    double mean, sd;
    cs_mock_set_number(m, "qipp_target", 0.04);
    cs_mock_set_number(m, "qipp_delivery_alpha", 3);
    cs_mock_set_number(m, "qipp_delivery_beta", 1);
    cs_mock_set_number(m, "qipp_optimism", 0.5);
    moments(m, &mean, &sd);
    double want_sd = 100 * 0.04 * sqrt(0.0375);
    double se_mean = want_sd / sqrt((double)n);
    ck_assert_msg(fabs(mean - 0.5) < 4 * se_mean, "mean %g, want 0.5 (SE %g)",
                  mean, se_mean);
    /* a beta's sample SD: SE about SD / sqrt(2n), widened 20% for shape */
    ck_assert_msg(fabs(sd - want_sd) < 4 * 1.2 * want_sd / sqrt(2.0 * n),
                  "SD %g, want %g", sd, want_sd);
    cs_mock_free(m);
}
END_TEST

/* With optimism 0 the plan is the expected delivery: mean balance 0. */
START_TEST(test_qipp_planned_on_mean)
{
    const size_t n = 20000;
    cs_mock *m = one_practice(n);
    double mean, sd;
    cs_mock_set_number(m, "qipp_target", 0.04);
    cs_mock_set_number(m, "qipp_delivery_alpha", 3);
    cs_mock_set_number(m, "qipp_delivery_beta", 1);
    cs_mock_set_number(m, "qipp_optimism", 0);
    moments(m, &mean, &sd);
    ck_assert_msg(fabs(mean) < 4 * sd / sqrt((double)n), "mean %g", mean);
    cs_mock_free(m);
}
END_TEST

/* The allocation error of one practice, its variance split between its
 * own stream (share 1 - k) and its area's (share k): the two parts are
 * independent, so the SD of their sum is sd sqrt((1 - k) + k) = sd for any
 * k; with sd 5% and k = 0.5 the balance has SD 5% of budget (splitting the
 * SD instead of the variance would give 5 x sqrt(0.25 + 0.5) = 4.33%). */
START_TEST(test_allocation_split_keeps_sd)
{
    const size_t n = 20000;
    cs_mock *m = one_practice(n);
    double mean, sd;
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    cs_mock_set_number(m, "allocation_error_area_share", 0.5);
    moments(m, &mean, &sd);
    ck_assert_msg(fabs(sd - 5) < 4 * 5 / sqrt(2.0 * n), "SD %g, want 5", sd);
    cs_mock_free(m);
}
END_TEST

/* The same split for a practice whose locality the consortium does not
 * hold whole: its own part is then drawn conditionally on its locality's
 * total (risk_shared.c, risk_locality_split). Two practices of 10,000
 * heads in one locality, the consortium holds A alone; same closed form:
 * SD 5% of A's budget with sd 5% and k = 0.5 (4.33% if the SD were split
 * instead of the variance, 3.54% with no own part). */
START_TEST(test_allocation_split_keeps_sd_split_locality)
{
    const size_t n = 20000;
    cs_mock *m = cs_mock_new(n, 17);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    double mean, sd;
    ck_assert_int_eq(cs_mock_add_practice(m, "A", loc, 10000, 10000), 0);
    ck_assert_int_eq(cs_mock_add_practice(m, "B", loc, 10000, 10000), 1);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    cs_mock_set_number(m, "allocation_error_area_share", 0.5);
    moments(m, &mean, &sd);     /* practice 0 alone: l is split */
    ck_assert_msg(fabs(sd - 5) < 4 * 5 / sqrt(2.0 * n), "SD %g, want 5", sd);
    ck_assert_msg(fabs(mean) < 4 * 5 / sqrt((double)n), "mean %g", mean);
    cs_mock_free(m);
}
END_TEST

/* The same split for a practice in no locality: its own part is drawn from
 * its own stream in the call (risk_spend.c) and its common part from the
 * last area slot's (risk_weigh: no locality, no area of its own). Same
 * closed form: SD 5% of its budget with sd 5% and k = 0.5 (4.33% if the SD
 * were split instead of the variance, 3.54% with no own part). */
START_TEST(test_allocation_split_keeps_sd_no_locality)
{
    const size_t n = 20000;
    cs_mock *m = cs_mock_new(n, 17);
    double mean, sd;
    ck_assert_int_eq(cs_mock_add_practice(m, "A", -1, 10000, 10000), 0);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "allocation_error_sd", 0.05);
    cs_mock_set_number(m, "allocation_error_area_share", 0.5);
    moments(m, &mean, &sd);
    ck_assert_msg(fabs(sd - 5) < 4 * 5 / sqrt(2.0 * n), "SD %g, want 5", sd);
    ck_assert_msg(fabs(mean) < 4 * 5 / sqrt((double)n), "mean %g", mean);
    cs_mock_free(m);
}
END_TEST

/* The area shock alone: a practice whose whole spend is in its area
 * (the area's unlisted providers) moves with sd_area z, so with spend =
 * budget the balance has SD 100 x area_sd % of budget: 3 at area_sd 0.03
 * (the provider SD, 0 here, would give none). */
START_TEST(test_area_shock_sd)
{
    const size_t n = 20000;
    cs_mock *m = one_practice(n);
    double mean, sd;
    cs_mock_set_choice(m, "expected_spend", "budget");
    cs_mock_set_number(m, "area_sd", 0.03);
    moments(m, &mean, &sd);
    ck_assert_msg(fabs(sd - 3) < 4 * 3 / sqrt(2.0 * n), "SD %g, want 3", sd);
    ck_assert_msg(fabs(mean) < 4 * 3 / sqrt((double)n), "mean %g", mean);
    cs_mock_free(m);
}
END_TEST

/* An option of two consortia, by hand. A: 1,000 heads, budget GBP 1m
 * (capitation 1000 a head), spends 4% over; B: 3,000 heads, GBP 3m, 2%
 * under (history spend, so every draw is the same). Threshold 1%; margin
 * 1% surplus + 0.5% contingency; one year.
 *   balance_pct    (1000 x 4 + 3000 x -2) / 4000 = -0.5
 *   overspend_pct  (1000 x 4 + 3000 x 0) / 4000 = 1.0 (B's surplus is no
 *                  negative overspend)
 *   p_over_1pct    (1000 x 1 + 3000 x 0) / 4000 = 0.25; the worst one's 1
 *   reserve95_gbp  A's VaR 40,000 plus B's, which is a surplus (-60,000)
 *                  and reserves nothing: 40,000
 *   carried        A: 40,000 - 15,000 margin = 25,000 (2.5% of A's
 *                  budget), B: none. The option's expected deficit carried
 *                  is the sum, GBP 25,000; the worst consortium's 2.5%;
 *                  P(a deficit year) (1000 x 1 + 0) / 4000 = 0.25. */
START_TEST(test_option_by_hand)
{
    cs_mock *m = cs_mock_new(8, 5);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    double t[] = {0.01};
    cs_mock_add_practice(m, "A", loc, 1000, 1000);
    cs_mock_add_practice(m, "B", loc, 3000, 3000);
    cs_mock_practice(m, 0)->historic_spend = 1000 * 1000 * 1.04;
    cs_mock_practice(m, 1)->historic_spend = 3000 * 1000 * 0.98;
    cs_mock_set_thresholds(m, t, 1);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "history");
    cs_mock_set_number(m, "horizon_years", 1);
    cs_mock_set_number(m, "required_surplus", 0.01);
    cs_mock_set_number(m, "contingency", 0.005);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    cs_mock_option_begin(m);
    cs_mock_option_consortium(m, (int[]){0}, 1);
    cs_mock_option_consortium(m, (int[]){1}, 1);
    const cs_values *o;
    ck_assert_msg(cs_mock_option_run(m, NULL, &o) == 0, "%s", cs_mock_error(m));
    for (size_t k = 0; k < 8; k++) {
        ck_assert_double_eq_tol(cs_mock_value(m, o, "balance_pct", k), -0.5,
                                1e-9);
        ck_assert_double_eq_tol(cs_mock_value(m, o, "overspend_pct", k), 1.0,
                                1e-9);
    }
    ck_assert_double_eq_tol(cs_mock_value(m, o, "p_over_1pct", 0), 0.25, 1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "worst_p_over_1pct", 0), 1,
                            1e-12);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "reserve95_gbp", 0), 40000,
                            1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "expected_deficit_carried_gbp",
                                          0), 25000, 1e-6);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "worst_deficit_carried_pct",
                                          0), 2.5, 1e-9);
    ck_assert_double_eq_tol(cs_mock_value(m, o, "p_deficit_any_year", 0), 0.25,
                            1e-12);
    cs_mock_free(m);
}
END_TEST

/* docs/models.md: p_over_Xpct is the share of draws with O > t B. A
 * practice exactly 1% over (history 1.01m against a 1m budget, every draw)
 * is not over a 1% threshold and is over a 0.5% one. */
START_TEST(test_threshold_is_strict)
{
    cs_mock *m = cs_mock_new(4, 5);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    double t[] = {0.005, 0.01};
    int idx = 0;
    const cs_values *v;
    cs_mock_add_practice(m, "A", loc, 1000, 1000);
    cs_mock_practice(m, 0)->historic_spend = 1000 * 1000 * 1.01;
    cs_mock_set_thresholds(m, t, 2);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "history");
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    ck_assert_msg(cs_mock_consortium(m, &idx, 1, &v) == 0, "%s",
                  cs_mock_error(m));
    ck_assert_double_eq(cs_mock_value(m, v, "p_over_0_5pct", 0), 1);
    ck_assert_double_eq(cs_mock_value(m, v, "p_over_1pct", 0), 0);
    cs_mock_free(m);
}
END_TEST

/* horizon_years is declared up to RISK_MAX_YEARS (30): the longest one
 * loads and has a balance for its last year. */
START_TEST(test_longest_horizon)
{
    cs_mock *m = one_practice(4);
    ck_assert_int_eq(cs_mock_set_number(m, "horizon_years", 30), 0);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    ck_assert_int_ge(cs_mock_metric_index(m, "balance_y30_pct"), 0);
    ck_assert_int_eq(cs_mock_metric_index(m, "balance_y31_pct"), -1);
    cs_mock_free(m);
}
END_TEST

/* The allocation error's locality totals kept once drawn (risk_shared.c)
 * are the same numbers as each consortium drawing them itself: a
 * consortium holding locality "a" whole and half of locality "b" (whose
 * total is shared out to its practices) gets, draw by draw, the balance
 * it gets when the host offers no init() stream service, to the last bit
 * (the same draws by the same arithmetic). Everything else random is off,
 * so the balance is the allocation error alone. */
static void alloc_balance(int streams, double *out, size_t n)
{
    cs_mock *m = cs_mock_new(n, 5);
    int la = cs_mock_add_locality(m, "a", -1, -1);
    int lb = cs_mock_add_locality(m, "b", -1, -1);
    char code[16];
    for (int i = 0; i < 8; i++) {
        snprintf(code, sizeof code, "P%d", i);
        ck_assert_int_ge(cs_mock_add_practice(m, code, i < 4 ? la : lb,
                                              5000 + 700 * i, 5000 + 700 * i),
                         0);
    }
    set_quiet(m);
    ck_assert_int_eq(cs_mock_set_number(m, "allocation_error_sd", 0.0725), 0);
    cs_mock_set_streams(m, streams);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    const cs_values *v = NULL;
    int idx[] = {0, 1, 2, 3, 4, 5};
    ck_assert_msg(cs_mock_consortium(m, idx, 6, &v) == 0, "%s",
                  cs_mock_error(m));
    for (size_t k = 0; k < n; k++)
        out[k] = cs_mock_value(m, v, "balance_pct", k);
    cs_mock_free(m);
}

START_TEST(test_allocation_shared_in_init)
{
    enum { N = 2000 };
    static double with[N], without[N];
    double sd = 0;
    alloc_balance(1, with, N);
    alloc_balance(0, without, N);
    for (size_t k = 0; k < N; k++) {
        ck_assert_msg(with[k] == without[k],
                      "draw %zu: %.17g shared, %.17g per call", k, with[k],
                      without[k]);
        sd += without[k] * without[k];
    }
    ck_assert(sd > 0);          /* the error was on */
}
END_TEST

/* Every keyed stream a consortium weights (providers, areas' unlisted
 * providers, areas, the nation, the allocation error's) is kept once
 * drawn and reused by the next consortium (risk_shared.c). Kept or drawn
 * per call, the figures must be the same to the last bit, whatever the
 * order of the calls: every shock and the allocation error on, three
 * overlapping consortia (one locality; it plus part of another; all),
 * run in two orders with the host's stream service and once without it
 * (nothing kept). */
enum { SH_N = 1500, SH_YEARS = 3 };

static void shared_run_in(int streams, int reverse, void *shm, size_t len,
                          double out[3][2][SH_N])
{
    cs_mock *m = cs_mock_new(SH_N, 23);
    cs_mock_set_shared(m, shm, len);
    int la = cs_mock_add_org(m, "LA1", CS_ORG_LOCAL_AUTHORITY);
    int lb = cs_mock_add_org(m, "LA2", CS_ORG_LOCAL_AUTHORITY);
    int p1 = cs_mock_add_org(m, "T1", CS_ORG_ACUTE);
    int p2 = cs_mock_add_org(m, "T2", CS_ORG_MENTAL_HEALTH);
    int loc[3] = {cs_mock_add_locality(m, "a", la, -1),
                  cs_mock_add_locality(m, "b", la, -1),
                  cs_mock_add_locality(m, "c", lb, -1)};
    char code[16];
    for (int i = 0; i < 9; i++) {
        snprintf(code, sizeof code, "Q%d", i);
        int p = cs_mock_add_practice(m, code, loc[i / 3], 4000 + 900 * i,
                                     4200 + 800 * i);
        ck_assert_int_ge(p, 0);
        ck_assert_int_ge(cs_mock_add_share(m, p, i % 2 ? p1 : p2, 0.6), 0);
        if (i % 3 == 0)
            ck_assert_int_ge(cs_mock_add_share(m, p, p1, 0.3), 0);
    }
    ck_assert_int_eq(cs_mock_set_number(m, "allocation_error_area_share",
                                        0.3), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "horizon_years", SH_YEARS), 0);
    cs_mock_set_streams(m, streams);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    static const int members[3][9] = {{0, 1, 2}, {0, 1, 2, 3, 5},
                                      {0, 1, 2, 3, 4, 5, 6, 7, 8}};
    static const size_t size[3] = {3, 5, 9};
    for (int r = 0; r < 3; r++) {
        int c = reverse ? 2 - r : r;
        const cs_values *v = NULL;
        ck_assert_msg(cs_mock_consortium(m, members[c], size[c], &v) == 0,
                      "%s", cs_mock_error(m));
        for (size_t k = 0; k < SH_N; k++) {
            out[c][0][k] = cs_mock_value(m, v, "balance_pct", k);
            out[c][1][k] = cs_mock_value(m, v, "balance_y3_pct", k);
        }
    }
    cs_mock_free(m);
}

static void shared_run(int streams, int reverse, double out[3][2][SH_N])
{
    shared_run_in(streams, reverse, NULL, 0, out);
}

START_TEST(test_shared_series_equal_per_call)
{
    static double kept[3][2][SH_N], back[3][2][SH_N], per_call[3][2][SH_N];
    shared_run(1, 0, kept);
    shared_run(1, 1, back);
    shared_run(0, 0, per_call);
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < 2; y++) {
            double ss = 0;
            for (size_t k = 0; k < SH_N; k++) {
                ck_assert_msg(kept[c][y][k] == per_call[c][y][k]
                                  && back[c][y][k] == per_call[c][y][k],
                              "consortium %d, %s, draw %zu: kept %.17g, "
                              "kept in reverse %.17g, per call %.17g", c,
                              y ? "year 3" : "year 1", k, kept[c][y][k],
                              back[c][y][k], per_call[c][y][k]);
                ss += per_call[c][y][k] * per_call[c][y][k];
            }
            ck_assert(ss > 0);     /* the shocks were on */
        }
}
END_TEST

/* The series kept in the run's shared memory (cs_host.shared), as the
 * host's worker processes keep them: a child process draws them, then this
 * one reads them there without drawing any (the bytes the memory's first
 * word counts stay put) and gets the figures drawn per call, to the last
 * bit. The memory: the series' table in its first 2 MB, then their
 * draws. */
enum { SH_TABLE = 2 << 20 };

static void *shm_new(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ck_assert(p != MAP_FAILED);
    return p;
}

static void assert_same(double a[3][2][SH_N], double b[3][2][SH_N])
{
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < 2; y++)
            for (size_t k = 0; k < SH_N; k++)
                ck_assert_msg(a[c][y][k] == b[c][y][k],
                              "consortium %d, year %d, draw %zu: %.17g, "
                              "drawn per call %.17g", c, y, k, a[c][y][k],
                              b[c][y][k]);
}

START_TEST(test_series_shared_between_processes)
{
    static double child[3][2][SH_N], mine[3][2][SH_N], per_call[3][2][SH_N];
    size_t len = SH_TABLE + ((size_t)4 << 20);
    void *shm = shm_new(len);
    uint64_t used_child, used_after;
    int st = 0;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        shared_run_in(1, 0, shm, len, child);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d",
                  st);
    memcpy(&used_child, shm, sizeof used_child);
    /* the series the three consortia use, each 1,500 draws: per year
       (3) the trusts T1 and T2, the unlisted providers of LA1 and of LA2,
       the shocks of LA1 and LA2 and the national one (7); the allocation
       error of LA1 and LA2 (2) and of the localities a, b and c, each
       held whole by some consortium (3): 21 + 2 + 3 = 26 */
    ck_assert_uint_eq(used_child, 26u * SH_N * sizeof(double));
    shared_run_in(1, 1, shm, len, mine);
    memcpy(&used_after, shm, sizeof used_after);
    ck_assert_uint_eq(used_after, used_child);   /* nothing drawn again */
    shared_run(0, 0, per_call);
    assert_same(mine, per_call);
    munmap(shm, len);
}
END_TEST

/* A process that dies drawing a series leaves it "being drawn" (state 1 in
 * its slot of the table: 16 bytes each after a 16-byte header). Another
 * process must not wait for it: it draws the series itself, with the same
 * figures, and keeps none of them (the bytes counted stay 0). Then a
 * memory with room for one series only: the rest are drawn per call. */
START_TEST(test_lost_drawer_does_not_hang)
{
    static double got[3][2][SH_N], per_call[3][2][SH_N];
    size_t len = SH_TABLE + ((size_t)4 << 20);
    unsigned char *shm = shm_new(len);
    uint64_t used;
    /* the run's table has 3 x 21 + 8 + 3 = 74 slots (risk_shared.c:
       per year 4 orgs + 2 x 8 area slots + 1; 8 allocation areas; 3
       localities): mark 128, the rest of the 2 MB is never read */
    for (size_t off = 16; off < 16 + 128 * 16; off += 16) {
        uint32_t drawing = 1;
        memcpy(shm + off, &drawing, sizeof drawing);
    }
    shared_run_in(1, 0, shm, len, got);
    memcpy(&used, shm, sizeof used);
    ck_assert_uint_eq(used, 0);
    shared_run(0, 0, per_call);
    assert_same(got, per_call);
    memset(shm, 0, len);
    shared_run_in(1, 0, shm, SH_TABLE + SH_N * sizeof(double), got);
    assert_same(got, per_call);
    munmap(shm, len);
}
END_TEST

/* A provider's three shocks kept as one series per unit of spend: a
 * practice with its whole spend at one trust, only the trust's and the
 * emergency shock on. Its balance, in % of budget, is
 *   100 (sd_p z1 + s r (m + sd_e z2)),
 * mean 100 s r m, SD 100 sqrt(sd_p^2 + (s r sd_e)^2); with sd_p = 0.01,
 * s = 0.5, r = 0.4, m = 0.02, sd_e = 0.05: mean 0.4, SD 100 sqrt(2e-4)
 * = 1.41421. */
START_TEST(test_provider_series_moments)
{
    enum { N = 20000 };
    cs_mock *m = cs_mock_new(N, 29);
    int t = cs_mock_add_org(m, "T", CS_ORG_ACUTE);
    int loc = cs_mock_add_locality(m, "l", -1, -1);
    ck_assert_int_eq(cs_mock_add_practice(m, "A", loc, 10000, 10000), 0);
    ck_assert_int_ge(cs_mock_add_share(m, 0, t, 1.0), 0);
    set_quiet(m);
    ck_assert_int_eq(cs_mock_set_number(m, "provider_sd", 0.01), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "emergency_share", 0.5), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "emergency_marginal_rate", 0.4),
                     0);
    ck_assert_int_eq(cs_mock_set_number(m, "emergency_growth_mean", 0.02), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "emergency_growth_sd", 0.05), 0);
    double mean, sd, want_sd = 100 * sqrt(2e-4);
    moments(m, &mean, &sd);
    cs_mock_free(m);
    ck_assert_msg(fabs(mean - 0.4) < 4 * want_sd / sqrt((double)N),
                  "mean %g, want 0.4", mean);
    /* a normal's sample SD has SE sd / sqrt(2 (n - 1)) */
    ck_assert_msg(fabs(sd - want_sd) < 4 * want_sd / sqrt(2.0 * (N - 1)),
                  "SD %g, want %g", sd, want_sd);
}
END_TEST

/* The allocation error per locality: one normal per locality and draw,
 * shared out to its practices only where a consortium holds part of it.
 * Locality "a" has AL_P practices of different sizes (capitation budgets
 * x_i = 1000 x weighted heads, spend = budget, all else quiet; no area
 * share, so each practice's own error has SD sd x_i). Locality "b" is
 * there so that "a" is not the whole scenario. */
enum { AL_N = 20000, AL_P = 4 };
static const double al_heads[AL_P] = {2000, 5000, 9000, 3500};
static const double al_sd = 0.05;

static cs_mock *alloc_locality(size_t n, int streams)
{
    cs_mock *m = cs_mock_new(n, 31);
    int la = cs_mock_add_locality(m, "a", -1, -1);
    int lb = cs_mock_add_locality(m, "b", -1, -1);
    char code[16];
    for (int i = 0; i < AL_P; i++) {
        snprintf(code, sizeof code, "A%d", i);
        ck_assert_int_eq(cs_mock_add_practice(m, code, la, al_heads[i],
                                              al_heads[i]), i);
    }
    ck_assert_int_eq(cs_mock_add_practice(m, "B0", lb, 4000, 4000), AL_P);
    ck_assert_int_eq(cs_mock_add_practice(m, "B1", lb, 6000, 6000),
                     AL_P + 1);
    set_quiet(m);
    cs_mock_set_choice(m, "expected_spend", "budget");
    ck_assert_int_eq(cs_mock_set_number(m, "allocation_error_sd", al_sd), 0);
    ck_assert_int_eq(cs_mock_set_number(m, "allocation_error_area_share", 0),
                     0);
    cs_mock_set_streams(m, streams);
    ck_assert_msg(cs_mock_load_file(m, RISK_SO) == 0, "%s", cs_mock_error(m));
    return m;
}

/* A consortium's allocation error per draw, GBP: its balance (% of
 * budget) times its budget. */
static void alloc_gbp(cs_mock *m, const int *idx, size_t n_idx, double *out,
                      size_t n)
{
    const cs_values *v = NULL;
    ck_assert_msg(cs_mock_consortium(m, idx, n_idx, &v) == 0, "%s",
                  cs_mock_error(m));
    double budget = cs_mock_value(m, v, "budget_gbp", 0);
    for (size_t k = 0; k < n; k++)
        out[k] = cs_mock_value(m, v, "balance_pct", k) / 100 * budget;
}

static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (size_t k = 0; k < n; k++)
        s += x[k];
    *mean = s / (double)n;
    for (size_t k = 0; k < n; k++)
        ss += (x[k] - *mean) * (x[k] - *mean);
    *sd = sqrt(ss / (double)(n - 1));
}

/* (a) The locality held whole: its error is the sum of AL_P independent
 * normals N(0, (sd x_i)^2), so normal with SD sd sqrt(sum x_i^2):
 * 0.05 x 1000 x sqrt(2000^2 + 5000^2 + 9000^2 + 3500^2) = GBP 551,815.
 * The sample SD of n normals has standard error SD / sqrt(2 (n - 1)), the
 * mean SD / sqrt(n); four of each. */
START_TEST(test_locality_total_sd)
{
    static double t[AL_N];
    cs_mock *m = alloc_locality(AL_N, 1);
    double x2 = 0, mean, sd;
    for (int i = 0; i < AL_P; i++)
        x2 += (1000 * al_heads[i]) * (1000 * al_heads[i]);
    double want = al_sd * sqrt(x2);
    alloc_gbp(m, (int[]){0, 1, 2, 3}, AL_P, t, AL_N);
    mean_sd(t, AL_N, &mean, &sd);
    ck_assert_msg(fabs(sd - want) < 4 * want / sqrt(2.0 * (AL_N - 1)),
                  "SD %.6g, want %.6g", sd, want);
    ck_assert_msg(fabs(mean) < 4 * want / sqrt((double)AL_N),
                  "mean %.6g, want 0", mean);
    cs_mock_free(m);
}
END_TEST

/* (b) The locality split: each practice alone. Draw by draw the practices'
 * errors add to the locality's total (to rounding: the parts are computed
 * as shares of that total); each has SD sd x_i, the SD of its own
 * independent error (standard error of a sample SD as above); and any two
 * are uncorrelated (the sample correlation of independent normals has SD
 * about 1 / sqrt(n); four of it). The last practice of the walk, which
 * takes what is left of the total, is among the pairs. */
START_TEST(test_locality_split_law)
{
    static double t[AL_N], x[AL_P][AL_N];
    cs_mock *m = alloc_locality(AL_N, 1);
    for (int i = 0; i < AL_P; i++)
        alloc_gbp(m, &i, 1, x[i], AL_N);
    alloc_gbp(m, (int[]){0, 1, 2, 3}, AL_P, t, AL_N);
    cs_mock_free(m);
    for (size_t k = 0; k < AL_N; k++) {
        double sum = 0, mag = 0;
        for (int i = 0; i < AL_P; i++) {
            sum += x[i][k];
            mag += fabs(x[i][k]);
        }
        ck_assert_msg(fabs(sum - t[k]) <= 1e-12 * (1 + mag + fabs(t[k])),
                      "draw %zu: parts add to %.17g, the total is %.17g", k,
                      sum, t[k]);
    }
    double mean[AL_P], sd[AL_P];
    for (int i = 0; i < AL_P; i++) {
        double want = al_sd * 1000 * al_heads[i];
        mean_sd(x[i], AL_N, &mean[i], &sd[i]);
        ck_assert_msg(fabs(sd[i] - want) < 4 * want / sqrt(2.0 * (AL_N - 1)),
                      "practice %d: SD %.6g, want %.6g", i, sd[i], want);
        ck_assert_msg(fabs(mean[i]) < 4 * want / sqrt((double)AL_N),
                      "practice %d: mean %.6g, want 0", i, mean[i]);
    }
    for (int i = 0; i < AL_P; i++)
        for (int j = i + 1; j < AL_P; j++) {
            double c = 0;
            for (size_t k = 0; k < AL_N; k++)
                c += (x[i][k] - mean[i]) * (x[j][k] - mean[j]);
            double r = c / (double)(AL_N - 1) / (sd[i] * sd[j]);
            ck_assert_msg(fabs(r) < 4 / sqrt((double)AL_N),
                          "practices %d and %d: correlation %.4f, want 0", i,
                          j, r);
        }
}
END_TEST

/* (b) A consortium holding part of the locality (practices 1 and 2) gets
 * the same draws whichever consortium came before it -- first; after
 * practice 3 alone and the whole locality; after practice 0 and "b" --
 * and with or without the host's stream service (nothing kept): to the
 * last bit. And its error is its practices' errors added. */
START_TEST(test_locality_split_any_order)
{
    enum { N = 3000 };
    static double first[N], later[N], other[N], per_call[N], x1[N], x2[N],
        scrap[N];
    cs_mock *m = alloc_locality(N, 1);
    alloc_gbp(m, (int[]){1, 2}, 2, first, N);
    cs_mock_free(m);
    m = alloc_locality(N, 1);
    alloc_gbp(m, (int[]){3}, 1, scrap, N);
    alloc_gbp(m, (int[]){0, 1, 2, 3}, AL_P, scrap, N);
    alloc_gbp(m, (int[]){1, 2}, 2, later, N);
    alloc_gbp(m, (int[]){1}, 1, x1, N);
    alloc_gbp(m, (int[]){2}, 1, x2, N);
    cs_mock_free(m);
    m = alloc_locality(N, 1);
    alloc_gbp(m, (int[]){0, AL_P}, 2, scrap, N);
    alloc_gbp(m, (int[]){1, 2}, 2, other, N);
    cs_mock_free(m);
    m = alloc_locality(N, 0);
    alloc_gbp(m, (int[]){0, 1, 2, 3}, AL_P, scrap, N);
    alloc_gbp(m, (int[]){1, 2}, 2, per_call, N);
    cs_mock_free(m);
    double ss = 0;
    for (size_t k = 0; k < N; k++) {
        ck_assert_msg(first[k] == later[k] && first[k] == other[k]
                          && first[k] == per_call[k],
                      "draw %zu: first %.17g, later %.17g, after others "
                      "%.17g, per call %.17g", k, first[k], later[k],
                      other[k], per_call[k]);
        ck_assert_msg(fabs(first[k] - (x1[k] + x2[k]))
                          <= 1e-12 * (1 + fabs(x1[k]) + fabs(x2[k])),
                      "draw %zu: %.17g, the parts add to %.17g", k, first[k],
                      x1[k] + x2[k]);
        ss += first[k] * first[k];
    }
    ck_assert(ss > 0);          /* the error was on */
}
END_TEST

static Suite *shocks_suite(void)
{
    Suite *s = suite_create("risk_shocks");
    TCase *tc = tcase_create("shocks");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_qipp_beta);
    tcase_add_test(tc, test_qipp_planned_on_mean);
    tcase_add_test(tc, test_allocation_split_keeps_sd);
    tcase_add_test(tc, test_allocation_split_keeps_sd_split_locality);
    tcase_add_test(tc, test_allocation_split_keeps_sd_no_locality);
    tcase_add_test(tc, test_area_shock_sd);
    tcase_add_test(tc, test_option_by_hand);
    tcase_add_test(tc, test_threshold_is_strict);
    tcase_add_test(tc, test_longest_horizon);
    tcase_add_test(tc, test_allocation_shared_in_init);
    tcase_add_test(tc, test_shared_series_equal_per_call);
    tcase_add_test(tc, test_provider_series_moments);
    tcase_add_test(tc, test_series_shared_between_processes);
    tcase_add_test(tc, test_lost_drawer_does_not_hang);
    tcase_add_test(tc, test_locality_total_sd);
    tcase_add_test(tc, test_locality_split_law);
    tcase_add_test(tc, test_locality_split_any_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(shocks_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
