/* merge_cmd.c -- `consortia merge PARTIAL...` (the shards of a sharded
 * command put back together, checked to belong to one plan, every item
 * present once) and `consortia voi SCENARIO` (the value of information).
 * docs/scale-out.md, docs/decision.md. */
#include "sweep.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/base.h"
#include "decision/score.h"
#include "report/report.h"
#include "session.h"
#include "help.h"

/* The commands whose partial results merge can put together, each with
 * the writer of its final output from the plan and every item's record
 * in item order (the same writer its single run uses). A command that
 * shards its work the same way adds its row here. */
typedef int (*final_writer)(const json_t *plan, const json_t *items,
                            const char *format, const char *output,
                            const char *dir);
static const struct {
    const char *command;
    final_writer write;
} writers[] = {
    {"sweep", cs_sweep_write_final},
    {"appraise", cs_appraise_write_final},
    {"search", cs_search_write_final},
};

static final_writer writer_of(const char *command)
{
    for (size_t i = 0; command && i < sizeof writers / sizeof *writers; i++)
        if (!strcmp(writers[i].command, command))
            return writers[i].write;
    return NULL;
}

typedef struct merge_args {
    const char *format, *output, *dir;
    char **files;
    size_t n_files;
} merge_args;

static int merge_parse(merge_args *m, int argc, char **argv)
{
    static const struct option lo[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"reports", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    char msg[256];

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":f:o:r:", lo, NULL)) != -1) {
        if (opt == '?')
            return cs_sweep_usage("%s", cs_option_error(argv[optind - 1],
                                  lo, msg, sizeof msg));
        if (opt == ':')
            return cs_sweep_usage("option '%s' needs a value",
                                  argv[optind - 1]);
        if (opt == 'f') m->format = optarg;
        if (opt == 'o') m->output = optarg;
        if (opt == 'r') m->dir = optarg;
    }
    m->files = argv + optind;
    m->n_files = (size_t)(argc - optind);
    if (m->n_files == 0)
        return cs_sweep_usage("%s", "merge needs the PARTIAL files of "
                              "every task");
    if (m->dir && m->output)
        return cs_sweep_usage("%s", "give -o FILE or --reports DIR, not "
                              "both");
    return 0;
}

/* Checks partial f's header against the first's and files its records
 * by item into slot[]. Returns 0, or EX_DATAERR with the reason said. */
static int file_records(const char *path, const char *m_first,
                        const json_t *h, const json_t *h0,
                        const json_t *recs, json_t **slot, size_t total,
                        unsigned char *task_seen)
{
    const char *cmd = json_string_value(json_object_get(h, "command"));
    const char *sha = json_string_value(json_object_get(h, "plan_sha256"));
    json_int_t task = json_integer_value(json_object_get(h, "task"));
    json_int_t tasks = json_integer_value(json_object_get(h, "tasks"));
    char own[65];
    size_t i;
    const json_t *r, *it = json_object_get(h, "items");

    cs_json_sha256(json_object_get(h, "plan"), own);
    if (!writer_of(cmd) || !sha || strcmp(sha, own)) {
        fprintf(stderr, "%s: error: not a partial result merge knows (its "
                "command is '%s'), or its plan does not match its checksum; "
                "run its task again\n", path, cmd ? cmd : "none");
        return EX_DATAERR;
    }
    if (strcmp(cmd, json_string_value(json_object_get(h0, "command"))) ||
        strcmp(sha, json_string_value(json_object_get(h0, "plan_sha256"))) ||
        tasks != json_integer_value(json_object_get(h0, "tasks"))) {
        fprintf(stderr, "%s: error: belongs to another %s than %s (its "
                "plan, scenario files, seed or task count differ); merge "
                "the partials of one %s\n", path, cmd, m_first, cmd);
        return EX_DATAERR;
    }
    if (task < 1 || task > tasks) {
        fprintf(stderr, "%s: error: task %lld/%lld is out of range; give "
                "the partial results of tasks 1 to %lld\n", path,
                (long long)task, (long long)tasks, (long long)tasks);
        return EX_DATAERR;
    }
    if (task_seen[task - 1]++) {
        fprintf(stderr, "%s: error: task %lld/%lld is given twice; give "
                "each task's file once\n", path, (long long)task,
                (long long)tasks);
        return EX_DATAERR;
    }
    if (json_array_size(it) != json_array_size(recs)) {
        fprintf(stderr, "%s: error: its items and records differ; run its "
                "task again\n", path);
        return EX_DATAERR;
    }
    json_array_foreach(recs, i, r) {
        json_int_t k = json_integer_value(json_object_get(r, "item"));
        if (k < 0 || (size_t)k >= total || slot[k] ||
            k != json_integer_value(json_array_get(it, i))) {
            fprintf(stderr, "%s: error: item %lld is out of place or given "
                    "twice; run its task again\n", path, (long long)k);
            return EX_DATAERR;
        }
        slot[k] = (json_t *)r;
    }
    return 0;
}

