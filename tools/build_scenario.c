/* build_scenario.c -- the command line of tools/build-scenario: reads the
 * options, runs selection, locality assignment and template expansion, and
 * writes the YAML (and the practice CSV) through temporary files renamed
 * into place. See docs/scenario-builder.md. */
#include "build_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#define MAX_TEMPLATE_BYTES (4u * 1024u * 1024u)
#define MAX_CODES 512

/* The rest of the template used when --template is not given. */
static const char default_template_body[] =
    "\n"
    "{{localities}}\n"
    "\n"
    "{{practices}}\n"
    "\n"
    "options:\n"
    "  - id: one\n"
    "    name: \"One consortium of all the practices\"\n"
    "    consortia:\n"
    "      {{consortia all id=all name=\"All practices\"}}\n"
    "  - id: localities\n"
    "    name: \"One consortium per locality\"\n"
    "    consortia:\n"
    "      {{consortia locality}}\n";

typedef struct options {
    const char *data, *template_path, *output, *csv, *table, *column;
    const char *id, *name;
    const char *codes[MAX_CODES];   /* CCG codes, then ICB codes */
    size_t n_ccg, n_icb;
    const char *icb[MAX_CODES];
    int summary;
    const char *need;       /* --need: the allocation formula's file */
    unsigned neighbours;    /* --neighbours K, or 0 */
} options;

static void usage(FILE *fp)
{
    fputs("usage: build-scenario [OPTIONS] PRACTICES.csv\n"
          "Builds a consortia scenario from the practice CSV.\n"
          "\n"
          "selection (practices in any of the codes; none: all of them):\n"
          "  --ccg CODES            CCG codes, comma-separated (e.g. 09W)\n"
          "  --icb CODES            ICB codes, comma-separated (e.g. QKS)\n"
          "localities (one of):\n"
          "  --locality 'ID[/NAME]=[CODE:]DISTRICTS'  postcode districts,\n"
          "                         e.g. 'rochester/Rochester=ME1-ME3';\n"
          "                         repeat; the first matching rule wins\n"
          "  --locality-column COL  the value of a column (ccg_code, ...)\n"
          "  --locality-table FILE  a CSV of practice_code,locality\n"
          "  --unmatched WHAT       error (default), drop, or a locality id\n"
          "output:\n"
          "  --template FILE        the hand-written YAML with {{placeholders}}\n"
          "  --id ID --name NAME    scenario id and name (default template)\n"
          "  -o, --output FILE      the YAML (default: standard output)\n"
          "  --csv FILE             write the practices to FILE and refer to it\n"
          "  --imd-column COL       IMD column (default imd_2010)\n"
          "  --fte-column COL       GP FTE column (default gp_fte_2016)\n"
          "  --keep-zero-fte        keep GP FTE 0 where the headcount is 0 too\n"
          "  --need FILE            need per practice from NHS England's\n"
          "                         allocation-formula weighted populations\n"
          "  --neighbours K         localities are neighbours when a practice\n"
          "                         of one is among the K nearest of a practice\n"
          "                         of the other (coordinates from --need)\n"
          "  --summary              print a table of the localities to stderr\n"
          "  -h, --help             this text\n", fp);
}

/* Appends comma-separated codes to o->codes (CCG) or o->icb (ICB). */
static int add_codes(options *o, const char *list, int icb, cs_diag *diag)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        size_t *count = icb ? &o->n_icb : &o->n_ccg;
        if (n > 0) {
            char *code = strndup(p, n);
            if (!code || *count >= MAX_CODES) {
                free(code);
                return cs_diag_error(diag, BS_CMDLINE, "too many codes "
                                     "(at most %d)", MAX_CODES);
            }
            (icb ? o->icb : o->codes)[(*count)++] = code;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

static void free_options(options *o)
{
    for (size_t i = 0; i < o->n_ccg; i++)
        free((char *)o->codes[i]);
    for (size_t i = 0; i < o->n_icb; i++)
        free((char *)o->icb[i]);
}

/* Parses argv into `o` and b's rules; returns 0, -1 (errors in diag) or
 * 1 when --help was asked for. */
enum { O_CCG = 256, O_ICB, O_LOC, O_COL, O_TABLE, O_UNMATCHED, O_TMPL,
       O_ID, O_NAME, O_CSV, O_IMD, O_FTE, O_SUMMARY, O_KEEP_FTE, O_NEED,
       O_NBR };

static const struct option longopts[] = {
    {"ccg", 1, 0, O_CCG}, {"icb", 1, 0, O_ICB}, {"locality", 1, 0, O_LOC},
    {"locality-column", 1, 0, O_COL}, {"locality-table", 1, 0, O_TABLE},
    {"unmatched", 1, 0, O_UNMATCHED}, {"template", 1, 0, O_TMPL},
    {"id", 1, 0, O_ID}, {"name", 1, 0, O_NAME}, {"output", 1, 0, 'o'},
    {"csv", 1, 0, O_CSV}, {"imd-column", 1, 0, O_IMD},
    {"fte-column", 1, 0, O_FTE}, {"summary", 0, 0, O_SUMMARY},
    {"keep-zero-fte", 0, 0, O_KEEP_FTE}, {"need", 1, 0, O_NEED},
    {"neighbours", 1, 0, O_NBR}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}
};

