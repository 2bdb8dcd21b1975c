/* pool.c -- worker processes for the calls into plugins (pool.h). */
#define _GNU_SOURCE 1   /* memfd_create */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#if defined(__SANITIZE_ADDRESS__)
#define CS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CS_ASAN 1
#endif
#endif
#ifndef CS_ASAN
#define CS_ASAN 0
#endif

/* A coverage build's counters are written at exit(); a worker leaves by
 * _exit(), so it writes them itself. The reference must be a strong one:
 * the linker does not pull libgcov's member for a weak reference, which
 * would leave the address null and every worker's counts (all plugin
 * code) unwritten. __gcov_dump writes every loaded object's counts. */
#if defined(CS_COVERAGE) && CS_COVERAGE
extern void __gcov_dump(void);
/* A test that counts the allocations of a run (tests/oom_harness.h) may
 * define this to stop counting: the dump's allocations are not the
 * command's. Weak: NULL everywhere else. Coverage builds only. */
extern void cs_pool_coverage_dump_hook(void) __attribute__((weak));
#define cs_coverage_dump()                                              \
    ((cs_pool_coverage_dump_hook ? cs_pool_coverage_dump_hook() : (void)0), \
     __gcov_dump())
#else
#define cs_coverage_dump() ((void)0)
#endif

/* A worker's exit status when it could not allocate its reply (a plugin
 * calling exit() is told apart by the phase it was in). */
#define CS_POOL_EXIT_OOM 71

/* ---- buffers ------------------------------------------------------------ */

void cs_buf_put(cs_buf *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *grown;
        while (cap < b->len + n)
            cap *= 2;
        if (!(grown = realloc(b->data, cap))) {
            b->oom = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void cs_buf_str(cs_buf *b, const char *s)
{
    cs_buf_put(b, s ? s : "", strlen(s ? s : "") + 1);
}

void cs_buf_size(cs_buf *b, size_t v)
{
    cs_buf_put(b, &v, sizeof v);
}

size_t cs_rd_size(cs_rd *r)
{
    size_t v = 0;

    if (r->left >= sizeof v) {
        memcpy(&v, r->p, sizeof v);
        r->p += sizeof v;
        r->left -= sizeof v;
    }
    return v;
}

const char *cs_rd_str(cs_rd *r)
{
    const char *s = r->p;
    size_t n = r->left ? strnlen(r->p, r->left) : 0;

    if (n >= r->left)
        return "";
    r->p += n + 1;
    r->left -= n + 1;
    return s;
}

/* ---- the status block a worker keeps, the parent reads ------------------ */

typedef struct wstatus {
    atomic_int phase;          /* cs_call_phase */
    size_t crit, index;
    atomic_llong start_ns;     /* CLOCK_MONOTONIC at the call's start */
    long base_private;         /* private resident pages at its start */
} wstatus;

static wstatus *self_status;   /* the worker's own, in the worker */

static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void cs_pool_enter(int phase, size_t crit, size_t index)
{
    if (!self_status)
        return;
    self_status->crit = crit;
    self_status->index = index;
    atomic_store(&self_status->start_ns, now_ns());
    atomic_store(&self_status->phase, phase);
}

void cs_pool_leave(void)
{
    if (self_status)
        atomic_store(&self_status->phase, CS_PHASE_NONE);
}

/* Private resident pages of `pid` (0: this process), or -1. */
static long private_pages(pid_t pid)
{
    char path[64];
    long size, resident, shared;
    FILE *fp;
    int n;

    if (pid)
        snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
    else
        snprintf(path, sizeof path, "/proc/self/statm");
    if (!(fp = fopen(path, "r")))
        return -1;
    n = fscanf(fp, "%ld %ld %ld", &size, &resident, &shared);
    fclose(fp);
    return n == 3 ? resident - shared : -1;
}

/* ---- the worker --------------------------------------------------------- */

typedef struct worker {
    pid_t pid;
    int to, from, out;         /* job pipe, reply pipe, captured output */
    int busy, quitting;
    cs_job job;
    char killed[160];          /* why the parent stopped it, or "" */
} worker;

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *p, size_t n)
{
    char *c = p;

    while (n) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

/* The address-space limit: the size at the fork plus the allowance. */
static void limit_memory(size_t mb)
{
    struct rlimit rl;
    long size = 0, page = sysconf(_SC_PAGESIZE);
    FILE *fp = fopen("/proc/self/statm", "r");

    if (fp) {
        if (fscanf(fp, "%ld", &size) != 1)
            size = 0;
        fclose(fp);
    }
    if (CS_ASAN || size <= 0 || page <= 0)
        return;   /* the parent watches resident memory instead */
    rl.rlim_cur = rl.rlim_max = (rlim_t)size * (rlim_t)page
                                + (rlim_t)mb * 1024 * 1024;
    setrlimit(RLIMIT_AS, &rl);
}

/* A plugin that calls exit() in a worker: end the process at once with
 * its status, before the handlers the worker inherited from the program
 * run (the program's own atexit work, a leak checker's report on memory
 * that is the parent's copy). The host sees the status and names the
 * fault (why_ended). */
static void worker_on_exit(int status, void *arg)
{
    (void)arg;
    cs_coverage_dump();
    _exit(status);
}

/* Sets up the worker's process: signals, descriptors, limits. */
static void worker_setup(worker *all, size_t n_all, worker *w,
                         const cs_pool_cfg *cfg)
{
    struct rlimit none = {0, 0}, out = {CS_POOL_OUTPUT_MAX, CS_POOL_OUTPUT_MAX};
    int devnull = open("/dev/null", O_RDWR);

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGINT, SIG_IGN);      /* the parent handles an interrupt */
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_IGN);     /* too much output: writes fail */
    for (size_t i = 0; i < n_all; i++)
        if (&all[i] != w && all[i].pid > 0) {
            close(all[i].to);
            close(all[i].from);
            close(all[i].out);
        }
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(w->out >= 0 ? w->out : devnull, 1);
    dup2(w->out >= 0 ? w->out : devnull, 2);
    if (devnull > 2)
        close(devnull);
    /* fresh stdio streams: a lock held by another thread at the fork
     * stays held in the copies */
    stdout = fdopen(1, "w");
    stderr = fdopen(2, "w");
    if (stdout)
        setvbuf(stdout, NULL, _IONBF, 0);
    if (stderr)
        setvbuf(stderr, NULL, _IONBF, 0);
    setrlimit(RLIMIT_CORE, &none);   /* a crash leaves no core file */
    setrlimit(RLIMIT_FSIZE, &out);
    limit_memory(cfg->memory_mb);
    self_status->base_private = private_pages(0);
    on_exit(worker_on_exit, NULL);   /* registered last: runs first */
}

