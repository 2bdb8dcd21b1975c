/* main.c -- the consortia command: appraise, validate, plugins. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "appraisal/appraise.h"
#include "base/base.h"
#include "host/host.h"
#include "loader/loader.h"
#include "report/report.h"
#include "session.h"
#include "help.h"
#include "sweep.h"
#include "search_out.h"
#include "mcda/mcda.h"

static const char usage_text[] =
    "usage: consortia appraise [FILE] [--format FMT] [-o FILE | --reports DIR]\n"
    "                          [--seed N] [--draws N] [--threads N]\n"
    "                          [--plugin-path DIR] [--keep-going] [--quiet]\n"
    "                          [--plugin-timeout SECONDS] [--plugin-memory MB]\n"
    "                          [--allow-plugin-file] [--allow-outside-files]\n"
    "                          [--task I/N -o PARTIAL]\n"
    "                          [--weight CRITERION=W]... [--with-search]\n"
    "                          [--timings]\n"
    "       consortia validate FILE [--plugin-path DIR] [--allow-plugin-file]\n"
    "                          [--allow-outside-files]\n"
    "       consortia plugins [--verbose] [--plugin-path DIR]\n"
    "       consortia new-plugin NAME [DIR]\n"
    "       consortia sweep SCENARIO... [--grid ...|--lhs N --range ...]\n"
    "                       [--task I/N -o FILE] [--format csv|json|text]\n"
    "       consortia merge PARTIAL... [--format FMT] [-o FILE | --reports DIR]\n"
    "       consortia voi SCENARIO [--format text|json] [-o FILE]\n"
    "       consortia smaa --measurements FILE [--weights FILE]\n"
    "                      [--iterations N] [--seed N] [--format text|json]\n"
    "                      [-o FILE]\n"
    "       consortia search FILE [-f text|json] [--top K]\n"
    "                       [--emit-options FILE]\n"
    "       consortia help [COMMAND] | COMMAND --help\n"
    "       consortia --help | --version\n";

static const char help_text[] =
    "\n"
    "Appraises how GP practices group into commissioning consortia: each\n"
    "option of a scenario is scored on every criterion plugin (risk,\n"
    "capacity, governance, leverage, engagement, equity, ...) on the same\n"
    "random draws, then ranked.\n"
    "\n"
    "commands:\n"
    "  appraise [FILE]   appraise a scenario (without FILE: the built-in\n"
    "                    example scenario) and write a report; --task I/N\n"
    "                    -o PARTIAL computes one shard of its criteria's\n"
    "                    consortium() calls (docs/scale-out.md)\n"
    "  validate FILE     check a scenario and its criteria's parameters\n"
    "  plugins           list the criterion plugins found; --verbose lists\n"
    "                    each one's parameters and metrics\n"
    "  new-plugin NAME [DIR]  write a criterion plugin skeleton into DIR\n"
    "                    (default NAME): source, Makefile (pkg-config) and a\n"
    "                    unit test against the mock host; `make check` there\n"
    "                    builds and tests it (docs/plugin-guide.md)\n"
    "  sweep SCENARIO... appraise many scenarios, or one over a grid or a\n"
    "                    Latin hypercube of parameters, into one table;\n"
    "                    --task I/N runs one shard (docs/scale-out.md)\n"
    "  merge PARTIAL...  put the shards' partial results (sweep, appraise)\n"
    "                    together, byte for byte the single run's output\n"
    "  voi SCENARIO      the value of information: EVPI and each uncertain\n"
    "                    parameter's EVPPI (docs/decision.md)\n"
    "  smaa              SMAA-2 on samples from CSV files (partial values per\n"
    "                    draw, alternative and criterion; optional weights):\n"
    "                    rank acceptabilities, central weights, confidence\n"
    "                    factors (see docs/decision.md)\n"
    "  search FILE       the best groupings of the scenario's localities\n"
    "                    under its `search:` rules, its options scored the\n"
    "                    same way, the Pareto front and the stability of the\n"
    "                    best (see docs/search.md)\n"
    "\n"
    "options:\n"
    "  -f, --format FMT  text (default), json, csv (per option), consortia-csv\n"
    "                    (per consortium), md, or html (a board pack: one\n"
    "                    self-contained page with charts)\n"
    "  -o, --output FILE write the report to FILE (atomically) instead of\n"
    "                    standard output\n"
    "  -r, --reports DIR write every format at once into DIR, named after\n"
    "                    the scenario's id (.txt .json .csv .consortia.csv\n"
    "                    .md .html)\n"
    "  -s, --seed N      random seed (default: the scenario's)\n"
    "  -n, --draws N     Monte Carlo draws (default: the scenario's)\n"
    "  -j, --threads N   threads (default: the scenario's, else one per\n"
    "                    core); results do not depend on it\n"
    "  -p, --plugin-path DIR  look for plugins in DIR first (repeatable)\n"
    "  -k, --keep-going  a failing criterion is marked failed and left out\n"
    "                    of the score instead of stopping the run (exit 70)\n"
    "      --plugin-timeout SECONDS  the longest one call into a plugin may\n"
    "                    run before it is stopped and its criterion fails\n"
    "                    (default 600)\n"
    "      --plugin-memory MB  the memory a plugin's worker process may take\n"
    "                    beyond its size at the start (default 4096)\n"
    "      --weight CRITERION=W  (appraise) replace one criterion's weight\n"
    "                    (or swing points) as the scenario states it; the\n"
    "                    weights are renormalised; repeatable\n"
    "      --with-search  (appraise) also run the scenario's search: block\n"
    "                    and add \"Groupings you did not list\" to the pack\n"
    "      --timings     (appraise) print to standard error the CPU seconds\n"
    "                    of each criterion's plugin calls\n"
    "  -q, --quiet       no warnings or plugin messages\n"
    "  -v, --verbose     (plugins) parameters and metrics of each plugin\n"
    "  --allow-plugin-file  let the scenario's 'plugin:' be a file path\n"
    "                    (relative to the scenario's folder); without it a\n"
    "                    scenario names plugins, found on the plugin path\n"
    "  --allow-outside-files  let the files a scenario names (practices_csv)\n"
    "                    lie outside its folder; /proc, /sys, /dev, devices,\n"
    "                    pipes and sockets are refused even then\n"
    "\n"
    "Plugins are searched in --plugin-path, $CONSORTIA_PLUGIN_PATH, then\n"
    CS_PLUGINDIR ";\n"
    "the uninstalled program (run from its build tree) searches the build\n"
    "tree's plugins before " CS_PLUGINDIR ". `plugins --verbose` shows\n"
    "where each plugin was found.\n"
    "Every call into a plugin runs in a worker process: a plugin that\n"
    "crashes, exits, hangs, runs out of memory or writes to the terminal\n"
    "fails its criterion, not the program (docs/plugin-guide.md).\n"
    "\n"
    "exit status: 0 ok, 64 usage, 65 bad scenario, 66 no input,\n"
    "70 a plugin failed, 73 cannot create the output file (or -o names an\n"
    "input), 74 writing the output failed (e.g. the disk is full); the\n"
    "message gives the reason.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("consortia: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(usage_text, stderr);
    return EX_USAGE;
}

static const char *default_scenario(void)
{
    static const char *const cands[] = {
        CS_SRC_SCENARIODIR "/example.yaml",
        CS_DATADIR "/scenarios/example.yaml",
    };

    for (size_t i = 0; i < sizeof cands / sizeof *cands; i++)
        if (access(cands[i], R_OK) == 0)
            return cands[i];
    return cands[1];
}

typedef struct cli {
    const char *command;
    const char *file;
    cs_report_dest dest;
    const char *plugin_dirs[16];
    size_t n_plugin_dirs;
    cs_appraise_opts opts;
    cs_load_opts load;
    int verbose;
    const char *task;       /* appraise --task I/N (appraise_task.c) */
} cli;

