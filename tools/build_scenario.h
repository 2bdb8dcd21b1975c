/*
 * build_scenario.h -- the scenario builder (tools/build-scenario): reads the
 * practice CSV, selects practices, assigns them to localities by a rule and
 * expands a hand-written scenario template into a scenario YAML (and,
 * optionally, the practice CSV it references). docs/scenario-builder.md
 * describes the command; this header the modules behind it:
 *
 *   build_scenario_csv.c     RFC 4180 reading and writing
 *   build_scenario_rules.c   practices from CSV rows
 *   build_scenario_assign.c  localities: district rules, a column, a table
 *   build_scenario_tmpl.c    the template: placeholders, arguments, selections
 *   build_scenario_emit.c    what each placeholder writes; the practice CSV
 *   build_scenario.c         the command line and the output files
 *
 * Errors in the builder's input are collected in a cs_diag as
 * file:line:col messages; nothing here prints or exits except main().
 */
#ifndef BUILD_SCENARIO_H
#define BUILD_SCENARIO_H

#include <stddef.h>
#include <stdio.h>
#include "base/base.h"

/* Where errors in command-line arguments are reported from. */
#define BS_CMDLINE ((cs_pos){"command line", 0, 0})

/* ---- CSV (build_scenario_csv.c) --------------------------------------- */

/* The largest CSV the builder reads (the national file is about 1.3 MB). */
#define BS_MAX_CSV_BYTES (64u * 1024u * 1024u)

/* One record: fields and where each starts (line and column from 1). */
typedef struct bs_record {
    char **fields;
    int *lines, *cols;
    size_t n;
} bs_record;

/* A whole CSV file: records[0] is the header. The table owns every
 * string; `path` is a copy of the name given. */
typedef struct bs_table {
    char *path;
    bs_record *records;
    size_t n_records;
} bs_table;

/* Parses `len` bytes of RFC 4180 CSV (comma-separated, "-quoted fields with
 * "" for a quote, CRLF or LF line ends, an optional UTF-8 byte-order mark).
 * `name` is used in messages. Every record must have as many fields as the
 * first. Returns a table the caller frees with bs_table_free(), or NULL with
 * the errors in `diag`. */
bs_table *bs_csv_parse(const char *name, const char *buf, size_t len,
                       cs_diag *diag);

/* Reads and parses the file at `path`; NULL with errors in `diag`. */
bs_table *bs_csv_read(const char *path, cs_diag *diag);

/* Frees the table and everything it owns; NULL does nothing. */
void bs_table_free(bs_table *t);

/* Index of the header field named `name`, or -1. */
int bs_table_column(const bs_table *t, const char *name);

/* Writes one field, quoted when it holds a comma, quote, CR or LF or starts
 * or ends with a space. Returns 0, or -1 on a write error. */
int bs_csv_write_field(FILE *fp, const char *s);

/* Writes `n` fields as one record ending in "\n" (RFC 4180 quoting; LF
 * line ends, which every CSV reader accepts and git diffs kindly).
 * Returns 0, or -1 on a write error. */
int bs_csv_write_record(FILE *fp, const char *const *fields, size_t n);

/* ---- Practices and localities (build_scenario_rules.c, _assign.c) ----- */

typedef struct bs_practice {
    size_t record;          /* index into the table's records */
    const char *code;       /* the table's strings, not owned */
    const char *name;
    const char *postcode;
    char district[8];       /* outward code, e.g. "ME7"; "" if unreadable */
    double registered, weighted;
    double imd;             /* NaN when blank */
    double gp_fte;          /* NaN when blank */
    int locality;           /* index into localities, -1 before assignment */
    double need;            /* formula need (NaN without --need) */
    double hi_need;         /* its health-inequalities component, or NaN */
    int need_imputed;       /* need from its CCG's matched practices */
} bs_practice;

typedef struct bs_locality {
    char *id;
    char *name;             /* NULL when the rule gave none */
} bs_locality;

/* A postcode-district rule: --locality 'ID[/NAME]=[SCOPE:]TERM,TERM...' */
typedef struct bs_rule {
    int locality;
    char *scope;            /* a ccg_code or icb_code value, or NULL */
    char **terms;           /* "ME1", "ME1-ME3" or "*" */
    size_t n_terms;
} bs_rule;

typedef enum bs_unmatched {
    BS_UNMATCHED_ERROR = 0, /* a practice no rule matches is an error */
    BS_UNMATCHED_DROP,      /* it is left out, with a warning */
    BS_UNMATCHED_ASSIGN     /* it goes to the locality `unmatched_to` */
} bs_unmatched;

