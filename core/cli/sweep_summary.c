/* sweep_summary.c -- how the answer moves across a sweep (sweep.h): how
 * often each option ranks first; for each swept parameter, how well one
 * threshold on it predicts the first-ranked option (against always
 * guessing the commonest), and on a grid, in how many lines of the grid
 * (the other parameters held) the first-ranked option changes. */
#include "sweep.h"

#include <stdlib.h>
#include <string.h>

typedef struct pt {
    size_t scen;        /* scenario index */
    size_t key;         /* grid line */
    double x;           /* the parameter's value */
    size_t win;         /* interned winner */
} pt;

static size_t intern(const char **names, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(names[i], s))
            return i;
    names[*n] = s;
    return (*n)++;
}

static int cmp_x(const void *a, const void *b)
{
    const pt *p = a, *q = b;

    if (p->scen != q->scen)
        return p->scen < q->scen ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->win > q->win) - (p->win < q->win);
}

static int cmp_key(const void *a, const void *b)
{
    const pt *p = a, *q = b;

    if (p->scen != q->scen)
        return p->scen < q->scen ? -1 : 1;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->win > q->win) - (p->win < q->win);
}

static size_t max_of(const size_t *c, size_t n)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i++)
        m = c[i] > m ? c[i] : m;
    return m;
}

/* Best one-threshold prediction of the winner within points [lo, hi) of
 * one scenario (sorted by x): correct predictions, and the commonest
 * winner's count; the threshold and both sides' winners into t. */
static void best_split(const pt *p, size_t lo, size_t hi, size_t nw,
                       size_t *correct, size_t *modal, double t[3])
{
    size_t *left = calloc(nw, sizeof *left), *right = calloc(nw, sizeof
                                                             *right);

    *correct = *modal = 0;
    if (!left || !right)
        goto out;
    for (size_t i = lo; i < hi; i++)
        right[p[i].win]++;
    *modal = *correct = max_of(right, nw);
    for (size_t i = lo; i + 1 < hi; i++) {
        left[p[i].win]++;
        right[p[i].win]--;
        if (p[i].x == p[i + 1].x)
            continue;
        size_t c = max_of(left, nw) + max_of(right, nw);
        if (c > *correct) {
            *correct = c;
            t[0] = (p[i].x + p[i + 1].x) / 2;
            t[1] = t[2] = -1;
            for (size_t w = 0; w < nw; w++) {
                if (left[w] == max_of(left, nw) && t[1] < 0)
                    t[1] = (double)w;
                if (right[w] == max_of(right, nw) && t[2] < 0)
                    t[2] = (double)w;
            }
        }
    }
out:
    free(left);
    free(right);
}

/* Lines of the grid along parameter j in which the winner changes. */
static json_t *flips(pt *p, size_t n)
{
    size_t lines = 0, changed = 0;

    qsort(p, n, sizeof *p, cmp_key);
    for (size_t i = 0; i < n;) {
        size_t e = i;
        int diff = 0;
        while (e < n && p[e].scen == p[i].scen && p[e].key == p[i].key) {
            diff |= p[e].win != p[i].win;
            e++;
        }
        lines++;
        changed += diff;
        i = e;
    }
    return json_pack("{s:I,s:I}", "lines", (json_int_t)lines,
                     "lines_changed", (json_int_t)changed);
}

static json_t *param_summary(const json_t *plan, const char *name, pt *p,
                             size_t n, const char **wn, size_t nw, int grid)
{
    size_t correct = 0, modal = 0, n_scen = 0;
    double t[3] = {0, -1, -1};
    json_t *o = json_object(), *fl = NULL;
    char verdict[512];

    (void)plan;
    qsort(p, n, sizeof *p, cmp_x);
    for (size_t i = 0; i < n;) {
        size_t e = i, c, m;
        while (e < n && p[e].scen == p[i].scen)
            e++;
        best_split(p, i, e, nw, &c, &m, t);
        correct += c;
        modal += m;
        n_scen++;
        i = e;
    }
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "split", json_pack("{s:f,s:f}", "accuracy",
        n ? (double)correct / (double)n : 0.0, "baseline",
        n ? (double)modal / (double)n : 0.0));
    if (n_scen == 1 && correct > modal) {
        json_t *s = json_object_get(o, "split");
        json_object_set_new(s, "threshold", json_real(t[0]));
        json_object_set_new(s, "below", json_string(wn[(size_t)t[1]]));
        json_object_set_new(s, "above", json_string(wn[(size_t)t[2]]));
        snprintf(verdict, sizeof verdict, "moves the recommendation: %s "
                 "below %.4g, %s above", wn[(size_t)t[1]], t[0],
                 wn[(size_t)t[2]]);
    } else
        snprintf(verdict, sizeof verdict, correct > modal
                 ? "moves the recommendation" : "does not move the "
                 "recommendation on its own");
    if (grid) {
        fl = flips(p, n);
        json_object_set_new(o, "flips", fl);
    }
    json_object_set_new(o, "verdict", json_string(verdict));
    return o;
}

