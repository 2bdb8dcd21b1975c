/* help_text.c -- each command's help: what `consortia help COMMAND` and
 * `consortia COMMAND --help` print. Every option a command's getopt table
 * takes is named here (tests/cli-help.sh checks it against the tables). */
#include "config.h"

#include "help_text.h"

#define COMMON_PLUGIN_PATH \
    "  -p, --plugin-path DIR  look for plugins in DIR first (repeatable,\n" \
    "                    at most 16); then $CONSORTIA_PLUGIN_PATH, then\n" \
    "                    " CS_PLUGINDIR "\n"

static const char appraise_help[] =
    "usage: consortia appraise [FILE] [-f FMT] [-o FILE | -r DIR] [-s N]\n"
    "                          [-n N] [-j N] [-p DIR]... [-k] [-q]\n"
    "                          [--plugin-timeout SECONDS] [--plugin-memory MB]\n"
    "                          [--allow-plugin-file] [--allow-outside-files]\n"
    "                          [--weight CRITERION=W]... [--with-search]\n"
    "                          [--task I/N -o PARTIAL] [--timings]\n"
    "\n"
    "Appraises a scenario: every option is scored on every criterion plugin\n"
    "on the same random draws, then ranked. Without FILE: the built-in\n"
    "example scenario.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT  text (default), json, csv (per option), consortia-csv\n"
    "                    (per consortium), md, or html (the board pack)\n"
    "  -o, --output FILE write the report to FILE (atomically); - is\n"
    "                    standard output\n"
    "  -r, --reports DIR write every format at once into DIR\n"
    "  -s, --seed N      random seed (default: the scenario's)\n"
    "  -n, --draws N     Monte Carlo draws, 1 to 10000000 (default: the\n"
    "                    scenario's)\n"
    "  -j, --threads N   threads, 1 to 256; results do not depend on it\n"
    COMMON_PLUGIN_PATH
    "  -k, --keep-going  a failing criterion is marked failed and left out\n"
    "                    of the score (exit 70) instead of stopping the run\n"
    "      --plugin-timeout SECONDS  the longest one plugin call may run\n"
    "                    (default 600)\n"
    "      --plugin-memory MB  memory a plugin's worker may take beyond its\n"
    "                    size at the start (default 4096)\n"
    "  -q, --quiet       no warnings, plugin messages or progress line\n"
    "      --allow-plugin-file  let the scenario's 'plugin:' be a file path\n"
    "      --allow-outside-files  let files the scenario names lie outside\n"
    "                    its folder\n"
    "      --weight CRITERION=W  replace one criterion's weight (or swing\n"
    "                    points) as the scenario states it; the weights are\n"
    "                    renormalised; repeatable\n"
    "      --with-search  also run the scenario's search: block and add\n"
    "                    \"Groupings you did not list\" to the board pack\n"
    "      --task I/N    compute shard I of N of the criteria's consortium()\n"
    "                    calls into the partial result -o PARTIAL; `consortia\n"
    "                    merge` writes the reports (docs/scale-out.md)\n"
    "      --timings     after the run, print to standard error the CPU\n"
    "                    seconds of each criterion's consortium() and\n"
    "                    option() calls and of the whole process (never in\n"
    "                    a report: they differ from run to run)\n"
    "  -h, --help        this help\n";

static const char validate_help[] =
    "usage: consortia validate FILE [-p DIR]... [--allow-plugin-file]\n"
    "                          [--allow-outside-files] [-q]\n"
    "\n"
    "Checks a scenario and its criteria's parameters without appraising it;\n"
    "errors are given as FILE:LINE:COLUMN: error: what; how to fix it.\n"
    "\n"
    "options:\n"
    COMMON_PLUGIN_PATH
    "      --allow-plugin-file  let the scenario's 'plugin:' be a file path\n"
    "      --allow-outside-files  let files the scenario names lie outside\n"
    "                    its folder\n"
    "  -q, --quiet       no warnings\n"
    "  -h, --help        this help\n";

static const char plugins_help[] =
    "usage: consortia plugins [-v] [-p DIR]...\n"
    "\n"
    "Lists the criterion plugins found on the plugin path.\n"
    "\n"
    "options:\n"
    "  -v, --verbose     each plugin's parameters, metrics and where it was\n"
    "                    found\n"
    COMMON_PLUGIN_PATH
    "  -h, --help        this help\n";

static const char new_plugin_help[] =
    "usage: consortia new-plugin NAME [DIR]\n"
    "\n"
    "Writes a criterion plugin skeleton into DIR (default NAME): source, a\n"
    "Makefile using pkg-config, and a unit test against the mock host;\n"
    "`make check` there builds and tests it. See consortia-plugin(7).\n"
    "\n"
    "options:\n"
    "  -h, --help        this help\n";

