/* fileio.c -- atomic output files, their write errors, and removing their
 * temporary files when a signal stops the program. */
#define _GNU_SOURCE     /* fopencookie: a FILE whose writes we see */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <nettle/sha2.h>

/* ---- temporary files a signal must remove ----------------------------- */

#define N_SLOTS 8
#define SLOT_LEN 4200

/* Written only with SIGINT and SIGTERM blocked in the writing thread;
 * `used` is set last, so the handler reads only whole names. */
static char slot_name[N_SLOTS][SLOT_LEN];
static pid_t slot_pid[N_SLOTS];
static volatile sig_atomic_t slot_used[N_SLOTS];

/* Async-signal-safe: getpid, unlink, raise and errno only. A forked
 * child (which inherits the handler) never removes its parent's files. */
static void on_signal(int sig)
{
    int saved = errno;
    pid_t me = getpid();

    for (int i = 0; i < N_SLOTS; i++)
        if (slot_used[i] && slot_pid[i] == me)
            unlink(slot_name[i]);
    /* SA_RESETHAND restored the default action; the signal is blocked
     * until this returns, then ends the process as it would have. */
    raise(sig);
    errno = saved;
}

void cs_out_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM};

    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
            continue;       /* ignored (e.g. nohup) or the caller's own */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

static void block_signals(sigset_t *old)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Records tmp in a free slot (call with the signals blocked); 1 + the
 * slot, or 0 when the name is too long or every slot is taken. */
static int slot_take(const char *tmp)
{
    static atomic_flag lock = ATOMIC_FLAG_INIT;
    int got = 0;

    if (strlen(tmp) >= SLOT_LEN)
        return 0;
    while (atomic_flag_test_and_set(&lock))
        ;
    for (int i = 0; i < N_SLOTS && !got; i++)
        if (!slot_used[i]) {
            strcpy(slot_name[i], tmp);
            slot_pid[i] = getpid();
            slot_used[i] = 1;
            got = i + 1;
        }
    atomic_flag_clear(&lock);
    return got;
}

static void slot_drop(int slot)
{
    if (slot > 0 && slot <= N_SLOTS)
        slot_used[slot - 1] = 0;
}

/* ---- a FILE over a descriptor that keeps its first error -------------- */

struct cs_out_sink {
    int fd;
    int own;            /* close fd with the stream (not standard output) */
    int err;            /* errno of the first failure, 0 if none */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    struct cs_out_sink *s = cookie;
    size_t done = 0;

    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!s->err)
                s->err = w < 0 ? errno : EIO;
            return done ? (ssize_t)done : 0;
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static int sink_close(void *cookie)
{
    struct cs_out_sink *s = cookie;

    if (s->own && close(s->fd) != 0 && !s->err)
        s->err = errno;
    return s->err ? -1 : 0;
}

/* A stream writing to fd; NULL (errno set) when out of memory. */
static FILE *sink_open(cs_out *o, int fd, int own)
{
    static const cookie_io_functions_t io = {NULL, sink_write, NULL,
                                             sink_close};
    FILE *fp;

    if (!(o->sink = calloc(1, sizeof *o->sink)))
        return NULL;
    o->sink->fd = fd;
    o->sink->own = own;
    if (!(fp = fopencookie(o->sink, "w", io))) {
        free(o->sink);
        o->sink = NULL;
    }
    return fp;
}

/* ---- cs_out ------------------------------------------------------------ */

/* Creates a new file beside `path`, named "<path>.tmp.<pid>.<n>", with
 * mode 0666: the kernel takes the umask off as it would for fopen, so no
 * thread has to read (by changing) the process-wide umask. O_EXCL makes
 * the name ours alone; a name in use is skipped. Returns the descriptor,
 * or -1 with errno set. */
