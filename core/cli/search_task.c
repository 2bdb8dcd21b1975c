/* search_task.c -- one search split into shards (docs/scale-out.md,
 * docs/search.md "Shards"): `search --task I/N -o FILE` screens the
 * allowed connected coalitions whose item i (their enumeration order) has
 * i mod N = I - 1 and writes each one's screening values; merge's writer
 * puts every value into the search's cache and runs the rest in one
 * process (the solver, the exact re-scoring, the Pareto front, stability,
 * the risk pools), writing what `search` writes, byte for byte. A
 * coalition's screen depends on its membership only (its random streams
 * are keyed by it), never on the shard or the batch that computed it. */
#include "config.h"
#include "sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/base.h"
#include "search/search.h"
#include "search_out.h"
#include "session.h"

static int task_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "consortia: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: consortia search SCENARIO --task I/N -o PARTIAL "
            "[--force] [search options]\n       consortia merge PARTIAL... "
            "[--format text|json|html] [-o FILE | --reports DIR]\n");
    return EX_USAGE;
}

/* What every shard and the merge must agree on: the common fields, the
 * search's options and its number of coalitions. */
static json_t *plan_of(const cs_model *m, cs_plugin *const *pl,
                       const char *const *dirs, size_t n_dirs,
                       const cs_search_opts *o, size_t n_items)
{
    size_t sd = o->screen_draws ? o->screen_draws : m->search.screen_draws;
    json_t *p = cs_task_plan("search", m, pl, dirs, n_dirs,
                             o->draws ? o->draws : m->analysis.draws,
                             o->has_seed ? o->seed : m->analysis.seed);

    json_object_set_new(p, "screen_draws",
                        json_integer((json_int_t)(sd ? sd : 1000)));
    json_object_set_new(p, "top", json_integer((json_int_t)o->top));
    json_object_set_new(p, "time_limit", json_real(o->time_limit));
    json_object_set_new(p, "items", json_integer((json_int_t)n_items));
    return p;
}

/* A double as the hex of its IEEE 754 bits: exact, and infinities too. */
static json_t *hex_of(double x)
{
    uint64_t b;
    char s[24];

    memcpy(&b, &x, sizeof b);
    snprintf(s, sizeof s, "%016" PRIx64, b);
    return json_string(s);
}

static int unhex(const json_t *j, uint64_t *b)
{
    const char *s = json_string_value(j);
    char *end;

    if (!s || strlen(s) != 16)
        return -1;
    *b = strtoull(s, &end, 16);
    return *end ? -1 : 0;
}

static json_t *record_of(const cs_search_screened *c)
{
    json_t *r = json_object();
    char set[24];

    snprintf(set, sizeof set, "%016" PRIx64, (uint64_t)c->set);
    json_object_set_new(r, "item", json_integer((json_int_t)c->item));
    json_object_set_new(r, "coalition", json_string(set));
    json_object_set_new(r, "value", hex_of(c->val));
    json_object_set_new(r, "own", hex_of(c->own));
    return r;
}

/* Record k back into c; -1 when it is not one. */
static int record_in(const json_t *r, size_t k, cs_search_screened *c)
{
    uint64_t set, v, o;

    if (json_integer_value(json_object_get(r, "item")) != (json_int_t)k ||
        unhex(json_object_get(r, "coalition"), &set) < 0 || !set ||
        unhex(json_object_get(r, "value"), &v) < 0 ||
        unhex(json_object_get(r, "own"), &o) < 0)
        return -1;
    c->item = k;
    c->set = (cs_set)set;
    memcpy(&c->val, &v, sizeof v);
    memcpy(&c->own, &o, sizeof o);
    return 0;
}

