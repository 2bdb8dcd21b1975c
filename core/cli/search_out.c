/* search_out.c -- a search's results as text, JSON and option YAML. No
 * timing or call counts go into them, so the same scenario and seed give
 * the same bytes at any thread count. */
#include "search_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

static const char *unit_id(const cs_search_result *r, unsigned i)
{
    return r->model->localities[i].id;
}

static const char *unit_name(const cs_search_result *r, unsigned i)
{
    return r->model->localities[i].name;
}

static double list_of(const cs_search_result *r, cs_set s)
{
    double x = 0;
    for (unsigned i = 0; i < r->units.n; i++)
        if (s >> i & 1)
            x += r->units.registered[i];
    return x;
}

static void text_set(FILE *fp, const cs_search_result *r, cs_set s)
{
    int first = 1;
    for (unsigned i = 0; i < r->units.n; i++)
        if (s >> i & 1) {
            fprintf(fp, "%s%s", first ? "" : " + ", unit_name(r, i));
            first = 0;
        }
}

static void text_config(FILE *fp, const cs_search_result *r,
                        const cs_search_config *c, size_t rank)
{
    fprintf(fp, "%3zu. %-20s %6.2f  [%.2f to %.2f]%s%s\n", rank, c->id,
            c->score.mean, c->score.p05, c->score.p95,
            c->listed >= 0 ? "  listed" : "", c->pareto ? "  Pareto" : "");
    if (!isnan(c->screen))
        fprintf(fp, "       screen %.2f\n", c->screen);
    for (unsigned k = 0; k < c->n_parts; k++) {
        fprintf(fp, "       - ");
        text_set(fp, r, c->parts[k]);
        fprintf(fp, " (%.0f registered)\n", list_of(r, c->parts[k]));
    }
}

static void text_rules(FILE *fp, const cs_search_result *r)
{
    const cs_search_spec *s = &r->model->search;

    fprintf(fp, "Units: %u localities; registered list per consortium %.0f"
            " to ", r->units.n, s->pop_min);
    if (isinf(s->pop_max))
        fprintf(fp, "any");
    else
        fprintf(fp, "%.0f", s->pop_max);
    fprintf(fp, "; %u to %u consortia; %zu together, %zu apart pairs; "
            "coterminous %s\n", s->parts_min, s->parts_max, s->n_together,
            s->n_apart, s->coterminous ? "yes" : "no");
}

static void text_solver(FILE *fp, const cs_search_result *r)
{
    fprintf(fp, "Screen: %zu draws a coalition; solver %s%s. ",
            r->screen_draws, r->method ? r->method : "exact",
            r->stopped_by_time ? ", stopped by its time limit (the answer "
            "depends on the clock)" : "");
    if (r->optimal)
        fprintf(fp, "The solver proved the best screen optimal (%.2f).\n",
                r->screen_best);
    else
        fprintf(fp, "Best screen %.2f; no grouping screens above %.2f "
                "(gap %.2f points).\n", r->screen_best, r->upper_bound,
                r->upper_bound - r->screen_best);
    fprintf(fp, "Exact: %zu draws, seed %llu, common random numbers; the "
            "screen was off by at most %.2f points on the groupings "
            "below.\n\n", r->draws, (unsigned long long)r->seed,
            r->screen_error);
}

static void text_stability(FILE *fp, const cs_search_result *r)
{
    const cs_search_config *c = &r->configs[r->best];

    fprintf(fp, "\nStability of %s (each consortium's own score):\n", c->id);
    for (unsigned k = 0; k < c->n_parts; k++) {
        fprintf(fp, "  %6.2f  ", r->own[k]);
        text_set(fp, r, c->parts[k]);
        fprintf(fp, "\n");
    }
    if (!r->n_blocks)
        fprintf(fp, "  No unit or consortium would score higher leaving, "
                "standing alone or joining a neighbour: stable.\n");
    for (size_t b = 0; b < r->n_blocks; b++) {
        const cs_block *k = &r->blocks[b];
        fprintf(fp, "  blocks, each member +%.2f or more: ", k->gain);
        if (!strcmp(k->kind, "merge")) {
            text_set(fp, r, k->from);
            fprintf(fp, " merging with ");
            text_set(fp, r, k->coalition & ~k->from);
        } else {
            text_set(fp, r, k->coalition);
            fprintf(fp, !strcmp(k->kind, "join") ? " joining " : " leaving ");
            text_set(fp, r, k->from);
            if (strcmp(k->kind, "join"))
                fprintf(fp, " to stand alone");
        }
        fprintf(fp, "\n");
    }
}

