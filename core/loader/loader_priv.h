/*
 * loader_priv.h -- what the loader's modules share: the loading context,
 * typed readers of YAML nodes that report file:line:col errors, and the
 * walkers of each part of the schema. Not installed, not for other code.
 *
 * Convention: every ld_ function returns 0 on success and -1 after it has
 * reported the problem into ctx->diag; walkers keep going after an error
 * where the structure allows, so one run reports as much as it can.
 */
#ifndef CS_LOADER_PRIV_H
#define CS_LOADER_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include "base/base.h"
#include "model/model.h"
#include "loader.h"
#include "loader_index.h"
#include "loader_yaml.h"
#include "loader_text.h"

typedef struct ld_ctx {
    cs_diag *diag;
    cs_model *m;            /* being built; owned by the caller */
    const char *file;       /* the YAML's name in messages (m->path) */
    const char *dir;        /* directory for relative CSV paths ("" = cwd) */
    cs_load_opts opts;      /* what the scenario may reach (loader.h) */
    const ld_node *root;    /* the top mapping: where a missing key is
                               reported (NULL before it is parsed) */
    ld_index orgs, localities, practices;
    /* Per locality: the default providers of its practices. */
    cs_share **loc_shares;
    size_t *loc_n_shares;
    unsigned char *loc_has_shares;
    /* Per practice, filled while reading practices: */
    unsigned char *prac_own_providers; /* the practice gave `providers` */
    unsigned char *prac_bad;           /* locality unknown: skip checks */
} ld_ctx;

/* ---- messages and node access (loader_value.c) ------------------------ */

cs_pos ld_pos(const ld_ctx *c, const ld_node *n);
/* Records an error at node n (n NULL: the top-level mapping, where a
 * missing key belongs; the file itself before it is parsed); returns -1. */
int ld_error(ld_ctx *c, const ld_node *n, const char *fmt, ...)
    CS_DIAG_PRINTF(3, 4);
/* True while suggestions are still worth computing (messages not full). */
int ld_want_more(const ld_ctx *c);

/* The value of `key` in mapping `map`, or NULL when absent or when map is
 * not a mapping. */
const ld_node *ld_get(const ld_node *map, const char *key);
/* A plain scalar reading as null (~, null, empty). */
int ld_is_null(const ld_node *n);
/* Checks that n is a mapping whose keys are scalars, none twice, each one
 * of keys[]. `what` names the mapping in messages ("a practice"). */
int ld_check_map(ld_ctx *c, const ld_node *n, const char *what,
                 const char *const *keys, size_t n_keys);
/* Checks n is a list (SEQ); a null counts as an empty list when
 * `null_ok`. Sets *items / *n_items (NULL, 0 for null). */
int ld_list(ld_ctx *c, const ld_node *n, const char *what, int null_ok,
            ld_node *const **items, size_t *n_items);
/* A required key: reports it missing at the mapping's position. */
const ld_node *ld_need(ld_ctx *c, const ld_node *map, const char *key,
                       const char *what);

/* ---- typed scalars (loader_value.c); `what` names the value ----------- */

int ld_string(ld_ctx *c, const ld_node *n, const char *what, char **out);
/* An identifier: letters, digits, '_', '-', '.'; at most 64 bytes. */
int ld_ident(ld_ctx *c, const ld_node *n, const char *what, char **out);
/* Whether s is a valid id; a suggested valid spelling of s. */
int ld_ident_ok(const char *s);
void ld_ident_fix(const char *s, char fix[65]);
/* A finite number. */
int ld_number(ld_ctx *c, const ld_node *n, const char *what, double *out);
/* A finite number within a range; flags say which bounds are open. */
#define LD_LO_OPEN 1u
#define LD_HI_OPEN 2u
int ld_number_in(ld_ctx *c, const ld_node *n, const char *what, double lo,
                 double hi, unsigned flags, double *out);
/* "between 0 and 1", "at least 0", "greater than 0", ... into buf. */
void ld_range_text(double lo, double hi, unsigned flags, char *buf,
                   size_t size);
/* A whole number in [lo, hi]. */
int ld_uint(ld_ctx *c, const ld_node *n, const char *what, uint64_t lo,
            uint64_t hi, uint64_t *out);
int ld_bool(ld_ctx *c, const ld_node *n, const char *what, int *out);
/* Parses the text of a plain number; 0 on success (any double). */
int ld_parse_double(const char *s, double *out);

/* ---- references (loader_value.c) -------------------------------------- */

typedef enum ld_ref_kind {
    LD_REF_ORG = 0,
    LD_REF_LOCALITY,
    LD_REF_PRACTICE
} ld_ref_kind;

/* Index of the organisation / locality / practice whose id is the scalar
 * n, or -1 after reporting a dangling reference with the closest id. */
