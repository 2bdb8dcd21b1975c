/* cli_harness.h -- the harness of the end-to-end suites of the
 * commands (test_search_cli, test_search_json, test_merge_cli,
 * test_voi_cli): a scratch directory per test, the command run with its
 * standard output and error captured, paths in the scratch directory. */
#ifndef CS_CLI_HARNESS_H
#define CS_CLI_HARNESS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define EXAMPLE CS_TEST_SRCDIR "/scenarios/example.yaml"

static char *out, *err;
static char tmpdir[64];

static inline void setup(void)
{
    strcpy(tmpdir, "/tmp/cs-clitest.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    out = err = NULL;
}

static inline void teardown(void)
{
    char cmd[128];

    free(out);
    free(err);
    out = err = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Runs argv (NULL-terminated) into out and err; its exit status. */
static inline int run(char *argv[])
{
    free(out);
    free(err);
    return runcmd(argv, &out, &err);
}

/* tmpdir/name in one of eight rotating buffers: copy it to keep it. */
static inline char *path_of(const char *name)
{
    static char path[8][256];
    static int k;

    k = (k + 1) % 8;
    snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
    return path[k];
}

/* err begins "consortia: error: MESSAGE\nusage: " */
static inline void usage_said(const char *message)
{
    char want[512];

    snprintf(want, sizeof want, "consortia: error: %s\nusage: ", message);
    ck_assert_msg(!strncmp(err, want, strlen(want)), "wanted '%s', got '%s'",
                  want, err);
}

#endif