typedef struct bs_build {
    bs_table *table;        /* owned */
    const char *imd_column, *fte_column;
    int col_imd, col_fte;   /* their indices, or -1 (set by bs_select) */
    int keep_zero_fte;      /* keep a GP FTE of 0 where the GP headcount is
                               0 too (default: treat it as not published) */

    bs_practice *practices; size_t n_practices;   /* selected, in file order */
    bs_locality *localities; size_t n_localities; /* in order of first rule
                                                     or first appearance */
    bs_rule *rules; size_t n_rules;

    bs_unmatched unmatched;
    char *unmatched_to;     /* locality id for BS_UNMATCHED_ASSIGN */
    size_t n_need_imputed;  /* practices whose need was imputed */
    unsigned char *adjacent; /* --neighbours: [a * n_localities + b] when
                               localities a and b are neighbours, or NULL */
    unsigned neighbours_k;  /* the K of --neighbours */
} bs_build;

/* Frees everything the build owns (not the struct itself). */
void bs_build_clear(bs_build *b);

/* The postcode district (outward code) of `postcode` ("ME7 5NY" or
 * "ME75NY") into out[8]; returns 0, or -1 when it is not a postcode. */
int bs_postcode_district(const char *postcode, char out[8]);

/* Fills b->practices with the table's rows whose ccg_code is one of the
 * first `n_ccg` codes or whose icb_code is one of the next `n_icb` (none:
 * every row). Checks the columns and numbers; returns 0 or -1 with errors
 * in `diag`. The practices point into b->table. A blank or "NA" IMD or GP
 * FTE is NaN, and so is a GP FTE of 0 with a gp_headcount_2016 of 0 unless
 * b->keep_zero_fte. */
int bs_select(bs_build *b, const char *const *codes, size_t n_ccg,
              size_t n_icb, cs_diag *diag);

/* Parses one --locality argument and appends a rule (and its locality, if
 * new). Returns 0 or -1 with an error in `diag`. */
int bs_add_rule(bs_build *b, const char *arg, cs_diag *diag);

/* Assigns localities by b->rules (first matching rule wins). */
int bs_assign_by_rules(bs_build *b, cs_diag *diag);

/* Assigns each practice the value of `column` as its locality id, named
 * after the column's companion "<stem>_name" column when there is one. */
int bs_assign_by_column(bs_build *b, const char *column, cs_diag *diag);

/* Assigns localities from a CSV table with columns practice_code and
 * locality (and optionally locality_name). */
int bs_assign_by_table(bs_build *b, const char *path, cs_diag *diag);

/* Reads the national allocation formula's weighted populations
 * (columns Practice_Code, "pop 2022/23", "Final WP", "Health Ineq WP") from
 * `path` and gives each selected practice need = registered x Final WP /
 * pop (and hi_need likewise). A practice not in the file gets its CCG's
 * matched practices' need per head, weighted by their lists (need_imputed;
 * counted in b->n_need_imputed); a CCG with none, that of all matched.
 * build_scenario_need.c. 0, or -1 with errors in `diag`. */
int bs_read_need(bs_build *b, const char *path, cs_diag *diag);

/* Neighbouring localities from the practices' coordinates (columns
 * Practice_Code, Latitude, Longitude of `path`): a and b are neighbours
 * when a practice of one is among the k nearest practices of a practice
 * of the other (build_scenario_nbr.c). 0, or -1 with errors in `diag`. */
int bs_neighbours(bs_build *b, const char *path, unsigned k, cs_diag *diag);

/* Whether `s` is a usable locality id: a letter or '_', then letters,
 * digits, '_' or '-'. */
int bs_valid_id(const char *s);

/* Index of the locality with that id, or -1. */
int bs_find_locality(const bs_build *b, const char *id);

/* ---- Output (build_scenario_tmpl.c, build_scenario_emit.c) ----------- */

/* What the template's placeholders need besides the build. */
typedef struct bs_emit {
    const bs_build *build;
    const char *command;        /* the regenerating command, one line */
    const char *csv_ref;        /* practices CSV as the YAML names it, or
                                   NULL to write the practices inline */
} bs_emit;

/* Expands the template text `tmpl` (named `name` in messages) to `out`.
 * Returns 0, or -1 with errors in `diag` (the output is then incomplete). */
