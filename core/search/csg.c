/* search/csg.c -- cs_csg_solve: checks the problem, picks the exact or the
 * anytime search, and keeps the k best structures (docs/search-solver.md). */
#include "csg_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double csg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int csg_timed_out(csg_run *r)
{
    if (atomic_load_explicit(&r->stop, memory_order_relaxed))
        return 1;
    if (r->time_limit > 0 && csg_now() - r->t0 > r->time_limit) {
        atomic_store(&r->stop, 1);
        return 1;
    }
    return 0;
}

int cs_csg_connected(const cs_set *nbr, cs_set s)
{
    if (!s)
        return 0;
    cs_set seen = s & (~s + 1), front = seen;
    while (front) {
        cs_set next = 0;
        for (cs_set f = front; f; f &= f - 1)
            next |= nbr[csg_low(f)];
        front = next & s & ~seen;
        seen |= front;
    }
    return seen == s;
}

int csg_pairs_whole(const csg_run *r, cs_set c)
{
    for (cs_set f = c; f; f &= f - 1)
        if ((r->pair_mask[csg_low(f)] & c) != r->pair_mask[csg_low(f)])
            return 0;
    return 1;
}

int csg_admissible(const csg_run *r, cs_set c)
{
    if (!c || csg_popc(c) > r->max_size || !csg_pairs_whole(r, c))
        return 0;
    return cs_csg_connected(r->p->nbr, c);
}

double csg_value(csg_run *r, cs_set c)
{
    atomic_fetch_add_explicit(&r->n_calls, 1, memory_order_relaxed);
    return csg_value_nc(r, c);
}

double csg_value_nc(csg_run *r, cs_set c)
{
    double v = r->p->value(r->p->ctx, c);
    if (isnan(v) || v == INFINITY) {
        if (!atomic_exchange(&r->bad_value, 1)) {
            r->bad_set = c;
            r->bad_val = v;
        }
        return -INFINITY;
    }
    return v;
}

void csg_fmt_set(char *buf, size_t len, cs_set s)
{
    size_t used = 0;
    int w = snprintf(buf, len, "{");
    used = w > 0 ? (size_t)w : 0;
    for (cs_set f = s; f && used < len; f &= f - 1) {
        w = snprintf(buf + used, len - used, "%s%u", f == s ? "" : ",", csg_low(f));
        used += w > 0 ? (size_t)w : 0;
    }
    if (used < len)
        snprintf(buf + used, len - used, "}");
}

