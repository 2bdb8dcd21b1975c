/* appraise.c -- evaluating every criterion on every option. */
#include "appraise.h"
#include "host/host.h"
#include "base/base.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

size_t cs_metric_len(const cs_metric_decl *m, size_t n_draws)
{
    return m->sampled ? n_draws : 1;
}

cs_summary cs_summarise(const double *x, size_t n)
{
    cs_summary s = {NAN, NAN, NAN, NAN, NAN};
    double *y;

    if (n == 0 || !(y = malloc(n * sizeof *y)))
        return s;
    /* mean and SD in draw order; the quantiles by selection (O(n), not a
       sort: base/select.h), equal to gsl_stats_quantile_from_sorted_data */
    s.mean = gsl_stats_mean(x, 1, n);
    s.sd = n > 1 ? gsl_stats_sd_m(x, 1, n, s.mean) : 0.0;
    memcpy(y, x, n * sizeof *y);
    cs_select_summary(y, n, &s.p05, &s.p50, &s.p95);
    free(y);
    return s;
}

int cs_crit_metric(const cs_crit_run *c, const char *name)
{
    for (size_t i = 0; i < c->n_metrics; i++)
        if (!strcmp(c->metrics[i].name, name))
            return (int)i;
    return -1;
}

/* Allocates a cs_values for the metrics, every value NaN ("unset"). */
static int values_alloc(cs_values *v, const cs_metric_decl *m, size_t n_m,
                        size_t n_draws)
{
    v->n_metrics = n_m;
    v->n_draws = n_draws;
    if (!(v->values = calloc(n_m, sizeof *v->values)))
        return -1;
    for (size_t i = 0; i < n_m; i++) {
        size_t len = cs_metric_len(&m[i], n_draws);
        if (!(v->values[i] = malloc(len * sizeof(double))))
            return -1;
        for (size_t k = 0; k < len; k++)
            v->values[i][k] = NAN;
    }
    return 0;
}

static void values_free(cs_values *v)
{
    if (!v || !v->values)
        return;
    for (size_t i = 0; i < v->n_metrics; i++)
        free(v->values[i]);
    free(v->values);
    v->values = NULL;
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

/* ---- distinct consortia ------------------------------------------------ */

static int find_unique(const cs_appraisal *a, const char *key)
{
    for (size_t i = 0; i < a->n_unique; i++)
        if (!strcmp(a->unique[i]->key, key))
            return (int)i;
    return -1;
}

static int collect_unique(cs_appraisal *a)
{
    const cs_model *m = a->model;
    size_t total = 0;

    for (size_t o = 0; o < m->n_options; o++)
        total += m->options[o].view.n_consortia;
    a->unique = calloc(total ? total : 1, sizeof *a->unique);
    a->unique_of = calloc(m->n_options ? m->n_options : 1, sizeof *a->unique_of);
    if (!a->unique || !a->unique_of)
        return -1;
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        if (!(a->unique_of[o] = calloc(ov->n_consortia + 1, sizeof(size_t))))
            return -1;
        for (size_t c = 0; c < ov->n_consortia; c++) {
            int u = find_unique(a, ov->consortia[c].key);
            if (u < 0) {
                u = (int)a->n_unique;
                a->unique[a->n_unique++] = &ov->consortia[c];
            }
            a->unique_of[o][c] = (size_t)u;
        }
    }
    return 0;
}

/* ---- the thread pool --------------------------------------------------- */

typedef struct job_set {
    cs_appraisal *a;
    cs_crit_run *run;
    atomic_size_t next;
    size_t n_jobs;
    char (*errs)[1024];    /* per job; "" = fine */
    int is_option;
    cs_progress *progress;
} job_set;

static void run_consortium_job(job_set *js, size_t j)
{
    cs_crit_run *run = js->run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    cs_values *out = &run->unique[j];
    cs_call call;

    if (values_alloc(out, run->metrics, run->n_metrics, js->a->n_draws) < 0) {
        snprintf(js->errs[j], sizeof js->errs[j], "out of memory");
        return;
    }
    cs_call_init(&call, run->ctx);
    if (d->consortium(run->state, &cs_host_services, &call, js->a->unique[j],
                      out) != 0)
        snprintf(js->errs[j], sizeof js->errs[j], "%s",
                 call.has_err ? call.err : "the plugin returned an error "
                 "without a message");
    else
        values_check(out, run->metrics, js->errs[j], sizeof js->errs[j]);
    cs_call_end(&call);
}

