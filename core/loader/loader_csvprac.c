/* loader_csvprac.c -- practices from a CSV file with the columns of the
 * national practice file (practice_code, practice_name,
 * registered_patients, weighted_patients, imd_2010, gp_fte_2016) plus a
 * locality column and optionally historic_spend and need (the practice's
 * weighted population under the national allocation formula). */
#include "loader_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_CODE, COL_NAME, COL_REGISTERED, COL_WEIGHTED, COL_IMD, COL_FTE,
       COL_SPEND, COL_NEED, COL_LOCALITY, N_COLS };

static int *col_slot(ld_csvprac *r, int which)
{
    int *slots[N_COLS] = {&r->col_code, &r->col_name, &r->col_registered,
                          &r->col_weighted, &r->col_imd, &r->col_fte,
                          &r->col_spend, &r->col_need, &r->col_locality};
    return slots[which];
}

static cs_pos field_pos(const ld_csvprac *r, const ld_csv_field *f)
{
    cs_pos p = {r->path, f->line, f->col};
    return p;
}

/* Reads `file` and `locality_column` from the practices_csv value. */
static int csv_spec(ld_ctx *c, const ld_node *spec, const ld_node **file,
                    const char **loc_col)
{
    static const char *const keys[] = {"file", "locality_column"};
    const ld_node *v;

    *loc_col = "locality";
    *file = spec;
    if (spec->kind == LD_SCALAR)
        return 0;
    if (ld_check_map(c, spec, "'practices_csv'", keys, 2))
        return -1;
    if (!(*file = ld_need(c, spec, "file", "'practices_csv'")))
        return -1;
    v = ld_get(spec, "locality_column");
    if (v) {
        if (v->kind != LD_SCALAR || ld_is_null(v) || !v->text[0])
            return ld_error(c, v, "'locality_column' must be the name of a "
                            "column of the practice file; write e.g. "
                            "locality_column: ccg_code");
        *loc_col = v->text;
    }
    return 0;
}

/* Finds the columns in the header; reports those missing. */
static int csv_header(ld_ctx *c, ld_csvprac *r)
{
    static const char *const names[N_COLS - 1] = {"practice_code",
        "practice_name", "registered_patients", "weighted_patients",
        "imd_2010", "gp_fte_2016", "historic_spend", "need"};
    size_t n = r->csv.rec_count[0];
    const char **heads = malloc((n ? n : 1) * sizeof *heads);
    int rc = 0;

    if (!heads)
        return ld_error(c, NULL, "out of memory; free some memory");
    for (int k = 0; k < N_COLS; k++)
        *col_slot(r, k) = -1;
    for (size_t j = 0; j < n; j++) {
        const ld_csv_field *f = ld_csv_at(&r->csv, 0, j);
        heads[j] = f->text;
        for (int k = 0; k < N_COLS; k++) {
            const char *want = k == COL_LOCALITY ? r->locality_column
                                                 : names[k];
            if (strcmp(f->text, want))
                continue;
            if (*col_slot(r, k) >= 0)
                rc = cs_diag_error(c->diag, field_pos(r, f), "column '%s' "
                                   "appears twice in the header; rename or "
                                   "remove one", want);
            *col_slot(r, k) = (int)j;
        }
    }
    for (int k = 0; k < N_COLS; k++) {
        const char *want = k == COL_LOCALITY ? r->locality_column : names[k];
        char hint[128];
        cs_pos at = {r->path, 1, 1};
        if (*col_slot(r, k) >= 0 || k == COL_WEIGHTED || k == COL_IMD ||
            k == COL_FTE || k == COL_SPEND || k == COL_NEED)
            continue;
        ld_suggest(c, want, heads, n, hint, sizeof hint);
        rc = cs_diag_error(c->diag, at, "the practice file has no column "
                           "'%s'%s%s", want, hint,
                           k == COL_LOCALITY ? "; name the column that gives "
                           "each practice's locality id with 'locality_column'"
                           " under practices_csv" : hint[0] ? "" :
                           "; add it to the header line");
    }
    free(heads);
    return rc;
}

