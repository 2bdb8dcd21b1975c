/*
 * select.c -- Hoare's FIND (quickselect, CACM 4(7) 1961, algorithm 65)
 * with a median-of-three pivot and a three-way partition (runs of equal
 * values, common in censored metrics such as an overspend that is 0 in
 * most draws, cost nothing): in one pass with a branch on each value when
 * two of the three samples are equal, else in two passes without such
 * branches (three times as fast on continuous values, whose comparisons
 * no branch predictor can guess); after 2 log2(n) + 8 rounds the remaining
 * range is sorted (gsl_sort, heapsort), so the worst case is O(n log n).
 */
#include "select.h"

#include <gsl/gsl_sort.h>

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static double median3(double a, double b, double c)
{
    if (a < b)
        return b < c ? b : a < c ? c : a;
    return a < c ? a : b < c ? c : b;
}

/* Moves the values of x[lo..hi) below p (below or equal to p when
 * `or_equal`) to its front, keeping the order of nothing; returns where
 * the rest begins. Without a branch on the values (a value's side is
 * where the comparison puts the running end of the front part): on
 * sampled values a branch on each comparison is mispredicted half the
 * time. */
static size_t split(double *x, size_t lo, size_t hi, double p, int or_equal)
{
    size_t at = lo;

    if (or_equal)
        for (size_t i = lo; i < hi; i++) {
            double v = x[i];
            x[i] = x[at];
            x[at] = v;
            at += !(p < v);
        }
    else
        for (size_t i = lo; i < hi; i++) {
            double v = x[i];
            x[i] = x[at];
            x[at] = v;
            at += v < p;
        }
    return at;
}

void cs_select(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    int rounds = 8;

    for (size_t m = n; m > 1; m >>= 1)
        rounds += 2;
    while (hi - lo > 16) {
        if (rounds-- == 0) {
            gsl_sort(x + lo, 1, hi - lo);
            return;
        }
        double a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi - 1];
        double p = median3(a, b, c);
        size_t lt, gt;
        if (a == b || b == c || a == c) {
            /* likely a run of equal values (a censored metric): one pass
               of a three-way partition, [lo,lt) < p, [lt,gt) = p,
               [gt,hi) > p */
            size_t i = lo;
            lt = lo, gt = hi;
            while (i < gt) {
                if (x[i] < p)
                    swap(&x[lt++], &x[i++]);
                else if (x[i] > p)
                    swap(&x[i], &x[--gt]);
                else
                    i++;
            }
        } else {
            /* the same three parts by splits without a branch on the
               values, the second only when k is not below p; p is one of
               the values, so [lt,gt) is never empty and every round
               narrows the range */
            lt = split(x, lo, hi, p, 0);
            if (k < lt) {
                hi = lt;
                continue;
            }
            gt = split(x, lt, hi, p, 1);
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
    for (size_t i = lo + 1; i < hi; i++)   /* insertion sort of the rest */
        for (size_t j = i; j > lo && x[j] < x[j - 1]; j--)
            swap(&x[j], &x[j - 1]);
}

double cs_quantile_in(double *x, size_t n, size_t lo, size_t hi, double f)
{
    const double index = f * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    double next;

    cs_select(x + lo, hi - lo, lhs - lo);
    if (lhs == n - 1)
        return x[lhs];
    next = x[lhs + 1 < hi ? lhs + 1 : hi];    /* sorted position lhs + 1 */
    for (size_t i = lhs + 2; i < hi; i++)
        next = x[i] < next ? x[i] : next;
    return (1 - delta) * x[lhs] + delta * next;
}

void cs_select_summary(double *x, size_t n, double *p05, double *p50,
                       double *p95)
{
    size_t mid = (size_t)(0.50 * (double)(n - 1));
    size_t low = (size_t)(0.05 * (double)(n - 1));

    *p50 = cs_quantile_in(x, n, 0, n, 0.50);
    /* x[mid] is in place: the lower quantile lies left of it (or on it),
       the upper right of it */
    *p05 = low < mid ? cs_quantile_in(x, n, 0, mid, 0.05)
                     : cs_quantile_in(x, n, mid, n, 0.05);
    *p95 = cs_quantile_in(x, n, mid, n, 0.95);
}
