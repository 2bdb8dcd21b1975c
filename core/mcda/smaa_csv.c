/* smaa_csv.c -- reading external SMAA samples in the layout of the R
 * package smaa's examples (see smaa.h and docs/decision.md). Fields are
 * comma-separated; a field may be double-quoted (with "" for a quote) but
 * may not span lines; CRLF line ends and a UTF-8 byte-order mark are
 * accepted. Errors are "file:line:col: error: what; fix", the column
 * (from 1, in bytes after any byte-order mark) being where the field at
 * fault starts, or 1 for the line as a whole. */
#include "smaa.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64

typedef struct csv_file {
    const char *path;
    FILE *fp;
    char *line;             /* getline's buffer */
    size_t cap;
    int lineno;
    char *field[MAX_FIELDS];
    int fcol[MAX_FIELDS];   /* where each field starts on the line */
    size_t n_field;
    int col;                /* the column the next error names */
    char *err;
    size_t len;
    int own;                /* fp was opened here (closed here) */
} csv_file;

static int csv_error(csv_file *f, const char *fmt, ...) CS_PRINTF(2, 3);

static int csv_error(csv_file *f, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!f->err || !f->len)
        return -1;
    n = snprintf(f->err, f->len, "%s:%d:%d: error: ", f->path,
                 f->lineno > 0 ? f->lineno : 1, f->col > 0 ? f->col : 1);
    if (n >= 0 && (size_t)n < f->len) {
        va_start(ap, fmt);
        vsnprintf(f->err + n, f->len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The error about field i of the current line: its column. */
#define AT_FIELD(f, i) ((f)->col = (f)->fcol[i], (f))

/* Splits the current line in place into f->field. */
static int split(csv_file *f)
{
    char *p = f->line, *out, *base;

    if (f->lineno == 1 && !strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    base = p;
    p[strcspn(p, "\r\n")] = '\0';
    f->n_field = 0;
    for (;;) {
        f->col = (int)(p - base) + 1;
        if (f->n_field == MAX_FIELDS)
            return csv_error(f, "more than %d fields on a line; quote a "
                             "field that holds a comma", MAX_FIELDS);
        f->fcol[f->n_field] = f->col;
        f->field[f->n_field++] = out = p;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
                *out++ = *p == '"' ? *++p : *p;
            if (*p != '"')
                return csv_error(f, "a quoted field is not closed; add the "
                                 "closing '\"'");
            p++;
            f->col = (int)(p - base) + 1;
            if (*p && *p != ',')
                return csv_error(f, "text after a closing quote; quote the "
                                 "whole field");
        } else {
            p += strcspn(p, ",");
            out = p;
        }
        if (!*p) {
            *out = '\0';
            return 0;
        }
        *out = '\0';
        p++;
    }
}

/* Reads the next non-blank line: 1, 0 at the end, -1 on an error. */
static int next_line(csv_file *f)
{
    for (;;) {
        errno = 0;
        if (getline(&f->line, &f->cap, f->fp) < 0) {
            if (errno)
                return csv_error(f, "cannot read: %s; check the file",
                                 strerror(errno));
            return 0;
        }
        f->lineno++;
        f->col = 1;
        if (f->line[strspn(f->line, " \t\r\n")] != '\0') {
            if (split(f) < 0)
                return -1;
            f->col = 1;
            return 1;
        }
    }
}

static int csv_open(csv_file *f, const char *path, char *err, size_t len)
{
    *f = (csv_file){.path = path, .err = err, .len = len, .own = 1};
    if (!(f->fp = fopen(path, "r"))) {
        snprintf(err, len, "%s: error: cannot open: %s; check the path",
                 path, strerror(errno));
        return -1;
    }
    return 0;
}

static void csv_close(csv_file *f)
{
    if (f->fp && f->own)
        fclose(f->fp);
    free(f->line);
}

static int parse_num(csv_file *f, const char *s, const char *what, double *x)
{
    char *end;

    errno = 0;
    *x = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(*x))
        return csv_error(f, "%s '%s' is not a finite number; write a "
                         "number such as 0.5", what, s);
    return 0;
}

static int parse_draw(csv_file *f, const char *s, size_t *draw)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > 100000000ULL || *s == '-')
        return csv_error(f, "draw '%s' is not a whole number from 1; number "
                         "draws 1, 2, ...", s);
    *draw = (size_t)v;
    return 0;
}

/* Index of name in the list, adding it when absent (-1: out of memory or
 * too many). */
static int intern(char ***names, size_t *n, const char *name)
{
    char **grown, *copy;

    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*names)[i], name))
            return (int)i;
    if (*n >= 4096 || !(copy = strdup(name)))
        return -1;
    if (!(grown = realloc(*names, (*n + 1) * sizeof *grown))) {
        free(copy);
        return -1;
    }
    grown[*n] = copy;
    *names = grown;
    return (int)(*n)++;
}