static void aggregate(const cs_crit_run *run, const cs_option_view *ov,
                      const cs_values *const *in, cs_values *out);

static void run_option_job(job_set *js, size_t o)
{
    cs_crit_run *run = js->run;
    const cs_plugin_descriptor *d = run->plugin->desc;
    const cs_option_view *ov = &js->a->model->options[o].view;
    const cs_values **in = calloc(ov->n_consortia + 1, sizeof *in);
    cs_values *out = &run->options[o];
    cs_call call;

    if (!in || values_alloc(out, run->metrics, run->n_metrics,
                            js->a->n_draws) < 0) {
        snprintf(js->errs[o], sizeof js->errs[o], "out of memory");
        free(in);
        return;
    }
    for (size_t c = 0; c < ov->n_consortia; c++)
        in[c] = &run->unique[js->a->unique_of[o][c]];
    if (!d->option) {
        aggregate(run, ov, in, out);
        free(in);
        return;
    }
    cs_call_init(&call, run->ctx);
    if (d->option(run->state, &cs_host_services, &call, ov,
                  (const cs_values *const *)in, out) != 0)
        snprintf(js->errs[o], sizeof js->errs[o], "%s",
                 call.has_err ? call.err : "the plugin returned an error "
                 "without a message");
    else
        values_check(out, run->metrics, js->errs[o], sizeof js->errs[o]);
    cs_call_end(&call);
    free(in);
}

static void *worker(void *arg)
{
    job_set *js = arg;
    size_t j;

    while ((j = atomic_fetch_add(&js->next, 1)) < js->n_jobs) {
        if (js->is_option)
            run_option_job(js, j);
        else
            run_consortium_job(js, j);
        cs_progress_add(js->progress, js->a->n_draws);
    }
    return NULL;
}

/* Runs js->n_jobs jobs on up to n_threads threads (the caller's included). */
static void run_jobs(job_set *js, unsigned n_threads)
{
    pthread_t tids[256];
    unsigned n_started = 0;

    atomic_store(&js->next, 0);
    if (n_threads > js->n_jobs)
        n_threads = (unsigned)js->n_jobs;
    for (unsigned t = 1; t < n_threads && t < 256; t++)
        if (pthread_create(&tids[n_started], NULL, worker, js) == 0)
            n_started++;
    worker(js);
    for (unsigned t = 0; t < n_started; t++)
        pthread_join(tids[t], NULL);
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

static unsigned cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 && n < 256 ? (unsigned)n : 1;
}

/* Runs one criterion over the distinct consortia then the options. On a
 * plugin failure fills run->error with "criterion 'X' failed for option
 * 'Y': reason" and returns -1. */
static int run_criterion(cs_appraisal *a, cs_crit_run *run, unsigned threads,
                         cs_progress *progress)
{
    const cs_model *m = a->model;
    size_t n_jobs = a->n_unique > m->n_options ? a->n_unique : m->n_options;
    job_set js = {.a = a, .run = run, .progress = progress};
    int rc = 0;

    js.errs = calloc(n_jobs ? n_jobs : 1, sizeof *js.errs);
    run->unique = calloc(a->n_unique ? a->n_unique : 1, sizeof *run->unique);
    run->options = calloc(m->n_options ? m->n_options : 1, sizeof *run->options);
    if (!js.errs || !run->unique || !run->options) {
        free(js.errs);
        snprintf(run->error, sizeof run->error, "out of memory");
        return -1;
    }
    js.n_jobs = a->n_unique;
    run_jobs(&js, threads);
    for (size_t j = 0; j < a->n_unique && !rc; j++) {
        if (!js.errs[j][0])
            continue;
        for (size_t o = 0; o < m->n_options && !rc; o++)
            for (size_t c = 0; c < m->options[o].view.n_consortia; c++)
                if (a->unique_of[o][c] == j) {
                    snprintf(run->error, sizeof run->error, "criterion '%s' "
                             "failed for option '%s' (consortium '%s'): %s",
                             run->spec->label, m->options[o].view.id,
                             a->unique[j]->id, js.errs[j]);
                    rc = -1;
                    break;
                }
    }
    if (rc == 0) {
        memset(js.errs, 0, (n_jobs ? n_jobs : 1) * sizeof *js.errs);
        js.is_option = 1;
        js.n_jobs = m->n_options;
        run_jobs(&js, threads);
        for (size_t o = 0; o < m->n_options && !rc; o++)
            if (js.errs[o][0]) {
                snprintf(run->error, sizeof run->error, "criterion '%s' "
                         "failed for option '%s': %s", run->spec->label,
                         m->options[o].view.id, js.errs[o]);
                rc = -1;
            }
    }
    free(js.errs);
    return rc;
}

