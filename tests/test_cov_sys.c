/* test_cov_sys.c -- the system's rarer answers to the output files
 * (core/base/fileio.c) and to the plugin worker pool (core/appraisal/
 * pool.c), made to happen on demand.
 *
 * raise, write, read, close, pipe, fork, kill and fopencookie are wrapped
 * at link time (-Wl,--wrap): each passes through to the real call unless
 * a test asks it to fail (once, or from then on). So:
 *  - the signal handler fileio installs is run for real (kill(getpid()))
 *    and its closing raise() returns instead of ending the process, so we
 *    see what it did: this process's temporary file is gone, the target
 *    untouched, a forked child's handler removes nothing of its parent's;
 *  - a write interrupted (EINTR) is retried; a write refused with EFBIG,
 *    EPIPE or a write of 0 bytes, or a close that fails, fails the commit
 *    with strerror's words and the fix write_fix() gives for it;
 *  - the pool says why it cannot run when pipe() or fork() fail, even
 *    after one worker has started (that worker is stopped and reaped),
 *    and leaves no descriptor open; kill() is wrapped too, so that a pid
 *    of 0 or -1 reaching it (every process!) fails the test instead;
 *  - a worker that ends with _exit() outside any plugin call, or whose
 *    resident memory grows past the limit (pages it maps but touches only
 *    in the worker, so no address-space limit stops it), is reported lost
 *    with the reason.
 * Expected SHA-256 values are the FIPS 180-2 examples ("abc"). */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fileio.h"
#include "appraisal/pool.h"

int __real_raise(int sig);
int __wrap_raise(int sig);
ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);
int __real_close(int fd);
int __wrap_close(int fd);
int __real_pipe(int fds[2]);
int __wrap_pipe(int fds[2]);
pid_t __real_fork(void);
pid_t __wrap_fork(void);
int __real_kill(pid_t pid, int sig);
int __wrap_kill(pid_t pid, int sig);
FILE *__real_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);
FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);

static volatile sig_atomic_t raised;   /* the last signal raise() was asked */
static int write_eintr, write_errno, write_zero, read_eintr, close_errno;
static int pipe_errno, pipes_before_fail, fork_errno, forks_before_fail;
static int cookie_errno;    /* fopencookie fails with it */
static int kill_group;      /* kill() of a pid <= 0 asked (and not done) */

int __wrap_raise(int sig)
{
    raised = sig;
    return 0;      /* the handler returns: the process goes on */
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
    if (write_eintr) {
        write_eintr--;
        errno = EINTR;
        return -1;
    }
    if (write_zero)
        return 0;
    if (write_errno) {
        errno = write_errno;
        return -1;
    }
    return __real_write(fd, buf, n);
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
    if (read_eintr) {
        read_eintr--;
        errno = EINTR;
        return -1;
    }
    return __real_read(fd, buf, n);
}

int __wrap_close(int fd)
{
    if (close_errno) {
        int e = close_errno;
        close_errno = 0;
        __real_close(fd);
        errno = e;
        return -1;
    }
    return __real_close(fd);
}

int __wrap_pipe(int fds[2])
{
    if (pipe_errno && pipes_before_fail-- <= 0) {
        errno = pipe_errno;
        return -1;
    }
    return __real_pipe(fds);
}

pid_t __wrap_fork(void)
{
    if (fork_errno && forks_before_fail-- <= 0) {
        errno = fork_errno;
        return -1;
    }
    return __real_fork();
}

FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io)
{
    if (cookie_errno) {
        errno = cookie_errno;
        return NULL;
    }
    return __real_fopencookie(cookie, mode, io);
}

/* kill(0 or -1, ...) would signal this process group or every process
 * the user may signal: never done here, only counted, so a test can fail
 * on it instead of stopping the machine. */
int __wrap_kill(pid_t pid, int sig)
{
    if (pid <= 0) {
        kill_group++;
        errno = EPERM;
        return -1;
    }
    return __real_kill(pid, sig);
}

