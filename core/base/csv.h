/*
 * csv.h -- an RFC 4180 reader, the loader's and the scenario builder's:
 * comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (""). LF or CRLF line ends, an optional UTF-8
 * byte-order mark, blank lines skipped.
 * Every field keeps its line and column for messages.
 */
#ifndef CS_LOADER_CSV_H
#define CS_LOADER_CSV_H

#include <stddef.h>
#include "diag.h"

typedef struct ld_csv_field {
    const char *text;       /* unquoted, NUL-terminated; in ld_csv.text */
    int line, col;          /* where the field starts, from 1 */
} ld_csv_field;

typedef struct ld_csv {
    char *text;             /* every field's text, owned */
    ld_csv_field *fields;   /* all fields, record after record */
    size_t n_fields;
    size_t *rec_first;      /* per record: index of its first field */
    size_t *rec_count;      /* per record: number of fields */
    size_t n_records;       /* the header is record 0 */
} ld_csv;

/* Parses `len` bytes of `data` (named `file` in messages). Returns 0 and
 * fills *csv (free with ld_csv_free), or -1 after reporting the first
 * malformed place into `d` (then *csv holds nothing to free). */
int ld_csv_parse(ld_csv *csv, const char *file, const char *data, size_t len,
                 cs_diag *d);

/* Field `col` of record `rec`, or NULL when the record is shorter. */
const ld_csv_field *ld_csv_at(const ld_csv *csv, size_t rec, size_t col);

/* Frees what ld_csv_parse allocated; a zeroed ld_csv is fine. */
void ld_csv_free(ld_csv *csv);

#endif /* CS_LOADER_CSV_H */