int ld_csvprac_open(ld_ctx *c, const ld_node *spec, ld_csvprac *r)
{
    const ld_node *file;
    char *path, *real, *data = NULL;
    size_t len, bad;
    int rc;

    memset(r, 0, sizeof *r);
    if (csv_spec(c, spec, &file, &r->locality_column))
        return -1;
    if (file->kind != LD_SCALAR || ld_is_null(file) || !file->text[0] ||
        strlen(file->text) != file->len)
        return ld_error(c, file, "the practice file must be a path; write "
                        "e.g. file: practices.csv");
    if (ld_resolve_file(c, file, "practice file", &path, &real))
        return -1;
    rc = ld_read_file(c->diag, ld_pos(c, file), real, "practice file", 1,
                      &data, &len);
    if (!rc && ld_add_input(c->m, path, data, len))
        rc = ld_error(c, file, "out of memory; free some memory");
    free(path);
    free(real);
    if (rc) {
        free(data);
        return -1;
    }
    r->path = c->m->inputs[c->m->n_inputs - 1].path;
    bad = ld_utf8_check(data, len);
    if (bad < len)
        rc = cs_diag_error(c->diag, ld_text_pos(r->path, data, len, bad),
                           "invalid UTF-8 in the practice file; save it as "
                           "UTF-8 (in Excel: 'CSV UTF-8')");
    else
        rc = ld_csv_parse(&r->csv, r->path, data, len, c->diag);
    free(data);
    if (rc)
        return -1;
    if (!r->csv.n_records) {
        cs_pos at = {r->path, 1, 1};     /* where the header belongs */
        return cs_diag_error(c->diag, at, "the practice file is empty; it "
                             "needs a header line naming practice_code, "
                             "practice_name, registered_patients and %s",
                             r->locality_column);
    }
    if (csv_header(c, r))
        return -1;
    r->n_rows = r->csv.n_records - 1;
    return 0;
}

/* A number field within [lo, hi] (flags: open bounds); blank, NA or N/A
 * is NaN (not known). */
static int csv_number(ld_ctx *c, const ld_csvprac *r, const ld_csv_field *f,
                      const char *col, const char *code, double lo,
                      double hi, unsigned flags, double *out)
{
    const char *s = f->text;
    char buf[64], range[128];
    size_t n;

    *out = NAN;
    while (*s == ' ')
        s++;
    n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (!n || (n == 2 && !strncmp(s, "NA", 2)) ||
        (n == 3 && !strncmp(s, "N/A", 3)))
        return 0;                           /* not known */
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
    }
    if (n >= sizeof buf || ld_parse_double(buf, out) || !isfinite(*out)) {
        *out = NAN;
        return cs_diag_error(c->diag, field_pos(r, f), "%s of practice '%s' "
                             "is '%.40s', not a number; write digits with an "
                             "optional '.', without thousands separators",
                             col, code, f->text);
    }
    if (*out < lo || *out > hi || ((flags & LD_LO_OPEN) && *out == lo)) {
        *out = NAN;
        ld_range_text(lo, hi, flags, range, sizeof range);
        return cs_diag_error(c->diag, field_pos(r, f), "%s of practice '%s' "
                             "must be %s, not %s; correct the value", col,
                             code, range, buf);
    }
    return 0;
}

static const ld_csv_field *row_field(const ld_csvprac *r, size_t rec, int col)
{
    return col < 0 ? NULL : ld_csv_at(&r->csv, rec, (size_t)col);
}

static int row_numbers(ld_ctx *c, const ld_csvprac *r, size_t rec,
                       cs_practice *p, const char *code)
{
    const ld_csv_field *f;
    int rc = 0;

    f = row_field(r, rec, r->col_registered);
    rc |= csv_number(c, r, f, "registered_patients", code, 0,
                     CS_MAX_LIST_SIZE, LD_LO_OPEN, &p->registered);
    if (!rc && isnan(p->registered))
        rc = cs_diag_error(c->diag, field_pos(r, f), "registered_patients of "
                           "practice '%s' is blank; give the list size or "
                           "leave the practice out", code);
    if ((f = row_field(r, rec, r->col_weighted)))
        rc |= csv_number(c, r, f, "weighted_patients", code, 0,
                         CS_MAX_LIST_SIZE, LD_LO_OPEN, &p->weighted);
    if (isnan(p->weighted))
        p->weighted = p->registered;
    if ((f = row_field(r, rec, r->col_imd)))
        rc |= csv_number(c, r, f, "imd_2010", code, 0, 100, 0, &p->imd);
    if ((f = row_field(r, rec, r->col_fte)))
        rc |= csv_number(c, r, f, "gp_fte_2016", code, 0, HUGE_VAL, 0,
                         &p->gp_fte);
    if ((f = row_field(r, rec, r->col_spend)))
        rc |= csv_number(c, r, f, "historic_spend", code, 0, HUGE_VAL, 0,
                         &p->historic_spend);
    if ((f = row_field(r, rec, r->col_need)))
        rc |= csv_number(c, r, f, "need", code, 0, CS_MAX_LIST_SIZE,
                         LD_LO_OPEN, &c->m->practice_need[p - c->m->practices]);
    return rc;
}

