/* contrib.c -- each criterion's contribution to each option's score, and
 * the vote gate on the recommendation, for the text, Markdown, CSV and
 * JSON reports (contrib.h; docs/decision.md). */
#include "contrib.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_decision.h"

/* Differences below this many points are not named: the reports show
 * contributions to one decimal place, so a smaller one reads as 0.0. */
#define NAMED_DIFF 0.05

/* Appends to the string in buf (len bytes), truncating. */
static void cat(char *buf, size_t len, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;

    if (n + 1 >= len)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + n, len - n, fmt, ap);
    va_end(ap);
}

static const char *opt_name(const cs_appraisal *a, size_t o)
{
    return a->model->options[o].view.name;
}

static const char *crit_label(const cs_appraisal *a, size_t j)
{
    return a->crits[a->decision->crit[j]].spec->label;
}

size_t cs_option_at_rank(const cs_appraisal *a, int r)
{
    for (size_t o = 0; o < a->model->n_options; o++)
        if (a->option_scores[o].rank == r)
            return o;
    return 0;
}

double cs_contrib_of(const cs_appraisal *a, size_t o, size_t i)
{
    const cs_decision *d = a->decision;

    for (size_t j = 0; j < d->n_crit; j++)
        if (d->crit[j] == i)
            return d->contrib[o * d->n_crit + j];
    return NAN;
}

/* ---- the vote gate ------------------------------------------------------ */

void cs_gate_find(const cs_appraisal *a, cs_gate *g)
{
    const cs_model *m = a->model;

    g->top = cs_option_at_rank(a, 1);
    g->failed = 0;
    g->passed = g->open = -1;
    for (int r = 1; r <= (int)m->n_options; r++) {
        size_t o = cs_option_at_rank(a, r);
        cs_vote_result v;
        cs_option_vote(m, o, &v);
        if (r == 1)
            g->failed = v.failed;
        if (g->passed < 0 && v.recorded && !v.failed)
            g->passed = (int)o;
        if (g->open < 0 && !v.failed)
            g->open = (int)o;
    }
}

void cs_gate_alternative(const cs_appraisal *a, const cs_gate *g, char *buf,
                         size_t len)
{
    const cs_option_score *s;

    buf[0] = '\0';
    if (g->passed >= 0) {
        cs_vote_result v;
        cs_option_vote(a->model, (size_t)g->passed, &v);
        s = &a->option_scores[g->passed];
        cat(buf, len, "The best-ranked option that passed its vote is %s "
            "(rank %d, score %.1f; %.0f%% of the voting list for).",
            opt_name(a, (size_t)g->passed), s->rank, s->score.mean,
            100 * v.support);
    } else
        cat(buf, len, "No option passed its vote.");
    if (g->open >= 0 && g->open != g->passed) {
        s = &a->option_scores[g->open];
        cat(buf, len, " The best-ranked option not rejected by a vote is %s "
            "(rank %d, score %.1f; no vote recorded).",
            opt_name(a, (size_t)g->open), s->rank, s->score.mean);
    }
}

void cs_gate_sentence(const cs_appraisal *a, const cs_gate *g, char *buf,
                      size_t len)
{
    cs_vote_result v;
    char alt[4096];

    buf[0] = '\0';
    if (!g->failed)
        return;
    cs_option_vote(a->model, g->top, &v);
    cs_gate_alternative(a, g, alt, sizeof alt);
    cat(buf, len, "%s ranks first (score %.1f) but FAILED ITS VOTE: %.0f%% "
        "of the voting list for, %.0f%% needed. %s", opt_name(a, g->top),
        a->option_scores[g->top].score.mean, 100 * v.support,
        100 * a->model->analysis.vote_pass, alt);
}

/* ---- the lead of the first over the runner-up --------------------------- */

/* The leader t's contribution less the runner-up r's, criterion j. */
static double lead_diff(const cs_decision *d, size_t t, size_t r, size_t j)
{
    return d->contrib[t * d->n_crit + j] - d->contrib[r * d->n_crit + j];
}