static int fail(csg_run *r, const char *fmt, ...)
{
    if (r->err && r->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err, r->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

typedef struct par_job { void (*fn)(void *, unsigned); void *arg; unsigned t; } par_job;

static void *par_main(void *a)
{
    par_job *j = a;
    j->fn(j->arg, j->t);
    return NULL;
}

void csg_parallel(unsigned nt, void (*fn)(void *arg, unsigned t), void *arg)
{
    pthread_t th[64];
    par_job jobs[64];
    unsigned started = 1;
    if (nt > 64)
        nt = 64;
    for (unsigned t = 1; t < nt; t++) {
        jobs[t] = (par_job){fn, arg, t};
        if (pthread_create(&th[t], NULL, par_main, &jobs[t]) != 0)
            break;               /* fewer threads: the work is shared out anyway */
        started++;
    }
    fn(arg, 0);
    for (unsigned t = 1; t < started; t++)
        pthread_join(th[t], NULL);
    /* threads that failed to start: run their share here */
    for (unsigned t = started; t < nt; t++)
        fn(arg, t);
}

/* Checks the problem and fills r; 0 or -1 with the message. */
static int check_problem(csg_run *r, const cs_csg_problem *p, const cs_csg_opts *o)
{
    if (!p || !o)
        return fail(r, "no problem or no options given; pass both");
    if (p->n < 1 || p->n > CSG_MAXN)
        return fail(r, "%u units; a search takes 1 to 64 units", p->n);
    if (!p->nbr || !p->value)
        return fail(r, "the problem has no %s; set it",
                    p->nbr ? "value function" : "neighbour sets");
    if (o->top_k < 1)
        return fail(r, "top_k is 0; ask for at least 1 structure");
    r->n = p->n;
    r->all = p->n == 64 ? ~(cs_set)0 : CSG_BIT(p->n) - 1;
    for (unsigned i = 0; i < p->n; i++) {
        if (p->nbr[i] & ~r->all || p->nbr[i] & CSG_BIT(i))
            return fail(r, "unit %u's neighbours name %s; neighbours are other units 0..%u",
                        i, p->nbr[i] & CSG_BIT(i) ? "itself" : "a unit past the last",
                        p->n - 1);
        for (cs_set f = p->nbr[i]; f; f &= f - 1)
            if (!(p->nbr[csg_low(f)] & CSG_BIT(i)))
                return fail(r, "unit %u names %u as a neighbour but %u does not name %u; "
                            "make the neighbour sets symmetric", i, csg_low(f), csg_low(f), i);
    }
    for (unsigned j = 0; j < p->n_together; j++) {
        cs_set t = p->together[j];
        if (csg_popc(t) != 2 || (t & ~r->all))
            return fail(r, "together-pair %u is not two units among 0..%u; give two units",
                        j, p->n - 1);
        unsigned a = csg_low(t), b = csg_low(t & (t - 1));
        r->pair_mask[a] |= CSG_BIT(b);
        r->pair_mask[b] |= CSG_BIT(a);
    }
    if (p->min_parts > p->n)
        return fail(r, "min_parts %u exceeds the %u units; lower it", p->min_parts, p->n);
    if (p->max_parts && p->min_parts > p->max_parts)
        return fail(r, "min_parts %u exceeds max_parts %u; swap or widen them",
                    p->min_parts, p->max_parts);
    r->max_size = p->max_size && p->max_size < p->n ? p->max_size : p->n;
    r->min_parts = p->min_parts;
    r->max_parts = p->max_parts >= p->n ? 0 : p->max_parts;
    r->top_k = o->top_k;
    r->threads = o->threads ? o->threads : 1;
    r->time_limit = o->time_limit_s > 0 ? o->time_limit_s : 0;
    r->rounds = o->rounds ? o->rounds : CS_CSG_DEFAULT_ROUNDS;
    r->cover_nodes = o->cover_nodes ? o->cover_nodes : CS_CSG_DEFAULT_COVER;
    r->dp_budget = o->dp_budget > 0 ? o->dp_budget : CS_CSG_DEFAULT_DP_BUDGET;
    return 0;
}

int cs_csg_solve(const cs_csg_problem *p, const cs_csg_opts *o, cs_csg_result *res,
                 char *err, size_t errlen)
{
    return csg_solve_audit(p, o, res, NULL, NULL, err, errlen);
}

int csg_solve_audit(const cs_csg_problem *p, const cs_csg_opts *o, cs_csg_result *res,
                    double *table, unsigned *m, char *err, size_t errlen)
{
    static csg_run zero;
    csg_run *r = malloc(sizeof *r);
    if (!res)
        return free(r), -1;
    memset(res, 0, sizeof *res);
    if (!r)
        return snprintf(err, errlen, "out of memory"), -1;
    *r = zero;
    r->err = err;
    r->errlen = errlen;
    r->t0 = csg_now();
    r->p = p;
    r->audit = table;
    r->audit_m = m;
    int rc = check_problem(r, p, o);
    if (rc == 0 && csg_topk_init(&r->top, o->top_k) != 0)
        rc = fail(r, "out of memory for %u structures", o->top_k);
    if (rc != 0)
        return free(r), -1;
    double ub = INFINITY;
    int optimal = 0;
    unsigned long long n_coal = 0;
    int exact = !o->force_anytime && p->n <= CS_CSG_EXACT_MAX;
    rc = exact ? csg_exact(r, &ub, &optimal, &n_coal)
               : csg_anytime(r, &ub, &optimal, &n_coal);
    if (rc == 0 && atomic_load(&r->top.oom))
        rc = fail(r, "out of memory for the %u best structures", o->top_k);
    if (rc == 0 && atomic_load(&r->bad_value)) {
        char b[200];
        csg_fmt_set(b, sizeof b, r->bad_set);
        rc = fail(r, "the value of coalition %s is %s; the value function must return "
                  "a finite number or -INFINITY", b, isnan(r->bad_val) ? "NaN" : "+inf");
    }
    if (rc == 0 && r->top.n == 0 && atomic_load(&r->stop))
        rc = fail(r, "the time limit of %g s ran out before any grouping was found; "
                  "raise it", r->time_limit);
    if (rc == 0 && r->top.n == 0)
        rc = fail(r, "no grouping of the %u units satisfies the constraints (connected "
                  "coalitions with a finite value%s%s); relax them", p->n,
                  p->min_parts || p->max_parts ? ", the number of parts" : "",
                  p->n_together ? ", the together-pairs" : "");
    if (rc == 0) {
        res->top = r->top.s;
        res->n_top = r->top.n;
        r->top.s = NULL;
        res->optimal = optimal;
        res->upper_bound = optimal ? res->top[0].value : fmax(ub, res->top[0].value);
        double d = res->upper_bound - res->top[0].value;
        res->gap = optimal ? 0 : isfinite(d) ? d / fmax(fabs(res->upper_bound), 1e-300)
                                            : INFINITY;
        res->stopped_by_time = atomic_load(&r->stop);
        res->method = exact ? "exact" : "anytime";
    }
    res->n_value_calls = atomic_load(&r->n_calls);
    res->n_coalitions = n_coal;
    res->seconds = csg_now() - r->t0;
    csg_topk_free(&r->top);
    free(r);
    return rc;
}

void cs_csg_result_free(cs_csg_result *r)
{
    if (!r)
        return;
    for (unsigned i = 0; i < r->n_top; i++)
        free(r->top[i].parts);
    free(r->top);
    r->top = NULL;
    r->n_top = 0;
}
