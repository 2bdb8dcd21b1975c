/* host.c -- finding, opening and checking criterion plugins. */
#include "host.h"
#include "model/model.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *str_dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int path_add(cs_plugin_path *p, const char *dir, size_t len,
                    cs_path_origin origin)
{
    char **dirs;
    cs_path_origin *orig;

    if (len == 0)
        return 0;
    dirs = realloc(p->dirs, (p->n_dirs + 1) * sizeof *dirs);
    if (!dirs)
        return -1;
    p->dirs = dirs;
    orig = realloc(p->origin, (p->n_dirs + 1) * sizeof *orig);
    if (!orig)
        return -1;
    p->origin = orig;
    if (!(p->dirs[p->n_dirs] = str_dup_n(dir, len)))
        return -1;
    p->origin[p->n_dirs++] = origin;
    return 0;
}

/* Adds each ':'-separated element of `list`. */
static int path_add_list(cs_plugin_path *p, const char *list,
                         cs_path_origin origin)
{
    while (list && *list) {
        const char *colon = strchr(list, ':');
        size_t len = colon ? (size_t)(colon - list) : strlen(list);
        if (path_add(p, list, len, origin) < 0)
            return -1;
        list = colon ? colon + 1 : NULL;
    }
    return 0;
}

/* The program is uninstalled when its executable lies inside the build
 * tree it was configured in (CS_BUILDDIR, both with symlinks resolved).
 * Test programs of `make check` live there too. */
int cs_program_uninstalled(void)
{
    char *exe = realpath("/proc/self/exe", NULL);
    char *top = realpath(CS_BUILDDIR, NULL);
    int in = 0;

    if (exe && top) {
        size_t n = strlen(top);
        in = !strncmp(exe, top, n) && (exe[n] == '/' || exe[n] == '\0');
    }
    free(exe);
    free(top);
    return in;
}

const char *cs_path_origin_name(cs_path_origin o)
{
    switch (o) {
    case CS_PATH_OPTION: return "--plugin-path";
    case CS_PATH_ENV: return "CONSORTIA_PLUGIN_PATH";
    case CS_PATH_INSTALLED: return "installed";
    case CS_PATH_BUILD: return "build tree";
    }
    return "unknown";
}

int cs_plugin_path_origin(const cs_plugin_path *p, const char *file)
{
    const char *slash = strrchr(file, '/');
    size_t len = slash ? (size_t)(slash - file) : 0;

    for (size_t i = 0; i < p->n_dirs; i++) {
        size_t n = strlen(p->dirs[i]);
        while (n > 1 && p->dirs[i][n - 1] == '/')
            n--;
        if (n == len && !strncmp(p->dirs[i], file, len))
            return (int)p->origin[i];
    }
    return -1;
}

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cs_plugin_path_init(cs_plugin_path *p, const char *const *extra,
                        size_t n_extra)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n_extra; i++)
        if (path_add_list(p, extra[i], CS_PATH_OPTION) < 0)
            goto fail;
    if (path_add_list(p, getenv("CONSORTIA_PLUGIN_PATH"), CS_PATH_ENV) < 0)
        goto fail;
    /* The uninstalled program uses the plugins built beside it before any
     * installed copy (of another version, perhaps); an installed program
     * never looks in the build tree. */
    if (cs_program_uninstalled() && is_dir(CS_BUILD_PLUGINDIR) &&
        path_add(p, CS_BUILD_PLUGINDIR, strlen(CS_BUILD_PLUGINDIR),
                 CS_PATH_BUILD) < 0)
        goto fail;
    if (path_add(p, CS_PLUGINDIR, strlen(CS_PLUGINDIR),
                 CS_PATH_INSTALLED) < 0)
        goto fail;
    return 0;
fail:
    cs_plugin_path_free(p);
    return -1;
}

void cs_plugin_path_free(cs_plugin_path *p)
{
    for (size_t i = 0; i < p->n_dirs; i++)
        free(p->dirs[i]);
    free(p->dirs);
    free(p->origin);
    p->dirs = NULL;
    p->origin = NULL;
    p->n_dirs = 0;
}