static int merge_all(const merge_args *m, json_t **hs, json_t **rs)
{
    char err[1024];
    size_t total = 0, ntask = 0;
    json_t **slot = NULL, *items = NULL;
    unsigned char *seen = NULL;
    int rc = 0;

    for (size_t f = 0; f < m->n_files && rc == 0; f++)
        if (cs_partial_read(m->files[f], &hs[f], &rs[f], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            rc = EX_DATAERR;
        }
    if (rc == 0) {
        total = (size_t)json_integer_value(json_object_get(
            json_object_get(hs[0], "plan"), "items"));
        ntask = (size_t)json_integer_value(json_object_get(hs[0], "tasks"));
        slot = calloc(total + 1, sizeof *slot);
        seen = calloc(ntask + 1, 1);
        rc = slot && seen ? 0 : EX_OSERR;
    }
    for (size_t f = 0; f < m->n_files && rc == 0; f++)
        rc = file_records(m->files[f], m->files[0], hs[f], hs[0], rs[f],
                          slot, total,
                          seen);
    for (size_t k = 0; k < total && rc == 0; k++)
        if (!slot[k]) {
            fprintf(stderr, "consortia: error: item %zu is missing: give "
                    "the partial result of task %zu/%zu\n", k,
                    k % ntask + 1, ntask);
            rc = EX_DATAERR;
        }
    if (rc == 0) {
        items = json_array();
        for (size_t k = 0; k < total; k++)
            json_array_append(items, slot[k]);
        rc = writer_of(json_string_value(json_object_get(hs[0], "command")))(
            json_object_get(hs[0], "plan"), items, m->format, m->output,
            m->dir);
        if (rc == 0 && !strcmp(json_string_value(json_object_get(hs[0],
                "command")), "sweep"))    /* the single run's exit status */
            rc = cs_sweep_failed_items(items);
    }
    json_decref(items);
    free(slot);
    free(seen);
    return rc;
}

int cs_cmd_merge(int argc, char **argv)
{
    merge_args m = {0};
    json_t **hs, **rs;
    int rc = merge_parse(&m, argc, argv);

    if (rc)
        return rc;
    hs = calloc(m.n_files, sizeof *hs);
    rs = calloc(m.n_files, sizeof *rs);
    rc = hs && rs ? merge_all(&m, hs, rs) : EX_OSERR;
    for (size_t f = 0; hs && rs && f < m.n_files; f++) {
        json_decref(hs[f]);
        json_decref(rs[f]);
    }
    free(hs);
    free(rs);
    return rc;
}

typedef struct voi_args {
    const char *file, *format, *output;
    const char *groups[16];
    size_t n_groups;
    const char *dirs[16];
    size_t n_dirs;
    cs_appraise_opts opts;
} voi_args;

static int voi_opt(voi_args *v, int opt, const char *arg)
{
    uint64_t n;

    switch (opt) {
    case 's':
        if (cs_parse_count(arg, 0, UINT64_MAX, &n) < 0)
            return cs_sweep_usage("--seed needs a whole number, not '%s'",
                                  arg);
        v->opts.seed = n;
        v->opts.has_seed = 1;
        return 0;
    case 'n':
        if (cs_parse_count(arg, 2, 10000000, &n) < 0)
            return cs_sweep_usage("--draws needs a whole number from 2 to "
                                  "10000000, not '%s'", arg);
        v->opts.draws = (size_t)n;
        return 0;
    case 'j':
        if (cs_parse_count(arg, 1, 256, &n) < 0)
            return cs_sweep_usage("--threads needs a whole number from 1 "
                                  "to 256, not '%s'", arg);
        v->opts.threads = (unsigned)n;
        return 0;
    case 'p':
        if (v->n_dirs >= 16)
            return cs_sweep_usage("%s", "at most 16 --plugin-path options");
        v->dirs[v->n_dirs++] = arg;
        return 0;
    case 'f':
        if (strcmp(arg, "text") && strcmp(arg, "json"))
            return cs_sweep_usage("unknown format '%s'; use text or json",
                                  arg);
        v->format = arg;
        return 0;
    case 'o': v->output = arg; return 0;
    case 'q': v->opts.quiet = 1; return 0;
    case 'g':
        if (v->n_groups >= 16)
            return cs_sweep_usage("%s", "at most 16 --group options");
        v->groups[v->n_groups++] = arg;
        return 0;
    }
    return cs_sweep_usage("%s", "unknown option");
}

static int voi_parse(voi_args *v, int argc, char **argv)
{
    static const struct option lo[] = {
        {"seed", required_argument, NULL, 's'},
        {"draws", required_argument, NULL, 'n'},
        {"threads", required_argument, NULL, 'j'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"group", required_argument, NULL, 'g'},
        {NULL, 0, NULL, 0},
    };
    int opt, rc;
    char msg[256];

    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":s:n:j:p:f:o:qg:", lo, NULL))
           != -1) {
        if (opt == '?')
            return cs_sweep_usage("%s", cs_option_error(argv[optind - 1],
                                  lo, msg, sizeof msg));
        if (opt == ':')
            return cs_sweep_usage("option '%s' needs a value",
                                  argv[optind - 1]);
        if ((rc = voi_opt(v, opt, optarg)) != 0)
            return rc;
    }
    if (optind + 1 != argc)
        return cs_sweep_usage("%s", "voi needs one SCENARIO file");
    v->file = argv[optind];
    return 0;
}

