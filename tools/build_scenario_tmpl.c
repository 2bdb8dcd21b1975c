/* build_scenario_tmpl.c -- the template expander: copies the hand-written
 * template to the output, replacing each {{placeholder arg...}} with what
 * build_scenario_emit.c writes for it, and gives the placeholders their
 * shared helpers (errors at a position, selections, key=value attributes
 * with $column substitution). */
#include "build_scenario.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


int bs_tmpl_error(bs_tmpl *t, size_t arg, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cs_diag_error(t->diag, (cs_pos){t->name, t->line,
                         arg > 0 && arg < t->n_args ? t->arg_cols[arg]
                                                    : t->col},
                         "%s", msg);
}

void bs_tmpl_newline(bs_tmpl *t)
{
    fputc('\n', t->out);
    fputs(t->indent, t->out);
}

static void free_args(bs_tmpl *t)
{
    for (size_t i = 0; i < t->n_args; i++)
        free(t->args[i]);
    t->n_args = 0;
}

/* Splits the text between "{{" and "}}" (`s`, `n` bytes, starting at
 * column `col`) into t->args: words, with "quoted" parts (\" and \\
 * escapes) joined to their neighbours. */
static int tokenize(bs_tmpl *t, const char *s, size_t n, int col)
{
    size_t i = 0;

    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == n)
            break;
        if (t->n_args == BS_MAX_ARGS)
            return bs_tmpl_error(t, BS_MAX_ARGS, "more than %d arguments; "
                                 "split the placeholder", BS_MAX_ARGS - 1);
        char *w = malloc(n - i + 1);
        size_t k = 0, start = i;
        if (!w)
            return bs_tmpl_error(t, BS_MAX_ARGS, "out of memory");
        t->args[t->n_args] = w;
        t->arg_cols[t->n_args++] = col + (int)start;
        while (i < n && s[i] != ' ' && s[i] != '\t') {
            if (s[i] != '"') {
                w[k++] = s[i++];
                continue;
            }
            for (i++; i < n && s[i] != '"'; i++)
                w[k++] = s[i] == '\\' && i + 1 < n ? s[++i] : s[i];
            if (i == n)
                return bs_tmpl_error(t, t->n_args - 1, "a quoted argument "
                                     "is never closed; end it with '\"'");
            i++;
        }
        w[k] = '\0';
    }
    if (t->n_args == 0)
        return bs_tmpl_error(t, 0, "an empty placeholder; write e.g. "
                             "{{practices}}");
    return 0;
}

/* Runs the placeholder in t->args. */
static int dispatch(bs_tmpl *t)
{
    const char *names[BS_MAX_PLACEHOLDERS];
    size_t n = strlen(t->args[0]);

    t->grouping = n > 1 && t->args[0][n - 1] == ',';
    if (t->grouping)
        t->args[0][n - 1] = '\0';
    for (size_t i = 0; i < t->n_phs; i++) {
        const bs_placeholder *ph = &t->phs[i];
        names[i] = ph->name;
        if (strcmp(ph->name, t->args[0]))
            continue;
        if (t->n_args - 1 < ph->min_args || t->n_args - 1 > ph->max_args)
            return bs_tmpl_error(t, 0, "'{{%s}}' takes %s; see "
                                 "docs/scenario-builder.md", ph->name,
                                 ph->max_args == 0 ? "no arguments"
                                 : "a grouping first (e.g. locality, "
                                   "ccg_code or all)");
        if (t->grouping && !ph->figure)
            return bs_tmpl_error(t, 0, "only figures take ',' (thousands "
                                 "separators), e.g. {{registered,}}");
        if (ph->block && !t->alone)
            return bs_tmpl_error(t, 0, "'{{%s}}' writes a block of lines; "
                                 "put it on a line of its own", ph->name);
        return ph->fn(t);
    }
    const char *best = cs_did_you_mean(t->args[0], names, t->n_phs);
    return bs_tmpl_error(t, 0, "no placeholder '{{%s}}'%s%s%s; see "
                         "docs/scenario-builder.md", t->args[0],
                         best ? "; did you mean '{{" : "", best ? best : "",
                         best ? "}}'?" : "");
}

/* The "}}" that closes a placeholder whose text starts at `s`, skipping
 * "quoted" arguments; NULL when the line ends first. */
static const char *find_close(const char *s)
{
    int quoted = 0;

    for (; *s && *s != '\n'; s++) {
        if (quoted && *s == '\\' && s[1] && s[1] != '\n')
            s++;
        else if (*s == '"')
            quoted = !quoted;
        else if (!quoted && s[0] == '}' && s[1] == '}')
            return s;
    }
    return NULL;
}

/* Expands the placeholder starting at `p` ("{{"); *end gets the text
 * after it. `line_start` is where its line begins. */