/* The grid line of setting k along parameter j: k with digit j zeroed. */
static size_t line_key(const json_t *ps, size_t k, size_t j)
{
    size_t key = 0, mul = 1, np = json_array_size(ps);

    for (size_t q = np; q-- > 0;) {
        size_t nv = (size_t)json_integer_value(
            json_object_get(json_array_get(ps, q), "values"));
        size_t digit = nv ? k % nv : 0;
        if (q != j)
            key += digit * mul;
        mul *= nv ? nv : 1;
        k = nv ? k / nv : k;
    }
    return key;
}

static json_t *ranked_first(const json_t *items, const char **wn, size_t *nw,
                            size_t *win_of, size_t *n_ok)
{
    json_t *o = json_object();
    size_t i, *count = calloc(json_array_size(items) + 1, sizeof *count);
    const json_t *r;

    *n_ok = 0;
    json_array_foreach(items, i, r) {
        size_t o2;
        const json_t *oj;
        win_of[i] = (size_t)-1;
        if (strcmp(json_string_value(json_object_get(r, "status")), "ok"))
            continue;
        json_array_foreach(json_object_get(r, "options"), o2, oj)
            if (json_integer_value(json_object_get(oj, "rank")) == 1) {
                win_of[i] = intern(wn, nw, json_string_value(
                                               json_object_get(oj, "id")));
                break;
            }
        if (win_of[i] != (size_t)-1 && count)
            count[win_of[i]]++;
        (*n_ok)++;
    }
    for (size_t w = 0; w < *nw && count; w++)
        json_object_set_new(o, wn[w], json_pack("{s:I,s:f}", "items",
            (json_int_t)count[w], "share",
            *n_ok ? (double)count[w] / (double)*n_ok : 0.0));
    free(count);
    return o;
}

json_t *cs_sweep_summary(const json_t *plan, const json_t *items)
{
    size_t n = json_array_size(items), nw = 0, n_ok, j;
    const char **wn = calloc(n + 1, sizeof *wn);
    size_t *win_of = calloc(n + 1, sizeof *win_of);
    pt *p = calloc(n + 1, sizeof *p);
    const json_t *design = json_object_get(plan, "design"), *par;
    const json_t *ps = json_object_get(design, "parameters");
    size_t nset = json_array_size(json_object_get(design, "settings"));
    int grid = !strcmp(json_string_value(json_object_get(design, "kind")),
                       "grid");
    json_t *s = json_object(), *pl = json_array();

    if (!wn || !win_of || !p) {
        free(wn), free(win_of), free(p);
        return s;
    }
    json_object_set_new(s, "items", json_integer((json_int_t)n));
    json_object_set_new(s, "ranked_first",
                        ranked_first(items, wn, &nw, win_of, &n_ok));
    json_object_set_new(s, "appraised", json_integer((json_int_t)n_ok));
    json_array_foreach(ps, j, par) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const json_t *r = json_array_get(items, i);
            size_t it = (size_t)json_integer_value(json_object_get(r, "item"));
            size_t k = it % (nset ? nset : 1);
            if (win_of[i] == (size_t)-1)
                continue;
            p[m].scen = it / (nset ? nset : 1);
            p[m].key = grid ? line_key(ps, k, j) : 0;
            p[m].x = json_number_value(json_array_get(json_array_get(
                json_object_get(design, "settings"), k), j));
            p[m++].win = win_of[i];
        }
        json_array_append_new(pl, param_summary(plan, json_string_value(
            json_object_get(par, "name")), p, m, wn, nw, grid));
    }
    json_object_set_new(s, "parameters", pl);
    free(wn);
    free(win_of);
    free(p);
    return s;
}