/* Open descriptors of this process, read in-process (a shell's `ls` of
 * them could run while popen() still holds both ends of its pipe). The
 * directory's own descriptor is counted each time alike. */
static int n_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* ---- test utilities --------------------------------------------------- */

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/cs_cov_sys.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static void assert_text(const char *path, const char *want)
{
    char buf[256] = "";
    FILE *fp = fopen(path, "r");
    size_t n;

    ck_assert_ptr_nonnull(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    ck_assert_str_eq(buf, want);
}

/* Files in dir, the target's old version included. */
static int n_files(void)
{
    char cmd[128];
    FILE *p;
    int n = -1;

    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

/* ---- the signal handler ------------------------------------------------- */

/* Check's runner has handlers of its own for SIGINT and SIGTERM, which the
 * forked test inherits; fileio installs its own only over the default. */
static void install_handlers(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    cs_out_cleanup_on_signals();
}

START_TEST(signal_removes_temp)
{
    int sig = _i ? SIGINT : SIGTERM;
    char target[128], err[512], tmp[4300];
    struct sigaction now;
    cs_out o;

    make_dir();
    snprintf(target, sizeof target, "%s/report.txt", dir);
    put(target, "old\n");
    install_handlers();
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    fputs("half a report", o.fp);
    fflush(o.fp);
    snprintf(tmp, sizeof tmp, "%s", o.tmp);
    ck_assert_int_eq(access(tmp, F_OK), 0);
    raised = 0;
    ck_assert_int_eq(kill(getpid(), sig), 0);
    /* the handler removed the temporary file and raised the signal again,
       with the default action back (SA_RESETHAND) */
    ck_assert_int_eq(raised, sig);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(sigaction(sig, NULL, &now), 0);
    ck_assert_ptr_eq((void *)now.sa_handler, (void *)SIG_DFL);
    assert_text(target, "old\n");
    cs_out_abort(&o);
    ck_assert_int_eq(n_files(), 1);
    remove_dir();
}
END_TEST

/* A forked child inherits the handler and the table, but removes none of
 * its parent's files. */
START_TEST(signal_in_child_keeps_parents_file)
{
    char target[128], err[512];
    cs_out o;
    pid_t pid;
    int st;

    make_dir();
    snprintf(target, sizeof target, "%s/r.txt", dir);
    install_handlers();
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    pid = __real_fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        raised = 0;
        kill(getpid(), SIGTERM);
        _exit(raised == SIGTERM ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ck_assert_int_eq(access(o.tmp, F_OK), 0);
    fputs("whole\n", o.fp);
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), 0);
    assert_text(target, "whole\n");
    remove_dir();
}
END_TEST

/* More open outputs than the table has places (8): each is still written
 * and renamed whole. */
START_TEST(more_outputs_than_slots)
{
    enum { N = 10 };
    char target[N][128], err[512], want[32];
    cs_out o[N];

    make_dir();
    for (int i = 0; i < N; i++) {
        snprintf(target[i], sizeof target[i], "%s/f%d", dir, i);
        ck_assert_int_eq(cs_out_open(&o[i], target[i], err, sizeof err), 0);
        fprintf(o[i].fp, "file %d\n", i);
    }
    /* the first eight have a place (1..8), the others none (0) */
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(o[i].slot, i < 8 ? i + 1 : 0);
    for (int i = N - 1; i >= 0; i--)
        ck_assert_int_eq(cs_out_commit(&o[i], err, sizeof err), 0);
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "file %d\n", i);
        assert_text(target[i], want);
    }
    ck_assert_int_eq(n_files(), N);
    remove_dir();
}
END_TEST

/* No stream over the descriptor (fopencookie fails): standard output
 * and a device say so with the system's reason; nothing is left open. */
