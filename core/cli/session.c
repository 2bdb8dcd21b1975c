/* session.c -- the commands: load, open plugins, appraise, report. */
#include "session.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/base.h"
#include "loader/loader.h"
#include "host/host.h"
#include "decision/score.h"

/* What scenarios may reach; set once by main() from the command line. */
static cs_load_opts load_opts;

void cs_session_set_load_opts(const cs_load_opts *o)
{
    load_opts = o ? *o : (cs_load_opts){0};
}

const cs_load_opts *cs_session_load_opts(void)
{
    return &load_opts;
}

/* 66 when the file cannot be read at all, else 0. */
static int check_input(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: error: cannot read the scenario: %s; check the "
                "path\n", path, strerror(errno));
        return EX_NOINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: is a directory; give a scenario file "
                "(e.g. %s/example.yaml)\n", path, path);
        return EX_NOINPUT;
    }
    return 0;
}

static cs_model *load(const char *path, int quiet, int *rc)
{
    cs_diag diag = {0};
    cs_model *m;

    if ((*rc = check_input(path)) != 0)
        return NULL;
    m = cs_load_scenario_opts(path, &load_opts, &diag);
    if (m && m->n_criteria == 0) {
        /* loadable (a researcher may add criteria later), not appraisable */
        cs_diag_error(&diag, m->criteria_pos, "the scenario has no "
                      "criteria; add at least one under 'criteria:', e.g. "
                      "'criteria: [{plugin: risk}]' (see "
                      "docs/scenario-format.md)");
        cs_model_free(m);
        m = NULL;
    }
    if (!m || !quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    *rc = m ? 0 : EX_DATAERR;
    return m;
}

/* Reports a criterion naming no plugin that can be found, with the
 * closest installed name. */
static void no_such_plugin(const cs_plugin_path *path,
                           const cs_criterion_spec *spec, const char *err,
                           cs_diag *diag)
{
    cs_plugin **all = NULL;
    size_t n = 0;
    const char **names;
    const char *near = NULL;
    cs_diag quiet = {0};

    cs_plugin_list(path, &all, &n, &quiet);
    cs_diag_clear(&quiet);
    if ((names = calloc(n + 1, sizeof *names))) {
        for (size_t i = 0; i < n; i++)
            names[i] = all[i]->name;
        near = cs_did_you_mean(spec->plugin, names, n);
    }
    if (near)
        cs_diag_error(diag, spec->pos, "no plugin named '%s'; did you mean "
                      "'%s'?", spec->plugin, near);
    else
        cs_diag_error(diag, spec->pos, "%s", err);
    free(names);
    for (size_t i = 0; i < n; i++)
        cs_plugin_close(all[i]);
    free(all);
}

int cs_session_open_plugins(const cs_model *m, const char *const *dirs,
                            size_t n_dirs, cs_plugin ***out, cs_diag *diag)
{
    cs_plugin_path path;
    cs_plugin **pl = calloc(m->n_criteria + 1, sizeof *pl);
    char err[2048];
    int rc = 0;

    *out = pl;
    if (!pl || cs_plugin_path_init(&path, dirs, n_dirs) < 0) {
        cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
        return EX_OSERR;
    }
    for (size_t i = 0; i < m->n_criteria; i++) {
        const cs_criterion_spec *spec = &m->criteria[i];
        char file[4096];
        if (cs_plugin_locate(&path, spec->plugin, file, sizeof file) < 0) {
            /* the scenario's mistake: suggest a name */
            cs_plugin_missing(&path, spec->plugin, err, sizeof err);
            no_such_plugin(&path, spec, err, diag);
            rc = rc ? rc : EX_DATAERR;
        } else if (strchr(spec->plugin, '/') && access(file, F_OK) != 0) {
            /* a file named by path (--allow-plugin-file) that is not
             * there: the scenario's mistake, not the plugin's */
            cs_diag_error(diag, spec->pos, "no plugin file '%s': %s; check "
                          "the path (relative to the scenario's folder)",
                          file, strerror(errno));
            rc = rc ? rc : EX_DATAERR;
        } else if (!(pl[i] = cs_plugin_open(file, err, sizeof err))) {
            /* there, but not loadable: the plugin's fault */
            cs_diag_error(diag, spec->pos, "%s", err);
            rc = EX_SOFTWARE;
        }
    }
    cs_plugin_path_free(&path);
    return rc;
}

void cs_session_close_plugins(cs_plugin **pl, size_t n)
{
    if (!pl)
        return;
    for (size_t i = 0; i < n; i++)
        cs_plugin_close(pl[i]);
    free(pl);
}

/* Checks scenario-wide parameters against every criterion's plugin. */
static int check_scenario_params(const cs_model *m, cs_plugin **pl,
                                 cs_diag *diag)
{
    const cs_plugin_descriptor **descs = calloc(m->n_criteria + 1,
                                                sizeof *descs);
    int n_err;

    if (!descs)
        return cs_diag_error(diag, (cs_pos){0}, "out of memory; free some memory");
    for (size_t i = 0; i < m->n_criteria; i++)
        descs[i] = pl[i]->desc;
    n_err = cs_params_check_unused(m, descs, m->n_criteria, diag);
    free(descs);
    return n_err ? -1 : 0;
}

int cs_cmd_validate(const char *file, const char *const *dirs, size_t n_dirs,
                    const cs_appraise_opts *opts)
{
    cs_diag diag = {0};
    cs_plugin **pl = NULL;
    int rc;
    cs_model *m = load(file, opts->quiet, &rc);

    if (!m)
        return rc;
    if ((rc = cs_session_apply_weights(m)) != 0) {
        cs_model_free(m);
        return rc;
    }
    rc = cs_session_open_plugins(m, dirs, n_dirs, &pl, &diag);
    if (rc == 0) {
        int bad = check_scenario_params(m, pl, &diag) < 0;
        bad |= cs_check_value_fns(m, pl, 1, &diag) < 0;
        for (size_t i = 0; i < m->n_criteria; i++) {
            cs_param_set set;
            bad |= cs_params_bind(&set, pl[i]->desc, &m->criteria[i], m,
                                  &diag) < 0;
            cs_params_free(&set);
        }
        rc = bad ? EX_DATAERR : 0;
        /* each plugin's init(), contained, as appraise would run it; its
         * errors are shown, its warnings are appraise's to show */
        cs_appraise_opts check = *opts;
        check.quiet = 1;
        if (rc == 0 && cs_appraise_check(m, pl, &check, &diag) != 0)
            rc = EX_SOFTWARE;
    }
    cs_diag_print(&diag, stderr);
    if (rc == 0)
        printf("%s: ok: %zu practices, %zu localities, %zu options, %zu "
               "criteria\n", file, m->n_practices, m->n_localities,
               m->n_options, m->n_criteria);
    cs_diag_clear(&diag);
    cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}

/* Writes one report atomically; returns 0 or a sysexits code: 73 when the
 * file cannot be created, 74 when writing it fails (the message says
 * why). */
/* `appraise --with-search`: run the search too and put its section in
 * the board pack (docs/board-pack.md). */
static int with_search;
static const cs_search_result *board_search;

void cs_session_set_with_search(int on)
{
    with_search = on;
}

static int timings;

void cs_session_set_timings(int on)
{
    timings = on;
}

static double tv_s(struct timeval t)
{
    return (double)t.tv_sec + 1e-6 * (double)t.tv_usec;
}

/* `appraise --timings`: where the CPU went, on standard error (never in a
 * report: the figures differ from run to run). The workers have exited by
 * now, so RUSAGE_CHILDREN holds them. */
static void print_timings(const cs_appraisal *a)
{
    struct rusage self, kids;
    double whole = 0, calls = 0;

    if (getrusage(RUSAGE_SELF, &self) == 0 &&
        getrusage(RUSAGE_CHILDREN, &kids) == 0)
        whole = tv_s(self.ru_utime) + tv_s(self.ru_stime) +
                tv_s(kids.ru_utime) + tv_s(kids.ru_stime);
    fprintf(stderr, "timings (CPU seconds; they differ from run to run):\n");
    for (size_t c = 0; c < a->n_crits; c++) {
        const cs_crit_run *r = &a->crits[c];
        fprintf(stderr, "  %-16s %6zu consortium() calls %9.3f s  %4zu "
                "option() calls %9.3f s\n", r->spec->label, r->n_calls[0],
                r->call_cpu[0], r->n_calls[1], r->call_cpu[1]);
        calls += r->call_cpu[0] + r->call_cpu[1];
    }
    fprintf(stderr, "  plugin calls, all criteria %9.3f s\n", calls);
    fprintf(stderr, "  whole process, workers included %9.3f s (user + "
            "system)\n", whole);
}

static int write_report(const cs_appraisal *a, cs_format format,
                        const char *path)
{
    cs_out out;
    char err[1024];
    int wrc;

    if (cs_out_open(&out, path, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    wrc = format == CS_FMT_HTML && board_search
        ? cs_report_html_search(a, board_search, out.fp)
        : cs_report_write(a, format, out.fp);
    if (wrc < 0) {
        cs_out_fail(&out, err, sizeof err);
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;
    }
    if (cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;
    }
    return 0;
}

static const struct { cs_format f; const char *ext; } all_formats[] = {
    {CS_FMT_TEXT, "txt"}, {CS_FMT_JSON, "json"}, {CS_FMT_CSV, "csv"},
    {CS_FMT_CONSORTIA_CSV, "consortia.csv"}, {CS_FMT_MD, "md"},
    {CS_FMT_HTML, "html"},
};
#define N_FORMATS (sizeof all_formats / sizeof *all_formats)

/* dir/<id>.<ext> of format k: the id names files, so it is kept to
 * letters, digits, '.', '-' and '_'. */
static void report_path(const char *dir, const char *id, size_t k,
                        char *path, size_t len)
{
    char stem[256];

    snprintf(stem, sizeof stem, "%s", id ? id : "scenario");
    for (char *p = stem; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789.-_", *p) || (p == stem && *p == '.'))
            *p = '_';
    snprintf(path, len, "%s/%s.%s", dir, stem, all_formats[k].ext);
}

/* Every format into dir/<scenario id>.<ext>. */
static int write_reports(const cs_appraisal *a, const char *dir)
{
    char path[4096];
    int rc = 0;

    for (size_t i = 0; i < N_FORMATS && rc == 0; i++) {
        report_path(dir, a->model->id, i, path, sizeof path);
        rc = write_report(a, all_formats[i].f, path);
    }
    return rc;
}

/* 73 when `output` is one of the model's inputs (the scenario, its
 * practice CSV): writing would destroy what the report was made from. */
static int output_is_input(const cs_model *m, const char *output)
{
    for (size_t i = 0; i < m->n_inputs; i++)
        if (cs_same_file(output, m->inputs[i].path)) {
            fprintf(stderr, "consortia: error: the output '%s' is the input "
                    "'%s'; writing the report there would overwrite it; "
                    "give -o (or --reports) another file name\n", output,
                    m->inputs[i].path);
            return EX_CANTCREAT;
        }
    return 0;
}

/* Can the output be created? Checked before the appraisal runs, so a bad
 * -o fails at once rather than after minutes of work. */
static int check_output(const cs_model *m, const char *output,
                        const char *dir)
{
    struct stat st;
    char err[1024], path[4096];
    cs_out probe;
    int rc = 0;

    if (dir) {
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
            access(dir, W_OK) != 0) {
            fprintf(stderr, "consortia: error: cannot write reports into "
                    "'%s': not a writable directory; create it first\n", dir);
            return EX_CANTCREAT;
        }
        for (size_t i = 0; i < N_FORMATS && rc == 0; i++) {
            report_path(dir, m->id, i, path, sizeof path);
            rc = output_is_input(m, path);
        }
        return rc;
    }
    if (!output || !strcmp(output, "-"))
        return 0;
    if ((rc = output_is_input(m, output)) != 0)
        return rc;
    if (cs_out_open(&probe, output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    cs_out_abort(&probe);
    return 0;
}

int cs_session_write(const cs_appraisal *a, const cs_report_dest *dest)
{
    int rc = check_output(a->model, dest->output, dest->dir);

    if (rc == 0)
        rc = dest->dir ? write_reports(a, dest->dir)
                       : write_report(a, dest->format, dest->output);
    return rc;
}

/* The search of the scenario's `search:` block with appraise's seed and
 * threads, for the board pack. 0, or an exit status. */
static int board_search_run(const cs_model *m, cs_plugin *const *pl,
                            const cs_appraise_opts *opts,
                            cs_search_result *sr, cs_diag *diag)
{
    cs_search_opts so;
    int pf = 0;

    memset(&so, 0, sizeof so);
    so.threads = opts->threads;
    so.draws = opts->draws;     /* the pack's draws re-score the finalists */
    so.seed = opts->seed;
    so.has_seed = opts->has_seed;
    if (cs_search_run(m, pl, &so, sr, diag, &pf) < 0) {
        cs_search_result_free(sr);
        return pf ? EX_SOFTWARE : EX_DATAERR;
    }
    board_search = sr;
    return 0;
}

int cs_cmd_appraise(const char *file, const cs_report_dest *dest,
                    const char *const *dirs, size_t n_dirs,
                    const cs_appraise_opts *opts)
{
    cs_diag diag = {0};
    cs_plugin **pl = NULL;
    cs_appraisal *a = NULL;
    cs_search_result sr;
    int rc, plugin_failed = 0;
    cs_model *m = load(file, opts->quiet, &rc);

    memset(&sr, 0, sizeof sr);
    if (!m)
        return rc;
    if ((rc = cs_session_apply_weights(m)) != 0) {
        cs_model_free(m);
        return rc;
    }
    rc = cs_session_open_plugins(m, dirs, n_dirs, &pl, &diag);
    if (rc == 0 && (check_scenario_params(m, pl, &diag) < 0 ||
                    cs_check_value_fns(m, pl, 0, &diag) < 0))
        rc = EX_DATAERR;    /* refused before any draw, as validate does */
    if (rc == 0)
        rc = check_output(m, dest->output, dest->dir);
    if (rc == 0) {
        a = cs_appraise_decided(m, pl, opts, &diag, &plugin_failed);
        if (!a)
            rc = plugin_failed ? EX_SOFTWARE : EX_DATAERR;
        else if (with_search && m->search.given &&
                 (rc = board_search_run(m, pl, opts, &sr, &diag)) != 0)
            ;
        else if (dest->dir)
            rc = write_reports(a, dest->dir);
        else
            rc = write_report(a, dest->format, dest->output);
        if (rc == 0 && plugin_failed)
            rc = EX_SOFTWARE;    /* --keep-going: report written, still 70 */
        if (a && timings)
            print_timings(a);
    }
    if (!opts->quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (board_search)
        cs_search_result_free(&sr);
    board_search = NULL;
    cs_appraisal_free(a);
    cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}

int cs_parse_count(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = (uint64_t)v;
    return 0;
}