/* Long options without a short form. */
enum { OPT_TIMEOUT = 256, OPT_MEMORY = 257, OPT_TASK = 258, OPT_WEIGHT = 259,
       OPT_WITH_SEARCH = 260, OPT_TIMINGS = 261 };

static int parse_option(cli *c, int opt, const char *arg)
{
    uint64_t v;

    switch (opt) {
    case 'f':
        if (cs_format_parse(arg, &c->dest.format) < 0)
            return usage_error("unknown format '%s'; use text, json, csv, "
                               "consortia-csv, md or html",
                               arg);
        return 0;
    case 'o':
        if (!*arg)
            return usage_error("%s", "-o needs a file name, not ''; give "
                               "-o FILE, or -o - for standard output");
        c->dest.output = arg;
        return 0;
    case 'r':
        if (!*arg)
            return usage_error("%s", "--reports needs a directory, not ''; "
                               "give --reports DIR (e.g. --reports .)");
        c->dest.dir = arg;
        return 0;
    case 'P': c->load.allow_plugin_file = 1; return 0;
    case 'O': c->load.allow_outside_files = 1; return 0;
    case 's':
        if (cs_parse_count(arg, 0, UINT64_MAX, &v) < 0)
            return usage_error("--seed needs a whole number from 0 to "
                               "18446744073709551615, not '%s'", arg);
        c->opts.seed = v;
        c->opts.has_seed = 1;
        return 0;
    case 'n':
        if (cs_parse_count(arg, 1, 10000000, &v) < 0)
            return usage_error("--draws needs a whole number from 1 to "
                               "10000000, not '%s'", arg);
        c->opts.draws = (size_t)v;
        return 0;
    case 'j':
        if (cs_parse_count(arg, 1, 256, &v) < 0)
            return usage_error("--threads needs a whole number from 1 to 256, "
                               "not '%s'", arg);
        c->opts.threads = (unsigned)v;
        return 0;
    case 'p':
        if (c->n_plugin_dirs >= 16)
            return usage_error("%s", "at most 16 --plugin-path options");
        c->plugin_dirs[c->n_plugin_dirs++] = arg;
        return 0;
    case 'k': c->opts.keep_going = 1; return 0;
    case OPT_TIMEOUT: {
        char *end;
        double t = strtod(arg, &end);
        if (end == arg || *end || !(t > 0) || t > 1e6)
            return usage_error("--plugin-timeout needs a number of seconds "
                               "above 0 and at most 1000000, not '%s'", arg);
        c->opts.plugin_timeout = t;
        return 0;
    }
    case OPT_MEMORY:
        if (cs_parse_count(arg, 16, 1048576, &v) < 0)
            return usage_error("--plugin-memory needs a whole number of MB "
                               "from 16 to 1048576, not '%s'", arg);
        c->opts.plugin_memory = (size_t)v;
        return 0;
    case OPT_WEIGHT: return cs_session_add_weight(arg);
    case OPT_WITH_SEARCH: cs_session_set_with_search(1); return 0;
    case OPT_TIMINGS: cs_session_set_timings(1); return 0;
    case 'q': c->opts.quiet = 1; return 0;
    case 'v': c->verbose = 1; return 0;
    case OPT_TASK: c->task = arg; return 0;
    }
    return usage_error("%s", "unknown option");
}

