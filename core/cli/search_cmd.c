/* search_cmd.c -- `consortia search SCENARIO`: the best groupings of the
 * scenario's localities under its `search:` rules (docs/search.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/base.h"
#include "loader/loader.h"
#include "report/report.h"
#include "search/search.h"
#include "search_out.h"
#include "session.h"
#include "help.h"

typedef struct search_args {
    const char *file, *output, *emit, *task;
    const char *dirs[16];
    size_t n_dirs;
    int json, html, quiet, force, formatted;
    cs_search_opts o;
} search_args;

static const char search_usage[] =
    "usage: consortia search SCENARIO [-f text|json|html] [-o FILE] [--top K]\n"
    "                        [--emit-options FILE] [--seed N] [--draws N]\n"
    "                        [--screen-draws N] [--time-limit S]\n"
    "                        [--threads N] [--plugin-path DIR] [--quiet]\n"
    "                        [--task I/N -o PARTIAL [--force]]\n";

static int usage(const char *what, const char *arg)
{
    fprintf(stderr, "consortia: error: ");
    fprintf(stderr, what, arg);
    fprintf(stderr, "\n%s", search_usage);
    return EX_USAGE;
}

static int count_opt(const char *arg, const char *name, uint64_t lo,
                     uint64_t hi, uint64_t *v)
{
    char msg[128];

    if (cs_parse_count(arg, lo, hi, v) == 0)
        return 0;
    snprintf(msg, sizeof msg, "%s needs a whole number from %llu to %llu, "
             "not '%%s'", name, (unsigned long long)lo,
             (unsigned long long)hi);
    return usage(msg, arg);
}

static int parse_one(search_args *a, int opt, const char *arg)
{
    uint64_t v;
    int rc = 0;

    switch (opt) {
    case 'f':
        if (strcmp(arg, "text") && strcmp(arg, "json") && strcmp(arg, "html"))
            return usage("unknown format '%s'; use text, json or html", arg);
        a->json = !strcmp(arg, "json");
        a->html = !strcmp(arg, "html");
        a->formatted = 1;
        return 0;
    case 'o': a->output = arg; return 0;
    case 'e': a->emit = arg; return 0;
    case 't': a->task = arg; return 0;
    case 'F': a->force = 1; return 0;
    case 'q': a->quiet = 1; return 0;
    case 'p':
        if (a->n_dirs >= 16)
            return usage("%s", "at most 16 --plugin-path options");
        a->dirs[a->n_dirs++] = arg;
        return 0;
    case 'l': {
        char *end;
        double t = strtod(arg, &end);
        if (*end || !(t > 0 && t <= 86400))
            return usage("--time-limit needs seconds above 0 and at most "
                         "86400, not '%s'", arg);
        a->o.time_limit = t;
        return 0;
    }
    case 'k': rc = count_opt(arg, "--top", 1, 100, &v); a->o.top = (unsigned)v; break;
    case 's': rc = count_opt(arg, "--seed", 0, UINT64_MAX, &v);
        a->o.seed = v; a->o.has_seed = 1; break;
    case 'n': rc = count_opt(arg, "--draws", 1, 10000000, &v); a->o.draws = (size_t)v; break;
    case 'd': rc = count_opt(arg, "--screen-draws", 10, 10000000, &v);
        a->o.screen_draws = (size_t)v; break;
    case 'j': rc = count_opt(arg, "--threads", 1, 256, &v); a->o.threads = (unsigned)v; break;
    default: return usage("%s", "unknown option");
    }
    return rc;
}

static int parse(int argc, char **argv, search_args *a)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, 'k'},
        {"emit-options", required_argument, NULL, 'e'},
        {"seed", required_argument, NULL, 's'},
        {"draws", required_argument, NULL, 'n'},
        {"screen-draws", required_argument, NULL, 'd'},
        {"time-limit", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 'j'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},
        {"task", required_argument, NULL, 't'},
        {"force", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    int opt, rc;
    char msg[256];

    memset(a, 0, sizeof *a);
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":f:o:k:e:s:n:d:l:j:p:q", longopts,
                              NULL)) != -1) {
        if (opt == '?')
            return usage("%s", cs_option_error(argv[optind - 1], longopts,
                                               msg, sizeof msg));
        if (opt == ':')
            return usage("option '%s' needs a value", argv[optind - 1]);
        if ((rc = parse_one(a, opt, optarg)) != 0)
            return rc;
    }
    if (optind < argc)
        a->file = argv[optind++];
    if (optind < argc)
        return usage("unexpected argument '%s'", argv[optind]);
    if (!a->file)
        return usage("%s", "search needs a scenario FILE");
    return 0;
}

/* Writes via a file written whole or not at all. */
static int write_with(const char *path, const cs_search_result *r,
                      int (*fn)(FILE *, const cs_search_result *))
{
    cs_out out;
    char err[512];

    if (cs_out_open(&out, path, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    if (fn(out.fp, r) < 0) {
        cs_out_abort(&out);
        fprintf(stderr, "consortia: error: cannot write '%s'\n",
                path ? path : "standard output");
        return EX_IOERR;
    }
    if (cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;
    }
    return 0;
}

static int html_page(FILE *fp, const cs_search_result *r)
{
    return cs_report_search_html(r, fp, 1, NULL);
}

int cs_search_write_result(const cs_search_result *r, const char *format,
                           const char *path, const char *emit)
{
    int rc = write_with(path && strcmp(path, "-") ? path : NULL, r,
                        format && !strcmp(format, "json")
                            ? cs_search_write_json
                        : format && !strcmp(format, "html") ? html_page
                        : format && !strcmp(format, "options")
                            ? cs_search_write_options
                            : cs_search_write_text);

    if (rc == 0 && emit)
        rc = write_with(emit, r, cs_search_write_options);
    return rc;
}

static int run(const search_args *a, cs_model *m)
{
    cs_diag diag = {0};
    cs_plugin **pl = NULL;
    cs_search_result r;
    int rc, pf = 0;

    memset(&r, 0, sizeof r);
    rc = cs_session_open_plugins(m, a->dirs, a->n_dirs, &pl, &diag);
    if (rc == 0 && cs_search_run(m, pl, &a->o, &r, &diag, &pf) < 0)
        rc = pf ? EX_SOFTWARE : EX_DATAERR;
    if (rc == 0)
        rc = cs_search_write_result(&r, a->json ? "json" : a->html ? "html"
                                    : "text", a->output, a->emit);
    if (rc == 0 && !a->quiet)
        fprintf(stderr, "consortia: search: %llu coalitions screened, "
                "%llu value calls, solver %.2f s\n", r.n_coalitions_screened,
                r.n_value_calls, r.solver_seconds);
    if (!a->quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    cs_search_result_free(&r);
    cs_session_close_plugins(pl, m->n_criteria);
    return rc;
}

int cs_cmd_search(int argc, char **argv)
{
    search_args a;
    cs_diag diag = {0};
    cs_model *m;
    int rc;

    if ((rc = parse(argc, argv, &a)) != 0)
        return rc;
    if (a.task) {       /* one shard (docs/scale-out.md) */
        if (!a.output || !strcmp(a.output, "-"))
            return usage("%s", "--task writes a partial result: give -o "
                         "FILE (then `consortia merge` the files)");
        if (a.emit || a.formatted)
            return usage("%s", "--task writes a partial result; give -f "
                         "and --emit-options to `consortia merge` "
                         "(--format, --reports DIR)");
        return cs_cmd_search_task(a.file, a.task, a.output, a.force, a.dirs,
                                  a.n_dirs, &a.o, a.quiet);
    }
    if (a.force)
        return usage("%s", "--force goes with --task");
    if (access(a.file, R_OK) != 0) {
        fprintf(stderr, "consortia: error: cannot read '%s'\n", a.file);
        return EX_NOINPUT;
    }
    m = cs_load_scenario(a.file, &diag);
    if (m && !m->n_criteria) {
        cs_diag_error(&diag, (cs_pos){a.file, 0, 0}, "the scenario has no "
                      "criteria; add at least one under 'criteria:'");
        cs_model_free(m);
        m = NULL;
    }
    if (!m || !a.quiet || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (!m)
        return EX_DATAERR;
    rc = run(&a, m);
    cs_model_free(m);
    return rc;
}
