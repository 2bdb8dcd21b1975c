/* report_json.c -- the JSON output contract (docs/json-output.md). */
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <jansson.h>

#include "config.h"
#include "report_decision.h"
#include "score.h"

/* json_object_set_new that survives a NULL value (out of memory): the
 * final dump then fails and the caller reports it. */
static void put(json_t *obj, const char *key, json_t *val)
{
    if (obj && val)
        json_object_set_new(obj, key, val);
    else
        json_decref(val);
}

static void push(json_t *arr, json_t *val)
{
    if (arr && val)
        json_array_append_new(arr, val);
    else
        json_decref(val);
}

static json_t *summary_json(cs_summary s)
{
    json_t *o = json_object();

    put(o, "mean", json_real(s.mean));
    put(o, "sd", json_real(s.sd));
    put(o, "p05", json_real(s.p05));
    put(o, "p50", json_real(s.p50));
    put(o, "p95", json_real(s.p95));
    return o;
}

/* A metric's value: a number, or a summary object for a sampled one. */
static json_t *metric_json(const cs_metric_decl *m, const double *v,
                           size_t n_draws)
{
    json_t *o;

    if (!m->sampled)
        return json_real(v[0]);
    o = summary_json(cs_summarise(v, n_draws));
    return o;
}

static json_t *metrics_json(const cs_crit_run *run, const cs_values *v,
                            size_t n_draws)
{
    json_t *o = json_object();

    for (size_t m = 0; m < run->n_metrics; m++)
        put(o, run->metrics[m].name,
            metric_json(&run->metrics[m], v->values[m], n_draws));
    return o;
}

static json_t *criterion_decl_json(const cs_crit_run *run)
{
    const cs_plugin_descriptor *d = run->plugin->desc;
    json_t *o = json_object(), *h, *vf, *metrics;

    put(o, "id", json_string(run->spec->label));
    put(o, "plugin", json_string(d->name));
    put(o, "weight", isfinite(run->spec->weight)
                     ? json_real(run->spec->weight) : json_null());
    put(o, "normalised_weight", json_real(run->failed ? 0.0 : run->weight));
    put(o, "status", json_string(run->failed ? "failed" : "ok"));
    if (run->failed) {
        put(o, "error", json_string(run->error));
        return o;
    }
    h = json_object();
    put(h, "metric", json_string(run->metrics[0].name));
    put(h, "unit", json_string(run->metrics[0].unit));
    put(h, "direction", json_string(cs_direction_word(run->metrics[0].direction)));
    put(o, "headline", h);
    vf = cs_json_value_function(run);
    put(o, "value_function", vf);
    metrics = json_array();
    for (size_t m = 0; m < run->n_metrics; m++) {
        const cs_metric_decl *md = &run->metrics[m];
        json_t *mo = json_object();
        put(mo, "name", json_string(md->name));
        put(mo, "unit", json_string(md->unit));
        put(mo, "direction", json_string(cs_direction_word(md->direction)));
        put(mo, "sampled", json_boolean(md->sampled));
        put(mo, "doc", json_string(md->doc ? md->doc : ""));
        push(metrics, mo);
    }
    put(o, "metrics", metrics);
    return o;
}

static json_t *option_criterion_json(const cs_appraisal *a,
                                     const cs_crit_run *run, size_t o)
{
    const cs_option_view *ov = &a->model->options[o].view;
    json_t *c = json_object(), *h, *cons;
    cs_summary s;
    double vsum = 0.0;

    if (run->failed) {
        put(c, "status", json_string("failed"));
        return c;
    }
    put(c, "status", json_string("ok"));
    s = cs_summarise(run->options[o].values[0], a->n_draws);
    h = summary_json(s);
    put(h, "metric", json_string(run->metrics[0].name));
    put(h, "unit", json_string(run->metrics[0].unit));
    put(h, "direction", json_string(cs_direction_word(run->metrics[0].direction)));
    put(c, "headline", h);
    for (size_t k = 0; k < a->n_draws; k++)
        vsum += cs_value_of(run, run->options[o].values[0][k]);
    put(c, "value", json_real(vsum / (double)a->n_draws));
    put(c, "metrics", metrics_json(run, &run->options[o], a->n_draws));
    cons = json_array();
    for (size_t i = 0; i < ov->n_consortia; i++) {
        json_t *co = json_object();
        put(co, "id", json_string(ov->consortia[i].id));
        put(co, "metrics", metrics_json(run, &run->unique[a->unique_of[o][i]],
                                        a->n_draws));
        push(cons, co);
    }
    put(c, "consortia", cons);
    return c;
}

