/* sweep_cmd.c -- the commands `consortia sweep`, `consortia merge` and
 * `consortia voi` (sweep.h; docs/scale-out.md). */
#include "sweep.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/base.h"
#include "decision/score.h"
#include "report/report.h"
#include "session.h"
#include "help.h"

static const char sweep_usage[] =
    "usage: consortia sweep SCENARIO... [--grid NAME=LO:HI:K | "
    "--grid NAME=V1,V2,...]...\n"
    "                       [--lhs N --range NAME=LO:HI ...] [--seed N]\n"
    "                       [--draws N] [--threads N] [--format csv|json|"
    "text]\n"
    "                       [-o FILE | --reports DIR] [--task I/N [--force]]\n"
    "                       [--plugin-path DIR] [--quiet]\n"
    "       consortia merge PARTIAL... [--format csv|json|text]\n"
    "                       [-o FILE | --reports DIR]\n"
    "       consortia voi SCENARIO [--group NAME,NAME...]... [--seed N]\n"
    "                     [--draws N] [--threads N] [--format text|json]\n"
    "                     [-o FILE] [--plugin-path DIR]\n";

static int usage(const char *fmt, const char *arg)
{
    fputs("consortia: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(sweep_usage, stderr);
    return EX_USAGE;
}

typedef struct sweep_args {
    const char *files[4096];
    size_t n_files;
    cs_design design;
    cs_appraise_opts opts;
    const char *plugin_dirs[16];
    size_t n_plugin_dirs;
    const char *format, *output, *dir;
    unsigned task, n_tasks;
    int force;
} sweep_args;

static int parse_task(sweep_args *a, const char *s)
{
    unsigned i, n;
    char extra;

    if (sscanf(s, "%u/%u%c", &i, &n, &extra) != 2 || n < 1 || i < 1 ||
        i > n || n > 100000)
        return usage("--task needs I/N with 1 <= I <= N (e.g. 2/3), not "
                     "'%s'", s);
    a->task = i;
    a->n_tasks = n;
    return 0;
}

static int count_arg(const char *s, uint64_t lo, uint64_t hi, uint64_t *v,
                     const char *what)
{
    if (cs_parse_count(s, lo, hi, v) < 0)
        return usage(what, s);
    return 0;
}

static int sweep_opt(sweep_args *a, int opt, const char *arg)
{
    char err[512];
    uint64_t v;

    switch (opt) {
    case 'g': case 'R':
        if ((opt == 'g' ? cs_design_add_grid : cs_design_add_range)(
                &a->design, arg, err, sizeof err) < 0)
            return usage("%s", err);
        return 0;
    case 'L':
        if (count_arg(arg, 1, 10000000, &v, "--lhs needs a whole number "
                      "of points from 1 to 10000000, not '%s'"))
            return EX_USAGE;
        a->design.lhs_points = (size_t)v;
        return 0;
    case 's':
        if (count_arg(arg, 0, INT64_MAX, &v, "--seed needs a whole number "
                      "from 0 to 9223372036854775807, not '%s'"))
            return EX_USAGE;
        a->opts.seed = v;
        a->opts.has_seed = 1;
        a->design.design_seed = v;
        return 0;
    case 'n':
        if (count_arg(arg, 1, 10000000, &v, "--draws needs a whole number "
                      "from 1 to 10000000, not '%s'"))
            return EX_USAGE;
        a->opts.draws = (size_t)v;
        return 0;
    case 'j':
        if (count_arg(arg, 1, 256, &v, "--threads needs a whole number "
                      "from 1 to 256, not '%s'"))
            return EX_USAGE;
        a->opts.threads = (unsigned)v;
        return 0;
    case 'p':
        if (a->n_plugin_dirs >= 16)
            return usage("%s", "at most 16 --plugin-path options");
        a->plugin_dirs[a->n_plugin_dirs++] = arg;
        return 0;
    case 'f': a->format = arg; return 0;
    case 'o': a->output = arg; return 0;
    case 'r': a->dir = arg; return 0;
    case 't': return parse_task(a, arg);
    case 'F': a->force = 1; return 0;
    case 'q': a->opts.quiet = 1; return 0;
    }
    return usage("%s", "unknown option");
}

static int parse(sweep_args *a, int argc, char **argv)
{
    static const struct option lo[] = {
        {"grid", required_argument, NULL, 'g'},
        {"range", required_argument, NULL, 'R'},
        {"lhs", required_argument, NULL, 'L'},
        {"seed", required_argument, NULL, 's'},
        {"draws", required_argument, NULL, 'n'},
        {"threads", required_argument, NULL, 'j'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"reports", required_argument, NULL, 'r'},
        {"task", required_argument, NULL, 't'},
        {"force", no_argument, NULL, 'F'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    int opt, rc;
    char msg[256];

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":f:o:r:s:n:j:p:q", lo, NULL))
           != -1) {
        if (opt == '?')
            return usage("%s", cs_option_error(argv[optind - 1], lo, msg,
                                               sizeof msg));
        if (opt == ':')
            return usage("option '%s' needs a value", argv[optind - 1]);
        if ((rc = sweep_opt(a, opt, optarg)) != 0)
            return rc;
    }
    for (; optind < argc; optind++) {
        if (a->n_files == sizeof a->files / sizeof *a->files)
            return usage("%s", "at most 4096 scenarios in one sweep");
        a->files[a->n_files++] = argv[optind];
    }
    if (a->dir && a->output)
        return usage("%s", "give -o FILE or --reports DIR, not both");
    return 0;
}

