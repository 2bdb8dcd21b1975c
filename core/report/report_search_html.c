/*
 * report_search_html.c -- "Groupings you did not list": the board pack's
 * short section on what `consortia search` found (docs/search.md), as a
 * section for the pack or a page of its own (`consortia search -f html`).
 */
#include "report.h"
#include "html.h"
#include "report_html.h"

#include <math.h>
#include <string.h>

static void set_names(FILE *fp, const cs_search_result *r, cs_set s)
{
    int first = 1;
    for (unsigned i = 0; i < r->units.n; i++)
        if (s >> i & 1) {
            cs_html_printf(fp, "%s%s", first ? "" : " + ",
                           r->model->localities[i].name);
            first = 0;
        }
}

static void row(FILE *fp, const cs_search_result *r,
                const cs_search_config *c)
{
    cs_html_printf(fp, "<tr><td>%s%s</td><td>%s</td>", c->id,
                   c->listed >= 0 ? " (listed)" : "",
                   cs_html_num(c->score.mean));
    cs_html_printf(fp, "<td>%s", cs_html_num(c->score.p05));
    cs_html_printf(fp, " to %s</td><td>", cs_html_num(c->score.p95));
    for (unsigned k = 0; k < c->n_parts; k++) {
        fputs(k ? "; " : "", fp);
        set_names(fp, r, c->parts[k]);
    }
    cs_html_printf(fp, "</td><td>%s</td></tr>\n", c->pareto ? "yes" : "no");
}

static void bound(FILE *fp, const cs_search_result *r)
{
    if (r->optimal)
        cs_html_printf(fp, "<p>The search proved its best screen optimal "
                       "among every grouping that keeps the rules.</p>\n");
    else
        cs_html_printf(fp, "<p>The search stopped with a bound: no grouping "
                       "screens above %s points; its best screened %s.</p>\n",
                       cs_html_num(r->upper_bound),
                       cs_html_num(r->screen_best));
    cs_html_printf(fp, "<p>Finalists are re-scored in full on %zu draws with "
                   "common random numbers; the screen was off by at most %s "
                   "points on them.</p>\n", r->draws,
                   cs_html_num(r->screen_error));
}

/* a: the pack's appraisal, whose weight sliders this section does not
 * follow (its note says so while they are moved); NULL on a page of its
 * own, which has no sliders. */
int cs_report_search_html(const cs_search_result *r, FILE *fp, int page,
                          const cs_appraisal *a)
{
    size_t shown = 0;

    if (page)
        cs_html_printf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                       "charset=\"utf-8\"><title>Groupings you did not list: "
                       "%s</title></head><body>\n", r->model->name);
    cs_html_printf(fp, "<section id=\"search\"><h2>Groupings you did not "
                   "list</h2>\n<p>The best groupings of the %u localities "
                   "that keep the scenario's search rules, found by "
                   "<code>consortia search</code>, beside the listed options "
                   "that keep them (mean score 0&ndash;100, 90%% interval; "
                   "Pareto: not beaten on every criterion by another).</p>\n",
                   r->units.n);
    if (a)
        cs_html_weights_note(fp, a, 0);
    fputs("<table><thead><tr><th>grouping</th><th>mean</th><th>90% "
          "interval</th><th>consortia</th><th>Pareto</th></tr></thead>"
          "<tbody>\n", fp);
    for (size_t i = 0; i < r->n_configs && shown < 8; i++)
        if (r->configs[i].feasible) {
            row(fp, r, &r->configs[i]);
            shown++;
        }
    fputs("</tbody></table>\n", fp);
    bound(fp, r);
    fputs("</section>\n", fp);
    if (page)
        fputs("</body></html>\n", fp);
    return ferror(fp) ? -1 : 0;
}
