/* appraise.c -- evaluating every criterion on every option. */
#include "appraise.h"
#include "exec.h"
#include "host/host.h"
#include "base/base.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void cs_summarise_each(const double *const *x, size_t k, size_t n,
                       cs_summary *out)
{
    double *y = n ? malloc((n + 2 * k) * sizeof *y) : NULL, *mean, *sd;

    if (!y) {
        for (size_t j = 0; j < k; j++)
            out[j] = (cs_summary){NAN, NAN, NAN, NAN, NAN};
        return;
    }
    mean = y + n;
    sd = mean + k;
    /* mean and SD in draw order (as gsl_stats_mean, gsl_stats_sd_m); the
       quantiles by selection (O(n), not a sort: base/select.h), equal to
       gsl_stats_quantile_from_sorted_data */
    cs_mean_sd(x, k, n, mean, sd);
    for (size_t j = 0; j < k; j++) {
        out[j].mean = mean[j];
        out[j].sd = sd[j];
        memcpy(y, x[j], n * sizeof *y);
        cs_select_summary(y, n, &out[j].p05, &out[j].p50, &out[j].p95);
    }
    free(y);
}

cs_summary cs_summarise(const double *x, size_t n)
{
    cs_summary s;

    cs_summarise_each(&x, 1, n, &s);
    return s;
}

cs_summary cs_unique_summary(const cs_crit_run *run, size_t u, size_t m)
{
    const double *s;

    if (!run->unique_sum || m >= run->n_metrics)
        return (cs_summary){NAN, NAN, NAN, NAN, NAN};
    s = &run->unique_sum[u * run->sum_per + run->sum_at[m]];
    if (!run->metrics[m].sampled)
        return (cs_summary){s[0], NAN, NAN, NAN, NAN};
    return (cs_summary){s[0], s[1], s[2], s[3], s[4]};
}

int cs_crit_metric(const cs_crit_run *c, const char *name)
{
    for (size_t i = 0; i < c->n_metrics; i++)
        if (!strcmp(c->metrics[i].name, name))
            return (int)i;
    return -1;
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

/* Binds parameters and makes the criterion's context. Returns 0, or -1
 * on a parameter error (in diag). init() runs in a worker (cs_exec_init). */
static int start_criterion(cs_appraisal *a, cs_crit_run *run,
                           const cs_appraise_opts *opts, cs_diag *diag)
{
    const cs_plugin_descriptor *d = run->plugin->desc;

    if (cs_params_bind(&run->params, d, run->spec, a->model, diag) < 0)
        return -1;
    if (cs_params_sample(&run->params, a->n_draws, a->seed) < 0)
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    if (!(run->ctx = calloc(1, sizeof *run->ctx)))
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    *run->ctx = (cs_ctx){a->model, &a->view, &run->params, run->spec->label,
                         d->name, a->seed, opts->quiet, cs_plog_new(), NULL, 0};
    if (!run->ctx->log)
        return cs_diag_error(diag, run->spec->pos, "out of memory");
    return 0;
}

/* The worker pool's settings for this appraisal. */
static cs_pool_cfg pool_cfg(const cs_appraisal *a)
{
    return (cs_pool_cfg){a->threads, a->plugin_timeout, a->plugin_memory};
}

/* The criteria not (yet) failed, into runs; their number. */
static size_t live_runs(cs_appraisal *a, cs_crit_run **runs)
{
    size_t n = 0;

    for (size_t i = 0; i < a->n_crits; i++)
        if (!a->crits[i].failed)
            runs[n++] = &a->crits[i];
    return n;
}

/* How to fix a failed criterion (a generic fix when none was given). */
static const char *crit_fix(const cs_crit_run *run)
{
    return run->fix ? run->fix : "fix the plugin or the criterion's "
                                 "parameters";
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
            cs_diag_error(diag, a->crits[i].spec->pos, "%s; %s, or run with "
                          "--keep-going to leave this criterion out",
                          a->crits[i].error, crit_fix(&a->crits[i]));
            return 1;
        }
        cs_diag_warning(diag, a->crits[i].spec->pos, "%s; marked failed and "
                        "left out of the score (--keep-going); to score it, "
                        "%s", a->crits[i].error, crit_fix(&a->crits[i]));
    }
    return 0;
}

static unsigned cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n > 0 && n < 256 ? (unsigned)n : 1;
}

/* A new appraisal of the model with every criterion's parameters bound,
 * before any plugin runs; NULL with errors in diag. */
static cs_appraisal *setup(const cs_model *model, cs_plugin *const *plugins,
                           const cs_appraise_opts *opts, cs_diag *diag)
{
    cs_appraisal *a = calloc(1, sizeof *a);
    unsigned threads = opts->threads ? opts->threads : model->analysis.threads;
    int bad = 0;

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
    a->threads = threads ? threads : cpu_count();
    a->keep_unique = opts->keep_unique_draws;
    a->plugin_timeout = opts->plugin_timeout > 0 ? opts->plugin_timeout
                                                 : CS_PLUGIN_TIMEOUT_DEFAULT;
    a->plugin_memory = opts->plugin_memory ? opts->plugin_memory
                                           : CS_PLUGIN_MEMORY_DEFAULT;
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
    for (size_t i = 0; i < a->n_crits && !bad; i++)
        bad = start_criterion(a, &a->crits[i], opts, diag) < 0;
    if (bad) {
        cs_appraisal_free(a);
        return NULL;
    }
    return a;
}

