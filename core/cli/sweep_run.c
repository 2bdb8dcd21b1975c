/* sweep_run.c -- the plan of a sweep and the running of its work items
 * (sweep.h): each scenario is loaded and its plugins opened once; each
 * setting writes the swept parameters into the model, appraises and
 * scores it (the decision stage's cs_score_options; no tornado) and keeps
 * one record per item. */
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <nettle/sha2.h>

#include "base/base.h"
#include "decision/score.h"
#include "host/host.h"
#include "loader/loader.h"
#include "report/report.h"
#include "session.h"

/* SHA-256 of a file's bytes, hex; -1 when it cannot be read. */
static int file_sha256(const char *path, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t buf[65536], dig[SHA256_DIGEST_SIZE];
    FILE *fp = fopen(path, "rb");
    size_t n;

    if (!fp)
        return -1;
    sha256_init(&ctx);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&ctx, n, buf);
    fclose(fp);
    sha256_digest(&ctx, sizeof dig, dig);
    for (size_t i = 0; i < sizeof dig; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    return 0;
}

static json_t *design_json(const cs_design *d)
{
    static const char *const kinds[] = {"none", "grid", "lhs"};
    json_t *o = json_object(), *ps = json_array(), *set = json_array();

    cs_json_put(o, "kind", json_string(kinds[d->kind]));
    for (size_t j = 0; j < d->n_params; j++) {
        json_t *p = json_object();
        cs_json_put(p, "name", json_string(d->params[j].name));
        cs_json_put(p, "lo", json_real(d->params[j].lo));
        cs_json_put(p, "hi", json_real(d->params[j].hi));
        if (d->kind == CS_DESIGN_GRID)
            cs_json_put(p, "values", json_integer((json_int_t)
                                                  d->params[j].n_values));
        cs_json_push(ps, p);
    }
    cs_json_put(o, "parameters", ps);
    if (d->kind == CS_DESIGN_LHS) {
        cs_json_put(o, "points", json_integer((json_int_t)d->lhs_points));
        cs_json_put(o, "design_seed",
                    json_integer((json_int_t)(d->design_seed & INT64_MAX)));
    }
    for (size_t s = 0; s < d->n_settings; s++) {
        json_t *row = json_array();
        for (size_t j = 0; j < d->n_params; j++)
            cs_json_push(row, json_real(d->settings[s * d->n_params + j]));
        cs_json_push(set, row);
    }
    cs_json_put(o, "settings", set);
    return o;
}

json_t *cs_sweep_plan(const cs_sweep_spec *s, char *err, size_t len)
{
    json_t *plan = json_object(), *sc = json_array();
    const cs_appraise_opts *o = s->opts;

    cs_json_put(plan, "command", json_string("sweep"));
    for (size_t i = 0; i < s->n_files; i++) {
        char hex[65];
        json_t *f = json_object();
        if (file_sha256(s->files[i], hex) < 0) {
            snprintf(err, len, "%s: error: cannot read the scenario: %s; "
                     "check the path", s->files[i], strerror(errno));
            json_decref(f);
            json_decref(plan);
            json_decref(sc);
            return NULL;
        }
        cs_json_put(f, "file", json_string(cs_basename(s->files[i])));
        cs_json_put(f, "sha256", json_string(hex));
        cs_json_push(sc, f);
    }
    cs_json_put(plan, "scenarios", sc);
    cs_json_put(plan, "design", design_json(&s->design));
    cs_json_put(plan, "draws", o->draws ? json_integer((json_int_t)o->draws)
                                        : json_null());
    cs_json_put(plan, "seed", o->has_seed
                    ? json_integer((json_int_t)(o->seed & INT64_MAX))
                    : json_null());
    cs_json_put(plan, "items", json_integer((json_int_t)(s->n_files *
                                                         s->design.n_settings)));
    return plan;
}

/* One scenario, loaded, with its plugins open. */
typedef struct loaded {
    cs_model *m;
    cs_plugin **pl;
} loaded;

static void unload(loaded *l)
{
    if (l->m)
        cs_session_close_plugins(l->pl, l->m->n_criteria);
    cs_model_free(l->m);
    memset(l, 0, sizeof *l);
}

