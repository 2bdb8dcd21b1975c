/* exec_job.c -- the worker's side of a job: the calls into the plugin,
 * checked, and the reply (exec.h, pool.h). */
#include "exec_job.h"
#include "host/host.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

size_t cs_metric_len(const cs_metric_decl *m, size_t n_draws)
{
    return m->sampled ? n_draws : 1;
}

/* Marks every value unset before the plugin writes them: values_check
 * then finds any it left. All bits set is a NaN (exponent all ones, a
 * fraction not zero), written by memset. Most of the time here is the
 * first touch of the fresh shared pages, which the plugin's writes would
 * pay without the mark (docs/performance.md). */
static void values_nan(cs_values *v, const cs_metric_decl *m)
{
    for (size_t i = 0; i < v->n_metrics; i++)
        memset(v->values[i], 0xff,
               cs_metric_len(&m[i], v->n_draws) * sizeof *v->values[i]);
}

/* Checks every value is finite; writes why not into err. */
static int values_check(const cs_values *v, const cs_metric_decl *m,
                        char *err, size_t errlen)
{
    for (size_t i = 0; i < v->n_metrics; i++) {
        size_t len = cs_metric_len(&m[i], v->n_draws);
        for (size_t k = 0; k < len; k++)
            if (!isfinite(v->values[i][k])) {
                snprintf(err, errlen, "metric '%s' is %s at draw %zu (every "
                         "value must be set and finite)", m[i].name,
                         isnan(v->values[i][k]) ? "NaN or unset" : "infinite",
                         k);
                return -1;
            }
    }
    return 0;
}

/* Host aggregation for plugins without option(): per draw for sampled
 * metrics, as each metric declares. */
static void aggregate(const cs_crit_run *run, const cs_option_view *ov,
                      const cs_values *const *in, cs_values *out)
{
    for (size_t m = 0; m < run->n_metrics; m++) {
        const cs_metric_decl *md = &run->metrics[m];
        size_t len = cs_metric_len(md, out->n_draws);
        for (size_t k = 0; k < len; k++) {
            double acc = 0.0, wsum = 0.0;
            for (size_t c = 0; c < ov->n_consortia; c++) {
                double x = in[c]->values[m][k];
                double w = ov->consortia[c].registered;
                switch (md->aggregate) {
                case CS_AGG_MEAN: acc += w * x; wsum += w; break;
                case CS_AGG_SUM: acc += x; break;
                case CS_AGG_MAX: acc = c == 0 || x > acc ? x : acc; break;
                case CS_AGG_MIN: acc = c == 0 || x < acc ? x : acc; break;
                }
            }
            out->values[m][k] = md->aggregate == CS_AGG_MEAN
                ? (wsum > 0 ? acc / wsum : 0.0) : acc;
        }
    }
}

/* ---- the worker side ---------------------------------------------------- */

/* Maps the values of v[0..n) into this process in one call rather than
 * a fault per page (each worker maps the shared memory afresh; page
 * faults are what the workers would otherwise spend most of their extra
 * time on). A kernel without MADV_POPULATE_* (before Linux 5.14) faults
 * them in one by one as before. */
static void prefault(const cs_values *v, size_t n, const cs_crit_run *run,
                     int write)
{
#if defined(MADV_POPULATE_WRITE) && defined(MADV_POPULATE_READ)
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;
    size_t last;

    if (n == 0 || run->n_metrics == 0 || !page)
        return;
    last = run->n_metrics - 1;
    lo = (uintptr_t)v[0].values[0] & ~(page - 1);
    hi = (uintptr_t)(v[n - 1].values[last]
                     + cs_metric_len(&run->metrics[last], v[n - 1].n_draws));
    madvise((void *)lo, hi - lo, write ? MADV_POPULATE_WRITE
                                       : MADV_POPULATE_READ);
#else
    (void)v; (void)n; (void)run; (void)write;
#endif
}

/* Unmaps the values of v[0..n) from this worker (the whole pages they
 * touch): the shared memory keeps them for the other processes, and the
 * worker does not carry every consortium it computed in its own
 * resident set. */