static int parse_args(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"reports", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {"draws", required_argument, NULL, 'n'},
        {"threads", required_argument, NULL, 'j'},
        {"plugin-path", required_argument, NULL, 'p'},
        {"keep-going", no_argument, NULL, 'k'},
        {"plugin-timeout", required_argument, NULL, OPT_TIMEOUT},
        {"plugin-memory", required_argument, NULL, OPT_MEMORY},
        {"quiet", no_argument, NULL, 'q'},
        {"weight", required_argument, NULL, OPT_WEIGHT},
        {"with-search", no_argument, NULL, OPT_WITH_SEARCH},
        {"timings", no_argument, NULL, OPT_TIMINGS},
        {"verbose", no_argument, NULL, 'v'},
        {"allow-plugin-file", no_argument, NULL, 'P'},
        {"allow-outside-files", no_argument, NULL, 'O'},
        {"task", required_argument, NULL, OPT_TASK},
        {NULL, 0, NULL, 0},
    };
    int opt, rc;

    opterr = 0;
    optind = 2;
    while ((opt = getopt_long(argc, argv, ":f:o:r:s:n:j:p:kqv", longopts,
                              NULL)) != -1) {
        if (opt == '?') {
            char msg[256];
            return usage_error("%s", cs_option_error(argv[optind - 1],
                               longopts, msg, sizeof msg));
        }
        if (opt == ':')
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        if ((rc = parse_option(c, opt, optarg)) != 0)
            return rc;
    }
    if (optind < argc)
        c->file = argv[optind++];
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    return 0;
}

