/* report_html.c -- the board pack: one self-contained HTML file with
 * inline CSS and SVG, readable on screen and printed on A4. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "contrib.h"
#include "html.h"
#include "report_html.h"
#include "decision/score.h"

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;"
    "padding:0 1em;color:#111;line-height:1.45}"
    "h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;"
    "padding-bottom:.2em;margin-top:2em}h3{margin-bottom:.3em}"
    "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}"
    "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#eef3f8}.sub{color:#555}.big{font-size:1.25em}"
    ".chart{max-width:100%;height:auto;display:block;margin:.5em 0}"
    ".chart .label,.chart .tick,.chart .axis{font-size:12px;fill:#111}"
    ".chart .axis{font-style:italic}"
    ".callout{border-left:6px solid #009E73;background:#f2faf7;padding:.6em 1em}"
    "details.data{margin:.2em 0 1em}code{font-size:.9em}"
    "@media print{body{max-width:none;margin:0;font-size:10.5pt}"
    "section{page-break-before:always;break-before:page}"
    "section.first{page-break-before:avoid;break-before:avoid}"
    "details.data{display:block}details.data>*{display:block}"
    "a{color:inherit;text-decoration:none}}"
    "@page{size:A4;margin:16mm 14mm}";

static void section_open(FILE *fp, const char *id, const char *title,
                         int first)
{
    cs_html_printf(fp, "<section id=\"%s\"%S>\n<h2>%s</h2>\n", id,
                   first ? " class=\"first\"" : "", title);
}

/* On page one: every option that failed its vote, and those that passed. */
static void votes_callout(FILE *fp, const cs_model *m)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t o = 0; o < m->n_options; o++) {
            cs_vote_result v;
            cs_option_vote(m, o, &v);
            if (!v.recorded || v.failed == pass)
                continue;
            cs_html_printf(fp, "<div class=\"callout\"><p><strong>%S %s"
                           "</strong>: %zu practices for, %zu against; "
                           "%.0f%% of the voting list for, %S the %.0f%% "
                           "needed%S</p></div>\n",
                           v.failed ? "Failed its vote:" : "Passed its vote:",
                           m->options[o].view.name, v.n_for, v.n_against,
                           100 * v.support, v.failed ? "below" : "at or above",
                           100 * m->analysis.vote_pass, v.failed
                           ? ". The members rejected it; its scores say "
                             "what it would do, not that it has a mandate."
                           : ".");
        }
}

static void question(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;

    section_open(fp, "question", "The question and the options", 1);
    votes_callout(fp, m);
    if (m->description)
        cs_html_printf(fp, "<p>%s</p>\n", m->description);
    cs_html_printf(fp, "<p>%zu practices with %S registered patients are "
                   "grouped in %zu different ways:</p>\n<ol>\n",
                   m->n_practices, cs_html_num(cs_html_total_list(m)),
                   m->n_options);
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        cs_html_printf(fp, "<li><strong>%s</strong>: %zu %S (",
                       ov->name, ov->n_consortia,
                       ov->n_consortia == 1 ? "consortium" : "consortia");
        for (size_t c = 0; c < ov->n_consortia; c++)
            cs_html_printf(fp, "%S%s, %S patients", c ? "; " : "",
                           ov->consortia[c].name,
                           cs_html_num(ov->consortia[c].registered));
        fputs(")", fp);
        for (size_t f = 0; f < ov->n_federations; f++)
            cs_html_printf(fp, "; federated as %s, pooling %.0f%% of each "
                           "member's deficit and running %.0f%% of fixed "
                           "functions once%S", ov->federations[f].name,
                           100 * ov->federations[f].risk_pool_share,
                           100 * ov->federations[f].shared_functions,
                           ov->federations[f].joint_contracting
                               ? ", contracting jointly" : "");
        fputs("</li>\n", fp);
    }
    fputs("</ol>\n</section>\n", fp);
}

static void recommendation(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;
    size_t best = 0, second = 0;

    for (size_t o = 0; o < m->n_options; o++) {
        if (a->option_scores[o].rank == 1)
            best = o;
        if (a->option_scores[o].rank == 2)
            second = o;
    }
    section_open(fp, "recommendation", "Recommendation", 0);
    cs_html_printf(fp, "<div class=\"callout\"><p class=\"big\"><strong>%s"
                   "</strong> ranks first, with an overall score of %.1f out "
                   "of 100 (90%% interval %.1f to %.1f).</p>\n<p>It scores "
                   "highest in %.0f%% of the %zu simulated draws.",
                   m->options[best].view.name, a->option_scores[best].score.mean,
                   a->option_scores[best].score.p05,
                   a->option_scores[best].score.p95,
                   100 * a->option_scores[best].p_best, a->n_draws);
    if (m->n_options > 1)
        cs_html_printf(fp, " The runner-up, %s, scores %.1f (%.1f to %.1f) "
                       "and is best in %.0f%% of draws.",
                       m->options[second].view.name,
                       a->option_scores[second].score.mean,
                       a->option_scores[second].score.p05,
                       a->option_scores[second].score.p95,
                       100 * a->option_scores[second].p_best);
    cs_html_gate(fp, a);
    fputs("</p></div>\n", fp);
    cs_html_score_chart(fp, a);
    fputs("</section>\n", fp);
}

