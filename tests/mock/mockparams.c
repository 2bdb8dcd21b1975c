/*
 * mockparams.c -- parameters in the mock host: setting them, checking them
 * against the plugin's declaration at load, the per-draw values of
 * UNCERTAIN ones, and parameter-set files (the documented settings of the
 * validation rows, tests/validation/NAME.params, are data, not code).
 * See mockhost.h.
 */
#include "mockint.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ------------------------------------------------------- */

static mock_param *mock_param_slot(cs_mock *m, const char *name)
{
    if (!m || !name || m->loaded)
        return NULL;
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].name, name) == 0) {
            free(m->params[i].choice);
            free(m->params[i].draws);
            m->params[i].choice = NULL;
            m->params[i].draws = NULL;
            return &m->params[i];
        }
    if (mock_grow(&m->params, &m->cap_params, m->n_params + 1,
                  sizeof *m->params) < 0)
        return NULL;
    mock_param *p = &m->params[m->n_params];
    memset(p, 0, sizeof *p);
    if (!(p->name = strdup(name)))
        return NULL;
    m->n_params++;
    return p;
}

int cs_mock_set_number(cs_mock *m, const char *name, double v)
{
    mock_param *p = mock_param_slot(m, name);
    if (!p)
        return m ? mock_fail(m, "cannot set parameter '%s'", name) : -1;
    p->kind = MOCK_PV_NUMBER;
    p->number = v;
    return 0;
}

int cs_mock_set_choice(cs_mock *m, const char *name, const char *v)
{
    mock_param *p = mock_param_slot(m, name);
    if (!p || !v)
        return m ? mock_fail(m, "cannot set parameter '%s'", name) : -1;
    p->kind = MOCK_PV_CHOICE;
    if (!(p->choice = strdup(v)))
        return mock_fail(m, "out of memory");
    return 0;
}

int cs_mock_set_draws(cs_mock *m, const char *name, const double *v)
{
    mock_param *p = mock_param_slot(m, name);
    if (!p || !v)
        return m ? mock_fail(m, "cannot set parameter '%s'", name) : -1;
    p->kind = MOCK_PV_DRAWS;
    if (!(p->draws = malloc(m->n_draws * sizeof *p->draws)))
        return mock_fail(m, "out of memory");
    memcpy(p->draws, v, m->n_draws * sizeof *v);
    return 0;
}

const cs_param_decl *mock_decl(const cs_mock *m, const char *name,
                                      size_t *index)
{
    for (size_t i = 0; i < m->desc->n_params; i++)
        if (strcmp(m->desc->params[i].name, name) == 0) {
            if (index)
                *index = i;
            return &m->desc->params[i];
        }
    return NULL;
}

const mock_param *mock_param_find(const cs_mock *m, const char *name)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].name, name) == 0)
            return &m->params[i];
    return NULL;
}

static int mock_in_choices(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *s = choices; s && *s;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        if (len == n && strncmp(s, v, n) == 0)
            return 1;
        s = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int mock_check_number(cs_mock *m, const cs_param_decl *d, double v)
{
    if (!isfinite(v) || v < d->min || v > d->max)
        return mock_fail(m, "parameter '%s' is %g, outside [%g, %g]",
                         d->name, v, d->min, d->max);
    if ((d->type == CS_PARAM_INTEGER && v != floor(v))
        || (d->type == CS_PARAM_BOOLEAN && v != 0 && v != 1))
        return mock_fail(m, "parameter '%s' is %g; give %s", d->name, v,
                         d->type == CS_PARAM_BOOLEAN ? "true or false"
                                                     : "a whole number");
    return 0;
}

/* Checks one set parameter against the declaration. */
int mock_check_param(cs_mock *m, const mock_param *p)
{
    const cs_param_decl *d = mock_decl(m, p->name, NULL);
    if (!d)
        return mock_fail(m, "parameter '%s' is not declared by plugin '%s'",
                         p->name, m->desc->name);
    switch (p->kind) {
    case MOCK_PV_NUMBER:
        if (d->type == CS_PARAM_CHOICE)
            return mock_fail(m, "parameter '%s' takes one of %s", d->name,
                             d->choices);
        return mock_check_number(m, d, p->number);
    case MOCK_PV_CHOICE:
        if (d->type != CS_PARAM_CHOICE)
            return mock_fail(m, "parameter '%s' takes a number", d->name);
        if (!mock_in_choices(d->choices, p->choice))
            return mock_fail(m, "parameter '%s' is '%s'; use one of %s",
                             d->name, p->choice, d->choices);
        return 0;
    default:
        if (d->type != CS_PARAM_UNCERTAIN)
            return mock_fail(m, "parameter '%s' is not uncertain", d->name);
        for (size_t k = 0; k < m->n_draws; k++)
            if (mock_check_number(m, d, p->draws[k]) < 0)
                return -1;
        return 0;
    }
}

/* Allocates the per-draw values of every UNCERTAIN declaration. */
int mock_decl_draws(cs_mock *m)
{
    size_t n = m->desc->n_params;
    if (n == 0)
        return 0;
    if (!(m->decl_draws = calloc(n, sizeof *m->decl_draws)))
        return mock_fail(m, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const cs_param_decl *d = &m->desc->params[i];
        if (d->type != CS_PARAM_UNCERTAIN)
            continue;
        double *v = malloc(m->n_draws * sizeof *v);
        if (!(m->decl_draws[i] = v))
            return mock_fail(m, "out of memory");
        const mock_param *p = mock_param_find(m, d->name);
        for (size_t k = 0; k < m->n_draws; k++)
            v[k] = !p ? d->def
                 : p->kind == MOCK_PV_DRAWS ? p->draws[k] : p->number;
    }
    return 0;
}


static char *mock_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Sets one `name: value` line; 0, or -1 with the reason in m->err. */
static int mock_params_line(cs_mock *m, const char *path, int line, char *buf)
{
    char *hash = strchr(buf, '#');
    if (hash)
        *hash = '\0';
    char *text = mock_trim(buf);
    if (*text == '\0')
        return 0;
    char *colon = strchr(text, ':');
    if (!colon)
        return mock_fail(m, "%s:%d: expected 'name: value'", path, line);
    *colon = '\0';
    char *name = mock_trim(text), *value = mock_trim(colon + 1);
    if (*name == '\0' || *value == '\0')
        return mock_fail(m, "%s:%d: expected 'name: value'", path, line);
    char *end;
    double v = strtod(value, &end);
    int rc = *end == '\0' ? cs_mock_set_number(m, name, v)
           : strcmp(value, "true") == 0 ? cs_mock_set_number(m, name, 1)
           : strcmp(value, "false") == 0 ? cs_mock_set_number(m, name, 0)
           : cs_mock_set_choice(m, name, value);
    if (rc < 0)
        return mock_fail(m, "%s:%d: cannot set '%s'", path, line, name);
    return 0;
}

int cs_mock_set_params_file(cs_mock *m, const char *path)
{
    if (!m || !path)
        return -1;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return mock_fail(m, "cannot read '%s'", path);
    char buf[1024];
    int line = 0, rc = 0;
    while (rc == 0 && fgets(buf, sizeof buf, fp)) {
        line++;
        rc = mock_params_line(m, path, line, buf);
    }
    fclose(fp);
    return rc;
}
