/* exec.c -- criteria's plugin calls as jobs for worker processes. */
#include "exec.h"
#include "exec_job.h"
#include "host/host.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

/* ---- values ------------------------------------------------------------- */

/* The store of each distinct consortium's summaries (appraise.h,
 * unique_sum), shared like the values; once per run (a rerun's
 * consortia are not summarised). */
static int summaries_map(cs_appraisal *a, cs_crit_run *run)
{
    size_t per = 0;
    void *p;

    if (run->sum_len)
        return 0;
    if (!(run->sum_at = calloc(run->n_metrics + 1, sizeof *run->sum_at)))
        return -1;
    for (size_t m = 0; m < run->n_metrics; m++) {
        run->sum_at[m] = per;
        per += run->metrics[m].sampled ? 5 : 1;
    }
    run->sum_per = per;
    run->sum_len = (a->n_unique ? a->n_unique : 1) * (per ? per : 1)
                   * sizeof(double);
    p = mmap(NULL, run->sum_len, PROT_READ | PROT_WRITE,
             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        run->sum_len = 0;
        return -1;
    }
    run->unique_sum = p;
    return 0;
}

/* Points run->unique and run->options into one shared mapping, mapped
 * before the workers are forked so they write where the parent reads. */
static int values_map(cs_appraisal *a, cs_crit_run *run)
{
    size_t n_opt = a->model->n_options, per = 0, n_v = a->n_unique + n_opt;
    double *p;

    if (summaries_map(a, run) < 0)
        return -1;
    if (run->arena)
        return 0;   /* mapped already (a rerun's, kept for the next) */
    for (size_t m = 0; m < run->n_metrics; m++)
        per += cs_metric_len(&run->metrics[m], a->n_draws);
    run->arena_len = (n_v ? n_v : 1) * (per ? per : 1) * sizeof(double);
    run->arena = mmap(NULL, run->arena_len, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    run->unique = calloc(a->n_unique + 1, sizeof *run->unique);
    run->options = calloc(n_opt + 1, sizeof *run->options);
    if (run->arena == MAP_FAILED) {
        run->arena = NULL;
        return -1;
    }
    if (!run->unique || !run->options)
        return -1;
    p = run->arena;
    for (size_t v = 0; v < n_v; v++) {
        cs_values *x = v < a->n_unique ? &run->unique[v]
                                       : &run->options[v - a->n_unique];
        x->n_metrics = run->n_metrics;
        x->n_draws = a->n_draws;
        if (!(x->values = calloc(run->n_metrics + 1, sizeof *x->values)))
            return -1;
        for (size_t m = 0; m < run->n_metrics; m++) {
            x->values[m] = p;
            p += cs_metric_len(&run->metrics[m], a->n_draws);
        }
    }
    return 0;
}

void cs_exec_release(cs_appraisal *a, cs_crit_run *run)
{
    for (size_t j = 0; run->unique && j < a->n_unique; j++)
        free(run->unique[j].values);
    for (size_t o = 0; run->options && o < a->model->n_options; o++)
        free(run->options[o].values);
    free(run->unique);
    free(run->options);
    if (run->arena)
        munmap(run->arena, run->arena_len);
    run->unique = run->options = NULL;
    run->arena = NULL;
    run->arena_len = 0;
    if (run->unique_sum)
        munmap(run->unique_sum, run->sum_len);
    free(run->sum_at);
    run->unique_sum = NULL;
    run->sum_at = NULL;
    run->sum_len = run->sum_per = 0;
}

/* Frees the per-draw values of the distinct consortia of a run whose
 * options are all computed (appraise.h, unique_sum): the whole pages
 * they fill, which the options' values do not share. */
static void unique_free(cs_appraisal *a, cs_crit_run *run)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;

    if (a->keep_unique || !run->arena || !run->unique || a->n_unique == 0 ||
        !page ||
        !run->options || !run->options[0].values || run->n_metrics == 0)
        return;
    lo = (uintptr_t)run->arena;
    hi = (uintptr_t)run->options[0].values[0] & ~(page - 1);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_REMOVE);
}

void cs_exec_metrics_free(cs_crit_run *run)
{
    for (size_t m = 0; run->own_metrics && m < run->n_metrics; m++) {
        free((char *)run->own_metrics[m].name);
        free((char *)run->own_metrics[m].unit);
        free((char *)run->own_metrics[m].doc);
    }
    free(run->own_metrics);
    run->own_metrics = NULL;
}