/* Binds parameters and calls init. Returns 0, -1 on a parameter error (in
 * diag), -2 when init fails (message in run->error). */
static int start_criterion(cs_appraisal *a, cs_crit_run *run,
                           const cs_appraise_opts *opts, cs_diag *diag)
{
    const cs_plugin_descriptor *d = run->plugin->desc;
    cs_setup setup = {sizeof setup, d->metrics, d->n_metrics};
    char err[1024];
    int rc;

    if (cs_params_bind(&run->params, d, run->spec, a->model, diag) < 0)
        return -1;
    if (cs_params_sample(&run->params, a->n_draws, a->seed) < 0)
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    if (!(run->ctx = calloc(1, sizeof *run->ctx)))
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    *run->ctx = (cs_ctx){a->model, &a->view, &run->params, run->spec->label,
                         d->name, a->seed, opts->quiet, cs_plog_new()};
    if (!run->ctx->log)
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    rc = d->init(&cs_host_services, run->ctx, &run->state, &setup);
    cs_plog_take(run->ctx->log, diag);
    if (rc != 0) {
        /* its own words when it logged an error, else say it gave none */
        const char *why = run->ctx->log->first_error;
        snprintf(run->error, sizeof run->error, "criterion '%s' failed to "
                 "start (plugin '%s' %s): %s", run->spec->label, d->name,
                 d->version, why[0] ? why : "its init() gave no reason");
        return -2;
    }
    if (cs_metrics_check(d->name, setup.metrics, setup.n_metrics, err,
                         sizeof err) < 0) {
        snprintf(run->error, sizeof run->error, "criterion '%s': %s",
                 run->spec->label, err);
        return -2;
    }
    run->metrics = setup.metrics;
    run->n_metrics = setup.n_metrics;
    return 0;
}

/* Reports each failed criterion: a warning under --keep-going, else an
 * error (the first one ends the run). Non-zero when the run must end. */
static int report_failures(const cs_appraisal *a, const cs_appraise_opts *opts,
                           cs_diag *diag, int *plugin_failed)
{
    for (size_t i = 0; i < a->n_crits; i++) {
        if (!a->crits[i].failed)
            continue;
        *plugin_failed = 1;
        if (!opts->keep_going) {
            cs_diag_error(diag, (cs_pos){0}, "%s", a->crits[i].error);
            return 1;
        }
        cs_diag_warning(diag, (cs_pos){0}, "%s; marked failed and left "
                        "out of the score (--keep-going)", a->crits[i].error);
    }
    return 0;
}