/* Appends the criteria whose difference has sign `sign` (+1: the leader
 * gains), largest first (ties in criterion order); returns how many. No
 * allocation, so the sentence cannot be lost to a full memory: each pass
 * takes the largest difference after the previous one in that order. */
static size_t named_diffs(const cs_appraisal *a, size_t t, size_t r,
                          int sign, char *buf, size_t len)
{
    const cs_decision *d = a->decision;
    size_t nc = d->n_crit, named = 0, prev = nc;
    double prev_v = 0;

    for (;;) {
        size_t at = nc;
        double best = 0;
        for (size_t j = 0; j < nc; j++) {
            double v = sign * lead_diff(d, t, r, j);
            int after = prev == nc || v < prev_v || (v == prev_v && j > prev);
            if (after && v >= NAMED_DIFF && (at == nc || v > best)) {
                at = j;
                best = v;
            }
        }
        if (at == nc)
            break;
        cat(buf, len, "%s%.1f points on %s", named ? ", " : "", best,
            crit_label(a, at));
        named++;
        prev = at;
        prev_v = best;
    }
    return named;
}

void cs_contrib_lead(const cs_appraisal *a, char *buf, size_t len)
{
    size_t t, r, nc = a->decision->n_crit;
    size_t gains, losses;

    buf[0] = '\0';
    if (a->model->n_options < 2)
        return;
    t = cs_option_at_rank(a, 1);
    r = cs_option_at_rank(a, 2);
    /* two decimals, so the difference matches the scores shown here */
    cat(buf, len, "%s scores %.2f points above %s (%.2f against %.2f).",
        opt_name(a, t), a->option_scores[t].score.mean -
        a->option_scores[r].score.mean, opt_name(a, r),
        a->option_scores[t].score.mean, a->option_scores[r].score.mean);
    cat(buf, len, " It gains ");
    gains = named_diffs(a, t, r, 1, buf, len);
    if (!gains)
        cat(buf, len, "on no criterion");
    cat(buf, len, "; it loses ");
    losses = named_diffs(a, t, r, -1, buf, len);
    if (!losses)
        cat(buf, len, "on no criterion");
    cat(buf, len, gains + losses < nc ? ". The other criteria differ by "
        "less than %.2f points." : ".", NAMED_DIFF);
}

/* ---- text, Markdown and CSV --------------------------------------------- */

void cs_contrib_text(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    size_t nc = d->n_crit;
    char lead[2048];

    fprintf(fp, "\nContributions (points of the overall score: normalised "
            "weight x mean value x 100; a row adds up to the option's "
            "score)\n  %-40s", "option");
    for (size_t j = 0; j < nc; j++)
        fprintf(fp, " %10.10s", crit_label(a, j));
    fprintf(fp, "  %7s\n", "score");
    for (int r = 1; r <= (int)d->n_opt; r++) {
        size_t o = cs_option_at_rank(a, r);
        char cell[CS_TEXT_NAME_WIDTH + 1];
        fprintf(fp, "  %-40s", cs_text_option_cell(cell, CS_TEXT_NAME_WIDTH,
                opt_name(a, o), a->model->options[o].view.id));
        for (size_t j = 0; j < nc; j++)
            fprintf(fp, " %10.1f", d->contrib[o * nc + j]);
        fprintf(fp, "  %7.1f\n", a->option_scores[o].score.mean);
    }
    cs_contrib_lead(a, lead, sizeof lead);
    if (lead[0])
        fprintf(fp, "  %s\n", lead);
}