const char *cs_param_type_name(cs_param_type t)
{
    switch (t) {
    case CS_PARAM_NUMBER: return "number";
    case CS_PARAM_INTEGER: return "integer";
    case CS_PARAM_BOOLEAN: return "boolean";
    case CS_PARAM_CHOICE: return "choice";
    case CS_PARAM_UNCERTAIN: return "uncertain";
    }
    return "unknown";
}

int cs_choice_ok(const char *choices, const char *word)
{
    size_t n = strlen(word);

    while (choices && *choices) {
        const char *bar = strchr(choices, '|');
        size_t len = bar ? (size_t)(bar - choices) : strlen(choices);
        if (len == n && !strncmp(choices, word, n))
            return 1;
        choices = bar ? bar + 1 : NULL;
    }
    return 0;
}

static int check_param(const char *plugin, const cs_param_decl *p, char *err,
                       size_t errlen)
{
    if (!p->name || !*p->name) {
        snprintf(err, errlen, "plugin '%s' declares a parameter without a name",
                 plugin);
        return -1;
    }
    if ((unsigned)p->type > CS_PARAM_UNCERTAIN) {
        snprintf(err, errlen, "plugin '%s': parameter '%s' has unknown type %d",
                 plugin, p->name, (int)p->type);
        return -1;
    }
    if (p->type == CS_PARAM_CHOICE) {
        if (!p->choices || !p->def_choice ||
            !cs_choice_ok(p->choices, p->def_choice)) {
            snprintf(err, errlen, "plugin '%s': choice parameter '%s' needs "
                     "`choices` and a default among them", plugin, p->name);
            return -1;
        }
        return 0;
    }
    if (p->type == CS_PARAM_UNCERTAIN && p->def_dist) {
        cs_dist d;
        double lo, hi;
        if (cs_dist_parse(p->def_dist, &d) < 0) {
            snprintf(err, errlen, "plugin '%s': parameter '%s' has default "
                     "distribution '%s', which is not one; write e.g. "
                     "\"triangular(25, 30, 35)\"", plugin, p->name, p->def_dist);
            return -1;
        }
        lo = cs_dist_quantile(&d, 0.001);
        hi = cs_dist_quantile(&d, 0.999);
        if (!(lo >= p->min && hi <= p->max)) {
            snprintf(err, errlen, "plugin '%s': parameter '%s' has a default "
                     "distribution spanning [%g, %g], outside its range "
                     "[%g, %g]", plugin, p->name, lo, hi, p->min, p->max);
            return -1;
        }
    }
    if (isnan(p->min) || isnan(p->max) || p->min > p->max ||
        !(p->def >= p->min && p->def <= p->max)) {
        snprintf(err, errlen, "plugin '%s': parameter '%s' has default %g "
                 "outside its range [%g, %g]", plugin, p->name, p->def,
                 p->min, p->max);
        return -1;
    }
    return 0;
}

int cs_metrics_check(const char *plugin, const cs_metric_decl *m, size_t n,
                     char *err, size_t errlen)
{
    if (n == 0 || !m) {
        snprintf(err, errlen, "plugin '%s' declares no metrics; it needs at "
                 "least its headline metric", plugin);
        return -1;
    }
    if (!m[0].sampled || m[0].direction == CS_NEUTRAL) {
        snprintf(err, errlen, "plugin '%s': headline metric '%s' must be "
                 "sampled and have a direction", plugin,
                 m[0].name ? m[0].name : "?");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!m[i].name || !*m[i].name || !m[i].unit) {
            snprintf(err, errlen, "plugin '%s': metric %zu has no name or unit",
                     plugin, i);
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(m[i].name, m[j].name)) {
                snprintf(err, errlen, "plugin '%s' declares metric '%s' twice",
                         plugin, m[i].name);
                return -1;
            }
    }
    return 0;
}

const cs_value_scale *cs_descriptor_scale(const cs_plugin_descriptor *d)
{
    if (d->size < offsetof(cs_plugin_descriptor, headline_scale)
                      + sizeof d->headline_scale)
        return NULL;
    return d->headline_scale;
}

