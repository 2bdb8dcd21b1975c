/* report_json_decision.c -- the decision engine's results in the JSON
 * report (docs/json-output.md, "decision"). */
#include "report_decision.h"

#include <math.h>

#include "smaa.h"
#include "stability.h"

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

/* A number, or null when it is not finite (undefined). */
static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *nums(const double *x, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++)
        push(arr, num(x[i]));
    return arr;
}

/* Rows of an n x n matrix m[r * n + c]. */
static json_t *matrix(const double *m, size_t n)
{
    json_t *arr = json_array();

    for (size_t r = 0; r < n; r++)
        push(arr, nums(m + r * n, n));
    return arr;
}

static const char *opt_id(const cs_appraisal *a, int o)
{
    return o >= 0 ? a->model->options[o].view.id : NULL;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *crit_label(const cs_appraisal *a, size_t j)
{
    return a->crits[a->decision->crit[j]].spec->label;
}

const char *cs_weight_method_word(int method)
{
    static const char *const words[] = {"direct", "swing", "ordinal",
                                        "intervals", "missing"};

    return method >= 0 && method < 5 ? words[method] : "?";
}

json_t *cs_json_value_function(const cs_crit_run *run)
{
    static const char *const kinds[] = {"linear", "piecewise", "step"};
    json_t *vf = json_object(), *pts;

    put(vf, "kind", json_string(kinds[run->vf.kind]));
    put(vf, "worst", num(run->worst));
    put(vf, "best", num(run->best));
    put(vf, "bounds", json_string(run->local_bounds ? "options" : "scenario"));
    if (run->vf.kind == CS_VF_LINEAR)
        return vf;
    pts = json_array();
    for (size_t i = 0; i < run->vf.n; i++) {
        json_t *p = json_array();
        push(p, num(run->vf.x[i]));
        push(p, num(run->vf.v[i]));
        push(pts, p);
    }
    put(vf, run->vf.kind == CS_VF_STEP ? "steps" : "points", pts);
    return vf;
}

void cs_json_option_decision(const cs_appraisal *a, size_t o, json_t *obj)
{
    const cs_decision *d = a->decision;
    size_t n = d->n_opt;
    json_t *beats = json_object();

    put(obj, "p_best_se", num(d->ranks->rank_se[o * n]));
    put(obj, "expected_rank", num(d->ranks->expected_rank[o]));
    put(obj, "rank_probabilities", nums(d->ranks->rank_p + o * n, n));
    for (size_t b = 0; b < n; b++)
        if (b != o)
            put(beats, opt_id(a, (int)b), num(d->ranks->beats[o * n + b]));
    put(obj, "p_beats", beats);
}

/* The weights as given, by method. */
static json_t *weights_given(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    const cs_weights_spec *ws = &a->model->weights;
    json_t *g = json_object();

    for (size_t j = 0; j < d->n_crit; j++) {
        size_t i = d->crit[j];
        const char *label = crit_label(a, j);
        switch (ws->method) {
        case CS_WEIGHTS_DIRECT:
            put(g, label, num(a->crits[i].spec->weight));
            break;
        case CS_WEIGHTS_SWING:
            put(g, label, num(ws->points ? ws->points[i] : NAN));
            break;
        case CS_WEIGHTS_ORDINAL:
            put(g, label, json_integer(ws->level ? ws->level[i] : 0));
            break;
        case CS_WEIGHTS_INTERVALS: {
            json_t *b = json_array();
            push(b, num(ws->lo ? ws->lo[i] : 0.0));
            push(b, num(ws->hi ? ws->hi[i] : 1.0));
            put(g, label, b);
            break;
        }
        case CS_WEIGHTS_MISSING:
            break;
        }
    }
    return g;
}

static json_t *weights_json(const cs_appraisal *a)
{
    json_t *w = json_object();

    put(w, "method", json_string(cs_weight_method_word(a->decision->method)));
    put(w, "given", weights_given(a));
    put(w, "normalised", nums(a->decision->weights, a->decision->n_crit));
    return w;
}

static json_t *smaa_json(const cs_appraisal *a)
{
    static const char *const how[] = {"exact", "rejection", "hit-and-run"};
    const cs_decision *d = a->decision;
    const cs_smaa *s = d->smaa;
    json_t *j = json_object(), *samp = json_object(), *opts = json_array();
    size_t n = d->n_opt, nc = d->n_crit;

    put(j, "iterations", json_integer((json_int_t)s->n_iter));
    put(j, "preferences", json_string(d->smaa_preferences ?
        cs_weight_method_word(d->method) : "none"));
    put(samp, "method", json_string(how[d->smaa_info.method]));
    put(samp, "acceptance", num(d->smaa_info.acceptance));
    put(samp, "thin", json_integer((json_int_t)d->smaa_info.thin));
    put(samp, "burn_in", json_integer((json_int_t)d->smaa_info.burn_in));
    put(j, "sampling", samp);
    for (size_t o = 0; o < n; o++) {
        json_t *oj = json_object(), *cw = json_object(), *se = json_object();
        put(oj, "id", json_string(opt_id(a, (int)o)));
        put(oj, "rank_acceptability", nums(s->ra + o * n, n));
        put(oj, "rank_acceptability_se", nums(s->ra_se + o * n, n));
        for (size_t c = 0; c < nc; c++) {
            put(cw, crit_label(a, c), num(s->cw[o * nc + c]));
            put(se, crit_label(a, c), num(s->cw_se[o * nc + c]));
        }
        put(oj, "central_weights", isnan(s->cw[o * nc]) ? json_null() : cw);
        put(oj, "central_weights_se", isnan(s->cw[o * nc]) ? json_null() : se);
        if (isnan(s->cw[o * nc])) {
            json_decref(cw);
            json_decref(se);
        }
        put(oj, "confidence_factor", num(s->cf[o]));
        put(oj, "confidence_factor_se", num(s->cf_se[o]));
        push(opts, oj);
    }
    put(j, "options", opts);
    put(j, "p_beats", matrix(s->beats, n));
    put(j, "ranking_entropy", num(s->entropy));
    return j;
}

static json_t *stability_json(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    json_t *arr = json_array();

    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_stability *st = &d->stability[j];
        json_t *o = json_object();
        put(o, "criterion", json_string(crit_label(a, j)));
        put(o, "weight", num(st->weight));
        put(o, "lower", num(st->lo));
        put(o, "upper", num(st->hi));
        put(o, "rival_below", str_or_null(opt_id(a, st->rival_lo)));
        put(o, "rival_above", str_or_null(opt_id(a, st->rival_hi)));
        push(arr, o);
    }
    return arr;
}

