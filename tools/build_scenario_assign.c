/* build_scenario_assign.c -- assigning the selected practices to
 * localities: by postcode-district rules (--locality), by a column of the
 * practice CSV (--locality-column) or by a practice -> locality table
 * (--locality-table); then dealing with the practices left over
 * (--unmatched). */
#include "build_scenario.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Index of locality `id`, added (with `name`, may be NULL) when new;
 * -1 when memory runs out. */
static int locality_intern(bs_build *b, const char *id, const char *name)
{
    int k = bs_find_locality(b, id);
    if (k >= 0) {
        if (name && !b->localities[k].name)
            b->localities[k].name = strdup(name);
        return k;
    }
    bs_locality *l = realloc(b->localities,
                             (b->n_localities + 1) * sizeof *l);
    if (!l)
        return -1;
    b->localities = l;
    l = &b->localities[b->n_localities];
    l->id = strdup(id);
    l->name = name ? strdup(name) : NULL;
    if (!l->id || (name && !l->name)) {
        free(l->id);
        free(l->name);
        return -1;
    }
    return (int)b->n_localities++;
}

#define ID_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
                 "0123456789_-"

int bs_valid_id(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_')
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

/* Splits a district ("ME7", "EC1A") into area letters, number and suffix
 * letter; 0, or -1 when it is not one. */
static int split_district(const char *d, char area[3], int *num, char *suffix)
{
    size_t i = 0;

    while (isalpha((unsigned char)d[i]) && i < 2)
        area[i] = d[i], i++;
    area[i] = '\0';
    if (i == 0 || !isdigit((unsigned char)d[i]))
        return -1;
    *num = d[i++] - '0';
    if (isdigit((unsigned char)d[i]))
        *num = *num * 10 + (d[i++] - '0');
    *suffix = isalpha((unsigned char)d[i]) ? d[i++] : '\0';
    return d[i] == '\0' ? 0 : -1;
}

/* Whether `term` ("ME1", "ME1-ME3", "ME1-3", "*") is well formed. */
static int valid_term(const char *term)
{
    char area[3], area2[3], sfx;
    int lo, hi;
    const char *dash = strchr(term, '-');

    if (!strcmp(term, "*"))
        return 1;
    if (!dash)
        return split_district(term, area, &lo, &sfx) == 0;
    char first[8];
    size_t n = (size_t)(dash - term);
    if (n == 0 || n >= sizeof first)
        return 0;
    memcpy(first, term, n);
    first[n] = '\0';
    if (split_district(first, area, &lo, &sfx) < 0 || sfx)
        return 0;
    if (isdigit((unsigned char)dash[1])) {
        char full[8];
        snprintf(full, sizeof full, "%s%s", area, dash + 1);
        if (split_district(full, area2, &hi, &sfx) < 0)
            return 0;
    } else if (split_district(dash + 1, area2, &hi, &sfx) < 0
               || strcmp(area, area2)) {
        return 0;
    }
    return !sfx && lo <= hi;
}

/* Whether district `d` falls under the (valid) term. */
static int term_matches(const char *term, const char *d)
{
    char area[3], darea[3], sfx;
    int lo, hi, num;
    const char *dash = strchr(term, '-');

    if (!strcmp(term, "*"))
        return 1;
    if (!dash)
        return !strcmp(term, d);
    if (split_district(d, darea, &num, &sfx) < 0)
        return 0;
    sscanf(term, "%2[A-Z]%d", area, &lo);
    const char *h = dash + 1;
    while (isalpha((unsigned char)*h))
        h++;
    hi = atoi(h);
    return !strcmp(area, darea) && num >= lo && num <= hi;
}

/* Splits the comma-separated terms of a rule into `r`. */
static int parse_terms(bs_rule *r, const char *arg, const char *list,
                       cs_diag *diag)
{
    char *copy = strdup(list), *save = NULL;

    if (!copy)
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",",
                                                                &save)) {
        while (*t == ' ')
            t++;
        for (char *e = t + strlen(t); e > t && e[-1] == ' ';)
            *--e = '\0';
        for (char *c = t; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        char **terms = realloc(r->terms, (r->n_terms + 1) * sizeof *terms);
        if (!terms || !(terms[r->n_terms] = strdup(t))) {
            r->terms = terms ? terms : r->terms;
            free(copy);
            return cs_diag_error(diag, BS_CMDLINE, "out of memory");
        }
        r->terms = terms;
        r->n_terms++;
        if (!valid_term(t)) {
            cs_diag_error(diag, BS_CMDLINE, "--locality '%s': '%s' is not a "
                          "postcode district; write districts such as ME1, "
                          "ranges such as ME1-ME3, or *", arg, t);
            free(copy);
            return -1;
        }
    }
    free(copy);
    if (r->n_terms == 0)
        return cs_diag_error(diag, BS_CMDLINE, "--locality '%s' lists no "
                             "districts; write e.g. 'rochester=ME1,ME2,ME3'",
                             arg);
    return 0;
}

