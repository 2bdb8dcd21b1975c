/* build_scenario_rules.c -- from CSV rows to selected practices, and the
 * three ways of assigning them to localities: postcode-district rules, a
 * column of the CSV, or a practice -> locality table. */
#include "build_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void bs_build_clear(bs_build *b)
{
    for (size_t i = 0; i < b->n_localities; i++) {
        free(b->localities[i].id);
        free(b->localities[i].name);
    }
    for (size_t i = 0; i < b->n_rules; i++) {
        for (size_t j = 0; j < b->rules[i].n_terms; j++)
            free(b->rules[i].terms[j]);
        free(b->rules[i].terms);
        free(b->rules[i].scope);
    }
    free(b->localities);
    free(b->rules);
    free(b->practices);
    free(b->unmatched_to);
    free(b->adjacent);
    bs_table_free(b->table);
    memset(b, 0, sizeof *b);
}

int bs_postcode_district(const char *postcode, char out[8])
{
    char s[16];
    size_t n = 0;

    for (const char *p = postcode; *p; p++) {
        if (*p == ' ')
            continue;
        if (n + 1 >= sizeof s || !isalnum((unsigned char)*p))
            return -1;
        s[n++] = (char)toupper((unsigned char)*p);
    }
    /* The inward code is a digit and two letters; the outward code before
     * it is one or two letters, a digit and an optional digit or letter. */
    if (n < 5 || n > 7 || !isdigit((unsigned char)s[n - 3])
        || !isalpha((unsigned char)s[n - 2]) || !isalpha((unsigned char)s[n - 1])
        || !isalpha((unsigned char)s[0]))
        return -1;
    memcpy(out, s, n - 3);
    out[n - 3] = '\0';
    return 0;
}

int bs_find_locality(const bs_build *b, const char *id)
{
    for (size_t i = 0; i < b->n_localities; i++)
        if (!strcmp(b->localities[i].id, id))
            return (int)i;
    return -1;
}

/* A field as a number: 0, or -1 with an error (blank -- or "NA", which the
 * national file has for five practices' GP FTE -- gives NaN when
 * `blank_ok`, an error otherwise; `positive` demands > 0). */
static int field_number(const bs_table *t, size_t rec, int col, int blank_ok,
                        int positive, double *out, cs_diag *diag)
{
    const bs_record *r = &t->records[rec];
    const char *s = r->fields[col], *name = t->records[0].fields[col];
    cs_pos p = {t->path, r->lines[col], r->cols[col]};
    char *end;

    if (*s == '\0' || (blank_ok && !strcmp(s, "NA"))) {
        *out = NAN;
        return blank_ok ? 0 : cs_diag_error(diag, p, "'%s' is blank; every "
                                            "practice needs a number there",
                                            name);
    }
    errno = 0;
    *out = strtod(s, &end);
    if (*end != '\0' || errno || !isfinite(*out))
        return cs_diag_error(diag, p, "'%s' in column '%s' is not a number; "
                             "write a plain number such as 5707", s, name);
    if (positive ? *out <= 0 : *out < 0)
        return cs_diag_error(diag, p, "'%s' in column '%s' must be %s", s,
                             name, positive ? "above zero" : "zero or more");
    return 0;
}

/* The columns bs_select reads. */
enum { C_CODE, C_NAME, C_POSTCODE, C_CCG, C_ICB, C_REG, C_WEIGHTED, C_IMD,
       C_FTE, C_HEADCOUNT, N_COLS };

static int find_columns(const bs_build *b, int col[N_COLS], cs_diag *diag)
{
    const char *names[N_COLS] = {
        "practice_code", "practice_name", "postcode", "ccg_code", "icb_code",
        "registered_patients", "weighted_patients",
        b->imd_column ? b->imd_column : "imd_2010",
        b->fte_column ? b->fte_column : "gp_fte_2016", "gp_headcount_2016"
    };
    int bad = 0;

    for (int i = 0; i < N_COLS; i++) {
        col[i] = bs_table_column(b->table, names[i]);
        if (col[i] < 0 && i < C_IMD)
            bad = cs_diag_error(diag, (cs_pos){b->table->path, 1, 1},
                                "no column '%s'; the practice CSV needs the "
                                "columns of england-practices-2014-15.csv",
                                names[i]);
        else if (col[i] < 0 && (i == C_IMD ? b->imd_column : b->fte_column))
            bad = cs_diag_error(diag, (cs_pos){b->table->path, 1, 1},
                                "no column '%s' (named on the command line); "
                                "check its spelling", names[i]);
    }
    return bad;
}

/* The codes a selection asks for: CCG codes, then ICB codes. */
typedef struct wanted {
    const char *const *codes;
    size_t n_ccg, n_icb;
    char *hit;
} wanted;

static int code_wanted(const bs_record *r, const int col[N_COLS], wanted *w)
{
    if (w->n_ccg + w->n_icb == 0)
        return 1;
    for (size_t i = 0; i < w->n_ccg + w->n_icb; i++)
        if (!strcmp(r->fields[col[i < w->n_ccg ? C_CCG : C_ICB]],
                    w->codes[i]))
            return w->hit[i] = 1;
    return 0;
}