static void unmap_values(const cs_values *v, size_t n, const cs_crit_run *run)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), lo, hi;
    size_t last;

    if (n == 0 || run->n_metrics == 0 || !page)
        return;
    last = run->n_metrics - 1;
    lo = (uintptr_t)v[0].values[0] & ~(page - 1);
    hi = (uintptr_t)(v[n - 1].values[last]
                     + cs_metric_len(&run->metrics[last], v[n - 1].n_draws));
    hi = (hi + page - 1) & ~(page - 1);
    madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* The page range [*lo, *hi) the values of v cover. */
static void values_pages(const cs_values *v, const cs_crit_run *run,
                         uintptr_t page, uintptr_t *lo, uintptr_t *hi)
{
    size_t last = run->n_metrics - 1;

    *lo = (uintptr_t)v->values[0] & ~(page - 1);
    *hi = (uintptr_t)(v->values[last]
                      + cs_metric_len(&run->metrics[last], v->n_draws));
    *hi = (*hi + page - 1) & ~(page - 1);
}

static int cmp_range(const void *a, const void *b)
{
    const uintptr_t *x = a, *y = b;

    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* unmap_values for each of the n consortia in[0..n), in as few calls as
 * their pages allow: the pages of each, sorted, and runs of touching or
 * overlapping ranges joined. The same pages leave the resident set as n
 * calls would take out, but each call costs a TLB flush (an option step
 * made one per consortium: 265 calls in a risk-only appraisal of the
 * national scenario, 19 now). Falls back to one call each when there is
 * no room for the list. */
static void unmap_each(const cs_values *const *in, size_t n,
                       const cs_crit_run *run)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), *r;
    size_t m = 0;

    if (n == 0 || run->n_metrics == 0 || !page)
        return;
    if (!(r = malloc(2 * n * sizeof *r))) {
        for (size_t c = 0; c < n; c++)
            unmap_values(in[c], 1, run);
        return;
    }
    for (size_t c = 0; c < n; c++)
        values_pages(in[c], run, page, &r[2 * c], &r[2 * c + 1]);
    qsort(r, n, 2 * sizeof *r, cmp_range);
    for (size_t c = 1; c < n; c++) {
        if (r[2 * c] <= r[2 * m + 1]) {        /* touches the run m */
            if (r[2 * c + 1] > r[2 * m + 1])
                r[2 * m + 1] = r[2 * c + 1];
        } else {
            m++;
            r[2 * m] = r[2 * c], r[2 * m + 1] = r[2 * c + 1];
        }
    }
    for (size_t k = 0; k <= m; k++)
        madvise((void *)r[2 * k], r[2 * k + 1] - r[2 * k], MADV_DONTNEED);
    free(r);
}

static void put_summary(double *at, cs_summary r)
{
    at[0] = r.mean, at[1] = r.sd, at[2] = r.p05, at[3] = r.p50;
    at[4] = r.p95;
}

/* Consortium u's summaries into the run's store (appraise.h): its sampled
 * metrics summarised together (cs_summarise_each, the values cs_summarise
 * gives one by one). */
void cs_job_summarise_unique(const cs_crit_run *run, size_t u)
{
    const cs_values *v = &run->unique[u];
    const double **x;
    cs_summary *r;
    double *s;
    size_t k = 0;

    if (!run->unique_sum)
        return;   /* a rerun: its consortia are not reported */
    s = &run->unique_sum[u * run->sum_per];
    x = malloc((run->n_metrics + 1) * sizeof *x);
    r = malloc((run->n_metrics + 1) * sizeof *r);
    for (size_t m = 0; m < run->n_metrics; m++) {
        if (!run->metrics[m].sampled)
            s[run->sum_at[m]] = v->values[m][0];
        else if (x && r)
            x[k++] = v->values[m];
        else             /* no room for the lists: one at a time */
            put_summary(&s[run->sum_at[m]],
                        cs_summarise(v->values[m], v->n_draws));
    }
    if (x && r && k > 0) {
        cs_summarise_each(x, k, v->n_draws, r);
        k = 0;
        for (size_t m = 0; m < run->n_metrics; m++)
            if (run->metrics[m].sampled)
                put_summary(&s[run->sum_at[m]], r[k++]);
    }
    free(x);
    free(r);
}