int bs_add_rule(bs_build *b, const char *arg, cs_diag *diag)
{
    const char *eq = strchr(arg, '=');
    char head[256];

    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof head)
        return cs_diag_error(diag, BS_CMDLINE, "--locality '%s' has no "
                             "'ID=DISTRICTS'; write e.g. "
                             "'rochester/Rochester and Strood=ME1-ME3'", arg);
    memcpy(head, arg, (size_t)(eq - arg));
    head[eq - arg] = '\0';
    char *name = strchr(head, '/');
    if (name)
        *name++ = '\0';
    if (!bs_valid_id(head))
        return cs_diag_error(diag, BS_CMDLINE, "--locality '%s': '%s' is "
                             "not a usable id; start with a letter and use "
                             "letters, digits, '_' or '-'", arg, head);
    bs_rule *rules = realloc(b->rules, (b->n_rules + 1) * sizeof *rules);
    if (!rules)
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    b->rules = rules;
    bs_rule *r = memset(&rules[b->n_rules++], 0, sizeof *r);
    r->locality = locality_intern(b, head, name && *name ? name : NULL);
    if (r->locality < 0)
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    const char *list = eq + 1, *colon = strchr(list, ':');
    if (colon) {
        if (!(r->scope = strndup(list, (size_t)(colon - list))))
            return cs_diag_error(diag, BS_CMDLINE, "out of memory");
        list = colon + 1;
    }
    return parse_terms(r, arg, list, diag);
}

/* Deals with practices no rule or table placed, by b->unmatched. `how`
 * names the rule for messages. */
static int finish_assignment(bs_build *b, const char *how, cs_diag *diag)
{
    size_t kept = 0, dropped = 0;
    int target = -1, bad = 0;

    if (b->unmatched == BS_UNMATCHED_ASSIGN
        && (target = locality_intern(b, b->unmatched_to, NULL)) < 0)
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    for (size_t i = 0; i < b->n_practices; i++) {
        bs_practice *p = &b->practices[i];
        const bs_record *r = &b->table->records[p->record];
        if (p->locality < 0 && b->unmatched == BS_UNMATCHED_ERROR)
            bad = cs_diag_error(diag, (cs_pos){b->table->path, r->lines[0], 1},
                                "practice '%s' (postcode '%s') is in no "
                                "locality by %s; extend the rule or use "
                                "--unmatched=drop or --unmatched=LOCALITY",
                                p->code, p->postcode, how);
        else if (p->locality < 0 && b->unmatched == BS_UNMATCHED_DROP)
            dropped++;
        else if (p->locality < 0)
            p->locality = target;
        if (p->locality >= 0 || b->unmatched != BS_UNMATCHED_DROP)
            b->practices[kept++] = *p;
    }
    if (dropped)
        cs_diag_warning(diag, BS_CMDLINE, "%zu practices in no locality by "
                        "%s were left out (--unmatched=drop)", dropped, how);
    b->n_practices = kept;
    for (size_t k = 0; k < b->n_localities && !bad; k++) {
        size_t n = 0;
        for (size_t i = 0; i < b->n_practices; i++)
            n += b->practices[i].locality == (int)k;
        if (n == 0)
            bad = cs_diag_error(diag, BS_CMDLINE, "locality '%s' has no "
                                "practices; check its rule",
                                b->localities[k].id);
    }
    return bad;
}

/* Whether rule `r` places practice `p` (scope checked on its CCG/ICB). */
static int rule_matches(const bs_build *b, const bs_rule *r,
                        const bs_practice *p)
{
    if (r->scope) {
        const bs_record *rec = &b->table->records[p->record];
        int c = bs_table_column(b->table, "ccg_code");
        int i = bs_table_column(b->table, "icb_code");
        if (strcmp(rec->fields[c], r->scope) && strcmp(rec->fields[i],
                                                       r->scope))
            return 0;
    }
    for (size_t t = 0; t < r->n_terms; t++)
        if ((p->district[0] || !strcmp(r->terms[t], "*"))
            && term_matches(r->terms[t], p->district))
            return 1;
    return 0;
}

int bs_assign_by_rules(bs_build *b, cs_diag *diag)
{
    for (size_t i = 0; i < b->n_practices; i++) {
        bs_practice *p = &b->practices[i];
        p->locality = -1;
        for (size_t k = 0; k < b->n_rules && p->locality < 0; k++)
            if (rule_matches(b, &b->rules[k], p))
                p->locality = b->rules[k].locality;
    }
    return finish_assignment(b, "the --locality rules", diag);
}