/* Screens the shard's coalitions and writes its partial result. */
static int run_shard(const cs_model *m, cs_plugin **pl, const json_t *plan,
                     unsigned task, unsigned n_tasks, const char *output,
                     const cs_search_opts *o, int quiet)
{
    cs_search_screened *sc = NULL;
    size_t n = 0, n_items = 0, *items = NULL;
    cs_diag diag = {0};
    json_t *recs = json_array();
    int pf = 0, rc = 0;
    char err[1024];
    cs_out out;

    if (cs_search_screen_task(m, pl, o, task, n_tasks, &sc, &n, &n_items,
                              &diag, &pf) < 0)
        rc = pf ? EX_SOFTWARE : EX_DATAERR;
    else if (!(items = malloc((n + 1) * sizeof *items)))
        rc = EX_OSERR;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        items[i] = sc[i].item;
        json_array_append_new(recs, record_of(&sc[i]));
    }
    if (!quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc == 0 && cs_out_open(&out, output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        rc = EX_CANTCREAT;
    } else if (rc == 0 && cs_partial_write(out.fp, "search", plan, task,
                                           n_tasks, items, n, recs) < 0) {
        cs_out_abort(&out);
        fprintf(stderr, "consortia: error: cannot write %s\n", output);
        rc = EX_IOERR;
    } else if (rc == 0 && cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        rc = EX_IOERR;
    }
    json_decref(recs);
    free(items);
    free(sc);
    return rc;
}

/* The plan of m's search, or NULL with the reason said (*rc set). */
static json_t *plan_now(const cs_model *m, cs_plugin *const *pl,
                        const char *const *dirs, size_t n_dirs,
                        const cs_search_opts *o, int *rc)
{
    cs_diag diag = {0};
    size_t n_items;
    json_t *p = NULL;

    if (cs_search_count_items(m, &n_items, &diag) < 0)
        *rc = EX_DATAERR;
    else if (!(p = plan_of(m, pl, dirs, n_dirs, o, n_items)))
        *rc = EX_OSERR;
    cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    return p;
}

int cs_cmd_search_task(const char *file, const char *task,
                       const char *output, int force,
                       const char *const *dirs, size_t n_dirs,
                       const cs_search_opts *o, int quiet)
{
    unsigned t, n;
    char extra;
    cs_design none = {0};
    cs_model *m = NULL;
    cs_plugin **pl = NULL;
    json_t *plan = NULL;
    int rc;

    if (sscanf(task, "%u/%u%c", &t, &n, &extra) != 2 || n < 1 || t < 1 ||
        t > n || n > 100000)
        return task_usage("--task needs I/N with 1 <= I <= N (e.g. 2/3), "
                          "not '%s'", task);
    if ((rc = cs_sweep_load(file, &none, dirs, n_dirs, &m, &pl)) != 0)
        return rc;
    if ((plan = plan_now(m, pl, dirs, n_dirs, o, &rc)) &&
        (force || !cs_task_done(output, plan, t, n, quiet)))
        rc = run_shard(m, pl, plan, t, n, output, o, quiet);
    json_decref(plan);
    cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}

/* ---- merge's writer --------------------------------------------------- */

/* Checks the plan against this program, the scenario's files as they are
 * now and its plugins. 0, or EX_DATAERR with the reason said. */
static int plan_holds(const json_t *plan, const json_t *now)
{
    static const char *const fields[] = {"program", "inputs", "criteria",
                                         "items"};

    return cs_task_plan_holds(plan, now, fields,
                              sizeof fields / sizeof *fields,
                              "for another number of coalitions");
}

/* The search's options from the plan. 0, or EX_DATAERR. */
static int opts_of(const json_t *plan, cs_search_opts *o)
{
    uint64_t seed;

    memset(o, 0, sizeof *o);
    if (cs_parse_count(json_string_value(json_object_get(plan, "seed")), 0,
                       UINT64_MAX, &seed) < 0)
        return EX_DATAERR;
    o->seed = seed;
    o->has_seed = 1;
    o->draws = (size_t)json_integer_value(json_object_get(plan, "draws"));
    o->screen_draws = (size_t)json_integer_value(json_object_get(plan,
                                                 "screen_draws"));
    o->top = (unsigned)json_integer_value(json_object_get(plan, "top"));
    o->time_limit = json_real_value(json_object_get(plan, "time_limit"));
    return o->draws && o->screen_draws ? 0 : EX_DATAERR;
}

