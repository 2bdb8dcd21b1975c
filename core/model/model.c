/* model.c -- freeing, finding and distributions of the scenario model. */
#include "model.h"
#include "view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <nettle/sha2.h>

static void free_params(cs_param_value *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].string);
    }
    free(p);
}

static void free_option(cs_option *o)
{
    for (size_t i = 0; i < o->view.n_consortia; i++) {
        free((char *)o->consortia[i].id);
        free((char *)o->consortia[i].name);
        free((char *)o->consortia[i].key);
        free((int *)o->consortia[i].practices);
    }
    for (size_t i = 0; i < o->view.n_federations; i++) {
        free((char *)o->federations[i].id);
        free((char *)o->federations[i].name);
        free((int *)o->federations[i].members);
    }
    free((char *)o->view.id);
    free((char *)o->view.name);
    free(o->consortia);
    free(o->federations);
    free(o->federation_of);
    free(o->votes);
    free(o->consortium_pos);
}

void cs_model_free(cs_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_orgs; i++) {
        free((char *)m->orgs[i].id);
        free((char *)m->orgs[i].name);
    }
    for (size_t i = 0; i < m->n_localities; i++) {
        free((char *)m->localities[i].id);
        free((char *)m->localities[i].name);
        free((int *)m->localities[i].neighbours);
    }
    for (size_t i = 0; i < m->n_practices; i++) {
        free((char *)m->practices[i].code);
        free((char *)m->practices[i].name);
        free((cs_share *)m->practices[i].providers);
    }
    for (size_t i = 0; i < m->n_options; i++)
        free_option(&m->options[i]);
    for (size_t i = 0; i < m->n_criteria; i++) {
        free(m->criteria[i].plugin);
        free(m->criteria[i].label);
        free_params(m->criteria[i].params, m->criteria[i].n_params);
        free(m->criteria[i].vf_x);
        free(m->criteria[i].vf_v);
    }
    for (size_t i = 0; i < m->n_inputs; i++)
        free(m->inputs[i].path);
    free_params(m->params, m->n_params);
    free(m->orgs);
    free(m->localities);
    free(m->practices);
    free(m->options);
    free(m->criteria);
    free(m->inputs);
    free(m->org_pos);
    free(m->locality_pos);
    free(m->practice_pos);
    free(m->practice_need);
    free(m->org_outside_income);
    free(m->org_outside_share);
    free(m->search.together);
    free(m->search.apart);
    free(m->path);
    free(m->id);
    free(m->name);
    free(m->description);
    free(m->weights.points);
    free(m->weights.level);
    free(m->weights.lo);
    free(m->weights.hi);
    free(m);
}

int cs_model_find_org(const cs_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_orgs; i++)
        if (!strcmp(m->orgs[i].id, id))
            return (int)i;
    return -1;
}

int cs_model_find_locality(const cs_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_localities; i++)
        if (!strcmp(m->localities[i].id, id))
            return (int)i;
    return -1;
}

int cs_model_find_practice(const cs_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_practices; i++)
        if (!strcmp(m->practices[i].code, code))
            return (int)i;
    return -1;
}

int cs_model_find_option(const cs_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_options; i++)
        if (!strcmp(m->options[i].view.id, id))
            return (int)i;
    return -1;
}

void cs_model_finish(cs_model *m)
{
    cs_view_build(&m->view, &(cs_view_parts){
        .id = m->id, .name = m->name,
        .orgs = m->orgs, .n_orgs = m->n_orgs,
        .localities = m->localities, .n_localities = m->n_localities,
        .practices = m->practices, .n_practices = m->n_practices,
        .n_draws = m->analysis.draws,
        .thresholds = m->analysis.thresholds,
        .n_thresholds = m->analysis.n_thresholds,
        .practice_need = m->practice_need,
        .org_outside_income = m->org_outside_income,
        .org_outside_share = m->org_outside_share});
    for (size_t i = 0; i < m->n_options; i++)
        m->options[i].view.status_quo = m->status_quo >= 0
            ? &m->options[m->status_quo].view : NULL;
}

/* Triangular quantile by inverting its piecewise-quadratic CDF. */
static double triangular_quantile(double a, double c, double b, double u)
{
    double fc;

    if (b <= a)
        return a;
    fc = (c - a) / (b - a);
    if (u < fc)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1.0 - u) * (b - a) * (b - c));
}

double cs_dist_quantile(const cs_dist *d, double u)
{
    const double *p = d->p;

    switch (d->kind) {
    case CS_DIST_FIXED:
        return p[0];
    case CS_DIST_UNIFORM:
        return p[0] + u * (p[1] - p[0]);
    case CS_DIST_TRIANGULAR:
        return triangular_quantile(p[0], p[1], p[2], u);
    case CS_DIST_NORMAL:
        return p[0] + gsl_cdf_gaussian_Pinv(u, p[1]);
    case CS_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(u, p[0], p[1]);
    case CS_DIST_BETA:
        return p[2] + (p[3] - p[2]) * gsl_cdf_beta_Pinv(u, p[0], p[1]);
    }
    return NAN;
}

