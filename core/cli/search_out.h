/* search_out.h -- writing a search's results (search_out.c): text, JSON
 * (docs/json-output.md, "consortia search") and option YAML. Each returns
 * 0, or -1 when writing failed. */
#ifndef CS_SEARCH_OUT_H
#define CS_SEARCH_OUT_H

#include <stdio.h>
#include "search/search.h"

int cs_search_write_text(FILE *fp, const cs_search_result *r);
int cs_search_write_json(FILE *fp, const cs_search_result *r);
int cs_search_write_options(FILE *fp, const cs_search_result *r);
int cs_cmd_search(int argc, char **argv);

/* Writes r as `format` (text, json, html, or options: the option YAML;
 * NULL: text) to `path` (NULL or
 * "-": standard output), and the option YAML to `emit` when not NULL,
 * each whole or not at all (search_cmd.c). A sysexits code. */
int cs_search_write_result(const cs_search_result *r, const char *format,
                           const char *path, const char *emit);

/* One shard of a search, `search --task I/N -o FILE` (search_task.c). */
int cs_cmd_search_task(const char *file, const char *task,
                       const char *output, int force,
                       const char *const *dirs, size_t n_dirs,
                       const cs_search_opts *o, int quiet);

#endif