int bs_assign_by_column(bs_build *b, const char *column, cs_diag *diag)
{
    const bs_table *t = b->table;
    int col = bs_table_column(t, column), name_col = -1;
    size_t n = strlen(column);

    if (col < 0)
        return cs_diag_error(diag, BS_CMDLINE, "--locality-column: '%s' has "
                             "no column '%s'; use e.g. ccg_code or icb_code",
                             t->path, column);
    if (n > 5 && !strcmp(column + n - 5, "_code")) {
        char stem[128];
        snprintf(stem, sizeof stem, "%.*s_name", (int)(n - 5), column);
        name_col = bs_table_column(t, stem);
    }
    for (size_t i = 0; i < b->n_practices; i++) {
        bs_practice *p = &b->practices[i];
        const bs_record *r = &t->records[p->record];
        cs_pos pos = {t->path, r->lines[col], r->cols[col]};
        const char *v = r->fields[col];
        if (!bs_valid_id(v) && !(isdigit((unsigned char)v[0])
                                 && strspn(v, ID_CHARS) == strlen(v)))
            return cs_diag_error(diag, pos, "'%s' in column '%s' cannot be "
                                 "a locality id; use letters, digits, '_' "
                                 "or '-'", r->fields[col], column);
        p->locality = locality_intern(b, r->fields[col], name_col >= 0
                                      ? r->fields[name_col] : NULL);
        if (p->locality < 0)
            return cs_diag_error(diag, pos, "out of memory");
    }
    return finish_assignment(b, "--locality-column", diag);
}

/* A practice code and where it stands, for looking codes up. */
typedef struct code_ref {
    const char *code;
    size_t index;
} code_ref;

static int cmp_code_ref(const void *a, const void *b)
{
    return strcmp(((const code_ref *)a)->code, ((const code_ref *)b)->code);
}

/* Applies one table record (code, locality, optional name) to the
 * practices; counts codes that are not among them in *n_foreign. */
static int apply_table_record(bs_build *b, const bs_table *t, size_t rec,
                              const int col[3], const code_ref *idx,
                              size_t *n_foreign, cs_diag *diag)
{
    const bs_record *r = &t->records[rec];
    const char *loc = r->fields[col[1]];
    cs_pos pos = {t->path, r->lines[col[1]], r->cols[col[1]]};
    code_ref key = {r->fields[col[0]], 0};
    const code_ref *hit = bsearch(&key, idx, b->n_practices, sizeof *idx,
                                  cmp_code_ref);

    if (!bs_valid_id(loc))
        return cs_diag_error(diag, pos, "'%s' cannot be a locality id; start "
                             "with a letter and use letters, digits, '_' or "
                             "'-'", loc);
    if (!hit) {
        (*n_foreign)++;
        return 0;
    }
    bs_practice *p = &b->practices[hit->index];
    if (p->locality >= 0)
        return cs_diag_error(diag, (cs_pos){t->path, r->lines[col[0]],
                             r->cols[col[0]]}, "practice '%s' is listed "
                             "twice; give each practice one locality",
                             p->code);
    p->locality = locality_intern(b, loc, col[2] >= 0 && r->fields[col[2]][0]
                                  ? r->fields[col[2]] : NULL);
    return p->locality < 0 ? cs_diag_error(diag, pos, "out of memory") : 0;
}

int bs_assign_by_table(bs_build *b, const char *path, cs_diag *diag)
{
    bs_table *t = bs_csv_read(path, diag);
    code_ref *idx = NULL;
    size_t n_foreign = 0;
    int bad = 0, col[3];

    if (!t)
        return -1;
    col[0] = bs_table_column(t, "practice_code");
    col[1] = bs_table_column(t, "locality");
    col[2] = bs_table_column(t, "locality_name");
    if (col[0] < 0 || col[1] < 0) {
        bs_table_free(t);
        return cs_diag_error(diag, (cs_pos){path, 1, 1}, "the locality table "
                             "needs the columns 'practice_code' and "
                             "'locality' (and may have 'locality_name')");
    }
    idx = malloc((b->n_practices + 1) * sizeof *idx);
    if (!idx) {
        bs_table_free(t);
        return cs_diag_error(diag, BS_CMDLINE, "out of memory");
    }
    for (size_t i = 0; i < b->n_practices; i++) {
        idx[i] = (code_ref){b->practices[i].code, i};
        b->practices[i].locality = -1;
    }
    qsort(idx, b->n_practices, sizeof *idx, cmp_code_ref);
    for (size_t r = 1; r < t->n_records; r++)
        if (apply_table_record(b, t, r, col, idx, &n_foreign, diag) < 0)
            bad = -1;
    if (n_foreign)
        cs_diag_warning(diag, (cs_pos){path, 0, 0}, "%zu practices in the "
                        "table are not among the selected practices; they "
                        "were ignored", n_foreign);
    free(idx);
    bs_table_free(t);
    return bad ? -1 : finish_assignment(b, "--locality-table", diag);
}
