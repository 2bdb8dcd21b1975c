/* test_loader_hostile.c -- hostile and broken input: alias bombs, deep
 * nesting, files that are too big, empty, directories or not there,
 * binary garbage; and collecting many errors in one run. */
#include "test_loader_util.h"

#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long max_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Nine levels of nine aliases each: 9^9 nodes if expanded. */
START_TEST(test_billion_laughs)
{
    char yaml[4096];
    size_t len = 0;
    cs_diag d = {0};
    cs_model *m;
    long rss0 = max_rss_kb();
    double t0 = seconds(), secs;

    len += (size_t)sprintf(yaml + len, "format: 1\n"
                           "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                           "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++)
        len += (size_t)sprintf(yaml + len, "%c: &%c [*%c,*%c,*%c,*%c,*%c,"
                               "*%c,*%c,*%c,*%c]\n", c, c, c - 1, c - 1,
                               c - 1, c - 1, c - 1, c - 1, c - 1, c - 1,
                               c - 1);
    m = cs_load_scenario_buffer("lol.yaml", yaml, len, &d);
    secs = seconds() - t0;
    ck_assert_ptr_null(m);
    /* the 100000 limit is crossed in line 7 ('f': 9^5 nodes) */
    tl_assert_error(&d, "lol.yaml", 7, 0, "aliases expand to more than "
                    "100000 nodes (a \"billion laughs\" file?)");
    ck_assert_uint_eq(d.n_errors, 1);
    if (tl_timing())
        ck_assert_msg(secs < 0.5, "refusing took %.3f s", secs);
    ck_assert_msg(max_rss_kb() - rss0 < 32 * 1024, "memory grew by %ld kB",
                  max_rss_kb() - rss0);
    cs_diag_clear(&d);
}
END_TEST

/* Many aliases of one small anchor also count. */
START_TEST(test_alias_flood)
{
    size_t n = 60000, len = 0;
    char *yaml = malloc(16 * n + 64);
    cs_diag d = {0};

    ck_assert_ptr_nonnull(yaml);
    len += (size_t)sprintf(yaml, "format: 1\na: &a [x, y]\nb: [");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(yaml + len, "*a, ");
    len += (size_t)sprintf(yaml + len, "*a]\n");
    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml, len, &d));
    tl_assert_error(&d, "t.yaml", 3, 0, "aliases expand to more than 100000");
    cs_diag_clear(&d);
    free(yaml);
}
END_TEST

START_TEST(test_deep_flow)
{
    size_t n = 100000;
    char *yaml = malloc(2 * n + 16);
    cs_diag d = {0};
    double t0 = seconds();

    ck_assert_ptr_nonnull(yaml);
    memset(yaml, '[', n);
    memset(yaml + n, ']', n);
    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml, 2 * n, &d));
    tl_assert_error(&d, "t.yaml", 1, 65, "YAML nested more than 64 levels "
                    "deep; a scenario needs far fewer, so flatten it");
    if (tl_timing())
        ck_assert_msg(seconds() - t0 < 0.5, "refusing took too long");
    cs_diag_clear(&d);
    free(yaml);
}
END_TEST

START_TEST(test_deep_block)
{
    char yaml[16384];
    size_t len = sprintf(yaml, "format: 1\n");
    cs_diag d = {0};

    for (int i = 0; i < 70; i++)
        len += (size_t)sprintf(yaml + len, "%*sk%d:\n", 2 * i, "", i);
    len += (size_t)sprintf(yaml + len, "%*sx\n", 140, "");
    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml, len, &d));
    /* the root mapping is level 1 and the value of k<i> is level i + 2,
     * starting with key k<i+1> on line i + 3: level 65 is on line 66 */
    tl_assert_error(&d, "t.yaml", 66, 129, "nested more than 64 levels");
    cs_diag_clear(&d);
}
END_TEST

/* An alias may not smuggle in depth the anchor did not have in place. */
START_TEST(test_deep_alias)
{
    char yaml[4096];
    size_t len = sprintf(yaml, "format: 1\na: &a ");
    cs_diag d = {0};

    for (int i = 0; i < 60; i++)
        yaml[len++] = '[';
    for (int i = 0; i < 60; i++)
        yaml[len++] = ']';
    len += (size_t)sprintf(yaml + len, "\nb: [[[[[[*a]]]]]]\n");
    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml, len, &d));
    tl_assert_error(&d, "t.yaml", 3, 10, "alias '*a' nests the YAML more "
                    "than 64 levels deep");
    cs_diag_clear(&d);
}
END_TEST

