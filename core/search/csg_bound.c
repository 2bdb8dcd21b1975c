/* search/csg_bound.c -- a proven upper bound for the anytime search.
 *
 * Lagrangian relaxation of the set-partitioning model: with x_C in {0,1}
 * for every admissible coalition C, a structure is an x with
 * sum_{C ni i} x_C = 1 for each unit i and min_parts <= sum_C x_C <=
 * max_parts. For any multipliers lambda_i (free), mu >= 0, nu >= 0 and any
 * such x,
 *   sum_C x_C v(C) = sum_i lambda_i + mu K - nu K
 *                    + sum_C x_C (v(C) - lambda(C) - mu + nu)      (K = parts)
 *                 <= sum_i lambda_i + mu max_parts - nu min_parts
 *                    + sum_C max(0, v(C) - lambda(C) - mu + nu)  =: L,
 * so every L is an upper bound on the optimum (mu only when max_parts is
 * set, nu only when min_parts is). It assumes only that the table holds
 * every coalition a structure may use, which the enumeration guarantees.
 * The start lambda_i = max_{C ni i} v(C)/|C| (each unit's best share) makes
 * every reduced cost <= 0, so the first L is the sum of the best shares;
 * subgradient steps (Held, Wolfe & Crowder 1974) then lower it. */
#include "csg_any.h"

#include <math.h>
#include <stdlib.h>

/* ASSUMPTION: 300 subgradient steps, the step factor halved after 20 steps
 * without a lower L -- the usual Held-Wolfe-Crowder schedule; more steps can
 * only lower (improve) the reported bound. */
#define BOUND_ITERS 300
#define BOUND_STALL 20

double any_bound(const any *a, double best, double *lam_best)
{
    const csg_run *r = a->r;
    unsigned n = r->n, cnt[CSG_MAXN];
    double lam[CSG_MAXN], g[CSG_MAXN], mu = 0, nu = 0;
    double maxp = r->max_parts, minp = r->min_parts;
    for (unsigned i = 0; i < n; i++)
        lam[i] = -INFINITY;
    for (size_t c = 0; c < a->n_set; c++) {
        double per = a->val[c] / csg_popc(a->set[c]);
        for (cs_set b = a->set[c]; b; b &= b - 1)
            lam[csg_low(b)] = fmax(lam[csg_low(b)], per);
    }
    for (unsigned i = 0; i < n; i++)
        if (lam[i] == -INFINITY)
            return -INFINITY;    /* a unit no coalition may hold: infeasible */
    double bestL = INFINITY, theta = 2;
    for (int it = 0, stall = 0; it < BOUND_ITERS; it++) {
        double L = mu * maxp - nu * minp;
        unsigned npos = 0;
        for (unsigned i = 0; i < n; i++) {
            L += lam[i];
            cnt[i] = 0;
        }
        for (size_t c = 0; c < a->n_set; c++) {
            double rc = a->val[c] - mu + nu;
            for (cs_set b = a->set[c]; b; b &= b - 1)
                rc -= lam[csg_low(b)];
            if (rc > 0) {
                L += rc;
                npos++;
                for (cs_set b = a->set[c]; b; b &= b - 1)
                    cnt[csg_low(b)]++;
            }
        }
        if (L < bestL) {
            bestL = L;
            stall = 0;
            for (unsigned i = 0; i < n; i++)
                lam_best[i] = lam[i];
        } else if (++stall >= BOUND_STALL) {
            theta /= 2;
            stall = 0;
        }
        double norm = 0, gmu = r->max_parts ? maxp - npos : 0;
        double gnu = r->min_parts ? (double)npos - minp : 0;
        for (unsigned i = 0; i < n; i++) {
            g[i] = 1.0 - cnt[i];
            norm += g[i] * g[i];
        }
        norm += gmu * gmu + gnu * gnu;
        double target = best > -INFINITY ? best : bestL - 1 - 0.1 * fabs(bestL);
        if (norm == 0 || bestL <= best)
            break;               /* a zero subgradient: L is least here */
        double t = theta * (L - target) / norm;
        for (unsigned i = 0; i < n; i++)
            lam[i] -= t * g[i];
        mu = fmax(0, mu - t * gmu);
        nu = fmax(0, nu - t * gnu);
    }
    /* the sums above round (about 1e-16 per term); a relative 1e-9 keeps
       the bound a bound for up to millions of coalitions */
    return bestL + 1e-9 * (1 + fabs(bestL));
}
