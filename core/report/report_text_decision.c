/* report_text_decision.c -- the decision engine's results in the text,
 * Markdown and CSV reports. */
#include "report_decision.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mcda/mcda.h"

static const char *opt_name(const cs_appraisal *a, size_t o)
{
    return a->model->options[o].view.name;
}

/* The option's name fitted to the 40-byte column, cut with a marker. */
static const char *opt_cell(const cs_appraisal *a, size_t o,
                            char cell[CS_TEXT_NAME_WIDTH + 1])
{
    return cs_text_option_cell(cell, CS_TEXT_NAME_WIDTH, opt_name(a, o),
                               a->model->options[o].view.id);
}

static const char *crit_label(const cs_appraisal *a, size_t j)
{
    return a->crits[a->decision->crit[j]].spec->label;
}

static const char *sampling_words(const cs_decision *d)
{
    static const char *const how[] = {"sampled exactly",
                                      "sampled by rejection",
                                      "sampled by hit-and-run"};

    return how[d->smaa_info.method];
}

static const char *preference_words(const cs_decision *d)
{
    if (!d->smaa_preferences)
        return "no preference information (every weight vector on the "
               "simplex)";
    return d->method == CS_WEIGHTS_ORDINAL ? "the ranking of the criteria"
                                           : "the weight bounds";
}

/* ---- text -------------------------------------------------------------- */

static void text_ranks(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    size_t n = d->n_opt;
    char cell[CS_TEXT_NAME_WIDTH + 1];

    fprintf(fp, "\nRank probabilities (share of the %zu joint draws; Monte "
            "Carlo standard error of P(rank 1) in brackets)\n  %-40s",
            d->ranks->n, "option");
    for (size_t r = 0; r < n; r++)
        fprintf(fp, " %6s%-2zu", "rank ", r + 1);
    fprintf(fp, "  E[rank]\n");
    for (size_t o = 0; o < n; o++) {
        fprintf(fp, "  %-40s", opt_cell(a, o, cell));
        for (size_t r = 0; r < n; r++)
            fprintf(fp, " %8.3f", d->ranks->rank_p[o * n + r]);
        fprintf(fp, "  %7.2f  (%.3f)\n", d->ranks->expected_rank[o],
                d->ranks->rank_se[o * n]);
    }
    fprintf(fp, "\nPairwise: P(the row option scores above the column "
            "option)\n  %-40s", "");
    for (size_t b = 0; b < n; b++)
        fprintf(fp, " %10.10s", a->model->options[b].view.id);
    fputc('\n', fp);
    for (size_t o = 0; o < n; o++) {
        fprintf(fp, "  %-40s", opt_cell(a, o, cell));
        for (size_t b = 0; b < n; b++)
            if (b == o)
                fprintf(fp, " %10s", "-");
            else
                fprintf(fp, " %10.3f", d->ranks->beats[o * n + b]);
        fputc('\n', fp);
    }
}

static void text_smaa(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    const cs_smaa *s = d->smaa;
    size_t n = d->n_opt, nc = d->n_crit;
    char cell[CS_TEXT_NAME_WIDTH + 1];

    fprintf(fp, "\nSMAA-2: %zu weight vectors, %s, %s\n  %-40s", s->n_iter,
            sampling_words(d), preference_words(d), "option");
    for (size_t r = 0; r < n; r++)
        fprintf(fp, "     b%-2zu", r + 1);
    fprintf(fp, "  confidence\n");
    for (size_t o = 0; o < n; o++) {
        fprintf(fp, "  %-40s", opt_cell(a, o, cell));
        for (size_t r = 0; r < n; r++)
            fprintf(fp, " %7.3f", s->ra[o * n + r]);
        if (isnan(s->cf[o]))
            fprintf(fp, "  never first\n");
        else
            fprintf(fp, "  %.3f (%.3f)\n", s->cf[o], s->cf_se[o]);
    }
    fprintf(fp, "  central weights (the typical weights that make each "
            "option first):\n  %-40s", "");
    for (size_t c = 0; c < nc; c++)
        fprintf(fp, " %10.10s", crit_label(a, c));
    fputc('\n', fp);
    for (size_t o = 0; o < n; o++) {
        if (isnan(s->cw[o * nc]))
            continue;
        fprintf(fp, "  %-40s", opt_cell(a, o, cell));
        for (size_t c = 0; c < nc; c++)
            fprintf(fp, " %10.3f", s->cw[o * nc + c]);
        fputc('\n', fp);
    }
    fprintf(fp, "  ranking entropy: %.3f bits\n", s->entropy);
}

