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

/* Loads and validates the scenario at `path`. Returns a model the caller
 * frees with cs_model_free(), or NULL when anything is wrong (errors in
 * `diag`). Relative CSV paths resolve against the YAML's directory. */
cs_model *cs_load_scenario(const char *path, cs_diag *diag);

/* The same from memory; `name` is used in messages and as the model path.
 * CSV paths resolve against the current directory. Used by the fuzzer. */
cs_model *cs_load_scenario_buffer(const char *name, const char *buf,
                                  size_t len, cs_diag *diag);

#endif /* CS_LOADER_H */
