/* fuzz_smaa_csv.c -- libFuzzer target for the smaa command's CSV input
 * (core/mcda/smaa_csv.c): the bytes up to the first NUL are the
 * measurements file, the bytes after it (when there is a NUL) the weights
 * file, both read from memory. Whatever is read is freed; sanitizers catch
 * memory errors, leaks and undefined behaviour. It traps when an input is
 * refused without a message, or when one is accepted whose sizes or
 * weights do not hold together. */
#define _GNU_SOURCE     /* fmemopen */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mcda/smaa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stream over len bytes of p; an empty one reads as a blank line, which
 * the reader skips as it would an empty file. */
static FILE *mem(const uint8_t *p, size_t len)
{
    static char blank[] = "\n";

    return len ? fmemopen((void *)p, len, "r") : fmemopen(blank, 1, "r");
}

/* Traps unless an accepted input is whole: names and sizes agree, every
 * partial value finite, every weight row non-negative adding up to 1. */
static void check_whole(const cs_smaa_input *in)
{
    if (!in->perf || in->n_alt != in->perf->n_opt ||
        in->n_crit != in->perf->n_crit || !in->n_alt || !in->n_crit)
        __builtin_trap();
    for (size_t i = 0; i < in->n_alt; i++)
        if (!in->alt[i])
            __builtin_trap();
    for (size_t i = 0; i < in->perf->n_draws * in->n_alt * in->n_crit; i++)
        if (!isfinite(in->perf->v[i]))
            __builtin_trap();
    for (size_t k = 0; k < in->n_w; k++) {
        double sum = 0.0;
        for (size_t c = 0; c < in->n_crit; c++) {
            double w = in->w[k * in->n_crit + c];
            if (!(w >= 0.0))
                __builtin_trap();
            sum += w;
        }
        if (fabs(sum - 1.0) > 1e-6)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t n_meas = nul ? (size_t)(nul - data) : size;
    FILE *meas = mem(data, n_meas), *weights = NULL;
    cs_smaa_input in;
    char err[1024] = "";

    if (nul)
        weights = mem(nul + 1, size - n_meas - 1);
    if (!meas || (nul && !weights)) {
        if (meas)
            fclose(meas);
        if (weights)
            fclose(weights);
        return 0;
    }
    if (cs_smaa_read_streams(meas, "m.csv", weights, nul ? "w.csv" : NULL,
                             &in, err, sizeof err) == 0) {
        check_whole(&in);
        cs_smaa_input_clear(&in);
    } else if (!err[0]) {
        __builtin_trap();       /* refused without saying why */
    }
    fclose(meas);
    if (weights)
        fclose(weights);
    return 0;
}
