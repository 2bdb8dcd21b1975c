/* csg_stub.c -- TEMPORARY: every partition, for n <= 12, until the real
 * solver is merged. */
#include "csg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct st {
    const cs_csg_problem *p;
    cs_set parts[64];
    double vals[64];
    unsigned k;
    cs_csg_result *r;
    unsigned top;
} st;

static int connected(const cs_csg_problem *p, cs_set s)
{
    cs_set seen = s & (~s + 1), frontier = seen;
    while (frontier) {
        cs_set next = 0;
        for (unsigned i = 0; i < p->n; i++)
            if (frontier >> i & 1)
                next |= p->nbr[i];
        next &= s & ~seen;
        seen |= next;
        frontier = next;
    }
    return seen == s;
}

static void record(st *s)
{
    double v = 0;
    cs_csg_result *r = s->r;
    for (unsigned i = 0; i < s->k; i++)
        v += s->vals[i];
    for (unsigned t = 0; t < s->p->n_together; t++) {
        int ok = 0;
        for (unsigned i = 0; i < s->k; i++)
            ok |= (s->p->together[t] & ~s->parts[i]) == 0;
        if (!ok)
            return;
    }
    unsigned pos = r->n_top;
    while (pos > 0 && r->top[pos - 1].value < v)
        pos--;
    if (pos >= s->top)
        return;
    if (r->n_top == s->top) {
        free(r->top[r->n_top - 1].parts);
        r->n_top--;
    }
    memmove(&r->top[pos + 1], &r->top[pos], (r->n_top - pos) * sizeof *r->top);
    r->top[pos].n_parts = s->k;
    r->top[pos].parts = malloc(s->k * sizeof(cs_set));
    memcpy(r->top[pos].parts, s->parts, s->k * sizeof(cs_set));
    r->top[pos].value = v;
    r->n_top++;
}

static void rec(st *s, unsigned i)
{
    const cs_csg_problem *p = s->p;
    if (i == p->n) {
        if (s->k < p->min_parts || s->k > p->max_parts)
            return;
        for (unsigned j = 0; j < s->k; j++) {
            if (!connected(p, s->parts[j]))
                return;
            s->vals[j] = p->value(p->ctx, s->parts[j]);
            s->r->n_value_calls++;
            if (s->vals[j] == -INFINITY)
                return;
        }
        record(s);
        return;
    }
    for (unsigned j = 0; j < s->k; j++) {
        s->parts[j] |= (cs_set)1 << i;
        rec(s, i + 1);
        s->parts[j] &= ~((cs_set)1 << i);
    }
    s->parts[s->k++] = (cs_set)1 << i;
    rec(s, i + 1);
    s->k--;
}

int cs_csg_solve(const cs_csg_problem *p, const cs_csg_opts *o,
                 cs_csg_result *r, char *err, size_t errlen)
{
    st s;
    memset(r, 0, sizeof *r);
    if (p->n > 12) {
        snprintf(err, errlen, "the temporary solver takes at most 12 units");
        return -1;
    }
    memset(&s, 0, sizeof s);
    s.p = p;
    s.r = r;
    s.top = o->top_k ? o->top_k : 1;
    r->top = calloc(s.top + 1, sizeof *r->top);
    rec(&s, 0);
    r->optimal = 1;
    r->upper_bound = r->n_top ? r->top[0].value : -INFINITY;
    return 0;
}

void cs_csg_result_free(cs_csg_result *r)
{
    for (unsigned i = 0; r->top && i < r->n_top; i++)
        free(r->top[i].parts);
    free(r->top);
    memset(r, 0, sizeof *r);
}
