/* test_fileio.c -- every way writing an output file can fail.
 *
 * The contract (core/base/fileio.h): a report goes to a temporary file
 * beside the target and is renamed over it only when everything has been
 * written, flushed and synced; on any failure the temporary file is gone,
 * the target is untouched and the message names the file and the system's
 * reason. The system calls are wrapped at link time (-Wl,--wrap for
 * open, fopencookie, fsync, rename and fopen), so each failure is made to
 * happen on demand, also as root (CI), where permissions cannot make a
 * write fail. A full disk is /dev/full (ENOSPC on every write).
 *
 * The commands' ends of the same paths (`appraise -o /dev/full`, standard
 * output on /dev/full, `new-plugin` into a file that cannot be written)
 * are run here too, with their exit statuses from sysexits.h. */
#define _GNU_SOURCE     /* cookie_io_functions_t, as core/base/fileio.c */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/fileio.h"
#include "cli/session.h"
#include "runcmd.h"

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TINY CS_TEST_SRCDIR "/tests/data/core/tiny.yaml"

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
FILE *__real_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);
FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);

/* What to break: the temporary file's writes go to /dev/full, or the
 * call fails with the errno given. */
static int full_disk, fdopen_errno, fsync_errno, rename_errno;
static const char *fopen_full;     /* fopen of a path ending so: /dev/full */
static const char *fopen_fail;     /* fopen of a path ending so: EACCES */

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

int __wrap_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    int fd, full;
    va_list ap;

    va_start(ap, flags);
    if (flags & O_CREAT)
        mode = (mode_t)va_arg(ap, int);
    va_end(ap);
    fd = __real_open(path, flags, mode);
    /* the file is made (so it must be cleaned up), but written to a full
       disk */
    if (fd >= 0 && full_disk && strstr(path, ".tmp.")) {
        full = __real_open("/dev/full", O_WRONLY);
        ck_assert_int_ge(full, 0);
        dup2(full, fd);
        close(full);
    }
    return fd;
}

FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io)
{
    if (fdopen_errno) {
        errno = fdopen_errno;
        return NULL;
    }
    return __real_fopencookie(cookie, mode, io);
}

int __wrap_fsync(int fd)
{
    if (fsync_errno) {
        errno = fsync_errno;
        return -1;
    }
    return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
    if (rename_errno) {
        errno = rename_errno;
        return -1;
    }
    return __real_rename(from, to);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (fopen_fail && ends_with(path, fopen_fail)) {
        errno = EACCES;
        return NULL;
    }
    if (fopen_full && ends_with(path, fopen_full))
        return __real_fopen("/dev/full", mode);
    return __real_fopen(path, mode);
}

static char dir[64], target[128];

static void setup(void)
{
    FILE *fp;

    strcpy(dir, "/tmp/cs-fileio.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(target, sizeof target, "%s/report.txt", dir);
    ck_assert_ptr_nonnull(fp = fopen(target, "w"));
    fputs("the previous report\n", fp);
    fclose(fp);
    full_disk = fdopen_errno = fsync_errno = rename_errno = 0;
    fopen_full = fopen_fail = NULL;
}

static void teardown(void)
{
    char cmd[128];

    full_disk = fdopen_errno = fsync_errno = rename_errno = 0;
    fopen_full = fopen_fail = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Files in dir other than the target (temporary files left behind). */
static int strays(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)))
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
             strcmp(de->d_name, "report.txt");
    closedir(d);
    return n;
}

static void assert_target_untouched(void)
{
    char *text = slurp(target, NULL);

    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, "the previous report\n");
    free(text);
    ck_assert_int_eq(strays(), 0);
}

/* Opens the target, writes 64 KiB (past stdio's buffer) and commits;
 * returns what commit returned, the message in err. */
static int write_and_commit(char *err, size_t len)
{
    cs_out o;

    ck_assert_int_eq(cs_out_open(&o, target, err, len), 0);
    for (int i = 0; i < 1024; i++)
        fputs("0123456789012345678901234567890123456789012345678901234567"
              "89012\n", o.fp);
    return cs_out_commit(&o, err, len);
}

START_TEST(good_write_replaces_target)
{
    char err[512] = "", *text;
    size_t len;

    ck_assert_int_eq(write_and_commit(err, sizeof err), 0);
    text = slurp(target, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(len, 1024 * 64);        /* 1024 lines of 63 + '\n' */
    free(text);
    ck_assert_int_eq(strays(), 0);
}
END_TEST

START_TEST(full_disk_fails_and_cleans_up)
{
    char err[512] = "";

    full_disk = 1;
    ck_assert_int_eq(write_and_commit(err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot write '"));
    ck_assert_ptr_nonnull(strstr(err, target));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOSPC)));
    ck_assert_ptr_nonnull(strstr(err, "free some disk space"));
    assert_target_untouched();
}
END_TEST

START_TEST(fsync_failure_fails_and_cleans_up)
{
    char err[512] = "";

    fsync_errno = EIO;
    ck_assert_int_eq(write_and_commit(err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, target));
    ck_assert_ptr_nonnull(strstr(err, strerror(EIO)));
    assert_target_untouched();
}
END_TEST

START_TEST(rename_failure_fails_and_cleans_up)
{
    char err[512] = "";

    rename_errno = EXDEV;
    ck_assert_int_eq(write_and_commit(err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, target));
    ck_assert_ptr_nonnull(strstr(err, strerror(EXDEV)));
    assert_target_untouched();
}
END_TEST