static void worker_main(worker *all, size_t n_all, worker *w,
                        const cs_pool_cfg *cfg, const cs_pool_ops *ops)
{
    cs_job job;
    cs_buf reply = {0};
    int status = 0;

    worker_setup(all, n_all, w, cfg);
    while (read_all(w->to, &job, sizeof job) == 0) {
        reply.len = 0;
        reply.oom = 0;
        if (job.kind < 0) {
            ops->finish(ops->ctx);
            cs_buf_str(&reply, "bye");
        } else {
            ops->run(ops->ctx, &job, &reply);
        }
        if (reply.oom) {
            status = CS_POOL_EXIT_OOM;
            break;
        }
        if (write_all(w->from, &reply.len, sizeof reply.len) < 0 ||
            write_all(w->from, reply.data, reply.len) < 0 || job.kind < 0)
            break;
    }
    /* free what the worker owns, so that a leak checker (valgrind checks
     * each forked process at its _exit) finds nothing lost; the copy of
     * the parent's memory stays reachable from the stack */
    free(reply.data);
    cs_coverage_dump();
    _exit(status);
}

/* ---- the parent --------------------------------------------------------- */

typedef struct pool {
    const cs_pool_cfg *cfg;
    const cs_pool_ops *ops;
    worker *w;
    size_t n;
    wstatus *status;           /* shared, one per worker */
    int ended;                 /* ops->next said -1 */
    char *output;
    long long watched;         /* when the workers were last watched */
    struct pollfd *fds;        /* the parent's poll set (loop) */
} pool;

