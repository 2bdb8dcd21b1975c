/* build_scenario_emit.c -- writing the scenario: YAML scalars, the
 * template with its {{placeholders}}, and the practice CSV.
 *
 * A placeholder is `{{name arg...}}` on one line; arguments are words or
 * "quoted strings". Block placeholders (practices, localities, groups,
 * consortia) stand alone on their line and indent every line they write to
 * the placeholder's column. docs/scenario-builder.md lists them all. */
#include "build_scenario.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Writes one practice as a flow mapping. Numbers are written as the CSV
 * has them, so the YAML carries exactly the published figures. */
static void write_practice(bs_tmpl *t, const bs_practice *p, const int col[2])
{
    const bs_build *b = t->emit->build;
    const bs_record *r = &b->table->records[p->record];
    FILE *out = t->out;

    fputs("- {code: ", out);
    bs_yaml_scalar(out, p->code);
    fputs(", name: ", out);
    bs_yaml_quoted(out, p->name);
    fputs(", locality: ", out);
    bs_yaml_scalar(out, b->localities[p->locality].id);
    fprintf(out, ", registered: %.15g, weighted: %.15g", p->registered,
            p->weighted);
    if (!isnan(p->imd))
        fprintf(out, ", imd: %s", r->fields[col[0]]);
    if (!isnan(p->gp_fte))
        fprintf(out, ", gp_fte: %s", r->fields[col[1]]);
    if (!isnan(p->need))
        fprintf(out, ", need: %.1f", p->need);
    fputc('}', out);
}

/* {{practices}}: the practices inline, or the reference to their CSV. */
int bs_ph_practices(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    int col[2] = {b->col_imd, b->col_fte};

    if (t->emit->csv_ref) {
        fputs("practices_csv: {file: ", t->out);
        bs_yaml_scalar(t->out, t->emit->csv_ref);
        fputs(", locality_column: locality}", t->out);
        return 0;
    }
    fputs("practices:", t->out);
    for (size_t i = 0; i < b->n_practices; i++) {
        bs_tmpl_newline(t);
        fputs("  ", t->out);
        write_practice(t, &b->practices[i], col);
    }
    return 0;
}

/* Writes the selected practices with every input column and a final
 * `locality` column; blank where the input had "NA" for IMD or GP FTE. */
int bs_write_practices_csv(const bs_build *b, FILE *fp)
{
    const bs_record *h = &b->table->records[0];
    const char **f = malloc((h->n + 2) * sizeof *f);
    int bad = 0, with_need = b->n_practices > 0
                             && !isnan(b->practices[0].need);
    size_t n = h->n + 1 + (size_t)with_need;
    char need[32];

    if (!f)
        return -1;
    memcpy(f, h->fields, h->n * sizeof *f);
    f[h->n] = "need";
    f[n - 1] = "locality";
    bad |= bs_csv_write_record(fp, f, n);
    for (size_t i = 0; i < b->n_practices && !bad; i++) {
        const bs_practice *p = &b->practices[i];
        memcpy(f, b->table->records[p->record].fields, h->n * sizeof *f);
        if (b->col_imd >= 0 && isnan(p->imd))
            f[b->col_imd] = "";             /* "NA" is written blank */
        if (b->col_fte >= 0 && isnan(p->gp_fte))
            f[b->col_fte] = "";
        snprintf(need, sizeof need, "%.1f", p->need);
        f[h->n] = isnan(p->need) ? "" : need;
        f[n - 1] = b->localities[p->locality].id;
        bad |= bs_csv_write_record(fp, f, n);
    }
    free(f);
    return bad ? -1 : 0;
}

int bs_ph_command(bs_tmpl *t)
{
    fputs(t->emit->command ? t->emit->command : "", t->out);
    return 0;
}

/* A mask of the practices in locality `k`. */
static void locality_mask(const bs_build *b, int k, char *mask)
{
    for (size_t i = 0; i < b->n_practices; i++)
        mask[i] = b->practices[i].locality == k;
}

/* The neighbours of locality k as a flow list, in locality order. */
static void write_neighbours(bs_tmpl *t, size_t k)
{
    const bs_build *b = t->emit->build;
    size_t nl = b->n_localities;
    int first = 1;

    fputc('[', t->out);
    for (size_t j = 0; j < nl; j++)
        if (b->adjacent[k * nl + j]) {
            fputs(first ? "" : ", ", t->out);
            bs_yaml_scalar(t->out, b->localities[j].id);
            first = 0;
        }
    fputc(']', t->out);
}

