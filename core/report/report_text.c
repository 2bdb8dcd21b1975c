/* report_text.c -- text, CSV and Markdown reports. */
#include "report.h"
#include "report_decision.h"
#include "contrib.h"

#include <stdint.h>
#include <string.h>

/* The options in rank order. */
/* The option at place r (0 = best): looked up, rather than kept in a
 * stack array as long as the (unbounded) number of options. */
static size_t order_at(const cs_appraisal *a, size_t r)
{
    return cs_option_at_rank(a, (int)r + 1);
}

static const char *dir_phrase(cs_direction d)
{
    return d == CS_HIGHER_IS_BETTER ? "higher is better"
         : d == CS_LOWER_IS_BETTER ? "lower is better" : "not scored";
}

/* Text as it is, or escaped for Markdown. */
static void put_text(FILE *fp, const char *s, int md)
{
    if (md)
        cs_md_text(fp, s);
    else
        fputs(s, fp);
}

static void inputs_line(const cs_appraisal *a, FILE *fp, const char *lead,
                        int md)
{
    const cs_model *m = a->model;

    fprintf(fp, "%s%zu draws, seed %llu; inputs:", lead, a->n_draws,
            (unsigned long long)a->seed);
    for (size_t i = 0; i < m->n_inputs; i++) {
        fputs(i ? ", " : " ", fp);
        put_text(fp, cs_basename(m->inputs[i].path), md);
        fprintf(fp, " (sha256 %.12s)", m->inputs[i].sha256);
    }
    fputs("; plugins:", fp);
    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_plugin *pl = a->crits[i].plugin;
        fputs(i ? ", " : " ", fp);
        put_text(fp, pl->name, md);
        fputc(' ', fp);
        put_text(fp, pl->desc->version, md);
        fputs(" (", fp);
        put_text(fp, cs_basename(pl->path), md);
        fprintf(fp, ", sha256 %.12s)", pl->sha256[0] ? pl->sha256 : "unknown");
    }
    fputc('\n', fp);
}

/* Page one: every option that failed its vote, then those that passed. */
static void votes_lines(const cs_appraisal *a, FILE *fp)
{
    const cs_model *m = a->model;

    for (int pass = 0; pass < 2; pass++)
        for (size_t o = 0; o < m->n_options; o++) {
            cs_vote_result v;
            cs_option_vote(m, o, &v);
            if (!v.recorded || v.failed == pass)
                continue;
            fprintf(fp, "%s %s: %zu practices for, %zu against; %.0f%% of "
                    "the voting list for, %s the %.0f%% needed%s\n",
                    v.failed ? "FAILED ITS VOTE:" : "Passed its vote:",
                    m->options[o].view.name, v.n_for, v.n_against,
                    100 * v.support, v.failed ? "below" : "at or above",
                    100 * m->analysis.vote_pass,
                    v.failed ? ". The members rejected it; its scores "
                    "below say what it would do, not that it has a mandate"
                    : "");
        }
}

/* The vote gate's sentence, when the top option failed its vote. */
static void gate_line(const cs_appraisal *a, FILE *fp, const char *lead,
                      const char *tail, int md)
{
    cs_gate g;
    char line[8192];

    cs_gate_find(a, &g);
    cs_gate_sentence(a, &g, line, sizeof line);
    if (line[0]) {
        fputs(lead, fp);
        put_text(fp, line, md);
        fputs(tail, fp);
    }
}

/* The recommendation sentence (cs_recommend_sentence), the reports'
 * opening line. */
static void recommend_line(const cs_appraisal *a, FILE *fp, int md)
{
    char line[8192];

    cs_recommend_sentence(a, line, sizeof line);
    if (!line[0])
        return;
    put_text(fp, line, md);
    fputc('\n', fp);
}

