/* report_json.c -- the JSON output contract (docs/json-output.md). */
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <jansson.h>

#include "config.h"
#include "report_decision.h"
#include "contrib.h"
#include "decision/score.h"
#include "jsonw.h"

static void summary_jw(cs_jw *w, const char *key, cs_summary s)
{
    cs_jw_open(w, key, '{');
    cs_jw_real(w, "mean", s.mean);
    cs_jw_real(w, "sd", s.sd);
    cs_jw_real(w, "p05", s.p05);
    cs_jw_real(w, "p50", s.p50);
    cs_jw_real(w, "p95", s.p95);
}

/* Every metric: a number, or a summary object for a sampled one. */
static void metrics_jw(cs_jw *w, const cs_crit_run *run, const cs_values *v,
                       size_t n_draws)
{
    cs_jw_open(w, "metrics", '{');
    for (size_t m = 0; m < run->n_metrics; m++) {
        const cs_metric_decl *md = &run->metrics[m];
        if (!md->sampled) {
            cs_jw_real(w, md->name, v->values[m][0]);
            continue;
        }
        summary_jw(w, md->name, cs_summarise(v->values[m], n_draws));
        cs_jw_close(w, '}');
    }
    cs_jw_close(w, '}');
}

/* The same for distinct consortium u, from its summaries (appraise.h). */
static void unique_metrics_jw(cs_jw *w, const cs_crit_run *run, size_t u)
{
    cs_jw_open(w, "metrics", '{');
    for (size_t m = 0; m < run->n_metrics; m++) {
        const cs_metric_decl *md = &run->metrics[m];
        cs_summary s = cs_unique_summary(run, u, m);
        if (!md->sampled) {
            cs_jw_real(w, md->name, s.mean);
            continue;
        }
        summary_jw(w, md->name, s);
        cs_jw_close(w, '}');
    }
    cs_jw_close(w, '}');
}

static json_t *criterion_decl_json(const cs_crit_run *run)
{
    const cs_plugin_descriptor *d = run->plugin->desc;
    json_t *o = json_object(), *h, *vf, *metrics;

    cs_json_put(o, "id", json_string(run->spec->label));
    cs_json_put(o, "plugin", json_string(d->name));
    cs_json_put(o, "weight",
                isfinite(run->spec->weight) ? json_real(run->spec->weight)
                                            : json_null());
    cs_json_put(o, "normalised_weight",
                json_real(run->failed ? 0.0 : run->weight));
    cs_json_put(o, "status", json_string(run->failed ? "failed" : "ok"));
    if (run->failed) {
        cs_json_put(o, "error", json_string(run->error));
        return o;
    }
    h = json_object();
    cs_json_put(h, "metric", json_string(run->metrics[0].name));
    cs_json_put(h, "unit", json_string(run->metrics[0].unit));
    cs_json_put(h, "direction",
                json_string(cs_direction_word(run->metrics[0].direction)));
    cs_json_put(o, "headline", h);
    vf = cs_json_value_function(run);
    cs_json_put(o, "value_function", vf);
    metrics = json_array();
    for (size_t m = 0; m < run->n_metrics; m++) {
        const cs_metric_decl *md = &run->metrics[m];
        json_t *mo = json_object();
        cs_json_put(mo, "name", json_string(md->name));
        cs_json_put(mo, "unit", json_string(md->unit));
        cs_json_put(mo, "direction",
                    json_string(cs_direction_word(md->direction)));
        cs_json_put(mo, "sampled", json_boolean(md->sampled));
        cs_json_put(mo, "doc", json_string(md->doc ? md->doc : ""));
        cs_json_push(metrics, mo);
    }
    cs_json_put(o, "metrics", metrics);
    return o;
}

static void option_criterion_jw(cs_jw *w, const cs_appraisal *a,
                                const cs_crit_run *run, size_t o)
{
    const cs_option_view *ov = &a->model->options[o].view;
    double vsum = 0.0;

    cs_jw_open(w, run->spec->label, '{');
    if (run->failed) {
        cs_jw_str(w, "status", "failed");
        cs_jw_close(w, '}');
        return;
    }
    cs_jw_str(w, "status", "ok");
    summary_jw(w, "headline",
               cs_summarise(run->options[o].values[0], a->n_draws));
    cs_jw_str(w, "metric", run->metrics[0].name);
    cs_jw_str(w, "unit", run->metrics[0].unit);
    cs_jw_str(w, "direction", cs_direction_word(run->metrics[0].direction));
    cs_jw_close(w, '}');
    for (size_t k = 0; k < a->n_draws; k++)
        vsum += cs_value_of(run, run->options[o].values[0][k]);
    cs_jw_real(w, "value", vsum / (double)a->n_draws);
    cs_jw_num(w, "contribution",
              cs_contrib_of(a, o, (size_t)(run - a->crits)));
    metrics_jw(w, run, &run->options[o], a->n_draws);
    cs_jw_open(w, "consortia", '[');
    for (size_t i = 0; i < ov->n_consortia; i++) {
        cs_jw_open(w, NULL, '{');
        cs_jw_str(w, "id", ov->consortia[i].id);
        unique_metrics_jw(w, run, a->unique_of[o][i]);
        cs_jw_close(w, '}');
    }
    cs_jw_close(w, ']');
    cs_jw_close(w, '}');
}

