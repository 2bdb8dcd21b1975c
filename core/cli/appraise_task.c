/* appraise_task.c -- one appraisal split into shards (docs/scale-out.md):
 * `appraise --task I/N -o FILE` computes work items k = criterion x
 * distinct consortia + consortium with k mod N = I - 1 (the main run's
 * consortium() calls; their random streams are keyed by the scenario
 * seed, the plugin and the consortium's key, never by the shard) and
 * writes their values; merge's writer puts them back, runs option(), the
 * decision stage and the sensitivity reruns, and writes what `appraise`
 * writes, byte for byte. */
#include "config.h"
#include "sweep.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <nettle/base64.h>

#include "base/base.h"
#include "decision/score.h"
#include "report/report.h"
#include "session.h"

typedef struct task_ctx {
    unsigned task, n_tasks;     /* the shard's (want) */
    const json_t *items;        /* every item's record (fill) */
    char err[512];
} task_ctx;

static int want(void *ctx, const cs_appraisal *a, size_t crit, size_t u)
{
    const task_ctx *t = ctx;

    return (crit * a->n_unique + u) % t->n_tasks == t->task - 1;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The distinct consortia (by membership key) the appraisal will find. */
static size_t count_unique(const cs_model *m)
{
    size_t total = 0, n = 0, k = 0;
    const char **keys;

    for (size_t o = 0; o < m->n_options; o++)
        total += m->options[o].view.n_consortia;
    if (!(keys = calloc(total + 1, sizeof *keys)))
        return SIZE_MAX;
    for (size_t o = 0; o < m->n_options; o++)
        for (size_t c = 0; c < m->options[o].view.n_consortia; c++)
            keys[k++] = m->options[o].view.consortia[c].key;
    qsort(keys, total, sizeof *keys, cmp_str);
    for (size_t i = 0; i < total; i++)
        n += i == 0 || strcmp(keys[i], keys[i - 1]) != 0;
    free(keys);
    return n;
}

/* What every shard and merge must agree on: the common fields and the
 * number of distinct consortia. */
static json_t *plan_of(const cs_model *m, cs_plugin *const *pl,
                       const char *const *dirs, size_t n_dirs,
                       const cs_appraise_opts *o, size_t n_unique)
{
    json_t *p = cs_task_plan("appraise", m, pl, dirs, n_dirs,
                             o->draws ? o->draws : m->analysis.draws,
                             o->has_seed ? o->seed : m->analysis.seed);

    json_object_set_new(p, "distinct_consortia",
                        json_integer((json_int_t)n_unique));
    json_object_set_new(p, "items", json_integer((json_int_t)(
        n_unique * m->n_criteria)));
    return p;
}

/* n doubles as base64 of their IEEE 754 bytes, little-endian: exact, and
 * the same on every host. */
static json_t *encode(const double *v, size_t n)
{
    uint8_t *raw = malloc(8 * n + 1);
    char *s = malloc(BASE64_ENCODE_RAW_LENGTH(8 * n) + 1);
    json_t *j = NULL;

    if (raw && s) {
        for (size_t i = 0; i < n; i++) {
            uint64_t b;
            memcpy(&b, &v[i], 8);
            for (int k = 0; k < 8; k++)
                raw[8 * i + (size_t)k] = (uint8_t)(b >> (8 * k));
        }
        base64_encode_raw(s, 8 * n, raw);
        s[BASE64_ENCODE_RAW_LENGTH(8 * n)] = '\0';
        j = json_string(s);
    }
    free(raw);
    free(s);
    return j;
}

/* The inverse of encode into v[0..n); -1 when s does not hold n values. */
static int decode(const char *s, double *v, size_t n)
{
    struct base64_decode_ctx ctx;
    size_t len = s ? strlen(s) : 0, got = BASE64_DECODE_LENGTH(len);
    uint8_t *raw = malloc(got + 1);
    int ok;

    base64_decode_init(&ctx);
    ok = raw && s && base64_decode_update(&ctx, &got, raw, len, s) &&
         base64_decode_final(&ctx) && got == 8 * n;
    for (size_t i = 0; ok && i < n; i++) {
        uint64_t b = 0;
        for (int k = 7; k >= 0; k--)
            b = b << 8 | raw[8 * i + (size_t)k];
        memcpy(&v[i], &b, 8);
    }
    free(raw);
    return ok ? 0 : -1;
}

/* Item k's record: its criterion, consortium and every metric's values. */
static json_t *record_of(const cs_appraisal *a, size_t k)
{
    size_t c = k / a->n_unique, u = k % a->n_unique;
    const cs_crit_run *run = &a->crits[c];
    json_t *r = json_object(), *vals = json_array();

    json_object_set_new(r, "item", json_integer((json_int_t)k));
    json_object_set_new(r, "criterion", json_string(run->spec->label));
    json_object_set_new(r, "consortium", json_string(a->unique[u]->key));
    for (size_t m = 0; m < run->n_metrics; m++)
        json_array_append_new(vals, encode(run->unique[u].values[m],
                              cs_metric_len(&run->metrics[m], a->n_draws)));
    json_object_set_new(r, "values", vals);
    return r;
}

static int fill(void *ctx, const cs_appraisal *a, size_t crit,
                cs_crit_run *run)
{
    task_ctx *t = ctx;

    for (size_t u = 0; u < a->n_unique; u++) {
        const json_t *r = json_array_get(t->items, crit * a->n_unique + u);
        const json_t *vals = json_object_get(r, "values");
        const char *lab = json_string_value(json_object_get(r, "criterion"));
        const char *key = json_string_value(json_object_get(r, "consortium"));
        int bad = !lab || !key || strcmp(lab, run->spec->label) ||
                  strcmp(key, a->unique[u]->key) ||
                  json_array_size(vals) != run->n_metrics;
        for (size_t m = 0; !bad && m < run->n_metrics; m++)
            bad = decode(json_string_value(json_array_get(vals, m)),
                         run->unique[u].values[m],
                         cs_metric_len(&run->metrics[m], a->n_draws)) < 0;
        if (bad) {
            snprintf(t->err, sizeof t->err, "item %zu (criterion '%s', "
                     "consortium '%s') does not fit the scenario or its "
                     "plugins", crit * a->n_unique + u, run->spec->label,
                     a->unique[u]->id);
            return -1;
        }
    }
    return 0;
}

static int task_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "consortia: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: consortia appraise FILE --task I/N -o PARTIAL "
            "[--seed N] [--draws N] [--threads N]\n       consortia merge "
            "PARTIAL... [--format FMT] [-o FILE | --reports DIR]\n");
    return EX_USAGE;
}

