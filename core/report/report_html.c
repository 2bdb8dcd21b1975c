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
    "padding:0 1em;color:#111;line-height:1.45;overflow-wrap:break-word}"
    "h1{font-size:1.7em;margin:.2em 0}h2{border-bottom:2px solid #0072B2;"
    "padding-bottom:.2em;margin-top:2em}h3{margin-bottom:.3em}"
    "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}"
    "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#eef3f8}.sub{color:#555}.big{font-size:1.25em}"
    ".tw{max-width:100%;overflow-x:auto}"
    "figure.fig{margin:.5em 0 1em;max-width:100%;overflow-x:auto}"
    ".chart{height:auto;display:block;margin:.5em 0}"
    ".chart .label,.chart .tick,.chart .axis{font-size:13px;fill:#111}"
    ".chart .axis{font-style:italic}"
    ".callout{border-left:6px solid #009E73;background:#f2faf7;padding:.6em 1em}"
    ".callout.bad{border-left-color:#D55E00;background:#fdf1ea}"
    ".atw{border-left:6px solid #D55E00;background:#fdf1ea;padding:.3em .8em}"
    ".stamp{font-size:.85em;color:#333;border:1px solid #999;padding:.2em .5em;"
    "display:inline-block}ul.flags li.bad{color:#A0300A;font-weight:bold}"
    "label.slider{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;"
    "margin:.3em 0}label.slider span{min-width:10em}label.slider input"
    "{flex:1 1 12em;max-width:24em}"
    ".sw{display:inline-block;width:.9em;height:.9em;vertical-align:middle}"
    "code{font-size:.9em;word-break:break-all}nav a{white-space:nowrap}"
    "@media (max-width:700px){body{margin:.5em auto;padding:0 .6em}"
    "h1{font-size:1.35em}.chart{width:640px;max-width:none}"
    "table{display:block;overflow-x:auto;max-width:100%}}"
    "@media print{body{max-width:none;margin:0;font-size:9pt;"
    "line-height:1.3}nav,.noprint{display:none}"
    "h2{margin-top:1em}#summary{break-after:page}"
    "#appendix{break-before:page}"
    "tr,figure,.callout,svg,li,dd{break-inside:avoid}"
    "h2,h3,h4{break-after:avoid}thead{display:table-header-group}"
    "figure.fig,.tw{overflow:visible}.chart{width:12.5cm;max-width:100%}"
    "figure.side .chart{width:10cm}"
    "th,td{padding:.1em .35em}table{margin:.3em 0 .6em}"
    "h3{margin:.6em 0 .2em}p{margin:.3em 0}"
    "a{color:inherit;text-decoration:none}}"
    "@page{size:A4;margin:14mm 13mm}";