static int parse_args(int argc, char **argv, options *o, bs_build *b,
                      cs_diag *diag)
{
    int c, bad = 0;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
        switch (c) {
        case O_CCG: bad |= add_codes(o, optarg, 0, diag); break;
        case O_ICB: bad |= add_codes(o, optarg, 1, diag); break;
        case O_LOC: bad |= bs_add_rule(b, optarg, diag); break;
        case O_COL: o->column = optarg; break;
        case O_TABLE: o->table = optarg; break;
        case O_UNMATCHED:
            b->unmatched = !strcmp(optarg, "error") ? BS_UNMATCHED_ERROR
                           : !strcmp(optarg, "drop") ? BS_UNMATCHED_DROP
                           : BS_UNMATCHED_ASSIGN;
            free(b->unmatched_to);
            if (!(b->unmatched_to = strdup(optarg)))
                return cs_diag_error(diag, BS_CMDLINE, "out of memory");
            if (b->unmatched == BS_UNMATCHED_ASSIGN && !bs_valid_id(optarg))
                bad = cs_diag_error(diag, BS_CMDLINE, "--unmatched '%s': "
                                    "write error, drop or a locality id",
                                    optarg);
            break;
        case O_TMPL: o->template_path = optarg; break;
        case O_ID: o->id = optarg; break;
        case O_NAME: o->name = optarg; break;
        case 'o': o->output = optarg; break;
        case O_CSV: o->csv = optarg; break;
        case O_IMD: b->imd_column = optarg; break;
        case O_FTE: b->fte_column = optarg; break;
        case O_SUMMARY: o->summary = 1; break;
        case O_KEEP_FTE: b->keep_zero_fte = 1; break;
        case O_NEED: o->need = optarg; break;
        case O_NBR: {
            char *end;
            unsigned long k = strtoul(optarg, &end, 10);
            if (*end || !isdigit((unsigned char)optarg[0]) || k < 1 || k > 64)
                bad = cs_diag_error(diag, BS_CMDLINE, "--neighbours needs a "
                                    "whole number from 1 to 64, not '%s'",
                                    optarg);
            o->neighbours = (unsigned)k;
            break;
        }
        case 'h': return 1;
        case ':':
            bad = cs_diag_error(diag, BS_CMDLINE, "'%s' needs a value; see "
                                "--help", argv[optind - 1]);
            break;
        default:
            bad = cs_diag_error(diag, BS_CMDLINE, "unknown option '%s'; see "
                                "--help", argv[optind - 1]);
        }
    }
    for (int i = 1; i < argc; i++)
        if (strpbrk(argv[i], "\r\n"))
            bad = cs_diag_error(diag, BS_CMDLINE, "argument %d holds a line "
                                "break, which the command recorded in the "
                                "scenario's header cannot; remove it", i);
    if (optind != argc - 1)
        return cs_diag_error(diag, BS_CMDLINE, "give exactly one practice "
                             "CSV file (e.g. ../shared/data/england-practices-"
                             "2014-15.csv); see --help");
    o->data = argv[optind];
    if ((b->n_rules > 0) + !!o->column + !!o->table != 1)
        bad = cs_diag_error(diag, BS_CMDLINE, "choose one way to make "
                            "localities: --locality rules, --locality-column "
                            "or --locality-table");
    return bad ? -1 : 0;
}

/* The command line as one shell-quoted line, argv[0] as "build-scenario".
 * The caller frees it; NULL when memory runs out. */
static char *command_line(int argc, char **argv)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    if (!fp)
        return NULL;
    fputs("build-scenario", fp);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        fputc(' ', fp);
        if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                         "VWXYZ0123456789-_./=,:+") == strlen(a)) {
            fputs(a, fp);
            continue;
        }
        fputc('\'', fp);
        for (; *a; a++)
            fputs(*a == '\'' ? "'\\''" : (char[2]){*a, 0}, fp);
        fputc('\'', fp);
    }
    return fclose(fp) == 0 ? buf : (free(buf), NULL);
}

/* The default template for scenario `id` named `name`; caller frees. */
static char *default_template(const char *id, const char *name)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    if (!fp)
        return NULL;
    fputs("format: 1\n\nscenario:\n  id: ", fp);
    bs_yaml_scalar(fp, id);
    fputs("\n  name: ", fp);
    bs_yaml_quoted(fp, name);
    fputs("\n", fp);
    fputs(default_template_body, fp);
    return fclose(fp) == 0 ? buf : (free(buf), NULL);
}

