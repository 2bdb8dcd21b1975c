/*
 * report_decision.h -- the decision engine's part of each report (ranks,
 * pairwise, SMAA, weight stability, tornado, what would change the
 * answer), read from a->decision; the JSON is laid out in
 * docs/json-output.md. Internal to the report writers.
 */
#ifndef CS_REPORT_DECISION_H
#define CS_REPORT_DECISION_H

#include <stdio.h>
#include <jansson.h>
#include "appraisal/appraise.h"

/* json_object_set_new / json_array_append_new that survive a NULL value
 * (out of memory): the value is dropped, the final dump then fails and the
 * caller reports it. */
void cs_json_put(json_t *obj, const char *key, json_t *val);
void cs_json_push(json_t *arr, json_t *val);

/* A number, or null when it is not finite (undefined); and an array of
 * n of them. New references. */
json_t *cs_json_num(double x);
json_t *cs_json_nums(const double *x, size_t n);

/* Writes s, a text cell, as one CSV field, quoted when it must be (RFC
 * 4180: a comma, quote or line break inside; quotes doubled). Text that a
 * spreadsheet would run as a formula -- starting with = + - @, a tab or a
 * carriage return -- is prefixed with a single quote (the OWASP rule,
 * https://owasp.org/www-community/attacks/CSV_Injection), except a plain
 * decimal number such as -3 or +1.5e3, which a spreadsheet reads as that
 * number. Numeric cells are written with fprintf and never pass here. */
void cs_csv_field(FILE *fp, const char *s);

/* Writes s as Markdown text, inline or in a table cell: '<', '>' and '&'
 * as HTML entities (so no HTML reaches a renderer), '|' and '\\' escaped
 * with a backslash (a cell cannot be split or its escape undone), a line
 * break as a space. */
void cs_md_text(FILE *fp, const char *s);

/* "direct", "swing", "ordinal", "intervals" or "missing". */
const char *cs_weight_method_word(int method);

/* The criterion's value function as JSON: kind, worst, best, bounds and,
 * for piecewise and step functions, their points. New reference. */
json_t *cs_json_value_function(const cs_crit_run *run);

/* Adds option o's rank probabilities, P(best)'s standard error, expected
 * rank and pairwise wins to its JSON object. */
void cs_json_option_decision(const cs_appraisal *a, size_t o, json_t *obj);

/* The top-level "decision" object. New reference (NULL when out of
 * memory; the dump then fails). */
json_t *cs_json_decision(const cs_appraisal *a);

/* The text report's sections after the ranking. */
void cs_text_decision(const cs_appraisal *a, FILE *fp);

/* The Markdown report's sections after the criteria table. */
void cs_md_decision(const cs_appraisal *a, FILE *fp);

/* The CSV rows (option_id, option_name, criterion, metric, unit,
 * direction, mean, sd, p05, p50, p95) of option o: rank probabilities,
 * pairwise wins, SMAA, tornado, and, for the option ranked first, the
 * weight stability intervals. `mean` holds the figure and `sd` its Monte
 * Carlo standard error where it has one. */
void cs_csv_decision(const cs_appraisal *a, size_t o, FILE *fp);

/* The option's name fitted to a text column of `width` bytes, in buf
 * (width + 1 bytes): the name when it fits; else its start, "~" marking
 * the cut and the option's id in brackets ("One consortium for the
 * who~[one]"), so two options cut alike stay distinct -- ids are unique.
 * An id longer than width / 2 - 3 leaves the start and "~" only. */
#define CS_TEXT_NAME_WIDTH 40
const char *cs_text_option_cell(char *buf, size_t width, const char *name,
                                const char *id);

/* The value of information (report_voi.c): the JSON object
 * "value_of_information" (json_null() when it cannot be computed), and
 * the text and JSON of `consortia voi`. */
struct cs_voi_table;
json_t *cs_json_voi(const cs_appraisal *a);
int cs_report_voi_text(const cs_appraisal *a, const struct cs_voi_table *t,
                       FILE *fp);
int cs_report_voi_json(const cs_appraisal *a, const struct cs_voi_table *t,
                       FILE *fp);

#endif /* CS_REPORT_DECISION_H */
