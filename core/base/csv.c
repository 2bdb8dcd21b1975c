/* csv.c -- RFC 4180 fields with positions. One pass over the
 * bytes; unquoted text goes into one buffer no larger than the input. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

typedef struct csv_parser {
    const char *file, *data;
    size_t len, i;
    int line, col;
    cs_diag *d;
    ld_csv *csv;
    size_t out;                 /* bytes written to csv->text */
    size_t cap_fields, cap_recs;
    int quoted;                 /* the current field was quoted */
} csv_parser;

static int is_sep(char ch)
{
    return ch == ',' || ch == '\r' || ch == '\n';
}

static void advance(csv_parser *p)
{
    unsigned char ch = (unsigned char)p->data[p->i++];

    if (ch == '\n' || (ch == '\r' && (p->i >= p->len ||
                                      p->data[p->i] != '\n'))) {
        p->line++;
        p->col = 1;
    } else if ((ch & 0xc0) != 0x80) {
        p->col++;
    }
}

static int fail(csv_parser *p, int line, int col, const char *msg)
{
    cs_pos pos = {p->file, line, col};
    return cs_diag_error(p->d, pos, "%s", msg);
}

static int push_field(csv_parser *p)
{
    ld_csv *csv = p->csv;

    if (csv->n_fields == p->cap_fields) {
        size_t cap = p->cap_fields ? p->cap_fields * 2 : 256;
        ld_csv_field *f = realloc(csv->fields, cap * sizeof *f);
        if (!f)
            return fail(p, p->line, p->col, "out of memory reading the CSV; "
                        "free some memory");
        csv->fields = f;
        p->cap_fields = cap;
    }
    csv->fields[csv->n_fields].text = csv->text + p->out;
    csv->fields[csv->n_fields].line = p->line;
    csv->fields[csv->n_fields].col = p->col;
    csv->n_fields++;
    return 0;
}

static int push_record(csv_parser *p, size_t first)
{
    ld_csv *csv = p->csv;

    if (csv->n_records == p->cap_recs) {
        size_t cap = p->cap_recs ? p->cap_recs * 2 : 256;
        size_t *a = realloc(csv->rec_first, cap * sizeof *a);
        size_t *b;
        if (a)
            csv->rec_first = a;
        b = a ? realloc(csv->rec_count, cap * sizeof *b) : NULL;
        if (!b)
            return fail(p, p->line, p->col, "out of memory reading the CSV; "
                        "free some memory");
        csv->rec_count = b;
        p->cap_recs = cap;
    }
    csv->rec_first[csv->n_records] = first;
    csv->rec_count[csv->n_records] = csv->n_fields - first;
    csv->n_records++;
    return 0;
}

static int read_quoted(csv_parser *p)
{
    int line = p->line, col = p->col;

    advance(p);                                 /* the opening quote */
    for (;;) {
        char ch;
        if (p->i >= p->len)
            return fail(p, line, col, "quoted field is not closed: the file "
                        "ends inside it; add the closing '\"'");
        ch = p->data[p->i];
        if (ch == '"') {
            advance(p);
            if (p->i < p->len && p->data[p->i] == '"') {
                p->csv->text[p->out++] = '"';
                advance(p);
                continue;
            }
            break;
        }
        p->csv->text[p->out++] = ch;
        advance(p);
    }
    if (p->i < p->len && !is_sep(p->data[p->i]))
        return fail(p, p->line, p->col, "text after the closing quote of a "
                    "field; put the whole field in quotes and double every "
                    "quote inside it (\"\")");
    return 0;
}

static int read_plain(csv_parser *p)
{
    while (p->i < p->len && !is_sep(p->data[p->i])) {
        if (p->data[p->i] == '"' || p->data[p->i] == '\0')
            return fail(p, p->line, p->col, p->data[p->i] == '"'
                        ? "a quote inside an unquoted field; put the whole "
                          "field in quotes and double every quote inside it "
                          "(\"\")"
                        : "a NUL byte in the CSV; is it a text file? save it "
                          "as UTF-8 CSV");
        p->csv->text[p->out++] = p->data[p->i];
        advance(p);
    }
    return 0;
}

/* Reads one record; drops it when it is a blank line. */
static int read_record(csv_parser *p)
{
    size_t first = p->csv->n_fields, start_out = p->out;
    int quoted_any = 0;

    for (;;) {
        int rc;
        if (push_field(p))
            return -1;
        if (p->i < p->len && p->data[p->i] == '"') {
            quoted_any = 1;
            rc = read_quoted(p);
        } else {
            rc = read_plain(p);
        }
        if (rc)
            return -1;
        p->csv->text[p->out++] = '\0';
        if (p->i < p->len && p->data[p->i] == ',') {
            advance(p);
            continue;
        }
        break;
    }
    if (p->i < p->len && p->data[p->i] == '\r')
        advance(p);
    if (p->i < p->len && p->data[p->i] == '\n')
        advance(p);
    if (p->csv->n_fields - first == 1 && !quoted_any &&
        p->out - start_out == 1) {              /* a blank line */
        p->csv->n_fields = first;
        p->out = start_out;
        return 0;
    }
    return push_record(p, first);
}

int ld_csv_parse(ld_csv *csv, const char *file, const char *data, size_t len,
                 cs_diag *d)
{
    csv_parser p;

    memset(csv, 0, sizeof *csv);
    memset(&p, 0, sizeof p);
    p.file = file;
    p.data = data;
    p.len = len;
    p.line = 1;
    p.col = 1;
    p.d = d;
    p.csv = csv;
    csv->text = malloc(len + 2);
    if (!csv->text)
        return fail(&p, 0, 0, "out of memory reading the CSV; free some "
                    "memory");
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        p.i = 3;                                /* UTF-8 byte-order mark */
    while (p.i < p.len) {
        if (read_record(&p)) {
            ld_csv_free(csv);
            return -1;
        }
    }
    return 0;
}

const ld_csv_field *ld_csv_at(const ld_csv *csv, size_t rec, size_t col)
{
    if (rec >= csv->n_records || col >= csv->rec_count[rec])
        return NULL;
    return &csv->fields[csv->rec_first[rec] + col];
}

void ld_csv_free(ld_csv *csv)
{
    free(csv->text);
    free(csv->fields);
    free(csv->rec_first);
    free(csv->rec_count);
    memset(csv, 0, sizeof *csv);
}
