/* test_loader_util.c -- helpers for the loader suites. */
#include "test_loader_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

cs_model *tl_load(const char *yaml, cs_diag *d)
{
    return cs_load_scenario_buffer("t.yaml", yaml, strlen(yaml), d);
}

int tl_has_error(const cs_diag *d, const char *file, int line, int col,
                 const char *text, const char *label)
{
    char prefix[512];

    if (col > 0)
        snprintf(prefix, sizeof prefix, "%s:%d:%d: error: ", file, line, col);
    else if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%d:", file, line);
    else
        snprintf(prefix, sizeof prefix, "%s: error: ", file);
    for (size_t i = 0; i < d->n_msgs; i++) {
        if (!strncmp(d->msgs[i], prefix, strlen(prefix)) &&
            strstr(d->msgs[i], text) &&
            (col > 0 || line <= 0 || strstr(d->msgs[i], ": error: ")))
            return 1;
    }
    fprintf(stderr, "%s: expected \"%s...%s\"; got %zu message(s):\n",
            label, prefix, text, d->n_msgs);
    for (size_t i = 0; i < d->n_msgs; i++)
        fprintf(stderr, "  %s\n", d->msgs[i]);
    return 0;
}

void tl_assert_error(const cs_diag *d, const char *file, int line, int col,
                     const char *text)
{
    if (!tl_has_error(d, file, line, col, text, "assertion"))
        ck_abort_msg("no error \"%s\" at %s:%d:%d", text, file, line, col);
}

int tl_refused(const char *yaml, int line, int col, const char *text,
               const char *label)
{
    cs_diag d = {0};
    cs_model *m = tl_load(yaml, &d);
    int ok = !m && d.n_errors >= 1 &&
             tl_has_error(&d, "t.yaml", line, col, text, label);

    if (m)
        fprintf(stderr, "%s: loaded, but should have been refused\n", label);
    cs_model_free(m);
    cs_diag_clear(&d);
    return ok;
}

int tl_refused_table(const tl_bad_case *cases, int n, const char *what)
{
    int failed = 0;

    for (int i = 0; i < n; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s %d", what, i);
        failed += !tl_refused(cases[i].yaml, cases[i].line, cases[i].col,
                              cases[i].text, label);
    }
    return failed;
}

int tl_timing(void)
{
    const char *v = getenv("CS_TEST_NO_TIMING");
    return !v || !*v || !strcmp(v, "0");
}

char *tl_tempdir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = malloc(4096);

    ck_assert_ptr_nonnull(dir);
    snprintf(dir, 4096, "%s/cs-loader-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

char *tl_write(const char *dir, const char *name, const char *data,
               size_t len)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    FILE *fp;

    ck_assert_ptr_nonnull(path);
    sprintf(path, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    if (len == (size_t)-1)
        len = strlen(data);
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
    return path;
}

void tl_rmdir(char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;

    if (dp) {
        while ((e = readdir(dp))) {
            char path[4096];
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path))
                rmdir(path);
        }
        closedir(dp);
    }
    rmdir(dir);
    free(dir);
}
