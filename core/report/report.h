/*
 * report.h -- writing an appraisal as text, JSON, CSV or Markdown.
 * Nothing that varies between identical runs (time, thread count, paths
 * of temporary files) is written, so reruns compare byte for byte.
 */
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <stdio.h>
#include "appraisal/appraise.h"
#include "search/search.h"

typedef enum cs_format {
    CS_FMT_TEXT = 0,
    CS_FMT_JSON,
    CS_FMT_CSV,
    CS_FMT_MD,
    CS_FMT_HTML,
    CS_FMT_CONSORTIA_CSV   /* one row per consortium x criterion x metric */
} cs_format;

/* The JSON contract's version (docs/json-output.md). */
#define CS_JSON_FORMAT_VERSION 2

/* Parses "text", "json", "csv", "md", "html", "consortia-csv"; returns -1
 * for anything else. */
int cs_format_parse(const char *s, cs_format *out);

/* Writes the report; returns 0, or -1 on a write or memory error. */
int cs_report_write(const cs_appraisal *a, cs_format f, FILE *fp);
int cs_report_json(const cs_appraisal *a, FILE *fp);
int cs_report_text(const cs_appraisal *a, FILE *fp);
int cs_report_csv(const cs_appraisal *a, FILE *fp);
int cs_report_md(const cs_appraisal *a, FILE *fp);
int cs_report_html(const cs_appraisal *a, FILE *fp);
int cs_report_consortia_csv(const cs_appraisal *a, FILE *fp);
/* The board pack with the search's section "Groupings you did not list"
 * from r (`appraise --with-search`); r NULL: as cs_report_html, which
 * says how to get the section when the scenario has a `search:` block. */
int cs_report_html_search(const cs_appraisal *a, const cs_search_result *r,
                          FILE *fp);

/* "Groupings you did not list": the search's section of the board pack
 * (report_search_html.c), or a page of its own when `page`. With the
 * pack's appraisal `a` (NULL on a page of its own) the section carries the
 * note the pack shows while its weight sliders are moved. 0, or -1 on a
 * write error. */
int cs_report_search_html(const cs_search_result *r, FILE *fp, int page,
                          const cs_appraisal *a);

/* "higher", "lower" or "neutral". */
const char *cs_direction_word(cs_direction d);

/* The last path component. */
const char *cs_basename(const char *path);

/* The decision parts of each writer, and the JSON and CSV helpers the
 * smaa command shares with them. */
#include "report_decision.h"

#endif /* CS_REPORT_H */
