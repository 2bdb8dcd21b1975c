/* report_html_parts.c -- the board pack's charts and tables. */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "decision/score.h"
#include "contrib.h"

double cs_html_total_list(const cs_model *m)
{
    double sum = 0;

    for (size_t i = 0; i < m->n_practices; i++)
        sum += m->practices[i].registered;
    return sum;
}

static const char **option_names(const cs_appraisal *a)
{
    const char **names = calloc(a->model->n_options + 1, sizeof *names);

    for (size_t o = 0; names && o < a->model->n_options; o++)
        names[o] = a->model->options[o].view.name;
    return names;
}

/* Options in rank order (rank order of the overall score), or scenario
 * order when the scores are not there. */
static void rank_order(const cs_appraisal *a, size_t *order)
{
    for (size_t r = 0; r < a->model->n_options; r++)
        order[r] = a->option_scores ? cs_option_at_rank(a, (int)r + 1) : r;
}

/* A table of option x (mean, p05, p95) under a chart, in its unit. */
static void summary_table(FILE *fp, const char *const *names,
                          const cs_summary *s, size_t n, const char *unit)
{
    fputs("<div class=\"tw\"><table><thead><tr><th>option</th><th class=\"n\">"
          "mean</th><th class=\"n\">5th percentile</th><th class=\"n\">95th "
          "percentile</th></tr></thead>\n", fp);
    for (size_t o = 0; o < n; o++)
        cs_html_printf(fp, "<tr><td>%s</td><td class=\"n\">%S</td><td "
                       "class=\"n\">%S</td><td class=\"n\">%S</td></tr>\n",
                       names[o], cs_html_value(s[o].mean, unit),
                       cs_html_value(s[o].p05, unit),
                       cs_html_value(s[o].p95, unit));
    fputs("</table></div>\n", fp);
}

/* Bars of each option's mean with its 90% interval, in rank order, each
 * option in its own colour, the first marked; a figure with its table. */
static void summary_chart(FILE *fp, const cs_appraisal *a, const char *id,
                          const char *title, const char *unit,
                          const cs_summary *s_in)
{
    size_t n = a->model->n_options;
    double *v = calloc(3 * n + 1, sizeof *v);
    size_t *order = calloc(n + 1, sizeof *order);
    const char **names = calloc(n + 1, sizeof *names);
    cs_summary *s = calloc(n + 1, sizeof *s);
    char desc[512], first[512];

    if (!v || !order || !names || !s) {
        cs_html_left_out(fp, "the chart of the figures");
        goto done;
    }
    rank_order(a, order);
    for (size_t r = 0; r < n; r++) {
        s[r] = s_in[order[r]];
        names[r] = a->model->options[order[r]].view.name;
        v[r] = s[r].mean;
        v[n + r] = s[r].p05;
        v[2 * n + r] = s[r].p95;
    }
    snprintf(first, sizeof first, "\u2605 %s", names[0]);
    names[0] = first;
    snprintf(desc, sizeof desc, "Bar chart of %s for each of %zu options in "
             "rank order, with 90%% intervals; the figures are in the table "
             "below.", title, n);
    fputs("<figure class=\"fig side\">", fp);
    cs_svg_bars(fp, &(cs_bar_chart){id, title, desc, unit, n, names, v,
                                    v + n, v + 2 * n, order});
    summary_table(fp, names, s, n, unit);
    fputs("</figure>\n", fp);
done:
    free(v);
    free(order);
    free(names);
    free(s);
}

void cs_html_score_chart(FILE *fp, const cs_appraisal *a)
{
    size_t n = a->model->n_options;
    cs_summary *s = calloc(n + 1, sizeof *s);

    if (s) {
        for (size_t o = 0; o < n; o++)
            s[o] = a->option_scores[o].score;
        summary_chart(fp, a, "chart-score", "Overall score (0-100)",
                      "points", s);
    } else {
        cs_html_left_out(fp, "the chart of the scores");
    }
    free(s);
}

/* Marks for a histogram: the scenario's thresholds when the headline is a
 * percentage of budget (e.g. overspend), else none. */
static size_t threshold_marks(const cs_appraisal *a, const cs_crit_run *run,
                              double *marks)
{
    const cs_model *m = a->model;

    if (!strstr(run->metrics[0].unit, "% of budget"))
        return 0;
    for (size_t t = 0; t < m->analysis.n_thresholds; t++)
        marks[t] = 100 * m->analysis.thresholds[t];
    return m->analysis.n_thresholds;
}

void cs_html_headline_chart(FILE *fp, const cs_appraisal *a, size_t i,
                            const char *id)
{
    const cs_crit_run *run = &a->crits[i];
    size_t n = a->model->n_options;
    cs_summary *s = calloc(n + 1, sizeof *s);
    char cid[80], title[256], label[160];

    if (!s) {
        cs_html_left_out(fp, "the chart of the headline");
        return;
    }
    for (size_t o = 0; o < n; o++)
        s[o] = cs_summarise(run->options[o].values[0], a->n_draws);
    snprintf(cid, sizeof cid, "%s-headline", id);
    snprintf(title, sizeof title, "%s: %s", run->spec->label,
             cs_html_metric_label(&run->metrics[0], label, sizeof label));
    summary_chart(fp, a, cid, title, run->metrics[0].unit, s);
    free(s);
}

