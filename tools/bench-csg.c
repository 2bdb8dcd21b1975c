/* tools/bench-csg.c -- the exact coalition-structure search (core/search/
 * csg.h) against the plain dynamic programme over all subsets (Yeh 1986;
 * Rothkopf, Pekec & Harstad 1998), on complete graphs (every subset is a
 * coalition: the hard case) with the synthetic values of the coalition-
 * structure literature, as Rahwan et al. (2009, JAIR 34) define them:
 *   uniform  v(C) = |C| * U(0,1)            (Larson & Sandholm 2000)
 *   normal   v(C) = |C| * N(1, 0.1^2)
 *   NDCS     v(C) = N(|C|, |C|)             (variance |C|; Rahwan et al. 2009)
 *
 *   tools/bench-csg [N_MIN [N_MAX [DP_MAX [THREADS]]]]   (18 24 20 2)
 *   (BENCH_CSG_DP_BUDGET in the environment sets the search's dp_budget;
 *   BENCH_CSG_VALUES=uniform|normal|NDCS runs that distribution alone)
 *
 * At n = 20 and n = 24 a line says whether issue 14's targets (1 s and 10 s
 * of wall time on two cores) are met, by the wall time and by processor
 * seconds over threads (the idle-machine estimate); it never changes the
 * exit status, which a loaded machine must not fail.
 *
 * The plain programme runs for n <= DP_MAX; above it its time is estimated
 * as the last measured time times 3 per unit (it does 3^n/2 steps whatever
 * the values), marked "est". Values come from GSL's Mersenne Twister with a
 * fixed seed, so every run times the same instances. The processor
 * seconds (clock(), all threads) are printed beside the wall seconds: on a
 * shared machine they show the work done when the wall clock cannot. */
#include "search/csg.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double tab_value(void *ctx, cs_set c) { return ((const double *)ctx)[c]; }

static void fill(double *tab, unsigned n, int dist, unsigned long seed)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, seed);
    tab[0] = 0;
    for (size_t c = 1; c < ((size_t)1 << n); c++) {
        double k = __builtin_popcountll(c);
        tab[c] = dist == 0 ? k * gsl_rng_uniform(g)
               : dist == 1 ? k * (1 + gsl_ran_gaussian(g, 0.1))
                           : k + gsl_ran_gaussian(g, sqrt(k));
    }
    gsl_rng_free(g);
}

/* The plain programme: f(S) = max over C in S holding S's lowest unit of
 * v(C) + f(S \ C), for every S in increasing order. */
static double plain_dp(const double *v, unsigned n, double *f)
{
    size_t total = (size_t)1 << n;
    f[0] = 0;
    for (size_t S = 1; S < total; S++) {
        size_t u = S & (~S + 1), rest = S ^ u;
        double best = -INFINITY;
        for (size_t sub = rest;; sub = (sub - 1) & rest) {
            double x = v[sub | u] + f[S ^ (sub | u)];
            if (x > best)
                best = x;
            if (!sub)
                break;
        }
        f[S] = best;
    }
    return f[total - 1];
}

static const char *names[3] = {"uniform", "normal", "NDCS"};

/* The last measured plain programme, for the estimates above DP_MAX. */
typedef struct last { double wall, cpu; unsigned n; } last;

