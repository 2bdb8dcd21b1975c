/* test_cov_smaa.c -- the SMAA sample reader's limits (core/mcda/smaa_csv.c,
 * docs/decision.md "External samples"), each refused with its
 * file:line:col: a line of more than 64 fields, a path that is a directory
 * (the read fails), more than 4,096 alternatives. The expected positions
 * are counted in the comments. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mcda/smaa.h"

static char dir[64], err[512];

static void setup(void)
{
    strcpy(dir, "/tmp/cs-covsmaa.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* err is "<path><suffix>" */
static void said(const char *path, const char *suffix)
{
    char want[600];

    snprintf(want, sizeof want, "%s%s", path, suffix);
    ck_assert_msg(!strncmp(err, want, strlen(want)), "wanted '%s', got '%s'",
                  want, err);
}

START_TEST(more_than_64_fields)
{
    /* "a," 65 times: field k (0-based) starts at column 2k + 1, so the
     * 65th (k = 64) at column 129 is one too many */
    char path[96];
    FILE *fp;
    cs_smaa_input in;

    snprintf(path, sizeof path, "%s/m.csv", dir);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    for (int k = 0; k < 65; k++)
        fputs(k ? ",a" : "a", fp);
    fputc('\n', fp);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_int_eq(cs_smaa_read_csv(path, NULL, &in, err, sizeof err), -1);
    said(path, ":1:129: error: more than 64 fields on a line; quote a field "
               "that holds a comma");
}
END_TEST

START_TEST(a_directory_cannot_be_read)
{
    /* fopen opens a directory for reading; the first read fails with
     * EISDIR, at line 1, column 1 */
    char path[96], want[200];
    cs_smaa_input in;

    snprintf(path, sizeof path, "%s/d", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(cs_smaa_read_csv(path, NULL, &in, err, sizeof err), -1);
    snprintf(want, sizeof want, ":1:1: error: cannot read: %s; check the "
             "file", strerror(EISDIR));
    said(path, want);
}
END_TEST

START_TEST(more_than_4096_alternatives)
{
    /* the header on line 1, alternative k on line k + 1: the 4,097th
     * (a4096) on line 4098 is one too many */
    char path[96];
    FILE *fp;
    cs_smaa_input in;

    snprintf(path, sizeof path, "%s/m.csv", dir);
    ck_assert_ptr_nonnull(fp = fopen(path, "w"));
    fputs("draw,alternative,criterion,value\n", fp);
    for (int k = 0; k <= 4096; k++)
        fprintf(fp, "1,a%d,x,0.5\n", k);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_int_eq(cs_smaa_read_csv(path, NULL, &in, err, sizeof err), -1);
    said(path, ":4098:1: error: out of memory or too many names; use at "
               "most 4096 alternatives and 4096 criteria");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_smaa");
    TCase *tc = tcase_create("limits");
    SRunner *sr;
    int nf;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, more_than_64_fields);
    tcase_add_test(tc, a_directory_cannot_be_read);
    tcase_add_test(tc, more_than_4096_alternatives);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