static void text_stability(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;

    fprintf(fp, "\nWeight stability: the range of each weight (the others "
            "keeping their ratios) over which '%s' stays first\n",
            opt_name(a, (size_t)d->best));
    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_stability *st = &d->stability[j];
        fprintf(fp, "  %-24.24s weight %5.1f%%  ", crit_label(a, j),
                100.0 * st->weight);
        if (isnan(st->lo))
            fprintf(fp, "(holds all the weight)\n");
        else
            fprintf(fp, "stays first from %5.1f%% to %5.1f%%\n",
                    100.0 * st->lo, 100.0 * st->hi);
    }
}

static void text_tornado(const cs_appraisal *a, FILE *fp)
{
    const cs_tornado *t = a->decision->tornado;

    if (!t || !t->n_rows) {
        fprintf(fp, "\nTornado: no parameter is uncertain\n");
        return;
    }
    fprintf(fp, "\nTornado: each uncertain parameter at its p10 and p90, the "
            "others at their centre (largest swing in an option's expected "
            "score first)\n");
    for (size_t r = 0; r < t->n_rows; r++) {
        const cs_tornado_row *row = &t->rows[r];
        fprintf(fp, "  %-28.28s p10 %.4g, p90 %.4g %s: swing %.2f "
                "points%s\n", row->param, row->p10, row->p90, row->unit,
                row->swing, row->best_p10 != t->best_base ||
                row->best_p90 != t->best_base ? "; changes the best option"
                                               : "");
    }
}

void cs_text_decision(const cs_appraisal *a, FILE *fp)
{
    const cs_changes *ch = a->decision->changes;

    text_ranks(a, fp);
    text_smaa(a, fp);
    text_stability(a, fp);
    text_tornado(a, fp);
    fprintf(fp, "\nWhat would change the answer\n  %s\n",
            ch && ch->summary ? ch->summary : "");
    for (size_t i = 0; ch && i < ch->n; i++)
        fprintf(fp, "  - %s\n", ch->items[i].text);
}

/* ---- Markdown ---------------------------------------------------------- */


static void md_header(FILE *fp, const char *first, size_t n,
                      const char *const *cols)
{
    fprintf(fp, "\n| %s |", first);
    for (size_t i = 0; i < n; i++) {
        fputc(' ', fp);
        cs_md_text(fp, cols[i]);
        fputs(" |", fp);
    }
    fputs("\n|---|", fp);
    for (size_t i = 0; i < n; i++)
        fputs("---:|", fp);
    fputc('\n', fp);
}

/* Room for n + 1 column heads of 32 characters and n_ptr pointers, on
 * the heap (the number of options has no stated bound); NULL when out of
 * memory, after saying so in the report. */
static char (*md_heads(FILE *fp, size_t n, size_t n_ptr, const char ***ptr))[32]
{
    char (*heads)[32] = malloc((n + 1) * sizeof *heads
                               + n_ptr * sizeof **ptr);

    if (!heads) {
        fputs("\n(out of memory: this table is left out)\n", fp);
        return NULL;
    }
    *ptr = (const char **)(void *)(heads + n + 1);
    return heads;
}