static int spawn(pool *p, size_t i, char *err, size_t errlen)
{
    worker *w = &p->w[i];
    int to[2], from[2];

    memset(w, 0, sizeof *w);
    w->to = w->from = w->out = -1;
    if (pipe(to) < 0) {
        snprintf(err, errlen, "cannot make a pipe for a plugin worker: %s",
                 strerror(errno));
        return -1;
    }
    if (pipe(from) < 0) {
        snprintf(err, errlen, "cannot make a pipe for a plugin worker: %s",
                 strerror(errno));
        close(to[0]);
        close(to[1]);
        return -1;
    }
    w->out = memfd_create("consortia-plugin-output", MFD_CLOEXEC);
    if (w->out >= 0)
        fcntl(w->out, F_SETFL, O_APPEND);
    memset(&p->status[i], 0, sizeof p->status[i]);
    fflush(NULL);
    w->pid = fork();
    if (w->pid < 0) {
        snprintf(err, errlen, "cannot start a plugin worker process: %s",
                 strerror(errno));
        close(to[0]); close(to[1]); close(from[0]); close(from[1]);
        if (w->out >= 0)
            close(w->out);
        /* no worker: a pid of -1 left here would reach kill(-1, SIGKILL)
         * in cs_pool_run's clean-up, which signals every process the user
         * may signal */
        w->pid = 0;
        w->out = -1;
        return -1;
    }
    if (w->pid == 0) {
        self_status = &p->status[i];
        close(to[1]);
        close(from[0]);
        w->to = to[0];
        w->from = from[1];
        free(p->fds);            /* the parent's: not the worker's to keep */
        p->fds = NULL;
        worker_main(p->w, p->n, w, p->cfg, p->ops);
    }
    close(to[0]);
    close(from[1]);
    w->to = to[1];
    w->from = from[0];
    return 0;
}

/* What the worker wrote to stdout/stderr since the last read; clears it. */
static const char *take_output(pool *p, worker *w)
{
    ssize_t n = w->out >= 0 ? pread(w->out, p->output, CS_POOL_OUTPUT_MAX, 0)
                            : 0;

    p->output[n > 0 ? n : 0] = '\0';
    if (w->out >= 0 && ftruncate(w->out, 0) < 0)
        p->output[0] = '\0';
    return p->output;
}