static json_t *option_json(const cs_appraisal *a, size_t o)
{
    const cs_option *op = &a->model->options[o];
    const cs_option_view *ov = &op->view;
    json_t *j = json_object(), *cons = json_array(), *feds = json_array();
    json_t *crit = json_object();

    put(j, "id", json_string(ov->id));
    put(j, "name", json_string(ov->name));
    put(j, "rank", json_integer(a->option_scores[o].rank));
    put(j, "p_best", json_real(a->option_scores[o].p_best));
    put(j, "score", summary_json(a->option_scores[o].score));
    cs_json_option_decision(a, o, j);
    for (size_t i = 0; i < ov->n_consortia; i++) {
        const cs_consortium_view *c = &ov->consortia[i];
        json_t *co = json_object();
        int f = ov->federation_of ? ov->federation_of[i] : -1;
        put(co, "id", json_string(c->id));
        put(co, "name", json_string(c->name));
        put(co, "practices", json_integer((json_int_t)c->n_practices));
        put(co, "registered", json_real(c->registered));
        put(co, "weighted", json_real(c->weighted));
        put(co, "federation", f >= 0 ? json_string(ov->federations[f].id)
                                     : json_null());
        push(cons, co);
    }
    put(j, "consortia", cons);
    for (size_t i = 0; i < ov->n_federations; i++) {
        const cs_federation *f = &ov->federations[i];
        json_t *fo = json_object(), *mem = json_array();
        put(fo, "id", json_string(f->id));
        put(fo, "name", json_string(f->name));
        for (size_t k = 0; k < f->n_members; k++)
            push(mem, json_string(ov->consortia[f->members[k]].id));
        put(fo, "members", mem);
        put(fo, "risk_pool_share", json_real(f->risk_pool_share));
        put(fo, "pool_surpluses", json_boolean(f->pool_surpluses));
        put(fo, "shared_functions", json_real(f->shared_functions));
        put(fo, "joint_contracting", json_boolean(f->joint_contracting));
        push(feds, fo);
    }
    put(j, "federations", feds);
    for (size_t i = 0; i < a->n_crits; i++)
        put(crit, a->crits[i].spec->label,
            option_criterion_json(a, &a->crits[i], o));
    put(j, "criteria", crit);
    return j;
}

static json_t *head_json(const cs_appraisal *a)
{
    const cs_model *m = a->model;
    json_t *root = json_object(), *prog = json_object(), *sc = json_object();
    json_t *inputs = json_array(), *thr = json_array();

    put(root, "format_version", json_integer(CS_JSON_FORMAT_VERSION));
    put(prog, "name", json_string(PACKAGE_NAME));
    put(prog, "version", json_string(PACKAGE_VERSION));
    put(prog, "plugin_abi", json_string(CS_ABI_MAJOR == 1 && CS_ABI_MINOR == 0
                                        ? "1.0" : "?"));
    put(root, "program", prog);
    put(sc, "id", json_string(m->id));
    put(sc, "name", json_string(m->name));
    put(sc, "description", m->description ? json_string(m->description)
                                          : json_null());
    put(root, "scenario", sc);
    for (size_t i = 0; i < m->n_inputs; i++) {
        json_t *in = json_object();
        put(in, "file", json_string(cs_basename(m->inputs[i].path)));
        put(in, "sha256", json_string(m->inputs[i].sha256));
        push(inputs, in);
    }
    put(root, "inputs", inputs);
    if (a->seed <= (uint64_t)INT64_MAX)
        put(root, "seed", json_integer((json_int_t)a->seed));
    else {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)a->seed);
        put(root, "seed", json_string(buf));
    }
    put(root, "draws", json_integer((json_int_t)a->n_draws));
    for (size_t i = 0; i < m->analysis.n_thresholds; i++)
        push(thr, json_real(m->analysis.thresholds[i]));
    put(root, "thresholds", thr);
    return root;
}

int cs_report_json(const cs_appraisal *a, FILE *fp)
{
    json_t *root = head_json(a), *plugins = json_array(), *crits = json_array();
    json_t *opts = json_array(), *ranking = json_array();
    size_t n_opt = a->model->n_options;
    int rc;

    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_plugin_descriptor *d = a->crits[i].plugin->desc;
        json_t *p = json_object();
        char abi[16];
        snprintf(abi, sizeof abi, "%u.%u", (unsigned)(d->abi_version >> 16),
                 (unsigned)(d->abi_version & 0xffff));
        put(p, "criterion", json_string(a->crits[i].spec->label));
        put(p, "name", json_string(d->name));
        put(p, "version", json_string(d->version));
        put(p, "abi", json_string(abi));
        push(plugins, p);
        push(crits, criterion_decl_json(&a->crits[i]));
    }
    put(root, "plugins", plugins);
    put(root, "criteria", crits);
    for (size_t o = 0; o < n_opt; o++)
        push(opts, option_json(a, o));
    put(root, "options", opts);
    for (int r = 1; r <= (int)n_opt; r++)
        for (size_t o = 0; o < n_opt; o++)
            if (a->option_scores[o].rank == r)
                push(ranking, json_string(a->model->options[o].view.id));
    put(root, "ranking", ranking);
    put(root, "decision", cs_json_decision(a));
    rc = root ? json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(10)) : -1;
    if (rc == 0)
        rc = fputc('\n', fp) == EOF ? -1 : 0;
    json_decref(root);
    return rc;
}
