/* search/csg_topk.c -- the k best coalition structures, in one total order
 * (value, then fewer parts, then the part lists), so any thread count and
 * any order of discovery keep the same k. */
#include "csg_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int csg_topk_init(csg_topk *t, unsigned k)
{
    t->k = k;
    t->n = 0;
    t->s = calloc(k, sizeof *t->s);
    atomic_init(&t->thresh, -INFINITY);
    atomic_init(&t->oom, 0);
    if (!t->s)
        return -1;
    pthread_mutex_init(&t->mu, NULL);
    return 0;
}

void csg_topk_free(csg_topk *t)
{
    if (!t->s)
        return;
    for (unsigned i = 0; i < t->n; i++)
        free(t->s[i].parts);
    free(t->s);
    t->s = NULL;
    pthread_mutex_destroy(&t->mu);
}

/* <0 when a comes first (better). */
static int cmp_struct(double va, unsigned na, const cs_set *pa,
                      double vb, unsigned nb, const cs_set *pb)
{
    if (va != vb)
        return va > vb ? -1 : 1;
    if (na != nb)
        return na < nb ? -1 : 1;
    for (unsigned i = 0; i < na; i++)
        if (pa[i] != pb[i])
            return pa[i] < pb[i] ? -1 : 1;
    return 0;
}

void csg_topk_offer(csg_topk *t, const cs_set *parts, const double *vals,
                    unsigned n_parts)
{
    cs_set sp[CSG_MAXN];
    double sv[CSG_MAXN];
    /* canonical: parts ascending, value summed in that order */
    for (unsigned i = 0; i < n_parts; i++) {
        unsigned j = i;
        for (; j > 0 && sp[j - 1] > parts[i]; j--) {
            sp[j] = sp[j - 1];
            sv[j] = sv[j - 1];
        }
        sp[j] = parts[i];
        sv[j] = vals[i];
    }
    double v = 0;
    for (unsigned i = 0; i < n_parts; i++)
        v += sv[i];
    if (!(v > -INFINITY))
        return;
    pthread_mutex_lock(&t->mu);
    unsigned pos = t->n;
    while (pos > 0) {
        const cs_csg_structure *q = &t->s[pos - 1];
        int c = cmp_struct(v, n_parts, sp, q->value, q->n_parts, q->parts);
        if (c == 0) {
            pthread_mutex_unlock(&t->mu);
            return;              /* already held */
        }
        if (c > 0)
            break;
        pos--;
    }
    cs_set *copy = pos < t->k ? malloc(n_parts * sizeof *copy) : NULL;
    if (!copy) {                 /* not among the k best (or no memory) */
        if (pos < t->k)
            atomic_store(&t->oom, 1);
        pthread_mutex_unlock(&t->mu);
        return;
    }
    memcpy(copy, sp, n_parts * sizeof *copy);
    if (t->n == t->k)
        free(t->s[--t->n].parts);
    memmove(&t->s[pos + 1], &t->s[pos], (t->n - pos) * sizeof *t->s);
    t->s[pos] = (cs_csg_structure){n_parts, copy, v};
    t->n++;
    if (t->n == t->k)
        atomic_store(&t->thresh, t->s[t->k - 1].value);
    pthread_mutex_unlock(&t->mu);
}