/* The lines the plugin logged in this worker, into the reply; cleared. */
static void put_log(cs_buf *b, cs_crit_run *run)
{
    cs_diag *d = &run->ctx->log->lines;

    cs_buf_size(b, d->n_msgs);
    for (size_t i = 0; i < d->n_msgs; i++) {
        cs_buf_size(b, strstr(d->msgs[i], ": error: ") != NULL);
        cs_buf_str(b, d->msgs[i]);
    }
    cs_diag_clear(d);
    memset(d, 0, sizeof *d);
    run->ctx->log->first_error[0] = '\0';
}

/* A string that may be NULL: a flag, then the string. */
static void put_opt_str(cs_buf *b, const char *s)
{
    cs_buf_size(b, s != NULL);
    cs_buf_str(b, s);
}

static void put_metrics(cs_buf *b, const cs_setup *s)
{
    cs_buf_size(b, s->n_metrics);
    for (size_t m = 0; m < s->n_metrics; m++) {
        put_opt_str(b, s->metrics[m].name);
        put_opt_str(b, s->metrics[m].unit);
        put_opt_str(b, s->metrics[m].doc);
        cs_buf_size(b, (size_t)(s->metrics[m].direction + 1));
        cs_buf_size(b, (size_t)(s->metrics[m].sampled != 0));
        cs_buf_size(b, (size_t)s->metrics[m].aggregate);
    }
}

/* The probe: init(), its metrics and log, then fini(). */
static void job_init(exec *x, size_t c, cs_buf *b)
{
    cs_crit_run *run = x->c[c].run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    cs_setup setup = {sizeof setup, d->metrics, d->n_metrics};
    void *state = NULL;
    int rc;

    cs_pool_enter(CS_PHASE_INIT, c, 0);
    rc = d->init(&cs_host_services, run->ctx, &state, &setup);
    cs_pool_leave();
    cs_buf_size(b, rc != 0);
    cs_buf_str(b, run->ctx->log->first_error);
    if (rc == 0)
        put_metrics(b, &setup);
    else
        cs_buf_size(b, 0);
    put_log(b, run);
    if (d->fini) {
        cs_pool_enter(CS_PHASE_FINI, c, 0);
        d->fini(state);
        cs_pool_leave();
    }
}

/* init() in this worker, once per criterion; its log and output were the
 * probe's already, so they are dropped. */
static int worker_start(exec *x, size_t c, char *err, size_t len)
{
    xcrit *k = &x->c[c];
    const cs_plugin_descriptor *d = k->run->plugin->desc;
    cs_setup setup = {sizeof setup, d->metrics, d->n_metrics};
    int rc;

    if (k->inited > 0)
        return 0;
    if (k->inited < 0) {
        snprintf(err, len, "init() failed in this worker process");
        return -1;
    }
    cs_pool_enter(CS_PHASE_INIT, c, 0);
    rc = d->init(&cs_host_services, k->run->ctx, &k->state, &setup);
    cs_pool_leave();
    k->inited = rc == 0 && setup.n_metrics == k->run->n_metrics ? 1 : -1;
    if (rc != 0)
        snprintf(err, len, "init() failed in a worker process after it had "
                 "succeeded: %.900s", k->run->ctx->log->first_error);
    else if (k->inited < 0)
        snprintf(err, len, "init() declared %zu metrics in a worker process "
                 "and %zu before (a plugin's metrics must depend on its "
                 "parameters only)", setup.n_metrics, k->run->n_metrics);
    cs_diag_clear(&k->run->ctx->log->lines);
    memset(&k->run->ctx->log->lines, 0, sizeof k->run->ctx->log->lines);
    if (ftruncate(1, 0) < 0)
        err[0] = err[0];   /* no captured output to drop */
    return k->inited > 0 ? 0 : -1;
}

/* CPU time of this thread (a worker is one), in nanoseconds. */
static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The plugin calls' CPU of a job, for `appraise --timings`. */
typedef struct job_cpu {
    uint64_t ns;
    size_t calls;
} job_cpu;

