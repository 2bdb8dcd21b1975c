/* contrib_html.c -- the board pack's contributions section and the vote
 * gate in its recommendation (contrib.h). */
#include "contrib.h"

#include <stdlib.h>

#include "html.h"
#include "report_html.h"

void cs_html_gate(FILE *fp, const cs_appraisal *a)
{
    cs_vote_result v;
    cs_gate g;
    char alt[4096];

    cs_gate_find(a, &g);
    if (!g.failed)
        return;
    cs_option_vote(a->model, g.top, &v);
    cs_gate_alternative(a, &g, alt, sizeof alt);
    cs_html_printf(fp, "</p><p><strong>But it failed its vote</strong>: "
                   "%.0f%% of the voting list for, %.0f%% needed. %s",
                   100 * v.support, 100 * a->model->analysis.vote_pass, alt);
}

/* A row per criterion and a column per option (rank order), so the
 * table stays narrow enough for A4 with many criteria. */
static void contrib_table(FILE *fp, const cs_appraisal *a,
                          const char *const *crit, const size_t *order)
{
    const cs_decision *d = a->decision;

    fputs("<div class=\"tw\"><table><thead><tr><th>criterion (weight)"
          "</th>", fp);
    for (size_t r = 0; r < d->n_opt; r++)
        cs_html_printf(fp, "<th class=\"n\">%s</th>",
                       a->model->options[order[r]].view.name);
    fputs("</tr></thead>\n", fp);
    for (size_t j = 0; j < d->n_crit; j++) {
        cs_html_printf(fp, "<tr><td>%s (%.0f%%)</td>", crit[j],
                       100 * d->weights[j]);
        for (size_t r = 0; r < d->n_opt; r++)
            cs_html_printf(fp, "<td class=\"n\">%.1f</td>",
                           d->contrib[order[r] * d->n_crit + j]);
        fputs("</tr>\n", fp);
    }
    fputs("<tr><th>overall score</th>", fp);
    for (size_t r = 0; r < d->n_opt; r++)
        cs_html_printf(fp, "<th class=\"n\">%.1f</th>",
                       a->option_scores[order[r]].score.mean);
    fputs("</tr>\n</table></div>\n", fp);
}

/* The chart: one stacked bar per option in rank order, on 0-100. */
static void contrib_chart(FILE *fp, const cs_appraisal *a,
                          const char *const *crit, const size_t *order)
{
    const cs_decision *d = a->decision;
    size_t no = d->n_opt, nc = d->n_crit;
    const char **rows = calloc(no + 1, sizeof *rows);
    double *v = calloc(no * nc + 1, sizeof *v);
    char desc[512], first[512];

    if (rows && v) {
        for (size_t r = 0; r < no; r++) {
            rows[r] = a->model->options[order[r]].view.name;
            if (r == 0) {       /* the winner, marked */
                snprintf(first, sizeof first, "\u2605 %s", rows[r]);
                rows[r] = first;
            }
            for (size_t j = 0; j < nc; j++)
                v[r * nc + j] = d->contrib[order[r] * nc + j];
        }
        snprintf(desc, sizeof desc, "Stacked bars of the points each of %zu "
                 "criteria adds to the overall score of each of %zu options, "
                 "in rank order; the figures are in the table below.", nc, no);
        cs_svg_point_stacks(fp, &(cs_pstack_chart){
            "chart-contrib", "Each criterion's contribution to the overall "
            "score", desc, "points", no, nc, rows, crit, v, 100.0});
    } else {
        cs_html_left_out(fp, "the chart of the contributions");
    }
    free(rows);
    free(v);
}

/* Criteria labels and the options in rank order; 0, or -1 (memory). */
static int crit_and_order(const cs_appraisal *a, const char ***crit,
                          size_t **order)
{
    const cs_decision *d = a->decision;

    *crit = calloc(d->n_crit + 1, sizeof **crit);
    *order = calloc(d->n_opt + 1, sizeof **order);
    if (!*crit || !*order) {
        free(*crit);
        free(*order);
        return -1;
    }
    for (size_t j = 0; j < d->n_crit; j++)
        (*crit)[j] = a->crits[d->crit[j]].spec->label;
    for (size_t r = 0; r < d->n_opt; r++)
        (*order)[r] = cs_option_at_rank(a, (int)r + 1);
    return 0;
}

void cs_html_contrib_chart(FILE *fp, const cs_appraisal *a)
{
    const char **crit;
    size_t *order;
    char lead[4096];

    cs_contrib_lead(a, lead, sizeof lead);
    if (lead[0])
        cs_html_printf(fp, "<p><strong>Why:</strong> %s</p>\n", lead);
    if (crit_and_order(a, &crit, &order) < 0) {
        cs_html_left_out(fp, "the chart of the contributions");
        return;
    }
    fputs("<figure class=\"fig\">", fp);
    contrib_chart(fp, a, crit, order);
    fputs("</figure>\n", fp);
    free(crit);
    free(order);
}

void cs_html_contributions(FILE *fp, const cs_appraisal *a)
{
    const char **crit;
    size_t *order;

    fputs("<section id=\"contributions\">\n<h2>Why each option scores what "
          "it does</h2>\n<p>The bars on page one split each option's overall "
          "score into the points each criterion adds: the criterion's weight "
          "times the option's mean value on it (0 to 1, over the draws) "
          "times 100. The parts add up to the score.</p>\n", fp);
    cs_html_weights_note(fp, a, 0);
    if (crit_and_order(a, &crit, &order) == 0) {
        contrib_table(fp, a, crit, order);
        free(crit);
        free(order);
    } else {
        cs_html_left_out(fp, "the table of the contributions");
    }
    fputs("</section>\n", fp);
}