static void text_pools(FILE *fp, const cs_search_result *r)
{
    for (size_t i = 0; i < r->n_pools; i++) {
        const cs_pool_share *p = &r->pools[i];
        const cs_option *o = &r->model->options[p->option];
        const cs_federation *f = &o->federations[p->federation];
        fprintf(fp, "\nRisk pool of %s in %s: ", f->id, o->view.id);
        if (!p->phi) {
            fprintf(fp, "%zu members, too many for the exact Shapley value "
                    "(at most %d)\n", p->n_members, CS_POOL_MAX_MEMBERS);
            continue;
        }
        fprintf(fp, "pooling gains %.2f points; %s\n", p->gain, p->in_core
                ? "the Shapley shares are in the core"
                : "the Shapley shares are NOT in the core: some members "
                  "would gain more pooling on their own");
        for (size_t k = 0; k < p->n_members; k++)
            fprintf(fp, "  %6.2f  %s\n", p->phi[k],
                    o->consortia[f->members[k]].id);
    }
}

int cs_search_write_text(FILE *fp, const cs_search_result *r)
{
    size_t rank = 0;

    fprintf(fp, "Search: %s\n", r->model->name);
    text_rules(fp, r);
    text_solver(fp, r);
    fprintf(fp, "Groupings that keep the rules, best first (exact mean "
            "score 0-100, 90%% interval):\n");
    for (size_t i = 0; i < r->n_configs; i++)
        if (r->configs[i].feasible)
            text_config(fp, r, &r->configs[i], ++rank);
    if (!rank)
        fprintf(fp, "  none\n");
    fprintf(fp, "\nListed options (the scenario's own):\n");
    for (size_t i = 0; i < r->n_configs; i++) {
        const cs_search_config *c = &r->configs[i];
        if (c->listed < 0)
            continue;
        fprintf(fp, "  %-20s %6.2f  %s%s\n", c->id, c->score.mean,
                c->feasible ? "keeps the rules" : c->why,
                c->pareto ? "  Pareto" : "");
    }
    fprintf(fp, "\nPareto front across the criteria:");
    for (size_t i = 0; i < r->n_configs; i++)
        if (r->configs[i].pareto)
            fprintf(fp, " %s", r->configs[i].id);
    fprintf(fp, "\n");
    if (r->have_best)
        text_stability(fp, r);
    text_pools(fp, r);
    return ferror(fp) ? -1 : 0;
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *j_set(const cs_search_result *r, cs_set s)
{
    json_t *a = json_array();
    for (unsigned i = 0; i < r->units.n; i++)
        if (s >> i & 1)
            json_array_append_new(a, json_string(unit_id(r, i)));
    return a;
}

static json_t *j_num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *j_config(const cs_search_result *r, const cs_search_config *c)
{
    json_t *o = json_object(), *cons = json_array(), *vals = json_object();

    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "listed", json_boolean(c->listed >= 0));
    json_object_set_new(o, "score", json_pack("{s:o,s:o,s:o,s:o,s:o}",
        "mean", j_num(c->score.mean), "sd", j_num(c->score.sd),
        "p05", j_num(c->score.p05), "p50", j_num(c->score.p50),
        "p95", j_num(c->score.p95)));
    json_object_set_new(o, "screen", j_num(c->screen));
    json_object_set_new(o, "feasible", json_boolean(c->feasible));
    if (!c->feasible)
        json_object_set_new(o, "why", json_string(c->why));
    json_object_set_new(o, "pareto", json_boolean(c->pareto));
    for (unsigned k = 0; k < c->n_parts; k++)
        json_array_append_new(cons, json_pack("{s:o,s:o}", "localities",
            j_set(r, c->parts[k]), "registered",
            j_num(list_of(r, c->parts[k]))));
    json_object_set_new(o, "consortia", cons);
    for (size_t j = 0; j < r->n_crit; j++)
        json_object_set_new(vals, r->crit_label[j], j_num(c->value[j]));
    json_object_set_new(o, "values", vals);
    return o;
}

static json_t *j_stability(const cs_search_result *r)
{
    const cs_search_config *c = &r->configs[r->best];
    json_t *o = json_object(), *own = json_array(), *bl = json_array();

    json_object_set_new(o, "grouping", json_string(c->id));
    for (unsigned k = 0; k < c->n_parts; k++)
        json_array_append_new(own, json_pack("{s:o,s:o}", "localities",
            j_set(r, c->parts[k]), "own_score", j_num(r->own[k])));
    for (size_t b = 0; b < r->n_blocks; b++)
        json_array_append_new(bl, json_pack("{s:s,s:o,s:o,s:o}",
            "kind", r->blocks[b].kind,
            "coalition", j_set(r, r->blocks[b].coalition),
            "from", j_set(r, r->blocks[b].from),
            "gain", j_num(r->blocks[b].gain)));
    json_object_set_new(o, "own", own);
    json_object_set_new(o, "blocking", bl);
    json_object_set_new(o, "stable", json_boolean(r->n_blocks == 0));
    return o;
}

