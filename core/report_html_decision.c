/* report_html_decision.c -- the board pack's uncertainty and sensitivity
 * sections. */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"

/* P(rank = r+1) per option, from the per-draw scores: [o * n + r]. */
static double *rank_probabilities(const cs_appraisal *a)
{
    size_t n = a->model->n_options, d = a->n_draws;
    double *p = calloc(n * n + 1, sizeof *p);

    for (size_t k = 0; p && k < d; k++)
        for (size_t o = 0; o < n; o++) {
            size_t rank = 0;
            for (size_t q = 0; q < n; q++) {
                double so = a->scores[o * d + k], sq = a->scores[q * d + k];
                rank += sq > so || (sq == so && q < o);
            }
            p[o * n + rank] += 1.0 / (double)d;
        }
    return p;
}

static void pairwise_table(FILE *fp, const cs_appraisal *a)
{
    size_t n = a->model->n_options, d = a->n_draws;

    fputs("<p>How often the option in the row scores higher than the option "
          "in the column, over the same draws:</p>\n<table><tr><th></th>", fp);
    for (size_t q = 0; q < n; q++)
        cs_html_printf(fp, "<th class=\"n\">%s</th>",
                       a->model->options[q].view.name);
    fputs("</tr>\n", fp);
    for (size_t o = 0; o < n; o++) {
        cs_html_printf(fp, "<tr><th>%s</th>", a->model->options[o].view.name);
        for (size_t q = 0; q < n; q++) {
            size_t wins = 0;
            for (size_t k = 0; k < d; k++)
                wins += a->scores[o * d + k] > a->scores[q * d + k];
            if (o == q)
                fputs("<td class=\"n\">—</td>", fp);
            else
                cs_html_printf(fp, "<td class=\"n\">%.0f%%</td>",
                               100.0 * (double)wins / (double)d);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

void cs_html_uncertainty(FILE *fp, const cs_appraisal *a)
{
    size_t n = a->model->n_options;
    double *p = rank_probabilities(a);
    const char **rows = calloc(n + 1, sizeof *rows);
    char **parts = calloc(n + 1, sizeof *parts);

    fputs("<section id=\"uncertainty\">\n<h2>How sure is the ranking?</h2>\n"
          "<p>Each option's rank in every simulated draw, with the criteria's "
          "uncertainty and the weights as set:</p>\n", fp);
    if (p && rows && parts) {
        for (size_t o = 0; o < n; o++) {
            rows[o] = a->model->options[o].view.name;
            if ((parts[o] = malloc(32)))
                snprintf(parts[o], 32, "rank %zu", o + 1);
        }
        cs_svg_stacks(fp, &(cs_stack_chart){"chart-ranks", "Rank "
                      "probabilities", "Stacked bars: for each option, the "
                      "share of draws in which it ranks first, second and so "
                      "on; the figures are in the table below.", n, n, rows,
                      (const char *const *)parts, p});
        fputs("<table><tr><th>option</th>", fp);
        for (size_t r = 0; r < n; r++)
            cs_html_printf(fp, "<th class=\"n\">P(rank %zu)</th>", r + 1);
        fputs("</tr>\n", fp);
        for (size_t o = 0; o < n; o++) {
            cs_html_printf(fp, "<tr><td>%s</td>", rows[o]);
            for (size_t r = 0; r < n; r++)
                cs_html_printf(fp, "<td class=\"n\">%.2f</td>", p[o * n + r]);
            fputs("</tr>\n", fp);
        }
        fputs("</table>\n", fp);
        pairwise_table(fp, a);
    }
    fputs("</section>\n", fp);
    for (size_t o = 0; parts && o < n; o++)
        free(parts[o]);
    free(parts);
    free(rows);
    free(p);
}

void cs_html_sensitivity(FILE *fp, const cs_appraisal *a)
{
    (void)a;
    fputs("<section id=\"sensitivity\">\n<h2>What would change the answer"
          "</h2>\n<p>Sensitivity analysis is not computed by this version."
          "</p>\n</section>\n", fp);
}