int cs_sweep_usage(const char *fmt, const char *arg)
{
    return usage(fmt, arg);
}

static int parse_format(const char *s, cs_sweep_format *f)
{
    if (!s || !strcmp(s, "csv"))
        *f = CS_SWEEP_CSV;
    else if (!strcmp(s, "json"))
        *f = CS_SWEEP_JSON;
    else if (!strcmp(s, "text"))
        *f = CS_SWEEP_TEXT;
    else
        return usage("unknown format '%s'; use csv, json or text", s);
    return 0;
}

/* Writes the final outputs of `command` (only "sweep" so far: another
 * command's partials name their own writer here). */
int cs_sweep_write_final(const json_t *plan, const json_t *items,
                         const char *format, const char *output,
                         const char *dir)
{
    static const struct { cs_sweep_format f; const char *ext; } all[] = {
        {CS_SWEEP_CSV, "csv"}, {CS_SWEEP_JSON, "json"},
        {CS_SWEEP_TEXT, "txt"},
    };
    cs_sweep_format f;
    char path[4096], err[1024];
    cs_out out;

    if (parse_format(format, &f))
        return EX_USAGE;
    for (size_t i = 0; i < (dir ? 3u : 1u); i++) {
        if (dir)
            snprintf(path, sizeof path, "%s/sweep.%s", dir, all[i].ext);
        if (cs_out_open(&out, dir ? path : output, err, sizeof err) < 0) {
            fprintf(stderr, "consortia: error: %s\n", err);
            return EX_CANTCREAT;
        }
        if (cs_sweep_write(plan, items, dir ? all[i].f : f, out.fp) < 0) {
            cs_out_abort(&out);
            fprintf(stderr, "consortia: error: cannot write the sweep\n");
            return EX_IOERR;
        }
        if (cs_out_commit(&out, err, sizeof err) < 0) {
            fprintf(stderr, "consortia: error: %s\n", err);
            return EX_IOERR;       /* a failed commit: a write error */
        }
    }
    return 0;
}

/* A shard's output that exists, is complete and belongs to this plan and
 * task is not redone. Returns 1 when it is so. */
static int already_done(const sweep_args *a, const json_t *plan)
{
    json_t *h, *recs;
    char err[1024], sha[65];
    int done;

    if (a->force || access(a->output, F_OK) != 0)
        return 0;
    if (cs_partial_read(a->output, &h, &recs, err, sizeof err) < 0) {
        if (!a->opts.quiet)
            fprintf(stderr, "%s: note: incomplete; running task %u/%u "
                    "again\n", a->output, a->task, a->n_tasks);
        return 0;
    }
    cs_json_sha256(plan, sha);
    done = !strcmp(json_string_value(json_object_get(h, "plan_sha256")),
                   sha) &&
           json_integer_value(json_object_get(h, "task")) == a->task &&
           json_integer_value(json_object_get(h, "tasks")) == a->n_tasks;
    if (!a->opts.quiet)
        fprintf(stderr, done ? "%s: complete (task %u/%u, %zu items); not "
                "redone\n" : "%s: note: another plan's or task's result; "
                "running task %u/%u again\n", a->output, a->task,
                a->n_tasks, json_array_size(recs));
    json_decref(h);
    json_decref(recs);
    return done;
}