/* One distribution at one size: 0, 1 (the two disagree) or an exit code. */
static int run_one(int dist, unsigned n, unsigned dp_max, unsigned threads, last *l)
{
    double *tab = malloc(((size_t)1 << n) * sizeof *tab);
    if (!tab)
        return fprintf(stderr, "bench-csg: error: out of memory at n = %u\n", n), 71;
    fill(tab, n, dist, 1000 + n);
    cs_set nbr[64];
    for (unsigned i = 0; i < n; i++)
        nbr[i] = (((cs_set)1 << n) - 1) & ~((cs_set)1 << i);
    cs_csg_problem p = {.n = n, .nbr = nbr, .value = tab_value, .ctx = tab};
    cs_csg_opts o = {.top_k = 1, .threads = threads};
    if (getenv("BENCH_CSG_DP_BUDGET"))   /* a speed setting, for trials */
        o.dp_budget = atof(getenv("BENCH_CSG_DP_BUDGET"));
    cs_csg_result r;
    char err[256];
    clock_t c0 = clock();
    if (cs_csg_solve(&p, &o, &r, err, sizeof err) != 0) {
        fprintf(stderr, "bench-csg: error: %s\n", err);
        free(tab);
        return 70;
    }
    double s_cpu = (double)(clock() - c0) / CLOCKS_PER_SEC, dp_s, dp_cpu;
    int est = n > dp_max, bad = 0;
    if (!est) {
        double *f = malloc(((size_t)1 << n) * sizeof *f), t0 = now();
        clock_t c1 = clock();
        double dp_v = plain_dp(tab, n, f);
        dp_s = now() - t0;
        dp_cpu = (double)(clock() - c1) / CLOCKS_PER_SEC;
        free(f);
        *l = (last){dp_s, dp_cpu, n};
        if (fabs(dp_v - r.top[0].value) > 1e-9 * (1 + fabs(dp_v))) {
            fprintf(stderr, "bench-csg: error: %s n=%u: search %.17g, DP %.17g\n",
                    names[dist], n, r.top[0].value, dp_v);
            bad = 1;
        }
    } else {
        dp_s = l->n ? l->wall * pow(3, n - l->n) : NAN;
        dp_cpu = l->n ? l->cpu * pow(3, n - l->n) : NAN;
    }
    printf("%-8s %3u %9.3f %9.3f %9.2f%s %9.2f %8.1f %8.1f %4s %12.6f\n", names[dist],
           n, r.seconds, s_cpu, dp_s, est ? "e" : " ", dp_cpu, dp_s / r.seconds,
           dp_cpu / s_cpu, r.optimal ? "yes" : "no", r.top[0].value);
    if (n == 20 || n == 24) {
        /* issue 14's targets on two cores: n = 20 within 1 s, n = 24 within
           10 s of wall time. On a shared machine the wall time is inflated;
           processor seconds over the threads is what an idle machine would
           show if the threads shared the work evenly. */
        double lim = n == 20 ? 1 : 10, idle = s_cpu / threads;
        printf("  target n = %u within %.0f s wall: wall %.2f s %s; "
               "cpu/threads %.2f s %s\n", n, lim, r.seconds,
               r.seconds <= lim ? "PASS" : "MISS", idle, idle <= lim ? "PASS" : "MISS");
    }
    fflush(stdout);
    cs_csg_result_free(&r);
    free(tab);
    return bad;
}

int main(int argc, char **argv)
{
    unsigned lo = argc > 1 ? (unsigned)atoi(argv[1]) : 18;
    unsigned hi = argc > 2 ? (unsigned)atoi(argv[2]) : 24;
    unsigned dp_max = argc > 3 ? (unsigned)atoi(argv[3]) : 20;
    unsigned threads = argc > 4 ? (unsigned)atoi(argv[4]) : 2;
    if (lo < 2 || hi > CS_CSG_EXACT_MAX || lo > hi) {
        fprintf(stderr, "bench-csg: error: sizes %u..%u; give 2 <= N_MIN <= N_MAX <= %u\n",
                lo, hi, CS_CSG_EXACT_MAX);
        return 64;
    }
    printf("bench-csg: exact search (%u threads) vs plain DP over subsets (1 thread), "
           "complete graphs\n", threads);
    printf("%-8s %3s %9s %9s %10s %9s %8s %8s %4s %12s\n", "values", "n", "search_s",
           "srch_cpu", "dp_s", "dp_cpu", "dp/srch", "cpu", "opt", "value");
    int bad = 0;
    const char *only = getenv("BENCH_CSG_VALUES");   /* one distribution, for trials */
    for (int dist = 0; dist < 3; dist++) {
        if (only && strcmp(only, names[dist]) != 0)
            continue;
        last l = {0, 0, 0};
        for (unsigned n = lo; n <= hi; n++) {
            int rc = run_one(dist, n, dp_max, threads, &l);
            if (rc > 1)
                return rc;
            bad |= rc;
        }
    }
    printf("(e: estimated as the last measured DP time x 3 per unit; *_cpu: processor\n"
           " seconds of all threads, which a loaded machine does not inflate as much)\n");
    return bad;
}