/* Runs the shard's consortium() calls and writes its partial result. */
static int run_shard(cs_model *m, cs_plugin **pl, const json_t *plan,
                     task_ctx *t, const char *output,
                     const cs_appraise_opts *opts)
{
    cs_cons_shard shard = {want, NULL, 1, t};
    cs_appraise_opts o = *opts;
    cs_diag diag = {0};
    cs_appraisal *a;
    json_t *recs = json_array();
    size_t n_items = 0, *items = NULL;
    int pf = 0, rc = 0;
    char err[1024];
    cs_out out;

    o.shard = &shard;
    if (!(a = cs_appraise(m, pl, &o, &diag, &pf)))
        rc = pf ? EX_SOFTWARE : EX_DATAERR;
    else if (!(items = cs_task_items(a->n_unique * a->n_crits, t->task,
                                     t->n_tasks, &n_items)))
        rc = EX_OSERR;
    for (size_t i = 0; rc == 0 && i < n_items; i++)
        json_array_append_new(recs, record_of(a, items[i]));
    if (!opts->quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc == 0 && cs_out_open(&out, output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        rc = EX_CANTCREAT;
    } else if (rc == 0 && cs_partial_write(out.fp, "appraise", plan, t->task,
                                           t->n_tasks, items, n_items,
                                           recs) < 0) {
        cs_out_abort(&out);
        fprintf(stderr, "consortia: error: cannot write %s\n", output);
        rc = EX_IOERR;
    } else if (rc == 0 && cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        rc = EX_IOERR;
    }
    json_decref(recs);
    free(items);
    cs_appraisal_free(a);
    return rc;
}

int cs_cmd_appraise_task(const char *file, const char *task,
                         const char *output, const char *const *dirs,
                         size_t n_dirs, const cs_appraise_opts *opts)
{
    task_ctx t = {0};
    cs_design none = {0};
    cs_model *m = NULL;
    cs_plugin **pl = NULL;
    cs_diag diag = {0};
    json_t *plan = NULL;
    char extra;
    int rc;

    if (sscanf(task, "%u/%u%c", &t.task, &t.n_tasks, &extra) != 2 ||
        t.n_tasks < 1 || t.task < 1 || t.task > t.n_tasks ||
        t.n_tasks > 100000)
        return task_usage("--task needs I/N with 1 <= I <= N (e.g. 2/3), "
                          "not '%s'", task);
    if (!output || !strcmp(output, "-"))
        return task_usage("%s", "--task writes a partial result: give "
                          "-o FILE (then `consortia merge` the files)");
    if (opts->keep_going)
        return task_usage("%s", "--keep-going cannot be split into tasks; "
                          "run the appraisal whole");
    if ((rc = cs_sweep_load(file, &none, dirs, n_dirs, &m, &pl)) != 0)
        return rc;
    if (cs_check_value_fns(m, pl, 0, &diag) < 0)
        rc = EX_DATAERR;
    cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc == 0 && !(plan = plan_of(m, pl, dirs, n_dirs, opts,
                                    count_unique(m))))
        rc = EX_OSERR;
    if (rc == 0 && !cs_task_done(output, plan, t.task, t.n_tasks,
                                 opts->quiet))
        rc = run_shard(m, pl, plan, &t, output, opts);
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
                                         "draws", "seed", "items"};

    return cs_task_plan_holds(plan, now, fields,
                              sizeof fields / sizeof *fields,
                              "with another number of draws, seed or "
                              "consortia");
}