cs_appraisal *cs_appraise(const cs_model *model, cs_plugin *const *plugins,
                          const cs_appraise_opts *opts, cs_diag *diag,
                          int *plugin_failed)
{
    cs_appraisal *a = calloc(1, sizeof *a);
    unsigned threads = opts->threads ? opts->threads : model->analysis.threads;
    cs_progress progress;
    int bad = 0;

    *plugin_failed = 0;
    if (!a || !(a->crits = calloc(model->n_criteria + 1, sizeof *a->crits))) {
        free(a);
        cs_diag_error(diag, (cs_pos){model->path, 0, 0}, "out of memory");
        return NULL;
    }
    a->model = model;
    a->n_crits = model->n_criteria;
    a->n_draws = opts->draws ? opts->draws : model->analysis.draws;
    a->seed = opts->has_seed ? opts->seed : model->analysis.seed;
    a->view = model->view;
    a->view.n_draws = a->n_draws;
    threads = threads ? threads : cpu_count();
    a->threads = threads;
    if (collect_unique(a) < 0) {
        cs_diag_error(diag, (cs_pos){model->path, 0, 0}, "out of memory");
        cs_appraisal_free(a);
        return NULL;
    }
    for (size_t i = 0; i < a->n_crits; i++) {
        a->crits[i].spec = &model->criteria[i];
        a->crits[i].plugin = plugins[i];
    }
    /* every parameter error first, so the user fixes them in one go */
    for (size_t i = 0; i < a->n_crits && !bad; i++) {
        int rc = start_criterion(a, &a->crits[i], opts, diag);
        if (rc == -1)
            bad = 1;
        else if (rc == -2)
            a->crits[i].failed = 1;
    }
    cs_progress_start(&progress, a->n_crits * (a->n_unique + model->n_options)
                      * a->n_draws, opts->quiet ? NULL : opts->progress);
    for (size_t i = 0; i < a->n_crits && !bad; i++) {
        cs_progress_label(&progress, a->crits[i].spec->label);
        if (!a->crits[i].failed &&
            run_criterion(a, &a->crits[i], threads, &progress) < 0)
            a->crits[i].failed = 1;
        if (a->crits[i].ctx)
            cs_plog_take(a->crits[i].ctx->log, diag);
    }
    cs_progress_end(&progress);
    if (!bad)
        bad = report_failures(a, opts, diag, plugin_failed);
    if (bad) {
        cs_appraisal_free(a);
        return NULL;
    }
    return a;
}

void cs_appraisal_free(cs_appraisal *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_crits; i++) {
        cs_crit_run *run = &a->crits[i];
        if (run->unique)
            for (size_t j = 0; j < a->n_unique; j++)
                values_free(&run->unique[j]);
        if (run->options)
            for (size_t o = 0; o < a->model->n_options; o++)
                values_free(&run->options[o]);
        if (run->ctx && run->plugin->desc->fini)
            run->plugin->desc->fini(run->state);
        free(run->unique);
        free(run->options);
        if (run->ctx)
            cs_plog_free(run->ctx->log);   /* fini's lines: no one to read */
        free(run->ctx);
        cs_params_free(&run->params);
    }
    if (a->unique_of)
        for (size_t o = 0; o < a->model->n_options; o++)
            free(a->unique_of[o]);
    free(a->unique_of);
    free(a->unique);
    free(a->crits);
    free(a->scores);
    free(a->option_scores);
    cs_decision_free(a->decision);
    free(a);
}

void cs_appraisal_take_log(cs_appraisal *a, cs_diag *diag)
{
    for (size_t i = 0; a && i < a->n_crits; i++)
        if (a->crits[i].ctx)
            cs_plog_take(a->crits[i].ctx->log, diag);
}

int cs_crit_rerun_means(cs_appraisal *a, cs_crit_run *run,
                        double *mean_value, char *err, size_t len)
{
    cs_values *unique = run->unique, *options = run->options;
    size_t n_opt = a->model->n_options;
    cs_progress quiet;
    char keep[sizeof run->error];
    int rc;

    memcpy(keep, run->error, sizeof keep);
    run->unique = run->options = NULL;
    cs_progress_start(&quiet, 0, NULL);
    rc = run_criterion(a, run, a->threads, &quiet);
    cs_progress_end(&quiet);
    if (rc < 0)
        snprintf(err, len, "%s", run->error);
    for (size_t o = 0; rc == 0 && o < n_opt; o++) {
        double sum = 0.0;
        for (size_t k = 0; k < a->n_draws; k++)
            sum += cs_value_fn_eval(&run->vf, run->options[o].values[0][k]);
        mean_value[o] = sum / (double)a->n_draws;
    }
    for (size_t j = 0; run->unique && j < a->n_unique; j++)
        values_free(&run->unique[j]);
    for (size_t o = 0; run->options && o < n_opt; o++)
        values_free(&run->options[o]);
    free(run->unique);
    free(run->options);
    run->unique = unique;
    run->options = options;
    memcpy(run->error, keep, sizeof keep);
    return rc;
}
