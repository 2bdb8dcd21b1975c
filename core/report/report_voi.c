/* report_voi.c -- the value of information in the reports: the JSON
 * "value_of_information" object (docs/json-output.md), the text of
 * `consortia voi`, and the board pack's section "The uncertainty most
 * worth resolving before the vote". Figures from cs_voi_compute
 * (decision/score.h). */
#include <errno.h>
#include "report.h"

#include <math.h>
#include <jansson.h>

#include "html.h"
#include "report_html.h"
#include "decision/score.h"

static json_t *est_json(const cs_voi_est *e)
{
    json_t *o = json_object();

    cs_json_put(o, "points", cs_json_num(e->value));
    cs_json_put(o, "points_se", cs_json_num(e->value_se));
    cs_json_put(o, "p_change", cs_json_num(e->p_change));
    cs_json_put(o, "p_change_se", cs_json_num(e->p_change_se));
    return o;
}

static json_t *voi_json(const cs_appraisal *a, const cs_voi_table *tp)
{
    const cs_voi_table t = *tp;
    json_t *o, *rows;

    o = json_object();
    rows = json_array();
    cs_json_put(o, "method", json_string(
        "EVPI from the joint draws; EVPPI by least-squares regression of "
        "each option's score on the parameter (Strong, Oakley and Brennan "
        "2014): a cubic regression spline with 5 knots for one parameter, "
        "a polynomial of total degree 3 (2 above six) for a group; "
        "standard errors by 20 batches"));
    cs_json_put(o, "baseline",
                json_string(a->model->options[t.baseline].view.id));
    cs_json_put(o, "evpi", t.evpi_ok ? est_json(&t.evpi) : json_null());
    for (size_t i = 0; i < t.n_rows; i++) {
        const cs_voi_row *r = &t.rows[i];
        json_t *j = json_object();
        cs_json_put(j, "name", json_string(r->name));
        cs_json_put(j, "kind", json_string(r->group == 2 ? "declared"
                                           : r->group ? "group" : "parameter"));
        cs_json_put(j, "n_parameters", json_integer((json_int_t)r->n_params));
        cs_json_put(j, "evppi", r->ok ? est_json(&r->est) : json_null());
        cs_json_push(rows, j);
    }
    cs_json_put(o, "parameters", rows);
    cs_json_put(o, "most_worth_resolving",
                t.n_rows && t.rows[0].ok && t.rows[0].est.value > 0
                    ? json_string(t.rows[0].name) : json_null());
    cs_json_put(o, "stands_out", json_boolean(
        t.n_rows && t.rows[0].ok &&
        t.rows[0].est.value > 2 * t.rows[0].est.value_se));
    return o;
}

json_t *cs_json_voi(const cs_appraisal *a)
{
    cs_voi_table t;
    json_t *o;

    errno = 0;
    if (cs_voi_compute(a, &t) < 0) {
        /* said, not silently null: the reader learns it is missing */
        o = json_object();
        cs_json_put(o, "error", json_string(errno == ENOMEM
            ? "out of memory: the value of information is left out"
            : "the value of information could not be computed"));
        return o;
    }
    o = voi_json(a, &t);
    cs_voi_table_free(&t);
    return o;
}

int cs_report_voi_text(const cs_appraisal *a, const cs_voi_table *tp,
                       FILE *fp)
{
    const cs_voi_table t = *tp;

    fprintf(fp, "%s: value of information, %zu draws, seed %llu\n",
            a->model->id, a->n_draws, (unsigned long long)a->seed);
    fprintf(fp, "best on average: %s\n",
            a->model->options[t.baseline].view.id);
    if (t.evpi_ok)
        fprintf(fp, "EVPI (all uncertainty): %.3f points (se %.3f); the "
                "decision changes with probability %.3f (se %.3f)\n",
                t.evpi.value, t.evpi.value_se, t.evpi.p_change,
                t.evpi.p_change_se);
    fprintf(fp, "\n%-40s %10s %8s %9s %8s\n", "EVPPI of", "points", "se",
            "P(change)", "se");
    for (size_t i = 0; i < t.n_rows; i++) {
        const cs_voi_row *r = &t.rows[i];
        char name[200];
        snprintf(name, sizeof name, "%s%s", r->group ? "group " : "",
                 r->name);
        if (r->ok)
            fprintf(fp, "%-40s %10.3f %8.3f %9.3f %8.3f\n", name,
                    r->est.value, r->est.value_se, r->est.p_change,
                    r->est.p_change_se);
        else
            fprintf(fp, "%-40s %10s (too few draws for the fit)\n", name,
                    "-");
    }
    if (!t.n_rows)
        fputs("(no uncertain parameter)\n", fp);
    return ferror(fp) ? -1 : 0;
}

int cs_report_voi_json(const cs_appraisal *a, const cs_voi_table *t,
                       FILE *fp)
{
    json_t *root = json_object();
    int rc;

    cs_json_put(root, "scenario", json_string(a->model->id));
    cs_json_put(root, "draws", json_integer((json_int_t)a->n_draws));
    cs_json_put(root, "value_of_information", voi_json(a, t));
    rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(10));
    if (rc == 0)
        rc = fputc('\n', fp) == EOF ? -1 : 0;
    json_decref(root);
    return rc;
}
