/* diag.c -- git-style error collection. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int diag_add(cs_diag *d, cs_pos pos, const char *kind,
                    const char *fmt, va_list ap)
{
    char body[1024], line[1400];

    vsnprintf(body, sizeof body, fmt, ap);
    if (pos.file && pos.line > 0)
        snprintf(line, sizeof line, "%s:%d:%d: %s: %s", pos.file, pos.line,
                 pos.col > 0 ? pos.col : 1, kind, body);
    else if (pos.file)
        snprintf(line, sizeof line, "%s: %s: %s", pos.file, kind, body);
    else
        snprintf(line, sizeof line, "consortia: %s: %s", kind, body);
    if (d->n_msgs < CS_DIAG_MAX) {
        char *copy = strdup(line);
        if (copy) {
            d->msgs[d->n_msgs++] = copy;
            d->n_error_msgs += !strcmp(kind, "error");
        }
    }
    return -1;
}

int cs_diag_error(cs_diag *d, cs_pos pos, const char *fmt, ...)
{
    va_list ap;

    d->n_errors++;
    va_start(ap, fmt);
    diag_add(d, pos, "error", fmt, ap);
    va_end(ap);
    return -1;
}

int cs_diag_warning(cs_diag *d, cs_pos pos, const char *fmt, ...)
{
    va_list ap;

    d->n_warnings++;
    va_start(ap, fmt);
    diag_add(d, pos, "warning", fmt, ap);
    va_end(ap);
    return 0;
}

void cs_diag_line(cs_diag *d, int is_error, const char *line)
{
    char *copy;

    if (is_error)
        d->n_errors++;
    else
        d->n_warnings++;
    if (d->n_msgs < CS_DIAG_MAX && (copy = strdup(line))) {
        d->msgs[d->n_msgs++] = copy;
        d->n_error_msgs += is_error != 0;
    }
}

void cs_diag_take(cs_diag *to, cs_diag *from)
{
    size_t i;

    for (i = 0; i < from->n_msgs && to->n_msgs < CS_DIAG_MAX; i++) {
        /* every line made here or by cs_diag_line says ": error: " */
        to->n_error_msgs += strstr(from->msgs[i], ": error: ") != NULL;
        to->msgs[to->n_msgs++] = from->msgs[i];
    }
    /* a message that does not fit is dropped; an error is still counted */
    for (; i < from->n_msgs; i++)
        free(from->msgs[i]);
    to->n_errors += from->n_errors;
    to->n_warnings += from->n_warnings;
    memset(from, 0, sizeof *from);
}

void cs_diag_print(const cs_diag *d, FILE *fp)
{
    for (size_t i = 0; i < d->n_msgs; i++)
        fprintf(fp, "%s\n", d->msgs[i]);
    if (d->n_errors > d->n_error_msgs)
        fprintf(fp, "... and %zu more errors\n", d->n_errors - d->n_error_msgs);
}

void cs_diag_clear(cs_diag *d)
{
    for (size_t i = 0; i < d->n_msgs; i++)
        free(d->msgs[i]);
    memset(d, 0, sizeof *d);
}

/* Levenshtein distance, capped at 64 characters of each word. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[65];

    if (la > 64 || lb > 64)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cs_did_you_mean(const char *word, const char *const *cands,
                            size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t limit = strlen(word) / 3 + 1;

    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(word, cands[i]);
        if (dist < best_d) {
            best_d = dist;
            best = cands[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