static void section_open(FILE *fp, const char *id, const char *title)
{
    cs_html_printf(fp, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
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

/* The options, short: the consortia named when an option has few, the
 * full lists in the appendix (A1). */
static void question(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;

    section_open(fp, "question", "The question and the options");
    cs_html_weights_note(fp, a, 0);
    votes_callout(fp, m);
    if (m->description)
        cs_html_printf(fp, "<p>%s</p>\n", m->description);
    cs_html_printf(fp, "<p>%zu practices with %S registered patients are "
                   "grouped in %zu different ways (every consortium and its "
                   "list: appendix A1):</p>\n<ol>\n", m->n_practices,
                   cs_html_num(cs_html_total_list(m)), m->n_options);
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        cs_html_printf(fp, "<li><span class=\"sw\" style=\"background:%S\">"
                       "</span> <strong>%s</strong>: %zu %S", cs_palette[o % 8],
                       ov->name, ov->n_consortia,
                       ov->n_consortia == 1 ? "consortium" : "consortia");
        for (size_t c = 0; ov->n_consortia <= 4 && c < ov->n_consortia; c++)
            cs_html_printf(fp, "%S%s", c ? ", " : " (", ov->consortia[c].name);
        fputs(ov->n_consortia <= 4 ? ")" : "", fp);
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
    fputs("</ol>\n", fp);
    cs_html_score_chart(fp, a);
    fputs("</section>\n", fp);
}

/* Per criterion: a sentence when it failed or does not separate the
 * options (its figures go to the appendix), else its headline chart. */
static void criterion(FILE *fp, const cs_appraisal *a, size_t i)
{
    const cs_crit_run *run = &a->crits[i];
    int j = cs_html_scored_index(a, i);
    double pts;
    char id[64], label[160];

    snprintf(id, sizeof id, "criterion-%zu", i);
    cs_html_printf(fp, "<h3 id=\"%s\">%s</h3>\n", id, run->spec->label);
    if (run->failed || j < 0) {
        cs_html_printf(fp, "<p><strong>Failed</strong> and left out of the "
                       "score: %s</p>\n", run->error);
        return;
    }
    cs_html_metric_label(&run->metrics[0], label, sizeof label);
    if (cs_html_flat(a, (size_t)j, &pts)) {
        cs_html_printf(fp, "<p class=\"flat\">%s does not separate the "
                       "options: it adds %.1f points to each (weight %.0f%%"
                       "; %s: %S for every option). Its figures are in "
                       "appendix A3.</p>\n", run->spec->label, pts,
                       100 * run->weight, label, cs_html_value(cs_summarise(
                       run->options[0].values[0], a->n_draws).mean,
                       run->metrics[0].unit));
        return;
    }
    cs_html_printf(fp, "<p class=\"sub\">Weight %.0f%%. Headline: %s (%S); "
                   "scored from %S (worst, 0) to %S (best, 1)%S%s%S</p>\n",
                   100 * run->weight, label,
                   run->metrics[0].direction == CS_HIGHER_IS_BETTER
                       ? "higher is better" : "lower is better",
                   cs_html_value(run->worst, run->metrics[0].unit),
                   cs_html_value(run->best, run->metrics[0].unit),
                   run->scale_source ? ", the plugin's default scale ("
                                     : ".",
                   run->scale_source ? run->scale_source : "",
                   run->scale_source ? ")." : "");
    cs_html_headline_chart(fp, a, i, id);
}

static void criteria(FILE *fp, const cs_appraisal *a)
{
    section_open(fp, "criteria", "What each option does, criterion by "
                 "criterion");
    cs_html_weights_note(fp, a, 0);
    for (size_t i = 0; i < a->n_crits; i++)
        criterion(fp, a, i);
    fputs("</section>\n", fp);
}

void cs_html_provenance(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;

    fputs("<h3 id=\"provenance\">A5. Provenance</h3>\n", fp);
    cs_html_printf(fp, "<p>consortia %s (plugin ABI %d.%d); seed %llu; %zu "
                   "draws. The same inputs, seed and draws reproduce these "
                   "figures exactly.</p>\n<div class=\"tw\"><table><tr><th>input"
                   "</th><th>SHA-256</th></tr>\n", PACKAGE_VERSION, CS_ABI_MAJOR, CS_ABI_MINOR,
                   (unsigned long long)a->seed, a->n_draws);
    for (size_t i = 0; i < m->n_inputs; i++)
        cs_html_printf(fp, "<tr><td>%s</td><td><code>%s</code></td></tr>\n",
                       cs_basename(m->inputs[i].path), m->inputs[i].sha256);
    fputs("</table></div>\n<div class=\"tw\"><table><thead><tr><th>"
          "criterion</th><th>plugin</th><th>version</th><th>file</th><th>"
          "SHA-256</th></tr></thead>\n", fp);
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
    fputs("</table></div>\n", fp);
}

/* The search's section, or how to get it (docs/board-pack.md,
 * "Groupings you did not list"). */
static void search_part(FILE *fp, const cs_appraisal *a,
                        const cs_search_result *r)
{
    const cs_search_spec *sp = &a->model->search;

    if (r) {
        cs_report_search_html(r, fp, 0, a);
        return;
    }
    if (!sp->given)
        return;
    cs_html_printf(fp, "<section id=\"search\"><h2>Groupings you did not "
                   "list</h2>\n<p>The scenario sets rules for a search of "
                   "every grouping of its localities, but this pack was made "
                   "without running it (it can take up to the scenario's "
                   "time limit of %.0f s). <code>consortia appraise %s "
                   "--with-search -f html</code> adds the search's best finds "
                   "beside the listed options here; <code>consortia search "
                   "%s --emit-options FILE</code> writes them as options to "
                   "append to the scenario, so that the whole appraisal "
                   "treats them like the others.</p></section>\n",
                   sp->time_limit, cs_basename(a->model->path),
                   cs_basename(a->model->path));
}

int cs_report_html(const cs_appraisal *a, FILE *fp)
{
    return cs_report_html_search(a, NULL, fp);
}

int cs_report_html_search(const cs_appraisal *a, const cs_search_result *r,
                          FILE *fp)
{
    const cs_model *m = a->model;

    cs_html_printf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                   "charset=\"utf-8\">\n<meta name=\"viewport\" content=\""
                   "width=device-width, initial-scale=1\">\n<title>%s — board "
                   "pack</title>\n<style>%S</style>\n</head>\n<body>\n<nav>"
                   "<a href=\"#summary\">Summary</a> · <a href=\"#question\">"
                   "Options</a> · <a href=\"#weights\">Try weights</a> · <a "
                   "href=\"#contributions\">Why</a> · <a href=\"#criteria\">"
                   "Criteria</a> · <a href=\"#uncertainty\">How sure</a> · <a "
                   "href=\"#sensitivity\">What would change it</a> · <a href=\""
                   "#voi\">What to resolve</a> · <a href=\"#search\">Groupings</a> · "
                   "<a href=\"#appendix\">"
                   "Appendix</a></nav>\n<main>\n", m->name, css);
    cs_html_page_one(fp, a);
    question(fp, a);
    cs_html_sliders(fp, a);
    cs_html_contributions(fp, a);
    criteria(fp, a);
    cs_html_uncertainty(fp, a);
    cs_html_sensitivity(fp, a);
    cs_html_voi(fp, a);
    search_part(fp, a, r);
    cs_html_appendix(fp, a);
    fputs("</main>\n</body>\n</html>\n", fp);
    return ferror(fp) ? -1 : 0;
}