/* ---- the parent side ---------------------------------------------------- */

static cs_diag *job_log(exec *x, const cs_job *j)
{
    xcrit *k = &x->c[j->crit];

    if (j->kind == CS_JOB_INIT)
        return &k->logs[0];
    if (j->kind == CS_JOB_CONSORTIA)
        return &k->logs[1 + j->lo / (k->chunk ? k->chunk : 1)];
    return &k->logs[1 + k->n_chunks + j->lo];
}

/* The reply's log lines into d. */
static void take_log(cs_rd *r, cs_diag *d)
{
    size_t n = cs_rd_size(r);

    for (size_t i = 0; i < n && r->left; i++) {
        int is_error = cs_rd_size(r) != 0;
        cs_diag_line(d, is_error, cs_rd_str(r));
    }
}

/* What the plugin wrote to stdout/stderr, as warnings of its criterion. */
static void take_output(exec *x, const cs_crit_run *run, const char *out,
                        cs_diag *d)
{
    char line[1280];
    size_t n = 0, more = 0;

    while (out && *out) {
        size_t len = strcspn(out, "\n");
        if (len && run->ctx && !run->ctx->quiet && n < 20) {
            snprintf(line, sizeof line, "consortia: criterion '%s': warning: "
                     "the plugin wrote to its output: %.*s", run->spec->label,
                     (int)(len < 1000 ? len : 1000), out);
            cs_diag_line(d, 0, line);
            n++;
        } else if (len) {
            more++;
        }
        out += len + (out[len] == '\n');
    }
    if (more && !run->ctx->quiet) {
        snprintf(line, sizeof line, "consortia: criterion '%s': warning: ... "
                 "and %zu more lines of output", run->spec->label, more);
        cs_diag_line(d, 0, line);
    }
    (void)x;
}

/* The fixes a failure's message ends with (the caller may add "or run
 * with --keep-going ..."). */
static const char FIX_PLUGIN[] = "fix the plugin or the criterion's "
                                 "parameters";
static const char FIX_MEMORY[] = "free some memory";
static const char FIX_METRICS[] = "fix the plugin's metric declarations "
                                  "(docs/plugin-guide.md)";

static void fail(cs_crit_run *run, const char *fix, const char *fmt, ...)
    CS_DIAG_PRINTF(3, 4);

/* Marks the run failed with the first reason given and its fix. */
static void fail(cs_crit_run *run, const char *fix, const char *fmt, ...)
{
    va_list ap;

    if (run->failed)
        return;
    run->failed = 1;
    run->fix = fix;
    va_start(ap, fmt);
    vsnprintf(run->error, sizeof run->error, fmt, ap);
    va_end(ap);
}

/* An optional string of the reply, copied; *oom set when it cannot be. */
static char *get_opt_str(cs_rd *r, int *oom)
{
    int has = cs_rd_size(r) != 0;
    const char *s = cs_rd_str(r);
    char *copy = has ? strdup(s) : NULL;

    *oom |= has && !copy;
    return copy;
}

/* The probe's reply: metrics, or why init failed. */
static void init_done(exec *x, const cs_job *j, cs_rd *r)
{
    cs_crit_run *run = x->c[j->crit].run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    int failed = cs_rd_size(r) != 0;
    const char *why = cs_rd_str(r);
    size_t n = cs_rd_size(r);
    char err[1024];
    int oom = 0;

    if (failed) {
        fail(run, FIX_PLUGIN,
             "criterion '%s' failed to start (plugin '%s' %s): %s",
             run->spec->label, d->name, d->version,
             why[0] ? why : "its init() gave no reason");
        return;
    }
    if (n > 100000 || !(run->own_metrics = calloc(n + 1,
                                                  sizeof *run->own_metrics))) {
        fail(run, FIX_MEMORY, "criterion '%s': out of memory",
             run->spec->label);
        return;
    }
    for (size_t m = 0; m < n; m++) {
        cs_metric_decl *md = &run->own_metrics[m];
        md->name = get_opt_str(r, &oom);
        md->unit = get_opt_str(r, &oom);
        md->doc = get_opt_str(r, &oom);
        md->direction = (cs_direction)((int)cs_rd_size(r) - 1);
        md->sampled = (int)cs_rd_size(r);
        md->aggregate = (cs_aggregate)cs_rd_size(r);
    }
    run->metrics = run->own_metrics;
    run->n_metrics = n;
    if (oom)
        fail(run, FIX_MEMORY, "criterion '%s': out of memory",
             run->spec->label);
    else if (cs_metrics_check(d->name, run->metrics, n, err, sizeof err) < 0)
        fail(run, FIX_METRICS, "criterion '%s': %s", run->spec->label, err);
}