/* Fills practice `p` from record `rec`; 0 or -1 with errors. */
static int read_practice(const bs_build *b, size_t rec, const int col[N_COLS],
                         bs_practice *p, cs_diag *diag)
{
    const bs_table *t = b->table;
    const bs_record *r = &t->records[rec];
    int bad = 0;

    memset(p, 0, sizeof *p);
    p->record = rec;
    p->code = r->fields[col[C_CODE]];
    p->name = r->fields[col[C_NAME]];
    p->postcode = r->fields[col[C_POSTCODE]];
    p->locality = -1;
    p->imd = p->gp_fte = p->need = p->hi_need = NAN;
    if (*p->code == '\0')
        bad = cs_diag_error(diag, (cs_pos){t->path, r->lines[col[C_CODE]],
                            r->cols[col[C_CODE]]}, "the practice code is "
                            "blank; every practice needs its ODS code");
    if (bs_postcode_district(p->postcode, p->district) < 0)
        p->district[0] = '\0';  /* only district rules need it */
    bad |= field_number(t, rec, col[C_REG], 0, 1, &p->registered, diag);
    bad |= field_number(t, rec, col[C_WEIGHTED], 0, 1, &p->weighted, diag);
    if (col[C_IMD] >= 0)
        bad |= field_number(t, rec, col[C_IMD], 1, 0, &p->imd, diag);
    if (col[C_FTE] >= 0)
        bad |= field_number(t, rec, col[C_FTE], 1, 0, &p->gp_fte, diag);
    /* No GP at all in September 2016 means no record then (the practice
     * closed or merged after 2014/15), not a practice without doctors. */
    if (p->gp_fte == 0 && col[C_HEADCOUNT] >= 0 && !b->keep_zero_fte
        && strtod(r->fields[col[C_HEADCOUNT]], NULL) == 0)
        p->gp_fte = NAN;
    return bad ? -1 : 0;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const bs_practice *)a)->code,
                  ((const bs_practice *)b)->code);
}

/* Reports practice codes that appear twice among the selection. */
static int check_unique(const bs_build *b, cs_diag *diag)
{
    bs_practice *s = malloc(b->n_practices * sizeof *s + 1);
    int bad = 0;

    if (!s)
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    memcpy(s, b->practices, b->n_practices * sizeof *s);
    qsort(s, b->n_practices, sizeof *s, cmp_code);
    for (size_t i = 1; i < b->n_practices; i++)
        if (!strcmp(s[i].code, s[i - 1].code)) {
            const bs_record *r = &b->table->records[s[i].record];
            bad = cs_diag_error(diag, (cs_pos){b->table->path, r->lines[0], 1},
                                "practice '%s' appears twice; keep one row "
                                "per practice", s[i].code);
        }
    free(s);
    return bad;
}

/* Says which selection codes matched nothing, with a suggestion from the
 * codes the file has in that column. */
static int report_unmatched_codes(const bs_build *b, const int col[N_COLS],
                                  const wanted *w, cs_diag *diag)
{
    const bs_table *t = b->table;
    const char **known = malloc(t->n_records * sizeof *known);
    int bad = 0;

    for (size_t i = 0; i < w->n_ccg + w->n_icb; i++) {
        int c = col[i < w->n_ccg ? C_CCG : C_ICB];
        size_t n_known = 0;
        if (w->hit[i])
            continue;
        for (size_t r = 1; known && r < t->n_records; r++) {
            const char *v = t->records[r].fields[c];
            size_t j = 0;
            while (j < n_known && strcmp(known[j], v))
                j++;
            if (j == n_known)
                known[n_known++] = v;
        }
        const char *best = cs_did_you_mean(w->codes[i], known, n_known);
        bad = cs_diag_error(diag, BS_CMDLINE, "no practice in '%s' has %s "
                            "'%s'; %s%s%s", t->path, i < w->n_ccg ? "ccg_code"
                            : "icb_code", w->codes[i],
                            best ? "did you mean '" : "check the code",
                            best ? best : "", best ? "'?" : "");
    }
    free(known);
    return bad;
}

int bs_select(bs_build *b, const char *const *codes, size_t n_ccg,
              size_t n_icb, cs_diag *diag)
{
    const bs_table *t = b->table;
    int col[N_COLS];
    wanted w = {codes, n_ccg, n_icb, calloc(n_ccg + n_icb + 1, 1)};
    int bad = 0;

    if (!w.hit || find_columns(b, col, diag) < 0) {
        free(w.hit);
        return w.hit ? -1 : cs_diag_error(diag, BS_CMDLINE, "out of memory");
    }
    free(b->practices);
    b->n_practices = 0;
    b->practices = malloc(t->n_records * sizeof *b->practices);
    if (!b->practices) {
        free(w.hit);
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    }
    b->col_imd = col[C_IMD];
    b->col_fte = col[C_FTE];
    for (size_t r = 1; r < t->n_records; r++) {
        if (!code_wanted(&t->records[r], col, &w))
            continue;
        if (read_practice(b, r, col, &b->practices[b->n_practices], diag) < 0)
            bad = -1;
        else
            b->n_practices++;
    }
    bad |= report_unmatched_codes(b, col, &w, diag);
    free(w.hit);
    if (!bad && b->n_practices == 0)
        bad = cs_diag_error(diag, (cs_pos){t->path, 0, 0}, "the file has no "
                            "practices; it needs one row per practice");
    if (!bad)
        bad = check_unique(b, diag);
    return bad ? -1 : 0;
}