/* Makes sure every swept name has a scenario-wide value to overwrite. */
static int add_swept(cs_model *m, const cs_design *d)
{
    for (size_t j = 0; j < d->n_params; j++) {
        const char *name = d->params[j].name;
        cs_param_value *p;
        int have = 0;
        for (size_t i = 0; i < m->n_params; i++)
            have |= !strcmp(m->params[i].name, name);
        if (have)
            continue;
        p = realloc(m->params, (m->n_params + 1) * sizeof *p);
        if (!p)
            return -1;
        m->params = p;
        p = &m->params[m->n_params];
        memset(p, 0, sizeof *p);
        if (!(p->name = strdup(name)))
            return -1;
        p->kind = CS_PV_NUMBER;
        p->pos = (cs_pos){"consortia sweep", 0, 0};
        m->n_params++;
    }
    return 0;
}

/* Writes setting values into the scenario-wide value and any criterion's
 * own value of each swept name (a criterion's own would win otherwise). */
static void set_values(cs_model *m, const cs_design *d, const double *v)
{
    for (size_t j = 0; j < d->n_params; j++) {
        const char *name = d->params[j].name;
        for (size_t i = 0; i < m->n_params; i++)
            if (!strcmp(m->params[i].name, name)) {
                m->params[i].kind = CS_PV_NUMBER;
                m->params[i].number = v[j];
            }
        for (size_t c = 0; c < m->n_criteria; c++)
            for (size_t i = 0; i < m->criteria[c].n_params; i++) {
                cs_param_value *p = &m->criteria[c].params[i];
                if (!strcmp(p->name, name)) {
                    p->kind = CS_PV_NUMBER;
                    p->number = v[j];
                }
            }
    }
}

static int load_one(const cs_sweep_spec *s, size_t f, loaded *l)
{
    return cs_sweep_load(s->files[f], &s->design, s->plugin_dirs,
                         s->n_plugin_dirs, &l->m, &l->pl);
}

int cs_sweep_load(const char *file, const cs_design *d,
                  const char *const *dirs, size_t n_dirs, cs_model **mp,
                  cs_plugin ***plp)
{
    loaded l0 = {0}, *l = &l0;
    cs_diag diag = {0};
    const cs_plugin_descriptor **descs;
    struct stat st;
    int rc = 0;

    *mp = NULL;
    *plp = NULL;
    if (stat(file, &st) != 0) {
        fprintf(stderr, "%s: error: cannot read the scenario: %s; check the "
                "path\n", file, strerror(errno));
        return EX_NOINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: is a directory; give a scenario file\n",
                file);
        return EX_NOINPUT;
    }

    /* the command's --allow-plugin-file / --allow-outside-files (appraise
     * --task, and merge from the plan); none for sweep itself */
    if (!(l->m = cs_load_scenario_opts(file, cs_session_load_opts(), &diag)))
        rc = EX_DATAERR;
    if (rc == 0 && l->m->n_criteria == 0) {
        cs_diag_error(&diag, (cs_pos){file, 0, 0}, "the scenario has "
                      "no criteria; add at least one under 'criteria:'");
        rc = EX_DATAERR;
    }
    if (rc == 0)
        rc = cs_session_open_plugins(l->m, dirs, n_dirs, &l->pl, &diag);
    if (rc == 0 && add_swept(l->m, d) < 0)
        rc = EX_OSERR;
    if (rc == 0 && (descs = calloc(l->m->n_criteria, sizeof *descs))) {
        for (size_t i = 0; i < l->m->n_criteria; i++)
            descs[i] = l->pl[i]->desc;
        if (cs_params_check_unused(l->m, descs, l->m->n_criteria, &diag))
            rc = EX_DATAERR;
        free(descs);
    }
    if (rc || diag.n_errors)
        cs_diag_print(&diag, stderr);
    cs_diag_clear(&diag);
    if (rc && l->m) {
        if (l->pl)
            cs_session_close_plugins(l->pl, l->m->n_criteria);
        cs_model_free(l->m);
        memset(l, 0, sizeof *l);
    }
    *mp = l->m;
    *plp = l->pl;
    return rc;
}

static double headline_mean(const cs_crit_run *run, size_t o, size_t nd)
{
    size_t n = cs_metric_len(&run->metrics[0], nd);
    const double *v = run->options[o].values[0];
    double s = 0;

    for (size_t d = 0; d < n; d++)
        s += v[d];
    return s / (double)n;
}