/* The first option holding distinct consortium u. */
static size_t option_of(const cs_appraisal *a, size_t u)
{
    for (size_t o = 0; o < a->model->n_options; o++)
        for (size_t c = 0; c < a->model->options[o].view.n_consortia; c++)
            if (a->unique_of[o][c] == u)
                return o;
    return 0;
}

static void cons_failed(exec *x, xcrit *k)
{
    size_t o = option_of(x->a, k->cons_at);

    fail(k->run, FIX_PLUGIN, "criterion '%s' failed for option '%s' "
         "(consortium '%s'): %s", k->run->spec->label, x->a->model->options[o].view.id,
         x->a->unique[k->cons_at]->id, k->cons_err);
}

static void job_done(void *ctx, const cs_job *j, const char *reply,
                     size_t len, const char *output)
{
    exec *x = ctx;
    xcrit *k = &x->c[j->crit];
    cs_rd r = {reply, len};
    cs_diag *log = job_log(x, j);
    size_t at;
    const char *err;

    x->outstanding--;
    if (j->kind == CS_JOB_INIT) {
        init_done(x, j, &r);
        take_log(&r, log);
        take_output(x, k->run, output, log);
        return;
    }
    at = cs_rd_size(&r);
    err = cs_rd_str(&r);
    take_log(&r, log);
    {   /* the plugin calls' CPU (exec_job.c), for --timings */
        int ph = j->kind == CS_JOB_CONSORTIA ? 0 : 1;
        k->run->call_cpu[ph] += 1e-9 * (double)cs_rd_size(&r);
        k->run->n_calls[ph] += cs_rd_size(&r);
    }
    take_output(x, k->run, output, log);
    if (j->kind == CS_JOB_CONSORTIA) {
        if (at != SIZE_MAX && at < k->cons_at) {
            k->cons_at = at;
            snprintf(k->cons_err, sizeof k->cons_err, "%s", err);
        }
        cs_progress_add(x->progress, (j->hi - j->lo) * x->a->n_draws);
        if (++k->chunks_done == k->n_chunks && k->cons_at != SIZE_MAX)
            cons_failed(x, k);
        return;
    }
    if (at != SIZE_MAX && at < k->opt_at) {
        k->opt_at = at;
        snprintf(k->opt_err, sizeof k->opt_err, "%s", err);
    }
    cs_progress_add(x->progress, x->a->n_draws);
    if (++k->opts_done == x->a->model->n_options)
        unique_free(x->a, k->run);
    if (k->opts_done == x->a->model->n_options && k->opt_at != SIZE_MAX)
        fail(k->run, FIX_PLUGIN, "criterion '%s' failed for option '%s': %s",
             k->run->spec->label, x->a->model->options[k->opt_at].view.id,
             k->opt_err);
}

/* How to fix it, from why the worker was lost. */
static const char *fix_for(const char *why)
{
    if (strstr(why, "--plugin-timeout"))
        return "fix the plugin, or allow a call more time with "
               "--plugin-timeout SECONDS";
    if (strstr(why, "ran out of memory"))
        return "free some memory, or allow a worker more with "
               "--plugin-memory MB";
    if (strstr(why, "--plugin-memory"))
        return "fix the plugin, or allow it more memory with "
               "--plugin-memory MB";
    return "fix the plugin (docs/plugin-guide.md lists what a plugin must "
           "not do)";
}