static int row_code(ld_ctx *c, const ld_csvprac *r, size_t rec, size_t i)
{
    const ld_csv_field *f = row_field(r, rec, r->col_code);
    cs_practice *p = &c->m->practices[i];
    const cs_pos *first;
    char fix[65];
    int at;

    if (!ld_ident_ok(f->text)) {
        ld_ident_fix(f->text, fix);
        return cs_diag_error(c->diag, field_pos(r, f), "practice_code "
                             "'%.60s' is not a valid code; use 1 to 64 "
                             "letters, digits, '_', '-' or '.' (e.g. '%s')",
                             f->text, fix);
    }
    p->code = strdup(f->text);
    if (!p->code)
        return cs_diag_error(c->diag, field_pos(r, f), "out of memory; free some memory");
    at = ld_index_add(&c->practices, p->code, (int)i);
    if (at == -2)
        return cs_diag_error(c->diag, field_pos(r, f), "out of memory; free some memory");
    if (at < 0)
        return 0;
    first = &c->m->practice_pos[at];
    return cs_diag_error(c->diag, field_pos(r, f), "practice code '%s' is "
                         "used twice (first at %s:%d); give each practice "
                         "once", p->code, first->file, first->line);
}

static int row_locality(ld_ctx *c, const ld_csvprac *r, size_t rec,
                        cs_practice *p)
{
    const ld_csv_field *f = row_field(r, rec, r->col_locality);
    const char **cands;
    char hint[128] = "";

    p->locality = ld_index_get(&c->localities, f->text);
    if (p->locality >= 0)
        return 0;
    if (ld_want_more(c) && (cands = malloc(c->m->n_localities *
                                           sizeof *cands))) {
        for (size_t k = 0; k < c->m->n_localities; k++)
            cands[k] = c->m->localities[k].id ? c->m->localities[k].id : "";
        ld_suggest(c, f->text, cands, c->m->n_localities, hint, sizeof hint);
        free(cands);
    }
    return cs_diag_error(c->diag, field_pos(r, f), "practice '%s': "
                         "locality '%.60s' (column %s) is not defined%s",
                         p->code ? p->code : "?", f->text, r->locality_column,
                         hint[0] ? hint : "; define it under 'localities' "
                         "in the scenario or correct the file");
}

static int csv_row(ld_ctx *c, const ld_csvprac *r, size_t rec, size_t i)
{
    cs_practice *p = &c->m->practices[i];
    const ld_csv_field *f0 = ld_csv_at(&r->csv, rec, 0);
    const ld_csv_field *name;
    size_t want = r->csv.rec_count[0], got = r->csv.rec_count[rec];
    int rc;

    p->locality = -1;
    p->registered = p->weighted = p->imd = p->gp_fte = NAN;
    p->historic_spend = NAN;
    c->prac_bad[i] = 1;
    c->m->practice_pos[i] = field_pos(r, f0);
    if (got != want)
        return cs_diag_error(c->diag, field_pos(r, f0), "this row has %zu "
                             "fields but the header has %zu; quote fields "
                             "that contain commas (\"...\")", got, want);
    rc = row_code(c, r, rec, i);
    name = row_field(r, rec, r->col_name);
    p->name = strdup(name->text[0] ? name->text
                                   : row_field(r, rec, r->col_code)->text);
    if (!p->name)
        return cs_diag_error(c->diag, field_pos(r, f0), "out of memory; free some memory");
    rc |= row_locality(c, r, rec, p);
    c->prac_bad[i] = p->locality < 0 || !p->code;
    rc |= row_numbers(c, r, rec, p, p->code ? p->code : "?");
    return rc;
}

int ld_csvprac_read(ld_ctx *c, ld_csvprac *r, size_t first)
{
    int rc = 0;

    for (size_t k = 0; k < r->n_rows; k++)
        rc |= csv_row(c, r, k + 1, first + k);
    return rc;
}

void ld_csvprac_close(ld_csvprac *r)
{
    ld_csv_free(&r->csv);
    memset(r, 0, sizeof *r);
}
