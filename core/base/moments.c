/*
 * moments.c -- the mean and SD of up to four arrays in one loop.
 *
 * gsl_stats_mean and gsl_stats_sd_m (GSL's statistics/mean_source.c,
 * variance_source.c) keep a running mean and a running variance in long
 * double, dividing by the count at each value: each value waits for the
 * division of the one before. The same arithmetic in the same order for
 * four arrays side by side gives the same bits, with four divisions in
 * flight instead of one (the summaries of a consortium's sampled metrics:
 * core/appraisal/exec_job.c).
 *
 *   mean: m += (x[i] - m) / (i + 1), in long double, from m = 0;
 *   variance about the (double) mean m: d = x[i] - m in double, then
 *         v += (d * d - v) / (i + 1) in long double, from v = 0;
 *   sd = sqrt((double)v * ((double)n / (double)(n - 1))).
 */
#include "moments.h"

#include <math.h>

/* Four arrays (repeats allowed); n > 0. */
static void four(const double *const p[4], size_t n, double mean[4],
                 double sd[4])
{
    const double *a = p[0], *b = p[1], *c = p[2], *d = p[3];
    long double ma = 0, mb = 0, mc = 0, md = 0;

    for (size_t i = 0; i < n; i++) {
        long double k = (long double)(i + 1);
        ma += (a[i] - ma) / k;
        mb += (b[i] - mb) / k;
        mc += (c[i] - mc) / k;
        md += (d[i] - md) / k;
    }
    mean[0] = (double)ma, mean[1] = (double)mb;
    mean[2] = (double)mc, mean[3] = (double)md;
    if (!sd)
        return;
    if (n == 1) {
        sd[0] = sd[1] = sd[2] = sd[3] = 0.0;
        return;
    }

    const double ua = mean[0], ub = mean[1], uc = mean[2], ud = mean[3];
    const double f = (double)n / (double)(n - 1);
    long double va = 0, vb = 0, vc = 0, vd = 0;

    for (size_t i = 0; i < n; i++) {
        long double k = (long double)(i + 1);
        long double ea = a[i] - ua, eb = b[i] - ub;   /* double, widened */
        long double ec = c[i] - uc, ed = d[i] - ud;
        va += (ea * ea - va) / k;
        vb += (eb * eb - vb) / k;
        vc += (ec * ec - vc) / k;
        vd += (ed * ed - vd) / k;
    }
    sd[0] = sqrt((double)va * f), sd[1] = sqrt((double)vb * f);
    sd[2] = sqrt((double)vc * f), sd[3] = sqrt((double)vd * f);
}

void cs_mean_sd(const double *const *x, size_t k, size_t n, double *mean,
                double *sd)
{
    for (size_t j = 0; j < k; j += 4) {
        const double *p[4];
        double m[4], s[4];
        size_t g = k - j < 4 ? k - j : 4;

        for (size_t t = 0; t < 4; t++)
            p[t] = x[j + (t < g ? t : g - 1)];  /* a short group repeats */
        four(p, n, m, sd ? s : NULL);
        for (size_t t = 0; t < g; t++) {
            mean[j + t] = m[t];
            if (sd)
                sd[j + t] = s[t];
        }
    }
}