/* {{localities key=value...}}: every locality, with the attributes. */
int bs_ph_localities(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    char *mask = malloc(b->n_practices + 1);
    int bad = 0;

    if (!mask)
        return bs_tmpl_error(t, 0, "out of memory");
    fputs("localities:", t->out);
    for (size_t k = 0; k < b->n_localities && !bad; k++) {
        const bs_locality *l = &b->localities[k];
        locality_mask(b, (int)k, mask);
        bs_tmpl_newline(t);
        fputs("  - {id: ", t->out);
        bs_yaml_scalar(t->out, l->id);
        fputs(", name: ", t->out);
        bs_yaml_quoted(t->out, l->name ? l->name : l->id);
        bad = bs_tmpl_attrs(t, 1, mask, 1);
        if (b->adjacent) {
            fputs(", neighbours: ", t->out);
            write_neighbours(t, k);
        }
        fputc('}', t->out);
    }
    free(mask);
    return bad;
}

/* {{neighbours LOCALITY}}: its neighbours (--neighbours) as a flow list. */
int bs_ph_neighbours(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    int k = bs_find_locality(b, t->args[1]);

    if (!b->adjacent)
        return bs_tmpl_error(t, 0, "{{neighbours}} needs --neighbours K on "
                             "the command line");
    if (k < 0)
        return bs_tmpl_error(t, 1, "no locality '%s'", t->args[1]);
    write_neighbours(t, (size_t)k);
    return 0;
}

/* Groups the practices by the value of `column` ("all": one group;
 * "locality": by locality), in order of first appearance: group_of[i] for
 * each practice, first[g] the first practice of each group. */
static int group_by(bs_tmpl *t, const char *column, size_t *group_of,
                    size_t *first, size_t *n_groups)
{
    const bs_build *b = t->emit->build;
    int col = bs_table_column(b->table, column);

    if (col < 0 && strcmp(column, "all") && strcmp(column, "locality"))
        return bs_tmpl_error(t, 1, "no column '%s' to group by; use all, "
                             "locality or a column such as icb_code", column);
    *n_groups = !strcmp(column, "locality") ? b->n_localities : 0;
    for (size_t g = 0; g < *n_groups; g++)
        first[g] = b->n_practices;
    for (size_t i = 0; i < b->n_practices; i++) {
        size_t g = 0;
        if (!strcmp(column, "locality")) {
            g = (size_t)b->practices[i].locality;
        } else if (col >= 0) {
            const char *v = b->table->records[b->practices[i].record]
                            .fields[col];
            while (g < *n_groups && strcmp(v, b->table->records[
                       b->practices[first[g]].record].fields[col]))
                g++;
        }
        if (g == *n_groups)
            first[(*n_groups)++] = i;
        else if (first[g] == b->n_practices)
            first[g] = i;
        group_of[i] = g;
    }
    return 0;
}

/* {{groups COLUMN key=value...}}: one flow mapping per value of COLUMN
 * (for organisations made per group, e.g. one per ICB). */
int bs_ph_groups(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    size_t *group_of = malloc((2 * b->n_practices + 1) * sizeof *group_of);
    char *mask = malloc(b->n_practices + 1);
    size_t n_groups = 0;
    int bad = !group_of || !mask ? bs_tmpl_error(t, 0, "out of memory") : 0;

    if (!bad)
        bad = group_by(t, t->args[1], group_of, group_of + b->n_practices,
                       &n_groups);
    for (size_t g = 0; g < n_groups && !bad; g++) {
        for (size_t i = 0; i < b->n_practices; i++)
            mask[i] = group_of[i] == g;
        if (g > 0)
            bs_tmpl_newline(t);
        fputs("- {", t->out);
        bad = bs_tmpl_attrs(t, 2, mask, 0);
        fputc('}', t->out);
    }
    free(group_of);
    free(mask);
    return bad;
}

/* Checks that no locality is split between groups (a consortium is made of
 * whole localities). */