/* Loads the plan's scenario and plugins and checks them. 0, or an exit. */
static int merge_load(const json_t *plan, const cs_search_opts *o,
                      cs_model **m, cs_plugin ***pl)
{
    const json_t *pp = json_object_get(plan, "plugin_path"), *d;
    const char *dirs[16];
    size_t n = 0, i;
    cs_design none = {0};
    cs_load_opts lo = {
        json_is_true(json_object_get(plan, "allow_plugin_file")),
        json_is_true(json_object_get(plan, "allow_outside_files"))};
    json_t *now;
    int rc = 0;

    json_array_foreach(pp, i, d)
        if (n < 16)
            dirs[n++] = json_string_value(d);
    cs_session_set_load_opts(&lo);
    rc = cs_sweep_load(json_string_value(json_object_get(plan, "scenario")),
                       &none, dirs, n, m, pl);
    if (rc != 0)
        return rc;
    if (!(now = plan_now(*m, *pl, dirs, n, o, &rc)))
        return rc;
    rc = plan_holds(plan, now);
    json_decref(now);
    return rc;
}

/* The search's output(s): one format, or every one into dir. */
static int write_outputs(const cs_search_result *r, const char *format,
                         const char *output, const char *dir)
{
    static const char *const fmts[] = {"text", "json", "html", "options"};
    static const char *const names[] = {"search.txt", "search.json",
                                        "search.html",
                                        "search-options.yaml"};
    char path[4096];
    int rc = 0;

    if (!dir)
        return cs_search_write_result(r, format, output, NULL);
    if (mkdir(dir, 0777) != 0 && access(dir, W_OK) != 0) {
        fprintf(stderr, "%s: error: cannot create the reports directory; "
                "check the path and its permissions\n", dir);
        return EX_CANTCREAT;
    }
    for (size_t i = 0; rc == 0 && i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = cs_search_write_result(r, fmts[i], path, NULL);
    }
    return rc;
}

int cs_search_write_final(const json_t *plan, const json_t *items,
                          const char *format, const char *output,
                          const char *dir)
{
    cs_search_opts o;
    cs_search_screened *sc = NULL;
    cs_search_result r;
    cs_model *m = NULL;
    cs_plugin **pl = NULL;
    cs_diag diag = {0};
    size_t n = json_array_size(items);
    int rc, pf = 0;

    memset(&r, 0, sizeof r);
    if (format && strcmp(format, "text") && strcmp(format, "json") &&
        strcmp(format, "html"))
        return task_usage("unknown format '%s'; use text, json or html",
                          format);
    if ((rc = opts_of(plan, &o)) != 0)
        fprintf(stderr, "%s: error: the plan of the partial results is not "
                "a search's; run every task again\n",
                json_string_value(json_object_get(plan, "scenario")));
    if (rc == 0)
        rc = merge_load(plan, &o, &m, &pl);
    if (rc == 0 && !(sc = calloc(n + 1, sizeof *sc)))
        rc = EX_OSERR;
    for (size_t k = 0; rc == 0 && k < n; k++)
        if (record_in(json_array_get(items, k), k, &sc[k]) < 0) {
            fprintf(stderr, "consortia: error: item %zu is not a screened "
                    "coalition; run its task again\n", k);
            rc = EX_DATAERR;
        }
    o.prefill = sc;
    o.n_prefill = n;
    if (rc == 0 && cs_search_run(m, pl, &o, &r, &diag, &pf) < 0)
        rc = pf ? EX_SOFTWARE : EX_DATAERR;
    if (diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc == 0)
        rc = write_outputs(&r, format, output, dir);
    cs_search_result_free(&r);
    free(sc);
    if (m)
        cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}