void cs_html_headline_dist(FILE *fp, const cs_appraisal *a, size_t i,
                           const char *id)
{
    const cs_crit_run *run = &a->crits[i];
    size_t n = a->model->n_options;
    const char **names = option_names(a);
    const double **samples = calloc(n + 1, sizeof *samples);
    int varies = 0;
    double marks[8];
    size_t n_marks;
    char cid[80], title[256], desc[512], label[160];

    if (!names || !samples) {
        cs_html_left_out(fp, "the chart of the distribution");
        goto done;
    }
    for (size_t o = 0; o < n; o++) {
        cs_summary s;
        samples[o] = run->options[o].values[0];
        s = cs_summarise(samples[o], a->n_draws);
        varies |= s.p95 > s.p05;
    }
    if (!varies || n > 8)
        goto done;
    n_marks = threshold_marks(a, run, marks);
    cs_html_metric_label(&run->metrics[0], label, sizeof label);
    snprintf(cid, sizeof cid, "%s-dist", id);
    snprintf(desc, sizeof desc, "Distribution of %s over %zu draws for "
             "each option%s.", label, a->n_draws,
             n_marks ? ", with the overspend thresholds marked" : "");
    snprintf(title, sizeof title, "Distribution: %s", label);
    fputs("<figure class=\"fig\">", fp);
    cs_svg_histograms(fp, &(cs_hist_chart){cid, title, desc,
                      run->metrics[0].unit, n, names, samples, a->n_draws,
                      n_marks ? marks : NULL, n_marks, NULL});
    fputs("</figure>\n", fp);
done:
    free(names);
    free(samples);
}

void cs_html_metric_table(FILE *fp, const cs_appraisal *a, size_t i)
{
    const cs_crit_run *run = &a->crits[i];
    const cs_model *m = a->model;
    char label[160];

    fputs("<div class=\"tw\"><table><thead><tr><th>figure</th>", fp);
    for (size_t o = 0; o < m->n_options; o++)
        cs_html_printf(fp, "<th class=\"n\">%s</th>", m->options[o].view.name);
    fputs("</tr></thead>\n", fp);
    for (size_t k = 0; k < run->n_metrics; k++) {
        const cs_metric_decl *md = &run->metrics[k];
        cs_html_printf(fp, "<tr><td title=\"%s\">%s <span class=\"sub\">(%s)"
                       "</span></td>", md->doc ? md->doc : "",
                       cs_html_metric_label_of(run->metrics, run->n_metrics,
                                               k, label, sizeof label),
                       md->name);
        for (size_t o = 0; o < m->n_options; o++) {
            const double *v = run->options[o].values[k];
            double x = md->sampled ? cs_summarise(v, a->n_draws).mean : v[0];
            cs_html_printf(fp, "<td class=\"n\">%S</td>",
                           cs_html_value(x, md->unit));
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table></div>\n", fp);
}

static void param_value(FILE *fp, const cs_param_slot *s)
{
    static const char *const kinds[] = {"fixed", "uniform", "triangular",
                                        "normal", "lognormal", "beta"};
    const cs_dist *d = &s->dist;

    switch (s->decl->type) {
    case CS_PARAM_CHOICE:
        cs_html_printf(fp, "%s", s->choice);
        return;
    case CS_PARAM_BOOLEAN:
        fputs(s->number != 0 ? "true" : "false", fp);
        return;
    case CS_PARAM_UNCERTAIN:
        if (d->kind != CS_DIST_FIXED) {
            cs_html_printf(fp, "%S(%.4g, %.4g%S", kinds[d->kind], d->p[0],
                           d->p[1], d->kind == CS_DIST_TRIANGULAR ||
                           d->kind == CS_DIST_BETA ? ", " : ")");
            if (d->kind == CS_DIST_TRIANGULAR)
                cs_html_printf(fp, "%.4g)", d->p[2]);
            else if (d->kind == CS_DIST_BETA)
                cs_html_printf(fp, "on %.4g..%.4g)", d->p[2], d->p[3]);
            return;
        }
        /* fall through */
    default:
        cs_html_printf(fp, "%.6g", s->number);
    }
}

void cs_html_param_table(FILE *fp, const cs_crit_run *run)
{
    static const char *const from[] = {"default", "scenario",
                                       "criterion"};

    cs_html_printf(fp, "<h4>%s <span class=\"sub\">(plugin %s %s)</span></h4>"
                   "\n", run->spec->label, run->plugin->desc->name,
                   run->plugin->desc->version);
    if (run->params.n_slots == 0) {
        fputs("<p>No parameters.</p>\n", fp);
        return;
    }
    fputs("<div class=\"tw\"><table><thead><tr><th>parameter</th><th>value"
          "</th><th>unit</th><th>from</th><th>meaning and source</th></tr>"
          "</thead>\n", fp);
    for (size_t k = 0; k < run->params.n_slots; k++) {
        const cs_param_slot *s = &run->params.slots[k];
        cs_html_printf(fp, "<tr><td>%s</td><td>", s->decl->name);
        param_value(fp, s);
        cs_html_printf(fp, "</td><td>%s</td><td>%S</td><td>%s</td></tr>\n",
                       s->decl->unit ? s->decl->unit : "", from[s->source],
                       s->decl->doc ? s->decl->doc : "");
    }
    fputs("</table></div>\n", fp);
}
