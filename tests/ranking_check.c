/* ranking_check.c -- a report's ranking against its definitions; see
 * ranking_check.h. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "ranking_check.h"

static json_t *option_of(json_t *root, const char *id)
{
    size_t i;
    json_t *o;

    json_array_foreach(json_object_get(root, "options"), i, o)
        if (id && !strcmp(json_string_value(json_object_get(o, "id")), id))
            return o;
    ck_abort_msg("no option '%s' in the report", id ? id : "(null)");
    return NULL;
}

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    ck_assert_msg(json_is_number(v), "'%s' is not a number", key);
    return json_number_value(v);
}

/* What docs/json-output.md states of a ranking, checked from its
 * definitions: `ranking` holds every option once, best mean score first;
 * an option's `rank` is its place there; `rank_probabilities` is a
 * distribution over ranks, and over options at each rank (a doubly
 * stochastic matrix); `p_best` is its first entry and `expected_rank` its
 * mean, sum_k k P(rank k). Figures in the JSON carry 10 significant
 * digits, hence the 1e-8. */
void check_ranking(const char *name, json_t *r)
{
    json_t *ranking = json_object_get(r, "ranking");
    json_t *options = json_object_get(r, "options");
    size_t n = json_array_size(options), i;
    double col[64] = {0}, prev = INFINITY;

    ck_assert_uint_ge(n, 2);
    ck_assert_uint_le(n, 64);
    ck_assert_uint_eq(json_array_size(ranking), n);
    for (i = 0; i < n; i++) {
        json_t *o = option_of(r, json_string_value(json_array_get(ranking,
                                                                  i)));
        json_t *rp = json_object_get(o, "rank_probabilities");
        double mean = num(json_object_get(o, "score"), "mean");
        double sum = 0, er = 0;

        ck_assert_msg(mean <= prev, "%s: ranking not by mean score", name);
        prev = mean;
        ck_assert_msg(num(o, "rank") == (double)(i + 1), "%s: rank of %s",
                      name, json_string_value(json_object_get(o, "id")));
        ck_assert_uint_eq(json_array_size(rp), n);
        for (size_t k = 0; k < n; k++) {
            double p = json_number_value(json_array_get(rp, k));
            ck_assert(p >= 0 && p <= 1);
            sum += p;
            er += (double)(k + 1) * p;
            col[k] += p;
        }
        ck_assert_double_eq_tol(sum, 1, 1e-8);
        ck_assert_double_eq_tol(num(o, "expected_rank"), er, 1e-8 * n);
        ck_assert_double_eq_tol(num(o, "p_best"),
                                json_number_value(json_array_get(rp, 0)),
                                1e-12);
    }
    for (size_t k = 0; k < n; k++)
        ck_assert_msg(fabs(col[k] - 1) < 1e-8 * n, "%s: P(rank %zu) sums "
                      "to %g over the options", name, k + 1, col[k]);
}