static json_t *summary_json(cs_summary s)
{
    json_t *o = json_object();

    cs_json_put(o, "mean", json_real(s.mean));
    cs_json_put(o, "sd", json_real(s.sd));
    cs_json_put(o, "p05", json_real(s.p05));
    cs_json_put(o, "p50", json_real(s.p50));
    cs_json_put(o, "p95", json_real(s.p95));
    return o;
}

/* An option's consortia and federations, added to j. */
static void option_bodies_json(const cs_option_view *ov, json_t *j)
{
    json_t *cons = json_array(), *feds = json_array();

    for (size_t i = 0; i < ov->n_consortia; i++) {
        const cs_consortium_view *c = &ov->consortia[i];
        json_t *co = json_object();
        int f = ov->federation_of ? ov->federation_of[i] : -1;
        cs_json_put(co, "id", json_string(c->id));
        cs_json_put(co, "name", json_string(c->name));
        cs_json_put(co, "practices", json_integer((json_int_t)c->n_practices));
        cs_json_put(co, "registered", json_real(c->registered));
        cs_json_put(co, "weighted", json_real(c->weighted));
        cs_json_put(co, "federation",
                    f >= 0 ? json_string(ov->federations[f].id) : json_null());
        cs_json_push(cons, co);
    }
    cs_json_put(j, "consortia", cons);
    for (size_t i = 0; i < ov->n_federations; i++) {
        const cs_federation *f = &ov->federations[i];
        json_t *fo = json_object(), *mem = json_array();
        cs_json_put(fo, "id", json_string(f->id));
        cs_json_put(fo, "name", json_string(f->name));
        for (size_t k = 0; k < f->n_members; k++)
            cs_json_push(mem, json_string(ov->consortia[f->members[k]].id));
        cs_json_put(fo, "members", mem);
        cs_json_put(fo, "risk_pool_share", json_real(f->risk_pool_share));
        cs_json_put(fo, "pool_surpluses", json_boolean(f->pool_surpluses));
        cs_json_put(fo, "shared_functions", json_real(f->shared_functions));
        cs_json_put(fo, "joint_contracting",
                    json_boolean(f->joint_contracting));
        cs_json_push(feds, fo);
    }
    cs_json_put(j, "federations", feds);
}

/* The option's members before its criteria (small: built as a tree). */
static json_t *option_head_json(const cs_appraisal *a, size_t o)
{
    const cs_option *op = &a->model->options[o];
    const cs_option_view *ov = &op->view;
    json_t *j = json_object();
    cs_vote_result vote;

    cs_json_put(j, "id", json_string(ov->id));
    cs_json_put(j, "name", json_string(ov->name));
    cs_json_put(j, "rank", json_integer(a->option_scores[o].rank));
    cs_option_vote(a->model, o, &vote);
    if (vote.recorded) {
        json_t *v = json_object();
        cs_json_put(v, "for", json_integer((json_int_t)vote.n_for));
        cs_json_put(v, "against", json_integer((json_int_t)vote.n_against));
        cs_json_put(v, "support", cs_json_num(vote.support));
        cs_json_put(v, "turnout", cs_json_num(vote.turnout));
        cs_json_put(v, "pass_share", cs_json_num(a->model->analysis.vote_pass));
        cs_json_put(v, "failed", json_boolean(vote.failed));
        cs_json_put(j, "vote", v);
    }
    cs_json_put(j, "p_best", json_real(a->option_scores[o].p_best));
    cs_json_put(j, "score", summary_json(a->option_scores[o].score));
    cs_json_option_decision(a, o, j);
    option_bodies_json(ov, j);
    return j;
}

/* An option: its head, then every criterion's figures streamed. */
static void option_jw(cs_jw *w, const cs_appraisal *a, size_t o)
{
    cs_jw_open(w, NULL, '{');
    cs_jw_members(w, option_head_json(a, o));
    cs_jw_open(w, "criteria", '{');
    for (size_t i = 0; i < a->n_crits; i++)
        option_criterion_jw(w, a, &a->crits[i], o);
    cs_jw_close(w, '}');
    cs_jw_close(w, '}');
}