int main(int argc, char **argv)
{
    cli c;
    int rc;

    memset(&c, 0, sizeof c);
    gsl_set_error_handler_off();
    cs_out_cleanup_on_signals();    /* SIGINT/SIGTERM remove temp files */
    if (argc < 2)
        return usage_error("%s", "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        fputs(help_text, stdout);
        return EX_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("consortia %s (plugin ABI %d.%d)\n", PACKAGE_VERSION,
               CS_ABI_MAJOR, CS_ABI_MINOR);
        return EX_OK;
    }
    c.command = argv[1];
    if (!strcmp(c.command, "help"))
        return cs_help_main(argc - 1, argv + 1, usage_text, help_text);
    if (!cs_help_is_command(c.command))
        return cs_help_unknown_command(c.command);
    if (cs_help_asked(argc - 1, argv + 1))
        return cs_help_command(c.command, stdout) == 0 ? EX_OK : EX_SOFTWARE;
    if (!strcmp(c.command, "smaa"))
        return cs_cmd_smaa(argc - 1, argv + 1);
    if (!strcmp(c.command, "sweep"))
        return cs_cmd_sweep(argc - 1, argv + 1);
    if (!strcmp(c.command, "merge"))
        return cs_cmd_merge(argc - 1, argv + 1);
    if (!strcmp(c.command, "voi"))
        return cs_cmd_voi(argc - 1, argv + 1);
    if (!strcmp(c.command, "search"))
        return cs_cmd_search(argc - 1, argv + 1);
    if (!strcmp(c.command, "new-plugin")) {
        if (argc < 3 || argc > 4 || argv[2][0] == '-')
            return usage_error("%s", "new-plugin needs a NAME and optionally "
                               "a DIR: consortia new-plugin NAME [DIR]");
        return cs_cmd_new_plugin(argv[2], argc == 4 ? argv[3] : NULL);
    }
    if ((rc = parse_args(&c, argc, argv)) != 0)
        return rc;
    cs_session_set_load_opts(&c.load);
    if (!strcmp(c.command, "appraise")) {
        if (!c.file)
            c.file = default_scenario();
        if (c.dest.dir && c.dest.output)
            return usage_error("%s", "give -o FILE or --reports DIR, not both");
        c.opts.progress = stderr;   /* shown only if it is a terminal */
        if (c.task)     /* one shard (docs/scale-out.md) */
            return c.dest.dir ? usage_error("%s", "--task writes one "
                                            "partial result: give -o FILE, "
                                            "not --reports")
                   : cs_cmd_appraise_task(c.file, c.task, c.dest.output,
                                          c.plugin_dirs, c.n_plugin_dirs,
                                          &c.opts);
        return cs_cmd_appraise(c.file, &c.dest, c.plugin_dirs,
                               c.n_plugin_dirs, &c.opts);
    }
    if (!strcmp(c.command, "validate")) {
        if (!c.file)
            return usage_error("%s", "validate needs a scenario FILE");
        return cs_cmd_validate(c.file, c.plugin_dirs, c.n_plugin_dirs,
                               &c.opts);
    }
    if (!strcmp(c.command, "plugins")) {
        if (c.file)
            return usage_error("unexpected argument '%s'", c.file);
        return cs_cmd_plugins(c.plugin_dirs, c.n_plugin_dirs, c.verbose);
    }
    return usage_error("unknown command '%s'; use appraise, validate, "
                       "plugins, new-plugin or smaa", c.command);
}
