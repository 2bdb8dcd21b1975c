/* report_html_page1.c -- page one of the board pack, on screen and on
 * paper (docs/board-pack.md): the question, the recommendation, how sure
 * across the draws and across the weights, the nearest thing that would
 * change it, each criterion's contribution, the flags, the weights in
 * force and the stamp. */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "contrib.h"
#include "html.h"
#include "report.h"
#include "mcda/mcda.h"

int cs_html_flat(const cs_appraisal *a, size_t j, double *points)
{
    const cs_decision *d = a->decision;
    double first = d->mean_value[j], lo = first, hi = first;

    for (size_t o = 1; o < d->n_opt; o++) {
        double v = d->mean_value[o * d->n_crit + j];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    if (points)
        *points = d->contrib[j];
    /* equal to 1e-9 of the 0-1 scale: below any figure the pack prints */
    return d->n_opt > 1 && hi - lo <= 1e-9;
}

int cs_html_scored_index(const cs_appraisal *a, size_t i)
{
    const cs_decision *d = a->decision;

    for (size_t j = 0; d && j < d->n_crit; j++)
        if (d->crit[j] == i)
            return (int)j;
    return -1;
}

void cs_html_stamp(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char date[64] = "date not set (SOURCE_DATE_EPOCH)", hash[13] = "unknown";
    size_t failed = 0;

    if (sde && *sde) {
        char *end;
        long long t = strtoll(sde, &end, 10);
        time_t tt = (time_t)t;
        struct tm tm;
        if (!*end && t >= 0 && gmtime_r(&tt, &tm))
            strftime(date, sizeof date, "%d %B %Y", &tm);
    }
    for (size_t i = 0; i < a->n_crits; i++)
        failed += a->crits[i].failed != 0;
    if (m->n_inputs)
        snprintf(hash, sizeof hash, "%.12s", m->inputs[0].sha256);
    cs_html_printf(fp, "<p class=\"stamp\">%s · consortia %S · scenario "
                   "%s, SHA-256 <code>%s</code>… · seed %llu, %S draws · "
                   "status: ", date, PACKAGE_VERSION,
                   cs_basename(m->path), hash, (unsigned long long)a->seed,
                   cs_html_num((double)a->n_draws));
    if (failed)
        cs_html_printf(fp, "incomplete, %zu %S left out", failed,
                       failed == 1 ? "criterion failed and is"
                                   : "criteria failed and are");
    else if (m->weights_from_cli)
        fputs("what-if, weights set with --weight", fp);
    else
        fputs("complete, the scenario as written", fp);
    fputs("</p>\n", fp);
}

/* The single weight change nearest to the weight set that makes another
 * option first, as a sentence. */
static void weight_sentence(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    double best_gap = INFINITY;
    size_t jb = 0;
    int up = 0;

    for (size_t j = 0; d->stability && j < d->n_crit; j++) {
        const cs_stability *s = &d->stability[j];
        if (s->rival_hi >= 0 && s->hi - s->weight < best_gap) {
            best_gap = s->hi - s->weight;
            jb = j;
            up = 1;
        }
        if (s->rival_lo >= 0 && s->weight - s->lo < best_gap) {
            best_gap = s->weight - s->lo;
            jb = j;
            up = 0;
        }
    }
    if (!isfinite(best_gap)) {
        fputs("<li><strong>Across the weights:</strong> no change of one "
              "criterion's weight (the others keeping their ratios) puts "
              "another option first.", fp);
    } else {
        const cs_stability *s = &d->stability[jb];
        cs_html_printf(fp, "<li><strong>Across the weights:</strong> the "
                       "answer changes if %s's weight %S %.0f%% (it is "
                       "%.0f%%): %s would then rank first.",
                       a->crits[d->crit[jb]].spec->label,
                       up ? "passes" : "falls below",
                       100 * (up ? s->hi : s->lo), 100 * s->weight,
                       a->model->options[up ? s->rival_hi : s->rival_lo]
                           .view.name);
    }
    if (d->smaa)
        cs_html_printf(fp, " Over %S, it ranks first in %.0f%% of "
                       "weightings (SMAA).", d->smaa_preferences
                       ? "the weights the scenario admits"
                       : "every possible weighting",
                       100 * d->smaa->ra[(size_t)d->best * d->n_opt]);
    fputs("</li>\n", fp);
}

static void how_sure(FILE *fp, const cs_appraisal *a, size_t best,
                     size_t second)
{
    const cs_decision *d = a->decision;

    cs_html_printf(fp, "<ul class=\"sure\">\n<li><strong>Across the draws:"
                   "</strong> it scores highest in %.0f%% of %S simulated "
                   "draws", 100 * a->option_scores[best].p_best,
                   cs_html_num((double)a->n_draws));
    if (a->model->n_options > 1)
        cs_html_printf(fp, "; the runner-up, %s, in %.0f%%",
                       a->model->options[second].view.name,
                       100 * a->option_scores[second].p_best);
    fputs(".</li>\n", fp);
    weight_sentence(fp, a);
    for (size_t i = 0; d->changes && i < d->changes->n; i++)
        if (d->changes->items[i].kind == CS_CHANGE_PARAM) {
            cs_html_printf(fp, "<li><strong>Nearest change in a figure:"
                           "</strong> %s</li>\n", d->changes->items[i].text);
            fputs("</ul>\n", fp);
            return;
        }
    fputs("<li><strong>Across the uncertain figures:</strong> none of them, "
          "at its 10th or its 90th percentile with the others at their "
          "middle, puts another option first.</li>\n</ul>\n", fp);
}

/* Flags: failed criteria, failed votes, criteria that do not separate. */
static void flags(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    int any = 0;

    fputs("<ul class=\"flags\">\n", fp);
    for (size_t i = 0; i < a->n_crits; i++)
        if (a->crits[i].failed) {
            cs_html_printf(fp, "<li class=\"bad\">%s failed and is left out "
                           "of the score: %s</li>\n", a->crits[i].spec->label,
                           a->crits[i].error);
            any = 1;
        }
    for (size_t o = 0; o < a->model->n_options; o++) {
        cs_vote_result v;
        cs_option_vote(a->model, o, &v);
        if (v.recorded && v.failed) {
            cs_html_printf(fp, "<li class=\"bad\">%s failed its vote "
                           "(above).</li>\n", a->model->options[o].view.name);
            any = 1;
        }
    }
    for (size_t j = 0; j < d->n_crit; j++) {
        double pts;
        if (cs_html_flat(a, j, &pts)) {
            cs_html_printf(fp, "<li>%s does not separate the options: it "
                           "adds %.1f points to each.</li>\n",
                           a->crits[d->crit[j]].spec->label, pts);
            any = 1;
        }
    }
    if (!any)
        fputs("<li>No flags: every criterion ran, no option failed a vote, "
              "and every criterion separates the options.</li>\n", fp);
    fputs("</ul>\n", fp);
}

void cs_html_weights_in_force(FILE *fp, const cs_appraisal *a)
{
    const cs_decision *d = a->decision;

    fputs("<p class=\"weights\"><strong>Weights in force:</strong> <span "
          "id=\"weights-in-force\">", fp);
    for (size_t j = 0; j < d->n_crit; j++)
        cs_html_printf(fp, "%S%s %.0f%%", j ? ", " : "",
                       a->crits[d->crit[j]].spec->label, 100 * d->weights[j]);
    cs_html_printf(fp, "</span> <span id=\"weights-origin\">(%S)</span>.</p>\n",
                   a->model->weights_from_cli
                   ? "set on the command line with --weight"
                   : "as the scenario states them");
}

/* Before the recommendation: each option the members voted down. */
static void failed_votes(FILE *fp, const cs_model *m)
{
    for (size_t o = 0; o < m->n_options; o++) {
        cs_vote_result v;
        cs_option_vote(m, o, &v);
        if (v.recorded && v.failed)
            cs_html_printf(fp, "<div class=\"callout bad\"><p><strong>Failed "
                           "its vote: %s</strong>: %zu practices for, %zu "
                           "against; %.0f%% of the voting list for, %.0f%% "
                           "needed. The members rejected it; its scores say "
                           "what it would do, not that it has a mandate.</p>"
                           "</div>\n", m->options[o].view.name, v.n_for,
                           v.n_against, 100 * v.support,
                           100 * m->analysis.vote_pass);
    }
}

void cs_html_page_one(FILE *fp, const cs_appraisal *a)
{
    const cs_model *m = a->model;
    size_t best = cs_option_at_rank(a, 1);
    size_t second = m->n_options > 1 ? cs_option_at_rank(a, 2) : best;

    fputs("<section id=\"summary\" class=\"first\">\n", fp);
    cs_html_stamp(fp, a);
    cs_html_printf(fp, "<h1>%s</h1>\n", m->name);
    cs_html_printf(fp, "<p class=\"sub\">%zu practices, %S registered "
                   "patients; %zu options on %zu criteria.</p>\n",
                   m->n_practices, cs_html_num(cs_html_total_list(m)),
                   m->n_options, a->n_crits);
    failed_votes(fp, m);
    fputs("<div class=\"callout\" id=\"recommendation\">\n", fp);
    cs_html_printf(fp, "<p class=\"big\"><strong>Recommendation: %s</strong>"
                   " ranks first, scoring %.1f out of 100 (90%% interval "
                   "%.1f to %.1f)", m->options[best].view.name,
                   a->option_scores[best].score.mean,
                   a->option_scores[best].score.p05,
                   a->option_scores[best].score.p95);
    if (m->n_options > 1)
        cs_html_printf(fp, "; %s follows with %.1f", m->options[second]
                       .view.name, a->option_scores[second].score.mean);
    fputs(".", fp);
    cs_html_gate(fp, a);
    fputs("</p>\n", fp);
    how_sure(fp, a, best, second);
    fputs("</div>\n", fp);
    cs_html_weights_note(fp, a, 1);
    cs_html_contrib_chart(fp, a);
    cs_html_weights_in_force(fp, a);
    fputs("<h3>Flags</h3>\n", fp);
    flags(fp, a);
    fputs("</section>\n", fp);
}