int cs_dist_parse(const char *text, cs_dist *out)
{
    static const struct { const char *name; cs_dist_kind kind; int lo, hi; }
        kinds[] = {
        {"fixed", CS_DIST_FIXED, 1, 1}, {"uniform", CS_DIST_UNIFORM, 2, 2},
        {"triangular", CS_DIST_TRIANGULAR, 3, 3},
        {"normal", CS_DIST_NORMAL, 2, 2}, {"lognormal", CS_DIST_LOGNORMAL, 2, 2},
        {"beta", CS_DIST_BETA, 2, 4},
    };
    char name[16];
    double v[4] = {0, 0, 0, 0};
    int used = 0, n;
    const double *p = v;

    if (!text || sscanf(text, " %15[a-z] (%n", name, &used) != 1 || !used)
        return -1;
    text += used;
    for (n = 0; n < 4; n++) {
        char *end;
        v[n] = strtod(text, &end);
        if (end == text)
            break;
        text = end + strspn(end, " ");
        if (*text != ',') {
            n++;            /* the last number: ')' must follow */
            break;
        }
        text++;
    }
    if (*text != ')' || text[1 + strspn(text + 1, " ")] != '\0')
        return -1;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (strcmp(name, kinds[i].name))
            continue;
        if (n < kinds[i].lo || n > kinds[i].hi)
            return -1;
        out->kind = kinds[i].kind;
        memcpy(out->p, v, sizeof v);
        if (out->kind == CS_DIST_BETA && n == 2) {
            out->p[2] = 0;
            out->p[3] = 1;
        }
        switch (out->kind) {
        case CS_DIST_FIXED: return isfinite(p[0]) ? 0 : -1;
        case CS_DIST_UNIFORM: return p[0] < p[1] ? 0 : -1;
        case CS_DIST_TRIANGULAR:
            return p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2] ? 0 : -1;
        case CS_DIST_NORMAL:
        case CS_DIST_LOGNORMAL: return p[1] > 0 ? 0 : -1;
        case CS_DIST_BETA:
            return p[0] > 0 && p[1] > 0 && out->p[2] < out->p[3] ? 0 : -1;
        }
    }
    return -1;
}

double cs_dist_mean(const cs_dist *d)
{
    const double *p = d->p;

    switch (d->kind) {
    case CS_DIST_FIXED:
        return p[0];
    case CS_DIST_UNIFORM:
        return (p[0] + p[1]) / 2.0;
    case CS_DIST_TRIANGULAR:
        return (p[0] + p[1] + p[2]) / 3.0;
    case CS_DIST_NORMAL:
        return p[0];
    case CS_DIST_LOGNORMAL:
        return exp(p[0] + p[1] * p[1] / 2.0);
    case CS_DIST_BETA:
        return p[2] + (p[3] - p[2]) * p[0] / (p[0] + p[1]);
    }
    return NAN;
}

void cs_option_vote(const cs_model *m, size_t o, cs_vote_result *r)
{
    const signed char *v = o < m->n_options ? m->options[o].votes : NULL;
    double yes = 0, voted = 0, all = 0;

    memset(r, 0, sizeof *r);
    for (size_t p = 0; p < m->n_practices; p++) {
        double list = m->practices[p].registered;
        all += list;
        if (!v || (v[p] != 0 && v[p] != 1))
            continue;
        voted += list;
        yes += v[p] == 1 ? list : 0;
        r->n_for += v[p] == 1;
        r->n_against += v[p] == 0;
    }
    r->recorded = r->n_for + r->n_against > 0;
    r->support = voted > 0 ? yes / voted : 0;
    r->turnout = all > 0 ? voted / all : 0;
    r->failed = r->recorded && r->support < m->analysis.vote_pass;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lowercase hex SHA-256 of the sorted practice codes joined by '\n'. */
char *cs_membership_key(const cs_model *m, const int *prac, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const char **codes = malloc(n * sizeof *codes);
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    char *key = malloc(2 * SHA256_DIGEST_SIZE + 1);

    if (!codes || !key) {
        free(codes);
        free(key);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        codes[i] = m->practices[prac[i]].code;
    qsort(codes, n, sizeof *codes, cmp_code);
    sha256_init(&ctx);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sha256_update(&ctx, 1, (const uint8_t *)"\n");
        sha256_update(&ctx, strlen(codes[i]), (const uint8_t *)codes[i]);
    }
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        key[2 * i] = hex[digest[i] >> 4];
        key[2 * i + 1] = hex[digest[i] & 15];
    }
    key[2 * SHA256_DIGEST_SIZE] = '\0';
    free(codes);
    return key;
}