/* Reads a whole text file (a template) as a string; NULL with an error. */
static char *read_text(const char *path, cs_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;

    if (!fp) {
        cs_diag_error(diag, (cs_pos){path, 0, 0}, "cannot open: %s; check "
                      "the path", strerror(errno));
        return NULL;
    }
    buf = malloc(MAX_TEMPLATE_BYTES + 1);
    if (buf)
        len = fread(buf, 1, MAX_TEMPLATE_BYTES + 1, fp);
    if (!buf || ferror(fp) || len > MAX_TEMPLATE_BYTES
        || memchr(buf, '\0', len)) {
        cs_diag_error(diag, (cs_pos){path, 0, 0}, "cannot read it as a "
                      "template (a text file under %u bytes)",
                      MAX_TEMPLATE_BYTES);
        free(buf);
        buf = NULL;
    } else {
        buf[len] = '\0';
    }
    fclose(fp);
    return buf;
}

/* The directory part of `path` made absolute (realpath), or NULL. */
static char *abs_dir(const char *path)
{
    char *copy = strdup(path), *slash, *r;

    if (!copy)
        return NULL;
    slash = strrchr(copy, '/');
    if (slash == copy)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    r = realpath(slash ? copy : ".", NULL);
    free(copy);
    return r;
}

/* The path of `target` relative to the directory of `from`, as a YAML file
 * names its CSV. Caller frees; NULL when a directory does not exist. */
static char *relative_path(const char *from, const char *target)
{
    char *fd = abs_dir(from), *td = abs_dir(target), *r = NULL;
    const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1
                                            : target;
    size_t common = 0, len = 0;

    if (fd && td) {
        /* Longest common prefix ending at a '/' (or the whole path). */
        for (size_t i = 0;; i++) {
            int fe = fd[i] == '\0' || fd[i] == '/';
            int te = td[i] == '\0' || td[i] == '/';
            if (fe && te)
                common = i;
            if (fd[i] != td[i] || !fd[i])
                break;
        }
        FILE *fp = open_memstream(&r, &len);
        if (fp) {
            for (const char *p = fd + common; *p; p++)
                if (*p == '/')
                    fputs("../", fp);
            for (const char *p = td + common; *p; p++)
                if (*p != '/' || p != td + common)
                    fputc(*p, fp);
            if (td[common])
                fputc('/', fp);
            fputs(base, fp);
            if (fclose(fp) != 0) {
                free(r);
                r = NULL;
            }
        }
    }
    free(fd);
    free(td);
    return r;
}

/* Opens `path` through the core's output files (base/fileio.h: a
 * temporary file beside it, renamed into place only when complete); 0, or
 * -1 with an error. */
static int out_open(cs_out *o, const char *path, cs_diag *diag)
{
    char err[512];

    if (cs_out_open(o, path, err, sizeof err) == 0)
        return 0;
    o->fp = NULL;
    return cs_diag_error(diag, BS_CMDLINE, "%s", err);
}

/* With `keep`, commits an opened file into place; otherwise removes the
 * temporary file. Non-zero when the commit failed. */
static int out_close(cs_out *o, int keep, cs_diag *diag)
{
    char err[512];

    if (!o->fp)
        return 0;
    if (!keep) {
        cs_out_abort(o);
        return 0;
    }
    if (cs_out_commit(o, err, sizeof err) == 0)
        return 0;
    return cs_diag_error(diag, BS_CMDLINE, "%s", err) != 0;
}

/* Prints one line per locality: practices, lists, IMD, districts. */
static void print_summary(const bs_build *b, FILE *fp)
{
    fprintf(fp, "%-24s %9s %11s %11s %6s\n", "locality", "practices",
            "registered", "weighted", "imd");
    for (size_t k = 0; k <= b->n_localities; k++) {
        double n = 0, reg = 0, w = 0, imd = 0, imd_w = 0;
        for (size_t i = 0; i < b->n_practices; i++) {
            const bs_practice *p = &b->practices[i];
            if (k < b->n_localities && p->locality != (int)k)
                continue;
            n++, reg += p->registered, w += p->weighted;
            if (p->imd == p->imd)
                imd += p->imd * p->registered, imd_w += p->registered;
        }
        fprintf(fp, "%-24s %9.0f %11.0f %11.0f %6.1f\n",
                k < b->n_localities ? b->localities[k].id : "(all)", n, reg,
                w, imd_w > 0 ? imd / imd_w : 0.0);
    }
}