static json_t *head_json(const cs_appraisal *a)
{
    const cs_model *m = a->model;
    json_t *root = json_object(), *prog = json_object(), *sc = json_object();
    json_t *inputs = json_array(), *thr = json_array();

    cs_json_put(root, "format_version", json_integer(CS_JSON_FORMAT_VERSION));
    cs_json_put(prog, "name", json_string(PACKAGE_NAME));
    cs_json_put(prog, "version", json_string(PACKAGE_VERSION));
    {
        char abi[32];
        snprintf(abi, sizeof abi, "%d.%d", CS_ABI_MAJOR, CS_ABI_MINOR);
        cs_json_put(prog, "plugin_abi", json_string(abi));
    }
    cs_json_put(root, "program", prog);
    cs_json_put(sc, "id", json_string(m->id));
    cs_json_put(sc, "name", json_string(m->name));
    cs_json_put(sc, "description",
                m->description ? json_string(m->description) : json_null());
    cs_json_put(root, "scenario", sc);
    for (size_t i = 0; i < m->n_inputs; i++) {
        json_t *in = json_object();
        cs_json_put(in, "file", json_string(cs_basename(m->inputs[i].path)));
        cs_json_put(in, "sha256", json_string(m->inputs[i].sha256));
        cs_json_push(inputs, in);
    }
    cs_json_put(root, "inputs", inputs);
    if (a->seed <= (uint64_t)INT64_MAX)
        cs_json_put(root, "seed", json_integer((json_int_t)a->seed));
    else {
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)a->seed);
        cs_json_put(root, "seed", json_string(buf));
    }
    cs_json_put(root, "draws", json_integer((json_int_t)a->n_draws));
    for (size_t i = 0; i < m->analysis.n_thresholds; i++)
        cs_json_push(thr, json_real(m->analysis.thresholds[i]));
    cs_json_put(root, "thresholds", thr);
    return root;
}

/* Where the plugin's code came from: the file it was loaded from (symbolic
 * links resolved) and the SHA-256 of its bytes (null if it could not be
 * read). */
static void plugin_file_json(const cs_plugin *pl, json_t *p)
{
    char *real = realpath(pl->path, NULL);

    cs_json_put(p, "path", json_string(real ? real : pl->path));
    cs_json_put(p, "sha256", pl->sha256[0] ? json_string(pl->sha256)
                                           : json_null());
    free(real);
}

/* The plugins and the criteria as declared (small: trees). */
static void criteria_jw(cs_jw *w, const cs_appraisal *a)
{
    json_t *plugins = json_array(), *crits = json_array();

    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_plugin_descriptor *d = a->crits[i].plugin->desc;
        json_t *p = json_object();
        char abi[16];
        snprintf(abi, sizeof abi, "%u.%u", (unsigned)(d->abi_version >> 16),
                 (unsigned)(d->abi_version & 0xffff));
        cs_json_put(p, "criterion", json_string(a->crits[i].spec->label));
        cs_json_put(p, "name", json_string(d->name));
        cs_json_put(p, "version", json_string(d->version));
        cs_json_put(p, "abi", json_string(abi));
        plugin_file_json(a->crits[i].plugin, p);
        cs_json_push(plugins, p);
        cs_json_push(crits, criterion_decl_json(&a->crits[i]));
    }
    cs_jw_tree(w, "plugins", plugins);
    cs_jw_tree(w, "criteria", crits);
}

/* Streams the report: the options' figures (the bulk: every metric of
 * every consortium) go straight to fp; the small parts are built as
 * jansson trees and written in place (jsonw.h), so the output is the
 * one json_dumpf wrote of the whole tree, byte for byte. */
int cs_report_json(const cs_appraisal *a, FILE *fp)
{
    size_t n_opt = a->model->n_options;
    json_t *ranking = json_array(), *dec;
    cs_jw w;

    cs_jw_init(&w, fp);
    cs_jw_open(&w, NULL, '{');
    cs_jw_members(&w, head_json(a));
    criteria_jw(&w, a);
    cs_jw_open(&w, "options", '[');
    for (size_t o = 0; o < n_opt; o++)
        option_jw(&w, a, o);
    cs_jw_close(&w, ']');
    for (int r = 1; r <= (int)n_opt; r++)
        for (size_t o = 0; o < n_opt; o++)
            if (a->option_scores[o].rank == r)
                cs_json_push(ranking,
                             json_string(a->model->options[o].view.id));
    cs_jw_tree(&w, "ranking", ranking);
    cs_jw_tree(&w, "recommendation", cs_json_recommendation(a));
    dec = cs_json_decision(a);
    cs_json_put(dec, "contributions", cs_json_contributions(a));
    cs_jw_tree(&w, "decision", dec);
    cs_jw_tree(&w, "value_of_information", cs_json_voi(a));
    cs_jw_close(&w, '}');
    if (fputc('\n', fp) == EOF)
        return -1;
    return cs_jw_status(&w);
}