int cs_report_text(const cs_appraisal *a, FILE *fp)
{
    const cs_model *m = a->model;
    size_t n_opt = m->n_options;
    char cell[CS_TEXT_NAME_WIDTH + 1];

    fprintf(fp, "%s\n", m->name);
    votes_lines(a, fp);
    recommend_line(a, fp, 0);
    inputs_line(a, fp, "", 0);
    fprintf(fp, "\nRanking (overall score 0-100: the weighted sum of the "
            "criteria's values, on every draw; weights by method '%s')\n",
            cs_weight_method_word(a->decision->method));
    fprintf(fp, "  %-4s %-40s %7s  %-17s %7s\n", "rank", "option", "score",
            "90% interval", "P(best)");
    for (size_t r = 0; r < n_opt; r++) {
        const cs_option_score *s = &a->option_scores[order_at(a, r)];
        fprintf(fp, "  %-4d %-40s %7.1f  [%6.1f, %6.1f] %7.2f\n", s->rank,
                cs_text_option_cell(cell, CS_TEXT_NAME_WIDTH,
                                    m->options[order_at(a, r)].view.name,
                                    m->options[order_at(a, r)].view.id),
                s->score.mean, s->score.p05,
                s->score.p95, s->p_best);
    }
    gate_line(a, fp, "\nRecommendation: ", "\n", 0);
    cs_contrib_text(a, fp);
    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_crit_run *run = &a->crits[i];
        fprintf(fp, "\n%s", run->spec->label);
        if (run->failed) {
            fprintf(fp, ": FAILED, left out of the score: %s\n", run->error);
            continue;
        }
        fprintf(fp, " (weight %.0f%%): %s, %s, %s%s%s%s\n",
                100.0 * run->weight, run->metrics[0].name,
                run->metrics[0].unit, dir_phrase(run->metrics[0].direction),
                run->scale_source ? "; value scale: the plugin's default ("
                                  : "",
                run->scale_source ? run->scale_source : "",
                run->scale_source ? ")" : "");
        for (size_t r = 0; r < n_opt; r++) {
            cs_summary s = cs_summarise(run->options[order_at(a, r)].values[0],
                                        a->n_draws);
            fprintf(fp, "  %-40s %12.4g  [%.4g, %.4g]\n",
                    cs_text_option_cell(cell, CS_TEXT_NAME_WIDTH,
                                        m->options[order_at(a, r)].view.name,
                                        m->options[order_at(a, r)].view.id),
                    s.mean, s.p05, s.p95);
        }
    }
    cs_text_decision(a, fp);
    return ferror(fp) ? -1 : 0;
}

/* The statistics columns: mean..p95 of a sampled metric, or the single
 * value in `mean` with the rest empty; then `tail` (the empty appended
 * columns, if any, and the line end). */
static void csv_stats(FILE *fp, const cs_appraisal *a, const cs_metric_decl *md,
                      const double *v, const char *tail)
{
    if (md->sampled) {
        cs_summary s = cs_summarise(v, a->n_draws);
        fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.10g%s", s.mean, s.sd, s.p05,
                s.p50, s.p95, tail);
    } else
        fprintf(fp, "%.10g,,,,%s", v[0], tail);
}

/* The same from a summary (a distinct consortium's: appraise.h). */
static void csv_summary(FILE *fp, const cs_metric_decl *md, cs_summary s)
{
    if (md->sampled)
        fprintf(fp, "%.10g,%.10g,%.10g,%.10g,%.10g\r\n", s.mean, s.sd, s.p05,
                s.p50, s.p95);
    else
        fprintf(fp, "%.10g,,,,\r\n", s.mean);
}

static void csv_metric(FILE *fp, const char *criterion, const cs_metric_decl *md)
{
    cs_csv_field(fp, criterion);
    fputc(',', fp);
    cs_csv_field(fp, md->name);
    fputc(',', fp);
    cs_csv_field(fp, md->unit);
    fprintf(fp, ",%s,", cs_direction_word(md->direction));
}

static void csv_option(FILE *fp, const cs_option_view *ov)
{
    cs_csv_field(fp, ov->id);
    fputc(',', fp);
    cs_csv_field(fp, ov->name);
    fputc(',', fp);
}

/* UTF-8 with a byte-order mark, which Excel needs to read UTF-8. */
static const char utf8_bom[] = "\xEF\xBB\xBF";

int cs_report_csv(const cs_appraisal *a, FILE *fp)
{
    static const cs_metric_decl score = {"score", "points", CS_HIGHER_IS_BETTER,
                                         1, CS_AGG_MEAN, "overall score"};
    const cs_model *m = a->model;

    fprintf(fp, "%soption_id,option_name,criterion,metric,unit,direction,"
            "mean,sd,p05,p50,p95,weight,value,contribution\r\n", utf8_bom);
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        csv_option(fp, ov);
        csv_metric(fp, "overall", &score);
        csv_stats(fp, a, &score, &a->scores[o * a->n_draws], ",,,\r\n");
        for (size_t i = 0; i < a->n_crits; i++) {
            const cs_crit_run *run = &a->crits[i];
            for (size_t k = 0; !run->failed && k < run->n_metrics; k++) {
                csv_option(fp, ov);
                csv_metric(fp, run->spec->label, &run->metrics[k]);
                csv_stats(fp, a, &run->metrics[k], run->options[o].values[k],
                          ",,,\r\n");
            }
        }
        cs_contrib_csv(a, o, fp);
        cs_csv_decision(a, o, fp);
    }
    return ferror(fp) ? -1 : 0;
}