/* Selection and locality assignment; the sysexits code. */
static int build(const options *o, bs_build *b, cs_diag *diag)
{
    const char *all[2 * MAX_CODES];

    if (access(o->data, R_OK) != 0) {
        cs_diag_error(diag, (cs_pos){o->data, 0, 0}, "cannot read: %s; "
                      "check the path", strerror(errno));
        return EX_NOINPUT;
    }
    if (!(b->table = bs_csv_read(o->data, diag)))
        return EX_DATAERR;
    memcpy(all, o->codes, o->n_ccg * sizeof *all);
    memcpy(all + o->n_ccg, o->icb, o->n_icb * sizeof *all);
    if (bs_select(b, all, o->n_ccg, o->n_icb, diag) < 0)
        return EX_DATAERR;
    if (o->column ? bs_assign_by_column(b, o->column, diag)
        : o->table ? bs_assign_by_table(b, o->table, diag)
        : bs_assign_by_rules(b, diag))
        return EX_DATAERR;
    if (o->need && bs_read_need(b, o->need, diag) < 0)
        return EX_DATAERR;
    if (o->neighbours && !o->need) {
        cs_diag_error(diag, BS_CMDLINE, "--neighbours takes the practices' "
                      "coordinates from the --need file; give --need too");
        return EX_USAGE;
    }
    if (o->neighbours && bs_neighbours(b, o->need, o->neighbours, diag) < 0)
        return EX_DATAERR;
    if (o->need && b->n_need_imputed > 0)
        cs_diag_warning(diag, (cs_pos){o->need, 0, 0}, "%zu of %zu selected "
                        "practices are not in the need file (closed or "
                        "merged); each takes its CCG's need per head",
                        b->n_need_imputed, b->n_practices);
    return EX_OK;
}

/* Writes the CSV (if asked) and the YAML; the sysexits code. */
static int write_outputs(const options *o, const bs_build *b,
                         const char *tmpl, const char *tmpl_name,
                         char *command, cs_diag *diag)
{
    bs_emit e = {b, command, NULL};
    cs_out yaml = {0}, csv = {0};
    char *ref = NULL;
    int rc = EX_OK;

    if (o->csv && o->output && !(ref = relative_path(o->output, o->csv))) {
        cs_diag_error(diag, (cs_pos){o->csv, 0, 0}, "cannot make its path "
                      "relative to '%s'; check both directories exist",
                      o->output);
        return EX_CANTCREAT;
    }
    e.csv_ref = o->csv ? (ref ? ref : o->csv) : NULL;
    if ((o->csv && out_open(&csv, o->csv, diag) < 0)
        || (o->output && out_open(&yaml, o->output, diag) < 0))
        rc = EX_CANTCREAT;
    FILE *out = o->output ? yaml.fp : stdout;
    if (rc == EX_OK && o->csv && bs_write_practices_csv(b, csv.fp) < 0)
        rc = EX_IOERR;
    if (rc == EX_OK) {
        fprintf(out, "# Generated by build-scenario%s%s;\n# edit %s, not "
                "this file, and regenerate it from the repository root:\n"
                "#   %s\n", o->template_path ? " from " : "",
                o->template_path ? o->template_path : "",
                o->template_path ? "the template" : "the command", command);
        if (bs_expand(&e, tmpl_name, tmpl, out, diag) < 0)
            rc = EX_DATAERR;
    }
    if (out_close(&csv, rc == EX_OK, diag) || out_close(&yaml, rc == EX_OK,
                                                        diag))
        rc = rc == EX_OK ? EX_IOERR : rc;
    if (!o->output && fflush(stdout) != 0)
        rc = EX_IOERR;
    free(ref);
    return rc;
}

int main(int argc, char **argv)
{
    options o = {0};
    bs_build b = {0};
    cs_diag diag = {0};
    char *tmpl = NULL, *command = command_line(argc, argv);
    int rc = parse_args(argc, argv, &o, &b, &diag);

    if (rc == 1) {
        usage(stdout);
        rc = EX_OK;
    } else if (rc < 0 || !command) {
        rc = command ? EX_USAGE : EX_OSERR;
    } else if ((rc = build(&o, &b, &diag)) == EX_OK) {
        tmpl = o.template_path ? read_text(o.template_path, &diag)
               : default_template(o.id ? o.id : "scenario",
                                  o.name ? o.name : "Scenario");
        rc = !tmpl ? (o.template_path ? EX_NOINPUT : EX_OSERR)
             : write_outputs(&o, &b, tmpl, o.template_path ? o.template_path
                             : "(default template)", command, &diag);
        if (rc == EX_OK && o.summary)
            print_summary(&b, stderr);
    }
    cs_diag_print(&diag, stderr);
    if (rc == EX_USAGE)
        fputs("build-scenario: try 'build-scenario --help'\n", stderr);
    free(tmpl);
    free(command);
    free_options(&o);
    bs_build_clear(&b);
    cs_diag_clear(&diag);
    return rc;
}