static int check_whole_localities(bs_tmpl *t, const size_t *group_of)
{
    const bs_build *b = t->emit->build;
    size_t *seen = malloc((b->n_localities + 1) * sizeof *seen);

    if (!seen)
        return bs_tmpl_error(t, 0, "out of memory");
    for (size_t k = 0; k < b->n_localities; k++)
        seen[k] = (size_t)-1;
    for (size_t i = 0; i < b->n_practices; i++) {
        size_t *s = &seen[b->practices[i].locality];
        if (*s != (size_t)-1 && *s != group_of[i]) {
            const char *id = b->localities[b->practices[i].locality].id;
            free(seen);
            return bs_tmpl_error(t, 1, "locality '%s' falls in two groups "
                                 "by '%s'; a consortium is made of whole "
                                 "localities, so group by a coarser column "
                                 "or change the locality rule", id,
                                 t->args[1]);
        }
        *s = group_of[i];
    }
    free(seen);
    return 0;
}

/* Writes one consortium of group `g` (practices in `mask`). */
static int write_consortium(bs_tmpl *t, size_t g, size_t first,
                            const char *mask)
{
    const bs_build *b = t->emit->build;
    const char *by = t->args[1];
    const bs_record *r = &b->table->records[b->practices[first].record];
    int defaults = !bs_tmpl_arg(t, 2, "id"), sep = 0;

    fputs("- {", t->out);
    if (defaults && !strcmp(by, "locality")) {
        const bs_locality *l = &b->localities[g];
        fputs("id: ", t->out);
        bs_yaml_scalar(t->out, l->id);
        fputs(", name: ", t->out);
        bs_yaml_quoted(t->out, l->name ? l->name : l->id);
        sep = 1;
    } else if (defaults && strcmp(by, "all")) {
        int name_col = -1;
        size_t n = strlen(by);
        if (n > 5 && !strcmp(by + n - 5, "_code")) {
            char stem[128];
            snprintf(stem, sizeof stem, "%.*s_name", (int)(n - 5), by);
            name_col = bs_table_column(b->table, stem);
        }
        const char *v = r->fields[bs_table_column(b->table, by)];
        fputs("id: ", t->out);
        bs_yaml_scalar(t->out, v);
        fputs(", name: ", t->out);
        bs_yaml_quoted(t->out, name_col >= 0 ? r->fields[name_col] : v);
        sep = 1;
    } else if (defaults) {
        return bs_tmpl_error(t, 1, "'{{consortia all}}' needs id=... and "
                             "name=...");
    }
    if (bs_tmpl_attrs(t, 2, mask, sep) < 0)
        return -1;
    char *has = calloc(b->n_localities + 1, 1);
    if (!has)
        return bs_tmpl_error(t, 0, "out of memory");
    for (size_t i = 0; i < b->n_practices; i++)
        has[b->practices[i].locality] |= mask[i];
    fputs(", localities: [", t->out);
    sep = 0;
    for (size_t k = 0; k < b->n_localities; k++) {
        if (!has[k])
            continue;
        fputs(sep++ ? ", " : "", t->out);
        bs_yaml_scalar(t->out, b->localities[k].id);
    }
    fputs("]}", t->out);
    free(has);
    return 0;
}

/* {{consortia BY key=value...}}: one consortium per group of localities,
 * BY being all, locality or a column (e.g. icb_code). */
int bs_ph_consortia(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    size_t *group_of = malloc((2 * b->n_practices + 1) * sizeof *group_of);
    char *mask = malloc(b->n_practices + 1);
    size_t n_groups = 0, *first = group_of + b->n_practices;
    int bad = !group_of || !mask ? bs_tmpl_error(t, 0, "out of memory") : 0;

    if (!bad)
        bad = group_by(t, t->args[1], group_of, first, &n_groups);
    if (!bad)
        bad = check_whole_localities(t, group_of);
    for (size_t g = 0; g < n_groups && !bad; g++) {
        for (size_t i = 0; i < b->n_practices; i++)
            mask[i] = group_of[i] == g;
        if (g > 0)
            bs_tmpl_newline(t);
        bad = write_consortium(t, g, first[g], mask);
    }
    free(group_of);
    free(mask);
    return bad;
}

/* {{codes SELECTION}}: the practice codes as a YAML flow list, wrapped
 * before column 80. */