static int open_temp(char *tmp, size_t len, const char *path)
{
    static atomic_uint serial;
    int fd = -1;

    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        snprintf(tmp, len, "%s.tmp.%ld.%u", path, (long)getpid(),
                 atomic_fetch_add(&serial, 1u));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

/* A device or pipe (e.g. /dev/null): nothing to replace, written in
 * place. */
static int open_direct(cs_out *o, const char *path, char *err, size_t len)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

    if (fd < 0 || !(o->path = strdup(path)) ||
        !(o->fp = sink_open(o, fd, 1))) {
        snprintf(err, len, "cannot open '%s': %s; check the path and its "
                 "permissions", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(o->path);
        o->path = NULL;
        return -1;
    }
    o->direct = 1;
    return 0;
}

/* The temporary file, opened and recorded with the signals held off, so
 * that no moment leaves it on disk unrecorded. */
static int open_atomic(cs_out *o, const char *path, char *err, size_t len)
{
    size_t n = strlen(path);
    sigset_t old;
    int fd, e;

    o->path = strdup(path);
    o->tmp = malloc(n + 48);
    if (!o->path || !o->tmp) {
        snprintf(err, len, "cannot create '%s': out of memory; free some "
                 "memory", path);
        cs_out_abort(o);
        return -1;
    }
    block_signals(&old);
    fd = open_temp(o->tmp, n + 48, path);
    e = errno;
    if (fd >= 0)
        o->slot = slot_take(o->tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0 || !(o->fp = sink_open(o, fd, 1))) {
        snprintf(err, len, "cannot create '%s': %s; check the directory "
                 "exists and is writable", path, strerror(fd < 0 ? e
                 : errno));
        if (fd >= 0)
            close(fd);
        cs_out_abort(o);
        return -1;
    }
    return 0;
}

int cs_out_open(cs_out *o, const char *path, char *err, size_t errlen)
{
    struct stat st;

    memset(o, 0, sizeof *o);
    if (!path || !strcmp(path, "-")) {
        fflush(stdout);
        if (!(o->fp = sink_open(o, STDOUT_FILENO, 0))) {
            snprintf(err, errlen, "cannot write to standard output: %s",
                     strerror(errno));
            return -1;
        }
        return 0;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "cannot create '%s': it is a directory; "
                     "give a file name (e.g. %s/report.html) or use "
                     "--reports DIR", path, path);
            return -1;
        }
        return open_direct(o, path, err, errlen);
    }
    return open_atomic(o, path, err, errlen);
}

/* "free some space ..." for the usual reasons a write fails. */
static const char *write_fix(int e)
{
    switch (e) {
    case ENOSPC:
    case EDQUOT: return "free some disk space or write elsewhere with -o";
    case EFBIG: return "the file system cannot hold a file this large; "
                       "write elsewhere with -o";
    case EPIPE: return "the program reading the output stopped early";
    default: return "check the device and the file system, or write "
                    "elsewhere with -o";
    }
}

/* Closes the stream; the first error of any write, flush or close (0 if
 * none). The sink is freed. */
static int close_stream(cs_out *o, int sync)
{
    int e = 0;

    if (!o->fp)
        return 0;
    if (fflush(o->fp) != 0 && !(o->sink && o->sink->err))
        e = errno ? errno : EIO;
    if (!e && o->sink && o->sink->err)
        e = o->sink->err;
    if (!e && sync && o->sink && fsync(o->sink->fd) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(o->fp) != 0 && !e)
        e = o->sink && o->sink->err ? o->sink->err : errno ? errno : EIO;
    o->fp = NULL;
    free(o->sink);
    o->sink = NULL;
    return e;
}

static const char *shown(const cs_out *o)
{
    return o->path ? o->path : "standard output";
}

int cs_out_fail(cs_out *o, char *err, size_t errlen)
{
    int e = o->sink && o->sink->err ? o->sink->err : 0;

    if (!e)
        e = close_stream(o, 0);
    snprintf(err, errlen, "cannot write '%s': %s; %s", shown(o),
             strerror(e ? e : EIO), write_fix(e));
    cs_out_abort(o);
    return -1;
}

int cs_out_commit(cs_out *o, char *err, size_t errlen)
{
    int e = close_stream(o, !o->direct && o->path);

    if (e) {
        snprintf(err, errlen, "cannot write '%s': %s; %s", shown(o),
                 strerror(e), write_fix(e));
        cs_out_abort(o);
        return -1;
    }
    if (o->path && !o->direct && rename(o->tmp, o->path) != 0) {
        snprintf(err, errlen, "cannot replace '%s': %s; check the directory "
                 "is writable", o->path, strerror(errno));
        cs_out_abort(o);
        return -1;
    }
    slot_drop(o->slot);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return 0;
}

void cs_out_abort(cs_out *o)
{
    close_stream(o, 0);
    if (o->tmp)
        unlink(o->tmp);
    slot_drop(o->slot);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int cs_same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (!a || !b)
        return 0;
    if (!strcmp(a, b))
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev
           && sa.st_ino == sb.st_ino;
}

int cs_sha256_file(const char *path, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE], buf[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC), e;
    ssize_t got;

    out[0] = '\0';
    if (fd < 0)
        return -1;
    sha256_init(&ctx);
    while ((got = read(fd, buf, sizeof buf)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        sha256_update(&ctx, (size_t)got, buf);
    }
    close(fd);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
    return 0;
}
