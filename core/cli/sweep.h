/*
 * sweep.h -- `consortia sweep` and `consortia merge` (docs/scale-out.md):
 * many appraisals as numbered work items, done whole or split into shards
 * (--task I/N) whose partial results `merge` puts back together into the
 * very bytes the single run writes. Internal to core/cli/.
 *
 * A work item is one scenario at one setting of the swept parameters
 * (item = scenario x settings + setting). Each item's appraisal uses the
 * same seed -- --seed, else the scenario's own -- whatever shard runs it,
 * so settings share their random numbers (common random numbers: a
 * difference between two settings is the parameters', not the draws').
 */
#ifndef CS_SWEEP_H
#define CS_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "appraisal/appraise.h"

#define CS_SWEEP_MAX_PARAMS 16

typedef enum cs_design_kind {
    CS_DESIGN_NONE = 0,     /* no parameter swept: one setting */
    CS_DESIGN_GRID,         /* every combination of each parameter's values */
    CS_DESIGN_LHS           /* a Latin hypercube of n points over ranges */
} cs_design_kind;

typedef struct cs_sweep_param {
    char name[128];
    double lo, hi;          /* LHS: the range; GRID: first and last value */
    double *values;         /* GRID: n_values values, owned */
    size_t n_values;
} cs_sweep_param;

typedef struct cs_design {
    cs_design_kind kind;
    cs_sweep_param params[CS_SWEEP_MAX_PARAMS];
    size_t n_params;
    size_t lhs_points;      /* LHS: points asked for */
    uint64_t design_seed;   /* LHS: the GSL stream's seed */
    size_t n_settings;      /* after cs_design_build */
    double *settings;       /* [setting * n_params + param], owned */
} cs_design;

/* Parses "NAME=LO:HI:K" (K evenly spaced values from LO to HI, K >= 2)
 * or "NAME=V1,V2,..." into a grid parameter, and "NAME=LO:HI" into an
 * LHS range. Returns 0, or -1 with the reason in err. */
int cs_design_add_grid(cs_design *d, const char *spec, char *err,
                       size_t len);
int cs_design_add_range(cs_design *d, const char *spec, char *err,
                        size_t len);

/* Fills d->settings: the grid in order (the first parameter varies
 * slowest), or the Latin hypercube: for each parameter a GSL
 * (mt19937) permutation p of 0..n-1 drawn from design_seed, point i at
 * lo + (p[i] + u) / n x (hi - lo) with u uniform on [0, 1) -- so each of
 * the n equal strata of every parameter holds exactly one point. Returns
 * 0, or -1 (out of memory, a grid over 10^7 settings). */
int cs_design_build(cs_design *d, char *err, size_t len);
void cs_design_free(cs_design *d);

/* What to sweep. */
typedef struct cs_sweep_spec {
    const char *const *files;   /* scenarios */
    size_t n_files;
    cs_design design;
    const cs_appraise_opts *opts;  /* draws, seed, threads, quiet */
    const char *const *plugin_dirs;
    size_t n_plugin_dirs;
} cs_sweep_spec;

/* The plan as JSON (scenarios with their files' SHA-256, the design and
 * its settings, draws and seed): what every shard's partial carries, so
 * merge can check they belong together. New reference, or NULL. */
json_t *cs_sweep_plan(const cs_sweep_spec *s, char *err, size_t len);

/* Runs the items listed (ascending) and appends one JSON record per item
 * to `items`. Progress on `progress` when it is a terminal. Returns 0 or a
 * sysexits code (messages on stderr). */
int cs_sweep_run_items(const cs_sweep_spec *s, const json_t *plan,
                       const size_t *items, size_t n_items, json_t *items_out,
                       FILE *progress);

/* Loads a scenario (an unreadable file is EX_NOINPUT), opens its plugins
 * and checks that every parameter of design d is declared by one of them.
 * Returns 0 with *m and *pl, or a sysexits code (messages on stderr). */
int cs_sweep_load(const char *file, const cs_design *d,
                  const char *const *dirs, size_t n_dirs, cs_model **m,
                  cs_plugin ***pl);

/* The final outputs from a plan and every item's record (in item order),
 * the same whether they came from one run or from merged partials. */
