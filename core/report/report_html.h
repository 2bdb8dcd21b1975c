/*
 * report_html.h -- the parts of the HTML board pack (report_html.c puts
 * them together). Each writes escaped HTML with inline SVG to fp.
 */
#ifndef CS_REPORT_HTML_H
#define CS_REPORT_HTML_H

#include <stdio.h>
#include "appraisal/appraise.h"

/* Sum of registered lists of the scenario's practices. */
double cs_html_total_list(const cs_model *m);
/* Overall score per option with 90% intervals, and its table. */
void cs_html_score_chart(FILE *fp, const cs_appraisal *a);
/* Criterion i's headline per option, and its distribution if it varies. */
void cs_html_headline_chart(FILE *fp, const cs_appraisal *a, size_t i,
                            const char *id);
/* Every option-level metric of criterion i. */
void cs_html_metric_table(FILE *fp, const cs_appraisal *a, size_t i);
/* The parameters a criterion ran with, their origin and sources. */
void cs_html_param_table(FILE *fp, const cs_crit_run *run);
/* Rank probabilities and pairwise comparisons from the joint draws. */
void cs_html_uncertainty(FILE *fp, const cs_appraisal *a);
/* Tornado, weight stability, and what would change the answer. */
void cs_html_sensitivity(FILE *fp, const cs_appraisal *a);
/* The uncertainty most worth resolving before the vote (EVPPI;
 * report_html_voi.c). */
void cs_html_voi(FILE *fp, const cs_appraisal *a);

#endif /* CS_REPORT_HTML_H */