static json_t *item_ok(const cs_appraisal *a)
{
    json_t *r = json_object(), *crits = json_array(), *opts = json_array();
    const cs_model *m = a->model;

    for (size_t c = 0; c < a->n_crits; c++) {
        const cs_crit_run *run = &a->crits[c];
        json_t *cj = json_array();
        cs_json_push(cj, json_string(run->spec->label));
        cs_json_push(cj, json_string(run->failed ? "" : run->metrics[0].name));
        cs_json_push(cj, json_string(run->failed ? "" : run->metrics[0].unit));
        cs_json_push(crits, cj);
    }
    for (size_t o = 0; o < m->n_options; o++) {
        const cs_option_score *os = &a->option_scores[o];
        json_t *oj = json_object(), *h = json_array();
        cs_json_put(oj, "id", json_string(m->options[o].view.id));
        cs_json_put(oj, "score", json_real(os->score.mean));
        cs_json_put(oj, "p05", json_real(os->score.p05));
        cs_json_put(oj, "p95", json_real(os->score.p95));
        cs_json_put(oj, "rank", json_integer(os->rank));
        cs_json_put(oj, "p_best", json_real(os->p_best));
        for (size_t c = 0; c < a->n_crits; c++)
            cs_json_push(h, a->crits[c].failed ? json_null()
                         : json_real(headline_mean(&a->crits[c], o,
                                                   a->n_draws)));
        cs_json_put(oj, "headline", h);
        cs_json_push(opts, oj);
    }
    cs_json_put(r, "status", json_string("ok"));
    cs_json_put(r, "seed", json_integer((json_int_t)(a->seed & INT64_MAX)));
    cs_json_put(r, "draws", json_integer((json_int_t)a->n_draws));
    cs_json_put(r, "criteria", crits);
    cs_json_put(r, "options", opts);
    return r;
}

/* Appraises one item of a loaded scenario into its record. */
static json_t *run_item(const cs_sweep_spec *s, loaded *l, size_t item)
{
    size_t nset = s->design.n_settings, k = item % nset;
    cs_appraise_opts o = *s->opts;
    cs_diag diag = {0};
    cs_appraisal *a;
    int pf = 0;
    json_t *r;

    o.progress = NULL;
    o.quiet = 1;
    if (s->design.n_params)
        set_values(l->m, &s->design,
                   s->design.settings + k * s->design.n_params);
    a = cs_appraise(l->m, l->pl, &o, &diag, &pf);
    if (a && cs_score_options(a, &diag) == 0)
        r = item_ok(a);
    else {
        r = json_object();
        cs_json_put(r, "status", json_string("failed"));
        cs_json_put(r, "error", json_string(diag.n_msgs ? diag.msgs[0]
                                                        : "failed"));
    }
    cs_appraisal_free(a);
    cs_diag_clear(&diag);
    json_object_set_new(r, "item", json_integer((json_int_t)item));
    json_object_set_new(r, "scenario", json_string(l->m->id));
    json_object_set_new(r, "setting", json_integer((json_int_t)k));
    return r;
}

int cs_sweep_run_items(const cs_sweep_spec *s, const json_t *plan,
                       const size_t *items, size_t n_items, json_t *out,
                       FILE *progress)
{
    loaded l = {0};
    size_t cur = (size_t)-1, nset = s->design.n_settings;
    cs_progress pr;
    int rc = 0;

    (void)plan;
    cs_progress_start(&pr, n_items, progress);
    cs_progress_unit(&pr, "sweep items");
    cs_progress_label(&pr, "");
    for (size_t i = 0; i < n_items && rc == 0; i++) {
        size_t f = items[i] / nset;
        if (f != cur) {
            unload(&l);
            if ((rc = load_one(s, f, &l)) != 0)
                break;
            cur = f;
            cs_progress_label(&pr, l.m->id);
        }
        json_t *r = run_item(s, &l, items[i]);
        if (!r || json_array_append_new(out, r) < 0)
            rc = EX_OSERR;
        cs_progress_add(&pr, 1);
    }
    cs_progress_end(&pr);
    unload(&l);
    return rc;
}