START_TEST(open_failures)
{
    char err[512] = "", path[160];
    cs_out o;

    /* no such directory: the temporary file cannot be made */
    snprintf(path, sizeof path, "%s/missing/r.txt", dir);
    ck_assert_int_eq(cs_out_open(&o, path, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot create '"));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
    ck_assert_ptr_null(o.fp);
    /* the descriptor cannot become a stream: it is closed, the file gone */
    fdopen_errno = ENOMEM;
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOMEM)));
    fdopen_errno = 0;
    assert_target_untouched();
    /* a directory: refused before anything is opened, with the fix */
    ck_assert_int_eq(cs_out_open(&o, dir, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot create '"));
    ck_assert_ptr_nonnull(strstr(err, "it is a directory; give a file name"));
}
END_TEST

START_TEST(abort_leaves_target)
{
    char err[512] = "";
    cs_out o;

    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    fputs("half a report", o.fp);
    cs_out_abort(&o);
    assert_target_untouched();
}
END_TEST

/* A device is written in place: /dev/full takes the write, then fails. */
START_TEST(device_full)
{
    char err[512] = "";
    cs_out o;

    ck_assert_int_eq(cs_out_open(&o, "/dev/full", err, sizeof err), 0);
    ck_assert_int_eq(o.direct, 1);
    fputs("a report", o.fp);
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot write '/dev/full': "));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOSPC)));
}
END_TEST

/* Standard output on a full disk: the flush fails and says so. */
START_TEST(stdout_full)
{
    char err[512] = "";
    cs_out o;
    int saved = dup(1), full = open("/dev/full", O_WRONLY);

    ck_assert_int_ge(full, 0);
    fflush(stdout);
    dup2(full, 1);
    /* a stream of its own on descriptor 1, which now leads to /dev/full */
    ck_assert_int_eq(cs_out_open(&o, "-", err, sizeof err), 0);
    ck_assert_ptr_nonnull(o.fp);
    fputs("a report", o.fp);
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), -1);
    dup2(saved, 1);
    close(saved);
    close(full);
    ck_assert_ptr_nonnull(strstr(err, "cannot write 'standard output': "));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOSPC)));
}
END_TEST

/* Runs a shell command line; returns its exit status. */
static int sh(const char *cmd)
{
    int st = system(cmd);

    ck_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

/* The commands: -o /dev/full and standard output on /dev/full exit with
 * EX_CANTCREAT (73) or, when the report writer itself sees the error,
 * EX_IOERR (74), with the reason on standard error. */
START_TEST(commands_on_a_full_disk)
{
    char cmd[1024], errpath[128], *msg;
    const char *runs[] = {
        BIN " appraise " TINY " -p " TP_DIR " -f json -o /dev/full",
        BIN " appraise " TINY " -p " TP_DIR " -f text >/dev/full",
        BIN " appraise " TINY " -p " TP_DIR " -f html -o /dev/full",
    };

    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        int rc;
        snprintf(cmd, sizeof cmd, "%s 2>'%s'", runs[i], errpath);
        rc = sh(cmd);
        ck_assert_msg(rc == EX_CANTCREAT || rc == EX_IOERR, "%s: exit %d",
                      runs[i], rc);
        msg = slurp(errpath, NULL);
        ck_assert_ptr_nonnull(msg);
        ck_assert_msg(strstr(msg, "consortia: error: cannot write"), "%s: %s",
                      runs[i], msg);
        free(msg);
    }
}
END_TEST

/* new-plugin: each file of the skeleton, when it cannot be created or
 * written, stops the command with EX_CANTCREAT and names the file. */
START_TEST(new_plugin_write_failures)
{
    char where[160], errpath[128], *msg;
    int saved = dup(2), fd;

    snprintf(errpath, sizeof errpath, "%s/stderr", dir);
    fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
    snprintf(where, sizeof where, "%s/p1", dir);
    fopen_fail = "/test_p1.c";
    ck_assert_int_eq(cs_cmd_new_plugin("p1", where), EX_CANTCREAT);
    snprintf(where, sizeof where, "%s/p2", dir);
    fopen_fail = NULL;
    fopen_full = "/Makefile";
    ck_assert_int_eq(cs_cmd_new_plugin("p2", where), EX_CANTCREAT);
    fopen_full = NULL;
    /* the directory cannot be made: its parent is missing */
    snprintf(where, sizeof where, "%s/no/p3", dir);
    ck_assert_int_eq(cs_cmd_new_plugin("p3", where), EX_CANTCREAT);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    msg = slurp(errpath, NULL);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "/p1/test_p1.c: error: cannot create "
                                 "the file: "));
    ck_assert_ptr_nonnull(strstr(msg, strerror(EACCES)));
    ck_assert_ptr_nonnull(strstr(msg, "/p2/Makefile: error: cannot write the "
                                 "file"));
    ck_assert_ptr_nonnull(strstr(msg, "/no/p3: error: cannot create the "
                                 "directory: "));
    ck_assert_ptr_nonnull(strstr(msg, strerror(ENOENT)));
    free(msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fileio");
    TCase *tc = tcase_create("fileio");
    SRunner *sr;
    int nf;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, good_write_replaces_target);
    tcase_add_test(tc, full_disk_fails_and_cleans_up);
    tcase_add_test(tc, fsync_failure_fails_and_cleans_up);
    tcase_add_test(tc, rename_failure_fails_and_cleans_up);
    tcase_add_test(tc, open_failures);
    tcase_add_test(tc, abort_leaves_target);
    tcase_add_test(tc, device_full);
    tcase_add_test(tc, stdout_full);
    tcase_add_test(tc, commands_on_a_full_disk);
    tcase_add_test(tc, new_plugin_write_failures);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
