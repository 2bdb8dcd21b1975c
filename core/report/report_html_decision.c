/* report_html_decision.c -- the board pack's uncertainty and sensitivity
 * sections, from the decision engine's results (a->decision). */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mcda/mcda.h"
#include "html.h"

static const char *opt_name(const cs_appraisal *a, int o)
{
    return o >= 0 ? a->model->options[o].view.name : "none";
}

static const char *crit_name(const cs_appraisal *a, const cs_decision *d,
                             size_t j)
{
    return a->crits[d->crit[j]].spec->label;
}

static void free_labels(char **parts, size_t n)
{
    for (size_t r = 0; parts && r < n; r++)
        free(parts[r]);
    free(parts);
}

/* "rank 1", "rank 2", ... for legends; freed by the caller. */
static char **rank_labels(size_t n)
{
    char **parts = calloc(n + 1, sizeof *parts);

    for (size_t r = 0; parts && r < n; r++) {
        if (!(parts[r] = malloc(32))) {
            free_labels(parts, r);     /* all or nothing */
            return NULL;
        }
        snprintf(parts[r], 32, "rank %zu", r + 1);
    }
    return parts;
}


/* Stacked rank shares p[o * n + r] and their table with standard errors. */
static void rank_chart(FILE *fp, const cs_appraisal *a, const char *id,
                       const char *title, const char *desc, const double *p,
                       const double *se)
{
    size_t n = a->model->n_options;
    const char **rows = calloc(n + 1, sizeof *rows);
    char **parts = rank_labels(n);

    if (rows && parts) {
        for (size_t o = 0; o < n; o++)
            rows[o] = a->model->options[o].view.name;
        fputs("<figure class=\"fig side\">", fp);
        cs_svg_stacks(fp, &(cs_stack_chart){id, title, desc, n, n, rows,
                      (const char *const *)parts, p, 1});
        fputs("<div class=\"tw\"><table><thead><tr><th>option</th>", fp);
        for (size_t r = 0; r < n; r++)
            cs_html_printf(fp, "<th class=\"n\">rank %zu</th>", r + 1);
        fputs("</tr></thead>\n", fp);
        for (size_t o = 0; o < n; o++) {
            cs_html_printf(fp, "<tr><td><span class=\"sw\" style=\"background:"
                           "%S\"></span> %s</td>", cs_palette[o % 8], rows[o]);
            for (size_t r = 0; r < n; r++)
                cs_html_printf(fp, "<td class=\"n\">%.2f <span class=\"sub\">"
                               "± %.2f</span></td>", p[o * n + r],
                               2 * se[o * n + r]);
            fputs("</tr>\n", fp);
        }
        fputs("</table></div></figure>\n", fp);
    } else {
        cs_html_left_out(fp, "the chart and table of the ranks");
    }
    free(rows);
    free_labels(parts, n);
}