int bs_ph_codes(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    char *mask = malloc(b->n_practices + 1);
    int width = t->out_col + 1, n = 0;

    if (!mask)
        return bs_tmpl_error(t, 0, "out of memory");
    if (bs_tmpl_select(t, 1, mask) < 0) {
        free(mask);
        return -1;
    }
    fputc('[', t->out);
    for (size_t i = 0; i < b->n_practices; i++) {
        if (!mask[i])
            continue;
        int len = (int)strlen(b->practices[i].code) + 2;
        if (n++ > 0) {
            fputc(',', t->out);
            if (width + len > 78) {
                fprintf(t->out, "\n%*s", t->out_col + 1, "");
                width = t->out_col + 1;
            } else {
                fputc(' ', t->out);
            }
        }
        bs_yaml_scalar(t->out, b->practices[i].code);
        width += len;
    }
    fputc(']', t->out);
    free(mask);
    return 0;
}

/* Writes a whole number, with ',' between thousands when `grouping`. */
static void write_whole(FILE *fp, double v, int grouping)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%.0f", v);

    if (!grouping || n < 0 || n >= (int)sizeof digits) {
        fputs(digits, fp);
        return;
    }
    for (int i = 0; i < n; i++) {
        fputc(digits[i], fp);
        if (digits[i] != '-' && (n - 1 - i) % 3 == 0 && i < n - 1)
            fputc(',', fp);
    }
}

/* The mask of the practices a placeholder's SELECTION (its arguments
 * after the first) chooses, or NULL with the error already reported. The
 * caller frees it. */
static char *chosen(bs_tmpl *t)
{
    char *mask = malloc(t->emit->build->n_practices + 1);

    if (!mask) {
        bs_tmpl_error(t, 0, "out of memory");
        return NULL;
    }
    if (bs_tmpl_select(t, 1, mask) < 0) {
        free(mask);
        return NULL;
    }
    return mask;
}

/* {{count|registered|weighted|imd|gp_fte SELECTION}}: a figure for the
 * chosen practices: how many; list sums; the list-weighted mean IMD score
 * of those that have one (to 1 decimal); the GP FTE of those that have
 * one (to 1 decimal). */
int bs_ph_stat(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    const char *what = t->args[0];
    char *mask = chosen(t);
    double n = 0, sum = 0, wsum = 0;

    if (!mask)
        return -1;
    for (size_t i = 0; i < b->n_practices; i++) {
        const bs_practice *p = &b->practices[i];
        if (!mask[i])
            continue;
        n++;
        if (!strcmp(what, "registered"))
            sum += p->registered;
        else if (!strcmp(what, "weighted"))
            sum += p->weighted;
        else if (!strcmp(what, "imd") && !isnan(p->imd))
            sum += p->imd * p->registered, wsum += p->registered;
        else if (!strcmp(what, "gp_fte") && !isnan(p->gp_fte))
            sum += p->gp_fte;
    }
    free(mask);
    if (n == 0)
        return bs_tmpl_error(t, 0, "'{{%s}}' chooses no practices; check "
                             "its arguments", what);
    if (!strcmp(what, "imd") && wsum == 0)
        return bs_tmpl_error(t, 0, "no chosen practice has an IMD score");
    if (!strcmp(what, "imd"))
        fprintf(t->out, "%.1f", sum / wsum);
    else if (!strcmp(what, "gp_fte"))
        fprintf(t->out, "%.1f", sum);
    else
        write_whole(t->out, strcmp(what, "count") ? sum : n, t->grouping);
    return 0;
}