START_TEST(no_stream)
{
    char err[512], want[600];
    int fds = n_fds();
    cs_out o;

    cookie_errno = ENOMEM;
    ck_assert_int_eq(cs_out_open(&o, "-", err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot write to standard output: %s",
             strerror(ENOMEM));
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(cs_out_open(&o, "/dev/null", err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot open '/dev/null': %s; check the "
             "path and its permissions", strerror(ENOMEM));
    ck_assert_str_eq(err, want);
    cookie_errno = 0;
    ck_assert_int_eq(n_fds(), fds);
}
END_TEST

/* The temporary name "<path>.tmp.<pid>.<n>" is taken (n = 0, this fresh
 * process's first): the next n is used, the squatter left as it was. */
START_TEST(temp_name_taken)
{
    char target[128], squat[256], err[512];
    cs_out o;

    make_dir();
    snprintf(target, sizeof target, "%s/r.txt", dir);
    snprintf(squat, sizeof squat, "%s.tmp.%ld.0", target, (long)getpid());
    put(squat, "not ours\n");
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    ck_assert_str_ne(o.tmp, squat);
    fputs("ours\n", o.fp);
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), 0);
    assert_text(target, "ours\n");
    assert_text(squat, "not ours\n");
    ck_assert_int_eq(n_files(), 2);
    remove_dir();
}
END_TEST

/* ---- writes, closes and reads the system refuses ------------------------ */

START_TEST(write_interrupted_is_retried)
{
    char target[128], err[512];
    cs_out o;

    make_dir();
    snprintf(target, sizeof target, "%s/r.txt", dir);
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    fputs("all of it\n", o.fp);
    write_eintr = 2;
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), 0);
    ck_assert_int_eq(write_eintr, 0);
    assert_text(target, "all of it\n");
    ck_assert_int_eq(n_files(), 1);
    remove_dir();
}
END_TEST

static const struct {
    int err, zero, close_err;
    const char *words;
} refusals[] = {
    {EFBIG, 0, 0, "File too large; the file system cannot hold a file this "
                  "large; write elsewhere with -o"},
    {EPIPE, 0, 0, "Broken pipe; the program reading the output stopped "
                  "early"},
    {0, 1, 0, "Input/output error; check the device and the file system, "
              "or write elsewhere with -o"},
    {0, 0, EIO, "Input/output error; check the device and the file system, "
                "or write elsewhere with -o"},
};

START_TEST(write_refused)
{
    char target[128], err[512], want[700];
    cs_out o;

    make_dir();
    snprintf(target, sizeof target, "%s/r.txt", dir);
    put(target, "old\n");
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    fputs("new\n", o.fp);
    write_errno = refusals[_i].err;
    write_zero = refusals[_i].zero;
    close_errno = refusals[_i].close_err;
    ck_assert_int_eq(cs_out_commit(&o, err, sizeof err), -1);
    write_errno = write_zero = close_errno = 0;
    snprintf(want, sizeof want, "cannot write '%s': %s", target,
             refusals[_i].words);
    ck_assert_str_eq(err, want);
    assert_text(target, "old\n");
    ck_assert_int_eq(n_files(), 1);
    ck_assert_ptr_null(o.fp);
    remove_dir();
}
END_TEST

/* A write refused while the caller writes: cs_out_fail reports the first
 * error, with its fix. */
START_TEST(fail_reports_first_error)
{
    char target[128], err[512], want[700];
    cs_out o;

    make_dir();
    snprintf(target, sizeof target, "%s/r.txt", dir);
    ck_assert_int_eq(cs_out_open(&o, target, err, sizeof err), 0);
    write_errno = EPIPE;
    fputs("x\n", o.fp);
    fflush(o.fp);
    write_errno = 0;
    ck_assert_int_eq(cs_out_fail(&o, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot write '%s': Broken pipe; the "
             "program reading the output stopped early", target);
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(n_files(), 0);
    remove_dir();
}
END_TEST

/* A socket is not a regular file: written in place, but open() refuses
 * it (ENXIO). */
START_TEST(socket_target_refused)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    char err[512], want[700];
    int s;
    cs_out o;

    make_dir();
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sock", dir);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(s, 0);
    ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(cs_out_open(&o, sa.sun_path, err, sizeof err), -1);
    snprintf(want, sizeof want, "cannot open '%s': %s; check the path and "
             "its permissions", sa.sun_path, strerror(ENXIO));
    ck_assert_str_eq(err, want);
    ck_assert_ptr_null(o.path);
    __real_close(s);
    ck_assert_int_eq(n_files(), 1);
    remove_dir();
}
END_TEST

