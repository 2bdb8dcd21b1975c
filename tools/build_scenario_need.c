/* build_scenario_need.c -- need per practice from the national allocation
 * formula's weighted populations (NHS England, 2024/25: the practice file
 * of the ICB place-based allocation tool), for --need FILE.
 *
 * A practice's need is its 2014/15 registered list times the formula's
 * relative need per head, Final WP / pop 2022/23, of the same practice
 * code: the formula's measure of need for CCG-commissioned services, on
 * the list the rest of the scenario uses. Practices of 2014/15 that closed
 * or merged are not in the file; each takes the need per head of its own
 * CCG's matched practices (their Final WP / pop weighted by their 2014/15
 * lists), or, when none of its CCG matched, that of every matched
 * selected practice. */
#include "build_scenario.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N_CODE, N_POP, N_FINAL, N_HI, N_COLS };

typedef struct need_row {
    const char *code;
    size_t record;
} need_row;

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const need_row *)a)->code, ((const need_row *)b)->code);
}

/* A positive number from field `col` of record `rec`; -1 with an error. */
static int need_number(const bs_table *t, size_t rec, int col, double *out,
                       cs_diag *diag)
{
    const bs_record *r = &t->records[rec];
    const char *s = r->fields[col];
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || errno || !isfinite(*out) || *out < 0)
        return cs_diag_error(diag, (cs_pos){t->path, r->lines[col],
                             r->cols[col]}, "'%s' in column '%s' is not a "
                             "number of 0 or more; correct the need file",
                             s, t->records[0].fields[col]);
    return 0;
}

static int need_columns(const bs_table *t, int col[N_COLS], cs_diag *diag)
{
    static const char *const names[N_COLS] = {"Practice_Code", "pop 2022/23",
                                              "Final WP", "Health Ineq WP"};
    int bad = 0;

    for (int k = 0; k < N_COLS; k++)
        if ((col[k] = bs_table_column(t, names[k])) < 0)
            bad = cs_diag_error(diag, (cs_pos){t->path, 1, 1}, "the need "
                                "file has no column '%s'; give NHS "
                                "England's practice file of the allocation "
                                "formula's weighted populations", names[k]);
    return bad ? -1 : 0;
}

/* Finds each selected practice in the sorted rows and sets its need per
 * head (need and hi_need still per head) or leaves NaN. */
static int need_match(bs_build *b, const bs_table *t, const int col[N_COLS],
                      const need_row *rows, size_t n, cs_diag *diag)
{
    int bad = 0;

    for (size_t i = 0; i < b->n_practices; i++) {
        bs_practice *p = &b->practices[i];
        need_row key = {p->code, 0};
        const need_row *hit = bsearch(&key, rows, n, sizeof *rows, cmp_row);
        double pop, fin, hi;

        if (hit == NULL)
            continue;
        if (need_number(t, hit->record, col[N_POP], &pop, diag)
            | need_number(t, hit->record, col[N_FINAL], &fin, diag)
            | need_number(t, hit->record, col[N_HI], &hi, diag)) {
            bad = -1;
            continue;
        }
        if (pop > 0) {
            p->need = fin / pop;
            p->hi_need = hi / pop;
        }
    }
    return bad;
}

/* Need per head of the matched practices of CCG `ccg` (NULL: all): the
 * mean of their Final WP / pop weighted by their 2014/15 lists, so that
 * the CCG's need per head is unchanged by the imputation. */
static void need_mean(const bs_build *b, int ccg_col, const char *ccg,
                      double *need, double *hi)
{
    double w = 0, sn = 0, sh = 0;

    for (size_t i = 0; i < b->n_practices; i++) {
        const bs_practice *p = &b->practices[i];
        if (isnan(p->need) || p->need_imputed || (ccg != NULL && strcmp(
                b->table->records[p->record].fields[ccg_col], ccg)))
            continue;
        w += p->registered;
        sn += p->registered * p->need;
        sh += p->registered * p->hi_need;
    }
    *need = w > 0 ? sn / w : NAN;
    *hi = w > 0 ? sh / w : NAN;
}

/* Imputes the unmatched, then turns need per head into need. */
static int need_impute(bs_build *b, const char *path, cs_diag *diag)
{
    int ccg_col = bs_table_column(b->table, "ccg_code");
    double all_n, all_h;

    need_mean(b, ccg_col, NULL, &all_n, &all_h);
    if (isnan(all_n))
        return cs_diag_error(diag, (cs_pos){path, 0, 0}, "none of the %zu "
                             "selected practices is in the need file; check "
                             "it is NHS England's practice file",
                             b->n_practices);
    for (size_t i = 0; i < b->n_practices; i++) {
        bs_practice *p = &b->practices[i];
        double n = NAN, h = NAN;
        if (!isnan(p->need))
            continue;
        if (ccg_col >= 0)
            need_mean(b, ccg_col,
                      b->table->records[p->record].fields[ccg_col], &n, &h);
        p->need = isnan(n) ? all_n : n;
        p->hi_need = isnan(n) ? all_h : h;
        p->need_imputed = 1;
        b->n_need_imputed++;
    }
    for (size_t i = 0; i < b->n_practices; i++) {
        b->practices[i].need *= b->practices[i].registered;
        b->practices[i].hi_need *= b->practices[i].registered;
    }
    return 0;
}

int bs_read_need(bs_build *b, const char *path, cs_diag *diag)
{
    bs_table *t = bs_csv_read(path, diag);
    need_row *rows;
    int col[N_COLS], rc;
    size_t n = 0;

    if (t == NULL)
        return -1;
    if (need_columns(t, col, diag) < 0) {
        bs_table_free(t);
        return -1;
    }
    rows = malloc((t->n_records ? t->n_records : 1) * sizeof *rows);
    if (rows == NULL) {
        bs_table_free(t);
        return cs_diag_error(diag, (cs_pos){path, 0, 0}, "out of memory");
    }
    for (size_t r = 1; r < t->n_records; r++)
        rows[n++] = (need_row){t->records[r].fields[col[N_CODE]], r};
    qsort(rows, n, sizeof *rows, cmp_row);
    for (size_t r = 1; r < n; r++)
        if (!strcmp(rows[r].code, rows[r - 1].code)) {
            const bs_record *rec = &t->records[rows[r].record];
            cs_diag_error(diag, (cs_pos){path, rec->lines[col[N_CODE]],
                          rec->cols[col[N_CODE]]}, "practice '%s' appears "
                          "twice in the need file; keep one row",
                          rows[r].code);
            n = 0;
        }
    rc = n == 0 && t->n_records > 1 ? -1
       : need_match(b, t, col, rows, n, diag);
    if (rc == 0)
        rc = need_impute(b, path, diag);
    free(rows);
    bs_table_free(t);
    return rc;
}
