/* loader_value.c -- reading typed values out of YAML nodes, with a
 * file:line:col message for everything that is not what the schema wants. */
#include "loader_priv.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cs_pos ld_pos(const ld_ctx *c, const ld_node *n)
{
    cs_pos p = {c->file, 0, 0};

    if (!n)
        n = c->root;        /* a key that is missing: the top mapping */
    if (n) {
        p.line = n->line;
        p.col = n->col;
    }
    return p;
}

int ld_error(ld_ctx *c, const ld_node *n, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cs_diag_error(c->diag, ld_pos(c, n), "%s", msg);
}

int ld_want_more(const ld_ctx *c)
{
    return c->diag->n_msgs < CS_DIAG_MAX;
}

/* A short description of what a node is, for "must be X, not Y". */
static const char *describe(const ld_node *n, char *buf, size_t size)
{
    if (n->kind == LD_SEQ)
        return "a list";
    if (n->kind == LD_MAP)
        return "a mapping";
    if (ld_is_null(n))
        return "empty";
    snprintf(buf, size, "%s'%.40s%s'", n->plain ? "" : "the quoted text ",
             n->text, n->len > 40 ? "..." : "");
    return buf;
}

const ld_node *ld_get(const ld_node *map, const char *key)
{
    if (!map || map->kind != LD_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const ld_node *k = map->kids[2 * i];
        if (k->kind == LD_SCALAR && !strcmp(k->text, key))
            return map->kids[2 * i + 1];
    }
    return NULL;
}

int ld_is_null(const ld_node *n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

    if (!n || n->kind != LD_SCALAR || !n->plain)
        return 0;
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        if (!strcmp(n->text, nulls[i]))
            return 1;
    return 0;
}

static int need_map(ld_ctx *c, const ld_node *n, const char *what)
{
    char buf[64];

    if (n->kind == LD_MAP)
        return 0;
    return ld_error(c, n, "%s must be a mapping of 'key: value' pairs, not "
                    "%s; write one 'key: value' per line or {key: value, ...}",
                    what, describe(n, buf, sizeof buf));
}

int ld_check_map(ld_ctx *c, const ld_node *n, const char *what,
                 const char *const *keys, size_t n_keys)
{
    int rc = 0;
    size_t seen[32];

    if (need_map(c, n, what))
        return -1;
    for (size_t j = 0; j < n_keys && j < 32; j++)
        seen[j] = (size_t)-1;
    for (size_t i = 0; i < n->n; i++) {
        const ld_node *k = n->kids[2 * i];
        char hint[128];
        size_t j;

        if (k->kind != LD_SCALAR) {
            rc = ld_error(c, k, "a key in %s is %s; keys are plain words "
                          "such as '%s'", what, k->kind == LD_SEQ ? "a list"
                          : "a mapping", keys[0]);
            continue;
        }
        for (j = 0; j < n_keys && strcmp(k->text, keys[j]); j++)
            ;
        if (j == n_keys) {
            ld_suggest(c, k->text, keys, n_keys, hint, sizeof hint);
            rc = ld_error(c, k, "unknown key '%.60s' in %s%s", k->text, what,
                          hint[0] ? hint : "; remove it or check the "
                          "spelling (see docs/scenario-format.md)");
        } else if (j < 32 && seen[j] != (size_t)-1) {
            rc = ld_error(c, k, "key '%s' appears twice in %s (first at line "
                          "%d); remove one of them", keys[j], what,
                          n->kids[2 * seen[j]]->line);
        } else if (j < 32) {
            seen[j] = i;
        }
    }
    return rc;
}

int ld_check_free_map(ld_ctx *c, const ld_node *n, const char *what)
{
    ld_index ix;
    int rc = 0;

    if (need_map(c, n, what))
        return -1;
    ld_index_init(&ix);
    for (size_t i = 0; i < n->n; i++) {
        const ld_node *k = n->kids[2 * i];
        int first;

        if (k->kind != LD_SCALAR || ld_is_null(k) || !k->text[0] ||
            strlen(k->text) != k->len) {
            rc = ld_error(c, k, "a key in %s is not a plain name; write "
                          "'name: value'", what);
            continue;
        }
        first = ld_index_add(&ix, k->text, (int)i);
        if (first == -2) {
            rc = ld_error(c, k, "out of memory; free some memory");
            break;
        }
        if (first >= 0)
            rc = ld_error(c, k, "'%.60s' appears twice in %s (first at line "
                          "%d); remove one of them", k->text, what,
                          n->kids[2 * first]->line);
    }
    ld_index_free(&ix);
    return rc;
}

int ld_list(ld_ctx *c, const ld_node *n, const char *what, int null_ok,
            ld_node *const **items, size_t *n_items)
{
    char buf[64];

    *items = NULL;
    *n_items = 0;
    if (null_ok && ld_is_null(n))
        return 0;
    if (n->kind != LD_SEQ)
        return ld_error(c, n, "%s must be a list, not %s; write [a, b] or "
                        "one '- item' per line", what,
                        describe(n, buf, sizeof buf));
    *items = n->kids;
    *n_items = n->n;
    return 0;
}

