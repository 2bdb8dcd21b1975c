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

#endif