/* Why the worker ended, in words, from its wait status. */
static void why_ended(const worker *w, int st, const wstatus *s, char *why,
                      size_t len)
{
    if (w->killed[0])
        snprintf(why, len, "%s", w->killed);
    else if (WIFSIGNALED(st))
        snprintf(why, len, "crashed: signal %d (%s)", WTERMSIG(st),
                 strsignal(WTERMSIG(st)));
    else if (WIFEXITED(st) && atomic_load(&s->phase) == CS_PHASE_NONE &&
             WEXITSTATUS(st) == CS_POOL_EXIT_OOM)
        snprintf(why, len, "ran out of memory for its reply (--plugin-memory)");
    else if (WIFEXITED(st) && atomic_load(&s->phase) != CS_PHASE_NONE)
        snprintf(why, len, "ended the process with exit status %d (a plugin "
                 "must not call exit())", WEXITSTATUS(st));
    else
        snprintf(why, len, "ended with exit status %d before it finished",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void close_worker(worker *w)
{
    close(w->to);
    close(w->from);
    if (w->out >= 0)
        close(w->out);
    w->pid = 0;
    w->busy = w->quitting = 0;
}

/* The worker has gone (or must): reaps it and tells the caller. */
static void lose(pool *p, size_t i)
{
    worker *w = &p->w[i];
    wstatus *s = &p->status[i];
    cs_where where = {atomic_load(&s->phase), s->crit, s->index};
    char why[256];
    int st = 0;
    const char *out;

    kill(w->pid, SIGKILL);
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    why_ended(w, st, s, why, sizeof why);
    out = take_output(p, w);
    if (!w->quitting || where.phase != CS_PHASE_NONE)
        p->ops->lost(p->ops->ctx, w->quitting ? NULL : &w->job, &where, why,
                     out);
    close_worker(w);
}

/* A reply has come (or the pipe closed). */
static void receive(pool *p, size_t i)
{
    worker *w = &p->w[i];
    size_t len;
    char *data;

    if (read_all(w->from, &len, sizeof len) < 0 || len > ((size_t)1 << 30)) {
        lose(p, i);
        return;
    }
    if (!(data = malloc(len + 1))) {
        snprintf(w->killed, sizeof w->killed, "was stopped: the program "
                 "ran out of memory for its reply");
        lose(p, i);
        return;
    }
    if (read_all(w->from, data, len) < 0) {
        free(data);
        lose(p, i);
        return;
    }
    data[len] = '\0';
    if (w->quitting) {
        int st;
        free(data);
        take_output(p, w);
        while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
            ;
        close_worker(w);
        return;
    }
    w->busy = 0;
    p->ops->done(p->ops->ctx, &w->job, data, len, take_output(p, w));
    free(data);
}

/* Stops a worker whose call has run too long or used too much memory. */
static void watch(pool *p, size_t i, long long now)
{
    worker *w = &p->w[i];
    wstatus *s = &p->status[i];
    long page = sysconf(_SC_PAGESIZE), priv;

    if (!w->pid || !w->busy || w->killed[0])
        return;
    if (atomic_load(&s->phase) != CS_PHASE_NONE &&
        (double)(now - atomic_load(&s->start_ns)) / 1e9 > p->cfg->timeout) {
        snprintf(w->killed, sizeof w->killed, "did not return within %g s "
                 "and was stopped (--plugin-timeout)", p->cfg->timeout);
        kill(w->pid, SIGKILL);
        return;
    }
    priv = private_pages(w->pid);
    if (priv > 0 && s->base_private > 0 && page > 0 &&
        (double)(priv - s->base_private) * (double)page >
        (double)p->cfg->memory_mb * 1048576.0) {
        snprintf(w->killed, sizeof w->killed, "used more than %zu MB of "
                 "memory and was stopped (--plugin-memory)",
                 p->cfg->memory_mb);
        kill(w->pid, SIGKILL);
    }
}

/* Gives idle workers work; asks them to finish once there is no more. */
static void dispatch(pool *p)
{
    for (size_t i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (!w->pid || w->busy)
            continue;
        if (!p->ended) {
            int r = p->ops->next(p->ops->ctx, &w->job);
            if (r == 1) {
                if (write_all(w->to, &w->job, sizeof w->job) < 0)
                    lose(p, i);
                else
                    w->busy = 1;
                continue;
            }
            if (r == 0)
                continue;
            p->ended = 1;
        }
        w->job = (cs_job){.kind = -1};
        w->busy = w->quitting = 1;
        if (write_all(w->to, &w->job, sizeof w->job) < 0)
            lose(p, i);
    }
}

/* Runs until every worker has finished; 0, or -1 when none can start. */
static int loop(pool *p, char *err, size_t errlen)
{
    struct pollfd *fds = p->fds = calloc(p->n, sizeof *fds);

    if (!fds)
        return snprintf(err, errlen, "out of memory"), -1;
    for (;;) {
        size_t alive = 0, busy = 0;
        for (size_t i = 0; i < p->n; i++)
            if (!p->w[i].pid && !p->ended && spawn(p, i, err, errlen) < 0) {
                free(fds);
                return -1;
            }
        dispatch(p);
        for (size_t i = 0; i < p->n; i++) {
            fds[i] = (struct pollfd){p->w[i].pid ? p->w[i].from : -1,
                                     POLLIN, 0};
            alive += p->w[i].pid != 0;
            busy += p->w[i].pid && p->w[i].busy;
        }
        if (!alive && p->ended)
            break;
        if (!busy) {   /* nothing running and nothing ready: no more */
            p->ended = 1;
            continue;
        }
        if (poll(fds, p->n, 50) < 0 && errno != EINTR)
            break;
        for (size_t i = 0; i < p->n; i++)
            if (p->w[i].pid && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                receive(p, i);
        if (now_ns() - p->watched > 40000000LL) {   /* every 40 ms */
            p->watched = now_ns();
            for (size_t i = 0; i < p->n; i++)
                watch(p, i, p->watched);
        }
    }
    free(fds);
    return 0;
}

int cs_pool_run(const cs_pool_cfg *cfg, const cs_pool_ops *ops, char *err,
                size_t errlen)
{
    pool p = {cfg, ops, NULL, cfg->workers ? cfg->workers : 1, NULL, 0, NULL,
              0, NULL};
    int rc = -1;

    p.w = calloc(p.n, sizeof *p.w);
    p.output = malloc(CS_POOL_OUTPUT_MAX + 1);
    p.status = mmap(NULL, p.n * sizeof *p.status, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!p.w || !p.output || p.status == MAP_FAILED) {
        snprintf(err, errlen, "out of memory");
    } else {
        rc = loop(&p, err, errlen);
        for (size_t i = 0; i < p.n; i++)
            if (p.w[i].pid) {
                snprintf(p.w[i].killed, sizeof p.w[i].killed, "stopped");
                p.w[i].quitting = 1;
                lose(&p, i);
            }
    }
    if (p.status != MAP_FAILED && p.status)
        munmap(p.status, p.n * sizeof *p.status);
    free(p.output);
    free(p.w);
    return rc;
}