static void md_ranks(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    size_t n = d->n_opt;
    const char **ids, **hp;
    char (*heads)[32] = md_heads(fp, n, 2 * n + 3, &ids);

    if (!heads)
        return;
    hp = ids + n + 1;
    for (size_t i = 0; i < n + 2; i++)
        hp[i] = ids[i < n + 1 ? i : n] = "";
    for (size_t r = 0; r < n; r++) {
        snprintf(heads[r], sizeof heads[r], "P(rank %zu)", r + 1);
        hp[r] = heads[r];
        ids[r] = a->model->options[r].view.id;
    }
    hp[n] = "E[rank]";
    fputs("\n## Rank probabilities\n", fp);
    md_header(fp, "option", n + 1, hp);
    for (size_t o = 0; o < n; o++) {
        fputs("| ", fp);
        cs_md_text(fp, opt_name(a, o));
        fputs(" |", fp);
        for (size_t r = 0; r < n; r++)
            fprintf(fp, " %.3f |", d->ranks->rank_p[o * n + r]);
        fprintf(fp, " %.2f |\n", d->ranks->expected_rank[o]);
    }
    fputs("\nP(the row option scores above the column option):\n", fp);
    md_header(fp, "option", n, ids);
    for (size_t o = 0; o < n; o++) {
        fputs("| ", fp);
        cs_md_text(fp, opt_name(a, o));
        fputs(" |", fp);
        for (size_t b = 0; b < n; b++)
            fprintf(fp, b == o ? " – |" : " %.3f |", d->ranks->beats[o * n + b]);
        fputc('\n', fp);
    }
    free(heads);
}

static void md_smaa(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    const cs_smaa *s = d->smaa;
    size_t n = d->n_opt, nc = d->n_crit;
    const char **hp;
    char (*heads)[32] = md_heads(fp, n, n + nc + 2, &hp);

    if (!heads)
        return;
    for (size_t i = 0; i < n + nc + 2; i++)
        hp[i] = "";
    for (size_t r = 0; r < n; r++) {
        snprintf(heads[r], sizeof heads[r], "b%zu", r + 1);
        hp[r] = heads[r];
    }
    hp[n] = "confidence factor";
    for (size_t c = 0; c < nc; c++)
        hp[n + 1 + c] = crit_label(a, c);
    fprintf(fp, "\n## SMAA-2\n\n%zu weight vectors, %s, %s. b1, b2, ... are "
            "rank acceptabilities; then the confidence factor and the "
            "central weights.\n", s->n_iter, sampling_words(d),
            preference_words(d));
    md_header(fp, "option", n + 1 + nc, hp);
    for (size_t o = 0; o < n; o++) {
        fputs("| ", fp);
        cs_md_text(fp, opt_name(a, o));
        fputs(" |", fp);
        for (size_t r = 0; r < n; r++)
            fprintf(fp, " %.3f |", s->ra[o * n + r]);
        fprintf(fp, isnan(s->cf[o]) ? " never first |" : " %.3f |", s->cf[o]);
        for (size_t c = 0; c < nc; c++)
            fprintf(fp, isnan(s->cw[o * nc]) ? " – |" : " %.3f |",
                    s->cw[o * nc + c]);
        fputc('\n', fp);
    }
    free(heads);
}

static void md_sensitivity(const cs_appraisal *a, FILE *fp)
{
    const cs_decision *d = a->decision;
    const cs_tornado *t = d->tornado;
    const cs_changes *ch = d->changes;

    fputs("\n## Weight stability\n\n| criterion | weight | first from | "
          "to |\n|---|---:|---:|---:|\n", fp);
    for (size_t j = 0; j < d->n_crit; j++) {
        const cs_stability *st = &d->stability[j];
        fputs("| ", fp);
        cs_md_text(fp, crit_label(a, j));
        fprintf(fp, isnan(st->lo) ? " | %.1f%% | – | – |\n"
                : " | %.1f%% | %.1f%% | %.1f%% |\n", 100.0 * st->weight,
                100.0 * st->lo, 100.0 * st->hi);
    }
    if (t && t->n_rows) {
        fputs("\n## Tornado\n\n| parameter | p10 | p90 | unit | swing |\n"
              "|---|---:|---:|---|---:|\n", fp);
        for (size_t r = 0; r < t->n_rows; r++) {
            fputs("| ", fp);
            cs_md_text(fp, t->rows[r].param);
            fprintf(fp, " | %.4g | %.4g | ", t->rows[r].p10, t->rows[r].p90);
            cs_md_text(fp, t->rows[r].unit);
            fprintf(fp, " | %.2f |\n", t->rows[r].swing);
        }
    }
    fputs("\n## What would change the answer\n\n", fp);
    cs_md_text(fp, ch && ch->summary ? ch->summary : "");
    fputc('\n', fp);
    for (size_t i = 0; ch && i < ch->n; i++) {
        fputs(i ? "- " : "\n- ", fp);
        cs_md_text(fp, ch->items[i].text);
        fputc('\n', fp);
    }
}

