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
/* Criterion i's headline distribution over the draws, when it varies
 * (the appendix). */
void cs_html_headline_dist(FILE *fp, const cs_appraisal *a, size_t i,
                           const char *id);
/* Versions, seed and every input's and plugin's SHA-256. */
void cs_html_provenance(FILE *fp, const cs_appraisal *a);
/* Every option-level metric of criterion i. */
void cs_html_metric_table(FILE *fp, const cs_appraisal *a, size_t i);
/* The parameters a criterion ran with, their origin and sources. */
void cs_html_param_table(FILE *fp, const cs_crit_run *run);
/* Rank probabilities and pairwise comparisons from the joint draws. */
void cs_html_uncertainty(FILE *fp, const cs_appraisal *a);
/* Pairwise wins and SMAA's central weights (the appendix). */
void cs_html_uncertainty_appendix(FILE *fp, const cs_appraisal *a);
/* Tornado, weight stability, and what would change the answer. */
void cs_html_sensitivity(FILE *fp, const cs_appraisal *a);
/* The uncertainty most worth resolving before the vote (EVPPI;
 * report_html_voi.c). */
void cs_html_voi(FILE *fp, const cs_appraisal *a);

/* ---- page one and the weights (report_html_page1.c) ---- */
/* 1 when the scored criterion j (decision order) has the same mean value
 * for every option (it does not separate them); *points, if given, gets
 * the points it adds to each. */
int cs_html_flat(const cs_appraisal *a, size_t j, double *points);
/* The decision index j of appraisal criterion i, or -1 (failed). */
int cs_html_scored_index(const cs_appraisal *a, size_t i);
/* Date (SOURCE_DATE_EPOCH), version, scenario hash, seed, draws, status. */
void cs_html_stamp(FILE *fp, const cs_appraisal *a);
/* "Weights in force: ..." (the sliders rewrite it on screen). */
void cs_html_weights_in_force(FILE *fp, const cs_appraisal *a);
/* The summary page: recommendation, how sure, nearest change,
 * contributions, weights and flags. */
void cs_html_page_one(FILE *fp, const cs_appraisal *a);

/* ---- the sliders (report_html_sliders.c) ---- */
/* Sliders over the scored criteria's weights and the per-draw values
 * they recompute scores, P(best) and ranks from, in the page. */
void cs_html_sliders(FILE *fp, const cs_appraisal *a);
/* "Computed at the scenario's weights (...)": hidden, shown by the
 * sliders' script while they are off those weights; page_one adds which
 * option would rank first at the sliders' weights. */
void cs_html_weights_note(FILE *fp, const cs_appraisal *a, int page_one);

/* ---- the appendix (report_html_appendix.c) ---- */
/* Long lists: every option's consortia, each criterion's metric table
 * and distributions, the pairwise table, parameters, provenance,
 * glossary and references. */
void cs_html_appendix(FILE *fp, const cs_appraisal *a);
/* The figures for the board, in plain English: a value in its unit
 * ("£1.5m", "12%"), rounded to what it means. Rotating static buffers as
 * cs_html_num. */
const char *cs_html_value(double x, const char *unit);
/* A metric's label for the board: its doc's first clause, else its name
 * with the underscores read out. Into buf. */
const char *cs_html_metric_label(const cs_metric_decl *md, char *buf,
                                 size_t len);
/* As cs_html_metric_label for metric k of all[0..n), and when its label
 * says "this provider" (a family of figures sharing one description) the
 * end of its name that tells it from the family's others: "Herfindahl
 * index of this provider's commissioners: KMPT". */
const char *cs_html_metric_label_of(const cs_metric_decl *all, size_t n,
                                    size_t k, char *buf, size_t len);
/* An uncertain parameter's label for the board, from its declaration's
 * doc ("cost_per_body", "risk.list_share", groups "a,b"), else its name
 * read out. Into buf. */
const char *cs_html_param_label(const cs_appraisal *a, const char *name,
                                char *buf, size_t len);

#endif /* CS_REPORT_HTML_H */