/* Loads the plan's scenario and plugins; 0 with *m, *pl, or an exit. */
static int merge_load(const json_t *plan, cs_appraise_opts *o, cs_model **m,
                      cs_plugin ***pl)
{
    const json_t *pp = json_object_get(plan, "plugin_path");
    const char *dirs[16];
    size_t n = 0, i;
    const json_t *d;
    cs_design none = {0};
    cs_load_opts lo = {
        json_is_true(json_object_get(plan, "allow_plugin_file")),
        json_is_true(json_object_get(plan, "allow_outside_files"))};
    uint64_t seed;
    json_t *now;
    int rc;

    json_array_foreach(pp, i, d)
        if (n < 16)
            dirs[n++] = json_string_value(d);
    if (cs_parse_count(json_string_value(json_object_get(plan, "seed")), 0,
                       UINT64_MAX, &seed) < 0)
        return EX_DATAERR;
    *o = (cs_appraise_opts){0};
    o->seed = seed;
    o->has_seed = 1;
    o->draws = (size_t)json_integer_value(json_object_get(plan, "draws"));
    cs_session_set_load_opts(&lo);
    rc = cs_sweep_load(json_string_value(json_object_get(plan, "scenario")),
                       &none, dirs, n, m, pl);
    if (rc != 0)
        return rc;
    if (!(now = plan_of(*m, *pl, dirs, n, o, count_unique(*m))))
        return EX_OSERR;
    rc = plan_holds(plan, now);
    json_decref(now);
    return rc;
}

int cs_appraise_write_final(const json_t *plan, const json_t *items,
                            const char *format, const char *output,
                            const char *dir)
{
    cs_report_dest dest = {CS_FMT_TEXT, output, dir};
    task_ctx t = {0};
    cs_cons_shard shard = {NULL, fill, 0, &t};
    cs_appraise_opts o;
    cs_model *m = NULL;
    cs_plugin **pl = NULL;
    cs_appraisal *a = NULL;
    cs_diag diag = {0};
    int rc = 0, pf = 0;

    if (format && cs_format_parse(format, &dest.format) < 0)
        return task_usage("unknown format '%s'; use text, json, csv, "
                          "consortia-csv, md or html", format);
    rc = merge_load(plan, &o, &m, &pl);
    t.items = items;
    o.shard = &shard;
    o.quiet = 1;
    /* a record that does not fit (t.err) is the partial's fault, not a
     * plugin's: refused as data, like merge's other refusals */
    if (rc == 0 && !(a = cs_appraise_decided(m, pl, &o, &diag, &pf)))
        rc = pf && !t.err[0] ? EX_SOFTWARE : EX_DATAERR;
    if (t.err[0])
        fprintf(stderr, "consortia: error: %s; run its task again\n", t.err);
    else if (diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc == 0)
        rc = cs_session_write(a, &dest);
    cs_appraisal_free(a);
    if (m)
        cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}
