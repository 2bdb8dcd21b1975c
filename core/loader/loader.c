/* loader.c -- cs_load_scenario(): reads the file, parses the YAML into a
 * node tree (loader_yaml.c), walks the schema part by part (loader_area.c,
 * loader_practice.c, loader_csvprac.c, loader_option.c,
 * loader_consortium.c, loader_param.c) and hands back a validated model,
 * or NULL with every problem found in the caller's cs_diag. */
#include "loader.h"

#include <stdlib.h>
#include <string.h>
#include "loader_priv.h"

static const char *const top_keys[] = {
    "format", "scenario", "parameters", "organisations", "localities",
    "practices", "practices_csv", "options", "criteria", "weights",
    "analysis", "status_quo", "search"
};
#define N_TOP_KEYS (sizeof top_keys / sizeof *top_keys)

static int read_format(ld_ctx *c, const ld_node *root)
{
    const ld_node *v = ld_get(root, "format");
    uint64_t format;

    if (!v)
        return ld_error(c, root, "no 'format'; add 'format: 1' as the first "
                        "line of the scenario");
    if (ld_uint(c, v, "'format'", 0, UINT64_MAX, &format))
        return -1;
    if (format != 1)
        return ld_error(c, v, "format %s is not supported; this version "
                        "reads format 1 (see docs/scenario-format.md)",
                        v->text);
    return 0;
}

static int read_scenario(ld_ctx *c, const ld_node *root)
{
    static const char *const keys[] = {"id", "name", "description"};
    const ld_node *n = ld_get(root, "scenario"), *v;
    cs_model *m = c->m;
    int rc;

    if (!n)
        return ld_error(c, root, "no 'scenario'; add 'scenario: {id: ..., "
                        "name: ...}'");
    if (ld_check_map(c, n, "'scenario'", keys, 3))
        return -1;
    v = ld_need(c, n, "id", "'scenario'");
    rc = !v || ld_ident(c, v, "the scenario id", &m->id) ? -1 : 0;
    if ((v = ld_get(n, "name")))
        rc |= ld_string(c, v, "the scenario name", &m->name);
    else if (m->id && !(m->name = strdup(m->id)))
        rc = ld_error(c, n, "out of memory; free some memory");
    if ((v = ld_get(n, "description")) && !ld_is_null(v))
        rc |= ld_string(c, v, "the scenario description", &m->description);
    return rc;
}

/* `status_quo: <option id>`: the option that stands for today's bodies,
 * against which plugins cost the change (docs/scenario-format.md). */
static int read_status_quo(ld_ctx *c, const ld_node *root)
{
    const ld_node *v = ld_get(root, "status_quo");
    cs_model *m = c->m;
    char hint[128] = "";

    m->status_quo = -1;
    if (!v || ld_is_null(v))
        return 0;
    if (v->kind != LD_SCALAR)
        return ld_error(c, v, "'status_quo' must be the id of one option; "
                        "write e.g. 'status_quo: separate'");
    if ((m->status_quo = cs_model_find_option(m, v->text)) >= 0)
        return 0;
    const char **ids = malloc((m->n_options + 1) * sizeof *ids);
    if (ids) {
        for (size_t i = 0; i < m->n_options; i++)
            ids[i] = m->options[i].view.id ? m->options[i].view.id : "";
        ld_suggest(c, v->text, ids, m->n_options, hint, sizeof hint);
        free(ids);
    }
    return ld_error(c, v, "'status_quo' names option '%.60s', which the "
                    "scenario does not have%s", v->text, hint[0] ? hint :
                    "; give the id of one of the options");
}

static void ctx_free(ld_ctx *c)
{
    ld_index_free(&c->orgs);
    ld_index_free(&c->localities);
    ld_index_free(&c->practices);
    for (size_t i = 0; c->loc_shares && i < c->m->n_localities; i++)
        free(c->loc_shares[i]);
    free(c->loc_shares);
    free(c->loc_n_shares);
    free(c->loc_has_shares);
    free(c->prac_own_providers);
    free(c->prac_bad);
}