/* SHA-256 of "abc" (FIPS 180-2, appendix B.1), read through an
 * interrupted read; a file whose read fails gives -1 with its errno. */
START_TEST(sha256_file)
{
    char path[128], out[65];

    make_dir();
    snprintf(path, sizeof path, "%s/abc", dir);
    put(path, "abc");
    read_eintr = 1;
    ck_assert_int_eq(cs_sha256_file(path, out), 0);
    ck_assert_int_eq(read_eintr, 0);
    ck_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
    /* /proc/self/mem: open succeeds, read at offset 0 fails (EIO) */
    errno = 0;
    ck_assert_int_eq(cs_sha256_file("/proc/self/mem", out), -1);
    ck_assert_int_eq(errno, EIO);
    ck_assert_str_eq(out, "");
    remove_dir();
}
END_TEST

START_TEST(same_file)
{
    char a[128], b[128];

    make_dir();
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    put(a, "x");
    ck_assert_int_eq(link(a, b), 0);
    ck_assert_int_eq(cs_same_file(NULL, a), 0);
    ck_assert_int_eq(cs_same_file(a, NULL), 0);
    ck_assert_int_eq(cs_same_file(a, a), 1);
    ck_assert_int_eq(cs_same_file(a, b), 1);        /* a hard link */
    put(b, "y");                                     /* same inode still */
    ck_assert_int_eq(cs_same_file(a, b), 1);
    ck_assert_int_eq(unlink(b), 0);
    put(b, "x");                                     /* another inode */
    ck_assert_int_eq(cs_same_file(a, b), 0);
    remove_dir();
}
END_TEST

/* ---- the pool ----------------------------------------------------------- */

typedef struct pctx {
    int n_jobs, given, mode;
    int done, lost;
    char why[256];
    int phase;
    char *big;           /* mapped, untouched in the parent */
    size_t big_len;
} pctx;

enum { M_PLAIN, M_EXIT, M_MEMORY, M_STALL, M_EINTR };

static void on_alarm(int sig)
{
    (void)sig;
}

/* SIGALRM every millisecond, its handler installed without SA_RESTART:
 * a blocking read, write or poll then fails with EINTR. */
