/* build_scenario_csv.c -- CSV for the scenario builder: the core's RFC 4180
 * reader (base/csv.h) into a table of records, and a writer that quotes
 * only where it must. */
#include "build_scenario.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void record_free(bs_record *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->fields[i]);
    free(r->fields);
    free(r->lines);
    free(r->cols);
    memset(r, 0, sizeof *r);
}

void bs_table_free(bs_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_records; i++)
        record_free(&t->records[i]);
    free(t->records);
    free(t->path);
    free(t);
}

/* Record k of the core's CSV (base/csv.h) as a row the table owns.
 * 0, or -1 when memory runs out (the row then holds what was copied). */
static int copy_record(const ld_csv *csv, size_t k, bs_record *r)
{
    size_t n = csv->rec_count[k];

    r->fields = calloc(n + 1, sizeof *r->fields);
    r->lines = calloc(n + 1, sizeof *r->lines);
    r->cols = calloc(n + 1, sizeof *r->cols);
    if (!r->fields || !r->lines || !r->cols)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const ld_csv_field *f = ld_csv_at(csv, k, i);
        if (!(r->fields[i] = strdup(f->text)))
            return -1;
        r->lines[i] = f->line;
        r->cols[i] = f->col;
        r->n++;
    }
    return 0;
}

/* The fields come from the core's reader (the one the loader uses for a
 * scenario's practice CSV); the builder adds that every record has as many
 * fields as the header, and that there is a header. */
bs_table *bs_csv_parse(const char *name, const char *buf, size_t len,
                       cs_diag *diag)
{
    bs_table *t = calloc(1, sizeof *t);
    size_t errors = diag->n_errors;
    ld_csv csv;

    if (!t || !(t->path = strdup(name))) {
        bs_table_free(t);
        cs_diag_error(diag, (cs_pos){name, 0, 0}, "out of memory");
        return NULL;
    }
    if (ld_csv_parse(&csv, t->path, buf, len, diag) < 0) {
        bs_table_free(t);
        return NULL;
    }
    if (!(t->records = calloc(csv.n_records + 1, sizeof *t->records)))
        cs_diag_error(diag, (cs_pos){t->path, 0, 0}, "out of memory");
    for (size_t k = 0; t->records && k < csv.n_records &&
                       diag->n_errors - errors < CS_DIAG_MAX; k++) {
        bs_record *r = &t->records[t->n_records++];
        if (copy_record(&csv, k, r) < 0) {
            cs_diag_error(diag, (cs_pos){t->path, 0, 0}, "out of memory");
            break;
        }
        if (k > 0 && r->n != t->records[0].n)
            cs_diag_error(diag, (cs_pos){t->path, r->lines[0], 1}, "this "
                          "record has %zu fields but the header has %zu; "
                          "quote any field that contains a comma", r->n,
                          t->records[0].n);
    }
    ld_csv_free(&csv);
    if (diag->n_errors == errors && t->n_records == 0)
        cs_diag_error(diag, (cs_pos){t->path, 0, 0}, "the file is empty; "
                      "it needs a header line naming the columns");
    if (diag->n_errors != errors) {
        bs_table_free(t);
        return NULL;
    }
    return t;
}

bs_table *bs_csv_read(const char *path, cs_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    cs_pos p = {path, 0, 0};
    char *buf = NULL;
    size_t len = 0, cap = 0;

    if (!fp) {
        cs_diag_error(diag, p, "cannot open: %s; check the path",
                      strerror(errno));
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            char *nb = cap >= BS_MAX_CSV_BYTES ? NULL
                       : realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb) {
                cs_diag_error(diag, p, "the file is larger than %u bytes "
                              "(or memory ran out); split it",
                              BS_MAX_CSV_BYTES);
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    int failed = ferror(fp);
    fclose(fp);
    bs_table *t = NULL;
    if (failed)
        cs_diag_error(diag, p, "read error; check the file");
    else
        t = bs_csv_parse(path, buf, len, diag);
    free(buf);
    return t;
}

int bs_table_column(const bs_table *t, const char *name)
{
    const bs_record *h = &t->records[0];

    for (size_t i = 0; i < h->n; i++)
        if (!strcmp(h->fields[i], name))
            return (int)i;
    return -1;
}

int bs_csv_write_field(FILE *fp, const char *s)
{
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL
                || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));

    if (!quote)
        return fputs(s, fp) < 0 ? -1 : 0;
    if (fputc('"', fp) == EOF)
        return -1;
    for (; *s; s++)
        if ((*s == '"' && fputc('"', fp) == EOF) || fputc(*s, fp) == EOF)
            return -1;
    return fputc('"', fp) == EOF ? -1 : 0;
}

int bs_csv_write_record(FILE *fp, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && fputc(',', fp) == EOF)
            return -1;
        if (bs_csv_write_field(fp, fields[i]) < 0)
            return -1;
    }
    return fputc('\n', fp) == EOF ? -1 : 0;
}