/* Walks the document; every part is tried so that errors are collected. */
static void walk(ld_ctx *c, const ld_node *root)
{
    const ld_node *v;

    if (read_format(c, root))
        return;             /* another format: the rest would mislead */
    read_scenario(c, root);
    if ((v = ld_get(root, "parameters")))
        ld_params(c, v, "the scenario", &c->m->params, &c->m->n_params);
    ld_organisations(c, ld_get(root, "organisations"));
    if (ld_localities(c, ld_get(root, "localities")) &&
        !c->m->n_localities)
        return;             /* practices and options need localities */
    if (ld_practices(c, ld_get(root, "practices"),
                     ld_get(root, "practices_csv")) && !c->m->n_practices)
        return;
    if (!ld_options(c, ld_get(root, "options")))
        read_status_quo(c, root);
    if (!ld_criteria(c, ld_get(root, "criteria")))
        ld_weights(c, ld_get(root, "weights"), ld_get(root, "criteria"));
    ld_analysis(c, ld_get(root, "analysis"));
    ld_search(c, ld_get(root, "search"));
}

static cs_model *load(const char *name, const char *dir,
                      const cs_load_opts *opts, const char *buf, size_t len,
                      cs_diag *diag)
{
    size_t errors = diag->n_errors;
    cs_model *m = calloc(1, sizeof *m);
    if (m)
        m->status_quo = -1;     /* none until `status_quo:` is read */
    ld_doc *doc = NULL;
    ld_ctx c;

    memset(&c, 0, sizeof c);
    if (!m || !(m->path = strdup(name)) || ld_add_input(m, name, buf, len)) {
        cs_pos pos = {name, 0, 0};
        cs_diag_error(diag, pos, "out of memory; free some memory");
        cs_model_free(m);
        return NULL;
    }
    m->criteria_pos = (cs_pos){m->path, 1, 1};
    m->analysis.draws = 10000;
    m->analysis.seed = 20110401;
    m->analysis.thresholds[0] = 0.01;
    m->analysis.thresholds[1] = 0.02;
    m->analysis.thresholds[2] = 0.05;
    m->analysis.n_thresholds = 3;
    m->analysis.smaa_iterations = 10000;
    m->analysis.vote_pass = 0.5;
    c.diag = diag;
    c.m = m;
    c.file = m->path;
    c.dir = dir;
    if (opts)
        c.opts = *opts;
    doc = ld_yaml_parse(m->path, buf, len, diag);
    if (doc) {
        const ld_node *root = ld_doc_root(doc);
        c.root = root;
        if (root->kind != LD_MAP)
            ld_error(&c, root, "the top level of a scenario must be a "
                     "mapping; start it with keys such as 'format: 1' (see "
                     "docs/scenario-format.md)");
        else {
            ld_check_map(&c, root, "the scenario file", top_keys,
                         N_TOP_KEYS);
            walk(&c, root);
        }
    }
    ld_doc_free(doc);
    ctx_free(&c);
    if (!doc || diag->n_errors > errors) {
        cs_model_free(m);
        return NULL;
    }
    cs_model_finish(m);
    return m;
}

cs_model *cs_load_scenario(const char *path, cs_diag *diag)
{
    return cs_load_scenario_opts(path, NULL, diag);
}

cs_model *cs_load_scenario_opts(const char *path, const cs_load_opts *opts,
                                cs_diag *diag)
{
    cs_pos at = {path, 0, 0};
    char *buf, *dir;
    const char *slash;
    size_t len;
    cs_model *m;

    if (ld_read_file(diag, at, path, "scenario file", 0, &buf, &len))
        return NULL;
    slash = strrchr(path, '/');
    dir = slash ? strndup(path, (size_t)(slash - path)) : strdup("");
    if (dir && slash == path) {             /* "/x.yaml": the root */
        free(dir);
        dir = strdup("/");
    }
    if (!dir) {
        free(buf);
        cs_diag_error(diag, at, "out of memory; free some memory");
        return NULL;
    }
    m = load(path, dir, opts, buf, len, diag);
    free(dir);
    free(buf);
    return m;
}

cs_model *cs_load_scenario_buffer(const char *name, const char *buf,
                                  size_t len, cs_diag *diag)
{
    cs_pos at = {name ? name : "<buffer>", 0, 0};

    if (len > CS_MAX_FILE_BYTES) {
        cs_diag_error(diag, at, "the scenario is %zu bytes, more than the "
                      "limit of %u bytes (64 MiB); check that it is the "
                      "right input", len, CS_MAX_FILE_BYTES);
        return NULL;
    }
    return load(at.file, "", NULL, buf ? buf : "", buf ? len : 0, diag);
}