static int write_partial(const sweep_args *a, const json_t *plan,
                         const size_t *items, size_t n, const json_t *recs)
{
    cs_out out;
    char err[1024];

    if (cs_out_open(&out, a->output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    if (cs_partial_write(out.fp, "sweep", plan, a->task, a->n_tasks, items,
                         n, recs) < 0) {
        cs_out_abort(&out);
        fprintf(stderr, "consortia: error: cannot write %s\n", a->output);
        return EX_IOERR;
    }
    if (cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;       /* a failed commit: a write error */
    }
    return 0;
}

int cs_sweep_failed_items(const json_t *recs)
{
    size_t i, n = 0;
    const json_t *r;

    json_array_foreach(recs, i, r)
        if (strcmp(json_string_value(json_object_get(r, "status")), "ok")) {
            if (n++ < 5)
                fprintf(stderr, "consortia: error: item %lld (%s, setting "
                        "%lld): %s\n", (long long)json_integer_value(
                            json_object_get(r, "item")),
                        json_string_value(json_object_get(r, "scenario")),
                        (long long)json_integer_value(
                            json_object_get(r, "setting")),
                        json_string_value(json_object_get(r, "error")));
        }
    if (n)
        fprintf(stderr, "consortia: error: %zu items failed; they are "
                "marked failed in the table\n", n);
    return n ? EX_DATAERR : 0;
}

static int run_sweep(sweep_args *a)
{
    char err[1024];
    cs_sweep_spec spec = {a->files, a->n_files, a->design, &a->opts,
                          a->plugin_dirs, a->n_plugin_dirs};
    json_t *plan = cs_sweep_plan(&spec, err, sizeof err), *recs;
    size_t n_items, *items;
    int rc;

    if (!plan) {
        fprintf(stderr, "%s\n", err);
        return EX_NOINPUT;
    }
    if (a->n_tasks && already_done(a, plan)) {
        json_decref(plan);
        return 0;
    }
    items = cs_task_items(a->n_files * a->design.n_settings, a->task,
                          a->n_tasks, &n_items);
    recs = json_array();
    rc = items ? cs_sweep_run_items(&spec, plan, items, n_items, recs,
                                    a->opts.quiet ? NULL : stderr)
               : EX_OSERR;
    if (rc == 0)
        rc = a->n_tasks ? write_partial(a, plan, items, n_items, recs)
             : cs_sweep_write_final(plan, recs, a->format, a->output, a->dir);
    if (rc == 0)
        rc = cs_sweep_failed_items(recs);
    free(items);
    json_decref(recs);
    json_decref(plan);
    return rc;
}

int cs_cmd_sweep(int argc, char **argv)
{
    sweep_args *a = calloc(1, sizeof *a);
    cs_sweep_format f;
    char err[512];
    int rc;

    if (!a)
        return EX_OSERR;
    rc = parse(a, argc, argv);
    if (rc == 0 && a->n_files == 0)
        rc = usage("%s", "sweep needs at least one SCENARIO file");
    if (rc == 0 && a->n_tasks && (!a->output || a->dir))
        rc = usage("%s", "--task writes a partial result: give -o FILE "
                   "(then `consortia merge` the shards' files)");
    if (rc == 0 && !a->n_tasks && parse_format(a->format, &f))
        rc = EX_USAGE;
    if (rc == 0 && cs_design_build(&a->design, err, sizeof err) < 0)
        rc = usage("%s", err);
    if (rc == 0)
        rc = run_sweep(a);
    cs_design_free(&a->design);
    free(a);
    return rc;
}