START_TEST(test_binary_garbage)
{
    unsigned char buf[4096];
    unsigned state = 12345;
    cs_diag d = {0};

    for (size_t i = 0; i < sizeof buf; i++) {
        state = state * 1103515245u + 12345u;
        buf[i] = (unsigned char)(state >> 16);
    }
    ck_assert_ptr_null(cs_load_scenario_buffer("junk.bin", (char *)buf,
                                               sizeof buf, &d));
    ck_assert_uint_eq(d.n_errors, 1);
    ck_assert_ptr_nonnull(strstr(d.msgs[0], "junk.bin:1:"));
    ck_assert(strstr(d.msgs[0], "invalid UTF-8") ||
              strstr(d.msgs[0], "control character"));
    cs_diag_clear(&d);
}
END_TEST

START_TEST(test_nul_bytes)
{
    static const char yaml[] = "format: 1\nscenario:\0{id: t}\n";
    cs_diag d = {0};

    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml,
                                               sizeof yaml - 1, &d));
    tl_assert_error(&d, "t.yaml", 2, 10, "control character 0x00 in the "
                    "file, which YAML does not allow; is it a text file?");
    cs_diag_clear(&d);
}
END_TEST

START_TEST(test_directory)
{
    char *dir = tl_tempdir();
    cs_diag d = {0};
    char text[4200];

    ck_assert_ptr_null(cs_load_scenario(dir, &d));
    snprintf(text, sizeof text, "scenario file '%s' is a directory; give "
             "the path of a file inside it", dir);
    tl_assert_error(&d, dir, 0, 0, text);
    cs_diag_clear(&d);
    tl_rmdir(dir);
}
END_TEST

START_TEST(test_missing_file)
{
    cs_diag d = {0};

    ck_assert_ptr_null(cs_load_scenario("/nonexistent/x.yaml", &d));
    tl_assert_error(&d, "/nonexistent/x.yaml", 0, 0, "cannot open scenario "
                    "file '/nonexistent/x.yaml': No such file or directory; "
                    "check the path and its permissions");
    cs_diag_clear(&d);
}
END_TEST

/* Tries to load `file`, whose mode is 0, and checks the error says
 * "Permission denied". As root the check runs in a child that has given
 * up root for the user and group nobody (65534), since root reads any
 * file; the child's exit status carries the result back. */
static void assert_permission_denied(const char *dir, const char *file)
{
    cs_diag d = {0};
    pid_t pid;
    int status = 0;

    if (geteuid() != 0) {
        ck_assert_ptr_null(cs_load_scenario(file, &d));
        tl_assert_error(&d, file, 0, 0, "Permission denied");
        cs_diag_clear(&d);
        return;
    }
    /* nobody must reach the file, so its own mode is what refuses it */
    ck_assert_int_eq(chmod(dir, 0755), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        cs_model *m;
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
            setuid(65534) != 0 || geteuid() == 0)
            _exit(3);
        m = cs_load_scenario(file, &d);
        _exit(m ? 4 : d.n_msgs && strstr(d.msgs[0], "Permission denied")
                      ? 0 : 5);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "permission-denied child: status %d (3: could not drop "
                  "root to nobody; 4: the file loaded; 5: another error)",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Unreadable: a path through a regular file cannot be opened even by
 * root (ENOTDIR); a file of mode 0 cannot be read by anyone but root. */
START_TEST(test_unreadable)
{
    char *dir = tl_tempdir(), *file, path[4200];
    cs_diag d = {0};

    file = tl_write(dir, "plain", "format: 1\n", (size_t)-1);
    snprintf(path, sizeof path, "%s/x.yaml", file);
    ck_assert_ptr_null(cs_load_scenario(path, &d));
    tl_assert_error(&d, path, 0, 0, "cannot open scenario file");
    tl_assert_error(&d, path, 0, 0, "Not a directory");
    cs_diag_clear(&d);
    ck_assert_int_eq(chmod(file, 0), 0);
    assert_permission_denied(dir, file);
    free(file);
    tl_rmdir(dir);
}
END_TEST

START_TEST(test_too_big)
{
    char *dir = tl_tempdir(), *path;
    cs_diag d = {0};
    int fd;

    path = tl_write(dir, "big.yaml", "format: 1\n", (size_t)-1);
    fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)CS_MAX_FILE_BYTES + 1), 0);
    close(fd);
    ck_assert_ptr_null(cs_load_scenario(path, &d));
    tl_assert_error(&d, path, 0, 0, "is 67108865 bytes, more than the limit "
                    "of 67108864 bytes (64 MiB); check that it is the right "
                    "file");
    cs_diag_clear(&d);
    free(path);
    tl_rmdir(dir);
}
END_TEST

