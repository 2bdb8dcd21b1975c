/*
 * loader.h -- reading a scenario (YAML, optionally with a practice CSV) into
 * a validated cs_model. Everything wrong with the input is reported into the
 * caller's cs_diag (up to CS_DIAG_MAX messages) as file:line:col errors; the
 * loader never prints, exits or aborts.
 */
#ifndef CS_LOADER_H
#define CS_LOADER_H

#include <stddef.h>
#include "model/model.h"
#include "base/base.h"

/* Input limits; a file past them is refused with a clear message. */
#define CS_MAX_FILE_BYTES (64u * 1024u * 1024u)  /* YAML or CSV */
#define CS_MAX_DEPTH 64                          /* nesting of YAML nodes */
#define CS_MAX_ALIAS_NODES 100000                /* nodes reached via aliases */

/* Bounds on figures, so nonsense is refused with a message rather than
 * sent to the models: a practice's list (the largest English practice had
 * about 100,000 patients; England about 56 million) and a weight (weights
 * are relative, so no meaning is lost; their sum stays finite). */
#define CS_MAX_LIST_SIZE 10000000.0
#define CS_MAX_WEIGHT 1000000.0

/* What a scenario may reach (docs/scenario-format.md, "Files and
 * plugins"). A scenario is data someone may send by email, so by default
 * it can neither load code by path nor read files outside its folder;
 * the command line, not the scenario, lifts either limit. */
typedef struct cs_load_opts {
    int allow_plugin_file;    /* `plugin:` may be a file path (one holding
                                 '/' or ending in .so): --allow-plugin-file */
    int allow_outside_files;  /* files the scenario names may lie outside
                                 its folder: --allow-outside-files */
} cs_load_opts;

/* Loads and validates the scenario at `path`. Returns a model the caller
 * frees with cs_model_free(), or NULL when anything is wrong (errors in
 * `diag`). Files the scenario names resolve against the YAML's folder and
 * must stay inside it (after resolving symbolic links); /proc, /sys, /dev
 * and anything but a regular file are refused. `plugin:` must be a plugin
 * name. `opts` (NULL: both limits on) lifts those limits. */
cs_model *cs_load_scenario_opts(const char *path, const cs_load_opts *opts,
                                cs_diag *diag);
/* cs_load_scenario_opts(path, NULL, diag). */
cs_model *cs_load_scenario(const char *path, cs_diag *diag);

/* The same from memory, with both limits on; `name` is used in messages
 * and as the model path. CSV paths resolve against the current directory,
 * which is then the folder they must stay inside. Used by the fuzzers. */
cs_model *cs_load_scenario_buffer(const char *name, const char *buf,
                                  size_t len, cs_diag *diag);

#endif /* CS_LOADER_H */