static json_t *scores_by_option(const cs_appraisal *a, const double *s)
{
    json_t *o = json_object();

    for (size_t i = 0; i < a->decision->n_opt; i++)
        put(o, opt_id(a, (int)i), num(s[i]));
    return o;
}

static json_t *tornado_json(const cs_appraisal *a)
{
    const cs_tornado *t = a->decision->tornado;
    json_t *j, *rows;

    if (!t)
        return json_null();
    j = json_object();
    rows = json_array();
    put(j, "base", scores_by_option(a, t->base));
    put(j, "best_at_base", str_or_null(opt_id(a, t->best_base)));
    for (size_t r = 0; r < t->n_rows; r++) {
        const cs_tornado_row *row = &t->rows[r];
        json_t *o = json_object();
        put(o, "parameter", json_string(row->param));
        put(o, "unit", json_string(row->unit));
        put(o, "centre", num(row->centre));
        put(o, "p10", num(row->p10));
        put(o, "p90", num(row->p90));
        put(o, "swing", num(row->swing));
        put(o, "at_p10", scores_by_option(a, row->at_p10));
        put(o, "at_p90", scores_by_option(a, row->at_p90));
        put(o, "best_at_p10", str_or_null(opt_id(a, row->best_p10)));
        put(o, "best_at_p90", str_or_null(opt_id(a, row->best_p90)));
        push(rows, o);
    }
    put(j, "rows", rows);
    return j;
}

static json_t *changes_json(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    const cs_changes *ch = d->changes;
    json_t *j = json_object(), *items = json_array();

    put(j, "summary", str_or_null(ch ? ch->summary : NULL));
    for (size_t i = 0; ch && i < ch->n; i++) {
        const cs_change *c = &ch->items[i];
        json_t *o = json_object();
        int w = c->kind == CS_CHANGE_WEIGHT;
        put(o, "kind", json_string(w ? "weight" : "parameter"));
        put(o, "text", json_string(c->text));
        put(o, "option", str_or_null(opt_id(a, c->option)));
        if (w)
            put(o, "criterion", json_string(crit_label(a, c->index)));
        else
            put(o, "parameter", json_string(d->tornado->rows[c->index].param));
        put(o, "direction", json_string(w ? (c->upward ? "above" : "below")
                                          : (c->upward ? "p90" : "p10")));
        put(o, "at", num(c->at));
        push(items, o);
    }
    put(j, "items", items);
    return j;
}

json_t *cs_json_decision(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    json_t *j = json_object(), *ids = json_array(), *labels = json_array();
    json_t *ranks = json_object(), *pair = json_object();

    for (size_t o = 0; o < d->n_opt; o++)
        push(ids, json_string(opt_id(a, (int)o)));
    for (size_t c = 0; c < d->n_crit; c++)
        push(labels, json_string(crit_label(a, c)));
    put(j, "options", ids);
    put(j, "criteria", labels);
    put(j, "weights", weights_json(a));
    put(j, "best", str_or_null(opt_id(a, d->best)));
    put(ranks, "draws", json_integer((json_int_t)d->ranks->n));
    put(ranks, "p_rank", matrix(d->ranks->rank_p, d->n_opt));
    put(ranks, "p_rank_se", matrix(d->ranks->rank_se, d->n_opt));
    put(ranks, "expected_rank", nums(d->ranks->expected_rank, d->n_opt));
    put(j, "ranks", ranks);
    put(pair, "p_beats", matrix(d->ranks->beats, d->n_opt));
    put(pair, "p_beats_se", matrix(d->ranks->beats_se, d->n_opt));
    put(j, "pairwise", pair);
    put(j, "smaa", smaa_json(a));
    put(j, "stability", stability_json(a));
    put(j, "tornado", tornado_json(a));
    put(j, "what_would_change", changes_json(a));
    return j;
}