static int voi_write_table(const cs_appraisal *a, const cs_voi_table *t,
                           int json, const char *output);

static int voi_write(const cs_appraisal *a, const voi_args *v)
{
    cs_voi_table t;
    char err[1024];
    int json = v->format && !strcmp(v->format, "json"), rc;

    rc = cs_voi_compute_groups(a, v->groups, v->n_groups, &t, err,
                               sizeof err);
    if (rc == -2) {
        fprintf(stderr, "%s: error: %s\n", v->file, err);
        return EX_DATAERR;
    }
    if (rc < 0) {
        fprintf(stderr, "consortia: error: out of memory\n");
        return EX_OSERR;
    }
    rc = voi_write_table(a, &t, json, v->output);
    cs_voi_table_free(&t);
    return rc;
}

static int voi_write_table(const cs_appraisal *a, const cs_voi_table *t,
                           int json, const char *output)
{
    cs_out out;
    char err[1024];

    if (cs_out_open(&out, output, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_CANTCREAT;
    }
    if ((json ? cs_report_voi_json : cs_report_voi_text)(a, t, out.fp) < 0) {
        cs_out_abort(&out);
        fprintf(stderr, "consortia: error: cannot write the value of "
                "information\n");
        return EX_IOERR;
    }
    if (cs_out_commit(&out, err, sizeof err) < 0) {
        fprintf(stderr, "consortia: error: %s\n", err);
        return EX_IOERR;       /* a failed commit: a write error */
    }
    return 0;
}

int cs_cmd_voi(int argc, char **argv)
{
    voi_args v = {0};
    cs_design none = {0};
    cs_model *m = NULL;
    cs_plugin **pl = NULL;
    cs_appraisal *a = NULL;
    cs_diag diag = {0};
    int rc = voi_parse(&v, argc, argv), pf = 0;

    if (rc == 0)
        rc = cs_sweep_load(v.file, &none, v.dirs, v.n_dirs, &m, &pl);
    if (rc == 0) {
        v.opts.progress = v.opts.quiet ? NULL : stderr;
        a = cs_appraise(m, pl, &v.opts, &diag, &pf);
        if (!a || cs_score_options(a, &diag) < 0)
            rc = pf ? EX_SOFTWARE : EX_DATAERR;
        else
            rc = voi_write(a, &v);
    }
    if (diag.n_errors || (!v.opts.quiet && diag.n_msgs))
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    cs_appraisal_free(a);
    if (m)
        cs_session_close_plugins(pl, m->n_criteria);
    cs_model_free(m);
    return rc;
}
