/* loader_files.c -- where the files a scenario names may be. A scenario is
 * data that people send each other, so the files it names resolve against
 * its own folder and must stay inside it (after symbolic links are
 * resolved), and kernel interfaces, devices, pipes and sockets are never
 * read as data; --allow-outside-files (cs_load_opts) lifts the folder
 * rule only. */
#include "loader_priv.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Is `path` (absolute, resolved) `root` itself or below it? */
static int below(const char *path, const char *root)
{
    size_t n = strlen(root);

    if (n == 1 && root[0] == '/')
        return 1;
    return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

/* "/proc", "/sys" or "/dev" when `real` lies in one, else NULL. */
static const char *kernel_tree(const char *real)
{
    static const char *const trees[] = {"/proc", "/sys", "/dev"};

    for (size_t i = 0; i < sizeof trees / sizeof *trees; i++)
        if (below(real, trees[i]))
            return trees[i];
    return NULL;
}

static const char *kind_of(mode_t mode)
{
    return S_ISFIFO(mode) ? "a named pipe (FIFO)"
         : S_ISSOCK(mode) ? "a socket"
         : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
         : S_ISDIR(mode) ? "a directory" : "not a regular file";
}

/* `name` joined to the scenario's folder (absolute names as they are). */
static char *joined(const ld_ctx *c, const char *name)
{
    size_t nd = strlen(c->dir);
    char *p = malloc(nd + strlen(name) + 2);

    if (!p)
        return NULL;
    if (name[0] == '/' || !nd)
        strcpy(p, name);
    else
        sprintf(p, "%s%s%s", c->dir, c->dir[nd - 1] == '/' ? "" : "/", name);
    return p;
}

/* Checks the resolved file `real` named `shown`; 0 or -1 after reporting. */
static int check_real(ld_ctx *c, const ld_node *n, const char *label,
                      const char *shown, const char *real)
{
    const char *tree = kernel_tree(real);
    char root[PATH_MAX];
    struct stat st;

    if (tree)
        return ld_error(c, n, "%s '%s' is in %s, which holds the kernel's "
                        "and devices' files, not data; give the path of a "
                        "CSV file inside the scenario's folder", label,
                        shown, tree);
    if (stat(real, &st) != 0)
        return ld_error(c, n, "cannot open %s '%s': %s; check the path and "
                        "its permissions", label, shown, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return ld_error(c, n, "%s '%s' is %s, not a regular file; give the "
                        "path of a file", label, shown, kind_of(st.st_mode));
    if (c->opts.allow_outside_files)
        return 0;
    if (!realpath(c->dir[0] ? c->dir : ".", root))
        return ld_error(c, n, "cannot resolve the scenario's folder '%s': "
                        "%s; check its permissions", c->dir[0] ? c->dir : ".",
                        strerror(errno));
    if (!below(real, root))
        return ld_error(c, n, "%s '%s' is outside the scenario's folder "
                        "('%s' is not under '%s'); copy the file into the "
                        "scenario's folder and name it relative to it, or "
                        "pass --allow-outside-files", label, shown, real,
                        root);
    return 0;
}

int ld_resolve_file(ld_ctx *c, const ld_node *n, const char *label,
                    char **shown, char **out)
{
    char *path, *real;
    int rc;

    *shown = *out = NULL;
    if (!(path = joined(c, n->text)))
        return ld_error(c, n, "out of memory; free some memory");
    if (!(real = realpath(path, NULL))) {
        rc = ld_error(c, n, "cannot open %s '%s': %s; check the path and "
                      "its permissions", label, path, strerror(errno));
        free(path);
        return rc;
    }
    rc = check_real(c, n, label, path, real);
    if (rc) {
        free(path);
        free(real);
        return rc;
    }
    *shown = path;
    *out = real;
    return 0;
}
