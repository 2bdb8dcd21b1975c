/* report_json_decision.c -- the decision engine's results in the JSON
 * report (docs/json-output.md, "decision"). */
#include "report_decision.h"

#include <math.h>

#include "mcda/mcda.h"

json_t *cs_json_num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

json_t *cs_json_nums(const double *x, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++)
        cs_json_push(arr, cs_json_num(x[i]));
    return arr;
}

/* Rows of an n x n matrix m[r * n + c]. */
static json_t *matrix(const double *m, size_t n)
{
    json_t *arr = json_array();

    for (size_t r = 0; r < n; r++)
        cs_json_push(arr, cs_json_nums(m + r * n, n));
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

    cs_json_put(vf, "kind", json_string(kinds[run->vf.kind]));
    cs_json_put(vf, "worst", cs_json_num(run->worst));
    cs_json_put(vf, "best", cs_json_num(run->best));
    cs_json_put(vf, "bounds",
                json_string(run->scale_source ? "plugin" : "scenario"));
    if (run->scale_source)
        cs_json_put(vf, "source", json_string(run->scale_source));
    if (run->vf.kind == CS_VF_LINEAR)
        return vf;
    pts = json_array();
    for (size_t i = 0; i < run->vf.n; i++) {
        json_t *p = json_array();
        cs_json_push(p, cs_json_num(run->vf.x[i]));
        cs_json_push(p, cs_json_num(run->vf.v[i]));
        cs_json_push(pts, p);
    }
    cs_json_put(vf, run->vf.kind == CS_VF_STEP ? "steps" : "points", pts);
    return vf;
}

void cs_json_option_decision(const cs_appraisal *a, size_t o, json_t *obj)
{
    const cs_decision *d = a->decision;
    size_t n = d->n_opt;
    json_t *beats = json_object();

    cs_json_put(obj, "p_best_se", cs_json_num(d->ranks->rank_se[o * n]));
    cs_json_put(obj, "expected_rank", cs_json_num(d->ranks->expected_rank[o]));
    cs_json_put(obj, "rank_probabilities",
                cs_json_nums(d->ranks->rank_p + o * n, n));
    for (size_t b = 0; b < n; b++)
        if (b != o)
            cs_json_put(beats, opt_id(a, (int)b),
                        cs_json_num(d->ranks->beats[o * n + b]));
    cs_json_put(obj, "p_beats", beats);
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
            cs_json_put(g, label, cs_json_num(a->crits[i].spec->weight));
            break;
        case CS_WEIGHTS_SWING:
            cs_json_put(g, label,
                        cs_json_num(ws->points ? ws->points[i] : NAN));
            break;
        case CS_WEIGHTS_ORDINAL:
            cs_json_put(g, label, json_integer(ws->level ? ws->level[i] : 0));
            break;
        case CS_WEIGHTS_INTERVALS: {
            json_t *b = json_array();
            cs_json_push(b, cs_json_num(ws->lo ? ws->lo[i] : 0.0));
            cs_json_push(b, cs_json_num(ws->hi ? ws->hi[i] : 1.0));
            cs_json_put(g, label, b);
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

    cs_json_put(w, "method",
                json_string(cs_weight_method_word(a->decision->method)));
    cs_json_put(w, "given", weights_given(a));
    cs_json_put(w, "normalised",
                cs_json_nums(a->decision->weights, a->decision->n_crit));
    return w;
}

static json_t *smaa_json(const cs_appraisal *a)
{
    static const char *const how[] = {"exact", "rejection", "hit-and-run"};
    const cs_decision *d = a->decision;
    const cs_smaa *s = d->smaa;
    json_t *j = json_object(), *samp = json_object(), *opts = json_array();
    size_t n = d->n_opt, nc = d->n_crit;

    cs_json_put(j, "iterations", json_integer((json_int_t)s->n_iter));
    cs_json_put(j, "preferences",
                json_string(d->smaa_preferences
                                ? cs_weight_method_word(d->method)
                                : "none"));
    cs_json_put(samp, "method", json_string(how[d->smaa_info.method]));
    cs_json_put(samp, "acceptance", cs_json_num(d->smaa_info.acceptance));
    cs_json_put(samp, "thin", json_integer((json_int_t)d->smaa_info.thin));
    cs_json_put(samp, "burn_in",
                json_integer((json_int_t)d->smaa_info.burn_in));
    cs_json_put(j, "sampling", samp);
    for (size_t o = 0; o < n; o++) {
        json_t *oj = json_object(), *cw = json_object(), *se = json_object();
        cs_json_put(oj, "id", json_string(opt_id(a, (int)o)));
        cs_json_put(oj, "rank_acceptability", cs_json_nums(s->ra + o * n, n));
        cs_json_put(oj, "rank_acceptability_se",
                    cs_json_nums(s->ra_se + o * n, n));
        for (size_t c = 0; c < nc; c++) {
            cs_json_put(cw, crit_label(a, c), cs_json_num(s->cw[o * nc + c]));
            cs_json_put(se, crit_label(a, c),
                        cs_json_num(s->cw_se[o * nc + c]));
        }
        cs_json_put(oj, "central_weights",
                    isnan(s->cw[o * nc]) ? json_null() : cw);
        cs_json_put(oj, "central_weights_se",
                    isnan(s->cw[o * nc]) ? json_null() : se);
        if (isnan(s->cw[o * nc])) {
            json_decref(cw);
            json_decref(se);
        }
        cs_json_put(oj, "confidence_factor", cs_json_num(s->cf[o]));
        cs_json_put(oj, "confidence_factor_se", cs_json_num(s->cf_se[o]));
        cs_json_push(opts, oj);
    }
    cs_json_put(j, "options", opts);
    cs_json_put(j, "p_beats", matrix(s->beats, n));
    cs_json_put(j, "ranking_entropy", cs_json_num(s->entropy));
    return j;
}

static json_t *stability_json(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    json_t *arr = json_array();

    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_stability *st = &d->stability[j];
        json_t *o = json_object();
        cs_json_put(o, "criterion", json_string(crit_label(a, j)));
        cs_json_put(o, "weight", cs_json_num(st->weight));
        cs_json_put(o, "lower", cs_json_num(st->lo));
        cs_json_put(o, "upper", cs_json_num(st->hi));
        cs_json_put(o, "rival_below", str_or_null(opt_id(a, st->rival_lo)));
        cs_json_put(o, "rival_above", str_or_null(opt_id(a, st->rival_hi)));
        cs_json_push(arr, o);
    }
    return arr;
}