/* Orders districts by area letters, then number, then suffix. */
static int cmp_district(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t i = strspn(x, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    size_t j = strspn(y, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    int c = strncmp(x, y, i < j ? i : j);

    if (c || i != j)
        return c ? c : (i < j ? -1 : 1);
    long nx = strtol(x + i, NULL, 10), ny = strtol(y + j, NULL, 10);
    return nx != ny ? (nx < ny ? -1 : 1) : strcmp(x, y);
}

/* {{districts SELECTION}}: the postcode districts of the chosen practices,
 * in order, comma-separated (for comments that document a rule). */
int bs_ph_districts(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    const char **d = malloc((b->n_practices + 1) * sizeof *d);
    char *mask = d ? chosen(t) : NULL;
    size_t n = 0;

    if (!mask) {
        int rc = d ? -1 : bs_tmpl_error(t, 0, "out of memory");
        free(d);
        return rc;
    }
    for (size_t i = 0; i < b->n_practices; i++)
        if (mask[i] && b->practices[i].district[0])
            d[n++] = b->practices[i].district;
    qsort(d, n, sizeof *d, cmp_district);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(d[i], d[i - 1]))
            fprintf(t->out, "%s%s", i ? ", " : "", d[i]);
    free(mask);
    free(d);
    return 0;
}

/* {{need|need_per_head|hi_per_head|need_imputed SELECTION}} (with --need):
 * the chosen practices' need (sum, whole people), their need per head and
 * health-inequalities need per head (sums over registered, 3 decimals),
 * and how many of them had their need imputed from their CCG. */
int bs_ph_need(bs_tmpl *t)
{
    const bs_build *b = t->emit->build;
    const char *what = t->args[0];
    char *mask = chosen(t);
    double need = 0, hi = 0, reg = 0, imputed = 0;
    size_t n = 0;

    if (!mask)
        return -1;
    for (size_t i = 0; i < b->n_practices; i++) {
        const bs_practice *p = &b->practices[i];
        if (!mask[i])
            continue;
        if (isnan(p->need)) {
            free(mask);
            return bs_tmpl_error(t, 0, "'{{%s}}' needs the practices' need; "
                                 "give the builder --need FILE", what);
        }
        n++;
        need += p->need;
        hi += p->hi_need;
        reg += p->registered;
        imputed += p->need_imputed;
    }
    free(mask);
    if (n == 0)
        return bs_tmpl_error(t, 0, "'{{%s}}' chooses no practices; check "
                             "its arguments", what);
    if (!strcmp(what, "need_per_head"))
        fprintf(t->out, "%.3f", need / reg);
    else if (!strcmp(what, "hi_per_head"))
        fprintf(t->out, "%.3f", hi / reg);
    else
        write_whole(t->out, !strcmp(what, "need") ? need : imputed,
                    t->grouping);
    return 0;
}

/* ---- The placeholders ------------------------------------------------- */

/* The table the expander (build_scenario_tmpl.c) dispatches on: it lives
 * here, with the functions it names, and is passed down, so the expander
 * never calls up into this file. `figure` marks the placeholders that take
 * a ',' (thousands separators). */
static const bs_placeholder placeholders[] = {
    {"command", 0, 0, 0, 0, bs_ph_command},
    {"practices", 0, 0, 1, 0, bs_ph_practices},
    {"localities", 0, BS_MAX_ARGS, 1, 0, bs_ph_localities},
    {"neighbours", 1, 1, 0, 0, bs_ph_neighbours},
    {"groups", 1, BS_MAX_ARGS, 1, 0, bs_ph_groups},
    {"consortia", 1, BS_MAX_ARGS, 1, 0, bs_ph_consortia},
    {"codes", 0, BS_MAX_ARGS, 0, 0, bs_ph_codes},
    {"count", 0, BS_MAX_ARGS, 0, 1, bs_ph_stat},
    {"registered", 0, BS_MAX_ARGS, 0, 1, bs_ph_stat},
    {"weighted", 0, BS_MAX_ARGS, 0, 1, bs_ph_stat},
    {"imd", 0, BS_MAX_ARGS, 0, 1, bs_ph_stat},
    {"gp_fte", 0, BS_MAX_ARGS, 0, 1, bs_ph_stat},
    {"need", 0, BS_MAX_ARGS, 0, 1, bs_ph_need},
    {"need_per_head", 0, BS_MAX_ARGS, 0, 1, bs_ph_need},
    {"hi_per_head", 0, BS_MAX_ARGS, 0, 1, bs_ph_need},
    {"need_imputed", 0, BS_MAX_ARGS, 0, 1, bs_ph_need},
    {"districts", 0, BS_MAX_ARGS, 0, 0, bs_ph_districts},
};

int bs_expand(const bs_emit *e, const char *name, const char *tmpl,
              FILE *out, cs_diag *diag)
{
    return bs_tmpl_expand(e, placeholders,
                          sizeof placeholders / sizeof *placeholders, name,
                          tmpl, out, diag);
}