/* A default scale, when given, has two finite, different levels. */
static int check_scale(const cs_plugin_descriptor *d, char *err,
                       size_t errlen)
{
    const cs_value_scale *s = cs_descriptor_scale(d);

    if (s && (!isfinite(s->worst) || !isfinite(s->best)
              || s->worst == s->best || !s->source || !*s->source)) {
        snprintf(err, errlen, "plugin '%s' declares a default headline "
                 "scale with levels %g and %g%s; give two different finite "
                 "levels and a source", d->name, s->worst, s->best,
                 s->source && *s->source ? "" : " and no source");
        return -1;
    }
    return 0;
}

int cs_descriptor_check(const cs_plugin_descriptor *d, char *err,
                        size_t errlen)
{
    unsigned major = d->abi_version >> 16, minor = d->abi_version & 0xffff;
    const char *name = d->size >= offsetof(cs_plugin_descriptor, version)
                           && d->name ? d->name : "?";

    if (major != CS_ABI_MAJOR || minor > CS_ABI_MINOR) {
        snprintf(err, errlen, "plugin '%s' was built for plugin ABI %u.%u but "
                 "this consortia speaks %d.%d; rebuild it against this "
                 "version's <consortia/plugin.h>", name, major, minor,
                 CS_ABI_MAJOR, CS_ABI_MINOR);
        return -1;
    }
    if (d->size < offsetof(cs_plugin_descriptor, fini) + sizeof d->fini) {
        snprintf(err, errlen, "plugin '%s' has a descriptor of %u bytes, "
                 "shorter than ABI %d.0's %zu; rebuild it", name,
                 (unsigned)d->size, CS_ABI_MAJOR,
                 offsetof(cs_plugin_descriptor, fini) + sizeof d->fini);
        return -1;
    }
    if (!d->name || !*d->name || !d->version) {
        snprintf(err, errlen, "plugin descriptor has no name or version");
        return -1;
    }
    if (!d->init || !d->consortium) {
        snprintf(err, errlen, "plugin '%s' has a NULL %s callback; init and "
                 "consortium are required", d->name,
                 d->init ? "consortium" : "init");
        return -1;
    }
    if (d->n_params && !d->params) {
        snprintf(err, errlen, "plugin '%s' declares %zu parameters but no "
                 "array", d->name, d->n_params);
        return -1;
    }
    for (size_t i = 0; i < d->n_params; i++)
        if (check_param(d->name, &d->params[i], err, errlen) < 0)
            return -1;
    if (check_scale(d, err, errlen) < 0)
        return -1;
    return cs_metrics_check(d->name, d->metrics, d->n_metrics, err, errlen);
}

cs_plugin *cs_plugin_open(const char *path, char *err, size_t errlen)
{
    cs_plugin *pl;
    void *handle;
    union { void *obj; cs_plugin_entry_fn fn; } entry;
    const cs_plugin_descriptor *d;
    char sha256[65];

    cs_sha256_file(path, sha256);   /* provenance: the bytes loaded */
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(err, errlen, "cannot load plugin '%s': %s; check the file "
                 "is a consortia plugin built for this machine (ldd '%s' "
                 "lists missing libraries)", path, dlerror(), path);
        return NULL;
    }
    entry.obj = dlsym(handle, CS_PLUGIN_ENTRY_NAME);
    if (!entry.obj) {
        snprintf(err, errlen, "plugin '%s' has no '%s' symbol; a plugin must "
                 "export it (use CS_PLUGIN(descriptor))", path,
                 CS_PLUGIN_ENTRY_NAME);
        dlclose(handle);
        return NULL;
    }
    d = entry.fn();
    if (!d) {
        snprintf(err, errlen, "plugin '%s': %s() returned NULL", path,
                 CS_PLUGIN_ENTRY_NAME);
        dlclose(handle);
        return NULL;
    }
    if (cs_descriptor_check(d, err, errlen) < 0) {
        size_t len = strlen(err);
        snprintf(err + len, errlen - len, " (%s)", path);
        dlclose(handle);
        return NULL;
    }
    pl = calloc(1, sizeof *pl);
    if (!pl || !(pl->name = strdup(d->name)) || !(pl->path = strdup(path))) {
        snprintf(err, errlen, "out of memory loading plugin '%s'", path);
        cs_plugin_close(pl);
        dlclose(handle);
        return NULL;
    }
    pl->handle = handle;
    pl->desc = d;
    memcpy(pl->sha256, sha256, sizeof sha256);
    return pl;
}

