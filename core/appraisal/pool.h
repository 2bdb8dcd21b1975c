/*
 * pool.h -- worker processes that make the calls into plugins.
 *
 * Every call into a plugin runs in a worker process forked from the
 * appraisal, so a plugin that crashes, aborts, calls exit(), loops, takes
 * all the memory or writes to stdout/stderr loses its worker, not the
 * program. The pool hands jobs to its workers over pipes; the worker writes
 * results into memory shared with the parent (mapped before the fork) and
 * replies with a completion record, written last: a worker that goes away
 * without one is reported as lost, with what it was doing.
 *
 * The parent is single-threaded while it forks (the progress line's thread
 * aside, which never touches what a worker uses). A worker:
 *  - has stdin on /dev/null and stdout and stderr on an in-memory file the
 *    parent reads after each job (at most CS_POOL_OUTPUT_MAX bytes are
 *    kept per job; writes beyond fail);
 *  - has an address-space limit (RLIMIT_AS) of its size at the fork plus
 *    the memory limit; under AddressSanitizer, which reserves terabytes of
 *    address space, the parent instead watches the worker's private
 *    resident memory and stops it above the limit;
 *  - marks each plugin call (cs_pool_enter/cs_pool_leave) in a status block
 *    the parent reads: the call's start time for the timeout, and which
 *    call it was for the message;
 *  - dies with the parent (PR_SET_PDEATHSIG).
 */
#ifndef CS_POOL_H
#define CS_POOL_H

#include <stddef.h>
#include <stdint.h>

#define CS_POOL_OUTPUT_MAX (64 * 1024)

/* What a job asks a worker to do. */
typedef enum cs_job_kind {
    CS_JOB_INIT = 0,       /* init() then fini(): metrics, a check */
    CS_JOB_CONSORTIA = 1,  /* consortium() for distinct consortia lo..hi-1 */
    CS_JOB_OPTION = 2      /* option() (or the host's aggregation) for lo */
} cs_job_kind;

typedef struct cs_job {
    int kind;              /* cs_job_kind; -1: stop (the pool's) */
    size_t crit;
    size_t lo, hi;
    size_t seq;            /* the caller's number for the job */
} cs_job;

/* The plugin call a worker is in (cs_pool_enter). */
typedef enum cs_call_phase {
    CS_PHASE_NONE = 0,
    CS_PHASE_INIT = 1,
    CS_PHASE_CONSORTIUM = 2,
    CS_PHASE_OPTION = 3,
    CS_PHASE_FINI = 4
} cs_call_phase;

typedef struct cs_where {
    int phase;             /* cs_call_phase; NONE: between calls */
    size_t crit, index;    /* criterion; consortium or option */
} cs_where;

/* A growing byte buffer for replies. */
typedef struct cs_buf {
    char *data;
    size_t len, cap;
    int oom;
} cs_buf;

void cs_buf_put(cs_buf *b, const void *p, size_t n);
void cs_buf_str(cs_buf *b, const char *s);       /* with its '\0' */
void cs_buf_size(cs_buf *b, size_t v);

/* Reading what cs_buf_* wrote; a short buffer gives 0 / "". */
typedef struct cs_rd {
    const char *p;
    size_t left;
} cs_rd;
size_t cs_rd_size(cs_rd *r);
const char *cs_rd_str(cs_rd *r);

typedef struct cs_pool_ops {
    void *ctx;
    /* Parent: the next job ready to run. 1: *job filled; 0: none ready
     * until a running one finishes; -1: no more will come. */
    int (*next)(void *ctx, cs_job *job);
    /* Worker: runs the job, its reply in `reply`. */
    void (*run)(void *ctx, const cs_job *job, cs_buf *reply);
    /* Worker: before it exits (every fini()). */
    void (*finish)(void *ctx);
    /* Parent: a job finished; its reply and what the worker wrote to
     * stdout/stderr meanwhile. */
    void (*done)(void *ctx, const cs_job *job, const char *reply, size_t len,
                 const char *output);
    /* Parent: a worker was lost: during `job` (NULL: while finishing),
     * in the call `where`; why in words ("crashed: signal 11
     * (Segmentation fault)"). */
    void (*lost)(void *ctx, const cs_job *job, const cs_where *where,
                 const char *why, const char *output);
} cs_pool_ops;

typedef struct cs_pool_cfg {
    unsigned workers;      /* worker processes, >= 1 */
    double timeout;        /* seconds one plugin call may take */
    size_t memory_mb;      /* a worker's memory beyond its size at the fork */
} cs_pool_cfg;

/* Runs every job `ops->next` gives on the workers, then stops them.
 * Returns 0, or -1 with the reason in err when the pool itself could not
 * run (no process, no pipe). */
int cs_pool_run(const cs_pool_cfg *cfg, const cs_pool_ops *ops, char *err,
                size_t errlen);

/* Worker side: marks the start and the end of a plugin call. */
void cs_pool_enter(int phase, size_t crit, size_t index);
void cs_pool_leave(void);

#endif /* CS_POOL_H */
