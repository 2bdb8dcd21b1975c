/* build_scenario_nbr.c -- neighbouring localities from practice
 * coordinates, for --neighbours K (docs/scenario-builder.md, "Neighbours").
 *
 * The rule: two localities are neighbours when some practice of one is
 * among the K nearest practices of some practice of the other, nearness
 * measured between the selected practices that have coordinates (the
 * Latitude and Longitude of the --need file, matched by practice code),
 * as straight-line distance on a local flat projection (longitude scaled
 * by the cosine of the latitude). Ties go to the practice earlier in the
 * practice file, so the result does not depend on anything but the data.
 * Practices without coordinates (closed or merged before 2022) take no
 * part. */
#include "build_scenario.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BS_PI 3.14159265358979323846

typedef struct pt {
    double x, y;
    size_t practice;
} pt;

typedef struct code_row {
    const char *code;
    size_t record;
} code_row;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const code_row *)a)->code, ((const code_row *)b)->code);
}

static int coord(const bs_table *t, size_t rec, int col, double lo,
                 double hi, double *out, cs_diag *diag)
{
    const bs_record *r = &t->records[rec];
    char *end;

    errno = 0;
    *out = strtod(r->fields[col], &end);
    if (r->fields[col][0] == '\0' || *end || errno || !(*out >= lo) ||
        !(*out <= hi))
        return cs_diag_error(diag, (cs_pos){t->path, r->lines[col],
                             r->cols[col]}, "'%s' in column '%s' is not a "
                             "coordinate from %g to %g; correct the file",
                             r->fields[col], t->records[0].fields[col], lo,
                             hi);
    return 0;
}

/* The selected practices found in the table, as projected points. */
static int points(const bs_build *b, const bs_table *t, pt *out, size_t *n,
                  cs_diag *diag)
{
    int cc = bs_table_column(t, "Practice_Code");
    int cla = bs_table_column(t, "Latitude"), clo = bs_table_column(t,
                                                                "Longitude");
    code_row *rows = malloc((t->n_records + 1) * sizeof *rows);
    size_t nr = 0;
    int bad = 0;

    if (cc < 0 || cla < 0 || clo < 0 || !rows) {
        free(rows);
        return cs_diag_error(diag, (cs_pos){t->path, 1, 1}, "--neighbours "
                             "needs the columns Practice_Code, Latitude and "
                             "Longitude in the --need file");
    }
    for (size_t r = 1; r < t->n_records; r++)
        rows[nr++] = (code_row){t->records[r].fields[cc], r};
    qsort(rows, nr, sizeof *rows, cmp_code);
    *n = 0;
    for (size_t i = 0; i < b->n_practices; i++) {
        code_row key = {b->practices[i].code, 0}, *hit;
        double lat, lon;
        if (!(hit = bsearch(&key, rows, nr, sizeof *rows, cmp_code)))
            continue;
        if (coord(t, hit->record, cla, -90, 90, &lat, diag) |
            coord(t, hit->record, clo, -180, 180, &lon, diag)) {
            bad = -1;
            continue;
        }
        out[*n].x = lon * cos(lat * BS_PI / 180);
        out[*n].y = lat;
        out[(*n)++].practice = i;
    }
    free(rows);
    return bad;
}

/* Marks the localities of point i's k nearest points as its neighbours. */
static void nearest(const bs_build *b, const pt *p, size_t n, size_t i,
                    unsigned k, unsigned char *adj)
{
    double best_d[64];
    size_t best_j[64], m = 0;
    size_t nl = b->n_localities;

    for (size_t j = 0; j < n; j++) {
        double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
        double d = dx * dx + dy * dy;
        size_t at = m;
        if (j == i || (m == k && d >= best_d[m - 1]))
            continue;
        while (at > 0 && best_d[at - 1] > d)
            at--;
        if (m < k)
            m++;
        memmove(best_d + at + 1, best_d + at, (m - 1 - at) * sizeof *best_d);
        memmove(best_j + at + 1, best_j + at, (m - 1 - at) * sizeof *best_j);
        best_d[at] = d;
        best_j[at] = j;
    }
    for (size_t q = 0; q < m; q++) {
        int a = b->practices[p[i].practice].locality;
        int c = b->practices[p[best_j[q]].practice].locality;
        if (a != c && a >= 0 && c >= 0) {
            adj[(size_t)a * nl + (size_t)c] = 1;
            adj[(size_t)c * nl + (size_t)a] = 1;
        }
    }
}

int bs_neighbours(bs_build *b, const char *path, unsigned k, cs_diag *diag)
{
    bs_table *t = bs_csv_read(path, diag);
    size_t n = 0, nl = b->n_localities;
    pt *p;

    if (!t)
        return -1;
    p = malloc((b->n_practices + 1) * sizeof *p);
    b->adjacent = calloc(nl * nl + 1, 1);
    if (!p || !b->adjacent || points(b, t, p, &n, diag) < 0) {
        free(p);
        bs_table_free(t);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        nearest(b, p, n, i, k, b->adjacent);
    b->neighbours_k = k;
    free(p);
    bs_table_free(t);
    return 0;
}