static const char sweep_help[] =
    "usage: consortia sweep SCENARIO... [--grid NAME=LO:HI:K |\n"
    "                       --grid NAME=V1,V2,...]... [--lhs N\n"
    "                       --range NAME=LO:HI ...] [-s N] [-n N] [-j N]\n"
    "                       [-f csv|json|text] [-o FILE | -r DIR]\n"
    "                       [--task I/N [--force]] [-p DIR]... [-q]\n"
    "\n"
    "Appraises many scenarios, or one over a grid or a Latin hypercube of\n"
    "criterion parameters, into one table.\n"
    "\n"
    "options:\n"
    "      --grid NAME=LO:HI:K  K evenly spaced values of parameter NAME;\n"
    "                    or NAME=V1,V2,... the values given (repeatable)\n"
    "      --lhs N       a Latin hypercube of N points over the --range's\n"
    "      --range NAME=LO:HI  a parameter's range for --lhs (repeatable)\n"
    "  -s, --seed N      the appraisals' and the hypercube's seed\n"
    "  -n, --draws N     draws for every item\n"
    "  -j, --threads N   threads for every item\n"
    "  -f, --format FMT  csv (default), json or text\n"
    "  -o, --output FILE write the table to FILE\n"
    "  -r, --reports DIR write sweep.csv, sweep.json and sweep.txt into DIR\n"
    "      --task I/N    run shard I of N into the partial result -o FILE\n"
    "      --force       redo a shard whose partial file is complete\n"
    COMMON_PLUGIN_PATH
    "  -q, --quiet       no warnings or progress line\n"
    "  -h, --help        this help\n";

static const char merge_help[] =
    "usage: consortia merge PARTIAL... [-f FMT] [-o FILE | -r DIR]\n"
    "\n"
    "Puts the partial results that the shards of a sweep, an appraisal or\n"
    "a search wrote (each one task I/N) together into what the single run\n"
    "writes.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT  a sweep: csv (default), json or text; an appraisal:\n"
    "                    appraise's formats; a search: text, json or html\n"
    "  -o, --output FILE write the result to FILE\n"
    "  -r, --reports DIR write every format into DIR (a search: also\n"
    "                    search-options.yaml)\n"
    "  -h, --help        this help\n";

static const char voi_help[] =
    "usage: consortia voi SCENARIO [-g NAME,NAME...]... [-s N] [-n N] [-j N]\n"
    "                     [-f text|json] [-o FILE] [-p DIR]... [-q]\n"
    "\n"
    "The value of information: the expected value of perfect information\n"
    "(EVPI) and each uncertain parameter's, and each group's, EVPPI.\n"
    "\n"
    "options:\n"
    "  -g, --group NAME,NAME...  also the EVPPI of these parameters\n"
    "                    together (repeatable, at most 16)\n"
    "  -s, --seed N      random seed (default: the scenario's)\n"
    "  -n, --draws N     draws, 2 to 10000000\n"
    "  -j, --threads N   threads, 1 to 256\n"
    "  -f, --format FMT  text (default) or json\n"
    "  -o, --output FILE write the table to FILE\n"
    COMMON_PLUGIN_PATH
    "  -q, --quiet       no warnings or progress line\n"
    "  -h, --help        this help\n";

static const char smaa_help[] =
    "usage: consortia smaa --measurements FILE [--weights FILE]\n"
    "                      [--iterations N] [--seed N] [--format text|json]\n"
    "                      [-o FILE]\n"
    "\n"
    "SMAA-2 on samples read from CSV files: rank acceptabilities, central\n"
    "weights and confidence factors.\n"
    "\n"
    "options:\n"
    "  -m, --measurements FILE  draw,alternative,criterion,value rows\n"
    "  -w, --weights FILE  draw,<criterion>,... rows; without it weights\n"
    "                    are drawn uniformly from the simplex\n"
    "  -i, --iterations N  weight vectors drawn (default 10000)\n"
    "  -s, --seed N      random seed (default 20110401)\n"
    "  -f, --format FMT  text (default) or json\n"
    "  -o, --output FILE write the result to FILE\n"
    "  -h, --help        this help\n";

static const char search_help[] =
    "usage: consortia search SCENARIO [-f text|json|html] [-o FILE] [--top K]\n"
    "                        [--emit-options FILE] [-s N] [-n N]\n"
    "                        [--screen-draws N] [--time-limit S] [-j N]\n"
    "                        [-p DIR]... [-q] [--task I/N -o PARTIAL [--force]]\n"
    "\n"
    "The best groupings of the scenario's localities under its `search:`\n"
    "rules, the scenario's own options scored the same way, the Pareto\n"
    "front and the stability of the best.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT  text (default), json or html\n"
    "  -o, --output FILE write the result to FILE\n"
    "  -k, --top K       how many groupings to keep, 1 to 100\n"
    "  -e, --emit-options FILE  write the finds as option YAML\n"
    "  -s, --seed N      random seed (default: the scenario's)\n"
    "  -n, --draws N     draws for the exact scores\n"
    "  -d, --screen-draws N  draws for the screen, 10 to 10000000\n"
    "  -l, --time-limit S  stop searching after S seconds (at most 86400)\n"
    "  -j, --threads N   threads, 1 to 256\n"
    "      --task I/N    screen shard I of N of the coalitions into the\n"
    "                    partial result -o FILE (then consortia merge)\n"
    "      --force       redo a shard whose partial file is complete\n"
    COMMON_PLUGIN_PATH
    "  -q, --quiet       no warnings or progress line\n"
    "  -h, --help        this help\n";

static const char help_help[] =
    "usage: consortia help [COMMAND]\n"
    "\n"
    "Without COMMAND: the program's usage and every command. With it: that\n"
    "command's usage and options (the same as consortia COMMAND --help).\n";

const cs_help_entry cs_help_entries[] = {
    {"appraise", appraise_help},
    {"validate", validate_help},
    {"plugins", plugins_help},
    {"new-plugin", new_plugin_help},
    {"sweep", sweep_help},
    {"merge", merge_help},
    {"voi", voi_help},
    {"smaa", smaa_help},
    {"search", search_help},
    {"help", help_help},
};

const size_t cs_n_help_entries =
    sizeof cs_help_entries / sizeof *cs_help_entries;