typedef enum cs_sweep_format {
    CS_SWEEP_CSV = 0, CS_SWEEP_JSON, CS_SWEEP_TEXT
} cs_sweep_format;
int cs_sweep_write(const json_t *plan, const json_t *items,
                   cs_sweep_format f, FILE *fp);
/* The summary object (sweep_summary.c). New reference. */
json_t *cs_sweep_summary(const json_t *plan, const json_t *items);

/* Partial results (partial.c): a header line with the command, the plan,
 * its SHA-256, the task and its item list; one line per item; a trailer
 * with the SHA-256 of every byte before it. */
int cs_partial_write(FILE *fp, const char *command, const json_t *plan,
                     unsigned task, unsigned n_tasks, const size_t *items,
                     size_t n_items, const json_t *records);
/* Reads a partial; returns 0 with *header (command, plan, plan_sha256,
 * task, items) and *records, or -1 with the reason in err (not a partial,
 * cut short, checksum wrong). */
int cs_partial_read(const char *path, json_t **header, json_t **records,
                    char *err, size_t len);
/* The SHA-256 (hex) of a JSON value's compact, ordered dump. */
void cs_json_sha256(const json_t *v, char hex[65]);

/* What every shard of an appraisal or a search and their merge must agree
 * on, as its first fields: the command, the program, the scenario's files
 * (SHA-256), each criterion's plugin and version, the plugin path, the
 * load permissions, draws and seed. The caller appends its own. */
json_t *cs_task_plan(const char *command, const cs_model *m,
                     cs_plugin *const *pl, const char *const *dirs,
                     size_t n_dirs, size_t draws, uint64_t seed);
/* Whether `path` already holds a complete partial of this plan and task
 * (then it is not redone; said on standard error unless quiet). */
int cs_task_done(const char *path, const json_t *plan, unsigned task,
                 unsigned n_tasks, int quiet);
/* 0 when `now` equals the partials' `plan` in each of the fields, else
 * EX_DATAERR with the reason on standard error: the program, inputs and
 * criteria named, any other field described by `other`. */
int cs_task_plan_holds(const json_t *plan, const json_t *now,
                       const char *const *fields, size_t n_fields,
                       const char *other);

/* The items of task I of N (1-based): those with item % N == I - 1,
 * ascending, into a malloc'd array. */
size_t *cs_task_items(size_t total, unsigned task, unsigned n_tasks,
                      size_t *n_out);

/* The final outputs of a plan and its records in `format` (csv, json,
 * text; NULL: csv) to `output` (NULL or "-": standard output), or, with
 * `dir`, all three as dir/sweep.{csv,json,txt}. A sysexits code. */
int cs_sweep_write_final(const json_t *plan, const json_t *items,
                         const char *format, const char *output,
                         const char *dir);
/* merge's writer of `appraise --task` partials (appraise_task.c): loads
 * the plan's scenario and plugins, checks they are the ones the shards
 * used, puts in the shards' values and writes appraise's report(s) in
 * `format` (appraise's formats; NULL: text) to `output` or `dir`. */
int cs_appraise_write_final(const json_t *plan, const json_t *items,
                            const char *format, const char *output,
                            const char *dir);
/* merge's writer of `search --task` partials (search_task.c): loads the
 * plan's scenario and plugins, checks them, runs the search with the
 * shards' screens and writes search's output in `format` (text, json,
 * html; NULL: text) to `output`, or with `dir` every one and the option
 * YAML as dir/search.{txt,json,html} and dir/search-options.yaml. */
int cs_search_write_final(const json_t *plan, const json_t *items,
                          const char *format, const char *output,
                          const char *dir);
/* Reports the items that failed (the first five with their reason) on
 * stderr; EX_DATAERR when any did, else 0. */
int cs_sweep_failed_items(const json_t *records);
/* A usage error with the sweep commands' usage; returns EX_USAGE. */
int cs_sweep_usage(const char *fmt, const char *arg);

/* The commands. */
int cs_cmd_sweep(int argc, char **argv);
int cs_cmd_merge(int argc, char **argv);
int cs_cmd_voi(int argc, char **argv);

#endif /* CS_SWEEP_H */