const ld_node *ld_need(ld_ctx *c, const ld_node *map, const char *key,
                       const char *what)
{
    const ld_node *v = ld_get(map, key);

    if (!v)
        ld_error(c, map, "%s has no '%s'; add '%s: ...'", what, key, key);
    return v;
}

int ld_string(ld_ctx *c, const ld_node *n, const char *what, char **out)
{
    char buf[64];

    *out = NULL;
    if (n->kind != LD_SCALAR || ld_is_null(n))
        return ld_error(c, n, "%s must be text, not %s; write it as a word "
                        "or in quotes", what, describe(n, buf, sizeof buf));
    if (strlen(n->text) != n->len)
        return ld_error(c, n, "%s contains a NUL character ('\\0'); "
                        "remove it", what);
    *out = strdup(n->text);
    if (!*out)
        return ld_error(c, n, "out of memory; free some memory");
    return 0;
}

static int ident_char(int ch)
{
    return isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
}

int ld_ident_ok(const char *s)
{
    size_t i;

    for (i = 0; s[i] && ident_char((unsigned char)s[i]); i++)
        ;
    return i > 0 && i <= 64 && !s[i];
}

void ld_ident_fix(const char *s, char fix[65])
{
    size_t i;

    for (i = 0; s[i] && i < 64; i++) {
        unsigned char ch = (unsigned char)s[i];
        fix[i] = ident_char(ch) && ch < 128 ? (char)tolower(ch) : '_';
    }
    fix[i] = '\0';
    if (!i)
        strcpy(fix, "north");
}

