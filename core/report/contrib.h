/*
 * contrib.h -- why each option scores what it does, and what the members'
 * votes leave of the recommendation (docs/decision.md, "Contributions"
 * and "Votes"). Internal to the report writers: each calls these; these
 * call only the shared pieces below them (report_words.c, html.c).
 */
#ifndef CS_CONTRIB_H
#define CS_CONTRIB_H

#include <stdio.h>
#include <jansson.h>
#include "appraisal/appraise.h"

/* The recommendation under the vote gate. The ranking is the scores';
 * the gate only says which option the members have given a mandate.
 * Options without a recorded vote are not gated. */
typedef struct cs_gate {
    size_t top;        /* the option ranked first */
    int failed;        /* 1: the top option failed its vote */
    int passed;        /* the best-ranked option that passed a recorded
                          vote, or -1 when none did */
    int open;          /* the best-ranked option that did not fail a vote
                          (passed, or none recorded), or -1 when every
                          option failed its vote */
} cs_gate;

void cs_gate_find(const cs_appraisal *a, cs_gate *g);

/* What follows "the top option failed its vote" in every report: which
 * option passed its vote, or that none did, and the best-ranked option
 * not rejected by a vote when that is another, with ranks and scores.
 * Plain text, into buf (truncated to len). */
void cs_gate_alternative(const cs_appraisal *a, const cs_gate *g, char *buf,
                         size_t len);

/* The gate's whole sentence for the text and Markdown reports ("" when
 * the top option did not fail its vote). */
void cs_gate_sentence(const cs_appraisal *a, const cs_gate *g, char *buf,
                      size_t len);

/* The option ranked r (1 = first). */
size_t cs_option_at_rank(const cs_appraisal *a, int r);

/* The sentence naming, for the option ranked first against the
 * runner-up, the criteria that make the difference and by how many
 * points ("" with fewer than two options). */
void cs_contrib_lead(const cs_appraisal *a, char *buf, size_t len);

/* The recommendation sentence that opens the text and Markdown reports:
 * the option ranked first, its score, 90% interval and share of draws it
 * is best in, and the runner-up's score; when the option ranked first
 * failed its vote, the vote gate's sentence instead (cs_gate_sentence).
 * Plain text, into buf (truncated to len). */
void cs_recommend_sentence(const cs_appraisal *a, char *buf, size_t len);

/* The contributions table of the text report (options in rank order). */
void cs_contrib_text(const cs_appraisal *a, FILE *fp);

/* The same as a Markdown table. */
void cs_contrib_md(const cs_appraisal *a, FILE *fp);

/* Option o's CSV rows: criterion = the criterion's label, metric =
 * "contribution", unit "points", the figure in `mean`; then the appended
 * columns weight (normalised, 0-1), value (mean partial value, 0-1) and
 * contribution (100 x weight x value, the same figure as `mean`). */
void cs_contrib_csv(const cs_appraisal *a, size_t o, FILE *fp);

/* The top-level "recommendation" object and the decision's
 * "contributions" matrix. New references. */
json_t *cs_json_recommendation(const cs_appraisal *a);
json_t *cs_json_contributions(const cs_appraisal *a);

/* Criterion i's contribution to option o (NaN for a failed criterion). */
double cs_contrib_of(const cs_appraisal *a, size_t o, size_t i);

/* The board pack's section "Why each option scores what it does": a
 * stacked bar per option, the table and the lead sentence. */
void cs_html_contributions(FILE *fp, const cs_appraisal *a);

/* Page one's "why" sentence and the stacked bar per option (rank order,
 * the first marked) of each criterion's contribution. */
void cs_html_contrib_chart(FILE *fp, const cs_appraisal *a);

/* The board pack's recommendation paragraph on the vote gate (nothing
 * when the top option did not fail its vote). */
void cs_html_gate(FILE *fp, const cs_appraisal *a);

#endif /* CS_CONTRIB_H */
