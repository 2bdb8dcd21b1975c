/* build_scenario_csv.c -- RFC 4180 CSV for the scenario builder: a strict
 * reader that says where a file goes wrong, and a writer that quotes only
 * where it must. */
#include "build_scenario.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A growing byte buffer for the field being read. */
typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static int sb_put(strbuf *sb, char c)
{
    if (sb->n + 1 >= sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 64;
        char *p = realloc(sb->p, cap);
        if (!p)
            return -1;
        sb->p = p;
        sb->cap = cap;
    }
    sb->p[sb->n++] = c;
    sb->p[sb->n] = '\0';
    return 0;
}

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

/* `p` (an array of `*cap` items of `size` bytes) with room for `need`:
 * itself, or moved and doubled. NULL when memory runs out (`p` is then
 * still valid and *cap unchanged). */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 8;

    if (need <= *cap)
        return p;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

/* Appends the field in `sb` (taking its buffer) to record `r`, whose
 * three arrays have room for `*cap` fields. */
static int record_push(bs_record *r, size_t *cap, strbuf *sb, int line,
                       int col)
{
    size_t c1 = *cap, c2 = *cap, c3 = *cap;
    char **f = grow(r->fields, &c1, r->n + 1, sizeof *f);

    if (!f)
        return -1;
    r->fields = f;
    int *l = grow(r->lines, &c2, r->n + 1, sizeof *l);
    if (!l)
        return -1;
    r->lines = l;
    int *c = grow(r->cols, &c3, r->n + 1, sizeof *c);
    if (!c)
        return -1;
    r->cols = c;
    *cap = c3;                              /* all three have grown */
    if (!sb->p && !(sb->p = calloc(1, 1)))  /* an empty, owned string */
        return -1;
    f[r->n] = sb->p;
    l[r->n] = line;
    c[r->n] = col;
    r->n++;
    memset(sb, 0, sizeof *sb);
    return 0;
}

static int table_push(bs_table *t, size_t *cap, bs_record *r)
{
    bs_record *p = grow(t->records, cap, t->n_records + 1, sizeof *p);

    if (!p)
        return -1;
    t->records = p;
    t->records[t->n_records++] = *r;
    memset(r, 0, sizeof *r);
    return 0;
}

/* The reader's position in the buffer. */
typedef struct cursor {
    const char *buf;
    size_t len, i;
    int line, col;
    cs_pos pos;             /* file name for messages */
} cursor;

static int peek(const cursor *c)
{
    return c->i < c->len ? (unsigned char)c->buf[c->i] : EOF;
}

static void advance(cursor *c)
{
    if (c->buf[c->i] == '\n') {
        c->line++;
        c->col = 1;
    } else {
        c->col++;
    }
    c->i++;
}

static int at(const cursor *c, cs_pos *p)
{
    *p = c->pos;
    p->line = c->line;
    p->col = c->col;
    return 0;
}

/* Reports the byte at the cursor: a NUL, or memory running out. */
static int bad_byte(const cursor *c, cs_diag *diag)
{
    cs_pos p;

    at(c, &p);
    return cs_diag_error(diag, p, peek(c) == '\0'
                         ? "a NUL byte; the file is not a text CSV file"
                         : "out of memory reading this field");
}

/* Reads a "-quoted field into `sb`; stops after the closing quote. */
static int read_quoted(cursor *c, strbuf *sb, cs_diag *diag)
{
    cs_pos p;

    at(c, &p);
    advance(c);
    for (;;) {
        int ch = peek(c);
        if (ch == EOF)
            return cs_diag_error(diag, p, "a quoted field is never closed; "
                                 "end it with '\"' and write a quote inside "
                                 "it as '\"\"'");
        if (ch == '\0')
            return bad_byte(c, diag);
        advance(c);
        if (ch == '"') {
            if (peek(c) != '"')
                break;
            advance(c);
        }
        if (sb_put(sb, (char)ch) < 0)
            return bad_byte(c, diag);
    }
    int ch = peek(c);
    if (ch != EOF && ch != ',' && ch != '\n' && ch != '\r') {
        at(c, &p);
        return cs_diag_error(diag, p, "'%c' after a closing quote; quote "
                             "the whole field and write a quote inside it "
                             "as '\"\"'", ch);
    }
    return 0;
}

/* Reads one field into `sb`; stops before the separator or line end. */
static int read_field(cursor *c, strbuf *sb, cs_diag *diag)
{
    if (peek(c) == '"')
        return read_quoted(c, sb, diag);
    for (int ch; (ch = peek(c)) != EOF && ch != ',' && ch != '\n'
         && ch != '\r';) {
        if (ch == '"') {
            cs_pos p;
            at(c, &p);
            return cs_diag_error(diag, p, "a quote inside an unquoted "
                                 "field; quote the whole field and write "
                                 "the quote as '\"\"'");
        }
        if (ch == '\0' || sb_put(sb, (char)ch) < 0)
            return bad_byte(c, diag);
        advance(c);
    }
    return 0;
}

/* Reads one record (fields up to a line end) into `r`. */
static int read_record(cursor *c, bs_record *r, cs_diag *diag)
{
    strbuf sb = {0};
    size_t cap = 0;

    for (;;) {
        int line = c->line, col = c->col;
        if (read_field(c, &sb, diag) < 0
            || record_push(r, &cap, &sb, line, col) < 0)
            break;
        int ch = peek(c);
        if (ch == ',') {
            advance(c);
            continue;
        }
        if (ch == '\r')
            advance(c);
        if (peek(c) == '\n')
            advance(c);
        return 0;
    }
    free(sb.p);
    return -1;
}

bs_table *bs_csv_parse(const char *name, const char *buf, size_t len,
                       cs_diag *diag)
{
    bs_table *t = calloc(1, sizeof *t);
    cursor c = {buf, len, 0, 1, 1, {NULL, 0, 0}};
    size_t errors = diag->n_errors, cap = 0;

    if (!t || !(t->path = strdup(name))) {
        bs_table_free(t);
        cs_diag_error(diag, (cs_pos){name, 0, 0}, "out of memory");
        return NULL;
    }
    c.pos.file = t->path;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        c.i = 3;
    while (c.i < c.len && diag->n_errors - errors < CS_DIAG_MAX) {
        bs_record r = {0};
        int line = c.line;
        if (read_record(&c, &r, diag) < 0) {
            record_free(&r);
            break;                  /* the position is lost after an error */
        }
        if (r.n == 1 && r.fields[0][0] == '\0' && r.cols[0] == 1) {
            record_free(&r);        /* a blank line */
            continue;
        }
        if (t->n_records > 0 && r.n != t->records[0].n)
            cs_diag_error(diag, (cs_pos){t->path, line, 1}, "this record "
                          "has %zu fields but the header has %zu; quote any "
                          "field that contains a comma", r.n,
                          t->records[0].n);
        if (table_push(t, &cap, &r) < 0) {
            record_free(&r);
            cs_diag_error(diag, (cs_pos){t->path, line, 1}, "out of memory");
        }
    }
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