static void pairwise_table(FILE *fp, const cs_appraisal *a,
                           const double *beats)
{
    size_t n = a->model->n_options;

    fputs("<p>How often the option in the row scores higher than the option "
          "in the column, over the same draws:</p>\n<div class=\"tw\"><table>"
          "<thead><tr><th></th>", fp);
    for (size_t q = 0; q < n; q++)
        cs_html_printf(fp, "<th class=\"n\">%s</th>", opt_name(a, (int)q));
    fputs("</tr></thead>\n", fp);
    for (size_t o = 0; o < n; o++) {
        cs_html_printf(fp, "<tr><th>%s</th>", opt_name(a, (int)o));
        for (size_t q = 0; q < n; q++) {
            if (o == q)
                fputs("<td class=\"n\">—</td>", fp);
            else
                cs_html_printf(fp, "<td class=\"n\">%.0f%%</td>",
                               100.0 * beats[o * n + q]);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table></div>\n", fp);
}

/* SMAA-2: acceptabilities, central weights and confidence factors. */
static void smaa_part(FILE *fp, const cs_appraisal *a, const cs_decision *d)
{
    const cs_smaa *s = d->smaa;

    cs_html_printf(fp, "<h3>If the weights were different</h3>\n<p>Stochastic "
                   "multicriteria acceptability analysis (SMAA-2): %S weight "
                   "vectors drawn from %S, each with a draw of the criteria. "
                   "An option's rank acceptability is the share of them in "
                   "which it takes each rank.</p>\n",
                   cs_html_num((double)s->n_iter),
                   d->smaa_preferences ? "the weights the scenario admits"
                                       : "every possible weighting (no "
                                         "preference information), which "
                                         "shows how much the ranking rests "
                                         "on the weights chosen");
    rank_chart(fp, a, "chart-acceptability", "Rank acceptability (SMAA-2)",
               "Stacked bars: for each option, the share of weight vectors "
               "and draws in which it takes each rank; the figures, with "
               "two standard errors, are in the table below.", s->ra, s->ra_se);
}

/* SMAA-2's central weights and confidence factors (the appendix). */
static void central_weights(FILE *fp, const cs_appraisal *a,
                            const cs_decision *d)
{
    const cs_smaa *s = d->smaa;
    size_t n = a->model->n_options;

    fputs("<p>Central weights (the typical weights that make an option best) "
          "and confidence factors (how often the option is best with those "
          "weights):</p>\n<div class=\"tw\"><table><thead><tr><th>option</th>", fp);
    for (size_t j = 0; j < d->n_crit; j++)
        cs_html_printf(fp, "<th class=\"n\">%s</th>", crit_name(a, d, j));
    fputs("<th class=\"n\">confidence</th></tr></thead>\n", fp);
    for (size_t o = 0; o < n; o++) {
        cs_html_printf(fp, "<tr><td>%s</td>", opt_name(a, (int)o));
        for (size_t j = 0; j < d->n_crit; j++) {
            double w = s->cw[o * d->n_crit + j];
            if (isnan(w))
                fputs("<td class=\"n\">—</td>", fp);
            else
                cs_html_printf(fp, "<td class=\"n\">%.0f%%</td>", 100 * w);
        }
        if (isnan(s->cf[o]))
            fputs("<td class=\"n\">never best</td></tr>\n", fp);
        else
            cs_html_printf(fp, "<td class=\"n\">%.0f%%</td></tr>\n",
                           100 * s->cf[o]);
    }
    fputs("</table></div>\n", fp);
}


void cs_html_uncertainty_appendix(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;

    if (!d)
        return;
    fputs("<h3 id=\"a-pairs\">A2. Option against option, and the weights "
          "that favour each</h3>\n", fp);
    pairwise_table(fp, a, d->ranks->beats);
    if (d->smaa)
        central_weights(fp, a, d);
}

void cs_html_uncertainty(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;

    fputs("<section id=\"uncertainty\">\n<h2>How sure is the ranking?</h2>\n",
          fp);
    cs_html_weights_note(fp, a, 0);
    if (!d) {
        fputs("<p>The decision analysis did not run.</p>\n</section>\n", fp);
        return;
    }
    fputs("<p>Each option's rank in every simulated draw, with the criteria's "
          "uncertainty and the weights as set:</p>\n", fp);
    rank_chart(fp, a, "chart-ranks", "Rank probabilities", "Stacked bars: "
               "for each option, the share of draws in which it ranks first, "
               "second and so on; the figures, with two standard errors, are "
               "in the table below.", d->ranks->rank_p, d->ranks->rank_se);
    if (d->smaa)
        smaa_part(fp, a, d);
    fputs("<p>Option against option, and the central weights that favour "
          "each: appendix A2.</p>\n", fp);
    fputs("</section>\n", fp);
}

/* The runner-up at the centre of every parameter. */
static int tornado_second(const cs_tornado *t)
{
    int second = -1;

    for (size_t o = 0; o < t->n_opt; o++)
        if ((int)o != t->best_base &&
            (second < 0 || t->base[o] > t->base[second]))
            second = (int)o;
    return second;
}

static void tornado_table(FILE *fp, const cs_appraisal *a,
                          const cs_tornado *t, int best, int second)
{
    fputs("<div class=\"tw\"><table><thead><tr><th>uncertain figure</th><th "
          "class=\"n\">10th percentile</th><th class=\"n\">90th percentile"
          "</th><th class=\"n\">lead at p10</th><th class=\"n\">lead at p90"
          "</th><th>first at p10</th><th>first at p90</th></tr></thead>\n", fp);
    for (size_t i = 0; i < t->n_rows; i++) {
        const cs_tornado_row *r = &t->rows[i];
        char label[320];
        cs_html_printf(fp, "<tr><td title=\"%s\">%s</td><td class=\"n\">%S"
                       "</td><td "
                       "class=\"n\">%S</td><td class=\"n\">%.1f</td><td "
                       "class=\"n\">%.1f</td><td>%s</td><td>%s</td></tr>\n",
                       r->param, cs_html_param_label(a, r->param, label,
                                                     sizeof label),
                       cs_html_value(r->p10, r->unit),
                       cs_html_value(r->p90, r->unit),
                       r->at_p10[best] - r->at_p10[second],
                       r->at_p90[best] - r->at_p90[second],
                       opt_name(a, r->best_p10), opt_name(a, r->best_p90));
    }
    fputs("</table></div>\n", fp);
}

/* The tornado of the lead of the first over the second: every uncertain
 * parameter of every scored criterion, each at its p10 and p90. */
static void tornado_part(FILE *fp, const cs_appraisal *a, const cs_decision *d)
{
    const cs_tornado *t = d->tornado;
    int best = t->best_base, second = tornado_second(t);
    const char **labels = calloc(t->n_rows + 1, sizeof *labels);
    char (*names)[160] = calloc(t->n_rows + 1, sizeof *names);
    double *lo = calloc(2 * t->n_rows + 1, sizeof *lo);
    char desc[512], title[256];

    cs_html_printf(fp, "<h3>Uncertain figures</h3>\n<p>Every uncertain "
                   "figure of every criterion (%zu here), each set to its "
                   "10th and its 90th percentile with the others at their "
                   "middle: how far %s's lead over %s moves. A bar that "
                   "crosses 0 would change the answer.</p>\n", t->n_rows,
                   opt_name(a, best), opt_name(a, second));
    if (second < 0)
        goto done;
    if (!labels || !lo || !names) {
        cs_html_left_out(fp, "the tornado");
        goto done;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        labels[i] = cs_html_param_label(a, t->rows[i].param, names[i],
                                        sizeof names[i]);
        lo[i] = t->rows[i].at_p10[best] - t->rows[i].at_p10[second];
        lo[t->n_rows + i] = t->rows[i].at_p90[best] - t->rows[i].at_p90[second];
    }
    snprintf(title, sizeof title, "Tornado: the lead of %s over %s",
             opt_name(a, best), opt_name(a, second));
    snprintf(desc, sizeof desc, "For each uncertain figure, the lead in "
             "expected score of %s over %s with the figure at its 10th and "
             "its 90th percentile; sorted by swing; the figures are in the "
             "table below.", opt_name(a, best), opt_name(a, second));
    fputs("<figure class=\"fig\">", fp);
    cs_svg_tornado(fp, &(cs_tornado_chart){"chart-tornado", title, desc,
                   "lead (score points)", t->n_rows, labels, lo,
                   lo + t->n_rows, t->base[best] - t->base[second]});
    tornado_table(fp, a, t, best, second);
    fputs("</figure>\n", fp);
done:
    free(labels);
    free(names);
    free(lo);
}

static void stability_part(FILE *fp, const cs_appraisal *a,
                           const cs_decision *d)
{
    size_t n = d->n_crit;
    const char **labels = calloc(n + 1, sizeof *labels);
    double *v = calloc(3 * n + 1, sizeof *v);

    cs_html_printf(fp, "<h3>The weights</h3>\n<p>For each criterion, the range "
                   "of its weight (the others keeping their ratios) over which "
                   "%s stays first.</p>\n", opt_name(a, d->best));
    if (labels && v) {
        for (size_t j = 0; j < n; j++) {
            const cs_stability *s = &d->stability[j];
            labels[j] = crit_name(a, d, j);
            v[j] = isnan(s->lo) ? 0 : s->lo;
            v[n + j] = isnan(s->hi) ? 1 : s->hi;
            v[2 * n + j] = s->weight;
        }
        fputs("<figure class=\"fig\">", fp);
        cs_svg_intervals(fp, &(cs_interval_chart){"chart-stability", "Weight "
                         "stability", "For each criterion, a bar over the "
                         "weights at which the recommended option stays "
                         "first, and a mark at the weight set; the figures "
                         "are in the table below.", n, labels, v, v + n,
                         v + 2 * n});
    } else {
        cs_html_left_out(fp, "the chart of the weights");
    }
    fputs("<div class=\"tw\"><table><thead><tr><th>criterion</th><th class"
          "=\"n\">weight</th><th class=\"n\">stays first from</th><th class="
          "\"n\">to</th><th>first below</th><th>first above</th></tr></thead>"
          "\n", fp);
    for (size_t j = 0; j < n; j++) {
        const cs_stability *s = &d->stability[j];
        cs_html_printf(fp, "<tr><td>%s</td><td class=\"n\">%.0f%%</td><td "
                       "class=\"n\">%.1f%%</td><td class=\"n\">%.1f%%</td><td>"
                       "%s</td><td>%s</td></tr>\n", crit_name(a, d, j),
                       100 * s->weight, isnan(s->lo) ? 0.0 : 100 * s->lo,
                       isnan(s->hi) ? 100.0 : 100 * s->hi,
                       s->rival_lo >= 0 ? opt_name(a, s->rival_lo) : "—",
                       s->rival_hi >= 0 ? opt_name(a, s->rival_hi) : "—");
    }
    fputs("</table></div>", fp);
    if (labels && v)
        fputs("</figure>", fp);
    fputs("\n", fp);
    free(labels);
    free(v);
}

void cs_html_sensitivity(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;

    fputs("<section id=\"sensitivity\">\n<h2>What would change the answer"
          "</h2>\n", fp);
    cs_html_weights_note(fp, a, 0);
    if (!d) {
        fputs("<p>The decision analysis did not run.</p>\n</section>\n", fp);
        return;
    }
    if (d->changes) {
        fputs("<div class=\"callout\" id=\"changes\">\n", fp);
        if (d->changes->summary)
            cs_html_printf(fp, "<p>%s</p>\n", d->changes->summary);
        if (d->changes->n) {
            fputs("<ul>\n", fp);
            for (size_t i = 0; i < d->changes->n; i++)
                cs_html_printf(fp, "<li>%s</li>\n", d->changes->items[i].text);
            fputs("</ul>\n", fp);
        }
        fputs("</div>\n", fp);
    }
    if (d->stability)
        stability_part(fp, a, d);
    if (d->tornado && d->tornado->n_rows)
        tornado_part(fp, a, d);
    else
        fputs("<p>No scenario parameter is uncertain, so there is no "
              "tornado.</p>\n", fp);
    fputs("</section>\n", fp);
}