/* One measurement row as read. */
typedef struct meas_row {
    size_t draw;
    int alt, crit;
    double value;
    int line;
} meas_row;

static int read_meas_rows(csv_file *f, cs_smaa_input *in, meas_row **rows,
                          size_t *n_rows)
{
    size_t cap = 0;
    int rc;

    if ((rc = next_line(f)) <= 0)
        return rc < 0 ? -1 : csv_error(f, "the file is empty; give a "
                                       "header 'draw,alternative,criterion,"
                                       "value' and one row per value");
    if (f->n_field != 4 || strcmp(f->field[0], "draw") ||
        strcmp(f->field[1], "alternative") ||
        strcmp(f->field[2], "criterion") || strcmp(f->field[3], "value"))
        return csv_error(f, "the header must be 'draw,alternative,criterion,"
                         "value'; write it as the first line");
    while ((rc = next_line(f)) > 0) {
        meas_row r = {.line = f->lineno};
        if (f->n_field != 4)
            return csv_error(f, "%zu fields where 4 are expected; give "
                             "draw,alternative,criterion,value (quote a name "
                             "that holds a comma)", f->n_field);
        if (parse_draw(AT_FIELD(f, 0), f->field[0], &r.draw) < 0 ||
            parse_num(AT_FIELD(f, 3), f->field[3], "value", &r.value) < 0)
            return -1;
        f->col = 1;
        r.alt = intern(&in->alt, &in->n_alt, f->field[1]);
        r.crit = intern(&in->crit, &in->n_crit, f->field[2]);
        if (r.alt < 0 || r.crit < 0)
            return csv_error(f, "out of memory or too many names; use at "
                             "most 4096 alternatives and 4096 criteria");
        if (*n_rows == cap) {
            meas_row *g = realloc(*rows, (cap = cap ? 2 * cap : 1024) *
                                  sizeof *g);
            if (!g)
                return csv_error(f, "out of memory; free some memory");
            *rows = g;
        }
        (*rows)[(*n_rows)++] = r;
    }
    return rc;
}

/* Fills the table from the rows, checking each cell is given once. */
static int fill_perf(csv_file *f, cs_smaa_input *in, const meas_row *rows,
                     size_t n_rows)
{
    size_t n_opt = in->n_alt, n_crit = in->n_crit, n_draws = 0, cells;
    unsigned char *seen;

    for (size_t i = 0; i < n_rows; i++)
        n_draws = rows[i].draw > n_draws ? rows[i].draw : n_draws;
    if (!n_rows)
        return csv_error(f, "no measurements after the header; add one row "
                         "per draw, alternative and criterion");
    if (n_draws > n_rows / n_opt / n_crit) {
        for (size_t i = 0; i < n_rows; i++)
            if (rows[i].draw == n_draws)
                f->lineno = rows[i].line;
        return csv_error(f, "draws run up to %zu, which needs %zu rows for "
                         "%zu alternatives and %zu criteria, but there are "
                         "%zu; give every alternative a value on every "
                         "criterion in every draw", n_draws,
                         n_draws * n_opt * n_crit, n_opt, n_crit, n_rows);
    }
    if (!(in->perf = cs_perf_alloc(n_opt, n_crit, n_draws)))
        return csv_error(f, "out of memory; free some memory");
    cells = n_opt * n_crit * n_draws;
    if (!(seen = calloc(cells, 1)))
        return csv_error(f, "out of memory; free some memory");
    for (size_t i = 0; i < n_rows; i++) {
        const meas_row *r = &rows[i];
        size_t at = ((r->draw - 1) * n_opt + (size_t)r->alt) * n_crit +
                    (size_t)r->crit;
        if (seen[at]++) {
            f->lineno = r->line;
            free(seen);
            return csv_error(f, "draw %zu of '%s' on '%s' is given twice; "
                             "keep one row", r->draw, in->alt[r->alt],
                             in->crit[r->crit]);
        }
        in->perf->v[at] = r->value;
    }
    /* Every cell is given: the rows are distinct cells of the table (a
     * second row for a cell is refused above) and there are at least
     * `cells` of them (n_draws <= n_rows / n_opt / n_crit, checked above). */
    for (size_t i = 0; i < cells; i++)
        assert(seen[i]);
    free(seen);
    return 0;
}

/* Opens `path`, or reads the stream fp (named path) when fp is not NULL. */
static int csv_start(csv_file *f, FILE *fp, const char *path, char *err,
                     size_t len)
{
    if (!fp)
        return csv_open(f, path, err, len);
    *f = (csv_file){.path = path, .err = err, .len = len, .fp = fp};
    return 0;
}

static int read_meas(FILE *fp, const char *path, cs_smaa_input *in,
                     char *err, size_t len)
{
    csv_file f;
    meas_row *rows = NULL;
    size_t n_rows = 0;
    int rc;

    if (csv_start(&f, fp, path, err, len) < 0)
        return -1;
    rc = read_meas_rows(&f, in, &rows, &n_rows);
    if (rc == 0)
        rc = fill_perf(&f, in, rows, n_rows);
    free(rows);
    csv_close(&f);
    return rc;
}