START_TEST(test_empty_file)
{
    char *dir = tl_tempdir(), *path;
    cs_diag d = {0};

    path = tl_write(dir, "empty.yaml", "", 0);
    ck_assert_ptr_null(cs_load_scenario(path, &d));
    tl_assert_error(&d, path, 0, 0, "the file is empty");
    cs_diag_clear(&d);
    free(path);
    tl_rmdir(dir);
}
END_TEST

/* One run reports every independent mistake, each at its own line. */
START_TEST(test_many_errors)
{
    static const char yaml[] =
        "format: 1\n"                                              /* 1 */
        "scenario: {id: t, nmae: x}\n"                             /* 2 */
        "organisations:\n"                                         /* 3 */
        "  - {id: h, kind: hospital}\n"                            /* 4 */
        "localities:\n"                                            /* 5 */
        "  - {id: north, neighbours: [nowhere]}\n"                 /* 6 */
        "practices:\n"                                             /* 7 */
        "  - {code: A1, locality: north, registered: -1}\n"        /* 8 */
        "  - {code: A2, locality: north, registered: 5, imd: x}\n" /* 9 */
        "options:\n"                                               /* 10 */
        "  - id: one\n"                                            /* 11 */
        "    consortia:\n"                                         /* 12 */
        "      - {id: c, localities: [north]}\n"                   /* 13 */
        "      - {id: d, practices: [A1]}\n"                       /* 14 */
        "criteria:\n"                                              /* 15 */
        "  - {plugin: risk, weight: .inf}\n"                       /* 16 */
        "analysis: {draws: 0, seed: 99999999999999999999}\n";     /* 17 */
    cs_diag d = {0};

    ck_assert_ptr_null(tl_load(yaml, &d));
    tl_assert_error(&d, "t.yaml", 2, 19, "unknown key 'nmae'");
    tl_assert_error(&d, "t.yaml", 4, 19, "the kind of organisation 'h'");
    tl_assert_error(&d, "t.yaml", 6, 30, "locality 'nowhere' is not defined");
    tl_assert_error(&d, "t.yaml", 8, 45,
                    "must be greater than 0 and at most 10000000, not -1");
    tl_assert_error(&d, "t.yaml", 9, 53, "'imd' of practice 'A2' must be a "
                    "number");
    tl_assert_error(&d, "t.yaml", 14, 29, "practice 'A1' is in two consortia");
    tl_assert_error(&d, "t.yaml", 16, 28, "is '.inf', which is not a finite");
    tl_assert_error(&d, "t.yaml", 17, 19, "'draws' must be between 1");
    tl_assert_error(&d, "t.yaml", 17, 28, "overflows a 64-bit integer");
    ck_assert_uint_eq(d.n_errors, 9);
    cs_diag_clear(&d);
}
END_TEST

/* Past CS_DIAG_MAX the errors are counted, not kept. */
START_TEST(test_error_cap)
{
    size_t cap = 1 << 16, len;
    char *yaml = malloc(cap);
    cs_diag d = {0};

    ck_assert_ptr_nonnull(yaml);
    len = (size_t)sprintf(yaml, "format: 1\nscenario: {id: t}\n"
                          "localities: [{id: north}]\npractices:\n");
    for (int i = 0; i < 120; i++)
        len += (size_t)sprintf(yaml + len, "  - {code: P%d, locality: north, "
                               "registered: 0}\n", i);
    ck_assert_ptr_null(cs_load_scenario_buffer("t.yaml", yaml, len, &d));
    ck_assert_uint_eq(d.n_msgs, CS_DIAG_MAX);
    ck_assert_uint_ge(d.n_errors, 120);
    tl_assert_error(&d, "t.yaml", 5, 45, "'registered' of practice 'P0'");
    cs_diag_clear(&d);
    free(yaml);
}
END_TEST

Suite *loader_hostile_suite(void)
{
    Suite *s = suite_create("loader_hostile");
    TCase *tc = tcase_create("hostile");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_billion_laughs);
    tcase_add_test(tc, test_alias_flood);
    tcase_add_test(tc, test_deep_flow);
    tcase_add_test(tc, test_deep_block);
    tcase_add_test(tc, test_deep_alias);
    tcase_add_test(tc, test_binary_garbage);
    tcase_add_test(tc, test_nul_bytes);
    tcase_add_test(tc, test_directory);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_unreadable);
    tcase_add_test(tc, test_too_big);
    tcase_add_test(tc, test_empty_file);
    tcase_add_test(tc, test_many_errors);
    tcase_add_test(tc, test_error_cap);
    suite_add_tcase(s, tc);
    return s;
}