int bs_expand(const bs_emit *e, const char *name, const char *tmpl,
              FILE *out, cs_diag *diag);

/* Writes the selected practices with every input column and a final
 * `locality` column. Returns 0, or -1 on a write error. */
int bs_write_practices_csv(const bs_build *b, FILE *fp);

/* Writes `s` as a YAML scalar: plain when it is a safe word (a letter or
 * '_', then letters, digits, '_', '-', '.', and not true/no/null...),
 * double-quoted with escapes otherwise. */
void bs_yaml_scalar(FILE *fp, const char *s);

/* Writes `s` double-quoted, escaping '"', '\\', control characters and
 * bytes that are not UTF-8 (as \xNN, i.e. read as Latin-1). */
void bs_yaml_quoted(FILE *fp, const char *s);

/* ---- Template internals, shared by build_scenario_tmpl.c and _emit.c -- */

#define BS_MAX_ARGS 64
#define BS_MAX_PLACEHOLDERS 64

struct bs_tmpl;

/* One placeholder: its name, how many arguments it takes after the name,
 * whether it writes a block (alone on its line), whether it is a figure
 * (takes ',' for thousands separators), and the function that writes it.
 * The table is build_scenario_emit.c's; the expander is given it. */
typedef struct bs_placeholder {
    const char *name;
    size_t min_args, max_args;  /* after the name */
    int block;                  /* must stand alone on its line */
    int figure;                 /* takes ',' (thousands separators) */
    int (*fn)(struct bs_tmpl *t);
} bs_placeholder;

/* One placeholder being expanded. Strings are the expander's. */
typedef struct bs_tmpl {
    const bs_emit *emit;
    FILE *out;
    cs_diag *diag;
    const char *name;           /* the template's file name */
    int line, col;              /* where the placeholder starts */
    int out_col;                /* and where its output starts, from 0 */
    int alone;                  /* nothing but blanks before it on its line */
    char indent[256];           /* those blanks, for the following lines */
    char *args[BS_MAX_ARGS];    /* args[0] is the placeholder's name */
    int arg_cols[BS_MAX_ARGS];
    size_t n_args;
    int grouping;               /* name ended in ',': 292,850 not 292850 */
    const bs_placeholder *phs;  /* the placeholders it knows */
    size_t n_phs;
} bs_tmpl;

/* Expands `tmpl` as bs_expand does, dispatching on the table `phs` (the
 * expander, build_scenario_tmpl.c; bs_expand passes it the table). */
int bs_tmpl_expand(const bs_emit *e, const bs_placeholder *phs, size_t n_phs,
                   const char *name, const char *tmpl, FILE *out,
                   cs_diag *diag);

/* Records "template:line:col: error: ..." at argument `arg` (0: the
 * placeholder); returns -1. */
int bs_tmpl_error(bs_tmpl *t, size_t arg, const char *fmt, ...)
    CS_DIAG_PRINTF(3, 4);

/* Ends the current output line and indents the next to the placeholder. */
void bs_tmpl_newline(bs_tmpl *t);

/* Marks in mask[n_practices] the practices chosen by arguments from
 * `first` on: locality ids (any of them) and column=value filters (all of
 * them); no arguments choose every practice. 0, or -1 with an error. */
int bs_tmpl_select(bs_tmpl *t, size_t first, char *mask);

/* Writes "key: value" for each key=value argument from `first` on,
 * separated by ", " (and preceded by one when `lead`), replacing $column
 * by that column's value, which must be the same for every practice in
 * `mask`. 0, or -1 with an error. */
int bs_tmpl_attrs(bs_tmpl *t, size_t first, const char *mask, int lead);

/* The value of key=value argument `key` from `first` on, or NULL. */
const char *bs_tmpl_arg(const bs_tmpl *t, size_t first, const char *key);

/* The placeholders (build_scenario_emit.c); each returns 0 or -1. */
int bs_ph_command(bs_tmpl *t);
int bs_ph_practices(bs_tmpl *t);
int bs_ph_localities(bs_tmpl *t);
int bs_ph_groups(bs_tmpl *t);
int bs_ph_consortia(bs_tmpl *t);
int bs_ph_codes(bs_tmpl *t);
int bs_ph_stat(bs_tmpl *t);
int bs_ph_districts(bs_tmpl *t);
int bs_ph_need(bs_tmpl *t);
int bs_ph_neighbours(bs_tmpl *t);

#endif /* BUILD_SCENARIO_H */
