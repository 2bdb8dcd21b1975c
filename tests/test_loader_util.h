/*
 * test_loader_util.h -- helpers shared by the loader's Check suites: load a
 * scenario from a string, assert that a given error is reported at a given
 * place, and write input files into a temporary directory.
 */
#ifndef CS_TEST_LOADER_UTIL_H
#define CS_TEST_LOADER_UTIL_H

#include <check.h>
#include "loader.h"

#ifndef CS_TEST_SRCDIR
#define CS_TEST_SRCDIR "."
#endif

/* Loads yaml (named "t.yaml" in messages) into a model or NULL. */
cs_model *tl_load(const char *yaml, cs_diag *d);

/* Asserts that some message of d starts with "file:line:col: error: " and
 * contains `text`; col 0 checks the line only. Prints every message when
 * none does. */
void tl_assert_error(const cs_diag *d, const char *file, int line, int col,
                     const char *text);

/* The same as a predicate: 1 when found; otherwise 0, after printing
 * what was expected (tagged with `label`) and every message. */
int tl_has_error(const cs_diag *d, const char *file, int line, int col,
                 const char *text, const char *label);

/* One scenario that must be refused: the error at line:col (col 0: the
 * line only; line 0: file level) and the text the message holds. */
typedef struct tl_bad_case {
    const char *yaml;
    int line, col;
    const char *text;
} tl_bad_case;

/* tl_refused() on each case, labelled "WHAT i"; every failure is printed,
 * and the number of failures returned (one process for a whole table
 * keeps sanitizer builds fast). */
int tl_refused_table(const tl_bad_case *cases, int n, const char *what);

/* Loads yaml and checks it is refused with that error at that place;
 * returns 1 when so, else 0 after printing why (tagged with label). */
int tl_refused(const char *yaml, int line, int col, const char *text,
               const char *label);

/* False when CS_TEST_NO_TIMING is set (e.g. under valgrind, which slows
 * everything 20-50 times): speed assertions are then skipped. */
int tl_timing(void);

/* A fresh temporary directory (free the string; tl_rmdir removes it). */
char *tl_tempdir(void);
/* Writes `len` bytes (strlen when len is (size_t)-1) to dir/name;
 * returns the path (free it). */
char *tl_write(const char *dir, const char *name, const char *data,
               size_t len);
/* Removes the files written into dir, then dir; frees the string. */
void tl_rmdir(char *dir);

Suite *loader_valid_suite(void);
Suite *loader_bad_suite(void);
Suite *loader_hostile_suite(void);
Suite *loader_refuse_suite(void);

#endif /* CS_TEST_LOADER_UTIL_H */
