/* newplugin.c -- `consortia new-plugin NAME [DIR]`: writes a criterion
 * skeleton (source, a Makefile using pkg-config, a unit test against the
 * installed mock host) that `make check` builds and tests out of tree. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "newplugin_tmpl.h"

/* A plugin name becomes a file name and a descriptor name:
 * lower_snake_case, a letter first, at most 40 characters. */
static int name_ok(const char *s)
{
    size_t i;

    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
              || s[i] == '_'))
            return 0;
    return i <= 40;
}

/* Writes `tmpl` with every "@NAME@" replaced by `name` into DIR/FILE. */
static int write_file(const char *dir, const char *file, const char *tmpl,
                      const char *name)
{
    char path[4096];
    FILE *fp;
    const char *p = tmpl, *at;
    int ok;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (!(fp = fopen(path, "w"))) {
        fprintf(stderr, "%s: error: cannot create the file: %s; check the "
                "directory is writable\n", path, strerror(errno));
        return -1;
    }
    while ((at = strstr(p, "@NAME@")) != NULL) {
        fwrite(p, 1, (size_t)(at - p), fp);
        fputs(name, fp);
        p = at + 6;
    }
    fputs(p, fp);
    ok = !ferror(fp);
    if (fclose(fp) != 0 || !ok) {
        fprintf(stderr, "%s: error: cannot write the file; check the disk "
                "space and permissions\n", path);
        return -1;
    }
    return 0;
}

int cs_cmd_new_plugin(const char *name, const char *dir)
{
    char src[128], test[128];
    struct stat st;

    if (!name_ok(name)) {
        fprintf(stderr, "consortia: error: '%s' is not a valid plugin name; "
                "use lower_snake_case (a letter, then letters a-z, digits "
                "or '_', at most 40 characters), e.g. gp_fte_per_1000\n",
                name);
        return EX_USAGE;
    }
    if (!dir)
        dir = name;
    if (stat(dir, &st) == 0 || errno != ENOENT) {
        fprintf(stderr, "%s: error: already exists; give a new directory "
                "(consortia new-plugin %s DIR) or remove this one\n", dir,
                name);
        return EX_CANTCREAT;
    }
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "%s: error: cannot create the directory: %s; check "
                "its parent exists and is writable\n", dir, strerror(errno));
        return EX_CANTCREAT;
    }
    snprintf(src, sizeof src, "%s.c", name);
    snprintf(test, sizeof test, "test_%s.c", name);
    if (write_file(dir, src, tmpl_source, name) < 0 ||
        write_file(dir, test, tmpl_test, name) < 0 ||
        write_file(dir, "Makefile", tmpl_makefile, name) < 0)
        return EX_CANTCREAT;
    printf("wrote %s/%s, %s/%s and %s/Makefile\n"
           "next:\n"
           "  cd %s && make check      # builds %s.so and runs its unit test\n"
           "  consortia plugins --plugin-path %s --verbose\n"
           "(pkg-config must find consortia: for a prefix other than the "
           "system's,\n export PKG_CONFIG_PATH=<prefix>/lib/pkgconfig; see "
           "the plugin guide)\n",
           dir, src, dir, test, dir, dir, name, dir);
    return EX_OK;
}
