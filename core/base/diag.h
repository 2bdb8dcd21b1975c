/*
 * diag.h -- collecting errors for the user, git-style:
 *
 *     scenarios/x.yaml:12:5: error: what is wrong; how to fix it
 *
 * Library code reports into a cs_diag and returns -1; only the command
 * layer prints and exits. A cs_diag keeps the first CS_DIAG_MAX errors and
 * counts the rest.
 */
#ifndef CS_DIAG_H
#define CS_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define CS_DIAG_MAX 50

/* A place in an input file; line and col count from 1, 0 = unknown. The
 * file string is not owned (it points at the model's or loader's copy). */
typedef struct cs_pos {
    const char *file;
    int line, col;
} cs_pos;

typedef struct cs_diag {
    char *msgs[CS_DIAG_MAX];  /* formatted lines, without newline */
    size_t n_msgs;            /* kept */
    size_t n_error_msgs;      /* of those kept, errors */
    size_t n_errors;          /* all errors, kept or not */
    size_t n_warnings;
} cs_diag;

#if defined(__GNUC__)
#define CS_DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CS_DIAG_PRINTF(f, a)
#endif

/* Records "file:line:col: error: <fmt>"; returns -1 for `return` chaining.
 * With pos.file NULL, just "error: <fmt>". */
int cs_diag_error(cs_diag *d, cs_pos pos, const char *fmt, ...)
    CS_DIAG_PRINTF(3, 4);
/* Records a warning in the same form; returns 0. */
int cs_diag_warning(cs_diag *d, cs_pos pos, const char *fmt, ...)
    CS_DIAG_PRINTF(3, 4);
/* Records `line` as it is (already "consortia: ...: error: ..." or the
 * like), counted as an error when is_error, else as a warning. */
void cs_diag_line(cs_diag *d, int is_error, const char *line);
/* Moves every message and count of `from` to the end of `to`; `from` is
 * left empty. */
void cs_diag_take(cs_diag *to, cs_diag *from);
/* Writes every kept message, one per line, and "... and N more errors". */
void cs_diag_print(const cs_diag *d, FILE *fp);
/* Frees the messages; the cs_diag itself may be on the stack. */
void cs_diag_clear(cs_diag *d);

/* The closest of `n` candidate words to `word` by edit distance, or NULL
 * when none is close enough to suggest ("did you mean ...?"). */
const char *cs_did_you_mean(const char *word, const char *const *cands,
                            size_t n);

#endif /* CS_DIAG_H */