static int expand_one(bs_tmpl *t, const char *line_start, const char *p,
                      const char **end)
{
    const char *close = find_close(p + 2), *nl = strchr(p, '\n');

    t->col = (int)(p - line_start) + 1;
    if (!close) {
        *end = nl ? nl : p + strlen(p);
        return bs_tmpl_error(t, 0, "'{{' is never closed on its line; end "
                             "the placeholder with '}}'");
    }
    *end = close + 2;
    size_t n = (size_t)(p - line_start);
    t->alone = strspn(line_start, " \t") >= n;
    if (n >= sizeof t->indent)
        n = sizeof t->indent - 1;
    for (size_t i = 0; i < n; i++)
        t->indent[i] = line_start[i] == '\t' ? '\t' : ' ';
    t->indent[n] = '\0';
    int rc = tokenize(t, p + 2, (size_t)(close - p - 2), t->col + 2);
    if (rc == 0)
        rc = dispatch(t);
    free_args(t);
    return rc;
}

int bs_tmpl_expand(const bs_emit *e, const bs_placeholder *phs, size_t n_phs,
                   const char *name, const char *tmpl, FILE *out,
                   cs_diag *diag)
{
    bs_tmpl t = {.emit = e, .diag = diag, .name = name, .line = 1,
                 .phs = phs, .n_phs = n_phs < BS_MAX_PLACEHOLDERS
                                         ? n_phs : BS_MAX_PLACEHOLDERS};
    const char *line_start = tmpl;
    char *buf = NULL;
    size_t len = 0;
    long out_line = 0;          /* where the output's current line began */
    int bad = 0;

    /* Expanded in memory first, so placeholders know their output column
     * (for wrapping) whatever `out` is. */
    if (!(t.out = open_memstream(&buf, &len)))
        return cs_diag_error(diag, (cs_pos){name, 0, 0}, "out of memory");
    for (const char *p = tmpl; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            t.out_col = (int)(ftell(t.out) - out_line);
            bad |= expand_one(&t, line_start, p, &p);
            continue;
        }
        fputc(*p, t.out);
        if (*p++ == '\n') {
            t.line++;
            line_start = p;
            out_line = ftell(t.out);
        }
    }
    if (fclose(t.out) != 0)
        bad = cs_diag_error(diag, (cs_pos){name, 0, 0}, "out of memory");
    else if (!bad && fwrite(buf, 1, len, out) != len)
        bad = cs_diag_error(diag, (cs_pos){name, 0, 0}, "write error");
    free(buf);
    return bad ? -1 : 0;
}

const char *bs_tmpl_arg(const bs_tmpl *t, size_t first, const char *key)
{
    size_t n = strlen(key);

    for (size_t i = first; i < t->n_args; i++)
        if (!strncmp(t->args[i], key, n) && t->args[i][n] == '=')
            return t->args[i] + n + 1;
    return NULL;
}

/* Applies one selection argument to `mask`; `any_loc` tracks whether a
 * locality was named (then only named localities count). */
static int select_one(bs_tmpl *t, size_t a, char *mask, char *in_loc)
{
    const bs_build *b = t->emit->build;
    const char *arg = t->args[a], *eq = strchr(arg, '=');

    if (eq) {
        char col_name[128];
        snprintf(col_name, sizeof col_name, "%.*s", (int)(eq - arg), arg);
        int col = bs_table_column(b->table, col_name);
        if (col < 0)
            return bs_tmpl_error(t, a, "no column '%s' in the practice CSV; "
                                 "use e.g. ccg_code=05W", col_name);
        for (size_t i = 0; i < b->n_practices; i++)
            if (strcmp(b->table->records[b->practices[i].record].fields[col],
                       eq + 1))
                mask[i] = 0;
        return 0;
    }
    int k = bs_find_locality(b, arg);
    if (k < 0) {
        const char *ids[256], *best;
        size_t n = b->n_localities < 256 ? b->n_localities : 256;
        for (size_t i = 0; i < n; i++)
            ids[i] = b->localities[i].id;
        best = cs_did_you_mean(arg, ids, n);
        return bs_tmpl_error(t, a, "no locality '%s'%s%s%s", arg,
                             best ? "; did you mean '" : "; check the "
                             "--locality rules", best ? best : "",
                             best ? "'?" : "");
    }
    for (size_t i = 0; i < b->n_practices; i++)
        in_loc[i] |= b->practices[i].locality == k;
    return 0;
}