static void alarm_storm(int on)
{
    struct sigaction sa;
    struct itimerval it = {{0, on ? 1000 : 0}, {0, on ? 1000 : 0}};

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_alarm : SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Spins for about `ms` milliseconds (signals come meanwhile). */
static void spin(long ms)
{
    struct timespec t0, t;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    do
        clock_gettime(CLOCK_MONOTONIC, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000
           < ms);
}

static int p_next(void *c, cs_job *job)
{
    pctx *x = c;

    if (x->mode == M_STALL && x->given == 1)
        return 0;         /* none ready, though nothing runs */
    if (x->given >= x->n_jobs)
        return -1;
    *job = (cs_job){CS_JOB_CONSORTIA, 0, (size_t)x->given,
                    (size_t)x->given + 1, (size_t)x->given};
    x->given++;
    return 1;
}

static void p_run(void *c, const cs_job *job, cs_buf *reply)
{
    pctx *x = c;

    if (x->mode == M_EXIT)
        _exit(3);          /* outside any plugin call */
    if (x->mode == M_EINTR) {
        if (job->lo == 0)
            alarm_storm(1);     /* in this worker, from its first job on */
        spin(3);
    }
    if (x->mode == M_MEMORY) {
        cs_pool_enter(CS_PHASE_CONSORTIUM, 0, job->lo);
        memset(x->big, 1, x->big_len);
        for (;;)
            pause();
    }
    cs_buf_size(reply, job->lo * 10);
}

static void p_finish(void *c)
{
    (void)c;
}

static void p_done(void *c, const cs_job *job, const char *reply, size_t len,
                   const char *output)
{
    pctx *x = c;
    cs_rd r = {reply, len};

    (void)output;
    ck_assert_uint_eq(cs_rd_size(&r), job->lo * 10);
    x->done++;
}

static void p_lost(void *c, const cs_job *job, const cs_where *where,
                   const char *why, const char *output)
{
    pctx *x = c;

    (void)job;
    (void)output;
    x->lost++;
    x->phase = where->phase;
    snprintf(x->why, sizeof x->why, "%s", why);
}

static int run_pool(pctx *x, unsigned workers, size_t memory_mb, char *err,
                    size_t len)
{
    cs_pool_cfg cfg = {workers, 1e6, memory_mb};
    cs_pool_ops ops = {x, p_next, p_run, p_finish, p_done, p_lost};

    err[0] = '\0';
    return cs_pool_run(&cfg, &ops, err, len);
}

/* No worker left behind: every child reaped. */
static void assert_no_children(void)
{
    ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}

/* pipe() fails for the first pipe or the second: no descriptor is left
 * open. */
START_TEST(pool_no_pipe)
{
    pctx x = {.n_jobs = 3};
    char err[256], want[256];
    int fds = n_fds();

    pipe_errno = EMFILE;
    pipes_before_fail = _i;
    ck_assert_int_eq(run_pool(&x, 2, 64, err, sizeof err), -1);
    pipe_errno = 0;
    ck_assert_int_eq(n_fds(), fds);
    ck_assert_int_eq(kill_group, 0);
    snprintf(want, sizeof want, "cannot make a pipe for a plugin worker: "
             "%s", strerror(EMFILE));
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(x.done, 0);
    assert_no_children();
}
END_TEST

/* fork fails for the first worker, or for the second after the first has
 * started: the first is stopped and reaped, nothing is reported lost, no
 * descriptor is left open. */
START_TEST(pool_no_fork)
{
    pctx x = {.n_jobs = 3};
    char err[256], want[256];

    int fds = n_fds();

    fork_errno = EAGAIN;
    forks_before_fail = _i;
    ck_assert_int_eq(run_pool(&x, 2, 64, err, sizeof err), -1);
    fork_errno = 0;
    /* the failed worker's pid is not kept: kill(-1, SIGKILL) would have
       stopped every process of the user */
    ck_assert_int_eq(kill_group, 0);
    ck_assert_int_eq(n_fds(), fds);
    snprintf(want, sizeof want, "cannot start a plugin worker process: %s",
             strerror(EAGAIN));
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(x.done, 0);
    ck_assert_int_eq(x.lost, 0);
    assert_no_children();
}
END_TEST

START_TEST(pool_plain)
{
    pctx x = {.n_jobs = 5};
    char err[256];

    ck_assert_int_eq(run_pool(&x, 2, 64, err, sizeof err), 0);
    ck_assert_int_eq(x.done, 5);
    ck_assert_int_eq(x.lost, 0);
    assert_no_children();
}
END_TEST

/* next() says "none ready" while nothing runs: nothing could ever become
 * ready, so the pool ends instead of waiting forever. */
START_TEST(pool_stall_ends)
{
    pctx x = {.n_jobs = 5, .mode = M_STALL};
    char err[256];

    ck_assert_int_eq(run_pool(&x, 1, 64, err, sizeof err), 0);
    ck_assert_int_eq(x.given, 1);
    ck_assert_int_eq(x.done, 1);
    ck_assert_int_eq(x.lost, 0);
    assert_no_children();
}
END_TEST

START_TEST(pool_exit_between_calls)
{
    pctx x = {.n_jobs = 1, .mode = M_EXIT};
    char err[256];

    ck_assert_int_eq(run_pool(&x, 1, 64, err, sizeof err), 0);
    ck_assert_int_eq(x.done, 0);
    ck_assert_int_eq(x.lost, 1);
    ck_assert_int_eq(x.phase, CS_PHASE_NONE);
    ck_assert_str_eq(x.why, "ended with exit status 3 before it finished");
    assert_no_children();
}
END_TEST

/* 64 MiB mapped before the fork but touched only in the worker: its
 * address space does not grow (no RLIMIT_AS stops it), its resident
 * private memory does, past the 8 MB limit: the parent stops it. */
START_TEST(pool_memory_watch)
{
    pctx x = {.n_jobs = 1, .mode = M_MEMORY};
    char err[256];

    x.big_len = (size_t)64 << 20;
    x.big = mmap(NULL, x.big_len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(x.big, MAP_FAILED);
    ck_assert_int_eq(run_pool(&x, 1, 8, err, sizeof err), 0);
    ck_assert_int_eq(x.lost, 1);
    ck_assert_int_eq(x.phase, CS_PHASE_CONSORTIUM);
    ck_assert_str_eq(x.why, "used more than 8 MB of memory and was stopped "
                     "(--plugin-memory)");
    munmap(x.big, x.big_len);
    assert_no_children();
}
END_TEST

/* Signals without SA_RESTART all the time, in the parent and in the
 * workers: every interrupted read, write and poll is retried, and every
 * job's reply arrives whole. */
START_TEST(pool_interrupted)
{
    pctx x = {.n_jobs = 40, .mode = M_EINTR};
    char err[256];

    alarm_storm(1);
    ck_assert_int_eq(run_pool(&x, 2, 64, err, sizeof err), 0);
    alarm_storm(0);
    ck_assert_str_eq(err, "");
    ck_assert_int_eq(x.done, 40);
    ck_assert_int_eq(x.lost, 0);
    assert_no_children();
}
END_TEST

/* The reply reader: a string without its '\0' or a size cut short reads
 * as "" and 0 and takes nothing; cs_buf_str(NULL) writes "". */
START_TEST(reply_reader_short)
{
    cs_buf b = {0};
    cs_rd r;

    cs_buf_str(&b, NULL);
    cs_buf_str(&b, "ab");
    ck_assert_uint_eq(b.len, 1 + 3);
    r = (cs_rd){b.data, b.len};
    ck_assert_str_eq(cs_rd_str(&r), "");
    ck_assert_str_eq(cs_rd_str(&r), "ab");
    ck_assert_uint_eq(r.left, 0);
    ck_assert_str_eq(cs_rd_str(&r), "");
    ck_assert_uint_eq(cs_rd_size(&r), 0);
    r = (cs_rd){"abc", 3};          /* no '\0' within 3 bytes */
    ck_assert_str_eq(cs_rd_str(&r), "");
    ck_assert_uint_eq(r.left, 3);
    ck_assert_uint_eq(cs_rd_size(&r), 0);
    ck_assert_uint_eq(r.left, 3);
    free(b.data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_sys");
    TCase *f = tcase_create("fileio"), *p = tcase_create("pool");
    SRunner *sr;
    int failed;

    tcase_add_loop_test(f, signal_removes_temp, 0, 2);
    tcase_add_test(f, signal_in_child_keeps_parents_file);
    tcase_add_test(f, more_outputs_than_slots);
    tcase_add_test(f, write_interrupted_is_retried);
    tcase_add_test(f, no_stream);
    tcase_add_test(f, temp_name_taken);
    tcase_add_loop_test(f, write_refused, 0,
                        (int)(sizeof refusals / sizeof *refusals));
    tcase_add_test(f, fail_reports_first_error);
    tcase_add_test(f, socket_target_refused);
    tcase_add_test(f, sha256_file);
    tcase_add_test(f, same_file);
    tcase_add_loop_test(p, pool_no_pipe, 0, 2);
    tcase_add_loop_test(p, pool_no_fork, 0, 2);
    tcase_add_test(p, pool_plain);
    tcase_add_test(p, pool_stall_ends);
    tcase_add_test(p, pool_exit_between_calls);
    tcase_add_test(p, pool_memory_watch);
    tcase_add_test(p, pool_interrupted);
    tcase_add_test(p, reply_reader_short);
    tcase_set_timeout(p, 60);
    suite_add_tcase(s, f);
    suite_add_tcase(s, p);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
