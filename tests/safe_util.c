/* safe_util.c -- the helpers of safe_util.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runcmd.h"
#include "safe_util.h"

char *out, *err, *dir;

int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* A fresh folder per test, removed with everything in it. */
void setup(void)
{
    char tmpl[] = "/tmp/cs-safe-XXXXXX";

    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    dir = strdup(tmpl);
}

void teardown(void)
{
    char *argv[] = {"/bin/rm", "-rf", dir, NULL};

    runcmd(argv, NULL, NULL);
    free(dir);
    free(out);
    free(err);
    out = err = dir = NULL;
}

/* dir/name (static buffer, one at a time per slot). */
const char *at(int slot, const char *name)
{
    static char buf[4][512];

    snprintf(buf[slot], sizeof buf[slot], "%s/%s", dir, name);
    return buf[slot];
}

void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

/* Writes sub/s.yaml naming `file` as its practice CSV. */
const char *csv_scenario(const char *file)
{
    char text[2048];

    mkdir(at(3, "sub"), 0755);
    snprintf(text, sizeof text, HEAD OPTIONS GOOD "practices_csv: %s\n", file);
    write_file(at(2, "sub/s.yaml"), text);
    return at(2, "sub/s.yaml");
}