void cs_plugin_close(cs_plugin *pl)
{
    if (!pl)
        return;
    if (pl->handle)
        dlclose(pl->handle);
    free(pl->name);
    free(pl->path);
    free(pl);
}

int cs_plugin_locate(const cs_plugin_path *p, const char *name, char *file,
                     size_t len)
{
    if (strchr(name, '/')) {
        snprintf(file, len, "%s", name);
        return 0;
    }
    for (size_t i = 0; i < p->n_dirs; i++) {
        snprintf(file, len, "%s/%s.so", p->dirs[i], name);
        if (access(file, F_OK) == 0)
            return 0;
    }
    return -1;
}

void cs_plugin_missing(const cs_plugin_path *p, const char *name, char *err,
                       size_t errlen)
{
    size_t len = (size_t)snprintf(err, errlen, "no plugin named '%s' "
                                  "(looked for %s.so in", name, name);

    for (size_t i = 0; i < p->n_dirs && len < errlen; i++)
        len += (size_t)snprintf(err + len, errlen - len, "%s '%s'",
                                i ? "," : "", p->dirs[i]);
    if (len < errlen)
        snprintf(err + len, errlen - len, "); check the name with `consortia "
                 "plugins`, or give --plugin-path");
}

cs_plugin *cs_plugin_find(const cs_plugin_path *p, const char *name, char *err,
                          size_t errlen)
{
    char file[4096];

    if (cs_plugin_locate(p, name, file, sizeof file) == 0)
        return cs_plugin_open(file, err, errlen);
    cs_plugin_missing(p, name, err, errlen);
    return NULL;
}

static int has_so_suffix(const char *s)
{
    size_t n = strlen(s);

    return n > 3 && !strcmp(s + n - 3, ".so");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the plugins of one directory, in name order, skipping names
 * already seen. */
static int list_dir(const char *dir, cs_plugin ***out, size_t *n,
                    cs_diag *diag)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    char **names = NULL, err[1024], file[4096];
    size_t n_names = 0;
    int rc = 0;

    if (!dp)
        return 0;
    while ((de = readdir(dp)) != NULL) {
        char **grown;
        if (!has_so_suffix(de->d_name))
            continue;
        grown = realloc(names, (n_names + 1) * sizeof *names);
        if (!grown || !(grown[n_names] = strdup(de->d_name))) {
            names = grown ? grown : names;
            rc = -1;
            break;
        }
        names = grown;
        n_names++;
    }
    closedir(dp);
    if (n_names)   /* a folder with no plugin: names is NULL */
        qsort(names, n_names, sizeof *names, cmp_str);
    for (size_t i = 0; rc == 0 && i < n_names; i++) {
        cs_plugin *pl, **grown;
        int dup = 0;
        snprintf(file, sizeof file, "%s/%s", dir, names[i]);
        if (!(pl = cs_plugin_open(file, err, sizeof err))) {
            cs_diag_warning(diag, (cs_pos){0}, "%s", err);
            continue;
        }
        for (size_t j = 0; j < *n; j++)
            dup |= !strcmp((*out)[j]->name, pl->name);
        if (dup) {
            cs_plugin_close(pl);
            continue;
        }
        if (!(grown = realloc(*out, (*n + 1) * sizeof *grown))) {
            cs_plugin_close(pl);
            rc = -1;
            break;
        }
        *out = grown;
        (*out)[(*n)++] = pl;
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    return rc;
}

int cs_plugin_list(const cs_plugin_path *p, cs_plugin ***out, size_t *n,
                   cs_diag *diag)
{
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < p->n_dirs; i++)
        if (list_dir(p->dirs[i], out, n, diag) < 0)
            return -1;
    return 0;
}