int bs_tmpl_select(bs_tmpl *t, size_t first, char *mask)
{
    const bs_build *b = t->emit->build;
    char *in_loc = calloc(b->n_practices + 1, 1);
    int any_loc = 0, bad = 0;

    if (!in_loc)
        return bs_tmpl_error(t, 0, "out of memory");
    memset(mask, 1, b->n_practices);
    for (size_t a = first; a < t->n_args; a++) {
        any_loc |= strchr(t->args[a], '=') == NULL;
        bad |= select_one(t, a, mask, in_loc);
    }
    for (size_t i = 0; i < b->n_practices && any_loc; i++)
        mask[i] &= in_loc[i];
    free(in_loc);
    return bad ? -1 : 0;
}

/* The value of `column` shared by every practice in `mask`, or NULL (with
 * an error) when the column is missing or the values differ. */
static const char *common_value(bs_tmpl *t, size_t a, const char *column,
                                const char *mask)
{
    const bs_build *b = t->emit->build;
    int col = bs_table_column(b->table, column);
    const char *v = NULL;

    if (col < 0) {
        bs_tmpl_error(t, a, "no column '%s' in the practice CSV for "
                      "'$%s'; check its spelling", column, column);
        return NULL;
    }
    for (size_t i = 0; i < b->n_practices; i++) {
        if (!mask[i])
            continue;
        const char *w = b->table->records[b->practices[i].record].fields[col];
        if (v && strcmp(v, w)) {
            bs_tmpl_error(t, a, "'$%s' is both '%s' and '%s' within one "
                          "group; use a column that is the same for the "
                          "whole group", column, v, w);
            return NULL;
        }
        v = w;
    }
    return v ? v : "";
}

/* Writes `v` with each $column replaced by its common value. */
static int substitute(bs_tmpl *t, size_t a, const char *v, const char *mask,
                      FILE *out)
{
    while (*v) {
        if (*v != '$') {
            fputc(*v++, out);
            continue;
        }
        if (*++v == '$') {
            fputc(*v++, out);
            continue;
        }
        char column[128];
        size_t n = 0;
        while ((isalnum((unsigned char)*v) || *v == '_') && n < 127)
            column[n++] = *v++;
        column[n] = '\0';
        if (n == 0)
            return bs_tmpl_error(t, a, "'$' without a column name; write "
                                 "e.g. $icb_code, or $$ for a '$'");
        const char *value = common_value(t, a, column, mask);
        if (!value)
            return -1;
        fputs(value, out);
    }
    return 0;
}

/* Whether `s` can go into YAML unquoted as a number or a boolean. */
static int plain_value(const char *s)
{
    char *end;

    if (!strcmp(s, "true") || !strcmp(s, "false"))
        return 1;
    strtod(s, &end);
    return *s && *end == '\0';
}

int bs_tmpl_attrs(bs_tmpl *t, size_t first, const char *mask, int lead)
{
    for (size_t a = first; a < t->n_args; a++, lead = 1) {
        const char *arg = t->args[a], *eq = strchr(arg, '=');
        if (!eq || eq == arg || strspn(arg, "abcdefghijklmnopqrstuvwxyz_")
                                != (size_t)(eq - arg))
            return bs_tmpl_error(t, a, "'%s' is not key=value; write e.g. "
                                 "pct=medway_pct", arg);
        fprintf(t->out, "%s%.*s: ", lead ? ", " : "", (int)(eq - arg), arg);
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem)
            return bs_tmpl_error(t, a, "out of memory");
        int rc = substitute(t, a, eq + 1, mask, mem);
        fclose(mem);
        if (rc == 0 && (buf[0] == '{' || buf[0] == '[' || plain_value(buf)))
            fputs(buf, t->out);
        else if (rc == 0)
            bs_yaml_scalar(t->out, buf);
        free(buf);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- YAML scalars (used here and by the placeholders) ---------------- */

static int plain_safe(const char *s)
{
    static const char *const special[] = {
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"
    };

    if (!isalpha((unsigned char)*s) && *s != '_')
        return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-'
            && *p != '.')
            return 0;
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        if (!strcasecmp(s, special[i]))
            return 0;
    return 1;
}

/* The length of the well-formed UTF-8 sequence at `p` (1-4), or 0. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
               : p[0] >= 0xe0 && p[0] < 0xf0 ? 3
               : p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : 0;

    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((n == 3 && p[0] == 0xe0 && p[1] < 0xa0)     /* overlong */
        || (n == 3 && p[0] == 0xed && p[1] >= 0xa0) /* surrogate */
        || (n == 4 && p[0] == 0xf0 && p[1] < 0x90)
        || (n == 4 && p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return n;
}

void bs_yaml_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f || n == 0)
            fprintf(fp, "\\x%02x", *p);   /* a stray byte read as Latin-1 */
        else
            fwrite(p, 1, n, fp);
        p += n ? n : 1;
    }
    fputc('"', fp);
}

void bs_yaml_scalar(FILE *fp, const char *s)
{
    if (plain_safe(s))
        fputs(s, fp);
    else
        bs_yaml_quoted(fp, s);
}