/* Runs every criterion's init() in a worker; what they logged into diag.
 * Returns 0, or -1 when no worker could run (in diag). */
static int start_all(cs_appraisal *a, cs_diag *diag)
{
    cs_crit_run **runs = calloc(a->n_crits + 1, sizeof *runs);
    cs_pool_cfg cfg = pool_cfg(a);
    char err[1024];
    int rc = -1;

    if (!runs)
        cs_diag_error(diag, (cs_pos){0}, "out of memory");
    else if ((rc = cs_exec_init(a, runs, live_runs(a, runs), &cfg, err,
                                sizeof err)) < 0)
        cs_diag_error(diag, (cs_pos){0}, "%s", err);
    cs_appraisal_take_log(a, diag);
    free(runs);
    return rc;
}

/* Runs every started criterion; what they logged into diag. */
static int run_all(cs_appraisal *a, const cs_appraise_opts *opts,
                   cs_diag *diag)
{
    cs_crit_run **runs = calloc(a->n_crits + 1, sizeof *runs);
    cs_pool_cfg cfg = pool_cfg(a);
    cs_progress progress;
    char err[1024];
    int rc = -1;

    if (!runs)
        return cs_diag_error(diag, (cs_pos){0}, "out of memory");
    cs_progress_start(&progress, a->n_crits * (a->n_unique
                      + a->model->n_options) * a->n_draws,
                      opts->quiet ? NULL : opts->progress);
    a->shard = opts->shard;     /* the main run only, never a rerun */
    rc = cs_exec_run(a, runs, live_runs(a, runs), &cfg, &progress, err,
                     sizeof err);
    a->shard = NULL;
    cs_progress_end(&progress);
    if (rc < 0)
        cs_diag_error(diag, (cs_pos){0}, "%s", err);
    cs_appraisal_take_log(a, diag);
    free(runs);
    return rc;
}

cs_appraisal *cs_appraise(const cs_model *model, cs_plugin *const *plugins,
                          const cs_appraise_opts *opts, cs_diag *diag,
                          int *plugin_failed)
{
    cs_appraisal *a;
    int bad;

    *plugin_failed = 0;
    if (!(a = setup(model, plugins, opts, diag)))
        return NULL;
    bad = start_all(a, diag) < 0 || run_all(a, opts, diag) < 0;
    if (!bad)
        bad = report_failures(a, opts, diag, plugin_failed);
    if (bad) {
        cs_appraisal_free(a);
        return NULL;
    }
    return a;
}

int cs_appraise_check(const cs_model *model, cs_plugin *const *plugins,
                      const cs_appraise_opts *opts, cs_diag *diag)
{
    cs_appraisal *a = setup(model, plugins, opts, diag);
    int rc = 0;

    if (!a)
        return -1;
    if (start_all(a, diag) < 0)
        rc = -2;
    for (size_t i = 0; i < a->n_crits; i++)
        if (a->crits[i].failed) {
            cs_diag_error(diag, a->crits[i].spec->pos, "%s; %s",
                          a->crits[i].error, crit_fix(&a->crits[i]));
            rc = -2;
        }
    cs_appraisal_free(a);
    return rc;
}

static void swap_spare(cs_crit_run *run);

void cs_appraisal_free(cs_appraisal *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_crits; i++) {
        cs_crit_run *run = &a->crits[i];
        cs_exec_release(a, run);
        swap_spare(run);
        cs_exec_release(a, run);
        cs_exec_metrics_free(run);
        if (run->ctx)
            cs_plog_free(run->ctx->log);
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

/* Swaps a run's values with its spare set (for reruns). */
static void swap_spare(cs_crit_run *run)
{
    struct cs_crit_spare keep = run->spare;

    run->spare = (struct cs_crit_spare){run->unique, run->options, run->arena,
                                        run->arena_len};
    run->unique = keep.unique;
    run->options = keep.options;
    run->arena = keep.arena;
    run->arena_len = keep.arena_len;
}

int cs_crit_rerun_means(cs_appraisal *a, cs_crit_run *run,
                        double *mean_value, char *err, size_t len)
{
    int failed = run->failed;
    const char *fix = run->fix;
    char keep[sizeof run->error];
    cs_pool_cfg cfg = pool_cfg(a);
    size_t n_opt = a->model->n_options;
    cs_progress quiet;
    double *sums = run->unique_sum;
    int rc;

    memcpy(keep, run->error, sizeof keep);
    swap_spare(run);
    run->unique_sum = NULL;   /* the rerun's consortia are not reported */
    run->failed = 0;
    cs_progress_start(&quiet, 0, NULL);
    rc = cs_exec_run(a, &run, 1, &cfg, &quiet, err, len);
    cs_progress_end(&quiet);
    if (rc == 0 && run->failed) {
        snprintf(err, len, "%s", run->error);
        rc = -1;
    }
    for (size_t o = 0; rc == 0 && o < n_opt; o++) {
        double sum = 0.0;
        for (size_t k = 0; k < a->n_draws; k++)
            sum += cs_value_fn_eval(&run->vf, run->options[o].values[0][k]);
        mean_value[o] = sum / (double)a->n_draws;
    }
    swap_spare(run);
    run->unique_sum = sums;
    run->failed = failed;
    run->fix = fix;
    memcpy(run->error, keep, sizeof keep);
    return rc;
}