int ld_ref(ld_ctx *c, const ld_node *n, ld_ref_kind kind, const char *what);
/* Writes "; did you mean 'x'?" (or "") into buf; returns buf. Computes
 * nothing once the diag is full. */
const char *ld_suggest(ld_ctx *c, const char *word, const char *const *cands,
                       size_t n_cands, char *buf, size_t size);
/* Checks a mapping with free-form keys (parameters, providers): keys are
 * non-empty scalars, none twice. */
int ld_check_free_map(ld_ctx *c, const ld_node *n, const char *what);

/* ---- files (loader_io.c) ---------------------------------------------- */

/* Reads a whole file of at most CS_MAX_FILE_BYTES; with regular_only,
 * refuses pipes and devices. On failure reports at `at` (the position that
 * named the file; file-level when at.line is 0) using `label` ("scenario
 * file", "practice file"). *buf is NUL-terminated and the caller's to
 * free. */
int ld_read_file(cs_diag *d, cs_pos at, const char *path, const char *label,
                 int regular_only, char **buf, size_t *len);
/* The file named by scalar n (`label` in messages, e.g. "practice
 * file"): resolved against the scenario's folder, refused unless it is a
 * regular file inside that folder (after realpath; unless
 * opts.allow_outside_files) and outside /proc, /sys and /dev. Returns 0
 * with two new strings: *shown, the path for messages (the folder joined
 * to the name), and *out, the resolved path to read (no symbolic links
 * left to swap); or -1 after reporting at n. */
int ld_resolve_file(ld_ctx *c, const ld_node *n, const char *label,
                    char **shown, char **out);
/* Lowercase hex SHA-256 of the bytes into out[65]. */
void ld_sha256_hex(const void *data, size_t len, char out[65]);
/* Adds an input record (path copied); 0 or -1 on out of memory. */
int ld_add_input(cs_model *m, const char *path, const char *data,
                 size_t len);

/* ---- the walkers -------------------------------------------------------- */

/* Reads the id (under `key`) of item i of a list, checks it and adds it
 * to ix; positions[] gives where earlier items stand, for "used twice". */
int ld_take_id(ld_ctx *c, ld_index *ix, const ld_node *item,
               const char *kind, const char *key, size_t i,
               const cs_pos *positions, char **id);      /* loader_area.c */
int ld_organisations(ld_ctx *c, const ld_node *n);
int ld_localities(ld_ctx *c, const ld_node *n);
int ld_practices(ld_ctx *c, const ld_node *inline_list,
                 const ld_node *csv);                         /* loader_practice.c */
int ld_providers(ld_ctx *c, const ld_node *n, const char *owner,
                 cs_share **out, size_t *n_out);              /* loader_area.c */

/* A practice CSV being read (loader_csvprac.c). */
typedef struct ld_csvprac {
    ld_csv csv;
    const char *path;       /* the resolved path; model-owned (inputs) */
    int col_code, col_name, col_registered, col_weighted, col_imd;
    int col_fte, col_spend, col_locality;
    int col_need;           /* optional column `need`, or -1 */
    const char *locality_column;   /* borrowed from the YAML node */
    size_t n_rows;          /* records after the header; 0 on failure */
} ld_csvprac;
/* Reads the file named by `spec` (practices_csv), records it as an input
 * and checks its header. 0, or -1 after reporting (n_rows is then 0). */
int ld_csvprac_open(ld_ctx *c, const ld_node *spec, ld_csvprac *r);
/* Fills practices first .. first + n_rows - 1 from the rows. */
int ld_csvprac_read(ld_ctx *c, ld_csvprac *r, size_t first);
/* Frees the parsed CSV; a zeroed ld_csvprac is fine. */
void ld_csvprac_close(ld_csvprac *r);

int ld_options(ld_ctx *c, const ld_node *n);                  /* loader_option.c */
int ld_option_resolve(ld_ctx *c, cs_option *o, const ld_node *n); /* loader_consortium.c */
int ld_params(ld_ctx *c, const ld_node *n, const char *owner,
              cs_param_value **out, size_t *n_out);           /* loader_param.c */
int ld_criteria(ld_ctx *c, const ld_node *n);
int ld_analysis(ld_ctx *c, const ld_node *n);
/* A criterion's `value_function` (linear, piecewise or step) into cr
 * (loader_weights.c). */
int ld_value_function(ld_ctx *c, const ld_node *v, cs_criterion_spec *cr,
                      const char *what);
/* The scenario's `weights:` block (n may be NULL: method direct), read
 * after the criteria; `criteria` is their node, for positions. */
int ld_weights(ld_ctx *c, const ld_node *n, const ld_node *criteria);
/* The scenario's `search:` block (n may be NULL: the defaults), read after
 * the localities (loader_search.c). */
int ld_search(ld_ctx *c, const ld_node *n);

#endif /* CS_LOADER_PRIV_H */