static void job_lost(void *ctx, const cs_job *j, const cs_where *w,
                     const char *why, const char *output)
{
    exec *x = ctx;
    size_t c = w->phase != CS_PHASE_NONE || !j ? w->crit : j->crit;
    cs_crit_run *run = x->c[c < x->n ? c : 0].run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    const char *file = run->plugin->path, *fix = fix_for(why);
    const char *const *opt_id = NULL;

    if (j)
        x->outstanding--;
    take_output(x, run, output, j ? job_log(x, j) : &x->c[c].logs[0]);
    if (c < x->n && (w->phase == CS_PHASE_CONSORTIUM ||
                     w->phase == CS_PHASE_OPTION)) {
        /* With -j > 1 several workers of one criterion can be lost at
         * once, in any order: the lowest consortium or option is the one
         * reported (the one -j 1, which stops at the first, reports), not
         * the first loss to arrive. */
        xcrit *k = &x->c[c];
        if (run->failed && (k->lost_phase != (int)w->phase ||
                            w->index >= k->lost_at))
            return;
        run->failed = 0;
        k->lost_phase = (int)w->phase;
        k->lost_at = w->index;
    }
    if (w->phase == CS_PHASE_CONSORTIUM) {
        size_t o = option_of(x->a, w->index);
        fail(run, fix, "criterion '%s' failed for option '%s' (consortium "
             "'%s'): its plugin %s %s in consortium()", run->spec->label,
             x->a->model->options[o].view.id, x->a->unique[w->index]->id,
             file, why);
    } else if (w->phase == CS_PHASE_OPTION) {
        opt_id = &x->a->model->options[w->index].view.id;
        fail(run, fix, "criterion '%s' failed for option '%s': its plugin "
             "%s %s in option()", run->spec->label, *opt_id, file, why);
    } else if (w->phase == CS_PHASE_INIT) {
        fail(run, fix, "criterion '%s' failed to start (plugin '%s' %s): "
             "its plugin %s %s in init()", run->spec->label, d->name,
             d->version, file, why);
    } else {
        fail(run, fix, "criterion '%s' failed: its plugin %s %s%s",
             run->spec->label, file, why,
             w->phase == CS_PHASE_FINI ? " in fini()" : "");
    }
}

static int next_job(void *ctx, cs_job *j)
{
    exec *x = ctx;
    size_t n_opt = x->a->model->n_options;

    if (x->init_only) {
        /* a criterion already failed (no memory for its log) is not
         * started: its reply would have nowhere to go */
        while (x->next_init < x->n && x->c[x->next_init].run->failed)
            x->next_init++;
        if (x->next_init >= x->n)
            return x->outstanding ? 0 : -1;
        *j = (cs_job){CS_JOB_INIT, x->next_init++, 0, 1, 0};
        x->outstanding++;
        return 1;
    }
    for (size_t c = 0; c < x->n; c++) {
        xcrit *k = &x->c[c];
        if (!k->run->failed && k->chunks_done == k->n_chunks &&
            k->cons_at == SIZE_MAX && k->next_opt < n_opt &&
            !(x->a->shard && x->a->shard->no_options)) {
            *j = (cs_job){CS_JOB_OPTION, c, k->next_opt, k->next_opt + 1, 0};
            k->next_opt++;
            x->outstanding++;
            return 1;
        }
    }
    for (size_t c = 0; c < x->n; c++) {
        xcrit *k = &x->c[c];
        if (!k->run->failed && k->next_chunk < k->n_chunks) {
            size_t lo = k->next_chunk++ * k->chunk;
            size_t hi = lo + k->chunk < x->a->n_unique ? lo + k->chunk
                                                       : x->a->n_unique;
            *j = (cs_job){CS_JOB_CONSORTIA, c, lo, hi, 0};
            if (!k->labelled++)
                cs_progress_label(x->progress, k->run->spec->label);
            x->outstanding++;
            return 1;
        }
    }
    return x->outstanding ? 0 : -1;
}

/* Runs the pool over x's criteria; moves each job's log lines, in job
 * order, into its criterion's log. */
static int run_pool(exec *x, const cs_pool_cfg *cfg, size_t n_logs_max,
                    char *err, size_t errlen)
{
    cs_pool_ops ops = {x, next_job, cs_job_run, cs_job_finish, job_done,
                       job_lost};
    int rc = cs_pool_run(cfg, &ops, err, errlen);

    for (size_t c = 0; c < x->n; c++) {
        xcrit *k = &x->c[c];
        size_t n_logs = x->init_only ? 1 : 1 + k->n_chunks + n_logs_max;
        for (size_t i = 0; k->logs && i < n_logs; i++) {
            if (k->run->ctx && k->run->ctx->log)
                cs_diag_take(&k->run->ctx->log->lines, &k->logs[i]);
            cs_diag_clear(&k->logs[i]);
        }
        free(k->logs);
    }
    free(x->c);
    return rc;
}

