/*
 * host.h -- finding, opening and checking criterion plugins.
 *
 * Search order for a plugin named NAME (a file NAME.so):
 *   1. the directories given with --plugin-path (in order),
 *   2. the directories in $CONSORTIA_PLUGIN_PATH (colon-separated),
 *   3. the build tree's plugins/.libs, only for the uninstalled program:
 *      one whose executable (/proc/self/exe, symlinks resolved) lies
 *      inside the build tree it was configured in (build/consortia and
 *      the test programs of `make check`);
 *   4. the installed pkglibdir.
 * An installed program never looks in the build tree, so a stale build
 * cannot shadow installed plugins.
 * The current directory is never searched implicitly. A name containing
 * '/' is a path and is opened as it is.
 */
#ifndef CS_HOST_H
#define CS_HOST_H

#include <stddef.h>
#include <consortia/plugin.h>
#include "base/base.h"

typedef struct cs_plugin {
    char *name;                        /* descriptor name */
    char *path;                        /* file it was opened from */
    void *handle;                      /* dlopen handle */
    const cs_plugin_descriptor *desc;  /* the plugin's, static */
    char sha256[65];                   /* of the file, read as it was
                                          opened; "" if unreadable */
} cs_plugin;

/* Where a directory of the search path came from (for `plugins -v`). */
typedef enum cs_path_origin {
    CS_PATH_OPTION = 0,        /* --plugin-path */
    CS_PATH_ENV = 1,           /* $CONSORTIA_PLUGIN_PATH */
    CS_PATH_INSTALLED = 2,     /* pkglibdir */
    CS_PATH_BUILD = 3          /* the build tree (uninstalled program) */
} cs_path_origin;

typedef struct cs_plugin_path {
    char **dirs;
    size_t n_dirs;
    cs_path_origin *origin;    /* parallel to dirs */
} cs_plugin_path;

/* Is the running program the uninstalled one of the build tree? */
int cs_program_uninstalled(void);

/* "--plugin-path", "CONSORTIA_PLUGIN_PATH", "installed", "build tree". */
const char *cs_path_origin_name(cs_path_origin o);

/* The origin of the directory `file` (a plugin's path) was found in, or
 * -1 when it is in none of them. */
int cs_plugin_path_origin(const cs_plugin_path *p, const char *file);

/* Builds the search path: `extra` (may be NULL or empty; several
 * directories separated by ':'), then the environment, the build tree (for
 * the uninstalled program only) and pkglibdir. Returns 0, or -1 when out of memory. */
int cs_plugin_path_init(cs_plugin_path *p, const char *const *extra,
                        size_t n_extra);
void cs_plugin_path_free(cs_plugin_path *p);

/* Opens the plugin at `path` and checks its descriptor: entry symbol,
 * ABI major and minor, size, name, version, callbacks, parameter and
 * metric declarations. On failure returns NULL and writes a message naming
 * the plugin and its path into err. The caller frees with
 * cs_plugin_close(). */
cs_plugin *cs_plugin_open(const char *path, char *err, size_t errlen);

/* The file NAME would be opened from: NAME itself when it holds a '/',
 * else the first DIR/NAME.so along the path. Returns 0 with it in `file`,
 * or -1 when no directory holds one. */
int cs_plugin_locate(const cs_plugin_path *p, const char *name, char *file,
                     size_t len);

/* The message for a NAME no directory holds, listing where it looked. */
void cs_plugin_missing(const cs_plugin_path *p, const char *name, char *err,
                       size_t errlen);

/* Finds NAME along the search path and opens it (see above). */
cs_plugin *cs_plugin_find(const cs_plugin_path *p, const char *name,
                          char *err, size_t errlen);

/* Opens every *.so along the path; the first plugin of each name wins.
 * Files that fail to open are reported into diag as warnings. The caller
 * frees the array and each plugin. Returns 0, or -1 on out of memory. */
int cs_plugin_list(const cs_plugin_path *p, cs_plugin ***out, size_t *n,
                   cs_diag *diag);

/* dlcloses and frees; NULL does nothing. */
void cs_plugin_close(cs_plugin *pl);

/* Checks a descriptor as cs_plugin_open() does (used by tests and by the
 * mock host). Returns 0, or -1 with a message in err. */
/* The descriptor's default headline scale (ABI 1.1), or NULL when it
 * declares none or was built for ABI 1.0 (its size does not cover it). */
const cs_value_scale *cs_descriptor_scale(const cs_plugin_descriptor *d);

int cs_descriptor_check(const cs_plugin_descriptor *d, char *err,
                        size_t errlen);

/* Checks metric declarations (from the descriptor or from init's setup). */
int cs_metrics_check(const char *plugin, const cs_metric_decl *m, size_t n,
                     char *err, size_t errlen);

/* Is `word` one of the '|'-separated `choices` ("history|capitation")? */
int cs_choice_ok(const char *choices, const char *word);

/* "number", "integer", ... for messages and `consortia plugins`. */
const char *cs_param_type_name(cs_param_type t);

/* The rest of the stage's public interface: parameter sets checked
 * against a plugin's declarations, and the services a plugin calls. */
#include "params.h"
#include "services.h"

#endif /* CS_HOST_H */