static json_t *scores_by_option(const cs_appraisal *a, const double *s)
{
    json_t *o = json_object();

    for (size_t i = 0; i < a->decision->n_opt; i++)
        cs_json_put(o, opt_id(a, (int)i), cs_json_num(s[i]));
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
    cs_json_put(j, "base", scores_by_option(a, t->base));
    cs_json_put(j, "best_at_base", str_or_null(opt_id(a, t->best_base)));
    for (size_t r = 0; r < t->n_rows; r++) {
        const cs_tornado_row *row = &t->rows[r];
        json_t *o = json_object();
        cs_json_put(o, "parameter", json_string(row->param));
        cs_json_put(o, "unit", json_string(row->unit));
        cs_json_put(o, "centre", cs_json_num(row->centre));
        cs_json_put(o, "p10", cs_json_num(row->p10));
        cs_json_put(o, "p90", cs_json_num(row->p90));
        cs_json_put(o, "swing", cs_json_num(row->swing));
        cs_json_put(o, "at_p10", scores_by_option(a, row->at_p10));
        cs_json_put(o, "at_p90", scores_by_option(a, row->at_p90));
        cs_json_put(o, "best_at_p10", str_or_null(opt_id(a, row->best_p10)));
        cs_json_put(o, "best_at_p90", str_or_null(opt_id(a, row->best_p90)));
        cs_json_push(rows, o);
    }
    cs_json_put(j, "rows", rows);
    return j;
}

static json_t *changes_json(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    const cs_changes *ch = d->changes;
    json_t *j = json_object(), *items = json_array();

    cs_json_put(j, "summary", str_or_null(ch ? ch->summary : NULL));
    for (size_t i = 0; ch && i < ch->n; i++) {
        const cs_change *c = &ch->items[i];
        json_t *o = json_object();
        int w = c->kind == CS_CHANGE_WEIGHT;
        cs_json_put(o, "kind", json_string(w ? "weight" : "parameter"));
        cs_json_put(o, "text", json_string(c->text));
        cs_json_put(o, "option", str_or_null(opt_id(a, c->option)));
        if (w)
            cs_json_put(o, "criterion", json_string(crit_label(a, c->index)));
        else
            cs_json_put(o, "parameter",
                        json_string(d->tornado->rows[c->index].param));
        cs_json_put(o, "direction",
                    json_string(w ? (c->upward ? "above" : "below")
                                  : (c->upward ? "p90" : "p10")));
        cs_json_put(o, "at", cs_json_num(c->at));
        cs_json_push(items, o);
    }
    cs_json_put(j, "items", items);
    return j;
}

json_t *cs_json_decision(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    json_t *j = json_object(), *ids = json_array(), *labels = json_array();
    json_t *ranks = json_object(), *pair = json_object();

    for (size_t o = 0; o < d->n_opt; o++)
        cs_json_push(ids, json_string(opt_id(a, (int)o)));
    for (size_t c = 0; c < d->n_crit; c++)
        cs_json_push(labels, json_string(crit_label(a, c)));
    cs_json_put(j, "options", ids);
    cs_json_put(j, "criteria", labels);
    cs_json_put(j, "weights", weights_json(a));
    cs_json_put(j, "best", str_or_null(opt_id(a, d->best)));
    cs_json_put(ranks, "draws", json_integer((json_int_t)d->ranks->n));
    cs_json_put(ranks, "p_rank", matrix(d->ranks->rank_p, d->n_opt));
    cs_json_put(ranks, "p_rank_se", matrix(d->ranks->rank_se, d->n_opt));
    cs_json_put(ranks, "expected_rank",
                cs_json_nums(d->ranks->expected_rank, d->n_opt));
    cs_json_put(j, "ranks", ranks);
    cs_json_put(pair, "p_beats", matrix(d->ranks->beats, d->n_opt));
    cs_json_put(pair, "p_beats_se", matrix(d->ranks->beats_se, d->n_opt));
    cs_json_put(j, "pairwise", pair);
    cs_json_put(j, "smaa", smaa_json(a));
    cs_json_put(j, "stability", stability_json(a));
    cs_json_put(j, "tornado", tornado_json(a));
    cs_json_put(j, "what_would_change", changes_json(a));
    return j;
}