int cs_exec_init(cs_appraisal *a, cs_crit_run **runs, size_t n,
                 const cs_pool_cfg *cfg, char *err, size_t errlen)
{
    exec x = {a, calloc(n + 1, sizeof *x.c), n, 1, 0, 0, NULL};
    cs_pool_cfg c = *cfg;

    if (!x.c)
        return snprintf(err, errlen, "out of memory"), -1;
    for (size_t i = 0; i < n; i++) {
        x.c[i].run = runs[i];
        if (!(x.c[i].logs = calloc(1, sizeof *x.c[i].logs)))
            fail(runs[i], FIX_MEMORY, "criterion '%s': out of memory",
                 runs[i]->spec->label);
    }
    if (n == 0) {
        free(x.c);
        return 0;
    }
    c.workers = c.workers < n ? c.workers : (unsigned)n;
    return run_pool(&x, &c, 0, err, errlen);
}

/* A split appraisal (appraise.h): without `want`, no consortium() runs
 * and `fill` puts in the shards' values. */
static void shard_start(cs_appraisal *a, xcrit *k)
{
    const cs_cons_shard *s = a->shard;

    if (s->want)
        return;
    k->next_chunk = k->chunks_done = k->n_chunks;
    if (!s->fill || s->fill(s->ctx, a, (size_t)(k->run - a->crits),
                            k->run) < 0) {
        fail(k->run, "run every shard again with this program, its plugins "
             "and the same scenario", "criterion '%s': the partial results "
             "do not hold its values", k->run->spec->label);
        return;
    }
    /* the reports read each consortium's summaries, which a worker writes
     * after its consortium() call: here the shards' values stand in */
    for (size_t u = 0; u < a->n_unique; u++)
        cs_job_summarise_unique(k->run, u);
}

/* Address space reserved per criterion and run for cs_host.shared; pages
 * take memory only once touched (ASSUMPTION: 272 MB, room for the risk
 * plugin's 256 MB budget of kept series and their table, the memory
 * target for a run). Mapped fresh for each run, before its workers fork,
 * so no run sees another's (a rerun's parameters may differ). */
#define CS_SHARED_BYTES ((size_t)272 << 20)

static void shared_map(cs_ctx *ctx)
{
    void *p = mmap(NULL, CS_SHARED_BYTES, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    ctx->shared = p == MAP_FAILED ? NULL : p;   /* none: plugins fall back */
    ctx->shared_len = p == MAP_FAILED ? 0 : CS_SHARED_BYTES;
}

static void shared_unmap(cs_ctx *ctx)
{
    if (ctx && ctx->shared)
        munmap(ctx->shared, ctx->shared_len);
    if (ctx) {
        ctx->shared = NULL;
        ctx->shared_len = 0;
    }
}

int cs_exec_run(cs_appraisal *a, cs_crit_run **runs, size_t n,
                const cs_pool_cfg *cfg, cs_progress *progress, char *err,
                size_t errlen)
{
    exec x = {a, calloc(n + 1, sizeof *x.c), n, 0, 0, 0, progress};
    /* chunks per criterion: few, as each costs a round trip through the
     * program (which a loaded machine may be slow to schedule), yet
     * enough that no worker waits long at the end */
    size_t n_opt = a->model->n_options, per = (size_t)cfg->workers * 3;
    size_t chunk = (a->n_unique + per - 1) / (per ? per : 1);

    if (!x.c)
        return snprintf(err, errlen, "out of memory"), -1;
    chunk = chunk ? chunk : 1;
    for (size_t i = 0; i < n; i++) {
        xcrit *k = &x.c[i];
        k->run = runs[i];
        k->chunk = chunk;
        k->n_chunks = (a->n_unique + chunk - 1) / chunk;
        k->cons_at = k->opt_at = k->lost_at = SIZE_MAX;
        k->lost_phase = CS_PHASE_NONE;
        k->logs = calloc(1 + k->n_chunks + n_opt, sizeof *k->logs);
        if (!k->logs || values_map(a, runs[i]) < 0)
            fail(runs[i], FIX_MEMORY, "criterion '%s': out of memory",
                 runs[i]->spec->label);
        else if (a->shard)
            shard_start(a, k);
        if (runs[i]->ctx)
            shared_map(runs[i]->ctx);
    }
    int rc = run_pool(&x, cfg, n_opt, err, errlen);
    for (size_t i = 0; i < n; i++)
        shared_unmap(runs[i]->ctx);
    return rc;
}
