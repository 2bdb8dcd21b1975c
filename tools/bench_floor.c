/*
 * bench_floor.c -- the random-number floor of an appraisal, for `make
 * bench`: the variates the risk model needs (tools/bench writes the list
 * from the scenario), each keyed stream seeded once and drawn once, with
 * the generator of the program's keyed streams (GSL's taus2:
 * core/host/params.h, CS_STREAM_RNG) and GSL's own samplers. No model
 * arithmetic, no output: what any program drawing the same variates with
 * GSL must spend.
 *
 * usage: bench-floor DRAWS < SPEC
 * SPEC, one kind of stream a line:
 *   normal STREAMS                    standard normals (ziggurat)
 *   beta A B STREAMS
 *   gamma SHAPE SCALE STREAMS
 *   cpoisson MU SHAPE SCALE STREAMS   Poisson(MU) cases, then their total
 *                                     cost Gamma(cases x SHAPE, SCALE)
 * Prints "floor_cpu_s S variates V streams N".
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "host/host.h"   /* CS_STREAM_RNG (params.h): the keyed streams' generator */

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { NORMAL = 1, BETA, GAMMA, CPOISSON };

/* Draws one stream of n variates of the kind; returns their sum (kept so
 * the compiler cannot drop the draws). */
static double draw(gsl_rng *r, int kind, const double *a, size_t n,
                   size_t *variates)
{
    double sum = 0;
    size_t v = 0;
    switch (kind) {
    case NORMAL:
        for (size_t k = 0; k < n; k++)
            sum += gsl_ran_gaussian_ziggurat(r, 1.0);
        v = n;
        break;
    case BETA:
        for (size_t k = 0; k < n; k++)
            sum += gsl_ran_beta(r, a[0], a[1]);
        v = n;
        break;
    case GAMMA:
        for (size_t k = 0; k < n; k++)
            sum += gsl_ran_gamma(r, a[0], a[1]);
        v = n;
        break;
    default:
        for (size_t k = 0; k < n; k++) {
            unsigned c = gsl_ran_poisson(r, a[0]);
            sum += c ? gsl_ran_gamma(r, c * a[1], a[2]) : 0;
            v += c ? 2 : 1;
        }
    }
    *variates += v;
    return sum;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
    char line[256], kind[32];
    double a[3], sink = 0, cpu = 0;
    size_t variates = 0, streams = 0;
    unsigned long seed = 1;
    gsl_rng *r = gsl_rng_alloc(CS_STREAM_RNG);
    if (!n || !r) {
        fprintf(stderr, "usage: bench-floor DRAWS < SPEC\n");
        return 64;
    }
    while (fgets(line, sizeof line, stdin)) {
        unsigned long count = 0;
        int k = sscanf(line, "%31s", kind);
        if (k != 1)
            continue;
        int code = !strcmp(kind, "normal") ? NORMAL
                 : !strcmp(kind, "beta") ? BETA
                 : !strcmp(kind, "gamma") ? GAMMA
                 : !strcmp(kind, "cpoisson") ? CPOISSON : 0;
        int want = code == NORMAL ? 1 : code == CPOISSON ? 4 : code ? 3 : 0;
        k = want == 1 ? sscanf(line, "%*s %lu", &count)
          : want == 3 ? sscanf(line, "%*s %lf %lf %lu", &a[0], &a[1], &count)
          : want == 4 ? sscanf(line, "%*s %lf %lf %lf %lu", &a[0], &a[1],
                               &a[2], &count) : 0;
        if (!want || k != want) {
            fprintf(stderr, "bench-floor: bad line: %s", line);
            return 65;
        }
        double t0 = cpu_now();
        for (unsigned long s = 0; s < count; s++) {
            gsl_rng_set(r, seed++);    /* one keyed stream: seeded once */
            sink += draw(r, code, a, n, &variates);
        }
        cpu += cpu_now() - t0;
        streams += count;
    }
    printf("floor_cpu_s %.4f variates %zu streams %zu (sum %g)\n", cpu,
           variates, streams, sink);
    gsl_rng_free(r);
    return 0;
}
