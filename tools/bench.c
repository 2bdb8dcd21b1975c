/*
 * bench.c -- `make bench-plugin`: how fast the risk plugin is, through the mock
 * host, on a made-up national-scale area (5,000 practices of 7,000 people
 * in 50 localities of 100 neighbouring practices, 10 local authorities,
 * 8 acute and 3 mental health trusts, each practice using three of them),
 * so a bigger consortium also spans more areas and providers.
 *
 * Reports draws x practices per second, and how the time of one call grows
 * with the practices in a consortium and with the consortia in an option,
 * as ratios measured in this run. Not a test: nothing is asserted.
 *
 * usage: bench-plugin [PATH/risk.so] [DRAWS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mockhost.h"

#define N_PRACTICES 5000
#define N_LOCALITIES 50

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The area: returns a loaded mock, or NULL after printing why. */
static cs_mock *bench_area(const char *so, size_t draws)
{
    cs_mock *m = cs_mock_new(draws, 1);
    int la[10], acute[8], mh[3], loc[N_LOCALITIES];
    char id[32];
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "la%d", i);
        la[i] = cs_mock_add_org(m, id, CS_ORG_LOCAL_AUTHORITY);
    }
    for (int i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "acute%d", i);
        acute[i] = cs_mock_add_org(m, id, CS_ORG_ACUTE);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "mh%d", i);
        mh[i] = cs_mock_add_org(m, id, CS_ORG_MENTAL_HEALTH);
    }
    for (int i = 0; i < N_LOCALITIES; i++) {
        snprintf(id, sizeof id, "loc%d", i);
        loc[i] = cs_mock_add_locality(m, id, la[i % 10], -1);
    }
    for (int p = 0; p < N_PRACTICES; p++) {
        int l = p / (N_PRACTICES / N_LOCALITIES);   /* 100 a locality */
        snprintf(id, sizeof id, "B%05d", p);
        cs_mock_add_practice(m, id, loc[l], 7000, 7000 * (0.9 + 0.002 * l));
        cs_mock_add_share(m, p, acute[l % 8], 0.7);
        cs_mock_add_share(m, p, acute[(l + 3) % 8], 0.1);
        cs_mock_add_share(m, p, mh[l % 3], 0.1);
    }
    if (cs_mock_load_file(m, so) < 0) {
        fprintf(stderr, "bench: %s\n", cs_mock_error(m));
        cs_mock_free(m);
        return NULL;
    }
    return m;
}

/* Seconds per evaluation of one consortium of practices 0..n-1 (repeated
 * until a quarter of a second has passed). */
static double bench_consortium(cs_mock *m, int *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = (int)i;
    const cs_values *v;
    int reps = 0;
    double t0 = bench_now(), t;
    do {
        if (cs_mock_consortium(m, idx, n, &v) < 0) {
            fprintf(stderr, "bench: %s\n", cs_mock_error(m));
            return -1;
        }
        reps++;
    } while ((t = bench_now() - t0) < 0.25);
    return t / reps;
}

/* Seconds per run of an option splitting the first `n` practices into
 * `nc` consortia of equal size, each a run of neighbouring practices. */
static double bench_option(cs_mock *m, int *idx, size_t n, size_t nc)
{
    cs_mock_option_begin(m);
    for (size_t c = 0; c < nc; c++) {
        size_t k = 0;
        for (size_t p = c * n / nc; p < (c + 1) * n / nc; p++)
            idx[k++] = (int)p;
        cs_mock_option_consortium(m, idx, k);
    }
    int reps = 0;
    double t0 = bench_now(), t;
    do {
        if (cs_mock_option_run(m, NULL, NULL) < 0) {
            fprintf(stderr, "bench: %s\n", cs_mock_error(m));
            return -1;
        }
        reps++;
    } while ((t = bench_now() - t0) < 0.25);
    return t / reps;
}

int main(int argc, char **argv)
{
    const char *so = argc > 1 ? argv[1] : "plugins/.libs/risk.so";
    size_t draws = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 10000;
    cs_mock *m = draws ? bench_area(so, draws) : NULL;
    int *idx = malloc(N_PRACTICES * sizeof *idx);
    if (!m || !idx) {
        free(idx);
        cs_mock_free(m);
        return 1;
    }
    printf("risk plugin, %zu draws, default parameters\n\n", draws);
    printf("%10s %12s %12s %20s\n", "practices", "s/call", "vs 10",
           "draws*practices/s");
    const size_t ps[] = {10, 100, 1000, 5000};
    double base = 0;
    for (size_t i = 0; i < 4; i++) {
        double t = bench_consortium(m, idx, ps[i]);
        if (t < 0)
            break;
        base = i == 0 ? t : base;
        printf("%10zu %12.5f %12.2f %20.3g\n", ps[i], t, t / base,
               (double)draws * (double)ps[i] / t);
    }
    printf("\n%10s %12s %12s %20s\n", "consortia", "s/option", "vs 1",
           "(1,000 practices)");
    const size_t cs[] = {1, 10, 100};
    for (size_t i = 0; i < 3; i++) {
        double t = bench_option(m, idx, 1000, cs[i]);
        if (t < 0)
            break;
        base = i == 0 ? t : base;
        printf("%10zu %12.5f %12.2f\n", cs[i], t, t / base);
    }
    free(idx);
    cs_mock_free(m);
    return 0;
}