int cs_report_consortia_csv(const cs_appraisal *a, FILE *fp)
{
    const cs_model *m = a->model;

    fprintf(fp, "%soption_id,option_name,consortium_id,consortium_name,"
            "practices,registered,weighted,criterion,metric,unit,direction,"
            "mean,sd,p05,p50,p95\r\n", utf8_bom);
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_view *ov = &m->options[o].view;
        for (size_t c = 0; c < ov->n_consortia; c++) {
            const cs_consortium_view *cv = &ov->consortia[c];
            for (size_t i = 0; i < a->n_crits; i++) {
                const cs_crit_run *run = &a->crits[i];
                size_t u = a->unique_of[o][c];
                for (size_t k = 0; !run->failed && k < run->n_metrics; k++) {
                    csv_option(fp, ov);
                    cs_csv_field(fp, cv->id);
                    fputc(',', fp);
                    cs_csv_field(fp, cv->name);
                    fprintf(fp, ",%zu,%.10g,%.10g,", cv->n_practices,
                            cv->registered, cv->weighted);
                    csv_metric(fp, run->spec->label, &run->metrics[k]);
                    csv_summary(fp, &run->metrics[k],
                                cs_unique_summary(run, u, k));
                }
            }
        }
    }
    return ferror(fp) ? -1 : 0;
}


int cs_report_md(const cs_appraisal *a, FILE *fp)
{
    const cs_model *m = a->model;
    size_t n_opt = m->n_options;

    fputs("# ", fp);
    cs_md_text(fp, m->name);
    fputs("\n\n", fp);
    recommend_line(a, fp, 1);
    fputc('\n', fp);
    inputs_line(a, fp, "", 1);
    fputs("\n| rank | option | score | 90% interval | P(best) |\n"
          "|---:|---|---:|---|---:|\n", fp);
    for (size_t r = 0; r < n_opt; r++) {
        const cs_option_score *s = &a->option_scores[order_at(a, r)];
        fprintf(fp, "| %d | ", s->rank);
        cs_md_text(fp, m->options[order_at(a, r)].view.name);
        fprintf(fp, " | %.1f | %.1f to %.1f | %.2f |\n", s->score.mean,
                s->score.p05, s->score.p95, s->p_best);
    }
    gate_line(a, fp, "\n**Recommendation:** ", "\n", 1);
    cs_contrib_md(a, fp);
    fputs("\n| criterion | weight | headline |", fp);
    for (size_t r = 0; r < n_opt; r++) {
        fputc(' ', fp);
        cs_md_text(fp, m->options[order_at(a, r)].view.name);
        fputs(" |", fp);
    }
    fputs("\n|---|---:|---|", fp);
    for (size_t r = 0; r < n_opt; r++)
        fputs("---:|", fp);
    fputc('\n', fp);
    for (size_t i = 0; i < a->n_crits; i++) {
        const cs_crit_run *run = &a->crits[i];
        fputs("| ", fp);
        cs_md_text(fp, run->spec->label);
        if (run->failed) {
            fputs(" | failed | ", fp);
            cs_md_text(fp, run->error);
            fputs(" |\n", fp);
            continue;
        }
        fprintf(fp, " | %.0f%% | ", 100.0 * run->weight);
        cs_md_text(fp, run->metrics[0].name);       /* the plugin's words */
        fputs(" (", fp);
        cs_md_text(fp, run->metrics[0].unit);
        fprintf(fp, ", %s) |", dir_phrase(run->metrics[0].direction));
        for (size_t r = 0; r < n_opt; r++) {
            cs_summary s = cs_summarise(run->options[order_at(a, r)].values[0],
                                        a->n_draws);
            fprintf(fp, " %.4g |", s.mean);
        }
        fputc('\n', fp);
    }
    cs_md_decision(a, fp);
    return ferror(fp) ? -1 : 0;
}