int ld_ident(ld_ctx *c, const ld_node *n, const char *what, char **out)
{
    char fix[65];

    if (ld_string(c, n, what, out))
        return -1;
    if (!ld_ident_ok(*out)) {
        ld_ident_fix(*out, fix);
        ld_error(c, n, "%s '%.60s' is not a valid id; use 1 to 64 letters, "
                 "digits, '_', '-' or '.' (e.g. '%s')", what, *out, fix);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int ld_parse_double(const char *s, double *out)
{
    const char *p = s;
    int digits = 0;

    if (*p == '+' || *p == '-')
        p++;
    if (!strcmp(p, ".inf") || !strcmp(p, ".Inf") || !strcmp(p, ".INF")) {
        *out = *s == '-' ? -HUGE_VAL : HUGE_VAL;
        return 0;
    }
    if (p == s && (!strcmp(p, ".nan") || !strcmp(p, ".NaN") ||
                   !strcmp(p, ".NAN"))) {
        *out = NAN;
        return 0;
    }
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (!digits)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return -1;
    *out = strtod(s, NULL);
    return 0;
}

int ld_number(ld_ctx *c, const ld_node *n, const char *what, double *out)
{
    char buf[64];

    *out = NAN;
    if (n->kind != LD_SCALAR || ld_is_null(n))
        return ld_error(c, n, "%s must be a number, not %s; write a number "
                        "such as 0.5 or 1200", what,
                        describe(n, buf, sizeof buf));
    if (!n->plain) {
        double v;
        if (!ld_parse_double(n->text, &v))
            return ld_error(c, n, "%s must be a number, not the quoted text "
                            "\"%.40s\"; remove the quotes", what, n->text);
        return ld_error(c, n, "%s must be a number, not %s; write a number "
                        "such as 0.5 or 1200", what,
                        describe(n, buf, sizeof buf));
    }
    if (ld_parse_double(n->text, out))
        return ld_error(c, n, "%s must be a number, not %s; write digits "
                        "with an optional '.' and exponent, without commas "
                        "or units", what, describe(n, buf, sizeof buf));
    if (!isfinite(*out)) {
        *out = NAN;
        return ld_error(c, n, "%s is '%.40s', which is not a finite number; "
                        "give a finite number", what, n->text);
    }
    return 0;
}

void ld_range_text(double lo, double hi, unsigned flags, char *buf,
                       size_t size)
{
    int has_lo = lo > -HUGE_VAL, has_hi = hi < HUGE_VAL;

    if (has_lo && has_hi && !flags)
        snprintf(buf, size, "between %.15g and %.15g", lo, hi);
    else if (has_lo && has_hi)
        snprintf(buf, size, "%s %.15g and %s %.15g",
                 flags & LD_LO_OPEN ? "greater than" : "at least", lo,
                 flags & LD_HI_OPEN ? "less than" : "at most", hi);
    else if (has_lo)
        snprintf(buf, size, "%s %.15g",
                 flags & LD_LO_OPEN ? "greater than" : "at least", lo);
    else
        snprintf(buf, size, "%s %.15g",
                 flags & LD_HI_OPEN ? "less than" : "at most", hi);
}

int ld_number_in(ld_ctx *c, const ld_node *n, const char *what, double lo,
                 double hi, unsigned flags, double *out)
{
    char range[128];
    double v;

    if (ld_number(c, n, what, &v))
        return -1;
    if (v < lo || v > hi || ((flags & LD_LO_OPEN) && v == lo) ||
        ((flags & LD_HI_OPEN) && v == hi)) {
        ld_range_text(lo, hi, flags, range, sizeof range);
        *out = NAN;
        return ld_error(c, n, "%s must be %s, not %.40s; correct the value",
                        what, range, n->text);
    }
    *out = v;
    return 0;
}

int ld_uint(ld_ctx *c, const ld_node *n, const char *what, uint64_t lo,
            uint64_t hi, uint64_t *out)
{
    const char *p = n->kind == LD_SCALAR ? n->text + (n->text[0] == '+')
                                         : "";
    uint64_t v = 0;
    double d;

    *out = 0;
    if (n->kind == LD_SCALAR && n->plain && *p && strspn(p, "0123456789") ==
        strlen(p)) {
        for (; *p; p++) {
            unsigned digit = (unsigned)(*p - '0');
            if (v > (UINT64_MAX - digit) / 10)
                return ld_error(c, n, "%s %.40s is too large (it overflows a "
                                "64-bit integer); the largest allowed is %"
                                PRIu64, what, n->text, hi);
            v = v * 10 + digit;
        }
        if (v < lo || v > hi)
            return ld_error(c, n, "%s must be between %" PRIu64 " and %"
                            PRIu64 ", not %.40s; correct the value", what,
                            lo, hi, n->text);
        *out = v;
        return 0;
    }
    if (ld_number(c, n, what, &d))
        return -1;
    if (d < 0 || n->text[0] == '-')
        return ld_error(c, n, "%s must be between %" PRIu64 " and %" PRIu64
                        ", not %.40s; correct the value", what, lo, hi,
                        n->text);
    return ld_error(c, n, "%s must be a whole number, not %.40s; write it "
                    "without a decimal point or exponent", what, n->text);
}

int ld_bool(ld_ctx *c, const ld_node *n, const char *what, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    char buf[64];

    *out = 0;
    if (n->kind == LD_SCALAR && n->plain) {
        for (size_t i = 0; i < 3; i++) {
            if (!strcmp(n->text, yes[i])) {
                *out = 1;
                return 0;
            }
            if (!strcmp(n->text, no[i]))
                return 0;
        }
    }
    return ld_error(c, n, "%s must be true or false, not %s; write true or "
                    "false", what, describe(n, buf, sizeof buf));
}

const char *ld_suggest(ld_ctx *c, const char *word, const char *const *cands,
                       size_t n_cands, char *buf, size_t size)
{
    const char *best = NULL;

    buf[0] = '\0';
    if (ld_want_more(c))
        best = cs_did_you_mean(word, cands, n_cands);
    if (best)
        snprintf(buf, size, "; did you mean '%.60s'?", best);
    return buf;
}

static const char *ref_id(const cs_model *m, ld_ref_kind kind, size_t i)
{
    if (kind == LD_REF_ORG)
        return m->orgs[i].id;
    if (kind == LD_REF_LOCALITY)
        return m->localities[i].id;
    return m->practices[i].code;
}

int ld_ref(ld_ctx *c, const ld_node *n, ld_ref_kind kind, const char *what)
{
    static const char *const kinds[] = {"organisation", "locality",
                                        "practice"};
    static const char *const lists[] = {"organisations", "localities",
                                        "practices"};
    const ld_index *ix = kind == LD_REF_ORG ? &c->orgs
                       : kind == LD_REF_LOCALITY ? &c->localities
                       : &c->practices;
    size_t count = kind == LD_REF_ORG ? c->m->n_orgs
                 : kind == LD_REF_LOCALITY ? c->m->n_localities
                 : c->m->n_practices;
    char buf[64], hint[128] = "";
    int at;

    if (n->kind != LD_SCALAR || ld_is_null(n))
        return ld_error(c, n, "%s must be the id of a %s, not %s; write its "
                        "id", what, kinds[kind], describe(n, buf, sizeof buf));
    at = ld_index_get(ix, n->text);
    if (at >= 0)
        return at;
    if (ld_want_more(c) && count) {
        const char **cands = malloc(count * sizeof *cands);
        if (cands) {
            for (size_t i = 0; i < count; i++)
                cands[i] = ref_id(c->m, kind, i) ? ref_id(c->m, kind, i) : "";
            ld_suggest(c, n->text, cands, count, hint, sizeof hint);
            free(cands);
        }
    }
    if (!hint[0])
        snprintf(hint, sizeof hint, "; define it under '%s' or correct the "
                 "id", lists[kind]);
    ld_error(c, n, "%s: %s '%.60s' is not defined%s", what, kinds[kind],
             n->text, hint);
    return -1;
}