static json_t *j_pools(const cs_search_result *r)
{
    json_t *a = json_array();

    for (size_t i = 0; i < r->n_pools; i++) {
        const cs_pool_share *p = &r->pools[i];
        const cs_option *o = &r->model->options[p->option];
        const cs_federation *f = &o->federations[p->federation];
        json_t *mem = json_array();
        for (size_t k = 0; k < p->n_members; k++)
            json_array_append_new(mem, json_pack("{s:s,s:o}", "consortium",
                o->consortia[f->members[k]].id, "shapley",
                p->phi ? j_num(p->phi[k]) : json_null()));
        json_array_append_new(a, json_pack("{s:s,s:s,s:o,s:o,s:o}",
            "option", o->view.id, "federation", f->id, "members", mem,
            "gain", p->phi ? j_num(p->gain) : json_null(),
            "in_core", p->phi ? json_boolean(p->in_core) : json_null()));
    }
    return a;
}

static json_t *j_solver(const cs_search_result *r)
{
    return json_pack("{s:s,s:b,s:b,s:o,s:o,s:o,s:I,s:I,s:I}",
        "method", r->method ? r->method : "exact", "optimal", r->optimal,
        "stopped_by_time", r->stopped_by_time,
        "screen_best", j_num(r->screen_best),
        "upper_bound", j_num(r->upper_bound),
        "screen_error", j_num(r->screen_error),
        "screen_draws", (json_int_t)r->screen_draws,
        "draws", (json_int_t)r->draws, "seed", (json_int_t)r->seed);
}

static json_t *j_rules(const cs_search_result *r)
{
    const cs_search_spec *s = &r->model->search;
    json_t *o = json_object(), *units = json_array();

    for (unsigned i = 0; i < r->units.n; i++)
        json_array_append_new(units, json_pack("{s:s,s:s,s:o,s:o}",
            "id", unit_id(r, i), "name", unit_name(r, i),
            "registered", j_num(r->units.registered[i]),
            "neighbours", j_set(r, r->units.nbr[i])));
    json_object_set_new(o, "units", units);
    json_object_set_new(o, "population_min", j_num(s->pop_min));
    json_object_set_new(o, "population_max", j_num(s->pop_max));
    json_object_set_new(o, "consortia_min", json_integer(s->parts_min));
    json_object_set_new(o, "consortia_max", json_integer(s->parts_max));
    json_object_set_new(o, "coterminous", json_boolean(s->coterminous));
    return o;
}

int cs_search_write_json(FILE *fp, const cs_search_result *r)
{
    json_t *root = json_object(), *conf = json_array(), *par = json_array();
    json_t *lis = json_array();
    int rc;

    json_object_set_new(root, "scenario", json_string(r->model->id));
    json_object_set_new(root, "search", j_rules(r));
    json_object_set_new(root, "solver", j_solver(r));
    for (size_t i = 0; i < r->n_configs; i++) {
        const cs_search_config *c = &r->configs[i];
        if (c->feasible)
            json_array_append_new(conf, j_config(r, c));
        if (c->pareto)
            json_array_append_new(par, json_string(c->id));
        if (c->listed >= 0)
            json_array_append_new(lis, j_config(r, c));
    }
    json_object_set_new(root, "configurations", conf);
    json_object_set_new(root, "pareto", par);
    json_object_set_new(root, "listed", lis);
    json_object_set_new(root, "stability",
                        r->have_best ? j_stability(r) : json_object());
    json_object_set_new(json_object_get(root, "stability"), "pools",
                        j_pools(r));
    rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                              JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc == 0)
        fputc('\n', fp);
    return rc < 0 || ferror(fp) ? -1 : 0;
}

/* ---- option YAML ------------------------------------------------------ */

int cs_search_write_options(FILE *fp, const cs_search_result *r)
{
    fprintf(fp, "  # Found by `consortia search` on scenario '%s' (seed %llu,"
            " %zu draws): paste under 'options:'.\n", r->model->id,
            (unsigned long long)r->seed, r->draws);
    for (size_t i = 0; i < r->n_configs; i++) {
        const cs_search_config *c = &r->configs[i];
        if (c->listed >= 0 || !c->feasible)
            continue;
        fprintf(fp, "  - id: %s\n    name: \"Search find %s, %u consortia "
                "(mean score %.2f)\"\n    consortia:\n", c->id, c->id + 7,
                c->n_parts, c->score.mean);
        for (unsigned k = 0; k < c->n_parts; k++) {
            int first = 1;
            fprintf(fp, "      - {id: c%u, localities: [", k + 1);
            for (unsigned u = 0; u < r->units.n; u++)
                if (c->parts[k] >> u & 1) {
                    fprintf(fp, "%s%s", first ? "" : ", ", unit_id(r, u));
                    first = 0;
                }
            fprintf(fp, "]}\n");
        }
    }
    return ferror(fp) ? -1 : 0;
}