void cs_contrib_md(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    size_t nc = d->n_crit;
    char lead[2048];

    fputs("\nContributions: the points each criterion adds to the overall "
          "score (normalised weight × mean value × 100); a row adds up to "
          "the option's score.\n\n| option |", fp);
    for (size_t j = 0; j < nc; j++) {
        fputc(' ', fp);
        cs_md_text(fp, crit_label(a, j));
        fputs(" |", fp);
    }
    fputs(" score |\n|---|", fp);
    for (size_t j = 0; j <= nc; j++)
        fputs("---:|", fp);
    fputc('\n', fp);
    for (int r = 1; r <= (int)d->n_opt; r++) {
        size_t o = cs_option_at_rank(a, r);
        fputs("| ", fp);
        cs_md_text(fp, opt_name(a, o));
        fputs(" |", fp);
        for (size_t j = 0; j < nc; j++)
            fprintf(fp, " %.1f |", d->contrib[o * nc + j]);
        fprintf(fp, " %.1f |\n", a->option_scores[o].score.mean);
    }
    cs_contrib_lead(a, lead, sizeof lead);
    if (lead[0]) {
        fputc('\n', fp);
        cs_md_text(fp, lead);
        fputc('\n', fp);
    }
}

void cs_contrib_csv(const cs_appraisal *a, size_t o, FILE *fp)
{
    const cs_decision *d = a->decision;

    for (size_t j = 0; j < d->n_crit; j++) {
        cs_csv_field(fp, a->model->options[o].view.id);
        fputc(',', fp);
        cs_csv_field(fp, opt_name(a, o));
        fputc(',', fp);
        cs_csv_field(fp, crit_label(a, j));
        fprintf(fp, ",contribution,points,higher,%.10g,,,,",
                d->contrib[o * d->n_crit + j]);
        /* the appended columns: weight, value, contribution */
        fprintf(fp, ",%.10g,%.10g,%.10g\r\n", d->weights[j],
                d->mean_value[o * d->n_crit + j],
                d->contrib[o * d->n_crit + j]);
    }
}

void cs_recommend_sentence(const cs_appraisal *a, char *buf, size_t len)
{
    const cs_option_score *s;
    size_t top, second;
    cs_gate g;

    buf[0] = '\0';
    if (a->model->n_options == 0)
        return;
    cs_gate_find(a, &g);
    if (g.failed) {
        cs_gate_sentence(a, &g, buf, len);
        return;
    }
    top = g.top;
    s = &a->option_scores[top];
    cat(buf, len, "%s ranks first, with an overall score of %.1f out of 100 "
        "(90%% interval %.1f to %.1f), and scores highest in %.0f%% of the "
        "%zu draws.", opt_name(a, top), s->score.mean, s->score.p05,
        s->score.p95, 100 * s->p_best, a->n_draws);
    if (a->model->n_options < 2)
        return;
    second = cs_option_at_rank(a, 2);
    s = &a->option_scores[second];
    cat(buf, len, " The runner-up, %s, scores %.1f.", opt_name(a, second),
        s->score.mean);
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *option_ref(const cs_appraisal *a, int o)
{
    json_t *j;

    if (o < 0)
        return json_null();
    j = json_object();
    cs_json_put(j, "id", json_string(a->model->options[o].view.id));
    cs_json_put(j, "rank", json_integer(a->option_scores[o].rank));
    cs_json_put(j, "score", json_real(a->option_scores[o].score.mean));
    return j;
}

json_t *cs_json_recommendation(const cs_appraisal *a)
{
    json_t *j = json_object();
    cs_vote_result v;
    cs_gate g;
    char alt[4096] = "";

    cs_gate_find(a, &g);
    cs_option_vote(a->model, g.top, &v);
    cs_json_put(j, "ranked_first", option_ref(a, (int)g.top));
    cs_json_put(j, "vote", json_string(!v.recorded ? "none" : v.failed
                                       ? "failed" : "passed"));
    cs_json_put(j, "failed_vote", json_boolean(g.failed));
    cs_json_put(j, "best_passed", option_ref(a, g.passed));
    cs_json_put(j, "best_not_rejected", option_ref(a, g.open));
    if (g.failed)
        cs_gate_alternative(a, &g, alt, sizeof alt);
    cs_json_put(j, "text", json_string(alt));
    return j;
}

json_t *cs_json_contributions(const cs_appraisal *a)
{
    const cs_decision *d = a->decision;
    json_t *rows = json_array();

    for (size_t o = 0; o < d->n_opt; o++)
        cs_json_push(rows, cs_json_nums(&d->contrib[o * d->n_crit],
                                        d->n_crit));
    return rows;
}