/* Column j (from 1) of the weights file -> criterion index. */
static int weights_header(csv_file *f, const cs_smaa_input *in, int *col)
{
    size_t nc = in->perf->n_crit;

    if (f->n_field != nc + 1 || strcmp(f->field[0], "draw"))
        return csv_error(f, "the header must be 'draw' and the %zu criteria "
                         "of the measurements; write 'draw,' and then each "
                         "criterion once", nc);
    for (size_t j = 1; j <= nc; j++) {
        col[j] = -1;
        for (size_t c = 0; c < nc; c++)
            if (!strcmp(f->field[j], in->crit[c]))
                col[j] = (int)c;
        for (size_t i = 1; i < j && col[j] >= 0; i++)
            if (col[i] == col[j])
                return csv_error(AT_FIELD(f, j), "criterion '%s' is named "
                                 "twice; name each criterion once",
                                 f->field[j]);
        if (col[j] < 0)
            return csv_error(AT_FIELD(f, j), "criterion '%s' is not in the "
                             "measurements; use the criteria names of the "
                             "measurements file", f->field[j]);
    }
    return 0;
}

static int weights_row(csv_file *f, cs_smaa_input *in, const int *col,
                       size_t *cap)
{
    size_t nc = in->perf->n_crit, draw;
    double sum = 0.0, x;

    if (f->n_field != nc + 1)
        return csv_error(f, "%zu fields where %zu are expected; give the draw "
                         "and one weight per criterion", f->n_field, nc + 1);
    if (parse_draw(AT_FIELD(f, 0), f->field[0], &draw) < 0)
        return -1;
    f->col = 1;
    if (draw != in->n_w + 1)
        return csv_error(f, "draw %zu where %zu is expected; number the rows "
                         "1, 2, ... in order", draw, in->n_w + 1);
    if (in->n_w == *cap) {
        double *g = realloc(in->w, (*cap = *cap ? 2 * *cap : 1024) * nc *
                            sizeof *g);
        if (!g)
            return csv_error(f, "out of memory; free some memory");
        in->w = g;
    }
    for (size_t j = 1; j <= nc; j++) {
        if (parse_num(AT_FIELD(f, j), f->field[j], "weight", &x) < 0)
            return -1;
        if (x < 0.0)
            return csv_error(f, "weight %g is negative; weights must be 0 "
                             "or more", x);
        f->col = 1;
        in->w[in->n_w * nc + (size_t)col[j]] = x;
        sum += x;
    }
    if (fabs(sum - 1.0) > 1e-6)
        return csv_error(f, "the weights add up to %.9g; each row must add "
                         "up to 1", sum);
    in->n_w++;
    return 0;
}

static int read_weights(FILE *fp, const char *path, cs_smaa_input *in,
                        char *err, size_t len)
{
    csv_file f;
    int col[MAX_FIELDS + 1], rc;
    size_t cap = 0;

    if (csv_start(&f, fp, path, err, len) < 0)
        return -1;
    if ((rc = next_line(&f)) == 0)
        rc = csv_error(&f, "the file is empty; give a header 'draw,<each "
                       "criterion>' and one row per weight vector");
    else if (rc > 0)
        rc = weights_header(&f, in, col);
    while (rc == 0 && (rc = next_line(&f)) > 0)
        rc = weights_row(&f, in, col, &cap);
    if (rc == 0 && in->n_w == 0)
        rc = csv_error(&f, "no weights after the header; add one row of "
                       "weights per draw");
    csv_close(&f);
    return rc;
}

int cs_smaa_read_csv(const char *meas_path, const char *weights_path,
                     cs_smaa_input *in, char *err, size_t len)
{
    return cs_smaa_read_streams(NULL, meas_path, NULL, weights_path, in, err,
                                len);
}

int cs_smaa_read_streams(FILE *meas, const char *meas_name, FILE *weights,
                         const char *weights_name, cs_smaa_input *in,
                         char *err, size_t len)
{
    *in = (cs_smaa_input){0};
    if (read_meas(meas, meas_name, in, err, len) < 0 ||
        ((weights || weights_name) &&
         read_weights(weights, weights_name, in, err, len) < 0)) {
        cs_smaa_input_clear(in);
        return -1;
    }
    return 0;
}

void cs_smaa_input_clear(cs_smaa_input *in)
{
    if (!in)
        return;
    for (size_t i = 0; i < in->n_alt; i++)
        free(in->alt[i]);
    for (size_t i = 0; i < in->n_crit; i++)
        free(in->crit[i]);
    free(in->alt);
    free(in->crit);
    free(in->w);
    cs_perf_free(in->perf);
    *in = (cs_smaa_input){0};
}