/* Per criterion: its headline chart, its distribution when it varies,
 * and a table of every option-level metric. */
static void criterion(FILE *fp, const cs_appraisal *a, size_t i)
{
    const cs_crit_run *run = &a->crits[i];
    const cs_model *m = a->model;
    char id[64];

    snprintf(id, sizeof id, "criterion-%zu", i);
    cs_html_printf(fp, "<h3 id=\"%s\">%s</h3>\n", id, run->spec->label);
    if (run->failed) {
        cs_html_printf(fp, "<p><strong>Failed</strong> and left out of the "
                       "score: %s</p>\n", run->error);
        return;
    }
    cs_html_printf(fp, "<p class=\"sub\">Weight %.0f%%. Headline: %s (%s, "
                   "%S); scored linearly from %.4g (worst) to %.4g (best)%S"
                   "%s%S</p>\n", 100 * run->weight,
                   run->metrics[0].doc ? run->metrics[0].doc : run->metrics[0].name,
                   run->metrics[0].unit,
                   run->metrics[0].direction == CS_HIGHER_IS_BETTER
                       ? "higher is better" : "lower is better",
                   run->worst, run->best,
                   run->scale_source ? ", the plugin's default scale ("
                                     : ".",
                   run->scale_source ? run->scale_source : "",
                   run->scale_source ? ")." : "");
    cs_html_headline_chart(fp, a, i, id);
    cs_html_metric_table(fp, a, i);
    (void)m;
}

static void criteria(FILE *fp, const cs_appraisal *a)
{
    section_open(fp, "criteria", "What each option does, criterion by "
                 "criterion", 0);
    for (size_t i = 0; i < a->n_crits; i++)
        criterion(fp, a, i);
    fputs("</section>\n", fp);
}

static void assumptions(FILE *fp, const cs_appraisal *a)
{
    section_open(fp, "assumptions", "Assumptions and parameters", 0);
    fputs("<p>Every figure the models use, the value used in this appraisal, "
          "where that value came from, and its source.</p>\n", fp);
    for (size_t i = 0; i < a->n_crits; i++)
        cs_html_param_table(fp, &a->crits[i]);
    fputs("</section>\n", fp);
}

static void provenance(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;

    section_open(fp, "provenance", "Provenance", 0);
    cs_html_printf(fp, "<p>consortia %s (plugin ABI %d.%d); seed %llu; %zu "
                   "draws. The same inputs, seed and draws reproduce these "
                   "figures exactly.</p>\n<table><tr><th>input</th><th>SHA-256"
                   "</th></tr>\n", PACKAGE_VERSION, CS_ABI_MAJOR, CS_ABI_MINOR,
                   (unsigned long long)a->seed, a->n_draws);
    for (size_t i = 0; i < m->n_inputs; i++)
        cs_html_printf(fp, "<tr><td>%s</td><td><code>%s</code></td></tr>\n",
                       cs_basename(m->inputs[i].path), m->inputs[i].sha256);
    fputs("</table>\n<table><tr><th>criterion</th><th>plugin</th><th>version"
          "</th><th>file</th><th>SHA-256</th></tr>\n", fp);
    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_plugin *pl = a->crits[i].plugin;
        char *real = realpath(pl->path, NULL);
        cs_html_printf(fp, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                       "<td><code>%s</code></td></tr>\n",
                       a->crits[i].spec->label, pl->desc->name,
                       pl->desc->version, real ? real : pl->path,
                       pl->sha256[0] ? pl->sha256 : "unreadable");
        free(real);
    }
    fputs("</table>\n</section>\n", fp);
}

int cs_report_html(const cs_appraisal *a, FILE *fp)
{
    const cs_model *m = a->model;

    cs_html_printf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                   "charset=\"utf-8\">\n<meta name=\"viewport\" content=\""
                   "width=device-width, initial-scale=1\">\n<title>%s — board "
                   "pack</title>\n<style>%S</style>\n</head>\n<body>\n<header>"
                   "<h1>%s</h1>\n<p class=\"sub\">Board pack: an appraisal of "
                   "%zu options on %zu criteria, %S draws.</p>\n<nav><a href="
                   "\"#recommendation\">Recommendation</a> · <a href=\""
                   "#contributions\">Why</a> · <a href=\"#criteria"
                   "\">Criteria</a> · <a href=\"#uncertainty\">Uncertainty</a> · "
                   "<a href=\"#sensitivity\">Sensitivity</a> · <a href=\"#voi\">"
                   "What to resolve</a> · <a href=\""
                   "#assumptions\">Assumptions</a> · <a href=\"#provenance\">"
                   "Provenance</a></nav></header>\n<main>\n", m->name, css,
                   m->name, m->n_options, a->n_crits,
                   cs_html_num((double)a->n_draws));
    question(fp, a);
    recommendation(fp, a);
    cs_html_contributions(fp, a);
    criteria(fp, a);
    cs_html_uncertainty(fp, a);
    cs_html_sensitivity(fp, a);
    cs_html_voi(fp, a);
    assumptions(fp, a);
    provenance(fp, a);
    fputs("</main>\n</body>\n</html>\n", fp);
    return ferror(fp) ? -1 : 0;
}