/* consortium() for lo..hi-1; stops at the first failure. */
static size_t job_consortia(exec *x, const cs_job *j, char *err, size_t len,
                            job_cpu *cpu)
{
    cs_crit_run *run = x->c[j->crit].run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    cs_call call;

    prefault(&run->unique[j->lo], j->hi - j->lo, run, 1);
    for (size_t u = j->lo; u < j->hi; u++) {
        int rc;
        if (x->a->shard && !x->a->shard->want(x->a->shard->ctx, x->a,
                                              (size_t)(run - x->a->crits), u))
            continue;   /* another shard's (appraise.h) */
        values_nan(&run->unique[u], run->metrics);
        cs_call_init(&call, run->ctx);
        cs_pool_enter(CS_PHASE_CONSORTIUM, j->crit, u);
        uint64_t t0 = thread_cpu_ns();
        rc = d->consortium(x->c[j->crit].state, &cs_host_services, &call,
                           x->a->unique[u], &run->unique[u]);
        cpu->ns += thread_cpu_ns() - t0;
        cpu->calls++;
        cs_pool_leave();
        if (rc != 0)
            snprintf(err, len, "%s", call.has_err ? call.err : "the plugin "
                     "returned an error without a message");
        else if (values_check(&run->unique[u], run->metrics, err, len) == 0)
            cs_job_summarise_unique(run, u);
        cs_call_end(&call);
        if (err[0])
            return u;
    }
    unmap_values(&run->unique[j->lo], j->hi - j->lo, run);
    return SIZE_MAX;
}

static void job_option(exec *x, const cs_job *j, char *err, size_t len,
                       job_cpu *cpu)
{
    cs_crit_run *run = x->c[j->crit].run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    const cs_option_view *ov = &x->a->model->options[j->lo].view;
    const cs_values **in = calloc(ov->n_consortia + 1, sizeof *in);
    cs_values *out = &run->options[j->lo];
    cs_call call;

    if (!in) {
        snprintf(err, len, "out of memory");
        return;
    }
    /* The host's aggregation reads every metric: map them in at once. A
     * plugin's option() maps in only the pages it reads (the risk
     * criterion reads 5 of its 7 sampled metrics; 135 MB it does not
     * read at 40,000 draws on the national scenario). */
    for (size_t c = 0; c < ov->n_consortia; c++) {
        in[c] = &run->unique[x->a->unique_of[j->lo][c]];
        if (!d->option)
            prefault(in[c], 1, run, 0);   /* this option's, not every one */
    }
    prefault(out, 1, run, 1);
    values_nan(out, run->metrics);
    if (!d->option) {
        aggregate(run, ov, in, out);
    } else {
        cs_call_init(&call, run->ctx);
        cs_pool_enter(CS_PHASE_OPTION, j->crit, j->lo);
        uint64_t t0 = thread_cpu_ns();
        if (d->option(x->c[j->crit].state, &cs_host_services, &call, ov,
                      (const cs_values *const *)in, out) != 0)
            snprintf(err, len, "%s", call.has_err ? call.err : "the plugin "
                     "returned an error without a message");
        cpu->ns += thread_cpu_ns() - t0;
        cpu->calls++;
        cs_pool_leave();
        cs_call_end(&call);
    }
    if (!err[0])
        values_check(out, run->metrics, err, len);
    unmap_each(in, ov->n_consortia, run);
    free(in);
}

void cs_job_run(void *ctx, const cs_job *j, cs_buf *b)
{
    exec *x = ctx;
    char err[1024] = "";
    size_t at = SIZE_MAX;

    if (j->kind == CS_JOB_INIT) {
        job_init(x, j->crit, b);
        return;
    }
    job_cpu cpu = {0, 0};

    if (worker_start(x, j->crit, err, sizeof err) < 0)
        at = j->lo;
    else if (j->kind == CS_JOB_CONSORTIA)
        at = job_consortia(x, j, err, sizeof err, &cpu);
    else if (job_option(x, j, err, sizeof err, &cpu), err[0])
        at = j->lo;
    cs_buf_size(b, at);
    cs_buf_str(b, err);
    put_log(b, x->c[j->crit].run);
    cs_buf_size(b, (size_t)cpu.ns);
    cs_buf_size(b, cpu.calls);
}

void cs_job_finish(void *ctx)
{
    exec *x = ctx;

    for (size_t c = 0; c < x->n; c++) {
        const cs_plugin_descriptor *d = x->c[c].run->plugin->desc;
        if (x->c[c].inited && d->fini) {
            cs_pool_enter(CS_PHASE_FINI, c, 0);
            d->fini(x->c[c].state);
            cs_pool_leave();
        }
    }
}