void cs_md_decision(const cs_appraisal *a, FILE *fp)
{
    md_ranks(a, fp);
    md_smaa(a, fp);
    md_sensitivity(a, fp);
}

/* ---- CSV --------------------------------------------------------------- */

/* One row: value in `mean`, its standard error (NaN: none) in `sd`. */
static void csv_row(FILE *fp, const cs_appraisal *a, size_t o,
                    const char *crit, const char *metric, const char *unit,
                    const char *dir, double value, double se)
{
    cs_csv_field(fp, a->model->options[o].view.id);
    fputc(',', fp);
    cs_csv_field(fp, opt_name(a, o));
    fputc(',', fp);
    cs_csv_field(fp, crit);
    fputc(',', fp);
    cs_csv_field(fp, metric);
    fprintf(fp, ",%s,%s,", unit, dir);
    if (isfinite(value))
        fprintf(fp, "%.10g", value);
    fputc(',', fp);
    if (isfinite(se))
        fprintf(fp, "%.10g", se);
    fputs(",,,,,,\r\n", fp);    /* p05..p95, weight, value, contribution */
}

void cs_csv_decision(const cs_appraisal *a, size_t o, FILE *fp)
{
    const cs_decision *d = a->decision;
    const cs_smaa *s = d->smaa;
    size_t n = d->n_opt, nc = d->n_crit;
    char m[160];

    for (size_t r = 0; r < n; r++) {
        snprintf(m, sizeof m, "p_rank_%zu", r + 1);
        csv_row(fp, a, o, "decision", m, "probability", r ? "neutral"
                : "higher", d->ranks->rank_p[o * n + r],
                d->ranks->rank_se[o * n + r]);
    }
    csv_row(fp, a, o, "decision", "expected_rank", "rank", "lower",
            d->ranks->expected_rank[o], NAN);
    for (size_t b = 0; b < n; b++) {
        if (b == o)
            continue;
        snprintf(m, sizeof m, "p_beats:%s", a->model->options[b].view.id);
        csv_row(fp, a, o, "decision", m, "probability", "higher",
                d->ranks->beats[o * n + b], d->ranks->beats_se[o * n + b]);
    }
    for (size_t r = 0; r < n; r++) {
        snprintf(m, sizeof m, "rank_acceptability_%zu", r + 1);
        csv_row(fp, a, o, "smaa", m, "probability", r ? "neutral" : "higher",
                s->ra[o * n + r], s->ra_se[o * n + r]);
    }
    for (size_t c = 0; c < nc; c++) {
        snprintf(m, sizeof m, "central_weight:%s", crit_label(a, c));
        csv_row(fp, a, o, "smaa", m, "fraction", "neutral", s->cw[o * nc + c],
                s->cw_se[o * nc + c]);
    }
    csv_row(fp, a, o, "smaa", "confidence_factor", "probability", "higher",
            s->cf[o], s->cf_se[o]);
    for (size_t r = 0; d->tornado && r < d->tornado->n_rows; r++) {
        const cs_tornado_row *row = &d->tornado->rows[r];
        snprintf(m, sizeof m, "expected_score_at_p10:%s", row->param);
        csv_row(fp, a, o, "sensitivity", m, "points", "higher",
                row->at_p10[o], NAN);
        snprintf(m, sizeof m, "expected_score_at_p90:%s", row->param);
        csv_row(fp, a, o, "sensitivity", m, "points", "higher",
                row->at_p90[o], NAN);
    }
    for (size_t j = 0; (int)o == d->best && j < nc; j++) {
        csv_row(fp, a, o, crit_label(a, j), "weight", "fraction", "neutral",
                d->stability[j].weight, NAN);
        csv_row(fp, a, o, crit_label(a, j), "stays_first_from_weight",
                "fraction", "neutral", d->stability[j].lo, NAN);
        csv_row(fp, a, o, crit_label(a, j), "stays_first_to_weight",
                "fraction", "neutral", d->stability[j].hi, NAN);
    }
}
